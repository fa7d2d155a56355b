#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The SF life cycle through devlink, as on mlx5: port add gives port index
# 32768 with an inactive, detached function and a pf0sf88 representor;
# hw_addr; state active brings the SF's mdev (sfnum attribute), its own
# devlink instance mdevc/<uuid> and its netdev with that MAC, then opstate
# attached; inactive takes them away; port del frees the port.
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/common.sh"

sfnic_setup
switchdev
check_eq "eswitch in switchdev mode" switchdev \
	"$(devlink -j dev eswitch show "$DEV" | jq -r ".dev[\"$DEV\"].mode")"

port=$(sf_add 88)
check_eq "port add sfnum 88 makes port index 32768" "$DEV/32768" "$port"
check_eq "flavour pcisf" pcisf "$(port_field "$port" flavour)"
check_eq "pfnum 0" 0 "$(port_field "$port" pfnum)"
check_eq "sfnum 88" 88 "$(port_field "$port" sfnum)"
check_eq "new function: hw_addr zero" 00:00:00:00:00:00 "$(fn_field "$port" hw_addr)"
check_eq "new function: inactive/detached" inactive/detached \
	"$(fn_field "$port" state)/$(fn_field "$port" opstate)"
log "$(devlink port show "$port")"

rep=$(port_field "$port" netdev)
check_ok "representor netdev $rep exists" test -d "/sys/class/net/$rep"
check_eq "representor phys_port_name" pf0sf88 "$(cat "/sys/class/net/$rep/phys_port_name")"
pf=$(port_field "$DEV/65535" netdev)
check_eq "representor shares the uplink's phys_switch_id" \
	"$(cat "/sys/class/net/$pf/phys_switch_id")" \
	"$(cat "/sys/class/net/$rep/phys_switch_id")"
check_ok "representor up (it holds eswitch queues from now on)" \
	ip link set "$rep" up

check_ok "hw_addr set" devlink port function set "$port" hw_addr 00:00:00:00:88:88
check_eq "hw_addr shown" 00:00:00:00:88:88 "$(fn_field "$port" hw_addr)"

check_ok "state active" devlink port function set "$port" state active
check_eq "state is active at once" active "$(fn_field "$port" state)"
check_ok "opstate becomes attached" wait_for 30 fn_is "$port" active attached

uuid=$(sf_mdev 88)
check_ok "SF mdev $uuid on the mdevc bus" test -d "/sys/bus/mdevc/devices/$uuid"
check_eq "mdev sfnum attribute" 88 "$(cat "/sys/bus/mdevc/devices/$uuid/sfnum")"
check_eq "mdev names its eswitch port" "$port" \
	"$(cat "/sys/bus/mdevc/devices/$uuid/devlink_port")"
check_eq "bound to the sfnic SF driver" sfnic_sf \
	"$(basename "$(readlink "/sys/bus/mdevc/devices/$uuid/driver")")"
check_ok "SF devlink instance mdevc/$uuid" devlink dev show "mdevc/$uuid"
nd=$(sf_netdev 88)
check_eq "SF instance's port holds the SF netdev" "$nd" \
	"$(port_field "mdevc/$uuid/32768" netdev)"
check_eq "SF netdev carries the hw_addr" 00:00:00:00:88:88 \
	"$(cat "/sys/class/net/$nd/address")"
check_eq "ethtool -i driver" "driver: sfnic" "$(ethtool -i "$nd" | grep ^driver:)"
# ethtool's bus-info holds 31 characters: the UUID's first 31.
check_eq "ethtool -i bus-info is the mdev" "bus-info: ${uuid:0:31}" \
	"$(ethtool -i "$nd" | grep ^bus-info:)"
check_eq "SF netdev has 2 queues" 2 "$(ls -d "/sys/class/net/$nd/queues/rx-"* | wc -l)"
check_eq "SF devlink info: driver" sfnic \
	"$(devlink -j dev info "mdevc/$uuid" | jq -r ".info[\"mdevc/$uuid\"].driver")"

check_ok "state inactive" devlink port function set "$port" state inactive
check_ok "function becomes inactive/detached" wait_for 30 fn_is "$port" inactive detached
check_ok "mdev is removed" wait_for 10 test ! -e "/sys/bus/mdevc/devices/$uuid"
check_fail "SF devlink instance is gone" devlink dev show "mdevc/$uuid"
check_fail "SF netdev is gone" test -e "/sys/class/net/$nd"

check_ok "active again" sf_activate "$port"
uuid2=$(sf_mdev 88)
check_ok "a new mdev for the new activation" test "$uuid2" != "$uuid"

check_ok "port del of an active SF" devlink port del "$port"
check_fail "port is gone" devlink port show "$port"
check_fail "representor is gone" test -e "/sys/class/net/$rep"
check_ok "its mdev goes (deferred free)" wait_for 30 test ! -e "/sys/bus/mdevc/devices/$uuid2"
check_ok "sfnum 88 is free again" wait_for 30 sf_add 88
# A representor that is up holds the function's queues in the eswitch: the
# port still goes at once (it used to fail with EBUSY).
rep=$(port_field "$DEV/32768" netdev)
check_ok "its representor $rep up" ip link set "$rep" up
check_ok "port del of an inactive SF whose representor is up" \
	devlink port del "$DEV/32768"
check_fail "representor is gone" test -e "/sys/class/net/$rep"
check_eq "only the uplink port is left" 1 "$(ports_of "$DEV")"
