// SPDX-License-Identifier: GPL-2.0
/*
 * sfnic events: the one receiver of a NIC's model events, which hands
 * each event to whoever owns the vport it names (mlx5's sf/dev/dev.c
 * keeps its SF devices in an xarray by function id the same way).
 *
 * The NIC registers a single notifier on its model's chain, so that an
 * event, and a registration, costs the same with one SF as with
 * thousands: state events go to the SF table, which looks the vport up
 * itself; every other event goes to one listener of its vport alone, found
 * in an xarray keyed by vport and listener kind (&enum sfnic_ev_kind). A
 * vport has at most one listener of each kind: the host side of its
 * function (the SF driver's netdev, or a virtio-net function) gets its
 * link events, the function's health (health.c) its health and queue
 * error events. The kind of an event type is fixed (sfnic_ev_kinds[]),
 * so an event still costs one lookup.
 */

#include <linux/xarray.h>

#include "sfnic.h"

/* Which kind of listener gets each event type; STATE is the SF table's. */
static const u8 sfnic_ev_kinds[SFNIC_EV_MAX] = {
	[SFNIC_EV_VPORT_LINK]	= SFNIC_EV_KIND_FN,
	[SFNIC_EV_HEALTH]	= SFNIC_EV_KIND_HEALTH,
	[SFNIC_EV_QUEUE_ERROR]	= SFNIC_EV_KIND_HEALTH,
};

/* A listener's slot in &sfnic_events.listeners. */
static unsigned long sfnic_ev_index(u16 vport, enum sfnic_ev_kind kind)
{
	return (unsigned long)vport * SFNIC_EV_KINDS + kind;
}

static int sfnic_events_notify(struct notifier_block *nb,
			       unsigned long action, void *data)
{
	struct sfnic_events *evs = container_of(nb, struct sfnic_events, nb);
	struct sfnic_dev *sdev = container_of(evs, struct sfnic_dev, events);
	const struct sfnic_event *ev = data;
	struct sfnic_ev_listener *l;

	if (action == SFNIC_EV_VPORT_STATE) {
		sfnic_sf_table_event(sdev, ev);
		return NOTIFY_OK;
	}

	if (WARN_ON_ONCE(action >= SFNIC_EV_MAX))
		return NOTIFY_DONE;
	mutex_lock(&evs->lock);
	l = xa_load(&evs->listeners,
		    sfnic_ev_index(ev->vport, sfnic_ev_kinds[action]));
	if (l)
		l->ops->event(l, ev);
	mutex_unlock(&evs->lock);
	return NOTIFY_OK;
}

/**
 * sfnic_events_listen() - receive the events of one kind of one vport
 * @sdev: the NIC
 * @l: the listener; @l->ops and @l->vport set, @l->vport without a
 *	listener of kind @l->ops->kind yet
 *
 * From the return on, @l->ops->event() is called for each event of
 * @l->vport whose type is of kind @l->ops->kind (&enum sfnic_ev_kind), in
 * process context on the model's ordered event workqueue, one at a time.
 * Takes &sfnic_events.lock: the caller may hold the locks the lock order
 * in sfnic.h puts outside it, not the event work.
 *
 * Return: 0, -EBUSY if the vport has a listener of that kind, or -ENOMEM.
 */
int sfnic_events_listen(struct sfnic_dev *sdev, struct sfnic_ev_listener *l)
{
	struct sfnic_events *evs = &sdev->events;
	int err;

	mutex_lock(&evs->lock);
	err = xa_insert(&evs->listeners,
			sfnic_ev_index(l->vport, l->ops->kind), l, GFP_KERNEL);
	mutex_unlock(&evs->lock);
	WARN_ON_ONCE(err == -EBUSY);
	return err;
}

/**
 * sfnic_events_unlisten() - undo sfnic_events_listen()
 * @sdev: the NIC
 * @l: a listener registered with sfnic_events_listen()
 *
 * Once it returns, @l->ops->event() runs no more and @l may be freed.
 * Must not be called from a listener's callback.
 */
void sfnic_events_unlisten(struct sfnic_dev *sdev, struct sfnic_ev_listener *l)
{
	struct sfnic_events *evs = &sdev->events;

	mutex_lock(&evs->lock);
	WARN_ON_ONCE(xa_erase(&evs->listeners,
			      sfnic_ev_index(l->vport, l->ops->kind)) != l);
	mutex_unlock(&evs->lock);
}

/**
 * sfnic_events_init() - start receiving the NIC's model events
 * @sdev: the NIC, whose SF table is initialized
 *
 * Return: 0 or a negative errno.
 */
int sfnic_events_init(struct sfnic_dev *sdev)
{
	struct sfnic_events *evs = &sdev->events;
	int err;

	mutex_init(&evs->lock);
	xa_init(&evs->listeners);
	evs->nb.notifier_call = sfnic_events_notify;
	err = sfnic_model_events_register(sdev->model, &evs->nb);
	if (err)
		mutex_destroy(&evs->lock);
	return err;
}

/**
 * sfnic_events_fini() - undo sfnic_events_init()
 * @sdev: the NIC; every listener is gone
 */
void sfnic_events_fini(struct sfnic_dev *sdev)
{
	struct sfnic_events *evs = &sdev->events;

	sfnic_model_events_unregister(sdev->model, &evs->nb);
	WARN_ON_ONCE(!xa_empty(&evs->listeners));
	xa_destroy(&evs->listeners);
	mutex_destroy(&evs->lock);
}
