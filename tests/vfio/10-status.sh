#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The virtio device status machine (virtio 1.1, 2.1 and 3.1), enforced
# against a VFIO user: only a reset (writing 0) clears status bits, so
# DRIVER_OK cannot be cleared and set again to restart a running device;
# the queue registers (size, addresses, enable) are ignored after
# DRIVER_OK, so a queue enabled late is never processed; DRIVER_OK needs
# FEATURES_OK; FAILED stops the device; a reset stops it before it
# returns. Without this, the late queue's worker walks a NULL scratch
# array (an oops), and each restart leaks and races with the workers.
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/vfio-lib.sh"

vfio_setup
vnet_create
dev=$VNET_DEV
rep=$(vnet_rep "$dev")

"$VFIO_CLIENT" "$dev" status "$rep" 2>&1
[ $? -eq 0 ] || fail "vfio-vnet status"
pass "the device kept to the status machine and works"
check_ok "the device works for its next user" \
	"$VFIO_CLIENT" "$dev" pingpong "$rep"
