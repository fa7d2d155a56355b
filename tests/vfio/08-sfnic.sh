#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The vfio function of sfnic: a virtio-net function of the NIC presented
# to a VFIO user. Created through its mdevc type in switchdev mode, bound
# by the vfio class driver, it is a port of the NIC with a representor like
# every other function, and the VFIO client exchanges frames with that
# representor through the model's eswitch. A vendor class SF, a virtio
# class function and the vfio function live on the one parent at the same
# time, each bound by its own class driver. The engine's ring injector,
# which builds rings in kernel memory, does not exist for the vfio
# function.
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/../sfnic/common.sh"
source "$(dirname "$0")/vfio-lib.sh"

TYPES=/sys/class/mdevc_bus/sfnic$ID/mdev_supported_types
VF_TYPE=$TYPES/sfnic-virtio_net_vfio
VN_TYPE=$TYPES/sfnic-virtio_net
MDEVC_DEVS=/sys/bus/mdevc/devices

[ -x "$VFIO_CLIENT" ] || fail "no $VFIO_CLIENT: run make first"
load_mod vfio_iommu_type1
sfnic_setup
switchdev

check_eq "the vfio type is of the vfio class" vfio-pci \
	"$(cat "$VF_TYPE/device_api")"
U=$(cat /proc/sys/kernel/random/uuid)
check_ok "create a vfio function" sysfs_write "$VF_TYPE/create" "$U"
defer "[ ! -e $MDEVC_DEVS/$U ] || echo 1 > $MDEVC_DEVS/$U/remove"
dev=$MDEVC_DEVS/$U
check_ok "the vfio class driver binds it, VFIO gives it an IOMMU group" \
	wait_for 60 test -e "$dev/iommu_group"
check_eq "bound by mdevc_vfio" mdevc_vfio \
	"$(basename "$(readlink "$dev/driver")")"
vp=$(cat "$dev/devlink_port")
check_eq "its devlink port has the flavour of an SF" pcisf \
	"$(port_field "$vp" flavour)"
rv=$(port_field "$vp" netdev)
check_ok "it has a representor" test -n "$rv"
ip link set "$rv" up

out=$("$VFIO_CLIENT" "$dev" info 2>&1) || { echo "$out"; fail "info"; }
check_ok "the VFIO user sees a virtio-net 1.x PCI function" \
	grep -q "vendor 0x1af4 device 0x1041" <<<"$out"
out=$("$VFIO_CLIENT" "$dev" pingpong "$rv" 2>&1)
rc=$?
echo "$out" | sed 's/^/    | /'
[ $rc -eq 0 ] || fail "vfio-vnet pingpong with $rv"
pass "a frame each way between the VFIO client and the representor $rv"

# The engine's ring injector builds rings in kernel memory: a vfio
# function's rings are the user's, reached by IOVA, so it has none.
mountpoint -q /sys/kernel/debug || mount -t debugfs none /sys/kernel/debug
D=/sys/kernel/debug/sfnic/sfnic$ID/$U
check_ok "the vfio function's engine shows its state in debugfs" \
	test -r "$D/state"
resets=$(sed -n 's/^resets: //p' "$D/state")
check_fail "no ring injection into a vfio function" \
	sysfs_write "$D/inject" good
check_eq "the engine was not touched" "$resets" \
	"$(sed -n 's/^resets: //p' "$D/state")"
check_ok "the vfio function still works" \
	"$VFIO_CLIENT" "$dev" pingpong "$rv"

p1=$(sf_add 1) || fail "devlink port add"
check_ok "an SF beside it" \
	devlink port function set "$p1" hw_addr 02:00:00:00:00:01
check_ok "the SF is active and attached" sf_activate "$p1"
V=$(cat /proc/sys/kernel/random/uuid)
check_ok "and a virtio-net function" sysfs_write "$VN_TYPE/create" "$V"
check_ok "bound by the virtio class driver" \
	wait_for 20 sh -c "readlink $MDEVC_DEVS/$V/driver | grep -q mdevc_virtio"
S=$(sf_mdev 1)
check_ok "the SF is bound by its vendor driver" test -e "$MDEVC_DEVS/$S/driver"
check_eq "devlink lists the uplink and the three functions" 4 \
	"$(ports_of "$DEV")"
for u in "$U" "$V" "$S"; do
	check_eq "$u is on the one parent" "sfnic$ID" \
		"$(basename "$(readlink -f "$MDEVC_DEVS/$u/..")")"
done
check_ok "the vfio function still works beside them" \
	"$VFIO_CLIENT" "$dev" pingpong "$rv"

check_ok "remove the vfio function" sysfs_write "$dev/remove" 1
check_eq "its port is gone, the others stay" 3 "$(ports_of "$DEV")"
check_ok "another vfio function" \
	sysfs_write "$VF_TYPE/create" "$(cat /proc/sys/kernel/random/uuid)"
check_ok "leaving switchdev mode takes every function away" \
	devlink dev eswitch set "$DEV" mode legacy
check_eq "only the uplink port is left" 1 "$(ports_of "$DEV")"
