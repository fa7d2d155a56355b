#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# A bounded fuzz loop over the device fd: random reads and writes at random
# offsets and sizes (mostly inside the regions, so that the registers and
# the engine behind them see random values) and random VFIO device ioctls
# with random arguments; then random rings (descriptors, chains, flags,
# indexes) kicked while the representor sends frames. The client checks
# every read and write against what vfio-pci returns for it, the ioctls'
# errnos, that the registers stay sane and that what the device writes in
# the used rings makes sense; each run ends with a frame exchanged each way
# with the representor. The kernel must take it without a warning.
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/vfio-lib.sh"

ROUNDS=${FUZZ_ROUNDS:-20000}

vfio_setup
vnet_create
dev=$VNET_DEV
rep=$(vnet_rep "$dev")

for seed in 1 2 3; do
	out=$("$VFIO_CLIENT" "$dev" fuzz -n "$ROUNDS" -s "$seed" "$rep" 2>&1) ||
		{ echo "$out"; fail "fuzz with seed $seed"; }
	pass "seed $seed: $(grep 'random accesses' <<<"$out" | sed 's/.*ok: //')"
done
# The rings, with frames coming from the representor meanwhile
rep_flood "$rep" 120
for seed in 4 5; do
	out=$("$VFIO_CLIENT" "$dev" ringfuzz -n "$((ROUNDS / 10))" \
		-s "$seed" "$rep" 2>&1) ||
		{ echo "$out"; fail "ring fuzz with seed $seed"; }
	pass "seed $seed: $(grep 'random ring' <<<"$out" | sed 's/.*ok: //')"
done
kill "$REP_FLOOD_PID"
check_ok "the device works for its next user" \
	"$VFIO_CLIENT" "$dev" pingpong "$rep"
