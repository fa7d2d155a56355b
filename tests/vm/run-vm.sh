#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# run-vm.sh [options] [TEST...]: boot the installed Debian kernel under QEMU
# (TCG) with the host's root shared read-only and run sfnic inside it.
#
#   --check TEST...   run these test scripts (default mode)
#   --demo            run tests/demo.sh
#   --bench           run tests/bench/run.sh (with the names in $BENCH;
#                     BENCH_* and SCALE_* settings are passed on)
#   --cmd "CMD"       run a shell command
#   --timeout S       kill the VM after S seconds (default: $VM_TIMEOUT, or
#                     600 + 330/test)
#   --results DIR     results folder (default: results/<mode>-<date>)
#   --kver V          kernel version whose modules the VM uses (default KVER)
#   --kimage FILE     kernel image to boot (default /boot/vmlinuz-KVER)
#   --kmods DIR       the tree whose *.ko the VM loads (default: this one;
#                     tests/vm/build-mods.sh builds one per kernel)
#   --kvm             use KVM when /dev/kvm works (TCG is the default)
#
# VM_MEM (MiB), VM_SMP (vCPUs) and VM_APPEND (kernel parameters added to
# the command line) shape the VM.
#
# Exit status: the guest's (0 when everything passed); 124 when the VM had to
# be killed (its heartbeat stopped, or it ran over time); 125 when the guest
# died without a result.

set -euo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
# shellcheck source=tests/vm/test-limit.sh
source "$ROOT/tests/vm/test-limit.sh"
KVER=${KVER:-$("$ROOT/tests/vm/kver.sh")}
KIMAGE=${KIMAGE:-}
KMODS=${KMODS:-$ROOT}
MODE=check
CMD=""
TIMEOUT=${VM_TIMEOUT:-}
RESULTS=""
ACCEL=tcg
TEST_TIMEOUT=${TEST_TIMEOUT:-}
# Below every test's limit, so a task stuck in the kernel is reported (with
# its stack) before the test is killed.
HUNG_TASK_SECS=${HUNG_TASK_SECS:-90}
MEM=${VM_MEM:-}
SMP=${VM_SMP:-2}
tests=()

while [ $# -gt 0 ]; do
	case "$1" in
	--check) MODE=check ;;
	--demo) MODE=demo ;;
	--bench) MODE=bench ;;
	--cmd) MODE=cmd; CMD=$2; shift ;;
	--timeout) TIMEOUT=$2; shift ;;
	--results) RESULTS=$2; shift ;;
	--kver) KVER=$2; shift ;;
	--kimage) KIMAGE=$2; shift ;;
	--kmods) KMODS=$2; shift ;;
	--kvm) ACCEL=kvm ;;
	-*) echo "run-vm.sh: unknown option $1" >&2; exit 2 ;;
	*) tests+=("$(realpath "$1")") ;;
	esac
	shift
done

# bench_limit: seconds for a bench VM: 600 plus the limit of each
# benchmark tests/bench/run.sh will run (those BENCH names, or all but the
# "# own VM" ones), 1500 s unless its "# timeout:" line says otherwise.
bench_limit()
{
	local b n want sum=600 lim

	for b in "$ROOT"/tests/bench/[0-9]*.sh; do
		want=0
		if [ -n "${BENCH:-}" ]; then
			for n in $BENCH; do
				[[ "$(basename "$b")" == "$n"* ]] && want=1
			done
		elif ! grep -q '^# own VM' "$b"; then
			want=1
		fi
		[ $want = 1 ] || continue
		lim=$(sed -n 's/^# timeout: *\([0-9]\+\)$/\1/p' "$b" | head -n 1)
		sum=$((sum + ${lim:-1500}))
	done
	echo "$sum"
}

KIMAGE=${KIMAGE:-/boot/vmlinuz-$KVER}
# KASAN's shadow and kmemleak's pool need room of their own.
# A test runs 3 to 5 times slower there: its limit grows with it.
case "$KVER" in
*-sfnic-debug) MEM=${MEM:-2048} TEST_TIMEOUT=${TEST_TIMEOUT:-900} ;;
*) MEM=${MEM:-2048} TEST_TIMEOUT=${TEST_TIMEOUT:-300} ;;
esac
[ -r "$KIMAGE" ] || { echo "run-vm.sh: no kernel image $KIMAGE" >&2; exit 2; }
[ -d "/lib/modules/$KVER/kernel" ] ||
	{ echo "run-vm.sh: no modules for $KVER" >&2; exit 2; }
if [ -z "$TIMEOUT" ]; then
	# Each test has its own limit inside the guest (test-limit.sh); this
	# one only bounds a guest that stops making progress altogether: the
	# sum of those limits.
	TIMEOUT=600
	for t in "${tests[@]}"; do
		TIMEOUT=$((TIMEOUT + $(test_limit "$t" "$KVER" "$TEST_TIMEOUT") + 30))
	done
	case "$MODE" in
	check) ;;
	bench) TIMEOUT=$(bench_limit) ;;
	*) TIMEOUT=1800 ;;
	esac
fi
if [ -z "$RESULTS" ]; then
	RESULTS="$ROOT/results/$MODE-$(date +%Y%m%d-%H%M%S)-$$"
fi
mkdir -p "$RESULTS"
RESULTS=$(realpath "$RESULTS")
rm -f "$RESULTS/guest.rc" "$RESULTS/guest.counts" "$RESULTS/dmesg.txt"

# The initramfs only depends on the kernel and tests/vm/init.
BUILD=${O_BUILD:-$ROOT/build}/vm
INITRD="$BUILD/initramfs-$KVER.cpio.gz"
if [ ! -s "$INITRD" ] || [ "$ROOT/tests/vm/init" -nt "$INITRD" ] ||
   [ "$ROOT/tests/vm/mkinitramfs.sh" -nt "$INITRD" ]; then
	"$ROOT/tests/vm/mkinitramfs.sh" "$KVER" "$INITRD"
fi

# Stage a module tree: the kernel's own modules (through a symlink the guest
# resolves to a bind mount of the real tree) plus a snapshot of every module
# of ours under updates/, with depmod run over it here on the host.
stage="$RESULTS/modtree/lib/modules/$KVER"
rm -rf "$RESULTS/modtree"
mkdir -p "$stage/updates/sfnic"
for f in modules.order modules.builtin modules.builtin.modinfo; do
	[ -e "/lib/modules/$KVER/$f" ] && cp "/lib/modules/$KVER/$f" "$stage/"
done
ln -s "/lib/modules/$KVER/kernel" "$stage/kernel"
(cd "$KMODS" && find drivers devlink tests -name '*.ko' -print0 2>/dev/null |
	xargs -0r cp -t "$stage/updates/sfnic/")
depmod -b "$RESULTS/modtree" "$KVER"
ln -sfn "/run/sfnic/kmods/kernel" "$stage/kernel"
# The udev rule as 'make install' installs it; the guest's udevd reads it.
make -s -C "$ROOT" --no-print-directory install-udev \
	INSTALL_MOD_PATH="$RESULTS/modtree" >/dev/null

cat > "$RESULTS/guest.env" <<ENV
MODE=$MODE
KVER=$KVER
TEST_TIMEOUT=$TEST_TIMEOUT
TAP_START=${TAP_START:-1}
TAP_PREFIX="${TAP_PREFIX:-}"
TESTS="${tests[*]}"
CMD=$(printf '%q' "$CMD")
ENV
# The benchmarks to run and their settings (make bench, make bench-scale),
# the fail-nth sweep's (FAILNTH_RUNS=0 tries every point) and the VFIO
# fuzzer's (FUZZ_SECS, FUZZ_SEED).
[ -z "${BENCH:-}" ] || echo "BENCH=$(printf '%q' "$BENCH")" >> "$RESULTS/guest.env"
while IFS='=' read -r k _; do
	echo "export $k=$(printf '%q' "${!k}")" >> "$RESULTS/guest.env"
done < <(env | grep -E '^(BENCH_|SCALE_|FAILNTH_|FUZZ_)[A-Z0-9_]*=' || true)
# The stress test's length and how long udev may take to catch up with
# the uevents (make soak), when asked for.
[ -z "${STRESS_SECS:-}" ] ||
	echo "export STRESS_SECS=$STRESS_SECS" >> "$RESULTS/guest.env"
[ -z "${UDEV_DRAIN_SECS:-}" ] ||
	echo "export UDEV_DRAIN_SECS=$UDEV_DRAIN_SECS" >> "$RESULTS/guest.env"

# loglevel=5 puts warnings on the console too, so that what a hung or
# crashed guest said last is in console.log; a soft lockup or a hung task
# shows every CPU's stack, so a hang explains itself.
append="console=ttyS0,115200 quiet loglevel=5 panic=-1 log_buf_len=16M"
append+=" mitigations=off random.trust_cpu=on printk.devkmsg=on"
append+=" softlockup_all_cpu_backtrace=1"
# TCG on a loaded host is too slow for the boot's timer sanity checks.
append+=" no_timer_check"
append+=" sysctl.kernel.hung_task_all_cpu_backtrace=1"
append+=" sysctl.kernel.hung_task_timeout_secs=$HUNG_TASK_SECS"
append+=" sfnicvm.root=$ROOT sfnicvm.results=$RESULTS"
# Extra kernel parameters (slub_debug=U,kmalloc-512 to find who allocates
# what, ...).
append+="${VM_APPEND:+ $VM_APPEND}"

if [ "$ACCEL" = kvm ] && ! [ -w /dev/kvm ]; then
	ACCEL=tcg
fi

# TCG's "max" CPU has LA57, and a kernel that finds it runs on 5-level
# page tables, its direct map at 0xff11000000000000. 6.1's identify_cpu()
# clears the boot CPU's feature bits and reads them again with interrupts
# on: an interrupt in that window takes KASAN's shadow bounds for 4-level
# paging and reports a "wild-memory-access" on its irq_desc lock, before
# any of our code runs (one boot in four or five). Real machines rarely
# have LA57: the VM runs without it.
qemu=(qemu-system-x86_64 -machine q35 -accel "$ACCEL" -cpu max,la57=off
	-smp "$SMP" -m "$MEM" -nodefaults -no-user-config -display none
	-no-reboot -monitor none -serial stdio
	-kernel "$KIMAGE" -initrd "$INITRD" -append "$append"
	-device virtio-rng-pci
	-virtfs "local,path=/,mount_tag=hostroot,security_model=none,readonly=on,multidevs=remap"
	-virtfs "local,path=$ROOT,mount_tag=sfnicroot,security_model=none,readonly=on,multidevs=remap"
	-virtfs "local,path=$RESULTS,mount_tag=results,security_model=none,multidevs=remap")

# Watch the VM: a guest that wrote its result but does not power off is
# stopped after a grace period; one whose heartbeat (written every 5 s by
# guest-init.sh) stops for HB_LIMIT seconds, or that runs over TIMEOUT, is
# killed and reported as hung.
HB_LIMIT=${HB_LIMIT:-120}
rm -f "$RESULTS/heartbeat"
"${qemu[@]}" < /dev/null > >(sed -u 's/\r//g' | tee "$RESULTS/console.log" |
	grep --line-buffered -v -E '\] (reboot: Power down|sysrq: Power Off)$') 2>&1 &
qpid=$!
start=$SECONDS
rc_seen=""
why=""
while kill -0 "$qpid" 2>/dev/null; do
	now=$SECONDS
	if [ -s "$RESULTS/guest.rc" ]; then
		rc_seen=${rc_seen:-$now}
		if [ $((now - rc_seen)) -gt 30 ]; then
			echo "run-vm.sh: the guest finished but did not power off;" \
			     "stopping it" >&2
			kill -KILL "$qpid"
			break
		fi
	elif [ $((now - start)) -ge "$TIMEOUT" ]; then
		why="did not finish within ${TIMEOUT}s"
	elif [ -e "$RESULTS/heartbeat" ] &&
	     [ $(($(date +%s) - $(stat -c %Y "$RESULTS/heartbeat"))) -gt "$HB_LIMIT" ]; then
		why="stopped responding (no heartbeat for ${HB_LIMIT}s)"
	fi
	if [ -n "$why" ]; then
		kill -KILL "$qpid"
		break
	fi
	sleep 1
done
rc=0
wait "$qpid" 2>/dev/null || rc=$?
sleep 0.2

# The guest scanned its log up to its "log scanned" line; what the console
# shows after it (the unloading of udev, the power-off) is scanned here. A
# guest that died or hung never got there: show the reports that explain it
# and the test that was running.
scan_console()
{
	local from=$1

	tail -n +"$from" "$RESULTS/console.log" |
		python3 "$ROOT/tests/vm/klog-scan.py" \
			"$ROOT/tests/vm/klog-allowlist"
}

if [ -s "$RESULTS/guest.rc" ]; then
	grc=$(cat "$RESULTS/guest.rc")
	from=$(grep -n 'sfnic-vm: log scanned' "$RESULTS/console.log" |
	       tail -n 1 | cut -d: -f1 || true)
	if [ -n "$from" ] && ! bad=$(scan_console "$from"); then
		echo "not ok - ${TAP_PREFIX:-}after the tests # kernel log:" \
		     "$(head -n 1 <<<"$bad" | cut -d' ' -f2-)"
		echo "run-vm.sh: a kernel report after the last test;" \
		     "console: $RESULTS/console.log" >&2
		[ "$grc" -ne 0 ] || grc=1
		echo "after-tests" > "$RESULTS/guest.late"
	fi
	exit "$grc"
fi
last=$(grep -o 'sfnic-vm: begin .*' "$RESULTS/console.log" | tail -n 1 ||
       true)
if bad=$(scan_console 1); then :; else
	echo "run-vm.sh: the kernel said (${last:+while running ${last#sfnic-vm: begin }}):" >&2
	sed 's/^/  /' <<<"$bad" | head -n 10 >&2
fi
if [ -n "$why" ]; then
	echo "run-vm.sh: the VM $why and was killed (hung guest?);" \
	     "console: $RESULTS/console.log" >&2
	exit 124
fi
echo "run-vm.sh: the guest stopped without a result (crash or panic;" \
     "qemu status $rc); console: $RESULTS/console.log" >&2
exit 125
