// SPDX-License-Identifier: GPL-2.0
/*
 * sfnic device model: fault injection at the command interface.
 *
 *   <debugfs>/sfnic/sfnic<id>/model/fail/<command>/count
 *   <debugfs>/sfnic/sfnic<id>/model/fail/<command>/errno
 *
 * and the state of every vport, one line each, as the model sees it (the
 * sizes of its function's queues, its RX filter), in
 *
 *   <debugfs>/sfnic/sfnic<id>/model/vports
 *
 * and its firmware (running and stored versions, the image being
 * written: model/fw.c) in
 *
 *   <debugfs>/sfnic/sfnic<id>/model/fw
 *
 * Faults of functions and queues are injected in model/inject/ (see
 * model/health.c).
 *
 * Writing N to count makes the next N commands of that kind fail with the
 * (positive) errno in errno, EIO by default, before they touch the model's
 * state; count reads back how many failures are still armed. delay_ms
 * makes every command of that kind wait that long (at most 10 s) before
 * it runs, as a slow firmware would: a test can then act while the
 * driver is in the middle of something. Values out
 * of range (a negative count, an errno that is none) are refused with
 * EINVAL rather than arming a failure that never ends.
 *
 * The commands a NIC runs while it is probed come before its directory
 * exists; they are armed in
 *
 *   <debugfs>/sfnic/next_nic/fail/<command>/{count,errno}
 *
 * whose armed failures the next model powered on takes over.
 */

#include <linux/debugfs.h>
#include <linux/delay.h>

#include "priv.h"

#define SFNIC_FAULT_MAX_DELAY_MS	10000

/* Failures armed for the next model powered on. */
static struct sfnic_mfault sfnic_next_faults[SFNIC_CMD_MAX];

int sfnic_model_fault_take(struct sfnic_model *m, u16 op)
{
	struct sfnic_mfault *f = &m->faults[op];
	u32 delay = READ_ONCE(f->delay_ms);
	u32 err;

	if (delay)
		msleep(min_t(u32, delay, SFNIC_FAULT_MAX_DELAY_MS));

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

static void sfnic_faults_debugfs(struct sfnic_mfault *faults,
				 struct dentry *parent)
{
	struct dentry *fail, *dir;
	int op;

	fail = debugfs_create_dir("fail", parent);
	for (op = 0; op < SFNIC_CMD_MAX; op++) {
		dir = debugfs_create_dir(sfnic_model_cmd_name(op), fail);
		debugfs_create_file_unsafe("count", 0600, dir,
					   &faults[op].count,
					   &sfnic_fault_count_fops);
		debugfs_create_file_unsafe("errno", 0600, dir,
					   &faults[op].err,
					   &sfnic_fault_errno_fops);
		debugfs_create_u32("delay_ms", 0600, dir,
				   &faults[op].delay_ms);
	}
}

static int sfnic_vports_show(struct seq_file *s, void *unused)
{
	struct sfnic_model *m = s->private;
	struct sfnic_mvport *v;
	int slot;

	mutex_lock(&m->lock);
	for (slot = 0; slot < m->vports_end; slot++) {
		v = rcu_dereference_protected(m->vports[slot],
					      lockdep_is_held(&m->lock));
		if (v)
			sfnic_mvport_show(s, v);
	}
	mutex_unlock(&m->lock);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(sfnic_vports);

/* At power on: the model takes over the failures armed for it. */
void sfnic_model_debugfs_init(struct sfnic_model *m, struct dentry *parent)
{
	int op, count;

	for (op = 0; op < SFNIC_CMD_MAX; op++) {
		m->faults[op].err = EIO;
		count = atomic_xchg(&sfnic_next_faults[op].count, 0);
		if (!count)
			continue;
		m->faults[op].err = READ_ONCE(sfnic_next_faults[op].err);
		atomic_set(&m->faults[op].count, count);
	}
	if (IS_ERR_OR_NULL(parent))
		return;

	m->ddir = debugfs_create_dir("model", parent);
	sfnic_faults_debugfs(m->faults, m->ddir);
	debugfs_create_file("vports", 0400, m->ddir, m, &sfnic_vports_fops);
	sfnic_mfw_debugfs_init(m);
	sfnic_mhealth_debugfs_init(m);
}

/**
 * sfnic_model_debugfs_global_init() - the failures of the next model
 * @root: the driver's debugfs directory; next_nic/ is made in it and
 *	goes with it
 *
 * Lets a test fail the commands a model runs before its own directory
 * exists (the NIC's probe): see the top of this file.
 */
void sfnic_model_debugfs_global_init(struct dentry *root)
{
	int op;

	for (op = 0; op < SFNIC_CMD_MAX; op++) {
		atomic_set(&sfnic_next_faults[op].count, 0);
		sfnic_next_faults[op].err = EIO;
	}
	if (!IS_ERR_OR_NULL(root))
		sfnic_faults_debugfs(sfnic_next_faults,
				     debugfs_create_dir("next_nic", root));
}
