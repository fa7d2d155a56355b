// SPDX-License-Identifier: GPL-2.0
/*
 * sfnic SF table: SF slots, the SF life cycle as the eswitch manager sees
 * it, and the reconciliation of each SF's mdev and model vport with what
 * the user asked for (mlx5's sf/devlink.c and sf/hw_table.c together).
 *
 * Management calls (devlink port add/del, function state and hw_addr) run
 * under the instance lock and change the table under sf_lock. They never
 * wait for a device: activation and deactivation are asynchronous, as on
 * hardware. They and the model's events only queue the SF's own work
 * item, which creates or removes its mdev, or frees the slot of a deleted
 * SF once the model reports the function released (deferred free). The
 * work items of different SFs run independently, SFNIC_SF_WQ_ACTIVE at a
 * time: removing a device can wait for its user (a VFIO user or an RDMA
 * application holding it) without holding up another SF's activation or
 * deletion, unless that many removals wait at once.
 */

#include <linux/etherdevice.h>
#include <linux/slab.h>
#include <net/devlink.h>

#include "sfnic.h"
#include "trace.h"

/* Work items of the NIC's SFs (and health recoveries) running at once */
#define SFNIC_SF_WQ_ACTIVE	8

static void sfnic_sf_release(struct kref *ref)
{
	kfree(container_of(ref, struct sfnic_sf, ref));
}

void sfnic_sf_put(struct sfnic_sf *sf)
{
	kref_put(&sf->ref, sfnic_sf_release);
}

/**
 * sfnic_sf_kick() - have the SF's work look at it again
 * @sf: the SF; the caller holds a reference or sf_lock with @sf in the
 *	table
 *
 * The queued work holds a reference on @sf until it ran.
 */
void sfnic_sf_kick(struct sfnic_sf *sf)
{
	kref_get(&sf->ref);
	if (!queue_work(sf->sdev->wq, &sf->work))
		sfnic_sf_put(sf);
}

static void sfnic_sf_kick_all(struct sfnic_dev *sdev)
{
	struct sfnic_sf *sf;
	unsigned long slot;

	mutex_lock(&sdev->sf_lock);
	xa_for_each(&sdev->sfs, slot, sf)
		sfnic_sf_kick(sf);
	mutex_unlock(&sdev->sf_lock);
}

static void sfnic_sf_work(struct work_struct *work);

static int sfnic_sf_vport_cmd(struct sfnic_sf *sf, u16 op)
{
	struct sfnic_cmd cmd = { .op = op, .vport = sf->vport };

	return sfnic_cmd_exec(sf->sdev->model, &cmd);
}

/* sf_lock held. One lookup: an SF port's index names its vport, and the
 * vport its slot.
 */
static struct sfnic_sf *sfnic_sf_lookup(struct sfnic_dev *sdev, u32 index)
{
	u16 vport = index & 0xffff;
	struct sfnic_sf *sf;

	if (vport < SFNIC_VPORT_SF_BASE)
		return NULL;
	sf = xa_load(&sdev->sfs, vport - SFNIC_VPORT_SF_BASE);
	if (sf && !sf->deleted && sf->port_index == index)
		return sf;
	return NULL;
}

/* sf_lock held. The slot and its number are reserved; the SF is not yet
 * visible to lookups by port index until it gets one. SF numbers stay
 * taken until the slot is freed, as on mlx5, so a deleted SF's number is
 * reusable only after its deferred free; without one asked for, the SF
 * gets the lowest free number.
 */
static int sfnic_sf_slot_alloc(struct sfnic_dev *sdev, struct sfnic_sf *sf,
			       const struct sfnic_sf_add_attrs *a)
{
	u32 slot;
	int err;

	if (a->sfnum_valid) {
		sf->sfnum = a->sfnum;
		err = xa_insert(&sdev->sfnums, a->sfnum, sf, GFP_KERNEL);
		if (err == -EBUSY)
			err = -EEXIST;
	} else {
		err = xa_alloc(&sdev->sfnums, &sf->sfnum, sf, xa_limit_32b,
			       GFP_KERNEL);
	}
	if (err)
		return err;
	if (!sdev->sf_max) {
		err = -ENOSPC;
	} else {
		err = xa_alloc(&sdev->sfs, &slot, sf,
			       XA_LIMIT(0, sdev->sf_max - 1), GFP_KERNEL);
		if (err == -EBUSY)
			err = -ENOSPC;
	}
	if (err) {
		xa_erase(&sdev->sfnums, sf->sfnum);
		return err;
	}
	sf->slot = slot;
	sf->vport = SFNIC_VPORT_SF_BASE + slot;
	sf->port_index = sfnic_vport_to_port_index(sf->vport);
	sdev->sf_count++;
	return 0;
}

static void sfnic_sf_slot_free(struct sfnic_dev *sdev, struct sfnic_sf *sf)
{
	mutex_lock(&sdev->sf_lock);
	xa_erase(&sdev->sfs, sf->slot);
	xa_erase(&sdev->sfnums, sf->sfnum);
	sdev->sf_count--;
	mutex_unlock(&sdev->sf_lock);
	wake_up(&sdev->sf_wait);
	sfnic_sf_put(sf);
}

/**
 * sfnic_sf_add() - add an SF port (devlink port add, mdevc create)
 * @sdev: the NIC
 * @a: the SF number (or auto) and how the SF is made
 * @extack: for the user's error message, or NULL
 * @psf: the new SF
 *
 * The instance lock is held. On success the SF has a model vport
 * (ALLOCATED), a management port and a representor; on failure nothing
 * of it is left.
 *
 * Return: 0 or a negative errno.
 */
int sfnic_sf_add(struct sfnic_dev *sdev, const struct sfnic_sf_add_attrs *a,
		 struct netlink_ext_ack *extack, struct sfnic_sf **psf)
{
	struct sfnic_cmd cmd = { .op = SFNIC_CMD_VPORT_CREATE };
	struct sfnic_sf *sf;
	int err;

	devl_assert_locked(sdev->devlink);
	if (!sdev->sf_enabled && !a->legacy) {
		NL_SET_ERR_MSG_MOD(extack,
				   "Port add is only supported in eswitch switchdev mode or SF ports are disabled.");
		return -EOPNOTSUPP;
	}

	sf = kzalloc(sizeof(*sf), GFP_KERNEL);
	if (!sf) {
		NL_SET_ERR_MSG_MOD(extack, "Failed to allocate the SF");
		return -ENOMEM;
	}
	kref_init(&sf->ref);
	INIT_WORK(&sf->work, sfnic_sf_work);
	sf->sdev = sdev;
	sf->user_created = a->user_created;
	sf->legacy = a->legacy;

	mutex_lock(&sdev->sf_lock);
	err = sfnic_sf_slot_alloc(sdev, sf, a);
	mutex_unlock(&sdev->sf_lock);
	if (err == -EEXIST)
		NL_SET_ERR_MSG_MOD(extack,
				   "SF already exist. Choose different sfnum");
	else if (err == -ENOSPC)
		NL_SET_ERR_MSG_MOD(extack,
				   "No free SF slot: all SFs of this PF are in use. Delete an SF first");
	if (err) {
		kfree(sf);
		return err;
	}

	cmd.vport = sf->vport;
	cmd.in.vport_create.sfnum = sf->sfnum;
	err = sfnic_cmd_exec(sdev->model, &cmd);
	if (err) {
		NL_SET_ERR_MSG_MOD(extack,
				   "Device failed to allocate the SF function");
		goto err_slot;
	}
	sf->hw_state = SFNIC_VPORT_ALLOCATED;
	/* A legacy-mode function has neither port nor representor. */
	if (sf->legacy)
		goto out;

	err = sfnic_mgmt->sf_port_add(sdev, sf);
	if (err) {
		NL_SET_ERR_MSG_MOD(extack, "Failed to register the SF port");
		goto err_vport;
	}
	err = sfnic_rep_load(sdev, sf);
	if (err) {
		NL_SET_ERR_MSG_MOD(extack,
				   "Failed to create the SF representor");
		goto err_port;
	}

out:
	trace_sfnic_sf_add(sf);
	*psf = sf;
	return 0;

err_port:
	sfnic_mgmt->sf_port_del(sdev, sf);
err_vport:
	if (sfnic_sf_vport_cmd(sf, SFNIC_CMD_VPORT_DESTROY)) {
		/* Keep the slot; the SF's work retries the release. */
		mutex_lock(&sdev->sf_lock);
		sf->deleted = true;
		mutex_unlock(&sdev->sf_lock);
		sfnic_sf_kick(sf);
		return err;
	}
err_slot:
	sfnic_sf_slot_free(sdev, sf);
	return err;
}

/**
 * __sfnic_sf_del() - delete an SF's port, freeing its slot now or later
 * @sdev: the NIC
 * @sf: the SF, not yet deleted
 *
 * The instance lock is held. As on mlx5, the representor and the port go
 * first; only then can the model free the function, whose queues the
 * representor held. Nothing the device does is a reason to fail: a
 * disable or free the model refuses is retried by the SF's work, the slot
 * staying reserved until then (deferred free).
 */
void __sfnic_sf_del(struct sfnic_dev *sdev, struct sfnic_sf *sf)
{
	bool free_now = false;
	u8 state;

	devl_assert_locked(sdev->devlink);

	mutex_lock(&sdev->sf_lock);
	state = sf->hw_state;
	/* Even an ACTIVE SF may be in the middle of getting a driver: like
	 * mlx5, always wait for the model's word that the function is
	 * released before reusing it. A failing disable is retried by the
	 * SF's work once the port is gone.
	 */
	if ((state == SFNIC_VPORT_ACTIVE || state == SFNIC_VPORT_IN_USE) &&
	    !sfnic_sf_vport_cmd(sf, SFNIC_CMD_VPORT_DISABLE)) {
		sf->hw_state = state == SFNIC_VPORT_ACTIVE ?
			       SFNIC_VPORT_ALLOCATED :
			       SFNIC_VPORT_TEARDOWN_REQUEST;
		trace_sfnic_sf_deactivate(sf);
	}
	/* Not yet marked deleted: the SF's work must not free the slot
	 * while the representor still holds the function's queues.
	 */
	sf->want_mdev = false;
	mutex_unlock(&sdev->sf_lock);

	sfnic_rep_unload(sdev, sf);
	if (!sf->legacy)
		sfnic_mgmt->sf_port_del(sdev, sf);

	mutex_lock(&sdev->sf_lock);
	sf->deleted = true;
	/* A device the SF's work is still creating goes first, like one
	 * that exists: the function is not released before.
	 */
	if (sf->hw_state == SFNIC_VPORT_ALLOCATED && !sf->mdev &&
	    !sf->dev_creating)
		free_now = !sfnic_sf_vport_cmd(sf, SFNIC_CMD_VPORT_DESTROY);
	mutex_unlock(&sdev->sf_lock);

	if (free_now) {
		trace_sfnic_sf_free(sf);
		sfnic_sf_slot_free(sdev, sf);
	} else {
		trace_sfnic_sf_deferred_free(sf);
		sfnic_sf_kick(sf);
	}
}

/**
 * sfnic_sf_del() - devlink port del of an SF
 * @sdev: the NIC
 * @port_index: the port
 * @extack: for the user's error message
 *
 * An active SF is deactivated first; its slot is freed once the model
 * reports the function released. As on mlx5, it fails only for a reason
 * the user can act on (no such port, wrong eswitch mode, an SF made
 * through its mdev), never because the device refuses to let go. The
 * instance lock is held.
 *
 * Return: 0 or a negative errno.
 */
int sfnic_sf_del(struct sfnic_dev *sdev, u32 port_index,
		 struct netlink_ext_ack *extack)
{
	struct sfnic_sf *sf;

	if (!sdev->sf_enabled) {
		NL_SET_ERR_MSG_MOD(extack,
				   "Port del is only supported in eswitch switchdev mode or SF ports are disabled.");
		return -EOPNOTSUPP;
	}
	mutex_lock(&sdev->sf_lock);
	sf = sfnic_sf_lookup(sdev, port_index);
	mutex_unlock(&sdev->sf_lock);
	if (!sf &&
	    port_index == sfnic_vport_to_port_index(SFNIC_VPORT_UPLINK)) {
		NL_SET_ERR_MSG_MOD(extack, "The uplink port cannot be deleted");
		return -EOPNOTSUPP;
	}
	if (!sf) {
		NL_SET_ERR_MSG_MOD(extack, "No SF port with this index");
		return -ENODEV;
	}
	if (sf->user_created) {
		NL_SET_ERR_MSG_MOD(extack,
				   "SF was created through its mdev; remove it with /sys/bus/mdevc/devices/<uuid>/remove");
		return -EBUSY;
	}
	__sfnic_sf_del(sdev, sf);
	return 0;
}

/**
 * sfnic_sf_state_get() - the last known model state of an SF
 * @sdev: the NIC
 * @port_index: its port
 * @hw_state: &enum sfnic_vport_state
 *
 * Return: 0, or -EOPNOTSUPP if the port is no SF port.
 */
int sfnic_sf_state_get(struct sfnic_dev *sdev, u32 port_index, u8 *hw_state)
{
	struct sfnic_sf *sf;
	int err = 0;

	mutex_lock(&sdev->sf_lock);
	sf = sfnic_sf_lookup(sdev, port_index);
	if (sf)
		*hw_state = sf->hw_state;
	else
		err = -EOPNOTSUPP;
	mutex_unlock(&sdev->sf_lock);
	return err;
}

static bool sfnic_sf_is_active(const struct sfnic_sf *sf)
{
	return sf->hw_state == SFNIC_VPORT_ACTIVE ||
	       sf->hw_state == SFNIC_VPORT_IN_USE;
}

/* Instance lock and sf_lock held. */
int __sfnic_sf_activate(struct sfnic_sf *sf, struct netlink_ext_ack *extack)
{
	struct sfnic_cmd cmd = {
		.op = SFNIC_CMD_VPORT_SET_MAC,
		.vport = sf->vport,
	};
	int err;

	if (sf->hw_state != SFNIC_VPORT_ALLOCATED) {
		NL_SET_ERR_MSG_MOD(extack,
				   "SF is inactivated but it is still attached");
		return -EBUSY;
	}
	/* Each activation starts from the administrative MAC. */
	ether_addr_copy(cmd.in.set_mac.mac, sf->hw_addr);
	err = sfnic_cmd_exec(sf->sdev->model, &cmd);
	if (!err)
		err = sfnic_sf_vport_cmd(sf, SFNIC_CMD_VPORT_ENABLE);
	if (err) {
		NL_SET_ERR_MSG_MOD(extack,
				   "Device failed to enable the SF function");
		return err;
	}
	if (!sf->user_created)
		guid_gen(&sf->uuid);
	sf->hw_state = SFNIC_VPORT_ACTIVE;
	sf->want_mdev = true;
	trace_sfnic_sf_activate(sf);
	return 0;
}

/**
 * __sfnic_sf_activate_mdev() - activate an SF for a device a user created
 * @sf: the SF, just added for @mdev
 * @mdev: the device, being created through its type's create file
 *
 * The SF takes @mdev's UUID and, once active, holds @mdev and a reference
 * on itself for it. sf_lock held.
 *
 * Return: 0 or a negative errno.
 */
int __sfnic_sf_activate_mdev(struct sfnic_sf *sf, struct mdevc_device *mdev)
{
	int err;

	lockdep_assert_held(&sf->sdev->sf_lock);
	guid_copy(&sf->uuid, &mdev->uuid);
	err = __sfnic_sf_activate(sf, NULL);
	if (err)
		return err;
	sf->mdev = mdev;
	get_device(mdevc_dev(mdev));
	kref_get(&sf->ref);
	return 0;
}

/**
 * sfnic_sf_activate() - devlink port function set state active|inactive
 * @sdev: the NIC
 * @port_index: the SF's port
 * @active: the state wanted
 * @extack: for the user's error message
 *
 * Returns once the model took the request; the SF device appears (or
 * goes) later, and the port's opstate tells when. Instance lock held.
 *
 * Return: 0 or a negative errno.
 */
int sfnic_sf_activate(struct sfnic_dev *sdev, u32 port_index, bool active,
		      struct netlink_ext_ack *extack)
{
	struct sfnic_sf *sf;
	int err = 0;

	mutex_lock(&sdev->sf_lock);
	sf = sfnic_sf_lookup(sdev, port_index);
	if (!sf) {
		err = -ENODEV;
		goto out;
	}
	if (active == sfnic_sf_is_active(sf))
		goto out;
	if (sf->user_created) {
		NL_SET_ERR_MSG_MOD(extack,
				   "SF was created through its mdev; remove it with /sys/bus/mdevc/devices/<uuid>/remove");
		err = -EBUSY;
		goto out;
	}
	if (active) {
		err = __sfnic_sf_activate(sf, extack);
	} else {
		err = sfnic_sf_vport_cmd(sf, SFNIC_CMD_VPORT_DISABLE);
		if (err) {
			NL_SET_ERR_MSG_MOD(extack,
					   "Device failed to disable the SF function");
			goto out;
		}
		sf->hw_state = sf->hw_state == SFNIC_VPORT_IN_USE ?
			       SFNIC_VPORT_TEARDOWN_REQUEST :
			       SFNIC_VPORT_ALLOCATED;
		sf->want_mdev = false;
		trace_sfnic_sf_deactivate(sf);
	}
	if (!err)
		sfnic_sf_kick(sf);
out:
	mutex_unlock(&sdev->sf_lock);
	return err;
}

/**
 * sfnic_sf_hw_addr_get() - the administrative MAC of an SF function
 * @sdev: the NIC
 * @port_index: the SF's port
 * @mac: filled in
 *
 * Return: 0 or -EOPNOTSUPP for a port that has no function.
 */
int sfnic_sf_hw_addr_get(struct sfnic_dev *sdev, u32 port_index, u8 *mac)
{
	struct sfnic_sf *sf;
	int err = 0;

	mutex_lock(&sdev->sf_lock);
	sf = sfnic_sf_lookup(sdev, port_index);
	if (sf)
		ether_addr_copy(mac, sf->hw_addr);
	else
		err = -EOPNOTSUPP;
	mutex_unlock(&sdev->sf_lock);
	return err;
}

/**
 * sfnic_sf_hw_addr_set() - set the administrative MAC of an SF function
 * @sdev: the NIC
 * @port_index: the SF's port
 * @mac: a unicast MAC; all zeroes clears it
 * @extack: for the user's error message
 *
 * The SF's netdev takes it at its next activation; without one (all
 * zeroes, as mlx5 accepts), the SF's driver picks a random address.
 * Instance lock held.
 *
 * Return: 0 or a negative errno.
 */
int sfnic_sf_hw_addr_set(struct sfnic_dev *sdev, u32 port_index,
			 const u8 *mac, struct netlink_ext_ack *extack)
{
	struct sfnic_cmd cmd = { .op = SFNIC_CMD_VPORT_SET_MAC };
	struct sfnic_sf *sf;
	int err;

	if (is_multicast_ether_addr(mac)) {
		NL_SET_ERR_MSG_MOD(extack,
				   "Non-unicast hardware address unsupported");
		return -EINVAL;
	}
	mutex_lock(&sdev->sf_lock);
	sf = sfnic_sf_lookup(sdev, port_index);
	if (!sf) {
		mutex_unlock(&sdev->sf_lock);
		NL_SET_ERR_MSG_MOD(extack, "Port doesn't support set hw_addr");
		return -EINVAL;
	}
	cmd.vport = sf->vport;
	ether_addr_copy(cmd.in.set_mac.mac, mac);
	err = sfnic_cmd_exec(sdev->model, &cmd);
	if (!err)
		ether_addr_copy(sf->hw_addr, mac);
	else
		NL_SET_ERR_MSG_MOD(extack,
				   "Device failed to set the function's MAC");
	mutex_unlock(&sdev->sf_lock);
	return err;
}

/* sf_lock held: the model state of @sf, or its last known one. */
static u8 sfnic_sf_query(struct sfnic_sf *sf)
{
	struct sfnic_cmd cmd = {
		.op = SFNIC_CMD_VPORT_QUERY,
		.vport = sf->vport,
	};

	if (sfnic_cmd_exec(sf->sdev->model, &cmd))
		return sf->hw_state;
	return cmd.out.vport.state;
}

enum sfnic_sf_action {
	SFNIC_SF_NONE,
	SFNIC_SF_DEV_CREATE,
	SFNIC_SF_DEV_REMOVE,
};

/* One step for one SF, from its work. Returns true if it did something
 * that may enable a further step.
 */
static bool sfnic_sf_reconcile_one(struct sfnic_sf *sf)
{
	enum sfnic_sf_action action = SFNIC_SF_NONE;
	struct sfnic_dev *sdev = sf->sdev;
	struct mdevc_device *mdev = NULL;
	bool progress = false;
	int err;
	u8 state;

	mutex_lock(&sdev->sf_lock);
	/* Freed already, by a deletion that needed no device removal. */
	if (xa_load(&sdev->sfs, sf->slot) != sf) {
		mutex_unlock(&sdev->sf_lock);
		return false;
	}

	state = sfnic_sf_query(sf);
	if (state != sf->hw_state) {
		sf->hw_state = state;
		trace_sfnic_sf_update_state(sf);
	}

	if (sf->mdev && (!sf->want_mdev ||
			 state == SFNIC_VPORT_TEARDOWN_REQUEST ||
			 state == SFNIC_VPORT_ALLOCATED)) {
		action = SFNIC_SF_DEV_REMOVE;
		mdev = sf->mdev;
		get_device(mdevc_dev(mdev));
	} else if (!sf->mdev && sf->want_mdev && state == SFNIC_VPORT_ACTIVE) {
		action = SFNIC_SF_DEV_CREATE;
		sf->dev_creating = true;
	} else if (sf->deleted && !sf->mdev) {
		if (state == SFNIC_VPORT_ACTIVE &&
		    !sfnic_sf_vport_cmd(sf, SFNIC_CMD_VPORT_DISABLE)) {
			sf->hw_state = SFNIC_VPORT_ALLOCATED;
			progress = true;
		} else if (state == SFNIC_VPORT_ALLOCATED &&
			   !sfnic_sf_vport_cmd(sf, SFNIC_CMD_VPORT_DESTROY)) {
			mutex_unlock(&sdev->sf_lock);
			trace_sfnic_sf_free(sf);
			sfnic_sf_slot_free(sdev, sf);
			return false;
		}
	}
	mutex_unlock(&sdev->sf_lock);

	/* mdevc calls its parent ops, which take our locks: no lock held. */
	if (action == SFNIC_SF_DEV_CREATE) {
		err = sfnic_sf_dev_create(sf);
		mutex_lock(&sdev->sf_lock);
		sf->dev_creating = false;
		/* Deactivated or deleted meanwhile: look again, the new
		 * device must go before the function is freed.
		 */
		progress = !err || !sf->want_mdev;
		mutex_unlock(&sdev->sf_lock);
	} else if (action == SFNIC_SF_DEV_REMOVE) {
		sfnic_sf_dev_remove(sf, mdev);
		put_device(mdevc_dev(mdev));
		progress = true;
	}
	return progress;
}

/* Holds the reference sfnic_sf_kick() took, which may be the last. */
static void sfnic_sf_work(struct work_struct *work)
{
	struct sfnic_sf *sf = container_of(work, struct sfnic_sf, work);
	int rounds;

	for (rounds = 0; rounds < 4; rounds++)
		if (!sfnic_sf_reconcile_one(sf))
			break;
	sfnic_sf_put(sf);
}

/**
 * sfnic_sf_table_event() - a function vport changed state
 * @sdev: the NIC
 * @ev: a %SFNIC_EV_VPORT_STATE event, from the NIC's event work
 *
 * Kicks the work of the vport's SF, if it has one.
 */
void sfnic_sf_table_event(struct sfnic_dev *sdev, const struct sfnic_event *ev)
{
	struct sfnic_sf *sf;

	/* The event names its vport: only that SF's work runs. */
	if (ev->vport < SFNIC_VPORT_SF_BASE)
		return;
	mutex_lock(&sdev->sf_lock);
	sf = xa_load(&sdev->sfs, ev->vport - SFNIC_VPORT_SF_BASE);
	if (sf)
		sfnic_sf_kick(sf);
	mutex_unlock(&sdev->sf_lock);
}

/**
 * sfnic_sf_table_enable() - allow SF ports (entering switchdev mode)
 * @sdev: the NIC; instance lock held
 */
void sfnic_sf_table_enable(struct sfnic_dev *sdev)
{
	devl_assert_locked(sdev->devlink);
	sdev->sf_enabled = true;
}

/**
 * sfnic_sf_table_set_max() - set how many SF slots may be used
 * @sdev: the NIC; instance lock held
 * @max: slots, at most &sfnic_caps.max_sfs
 *
 * SFs in slots past @max stay until deleted; new ones get slots below it.
 */
void sfnic_sf_table_set_max(struct sfnic_dev *sdev, u32 max)
{
	devl_assert_locked(sdev->devlink);
	mutex_lock(&sdev->sf_lock);
	WRITE_ONCE(sdev->sf_max, min(max, sdev->caps.max_sfs));
	mutex_unlock(&sdev->sf_lock);
}

/**
 * sfnic_sf_table_disable() - delete every SF (leaving switchdev mode)
 * @sdev: the NIC; instance lock held
 *
 * Ports and representors go at once; slots are freed as the model
 * releases the functions.
 */
void sfnic_sf_table_disable(struct sfnic_dev *sdev)
{
	unsigned long slot, next = 0;
	struct sfnic_sf *sf;

	devl_assert_locked(sdev->devlink);
	sdev->sf_enabled = false;
	for (;;) {
		mutex_lock(&sdev->sf_lock);
		xa_for_each_start(&sdev->sfs, slot, sf, next)
			if (!sf->deleted)
				break;
		if (sf)
			kref_get(&sf->ref);
		mutex_unlock(&sdev->sf_lock);
		if (!sf)
			break;
		next = slot + 1;
		__sfnic_sf_del(sdev, sf);
		sfnic_sf_put(sf);
	}
}

/**
 * sfnic_sf_table_has_devices() - does an SF have, or is it getting, a device
 * @sdev: the NIC
 *
 * An active SF (about to get its device, or with one), a deactivated SF
 * whose device has not gone yet, a virtio-net or vfio function: what a
 * PF reload refuses to tear down, as mlx5 does while SF devices exist.
 *
 * Return: true if any SF of @sdev has or wants a device.
 */
bool sfnic_sf_table_has_devices(struct sfnic_dev *sdev)
{
	struct sfnic_sf *sf;
	unsigned long slot;
	bool ret = false;

	mutex_lock(&sdev->sf_lock);
	xa_for_each(&sdev->sfs, slot, sf) {
		ret = sf->mdev || sf->want_mdev || sf->dev_creating;
		if (ret)
			break;
	}
	mutex_unlock(&sdev->sf_lock);
	return ret;
}

int sfnic_sf_table_init(struct sfnic_dev *sdev)
{
	int err;

	mutex_init(&sdev->sf_lock);
	xa_init_flags(&sdev->sfs, XA_FLAGS_ALLOC);
	xa_init_flags(&sdev->sfnums, XA_FLAGS_ALLOC);
	sdev->sf_max = sdev->caps.max_sfs;
	init_waitqueue_head(&sdev->sf_wait);
	/* Not ordered: each SF's work runs on its own (see the top), at
	 * most SFNIC_SF_WQ_ACTIVE at a time. They all meet at rtnl and
	 * mdevc's locks, so more would not go faster: an unbound pool
	 * starts a worker per work item that waits, and a burst of 512
	 * activations made ~100 kworkers, idle for minutes after. mlx5
	 * hashes its functions' events over 8 queues for the same reason.
	 */
	sdev->wq = alloc_workqueue("%s_sf", WQ_UNBOUND, SFNIC_SF_WQ_ACTIVE,
				   dev_name(sdev->dev));
	if (!sdev->wq) {
		err = -ENOMEM;
		goto err_lock;
	}
	return 0;

err_lock:
	mutex_destroy(&sdev->sf_lock);
	return err;
}

/* Rounds of 50 ms the model gets to release deleted SFs' functions. */
#define SFNIC_SF_RELEASE_ROUNDS	(30 * 20)

/**
 * sfnic_sf_table_wait_empty() - wait for the deferred frees
 * @sdev: the NIC, whose SFs are all deleted; no lock held
 *
 * Each round lets the model's events and the SFs' work run; SF devices
 * are removed and slots freed. Removing an SF's device waits as long as
 * its users hold it (an application holding its RDMA device, a VFIO
 * user): that time is not the model's, and does not count. Gives up
 * after 30 s of rounds (a function that never gets released), leaving
 * the rest to sfnic_sf_table_cleanup().
 */
void sfnic_sf_table_wait_empty(struct sfnic_dev *sdev)
{
	unsigned int rounds = 0;

	while (READ_ONCE(sdev->sf_count)) {
		sfnic_sf_kick_all(sdev);
		sfnic_model_events_flush(sdev->model);
		flush_workqueue(sdev->wq);
		if (wait_event_timeout(sdev->sf_wait,
				       !READ_ONCE(sdev->sf_count), HZ / 20))
			break;
		if (++rounds >= SFNIC_SF_RELEASE_ROUNDS) {
			dev_err(sdev->dev, "%u SFs not released by the device\n",
				sdev->sf_count);
			break;
		}
	}
}

void sfnic_sf_table_cleanup(struct sfnic_dev *sdev)
{
	struct sfnic_sf *sf;
	unsigned long slot;

	destroy_workqueue(sdev->wq);
	xa_for_each(&sdev->sfs, slot, sf)
		sfnic_sf_put(sf);
	xa_destroy(&sdev->sfs);
	xa_destroy(&sdev->sfnums);
	mutex_destroy(&sdev->sf_lock);
}
