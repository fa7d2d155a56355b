#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The function's MTU (VIRTIO_NET_F_MTU) becomes the netdev's MTU and its
# maximum; jumbo frames cross the pair in several mergeable receive
# buffers (num_buffers > 1).

source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/common.sh"

vnet_setup mtu=9000
vnet_pair_up vnA vnB

check_eq "the netdev's MTU is the function's" 9000 \
	"$(ip netns exec vnA cat /sys/class/net/$NA/mtu)"
check_fail "an MTU above the function's is refused" \
	ip -n vnA link set "$NA" mtu 9001
check_ok "a smaller MTU is accepted" ip -n vnA link set "$NA" mtu 4000
check_ok "and the function's again" ip -n vnA link set "$NA" mtu 9000
check_ok "8900-byte pings, not fragmented, cross the pair" \
	ip netns exec vnA ping -c 3 -i 0.2 -s 8900 -M "do" -W 5 10.77.0.2
check_eq "no frame was dropped for want of buffer room" 0 \
	"$(sed -n 's/^vq0: .*dropped //p' "$VNET_DBG/$UB/state")"
check_eq "no ring error was counted" 0 "$(vnet_state "$UB" ring_errors)"
