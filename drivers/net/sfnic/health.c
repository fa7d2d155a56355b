// SPDX-License-Identifier: GPL-2.0
/*
 * sfnic health: how a function's driver (the PF's, an SF's) learns that
 * its function or one of its queues failed, and how it recovers, as
 * mlx5's health.c and en/reporter_{tx,rx}.c do. The model tells of a
 * firmware error or a fatal function (%SFNIC_EV_HEALTH) and of an RX
 * queue in error (%SFNIC_EV_QUEUE_ERROR) through its events, as mlx5
 * learns from its EQ; a send queue that stops completing frames is found
 * by the netdev's TX watchdog (netdev.c). The work here reads the state
 * behind each with a command and reports it to the management layer,
 * whose reporters (devlink health) call back sfnic_health_recover():
 *
 * - a fatal function is reset (%SFNIC_CMD_VPORT_RESET) and what its
 *   driver had set up is set up again: the netdev keeps its place, MAC
 *   and addresses, its queues are made anew;
 * - a queue in error or stuck is reset (%SFNIC_CMD_QUEUE_RESET).
 */

#include <linux/rtnetlink.h>

#include "sfnic.h"

static void sfnic_health_kick(struct sfnic_health *h, unsigned int bit)
{
	unsigned long flags;

	spin_lock_irqsave(&h->lock, flags);
	if (h->enabled) {
		set_bit(bit, &h->pending);
		queue_work(h->sdev->wq, &h->work);
	}
	spin_unlock_irqrestore(&h->lock, flags);
}

/* The NIC's event work, one event of h->vport at a time, with
 * &sfnic_events.lock held: only queues the work.
 */
static void sfnic_health_event(struct sfnic_ev_listener *l,
			       const struct sfnic_event *ev)
{
	struct sfnic_health *h = container_of(l, struct sfnic_health, ev);

	if (ev->type == SFNIC_EV_HEALTH)
		sfnic_health_kick(h, SFNIC_HEALTH_FW);
	else if (ev->type == SFNIC_EV_QUEUE_ERROR)
		sfnic_health_kick(h, SFNIC_HEALTH_RX);
}

static const struct sfnic_ev_listener_ops sfnic_health_ev_ops = {
	.kind	= SFNIC_EV_KIND_HEALTH,
	.event	= sfnic_health_event,
};

/**
 * sfnic_health_tx_timeout() - the TX watchdog found a queue stuck
 * @h: the function's health
 *
 * Any context. The queues are in &sfnic_netdev.tx_timedout; the health
 * work reports them.
 */
void sfnic_health_tx_timeout(struct sfnic_health *h)
{
	sfnic_health_kick(h, SFNIC_HEALTH_TX);
}

/**
 * sfnic_health_query() - a function's health and vport, from the model
 * @h: the function's health
 * @info: out: its health
 * @vport: out: its vport, or NULL
 *
 * Return: 0 or a negative errno.
 */
int sfnic_health_query(struct sfnic_health *h, struct sfnic_health_info *info,
		       struct sfnic_vport_info *vport)
{
	struct sfnic_cmd cmd = {
		.op = SFNIC_CMD_HEALTH_QUERY,
		.vport = h->vport,
	};
	int err;

	err = sfnic_cmd_exec(h->sdev->model, &cmd);
	if (err)
		return err;
	*info = cmd.out.health;
	if (!vport)
		return 0;
	cmd.op = SFNIC_CMD_VPORT_QUERY;
	err = sfnic_cmd_exec(h->sdev->model, &cmd);
	if (!err)
		*vport = cmd.out.vport;
	return err;
}

static int sfnic_health_mq_cmd(struct sfnic_health *h, u16 op,
			       struct sfnic_mq *mq, struct sfnic_mq_info *info)
{
	struct sfnic_cmd cmd = {
		.op = op,
		.vport = h->vport,
		.in.queue.mq = mq,
	};
	int err;

	err = sfnic_cmd_exec(h->sdev->model, &cmd);
	if (!err && info)
		*info = cmd.out.queue_info;
	return err;
}

/**
 * sfnic_health_queues() - the state of a function netdev's queues
 * @h: the function's health
 * @q: out: one entry per channel with queues, room for
 *	%SFNIC_MODEL_MAX_QUEUES
 * @n: out: entries filled; 0 while the netdev is down
 *
 * Takes RTNL.
 *
 * Return: 0 or a negative errno.
 */
int sfnic_health_queues(struct sfnic_health *h, struct sfnic_health_q *q,
			unsigned int *n)
{
	struct sfnic_netdev *nd;
	unsigned long since;
	unsigned int i;
	int err = 0;

	*n = 0;
	rtnl_lock();
	nd = h->nd;
	for (i = 0; nd && i < nd->nq; i++) {
		struct sfnic_mq *mq = rtnl_dereference(nd->mq[i]);

		if (!mq)
			continue;
		err = sfnic_health_mq_cmd(h, SFNIC_CMD_QUEUE_QUERY, mq,
					  &q[*n].info);
		if (err)
			break;
		q[*n].tx_timedout = test_bit(i, &nd->tx_timedout);
		since = READ_ONCE(nd->tx_stall_since[i]);
		q[*n].tx_stalled_ms = since ?
			jiffies_to_msecs(jiffies - since) : 0;
		(*n)++;
	}
	rtnl_unlock();
	return err;
}

/* Which queues of the netdev need a TX or RX recovery. RTNL held. */
static int sfnic_health_bad_queues(struct sfnic_health *h,
				   enum sfnic_health_kind kind,
				   struct sfnic_health_qerr *qerr)
{
	struct sfnic_netdev *nd = h->nd;
	struct sfnic_mq_info info;
	unsigned int i;
	int err;

	memset(qerr, 0, sizeof(*qerr));
	for (i = 0; nd && i < nd->nq; i++) {
		struct sfnic_mq *mq = rtnl_dereference(nd->mq[i]);

		if (!mq)
			continue;
		err = sfnic_health_mq_cmd(h, SFNIC_CMD_QUEUE_QUERY, mq, &info);
		if (err)
			return err;
		if (kind == SFNIC_HEALTH_RX && info.rq_state == SFNIC_MQ_ERR) {
			if (!qerr->queues)
				qerr->syndrome = info.rq_syndrome;
			__set_bit(i, &qerr->queues);
		}
		if (kind == SFNIC_HEALTH_TX && test_bit(i, &nd->tx_timedout))
			__set_bit(i, &qerr->queues);
	}
	return 0;
}

static void sfnic_health_report(struct sfnic_health *h,
				enum sfnic_health_kind kind, const char *msg,
				void *ctx)
{
	struct device *dev = h->sfd ? mdevc_dev(h->sfd->mdev) : h->sdev->dev;
	int err;

	dev_warn(dev, "%s\n", msg);
	if (!sfnic_mgmt->health_report)
		return;
	err = sfnic_mgmt->health_report(h, kind, msg, ctx);
	if (err && err != -ECANCELED)
		dev_err(dev, "recovery failed: %d\n", err);
}

static void sfnic_health_check_fw(struct sfnic_health *h)
{
	struct sfnic_health_info info;
	char msg[64];

	if (sfnic_health_query(h, &info, NULL))
		return;
	if (info.state == SFNIC_HEALTH_FATAL) {
		snprintf(msg, sizeof(msg),
			 "firmware fatal error, syndrome 0x%x", info.syndrome);
		sfnic_health_report(h, SFNIC_HEALTH_FW_FATAL, msg, NULL);
	} else if (info.state == SFNIC_HEALTH_ERROR) {
		snprintf(msg, sizeof(msg), "firmware error, syndrome 0x%x",
			 info.syndrome);
		sfnic_health_report(h, SFNIC_HEALTH_FW, msg, NULL);
	}
}

static void sfnic_health_check_queues(struct sfnic_health *h,
				      enum sfnic_health_kind kind)
{
	struct sfnic_health_qerr qerr;
	char msg[64];
	int err;

	rtnl_lock();
	err = sfnic_health_bad_queues(h, kind, &qerr);
	rtnl_unlock();
	if (err || !qerr.queues)
		return;
	if (kind == SFNIC_HEALTH_TX)
		snprintf(msg, sizeof(msg), "TX timeout on queues 0x%lx",
			 qerr.queues);
	else
		snprintf(msg, sizeof(msg),
			 "RX queues 0x%lx in error, syndrome 0x%x",
			 qerr.queues, qerr.syndrome);
	sfnic_health_report(h, kind, msg, &qerr);
}

/* No lock held: devlink's report takes the instance lock to recover. */
static void sfnic_health_work(struct work_struct *work)
{
	struct sfnic_health *h = container_of(work, struct sfnic_health,
					      work);

	if (test_and_clear_bit(SFNIC_HEALTH_FW, &h->pending))
		sfnic_health_check_fw(h);
	if (test_and_clear_bit(SFNIC_HEALTH_RX, &h->pending))
		sfnic_health_check_queues(h, SFNIC_HEALTH_RX);
	if (test_and_clear_bit(SFNIC_HEALTH_TX, &h->pending))
		sfnic_health_check_queues(h, SFNIC_HEALTH_TX);
}

/* RTNL held. Resets the queues of the netdev @kind is about: those of
 * @qerr, or (a user's recovery) all of them, as mlx5 reopens its
 * channels.
 */
static int sfnic_health_queues_reset(struct sfnic_health *h,
				     enum sfnic_health_kind kind,
				     const struct sfnic_health_qerr *qerr)
{
	struct sfnic_netdev *nd = h->nd;
	unsigned int i;
	int err;

	if (!nd)
		return 0;	/* down: its queues are gone */
	for (i = 0; i < nd->nq; i++) {
		struct sfnic_mq *mq = rtnl_dereference(nd->mq[i]);

		if (!mq || (qerr && !test_bit(i, &qerr->queues)))
			continue;
		err = sfnic_health_mq_cmd(h, SFNIC_CMD_QUEUE_RESET, mq, NULL);
		if (err)
			return err;
		if (kind == SFNIC_HEALTH_TX) {
			WRITE_ONCE(nd->tx_stall_since[i], 0);
			clear_bit(i, &nd->tx_timedout);
		}
	}
	return 0;
}

/* The function's instance lock held. Reset the function and set up again
 * what its driver had: attach (an SF), event queue sizes, RX filter, the
 * netdev's queues if it was up. The netdev itself stays, so its addresses
 * and routes do.
 */
static int sfnic_health_fn_reset(struct sfnic_health *h)
{
	struct sfnic_sf_dev *sfd = h->sfd;
	struct sfnic_model *m = h->sdev->model;
	struct sfnic_cmd cmd = { .vport = h->vport };
	struct sfnic_netdev *nd;
	struct sfnic_fn_cfg cfg;
	bool was_up = false;
	int err;

	if (sfd)
		sfnic_mgmt->sf_dev_cfg(sfd, &cfg);
	else
		sfnic_mgmt->cfg(h->sdev, &cfg);
	rtnl_lock();
	nd = sfd ? sfd->nd : h->sdev->pf;
	if (nd && nd->queues_up) {
		was_up = true;
		sfnic_nd_down(nd);
	}
	if (sfd && sfd->attached) {
		cmd.op = SFNIC_CMD_VPORT_DETACH;
		sfnic_cmd_exec_teardown(m, &cmd, mdevc_dev(sfd->mdev));
		sfd->attached = false;
	}
	cmd.op = SFNIC_CMD_VPORT_RESET;
	err = sfnic_cmd_exec(m, &cmd);
	if (err)
		goto out;
	if (sfd) {
		cmd.op = SFNIC_CMD_VPORT_ATTACH;
		err = sfnic_cmd_exec(m, &cmd);
		if (err)
			goto out;
		sfd->attached = true;
	}
	cmd.op = SFNIC_CMD_VPORT_SET_EQS;
	cmd.in.set_eqs.io_eq_size = cfg.io_eq_size;
	cmd.in.set_eqs.event_eq_size = cfg.event_eq_size;
	err = sfnic_cmd_exec(m, &cmd);
	if (err)
		goto out;
	if (nd)
		sfnic_rxf_kick(nd);
	if (was_up)
		err = sfnic_nd_up(nd);
out:
	rtnl_unlock();
	return err;
}

/**
 * sfnic_health_recover() - recover from an error a reporter reported
 * @h: the function's health
 * @kind: which reporter
 * @ctx: what the report passed (&struct sfnic_health_qerr for TX and RX),
 *	or NULL for a user's recovery: then whatever needs it is recovered
 *
 * The function's management instance lock held (devlink calls recover
 * with it).
 *
 * Return: 0 or a negative errno; -EOPNOTSUPP for the firmware error,
 * which has no recovery (the firmware goes on).
 */
int sfnic_health_recover(struct sfnic_health *h, enum sfnic_health_kind kind,
			 const void *ctx)
{
	int err;

	switch (kind) {
	case SFNIC_HEALTH_FW_FATAL:
		return sfnic_health_fn_reset(h);
	case SFNIC_HEALTH_TX:
	case SFNIC_HEALTH_RX:
		rtnl_lock();
		err = sfnic_health_queues_reset(h, kind, ctx);
		rtnl_unlock();
		return err;
	default:
		return -EOPNOTSUPP;
	}
}

/**
 * sfnic_health_init() - set up a function's health, not started
 * @h: the health
 * @sdev: the NIC
 * @sfd: the SF, or NULL for the PF
 * @vport: the function's vport
 */
void sfnic_health_init(struct sfnic_health *h, struct sfnic_dev *sdev,
		       struct sfnic_sf_dev *sfd, u16 vport)
{
	h->sdev = sdev;
	h->sfd = sfd;
	h->vport = vport;
	h->ev.ops = &sfnic_health_ev_ops;
	h->ev.vport = vport;
	INIT_WORK(&h->work, sfnic_health_work);
	spin_lock_init(&h->lock);
}

/**
 * sfnic_health_start() - follow the function's health
 * @h: the health
 *
 * Once the function's management instance is published: its reporters
 * may report from then on. An error already there is looked at now.
 *
 * Return: 0 or a negative errno.
 */
int sfnic_health_start(struct sfnic_health *h)
{
	int err;

	spin_lock_irq(&h->lock);
	h->enabled = true;
	spin_unlock_irq(&h->lock);
	err = sfnic_events_listen(h->sdev, &h->ev);
	if (err) {
		spin_lock_irq(&h->lock);
		h->enabled = false;
		spin_unlock_irq(&h->lock);
		return err;
	}
	sfnic_health_kick(h, SFNIC_HEALTH_FW);
	return 0;
}

/**
 * sfnic_health_stop() - undo sfnic_health_start()
 * @h: the health
 *
 * Before the instance is unpublished: no report runs once this returned.
 * Must not be called from the model's event work.
 */
void sfnic_health_stop(struct sfnic_health *h)
{
	sfnic_events_unlisten(h->sdev, &h->ev);
	spin_lock_irq(&h->lock);
	h->enabled = false;
	spin_unlock_irq(&h->lock);
	cancel_work_sync(&h->work);
	h->pending = 0;
}
