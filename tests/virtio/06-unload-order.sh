#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Module unload ordering: the bridge can go while devices exist (their
# netdevs go, the devices stay, unbound) and come back (netdevs back);
# nothing the bridge depends on unloads under it.

source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/common.sh"

vnet_setup
UA=$(vnet_create) || fail "create A"
vnet_create >/dev/null || fail "create B"
NA=$(vnet_netdev "$UA") || fail "A has no netdev"
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
check_ok "the bridge unloads again" \
	modprobe -r mdevc_virtio
check_ok "the parent unloads with its devices unbound" \
	modprobe -r sfnic_vnet_pair
check_ok "then mdevc" modprobe -r mdevc
