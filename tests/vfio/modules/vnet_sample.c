// SPDX-License-Identifier: GPL-2.0
/*
 * vfio_vnet_sample: a test-only mdevc parent offering one vfio class type,
 * "vnet": the sfnic model's virtio-net engine, presented to its VFIO user
 * as a virtio-net PCI function by sfnic's PCI presentation (sfnic_vpci),
 * exactly as sfnic does it. Each device has a representor netdev, as an
 * eswitch vport in switchdev mode has: what the function transmits is
 * received on the representor and what is transmitted on the representor
 * is received by the function. The representor's name is in the
 * device's "rep" file.
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

#include "vfio_pci.h"
#include "vnet.h"

#define DRV_NAME	"vfio_vnet_sample"
#define VNET_SAMPLE_RXQ_LEN	256

static unsigned int instances = 4;
module_param(instances, uint, 0444);
MODULE_PARM_DESC(instances, "Devices the vnet type can have (default 4)");

struct vnet_sample {
	struct mdevc_parent parent;
	atomic_t available;
};

/**
 * struct vnet_sample_dev - the parent's side of one device
 * @sample: the parent.
 * @vn: the virtio-net engine; the mdevc parent data of the device.
 * @vp: its PCI presentation.
 * @rep: the representor netdev.
 * @started: the driver started the engine: frames may go to @rxq.
 * @rxq: frames sent on the representor, for the engine to take (has its
 *	own lock).
 */
struct vnet_sample_dev {
	struct vnet_sample *sample;
	struct sfnic_vnet *vn;
	struct sfnic_vpci *vp;
	struct net_device *rep;
	bool started;
	struct sk_buff_head rxq;
};

/* The representor's private data */
struct vnet_sample_rep {
	struct vnet_sample_dev *sdev;
};

static struct vnet_sample_dev *sample_dev(struct mdevc_device *mdev)
{
	return sfnic_vnet_priv(mdevc_get_parent_data(mdev));
}

/* The representor: its TX is the function's RX and the other way round */

static netdev_tx_t vnet_sample_rep_xmit(struct sk_buff *skb,
					struct net_device *dev)
{
	struct vnet_sample_dev *sdev =
		((struct vnet_sample_rep *)netdev_priv(dev))->sdev;

	if (!READ_ONCE(sdev->started) ||
	    skb_queue_len(&sdev->rxq) >= VNET_SAMPLE_RXQ_LEN) {
		DEV_STATS_INC(dev, tx_dropped);
		kfree_skb(skb);
		return NETDEV_TX_OK;
	}
	DEV_STATS_INC(dev, tx_packets);
	DEV_STATS_ADD(dev, tx_bytes, skb->len);
	skb_queue_tail(&sdev->rxq, skb);
	sfnic_vnet_rx_notify(sdev->vn, 0);
	return NETDEV_TX_OK;
}

static const struct net_device_ops vnet_sample_rep_ops = {
	.ndo_start_xmit		= vnet_sample_rep_xmit,
	.ndo_set_mac_address	= eth_mac_addr,
	.ndo_validate_addr	= eth_validate_addr,
};

static void vnet_sample_rep_setup(struct net_device *dev)
{
	ether_setup(dev);
	dev->netdev_ops = &vnet_sample_rep_ops;
	dev->needs_free_netdev = true;
	dev->priv_flags |= IFF_NO_QUEUE;
	eth_hw_addr_random(dev);
}

/* The engine's port: the representor */

static int vnet_sample_port_start(void *priv, u16 nqps)
{
	struct vnet_sample_dev *sdev = priv;

	WRITE_ONCE(sdev->started, true);
	return 0;
}

static void vnet_sample_port_stop(void *priv)
{
	struct vnet_sample_dev *sdev = priv;

	WRITE_ONCE(sdev->started, false);
	skb_queue_purge(&sdev->rxq);
}

static void vnet_sample_port_xmit(void *priv, u16 qp, struct sk_buff *skb)
{
	struct net_device *dev = ((struct vnet_sample_dev *)priv)->rep;

	skb->protocol = eth_type_trans(skb, dev);
	DEV_STATS_INC(dev, rx_packets);
	DEV_STATS_ADD(dev, rx_bytes, skb->len + ETH_HLEN);
	netif_rx(skb);
}

static struct sk_buff *vnet_sample_port_rx(void *priv, u16 qp)
{
	return skb_dequeue(&((struct vnet_sample_dev *)priv)->rxq);
}

static const struct sfnic_vnet_port_ops vnet_sample_port_ops = {
	.start	= vnet_sample_port_start,
	.stop	= vnet_sample_port_stop,
	.xmit	= vnet_sample_port_xmit,
	.rx	= vnet_sample_port_rx,
};

/* Parent ops */

static int vnet_sample_create(struct mdevc_device *mdev, void *data)
{
	struct vnet_sample *sample = container_of(mdev->parent,
						  struct vnet_sample, parent);
	struct sfnic_vnet_config cfg = {
		.dev		= mdevc_dev(mdev),
		.mtu		= ETH_DATA_LEN,
		.max_qps	= 1,	/* no control queue: see vfio_pci.h */
		.link_up	= true,
		.mem		= &sfnic_vpci_mem_ops,
		.mem_priv	= mdev,
		.port		= &vnet_sample_port_ops,
	};
	struct vnet_sample_dev *sdev;
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
	skb_queue_head_init(&sdev->rxq);

	sdev->rep = alloc_netdev(sizeof(struct vnet_sample_rep), "vnrep%d",
				 NET_NAME_ENUM, vnet_sample_rep_setup);
	if (!sdev->rep) {
		err = -ENOMEM;
		goto err_free_sdev;
	}
	((struct vnet_sample_rep *)netdev_priv(sdev->rep))->sdev = sdev;

	eth_random_addr(cfg.mac);
	cfg.port_priv = sdev;
	cfg.priv = sdev;
	sdev->vn = sfnic_vnet_create(&cfg);
	if (IS_ERR(sdev->vn)) {
		err = PTR_ERR(sdev->vn);
		goto err_free_rep;
	}
	/* The engine's ops find the engine as the parent data */
	mdevc_set_parent_data(mdev, sdev->vn);

	sdev->vp = sfnic_vpci_create(mdev, &sfnic_vnet_virtio_ops, 2);
	if (IS_ERR(sdev->vp)) {
		err = PTR_ERR(sdev->vp);
		goto err_destroy_vn;
	}
	SET_NETDEV_DEV(sdev->rep, sample->parent.dev);
	err = register_netdev(sdev->rep);
	if (err)
		goto err_destroy_vp;
	return 0;

err_destroy_vp:
	sfnic_vpci_destroy(sdev->vp);
err_destroy_vn:
	sfnic_vnet_destroy(sdev->vn);
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

	/* No more frames for the engine once the representor is gone */
	unregister_netdev(sdev->rep);
	sfnic_vpci_destroy(sdev->vp);
	sfnic_vnet_destroy(sdev->vn);
	skb_queue_purge(&sdev->rxq);
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
	return sfnic_vpci_open(sample_dev(mdev)->vp);
}

static void vnet_sample_close(struct mdevc_device *mdev)
{
	sfnic_vpci_close(sample_dev(mdev)->vp);
}

static ssize_t vnet_sample_read(struct mdevc_device *mdev, char __user *buf,
				size_t count, loff_t *ppos)
{
	return sfnic_vpci_read(sample_dev(mdev)->vp, buf, count, ppos);
}

static ssize_t vnet_sample_write(struct mdevc_device *mdev,
				 const char __user *buf, size_t count,
				 loff_t *ppos)
{
	return sfnic_vpci_write(sample_dev(mdev)->vp, buf, count, ppos);
}

static long vnet_sample_ioctl(struct mdevc_device *mdev, unsigned int cmd,
			      unsigned long arg)
{
	return sfnic_vpci_ioctl(sample_dev(mdev)->vp, cmd, arg);
}

static void vnet_sample_request(struct mdevc_device *mdev, unsigned int count)
{
	sfnic_vpci_request(sample_dev(mdev)->vp, count);
}

/*
 * No dma_unmap: the engine never pins pages, and its accessor looks every
 * IOVA up in the container at each access (sfnic_vpci_mem_ops), so an
 * unmapped range is unreachable at once. No mmap: every access traps.
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
