#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The physical port cannot be plugged into a netdev of a sfnic NIC (its
# PF, a representor, an SF's netdev): frames would go round the NIC in
# softirq for ever. The write fails with EINVAL and one log line says why;
# the port stays unplugged, and a host netdev is still accepted.
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/common.sh"

sfnic_setup
switchdev
pf=$(port_field "$DEV/65535" netdev)
port=$(sf_add 4)
rep=$(port_field "$port" netdev)
check_ok "hw_addr" devlink port function set "$port" hw_addr 02:00:00:00:00:04
check_ok "SF active" sf_activate "$port"
nd=$(sf_netdev 4)

for what in "PF:$pf" "representor:$rep" "SF netdev:$nd"; do
	name=${what#*:}
	check_err "plugging the physical port into the ${what%%:*} $name is refused" \
		"Invalid argument" sysfs_write "$SYSDEV/phys_port" "$name"
	check_ok "the kernel log says why" \
		sh -c "dmesg | grep -q 'cannot plug the physical port into $name'"
	check_eq "the port stays unplugged" "" "$(cat "$SYSDEV/phys_port")"
done

check_ok "a veth pair" ip link add sfvh type veth peer name sfvp
defer ip link del sfvh
check_ok "a host netdev is accepted" sysfs_write "$SYSDEV/phys_port" sfvh
check_eq "plugged" sfvh "$(cat "$SYSDEV/phys_port")"
check_err "replugging into the PF is refused" "Invalid argument" \
	sysfs_write "$SYSDEV/phys_port" "$pf"
check_eq "and leaves the port where it was" sfvh "$(cat "$SYSDEV/phys_port")"
check_ok "unplug" sysfs_write "$SYSDEV/phys_port" ""
