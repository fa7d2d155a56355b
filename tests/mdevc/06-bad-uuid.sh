#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Writing anything but a UUID to create fails with EINVAL and creates
# nothing.
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/common.sh"

mdevc_setup

u=$(new_uuid)
for bad in "not-a-uuid" "${u:0:35}" "${u}0" "${u//-/}" "${u:0:8}+${u:9}" \
	   "g${u:1}" " $u" ""; do
	check_err "create refuses \"$bad\" with EINVAL" "Invalid argument" \
		create "$T_VENDOR" "$bad"
done
check_ok "the kernel log names the error" \
	sh -c "dmesg | grep -q 'mdevc_sample-vendor: create: not a UUID'"
check_eq "no device was created" 0 "$(nr_devices)"
check_eq "available_instances is unchanged" 4 \
	"$(cat "$T_VENDOR/available_instances")"
check_ok "an upper case UUID is a UUID" create "$T_VENDOR" "${u^^}"
check_ok "the device is named by the lower case UUID" \
	test -d "$MDEVC_DEVS/$u"
check_ok "remove it" remove "$u"
