// SPDX-License-Identifier: GPL-2.0
/*
 * sfnic SF driver: the vendor-class mdevc driver of sfnic's SFs (mlx5's
 * sf/dev/driver.c). Binding an SF gives it its own management instance
 * mdevc/<uuid> with one port, attaches to its function in the model (the
 * function turns IN_USE: opstate attached), sizes its queues and makes a
 * netdev carrying the function's MAC, whose link follows the SF's
 * representor, as the instance's driverinit params say. A devlink reload
 * of the instance unloads and loads the SF again with the params of then.
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

static void sfnic_sf_drv_event(struct sfnic_ev_listener *l,
			       const struct sfnic_event *ev)
{
	struct sfnic_sf_dev *sfd = container_of(l, struct sfnic_sf_dev, ev);
	struct net_device *netdev = sfd->nd->netdev;

	if (ev->type != SFNIC_EV_VPORT_LINK)
		return;
	if (ev->link_up && netif_running(netdev))
		netif_carrier_on(netdev);
	else
		netif_carrier_off(netdev);
}

static const struct sfnic_ev_listener_ops sfnic_sf_drv_ev_ops = {
	.kind	= SFNIC_EV_KIND_FN,
	.event	= sfnic_sf_drv_event,
};

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

/* The SF's netdev, in @cfg->net; the function is attached. */
static int sfnic_sf_drv_netdev_load(struct sfnic_sf_dev *sfd,
				    const struct sfnic_fn_cfg *cfg)
{
	struct sfnic_dev *sdev = sfd->sdev;
	struct sfnic_netdev *nd;
	int err;

	nd = sfnic_nd_create(mdevc_dev(sfd->mdev), sdev->model, &sdev->caps,
			     &sdev->fw, SFNIC_ND_SF, sfd->vport,
			     SFNIC_MQ_FUNCTION, SFNIC_SF_QUEUES);
	if (IS_ERR(nd))
		return PTR_ERR(nd);
	sfd->nd = nd;
	nd->health = &sfd->health;
	dev_net_set(nd->netdev, cfg->net);
	sfnic_nd_set_name(nd, sdev->id, sfd->sfnum);
	/* Its RoCE device: <nic>sf<sfnum>, made by udev (udev/). */
	if (cfg->enable_rdma)
		snprintf(nd->rdma_name, sizeof(nd->rdma_name), "%ssf%u",
			 dev_name(sdev->dev), sfd->sfnum);
	err = sfnic_rxf_init(nd, cfg->max_macs);
	if (err)
		goto err_nd;
	err = sfnic_sf_drv_netdev_init(sfd);
	if (err)
		goto err_rxf;
	sfd->ev.ops = &sfnic_sf_drv_ev_ops;
	sfd->ev.vport = sfd->vport;
	err = sfnic_events_listen(sdev, &sfd->ev);
	if (err)
		goto err_rxf;
	err = sfnic_nd_register(nd, sfd->dl_port);
	if (err)
		goto err_ev;
	return 0;

err_ev:
	sfnic_events_unlisten(sdev, &sfd->ev);
err_rxf:
	sfnic_rxf_fini(nd);
err_nd:
	sfnic_nd_free(nd);
	sfd->nd = NULL;
	return err;
}

/**
 * sfnic_sf_drv_load() - set an SF up as its driver (probe, reload up)
 * @sfd: the SF, unloaded
 * @cfg: how
 * @extack: for the user's error message (reload), or NULL
 *
 * Attaches to the function (it turns IN_USE: opstate attached), sizes its
 * queues and, with @cfg->enable_eth, makes its netdev in @cfg->net. On
 * failure the SF is left unloaded: detached, without netdev.
 *
 * Return: 0 or a negative errno.
 */
int sfnic_sf_drv_load(struct sfnic_sf_dev *sfd, const struct sfnic_fn_cfg *cfg,
		      struct netlink_ext_ack *extack)
{
	struct sfnic_cmd cmd = {
		.op = SFNIC_CMD_VPORT_SET_EQS,
		.vport = sfd->vport,
		.in.set_eqs.io_eq_size = cfg->io_eq_size,
		.in.set_eqs.event_eq_size = cfg->event_eq_size,
	};
	int err;

	err = sfnic_sf_drv_vport_cmd(sfd, SFNIC_CMD_VPORT_ATTACH);
	if (err == -EBUSY) {
		NL_SET_ERR_MSG_MOD(extack,
				   "The SF function is no longer active: it was deactivated");
		return err;
	}
	if (err) {
		NL_SET_ERR_MSG_MOD(extack,
				   "Device failed to attach the SF function");
		return err;
	}
	sfd->attached = true;
	err = sfnic_cmd_exec(sfd->sdev->model, &cmd);
	if (err) {
		NL_SET_ERR_MSG_MOD(extack,
				   "Device failed to size the SF's event queues");
		goto err_detach;
	}
	if (!cfg->enable_eth)
		return 0;
	err = sfnic_sf_drv_netdev_load(sfd, cfg);
	if (err) {
		NL_SET_ERR_MSG_MOD(extack, "Failed to create the SF netdev");
		goto err_detach;
	}
	return 0;

err_detach:
	sfnic_sf_drv_detach(sfd);
	sfd->attached = false;
	return err;
}

/**
 * sfnic_sf_drv_unload() - undo sfnic_sf_drv_load() (remove, reload down)
 * @sfd: the SF, loaded or partly (a reload that failed)
 *
 * Cannot fail: the netdev goes and the function is detached even when the
 * device reports a failure.
 */
void sfnic_sf_drv_unload(struct sfnic_sf_dev *sfd)
{
	struct sfnic_dev *sdev = sfd->sdev;

	if (sfd->nd) {
		sfnic_nd_unregister(sfd->nd);
		sfnic_events_unlisten(sdev, &sfd->ev);
		sfnic_rxf_fini(sfd->nd);
		sfnic_nd_free(sfd->nd);
		sfd->nd = NULL;
	}
	if (sfd->attached) {
		/* Tell the device we let go; the eswitch manager waits for
		 * it.
		 */
		sfnic_sf_drv_detach(sfd);
		sfd->attached = false;
	}
}

static int sfnic_sf_drv_probe(struct mdevc_device *mdev)
{
	struct sfnic_sf *sf = mdevc_get_parent_data(mdev);
	struct sfnic_fn_cfg cfg;
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
	sfnic_health_init(&sfd->health, sdev, sfd, sfd->vport);

	err = sfnic_mgmt->sf_dev_probe(sfd);
	if (err)
		goto err_free;
	sfnic_mgmt->sf_dev_cfg(sfd, &cfg);
	err = sfnic_sf_drv_load(sfd, &cfg, NULL);
	if (err)
		goto err_mgmt;
	/* From the NIC to the SF without scanning: sfnic<id>/sf<sfnum>. */
	snprintf(sfd->link, sizeof(sfd->link), "sf%u", sfd->sfnum);
	if (sysfs_create_link(&sdev->dev->kobj, &mdevc_dev(mdev)->kobj,
			      sfd->link))
		sfd->link[0] = 0;
	sfnic_mgmt->sf_dev_publish(sfd);
	/* Without it the SF works, only its faults go unreported. */
	if (sfnic_health_start(&sfd->health))
		dev_warn(mdevc_dev(mdev), "no health reporting\n");
	return 0;

err_mgmt:
	sfnic_mgmt->sf_dev_remove(sfd);
err_free:
	kfree(sfd);
	return err;
}

static void sfnic_sf_drv_remove(struct mdevc_device *mdev)
{
	struct sfnic_sf_dev *sfd = dev_get_drvdata(mdevc_dev(mdev));
	struct sfnic_dev *sdev = sfd->sdev;

	/* No report, hence no recovery, runs after this. */
	sfnic_health_stop(&sfd->health);
	/* Waits for a reload under way: none runs after this. */
	sfnic_mgmt->sf_dev_unpublish(sfd);
	if (sfd->link[0])
		sysfs_remove_link(&sdev->dev->kobj, sfd->link);
	sfnic_sf_drv_unload(sfd);
	sfnic_mgmt->sf_dev_remove(sfd);
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
