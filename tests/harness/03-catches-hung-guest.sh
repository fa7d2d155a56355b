#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# A guest that hangs for good (every CPU stopped with interrupts off) is
# noticed by its stopped heartbeat, killed and reported; the run never
# blocks until the VM's overall time limit.
source "$(dirname "$0")/lib-host.sh"

start=$SECONDS
HB_LIMIT=30 run_vm --timeout 600 "$ROOT/tests/harness/guest/hang.sh"
took=$((SECONDS - start))
[ "$vm_rc" -eq 124 ] || fail "expected status 124 (VM killed), got $vm_rc"
pass "the hung VM was killed and reported (status 124)"
grep -q 'sfnic-selftest: hanging the guest now' "$RES/vm/console.log" ||
	fail "the guest never reached the hang (it did not boot in time?)"
pass "the guest had reached the hanging test"
grep -qE 'the VM stopped responding .no heartbeat for 30s. and was killed' \
	"$RES/out" ||
	fail "no report of the killed VM"
pass "the report says the VM hung and was killed (${took}s)"
[ $took -lt 200 ] || fail "the run took ${took}s, not stopped by the heartbeat"
pass "the heartbeat, not the 600 s limit, ended the run"
