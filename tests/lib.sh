# SPDX-License-Identifier: GPL-2.0
#
# Helpers for sfnic test scripts. Each test is one executable script under
# tests/<suite>/, run as root inside the test VM by tests/vm/guest-run.sh.
# A test passes by exiting 0, fails by exiting non-zero, and is skipped by
# exiting 77 (with the reason on its last line). The runner prints one TAP
# line per test and keeps the script's output in the results folder.
#
# Checks print one line each ("  ok: ..." or "  FAIL: ..."), naming the
# user-visible behaviour they prove, and the first failed check ends the
# test. Cleanups registered with defer run in reverse order on every exit.

set -u

SFNIC_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
export SFNIC_ROOT

__deferred=()

defer()
{
	__deferred+=("$*")
}

__run_deferred()
{
	local rc=$? i

	for ((i = ${#__deferred[@]} - 1; i >= 0; i--)); do
		eval "${__deferred[i]}" >/dev/null 2>&1 || true
	done
	exit $rc
}
trap __run_deferred EXIT

log()
{
	echo "  # $*"
}

pass()
{
	echo "  ok: $*"
}

fail()
{
	echo "  FAIL: $*"
	exit 1
}

skip()
{
	echo "  SKIP: $*"
	exit 77
}

# check_ok MSG CMD...: CMD must succeed.
check_ok()
{
	local msg=$1 out

	shift
	if out=$("$@" 2>&1); then
		pass "$msg"
	else
		echo "$out" | sed 's/^/    | /'
		fail "$msg (command failed: $*)"
	fi
}

# check_fail MSG CMD...: CMD must fail.
check_fail()
{
	local msg=$1 out

	shift
	if out=$("$@" 2>&1); then
		echo "$out" | sed 's/^/    | /'
		fail "$msg (command unexpectedly succeeded: $*)"
	else
		pass "$msg"
	fi
}

# check_err MSG EXPECTED CMD...: CMD must fail and print EXPECTED (a fixed
# string, e.g. a devlink extack message or a shell's errno text). An empty
# EXPECTED would match any output: it is a bug in the test.
check_err()
{
	local msg=$1 want=$2 out

	shift 2
	[ -n "$want" ] || fail "$msg (check_err without an expected message)"
	if out=$("$@" 2>&1); then
		echo "$out" | sed 's/^/    | /'
		fail "$msg (command unexpectedly succeeded: $*)"
	fi
	if ! grep -qF -- "$want" <<<"$out"; then
		echo "$out" | sed 's/^/    | /'
		fail "$msg (expected \"$want\")"
	fi
	pass "$msg"
}

# check_eq MSG EXPECTED ACTUAL
check_eq()
{
	if [ "$2" = "$3" ]; then
		pass "$1"
	else
		fail "$1 (expected \"$2\", got \"$3\")"
	fi
}

# wait_for TIMEOUT_S CMD...: poll CMD until it succeeds.
wait_for()
{
	local t=$1 end

	shift
	end=$((SECONDS + t))
	until "$@" >/dev/null 2>&1; do
		[ $SECONDS -lt $end ] || return 1
		sleep 0.1
	done
}

# sysfs_write FILE VALUE: echo VALUE > FILE, returning the write's status and
# its error text on stderr (the shell prints strerror of the errno).
sysfs_write()
{
	( echo "$2" > "$1" ) 2>&1
}

# The stack's modules: loaded by name with modprobe (the VM stages them in the
# module tree, as 'make install' does on a host).
load_mod()
{
	modprobe "$@" || fail "modprobe $*"
}

unload_mod()
{
	modprobe -r "$@" || fail "modprobe -r $*"
}
