/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The sfnic device model: the interface between the driver and the
 * software SmartNIC. It is the only header of the model the driver
 * includes; the driver talks to the model the way a driver talks to
 * firmware: commands in, a status and syndrome out, events back, plus a
 * doorbell-like datapath (post a frame on a queue, poll a queue, take an
 * interrupt). See Documentation/sfnic-model.rst.
 */

#ifndef _SFNIC_MODEL_H
#define _SFNIC_MODEL_H

#include <linux/if_ether.h>
#include <linux/notifier.h>
#include <linux/sizes.h>
#include <linux/skbuff.h>
#include <linux/types.h>

struct dentry;
struct device;
struct net_device;
struct sfnic_model;
struct sfnic_mq;

/* Vport numbers, as on mlx5: the PF, the SFs from 0x8000, the uplink. */
#define SFNIC_VPORT_PF		0
#define SFNIC_VPORT_SF_BASE	0x8000
#define SFNIC_VPORT_UPLINK	0xffff

/* Fixed capabilities of this model generation. */
#define SFNIC_MODEL_MAX_SFS	4096
#define SFNIC_MODEL_MAX_QUEUES	8
#define SFNIC_MODEL_MIN_MTU	68
#define SFNIC_MODEL_MAX_MTU	9000
/* Unicast addresses a function's RX filter holds, at most (mlx5's
 * log_max_current_uc_list).
 */
#define SFNIC_MODEL_MAX_UC_MACS	128
#define SFNIC_MODEL_PORT_SPEED	100000	/* Mb/s */
/* Completion (I/O) and event queue sizes a function may ask for. */
#define SFNIC_MODEL_MIN_EQ_SIZE	64
#define SFNIC_MODEL_MAX_EQ_SIZE	4096
#define SFNIC_MODEL_DEF_IO_EQ_SIZE	1024
#define SFNIC_MODEL_DEF_EVENT_EQ_SIZE	4096

/**
 * enum sfnic_cmd_op - the commands of the model
 * @SFNIC_CMD_QUERY_CAPS: fill &sfnic_cmd.out.caps.
 * @SFNIC_CMD_QUERY_FW: fill &sfnic_cmd.out.fw (versions, serial number).
 * @SFNIC_CMD_VPORT_CREATE: allocate function vport @vport (an SF vport)
 *	for sfnum @in.vport_create.sfnum; it starts ALLOCATED.
 * @SFNIC_CMD_VPORT_DESTROY: release an ALLOCATED vport.
 * @SFNIC_CMD_VPORT_ENABLE: ALLOCATED -> ACTIVE (the function is offered
 *	to a host driver; an event says so).
 * @SFNIC_CMD_VPORT_DISABLE: ACTIVE -> ALLOCATED, or IN_USE ->
 *	TEARDOWN_REQUEST (the host driver must detach).
 * @SFNIC_CMD_VPORT_ATTACH: issued by the function's own driver when it
 *	starts using the function: ACTIVE -> IN_USE.
 * @SFNIC_CMD_VPORT_DETACH: issued by the function's own driver when it
 *	stops: IN_USE -> ACTIVE, TEARDOWN_REQUEST -> ALLOCATED. A teardown
 *	command: done even when it reports a failure.
 * @SFNIC_CMD_VPORT_QUERY: fill &sfnic_cmd.out.vport.
 * @SFNIC_CMD_VPORT_SET_MAC: set the vport's (function's) MAC address.
 * @SFNIC_CMD_VPORT_SET_MTU: set the vport's MTU, within the caps.
 * @SFNIC_CMD_VPORT_SET_LINK: eswitch manager sets the vport's admin link
 *	(a representor going up or down); an event tells the function.
 * @SFNIC_CMD_ESW_SET_MODE: legacy or switchdev forwarding.
 * @SFNIC_CMD_QUEUE_CREATE: create a queue pair on a vport; the handle is
 *	returned in &sfnic_cmd.out.queue.
 * @SFNIC_CMD_QUEUE_DESTROY: destroy the @in.queue_destroy.n queue pairs
 *	of @in.queue_destroy.mqs, with a single wait for the datapath. A
 *	teardown command: each valid queue is gone even when it reports a
 *	failure.
 * @SFNIC_CMD_VPORT_SET_EQS: issued by the function's driver (attached,
 *	or the PF's): size the function's completion (I/O) and event queues,
 *	@in.set_eqs, each in [%SFNIC_MODEL_MIN_EQ_SIZE,
 *	%SFNIC_MODEL_MAX_EQ_SIZE]. Until then, and again after a detach, the
 *	function has the default sizes.
 * @SFNIC_CMD_VPORT_SET_RX_FILTER: issued by the function's driver: the
 *	unicast addresses, besides the vport's MAC, its function end
 *	receives (@in.rx_filter, at most &sfnic_caps.max_uc_macs), or every
 *	address (promiscuous). Until then, and again after a detach, the
 *	function end has no filter and receives every frame.
 * @SFNIC_CMD_FW_BEGIN: start writing a firmware image of
 *	@in.fw_begin.size bytes (at most %SFNIC_FW_IMAGE_MAX_SIZE) into the
 *	model's staging area; an image staged before and not committed is
 *	dropped. The stored image is not touched.
 * @SFNIC_CMD_FW_WRITE: copy the next chunk of the image being written,
 *	given by @in.fw_write; its offset must be the number of bytes
 *	written so far, its len at most %SFNIC_FW_CHUNK_SIZE and within the
 *	size given to %SFNIC_CMD_FW_BEGIN. The model copies the data before
 *	it returns.
 * @SFNIC_CMD_FW_COMMIT: the whole image written, the model verifies it
 *	(sfnic_fw_image_check()) and makes it the stored image, whose
 *	version &sfnic_fw_info.stored_version then shows; the staging area
 *	is freed either way. A failure leaves the stored image as it was.
 * @SFNIC_CMD_FW_ABORT: drop the image being written, if any. A teardown
 *	command: done even when it reports a failure.
 * @SFNIC_CMD_FW_ACTIVATE: run the stored image: the running version
 *	becomes the stored one; fills &sfnic_cmd.out.fw as
 *	%SFNIC_CMD_QUERY_FW does. Issued while the driver has no function up
 *	but the NIC's vports (a devlink reload).
 * @SFNIC_CMD_HEALTH_QUERY: fill &sfnic_cmd.out.health with the health
 *	of function vport @vport: its state and syndrome (mlx5's health
 *	buffer). Answered even while the function is fatal.
 * @SFNIC_CMD_VPORT_RESET: reset function vport @vport, its own driver
 *	detached (an SF's is ACTIVE, or ALLOCATED) and its function queues
 *	destroyed: its health state and syndrome, EQ sizes and RX filter go
 *	back to what they are at power on; what the eswitch manager set
 *	(MAC, MTU, link) stays. A fatal function works again after it.
 * @SFNIC_CMD_QUEUE_QUERY: fill &sfnic_cmd.out.queue_info with the state
 *	of queue pair @in.queue.mq.
 * @SFNIC_CMD_QUEUE_RESET: reset queue pair @in.queue.mq: an RX queue in
 *	error is ready again; a send queue that stopped completing frames
 *	completes again and the frames it held are completed in error
 *	(dropped).
 * @SFNIC_CMD_MAX: number of commands.
 */
enum sfnic_cmd_op {
	SFNIC_CMD_QUERY_CAPS,
	SFNIC_CMD_QUERY_FW,
	SFNIC_CMD_VPORT_CREATE,
	SFNIC_CMD_VPORT_DESTROY,
	SFNIC_CMD_VPORT_ENABLE,
	SFNIC_CMD_VPORT_DISABLE,
	SFNIC_CMD_VPORT_ATTACH,
	SFNIC_CMD_VPORT_DETACH,
	SFNIC_CMD_VPORT_QUERY,
	SFNIC_CMD_VPORT_SET_MAC,
	SFNIC_CMD_VPORT_SET_MTU,
	SFNIC_CMD_VPORT_SET_LINK,
	SFNIC_CMD_ESW_SET_MODE,
	SFNIC_CMD_QUEUE_CREATE,
	SFNIC_CMD_QUEUE_DESTROY,
	SFNIC_CMD_VPORT_SET_EQS,
	SFNIC_CMD_VPORT_SET_RX_FILTER,
	SFNIC_CMD_FW_BEGIN,
	SFNIC_CMD_FW_WRITE,
	SFNIC_CMD_FW_COMMIT,
	SFNIC_CMD_FW_ABORT,
	SFNIC_CMD_FW_ACTIVATE,
	SFNIC_CMD_HEALTH_QUERY,
	SFNIC_CMD_VPORT_RESET,
	SFNIC_CMD_QUEUE_QUERY,
	SFNIC_CMD_QUEUE_RESET,
	SFNIC_CMD_MAX,
};

/**
 * enum sfnic_cmd_status - command completion status
 * @SFNIC_STAT_OK: done.
 * @SFNIC_STAT_BAD_PARAM: a parameter is out of range.
 * @SFNIC_STAT_BAD_STATE: the object is in the wrong state for this command.
 * @SFNIC_STAT_NO_RESOURCES: out of vports or queues.
 * @SFNIC_STAT_EXISTS: the object exists already.
 * @SFNIC_STAT_NOT_FOUND: no such object.
 * @SFNIC_STAT_INJECTED: failed on purpose (fault injection); the syndrome
 *	is %SFNIC_SYND_INJECTED and the errno the one configured.
 */
enum sfnic_cmd_status {
	SFNIC_STAT_OK,
	SFNIC_STAT_BAD_PARAM,
	SFNIC_STAT_BAD_STATE,
	SFNIC_STAT_NO_RESOURCES,
	SFNIC_STAT_EXISTS,
	SFNIC_STAT_NOT_FOUND,
	SFNIC_STAT_INJECTED,
};

#define SFNIC_SYND_INJECTED	0x1ec7
/* %SFNIC_CMD_FW_COMMIT: the staged image is invalid; the low byte is the
 * &enum sfnic_fw_image_err.
 */
#define SFNIC_SYND_FW_IMAGE	0xf100
/* A command of a function in the fatal health state. */
#define SFNIC_SYND_FN_FATAL	0xfa7a

/* Health syndromes (&sfnic_health_info.syndrome), as in mlx5's health
 * buffer; injection may give others.
 */
#define SFNIC_HEALTH_SYND_FW_ERR	0x1	/* firmware internal error */
#define SFNIC_HEALTH_SYND_HW_FATAL	0x5	/* hardware fault, fatal */
/* An RX queue's error (&sfnic_mq_info.rq_syndrome): a bad descriptor. */
#define SFNIC_MQ_SYND_RQ_ERR		0x68

/**
 * enum sfnic_vport_state - function state, mlx5's VHCA states
 * @SFNIC_VPORT_INVALID: no such function.
 * @SFNIC_VPORT_ALLOCATED: created, not offered to a host driver.
 * @SFNIC_VPORT_ACTIVE: offered to a host driver, none attached.
 * @SFNIC_VPORT_IN_USE: a host driver is attached.
 * @SFNIC_VPORT_TEARDOWN_REQUEST: disabled while a driver is attached; the
 *	driver is asked to detach.
 */
enum sfnic_vport_state {
	SFNIC_VPORT_INVALID,
	SFNIC_VPORT_ALLOCATED,
	SFNIC_VPORT_ACTIVE,
	SFNIC_VPORT_IN_USE,
	SFNIC_VPORT_TEARDOWN_REQUEST,
};

/**
 * enum sfnic_esw_mode - eswitch forwarding mode
 * @SFNIC_ESW_LEGACY: L2 MAC switching between functions and the uplink.
 * @SFNIC_ESW_SWITCHDEV: every function is wired to its representor queue
 *	on the eswitch manager; the uplink to the uplink representor.
 */
enum sfnic_esw_mode {
	SFNIC_ESW_LEGACY,
	SFNIC_ESW_SWITCHDEV,
};

/**
 * enum sfnic_mq_side - which end of a vport a queue pair serves
 * @SFNIC_MQ_FUNCTION: the function's own queues (its host driver).
 * @SFNIC_MQ_REP: the eswitch manager's queue for the vport's
 *	representor (switchdev mode); for %SFNIC_VPORT_UPLINK, the
 *	uplink representor's queue.
 */
enum sfnic_mq_side {
	SFNIC_MQ_FUNCTION,
	SFNIC_MQ_REP,
};

/**
 * struct sfnic_caps - what the model offers
 * @max_sfs: number of SF vports.
 * @max_queues: queue pairs per vport and side.
 * @min_mtu: smallest MTU a vport accepts.
 * @max_mtu: largest MTU a vport accepts.
 * @rq_depth: frames an RX queue holds before it drops, by default.
 * @min_rq_depth: smallest RX queue depth a queue may be created with.
 * @max_rq_depth: largest RX queue depth a queue may be created with.
 * @max_uc_macs: unicast addresses a function's RX filter holds.
 * @port_speed: speed of the physical port in Mb/s: what every function and
 *	representor reports as its link speed while its link is up, as a
 *	ConnectX port's functions do.
 */
struct sfnic_caps {
	u32 max_sfs;
	u32 max_queues;
	u32 min_mtu;
	u32 max_mtu;
	u32 rq_depth;
	u32 max_uc_macs;
	u32 min_rq_depth;
	u32 max_rq_depth;
	u32 port_speed;
};

/**
 * struct sfnic_fw_info - firmware identity
 * @fw_version: running firmware version, "major.minor.sub".
 * @stored_version: version of the stored image, the one the next
 *	%SFNIC_CMD_FW_ACTIVATE runs, "major.minor.sub".
 * @psid: fixed parameter set id of the board, the images it takes
 *	(mlx5's PSID).
 * @board_id: fixed board identifier.
 * @board_rev: fixed board revision.
 * @serial: serial number.
 * @sys_guid: system image GUID, the eswitch's switch id.
 */
struct sfnic_fw_info {
	char fw_version[32];
	char stored_version[32];
	char psid[16];
	char board_id[16];
	char board_rev[8];
	char serial[24];
	u64 sys_guid;
};

/**
 * struct sfnic_vport_info - result of %SFNIC_CMD_VPORT_QUERY
 * @state: &enum sfnic_vport_state.
 * @mac: the function's MAC address.
 * @mtu: the vport's MTU.
 * @link_up: admin link set by the eswitch manager.
 * @sfnum: the user's SF number of an SF vport.
 * @rx_dropped: frames for the function that the eswitch dropped before
 *	any queue: the function down or without queues, larger than its
 *	MTU; and those of full RX rings without a counter of their own
 *	(see %SFNIC_CMD_QUEUE_CREATE).
 */
struct sfnic_vport_info {
	u8 state;
	u8 mac[ETH_ALEN];
	u32 mtu;
	bool link_up;
	u32 sfnum;
	u64 rx_dropped;
};

/**
 * enum sfnic_health_state - the health of a function
 * @SFNIC_HEALTH_OK: no error.
 * @SFNIC_HEALTH_ERROR: the firmware reported an error (a syndrome) that
 *	did not stop the function.
 * @SFNIC_HEALTH_FATAL: the function stopped: its own commands fail with
 *	%SFNIC_STAT_BAD_STATE and syndrome %SFNIC_SYND_FN_FATAL, its queues
 *	move no frame; only %SFNIC_CMD_VPORT_RESET brings it back.
 */
enum sfnic_health_state {
	SFNIC_HEALTH_OK,
	SFNIC_HEALTH_ERROR,
	SFNIC_HEALTH_FATAL,
};

/**
 * struct sfnic_health_info - result of %SFNIC_CMD_HEALTH_QUERY
 * @state: &enum sfnic_health_state.
 * @syndrome: syndrome of the last error, 0 if none.
 * @errors: errors since power on (not cleared by a reset).
 * @resets: %SFNIC_CMD_VPORT_RESET done since power on.
 */
struct sfnic_health_info {
	u8 state;
	u32 syndrome;
	u32 errors;
	u32 resets;
};

/**
 * enum sfnic_mq_state - the state of an RX queue
 * @SFNIC_MQ_RDY: it takes frames.
 * @SFNIC_MQ_ERR: it hit an error and drops every frame until reset.
 */
enum sfnic_mq_state {
	SFNIC_MQ_RDY,
	SFNIC_MQ_ERR,
};

/**
 * struct sfnic_mq_info - result of %SFNIC_CMD_QUEUE_QUERY
 * @side: &enum sfnic_mq_side.
 * @index: its index on that side.
 * @rq_state: &enum sfnic_mq_state of its RX queue.
 * @rq_syndrome: why the RX queue is in error, 0 if it is not.
 * @rq_depth: size of its RX ring.
 * @sq_pending: frames posted on its send queue and not completed yet.
 * @sq_resets: %SFNIC_CMD_QUEUE_RESET done on it.
 */
struct sfnic_mq_info {
	u8 side;
	u8 index;
	u8 rq_state;
	u32 rq_syndrome;
	u32 rq_depth;
	u32 sq_pending;
	u32 sq_resets;
};

/**
 * struct sfnic_mq_irq - the interrupt of a queue pair
 * @handler: called, in any context (usually softirq), when frames were
 *	posted on the RX queue; it typically schedules NAPI.
 * @ctx: passed to @handler.
 */
struct sfnic_mq_irq {
	void (*handler)(void *ctx);
	void *ctx;
};

/* Queue pair capabilities, &sfnic_cmd.in.queue_create.flags */
/* The receiver takes GSO frames whole; others get them segmented. */
#define SFNIC_MQ_F_RX_GSO	BIT(0)
/* The receiver takes frames whose checksum is left to fill in
 * (CHECKSUM_PARTIAL); others get it filled in.
 */
#define SFNIC_MQ_F_RX_CSUM	BIT(1)

/**
 * struct sfnic_cmd - a command and its completion
 * @op: &enum sfnic_cmd_op.
 * @vport: the vport the command targets (if any).
 * @status: out: &enum sfnic_cmd_status.
 * @syndrome: out: detail of a failure, for logs.
 * @in: the input of @op. For %SFNIC_CMD_QUEUE_CREATE: @in.queue_create.side
 *	and .index place the queue pair; .depth is its RX ring size
 *	(0 for &sfnic_caps.rq_depth); .flags are %SFNIC_MQ_F_* flags; .irq
 *	its interrupt; .rx_dropped, if not NULL, a counter in the driver's
 *	memory where the model counts the frames it drops because the RX
 *	ring is full, until the queue is destroyed; if NULL, they count in
 *	the vport's rx_dropped.
 * @out: the output of @op.
 */
struct sfnic_cmd {
	u16 op;
	u16 vport;
	u8 status;
	u32 syndrome;
	union {
		struct {
			u32 sfnum;
		} vport_create;
		struct {
			u8 mac[ETH_ALEN];
		} set_mac;
		struct {
			u32 mtu;
		} set_mtu;
		struct {
			bool up;
		} set_link;
		struct {
			u8 mode;
		} esw_mode;
		struct {
			u8 side;
			u8 index;
			u32 depth;
			u32 flags;
			struct sfnic_mq_irq irq;
			atomic64_t *rx_dropped;
		} queue_create;
		struct {
			struct sfnic_mq * const *mqs;
			unsigned int n;
		} queue_destroy;
		struct {
			u32 io_eq_size;
			u32 event_eq_size;
		} set_eqs;
		struct {
			bool promisc;
			u32 n;
			const u8 (*macs)[ETH_ALEN];
		} rx_filter;
		struct {
			struct sfnic_mq *mq;
		} queue;
		struct {
			u32 size;
		} fw_begin;
		struct {
			u32 offset;
			u32 len;
			const u8 *data;
		} fw_write;
	} in;
	union {
		struct sfnic_caps caps;
		struct sfnic_fw_info fw;
		struct sfnic_vport_info vport;
		struct sfnic_mq *queue;
		struct sfnic_health_info health;
		struct sfnic_mq_info queue_info;
	} out;
};

/**
 * enum sfnic_event_type - asynchronous events of the model
 * @SFNIC_EV_VPORT_STATE: a function vport changed state.
 * @SFNIC_EV_VPORT_LINK: a function vport's admin link changed.
 * @SFNIC_EV_HEALTH: a function's health changed: the firmware reported an
 *	error or the function became fatal (%SFNIC_CMD_HEALTH_QUERY tells).
 * @SFNIC_EV_QUEUE_ERROR: one of a function's RX queues went into error
 *	(%SFNIC_CMD_QUEUE_QUERY on each tells which).
 * @SFNIC_EV_MAX: number of event types.
 *
 * Events of one type for one vport are coalesced: one not yet delivered
 * is replaced by the next, so a receiver gets at least the latest.
 */
enum sfnic_event_type {
	SFNIC_EV_VPORT_STATE,
	SFNIC_EV_VPORT_LINK,
	SFNIC_EV_HEALTH,
	SFNIC_EV_QUEUE_ERROR,
	SFNIC_EV_MAX,
};

/**
 * struct sfnic_event - one event, as passed to notifier callbacks
 * @type: &enum sfnic_event_type, also the notifier's action.
 * @vport: the vport concerned.
 * @state: for %SFNIC_EV_VPORT_STATE, the new &enum sfnic_vport_state.
 * @link_up: for %SFNIC_EV_VPORT_LINK, the new link.
 */
struct sfnic_event {
	u8 type;
	u16 vport;
	u8 state;
	bool link_up;
};

/* Firmware images (Documentation/sfnic-model.rst), little endian: a
 * &struct sfnic_fw_image_hdr, then its payload_len bytes of payload and
 * nothing else. crc is the CRC-32 (the one of zlib and Ethernet) of every
 * byte after it, the rest of the header and the payload.
 */
#define SFNIC_FW_IMAGE_MAGIC		"SFFW"
#define SFNIC_FW_IMAGE_FORMAT		1
#define SFNIC_FW_IMAGE_MAX_PAYLOAD	SZ_1M
#define SFNIC_FW_IMAGE_MAX_SIZE		(sizeof(struct sfnic_fw_image_hdr) + \
					 SFNIC_FW_IMAGE_MAX_PAYLOAD)
/* The largest chunk %SFNIC_CMD_FW_WRITE takes. */
#define SFNIC_FW_CHUNK_SIZE		SZ_4K

/**
 * struct sfnic_fw_image_hdr - header of a firmware image
 * @magic: %SFNIC_FW_IMAGE_MAGIC, not NUL-terminated.
 * @crc: CRC-32 of the image from @format to the end of the payload.
 * @format: %SFNIC_FW_IMAGE_FORMAT.
 * @major: firmware version, major.
 * @minor: firmware version, minor.
 * @sub: firmware version, sub-minor.
 * @reserved: zero.
 * @payload_len: bytes of payload after the header, 1 to
 *	%SFNIC_FW_IMAGE_MAX_PAYLOAD.
 */
struct sfnic_fw_image_hdr {
	u8 magic[4];
	__le32 crc;
	__le32 format;
	__le16 major;
	__le16 minor;
	__le16 sub;
	__le16 reserved;
	__le32 payload_len;
};

/**
 * enum sfnic_fw_image_err - what is wrong with a firmware image
 * @SFNIC_FW_IMAGE_OK: nothing.
 * @SFNIC_FW_IMAGE_TRUNCATED: shorter than its header or its payload.
 * @SFNIC_FW_IMAGE_BAD_MAGIC: no %SFNIC_FW_IMAGE_MAGIC: not an image.
 * @SFNIC_FW_IMAGE_BAD_FORMAT: another format version, or reserved bits
 *	set.
 * @SFNIC_FW_IMAGE_BAD_LENGTH: no payload, or one too large.
 * @SFNIC_FW_IMAGE_TRAILING: bytes after the payload.
 * @SFNIC_FW_IMAGE_BAD_CRC: the checksum does not match.
 */
enum sfnic_fw_image_err {
	SFNIC_FW_IMAGE_OK,
	SFNIC_FW_IMAGE_TRUNCATED,
	SFNIC_FW_IMAGE_BAD_MAGIC,
	SFNIC_FW_IMAGE_BAD_FORMAT,
	SFNIC_FW_IMAGE_BAD_LENGTH,
	SFNIC_FW_IMAGE_TRAILING,
	SFNIC_FW_IMAGE_BAD_CRC,
};

enum sfnic_fw_image_err sfnic_fw_image_check(const u8 *data, size_t size,
					     char *version, size_t len);

struct sfnic_model *sfnic_model_create(struct device *dev, u32 id,
				       struct dentry *debugfs);
void sfnic_model_debugfs_global_init(struct dentry *root);
void sfnic_model_destroy(struct sfnic_model *m);

int sfnic_model_cmd(struct sfnic_model *m, struct sfnic_cmd *cmd);
const char *sfnic_model_cmd_name(u16 op);

int sfnic_model_events_register(struct sfnic_model *m,
				struct notifier_block *nb);
void sfnic_model_events_unregister(struct sfnic_model *m,
				   struct notifier_block *nb);
void sfnic_model_events_flush(struct sfnic_model *m);

bool sfnic_mq_xmit(struct sfnic_mq *mq, struct sk_buff *skb);
struct sk_buff *sfnic_mq_rx(struct sfnic_mq *mq);
int sfnic_mq_rx_bulk(struct sfnic_mq *mq, struct sk_buff **skbs, int n);
bool sfnic_mq_rx_empty(struct sfnic_mq *mq);
u32 sfnic_mq_tx_pending(struct sfnic_mq *mq);

int sfnic_model_phys_attach(struct sfnic_model *m, struct net_device *dev);
void sfnic_model_phys_detach(struct sfnic_model *m);
ssize_t sfnic_model_phys_show(struct sfnic_model *m, char *buf);

#endif /* _SFNIC_MODEL_H */
