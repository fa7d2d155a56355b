// SPDX-License-Identifier: GPL-2.0
/*
 * sfnic device model: creation, identity, command dispatch and the event
 * queue. The model plays the part of a SmartNIC's firmware: the driver
 * reaches it only through sfnic_model_cmd(), the queue doorbells and the
 * events it registers for.
 */

#include <linux/bitmap.h>
#include <linux/debugfs.h>
#include <linux/device.h>
#include <linux/slab.h>

#include "priv.h"

static const char * const sfnic_cmd_names[SFNIC_CMD_MAX] = {
	[SFNIC_CMD_QUERY_CAPS]		= "query_caps",
	[SFNIC_CMD_QUERY_FW]		= "query_fw",
	[SFNIC_CMD_VPORT_CREATE]	= "vport_create",
	[SFNIC_CMD_VPORT_DESTROY]	= "vport_destroy",
	[SFNIC_CMD_VPORT_ENABLE]	= "vport_enable",
	[SFNIC_CMD_VPORT_DISABLE]	= "vport_disable",
	[SFNIC_CMD_VPORT_ATTACH]	= "vport_attach",
	[SFNIC_CMD_VPORT_DETACH]	= "vport_detach",
	[SFNIC_CMD_VPORT_QUERY]		= "vport_query",
	[SFNIC_CMD_VPORT_SET_MAC]	= "vport_set_mac",
	[SFNIC_CMD_VPORT_SET_MTU]	= "vport_set_mtu",
	[SFNIC_CMD_VPORT_SET_LINK]	= "vport_set_link",
	[SFNIC_CMD_ESW_SET_MODE]	= "esw_set_mode",
	[SFNIC_CMD_QUEUE_CREATE]	= "queue_create",
	[SFNIC_CMD_QUEUE_DESTROY]	= "queue_destroy",
	[SFNIC_CMD_VPORT_SET_EQS]	= "vport_set_eqs",
	[SFNIC_CMD_VPORT_SET_RX_FILTER]	= "vport_set_rx_filter",
	[SFNIC_CMD_FW_BEGIN]		= "fw_begin",
	[SFNIC_CMD_FW_WRITE]		= "fw_write",
	[SFNIC_CMD_FW_COMMIT]		= "fw_commit",
	[SFNIC_CMD_FW_ABORT]		= "fw_abort",
	[SFNIC_CMD_FW_ACTIVATE]		= "fw_activate",
	[SFNIC_CMD_HEALTH_QUERY]	= "health_query",
	[SFNIC_CMD_VPORT_RESET]		= "vport_reset",
	[SFNIC_CMD_QUEUE_QUERY]		= "queue_query",
	[SFNIC_CMD_QUEUE_RESET]		= "queue_reset",
};

/**
 * sfnic_model_cmd_name() - the name of a command, as in debugfs and logs
 * @op: an &enum sfnic_cmd_op
 *
 * Return: the name, or "unknown".
 */
const char *sfnic_model_cmd_name(u16 op)
{
	if (op >= SFNIC_CMD_MAX)
		return "unknown";
	return sfnic_cmd_names[op];
}

static int sfnic_status_to_errno(u8 status)
{
	switch (status) {
	case SFNIC_STAT_OK:
		return 0;
	case SFNIC_STAT_BAD_PARAM:
		return -EINVAL;
	case SFNIC_STAT_BAD_STATE:
		return -EBUSY;
	case SFNIC_STAT_NO_RESOURCES:
		return -ENOSPC;
	case SFNIC_STAT_EXISTS:
		return -EEXIST;
	case SFNIC_STAT_NOT_FOUND:
		return -ENOENT;
	default:
		return -EIO;
	}
}

/* Teardown commands take their object from the driver for good: a driver
 * cannot keep a queue or a function attached when the device refuses to
 * let go, so the device reclaims it anyway, as firmware does at a
 * function reset, and only reports the failure.
 */
static bool sfnic_cmd_is_teardown(u16 op)
{
	return op == SFNIC_CMD_QUEUE_DESTROY || op == SFNIC_CMD_VPORT_DETACH ||
	       op == SFNIC_CMD_FW_ABORT;
}

/**
 * sfnic_model_cmd() - execute one command
 * @m: the model
 * @cmd: the command; @cmd->op, @cmd->vport and @cmd->in set by the caller
 *
 * Commands run one at a time and may sleep. On return @cmd->status and
 * @cmd->syndrome tell how it went and @cmd->out holds the output.
 *
 * A failing command changes nothing, except the teardown commands
 * (%SFNIC_CMD_QUEUE_DESTROY, %SFNIC_CMD_VPORT_DETACH, %SFNIC_CMD_FW_ABORT):
 * given a valid object, they always release it, even when they report a
 * failure. Once
 * they returned, the model no longer calls the queue's interrupt handler
 * nor uses the memory the driver gave with the object.
 *
 * Return: 0, or the negative errno matching @cmd->status.
 */
int sfnic_model_cmd(struct sfnic_model *m, struct sfnic_cmd *cmd)
{
	struct sfnic_mq *mq, *tmp;
	LIST_HEAD(dead);
	int injected;

	cmd->status = SFNIC_STAT_OK;
	cmd->syndrome = 0;
	if (cmd->op >= SFNIC_CMD_MAX) {
		cmd->status = SFNIC_STAT_BAD_PARAM;
		return -EINVAL;
	}

	/* May sleep (delay_ms): before the lock, so others go on. */
	injected = sfnic_model_fault_take(m, cmd->op);
	if (injected) {
		dev_dbg(m->dev, "model: %s failed on request (%d)\n",
			sfnic_cmd_names[cmd->op], injected);
		if (!sfnic_cmd_is_teardown(cmd->op)) {
			cmd->status = SFNIC_STAT_INJECTED;
			cmd->syndrome = SFNIC_SYND_INJECTED;
			return injected;
		}
	}

	mutex_lock(&m->lock);
	if (sfnic_mhealth_refused(m, cmd))
		goto out_unlock;
	switch (cmd->op) {
	case SFNIC_CMD_QUERY_CAPS:
		cmd->out.caps = m->caps;
		break;
	case SFNIC_CMD_QUERY_FW:
		cmd->out.fw = m->fw;
		break;
	case SFNIC_CMD_ESW_SET_MODE:
		cmd->status = sfnic_mcmd_esw_mode(m, cmd);
		break;
	case SFNIC_CMD_QUEUE_CREATE:
	case SFNIC_CMD_QUEUE_DESTROY:
		cmd->status = sfnic_mcmd_queue(m, cmd, &dead);
		break;
	case SFNIC_CMD_FW_BEGIN:
	case SFNIC_CMD_FW_WRITE:
	case SFNIC_CMD_FW_COMMIT:
	case SFNIC_CMD_FW_ABORT:
	case SFNIC_CMD_FW_ACTIVATE:
		cmd->status = sfnic_mcmd_fw(m, cmd);
		break;
	case SFNIC_CMD_HEALTH_QUERY:
	case SFNIC_CMD_VPORT_RESET:
	case SFNIC_CMD_QUEUE_QUERY:
	case SFNIC_CMD_QUEUE_RESET:
		cmd->status = sfnic_mcmd_health(m, cmd);
		break;
	default:
		cmd->status = sfnic_mcmd_vport(m, cmd);
		break;
	}
out_unlock:
	mutex_unlock(&m->lock);

	if (!list_empty(&dead)) {
		/* No datapath user may still see a queue once it is freed:
		 * one grace period for all the queues of the command.
		 */
		synchronize_net();
		list_for_each_entry_safe(mq, tmp, &dead, dead)
			sfnic_mq_free(mq);
	}

	if (cmd->status != SFNIC_STAT_OK) {
		dev_dbg(m->dev, "model: %s vport 0x%x: status %u syndrome 0x%x\n",
			sfnic_cmd_names[cmd->op], cmd->vport, cmd->status,
			cmd->syndrome);
	} else if (injected) {
		/* Carried out, reported failed. */
		cmd->status = SFNIC_STAT_INJECTED;
		cmd->syndrome = SFNIC_SYND_INJECTED;
		return injected;
	}
	return sfnic_status_to_errno(cmd->status);
}

/* Model lock held, or any context: events are delivered from eq_wq.
 * Never allocates, so never loses an event: it fills the entry of the
 * event's vport and type, replacing one not yet delivered; an entry not
 * yet pending joins the tail of the FIFO.
 */
void sfnic_model_post_event(struct sfnic_model *m,
			    const struct sfnic_event *ev)
{
	int slot = sfnic_mslot(ev->vport);
	unsigned long flags;
	unsigned int i;

	if (WARN_ON_ONCE(slot < 0 || ev->type >= SFNIC_EV_MAX))
		return;
	i = slot * SFNIC_EV_MAX + ev->type;
	spin_lock_irqsave(&m->eq_lock, flags);
	m->eq_ev[i] = *ev;
	if (!__test_and_set_bit(i, m->eq_pending)) {
		m->eq_fifo[(m->eq_head + m->eq_len) % SFNIC_EQ_ENTRIES] = i;
		m->eq_len++;
	}
	spin_unlock_irqrestore(&m->eq_lock, flags);
	queue_work(m->eq_wq, &m->eq_work);
}

/* Takes the oldest pending event. eq_lock held. */
static bool sfnic_model_eq_take(struct sfnic_model *m, struct sfnic_event *ev)
{
	unsigned int i;

	if (!m->eq_len)
		return false;
	i = m->eq_fifo[m->eq_head];
	m->eq_head = (m->eq_head + 1) % SFNIC_EQ_ENTRIES;
	m->eq_len--;
	__clear_bit(i, m->eq_pending);
	*ev = m->eq_ev[i];
	return true;
}

static void sfnic_model_eq_work(struct work_struct *work)
{
	struct sfnic_model *m = container_of(work, struct sfnic_model,
					     eq_work);
	struct sfnic_event ev;
	unsigned long flags;
	bool more;

	for (;;) {
		spin_lock_irqsave(&m->eq_lock, flags);
		more = sfnic_model_eq_take(m, &ev);
		spin_unlock_irqrestore(&m->eq_lock, flags);
		if (!more)
			return;
		blocking_notifier_call_chain(&m->nh, ev.type, &ev);
	}
}

/**
 * sfnic_model_events_register() - receive the model's events
 * @m: the model
 * @nb: notifier; its callback gets the event type as action and a
 *	&struct sfnic_event as data, in process context on the model's
 *	ordered event workqueue, one event at a time
 *
 * Return: 0 or a negative errno.
 */
int sfnic_model_events_register(struct sfnic_model *m,
				struct notifier_block *nb)
{
	return blocking_notifier_chain_register(&m->nh, nb);
}

/**
 * sfnic_model_events_unregister() - stop receiving events
 * @m: the model
 * @nb: a notifier registered with sfnic_model_events_register()
 */
void sfnic_model_events_unregister(struct sfnic_model *m,
				   struct notifier_block *nb)
{
	blocking_notifier_chain_unregister(&m->nh, nb);
}

/**
 * sfnic_model_events_flush() - wait until the events posted so far ran
 * @m: the model
 *
 * Must not be called from an event callback.
 */
void sfnic_model_events_flush(struct sfnic_model *m)
{
	flush_workqueue(m->eq_wq);
}

static void sfnic_model_identity_init(struct sfnic_model *m)
{
	m->caps = (struct sfnic_caps) {
		.max_sfs = SFNIC_MODEL_MAX_SFS,
		.max_queues = SFNIC_MODEL_MAX_QUEUES,
		.min_mtu = SFNIC_MODEL_MIN_MTU,
		.max_mtu = SFNIC_MODEL_MAX_MTU,
		.rq_depth = 1024,
		.max_uc_macs = SFNIC_MODEL_MAX_UC_MACS,
		.min_rq_depth = 64,
		.max_rq_depth = 8192,
		.port_speed = SFNIC_MODEL_PORT_SPEED,
	};
	strscpy(m->fw.fw_version, "1.4.2", sizeof(m->fw.fw_version));
	strscpy(m->fw.stored_version, m->fw.fw_version,
		sizeof(m->fw.stored_version));
	strscpy(m->fw.psid, "SF_0000000001", sizeof(m->fw.psid));
	strscpy(m->fw.board_id, "SFN0001", sizeof(m->fw.board_id));
	strscpy(m->fw.board_rev, "A1", sizeof(m->fw.board_rev));
	snprintf(m->fw.serial, sizeof(m->fw.serial), "SFN%08X", m->id);
	m->fw.sys_guid = 0x5f1c000000000000ULL | m->id;
}

static void sfnic_model_tables_free(struct sfnic_model *m)
{
	kvfree(m->eq_fifo);
	kvfree(m->eq_ev);
	bitmap_free(m->eq_pending);
	kvfree(m->vports);
}

/* The vport table and the event queue, sized for SFNIC_MODEL_MAX_SFS: a
 * few tens of KiB that exist whether or not SFs do, against the hundreds
 * each active SF costs.
 */
static int sfnic_model_tables_alloc(struct sfnic_model *m)
{
	m->vports = kvcalloc(SFNIC_MSLOTS, sizeof(*m->vports), GFP_KERNEL);
	m->eq_pending = bitmap_zalloc(SFNIC_EQ_ENTRIES, GFP_KERNEL);
	m->eq_ev = kvcalloc(SFNIC_EQ_ENTRIES, sizeof(*m->eq_ev), GFP_KERNEL);
	m->eq_fifo = kvcalloc(SFNIC_EQ_ENTRIES, sizeof(*m->eq_fifo),
			      GFP_KERNEL);
	if (m->vports && m->eq_pending && m->eq_ev && m->eq_fifo)
		return 0;
	sfnic_model_tables_free(m);
	return -ENOMEM;
}

/**
 * sfnic_model_create() - power on a software SmartNIC
 * @dev: the device the model belongs to, for logs
 * @id: instance number; it seeds the serial number and switch id
 * @debugfs: directory under which the model adds its "model" directory
 *	(fault injection), or NULL
 *
 * Return: the model, or an ERR_PTR().
 */
struct sfnic_model *sfnic_model_create(struct device *dev, u32 id,
				       struct dentry *debugfs)
{
	struct sfnic_model *m;
	int err;

	m = kzalloc(sizeof(*m), GFP_KERNEL);
	if (!m)
		return ERR_PTR(-ENOMEM);
	m->dev = dev;
	m->id = id;
	mutex_init(&m->lock);
	spin_lock_init(&m->eq_lock);
	INIT_WORK(&m->eq_work, sfnic_model_eq_work);
	BLOCKING_INIT_NOTIFIER_HEAD(&m->nh);
	sfnic_model_identity_init(m);

	err = sfnic_model_tables_alloc(m);
	if (err)
		goto err_free;
	m->eq_wq = alloc_ordered_workqueue("sfnic%u_eq", 0, id);
	if (!m->eq_wq) {
		err = -ENOMEM;
		goto err_tables;
	}
	err = sfnic_mvports_init(m);
	if (err)
		goto err_wq;
	err = sfnic_phys_init(m);
	if (err)
		goto err_vports;
	sfnic_model_debugfs_init(m, debugfs);
	return m;

err_vports:
	sfnic_mvports_fini(m);
err_wq:
	destroy_workqueue(m->eq_wq);
err_tables:
	sfnic_model_tables_free(m);
err_free:
	mutex_destroy(&m->lock);
	kfree(m);
	return ERR_PTR(err);
}

/**
 * sfnic_model_destroy() - power off the model
 * @m: the model
 *
 * The driver must have destroyed its queues and SF vports and
 * unregistered its notifiers; pending events are dropped.
 */
void sfnic_model_destroy(struct sfnic_model *m)
{
	debugfs_remove_recursive(m->ddir);
	sfnic_phys_fini(m);
	flush_workqueue(m->eq_wq);
	destroy_workqueue(m->eq_wq);
	sfnic_mvports_fini(m);
	sfnic_mfw_fini(m);
	sfnic_model_tables_free(m);
	mutex_destroy(&m->lock);
	kfree(m);
}
