// SPDX-License-Identifier: GPL-2.0
/*
 * sfnic_selftest_hang - hangs the whole machine when loaded.
 *
 * Test-only: the harness self-test loads it inside the VM to prove that a
 * guest that stops responding is killed and reported instead of blocking the
 * run. stop_machine() holds every CPU with interrupts off, so nothing in the
 * guest (not even its watchdogs) can recover.
 */
#include <linux/module.h>
#include <linux/processor.h>
#include <linux/stop_machine.h>

static int sfnic_selftest_hang_fn(void *data)
{
	for (;;)
		cpu_relax();
	return 0;
}

static int __init sfnic_selftest_hang_init(void)
{
	return stop_machine(sfnic_selftest_hang_fn, NULL, NULL);
}

module_init(sfnic_selftest_hang_init);
MODULE_DESCRIPTION("sfnic test harness self-test: hangs the machine");
MODULE_LICENSE("GPL");
