// SPDX-License-Identifier: GPL-2.0
/*
 * sfnic netdevs: the PF netdev (uplink representor in switchdev mode), SF
 * representors and SF netdevs share this code. Each netdev drives queue
 * pairs of one end of a model vport: created on open, destroyed on stop,
 * one NAPI context per queue pair, TX by posting frames on the model's
 * send queue.
 */

#include <linux/etherdevice.h>
#include <linux/netdevice.h>
#include <linux/rtnetlink.h>
#include <net/devlink.h>

#include "sfnic.h"

/* What every sfnic netdev offers, as veth does: frames cross the NIC
 * whole (GSO, fragments, checksum left to fill in) and are segmented only
 * where they leave it for a device that cannot take them.
 */
#define SFNIC_ND_FEATURES	(NETIF_F_SG | NETIF_F_FRAGLIST | \
				 NETIF_F_HW_CSUM | NETIF_F_RXCSUM | \
				 NETIF_F_HIGHDMA | NETIF_F_GSO_SOFTWARE)

#define SFNIC_RX_BULK		16
/* TX watchdog: a queue with frames not completed for SFNIC_TX_TIMEOUT
 * times out; it looks every SFNIC_TX_WATCHDOG_PERIOD while a queue holds
 * such frames, and not at all otherwise.
 */
#define SFNIC_TX_TIMEOUT		(2 * HZ)
#define SFNIC_TX_WATCHDOG_PERIOD	(HZ / 2)

/* The queue's interrupt: frames were posted on its RX ring. Schedules
 * NAPI once per batch: the handler masks itself until NAPI drained the
 * ring (veth's rx_notify_masked).
 */
static void sfnic_q_irq(void *ctx)
{
	struct sfnic_rxq *rq = ctx;

	/* The ring was written before: read masked after it. */
	smp_mb();
	if (!READ_ONCE(rq->masked) && napi_schedule_prep(&rq->napi)) {
		WRITE_ONCE(rq->masked, true);
		__napi_schedule(&rq->napi);
	}
}

/* Frames that their sender already sized (GSO frames, frames still
 * carrying their local sender's socket) go up as they are: GRO would only
 * cost cycles, as veth skips it for them. Others are coalesced.
 */
static void sfnic_rx_one(struct sfnic_rxq *rq, struct sk_buff *skb)
{
	struct net_device *netdev = rq->nd->netdev;

	skb->protocol = eth_type_trans(skb, netdev);
	skb_record_rx_queue(skb, rq->index);
	if (skb->sk || skb_is_gso(skb))
		netif_receive_skb(skb);
	else
		napi_gro_receive(&rq->napi, skb);
}

static int sfnic_napi_poll(struct napi_struct *napi, int budget)
{
	struct sfnic_rxq *rq = container_of(napi, struct sfnic_rxq, napi);
	struct sfnic_rq_stats *st = &rq->nd->rq_stats[rq->index];
	struct sk_buff *skbs[SFNIC_RX_BULK];
	u64 bytes = 0;
	int done = 0, n, i;

	while (done < budget) {
		n = sfnic_mq_rx_bulk(rq->mq, skbs,
				     min(budget - done, SFNIC_RX_BULK));
		if (!n)
			break;
		for (i = 0; i < n; i++) {
			bytes += skbs[i]->len;
			sfnic_rx_one(rq, skbs[i]);
		}
		done += n;
	}
	if (done) {
		u64_stats_update_begin(&st->syncp);
		st->packets += done;
		st->bytes += bytes;
		u64_stats_update_end(&st->syncp);
	}

	if (done < budget && napi_complete_done(napi, done)) {
		/* Unmask, then look again: a frame posted while masked
		 * raised no schedule.
		 */
		WRITE_ONCE(rq->masked, false);
		if (unlikely(!sfnic_mq_rx_empty(rq->mq)) &&
		    napi_schedule_prep(napi)) {
			WRITE_ONCE(rq->masked, true);
			__napi_schedule(napi);
		}
	}
	return done;
}

static void sfnic_tx_count(struct sfnic_netdev *nd, bool sent,
			   unsigned int len)
{
	struct sfnic_tx_stats *st = this_cpu_ptr(nd->tx_stats);

	u64_stats_update_begin(&st->syncp);
	if (likely(sent)) {
		st->packets++;
		st->bytes += len;
	} else {
		st->dropped++;
	}
	u64_stats_update_end(&st->syncp);
}

/* A send queue held a frame instead of completing it (a working queue
 * completes every frame before sfnic_mq_xmit() returns): start the TX
 * watchdog if it is not running. It stops by itself once no queue holds a
 * frame, so an idle or healthy netdev costs no wake-up at all, whatever
 * the number of SFs. The barrier pairs with the one the workqueue makes
 * between clearing a work's pending bit and running it: either this sees
 * the watchdog idle and starts it, or the watchdog's run sees the frame.
 */
static void sfnic_nd_tx_watchdog_arm(struct sfnic_netdev *nd)
{
	if (!nd->health)
		return;
	/* The held frame before the pending bit; see above. */
	smp_mb();
	if (!delayed_work_pending(&nd->tx_watchdog))
		schedule_delayed_work(&nd->tx_watchdog,
				      SFNIC_TX_WATCHDOG_PERIOD);
}

/* Lockless (LLTX) and without a qdisc (IFF_NO_QUEUE): the queue is never
 * stopped; a frame the NIC cannot take is dropped and counted.
 */
static netdev_tx_t sfnic_nd_xmit(struct sk_buff *skb, struct net_device *netdev)
{
	struct sfnic_netdev *nd = netdev_priv(netdev);
	u16 qi = skb_get_queue_mapping(skb);
	unsigned int len = skb->len;
	struct sfnic_mq *mq = NULL;
	bool sent = false;

	if (likely(qi < SFNIC_MODEL_MAX_QUEUES))
		mq = rcu_dereference_bh(nd->mq[qi]);
	if (likely(mq)) {
		skb_tx_timestamp(skb);
		sent = sfnic_mq_xmit(mq, skb);
		if (unlikely(sfnic_mq_tx_pending(mq)))
			sfnic_nd_tx_watchdog_arm(nd);
	} else {
		dev_kfree_skb_any(skb);
	}
	sfnic_tx_count(nd, sent, len);
	return NETDEV_TX_OK;
}

/**
 * sfnic_nd_tx_stats() - the transmit counters of a netdev
 * @nd: the netdev
 * @packets: out: frames sent
 * @bytes: out: their bytes
 * @dropped: out: frames dropped on transmission
 */
void sfnic_nd_tx_stats(struct sfnic_netdev *nd, u64 *packets, u64 *bytes,
		       u64 *dropped)
{
	unsigned int start;
	int cpu;

	*packets = 0;
	*bytes = 0;
	*dropped = 0;
	for_each_possible_cpu(cpu) {
		const struct sfnic_tx_stats *st;
		u64 p, b, d;

		st = per_cpu_ptr(nd->tx_stats, cpu);
		do {
			start = u64_stats_fetch_begin_irq(&st->syncp);
			p = st->packets;
			b = st->bytes;
			d = st->dropped;
		} while (u64_stats_fetch_retry_irq(&st->syncp, start));
		*packets += p;
		*bytes += b;
		*dropped += d;
	}
}

/* RTNL held. The TX path no longer finds the queues; one command and one
 * grace period destroy them all.
 */
static void sfnic_nd_queues_destroy(struct sfnic_netdev *nd)
{
	struct sfnic_mq *mqs[SFNIC_MODEL_MAX_QUEUES];
	struct sfnic_cmd cmd = {
		.op = SFNIC_CMD_QUEUE_DESTROY,
		.vport = nd->vport,
		.in.queue_destroy.mqs = mqs,
	};
	unsigned int i, n = 0;

	for (i = 0; i < SFNIC_MODEL_MAX_QUEUES; i++) {
		struct sfnic_mq *mq = rtnl_dereference(nd->mq[i]);

		if (!mq)
			continue;
		RCU_INIT_POINTER(nd->mq[i], NULL);
		mqs[n++] = mq;
	}
	for (i = 0; i < nd->rxqs->n; i++)
		nd->rxqs->q[i].mq = NULL;
	if (!n)
		return;
	cmd.in.queue_destroy.n = n;
	/* Gone even if the command fails: forget them. */
	sfnic_cmd_exec_teardown(nd->model, &cmd, &nd->netdev->dev);
}

static int sfnic_nd_set_link(struct sfnic_netdev *nd, bool up)
{
	struct sfnic_cmd cmd = {
		.op = SFNIC_CMD_VPORT_SET_LINK,
		.vport = nd->vport,
		.in.set_link.up = up,
	};

	if (up)
		return sfnic_cmd_exec(nd->model, &cmd);
	sfnic_cmd_exec_teardown(nd->model, &cmd, &nd->netdev->dev);
	return 0;
}

static int sfnic_nd_model_link(struct sfnic_netdev *nd, bool *up)
{
	struct sfnic_cmd cmd = {
		.op = SFNIC_CMD_VPORT_QUERY,
		.vport = nd->vport,
	};
	int err;

	err = sfnic_cmd_exec(nd->model, &cmd);
	if (!err)
		*up = cmd.out.vport.link_up;
	return err;
}

/* The TX watchdog of an SF netdev: the core's dev_watchdog only runs
 * with a qdisc, and these netdevs have none (IFF_NO_QUEUE). It calls
 * ndo_tx_timeout, as dev_watchdog would, for a queue whose send queue has
 * held frames without completing any for watchdog_timeo. Started by the
 * transmit that finds a frame held (sfnic_nd_tx_watchdog_arm()), it runs
 * again while any queue holds one; sfnic_nd_down() cancels it before the
 * queues go.
 */
static void sfnic_nd_tx_watchdog(struct work_struct *work)
{
	struct sfnic_netdev *nd = container_of(to_delayed_work(work),
					       struct sfnic_netdev,
					       tx_watchdog);
	struct net_device *netdev = nd->netdev;
	bool stalled = false;
	unsigned long since;
	unsigned int i;

	for (i = 0; i < nd->nq; i++) {
		struct sfnic_mq *mq;
		u32 pending = 0;

		rcu_read_lock();
		mq = rcu_dereference(nd->mq[i]);
		if (mq)
			pending = sfnic_mq_tx_pending(mq);
		rcu_read_unlock();
		since = READ_ONCE(nd->tx_stall_since[i]);
		if (!pending) {
			WRITE_ONCE(nd->tx_stall_since[i], 0);
			continue;
		}
		stalled = true;
		if (!since) {
			WRITE_ONCE(nd->tx_stall_since[i], jiffies | 1);
			continue;
		}
		if (time_after(jiffies, since + netdev->watchdog_timeo) &&
		    !test_bit(i, &nd->tx_timedout))
			netdev->netdev_ops->ndo_tx_timeout(netdev, i);
	}
	if (stalled)
		schedule_delayed_work(&nd->tx_watchdog,
				      SFNIC_TX_WATCHDOG_PERIOD);
}

static void sfnic_nd_tx_timeout(struct net_device *netdev,
				unsigned int txqueue)
{
	struct sfnic_netdev *nd = netdev_priv(netdev);

	netdev_err(netdev, "TX timeout on queue %u\n", txqueue);
	if (txqueue >= SFNIC_MODEL_MAX_QUEUES)
		return;
	set_bit(txqueue, &nd->tx_timedout);
	if (nd->health)
		sfnic_health_tx_timeout(nd->health);
}

/**
 * sfnic_nd_up() - make a netdev's queues and start them
 * @nd: the netdev
 *
 * ndo_open, and a reopen (reconfiguration, recovery). Nothing to do if
 * they are up already. RTNL held.
 *
 * Return: 0 or a negative errno; on error the netdev has no queues.
 */
int sfnic_nd_up(struct sfnic_netdev *nd)
{
	struct sfnic_rxqs *rxqs = nd->rxqs;
	struct sfnic_cmd cmd;
	bool link_up = true;
	unsigned int i;
	int err;

	ASSERT_RTNL();
	if (nd->queues_up)
		return 0;
	for (i = 0; i < rxqs->n; i++) {
		struct sfnic_rxq *rq = &rxqs->q[i];

		memset(&cmd, 0, sizeof(cmd));
		cmd.op = SFNIC_CMD_QUEUE_CREATE;
		cmd.vport = nd->vport;
		cmd.in.queue_create.side = nd->side;
		cmd.in.queue_create.index = i;
		cmd.in.queue_create.depth = nd->rx_depth;
		cmd.in.queue_create.flags = SFNIC_MQ_F_RX_GSO |
					    SFNIC_MQ_F_RX_CSUM;
		cmd.in.queue_create.irq.handler = sfnic_q_irq;
		cmd.in.queue_create.irq.ctx = rq;
		cmd.in.queue_create.rx_dropped = &nd->rq_stats[i].dropped;
		err = sfnic_cmd_exec(nd->model, &cmd);
		if (err)
			goto err_queues;
		rq->mq = cmd.out.queue;
		rq->masked = false;
		rcu_assign_pointer(nd->mq[i], rq->mq);
	}
	if (nd->kind == SFNIC_ND_REP) {
		/* The function sees its link follow its representor's. */
		err = sfnic_nd_set_link(nd, true);
		if (err)
			goto err_queues;
	}
	/* An SF's link follows its representor; later changes are events.
	 * Not knowing it fails the open rather than guessing.
	 */
	if (nd->kind == SFNIC_ND_SF) {
		err = sfnic_nd_model_link(nd, &link_up);
		if (err)
			goto err_queues;
	}
	/* Frames that came before NAPI was enabled raised no schedule. */
	local_bh_disable();
	for (i = 0; i < rxqs->n; i++) {
		napi_enable(&rxqs->q[i].napi);
		napi_schedule(&rxqs->q[i].napi);
	}
	local_bh_enable();
	nd->queues_up = true;
	nd->tx_timedout = 0;
	memset(nd->tx_stall_since, 0, sizeof(nd->tx_stall_since));
	if (nd->health)
		nd->health->nd = nd;
	if (link_up)
		netif_carrier_on(nd->netdev);
	return 0;

err_queues:
	sfnic_nd_queues_destroy(nd);
	return err;
}

/**
 * sfnic_nd_down() - stop a netdev's queues and destroy them
 * @nd: the netdev
 *
 * Undoes sfnic_nd_up(), if it succeeded: a netdev whose reopen failed
 * has no NAPI context left to disable. RTNL held.
 */
void sfnic_nd_down(struct sfnic_netdev *nd)
{
	unsigned int i;

	ASSERT_RTNL();
	if (nd->kind == SFNIC_ND_REP)
		sfnic_nd_set_link(nd, false);
	netif_carrier_off(nd->netdev);
	if (!nd->queues_up)
		return;
	nd->queues_up = false;
	for (i = 0; i < nd->rxqs->n; i++)
		napi_disable(&nd->rxqs->q[i].napi);
	sfnic_nd_queues_destroy(nd);
	/* No transmit finds a queue any more, so none starts the watchdog. */
	if (nd->health) {
		cancel_delayed_work_sync(&nd->tx_watchdog);
		nd->health->nd = NULL;
	}
}

static int sfnic_nd_open(struct net_device *netdev)
{
	return sfnic_nd_up(netdev_priv(netdev));
}

static int sfnic_nd_stop(struct net_device *netdev)
{
	sfnic_nd_down(netdev_priv(netdev));
	return 0;
}

/* The NAPI contexts of @n channels, not yet enabled. RTNL held, or the
 * netdev not registered yet.
 */
static struct sfnic_rxqs *sfnic_nd_rxqs_alloc(struct sfnic_netdev *nd,
					      unsigned int n)
{
	struct sfnic_rxqs *rxqs;
	unsigned int i;

	rxqs = kzalloc(struct_size(rxqs, q, n), GFP_KERNEL);
	if (!rxqs)
		return NULL;
	rxqs->n = n;
	for (i = 0; i < n; i++) {
		rxqs->q[i].nd = nd;
		rxqs->q[i].index = i;
		netif_napi_add(nd->netdev, &rxqs->q[i].napi, sfnic_napi_poll);
	}
	return rxqs;
}

/* Frees channels whose NAPI contexts are disabled. Busy polling may still
 * find them under RCU for a grace period: no wait here, RCU frees them
 * (a netdev going away must not wait once per NAPI context).
 */
static void sfnic_nd_rxqs_free(struct sfnic_rxqs *rxqs)
{
	unsigned int i;

	for (i = 0; i < rxqs->n; i++)
		__netif_napi_del(&rxqs->q[i].napi);
	kfree_rcu(rxqs, rcu);
}

/* Make @rxqs the netdev's channels. RTNL held, or not registered yet. */
static int sfnic_nd_rxqs_set(struct sfnic_netdev *nd,
			     struct sfnic_rxqs *rxqs)
{
	int err;

	err = netif_set_real_num_queues(nd->netdev, rxqs->n, rxqs->n);
	if (err)
		return err;
	nd->rxqs = rxqs;
	nd->nq = rxqs->n;
	nd->stats_nq = max(nd->stats_nq, rxqs->n);
	return 0;
}

/**
 * sfnic_nd_reconfigure() - change the channels or the RX ring size
 * @nd: the netdev
 * @nq: channels (queue pairs), 1..&sfnic_caps.max_queues
 * @rx_depth: RX ring size, within &sfnic_caps.min_rq_depth and
 *	&sfnic_caps.max_rq_depth
 *
 * A running netdev is brought down and up again around the change, as
 * mlx5 reopens its channels; traffic stops meanwhile. RTNL held.
 *
 * Return: 0 or a negative errno. If the new queues cannot be made, the
 * old configuration is restored.
 */
int sfnic_nd_reconfigure(struct sfnic_netdev *nd, unsigned int nq,
			 u32 rx_depth)
{
	bool running = netif_running(nd->netdev);
	struct sfnic_rxqs *old = nd->rxqs, *rxqs = NULL;
	u32 old_depth = nd->rx_depth;
	int err;

	ASSERT_RTNL();
	if (nq == nd->nq && rx_depth == nd->rx_depth)
		return 0;
	if (nq != nd->nq) {
		rxqs = sfnic_nd_rxqs_alloc(nd, nq);
		if (!rxqs)
			return -ENOMEM;
	}
	if (running)
		sfnic_nd_down(nd);
	if (rxqs) {
		err = sfnic_nd_rxqs_set(nd, rxqs);
		if (err)
			goto err_restart;
	}
	nd->rx_depth = rx_depth;
	if (!running)
		goto out;
	err = sfnic_nd_up(nd);
	if (!err)
		goto out;

	/* Back to what worked. */
	nd->rx_depth = old_depth;
	if (rxqs)
		sfnic_nd_rxqs_set(nd, old);
err_restart:
	if (running && sfnic_nd_up(nd))
		netdev_err(nd->netdev, "cannot restart its queues\n");
	if (rxqs)
		sfnic_nd_rxqs_free(rxqs);
	return err;
out:
	if (rxqs)
		sfnic_nd_rxqs_free(old);
	return 0;
}

/**
 * sfnic_nd_rebind() - move a netdev to another vport end
 * @nd: the netdev (the PF's, when the eswitch mode changes)
 * @vport: the vport
 * @side: &enum sfnic_mq_side
 *
 * A running netdev keeps running: its queues are recreated at the new
 * place. RTNL held.
 *
 * Return: 0 or a negative errno; on error the netdev has no queues.
 */
int sfnic_nd_rebind(struct sfnic_netdev *nd, u16 vport, u8 side)
{
	bool running = netif_running(nd->netdev);

	ASSERT_RTNL();
	if (running)
		sfnic_nd_down(nd);
	nd->vport = vport;
	nd->side = side;
	if (!running)
		return 0;
	return sfnic_nd_up(nd);
}

static void sfnic_nd_get_stats64(struct net_device *netdev,
				 struct rtnl_link_stats64 *stats)
{
	struct sfnic_netdev *nd = netdev_priv(netdev);
	unsigned int i, start;

	for (i = 0; i < SFNIC_MODEL_MAX_QUEUES; i++) {
		const struct sfnic_rq_stats *st = &nd->rq_stats[i];
		u64 p, b;

		do {
			start = u64_stats_fetch_begin_irq(&st->syncp);
			p = st->packets;
			b = st->bytes;
		} while (u64_stats_fetch_retry_irq(&st->syncp, start));
		stats->rx_packets += p;
		stats->rx_bytes += b;
		stats->rx_dropped += atomic64_read(&st->dropped);
	}
	sfnic_nd_tx_stats(nd, &stats->tx_packets, &stats->tx_bytes,
			  &stats->tx_dropped);
}

static int sfnic_nd_change_mtu(struct net_device *netdev, int mtu)
{
	struct sfnic_netdev *nd = netdev_priv(netdev);
	struct sfnic_cmd cmd = {
		.op = SFNIC_CMD_VPORT_SET_MTU,
		.vport = nd->vport,
		.in.set_mtu.mtu = mtu,
	};
	int err;

	/* Representors only carry frames; the function owns its MTU. */
	if (nd->kind != SFNIC_ND_REP) {
		err = sfnic_cmd_exec(nd->model, &cmd);
		if (err)
			return err;
	}
	netdev->mtu = mtu;
	return 0;
}

static int sfnic_nd_set_mac(struct net_device *netdev, void *p)
{
	struct sfnic_netdev *nd = netdev_priv(netdev);
	struct sfnic_cmd cmd = {
		.op = SFNIC_CMD_VPORT_SET_MAC,
		.vport = nd->vport,
	};
	struct sockaddr *addr = p;
	int err;

	err = eth_prepare_mac_addr_change(netdev, p);
	if (err)
		return err;
	/* A host-side change moves the function's address in the eswitch;
	 * the administrative hw_addr stays (mlx5 behaves the same).
	 */
	if (nd->kind != SFNIC_ND_REP) {
		ether_addr_copy(cmd.in.set_mac.mac, addr->sa_data);
		err = sfnic_cmd_exec(nd->model, &cmd);
		if (err)
			return err;
	}
	eth_commit_mac_addr_change(netdev, p);
	return 0;
}

static struct devlink_port *sfnic_nd_get_devlink_port(struct net_device *netdev)
{
	struct sfnic_netdev *nd = netdev_priv(netdev);

	return nd->dl_port;
}

static const struct net_device_ops sfnic_nd_ops = {
	.ndo_open		= sfnic_nd_open,
	.ndo_stop		= sfnic_nd_stop,
	.ndo_start_xmit		= sfnic_nd_xmit,
	.ndo_tx_timeout		= sfnic_nd_tx_timeout,
	.ndo_get_stats64	= sfnic_nd_get_stats64,
	.ndo_change_mtu		= sfnic_nd_change_mtu,
	.ndo_set_mac_address	= sfnic_nd_set_mac,
	.ndo_set_rx_mode	= sfnic_nd_set_rx_mode,
	.ndo_validate_addr	= eth_validate_addr,
	.ndo_get_devlink_port	= sfnic_nd_get_devlink_port,
};

/**
 * sfnic_nd_is_sfnic() - is a netdev one of sfnic's (any NIC's)
 * @netdev: any netdev
 *
 * Return: true for a PF netdev, a representor or an SF's netdev.
 */
bool sfnic_nd_is_sfnic(const struct net_device *netdev)
{
	return netdev->netdev_ops == &sfnic_nd_ops;
}

/* An SF netdev's uevents say whether it wants a RoCE device, and its name:
 * the rule shipped in udev/ (installed by make install) makes it.
 */
static int sfnic_nd_sf_uevent(struct device *dev, struct kobj_uevent_env *env)
{
	struct sfnic_netdev *nd = netdev_priv(to_net_dev(dev));

	if (!nd->rdma_name[0])
		return 0;
	return add_uevent_var(env, "SFNIC_RDMA_DEV=%s", nd->rdma_name);
}

static const struct device_type sfnic_nd_sf_type = {
	.name	= "sfnic_sf",
	.uevent	= sfnic_nd_sf_uevent,
};

/**
 * sfnic_nd_create() - allocate a netdev for one end of a vport
 * @parent: its parent device (the NIC's bus device, or the SF's mdev)
 * @model: the model
 * @caps: the model's capabilities
 * @fw: the model's identity, for ethtool -i
 * @kind: what the netdev stands for
 * @vport: the vport
 * @side: &enum sfnic_mq_side
 * @nq: number of queue pairs
 *
 * Return: the netdev's private part, or an ERR_PTR().
 */
struct sfnic_netdev *sfnic_nd_create(struct device *parent,
				     struct sfnic_model *model,
				     const struct sfnic_caps *caps,
				     const struct sfnic_fw_info *fw,
				     enum sfnic_nd_kind kind, u16 vport,
				     u8 side, unsigned int nq)
{
	struct net_device *netdev;
	struct sfnic_netdev *nd;
	unsigned int i;

	nq = clamp_t(unsigned int, nq, 1, caps->max_queues);
	/* Room for every channel ethtool -L may ask; NAPI contexts and
	 * rings exist for those in use only.
	 */
	netdev = alloc_etherdev_mqs(sizeof(*nd), caps->max_queues,
				    caps->max_queues);
	if (!netdev)
		return ERR_PTR(-ENOMEM);
	SET_NETDEV_DEV(netdev, parent);
	nd = netdev_priv(netdev);
	nd->netdev = netdev;
	nd->model = model;
	nd->caps = caps;
	nd->fw = fw;
	nd->bus_dev = parent;
	nd->kind = kind;
	nd->vport = vport;
	nd->side = side;
	nd->rx_depth = caps->rq_depth;
	INIT_DELAYED_WORK(&nd->tx_watchdog, sfnic_nd_tx_watchdog);
	netdev->watchdog_timeo = SFNIC_TX_TIMEOUT;
	for (i = 0; i < SFNIC_MODEL_MAX_QUEUES; i++)
		u64_stats_init(&nd->rq_stats[i].syncp);
	nd->tx_stats = netdev_alloc_pcpu_stats(struct sfnic_tx_stats);
	if (!nd->tx_stats)
		goto err_free;
	nd->rxqs = sfnic_nd_rxqs_alloc(nd, nq);
	if (!nd->rxqs)
		goto err_free;
	sfnic_nd_rxqs_set(nd, nd->rxqs);

	netdev->netdev_ops = &sfnic_nd_ops;
	sfnic_nd_set_ethtool_ops(netdev);
	netdev->min_mtu = caps->min_mtu;
	netdev->max_mtu = caps->max_mtu;
	netdev->priv_flags |= IFF_LIVE_ADDR_CHANGE | IFF_NO_QUEUE;
	netdev->features |= NETIF_F_LLTX | SFNIC_ND_FEATURES;
	netdev->hw_features |= SFNIC_ND_FEATURES;
	netdev->hw_enc_features |= SFNIC_ND_FEATURES;
	netdev->vlan_features |= SFNIC_ND_FEATURES;
	netdev->mpls_features |= NETIF_F_HW_CSUM | NETIF_F_GSO_SOFTWARE;
	if (kind == SFNIC_ND_SF)
		SET_NETDEV_DEVTYPE(netdev, &sfnic_nd_sf_type);
	netif_carrier_off(netdev);
	return nd;

err_free:
	free_percpu(nd->tx_stats);
	free_netdev(netdev);
	return ERR_PTR(-ENOMEM);
}

/**
 * sfnic_nd_set_name() - name an SF's netdev or representor after its SF
 * @nd: an SF netdev or representor, not registered
 * @nic: the NIC's id, N of sfnic<N>
 * @sfnum: the SF's number
 *
 * An SF netdev is sfnic<nic>s<sfnum>, as udev names an mlx5 SF's netdev
 * after its parent with s<sfnum>; a representor is sfnic<nic>pf0sf<sfnum>,
 * its NIC followed by its phys_port_name. Both are NET_NAME_PREDICTABLE:
 * udev keeps them unless a .link file of the user's says otherwise. Given
 * at allocation, they spare the registration eth%d's scan of every
 * netdev's name. A name longer than IFNAMSIZ - 1 (nic and sfnum of more
 * than 9 digits together for an SF netdev, 5 for a representor) leaves the
 * netdev eth%d, as does a name taken (sfnic_nd_register()).
 */
void sfnic_nd_set_name(struct sfnic_netdev *nd, u32 nic, u32 sfnum)
{
	struct net_device *netdev = nd->netdev;
	char name[IFNAMSIZ];
	int len;

	if (nd->kind == SFNIC_ND_REP)
		len = snprintf(name, sizeof(name), "sfnic%upf%usf%u", nic,
			       SFNIC_PFNUM, sfnum);
	else
		len = snprintf(name, sizeof(name), "sfnic%us%u", nic, sfnum);
	if (len >= sizeof(name))
		return;
	strscpy(netdev->name, name, sizeof(netdev->name));
	netdev->name_assign_type = NET_NAME_PREDICTABLE;
}

/**
 * sfnic_nd_register() - register the netdev and link it to its port
 * @nd: the netdev
 * @dl_port: its management port, or NULL
 *
 * A netdev whose predictable name (sfnic_nd_set_name()) another netdev of
 * its namespace holds already is registered as eth%d instead.
 *
 * Return: 0 or a negative errno.
 */
int sfnic_nd_register(struct sfnic_netdev *nd, struct devlink_port *dl_port)
{
	struct net_device *netdev = nd->netdev;
	int err;

	nd->dl_port = dl_port;
	if (rtnl_lock_killable())
		return -EINTR;
	if (netdev->name_assign_type == NET_NAME_PREDICTABLE &&
	    __dev_get_by_name(dev_net(netdev), netdev->name)) {
		dev_dbg(nd->bus_dev, "netdev name %s taken, eth%%d instead\n",
			netdev->name);
		strscpy(netdev->name, "eth%d", sizeof(netdev->name));
		netdev->name_assign_type = NET_NAME_ENUM;
	}
	err = register_netdevice(netdev);
	rtnl_unlock();
	if (err)
		return err;
	if (dl_port)
		devlink_port_type_eth_set(dl_port, nd->netdev);
	return 0;
}

void sfnic_nd_unregister(struct sfnic_netdev *nd)
{
	if (nd->dl_port)
		devlink_port_type_clear(nd->dl_port);
	unregister_netdev(nd->netdev);
}

void sfnic_nd_free(struct sfnic_netdev *nd)
{
	sfnic_nd_rxqs_free(nd->rxqs);
	free_percpu(nd->tx_stats);
	free_netdev(nd->netdev);
}
