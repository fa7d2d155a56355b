// SPDX-License-Identifier: GPL-2.0
/*
 * sfnic: SmartNIC parent driver with sub-functions on the mdevc bus.
 *
 * The module's entry point lives in the devlink layer: it brings up the
 * core under this layer's callbacks, so that the core never calls into
 * the layer by name.
 */

#include <linux/module.h>

#include "devlink.h"

static const struct sfnic_mgmt_ops sfnic_dl_mgmt_ops = {
	.probe			= sfnic_dl_probe,
	.cfg			= sfnic_dl_cfg,
	.publish		= sfnic_dl_publish,
	.unpublish		= sfnic_dl_unpublish,
	.remove			= sfnic_dl_remove,
	.sf_port_add		= sfnic_dl_sf_port_add,
	.sf_port_del		= sfnic_dl_sf_port_del,
	.sf_dev_probe		= sfnic_dl_sf_probe,
	.sf_dev_cfg		= sfnic_dl_sf_cfg,
	.sf_dev_publish		= sfnic_dl_sf_publish,
	.sf_dev_unpublish	= sfnic_dl_sf_unpublish,
	.sf_dev_remove		= sfnic_dl_sf_remove,
	.health_report		= sfnic_dl_health_report,
};

static int __init sfnic_init(void)
{
	return sfnic_core_init(&sfnic_dl_mgmt_ops);
}

static void __exit sfnic_exit(void)
{
	sfnic_core_exit();
}

module_init(sfnic_init);
module_exit(sfnic_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("sfnic SmartNIC: devlink, switchdev eswitch and sub-functions");
