// SPDX-License-Identifier: GPL-2.0
/*
 * sfnic core: bring-up of the core and the command wrapper every caller of
 * the model goes through.
 */

#include <linux/module.h>

#include "sfnic.h"

const struct sfnic_mgmt_ops *sfnic_mgmt;

/**
 * sfnic_cmd_exec() - run a model command, logging a failure like mlx5 does
 * @m: the model
 * @cmd: the command
 *
 * Return: 0 or the command's negative errno.
 */
int sfnic_cmd_exec(struct sfnic_model *m, struct sfnic_cmd *cmd)
{
	int err = sfnic_model_cmd(m, cmd);

	if (err)
		pr_debug("sfnic: %s(0x%x) vport 0x%x failed, status %u, syndrome 0x%x, err %d\n",
			 sfnic_model_cmd_name(cmd->op), cmd->op, cmd->vport,
			 cmd->status, cmd->syndrome, err);
	return err;
}

/**
 * sfnic_cmd_exec_teardown() - run a teardown command; it cannot fail
 * @m: the model
 * @cmd: %SFNIC_CMD_QUEUE_DESTROY, %SFNIC_CMD_VPORT_DETACH or a command
 *	undoing a setting (link down)
 * @dev: for the log line
 *
 * As on mlx5, a teardown command that fails is a device problem, not the
 * caller's: the device reclaims what it held (the model releases the
 * queue or function whatever it reports), so the caller forgets the
 * object and carries on. A failure is logged, rate limited; nothing is
 * retried.
 */
void sfnic_cmd_exec_teardown(struct sfnic_model *m, struct sfnic_cmd *cmd,
			     struct device *dev)
{
	int err = sfnic_cmd_exec(m, cmd);

	if (err)
		dev_warn_ratelimited(dev, "%s failed on vport 0x%x (%d); torn down all the same\n",
				     sfnic_model_cmd_name(cmd->op), cmd->vport,
				     err);
}

/**
 * sfnic_core_init() - bring up the core under a management layer
 * @ops: the management layer's callbacks; they stay registered until
 *	sfnic_core_exit()
 *
 * Return: 0 or a negative errno.
 */
int sfnic_core_init(const struct sfnic_mgmt_ops *ops)
{
	int err;

	sfnic_mgmt = ops;
	err = sfnic_sf_driver_register();
	if (err)
		return err;
	err = sfnic_bus_init();
	if (err)
		goto err_sf_driver;
	return 0;

err_sf_driver:
	sfnic_sf_driver_unregister();
	return err;
}

/**
 * sfnic_core_exit() - remove every device and shut the core down
 */
void sfnic_core_exit(void)
{
	sfnic_bus_exit();
	sfnic_sf_driver_unregister();
	sfnic_mgmt = NULL;
}
