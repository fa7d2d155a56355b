#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# An SF's RoCE device (rdma_rxe over its netdev, made by the udev rule)
# while applications hold it, and the moves and faults around it:
#
# - an rdma_cm application (rping), idle or with a connected QP, holding
#   the device across state inactive, reload with enable_rdma false, port
#   del, del_device and modprobe -r: it gets RDMA_CM_EVENT_DEVICE_REMOVAL
#   ("cma detected device removal") and exits, the SF reaches the state
#   asked for; its peer on the other SF is told nothing and ends when
#   killed;
# - a raw-verbs application that ignores events (ibv_rc_pingpong's
#   server waiting for its TCP peer): rxe has no disassociate_ucontext,
#   so the device's unregistration, hence the netdev's, waits until the
#   application closes it. Only that SF's teardown waits (in the SF's
#   work, in the reload that asked, or in del_device): the NIC's other
#   commands, another SF's activation and another NIC answer meanwhile
#   (devlink's dumps too, except during a reload: they lock the reloading
#   instance); killing the application lets the teardown finish;
# - the netdev moved to another namespace (ip link set netns, devlink
#   reload netns) and back: the device goes with it and comes back;
# - module unload with live RDMA devices;
# - rdma_rxe unavailable, or the netdev gone before udev ran the rule: the
#   SF works, and one line in the kernel log says why it has no device.
# timeout: 900
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/common.sh"
source "$(dirname "$0")/rdma.sh"

NIC=sfnic$ID
ID2=$((ID + 1))
A1=198.51.100.1
A2=198.51.100.2
R1=${NIC}sf1
R2=${NIC}sf2
R3=${NIC}sf3
NS=sfrdns0
NORXE=/run/modprobe.d/sfnic-test-norxe.conf

rdma_gone()
{
	! rdma dev show "$1" >/dev/null 2>&1
}

# rdma_netdev RDMADEV: the netdev its port 1 is bound to ("" if none).
rdma_netdev()
{
	rdma -j link show "$1/1" 2>/dev/null | jq -r '.[0].netdev // empty'
}

# exited PID: the process ended (a zombie not yet reaped counts).
exited()
{
	[ ! -e "/proc/$1" ] ||
		grep -qs '^State:[[:space:]]*Z' "/proc/$1/status"
}

# reap PID: wait for an ended background process; its status in RC.
reap()
{
	RC=0
	wait "$1" || RC=$?
}

# sf_add_on NICID SFNUM: devlink port add on another NIC; prints the port.
sf_add_on()
{
	local out

	out=$(devlink port add "sfnic/sfnic$1" flavour pcisf pfnum 0 \
		sfnum "$2") || return 1
	echo "${out%%:*}"
}

# uverbs_waits: ib_core's unregistration of an RDMA device waits, in
# ib_uverbs_remove_one, for an application to close it.
uverbs_waits()
{
	grep -qs ib_uverbs_remove_one /proc/[0-9]*/stack
}

# blocked: log the tasks in uninterruptible sleep and where they wait.
blocked()
{
	local p

	for p in /proc/[0-9]*; do
		grep -qs '^State:[[:space:]]*D' "$p/status" || continue
		log "blocked: ${p#/proc/} $(cat "$p/comm" 2>/dev/null):" \
			"$(awk '{ print $2 }' "$p/stack" 2>/dev/null | head -n 8 | xargs)"
	done
}

# nic_answers: the NIC's instance, its ports and the netdevs answer, each
# within 10 s (commands naming an instance: no dump of every instance).
nic_answers()
{
	timeout 10 devlink dev show "$DEV" &&
		timeout 10 devlink port show "$p3" &&
		timeout 10 devlink dev eswitch show "$DEV" &&
		timeout 10 ip link show >/dev/null
}

# dumps_answer: devlink's dumps (every instance) answer within 10 s.
dumps_answer()
{
	timeout 10 devlink dev show && timeout 10 devlink port show
}

cm_listening()
{
	rdma res show cm_id | grep -q "state LISTEN .*src-addr $1:"
}

rc_qp_rts()
{
	rdma res show qp link "$1/1" | grep -q 'type RC state RTS'
}

# app_left RDMADEV: the device is gone from rdma's resource tracking.
app_left()
{
	! rdma res show | grep -q "^[0-9]*: $1:"
}

# sf_addr SFNUM ADDR PEER TABLE: the SF's netdev up with ADDR, reaching
# PEER through itself (rdma.sh's policy routing, for a new netdev).
sf_addr()
{
	local n

	n=$(sf_netdev "$1")
	[ -n "$n" ] || return 1
	sysctl -qw "net.ipv4.conf.$n.rp_filter=0" \
		"net.ipv4.conf.$n.accept_local=1" \
		"net.ipv4.conf.$n.arp_ignore=1" \
		"net.ipv4.conf.$n.arp_announce=2" || return 1
	ip addr add "$2/24" dev "$n" || return 1
	ip link set "$n" up
	ip route replace "$3" dev "$n" src "$2" table "$4"
}

# rping_server ADDR: an idle rping server on ADDR (sets SRV), listening.
rping_server()
{
	timeout 300 rping -s -a "$1" -C 1000000 -S 4096 > "$out.srv" 2>&1 &
	SRV=$!
	defer_try kill "$SRV"
	wait_for 30 cm_listening "$1"
}

# rping_pair: an rping server on SF 1 and its client on SF 2 exchanging
# (sets SRV, CLI): both RC QPs connected, frames crossing SF 1's
# representor.
rping_pair()
{
	local rx

	rping_server $A1 || return 1
	timeout 300 rping -c -I $A2 -a $A1 -C 1000000 -S 4096 > "$out.cli" 2>&1 &
	CLI=$!
	defer_try kill "$CLI"
	wait_for 30 rc_qp_rts "$R1" && wait_for 30 rc_qp_rts "$R2" || return 1
	rx=$(rx_of "$r1")
	wait_for 20 rx_above "$r1" $((rx + 20))
}

rx_of()
{
	cat "/sys/class/net/$1/statistics/rx_packets"
}

# rx_above NETDEV N: NETDEV received more than N packets.
rx_above()
{
	[ "$(rx_of "$1")" -gt "$2" ]
}

# pair_failed: why rping_pair failed, then fail.
pair_failed()
{
	rdma res show qp | sed 's/^/    | qp: /'
	sed 's/^/    | server: /' "$out.srv"
	sed 's/^/    | client: /' "$out.cli"
	fail "rping pair connected and exchanging"
}

# peer_left PID NAME: the rping whose peer's device went. RC has no
# keepalive: waiting for a message from the peer (no request of its own
# outstanding, none to retry until it fails), it waits until killed, on
# a device that works. It ends on SIGTERM, not stuck in the kernel.
peer_left()
{
	local f=$out.srv

	[ "$2" = server ] || f=$out.cli
	if wait_for 10 exited "$1"; then
		log "the $2 ended by itself: $(tr '\n' '|' < "$f")"
	else
		log "the $2 still waits for its peer: $(tr '\n' '|' < "$f")"
		kill "$1"
	fi
	check_ok "the $2, its peer gone, ends" wait_for 30 exited "$1"
	reap "$1"
}

# cm_first: rdma_cm's ib_core client goes before ib_uverbs' when a
# device is removed. ib_core removes its clients last registered first,
# and ib_uverbs' removal waits until the device's files are closed: only
# when rdma_cm registered after ib_uverbs (loaded after it: rdma_rxe
# pulls ib_uverbs in, an application's first rdma_cm use loads rdma_cm)
# do its applications get RDMA_CM_EVENT_DEVICE_REMOVAL before that
# wait. Built in (the debug kernel), rdma_cm comes first, in link order.
# /proc/modules lists the last loaded first; a module missing from it is
# built in.
cm_first()
{
	local cm uv

	cm=$(awk '$1 == "rdma_cm" { print NR }' /proc/modules)
	uv=$(awk '$1 == "ib_uverbs" { print NR }' /proc/modules)
	[ -n "$cm" ] && { [ -z "$uv" ] || [ "$cm" -lt "$uv" ]; }
}

# cm_removal PID OUT NAME: the rdma_cm application PID (its output in
# OUT) holds a device being removed. If rdma_cm goes first, it gets the
# removal event and exits with an error; otherwise ib_uverbs waits for
# it before rdma_cm can tell it: it keeps the device until killed, as a
# raw-verbs application does, unless its connected QP fails first.
cm_removal()
{
	if [ "$CM_FIRST" = 1 ]; then
		check_ok "$3 exits" wait_for 60 exited "$1"
		check_ok "it got the removal event" \
			grep -q "cma detected device removal" "$2"
		reap "$1"
		check_eq "with an error" 255 "$RC"
		return
	fi
	# An application with a connected QP may learn it all the same:
	# its QP fails as the netdev goes down, and it exits.
	if wait_for 20 exited "$1"; then
		reap "$1"
		log "$3 ended by itself ($RC): $(tr '\n' '|' < "$2")"
		check_fail "$3 saw an error" test "$RC" = 0
		return
	fi
	# Where the teardown waits, for the log: in ib_uverbs_remove_one
	# once ib_core's unregistration got there.
	if wait_for 10 uverbs_waits; then
		log "the device's unregistration waits in ib_uverbs_remove_one"
	else
		log "no task waits in ib_uverbs_remove_one yet"
	fi
	blocked
	check_fail "$3, told nothing, runs on" exited "$1"
	check_ok "kill $3" kill "$1"
	check_ok "$3 ends" wait_for 30 exited "$1"
	reap "$1"
}

# kmsg_since MARK: the kernel log after the line MARK.
kmsg_since()
{
	dmesg | sed -n "/$1/,\$p"
}

sfnic_setup
switchdev
defer_try rdma link delete "$R1"
defer_try rdma link delete "$R2"
defer_try rdma link delete "$R3"
out=$(mktemp)
defer rm -f "$out" "$out.srv" "$out.cli" "$out.uev" "$out.dump"

p1=$(sf_add 1)
p2=$(sf_add 2)
p3=$(sf_add 3)
devlink port function set "$p1" hw_addr 02:00:00:00:40:01
devlink port function set "$p2" hw_addr 02:00:00:00:40:02
check_ok "SF 1 active" sf_activate "$p1"
check_ok "SF 2 active" sf_activate "$p2"
check_ok "$R1 appears" wait_for 30 rdma dev show "$R1"
check_ok "$R2 appears" wait_for 30 rdma dev show "$R2"
r1=$(port_field "$p1" netdev)
r2=$(port_field "$p2" netdev)
dl1=$(sf_dl 1)
rdma_bridge sfrdbr0 "$r1" "$r2" || fail "bridge over the representors"
rdma_local_rule_last || fail "local rule"
rdma_route_pair $A1 "$(sf_netdev 1)" $A2 "$(sf_netdev 2)" 4001 ||
	fail "routes over the SFs"

log "--- the netdev moved to another namespace and back"
n1=$(sf_netdev 1)
ip netns add $NS || fail "netns $NS"
defer ip netns del $NS
timeout 120 udevadm monitor -k -s net > "$out.uev" 2>&1 &
mon=$!
defer_try kill $mon
wait_for 10 grep -q "^KERNEL - the kernel uevent" "$out.uev" ||
	fail "udevadm monitor does not run"
check_ok "ip link set $n1 netns $NS" ip link set "$n1" netns $NS
check_ok "$R1 goes with it (rxe unregisters it)" wait_for 20 rdma_gone "$R1"
check_fail "no RoCE link over $n1" \
	sh -c "rdma link show | grep -qw 'netdev $n1'"
check_ok "$n1 moves back" ip -n $NS link set "$n1" netns 1
check_ok "$R1 is made again over it" wait_for 30 rdma dev show "$R1"
check_eq "over $n1" "$n1" "$(rdma_netdev "$R1")"
kill $mon
wait $mon 2>/dev/null
log "the initial namespace's uevents of $n1:" \
	"$(awk -v n="/net/$n1 " 'index($0, n) { print $2 }' "$out.uev" | xargs)"
check_ok "udev saw it leave (remove)" \
	grep -q "remove.*/net/$n1 (net)" "$out.uev"
check_ok "and come back (add: the rule's event)" \
	grep -q "add.*/net/$n1 (net)" "$out.uev"
check_ok "devlink dev reload $dl1 netns $NS" devlink dev reload "$dl1" netns $NS
check_ok "$R1 goes with the old netdev" wait_for 20 rdma_gone "$R1"
check_ok "the SF's new netdev is in $NS" \
	sh -c "ip -n $NS -o link show | grep -q $n1"
check_ok "reload back into the initial namespace" \
	ip netns exec $NS devlink dev reload "$dl1" netns 1
check_ok "$R1 is made again over the new netdev" wait_for 30 rdma dev show "$R1"
check_eq "over SF 1's netdev" "$(sf_netdev 1)" "$(rdma_netdev "$R1")"
check_eq "one RoCE device for SF 1" 1 \
	"$(rdma -j dev show | jq "[.[] | select(.ifname == \"$R1\")] | length")"
check_ok "SF 1 gets its address back" sf_addr 1 $A1 $A2 4001

# rxe cannot take a device away from an application that does not
# close it (raw verbs, or rdma_cm registered before ib_uverbs): the
# netdev's unregistration then waits for it (netdev_wait_allrefs), and
# the kernel says so after net.core.netdev_unregister_timeout_secs (10 s:
# "unregister_netdevice: waiting for"), and the waiting task is a hung
# task after kernel.hung_task_timeout_secs (90 s in the VM). Here the test
# holds the netdev on purpose while it checks the rest of the NIC: a few
# seconds, but minutes on the debug kernel of a busy machine. Allow 480 s
# for both until the holds are over; a hold that does not end still fails
# the test's own waits.
uto=$(sysctl -n net.core.netdev_unregister_timeout_secs)
hto=$(sysctl -n kernel.hung_task_timeout_secs)
defer sysctl -qw "net.core.netdev_unregister_timeout_secs=$uto"
defer sysctl -qw "kernel.hung_task_timeout_secs=$hto"
sysctl -qw net.core.netdev_unregister_timeout_secs=480
sysctl -qw kernel.hung_task_timeout_secs=480

log "--- an idle rping server holding $R1: state inactive"
rping_server $A1 || fail "rping server listening on $R1"
pass "rping server listening on $R1"
CM_FIRST=0
if cm_first; then
	CM_FIRST=1
	log "rdma_cm registered after ib_uverbs: its applications get the removal event"
else
	log "rdma_cm registered before ib_uverbs (built in, or loaded first): its applications are not told"
fi
check_ok "state inactive" timeout 30 devlink port function set "$p1" state inactive
cm_removal "$SRV" "$out.srv" "the rping server"
check_ok "SF 1 reaches inactive, detached" wait_for 30 fn_is "$p1" inactive detached
check_ok "$R1 is gone" rdma_gone "$R1"
check_ok "nothing of it is tracked" app_left "$R1"

log "--- an rping pair SF 1 <-> SF 2: reload of SF 1 with enable_rdma false"
check_ok "SF 1 active again" sf_activate "$p1"
check_ok "$R1 back" wait_for 30 rdma dev show "$R1"
check_ok "SF 1 gets its address back" sf_addr 1 $A1 $A2 4001
rping_pair || pair_failed
pass "rping pair connected and exchanging"
dl1=$(sf_dl 1)	# a new instance at each activation
check_ok "enable_rdma false" param_set "$dl1" enable_rdma false
timeout 120 devlink dev reload "$dl1" > "$out" 2>&1 &
rl=$!
defer_try kill $rl
cm_removal "$SRV" "$out.srv" "the rping server"
check_ok "the reload ends" wait_for 60 exited $rl
reap $rl
check_eq "successfully" 0 "$RC"
peer_left "$CLI" client
check_ok "$R1 is gone" rdma_gone "$R1"
check_ok "SF 1 has its new netdev" test -n "$(sf_netdev 1)"
check_ok "enable_rdma true" param_set "$dl1" enable_rdma true
check_ok "reload SF 1" timeout 60 devlink dev reload "$dl1"
check_ok "$R1 back" wait_for 30 rdma dev show "$R1"
check_ok "SF 1 gets its address back" sf_addr 1 $A1 $A2 4001

log "--- an rping pair SF 1 <-> SF 2: port del of SF 2"
rping_pair || pair_failed
pass "rping pair connected and exchanging"
check_ok "port del SF 2" timeout 30 devlink port del "$p2"
cm_removal "$CLI" "$out.cli" "the rping client"
peer_left "$SRV" server
check_ok "$R2 is gone" wait_for 30 rdma_gone "$R2"
check_ok "SF 2's port is gone" wait_for 30 sh -c "! devlink port show $p2"
check_ok "nothing of $R1's or $R2's QPs is tracked" \
	sh -c "! rdma res show qp | grep -q 'type RC'"

log "--- ibv_rc_pingpong's server holding $R1: state inactive"
timeout 300 ibv_rc_pingpong -d "$R1" -g 0 -p 18600 > "$out.srv" 2>&1 &
pp=$!
defer_try kill $pp
check_ok "ibv_rc_pingpong server waiting on $R1" wait_for 20 listening 18600
check_ok "state inactive" timeout 30 devlink port function set "$p1" state inactive
check_ok "$R1's unregistration waits for the application" wait_for 20 uverbs_waits
blocked
check_ok "the NIC answers meanwhile" nic_answers
check_ok "devlink's dumps answer" dumps_answer
check_ok "another SF activates meanwhile" sf_activate "$p3"
check_ok "and gets its RoCE device" wait_for 30 rdma dev show "$R3"
check_ok "SF 1 is still attached: its teardown waits" \
	fn_is "$p1" inactive attached
check_ok "kill the application" kill $pp
check_ok "SF 1 reaches inactive, detached" wait_for 30 fn_is "$p1" inactive detached
check_ok "$R1 is gone" rdma_gone "$R1"
check_ok "nothing of it is tracked" app_left "$R1"

log "--- ibv_rc_pingpong's server holding $R1: reload with enable_rdma false"
check_ok "SF 1 active again" sf_activate "$p1"
check_ok "$R1 back" wait_for 30 rdma dev show "$R1"
timeout 300 ibv_rc_pingpong -d "$R1" -g 0 -p 18601 > "$out.srv" 2>&1 &
pp=$!
defer_try kill $pp
check_ok "ibv_rc_pingpong server waiting on $R1" wait_for 20 listening 18601
dl1=$(sf_dl 1)	# a new instance at each activation
check_ok "enable_rdma false" param_set "$dl1" enable_rdma false
timeout 120 devlink dev reload "$dl1" > "$out" 2>&1 &
rl=$!
defer_try kill $rl
check_ok "$R1's unregistration waits for the application" wait_for 20 uverbs_waits
blocked
check_fail "the reload waits for it" exited $rl
check_ok "the NIC answers meanwhile" nic_answers
check_ok "another SF deactivates meanwhile" \
	timeout 10 devlink port function set "$p3" state inactive
check_ok "and reaches inactive, detached" wait_for 30 fn_is "$p3" inactive detached
# devlink's dumps lock every instance in turn, the reloading one too.
timeout 120 devlink dev show > "$out.dump" 2>&1 &
dmp=$!
check_ok "kill the application" kill $pp
check_ok "the reload ends" wait_for 30 exited $rl
reap $rl
check_eq "successfully" 0 "$RC"
check_ok "the dump of every instance answers once it ended" wait_for 30 exited $dmp
reap $dmp
check_eq "successfully" 0 "$RC"
check_ok "SF 1's instance in it" grep -q "$dl1" "$out.dump"
check_ok "$R1 is gone" rdma_gone "$R1"
check_ok "SF 1 has its new netdev" test -n "$(sf_netdev 1)"
check_ok "enable_rdma true" param_set "$dl1" enable_rdma true
check_ok "reload SF 1" timeout 60 devlink dev reload "$dl1"
check_ok "$R1 back" wait_for 30 rdma dev show "$R1"
check_ok "SF 1 gets its address back" sf_addr 1 $A1 $A2 4001

log "--- del_device: rping on $R1, ibv_rc_pingpong's server on $R3"
check_ok "SF 3 active again" sf_activate "$p3"
check_ok "$R3 back" wait_for 30 rdma dev show "$R3"
rping_server $A1 || fail "rping server listening on $R1"
pass "rping server listening on $R1"
timeout 300 ibv_rc_pingpong -d "$R3" -g 0 -p 18700 > "$out.cli" 2>&1 &
bw=$!
defer_try kill $bw
check_ok "ibv_rc_pingpong server waiting on $R3" wait_for 20 listening 18700
check_ok "another NIC, sfnic$ID2" sysfs_write "$SFNIC_BUS/new_device" "$ID2"
defer "[ ! -e $SFNIC_BUS/devices/sfnic$ID2 ] || echo $ID2 > $SFNIC_BUS/del_device"
check_ok "in switchdev mode" devlink dev eswitch set "sfnic/sfnic$ID2" mode switchdev
mark="sfnic-test: 47-rdma-live del_device $RANDOM"
echo "$mark" > /dev/kmsg
t0=$SECONDS
sysfs_write "$SFNIC_BUS/del_device" "$ID" > "$out" 2>&1 &
dd=$!
cm_removal "$SRV" "$out.srv" "the rping server"
check_ok "$R3's unregistration waits for ibv_rc_pingpong" wait_for 20 uverbs_waits
blocked
check_fail "del_device waits for it" exited $dd
q=$(sf_add_on "$ID2" 5)
check_ok "sfnic$ID2 adds an SF meanwhile" test -n "$q"
check_ok "and activates it" sf_activate "$q"
# The NIC gives the model 30 s to release its deleted SFs' functions:
# the time an SF's device waits for its user must not count. Hold it
# past that.
sleep $((t0 + 32 - SECONDS > 0 ? t0 + 32 - SECONDS : 0))
check_fail "del_device still waits" exited $dd
check_ok "kill ibv_rc_pingpong" kill $bw
check_ok "del_device ends" wait_for 30 exited $dd
reap $dd
check_eq "successfully" 0 "$RC"
check_eq "the wait was not taken for the device's: no \"not released\"" 0 \
	"$(kmsg_since "$mark" | grep -c 'not released by the device')"
check_ok "$NIC is gone" test ! -e "$SYSDEV"
for r in "$R1" "$R2" "$R3"; do
	check_ok "$r is gone" rdma_gone "$r"
done
check_ok "sfnic$ID2's SF has its RoCE device" wait_for 30 rdma dev show "sfnic${ID2}sf5"
check_ok "del_device sfnic$ID2" sysfs_write "$SFNIC_BUS/del_device" "$ID2"

log "--- module unload with RDMA devices live, no application"
check_ok "new_device $ID" sysfs_write "$SFNIC_BUS/new_device" "$ID"
switchdev
p1=$(sf_add 1)
p2=$(sf_add 2)
check_ok "SF 1 active" sf_activate "$p1"
check_ok "SF 2 active" sf_activate "$p2"
check_ok "$R1 appears" wait_for 30 rdma dev show "$R1"
check_ok "$R2 appears" wait_for 30 rdma dev show "$R2"
check_ok "modprobe -r sfnic" timeout 120 modprobe -r sfnic
for r in "$R1" "$R2"; do
	check_ok "$r is gone" rdma_gone "$r"
done
check_eq "no RoCE device is left over an SF" "" \
	"$(rdma -j link show | jq -r '.[].netdev // empty' | grep "^$NIC")"

log "--- module unload while rping holds $R1"
load_mod sfnic
check_ok "new_device $ID" sysfs_write "$SFNIC_BUS/new_device" "$ID"
switchdev
p1=$(sf_add 1)
devlink port function set "$p1" hw_addr 02:00:00:00:40:01
check_ok "SF 1 active" sf_activate "$p1"
check_ok "$R1 appears" wait_for 30 rdma dev show "$R1"
check_ok "SF 1 gets its address back" sf_addr 1 $A1 $A2 4001
rping_server $A1 || fail "rping server listening on $R1"
pass "rping server listening on $R1"
timeout 120 modprobe -r sfnic > "$out" 2>&1 &
mp=$!
cm_removal "$SRV" "$out.srv" "the rping server"
check_ok "modprobe -r ends" wait_for 60 exited $mp
reap $mp
check_eq "successfully" 0 "$RC"
check_ok "$R1 is gone" rdma_gone "$R1"
sysctl -qw "net.core.netdev_unregister_timeout_secs=$uto"
sysctl -qw "kernel.hung_task_timeout_secs=$hto"

log "--- the netdev gone before udev ran the rule"
load_mod sfnic
check_ok "new_device $ID" sysfs_write "$SFNIC_BUS/new_device" "$ID"
switchdev
p1=$(sf_add 1)
p2=$(sf_add 2)
mark="sfnic-test: 47-rdma-live $RANDOM"
echo "$mark" > /dev/kmsg
udevadm settle
udevadm control --stop-exec-queue || fail "cannot stop udev's queue"
defer_try udevadm control --start-exec-queue
check_ok "SF 2 active, udev paused" sf_activate "$p2"
n2=$(sf_netdev 2)
check_ok "SF 2 inactive before udev ran" \
	devlink port function set "$p2" state inactive
check_ok "SF 2 detached" wait_for 30 fn_is "$p2" inactive detached
udevadm control --start-exec-queue
udevadm settle
check_ok "no RoCE device for it" rdma_gone "$R2"
check_eq "the log says why, once" 1 \
	"$(kmsg_since "$mark" |
	   grep -c "sfnic: $R2: no RoCE device: its netdev $n2 is gone")"

log "--- rdma_rxe unavailable"
# The debug kernel builds rdma_rxe in: there it cannot be unavailable.
# What answers is udev's rule, the same on every kernel.
if grep -q "/rdma_rxe.ko" "/lib/modules/$(uname -r)/modules.builtin"; then
	log "rdma_rxe is built into $(uname -r): that part runs on the stock kernel"
	exit 0
fi
check_ok "rdma_rxe unloads (no device left)" modprobe -r rdma_rxe
mkdir -p /run/modprobe.d
echo "install rdma_rxe /bin/false" > $NORXE
defer rm -f $NORXE
check_ok "SF 1 active without rdma_rxe" sf_activate "$p1"
n1=$(sf_netdev 1)
check_ok "with its netdev" test -n "$n1"
udevadm settle
check_ok "no RoCE device" rdma_gone "$R1"
check_ok "which comes up" ip link set "$n1" up
check_eq "the log says why, once" 1 \
	"$(kmsg_since "$mark" | grep -c "sfnic: $R1: no RoCE device over $n1: the soft-RoCE driver rdma_rxe cannot be loaded")"
kmsg_since "$mark" | grep "sfnic: ${NIC}sf" | sed 's/^/    | /'
rm -f $NORXE
check_ok "state inactive" devlink port function set "$p1" state inactive
check_ok "SF 1 detached" wait_for 30 fn_is "$p1" inactive detached
check_ok "SF 1 active with rdma_rxe back" sf_activate "$p1"
check_ok "$R1 appears" wait_for 30 rdma dev show "$R1"
