#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Bad input from the VFIO user, the untrusted side: region reads and writes
# at bad offsets and sizes, unknown ioctls, bad region and IRQ indexes,
# SET_IRQS with bad ranges and bad fds each fail with an errno; read-only
# config space stays as it was. The runner fails the test on any kernel
# warning.
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/vfio-lib.sh"

vfio_setup
vnet_create
dev=$VNET_DEV

out=$("$VFIO_CLIENT" "$dev" bad-input 2>&1)
rc=$?
echo "$out"
[ $rc -eq 0 ] || fail "vfio-vnet bad-input"
pass "every bad access got its errno"

rep=$(vnet_rep "$dev")
check_ok "the device still works for its next user" \
	"$VFIO_CLIENT" "$dev" pingpong "$rep"
