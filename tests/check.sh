#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# check.sh [TEST|SUITE ...]: build the stack and run its tests.
#
# With no argument (or LINT=1) tests/lint.sh runs first, as test "lint".
# Guest tests (tests/<suite>/NN-name.sh) run in the test VM, once per kernel
# of KERNELS (one boot each):
#
#   debug   the debug kernel (KASAN, lockdep, kmemleak, UBSAN, fault
#           injection) that tests/vm/debug-kernel.sh builds once per machine
#   stock   Debian's 6.1 kernel, what users run (tests/vm/kver.sh)
#   custom  the kernel named by KVER, KIMAGE and KDIR
#
# KERNELS defaults to "debug stock" ("custom" when the Makefile was given
# KVER, KIMAGE or KDIR). With no argument and KERNELS not set (the README's
# command, which CI runs), the stock kernel runs every suite and the debug
# kernel the tests of CI_DEBUG_TESTS: the smoke test, the regression
# tests of the bugs only the debug kernel can see and the fail-nth sweep
# (first point and end of each path), so that the whole of CI stays
# within its time budget on 2 cores; KERNELS=debug make check runs every
# suite on the debug kernel. A test that says "# kernels:
# debug" runs on the debug kernel only (it needs fault injection, or it is
# too slow to run twice in CI's time); every other test runs on every
# kernel. CHECK_JOBS=2 runs the kernels' VMs side by side.
#
# The harness self-tests (tests/harness/NN-name.sh) run here on the host
# and boot VMs of their own to prove that a kernel warning, a failing test,
# a hung guest and (on the debug kernel) KASAN, lockdep, UBSAN and kmemleak
# reports each fail a run. With no argument every suite runs. Prints TAP and
# ends with "N passed, N failed, N skipped"; exits non-zero on any failure.

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
CI_DEBUG_TESTS=${CI_DEBUG_TESTS:-"smoke sfnic/11-teardown-faults
	sfnic/15-events-atomic sfnic/16-tx-drops sfnic/24-reload-faults
	sfnic/42-health sfnic/48-fail-nth
	vfio/02-pingpong virtio/10-sfnic-function
	virtio/14-sfnic-start-fails"}
debug_subset=0
[ ${#args[@]} -ne 0 ] || [ -n "${KERNELS:-}" ] || debug_subset=1
# In CI's run the fail-nth sweep tries the first point and the end of
# each path (each run costs seconds on the debug kernel under TCG).
[ $debug_subset = 0 ] || export FAILNTH_RUNS=${FAILNTH_RUNS:-1}
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

# The kernels to run on: name, version, image, headers.
KERNELS=${KERNELS:-debug stock}
k_name=() k_kver=() k_kimage=() k_kdir=() k_kmods=()
for k in $KERNELS; do
	case $k in
	debug)
		line=$("$ROOT/tests/vm/debug-kernel.sh" | tail -n 1) ||
			{ echo "check.sh: cannot build the debug kernel" >&2
			  exit 1; }
		eval "$line"
		;;
	stock)
		KVER=$("$ROOT/tests/vm/kver.sh")
		KIMAGE=/boot/vmlinuz-$KVER
		KDIR=/lib/modules/$KVER/build
		;;
	custom)
		: "${KVER:?}" "${KIMAGE:=/boot/vmlinuz-$KVER}" \
		  "${KDIR:=/lib/modules/$KVER/build}"
		;;
	*) echo "check.sh: unknown kernel '$k' in KERNELS" >&2; exit 2 ;;
	esac
	k_name+=("$k") k_kver+=("$KVER") k_kimage+=("$KIMAGE") k_kdir+=("$KDIR")
done

make --no-print-directory -s progs >/dev/null ||
	{ echo "check.sh: build failed (progs)" >&2; exit 1; }
for i in "${!k_name[@]}"; do
	d=$("$ROOT/tests/vm/build-mods.sh" "${k_kver[i]}" "${k_kdir[i]}") ||
		{ echo "check.sh: build failed for ${k_kver[i]}" >&2; exit 1; }
	k_kmods+=("$d")
done

# kernel_env I: export kernel I's variables, for run-vm.sh and host tests.
kernel_env()
{
	export KVER=${k_kver[$1]} KIMAGE=${k_kimage[$1]} KDIR=${k_kdir[$1]}
	export KMODS=${k_kmods[$1]}
}

# Host self-tests boot the last kernel (stock in a full run: faster to
# boot); the debug kernel's, when it is in the run, is given to them too.
kernel_env $((${#k_name[@]} - 1))
for i in "${!k_name[@]}"; do
	if [ "${k_name[i]}" = debug ]; then
		export SFNIC_DEBUG_KVER=${k_kver[i]}
		export SFNIC_DEBUG_KIMAGE=${k_kimage[i]}
		export SFNIC_DEBUG_KMODS=${k_kmods[i]}
	fi
done

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
	timeout -k 10 1800 "$t" > "$log" 2>&1 < /dev/null
	rc=$?
	if [ $rc -eq 0 ]; then
		passed=$((passed + 1))
		echo "ok $n - $name ($((SECONDS - start))s)"
	elif [ $rc -eq 77 ]; then
		skipped=$((skipped + 1))
		echo "ok $n - $name # SKIP $(tail -n 1 "$log" | sed 's/^ *SKIP: //')"
	else
		failed=$((failed + 1))
		echo "not ok $n - $name # exit status $rc"
		tail -n 25 "$log" | sed 's/^/#   /'
	fi
done

# guest_post_mortem DIR: what a guest that died or hung was running, and
# the first kernel report of its streamed log.
guest_post_mortem()
{
	local last

	last=$(ls -t "$1/tests" 2>/dev/null | head -n 1)
	[ -z "$last" ] || echo "#   running: ${last%.log}"
	[ -s "$1/kmsg.txt" ] || return 0
	grep -m 1 -A 40 -E 'BUG:|WARNING:|general protection|Oops|INFO: task' \
		"$1/kmsg.txt" | sed 's/^[0-9]*,[0-9]*,[0-9]*,[^;]*;//; s/^/#   /'
}

# on_kernel TEST KERNEL: whether TEST runs on that kernel.
on_kernel()
{
	local want

	want=$(sed -n 's/^# kernels: *//p' "$1" | head -n 1)
	[ -z "$want" ] || [[ " $want " == *" $2 "* ]] || [ "$2" = custom ]
}

# kernel_tests I: the guest tests that run on kernel I, one per line.
kernel_tests()
{
	local k=${k_name[$1]} t rel

	for t in "${guest_tests[@]}"; do
		on_kernel "$t" "$k" || continue
		if [ "$k" = debug ] && [ $debug_subset = 1 ]; then
			rel=${t#"$ROOT"/tests/}
			rel=${rel%.sh}
			[[ " $(echo $CI_DEBUG_TESTS) " == *" $rel "* ||
			   " $(echo $CI_DEBUG_TESTS) " == *" ${rel%%/*} "* ]] ||
				continue
		fi
		echo "$t"
	done
}

# run_kernel I START: kernel I's tests in one VM, TAP numbered from START;
# the VM's exit status in guest-<kernel>/vm.rc.
run_kernel()
{
	local k=${k_name[$1]} list rc=0

	mapfile -t list < <(kernel_tests "$1")
	kernel_env "$1"
	echo "# kernel $k: $KVER (${#list[@]} tests)"
	TAP_START=$2 TAP_PREFIX="[$k] " "$ROOT/tests/vm/run-vm.sh" \
		--results "$RESULTS/guest-$k" "${list[@]}" || rc=$?
	echo "$rc" > "$RESULTS/guest-$k/vm.rc"
}

# count_kernel I: add kernel I's results to the totals.
count_kernel()
{
	local k=${k_name[$1]} rc p f s ntests

	ntests=$(kernel_tests "$1" | wc -l)
	rc=$(cat "$RESULTS/guest-$k/vm.rc" 2>/dev/null || echo 1)
	if [ -s "$RESULTS/guest-$k/guest.counts" ]; then
		read -r p f s < "$RESULTS/guest-$k/guest.counts"
		passed=$((passed + p))
		failed=$((failed + f))
		skipped=$((skipped + s))
		n=$((n + p + f + s))
		if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
			n=$((n + 1))
			failed=$((failed + 1))
			echo "not ok $n - [$k] vm # guest exit status $rc"
		elif [ -e "$RESULTS/guest-$k/guest.late" ]; then
			n=$((n + 1))
			failed=$((failed + 1))
		fi
	else
		# The guest died or hung before finishing: every test counts as
		# failed, with the console kept for the post-mortem.
		echo "not ok $((n + 1)) - [$k] vm # guest did not finish" \
		     "(status $rc), see $RESULTS/guest-$k/console.log"
		guest_post_mortem "$RESULTS/guest-$k"
		failed=$((failed + ntests))
		n=$((n + ntests))
	fi
}

# CHECK_JOBS=2 runs the kernels' VMs side by side: the tests are shell
# scripts run one at a time, so a VM seldom keeps both of its vCPUs busy,
# and a second VM can use what the first leaves idle. The first kernel's
# TAP streams; the others' is kept and printed, renumbered, once the
# first is done. One at a time by default: timing-sensitive tests (the
# stress and scale tests' traffic and memory checks) have been seen to
# fail on a host loaded with more than two VMs, and CI's wall time with
# two has yet to be measured.
kernels=()
for i in "${!k_name[@]}"; do
	[ ${#guest_tests[@]} -gt 0 ] || break
	[ -n "$(kernel_tests "$i")" ] && kernels+=("$i")
done
jobs_max=${CHECK_JOBS:-1}
while [ ${#kernels[@]} -gt 0 ]; do
	batch=("${kernels[@]:0:$jobs_max}")
	kernels=("${kernels[@]:$jobs_max}")
	pids=()
	for i in "${batch[@]:1}"; do
		mkdir -p "$RESULTS/guest-${k_name[i]}"
		run_kernel "$i" 1 > "$RESULTS/guest-${k_name[i]}/tap.out" 2>&1 &
		pids+=($!)
	done
	run_kernel "${batch[0]}" $((n + 1))
	count_kernel "${batch[0]}"
	for j in "${!pids[@]}"; do
		wait "${pids[j]}"
		i=${batch[j + 1]}
		awk -v off="$n" '
			/^(not )?ok [0-9]+ / {
				sub(/ok [0-9]+ /, "ok " ($0 ~ /^not/ ? $3 : $2) + off " ")
			}
			{ print }' "$RESULTS/guest-${k_name[i]}/tap.out"
		count_kernel "$i"
	done
done

echo "# results: $RESULTS"
echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
