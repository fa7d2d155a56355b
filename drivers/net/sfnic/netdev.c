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

static void sfnic_q_irq(void *ctx)
{
	struct sfnic_queue *q = ctx;

	napi_schedule(&q->napi);
}

static int sfnic_napi_poll(struct napi_struct *napi, int budget)
{
	struct sfnic_queue *q = container_of(napi, struct sfnic_queue, napi);
	struct net_device *netdev = q->nd->netdev;
	struct sk_buff *skb;
	int done = 0;

	while (done < budget && (skb = sfnic_mq_rx(q->mq))) {
		unsigned int len = skb->len;

		skb->protocol = eth_type_trans(skb, netdev);
		skb_record_rx_queue(skb, q->index);
		u64_stats_update_begin(&q->syncp);
		q->rx_packets++;
		q->rx_bytes += len;
		u64_stats_update_end(&q->syncp);
		napi_gro_receive(napi, skb);
		done++;
	}
	if (done < budget)
		napi_complete_done(napi, done);
	return done;
}

static netdev_tx_t sfnic_nd_xmit(struct sk_buff *skb, struct net_device *netdev)
{
	struct sfnic_netdev *nd = netdev_priv(netdev);
	struct sfnic_queue *q = &nd->q[skb_get_queue_mapping(skb) % nd->nq];
	unsigned int len = skb->len;
	bool sent;

	if (unlikely(!q->mq)) {
		u64_stats_update_begin(&q->syncp);
		q->tx_dropped++;
		u64_stats_update_end(&q->syncp);
		dev_kfree_skb_any(skb);
		return NETDEV_TX_OK;
	}
	sent = sfnic_mq_xmit(q->mq, skb);
	u64_stats_update_begin(&q->syncp);
	if (likely(sent)) {
		q->tx_packets++;
		q->tx_bytes += len;
	} else {
		q->tx_dropped++;
	}
	u64_stats_update_end(&q->syncp);
	return NETDEV_TX_OK;
}

static void sfnic_nd_queues_destroy(struct sfnic_netdev *nd, unsigned int n)
{
	struct sfnic_cmd cmd = { .op = SFNIC_CMD_QUEUE_DESTROY };
	unsigned int i;

	for (i = 0; i < n; i++) {
		if (!nd->q[i].mq)
			continue;
		cmd.vport = nd->vport;
		cmd.in.queue_destroy.mq = nd->q[i].mq;
		/* Gone even if the command fails: forget it. */
		sfnic_cmd_exec_teardown(nd->model, &cmd, &nd->netdev->dev);
		nd->q[i].mq = NULL;
	}
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

/* RTNL held. */
static int sfnic_nd_up(struct sfnic_netdev *nd)
{
	struct sfnic_cmd cmd = { .op = SFNIC_CMD_QUEUE_CREATE };
	bool link_up = true;
	unsigned int i;
	int err;

	for (i = 0; i < nd->nq; i++) {
		cmd.vport = nd->vport;
		cmd.in.queue_create.side = nd->side;
		cmd.in.queue_create.index = i;
		cmd.in.queue_create.irq.handler = sfnic_q_irq;
		cmd.in.queue_create.irq.ctx = &nd->q[i];
		err = sfnic_cmd_exec(nd->model, &cmd);
		if (err)
			goto err_queues;
		nd->q[i].mq = cmd.out.queue;
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
	for (i = 0; i < nd->nq; i++)
		napi_enable(&nd->q[i].napi);
	netif_tx_start_all_queues(nd->netdev);
	if (link_up)
		netif_carrier_on(nd->netdev);
	return 0;

err_queues:
	sfnic_nd_queues_destroy(nd, i);
	return err;
}

/* RTNL held. */
static void sfnic_nd_down(struct sfnic_netdev *nd)
{
	unsigned int i;

	if (nd->kind == SFNIC_ND_REP)
		sfnic_nd_set_link(nd, false);
	netif_carrier_off(nd->netdev);
	netif_tx_disable(nd->netdev);
	for (i = 0; i < nd->nq; i++)
		napi_disable(&nd->q[i].napi);
	sfnic_nd_queues_destroy(nd, nd->nq);
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

	for (i = 0; i < nd->nq; i++) {
		struct sfnic_queue *q = &nd->q[i];
		u64 rxp, rxb, txp, txb, txd;

		do {
			start = u64_stats_fetch_begin_irq(&q->syncp);
			rxp = q->rx_packets;
			rxb = q->rx_bytes;
			txp = q->tx_packets;
			txb = q->tx_bytes;
			txd = q->tx_dropped;
		} while (u64_stats_fetch_retry_irq(&q->syncp, start));
		stats->rx_packets += rxp;
		stats->rx_bytes += rxb;
		stats->tx_packets += txp;
		stats->tx_bytes += txb;
		stats->tx_dropped += txd;
	}
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
	netdev = alloc_etherdev_mqs(sizeof(*nd), nq, nq);
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
	nd->nq = nq;
	for (i = 0; i < nq; i++) {
		nd->q[i].nd = nd;
		nd->q[i].index = i;
		u64_stats_init(&nd->q[i].syncp);
		netif_napi_add(netdev, &nd->q[i].napi, sfnic_napi_poll);
	}
	netdev->netdev_ops = &sfnic_nd_ops;
	sfnic_nd_set_ethtool_ops(netdev);
	netdev->min_mtu = caps->min_mtu;
	netdev->max_mtu = caps->max_mtu;
	netdev->priv_flags |= IFF_LIVE_ADDR_CHANGE;
	netif_carrier_off(netdev);
	return nd;
}

/**
 * sfnic_nd_register() - register the netdev and link it to its port
 * @nd: the netdev
 * @dl_port: its management port, or NULL
 *
 * Return: 0 or a negative errno.
 */
int sfnic_nd_register(struct sfnic_netdev *nd, struct devlink_port *dl_port)
{
	int err;

	nd->dl_port = dl_port;
	err = register_netdev(nd->netdev);
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
	unsigned int i;

	for (i = 0; i < nd->nq; i++)
		netif_napi_del(&nd->q[i].napi);
	free_netdev(nd->netdev);
}
