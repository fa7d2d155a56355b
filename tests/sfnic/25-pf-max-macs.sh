#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# max_macs of the NIC's instance bounds the unicast addresses the PF
# netdev programs into the NIC in legacy mode, as for an SF: a macvlan on
# the PF receives frames from the physical port while there is room for
# its address, and no longer with max_macs 1.
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/common.sh"

sfnic_setup
defer_try ip netns del sfpmf
defer_try ip netns del sfpmm
defer_try ip link del sfpmh
uplink=$DEV/65535

# A host behind the physical port.
ip link add sfpmh type veth peer name sfpmp || fail "veth"
ip link set sfpmh up
check_ok "plug the physical port into sfpmh" sysfs_write "$SYSDEV/phys_port" sfpmh
ip netns add sfpmf
ip link set sfpmp netns sfpmf
ip -n sfpmf addr add 10.13.0.1/24 dev sfpmp
ip -n sfpmf link set sfpmp up
ip netns add sfpmm

macvlan_up()
{
	macvlan_in "$(port_field "$uplink" netdev)" sfpmv 02:00:00:00:bb:01 \
		sfpmm 10.13.0.2/24
}

ping_mv()
{
	ip netns exec sfpmf ping -c 2 -i 0.3 -W 2 10.13.0.2
}

check_ok "a macvlan on the PF netdev" macvlan_up
check_ok "the NIC has both addresses" \
	wait_for 10 sh -c "grep '^vport 0x0 ' $VPORTS | grep -q 'uc 2 .*02:00:00:00:bb:01'"
check_ok "the macvlan gets frames from the physical port" ping_mv

check_ok "max_macs 1" param_set "$DEV" max_macs 1
check_ok "reload" devlink dev reload "$DEV"
check_ok "a macvlan on the new PF netdev" macvlan_up
check_ok "the NIC has the PF's own address only" \
	wait_for 10 sh -c "grep '^vport 0x0 ' $VPORTS | grep -q 'uc 1 '"
check_fail "the macvlan's frames are not delivered" ping_mv

# In switchdev mode the PF netdev is the uplink representor: no filter
# there; back in legacy mode its filter is programmed again.
check_ok "max_macs 2" param_set "$DEV" max_macs 2
check_ok "reload" devlink dev reload "$DEV"
check_ok "switchdev mode" devlink dev eswitch set "$DEV" mode switchdev
check_ok "a macvlan on the uplink representor" macvlan_up
check_ok "legacy mode" devlink dev eswitch set "$DEV" mode legacy
check_ok "the NIC has both addresses" \
	wait_for 10 sh -c "grep '^vport 0x0 ' $VPORTS | grep -q 'uc 2 .*02:00:00:00:bb:01'"
check_ok "the macvlan gets its frames" ping_mv
