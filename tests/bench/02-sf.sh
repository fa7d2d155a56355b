#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# SF datapath and control path, each beside its peer measured in the same
# run: TCP between two SFs in two namespaces through the eswitch and a
# bridge over their representors (switchdev's slow path) against a veth
# pair; and SFs added, activated to attached and deleted per second against
# veth pairs created and deleted per second.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/../sfnic/common.sh"

N=${N:-32}

veth_peer bvA bvB 10.98.0.1 10.98.0.2 || fail "cannot set up the veth pair"
veth=$(iperf3_gbps bvA 10.98.0.1 bvB)

sfnic_setup
defer ip link del bsbr0
defer ip netns del bsA
defer ip netns del bsB
switchdev
p1=$(sf_add 1)
p2=$(sf_add 2)
devlink port function set "$p1" hw_addr 02:00:00:00:01:01 state active
devlink port function set "$p2" hw_addr 02:00:00:00:01:02 state active
wait_for 30 fn_is "$p1" active attached || fail "SF 1 not attached"
wait_for 30 fn_is "$p2" active attached || fail "SF 2 not attached"
ip link add bsbr0 type bridge forward_delay 0
for p in "$p1" "$p2"; do
	ip link set "$(port_field "$p" netdev)" master bsbr0 up
done
ip link set bsbr0 up
ip netns add bsA
ip netns add bsB
n1=$(sf_netdev 1)
n2=$(sf_netdev 2)
ip link set "$n1" netns bsA
ip link set "$n2" netns bsB
ip -n bsA addr add 10.97.0.1/24 dev "$n1"
ip -n bsB addr add 10.97.0.2/24 dev "$n2"
ip -n bsA link set "$n1" up
ip -n bsB link set "$n2" up
ip -n bsA link set lo up
ip -n bsB link set lo up
wait_for 20 ip netns exec bsA ping -c 1 -W 1 10.97.0.2 ||
	fail "SF 1 cannot reach SF 2"
sf=$(iperf3_gbps bsA 10.97.0.1 bsB)

figure "veth TCP throughput" "$veth" "Gbit/s"
figure "SF->eswitch->rep->bridge->rep->SF TCP" "$sf" "Gbit/s"
ratio "SF path / veth" "$sf" "$veth"

ip netns del bsA
ip netns del bsB
devlink port del "$p1"
devlink port del "$p2"
wait_for 30 sh -c "[ \$(ls /sys/bus/mdevc/devices | wc -l) -eq 0 ]"

start=$(date +%s.%N)
for i in $(seq "$N"); do
	ip link add "bv$i" type veth peer name "bw$i"
done
for i in $(seq "$N"); do
	ip link del "bv$i"
done
end=$(date +%s.%N)
veth_rate=$(awk -v n="$N" -v s="$start" -v e="$end" \
	'BEGIN { printf "%.1f", n / (e - s) }')

start=$(date +%s.%N)
for i in $(seq "$N"); do
	echo "port add $DEV flavour pcisf pfnum 0 sfnum $((100 + i))"
done | devlink -b - >/dev/null || fail "batch port add"
for i in $(seq 0 $((N - 1))); do
	echo "port function set $DEV/$((32768 + i)) state active"
done | devlink -b - >/dev/null || fail "batch activate"
for i in $(seq 0 $((N - 1))); do
	wait_for 120 fn_is "$DEV/$((32768 + i))" active attached ||
		fail "SF $i not attached"
done
for i in $(seq 0 $((N - 1))); do
	echo "port del $DEV/$((32768 + i))"
done | devlink -b - >/dev/null || fail "batch port del"
wait_for 120 sh -c "[ \$(ls /sys/bus/mdevc/devices | wc -l) -eq 0 ]" ||
	fail "SF devices left behind"
end=$(date +%s.%N)
sf_rate=$(awk -v n="$N" -v s="$start" -v e="$end" \
	'BEGIN { printf "%.1f", n / (e - s) }')

figure "veth pairs created and deleted" "$veth_rate" "per s"
figure "SFs added, attached (netdev up) and deleted" "$sf_rate" "per s"
ratio "SF lifecycle / veth lifecycle" "$sf_rate" "$veth_rate"
