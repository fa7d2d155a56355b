#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# SF -> representor -> bridge -> representor -> SF against veth -> bridge
# -> veth, both in the same run: TCP throughput, CPU per Gbit/s and the
# rate of 64-byte frames between two namespaces.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/../sfnic/common.sh"

declare -a SF_ND SF_REP
veth_bridge_peer bvA bvB 10.98.0.1 10.98.0.2 ||
	fail "cannot set up veth -> bridge -> veth"
sf_bench_setup 1 2
netns_pair bsA bsB || fail "namespaces"
sf_rep_bridge bsbr0 1 2 || fail "bridge over the representors"
ip link set "${SF_ND[1]}" netns bsA
ip link set "${SF_ND[2]}" netns bsB
ip -n bsA addr add 10.97.0.1/24 dev "${SF_ND[1]}"
ip -n bsB addr add 10.97.0.2/24 dev "${SF_ND[2]}"
ip -n bsA link set "${SF_ND[1]}" up
ip -n bsB link set "${SF_ND[2]}" up
wait_for 20 ip netns exec bsA ping -c 1 -W 1 10.97.0.2 ||
	fail "SF 1 cannot reach SF 2"

bench_pair "SF -> bridge -> SF TCP" tcp "bsB 10.97.0.2 bsA" \
	"bvB 10.98.0.2 bvA"
report_tcp "SF -> rep -> bridge -> rep -> SF" "veth -> bridge -> veth"
bench_pair "SF -> bridge -> SF pps" pps "bsB 10.97.0.2 bsA" \
	"bvB 10.98.0.2 bvA"
report_pps "SF -> rep -> bridge -> rep -> SF" "veth -> bridge -> veth"
for n in 1 2; do
	figure "representor $n RX drops (ring full), all runs" \
		"$(ip -j -s link show "${SF_REP[n]}" | jq '.[0].stats64.rx.dropped')" \
		"frames"
done
figure "SF 2 RX drops (ring full), all runs" \
	"$(ip -n bsB -j -s link show "${SF_ND[2]}" | jq '.[0].stats64.rx.dropped')" \
	"frames"
