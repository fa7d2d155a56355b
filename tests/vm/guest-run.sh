#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# guest-run.sh TEST...: run sfnic tests inside the test VM, one TAP line per
# test. Each test runs under a time limit with its output kept in
# $SFNIC_RESULTS/tests/<suite>.<name>.log. After each test the kernel log is
# scanned: a WARNING, BUG, oops, lockdep report, list corruption, KASAN,
# kmemleak or hung-task report fails that test. The counts go to
# $SFNIC_RESULTS/guest.counts for the host to sum up.

TEST_TIMEOUT=${TEST_TIMEOUT:-300}
BAD='WARNING:|BUG:|BUG |Oops|general protection fault|Kernel panic|Call Trace:'
BAD+='|possible circular locking|possible recursive locking'
BAD+='|inconsistent lock state|suspicious RCU usage|INFO: lockdep'
BAD+='|list_del corruption|list_add corruption|KASAN|kmemleak|UBSAN'
BAD+='|refcount_t: |blocked for more than|soft lockup|hard LOCKUP'
BAD+='|rcu_.*stall|RCU stall|Slab cache still has objects'
BAD+='|unregister_netdevice: waiting for'

mkdir -p "$SFNIC_RESULTS/tests"
start=${TAP_START:-1}
n=$((start - 1)) passed=0 failed=0 skipped=0

dmesg_lines()
{
	dmesg | wc -l
}

stuck=""
for t in "$@"; do
	n=$((n + 1))
	name=${t#"$SFNIC_ROOT"/tests/}
	name=${name%.sh}
	if [ -n "$stuck" ]; then
		# Tests after a kernel deadlock would only time out one by one.
		failed=$((failed + 1))
		echo "not ok $n - $name # not run: $stuck"
		continue
	fi
	log="$SFNIC_RESULTS/tests/${name//\//.}.log"
	# A test may ask for a longer limit with a "# timeout: SECONDS" line.
	limit=$(sed -n 's/^# timeout: *\([0-9]\+\)$/\1/p' "$t" | head -n 1)
	limit=${limit:-$TEST_TIMEOUT}
	before=$(dmesg_lines)
	start=$SECONDS
	timeout -k 10 "$limit" bash "$t" > "$log" 2>&1 < /dev/null
	rc=$?
	secs=$((SECONDS - start))
	why=""
	case $rc in
	0) ;;
	77) ;;
	124|137) why="timed out after ${limit}s" ;;
	*) why="exit status $rc" ;;
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
	bad=$(dmesg | tail -n +$((before + 1)) | grep -E "$BAD")
	if [ -n "$bad" ]; then
		why="${why:+$why, }kernel log: $(head -n 1 <<<"$bad")"
		{
			echo "--- kernel log during this test ---"
			dmesg | tail -n +$((before + 1))
		} >> "$log"
	fi
	if [ -z "$why" ] && [ $rc -eq 77 ]; then
		skipped=$((skipped + 1))
		echo "ok $n - $name # SKIP $(tail -n 1 "$log")"
	elif [ -z "$why" ]; then
		passed=$((passed + 1))
		echo "ok $n - $name (${secs}s)"
	else
		failed=$((failed + 1))
		echo "not ok $n - $name # $why"
		tail -n 25 "$log" | sed 's/^/#   /'
	fi
	sync
done
echo "1..$n"
echo "$passed $failed $skipped" > "$SFNIC_RESULTS/guest.counts"
[ $failed -eq 0 ]
