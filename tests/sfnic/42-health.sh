#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# timeout: 900
#
# devlink health, as on mlx5: reporters fw and fw_fatal on the NIC's
# instance and on each SF's, tx and rx on the SF instance's port, with
# mlx5's grace periods. Each reports a fault injected in the model
# (model/inject/), diagnoses and dumps it, and recovers: a fatal function
# is reset and set up again (the SF's netdev keeps its name, MAC and
# addresses), a stuck send queue found by the driver's TX watchdog and an
# RX queue in error are reset; traffic between two SFs bridged through
# their representors resumes after each recovery. Automatic recovery
# waits for the grace period, and with auto_recover false the user's
# "devlink health recover" does it; "dump clear" drops the dump; "devlink
# monitor health" sees the reports. Bad input to the inject files gets an
# errno.
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/common.sh"

INJ=/sys/kernel/debug/sfnic/sfnic$ID/model/inject

# hfield HANDLE REPORTER KEY: a field of "devlink health show" (state,
# error, recover, grace_period, auto_recover, last_dump_date).
hfield()
{
	devlink -j health show "$1" reporter "$2" |
		jq -r ".health[][] | select(.reporter == \"$2\") | .$3 // empty"
}

# hcount_ge HANDLE REPORTER KEY N: that counter reached N.
hcount_ge()
{
	local v

	v=$(hfield "$1" "$2" "$3")
	[ -n "$v" ] && [ "$v" -ge "$4" ]
}

# hstate_is HANDLE REPORTER STATE
hstate_is()
{
	[ "$(hfield "$1" "$2" state)" = "$3" ]
}

# reporters HANDLE: the names of the reporters of an instance or port.
reporters()
{
	devlink -j health show |
		jq -r "[.health[\"$1\"][]?.reporter] | join(\" \")"
}

no_reporters()
{
	[ -z "$(reporters "$1")" ]
}

# diag HANDLE REPORTER JQ: a value of the reporter's diagnose.
diag()
{
	devlink -j health diagnose "$1" reporter "$2" | jq -r "$3"
}

# dump HANDLE REPORTER JQ: a value of the reporter's stored dump.
dump()
{
	devlink -j health dump show "$1" reporter "$2" | jq -r "$3"
}

ping_ok()
{
	ip netns exec hns1 ping -c 1 -W 1 10.88.0.2
}

# traffic_ok MSG: SF 1 reaches SF 2 again, within 30 s.
traffic_ok()
{
	check_ok "$1" wait_for 30 ping_ok
}

# ping_until HANDLE REPORTER KEY N: send while waiting for the counter.
ping_until()
{
	ping_ok
	hcount_ge "$@"
}

# inj FILE VALUE: write an inject file.
inj()
{
	echo "$2" > "$INJ/$1"
}

sfnic_setup
no_ipv6_default
switchdev
for n in 1 2; do
	p=$(sf_add $n) || fail "port add of SF $n"
	devlink port function set "$p" hw_addr "02:00:00:00:0b:0$n" ||
		fail "hw_addr of SF $n"
	check_ok "SF $n active" sf_activate "$p"
	eval "p$n=$p"
done
mac1=02:00:00:00:0b:01
v1=$(printf '0x%x' $(( ${p1##*/} & 0xffff )))
nd1=$(sf_netdev 1)
nd2=$(sf_netdev 2)
r1=$(port_field "$p1" netdev)
r2=$(port_field "$p2" netdev)
dl1=$(sf_dl 1)
# The SF instance's port: mdevc/<uuid>/<index>.
dp1=$(devlink -j port show | jq -r ".port | keys[] | select(startswith(\"$dl1/\"))")
pf=$(port_field "$DEV/65535" netdev)
[ -n "$nd1" ] && [ -n "$nd2" ] && [ -n "$dp1" ] || fail "SF netdevs or port"

ip link add hbr0 type bridge || fail "bridge"
defer ip link del hbr0
for d in "$r1" "$r2"; do
	ip link set "$d" master hbr0 || fail "enslave $d"
	ip link set "$d" up
done
ip link set hbr0 up
for n in 1 2; do
	ip netns add hns$n || fail "netns"
	defer ip netns del hns$n
	nd=$(eval echo "\$nd$n")
	ip link set "$nd" netns hns$n
	ip -n hns$n addr add 10.88.0.$n/24 dev "$nd"
	ip -n hns$n link set "$nd" up
done
wait_for 40 sh -c "bridge link show dev $r1 | grep -q forwarding" ||
	fail "bridge port $r1 not forwarding"
traffic_ok "SF 1 pings SF 2 through the bridged representors"
# One channel: the queue that carries the traffic is the one injected.
check_ok "SF 1 on one channel" \
	ip netns exec hns1 ethtool -L "$nd1" combined 1

# The reporters and their grace periods.
log "$(devlink -j health show)"
check_eq "the NIC has fw and fw_fatal" "fw fw_fatal" "$(reporters "$DEV")"
check_eq "the SF's instance too" "fw fw_fatal" "$(reporters "$dl1")"
check_eq "the SF's port has tx and rx" "tx rx" "$(reporters "$dp1")"
check_eq "the NIC's fw_fatal waits 60 s between recoveries" 60000 \
	"$(hfield "$DEV" fw_fatal grace_period)"
check_eq "an SF's 30 s" 30000 "$(hfield "$dl1" fw_fatal grace_period)"
check_eq "tx 500 ms" 500 "$(hfield "$dp1" tx grace_period)"
check_eq "rx 500 ms" 500 "$(hfield "$dp1" rx grace_period)"
check_eq "all healthy" "healthy healthy healthy healthy" \
	"$(hfield "$DEV" fw_fatal state) $(hfield "$dl1" fw state) $(hfield "$dp1" tx state) $(hfield "$dp1" rx state)"

# Bad input to the inject files.
for b in "fw_error::Invalid argument" "fw_error:x:Invalid argument" \
	 "fw_error:0x8000 1 2:Invalid argument" \
	 "fw_error:65535:Invalid argument" \
	 "fw_error:0x8000 0:Invalid argument" \
	 "fw_fatal:0x807f:No such file or directory" \
	 "fw_fatal:-1:Invalid argument" \
	 "tx_stall:$v1:Invalid argument" \
	 "tx_stall:$v1 99:Invalid argument" \
	 "tx_stall:$v1 5:No such file or directory" \
	 "rx_error:$v1 1:No such file or directory" \
	 "rx_error:0x12345 0:Invalid argument" \
	 "rx_error:$v1 0 0:Invalid argument" \
	 "rx_error:0x8010 0:No such file or directory"; do
	f=${b%%:*}
	rest=${b#*:}
	val=${rest%%:*}
	check_err "$f refuses \"$val\"" "${rest#*:}" sysfs_write "$INJ/$f" "$val"
done
check_err "a value too long is refused" "Invalid argument" \
	sysfs_write "$INJ/fw_error" "$(printf '%040d' 1)"
check_eq "nothing was reported" "0 0" \
	"$(hfield "$dl1" fw error) $(hfield "$dl1" fw_fatal error)"

mon=$(mktemp)
defer_try rm -f "$mon"
stdbuf -oL devlink monitor health > "$mon" 2>&1 &
mpid=$!
defer_try kill "$mpid"
sleep 1

# A firmware error: reported, diagnosed; no recovery, as mlx5's fw.
inj fw_error "$v1 0x42"
check_ok "an SF's firmware error is reported" \
	wait_for 10 hcount_ge "$dl1" fw error 1
check_eq "its fw reporter is in error" error "$(hfield "$dl1" fw state)"
log "$(devlink health diagnose "$dl1" reporter fw)"
check_eq "diagnose: the function's state" error \
	"$(diag "$dl1" fw .firmware.state)"
check_eq "and syndrome" 66 "$(diag "$dl1" fw .firmware.syndrome)"
check_eq "the dump has them" "error 66" \
	"$(dump "$dl1" fw '"\(.firmware.state) \(.firmware.syndrome)"')"
check_eq "the dump has the function's MAC" "$mac1" \
	"$(dump "$dl1" fw .firmware.mac)"
check_eq "and its state" in_use "$(dump "$dl1" fw '.firmware["vport state"]')"
check_fail "fw has no recovery" devlink health recover "$dl1" reporter fw
check_eq "fw_fatal did not report" 0 "$(hfield "$dl1" fw_fatal error)"
traffic_ok "traffic goes on"

# A fatal SF: recovered at once, the first time.
inj fw_fatal "$v1"
check_ok "an SF's fatal error is reported" \
	wait_for 10 hcount_ge "$dl1" fw_fatal error 1
check_ok "and recovered" wait_for 30 hcount_ge "$dl1" fw_fatal recover 1
check_eq "fw_fatal is healthy" healthy "$(hfield "$dl1" fw_fatal state)"
check_eq "its dump shows the function fatal" "fatal 5" \
	"$(dump "$dl1" fw_fatal '"\(.firmware.state) \(.firmware.syndrome)"')"
check_eq "the function was reset" 1 "$(diag "$dl1" fw .firmware.resets)"
log "$(devlink health show "$dl1" reporter fw_fatal)"
log "$(devlink health dump show "$dl1" reporter fw_fatal)"
check_eq "its syndrome is gone" "healthy 0" \
	"$(diag "$dl1" fw '"\(.firmware.state) \(.firmware.syndrome)"')"
check_eq "the SF's netdev is the same, with its MAC" "$mac1" \
	"$(ip -n hns1 -j link show dev "$nd1" | jq -r '.[0].address')"
check_eq "and its address" 10.88.0.1 \
	"$(ip -n hns1 -j addr show dev "$nd1" | jq -r '.[0].addr_info[0].local')"
traffic_ok "traffic resumes after the SF's reset"
check_eq "the SF is still attached" active/attached \
	"$(fn_field "$p1" state)/$(fn_field "$p1" opstate)"

# Again within the grace period (made long: a slow kernel may have
# spent 30 s since): not recovered automatically.
check_ok "a grace period of an hour" \
	devlink health set "$dl1" reporter fw_fatal grace_period 3600000
inj fw_fatal "$v1"
check_ok "a second fatal error is reported" \
	wait_for 10 hcount_ge "$dl1" fw_fatal error 2
check_eq "within the grace period it is not recovered" "error 1" \
	"$(hfield "$dl1" fw_fatal state) $(hfield "$dl1" fw_fatal recover)"
check_fail "the fatal SF moves no frame" ping_ok
check_ok "devlink health recover resets it" \
	devlink health recover "$dl1" reporter fw_fatal
check_eq "recovered" "healthy 2" \
	"$(hfield "$dl1" fw_fatal state) $(hfield "$dl1" fw_fatal recover)"
traffic_ok "traffic resumes"

# auto_recover false: the user recovers.
check_ok "fw_fatal auto_recover false, grace_period 0" \
	devlink health set "$dl1" reporter fw_fatal auto_recover false grace_period 0
check_ok "dump clear" devlink health dump clear "$dl1" reporter fw_fatal
check_eq "the dump is gone" "" "$(hfield "$dl1" fw_fatal last_dump_date)"
inj fw_fatal "$v1 0x77"
check_ok "reported" wait_for 10 hcount_ge "$dl1" fw_fatal error 3
check_eq "not recovered" "error 2" \
	"$(hfield "$dl1" fw_fatal state) $(hfield "$dl1" fw_fatal recover)"
check_eq "a new dump has the new syndrome" 119 \
	"$(dump "$dl1" fw_fatal .firmware.syndrome)"
check_fail "the fatal SF refuses a new MTU" \
	ip -n hns1 link set dev "$nd1" mtu 1400
check_ok "devlink health recover" devlink health recover "$dl1" reporter fw_fatal
check_eq "recovered" "healthy 3" \
	"$(hfield "$dl1" fw_fatal state) $(hfield "$dl1" fw_fatal recover)"
check_ok "the SF takes a new MTU again" \
	ip -n hns1 link set dev "$nd1" mtu 1400
traffic_ok "traffic resumes"
devlink health set "$dl1" reporter fw_fatal auto_recover true

# A send queue that stops completing frames: the TX watchdog.
check_ok "tx grace_period 0" devlink health set "$dp1" reporter tx grace_period 0
inj tx_stall "$v1 0"
check_ok "the TX watchdog reports the stuck queue" \
	wait_for 30 ping_until "$dp1" tx error 1
check_ok "tx recovers" wait_for 10 hcount_ge "$dp1" tx recover 1
check_eq "tx is healthy" healthy "$(hfield "$dp1" tx state)"
check_eq "the dump names a queue that timed out" true \
	"$(dump "$dp1" tx '[.SQs[]."timed out"] | any')"
check_eq "diagnose: the queue completes again" 0 \
	"$(diag "$dp1" tx '[.SQs[].pending] | join(" ")')"
traffic_ok "traffic resumes after the queue reset"

check_ok "tx auto_recover false" \
	devlink health set "$dp1" reporter tx auto_recover false
inj tx_stall "$v1 0"
check_ok "reported again" wait_for 30 ping_until "$dp1" tx error 2
check_eq "not recovered" error "$(hfield "$dp1" tx state)"
log "$(devlink health diagnose "$dp1" reporter tx)"
check_eq "diagnose shows a queue timed out" true \
	"$(diag "$dp1" tx '[.SQs[]."timed out"] | any')"
check_eq "with frames pending" true \
	"$(diag "$dp1" tx '[.SQs[].pending] | add > 0')"
check_fail "the stuck SF sends nothing" ping_ok
check_ok "devlink health recover" devlink health recover "$dp1" reporter tx
check_eq "recovered" healthy "$(hfield "$dp1" tx state)"
traffic_ok "traffic resumes"
devlink health set "$dp1" reporter tx auto_recover true

# RX queues in error: the model's event.
check_ok "rx grace_period 0" devlink health set "$dp1" reporter rx grace_period 0
inj rx_error "$v1 0"
check_ok "an RX queue error is reported" wait_for 10 hcount_ge "$dp1" rx error 1
check_ok "rx recovers" wait_for 10 hcount_ge "$dp1" rx recover 1
check_eq "the dump has the queue's syndrome" true \
	"$(dump "$dp1" rx '[.RQs[].syndrome] | any(. == 104)')"
check_eq "diagnose: the queue is ready" RDY \
	"$(diag "$dp1" rx '[.RQs[].state] | join(" ")')"
traffic_ok "traffic resumes after the RX queue reset"

check_ok "rx auto_recover false" \
	devlink health set "$dp1" reporter rx auto_recover false
inj rx_error "$v1 0"
check_ok "reported" wait_for 10 hcount_ge "$dp1" rx error 2
check_eq "not recovered" error "$(hfield "$dp1" rx state)"
log "$(devlink health diagnose "$dp1" reporter rx)"
log "$(devlink health dump show "$dp1" reporter rx)"
check_eq "diagnose: the queue is in error" ERR \
	"$(diag "$dp1" rx '[.RQs[].state] | join(" ")')"
check_fail "the SF receives nothing" ping_ok
check_ok "devlink health recover" devlink health recover "$dp1" reporter rx
check_eq "diagnose: ready again" RDY \
	"$(diag "$dp1" rx '[.RQs[].state] | join(" ")')"
traffic_ok "traffic resumes"
check_ok "rx dump clear" devlink health dump clear "$dp1" reporter rx
check_eq "the dump is gone" "" "$(hfield "$dp1" rx last_dump_date)"

# The PF.
inj fw_error "0 0x9"
check_ok "the PF's firmware error is reported" \
	wait_for 10 hcount_ge "$DEV" fw error 1
check_eq "diagnose: its syndrome" 9 "$(diag "$DEV" fw .firmware.syndrome)"
inj fw_fatal 0
check_ok "the PF's fatal error is reported" \
	wait_for 10 hcount_ge "$DEV" fw_fatal error 1
check_ok "and recovered" wait_for 30 hcount_ge "$DEV" fw_fatal recover 1
check_eq "fw_fatal is healthy" healthy "$(hfield "$DEV" fw_fatal state)"
check_ok "the PF takes a new MTU" ip link set dev "$pf" mtu 1400
check_ok "auto_recover false" \
	devlink health set "$DEV" reporter fw_fatal auto_recover false
inj fw_fatal 0
check_ok "reported" wait_for 10 hcount_ge "$DEV" fw_fatal error 2
check_eq "not recovered" error "$(hfield "$DEV" fw_fatal state)"
# In switchdev mode the PF netdev is the uplink representor: the PF
# function itself carries no traffic of the test.
check_eq "the PF function is fatal" fatal "$(diag "$DEV" fw .firmware.state)"
traffic_ok "the SFs' traffic goes on"
check_ok "devlink health recover" devlink health recover "$DEV" reporter fw_fatal
check_eq "recovered" "healthy 2" \
	"$(hfield "$DEV" fw_fatal state) $(hfield "$DEV" fw_fatal recover)"
check_eq "the PF function was reset twice" "healthy 2" \
	"$(diag "$DEV" fw '"\(.firmware.state) \(.firmware.resets)"')"
check_ok "the PF takes a new MTU again" ip link set dev "$pf" mtu 1300

# What the monitor saw.
kill "$mpid"
wait "$mpid" 2>/dev/null
log "$(grep -c . "$mon") monitor lines"
for r in fw fw_fatal tx rx; do
	check_ok "devlink monitor health saw $r" grep -q "reporter $r\b" "$mon"
done
check_ok "and the recoveries" grep -q "state healthy error [0-9]* recover [1-9]" "$mon"

# A reopen that fails half way (its queues and then the old ones cannot be
# made again) leaves the netdev up without queues: it must still go down
# (no NAPI context disabled twice) and come back.
inject queue_create 2 12
check_fail "channels whose queues cannot be made fail" \
	ip netns exec hns1 ethtool -L "$nd1" combined 2
check_ok "the netdev without queues goes down" \
	timeout 60 ip -n hns1 link set "$nd1" down
check_ok "and up again" ip -n hns1 link set "$nd1" up
traffic_ok "traffic resumes"

# The SF goes with its reporters.
check_ok "SF 1 deleted" devlink port del "$p1"
check_ok "its instance and reporters go" wait_for 30 no_reporters "$dl1"

# In legacy mode the PF netdev drives the PF function: a fatal PF stops
# it, and its recovery makes its queues anew.
check_ok "legacy mode" devlink dev eswitch set "$DEV" mode legacy
ip link add hvh type veth peer name hvp || fail "veth"
defer_try ip link del hvh
ip link set hvh up
sysfs_write "$SYSDEV/phys_port" hvh >/dev/null || fail "phys_port"
ip netns add hfar || fail "netns"
defer ip netns del hfar
ip link set hvp netns hfar
ip -n hfar addr add 10.89.0.2/24 dev hvp
ip -n hfar link set hvp up
pf=$(port_field "$DEV/65535" netdev)
ip addr add 10.89.0.1/24 dev "$pf"
ip link set "$pf" up
pf_ping()
{
	ping -c 1 -W 1 10.89.0.2
}
check_ok "the PF reaches the far end of its physical port" wait_for 30 pf_ping
inj fw_fatal 0
check_ok "a fatal PF is reported" wait_for 10 hcount_ge "$DEV" fw_fatal error 3
check_fail "it refuses a new MTU" ip link set dev "$pf" mtu 1200
check_fail "and moves no frame" pf_ping
check_ok "devlink health recover" devlink health recover "$DEV" reporter fw_fatal
check_ok "the PF reaches the far end again" wait_for 30 pf_ping
check_ok "and takes a new MTU" ip link set dev "$pf" mtu 1200
