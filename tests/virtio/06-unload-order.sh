#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Module unload ordering: the bridge can go while devices exist (their
# netdevs go, the devices stay, unbound) and come back (netdevs back);
# nothing the bridge depends on unloads under it.
#
# udev loads the bridge from each device's MODALIAS uevent, on its own
# time: the test lets udev settle before each unload, or a late autoload
# of mdevc_virtio (for B, whose netdev nobody waited for) holds mdevc and
# fails the last step with "Module mdevc is in use".

source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/common.sh"

vnet_setup
UA=$(vnet_create) || fail "create A"
UB=$(vnet_create) || fail "create B"
NA=$(vnet_netdev "$UA") || fail "A has no netdev"
vnet_netdev "$UB" >/dev/null || fail "B has no netdev"
udevadm settle
check_ok "the netdev is up" ip link set "$NA" up

check_fail "mdevc cannot unload under the bridge" modprobe -r mdevc
check_ok "the bridge unloads while its devices are up" \
	modprobe -r mdevc_virtio
check_fail "the netdev went with it" ip link show "$NA"
check_ok "the mdevc devices stay" test -e "$MDEVC_DEVS/$UA"
check_fail "... unbound" test -e "$MDEVC_DEVS/$UA/driver"
check_ok "the bridge loads again" load_mod mdevc_virtio
NA=$(vnet_netdev "$UA") || fail "no netdev after reloading the bridge"
check_ok "the device has its netdev again" ip link show "$NA"
udevadm settle
check_ok "the bridge unloads again" \
	modprobe -r mdevc_virtio
check_ok "the parent unloads with its devices unbound" \
	modprobe -r sfnic_vnet_pair
udevadm settle
check_ok "then mdevc" modprobe -r mdevc
