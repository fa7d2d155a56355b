#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# devlink dev reload mdevc/<uuid> netns NS moves the SF's instance and its
# netdev into NS, where the SF works; deleting NS brings both back to the
# initial namespace (devlink's core reloads the instance). An SF whose
# instance is in a namespace is deactivated and deleted as usual.
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/common.sh"

sfnic_setup
defer_try ip netns del sfrl1
defer_try ip netns del sfrl2
defer_try ip netns del sfrlh
switchdev
port=$(sf_add 8)
check_ok "hw_addr" devlink port function set "$port" hw_addr 02:00:00:00:00:08
check_ok "SF active" sf_activate "$port"
dl=$(sf_dl 8)
rep=$(port_field "$port" netdev)
# The far side: the representor, in a namespace of its own.
ip netns add sfrlh
ip link set "$rep" netns sfrlh || fail "representor to sfrlh"
ip -n sfrlh addr add 10.12.0.1/24 dev "$rep"
ip -n sfrlh link set "$rep" up

ip netns add sfrl1
check_ok "reload into sfrl1" devlink dev reload "$dl" netns sfrl1
check_fail "the instance left the initial namespace" devlink dev show "$dl"
check_ok "it is in sfrl1" ip netns exec sfrl1 devlink dev show "$dl"
check_eq "no SF netdev left in the initial namespace" "" "$(sf_netdev 8)"
nd=$(ip netns exec sfrl1 devlink -j port show "$dl/32768" |
     jq -r ".port[\"$dl/32768\"].netdev // empty")
check_ok "its netdev is in sfrl1 ($nd), on the instance's port" test -n "$nd"
check_eq "with the function's MAC" 02:00:00:00:00:08 \
	"$(ip netns exec sfrl1 cat "/sys/class/net/$nd/address")"
check_ok "params are there too" \
	sh -c "ip netns exec sfrl1 devlink dev param show $dl name max_macs | grep -q 128"
ip -n sfrl1 addr add 10.12.0.2/24 dev "$nd"
ip -n sfrl1 link set "$nd" up
check_ok "the SF works in sfrl1" \
	ip netns exec sfrl1 ping -c 2 -i 0.3 -W 2 10.12.0.1
check_eq "one reload counted" 1 \
	"$(ip netns exec sfrl1 devlink -j -s dev show "$dl" |
	   jq -r '.dev[].stats.reload.driver_reinit.unspecified')"

check_ok "delete sfrl1" ip netns del sfrl1
check_ok "the instance is back in the initial namespace" \
	wait_for 30 devlink dev show "$dl"
check_ok "and so is its netdev" wait_for 30 sh -c "[ -n \"\$(ls $SYSDEV/sf8/net 2>/dev/null)\" ]"
check_eq "on the instance's port" "$(sf_netdev 8)" "$(port_field "$dl/32768" netdev)"
check_eq "the core's reload counted" 2 "$(reloads "$dl")"
nd=$(sf_netdev 8)
ip addr add 10.12.0.2/24 dev "$nd"
ip link set "$nd" up
check_ok "the SF works in the initial namespace" \
	ping -c 2 -i 0.3 -W 2 10.12.0.1

# Deactivated and deleted while its instance is in a namespace.
ip netns add sfrl2
check_ok "reload into sfrl2" devlink dev reload "$dl" netns sfrl2
nd=$(ip netns exec sfrl2 devlink -j port show "$dl/32768" |
     jq -r ".port[\"$dl/32768\"].netdev // empty")
check_ok "its netdev is in sfrl2 ($nd)" ip -n sfrl2 link show "$nd"
check_ok "state inactive" devlink port function set "$port" state inactive
check_ok "the function is released" wait_for 30 fn_is "$port" inactive detached
check_ok "the instance is gone from sfrl2" \
	wait_for 30 sh -c "! ip netns exec sfrl2 devlink dev show $dl"
check_fail "and its netdev" ip -n sfrl2 link show "$nd"
check_ok "active again: a new instance, in the initial namespace" sf_activate "$port"
dl=$(sf_dl 8)
check_ok "its instance" devlink dev show "$dl"
check_ok "reload into sfrl2" devlink dev reload "$dl" netns sfrl2
check_ok "port del" devlink port del "$port"
check_ok "its device goes" wait_for 30 test ! -e "$SYSDEV/sf8"
check_ok "nothing left in sfrl2" \
	sh -c "[ -z \"\$(ip netns exec sfrl2 devlink dev show)\" ]"
