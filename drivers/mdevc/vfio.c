// SPDX-License-Identifier: GPL-2.0
/*
 * mdevc: DMA of vfio class devices, for their parents.
 *
 * A parent emulating a vfio class device reaches its user's memory through
 * the VFIO container, which only the vfio class driver knows. The driver
 * lends its accessors to the core while it is bound, and the parent calls
 * them through here: the parent driver then depends on mdevc alone, not on
 * VFIO, and works with whichever vfio class driver binds its devices.
 */

#include <linux/bug.h>
#include <linux/errno.h>
#include <linux/mdevc.h>
#include <linux/mdevc_vfio.h>

#include "mdevc_private.h"

/**
 * mdevc_vfio_set_dma_ops() - lend a vfio class device's DMA accessors
 * @mdev: a device of the vfio class, bound to the caller
 * @ops: the accessors, or NULL to take them back
 *
 * For the vfio class driver: set them in probe before the device can be
 * opened, and take them back in remove once the last user closed it. The
 * parent only calls them while the device is open, so no lock is needed.
 */
void mdevc_vfio_set_dma_ops(struct mdevc_device *mdev,
			    const struct mdevc_vfio_dma_ops *ops)
{
	if (WARN_ON_ONCE(mdev->class != MDEVC_CLASS_VFIO))
		return;
	WRITE_ONCE(mdev->vfio_dma, ops);
}
EXPORT_SYMBOL_GPL(mdevc_vfio_set_dma_ops);

static const struct mdevc_vfio_dma_ops *
mdevc_vfio_dma(struct mdevc_device *mdev)
{
	const struct mdevc_vfio_dma_ops *ops = READ_ONCE(mdev->vfio_dma);

	WARN_ON_ONCE(!ops);
	return ops;
}

/**
 * mdevc_vfio_dma_rw() - access the memory of a vfio class device's user
 * @mdev: a vfio class device, open by its user
 * @iova: I/O virtual address in the user's container
 * @data: kernel buffer
 * @len: bytes to copy
 * @write: copy @data to the user's memory if true, from it otherwise
 *
 * The device's DMA, emulated by the CPU: the range is looked up in the
 * container at each call, so an unmapped or never mapped IOVA fails rather
 * than reaching stale memory. Only while the device is open, that is from
 * &mdevc_vfio_ops.open_device until &mdevc_vfio_ops.close_device returned,
 * and from process context: it may sleep.
 *
 * Return: 0, or a negative errno (-EFAULT for an IOVA not mapped, -ENODEV
 * when no vfio class driver is bound).
 */
int mdevc_vfio_dma_rw(struct mdevc_device *mdev, dma_addr_t iova, void *data,
		      size_t len, bool write)
{
	const struct mdevc_vfio_dma_ops *ops = mdevc_vfio_dma(mdev);

	return ops ? ops->dma_rw(mdev, iova, data, len, write) : -ENODEV;
}
EXPORT_SYMBOL_GPL(mdevc_vfio_dma_rw);

/**
 * mdevc_vfio_pin_pages() - pin pages of a vfio class device's user
 * @mdev: a vfio class device, open by its user
 * @iova: page aligned I/O virtual address in the user's container
 * @npage: number of pages, at most %VFIO_PIN_PAGES_MAX_ENTRIES
 * @prot: %IOMMU_READ and/or %IOMMU_WRITE
 * @pages: out: the pinned pages
 *
 * As vfio_pin_pages(), while the device is open. The parent must unpin
 * every page of a range when &mdevc_vfio_ops.dma_unmap reports the range
 * is going away, and everything at close.
 *
 * Return: the number of pages pinned, or a negative errno.
 */
int mdevc_vfio_pin_pages(struct mdevc_device *mdev, dma_addr_t iova,
			 int npage, int prot, struct page **pages)
{
	const struct mdevc_vfio_dma_ops *ops = mdevc_vfio_dma(mdev);

	return ops ? ops->pin_pages(mdev, iova, npage, prot, pages) : -ENODEV;
}
EXPORT_SYMBOL_GPL(mdevc_vfio_pin_pages);

/**
 * mdevc_vfio_unpin_pages() - unpin pages pinned by mdevc_vfio_pin_pages()
 * @mdev: a vfio class device, open by its user
 * @iova: the @iova of the pinning
 * @npage: the number of pages pinned, as returned by the pinning
 */
void mdevc_vfio_unpin_pages(struct mdevc_device *mdev, dma_addr_t iova,
			    int npage)
{
	const struct mdevc_vfio_dma_ops *ops = mdevc_vfio_dma(mdev);

	if (ops)
		ops->unpin_pages(mdev, iova, npage);
}
EXPORT_SYMBOL_GPL(mdevc_vfio_unpin_pages);
