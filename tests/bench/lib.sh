# SPDX-License-Identifier: GPL-2.0
#
# Helpers for sfnic benchmarks (tests/bench/NN-name.sh), run inside the test
# VM by 'make bench'. A benchmark prints each figure beside the same figure
# of a peer measured in the same run (a veth pair, veth through a bridge)
# and their ratio, so that the numbers mean something on any machine, TCG
# included.
#
# Every figure is the median of BENCH_RUNS runs, taken interleaved with its
# peer's (sfnic, peer, sfnic, peer, ...) so that a slow phase of the host
# weighs on both alike, after a warm-up round whose results are discarded.
# A run that fails (iperf3 exits non-zero, its report cannot be read, no
# data went through) fails the benchmark: no figure is ever a made-up 0.

source "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"

BENCH_SECS=${BENCH_SECS:-5}
BENCH_RUNS=${BENCH_RUNS:-5}
# The CPUs of iperf3's client and server ("CLIENT SERVER"; empty: where
# the scheduler puts them), the same for sfnic and its peer, so that run
# after run both are measured with the same placement.
if [ -z "${BENCH_CPUS+set}" ] && [ "$(nproc)" -ge 2 ]; then
	BENCH_CPUS="0 1"
fi
# Payload of the frame-rate runs: 18 bytes of UDP make 60-byte frames,
# 64 on the wire with the FCS.
BENCH_PPS_LEN=18

# figure NAME VALUE UNIT: one result line.
figure()
{
	printf '  %-52s %12s %s\n' "$1" "$2" "$3"
}

# ratio NAME A B: A/B with two decimals.
ratio()
{
	printf '  %-52s %12s\n' "$1" "$(awk -v a="$2" -v b="$3" \
		'BEGIN { if (b > 0) printf "%.2f", a / b; else print "n/a" }')"
}

# median V...: the median of the values.
median()
{
	printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 }
		END { if (NR % 2) print v[(NR + 1) / 2];
		      else printf "%.3f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

# udev_idle: udevd is stopped, or has no worker left (a burst of events
# forks up to children_max of them, which linger a few seconds after the
# queue empties: user memory, not the kernel's).
udev_idle()
{
	[ "$(pgrep -c -x systemd-udevd)" -le 1 ]
}

# kmem: "MemAvailable Slab Percpu VmallocUsed Kernel" in KiB, once udev
# (when it runs) is idle and its workers are gone, and the page cache and
# freed objects (RCU) had a chance to go. Kernel is every page neither
# free nor cache nor a process's: MemTotal - MemFree - Buffers - Cached -
# AnonPages, less the free pages kept on the per-CPU lists (MemFree does
# not count them: they would add megabytes of noise); it counts what slab,
# percpu and vmalloc do not, such as the pages a driver allocates
# directly (virtio_net's posted receive buffers).
kmem()
{
	if pgrep -x systemd-udevd >/dev/null; then
		udevadm settle -t 120 || echo "  # udev not idle after 120 s" >&2
		wait_for 60 udev_idle || echo "  # udev workers still there" >&2
	fi
	sync
	echo 3 > /proc/sys/vm/drop_caches
	sleep 1
	echo 3 > /proc/sys/vm/drop_caches
	awk -v page="$(getconf PAGESIZE)" \
	    'FILENAME ~ /zoneinfo/ { if ($1 == "count:") pcp += $2; next }
	     { v[$1] = $2 }
	     END { k = v["MemTotal:"] - v["MemFree:"] - v["Buffers:"]
		   k -= v["Cached:"] + v["AnonPages:"] + pcp * page / 1024
		   if (v["Percpu:"] == "" || v["VmallocUsed:"] == "")
			exit 1
		   print v["MemAvailable:"], v["Slab:"], v["Percpu:"],
			 v["VmallocUsed:"], k }' /proc/zoneinfo /proc/meminfo
}

# kmem_per BEFORE AFTER N: what N items cost, in KiB each, from two kmem
# lines: "MemAvailable Slab Percpu VmallocUsed Kernel" (MemAvailable's
# fall, the others' rise).
kmem_per()
{
	awk -v b="$1" -v a="$2" -v n="$3" 'BEGIN {
		if (split(b, x) != 5 || split(a, y) != 5)
			exit 1
		printf "%.1f %.1f %.1f %.1f %.1f\n", (x[1] - y[1]) / n,
			(y[2] - x[2]) / n, (y[3] - x[3]) / n,
			(y[4] - x[4]) / n, (y[5] - x[5]) / n }'
}

# slabs FILE: /proc/slabinfo as "name objects KiB" lines.
slabs()
{
	awk 'NR > 2 { printf "%s %d %d\n", $1, $3, $3 * $4 / 1024 }' \
		/proc/slabinfo > "$1"
}

# slabdiff BEFORE AFTER N: the caches that grew most, per item.
slabdiff()
{
	awk -v n="$3" 'NR == FNR { o[$1] = $2; k[$1] = $3; next }
		{ d = $3 - k[$1]; if (d > 0)
			printf "%-28s %9.1f objs %9.1f KiB per item\n", $1,
				($2 - o[$1]) / n, d / n }' "$1" "$2" |
		sort -k4 -g -r | head -n 25
}

# cpu_busy: busy and total jiffies of all CPUs so far, from /proc/stat.
cpu_busy()
{
	awk '/^cpu / { t = 0; for (i = 2; i <= NF; i++) t += $i;
		       print t - $5 - $6, t }' /proc/stat
}

# __iperf3 NS_SERVER ADDR NS_CLIENT MODE: one iperf3 run of BENCH_SECS
# seconds, MODE tcp (Gbit/s) or pps (64-byte UDP frames received per
# second). Prints "VALUE CPU" where CPU is the CPUs kept busy meanwhile
# (1.0 is one CPU for the whole run); fails if the run failed.
__iperf3()
{
	local srv=$1 addr=$2 cli=$3 mode=$4 pid out rc b0 t0 b1 t1 args=()
	local cpus=() sargs=()

	[ "$mode" = pps ] && args=(-u -b 0 -l "$BENCH_PPS_LEN")
	read -ra cpus <<<"${BENCH_CPUS:-}"
	if [ ${#cpus[@]} -eq 2 ]; then
		args+=(-A "${cpus[0]}")
		sargs=(-A "${cpus[1]}")
	fi
	ip netns exec "$srv" iperf3 -s -1 -B "$addr" "${sargs[@]}" \
		>/dev/null 2>&1 &
	pid=$!
	if ! wait_for 10 ip netns exec "$srv" sh -c "ss -ltnu | grep -q '$addr:5201 '"; then
		kill "$pid" 2>/dev/null
		echo "iperf3 server did not start in $srv" >&2
		return 1
	fi
	read -r b0 t0 < <(cpu_busy)
	out=$(ip netns exec "$cli" iperf3 -c "$addr" -t "$BENCH_SECS" -J \
		"${args[@]}" 2>&1)
	rc=$?
	read -r b1 t1 < <(cpu_busy)
	wait "$pid" 2>/dev/null
	if [ $rc -ne 0 ]; then
		kill "$pid" 2>/dev/null
		echo "iperf3 -c $addr ($mode) failed ($rc): $out" >&2
		return 1
	fi
	python3 -c 'import json, sys
mode, len_, busy, total, ncpu = sys.argv[1], int(sys.argv[2]), \
	float(sys.argv[3]), float(sys.argv[4]), int(sys.argv[5])
r = json.loads(sys.stdin.read())["end"]["sum_received"]
if r["bytes"] <= 0 or r["seconds"] <= 0:
	sys.exit("no data received")
if mode == "pps":
	v = r["bytes"] / len_ / r["seconds"]
else:
	v = r["bits_per_second"] / 1e9
print("%.3f %.3f" % (v, busy / total * ncpu if total > 0 else 0))' \
		"$mode" "$BENCH_PPS_LEN" "$((b1 - b0))" "$((t1 - t0))" "$(nproc)" \
		<<<"$out" || { echo "unreadable iperf3 report: $out" >&2; return 1; }
}

# bench_pair NAME MODE "SRV ADDR CLI" "SRV ADDR CLI": BENCH_RUNS runs of
# iperf3 (MODE tcp or pps) over the sfnic path (first triple) and over its
# peer (second), interleaved after a discarded warm-up round. Sets the
# medians in BENCH_SF, BENCH_PEER (throughput) and BENCH_SF_CPU,
# BENCH_PEER_CPU (CPUs busy); fails the benchmark if any run failed.
bench_pair()
{
	local name=$1 mode=$2 sf peer i v c
	local sfv=() sfc=() pv=() pc=()

	read -ra sf <<<"$3"
	read -ra peer <<<"$4"
	for ((i = 0; i <= BENCH_RUNS; i++)); do
		read -r v c < <(__iperf3 "${sf[@]}" "$mode" || echo FAIL)
		[ "$v" != FAIL ] || fail "$name: sfnic run $i failed"
		[ $i -eq 0 ] || { sfv+=("$v"); sfc+=("$c"); }
		read -r v c < <(__iperf3 "${peer[@]}" "$mode" || echo FAIL)
		[ "$v" != FAIL ] || fail "$name: peer run $i failed"
		[ $i -eq 0 ] || { pv+=("$v"); pc+=("$c"); }
	done
	BENCH_SF=$(median "${sfv[@]}")
	BENCH_PEER=$(median "${pv[@]}")
	BENCH_SF_CPU=$(median "${sfc[@]}")
	BENCH_PEER_CPU=$(median "${pc[@]}")
	log "$name: sfnic runs ${sfv[*]}; peer runs ${pv[*]}"
}

# cpu_per_gbit CPUS GBITS: CPUs busy per Gbit/s.
cpu_per_gbit()
{
	awk -v c="$1" -v g="$2" \
		'BEGIN { if (g > 0) printf "%.3f", c / g; else print "n/a" }'
}

# report_tcp LABEL PEER_LABEL: the figures of a tcp bench_pair.
report_tcp()
{
	local sfcost peercost

	sfcost=$(cpu_per_gbit "$BENCH_SF_CPU" "$BENCH_SF")
	peercost=$(cpu_per_gbit "$BENCH_PEER_CPU" "$BENCH_PEER")
	figure "$1 TCP" "$BENCH_SF" "Gbit/s"
	figure "$2 TCP" "$BENCH_PEER" "Gbit/s"
	ratio "TCP ratio" "$BENCH_SF" "$BENCH_PEER"
	figure "$1 CPU per Gbit/s" "$sfcost" "CPUs"
	figure "$2 CPU per Gbit/s" "$peercost" "CPUs"
	ratio "CPU per Gbit/s ratio" "$sfcost" "$peercost"
}

# report_pps LABEL PEER_LABEL: the figures of a pps bench_pair.
report_pps()
{
	figure "$1 64-byte frames" "$BENCH_SF" "frames/s"
	figure "$2 64-byte frames" "$BENCH_PEER" "frames/s"
	ratio "64-byte frame rate ratio" "$BENCH_SF" "$BENCH_PEER"
}

# netns_pair NS_A NS_B: two fresh namespaces with loopback up and no IPv6
# chatter, removed on exit.
netns_pair()
{
	local ns

	for ns in "$@"; do
		ip netns add "$ns" || return 1
		defer ip netns del "$ns"
		ip -n "$ns" link set lo up
		ip netns exec "$ns" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 \
			net.ipv6.conf.default.disable_ipv6=1
	done
}

# veth_peer NS_A NS_B ADDR_A ADDR_B: a veth pair between two fresh netns,
# the peer of the SF -> representor figures.
veth_peer()
{
	netns_pair "$1" "$2" || return 1
	ip link add vb0 netns "$1" type veth peer name vb1 netns "$2" || return 1
	ip -n "$1" addr add "$3/24" dev vb0
	ip -n "$2" addr add "$4/24" dev vb1
	ip -n "$1" link set vb0 up
	ip -n "$2" link set vb1 up
}

# veth_bridge_peer NS_A NS_B ADDR_A ADDR_B: veth -> bridge -> veth, the
# peer of the SF -> representor -> bridge -> representor -> SF figures.
veth_bridge_peer()
{
	netns_pair "$1" "$2" || return 1
	ip link add vbbr0 type bridge forward_delay 0 stp_state 0 || return 1
	defer ip link del vbbr0
	ip link add vbA netns "$1" type veth peer name vbA_br || return 1
	ip link add vbB netns "$2" type veth peer name vbB_br || return 1
	ip link set vbA_br addrgenmode none master vbbr0 up
	ip link set vbB_br addrgenmode none master vbbr0 up
	ip link set vbbr0 addrgenmode none up
	ip -n "$1" addr add "$3/24" dev vbA
	ip -n "$2" addr add "$4/24" dev vbB
	ip -n "$1" link set vbA up
	ip -n "$2" link set vbB up
	wait_for 20 ip netns exec "$1" ping -c 1 -W 1 "$4"
}

# sf_rep_bridge BRIDGE SFNUM...: a bridge (deleted on exit) over the
# representors of these SFs of sf_bench_setup's, all up, none with an
# IPv6 address of its own.
sf_rep_bridge()
{
	local br=$1 n

	shift
	ip link add "$br" type bridge forward_delay 0 stp_state 0 || return 1
	defer ip link del "$br"
	for n in "$@"; do
		ip link set "${SF_REP[n]}" addrgenmode none master "$br" up ||
			return 1
	done
	ip link set "$br" addrgenmode none up
}

# sf_bench_setup SFNUM...: a NIC in switchdev mode with one active SF per
# SFNUM (MAC 02:00:00:00:01:<sfnum>); sets SF_ND[sfnum] and SF_REP[sfnum].
# Needs ../sfnic/common.sh.
sf_bench_setup()
{
	local n p

	sfnic_setup
	switchdev
	for n in "$@"; do
		p=$(sf_add "$n") || fail "SF $n: port add"
		devlink port function set "$p" \
			hw_addr "$(printf '02:00:00:00:01:%02x' "$n")" ||
			fail "SF $n: hw_addr"
		sf_activate "$p" || fail "SF $n not attached"
		SF_REP[n]=$(port_field "$p" netdev)
		SF_ND[n]=$(sf_netdev "$n")
		[ -n "${SF_ND[n]}" ] || fail "SF $n has no netdev"
	done
}

# sf_ports_add N BASE: one `devlink -b` adds N SF ports, sfnums BASE to
# BASE + N - 1; their handles go to the array SF_PORTS. Fails when the
# batch fails or makes another number of ports. Needs ../sfnic/common.sh.
sf_ports_add()
{
	local i out

	SF_PORTS=()
	out=$(for ((i = 0; i < $1; i++)); do
		echo "port add $DEV flavour pcisf pfnum 0 sfnum $(($2 + i))"
	done | devlink -b -) || return 1
	mapfile -t SF_PORTS < <(sed -n "s|^\($DEV/[0-9]*\):.*|\1|p" <<<"$out")
	[ ${#SF_PORTS[@]} -eq "$1" ]
}

# sf_ports_activate PORT...: one `devlink -b` gives each port a MAC (the
# I-th: 02:5d:00:00 and I) and activates it; does not wait for attached.
sf_ports_activate()
{
	local i=0 p

	for p; do
		printf 'port function set %s hw_addr 02:5d:00:00:%02x:%02x state active\n' \
			"$p" $((i >> 8)) $((i & 255))
		i=$((i + 1))
	done | devlink -b - >/dev/null
}

# sf_ports_del PORT...: one `devlink -b` deactivates the ports, another
# deletes them; does not wait for them to go.
sf_ports_del()
{
	devlink -b <(printf 'port function set %s state inactive\n' "$@") \
		>/dev/null || return 1
	devlink -b <(printf 'port del %s\n' "$@") >/dev/null
}
