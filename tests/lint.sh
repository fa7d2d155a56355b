#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# lint.sh: the checks a kernel maintainer runs before reading a patch.
#   - checkpatch.pl --strict on every C source and header (checkpatch comes
#     from Debian's linux-source-6.1, extracted once into build/tools);
#   - kernel-doc (verbose) on every file, and every exported symbol documented;
#   - a W=1 build with sparse (C=2) over every module, with no warning.
# Exits non-zero when anything is reported.

set -uo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
KVER=${KVER:-$(tests/vm/kver.sh)}
KDIR=${KDIR:-/lib/modules/$KVER/build}
TOOLS=${O_BUILD:-$ROOT/build}/tools
SRC_TARBALL=/usr/src/linux-source-6.1.tar.xz
status=0

mapfile -t files < <(git ls-files -co --exclude-standard -- '*.c' '*.h' |
		     grep -v '\.mod\.c$')

# checkpatch and the two data files it reads, from the kernel source package.
if [ ! -x "$TOOLS/scripts/checkpatch.pl" ]; then
	mkdir -p "$TOOLS"
	tar -xJf "$SRC_TARBALL" -C "$TOOLS" --strip-components=1 \
		linux-source-6.1/scripts/checkpatch.pl \
		linux-source-6.1/scripts/spelling.txt \
		linux-source-6.1/scripts/const_structs.checkpatch ||
		{ echo "lint: cannot extract checkpatch from $SRC_TARBALL"; exit 1; }
fi

echo "lint: checkpatch --strict (${#files[@]} files)"
if ! "$TOOLS/scripts/checkpatch.pl" --no-tree --strict --quiet \
	--max-line-length=80 --show-types --ignore FILE_PATH_CHANGES \
	-f "${files[@]}"; then
	status=1
fi

echo "lint: kernel-doc"
out=$("$KDIR/scripts/kernel-doc" -none -v "${files[@]}" 2>&1 |
	  grep -E ": (warning|error):")
if [ -n "$out" ]; then
	echo "$out"
	status=1
fi
# Every exported symbol has a kernel-doc comment, in its .c or a header.
for f in "${files[@]}"; do
	for sym in $(sed -n 's/^EXPORT_SYMBOL\(_GPL\)\?(\([a-z0-9_]*\));/\2/p' "$f"); do
		if ! grep -qE "^ \* $sym(\(\))? - " "$f" include/linux/*.h \
			2>/dev/null; then
			echo "$f: exported symbol $sym has no kernel-doc"
			status=1
		fi
	done
done

echo "lint: W=1 C=2 (sparse) build"
out=$(make --no-print-directory -s modules W=1 C=2 2>&1)
rc=$?
warn=$(grep -E 'warning:|error:|Error ' <<<"$out")
if [ $rc -ne 0 ] || [ -n "$warn" ]; then
	echo "${warn:-$out}"
	status=1
fi
# Leave the tree built with the normal flags.
make --no-print-directory -s modules >/dev/null 2>&1

if [ $status -eq 0 ]; then
	echo "lint: clean"
else
	echo "lint: FAILED"
fi
exit $status
