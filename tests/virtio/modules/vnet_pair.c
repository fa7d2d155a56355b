// SPDX-License-Identifier: GPL-2.0
/*
 * sfnic_vnet_pair: a test-only mdevc parent offering virtio-net devices of
 * the sfnic model's virtio-net engine, cross-wired in pairs: devices take
 * slots 0, 1, 2... in creation order (lowest free first) and a frame sent
 * by the device in slot n arrives at the device in slot n ^ 1. Two
 * virtio_net netdevs of a pair, moved into two network namespaces, ping
 * each other through the engine, the mdevc virtio bridge and virtio_net.
 *
 * Knobs: module parameters mtu and qps (for every device created after),
 * the device attribute ``link`` (config change interrupt), and the engine's
 * debugfs files in /sys/kernel/debug/sfnic_vnet_pair/<uuid>/.
 */

#include <linux/debugfs.h>
#include <linux/etherdevice.h>
#include <linux/mdevc.h>
#include <linux/mdevc_virtio.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/platform_device.h>
#include <linux/rcupdate.h>
#include <linux/skbuff.h>
#include <linux/slab.h>

#include "vnet.h"

#define DRV_NAME	"sfnic_vnet_pair"
#define VPAIR_SLOTS	16
#define VPAIR_RXQ_LEN	512

static unsigned int mtu = ETH_DATA_LEN;
module_param(mtu, uint, 0644);
MODULE_PARM_DESC(mtu, "MTU of the devices created (default 1500)");

static unsigned int qps = 1;
module_param(qps, uint, 0644);
MODULE_PARM_DESC(qps, "Queue pairs of the devices created (default 1)");

struct vpair;

/**
 * struct vpair_dev - one device of the pair parent
 * @vp: the parent.
 * @mdev: the mdevc device.
 * @slot: its slot; its peer is in slot ^ 1.
 * @vn: the engine device.
 * @started: the driver set DRIVER_OK; frames may be queued to @rxq.
 * @nqps: queue pairs started.
 * @rxq: frames from the peer, per queue pair (each has its own lock).
 * @ddir: debugfs directory.
 */
struct vpair_dev {
	struct vpair *vp;
	struct mdevc_device *mdev;
	unsigned int slot;
	struct sfnic_vnet *vn;
	bool started;
	u16 nqps;
	struct sk_buff_head rxq[SFNIC_VNET_MAX_QPS];
	struct dentry *ddir;
};

/**
 * struct vpair - the parent
 * @parent: the mdevc parent.
 * @lock: serializes writers of @slots.
 * @slots: the devices, read under RCU by the datapath.
 * @ddir: debugfs directory.
 */
struct vpair {
	struct mdevc_parent parent;
	struct mutex lock;	/* serializes writers of slots */
	struct vpair_dev __rcu *slots[VPAIR_SLOTS];
	struct dentry *ddir;
};

static struct platform_device *vpair_pdev;

/* Port ops: the wire between the two devices of a pair */

static int vpair_start(void *priv, u16 nqps)
{
	struct vpair_dev *d = priv;

	d->nqps = nqps;
	WRITE_ONCE(d->started, true);
	return 0;
}

static void vpair_stop(void *priv)
{
	struct vpair_dev *d = priv;
	int i;

	WRITE_ONCE(d->started, false);
	for (i = 0; i < SFNIC_VNET_MAX_QPS; i++)
		skb_queue_purge(&d->rxq[i]);
}

/* BH disabled, so an RCU read-side section. */
static void vpair_xmit(void *priv, u16 qp, struct sk_buff *skb)
{
	struct vpair_dev *d = priv, *peer;
	struct sk_buff_head *q;

	rcu_read_lock();
	peer = rcu_dereference(d->vp->slots[d->slot ^ 1]);
	if (!peer || !READ_ONCE(peer->started))
		goto drop;
	/* Same queue pair on the other side, if it has it. */
	qp %= READ_ONCE(peer->nqps);
	q = &peer->rxq[qp];
	if (skb_queue_len(q) >= VPAIR_RXQ_LEN)
		goto drop;
	skb_queue_tail(q, skb);
	sfnic_vnet_rx_notify(peer->vn, qp);
	rcu_read_unlock();
	return;
drop:
	rcu_read_unlock();
	kfree_skb(skb);
}

static struct sk_buff *vpair_rx(void *priv, u16 qp)
{
	struct vpair_dev *d = priv;

	return skb_dequeue(&d->rxq[qp]);
}

static const struct sfnic_vnet_port_ops vpair_port_ops = {
	.start	= vpair_start,
	.stop	= vpair_stop,
	.xmit	= vpair_xmit,
	.rx	= vpair_rx,
};

/* Parent ops */

static struct vpair *to_vpair(struct mdevc_parent *parent)
{
	return container_of(parent, struct vpair, parent);
}

static int vpair_find_slot(struct vpair *vp)
{
	int i;

	for (i = 0; i < VPAIR_SLOTS; i++)
		if (!rcu_access_pointer(vp->slots[i]))
			return i;
	return -ENOSPC;
}

static int vpair_create(struct mdevc_device *mdev, void *data)
{
	struct vpair *vp = to_vpair(mdev->parent);
	struct sfnic_vnet_config cfg = {
		.dev = mdevc_dev(mdev),
		.mtu = mtu,
		.max_qps = qps,
		.link_up = true,
		.mem = &sfnic_vnet_kmem_ops,
		.port = &vpair_port_ops,
	};
	struct vpair_dev *d;
	int slot, i, err;

	d = kzalloc(sizeof(*d), GFP_KERNEL);
	if (!d)
		return -ENOMEM;
	d->vp = vp;
	d->mdev = mdev;
	for (i = 0; i < SFNIC_VNET_MAX_QPS; i++)
		skb_queue_head_init(&d->rxq[i]);

	mutex_lock(&vp->lock);
	slot = vpair_find_slot(vp);
	if (slot < 0) {
		err = slot;
		goto err_unlock;
	}
	d->slot = slot;
	/* A locally administered MAC naming the slot. */
	cfg.mac[0] = 0x02;
	cfg.mac[1] = 0x5f;
	cfg.mac[5] = slot + 1;
	cfg.port_priv = d;
	cfg.priv = d;
	d->vn = sfnic_vnet_create(&cfg);
	if (IS_ERR(d->vn)) {
		err = PTR_ERR(d->vn);
		goto err_unlock;
	}
	d->ddir = debugfs_create_dir(dev_name(mdevc_dev(mdev)), vp->ddir);
	sfnic_vnet_debugfs_init(d->vn, d->ddir);
	rcu_assign_pointer(vp->slots[slot], d);
	mutex_unlock(&vp->lock);

	mdevc_set_parent_data(mdev, d->vn);
	return 0;

err_unlock:
	mutex_unlock(&vp->lock);
	kfree(d);
	return err;
}

static void vpair_remove(struct mdevc_device *mdev)
{
	struct vpair *vp = to_vpair(mdev->parent);
	struct sfnic_vnet *vn = mdevc_get_parent_data(mdev);
	struct vpair_dev *d = sfnic_vnet_priv(vn);

	mutex_lock(&vp->lock);
	RCU_INIT_POINTER(vp->slots[d->slot], NULL);
	mutex_unlock(&vp->lock);
	/* The peer's datapath no longer sees us. */
	synchronize_rcu();

	debugfs_remove_recursive(d->ddir);
	sfnic_vnet_destroy(vn);
	vpair_stop(d);
	kfree(d);
}

static unsigned int vpair_get_available(struct mdevc_parent *parent,
					const struct mdevc_type *type)
{
	struct vpair *vp = to_vpair(parent);
	unsigned int i, n = 0;

	mutex_lock(&vp->lock);
	for (i = 0; i < VPAIR_SLOTS; i++)
		n += !rcu_access_pointer(vp->slots[i]);
	mutex_unlock(&vp->lock);
	return n;
}

static const struct mdevc_parent_ops vpair_parent_ops = {
	.create		= vpair_create,
	.remove		= vpair_remove,
	.get_available	= vpair_get_available,
};

/* The device's "link" attribute: the link virtio_net sees. */

static ssize_t link_store(struct device *dev, struct device_attribute *attr,
			  const char *buf, size_t count)
{
	struct sfnic_vnet *vn = mdevc_get_parent_data(to_mdevc_device(dev));
	bool up;
	int err;

	err = kstrtobool(buf, &up);
	if (err)
		return err;
	sfnic_vnet_set_link(vn, up);
	return count;
}
static DEVICE_ATTR_WO(link);

static ssize_t slot_show(struct device *dev, struct device_attribute *attr,
			 char *buf)
{
	struct sfnic_vnet *vn = mdevc_get_parent_data(to_mdevc_device(dev));
	struct vpair_dev *d = sfnic_vnet_priv(vn);

	return sysfs_emit(buf, "%u\n", d->slot);
}
static DEVICE_ATTR_RO(slot);

static struct attribute *vpair_dev_attrs[] = {
	&dev_attr_link.attr,
	&dev_attr_slot.attr,
	NULL,
};
ATTRIBUTE_GROUPS(vpair_dev);

static const struct mdevc_type vpair_type = {
	.sysfs_name	= "vnet",
	.pretty_name	= "virtio-net pair",
	.description	= "virtio-net device wired to its pair",
	.class		= MDEVC_CLASS_VIRTIO,
	.dev_groups	= vpair_dev_groups,
};

static const struct mdevc_type *const vpair_types[] = { &vpair_type };

static int vpair_probe(struct platform_device *pdev)
{
	struct vpair *vp;
	int err;

	vp = devm_kzalloc(&pdev->dev, sizeof(*vp), GFP_KERNEL);
	if (!vp)
		return -ENOMEM;
	mutex_init(&vp->lock);
	vp->ddir = debugfs_create_dir(DRV_NAME, NULL);
	vp->parent.dev = &pdev->dev;
	vp->parent.ops = &vpair_parent_ops;
	vp->parent.virtio_ops = &sfnic_vnet_virtio_ops;
	vp->parent.types = vpair_types;
	vp->parent.nr_types = ARRAY_SIZE(vpair_types);
	err = mdevc_register_parent(&vp->parent);
	if (err) {
		debugfs_remove_recursive(vp->ddir);
		return err;
	}
	platform_set_drvdata(pdev, vp);
	return 0;
}

static int vpair_platform_remove(struct platform_device *pdev)
{
	struct vpair *vp = platform_get_drvdata(pdev);

	/* Removes every device: surprise removal for their drivers. */
	mdevc_unregister_parent(&vp->parent);
	debugfs_remove_recursive(vp->ddir);
	return 0;
}

static struct platform_driver vpair_driver = {
	.probe	= vpair_probe,
	.remove	= vpair_platform_remove,
	.driver	= {
		.name = DRV_NAME,
	},
};

static int __init vpair_init(void)
{
	int err;

	if (!qps || qps > SFNIC_VNET_MAX_QPS)
		return -EINVAL;
	err = platform_driver_register(&vpair_driver);
	if (err)
		return err;
	vpair_pdev = platform_device_register_simple(DRV_NAME, -1, NULL, 0);
	if (IS_ERR(vpair_pdev)) {
		platform_driver_unregister(&vpair_driver);
		return PTR_ERR(vpair_pdev);
	}
	return 0;
}

static void __exit vpair_exit(void)
{
	platform_device_unregister(vpair_pdev);
	platform_driver_unregister(&vpair_driver);
}

module_init(vpair_init);
module_exit(vpair_exit);

MODULE_DESCRIPTION("sfnic test: virtio-net devices wired in pairs");
MODULE_LICENSE("GPL");
