#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# A device created through a type's create file binds to the driver of its
# class, carries its class id in its modalias and links to its type; the
# vendor type's own device attribute is there; remove takes it away.
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/common.sh"

mdevc_setup
load_mod mdevc_sample_vendor_a
load_mod mdevc_sample_virtio
load_mod mdevc_sample_vfio

declare -A uuid driver alias
driver=([vendor]=mdevc_sample_vendor_a [virtio]=mdevc_sample_virtio
	[vfio]=mdevc_sample_vfio)
alias=([vendor]=mdevc:c03v0000CAFE [virtio]=mdevc:c02v00000000
       [vfio]=mdevc:c01v00000000)

for t in vendor virtio vfio; do
	u=$(new_uuid)
	uuid[$t]=$u
	check_ok "create a $t device" create "$TYPES/mdevc_sample-$t" "$u"
	check_ok "$t device is on the bus" test -d "$MDEVC_DEVS/$u"
	check_eq "$t device bound to ${driver[$t]}" "${driver[$t]}" \
		"$(driver_of "$u")"
	check_eq "$t device's modalias" "${alias[$t]}" \
		"$(cat "$MDEVC_DEVS/$u/modalias")"
	check_eq "$t device's mdev_type links to its type" \
		"$(realpath "$TYPES/mdevc_sample-$t")" \
		"$(realpath "$MDEVC_DEVS/$u/mdev_type")"
	check_ok "$t type's devices/ links to the device" \
		test "$(realpath "$TYPES/mdevc_sample-$t/devices/$u")" = \
		     "$(realpath "$MDEVC_DEVS/$u")"
	check_eq "$t device is a child of the parent" \
		"$(realpath "$SAMPLE")/$u" "$(realpath "$MDEVC_DEVS/$u")"
	check_eq "$t type has 3 available instances left" 3 \
		"$(cat "$TYPES/mdevc_sample-$t/available_instances")"
done

check_eq "the vendor type's device attribute" user \
	"$(cat "$MDEVC_DEVS/${uuid[vendor]}/sample_origin")"
check_fail "other types' devices lack it" \
	test -e "$MDEVC_DEVS/${uuid[virtio]}/sample_origin"

for t in vendor virtio vfio; do
	check_ok "remove the $t device" remove "${uuid[$t]}"
	check_fail "$t device is gone" test -e "$MDEVC_DEVS/${uuid[$t]}"
	check_eq "$t type has 4 available instances again" 4 \
		"$(cat "$TYPES/mdevc_sample-$t/available_instances")"
done
check_eq "no device on the bus" 0 "$(nr_devices)"
