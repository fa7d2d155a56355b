# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# Helpers of the sfnic tests, sourced after ../lib.sh. Each test makes its
# own NIC (sfnic<ID>), drives it with devlink, ip, ethtool and sysfs, and
# removes it and the module on exit.

SFNIC_BUS=/sys/bus/sfnic
ID=${ID:-0}
DEV=sfnic/sfnic$ID
SYSDEV=$SFNIC_BUS/devices/sfnic$ID
SF_TYPE=/sys/class/mdevc_bus/sfnic$ID/mdev_supported_types/sfnic-sf
FAIL_DIR=/sys/kernel/debug/sfnic/sfnic$ID/model/fail

# sfnic_setup: load sfnic and make sfnic$ID; everything goes on exit.
sfnic_setup()
{
	load_mod sfnic
	defer stack_unload
	echo "$ID" > "$SFNIC_BUS/new_device" || fail "new_device $ID"
	# A test may have removed it itself; one it cannot remove is a failure.
	defer "[ ! -e $SYSDEV ] || echo $ID > $SFNIC_BUS/del_device"
	udevadm settle 2>/dev/null || true
}

switchdev()
{
	devlink dev eswitch set "$DEV" mode switchdev || fail "switchdev mode"
}

# port_field PORT KEY: a top-level field of "devlink -j port show PORT".
port_field()
{
	devlink -j port show "$1" | jq -r ".port[\"$1\"].$2 // empty"
}

# fn_field PORT KEY: a field of the port's function (hw_addr, state, opstate).
fn_field()
{
	devlink -j port show "$1" | jq -r ".port[\"$1\"].function.$2 // empty"
}

# fn_is PORT STATE OPSTATE: the port's function is in that state right now.
fn_is()
{
	[ "$(fn_field "$1" state)/$(fn_field "$1" opstate)" = "$2/$3" ]
}

# sf_add SFNUM: devlink port add; prints the new port's handle (from the
# text output: iproute2 6.1's JSON output of port add is malformed).
sf_add()
{
	local out

	out=$(devlink port add "$DEV" flavour pcisf pfnum 0 sfnum "$1") ||
		return 1
	echo "${out%%:*}"
}

# sf_mdev SFNUM: UUID of the SF's mdev (via sfnic<id>/sf<sfnum>).
sf_mdev()
{
	basename "$(readlink -f "$SYSDEV/sf$1")"
}

# sf_netdev SFNUM: the SF's own netdev.
sf_netdev()
{
	ls "$SYSDEV/sf$1/net" 2>/dev/null
}

# sf_activate PORT: state active, then wait until the SF's driver is bound.
sf_activate()
{
	devlink port function set "$1" state active || return 1
	wait_for 30 fn_is "$1" active attached
}

# ports_of DEV: number of ports of the instance.
ports_of()
{
	devlink -j port show | jq "[.port | keys[] | select(startswith(\"$1/\"))] | length"
}

# inject CMD [N] [ERRNO]: fail the next N model commands CMD with ERRNO.
inject()
{
	echo "${3:-5}" > "$FAIL_DIR/$1/errno"
	echo "${2:-1}" > "$FAIL_DIR/$1/count"
}

VPORTS=/sys/kernel/debug/sfnic/sfnic$ID/model/vports

# sf_dl SFNUM: the SF's own devlink instance, mdevc/<uuid>.
sf_dl()
{
	echo "mdevc/$(sf_mdev "$1")"
}

# param_get INSTANCE NAME: the driverinit value of a devlink param.
param_get()
{
	devlink -j dev param show "$1" name "$2" |
		jq -r '.param[][0].values[] | select(.cmode == "driverinit") | .value'
}

# param_set INSTANCE NAME VALUE: set a driverinit devlink param.
param_set()
{
	devlink dev param set "$1" name "$2" value "$3" cmode driverinit
}

# reloads INSTANCE: how many driver_reinit reloads devlink counted.
reloads()
{
	devlink -j -s dev show "$1" |
		jq -r '.dev[].stats.reload.driver_reinit.unspecified'
}

# reload_failed INSTANCE: "true" once a reload failed, until one succeeds.
reload_failed()
{
	devlink -j dev show "$1" | jq -r '.dev[].reload_failed // false'
}

# vport_field VPORT KEY: a field of the model's line about a vport
# (debugfs model/vports: "vport 0x8000 state in_use ... io_eq_size 1024").
vport_field()
{
	awk -v v="$1" -v k="$2" \
		'$2 == v { for (i = 3; i < NF; i++) if ($i == k) print $(i + 1) }' \
		"$VPORTS"
}
