#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# 'make install' (here staged with INSTALL_MOD_PATH) installs the stack's
# modules under updates/, never the test-only ones, and depmod resolves
# sfnic's dependencies from them: what a user of a real host gets.
source "$(dirname "$0")/lib-host.sh"

KVER=${KVER:-$("$ROOT/tests/vm/kver.sh")}
dest="$RES/install"
make -C "$ROOT" --no-print-directory -s install INSTALL_MOD_PATH="$dest" \
	> "$RES/make.log" 2>&1 || { tail "$RES/make.log"; fail "make install"; }
pass "make install INSTALL_MOD_PATH=... succeeds"

mods=$(cd "$dest/lib/modules/$KVER/updates" && find . -name '*.ko' |
       xargs -n1 basename | sort | tr '\n' ' ')
[ "$mods" = "mdevc.ko mdevc_vfio.ko mdevc_virtio.ko sfnic.ko " ] ||
	fail "installed: $mods"
pass "exactly mdevc, mdevc_vfio, mdevc_virtio and sfnic are installed"
cmp -s "$ROOT/udev/90-sfnic-rdma.rules" \
	"$dest/lib/udev/rules.d/90-sfnic-rdma.rules" ||
	fail "the udev rule of SFs' RDMA devices is not installed"
pass "the udev rule of SFs' RDMA devices is installed"

# depmod over the staged tree beside the kernel's own modules.
ln -s "/lib/modules/$KVER/kernel" "$dest/lib/modules/$KVER/kernel"
cp /lib/modules/"$KVER"/modules.{order,builtin,builtin.modinfo} \
	"$dest/lib/modules/$KVER/"
depmod -b "$dest" "$KVER" || fail "depmod over the installed tree"
deps=$(grep '^updates/drivers/net/sfnic/sfnic.ko:' \
	"$dest/lib/modules/$KVER/modules.dep")
grep -q 'updates/drivers/mdevc/mdevc.ko' <<<"$deps" ||
	fail "sfnic's dependencies: $deps"
pass "depmod resolves sfnic's dependency on mdevc"
grep -q 'mdevc_vfio' <<<"$deps" && fail "sfnic depends on mdevc_vfio: $deps"
pass "sfnic needs no class driver"
grep -q '^alias mdevc:c02v00000000 mdevc_virtio$' \
	"$dest/lib/modules/$KVER/modules.alias" ||
	fail "no modalias for the virtio class driver"
pass "modules.alias maps the virtio class to mdevc_virtio"

# Leave the tree built for the tests again (install built it without them).
make -C "$ROOT" --no-print-directory -s all > /dev/null 2>&1
