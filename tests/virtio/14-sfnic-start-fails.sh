#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# A virtio-net function whose device cannot start (the NIC refuses its
# queues when virtio_net sets DRIVER_OK) sets NEEDS_RESET: virtio_net's
# probe, which then sends control commands and waits for them, must not
# wait forever (6.1's virtnet_send_command spins until the command
# completes or its queue is broken: found by sfnic/30-stress as an RCU
# stall). The function is bound, its driver sees a dead device, and it
# can be removed; a function made afterwards works.

source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/../sfnic/common.sh"
source "$(dirname "$0")/common.sh"

VN_TYPE=/sys/class/mdevc_bus/sfnic$ID/mdev_supported_types/sfnic-virtio_net

mountpoint -q /sys/kernel/debug || mount -t debugfs none /sys/kernel/debug
sfnic_setup
switchdev

klog=$(dmesg | wc -l)
# The function's first queue is refused: its start fails at DRIVER_OK.
inject queue_create 1 5
U=$(new_uuid)
check_ok "create a virtio-net function" sysfs_write "$VN_TYPE/create" "$U"
defer "[ ! -e $MDEVC_DEVS/$U ] || echo 1 > $MDEVC_DEVS/$U/remove"
check_ok "the queue_create fault was used" \
	wait_for 20 grep -qx 0 "$FAIL_DIR/queue_create/count"
check_ok "virtio_net's probe ends: the function is bound" \
	wait_for 30 sh -c "readlink $MDEVC_DEVS/$U/virtio*/driver | grep -q virtio_net"
check_ok "the kernel says the device needs a reset" \
	wait_for 10 sh -c "dmesg | tail -n +$((klog + 1)) |
		grep -q 'device needs reset: its queues are broken'"
check_ok "the dead function is removed promptly" \
	timeout 30 sh -c "echo 1 > $MDEVC_DEVS/$U/remove"
check_ok "and is gone" wait_for 10 test ! -e "$MDEVC_DEVS/$U"

V=$(new_uuid)
check_ok "a new virtio-net function" sysfs_write "$VN_TYPE/create" "$V"
defer "[ ! -e $MDEVC_DEVS/$V ] || echo 1 > $MDEVC_DEVS/$V/remove"
N=$(vnet_netdev "$V") || fail "the new function has no netdev"
rv=$(port_field "$(cat "$MDEVC_DEVS/$V/devlink_port")" netdev)
check_ok "its representor is up" ip link set "$rv" up
check_ok "its netdev comes up" ip link set "$N" up
check_ok "and carries frames to the representor (queues not broken)" \
	wait_for 20 sh -c "ping -6 -c 1 -w 1 -I $N ff02::1 >/dev/null 2>&1;
		[ \$(cat /sys/class/net/$rv/statistics/rx_packets) -gt 0 ]"
