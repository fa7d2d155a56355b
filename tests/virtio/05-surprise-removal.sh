#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Removing a device, or its whole parent, while virtio_net is up and
# traffic flows: the netdev goes away cleanly (no warning, no leak), the
# pair keeps working, the slot can be used again.

source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/common.sh"

vnet_setup
vnet_pair_up vnA vnB

ip netns exec vnA ping -f -W 1 10.77.0.2 >/dev/null 2>&1 &
flood=$!
defer_try kill $flood
ip netns exec vnB ping -f -W 1 10.77.0.1 >/dev/null 2>&1 &
defer_try kill $!
sleep 2
check_ok "device B removed while up and flooded" \
	sysfs_write "$MDEVC_DEVS/$UB/remove" 1
check_fail "its netdev is gone" ip -n vnB link show "$NB"
check_fail "its mdevc device is gone" test -e "$MDEVC_DEVS/$UB"
kill $flood 2>/dev/null
check_ok "device A's netdev is still there" ip -n vnA link show "$NA"

UB=$(vnet_create) || fail "create a new device B"
check_eq "it takes the free slot" 1 "$(cat "$MDEVC_DEVS/$UB/slot")"
NB=$(vnet_netdev "$UB") || fail "the new device B has no netdev"
ip link set "$NB" netns vnB
ip -n vnB addr add 10.77.0.2/24 dev "$NB"
ip -n vnB link set "$NB" up
check_ok "ping A -> new B" ip netns exec vnA ping -c 3 -i 0.2 -W 5 10.77.0.2

ip netns exec vnA ping -f -W 1 10.77.0.2 >/dev/null 2>&1 &
defer_try kill $!
sleep 2
check_ok "the parent goes away with both devices up and flooded" \
	modprobe -r sfnic_vnet_pair
check_fail "A's netdev is gone" ip -n vnA link show "$NA"
check_fail "B's netdev is gone" ip -n vnB link show "$NB"
