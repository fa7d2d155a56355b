// SPDX-License-Identifier: GPL-2.0
/*
 * sfnic_selftest_warn - emits one kernel WARNING when loaded.
 *
 * Test-only: the harness self-test loads it inside the VM to prove that a
 * kernel warning fails the run even when the test script itself passes.
 */
#include <linux/bug.h>
#include <linux/module.h>

static int __init sfnic_selftest_warn_init(void)
{
	WARN(1, "sfnic_selftest_warn: deliberate warning\n");
	return 0;
}

static void __exit sfnic_selftest_warn_exit(void)
{
}

module_init(sfnic_selftest_warn_init);
module_exit(sfnic_selftest_warn_exit);
MODULE_DESCRIPTION("sfnic test harness self-test: warns on load");
MODULE_LICENSE("GPL");
