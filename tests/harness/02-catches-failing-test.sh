#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# A failing test makes the run exit non-zero and shows its output.
source "$(dirname "$0")/lib-host.sh"

run_vm --timeout 300 "$ROOT/tests/harness/guest/broken.sh"
[ "$vm_rc" -eq 1 ] || fail "expected exit status 1, got $vm_rc"
pass "the run exited with status 1"
grep -q '^not ok 1 - harness/guest/broken # exit status 1' "$RES/out" ||
	fail "no 'not ok' line for the broken test"
pass "the broken test is reported 'not ok'"
grep -q 'FAIL: one equals two' "$RES/out" ||
	fail "the failing check's message is not shown"
pass "the failing check's message is shown"
