#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# iperf3 for 30 s between a sfnic virtio-net function (in a netns) and its
# representor: TCP at full speed through virtio_net, the bridge, the
# engine and the model's eswitch, with no kernel warning and no ring error.

source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/../sfnic/common.sh"
source "$(dirname "$0")/common.sh"

VN_TYPE=/sys/class/mdevc_bus/sfnic$ID/mdev_supported_types/sfnic-virtio_net
SECS=${IPERF_SECS:-30}

mountpoint -q /sys/kernel/debug || mount -t debugfs none /sys/kernel/debug
sfnic_setup
defer ip netns del vfns1
switchdev
U=$(new_uuid)
check_ok "create a virtio-net function" sysfs_write "$VN_TYPE/create" "$U"
V=$(vnet_netdev "$U") || fail "the function has no netdev"
rv=$(port_field "$(cat "$MDEVC_DEVS/$U/devlink_port")" netdev)
ip netns add vfns1
ip link set "$V" netns vfns1
ip -n vfns1 addr add 203.0.113.1/24 dev "$V"
ip -n vfns1 link set "$V" up
ip addr add 203.0.113.2/24 dev "$rv"
ip link set "$rv" up
check_ok "ping the representor" wait_for 10 \
	ip netns exec vfns1 ping -c 1 -W 1 203.0.113.2

iperf3 -s -1 -B 203.0.113.2 >/dev/null 2>&1 &
srv=$!
defer_try kill $srv
wait_for 10 sh -c "ss -ltn | grep -q ':5201 '"
out=$(ip netns exec vfns1 iperf3 -c 203.0.113.2 -t "$SECS" -J 2>&1)
check_ok "iperf3 ran for ${SECS}s" test $? -eq 0
gbps=$(python3 -c 'import json,sys
d = json.loads(sys.stdin.read())
print("%.3f" % (d["end"]["sum_received"]["bits_per_second"] / 1e9))' \
	<<<"$out" 2>/dev/null)
log "virtio-net function -> representor: $gbps Gbit/s"
check_ok "data went through" awk -v g="$gbps" 'BEGIN { exit !(g > 0) }'
check_eq "no ring error was counted" 0 "$(sed -n 's/^ring_errors: //p' \
	"/sys/kernel/debug/sfnic/sfnic$ID/$U/state")"
