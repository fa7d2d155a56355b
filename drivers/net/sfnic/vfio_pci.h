/* SPDX-License-Identifier: GPL-2.0 */
/*
 * sfnic_vpci: a virtio device presented to a VFIO user as a modern (virtio
 * 1.x, non-transitional) virtio PCI function.
 *
 * The device itself is a virtio engine behind &struct mdevc_virtio_ops,
 * the same ops the virtio class bridge drives: this is the virtio PCI
 * transport in reverse. It emulates the PCI config space with the virtio
 * vendor capabilities and MSI-X, BAR0 with the common, ISR, device and
 * notify structures and BAR1 with the MSI-X table and PBA, and implements
 * a parent's &struct mdevc_vfio_ops with them. The engine reaches the
 * user's memory through sfnic_vpci_mem_ops (vfio_dma_rw by IOVA); its
 * interrupts become the eventfds the user set with VFIO_DEVICE_SET_IRQS.
 *
 * Everything the user writes is untrusted: registers are checked here,
 * rings by the engine, which stops in DEVICE_NEEDS_RESET on a bad one.
 */

#ifndef _SFNIC_VFIO_PCI_H
#define _SFNIC_VFIO_PCI_H

#include <linux/eventfd.h>
#include <linux/mdevc_virtio.h>
#include <linux/mutex.h>
#include <linux/spinlock.h>
#include <linux/types.h>

struct mdevc_device;
struct sfnic_vnet_mem_ops;

/* Virtqueues of a function: one queue pair, no control queue */
#define SFNIC_VPCI_MAX_VQS	2
/* MSI-X vectors: configuration changes, then one per virtqueue */
#define SFNIC_VPCI_NR_VECTORS	(SFNIC_VPCI_MAX_VQS + 1)
#define SFNIC_VPCI_CONFIG_SIZE	256
#define SFNIC_VPCI_MSIX_SIZE	4096

struct sfnic_vpci;

/**
 * struct sfnic_vpci_vq - the transport's registers of one virtqueue
 * @vp: the function.
 * @index: the virtqueue's index.
 * @size: queue_size.
 * @msix_vector: queue_msix_vector, or %VIRTIO_MSI_NO_VECTOR; read by the
 *	virtqueue's interrupt callback in any context.
 * @desc: queue_desc, the descriptor area's IOVA.
 * @avail: queue_driver (avail), the driver area's IOVA.
 * @used: queue_device (used), the device area's IOVA.
 */
struct sfnic_vpci_vq {
	struct sfnic_vpci *vp;
	u16 index;
	u16 size;
	u16 msix_vector;
	u64 desc;
	u64 avail;
	u64 used;
};

/**
 * struct sfnic_vpci - one virtio PCI function
 * @mdev: the vfio class mediated device presenting it.
 * @vops: the virtio engine's ops, called with @mdev.
 * @nvqs: number of virtqueues, at most %SFNIC_VPCI_MAX_VQS.
 * @lock: protects every member from @config to @vqs, and serialises the
 *	user's accesses (and so the calls into @vops).
 * @config: the PCI config space.
 * @msix: BAR1: the MSI-X table and PBA, plain memory.
 * @dfeat_sel: device_feature_select.
 * @gfeat_sel: driver_feature_select.
 * @features: driver_feature, as written so far.
 * @msix_config: config_msix_vector; read by the configuration callback
 *	in any context.
 * @queue_sel: queue_select.
 * @vqs: the virtqueues' registers.
 * @isr: the ISR status, set by the callbacks, cleared by reading it.
 * @irq_lock: protects @msix_trigger and @req_trigger: the engine's
 *	callbacks signal them in any context.
 * @msix_trigger: eventfd of each MSI-X vector, or NULL.
 * @req_trigger: eventfd of the device request IRQ, or NULL.
 */
struct sfnic_vpci {
	struct mdevc_device *mdev;
	const struct mdevc_virtio_ops *vops;
	u16 nvqs;

	struct mutex lock; /* see @lock above */
	u8 config[SFNIC_VPCI_CONFIG_SIZE];
	u8 msix[SFNIC_VPCI_MSIX_SIZE];
	u32 dfeat_sel;
	u32 gfeat_sel;
	u64 features;
	u16 msix_config;
	u16 queue_sel;
	struct sfnic_vpci_vq vqs[SFNIC_VPCI_MAX_VQS];

	atomic_t isr;
	spinlock_t irq_lock; /* see @irq_lock above */
	struct eventfd_ctx *msix_trigger[SFNIC_VPCI_NR_VECTORS];
	struct eventfd_ctx *req_trigger;
};

extern const struct sfnic_vnet_mem_ops sfnic_vpci_mem_ops;

struct sfnic_vpci *sfnic_vpci_create(struct mdevc_device *mdev,
				     const struct mdevc_virtio_ops *vops,
				     u16 nvqs);
void sfnic_vpci_destroy(struct sfnic_vpci *vp);
int sfnic_vpci_open(struct sfnic_vpci *vp);
void sfnic_vpci_close(struct sfnic_vpci *vp);
ssize_t sfnic_vpci_read(struct sfnic_vpci *vp, char __user *buf,
			size_t count, loff_t *ppos);
ssize_t sfnic_vpci_write(struct sfnic_vpci *vp, const char __user *buf,
			 size_t count, loff_t *ppos);
long sfnic_vpci_ioctl(struct sfnic_vpci *vp, unsigned int cmd,
		      unsigned long arg);
void sfnic_vpci_request(struct sfnic_vpci *vp, unsigned int count);

#endif /* _SFNIC_VFIO_PCI_H */
