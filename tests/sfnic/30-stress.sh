#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Concurrency: for STRESS_SECS (default 60) seconds, at the same time,
#
#   - two workers add SF ports over a small sfnum range (so that they
#     collide), set their hw_addr, activate, deactivate and delete them;
#   - one flips the eswitch between legacy and switchdev mode;
#   - one creates and removes SFs, virtio-net and vfio functions through
#     their mdevc types (its own only);
#   - one keeps an SF of its own, and brings SF netdevs up, sends frames
#     on them, moves them into a namespace and back, and puts the
#     representors in a bridge;
#   - one opens and closes the vfio functions with the VFIO client (one
#     of them its own), and holds one until the kernel asks for it back;
#   - one removes the NIC and makes it again (del_device, new_device).
#
# A mode flip or a NIC removal takes every SF and function with it: each
# waits until the traffic and VFIO workers have done a round since the
# last one (at most 120 s), or on a slow kernel they would never work.
#
# Errors are expected (a port another worker deleted, legacy mode, a NIC
# that is gone): each worker counts what it did and what failed, by kind.
# Every kind of operation must have succeeded at least once, the kernel
# log must stay clean (the runner scans it), and at the end the NIC is
# removed and the whole stack unloaded with modprobe -r, leaving no device,
# no netdev and no memory behind (measured against a short first round,
# kmemleak scanned by the runner).
# timeout: 900
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/common.sh"
source "$(dirname "$0")/../vfio/vfio-lib.sh"

SECS=${STRESS_SECS:-60}
TYPES=/sys/class/mdevc_bus/sfnic$ID/mdev_supported_types
MDEVC_DEVS=/sys/bus/mdevc/devices
NS=sfstress
BR=sfstbr0

[ -x "$VFIO_CLIENT" ] || fail "no $VFIO_CLIENT: run make first"

tmp=$(mktemp -d)
defer rm -rf "$tmp"
defer_try stack_unload
defer_try "[ ! -e $SYSDEV ] || echo $ID > $SFNIC_BUS/del_device"
defer_try ip netns del $NS
defer_try ip link del $BR
dad=$(sysctl -n net.ipv6.conf.default.accept_dad)
defer sysctl -qw net.ipv6.conf.default.accept_dad="$dad"
sysctl -qw net.ipv6.conf.default.accept_dad=0

# Each worker counts, by kind, the operations it did and those that
# failed; the first success of a kind is marked by a file ok.KIND, and the
# first few errors of each kind are kept with their messages.
declare -A done_ok done_err done_ms
count()
{
	if [ "$2" -eq 0 ]; then
		done_ok[$1]=$((${done_ok[$1]:-0} + 1))
		[ "${done_ok[$1]}" -gt 1 ] || : > "$tmp/ok.$1"
	else
		done_err[$1]=$((${done_err[$1]:-0} + 1))
	fi
}

# op KIND CMD...: run CMD and count it.
op()
{
	local kind=$1 out rc t0

	shift
	t0=${EPOCHREALTIME/./}
	out=$("$@" 2>&1)
	rc=$?
	count "$kind" $rc
	done_ms[$kind]=$((${done_ms[$kind]:-0} + (${EPOCHREALTIME/./} - t0) / 1000))
	if [ $rc -ne 0 ] && [ "${done_err[$kind]}" -le 3 ]; then
		echo "$kind: $* -> $(head -n 2 <<<"$out" | xargs)" \
			>> "$tmp/errors"
	fi
	echo "$out"
	return $rc
}

# report: "KIND OK ERR MS" lines of this worker (MS: time spent, ms),
# each matching COUNTS_LINE.
COUNTS_LINE='^[a-z_-]+ [0-9]+ [0-9]+ [0-9]+$'
report()
{
	local k

	for k in "${!done_ok[@]}" "${!done_err[@]}"; do
		echo "$k ${done_ok[$k]:-0} ${done_err[$k]:-0} ${done_ms[$k]:-0}"
	done | sort -u
}

running()
{
	[ ! -e "$tmp/stop" ]
}

# nap SECS: sleep, but fail as soon as the stress is over.
nap()
{
	local i

	for ((i = 0; i < $1; i++)); do
		running || return 1
		sleep 1
	done
}

# rounds NAME: how many rounds of its own work the worker NAME finished.
rounds()
{
	local r=0

	read -r r 2>/dev/null < "$tmp/rounds.$1"
	echo "$r"
}

# round_done NAME: the worker NAME finished a round.
round_done()
{
	echo $(($(rounds "$1") + 1)) > "$tmp/rounds.$1"
}

# after_rounds SECS NAME...: wait until each worker NAME finished a round
# since this worker's last call, or SECS seconds. The mode flips and the
# NIC's removal take every SF and function away; on a slow kernel (the
# debug one under TCG) making them again takes longer than the time
# between two flips, and the traffic and VFIO workers would never get to
# work.
declare -A seen
after_rounds()
{
	local secs=$1 w i ready

	shift
	for ((i = 0; i < secs; i++)); do
		ready=1
		for w in "$@"; do
			[ "$(rounds "$w")" -gt "${seen[$w]:-0}" ] || ready=0
		done
		[ $ready = 0 ] || break
		running || return 1
		sleep 1
	done
	for w in "$@"; do
		seen[$w]=$(rounds "$w")
	done
}

# sf_port SFNUM: the handle of the SF port with that number, if any.
sf_port()
{
	devlink -j port show 2>/dev/null |
		jq -r --argjson n "$1" '.port | to_entries[] |
			select(.value.sfnum == $n) | .key' | head -n 1
}

sf_worker()
{
	local base=$1 n port out

	while running; do
		n=$((base + RANDOM % 8))
		if op port_add devlink port add "$DEV" flavour pcisf pfnum 0 \
			sfnum $n > "$tmp/add.$base"; then
			out=$(cat "$tmp/add.$base")
			port=${out%%:*}
		else
			port=$(sf_port $n)
		fi
		[ -n "$port" ] || continue
		op hw_addr devlink port function set "$port" \
			hw_addr "$(printf '02:00:00:00:%02x:%02x' "$base" "$n")"
		op activate devlink port function set "$port" state active
		sleep $((RANDOM % 3)).$((RANDOM % 10))
		[ $((RANDOM % 2)) -ne 0 ] ||
			op deactivate devlink port function set "$port" \
				state inactive
		# Keep some SFs: the other workers need active ones.
		[ $((RANDOM % 3)) -ne 0 ] || continue
		op port_del devlink port del "$port"
	done >/dev/null
	report
}

mode_worker()
{
	while running; do
		nap $((15 + RANDOM % 10)) || break
		after_rounds 120 netdev vfio || break
		op legacy devlink dev eswitch set "$DEV" mode legacy
		sleep 0.$((RANDOM % 10))
		op switchdev devlink dev eswitch set "$DEV" mode switchdev
	done >/dev/null
	report
}

# Creates functions through the mdevc types and removes them, its own
# only: the SFs of the other workers keep their devices.
mdev_worker()
{
	local types=(sfnic-sf sfnic-virtio_net sfnic-virtio_net_mq
		     sfnic-virtio_net_vfio) i=0 t u
	local mine=()

	while running; do
		t=${types[i++ % ${#types[@]}]}
		read -r u < /proc/sys/kernel/random/uuid
		op "create_$t" sysfs_write "$TYPES/$t/create" "$u" &&
			mine+=("$u")
		sleep 0.$((RANDOM % 5))
		[ ${#mine[@]} -gt 2 ] || continue
		u=${mine[0]}
		mine=("${mine[@]:1}")
		[ ! -e "$MDEVC_DEVS/$u/remove" ] ||
			op mdev_remove sysfs_write "$MDEVC_DEVS/$u/remove" 1
	done >/dev/null
	report
}

# send ND WAIT [NS]: ND up and, once it has its link and its IPv6
# link-local address (within WAIT seconds), three pings to all nodes out
# of it; succeeds if its tx_packets grew. The representors' bridge floods
# them to the other functions. One shell in the namespace, and ping rather
# than an interpreter: this runs often, on a slow machine.
send()
{
	local ex=()

	[ -z "${3:-}" ] || ex=(ip netns exec "$3")
	"${ex[@]}" bash -c '
		nd=$1
		ip link set "$nd" up || exit 1
		# Builtins only: a fork costs much on a loaded TCG guest.
		ready() {
			local c a i l s f n
			read -r c < "/sys/class/net/$nd/carrier" 2>/dev/null &&
				[ "$c" = 1 ] || return 1
			while read -r a i l s f n; do
				[ "$n" != "$nd" ] || [ "$s" != 20 ] || return 0
			done < /proc/net/if_inet6
			return 1
		}
		for ((i = 0; ; i++)); do
			! ready || break
			[ $i -lt $(($2 * 10)) ] ||
				{ echo "no link or no link-local address"; exit 1; }
			sleep 0.1
		done
		t0=$(cat "/sys/class/net/$nd/statistics/tx_packets")
		ping -6 -q -c 3 -i 0.2 -w 2 -I "$nd" ff02::1 > /dev/null
		[ "$(cat "/sys/class/net/$nd/statistics/tx_packets")" -gt "$t0" ] ||
			{ echo "nothing sent"; exit 1; }' _ "$1" "$2"
}

has_netdev()
{
	[ -n "$(sf_netdev "$1")" ]
}

# cycle ND WAIT: ND sends frames, moves into the namespace, sends from
# there and comes back.
cycle()
{
	op traffic send "$1" "$2"
	op to_netns ip link set "$1" netns $NS || return
	op traffic_netns send "$1" 2 $NS
	op from_netns ip -n $NS link set "$1" netns 1
}

# Keeps an SF of its own (sfnum 30), made again whenever a mode flip or
# the NIC's removal took it: each round its representor goes into the
# bridge and its netdev goes through a cycle first, while everything else
# goes on around it (every step costs a second or more on a loaded TCG
# guest, and a mode flip comes every 15-25 s). Then one other SF's
# representor and one other SF netdev, at random, get the same, with only
# a short wait for the link: the other workers' SFs come and go. Whatever
# a removal left in the namespace comes back.
netdev_worker()
{
	local port out nd rep reps nds

	while running; do
		port=$(sf_port 30)
		if [ -z "$port" ]; then
			out=$(devlink port add "$DEV" flavour pcisf pfnum 0 \
				sfnum 30 2>/dev/null) || { sleep 0.5; continue; }
			port=${out%%:*}
			devlink port function set "$port" \
				hw_addr 02:00:00:00:30:30 state active
			# Its netdev, then its representor, come with the
			# SF's device.
			wait_for 10 has_netdev 30
		fi
		rep=$(port_field "$port" netdev 2>/dev/null)
		[ -z "$rep" ] || op rep_bridge ip link set "$rep" master $BR up
		nd=$(sf_netdev 30)
		[ -z "$nd" ] || { cycle "$nd" 10; round_done netdev; }
		mapfile -t reps < <(devlink -j port show 2>/dev/null |
			jq -r '.port[] | select(.flavour == "pcisf") |
			       .netdev // empty')
		[ ${#reps[@]} -eq 0 ] ||
			op rep_bridge ip link set "${reps[RANDOM % ${#reps[@]}]}" \
				master $BR up
		nds=("$SYSDEV"/sf*/net/*)
		nd=${nds[RANDOM % ${#nds[@]}]}
		[ ! -e "$nd" ] || [ "${nd#"$SYSDEV"/sf30/}" != "$nd" ] ||
			cycle "${nd##*/}" 2
		for nd in $(ip -n $NS -o link show 2>/dev/null |
			    awk -F': ' '$2 != "lo" { print $2 }'); do
			ip -n $NS link set "${nd%@*}" netns 1
		done
		sleep 0.2
	done >/dev/null 2>&1
	report
}

# Opens and closes the vfio functions there are, and holds some until the
# kernel asks for them back; keeps one of its own, made again when a mode
# flip or the NIC's removal took it, so that it has one to open whatever
# the mdev worker removes.
vfio_worker()
{
	local d own="" opened

	while running; do
		if [ -z "$own" ] || [ ! -e "$MDEVC_DEVS/$own" ]; then
			read -r own < /proc/sys/kernel/random/uuid
			sysfs_write "$TYPES/sfnic-virtio_net_vfio/create" \
				"$own" || own=""
		fi
		opened=0
		for d in "$TYPES"/sfnic-virtio_net_vfio/devices/*; do
			d=$MDEVC_DEVS/${d##*/}
			[ -e "$d/iommu_group" ] || continue
			if [ $((RANDOM % 2)) -eq 0 ]; then
				op vfio_open timeout 5 "$VFIO_CLIENT" "$d" \
					info && opened=1
			else
				# Held until the kernel asks or it is killed.
				op vfio_hold timeout -s KILL 3 "$VFIO_CLIENT" \
					"$d" hold 0
			fi
		done
		[ $opened = 0 ] || round_done vfio
		sleep 0.2
	done >/dev/null
	report
}

nic_worker()
{
	while running; do
		nap $((30 + RANDOM % 10)) || break
		after_rounds 120 netdev vfio || break
		op del_device timeout 60 \
			sh -c "echo $ID > $SFNIC_BUS/del_device"
		op new_device sysfs_write "$SFNIC_BUS/new_device" "$ID"
		udevadm settle 2>/dev/null
		op switchdev devlink dev eswitch set "$DEV" mode switchdev
	done >/dev/null
	report
}

# What every stress must have done at least once.
KINDS="port_add hw_addr activate deactivate port_del legacy switchdev
	create_sfnic-sf create_sfnic-virtio_net create_sfnic-virtio_net_mq
	create_sfnic-virtio_net_vfio
	mdev_remove traffic to_netns from_netns rep_bridge vfio_open
	del_device new_device"

all_kinds_done()
{
	local k

	for k in $KINDS; do
		[ -e "$tmp/ok.$k" ] || return 1
	done
}

# stress SECS [ALL]: run every worker on a fresh stack for SECS seconds
# and, with ALL, until each kind of operation succeeded at least once (at
# most 240 s more: a slow machine); sums their counts into $tmp/counts.
stress()
{
	local t0=$SECONDS t1

	rm -f "$tmp"/ok.* "$tmp"/rounds.* "$tmp/stop"
	: > "$tmp/errors"
	load_mod vfio_iommu_type1
	load_mod sfnic
	echo "$ID" > "$SFNIC_BUS/new_device" || fail "new_device $ID"
	udevadm settle 2>/dev/null
	switchdev
	ip netns add $NS || fail "netns $NS"
	# Link-local addresses usable at once: traffic as soon as a link is up.
	ip netns exec $NS sysctl -qw net.ipv6.conf.all.accept_dad=0 \
		net.ipv6.conf.default.accept_dad=0
	ip link add $BR type bridge || fail "bridge $BR"
	ip link set $BR up

	t1=$(date +%s)
	sf_worker 10 > "$tmp/w.sf1" 2>&1 &
	sf_worker 20 > "$tmp/w.sf2" 2>&1 &
	mode_worker > "$tmp/w.mode" 2>&1 &
	mdev_worker > "$tmp/w.mdev" 2>&1 &
	netdev_worker > "$tmp/w.netdev" 2>&1 &
	vfio_worker > "$tmp/w.vfio" 2>&1 &
	nic_worker > "$tmp/w.nic" 2>&1 &
	while [ $((SECONDS - t0)) -lt "$1" ] ||
	      { [ -n "${2:-}" ] && ! all_kinds_done &&
		[ $((SECONDS - t0)) -lt $(($1 + 240)) ]; }; do
		sleep 1
	done
	: > "$tmp/stop"
	wait
	log "stress ran $((SECONDS - t0)) s; first success of each kind at (s):" \
	    "$(for f in "$tmp"/ok.*; do
		   [ -e "$f" ] || continue
		   echo "${f##*/ok.}=$(($(stat -c %Y "$f") - t1))"
	       done | sort -t= -k2 -n | xargs)"
	# Anything else a worker printed is a mistake of this script.
	cat "$tmp"/w.* | grep -v -E "$COUNTS_LINE" |
		sort | uniq -c | sed 's/^/    worker said: /'
	cat "$tmp"/w.* | grep -E "$COUNTS_LINE" |
		awk '{ ok[$1] += $2; err[$1] += $3; ms[$1] += $4 }
		     END { for (k in ok) print k, ok[k], err[k], ms[k] }' |
		sort > "$tmp/counts"
}

# teardown: with whatever the workers left (active SFs, functions, SF
# netdevs in the namespace, representors in the bridge, a vfio user),
# remove the NIC and unload the stack; nothing may be left.
teardown()
{
	local u nd

	[ ! -e "$SYSDEV" ] || check_ok "remove the NIC with what is left on it" \
		timeout 120 sh -c "echo $ID > $SFNIC_BUS/del_device"
	check_ok "no device left on the mdevc bus" \
		wait_for 30 sh -c "[ -z \"\$(ls $MDEVC_DEVS)\" ]"
	if ! wait_for 30 sh -c "[ \$(ip -n $NS -o link show | wc -l) = 1 ]"; then
		for nd in $(ip -n $NS -o link show | awk -F': ' '{ print $2 }'); do
			ip -n $NS -d link show "${nd%@*}"
			ip netns exec $NS ethtool -i "${nd%@*}"
		done 2>&1 | sed 's/^/    | /'
		fail "no SF netdev left in the namespace"
	fi
	pass "no SF netdev left in the namespace"
	check_ok "no port left in the bridge" \
		sh -c "[ -z \"\$(ip -o link show master $BR)\" ]"
	ip netns del $NS
	ip link del $BR
	check_ok "the whole stack unloads (modprobe -r)" stack_unload
	for u in sfnic mdevc mdevc_vfio mdevc_virtio; do
		check_ok "$u is gone" sh -c "! test -d /sys/module/$u"
	done
}

# A short round first: one-off allocations (module sections, caches
# growing, the namespace machinery) land in the baseline.
stress 5
teardown
before=$(mem_snapshot "$tmp/slab.before")
log "before: kmalloc B, SUnreclaim kB, MemAvailable kB: $before"

stress "$SECS" all
log "operation, done, failed, total ms:"
sed 's/^/    | /' "$tmp/counts"
log "first errors of each kind:"
sed 's/^/    | /' "$tmp/errors"
for k in $KINDS; do
	check_ok "$k succeeded at least once" \
		awk -v k="$k" '$1 == k && $2 > 0 { f = 1 } END { exit !f }' \
		"$tmp/counts"
done
teardown

after=$(mem_snapshot "$tmp/slab.after")
log "after: kmalloc B, SUnreclaim kB, MemAvailable kB: $after"
# Hundreds of SFs with netdevs and representors came and went; SLUB's
# per-CPU slabs make up to a few 100 kB of noise.
mem_compare "$tmp/slab" "$before" "$after" 1024
