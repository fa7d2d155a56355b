#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Unregistering a parent with live devices, bound or not, made by users or
# by the parent itself, removes them first; the parent can register again.
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/common.sh"

populate()
{
	local t

	for t in vendor virtio vfio; do
		check_ok "create a $t device" \
			create "$TYPES/mdevc_sample-$t" "$(new_uuid)"
	done
	check_ok "the parent creates a virtio device itself" \
		sysfs_write "$SAMPLE_DEV/kcreate" virtio
	check_eq "four devices on the bus" 4 "$(nr_devices)"
}

mdevc_setup
load_mod mdevc_sample_vendor_a
load_mod mdevc_sample_virtio
populate

check_ok "unbind the parent's driver, unregistering the parent" \
	sysfs_write "$SAMPLE_DRV/unbind" mdevc_sample
check_eq "its devices are gone" 0 "$(nr_devices)"
check_fail "it is gone from /sys/class/mdevc_bus" test -e "$SAMPLE"
check_fail "its types are gone" test -e "$SAMPLE_DEV/mdev_supported_types"
check_ok "the class drivers are still loaded" \
	sh -c "test -d /sys/module/mdevc_sample_vendor_a &&
	       test -d /sys/module/mdevc_sample_virtio"

check_ok "bind the parent's driver again" \
	sysfs_write "$SAMPLE_DRV/bind" mdevc_sample
check_ok "its types are back" test -d "$T_VENDOR"
check_eq "with all their instances" 4 "$(cat "$T_VENDOR/available_instances")"
populate

check_ok "unload the parent's module with its devices live" \
	modprobe -r mdevc_sample_parent
check_eq "its devices are gone" 0 "$(nr_devices)"
# Class drivers, ours or autoloaded bridges, are all that hold mdevc now
check_ok "mdevc unloads once its class drivers are gone" mdevc_unload_all
