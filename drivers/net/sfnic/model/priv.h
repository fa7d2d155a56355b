/* SPDX-License-Identifier: GPL-2.0 */
/* Internals of the sfnic device model; never included by the driver. */

#ifndef _SFNIC_MODEL_PRIV_H
#define _SFNIC_MODEL_PRIV_H

#include <linux/mutex.h>
#include <linux/netdevice.h>
#include <linux/ptr_ring.h>
#include <linux/rcupdate.h>
#include <linux/seq_file.h>
#include <linux/spinlock.h>
#include <linux/workqueue.h>

#include "model.h"
#include "fdb.h"

/* Vport table slots: the PF, the uplink, then the SFs. */
#define SFNIC_MSLOT_PF		0
#define SFNIC_MSLOT_UPLINK	1
#define SFNIC_MSLOT_SF0		2
#define SFNIC_MSLOTS		(SFNIC_MSLOT_SF0 + SFNIC_MODEL_MAX_SFS)
/* Event queue entries: one per vport slot and event type. The FIFO of
 * pending entries holds their indexes as u16.
 */
#define SFNIC_EQ_ENTRIES	(SFNIC_MSLOTS * SFNIC_EV_MAX)
static_assert(SFNIC_EQ_ENTRIES <= 65536);	/* U16_MAX + 1 */

/* A queue pair. The send queue has no ring: a frame posted on it is
 * forwarded at once. The RX ring is a ptr_ring: producers (any CPU, BH
 * disabled) take its producer lock, the consumer its consumer lock.
 */
struct sfnic_mq {
	struct sfnic_model *m;
	struct sfnic_mvport *vport;
	u8 side;
	u8 index;
	u32 flags;
	struct sfnic_mq_irq irq;
	atomic64_t *rx_dropped;
	struct list_head dead;		/* being destroyed */
	struct ptr_ring ring;
	/* Injected faults (health.c): SFNIC_MQ_FAULT_* bits, set and
	 * cleared atomically, read by the datapath. sq_held holds the
	 * frames a stalled send queue took and did not complete (its own
	 * lock); rq_syndrome and resets are written under the model lock.
	 */
	unsigned long faults;
	struct sk_buff_head sq_held;
	u32 rq_syndrome;
	u32 resets;
};

#define SFNIC_MQ_FAULT_TX_STALL	0
#define SFNIC_MQ_FAULT_RX_ERR	1
/* Frames a stalled send queue holds; it refuses the next ones. */
#define SFNIC_MQ_SQ_DEPTH	256

/* The RX filter of a function end: replaced whole, freed after RCU. */
struct sfnic_mrxf {
	struct rcu_head rcu;
	bool promisc;
	u32 n;
	u8 macs[][ETH_ALEN];
};

struct sfnic_mvport {
	u16 num;
	u32 sfnum;
	/* The fields below are written under sfnic_model.lock and read
	 * locklessly (READ_ONCE, RCU) by the datapath.
	 */
	u8 state;
	u8 mac[ETH_ALEN];
	u32 mtu;
	bool admin_link;
	u32 io_eq_size;
	u32 event_eq_size;
	struct sfnic_mrxf __rcu *rxf;	/* NULL: no filter */
	atomic64_t rx_dropped;
	atomic64_t rx_filtered;
	/* Queues 0..nmq[side] - 1 exist: the eswitch spreads over them. */
	u8 nmq[2];
	struct sfnic_mq __rcu *mq[2][SFNIC_MODEL_MAX_QUEUES];
	struct sfnic_mfdb_vport fdb;	/* its FDB entries, model lock */
	struct rcu_head rcu;
	/* Health (health.c): &struct sfnic_health_info, written under the
	 * model lock; health_state is read locklessly by the datapath.
	 */
	struct sfnic_health_info health;
};

struct sfnic_mfault {
	atomic_t count;		/* commands left to fail */
	u32 err;		/* positive errno they fail with */
	u32 delay_ms;		/* each command waits that long first */
};

struct sfnic_model {
	struct device *dev;
	u32 id;
	struct sfnic_caps caps;
	struct sfnic_fw_info fw;

	/* Serializes commands; protects every vport's state, MAC, MTU and
	 * link, the vport table and esw_mode against writers. The datapath
	 * reads the vport table and the queues under RCU.
	 */
	struct mutex lock;
	struct sfnic_mvport __rcu **vports;	/* SFNIC_MSLOTS, by slot */
	/* Slots from vports_end on are empty: the walks of the table (legacy
	 * flooding, mode changes, debugfs) stop there. Written under lock,
	 * read with READ_ONCE() by the datapath.
	 */
	unsigned int vports_end;
	u8 esw_mode;
	/* Legacy mode's unicast FDB (fdb.c): written under lock, looked up
	 * under RCU.
	 */
	struct sfnic_mfdb fdb;
	/* The firmware image being written (fw.c), under lock too: NULL, or
	 * fw_stage_size bytes of which the first fw_staged were written.
	 * &fw's versions change under lock as well.
	 */
	u8 *fw_stage;
	u32 fw_stage_size;
	u32 fw_staged;

	/* Event queue: an entry per vport slot and event type (eq_ev),
	 * preallocated, so that posting an event never allocates nor fails;
	 * a newer event replaces a pending one of the same entry. A pending
	 * entry (its bit set in eq_pending) sits once in the FIFO eq_fifo
	 * (eq_len indexes from eq_head, modulo SFNIC_EQ_ENTRIES): posting and
	 * taking an event are O(1) whatever the number of vports, and events
	 * are delivered in the order their entries first became pending.
	 * eq_lock protects all of these; eq_work runs on eq_wq and calls the
	 * notifier chain nh, whose own rwsem protects it.
	 */
	spinlock_t eq_lock;
	unsigned long *eq_pending;
	struct sfnic_event *eq_ev;
	u16 *eq_fifo;
	unsigned int eq_head;
	unsigned int eq_len;
	struct workqueue_struct *eq_wq;
	struct work_struct eq_work;
	struct blocking_notifier_head nh;

	struct sfnic_mfault faults[SFNIC_CMD_MAX];

	/* The host netdev wired to the physical port; written under RTNL,
	 * read under RCU by the datapath.
	 */
	struct net_device __rcu *phys_dev;
	netdevice_tracker phys_tracker;
	struct notifier_block phys_nb;
	atomic64_t phys_tx_dropped;

	struct dentry *ddir;
};

static inline int sfnic_mslot(u16 vport)
{
	if (vport == SFNIC_VPORT_PF)
		return SFNIC_MSLOT_PF;
	if (vport == SFNIC_VPORT_UPLINK)
		return SFNIC_MSLOT_UPLINK;
	if (vport >= SFNIC_VPORT_SF_BASE &&
	    vport - SFNIC_VPORT_SF_BASE < SFNIC_MODEL_MAX_SFS)
		return SFNIC_MSLOT_SF0 + vport - SFNIC_VPORT_SF_BASE;
	return -1;
}

static inline bool sfnic_mvport_up(const struct sfnic_mvport *v)
{
	u8 state = READ_ONCE(v->state);

	return state == SFNIC_VPORT_ACTIVE || state == SFNIC_VPORT_IN_USE;
}

struct sfnic_mvport *sfnic_mvport_get(struct sfnic_model *m, u16 vport);
void sfnic_model_post_event(struct sfnic_model *m,
			    const struct sfnic_event *ev);

/* vport.c: the vport and queue commands, model lock held */
u8 sfnic_mcmd_vport(struct sfnic_model *m, struct sfnic_cmd *cmd);
u8 sfnic_mcmd_queue(struct sfnic_model *m, struct sfnic_cmd *cmd,
		    struct list_head *dead);
void sfnic_mq_free(struct sfnic_mq *mq);
void sfnic_mvport_reset_fn(struct sfnic_model *m, struct sfnic_mvport *v);
bool sfnic_mvport_has_fn_queues(const struct sfnic_mvport *v);
int sfnic_mvports_init(struct sfnic_model *m);
void sfnic_mvports_fini(struct sfnic_model *m);
bool sfnic_mvport_link(const struct sfnic_model *m,
		       const struct sfnic_mvport *v);
bool sfnic_mvport_has_addr(struct sfnic_mvport *v, const u8 *addr);
bool sfnic_mvport_rx_accept(struct sfnic_mvport *v, const u8 *dst);
void sfnic_mvport_show(struct seq_file *s, struct sfnic_mvport *v);

/* eswitch.c */
u8 sfnic_mcmd_esw_mode(struct sfnic_model *m, struct sfnic_cmd *cmd);
void sfnic_esw_from_phys(struct sfnic_model *m, struct sk_buff *skb);

/* phys.c */
bool sfnic_phys_xmit(struct sfnic_model *m, struct sk_buff *skb);
int sfnic_phys_init(struct sfnic_model *m);
void sfnic_phys_fini(struct sfnic_model *m);

/* fw.c: the firmware commands, model lock held */
u8 sfnic_mcmd_fw(struct sfnic_model *m, struct sfnic_cmd *cmd);
void sfnic_mfw_debugfs_init(struct sfnic_model *m);
void sfnic_mfw_fini(struct sfnic_model *m);

/* health.c: health and queue faults, their commands (model lock held)
 * and their injection
 */
bool sfnic_mhealth_refused(struct sfnic_model *m, struct sfnic_cmd *cmd);
u8 sfnic_mcmd_health(struct sfnic_model *m, struct sfnic_cmd *cmd);
bool sfnic_mhealth_fn_dead(const struct sfnic_mvport *v);
bool sfnic_mq_tx_hold(struct sfnic_mq *mq, struct sk_buff *skb);
void sfnic_mhealth_debugfs_init(struct sfnic_model *m);

/* debugfs.c */
void sfnic_model_debugfs_init(struct sfnic_model *m, struct dentry *parent);
int sfnic_model_fault_take(struct sfnic_model *m, u16 op);

#endif /* _SFNIC_MODEL_PRIV_H */
