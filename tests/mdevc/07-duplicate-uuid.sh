#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# A UUID names one device on the bus: creating a second device with it, of
# the same type or another, fails with EEXIST and leaves the first alone.
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/common.sh"

mdevc_setup
load_mod mdevc_sample_vendor_a

u=$(new_uuid)
check_ok "create a vendor device" create "$T_VENDOR" "$u"
check_err "the same UUID again fails with EEXIST" "File exists" \
	create "$T_VENDOR" "$u"
check_err "the same UUID on another type fails with EEXIST" "File exists" \
	create "$T_VIRTIO" "$u"
check_ok "the kernel log names the error" \
	sh -c "dmesg | grep -q 'mdevc: $u exists'"
check_eq "one device on the bus" 1 "$(nr_devices)"
check_eq "the first device is still bound" mdevc_sample_vendor_a \
	"$(driver_of "$u")"
check_eq "the failed create did not use an instance" 3 \
	"$(cat "$T_VENDOR/available_instances")"
check_eq "nor one of the other type" 4 "$(cat "$T_VIRTIO/available_instances")"
check_ok "remove it" remove "$u"
check_ok "the UUID is free again" create "$T_VIRTIO" "$u"
check_ok "remove it again" remove "$u"
