#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# An SF with enable_rdma (the default) gets its RoCE device by itself,
# named <nic>sf<sfnum>: the SF netdev's uevent asks for it and the udev rule
# 'make install' installs binds the kernel's soft-RoCE (rdma_rxe) to that
# netdev. Unmodified rdma-core sees it (rdma link, ibv_devices,
# ibv_devinfo), and two SFs bridged through their representors run
# ibv_rc_pingpong, rping and ib_send_bw to each other through the eswitch:
# policy routing keeps their traffic off lo, the representors count it.
# enable_rdma false + reload, state inactive, port del, legacy mode and
# del_device take it away.
# timeout: 900
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/common.sh"
source "$(dirname "$0")/rdma.sh"

NIC=sfnic$ID
A1=198.51.100.1
A2=198.51.100.2

# rdma_netdev RDMADEV: the netdev its port 1 is bound to ("" if no device).
rdma_netdev()
{
	rdma -j link show "$1/1" 2>/dev/null | jq -r '.[0].netdev // empty'
}

rdma_gone()
{
	! rdma dev show "$1" >/dev/null 2>&1
}

rx_of()
{
	cat "/sys/class/net/$1/statistics/rx_packets"
}

sfnic_setup
switchdev
defer_try rdma link delete "${NIC}sf1"
defer_try rdma link delete "${NIC}sf2"

p1=$(sf_add 1)
p2=$(sf_add 2)
check_ok "SF 1 hw_addr" devlink port function set "$p1" hw_addr 02:00:00:00:40:01
check_ok "SF 2 hw_addr" devlink port function set "$p2" hw_addr 02:00:00:00:40:02
check_ok "SF 1 active" sf_activate "$p1"
check_ok "SF 2 active" sf_activate "$p2"
n1=$(sf_netdev 1)
n2=$(sf_netdev 2)
r1=$(port_field "$p1" netdev)
r2=$(port_field "$p2" netdev)
check_eq "enable_rdma is true" true "$(param_get "$(sf_dl 1)" enable_rdma)"
check_ok "SF 1's netdev asks for ${NIC}sf1" \
	grep -qx "SFNIC_RDMA_DEV=${NIC}sf1" "/sys/class/net/$n1/uevent"
udevadm settle
check_ok "rdma link shows ${NIC}sf1 by itself" wait_for 30 rdma dev show "${NIC}sf1"
check_ok "and ${NIC}sf2" wait_for 30 rdma dev show "${NIC}sf2"
check_eq "${NIC}sf1 is over SF 1's netdev" "$n1" "$(rdma_netdev "${NIC}sf1")"
check_eq "${NIC}sf2 is over SF 2's netdev" "$n2" "$(rdma_netdev "${NIC}sf2")"
check_eq "node GUID: modified EUI-64 of hw_addr (rxe's, U/L flipped)" \
	0000:00ff:fe00:4001 \
	"$(ibv_devinfo -d "${NIC}sf1" | awk '$1 == "node_guid:" { print $2 }')"
check_ok "ibv_devices lists both" \
	sh -c "ibv_devices | grep -qw ${NIC}sf1 && ibv_devices | grep -qw ${NIC}sf2"

# The representors bridged: the eswitch's slow path between the SFs.
rdma_bridge sfrdbr0 "$r1" "$r2" || fail "bridge over the representors"

# Both SFs in the initial namespace (rxe works there only): each address
# pair leaves through its own SF, not through lo.
rdma_local_rule_last || fail "local rule"
rdma_route_pair $A1 "$n1" $A2 "$n2" 4001 || fail "routes over the SFs"
check_eq "$A1 -> $A2 leaves through SF 1" "$n1" \
	"$(ip -j route get $A2 from $A1 | jq -r '.[0].dev')"
check_ok "ping SF 1 -> SF 2 through the representors" \
	ping -c 2 -i 0.2 -W 5 -I $A1 $A2

check_ok "${NIC}sf1 port ACTIVE" wait_for 20 port_active "${NIC}sf1"
check_ok "${NIC}sf2 port ACTIVE" wait_for 20 port_active "${NIC}sf2"
# The port's rate comes from the SF netdev's link speed (100 Gb/s, as the
# model's physical port): 4 lanes of 25 Gb/s, as on a 100G ConnectX.
check_eq "SF 1's netdev reports the port's speed" "100000" \
	"$(ethtool "$n1" | awk '$1 == "Speed:" { print $2 + 0 }')"
check_eq "${NIC}sf1's port rate follows it" "4X/25.0" \
	"$(ibv_devinfo -v -d "${NIC}sf1" |
	   awk '$1 == "active_width:" { w = $2 }
		$1 == "active_speed:" { s = $2 } END { print w "/" s }')"
check_ok "${NIC}sf1 has a RoCE v2 GID of $A1" wait_for 20 roce_gid "${NIC}sf1" $A1
check_ok "${NIC}sf2 has a RoCE v2 GID of $A2" wait_for 20 roce_gid "${NIC}sf2" $A2
g1=$(roce_gid "${NIC}sf1" $A1)
g2=$(roce_gid "${NIC}sf2" $A2)
log "GIDs: ${NIC}sf1 $g1, ${NIC}sf2 $g2"

out=$(mktemp)
defer rm -f "$out" "$out.cli"
rx1=$(rx_of "$r1")
rx2=$(rx_of "$r2")
timeout 120 ibv_rc_pingpong -d "${NIC}sf1" -g "$g1" -n 20 -p 18515 > "$out" 2>&1 &
srv=$!
defer_try kill "$srv"
wait_for 20 listening 18515 || fail "ibv_rc_pingpong server not listening"
check_ok "ibv_rc_pingpong SF 2 -> SF 1" \
	timeout 120 ibv_rc_pingpong -d "${NIC}sf2" -g "$g2" -n 20 -p 18515 $A1
wait "$srv" || { sed 's/^/    | /' "$out"; fail "ibv_rc_pingpong server"; }
pass "ibv_rc_pingpong server side done"
d1=$(($(rx_of "$r1") - rx1))
d2=$(($(rx_of "$r2") - rx2))
log "representors received: $r1 $d1, $r2 $d2 packets"
check_ok "SF 1's RoCE frames crossed its representor" test "$d1" -ge 20
check_ok "SF 2's RoCE frames crossed its representor" test "$d2" -ge 20

if command -v rping >/dev/null; then
	timeout 120 rping -s -a $A1 -C 5 -v > "$out" 2>&1 &
	srv=$!
	# A client before the server listens is rejected (invalid service
	# ID): wait for the listening cm_id, not a fixed second.
	check_ok "rping server listens" wait_for 30 \
		sh -c "rdma res show cm_id | grep -q 'state LISTEN'"
	check_ok "rping SF 2 -> SF 1 (rdma_cm)" \
		timeout 120 rping -c -I $A2 -a $A1 -C 5 -v
	wait "$srv" || { sed 's/^/    | /' "$out"; fail "rping server"; }
else
	log "no rping (rdmacm-utils): not run"
fi

# send_bw PORT: one ib_send_bw SF 2 -> SF 1; the client's output in
# $out.cli, the server's in $out.
send_bw()
{
	local srv

	timeout 180 ib_send_bw -d "${NIC}sf1" -x "$g1" -s 4096 -n 200 -p "$1" \
		> "$out" 2>&1 &
	srv=$!
	if ! wait_for 20 listening "$1"; then
		kill "$srv" 2>/dev/null
		echo "ib_send_bw server not listening" > "$out.cli"
		return 1
	fi
	timeout 180 ib_send_bw -d "${NIC}sf2" -x "$g2" -s 4096 -n 200 -p "$1" \
		$A1 > "$out.cli" 2>&1 || { kill "$srv" 2>/dev/null; return 1; }
	wait "$srv"
}

# perftest times with the TSC and a frequency it calibrates; in a TCG
# guest the calibration fails one run in a few ("Correlation coefficient
# r^2: 0.86 < 0.9") and ib_send_bw then exits with an error. Such a run
# is tried again (up to three times); any other failure is a failure.
bw_ok=0
for try in 1 2 3; do
	if send_bw $((18515 + try)); then
		bw_ok=1
		break
	fi
	grep -q "Correlation coefficient" "$out" "$out.cli" || break
	log "ib_send_bw: perftest's clock calibration failed (TCG), again"
done
if [ $bw_ok -eq 1 ]; then
	pass "ib_send_bw SF 2 -> SF 1"
else
	sed 's/^/    | /' "$out.cli" "$out"
	fail "ib_send_bw SF 2 -> SF 1"
fi
log "ib_send_bw: $(awk '$1 == 4096 { print $4 " MB/s" }' "$out")"

# enable_rdma false + reload: the new netdev does not ask, no RoCE device.
dl1=$(sf_dl 1)
check_ok "enable_rdma false" param_set "$dl1" enable_rdma false
check_ok "reload SF 1" devlink dev reload "$dl1"
udevadm settle
check_ok "${NIC}sf1 is gone" wait_for 20 rdma_gone "${NIC}sf1"
n1=$(sf_netdev 1)
check_ok "SF 1 still has its netdev" test -n "$n1"
check_fail "which does not ask for a RoCE device" \
	grep -q SFNIC_RDMA_DEV "/sys/class/net/$n1/uevent"
check_ok "enable_rdma true" param_set "$dl1" enable_rdma true
check_ok "reload SF 1 again" devlink dev reload "$dl1"
udevadm settle
check_ok "${NIC}sf1 is back" wait_for 30 rdma dev show "${NIC}sf1"
check_eq "over SF 1's new netdev" "$(sf_netdev 1)" "$(rdma_netdev "${NIC}sf1")"

check_ok "SF 2 inactive" devlink port function set "$p2" state inactive
check_ok "${NIC}sf2 goes with its netdev" wait_for 20 rdma_gone "${NIC}sf2"
check_ok "port del SF 1" devlink port del "$p1"
check_ok "${NIC}sf1 goes with it" wait_for 20 rdma_gone "${NIC}sf1"
check_ok "SF 2 active again" sf_activate "$p2"
check_ok "${NIC}sf2 is back" wait_for 30 rdma dev show "${NIC}sf2"
check_ok "legacy mode" devlink dev eswitch set "$DEV" mode legacy
check_ok "${NIC}sf2 goes with the SF" wait_for 20 rdma_gone "${NIC}sf2"
switchdev
p3=$(sf_add 3)
check_ok "SF 3 active" sf_activate "$p3"
check_ok "${NIC}sf3 appears" wait_for 30 rdma dev show "${NIC}sf3"
check_ok "del_device with it live" sysfs_write "$SFNIC_BUS/del_device" "$ID"
check_ok "${NIC}sf3 goes with the NIC" wait_for 20 rdma_gone "${NIC}sf3"
check_eq "no RoCE device of $NIC is left" "" \
	"$(rdma dev show | grep -o "${NIC}sf[0-9]*")"
