// SPDX-License-Identifier: GPL-2.0
/*
 * vfio_vnet_sample: a test-only mdevc parent offering one vfio class type,
 * "vnet", presented to its VFIO user as a virtio-net PCI function
 * (vnet_pci). Each device has a representor netdev, as an eswitch vport
 * in switchdev mode has: what the function transmits is received on the
 * representor and what is transmitted on the representor is received by
 * the function. The representor's name is in the device's "rep" file.
 *
 * The parent is the platform device "vfio_vnet_sample", so the type is
 * /sys/class/mdevc_bus/vfio_vnet_sample/mdev_supported_types/
 * vfio_vnet_sample-vnet.
 */

#include <linux/etherdevice.h>
#include <linux/mdevc.h>
#include <linux/mdevc_vfio.h>
#include <linux/module.h>
#include <linux/netdevice.h>
#include <linux/platform_device.h>
#include <linux/slab.h>

#include "vnet_pci.h"

#define DRV_NAME	"vfio_vnet_sample"

static unsigned int instances = 4;
module_param(instances, uint, 0444);
MODULE_PARM_DESC(instances, "Devices the vnet type can have (default 4)");

struct vnet_sample {
	struct mdevc_parent parent;
	atomic_t available;
};

/* The parent's context of each device */
struct vnet_sample_dev {
	struct vnet_sample *sample;
	struct vnet_pci *vp;
	struct net_device *rep;
};

/* The representor's private data */
struct vnet_sample_rep {
	struct vnet_pci *vp;
};

static struct vnet_sample_dev *sample_dev(struct mdevc_device *mdev)
{
	return mdevc_get_parent_data(mdev);
}

/* The representor: its TX is the function's RX and the other way round */

static netdev_tx_t vnet_sample_rep_xmit(struct sk_buff *skb,
					struct net_device *dev)
{
	struct vnet_sample_rep *rep = netdev_priv(dev);

	DEV_STATS_INC(dev, tx_packets);
	DEV_STATS_ADD(dev, tx_bytes, skb->len);
	vnet_pci_rx(rep->vp, skb);
	return NETDEV_TX_OK;
}

static const struct net_device_ops vnet_sample_rep_ops = {
	.ndo_start_xmit		= vnet_sample_rep_xmit,
	.ndo_set_mac_address	= eth_mac_addr,
	.ndo_validate_addr	= eth_validate_addr,
};

static void vnet_sample_backend_xmit(void *ctx, struct sk_buff *skb)
{
	struct net_device *dev = ctx;

	skb->protocol = eth_type_trans(skb, dev);
	DEV_STATS_INC(dev, rx_packets);
	DEV_STATS_ADD(dev, rx_bytes, skb->len + ETH_HLEN);
	netif_rx(skb);
}

static const struct vnet_pci_backend vnet_sample_backend = {
	.xmit	= vnet_sample_backend_xmit,
};

static void vnet_sample_rep_setup(struct net_device *dev)
{
	ether_setup(dev);
	dev->netdev_ops = &vnet_sample_rep_ops;
	dev->needs_free_netdev = true;
	dev->priv_flags |= IFF_NO_QUEUE;
	eth_hw_addr_random(dev);
}

/* Parent ops */

static int vnet_sample_create(struct mdevc_device *mdev, void *data)
{
	struct vnet_sample *sample = container_of(mdev->parent,
						  struct vnet_sample, parent);
	struct vnet_sample_rep *rep;
	struct vnet_sample_dev *sdev;
	u8 mac[ETH_ALEN];
	int err;

	/* Reserve the instance: get_available() alone would race */
	if (!atomic_add_unless(&sample->available, -1, 0))
		return -ENOSPC;
	sdev = kzalloc(sizeof(*sdev), GFP_KERNEL);
	if (!sdev) {
		err = -ENOMEM;
		goto err_release;
	}
	sdev->sample = sample;

	sdev->rep = alloc_netdev(sizeof(*rep), "vnrep%d", NET_NAME_ENUM,
				 vnet_sample_rep_setup);
	if (!sdev->rep) {
		err = -ENOMEM;
		goto err_free_sdev;
	}
	eth_random_addr(mac);
	sdev->vp = vnet_pci_create(mdev, mac, &vnet_sample_backend, sdev->rep);
	if (IS_ERR(sdev->vp)) {
		err = PTR_ERR(sdev->vp);
		goto err_free_rep;
	}
	rep = netdev_priv(sdev->rep);
	rep->vp = sdev->vp;
	SET_NETDEV_DEV(sdev->rep, sample->parent.dev);
	err = register_netdev(sdev->rep);
	if (err)
		goto err_destroy_vp;
	mdevc_set_parent_data(mdev, sdev);
	return 0;

err_destroy_vp:
	vnet_pci_destroy(sdev->vp);
err_free_rep:
	free_netdev(sdev->rep);
err_free_sdev:
	kfree(sdev);
err_release:
	atomic_inc(&sample->available);
	return err;
}

static void vnet_sample_remove(struct mdevc_device *mdev)
{
	struct vnet_sample_dev *sdev = sample_dev(mdev);
	struct vnet_sample *sample = sdev->sample;

	/* No more frames for the function once the representor is gone */
	unregister_netdev(sdev->rep);
	vnet_pci_destroy(sdev->vp);
	kfree(sdev);
	atomic_inc(&sample->available);
}

static unsigned int vnet_sample_get_available(struct mdevc_parent *parent,
					      const struct mdevc_type *type)
{
	return atomic_read(&container_of(parent, struct vnet_sample,
					 parent)->available);
}

static const struct mdevc_parent_ops vnet_sample_parent_ops = {
	.create		= vnet_sample_create,
	.remove		= vnet_sample_remove,
	.get_available	= vnet_sample_get_available,
};

/* vfio class ops: the virtio-net PCI presentation */

static int vnet_sample_open(struct mdevc_device *mdev)
{
	return vnet_pci_open(sample_dev(mdev)->vp);
}

static void vnet_sample_close(struct mdevc_device *mdev)
{
	vnet_pci_close(sample_dev(mdev)->vp);
}

static ssize_t vnet_sample_read(struct mdevc_device *mdev, char __user *buf,
				size_t count, loff_t *ppos)
{
	return vnet_pci_read(sample_dev(mdev)->vp, buf, count, ppos);
}

static ssize_t vnet_sample_write(struct mdevc_device *mdev,
				 const char __user *buf, size_t count,
				 loff_t *ppos)
{
	return vnet_pci_write(sample_dev(mdev)->vp, buf, count, ppos);
}

static long vnet_sample_ioctl(struct mdevc_device *mdev, unsigned int cmd,
			      unsigned long arg)
{
	return vnet_pci_ioctl(sample_dev(mdev)->vp, cmd, arg);
}

static void vnet_sample_request(struct mdevc_device *mdev, unsigned int count)
{
	vnet_pci_request(sample_dev(mdev)->vp, count);
}

/*
 * No dma_unmap: the function never pins pages, and looks every IOVA up in
 * the container at each access (mdevc_vfio_dma_rw()), so an unmapped
 * range is unreachable at once. No mmap: every access is trapped.
 */
static const struct mdevc_vfio_ops vnet_sample_vfio_ops = {
	.open_device	= vnet_sample_open,
	.close_device	= vnet_sample_close,
	.read		= vnet_sample_read,
	.write		= vnet_sample_write,
	.ioctl		= vnet_sample_ioctl,
	.request	= vnet_sample_request,
};

static ssize_t rep_show(struct device *dev, struct device_attribute *attr,
			char *buf)
{
	return sysfs_emit(buf, "%s\n",
			  netdev_name(sample_dev(to_mdevc_device(dev))->rep));
}
static DEVICE_ATTR_RO(rep);

static struct attribute *vnet_sample_dev_attrs[] = {
	&dev_attr_rep.attr,
	NULL,
};
ATTRIBUTE_GROUPS(vnet_sample_dev);

static const struct mdevc_type vnet_sample_type = {
	.sysfs_name	= "vnet",
	.pretty_name	= "virtio-net PCI function",
	.description	= "a virtio 1.x network function for a VFIO user",
	.class		= MDEVC_CLASS_VFIO,
	.dev_groups	= vnet_sample_dev_groups,
};

static const struct mdevc_type *const vnet_sample_types[] = {
	&vnet_sample_type,
};

static int vnet_sample_probe(struct platform_device *pdev)
{
	struct vnet_sample *sample;
	int err;

	sample = kzalloc(sizeof(*sample), GFP_KERNEL);
	if (!sample)
		return -ENOMEM;
	atomic_set(&sample->available, instances);
	platform_set_drvdata(pdev, sample);

	sample->parent.dev = &pdev->dev;
	sample->parent.ops = &vnet_sample_parent_ops;
	sample->parent.vfio_ops = &vnet_sample_vfio_ops;
	sample->parent.types = vnet_sample_types;
	sample->parent.nr_types = ARRAY_SIZE(vnet_sample_types);
	err = mdevc_register_parent(&sample->parent);
	if (err)
		goto err_free;
	return 0;

err_free:
	kfree(sample);
	return err;
}

static int vnet_sample_remove_parent(struct platform_device *pdev)
{
	struct vnet_sample *sample = platform_get_drvdata(pdev);

	mdevc_unregister_parent(&sample->parent);
	kfree(sample);
	return 0;
}

static struct platform_driver vnet_sample_driver = {
	.probe	= vnet_sample_probe,
	.remove	= vnet_sample_remove_parent,
	.driver	= {
		.name	= DRV_NAME,
	},
};

static struct platform_device *vnet_sample_pdev;

static int __init vnet_sample_init(void)
{
	int err;

	err = platform_driver_register(&vnet_sample_driver);
	if (err)
		return err;
	vnet_sample_pdev = platform_device_register_simple(DRV_NAME,
							   PLATFORM_DEVID_NONE,
							   NULL, 0);
	if (IS_ERR(vnet_sample_pdev)) {
		err = PTR_ERR(vnet_sample_pdev);
		goto err_driver_unregister;
	}
	return 0;

err_driver_unregister:
	platform_driver_unregister(&vnet_sample_driver);
	return err;
}

static void __exit vnet_sample_exit(void)
{
	platform_device_unregister(vnet_sample_pdev);
	platform_driver_unregister(&vnet_sample_driver);
}

module_init(vnet_sample_init);
module_exit(vnet_sample_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Test parent: a virtio-net PCI function for VFIO users");
