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

# Unreclaimable slab and available memory, in kB, after dropping caches.
mem_snapshot()
{
	sync
	echo 3 > /proc/sys/vm/drop_caches
	sleep 1
	awk '/^SUnreclaim:/ { s = $2 } /^MemAvailable:/ { a = $2 }
	     END { print s, a }' /proc/meminfo
}

# Creates and removes devices until the deadline. Errors are expected: the
# parent comes and goes, another worker may have removed the device, a
# device may still be being created (EAGAIN) or no instance be left.
worker()
{
	local end=$1 n=0 u t devs

	while [ $SECONDS -lt "$end" ]; do
		t=${types[RANDOM % 3]}
		u=$(new_uuid)
		create "$TYPES/mdevc_sample-$t" "$u" >/dev/null 2>&1 &&
			n=$((n + 1))
		if [ $((RANDOM % 4)) -eq 0 ]; then
			echo "$t" > "$SAMPLE_DEV/kcreate" 2>/dev/null
		fi
		# Remove a random device, maybe one another worker created
		devs=("$MDEVC_DEVS"/*)
		u=${devs[RANDOM % ${#devs[@]}]}
		[ -e "$u" ] && echo 1 > "$u/remove" 2>/dev/null
		if [ $((RANDOM % 4)) -eq 0 ]; then
			for u in "$SAMPLE_DEV"/mdev_supported_types/*/devices/*; do
				[ -e "$u" ] || continue
				basename "$u" > "$SAMPLE_DEV/kremove" 2>/dev/null
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

# A first load and unload, so that one-off allocations (module sections,
# sysfs of the bus) are in the baseline too.
mdevc_setup instances=64
mdevc_unload_all || fail "cannot unload mdevc"
before=$(mem_snapshot)
log "before: SUnreclaim/MemAvailable kB: $before"

mdevc_setup instances=64
tmp=$(mktemp -d)
defer rm -rf "$tmp"
end=$((SECONDS + SECS))
for ((i = 0; i < WORKERS; i++)); do
	worker $end > "$tmp/worker.$i" 2>/dev/null &
done
driver_cycler $end > "$tmp/drivers" 2>&1 &
parent_cycler $end > "$tmp/parent" 2>&1 &
wait

created=0
for ((i = 0; i < WORKERS; i++)); do
	created=$((created + $(cat "$tmp/worker.$i")))
done
log "$created devices created through sysfs," \
    "$(cat "$tmp/drivers") driver loads," \
    "$(cat "$tmp/parent") parent re-registrations"
[ "$created" -gt 0 ] || fail "no device was created"
check_ok "the parent re-registered while devices came and went" \
	test "$(cat "$tmp/parent")" -gt 0
check_ok "the parent is registered at the end" test -d "$T_VENDOR"

# Whatever is left, bound or not, goes with the parent.
left=$(nr_devices)
log "$left devices left on the bus"
check_ok "unload the parent with the devices left" \
	modprobe -r mdevc_sample_parent
check_eq "no device on the bus" 0 "$(nr_devices)"
check_ok "unload mdevc" mdevc_unload_all

after=$(mem_snapshot)
log "after: SUnreclaim/MemAvailable kB: $after"
read -r s0 a0 <<<"$before"
read -r s1 a1 <<<"$after"
# Thousands of devices went by: a leak of each would show in megabytes.
check_ok "unreclaimable slab grew by less than 2 MB ($s0 -> $s1 kB)" \
	test $((s1 - s0)) -lt 2048
check_ok "available memory shrank by less than 8 MB ($a0 -> $a1 kB)" \
	test $((a0 - a1)) -lt 8192
