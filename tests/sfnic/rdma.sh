# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# Helpers of the tests and benchmarks that run RoCE (rdma_rxe) over SF
# netdevs and their peers, sourced after ../lib.sh. rxe works in the
# initial namespace only, so both ends of a pair live there: policy
# routing sends the traffic between their addresses out of their own
# netdevs instead of through lo.

# roce_gid RDMADEV ADDR: index of the RoCE v2 GID of an IPv4 address.
roce_gid()
{
	local want f i

	# shellcheck disable=SC2046
	want=$(printf '0000:0000:0000:0000:0000:ffff:%02x%02x:%02x%02x' \
		$(tr . ' ' <<<"$2"))
	for f in /sys/class/infiniband/"$1"/ports/1/gids/*; do
		i=${f##*/}
		[ "$(cat "$f")" = "$want" ] || continue
		[ "$(cat "/sys/class/infiniband/$1/ports/1/gid_attrs/types/$i" \
			2>/dev/null)" = "RoCE v2" ] || continue
		echo "$i"
		return 0
	done
	return 1
}

# listening PORT: a TCP socket listens on PORT (perftest's and pingpong's
# out-of-band exchange).
listening()
{
	ss -Hltn "sport = :$1" | grep -q .
}

port_active()
{
	ibv_devinfo -d "$1" | grep -q 'state:.*PORT_ACTIVE'
}

# rdma_bridge BRIDGE NETDEV...: the NETDEVs (representors) enslaved to a
# new bridge BRIDGE, all up: the eswitch's slow path between the SFs.
# Deleted on exit.
rdma_bridge()
{
	local br=$1 d

	shift
	ip link add "$br" type bridge forward_delay 0 stp_state 0 || return 1
	defer ip link del "$br"
	for d in "$@"; do
		ip link set "$d" master "$br" || return 1
		ip link set "$d" up || return 1
	done
	ip link set "$br" up
}

# rdma_local_rule_last: the local table's rule after the rules that
# rdma_route_pair adds, and no netdev answering ARP for an address it does
# not carry (restored on exit). Otherwise the representors' bridge, a
# netdev of this host too, may answer an SF's ARP request for the other
# SF's address first: that SF's RoCE frames then go to the bridge, where
# no RDMA device takes them.
rdma_local_rule_last()
{
	local rpf ari

	rpf=$(sysctl -n net.ipv4.conf.all.rp_filter)
	defer sysctl -qw "net.ipv4.conf.all.rp_filter=$rpf"
	sysctl -qw net.ipv4.conf.all.rp_filter=0
	ari=$(sysctl -n net.ipv4.conf.all.arp_ignore)
	defer sysctl -qw "net.ipv4.conf.all.arp_ignore=$ari"
	sysctl -qw net.ipv4.conf.all.arp_ignore=1
	ip rule add pref 1000 lookup local || return 1
	ip rule del pref 0 lookup local
	defer "ip rule add pref 0 lookup local && ip rule del pref 1000 lookup local"
}

# rdma_route_pair ADDR1 ND1 ADDR2 ND2 TABLE: ND1 gets ADDR1/24 and ND2
# ADDR2/24, both up; traffic from one address to the other leaves through
# its own netdev (tables TABLE and TABLE + 1). Undone on exit.
rdma_route_pair()
{
	local a1=$1 n1=$2 a2=$3 n2=$4 t=$5 n

	for n in "$n1" "$n2"; do
		sysctl -qw "net.ipv4.conf.$n.rp_filter=0" \
			"net.ipv4.conf.$n.accept_local=1" \
			"net.ipv4.conf.$n.arp_ignore=1" \
			"net.ipv4.conf.$n.arp_announce=2" || return 1
	done
	ip addr add "$a1/24" dev "$n1" || return 1
	ip addr add "$a2/24" dev "$n2" || return 1
	ip link set "$n1" up
	ip link set "$n2" up
	ip rule add pref 100 from "$a1" to "$a2" iif lo lookup "$t"
	ip rule add pref 100 from "$a2" to "$a1" iif lo lookup $((t + 1))
	defer_try ip rule del pref 100 from "$a1" to "$a2" iif lo lookup "$t"
	defer_try ip rule del pref 100 from "$a2" to "$a1" iif lo lookup $((t + 1))
	ip route add "$a2" dev "$n1" src "$a1" table "$t" || return 1
	ip route add "$a1" dev "$n2" src "$a2" table $((t + 1)) || return 1
	[ "$(ip -j route get "$a2" from "$a1" | jq -r '.[0].dev')" = "$n1" ]
}
