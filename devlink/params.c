// SPDX-License-Identifier: GPL-2.0
/*
 * sfnic devlink params, registered on the NIC's instance and on each SF's
 * as mlx5 does (mlx5 devlink.c), all driverinit: they take effect when
 * the function is next loaded (probe, devlink reload).
 *
 *   enable_eth     the function has a netdev (default true)
 *   enable_rdma    registered for the RDMA driver to come; true needs
 *                  enable_eth, checked at reload (default true)
 *   io_eq_size     its completion (I/O) event queues, 64..4096 (1024)
 *   event_eq_size  its asynchronous event queue, 64..4096 (4096)
 *   max_macs       unicast addresses its netdev programs into the NIC, a
 *                  power of 2 up to the NIC's max_uc_macs (its default)
 *
 * mlx5 refuses an EQ size out of range with a bare -EINVAL; sfnic says
 * why in the extack.
 */

#include <linux/log2.h>

#include "devlink.h"

static int sfnic_dl_eq_size_validate(struct devlink *devlink, u32 id,
				     union devlink_param_value val,
				     struct netlink_ext_ack *extack)
{
	if (val.vu32 >= SFNIC_MODEL_MIN_EQ_SIZE &&
	    val.vu32 <= SFNIC_MODEL_MAX_EQ_SIZE)
		return 0;
	if (id == DEVLINK_PARAM_GENERIC_ID_IO_EQ_SIZE)
		NL_SET_ERR_MSG_MOD(extack,
				   "io_eq_size must be between 64 and 4096");
	else
		NL_SET_ERR_MSG_MOD(extack,
				   "event_eq_size must be between 64 and 4096");
	return -EINVAL;
}

/* mlx5_devlink_max_uc_list_validate(), with its messages */
static int sfnic_dl_max_macs_validate(struct devlink *devlink, u32 id,
				      union devlink_param_value val,
				      struct netlink_ext_ack *extack)
{
	u32 max = sfnic_dl_sdev(devlink)->caps.max_uc_macs;

	if (val.vu32 == 0) {
		NL_SET_ERR_MSG_MOD(extack,
				   "max_macs value must be greater than 0");
		return -EINVAL;
	}
	if (!is_power_of_2(val.vu32)) {
		NL_SET_ERR_MSG_MOD(extack,
				   "Only power of 2 values are supported for max_macs");
		return -EINVAL;
	}
	if (ilog2(val.vu32) > ilog2(max)) {
		NL_SET_ERR_MSG_MOD(extack,
				   "max_macs value is out of the supported range");
		return -EINVAL;
	}
	return 0;
}

static const struct devlink_param sfnic_dl_params[] = {
	DEVLINK_PARAM_GENERIC(ENABLE_ETH, BIT(DEVLINK_PARAM_CMODE_DRIVERINIT),
			      NULL, NULL, NULL),
	DEVLINK_PARAM_GENERIC(ENABLE_RDMA, BIT(DEVLINK_PARAM_CMODE_DRIVERINIT),
			      NULL, NULL, NULL),
	DEVLINK_PARAM_GENERIC(IO_EQ_SIZE, BIT(DEVLINK_PARAM_CMODE_DRIVERINIT),
			      NULL, NULL, sfnic_dl_eq_size_validate),
	DEVLINK_PARAM_GENERIC(EVENT_EQ_SIZE,
			      BIT(DEVLINK_PARAM_CMODE_DRIVERINIT),
			      NULL, NULL, sfnic_dl_eq_size_validate),
	DEVLINK_PARAM_GENERIC(MAX_MACS, BIT(DEVLINK_PARAM_CMODE_DRIVERINIT),
			      NULL, NULL, sfnic_dl_max_macs_validate),
};

static void sfnic_dl_param_init(struct devlink *devlink, u32 id, u32 v)
{
	union devlink_param_value val = { .vu32 = v };

	devlink_param_driverinit_value_set(devlink, id, val);
}

static void sfnic_dl_param_init_bool(struct devlink *devlink, u32 id, bool v)
{
	union devlink_param_value val = { .vbool = v };

	devlink_param_driverinit_value_set(devlink, id, val);
}

/**
 * sfnic_dl_params_register() - the params of an instance, with defaults
 * @devlink: the NIC's or an SF's instance, not yet registered
 * @caps: the NIC's capabilities
 *
 * Return: 0 or a negative errno.
 */
int sfnic_dl_params_register(struct devlink *devlink,
			     const struct sfnic_caps *caps)
{
	int err;

	err = devlink_params_register(devlink, sfnic_dl_params,
				      ARRAY_SIZE(sfnic_dl_params));
	if (err)
		return err;
	sfnic_dl_param_init_bool(devlink, DEVLINK_PARAM_GENERIC_ID_ENABLE_ETH,
				 true);
	sfnic_dl_param_init_bool(devlink, DEVLINK_PARAM_GENERIC_ID_ENABLE_RDMA,
				 true);
	sfnic_dl_param_init(devlink, DEVLINK_PARAM_GENERIC_ID_IO_EQ_SIZE,
			    SFNIC_MODEL_DEF_IO_EQ_SIZE);
	sfnic_dl_param_init(devlink, DEVLINK_PARAM_GENERIC_ID_EVENT_EQ_SIZE,
			    SFNIC_MODEL_DEF_EVENT_EQ_SIZE);
	sfnic_dl_param_init(devlink, DEVLINK_PARAM_GENERIC_ID_MAX_MACS,
			    caps->max_uc_macs);
	return 0;
}

/**
 * sfnic_dl_params_unregister() - undo sfnic_dl_params_register()
 * @devlink: the instance, unregistered
 */
void sfnic_dl_params_unregister(struct devlink *devlink)
{
	devlink_params_unregister(devlink, sfnic_dl_params,
				  ARRAY_SIZE(sfnic_dl_params));
}
