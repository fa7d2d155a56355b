// SPDX-License-Identifier: GPL-2.0
/*
 * sfnic firmware: query the running and stored versions, as mlx5's fw.c
 * does. The devlink layer drives it from "devlink dev info".
 */

#include "sfnic.h"

/**
 * sfnic_fw_query() - the device's firmware identity, versions included
 * @sdev: the NIC
 * @fw: filled in
 *
 * Asks the device each time, as mlx5 does for "devlink dev info": the
 * stored version changes with each flash. Any context that may sleep.
 *
 * Return: 0 or a negative errno.
 */
int sfnic_fw_query(struct sfnic_dev *sdev, struct sfnic_fw_info *fw)
{
	struct sfnic_cmd cmd = { .op = SFNIC_CMD_QUERY_FW };
	int err;

	err = sfnic_cmd_exec(sdev->model, &cmd);
	if (err)
		return err;
	*fw = cmd.out.fw;
	return 0;
}
