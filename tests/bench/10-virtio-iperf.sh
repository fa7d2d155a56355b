#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# TCP throughput between a sfnic virtio-net function (virtio_net over the
# mdevc virtio bridge and the model's virtio-net engine) and its
# representor, both ways, beside a veth pair measured in the same run.
source "$(dirname "$0")/lib.sh"

ID=${ID:-0}
DEV=sfnic/sfnic$ID
VN_TYPE=/sys/class/mdevc_bus/sfnic$ID/mdev_supported_types/sfnic-virtio_net

veth_peer bnA bnB 10.99.0.1 10.99.0.2 || fail "cannot set up the veth pair"

load_mod sfnic
defer stack_unload
echo "$ID" > /sys/bus/sfnic/new_device || fail "new_device"
defer "echo $ID > /sys/bus/sfnic/del_device"
devlink dev eswitch set "$DEV" mode switchdev || fail "switchdev mode"
u=$(cat /proc/sys/kernel/random/uuid)
echo "$u" > "$VN_TYPE/create" || fail "cannot create a virtio-net function"
wait_for 20 sh -c "ls /sys/bus/mdevc/devices/$u/virtio*/net/" ||
	fail "the virtio-net function has no netdev"
vn=$(basename "$(ls -d "/sys/bus/mdevc/devices/$u"/virtio*/net/*)")
port=$(cat "/sys/bus/mdevc/devices/$u/devlink_port")
rep=$(devlink -j port show "$port" | jq -r ".port[\"$port\"].netdev")

netns_pair bvA bvR || fail "netns"
ip link set "$vn" netns bvA
ip link set "$rep" netns bvR
ip -n bvA addr add 10.98.0.1/24 dev "$vn"
ip -n bvR addr add 10.98.0.2/24 dev "$rep"
ip -n bvA link set "$vn" up
ip -n bvR link set "$rep" up
wait_for 10 ip netns exec bvA ping -c 1 -W 1 10.98.0.2 ||
	fail "the function cannot reach its representor"

bench_pair "virtio-net function -> rep" tcp "bvR 10.98.0.2 bvA" \
	"bnB 10.99.0.2 bnA"
report_tcp "virtio-net function -> representor" "veth pair"
bench_pair "rep -> virtio-net function" tcp "bvA 10.98.0.1 bvR" \
	"bnA 10.99.0.1 bnB"
report_tcp "representor -> virtio-net function" "veth pair"
