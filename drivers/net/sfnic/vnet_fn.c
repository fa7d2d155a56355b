// SPDX-License-Identifier: GPL-2.0
/*
 * sfnic virtio-net functions: virtio class mdevs of the NIC, served by the
 * model's virtio-net engine (model/vnet.h) and bound by the mdevc virtio
 * bridge, so that the kernel's virtio_net drives them.
 *
 * A virtio-net function is an SF of the SF table whose host side is the
 * engine instead of the sfnic SF driver: it has the SF's model vport, its
 * devlink port (flavour pcisf, the closest 6.1's devlink has: it knows no
 * virtio flavour and cannot choose a function's class) with function
 * hw_addr and state, and its representor pf0sf<sfnum>. Like user-made SFs
 * it is created by writing a UUID to the type's create file and lives
 * until its mdev is removed or the eswitch changes mode. Made in legacy
 * mode, it has neither port nor representor: the model switches it by MAC
 * with the PF and the physical port, as a VF in legacy SR-IOV.
 *
 * The engine's port is the vport's function side: DRIVER_OK attaches the
 * function and creates its model queues, a reset destroys them and
 * detaches it; the vport's link (its representor's) reaches virtio_net as
 * a configuration change.
 */

#include <linux/debugfs.h>
#include <linux/etherdevice.h>
#include <linux/slab.h>
#include <net/devlink.h>

#include "sfnic.h"
#include "model/vnet.h"
#include "vfio_pci.h"

#define SFNIC_VNET_FN_QPS	2

struct sfnic_vnet_fn;

/* Per queue pair context of the queue interrupt. */
struct sfnic_vnet_fn_irq {
	struct sfnic_vnet_fn *fn;
	u16 qp;
};

/**
 * struct sfnic_vnet_fn - the sfnic side of a virtio-net function
 * @sf: the SF table entry; a reference is held.
 * @vn: the engine device, the parent data of the mdev.
 * @mq: the function's model queue pairs while the driver runs; written by
 *	the engine's port start/stop (engine lock held), read by its
 *	workers, which only run between the two.
 * @nqps: queue pairs in @mq.
 * @irq: the interrupt context of each queue pair.
 * @ev: the listener of its vport's events (link changes).
 * @ddir: debugfs directory, the mdev's UUID under the NIC's.
 * @vp: for a function of the vfio type, the engine's presentation to the
 *	VFIO user as a virtio-net PCI device (vfio_pci.c); NULL otherwise.
 */
struct sfnic_vnet_fn {
	struct sfnic_sf *sf;
	struct sfnic_vnet *vn;
	struct sfnic_mq *mq[SFNIC_VNET_FN_QPS];
	u16 nqps;
	struct sfnic_vnet_fn_irq irq[SFNIC_VNET_FN_QPS];
	struct sfnic_ev_listener ev;
	struct dentry *ddir;
	struct sfnic_vpci *vp;
};

static int sfnic_vnet_fn_cmd(struct sfnic_vnet_fn *fn, struct sfnic_cmd *cmd)
{
	cmd->vport = fn->sf->vport;
	return sfnic_cmd_exec(fn->sf->sdev->model, cmd);
}

static void sfnic_vnet_fn_teardown(struct sfnic_vnet_fn *fn,
				   struct sfnic_cmd *cmd)
{
	struct sfnic_dev *sdev = fn->sf->sdev;

	cmd->vport = fn->sf->vport;
	sfnic_cmd_exec_teardown(sdev->model, cmd, sdev->dev);
}

static void sfnic_vnet_fn_irq(void *ctx)
{
	struct sfnic_vnet_fn_irq *irq = ctx;

	sfnic_vnet_rx_notify(irq->fn->vn, irq->qp);
}

static void sfnic_vnet_fn_stop(void *priv)
{
	struct sfnic_vnet_fn *fn = priv;
	struct sfnic_cmd cmd = {
		.op = SFNIC_CMD_QUEUE_DESTROY,
		.in.queue_destroy.mqs = fn->mq,
		.in.queue_destroy.n = fn->nqps,
	};

	/* Teardown commands release their objects even when they fail. */
	if (fn->nqps)
		sfnic_vnet_fn_teardown(fn, &cmd);
	memset(fn->mq, 0, sizeof(fn->mq));
	fn->nqps = 0;
	cmd.op = SFNIC_CMD_VPORT_DETACH;
	sfnic_vnet_fn_teardown(fn, &cmd);
}

static int sfnic_vnet_fn_start(void *priv, u16 nqps)
{
	struct sfnic_vnet_fn *fn = priv;
	struct sfnic_cmd cmd = { .op = SFNIC_CMD_VPORT_ATTACH };
	int err;
	u16 i;

	err = sfnic_vnet_fn_cmd(fn, &cmd);
	if (err)
		return err;
	for (i = 0; i < nqps && i < SFNIC_VNET_FN_QPS; i++) {
		memset(&cmd, 0, sizeof(cmd));
		cmd.op = SFNIC_CMD_QUEUE_CREATE;
		cmd.in.queue_create.side = SFNIC_MQ_FUNCTION;
		cmd.in.queue_create.index = i;
		cmd.in.queue_create.irq.handler = sfnic_vnet_fn_irq;
		cmd.in.queue_create.irq.ctx = &fn->irq[i];
		err = sfnic_vnet_fn_cmd(fn, &cmd);
		if (err)
			break;
		fn->mq[i] = cmd.out.queue;
		fn->nqps = i + 1;
	}
	if (err)
		sfnic_vnet_fn_stop(fn);
	return err;
}

/* Called with BH disabled by the engine's send queue worker. */
static void sfnic_vnet_fn_xmit(void *priv, u16 qp, struct sk_buff *skb)
{
	struct sfnic_vnet_fn *fn = priv;

	if (qp >= fn->nqps) {
		kfree_skb(skb);
		return;
	}
	sfnic_mq_xmit(fn->mq[qp], skb);
}

static struct sk_buff *sfnic_vnet_fn_rx(void *priv, u16 qp)
{
	struct sfnic_vnet_fn *fn = priv;

	return qp < fn->nqps ? sfnic_mq_rx(fn->mq[qp]) : NULL;
}

static const struct sfnic_vnet_port_ops sfnic_vnet_fn_port_ops = {
	.start	= sfnic_vnet_fn_start,
	.stop	= sfnic_vnet_fn_stop,
	.xmit	= sfnic_vnet_fn_xmit,
	.rx	= sfnic_vnet_fn_rx,
};

static void sfnic_vnet_fn_event(struct sfnic_ev_listener *l,
				const struct sfnic_event *ev)
{
	struct sfnic_vnet_fn *fn = container_of(l, struct sfnic_vnet_fn, ev);

	if (ev->type == SFNIC_EV_VPORT_LINK)
		sfnic_vnet_set_link(fn->vn, ev->link_up);
}

static const struct sfnic_ev_listener_ops sfnic_vnet_fn_ev_ops = {
	.kind	= SFNIC_EV_KIND_FN,
	.event	= sfnic_vnet_fn_event,
};

/* The engine device of a new function; its SF is active. */
static int sfnic_vnet_fn_init(struct sfnic_vnet_fn *fn,
			      struct mdevc_device *mdev)
{
	struct sfnic_sf *sf = fn->sf;
	struct sfnic_dev *sdev = sf->sdev;
	struct sfnic_cmd cmd = { .op = SFNIC_CMD_VPORT_QUERY };
	bool vfio = mdev->type == &sfnic_vfio_type;
	struct sfnic_vnet_config cfg = {
		.dev = mdevc_dev(mdev),
		.max_qps = 1,
		.mem = &sfnic_vnet_kmem_ops,
		.port = &sfnic_vnet_fn_port_ops,
		.port_priv = fn,
		.priv = fn,
	};
	int err, i;

	if (mdev->type == &sfnic_vnet_mq_type)
		cfg.max_qps = SFNIC_VNET_FN_QPS;
	/* A VFIO user's memory is reached by IOVA through vfio_dma_rw(),
	 * which sleeps: its type has one queue pair, so no control queue,
	 * which the engine serves in atomic context.
	 */
	if (vfio) {
		cfg.mem = &sfnic_vpci_mem_ops;
		cfg.mem_priv = mdev;
	}

	err = sfnic_vnet_fn_cmd(fn, &cmd);
	if (err)
		return err;
	ether_addr_copy(cfg.mac, cmd.out.vport.mac);
	cfg.mtu = cmd.out.vport.mtu;
	cfg.link_up = cmd.out.vport.link_up;

	for (i = 0; i < SFNIC_VNET_FN_QPS; i++) {
		fn->irq[i].fn = fn;
		fn->irq[i].qp = i;
	}

	fn->vn = sfnic_vnet_create(&cfg);
	if (IS_ERR(fn->vn))
		return PTR_ERR(fn->vn);
	if (vfio) {
		fn->vp = sfnic_vpci_create(mdev, &sfnic_vnet_virtio_ops,
					   2 * cfg.max_qps);
		if (IS_ERR(fn->vp)) {
			err = PTR_ERR(fn->vp);
			fn->vp = NULL;
			goto err_destroy_vn;
		}
	}
	fn->ev.ops = &sfnic_vnet_fn_ev_ops;
	fn->ev.vport = sf->vport;
	err = sfnic_events_listen(sdev, &fn->ev);
	if (err)
		goto err_destroy_vp;
	fn->ddir = debugfs_create_dir(dev_name(mdevc_dev(mdev)), sdev->ddir);
	sfnic_vnet_debugfs_init(fn->vn, fn->ddir);
	return 0;

err_destroy_vp:
	if (fn->vp)
		sfnic_vpci_destroy(fn->vp);
err_destroy_vn:
	sfnic_vnet_destroy(fn->vn);
	return err;
}

/**
 * sfnic_vnet_fn_create() - a user wrote a UUID to the virtio-net type
 * @sdev: the NIC
 * @mdev: the new mdev
 *
 * Adds an SF port with the next free sfnum and a random function MAC,
 * activates it and puts the engine behind the mdev.
 *
 * Return: 0 or a negative errno.
 */
int sfnic_vnet_fn_create(struct sfnic_dev *sdev, struct mdevc_device *mdev)
{
	struct sfnic_sf_add_attrs a = { .user_created = true };
	struct sfnic_vnet_fn *fn;
	struct sfnic_sf *sf;
	int err;

	fn = kzalloc(sizeof(*fn), GFP_KERNEL);
	if (!fn)
		return -ENOMEM;

	devl_lock(sdev->devlink);
	/* In legacy mode, a function the model switches by MAC, as a VF. */
	if (!sdev->sf_enabled) {
		if (sfnic_esw_mode_get(sdev) != SFNIC_ESW_LEGACY) {
			err = -ENODEV;
			goto err_unlock;
		}
		a.legacy = true;
	}
	err = sfnic_sf_add(sdev, &a, NULL, &sf);
	if (err)
		goto err_unlock;

	mutex_lock(&sdev->sf_lock);
	/* virtio_net needs a MAC in the config space: make one up. */
	if (is_zero_ether_addr(sf->hw_addr))
		eth_random_addr(sf->hw_addr);
	err = __sfnic_sf_activate_mdev(sf, mdev);
	mutex_unlock(&sdev->sf_lock);
	if (err)
		goto err_del;

	fn->sf = sf;
	err = sfnic_vnet_fn_init(fn, mdev);
	if (err)
		goto err_deactivate;
	mdevc_set_parent_data(mdev, fn->vn);
	devl_unlock(sdev->devlink);
	return 0;

err_deactivate:
	mutex_lock(&sdev->sf_lock);
	sf->mdev = NULL;
	mutex_unlock(&sdev->sf_lock);
	put_device(mdevc_dev(mdev));
	sfnic_sf_put(sf);
err_del:
	__sfnic_sf_del(sdev, sf);
err_unlock:
	devl_unlock(sdev->devlink);
	kfree(fn);
	return err;
}

/**
 * sfnic_vnet_fn_release() - free the engine side of a function's mdev
 * @mdev: an mdev of the virtio-net type, unbound
 *
 * Return: the function's SF, whose reference the caller now owns and
 * drops after deleting it, as for any user-made SF.
 */
struct sfnic_sf *sfnic_vnet_fn_release(struct mdevc_device *mdev)
{
	struct sfnic_vnet_fn *fn = sfnic_vnet_priv(mdevc_get_parent_data(mdev));
	struct sfnic_sf *sf = fn->sf;

	debugfs_remove_recursive(fn->ddir);
	sfnic_events_unlisten(sf->sdev, &fn->ev);
	/* Resets the device: its queues and attachment go. */
	sfnic_vnet_destroy(fn->vn);
	if (fn->vp)
		sfnic_vpci_destroy(fn->vp);
	kfree(fn);
	return sf;
}

/**
 * sfnic_vnet_fn_vpci() - the PCI presentation of a vfio function
 * @mdev: an mdev of the vfio type
 *
 * Return: the presentation the parent's vfio class ops hand calls to.
 */
struct sfnic_vpci *sfnic_vnet_fn_vpci(struct mdevc_device *mdev)
{
	struct sfnic_vnet_fn *fn = sfnic_vnet_priv(mdevc_get_parent_data(mdev));

	return fn->vp;
}

/**
 * sfnic_mdev_to_sf() - the SF of any sfnic mdev
 * @mdev: an mdev of the SF type or of a virtio-net type (virtio or vfio)
 *
 * Return: its SF.
 */
struct sfnic_sf *sfnic_mdev_to_sf(struct mdevc_device *mdev)
{
	struct sfnic_vnet_fn *fn;

	if (!sfnic_is_vnet_type(mdev->type))
		return mdevc_get_parent_data(mdev);
	fn = sfnic_vnet_priv(mdevc_get_parent_data(mdev));
	return fn->sf;
}
