// SPDX-License-Identifier: GPL-2.0
/*
 * sfnic virtio-net engine: the device (features, status, configuration
 * space, queue setup) and its mdevc virtio class operations.
 */

#include <linux/etherdevice.h>
#include <linux/mdevc.h>
#include <linux/slab.h>
#include <linux/virtio_config.h>

#include "vnet_priv.h"

static const char * const sfnic_vnet_err_names[SFNIC_VNET_E_MAX] = {
	[SFNIC_VNET_E_NONE]	 = "none",
	[SFNIC_VNET_E_QUEUE]	 = "bad queue size or alignment",
	[SFNIC_VNET_E_RING]	 = "ring not accessible",
	[SFNIC_VNET_E_AVAIL_IDX] = "available index beyond queue size",
	[SFNIC_VNET_E_HEAD]	 = "head index out of range",
	[SFNIC_VNET_E_NEXT]	 = "next index out of range",
	[SFNIC_VNET_E_LOOP]	 = "descriptor chain loops",
	[SFNIC_VNET_E_INDIRECT]	 = "indirect descriptor not offered",
	[SFNIC_VNET_E_LEN]	 = "descriptor length out of range",
	[SFNIC_VNET_E_ADDR]	 = "buffer address out of range",
	[SFNIC_VNET_E_DIR]	 = "descriptor direction misused",
};

const char *sfnic_vnet_err_name(u8 err)
{
	return err < SFNIC_VNET_E_MAX ? sfnic_vnet_err_names[err] : "?";
}

static struct sfnic_vnet *vnet_of(struct mdevc_device *mdev)
{
	return mdevc_get_parent_data(mdev);
}

/* Any context. */
void sfnic_vnet_config_irq(struct sfnic_vnet *vn)
{
	spin_lock_bh(&vn->cfg_cb_lock);
	if (vn->config_cb.callback)
		vn->config_cb.callback(vn->config_cb.private);
	spin_unlock_bh(&vn->cfg_cb_lock);
}

/**
 * sfnic_vnet_fail() - the driver broke a ring: stop trusting the device
 * @vq: the queue the violation was found in
 * @err: the violation, an &enum sfnic_vnet_err
 *
 * Sets NEEDS_RESET, stops every queue and tells the driver with a
 * configuration change, as the virtio spec asks. Only a reset recovers.
 */
void sfnic_vnet_fail(struct sfnic_vnet_vq *vq, enum sfnic_vnet_err err)
{
	struct sfnic_vnet *vn = vq->vn;

	spin_lock_bh(&vn->slock);
	WRITE_ONCE(vn->running, false);
	vn->status |= VIRTIO_CONFIG_S_NEEDS_RESET;
	vn->last_err = err;
	vn->last_err_vq = vq->index;
	vn->generation++;
	spin_unlock_bh(&vn->slock);
	atomic_inc(&vn->ring_errors);
	dev_warn_ratelimited(vn->cfg.dev,
			     "virtio-net: queue %u: %s: device needs reset\n",
			     vq->index, sfnic_vnet_err_name(err));
	sfnic_vnet_config_irq(vn);
}

static bool vnet_vq_valid(struct sfnic_vnet *vn, u16 idx)
{
	return idx < vn->nvqs;
}

/* The driver sets a queue up before DRIVER_OK (virtio 1.1, 3.1.1), and the
 * running device relies on it: its workers use what vnet_start() made for
 * the queues ready then. Queue setup after DRIVER_OK is ignored, as it is
 * until a reset once the driver gave up (FAILED) or the device broke.
 * Lock held.
 */
static bool vnet_vq_setup_ok(struct sfnic_vnet *vn, u16 idx, const char *what)
{
	lockdep_assert_held(&vn->lock);
	if (!(READ_ONCE(vn->status) & VIRTIO_CONFIG_S_DRIVER_OK))
		return true;
	dev_warn_ratelimited(vn->cfg.dev,
			     "virtio-net: queue %u: %s after DRIVER_OK ignored\n",
			     idx, what);
	return false;
}

static int vnet_set_vq_address(struct mdevc_device *mdev, u16 idx,
			       u64 desc, u64 driver, u64 device)
{
	struct sfnic_vnet *vn = vnet_of(mdev);
	struct sfnic_vnet_vq *vq;
	int ret = -EBUSY;

	if (!vnet_vq_valid(vn, idx))
		return -ENOENT;
	vq = &vn->vqs[idx];
	mutex_lock(&vn->lock);
	if (vnet_vq_setup_ok(vn, idx, "address")) {
		vq->desc = desc;
		vq->avail = driver;
		vq->used = device;
		ret = 0;
	}
	mutex_unlock(&vn->lock);
	return ret;
}

static void vnet_set_vq_num(struct mdevc_device *mdev, u16 idx, u32 num)
{
	struct sfnic_vnet *vn = vnet_of(mdev);

	if (!vnet_vq_valid(vn, idx))
		return;
	mutex_lock(&vn->lock);
	if (vnet_vq_setup_ok(vn, idx, "size"))
		vn->vqs[idx].num = num;
	mutex_unlock(&vn->lock);
}

static u16 vnet_get_vq_num_max(struct mdevc_device *mdev)
{
	return SFNIC_VNET_QUEUE_SIZE;
}

static void vnet_kick_vq(struct mdevc_device *mdev, u16 idx)
{
	struct sfnic_vnet *vn = vnet_of(mdev);
	struct sfnic_vnet_vq *vq;

	if (!vnet_vq_valid(vn, idx))
		return;
	vq = &vn->vqs[idx];
	if (sfnic_vnet_is_ctrl(vq))
		sfnic_vnet_ctrl_kick(vq);
	else if (READ_ONCE(vn->running))
		queue_work(system_wq, &vq->work);
}

static void vnet_set_vq_cb(struct mdevc_device *mdev, u16 idx,
			   const struct mdevc_virtio_callback *cb)
{
	struct sfnic_vnet *vn = vnet_of(mdev);
	struct sfnic_vnet_vq *vq;

	if (!vnet_vq_valid(vn, idx))
		return;
	vq = &vn->vqs[idx];
	spin_lock_bh(&vq->cb_lock);
	vq->cb = *cb;
	spin_unlock_bh(&vq->cb_lock);
}

static void vnet_set_vq_ready(struct mdevc_device *mdev, u16 idx, bool ready)
{
	struct sfnic_vnet *vn = vnet_of(mdev);

	if (!vnet_vq_valid(vn, idx))
		return;
	mutex_lock(&vn->lock);
	if (vnet_vq_setup_ok(vn, idx, ready ? "enable" : "disable"))
		WRITE_ONCE(vn->vqs[idx].ready, ready);
	mutex_unlock(&vn->lock);
}

static bool vnet_get_vq_ready(struct mdevc_device *mdev, u16 idx)
{
	struct sfnic_vnet *vn = vnet_of(mdev);

	return vnet_vq_valid(vn, idx) && READ_ONCE(vn->vqs[idx].ready);
}

static int vnet_set_vq_state(struct mdevc_device *mdev, u16 idx,
			     const struct mdevc_virtio_vq_state *state)
{
	struct sfnic_vnet *vn = vnet_of(mdev);
	int ret = 0;

	if (!vnet_vq_valid(vn, idx))
		return -ENOENT;
	mutex_lock(&vn->lock);
	if (!vnet_vq_setup_ok(vn, idx, "state")) {
		ret = -EBUSY;
	} else {
		vn->vqs[idx].last_avail = state->avail_index;
		vn->vqs[idx].used_idx = state->avail_index;
	}
	mutex_unlock(&vn->lock);
	return ret;
}

static int vnet_get_vq_state(struct mdevc_device *mdev, u16 idx,
			     struct mdevc_virtio_vq_state *state)
{
	struct sfnic_vnet *vn = vnet_of(mdev);

	if (!vnet_vq_valid(vn, idx))
		return -ENOENT;
	mutex_lock(&vn->lock);
	state->avail_index = vn->vqs[idx].last_avail;
	mutex_unlock(&vn->lock);
	return 0;
}

static u32 vnet_get_vq_align(struct mdevc_device *mdev)
{
	return PAGE_SIZE;
}

static u64 vnet_get_device_features(struct mdevc_device *mdev)
{
	return vnet_of(mdev)->dev_features;
}

static int vnet_set_driver_features(struct mdevc_device *mdev, u64 features)
{
	struct sfnic_vnet *vn = vnet_of(mdev);
	int ret = 0;

	mutex_lock(&vn->lock);
	/* Features are fixed once FEATURES_OK was accepted. */
	if (READ_ONCE(vn->status) & VIRTIO_CONFIG_S_FEATURES_OK)
		ret = -EBUSY;
	else
		vn->drv_features = features;
	mutex_unlock(&vn->lock);
	return ret;
}

static u64 vnet_get_driver_features(struct mdevc_device *mdev)
{
	return vnet_of(mdev)->drv_features;
}

static void vnet_set_config_cb(struct mdevc_device *mdev,
			       const struct mdevc_virtio_callback *cb)
{
	struct sfnic_vnet *vn = vnet_of(mdev);

	spin_lock_bh(&vn->cfg_cb_lock);
	vn->config_cb = *cb;
	spin_unlock_bh(&vn->cfg_cb_lock);
}

static u32 vnet_get_device_id(struct mdevc_device *mdev)
{
	return VIRTIO_ID_NET;
}

static u32 vnet_get_vendor_id(struct mdevc_device *mdev)
{
	return SFNIC_VNET_VENDOR_ID;
}

static u8 vnet_get_status(struct mdevc_device *mdev)
{
	struct sfnic_vnet *vn = vnet_of(mdev);
	u8 status;

	spin_lock_bh(&vn->slock);
	status = vn->status;
	spin_unlock_bh(&vn->slock);
	return status;
}

/* Stop the queues and the port, and free what vnet_start() made: once this
 * returned no worker runs and no callback is called until the next start.
 * Lock held.
 */
static void vnet_stop(struct sfnic_vnet *vn)
{
	struct sfnic_vnet_vq *vq;
	u16 i;

	lockdep_assert_held(&vn->lock);
	spin_lock_bh(&vn->slock);
	WRITE_ONCE(vn->running, false);
	spin_unlock_bh(&vn->slock);

	for (i = 0; i < vn->nvqs; i++)
		cancel_work_sync(&vn->vqs[i].work);
	/* A control command being processed finishes before this returns. */
	spin_lock_bh(&vn->ctrl_lock);
	spin_unlock_bh(&vn->ctrl_lock);

	if (vn->port_started) {
		vn->cfg.port->stop(vn->cfg.port_priv);
		vn->port_started = false;
		/* A notification racing with the stop may have queued one. */
		for (i = 0; i < vn->nvqs; i++)
			cancel_work_sync(&vn->vqs[i].work);
	}
	for (i = 0; i < vn->nvqs; i++) {
		vq = &vn->vqs[i];
		kfree_skb(vq->rx_pending);
		vq->rx_pending = NULL;
		kfree(vq->segs);
		vq->segs = NULL;
		kfree(vq->bufs);
		vq->bufs = NULL;
	}
}

/* The device cannot go on: NEEDS_RESET, and a configuration interrupt. */
static void vnet_needs_reset(struct sfnic_vnet *vn)
{
	spin_lock_bh(&vn->slock);
	WRITE_ONCE(vn->running, false);
	vn->status |= VIRTIO_CONFIG_S_NEEDS_RESET;
	vn->generation++;
	spin_unlock_bh(&vn->slock);
	sfnic_vnet_config_irq(vn);
}

/* DRIVER_OK: check the queues ready now, make their scratch room, start
 * the port, run. Called once per reset cycle: DRIVER_OK cannot be cleared
 * but by a reset. On failure nothing is left made and the device needs a
 * reset. Lock held.
 */
static void vnet_start(struct sfnic_vnet *vn)
{
	struct sfnic_vnet_vq *vq;
	int err;
	u16 i;

	lockdep_assert_held(&vn->lock);
	for (i = 0; i < vn->nvqs; i++) {
		vq = &vn->vqs[i];
		if (!vq->ready)
			continue;
		err = sfnic_vnet_vq_check(vq);
		if (err) {
			/* Counted, NEEDS_RESET, configuration interrupt */
			sfnic_vnet_fail(vq, err);
			goto err_stop;
		}
		vq->segs = kcalloc(vq->num, sizeof(*vq->segs), GFP_KERNEL);
		vq->bufs = kcalloc(vq->num, sizeof(*vq->bufs), GFP_KERNEL);
		if (!vq->segs || !vq->bufs) {
			err = -ENOMEM;
			goto err_break;
		}
	}

	err = vn->cfg.port->start(vn->cfg.port_priv, vn->cfg.max_qps);
	if (err)
		goto err_break;
	vn->port_started = true;

	spin_lock_bh(&vn->slock);
	if (!(vn->status & VIRTIO_CONFIG_S_NEEDS_RESET))
		WRITE_ONCE(vn->running, true);
	spin_unlock_bh(&vn->slock);

	/* Buffers or frames may be waiting already. */
	for (i = 0; i < vn->nvqs; i++)
		if (vn->vqs[i].ready && !sfnic_vnet_is_ctrl(&vn->vqs[i]))
			queue_work(system_wq, &vn->vqs[i].work);
	return;

err_break:
	vnet_stop(vn);
	dev_err_ratelimited(vn->cfg.dev,
			    "virtio-net: cannot start: %d: device needs reset\n",
			    err);
	vnet_needs_reset(vn);
	return;
err_stop:
	vnet_stop(vn);
}

static bool vnet_features_ok(struct sfnic_vnet *vn)
{
	return !(vn->drv_features & ~vn->dev_features) &&
	       (vn->drv_features & BIT_ULL(VIRTIO_F_VERSION_1));
}

/* The device status machine of virtio 1.1, 2.1 and 3.1.1: the driver sets
 * bits, only a reset (writing 0) clears them; the device sets FEATURES_OK
 * only for features it accepts, runs from DRIVER_OK (which needs
 * FEATURES_OK) and stops for good when the driver sets FAILED; only the
 * device sets NEEDS_RESET. Everything else the driver writes is ignored,
 * with a rate-limited line: the driver may be a VFIO user.
 */
static void vnet_set_status(struct mdevc_device *mdev, u8 status)
{
	struct sfnic_vnet *vn = vnet_of(mdev);
	struct device *dev = vn->cfg.dev;
	u8 old, set;

	mutex_lock(&vn->lock);
	if (!status) {
		sfnic_vnet_reset_locked(vn);
		goto out;
	}
	old = READ_ONCE(vn->status);
	if (old & ~status & ~VIRTIO_CONFIG_S_NEEDS_RESET)
		dev_warn_ratelimited(dev,
				     "virtio-net: status 0x%02x would clear bits of 0x%02x: only a reset does\n",
				     status, old);
	set = status & ~old & ~VIRTIO_CONFIG_S_NEEDS_RESET;
	if ((set & VIRTIO_CONFIG_S_FEATURES_OK) && !vnet_features_ok(vn))
		set &= ~VIRTIO_CONFIG_S_FEATURES_OK;
	if ((set & VIRTIO_CONFIG_S_DRIVER_OK) &&
	    !((old | set) & VIRTIO_CONFIG_S_FEATURES_OK)) {
		dev_warn_ratelimited(dev,
				     "virtio-net: DRIVER_OK without FEATURES_OK ignored\n");
		set &= ~VIRTIO_CONFIG_S_DRIVER_OK;
	}

	/* NEEDS_RESET may be set meanwhile by a worker: keep it. */
	spin_lock_bh(&vn->slock);
	vn->status |= set;
	spin_unlock_bh(&vn->slock);

	if ((old | set) & VIRTIO_CONFIG_S_FAILED) {
		/* The driver gave up on the device: stop it until reset. */
		if (set & VIRTIO_CONFIG_S_FAILED)
			vnet_stop(vn);
	} else if (set & VIRTIO_CONFIG_S_DRIVER_OK) {
		vnet_start(vn);
	}
out:
	mutex_unlock(&vn->lock);
}

/**
 * sfnic_vnet_reset_locked() - reset the device
 * @vn: the device, its lock held
 *
 * Stops the queues and the port, forgets the queues, the features and the
 * callbacks: no callback runs once this returned.
 *
 * Return: 0.
 */
int sfnic_vnet_reset_locked(struct sfnic_vnet *vn)
{
	struct mdevc_virtio_callback none = {};
	struct sfnic_vnet_vq *vq;
	u16 i;

	lockdep_assert_held(&vn->lock);
	vnet_stop(vn);
	sfnic_vnet_inject_free(vn);

	for (i = 0; i < vn->nvqs; i++) {
		vq = &vn->vqs[i];
		vq->ready = false;
		vq->num = 0;
		vq->desc = 0;
		vq->avail = 0;
		vq->used = 0;
		vq->last_avail = 0;
		vq->used_idx = 0;
		spin_lock_bh(&vq->cb_lock);
		vq->cb = none;
		spin_unlock_bh(&vq->cb_lock);
	}
	spin_lock_bh(&vn->cfg_cb_lock);
	vn->config_cb = none;
	spin_unlock_bh(&vn->cfg_cb_lock);

	vn->drv_features = 0;
	spin_lock_bh(&vn->slock);
	vn->status = 0;
	WRITE_ONCE(vn->cur_qps, 1);
	spin_unlock_bh(&vn->slock);
	atomic_inc(&vn->resets);
	return 0;
}

static int vnet_reset(struct mdevc_device *mdev)
{
	struct sfnic_vnet *vn = vnet_of(mdev);
	int ret;

	mutex_lock(&vn->lock);
	ret = sfnic_vnet_reset_locked(vn);
	mutex_unlock(&vn->lock);
	return ret;
}

static size_t vnet_get_config_size(struct mdevc_device *mdev)
{
	return sizeof(struct virtio_net_config);
}

static void vnet_get_config(struct mdevc_device *mdev, unsigned int offset,
			    void *buf, unsigned int len)
{
	struct sfnic_vnet *vn = vnet_of(mdev);

	if (offset > sizeof(vn->net_cfg) ||
	    len > sizeof(vn->net_cfg) - offset) {
		memset(buf, 0, len);
		return;
	}
	spin_lock_bh(&vn->slock);
	memcpy(buf, (u8 *)&vn->net_cfg + offset, len);
	spin_unlock_bh(&vn->slock);
}

static void vnet_set_config(struct mdevc_device *mdev, unsigned int offset,
			    const void *buf, unsigned int len)
{
	/* Every field of a VERSION_1 virtio-net device is read-only. */
}

static u32 vnet_get_generation(struct mdevc_device *mdev)
{
	struct sfnic_vnet *vn = vnet_of(mdev);

	return READ_ONCE(vn->generation);
}

/* The mdevc virtio class ops of engine devices: every op finds its
 * &struct sfnic_vnet as the mdevc parent data.
 */
const struct mdevc_virtio_ops sfnic_vnet_virtio_ops = {
	.set_vq_address		= vnet_set_vq_address,
	.set_vq_num		= vnet_set_vq_num,
	.get_vq_num_max		= vnet_get_vq_num_max,
	.kick_vq		= vnet_kick_vq,
	.set_vq_cb		= vnet_set_vq_cb,
	.set_vq_ready		= vnet_set_vq_ready,
	.get_vq_ready		= vnet_get_vq_ready,
	.set_vq_state		= vnet_set_vq_state,
	.get_vq_state		= vnet_get_vq_state,
	.get_vq_align		= vnet_get_vq_align,
	.get_device_features	= vnet_get_device_features,
	.set_driver_features	= vnet_set_driver_features,
	.get_driver_features	= vnet_get_driver_features,
	.set_config_cb		= vnet_set_config_cb,
	.get_device_id		= vnet_get_device_id,
	.get_vendor_id		= vnet_get_vendor_id,
	.get_status		= vnet_get_status,
	.set_status		= vnet_set_status,
	.reset			= vnet_reset,
	.get_config_size	= vnet_get_config_size,
	.get_config		= vnet_get_config,
	.set_config		= vnet_set_config,
	.get_generation		= vnet_get_generation,
};

/**
 * sfnic_vnet_rx_notify() - the port has frames for a queue pair
 * @vn: the device
 * @qp: the queue pair
 *
 * Any context. The frames are taken with &sfnic_vnet_port_ops.rx when the
 * receive queue is processed: that of queue pair @qp modulo the number of
 * queue pairs the driver uses.
 */
void sfnic_vnet_rx_notify(struct sfnic_vnet *vn, u16 qp)
{
	if (qp < vn->cfg.max_qps && READ_ONCE(vn->running))
		queue_work(system_wq,
			   &vn->vqs[2 * (qp % READ_ONCE(vn->cur_qps))].work);
}

/**
 * sfnic_vnet_set_link() - change the link state the driver sees
 * @vn: the device
 * @up: the new state
 *
 * Any context. Updates the configuration space status field and raises a
 * configuration change interrupt.
 */
void sfnic_vnet_set_link(struct sfnic_vnet *vn, bool up)
{
	u16 status = up ? VIRTIO_NET_S_LINK_UP : 0;
	bool notify;

	spin_lock_bh(&vn->slock);
	notify = le16_to_cpu((__force __le16)vn->net_cfg.status) != status;
	vn->net_cfg.status = (__force __virtio16)cpu_to_le16(status);
	if (notify)
		vn->generation++;
	notify &= !!(vn->status & VIRTIO_CONFIG_S_DRIVER_OK);
	spin_unlock_bh(&vn->slock);
	if (notify)
		sfnic_vnet_config_irq(vn);
}

/**
 * sfnic_vnet_priv() - the owner's pointer of a device
 * @vn: the device
 *
 * Return: &sfnic_vnet_config.priv.
 */
void *sfnic_vnet_priv(struct sfnic_vnet *vn)
{
	return vn->cfg.priv;
}

/**
 * sfnic_vnet_create() - make a virtio-net device
 * @cfg: its configuration, copied
 *
 * Return: the device, reset, or an ERR_PTR().
 */
struct sfnic_vnet *sfnic_vnet_create(const struct sfnic_vnet_config *cfg)
{
	struct sfnic_vnet *vn;
	u16 nvqs, i;

	if (!cfg->mem || !cfg->port || !cfg->port->start ||
	    !cfg->port->stop || !cfg->port->xmit ||
	    !cfg->max_qps || cfg->max_qps > SFNIC_VNET_MAX_QPS ||
	    cfg->mtu < ETH_MIN_MTU || cfg->mtu > 9000 ||
	    !is_valid_ether_addr(cfg->mac))
		return ERR_PTR(-EINVAL);

	nvqs = 2 * cfg->max_qps + (cfg->max_qps > 1);
	vn = kzalloc(struct_size(vn, vqs, nvqs), GFP_KERNEL);
	if (!vn)
		return ERR_PTR(-ENOMEM);
	vn->cfg = *cfg;
	vn->nvqs = nvqs;
	vn->dev_features = BIT_ULL(VIRTIO_F_VERSION_1) |
			   BIT_ULL(VIRTIO_NET_F_MAC) |
			   BIT_ULL(VIRTIO_NET_F_STATUS) |
			   BIT_ULL(VIRTIO_NET_F_MTU) |
			   BIT_ULL(VIRTIO_NET_F_MRG_RXBUF);
	if (cfg->max_qps > 1)
		vn->dev_features |= BIT_ULL(VIRTIO_NET_F_CTRL_VQ) |
				    BIT_ULL(VIRTIO_NET_F_MQ);
	mutex_init(&vn->lock);
	spin_lock_init(&vn->slock);
	spin_lock_init(&vn->ctrl_lock);
	spin_lock_init(&vn->cfg_cb_lock);
	vn->cur_qps = 1;

	ether_addr_copy(vn->net_cfg.mac, cfg->mac);
	vn->net_cfg.status = (__force __virtio16)
		cpu_to_le16(cfg->link_up ? VIRTIO_NET_S_LINK_UP : 0);
	vn->net_cfg.max_virtqueue_pairs = (__force __virtio16)
		cpu_to_le16(cfg->max_qps);
	vn->net_cfg.mtu = (__force __virtio16)cpu_to_le16(cfg->mtu);

	for (i = 0; i < nvqs; i++) {
		vn->vqs[i].vn = vn;
		vn->vqs[i].index = i;
		spin_lock_init(&vn->vqs[i].cb_lock);
		INIT_WORK(&vn->vqs[i].work, sfnic_vnet_vq_work);
	}
	return vn;
}

/**
 * sfnic_vnet_destroy() - free a virtio-net device
 * @vn: the device, no longer reachable by the driver (the bridge unbound)
 *
 * Resets it first, which stops the port.
 */
void sfnic_vnet_destroy(struct sfnic_vnet *vn)
{
	mutex_lock(&vn->lock);
	sfnic_vnet_reset_locked(vn);
	mutex_unlock(&vn->lock);
	mutex_destroy(&vn->lock);
	kfree(vn);
}
