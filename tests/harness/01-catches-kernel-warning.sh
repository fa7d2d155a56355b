#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# A test that passes by itself while the kernel logs a WARNING must fail the
# run, and the warning must be named in the report and kept in the saved
# dmesg.
source "$(dirname "$0")/lib-host.sh"

run_vm --timeout 300 "$ROOT/tests/harness/guest/warn.sh"
[ "$vm_rc" -ne 0 ] || fail "the run passed despite a kernel WARNING"
pass "the run failed (status $vm_rc)"
grep -q '^not ok 1 - harness/guest/warn # kernel log: .*WARNING' "$RES/out" ||
	fail "the failing line does not name the kernel warning"
pass "the test line names the WARNING"
grep -q 'sfnic_selftest_warn: deliberate warning' "$RES/vm/dmesg.txt" ||
	fail "the saved dmesg lacks the warning"
pass "the guest's dmesg was saved with the warning"
grep -q 'Call Trace' "$RES/vm/tests/harness.guest.warn.log" ||
	fail "the test's log lacks the kernel log excerpt"
pass "the failing test's log holds the kernel log excerpt"
