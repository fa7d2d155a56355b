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

# defer CMD...: run CMD (through eval) when the test exits, last registered
# first. A cleanup that fails fails the test: a test that passed but could
# not undo what it did (an SF it cannot delete, a module it cannot unload)
# leaves a broken system behind it, and that is a bug the test has found.
defer()
{
	__deferred+=("$*")
}

# defer_try CMD...: as defer, for a cleanup whose failure means nothing (a
# kill of a process that may already have exited, the removal of something
# the test may or may not have reached).
defer_try()
{
	__deferred+=("-$*")
}

__run_deferred()
{
	local rc=$? i cmd out bad=0

	for ((i = ${#__deferred[@]} - 1; i >= 0; i--)); do
		cmd=${__deferred[i]}
		if [ "${cmd:0:1}" = - ]; then
			eval "${cmd:1}" >/dev/null 2>&1 || true
			continue
		fi
		if ! out=$(eval "$cmd" 2>&1); then
			echo "  FAIL: cleanup: $cmd"
			[ -z "$out" ] || echo "$out" | sed 's/^/    | /'
			bad=1
		fi
	done
	if [ $bad -ne 0 ] && { [ $rc -eq 0 ] || [ $rc -eq 77 ]; }; then
		rc=1
	fi
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

# wait_for TIMEOUT_S CMD...: poll CMD (every WAIT_POLL seconds, 0.1 by
# default) until it succeeds.
wait_for()
{
	local t=$1 end

	shift
	end=$((SECONDS + t))
	until "$@" >/dev/null 2>&1; do
		[ $SECONDS -lt $end ] || return 1
		sleep "${WAIT_POLL:-0.1}"
	done
}

# udevd_stop: udevd handles what it has queued and exits, so that no
# uevent is handled (and no module loaded for one) until the test ends,
# which starts it again. For scale runs under TCG, where udevd takes
# about 80 ms a uevent and an SF makes 24.
udevd_stop()
{
	udevadm settle
	udevadm control --exit
	wait_for 60 sh -c '! pgrep -x systemd-udevd' || fail "udevd still there"
	defer "/lib/systemd/systemd-udevd --daemon --resolve-names=never; udevadm settle"
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

mod_loaded()
{
	[ -d "/sys/module/$1" ]
}

# mod_unload_tree MOD: unload MOD, the modules that use it first. mdevc
# loads its class drivers (mdevc_vfio, mdevc_virtio) for the devices a
# parent creates, so no parent's "modprobe -r" takes them with it.
mod_unload_tree()
{
	local h

	mod_loaded "$1" || return 0
	for h in "/sys/module/$1/holders"/*; do
		[ -e "$h" ] || continue
		mod_unload_tree "$(basename "$h")" || return 1
	done
	# modprobe -r of a holder may have taken MOD with it
	! mod_loaded "$1" || modprobe -r "$1"
}

# stack_unload: unload every module of the stack that is loaded: the
# parents, the class drivers and mdevc, once udev read every uevent (a
# late add event would load a module again). A module still in use is a
# leak and fails the cleanup that called this.
stack_unload()
{
	udev_drain || :
	mod_unload_tree mdevc
}

# uevents_unread: bytes of uevents queued to udevd's sockets that it has
# not read yet (/proc/net/netlink: protocol 15, NETLINK_KOBJECT_UEVENT).
uevents_unread()
{
	local pid

	pid=$(pgrep -o -x systemd-udevd) || { echo 0; return; }
	awk 'NR == FNR { ino[$1] = 1; next }
	     FNR > 1 && $2 == 15 && ($NF in ino) { b += $5 }
	     END { print b + 0 }' \
		<(find "/proc/$pid/fd" -lname 'socket:*' -printf '%l\n' \
			2>/dev/null | tr -dc '0-9\n') /proc/net/netlink
}

# udev_drain: wait (at most UDEV_DRAIN_SECS, 600 s by default)
# until udevd has read and handled every uevent. `udevadm settle` returns
# once udevd's own queue is empty, however many events still wait in its
# socket: on the debug kernel under TCG udevd falls thousands of events
# behind an hour of stress, and their add events then load modules again
# after the test unloaded them, while their skbs read as megabytes of
# kmalloc growth. Says how long it took when that was more than 10 s.
udev_drain()
{
	local t0=$SECONDS end=$((SECONDS + ${UDEV_DRAIN_SECS:-600}))

	pgrep -x systemd-udevd >/dev/null || return 0
	until [ "$(uevents_unread)" = 0 ] && udevadm settle -t 30 2>/dev/null &&
	      [ "$(uevents_unread)" = 0 ]; do
		if [ $SECONDS -ge $end ]; then
			echo "udev_drain: udevd still has $(uevents_unread) bytes of uevents unread after $((SECONDS - t0)) s" >&2
			return 1
		fi
		sleep 1
	done
	[ $((SECONDS - t0)) -le 10 ] ||
		echo "udev_drain: udevd took $((SECONDS - t0)) s to catch up with the uevents" >&2
}

# mem_snapshot FILE: prints the bytes in kmalloc caches (with the
# kmalloc-cg ones of GFP_KERNEL_ACCOUNT allocations: netdevs),
# unreclaimable slab (kB) and available memory (kB), after dropping caches
# and shrinking every slab cache until unreclaimable slab stops shrinking;
# keeps the bytes of each slab cache in FILE. Much of what a test frees is
# freed later: inodes, dentries and kernfs nodes after an RCU grace
# period, a namespace by a work item, and a slab page only once its last
# object is gone, so one pass right after a teardown of hundreds of
# devices reads megabytes that are on their way out (a slow machine's
# 46-scale read 4.4 MB). Shrinking a cache also empties KASAN's quarantine
# of its objects (kasan_cache_shrink): on the debug kernel, freed objects
# otherwise stay counted for a while.
mem_snapshot()
{
	local f i s0 s prev=

	# The uevents udevd has not read yet are skbs in its socket, and
	# udev's workers, forked for a burst of uevents, are user memory
	# that MemAvailable counts: let udev catch up and exit them (it does
	# a few seconds after its queue empties).
	if pgrep -x systemd-udevd >/dev/null; then
		udev_drain
		wait_for 30 sh -c '[ "$(pgrep -c -x systemd-udevd)" -le 1 ]' ||
			echo "mem_snapshot: udev workers still there" >&2
	fi
	sync
	for ((i = 1; i <= 30; i++)); do
		echo 3 > /proc/sys/vm/drop_caches
		for f in /sys/kernel/slab/*/shrink; do
			echo 1 > "$f" 2>/dev/null || :
		done
		sleep 1
		s=$(awk '/^SUnreclaim:/ { print $2 }' /proc/meminfo)
		[ -n "$prev" ] || s0=$s
		# settled: less than 128 kB freed in the last second
		[ -z "$prev" ] || [ $((prev - s)) -ge 128 ] || break
		prev=$s
	done
	[ $i -le 2 ] ||
		echo "mem_snapshot: $i s until slab settled ($s0 -> $s kB)" >&2
	awk 'NR > 2 { print $1, $2 * $4 }' /proc/slabinfo | sort > "$1"
	awk -v k="$(awk '/^kmalloc-(cg-)?[0-9]/ { b += $2 } END { print b }' "$1")" \
	    '/^SUnreclaim:/ { s = $2 } /^MemAvailable:/ { a = $2 }
	     END { print k, s, a }' /proc/meminfo
}

# mem_compare PREFIX BEFORE AFTER KMALLOC_KB: checks that two mem_snapshot
# lines (the per-cache files PREFIX.before and PREFIX.after) show no growth
# beyond noise: kmalloc caches by less than KMALLOC_KB, unreclaimable slab
# by less than 2 MB, available memory by less than 32 MB. Logs the caches
# that grew most, and the sockets holding received data (frames queued to
# a reader that does not read are live memory that no leak check sees).
mem_compare()
{
	local k0 s0 a0 k1 s1 a1

	log "slab caches that grew most (bytes):" \
	    "$(join "$1.before" "$1.after" |
	       awk '{ print $3 - $2, $1 }' | sort -rn | head -n 6 | xargs)"
	log "netlink sockets holding received bytes (protocol pid groups bytes):" \
	    "$(awk 'NR > 1 && $5 > 0 { print $2, $3, $4, $5 }' \
		/proc/net/netlink | xargs)"
	log "sockets holding received bytes (ss):" \
	    "$(ss -a -n -H -p -m 2>/dev/null | grep -v '^nl ' |
	       grep -E 'skmem:\(r[1-9]' |
	       tr -s ' \t' ' ' | cut -c1-200)"
	# RDMA devices hold buffers of their own (ib_mad posts 512 receive
	# buffers per port): one left behind is a leak of its own.
	log "RDMA links left:" \
	    "$(rdma -d link show 2>/dev/null | cut -d' ' -f1-4 | xargs)"
	read -r k0 s0 a0 <<<"$2"
	read -r k1 s1 a1 <<<"$3"
	check_ok "kmalloc caches grew by less than $4 kB ($k0 -> $k1 B)" \
		test $((k1 - k0)) -lt $(($4 * 1024))
	check_ok "unreclaimable slab grew by less than 2 MB ($s0 -> $s1 kB)" \
		test $((s1 - s0)) -lt 2048
	check_ok "available memory shrank by less than 32 MB ($a0 -> $a1 kB)" \
		test $((a0 - a1)) -lt 32768
}

# note TEXT: a line the harness repeats in the TAP output under the test's
# result line, pass or fail (a fuzzer's seed, what it counted)
note()
{
	echo "  note: $*"
}
