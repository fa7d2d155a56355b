#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# SF netdevs and representors are named after their NIC and SF at
# allocation, not enumerated as eth%d: the SF netdev sfnic<id>s<sfnum>, its
# representor sfnic<id>pf0sf<sfnum> (the NIC, then its phys_port_name),
# both NET_NAME_PREDICTABLE (name_assign_type 2) so that udev keeps them or
# a .link file renames them. A name another netdev holds, or one longer
# than 15 characters, falls back to eth%d (NET_NAME_ENUM, 1).
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/common.sh"

NET_NAME_ENUM=1
NET_NAME_PREDICTABLE=2

# name_type NETDEV: its /sys/class/net/*/name_assign_type.
name_type()
{
	cat "/sys/class/net/$1/name_assign_type"
}

# sf_up SFNUM MAC: add the SF, set its MAC, activate it; prints its port.
sf_up()
{
	local port

	port=$(sf_add "$1") || return 1
	devlink port function set "$port" hw_addr "$2" || return 1
	sf_activate "$port" || return 1
	echo "$port"
}

sfnic_setup
switchdev

# The names a user sees.
port=$(sf_up 88 02:00:00:00:00:88)
check_ok "SF 88 active" test -n "$port"
rep=sfnic${ID}pf0sf88
nd=sfnic${ID}s88
check_eq "representor named $rep" "$rep" "$(port_field "$port" netdev)"
check_eq "representor name is predictable" $NET_NAME_PREDICTABLE \
	"$(name_type "$rep")"
check_ok "ip -d link shows $rep with portname pf0sf88" \
	sh -c "ip -d link show $rep | grep -q 'portname pf0sf88'"
check_eq "SF netdev named $nd" "$nd" "$(sf_netdev 88)"
check_eq "SF netdev name is predictable" $NET_NAME_PREDICTABLE \
	"$(name_type "$nd")"
check_ok "ip -d link shows $nd" ip -d link show "$nd"
check_eq "its instance's port holds $nd" "$nd" \
	"$(port_field "$(sf_dl 88)/32768" netdev)"
udevadm settle 2>/dev/null || true
check_ok "udev kept both names" \
	test -e "/sys/class/net/$rep" -a -e "/sys/class/net/$nd"
log "$(ip -d link show "$rep"; ip -d link show "$nd")"

# Names taken by other netdevs: the SF's netdevs are enumerated instead.
check_ok "a veth pair takes sfnic${ID}s7 and sfnic${ID}pf0sf7" \
	ip link add "sfnic${ID}s7" type veth peer name "sfnic${ID}pf0sf7"
defer ip link del "sfnic${ID}s7"
port7=$(sf_up 7 02:00:00:00:00:07)
check_ok "SF 7 active all the same" test -n "$port7"
rep7=$(port_field "$port7" netdev)
nd7=$(sf_netdev 7)
check_ok "its representor is $rep7, not the veth's name" \
	test -n "$rep7" -a "$rep7" != "sfnic${ID}pf0sf7"
check_eq "its representor is enumerated" $NET_NAME_ENUM "$(name_type "$rep7")"
check_eq "its representor's phys_port_name is pf0sf7" pf0sf7 \
	"$(cat "/sys/class/net/$rep7/phys_port_name")"
check_ok "its SF netdev is $nd7, not the veth's name" \
	test -n "$nd7" -a "$nd7" != "sfnic${ID}s7"
check_eq "its SF netdev is enumerated" $NET_NAME_ENUM "$(name_type "$nd7")"
check_eq "the veth keeps its name" veth \
	"$(ethtool -i "sfnic${ID}s7" | sed -n 's/^driver: //p')"

# sfnic<id>pf0sf<sfnum> longer than 15 characters: eth%d.
port_long=$(sf_up 123456 02:00:00:01:23:45)
check_ok "SF 123456 active" test -n "$port_long"
rep_long=$(port_field "$port_long" netdev)
check_eq "representor of a 6-digit sfnum is enumerated" $NET_NAME_ENUM \
	"$(name_type "$rep_long")"
check_eq "its SF netdev fits: sfnic${ID}s123456" "sfnic${ID}s123456" \
	"$(sf_netdev 123456)"

# The names come back with the SF.
check_ok "SF 88 inactive" devlink port function set "$port" state inactive
check_ok "its netdev goes" wait_for 30 test ! -e "/sys/class/net/$nd"
# The netdev goes before the function is detached: reactivating waits.
check_ok "SF 88 detached" wait_for 30 fn_is "$port" inactive detached
check_ok "SF 88 active again" sf_activate "$port"
check_ok "its netdev is $nd again" wait_for 10 test -e "/sys/class/net/$nd"

for p in "$port" "$port7" "$port_long"; do
	check_ok "port del $p" devlink port del "$p"
done
check_ok "the names are free again" wait_for 30 test ! -e "/sys/class/net/$nd" \
	-a ! -e "/sys/class/net/$rep"
