// SPDX-License-Identifier: GPL-2.0
/*
 * sfnic devlink: the NIC's instance sfnic/sfnic<id>, its uplink port
 * (flavour physical, index 65535) and its ops: info, flash, eswitch mode,
 * SF port add/del and port functions, params and reload (driver_reinit,
 * fw_activate).
 */

#include "devlink.h"

void sfnic_dl_switch_id(struct sfnic_dev *sdev, struct devlink_port *port)
{
	u64 id = sdev->fw.sys_guid;

	port->attrs.switch_id.id_len = sizeof(id);
	memcpy(port->attrs.switch_id.id, &id, sizeof(id));
}

int sfnic_dl_info_put(struct devlink_info_req *req, struct sfnic_dev *sdev)
{
	const char *board_rev = DEVLINK_INFO_VERSION_GENERIC_BOARD_REV;
	const char *board_id = DEVLINK_INFO_VERSION_GENERIC_BOARD_ID;
	const char *gen_fw = DEVLINK_INFO_VERSION_GENERIC_FW;
	struct sfnic_fw_info fw;
	int err;

	err = sfnic_fw_query(sdev, &fw);
	if (err)
		return err;
	err = devlink_info_driver_name_put(req, SFNIC_DRV_NAME);
	if (err)
		return err;
	err = devlink_info_serial_number_put(req, fw.serial);
	if (err)
		return err;
	err = devlink_info_version_fixed_put(req, board_id, fw.board_id);
	if (err)
		return err;
	err = devlink_info_version_fixed_put(req, board_rev, fw.board_rev);
	if (err)
		return err;
	err = devlink_info_version_fixed_put(req, "fw.psid", fw.psid);
	if (err)
		return err;
	/* Like mlx5: "fw.version", and the generic "fw" with the same; the
	 * stored one is what a fw_activate reload would run.
	 */
	err = devlink_info_version_running_put(req, "fw.version",
					       fw.fw_version);
	if (err)
		return err;
	err = devlink_info_version_running_put(req, gen_fw, fw.fw_version);
	if (err)
		return err;
	err = devlink_info_version_stored_put(req, "fw.version",
					      fw.stored_version);
	if (err)
		return err;
	return devlink_info_version_stored_put(req, gen_fw, fw.stored_version);
}

static int sfnic_dl_info_get(struct devlink *devlink,
			     struct devlink_info_req *req,
			     struct netlink_ext_ack *extack)
{
	return sfnic_dl_info_put(req, sfnic_dl_sdev(devlink));
}

/* Instance lock held (by devlink's netlink command and by ethtool's
 * compat path, whose extack is NULL). The core fetched the image with
 * request_firmware() and releases it.
 */
static int sfnic_dl_flash_update(struct devlink *devlink,
				 struct devlink_flash_update_params *params,
				 struct netlink_ext_ack *extack)
{
	return sfnic_fw_flash(sfnic_dl_sdev(devlink), params->fw->data,
			      params->fw->size, extack);
}

static int sfnic_dl_eswitch_mode_get(struct devlink *devlink, u16 *mode)
{
	struct sfnic_dev *sdev = sfnic_dl_sdev(devlink);

	*mode = sfnic_esw_mode_get(sdev) == SFNIC_ESW_SWITCHDEV ?
		DEVLINK_ESWITCH_MODE_SWITCHDEV : DEVLINK_ESWITCH_MODE_LEGACY;
	return 0;
}

static int sfnic_dl_eswitch_mode_set(struct devlink *devlink, u16 mode,
				     struct netlink_ext_ack *extack)
{
	struct sfnic_dev *sdev = sfnic_dl_sdev(devlink);

	switch (mode) {
	case DEVLINK_ESWITCH_MODE_LEGACY:
		return sfnic_esw_mode_set(sdev, SFNIC_ESW_LEGACY, extack);
	case DEVLINK_ESWITCH_MODE_SWITCHDEV:
		return sfnic_esw_mode_set(sdev, SFNIC_ESW_SWITCHDEV, extack);
	default:
		NL_SET_ERR_MSG_MOD(extack, "Unsupported eswitch mode");
		return -EINVAL;
	}
}

/* The resource "functions": how many SF slots the NIC offers (SFs,
 * virtio-net and vfio functions alike), up to what the device has. A
 * size set with "devlink resource set" takes effect at the next reload,
 * as netdevsim's and mlxsw's resources do; its occupancy is the functions
 * that hold a slot, those waiting for their deferred free included.
 */
static u64 sfnic_dl_functions_occ_get(void *priv)
{
	struct sfnic_dev *sdev = priv;

	return READ_ONCE(sdev->sf_count);
}

static int sfnic_dl_resources_register(struct sfnic_dev *sdev)
{
	struct devlink_resource_size_params params;
	struct devlink *devlink = sdev->devlink;
	int err;

	devlink_resource_size_params_init(&params, 0, sdev->caps.max_sfs, 1,
					  DEVLINK_RESOURCE_UNIT_ENTRY);
	err = devl_resource_register(devlink, "functions", sdev->caps.max_sfs,
				     SFNIC_DL_RES_FUNCTIONS,
				     DEVLINK_RESOURCE_ID_PARENT_TOP, &params);
	if (err)
		return err;
	devl_resource_occ_get_register(devlink, SFNIC_DL_RES_FUNCTIONS,
				       sfnic_dl_functions_occ_get, sdev);
	return 0;
}

/* Instance lock held: the size the resource has now becomes the table's. */
static void sfnic_dl_resources_apply(struct sfnic_dev *sdev)
{
	u64 size;

	if (!devl_resource_size_get(sdev->devlink, SFNIC_DL_RES_FUNCTIONS,
				    &size))
		sfnic_sf_table_set_max(sdev, size);
}

/* Instance lock held. mlx5_devlink_reload_down(): refused while SFs have
 * their devices; otherwise the eswitch ends in legacy mode, its SF ports
 * gone. The same for both actions: fw_activate reloads the driver too.
 */
static int sfnic_dl_reload_down(struct devlink *devlink, bool netns_change,
				enum devlink_reload_action action,
				enum devlink_reload_limit limit,
				struct netlink_ext_ack *extack)
{
	int err;

	/* The PF's representors and SF ports live in the initial
	 * namespace; only an SF's instance moves (its own reload).
	 */
	if (netns_change) {
		NL_SET_ERR_MSG_MOD(extack,
				   "Reload into another network namespace is supported by SF instances only");
		return -EOPNOTSUPP;
	}
	err = sfnic_dl_fn_cfg_check(devlink, extack);
	if (err)
		return err;
	return sfnic_dev_unload(sfnic_dl_sdev(devlink), extack);
}

static int sfnic_dl_reload_up(struct devlink *devlink,
			      enum devlink_reload_action action,
			      enum devlink_reload_limit limit,
			      u32 *actions_performed,
			      struct netlink_ext_ack *extack)
{
	struct sfnic_dev *sdev = sfnic_dl_sdev(devlink);
	struct sfnic_fn_cfg cfg;
	int err = 0, lerr;

	/* As mlx5's: activating the firmware reinitializes the driver. */
	*actions_performed = BIT(DEVLINK_RELOAD_ACTION_DRIVER_REINIT);
	if (action == DEVLINK_RELOAD_ACTION_FW_ACTIVATE) {
		err = sfnic_fw_activate(sdev, extack);
		if (!err)
			*actions_performed |= BIT(action);
	}
	/* Loaded whatever firmware runs: a failed activation leaves the
	 * NIC on its old firmware, working; the reload still fails.
	 */
	sfnic_dl_fn_cfg(devlink, &cfg);
	sfnic_dl_resources_apply(sdev);
	lerr = sfnic_dev_load(sdev, &cfg, err ? NULL : extack);
	return err ?: lerr;
}

static const struct devlink_ops sfnic_dl_ops = {
	.info_get			= sfnic_dl_info_get,
	.flash_update			= sfnic_dl_flash_update,
	.eswitch_mode_get		= sfnic_dl_eswitch_mode_get,
	.eswitch_mode_set		= sfnic_dl_eswitch_mode_set,
	.port_new			= sfnic_dl_port_new,
	.port_del			= sfnic_dl_port_del,
	.port_function_hw_addr_get	= sfnic_dl_port_fn_hw_addr_get,
	.port_function_hw_addr_set	= sfnic_dl_port_fn_hw_addr_set,
	.port_fn_state_get		= sfnic_dl_port_fn_state_get,
	.port_fn_state_set		= sfnic_dl_port_fn_state_set,
	.reload_actions			= SFNIC_DL_PF_RELOAD_ACTIONS,
	.reload_down			= sfnic_dl_reload_down,
	.reload_up			= sfnic_dl_reload_up,
};

int sfnic_dl_probe(struct sfnic_dev *sdev)
{
	struct devlink_port_attrs attrs = {
		.flavour = DEVLINK_PORT_FLAVOUR_PHYSICAL,
		.phys.port_number = SFNIC_PFNUM,
	};
	struct devlink *devlink;
	struct sfnic_dl *dl;
	u32 index;
	int err;

	devlink = devlink_alloc(&sfnic_dl_ops, sizeof(*dl), sdev->dev);
	if (!devlink)
		return -ENOMEM;
	dl = devlink_priv(devlink);
	dl->sdev = sdev;
	sdev->devlink = devlink;
	sdev->mgmt_priv = dl;

	err = sfnic_dl_params_register(devlink, &sdev->caps);
	if (err)
		goto err_free;
	sfnic_dl_switch_id(sdev, &dl->uplink);
	attrs.switch_id = dl->uplink.attrs.switch_id;
	devlink_port_attrs_set(&dl->uplink, &attrs);
	devl_lock(devlink);
	err = sfnic_dl_resources_register(sdev);
	if (!err) {
		index = sfnic_vport_to_port_index(SFNIC_VPORT_UPLINK);
		err = devl_port_register(devlink, &dl->uplink, index);
		if (err)
			devl_resources_unregister(devlink);
	}
	devl_unlock(devlink);
	if (err)
		goto err_params;
	err = sfnic_dl_health_create(devlink, NULL, &sdev->health,
				     &dl->health);
	if (err)
		goto err_port;
	devlink_set_features(devlink, DEVLINK_F_RELOAD);
	sdev->uplink_port = &dl->uplink;
	return 0;

err_port:
	devl_lock(devlink);
	devl_port_unregister(&dl->uplink);
	devl_unlock(devlink);
err_params:
	sfnic_dl_params_unregister(devlink);
err_free:
	devlink_free(devlink);
	sdev->devlink = NULL;
	return err;
}

void sfnic_dl_cfg(struct sfnic_dev *sdev, struct sfnic_fn_cfg *cfg)
{
	sfnic_dl_fn_cfg(sdev->devlink, cfg);
}

void sfnic_dl_publish(struct sfnic_dev *sdev)
{
	devlink_register(sdev->devlink);
}

void sfnic_dl_unpublish(struct sfnic_dev *sdev)
{
	devlink_unregister(sdev->devlink);
}

void sfnic_dl_remove(struct sfnic_dev *sdev)
{
	struct devlink *devlink = sdev->devlink;
	struct sfnic_dl *dl = devlink_priv(devlink);

	sfnic_dl_health_destroy(&dl->health);
	devl_lock(devlink);
	devl_port_unregister(sdev->uplink_port);
	devl_resources_unregister(devlink);
	devl_unlock(devlink);
	sdev->uplink_port = NULL;
	sfnic_dl_params_unregister(devlink);
	devlink_free(devlink);
	sdev->devlink = NULL;
}
