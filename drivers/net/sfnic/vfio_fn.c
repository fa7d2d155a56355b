// SPDX-License-Identifier: GPL-2.0
/*
 * sfnic vfio functions: the NIC's virtio-net functions (vnet_fn.c) of the
 * vfio class type. The model's virtio-net engine serves them as it serves
 * the virtio class, behind the same SF, vport, devlink port and
 * representor; only the presentation differs: a modern virtio-net PCI
 * device for a VFIO user (vfio_pci.c), whose memory the engine reaches by
 * IOVA through the mdevc vfio bridge.
 *
 * These are the parent's vfio class ops: each finds the function's PCI
 * presentation and hands the call to it.
 */

#include <linux/mdevc.h>
#include <linux/mdevc_vfio.h>

#include "sfnic.h"
#include "vfio_pci.h"

static int sfnic_vfio_fn_open(struct mdevc_device *mdev)
{
	return sfnic_vpci_open(sfnic_vnet_fn_vpci(mdev));
}

static void sfnic_vfio_fn_close(struct mdevc_device *mdev)
{
	sfnic_vpci_close(sfnic_vnet_fn_vpci(mdev));
}

static ssize_t sfnic_vfio_fn_read(struct mdevc_device *mdev,
				  char __user *buf, size_t count, loff_t *ppos)
{
	return sfnic_vpci_read(sfnic_vnet_fn_vpci(mdev), buf, count, ppos);
}

static ssize_t sfnic_vfio_fn_write(struct mdevc_device *mdev,
				   const char __user *buf, size_t count,
				   loff_t *ppos)
{
	return sfnic_vpci_write(sfnic_vnet_fn_vpci(mdev), buf, count, ppos);
}

static long sfnic_vfio_fn_ioctl(struct mdevc_device *mdev, unsigned int cmd,
				unsigned long arg)
{
	return sfnic_vpci_ioctl(sfnic_vnet_fn_vpci(mdev), cmd, arg);
}

static void sfnic_vfio_fn_request(struct mdevc_device *mdev,
				  unsigned int count)
{
	sfnic_vpci_request(sfnic_vnet_fn_vpci(mdev), count);
}

/* No dma_unmap: the engine never pins pages and looks every IOVA up at
 * each access, so an unmapped range is unreachable at once. No mmap:
 * every register access traps.
 */
const struct mdevc_vfio_ops sfnic_vfio_fn_ops = {
	.open_device	= sfnic_vfio_fn_open,
	.close_device	= sfnic_vfio_fn_close,
	.read		= sfnic_vfio_fn_read,
	.write		= sfnic_vfio_fn_write,
	.ioctl		= sfnic_vfio_fn_ioctl,
	.request	= sfnic_vfio_fn_request,
};
