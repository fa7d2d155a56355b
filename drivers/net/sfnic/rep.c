// SPDX-License-Identifier: GPL-2.0
/*
 * sfnic representors: in switchdev mode each SF has a representor netdev
 * on the eswitch manager, wired by the model's eswitch to the SF's
 * function: what the SF sends arrives on its representor, what is sent on
 * the representor arrives at the SF. Its devlink port (flavour pcisf)
 * gives it phys_port_name pf0sf<sfnum> and the eswitch's phys_switch_id;
 * its name is sfnic<nic>pf0sf<sfnum> (sfnic_nd_set_name()).
 * The uplink representor is the PF netdev (see eswitch.c).
 */

#include <linux/etherdevice.h>

#include "sfnic.h"

/* Instance lock held. */
int sfnic_rep_load(struct sfnic_dev *sdev, struct sfnic_sf *sf)
{
	struct sfnic_netdev *nd;
	int err;

	nd = sfnic_nd_create(sdev->dev, sdev->model, &sdev->caps, &sdev->fw,
			     SFNIC_ND_REP, sf->vport, SFNIC_MQ_REP, 1);
	if (IS_ERR(nd))
		return PTR_ERR(nd);
	eth_hw_addr_random(nd->netdev);
	sfnic_nd_set_name(nd, sdev->id, sf->sfnum);
	err = sfnic_nd_register(nd, sf->dl_port);
	if (err) {
		sfnic_nd_free(nd);
		return err;
	}
	sf->rep = nd;
	return 0;
}

/* Instance lock held. */
void sfnic_rep_unload(struct sfnic_dev *sdev, struct sfnic_sf *sf)
{
	if (!sf->rep)
		return;
	sfnic_nd_unregister(sf->rep);
	sfnic_nd_free(sf->rep);
	sf->rep = NULL;
}
