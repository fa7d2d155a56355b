#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# QEMU as a real VFIO user: vfio-pci takes the device by its sysfs path,
# and QMP's query-pci lists it with virtio-net's vendor and device ids
# (0x1af4/0x1041), its class and its two memory BARs.
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/vfio-lib.sh"

command -v qemu-system-x86_64 >/dev/null || skip "no qemu-system-x86_64"
vfio_setup
vnet_create
dev=$VNET_DEV

tmp=$(mktemp -d)
defer "rm -rf $tmp"
qemu-system-x86_64 -S -nodefaults -display none -machine pc -accel tcg \
	-m 128 -device "vfio-pci,sysfsdev=$dev,id=vnet0" \
	-qmp "unix:$tmp/qmp,server=on,wait=off" > "$tmp/qemu.log" 2>&1 &
qemu=$!
defer_try "kill -9 $qemu"
wait_for 60 test -S "$tmp/qmp" ||
	{ cat "$tmp/qemu.log"; fail "QEMU did not start"; }

python3 - "$tmp/qmp" > "$tmp/pci.json" <<'PY' || fail "QMP query-pci"
import json, socket, sys
s = socket.socket(socket.AF_UNIX)
s.connect(sys.argv[1])
f = s.makefile("rw")
def cmd(name):
    f.write(json.dumps({"execute": name}) + "\n")
    f.flush()
    while True:
        r = json.loads(f.readline())
        if "return" in r or "error" in r:
            return r
json.loads(f.readline())		# greeting
cmd("qmp_capabilities")
print(json.dumps(cmd("query-pci")))
cmd("quit")
PY
wait "$qemu"
sed 's/^/    | /' "$tmp/qemu.log"

q='.return[].devices[] | select(.qdev_id == "vnet0")'
check_eq "query-pci lists the device with virtio's vendor id" 6900 \
	"$(jq "$q | .id.vendor" "$tmp/pci.json")"
check_eq "... and virtio-net 1.x's device id (0x1041)" 4161 \
	"$(jq "$q | .id.device" "$tmp/pci.json")"
check_eq "... and the Ethernet class" 512 \
	"$(jq "$q | .class_info.class" "$tmp/pci.json")"
check_eq "... with BAR0 of 16 KiB" 16384 \
	"$(jq "$q | .regions[] | select(.bar == 0) | .size" "$tmp/pci.json")"
check_eq "... and BAR1 (MSI-X) of 4 KiB" 4096 \
	"$(jq "$q | .regions[] | select(.bar == 1) | .size" "$tmp/pci.json")"
jq -c "$q" "$tmp/pci.json" | sed 's/^/    | /'
