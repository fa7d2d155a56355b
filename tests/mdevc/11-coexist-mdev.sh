#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# mdevc loads and works side by side with the kernel's own mdev bus (vfio's
# mdev module): different bus, class and symbols.
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/common.sh"

modinfo mdev >/dev/null 2>&1 || skip "the kernel has no mdev module"
mdev_was_loaded=0
mod_loaded mdev && mdev_was_loaded=1

check_ok "modprobe mdev (vfio's mdev bus)" modprobe mdev
[ $mdev_was_loaded -eq 1 ] || defer modprobe -r mdev
mdevc_setup
load_mod mdevc_sample_vendor_a

check_ok "the mdev bus is there" test -d /sys/bus/mdev
check_ok "the mdevc bus is there" test -d /sys/bus/mdevc
check_ok "each has its own parent class" \
	sh -c "test -d /sys/class/mdev_bus && test -d /sys/class/mdevc_bus"
check_fail "the sample parent is no mdev parent" \
	test -e /sys/class/mdev_bus/mdevc_sample

u=$(new_uuid)
check_ok "create a vendor device with mdev loaded" create "$T_VENDOR" "$u"
check_eq "it is bound on the mdevc bus" mdevc_sample_vendor_a \
	"$(driver_of "$u")"
check_fail "it is not on the mdev bus" test -e "/sys/bus/mdev/devices/$u"
check_ok "remove it" remove "$u"
check_ok "mdevc unloads with mdev loaded" mdevc_unload_all
check_ok "mdev is still loaded" mod_loaded mdev
if [ $mdev_was_loaded -eq 0 ]; then
	check_ok "mdev unloads" modprobe -r mdev
fi
