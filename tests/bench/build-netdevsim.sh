#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# build-netdevsim.sh KVER KDIR DEST: netdevsim, the kernel's own devlink
# test driver, for a kernel that lacks it (Debian's 6.1 does not ship it),
# built from Debian's linux-source-6.1 against the kernel's headers and
# copied into DEST, whence the test VM stages it with our modules. The
# scale benchmark runs the same devlink commands against its ports to
# tell the devlink core's share of a command from ours. Nothing to do
# for a kernel that has it (the debug kernel builds it in).

set -euo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
KVER=$1
KDIR=$2
DEST=$3
SRC_TARBALL=/usr/src/linux-source-6.1.tar.xz
B=${O_BUILD:-$ROOT/build}/netdevsim/$KVER

modinfo -k "$KVER" netdevsim >/dev/null 2>&1 && exit 0
if [ ! -e "$B/Makefile" ]; then
	[ -r "$SRC_TARBALL" ] || {
		echo "build-netdevsim: no $SRC_TARBALL (apt-get install linux-source-6.1)" >&2
		exit 1
	}
	mkdir -p "$B.tmp"
	tar -xJf "$SRC_TARBALL" -C "$B.tmp" --strip-components=4 \
		linux-source-6.1/drivers/net/netdevsim
	rm -rf "$B"
	mv "$B.tmp" "$B"
fi
make -s -C "$KDIR" M="$B" CONFIG_NETDEVSIM=m modules \
	> >(grep -v '^Skipping BTF generation' >&2) 2>&1
mkdir -p "$DEST"
cp "$B/netdevsim.ko" "$DEST/"
