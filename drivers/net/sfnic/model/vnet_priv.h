/* SPDX-License-Identifier: GPL-2.0 */
/* Internals of the virtio-net device engine of the sfnic model. */

#ifndef _SFNIC_VNET_PRIV_H
#define _SFNIC_VNET_PRIV_H

#include <linux/atomic.h>
#include <linux/mdevc_virtio.h>
#include <linux/mutex.h>
#include <linux/spinlock.h>
#include <linux/virtio_net.h>
#include <linux/workqueue.h>

#include "vnet.h"

/* The virtio subsystem vendor id of engine devices ("SF"). */
#define SFNIC_VNET_VENDOR_ID	0x5346

/* Every VERSION_1 frame starts with this header (12 bytes). */
#define SFNIC_VNET_HDR_LEN	sizeof(struct virtio_net_hdr_v1)

/* No chain may carry more than this: without GSO a frame is at most an MTU
 * plus headers, and a receive chain at most 64 KiB of buffers.
 */
#define SFNIC_VNET_MAX_CHAIN	(128 * 1024)

/* Frames or control commands handled per work item run. */
#define SFNIC_VNET_BUDGET	64

/**
 * enum sfnic_vnet_err - why the device stopped trusting a ring
 * @SFNIC_VNET_E_NONE: no error.
 * @SFNIC_VNET_E_QUEUE: a ready queue has a size that is not a power of two
 *	or too large, or misaligned ring areas.
 * @SFNIC_VNET_E_RING: a ring area is not readable (writable) memory.
 * @SFNIC_VNET_E_AVAIL_IDX: the available index moved by more than the
 *	queue size.
 * @SFNIC_VNET_E_HEAD: a chain head index is out of the table.
 * @SFNIC_VNET_E_NEXT: a next index is out of the table.
 * @SFNIC_VNET_E_LOOP: a chain longer than the table: it loops.
 * @SFNIC_VNET_E_INDIRECT: an indirect descriptor, never offered.
 * @SFNIC_VNET_E_LEN: a chain carries more than %SFNIC_VNET_MAX_CHAIN.
 * @SFNIC_VNET_E_ADDR: a buffer is not memory the device may access.
 * @SFNIC_VNET_E_DIR: a device-writable buffer where the device must read
 *	(send queue, command), a read-only one where it must write (receive
 *	queue, command status), or a readable one after a writable one.
 * @SFNIC_VNET_E_MAX: number of reasons.
 */
enum sfnic_vnet_err {
	SFNIC_VNET_E_NONE,
	SFNIC_VNET_E_QUEUE,
	SFNIC_VNET_E_RING,
	SFNIC_VNET_E_AVAIL_IDX,
	SFNIC_VNET_E_HEAD,
	SFNIC_VNET_E_NEXT,
	SFNIC_VNET_E_LOOP,
	SFNIC_VNET_E_INDIRECT,
	SFNIC_VNET_E_LEN,
	SFNIC_VNET_E_ADDR,
	SFNIC_VNET_E_DIR,
	SFNIC_VNET_E_MAX,
};

/* One buffer of a chain: a checked (address, length). */
struct sfnic_vnet_seg {
	u64 addr;
	u32 len;
};

/* One chain taken from the available ring for a receive. */
struct sfnic_vnet_buf {
	u16 head;
	u16 first;	/* index of its first segment in the queue's segs */
	u16 nsegs;
};

/**
 * struct sfnic_vnet_stats - counters of one virtqueue
 * @packets: frames sent (send queue), received (receive queue) or
 *	commands processed (control queue).
 * @bytes: bytes of those frames, headers excluded.
 * @dropped: frames dropped: malformed header, too short or too long (send
 *	queue); buffers too small (receive queue).
 *
 * Written by the queue's worker only, read locklessly for debugfs.
 */
struct sfnic_vnet_stats {
	u64 packets;
	u64 bytes;
	u64 dropped;
};

/**
 * struct sfnic_vnet_vq - one virtqueue of the device
 * @vn: the device.
 * @index: the virtqueue index: 2n receive, 2n + 1 send of queue pair n;
 *	2 * max_qps the control queue.
 * @num: queue size set by the driver.
 * @desc: address of the descriptor table.
 * @avail: address of the available (driver) ring.
 * @used: address of the used (device) ring.
 * @ready: enabled by the driver.
 * @cb_lock: protects @cb; held while calling it, so that once set_vq_cb
 *	returned the old callback is not running any more.
 * @cb: the driver's used-buffer callback.
 * @last_avail: next available ring entry the device reads.
 * @used_idx: next used ring entry the device writes, published in the
 *	used ring's index at the end of each batch.
 * @segs: scratch room for the buffers of the chains being processed,
 *	@num entries, allocated at DRIVER_OK.
 * @bufs: the chains of one receive, @num entries.
 * @rx_pending: a frame from the port waiting for receive buffers.
 * @work: processes the queue.
 * @stats: counters.
 *
 * @last_avail, @used_idx, @segs, @bufs, @rx_pending belong to the queue's
 * worker (the control queue's to &sfnic_vnet.ctrl_lock) while the device
 * runs; the queue's address, size and @ready are written under
 * &sfnic_vnet.lock while it does not.
 */
struct sfnic_vnet_vq {
	struct sfnic_vnet *vn;
	u16 index;
	u32 num;
	u64 desc;
	u64 avail;
	u64 used;
	bool ready;

	spinlock_t cb_lock;	/* protects cb, held while calling it */
	struct mdevc_virtio_callback cb;

	u16 last_avail;
	u16 used_idx;
	struct sfnic_vnet_seg *segs;
	struct sfnic_vnet_buf *bufs;
	struct sk_buff *rx_pending;
	struct work_struct work;
	struct sfnic_vnet_stats stats;
};

struct sfnic_vnet_inject;

/**
 * struct sfnic_vnet - one virtio-net device
 * @cfg: what the device was created with.
 * @dev_features: the feature bits offered.
 * @nvqs: number of virtqueues: two per queue pair, plus the control queue
 *	when %VIRTIO_NET_F_CTRL_VQ is offered.
 * @lock: serializes the driver's control operations (status, reset,
 *	features, queue setup) and protects @drv_features, @port_started and
 *	@inj. The queue workers never take it.
 * @drv_features: the features the driver accepted.
 * @port_started: &sfnic_vnet_port_ops.start succeeded.
 * @slock: protects @status, @net_cfg and @generation; taken in any
 *	context.
 * @status: the device status byte.
 * @net_cfg: the configuration space.
 * @generation: bumped on every configuration change.
 * @running: the queues may be processed (DRIVER_OK set, not broken);
 *	written under @slock, read locklessly by the workers.
 * @cur_qps: queue pairs the driver uses (VIRTIO_NET_CTRL_MQ), 1 until it
 *	says otherwise: the device queues received frames on these only.
 *	Written by the control queue (under @ctrl_lock) and at reset (under
 *	@slock); read locklessly by the workers and sfnic_vnet_rx_notify().
 * @ctrl_lock: serializes control queue processing against itself and
 *	against the device being stopped.
 * @cfg_cb_lock: protects @config_cb, held while calling it.
 * @config_cb: the driver's configuration change callback.
 * @ring_errors: ring violations seen since creation.
 * @last_err: the reason of the last violation (&enum sfnic_vnet_err).
 * @last_err_vq: the queue of the last violation.
 * @resets: device resets since creation.
 * @inj: the queues the test injector set up, if any.
 * @vqs: the virtqueues.
 */
struct sfnic_vnet {
	struct sfnic_vnet_config cfg;
	u64 dev_features;
	u16 nvqs;

	struct mutex lock;	/* driver control ops; see above */
	u64 drv_features;
	bool port_started;

	spinlock_t slock;	/* status, net_cfg, generation, running */
	u8 status;
	struct virtio_net_config net_cfg;
	u32 generation;
	bool running;
	u16 cur_qps;

	spinlock_t ctrl_lock;	/* control queue processing */

	spinlock_t cfg_cb_lock;	/* config_cb, held while calling it */
	struct mdevc_virtio_callback config_cb;

	atomic_t ring_errors;
	u8 last_err;
	u16 last_err_vq;
	atomic_t resets;

	struct sfnic_vnet_inject *inj;

	struct sfnic_vnet_vq vqs[];
};

static inline bool sfnic_vnet_has_ctrl(const struct sfnic_vnet *vn)
{
	return vn->dev_features & BIT_ULL(VIRTIO_NET_F_CTRL_VQ);
}

static inline bool sfnic_vnet_is_ctrl(const struct sfnic_vnet_vq *vq)
{
	return sfnic_vnet_has_ctrl(vq->vn) &&
	       vq->index == 2 * vq->vn->cfg.max_qps;
}

/* vnet.c */
void sfnic_vnet_fail(struct sfnic_vnet_vq *vq, enum sfnic_vnet_err err);
void sfnic_vnet_config_irq(struct sfnic_vnet *vn);
const char *sfnic_vnet_err_name(u8 err);
int sfnic_vnet_reset_locked(struct sfnic_vnet *vn);

/* vnet_ring.c */
void sfnic_vnet_vq_work(struct work_struct *work);
void sfnic_vnet_ctrl_kick(struct sfnic_vnet_vq *vq);
int sfnic_vnet_vq_check(struct sfnic_vnet_vq *vq);

/* vnet_inject.c */
void sfnic_vnet_inject_free(struct sfnic_vnet *vn);
void sfnic_vnet_inject_debugfs(struct sfnic_vnet *vn, struct dentry *dir);

#endif /* _SFNIC_VNET_PRIV_H */
