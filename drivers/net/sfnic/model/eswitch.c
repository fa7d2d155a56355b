// SPDX-License-Identifier: GPL-2.0
/*
 * sfnic device model: the eswitch. It forwards frames between function
 * vports, the representor queues of the eswitch manager and the physical
 * port.
 *
 * Legacy mode is an L2 switch: a frame goes to the enabled function whose
 * MAC, or one of the unicast addresses its driver programmed, is its
 * destination; broadcast and multicast go to every enabled
 * function and the uplink; unknown unicast from a function goes out of the
 * uplink, and from the uplink to the PF. Switchdev mode has no FDB: each
 * function is wired to its representor queue on the eswitch manager, the
 * uplink to the uplink representor's, so software (a bridge, tc) over the
 * representors decides.
 *
 * The unicast FDB is a hash table of the functions' addresses (fdb.c),
 * looked up under RCU: one lookup per frame, whatever the number of
 * vports. Flooding still visits every function, as it must.
 */

#include <linux/etherdevice.h>
#include <linux/if_vlan.h>
#include <linux/ptr_ring.h>

#include "priv.h"

/* Frames leave one device and enter another: drop what belonged to the
 * sender's namespace, as veth does. The frame keeps its socket until it is
 * delivered, so that TCP small queues pace the sender by what is still in
 * flight, as over veth.
 */
static void sfnic_esw_scrub(struct sk_buff *skb)
{
	skb_scrub_packet(skb, true);
	skb->pkt_type = PACKET_HOST;
}

/* A frame fits a function's MTU: its frames, or its segments for GSO. */
static bool sfnic_esw_mtu_ok(const struct sk_buff *skb, u32 mtu)
{
	if (skb_is_gso(skb))
		return skb_gso_validate_mac_len(skb, mtu + VLAN_ETH_HLEN);
	return skb->len <= mtu + VLAN_ETH_HLEN;
}

/* A frame the queue could not take: counted by the queue's own counter,
 * else by its vport's.
 */
static void sfnic_mq_count_drop(struct sfnic_mq *mq)
{
	atomic64_inc(mq->rx_dropped ?: &mq->vport->rx_dropped);
}

/* Puts one frame on an RX ring and raises the queue's interrupt, whose
 * handler masks itself until the ring is drained: one NAPI schedule per
 * batch. A full ring drops the frame and counts it on the queue; so does
 * a queue that wants the checksum filled in when that fails.
 */
static void sfnic_mq_post(struct sfnic_mq *mq, struct sk_buff *skb)
{
	/* An RX queue in error (model/health.c) takes nothing. */
	if (unlikely(test_bit(SFNIC_MQ_FAULT_RX_ERR, &mq->faults)))
		goto drop;
	if (skb->ip_summed == CHECKSUM_PARTIAL &&
	    !(mq->flags & SFNIC_MQ_F_RX_CSUM) && skb_checksum_help(skb))
		goto drop;
	if (unlikely(ptr_ring_produce(&mq->ring, skb)))
		goto drop;
	mq->irq.handler(mq->irq.ctx);
	return;
drop:
	sfnic_mq_count_drop(mq);
	kfree_skb(skb);
}

/* A GSO frame for a queue that cannot take it whole: cut it up here, as
 * it leaves the NIC's switching for a function that sees segments only.
 */
static void sfnic_mq_post_segs(struct sfnic_mq *mq, struct sk_buff *skb)
{
	struct sk_buff *segs, *seg, *next;

	segs = skb_gso_segment(skb, 0);
	if (IS_ERR(segs)) {
		sfnic_mq_count_drop(mq);
		kfree_skb(skb);
		return;
	}
	if (!segs) {
		/* Nothing to cut (as validate_xmit_skb() takes it) */
		sfnic_mq_post(mq, skb);
		return;
	}
	consume_skb(skb);
	skb_list_walk_safe(segs, seg, next) {
		skb_mark_not_on_list(seg);
		sfnic_mq_post(mq, seg);
	}
}

/* RCU read lock held; consumes @skb. Returns whether the eswitch took it:
 * false if no queue could (function down, no queue, over its MTU). A frame
 * that a full ring drops was taken, and is counted by that queue.
 */
static bool sfnic_esw_deliver(struct sfnic_model *m, struct sfnic_mvport *v,
			      u8 side, struct sk_buff *skb)
{
	struct sfnic_mq *mq = NULL;
	unsigned int n;

	if (side == SFNIC_MQ_FUNCTION &&
	    (!sfnic_mvport_up(v) || sfnic_mhealth_fn_dead(v) ||
	     !sfnic_esw_mtu_ok(skb, READ_ONCE(v->mtu))))
		goto drop;
	/* An address the function's driver did not program is filtered. */
	if (side == SFNIC_MQ_FUNCTION &&
	    !sfnic_mvport_rx_accept(v, eth_hdr(skb)->h_dest)) {
		kfree_skb(skb);
		return false;
	}

	/* Spread over the queues the vport has, like RSS would. */
	n = READ_ONCE(v->nmq[side]);
	if (n)
		mq = rcu_dereference(v->mq[side][n > 1 ?
			reciprocal_scale(skb_get_hash(skb), n) : 0]);
	if (!mq)
		goto drop;

	if (skb_is_gso(skb) && !(mq->flags & SFNIC_MQ_F_RX_GSO))
		sfnic_mq_post_segs(mq, skb);
	else
		sfnic_mq_post(mq, skb);
	return true;
drop:
	atomic64_inc(&v->rx_dropped);
	kfree_skb(skb);
	return false;
}

/* RCU read lock held; @src is NULL for the uplink. Consumes @skb. Returns
 * false if a unicast frame was dropped; a flooded frame counts as sent.
 */
static bool sfnic_esw_legacy(struct sfnic_model *m, struct sfnic_mvport *src,
			     struct sk_buff *skb)
{
	unsigned int end = READ_ONCE(m->vports_end);
	const u8 *dst = eth_hdr(skb)->h_dest;
	struct sfnic_mvport *v;
	struct sk_buff *copy;
	int slot;

	if (is_multicast_ether_addr(dst)) {
		for (slot = 0; slot < end; slot++) {
			v = rcu_dereference(m->vports[slot]);
			if (!v || v == src || slot == SFNIC_MSLOT_UPLINK ||
			    !sfnic_mvport_up(v))
				continue;
			copy = skb_clone(skb, GFP_ATOMIC);
			if (!copy)
				continue;
			sfnic_esw_deliver(m, v, SFNIC_MQ_FUNCTION, copy);
		}
		if (src)
			sfnic_phys_xmit(m, skb);
		else
			consume_skb(skb);
		return true;
	}

	/* Its MAC or an address its driver programmed (max_macs). */
	v = sfnic_mfdb_lookup(m, dst, src);
	if (v)
		return sfnic_esw_deliver(m, v, SFNIC_MQ_FUNCTION, skb);

	if (src)
		return sfnic_phys_xmit(m, skb);
	v = rcu_dereference(m->vports[SFNIC_MSLOT_PF]);
	return sfnic_esw_deliver(m, v, SFNIC_MQ_FUNCTION, skb);
}

/* A frame received on the physical port; softirq, RCU read lock held. */
void sfnic_esw_from_phys(struct sfnic_model *m, struct sk_buff *skb)
{
	struct sfnic_mvport *uplink;

	sfnic_esw_scrub(skb);
	skb_reset_mac_header(skb);
	uplink = rcu_dereference(m->vports[SFNIC_MSLOT_UPLINK]);
	if (READ_ONCE(m->esw_mode) == SFNIC_ESW_SWITCHDEV)
		sfnic_esw_deliver(m, uplink, SFNIC_MQ_REP, skb);
	else
		sfnic_esw_legacy(m, NULL, skb);
}

/**
 * sfnic_mq_xmit() - post a frame on a queue pair's send queue
 * @mq: the queue pair
 * @skb: an Ethernet frame; the model owns it from now on
 *
 * The eswitch forwards the frame before this returns (the model has no TX
 * ring): it is queued on the receive queue of its destination, or sent out
 * of the physical port, or dropped (destination down or without queues,
 * over its MTU, a runt, no physical port). A flooded frame counts as
 * forwarded, and so does one that the destination's full ring drops: that
 * queue counts it. The frame may be a GSO frame and its checksum left to
 * fill in (CHECKSUM_PARTIAL): it is segmented, and its checksum filled in,
 * only for a destination that cannot take it (the physical port's netdev,
 * a queue without %SFNIC_MQ_F_RX_GSO or %SFNIC_MQ_F_RX_CSUM). Called with
 * BH disabled.
 *
 * Return: true if the frame was forwarded, false if it was dropped; the
 * caller counts it as sent or as a TX drop, as veth does.
 */
bool sfnic_mq_xmit(struct sfnic_mq *mq, struct sk_buff *skb)
{
	struct sfnic_model *m = mq->m;
	struct sfnic_mvport *v = mq->vport;
	bool sent;

	/* A stalled send queue keeps what it takes; a fatal function's
	 * queues move nothing (model/health.c).
	 */
	if (unlikely(READ_ONCE(mq->faults)) &&
	    test_bit(SFNIC_MQ_FAULT_TX_STALL, &mq->faults))
		return sfnic_mq_tx_hold(mq, skb);
	if (mq->side == SFNIC_MQ_FUNCTION && sfnic_mhealth_fn_dead(v)) {
		kfree_skb(skb);
		return false;
	}
	sfnic_esw_scrub(skb);
	skb_reset_mac_header(skb);
	if (skb->len < ETH_HLEN) {
		kfree_skb(skb);
		return false;
	}

	rcu_read_lock();
	if (mq->side == SFNIC_MQ_REP) {
		if (v->num == SFNIC_VPORT_UPLINK)
			sent = sfnic_phys_xmit(m, skb);
		else
			sent = sfnic_esw_deliver(m, v, SFNIC_MQ_FUNCTION, skb);
	} else if (READ_ONCE(m->esw_mode) == SFNIC_ESW_SWITCHDEV) {
		sent = sfnic_esw_deliver(m, v, SFNIC_MQ_REP, skb);
	} else {
		sent = sfnic_esw_legacy(m, v, skb);
	}
	rcu_read_unlock();
	return sent;
}

/**
 * sfnic_mq_rx() - take one received frame off a queue pair
 * @mq: the queue pair
 *
 * Return: the frame, data at the Ethernet header, or NULL if none.
 */
struct sk_buff *sfnic_mq_rx(struct sfnic_mq *mq)
{
	return ptr_ring_consume_bh(&mq->ring);
}

/**
 * sfnic_mq_rx_bulk() - take received frames off a queue pair
 * @mq: the queue pair
 * @skbs: where to put them, data at the Ethernet header
 * @n: room in @skbs
 *
 * Return: the number of frames taken, 0 if none.
 */
int sfnic_mq_rx_bulk(struct sfnic_mq *mq, struct sk_buff **skbs, int n)
{
	return ptr_ring_consume_batched_bh(&mq->ring, (void **)skbs, n);
}

/**
 * sfnic_mq_rx_empty() - whether a queue pair's RX ring is empty
 * @mq: the queue pair
 *
 * For a consumer that unmasked its interrupt handler: frames posted before
 * the handler saw it unmasked are seen here (full barrier first).
 *
 * Return: true if no frame is waiting.
 */
bool sfnic_mq_rx_empty(struct sfnic_mq *mq)
{
	/* Pairs with the producer's barrier in the interrupt handler: the
	 * consumer's unmask is visible before it reads the ring.
	 */
	smp_mb();
	return __ptr_ring_empty(&mq->ring);
}

/* Model lock held. */
u8 sfnic_mcmd_esw_mode(struct sfnic_model *m, struct sfnic_cmd *cmd)
{
	u8 mode = cmd->in.esw_mode.mode;
	struct sfnic_mvport *v;
	int slot;

	if (mode != SFNIC_ESW_LEGACY && mode != SFNIC_ESW_SWITCHDEV)
		return SFNIC_STAT_BAD_PARAM;
	if (mode == m->esw_mode)
		return SFNIC_STAT_OK;

	WRITE_ONCE(m->esw_mode, mode);
	/* Functions whose representor is down lose or gain their link. */
	for (slot = SFNIC_MSLOT_SF0; slot < m->vports_end; slot++) {
		struct sfnic_event ev = { .type = SFNIC_EV_VPORT_LINK };

		v = rcu_dereference_protected(m->vports[slot],
					      lockdep_is_held(&m->lock));
		if (!v || v->admin_link)
			continue;
		ev.vport = v->num;
		ev.link_up = sfnic_mvport_link(m, v);
		sfnic_model_post_event(m, &ev);
	}
	return SFNIC_STAT_OK;
}
