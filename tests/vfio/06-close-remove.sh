#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Closing the device with transfers in flight, and removing it while a user
# has it open: the kernel asks the user to release it through the request
# IRQ, the removal completes once the user closed it, and nothing leaks
# (the modules unload afterwards).
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/vfio-lib.sh"

vfio_setup
vnet_create
dev=$VNET_DEV
rep=$(vnet_rep "$dev")

# Frames from the representor keep coming while the users come and go
rep_flood "$rep" 120
for i in $(seq 20); do
	"$VFIO_CLIENT" "$dev" close-busy >/dev/null ||
		fail "close-busy run $i"
done
pass "20 users closed the device with transmits in flight"
kill "$REP_FLOOD_PID"
check_ok "the device works after abrupt closes" \
	"$VFIO_CLIENT" "$dev" pingpong "$rep"

for i in $(seq 5); do
	timeout -s KILL 0.5 "$VFIO_CLIENT" "$dev" pingpong "$rep" \
		>/dev/null 2>&1
done
pass "users killed mid-transfer"

log=$(mktemp)
defer "rm -f $log"
"$VFIO_CLIENT" "$dev" hold > "$log" 2>&1 &
holder=$!
wait_for 20 grep -q "holding" "$log" || fail "the user did not open the device"
check_ok "removing the device while a user holds it" \
	sysfs_write "$dev/remove" 1
wait "$holder"
rc=$?
sed 's/^/    | /' "$log"
check_eq "the user released the device when asked" 0 "$rc"
check_ok "the device is gone" test ! -e "$dev"
check_ok "the representor is gone" test ! -e "/sys/class/net/$rep"

check_ok "the test parent and the vfio class driver unload" \
	modprobe -r vfio_vnet_sample mdevc_vfio
