#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Every sfnic netdev (the PF, a representor, an SF netdev) offers what
# veth offers and has no qdisc: ethtool -k shows scatter-gather, fraglist,
# generic checksum, RX checksum, TSO and GSO on; ethtool -K turns each off
# and on again; TCP from the SF to its representor and back works with
# each of them off on the SF, and on the representor, and the frames cross
# the NIC whole (a GSO frame counted as one on both sides).
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/common.sh"

FEATURES="scatter-gather tx-scatter-gather-fraglist tx-checksum-ip-generic
rx-checksumming tcp-segmentation-offload generic-segmentation-offload
highdma"

# nsrun NS CMD...: CMD in namespace NS, or in this one for "-".
nsrun()
{
	local ns=$1

	shift
	if [ "$ns" = - ]; then
		"$@"
	else
		ip netns exec "$ns" "$@"
	fi
}

# feature NS DEV NAME: on or off, from ethtool -k.
feature()
{
	nsrun "$1" ethtool -k "$2" | awk -v n="$3:" '$1 == n { print $2 }'
}

# noqueue NS DEV: the netdev has no qdisc.
noqueue()
{
	nsrun "$1" ip link show "$2" | grep -q 'qdisc noqueue'
}

no_ipv6_default
sfnic_setup
switchdev
pf=$(port_field "$DEV/65535" netdev)
ip link set "$pf" up || fail "PF up"
sf_rep_ns 1 sfoA sfoR

for d in "- $pf" "sfoA $SF_ND" "sfoR $SF_REP"; do
	read -r ns nd <<<"$d"
	for f in $FEATURES; do
		check_eq "$nd: $f on" on "$(feature "$ns" "$nd" "$f")"
	done
	check_ok "$nd: no qdisc (noqueue)" noqueue "$ns" "$nd"
done

# Each offload off on one end, TCP both ways, then on again.
for d in "sfoA $SF_ND" "sfoR $SF_REP"; do
	read -r ns nd <<<"$d"
	for k in tso gso tx sg rx; do
		case $k in
		tso) f=tcp-segmentation-offload ;;
		gso) f=generic-segmentation-offload ;;
		tx) f=tx-checksum-ip-generic ;;
		sg) f=scatter-gather ;;
		rx) f=rx-checksumming ;;
		esac
		check_ok "$nd: ethtool -K $k off" \
			ip netns exec "$ns" ethtool -K "$nd" "$k" off
		check_eq "$nd: $f off" off "$(feature "$ns" "$nd" "$f")"
		check_ok "$nd $k off: TCP SF -> representor" \
			tcp_ok sfoR 10.77.1.2 sfoA 4M
		check_ok "$nd $k off: TCP representor -> SF" \
			tcp_ok sfoA 10.77.1.1 sfoR 4M
		check_ok "$nd: ethtool -K $k on" \
			ip netns exec "$ns" ethtool -K "$nd" "$k" on
		check_eq "$nd: $f on again" on "$(feature "$ns" "$nd" "$f")"
	done
done

# With the offloads on, TCP's 64 KiB frames cross whole: the SF sends
# fewer frames than a 1500-byte MTU would need, and the representor
# receives exactly what the SF sent.
tx0=$(nd_stat sfoA "$SF_ND" tx.packets)
rx0=$(nd_stat sfoR "$SF_REP" rx.packets)
txb0=$(nd_stat sfoA "$SF_ND" tx.bytes)
rxb0=$(nd_stat sfoR "$SF_REP" rx.bytes)
check_ok "TCP SF -> representor, offloads on" tcp_ok sfoR 10.77.1.2 sfoA 32M
wait_for 5 test "$(nd_stat sfoR "$SF_REP" rx.bytes)" -ge \
	$((rxb0 + $(nd_stat sfoA "$SF_ND" tx.bytes) - txb0))
tx=$(($(nd_stat sfoA "$SF_ND" tx.packets) - tx0))
txb=$(($(nd_stat sfoA "$SF_ND" tx.bytes) - txb0))
check_eq "the representor got every frame the SF sent" "$tx" \
	"$(($(nd_stat sfoR "$SF_REP" rx.packets) - rx0))"
check_eq "and every byte" "$txb" \
	"$(($(nd_stat sfoR "$SF_REP" rx.bytes) - rxb0))"
check_ok "GSO frames crossed whole ($tx frames for $txb bytes)" \
	test $((txb / tx)) -gt 3000
