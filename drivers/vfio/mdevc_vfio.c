// SPDX-License-Identifier: GPL-2.0
/*
 * mdevc_vfio: the vfio class driver of the mdevc bus.
 *
 * Every mediated device of the vfio class is registered with VFIO as an
 * emulated-IOMMU device: VFIO gives it an IOMMU group of its own, so that
 * userspace owns it through the group/container API with vfio_iommu_type1,
 * and the device reaches the user's memory only through the container
 * (vfio_dma_rw() and vfio_pin_pages()). The device itself is implemented
 * by its parent: every vfio_device_ops member forwards to the parent's
 * &struct mdevc_vfio_ops, and the parent reaches the container through
 * mdevc_vfio_dma_rw(), mdevc_vfio_pin_pages() and mdevc_vfio_unpin_pages()
 * of the mdevc core, which call the accessors this driver lends it
 * (&struct mdevc_vfio_dma_ops) while the device is bound.
 *
 * Lifetime: probe allocates and registers the vfio_device; remove
 * unregisters it, which waits for the last user to close the device (VFIO
 * asks the parent to have the user let go through &mdevc_vfio_ops.request
 * meanwhile), then drops the reference of probe. The parent's ops are
 * only used between probe and the end of remove, as mdevc requires.
 */

#include <linux/device.h>
#include <linux/mdevc.h>
#include <linux/mdevc_vfio.h>
#include <linux/module.h>
#include <linux/vfio.h>

/**
 * struct mdevc_vfio - the vfio_device of one vfio class mediated device
 * @vdev: the VFIO device; its struct device's parent is @mdev's.
 * @mdev: the mediated device it was registered for.
 * @ops: @mdev's parent's vfio class operations, looked up once at probe.
 *
 * Immutable after probe; VFIO serialises open and close.
 */
struct mdevc_vfio {
	struct vfio_device vdev;
	struct mdevc_device *mdev;
	const struct mdevc_vfio_ops *ops;
};

static struct mdevc_vfio *to_mdevc_vfio(struct vfio_device *vdev)
{
	return container_of(vdev, struct mdevc_vfio, vdev);
}

static int mdevc_vfio_open_device(struct vfio_device *vdev)
{
	struct mdevc_vfio *mv = to_mdevc_vfio(vdev);

	return mv->ops->open_device(mv->mdev);
}

static void mdevc_vfio_close_device(struct vfio_device *vdev)
{
	struct mdevc_vfio *mv = to_mdevc_vfio(vdev);

	mv->ops->close_device(mv->mdev);
}

static ssize_t mdevc_vfio_read(struct vfio_device *vdev, char __user *buf,
			       size_t count, loff_t *ppos)
{
	struct mdevc_vfio *mv = to_mdevc_vfio(vdev);

	if (!mv->ops->read)
		return -EINVAL;
	return mv->ops->read(mv->mdev, buf, count, ppos);
}

static ssize_t mdevc_vfio_write(struct vfio_device *vdev,
				const char __user *buf, size_t count,
				loff_t *ppos)
{
	struct mdevc_vfio *mv = to_mdevc_vfio(vdev);

	if (!mv->ops->write)
		return -EINVAL;
	return mv->ops->write(mv->mdev, buf, count, ppos);
}

static long mdevc_vfio_ioctl(struct vfio_device *vdev, unsigned int cmd,
			     unsigned long arg)
{
	struct mdevc_vfio *mv = to_mdevc_vfio(vdev);

	if (!mv->ops->ioctl)
		return -ENOTTY;
	return mv->ops->ioctl(mv->mdev, cmd, arg);
}

static int mdevc_vfio_mmap(struct vfio_device *vdev,
			   struct vm_area_struct *vma)
{
	struct mdevc_vfio *mv = to_mdevc_vfio(vdev);

	if (!mv->ops->mmap)
		return -EINVAL;
	return mv->ops->mmap(mv->mdev, vma);
}

static void mdevc_vfio_request(struct vfio_device *vdev, unsigned int count)
{
	struct mdevc_vfio *mv = to_mdevc_vfio(vdev);

	if (mv->ops->request)
		mv->ops->request(mv->mdev, count);
	else if (count == 0)
		dev_notice(&mv->mdev->dev,
			   "removal waits for the device's user to close it\n");
}

/*
 * Called by vfio_iommu_type1 with its device list lock held, from the
 * thread unmapping: the parent must not wait here for anything that may
 * itself wait for the container.
 */
static void mdevc_vfio_dma_unmap(struct vfio_device *vdev, u64 iova,
				 u64 length)
{
	struct mdevc_vfio *mv = to_mdevc_vfio(vdev);

	if (mv->ops->dma_unmap)
		mv->ops->dma_unmap(mv->mdev, iova, length);
}

/* The last reference is gone: 6.1 leaves freeing the device to us */
static void mdevc_vfio_release(struct vfio_device *vdev)
{
	vfio_free_device(vdev);
}

/* Every member but release forwards to the parent; see mdevc_vfio_ops */
static const struct vfio_device_ops mdevc_vfio_dev_ops = {
	.name		= "mdevc-vfio",
	.release	= mdevc_vfio_release,
	.open_device	= mdevc_vfio_open_device,
	.close_device	= mdevc_vfio_close_device,
	.read		= mdevc_vfio_read,
	.write		= mdevc_vfio_write,
	.ioctl		= mdevc_vfio_ioctl,
	.mmap		= mdevc_vfio_mmap,
	.request	= mdevc_vfio_request,
	.dma_unmap	= mdevc_vfio_dma_unmap,
};

static struct vfio_device *mdevc_vfio_vdev(struct mdevc_device *mdev)
{
	struct mdevc_vfio *mv = dev_get_drvdata(mdevc_dev(mdev));

	return &mv->vdev;
}

/*
 * The device's DMA, lent to the mdevc core for the parent: valid while the
 * device is open (see mdevc_vfio_dma_rw()).
 */
static int mdevc_vfio_dma_rw_op(struct mdevc_device *mdev, dma_addr_t iova,
				void *data, size_t len, bool write)
{
	return vfio_dma_rw(mdevc_vfio_vdev(mdev), iova, data, len, write);
}

static int mdevc_vfio_pin_pages_op(struct mdevc_device *mdev,
				   dma_addr_t iova, int npage, int prot,
				   struct page **pages)
{
	return vfio_pin_pages(mdevc_vfio_vdev(mdev), iova, npage, prot, pages);
}

static void mdevc_vfio_unpin_pages_op(struct mdevc_device *mdev,
				      dma_addr_t iova, int npage)
{
	vfio_unpin_pages(mdevc_vfio_vdev(mdev), iova, npage);
}

static const struct mdevc_vfio_dma_ops mdevc_vfio_dma_ops = {
	.dma_rw		= mdevc_vfio_dma_rw_op,
	.pin_pages	= mdevc_vfio_pin_pages_op,
	.unpin_pages	= mdevc_vfio_unpin_pages_op,
};

static int mdevc_vfio_probe(struct mdevc_device *mdev)
{
	const struct mdevc_vfio_ops *ops = mdevc_get_vfio_ops(mdev);
	struct mdevc_vfio *mv;
	int err;

	/* mdevc checked at parent registration that vfio types have ops */
	if (!ops || !ops->open_device || !ops->close_device)
		return -EINVAL;

	mv = vfio_alloc_device(mdevc_vfio, vdev, mdevc_dev(mdev),
			       &mdevc_vfio_dev_ops);
	if (IS_ERR(mv))
		return PTR_ERR(mv);
	mv->mdev = mdev;
	mv->ops = ops;
	/* Set before registration: the device may be opened right away */
	dev_set_drvdata(mdevc_dev(mdev), mv);
	mdevc_vfio_set_dma_ops(mdev, &mdevc_vfio_dma_ops);

	err = vfio_register_emulated_iommu_dev(&mv->vdev);
	if (err)
		goto err_put_vdev;
	return 0;

err_put_vdev:
	mdevc_vfio_set_dma_ops(mdev, NULL);
	dev_set_drvdata(mdevc_dev(mdev), NULL);
	vfio_put_device(&mv->vdev);
	return err;
}

static void mdevc_vfio_remove(struct mdevc_device *mdev)
{
	struct mdevc_vfio *mv = dev_get_drvdata(mdevc_dev(mdev));

	/* Waits for the last user to close the device */
	vfio_unregister_group_dev(&mv->vdev);
	mdevc_vfio_set_dma_ops(mdev, NULL);
	dev_set_drvdata(mdevc_dev(mdev), NULL);
	vfio_put_device(&mv->vdev);
}

static const struct mdevc_class_id mdevc_vfio_ids[] = {
	MDEVC_CLASS_ID(MDEVC_CLASS_VFIO),
	{ }
};

static struct mdevc_driver mdevc_vfio_driver = {
	.id_table	= mdevc_vfio_ids,
	.probe		= mdevc_vfio_probe,
	.remove		= mdevc_vfio_remove,
	.driver		= {
		.name	= "mdevc_vfio",
	},
};
module_mdevc_driver(mdevc_vfio_driver);

MODULE_ALIAS_MDEVC(MDEVC_CLASS_VFIO, 0);
/* Userspace sets a type1 IOMMU on the container of every device we make */
MODULE_SOFTDEP("post: vfio_iommu_type1");
MODULE_DESCRIPTION("vfio class driver for mdevc mediated devices");
MODULE_LICENSE("GPL");
