#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Writing a UUID to the vendor SF type's create file ends like devlink
# port add + state active: an SF with an automatic sfnum, its own eswitch
# port and representor, bound to the SF driver with its devlink instance
# and netdev. Removing the mdev removes the SF and its port. A create
# whose SF driver cannot drive the new SF fails with the driver's error
# and leaves neither the mdev nor its port behind.
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/common.sh"

sfnic_setup
switchdev
avail=$(cat "$SF_TYPE/available_instances")
check_ok "SF type offers instances in switchdev mode ($avail)" test "$avail" -gt 0
uuid=$(cat /proc/sys/kernel/random/uuid)
check_ok "create an SF through mdevc" sysfs_write "$SF_TYPE/create" "$uuid"
mdev=/sys/bus/mdevc/devices/$uuid
check_ok "mdev exists" test -d "$mdev"
sfnum=$(cat "$mdev/sfnum")
check_eq "automatic sfnum 0" 0 "$sfnum"
port=$(cat "$mdev/devlink_port")
check_eq "its own eswitch port" "$DEV/32768" "$port"
check_eq "port's sfnum" "$sfnum" "$(port_field "$port" sfnum)"
check_ok "active/attached" wait_for 30 fn_is "$port" active attached
check_ok "SF devlink instance" devlink dev show "mdevc/$uuid"
check_ok "SF netdev" test -n "$(sf_netdev "$sfnum")"
check_eq "one fewer instance available" $((avail - 1)) "$(cat "$SF_TYPE/available_instances")"
check_err "devlink port del points to the mdev" "remove it with /sys/bus/mdevc/devices" \
	devlink port del "$port"

p2=$(sf_add 1)
check_eq "devlink SF takes the next port" "$DEV/32769" "$p2"
check_ok "remove the mdev" sysfs_write "$mdev/remove" 1
check_ok "mdev gone" wait_for 10 test ! -e "$mdev"
check_fail "its port is gone" devlink port show "$port"
check_ok "the devlink SF stays" devlink port show "$p2"
check_fail "SF devlink instance gone" devlink dev show "mdevc/$uuid"

# The SF driver's probe fails (the device refuses to size the SF's event
# queues): the write fails with that error, as the kernel's mdev core
# fails a create whose driver cannot attach, and nothing stays.
avail=$(cat "$SF_TYPE/available_instances")
ports=$(devlink port show | grep -c "flavour pcisf")
inject vport_set_eqs 1 5
bad=$(cat /proc/sys/kernel/random/uuid)
check_err "create fails with the SF driver's error" "Input/output error" \
	sysfs_write "$SF_TYPE/create" "$bad"
check_eq "the fault was consumed" 0 "$(cat "$FAIL_DIR/vport_set_eqs/count")"
check_ok "no such mdev" test ! -e "/sys/bus/mdevc/devices/$bad"
check_eq "no SF port left" "$ports" "$(devlink port show | grep -c "flavour pcisf")"
check_eq "the instance is back" "$avail" "$(cat "$SF_TYPE/available_instances")"
check_ok "the kernel log says why" \
	sh -c "dmesg | grep -qF '$bad: the class driver failed: -5'"
check_ok "the same UUID then works" sysfs_write "$SF_TYPE/create" "$bad"
check_ok "and binds the SF driver" \
	test -e "/sys/bus/mdevc/devices/$bad/driver"
check_ok "remove it" sysfs_write "/sys/bus/mdevc/devices/$bad/remove" 1
check_ok "gone" wait_for 10 test ! -e "/sys/bus/mdevc/devices/$bad"
