#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The VFIO client end to end: it maps its own memory for DMA, negotiates
# features, sets up a receive and a transmit queue with MSI-X eventfds,
# sends a frame that arrives on the function's representor and receives
# one sent on the representor; the representor's counters show both.
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/vfio-lib.sh"

vfio_setup
vnet_create
dev=$VNET_DEV
rep=$(vnet_rep "$dev")
rx0=$(rep_stat "$rep" rx_packets)
tx0=$(rep_stat "$rep" tx_packets)

out=$("$VFIO_CLIENT" "$dev" pingpong "$rep" 2>&1)
rc=$?
echo "$out" | sed 's/^/    | /'
[ $rc -eq 0 ] || fail "vfio-vnet pingpong"
pass "a frame each way between the VFIO client and $rep"

check_ok "$rep counted the frame the function sent" \
	test "$(rep_stat "$rep" rx_packets)" -gt "$rx0"
check_ok "$rep counted the frame it sent to the function" \
	test "$(rep_stat "$rep" tx_packets)" -gt "$tx0"

out=$("$VFIO_CLIENT" "$dev" pingpong "$rep" 2>&1) ||
	{ echo "$out"; fail "a second run"; }
pass "the device works again for its next user"
