// SPDX-License-Identifier: GPL-2.0
/*
 * A sample vfio class driver: it proves a vfio class device reaches its
 * parent's vfio ops through mdevc_get_vfio_ops(), until the vfio bridge
 * exists. It binds only the sample parent's devices and, unlike a real
 * class driver, carries no module alias: it must never be loaded, nor bind,
 * in place of the vfio bridge. Test-only.
 */

#include <linux/mdevc.h>
#include <linux/mdevc_vfio.h>
#include <linux/module.h>
#include <linux/string.h>

static int mdevc_sample_vfio_probe(struct mdevc_device *mdev)
{
	const struct mdevc_vfio_ops *ops;
	int ret;

	/* Leave other parents' devices to the vfio bridge */
	if (strcmp(dev_driver_string(mdev->parent->dev), "mdevc_sample"))
		return -ENODEV;

	ops = mdevc_get_vfio_ops(mdev);
	if (!ops)
		return -EINVAL;

	ret = ops->open_device(mdev);
	if (ret)
		return ret;
	ops->close_device(mdev);
	return 0;
}

static const struct mdevc_class_id mdevc_sample_vfio_ids[] = {
	MDEVC_CLASS_ID(MDEVC_CLASS_VFIO),
	{ }
};

static struct mdevc_driver mdevc_sample_vfio_driver = {
	.id_table	= mdevc_sample_vfio_ids,
	.probe		= mdevc_sample_vfio_probe,
	.driver		= {
		.name	= "mdevc_sample_vfio",
	},
};
module_mdevc_driver(mdevc_sample_vfio_driver);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Sample mdevc vfio class driver");
