#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# soak.sh [DURATION]: the long versions of the stress test
# (tests/sfnic/30-stress.sh: every management path, the mdevc types,
# netns moves, traffic, VFIO users and NIC removal at once) and of the
# VFIO fuzzer (tests/vfio/05-fuzz.sh), each for DURATION (default 1h; a
# number of seconds, or with an s, m or h suffix), one after the other in
# the same VM, on the kernels of KERNELS (default: the debug kernel).
# Prints the operations done and failed by kind, the fuzzer's seed and
# counts, and the memory before and after; fails as the tests do (kernel
# report, leak, hang, anything left behind). FUZZ_SEED=N replays a
# fuzzer's seed. SOAK=stress or SOAK=fuzz runs that half alone, so that
# the two can run at once in two VMs (two checkouts: each builds its
# modules in its tree). Not part of make check.

set -uo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
d=${1:-1h}
case $d in
*h) secs=$((${d%h} * 3600)) ;;
*m) secs=$((${d%m} * 60)) ;;
*s) secs=${d%s} ;;
*) secs=$d ;;
esac
[ "$secs" -gt 0 ] 2>/dev/null ||
	{ echo "soak.sh: bad duration '$d'" >&2; exit 2; }

# The stress may run 240 s more than its length before every kind of
# operation has happened once; the fuzzer runs its length; their
# teardowns, memory checks and the boot come on top.
export STRESS_SECS=$secs FUZZ_SECS=$secs
# After an hour of stress on the debug kernel udevd is minutes behind.
export UDEV_DRAIN_SECS=${UDEV_DRAIN_SECS:-1800}
export TEST_TIMEOUT=$((3 * secs + 900))
export VM_TIMEOUT=$((4 * secs + 2700))
export KERNELS=${KERNELS:-debug} LINT=0

case ${SOAK:-both} in
both) tests=("$ROOT/tests/sfnic/30-stress.sh" "$ROOT/tests/vfio/05-fuzz.sh") ;;
stress) tests=("$ROOT/tests/sfnic/30-stress.sh") ;;
fuzz) tests=("$ROOT/tests/vfio/05-fuzz.sh") ;;
*) echo "soak.sh: SOAK is stress, fuzz or both, not '$SOAK'" >&2; exit 2 ;;
esac

out=$(mktemp)
trap 'rm -f "$out"' EXIT
"$ROOT/tests/check.sh" "${tests[@]}" | tee "$out"
rc=${PIPESTATUS[0]}
dir=$(sed -n 's/^# results: //p' "$out")
for log in "$dir"/guest-*/tests/sfnic.30-stress.log; do
	[ -e "$log" ] || continue
	echo "# $log:"
	sed -n '/stress ran/,$p' "$log" | grep -v '^  ok: .* succeeded at least once'
done
for log in "$dir"/guest-*/tests/vfio.05-fuzz.log; do
	[ -e "$log" ] || continue
	echo "# $log:"
	grep -v '^    | ' "$log"
done
exit "$rc"
