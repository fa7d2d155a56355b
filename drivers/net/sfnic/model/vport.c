// SPDX-License-Identifier: GPL-2.0
/*
 * sfnic device model: function vports (their life cycle, mlx5's VHCA
 * state machine, MAC, MTU and link) and their queue pairs.
 */

#include <linux/etherdevice.h>
#include <linux/slab.h>

#include "priv.h"

/* Model lock or RCU read lock held. */
struct sfnic_mvport *sfnic_mvport_get(struct sfnic_model *m, u16 vport)
{
	int slot = sfnic_mslot(vport);

	if (slot < 0)
		return NULL;
	return rcu_dereference_check(m->vports[slot],
				     lockdep_is_held(&m->lock));
}

/* The link a function sees: always up in legacy mode; in switchdev mode
 * it follows its representor, as the eswitch manager sets it.
 */
bool sfnic_mvport_link(const struct sfnic_model *m,
		       const struct sfnic_mvport *v)
{
	return READ_ONCE(m->esw_mode) == SFNIC_ESW_LEGACY ||
	       READ_ONCE(v->admin_link);
}

static struct sfnic_mvport *sfnic_mvport_alloc(u16 num, u8 state)
{
	struct sfnic_mvport *v;

	v = kzalloc(sizeof(*v), GFP_KERNEL);
	if (!v)
		return NULL;
	v->num = num;
	v->state = state;
	v->mtu = ETH_DATA_LEN;
	v->io_eq_size = SFNIC_MODEL_DEF_IO_EQ_SIZE;
	v->event_eq_size = SFNIC_MODEL_DEF_EVENT_EQ_SIZE;
	atomic64_set(&v->rx_dropped, 0);
	atomic64_set(&v->rx_filtered, 0);
	return v;
}

/* Model lock held: a new RX filter (NULL: none); the old one goes after
 * an RCU grace period.
 */
static void sfnic_mvport_set_rxf(struct sfnic_model *m, struct sfnic_mvport *v,
				 struct sfnic_mrxf *rxf)
{
	struct sfnic_mrxf *old;

	old = rcu_replace_pointer(v->rxf, rxf, lockdep_is_held(&m->lock));
	if (old)
		kfree_rcu(old, rcu);
}

/* What the function's driver set goes with it: a detached function has
 * the default queue sizes and no RX filter.
 */
void sfnic_mvport_reset_fn(struct sfnic_model *m, struct sfnic_mvport *v)
{
	v->io_eq_size = SFNIC_MODEL_DEF_IO_EQ_SIZE;
	v->event_eq_size = SFNIC_MODEL_DEF_EVENT_EQ_SIZE;
	sfnic_mvport_set_rxf(m, v, NULL);
	sfnic_mfdb_set_uc(m, v, NULL, 0);
}

/* RCU read lock held: @addr is the vport's MAC or in its RX filter. */
bool sfnic_mvport_has_addr(struct sfnic_mvport *v, const u8 *addr)
{
	struct sfnic_mrxf *rxf;
	u32 i;

	/* A racing MAC change only misroutes frames in flight. */
	if (ether_addr_equal(v->mac, addr))
		return true;
	rxf = rcu_dereference(v->rxf);
	for (i = 0; rxf && i < rxf->n; i++)
		if (ether_addr_equal(rxf->macs[i], addr))
			return true;
	return false;
}

/**
 * sfnic_mvport_rx_accept() - the RX filter of a function end
 * @v: the vport
 * @dst: a frame's destination
 *
 * RCU read lock held. A refused frame is counted in the vport's
 * rx_filtered (debugfs), not as a drop: the NIC filtered it, as a NIC
 * does with a destination its driver did not program.
 *
 * Return: true if the function receives a frame to @dst.
 */
bool sfnic_mvport_rx_accept(struct sfnic_mvport *v, const u8 *dst)
{
	struct sfnic_mrxf *rxf = rcu_dereference(v->rxf);

	if (!rxf || rxf->promisc || is_multicast_ether_addr(dst) ||
	    sfnic_mvport_has_addr(v, dst))
		return true;
	atomic64_inc(&v->rx_filtered);
	return false;
}

static u8 sfnic_mcmd_vport_set_eqs(struct sfnic_mvport *v,
				   struct sfnic_cmd *cmd)
{
	u32 io = cmd->in.set_eqs.io_eq_size;
	u32 event = cmd->in.set_eqs.event_eq_size;

	if (io < SFNIC_MODEL_MIN_EQ_SIZE || io > SFNIC_MODEL_MAX_EQ_SIZE ||
	    event < SFNIC_MODEL_MIN_EQ_SIZE || event > SFNIC_MODEL_MAX_EQ_SIZE)
		return SFNIC_STAT_BAD_PARAM;
	v->io_eq_size = io;
	v->event_eq_size = event;
	return SFNIC_STAT_OK;
}

static u8 sfnic_mcmd_vport_set_rx_filter(struct sfnic_model *m,
					 struct sfnic_mvport *v,
					 struct sfnic_cmd *cmd)
{
	u32 n = cmd->in.rx_filter.n;
	struct sfnic_mrxf *rxf;

	if (n > m->caps.max_uc_macs || (n && !cmd->in.rx_filter.macs))
		return SFNIC_STAT_BAD_PARAM;
	rxf = kzalloc(struct_size(rxf, macs, n), GFP_KERNEL);
	if (!rxf)
		return SFNIC_STAT_NO_RESOURCES;
	rxf->promisc = cmd->in.rx_filter.promisc;
	rxf->n = n;
	memcpy(rxf->macs, cmd->in.rx_filter.macs, n * ETH_ALEN);
	if (sfnic_mfdb_set_uc(m, v, rxf->macs[0], n)) {
		kfree(rxf);
		return SFNIC_STAT_NO_RESOURCES;
	}
	sfnic_mvport_set_rxf(m, v, rxf);
	return SFNIC_STAT_OK;
}

/* The function's driver configures its own function: the PF's, or an
 * SF's while attached.
 */
static bool sfnic_mvport_fn_owned(const struct sfnic_mvport *v)
{
	return v->num == SFNIC_VPORT_PF || v->state == SFNIC_VPORT_IN_USE;
}

static void sfnic_mvport_set_state(struct sfnic_model *m,
				   struct sfnic_mvport *v, u8 state)
{
	struct sfnic_event ev = {
		.type = SFNIC_EV_VPORT_STATE,
		.vport = v->num,
		.state = state,
	};

	WRITE_ONCE(v->state, state);
	sfnic_model_post_event(m, &ev);
}

static bool sfnic_mvport_has_queues(const struct sfnic_mvport *v)
{
	int side, i;

	for (side = 0; side < 2; side++)
		for (i = 0; i < SFNIC_MODEL_MAX_QUEUES; i++)
			if (rcu_access_pointer(v->mq[side][i]))
				return true;
	return false;
}

/* Model lock held: the function's driver still has queues. */
bool sfnic_mvport_has_fn_queues(const struct sfnic_mvport *v)
{
	int i;

	for (i = 0; i < SFNIC_MODEL_MAX_QUEUES; i++)
		if (rcu_access_pointer(v->mq[SFNIC_MQ_FUNCTION][i]))
			return true;
	return false;
}

static u8 sfnic_mcmd_vport_create(struct sfnic_model *m, struct sfnic_cmd *cmd)
{
	int slot = sfnic_mslot(cmd->vport);
	struct sfnic_mvport *v;

	if (slot < SFNIC_MSLOT_SF0)
		return SFNIC_STAT_BAD_PARAM;
	if (rcu_access_pointer(m->vports[slot]))
		return SFNIC_STAT_EXISTS;
	v = sfnic_mvport_alloc(cmd->vport, SFNIC_VPORT_ALLOCATED);
	if (!v)
		return SFNIC_STAT_NO_RESOURCES;
	v->sfnum = cmd->in.vport_create.sfnum;
	rcu_assign_pointer(m->vports[slot], v);
	if (slot >= m->vports_end)
		WRITE_ONCE(m->vports_end, slot + 1);
	return SFNIC_STAT_OK;
}

static u8 sfnic_mcmd_vport_destroy(struct sfnic_model *m,
				   struct sfnic_mvport *v)
{
	int slot = sfnic_mslot(v->num);

	if (slot < SFNIC_MSLOT_SF0)
		return SFNIC_STAT_BAD_PARAM;
	if (v->state != SFNIC_VPORT_ALLOCATED || sfnic_mvport_has_queues(v))
		return SFNIC_STAT_BAD_STATE;
	RCU_INIT_POINTER(m->vports[slot], NULL);
	if (slot + 1 == m->vports_end) {
		while (slot > SFNIC_MSLOT_UPLINK &&
		       !rcu_access_pointer(m->vports[slot]))
			slot--;
		WRITE_ONCE(m->vports_end, slot + 1);
	}
	sfnic_mvport_set_rxf(m, v, NULL);
	sfnic_mfdb_vport_clear(m, v);
	kfree_rcu(v, rcu);
	return SFNIC_STAT_OK;
}

static u8 sfnic_mcmd_vport_transition(struct sfnic_model *m,
				      struct sfnic_mvport *v, u16 op)
{
	u8 next;

	if (v->num == SFNIC_VPORT_PF || v->num == SFNIC_VPORT_UPLINK)
		return SFNIC_STAT_BAD_PARAM;

	switch (op) {
	case SFNIC_CMD_VPORT_ENABLE:
		if (v->state != SFNIC_VPORT_ALLOCATED)
			return SFNIC_STAT_BAD_STATE;
		next = SFNIC_VPORT_ACTIVE;
		break;
	case SFNIC_CMD_VPORT_DISABLE:
		if (v->state == SFNIC_VPORT_ACTIVE)
			next = SFNIC_VPORT_ALLOCATED;
		else if (v->state == SFNIC_VPORT_IN_USE)
			next = SFNIC_VPORT_TEARDOWN_REQUEST;
		else
			return SFNIC_STAT_BAD_STATE;
		break;
	case SFNIC_CMD_VPORT_ATTACH:
		if (v->state != SFNIC_VPORT_ACTIVE)
			return SFNIC_STAT_BAD_STATE;
		next = SFNIC_VPORT_IN_USE;
		break;
	case SFNIC_CMD_VPORT_DETACH:
		if (v->state == SFNIC_VPORT_IN_USE)
			next = SFNIC_VPORT_ACTIVE;
		else if (v->state == SFNIC_VPORT_TEARDOWN_REQUEST)
			next = SFNIC_VPORT_ALLOCATED;
		else
			return SFNIC_STAT_BAD_STATE;
		sfnic_mvport_reset_fn(m, v);
		break;
	default:
		return SFNIC_STAT_BAD_PARAM;
	}
	sfnic_mvport_set_state(m, v, next);
	return SFNIC_STAT_OK;
}

static u8 sfnic_mcmd_vport_set_link(struct sfnic_model *m,
				    struct sfnic_mvport *v, bool up)
{
	struct sfnic_event ev = {
		.type = SFNIC_EV_VPORT_LINK,
		.vport = v->num,
	};
	bool old = sfnic_mvport_link(m, v);

	WRITE_ONCE(v->admin_link, up);
	ev.link_up = sfnic_mvport_link(m, v);
	if (ev.link_up != old)
		sfnic_model_post_event(m, &ev);
	return SFNIC_STAT_OK;
}

/* Model lock held. */
u8 sfnic_mcmd_vport(struct sfnic_model *m, struct sfnic_cmd *cmd)
{
	struct sfnic_vport_info *info = &cmd->out.vport;
	struct sfnic_mvport *v;

	if (cmd->op == SFNIC_CMD_VPORT_CREATE)
		return sfnic_mcmd_vport_create(m, cmd);

	v = sfnic_mvport_get(m, cmd->vport);
	if (!v)
		return SFNIC_STAT_NOT_FOUND;

	switch (cmd->op) {
	case SFNIC_CMD_VPORT_DESTROY:
		return sfnic_mcmd_vport_destroy(m, v);
	case SFNIC_CMD_VPORT_ENABLE:
	case SFNIC_CMD_VPORT_DISABLE:
	case SFNIC_CMD_VPORT_ATTACH:
	case SFNIC_CMD_VPORT_DETACH:
		return sfnic_mcmd_vport_transition(m, v, cmd->op);
	case SFNIC_CMD_VPORT_QUERY:
		memset(info, 0, sizeof(*info));
		info->state = v->state;
		ether_addr_copy(info->mac, v->mac);
		info->mtu = v->mtu;
		info->link_up = sfnic_mvport_link(m, v);
		info->sfnum = v->sfnum;
		info->rx_dropped = atomic64_read(&v->rx_dropped);
		return SFNIC_STAT_OK;
	case SFNIC_CMD_VPORT_SET_MAC:
		if (is_multicast_ether_addr(cmd->in.set_mac.mac))
			return SFNIC_STAT_BAD_PARAM;
		if (sfnic_mfdb_set_mac(m, v, cmd->in.set_mac.mac))
			return SFNIC_STAT_NO_RESOURCES;
		ether_addr_copy(v->mac, cmd->in.set_mac.mac);
		return SFNIC_STAT_OK;
	case SFNIC_CMD_VPORT_SET_MTU:
		if (cmd->in.set_mtu.mtu < m->caps.min_mtu ||
		    cmd->in.set_mtu.mtu > m->caps.max_mtu)
			return SFNIC_STAT_BAD_PARAM;
		WRITE_ONCE(v->mtu, cmd->in.set_mtu.mtu);
		return SFNIC_STAT_OK;
	case SFNIC_CMD_VPORT_SET_LINK:
		return sfnic_mcmd_vport_set_link(m, v, cmd->in.set_link.up);
	case SFNIC_CMD_VPORT_SET_EQS:
	case SFNIC_CMD_VPORT_SET_RX_FILTER:
		if (v->num == SFNIC_VPORT_UPLINK)
			return SFNIC_STAT_BAD_PARAM;
		if (!sfnic_mvport_fn_owned(v))
			return SFNIC_STAT_BAD_STATE;
		if (cmd->op == SFNIC_CMD_VPORT_SET_EQS)
			return sfnic_mcmd_vport_set_eqs(v, cmd);
		return sfnic_mcmd_vport_set_rx_filter(m, v, cmd);
	default:
		return SFNIC_STAT_BAD_PARAM;
	}
}

/* The slot of the vport's queue table that holds @mq, if it is live. */
static struct sfnic_mq __rcu **sfnic_mq_slot(struct sfnic_mq *mq)
{
	return &mq->vport->mq[mq->side][mq->index];
}

/* Queues 0..n - 1 of a side exist: the eswitch spreads frames over them. */
static void sfnic_mvport_count_mqs(struct sfnic_mvport *v, u8 side)
{
	u8 n;

	for (n = 0; n < SFNIC_MODEL_MAX_QUEUES; n++)
		if (!rcu_access_pointer(v->mq[side][n]))
			break;
	WRITE_ONCE(v->nmq[side], n);
}

/* Frees a queue no datapath user can see any longer, and its frames.
 * The consumer lock is taken with BH off, as by NAPI consumers:
 * ptr_ring_cleanup() would take it with BH on, which lockdep reports as
 * an inconsistent lock state.
 */
void sfnic_mq_free(struct sfnic_mq *mq)
{
	struct sk_buff *skb;

	while ((skb = ptr_ring_consume_bh(&mq->ring)))
		kfree_skb(skb);
	skb_queue_purge(&mq->sq_held);
	ptr_ring_cleanup(&mq->ring, NULL);
	kfree(mq);
}

/* Model lock held. Each destroyed queue is added to @dead, to be freed
 * after an RCU grace period outside the lock. Every valid queue of the
 * command is destroyed, whatever becomes of the others.
 */
static u8 sfnic_mcmd_queue_destroy(struct sfnic_model *m,
				   struct sfnic_cmd *cmd,
				   struct list_head *dead)
{
	u8 status = SFNIC_STAT_OK;
	struct sfnic_mq *mq;
	unsigned int i;

	if (!cmd->in.queue_destroy.mqs)
		return SFNIC_STAT_BAD_PARAM;
	for (i = 0; i < cmd->in.queue_destroy.n; i++) {
		mq = cmd->in.queue_destroy.mqs[i];
		if (!mq || rcu_access_pointer(*sfnic_mq_slot(mq)) != mq) {
			status = SFNIC_STAT_NOT_FOUND;
			continue;
		}
		RCU_INIT_POINTER(*sfnic_mq_slot(mq), NULL);
		sfnic_mvport_count_mqs(mq->vport, mq->side);
		list_add_tail(&mq->dead, dead);
	}
	return status;
}

/* Model lock held. */
u8 sfnic_mcmd_queue(struct sfnic_model *m, struct sfnic_cmd *cmd,
		    struct list_head *dead)
{
	u8 side = cmd->in.queue_create.side;
	u8 index = cmd->in.queue_create.index;
	u32 depth = cmd->in.queue_create.depth ?: m->caps.rq_depth;
	struct sfnic_mvport *v;
	struct sfnic_mq *mq;

	if (cmd->op == SFNIC_CMD_QUEUE_DESTROY)
		return sfnic_mcmd_queue_destroy(m, cmd, dead);

	v = sfnic_mvport_get(m, cmd->vport);
	if (!v)
		return SFNIC_STAT_NOT_FOUND;
	if (side > SFNIC_MQ_REP || index >= m->caps.max_queues ||
	    !cmd->in.queue_create.irq.handler ||
	    depth < m->caps.min_rq_depth || depth > m->caps.max_rq_depth ||
	    cmd->in.queue_create.flags & ~(SFNIC_MQ_F_RX_GSO |
					   SFNIC_MQ_F_RX_CSUM))
		return SFNIC_STAT_BAD_PARAM;
	if (side == SFNIC_MQ_FUNCTION && v->num == SFNIC_VPORT_UPLINK)
		return SFNIC_STAT_BAD_PARAM;
	if (side == SFNIC_MQ_FUNCTION && v->num != SFNIC_VPORT_PF &&
	    v->state != SFNIC_VPORT_IN_USE)
		return SFNIC_STAT_BAD_STATE;
	if (rcu_access_pointer(v->mq[side][index]))
		return SFNIC_STAT_EXISTS;

	mq = kzalloc(sizeof(*mq), GFP_KERNEL);
	if (!mq)
		return SFNIC_STAT_NO_RESOURCES;
	if (ptr_ring_init(&mq->ring, depth, GFP_KERNEL)) {
		kfree(mq);
		return SFNIC_STAT_NO_RESOURCES;
	}
	mq->m = m;
	mq->vport = v;
	mq->side = side;
	mq->index = index;
	mq->flags = cmd->in.queue_create.flags;
	mq->irq = cmd->in.queue_create.irq;
	mq->rx_dropped = cmd->in.queue_create.rx_dropped;
	skb_queue_head_init(&mq->sq_held);
	rcu_assign_pointer(v->mq[side][index], mq);
	sfnic_mvport_count_mqs(v, side);
	cmd->out.queue = mq;
	return SFNIC_STAT_OK;
}

int sfnic_mvports_init(struct sfnic_model *m)
{
	struct sfnic_mvport *pf, *uplink;
	int err;

	err = sfnic_mfdb_init(m);
	if (err)
		return err;
	/* The PF function is driven by the PF driver from power on. */
	pf = sfnic_mvport_alloc(SFNIC_VPORT_PF, SFNIC_VPORT_IN_USE);
	uplink = sfnic_mvport_alloc(SFNIC_VPORT_UPLINK, SFNIC_VPORT_IN_USE);
	if (!pf || !uplink) {
		kfree(pf);
		kfree(uplink);
		sfnic_mfdb_fini(m);
		return -ENOMEM;
	}
	pf->admin_link = true;
	uplink->admin_link = true;
	RCU_INIT_POINTER(m->vports[SFNIC_MSLOT_PF], pf);
	RCU_INIT_POINTER(m->vports[SFNIC_MSLOT_UPLINK], uplink);
	m->vports_end = SFNIC_MSLOT_SF0;
	return 0;
}

void sfnic_mvports_fini(struct sfnic_model *m)
{
	struct sfnic_mvport *v;
	int slot, side, i;

	for (slot = 0; slot < SFNIC_MSLOTS; slot++) {
		v = rcu_dereference_protected(m->vports[slot], true);
		if (!v)
			continue;
		if (slot >= SFNIC_MSLOT_SF0)
			dev_warn(m->dev, "model: vport 0x%x left behind\n",
				 v->num);
		for (side = 0; side < 2; side++)
			for (i = 0; i < SFNIC_MODEL_MAX_QUEUES; i++) {
				struct sfnic_mq *mq;

				mq = rcu_dereference_protected(v->mq[side][i],
							       true);
				if (!mq)
					continue;
				dev_warn(m->dev, "model: queue left behind\n");
				sfnic_mq_free(mq);
			}
		RCU_INIT_POINTER(m->vports[slot], NULL);
		kfree(rcu_dereference_protected(v->rxf, true));
		sfnic_mfdb_vport_clear(m, v);
		kfree(v);
	}
	sfnic_mfdb_fini(m);
}

static const char * const sfnic_mvport_state_names[] = {
	[SFNIC_VPORT_INVALID]		= "invalid",
	[SFNIC_VPORT_ALLOCATED]		= "allocated",
	[SFNIC_VPORT_ACTIVE]		= "active",
	[SFNIC_VPORT_IN_USE]		= "in_use",
	[SFNIC_VPORT_TEARDOWN_REQUEST]	= "teardown_request",
};

/**
 * sfnic_mvport_show() - one line of debugfs' "vports" about a vport
 * @s: the seq_file
 * @v: the vport; model lock held
 */
void sfnic_mvport_show(struct seq_file *s, struct sfnic_mvport *v)
{
	struct sfnic_mrxf *rxf;
	u32 i;

	seq_printf(s, "vport 0x%x state %s", v->num,
		   v->state < ARRAY_SIZE(sfnic_mvport_state_names) ?
		   sfnic_mvport_state_names[v->state] : "?");
	if (v->num >= SFNIC_VPORT_SF_BASE && v->num != SFNIC_VPORT_UPLINK)
		seq_printf(s, " sfnum %u", v->sfnum);
	seq_printf(s, " mac %pM io_eq_size %u event_eq_size %u", v->mac,
		   v->io_eq_size, v->event_eq_size);
	rcu_read_lock();
	rxf = rcu_dereference(v->rxf);
	if (!rxf) {
		seq_puts(s, " rx_filter off");
	} else {
		seq_printf(s, " rx_filter %s uc %u", rxf->promisc ?
			   "promisc" : "on", rxf->n);
		for (i = 0; i < rxf->n; i++)
			seq_printf(s, "%s%pM", i ? "," : " ", rxf->macs[i]);
	}
	rcu_read_unlock();
	seq_printf(s, " rx_filtered %lld\n",
		   (long long)atomic64_read(&v->rx_filtered));
}
