// SPDX-License-Identifier: GPL-2.0
/*
 * A sample mdevc parent offering one type of each class: vendor, virtio and
 * vfio, with trivial class ops. Test-only, like the kernel's samples/.
 *
 * The parent is the platform device "mdevc_sample". Besides the mdevc sysfs
 * ABI, two files of its own exercise the in-kernel API as a NIC driver uses
 * it: writing a type name ("vendor", "virtio", "vfio") to "kcreate" creates
 * a device with a random UUID through mdevc_device_create(), writing its
 * UUID to "kremove" removes it through mdevc_device_remove().
 */

#include <linux/atomic.h>
#include <linux/list.h>
#include <linux/mdevc.h>
#include <linux/mdevc_vfio.h>
#include <linux/mdevc_virtio.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/platform_device.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "mdevc_sample.h"

#define DRV_NAME	"mdevc_sample"

static unsigned int instances = 4;
module_param(instances, uint, 0444);
MODULE_PARM_DESC(instances, "Devices each type can have (default 4)");

enum {
	MDEVC_SAMPLE_VENDOR,
	MDEVC_SAMPLE_VIRTIO,
	MDEVC_SAMPLE_VFIO,
	MDEVC_SAMPLE_NR_TYPES,
};

struct mdevc_sample_type {
	struct mdevc_type type;
	unsigned int index;
};

/* A device created through "kcreate", referenced until "kremove" */
struct mdevc_sample_kdev {
	struct list_head list;
	struct mdevc_device *mdev;
};

struct mdevc_sample {
	struct mdevc_parent parent;
	atomic_t available[MDEVC_SAMPLE_NR_TYPES];
	/* protects kdevs */
	struct mutex kdevs_lock;
	struct list_head kdevs;
};

/* The parent's context of each device */
struct mdevc_sample_dev {
	struct mdevc_sample *sample;
	unsigned int type_index;
	bool from_kernel;
	/* virtio class state */
	u8 status;
	u64 driver_features;
};

static struct mdevc_sample *to_sample(struct mdevc_parent *parent)
{
	return container_of(parent, struct mdevc_sample, parent);
}

static unsigned int type_index(const struct mdevc_type *type)
{
	return container_of(type, struct mdevc_sample_type, type)->index;
}

static struct mdevc_sample_dev *sample_dev(struct mdevc_device *mdev)
{
	return mdevc_get_parent_data(mdev);
}

/* Parent ops */

static int mdevc_sample_create(struct mdevc_device *mdev, void *data)
{
	struct mdevc_sample *sample = to_sample(mdev->parent);
	unsigned int index = type_index(mdev->type);
	struct mdevc_sample_dev *sdev;

	/* Reserve the instance: get_available() alone would race */
	if (!atomic_add_unless(&sample->available[index], -1, 0))
		return -ENOSPC;

	sdev = kzalloc(sizeof(*sdev), GFP_KERNEL);
	if (!sdev) {
		atomic_inc(&sample->available[index]);
		return -ENOMEM;
	}
	sdev->sample = sample;
	sdev->type_index = index;
	sdev->from_kernel = data == sample;
	mdevc_set_parent_data(mdev, sdev);
	return 0;
}

static void mdevc_sample_remove(struct mdevc_device *mdev)
{
	struct mdevc_sample_dev *sdev = sample_dev(mdev);

	atomic_inc(&sdev->sample->available[sdev->type_index]);
	kfree(sdev);
}

static unsigned int mdevc_sample_get_available(struct mdevc_parent *parent,
					       const struct mdevc_type *type)
{
	return atomic_read(&to_sample(parent)->available[type_index(type)]);
}

static const struct mdevc_parent_ops mdevc_sample_parent_ops = {
	.create		= mdevc_sample_create,
	.remove		= mdevc_sample_remove,
	.get_available	= mdevc_sample_get_available,
};

/* vfio class ops: a device with nothing to read, write or map */

static int mdevc_sample_vfio_open(struct mdevc_device *mdev)
{
	return 0;
}

static void mdevc_sample_vfio_close(struct mdevc_device *mdev)
{
}

static ssize_t mdevc_sample_vfio_read(struct mdevc_device *mdev,
				      char __user *buf, size_t count,
				      loff_t *ppos)
{
	return -EINVAL;
}

static ssize_t mdevc_sample_vfio_write(struct mdevc_device *mdev,
				       const char __user *buf, size_t count,
				       loff_t *ppos)
{
	return -EINVAL;
}

static long mdevc_sample_vfio_ioctl(struct mdevc_device *mdev,
				    unsigned int cmd, unsigned long arg)
{
	return -ENOTTY;
}

static int mdevc_sample_vfio_mmap(struct mdevc_device *mdev,
				  struct vm_area_struct *vma)
{
	return -EINVAL;
}

static const struct mdevc_vfio_ops mdevc_sample_vfio_ops = {
	.open_device	= mdevc_sample_vfio_open,
	.close_device	= mdevc_sample_vfio_close,
	.read		= mdevc_sample_vfio_read,
	.write		= mdevc_sample_vfio_write,
	.ioctl		= mdevc_sample_vfio_ioctl,
	.mmap		= mdevc_sample_vfio_mmap,
};

/* virtio class ops: a network device without queues or config space */

static int mdevc_sample_set_vq_address(struct mdevc_device *mdev, u16 idx,
				       u64 desc_area, u64 driver_area,
				       u64 device_area)
{
	return -EINVAL;
}

static void mdevc_sample_set_vq_num(struct mdevc_device *mdev, u16 idx,
				    u32 num)
{
}

static u16 mdevc_sample_get_vq_num_max(struct mdevc_device *mdev)
{
	return 256;
}

static void mdevc_sample_kick_vq(struct mdevc_device *mdev, u16 idx)
{
}

static void mdevc_sample_set_vq_cb(struct mdevc_device *mdev, u16 idx,
				   const struct mdevc_virtio_callback *cb)
{
}

static void mdevc_sample_set_vq_ready(struct mdevc_device *mdev, u16 idx,
				      bool ready)
{
}

static bool mdevc_sample_get_vq_ready(struct mdevc_device *mdev, u16 idx)
{
	return false;
}

static int mdevc_sample_set_vq_state(struct mdevc_device *mdev, u16 idx,
				     const struct mdevc_virtio_vq_state *state)
{
	return -EINVAL;
}

static int mdevc_sample_get_vq_state(struct mdevc_device *mdev, u16 idx,
				     struct mdevc_virtio_vq_state *state)
{
	return -EINVAL;
}

static u32 mdevc_sample_get_vq_align(struct mdevc_device *mdev)
{
	return PAGE_SIZE;
}

static u64 mdevc_sample_get_device_features(struct mdevc_device *mdev)
{
	return 0;
}

static int mdevc_sample_set_driver_features(struct mdevc_device *mdev,
					    u64 features)
{
	sample_dev(mdev)->driver_features = features;
	return 0;
}

static u64 mdevc_sample_get_driver_features(struct mdevc_device *mdev)
{
	return sample_dev(mdev)->driver_features;
}

static void mdevc_sample_set_config_cb(struct mdevc_device *mdev,
				       const struct mdevc_virtio_callback *cb)
{
}

static u32 mdevc_sample_get_device_id(struct mdevc_device *mdev)
{
	return MDEVC_SAMPLE_VIRTIO_DEVICE_ID;
}

static u32 mdevc_sample_get_vendor_id(struct mdevc_device *mdev)
{
	return MDEVC_SAMPLE_VIRTIO_VENDOR_ID;
}

static u8 mdevc_sample_get_status(struct mdevc_device *mdev)
{
	return sample_dev(mdev)->status;
}

static void mdevc_sample_set_status(struct mdevc_device *mdev, u8 status)
{
	sample_dev(mdev)->status = status;
}

static int mdevc_sample_reset(struct mdevc_device *mdev)
{
	sample_dev(mdev)->status = 0;
	sample_dev(mdev)->driver_features = 0;
	return 0;
}

static size_t mdevc_sample_get_config_size(struct mdevc_device *mdev)
{
	return 0;
}

static void mdevc_sample_get_config(struct mdevc_device *mdev,
				    unsigned int offset, void *buf,
				    unsigned int len)
{
	memset(buf, 0, len);
}

static void mdevc_sample_set_config(struct mdevc_device *mdev,
				    unsigned int offset, const void *buf,
				    unsigned int len)
{
}

static const struct mdevc_virtio_ops mdevc_sample_virtio_ops = {
	.set_vq_address		= mdevc_sample_set_vq_address,
	.set_vq_num		= mdevc_sample_set_vq_num,
	.get_vq_num_max		= mdevc_sample_get_vq_num_max,
	.kick_vq		= mdevc_sample_kick_vq,
	.set_vq_cb		= mdevc_sample_set_vq_cb,
	.set_vq_ready		= mdevc_sample_set_vq_ready,
	.get_vq_ready		= mdevc_sample_get_vq_ready,
	.set_vq_state		= mdevc_sample_set_vq_state,
	.get_vq_state		= mdevc_sample_get_vq_state,
	.get_vq_align		= mdevc_sample_get_vq_align,
	.get_device_features	= mdevc_sample_get_device_features,
	.set_driver_features	= mdevc_sample_set_driver_features,
	.get_driver_features	= mdevc_sample_get_driver_features,
	.set_config_cb		= mdevc_sample_set_config_cb,
	.get_device_id		= mdevc_sample_get_device_id,
	.get_vendor_id		= mdevc_sample_get_vendor_id,
	.get_status		= mdevc_sample_get_status,
	.set_status		= mdevc_sample_set_status,
	.reset			= mdevc_sample_reset,
	.get_config_size	= mdevc_sample_get_config_size,
	.get_config		= mdevc_sample_get_config,
	.set_config		= mdevc_sample_set_config,
};

/* The types, with a device attribute of the vendor type's own */

static ssize_t sample_origin_show(struct device *dev,
				  struct device_attribute *attr, char *buf)
{
	struct mdevc_sample_dev *sdev = sample_dev(to_mdevc_device(dev));

	return sysfs_emit(buf, "%s\n", sdev->from_kernel ? "kernel" : "user");
}
static DEVICE_ATTR_RO(sample_origin);

static struct attribute *mdevc_sample_vendor_dev_attrs[] = {
	&dev_attr_sample_origin.attr,
	NULL,
};
ATTRIBUTE_GROUPS(mdevc_sample_vendor_dev);

static const struct mdevc_sample_type mdevc_sample_types[] = {
	[MDEVC_SAMPLE_VENDOR] = {
		.index = MDEVC_SAMPLE_VENDOR,
		.type = {
			.sysfs_name	= "vendor",
			.pretty_name	= "Sample vendor device",
			.description	= "bound by the vendor's own driver",
			.class		= MDEVC_CLASS_VENDOR,
			.vendor		= MDEVC_SAMPLE_VENDOR_A,
			.dev_groups	= mdevc_sample_vendor_dev_groups,
		},
	},
	[MDEVC_SAMPLE_VIRTIO] = {
		.index = MDEVC_SAMPLE_VIRTIO,
		.type = {
			.sysfs_name	= "virtio",
			.pretty_name	= "Sample virtio-net device",
			.description	= "bound by a virtio bridge",
			.class		= MDEVC_CLASS_VIRTIO,
		},
	},
	[MDEVC_SAMPLE_VFIO] = {
		.index = MDEVC_SAMPLE_VFIO,
		.type = {
			.sysfs_name	= "vfio",
			.pretty_name	= "Sample vfio device",
			.description	= "bound by a vfio bridge",
			.class		= MDEVC_CLASS_VFIO,
		},
	},
};

static const struct mdevc_type *const mdevc_sample_type_list[] = {
	&mdevc_sample_types[MDEVC_SAMPLE_VENDOR].type,
	&mdevc_sample_types[MDEVC_SAMPLE_VIRTIO].type,
	&mdevc_sample_types[MDEVC_SAMPLE_VFIO].type,
};

/* The in-kernel API, driven from the parent device's sysfs */

static ssize_t kcreate_store(struct device *dev, struct device_attribute *attr,
			     const char *buf, size_t count)
{
	struct mdevc_sample *sample = dev_get_drvdata(dev);
	struct mdevc_sample_kdev *kdev;
	unsigned int i;
	int ret;

	for (i = 0; i < MDEVC_SAMPLE_NR_TYPES; i++)
		if (sysfs_streq(buf, mdevc_sample_type_list[i]->sysfs_name))
			break;
	if (i == MDEVC_SAMPLE_NR_TYPES)
		return -EINVAL;

	kdev = kzalloc(sizeof(*kdev), GFP_KERNEL);
	if (!kdev)
		return -ENOMEM;

	kdev->mdev = mdevc_device_create(&sample->parent,
					 mdevc_sample_type_list[i], NULL,
					 sample);
	if (IS_ERR(kdev->mdev)) {
		ret = PTR_ERR(kdev->mdev);
		kfree(kdev);
		return ret;
	}

	mutex_lock(&sample->kdevs_lock);
	list_add_tail(&kdev->list, &sample->kdevs);
	mutex_unlock(&sample->kdevs_lock);
	return count;
}
static DEVICE_ATTR_WO(kcreate);

static ssize_t kremove_store(struct device *dev, struct device_attribute *attr,
			     const char *buf, size_t count)
{
	struct mdevc_sample *sample = dev_get_drvdata(dev);
	struct mdevc_sample_kdev *kdev, *found = NULL;
	int ret;

	mutex_lock(&sample->kdevs_lock);
	list_for_each_entry(kdev, &sample->kdevs, list) {
		if (sysfs_streq(buf, dev_name(mdevc_dev(kdev->mdev)))) {
			list_del(&kdev->list);
			found = kdev;
			break;
		}
	}
	mutex_unlock(&sample->kdevs_lock);
	if (!found)
		return -ENOENT;

	/* -ENODEV if a user removed it through sysfs meanwhile */
	ret = mdevc_device_remove(found->mdev);
	mdevc_put_device(found->mdev);
	kfree(found);
	return ret ?: count;
}
static DEVICE_ATTR_WO(kremove);

static struct attribute *mdevc_sample_parent_attrs[] = {
	&dev_attr_kcreate.attr,
	&dev_attr_kremove.attr,
	NULL,
};
ATTRIBUTE_GROUPS(mdevc_sample_parent);

static void mdevc_sample_put_kdevs(struct mdevc_sample *sample)
{
	struct mdevc_sample_kdev *kdev, *tmp;

	list_for_each_entry_safe(kdev, tmp, &sample->kdevs, list) {
		list_del(&kdev->list);
		mdevc_put_device(kdev->mdev);
		kfree(kdev);
	}
}

static int mdevc_sample_probe(struct platform_device *pdev)
{
	struct mdevc_sample *sample;
	unsigned int i;
	int ret;

	sample = kzalloc(sizeof(*sample), GFP_KERNEL);
	if (!sample)
		return -ENOMEM;

	for (i = 0; i < MDEVC_SAMPLE_NR_TYPES; i++)
		atomic_set(&sample->available[i], instances);
	mutex_init(&sample->kdevs_lock);
	INIT_LIST_HEAD(&sample->kdevs);
	platform_set_drvdata(pdev, sample);

	sample->parent.dev = &pdev->dev;
	sample->parent.ops = &mdevc_sample_parent_ops;
	sample->parent.vfio_ops = &mdevc_sample_vfio_ops;
	sample->parent.virtio_ops = &mdevc_sample_virtio_ops;
	sample->parent.types = mdevc_sample_type_list;
	sample->parent.nr_types = ARRAY_SIZE(mdevc_sample_type_list);
	ret = mdevc_register_parent(&sample->parent);
	if (ret)
		goto err_free;
	return 0;

err_free:
	mutex_destroy(&sample->kdevs_lock);
	kfree(sample);
	return ret;
}

static int mdevc_sample_remove_parent(struct platform_device *pdev)
{
	struct mdevc_sample *sample = platform_get_drvdata(pdev);

	/* Removes the devices still there, kcreate'd ones included */
	mdevc_unregister_parent(&sample->parent);
	mdevc_sample_put_kdevs(sample);
	mutex_destroy(&sample->kdevs_lock);
	kfree(sample);
	return 0;
}

static struct platform_driver mdevc_sample_driver = {
	.probe	= mdevc_sample_probe,
	.remove	= mdevc_sample_remove_parent,
	.driver	= {
		.name		= DRV_NAME,
		.dev_groups	= mdevc_sample_parent_groups,
	},
};

static struct platform_device *mdevc_sample_pdev;

static int __init mdevc_sample_init(void)
{
	int ret;

	ret = platform_driver_register(&mdevc_sample_driver);
	if (ret)
		return ret;

	mdevc_sample_pdev = platform_device_register_simple(DRV_NAME,
							    PLATFORM_DEVID_NONE,
							    NULL, 0);
	if (IS_ERR(mdevc_sample_pdev)) {
		ret = PTR_ERR(mdevc_sample_pdev);
		goto err_driver_unregister;
	}
	return 0;

err_driver_unregister:
	platform_driver_unregister(&mdevc_sample_driver);
	return ret;
}

static void __exit mdevc_sample_exit(void)
{
	platform_device_unregister(mdevc_sample_pdev);
	platform_driver_unregister(&mdevc_sample_driver);
}

module_init(mdevc_sample_init);
module_exit(mdevc_sample_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Sample mdevc parent with a vendor, a virtio and a vfio type");
