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

static int sfnic_dev_pf_create(struct sfnic_dev *sdev)
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
	eth_hw_addr_random(nd->netdev);
	ether_addr_copy(cmd.in.set_mac.mac, nd->netdev->dev_addr);
	err = sfnic_cmd_exec(sdev->model, &cmd);
	if (err)
		goto err_free;
	err = sfnic_nd_register(nd, sdev->uplink_port);
	if (err)
		goto err_free;
	sdev->pf = nd;
	return 0;

err_free:
	sfnic_nd_free(nd);
	return err;
}

static void sfnic_dev_pf_destroy(struct sfnic_dev *sdev)
{
	sfnic_nd_unregister(sdev->pf);
	sfnic_nd_free(sdev->pf);
	sdev->pf = NULL;
}

int sfnic_dev_probe(struct device *dev, u32 id)
{
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
	err = sfnic_mgmt->probe(sdev);
	if (err)
		goto err_sf_table;
	err = sfnic_dev_pf_create(sdev);
	if (err) {
		dev_err(dev, "failed to create the PF netdev: %d\n", err);
		goto err_mgmt;
	}
	err = sfnic_sf_dev_parent_register(sdev);
	if (err)
		goto err_pf;
	sfnic_mgmt->publish(sdev);
	return 0;

err_pf:
	sfnic_dev_pf_destroy(sdev);
err_mgmt:
	sfnic_mgmt->remove(sdev);
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
	sfnic_sf_table_cleanup(sdev);
	sfnic_model_destroy(sdev->model);
	debugfs_remove_recursive(sdev->ddir);
	kfree(sdev);
	dev_set_drvdata(dev, NULL);
}
