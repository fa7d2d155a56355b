#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The sfnic demo, run by 'make demo' inside the test VM: a narrated session
# with the real tools, each command printed with its output, the way an
# operator drives an mlx5 SmartNIC host.

SFNIC_ROOT=$(cd "$(dirname "$0")/.." && pwd)

say()
{
	printf '\n### %s\n' "$*"
}

run()
{
	printf '$ %s\n' "$*"
	bash -c "$*" 2>&1 | sed 's/^/  /'
}

have_mod()
{
	modinfo "$1" >/dev/null 2>&1
}

say "A Debian 12 kernel, booted under QEMU with the sfnic stack staged"
run uname -r
run "ls /lib/modules/\$(uname -r)/updates/sfnic/"

if have_mod mdevc; then
	say "The class-aware mdev bus loads beside the kernel's own mdev bus"
	run modprobe mdev
	run modprobe mdevc
	run "ls /sys/bus/ | grep mdev"
	run "ls /sys/class/ | grep mdev"
fi

if have_mod sfnic; then
	# shellcheck source=/dev/null
	. "$SFNIC_ROOT/tests/demo.d/sfnic.sh"
fi

say "Nothing went wrong in the kernel"
run "dmesg | grep -cE 'WARNING:|BUG:|Call Trace:' || true"
