// SPDX-License-Identifier: GPL-2.0
/*
 * sfnic SF driver: the vendor-class mdevc driver of sfnic's SFs (mlx5's
 * sf/dev/driver.c). Binding an SF attaches to its function in the model
 * (the function turns IN_USE: opstate attached), gives it its own
 * management instance mdevc/<uuid> with one port, and a netdev carrying
 * the function's MAC, whose link follows the SF's representor.
 */

#include <linux/etherdevice.h>
#include <linux/mdevc.h>
#include <linux/slab.h>

#include "sfnic.h"

#define SFNIC_SF_QUEUES		2

static int sfnic_sf_drv_vport_cmd(struct sfnic_sf_dev *sfd, u16 op)
{
	struct sfnic_cmd cmd = { .op = op, .vport = sfd->vport };

	return sfnic_cmd_exec(sfd->sdev->model, &cmd);
}

/* A teardown command: the function is released even if it fails. */
static void sfnic_sf_drv_detach(struct sfnic_sf_dev *sfd)
{
	struct sfnic_cmd cmd = {
		.op = SFNIC_CMD_VPORT_DETACH,
		.vport = sfd->vport,
	};

	sfnic_cmd_exec_teardown(sfd->sdev->model, &cmd, mdevc_dev(sfd->mdev));
}

static int sfnic_sf_drv_event(struct notifier_block *nb, unsigned long action,
			      void *data)
{
	struct sfnic_sf_dev *sfd = container_of(nb, struct sfnic_sf_dev, nb);
	const struct sfnic_event *ev = data;
	struct net_device *netdev = sfd->nd->netdev;

	if (action != SFNIC_EV_VPORT_LINK || ev->vport != sfd->vport)
		return NOTIFY_DONE;
	if (ev->link_up && netif_running(netdev))
		netif_carrier_on(netdev);
	else
		netif_carrier_off(netdev);
	return NOTIFY_OK;
}

/* Take the function's MAC, MTU; a function without a MAC gets a random
 * one, as mlx5 SFs do.
 */
static int sfnic_sf_drv_netdev_init(struct sfnic_sf_dev *sfd)
{
	struct net_device *netdev = sfd->nd->netdev;
	struct sfnic_cmd cmd = {
		.op = SFNIC_CMD_VPORT_QUERY,
		.vport = sfd->vport,
	};
	int err;

	err = sfnic_cmd_exec(sfd->sdev->model, &cmd);
	if (err)
		return err;
	netdev->mtu = cmd.out.vport.mtu;
	if (is_valid_ether_addr(cmd.out.vport.mac)) {
		eth_hw_addr_set(netdev, cmd.out.vport.mac);
		return 0;
	}

	eth_hw_addr_random(netdev);
	cmd.op = SFNIC_CMD_VPORT_SET_MAC;
	ether_addr_copy(cmd.in.set_mac.mac, netdev->dev_addr);
	err = sfnic_cmd_exec(sfd->sdev->model, &cmd);
	if (!err)
		dev_info(mdevc_dev(sfd->mdev), "Assigned random MAC address %pM\n",
			 netdev->dev_addr);
	return err;
}

static int sfnic_sf_drv_probe(struct mdevc_device *mdev)
{
	struct sfnic_sf *sf = mdevc_get_parent_data(mdev);
	struct sfnic_sf_dev *sfd;
	struct sfnic_dev *sdev;
	int err;

	sdev = container_of(mdev->parent, struct sfnic_dev, parent);
	sfd = kzalloc(sizeof(*sfd), GFP_KERNEL);
	if (!sfd)
		return -ENOMEM;
	sfd->mdev = mdev;
	sfd->sdev = sdev;
	sfd->vport = sf->vport;
	sfd->sfnum = sf->sfnum;
	sfd->port_index = sf->port_index;
	dev_set_drvdata(mdevc_dev(mdev), sfd);

	err = sfnic_sf_drv_vport_cmd(sfd, SFNIC_CMD_VPORT_ATTACH);
	if (err)
		goto err_free;
	err = sfnic_mgmt->sf_dev_probe(sfd);
	if (err)
		goto err_detach;
	sfd->nd = sfnic_nd_create(mdevc_dev(mdev), sdev->model, &sdev->caps,
				  &sdev->fw, SFNIC_ND_SF, sfd->vport,
				  SFNIC_MQ_FUNCTION, SFNIC_SF_QUEUES);
	if (IS_ERR(sfd->nd)) {
		err = PTR_ERR(sfd->nd);
		goto err_mgmt;
	}
	err = sfnic_sf_drv_netdev_init(sfd);
	if (err)
		goto err_nd;
	sfd->nb.notifier_call = sfnic_sf_drv_event;
	err = sfnic_model_events_register(sdev->model, &sfd->nb);
	if (err)
		goto err_nd;
	err = sfnic_nd_register(sfd->nd, sfd->dl_port);
	if (err)
		goto err_nb;
	/* From the NIC to the SF without scanning: sfnic<id>/sf<sfnum>. */
	snprintf(sfd->link, sizeof(sfd->link), "sf%u", sfd->sfnum);
	if (sysfs_create_link(&sdev->dev->kobj, &mdevc_dev(mdev)->kobj,
			      sfd->link))
		sfd->link[0] = 0;
	sfnic_mgmt->sf_dev_publish(sfd);
	return 0;

err_nb:
	sfnic_model_events_unregister(sdev->model, &sfd->nb);
err_nd:
	sfnic_nd_free(sfd->nd);
err_mgmt:
	sfnic_mgmt->sf_dev_remove(sfd);
err_detach:
	sfnic_sf_drv_detach(sfd);
err_free:
	kfree(sfd);
	return err;
}

static void sfnic_sf_drv_remove(struct mdevc_device *mdev)
{
	struct sfnic_sf_dev *sfd = dev_get_drvdata(mdevc_dev(mdev));
	struct sfnic_dev *sdev = sfd->sdev;

	sfnic_mgmt->sf_dev_unpublish(sfd);
	if (sfd->link[0])
		sysfs_remove_link(&sdev->dev->kobj, sfd->link);
	sfnic_nd_unregister(sfd->nd);
	sfnic_model_events_unregister(sdev->model, &sfd->nb);
	sfnic_nd_free(sfd->nd);
	sfnic_mgmt->sf_dev_remove(sfd);
	/* Tell the device we let go; the eswitch manager waits for it. */
	sfnic_sf_drv_detach(sfd);
	kfree(sfd);
}

static const struct mdevc_class_id sfnic_sf_drv_ids[] = {
	MDEVC_VENDOR_ID(SFNIC_MDEVC_VENDOR),
	{ }
};

static struct mdevc_driver sfnic_sf_driver = {
	.id_table	= sfnic_sf_drv_ids,
	.probe		= sfnic_sf_drv_probe,
	.remove		= sfnic_sf_drv_remove,
	.driver		= {
		.name	= "sfnic_sf",
		.owner	= THIS_MODULE,
		.suppress_bind_attrs = true,
	},
};
MODULE_ALIAS_MDEVC(MDEVC_CLASS_VENDOR, SFNIC_MDEVC_VENDOR);

int sfnic_sf_driver_register(void)
{
	return mdevc_register_driver(&sfnic_sf_driver);
}

void sfnic_sf_driver_unregister(void)
{
	mdevc_unregister_driver(&sfnic_sf_driver);
}
