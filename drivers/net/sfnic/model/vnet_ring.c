// SPDX-License-Identifier: GPL-2.0
/*
 * sfnic virtio-net engine: the split virtqueues, walked by the device.
 *
 * Nothing the driver wrote is trusted. The available index may not move by
 * more than the queue size; head and next indices must be in the table; a
 * chain may not be longer than the table (it would loop), carry more than
 * %SFNIC_VNET_MAX_CHAIN bytes, use indirect descriptors (never offered) or
 * mix directions wrongly; every buffer must be memory the accessor lets
 * the device reach. The first violation breaks the device (NEEDS_RESET),
 * counted in &sfnic_vnet.ring_errors, and no queue is looked at again
 * until the driver resets the device.
 *
 * Every queue is processed by its own work item, kicked by the driver (or,
 * for receive queues, by the port), a budget of frames per run. The
 * control queue is processed in the kick itself: virtio_net waits for its
 * commands by spinning, possibly on the CPU our worker would need.
 *
 * Of the port's queue pairs, the device uses the first cur_qps, the number
 * the driver set with VIRTIO_NET_CTRL_MQ_VQ_PAIRS_SET (one until then), as
 * the spec's device does: frames the port has for queue pair n go to
 * receive queue n % cur_qps, which takes them from each port queue pair
 * it stands for, and no frame is queued on a receive queue past cur_qps.
 * A transmit queue past cur_qps is still drained (the driver may have made
 * buffers available before the command) but sends through the port's queue
 * pair n % cur_qps.
 */

#include <linux/etherdevice.h>
#include <linux/if_vlan.h>
#include <linux/skbuff.h>
#include <linux/virtio_ring.h>
#include <asm/unaligned.h>

#include "vnet_priv.h"

static int vnet_read(struct sfnic_vnet *vn, u64 addr, void *buf, u32 len)
{
	return vn->cfg.mem->read(vn->cfg.mem_priv, addr, buf, len);
}

static int vnet_write(struct sfnic_vnet *vn, u64 addr, const void *buf,
		      u32 len)
{
	return vn->cfg.mem->write(vn->cfg.mem_priv, addr, buf, len);
}

/* Queue size and ring alignment, checked before the device runs. */
int sfnic_vnet_vq_check(struct sfnic_vnet_vq *vq)
{
	if (!vq->num || vq->num > SFNIC_VNET_QUEUE_SIZE ||
	    !is_power_of_2(vq->num))
		return SFNIC_VNET_E_QUEUE;
	if (!IS_ALIGNED(vq->desc, 16) || !IS_ALIGNED(vq->avail, 2) ||
	    !IS_ALIGNED(vq->used, 4))
		return SFNIC_VNET_E_QUEUE;
	return SFNIC_VNET_E_NONE;
}

/* Read the available index into @idx. It may be at most a queue size ahead
 * of what the device consumed; the ring entries it covers are read after
 * it.
 */
static int vnet_avail_idx(struct sfnic_vnet_vq *vq, u16 *idx)
{
	__le16 v;

	if (vnet_read(vq->vn, vq->avail + 2, &v, sizeof(v)))
		return SFNIC_VNET_E_RING;
	*idx = le16_to_cpu(v);
	if ((u16)(*idx - vq->last_avail) > vq->num)
		return SFNIC_VNET_E_AVAIL_IDX;
	/* Pairs with the driver's write barrier before the index update. */
	virt_rmb();
	return SFNIC_VNET_E_NONE;
}

static int vnet_avail_head(struct sfnic_vnet_vq *vq, u16 pos, u16 *head)
{
	u64 addr = vq->avail + 4 + 2 * (u64)(pos & (vq->num - 1));
	__le16 v;

	if (vnet_read(vq->vn, addr, &v, sizeof(v)))
		return SFNIC_VNET_E_RING;
	*head = le16_to_cpu(v);
	return *head < vq->num ? SFNIC_VNET_E_NONE : SFNIC_VNET_E_HEAD;
}

/**
 * vnet_chain() - walk and check the descriptor chain of one head
 * @vq: the queue
 * @head: the head index, already checked against the table size
 * @first: first free entry of &sfnic_vnet_vq.segs, where the buffers go
 * @nsegs: out: buffers stored (zero-length descriptors are skipped)
 * @out_len: out: bytes of the device-readable buffers, which come first
 * @in_len: out: bytes of the device-writable buffers, which follow
 *
 * Return: %SFNIC_VNET_E_NONE or the violation found.
 */
static int vnet_chain(struct sfnic_vnet_vq *vq, u16 head, u16 first,
		      u16 *nsegs, u32 *out_len, u32 *in_len)
{
	struct sfnic_vnet_seg *seg;
	struct vring_desc d;
	u16 i = head, flags;
	u32 count = 0, len;
	u64 addr;

	*nsegs = 0;
	*out_len = 0;
	*in_len = 0;
	for (;;) {
		/* More descriptors than the table holds: a loop. */
		if (++count > vq->num)
			return SFNIC_VNET_E_LOOP;
		if (vnet_read(vq->vn, vq->desc + 16 * (u64)i, &d, sizeof(d)))
			return SFNIC_VNET_E_RING;
		addr = le64_to_cpu((__force __le64)d.addr);
		len = le32_to_cpu((__force __le32)d.len);
		flags = le16_to_cpu((__force __le16)d.flags);

		if (flags & VRING_DESC_F_INDIRECT)
			return SFNIC_VNET_E_INDIRECT;
		if (len > SFNIC_VNET_MAX_CHAIN ||
		    *out_len + *in_len + len > SFNIC_VNET_MAX_CHAIN)
			return SFNIC_VNET_E_LEN;
		if (len && addr + len - 1 < addr)
			return SFNIC_VNET_E_ADDR;
		if (flags & VRING_DESC_F_WRITE) {
			*in_len += len;
		} else {
			if (*in_len)
				return SFNIC_VNET_E_DIR;
			*out_len += len;
		}
		if (len) {
			/* At most num buffers in flight in one operation. */
			if (first + *nsegs >= vq->num)
				return SFNIC_VNET_E_LOOP;
			seg = &vq->segs[first + (*nsegs)++];
			seg->addr = addr;
			seg->len = len;
		}

		if (!(flags & VRING_DESC_F_NEXT))
			return SFNIC_VNET_E_NONE;
		i = le16_to_cpu((__force __le16)d.next);
		if (i >= vq->num)
			return SFNIC_VNET_E_NEXT;
	}
}

/* Copy @len bytes between @buf and the stream formed by @n buffers from
 * @segs, starting @off bytes into the stream.
 */
static int vnet_segs_copy(struct sfnic_vnet *vn,
			  const struct sfnic_vnet_seg *segs, u16 n, u32 off,
			  void *buf, u32 len, bool to_driver)
{
	u32 chunk;
	int err;
	u16 i;

	for (i = 0; i < n && len; i++) {
		if (off >= segs[i].len) {
			off -= segs[i].len;
			continue;
		}
		chunk = min(len, segs[i].len - off);
		if (to_driver)
			err = vnet_write(vn, segs[i].addr + off, buf, chunk);
		else
			err = vnet_read(vn, segs[i].addr + off, buf, chunk);
		if (err)
			return SFNIC_VNET_E_ADDR;
		buf += chunk;
		len -= chunk;
		off = 0;
	}
	return SFNIC_VNET_E_NONE;
}

static int vnet_used_add(struct sfnic_vnet_vq *vq, u16 head, u32 len)
{
	u64 addr = vq->used + 4 + 8 * (u64)(vq->used_idx & (vq->num - 1));
	struct vring_used_elem e = {
		.id = (__force __virtio32)cpu_to_le32(head),
		.len = (__force __virtio32)cpu_to_le32(len),
	};

	if (vnet_write(vq->vn, addr, &e, sizeof(e)))
		return SFNIC_VNET_E_RING;
	vq->used_idx++;
	return SFNIC_VNET_E_NONE;
}

/* Publish the used entries added, then interrupt unless told not to. */
static void vnet_used_flush(struct sfnic_vnet_vq *vq)
{
	__le16 idx = cpu_to_le16(vq->used_idx);
	__le16 flags;

	/* The entries are visible before the index. */
	virt_wmb();
	if (vnet_write(vq->vn, vq->used + 2, &idx, sizeof(idx))) {
		sfnic_vnet_fail(vq, SFNIC_VNET_E_RING);
		return;
	}
	/* The index is visible before we look at the driver's flags. */
	virt_mb();
	if (vnet_read(vq->vn, vq->avail, &flags, sizeof(flags))) {
		sfnic_vnet_fail(vq, SFNIC_VNET_E_RING);
		return;
	}
	if (le16_to_cpu(flags) & VRING_AVAIL_F_NO_INTERRUPT)
		return;

	spin_lock_bh(&vq->cb_lock);
	if (vq->cb.callback)
		vq->cb.callback(vq->cb.private);
	spin_unlock_bh(&vq->cb_lock);
}

static bool vnet_running(struct sfnic_vnet *vn)
{
	return READ_ONCE(vn->running);
}

/* Largest frame the device accepts from the driver. */
static u32 vnet_max_frame(struct sfnic_vnet *vn)
{
	return vn->cfg.mtu + VLAN_ETH_HLEN;
}

/* Send one chain. Returns a violation, or none if the frame was consumed. */
static int vnet_tx_one(struct sfnic_vnet_vq *vq, u16 head)
{
	struct sfnic_vnet *vn = vq->vn;
	struct virtio_net_hdr_v1 hdr;
	u32 out_len, in_len, len;
	struct sk_buff *skb;
	u16 nsegs;
	int err;

	err = vnet_chain(vq, head, 0, &nsegs, &out_len, &in_len);
	if (err)
		return err;
	if (in_len)
		return SFNIC_VNET_E_DIR;

	len = out_len - min_t(u32, out_len, SFNIC_VNET_HDR_LEN);
	if (out_len < SFNIC_VNET_HDR_LEN + ETH_HLEN ||
	    len > vnet_max_frame(vn))
		goto drop;

	err = vnet_segs_copy(vn, vq->segs, nsegs, 0, &hdr, sizeof(hdr), false);
	if (err)
		return err;
	/* Neither checksum offload nor GSO was offered. */
	if (hdr.flags || hdr.gso_type != VIRTIO_NET_HDR_GSO_NONE)
		goto drop;

	skb = alloc_skb(NET_IP_ALIGN + len, GFP_KERNEL);
	if (!skb)
		goto drop;
	skb_reserve(skb, NET_IP_ALIGN);
	err = vnet_segs_copy(vn, vq->segs, nsegs, SFNIC_VNET_HDR_LEN,
			     skb_put(skb, len), len, false);
	if (err) {
		kfree_skb(skb);
		return err;
	}
	err = vnet_used_add(vq, head, 0);
	if (err) {
		kfree_skb(skb);
		return err;
	}
	vq->stats.packets++;
	vq->stats.bytes += len;

	skb_reset_mac_header(skb);
	local_bh_disable();
	vn->cfg.port->xmit(vn->cfg.port_priv,
			   vq->index / 2 % READ_ONCE(vn->cur_qps), skb);
	local_bh_enable();
	return SFNIC_VNET_E_NONE;

drop:
	vq->stats.dropped++;
	return vnet_used_add(vq, head, 0);
}

/* Hand each chain the driver made available to @one, at most @budget of
 * them, then publish the used entries. A ring error fails the device.
 * Inlined so that @one is a direct call on the datapath. Returns true if
 * the budget ran out with chains left.
 */
static __always_inline bool
vnet_avail_drain(struct sfnic_vnet_vq *vq,
		 int (*one)(struct sfnic_vnet_vq *vq, u16 head),
		 unsigned int budget)
{
	unsigned int done = 0;
	u16 avail, head;
	int err;

	err = vnet_avail_idx(vq, &avail);
	while (!err && vq->last_avail != avail && done < budget) {
		err = vnet_avail_head(vq, vq->last_avail, &head);
		if (!err)
			err = one(vq, head);
		if (!err) {
			vq->last_avail++;
			done++;
		}
	}
	if (done)
		vnet_used_flush(vq);
	if (err) {
		sfnic_vnet_fail(vq, err);
		return false;
	}
	return vq->last_avail != avail;
}

/* Returns true if the budget ran out with work left. */
static bool vnet_tx(struct sfnic_vnet_vq *vq)
{
	return vnet_avail_drain(vq, vnet_tx_one, SFNIC_VNET_BUDGET);
}

/* Take the receive chains a frame of @total bytes (header included) needs:
 * one chain, or as many as needed with mergeable buffers. Nothing is
 * consumed until the frame is written. Returns -EAGAIN if the driver has
 * not posted enough buffers, else a violation or none; @nbufs and @room
 * say what was taken.
 */
static int vnet_rx_take(struct sfnic_vnet_vq *vq, u32 total, u16 *nbufs,
			u32 *room)
{
	bool mrg = vq->vn->drv_features & BIT_ULL(VIRTIO_NET_F_MRG_RXBUF);
	u16 pos = vq->last_avail, avail, nsegs = 0, n;
	struct sfnic_vnet_buf *b;
	u32 out_len, in_len;
	int err;

	*nbufs = 0;
	*room = 0;
	err = vnet_avail_idx(vq, &avail);
	if (err)
		return err;
	while (*room < total && (mrg || !*nbufs)) {
		if (pos == avail)
			return -EAGAIN;
		if (*nbufs >= vq->num)
			return SFNIC_VNET_E_LOOP;
		b = &vq->bufs[*nbufs];
		err = vnet_avail_head(vq, pos, &b->head);
		if (!err)
			err = vnet_chain(vq, b->head, nsegs, &n, &out_len,
					 &in_len);
		if (err)
			return err;
		if (out_len)
			return SFNIC_VNET_E_DIR;
		b->first = nsegs;
		b->nsegs = n;
		nsegs += n;
		*room += in_len;
		(*nbufs)++;
		pos++;
	}
	return SFNIC_VNET_E_NONE;
}

/* Write @skb (linear) into the chains taken, header first. */
static int vnet_rx_write(struct sfnic_vnet_vq *vq, struct sk_buff *skb,
			 u16 nbufs)
{
	struct virtio_net_hdr_v1 hdr = {
		.gso_type = VIRTIO_NET_HDR_GSO_NONE,
		.num_buffers = (__force __virtio16)cpu_to_le16(nbufs),
	};
	u32 total = SFNIC_VNET_HDR_LEN + skb->len, off = 0, room, n, hn;
	struct sfnic_vnet *vn = vq->vn;
	struct sfnic_vnet_buf *b;
	u16 i, s;
	int err;

	for (i = 0; i < nbufs; i++) {
		b = &vq->bufs[i];
		room = 0;
		for (s = 0; s < b->nsegs; s++)
			room += vq->segs[b->first + s].len;
		n = min(room, total - off);
		/* The part of the header, then of the frame, in this chain. */
		hn = off < SFNIC_VNET_HDR_LEN ?
		     min_t(u32, n, SFNIC_VNET_HDR_LEN - off) : 0;
		err = vnet_segs_copy(vn, &vq->segs[b->first], b->nsegs, 0,
				     (u8 *)&hdr + off, hn, true);
		if (!err && n > hn)
			err = vnet_segs_copy(vn, &vq->segs[b->first],
					     b->nsegs, hn,
					     skb->data + off + hn -
					     SFNIC_VNET_HDR_LEN, n - hn, true);
		if (!err)
			err = vnet_used_add(vq, b->head, n);
		if (err)
			return err;
		off += n;
	}
	return SFNIC_VNET_E_NONE;
}

/* Returns -EAGAIN to keep @skb for later, else a violation or none. */
static int vnet_rx_one(struct sfnic_vnet_vq *vq, struct sk_buff *skb)
{
	u32 total, room;
	u16 nbufs;
	int err;

	if (skb_linearize(skb))
		goto drop;
	total = SFNIC_VNET_HDR_LEN + skb->len;
	err = vnet_rx_take(vq, total, &nbufs, &room);
	if (err)
		return err;
	if (room < total) {
		/* One buffer too small for the frame: give it back empty. */
		err = vnet_used_add(vq, vq->bufs[0].head, 0);
		if (err)
			return err;
		vq->last_avail++;
		goto drop;
	}
	err = vnet_rx_write(vq, skb, nbufs);
	if (err)
		return err;
	vq->last_avail += nbufs;
	vq->stats.packets++;
	vq->stats.bytes += skb->len;
	consume_skb(skb);
	return SFNIC_VNET_E_NONE;

drop:
	vq->stats.dropped++;
	kfree_skb(skb);
	return SFNIC_VNET_E_NONE;
}

/* The next frame for a receive queue: the one waiting for buffers, else
 * one from the port's queue pairs it stands for (its own, then every
 * @cur-th after it), from *@src on.
 */
static struct sk_buff *vnet_rx_next(struct sfnic_vnet_vq *vq, u16 cur,
				    u16 *src)
{
	struct sfnic_vnet *vn = vq->vn;
	const struct sfnic_vnet_port_ops *port = vn->cfg.port;
	struct sk_buff *skb = vq->rx_pending;

	if (skb) {
		vq->rx_pending = NULL;
		return skb;
	}
	if (!port->rx)
		return NULL;
	for (; *src < vn->cfg.max_qps; *src += cur) {
		skb = port->rx(vn->cfg.port_priv, *src);
		if (skb)
			return skb;
	}
	return NULL;
}

static bool vnet_rx(struct sfnic_vnet_vq *vq)
{
	struct sfnic_vnet *vn = vq->vn;
	u16 qp = vq->index / 2, cur = READ_ONCE(vn->cur_qps), src = qp;
	struct sk_buff *skb;
	int err = 0, done = 0;

	/* A queue past those the driver uses gets nothing (virtio 1.1,
	 * 5.1.6.5.5); its frames go to queue pair qp % cur_qps.
	 */
	if (qp >= cur) {
		if (vq->rx_pending) {
			vq->stats.dropped++;
			kfree_skb(vq->rx_pending);
			vq->rx_pending = NULL;
		}
		return false;
	}
	while (done < SFNIC_VNET_BUDGET) {
		/* The driver changed the queue pairs: the work queued by
		 * the command looks again.
		 */
		if (READ_ONCE(vn->cur_qps) != cur)
			break;
		skb = vnet_rx_next(vq, cur, &src);
		if (!skb)
			break;
		err = vnet_rx_one(vq, skb);
		if (err == -EAGAIN) {
			vq->rx_pending = skb;
			err = 0;
			break;
		}
		if (err) {
			kfree_skb(skb);
			break;
		}
		done++;
	}
	if (done)
		vnet_used_flush(vq);
	if (err) {
		sfnic_vnet_fail(vq, err);
		return false;
	}
	return done == SFNIC_VNET_BUDGET;
}

/**
 * sfnic_vnet_vq_work() - process a send or receive queue
 * @work: &sfnic_vnet_vq.work
 */
void sfnic_vnet_vq_work(struct work_struct *work)
{
	struct sfnic_vnet_vq *vq = container_of(work, struct sfnic_vnet_vq,
						work);
	bool more;

	if (!vnet_running(vq->vn) || !READ_ONCE(vq->ready))
		return;
	more = vq->index & 1 ? vnet_tx(vq) : vnet_rx(vq);
	if (more)
		queue_work(system_wq, &vq->work);
}

/* Execute one control command; returns VIRTIO_NET_OK or _ERR. */
static u8 vnet_ctrl_cmd(struct sfnic_vnet *vn, u8 class, u8 cmd,
			const u8 *data, u32 len)
{
	u16 qps, i;

	if (class == VIRTIO_NET_CTRL_MQ &&
	    cmd == VIRTIO_NET_CTRL_MQ_VQ_PAIRS_SET && len >= 2) {
		qps = get_unaligned_le16(data);
		if (qps < VIRTIO_NET_CTRL_MQ_VQ_PAIRS_MIN ||
		    qps > vn->cfg.max_qps)
			return VIRTIO_NET_ERR;
		WRITE_ONCE(vn->cur_qps, qps);
		/* Frames of the port wait on receive queues that no longer
		 * take them, or that now take them: steer them again.
		 */
		for (i = 0; i < vn->cfg.max_qps; i++)
			if (READ_ONCE(vn->vqs[2 * i].ready))
				queue_work(system_wq, &vn->vqs[2 * i].work);
		return VIRTIO_NET_OK;
	}
	return VIRTIO_NET_ERR;
}

static int vnet_ctrl_one(struct sfnic_vnet_vq *vq, u16 head)
{
	struct sfnic_vnet *vn = vq->vn;
	u32 out_len, in_len, len;
	u8 buf[2 + 8], ack;
	u16 nsegs;
	int err;

	err = vnet_chain(vq, head, 0, &nsegs, &out_len, &in_len);
	if (err)
		return err;
	/* A command is readable class, command and data, then a status. */
	if (out_len < 2 || !in_len)
		return SFNIC_VNET_E_DIR;

	len = min_t(u32, out_len, sizeof(buf));
	err = vnet_segs_copy(vn, vq->segs, nsegs, 0, buf, len, false);
	if (err)
		return err;
	ack = vnet_ctrl_cmd(vn, buf[0], buf[1], buf + 2, len - 2);

	/* The status goes to the first writable byte, after the command. */
	err = vnet_segs_copy(vn, vq->segs, nsegs, out_len, &ack, 1, true);
	if (err)
		return err;
	vq->stats.packets++;
	return vnet_used_add(vq, head, 1);
}

/**
 * sfnic_vnet_ctrl_kick() - process the control queue, in the kick
 * @vq: the control queue
 *
 * Commands are few, small and bounded; virtio_net busy-waits for them.
 */
void sfnic_vnet_ctrl_kick(struct sfnic_vnet_vq *vq)
{
	struct sfnic_vnet *vn = vq->vn;

	spin_lock_bh(&vn->ctrl_lock);
	if (vnet_running(vn) && vq->ready && vq->segs)
		vnet_avail_drain(vq, vnet_ctrl_one, UINT_MAX);
	spin_unlock_bh(&vn->ctrl_lock);
}
