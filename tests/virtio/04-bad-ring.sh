#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# A misbehaving driver: the engine's injector (debugfs) plays one on a
# device virtio_net let go of, with each kind of malformed ring. The device
# must refuse every one with a counted error and the NEEDS_RESET status,
# never crash or touch memory out of bounds; a reset recovers it.

source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/common.sh"

vnet_setup
vnet_pair_up vnA vnB
check_ok "ping before" ip netns exec vnA ping -c 2 -i 0.2 -W 5 10.77.0.2

V=$(vnet_virtio "$UA")
INJ=$VNET_DBG/$UA/inject
check_err "the injector refuses a device a driver uses" \
	"Device or resource busy" sysfs_write "$INJ" loop
check_ok "virtio_net lets go of the device" \
	sysfs_write /sys/bus/virtio/drivers/virtio_net/unbind "$V"
check_err "an unknown kind is refused" "Invalid argument" \
	sysfs_write "$INJ" nonsense

check_ok "a well-formed chain is sent" sysfs_write "$INJ" good
check_eq "... without any error" 0 "$(vnet_state "$UA" ring_errors)"
check_eq "... and the device keeps running" 1 "$(vnet_state "$UA" running)"

declare -A why=(
	[loop]="descriptor chain loops"
	[oob_head]="head index out of range"
	[oob_next]="next index out of range"
	[avail_jump]="available index beyond queue size"
	[bad_len]="descriptor length out of range"
	[oob_addr]="buffer address out of range"
	[indirect]="indirect descriptor not offered"
	[tx_write]="descriptor direction misused"
	[rx_readonly]="descriptor direction misused"
)
n=0
for kind in loop oob_head oob_next avail_jump bad_len oob_addr indirect \
	    tx_write rx_readonly; do
	n=$((n + 1))
	check_ok "inject: $kind" sysfs_write "$INJ" "$kind"
	check_eq "$kind: the error is counted" "$n" \
		"$(vnet_state "$UA" ring_errors)"
	check_eq "$kind: the reason is known" "${why[$kind]}" \
		"$(vnet_state "$UA" last_error | sed 's/ (queue.*//')"
	check_eq "$kind: the device needs a reset" "0x4f needs_reset" \
		"$(vnet_state "$UA" status)"
	check_eq "$kind: virtio sees NEEDS_RESET in the status" 0x0000004f \
		"$(cat /sys/bus/virtio/devices/$V/status)"
	check_eq "$kind: the queues are stopped" 0 \
		"$(vnet_state "$UA" running)"
done

check_ok "the injector gives the device back" sysfs_write "$INJ" release
check_eq "the reset cleared the status" 0x00000001 \
	"$(cat /sys/bus/virtio/devices/$V/status)"
check_ok "virtio_net binds the device again" \
	sysfs_write /sys/bus/virtio/drivers/virtio_net/bind "$V"
NA=$(vnet_netdev "$UA") || fail "no netdev after rebinding"
ip link set "$NA" netns vnA
ip -n vnA addr add 10.77.0.1/24 dev "$NA"
ip -n vnA link set "$NA" up
check_ok "ping works after the reset" \
	ip netns exec vnA ping -c 3 -i 0.2 -W 5 10.77.0.2
