#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The reference figures of this machine: TCP throughput over a veth pair and
# the rate at which veth pairs are created, which the sfnic benchmarks are
# compared with.
source "$(dirname "$0")/lib.sh"

veth_peer bnA bnB 10.99.0.1 10.99.0.2 || fail "cannot set up the veth pair"
figure "veth TCP throughput (iperf3, ${BENCH_SECS}s)" \
	"$(iperf3_gbps bnA 10.99.0.1 bnB)" "Gbit/s"

start=$(date +%s.%N)
for i in $(seq 64); do
	ip link add "bv$i" type veth peer name "bw$i"
done
for i in $(seq 64); do
	ip link del "bv$i"
done
end=$(date +%s.%N)
figure "veth pairs created and deleted" \
	"$(awk -v s="$start" -v e="$end" 'BEGIN { printf "%.1f", 64 / (e - s) }')" \
	"pairs/s"
