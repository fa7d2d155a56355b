#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# timeout: 900
#
# Every model command can be made to fail (debugfs fault injection), and
# the user operation that issues it then fails cleanly: the user sees an
# error (the extack or the errno), no half-made NIC, port, device, netdev
# or queue is left, and the next try succeeds. Teardown commands cannot
# fail the operation that issues them: it completes, the failure is
# logged, and nothing is left behind.
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/common.sh"

NEXT_DIR=/sys/kernel/debug/sfnic/next_nic/fail
ID2=$((ID + 1))

sfnic_setup
check_ok "fault injection knobs in debugfs" test -d "$FAIL_DIR/vport_create"
check_err "a negative fault count is refused" "Invalid argument" \
	sysfs_write "$FAIL_DIR/vport_create/count" -1
check_eq "and arms nothing" 0 "$(cat "$FAIL_DIR/vport_create/count")"
check_err "an errno of 0 is refused" "Invalid argument" \
	sysfs_write "$FAIL_DIR/vport_create/errno" 0

# logged TEXT: TEXT is in the kernel log since the mark of this step.
logged()
{
	dmesg | sed -n "/$mark/,\$p" | grep -qF -- "$1"
}

step()
{
	mark="sfnic-05-faults-$1"
	echo "$mark" > /dev/kmsg
}

# The commands of a NIC's probe, armed for the next NIC.
netdevs=$(ls /sys/class/net | wc -l)
for cmd in query_caps query_fw vport_set_mac; do
	step "$cmd"
	echo 12 > "$NEXT_DIR/$cmd/errno"
	echo 1 > "$NEXT_DIR/$cmd/count"
	check_err "new_device fails when the probe's $cmd fails" \
		"Input/output error" sysfs_write "$SFNIC_BUS/new_device" "$ID2"
	check_ok "the log says why" logged "probe of sfnic$ID2 failed with error -12"
	check_eq "the fault was consumed" 0 "$(cat "$NEXT_DIR/$cmd/count")"
	check_ok "no NIC left" test ! -e "$SFNIC_BUS/devices/sfnic$ID2"
	check_fail "no devlink instance left" devlink dev show "sfnic/sfnic$ID2"
	check_eq "no netdev left" "$netdevs" "$(ls /sys/class/net | wc -l)"
	check_ok "new_device retried succeeds" \
		sysfs_write "$SFNIC_BUS/new_device" "$ID2"
	check_ok "and del_device" sysfs_write "$SFNIC_BUS/del_device" "$ID2"
done
check_ok "the PF netdev's failure is named" \
	logged "failed to create the PF netdev: -12"

switchdev
netdevs=$(ls /sys/class/net | wc -l)

inject vport_create 1 12
check_err "port add fails when the device cannot allocate the SF" \
	"Device failed to allocate the SF function" \
	devlink port add "$DEV" flavour pcisf pfnum 0 sfnum 5
check_eq "no port left" 1 "$(ports_of "$DEV")"
check_eq "no netdev left" "$netdevs" "$(ls /sys/class/net | wc -l)"
check_eq "the fault was consumed" 0 "$(cat "$FAIL_DIR/vport_create/count")"
port=$(sf_add 5)
check_eq "port add retried succeeds" "$DEV/32768" "$port"
rep=$(port_field "$port" netdev)

inject queue_create 1 12
check_err "representor up fails when its queue cannot be created" \
	"Cannot allocate memory" ip link set "$rep" up
check_ok "it stays down" sh -c "! ip link show $rep | grep -q ',UP'"
check_ok "representor up retried (no queue was left behind)" \
	ip link set "$rep" up

check_ok "representor down" ip link set "$rep" down
inject vport_set_link 1 12
check_err "representor up fails when the device cannot set the link" \
	"Cannot allocate memory" ip link set "$rep" up
check_ok "it stays down" sh -c "! ip link show $rep | grep -q ',UP'"
check_ok "representor up retried" ip link set "$rep" up

inject vport_set_mac
check_err "hw_addr set fails cleanly" "Device failed to set the function's MAC" \
	devlink port function set "$port" hw_addr 02:00:00:00:00:05
check_eq "hw_addr unchanged" 00:00:00:00:00:00 "$(fn_field "$port" hw_addr)"
check_ok "hw_addr set retried" devlink port function set "$port" hw_addr 02:00:00:00:00:05

inject vport_enable
check_err "activation fails cleanly" "Device failed to enable the SF function" \
	devlink port function set "$port" state active
check_ok "function stays inactive/detached" fn_is "$port" inactive detached
check_ok "activation retried" sf_activate "$port"
nd=$(sf_netdev 5)

# The SF netdev's own commands.
inject queue_create 1 12
check_err "SF netdev up fails when a queue cannot be created" \
	"Cannot allocate memory" ip link set "$nd" up
check_ok "SF netdev up retried (no queue was left behind)" \
	ip link set "$nd" up
check_ok "SF netdev down" ip link set "$nd" down
inject vport_query 1 12
check_err "SF netdev up fails when its link cannot be read" \
	"Cannot allocate memory" ip link set "$nd" up
check_ok "it stays down" sh -c "! ip link show $nd | grep -q ',UP'"
check_ok "SF netdev up retried" ip link set "$nd" up
check_eq "with carrier: its representor is up" 1 \
	"$(cat "/sys/class/net/$nd/carrier")"
inject vport_set_mtu 1 12
check_err "MTU change fails cleanly" "Cannot allocate memory" \
	ip link set "$nd" mtu 2000
check_eq "MTU unchanged" 1500 "$(cat "/sys/class/net/$nd/mtu")"
check_ok "MTU change retried" ip link set "$nd" mtu 2000
inject vport_set_mac 1 12
check_err "host-side MAC change fails cleanly" "Cannot allocate memory" \
	ip link set "$nd" address 02:00:00:00:55:55
check_eq "MAC unchanged" 02:00:00:00:00:05 "$(cat "/sys/class/net/$nd/address")"
check_ok "MAC change retried" ip link set "$nd" address 02:00:00:00:55:55

# Teardown commands: the operation completes, the failure is logged.
# One command destroys all the netdev's queues.
step queue_destroy
inject queue_destroy 1 12
check_ok "SF netdev down although its queues' destroy fails" \
	ip link set "$nd" down
check_ok "the failure is logged" logged "queue_destroy failed"
check_eq "the fault was consumed" 0 "$(cat "$FAIL_DIR/queue_destroy/count")"
check_ok "SF netdev up again: its queues were released" ip link set "$nd" up
step vport_set_link
inject vport_set_link 1 12
check_ok "representor down although the device cannot set the link" \
	ip link set "$rep" down
check_ok "the failure is logged" logged "vport_set_link failed"
check_ok "representor up again" ip link set "$rep" up

inject vport_disable
check_err "deactivation fails cleanly" "Device failed to disable the SF function" \
	devlink port function set "$port" state inactive
check_ok "function stays active/attached" fn_is "$port" active attached
check_ok "SF netdev still there" test -n "$(sf_netdev 5)"
step vport_detach
inject vport_detach 1 12
check_ok "deactivation retried, the SF driver's detach failing" \
	devlink port function set "$port" state inactive
check_ok "function released all the same" \
	wait_for 30 fn_is "$port" inactive detached
check_ok "the failure is logged" logged "vport_detach failed"

# As on mlx5, port del never fails because the device will not free the
# function yet: the port goes at once and the slot is freed later.
inject vport_destroy
check_ok "port del succeeds although the device refused to free the SF" \
	devlink port del "$port"
check_eq "only the uplink left" 1 "$(ports_of "$DEV")"
check_eq "the fault was consumed" 0 "$(cat "$FAIL_DIR/vport_destroy/count")"
check_ok "the deferred free retried: sfnum 5 is free again" \
	wait_for 10 devlink port add "$DEV" flavour pcisf pfnum 0 sfnum 5
check_ok "and that port deleted" devlink port del "$DEV/32768"

# Nor because the device refuses to disable an active SF: its driver is
# asked to let go and the disable is retried.
port=$(sf_add 5)
check_ok "SF active" sf_activate "$port"
inject vport_disable
check_ok "port del succeeds although the device refused to disable the SF" \
	devlink port del "$port"
check_eq "only the uplink left" 1 "$(ports_of "$DEV")"
check_eq "the fault was consumed" 0 "$(cat "$FAIL_DIR/vport_disable/count")"
check_ok "its device goes" wait_for 30 test ! -e "$SYSDEV/sf5"
check_ok "the disable and free retried: sfnum 5 is free again" \
	wait_for 30 devlink port add "$DEV" flavour pcisf pfnum 0 sfnum 5
check_ok "and that port deleted" devlink port del "$DEV/32768"

inject esw_set_mode
check_err "eswitch mode change fails cleanly" "Device failed to change the eswitch mode" \
	devlink dev eswitch set "$DEV" mode legacy
check_eq "still switchdev" switchdev \
	"$(devlink -j dev eswitch show "$DEV" | jq -r ".dev[\"$DEV\"].mode")"

# A failure while the SF driver binds leaves the function active but
# detached (no netdev); deactivation still works.
port=$(sf_add 6)
inject vport_attach
devlink port function set "$port" state active
check_ok "its mdev appears" wait_for 10 sh -c "ls /sys/bus/mdevc/devices | grep -q ."
sleep 1
check_ok "SF whose driver failed to bind stays active/detached" \
	fn_is "$port" active detached
check_ok "port del cleans it up" devlink port del "$port"
check_ok "and its unbound mdev goes" \
	wait_for 30 sh -c "! ls /sys/bus/mdevc/devices/ | grep -q ."
check_eq "no netdev left" "$netdevs" "$(ls /sys/class/net | wc -l)"

for f in "$FAIL_DIR"/*/count; do
	check_eq "no fault left armed: $(basename "$(dirname "$f")")" 0 "$(cat "$f")"
done
