#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# kernels: debug
# timeout: 3000
#
# Every allocation of every management path fails in turn: a fail-nth
# sweep. For each path, tests/sfnic/client/failnth runs the operation with
# /proc/thread-self/fail-nth armed at N = 1, 2, ...: the N-th slab or page
# allocation (failslab, fail_page_alloc) the calling thread reaches fails.
# After each N the operation either failed with an error or succeeded (a
# fallback absorbed the failure); either way nothing may be half-made (no
# stray port, mdev, NIC or devlink instance; the function's hw_addr and
# state read what the outcome says), what succeeded is undone and the next
# N goes on. The sweep of a path ends when fail-nth reads back non-zero
# after the operation: the path has fewer than N points and ran unharmed,
# which also proves the earlier failures left nothing that stops it. A
# netlink request whose ACK could not be allocated ran, but its caller
# cannot tell how (ENOBUFS): the state then says which it was. Each path's
# points are first counted (one run armed past its end: fail-nth reads
# back what was not used) and logged ("points: ..."); FAILNTH_RUNS (8)
# of them, spread evenly from the first, are then tried, and the last run
# is at the count + 1, where the fault must not be injected. Each run
# costs seconds in make check's TCG guest; FAILNTH_RUNS=0 tries every
# point (far longer: the creation paths register devices, netdevs and
# sysfs files). At the end the memory is compared with before the
# sweeps; kmemleak is scanned by the harness after the test, and any
# WARN, KASAN or lockdep report fails it.
#
# fail-nth fires only in the thread that armed it, in task context: work
# an operation leaves to a work item (the SF's asynchronous activation and
# teardown, deferred frees) or to another task is out of its reach. The
# model's command injection covers those paths (05-faults, 11-teardown-
# faults, 24-reload-faults).
#
# The fault attributes: fail-nth bypasses probability, interval, times and
# the task filter (should_fail_ex() of lib/fault-inject.c checks
# current->fail_nth first), but not each attribute's own filters:
# failslab and fail_page_alloc skip allocations that may sleep unless
# ignore-gfp-wait is N, and fail_page_alloc those below min-order (0
# here). probability 100 with task-filter Y and no task marked make-it-fail
# fails nothing outside fail-nth; verbose 0 keeps the log to the
# allocators' own warnings. Everything is restored on exit.
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/common.sh"

NTH=$SFNIC_ROOT/tests/sfnic/client/failnth
DBG=/sys/kernel/debug
# Points tried per path (0: all of them). Each run costs seconds in the
# TCG guest of make check; FAILNTH_RUNS=0 make check T=... tries them all.
FAILNTH_RUNS=${FAILNTH_RUNS:-8}
FAILNTH_BIG=1000000
ID2=$((ID + 1))
TYPES=/sys/class/mdevc_bus/sfnic$ID/mdev_supported_types
MDEVS=/sys/bus/mdevc/devices
SFNUM=10

[ -e /proc/thread-self/fail-nth ] || skip "no fail-nth in this kernel"
[ -x "$NTH" ] || fail "no $NTH: run make first"
mountpoint -q $DBG || mount -t debugfs none $DBG

# knob FILE VALUE: set a fault attribute, restored on exit.
knob()
{
	defer "echo $(cat "$1") > $1"
	echo "$2" > "$1" || fail "echo $2 > $1"
}

for fa in $DBG/failslab $DBG/fail_page_alloc; do
	knob "$fa"/task-filter Y
	knob "$fa"/probability 100
	knob "$fa"/interval 1
	knob "$fa"/times -1
	knob "$fa"/verbose 0
	knob "$fa"/ignore-gfp-wait N
done
knob $DBG/fail_page_alloc/min-order 0
knob $DBG/fail_page_alloc/ignore-gfp-highmem N
pass "failslab and fail_page_alloc set up for fail-nth"

load_mod vfio_iommu_type1
sfnic_setup
load_mod mdevc_vfio
load_mod mdevc_virtio
load_mod virtio_net
switchdev
mem0=$(mem_snapshot /tmp/failnth.mem.before)

nmdevs()
{
	find $MDEVS -mindepth 1 -maxdepth 1 | wc -l
}

# sfnum_port SFNUM: the handle of the port of that sfnum, if any.
sfnum_port()
{
	devlink -j port show | jq -r --argjson s "$1" \
		'.port | to_entries[] | select(.value.sfnum == $s) | .key'
}

# must DESC CMD...: a check of the state after one N; silent when true.
must()
{
	local desc=$1

	shift
	"$@" >/dev/null 2>&1 ||
		fail "$SWEEP, N=$N ($OUT): $desc"
}

# ok_rc: the operation of this N succeeded.
ok_rc()
{
	[ "$RC" -eq 0 ] || [ "$RC" -eq 2 ]
}

# done_if CMD...: the operation succeeded, or its netlink answer was lost
# (the ACK could not be allocated: RC 5) and CMD says it took effect.
done_if()
{
	ok_rc || { [ "$RC" -eq 5 ] && "$@" >/dev/null 2>&1; }
}

# one_n: run the operation once with fail-nth at N, check and undo.
one_n()
{
	! declare -F "${SWEEP}_prep" >/dev/null || "${SWEEP}_prep" "$N"
	OUT=$("${SWEEP}_op" "$N" 2>&1)
	RC=$?
	case $RC in
	0) FALLS=$((FALLS + 1)) ;;
	1) ERRS=$((ERRS + 1))
	   echo "${OUT#*error: }" >> "/tmp/failnth.$SWEEP.err" ;;
	2) ;;
	5) LOST=$((LOST + 1)) ;;
	*) fail "$SWEEP, N=$N: $OUT" ;;
	esac
	"${SWEEP}_after"
}

# sweep NAME: count the injection points of NAME_op (one run armed past
# the end of the path: fail-nth reads back N minus the points passed),
# then run it at N = 1, 2, ... until the fault is no longer injected:
# every point, or FAILNTH_RUNS of them evenly spread (the first always)
# when the path has more. NAME_prep N (optional) runs before each N,
# NAME_after checks and undoes after each, the counting run included.
sweep()
{
	local t0=$SECONDS runs=0 points step next

	SWEEP=$1
	ERRS=0 FALLS=0 LOST=0
	: > "/tmp/failnth.$SWEEP.err"
	N=$FAILNTH_BIG
	one_n
	[ $RC -eq 2 ] || fail "$SWEEP: a run with fail-nth $N failed: $OUT"
	points=$(sed -n 's/.*not injected, \([0-9]*\) points.*/\1/p' <<<"$OUT")
	[ -n "$points" ] || fail "$SWEEP: no count of points in: $OUT"
	step=1
	if [ "$FAILNTH_RUNS" -gt 0 ] && [ "$points" -gt "$FAILNTH_RUNS" ]; then
		step=$(((points + FAILNTH_RUNS - 1) / FAILNTH_RUNS))
	fi
	N=1
	while :; do
		[ $N -le $((points + 1000)) ] ||
			fail "$SWEEP: still injected at N = $N ($points points counted)"
		one_n
		runs=$((runs + 1))
		[ $RC -ne 2 ] || break
		next=$((N + step))
		# The end of the path is always reached: N = points + 1.
		[ $N -gt "$points" ] || [ $next -le $((points + 1)) ] ||
			next=$((points + 1))
		[ $N -le "$points" ] || next=$((N + 1))
		N=$next
	done
	log "points: $SWEEP: $points (sweep ended at N = $N;" \
	    "$runs runs, every $([ $step -eq 1 ] && echo point ||
	    echo "$step-th point"): $ERRS failed cleanly, $FALLS" \
	    "succeeded through a fallback, $LOST lost the netlink ACK;" \
	    "$((SECONDS - t0)) s)"
	sort "/tmp/failnth.$SWEEP.err" | uniq -c | sort -rn | sed 's/^/  #     /'
	[ $N -eq $((points + 1)) ] ||
		log "$SWEEP: the sweep did not end at the count + 1: the path varies"
	pass "$SWEEP: every injection point tried failed cleanly"
}

# ---- devlink port add, hw_addr, state, del ----

uplink_ports=$(ports_of "$DEV")
mdevs=$(nmdevs)
avail=$(cat "$SF_TYPE/available_instances")

# nothing_stray: no port but the uplink, no mdev, every SF slot free (a
# function whose release the model refused is freed later by its work).
nothing_stray()
{
	[ "$(ports_of "$DEV")" = "$uplink_ports" ] &&
		[ "$(nmdevs)" = "$mdevs" ] &&
		[ "$(cat "$SF_TYPE/available_instances")" = "$avail" ]
}

port_add_op()
{
	"$NTH" "$1" port-add "$DEV" 0 $SFNUM
}

port_add_after()
{
	local p

	p=$(sfnum_port $SFNUM)
	if done_if test -n "$p"; then
		must "the port is there" test -n "$p"
		[ "$RC" -eq 5 ] ||
			must "the reply named it" grep -qF "port $p" <<<"$OUT"
		must "it is inactive" fn_is "$p" inactive detached
		must "port del" devlink port del "$p"
	else
		must "no port left" test -z "$p"
	fi
	must "no port, mdev or SF slot left" wait_for 30 nothing_stray
}
sweep port_add

P=$(sf_add $SFNUM) || fail "port add"
pass "SF port $P for the function sweeps"
# shellcheck disable=SC2016 # P is read at exit: port del re-adds it
defer_try 'devlink port del "$P"'
MAC=$(fn_field "$P" hw_addr)

hw_addr_prep()
{
	NEW=$(printf '02:00:00:00:%02x:%02x' $(($1 / 256 % 256)) $(($1 % 256)))
}

hw_addr_op()
{
	"$NTH" "$1" hw-addr "$P" "$NEW"
}

hw_addr_after()
{
	local want=$MAC

	! done_if test "$(fn_field "$P" hw_addr)" = "$NEW" || want=$NEW
	must "hw_addr reads $want" test "$(fn_field "$P" hw_addr)" = "$want"
	MAC=$want
	must "the function is inactive" fn_is "$P" inactive detached
	must "no port or mdev left" test "$(nmdevs)" = "$mdevs"
}
sweep hw_addr

state_active_op()
{
	"$NTH" "$1" state "$P" active
}

state_active_after()
{
	if done_if test "$(fn_field "$P" state)" = active; then
		must "the SF attaches" wait_for 60 fn_is "$P" active attached
		must "state inactive" devlink port function set "$P" state inactive
		must "the SF detaches" wait_for 60 fn_is "$P" inactive detached
	else
		must "the function stays inactive" fn_is "$P" inactive detached
	fi
	must "no mdev left" test "$(nmdevs)" = "$mdevs"
}
sweep state_active

check_ok "SF active for the deactivation sweep" sf_activate "$P"

state_inactive_op()
{
	"$NTH" "$1" state "$P" inactive
}

state_inactive_after()
{
	if done_if test "$(fn_field "$P" state)" = inactive; then
		must "the SF detaches" wait_for 60 fn_is "$P" inactive detached
		must "no mdev left" test "$(nmdevs)" = "$mdevs"
		must "the SF attaches again" sf_activate "$P"
	else
		must "the SF stays attached" fn_is "$P" active attached
	fi
}
sweep state_inactive

check_ok "SF inactive for the port del sweep" \
	devlink port function set "$P" state inactive
check_ok "SF detached" wait_for 60 fn_is "$P" inactive detached

port_del_op()
{
	"$NTH" "$1" port-del "$P"
}

port_del_after()
{
	if done_if test -z "$(sfnum_port $SFNUM)"; then
		must "the port is gone" test -z "$(sfnum_port $SFNUM)"
		must "no port, mdev or SF slot left" wait_for 30 nothing_stray
		P=$(sf_add $SFNUM) || fail "port add again after N=$N"
	else
		must "the port stays" test "$(sfnum_port $SFNUM)" = "$P"
		must "inactive" fn_is "$P" inactive detached
	fi
}
sweep port_del
check_ok "port del" devlink port del "$P"

# ---- VFIO open, mdevc create of each type ----

mdev_uuid()
{
	U=$(cat /proc/sys/kernel/random/uuid)
}

mdev_bound()
{
	[ -e "$MDEVS/$U/driver" ]
}

create_after()
{
	if ok_rc; then
		must "the mdev is there" test -d "$MDEVS/$U"
		must "its class driver binds it" wait_for 60 mdev_bound
		if [ "$TYPE" = sfnic-sf ]; then
			must "the SF attaches" wait_for 60 fn_is \
				"$(cat "$MDEVS/$U/devlink_port")" active attached
		fi
		must "remove" sysfs_write "$MDEVS/$U/remove" 1
		must "the mdev goes" wait_for 60 test ! -e "$MDEVS/$U"
	fi
	must "no port, mdev or SF slot left" wait_for 30 nothing_stray
}

create_op()
{
	"$NTH" "$1" write "$TYPES/$TYPE/create" "$U"
}

mdev_uuid
check_ok "create a vfio function" \
	sysfs_write "$TYPES/sfnic-virtio_net_vfio/create" "$U"
defer "[ ! -e $MDEVS/$U ] || echo 1 > $MDEVS/$U/remove"
check_ok "VFIO gives it an IOMMU group" wait_for 60 test -e "$MDEVS/$U/iommu_group"

vfio_open_op()
{
	"$NTH" "$1" vfio-open "$MDEVS/$U"
}

vfio_open_after()
{
	must "the device stays bound" mdev_bound
}
sweep vfio_open
check_ok "remove the vfio function" sysfs_write "$MDEVS/$U/remove" 1
check_ok "it goes" wait_for 60 test ! -e "$MDEVS/$U"

# ---- new_device / del_device ----

netdevs=$(find /sys/class/net -mindepth 1 -maxdepth 1 | wc -l)
new_device_op()
{
	"$NTH" "$1" write "$SFNIC_BUS"/new_device $ID2
}

nic2_gone()
{
	[ ! -e "$SFNIC_BUS"/devices/sfnic$ID2 ] &&
		! devlink dev show "sfnic/sfnic$ID2" &&
		[ "$(find /sys/class/net -mindepth 1 -maxdepth 1 | wc -l)" = "$netdevs" ]
}

nic2_there()
{
	[ -e "$SFNIC_BUS"/devices/sfnic$ID2 ] &&
		devlink dev show "sfnic/sfnic$ID2"
}

new_device_after()
{
	if ok_rc; then
		must "the new NIC is there" nic2_there
		must "del_device" sysfs_write "$SFNIC_BUS"/del_device $ID2
	fi
	must "no NIC, devlink instance or netdev left" nic2_gone
}

defer "[ ! -e $SFNIC_BUS/devices/sfnic$ID2 ] || echo $ID2 > $SFNIC_BUS/del_device"
sweep new_device

del_device_prep()
{
	[ -e "$SFNIC_BUS"/devices/sfnic$ID2 ] ||
		sysfs_write "$SFNIC_BUS"/new_device $ID2 ||
		fail "new_device $ID2 before del_device, N=$1"
}

del_device_op()
{
	"$NTH" "$1" write "$SFNIC_BUS"/del_device $ID2
}

del_device_after()
{
	if ok_rc; then
		must "the NIC is gone" nic2_gone
	else
		must "the NIC is still whole" nic2_there
	fi
}
sweep del_device

# virtio_net_mq: the same path as virtio_net, with its control queue and a
# second queue pair allocated as well
for TYPE in sfnic-sf sfnic-virtio_net_mq sfnic-virtio_net_vfio; do
	t=create_${TYPE//-/_}
	eval "${t}_prep() { mdev_uuid; }"
	eval "${t}_op() { create_op \"\$@\"; }"
	eval "${t}_after() { create_after; }"
	sweep "$t"
done

# ---- no leak ----

check_ok "nothing left on the NIC" wait_for 30 nothing_stray
mem1=$(mem_snapshot /tmp/failnth.mem.after)
mem_compare /tmp/failnth.mem "$mem0" "$mem1" 1024
