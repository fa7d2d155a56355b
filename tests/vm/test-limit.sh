# SPDX-License-Identifier: GPL-2.0
# Sourced by run-vm.sh (host) and guest-run.sh (guest).

# test_limit TEST KVER DEFAULT: the time limit of TEST, in seconds. A test
# may ask for a longer one than DEFAULT with a "# timeout: SECONDS" line,
# measured on the stock kernel unless the test runs on the debug kernel
# only: the debug kernel, 3 to 5 times slower, triples it.
test_limit()
{
	local lim

	lim=$(sed -n 's/^# timeout: *\([0-9]\+\)$/\1/p' "$1" | head -n 1)
	case $2 in
	*-sfnic-debug)
		grep -q '^# kernels: *debug *$' "$1" || lim=$((${lim:-0} * 3))
		;;
	esac
	[ "${lim:-0}" -ge "$3" ] || lim=$3
	echo "$lim"
}
