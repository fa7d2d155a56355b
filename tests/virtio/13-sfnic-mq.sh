#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# VIRTIO_NET_CTRL_MQ_VQ_PAIRS_SET is applied, not only acknowledged: after
# "ethtool -L combined 1" on a sfnic multiqueue virtio-net function (the
# virtio_net_mq type: two queue pairs)
# the device queues received frames on receiveq1 only, as the virtio spec
# requires ("The device MUST NOT queue packets on receive queues greater
# than virtqueue_pairs"): a queue the driver stopped using is a queue
# nobody refills. Many flows (a UDP exchange with each address of the
# representor, which the model's eswitch spreads over the function's two
# queue pairs by hash) cross both ways, with the link brought up after the
# change and with it up; the engine's counters show receiveq2 unused.
# Back to two pairs, the flows still cross and receiveq2 is used again.

source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/../sfnic/common.sh"
source "$(dirname "$0")/common.sh"

VN_TYPE=/sys/class/mdevc_bus/sfnic$ID/mdev_supported_types/sfnic-virtio_net_mq
NFLOWS=16

mountpoint -q /sys/kernel/debug || mount -t debugfs none /sys/kernel/debug
sfnic_setup
defer ip netns del vmq
switchdev
U=$(new_uuid)
check_ok "create a multiqueue virtio-net function" sysfs_write "$VN_TYPE/create" "$U"
V=$(vnet_netdev "$U") || fail "the function has no netdev"
STATE=/sys/kernel/debug/sfnic/sfnic$ID/$U/state
rv=$(port_field "$(cat "$MDEVC_DEVS/$U/devlink_port")" netdev)
ip netns add vmq
ip link set "$V" netns vmq
ip -n vmq addr add 198.18.0.1/24 dev "$V"
for i in $(seq 10 $((9 + NFLOWS))); do
	ip addr add "198.18.0.$i/24" dev "$rv"
done
ip link set "$rv" up

# state_field KEY: a value of the engine's state file
state_field()
{
	sed -n "s/^$1: //p" "$STATE"
}

# vq_packets N: frames through virtqueue N (2n receive, 2n + 1 send)
vq_packets()
{
	sed -n "s/^vq$1: packets \([0-9]*\) .*/\1/p" "$STATE"
}

# An echo server on every address of the representor, for the test
python3 - $(seq 10 $((9 + NFLOWS))) <<'PY' &
import select, socket, sys
socks = []
for i in sys.argv[1:]:
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.bind(("198.18.0." + i, 7777))
    socks.append(s)
while True:
    for s in select.select(socks, [], [])[0]:
        data, peer = s.recvfrom(2048)
        s.sendto(data, peer)
PY
echo_srv=$!
defer "kill $echo_srv"

# flows: a UDP exchange between the function and every address of the
# representor, each its own flow: a datagram each way, retried for 3 s
flows()
{
	ip netns exec vmq python3 - $(seq 10 $((9 + NFLOWS))) <<'PY'
import socket, sys, time
lost = []
for i in sys.argv[1:]:
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.settimeout(0.5)
    dst = ("198.18.0." + i, 7777)
    end = time.time() + 3
    while True:
        s.sendto(b"flow " + i.encode(), dst)
        try:
            if s.recvfrom(2048)[0] == b"flow " + i.encode():
                break
        except socket.timeout:
            pass
        if time.time() > end:
            lost.append(dst[0])
            break
    s.close()
if lost:
    print("lost:", " ".join(lost))
sys.exit(1 if lost else 0)
PY
}

check_eq "virtio_net uses both queue pairs" 2/2 "$(state_field queue_pairs)"
check_ok "one queue pair while the link is down" \
	ip netns exec vmq ethtool -L "$V" combined 1
check_eq "the device applied it" 1/2 "$(state_field queue_pairs)"
ip -n vmq link set "$V" up
check_ok "the link is up" wait_for 10 \
	sh -c "ip -n vmq link show $V | grep -q LOWER_UP"
check_ok "the function pings the representor" wait_for 15 \
	ip netns exec vmq ping -c 1 -W 1 198.18.0.10
rx1=$(vq_packets 2)
check_ok "$NFLOWS flows both ways with one queue pair" flows
check_eq "receiveq2 got no frame with one queue pair" "$rx1" \
	"$(vq_packets 2)"

check_ok "two queue pairs again" ip netns exec vmq ethtool -L "$V" combined 2
check_eq "the device applied it" 2/2 "$(state_field queue_pairs)"
check_ok "$NFLOWS flows both ways with two queue pairs" flows
check_ok "receiveq2 is used again" test "$(vq_packets 2)" -gt "$rx1"

check_ok "one queue pair with the link up" \
	ip netns exec vmq ethtool -L "$V" combined 1
rx1=$(vq_packets 2)
check_ok "$NFLOWS flows both ways" flows
check_eq "receiveq2 got no frame" "$rx1" "$(vq_packets 2)"
check_eq "no ring error was counted" 0 "$(state_field ring_errors)"
