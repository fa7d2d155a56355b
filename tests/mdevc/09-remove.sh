#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Removal of devices that do not exist (any more) fails cleanly, through
# sysfs and through the in-kernel API a parent driver uses; the in-kernel
# API creates and removes devices like sysfs does.
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/common.sh"

mdevc_setup
load_mod mdevc_sample_vendor_a

check_fail "remove of a device that never existed fails" \
	remove "$(new_uuid)"

u=$(new_uuid)
check_ok "create a vendor device" create "$T_VENDOR" "$u"
check_ok "writing 0 to remove does nothing" \
	sysfs_write "$MDEVC_DEVS/$u/remove" 0
check_ok "the device is still there" test -d "$MDEVC_DEVS/$u"
check_err "writing garbage to remove fails with EINVAL" "Invalid argument" \
	sysfs_write "$MDEVC_DEVS/$u/remove" garbage
check_ok "remove it" remove "$u"
check_fail "removing it again fails: it is gone" remove "$u"

# The in-kernel API, through the sample parent's kcreate/kremove
check_ok "the parent creates a vendor device itself" \
	sysfs_write "$SAMPLE_DEV/kcreate" vendor
k=$(ls "$T_VENDOR/devices")
check_ok "it is on the bus" test -d "$MDEVC_DEVS/$k"
check_eq "its parent data came from the parent's call" kernel \
	"$(cat "$MDEVC_DEVS/$k/sample_origin")"
check_eq "it is bound like any other" mdevc_sample_vendor_a "$(driver_of "$k")"
check_ok "the parent removes it" sysfs_write "$SAMPLE_DEV/kremove" "$k"
check_fail "it is gone" test -e "$MDEVC_DEVS/$k"

check_ok "the parent creates a vfio device itself" \
	sysfs_write "$SAMPLE_DEV/kcreate" vfio
k=$(ls "$T_VFIO/devices")
check_ok "a user removes it" remove "$k"
check_err "the parent's removal then fails with ENODEV" "No such device" \
	sysfs_write "$SAMPLE_DEV/kremove" "$k"
check_ok "the kernel log names the error" \
	sh -c "dmesg | grep -q '$k: mdevc: cannot remove: already removed'"
check_eq "no device on the bus" 0 "$(nr_devices)"
check_eq "every instance is available" 4 "$(cat "$T_VFIO/available_instances")"
