#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The NIC's events reach the driver even when atomic allocations fail: a
# representor going up while every GFP_ATOMIC slab allocation of the task
# doing it fails still gives its SF netdev carrier. Needs failslab (the
# debug kernel), so it runs there only.
# kernels: debug
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/common.sh"

FS=/sys/kernel/debug/failslab
[ -w "$FS/probability" ] || skip "no failslab in this kernel"

sfnic_setup
switchdev
port=$(sf_add 2)
rep=$(port_field "$port" netdev)
check_ok "hw_addr" devlink port function set "$port" hw_addr 02:00:00:00:00:02
check_ok "SF active" sf_activate "$port"
nd=$(sf_netdev 2)
check_ok "SF netdev up" ip link set "$nd" up
check_eq "no carrier while its representor is down" 0 \
	"$(cat "/sys/class/net/$nd/carrier")"

# Only the atomic allocations of the task running CMD fail.
defer "echo 0 > $FS/probability; echo 0 > $FS/times"
echo Y > "$FS/ignore-gfp-wait"
echo Y > "$FS/task-filter"
echo 0 > "$FS/verbose"
echo 1 > "$FS/interval"
echo -1 > "$FS/times"

# atomic_failing CMD...: run CMD with every atomic slab allocation failing.
atomic_failing()
{
	local rc

	echo 100 > "$FS/probability"
	sh -c 'echo 1 > /proc/self/make-it-fail && exec "$@"' sh "$@"
	rc=$?
	echo 0 > "$FS/probability"
	return $rc
}

check_ok "representor up while atomic allocations fail" \
	atomic_failing ip link set "$rep" up
check_ok "the link event still reached the SF: carrier" \
	wait_for 10 grep -qx 1 "/sys/class/net/$nd/carrier"
check_ok "representor down while atomic allocations fail" \
	atomic_failing ip link set "$rep" down
check_ok "no carrier again" wait_for 10 grep -qx 0 "/sys/class/net/$nd/carrier"
