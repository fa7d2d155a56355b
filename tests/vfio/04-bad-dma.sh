#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Bad DMA from the VFIO user's rings: a descriptor pointing at an IOVA that
# is not mapped, a descriptor loop, an available index out of range, and
# the rings unmapped under the running device each put the device in the
# virtio error state (DEVICE_NEEDS_RESET and a configuration interrupt),
# never the kernel in trouble; a reset recovers the device.
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/vfio-lib.sh"

vfio_setup
vnet_create
dev=$VNET_DEV

out=$("$VFIO_CLIENT" "$dev" bad-dma 2>&1)
rc=$?
echo "$out"
[ $rc -eq 0 ] || fail "vfio-vnet bad-dma"
pass "every bad ring put the device in the error state"

rep=$(vnet_rep "$dev")
check_ok "the device works again for its next user" \
	"$VFIO_CLIENT" "$dev" pingpong "$rep"
