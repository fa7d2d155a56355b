// SPDX-License-Identifier: GPL-2.0
/*
 * sfnic devlink: each bound SF has its own instance, mdevc/<uuid>, with
 * one port (flavour virtual) holding the SF's netdev, as an mlx5 SF has
 * auxiliary/mlx5_core.sf.<n>.
 */

#include "devlink.h"

static int sfnic_dl_sf_info_get(struct devlink *devlink,
				struct devlink_info_req *req,
				struct netlink_ext_ack *extack)
{
	struct sfnic_dl_sf *dl = devlink_priv(devlink);

	return sfnic_dl_info_put(req, &dl->sfd->sdev->fw);
}

static const struct devlink_ops sfnic_dl_sf_ops = {
	.info_get	= sfnic_dl_sf_info_get,
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
	dl->sfd = sfd;
	devlink_port_attrs_set(&dl->port, &attrs);
	devl_lock(devlink);
	err = devl_port_register(devlink, &dl->port, sfd->port_index);
	devl_unlock(devlink);
	if (err) {
		devlink_free(devlink);
		return err;
	}
	sfd->devlink = devlink;
	sfd->dl_port = &dl->port;
	return 0;
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
	devl_lock(sfd->devlink);
	devl_port_unregister(sfd->dl_port);
	devl_unlock(sfd->devlink);
	devlink_free(sfd->devlink);
	sfd->devlink = NULL;
	sfd->dl_port = NULL;
}
