#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# run.sh [NAME...]: run the benchmarks (tests/bench/NN-name.sh, or those
# whose file name starts with one of the NAMEs) inside the test VM,
# printing each one's figures; started by 'make bench'. A benchmark that
# fails makes the run fail. A benchmark runs for at most 1500 s, or what
# its "# timeout: SECONDS" line says; one with an "# own VM" line (it wants
# a VM sized for it: 05-scale) only runs when named.

cd "$(dirname "$0")" || exit 1
rc=0
for b in [0-9]*.sh; do
	[ -e "$b" ] || continue
	if [ $# -gt 0 ]; then
		want=0
		for n in "$@"; do
			[[ "$b" == "$n"* ]] && want=1
		done
		[ $want -eq 1 ] || continue
	elif grep -q '^# own VM' "$b"; then
		continue
	fi
	limit=$(sed -n 's/^# timeout: *\([0-9]\+\)$/\1/p' "$b" | head -n 1)
	echo "== bench: ${b%.sh}"
	timeout -k 10 "${limit:-1500}" bash "$b" ||
		{ echo "  FAILED (exit $?)"; rc=1; }
done
exit $rc
