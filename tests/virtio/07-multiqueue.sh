#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Multiqueue (VIRTIO_NET_F_MQ): two queue pairs, chosen by virtio_net over
# the control queue; traffic crosses on both.

source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/common.sh"

vnet_setup qps=2
vnet_pair_up vnA vnB

check_eq "ethtool -l shows 2 combined channels" 2 \
	"$(ip netns exec vnA ethtool -l "$NA" | sed -n 's/^Combined:\s*//p' | tail -n 1)"
check_eq "virtio_net enabled both pairs over the control queue" 2/2 \
	"$(vnet_state "$UA" queue_pairs)"
check_ok "ping across" ip netns exec vnA ping -c 3 -i 0.2 -W 5 10.77.0.2
check_ok "one queue pair" ip netns exec vnA ethtool -L "$NA" combined 1
check_eq "the device uses one pair" 1/2 "$(vnet_state "$UA" queue_pairs)"
check_ok "ping across with one pair" \
	ip netns exec vnA ping -c 3 -i 0.2 -W 5 10.77.0.2
check_ok "two pairs again" ip netns exec vnA ethtool -L "$NA" combined 2
check_eq "no ring error was counted" 0 "$(vnet_state "$UA" ring_errors)"
