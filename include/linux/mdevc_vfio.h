/* SPDX-License-Identifier: GPL-2.0 */
/*
 * mdevc: the operations a parent provides for its vfio class devices.
 */

#ifndef _LINUX_MDEVC_VFIO_H
#define _LINUX_MDEVC_VFIO_H

#include <linux/compiler_types.h>
#include <linux/types.h>

struct mdevc_device;
struct vm_area_struct;

/**
 * struct mdevc_vfio_ops - vfio class operations of a parent
 * @open_device: the first user opened the device: prepare it for use.
 *	Returns 0 or a negative errno, which the opener sees.
 * @close_device: the last user closed the device: quiesce it and drop what
 *	@open_device set up (DMA mappings and pinned pages included).
 * @read: read @count bytes of a device region into the user buffer @buf,
 *	at the region and offset encoded in *@ppos as by vfio-pci
 *	(``VFIO_PCI_OFFSET_TO_INDEX``). Returns the number of bytes read or a
 *	negative errno, and advances *@ppos.
 * @write: write @count bytes from the user buffer @buf to a device region,
 *	at the region and offset encoded in *@ppos. Returns the number of
 *	bytes written or a negative errno, and advances *@ppos.
 * @ioctl: handle a device ioctl (``VFIO_DEVICE_GET_INFO``,
 *	``VFIO_DEVICE_GET_REGION_INFO``, ``VFIO_DEVICE_SET_IRQS``,
 *	``VFIO_DEVICE_RESET``...) with argument @arg, a user pointer for most
 *	commands. Returns 0, a positive value defined by @cmd, or a negative
 *	errno (-ENOTTY for an unknown @cmd).
 * @mmap: map a device region into the user's @vma, whose offset encodes the
 *	region as for @read. Returns 0 or a negative errno.
 * @request: the kernel asks for the device back, for the @count th time:
 *	ask the user to release it (signal the request eventfd, if any).
 *	Optional.
 * @dma_unmap: the IOVA range [@iova, @iova + @length) is about to be
 *	unmapped from the container: unpin every page pinned in it and stop
 *	any DMA to it. Required if the device pins pages.
 *
 * These mirror the members of the kernel's &struct vfio_device_ops of the
 * same names; the vfio class bridge driver calls them for the device it
 * registered for @mdev. Each member receives the mediated device; a parent
 * finds its own context with mdevc_get_parent_data().
 */
struct mdevc_vfio_ops {
	int (*open_device)(struct mdevc_device *mdev);
	void (*close_device)(struct mdevc_device *mdev);
	ssize_t (*read)(struct mdevc_device *mdev, char __user *buf,
			size_t count, loff_t *ppos);
	ssize_t (*write)(struct mdevc_device *mdev, const char __user *buf,
			 size_t count, loff_t *ppos);
	long (*ioctl)(struct mdevc_device *mdev, unsigned int cmd,
		      unsigned long arg);
	int (*mmap)(struct mdevc_device *mdev, struct vm_area_struct *vma);
	void (*request)(struct mdevc_device *mdev, unsigned int count);
	void (*dma_unmap)(struct mdevc_device *mdev, u64 iova, u64 length);
};

struct page;

/**
 * struct mdevc_vfio_dma_ops - a vfio class driver's access to user memory
 * @dma_rw: copy to or from the user's memory at an I/O virtual address,
 *	as vfio_dma_rw().
 * @pin_pages: pin pages of the user's memory, as vfio_pin_pages().
 * @unpin_pages: undo @pin_pages, as vfio_unpin_pages().
 *
 * The class driver bound to a vfio class device (mdevc_vfio) hands these
 * to the core with mdevc_vfio_set_dma_ops() for as long as it is bound.
 * The parent reaches them through mdevc_vfio_dma_rw() and its siblings, so
 * that a parent driver depends on the mdevc core only, never on VFIO.
 */
struct mdevc_vfio_dma_ops {
	int (*dma_rw)(struct mdevc_device *mdev, dma_addr_t iova, void *data,
		      size_t len, bool write);
	int (*pin_pages)(struct mdevc_device *mdev, dma_addr_t iova,
			 int npage, int prot, struct page **pages);
	void (*unpin_pages)(struct mdevc_device *mdev, dma_addr_t iova,
			    int npage);
};

void mdevc_vfio_set_dma_ops(struct mdevc_device *mdev,
			    const struct mdevc_vfio_dma_ops *ops);
int mdevc_vfio_dma_rw(struct mdevc_device *mdev, dma_addr_t iova, void *data,
		      size_t len, bool write);
int mdevc_vfio_pin_pages(struct mdevc_device *mdev, dma_addr_t iova,
			 int npage, int prot, struct page **pages);
void mdevc_vfio_unpin_pages(struct mdevc_device *mdev, dma_addr_t iova,
			    int npage);

#endif /* _LINUX_MDEVC_VFIO_H */
