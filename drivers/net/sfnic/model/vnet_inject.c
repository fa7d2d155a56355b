// SPDX-License-Identifier: GPL-2.0
/*
 * sfnic virtio-net engine: debugfs, and the malformed ring injector.
 *
 * ``state`` shows the device status, the ring violations counted and the
 * queue counters. ``inject`` plays a misbehaving driver: on a device no
 * driver uses (unbind virtio_net first), writing one of the words of
 * vnet_inject_kinds[] resets the device, negotiates VERSION_1, sets up one
 * queue of 8 entries in memory of its own holding that malformed chain,
 * sets DRIVER_OK and waits until the device processed the queue. The
 * device must end up in NEEDS_RESET with the violation counted. Writing
 * ``release`` resets the device and leaves it as the virtio core does
 * after unbinding (ACKNOWLEDGE), so a driver can bind it again.
 *
 * The injected rings are kernel memory, given to the device by physical
 * address: only a device whose accessor is sfnic_vnet_kmem_ops (the
 * virtio class) can take them. Any other device's addresses mean
 * something else (a VFIO user's IOVAs), so it has no ``inject``.
 */

#include <linux/debugfs.h>
#include <linux/gfp.h>
#include <linux/seq_file.h>
#include <linux/skbuff.h>
#include <linux/virtio_config.h>
#include <linux/virtio_ring.h>

#include "vnet_priv.h"

#define VNET_INJ_NUM	8
#define VNET_INJ_DESC	0
#define VNET_INJ_AVAIL	256
#define VNET_INJ_USED	512

/* The memory of the injected queue: its rings, and a page of buffers. */
struct sfnic_vnet_inject {
	void *ring;
	void *data;
};

enum vnet_inj_kind {
	VNET_INJ_GOOD,
	VNET_INJ_LOOP,
	VNET_INJ_HEAD,
	VNET_INJ_NEXT,
	VNET_INJ_AVAIL_JUMP,
	VNET_INJ_LEN,
	VNET_INJ_ADDR,
	VNET_INJ_INDIRECT,
	VNET_INJ_TX_WRITE,
	VNET_INJ_RX_READ,
	VNET_INJ_MAX,
};

static const char * const vnet_inject_kinds[VNET_INJ_MAX] = {
	[VNET_INJ_GOOD]		= "good",	/* a valid frame: sent */
	[VNET_INJ_LOOP]		= "loop",
	[VNET_INJ_HEAD]		= "oob_head",
	[VNET_INJ_NEXT]		= "oob_next",
	[VNET_INJ_AVAIL_JUMP]	= "avail_jump",
	[VNET_INJ_LEN]		= "bad_len",
	[VNET_INJ_ADDR]		= "oob_addr",
	[VNET_INJ_INDIRECT]	= "indirect",
	[VNET_INJ_TX_WRITE]	= "tx_write",
	[VNET_INJ_RX_READ]	= "rx_readonly",
};

/* Lock held. */
void sfnic_vnet_inject_free(struct sfnic_vnet *vn)
{
	struct sfnic_vnet_inject *inj = vn->inj;

	if (!inj)
		return;
	vn->inj = NULL;
	free_page((unsigned long)inj->ring);
	free_page((unsigned long)inj->data);
	kfree(inj);
}

static void vnet_inj_desc(struct vring_desc *d, u64 addr, u32 len, u16 flags,
			  u16 next)
{
	d->addr = (__force __virtio64)cpu_to_le64(addr);
	d->len = (__force __virtio32)cpu_to_le32(len);
	d->flags = (__force __virtio16)cpu_to_le16(flags);
	d->next = (__force __virtio16)cpu_to_le16(next);
}

/* Write the queue of @kind; returns the virtqueue index it is for. */
static u16 vnet_inj_fill(struct sfnic_vnet_inject *inj, int kind)
{
	struct vring_desc *desc = inj->ring + VNET_INJ_DESC;
	__le16 *avail = inj->ring + VNET_INJ_AVAIL;
	u64 data = virt_to_phys(inj->data);
	u16 head = 0, idx = 1;
	u8 *frame = inj->data;

	/* A broadcast frame after a zeroed virtio-net header. */
	memset(frame + SFNIC_VNET_HDR_LEN, 0xff, ETH_ALEN);
	frame[SFNIC_VNET_HDR_LEN + 6] = 0x02;
	frame[SFNIC_VNET_HDR_LEN + 12] = 0x88;
	frame[SFNIC_VNET_HDR_LEN + 13] = 0xb5;	/* local experimental */
	vnet_inj_desc(&desc[0], data, SFNIC_VNET_HDR_LEN + 60, 0, 0);

	switch (kind) {
	case VNET_INJ_LOOP:
		vnet_inj_desc(&desc[0], data, 64, VRING_DESC_F_NEXT, 1);
		vnet_inj_desc(&desc[1], data + 64, 64, VRING_DESC_F_NEXT, 0);
		break;
	case VNET_INJ_HEAD:
		head = VNET_INJ_NUM + 100;
		break;
	case VNET_INJ_NEXT:
		vnet_inj_desc(&desc[0], data, 64, VRING_DESC_F_NEXT,
			      VNET_INJ_NUM + 1);
		break;
	case VNET_INJ_AVAIL_JUMP:
		idx = VNET_INJ_NUM + 5;
		break;
	case VNET_INJ_LEN:
		vnet_inj_desc(&desc[0], data, 0xffffffff, 0, 0);
		break;
	case VNET_INJ_ADDR:
		vnet_inj_desc(&desc[0], 1ULL << 51, 64, 0, 0);
		break;
	case VNET_INJ_INDIRECT:
		vnet_inj_desc(&desc[0], data, 64, VRING_DESC_F_INDIRECT, 0);
		break;
	case VNET_INJ_TX_WRITE:
		vnet_inj_desc(&desc[0], data, 64, VRING_DESC_F_WRITE, 0);
		break;
	case VNET_INJ_RX_READ:
		vnet_inj_desc(&desc[0], data, 2048, 0, 0);
		break;
	}
	avail[2] = cpu_to_le16(head);
	avail[1] = cpu_to_le16(idx);
	return kind == VNET_INJ_RX_READ ? 0 : 1;
}

/* Lock held, no driver on the device. */
static int vnet_inject(struct sfnic_vnet *vn, int kind)
{
	struct sfnic_vnet_inject *inj;
	struct sfnic_vnet_vq *vq;
	struct sk_buff *skb;
	u64 ring;
	int err;

	sfnic_vnet_reset_locked(vn);
	inj = kzalloc(sizeof(*inj), GFP_KERNEL);
	if (!inj)
		return -ENOMEM;
	vn->inj = inj;
	inj->ring = (void *)get_zeroed_page(GFP_KERNEL);
	inj->data = (void *)get_zeroed_page(GFP_KERNEL);
	if (!inj->ring || !inj->data)
		return -ENOMEM;

	vq = &vn->vqs[vnet_inj_fill(inj, kind)];
	ring = virt_to_phys(inj->ring);
	vq->num = VNET_INJ_NUM;
	vq->desc = ring + VNET_INJ_DESC;
	vq->avail = ring + VNET_INJ_AVAIL;
	vq->used = ring + VNET_INJ_USED;
	vq->ready = true;
	if (kind == VNET_INJ_RX_READ) {
		/* A frame for the receive queue to put somewhere. */
		skb = alloc_skb(64, GFP_KERNEL);
		if (!skb)
			return -ENOMEM;
		memcpy(skb_put(skb, 60), inj->data + SFNIC_VNET_HDR_LEN, 60);
		vq->rx_pending = skb;
	}

	vn->drv_features = BIT_ULL(VIRTIO_F_VERSION_1) |
			   BIT_ULL(VIRTIO_NET_F_MRG_RXBUF);
	spin_lock_bh(&vn->slock);
	vn->status = VIRTIO_CONFIG_S_ACKNOWLEDGE | VIRTIO_CONFIG_S_DRIVER |
		     VIRTIO_CONFIG_S_FEATURES_OK;
	spin_unlock_bh(&vn->slock);

	err = sfnic_vnet_vq_check(vq);
	if (err)
		return -EINVAL;
	vq->segs = kcalloc(vq->num, sizeof(*vq->segs), GFP_KERNEL);
	vq->bufs = kcalloc(vq->num, sizeof(*vq->bufs), GFP_KERNEL);
	if (!vq->segs || !vq->bufs)
		return -ENOMEM;
	err = vn->cfg.port->start(vn->cfg.port_priv, 1);
	if (err)
		return err;
	vn->port_started = true;

	spin_lock_bh(&vn->slock);
	vn->status |= VIRTIO_CONFIG_S_DRIVER_OK;
	WRITE_ONCE(vn->running, true);
	spin_unlock_bh(&vn->slock);
	queue_work(system_wq, &vq->work);
	flush_work(&vq->work);
	return 0;
}

/* The injector's rings are kernel memory, by physical address */
static bool vnet_inject_possible(struct sfnic_vnet *vn)
{
	return vn->cfg.mem == &sfnic_vnet_kmem_ops;
}

static ssize_t vnet_inject_write(struct file *file, const char __user *ubuf,
				 size_t count, loff_t *ppos)
{
	struct sfnic_vnet *vn = file->private_data;
	char buf[32];
	int kind, err;
	u8 status;

	if (!vnet_inject_possible(vn))
		return -EOPNOTSUPP;
	if (count >= sizeof(buf))
		return -EINVAL;
	if (copy_from_user(buf, ubuf, count))
		return -EFAULT;
	buf[count] = '\0';
	strim(buf);

	mutex_lock(&vn->lock);
	status = READ_ONCE(vn->status);
	/* A real driver is using the device (not our injection). */
	if (!vn->inj && (status & ~VIRTIO_CONFIG_S_ACKNOWLEDGE)) {
		err = -EBUSY;
		goto out;
	}
	if (!strcmp(buf, "release")) {
		sfnic_vnet_reset_locked(vn);
		spin_lock_bh(&vn->slock);
		vn->status = VIRTIO_CONFIG_S_ACKNOWLEDGE;
		spin_unlock_bh(&vn->slock);
		err = 0;
		goto out;
	}
	kind = match_string(vnet_inject_kinds, VNET_INJ_MAX, buf);
	err = kind < 0 ? kind : vnet_inject(vn, kind);
out:
	mutex_unlock(&vn->lock);
	return err ? err : count;
}

static const struct file_operations vnet_inject_fops = {
	.owner	= THIS_MODULE,
	.open	= simple_open,
	.write	= vnet_inject_write,
	.llseek	= no_llseek,
};

static int vnet_state_show(struct seq_file *s, void *unused)
{
	struct sfnic_vnet *vn = s->private;
	struct sfnic_vnet_vq *vq;
	u16 i;

	seq_printf(s, "status: 0x%02x%s\n", READ_ONCE(vn->status),
		   READ_ONCE(vn->status) & VIRTIO_CONFIG_S_NEEDS_RESET ?
		   " needs_reset" : "");
	seq_printf(s, "running: %d\n", READ_ONCE(vn->running));
	seq_printf(s, "features: 0x%llx\n", vn->drv_features);
	seq_printf(s, "queue_pairs: %u/%u\n", READ_ONCE(vn->cur_qps),
		   vn->cfg.max_qps);
	seq_printf(s, "ring_errors: %d\n", atomic_read(&vn->ring_errors));
	seq_printf(s, "last_error: %s (queue %u)\n",
		   sfnic_vnet_err_name(READ_ONCE(vn->last_err)),
		   READ_ONCE(vn->last_err_vq));
	seq_printf(s, "resets: %d\n", atomic_read(&vn->resets));
	for (i = 0; i < vn->nvqs; i++) {
		vq = &vn->vqs[i];
		seq_printf(s, "vq%u: packets %llu bytes %llu dropped %llu\n", i,
			   READ_ONCE(vq->stats.packets),
			   READ_ONCE(vq->stats.bytes),
			   READ_ONCE(vq->stats.dropped));
	}
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(vnet_state);

/**
 * sfnic_vnet_debugfs_init() - the device's debugfs files
 * @vn: the device
 * @dir: the function's debugfs directory; removed by the caller before
 *	sfnic_vnet_destroy()
 *
 * Creates ``state`` in @dir, and ``inject`` for a device whose driver's
 * memory is kernel memory (&sfnic_vnet_config.mem is sfnic_vnet_kmem_ops).
 */
void sfnic_vnet_debugfs_init(struct sfnic_vnet *vn, struct dentry *dir)
{
	debugfs_create_file("state", 0400, dir, vn, &vnet_state_fops);
	if (vnet_inject_possible(vn))
		debugfs_create_file("inject", 0200, dir, vn,
				    &vnet_inject_fops);
}
