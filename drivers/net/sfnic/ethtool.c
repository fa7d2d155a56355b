// SPDX-License-Identifier: GPL-2.0
/*
 * sfnic ethtool: driver info, counters, channels, RX ring size, link and
 * its speed.
 *
 * Counters (ethtool -S): per RX queue the frames and bytes NAPI passed up
 * and the frames the model dropped because the queue's ring was full;
 * transmit counters are per CPU (lockless transmission) and shown summed.
 * On a representor, as on mlx5, RX is what its function sent and TX what
 * was sent to its function.
 */

#include <linux/ethtool.h>
#include <linux/netdevice.h>
#include <linux/rtnetlink.h>

#include "sfnic.h"

static const char sfnic_rq_stat_names[][ETH_GSTRING_LEN] = {
	"rx%u_packets", "rx%u_bytes", "rx%u_dropped",
};

static const char sfnic_nd_stat_names[][ETH_GSTRING_LEN] = {
	"tx_packets", "tx_bytes", "tx_dropped", "vport_rx_dropped",
};

#define SFNIC_RQ_STATS	ARRAY_SIZE(sfnic_rq_stat_names)
#define SFNIC_ND_STATS	ARRAY_SIZE(sfnic_nd_stat_names)

static void sfnic_get_drvinfo(struct net_device *netdev,
			      struct ethtool_drvinfo *info)
{
	struct sfnic_netdev *nd = netdev_priv(netdev);

	strscpy(info->driver, SFNIC_DRV_NAME, sizeof(info->driver));
	strscpy(info->fw_version, nd->fw->fw_version, sizeof(info->fw_version));
	strscpy(info->bus_info, dev_name(nd->bus_dev), sizeof(info->bus_info));
}

/* Queues ever used keep their counters after ethtool -L lowers the
 * channels, so that the per-queue counters add up to ip -s's.
 */
static int sfnic_get_sset_count(struct net_device *netdev, int sset)
{
	struct sfnic_netdev *nd = netdev_priv(netdev);

	if (sset != ETH_SS_STATS)
		return -EOPNOTSUPP;
	return nd->stats_nq * SFNIC_RQ_STATS + SFNIC_ND_STATS;
}

static void sfnic_get_strings(struct net_device *netdev, u32 sset, u8 *data)
{
	struct sfnic_netdev *nd = netdev_priv(netdev);
	unsigned int i, j;

	if (sset != ETH_SS_STATS)
		return;
	for (i = 0; i < nd->stats_nq; i++)
		for (j = 0; j < SFNIC_RQ_STATS; j++)
			ethtool_sprintf(&data, sfnic_rq_stat_names[j], i);
	for (j = 0; j < SFNIC_ND_STATS; j++)
		ethtool_sprintf(&data, sfnic_nd_stat_names[j]);
}

static void sfnic_get_ethtool_stats(struct net_device *netdev,
				    struct ethtool_stats *stats, u64 *data)
{
	struct sfnic_netdev *nd = netdev_priv(netdev);
	struct sfnic_cmd cmd = {
		.op = SFNIC_CMD_VPORT_QUERY,
		.vport = nd->vport,
	};
	unsigned int i, start;

	for (i = 0; i < nd->stats_nq; i++) {
		const struct sfnic_rq_stats *st = &nd->rq_stats[i];

		do {
			start = u64_stats_fetch_begin_irq(&st->syncp);
			data[0] = st->packets;
			data[1] = st->bytes;
		} while (u64_stats_fetch_retry_irq(&st->syncp, start));
		data[2] = atomic64_read(&st->dropped);
		data += SFNIC_RQ_STATS;
	}
	sfnic_nd_tx_stats(nd, &data[0], &data[1], &data[2]);
	data[3] = sfnic_cmd_exec(nd->model, &cmd) ? 0 :
		  cmd.out.vport.rx_dropped;
}

static void sfnic_get_channels(struct net_device *netdev,
			       struct ethtool_channels *ch)
{
	struct sfnic_netdev *nd = netdev_priv(netdev);

	ch->max_combined = nd->caps->max_queues;
	ch->combined_count = nd->nq;
}

/* The ethtool core refused rx, tx and other counts already (their maximum
 * is 0) and a count over the maximum.
 */
static int sfnic_set_channels(struct net_device *netdev,
			      struct ethtool_channels *ch)
{
	struct sfnic_netdev *nd = netdev_priv(netdev);

	if (!ch->combined_count)
		return -EINVAL;
	return sfnic_nd_reconfigure(nd, ch->combined_count, nd->rx_depth);
}

static void sfnic_get_ringparam(struct net_device *netdev,
				struct ethtool_ringparam *ring,
				struct kernel_ethtool_ringparam *kring,
				struct netlink_ext_ack *extack)
{
	struct sfnic_netdev *nd = netdev_priv(netdev);

	ring->rx_max_pending = nd->caps->max_rq_depth;
	ring->rx_pending = nd->rx_depth;
}

/* The model has no TX ring: a frame is forwarded as it is posted. */
static int sfnic_set_ringparam(struct net_device *netdev,
			       struct ethtool_ringparam *ring,
			       struct kernel_ethtool_ringparam *kring,
			       struct netlink_ext_ack *extack)
{
	struct sfnic_netdev *nd = netdev_priv(netdev);

	if (ring->rx_pending < nd->caps->min_rq_depth) {
		NL_SET_ERR_MSG_MOD(extack,
				   "RX ring size below the device's minimum");
		return -EINVAL;
	}
	return sfnic_nd_reconfigure(nd, nd->nq, ring->rx_pending);
}

/* The physical port's speed while the link is up, unknown while it is
 * down, as mlx5e reports its port's operational speed: RDMA over the
 * netdev (rdma_rxe) takes its port rate from here.
 */
static int sfnic_get_link_ksettings(struct net_device *netdev,
				    struct ethtool_link_ksettings *cmd)
{
	struct sfnic_netdev *nd = netdev_priv(netdev);

	cmd->base.port = PORT_OTHER;
	cmd->base.autoneg = AUTONEG_DISABLE;
	if (netif_carrier_ok(netdev)) {
		cmd->base.speed = nd->caps->port_speed;
		cmd->base.duplex = DUPLEX_FULL;
	} else {
		cmd->base.speed = SPEED_UNKNOWN;
		cmd->base.duplex = DUPLEX_UNKNOWN;
	}
	return 0;
}

static const struct ethtool_ops sfnic_ethtool_ops = {
	.get_drvinfo		= sfnic_get_drvinfo,
	.get_link		= ethtool_op_get_link,
	.get_link_ksettings	= sfnic_get_link_ksettings,
	.get_sset_count		= sfnic_get_sset_count,
	.get_strings		= sfnic_get_strings,
	.get_ethtool_stats	= sfnic_get_ethtool_stats,
	.get_channels		= sfnic_get_channels,
	.set_channels		= sfnic_set_channels,
	.get_ringparam		= sfnic_get_ringparam,
	.set_ringparam		= sfnic_set_ringparam,
};

void sfnic_nd_set_ethtool_ops(struct net_device *netdev)
{
	netdev->ethtool_ops = &sfnic_ethtool_ops;
}
