#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# guest-run.sh TEST...: run sfnic tests inside the test VM, one TAP line per
# test. Each test runs under a time limit with its output kept in
# $SFNIC_RESULTS/tests/<suite>.<name>.log.
#
# The whole kernel log is scanned, in order, by whoever comes next: a test
# owns the lines logged while it ran; the checks the harness runs between
# tests and at the end own theirs. Any report there (tests/vm/klog-scan.py:
# WARNING, BUG, KASAN, UBSAN, lockdep, kmemleak, list corruption, hung task,
# stall, ...) not forgiven by tests/vm/klog-allowlist fails its owner.
#
# After each test: a test that left one of our modules loaded, a network
# namespace or a network device behind fails (what it left is removed so
# the next test starts clean); on a lockdep kernel, a test after which
# lockdep has switched itself off fails. After each suite, on a kmemleak
# kernel, a forced scan runs as a test line of its own
# ("<suite>: kmemleak"), before the next suite loads anything. At the end,
# "teardown" unloads whatever is left and scans the rest of the log.
#
# A test that skips (exit 77) fails unless tests/skips lists it with the
# reason it cannot run here. The counts go to $SFNIC_RESULTS/guest.counts.

TEST_TIMEOUT=${TEST_TIMEOUT:-300}
# shellcheck source=tests/vm/test-limit.sh
source "$SFNIC_ROOT/tests/vm/test-limit.sh"
SCAN="python3 $SFNIC_ROOT/tests/vm/klog-scan.py $SFNIC_ROOT/tests/vm/klog-allowlist"
KMEMLEAK=/sys/kernel/debug/kmemleak

mkdir -p "$SFNIC_RESULTS/tests"
start=${TAP_START:-1}
n=$((start - 1)) passed=0 failed=0 skipped=0

# The kernel log is read through dmesg; "cursor" is the number of its lines
# already given to an owner.
cursor=$(dmesg | wc -l)

# scan_log LOG: scan the kernel log from the cursor on, append what was new
# to LOG when it holds a report, advance the cursor. Sets KLOG to the first
# unforgiven report's headline and returns 1 when there is one. (Not to be
# called in a subshell: the cursor would not move.)
scan_log()
{
	local log=$1 new lines bad

	KLOG=""
	new=$(dmesg | tail -n +$((cursor + 1)))
	lines=$(printf '%s' "$new" | grep -c '')
	cursor=$((cursor + lines))
	[ -n "$new" ] || return 0
	bad=$($SCAN <<<"$new") && return 0
	{
		echo "--- kernel log ---"
		echo "$new"
	} >> "$log"
	KLOG=$(head -n 1 <<<"$bad" | cut -d' ' -f2-)
	return 1
}

kmsg()
{
	echo "sfnic-vm: $*" > /dev/kmsg
}

# Our modules: whatever the host staged in the module tree.
OUR_MODS=$(find "/lib/modules/$KVER/updates" -name '*.ko' -printf '%f\n' \
	   2>/dev/null | sed 's/\.ko$//; s/-/_/g' | sort)

loaded_ours()
{
	lsmod | awk 'NR > 1 { print $1 }' | sort | comm -12 - <(echo "$OUR_MODS")
}

links()
{
	ip -o link show | awk -F': ' '{ sub(/@.*/, "", $2); print $2 }' | sort
}

base_links=$(links)
base_netns=$(ip netns list | awk '{ print $1 }' | sort)

# leftovers: print what the last test left behind, and remove it.
leftovers()
{
	local m l ns out=""

	for ns in $(comm -13 <(echo "$base_netns") \
		    <(ip netns list | awk '{ print $1 }' | sort)); do
		out+=" netns $ns;"
		ip netns del "$ns" 2>/dev/null
	done
	for l in $(comm -13 <(echo "$base_links") <(links)); do
		out+=" link $l;"
		ip link del "$l" 2>/dev/null
	done
	m=$(loaded_ours)
	if [ -n "$m" ]; then
		out+=" modules $(echo $m);"
		# shellcheck disable=SC2086
		for l in $m; do modprobe -r "$l" 2>/dev/null; done
	fi
	echo "${out# }"
}

lockdep_on()
{
	[ -r /proc/lockdep_stats ] || return 0
	grep -q 'debug_locks: *1$' /proc/lockdep_stats
}

# kmemleak_scan LOG: report what kmemleak finds. It reports an object only
# when it is older than 5 s and its contents did not change since the scan
# before (a first scan only records a checksum): wait, then scan twice.
kmemleak_scan()
{
	local log=$1 out

	sleep 6
	echo scan > "$KMEMLEAK"
	echo scan > "$KMEMLEAK"
	out=$(cat "$KMEMLEAK")
	[ -n "$out" ] || return 0
	echo "$out" >> "$log"
	echo clear > "$KMEMLEAK"
	grep -c '^unreferenced object' <<<"$out"
	return 1
}

# report NAME WHY LOG SECS: one TAP line.
report()
{
	local name=$1 why=$2 log=$3 secs=$4

	n=$((n + 1))
	if [ -z "$why" ]; then
		passed=$((passed + 1))
		echo "ok $n - $TAP_PREFIX$name (${secs}s)"
	else
		failed=$((failed + 1))
		echo "not ok $n - $TAP_PREFIX$name # $why"
		[ ! -e "$log" ] || tail -n 25 "$log" | sed 's/^/#   /'
	fi
}

may_skip()
{
	grep -q "^${1}[[:space:]]" "$SFNIC_ROOT/tests/skips" 2>/dev/null
}

# What booting logged is nobody's test; it still has to be clean.
if [ -w "$KMEMLEAK" ]; then
	sleep 6
	echo scan > "$KMEMLEAK"
	echo scan > "$KMEMLEAK"
fi
blog="$SFNIC_RESULTS/tests/boot.log"
bad=$($SCAN < <(dmesg; [ -r "$KMEMLEAK" ] && cat "$KMEMLEAK"))
if [ -n "$bad" ]; then
	{ dmesg; cat "$KMEMLEAK" 2>/dev/null; } > "$blog"
	report boot "kernel log: $(head -n 1 <<<"$bad" | cut -d' ' -f2-)" \
		"$blog" 0
fi
[ -w "$KMEMLEAK" ] && echo clear > "$KMEMLEAK"
cursor=$(dmesg | wc -l)
lockdep=1
lockdep_on || { report boot "lockdep is off before any test" /dev/null 0
		lockdep=""; }

stuck=""
suite=""
tests=("$@")
for i in "${!tests[@]}"; do
	t=${tests[i]}
	name=${t#"$SFNIC_ROOT"/tests/}
	name=${name%.sh}
	suite=${name%%/*}
	if [ -n "$stuck" ]; then
		# Tests after a kernel deadlock would only time out one by one.
		report "$name" "not run: $stuck" /dev/null 0
		continue
	fi
	log="$SFNIC_RESULTS/tests/${name//\//.}.log"
	# Its own limit, or TEST_TIMEOUT when longer (make soak).
	limit=$(test_limit "$t" "$KVER" "$TEST_TIMEOUT")
	kmsg "begin $name"
	t0=$SECONDS
	timeout -k 10 "$limit" bash "$t" > "$log" 2>&1 < /dev/null
	rc=$?
	secs=$((SECONDS - t0))
	why=""
	case $rc in
	0) ;;
	77) may_skip "$name" ||
		why="skipped, and tests/skips does not say why it may: $(tail -n 1 "$log")" ;;
	124|137) why="timed out after ${limit}s" ;;
	*) why="exit status $rc"
	   # The first check that failed, where a one-line summary shows it.
	   first=$(grep -m 1 -E '^  (FAIL|not ok):? ' "$log" | cut -c 3-120)
	   [ -z "$first" ] || why="$why: $first" ;;
	esac
	# A timed-out test whose processes cannot even be killed is stuck in
	# the kernel: note where, and stop the run.
	if [ $rc -eq 124 ] || [ $rc -eq 137 ]; then
		sleep 2
		if ps -eo stat=,comm= | grep -q '^D'; then
			stuck="the kernel is stuck since $name"
			{
				echo "--- uninterruptible tasks ---"
				echo w > /proc/sysrq-trigger
				dmesg | tail -n 200
			} >> "$log"
		fi
	fi
	left=""
	[ -n "$stuck" ] || left=$(leftovers)
	[ -z "$left" ] || why="${why:+$why, }left behind: $left"
	kmsg "end $name"
	scan_log "$log" || why="${why:+$why, }kernel log: $KLOG"
	# Said once, by the test during which it happened: what runs after
	# it is no longer checked for locking bugs, and the run has failed.
	if [ -n "$lockdep" ] && ! lockdep_on; then
		why="${why:+$why, }lockdep switched itself off"
		lockdep=""
	fi
	if [ -z "$why" ] && [ $rc -eq 77 ]; then
		n=$((n + 1))
		skipped=$((skipped + 1))
		echo "ok $n - $TAP_PREFIX$name # SKIP $(tail -n 1 "$log")"
	else
		report "$name" "$why" "$log" "$secs"
	fi
	# What the test noted for the record (note in lib.sh: a fuzzer's
	# seed and counts), under its TAP line
	grep '^  note: ' "$log" 2>/dev/null | sed 's/^  note: /#   /'
	sync
	# The end of a suite: look for leaks while its modules can still be
	# named (the next suite has not loaded anything yet).
	next=${tests[i + 1]:-}
	next=${next#"$SFNIC_ROOT"/tests/}
	if [ -z "$stuck" ] && [ -w "$KMEMLEAK" ] && [ "${next%%/*}" != "$suite" ]; then
		log="$SFNIC_RESULTS/tests/$suite.kmemleak.log"
		t0=$SECONDS
		why=""
		if leaks=$(kmemleak_scan "$log"); then :; else
			why="kmemleak: $leaks unreferenced objects"
		fi
		scan_log "$log" || why="${why:+$why, }kernel log: $KLOG"
		report "$suite: kmemleak" "$why" "$log" $((SECONDS - t0))
	fi
done

# Teardown: nothing of ours may remain loaded or refuse to unload, and the
# log up to here has to be clean.
if [ -z "$stuck" ]; then
	log="$SFNIC_RESULTS/tests/teardown.log"
	t0=$SECONDS
	why=""
	kmsg "teardown"
	left=$(leftovers)
	[ -z "$left" ] || why="left behind after the last test: $left"
	m=$(loaded_ours)
	[ -z "$m" ] || why="${why:+$why, }cannot unload: $(echo $m)"
	scan_log "$log" || why="${why:+$why, }kernel log: $KLOG"
	report teardown "$why" "$log" $((SECONDS - t0))
fi
# The host scans the console after this line for what comes later.
kmsg "log scanned"

echo "1..$n"
echo "$passed $failed $skipped" > "$SFNIC_RESULTS/guest.counts"
[ $failed -eq 0 ]
