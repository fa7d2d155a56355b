#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# A VFIO user that keeps its vfio function while the NIC wants it back
# (the eswitch left switchdev mode) stalls that function's removal only:
# SFs of the same NIC are added, activated and deleted through devlink
# meanwhile, each as promptly as without the user. Once the user lets go
# the function goes, leaving nothing behind.
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/common.sh"
source "$(dirname "$0")/../vfio/vfio-lib.sh"

VF_TYPE=/sys/class/mdevc_bus/sfnic$ID/mdev_supported_types/sfnic-virtio_net_vfio
MDEVC_DEVS=/sys/bus/mdevc/devices

[ -x "$VFIO_CLIENT" ] || fail "no $VFIO_CLIENT: run make first"
load_mod vfio_iommu_type1
sfnic_setup
switchdev

U=$(cat /proc/sys/kernel/random/uuid)
dev=$MDEVC_DEVS/$U
check_ok "create a vfio function" sysfs_write "$VF_TYPE/create" "$U"
check_ok "bound by the vfio class driver" wait_for 60 test -e "$dev/iommu_group"

log=$(mktemp)
defer "rm -f $log"
"$VFIO_CLIENT" "$dev" hold-deaf > "$log" 2>&1 &
holder=$!
defer_try "kill $holder"
wait_for 20 grep -q "holding" "$log" || fail "the user did not open the device"

check_ok "leaving switchdev mode does not wait for the user" \
	timeout 30 devlink dev eswitch set "$DEV" mode legacy
check_ok "the kernel asks the user for the device" \
	wait_for 30 grep -q "request 1 ignored" "$log"
check_ok "switchdev mode again" timeout 30 devlink dev eswitch set "$DEV" mode switchdev

ports=()
for n in 1 2 3; do
	port=$(timeout 30 devlink port add "$DEV" flavour pcisf pfnum 0 sfnum $n)
	port=${port%%:*}
	check_ok "SF $n added while the user holds the function" test -n "$port"
	ports[n]=$port
	check_ok "SF $n hw_addr" \
		timeout 30 devlink port function set "$port" hw_addr 02:00:00:00:00:0$n
	check_ok "SF $n activates promptly: its device and netdev come" \
		sf_activate "$port"
	check_ok "SF $n has a netdev" test -n "$(sf_netdev $n)"
done
for n in 1 2 3; do
	uuid=$(sf_mdev $n)
	check_ok "SF $n deleted" timeout 30 devlink port del "${ports[n]}"
	check_ok "and its device goes promptly" \
		wait_for 30 test ! -e "$MDEVC_DEVS/$uuid"
done
check_ok "the held function's user still has it" kill -0 "$holder"
check_eq "whose slot is still taken" 4095 \
	"$(cat "$VF_TYPE/available_instances")"

kill "$holder"
wait "$holder" 2>/dev/null
sed 's/^/    | /' "$log" | head -5
check_ok "once the user lets go, the function's slot is freed" \
	wait_for 30 grep -qx 4096 "$VF_TYPE/available_instances"
check_ok "nothing left on the mdevc bus" \
	sh -c "[ -z \"\$(ls $MDEVC_DEVS)\" ]"
check_eq "only the uplink port is left" 1 "$(ports_of "$DEV")"
