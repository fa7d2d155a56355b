#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# TCP throughput between a sfnic virtio-net function (virtio_net over the
# mdevc virtio bridge and the model's virtio-net engine) and its
# representor, both ways, beside a veth pair measured in the same run; for
# a function of each virtio type (one queue pair, the default, and two).
source "$(dirname "$0")/lib.sh"

ID=${ID:-0}
DEV=sfnic/sfnic$ID
TYPES=/sys/class/mdevc_bus/sfnic$ID/mdev_supported_types

# vn_bench TYPE NS_F NS_R NET LABEL: a function of mdev type TYPE, its
# netdev in NS_F at NET.1, its representor in NS_R at NET.2, both ways.
vn_bench()
{
	local u vn port rep

	u=$(cat /proc/sys/kernel/random/uuid)
	echo "$u" > "$TYPES/$1/create" || fail "$1: cannot create a function"
	wait_for 20 sh -c "ls /sys/bus/mdevc/devices/$u/virtio*/net/" ||
		fail "$1: the function has no netdev"
	vn=$(basename "$(ls -d "/sys/bus/mdevc/devices/$u"/virtio*/net/*)")
	port=$(cat "/sys/bus/mdevc/devices/$u/devlink_port")
	rep=$(devlink -j port show "$port" | jq -r ".port[\"$port\"].netdev")
	netns_pair "$2" "$3" || fail "netns"
	ip link set "$vn" netns "$2"
	ip link set "$rep" netns "$3"
	ip -n "$2" addr add "$4.1/24" dev "$vn"
	ip -n "$3" addr add "$4.2/24" dev "$rep"
	ip -n "$2" link set "$vn" up
	ip -n "$3" link set "$rep" up
	wait_for 10 ip netns exec "$2" ping -c 1 -W 1 "$4.2" ||
		fail "$1: the function cannot reach its representor"
	bench_pair "$5 -> rep" tcp "$3 $4.2 $2" "bnB 10.99.0.2 bnA"
	report_tcp "$5 -> representor" "veth pair"
	bench_pair "rep -> $5" tcp "$2 $4.1 $3" "bnA 10.99.0.1 bnB"
	report_tcp "representor -> $5" "veth pair"
}

veth_peer bnA bnB 10.99.0.1 10.99.0.2 || fail "cannot set up the veth pair"
load_mod sfnic
defer stack_unload
echo "$ID" > /sys/bus/sfnic/new_device || fail "new_device"
defer "echo $ID > /sys/bus/sfnic/del_device"
devlink dev eswitch set "$DEV" mode switchdev || fail "switchdev mode"
vn_bench sfnic-virtio_net bvA bvR 10.98.0 "virtio-net function"
vn_bench sfnic-virtio_net_mq bmA bmR 10.97.0 "virtio-net mq function"
