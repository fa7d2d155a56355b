#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# timeout: 900
#
# Reloads that cannot complete: an SF whose function was deactivated
# underneath, and device commands failing during a reload of an SF's or
# the NIC's instance. The reload fails with a message, devlink reports
# the instance's state truthfully (reload_failed, the function detached,
# no netdev), nothing leaks, and a later reload recovers it.
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/common.sh"

sfnic_setup
switchdev
port=$(sf_add 9)
check_ok "hw_addr" devlink port function set "$port" hw_addr 02:00:00:00:00:09
check_ok "SF active" sf_activate "$port"
dl=$(sf_dl 9)

# A device command failing during the reload of the SF's instance.
for f in "vport_attach:Device failed to attach the SF function" \
	 "vport_set_eqs:Device failed to size the SF's event queues"; do
	cmd=${f%%:*}
	inject "$cmd" 1 12
	check_err "reload fails when $cmd fails" "${f#*:}" devlink dev reload "$dl"
	check_eq "the fault was consumed" 0 "$(cat "$FAIL_DIR/$cmd/count")"
	check_eq "devlink says the reload failed" true "$(reload_failed "$dl")"
	check_ok "the instance stays" devlink dev show "$dl"
	check_eq "without netdev" "" "$(sf_netdev 9)"
	check_ok "the function is truthfully detached" fn_is "$port" active detached
	check_ok "a later reload recovers" devlink dev reload "$dl"
	check_eq "reload_failed cleared" false "$(reload_failed "$dl")"
	check_ok "attached again" fn_is "$port" active attached
	check_ok "with a netdev" test -n "$(sf_netdev 9)"
	check_ok "that comes up" ip link set "$(sf_netdev 9)" up
done

# An SF deactivated underneath its reload: the eswitch manager takes the
# function back while the SF's own instance reloads, between its detach
# and its attach (held up by a slow vport_attach: 8 s, the VM may be
# slow).
out=$(mktemp)
defer_try rm -f "$out"
echo 8000 > "$FAIL_DIR/vport_attach/delay_ms"
defer_try "echo 0 > $FAIL_DIR/vport_attach/delay_ms"
devlink dev reload "$dl" > "$out" 2>&1 &
rpid=$!
check_ok "the reload detached the function" \
	wait_for 10 fn_is "$port" active detached
check_ok "state inactive, underneath the reload" \
	devlink port function set "$port" state inactive
wait "$rpid"
check_ok "the reload fails" test $? -ne 0
echo 0 > "$FAIL_DIR/vport_attach/delay_ms"
check_ok "saying why" grep -qF \
	"The SF function is no longer active: it was deactivated" "$out"
check_ok "its device goes" wait_for 30 test ! -e "$SYSDEV/sf9"
check_ok "the function is released" wait_for 30 fn_is "$port" inactive detached
check_fail "and its instance" devlink dev show "$dl"
check_ok "active again" sf_activate "$port"
dl=$(sf_dl 9)
check_ok "the new instance reloads" devlink dev reload "$dl"
check_ok "port del" devlink port del "$port"
check_ok "its device goes" wait_for 30 test ! -e "$SYSDEV/sf9"

# The NIC's instance.
inject esw_set_mode 1 12
check_err "reload fails when the eswitch cannot go back to legacy mode" \
	"Device failed to change the eswitch mode" devlink dev reload "$DEV"
check_eq "and changes nothing: still switchdev" switchdev \
	"$(devlink -j dev eswitch show "$DEV" | jq -r ".dev[\"$DEV\"].mode")"
check_eq "the reload did not fail half way" false "$(reload_failed "$DEV")"
check_ok "the PF netdev stays" test -n "$(port_field "$DEV/65535" netdev)"

for f in "vport_set_eqs:Device failed to size the PF's event queues" \
	 "vport_set_mac:Failed to create the PF netdev"; do
	cmd=${f%%:*}
	inject "$cmd" 1 12
	check_err "reload fails when $cmd fails" "${f#*:}" devlink dev reload "$DEV"
	check_eq "devlink says the reload failed" true "$(reload_failed "$DEV")"
	check_eq "no PF netdev" "" "$(port_field "$DEV/65535" netdev)"
	check_ok "the eswitch still works" devlink dev eswitch set "$DEV" mode switchdev
	check_ok "a later reload recovers" devlink dev reload "$DEV"
	check_eq "reload_failed cleared" false "$(reload_failed "$DEV")"
	check_ok "with a PF netdev" test -n "$(port_field "$DEV/65535" netdev)"
done

for f in "$FAIL_DIR"/*/count; do
	check_eq "no fault left armed: $(basename "$(dirname "$f")")" 0 "$(cat "$f")"
done
