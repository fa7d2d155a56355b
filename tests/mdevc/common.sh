# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# Helpers of the mdevc tests, sourced after ../lib.sh. The tests drive the
# sample parent (tests/mdevc/modules) through the real interfaces: sysfs,
# modprobe and udev.

MDEVC_BUS=/sys/bus/mdevc
MDEVC_DEVS=$MDEVC_BUS/devices
SAMPLE=/sys/class/mdevc_bus/mdevc_sample
SAMPLE_DEV=/sys/devices/platform/mdevc_sample
SAMPLE_DRV=/sys/bus/platform/drivers/mdevc_sample
TYPES=$SAMPLE/mdev_supported_types
T_VENDOR=$TYPES/mdevc_sample-vendor
T_VIRTIO=$TYPES/mdevc_sample-virtio
T_VFIO=$TYPES/mdevc_sample-vfio

new_uuid()
{
	cat /proc/sys/kernel/random/uuid
}

# Unloads the sample modules and everything else using mdevc, then mdevc:
# each test starts and ends with the bus gone.
mdevc_unload_all()
{
	local m

	udevadm control --start-exec-queue 2>/dev/null
	udevadm settle 2>/dev/null
	if mod_loaded mdevc; then
		for m in /sys/module/mdevc/holders/*; do
			[ -e "$m" ] && modprobe -r "$(basename "$m")"
		done
	fi
	modprobe -r mdevc 2>/dev/null
	! mod_loaded mdevc
}

# mdevc_setup [PARAM=VALUE...]: load mdevc and the sample parent.
mdevc_setup()
{
	mdevc_unload_all || fail "mdevc is in use before the test"
	defer mdevc_unload_all
	load_mod mdevc_sample_parent "$@"
	[ -d "$TYPES" ] || fail "the sample parent has no mdev_supported_types"
}

# Stops udev from handling events (so that no class driver is autoloaded)
# until udev_resume.
udev_pause()
{
	udevadm settle
	udevadm control --stop-exec-queue || fail "cannot stop udev's queue"
}

udev_resume()
{
	udevadm control --start-exec-queue
	udevadm settle
}

# create TYPE_DIR UUID: echo UUID > TYPE_DIR/create
create()
{
	sysfs_write "$1/create" "$2"
}

# remove UUID: echo 1 > /sys/bus/mdevc/devices/UUID/remove
remove()
{
	sysfs_write "$MDEVC_DEVS/$1/remove" 1
}

# driver_of UUID: the name of the driver bound to the device, or nothing.
driver_of()
{
	local link

	link=$(readlink "$MDEVC_DEVS/$1/driver") || return 0
	basename "$link"
}

# bound_to UUID DRIVER: succeeds once the device is bound to DRIVER.
bound_to()
{
	[ "$(driver_of "$1")" = "$2" ]
}

nr_devices()
{
	find "$MDEVC_DEVS" -mindepth 1 -maxdepth 1 2>/dev/null | wc -l
}
