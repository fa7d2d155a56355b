#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The SF tracepoints (in the spirit of mlx5's mlx5_sf_*) fire at each state
# change of an SF's life, with its port index, vport and sfnum: read
# through tracefs as an operator would.
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/common.sh"

T=/sys/kernel/tracing
mountpoint -q "$T" || mount -t tracefs nodev "$T" || skip "no tracefs"

sfnic_setup
defer "echo 0 > $T/events/sfnic/enable; echo > $T/trace"
check_ok "the sfnic trace events exist" test -d "$T/events/sfnic/sfnic_sf_add"
echo > "$T/trace"
echo 1 > "$T/events/sfnic/enable"

switchdev
port=$(sf_add 77)
check_ok "hw_addr" devlink port function set "$port" hw_addr 02:00:00:00:00:77
check_ok "SF active and attached" sf_activate "$port"
check_ok "state inactive" devlink port function set "$port" state inactive
check_ok "detached" wait_for 30 fn_is "$port" inactive detached
check_ok "port del" devlink port del "$port"
check_ok "sfnum 77 free again" wait_for 30 \
	sh -c "! devlink port show | grep -q 'sfnum 77'"
echo 0 > "$T/events/sfnic/enable"
trace=$(grep -v '^#' "$T/trace")
log "$(grep -c sfnic_sf <<<"$trace") events"

# has EVENT: one line of EVENT for this SF (port 32768, sfnum 77).
has()
{
	grep -E "$1: \(sfnic0\) port_index=32768 .*vport=0x8000 sfnum=77" \
		<<<"$trace" >/dev/null
}

for ev in sfnic_sf_add sfnic_sf_activate sfnic_sf_dev_add sfnic_sf_deactivate \
	  sfnic_sf_dev_del sfnic_sf_update_state; do
	check_ok "$ev traced with the SF's port, vport and sfnum" has "$ev"
done
check_ok "its slot freed: sfnic_sf_free or sfnic_sf_deferred_free" \
	has "sfnic_sf_(deferred_)?free"
first=$(grep -m1 -oE 'sfnic_sf_[a-z_]+:' <<<"$trace")
check_eq "the first event is the add" "sfnic_sf_add:" "$first"
