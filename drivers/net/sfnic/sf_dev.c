// SPDX-License-Identifier: GPL-2.0
/*
 * sfnic SF devices: the NIC is an mdevc parent offering one vendor-class
 * type, "sfnic-sf". An active SF is an mdev of that type, which the sfnic
 * SF driver binds (mlx5's sf/dev/dev.c, with mdevc instead of auxiliary).
 *
 * SFs activated through devlink get their mdev from their work. A user may
 * also write a UUID to the type's create file: the parent then adds an SF
 * port with the next free sfnum, activates it and hands it that mdev; it
 * lives until the mdev is removed.
 */

#include <linux/mdevc.h>
#include <linux/slab.h>
#include <net/devlink.h>

#include "sfnic.h"
#include "model/vnet.h"
#include "trace.h"

static ssize_t sfnum_show(struct device *dev, struct device_attribute *attr,
			  char *buf)
{
	struct sfnic_sf *sf = sfnic_mdev_to_sf(to_mdevc_device(dev));

	return sysfs_emit(buf, "%u\n", sf->sfnum);
}
static DEVICE_ATTR_RO(sfnum);

static ssize_t devlink_port_show(struct device *dev,
				 struct device_attribute *attr, char *buf)
{
	struct sfnic_sf *sf = sfnic_mdev_to_sf(to_mdevc_device(dev));

	if (sf->legacy)
		return -ENODEV;
	return sysfs_emit(buf, "%s/%s/%u\n", SFNIC_DRV_NAME,
			  dev_name(sf->sdev->dev), sf->port_index);
}
static DEVICE_ATTR_RO(devlink_port);

static struct attribute *sfnic_sf_dev_attrs[] = {
	&dev_attr_sfnum.attr,
	&dev_attr_devlink_port.attr,
	NULL
};

static const struct attribute_group sfnic_sf_dev_group = {
	.attrs = sfnic_sf_dev_attrs,
};

static const struct attribute_group *sfnic_sf_dev_groups[] = {
	&sfnic_sf_dev_group,
	NULL
};

static const struct mdevc_type sfnic_sf_type = {
	.sysfs_name	= "sf",
	.pretty_name	= "sfnic sub-function",
	.description	= "SmartNIC sub-function with a netdev (sfnic)",
	.class		= MDEVC_CLASS_VENDOR,
	.vendor		= SFNIC_MDEVC_VENDOR,
	.dev_groups	= sfnic_sf_dev_groups,
};

/* A virtio-net function: an SF whose host side is the model's virtio-net
 * engine, bound by the mdevc virtio bridge (vnet_fn.c). One queue pair, as
 * vdpa_sim_net and an mlx5 vDPA device without max_vqp have: most of a
 * function's memory is the receive buffers its driver posts, a ring's worth
 * per queue pair.
 */
const struct mdevc_type sfnic_vnet_type = {
	.sysfs_name	= "virtio_net",
	.pretty_name	= "sfnic virtio-net function",
	.description	= "SmartNIC function for virtio_net, 1 queue pair",
	.class		= MDEVC_CLASS_VIRTIO,
	.dev_groups	= sfnic_sf_dev_groups,
};

/* The same with two queue pairs and a control queue (VIRTIO_NET_F_MQ). */
const struct mdevc_type sfnic_vnet_mq_type = {
	.sysfs_name	= "virtio_net_mq",
	.pretty_name	= "sfnic multiqueue virtio-net function",
	.description	= "SmartNIC function for virtio_net, 2 queue pairs",
	.class		= MDEVC_CLASS_VIRTIO,
	.dev_groups	= sfnic_sf_dev_groups,
};

/* The same virtio-net function, presented to a VFIO user as a virtio-net
 * PCI device (vfio_fn.c, vfio_pci.c) and bound by the mdevc vfio bridge.
 */
const struct mdevc_type sfnic_vfio_type = {
	.sysfs_name	= "virtio_net_vfio",
	.pretty_name	= "sfnic virtio-net PCI function for VFIO",
	.description	= "virtio-net PCI function for a VFIO user",
	.class		= MDEVC_CLASS_VFIO,
	.dev_groups	= sfnic_sf_dev_groups,
};

static const struct mdevc_type * const sfnic_mdevc_types[] = {
	&sfnic_sf_type,
	&sfnic_vnet_type,
	&sfnic_vnet_mq_type,
	&sfnic_vfio_type,
};

static struct sfnic_dev *sfnic_parent_to_sdev(struct mdevc_parent *parent)
{
	return container_of(parent, struct sfnic_dev, parent);
}

/* A user wrote a UUID to the create file: make an SF for it. */
static int sfnic_sf_dev_user_create(struct sfnic_dev *sdev,
				    struct mdevc_device *mdev)
{
	struct sfnic_sf_add_attrs a = { .user_created = true };
	struct sfnic_sf *sf;
	int err;

	devl_lock(sdev->devlink);
	/* The mode changed since sfnic_mdevc_check_create() looked. */
	if (!sdev->sf_enabled) {
		dev_warn_ratelimited(sdev->dev, "cannot create an SF: switchdev mode needed\n");
		err = -EOPNOTSUPP;
		goto out;
	}
	err = sfnic_sf_add(sdev, &a, NULL, &sf);
	if (err)
		goto out;

	mutex_lock(&sdev->sf_lock);
	err = __sfnic_sf_activate_mdev(sf, mdev);
	if (!err)
		mdevc_set_parent_data(mdev, sf);
	mutex_unlock(&sdev->sf_lock);
	if (err) {
		__sfnic_sf_del(sdev, sf);
		goto out;
	}
	trace_sfnic_sf_dev_add(sf);
out:
	devl_unlock(sdev->devlink);
	return err;
}

static int sfnic_mdevc_create(struct mdevc_device *mdev, void *data)
{
	struct sfnic_dev *sdev = sfnic_parent_to_sdev(mdev->parent);
	struct sfnic_sf *sf = data;

	if (sfnic_is_vnet_type(mdev->type))
		return sfnic_vnet_fn_create(sdev, mdev);
	if (!sf)
		return sfnic_sf_dev_user_create(sdev, mdev);

	/* The SF's work creating the device of an SF activated through
	 * devlink.
	 */
	kref_get(&sf->ref);
	mdevc_set_parent_data(mdev, sf);
	return 0;
}

static void sfnic_mdevc_remove(struct mdevc_device *mdev)
{
	struct sfnic_dev *sdev = sfnic_parent_to_sdev(mdev->parent);
	struct sfnic_sf *sf;
	bool put = false, del;

	/* A virtio-net function's engine goes first; then it is an SF. */
	if (sfnic_is_vnet_type(mdev->type))
		sf = sfnic_vnet_fn_release(mdev);
	else
		sf = mdevc_get_parent_data(mdev);

	mutex_lock(&sdev->sf_lock);
	if (sf->mdev == mdev) {
		sf->mdev = NULL;
		put = true;
	}
	/* A user-made SF goes with its device; one made through devlink
	 * stays, active without a device, until devlink deactivates it.
	 */
	del = sf->user_created && !sf->deleted;
	if (!sf->user_created)
		sf->want_mdev = false;
	mutex_unlock(&sdev->sf_lock);

	trace_sfnic_sf_dev_del(sf);
	if (del) {
		devl_lock(sdev->devlink);
		if (!sf->deleted)
			__sfnic_sf_del(sdev, sf);
		devl_unlock(sdev->devlink);
	}
	if (put)
		put_device(mdevc_dev(mdev));
	sfnic_sf_kick(sf);
	sfnic_sf_put(sf);
}

static unsigned int sfnic_mdevc_get_available(struct mdevc_parent *parent,
					      const struct mdevc_type *type)
{
	struct sfnic_dev *sdev = sfnic_parent_to_sdev(parent);
	unsigned int used = READ_ONCE(sdev->sf_count);
	u32 max = READ_ONCE(sdev->sf_max);
	/* virtio-net functions exist in legacy mode too (vnet_fn.c). */
	bool enabled = READ_ONCE(sdev->sf_enabled) ||
		       (type->class == MDEVC_CLASS_VIRTIO &&
			sfnic_esw_mode_get(sdev) == SFNIC_ESW_LEGACY);

	if (!enabled || used >= max)
		return 0;
	return max - used;
}

/* SFs and vfio functions exist only in switchdev mode, each with its
 * eswitch port: outside it, creating one is not a matter of space, and
 * fails as devlink port add does, with -EOPNOTSUPP.
 */
static int sfnic_mdevc_check_create(struct mdevc_parent *parent,
				    const struct mdevc_type *type)
{
	struct sfnic_dev *sdev = sfnic_parent_to_sdev(parent);

	if (type->class == MDEVC_CLASS_VIRTIO ||
	    sfnic_esw_mode_get(sdev) == SFNIC_ESW_SWITCHDEV)
		return 0;
	dev_warn_ratelimited(sdev->dev, "cannot create a %s function in legacy eswitch mode: switchdev mode needed\n",
			     type->sysfs_name);
	return -EOPNOTSUPP;
}

static const struct mdevc_parent_ops sfnic_mdevc_parent_ops = {
	.create		= sfnic_mdevc_create,
	.remove		= sfnic_mdevc_remove,
	.get_available	= sfnic_mdevc_get_available,
	.check_create	= sfnic_mdevc_check_create,
};

/* The SF's work, no lock held: give an active SF its device. */
int sfnic_sf_dev_create(struct sfnic_sf *sf)
{
	struct sfnic_dev *sdev = sf->sdev;
	struct mdevc_device *mdev;
	bool keep;

	mdev = mdevc_device_create(&sdev->parent, &sfnic_sf_type, &sf->uuid,
				   sf);
	if (IS_ERR(mdev)) {
		dev_err(sdev->dev, "SF %u: failed to create its device: %pe\n",
			sf->sfnum, mdev);
		return PTR_ERR(mdev);
	}
	mutex_lock(&sdev->sf_lock);
	keep = !sf->mdev;
	if (keep)
		sf->mdev = mdev;
	mutex_unlock(&sdev->sf_lock);
	trace_sfnic_sf_dev_add(sf);
	if (!keep) {
		mdevc_device_remove(mdev);
		mdevc_put_device(mdev);
	}
	return 0;
}

/* The SF's work, no lock held: take an SF's device away. */
void sfnic_sf_dev_remove(struct sfnic_sf *sf, struct mdevc_device *mdev)
{
	struct sfnic_dev *sdev = sf->sdev;
	bool put = false;
	int err;

	err = mdevc_device_remove(mdev);
	if (err && err != -ENODEV)
		dev_err(sdev->dev, "SF %u: failed to remove its device: %d\n",
			sf->sfnum, err);

	/* Normally the parent's remove op let go of it already. */
	mutex_lock(&sdev->sf_lock);
	if (sf->mdev == mdev) {
		sf->mdev = NULL;
		put = true;
	}
	mutex_unlock(&sdev->sf_lock);
	if (put)
		put_device(mdevc_dev(mdev));
}

int sfnic_sf_dev_parent_register(struct sfnic_dev *sdev)
{
	sdev->parent.dev = sdev->dev;
	sdev->parent.ops = &sfnic_mdevc_parent_ops;
	sdev->parent.virtio_ops = &sfnic_vnet_virtio_ops;
	sdev->parent.vfio_ops = &sfnic_vfio_fn_ops;
	sdev->parent.types = sfnic_mdevc_types;
	sdev->parent.nr_types = ARRAY_SIZE(sfnic_mdevc_types);
	return mdevc_register_parent(&sdev->parent);
}

void sfnic_sf_dev_parent_unregister(struct sfnic_dev *sdev)
{
	mdevc_unregister_parent(&sdev->parent);
}
