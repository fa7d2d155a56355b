// SPDX-License-Identifier: GPL-2.0
/*
 * sfnic_selftest_bugs - commits one bug of the kind a debug kernel reports.
 *
 * Test-only: the harness self-test loads it inside the VM on the debug
 * kernel to prove that each checker the run relies on really reports, and
 * that the harness fails the test that caused the report. The bug is chosen
 * with the "bug" parameter:
 *
 *   lockdep	take two mutexes in both orders (one task, no deadlock)
 *   ubsan	shift an int by more than its width
 *   leak	allocate memory, keep it in the module's data only, and
 *		forget it at unload
 *   kasan	read one byte past the end of a slab object
 */
#include <linux/compiler.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/slab.h>
#include <linux/string.h>

static char *bug = "";
module_param(bug, charp, 0444);
MODULE_PARM_DESC(bug, "lockdep, ubsan, leak or kasan");

static DEFINE_MUTEX(selftest_a);
static DEFINE_MUTEX(selftest_b);

static noinline void selftest_lockdep(void)
{
	mutex_lock(&selftest_a);
	mutex_lock(&selftest_b);
	mutex_unlock(&selftest_b);
	mutex_unlock(&selftest_a);

	mutex_lock(&selftest_b);
	mutex_lock(&selftest_a);
	mutex_unlock(&selftest_a);
	mutex_unlock(&selftest_b);
}

static noinline int selftest_ubsan(void)
{
	int shift = 40;
	int one = 1;

	OPTIMIZER_HIDE_VAR(shift);
	return one << shift;
}

/*
 * Stale copies of a pointer on a stack (a task's stack is cached and
 * scanned after the task exits) would hide a leak of a pointer held in a
 * local variable: the objects are referenced from the module's data only,
 * which goes away at unload.
 */
static void *selftest_leaked[4];

static noinline void selftest_leak(void)
{
	int i;

	for (i = 0; i < ARRAY_SIZE(selftest_leaked); i++)
		selftest_leaked[i] = kmalloc(192, GFP_KERNEL);
}

static noinline char selftest_kasan(void)
{
	char *p;
	char c;

	p = kmalloc(24, GFP_KERNEL);
	if (!p)
		return 0;
	OPTIMIZER_HIDE_VAR(p);
	c = READ_ONCE(p[24]);
	kfree(p);
	return c;
}

static int __init sfnic_selftest_bugs_init(void)
{
	pr_info("sfnic_selftest_bugs: committing bug '%s'\n", bug);
	if (!strcmp(bug, "lockdep"))
		selftest_lockdep();
	else if (!strcmp(bug, "ubsan"))
		pr_info("sfnic_selftest_bugs: %d\n", selftest_ubsan());
	else if (!strcmp(bug, "leak"))
		selftest_leak();
	else if (!strcmp(bug, "kasan"))
		pr_info("sfnic_selftest_bugs: %d\n", selftest_kasan());
	else
		return -EINVAL;
	return 0;
}

static void __exit sfnic_selftest_bugs_exit(void)
{
}

module_init(sfnic_selftest_bugs_init);
module_exit(sfnic_selftest_bugs_exit);
MODULE_DESCRIPTION("sfnic test harness self-test: one debug-kernel report");
MODULE_LICENSE("GPL");
