// SPDX-License-Identifier: GPL-2.0
/*
 * vnet_vq: the datapath of a vnet_pci function, split virtqueues in the
 * memory of a VFIO user.
 *
 * The rings are read and written only through mdevc_vfio_dma_rw(), which
 * looks every IOVA up in the user's container: an IOVA that is not mapped,
 * or no longer mapped, fails the access. Every index read from the user's
 * memory is checked before use. A ring the device cannot make sense of
 * (an index out of range, a descriptor loop, an unreadable ring, an
 * indirect descriptor that was not negotiated) puts the function in the
 * virtio error state: DEVICE_NEEDS_RESET and a configuration interrupt;
 * the queues stop until the driver resets the device.
 */

#include <linux/etherdevice.h>
#include <linux/if_vlan.h>
#include <linux/mdevc.h>
#include <linux/mdevc_vfio.h>
#include <linux/virtio_byteorder.h>
#include <linux/virtio_config.h>
#include <linux/virtio_net.h>
#include <linux/virtio_pci.h>
#include <linux/virtio_ring.h>

#include "vnet_pci.h"

/* virtio 1.x: the header always has num_buffers */
#define VNET_HDR_LEN		sizeof(struct virtio_net_hdr_mrg_rxbuf)
#define VNET_TX_MAX		(VNET_HDR_LEN + VLAN_ETH_HLEN + 1500)
/* Frames sent per run of the worker before it lets others run */
#define VNET_TX_BUDGET		64
/* ISR bit of a queue interrupt (bit 1 is VIRTIO_PCI_ISR_CONFIG) */
#define VNET_ISR_QUEUE		0x1

/* Split ring layout, little endian (virtio 1.x) */
struct vnet_desc {
	__le64 addr;
	__le32 len;
	__le16 flags;
	__le16 next;
};

struct vnet_used_elem {
	__le32 id;
	__le32 len;
};

#define VNET_AVAIL_IDX		2
#define VNET_AVAIL_RING		4
#define VNET_USED_IDX		2
#define VNET_USED_RING		4

static int vnet_dma(struct vnet_pci *vp, u64 iova, void *buf, size_t len,
		    bool write)
{
	if (!len)
		return 0;
	return mdevc_vfio_dma_rw(vp->mdev, iova, buf, len, write);
}

/**
 * vnet_pci_irq() - signal an MSI-X vector
 * @vp: the function
 * @vector: the vector, or %VIRTIO_MSI_NO_VECTOR for none
 */
void vnet_pci_irq(struct vnet_pci *vp, u16 vector)
{
	lockdep_assert_held(&vp->lock);
	if (vector < VNET_PCI_NR_VECTORS && vp->msix_trigger[vector])
		eventfd_signal(vp->msix_trigger[vector], 1);
}

/**
 * vnet_pci_device_error() - enter the virtio error state
 * @vp: the function
 * @why: what the driver did wrong, for the kernel log (rate limited)
 *
 * The queues stop until the driver resets the device.
 */
void vnet_pci_device_error(struct vnet_pci *vp, const char *why)
{
	lockdep_assert_held(&vp->lock);
	if (vp->status & VIRTIO_CONFIG_S_NEEDS_RESET)
		return;
	dev_info_ratelimited(mdevc_dev(vp->mdev),
			     "device error, needs reset: %s\n", why);
	vp->status |= VIRTIO_CONFIG_S_NEEDS_RESET;
	vp->isr |= VIRTIO_PCI_ISR_CONFIG;
	vnet_pci_irq(vp, vp->msix_config);
}

/**
 * vnet_vq_reset() - a virtqueue as after a device reset
 * @vq: the virtqueue
 */
void vnet_vq_reset(struct vnet_vq *vq)
{
	memset(vq, 0, sizeof(*vq));
	vq->size = VNET_PCI_VQ_MAX;
	vq->msix_vector = VIRTIO_MSI_NO_VECTOR;
}

/**
 * vnet_vq_enable() - the driver enabled a virtqueue
 * @vp: the function
 * @vq: the virtqueue, with its size and ring addresses set
 *
 * Return: 0, or -EINVAL for misaligned or wrapping ring addresses.
 */
int vnet_vq_enable(struct vnet_pci *vp, struct vnet_vq *vq)
{
	u64 desc_len = (u64)vq->size * sizeof(struct vnet_desc);
	u64 avail_len = VNET_AVAIL_RING + 2ULL * vq->size + 2;
	u64 used_len = VNET_USED_RING +
		       (u64)vq->size * sizeof(struct vnet_used_elem) + 2;

	lockdep_assert_held(&vp->lock);
	if ((vq->desc & 15) || (vq->avail & 1) || (vq->used & 3) ||
	    vq->desc > U64_MAX - desc_len || vq->avail > U64_MAX - avail_len ||
	    vq->used > U64_MAX - used_len)
		return -EINVAL;
	vq->last_avail = 0;
	vq->used_idx = 0;
	vq->enabled = true;
	return 0;
}

/*
 * The head of the next available buffer: 1 and *@head if there is one,
 * 0 if none, a negative errno after putting the device in error.
 */
static int vnet_vq_next_avail(struct vnet_pci *vp, struct vnet_vq *vq,
			      u16 *head)
{
	u16 slot = vq->last_avail & (vq->size - 1);
	__le16 val;
	u16 idx;

	if (vnet_dma(vp, vq->avail + VNET_AVAIL_IDX, &val, sizeof(val),
		     false))
		goto err_dma;
	idx = le16_to_cpu(val);
	if (idx == vq->last_avail)
		return 0;
	if ((u16)(idx - vq->last_avail) > vq->size) {
		vnet_pci_device_error(vp, "available index out of range");
		return -EINVAL;
	}
	if (vnet_dma(vp, vq->avail + VNET_AVAIL_RING + 2 * slot, &val,
		     sizeof(val), false))
		goto err_dma;
	*head = le16_to_cpu(val);
	if (*head >= vq->size) {
		vnet_pci_device_error(vp, "descriptor head out of range");
		return -EINVAL;
	}
	vq->last_avail++;
	return 1;

err_dma:
	vnet_pci_device_error(vp, "available ring not mapped");
	return -EFAULT;
}

/*
 * Reads descriptor @idx of the chain into @d; @n counts the descriptors
 * walked so far, to catch loops. 0 or a negative errno (device in error).
 */
static int vnet_vq_desc(struct vnet_pci *vp, struct vnet_vq *vq, u16 idx,
			unsigned int n, struct vnet_desc *d)
{
	if (idx >= vq->size || n >= vq->size) {
		vnet_pci_device_error(vp, n >= vq->size ?
				      "descriptor chain loops" :
				      "descriptor index out of range");
		return -EINVAL;
	}
	if (vnet_dma(vp, vq->desc + (u64)idx * sizeof(*d), d, sizeof(*d),
		     false)) {
		vnet_pci_device_error(vp, "descriptor table not mapped");
		return -EFAULT;
	}
	if (le16_to_cpu(d->flags) & VRING_DESC_F_INDIRECT) {
		vnet_pci_device_error(vp, "indirect descriptor");
		return -EINVAL;
	}
	return 0;
}

static int vnet_vq_push_used(struct vnet_pci *vp, struct vnet_vq *vq,
			     u16 head, u32 len)
{
	struct vnet_used_elem elem = {
		.id = cpu_to_le32(head),
		.len = cpu_to_le32(len),
	};
	u16 slot = vq->used_idx & (vq->size - 1);
	__le16 idx;

	if (vnet_dma(vp, vq->used + VNET_USED_RING + slot * sizeof(elem),
		     &elem, sizeof(elem), true))
		goto err_dma;
	vq->used_idx++;
	idx = cpu_to_le16(vq->used_idx);
	if (vnet_dma(vp, vq->used + VNET_USED_IDX, &idx, sizeof(idx), true))
		goto err_dma;
	return 0;

err_dma:
	vnet_pci_device_error(vp, "used ring not mapped");
	return -EFAULT;
}

/*
 * Takes one frame off the transmit queue into @out (unless malformed):
 * 1 if a buffer was used, 0 if none was available, or a negative errno.
 */
static int vnet_vq_tx_one(struct vnet_pci *vp, struct vnet_vq *vq,
			  struct sk_buff_head *out)
{
	struct sk_buff *skb;
	struct vnet_desc d;
	bool bad = false;
	unsigned int n = 0;
	u16 head, idx, flags;
	u64 total = 0;
	int ret;

	ret = vnet_vq_next_avail(vp, vq, &head);
	if (ret <= 0)
		return ret;
	skb = alloc_skb(VNET_TX_MAX, GFP_KERNEL);
	if (!skb)
		bad = true;

	idx = head;
	do {
		u32 len;

		ret = vnet_vq_desc(vp, vq, idx, n++, &d);
		if (ret)
			goto err_free;
		flags = le16_to_cpu(d.flags);
		len = le32_to_cpu(d.len);
		if (flags & VRING_DESC_F_WRITE) {
			vnet_pci_device_error(vp, "write-only transmit buffer");
			ret = -EINVAL;
			goto err_free;
		}
		total += len;
		if (!bad && total <= VNET_TX_MAX) {
			ret = vnet_dma(vp, le64_to_cpu(d.addr),
				       skb_put(skb, len), len, false);
			if (ret) {
				vnet_pci_device_error(vp,
						      "transmit buffer not mapped");
				goto err_free;
			}
		}
		idx = le16_to_cpu(d.next);
	} while (flags & VRING_DESC_F_NEXT);

	ret = vnet_vq_push_used(vp, vq, head, 0);
	if (ret)
		goto err_free;
	if (bad || total > VNET_TX_MAX || total < VNET_HDR_LEN + ETH_HLEN) {
		vp->tx_dropped++;
		kfree_skb(skb);
		return 1;
	}
	skb_pull(skb, VNET_HDR_LEN);
	__skb_queue_tail(out, skb);
	return 1;

err_free:
	kfree_skb(skb);
	return ret;
}

/* Copies [@pos, @pos + @len) of header + frame to the user's @iova */
static int vnet_vq_rx_copy(struct vnet_pci *vp, const u8 *hdr,
			   struct sk_buff *skb, u32 pos, u64 iova, u32 len)
{
	u32 n;
	int err;

	if (pos < VNET_HDR_LEN) {
		n = min_t(u32, len, VNET_HDR_LEN - pos);
		err = vnet_dma(vp, iova, (void *)(hdr + pos), n, true);
		if (err)
			return err;
		pos += n;
		iova += n;
		len -= n;
	}
	return vnet_dma(vp, iova, skb->data + pos - VNET_HDR_LEN, len, true);
}

/*
 * Puts @skb (linear) in the next receive buffer: 1 if a buffer was used,
 * 0 if none was available, or a negative errno (device in error).
 */
static int vnet_vq_rx_one(struct vnet_pci *vp, struct vnet_vq *vq,
			  struct sk_buff *skb)
{
	struct virtio_net_hdr_mrg_rxbuf hdr = {
		.num_buffers = __cpu_to_virtio16(true, 1),
	};
	u32 total = VNET_HDR_LEN + skb->len, done = 0;
	struct vnet_desc d;
	unsigned int n = 0;
	u16 head, idx, flags;
	int ret;

	ret = vnet_vq_next_avail(vp, vq, &head);
	if (ret <= 0)
		return ret;

	idx = head;
	do {
		u32 len;

		ret = vnet_vq_desc(vp, vq, idx, n++, &d);
		if (ret)
			return ret;
		flags = le16_to_cpu(d.flags);
		if (!(flags & VRING_DESC_F_WRITE)) {
			vnet_pci_device_error(vp, "read-only receive buffer");
			return -EINVAL;
		}
		len = min(le32_to_cpu(d.len), total - done);
		if (vnet_vq_rx_copy(vp, (u8 *)&hdr, skb, done,
				    le64_to_cpu(d.addr), len)) {
			vnet_pci_device_error(vp, "receive buffer not mapped");
			return -EFAULT;
		}
		done += len;
		idx = le16_to_cpu(d.next);
	} while (flags & VRING_DESC_F_NEXT);

	/* A buffer too small for the frame comes back empty: dropped */
	if (done < total) {
		atomic64_inc(&vp->rx_dropped);
		done = 0;
	}
	ret = vnet_vq_push_used(vp, vq, head, done);
	return ret ? ret : 1;
}

static bool vnet_vq_running(struct vnet_pci *vp)
{
	return vp->open && (vp->status & VIRTIO_CONFIG_S_DRIVER_OK) &&
	       !(vp->status & VIRTIO_CONFIG_S_NEEDS_RESET);
}

/* Returns true if the budget ran out with frames left */
static bool vnet_vq_tx(struct vnet_pci *vp, struct sk_buff_head *out)
{
	struct vnet_vq *vq = &vp->vqs[VNET_PCI_TXQ];
	unsigned int budget = VNET_TX_BUDGET;
	bool used = false;
	int ret = 0;

	while (vq->enabled && budget) {
		ret = vnet_vq_tx_one(vp, vq, out);
		if (ret <= 0)
			break;
		used = true;
		budget--;
	}
	if (used && vnet_vq_running(vp)) {
		vp->isr |= VNET_ISR_QUEUE;
		vnet_pci_irq(vp, vq->msix_vector);
	}
	return !budget;
}

static void vnet_vq_rx(struct vnet_pci *vp)
{
	struct vnet_vq *vq = &vp->vqs[VNET_PCI_RXQ];
	struct sk_buff *skb;
	bool used = false;
	int ret;

	while (vq->enabled && vnet_vq_running(vp) &&
	       (skb = skb_dequeue(&vp->rxq))) {
		ret = vnet_vq_rx_one(vp, vq, skb);
		if (!ret) {
			/* No buffer: wait for the driver's next kick */
			skb_queue_head(&vp->rxq, skb);
			break;
		}
		consume_skb(skb);
		if (ret < 0)
			break;
		used = true;
	}
	if (used && vnet_vq_running(vp)) {
		vp->isr |= VNET_ISR_QUEUE;
		vnet_pci_irq(vp, vq->msix_vector);
	}
}

/**
 * vnet_vq_work() - the datapath worker of a function
 * @work: &vnet_pci.work
 *
 * Runs the transmit queue, then fills receive buffers with the frames
 * waiting in &vnet_pci.rxq, and signals the queues' vectors. Frames sent
 * by the driver go to the backend after the lock is dropped.
 */
void vnet_vq_work(struct work_struct *work)
{
	struct vnet_pci *vp = container_of(work, struct vnet_pci, work);
	struct sk_buff_head out;
	struct sk_buff *skb;
	bool more = false;

	__skb_queue_head_init(&out);
	mutex_lock(&vp->lock);
	if (vnet_vq_running(vp)) {
		more = vnet_vq_tx(vp, &out);
		vnet_vq_rx(vp);
	}
	if (!vnet_vq_running(vp))
		skb_queue_purge(&vp->rxq);
	mutex_unlock(&vp->lock);

	while ((skb = __skb_dequeue(&out)))
		vp->be->xmit(vp->be_ctx, skb);
	if (more)
		schedule_work(&vp->work);
}

/**
 * vnet_pci_rx() - a frame for the function's driver
 * @vp: the function
 * @skb: the frame; vnet_pci_rx() owns it
 *
 * Any context. The frame is dropped when the device is not running or
 * %VNET_PCI_RX_BACKLOG frames wait already for receive buffers.
 */
void vnet_pci_rx(struct vnet_pci *vp, struct sk_buff *skb)
{
	if (!READ_ONCE(vp->open) ||
	    skb_queue_len(&vp->rxq) >= VNET_PCI_RX_BACKLOG ||
	    skb_linearize(skb)) {
		atomic64_inc(&vp->rx_dropped);
		kfree_skb(skb);
		return;
	}
	skb_queue_tail(&vp->rxq, skb);
	schedule_work(&vp->work);
}
