// SPDX-License-Identifier: GPL-2.0
/*
 * sfnic devlink health reporters, as mlx5's: "fw" and "fw_fatal" on the
 * NIC's instance and on each SF's, "tx" and "rx" on an SF instance's
 * port. The core (drivers/net/sfnic/health.c) finds the errors and does
 * the recoveries; this file presents them: what each reporter diagnoses
 * and dumps, and its grace period.
 */

#include "devlink.h"

/* mlx5's grace periods between two automatic recoveries, in ms. */
#define SFNIC_DL_FW_FATAL_PF_GRACE	60000
#define SFNIC_DL_FW_FATAL_SF_GRACE	30000
#define SFNIC_DL_QUEUE_GRACE		500

static const char * const sfnic_dl_health_states[] = {
	[SFNIC_HEALTH_OK]	= "healthy",
	[SFNIC_HEALTH_ERROR]	= "error",
	[SFNIC_HEALTH_FATAL]	= "fatal",
};

static const char *sfnic_dl_health_state(u8 state)
{
	if (state >= ARRAY_SIZE(sfnic_dl_health_states))
		return "unknown";
	return sfnic_dl_health_states[state];
}

/* The model's function states (mlx5's VHCA states). */
static const char * const sfnic_dl_vport_states[] = {
	[SFNIC_VPORT_INVALID]		= "invalid",
	[SFNIC_VPORT_ALLOCATED]		= "allocated",
	[SFNIC_VPORT_ACTIVE]		= "active",
	[SFNIC_VPORT_IN_USE]		= "in_use",
	[SFNIC_VPORT_TEARDOWN_REQUEST]	= "teardown_request",
};

static const char *sfnic_dl_vport_state(u8 state)
{
	if (state >= ARRAY_SIZE(sfnic_dl_vport_states))
		return "unknown";
	return sfnic_dl_vport_states[state];
}

/* The function's firmware health, as a "firmware" object. */
static int sfnic_dl_health_fw_put(struct devlink_fmsg *fmsg,
				  struct sfnic_health *h, bool with_vport)
{
	struct sfnic_vport_info vport;
	struct sfnic_health_info info;
	char mac[ETH_ALEN * 3];
	const char *state;
	int err;

	err = sfnic_health_query(h, &info, with_vport ? &vport : NULL);
	if (err)
		return err;
	state = sfnic_dl_health_state(info.state);
	err = devlink_fmsg_pair_nest_start(fmsg, "firmware");
	if (!err)
		err = devlink_fmsg_obj_nest_start(fmsg);
	if (!err)
		err = devlink_fmsg_u32_pair_put(fmsg, "vport", h->vport);
	if (!err)
		err = devlink_fmsg_string_pair_put(fmsg, "state", state);
	if (!err)
		err = devlink_fmsg_u32_pair_put(fmsg, "syndrome",
						info.syndrome);
	if (!err)
		err = devlink_fmsg_u32_pair_put(fmsg, "errors", info.errors);
	if (!err)
		err = devlink_fmsg_u32_pair_put(fmsg, "resets", info.resets);
	if (!err && with_vport) {
		const char *vstate = sfnic_dl_vport_state(vport.state);

		snprintf(mac, sizeof(mac), "%pM", vport.mac);
		err = devlink_fmsg_string_pair_put(fmsg, "version",
						   h->sdev->fw.fw_version);
		if (!err)
			err = devlink_fmsg_string_pair_put(fmsg, "vport state",
							   vstate);
		if (!err)
			err = devlink_fmsg_string_pair_put(fmsg, "mac", mac);
		if (!err)
			err = devlink_fmsg_u32_pair_put(fmsg, "mtu", vport.mtu);
	}
	if (!err)
		err = devlink_fmsg_obj_nest_end(fmsg);
	if (!err)
		err = devlink_fmsg_pair_nest_end(fmsg);
	return err;
}

static int sfnic_dl_fw_diagnose(struct devlink_health_reporter *reporter,
				struct devlink_fmsg *fmsg,
				struct netlink_ext_ack *extack)
{
	return sfnic_dl_health_fw_put(fmsg,
				      devlink_health_reporter_priv(reporter),
				      false);
}

static int sfnic_dl_fw_dump(struct devlink_health_reporter *reporter,
			    struct devlink_fmsg *fmsg, void *priv_ctx,
			    struct netlink_ext_ack *extack)
{
	return sfnic_dl_health_fw_put(fmsg,
				      devlink_health_reporter_priv(reporter),
				      true);
}

static int sfnic_dl_fw_fatal_recover(struct devlink_health_reporter *reporter,
				     void *priv_ctx,
				     struct netlink_ext_ack *extack)
{
	int err;

	err = sfnic_health_recover(devlink_health_reporter_priv(reporter),
				   SFNIC_HEALTH_FW_FATAL, priv_ctx);
	if (err)
		NL_SET_ERR_MSG_MOD(extack, "Failed to reset the function");
	return err;
}

/* One queue pair, for diagnose (@dump false) or dump. */
static int sfnic_dl_health_q_put(struct devlink_fmsg *fmsg,
				 enum sfnic_health_kind kind,
				 const struct sfnic_health_q *q,
				 const struct sfnic_health_qerr *qerr,
				 bool dump)
{
	const struct sfnic_mq_info *info = &q->info;
	bool tx = kind == SFNIC_HEALTH_TX;
	const char *rq_state;
	int err;

	rq_state = info->rq_state == SFNIC_MQ_ERR ? "ERR" : "RDY";
	err = devlink_fmsg_obj_nest_start(fmsg);
	if (!err)
		err = devlink_fmsg_u32_pair_put(fmsg, "channel", info->index);
	if (!err && tx)
		err = devlink_fmsg_u32_pair_put(fmsg, "pending",
						info->sq_pending);
	if (!err && tx)
		err = devlink_fmsg_bool_pair_put(fmsg, "timed out",
						 q->tx_timedout);
	if (!err && tx)
		err = devlink_fmsg_u32_pair_put(fmsg, "stalled ms",
						q->tx_stalled_ms);
	if (!err && !tx)
		err = devlink_fmsg_string_pair_put(fmsg, "state", rq_state);
	if (!err && !tx)
		err = devlink_fmsg_u32_pair_put(fmsg, "syndrome",
						info->rq_syndrome);
	if (!err && dump) {
		err = devlink_fmsg_u32_pair_put(fmsg, "side", info->side);
		if (!err)
			err = devlink_fmsg_u32_pair_put(fmsg, "rq depth",
							info->rq_depth);
		if (!err)
			err = devlink_fmsg_u32_pair_put(fmsg, "resets",
							info->sq_resets);
		if (!err && qerr)
			err = devlink_fmsg_bool_pair_put(fmsg, "reported",
							 qerr->queues &
							 BIT(info->index));
	}
	if (!err)
		err = devlink_fmsg_obj_nest_end(fmsg);
	return err;
}

static int sfnic_dl_health_queues_put(struct devlink_health_reporter *reporter,
				      struct devlink_fmsg *fmsg,
				      enum sfnic_health_kind kind,
				      const struct sfnic_health_qerr *qerr,
				      bool dump)
{
	struct sfnic_health *h = devlink_health_reporter_priv(reporter);
	struct sfnic_health_q *q;
	unsigned int i, n;
	int err;

	q = kcalloc(SFNIC_MODEL_MAX_QUEUES, sizeof(*q), GFP_KERNEL);
	if (!q)
		return -ENOMEM;
	err = sfnic_health_queues(h, q, &n);
	if (!err)
		err = devlink_fmsg_arr_pair_nest_start(fmsg,
						       kind == SFNIC_HEALTH_TX ?
						       "SQs" : "RQs");
	for (i = 0; !err && i < n; i++)
		err = sfnic_dl_health_q_put(fmsg, kind, &q[i], qerr, dump);
	if (!err)
		err = devlink_fmsg_arr_pair_nest_end(fmsg);
	kfree(q);
	return err;
}

static int sfnic_dl_tx_diagnose(struct devlink_health_reporter *reporter,
				struct devlink_fmsg *fmsg,
				struct netlink_ext_ack *extack)
{
	return sfnic_dl_health_queues_put(reporter, fmsg, SFNIC_HEALTH_TX,
					  NULL, false);
}

static int sfnic_dl_tx_dump(struct devlink_health_reporter *reporter,
			    struct devlink_fmsg *fmsg, void *priv_ctx,
			    struct netlink_ext_ack *extack)
{
	return sfnic_dl_health_queues_put(reporter, fmsg, SFNIC_HEALTH_TX,
					  priv_ctx, true);
}

static int sfnic_dl_tx_recover(struct devlink_health_reporter *reporter,
			       void *priv_ctx, struct netlink_ext_ack *extack)
{
	int err;

	err = sfnic_health_recover(devlink_health_reporter_priv(reporter),
				   SFNIC_HEALTH_TX, priv_ctx);
	if (err)
		NL_SET_ERR_MSG_MOD(extack, "Failed to reset the send queues");
	return err;
}

static int sfnic_dl_rx_diagnose(struct devlink_health_reporter *reporter,
				struct devlink_fmsg *fmsg,
				struct netlink_ext_ack *extack)
{
	return sfnic_dl_health_queues_put(reporter, fmsg, SFNIC_HEALTH_RX,
					  NULL, false);
}

static int sfnic_dl_rx_dump(struct devlink_health_reporter *reporter,
			    struct devlink_fmsg *fmsg, void *priv_ctx,
			    struct netlink_ext_ack *extack)
{
	return sfnic_dl_health_queues_put(reporter, fmsg, SFNIC_HEALTH_RX,
					  priv_ctx, true);
}

static int sfnic_dl_rx_recover(struct devlink_health_reporter *reporter,
			       void *priv_ctx, struct netlink_ext_ack *extack)
{
	int err;

	err = sfnic_health_recover(devlink_health_reporter_priv(reporter),
				   SFNIC_HEALTH_RX, priv_ctx);
	if (err)
		NL_SET_ERR_MSG_MOD(extack, "Failed to reset the RX queues");
	return err;
}

static const struct devlink_health_reporter_ops sfnic_dl_fw_reporter_ops = {
	.name		= "fw",
	.diagnose	= sfnic_dl_fw_diagnose,
	.dump		= sfnic_dl_fw_dump,
};

static const struct devlink_health_reporter_ops sfnic_dl_fatal_reporter_ops = {
	.name		= "fw_fatal",
	.recover	= sfnic_dl_fw_fatal_recover,
	.dump		= sfnic_dl_fw_dump,
};

static const struct devlink_health_reporter_ops sfnic_dl_tx_ops = {
	.name		= "tx",
	.recover	= sfnic_dl_tx_recover,
	.diagnose	= sfnic_dl_tx_diagnose,
	.dump		= sfnic_dl_tx_dump,
};

static const struct devlink_health_reporter_ops sfnic_dl_rx_ops = {
	.name		= "rx",
	.recover	= sfnic_dl_rx_recover,
	.diagnose	= sfnic_dl_rx_diagnose,
	.dump		= sfnic_dl_rx_dump,
};

static struct devlink_health_reporter *
sfnic_dl_port_reporter(struct devlink_port *port,
		       const struct devlink_health_reporter_ops *ops,
		       struct sfnic_health *h)
{
	return devlink_port_health_reporter_create(port, ops,
						   SFNIC_DL_QUEUE_GRACE, h);
}

/**
 * sfnic_dl_health_create() - a function's reporters
 * @devlink: its instance, the NIC's or an SF's
 * @port: the SF instance's port (tx and rx), or NULL for the NIC
 * @h: the function's health, the reporters' priv
 * @dh: where the reporters are kept; @h's mgmt_priv from now on
 *
 * Return: 0 or a negative errno, with none made.
 */
int sfnic_dl_health_create(struct devlink *devlink, struct devlink_port *port,
			   struct sfnic_health *h, struct sfnic_dl_health *dh)
{
	struct devlink_health_reporter **r = dh->r;
	u64 grace = port ? SFNIC_DL_FW_FATAL_SF_GRACE :
			   SFNIC_DL_FW_FATAL_PF_GRACE;
	int i, err = -EINVAL;

	memset(dh, 0, sizeof(*dh));
	r[SFNIC_HEALTH_FW] =
		devlink_health_reporter_create(devlink,
					       &sfnic_dl_fw_reporter_ops, 0, h);
	if (IS_ERR(r[SFNIC_HEALTH_FW]))
		goto err;
	r[SFNIC_HEALTH_FW_FATAL] =
		devlink_health_reporter_create(devlink,
					       &sfnic_dl_fatal_reporter_ops,
					       grace, h);
	if (IS_ERR(r[SFNIC_HEALTH_FW_FATAL]))
		goto err;
	if (port) {
		r[SFNIC_HEALTH_TX] =
			sfnic_dl_port_reporter(port, &sfnic_dl_tx_ops, h);
		if (IS_ERR(r[SFNIC_HEALTH_TX]))
			goto err;
		r[SFNIC_HEALTH_RX] =
			sfnic_dl_port_reporter(port, &sfnic_dl_rx_ops, h);
		if (IS_ERR(r[SFNIC_HEALTH_RX]))
			goto err;
	}
	h->mgmt_priv = dh;
	return 0;

err:
	for (i = 0; i < ARRAY_SIZE(dh->r); i++) {
		if (IS_ERR(r[i])) {
			err = PTR_ERR(r[i]);
			r[i] = NULL;
			break;
		}
	}
	sfnic_dl_health_destroy(dh);
	return err;
}

/**
 * sfnic_dl_health_destroy() - undo sfnic_dl_health_create()
 * @dh: the reporters; those not made are NULL or an ERR_PTR()
 */
void sfnic_dl_health_destroy(struct sfnic_dl_health *dh)
{
	int i;

	for (i = ARRAY_SIZE(dh->r) - 1; i >= 0; i--) {
		if (!IS_ERR_OR_NULL(dh->r[i]))
			devlink_health_reporter_destroy(dh->r[i]);
		dh->r[i] = NULL;
	}
}

/* &sfnic_mgmt_ops.health_report */
int sfnic_dl_health_report(struct sfnic_health *h,
			   enum sfnic_health_kind kind, const char *msg,
			   void *ctx)
{
	struct sfnic_dl_health *dh = h->mgmt_priv;

	if (!dh || kind >= ARRAY_SIZE(dh->r) || !dh->r[kind])
		return -EOPNOTSUPP;
	return devlink_health_report(dh->r[kind], msg, ctx);
}
