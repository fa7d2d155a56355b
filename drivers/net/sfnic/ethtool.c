// SPDX-License-Identifier: GPL-2.0
/* sfnic ethtool: driver info, per-queue counters, channels, link. */

#include <linux/ethtool.h>
#include <linux/netdevice.h>

#include "sfnic.h"

static const char sfnic_q_stat_names[][ETH_GSTRING_LEN] = {
	"rx%u_packets", "rx%u_bytes", "tx%u_packets", "tx%u_bytes",
	"tx%u_dropped",
};

#define SFNIC_Q_STATS	ARRAY_SIZE(sfnic_q_stat_names)

static void sfnic_get_drvinfo(struct net_device *netdev,
			      struct ethtool_drvinfo *info)
{
	struct sfnic_netdev *nd = netdev_priv(netdev);

	strscpy(info->driver, SFNIC_DRV_NAME, sizeof(info->driver));
	strscpy(info->fw_version, nd->fw->fw_version, sizeof(info->fw_version));
	strscpy(info->bus_info, dev_name(nd->bus_dev), sizeof(info->bus_info));
}

static int sfnic_get_sset_count(struct net_device *netdev, int sset)
{
	struct sfnic_netdev *nd = netdev_priv(netdev);

	if (sset != ETH_SS_STATS)
		return -EOPNOTSUPP;
	return nd->nq * SFNIC_Q_STATS + 1;
}

static void sfnic_get_strings(struct net_device *netdev, u32 sset, u8 *data)
{
	struct sfnic_netdev *nd = netdev_priv(netdev);
	unsigned int i, j;

	if (sset != ETH_SS_STATS)
		return;
	for (i = 0; i < nd->nq; i++)
		for (j = 0; j < SFNIC_Q_STATS; j++)
			ethtool_sprintf(&data, sfnic_q_stat_names[j], i);
	ethtool_sprintf(&data, "vport_rx_dropped");
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

	for (i = 0; i < nd->nq; i++) {
		struct sfnic_queue *q = &nd->q[i];

		do {
			start = u64_stats_fetch_begin_irq(&q->syncp);
			data[0] = q->rx_packets;
			data[1] = q->rx_bytes;
			data[2] = q->tx_packets;
			data[3] = q->tx_bytes;
			data[4] = q->tx_dropped;
		} while (u64_stats_fetch_retry_irq(&q->syncp, start));
		data += SFNIC_Q_STATS;
	}
	*data = sfnic_cmd_exec(nd->model, &cmd) ? 0 : cmd.out.vport.rx_dropped;
}

static void sfnic_get_channels(struct net_device *netdev,
			       struct ethtool_channels *ch)
{
	struct sfnic_netdev *nd = netdev_priv(netdev);

	ch->max_combined = nd->nq;
	ch->combined_count = nd->nq;
}

static const struct ethtool_ops sfnic_ethtool_ops = {
	.get_drvinfo		= sfnic_get_drvinfo,
	.get_link		= ethtool_op_get_link,
	.get_sset_count		= sfnic_get_sset_count,
	.get_strings		= sfnic_get_strings,
	.get_ethtool_stats	= sfnic_get_ethtool_stats,
	.get_channels		= sfnic_get_channels,
};

void sfnic_nd_set_ethtool_ops(struct net_device *netdev)
{
	netdev->ethtool_ops = &sfnic_ethtool_ops;
}
