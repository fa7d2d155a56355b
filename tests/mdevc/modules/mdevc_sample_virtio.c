// SPDX-License-Identifier: GPL-2.0
/*
 * A sample virtio class driver: it proves a virtio class device reaches its
 * parent's virtio ops through mdevc_get_virtio_ops(), until the virtio
 * bridge exists. It binds only the sample parent's devices and, unlike a
 * real class driver, carries no module alias: it must never be loaded, nor
 * bind, in place of the virtio bridge. Test-only.
 */

#include <linux/mdevc.h>
#include <linux/mdevc_virtio.h>
#include <linux/module.h>
#include <linux/string.h>

#include "mdevc_sample.h"

static int mdevc_sample_virtio_probe(struct mdevc_device *mdev)
{
	const struct mdevc_virtio_ops *ops;

	/* Leave other parents' devices to the virtio bridge */
	if (strcmp(dev_driver_string(mdev->parent->dev), "mdevc_sample"))
		return -ENODEV;

	ops = mdevc_get_virtio_ops(mdev);
	if (!ops)
		return -EINVAL;

	if (ops->get_device_id(mdev) != MDEVC_SAMPLE_VIRTIO_DEVICE_ID ||
	    ops->get_vendor_id(mdev) != MDEVC_SAMPLE_VIRTIO_VENDOR_ID)
		return -EINVAL;
	return ops->reset(mdev);
}

static const struct mdevc_class_id mdevc_sample_virtio_ids[] = {
	MDEVC_CLASS_ID(MDEVC_CLASS_VIRTIO),
	{ }
};

static struct mdevc_driver mdevc_sample_virtio_driver = {
	.id_table	= mdevc_sample_virtio_ids,
	.probe		= mdevc_sample_virtio_probe,
	.driver		= {
		.name	= "mdevc_sample_virtio",
	},
};
module_mdevc_driver(mdevc_sample_virtio_driver);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Sample mdevc virtio class driver");
