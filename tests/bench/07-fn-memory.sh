#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# What a function costs in kernel memory, and what each knob adds (issue
# 14): rounds of N functions (BENCH_FN_N, default 128) made, both of their
# netdevs (the function's own and its representor) set up, measured and
# removed again:
#   sf              SFs added and activated, default settings
#   sf-ch1, sf-ch8  the same with `ethtool -L combined 1` / `8` on both
#                   netdevs (the SF netdev starts with 2, the representor 1)
#   sf-ring64, sf-ring8192
#                   `ethtool -G rx 64` / `8192` on both (1024 by default)
#   sf-ioeq64, sf-ioeq4096
#                   the SFs' io_eq_size devlink param (1024 by default)
#                   set and their instances reloaded before the netdevs
#                   go up
#   virtio          virtio-net functions (mdev create, type virtio_net: one
#                   queue pair), driven by virtio_net, at the default
#                   ring size
#   virtio-mq       the same of type virtio_net_mq (two queue pairs)
#   veth            the peer: veth pairs, both ends up
# Memory per function is the rise of Slab + Percpu + VmallocUsed (kern)
# and the fall of MemAvailable, over the round, divided by N; what
# MemAvailable did not get back after the round is printed as leak. udevd
# is stopped, so no soft-RoCE device is made (its cost is rdma_rxe's: see
# Documentation/sfnic.rst) and no uevent's handling is counted; the
# figures are the kernel's alone. Each round runs BENCH_FN_RUNS (3) times,
# the kinds interleaved, after a discarded warm-up; medians are printed.
# A step that fails fails the benchmark. $SFNIC_RESULTS/fn-memory/ keeps
# every round's figures and the slab caches each kind grew.
# timeout: 5400
# own VM: not run by 'make bench' unless named
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/../sfnic/common.sh"

N=${BENCH_FN_N:-128}
RUNS=${BENCH_FN_RUNS:-3}
KINDS="sf sf-ch1 sf-ch8 sf-ring64 sf-ring8192 sf-ioeq64 sf-ioeq4096 virtio
	virtio-mq veth"
OUT=${SFNIC_RESULTS:-/tmp}/fn-memory
TYPES=/sys/class/mdevc_bus/sfnic$ID/mdev_supported_types
MDEVC_DEVS=/sys/bus/mdevc/devices
SF_BASE=2000
mkdir -p "$OUT" || fail "cannot make $OUT"

no_fns()
{
	[ "$(fn_count active attached)" = 0 ] &&
		[ "$(fn_count inactive detached)" = 0 ] &&
		[ -z "$(ls $MDEVC_DEVS)" ]
}

all_attached()
{
	[ "$(fn_count active attached)" = "$N" ]
}

# sf_netdevs K: the SFs have K netdevs of their own.
sf_netdevs()
{
	[ "$(find "$SYSDEV"/sf*/net/ -mindepth 1 -maxdepth 1 2>/dev/null |
	     wc -l)" = "$1" ]
}

# vn_netdevs K: the mdevc devices have K virtio_net netdevs.
vn_netdevs()
{
	[ "$(find $MDEVC_DEVS/*/virtio*/net/ -mindepth 1 -maxdepth 1 \
		2>/dev/null | wc -l)" = "$1" ]
}

# sf_reps: the netdevs of our NIC's pcisf ports (the representors).
sf_reps()
{
	devlink -j port show |
		jq -r --arg d "$DEV/" '.port | to_entries[] |
			select((.key | startswith($d)) and
			       .value.flavour == "pcisf") | .value.netdev'
}

# up_all NETDEV...: set them up in one ip -batch.
up_all()
{
	ip -b <(printf 'link set %s up\n' "$@")
}

# sf_make KIND: N SFs added and activated until attached, the knob of KIND
# applied, both netdevs up.
sf_make()
{
	local kind=$1 i nds=() uuids=() nd u lim=$((120 + 2 * N))

	sf_ports_add "$N" "$SF_BASE" ||
		fail "$kind: port add made ${#SF_PORTS[@]} ports"
	sf_ports_activate "${SF_PORTS[@]}" || fail "$kind: activate batch failed"
	wait_for "$lim" all_attached ||
		fail "$kind: $(fn_count active attached) of $N SFs attached"
	wait_for "$lim" sf_netdevs "$N" ||
		fail "$kind: not every SF has its netdev"

	case $kind in
	sf-ioeq*)
		for i in "$SYSDEV"/sf*; do
			uuids+=("$(basename "$(readlink -f "$i")")")
		done
		for u in "${uuids[@]}"; do
			echo "dev param set mdevc/$u name io_eq_size value ${kind#sf-ioeq} cmode driverinit"
			echo "dev reload mdevc/$u"
		done | devlink -b - >/dev/null || fail "$kind: param set + reload failed"
		wait_for "$lim" sf_netdevs "$N" ||
			fail "$kind: not every SF has its netdev after reload"
		;;
	esac

	for nd in "$SYSDEV"/sf*/net/*; do
		nds+=("${nd##*/}")
	done
	mapfile -t -O ${#nds[@]} nds < <(sf_reps)
	[ ${#nds[@]} -eq $((2 * N)) ] || fail "$kind: ${#nds[@]} netdevs, not $((2 * N))"
	for nd in "${nds[@]}"; do
		case $kind in
		sf-ch*)
			ethtool -L "$nd" combined "${kind#sf-ch}" ||
				fail "$kind: ethtool -L $nd" ;;
		sf-ring*)
			ethtool -G "$nd" rx "${kind#sf-ring}" ||
				fail "$kind: ethtool -G $nd" ;;
		esac
	done
	up_all "${nds[@]}" || fail "$kind: netdevs up failed"
	# The knob took: read it back from the first SF netdev.
	case $kind in
	sf-ch*)
		[ "$(ethtool -l "${nds[0]}" | awk '/^Combined/ { v = $2 } END { print v }')" = "${kind#sf-ch}" ] ||
			fail "$kind: ethtool -l does not read ${kind#sf-ch}" ;;
	sf-ring*)
		[ "$(ethtool -g "${nds[0]}" | awk '/^RX:/ { v = $2 } END { print v }')" = "${kind#sf-ring}" ] ||
			fail "$kind: ethtool -g does not read ${kind#sf-ring}" ;;
	sf-ioeq*)
		[ "$(param_get "mdevc/${uuids[0]}" io_eq_size)" = "${kind#sf-ioeq}" ] ||
			fail "$kind: io_eq_size does not read ${kind#sf-ioeq}" ;;
	esac
}

sf_remove()
{
	local ports lim=$((120 + 2 * N))

	mapfile -t ports < <(devlink -j port show |
		jq -r --arg d "$DEV/" '.port | to_entries[] |
			select((.key | startswith($d)) and
			       .value.flavour == "pcisf") | .key')
	devlink -b <(printf 'port function set %s state inactive\n' \
		"${ports[@]}") >/dev/null || fail "deactivate batch failed"
	wait_for "$lim" sf_netdevs 0 ||
		fail "SF netdevs left after deactivation"
	devlink -b <(printf 'port del %s\n' "${ports[@]}") >/dev/null ||
		fail "port del batch failed"
	wait_for "$lim" no_fns || fail "functions left after ${lim}s"
}

# vn_make TYPE: N virtio-net functions of mdev type TYPE, netdevs up.
vn_make()
{
	local i u nds=() lim=$((120 + 2 * N))

	for ((i = 0; i < N; i++)); do
		u=$(cat /proc/sys/kernel/random/uuid)
		echo "$u" > "$TYPES/$1/create" || fail "$1: create $i failed"
	done
	wait_for "$lim" vn_netdevs "$N" ||
		fail "virtio: not every function has its virtio_net netdev"
	for u in "$MDEVC_DEVS"/*/virtio*/net/*; do
		nds+=("${u##*/}")
	done
	mapfile -t -O ${#nds[@]} nds < <(sf_reps)
	[ ${#nds[@]} -eq $((2 * N)) ] || fail "virtio: ${#nds[@]} netdevs, not $((2 * N))"
	up_all "${nds[@]}" || fail "virtio: netdevs up failed"
	[ "$(ethtool -i "${nds[0]}" | sed -n 's/^driver: //p')" = virtio_net ] ||
		fail "virtio: ${nds[0]} is not driven by virtio_net"
}

vn_remove()
{
	local d

	for d in "$TYPES"/sfnic-virtio_net*/devices/*; do
		[ -e "$d" ] || continue
		echo 1 > "$d/remove" || fail "virtio: remove $d failed"
	done
	wait_for $((120 + 2 * N)) no_fns || fail "virtio: functions left"
}

veth_make()
{
	ip -b <(for ((i = 0; i < N; i++)); do
		echo "link add mv$i type veth peer name mw$i"; done) ||
		fail "veth: add batch failed"
	ip -b <(for ((i = 0; i < N; i++)); do
		echo "link set mv$i up"; echo "link set mw$i up"; done) ||
		fail "veth: up batch failed"
}

veth_remove()
{
	ip -b <(for ((i = 0; i < N; i++)); do echo "link del mv$i"; done) ||
		fail "veth: del batch failed"
}

# round KIND RUN: one round; appends "KIND avail kern slab percpu vmalloc
# kernel leak" (KiB per function) to $OUT/runs, and the slab caches that
# grew most per function to $OUT/slab.KIND.diff.RUN.
round()
{
	local kind=$1 before after mem leak

	before=$(kmem) || fail "cannot read /proc/meminfo"
	slabs "$OUT/slab.$kind.before"
	case $kind in
	sf*) sf_make "$kind" ;;
	virtio) vn_make sfnic-virtio_net ;;
	virtio-mq) vn_make sfnic-virtio_net_mq ;;
	veth) veth_make ;;
	esac
	after=$(kmem) || fail "cannot read /proc/meminfo"
	slabs "$OUT/slab.$kind.after"
	slabdiff "$OUT/slab.$kind.before" "$OUT/slab.$kind.after" "$N" \
		> "$OUT/slab.$kind.diff.$2"
	mem=$(kmem_per "$before" "$after" "$N") || fail "no memory figures"
	case $kind in
	sf*) sf_remove ;;
	virtio*) vn_remove ;;
	veth) veth_remove ;;
	esac
	after=$(kmem) || fail "cannot read /proc/meminfo"
	leak=$(kmem_per "$before" "$after" "$N") || fail "no memory figures"
	leak=${leak%% *}
	read -r a s p v k <<<"$mem"
	echo "$kind $a $(awk -v s="$s" -v p="$p" -v v="$v" \
		'BEGIN { printf "%.1f", s + p + v }') $s $p $v $k $leak" >> "$OUT/runs"
}

sfnic_setup
switchdev
modprobe -a mdevc_virtio virtio_net || fail "cannot load mdevc_virtio, virtio_net"
udevd_stop
log "N=$N functions a round, $RUNS rounds of each kind; vCPUs: $(nproc); udevd stopped"

# Warm-up: caches filled, modules' first allocations made; discarded.
rm -f "$OUT/runs"
N_REAL=$N N=4
for k in sf virtio veth; do
	round "$k" warm
done
N=$N_REAL
rm -f "$OUT/runs"

for ((r = 0; r < RUNS; r++)); do
	for k in $KINDS; do
		round "$k" "$r"
		log "run $r: $(tail -n 1 "$OUT/runs")"
	done
done

# col KIND C: the median of column C of KIND's rounds.
col()
{
	local vals

	mapfile -t vals < <(awk -v k="$1" -v c="$2" '$1 == k { print $c }' "$OUT/runs")
	[ ${#vals[@]} -gt 0 ] || fail "no figures for $1"
	median "${vals[@]}"
}

echo "  KiB per function (medians of $RUNS rounds of $N, $(nproc) vCPUs):"
printf '  %-12s %9s %9s %9s %9s %9s %9s %9s\n' kind kern slab percpu \
	vmalloc kernel MemAvail leak
for k in $KINDS; do
	printf '  %-12s %9s %9s %9s %9s %9s %9s %9s\n' "$k" "$(col "$k" 3)" \
		"$(col "$k" 4)" "$(col "$k" 5)" "$(col "$k" 6)" "$(col "$k" 7)" \
		"$(col "$k" 2)" "$(col "$k" 8)"
done
echo "  (kern: slab + percpu + vmalloc; kernel: every page neither free,"
echo "  cache nor a process's, which also counts pages drivers allocate"
echo "  directly, such as virtio_net's posted receive buffers)"
# What a knob adds is read from kern: the knobs change slab objects
# only, and kernel moves by tens of MiB between rounds for reasons of
# its own (MemAvailable does as much).
base=$(col sf 3)
for k in $KINDS; do
	case $k in
	sf-*) figure "$k: kern KiB per SF beyond the default" \
		"$(awk -v a="$(col "$k" 3)" -v b="$base" 'BEGIN { printf "%.1f", a - b }')" KiB ;;
	esac
done
base=$(col sf 7)
ratio "sfnic SF kernel KiB / veth pair kernel KiB" "$base" "$(col veth 7)"
ratio "sfnic virtio function kernel KiB / veth pair kernel KiB" \
	"$(col virtio 7)" "$(col veth 7)"
figure "sfnic SF, default settings" "$base" "kernel KiB per SF"
figure "sfnic virtio function, default ring size" "$(col virtio 7)" \
	"kernel KiB per function"
figure "sfnic multiqueue virtio function (2 queue pairs)" \
	"$(col virtio-mq 7)" "kernel KiB per function"
