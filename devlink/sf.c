// SPDX-License-Identifier: GPL-2.0
/*
 * sfnic devlink: each bound SF has its own instance, mdevc/<uuid>, with
 * one port (flavour virtual) holding the SF's netdev, as an mlx5 SF has
 * auxiliary/mlx5_core.sf.<n>. Its driverinit params (mlx5's: enable_eth,
 * enable_rdma, io_eq_size, event_eq_size, max_macs) take effect when the
 * SF is loaded: at probe and at each devlink reload (driver_reinit),
 * which may also move the instance and its netdev to another network
 * namespace.
 */

#include "devlink.h"

static int sfnic_dl_sf_info_get(struct devlink *devlink,
				struct devlink_info_req *req,
				struct netlink_ext_ack *extack)
{
	struct sfnic_dl_sf *dl = devlink_priv(devlink);

	return sfnic_dl_info_put(req, dl->sfd->sdev);
}

static bool sfnic_dl_param_bool(struct devlink *devlink, u32 id)
{
	union devlink_param_value val;

	if (devlink_param_driverinit_value_get(devlink, id, &val))
		return true;	/* registered with a value: cannot happen */
	return val.vbool;
}

static u32 sfnic_dl_param_u32(struct devlink *devlink, u32 id, u32 dflt)
{
	union devlink_param_value val;

	if (devlink_param_driverinit_value_get(devlink, id, &val))
		return dflt;
	return val.vu32;
}

/**
 * sfnic_dl_fn_cfg() - a function's setup from its instance's params
 * @devlink: an SF's instance (or, later, the NIC's)
 * @cfg: filled in; the netdev goes to the instance's namespace
 */
void sfnic_dl_fn_cfg(struct devlink *devlink, struct sfnic_fn_cfg *cfg)
{
	u32 eth = DEVLINK_PARAM_GENERIC_ID_ENABLE_ETH;

	cfg->net = devlink_net(devlink);
	cfg->enable_eth = sfnic_dl_param_bool(devlink, eth);
	cfg->enable_rdma = cfg->enable_eth &&
		sfnic_dl_param_bool(devlink,
				    DEVLINK_PARAM_GENERIC_ID_ENABLE_RDMA);
	cfg->io_eq_size =
		sfnic_dl_param_u32(devlink, DEVLINK_PARAM_GENERIC_ID_IO_EQ_SIZE,
				   SFNIC_MODEL_DEF_IO_EQ_SIZE);
	cfg->event_eq_size =
		sfnic_dl_param_u32(devlink,
				   DEVLINK_PARAM_GENERIC_ID_EVENT_EQ_SIZE,
				   SFNIC_MODEL_DEF_EVENT_EQ_SIZE);
	cfg->max_macs =
		sfnic_dl_param_u32(devlink, DEVLINK_PARAM_GENERIC_ID_MAX_MACS,
				   SFNIC_MODEL_MAX_UC_MACS);
}

/**
 * sfnic_dl_fn_cfg_check() - may the instance be loaded with its params
 * @devlink: the instance
 * @extack: why not
 *
 * Return: 0, or -EINVAL for enable_rdma without enable_eth.
 */
int sfnic_dl_fn_cfg_check(struct devlink *devlink,
			  struct netlink_ext_ack *extack)
{
	u32 rdma = DEVLINK_PARAM_GENERIC_ID_ENABLE_RDMA;
	u32 eth = DEVLINK_PARAM_GENERIC_ID_ENABLE_ETH;

	if (sfnic_dl_param_bool(devlink, rdma) &&
	    !sfnic_dl_param_bool(devlink, eth)) {
		NL_SET_ERR_MSG_MOD(extack,
				   "enable_rdma requires enable_eth: set enable_rdma false too to run without a netdev");
		return -EINVAL;
	}
	return 0;
}

/* Called with the instance lock held, by a user's reload or by the core
 * when the instance's namespace goes (no extack then).
 */
static int sfnic_dl_sf_reload_down(struct devlink *devlink, bool netns_change,
				   enum devlink_reload_action action,
				   enum devlink_reload_limit limit,
				   struct netlink_ext_ack *extack)
{
	struct sfnic_dl_sf *dl = devlink_priv(devlink);
	int err;

	/* Refused when asked for; the core's reload out of a dying
	 * namespace cannot be, so it goes on with enable_eth as set.
	 */
	err = sfnic_dl_fn_cfg_check(devlink, extack);
	if (err && extack)
		return err;
	sfnic_sf_drv_unload(dl->sfd);
	return 0;
}

static int sfnic_dl_sf_reload_up(struct devlink *devlink,
				 enum devlink_reload_action action,
				 enum devlink_reload_limit limit,
				 u32 *actions_performed,
				 struct netlink_ext_ack *extack)
{
	struct sfnic_dl_sf *dl = devlink_priv(devlink);
	struct sfnic_fn_cfg cfg;

	*actions_performed = BIT(DEVLINK_RELOAD_ACTION_DRIVER_REINIT);
	sfnic_dl_fn_cfg(devlink, &cfg);
	return sfnic_sf_drv_load(dl->sfd, &cfg, extack);
}

static const struct devlink_ops sfnic_dl_sf_ops = {
	.info_get	= sfnic_dl_sf_info_get,
	.reload_actions	= SFNIC_DL_RELOAD_ACTIONS,
	.reload_down	= sfnic_dl_sf_reload_down,
	.reload_up	= sfnic_dl_sf_reload_up,
};

int sfnic_dl_sf_probe(struct sfnic_sf_dev *sfd)
{
	struct devlink_port_attrs attrs = {
		.flavour = DEVLINK_PORT_FLAVOUR_VIRTUAL,
	};
	struct devlink *devlink;
	struct sfnic_dl_sf *dl;
	int err;

	devlink = devlink_alloc(&sfnic_dl_sf_ops, sizeof(*dl),
				mdevc_dev(sfd->mdev));
	if (!devlink)
		return -ENOMEM;
	dl = devlink_priv(devlink);
	dl->sdev = sfd->sdev;
	dl->sfd = sfd;
	err = sfnic_dl_params_register(devlink, &sfd->sdev->caps);
	if (err)
		goto err_free;
	devlink_port_attrs_set(&dl->port, &attrs);
	devl_lock(devlink);
	err = devl_port_register(devlink, &dl->port, sfd->port_index);
	devl_unlock(devlink);
	if (err)
		goto err_params;
	err = sfnic_dl_health_create(devlink, &dl->port, &sfd->health,
				     &dl->health);
	if (err)
		goto err_port;
	devlink_set_features(devlink, DEVLINK_F_RELOAD);
	sfd->devlink = devlink;
	sfd->dl_port = &dl->port;
	return 0;

err_port:
	devl_lock(devlink);
	devl_port_unregister(&dl->port);
	devl_unlock(devlink);
err_params:
	sfnic_dl_params_unregister(devlink);
err_free:
	devlink_free(devlink);
	return err;
}

void sfnic_dl_sf_cfg(struct sfnic_sf_dev *sfd, struct sfnic_fn_cfg *cfg)
{
	sfnic_dl_fn_cfg(sfd->devlink, cfg);
}

void sfnic_dl_sf_publish(struct sfnic_sf_dev *sfd)
{
	devlink_register(sfd->devlink);
}

void sfnic_dl_sf_unpublish(struct sfnic_sf_dev *sfd)
{
	devlink_unregister(sfd->devlink);
}

void sfnic_dl_sf_remove(struct sfnic_sf_dev *sfd)
{
	struct sfnic_dl_sf *dl = devlink_priv(sfd->devlink);

	sfnic_dl_health_destroy(&dl->health);
	devl_lock(sfd->devlink);
	devl_port_unregister(sfd->dl_port);
	devl_unlock(sfd->devlink);
	sfnic_dl_params_unregister(sfd->devlink);
	devlink_free(sfd->devlink);
	sfd->devlink = NULL;
	sfd->dl_port = NULL;
}
