// SPDX-License-Identifier: GPL-2.0
/*
 * sfnic device model: fault injection at the command interface.
 *
 *   <debugfs>/sfnic/sfnic<id>/model/fail/<command>/count
 *   <debugfs>/sfnic/sfnic<id>/model/fail/<command>/errno
 *
 * Writing N to count makes the next N commands of that kind fail with the
 * (positive) errno in errno, EIO by default, before they touch the model's
 * state; count reads back how many failures are still armed. Values out
 * of range (a negative count, an errno that is none) are refused with
 * EINVAL rather than arming a failure that never ends.
 */

#include <linux/debugfs.h>

#include "priv.h"

int sfnic_model_fault_take(struct sfnic_model *m, u16 op)
{
	struct sfnic_mfault *f = &m->faults[op];
	u32 err;

	if (!atomic_add_unless(&f->count, -1, 0))
		return 0;
	err = READ_ONCE(f->err);
	if (!err || err >= MAX_ERRNO)
		err = EIO;
	return -(int)err;
}

static int sfnic_fault_count_get(void *data, u64 *val)
{
	*val = atomic_read(data);
	return 0;
}

/* Written as unsigned: "-1" fails to parse and never gets here. */
static int sfnic_fault_count_set(void *data, u64 val)
{
	if (val > INT_MAX)
		return -EINVAL;
	atomic_set(data, val);
	return 0;
}

DEFINE_DEBUGFS_ATTRIBUTE(sfnic_fault_count_fops, sfnic_fault_count_get,
			 sfnic_fault_count_set, "%llu\n");

static int sfnic_fault_errno_get(void *data, u64 *val)
{
	*val = READ_ONCE(*(u32 *)data);
	return 0;
}

static int sfnic_fault_errno_set(void *data, u64 val)
{
	if (!val || val >= MAX_ERRNO)
		return -EINVAL;
	WRITE_ONCE(*(u32 *)data, val);
	return 0;
}

DEFINE_DEBUGFS_ATTRIBUTE(sfnic_fault_errno_fops, sfnic_fault_errno_get,
			 sfnic_fault_errno_set, "%llu\n");

void sfnic_model_debugfs_init(struct sfnic_model *m, struct dentry *parent)
{
	struct dentry *fail, *dir;
	int op;

	for (op = 0; op < SFNIC_CMD_MAX; op++)
		m->faults[op].err = EIO;
	if (IS_ERR_OR_NULL(parent))
		return;

	m->ddir = debugfs_create_dir("model", parent);
	fail = debugfs_create_dir("fail", m->ddir);
	for (op = 0; op < SFNIC_CMD_MAX; op++) {
		dir = debugfs_create_dir(sfnic_model_cmd_name(op), fail);
		debugfs_create_file_unsafe("count", 0600, dir,
					   &m->faults[op].count,
					   &sfnic_fault_count_fops);
		debugfs_create_file_unsafe("errno", 0600, dir,
					   &m->faults[op].err,
					   &sfnic_fault_errno_fops);
	}
}
