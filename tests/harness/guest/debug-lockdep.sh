#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Guest side of the debug-kernel self-test: a test that passes by itself
# while the kernel reports a lockdep bug. The run must fail anyway.
source "$(dirname "$0")/../../lib.sh"

check_ok "load the module with bug=lockdep" modprobe sfnic_selftest_bugs bug=lockdep
unload_mod sfnic_selftest_bugs
