// SPDX-License-Identifier: GPL-2.0
/*
 * sfnic RX filter of a function's netdev, an SF's or the PF's (mlx5e's
 * vport context update): the netdev's unicast addresses, its own first
 * and then those of its uc list (a macvlan's, ...), at most max_macs of
 * them, and its promiscuous mode are programmed into the function's model
 * vport. Past max_macs the list is truncated with mlx5e's warning, and
 * the NIC filters frames to the addresses left out. ndo_set_rx_mode runs
 * in atomic context, so a work item issues the command. The PF netdev
 * drives its function only in legacy mode (in switchdev mode it is the
 * uplink representor): the filter is programmed then only.
 */

#include <linux/etherdevice.h>
#include <linux/rtnetlink.h>
#include <linux/slab.h>

#include "sfnic.h"

/**
 * struct sfnic_rxf - the RX filter of a netdev
 * @nd: the netdev.
 * @work: programs the filter; never runs twice at once. Takes RTNL, under
 *	which the netdev's vport and side change.
 * @max_macs: unicast addresses programmed at most.
 * @macs: room for them, used by @work only.
 */
struct sfnic_rxf {
	struct sfnic_netdev *nd;
	struct work_struct work;
	u32 max_macs;
	u8 (*macs)[ETH_ALEN];
};

static void sfnic_rxf_work(struct work_struct *work)
{
	struct sfnic_rxf *rxf = container_of(work, struct sfnic_rxf, work);
	struct sfnic_netdev *nd = rxf->nd;
	struct net_device *netdev = nd->netdev;
	struct sfnic_cmd cmd = { .op = SFNIC_CMD_VPORT_SET_RX_FILTER };
	struct netdev_hw_addr *ha;
	u32 n = 0, size = 1;
	int err;

	rtnl_lock();
	if (nd->side != SFNIC_MQ_FUNCTION)
		goto out;
	cmd.vport = nd->vport;
	netif_addr_lock_bh(netdev);
	ether_addr_copy(rxf->macs[n++], netdev->dev_addr);
	netdev_for_each_uc_addr(ha, netdev) {
		if (ether_addr_equal(ha->addr, netdev->dev_addr))
			continue;
		size++;
		if (n < rxf->max_macs)
			ether_addr_copy(rxf->macs[n++], ha->addr);
	}
	cmd.in.rx_filter.promisc = !!(netdev->flags & IFF_PROMISC);
	netif_addr_unlock_bh(netdev);

	if (size > rxf->max_macs)
		netdev_warn(netdev, "netdev UC list size (%u) > (%u) max vport list size, some addresses will be dropped\n",
			    size, rxf->max_macs);
	cmd.in.rx_filter.n = n;
	cmd.in.rx_filter.macs = rxf->macs;
	err = sfnic_cmd_exec(nd->model, &cmd);
	if (err)
		netdev_err(netdev, "Failed to modify vport UC list err(%d)\n",
			   err);
out:
	rtnl_unlock();
}

/**
 * sfnic_rxf_init() - give a netdev an RX filter
 * @nd: an SF's or the PF's netdev, not yet registered
 * @max_macs: unicast addresses it programs at most, its own included
 *
 * The netdev filters unicast itself (IFF_UNICAST_FLT): a macvlan on it
 * adds its address instead of making it promiscuous.
 *
 * Return: 0 or -ENOMEM.
 */
int sfnic_rxf_init(struct sfnic_netdev *nd, u32 max_macs)
{
	struct sfnic_rxf *rxf;

	rxf = kzalloc(sizeof(*rxf), GFP_KERNEL);
	if (!rxf)
		return -ENOMEM;
	rxf->macs = kcalloc(max_macs, ETH_ALEN, GFP_KERNEL);
	if (!rxf->macs) {
		kfree(rxf);
		return -ENOMEM;
	}
	rxf->nd = nd;
	rxf->max_macs = max_macs;
	INIT_WORK(&rxf->work, sfnic_rxf_work);
	nd->rxf = rxf;
	nd->netdev->priv_flags |= IFF_UNICAST_FLT;
	return 0;
}

/**
 * sfnic_rxf_fini() - undo sfnic_rxf_init()
 * @nd: the netdev, unregistered (no further ndo_set_rx_mode) or never
 *	registered; RTNL not held
 */
void sfnic_rxf_fini(struct sfnic_netdev *nd)
{
	struct sfnic_rxf *rxf = nd->rxf;

	if (!rxf)
		return;
	cancel_work_sync(&rxf->work);
	nd->rxf = NULL;
	kfree(rxf->macs);
	kfree(rxf);
}

/**
 * sfnic_rxf_kick() - program a netdev's filter again
 * @nd: the netdev; it just moved to its function (the PF's, back in legacy
 *	mode)
 */
void sfnic_rxf_kick(struct sfnic_netdev *nd)
{
	if (nd->rxf)
		schedule_work(&nd->rxf->work);
}

/**
 * sfnic_nd_set_rx_mode() - ndo_set_rx_mode of sfnic netdevs
 * @netdev: the netdev; its address lock is held
 */
void sfnic_nd_set_rx_mode(struct net_device *netdev)
{
	sfnic_rxf_kick(netdev_priv(netdev));
}
