#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# check.sh [TEST|SUITE ...]: build the stack and run its tests.
#
# With no argument (or LINT=1) tests/lint.sh runs first, as test "lint".
# Guest tests (tests/<suite>/NN-name.sh) all run in one boot of the test VM;
# the harness self-tests (tests/harness/NN-name.sh) run here on the host and
# boot VMs of their own to prove that a kernel warning, a failing test and a
# hung guest each fail a run. With no argument every suite runs. Prints TAP
# and ends with "N passed, N failed, N skipped"; exits non-zero on any
# failure.

set -uo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"

# Suites in dependency order; any other folder with tests runs after them.
ORDER="harness smoke mdevc sfnic virtio vfio"
SKIP_DIRS="vm bench lib"

suite_tests()
{
	find "$1" -maxdepth 1 -name '[0-9]*.sh' -type f | sort
}

args=("$@")
LINT=${LINT:-$([ ${#args[@]} -eq 0 ] && echo 1 || echo 0)}
if [ ${#args[@]} -eq 0 ]; then
	for s in $ORDER; do
		[ -d "tests/$s" ] && args+=("tests/$s")
	done
	for d in tests/*/; do
		s=$(basename "$d")
		case " $ORDER $SKIP_DIRS " in *" $s "*) continue ;; esac
		args+=("tests/$s")
	done
fi

host_tests=()
guest_tests=()
for a in "${args[@]}"; do
	a=${a%/}
	if [ -d "$a" ]; then
		list=$(suite_tests "$a")
	elif [ -f "$a" ]; then
		list=$a
	else
		echo "check.sh: no such test or suite: $a" >&2
		exit 2
	fi
	for t in $list; do
		case "$(realpath "$t")" in
		"$ROOT"/tests/harness/*) host_tests+=("$(realpath "$t")") ;;
		*) guest_tests+=("$(realpath "$t")") ;;
		esac
	done
done

if [ $((${#host_tests[@]} + ${#guest_tests[@]})) -eq 0 ]; then
	echo "check.sh: no tests found" >&2
	exit 2
fi

make --no-print-directory -s all >/dev/null ||
	{ echo "check.sh: build failed" >&2; exit 1; }

RESULTS="$ROOT/results/check-$(date +%Y%m%d-%H%M%S)-$$"
mkdir -p "$RESULTS/host"
export SFNIC_RESULTS_BASE=$RESULTS

passed=0 failed=0 skipped=0 n=0
echo "TAP version 13"

if [ "$LINT" = 1 ]; then
	n=$((n + 1))
	start=$SECONDS
	if "$ROOT/tests/lint.sh" > "$RESULTS/host/lint.log" 2>&1; then
		passed=$((passed + 1))
		echo "ok $n - lint ($((SECONDS - start))s)"
	else
		failed=$((failed + 1))
		echo "not ok $n - lint # see $RESULTS/host/lint.log"
		grep -E '^(WARNING|ERROR|CHECK)|: (warning|error):|no kernel-doc' \
			"$RESULTS/host/lint.log" | head -n 20 | sed 's/^/#   /'
	fi
fi

for t in "${host_tests[@]}"; do
	n=$((n + 1))
	name=${t#"$ROOT"/tests/}
	name=${name%.sh}
	log="$RESULTS/host/${name//\//.}.log"
	start=$SECONDS
	timeout -k 10 900 "$t" > "$log" 2>&1 < /dev/null
	rc=$?
	if [ $rc -eq 0 ]; then
		passed=$((passed + 1))
		echo "ok $n - $name ($((SECONDS - start))s)"
	else
		failed=$((failed + 1))
		echo "not ok $n - $name # exit status $rc"
		tail -n 25 "$log" | sed 's/^/#   /'
	fi
done

if [ ${#guest_tests[@]} -gt 0 ]; then
	TAP_START=$((n + 1)) "$ROOT/tests/vm/run-vm.sh" \
		--results "$RESULTS/guest" "${guest_tests[@]}"
	rc=$?
	if [ -s "$RESULTS/guest/guest.counts" ]; then
		read -r p f s < "$RESULTS/guest/guest.counts"
		passed=$((passed + p))
		failed=$((failed + f))
		skipped=$((skipped + s))
		n=$((n + p + f + s))
		if [ $rc -ne 0 ] && [ "$f" -eq 0 ]; then
			failed=$((failed + 1))
			echo "not ok $((n + 1)) - vm # guest exit status $rc"
		fi
	else
		# The guest died or hung before finishing: every test counts as
		# failed, with the console kept for the post-mortem.
		echo "not ok $((n + 1)) - vm # guest did not finish (status" \
		     "$rc), see $RESULTS/guest/console.log"
		failed=$((failed + ${#guest_tests[@]}))
	fi
fi

echo "# results: $RESULTS"
echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
