#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The function's link state (VIRTIO_NET_F_STATUS) reaches virtio_net by a
# configuration change interrupt: the carrier follows it.

source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/common.sh"

carrier_is()
{
	[ "$(ip netns exec vnA cat "/sys/class/net/$NA/carrier" 2>/dev/null)" = "$1" ]
}

vnet_setup
vnet_pair_up vnA vnB

check_ok "the link starts up" wait_for 10 carrier_is 1
check_ok "the function's link goes down" \
	sysfs_write "$MDEVC_DEVS/$UA/link" 0
check_ok "the netdev loses its carrier" wait_for 10 carrier_is 0
# The operstate behind ip's NO-CARRIER follows the carrier through the
# linkwatch work, up to a second later.
check_ok "ip link shows NO-CARRIER" \
	wait_for 5 sh -c "ip -n vnA link show $NA | grep -q NO-CARRIER"
check_fail "no ping without a link" \
	ip netns exec vnA ping -c 1 -W 1 10.77.0.2
check_ok "the function's link comes back" \
	sysfs_write "$MDEVC_DEVS/$UA/link" 1
check_ok "the netdev gets its carrier back" wait_for 10 carrier_is 1
check_ok "ping works again" \
	ip netns exec vnA ping -c 3 -i 0.2 -W 5 10.77.0.2
