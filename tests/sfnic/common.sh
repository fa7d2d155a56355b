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

# no_ipv6_default: new netdevs get no IPv6 (no DAD, MLD, router
# solicitations racing the counters a test reads); undone on exit.
no_ipv6_default()
{
	local v6

	v6=$(sysctl -n net.ipv6.conf.default.disable_ipv6)
	defer "sysctl -qw net.ipv6.conf.default.disable_ipv6=$v6"
	sysctl -qw net.ipv6.conf.default.disable_ipv6=1
}

# sf_rep_ns SFNUM NS_SF NS_REP: an active SF (MAC 02:00:00:00:0a:<sfnum>)
# whose netdev is in NS_SF as 10.77.<sfnum>.1/24 and whose representor is
# in NS_REP as 10.77.<sfnum>.2/24, both up, without IPv6, and reaching each
# other; sets SF_ND and SF_REP. The namespaces go on exit.
sf_rep_ns()
{
	local n=$1 p ns

	for ns in "$2" "$3"; do
		ip netns add "$ns" || fail "netns $ns"
		defer ip netns del "$ns"
		ip -n "$ns" link set lo up
		ip netns exec "$ns" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 \
			net.ipv6.conf.default.disable_ipv6=1
	done
	p=$(sf_add "$n") || fail "port add of SF $n"
	devlink port function set "$p" \
		hw_addr "$(printf '02:00:00:00:0a:%02x' "$n")" ||
		fail "hw_addr of SF $n"
	sf_activate "$p" || fail "SF $n not attached"
	SF_PORT=$p
	SF_REP=$(port_field "$p" netdev)
	SF_ND=$(sf_netdev "$n")
	[ -n "$SF_ND" ] && [ -n "$SF_REP" ] || fail "SF $n has no netdevs"
	ip link set "$SF_ND" netns "$2" || fail "SF netdev to $2"
	ip link set "$SF_REP" netns "$3" || fail "representor to $3"
	ip -n "$2" addr add "10.77.$n.1/24" dev "$SF_ND"
	ip -n "$3" addr add "10.77.$n.2/24" dev "$SF_REP"
	ip -n "$3" link set "$SF_REP" up
	ip -n "$2" link set "$SF_ND" up
	wait_for 20 ip netns exec "$2" ping -c 1 -W 1 "10.77.$n.2" ||
		fail "SF $n cannot reach its representor"
}

# nd_stat NS DEV FIELD: a counter of ip -s (rx.packets, tx.dropped, ...).
nd_stat()
{
	ip -n "$1" -j -s link show dev "$2" | jq -r ".[0].stats64.$3"
}

# et_stat NS DEV NAME: a counter of ethtool -S.
et_stat()
{
	ip netns exec "$1" ethtool -S "$2" |
		awk -v n="$3:" '$1 == n { print $2; f = 1 } END { exit !f }'
}

# et_sum NS DEV REGEX: the sum of the ethtool -S counters matching REGEX.
et_sum()
{
	ip netns exec "$1" ethtool -S "$2" |
		awk -v r="^$3:\$" '$1 ~ r { s += $2 } END { print s + 0 }'
}

# tcp_ok NS_SRV ADDR NS_CLI [BYTES]: an iperf3 TCP transfer succeeds.
tcp_ok()
{
	local pid rc

	ip netns exec "$1" iperf3 -s -1 -B "$2" >/dev/null 2>&1 &
	pid=$!
	wait_for 10 ip netns exec "$1" sh -c "ss -ltn | grep -q '$2:5201 '" ||
		{ kill "$pid" 2>/dev/null; return 1; }
	ip netns exec "$3" timeout 60 iperf3 -c "$2" -n "${4:-8M}" >/dev/null
	rc=$?
	[ $rc -eq 0 ] || kill "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	return $rc
}

# macvlan_in LOWER NAME MAC NS ADDR: LOWER up, and a bridge-mode macvlan
# NAME with its own MAC on it, moved into NS with ADDR, up.
macvlan_in()
{
	ip link set "$1" up || return 1
	ip link add "$2" link "$1" address "$3" type macvlan mode bridge ||
		return 1
	ip link set "$2" netns "$4" || return 1
	ip -n "$4" addr add "$5" dev "$2" || return 1
	ip -n "$4" link set "$2" up
}

# fn_count STATE OPSTATE: how many SF ports of $DEV read STATE/OPSTATE
# (function state and opstate), from one port dump.
fn_count()
{
	devlink -j port show |
		jq --arg d "$DEV/" --arg s "$1" --arg o "$2" \
			'[.port | to_entries[] |
			  select((.key | startswith($d)) and
				 .value.flavour == "pcisf" and
				 .value.function.state == $s and
				 .value.function.opstate == $o)] | length'
}
