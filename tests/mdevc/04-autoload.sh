#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# A class driver module carries the alias mdevc:c<class>v<vendor> of the
# devices it binds, and udev loads it by the MODALIAS of a new device.
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/common.sh"

check_eq "modinfo shows the vendor A driver's alias" mdevc:c03v0000CAFE \
	"$(modinfo -F alias mdevc_sample_vendor_a)"
check_eq "modinfo shows the vendor B driver's alias" mdevc:c03v0000BEEF \
	"$(modinfo -F alias mdevc_sample_vendor_b)"
check_eq "modprobe resolves the alias to the vendor A driver" \
	mdevc_sample_vendor_a \
	"$(modprobe -R mdevc:c03v0000CAFE 2>/dev/null | xargs)"

mdevc_setup
check_fail "the vendor A driver is not loaded" mod_loaded mdevc_sample_vendor_a

u=$(new_uuid)
check_ok "create a vendor device" create "$T_VENDOR" "$u"
check_eq "its uevent carries MODALIAS" MODALIAS=mdevc:c03v0000CAFE \
	"$(grep MODALIAS "$MDEVC_DEVS/$u/uevent")"
udevadm settle
check_ok "udev loaded the vendor A driver" \
	wait_for 30 mod_loaded mdevc_sample_vendor_a
check_ok "the vendor A driver bound the device" \
	wait_for 30 bound_to "$u" mdevc_sample_vendor_a
check_fail "the vendor B driver was not loaded" mod_loaded mdevc_sample_vendor_b
check_ok "remove the device" remove "$u"
