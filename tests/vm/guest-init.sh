#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# PID 1 of the test VM, running from the host's root (read-only 9p).
# Prepares a minimal system (pseudo filesystems, loopback, udevd, our modules
# staged in the module tree so modprobe finds them by name), runs what the
# host asked for in $SFNIC_RESULTS/guest.env, saves dmesg and the exit status
# into the results folder and powers the VM off.

export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
export HOME=/root TERM=dumb LANG=C.UTF-8
cd /

set -a
# shellcheck source=/dev/null
. "$SFNIC_RESULTS/guest.env"
set +a

poweroff_now()
{
	sync
	busybox poweroff -f
	sleep 30
}

mkdir -p /dev/pts /dev/shm
mount -t devpts -o gid=5,mode=620 devpts /dev/pts
mount -t tmpfs tmpfs /dev/shm
mount -t debugfs debugfs /sys/kernel/debug
mount -t tracefs tracefs /sys/kernel/tracing 2>/dev/null
mount -t configfs configfs /sys/kernel/config 2>/dev/null
mount -t cgroup2 cgroup2 /sys/fs/cgroup 2>/dev/null
ln -sf /proc/self/fd /dev/fd
hostname sfnic-vm
ip link set lo up
echo 0 > /proc/sys/kernel/panic_on_oops
# A namespace holds only what a test puts there: the debug kernel has the
# IPv6-in-IPv4 tunnel built in, whose fallback device (sit0) would
# otherwise appear in every new namespace (as on a host with sit loaded).
echo 1 > /proc/sys/net/core/fb_tunnels_only_for_init_net
# The console shows warnings and worse, and the stacks printed at the
# default level with them: when the guest hangs (a soft lockup, an RCU
# stall) the stream below stops, and the console is all that is left of
# the stuck CPUs' backtraces. The whole log is also streamed to the
# results as it is written, so that the report which came before a panic
# or a hang is there for the post-mortem.
dmesg -n 5
cat /dev/kmsg > "$SFNIC_RESULTS/kmsg.txt" 2>/dev/null &

# Our modules: the host staged a module tree ($SFNIC_RESULTS/modtree) whose
# kernel/ points back at the kernel's own modules. Bind it over
# /lib/modules/$KVER so that modprobe, modinfo and udev's autoloading see the
# stack exactly as after 'make install' on a real host.
mkdir -p /run/sfnic/kmods
mount --bind "/lib/modules/$KVER" /run/sfnic/kmods
mount --bind "$SFNIC_RESULTS/modtree/lib/modules/$KVER" "/lib/modules/$KVER"

# udev loads class drivers from MODALIAS uevents, as on a real host, and
# runs the rules 'make install' installed (staged by the host).
if [ -d "$SFNIC_RESULTS/modtree/lib/udev/rules.d" ]; then
	mkdir -p /run/udev/rules.d
	cp "$SFNIC_RESULTS/modtree/lib/udev/rules.d/"*.rules /run/udev/rules.d/
fi
if [ -x /lib/systemd/systemd-udevd ]; then
	/lib/systemd/systemd-udevd --daemon --resolve-names=never 2>/dev/null
fi

# The host kills a guest whose heartbeat stops: a hung kernel.
( while :; do date +%s > "$SFNIC_RESULTS/heartbeat"; sleep 5; done ) &

rc=0
case "$MODE" in
check)
	"$SFNIC_ROOT/tests/vm/guest-run.sh" $TESTS
	rc=$?
	;;
demo)
	"$SFNIC_ROOT/tests/demo.sh"
	rc=$?
	;;
bench)
	# shellcheck disable=SC2086
	"$SFNIC_ROOT/tests/bench/run.sh" ${BENCH:-}
	rc=$?
	;;
cmd)
	bash -c "$CMD"
	rc=$?
	;;
esac

udevadm control --exit 2>/dev/null
dmesg > "$SFNIC_RESULTS/dmesg.txt"
echo "$rc" > "$SFNIC_RESULTS/guest.rc"
poweroff_now
