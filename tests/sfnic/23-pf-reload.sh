#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The NIC's instance has the same driverinit params as an SF's and
# reloads as mlx5's does: refused while an SF has its device ("reload is
# unsupported when SFs are allocated"), otherwise done, after which the
# eswitch is in legacy mode and the SF ports are gone. enable_eth false
# leaves the NIC without PF netdev; the event queue sizes reach the NIC.
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/common.sh"

sfnic_setup
defer_try ip netns del sfpfr
uplink=$DEV/65535
pf=0x0

for p in enable_eth enable_rdma io_eq_size event_eq_size max_macs; do
	check_ok "the NIC's instance has $p" \
		test -n "$(param_get "$DEV" $p)"
done
check_eq "no reload yet" 0 "$(reloads "$DEV")"

switchdev
p1=$(sf_add 1)
p2=$(sf_add 2)
check_ok "SF 1 active" sf_activate "$p1"
check_err "reload refused while an SF has its device" \
	"reload is unsupported when SFs are allocated" devlink dev reload "$DEV"
check_ok "and it changed nothing: SF 1 stays attached" fn_is "$p1" active attached
check_eq "still switchdev" switchdev \
	"$(devlink -j dev eswitch show "$DEV" | jq -r ".dev[\"$DEV\"].mode")"
check_eq "no reload counted" 0 "$(reloads "$DEV")"
ip netns add sfpfr
check_err "no reload into another namespace" \
	"Reload into another network namespace is supported by SF instances only" \
	devlink dev reload "$DEV" netns sfpfr

check_ok "SF 1 inactive" devlink port function set "$p1" state inactive
check_ok "its device goes" \
	wait_for 30 sh -c "[ -z \"\$(ls /sys/bus/mdevc/devices)\" ]"
check_ok "io_eq_size 128" param_set "$DEV" io_eq_size 128
old_pf=$(port_field "$uplink" netdev)
check_ok "reload with inactive SFs" devlink dev reload "$DEV"
check_eq "the eswitch is in legacy mode" legacy \
	"$(devlink -j dev eswitch show "$DEV" | jq -r ".dev[\"$DEV\"].mode")"
check_eq "the SF ports are gone" 1 "$(ports_of "$DEV")"
check_ok "so is SF 1's representor" sh -c "! devlink port show $p1"
pf_nd=$(port_field "$uplink" netdev)
check_ok "a new PF netdev ($pf_nd) on the uplink port" test -n "$pf_nd"
check_ok "that works" ip link set "$pf_nd" up
check_eq "the NIC has the PF's new io_eq_size" 128 "$(vport_field $pf io_eq_size)"
check_eq "one reload counted" 1 "$(reloads "$DEV")"
check_ok "the sfnums are free again" \
	wait_for 30 sh -c "devlink dev eswitch set $DEV mode switchdev && devlink port add $DEV flavour pcisf pfnum 0 sfnum 2"
check_ok "and deleted" devlink port del "$DEV/32768"
log "PF netdev was $old_pf, is $pf_nd"

# Without a PF netdev.
check_ok "enable_eth false" param_set "$DEV" enable_eth false
check_err "enable_rdma needs enable_eth" "enable_rdma requires enable_eth" \
	devlink dev reload "$DEV"
check_ok "enable_rdma false" param_set "$DEV" enable_rdma false
check_ok "reload" devlink dev reload "$DEV"
check_eq "no PF netdev on the uplink port" "" "$(port_field "$uplink" netdev)"
check_ok "switchdev mode without it" devlink dev eswitch set "$DEV" mode switchdev
p3=$(sf_add 3)
check_ok "and an SF" sf_activate "$p3"
check_ok "whose netdev comes up" ip link set "$(sf_netdev 3)" up
check_ok "SF 3 deleted" devlink port del "$p3"
check_ok "its device goes" wait_for 30 test ! -e "$SYSDEV/sf3"
check_ok "legacy mode without it" devlink dev eswitch set "$DEV" mode legacy
check_ok "enable_eth true" param_set "$DEV" enable_eth true
check_ok "reload" devlink dev reload "$DEV"
check_ok "the PF netdev is back" test -n "$(port_field "$uplink" netdev)"
check_eq "three reloads counted" 3 "$(reloads "$DEV")"
check_eq "no reload failed" false "$(reload_failed "$DEV")"
