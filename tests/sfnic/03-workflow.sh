#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The mlx5 SmartNIC workflow end to end: switchdev, two SFs with their MACs,
# activated; their netdevs in two network namespaces ping each other
# through their representors bridged with the uplink representor, and ping
# a host on the far side of the physical port (a veth end in a third
# namespace).
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/common.sh"

sfnic_setup
defer ip netns del sfns1
defer ip netns del sfns2
defer ip netns del sfhost
defer ip link del sfbr0
defer ip link del sfvh
switchdev

p1=$(sf_add 1)
p2=$(sf_add 2)
check_ok "hw_addr of SF 1" devlink port function set "$p1" hw_addr 02:00:00:00:00:01
check_ok "hw_addr of SF 2" devlink port function set "$p2" hw_addr 02:00:00:00:00:02
check_ok "SF 1 active and attached" sf_activate "$p1"
check_ok "SF 2 active and attached" sf_activate "$p2"
n1=$(sf_netdev 1)
n2=$(sf_netdev 2)
r1=$(port_field "$p1" netdev)
r2=$(port_field "$p2" netdev)
up=$(port_field "$DEV/65535" netdev)
check_eq "SF 1 netdev has its MAC" 02:00:00:00:00:01 "$(cat "/sys/class/net/$n1/address")"

# The physical port, plugged into a veth whose peer is the far host.
ip link add sfvh type veth peer name sfvp || fail "veth"
ip link set sfvh up
check_ok "plug the physical port into sfvh" sysfs_write "$SYSDEV/phys_port" sfvh
check_eq "phys_port names it" sfvh "$(cat "$SYSDEV/phys_port")"
ip netns add sfhost
ip link set sfvp netns sfhost
ip -n sfhost addr add 192.0.2.3/24 dev sfvp
ip -n sfhost link set sfvp up

ip link add sfbr0 type bridge || fail "bridge"
for d in "$r1" "$r2" "$up"; do
	ip link set "$d" master sfbr0 || fail "enslave $d"
	ip link set "$d" up
done
ip link set sfbr0 up

ip netns add sfns1
ip netns add sfns2
ip link set "$n1" netns sfns1
ip link set "$n2" netns sfns2
ip -n sfns1 addr add 192.0.2.1/24 dev "$n1"
ip -n sfns2 addr add 192.0.2.2/24 dev "$n2"
ip -n sfns1 link set "$n1" up
ip -n sfns2 link set "$n2" up
check_ok "SF 1 link is up (its representor is up)" \
	wait_for 10 sh -c "ip -n sfns1 link show $n1 | grep -q LOWER_UP"

# Bridges need a moment to move ports to forwarding.
wait_for 40 sh -c "bridge link show dev $r1 | grep -q forwarding" ||
	fail "bridge port $r1 not forwarding"
check_ok "SF 1 pings SF 2 through the eswitch and the bridge" \
	ip netns exec sfns1 ping -c 3 -i 0.2 -W 2 192.0.2.2
check_ok "SF 2 pings the host behind the physical port" \
	ip netns exec sfns2 ping -c 3 -i 0.2 -W 2 192.0.2.3
check_ok "the host pings SF 1" \
	ip netns exec sfhost ping -c 3 -i 0.2 -W 2 192.0.2.1

rx=$(ip -n sfns1 -j -s link show "$n1" | jq '.[0].stats64.rx.packets')
check_ok "ip -s link counts SF 1's received packets ($rx)" test "$rx" -ge 3
check_ok "ethtool -S has per-queue counters" \
	sh -c "ip netns exec sfns1 ethtool -S $n1 | grep -q rx0_packets"
check_ok "MTU 9000 within the model's limit" ip -n sfns1 link set "$n1" mtu 9000
check_fail "MTU 9001 beyond it" ip -n sfns1 link set "$n1" mtu 9001
check_ok "representor down takes SF 1's link down" \
	sh -c "ip link set $r1 down &&
	       for i in \$(seq 50); do
		       ip -n sfns1 link show $n1 | grep -q LOWER_UP || exit 0
		       sleep 0.1
	       done; exit 1"
