#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# mkinitramfs.sh KVER OUT: build the test VM's initramfs. It holds a static
# busybox, the kernel's own modules needed to mount the host's root over 9p
# (in modules.dep order) and tests/vm/init, which mounts the host root
# read-only and switch_roots into it.

set -euo pipefail

KVER=$1
OUT=$2
MODDIR=/lib/modules/$KVER
HERE=$(cd "$(dirname "$0")" && pwd)

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

mkdir -p "$work"/{bin,dev,proc,sys,newroot,lib/modules}
cp /bin/busybox "$work/bin/busybox"
cp "$HERE/init" "$work/init"
chmod 755 "$work/init"

# Modules for 9p over virtio-pci, dependencies first, each once.
declare -A seen
order=()
add_mod()
{
	local path=$1 dep

	[ -n "${seen[$path]:-}" ] && return
	seen[$path]=1
	for dep in $(grep "^$path:" "$MODDIR/modules.dep" | cut -d: -f2); do
		add_mod "$dep"
	done
	order+=("$path")
}

for name in virtio_pci 9pnet_virtio 9p; do
	path=$(grep -E "^[^:]*/$name\.ko(\.[a-z]+)?:" "$MODDIR/modules.dep" |
	       cut -d: -f1 || true)
	# Built into this kernel: nothing to load.
	[ -n "$path" ] || continue
	add_mod "$path"
done

: > "$work/modules.list"
for path in "${order[@]}"; do
	base=$(basename "$path")
	case "$base" in
	*.ko.xz) xz -dc "$MODDIR/$path" > "$work/lib/modules/${base%.xz}" ;;
	*.ko.zst) zstd -qdc "$MODDIR/$path" > "$work/lib/modules/${base%.zst}" ;;
	*.ko.gz) gzip -dc "$MODDIR/$path" > "$work/lib/modules/${base%.gz}" ;;
	*) cp "$MODDIR/$path" "$work/lib/modules/$base" ;;
	esac
	base=${base%.xz}; base=${base%.zst}; base=${base%.gz}
	echo "$base" >> "$work/modules.list"
done

mkdir -p "$(dirname "$OUT")"
(cd "$work" && find . | cpio -o -H newc --quiet | gzip -1) > "$OUT.tmp"
mv "$OUT.tmp" "$OUT"
