#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Closing the device with transfers in flight, and removing it while a user
# has it open. Each close-busy user closes the device with transmits and
# receives in flight and checks that the device wrote nothing in its
# memory once close() returned, and that it finds the device reset when it
# opens it again. A removal while a user holds the device asks the user to
# release it through the request IRQ, does not complete while the user
# still holds it (the device keeps working for the user meanwhile, and the
# parent has not removed it: its representor is there), and completes once
# the user closed it; nothing leaks (the modules unload). The device
# leaves /sys/bus/mdevc/devices at once, as any device does when the
# driver core starts deleting it.
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/vfio-lib.sh"

vfio_setup
vnet_create
dev=$VNET_DEV
rep=$(vnet_rep "$dev")

# Frames from the representor keep coming while the users come and go
rep_flood "$rep" 120
for i in $(seq 20); do
	out=$("$VFIO_CLIENT" "$dev" close-busy 2>&1) ||
		{ echo "$out"; fail "close-busy run $i"; }
done
pass "20 users closed the device with transfers in flight, no DMA after"
kill "$REP_FLOOD_PID"
check_ok "the device works after abrupt closes" \
	"$VFIO_CLIENT" "$dev" pingpong "$rep"

for t in 0.05 0.1 0.15 0.2 0.3; do
	rc=$( (timeout -s KILL "$t" "$VFIO_CLIENT" "$dev" pingpong "$rep" \
		>/dev/null 2>&1; echo $?) 2>/dev/null)
	[ "$rc" -eq 137 ] || log "the run killed after $t s had ended"
done
check_ok "the device works after users killed mid-transfer" \
	"$VFIO_CLIENT" "$dev" pingpong "$rep"

log=$(mktemp)
removed=$(mktemp -u)
defer "rm -f $log $removed"
"$VFIO_CLIENT" "$dev" hold 3 > "$log" 2>&1 &
holder=$!
wait_for 20 grep -q "holding" "$log" || fail "the user did not open the device"
# The removal writes its status to $removed once the write returned, and
# "early" if the user had not said it was letting go by then: the user
# prints "releasing" before it closes the device, so a removal that
# waited for the close always finds it (no timing involved).
( sysfs_write "$dev/remove" 1; rc=$?
  grep -q "releasing the device" "$log" || rc=early
  echo "$rc" > "$removed" ) &
check_ok "the user is asked to release the device" \
	wait_for 30 grep -q "asked for the device back" "$log"
sleep 1
# While the user holds it (3 s from the request, less on a slow guest),
# the removal waits and the parent keeps the device and its representor.
if [ ! -e "$removed" ] && [ -e "/sys/class/net/$rep" ]; then
	pass "the removal waits while the user holds the device"
elif grep -q "releasing the device" "$log"; then
	log "the user let go before the test looked (a slow guest)"
else
	fail "the removal did not wait for the user holding the device"
fi
wait "$holder"
rc=$?
sed 's/^/    | /' "$log"
check_eq "the device worked for its user until it released it" 0 "$rc"
check_ok "the removal completes once the user closed the device" \
	wait_for 30 test -s "$removed"
check_fail "... and not before the user let go" grep -q early "$removed"
check_eq "... successfully" 0 "$(cat "$removed")"
check_ok "the device is gone" test ! -e "$dev"
check_ok "the representor is gone" test ! -e "/sys/class/net/$rep"

check_ok "the test parent and the vfio class driver unload" \
	modprobe -r vfio_vnet_sample mdevc_vfio
