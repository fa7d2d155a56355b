// SPDX-License-Identifier: GPL-2.0
/*
 * sfnic eswitch modes. Legacy: the model switches by MAC and the PF netdev
 * drives the PF function. Switchdev: the PF netdev becomes the uplink
 * representor (it drives the uplink's representor queues) and SF ports
 * may be added. Leaving switchdev mode deletes every SF, as mlx5 does:
 * their ports and representors go at once, their functions are released
 * asynchronously.
 */

#include <linux/rtnetlink.h>
#include <net/devlink.h>

#include "sfnic.h"

u8 sfnic_esw_mode_get(struct sfnic_dev *sdev)
{
	return READ_ONCE(sdev->esw_mode);
}

static int sfnic_esw_model_mode(struct sfnic_dev *sdev, u8 mode)
{
	struct sfnic_cmd cmd = {
		.op = SFNIC_CMD_ESW_SET_MODE,
		.in.esw_mode.mode = mode,
	};

	return sfnic_cmd_exec(sdev->model, &cmd);
}

static int sfnic_esw_pf_rebind(struct sfnic_dev *sdev, u8 mode)
{
	int err;

	/* No PF netdev (enable_eth false): nothing to move. */
	if (!sdev->pf)
		return 0;
	rtnl_lock();
	if (mode == SFNIC_ESW_SWITCHDEV)
		err = sfnic_nd_rebind(sdev->pf, SFNIC_VPORT_UPLINK,
				      SFNIC_MQ_REP);
	else
		err = sfnic_nd_rebind(sdev->pf, SFNIC_VPORT_PF,
				      SFNIC_MQ_FUNCTION);
	rtnl_unlock();
	/* Its RX filter was not kept up to date in switchdev mode. */
	if (mode == SFNIC_ESW_LEGACY)
		sfnic_rxf_kick(sdev->pf);
	return err;
}

/**
 * sfnic_esw_mode_set() - change the eswitch mode
 * @sdev: the NIC; instance lock held
 * @mode: &enum sfnic_esw_mode
 * @extack: for the user's error message
 *
 * Return: 0 or a negative errno; on error the mode is unchanged.
 */
int sfnic_esw_mode_set(struct sfnic_dev *sdev, u8 mode,
		       struct netlink_ext_ack *extack)
{
	u8 old = sdev->esw_mode;
	int err;

	devl_assert_locked(sdev->devlink);
	if (mode == old)
		return 0;

	err = sfnic_esw_model_mode(sdev, mode);
	if (err) {
		NL_SET_ERR_MSG_MOD(extack,
				   "Device failed to change the eswitch mode");
		return err;
	}
	err = sfnic_esw_pf_rebind(sdev, mode);
	if (err) {
		NL_SET_ERR_MSG_MOD(extack,
				   "Failed to move the PF netdev to the new eswitch mode");
		sfnic_esw_model_mode(sdev, old);
		sfnic_esw_pf_rebind(sdev, old);
		return err;
	}

	/* Every function goes: SFs when leaving switchdev mode, legacy
	 * virtio-net functions (vnet_fn.c) when entering it.
	 */
	sfnic_sf_table_disable(sdev);
	WRITE_ONCE(sdev->esw_mode, mode);
	if (mode == SFNIC_ESW_SWITCHDEV)
		sfnic_sf_table_enable(sdev);
	return 0;
}

/**
 * sfnic_esw_cleanup() - delete every SF on device removal
 * @sdev: the NIC; no lock held
 */
void sfnic_esw_cleanup(struct sfnic_dev *sdev)
{
	devl_lock(sdev->devlink);
	sfnic_sf_table_disable(sdev);
	devl_unlock(sdev->devlink);
}
