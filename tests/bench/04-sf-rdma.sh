#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# RoCE between two SFs (the soft-RoCE devices their netdevs get, frames
# over SF -> representor -> bridge -> representor -> SF) against
# soft-RoCE over veth -> bridge -> veth, in the same run, with rdma-core's
# ibv_rc_pingpong (RC): the throughput of 64 KiB messages sent back and
# forth, and the round trip of 64-byte ones. Each figure is the median of
# BENCH_RUNS runs interleaved with the peer's after a warm-up.
#
# Not perftest: its figures come from the TSC and a frequency it
# calibrates, and in a TCG guest the calibration fails one run in a few
# ("Correlation coefficient r^2 < 0.9"): ib_send_bw then prints 0.00 or
# exits with an error. ibv_rc_pingpong times its loop with gettimeofday().
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/../sfnic/common.sh"
source "$(dirname "$0")/../sfnic/rdma.sh"

NIC=sfnic$ID
BW_SIZE=65536
BW_ITERS=${RDMA_BW_ITERS:-300}
LAT_SIZE=64
LAT_ITERS=${RDMA_LAT_ITERS:-1000}

command -v ibv_rc_pingpong >/dev/null || fail "no ibv_rc_pingpong (ibverbs-utils)"
declare -a SF_ND SF_REP

# The peer: two veths bridged, each end with its own rxe device.
ip link add rbvbr0 type bridge forward_delay 0 stp_state 0 || fail "bridge"
defer ip link del rbvbr0
for n in 1 2; do
	ip link add rbv$n type veth peer name rbv${n}_br || fail "veth $n"
	defer_try ip link del rbv$n
	ip link set rbv${n}_br addrgenmode none master rbvbr0 up
	rdma link add rbrxe$n type rxe netdev rbv$n || fail "rxe over rbv$n"
	defer_try rdma link delete rbrxe$n
done
ip link set rbvbr0 addrgenmode none up

# sfnic: two SFs whose RoCE devices udev makes, their representors
# bridged.
sf_bench_setup 1 2
defer_try rdma link delete "${NIC}sf1"
defer_try rdma link delete "${NIC}sf2"
sf_rep_bridge rbsbr0 1 2 || fail "bridge over the representors"
udevadm settle
for n in 1 2; do
	wait_for 30 rdma dev show "${NIC}sf$n" || fail "no ${NIC}sf$n"
done

rdma_local_rule_last || fail "policy routing"
rdma_route_pair 198.51.100.1 "${SF_ND[1]}" 198.51.100.2 "${SF_ND[2]}" 4001 ||
	fail "routes over the SFs"
rdma_route_pair 198.51.101.1 rbv1 198.51.101.2 rbv2 4003 ||
	fail "routes over the veths"
wait_for 20 ping -c 1 -W 1 -I 198.51.100.1 198.51.100.2 ||
	fail "SF 1 cannot reach SF 2"
wait_for 20 ping -c 1 -W 1 -I 198.51.101.1 198.51.101.2 ||
	fail "veth 1 cannot reach veth 2"

# gid_of DEV ADDR: "DEV GID ADDR", an end of a pair, once DEV has the
# RoCE v2 GID of ADDR.
gid_of()
{
	wait_for 20 roce_gid "$1" "$2" || return 1
	echo "$1 $(roce_gid "$1" "$2") $2"
}
SF_SRV=$(gid_of "${NIC}sf1" 198.51.100.1) || fail "${NIC}sf1 has no GID"
SF_CLI=$(gid_of "${NIC}sf2" 198.51.100.2) || fail "${NIC}sf2 has no GID"
PEER_SRV=$(gid_of rbrxe1 198.51.101.1) || fail "rbrxe1 has no GID"
PEER_CLI=$(gid_of rbrxe2 198.51.101.2) || fail "rbrxe2 has no GID"
log "ends: sfnic $SF_SRV <- $SF_CLI, peer $PEER_SRV <- $PEER_CLI"

tmp=$(mktemp -d)
defer rm -rf "$tmp"
# Each run its own port: no listener waits on the last one's.
PORT=18700

# __rdma_run KIND PORT "SRV" "CLI": one ibv_rc_pingpong run between the
# two ends; KIND bw prints the Mbit/s of 64 KiB messages, lat the usec
# per round trip of 64-byte ones. Fails if either side fails or gives no
# figure.
__rdma_run()
{
	local kind=$1 port=$2 sd sg sa cd cg ca srv v args=()

	read -r sd sg sa <<<"$3"
	read -r cd cg ca <<<"$4"
	if [ "$kind" = bw ]; then
		args=(-s "$BW_SIZE" -n "$BW_ITERS" -p "$port")
	else
		args=(-s "$LAT_SIZE" -n "$LAT_ITERS" -p "$port")
	fi
	timeout 300 ibv_rc_pingpong -d "$sd" -g "$sg" "${args[@]}" \
		> "$tmp/srv" 2>&1 &
	srv=$!
	if ! wait_for 20 listening "$port"; then
		kill "$srv" 2>/dev/null
		echo "ibv_rc_pingpong server on $sd did not listen" >&2
		return 1
	fi
	if ! timeout 300 ibv_rc_pingpong -d "$cd" -g "$cg" "${args[@]}" \
		"$sa" > "$tmp/cli" 2>&1; then
		kill "$srv" 2>/dev/null
		echo "ibv_rc_pingpong $cd -> $sd failed:" >&2
		tail -n 5 "$tmp/cli" >&2
		return 1
	fi
	if ! wait "$srv"; then
		echo "ibv_rc_pingpong server on $sd failed:" >&2
		tail -n 5 "$tmp/srv" >&2
		return 1
	fi
	# "19660800 bytes in 1.23 seconds = 127.87 Mbit/sec"
	# "300 iters in 1.23 seconds = 4100.00 usec/iter"
	if [ "$kind" = bw ]; then
		v=$(awk '$2 == "bytes" && $NF == "Mbit/sec" { print $(NF - 1) }' \
			"$tmp/cli")
	else
		v=$(awk '$2 == "iters" && $NF == "usec/iter" { print $(NF - 1) }' \
			"$tmp/cli")
	fi
	if ! awk -v v="$v" 'BEGIN { exit !(v + 0 > 0) }'; then
		echo "ibv_rc_pingpong $cd -> $sd: no figure in: $(cat "$tmp/cli")" >&2
		return 1
	fi
	echo "$v"
}

# rdma_pair NAME KIND: BENCH_RUNS runs on sfnic and on the peer,
# interleaved after a discarded warm-up round; sets BENCH_SF, BENCH_PEER.
rdma_pair()
{
	local name=$1 i v sfv=() pv=()

	for ((i = 0; i <= BENCH_RUNS; i++)); do
		PORT=$((PORT + 1))
		v=$(__rdma_run "$2" $PORT "$SF_SRV" "$SF_CLI") ||
			fail "$name: sfnic run $i failed"
		[ $i -eq 0 ] || sfv+=("$v")
		PORT=$((PORT + 1))
		v=$(__rdma_run "$2" $PORT "$PEER_SRV" "$PEER_CLI") ||
			fail "$name: peer run $i failed"
		[ $i -eq 0 ] || pv+=("$v")
	done
	BENCH_SF=$(median "${sfv[@]}")
	BENCH_PEER=$(median "${pv[@]}")
	log "$name: sfnic runs ${sfv[*]}; peer runs ${pv[*]}"
}

rdma_pair "64 KiB RC ping-pong" bw
figure "SF -> rep -> bridge -> rep -> SF RoCE, 64 KiB messages" "$BENCH_SF" Mbit/s
figure "veth -> bridge -> veth soft-RoCE, 64 KiB messages" "$BENCH_PEER" Mbit/s
ratio "RoCE throughput ratio (sfnic / veth)" "$BENCH_SF" "$BENCH_PEER"

rdma_pair "64-byte RC ping-pong" lat
figure "SF -> rep -> bridge -> rep -> SF RoCE round trip" "$BENCH_SF" usec
figure "veth -> bridge -> veth soft-RoCE round trip" "$BENCH_PEER" usec
ratio "RoCE round trip ratio (sfnic / veth, lower is better)" \
	"$BENCH_SF" "$BENCH_PEER"
