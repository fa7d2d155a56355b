#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The VFIO fuzzer's status machine and chain modes against sfnic's own
# vfio function: there the engine's port is the function's model vport,
# attached and given model queues at every DRIVER_OK, detached at every
# reset or FAILED, and its frames go through the eswitch to the
# representor pf0sf<N>, which floods it meanwhile. Thousands of starts
# and stops later the function, its port and its representor are as they
# were, it exchanges frames, memory is where it was after a warm-up, and
# nothing is left when the NIC goes. The harness fails it on any kernel
# report, hang or kmemleak finding.
#
# FUZZ_SECS (50) / 2 is its time, FUZZ_SEED its seed (random, printed as
# a TAP note), as in 05-fuzz.
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/../sfnic/common.sh"
source "$(dirname "$0")/vfio-lib.sh"

SECS=$(( ${FUZZ_SECS:-50} / 2 ))
SEED=${FUZZ_SEED:-$(od -An -N6 -tu8 /dev/urandom | tr -d ' ')}
note "seed $SEED (FUZZ_SEED=$SEED reproduces it)"
VF_TYPE=/sys/class/mdevc_bus/sfnic$ID/mdev_supported_types/sfnic-virtio_net_vfio
tmp=$(mktemp -d)
defer "rm -rf $tmp"

[ -x "$VFIO_CLIENT" ] || fail "no $VFIO_CLIENT: run make first"
load_mod vfio_iommu_type1
sfnic_setup
switchdev
U=$(cat /proc/sys/kernel/random/uuid)
check_ok "create a vfio function" sysfs_write "$VF_TYPE/create" "$U"
dev=/sys/bus/mdevc/devices/$U
defer "[ ! -e $dev ] || echo 1 > $dev/remove"
check_ok "bound, with an IOMMU group" wait_for 60 test -e "$dev/iommu_group"
vp=$(cat "$dev/devlink_port")
rep=$(port_field "$vp" netdev)
[ -n "$rep" ] || fail "the function has no representor"
ip link set "$rep" up
rep_flood "$rep" $((SECS * 2 + 120))

fuzz_warmup "$dev" "$rep" "$tmp" statefuzz chainfuzz
before=$(mem_snapshot "$tmp/slab.before")
log "before: kmalloc B, SUnreclaim kB, MemAvailable kB: $before"

for mode in statefuzz chainfuzz; do
	fuzz_mode "$dev" "$rep" "$mode" -t $((SECS / 2))
done

kill "$REP_FLOOD_PID"
wait "$REP_FLOOD_PID" 2>/dev/null
check_eq "the function keeps its port and representor" "$rep" \
	"$(port_field "$(cat "$dev/devlink_port")" netdev)"
check_ok "the function works for its next user" \
	"$VFIO_CLIENT" "$dev" pingpong "$rep"
after=$(mem_snapshot "$tmp/slab.after")
log "after: kmalloc B, SUnreclaim kB, MemAvailable kB: $after"
mem_compare "$tmp/slab" "$before" "$after" 256
check_ok "remove the function" sysfs_write "$dev/remove" 1
check_ok "its port is gone" \
	sh -c "! devlink port show $vp >/dev/null 2>&1"
