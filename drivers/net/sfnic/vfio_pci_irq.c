// SPDX-License-Identifier: GPL-2.0
/*
 * sfnic_vpci: device ioctls, interrupts and DMA of a virtio PCI function
 * presented to a VFIO user.
 *
 * Interrupts: the engine's virtqueue and configuration callbacks (any
 * context) set the ISR and signal the eventfd of the MSI-X vector the
 * driver chose; VFIO_DEVICE_SET_IRQS swaps eventfds under &irq_lock.
 * DMA: the engine's accessor of driver memory is vfio_dma_rw() by IOVA,
 * through the vfio class driver; it sleeps, so the engine must call it in
 * process context only.
 */

#include <linux/mdevc.h>
#include <linux/mdevc_vfio.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <linux/vfio.h>
#include <linux/virtio_pci.h>

#include "model/vnet.h"
#include "vfio_pci_priv.h"

/* DMA */

static int sfnic_vpci_mem_read(void *priv, u64 addr, void *buf, u32 len)
{
	return mdevc_vfio_dma_rw(priv, addr, buf, len, false) ? -EFAULT : 0;
}

static int sfnic_vpci_mem_write(void *priv, u64 addr, const void *buf,
				u32 len)
{
	/* vfio_dma_rw() only reads @buf when writing */
	return mdevc_vfio_dma_rw(priv, addr, (void *)buf, len, true) ?
	       -EFAULT : 0;
}

/* sfnic_vpci_mem_ops: the engine's accessor of a VFIO user's memory.
 * Addresses are IOVAs of the user's container, looked up at each access:
 * one that is not mapped, or no longer, is -EFAULT. The private pointer
 * is the &struct mdevc_device; valid only while the device is open. May
 * sleep.
 */
const struct sfnic_vnet_mem_ops sfnic_vpci_mem_ops = {
	.read	= sfnic_vpci_mem_read,
	.write	= sfnic_vpci_mem_write,
};

/* Interrupts */

static void sfnic_vpci_signal(struct sfnic_vpci *vp, u16 vector)
{
	unsigned long flags;

	if (vector >= SFNIC_VPCI_NR_VECTORS)
		return;
	spin_lock_irqsave(&vp->irq_lock, flags);
	if (vp->msix_trigger[vector])
		eventfd_signal(vp->msix_trigger[vector], 1);
	spin_unlock_irqrestore(&vp->irq_lock, flags);
}

static irqreturn_t sfnic_vpci_vq_irq(void *private)
{
	struct sfnic_vpci_vq *vq = private;

	atomic_or(SFNIC_VPCI_ISR_QUEUE, &vq->vp->isr);
	sfnic_vpci_signal(vq->vp, READ_ONCE(vq->msix_vector));
	return IRQ_HANDLED;
}

static irqreturn_t sfnic_vpci_config_irq(void *private)
{
	struct sfnic_vpci *vp = private;

	atomic_or(VIRTIO_PCI_ISR_CONFIG, &vp->isr);
	sfnic_vpci_signal(vp, READ_ONCE(vp->msix_config));
	return IRQ_HANDLED;
}

/**
 * sfnic_vpci_set_callbacks() - give the engine our interrupt callbacks
 * @vp: the function, its lock held
 */
void sfnic_vpci_set_callbacks(struct sfnic_vpci *vp)
{
	struct mdevc_virtio_callback cb = {
		.callback = sfnic_vpci_config_irq,
		.private = vp,
	};
	unsigned int i;

	lockdep_assert_held(&vp->lock);
	vp->vops->set_config_cb(vp->mdev, &cb);
	cb.callback = sfnic_vpci_vq_irq;
	for (i = 0; i < vp->nvqs; i++) {
		cb.private = &vp->vqs[i];
		vp->vops->set_vq_cb(vp->mdev, i, &cb);
	}
}

static void sfnic_vpci_put_ctxs(struct eventfd_ctx **ctx, unsigned int n)
{
	unsigned int i;

	for (i = 0; i < n; i++) {
		if (ctx[i])
			eventfd_ctx_put(ctx[i]);
		ctx[i] = NULL;
	}
}

/* Swaps @n eventfds of IRQ @index from @start with @ctx */
static void sfnic_vpci_swap_triggers(struct sfnic_vpci *vp,
				     unsigned int index, unsigned int start,
				     struct eventfd_ctx **ctx, unsigned int n)
{
	struct eventfd_ctx **triggers;
	unsigned int i;

	spin_lock_irq(&vp->irq_lock);
	triggers = index == VFIO_PCI_MSIX_IRQ_INDEX ? vp->msix_trigger :
						      &vp->req_trigger;
	for (i = 0; i < n; i++)
		swap(triggers[start + i], ctx[i]);
	spin_unlock_irq(&vp->irq_lock);
}

/**
 * sfnic_vpci_put_triggers() - drop every eventfd the user set
 * @vp: the function, its engine reset (no callback running)
 */
void sfnic_vpci_put_triggers(struct sfnic_vpci *vp)
{
	struct eventfd_ctx *ctx[SFNIC_VPCI_NR_VECTORS] = { };

	sfnic_vpci_swap_triggers(vp, VFIO_PCI_MSIX_IRQ_INDEX, 0, ctx,
				 SFNIC_VPCI_NR_VECTORS);
	sfnic_vpci_put_ctxs(ctx, SFNIC_VPCI_NR_VECTORS);
	sfnic_vpci_swap_triggers(vp, VFIO_PCI_REQ_IRQ_INDEX, 0, ctx, 1);
	sfnic_vpci_put_ctxs(ctx, 1);
}

static u32 sfnic_vpci_irq_count(unsigned int index)
{
	switch (index) {
	case VFIO_PCI_MSIX_IRQ_INDEX:
		return SFNIC_VPCI_NR_VECTORS;
	case VFIO_PCI_REQ_IRQ_INDEX:
		return 1;
	default:
		return 0;
	}
}

/* DATA_EVENTFD: -1 releases a vector; all or nothing */
static int sfnic_vpci_set_eventfds(struct sfnic_vpci *vp,
				   const struct vfio_irq_set *hdr,
				   const s32 *fds)
{
	struct eventfd_ctx *ctx[SFNIC_VPCI_NR_VECTORS] = { };
	unsigned int i;

	for (i = 0; i < hdr->count; i++) {
		if (fds[i] == -1)
			continue;
		ctx[i] = eventfd_ctx_fdget(fds[i]);
		if (IS_ERR(ctx[i])) {
			int err = PTR_ERR(ctx[i]);

			ctx[i] = NULL;
			sfnic_vpci_put_ctxs(ctx, i);
			return err;
		}
	}
	sfnic_vpci_swap_triggers(vp, hdr->index, hdr->start, ctx, hdr->count);
	/* @ctx now holds the eventfds replaced */
	sfnic_vpci_put_ctxs(ctx, hdr->count);
	return 0;
}

/* DATA_NONE or DATA_BOOL: signal the vectors, as a loopback test */
static void sfnic_vpci_trigger(struct sfnic_vpci *vp,
			       const struct vfio_irq_set *hdr, const u8 *bools)
{
	struct eventfd_ctx **triggers;
	unsigned int i;

	spin_lock_irq(&vp->irq_lock);
	triggers = hdr->index == VFIO_PCI_MSIX_IRQ_INDEX ? vp->msix_trigger :
							   &vp->req_trigger;
	for (i = 0; i < hdr->count; i++)
		if ((!bools || bools[i]) && triggers[hdr->start + i])
			eventfd_signal(triggers[hdr->start + i], 1);
	spin_unlock_irq(&vp->irq_lock);
}

static long sfnic_vpci_set_irqs(struct sfnic_vpci *vp, unsigned long arg)
{
	unsigned long minsz = offsetofend(struct vfio_irq_set, count);
	struct eventfd_ctx *none[SFNIC_VPCI_NR_VECTORS] = { };
	struct vfio_irq_set hdr;
	size_t data_size = 0;
	u8 *data = NULL;
	u32 count;
	int err;

	if (copy_from_user(&hdr, (void __user *)arg, minsz))
		return -EFAULT;
	count = sfnic_vpci_irq_count(hdr.index);
	err = vfio_set_irqs_validate_and_prepare(&hdr, count,
						 VFIO_PCI_NUM_IRQS, &data_size);
	if (err)
		return err;
	/* Neither MSI-X vectors nor the request IRQ can be masked: -ENOTTY,
	 * as vfio_pci_set_irqs_ioctl() for an action it has no handler of
	 */
	if ((hdr.flags & VFIO_IRQ_SET_ACTION_TYPE_MASK) !=
	    VFIO_IRQ_SET_ACTION_TRIGGER)
		return -ENOTTY;
	if (data_size) {
		data = memdup_user((void __user *)(arg + minsz), data_size);
		if (IS_ERR(data))
			return PTR_ERR(data);
	}

	switch (hdr.flags & VFIO_IRQ_SET_DATA_TYPE_MASK) {
	case VFIO_IRQ_SET_DATA_EVENTFD:
		err = sfnic_vpci_set_eventfds(vp, &hdr, (s32 *)data);
		break;
	case VFIO_IRQ_SET_DATA_NONE:
		if (hdr.count) {
			sfnic_vpci_trigger(vp, &hdr, NULL);
			break;
		}
		/* count 0: disable the whole index */
		hdr.count = sfnic_vpci_irq_count(hdr.index);
		sfnic_vpci_swap_triggers(vp, hdr.index, 0, none, hdr.count);
		sfnic_vpci_put_ctxs(none, hdr.count);
		break;
	case VFIO_IRQ_SET_DATA_BOOL:
		sfnic_vpci_trigger(vp, &hdr, data);
		break;
	}
	kfree(data);
	return err;
}

/* Device information */

static long sfnic_vpci_get_info(unsigned long arg)
{
	unsigned long minsz = offsetofend(struct vfio_device_info, num_irqs);
	struct vfio_device_info info;

	if (copy_from_user(&info, (void __user *)arg, minsz))
		return -EFAULT;
	if (info.argsz < minsz)
		return -EINVAL;
	info.flags = VFIO_DEVICE_FLAGS_PCI | VFIO_DEVICE_FLAGS_RESET;
	info.num_regions = VFIO_PCI_NUM_REGIONS;
	info.num_irqs = VFIO_PCI_NUM_IRQS;
	return copy_to_user((void __user *)arg, &info, minsz) ? -EFAULT : 0;
}

static long sfnic_vpci_get_region_info(unsigned long arg)
{
	unsigned long minsz = offsetofend(struct vfio_region_info, offset);
	struct vfio_region_info info;

	if (copy_from_user(&info, (void __user *)arg, minsz))
		return -EFAULT;
	if (info.argsz < minsz || info.index >= VFIO_PCI_NUM_REGIONS)
		return -EINVAL;
	info.cap_offset = 0;
	info.offset = (u64)info.index << SFNIC_VPCI_OFFSET_SHIFT;
	info.size = sfnic_vpci_region_size(info.index);
	info.flags = info.size ? VFIO_REGION_INFO_FLAG_READ |
				 VFIO_REGION_INFO_FLAG_WRITE : 0;
	return copy_to_user((void __user *)arg, &info, minsz) ? -EFAULT : 0;
}

static long sfnic_vpci_get_irq_info(unsigned long arg)
{
	unsigned long minsz = offsetofend(struct vfio_irq_info, count);
	struct vfio_irq_info info;

	if (copy_from_user(&info, (void __user *)arg, minsz))
		return -EFAULT;
	if (info.argsz < minsz || info.index >= VFIO_PCI_NUM_IRQS)
		return -EINVAL;
	info.count = sfnic_vpci_irq_count(info.index);
	info.flags = info.count ? VFIO_IRQ_INFO_EVENTFD |
				  VFIO_IRQ_INFO_NORESIZE : 0;
	return copy_to_user((void __user *)arg, &info, minsz) ? -EFAULT : 0;
}

/**
 * sfnic_vpci_ioctl() - &mdevc_vfio_ops.ioctl of the function
 * @vp: the function
 * @cmd: a VFIO device ioctl
 * @arg: its user argument
 *
 * Return: 0, or a negative errno; -ENOTTY for an unknown @cmd.
 */
long sfnic_vpci_ioctl(struct sfnic_vpci *vp, unsigned int cmd,
		      unsigned long arg)
{
	switch (cmd) {
	case VFIO_DEVICE_GET_INFO:
		return sfnic_vpci_get_info(arg);
	case VFIO_DEVICE_GET_REGION_INFO:
		return sfnic_vpci_get_region_info(arg);
	case VFIO_DEVICE_GET_IRQ_INFO:
		return sfnic_vpci_get_irq_info(arg);
	case VFIO_DEVICE_SET_IRQS:
		return sfnic_vpci_set_irqs(vp, arg);
	case VFIO_DEVICE_RESET:
		mutex_lock(&vp->lock);
		sfnic_vpci_reset(vp);
		mutex_unlock(&vp->lock);
		return 0;
	default:
		return -ENOTTY;
	}
}

/**
 * sfnic_vpci_request() - &mdevc_vfio_ops.request of the function
 * @vp: the function
 * @count: how many times the kernel asked already
 *
 * Signals the request IRQ, if the user set one, so that the user closes
 * the device; VFIO asks again every 10 seconds until it is closed.
 */
void sfnic_vpci_request(struct sfnic_vpci *vp, unsigned int count)
{
	bool asked = false;

	spin_lock_irq(&vp->irq_lock);
	if (vp->req_trigger) {
		eventfd_signal(vp->req_trigger, 1);
		asked = true;
	}
	spin_unlock_irq(&vp->irq_lock);
	if (!count)
		dev_notice(mdevc_dev(vp->mdev), "%s\n", asked ?
			   "asked the user to release the device" :
			   "removal waits for the user to close the device");
}
