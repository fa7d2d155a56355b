#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# An injected model command failure at each step of SF add, activation,
# deactivation and deletion fails that command cleanly: the user sees an
# error, no half-made port, device or netdev is left, and the next try
# succeeds.
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/common.sh"

sfnic_setup
check_ok "fault injection knobs in debugfs" test -d "$FAIL_DIR/vport_create"
switchdev
netdevs=$(ls /sys/class/net | wc -l)

inject vport_create 1 12
check_err "port add fails when the device cannot allocate the SF" \
	"Device failed to allocate the SF function" \
	devlink port add "$DEV" flavour pcisf pfnum 0 sfnum 5
check_eq "no port left" 1 "$(ports_of "$DEV")"
check_eq "no netdev left" "$netdevs" "$(ls /sys/class/net | wc -l)"
check_eq "the fault was consumed" 0 "$(cat "$FAIL_DIR/vport_create/count")"

inject queue_create 1
port=$(sf_add 5)
check_eq "port add retried succeeds" "$DEV/32768" "$port"

inject vport_set_mac
check_err "hw_addr set fails cleanly" "Device failed to set the function's MAC" \
	devlink port function set "$port" hw_addr 02:00:00:00:00:05
check_eq "hw_addr unchanged" 00:00:00:00:00:00 "$(fn_field "$port" hw_addr)"
check_ok "hw_addr set retried" devlink port function set "$port" hw_addr 02:00:00:00:00:05

inject vport_enable
check_err "activation fails cleanly" "Device failed to enable the SF function" \
	devlink port function set "$port" state active
check_ok "function stays inactive/detached" fn_is "$port" inactive detached
check_ok "activation retried" sf_activate "$port"

inject vport_disable
check_err "deactivation fails cleanly" "Device failed to disable the SF function" \
	devlink port function set "$port" state inactive
check_ok "function stays active/attached" fn_is "$port" active attached
check_ok "SF netdev still there" test -n "$(sf_netdev 5)"
check_ok "deactivation retried" devlink port function set "$port" state inactive
check_ok "function released" wait_for 30 fn_is "$port" inactive detached

# As on mlx5, port del never fails because the device will not free the
# function yet: the port goes at once and the slot is freed later.
inject vport_destroy
check_ok "port del succeeds although the device refused to free the SF" \
	devlink port del "$port"
check_eq "only the uplink left" 1 "$(ports_of "$DEV")"
check_eq "the fault was consumed" 0 "$(cat "$FAIL_DIR/vport_destroy/count")"
check_ok "the deferred free retried: sfnum 5 is free again" \
	wait_for 10 devlink port add "$DEV" flavour pcisf pfnum 0 sfnum 5
check_ok "and that port deleted" devlink port del "$DEV/32768"

inject esw_set_mode
check_err "eswitch mode change fails cleanly" "Device failed to change the eswitch mode" \
	devlink dev eswitch set "$DEV" mode legacy
check_eq "still switchdev" switchdev \
	"$(devlink -j dev eswitch show "$DEV" | jq -r ".dev[\"$DEV\"].mode")"

# A failure while the SF driver binds leaves the function active but
# detached (no netdev); deactivation still works.
port=$(sf_add 6)
inject vport_attach
devlink port function set "$port" state active
check_ok "its mdev appears" wait_for 10 sh -c "ls /sys/bus/mdevc/devices | grep -q ."
sleep 1
check_ok "SF whose driver failed to bind stays active/detached" \
	fn_is "$port" active detached
check_ok "port del cleans it up" devlink port del "$port"
check_ok "and its unbound mdev goes" \
	wait_for 30 sh -c "! ls /sys/bus/mdevc/devices/ | grep -q ."
check_eq "no netdev left" "$netdevs" "$(ls /sys/class/net | wc -l)"
