#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Guest side of the harness self-test: hangs the guest for good.
source "$(dirname "$0")/../../lib.sh"

echo "sfnic-selftest: hanging the guest now" > /dev/console
modprobe sfnic_selftest_hang
fail "the guest should have hung"
