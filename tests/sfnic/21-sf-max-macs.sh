#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# max_macs bounds the unicast addresses an SF's netdev programs into the
# NIC, its own first: with room, a macvlan on the SF receives its frames;
# with max_macs 1 the macvlan's address is left out, with mlx5e's
# warning, and the NIC filters the frames sent to it; promiscuous mode
# lets everything in again.
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/common.sh"

sfnic_setup
defer_try ip netns del sfmvh
defer_try ip netns del sfmvm
switchdev
port=$(sf_add 6)
check_ok "hw_addr" devlink port function set "$port" hw_addr 02:00:00:00:00:06
check_ok "SF active" sf_activate "$port"
dl=$(sf_dl 6)
rep=$(port_field "$port" netdev)
vport=0x8000

# The far side: the representor, with an address, in its own namespace.
ip netns add sfmvh
ip netns add sfmvm
ip link set "$rep" netns sfmvh || fail "representor to sfmvh"
ip -n sfmvh addr add 10.11.0.1/24 dev "$rep"
ip -n sfmvh link set "$rep" up

# macvlan_up: a macvlan with its own MAC on the SF netdev, in sfmvm.
macvlan_up()
{
	macvlan_in "$(sf_netdev 6)" sfmv0 02:00:00:00:aa:06 sfmvm 10.11.0.2/24
}

ping_mv()
{
	ip netns exec sfmvh ping -c 2 -i 0.3 -W 2 10.11.0.2
}

check_ok "a macvlan on the SF" macvlan_up
check_ok "the SF filters unicast itself (no promiscuous mode)" \
	sh -c "! ip link show $(sf_netdev 6) | grep -q PROMISC"
check_ok "the NIC has both addresses" \
	wait_for 10 sh -c "grep -q 'uc 2 02:00:00:00:00:06,02:00:00:00:aa:06' $VPORTS"
check_ok "the macvlan gets its frames" ping_mv

mark="sfnic-21-max-macs-$$"
echo "$mark" > /dev/kmsg
check_ok "max_macs 1" param_set "$dl" max_macs 1
check_ok "reload" devlink dev reload "$dl"
check_ok "the macvlan went with the old netdev" \
	sh -c "! ip -n sfmvm link show sfmv0 2>/dev/null"
check_ok "a macvlan on the new netdev" macvlan_up
check_ok "the NIC has the SF's own address only" \
	wait_for 10 sh -c "grep -q 'uc 1 02:00:00:00:00:06 ' $VPORTS"
check_ok "with mlx5e's warning" wait_for 10 sh -c \
	"dmesg | sed -n '/$mark/,\$p' | grep -q 'netdev UC list size (2) > (1) max vport list size, some addresses will be dropped'"
filtered=$(vport_field $vport rx_filtered)
check_fail "the macvlan's frames are not delivered" ping_mv
check_ok "the NIC filtered them" \
	test "$(vport_field $vport rx_filtered)" -gt "$filtered"

check_ok "promiscuous SF netdev" ip link set "$(sf_netdev 6)" promisc on
check_ok "the NIC's filter lets everything in" \
	wait_for 10 sh -c "grep -q 'rx_filter promisc' $VPORTS"
check_ok "the macvlan gets its frames again" ping_mv
check_ok "promiscuous off" ip link set "$(sf_netdev 6)" promisc off
check_ok "filtering again" wait_for 10 sh -c "grep -q 'rx_filter on uc 1 ' $VPORTS"

check_ok "max_macs 2" param_set "$dl" max_macs 2
check_ok "reload" devlink dev reload "$dl"
check_ok "a macvlan on the new netdev" macvlan_up
check_ok "the NIC has both addresses" \
	wait_for 10 sh -c "grep -q 'uc 2 02:00:00:00:00:06,02:00:00:00:aa:06' $VPORTS"
check_ok "the macvlan gets its frames" ping_mv

check_ok "port del" devlink port del "$port"
check_ok "its device goes" wait_for 30 test ! -e "$SYSDEV/sf6"
