# SPDX-License-Identifier: GPL-2.0
#
# Helpers of the vfio class tests, sourced after ../lib.sh. The devices
# come from the test parent vfio_vnet_sample (tests/vfio/modules/): a
# virtio-net PCI function per device, with a representor netdev whose
# name is in the device's "rep" file.

VFIO_CLIENT=$SFNIC_ROOT/tests/vfio/client/vfio-vnet
VNET_PARENT=vfio_vnet_sample
VNET_TYPE=/sys/class/mdevc_bus/$VNET_PARENT/mdev_supported_types/$VNET_PARENT-vnet

# vfio_setup: load the test parent (and through it the vfio class driver)
vfio_setup()
{
	[ -x "$VFIO_CLIENT" ] || fail "no $VFIO_CLIENT: run make first"
	load_mod vfio_iommu_type1
	load_mod vfio_vnet_sample
	defer stack_unload
	wait_for 60 test -d "$VNET_TYPE" || fail "no type $VNET_TYPE"
}

# vnet_create: create a device, wait until the vfio class driver bound it
# and VFIO gave it an IOMMU group; sets VNET_DEV to its sysfs directory.
# The first one waits for udev to load the class driver: seconds, more
# than ten on the debug kernel of a busy machine. (Not in a $(...)
# subshell: it defers the device's removal.)
vnet_create()
{
	local uuid dev

	uuid=$(cat /proc/sys/kernel/random/uuid)
	dev=/sys/bus/mdevc/devices/$uuid
	sysfs_write "$VNET_TYPE/create" "$uuid" >&2 ||
		fail "creating a vnet device"
	defer "[ ! -e $dev ] || echo 1 > $dev/remove"
	wait_for 60 test -e "$dev/iommu_group" ||
		fail "device $uuid got no IOMMU group"
	VNET_DEV=$dev
}

# vnet_rep DEV: the representor of a device, up
vnet_rep()
{
	local rep

	rep=$(cat "$1/rep") || fail "no representor for $1"
	ip link set "$rep" up || fail "ip link set $rep up"
	echo "$rep"
}

# rep_stat REP FIELD: a statistics counter of a netdev
rep_stat()
{
	cat "/sys/class/net/$1/statistics/$2"
}

# rep_flood REP SECONDS: send broadcast frames on REP for SECONDS, in the
# background (an AF_PACKET sender; REP needs no address)
rep_flood()
{
	python3 - "$1" "$2" <<'PY' &
import socket, sys, time
s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
s.bind((sys.argv[1], 0))
frame = b"\xff" * 6 + b"\x02" * 6 + b"\x88\xb5" + b"x" * 46
end = time.time() + float(sys.argv[2])
while time.time() < end:
    s.send(frame)
    time.sleep(0.002)
PY
	REP_FLOOD_PID=$!
	defer_try "kill $REP_FLOOD_PID"
}

# fuzz_warmup DEV REP DIR MODE...: a short first round (200 steps) of each
# fuzz MODE with the run's $SEED, so that the one-off allocations (the
# device's first open, the representor's traffic) come before memory is
# measured; each mode's output in DIR/warmup.MODE.
fuzz_warmup()
{
	local dev=$1 rep=$2 dir=$3 mode

	shift 3
	for mode in "$@"; do
		"$VFIO_CLIENT" "$dev" "$mode" -s "$SEED" -n 200 "$rep" \
			> "$dir/warmup.$mode" 2>&1 ||
			{ sed 's/^/    | /' "$dir/warmup.$mode"
			  fail "$mode, seed $SEED, 200 steps"; }
	done
}

# fuzz_mode DEV REP MODE ARGS...: run a fuzz MODE of the client with the
# run's $SEED; its output is logged, its result and counts become a pass
# line, the counts a TAP note too.
fuzz_mode()
{
	local dev=$1 rep=$2 mode=$3 out rc counts

	shift 3
	out=$("$VFIO_CLIENT" "$dev" "$mode" -s "$SEED" "$@" "$rep" 2>&1)
	rc=$?
	sed 's/^/    | /' <<<"$out"
	[ $rc -eq 0 ] || fail "$mode, seed $SEED: exit status $rc" \
		"($(grep -m 1 'FAIL' <<<"$out" | sed 's/^ *//'))"
	counts=$(grep '^counts: ' <<<"$out")
	[ -n "$counts" ] || fail "$mode, seed $SEED: no counts"
	pass "$mode: $(grep -E 'ok: [0-9]+ random' <<<"$out" |
		sed 's/.*ok: //'); ${counts#counts: "$mode" }"
	note "$counts"
}
