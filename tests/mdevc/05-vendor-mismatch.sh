#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# A vendor class driver never binds another vendor's devices: with only the
# vendor B driver loaded, a device of vendor A stays unbound until the
# vendor A driver comes (here autoloaded by udev).
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/common.sh"

mdevc_setup
udev_pause
load_mod mdevc_sample_vendor_b

u=$(new_uuid)
check_ok "create a vendor A device" create "$T_VENDOR" "$u"
check_eq "the vendor B driver does not bind it" "" "$(driver_of "$u")"
check_eq "the vendor B driver has no device" "" \
	"$(ls "$MDEVC_BUS/drivers/mdevc_sample_vendor_b" | grep -- -)"
check_ok "binding it to the vendor B driver by hand fails" \
	sh -c "! echo $u > $MDEVC_BUS/drivers/mdevc_sample_vendor_b/bind"

udev_resume
check_ok "udev loads the vendor A driver, which binds it" \
	wait_for 30 bound_to "$u" mdevc_sample_vendor_a
check_ok "remove the device" remove "$u"
