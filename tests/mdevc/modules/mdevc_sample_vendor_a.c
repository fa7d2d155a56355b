// SPDX-License-Identifier: GPL-2.0
/*
 * A sample vendor class driver for vendor id MDEVC_SAMPLE_VENDOR_A: it binds
 * only vendor class devices of that vendor. Test-only.
 */

#include <linux/mdevc.h>
#include <linux/module.h>

#include "mdevc_sample.h"

static int mdevc_sample_vendor_a_probe(struct mdevc_device *mdev)
{
	dev_dbg(mdevc_dev(mdev), "bound by vendor A\n");
	return 0;
}

static void mdevc_sample_vendor_a_remove(struct mdevc_device *mdev)
{
	dev_dbg(mdevc_dev(mdev), "unbound by vendor A\n");
}

static const struct mdevc_class_id mdevc_sample_vendor_a_ids[] = {
	MDEVC_VENDOR_ID(MDEVC_SAMPLE_VENDOR_A),
	{ }
};
MODULE_ALIAS_MDEVC(MDEVC_CLASS_VENDOR, MDEVC_SAMPLE_VENDOR_A);

static struct mdevc_driver mdevc_sample_vendor_a_driver = {
	.id_table	= mdevc_sample_vendor_a_ids,
	.probe		= mdevc_sample_vendor_a_probe,
	.remove		= mdevc_sample_vendor_a_remove,
	.driver		= {
		.name	= "mdevc_sample_vendor_a",
	},
};
module_mdevc_driver(mdevc_sample_vendor_a_driver);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Sample mdevc vendor class driver, vendor A");
