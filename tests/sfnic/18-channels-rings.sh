#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# ethtool -l/-L (channels) and -g/-G (RX ring size) on an SF netdev, its
# representor and the PF: the counts shown are those set; values out of
# range are refused with EINVAL and change nothing; the kernel's queues
# follow (sysfs queues/); traffic flows after every change, and TCP
# running while the channels and rings change completes.
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/common.sh"

# combined NS DEV WHICH: the "Combined" count of ethtool -l, WHICH max or
# cur.
combined()
{
	ip netns exec "$1" ethtool -l "$2" |
		awk -v w="$3" '/^Pre-set/ { s = "max" } /^Current/ { s = "cur" }
			$1 == "Combined:" && s == w { print $2 }'
}

# rx_ring NS DEV WHICH: the RX ring size of ethtool -g, WHICH max or cur.
rx_ring()
{
	ip netns exec "$1" ethtool -g "$2" |
		awk -v w="$3" '/^Pre-set/ { s = "max" } /^Current/ { s = "cur" }
			$1 == "RX:" && s == w { print $2 }'
}

# queues NS DEV: rx and tx queues the kernel has, "rx/tx".
queues()
{
	ip netns exec "$1" sh -c "echo \$(ls -d /sys/class/net/$2/queues/rx-* | wc -l)/\$(ls -d /sys/class/net/$2/queues/tx-* | wc -l)"
}

tcp_both()
{
	tcp_ok sfcR 10.77.1.2 sfcA 4M && tcp_ok sfcA 10.77.1.1 sfcR 4M
}

no_ipv6_default
sfnic_setup
switchdev
sf_rep_ns 1 sfcA sfcR

for d in "sfcA $SF_ND 2" "sfcR $SF_REP 1"; do
	read -r ns nd def <<<"$d"
	check_eq "$nd: $def channels" "$def" "$(combined "$ns" "$nd" cur)"
	check_eq "$nd: at most 8" 8 "$(combined "$ns" "$nd" max)"
	check_eq "$nd: RX ring of 1024" 1024 "$(rx_ring "$ns" "$nd" cur)"
	check_eq "$nd: RX ring at most 8192" 8192 "$(rx_ring "$ns" "$nd" max)"
	for n in 4 1 8 3; do
		check_ok "$nd: ethtool -L combined $n" \
			ip netns exec "$ns" ethtool -L "$nd" combined $n
		check_eq "$nd: $n channels" $n "$(combined "$ns" "$nd" cur)"
		check_eq "$nd: $n kernel queues" "$n/$n" "$(queues "$ns" "$nd")"
		check_ok "$nd: ping with $n channels" \
			ip netns exec sfcA ping -c 2 -i 0.2 -W 2 10.77.1.2
	done
	check_err "$nd: 9 channels refused" "Invalid argument" \
		ip netns exec "$ns" ethtool -L "$nd" combined 9
	check_err "$nd: separate RX channels refused" "Invalid argument" \
		ip netns exec "$ns" ethtool -L "$nd" rx 2
	check_err "$nd: no channel refused" "Invalid argument" \
		ip netns exec "$ns" ethtool -L "$nd" combined 0
	check_eq "$nd: still 3 channels" 3 "$(combined "$ns" "$nd" cur)"
	for r in 64 8192 256; do
		check_ok "$nd: ethtool -G rx $r" \
			ip netns exec "$ns" ethtool -G "$nd" rx $r
		check_eq "$nd: RX ring of $r" $r "$(rx_ring "$ns" "$nd" cur)"
		check_ok "$nd: ping with a ring of $r" \
			ip netns exec sfcA ping -c 2 -i 0.2 -W 2 10.77.1.2
	done
	check_err "$nd: RX ring of 63 refused" "Invalid argument" \
		ip netns exec "$ns" ethtool -G "$nd" rx 63
	check_err "$nd: RX ring of 8193 refused" "Invalid argument" \
		ip netns exec "$ns" ethtool -G "$nd" rx 8193
	check_err "$nd: TX ring refused (no TX ring)" "Invalid argument" \
		ip netns exec "$ns" ethtool -G "$nd" tx 256
	check_eq "$nd: still a ring of 256" 256 "$(rx_ring "$ns" "$nd" cur)"
	check_ok "$nd: TCP both ways" tcp_both
done

# While TCP runs: the channels and rings change under it, it completes.
ip netns exec sfcR iperf3 -s -1 -B 10.77.1.2 >/dev/null 2>&1 &
srv=$!
defer_try kill $srv
wait_for 10 ip netns exec sfcR sh -c "ss -ltn | grep -q '10.77.1.2:5201 '" ||
	fail "iperf3 server"
ip netns exec sfcA iperf3 -c 10.77.1.2 -t 8 >/dev/null 2>&1 &
cli=$!
defer_try kill $cli
sleep 1
check_ok "under traffic: SF to 4 channels" \
	ip netns exec sfcA ethtool -L "$SF_ND" combined 4
check_ok "under traffic: representor to 2 channels" \
	ip netns exec sfcR ethtool -L "$SF_REP" combined 2
check_ok "under traffic: SF RX ring of 128" \
	ip netns exec sfcA ethtool -G "$SF_ND" rx 128
check_ok "under traffic: representor RX ring of 2048" \
	ip netns exec sfcR ethtool -G "$SF_REP" rx 2048
check_ok "under traffic: SF to 1 channel" \
	ip netns exec sfcA ethtool -L "$SF_ND" combined 1
wait $cli
check_eq "the TCP stream went on and completed" 0 $?
wait $srv 2>/dev/null

# The PF (the uplink representor) as well.
pf=$(port_field "$DEV/65535" netdev)
check_ok "PF: ethtool -L combined 3" ethtool -L "$pf" combined 3
check_eq "PF: 3 channels" 3 "$(ethtool -l "$pf" | awk '$1 == "Combined:" { v = $2 } END { print v }')"
check_ok "PF: ethtool -G rx 512" ethtool -G "$pf" rx 512
check_ok "PF up with them" ip link set "$pf" up
check_ok "PF down" ip link set "$pf" down
