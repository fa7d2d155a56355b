# SPDX-License-Identifier: GPL-2.0
#
# Helpers for the harness self-tests, which run on the host and boot a VM of
# their own through tests/vm/run-vm.sh.

set -u
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
# The self-test's own VM results live beside the main run's.
RES="${SFNIC_RESULTS_BASE:-$ROOT/results/harness}/harness-$(basename "$0" .sh)"
rm -rf "$RES"
mkdir -p "$RES"

fail()
{
	echo "  FAIL: $*"
	exit 1
}

pass()
{
	echo "  ok: $*"
}

# run_vm ARGS...: boot a VM; sets $vm_rc and keeps its output in $RES/out.
run_vm()
{
	"$ROOT/tests/vm/run-vm.sh" --results "$RES/vm" "$@" > "$RES/out" 2>&1
	vm_rc=$?
	sed 's/^/    | /' "$RES/out" | tail -n 30
}
