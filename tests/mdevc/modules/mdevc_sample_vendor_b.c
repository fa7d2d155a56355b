// SPDX-License-Identifier: GPL-2.0
/*
 * A sample vendor class driver for vendor id MDEVC_SAMPLE_VENDOR_B: it binds
 * only vendor class devices of that vendor. Test-only.
 */

#include <linux/mdevc.h>
#include <linux/module.h>

#include "mdevc_sample.h"

static int mdevc_sample_vendor_b_probe(struct mdevc_device *mdev)
{
	dev_dbg(mdevc_dev(mdev), "bound by vendor B\n");
	return 0;
}

static void mdevc_sample_vendor_b_remove(struct mdevc_device *mdev)
{
	dev_dbg(mdevc_dev(mdev), "unbound by vendor B\n");
}

static const struct mdevc_class_id mdevc_sample_vendor_b_ids[] = {
	MDEVC_VENDOR_ID(MDEVC_SAMPLE_VENDOR_B),
	{ }
};
MODULE_ALIAS_MDEVC(MDEVC_CLASS_VENDOR, MDEVC_SAMPLE_VENDOR_B);

static struct mdevc_driver mdevc_sample_vendor_b_driver = {
	.id_table	= mdevc_sample_vendor_b_ids,
	.probe		= mdevc_sample_vendor_b_probe,
	.remove		= mdevc_sample_vendor_b_remove,
	.driver		= {
		.name	= "mdevc_sample_vendor_b",
	},
};
module_mdevc_driver(mdevc_sample_vendor_b_driver);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Sample mdevc vendor class driver, vendor B");
