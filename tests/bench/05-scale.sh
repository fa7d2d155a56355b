#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The SF control path and memory at scale, against veth pairs (issue 14):
# for each N of SCALE_N, N SFs are added, given a MAC and activated until
# every port reads active/attached, their two netdevs (SF netdev and
# representor) are set up, then they are deactivated and deleted; every
# step is one `devlink -batch` (one `ip -batch` for the netdevs), so that
# what is timed is the kernel and udev, not the tools' start-up. The peer
# is N veth pairs created, set up and deleted the same way (`ip -batch`),
# in the same VM, interleaved with the SF rounds.
#
# Figures per N (medians of the rounds): ms per SF for port add, for
# hw_addr + activate until attached, for both netdevs up, for deactivate +
# del until the ports and mdevs are gone; the wall time of a `devlink port
# show` dump with the N SFs active (their instances' ports included) and
# the ms per `port show DEV/INDEX` (the devlink core looks a port up by a
# list walk); KiB of kernel memory per active SF with both netdevs up
# (MemAvailable, and the Slab, Percpu and VmallocUsed deltas, divided by
# N). Then cost(Nmax)/cost(Nmin) for each, and a PNG of the curves
# (gnuplot). A step that fails or times out fails the benchmark.
#
# Run in a VM of its own, sized for the largest N: 'make bench-scale'
# (tests/bench/scale-vm.sh). Knobs (environment):
#   SCALE_N          the Ns (default "16 256 1024 4096"); each N above what
#                    the NIC allows is replaced by that maximum
#   SCALE_RUNS       rounds per N up to SCALE_BIG (default 3, 256); the
#                    median is kept
#   SCALE_BIG_RUNS   rounds per N above SCALE_BIG (default 1)
#   SCALE_VETH       0 skips the veth peer (default 1)
#   SCALE_RXE        0 hides the udev rule that gives each SF a soft-RoCE
#                    device (for finding where the time goes; default 1,
#                    the stack as installed)
#   SCALE_UDEV       0 stops udevd for the run, as sfnic/46-scale does: the
#                    kernel's own path alone (no uevent handled, so no
#                    soft-RoCE device either), the only way to reach
#                    N = 4096 under TCG, where udev takes ~80 ms per uevent
#                    and an SF makes 24 (default 1)
#   SCALE_IPV6       0 turns IPv6 off on new netdevs (disable_ipv6) for the
#                    run, for sfnic and veth alike: 6.1 walks the whole
#                    IPv6 FIB under rtnl for every netdev that goes down
#                    (rt6_sync_down_dev), and each netdev up adds its
#                    routes to the same table, so thousands of netdevs in
#                    one namespace make teardown quadratic in the kernel's
#                    IPv6 code, whoever made the netdevs (default 1)
#   SCALE_NSIM       0 skips netdevsim (default: used when the module is
#                    there; 'make bench-scale' builds it for Debian's
#                    kernel, which lacks it): N netdevsim ports made, and
#                    the same `devlink port show` dump and per-port
#                    lookups timed against them, the devlink core's share
#   SCALE_OUT        where the data, slabinfo diffs and the PNG go (default
#                    $SFNIC_RESULTS/scale)
# timeout: 14400
# own VM: not run by 'make bench' unless named
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/../sfnic/common.sh"

SCALE_N=${SCALE_N:-16 256 1024 4096}
SCALE_RUNS=${SCALE_RUNS:-3}
SCALE_BIG_RUNS=${SCALE_BIG_RUNS:-1}
SCALE_BIG=${SCALE_BIG:-256}
SCALE_VETH=${SCALE_VETH:-1}
SCALE_RXE=${SCALE_RXE:-1}
SCALE_UDEV=${SCALE_UDEV:-1}
SCALE_NSIM=${SCALE_NSIM:-1}
SCALE_IPV6=${SCALE_IPV6:-1}
NSIM_ID=77
SCALE_OUT=${SCALE_OUT:-${SFNIC_RESULTS:-/tmp}/scale}
SF_BASE=1000

mkdir -p "$SCALE_OUT" || fail "cannot make $SCALE_OUT"

# us: microseconds since the epoch.
us()
{
	echo "${EPOCHREALTIME/./}"
}

# per US N: US microseconds in ms per item, N items.
per()
{
	awk -v u="$1" -v n="$2" 'BEGIN { printf "%.2f\n", u / 1000 / n }'
}

# Polls every 0.2 s: at 1024 ports a port dump costs a vCPU 1.2 s.
WAIT_POLL=0.2

# settle LIMIT: wait until udev handled every event (nothing to wait for
# when udevd is stopped).
settle()
{
	[ "$SCALE_UDEV" = 0 ] || udevadm settle -t "$1"
}

# memdelta "BEFORE" "AFTER" N: KiB per item "avail slab percpu vmalloc",
# from two kmem lines.
memdelta()
{
	local m

	m=$(kmem_per "$@") || return 1
	cut -d' ' -f1-4 <<<"$m"
}

# sf_ports: the handles of our NIC's pcisf ports, one a line.
sf_ports()
{
	devlink -j port show |
		jq -r --arg d "$DEV/" '.port | to_entries[] |
			select((.key | startswith($d)) and
			       .value.flavour == "pcisf") | .key'
}

# all_are N STATE OPSTATE: all N SF ports read STATE/OPSTATE.
all_are()
{
	[ "$(fn_count "$2" "$3")" = "$1" ]
}

no_sfs()
{
	[ -z "$(sf_ports)" ] && [ -z "$(ls /sys/bus/mdevc/devices)" ]
}

# sf_netdevs_are N: the SFs have N netdevs of their own. A cheap first
# wait: a dump of thousands of ports every 0.2 s would take a vCPU from
# the work it waits for; devlink confirms once this holds.
sf_netdevs_are()
{
	local nds=("$SYSDEV"/sf*/net/*)

	[ -e "${nds[0]}" ] || nds=()
	[ ${#nds[@]} -eq "$1" ]
}

# no_mdevs: the mdevc bus is empty (the cheap first wait for no_sfs).
no_mdevs()
{
	[ -z "$(ls /sys/bus/mdevc/devices)" ]
}

# timed VAR CMD...: run CMD, its wall time in microseconds into VAR;
# fails the benchmark when CMD fails.
timed()
{
	local __v=$1 t0 t1

	shift
	t0=$(us)
	"$@" || return 1
	t1=$(us)
	printf -v "$__v" '%s' $((t1 - t0))
}

# sf_round N RUN: one SF round; appends its figures to $SCALE_OUT/sf.runs:
# "N add act up ready del show showone avail slab percpu vmalloc
# leak" (ms per SF, s, ms per command, KiB per SF).
sf_round()
{
	local n=$1 run=$2 i ports=() nds=() before after t0 t_add t_act t_up
	local t_ready t_del t_show t_one lim=$((120 + 4 * $1)) mem leak

	before=$(kmem) || fail "N=$n: cannot read /proc/meminfo"
	[ "$run" != slab ] || slabs "$SCALE_OUT/slab.sf.before"
	timed t_add sf_ports_add "$n" "$SF_BASE" ||
		fail "N=$n: port add made ${#SF_PORTS[@]} ports"
	ports=("${SF_PORTS[@]}")

	t0=$(us)
	sf_ports_activate "${ports[@]}" || fail "N=$n: activate batch failed"
	wait_for "$lim" sf_netdevs_are "$n" ||
		fail "N=$n: not every SF has its netdev after ${lim}s"
	wait_for "$lim" all_are "$n" active attached ||
		fail "N=$n: $(fn_count active attached) of $n SFs attached after ${lim}s"
	t_act=$(($(us) - t0))

	# Both netdevs of each SF: its own (sfnic0/sf<sfnum>/net/) and its
	# representor (the port's netdev).
	nds=("$SYSDEV"/sf*/net/*)
	[ ${#nds[@]} -eq "$n" ] || fail "N=$n: ${#nds[@]} SF netdevs"
	mapfile -t -O "$n" nds < <(devlink -j port show |
		jq -r --arg d "$DEV/" '.port | to_entries[] |
			select((.key | startswith($d)) and
			       .value.flavour == "pcisf") | .value.netdev')
	[ ${#nds[@]} -eq $((2 * n)) ] ||
		fail "N=$n: $((${#nds[@]} - n)) representors"
	timed t_up ip -b <(for i in "${nds[@]}"; do
		echo "link set ${i##*/} up"; done) ||
		fail "N=$n: netdevs up failed"
	settle "$lim" || fail "N=$n: udev not idle after ${lim}s"
	t_ready=$(($(us) - t0))

	timed t_show devlink port show >/dev/null ||
		fail "N=$n: port show failed"
	timed t_one devlink -b <(printf 'port show %s\n' "${ports[@]}") \
		>/dev/null || fail "N=$n: port show batch failed"

	after=$(kmem) || fail "N=$n: cannot read /proc/meminfo"
	mem=$(memdelta "$before" "$after" "$n") || fail "N=$n: no memory figures"
	[ "$run" != slab ] || { slabs "$SCALE_OUT/slab.sf.after"; sf_census "$n"; }

	t0=$(us)
	devlink -b <(printf 'port function set %s state inactive\n' \
		"${ports[@]}") >/dev/null || fail "N=$n: deactivate batch failed"
	wait_for "$lim" sf_netdevs_are 0 ||
		fail "N=$n: SF netdevs left after ${lim}s"
	wait_for "$lim" all_are "$n" inactive detached ||
		fail "N=$n: $(fn_count inactive detached) of $n SFs detached after ${lim}s"
	devlink -b <(printf 'port del %s\n' "${ports[@]}") >/dev/null ||
		fail "N=$n: port del batch failed"
	wait_for "$lim" no_mdevs || fail "N=$n: mdevs left after ${lim}s"
	wait_for "$lim" no_sfs || fail "N=$n: SFs left after ${lim}s"
	t_del=$(($(us) - t0))
	settle "$lim" || fail "N=$n: udev not idle after ${lim}s"
	after=$(kmem) || fail "N=$n: cannot read /proc/meminfo"
	leak=$(memdelta "$before" "$after" "$n") || fail "N=$n: no memory figures"
	leak=${leak%% *}

	echo "$n $(per "$t_add" "$n") $(per "$t_act" "$n") $(per "$t_up" "$n")" \
	     "$(per "$t_ready" "$n") $(per "$t_del" "$n")" \
	     "$(per "$t_show" 1000) $(per "$t_one" "$n") $mem $leak" \
		>> "$SCALE_OUT/sf.runs"
}

# sf_census N: what one active SF is made of, in kernfs nodes (sysfs
# files, directories, links) and objects, into $SCALE_OUT/census.sf.
sf_census()
{
	local nd rep uuid

	nd=$(basename "$(echo "$SYSDEV/sf$SF_BASE/net/"*)")
	uuid=$(sf_mdev "$SF_BASE")
	rep=$(devlink -j port show | jq -r --arg d "$DEV/" '.port | to_entries[] |
		select((.key | startswith($d)) and
		       .value.sfnum == '"$SF_BASE"') | .value.netdev')
	{
		echo "N=$1, vCPUs $(nproc); sysfs nodes of SF $SF_BASE:"
		echo "  SF netdev $nd: $(find "/sys/class/net/$nd/" | wc -l)" \
		     "($(ls -d "/sys/class/net/$nd/queues/"* | wc -l) queues)"
		echo "  representor $rep: $(find "/sys/class/net/$rep/" | wc -l)" \
		     "($(ls -d "/sys/class/net/$rep/queues/"* | wc -l) queues)"
		echo "  mdev $uuid: $(find "/sys/bus/mdevc/devices/$uuid/" -xdev | wc -l)"
		for i in /sys/class/infiniband/*; do
			[ -e "$i" ] || continue
			echo "  RDMA devices: $(ls /sys/class/infiniband | wc -l);" \
			     "$(basename "$i"): $(find "$i/" | wc -l) nodes"
			break
		done
		echo "  devlink instances: $(devlink dev show | wc -l)," \
		     "ports: $(devlink port show | grep -c '^[^ ]')"
		echo "  netdevs: $(ip -o link show | wc -l)," \
		     "qdiscs: $(tc qdisc show | awk '{ print $2 }' | sort |
				uniq -c | tr '\n' ' ')"
		echo "  kernfs nodes in all: $(awk '$1 == "kernfs_node_cache" { print $3 }' /proc/slabinfo)"
		echo "  tasks: $(ps -e --no-headers | wc -l), kernel threads:" \
		     "$(ps -e -o comm= --ppid 2 | sed 's/[0-9/:.-].*//' |
			sort | uniq -c | sort -rn | head -n 5 | tr -s '\n ' ' ')"
		grep -E '^(KernelStack|PageTables|VmallocUsed|Percpu):' /proc/meminfo |
			tr -s ' \n' ' '
		echo
	} > "$SCALE_OUT/census.sf"
}

# veth_round N RUN: the peer: N veth pairs, created, both ends up, and
# deleted, one `ip -batch` each; appends to $SCALE_OUT/veth.runs.
veth_round()
{
	local n=$1 run=$2 i before after t_add t_up t_ready t_del t_show t_one
	local lim=$((120 + 4 * $1)) t0 mem leak

	before=$(kmem) || fail "N=$n: cannot read /proc/meminfo"
	[ "$run" != slab ] || slabs "$SCALE_OUT/slab.veth.before"
	timed t_add ip -b <(for ((i = 0; i < n; i++)); do
		echo "link add sv$i type veth peer name sw$i"; done) ||
		fail "N=$n: veth add batch failed"
	t0=$(us)
	timed t_up ip -b <(for ((i = 0; i < n; i++)); do
		echo "link set sv$i up"; echo "link set sw$i up"; done) ||
		fail "N=$n: veth up batch failed"
	settle "$lim" || fail "N=$n: udev not idle after ${lim}s"
	t_ready=$(($(us) - t0))
	timed t_show ip link show >/dev/null || fail "N=$n: ip link show failed"
	timed t_one ip -b <(for ((i = 0; i < n; i++)); do
		echo "link show dev sv$i"; done) >/dev/null ||
		fail "N=$n: ip link show batch failed"
	after=$(kmem) || fail "N=$n: cannot read /proc/meminfo"
	mem=$(memdelta "$before" "$after" "$n") || fail "N=$n: no memory figures"
	[ "$run" != slab ] || slabs "$SCALE_OUT/slab.veth.after"
	timed t_del ip -b <(for ((i = 0; i < n; i++)); do
		echo "link del sv$i"; done) || fail "N=$n: veth del batch failed"
	settle "$lim" || fail "N=$n: udev not idle after ${lim}s"
	after=$(kmem) || fail "N=$n: cannot read /proc/meminfo"
	leak=$(memdelta "$before" "$after" "$n") || fail "N=$n: no memory figures"
	leak=${leak%% *}
	# add, "activate" (both ends up), up, ready, del as the SF's columns
	echo "$n $(per "$t_add" "$n") $(per "$t_up" "$n") $(per "$t_up" "$n")" \
	     "$(per "$t_ready" "$n") $(per "$t_del" "$n")" \
	     "$(per "$t_show" 1000) $(per "$t_one" "$n") $mem $leak" \
		>> "$SCALE_OUT/veth.runs"
}

# nsim_ports N: netdevsim$NSIM_ID has N devlink ports.
nsim_ports()
{
	[ "$(devlink -j port show | jq --arg d "netdevsim/netdevsim$NSIM_ID/" \
		'[.port | keys[] | select(startswith($d))] | length')" = "$1" ]
}

# nsim_round N: the devlink core's share: a netdevsim device with N ports
# (new_device "ID N"), the same dump and per-port lookups as the SF
# round's, then del_device; appends "N add show_s one_ms del" (ms per
# port, s) to $SCALE_OUT/nsim.runs.
nsim_round()
{
	local n=$1 i t0 t_add t_show t_one t_del lim=$((120 + 4 * $1))
	local d=netdevsim/netdevsim$NSIM_ID

	t0=$(us)
	echo "$NSIM_ID $n" > /sys/bus/netdevsim/new_device ||
		fail "N=$n: netdevsim new_device failed"
	wait_for "$lim" nsim_ports "$n" ||
		fail "N=$n: netdevsim has not made its $n ports in ${lim}s"
	t_add=$(($(us) - t0))
	settle "$lim" || fail "N=$n: udev not idle after ${lim}s"
	timed t_show devlink port show >/dev/null ||
		fail "N=$n: port show (netdevsim) failed"
	timed t_one devlink -b <(for ((i = 0; i < n; i++)); do
		echo "port show $d/$i"; done) >/dev/null ||
		fail "N=$n: port show batch (netdevsim) failed"
	t0=$(us)
	echo "$NSIM_ID" > /sys/bus/netdevsim/del_device ||
		fail "N=$n: netdevsim del_device failed"
	wait_for "$lim" nsim_ports 0 || fail "N=$n: netdevsim ports left"
	t_del=$(($(us) - t0))
	settle "$lim" || fail "N=$n: udev not idle after ${lim}s"
	echo "$n $(per "$t_add" "$n") $(per "$t_show" 1000)" \
	     "$(per "$t_one" "$n") $(per "$t_del" "$n")" >> "$SCALE_OUT/nsim.runs"
}

# medians FILE N [COLUMNS]: the median of each column (13 unless told) of
# FILE's lines for N.
medians()
{
	local c vals out="$2"

	for ((c = 2; c <= ${3:-13}; c++)); do
		mapfile -t vals < <(awk -v n="$2" -v c="$c" '$1 == n { print $c }' "$1")
		[ ${#vals[@]} -gt 0 ] || return 1
		out+=" $(median "${vals[@]}")"
	done
	echo "$out"
}

sfnic_setup
switchdev
if [ "$SCALE_RXE" = 0 ]; then
	# The rule is a copy in /run (tests/vm/guest-init.sh): hide it.
	mv /run/udev/rules.d/90-sfnic-rdma.rules /run/90-sfnic-rdma.rules.off &&
		defer "mv /run/90-sfnic-rdma.rules.off /run/udev/rules.d/90-sfnic-rdma.rules && udevadm control --reload" &&
		udevadm control --reload || fail "cannot hide the RDMA udev rule"
fi
[ "$SCALE_UDEV" != 0 ] || udevd_stop

if [ "$SCALE_IPV6" = 0 ]; then
	v6=$(sysctl -n net.ipv6.conf.default.disable_ipv6) ||
		fail "cannot read net.ipv6.conf.default.disable_ipv6"
	sysctl -q -w net.ipv6.conf.default.disable_ipv6=1 ||
		fail "cannot turn IPv6 off on new netdevs"
	defer "sysctl -q -w net.ipv6.conf.default.disable_ipv6=$v6"
fi
if [ "$SCALE_NSIM" != 0 ]; then
	if modprobe netdevsim 2>/dev/null; then
		defer "modprobe -r netdevsim"
	else
		log "no netdevsim module: the devlink core's share is not measured"
		SCALE_NSIM=0
	fi
fi

# What the NIC allows: the SF type's available instances.
max=$(cat "$SF_TYPE/available_instances") || fail "no available_instances"
ns=()
for n in $SCALE_N; do
	if [ "$n" -gt "$max" ]; then
		log "N=$n: the NIC allows $max SFs; measuring $max instead"
		n=$max
	fi
	[[ " ${ns[*]} " == *" $n "* ]] || ns+=("$n")
done
mapfile -t ns < <(printf '%s\n' "${ns[@]}" | sort -n)
log "Ns: ${ns[*]}; vCPUs: $(nproc); memory: $(awk '/MemTotal/ { print $2 }' /proc/meminfo) KiB; RDMA udev rule: $([ "$SCALE_RXE" = 0 ] && echo hidden || echo on); udevd: $([ "$SCALE_UDEV" = 0 ] && echo stopped || echo running); IPv6 on new netdevs: $([ "$SCALE_IPV6" = 0 ] && echo off || echo on)"
rm -f "$SCALE_OUT/sf.runs" "$SCALE_OUT/veth.runs" "$SCALE_OUT/nsim.runs"

# Warm-up (modules loaded on demand, caches filled): one small round each,
# discarded.
sf_round 4 warm
[ "$SCALE_VETH" = 0 ] || veth_round 4 warm
[ "$SCALE_NSIM" = 0 ] || nsim_round 4
rm -f "$SCALE_OUT/sf.runs" "$SCALE_OUT/veth.runs" "$SCALE_OUT/nsim.runs"

nmax=${ns[-1]}
for n in "${ns[@]}"; do
	runs=$SCALE_RUNS
	[ "$n" -le "$SCALE_BIG" ] || runs=$SCALE_BIG_RUNS
	for ((r = 0; r < runs; r++)); do
		what=$r
		# The slab census of the largest N, first round.
		[ "$n" != "$nmax" ] || [ $r -ne 0 ] || what=slab
		sf_round "$n" "$what"
		log "sfnic N=$n run $r: $(tail -n 1 "$SCALE_OUT/sf.runs")"
		if [ "$SCALE_NSIM" != 0 ]; then
			nsim_round "$n"
			log "nsim  N=$n run $r: $(tail -n 1 "$SCALE_OUT/nsim.runs")"
		fi
		[ "$SCALE_VETH" = 0 ] && continue
		veth_round "$n" "$what"
		log "veth  N=$n run $r: $(tail -n 1 "$SCALE_OUT/veth.runs")"
	done
done

# The table.
: > "$SCALE_OUT/scale.dat"
echo "# N  sfnic: add act up ready del show_s one_ms KiB slab percpu vmalloc leak  veth: (same)" \
	>> "$SCALE_OUT/scale.dat"
for n in "${ns[@]}"; do
	sf=$(medians "$SCALE_OUT/sf.runs" "$n") || fail "no SF figures for N=$n"
	ve="$n - - - - - - - - - - - -"
	[ "$SCALE_VETH" = 0 ] || ve=$(medians "$SCALE_OUT/veth.runs" "$n") ||
		fail "no veth figures for N=$n"
	echo "$sf ${ve#* }" >> "$SCALE_OUT/scale.dat"
done

# kern S P V: the kernel's own accounting, slab + percpu + vmalloc.
kern()
{
	awk -v s="$1" -v p="$2" -v v="$3" 'BEGIN { printf "%.1f", s + p + v }'
}
echo "  vCPUs: $(nproc); ms per SF (per veth pair), medians of the rounds;"
echo "  KiB per SF: MemAvailable, and slab+percpu+vmalloc (kern)"
printf '  %6s %8s %8s %8s %8s %8s %7s %8s %8s %8s %8s\n' N add activ up ready \
	del show/s show1/ms KiB/SF kern leakKiB
while read -r n a b c d e f g h s p v l rest; do
	[ "$n" != "#" ] || continue
	printf '  %6s %8s %8s %8s %8s %8s %7s %8s %8s %8s %8s  sfnic\n' \
		"$n" "$a" "$b" "$c" "$d" "$e" "$f" "$g" "$h" \
		"$(kern "$s" "$p" "$v")" "$l"
	read -r a b c d e f g h s p v l <<<"$rest"
	[ "$a" = - ] || printf '  %6s %8s %8s %8s %8s %8s %7s %8s %8s %8s %8s  veth\n' \
		"" "$a" "$b" "$c" "$d" "$e" "$f" "$g" "$h" \
		"$(kern "$s" "$p" "$v")" "$l"
done < "$SCALE_OUT/scale.dat"
while read -r n _ _ _ _ _ _ _ _ s p v _ rest; do
	[ "$n" != "#" ] || continue
	log "N=$n sfnic KiB per SF: slab $s percpu $p vmalloc $v"
done < "$SCALE_OUT/scale.dat"

first=$(awk '!/^#/ { print; exit }' "$SCALE_OUT/scale.dat")
last=$(tail -n 1 "$SCALE_OUT/scale.dat")
# colratio NAME C[,C...]: ratio of column C (or the sum of the columns)
# of the last N to the first.
colratio()
{
	local sum='{ s = 0; n = split(c, f, ","); for (i = 1; i <= n; i++)
		s += $f[i]; print s }'

	ratio "$1" "$(awk -v c="$2" "$sum" <<<"$last")" \
		"$(awk -v c="$2" "$sum" <<<"$first")"
}
if [ ${#ns[@]} -gt 1 ]; then
	t="cost(${ns[-1]})/cost(${ns[0]})"
	colratio "sfnic port add, $t" 2
	colratio "sfnic activate until attached, $t" 3
	colratio "sfnic deactivate + del, $t" 6
	colratio "sfnic port show wall, $t" 7
	colratio "sfnic port show DEV/INDEX, $t" 8
	colratio "sfnic kernel KiB per SF, $t" 10,11,12
	colratio "sfnic MemAvailable KiB per SF, $t" 9
	if [ "$SCALE_VETH" != 0 ]; then
		colratio "veth add, $t" 14
		colratio "veth up, $t" 15
		colratio "veth del, $t" 18
		colratio "ip link show wall, $t" 19
		colratio "veth kernel KiB per pair, $t" 22,23,24
	fi
fi
if [ "$SCALE_NSIM" != 0 ]; then
	# The devlink core's share: the same commands against netdevsim's
	# ports (N ports, where the SF dump also lists each SF instance's
	# own port: 2N).
	: > "$SCALE_OUT/nsim.dat"
	echo "  netdevsim, N ports: ms per port add (new_device), port show" \
	     "wall (s), ms per port show DEV/INDEX, ms per port del"
	for n in "${ns[@]}"; do
		m=$(medians "$SCALE_OUT/nsim.runs" "$n" 5) ||
			fail "no netdevsim figures for N=$n"
		read -r _ a b c d <<<"$m"
		printf '  %6s %8s %8s %8s %8s  netdevsim\n' "$n" "$a" "$b" "$c" "$d"
		echo "$m" >> "$SCALE_OUT/nsim.dat"
		sf=$(awk -v n="$n" '$1 == n' "$SCALE_OUT/scale.dat")
		ratio "N=$n: sfnic port show wall / netdevsim's" \
			"$(cut -d' ' -f7 <<<"$sf")" "$b"
		ratio "N=$n: sfnic port show DEV/INDEX / netdevsim's" \
			"$(cut -d' ' -f8 <<<"$sf")" "$c"
	done
	if [ ${#ns[@]} -gt 1 ]; then
		nf=$(awk -v n="${ns[0]}" '$1 == n' "$SCALE_OUT/nsim.dat")
		nl=$(awk -v n="${ns[-1]}" '$1 == n' "$SCALE_OUT/nsim.dat")
		t="cost(${ns[-1]})/cost(${ns[0]})"
		ratio "netdevsim port show wall, $t" "$(cut -d' ' -f3 <<<"$nl")" \
			"$(cut -d' ' -f3 <<<"$nf")"
		ratio "netdevsim port show DEV/INDEX, $t" \
			"$(cut -d' ' -f4 <<<"$nl")" "$(cut -d' ' -f4 <<<"$nf")"
	fi
fi
[ ! -e "$SCALE_OUT/slab.sf.after" ] || {
	log "slab caches grown per SF at N=$nmax (objects, KiB):"
	slabdiff "$SCALE_OUT/slab.sf.before" "$SCALE_OUT/slab.sf.after" "$nmax" |
		tee "$SCALE_OUT/slab.sf.diff" | head -n 12 | sed 's/^/  #   /'
	sed 's/^/  #   /' "$SCALE_OUT/census.sf"
}
[ ! -e "$SCALE_OUT/slab.veth.after" ] ||
	slabdiff "$SCALE_OUT/slab.veth.before" "$SCALE_OUT/slab.veth.after" \
		"$nmax" > "$SCALE_OUT/slab.veth.diff"

# The curves.
vt="" vm=""
if [ "$SCALE_VETH" != 0 ]; then
	vt=', "" using 1:14 with linespoints dt 2 title "veth add",
	     "" using 1:15 with linespoints dt 2 title "veth both ends up",
	     "" using 1:17 with linespoints dt 2 title "veth up, udev idle",
	     "" using 1:18 with linespoints dt 2 title "veth del"'
	vm=', "" using 1:($22+$23+$24) with linespoints dt 2 title "veth slab+percpu+vmalloc",
	     "" using 1:21 with points title "veth MemAvailable"'
	vt=${vt//$'\n'/ } vm=${vm//$'\n'/ }
fi
if command -v gnuplot >/dev/null; then
	gnuplot <<-EOF || fail "gnuplot failed"
	set terminal pngcairo size 1400,560 font ",10" noenhanced
	set output "$SCALE_OUT/scale.png"
	set multiplot layout 1,2 title "sfnic vs veth at scale ($(nproc) vCPUs, TCG)"
	set logscale x 2
	set xlabel "N (SFs / veth pairs)"
	set key top left
	set grid
	set ylabel "ms per SF / per veth pair (log)"
	set logscale y 10
	plot "$SCALE_OUT/scale.dat" using 1:2 with linespoints lw 2 title "sfnic port add", \
	     "" using 1:3 with linespoints lw 2 title "sfnic hw_addr+activate until attached", \
	     "" using 1:5 with linespoints lw 2 title "sfnic activate, netdevs up, udev idle", \
	     "" using 1:6 with linespoints lw 2 title "sfnic deactivate+del"$vt
	set ylabel "KiB per active SF / per veth pair up"
	unset logscale y
	set yrange [0:*]
	plot "$SCALE_OUT/scale.dat" using 1:(\$10+\$11+\$12) with linespoints lw 2 title "sfnic slab+percpu+vmalloc", \
	     "" using 1:10 with linespoints lw 2 title "sfnic slab", \
	     "" using 1:9 with points title "sfnic MemAvailable (noisy)"$vm
	unset multiplot
	EOF
	log "curves: $SCALE_OUT/scale.png"
else
	fail "no gnuplot (make deps installs gnuplot-nox)"
fi
