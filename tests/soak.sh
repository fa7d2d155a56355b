#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# soak.sh [DURATION]: the long version of the stress test
# (tests/sfnic/30-stress.sh): every management path, the mdevc types,
# netns moves, traffic, VFIO users and NIC removal at once, for DURATION
# (default 1h; a number of seconds, or with an s, m or h suffix), on the
# kernels of KERNELS (default: the debug kernel). Prints the operations
# done and failed by kind and the memory before and after; fails as the
# test does (kernel report, leak, anything left behind). Not part of
# make check.

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

# The stress may run up to three times its length before every kind of
# operation has happened once; its teardown and the boot come on top.
export STRESS_SECS=$secs
export TEST_TIMEOUT=$((3 * secs + 900))
export VM_TIMEOUT=$((3 * secs + 1800))
export KERNELS=${KERNELS:-debug} LINT=0

out=$(mktemp)
trap 'rm -f "$out"' EXIT
"$ROOT/tests/check.sh" "$ROOT/tests/sfnic/30-stress.sh" | tee "$out"
rc=${PIPESTATUS[0]}
dir=$(sed -n 's/^# results: //p' "$out")
for log in "$dir"/guest-*/tests/sfnic.30-stress.log; do
	[ -e "$log" ] || continue
	echo "# $log:"
	sed -n '/stress ran/,$p' "$log" | grep -v '^  ok: .* succeeded at least once'
done
exit "$rc"
