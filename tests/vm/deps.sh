#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Install what building sfnic and running its test VM need, from Debian 12's
# archive, when it is missing. Idempotent and quiet when nothing is missing.

set -e

PKGS="build-essential bc flex bison kmod cpio xz-utils rsync libelf-dev libssl-dev
	linux-image-amd64 linux-headers-amd64 linux-source-6.1 sparse
	qemu-system-x86 busybox-static udev
	iproute2 ethtool iputils-ping bridge-utils procps psmisc
	rdma-core ibverbs-utils perftest rdmacm-utils iperf3 jq python3
	gnuplot-nox"

missing=""
for p in $PKGS; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" ||
		missing="$missing $p"
done
[ -z "$missing" ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
	echo "sfnic: missing packages:$missing (run as root to install)" >&2
	exit 1
fi
echo "sfnic: installing:$missing"
export DEBIAN_FRONTEND=noninteractive
apt-get update -q >/dev/null
# shellcheck disable=SC2086
apt-get install -y -q --no-install-recommends $missing >/dev/null
