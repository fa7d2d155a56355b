#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# build-mods.sh KVER KDIR: build every module of the stack (the test-only
# ones too) for one kernel, in a copy of the tree of its own
# ($O_BUILD/kmod/KVER), so that the modules of several kernels can sit side
# by side and be rebuilt incrementally. Prints that folder.

set -euo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
KVER=$1
KDIR=$2
OUT=${O_BUILD:-$ROOT/build}/kmod/$KVER

mkdir -p "$OUT"
# Sources only: what Kbuild leaves in the copy stays there (rsync never
# deletes what it excludes), so an unchanged file is not rebuilt.
rsync -a --delete --exclude=/.git --exclude=/build --exclude=/results \
	--exclude='*.o' --exclude='*.ko' --exclude='*.mod' --exclude='*.mod.c' \
	--exclude='.*.cmd' --exclude=modules.order --exclude=Module.symvers \
	--exclude='.*.d' --exclude=/tests/*/client/ \
	"$ROOT/" "$OUT/"
make -s -C "$KDIR" M="$OUT" CONFIG_MDEVC=m CONFIG_MDEVC_VFIO=m \
	CONFIG_MDEVC_VIRTIO=m CONFIG_SFNIC=m CONFIG_SFNIC_SELFTESTS=m \
	modules > >(grep -v '^Skipping BTF generation' >&2) 2>&1
echo "$OUT"
