#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# scale-vm.sh: 'make bench-scale': boot a VM of its own, with memory for the
# largest N of SCALE_N (about 2.5 MiB per SF and veth pair on top of 2 GiB,
# unless VM_MEM says otherwise), on the stock kernel, and run
# tests/bench/05-scale.sh there, with netdevsim built for the kernel if it
# lacks it (tests/bench/build-netdevsim.sh). The figures, the data and the
# curves go to results/bench-<date>/scale/.

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
export SCALE_N=${SCALE_N:-16 256 1024 4096}
max=0
for n in $SCALE_N; do
	[ "$n" -le "$max" ] || max=$n
done
export VM_MEM=${VM_MEM:-$((2048 + max * 5 / 2))}
export BENCH=05
KVER=${KVER:-$("$ROOT/tests/vm/kver.sh")}
# netdevsim, to measure the devlink core's share (SCALE_NSIM=0: not).
if [ "${SCALE_NSIM:-1}" != 0 ]; then
	"$ROOT/tests/bench/build-netdevsim.sh" "$KVER" \
		"/lib/modules/$KVER/build" "$ROOT/tests/bench/netdevsim" ||
		{ echo "bench-scale: cannot build netdevsim" >&2; exit 1; }
fi
echo "bench-scale: N = $SCALE_N, VM memory $VM_MEM MiB, ${VM_SMP:-2} vCPUs"
exec "$ROOT/tests/vm/run-vm.sh" --bench "$@"
