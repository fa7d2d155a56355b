// SPDX-License-Identifier: GPL-2.0
/*
 * sfnic bus: software SmartNICs are made and unmade like netdevsim's:
 *
 *   echo <id> > /sys/bus/sfnic/new_device     makes sfnic<id>
 *   echo <id> > /sys/bus/sfnic/del_device     removes it with its SFs
 */

#include <linux/debugfs.h>
#include <linux/device.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/slab.h>

#include "sfnic.h"

/**
 * struct sfnic_bus_dev - a device made through new_device
 * @dev: the device, sfnic<id>
 * @list: in sfnic_bus_devs, until its removal completed
 * @deleting: del_device is removing it; under sfnic_bus_lock
 */
struct sfnic_bus_dev {
	struct device dev;
	struct list_head list;
	bool deleting;
};

/* Protects sfnic_bus_devs, each device's deleting flag and
 * sfnic_bus_enabled. Held while a device is made, never while one is
 * removed: a removal may wait for the users of its functions (a VFIO user
 * holding a vfio function), which must not hold up the other devices.
 */
static DEFINE_MUTEX(sfnic_bus_lock);
static LIST_HEAD(sfnic_bus_devs);
static bool sfnic_bus_enabled;
static struct dentry *sfnic_ddir;

struct dentry *sfnic_debugfs_root(void)
{
	return sfnic_ddir;
}

static void sfnic_bus_dev_release(struct device *dev)
{
	kfree(container_of(dev, struct sfnic_bus_dev, dev));
}

static struct bus_type sfnic_bus;

static struct sfnic_bus_dev *sfnic_bus_dev_new(u32 id)
{
	struct sfnic_bus_dev *bdev;
	int err;

	bdev = kzalloc(sizeof(*bdev), GFP_KERNEL);
	if (!bdev)
		return ERR_PTR(-ENOMEM);
	bdev->dev.id = id;
	bdev->dev.bus = &sfnic_bus;
	bdev->dev.release = sfnic_bus_dev_release;
	err = dev_set_name(&bdev->dev, "sfnic%u", id);
	if (err) {
		kfree(bdev);
		return ERR_PTR(err);
	}
	err = device_register(&bdev->dev);
	if (err) {
		put_device(&bdev->dev);
		return ERR_PTR(err);
	}
	if (!bdev->dev.driver) {
		/* The driver's probe failed; do not keep a dead device. */
		device_unregister(&bdev->dev);
		return ERR_PTR(-EIO);
	}
	return bdev;
}

static void sfnic_bus_dev_del(struct sfnic_bus_dev *bdev)
{
	device_unregister(&bdev->dev);
}

/* The id written to new_device or del_device (@what: "adding"...). */
static int sfnic_bus_parse_id(const char *buf, const char *what,
			      unsigned int *id)
{
	if (kstrtouint(buf, 0, id) || *id > INT_MAX) {
		pr_err("sfnic: format for %s a device is \"<id>\"\n", what);
		return -EINVAL;
	}
	return 0;
}

static ssize_t new_device_store(struct bus_type *bus, const char *buf,
				size_t count)
{
	struct sfnic_bus_dev *bdev;
	unsigned int id;
	int err;

	err = sfnic_bus_parse_id(buf, "adding", &id);
	if (err)
		return err;

	mutex_lock(&sfnic_bus_lock);
	if (!sfnic_bus_enabled) {
		err = -EBUSY;
		goto out;
	}
	list_for_each_entry(bdev, &sfnic_bus_devs, list) {
		if (bdev->dev.id == id) {
			pr_err("sfnic: device sfnic%u %s\n", id,
			       bdev->deleting ? "is being deleted" :
			       "already exists");
			err = bdev->deleting ? -EBUSY : -EEXIST;
			goto out;
		}
	}
	bdev = sfnic_bus_dev_new(id);
	if (IS_ERR(bdev)) {
		err = PTR_ERR(bdev);
		goto out;
	}
	list_add_tail(&bdev->list, &sfnic_bus_devs);
out:
	mutex_unlock(&sfnic_bus_lock);
	return err ? err : count;
}
static BUS_ATTR_WO(new_device);

static ssize_t del_device_store(struct bus_type *bus, const char *buf,
				size_t count)
{
	struct sfnic_bus_dev *bdev;
	unsigned int id;
	int err;

	err = sfnic_bus_parse_id(buf, "deleting", &id);
	if (err)
		return err;

	err = -ENOENT;
	mutex_lock(&sfnic_bus_lock);
	list_for_each_entry(bdev, &sfnic_bus_devs, list) {
		if (bdev->dev.id != id || bdev->deleting)
			continue;
		bdev->deleting = true;
		get_device(&bdev->dev);
		err = 0;
		break;
	}
	mutex_unlock(&sfnic_bus_lock);
	if (err) {
		pr_err("sfnic: no device sfnic%u to delete\n", id);
		return err;
	}

	/* Without the lock: this may wait for the users of its functions. */
	sfnic_bus_dev_del(bdev);

	mutex_lock(&sfnic_bus_lock);
	list_del(&bdev->list);
	mutex_unlock(&sfnic_bus_lock);
	put_device(&bdev->dev);
	return count;
}
static BUS_ATTR_WO(del_device);

static struct attribute *sfnic_bus_attrs[] = {
	&bus_attr_new_device.attr,
	&bus_attr_del_device.attr,
	NULL
};
ATTRIBUTE_GROUPS(sfnic_bus);

static int sfnic_bus_probe(struct device *dev)
{
	return sfnic_dev_probe(dev, dev->id);
}

static void sfnic_bus_remove(struct device *dev)
{
	sfnic_dev_remove(dev);
}

static struct bus_type sfnic_bus = {
	.name		= SFNIC_DRV_NAME,
	.dev_name	= SFNIC_DRV_NAME,
	.bus_groups	= sfnic_bus_groups,
	.probe		= sfnic_bus_probe,
	.remove		= sfnic_bus_remove,
};

static struct device_driver sfnic_bus_driver = {
	.name		= SFNIC_DRV_NAME,
	.bus		= &sfnic_bus,
	.owner		= THIS_MODULE,
	.dev_groups	= sfnic_dev_groups,
	.suppress_bind_attrs = true,
};

int sfnic_bus_init(void)
{
	int err;

	sfnic_ddir = debugfs_create_dir(SFNIC_DRV_NAME, NULL);
	sfnic_model_debugfs_global_init(sfnic_ddir);
	err = bus_register(&sfnic_bus);
	if (err)
		goto err_debugfs;
	err = driver_register(&sfnic_bus_driver);
	if (err)
		goto err_bus;
	mutex_lock(&sfnic_bus_lock);
	sfnic_bus_enabled = true;
	mutex_unlock(&sfnic_bus_lock);
	return 0;

err_bus:
	bus_unregister(&sfnic_bus);
err_debugfs:
	debugfs_remove_recursive(sfnic_ddir);
	return err;
}

void sfnic_bus_exit(void)
{
	struct sfnic_bus_dev *bdev, *tmp;

	mutex_lock(&sfnic_bus_lock);
	sfnic_bus_enabled = false;
	/* del_device finishes the ones it is removing. */
	list_for_each_entry_safe(bdev, tmp, &sfnic_bus_devs, list) {
		if (bdev->deleting)
			continue;
		list_del(&bdev->list);
		sfnic_bus_dev_del(bdev);
	}
	mutex_unlock(&sfnic_bus_lock);
	driver_unregister(&sfnic_bus_driver);
	bus_unregister(&sfnic_bus);
	debugfs_remove_recursive(sfnic_ddir);
}
