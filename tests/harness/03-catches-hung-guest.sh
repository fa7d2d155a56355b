#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# A guest that hangs for good (every CPU stopped with interrupts off) is
# killed at the VM time limit and reported; the run never blocks.
source "$(dirname "$0")/lib-host.sh"

start=$SECONDS
run_vm --timeout 60 "$ROOT/tests/harness/guest/hang.sh"
took=$((SECONDS - start))
[ "$vm_rc" -eq 124 ] || fail "expected status 124 (VM killed), got $vm_rc"
pass "the hung VM was killed and reported (status 124)"
grep -q 'sfnic-selftest: hanging the guest now' "$RES/vm/console.log" ||
	fail "the guest never reached the hang (it did not boot in time?)"
pass "the guest had reached the hanging test"
grep -q 'did not finish within 60s' "$RES/out" ||
	fail "no 'did not finish' report"
pass "the report says the VM did not finish (${took}s)"
[ $took -lt 100 ] || fail "the run took ${took}s, over the limit"
pass "the run ended promptly after the limit"
