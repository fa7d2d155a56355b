// SPDX-License-Identifier: GPL-2.0
/*
 * sfnic device model: the health of functions and queues, the commands
 * that query and reset them, and the faults a test injects:
 *
 *   <debugfs>/sfnic/sfnic<id>/model/inject/fw_error   "<vport> [syndrome]"
 *   <debugfs>/sfnic/sfnic<id>/model/inject/fw_fatal   "<vport> [syndrome]"
 *   <debugfs>/sfnic/sfnic<id>/model/inject/tx_stall   "<vport> <queue>"
 *   <debugfs>/sfnic/sfnic<id>/model/inject/rx_error   "<vport> <queue>"
 *
 * Numbers are decimal or 0x-prefixed hex; <vport> is a function vport
 * (0 for the PF, 0x8000 + slot for an SF), <queue> the index of one of its
 * function's queue pairs. fw_error records a firmware error and its
 * syndrome (default %SFNIC_HEALTH_SYND_FW_ERR) against the function;
 * fw_fatal makes the function fatal (default syndrome
 * %SFNIC_HEALTH_SYND_HW_FATAL): its own commands fail and its queues move
 * no frame until %SFNIC_CMD_VPORT_RESET. Both raise %SFNIC_EV_HEALTH.
 * tx_stall makes the queue's send queue stop completing frames: it holds
 * them (up to %SFNIC_MQ_SQ_DEPTH, then refuses more) and raises nothing,
 * as a stuck queue does; the driver's watchdog must notice. rx_error puts
 * the queue's RX queue in error (it drops every frame) and raises
 * %SFNIC_EV_QUEUE_ERROR. Both last until %SFNIC_CMD_QUEUE_RESET.
 *
 * Malformed input is refused with EINVAL, a vport or queue that does not
 * exist with ENOENT.
 */

#include <linux/debugfs.h>
#include <linux/uaccess.h>

#include "priv.h"

/* RCU read lock or model lock held: the function is fatal. */
bool sfnic_mhealth_fn_dead(const struct sfnic_mvport *v)
{
	return READ_ONCE(v->health.state) == SFNIC_HEALTH_FATAL;
}

/**
 * sfnic_mhealth_refused() - fail a fatal function's own command
 * @m: the model, its lock held
 * @cmd: the command
 *
 * What the function's driver asks for itself fails while the function is
 * fatal; the eswitch manager's commands on its vport (enable, disable,
 * link, representor queues) and the teardown commands still run, so the
 * function can be taken apart and reset.
 *
 * Return: true if @cmd is refused; its status and syndrome are set.
 */
bool sfnic_mhealth_refused(struct sfnic_model *m, struct sfnic_cmd *cmd)
{
	struct sfnic_mvport *v;

	switch (cmd->op) {
	case SFNIC_CMD_QUEUE_CREATE:
		if (cmd->in.queue_create.side != SFNIC_MQ_FUNCTION)
			return false;
		break;
	case SFNIC_CMD_VPORT_ATTACH:
	case SFNIC_CMD_VPORT_SET_MAC:
	case SFNIC_CMD_VPORT_SET_MTU:
	case SFNIC_CMD_VPORT_SET_EQS:
	case SFNIC_CMD_VPORT_SET_RX_FILTER:
		break;
	default:
		return false;
	}
	v = sfnic_mvport_get(m, cmd->vport);
	if (!v || !sfnic_mhealth_fn_dead(v))
		return false;
	cmd->status = SFNIC_STAT_BAD_STATE;
	cmd->syndrome = SFNIC_SYND_FN_FATAL;
	return true;
}

/* A queue pair the driver passed in: it must be live. Model lock held. */
static struct sfnic_mq *sfnic_mhealth_mq(struct sfnic_cmd *cmd)
{
	struct sfnic_mq *mq = cmd->in.queue.mq;

	if (!mq || rcu_access_pointer(mq->vport->mq[mq->side][mq->index]) != mq)
		return NULL;
	return mq;
}

static void sfnic_mq_query(struct sfnic_mq *mq, struct sfnic_mq_info *info)
{
	memset(info, 0, sizeof(*info));
	info->side = mq->side;
	info->index = mq->index;
	info->rq_state = test_bit(SFNIC_MQ_FAULT_RX_ERR, &mq->faults) ?
			 SFNIC_MQ_ERR : SFNIC_MQ_RDY;
	info->rq_syndrome = mq->rq_syndrome;
	info->rq_depth = mq->ring.size;
	info->sq_pending = skb_queue_len_lockless(&mq->sq_held);
	info->sq_resets = mq->resets;
}

/* Model lock held. The frames the stalled send queue held are completed
 * in error once no sender can still be adding to it.
 */
static void sfnic_mq_reset(struct sfnic_mq *mq)
{
	clear_bit(SFNIC_MQ_FAULT_RX_ERR, &mq->faults);
	mq->rq_syndrome = 0;
	if (test_and_clear_bit(SFNIC_MQ_FAULT_TX_STALL, &mq->faults)) {
		synchronize_net();
		skb_queue_purge(&mq->sq_held);
	}
	mq->resets++;
}

static u8 sfnic_mcmd_vport_reset(struct sfnic_model *m,
				 struct sfnic_mvport *v)
{
	if (v->num == SFNIC_VPORT_UPLINK)
		return SFNIC_STAT_BAD_PARAM;
	if (v->state == SFNIC_VPORT_IN_USE && v->num != SFNIC_VPORT_PF)
		return SFNIC_STAT_BAD_STATE;
	if (v->state == SFNIC_VPORT_TEARDOWN_REQUEST ||
	    sfnic_mvport_has_fn_queues(v))
		return SFNIC_STAT_BAD_STATE;
	WRITE_ONCE(v->health.state, SFNIC_HEALTH_OK);
	v->health.syndrome = 0;
	v->health.resets++;
	sfnic_mvport_reset_fn(m, v);
	dev_dbg(m->dev, "model: vport 0x%x reset\n", v->num);
	return SFNIC_STAT_OK;
}

/* The health and reset commands; model lock held. */
u8 sfnic_mcmd_health(struct sfnic_model *m, struct sfnic_cmd *cmd)
{
	struct sfnic_mvport *v;
	struct sfnic_mq *mq;

	switch (cmd->op) {
	case SFNIC_CMD_HEALTH_QUERY:
		v = sfnic_mvport_get(m, cmd->vport);
		if (!v)
			return SFNIC_STAT_NOT_FOUND;
		cmd->out.health = v->health;
		return SFNIC_STAT_OK;
	case SFNIC_CMD_VPORT_RESET:
		v = sfnic_mvport_get(m, cmd->vport);
		if (!v)
			return SFNIC_STAT_NOT_FOUND;
		return sfnic_mcmd_vport_reset(m, v);
	case SFNIC_CMD_QUEUE_QUERY:
	case SFNIC_CMD_QUEUE_RESET:
		mq = sfnic_mhealth_mq(cmd);
		if (!mq)
			return SFNIC_STAT_NOT_FOUND;
		if (cmd->op == SFNIC_CMD_QUEUE_QUERY)
			sfnic_mq_query(mq, &cmd->out.queue_info);
		else
			sfnic_mq_reset(mq);
		return SFNIC_STAT_OK;
	default:
		return SFNIC_STAT_BAD_PARAM;
	}
}

/**
 * sfnic_mq_tx_hold() - a stalled send queue takes a frame
 * @mq: the queue pair, its send queue stalled
 * @skb: the frame; the model owns it
 *
 * BH disabled. The frame waits, not completed, until the queue is reset.
 *
 * Return: true if the queue took it, false if it is full (dropped).
 */
bool sfnic_mq_tx_hold(struct sfnic_mq *mq, struct sk_buff *skb)
{
	if (skb_queue_len_lockless(&mq->sq_held) >= SFNIC_MQ_SQ_DEPTH) {
		kfree_skb(skb);
		return false;
	}
	skb_queue_tail(&mq->sq_held, skb);
	return true;
}

/**
 * sfnic_mq_tx_pending() - frames a send queue took and did not complete
 * @mq: the queue pair
 *
 * A working send queue completes a frame before sfnic_mq_xmit() returns,
 * so this is 0 unless it stopped: what a driver's TX watchdog looks at,
 * as a NIC driver compares its producer and consumer counters.
 *
 * Return: the number of frames.
 */
u32 sfnic_mq_tx_pending(struct sfnic_mq *mq)
{
	return skb_queue_len_lockless(&mq->sq_held);
}

/* "<a> [<b>]", numbers in base 0. Returns the count of numbers parsed or a
 * negative errno.
 */
static int sfnic_inject_parse(const char __user *ubuf, size_t count,
			      u32 *a, u32 *b)
{
	char buf[32], *p = buf, *tok;
	u32 *out[] = { a, b };
	int n = 0;

	if (!count || count >= sizeof(buf))
		return -EINVAL;
	if (copy_from_user(buf, ubuf, count))
		return -EFAULT;
	buf[count] = '\0';
	p = strim(buf);
	while ((tok = strsep(&p, " \t")) != NULL) {
		if (!*tok)
			continue;
		if (n == ARRAY_SIZE(out) || kstrtou32(tok, 0, out[n]))
			return -EINVAL;
		n++;
	}
	return n ?: -EINVAL;
}

enum sfnic_inject_kind {
	SFNIC_INJECT_FW_ERROR,
	SFNIC_INJECT_FW_FATAL,
	SFNIC_INJECT_TX_STALL,
	SFNIC_INJECT_RX_ERROR,
};

/* Model lock held. A function vport, not the uplink. */
static struct sfnic_mvport *sfnic_inject_vport(struct sfnic_model *m,
					       u32 vport, int *err)
{
	struct sfnic_mvport *v;

	*err = -EINVAL;
	if (vport > U16_MAX || vport == SFNIC_VPORT_UPLINK ||
	    sfnic_mslot(vport) < 0)
		return NULL;
	*err = -ENOENT;
	v = sfnic_mvport_get(m, vport);
	if (v)
		*err = 0;
	return v;
}

static int sfnic_inject_fn(struct sfnic_model *m, enum sfnic_inject_kind kind,
			   u32 vport, u32 syndrome)
{
	struct sfnic_event ev = { .type = SFNIC_EV_HEALTH, .vport = vport };
	struct sfnic_mvport *v;
	int err;

	if (!syndrome)
		return -EINVAL;
	mutex_lock(&m->lock);
	v = sfnic_inject_vport(m, vport, &err);
	if (v) {
		if (kind == SFNIC_INJECT_FW_FATAL)
			WRITE_ONCE(v->health.state, SFNIC_HEALTH_FATAL);
		else if (v->health.state == SFNIC_HEALTH_OK)
			WRITE_ONCE(v->health.state, SFNIC_HEALTH_ERROR);
		v->health.syndrome = syndrome;
		v->health.errors++;
		sfnic_model_post_event(m, &ev);
	}
	mutex_unlock(&m->lock);
	return err;
}

static int sfnic_inject_mq(struct sfnic_model *m, enum sfnic_inject_kind kind,
			   u32 vport, u32 index)
{
	struct sfnic_event ev = {
		.type = SFNIC_EV_QUEUE_ERROR,
		.vport = vport,
	};
	struct sfnic_mvport *v;
	struct sfnic_mq *mq = NULL;
	int err;

	if (index >= m->caps.max_queues)
		return -EINVAL;
	mutex_lock(&m->lock);
	v = sfnic_inject_vport(m, vport, &err);
	if (v)
		mq = rcu_dereference_protected(v->mq[SFNIC_MQ_FUNCTION][index],
					       lockdep_is_held(&m->lock));
	if (v && !mq)
		err = -ENOENT;
	if (mq && kind == SFNIC_INJECT_TX_STALL) {
		set_bit(SFNIC_MQ_FAULT_TX_STALL, &mq->faults);
	} else if (mq) {
		mq->rq_syndrome = SFNIC_MQ_SYND_RQ_ERR;
		set_bit(SFNIC_MQ_FAULT_RX_ERR, &mq->faults);
		sfnic_model_post_event(m, &ev);
	}
	mutex_unlock(&m->lock);
	return err;
}

static ssize_t sfnic_inject_write(struct file *file, const char __user *ubuf,
				  size_t count, enum sfnic_inject_kind kind)
{
	struct sfnic_model *m = file->private_data;
	u32 a, b = 0;
	int n, err;

	n = sfnic_inject_parse(ubuf, count, &a, &b);
	if (n < 0)
		return n;
	switch (kind) {
	case SFNIC_INJECT_FW_ERROR:
	case SFNIC_INJECT_FW_FATAL:
		if (n == 1)
			b = kind == SFNIC_INJECT_FW_FATAL ?
			    SFNIC_HEALTH_SYND_HW_FATAL :
			    SFNIC_HEALTH_SYND_FW_ERR;
		err = sfnic_inject_fn(m, kind, a, b);
		break;
	default:
		if (n != 2)
			return -EINVAL;
		err = sfnic_inject_mq(m, kind, a, b);
		break;
	}
	return err ?: count;
}

#define SFNIC_INJECT_FOPS(_name, _kind)					\
static ssize_t sfnic_inject_##_name##_write(struct file *file,		\
					    const char __user *ubuf,	\
					    size_t count, loff_t *ppos)	\
{									\
	return sfnic_inject_write(file, ubuf, count, _kind);		\
}									\
static const struct file_operations sfnic_inj_##_name##_fops = {	\
	.owner	= THIS_MODULE,						\
	.open	= simple_open,						\
	.write	= sfnic_inject_##_name##_write,				\
	.llseek	= no_llseek,						\
}

SFNIC_INJECT_FOPS(fw_error, SFNIC_INJECT_FW_ERROR);
SFNIC_INJECT_FOPS(fw_fatal, SFNIC_INJECT_FW_FATAL);
SFNIC_INJECT_FOPS(tx_stall, SFNIC_INJECT_TX_STALL);
SFNIC_INJECT_FOPS(rx_error, SFNIC_INJECT_RX_ERROR);

void sfnic_mhealth_debugfs_init(struct sfnic_model *m)
{
	struct dentry *d = debugfs_create_dir("inject", m->ddir);

	debugfs_create_file("fw_error", 0200, d, m, &sfnic_inj_fw_error_fops);
	debugfs_create_file("fw_fatal", 0200, d, m, &sfnic_inj_fw_fatal_fops);
	debugfs_create_file("tx_stall", 0200, d, m, &sfnic_inj_tx_stall_fops);
	debugfs_create_file("rx_error", 0200, d, m, &sfnic_inj_rx_error_fops);
}
