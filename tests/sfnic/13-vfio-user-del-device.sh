#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# del_device of a NIC whose vfio function a VFIO user holds: the kernel
# asks the user for the device through the function's request IRQ, as
# vfio-pci does. A user that obeys lets del_device complete at once. One
# that ignores the request delays only that NIC's removal, until it lets
# go: meanwhile other NICs are made, managed and removed as usual.
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/common.sh"
source "$(dirname "$0")/../vfio/vfio-lib.sh"

VF_TYPE=/sys/class/mdevc_bus/sfnic$ID/mdev_supported_types/sfnic-virtio_net_vfio
MDEVC_DEVS=/sys/bus/mdevc/devices
ID2=$((ID + 1))

[ -x "$VFIO_CLIENT" ] || fail "no $VFIO_CLIENT: run make first"
load_mod vfio_iommu_type1
sfnic_setup
log=$(mktemp)
tmp=$(mktemp -d)
defer "rm -rf $log $tmp"

# bg_write FILE VALUE TAG: echo VALUE > FILE in the background; $tmp/TAG
# appears when the write returned.
bg_write()
{
	( echo "$2" > "$1"; touch "$tmp/$3" 2>/dev/null ) &
}

# vfio_fn_held MODE: a vfio function of sfnic$ID held by a client in MODE;
# sets dev and holder.
vfio_fn_held()
{
	local u

	switchdev
	u=$(cat /proc/sys/kernel/random/uuid)
	dev=$MDEVC_DEVS/$u
	sysfs_write "$VF_TYPE/create" "$u" || fail "create a vfio function"
	wait_for 60 test -e "$dev/iommu_group" || fail "no IOMMU group"
	"$VFIO_CLIENT" "$dev" "$1" > "$log" 2>&1 &
	holder=$!
	defer_try "kill $holder"
	wait_for 20 grep -q "holding" "$log" ||
		fail "the user did not open the device"
}

vfio_fn_held hold
check_ok "del_device with a user that obeys the request completes" \
	timeout 60 sh -c "echo $ID > $SFNIC_BUS/del_device"
wait "$holder"
rc=$?
sed 's/^/    | /' "$log"
check_eq "the user was asked for the device and released it" 0 "$rc"
check_ok "the NIC is gone" test ! -e "$SYSDEV"
check_ok "with its function" test ! -e "$dev"

check_ok "new_device again" sysfs_write "$SFNIC_BUS/new_device" "$ID"
vfio_fn_held hold-deaf
bg_write "$SFNIC_BUS/del_device" "$ID" del0
check_ok "the deaf user is asked for the device" \
	wait_for 30 grep -q "request 1 ignored" "$log"
check_ok "del_device waits for it" test ! -e "$tmp/del0"

# Other NICs are not held up: new_device, devlink, del_device.
bg_write "$SFNIC_BUS/new_device" "$ID2" new1
check_ok "new_device of another NIC completes meanwhile" \
	wait_for 30 test -e "$tmp/new1"
defer "[ ! -e $SFNIC_BUS/devices/sfnic$ID2 ] ||
	echo $ID2 > $SFNIC_BUS/del_device"
check_ok "that NIC is managed through devlink" \
	timeout 30 devlink dev eswitch set "sfnic/sfnic$ID2" mode switchdev
port=$(timeout 30 devlink port add "sfnic/sfnic$ID2" flavour pcisf pfnum 0 sfnum 5)
check_ok "an SF on it" test -n "$port"
bg_write "$SFNIC_BUS/del_device" "$ID2" del1
check_ok "and del_device of that NIC completes meanwhile" \
	wait_for 30 test -e "$tmp/del1"
check_ok "it is gone" test ! -e "$SFNIC_BUS/devices/sfnic$ID2"
check_ok "the held NIC's del_device still waits" test ! -e "$tmp/del0"

kill "$holder"
check_ok "once the user lets go, del_device completes" \
	wait_for 60 test -e "$tmp/del0"
check_ok "the NIC is gone" test ! -e "$SYSDEV"
check_ok "with its function" test ! -e "$dev"
