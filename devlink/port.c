// SPDX-License-Identifier: GPL-2.0
/*
 * sfnic devlink: SF ports (flavour pcisf) and their port functions,
 * with mlx5's checks, messages and state mapping (mlx5 sf/devlink.c).
 * devlink runs these ops with the instance lock held.
 */

#include <linux/slab.h>

#include "devlink.h"

/* Instance lock held. */
int sfnic_dl_sf_port_add(struct sfnic_dev *sdev, struct sfnic_sf *sf)
{
	struct devlink_port *port;
	int err;

	port = kzalloc(sizeof(*port), GFP_KERNEL);
	if (!port)
		return -ENOMEM;
	sfnic_dl_switch_id(sdev, port);
	devlink_port_attrs_pci_sf_set(port, sf->controller, SFNIC_PFNUM,
				      sf->sfnum, false);
	err = devl_port_register(sdev->devlink, port, sf->port_index);
	if (err) {
		kfree(port);
		return err;
	}
	sf->dl_port = port;
	return 0;
}

/* Instance lock held. */
void sfnic_dl_sf_port_del(struct sfnic_dev *sdev, struct sfnic_sf *sf)
{
	devl_port_unregister(sf->dl_port);
	kfree(sf->dl_port);
	sf->dl_port = NULL;
}

static int
sfnic_dl_new_check_attr(const struct devlink_port_new_attrs *new_attr,
			struct netlink_ext_ack *extack)
{
	if (new_attr->flavour != DEVLINK_PORT_FLAVOUR_PCI_SF) {
		NL_SET_ERR_MSG_MOD(extack,
				   "Driver supports only SF port addition");
		return -EOPNOTSUPP;
	}
	if (new_attr->port_index_valid) {
		NL_SET_ERR_MSG_MOD(extack,
				   "Driver does not support user defined port index assignment");
		return -EOPNOTSUPP;
	}
	if (!new_attr->sfnum_valid) {
		NL_SET_ERR_MSG_MOD(extack,
				   "User must provide unique sfnum. Driver does not support auto assignment");
		return -EOPNOTSUPP;
	}
	if (new_attr->controller_valid && new_attr->controller) {
		NL_SET_ERR_MSG_MOD(extack,
				   "External controller is unsupported");
		return -EOPNOTSUPP;
	}
	if (new_attr->pfnum != SFNIC_PFNUM) {
		NL_SET_ERR_MSG_MOD(extack, "Invalid pfnum supplied");
		return -EOPNOTSUPP;
	}
	return 0;
}

int sfnic_dl_port_new(struct devlink *devlink,
		      const struct devlink_port_new_attrs *new_attr,
		      struct netlink_ext_ack *extack,
		      unsigned int *new_port_index)
{
	struct sfnic_sf_add_attrs a = {
		.sfnum = new_attr->sfnum,
		.sfnum_valid = true,
	};
	struct sfnic_sf *sf;
	int err;

	err = sfnic_dl_new_check_attr(new_attr, extack);
	if (err)
		return err;
	err = sfnic_sf_add(sfnic_dl_sdev(devlink), &a, extack, &sf);
	if (err)
		return err;
	*new_port_index = sf->port_index;
	return 0;
}

int sfnic_dl_port_del(struct devlink *devlink, unsigned int port_index,
		      struct netlink_ext_ack *extack)
{
	return sfnic_sf_del(sfnic_dl_sdev(devlink), port_index, extack);
}

int sfnic_dl_port_fn_hw_addr_get(struct devlink_port *port, u8 *hw_addr,
				 int *hw_addr_len,
				 struct netlink_ext_ack *extack)
{
	int err;

	err = sfnic_sf_hw_addr_get(sfnic_dl_sdev(port->devlink), port->index,
				   hw_addr);
	if (!err)
		*hw_addr_len = ETH_ALEN;
	return err;
}

int sfnic_dl_port_fn_hw_addr_set(struct devlink_port *port,
				 const u8 *hw_addr, int hw_addr_len,
				 struct netlink_ext_ack *extack)
{
	if (hw_addr_len != ETH_ALEN) {
		NL_SET_ERR_MSG_MOD(extack, "Invalid hw address len");
		return -EINVAL;
	}
	return sfnic_sf_hw_addr_set(sfnic_dl_sdev(port->devlink), port->index,
				    hw_addr, extack);
}

/* mlx5_sf_to_devlink_state() and mlx5_sf_to_devlink_opstate() */
static enum devlink_port_fn_state sfnic_dl_state(u8 hw_state)
{
	switch (hw_state) {
	case SFNIC_VPORT_ACTIVE:
	case SFNIC_VPORT_IN_USE:
		return DEVLINK_PORT_FN_STATE_ACTIVE;
	default:
		return DEVLINK_PORT_FN_STATE_INACTIVE;
	}
}

static enum devlink_port_fn_opstate sfnic_dl_opstate(u8 hw_state)
{
	switch (hw_state) {
	case SFNIC_VPORT_IN_USE:
	case SFNIC_VPORT_TEARDOWN_REQUEST:
		return DEVLINK_PORT_FN_OPSTATE_ATTACHED;
	default:
		return DEVLINK_PORT_FN_OPSTATE_DETACHED;
	}
}

int sfnic_dl_port_fn_state_get(struct devlink_port *port,
			       enum devlink_port_fn_state *state,
			       enum devlink_port_fn_opstate *opstate,
			       struct netlink_ext_ack *extack)
{
	u8 hw_state;
	int err;

	err = sfnic_sf_state_get(sfnic_dl_sdev(port->devlink), port->index,
				 &hw_state);
	if (err)
		return err;
	*state = sfnic_dl_state(hw_state);
	*opstate = sfnic_dl_opstate(hw_state);
	return 0;
}

int sfnic_dl_port_fn_state_set(struct devlink_port *port,
			       enum devlink_port_fn_state state,
			       struct netlink_ext_ack *extack)
{
	struct sfnic_dev *sdev = sfnic_dl_sdev(port->devlink);

	if (sfnic_esw_mode_get(sdev) != SFNIC_ESW_SWITCHDEV) {
		NL_SET_ERR_MSG_MOD(extack,
				   "Port state set is only supported in eswitch switchdev mode or SF ports are disabled.");
		return -EOPNOTSUPP;
	}
	if (state != DEVLINK_PORT_FN_STATE_ACTIVE &&
	    state != DEVLINK_PORT_FN_STATE_INACTIVE)
		return -EINVAL;
	return sfnic_sf_activate(sdev, port->index,
				 state == DEVLINK_PORT_FN_STATE_ACTIVE, extack);
}
