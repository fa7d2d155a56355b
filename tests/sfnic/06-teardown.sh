#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Teardown in any order with active SFs, cleanly: leaving switchdev mode
# deletes every SF; del_device with active SFs; module unload with active
# SFs. Nothing is left on the mdevc bus, in devlink or in ip link.
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/common.sh"

base_links=$(ip -o link show | wc -l)

make_sfs()
{
	local n port

	switchdev
	for n in 10 11 12; do
		port=$(sf_add $n) || fail "port add $n"
		devlink port function set "$port" hw_addr 02:00:00:00:00:$n
		devlink port function set "$port" state active || fail "active $n"
	done
	wait_for 30 fn_is "$DEV/32770" active attached || fail "SFs not attached"
}

mdevs()
{
	ls /sys/bus/mdevc/devices | wc -l
}

no_mdevs()
{
	[ "$(mdevs)" = 0 ]
}

sfnic_setup
make_sfs
check_eq "3 SF devices" 3 "$(mdevs)"
check_ok "leaving switchdev deletes every SF" devlink dev eswitch set "$DEV" mode legacy
check_eq "only the uplink port is left" 1 "$(ports_of "$DEV")"
check_ok "their devices go" wait_for 30 no_mdevs
check_ok "switchdev again, same sfnums reusable" make_sfs

check_ok "del_device with 3 active SFs" sysfs_write "$SFNIC_BUS/del_device" "$ID"
check_eq "no SF device left" 0 "$(mdevs)"
check_eq "no devlink instance left" "" "$(devlink dev show | grep -E 'sfnic|mdevc')"

echo "$ID" > "$SFNIC_BUS/new_device" || fail "new_device"
make_sfs
check_ok "module unload with 3 active SFs" modprobe -r sfnic
check_eq "no SF device left" 0 "$(mdevs)"
check_eq "ip link back to the start" "$base_links" "$(ip -o link show | wc -l)"
check_eq "no devlink instance left" "" "$(devlink dev show | grep -E 'sfnic|mdevc')"
