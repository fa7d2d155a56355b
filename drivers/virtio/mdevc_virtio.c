// SPDX-License-Identifier: GPL-2.0
/*
 * mdevc_virtio: the virtio class bridge of the mdevc bus.
 *
 * Every mdevc device of the virtio class becomes a virtio device on the
 * virtio bus, driven by the kernel's own virtio drivers. The virtio
 * transport below is nothing but the parent's &struct mdevc_virtio_ops,
 * reached through mdevc_get_virtio_ops(), the way virtio_vdpa sits on
 * &struct vdpa_config_ops.
 *
 * The rings are allocated by virtio_ring without the DMA API (the device
 * never offers VIRTIO_F_ACCESS_PLATFORM through this bridge), so the
 * addresses handed to the parent are physical addresses of kernel memory.
 */

#include <linux/mdevc.h>
#include <linux/mdevc_virtio.h>
#include <linux/module.h>
#include <linux/rcupdate.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/virtio.h>
#include <linux/virtio_config.h>
#include <linux/virtio_ring.h>

/**
 * struct mdevc_virtio_device - the virtio device of one mdevc device
 * @vdev: the virtio device registered on the virtio bus.
 * @mdev: the mdevc device it stands for.
 * @ops: the parent's virtio ops, cached at probe.
 * @lock: protects @vqs.
 * @vqs: the &struct mdevc_virtio_vq of each virtqueue set up.
 */
struct mdevc_virtio_device {
	struct virtio_device vdev;
	struct mdevc_device *mdev;
	const struct mdevc_virtio_ops *ops;
	spinlock_t lock;	/* protects vqs */
	struct list_head vqs;
};

/**
 * struct mdevc_virtio_vq - bridge state of one virtqueue
 * @vq: the virtqueue of virtio_ring.
 * @node: entry in &mdevc_virtio_device.vqs.
 */
struct mdevc_virtio_vq {
	struct virtqueue *vq;
	struct list_head node;
};

static struct mdevc_virtio_device *to_mvdev(struct virtio_device *vdev)
{
	return container_of(vdev, struct mdevc_virtio_device, vdev);
}

static void mdevc_virtio_get(struct virtio_device *vdev, unsigned int offset,
			     void *buf, unsigned int len)
{
	struct mdevc_virtio_device *mv = to_mvdev(vdev);

	mv->ops->get_config(mv->mdev, offset, buf, len);
}

static void mdevc_virtio_set(struct virtio_device *vdev, unsigned int offset,
			     const void *buf, unsigned int len)
{
	struct mdevc_virtio_device *mv = to_mvdev(vdev);

	mv->ops->set_config(mv->mdev, offset, buf, len);
}

static u32 mdevc_virtio_generation(struct virtio_device *vdev)
{
	struct mdevc_virtio_device *mv = to_mvdev(vdev);

	return mv->ops->get_generation ? mv->ops->get_generation(mv->mdev) : 0;
}

static u8 mdevc_virtio_get_status(struct virtio_device *vdev)
{
	struct mdevc_virtio_device *mv = to_mvdev(vdev);

	return mv->ops->get_status(mv->mdev);
}

/*
 * A device that set NEEDS_RESET completes nothing it is given until it is
 * reset, and the kernel's virtio drivers do not reset it: some would wait
 * for it forever (virtio_net spins on its control queue until the queue
 * completes the command or is broken). Break its queues, so that the
 * driver's calls fail instead; a reset makes new, unbroken ones.
 */
static void mdevc_virtio_check_broken(struct mdevc_virtio_device *mv)
{
	if (!(mv->ops->get_status(mv->mdev) & VIRTIO_CONFIG_S_NEEDS_RESET))
		return;
	dev_err_ratelimited(&mv->vdev.dev,
			    "device needs reset: its queues are broken\n");
	virtio_break_device(&mv->vdev);
}

static void mdevc_virtio_set_status(struct virtio_device *vdev, u8 status)
{
	struct mdevc_virtio_device *mv = to_mvdev(vdev);

	mv->ops->set_status(mv->mdev, status);
	/* A device may fail to start at DRIVER_OK. */
	if (status & VIRTIO_CONFIG_S_DRIVER_OK)
		mdevc_virtio_check_broken(mv);
}

static void mdevc_virtio_reset(struct virtio_device *vdev)
{
	struct mdevc_virtio_device *mv = to_mvdev(vdev);
	int err;

	/* The parent stops calling our callbacks before it returns. */
	err = mv->ops->reset(mv->mdev);
	if (err)
		dev_err(&vdev->dev, "device reset failed: %d\n", err);
}

static bool mdevc_virtio_notify(struct virtqueue *vq)
{
	struct mdevc_virtio_device *mv = to_mvdev(vq->vdev);

	mv->ops->kick_vq(mv->mdev, vq->index);
	return true;
}

/*
 * The callbacks run inside an RCU read-side section, so that
 * synchronize_cbs can wait for the ones in flight with synchronize_rcu().
 */
static irqreturn_t mdevc_virtio_vq_cb(void *private)
{
	struct mdevc_virtio_vq *info = private;
	irqreturn_t ret;

	rcu_read_lock();
	ret = vring_interrupt(0, info->vq);
	rcu_read_unlock();
	return ret;
}

static irqreturn_t mdevc_virtio_config_cb(void *private)
{
	struct mdevc_virtio_device *mv = private;

	rcu_read_lock();
	/* A device that stops for good tells with a configuration change. */
	mdevc_virtio_check_broken(mv);
	virtio_config_changed(&mv->vdev);
	rcu_read_unlock();
	return IRQ_HANDLED;
}

static void mdevc_virtio_synchronize_cbs(struct virtio_device *vdev)
{
	synchronize_rcu();
}

static struct virtqueue *
mdevc_virtio_setup_vq(struct virtio_device *vdev, unsigned int index,
		      vq_callback_t *callback, const char *name, bool ctx)
{
	struct mdevc_virtio_device *mv = to_mvdev(vdev);
	const struct mdevc_virtio_ops *ops = mv->ops;
	struct mdevc_virtio_vq_state state = {};
	struct mdevc_virtio_callback cb;
	struct mdevc_virtio_vq *info;
	struct virtqueue *vq;
	u16 max_num;
	int err;

	if (ops->get_vq_ready(mv->mdev, index))
		return ERR_PTR(-ENOENT);

	max_num = ops->get_vq_num_max(mv->mdev);
	if (!max_num)
		return ERR_PTR(-ENOENT);

	info = kzalloc(sizeof(*info), GFP_KERNEL);
	if (!info)
		return ERR_PTR(-ENOMEM);

	vq = vring_create_virtqueue(index, max_num, ops->get_vq_align(mv->mdev),
				    vdev, true, true, ctx, mdevc_virtio_notify,
				    callback, name);
	if (!vq) {
		err = -ENOMEM;
		goto err_free_info;
	}
	vq->num_max = max_num;
	info->vq = vq;
	vq->priv = info;

	cb.callback = callback ? mdevc_virtio_vq_cb : NULL;
	cb.private = info;
	ops->set_vq_cb(mv->mdev, index, &cb);
	ops->set_vq_num(mv->mdev, index, virtqueue_get_vring_size(vq));

	/* An index the device does not have fails here. */
	err = ops->set_vq_address(mv->mdev, index, virtqueue_get_desc_addr(vq),
				  virtqueue_get_avail_addr(vq),
				  virtqueue_get_used_addr(vq));
	if (err)
		goto err_del_vq;
	err = ops->set_vq_state(mv->mdev, index, &state);
	if (err)
		goto err_del_vq;
	ops->set_vq_ready(mv->mdev, index, true);

	spin_lock(&mv->lock);
	list_add(&info->node, &mv->vqs);
	spin_unlock(&mv->lock);
	return vq;

err_del_vq:
	cb.callback = NULL;
	ops->set_vq_cb(mv->mdev, index, &cb);
	vring_del_virtqueue(vq);
err_free_info:
	kfree(info);
	return ERR_PTR(err);
}

/* The device stops using the queue and calling its callback. */
static void mdevc_virtio_stop_vq(struct virtqueue *vq)
{
	struct mdevc_virtio_device *mv = to_mvdev(vq->vdev);
	struct mdevc_virtio_callback cb = {};

	mv->ops->set_vq_ready(mv->mdev, vq->index, false);
	mv->ops->set_vq_cb(mv->mdev, vq->index, &cb);
}

static void mdevc_virtio_del_vq(struct virtqueue *vq)
{
	struct mdevc_virtio_device *mv = to_mvdev(vq->vdev);
	struct mdevc_virtio_vq *info = vq->priv;

	spin_lock(&mv->lock);
	list_del(&info->node);
	spin_unlock(&mv->lock);
	vring_del_virtqueue(vq);
	kfree(info);
}

static void mdevc_virtio_del_vqs(struct virtio_device *vdev)
{
	struct virtqueue *vq, *n;

	list_for_each_entry(vq, &vdev->vqs, list)
		mdevc_virtio_stop_vq(vq);
	/* A callback that read an old one may still be running. */
	synchronize_rcu();
	list_for_each_entry_safe(vq, n, &vdev->vqs, list)
		mdevc_virtio_del_vq(vq);
}

static int mdevc_virtio_find_vqs(struct virtio_device *vdev,
				 unsigned int nvqs, struct virtqueue *vqs[],
				 vq_callback_t *callbacks[],
				 const char * const names[], const bool *ctx,
				 struct irq_affinity *desc)
{
	struct mdevc_virtio_device *mv = to_mvdev(vdev);
	struct mdevc_virtio_callback cb = {
		.callback = mdevc_virtio_config_cb,
		.private = mv,
	};
	unsigned int i, queue_idx = 0;
	int err;

	for (i = 0; i < nvqs; i++) {
		if (!names[i]) {
			vqs[i] = NULL;
			continue;
		}
		vqs[i] = mdevc_virtio_setup_vq(vdev, queue_idx++, callbacks[i],
					       names[i], ctx ? ctx[i] : false);
		if (IS_ERR(vqs[i])) {
			err = PTR_ERR(vqs[i]);
			goto err_del_vqs;
		}
	}

	mv->ops->set_config_cb(mv->mdev, &cb);
	return 0;

err_del_vqs:
	mdevc_virtio_del_vqs(vdev);
	return err;
}

static u64 mdevc_virtio_get_features(struct virtio_device *vdev)
{
	struct mdevc_virtio_device *mv = to_mvdev(vdev);

	/* Descriptors carry physical addresses: no IOMMU platform here. */
	return mv->ops->get_device_features(mv->mdev) &
	       ~BIT_ULL(VIRTIO_F_ACCESS_PLATFORM);
}

static int mdevc_virtio_finalize_features(struct virtio_device *vdev)
{
	struct mdevc_virtio_device *mv = to_mvdev(vdev);

	/* Give virtio_ring a chance to accept features. */
	vring_transport_features(vdev);
	return mv->ops->set_driver_features(mv->mdev, vdev->features);
}

static const char *mdevc_virtio_bus_name(struct virtio_device *vdev)
{
	return dev_name(mdevc_dev(to_mvdev(vdev)->mdev));
}

static const struct virtio_config_ops mdevc_virtio_config_ops = {
	.get			= mdevc_virtio_get,
	.set			= mdevc_virtio_set,
	.generation		= mdevc_virtio_generation,
	.get_status		= mdevc_virtio_get_status,
	.set_status		= mdevc_virtio_set_status,
	.reset			= mdevc_virtio_reset,
	.find_vqs		= mdevc_virtio_find_vqs,
	.del_vqs		= mdevc_virtio_del_vqs,
	.synchronize_cbs	= mdevc_virtio_synchronize_cbs,
	.get_features		= mdevc_virtio_get_features,
	.finalize_features	= mdevc_virtio_finalize_features,
	.bus_name		= mdevc_virtio_bus_name,
};

static void mdevc_virtio_release(struct device *dev)
{
	struct virtio_device *vdev = dev_to_virtio(dev);

	kfree(to_mvdev(vdev));
}

static int mdevc_virtio_probe(struct mdevc_device *mdev)
{
	const struct mdevc_virtio_ops *ops = mdevc_get_virtio_ops(mdev);
	struct mdevc_virtio_device *mv;
	int err;

	if (!ops)
		return -ENODEV;

	mv = kzalloc(sizeof(*mv), GFP_KERNEL);
	if (!mv)
		return -ENOMEM;
	mv->mdev = mdev;
	mv->ops = ops;
	spin_lock_init(&mv->lock);
	INIT_LIST_HEAD(&mv->vqs);
	mv->vdev.dev.parent = mdevc_dev(mdev);
	mv->vdev.dev.release = mdevc_virtio_release;
	mv->vdev.config = &mdevc_virtio_config_ops;
	mv->vdev.id.device = ops->get_device_id(mdev);
	mv->vdev.id.vendor = ops->get_vendor_id(mdev);
	if (!mv->vdev.id.device) {
		err = -ENODEV;
		goto err_free;
	}

	err = register_virtio_device(&mv->vdev);
	if (err)
		goto err_put;

	dev_set_drvdata(mdevc_dev(mdev), mv);
	return 0;

err_put:
	/* The device was initialized: its release frees @mv. */
	put_device(&mv->vdev.dev);
	return err;
err_free:
	kfree(mv);
	return err;
}

/*
 * Also the surprise removal path: the parent removes the mdevc device
 * while a virtio driver is using it. Unregistering unbinds that driver
 * (virtio_net unregisters its netdev, resets the device and deletes its
 * virtqueues) while the parent's ops still work, which they do until this
 * returns.
 */
static void mdevc_virtio_remove(struct mdevc_device *mdev)
{
	struct mdevc_virtio_device *mv = dev_get_drvdata(mdevc_dev(mdev));

	unregister_virtio_device(&mv->vdev);
	dev_set_drvdata(mdevc_dev(mdev), NULL);
}

static const struct mdevc_class_id mdevc_virtio_ids[] = {
	MDEVC_CLASS_ID(MDEVC_CLASS_VIRTIO),
	{ }
};

static struct mdevc_driver mdevc_virtio_driver = {
	.id_table	= mdevc_virtio_ids,
	.probe		= mdevc_virtio_probe,
	.remove		= mdevc_virtio_remove,
	.driver		= {
		.name	= "mdevc_virtio",
	},
};
module_mdevc_driver(mdevc_virtio_driver);

MODULE_ALIAS_MDEVC(MDEVC_CLASS_VIRTIO, 0);
MODULE_DESCRIPTION("virtio bridge for virtio class mdevc devices");
MODULE_LICENSE("GPL");
