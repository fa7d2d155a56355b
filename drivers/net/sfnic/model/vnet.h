/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The virtio-net device engine of the sfnic device model.
 *
 * A virtio-net device (VIRTIO_F_VERSION_1, split virtqueues) whose rings
 * are walked by the model itself, trusting nothing the driver wrote: every
 * index, descriptor, address and length is checked before use, and a
 * violation puts the device in the NEEDS_RESET state instead of being
 * followed. Frames the driver sends are handed to a port (an eswitch vport,
 * or a test wire); frames from the port are copied into the driver's
 * receive buffers.
 *
 * The driver's memory is reached only through a &struct sfnic_vnet_mem_ops
 * accessor: physical addresses of kernel memory for the virtio class
 * (sfnic_vnet_kmem_ops), IOVAs through vfio for the vfio class.
 *
 * See Documentation/virtio.rst.
 */

#ifndef _SFNIC_VNET_H
#define _SFNIC_VNET_H

#include <linux/if_ether.h>
#include <linux/types.h>

struct dentry;
struct device;
struct sk_buff;
struct sfnic_vnet;

/* Largest virtqueue and number of queue pairs of this engine. */
#define SFNIC_VNET_QUEUE_SIZE	256
#define SFNIC_VNET_MAX_QPS	8

/**
 * struct sfnic_vnet_mem_ops - access to the driver's memory
 * @read: copy @len bytes at driver address @addr to @buf. Returns 0, or
 *	-EFAULT if any byte of the range is not memory the device may read.
 *	An aligned access of 2, 4 or 8 bytes is a single load.
 * @write: copy @len bytes from @buf to driver address @addr. Returns 0 or
 *	-EFAULT. An aligned access of 2, 4 or 8 bytes is a single store.
 *
 * Called from the engine's work items and from kick_vq (control queue),
 * so they must not sleep when the control queue is offered.
 */
struct sfnic_vnet_mem_ops {
	int (*read)(void *priv, u64 addr, void *buf, u32 len);
	int (*write)(void *priv, u64 addr, const void *buf, u32 len);
};

extern const struct sfnic_vnet_mem_ops sfnic_vnet_kmem_ops;

/**
 * struct sfnic_vnet_port_ops - where the device's frames go and come from
 * @start: the driver set DRIVER_OK with @nqps queue pairs; the port gets
 *	ready to exchange frames (an sfnic vport attaches and creates its
 *	queues). May sleep. Returns 0 or a negative errno, which breaks the
 *	device (NEEDS_RESET).
 * @stop: the device is reset: undo @start. May sleep. Called only after
 *	a successful @start. Once it returned, the port no longer calls
 *	sfnic_vnet_rx_notify() for the device.
 * @xmit: a frame the driver sent on queue pair @qp, data at the Ethernet
 *	header; the port owns it. Called with BH disabled.
 * @rx: take the next frame for queue pair @qp, or NULL if none. The engine
 *	calls it when sfnic_vnet_rx_notify() said there is one and the driver
 *	has buffers. Optional (a port that never receives).
 */
struct sfnic_vnet_port_ops {
	int (*start)(void *priv, u16 nqps);
	void (*stop)(void *priv);
	void (*xmit)(void *priv, u16 qp, struct sk_buff *skb);
	struct sk_buff *(*rx)(void *priv, u16 qp);
};

/**
 * struct sfnic_vnet_config - what a virtio-net device is made of
 * @dev: the device the engine logs against (the function's device).
 * @mac: the MAC address in the configuration space (VIRTIO_NET_F_MAC).
 * @mtu: the MTU in the configuration space (VIRTIO_NET_F_MTU), 68..9000.
 * @max_qps: queue pairs, 1..%SFNIC_VNET_MAX_QPS; more than one offers
 *	VIRTIO_NET_F_MQ (and the control queue it needs).
 * @link_up: initial link state (VIRTIO_NET_F_STATUS).
 * @mem: the accessor of the driver's memory, and its @mem_priv.
 * @mem_priv: passed to @mem.
 * @port: the port of the device, and its @port_priv.
 * @port_priv: passed to @port.
 * @priv: free for the owner; see sfnic_vnet_priv().
 */
struct sfnic_vnet_config {
	struct device *dev;
	u8 mac[ETH_ALEN];
	u16 mtu;
	u16 max_qps;
	bool link_up;
	const struct sfnic_vnet_mem_ops *mem;
	void *mem_priv;
	const struct sfnic_vnet_port_ops *port;
	void *port_priv;
	void *priv;
};

struct sfnic_vnet *sfnic_vnet_create(const struct sfnic_vnet_config *cfg);
void sfnic_vnet_destroy(struct sfnic_vnet *vn);
void *sfnic_vnet_priv(struct sfnic_vnet *vn);

void sfnic_vnet_rx_notify(struct sfnic_vnet *vn, u16 qp);
void sfnic_vnet_set_link(struct sfnic_vnet *vn, bool up);
void sfnic_vnet_debugfs_init(struct sfnic_vnet *vn, struct dentry *dir);

/* The mdevc virtio class ops of every engine device: a parent offering
 * virtio-net devices points &mdevc_parent.virtio_ops at them and makes the
 * &struct sfnic_vnet the parent data of each such device.
 */
extern const struct mdevc_virtio_ops sfnic_vnet_virtio_ops;

#endif /* _SFNIC_VNET_H */
