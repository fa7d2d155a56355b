#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# run.sh [NAME...]: run the benchmarks (tests/bench/NN-name.sh, or those
# whose file name starts with one of the NAMEs) inside the test VM,
# printing each one's figures; started by 'make bench'. A benchmark that
# fails makes the run fail.

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
	fi
	echo "== bench: ${b%.sh}"
	timeout -k 10 1500 bash "$b" || { echo "  FAILED (exit $?)"; rc=1; }
done
exit $rc
