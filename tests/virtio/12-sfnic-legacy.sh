#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# A sfnic virtio-net function in legacy mode: no port, no representor; the
# model's eswitch switches it by MAC with the PF netdev and the physical
# port, as a VF on mlx5 in legacy SR-IOV. Entering switchdev mode deletes
# it.

source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/../sfnic/common.sh"
source "$(dirname "$0")/common.sh"

VN_TYPE=/sys/class/mdevc_bus/sfnic$ID/mdev_supported_types/sfnic-virtio_net

sfnic_setup
defer ip netns del vlns1
defer ip netns del vlns2
defer ip netns del vlhost
defer ip link del vlvh

check_eq "the eswitch is in legacy mode" legacy \
	"$(devlink -j dev eswitch show "$DEV" | jq -r '.dev[].mode')"
U=$(new_uuid)
check_ok "create a virtio-net function in legacy mode" \
	sysfs_write "$VN_TYPE/create" "$U"
V=$(vnet_netdev "$U") || fail "the function has no netdev"
check_eq "ethtool -i says virtio_net" virtio_net \
	"$(ethtool -i "$V" | sed -n 's/^driver: //p')"
check_eq "devlink shows no port for it, only the uplink" 1 "$(ports_of "$DEV")"
check_fail "its mdev has no devlink port" \
	cat "$MDEVC_DEVS/$U/devlink_port"
pf=$(port_field "$DEV/65535" netdev)

ip link add vlvh type veth peer name vlvp || fail "veth"
ip link set vlvh up
check_ok "plug the physical port into vlvh" sysfs_write "$SYSDEV/phys_port" vlvh
ip netns add vlhost
ip link set vlvp netns vlhost
ip -n vlhost addr add 198.18.0.3/24 dev vlvp
ip -n vlhost link set vlvp up

ip addr add 198.18.0.2/24 dev "$pf"
ip link set "$pf" up
defer ip addr flush dev "$pf"
ip netns add vlns1
ip link set "$V" netns vlns1
ip -n vlns1 addr add 198.18.0.1/24 dev "$V"
ip -n vlns1 link set "$V" up
check_ok "its link is up (legacy mode)" \
	wait_for 10 sh -c "ip -n vlns1 link show $V | grep -q LOWER_UP"
check_ok "function -> PF netdev, switched by MAC" \
	ip netns exec vlns1 ping -c 3 -i 0.2 -W 5 198.18.0.2
check_ok "function -> far side of the physical port" \
	ip netns exec vlns1 ping -c 3 -i 0.2 -W 5 198.18.0.3
check_ok "far side -> function" \
	ip netns exec vlhost ping -c 3 -i 0.2 -W 5 198.18.0.1

U2=$(new_uuid)
check_ok "a second function" sysfs_write "$VN_TYPE/create" "$U2"
V2=$(vnet_netdev "$U2") || fail "the second function has no netdev"
ip netns add vlns2
ip link set "$V2" netns vlns2
ip -n vlns2 addr add 198.18.0.4/24 dev "$V2"
ip -n vlns2 link set "$V2" up
check_ok "function -> function, switched by MAC" \
	ip netns exec vlns1 ping -c 3 -i 0.2 -W 5 198.18.0.4

check_ok "entering switchdev mode" devlink dev eswitch set "$DEV" mode switchdev
check_ok "takes the legacy function away" \
	wait_for 20 sh -c "! test -e $MDEVC_DEVS/$U"
check_fail "with its netdev" ip -n vlns1 link show "$V"
check_fail "and the second function's" ip -n vlns2 link show "$V2"
check_ok "back to legacy mode" devlink dev eswitch set "$DEV" mode legacy
U=$(new_uuid)
check_ok "a new function" sysfs_write "$VN_TYPE/create" "$U"
check_ok "removed while up" sysfs_write "$MDEVC_DEVS/$U/remove" 1
