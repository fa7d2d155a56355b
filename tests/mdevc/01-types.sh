#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The sample parent offers one type of each class in the mdev sysfs layout:
# /sys/class/mdevc_bus/<parent>/mdev_supported_types/<driver>-<type>/
# {name,description,device_api,available_instances,create,devices/}.
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/common.sh"

mdevc_setup

check_ok "the mdevc bus is registered" test -d "$MDEVC_BUS/drivers"
check_ok "the parent is listed in /sys/class/mdevc_bus" test -L "$SAMPLE"
check_eq "the parent offers three types" \
	"mdevc_sample-vendor mdevc_sample-vfio mdevc_sample-virtio" \
	"$(ls "$TYPES" | xargs)"

for t in vendor virtio vfio; do
	d=$TYPES/mdevc_sample-$t
	for f in name description device_api available_instances create; do
		check_ok "$t type has $f" test -f "$d/$f"
	done
	check_ok "$t type has devices/" test -d "$d/devices"
	check_eq "$t type has no device yet" "" "$(ls "$d/devices")"
	check_eq "$t type has 4 available instances" 4 \
		"$(cat "$d/available_instances")"
done

check_eq "vendor type's name" "Sample vendor device" "$(cat "$T_VENDOR/name")"
check_eq "virtio type's description" "bound by a virtio bridge" \
	"$(cat "$T_VIRTIO/description")"
check_eq "vendor type's device_api" vendor "$(cat "$T_VENDOR/device_api")"
check_eq "virtio type's device_api" virtio "$(cat "$T_VIRTIO/device_api")"
check_eq "vfio type's device_api" vfio-pci "$(cat "$T_VFIO/device_api")"
check_fail "create is write-only" cat "$T_VENDOR/create"
check_eq "no device on the bus" 0 "$(nr_devices)"
