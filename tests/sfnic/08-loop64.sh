#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# 64 SFs created, activated, pinged and deleted in a loop with nothing
# left behind: devlink ports, mdevc devices and ip link are back to the
# start after each round. Each SF netdev pings the bridge over the
# representors from one namespace, bound to its own netdev.
# timeout: 900
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/common.sh"

N=${N:-64}
ROUNDS=${ROUNDS:-2}
sfnic_setup
defer ip link del sfbr0
defer ip netns del sfloop
switchdev
ip link add sfbr0 type bridge forward_delay 0 stp_state 0 || fail "bridge"
ip link set sfbr0 up
ip addr add 198.51.100.254/24 dev sfbr0
ip netns add sfloop
# Each SF answers ARP only for its own address.
# No IPv6 chatter (DAD, MLD) flooded over 64 representors.
ip netns exec sfloop sysctl -qw net.ipv6.conf.all.disable_ipv6=1 \
	net.ipv6.conf.default.disable_ipv6=1
ip netns exec sfloop sysctl -qw net.ipv4.conf.all.arp_ignore=1 \
	net.ipv4.conf.all.arp_announce=2 net.ipv4.conf.all.rp_filter=0 \
	net.ipv4.conf.default.rp_filter=0
base_links=$(ip -o link show | wc -l)
base_mdevs=$(ls /sys/bus/mdevc/devices | wc -l)
batch=$(mktemp)
defer rm -f "$batch" "$batch.ns"

attached()
{
	devlink -j port show | jq '[.port[] | select(.function.opstate == "attached")] | length'
}

all_attached()
{
	[ "$(attached)" = "$N" ]
}

mdevs_back()
{
	[ "$(ls /sys/bus/mdevc/devices | wc -l)" = "$base_mdevs" ]
}

ns_empty()
{
	[ "$(ip -n sfloop -o link show | wc -l)" = 1 ]
}

links_back()
{
	[ "$(ip -o link show | wc -l)" = "$base_links" ]
}

round()
{
	local i port nd rep start=$SECONDS

	: > "$batch"
	for ((i = 1; i <= N; i++)); do
		echo "port add $DEV flavour pcisf pfnum 0 sfnum $i" >> "$batch"
	done
	for ((i = 1; i <= N; i++)); do
		printf 'port function set %s/%d hw_addr 02:00:00:00:01:%02x state active\n' \
			"$DEV" $((32767 + i)) $i >> "$batch"
	done
	devlink -b "$batch" >/dev/null || fail "round $1: devlink batch"
	log "round $1: $N ports added and activated in $((SECONDS - start))s"
	wait_for 120 all_attached ||
		fail "round $1: $(attached) of $N SFs attached"
	pass "round $1: $N SFs active/attached ($((SECONDS - start))s)"

	# One devlink call, two ip batches and one shell in the namespace:
	# process start-up dominates under TCG.
	: > "$batch"
	: > "$batch.ns"
	while read -r i rep; do
		nd=("$SYSDEV/sf$i/net/"*)
		nd=${nd[0]##*/}
		SFND[i]=$nd
		printf 'link set %s addrgenmode none master sfbr0\nlink set %s up\n' \
			"$rep" "$rep" >> "$batch"
		printf 'link set %s netns sfloop\n' "$nd" >> "$batch"
		printf 'addr add 198.51.100.%d/24 dev %s\nlink set %s up\n' \
			"$i" "$nd" "$nd" >> "$batch.ns"
	done < <(devlink -j port show | jq -r '.port[] |
		select(.flavour == "pcisf") | "\(.sfnum) \(.netdev)"')
	ip -b "$batch" || fail "round $1: representors and netns"
	ip -n sfloop -b "$batch.ns" || fail "round $1: SF addresses"
	log "round $1: representors bridged, SFs addressed ($((SECONDS - start))s)"
	# The pings wait on ARP: run them side by side, one per SF.
	ip netns exec sfloop bash -c '
		declare -A pid
		for ((i = 1; i <= '"$N"'; i++)); do
			nd=$(ip -o addr show to 198.51.100.$i | cut -d" " -f2)
			ping -c 1 -W 10 -I "$nd" 198.51.100.254 >/dev/null &
			pid[$i]=$!
		done
		rc=0
		for ((i = 1; i <= '"$N"'; i++)); do
			wait ${pid[$i]} || { echo "SF $i does not answer ping"; rc=1; }
		done
		exit $rc' || fail "round $1: ping"
	pass "round $1: $N SFs ping through their representors ($((SECONDS - start))s)"

	: > "$batch"
	for ((i = 1; i <= N; i++)); do
		echo "port del $DEV/$((32767 + i))" >> "$batch"
	done
	devlink -b "$batch" || fail "round $1: port del"
	wait_for 60 mdevs_back ||
		fail "round $1: SF devices left"
	check_eq "round $1: only the uplink port left" 1 "$(ports_of "$DEV")"
	wait_for 30 links_back ||
		fail "round $1: netdevs left: $(ip -o link show | wc -l) vs $base_links"
	# A device leaves the bus's list before its driver is unbound: the
	# SF netdevs may still be going when the mdevc devices are gone.
	wait_for 30 ns_empty
	check_eq "round $1: no netdev left in the namespace" 1 \
		"$(ip -n sfloop -o link show | wc -l)"
	# sfnums come back once the model released every function.
	wait_for 30 sh -c "devlink port add $DEV flavour pcisf pfnum 0 sfnum $N >/dev/null && devlink port del $DEV/32768" ||
		fail "round $1: sfnum $N not reusable"
	pass "round $1: everything gone ($((SECONDS - start))s)"
}

for ((r = 1; r <= ROUNDS; r++)); do
	round $r
done
