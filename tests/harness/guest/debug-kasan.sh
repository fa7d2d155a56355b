#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Guest side of the debug-kernel self-test: a test that passes by itself
# while the kernel reports a kasan bug. The run must fail anyway.
source "$(dirname "$0")/../../lib.sh"

check_ok "load the module with bug=kasan" modprobe sfnic_selftest_bugs bug=kasan
unload_mod sfnic_selftest_bugs
