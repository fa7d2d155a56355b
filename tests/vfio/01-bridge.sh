#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The vfio class driver binds a vfio class device, registers it with VFIO
# with an IOMMU group of its own, and a VFIO user sees a virtio 1.x
# network PCI function: vendor 0x1af4, device 0x1041, the virtio vendor
# capabilities and MSI-X.
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/vfio-lib.sh"

check_ok "mdevc_vfio carries the vfio class module alias" \
	sh -c "modinfo -F alias mdevc_vfio | grep -qx 'mdevc:c01v00000000'"
vfio_setup
vnet_create
dev=$VNET_DEV
check_eq "the vfio class driver bound the device" mdevc_vfio \
	"$(basename "$(readlink "$dev/driver")")"
group=$(basename "$(readlink "$dev/iommu_group")")
check_ok "the IOMMU group has its VFIO char device" test -c "/dev/vfio/$group"
check_ok "the group holds exactly this device" \
	test "$(ls "/sys/kernel/iommu_groups/$group/devices")" = \
	"$(basename "$dev")"

out=$("$VFIO_CLIENT" "$dev" info 2>&1) || {
	echo "$out"
	fail "vfio-vnet info"
}
echo "$out" | sed 's/^/    | /'
check_ok "config space: virtio-net 1.x ids" \
	grep -q "vendor 0x1af4 device 0x1041 revision 1 class 0x020000" \
	<<<"$out"
for t in 1 2 3 4; do
	check_ok "virtio capability type $t is present" \
		grep -q "virtio type $t " <<<"$out"
done
check_ok "an MSI-X capability is present" grep -q "cap 0x11" <<<"$out"

check_ok "the device can be opened again once closed" \
	"$VFIO_CLIENT" "$dev" info
