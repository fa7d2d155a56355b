#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# timeout: 900
#
# How many functions a NIC offers is the devlink resource "functions" of
# its instance: 4096 by default, changed with "devlink resource set" and
# applied by a reload, as netdevsim's and mlxsw's resources are. At the
# limit, "devlink port add" fails with "No free SF slot" and the SF type's
# create file with ENOSPC, while the SFs already there still activate;
# freeing a slot makes room again. Past the model's old 128 slots, 200
# ports come and go through devlink -batch.
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/common.sh"

# res FIELD: a field of the resource "functions" of the NIC's instance.
res()
{
	devlink -j resource show "$DEV" |
		jq -r ".resources[\"$DEV\"][] | select(.name == \"functions\") | .$1"
}

# res_is FIELD VALUE: the field has that value now (for wait_for).
res_is()
{
	[ "$(res "$1")" = "$2" ]
}

# sf_ports: the SF ports of the NIC's instance.
sf_ports()
{
	devlink -j port show | jq "[.port | to_entries[] |
		select(.key | startswith(\"$DEV/\")) |
		select(.value.flavour == \"pcisf\")] | length"
}

sfnic_setup
check_eq "resource functions: size 4096" 4096 "$(res size)"
check_eq "resource functions: maximum 4096" 4096 "$(res size_max)"
check_eq "resource functions: minimum 0" 0 "$(res size_min)"
check_eq "resource functions: nothing used" 0 "$(res occ)"
check_err "a size above the maximum is refused" "Size larger than maximum" \
	devlink resource set "$DEV" path /functions size 4097
check_ok "set the size to 2" devlink resource set "$DEV" path /functions size 2
check_eq "not applied before a reload" 4096 "$(res size)"
check_eq "shown as the new size" 2 "$(res size_new)"
check_ok "reload" devlink dev reload "$DEV"
check_eq "applied by the reload" 2 "$(res size)"
switchdev
check_eq "two instances available" 2 "$(cat "$SF_TYPE/available_instances")"

p1=$(sf_add 10) || fail "port add sfnum 10"
check_err "the same sfnum twice is refused" "SF already exist" \
	devlink port add "$DEV" flavour pcisf pfnum 0 sfnum 10
p2=$(sf_add 11) || fail "port add sfnum 11"
check_eq "resource functions: two used" 2 "$(res occ)"
check_eq "no instance available" 0 "$(cat "$SF_TYPE/available_instances")"
check_err "a third port: no free slot" "No free SF slot" \
	devlink port add "$DEV" flavour pcisf pfnum 0 sfnum 12
check_err "the create file: ENOSPC" "No space left on device" \
	sysfs_write "$SF_TYPE/create" "$(cat /proc/sys/kernel/random/uuid)"
check_eq "nothing half-made" 2 "$(sf_ports)"

# Every slot taken: the SFs still get their devices.
check_ok "hw_addr" devlink port function set "$p1" hw_addr 02:00:00:00:43:01
check_ok "activate the first SF at full capacity" sf_activate "$p1"
check_ok "activate the second SF at full capacity" sf_activate "$p2"
check_ok "the SF has its netdev" test -n "$(sf_netdev 10)"
check_eq "with the MAC given" 02:00:00:00:43:01 \
	"$(cat "/sys/class/net/$(sf_netdev 10)/address")"

check_ok "delete the second" devlink port del "$p2"
check_ok "its slot comes back" wait_for 30 res_is occ 1
check_eq "one instance available" 1 "$(cat "$SF_TYPE/available_instances")"
uuid=$(cat /proc/sys/kernel/random/uuid)
check_ok "an SF through the create file" sysfs_write "$SF_TYPE/create" "$uuid"
check_eq "it takes the lowest free sfnum" 0 \
	"$(cat "/sys/bus/mdevc/devices/$uuid/sfnum")"
check_ok "remove it" sysfs_write "/sys/bus/mdevc/devices/$uuid/remove" 1
check_ok "deactivate the first" devlink port function set "$p1" state inactive
check_ok "delete the first" devlink port del "$p1"
check_ok "every slot free" wait_for 30 res_is occ 0

# Back to the default, and past the old limit of 128.
check_ok "size 4096 again" devlink resource set "$DEV" path /functions size 4096
check_ok "reload" devlink dev reload "$DEV"
switchdev
check_eq "4096 instances available" 4096 "$(cat "$SF_TYPE/available_instances")"
n=200
batch=$(mktemp)
defer "rm -f $batch"
for ((i = 0; i < n; i++)); do
	echo "port add $DEV flavour pcisf pfnum 0 sfnum $((1000 + i))"
done > "$batch"
check_ok "$n ports added in one devlink -b batch" devlink -b "$batch"
check_eq "$n SF ports" $n "$(sf_ports)"
check_eq "resource functions: $n used" $n "$(res occ)"
last=$(devlink -j port show | jq -r \
	'.port | to_entries[] | select(.value.sfnum == 1199) | .key')
check_eq "the last one has port index 32768 + 199" "$DEV/$((32768 + 199))" "$last"
check_ok "activate it" sf_activate "$last"
check_ok "it has its netdev" test -n "$(sf_netdev 1199)"
devlink -j port show | jq -r ".port | to_entries[] |
	select(.key | startswith(\"$DEV/\")) |
	select(.value.flavour == \"pcisf\") | \"port del \" + .key" > "$batch"
check_ok "every SF port deleted in one devlink -b batch" devlink -b "$batch"
check_eq "no SF port left" 0 "$(sf_ports)"
check_ok "every slot freed" wait_for 60 res_is occ 0
