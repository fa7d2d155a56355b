/* SPDX-License-Identifier: GPL-2.0 */
/*
 * sfnic devlink layer: private header. The layer owns the devlink
 * instances (sfnic/sfnic<id> of each NIC, mdevc/<uuid> of each bound SF),
 * their ports and ops, and turns devlink requests into core calls.
 */

#ifndef _SFNIC_DEVLINK_H
#define _SFNIC_DEVLINK_H

#include <net/devlink.h>

#include "sfnic.h"

/* An SF's instance reloads its driver only, as mlx5's SF instances; the
 * NIC's also activates the stored firmware (without limit: mlx5's
 * no_reset live patch has no counterpart in the model).
 */
#define SFNIC_DL_RELOAD_ACTIONS	BIT(DEVLINK_RELOAD_ACTION_DRIVER_REINIT)
#define SFNIC_DL_PF_RELOAD_ACTIONS	(SFNIC_DL_RELOAD_ACTIONS | \
					 BIT(DEVLINK_RELOAD_ACTION_FW_ACTIVATE))

/* The NIC instance's resources ("devlink resource show"). */
enum sfnic_dl_resource_id {
	SFNIC_DL_RES_FUNCTIONS = 1,
};

/* A function's health reporters, by &enum sfnic_health_kind: fw and
 * fw_fatal on the instance, tx and rx on an SF instance's port (NULL on
 * the NIC's). Made before the instance is published, destroyed after it
 * was unpublished.
 */
struct sfnic_dl_health {
	struct devlink_health_reporter *r[SFNIC_HEALTH_RX + 1];
};

/* devlink_priv() of a NIC's instance. */
struct sfnic_dl {
	struct sfnic_dev *sdev;
	struct devlink_port uplink;
	struct sfnic_dl_health health;
};

/* devlink_priv() of an SF's own instance. @sdev comes first, as in
 * &struct sfnic_dl: what both kinds of instance share (their params)
 * finds the NIC with sfnic_dl_sdev().
 */
struct sfnic_dl_sf {
	struct sfnic_dev *sdev;
	struct sfnic_sf_dev *sfd;
	struct devlink_port port;
	struct sfnic_dl_health health;
};

static_assert(offsetof(struct sfnic_dl, sdev) ==
	      offsetof(struct sfnic_dl_sf, sdev));

/* The NIC of an instance, the NIC's own or one of its SFs'. */
static inline struct sfnic_dev *sfnic_dl_sdev(struct devlink *devlink)
{
	struct sfnic_dl *dl = devlink_priv(devlink);

	return dl->sdev;
}

void sfnic_dl_switch_id(struct sfnic_dev *sdev, struct devlink_port *port);
int sfnic_dl_info_put(struct devlink_info_req *req, struct sfnic_dev *sdev);

/* dev.c */
int sfnic_dl_probe(struct sfnic_dev *sdev);
void sfnic_dl_cfg(struct sfnic_dev *sdev, struct sfnic_fn_cfg *cfg);
void sfnic_dl_publish(struct sfnic_dev *sdev);
void sfnic_dl_unpublish(struct sfnic_dev *sdev);
void sfnic_dl_remove(struct sfnic_dev *sdev);

/* port.c: SF ports and port functions */
int sfnic_dl_sf_port_add(struct sfnic_dev *sdev, struct sfnic_sf *sf);
void sfnic_dl_sf_port_del(struct sfnic_dev *sdev, struct sfnic_sf *sf);
int sfnic_dl_port_new(struct devlink *devlink,
		      const struct devlink_port_new_attrs *attrs,
		      struct netlink_ext_ack *extack,
		      unsigned int *new_port_index);
int sfnic_dl_port_del(struct devlink *devlink, unsigned int port_index,
		      struct netlink_ext_ack *extack);
int sfnic_dl_port_fn_hw_addr_get(struct devlink_port *port, u8 *hw_addr,
				 int *hw_addr_len,
				 struct netlink_ext_ack *extack);
int sfnic_dl_port_fn_hw_addr_set(struct devlink_port *port,
				 const u8 *hw_addr, int hw_addr_len,
				 struct netlink_ext_ack *extack);
int sfnic_dl_port_fn_state_get(struct devlink_port *port,
			       enum devlink_port_fn_state *state,
			       enum devlink_port_fn_opstate *opstate,
			       struct netlink_ext_ack *extack);
int sfnic_dl_port_fn_state_set(struct devlink_port *port,
			       enum devlink_port_fn_state state,
			       struct netlink_ext_ack *extack);

/* params.c */
int sfnic_dl_params_register(struct devlink *devlink,
			     const struct sfnic_caps *caps);
void sfnic_dl_params_unregister(struct devlink *devlink);

/* sf.c: the SFs' own instances */
void sfnic_dl_fn_cfg(struct devlink *devlink, struct sfnic_fn_cfg *cfg);
int sfnic_dl_fn_cfg_check(struct devlink *devlink,
			  struct netlink_ext_ack *extack);
int sfnic_dl_sf_probe(struct sfnic_sf_dev *sfd);
void sfnic_dl_sf_cfg(struct sfnic_sf_dev *sfd, struct sfnic_fn_cfg *cfg);
void sfnic_dl_sf_publish(struct sfnic_sf_dev *sfd);
void sfnic_dl_sf_unpublish(struct sfnic_sf_dev *sfd);
void sfnic_dl_sf_remove(struct sfnic_sf_dev *sfd);

/* health.c */
int sfnic_dl_health_create(struct devlink *devlink, struct devlink_port *port,
			   struct sfnic_health *h, struct sfnic_dl_health *dh);
void sfnic_dl_health_destroy(struct sfnic_dl_health *dh);
int sfnic_dl_health_report(struct sfnic_health *h,
			   enum sfnic_health_kind kind, const char *msg,
			   void *ctx);

#endif /* _SFNIC_DEVLINK_H */
