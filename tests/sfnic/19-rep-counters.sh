#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Representor counters follow mlx5's semantics: what the SF sends is what
# its representor receives, and what the representor sends is what the SF
# receives, frame for frame and byte for byte (ip -s on both sides, read
# as deltas with IPv6 off so that no autoconfiguration traffic races the
# reads). ethtool -S's per-queue counters add up to ip -s's.
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/common.sh"

# snap: the counters of both sides (SF tx packets and bytes, rx packets
# and bytes, then the representor's), in one line.
snap()
{
	local q='.[0].stats64 | "\(.tx.packets) \(.tx.bytes) \(.rx.packets) \(.rx.bytes)"'

	echo "$(ip -n sfrA -j -s link show dev "$SF_ND" | jq -r "$q")" \
	     "$(ip -n sfrR -j -s link show dev "$SF_REP" | jq -r "$q")"
}

# quiet: the counters stop moving (what was sent was received).
quiet()
{
	local a b

	a=$(snap)
	sleep 0.5
	b=$(snap)
	[ "$a" = "$b" ]
}

# match WHAT: the deltas since the last "base" match on both sides.
match()
{
	local stx stxb srx srxb rtx rtxb rrx rrxb

	wait_for 30 quiet || fail "$1: counters never settled"
	read -r stx stxb srx srxb rtx rtxb rrx rrxb <<<"$(snap)"
	read -r b_stx b_stxb b_srx b_srxb b_rtx b_rtxb b_rrx b_rrxb <<<"$BASE"
	log "$1: SF tx $((stx - b_stx))/$((stxb - b_stxb)) rx $((srx - b_srx))/$((srxb - b_srxb));" \
		"rep tx $((rtx - b_rtx))/$((rtxb - b_rtxb)) rx $((rrx - b_rrx))/$((rrxb - b_rrxb))"
	check_eq "$1: the representor received the frames the SF sent" \
		$((stx - b_stx)) $((rrx - b_rrx))
	check_eq "$1: and their bytes" $((stxb - b_stxb)) $((rrxb - b_rrxb))
	check_eq "$1: the SF received the frames the representor sent" \
		$((rtx - b_rtx)) $((srx - b_srx))
	check_eq "$1: and their bytes" $((rtxb - b_rtxb)) $((srxb - b_srxb))
	check_ok "$1: at least $2 frames each way" \
		test $((stx - b_stx)) -ge "$2" -a $((rtx - b_rtx)) -ge "$2"
}

base()
{
	wait_for 30 quiet || fail "counters never settled"
	BASE=$(snap)
}

no_ipv6_default
sfnic_setup
switchdev
sf_rep_ns 1 sfrA sfrR
# No ARP refreshing the neighbours while the counters are read.
ip -n sfrA neigh replace 10.77.1.2 dev "$SF_ND" nud permanent \
	lladdr "$(ip netns exec sfrR cat "/sys/class/net/$SF_REP/address")"
ip -n sfrR neigh replace 10.77.1.1 dev "$SF_REP" nud permanent \
	lladdr "$(ip netns exec sfrA cat "/sys/class/net/$SF_ND/address")"

base
check_ok "20 pings from the SF" \
	ip netns exec sfrA ping -c 20 -i 0.05 -W 2 10.77.1.2
match "pings from the SF" 20

base
check_ok "20 pings of 1400 bytes from the representor" \
	ip netns exec sfrR ping -c 20 -i 0.05 -s 1400 -W 2 10.77.1.1
match "pings from the representor" 20

base
check_ok "TCP from the SF (GSO frames)" tcp_ok sfrR 10.77.1.2 sfrA 16M
match "TCP from the SF" 100

base
check_ok "ethtool -L combined 4 on both" sh -c \
	"ip netns exec sfrA ethtool -L $SF_ND combined 4 &&
	 ip netns exec sfrR ethtool -L $SF_REP combined 4"
check_ok "TCP from the representor, 4 queues" tcp_ok sfrA 10.77.1.1 sfrR 16M
match "TCP from the representor" 100

for d in "sfrA $SF_ND" "sfrR $SF_REP"; do
	read -r ns nd <<<"$d"
	check_eq "$nd: ethtool -S rx*_packets add up to ip -s" \
		"$(nd_stat "$ns" "$nd" rx.packets)" \
		"$(et_sum "$ns" "$nd" 'rx[0-9]+_packets')"
	check_eq "$nd: rx*_bytes too" "$(nd_stat "$ns" "$nd" rx.bytes)" \
		"$(et_sum "$ns" "$nd" 'rx[0-9]+_bytes')"
	check_eq "$nd: ethtool -S tx_packets is ip -s's" \
		"$(nd_stat "$ns" "$nd" tx.packets)" "$(et_stat "$ns" "$nd" tx_packets)"
	check_eq "$nd: no drop anywhere" 0 \
		"$(($(et_sum "$ns" "$nd" 'rx[0-9]+_dropped') + $(nd_stat "$ns" "$nd" rx.dropped) + $(nd_stat "$ns" "$nd" tx.dropped)))"
	check_ok "$nd: its RX queues carried frames" \
		test "$(ip netns exec "$ns" ethtool -S "$nd" |
			awk '$1 ~ /^rx[0-9]+_packets:$/ && $2 > 0' | wc -l)" -ge 1
done

# Link speed: the physical port's while the link is up, unknown once the
# representor (and so the SF's link) is down, as mlx5e reports it.
speed()
{
	ip netns exec "$1" ethtool "$2" | awk '$1 == "Speed:" { print $2 }'
}
check_eq "the SF netdev's speed is the port's" 100000Mb/s "$(speed sfrA "$SF_ND")"
check_eq "and its representor's" 100000Mb/s "$(speed sfrR "$SF_REP")"
ip -n sfrR link set "$SF_REP" down
check_ok "the SF loses its link with its representor" \
	wait_for 10 ip netns exec sfrA grep -qx 0 "/sys/class/net/$SF_ND/carrier"
check_eq "its speed is unknown then" Unknown! "$(speed sfrA "$SF_ND")"
