#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Guest side of the harness self-test: a plainly failing test.
source "$(dirname "$0")/../../lib.sh"

check_eq "one equals two" 1 2
