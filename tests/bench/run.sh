#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Run every benchmark (tests/bench/NN-name.sh) inside the test VM, printing
# each one's figures; started by 'make bench'.

cd "$(dirname "$0")" || exit 1
rc=0
for b in [0-9]*.sh; do
	[ -e "$b" ] || continue
	echo "== bench: ${b%.sh}"
	timeout -k 10 900 bash "$b" || { echo "  (failed: $?)"; rc=1; }
done
exit $rc
