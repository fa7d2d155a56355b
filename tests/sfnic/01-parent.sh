#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The parent: new_device makes sfnic0 with devlink instance sfnic/sfnic0,
# its info (driver, serial, versions), the uplink port (flavour physical,
# index 65535) holding the PF netdev, legacy eswitch mode, the vendor SF
# type on the mdevc bus; del_device removes it all.
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/common.sh"

check_fail "sfnic needs no class driver loaded (they bind at run time)" \
	sh -c "modinfo -F depends sfnic | grep -q mdevc_vfio"
sfnic_setup
check_ok "sfnic0 is on the sfnic bus" test -d "$SYSDEV"
check_err "a second sfnic0 is refused" "File exists" \
	sysfs_write "$SFNIC_BUS/new_device" 0
check_ok "with a one-line reason in the kernel log" \
	sh -c "dmesg | tail -n 5 | grep -q 'sfnic: device sfnic0 already exists'"
check_err "a malformed id is refused" "Invalid argument" \
	sysfs_write "$SFNIC_BUS/new_device" zero
check_ok "devlink instance $DEV" devlink dev show "$DEV"

info=$(devlink -j dev info "$DEV")
check_eq "dev info: driver" sfnic "$(jq -r ".info[\"$DEV\"].driver" <<<"$info")"
check_eq "dev info: serial number" SFN00000000 \
	"$(jq -r ".info[\"$DEV\"].serial_number" <<<"$info")"
check_eq "dev info: fixed board.id" SFN0001 \
	"$(jq -r ".info[\"$DEV\"].versions.fixed[\"board.id\"]" <<<"$info")"
check_eq "dev info: running fw.version" 1.4.2 \
	"$(jq -r ".info[\"$DEV\"].versions.running[\"fw.version\"]" <<<"$info")"

check_eq "uplink port is flavour physical" physical \
	"$(port_field "$DEV/65535" flavour)"
pf=$(port_field "$DEV/65535" netdev)
check_ok "uplink port holds the PF netdev ($pf)" test -d "/sys/class/net/$pf"
check_eq "PF netdev phys_port_name" p0 "$(cat "/sys/class/net/$pf/phys_port_name")"
check_ok "PF netdev has a phys_switch_id" test -n "$(cat "/sys/class/net/$pf/phys_switch_id")"
check_eq "ethtool -i driver" "driver: sfnic" "$(ethtool -i "$pf" | grep ^driver:)"
check_eq "ethtool -i bus-info" "bus-info: sfnic0" "$(ethtool -i "$pf" | grep ^bus-info:)"
check_eq "eswitch starts in legacy mode" legacy \
	"$(devlink -j dev eswitch show "$DEV" | jq -r ".dev[\"$DEV\"].mode")"
check_ok "vendor SF type on the mdevc bus" test -d "$SF_TYPE"
check_eq "no SF can be created in legacy mode" 0 "$(cat "$SF_TYPE/available_instances")"

check_ok "del_device removes sfnic0" sysfs_write "$SFNIC_BUS/del_device" 0
check_fail "devlink instance is gone" devlink dev show "$DEV"
check_fail "PF netdev is gone" test -d "/sys/class/net/$pf"
check_err "deleting it again fails" "No such file" \
	sysfs_write "$SFNIC_BUS/del_device" 0
check_ok "with a one-line reason in the kernel log" \
	sh -c "dmesg | tail -n 5 | grep -q 'sfnic: no device sfnic0 to delete'"
