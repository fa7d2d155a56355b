/* SPDX-License-Identifier: GPL-2.0 */
/*
 * sfnic core: private header of the SmartNIC parent driver (bus device,
 * PF netdev, eswitch and representors, SF table, SF devices and their
 * driver). The devlink layer (devlink/) calls the core API declared here;
 * the core reaches the devlink layer only through &struct sfnic_mgmt_ops.
 *
 * Lock order of the whole stack, outermost first; each lock's own comment
 * says what it protects. Lockdep checks the order on the debug kernel.
 *
 *   mdevc_parent.unreg_sem (read: one device's creation or removal;
 *   write: mdevc_unregister_parent())
 *     device_lock() of an mdevc device (its class driver's probe/remove)
 *       the NIC's devlink instance lock (devl_lock(), &sfnic_dev.devlink)
 *         &sfnic_dev.sf_lock
 *           &sfnic_model.lock (every model command)
 *             &sfnic_model.eq_lock (posting an event; spinlock, irqsave)
 *         rtnl_lock() (representors, the PF netdev)
 *           &sfnic_model.lock
 *       an SF's own devlink instance lock (mdevc/<uuid>, SF driver probe)
 *         rtnl_lock() (the SF netdev)
 *           &sfnic_model.lock
 *       &sfnic_events.lock (a vport's listener comes or goes, e.g.
 *       sfnic_health_start() and _stop(); held by the NIC's event work
 *       across a listener's callback)
 *         &sfnic_vnet.slock (a virtio-net function's link)
 *         &sfnic_health.lock (health's listener queues its work)
 *   &sfnic_health.lock (queueing a function's health work; spinlock,
 *   irqsave; nothing is taken inside it)
 *   &sfnic_vpci.lock (a vfio function's registers; VFIO user calls)
 *     &sfnic_vnet.lock (the virtio engine's control ops)
 *       &sfnic_model.lock (the engine's queues and vport attach)
 *       &sfnic_vnet.slock, ctrl_lock, cfg_cb_lock, cb_lock (BH spinlocks)
 *     &sfnic_vpci.irq_lock (eventfd triggers; spinlock, irqsave)
 *
 * Never held across a call that may take an outer lock: &sfnic_dev.sf_lock
 * is dropped before any mdevc call (device creation and removal take
 * unreg_sem and device locks); the model lock is never held while events
 * are delivered (eq_wq calls the NIC's one notifier, sfnic_events, with no
 * model lock held);
 * sfnic_bus_lock (new_device, del_device) only guards the bus's list and
 * is dropped before a device is registered or unregistered. A function's
 * health work (health.c) holds no lock when it reports: devlink takes the
 * function's instance lock to recover, then the recovery RTNL, then the
 * model lock, in the order above.
 */

#ifndef _SFNIC_H
#define _SFNIC_H

#include <linux/device.h>
#include <linux/mdevc.h>
#include <linux/mutex.h>
#include <linux/netdevice.h>
#include <linux/u64_stats_sync.h>
#include <linux/wait.h>
#include <linux/xarray.h>

#include "model/model.h"

#define SFNIC_DRV_NAME		"sfnic"
/* Length of an SF's RDMA device name, <nic>sf<sfnum>, as IB_DEVICE_NAME_MAX. */
#define SFNIC_RDMA_NAME_MAX	64

/* mdevc vendor id of sfnic's vendor-class devices (its SFs). */
#define SFNIC_MDEVC_VENDOR	0x5f1c
#define SFNIC_PFNUM		0

struct devlink;
struct devlink_port;
struct net;
struct netlink_ext_ack;
struct sfnic_dev;
struct sfnic_rxf;
struct sfnic_sf;
struct sfnic_sf_dev;

/**
 * struct sfnic_fn_cfg - how a function's driver sets the function up, from
 *	the driverinit params of its management instance
 * @net: the network namespace its netdev is made in.
 * @enable_eth: it has a netdev.
 * @enable_rdma: its netdev asks (uevent SFNIC_RDMA_DEV) for a RoCE device.
 * @io_eq_size: size of its completion (I/O) event queues.
 * @event_eq_size: size of its asynchronous event queue.
 * @max_macs: unicast addresses its netdev programs at most.
 */
struct sfnic_fn_cfg {
	struct net *net;
	bool enable_eth;
	bool enable_rdma;
	u32 io_eq_size;
	u32 event_eq_size;
	u32 max_macs;
};

/**
 * enum sfnic_health_kind - what went wrong, one per health reporter
 * @SFNIC_HEALTH_FW: the firmware reported an error the function survived.
 * @SFNIC_HEALTH_FW_FATAL: the function is fatal: it must be reset.
 * @SFNIC_HEALTH_TX: a send queue stopped completing frames (TX timeout).
 * @SFNIC_HEALTH_RX: an RX queue is in error.
 */
enum sfnic_health_kind {
	SFNIC_HEALTH_FW,
	SFNIC_HEALTH_FW_FATAL,
	SFNIC_HEALTH_TX,
	SFNIC_HEALTH_RX,
};

/**
 * struct sfnic_health_qerr - the queues a TX or RX error report is about
 * @queues: bitmap of the netdev's channels.
 * @syndrome: the first bad queue's RX syndrome (RX errors).
 */
struct sfnic_health_qerr {
	unsigned long queues;
	u32 syndrome;
};

/**
 * enum sfnic_ev_kind - who, of a vport's listeners, gets an event type
 * @SFNIC_EV_KIND_FN: the host side of the function (the SF driver's
 *	netdev, a virtio-net function): %SFNIC_EV_VPORT_LINK.
 * @SFNIC_EV_KIND_HEALTH: the function's health (health.c):
 *	%SFNIC_EV_HEALTH and %SFNIC_EV_QUEUE_ERROR.
 * @SFNIC_EV_KINDS: number of kinds.
 *
 * %SFNIC_EV_VPORT_STATE goes to the SF table, not to a listener.
 */
enum sfnic_ev_kind {
	SFNIC_EV_KIND_FN,
	SFNIC_EV_KIND_HEALTH,
	SFNIC_EV_KINDS,
};

struct sfnic_ev_listener;

/**
 * struct sfnic_ev_listener_ops - what a listener of a vport takes and
 *	does with it
 * @kind: the event types it gets; a vport has at most one listener of
 *	each kind.
 * @event: an event of the listener's vport, of a type of @kind. Process
 *	context, on the model's ordered event workqueue, one event at a time,
 *	with &sfnic_events.lock held: it must not (un)register listeners. May
 *	sleep.
 */
struct sfnic_ev_listener_ops {
	enum sfnic_ev_kind kind;
	void (*event)(struct sfnic_ev_listener *l,
		      const struct sfnic_event *ev);
};

/**
 * struct sfnic_ev_listener - the receiver of one kind of one vport's
 *	events, embedded in its owner (container_of() from the callback)
 * @ops: what it gets and does with it.
 * @vport: the vport whose events it gets.
 */
struct sfnic_ev_listener {
	const struct sfnic_ev_listener_ops *ops;
	u16 vport;
};

/**
 * struct sfnic_health - a function's health, as its driver follows it
 *	(health.c): the PF's in &sfnic_dev.health, an SF's in
 *	&sfnic_sf_dev.health
 * @sdev: the NIC.
 * @sfd: the SF, or NULL for the PF.
 * @vport: the function's vport.
 * @nd: the function's netdev while its queues are up; written under
 *	RTNL by the netdev (sfnic_nd_up(), sfnic_nd_down()).
 * @ev: the listener of the function's health and queue error events
 *	(kind %SFNIC_EV_KIND_HEALTH), registered between
 *	sfnic_health_start() and sfnic_health_stop().
 * @work: reads what the events and the TX watchdog flagged in @pending
 *	and reports it through &sfnic_mgmt_ops.health_report, with no lock
 *	held; runs on the NIC's workqueue.
 * @pending: %SFNIC_HEALTH_* bits of &enum sfnic_health_kind to look at;
 *	FW stands for both firmware kinds.
 * @lock: protects @enabled: @work is queued only while it is set.
 * @enabled: between sfnic_health_start() and sfnic_health_stop().
 * @mgmt_priv: the management layer's reporters.
 */
struct sfnic_health {
	struct sfnic_dev *sdev;
	struct sfnic_sf_dev *sfd;
	u16 vport;
	struct sfnic_netdev *nd;
	struct sfnic_ev_listener ev;
	struct work_struct work;
	unsigned long pending;
	spinlock_t lock;	/* see above */
	bool enabled;
	void *mgmt_priv;
};

/**
 * struct sfnic_mgmt_ops - the management (devlink) layer, as the core sees it
 * @probe: a device is being probed and its model is up: allocate the
 *	management instance and the uplink port, set &sfnic_dev.devlink and
 *	&sfnic_dev.uplink_port. Not yet visible to users.
 * @cfg: how the PF function is to be set up: the instance's driverinit
 *	params.
 * @publish: the device is complete: make it visible (devlink_register()).
 * @unpublish: undo @publish; first step of a device's removal.
 * @remove: undo @probe.
 * @sf_port_add: register the eswitch port of SF @sf; the instance lock
 *	(devl_lock()) is held. Sets &sfnic_sf.dl_port.
 * @sf_port_del: undo @sf_port_add; the instance lock is held.
 * @sf_dev_probe: an SF device is being bound: allocate its own management
 *	instance and port, set &sfnic_sf_dev.devlink and
 *	&sfnic_sf_dev.dl_port.
 * @sf_dev_cfg: how the SF is to be set up: its instance's driverinit
 *	params and network namespace.
 * @sf_dev_publish: make the SF's instance visible.
 * @sf_dev_unpublish: undo @sf_dev_publish.
 * @sf_dev_remove: undo @sf_dev_probe.
 * @health_report: report a function's error @kind (&enum
 *	sfnic_health_kind) to its reporter, @msg saying what; @ctx is what
 *	the reporter's recovery gets back (a &struct sfnic_health_qerr for
 *	TX and RX, else NULL). Called with no lock held, while the
 *	function's instance is published. Returns what devlink's report
 *	did (-ECANCELED: recovery held back by the grace period).
 *
 * Registered once, by sfnic_core_init(). All may sleep.
 */
struct sfnic_mgmt_ops {
	int (*probe)(struct sfnic_dev *sdev);
	void (*cfg)(struct sfnic_dev *sdev, struct sfnic_fn_cfg *cfg);
	void (*publish)(struct sfnic_dev *sdev);
	void (*unpublish)(struct sfnic_dev *sdev);
	void (*remove)(struct sfnic_dev *sdev);
	int (*sf_port_add)(struct sfnic_dev *sdev, struct sfnic_sf *sf);
	void (*sf_port_del)(struct sfnic_dev *sdev, struct sfnic_sf *sf);
	int (*sf_dev_probe)(struct sfnic_sf_dev *sfd);
	void (*sf_dev_cfg)(struct sfnic_sf_dev *sfd, struct sfnic_fn_cfg *cfg);
	void (*sf_dev_publish)(struct sfnic_sf_dev *sfd);
	void (*sf_dev_unpublish)(struct sfnic_sf_dev *sfd);
	void (*sf_dev_remove)(struct sfnic_sf_dev *sfd);
	int (*health_report)(struct sfnic_health *h,
			     enum sfnic_health_kind kind, const char *msg,
			     void *ctx);
};

extern const struct sfnic_mgmt_ops *sfnic_mgmt;

/**
 * struct sfnic_rxq - the receive side of one channel of a netdev
 * @napi: its NAPI context.
 * @nd: the netdev.
 * @mq: the model's queue pair while the netdev is up; set before @napi
 *	is enabled, cleared after it is disabled.
 * @index: the channel.
 * @masked: the queue's interrupt is masked: NAPI was scheduled and has
 *	not drained the ring yet (written by the interrupt handler and by
 *	NAPI, as veth's rx_notify_masked).
 *
 * Allocated for the current channel count only (&sfnic_netdev.rxqs).
 */
struct sfnic_rxq {
	struct napi_struct napi;
	struct sfnic_netdev *nd;
	struct sfnic_mq *mq;
	u16 index;
	bool masked;
};

/* The channels of a netdev, freed after an RCU grace period. */
struct sfnic_rxqs {
	struct rcu_head rcu;
	unsigned int n;
	struct sfnic_rxq q[];
};

/* Receive counters of one queue; they outlive the queue's channel. */
struct sfnic_rq_stats {
	struct u64_stats_sync syncp;	/* protects packets and bytes */
	u64 packets;			/* written by NAPI only */
	u64 bytes;
	atomic64_t dropped;		/* by the model: RX ring full */
};

/* Transmit counters, per CPU: transmission is lockless (LLTX). */
struct sfnic_tx_stats {
	struct u64_stats_sync syncp;	/* protects the counters below */
	u64 packets;
	u64 bytes;
	u64 dropped;
};

/**
 * enum sfnic_nd_kind - what a sfnic netdev stands for
 * @SFNIC_ND_PF: the PF; uplink representor in switchdev mode.
 * @SFNIC_ND_SF: an SF's own netdev (its host driver).
 * @SFNIC_ND_REP: an SF's representor on the eswitch manager.
 */
enum sfnic_nd_kind {
	SFNIC_ND_PF,
	SFNIC_ND_SF,
	SFNIC_ND_REP,
};

/* netdev_priv() of every sfnic netdev. vport and side are changed only
 * while the netdev is down, under RTNL; so are the channels (rxqs, nq)
 * and the RX ring size.
 */
struct sfnic_netdev {
	struct net_device *netdev;
	struct sfnic_model *model;
	const struct sfnic_caps *caps;
	const struct sfnic_fw_info *fw;
	struct device *bus_dev;		/* ethtool bus-info */
	struct devlink_port *dl_port;
	enum sfnic_nd_kind kind;
	u16 vport;
	u8 side;
	struct sfnic_rxf *rxf;		/* a function netdev's RX filter */
	/* An SF netdev's RoCE device name (uevent SFNIC_RDMA_DEV), or "" */
	char rdma_name[SFNIC_RDMA_NAME_MAX];
	unsigned int nq;		/* channels */
	unsigned int stats_nq;		/* queues with counters: most used */
	u32 rx_depth;			/* RX ring size */
	struct sfnic_rxqs *rxqs;
	/* The model's queue pairs, read by the lockless TX path under RCU. */
	struct sfnic_mq __rcu *mq[SFNIC_MODEL_MAX_QUEUES];
	struct sfnic_rq_stats rq_stats[SFNIC_MODEL_MAX_QUEUES];
	struct sfnic_tx_stats __percpu *tx_stats;
	/* Under RTNL: the queues exist and NAPI is enabled (sfnic_nd_up()
	 * succeeded); sfnic_nd_down() undoes only that, so a reopen that
	 * failed half way leaves nothing to disable twice.
	 */
	bool queues_up;
	/* An SF netdev's function health: its TX timeouts go there. */
	struct sfnic_health *health;
	/* TX watchdog (the core's dev_watchdog does not run without a
	 * qdisc): runs while a queue holds frames it did not complete,
	 * started by the transmit that sees one; tx_stall_since[i] is when it
	 * first saw queue i with frames not completed (0: none), written by
	 * the watchdog only. tx_timedout has a bit per queue that timed
	 * out, set by ndo_tx_timeout and cleared by the TX recovery.
	 */
	struct delayed_work tx_watchdog;
	unsigned long tx_stall_since[SFNIC_MODEL_MAX_QUEUES];
	unsigned long tx_timedout;
};

/**
 * struct sfnic_events - the NIC's one receiver of its model's events
 * @nb: the NIC's notifier on the model's chain.
 * @lock: protects @listeners; held while an event is delivered to a
 *	listener, so that sfnic_events_unlisten() returns once its listener
 *	is no longer called.
 * @listeners: &struct sfnic_ev_listener by vport and kind, at index
 *	vport * %SFNIC_EV_KINDS + kind.
 */
struct sfnic_events {
	struct notifier_block nb;
	struct mutex lock;	/* see above */
	struct xarray listeners;
};

/**
 * struct sfnic_dev - one SmartNIC, sfnic<id>
 * @dev: the sfnic bus device.
 * @id: the id written to new_device.
 * @model: the device model (the "hardware").
 * @caps: capabilities queried at probe.
 * @fw: firmware identity queried at probe. Its running version
 *	(@fw.fw_version, what ethtool -i shows) changes at a fw_activate
 *	reload, under the instance lock and RTNL; its readers hold RTNL
 *	(ethtool) or the instance lock. The stored version is the device's:
 *	sfnic_fw_query() asks for it.
 * @ddir: debugfs directory sfnic/sfnic<id>.
 * @devlink: the management instance; its lock (devl_lock()) serializes
 *	every management operation: eswitch mode, SF add/del/state/hw_addr,
 *	representor (un)loading.
 * @uplink_port: the uplink's management port, set by @probe.
 * @mgmt_priv: for the management layer.
 * @pf: the PF netdev; NULL with enable_eth false, or after a reload that
 *	failed. Changes under the instance lock (reload) and at probe and
 *	removal.
 * @esw_mode: &enum sfnic_esw_mode; written under the instance lock.
 * @sf_lock: protects @sfs, @sfnums, @sf_count, @sf_max and, in each SF,
 *	hw_state, want_mdev, mdev, deleted, dev_creating. Taken inside the
 *	instance lock, never held across mdevc calls. The xarrays' own
 *	locks nest inside it.
 * @sfs: the SF table, by slot (the SF's vport is %SFNIC_VPORT_SF_BASE +
 *	slot, so a port index finds its SF in one lookup); slots are
 *	allocated lowest first below @sf_max.
 * @sfnums: the same SFs by sfnum, so that an sfnum is checked or
 *	allocated without a walk.
 * @sf_count: SFs in @sfs, including those waiting for deferred free.
 * @sf_max: slots usable, at most @caps.max_sfs: the size of the devlink
 *	resource "functions", applied at probe and at each reload. Read
 *	without sf_lock (READ_ONCE()) for available_instances.
 * @sf_wait: woken when an SF leaves the table.
 * @sf_enabled: SF ports may be added (switchdev mode, device not going).
 * @events: the model's events, handed to the SF table and to the
 *	listener of each vport.
 * @health: the PF function's health.
 * @wq: runs the work of each SF (&sfnic_sf.work) and the health work of
 *	the PF and the SFs (&sfnic_health.work). Not ordered: a work
 *	waiting for a device's user holds up no other SF. Flushed on
 *	removal.
 * @parent: mdevc parent of the SF devices.
 */
struct sfnic_dev {
	struct device *dev;
	u32 id;
	struct sfnic_model *model;
	struct sfnic_caps caps;
	struct sfnic_fw_info fw;
	struct dentry *ddir;
	struct devlink *devlink;
	struct devlink_port *uplink_port;
	void *mgmt_priv;
	struct sfnic_netdev *pf;
	u8 esw_mode;

	struct mutex sf_lock;	/* see above */
	struct xarray sfs;
	struct xarray sfnums;
	unsigned int sf_count;
	u32 sf_max;
	wait_queue_head_t sf_wait;
	bool sf_enabled;
	struct sfnic_events events;
	struct sfnic_health health;
	struct workqueue_struct *wq;
	struct mdevc_parent parent;
};

/**
 * struct sfnic_sf - an SF as the eswitch manager sees it
 * @sdev: the parent.
 * @ref: held by the table, by the SF's mdev (its parent data) and by
 *	@work while it is queued or running.
 * @work: brings the SF's device (its mdev) and model vport in line with
 *	what the user asked for; queued by sfnic_sf_kick(). The work of one
 *	SF never waits for another's.
 * @slot: index in the SF table and the model.
 * @vport: the model's vport, %SFNIC_VPORT_SF_BASE + @slot.
 * @sfnum: the user's SF number.
 * @controller: always 0 (local host).
 * @port_index: the management port index, (pfnum << 16) | @vport.
 * @hw_state: &enum sfnic_vport_state as last known; under sf_lock.
 * @hw_addr: the administrative MAC ("function hw_addr").
 * @legacy: a virtio-net function made in legacy mode: no management
 *	port, no representor; the model switches it by MAC. Deleted when
 *	the eswitch enters switchdev mode.
 * @user_created: made by writing the type's create file; lives as long
 *	as its mdev.
 * @want_mdev: the function is active and should have a device.
 * @deleted: the port is gone; the slot is freed once the model reports
 *	the function released and the SF has no device (deferred free).
 * @dev_creating: @work is creating the SF's device, outside sf_lock;
 *	until it is done, the slot is not freed: the new device must first
 *	be removed.
 * @mdev: the SF's mdev, if any; a reference is held.
 * @uuid: @mdev's UUID (chosen at activation for devlink-made SFs).
 * @dl_port: the management port (set by &sfnic_mgmt_ops.sf_port_add).
 * @rep: the representor.
 */
struct sfnic_sf {
	struct sfnic_dev *sdev;
	struct kref ref;
	struct work_struct work;
	u16 slot;
	u16 vport;
	u32 sfnum;
	u32 controller;
	u32 port_index;
	u8 hw_state;
	u8 hw_addr[ETH_ALEN];
	bool legacy;
	bool user_created;
	bool want_mdev;
	bool deleted;
	bool dev_creating;
	struct mdevc_device *mdev;
	guid_t uuid;
	struct devlink_port *dl_port;
	struct sfnic_netdev *rep;
};

/**
 * struct sfnic_sf_dev - an SF bound to the sfnic SF driver
 * @mdev: its mdev.
 * @sdev: the parent NIC.
 * @vport: its function vport.
 * @sfnum: its SF number.
 * @port_index: its own management port's index (same encoding as the
 *	eswitch port's).
 * @devlink: its own management instance, set by
 *	&sfnic_mgmt_ops.sf_dev_probe.
 * @dl_port: the port of that instance.
 * @attached: the driver uses the function (it is IN_USE); false after a
 *	reload that failed to attach.
 * @nd: its netdev, if the function is attached and enable_eth is set.
 * @ev: the listener of its vport's events (link changes), registered
 *	with @nd.
 * @link: name of its link in the NIC's sysfs directory, sf<sfnum>.
 * @health: the SF function's health.
 *
 * @attached, @nd and @ev change in probe, remove and reload, which the
 * driver core and the instance lock serialize: a reload runs only while
 * the instance is registered, between the end of probe and the start of
 * remove.
 */
struct sfnic_sf_dev {
	struct mdevc_device *mdev;
	struct sfnic_dev *sdev;
	u16 vport;
	u32 sfnum;
	u32 port_index;
	struct devlink *devlink;
	struct devlink_port *dl_port;
	bool attached;
	struct sfnic_netdev *nd;
	struct sfnic_ev_listener ev;
	char link[16];
	struct sfnic_health health;
};

static inline u32 sfnic_vport_to_port_index(u16 vport)
{
	return (SFNIC_PFNUM << 16) | vport;
}

/* main.c */
int sfnic_core_init(const struct sfnic_mgmt_ops *ops);
void sfnic_core_exit(void);
int sfnic_cmd_exec(struct sfnic_model *m, struct sfnic_cmd *cmd);
void sfnic_cmd_exec_teardown(struct sfnic_model *m, struct sfnic_cmd *cmd,
			     struct device *dev);

/* bus.c */
int sfnic_bus_init(void);
void sfnic_bus_exit(void);
struct dentry *sfnic_debugfs_root(void);

/* dev.c */
extern const struct attribute_group *sfnic_dev_groups[];
int sfnic_dev_probe(struct device *dev, u32 id);
void sfnic_dev_remove(struct device *dev);
int sfnic_dev_load(struct sfnic_dev *sdev, const struct sfnic_fn_cfg *cfg,
		   struct netlink_ext_ack *extack);
int sfnic_dev_unload(struct sfnic_dev *sdev, struct netlink_ext_ack *extack);

/* events.c */
int sfnic_events_init(struct sfnic_dev *sdev);
void sfnic_events_fini(struct sfnic_dev *sdev);
int sfnic_events_listen(struct sfnic_dev *sdev, struct sfnic_ev_listener *l);
void sfnic_events_unlisten(struct sfnic_dev *sdev, struct sfnic_ev_listener *l);

/* fw.c */
int sfnic_fw_query(struct sfnic_dev *sdev, struct sfnic_fw_info *fw);
int sfnic_fw_flash(struct sfnic_dev *sdev, const u8 *data, size_t size,
		   struct netlink_ext_ack *extack);
int sfnic_fw_activate(struct sfnic_dev *sdev, struct netlink_ext_ack *extack);

/* netdev.c */
struct sfnic_netdev *sfnic_nd_create(struct device *parent,
				     struct sfnic_model *model,
				     const struct sfnic_caps *caps,
				     const struct sfnic_fw_info *fw,
				     enum sfnic_nd_kind kind, u16 vport,
				     u8 side, unsigned int nq);
void sfnic_nd_set_name(struct sfnic_netdev *nd, u32 nic, u32 sfnum);
int sfnic_nd_register(struct sfnic_netdev *nd, struct devlink_port *dl_port);
void sfnic_nd_unregister(struct sfnic_netdev *nd);
void sfnic_nd_free(struct sfnic_netdev *nd);
int sfnic_nd_rebind(struct sfnic_netdev *nd, u16 vport, u8 side);
int sfnic_nd_reconfigure(struct sfnic_netdev *nd, unsigned int nq,
			 u32 rx_depth);
void sfnic_nd_tx_stats(struct sfnic_netdev *nd, u64 *packets, u64 *bytes,
		       u64 *dropped);
void sfnic_nd_set_ethtool_ops(struct net_device *netdev);
int sfnic_nd_up(struct sfnic_netdev *nd);
void sfnic_nd_down(struct sfnic_netdev *nd);
bool sfnic_nd_is_sfnic(const struct net_device *netdev);

/* health.c */
void sfnic_health_init(struct sfnic_health *h, struct sfnic_dev *sdev,
		       struct sfnic_sf_dev *sfd, u16 vport);
int sfnic_health_start(struct sfnic_health *h);
void sfnic_health_stop(struct sfnic_health *h);
void sfnic_health_tx_timeout(struct sfnic_health *h);
int sfnic_health_query(struct sfnic_health *h, struct sfnic_health_info *info,
		       struct sfnic_vport_info *vport);
/**
 * struct sfnic_health_q - one channel of a function's netdev, for
 *	diagnose and dump
 * @info: what the model says of its queue pair.
 * @tx_timedout: the TX watchdog found it stuck; not recovered yet.
 * @tx_stalled_ms: for how long the watchdog has seen frames not
 *	completed, 0 if none.
 */
struct sfnic_health_q {
	struct sfnic_mq_info info;
	bool tx_timedout;
	u32 tx_stalled_ms;
};

int sfnic_health_queues(struct sfnic_health *h, struct sfnic_health_q *q,
			unsigned int *n);
int sfnic_health_recover(struct sfnic_health *h, enum sfnic_health_kind kind,
			 const void *ctx);

/* eswitch.c */
int sfnic_esw_mode_set(struct sfnic_dev *sdev, u8 mode,
		       struct netlink_ext_ack *extack);
u8 sfnic_esw_mode_get(struct sfnic_dev *sdev);
void sfnic_esw_cleanup(struct sfnic_dev *sdev);

/* rep.c */
int sfnic_rep_load(struct sfnic_dev *sdev, struct sfnic_sf *sf);
void sfnic_rep_unload(struct sfnic_dev *sdev, struct sfnic_sf *sf);

/* sf_table.c: the management API of SFs; instance lock held */
struct sfnic_sf_add_attrs {
	u32 sfnum;
	bool sfnum_valid;
	bool user_created;
	bool legacy;	/* legacy mode, no port nor representor */
};

int sfnic_sf_add(struct sfnic_dev *sdev, const struct sfnic_sf_add_attrs *a,
		 struct netlink_ext_ack *extack, struct sfnic_sf **psf);
int sfnic_sf_del(struct sfnic_dev *sdev, u32 port_index,
		 struct netlink_ext_ack *extack);
int sfnic_sf_state_get(struct sfnic_dev *sdev, u32 port_index, u8 *hw_state);
int sfnic_sf_activate(struct sfnic_dev *sdev, u32 port_index, bool active,
		      struct netlink_ext_ack *extack);
int sfnic_sf_hw_addr_get(struct sfnic_dev *sdev, u32 port_index, u8 *mac);
int sfnic_sf_hw_addr_set(struct sfnic_dev *sdev, u32 port_index,
			 const u8 *mac, struct netlink_ext_ack *extack);
void sfnic_sf_table_enable(struct sfnic_dev *sdev);
void sfnic_sf_table_set_max(struct sfnic_dev *sdev, u32 max);
void sfnic_sf_table_disable(struct sfnic_dev *sdev);
int sfnic_sf_table_init(struct sfnic_dev *sdev);
void sfnic_sf_table_wait_empty(struct sfnic_dev *sdev);
void sfnic_sf_table_cleanup(struct sfnic_dev *sdev);
void sfnic_sf_table_event(struct sfnic_dev *sdev, const struct sfnic_event *ev);
bool sfnic_sf_table_has_devices(struct sfnic_dev *sdev);
void sfnic_sf_put(struct sfnic_sf *sf);
void sfnic_sf_kick(struct sfnic_sf *sf);
int __sfnic_sf_activate(struct sfnic_sf *sf, struct netlink_ext_ack *extack);
int __sfnic_sf_activate_mdev(struct sfnic_sf *sf, struct mdevc_device *mdev);
void __sfnic_sf_del(struct sfnic_dev *sdev, struct sfnic_sf *sf);

/* sf_dev.c: the SFs' mdevs */
int sfnic_sf_dev_parent_register(struct sfnic_dev *sdev);
void sfnic_sf_dev_parent_unregister(struct sfnic_dev *sdev);
int sfnic_sf_dev_create(struct sfnic_sf *sf);
void sfnic_sf_dev_remove(struct sfnic_sf *sf, struct mdevc_device *mdev);

/* vnet_fn.c: virtio-net functions, SFs served by the virtio-net engine */
extern const struct mdevc_type sfnic_vnet_type;
extern const struct mdevc_type sfnic_vnet_mq_type;
extern const struct mdevc_type sfnic_vfio_type;
extern const struct mdevc_vfio_ops sfnic_vfio_fn_ops;

/* A type whose devices are virtio-net functions: virtio or vfio class */
static inline bool sfnic_is_vnet_type(const struct mdevc_type *type)
{
	return type == &sfnic_vnet_type || type == &sfnic_vnet_mq_type ||
	       type == &sfnic_vfio_type;
}

struct sfnic_vpci *sfnic_vnet_fn_vpci(struct mdevc_device *mdev);
int sfnic_vnet_fn_create(struct sfnic_dev *sdev, struct mdevc_device *mdev);
struct sfnic_sf *sfnic_vnet_fn_release(struct mdevc_device *mdev);
struct sfnic_sf *sfnic_mdev_to_sf(struct mdevc_device *mdev);

/* sf_driver.c */
int sfnic_sf_driver_register(void);
void sfnic_sf_driver_unregister(void);
int sfnic_sf_drv_load(struct sfnic_sf_dev *sfd, const struct sfnic_fn_cfg *cfg,
		      struct netlink_ext_ack *extack);
void sfnic_sf_drv_unload(struct sfnic_sf_dev *sfd);

/* rx_filter.c */
int sfnic_rxf_init(struct sfnic_netdev *nd, u32 max_macs);
void sfnic_rxf_fini(struct sfnic_netdev *nd);
void sfnic_rxf_kick(struct sfnic_netdev *nd);
void sfnic_nd_set_rx_mode(struct net_device *netdev);

#endif /* _SFNIC_H */
