#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# A device whose class has no driver loaded is created and waits unbound;
# the driver loaded afterwards binds it; unloading the driver leaves the
# device unbound but present, and loading it again rebinds it.
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/common.sh"

mdevc_setup
# No autoload: this test loads the drivers itself.
udev_pause

declare -A uuid driver
driver=([vendor]=mdevc_sample_vendor_a [virtio]=mdevc_sample_virtio
	[vfio]=mdevc_sample_vfio)

for t in vendor virtio vfio; do
	u=$(new_uuid)
	uuid[$t]=$u
	check_ok "create a $t device with no $t driver loaded" \
		create "$TYPES/mdevc_sample-$t" "$u"
	check_ok "$t device is on the bus" test -d "$MDEVC_DEVS/$u"
	check_eq "$t device is unbound" "" "$(driver_of "$u")"
done

for t in vendor virtio vfio; do
	check_ok "modprobe ${driver[$t]}" modprobe "${driver[$t]}"
	check_eq "the $t device is bound to ${driver[$t]} once loaded" \
		"${driver[$t]}" "$(driver_of "${uuid[$t]}")"
done

for t in vendor virtio vfio; do
	check_ok "modprobe -r ${driver[$t]} with its device bound" \
		modprobe -r "${driver[$t]}"
	check_ok "the $t device stays" test -d "$MDEVC_DEVS/${uuid[$t]}"
	check_eq "the $t device is unbound" "" "$(driver_of "${uuid[$t]}")"
	check_ok "modprobe ${driver[$t]} again" modprobe "${driver[$t]}"
	check_eq "the $t device is bound again" "${driver[$t]}" \
		"$(driver_of "${uuid[$t]}")"
done

udev_resume
for t in vendor virtio vfio; do
	check_ok "remove the $t device, its driver bound" remove "${uuid[$t]}"
done
check_eq "no device on the bus" 0 "$(nr_devices)"
