#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# On the debug kernel, a lockdep, UBSAN, kmemleak and KASAN report each fail
# the run and name the test that caused them, even though each test passes
# by itself: proof that the checkers the suites rely on are on and read.
source "$(dirname "$0")/lib-host.sh"

[ -n "${SFNIC_DEBUG_KVER:-}" ] || {
	echo "  SKIP: the debug kernel is not in this run (KERNELS)"
	exit 77
}
g=$ROOT/tests/harness/guest
KVER=$SFNIC_DEBUG_KVER KIMAGE=$SFNIC_DEBUG_KIMAGE KMODS=$SFNIC_DEBUG_KMODS \
	run_vm --timeout 900 "$g/debug-lockdep.sh" "$g/debug-ubsan.sh" \
	"$g/debug-leak.sh" "$g/debug-kasan.sh"
[ "$vm_rc" -ne 0 ] || fail "the run passed despite four kernel reports"
pass "the run failed (status $vm_rc)"

expect()
{
	grep -qE "^not ok [0-9]+ - $1 # .*$2" "$RES/out" ||
		fail "no failed line for $1 naming '$2'"
	pass "$1 failed, naming '$2'"
}
expect harness/guest/debug-lockdep 'possible circular locking'
expect harness/guest/debug-ubsan 'UBSAN: shift-out-of-bounds'
expect 'harness: kmemleak' 'kmemleak: [0-9]+ unreferenced objects'
expect harness/guest/debug-kasan 'KASAN: slab-out-of-bounds'
grep -qE 'comm "modprobe"' "$RES/vm/tests/harness.kmemleak.log" &&
grep -qE '^unreferenced object 0x[0-9a-f]+ \(size 192\)' \
	"$RES/vm/tests/harness.kmemleak.log" ||
	fail "the kmemleak log does not show the four 192-byte objects"
pass "the kmemleak log shows the leaked objects and who allocated them"
