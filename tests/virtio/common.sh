# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# Helpers of the virtio class tests, sourced after ../lib.sh. The devices
# come from the test parent sfnic_vnet_pair (tests/virtio/modules): virtio
# class mdevc devices run by the sfnic model's virtio-net engine, wired in
# pairs (slot 0 <-> 1, 2 <-> 3...). The bridge mdevc_virtio is loaded by
# udev from the devices' MODALIAS, virtio_net by the virtio bus.

PAIR=/sys/class/mdevc_bus/sfnic_vnet_pair
T_VNET=$PAIR/mdev_supported_types/sfnic_vnet_pair-vnet
MDEVC_DEVS=/sys/bus/mdevc/devices
VNET_DBG=/sys/kernel/debug/sfnic_vnet_pair

# Every device of the pair parent removed, the modules unloaded.
vnet_unload_all()
{
	local d

	for d in "$T_VNET"/devices/*; do
		[ -e "$d" ] && echo 1 > "$d/remove"
	done
	udevadm settle 2>/dev/null
	modprobe -r sfnic_vnet_pair 2>/dev/null
	modprobe -r mdevc_virtio 2>/dev/null
	! mod_loaded sfnic_vnet_pair
}

# vnet_setup [PARAM=VALUE...]: load the pair parent.
vnet_setup()
{
	mountpoint -q /sys/kernel/debug ||
		mount -t debugfs none /sys/kernel/debug
	vnet_unload_all || fail "sfnic_vnet_pair is in use before the test"
	defer vnet_unload_all
	load_mod sfnic_vnet_pair "$@"
	[ -d "$T_VNET" ] || fail "the pair parent has no virtio-net type"
}

new_uuid()
{
	cat /proc/sys/kernel/random/uuid
}

# vnet_create: create a device, print its UUID.
vnet_create()
{
	local u

	u=$(new_uuid)
	sysfs_write "$T_VNET/create" "$u" >&2 || return 1
	echo "$u"
}

# vnet_virtio UUID: the virtio device of the mdevc device (e.g. virtio3).
vnet_virtio()
{
	local v

	for v in "$MDEVC_DEVS/$1"/virtio*; do
		[ -e "$v" ] && basename "$v" && return 0
	done
	return 1
}

__vnet_has_netdev()
{
	ls "$MDEVC_DEVS/$1"/virtio*/net/ >/dev/null 2>&1
}

# vnet_netdev UUID: wait for the device's netdev and print its name.
vnet_netdev()
{
	wait_for 20 __vnet_has_netdev "$1" || return 1
	basename "$(ls -d "$MDEVC_DEVS/$1"/virtio*/net/* | head -n 1)"
}

# vnet_pair_up NS_A NS_B: two devices, one per new netns, addressed
# 10.77.0.1 and .2 and up. Sets UA, UB (UUIDs), NA, NB (netdevs).
vnet_pair_up()
{
	UA=$(vnet_create) || fail "create device A"
	UB=$(vnet_create) || fail "create device B"
	NA=$(vnet_netdev "$UA") || fail "device A has no netdev"
	NB=$(vnet_netdev "$UB") || fail "device B has no netdev"
	ip netns add "$1" || fail "netns $1"
	defer ip netns del "$1"
	ip netns add "$2" || fail "netns $2"
	defer ip netns del "$2"
	ip link set "$NA" netns "$1" || fail "move $NA"
	ip link set "$NB" netns "$2" || fail "move $NB"
	ip -n "$1" addr add 10.77.0.1/24 dev "$NA"
	ip -n "$2" addr add 10.77.0.2/24 dev "$NB"
	ip -n "$1" link set "$NA" up
	ip -n "$2" link set "$NB" up
}

# vnet_state UUID KEY: a value of the engine's debugfs state file.
vnet_state()
{
	sed -n "s/^$2: //p" "$VNET_DBG/$1/state"
}
