#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Region accesses of any offset and size, as vfio-pci takes them on a
# physical function (drivers/vfio/pci/vfio_pci_rdwr.c, vfio_pci_config.c):
# reads of 1, 2, 3, 4, 8, 16 and 56 bytes at every offset of the common
# configuration return its bytes, whatever the width of the registers they
# cover; a BAR access is cut at the end of the BAR and fails past it with
# EINVAL, a config space access running past its end with EFAULT; writes
# to read-only registers are dropped. The device still exchanges frames
# afterwards. On a KASAN kernel, the narrow reads also prove that no read
# writes past the buffer it fills.
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/vfio-lib.sh"

vfio_setup
vnet_create
dev=$VNET_DEV
rep=$(vnet_rep "$dev")

"$VFIO_CLIENT" "$dev" regions "$rep" 2>&1
[ $? -eq 0 ] || fail "vfio-vnet regions"
pass "every access got what vfio-pci would return, the device still works"
