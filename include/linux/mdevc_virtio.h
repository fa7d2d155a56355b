/* SPDX-License-Identifier: GPL-2.0 */
/*
 * mdevc: the operations a parent provides for its virtio class devices.
 */

#ifndef _LINUX_MDEVC_VIRTIO_H
#define _LINUX_MDEVC_VIRTIO_H

#include <linux/irqreturn.h>
#include <linux/types.h>

struct mdevc_device;

/**
 * struct mdevc_virtio_callback - an interrupt callback of the virtio bridge
 * @callback: called by the parent, in interrupt or softirq context, when a
 *	virtqueue has used buffers or the configuration changed.
 * @private: the argument of @callback.
 */
struct mdevc_virtio_callback {
	irqreturn_t (*callback)(void *private);
	void *private;
};

/**
 * struct mdevc_virtio_vq_state - state of a split virtqueue
 * @avail_index: the next available ring index the device will read.
 */
struct mdevc_virtio_vq_state {
	u16 avail_index;
};

/**
 * struct mdevc_virtio_ops - virtio class operations of a parent
 * @set_vq_address: set the guest-physical (DMA) addresses of virtqueue
 *	@idx: its descriptor area @desc_area, driver (available) area
 *	@driver_area and device (used) area @device_area. Returns 0 or a
 *	negative errno.
 * @set_vq_num: set the size of virtqueue @idx to @num entries.
 * @get_vq_num_max: the largest virtqueue size the device supports.
 * @kick_vq: the driver made buffers available in virtqueue @idx.
 * @set_vq_cb: set the callback to call when virtqueue @idx has used
 *	buffers; @cb is copied. A NULL @cb->callback disables it.
 * @set_vq_ready: enable (@ready true) or disable virtqueue @idx.
 * @get_vq_ready: whether virtqueue @idx is enabled.
 * @set_vq_state: restore the state of virtqueue @idx from @state. Returns 0
 *	or a negative errno.
 * @get_vq_state: save the state of virtqueue @idx into @state. Returns 0 or
 *	a negative errno.
 * @get_vq_align: the alignment, in bytes, the device requires of the
 *	virtqueue areas.
 * @get_device_features: the virtio feature bits the device offers.
 * @set_driver_features: accept the feature bits @features, negotiated by
 *	the driver. Returns 0 or a negative errno.
 * @get_driver_features: the feature bits accepted by @set_driver_features.
 * @set_config_cb: set the callback to call when the device configuration
 *	or its status changed (``VIRTIO_CONFIG_S_NEEDS_RESET``); @cb is
 *	copied.
 * @get_device_id: the virtio device id (``VIRTIO_ID_NET``...).
 * @get_vendor_id: the virtio subsystem vendor id of the device.
 * @get_status: the virtio device status byte. May be called from the
 *	configuration callback, in atomic context. A device that sets
 *	``VIRTIO_CONFIG_S_NEEDS_RESET`` (and tells through the configuration
 *	callback, or at ``DRIVER_OK``) gets its virtqueues broken by the
 *	bridge until a reset.
 * @set_status: set the virtio device status byte to @status (never 0:
 *	@reset does that).
 * @reset: reset the device: status 0, every virtqueue disabled and
 *	forgotten, callbacks cleared. Returns 0 or a negative errno.
 * @get_config_size: size in bytes of the device configuration space,
 *	including fields that depend on feature bits.
 * @get_config: read @len bytes at @offset of the device configuration
 *	space into @buf.
 * @set_config: write @len bytes from @buf at @offset of the device
 *	configuration space.
 * @get_generation: the configuration generation counter, which changes
 *	whenever the configuration space may have changed. Optional: without
 *	it, the generation is always 0.
 *
 * A subset of the kernel's &struct vdpa_config_ops: what a bridge needs to
 * register a virtio device for @mdev. Every member is required unless
 * noted otherwise. A parent finds its own context with
 * mdevc_get_parent_data().
 */
struct mdevc_virtio_ops {
	/* virtqueue operations */
	int (*set_vq_address)(struct mdevc_device *mdev, u16 idx,
			      u64 desc_area, u64 driver_area, u64 device_area);
	void (*set_vq_num)(struct mdevc_device *mdev, u16 idx, u32 num);
	u16 (*get_vq_num_max)(struct mdevc_device *mdev);
	void (*kick_vq)(struct mdevc_device *mdev, u16 idx);
	void (*set_vq_cb)(struct mdevc_device *mdev, u16 idx,
			  const struct mdevc_virtio_callback *cb);
	void (*set_vq_ready)(struct mdevc_device *mdev, u16 idx, bool ready);
	bool (*get_vq_ready)(struct mdevc_device *mdev, u16 idx);
	int (*set_vq_state)(struct mdevc_device *mdev, u16 idx,
			    const struct mdevc_virtio_vq_state *state);
	int (*get_vq_state)(struct mdevc_device *mdev, u16 idx,
			    struct mdevc_virtio_vq_state *state);
	u32 (*get_vq_align)(struct mdevc_device *mdev);

	/* device operations */
	u64 (*get_device_features)(struct mdevc_device *mdev);
	int (*set_driver_features)(struct mdevc_device *mdev, u64 features);
	u64 (*get_driver_features)(struct mdevc_device *mdev);
	void (*set_config_cb)(struct mdevc_device *mdev,
			      const struct mdevc_virtio_callback *cb);
	u32 (*get_device_id)(struct mdevc_device *mdev);
	u32 (*get_vendor_id)(struct mdevc_device *mdev);
	u8 (*get_status)(struct mdevc_device *mdev);
	void (*set_status)(struct mdevc_device *mdev, u8 status);
	int (*reset)(struct mdevc_device *mdev);
	size_t (*get_config_size)(struct mdevc_device *mdev);
	void (*get_config)(struct mdevc_device *mdev, unsigned int offset,
			   void *buf, unsigned int len);
	void (*set_config)(struct mdevc_device *mdev, unsigned int offset,
			   const void *buf, unsigned int len);
	u32 (*get_generation)(struct mdevc_device *mdev);
};

#endif /* _LINUX_MDEVC_VIRTIO_H */
