#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Bad input gets mlx5's extack messages (ours where mlx5 has none) and
# leaves nothing half made.
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/common.sh"

sfnic_setup

check_err "port add in legacy mode" \
	"Port add is only supported in eswitch switchdev mode or SF ports are disabled." \
	devlink port add "$DEV" flavour pcisf pfnum 0 sfnum 1
switchdev

check_err "unknown flavour (pcipf)" "Driver supports only SF port addition" \
	devlink port add "$DEV" flavour pcipf pfnum 0
check_err "pfnum not this PF's" "Invalid pfnum supplied" \
	devlink port add "$DEV" flavour pcisf pfnum 1 sfnum 1
check_err "external controller" "External controller is unsupported" \
	devlink port add "$DEV" flavour pcisf controller 1 pfnum 0 sfnum 1
check_err "user-chosen port index" \
	"Driver does not support user defined port index assignment" \
	devlink port add "$DEV/40000" flavour pcisf pfnum 0 sfnum 1
check_err "no sfnum: mlx5 does no auto assignment" \
	"User must provide unique sfnum. Driver does not support auto assignment" \
	devlink port add "$DEV" flavour pcisf pfnum 0
check_eq "nothing was added" 1 "$(ports_of "$DEV")"

port=$(sf_add 7)
check_err "sfnum already used" "SF already exist. Choose different sfnum" \
	devlink port add "$DEV" flavour pcisf pfnum 0 sfnum 7
check_err "multicast hw_addr" "Non-unicast hardware address unsupported" \
	devlink port function set "$port" hw_addr 01:00:5e:00:00:01
check_err "broadcast hw_addr" "Non-unicast hardware address unsupported" \
	devlink port function set "$port" hw_addr ff:ff:ff:ff:ff:ff
check_eq "hw_addr unchanged" 00:00:00:00:00:00 "$(fn_field "$port" hw_addr)"
# As on mlx5, all zeroes is accepted: it clears the function's MAC.
check_ok "hw_addr set" devlink port function set "$port" hw_addr 02:00:00:00:07:07
check_ok "zero hw_addr is accepted" \
	devlink port function set "$port" hw_addr 00:00:00:00:00:00
check_eq "and clears it" 00:00:00:00:00:00 "$(fn_field "$port" hw_addr)"

# Without a MAC an SF is still activated, as on mlx5: its driver gives the
# netdev a random address; the administrative hw_addr stays zero.
check_ok "state active without hw_addr" sf_activate "$port"
nd=$(sf_netdev 7)
mac=$(cat "/sys/class/net/$nd/address")
check_ok "SF netdev got a random unicast MAC ($mac)" \
	sh -c "[ '$mac' != 00:00:00:00:00:00 ] && [ \$((0x${mac%%:*} & 3)) = 2 ]"
check_eq "hw_addr stays zero" 00:00:00:00:00:00 "$(fn_field "$port" hw_addr)"
check_ok "host-side MAC change is allowed" ip link set "$nd" address 02:11:22:33:44:55
check_eq "and leaves hw_addr alone" 00:00:00:00:00:00 "$(fn_field "$port" hw_addr)"

check_err "the uplink cannot be deleted" "The uplink port cannot be deleted" \
	devlink port del "$DEV/65535"
check_err "a port that does not exist" "No SF port with this index" \
	devlink port del "$DEV/32999"
check_ok "port del of an active SF deactivates it first" devlink port del "$port"
check_ok "its device goes" wait_for 30 test ! -e "$SYSDEV/sf7"

check_ok "legacy again" devlink dev eswitch set "$DEV" mode legacy
check_err "port del in legacy mode" \
	"Port del is only supported in eswitch switchdev mode or SF ports are disabled." \
	devlink port del "$DEV/32768"
# Not a matter of space: SFs and vfio functions need switchdev mode.
check_eq "SF type offers no instance in legacy mode" 0 \
	"$(cat "$SF_TYPE/available_instances")"
mark="sfnic-04-bad-input-$$"
echo "$mark" > /dev/kmsg
check_err "SF type refuses creation in legacy mode: not supported" \
	"Operation not supported" \
	sysfs_write "$SF_TYPE/create" "$(cat /proc/sys/kernel/random/uuid)"
check_err "so does the vfio type" "Operation not supported" \
	sysfs_write "${SF_TYPE%-sf}-virtio_net_vfio/create" \
	"$(cat /proc/sys/kernel/random/uuid)"
check_ok "the log says switchdev mode is needed" \
	sh -c "dmesg | sed -n '/$mark/,\$p' | grep -q 'switchdev mode needed'"
check_eq "no mdev was made" "" "$(ls /sys/bus/mdevc/devices)"
