#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Stress: for STRESS_SECS (default 40) seconds, several processes create and
# remove devices of every type in parallel, through sysfs and through the
# parent's in-kernel API, while another loads and unloads class drivers and
# another unregisters and registers the parent. The bus must end with no
# device, the kernel log clean (the runner checks it) and no memory leaked
# beyond noise.
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/common.sh"

SECS=${STRESS_SECS:-40}
WORKERS=4
types=(vendor virtio vfio)

# Creates and removes devices until the deadline, without forking, to race
# as hard as the VM allows. Errors are expected: the parent comes and goes,
# another worker may have removed the device, a device may still be being
# created (EAGAIN) or no instance be left.
worker()
{
	local end=$1 n=0 u t devs

	while [ $SECONDS -lt "$end" ]; do
		t=${types[RANDOM % 3]}
		read -r u < /proc/sys/kernel/random/uuid
		echo "$u" > "$TYPES/mdevc_sample-$t/create" && n=$((n + 1))
		if [ $((RANDOM % 4)) -eq 0 ]; then
			echo "$t" > "$SAMPLE_DEV/kcreate"
		fi
		# Remove a random device, maybe one another worker created
		devs=("$MDEVC_DEVS"/*)
		u=${devs[RANDOM % ${#devs[@]}]}
		[ -e "$u" ] && echo 1 > "$u/remove"
		if [ $((RANDOM % 4)) -eq 0 ]; then
			for u in "$SAMPLE_DEV"/mdev_supported_types/*/devices/*; do
				[ -e "$u" ] || continue
				echo "${u##*/}" > "$SAMPLE_DEV/kremove"
				break
			done
		fi
	done
	echo "$n"
}

driver_cycler()
{
	local end=$1 n=0 m

	while [ $SECONDS -lt "$end" ]; do
		for m in mdevc_sample_virtio mdevc_sample_vendor_a \
			 mdevc_sample_vfio; do
			modprobe "$m" && n=$((n + 1))
			sleep 0.$((RANDOM % 5))
			modprobe -r "$m"
		done
	done
	echo "$n"
}

parent_cycler()
{
	local end=$1 n=0

	while [ $SECONDS -lt "$end" ]; do
		sleep 2
		echo mdevc_sample > "$SAMPLE_DRV/unbind" || return 1
		sleep 0.$((RANDOM % 5))
		echo mdevc_sample > "$SAMPLE_DRV/bind" || return 1
		n=$((n + 1))
	done
	echo "$n"
}

stress()
{
	local end=$((SECONDS + $1)) i created=0

	for ((i = 0; i < WORKERS; i++)); do
		worker $end > "$tmp/worker.$i" 2>/dev/null &
	done
	driver_cycler $end > "$tmp/drivers" 2>&1 &
	parent_cycler $end > "$tmp/parent" 2>&1 &
	wait
	for ((i = 0; i < WORKERS; i++)); do
		created=$((created + $(cat "$tmp/worker.$i")))
	done
	log "$created devices created through sysfs," \
	    "$(cat "$tmp/drivers") driver loads," \
	    "$(cat "$tmp/parent") parent re-registrations"
	[ "$created" -gt 0 ] || fail "no device was created"
}

tmp=$(mktemp -d)
defer rm -rf "$tmp"

# A short round first, so that one-off allocations (module sections, sysfs
# of the bus, caches growing) are in the baseline too.
mdevc_setup instances=64
stress 5
mdevc_unload_all || fail "cannot unload mdevc"
before=$(mem_snapshot "$tmp/slab.before")
log "before: kmalloc B, SUnreclaim kB, MemAvailable kB: $before"

mdevc_setup instances=64
stress "$SECS"
check_ok "the parent re-registered while devices came and went" \
	test "$(cat "$tmp/parent")" -gt 0
check_ok "the parent is registered at the end" test -d "$T_VENDOR"

log "$(nr_devices) devices left on the bus"
for d in "$MDEVC_DEVS"/*; do
	[ -e "$d" ] || continue
	check_ok "remove $(basename "$d"), left over" \
		remove "$(basename "$d")"
done
check_eq "no device on the bus" 0 "$(nr_devices)"
for t in vendor virtio vfio; do
	check_eq "every $t instance is available again" 64 \
		"$(cat "$TYPES/mdevc_sample-$t/available_instances")"
done
check_ok "unload the parent" modprobe -r mdevc_sample_parent
check_ok "unload mdevc" mdevc_unload_all

after=$(mem_snapshot "$tmp/slab.after")
log "after: kmalloc B, SUnreclaim kB, MemAvailable kB: $after"
# Each device is over 1 kB of kmalloc memory and a thousand or more went
# by; what SLUB keeps in per-CPU slabs makes up to a few 100 kB of noise.
mem_compare "$tmp/slab" "$before" "$after" 512
