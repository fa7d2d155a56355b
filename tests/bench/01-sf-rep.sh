#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# SF -> representor against a veth pair, both in the same run: TCP
# throughput, CPU per Gbit/s and the rate of 64-byte frames, an SF netdev
# in one namespace sending to its representor in another, as one end of a
# veth pair sends to the other.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/../sfnic/common.sh"

declare -a SF_ND SF_REP
veth_peer bvA bvB 10.98.0.1 10.98.0.2 || fail "cannot set up the veth pair"
sf_bench_setup 1
netns_pair bsA bsR || fail "namespaces"
ip link set "${SF_ND[1]}" netns bsA
ip link set "${SF_REP[1]}" netns bsR
ip -n bsA addr add 10.97.0.1/24 dev "${SF_ND[1]}"
ip -n bsR addr add 10.97.0.2/24 dev "${SF_REP[1]}"
ip -n bsR link set "${SF_REP[1]}" up
ip -n bsA link set "${SF_ND[1]}" up
wait_for 20 ip netns exec bsA ping -c 1 -W 1 10.97.0.2 ||
	fail "the SF cannot reach its representor"

bench_pair "SF -> rep TCP" tcp "bsR 10.97.0.2 bsA" "bvB 10.98.0.2 bvA"
report_tcp "SF -> representor" "veth pair"
bench_pair "SF -> rep pps" pps "bsR 10.97.0.2 bsA" "bvB 10.98.0.2 bvA"
report_pps "SF -> representor" "veth pair"
figure "representor RX drops (ring full), all runs" \
	"$(ip -n bsR -j -s link show "${SF_REP[1]}" | jq '.[0].stats64.rx.dropped')" \
	"frames"
