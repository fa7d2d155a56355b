#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Every module of the stack loads by name with modprobe (as after 'make
# install') and unloads again, leaving nothing loaded; the runner fails the
# test on any kernel warning in between.
source "$(dirname "$0")/../lib.sh"

KVER=$(uname -r)
mods=()
for ko in /lib/modules/"$KVER"/updates/sfnic/*.ko; do
	m=$(basename "$ko" .ko)
	case "$m" in sfnic_selftest_*) continue ;; esac
	mods+=("$m")
done
[ ${#mods[@]} -gt 0 ] || fail "no module of the stack is staged"
log "modules: ${mods[*]}"

for m in "${mods[@]}"; do
	check_ok "modinfo $m names its license and description" \
		sh -c "modinfo -F license $m | grep -q GPL &&
		       modinfo -F description $m | grep -q ."
done
for m in "${mods[@]}"; do
	check_ok "modprobe $m" modprobe "$m"
done
for m in "${mods[@]}"; do
	grep -q "^${m//-/_} " /proc/modules || fail "$m is not loaded"
done
pass "all ${#mods[@]} modules are loaded"
for ((i = ${#mods[@]} - 1; i >= 0; i--)); do
	check_ok "modprobe -r ${mods[i]}" modprobe -r "${mods[i]}"
done
for m in "${mods[@]}"; do
	! grep -q "^${m//-/_} " /proc/modules || fail "$m is still loaded"
done
pass "no module of the stack is left loaded"
