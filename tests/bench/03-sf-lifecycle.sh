#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The SF control path against veth's: N SFs added, activated until their
# driver is attached (netdev registered) and deleted, per second, against
# N veth pairs created and deleted per second, interleaved runs.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/../sfnic/common.sh"

N=${N:-16}

# veth_round: prints the pairs created and deleted per second.
veth_round()
{
	local i start end

	start=$(date +%s.%N)
	for ((i = 1; i <= N; i++)); do
		ip link add "bv$i" type veth peer name "bw$i" || return 1
	done
	for ((i = 1; i <= N; i++)); do
		ip link del "bv$i" || return 1
	done
	end=$(date +%s.%N)
	awk -v n="$N" -v s="$start" -v e="$end" \
		'BEGIN { printf "%.2f\n", n / (e - s) }'
}

# sf_round: prints the SFs added, attached and deleted per second.
sf_round()
{
	local i start end

	start=$(date +%s.%N)
	for ((i = 0; i < N; i++)); do
		echo "port add $DEV flavour pcisf pfnum 0 sfnum $((100 + i))"
	done | devlink -b - >/dev/null || return 1
	for ((i = 0; i < N; i++)); do
		echo "port function set $DEV/$((32768 + i)) state active"
	done | devlink -b - >/dev/null || return 1
	for ((i = 0; i < N; i++)); do
		wait_for 120 fn_is "$DEV/$((32768 + i))" active attached ||
			return 1
	done
	for ((i = 0; i < N; i++)); do
		echo "port del $DEV/$((32768 + i))"
	done | devlink -b - >/dev/null || return 1
	wait_for 120 sh -c "[ \$(ls /sys/bus/mdevc/devices | wc -l) -eq 0 ]" ||
		return 1
	# The slots come back once the model released every function.
	wait_for 60 sh -c "devlink port add $DEV flavour pcisf pfnum 0 sfnum 99 >/dev/null && devlink port del $DEV/32768" ||
		return 1
	end=$(date +%s.%N)
	awk -v n="$N" -v s="$start" -v e="$end" \
		'BEGIN { printf "%.2f\n", n / (e - s) }'
}

sfnic_setup
switchdev
sfv=()
vv=()
for ((r = 0; r <= BENCH_RUNS; r++)); do
	v=$(sf_round) || fail "SF round $r failed"
	[ $r -eq 0 ] || sfv+=("$v")
	v=$(veth_round) || fail "veth round $r failed"
	[ $r -eq 0 ] || vv+=("$v")
done
log "SF rounds ${sfv[*]}; veth rounds ${vv[*]}"
sf=$(median "${sfv[@]}")
veth=$(median "${vv[@]}")
figure "SFs added, attached (netdev up) and deleted" "$sf" "per s"
figure "veth pairs created and deleted" "$veth" "per s"
ratio "SF lifecycle / veth lifecycle" "$sf" "$veth"
