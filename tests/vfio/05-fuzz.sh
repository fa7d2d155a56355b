#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The VFIO fuzzer (tests/vfio/client/vfio-vnet.c), bounded in time, one
# seed for the run:
#
# - fuzz: random reads and writes of every width at random offsets (mostly
#   in the config space and BAR0) and VFIO device ioctls with random
#   arguments, each result checked against what vfio-pci returns;
# - ringfuzz: random descriptors, chains, flags and indexes, kicked;
# - statefuzz: random walks of the virtio status machine, the features
#   and the queue registers (before and after DRIVER_OK, resets mid-
#   traffic, VFIO_DEVICE_RESET, SET_IRQS), every register checked after
#   each step against a model of the device, traffic on the client's own
#   rings checked;
# - chainfuzz: descriptor chains that loop, overlap, point outside the DMA
#   map, run over it, are too long, indirect or of the wrong direction,
#   each with the outcome the engine's rules give, and a thread rewriting
#   the descriptors while the device walks them;
#
# the last three while the representor floods the function with frames. Each
# mode ends with a restart and a frame each way; the device works for its
# next user. Kernel memory may not grow, and the harness fails the test on
# any kernel report (KASAN, lockdep, UBSAN, WARN, ...), a hang, and
# kmemleak's findings after the suite.
#
# FUZZ_SECS (50) is the time of the four modes together, FUZZ_SEED the
# seed (random, printed as a TAP note: FUZZ_SEED=N reproduces a run's
# sequence of operations). make soak runs it for DURATION.
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/vfio-lib.sh"

SECS=${FUZZ_SECS:-50}
SEED=${FUZZ_SEED:-$(od -An -N6 -tu8 /dev/urandom | tr -d ' ')}
note "seed $SEED (FUZZ_SEED=$SEED reproduces it)"
tmp=$(mktemp -d)
defer "rm -rf $tmp"

vfio_setup
vnet_create
dev=$VNET_DEV
rep=$(vnet_rep "$dev")

rep_flood "$rep" $((SECS * 2 + 120))

fuzz_warmup "$dev" "$rep" "$tmp" fuzz ringfuzz statefuzz chainfuzz
before=$(mem_snapshot "$tmp/slab.before")
log "before: kmalloc B, SUnreclaim kB, MemAvailable kB: $before"

fuzz_mode "$dev" "$rep" fuzz -t $((SECS * 20 / 100))
fuzz_mode "$dev" "$rep" ringfuzz -t $((SECS * 20 / 100))
fuzz_mode "$dev" "$rep" statefuzz -t $((SECS * 35 / 100))
fuzz_mode "$dev" "$rep" chainfuzz -t $((SECS * 25 / 100))

kill "$REP_FLOOD_PID"
wait "$REP_FLOOD_PID" 2>/dev/null
check_ok "the device works for its next user" \
	"$VFIO_CLIENT" "$dev" pingpong "$rep"
after=$(mem_snapshot "$tmp/slab.after")
log "after: kmalloc B, SUnreclaim kB, MemAvailable kB: $after"
mem_compare "$tmp/slab" "$before" "$after" 256
