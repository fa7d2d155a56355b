#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Teardown commands that fail (queue_destroy, vport_detach) leave the
# device pointing at nothing the driver freed and leak nothing: as on
# mlx5, the driver logs the failure and carries on, and the device
# reclaims the queue or function. Taking a netdev down, deactivating and
# deleting an SF, and removing the NIC all complete; what was torn down
# comes back up; nothing is left behind in the model.
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/common.sh"

MDEVC_DEVS=/sys/bus/mdevc/devices

sfnic_setup
switchdev
pf=$(port_field "$DEV/65535" netdev)
check_ok "PF (uplink representor) up" ip link set "$pf" up

port=$(sf_add 3)
rep=$(port_field "$port" netdev)
check_ok "representor up" ip link set "$rep" up
check_ok "hw_addr" devlink port function set "$port" hw_addr 02:00:00:00:00:03
check_ok "SF active" sf_activate "$port"
nd=$(sf_netdev 3)
check_ok "SF netdev up" ip link set "$nd" up

# More failures than any retry loop: the device never says yes.
inject queue_destroy 100
check_ok "SF netdev down although its queues' destroy fails" \
	ip link set "$nd" down
echo 0 > "$FAIL_DIR/queue_destroy/count"
check_ok "the SF netdev comes up again: its queues were reclaimed" \
	ip link set "$nd" up
check_ok "the failure is logged" \
	sh -c "dmesg | grep -q 'queue_destroy failed'"
inject queue_destroy 100
check_ok "PF down although its queues' destroy fails" ip link set "$pf" down
echo 0 > "$FAIL_DIR/queue_destroy/count"
check_ok "and up again" ip link set "$pf" up

# The SF driver lets go of a function whose queues and detach fail.
inject queue_destroy 100
inject vport_detach 100
check_ok "state inactive" devlink port function set "$port" state inactive
check_ok "the function is released: inactive/detached" \
	wait_for 30 fn_is "$port" inactive detached
check_ok "its device goes" wait_for 30 sh -c "[ -z \"\$(ls $MDEVC_DEVS)\" ]"
echo 0 > "$FAIL_DIR/queue_destroy/count"
echo 0 > "$FAIL_DIR/vport_detach/count"
check_ok "active again" sf_activate "$port"

# port del of the active SF, its representor up: everything fails.
inject queue_destroy 100
inject vport_detach 100
check_ok "port del" devlink port del "$port"
check_ok "the representor is gone" test ! -e "/sys/class/net/$rep"
check_ok "the deferred free completes: sfnum 3 is free again" \
	wait_for 30 sf_add 3
echo 0 > "$FAIL_DIR/queue_destroy/count"
echo 0 > "$FAIL_DIR/vport_detach/count"

# And the NIC goes with an SF, netdevs up, every teardown failing.
port=$DEV/32768
rep=$(port_field "$port" netdev)
check_ok "representor up" ip link set "$rep" up
check_ok "SF active" sf_activate "$port"
check_ok "SF netdev up" ip link set "$(sf_netdev 3)" up
inject queue_destroy 100
inject vport_detach 100
mark="sfnic-test-11-$$"
echo "$mark" > /dev/kmsg
check_ok "del_device completes" sysfs_write "$SFNIC_BUS/del_device" "$ID"
check_ok "and leaves nothing behind in the model" \
	sh -c "! dmesg | sed -n '/$mark/,\$p' | grep -E 'left behind|not released'"
check_ok "new_device again" sysfs_write "$SFNIC_BUS/new_device" "$ID"
