#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Where an SF's activation time and memory go, at N SFs (SCALE_PROFILE_N,
# default 100): three rounds of N SFs added and activated (one devlink
# -batch each) until every port reads attached, then udev idle:
#   1. as installed, with every kernel uevent counted by subsystem;
#   2. without the udev rule that gives each SF a soft-RoCE device;
#   3. with udevd stopped altogether (the kernel's share alone).
# Each round also reports the slab caches and the kernel memory (meminfo)
# grown per SF, with udev idle and its workers gone (the SFs' netdevs stay
# down). The reports go to $SFNIC_RESULTS/profile/. Not a figure with a
# peer: a diagnosis. (perf is of no help here: in a TCG guest its
# cpu-clock samples come a few a second.)
# timeout: 3600
# own VM: not run by 'make bench' unless named
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/../sfnic/common.sh"

N=${SCALE_PROFILE_N:-100}
OUT=${SFNIC_RESULTS:-/tmp}/profile
SF_BASE=1000
RULE=/run/udev/rules.d/90-sfnic-rdma.rules
mkdir -p "$OUT"

us()
{
	echo "${EPOCHREALTIME/./}"
}

attached()
{
	[ "$(devlink -j port show | jq --arg d "$DEV/" '[.port | to_entries[] |
		select((.key | startswith($d)) and .value.flavour == "pcisf" and
		       .value.function.opstate == "attached")] | length')" = "$1" ]
}

gone()
{
	[ -z "$(ls /sys/bus/mdevc/devices)" ]
}

# snap FILE: once udev is idle and its workers gone, caches dropped:
# /proc/slabinfo as "name objects KiB" and the meminfo lines that count
# kernel memory, into FILE.
snap()
{
	if pgrep -x systemd-udevd >/dev/null; then
		udevadm settle -t 600
		# shellcheck disable=SC2016
		wait_for 60 sh -c '[ "$(pgrep -c -x systemd-udevd)" -le 1 ]'
	fi
	sync
	echo 3 > /proc/sys/vm/drop_caches
	sleep 1
	{
		awk 'NR > 2 { printf "%s %d %d\n", $1, $3, $3 * $4 / 1024 }' \
			/proc/slabinfo
		awk '/^(MemAvailable|Slab|Percpu|VmallocUsed|KernelStack|PageTables):/ {
			printf "meminfo:%s 0 %d\n", $1, $2 }' /proc/meminfo
	} > "$1"
}

# memdiff NAME: what grew per SF between snap.NAME.before and .after.
memdiff()
{
	awk -v n="$N" 'NR == FNR { o[$1] = $2; k[$1] = $3; next }
		{ d = $3 - k[$1]
		  # MemAvailable: what was taken.
		  if ($1 == "meminfo:MemAvailable:") d = -d
		  if (d > 0 || $1 ~ /^meminfo:/)
			printf "%-28s %9.1f objs %9.1f KiB per SF\n", $1,
				($2 - o[$1]) / n, d / n }' \
		"$OUT/snap.$1.before" "$OUT/snap.$1.after" | sort -k4 -g -r \
		> "$OUT/mem-$1.txt"
	log "memory per SF ($1):"
	grep meminfo: "$OUT/mem-$1.txt"
	grep -v meminfo: "$OUT/mem-$1.txt" | head -n 12
}

# round TAG NAME: N SFs added, activated, timed, deleted.
round()
{
	local tag=$1 name=$2 t0 t1 t2 t3

	snap "$OUT/snap.$tag.before"
	t0=$(us)
	sf_ports_add "$N" "$SF_BASE" || fail "$name: port add made ${#SF_PORTS[@]} ports"
	t1=$(us)
	sf_ports_activate "${SF_PORTS[@]}" || fail "$name: activate"
	wait_for $((120 + 3 * N)) attached "$N" || fail "$name: not attached"
	t2=$(us)
	if pgrep -x systemd-udevd >/dev/null; then
		udevadm settle -t 600 || fail "$name: udev busy"
	fi
	t3=$(us)
	snap "$OUT/snap.$tag.after"
	awk -v n="$N" -v a=$((t1 - t0)) -v b=$((t2 - t1)) -v c=$((t3 - t1)) \
		-v name="$name" 'BEGIN { printf "  %-34s add %7.1f  activate until attached %7.1f  until udev idle %7.1f ms per SF\n",
			name, a / 1000 / n, b / 1000 / n, c / 1000 / n }' |
		tee -a "$OUT/summary.txt"
	sf_ports_del "${SF_PORTS[@]}" || fail "$name: deactivate + del"
	wait_for 600 gone || fail "$name: SFs left"
	if pgrep -x systemd-udevd >/dev/null; then
		udevadm settle -t 600
	fi
	[ "$N" -lt 10 ] || memdiff "$tag"
}

sfnic_setup
switchdev
echo "N=$N, vCPUs $(nproc)" > "$OUT/summary.txt"
N=4 round warm-up warm-up

# 1. As installed, uevents counted.
udevadm monitor --kernel > "$OUT/uevents.txt" &
mon=$!
defer_try kill $mon
round installed "as installed"
kill $mon
grep -o '^KERNEL\[[^]]*\] [a-z]* *[^ ]* ([a-z_0-9]*)' "$OUT/uevents.txt" |
	awk '{ print $2, $NF }' | sort | uniq -c | sort -rn |
	awk -v n="$N" '{ printf "  %8.2f per SF  %s %s\n", $1 / n, $2, $3 }' \
		> "$OUT/uevents-per-sf.txt"
log "uevents per SF (add + del):"
head -n 20 "$OUT/uevents-per-sf.txt"

# 2. Without the soft-RoCE device.
mv "$RULE" /run/rule.off || fail "hide the rule"
defer "mv /run/rule.off $RULE; udevadm control --reload"
udevadm control --reload
round norxe "no soft-RoCE (rule hidden)"

# 3. udevd stopped.
udevadm control --exit
wait_for 60 sh -c '! pgrep -x systemd-udevd' || fail "udevd still there"
round noudev "no udevd at all"
/lib/systemd/systemd-udevd --daemon --resolve-names=never 2>/dev/null
udevadm settle
