/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vnet_pci: a virtio-net function presented to a VFIO user as a modern
 * (virtio 1.x, non-transitional) virtio-net PCI device.
 *
 * The presentation (vnet_pci.c) emulates the PCI config space with the
 * virtio vendor capabilities and MSI-X, BAR0 (common, ISR, device and
 * notify structures) and BAR1 (the MSI-X table and PBA), and implements a
 * parent's &struct mdevc_vfio_ops on top of it. The datapath (vnet_vq.c)
 * walks the driver's split virtqueues in the user's memory, reached only
 * through mdevc_vfio_dma_rw(), and exchanges frames with a backend: a
 * representor, an eswitch vport.
 *
 * Everything the user writes is untrusted: a malformed ring puts the
 * device in the virtio error state (DEVICE_NEEDS_RESET) until the driver
 * resets it, never the kernel in trouble.
 */

#ifndef _VNET_PCI_H
#define _VNET_PCI_H

#include <linux/eventfd.h>
#include <linux/mutex.h>
#include <linux/skbuff.h>
#include <linux/types.h>
#include <linux/workqueue.h>

struct mdevc_device;
struct vm_area_struct;

#define VNET_PCI_NR_VQS		2	/* receiveq1, transmitq1 */
#define VNET_PCI_RXQ		0
#define VNET_PCI_TXQ		1
#define VNET_PCI_VQ_MAX		256	/* largest queue_size */
#define VNET_PCI_NR_VECTORS	(VNET_PCI_NR_VQS + 1)	/* + config */
#define VNET_PCI_RX_BACKLOG	256	/* frames waiting for RX buffers */

/**
 * struct vnet_pci_backend - where the function's frames go and come from
 * @xmit: the driver sent @skb on the transmit queue; the backend owns it.
 *	Called from process context without locks of vnet_pci held.
 *
 * Frames for the driver go the other way through vnet_pci_rx().
 */
struct vnet_pci_backend {
	void (*xmit)(void *ctx, struct sk_buff *skb);
};

/**
 * struct vnet_vq - a split virtqueue as the driver set it up
 * @size: queue_size, a power of 2 up to %VNET_PCI_VQ_MAX.
 * @msix_vector: queue_msix_vector, or %VIRTIO_MSI_NO_VECTOR.
 * @enabled: queue_enable.
 * @desc: IOVA of the descriptor table.
 * @avail: IOVA of the driver (available) ring.
 * @used: IOVA of the device (used) ring.
 * @last_avail: next available ring index the device will consume.
 * @used_idx: the device's used ring index.
 */
struct vnet_vq {
	u16 size;
	u16 msix_vector;
	bool enabled;
	u64 desc;
	u64 avail;
	u64 used;
	u16 last_avail;
	u16 used_idx;
};

/**
 * struct vnet_pci - one virtio-net PCI function
 * @mdev: the vfio class mediated device presenting it.
 * @be: the backend; @be_ctx is passed to its ops.
 * @be_ctx: the backend's context.
 * @mac: the function's MAC address, in the device config.
 * @lock: protects every member below it, and serialises the user's
 *	accesses with the datapath. Taken by the datapath worker around
 *	mdevc_vfio_dma_rw(), so never held while waiting for the worker.
 * @open: a user has the device open.
 * @config: the PCI config space.
 * @msix: BAR1: the MSI-X table and PBA, plain memory.
 * @dfeat_sel: device_feature_select.
 * @gfeat_sel: guest_feature_select.
 * @features: the driver's (guest) features.
 * @status: device_status.
 * @isr: the ISR status, cleared by reading it.
 * @generation: config_generation.
 * @msix_config: msix_config vector.
 * @queue_sel: queue_select.
 * @vqs: the virtqueues.
 * @msix_trigger: eventfd of each MSI-X vector, or NULL.
 * @req_trigger: eventfd of the device request IRQ, or NULL.
 * @rxq: frames waiting for RX buffers; its own lock, any context.
 * @work: the datapath: runs the queues in process context.
 * @tx_dropped: frames the driver sent that were malformed or oversized.
 * @rx_dropped: frames for the driver dropped: device stopped or backlog
 *	full (atomic: counted in any context).
 */
struct vnet_pci {
	struct mdevc_device *mdev;
	const struct vnet_pci_backend *be;
	void *be_ctx;
	u8 mac[ETH_ALEN];

	struct mutex lock; /* see @lock above */
	bool open;
	u8 config[256];
	u8 msix[4096];
	u32 dfeat_sel;
	u32 gfeat_sel;
	u64 features;
	u8 status;
	u8 isr;
	u8 generation;
	u16 msix_config;
	u16 queue_sel;
	struct vnet_vq vqs[VNET_PCI_NR_VQS];
	struct eventfd_ctx *msix_trigger[VNET_PCI_NR_VECTORS];
	struct eventfd_ctx *req_trigger;
	u64 tx_dropped;

	struct sk_buff_head rxq;
	struct work_struct work;
	atomic64_t rx_dropped;
};

/* vnet_pci.c: the PCI presentation, the parent's vfio class ops */
struct vnet_pci *vnet_pci_create(struct mdevc_device *mdev, const u8 *mac,
				 const struct vnet_pci_backend *be,
				 void *be_ctx);
void vnet_pci_destroy(struct vnet_pci *vp);
int vnet_pci_open(struct vnet_pci *vp);
void vnet_pci_close(struct vnet_pci *vp);
ssize_t vnet_pci_read(struct vnet_pci *vp, char __user *buf, size_t count,
		      loff_t *ppos);
ssize_t vnet_pci_write(struct vnet_pci *vp, const char __user *buf,
		       size_t count, loff_t *ppos);
long vnet_pci_ioctl(struct vnet_pci *vp, unsigned int cmd,
		    unsigned long arg);
void vnet_pci_request(struct vnet_pci *vp, unsigned int count);
void vnet_pci_rx(struct vnet_pci *vp, struct sk_buff *skb);

/* vnet_vq.c: the datapath, called with @lock held unless said */
void vnet_vq_reset(struct vnet_vq *vq);
int vnet_vq_enable(struct vnet_pci *vp, struct vnet_vq *vq);
void vnet_vq_work(struct work_struct *work);
void vnet_pci_device_error(struct vnet_pci *vp, const char *why);
void vnet_pci_irq(struct vnet_pci *vp, u16 vector);

#endif /* _VNET_PCI_H */
