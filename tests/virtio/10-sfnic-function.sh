#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# A virtio-net function of sfnic: created through its mdevc type, driven
# by virtio_net with the function's MAC, it is a port of the NIC beside an
# SF (devlink port show lists both), and pings the SF (in another netns)
# through their representors bridged on the host, and a host on the far
# side of the physical port.

source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/../sfnic/common.sh"
source "$(dirname "$0")/common.sh"

VN_TYPE=/sys/class/mdevc_bus/sfnic$ID/mdev_supported_types/sfnic-virtio_net

sfnic_setup
defer ip netns del vfns1
defer ip netns del vfns2
defer ip netns del vfhost
defer ip link del vfbr0
defer ip link del vfvh

switchdev
check_eq "the virtio-net type is of the virtio class" vfio-or-virtio \
	"$(grep -q virtio "$VN_TYPE/device_api" && echo vfio-or-virtio)"

U=$(new_uuid)
check_ok "create a virtio-net function" sysfs_write "$VN_TYPE/create" "$U"
V=$(vnet_netdev "$U") || fail "the function has no netdev"
check_eq "ethtool -i says virtio_net" virtio_net \
	"$(ethtool -i "$V" | sed -n 's/^driver: //p')"
check_eq "the virtio_net type has one queue pair" 1/1 \
	"$(ethtool -l "$V" | awk '/^Combined:/ { c[n++] = $2 }
				  END { print c[0] "/" c[1] }')"
vp=$(cat "$MDEVC_DEVS/$U/devlink_port")
check_eq "its devlink port has the flavour of an SF" pcisf \
	"$(port_field "$vp" flavour)"
check_eq "the netdev has the function's hw_addr" "$(fn_field "$vp" hw_addr)" \
	"$(cat "/sys/class/net/$V/address")"
check_eq "the function is active and attached" active/attached \
	"$(fn_field "$vp" state)/$(fn_field "$vp" opstate)"
rv=$(port_field "$vp" netdev)
check_ok "it has a representor" test -n "$rv"

p1=$(sf_add 1)
check_ok "an SF beside it" devlink port function set "$p1" hw_addr 02:00:00:00:00:01
check_ok "SF active and attached" sf_activate "$p1"
check_eq "devlink port show lists the uplink, the SF and the function" 3 \
	"$(ports_of "$DEV")"
n1=$(sf_netdev 1)
r1=$(port_field "$p1" netdev)
up=$(port_field "$DEV/65535" netdev)

ip link add vfvh type veth peer name vfvp || fail "veth"
ip link set vfvh up
check_ok "plug the physical port into vfvh" sysfs_write "$SYSDEV/phys_port" vfvh
ip netns add vfhost
ip link set vfvp netns vfhost
ip -n vfhost addr add 198.51.100.3/24 dev vfvp
ip -n vfhost link set vfvp up

ip link add vfbr0 type bridge || fail "bridge"
for d in "$rv" "$r1" "$up"; do
	ip link set "$d" master vfbr0 || fail "enslave $d"
	ip link set "$d" up
done
ip link set vfbr0 up

ip netns add vfns1
ip netns add vfns2
ip link set "$V" netns vfns1
ip link set "$n1" netns vfns2
ip -n vfns1 addr add 198.51.100.1/24 dev "$V"
ip -n vfns2 addr add 198.51.100.2/24 dev "$n1"
ip -n vfns1 link set "$V" up
ip -n vfns2 link set "$n1" up
check_ok "the virtio netdev's link follows its representor (up)" \
	wait_for 10 sh -c "ip -n vfns1 link show $V | grep -q LOWER_UP"
check_ok "virtio-net function -> SF through the representors" \
	ip netns exec vfns1 ping -c 3 -i 0.2 -W 5 198.51.100.2
check_ok "SF -> virtio-net function" \
	ip netns exec vfns2 ping -c 3 -i 0.2 -W 5 198.51.100.1
check_ok "virtio-net function -> far side of the physical port" \
	ip netns exec vfns1 ping -c 3 -i 0.2 -W 5 198.51.100.3

check_ok "its representor goes down" ip link set "$rv" down
check_ok "the virtio netdev loses its carrier" \
	wait_for 10 sh -c "ip -n vfns1 link show $V | grep -q NO-CARRIER"
ip link set "$rv" up

# The engine's safety net on sfnic: a malformed ring from a rogue driver.
mountpoint -q /sys/kernel/debug || mount -t debugfs none /sys/kernel/debug
D=/sys/kernel/debug/sfnic/sfnic$ID/$U
vv=$(vnet_virtio "$U")
check_ok "virtio_net lets go of the function" \
	sysfs_write /sys/bus/virtio/drivers/virtio_net/unbind "$vv"
check_eq "which detaches it" active/detached \
	"$(fn_field "$vp" state)/$(fn_field "$vp" opstate)"
check_ok "a descriptor loop is injected" sysfs_write "$D/inject" loop
check_eq "it is refused with NEEDS_RESET" "0x4f needs_reset" \
	"$(sed -n 's/^status: //p' "$D/state")"
check_eq "and counted" 1 "$(sed -n 's/^ring_errors: //p' "$D/state")"
check_ok "a reset gives the function back" sysfs_write "$D/inject" release
check_ok "virtio_net binds it again" \
	sysfs_write /sys/bus/virtio/drivers/virtio_net/bind "$vv"
V=$(vnet_netdev "$U") || fail "no netdev after rebinding"
ip link set "$V" netns vfns1
ip -n vfns1 addr add 198.51.100.1/24 dev "$V"
ip -n vfns1 link set "$V" up
check_ok "the function pings the SF again" wait_for 15 \
	ip netns exec vfns1 ping -c 1 -W 1 198.51.100.2

check_ok "remove the function while up" \
	sysfs_write "$MDEVC_DEVS/$U/remove" 1
check_eq "its port is gone, the SF's stays" 2 "$(ports_of "$DEV")"
check_ok "another function" sysfs_write "$VN_TYPE/create" "$(new_uuid)"
check_ok "leaving switchdev mode takes it away" \
	devlink dev eswitch set "$DEV" mode legacy
check_eq "only the uplink port is left" 1 "$(ports_of "$DEV")"
