#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# timeout: 900
#
# Scale: SCALE_SFS (512) SFs on one NIC are added, given a MAC and
# activated until every port reads active/attached with its two netdevs,
# one of them carries traffic, and all are deactivated and deleted until no
# SF, mdev or netdev of theirs is left; memory comes back. Each step is
# one "devlink -b" so that what runs is the kernel, not devlink's start-up
# 512 times. udevd is stopped for the test: under TCG it takes ~80 ms per
# uevent and an SF makes 12 when it comes and 12 when it goes (its queues,
# netdevs, mdev, RDMA device), so 512 SFs would keep it busy for a quarter
# of an hour, where the kernel's own path takes ~50 ms per SF. What this
# test proves is that path at scale (no O(N) per SF, nothing leaked);
# tests/bench/06-scale-profile.sh measures udev's share, and 40-rdma the
# udev rule that gives each SF its RoCE device.
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/common.sh"

N=${SCALE_SFS:-512}
BASE=1000
LIM=$((60 + N / 2))

# all_are STATE OPSTATE: all N SF ports read STATE/OPSTATE.
all_are()
{
	[ "$(fn_count "$1" "$2")" = "$N" ]
}

# none_left: no SF port, mdev or SF netdev of the NIC is left.
none_left()
{
	[ "$(ports_of "$DEV")" = 1 ] && [ -z "$(ls /sys/bus/mdevc/devices)" ] &&
		! ls -d "$SYSDEV"/sf* >/dev/null 2>&1
}

# step WHAT CMD...: run CMD and log how long it took.
step()
{
	local t0=$SECONDS what=$1

	shift
	"$@" || return 1
	log "$what: $((SECONDS - t0)) s"
}

sfnic_setup
switchdev
udevd_stop
no_ipv6_default
mem0=$(mem_snapshot /tmp/scale.before)

t0=$SECONDS
out=$(for ((i = 0; i < N; i++)); do
	echo "port add $DEV flavour pcisf pfnum 0 sfnum $((BASE + i))"
done | devlink -b - 2>&1) || fail "port add batch: $(tail -n 3 <<<"$out")"
log "$N port add: $((SECONDS - t0)) s"
mapfile -t ports < <(sed -n "s|^\($DEV/[0-9]*\):.*|\1|p" <<<"$out")
check_eq "$N SF ports added" "$N" "${#ports[@]}"
check_eq "all of them inactive/detached" "$N" "$(fn_count inactive detached)"
check_eq "resource functions: $N used" "$N" \
	"$(devlink -j resource show "$DEV" |
	   jq -r ".resources[\"$DEV\"][] | select(.name == \"functions\") | .occ")"

t0=$SECONDS
for ((i = 0; i < N; i++)); do
	printf 'port function set %s hw_addr 02:5d:00:00:%02x:%02x state active\n' \
		"${ports[i]}" $((i >> 8)) $((i & 255))
done | devlink -b - >/dev/null || fail "activate batch"
wait_for "$LIM" all_are active attached ||
	fail "$(fn_count active attached) of $N SFs attached after ${LIM}s"
log "$N hw_addr + state active until attached: $((SECONDS - t0)) s"
nds=("$SYSDEV"/sf*/net/*)
check_eq "$N SF netdevs" "$N" "${#nds[@]}"
check_eq "$N representors" "$N" "$(devlink -j port show |
	jq --arg d "$DEV/" '[.port | to_entries[] |
		select((.key | startswith($d)) and .value.flavour == "pcisf" and
		       (.value.netdev // "") != "")] | length')"
check_eq "$N SF devlink instances" "$N" \
	"$(devlink -j dev show | jq '[.dev | keys[] | select(startswith("mdevc/"))] | length')"

# The last SF carries traffic: its netdev in one namespace, its
# representor in another, where they stay while the SFs go.
last=$((BASE + N - 1))
p=${ports[N - 1]}
nd=$(sf_netdev "$last")
rep=$(port_field "$p" netdev)
for ns in scsf screp; do
	ip netns add $ns || fail "netns $ns"
	defer_try ip netns del $ns
done
ip link set "$nd" netns scsf || fail "SF netdev to scsf"
ip link set "$rep" netns screp || fail "representor to screp"
ip -n scsf addr add 10.78.0.1/24 dev "$nd"
ip -n screp addr add 10.78.0.2/24 dev "$rep"
ip -n screp link set "$rep" up
ip -n scsf link set "$nd" up
check_ok "SF $last pings its representor among $N SFs" \
	wait_for 30 ip netns exec scsf ping -c 3 -W 2 10.78.0.2

step "$N port show (one dump)" devlink port show >/dev/null ||
	fail "port show"

t0=$SECONDS
devlink -b <(printf 'port function set %s state inactive\n' "${ports[@]}") \
	>/dev/null || fail "deactivate batch"
wait_for "$LIM" all_are inactive detached ||
	fail "$(fn_count inactive detached) of $N SFs detached after ${LIM}s"
devlink -b <(printf 'port del %s\n' "${ports[@]}") >/dev/null ||
	fail "port del batch"
wait_for "$LIM" none_left || fail "SFs left after ${LIM}s"
log "$N deactivate + del until gone: $((SECONDS - t0)) s"
check_eq "no SF devlink instance left" 0 \
	"$(devlink -j dev show | jq '[.dev | keys[] | select(startswith("mdevc/"))] | length')"

# The namespaces were made after the first snapshot.
ip netns del scsf && ip netns del screp || fail "netns del"
mem1=$(mem_snapshot /tmp/scale.after)
mem_compare /tmp/scale "$mem0" "$mem1" 1024
pass "$N SFs added, activated, used and deleted"
