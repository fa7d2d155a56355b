// SPDX-License-Identifier: GPL-2.0
/*
 * mdevc: the bus, its class drivers, and the typed class ops getters.
 */

#include <linux/bug.h>
#include <linux/device.h>
#include <linux/mdevc.h>
#include <linux/module.h>

#include "mdevc_private.h"

const char *mdevc_class_name(enum mdevc_class class)
{
	switch (class) {
	case MDEVC_CLASS_VFIO:
		return "vfio";
	case MDEVC_CLASS_VIRTIO:
		return "virtio";
	case MDEVC_CLASS_VENDOR:
		return "vendor";
	}
	return "invalid";
}

static const struct mdevc_class_id *
mdevc_match_id(const struct mdevc_class_id *id, struct mdevc_device *mdev)
{
	/* The vendor id is 0 for every class but the vendor class */
	for (; id->class; id++)
		if (id->class == mdev->class && id->vendor == mdev->vendor)
			return id;
	return NULL;
}

static int mdevc_match(struct device *dev, struct device_driver *drv)
{
	return !!mdevc_match_id(to_mdevc_driver(drv)->id_table,
				to_mdevc_device(dev));
}

static int mdevc_uevent(struct device *dev, struct kobj_uevent_env *env)
{
	struct mdevc_device *mdev = to_mdevc_device(dev);

	return add_uevent_var(env, "MODALIAS=" MDEVC_MODALIAS_FMT,
			      mdev->class, mdev->vendor);
}

/*
 * The error is kept for mdevc_type_create(): a user's create fails when
 * the class driver, already loaded, cannot drive the new device.
 */
static int mdevc_probe(struct device *dev)
{
	struct mdevc_driver *drv = to_mdevc_driver(dev->driver);
	struct mdevc_device *mdev = to_mdevc_device(dev);

	mdev->probe_err = drv->probe(mdev);
	return mdev->probe_err;
}

static void mdevc_remove(struct device *dev)
{
	struct mdevc_driver *drv = to_mdevc_driver(dev->driver);

	if (drv->remove)
		drv->remove(to_mdevc_device(dev));
}

struct bus_type mdevc_bus_type = {
	.name		= "mdevc",
	.match		= mdevc_match,
	.uevent		= mdevc_uevent,
	.probe		= mdevc_probe,
	.remove		= mdevc_remove,
	.dev_groups	= mdevc_device_groups,
};

static int mdevc_validate_id_table(struct mdevc_driver *drv)
{
	const struct mdevc_class_id *id = drv->id_table;

	for (; id->class; id++) {
		switch (id->class) {
		case MDEVC_CLASS_VFIO:
		case MDEVC_CLASS_VIRTIO:
			if (!id->vendor)
				continue;
			break;
		case MDEVC_CLASS_VENDOR:
			/* Binding every vendor's devices is never right */
			if (id->vendor)
				continue;
			break;
		}
		pr_err("mdevc: driver %s: invalid class id c%uv%x\n",
		       drv->driver.name, id->class, id->vendor);
		return -EINVAL;
	}
	return 0;
}

/**
 * __mdevc_register_driver() - register a class driver
 * @drv: the driver
 * @owner: the module of the driver
 * @mod_name: the name of that module
 *
 * Use mdevc_register_driver() or module_mdevc_driver(), which fill in
 * @owner and @mod_name. The driver binds every device, present or future,
 * whose class id is in its id table.
 *
 * Return: 0, or a negative errno: -EINVAL if @drv has no probe, no id
 * table, or an invalid class id (a vendor class id without vendor id, a
 * vendor id with another class), or the error of driver_register().
 */
int __mdevc_register_driver(struct mdevc_driver *drv, struct module *owner,
			    const char *mod_name)
{
	int ret;

	if (!drv->probe || !drv->id_table) {
		pr_err("mdevc: driver %s: no probe or no id table\n",
		       drv->driver.name);
		return -EINVAL;
	}

	ret = mdevc_validate_id_table(drv);
	if (ret)
		return ret;

	drv->driver.bus = &mdevc_bus_type;
	drv->driver.owner = owner;
	drv->driver.mod_name = mod_name;
	return driver_register(&drv->driver);
}
EXPORT_SYMBOL_GPL(__mdevc_register_driver);

/**
 * mdevc_unregister_driver() - unregister a class driver
 * @drv: the driver
 *
 * Unbinds the driver from its devices, which stay on the bus, unbound,
 * until another matching driver is registered.
 */
void mdevc_unregister_driver(struct mdevc_driver *drv)
{
	driver_unregister(&drv->driver);
}
EXPORT_SYMBOL_GPL(mdevc_unregister_driver);

/**
 * mdevc_get_vfio_ops() - the vfio class ops of a device's parent
 * @mdev: a device of the vfio class
 *
 * For the driver bound to @mdev, which may use the ops until its
 * &mdevc_driver.remove returns.
 *
 * Return: the parent's const &struct mdevc_vfio_ops, or NULL (with a
 * warning, once) if @mdev is not of the vfio class.
 */
const struct mdevc_vfio_ops *mdevc_get_vfio_ops(struct mdevc_device *mdev)
{
	if (WARN_ONCE(mdev->class != MDEVC_CLASS_VFIO,
		      "mdevc: %s: vfio ops asked of a %s device\n",
		      dev_name(&mdev->dev), mdevc_class_name(mdev->class)))
		return NULL;

	return mdev->parent->vfio_ops;
}
EXPORT_SYMBOL_GPL(mdevc_get_vfio_ops);

/**
 * mdevc_get_virtio_ops() - the virtio class ops of a device's parent
 * @mdev: a device of the virtio class
 *
 * For the driver bound to @mdev, which may use the ops until its
 * &mdevc_driver.remove returns.
 *
 * Return: the parent's const &struct mdevc_virtio_ops, or NULL (with a
 * warning, once) if @mdev is not of the virtio class.
 */
const struct mdevc_virtio_ops *
mdevc_get_virtio_ops(struct mdevc_device *mdev)
{
	if (WARN_ONCE(mdev->class != MDEVC_CLASS_VIRTIO,
		      "mdevc: %s: virtio ops asked of a %s device\n",
		      dev_name(&mdev->dev), mdevc_class_name(mdev->class)))
		return NULL;

	return mdev->parent->virtio_ops;
}
EXPORT_SYMBOL_GPL(mdevc_get_virtio_ops);
