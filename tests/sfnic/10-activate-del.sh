#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# timeout: 900
#
# port del right after state active, while the SF's device is still being
# created, is the deferred free of mlx5: the port goes at once, the device
# the NIC was bringing up goes with the function, and the slot and sfnum
# are freed only then. Nothing is left behind: no mdev, no port, no
# sf<sfnum> link, and the sfnum and slot can be used again.
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/common.sh"

MDEVC_DEVS=/sys/bus/mdevc/devices
ROUNDS=18

sfnic_setup
switchdev
tmp=$(mktemp -d)
defer rm -rf "$tmp"

# One devlink process reads commands from a FIFO, so that port del follows
# state active without the start-up time of a devlink process.
mkfifo "$tmp/cmds"
devlink -f -b "$tmp/cmds" > "$tmp/out" 2>&1 &
dl=$!
defer "kill $dl"
exec 3> "$tmp/cmds"
defer "exec 3>&-"

# sf_add_retry SFNUM: port add, retried while the previous SF of that
# number waits for its deferred free ("SF already exist").
sf_add_retry()
{
	local i

	for ((i = 0; i < 300; i++)); do
		sf_add "$1" 2>/dev/null && return 0
		sleep 0.1
	done
	return 1
}

no_mdev()
{
	[ -z "$(ls "$MDEVC_DEVS")" ]
}

# The rounds delay a command of the SF driver's probe (attach, or a
# later one), so that port del lands while the NIC creates and binds the
# SF's device; the rounds without delay race it freely.
delays=(vport_attach vport_attach vport_attach vport_query none none)
for ((i = 0; i < ROUNDS; i++)); do
	slow=${delays[i % ${#delays[@]}]}
	port=$(sf_add_retry 9) || fail "round $i: sfnum 9 never freed"
	devlink port function set "$port" hw_addr 02:00:00:00:00:09 ||
		fail "round $i: hw_addr"
	[ "$slow" = none ] || echo 400 > "$FAIL_DIR/$slow/delay_ms"
	echo "port function set $port state active" >&3
	if [ "$slow" != none ]; then
		# The SF's mdev is on the bus: its driver is being bound,
		# the device is not yet handed to the SF.
		for ((n = 0; n < 100000; n++)); do
			compgen -G "$MDEVC_DEVS/*" > /dev/null && break
		done
	elif ((i % 2)); then
		sleep "0.0$((i % 10))"
	fi
	echo "port del $port" >&3
	wait_for 10 sh -c "! devlink port show $port" ||
		fail "round $i: port del"
	[ "$slow" = none ] || echo 0 > "$FAIL_DIR/$slow/delay_ms"
done
pass "$ROUNDS times state active, then port del while the device comes"

check_eq "no port but the uplink left" 1 "$(ports_of "$DEV")"
check_ok "no SF device left on the mdevc bus" wait_for 30 no_mdev
check_ok "no sf9 link left in the NIC's directory" test ! -e "$SYSDEV/sf9"
port=$(sf_add_retry 9)
check_eq "sfnum 9 and its slot are free again" "$DEV/32768" "$port"
check_ok "hw_addr" devlink port function set "$port" hw_addr 02:00:00:00:00:09
check_ok "the reused slot activates" sf_activate "$port"
check_ok "with a netdev" test -n "$(sf_netdev 9)"
check_ok "port del" devlink port del "$port"
check_ok "and its device goes" wait_for 30 no_mdev
