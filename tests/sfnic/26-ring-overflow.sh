#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# A full RX ring drops frames and counts them where they are dropped: on
# the receiving queue (ethtool -S rx<N>_dropped), in ip -s's rx dropped,
# and the sender counts them as sent. The representor's ring is made
# small (ethtool -G rx 64) and its NAPI context, threaded, is starved on
# the CPU the SF's UDP flood runs on, so the ring overflows. Every frame
# the SF sent is then either received or dropped by the representor's
# queue; the stack above goes on, and the kernel stays clean.
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/common.sh"

no_ipv6_default
sfnic_setup
switchdev
sf_rep_ns 1 sfvA sfvR

check_ok "representor RX ring of 64" \
	ip netns exec sfvR ethtool -G "$SF_REP" rx 64
check_ok "one channel" ip netns exec sfvR ethtool -L "$SF_REP" combined 1
check_ok "threaded NAPI on the representor" \
	ip netns exec sfvR sh -c "echo 1 > /sys/class/net/$SF_REP/threaded"
kt=$(pgrep "^napi/$SF_REP-" | head -n 1)
[ -n "$kt" ] || fail "no NAPI thread for $SF_REP"
# Only when the flood yields the CPU does the ring get drained.
check_ok "NAPI thread pinned to CPU 0, idle priority" \
	sh -c "taskset -pc 0 $kt && chrt --idle -p 0 $kt"
check_ok "the SF reaches its representor" \
	ip netns exec sfvA ping -c 2 -i 0.2 -W 2 10.77.1.2

stx=$(nd_stat sfvA "$SF_ND" tx.packets)
std=$(nd_stat sfvA "$SF_ND" tx.dropped)
rrx=$(nd_stat sfvR "$SF_REP" rx.packets)
rdr=$(nd_stat sfvR "$SF_REP" rx.dropped)
q0=$(et_stat sfvR "$SF_REP" rx0_dropped)
# A UDP flood from CPU 0 to a port nobody listens on: nothing answers it.
check_ok "3 s of UDP flood from the SF, on CPU 0" \
	ip netns exec sfvA taskset -c 0 python3 -c '
import socket, time
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
end = time.time() + 3
while time.time() < end:
    for _ in range(256):
        try:
            s.sendto(b"x" * 18, ("10.77.1.2", 9))
        except OSError:
            pass
'

# The flood over, the NAPI thread gets its normal priority back: at idle
# priority a busy CPU 0 may keep it off the ring's last frames for longer
# than a settling read waits (one frame short, once, on a loaded host).
check_ok "NAPI thread back to normal priority, any CPU" \
	sh -c "chrt --other -p 0 $kt && taskset -pc 0-$(($(nproc) - 1)) $kt"

settled()
{
	local a

	a=$(nd_stat sfvR "$SF_REP" rx.packets)
	sleep 1
	[ "$a" = "$(nd_stat sfvR "$SF_REP" rx.packets)" ]
}
wait_for 20 settled || fail "the representor never drained its ring"

sent=$(($(nd_stat sfvA "$SF_ND" tx.packets) - stx))
recv=$(($(nd_stat sfvR "$SF_REP" rx.packets) - rrx))
qdrop=$(($(et_stat sfvR "$SF_REP" rx0_dropped) - q0))
ipdrop=$(($(nd_stat sfvR "$SF_REP" rx.dropped) - rdr))
log "SF sent $sent, representor received $recv, dropped $qdrop (ip -s $ipdrop)"
check_ok "the ring overflowed: rx0_dropped counts drops ($qdrop)" \
	test "$qdrop" -gt 0
check_eq "ip -s rx dropped counts the same drops" "$qdrop" "$ipdrop"
check_eq "the SF counted them as sent, not dropped" 0 \
	$(($(nd_stat sfvA "$SF_ND" tx.dropped) - std))
check_eq "every frame sent was received or dropped at the ring" "$sent" \
	$((recv + qdrop))
check_ok "traffic goes on after the overflow" \
	ip netns exec sfvA ping -c 3 -i 0.2 -W 2 10.77.1.2
