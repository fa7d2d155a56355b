#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Guest side of the harness self-test: a test that passes by itself while
# the kernel logs a WARNING. The run must fail anyway.
source "$(dirname "$0")/../../lib.sh"

check_ok "load the warning module" modprobe sfnic_selftest_warn
modprobe -r sfnic_selftest_warn
