#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Creating a virtio class device makes a virtio_net netdev with the MAC of
# the function; its pair answers ping across two network namespaces.

source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/common.sh"

vnet_setup
vnet_pair_up vnA vnB

check_ok "udev loaded the virtio bridge for the device" mod_loaded mdevc_virtio
check_eq "the mdevc device is bound to the bridge" mdevc_virtio \
	"$(basename "$(readlink "$MDEVC_DEVS/$UA/driver")")"
v=$(vnet_virtio "$UA")
check_eq "its virtio device is a network device (id 1)" 0x0001 \
	"$(cat /sys/bus/virtio/devices/$v/device)"
drv=$(ip netns exec vnA ethtool -i "$NA" | sed -n 's/^driver: //p')
check_eq "ethtool -i reports virtio_net" virtio_net "$drv"
bus=$(ip netns exec vnA ethtool -i "$NA" | sed -n 's/^bus-info: //p')
# ethtool's bus-info holds 31 characters of the UUID.
check_eq "ethtool -i bus-info is the mdevc device" "${UA:0:31}" "$bus"
mac=$(ip -n vnA -j link show "$NA" | sed -n 's/.*"address":"\([^"]*\)".*/\1/p')
check_eq "the netdev has the function's MAC" 02:5f:00:00:00:01 "$mac"
mac=$(ip -n vnB -j link show "$NB" | sed -n 's/.*"address":"\([^"]*\)".*/\1/p')
check_eq "its pair has the pair's MAC" 02:5f:00:00:00:02 "$mac"
check_ok "the link is up" wait_for 10 \
	ip netns exec vnA grep -qx 1 "/sys/class/net/$NA/carrier"

check_ok "ping A -> B through the engine" \
	ip netns exec vnA ping -c 3 -i 0.2 -W 5 10.77.0.2
check_ok "ping B -> A through the engine" \
	ip netns exec vnB ping -c 3 -i 0.2 -W 5 10.77.0.1
check_ok "1400-byte pings" \
	ip netns exec vnA ping -c 3 -i 0.2 -s 1400 -M "do" -W 5 10.77.0.2
check_eq "no ring error was counted" 0 "$(vnet_state "$UA" ring_errors)"
