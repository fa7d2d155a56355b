# SPDX-License-Identifier: GPL-2.0
#
# Helpers for sfnic benchmarks (tests/bench/NN-name.sh), run inside the test
# VM by 'make bench'. A benchmark prints its figures with the same figure of
# a peer measured in the same run (a veth pair, for example) and the ratio,
# so that the numbers mean something on any machine, TCG included.

source "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"

BENCH_SECS=${BENCH_SECS:-10}

# figure NAME VALUE UNIT: one result line.
figure()
{
	printf '  %-44s %12s %s\n' "$1" "$2" "$3"
}

# ratio NAME A B: A/B with two decimals.
ratio()
{
	printf '  %-44s %12s\n' "$1" "$(awk -v a="$2" -v b="$3" \
		'BEGIN { if (b > 0) printf "%.2f", a / b; else print "n/a" }')"
}

# iperf3_gbps NS_SERVER ADDR NS_CLIENT [SECS]: TCP throughput in Gbit/s
# from a client in NS_CLIENT to a server in NS_SERVER listening on ADDR.
iperf3_gbps()
{
	local srv=$1 addr=$2 cli=$3 secs=${4:-$BENCH_SECS} pid out

	ip netns exec "$srv" iperf3 -s -1 -B "$addr" >/dev/null 2>&1 &
	pid=$!
	wait_for 10 ip netns exec "$srv" sh -c "ss -ltn | grep -q ':5201 '"
	out=$(ip netns exec "$cli" iperf3 -c "$addr" -t "$secs" -J 2>/dev/null)
	wait $pid 2>/dev/null
	python3 -c 'import json,sys
d = json.loads(sys.stdin.read())
print("%.3f" % (d["end"]["sum_received"]["bits_per_second"] / 1e9))' \
		<<<"$out" 2>/dev/null || echo 0
}

# veth_peer NS_A NS_B ADDR_A ADDR_B: a veth pair between two fresh netns, the
# reference every throughput figure is compared with.
veth_peer()
{
	ip netns add "$1" && ip netns add "$2" || return 1
	defer ip netns del "$1"
	defer ip netns del "$2"
	ip link add vb0 netns "$1" type veth peer name vb1 netns "$2"
	ip -n "$1" addr add "$3/24" dev vb0
	ip -n "$2" addr add "$4/24" dev vb1
	ip -n "$1" link set vb0 up
	ip -n "$2" link set vb1 up
	ip -n "$1" link set lo up
	ip -n "$2" link set lo up
}
