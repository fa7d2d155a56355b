#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# timeout: 900
#
# Firmware flash and activation, as on mlx5: "devlink dev info" shows
# fw.psid and fw.version running and stored; "devlink dev flash" takes an
# image through request_firmware() (firmware_class.path points at a
# folder of this test's), refuses a truncated, foreign or corrupt one
# with a message and the stored version unchanged, reports its progress
# and changes the stored version only; "devlink dev reload action
# fw_activate" (refused while an SF has its device) makes it the running
# one, counted in the reload stats and shown by ethtool -i on the PF, an
# SF and its representor. A device command failing mid-flash, or at the
# end, fails the flash and leaves the stored image as it was; a failed
# activation leaves the running one and a working NIC.
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/common.sh"

FW_PATH=/sys/module/firmware_class/parameters/path
MODEL_FW=/sys/kernel/debug/sfnic/sfnic$ID/model/fw

# mkimage FILE VERSION [PAYLOAD_LEN [DEFECT]]: an sfnic firmware image
# (Documentation/sfnic-model.rst) with DEFECT: truncated (payload cut),
# short (shorter than a header), magic, crc (a payload bit flipped),
# format (format version 2), trailing (a byte after the payload).
mkimage()
{
	python3 - "$@" <<'EOF'
import struct, sys, zlib
path, ver = sys.argv[1], sys.argv[2]
n = int(sys.argv[3]) if len(sys.argv) > 3 else 65536
defect = sys.argv[4] if len(sys.argv) > 4 else ''
major, minor, sub = (int(x) for x in ver.split('.'))
payload = (bytes(range(3, 256)) * (n // 253 + 1))[:n]
fmt = 2 if defect == 'format' else 1
body = struct.pack('<IHHHHI', fmt, major, minor, sub, 0, n) + payload
img = b'SFFW' + struct.pack('<I', zlib.crc32(body)) + body
if defect == 'truncated':
    img = img[:-100]
elif defect == 'short':
    img = img[:10]
elif defect == 'magic':
    img = b'MLFW' + img[4:]
elif defect == 'crc':
    img = img[:-1] + bytes([img[-1] ^ 1])
elif defect == 'trailing':
    img += b'\0'
open(path, 'wb').write(img)
EOF
}

# fw_ver running|stored|fixed KEY: a version of "devlink dev info".
fw_ver()
{
	devlink -j dev info "${3:-$DEV}" | jq -r ".info[].versions.$1[\"$2\"] // empty"
}

# model_fw KEY: a line of the model's debugfs fw file (running, stored,
# psid, staging).
model_fw()
{
	awk -v k="$1" '$1 == k { print $2 }' "$MODEL_FW"
}

# staged_some: the model holds part of an image being written.
staged_some()
{
	local s

	s=$(model_fw staging)
	[ "$s" != none ] && [ "${s%%/*}" -gt 0 ]
}

# drv_fw NETDEV [NS]: the firmware version ethtool -i reports.
drv_fw()
{
	if [ -n "${2:-}" ]; then
		ip netns exec "$2" ethtool -i "$1"
	else
		ethtool -i "$1"
	fi 2>/dev/null | awk '$1 == "firmware-version:" { print $2 }'
}

# no_sf_device: no SF has its device (mdev), nor its function in the
# model: the SFs deleted left the NIC's table.
no_sf_device()
{
	[ -z "$(ls /sys/bus/mdevc/devices)" ] &&
		! grep -q '^vport 0x8' "$VPORTS"
}

# mon_sync FILE: a flash (of an image devlink refuses) began and ended,
# and the devlink monitor writing FILE saw it.
mon_sync()
{
	devlink dev flash "$DEV" file sfnic/crc.bin >/dev/null 2>&1
	grep -q "^\[flash,end\]" "$1"
}

# reload_count ACTION: the reloads of the NIC's instance devlink counted.
reload_count()
{
	devlink -j -s dev show "$DEV" |
		jq -r ".dev[].stats.reload.$1.unspecified"
}

sfnic_setup
fwdir=$(mktemp -d)
defer_try rm -rf "$fwdir"
mkdir "$fwdir/sfnic"
old_path=$(cat "$FW_PATH")
# A NUL ends the string: an empty path is written as one.
defer "printf '%s\0' '$old_path' > $FW_PATH"
printf '%s\0' "$fwdir" > "$FW_PATH" || fail "firmware_class.path"
ip netns add fwns
defer ip netns del fwns

pf=$(port_field "$DEV/65535" netdev)
check_eq "fw.psid is fixed" SF_0000000001 "$(fw_ver fixed fw.psid)"
check_eq "running fw.version" 1.4.2 "$(fw_ver running fw.version)"
check_eq "stored fw.version, the same" 1.4.2 "$(fw_ver stored fw.version)"
check_eq "the generic fw too" 1.4.2 "$(fw_ver stored fw)"
check_eq "ethtool -i on the PF" 1.4.2 "$(drv_fw "$pf")"

# Bad images: refused before the device sees them.
for b in "truncated:Firmware image is truncated" \
	 "short:Firmware image is truncated" \
	 "magic:Firmware image has a wrong magic: not an sfnic image" \
	 "crc:Firmware image checksum mismatch" \
	 "format:Firmware image format is not supported" \
	 "trailing:Firmware image has bytes after its payload"; do
	d=${b%%:*}
	mkimage "$fwdir/sfnic/$d.bin" 9.9.9 65536 "$d"
	check_err "a $d image is refused" "${b#*:}" \
		devlink dev flash "$DEV" file "sfnic/$d.bin"
	check_eq "the stored version is unchanged" 1.4.2 \
		"$(fw_ver stored fw.version)"
	check_eq "the device holds nothing of it" none "$(model_fw staging)"
done
mkimage "$fwdir/sfnic/empty.bin" 9.9.9 0
check_err "an image without payload is refused" \
	"Firmware image payload is empty or too large" \
	devlink dev flash "$DEV" file sfnic/empty.bin
mkimage "$fwdir/sfnic/huge.bin" 9.9.9 $((1024 * 1024 + 1))
check_err "an image too large is refused" "Firmware image is too large" \
	devlink dev flash "$DEV" file sfnic/huge.bin
check_err "a missing file is refused" \
	"failed to locate the requested firmware file" \
	devlink dev flash "$DEV" file sfnic/none.bin
check_eq "still stored 1.4.2" 1.4.2 "$(fw_ver stored fw.version)"

# A good image. devlink dev flash prints each step (and, on a terminal
# only, the part written in percent); devlink's monitor shows the bytes
# written of the total. The monitor listens once it saw a flash begin.
mkimage "$fwdir/sfnic/good.bin" 1.5.7
mon=$(mktemp)
defer_try rm -f "$mon"
stdbuf -oL devlink mon > "$mon" 2>&1 &
mpid=$!
defer_try kill "$mpid"
check_ok "devlink monitor listens" wait_for 30 mon_sync "$mon"
# iproute2 6.1's "devlink dev flash" sends the request from a child and
# prints the status its parent reads meanwhile; it stops reading when the
# child is done unless it has printed a status already. Our flash takes
# microseconds, so on a busy machine the child may be done before the
# parent's first read, and devlink prints nothing (a real NIC's flash
# takes seconds). The kernel sent every status all the same (the monitor
# below sees them), so the CLI flashes again until it was first to read:
# whatever it prints must be each step, and at least once it must print.
steps="Preparing to flash/Flashing/Verifying/Flash done"
printed=""
for try in 1 2 3 4 5; do
	out=$(devlink dev flash "$DEV" file sfnic/good.bin 2>&1)
	rc=$?
	log "flash $try: $(tr '\n' ' ' <<<"$out")"
	check_eq "a good image flashes" 0 $rc
	[ -n "$out" ] || continue
	printed=$(paste -sd/ <<<"$out")
	break
done
check_eq "devlink printed each step" "$steps" "$printed"
check_ok "the monitor saw the flash done" \
	wait_for 10 grep -q "msg Flash done" "$mon"
kill "$mpid"
log "$(grep -F '[flash,' "$mon" | grep -F -e 'done 0 ' -e 'Flash done' | tr '\n' ' ')"
size=$(stat -c %s "$fwdir/sfnic/good.bin")
check_ok "and the bytes written of $size: 0" grep -q "done 0 total $size" "$mon"
check_ok "4096" grep -q "done 4096 total $size" "$mon"
check_ok "all" grep -q "done $size total $size" "$mon"
check_eq "the stored version is the image's" 1.5.7 "$(fw_ver stored fw.version)"
check_eq "the running one is not" 1.4.2 "$(fw_ver running fw.version)"
check_eq "nor ethtool's" 1.4.2 "$(drv_fw "$pf")"
check_eq "the model agrees" 1.5.7 "$(model_fw stored)"
check_eq "and holds no staged image" none "$(model_fw staging)"

# fw_activate, refused while an SF has its device, as driver_reinit.
switchdev
p=$(sf_add 1)
check_ok "SF 1 active" sf_activate "$p"
check_err "fw_activate refused while an SF has its device" \
	"reload is unsupported when SFs are allocated" \
	devlink dev reload "$DEV" action fw_activate
check_eq "still running 1.4.2" 1.4.2 "$(fw_ver running fw.version)"
check_eq "SF 1 stays attached" active/attached \
	"$(fn_field "$p" state)/$(fn_field "$p" opstate)"
check_eq "no fw_activate counted" 0 "$(reload_count fw_activate)"
sfdl=$(sf_dl 1)
check_eq "the SF's instance shows the NIC's versions" 1.5.7 \
	"$(fw_ver stored fw.version "$sfdl")"
check_err "an SF's instance does not activate firmware" \
	"Requested reload action is not supported by the driver" \
	devlink dev reload "$sfdl" action fw_activate
check_ok "SF 1 deleted" devlink port del "$p"
check_ok "its device goes" wait_for 30 no_sf_device

out=$(devlink dev reload "$DEV" action fw_activate 2>&1)
rc=$?
log "$out"
check_eq "fw_activate with no SF device" 0 $rc
check_ok "it also reinitialized the driver" grep -q "driver_reinit" <<<"$out"
check_eq "running the stored version" 1.5.7 "$(fw_ver running fw.version)"
check_eq "which stays stored" 1.5.7 "$(fw_ver stored fw.version)"
check_eq "one fw_activate counted" 1 "$(reload_count fw_activate)"
check_eq "and one driver_reinit" 1 "$(reload_count driver_reinit)"
check_eq "no reload failed" false "$(reload_failed "$DEV")"
pf=$(port_field "$DEV/65535" netdev)
check_eq "ethtool -i on the PF" 1.5.7 "$(drv_fw "$pf")"
switchdev
p=$(sf_add 2)
check_ok "SF 2 active" sf_activate "$p"
rep=$(port_field "$p" netdev)
check_eq "ethtool -i on the SF's representor" 1.5.7 "$(drv_fw "$rep")"
nd=$(sf_netdev 2)
check_ok "the SF's netdev to another namespace" ip link set "$nd" netns fwns
check_eq "ethtool -i on the SF's netdev" 1.5.7 "$(drv_fw "$nd" fwns)"
check_eq "the SF's instance runs it too" 1.5.7 \
	"$(fw_ver running fw.version "$(sf_dl 2)")"

# A device command failing mid-flash: the 17 chunks of a 64 KiB image
# take 200 ms each; once some were written, the next one fails.
mkimage "$fwdir/sfnic/next.bin" 1.6.0
echo 200 > "$FAIL_DIR/fw_write/delay_ms"
defer_try "echo 0 > $FAIL_DIR/fw_write/delay_ms"
out=$(mktemp)
defer_try rm -f "$out"
devlink dev flash "$DEV" file sfnic/next.bin > "$out" 2>&1 &
fpid=$!
check_ok "the flash is under way" wait_for 10 staged_some
inject fw_write 1 5
wait "$fpid"
check_ok "the flash fails" test $? -ne 0
echo 0 > "$FAIL_DIR/fw_write/delay_ms"
check_ok "saying why" grep -qF \
	"Device failed to write the firmware image" "$out"
check_eq "the fault was consumed" 0 "$(cat "$FAIL_DIR/fw_write/count")"
check_eq "the stored version is unchanged" 1.5.7 "$(fw_ver stored fw.version)"
check_eq "the device dropped the partial image" none "$(model_fw staging)"

for f in "fw_begin:Device failed to start the flash" \
	 "fw_commit:Device failed to verify and store the firmware image"; do
	cmd=${f%%:*}
	inject "$cmd" 1 5
	check_err "the flash fails when $cmd fails" "${f#*:}" \
		devlink dev flash "$DEV" file sfnic/next.bin
	check_eq "the fault was consumed" 0 "$(cat "$FAIL_DIR/$cmd/count")"
	check_eq "the stored version is unchanged" 1.5.7 \
		"$(fw_ver stored fw.version)"
	check_eq "the device dropped the partial image" none \
		"$(model_fw staging)"
done

check_ok "the image flashes without fault" \
	devlink dev flash "$DEV" file sfnic/next.bin
check_eq "stored 1.6.0" 1.6.0 "$(fw_ver stored fw.version)"
check_ok "SF 2 deleted" devlink port del "$p"
check_ok "its device goes" wait_for 30 no_sf_device

# The device failing to activate: the NIC keeps its firmware and works.
inject fw_activate 1 5
check_err "fw_activate fails when the device fails it" \
	"Device failed to activate the stored firmware" \
	devlink dev reload "$DEV" action fw_activate
check_eq "devlink says the reload failed" true "$(reload_failed "$DEV")"
check_eq "still running 1.5.7" 1.5.7 "$(fw_ver running fw.version)"
pf=$(port_field "$DEV/65535" netdev)
check_ok "with a PF netdev" test -n "$pf"
check_eq "that says so" 1.5.7 "$(drv_fw "$pf")"
check_eq "no fw_activate counted" 1 "$(reload_count fw_activate)"
check_ok "a later fw_activate succeeds" \
	devlink dev reload "$DEV" action fw_activate
check_eq "running 1.6.0" 1.6.0 "$(fw_ver running fw.version)"
check_eq "reload_failed cleared" false "$(reload_failed "$DEV")"
check_eq "two fw_activate counted" 2 "$(reload_count fw_activate)"
check_eq "ethtool -i on the new PF netdev" 1.6.0 \
	"$(drv_fw "$(port_field "$DEV/65535" netdev)")"

# ethtool -f flashes through devlink too (without a message to give).
pf=$(port_field "$DEV/65535" netdev)
check_fail "ethtool -f refuses a bad image" \
	ethtool -f "$pf" sfnic/crc.bin
check_ok "ethtool -f flashes a good one" ethtool -f "$pf" sfnic/good.bin
check_eq "stored 1.5.7 again" 1.5.7 "$(fw_ver stored fw.version)"
check_eq "running 1.6.0 still" 1.6.0 "$(fw_ver running fw.version)"

for f in "$FAIL_DIR"/*/count; do
	check_eq "no fault left armed: $(basename "$(dirname "$f")")" 0 "$(cat "$f")"
done
