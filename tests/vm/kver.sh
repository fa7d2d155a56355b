#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Print the kernel version sfnic builds against and boots in the test VM:
# the newest installed 6.1 kernel that has both headers and an image. The
# running kernel is irrelevant (CI machines may run anything, or have no
# /lib/modules at all). Fall back to any kernel with headers, then uname -r.

pick() {
	for d in /lib/modules/*/build; do
		[ -e "$d/Makefile" ] || continue
		v=${d%/build}
		v=${v#/lib/modules/}
		[ -e "/boot/vmlinuz-$v" ] || continue
		echo "$v"
	done | grep -E "$1" | sort -V | tail -n 1
}

v=$(pick '^6\.1\.')
[ -n "$v" ] || v=$(pick '.')
[ -n "$v" ] || v=$(uname -r)
echo "$v"
