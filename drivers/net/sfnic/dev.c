// SPDX-License-Identifier: GPL-2.0
/*
 * sfnic device: probe and removal of one SmartNIC, sfnic<id>, and its
 * sysfs attribute phys_port (the host netdev its physical port is plugged
 * into).
 */

#include <linux/debugfs.h>
#include <linux/etherdevice.h>
#include <linux/rtnetlink.h>
#include <linux/slab.h>
#include <net/devlink.h>

#include "sfnic.h"

#define SFNIC_PF_QUEUES		2

static ssize_t phys_port_show(struct device *dev,
			      struct device_attribute *attr, char *buf)
{
	struct sfnic_dev *sdev = dev_get_drvdata(dev);

	return sfnic_model_phys_show(sdev->model, buf);
}

static ssize_t phys_port_store(struct device *dev,
			       struct device_attribute *attr,
			       const char *buf, size_t count)
{
	struct sfnic_dev *sdev = dev_get_drvdata(dev);
	struct net_device *netdev;
	char name[IFNAMSIZ];
	int err;

	if (count > IFNAMSIZ)
		return -EINVAL;
	strscpy(name, buf, sizeof(name));
	strim(name);
	if (!name[0]) {
		sfnic_model_phys_detach(sdev->model);
		return count;
	}

	rtnl_lock();
	netdev = __dev_get_by_name(&init_net, name);
	if (!netdev) {
		err = -ENODEV;
	} else if (sfnic_nd_is_sfnic(netdev)) {
		/* Its frames would come back into a NIC at once, in the
		 * same softirq, and go round for ever.
		 */
		dev_err_ratelimited(dev, "cannot plug the physical port into %s: a sfnic netdev would loop frames\n",
				    name);
		err = -EINVAL;
	} else {
		err = sfnic_model_phys_attach(sdev->model, netdev);
	}
	rtnl_unlock();
	return err ? err : count;
}
static DEVICE_ATTR_RW(phys_port);

static struct attribute *sfnic_dev_attrs[] = {
	&dev_attr_phys_port.attr,
	NULL
};

static const struct attribute_group sfnic_dev_group = {
	.attrs = sfnic_dev_attrs,
};

const struct attribute_group *sfnic_dev_groups[] = {
	&sfnic_dev_group,
	NULL
};

static int sfnic_dev_query(struct sfnic_dev *sdev)
{
	struct sfnic_cmd cmd = { .op = SFNIC_CMD_QUERY_CAPS };
	int err;

	err = sfnic_cmd_exec(sdev->model, &cmd);
	if (err)
		return err;
	sdev->caps = cmd.out.caps;
	cmd.op = SFNIC_CMD_QUERY_FW;
	err = sfnic_cmd_exec(sdev->model, &cmd);
	if (err)
		return err;
	sdev->fw = cmd.out.fw;
	return 0;
}

static int sfnic_dev_pf_create(struct sfnic_dev *sdev,
			       const struct sfnic_fn_cfg *cfg)
{
	struct sfnic_cmd cmd = {
		.op = SFNIC_CMD_VPORT_SET_MAC,
		.vport = SFNIC_VPORT_PF,
	};
	struct sfnic_netdev *nd;
	int err;

	nd = sfnic_nd_create(sdev->dev, sdev->model, &sdev->caps, &sdev->fw,
			     SFNIC_ND_PF, SFNIC_VPORT_PF, SFNIC_MQ_FUNCTION,
			     SFNIC_PF_QUEUES);
	if (IS_ERR(nd))
		return PTR_ERR(nd);
	dev_net_set(nd->netdev, cfg->net);
	err = sfnic_rxf_init(nd, cfg->max_macs);
	if (err)
		goto err_free;
	eth_hw_addr_random(nd->netdev);
	ether_addr_copy(cmd.in.set_mac.mac, nd->netdev->dev_addr);
	err = sfnic_cmd_exec(sdev->model, &cmd);
	if (err)
		goto err_rxf;
	err = sfnic_nd_register(nd, sdev->uplink_port);
	if (err)
		goto err_rxf;
	sdev->pf = nd;
	return 0;

err_rxf:
	sfnic_rxf_fini(nd);
err_free:
	sfnic_nd_free(nd);
	return err;
}

static void sfnic_dev_pf_destroy(struct sfnic_dev *sdev)
{
	if (!sdev->pf)
		return;
	sfnic_nd_unregister(sdev->pf);
	sfnic_rxf_fini(sdev->pf);
	sfnic_nd_free(sdev->pf);
	sdev->pf = NULL;
}

/**
 * sfnic_dev_load() - set the PF function up (probe, devlink reload up)
 * @sdev: the NIC, unloaded; instance lock held, or not yet published
 * @cfg: how
 * @extack: for the user's error message (reload), or NULL
 *
 * Sizes the PF's queues and, with @cfg->enable_eth, makes the PF netdev
 * in @cfg->net. On failure the NIC is left unloaded, without PF netdev.
 *
 * Return: 0 or a negative errno.
 */
int sfnic_dev_load(struct sfnic_dev *sdev, const struct sfnic_fn_cfg *cfg,
		   struct netlink_ext_ack *extack)
{
	struct sfnic_cmd cmd = {
		.op = SFNIC_CMD_VPORT_SET_EQS,
		.vport = SFNIC_VPORT_PF,
		.in.set_eqs.io_eq_size = cfg->io_eq_size,
		.in.set_eqs.event_eq_size = cfg->event_eq_size,
	};
	int err;

	err = sfnic_cmd_exec(sdev->model, &cmd);
	if (err) {
		NL_SET_ERR_MSG_MOD(extack,
				   "Device failed to size the PF's event queues");
		dev_err(sdev->dev, "failed to size the PF's event queues: %d\n",
			err);
		return err;
	}
	if (!cfg->enable_eth)
		return 0;
	err = sfnic_dev_pf_create(sdev, cfg);
	if (err) {
		NL_SET_ERR_MSG_MOD(extack, "Failed to create the PF netdev");
		dev_err(sdev->dev, "failed to create the PF netdev: %d\n", err);
	}
	return err;
}

/**
 * sfnic_dev_unload() - tear the PF function down for a devlink reload
 * @sdev: the NIC; instance lock held
 * @extack: for the user's error message
 *
 * As on mlx5, refused while an SF has (or is about to get) its device:
 * its removal would have to wait for SF drivers under the instance lock.
 * Otherwise the eswitch goes back to legacy mode, which deletes every SF
 * port, and the PF netdev goes.
 *
 * Return: 0, or a negative errno with nothing changed.
 */
int sfnic_dev_unload(struct sfnic_dev *sdev, struct netlink_ext_ack *extack)
{
	int err;

	devl_assert_locked(sdev->devlink);
	if (sfnic_sf_table_has_devices(sdev)) {
		NL_SET_ERR_MSG_MOD(extack,
				   "reload is unsupported when SFs are allocated");
		return -EOPNOTSUPP;
	}
	err = sfnic_esw_mode_set(sdev, SFNIC_ESW_LEGACY, extack);
	if (err)
		return err;
	sfnic_dev_pf_destroy(sdev);
	return 0;
}

int sfnic_dev_probe(struct device *dev, u32 id)
{
	struct sfnic_fn_cfg cfg;
	struct sfnic_dev *sdev;
	int err;

	sdev = kzalloc(sizeof(*sdev), GFP_KERNEL);
	if (!sdev)
		return -ENOMEM;
	sdev->dev = dev;
	sdev->id = id;
	sdev->esw_mode = SFNIC_ESW_LEGACY;
	dev_set_drvdata(dev, sdev);
	sdev->ddir = debugfs_create_dir(dev_name(dev), sfnic_debugfs_root());

	sdev->model = sfnic_model_create(dev, id, sdev->ddir);
	if (IS_ERR(sdev->model)) {
		err = PTR_ERR(sdev->model);
		goto err_debugfs;
	}
	err = sfnic_dev_query(sdev);
	if (err) {
		dev_err(dev, "failed to query the device: %d\n", err);
		goto err_model;
	}
	err = sfnic_sf_table_init(sdev);
	if (err)
		goto err_model;
	sfnic_health_init(&sdev->health, sdev, NULL, SFNIC_VPORT_PF);
	err = sfnic_events_init(sdev);
	if (err)
		goto err_sf_table;
	err = sfnic_mgmt->probe(sdev);
	if (err)
		goto err_events;
	sfnic_mgmt->cfg(sdev, &cfg);
	err = sfnic_dev_load(sdev, &cfg, NULL);
	if (err)
		goto err_mgmt;
	err = sfnic_sf_dev_parent_register(sdev);
	if (err)
		goto err_pf;
	sfnic_mgmt->publish(sdev);
	/* Without it the NIC works, only its faults go unreported. */
	if (sfnic_health_start(&sdev->health))
		dev_warn(dev, "no health reporting\n");
	return 0;

err_pf:
	sfnic_dev_pf_destroy(sdev);
err_mgmt:
	sfnic_mgmt->remove(sdev);
err_events:
	sfnic_events_fini(sdev);
err_sf_table:
	sfnic_sf_table_cleanup(sdev);
err_model:
	sfnic_model_destroy(sdev->model);
err_debugfs:
	debugfs_remove_recursive(sdev->ddir);
	kfree(sdev);
	dev_set_drvdata(dev, NULL);
	return err;
}

void sfnic_dev_remove(struct device *dev)
{
	struct sfnic_dev *sdev = dev_get_drvdata(dev);

	sfnic_health_stop(&sdev->health);
	sfnic_mgmt->unpublish(sdev);
	/* Delete every SF and wait until the model released them all; their
	 * devices go through the SFs' work, which must run without our
	 * locks.
	 */
	sfnic_esw_cleanup(sdev);
	sfnic_sf_table_wait_empty(sdev);
	sfnic_sf_dev_parent_unregister(sdev);
	sfnic_dev_pf_destroy(sdev);
	sfnic_mgmt->remove(sdev);
	sfnic_events_fini(sdev);
	sfnic_sf_table_cleanup(sdev);
	sfnic_model_destroy(sdev->model);
	debugfs_remove_recursive(sdev->ddir);
	kfree(sdev);
	dev_set_drvdata(dev, NULL);
}
