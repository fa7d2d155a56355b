#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# debug-kernel.sh [--print]: build the test VM's debug kernel once per
# machine and print "KVER=... KIMAGE=... KDIR=..." as the last line.
#
# The kernel is Debian's linux-source-6.1 (the version of the installed
# linux-image-amd64) configured from allnoconfig + kvm_guest.config +
# tests/vm/debug-kernel/debug.config: KASAN, lockdep, kmemleak, UBSAN,
# DEBUG_LIST/OBJECTS, fault injection with fail-nth, and built in what the
# suites use. It lives in a cache outside the clone, keyed by the source
# version and the configuration:
#
#   ${SFNIC_CACHE:-/var/cache/sfnic}/debug-kernel/<key>/
#	src/		the build tree (KDIR; modules build against it)
#	done		written last: the cache entry is complete
#
# Its modules are installed in /lib/modules/<KVER> as any kernel's are (the
# test VM mounts tmpfs over /var, so a link into the cache would dangle
# there).
#
# --print only prints the line of an existing build (exit 1 if none).

set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
FRAG=$HERE/debug-kernel/debug.config
TARBALL=/usr/src/linux-source-6.1.tar.xz
CACHE=${SFNIC_CACHE:-/var/cache/sfnic}/debug-kernel
JOBS=${JOBS:-$(nproc)}

srcver=$(dpkg-query -W -f='${Version}' linux-source-6.1 2>/dev/null || true)
if [ -z "$srcver" ] || [ ! -r "$TARBALL" ]; then
	echo "debug-kernel: linux-source-6.1 is not installed (make deps)" >&2
	exit 1
fi
key=$( { echo "$srcver"; cat "$FRAG"; } | sha256sum | cut -c1-12)
dir=$CACHE/$key
src=$dir/src

print_line()
{
	local kver

	kver=$(cat "$dir/kver")
	echo "KVER=$kver KIMAGE=$src/arch/x86/boot/bzImage KDIR=$src"
}

if [ -e "$dir/done" ]; then
	kver=$(cat "$dir/kver")
	[ -e "/lib/modules/$kver/modules.dep" ] ||
		make -s -C "$src" modules_install >&2
	print_line
	exit 0
fi
if [ "${1:-}" = --print ]; then
	echo "debug-kernel: not built yet (make debug-kernel)" >&2
	exit 1
fi

start=$SECONDS
echo "debug-kernel: building Debian's linux-source-6.1 $srcver" \
     "(config $key) with $JOBS jobs in $dir"
rm -rf "$dir"
mkdir -p "$src"
tar -xf "$TARBALL" -C "$src" --strip-components=1

cd "$src"
make -s allnoconfig
./scripts/kconfig/merge_config.sh -m .config kernel/configs/kvm_guest.config \
	"$FRAG" > /dev/null
echo "CONFIG_LOCALVERSION=\"-sfnic-debug\"" >> .config
make -s olddefconfig

# Every option of the fragment must have landed: a typo or a missing
# dependency would otherwise silently give a kernel without a checker.
bad=0
while IFS= read -r line; do
	case "$line" in
	CONFIG_*=n)
		opt=${line%%=*}
		if grep -q "^$opt=" .config; then
			echo "debug-kernel: $opt is set, wanted off" >&2
			bad=1
		fi
		;;
	CONFIG_*)
		if ! grep -qxF "$line" .config; then
			echo "debug-kernel: $line did not apply" \
			     "($(grep "^${line%%=*}=\|${line%%=*} is not" .config))" >&2
			bad=1
		fi
		;;
	esac
done < "$FRAG"
[ $bad -eq 0 ] || exit 1

make -s -j"$JOBS" bzImage modules
kver=$(make -s kernelrelease)
rm -rf "/lib/modules/$kver"
make -s modules_install
echo "$kver" > "$dir/kver"
touch "$dir/done"
echo "debug-kernel: built in $((SECONDS - start))s"
print_line
