#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# An SF's own devlink instance has mlx5's driverinit params (enable_eth,
# enable_rdma, io_eq_size, event_eq_size, max_macs), which a devlink
# reload (driver_reinit) applies: the event queue sizes reach the NIC
# (the model's vports file), enable_eth false leaves the SF without a
# netdev while its instance stays, and bad values get an extack.
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/common.sh"

sfnic_setup
switchdev
port=$(sf_add 4)
check_ok "hw_addr" devlink port function set "$port" hw_addr 02:00:00:00:00:04
check_ok "SF active" sf_activate "$port"
dl=$(sf_dl 4)
vport=0x8000

check_eq "enable_eth defaults to true" true "$(param_get "$dl" enable_eth)"
check_eq "enable_rdma defaults to true" true "$(param_get "$dl" enable_rdma)"
check_eq "io_eq_size defaults to 1024" 1024 "$(param_get "$dl" io_eq_size)"
check_eq "event_eq_size defaults to 4096" 4096 "$(param_get "$dl" event_eq_size)"
check_eq "max_macs defaults to 128" 128 "$(param_get "$dl" max_macs)"
check_eq "the NIC has the default sizes" 1024/4096 \
	"$(vport_field $vport io_eq_size)/$(vport_field $vport event_eq_size)"
check_eq "no reload yet" 0 "$(reloads "$dl")"

# Bad values: each refused with a message, the value unchanged.
check_err "io_eq_size below 64" "io_eq_size must be between 64 and 4096" \
	param_set "$dl" io_eq_size 63
check_err "io_eq_size above 4096" "io_eq_size must be between 64 and 4096" \
	param_set "$dl" io_eq_size 4097
check_err "event_eq_size below 64" "event_eq_size must be between 64 and 4096" \
	param_set "$dl" event_eq_size 0
check_err "max_macs 0" "max_macs value must be greater than 0" \
	param_set "$dl" max_macs 0
check_err "max_macs not a power of 2" \
	"Only power of 2 values are supported for max_macs" \
	param_set "$dl" max_macs 3
check_err "max_macs past the NIC's 128" \
	"max_macs value is out of the supported range" \
	param_set "$dl" max_macs 256
check_err "a string for a u32 param" "is not a number" \
	param_set "$dl" io_eq_size abc
check_err "a number for a bool param" "is not a number" \
	param_set "$dl" enable_eth 3
check_err "runtime cmode: driverinit only" "Configuration mode not supported" \
	devlink dev param set "$dl" name io_eq_size value 256 cmode runtime
check_eq "io_eq_size unchanged" 1024 "$(param_get "$dl" io_eq_size)"
check_eq "max_macs unchanged" 128 "$(param_get "$dl" max_macs)"

# driverinit values wait for a reload.
check_ok "io_eq_size 256" param_set "$dl" io_eq_size 256
check_ok "event_eq_size 64" param_set "$dl" event_eq_size 64
check_eq "not applied before the reload" 1024 "$(vport_field $vport io_eq_size)"
nd=$(sf_netdev 4)
check_ok "reload" devlink dev reload "$dl"
check_eq "the NIC has the new sizes" 256/64 \
	"$(vport_field $vport io_eq_size)/$(vport_field $vport event_eq_size)"
check_eq "one reload counted" 1 "$(reloads "$dl")"
check_ok "the SF is attached again" fn_is "$port" active attached
nd2=$(sf_netdev 4)
check_ok "a new netdev ($nd2)" test -n "$nd2"
check_eq "with the function's MAC" 02:00:00:00:00:04 \
	"$(cat "/sys/class/net/$nd2/address")"
check_eq "linked to the instance's port" "$nd2" \
	"$(port_field "$dl/32768" netdev)"

# enable_eth false needs enable_rdma false: refused at reload.
check_ok "enable_eth false" param_set "$dl" enable_eth false
check_err "reload refused: enable_rdma needs enable_eth" \
	"enable_rdma requires enable_eth" devlink dev reload "$dl"
check_eq "nothing was torn down: the netdev stays" "$nd2" "$(sf_netdev 4)"
check_eq "and no reload counted" 1 "$(reloads "$dl")"
check_ok "enable_rdma false" param_set "$dl" enable_rdma false
check_ok "reload" devlink dev reload "$dl"
check_eq "the SF has no netdev" "" "$(sf_netdev 4)"
check_ok "its instance stays" devlink dev show "$dl"
check_ok "its port stays, without netdev" \
	sh -c "[ -z \"\$(port_field $dl/32768 netdev)\" ]"
check_ok "the function stays attached" fn_is "$port" active attached
check_eq "the sizes stay" 256/64 \
	"$(vport_field $vport io_eq_size)/$(vport_field $vport event_eq_size)"
check_eq "two reloads counted" 2 "$(reloads "$dl")"

check_ok "enable_eth true" param_set "$dl" enable_eth true
check_ok "io_eq_size 4096" param_set "$dl" io_eq_size 4096
check_ok "reload" devlink dev reload "$dl"
check_ok "the netdev is back" test -n "$(sf_netdev 4)"
check_eq "io_eq_size applied" 4096 "$(vport_field $vport io_eq_size)"
check_eq "three reloads counted" 3 "$(reloads "$dl")"
check_eq "no reload failed" false "$(reload_failed "$dl")"

# A new activation starts from the defaults again: a new instance.
check_ok "state inactive" devlink port function set "$port" state inactive
check_ok "the SF's device goes" wait_for 30 test ! -e "$SYSDEV/sf4"
check_eq "its sizes go with its driver" 1024 "$(vport_field $vport io_eq_size)"
check_ok "active again" sf_activate "$port"
dl=$(sf_dl 4)
check_eq "a new instance has the default io_eq_size" 1024 \
	"$(param_get "$dl" io_eq_size)"
check_eq "and no reload" 0 "$(reloads "$dl")"
check_ok "port del" devlink port del "$port"
check_ok "its device goes" wait_for 30 test ! -e "$SYSDEV/sf4"
