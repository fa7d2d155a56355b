#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# A netdev of the NIC counts a frame as sent (tx_packets, tx_bytes) only
# if the eswitch forwarded it, and as a TX drop (tx_dropped) if the
# eswitch dropped it, as veth does: unknown unicast from the PF in legacy
# mode with the physical port unplugged, and a frame from a representor
# larger than its function's MTU. Counters are read with ip -s.
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/common.sh"

# No IPv6 autoconfiguration traffic on the netdevs the test counts.
v6=$(sysctl -n net.ipv6.conf.default.disable_ipv6)
defer "sysctl -qw net.ipv6.conf.default.disable_ipv6=$v6"
sysctl -qw net.ipv6.conf.default.disable_ipv6=1

# stat DEV FIELD: a counter from ip -s (tx.packets, tx.dropped, ...)
stat()
{
	ip -j -s link show dev "$1" | jq -r ".[0].stats64.$2"
}

# send DEV DST N LEN: N frames of LEN bytes to the MAC DST through an
# AF_PACKET socket on DEV.
send()
{
	python3 - "$@" <<'PY'
import socket, sys
dev, dst, n, size = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
s.bind((dev, 0))
hdr = bytes.fromhex(dst.replace(":", "")) + b"\x02" * 6 + b"\x88\xb5"
for _ in range(n):
    s.send(hdr + b"x" * (size - len(hdr)))
PY
}

# expect_delta MSG DEV FIELD BEFORE DELTA
expect_delta()
{
	check_eq "$1" "$(($4 + $5))" "$(stat "$2" "$3")"
}

sfnic_setup
pf=$(port_field "$DEV/65535" netdev)
check_ok "PF up" ip link set "$pf" up
wait_for 10 test "$(cat "/sys/class/net/$pf/carrier")" = 1 ||
	fail "the PF has no carrier"

tp=$(stat "$pf" tx.packets)
td=$(stat "$pf" tx.dropped)
check_ok "legacy mode: 5 unknown unicast frames from the PF" \
	send "$pf" 02:00:00:00:99:99 5 100
expect_delta "with the physical port unplugged they are TX drops" \
	"$pf" tx.dropped "$td" 5
expect_delta "and not counted as sent" "$pf" tx.packets "$tp" 0

check_ok "a veth pair" ip link add sfvh type veth peer name sfvp
defer ip link del sfvh
check_ok "both ends up" sh -c "ip link set sfvh up && ip link set sfvp up"
check_ok "the physical port plugged into it" \
	sysfs_write "$SYSDEV/phys_port" sfvh
defer "echo > $SYSDEV/phys_port"
tp=$(stat "$pf" tx.packets)
td=$(stat "$pf" tx.dropped)
rp=$(stat sfvp rx.packets)
check_ok "5 more" send "$pf" 02:00:00:00:99:99 5 100
expect_delta "they are sent" "$pf" tx.packets "$tp" 5
expect_delta "not dropped" "$pf" tx.dropped "$td" 0
check_ok "and leave the physical port" \
	wait_for 5 test "$(stat sfvp rx.packets)" -ge $((rp + 5))

switchdev
port=$(sf_add 6)
rep=$(port_field "$port" netdev)
mac=02:00:00:00:00:06
check_ok "hw_addr" devlink port function set "$port" hw_addr $mac
check_ok "SF active" sf_activate "$port"
nd=$(sf_netdev 6)
check_ok "SF netdev up, MTU 1500" ip link set "$nd" mtu 1500 up
check_ok "representor up, MTU 9000" ip link set "$rep" mtu 9000 up
wait_for 10 test "$(cat "/sys/class/net/$nd/carrier")" = 1 ||
	fail "the SF netdev has no carrier"

tp=$(stat "$rep" tx.packets)
td=$(stat "$rep" tx.dropped)
tb=$(stat "$rep" tx.bytes)
rp=$(stat "$nd" rx.packets)
check_ok "3 frames of 3000 bytes from the representor" send "$rep" $mac 3 3000
expect_delta "larger than the SF's MTU: TX drops" "$rep" tx.dropped "$td" 3
expect_delta "not sent" "$rep" tx.packets "$tp" 0
check_ok "4 frames of 1000 bytes" send "$rep" $mac 4 1000
expect_delta "are sent" "$rep" tx.packets "$tp" 4
expect_delta "of 4000 bytes" "$rep" tx.bytes "$tb" 4000
check_ok "and the SF receives them" \
	wait_for 5 test "$(stat "$nd" rx.packets)" -eq $((rp + 4))
expect_delta "only them" "$nd" rx.packets "$rp" 4
