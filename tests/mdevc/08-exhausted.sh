#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# A type creates no more devices than its available_instances: one more
# fails with ENOSPC; removing a device makes room again.
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/common.sh"

mdevc_setup instances=2

u1=$(new_uuid)
u2=$(new_uuid)
u3=$(new_uuid)
check_eq "two available instances" 2 "$(cat "$T_VFIO/available_instances")"
check_ok "create the first" create "$T_VFIO" "$u1"
check_ok "create the second" create "$T_VFIO" "$u2"
check_eq "no available instance left" 0 "$(cat "$T_VFIO/available_instances")"
check_err "a third fails with ENOSPC" "No space left on device" \
	create "$T_VFIO" "$u3"
check_ok "the kernel log names the error" \
	sh -c "dmesg | grep -q 'no mdevc_sample-vfio instance available'"
check_fail "the third is not on the bus" test -e "$MDEVC_DEVS/$u3"
check_eq "other types are not affected" 2 \
	"$(cat "$T_VIRTIO/available_instances")"
check_ok "remove the first" remove "$u1"
check_eq "one available instance" 1 "$(cat "$T_VFIO/available_instances")"
check_ok "now the third can be created" create "$T_VFIO" "$u3"
check_ok "remove the second" remove "$u2"
check_ok "remove the third" remove "$u3"
check_eq "two available instances again" 2 \
	"$(cat "$T_VFIO/available_instances")"
