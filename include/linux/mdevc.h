/* SPDX-License-Identifier: GPL-2.0 */
/*
 * mdevc: mediated devices with device classes.
 *
 * A parent device offers mediated devices of several classes (vfio, virtio,
 * vendor). The class-specific operations are kept once, const and typed, in
 * the parent; a class driver bound to a device reaches them through the
 * typed getters mdevc_get_vfio_ops() and mdevc_get_virtio_ops().
 */

#ifndef _LINUX_MDEVC_H
#define _LINUX_MDEVC_H

#include <linux/device.h>
#include <linux/module.h>
#include <linux/mod_devicetable.h>
#include <linux/rhashtable-types.h>
#include <linux/rwsem.h>
#include <linux/types.h>
#include <linux/uuid.h>

struct mdevc_vfio_dma_ops;
struct mdevc_vfio_ops;
struct mdevc_virtio_ops;
struct mdevc_type_kobj;

/**
 * enum mdevc_class - class of a mediated device
 * @MDEVC_CLASS_VFIO: exposed to userspace through a vfio bridge driver;
 *	the parent provides &struct mdevc_vfio_ops.
 * @MDEVC_CLASS_VIRTIO: exposed to the kernel as a virtio device through a
 *	virtio bridge driver; the parent provides &struct mdevc_virtio_ops.
 * @MDEVC_CLASS_VENDOR: driven by a vendor's own driver, which knows the
 *	parent; no class ops. Devices and drivers of this class carry a
 *	vendor id, and only a driver of the same vendor id binds a device.
 *
 * The values are ABI: they appear in uevents and module aliases
 * (``mdevc:c<class>v<vendor>``).
 */
enum mdevc_class {
	MDEVC_CLASS_VFIO	= 1,
	MDEVC_CLASS_VIRTIO	= 2,
	MDEVC_CLASS_VENDOR	= 3,
};

/**
 * struct mdevc_class_id - one entry of a class driver's id table
 * @class: an &enum mdevc_class value; 0 terminates the table.
 * @vendor: for %MDEVC_CLASS_VENDOR, the vendor id the driver serves (never
 *	0); must be 0 for the other classes.
 * @driver_data: free for the driver's own use.
 */
struct mdevc_class_id {
	__u32 class;
	__u32 vendor;
	kernel_ulong_t driver_data;
};

/**
 * MDEVC_CLASS_ID() - id table entry for a vfio or virtio class driver
 * @_class: %MDEVC_CLASS_VFIO or %MDEVC_CLASS_VIRTIO
 */
#define MDEVC_CLASS_ID(_class)		{ .class = (_class) }

/**
 * MDEVC_VENDOR_ID() - id table entry for a vendor class driver
 * @_vendor: the vendor id, non-zero
 */
#define MDEVC_VENDOR_ID(_vendor) \
	{ .class = MDEVC_CLASS_VENDOR, .vendor = (_vendor) }

/**
 * struct mdevc_type - a kind of mediated device a parent offers
 * @sysfs_name: name of the type's sysfs directory, which the core prefixes
 *	with the parent's driver name: ``<driver>-<sysfs_name>``.
 * @pretty_name: shown in the type's ``name`` file; @sysfs_name if NULL.
 * @description: shown in the type's ``description`` file (optional; the
 *	file is absent if NULL).
 * @class: the class of every device of this type.
 * @vendor: vendor id of a %MDEVC_CLASS_VENDOR type (non-zero); 0 for the
 *	other classes.
 * @dev_groups: extra sysfs attribute groups of each device of this type
 *	(optional, NULL terminated). They are created before the device is
 *	announced, so their show/store methods may use the parent data set in
 *	&mdevc_parent_ops.create.
 *
 * Types are described by the parent driver, usually as static const data;
 * the core never writes to them. One description may serve several parents.
 */
struct mdevc_type {
	const char *sysfs_name;
	const char *pretty_name;
	const char *description;
	enum mdevc_class class;
	u32 vendor;
	const struct attribute_group **dev_groups;
};

struct mdevc_parent;
struct mdevc_device;

/**
 * struct mdevc_parent_ops - what the core asks of a parent driver
 * @create: set up the parent's side of a new device, before the device is
 *	added to the bus and a class driver can bind it. @mdev has its
 *	&mdevc_device.parent, &mdevc_device.type and &mdevc_device.uuid set;
 *	@data is the @data argument of mdevc_device_create(), or NULL when a
 *	user wrote the type's ``create`` file. The parent typically attaches
 *	its per-device context with mdevc_set_parent_data(). It must reserve
 *	the resources the device needs and fail with -ENOSPC when none are
 *	left. Returns 0 or a negative errno, which the creator sees.
 * @remove: undo @create. Called once for each successful @create, after the
 *	device left the bus (the class driver is already unbound).
 * @get_available: number of further devices of @type that can be created;
 *	shown in ``available_instances``. The core refuses a user's creation
 *	(the ``create`` file) with -ENOSPC when it returns 0; it is not asked
 *	for the parent's own mdevc_device_create().
 * @check_create: optional: whether devices of @type can be created at all
 *	in the parent's present configuration, for a reason other than
 *	exhaustion (a mode of the device that has no such functions). 0, or
 *	the negative errno the core refuses the creation with; the parent
 *	logs why. Called before @get_available, which should then return 0
 *	for @type too.
 *
 * The core never holds a lock of its own around these callbacks, so they may
 * take the parent driver's locks. A parent driver must however not call
 * mdevc_unregister_parent() while holding a lock that @create or @remove
 * take: unregistration waits for running callbacks.
 */
struct mdevc_parent_ops {
	int (*create)(struct mdevc_device *mdev, void *data);
	void (*remove)(struct mdevc_device *mdev);
	unsigned int (*get_available)(struct mdevc_parent *parent,
				      const struct mdevc_type *type);
	int (*check_create)(struct mdevc_parent *parent,
			    const struct mdevc_type *type);
};

/**
 * struct mdevc_parent - a device that mediated devices hang off
 * @dev: the parent device; mediated devices are its children. The caller of
 *	mdevc_register_parent() keeps a reference on it until
 *	mdevc_unregister_parent() returned.
 * @ops: the parent operations (create, remove, available instances).
 * @vfio_ops: the vfio class operations; required if a type of
 *	%MDEVC_CLASS_VFIO is offered, NULL otherwise.
 * @virtio_ops: the virtio class operations; required if a type of
 *	%MDEVC_CLASS_VIRTIO is offered, NULL otherwise.
 * @types: the types offered, in the order of their sysfs directories.
 * @nr_types: number of entries in @types.
 * @type_kobjs: private to the core: the sysfs directory of each type.
 * @types_kset: private to the core: ``mdev_supported_types``.
 * @unreg_sem: private to the core: held for reading by every device
 *	creation and removal in progress, for writing by
 *	mdevc_unregister_parent(), which thereby waits for them and makes new
 *	ones fail with -ENODEV.
 * @unregistered: private to the core: set once unregistration started.
 *
 * Embed this structure in the parent driver's own and fill in the fields
 * above the private ones before calling mdevc_register_parent().
 */
struct mdevc_parent {
	struct device *dev;
	const struct mdevc_parent_ops *ops;
	const struct mdevc_vfio_ops *vfio_ops;
	const struct mdevc_virtio_ops *virtio_ops;
	const struct mdevc_type * const *types;
	unsigned int nr_types;

	/* private to the core */
	struct mdevc_type_kobj **type_kobjs;
	struct kset *types_kset;
	struct rw_semaphore unreg_sem;
	bool unregistered;
};

/**
 * enum mdevc_device_state - life cycle of a mediated device
 * @MDEVC_DEVICE_CREATING: being created; cannot be removed yet.
 * @MDEVC_DEVICE_ACTIVE: on the bus; may be removed.
 * @MDEVC_DEVICE_REMOVING: removal in progress.
 * @MDEVC_DEVICE_REMOVED: off the bus; only references remain.
 */
enum mdevc_device_state {
	MDEVC_DEVICE_CREATING,
	MDEVC_DEVICE_ACTIVE,
	MDEVC_DEVICE_REMOVING,
	MDEVC_DEVICE_REMOVED,
};

/**
 * struct mdevc_device - a mediated device on the mdevc bus
 * @dev: the device; its name is the UUID.
 * @uuid: the UUID of the device.
 * @parent: the parent the device belongs to.
 * @type: the type of the device, one of @parent's types.
 * @type_kobj: private to the core: the sysfs directory of @type.
 * @class: private to the core: @type's class, kept in the device so that
 *	matching and uevents never look at the parent's memory.
 * @vendor: private to the core: @type's vendor id, likewise.
 * @parent_data: private to the core: see mdevc_set_parent_data().
 * @vfio_dma: private to the core: see mdevc_vfio_set_dma_ops().
 * @node: private to the core: entry in the core's table of the UUIDs taken.
 * @state: private to the core: protected by the core's devices lock.
 * @probe_err: private to the core: the error of the class driver's last
 *	probe of the device, 0 if it succeeded or never ran; written by the
 *	bus's probe under the device lock.
 */
struct mdevc_device {
	struct device dev;
	guid_t uuid;
	struct mdevc_parent *parent;
	const struct mdevc_type *type;

	/* private to the core */
	struct mdevc_type_kobj *type_kobj;
	enum mdevc_class class;
	u32 vendor;
	void *parent_data;
	const struct mdevc_vfio_dma_ops *vfio_dma;
	struct rhash_head node;
	enum mdevc_device_state state;
	int probe_err;
};

/**
 * to_mdevc_device() - the mediated device of a &struct device
 * @dev: a device on the mdevc bus
 *
 * Return: the &struct mdevc_device embedding @dev.
 */
static inline struct mdevc_device *to_mdevc_device(struct device *dev)
{
	return container_of(dev, struct mdevc_device, dev);
}

/**
 * mdevc_dev() - the &struct device of a mediated device
 * @mdev: the mediated device
 *
 * Return: the &struct device embedded in @mdev.
 */
static inline struct device *mdevc_dev(struct mdevc_device *mdev)
{
	return &mdev->dev;
}

/**
 * mdevc_set_parent_data() - attach the parent driver's per-device context
 * @mdev: the mediated device
 * @data: the context; the parent driver owns it
 *
 * For the parent driver only, typically from &mdevc_parent_ops.create. The
 * bound class driver uses dev_set_drvdata() on mdevc_dev() instead.
 */
static inline void mdevc_set_parent_data(struct mdevc_device *mdev,
					 void *data)
{
	mdev->parent_data = data;
}

/**
 * mdevc_get_parent_data() - the parent driver's per-device context
 * @mdev: the mediated device
 *
 * Return: what the parent driver set with mdevc_set_parent_data().
 */
static inline void *mdevc_get_parent_data(struct mdevc_device *mdev)
{
	return mdev->parent_data;
}

int mdevc_register_parent(struct mdevc_parent *parent);
void mdevc_unregister_parent(struct mdevc_parent *parent);

struct mdevc_device *mdevc_device_create(struct mdevc_parent *parent,
					 const struct mdevc_type *type,
					 const guid_t *uuid, void *data);
int mdevc_device_remove(struct mdevc_device *mdev);

/**
 * mdevc_put_device() - drop a reference on a mediated device
 * @mdev: the mediated device, or NULL
 *
 * Drops the reference mdevc_device_create() returned with the device.
 */
static inline void mdevc_put_device(struct mdevc_device *mdev)
{
	if (mdev)
		put_device(&mdev->dev);
}

const struct mdevc_vfio_ops *mdevc_get_vfio_ops(struct mdevc_device *mdev);
const struct mdevc_virtio_ops *
mdevc_get_virtio_ops(struct mdevc_device *mdev);

/**
 * struct mdevc_driver - a class driver of mediated devices
 * @id_table: the class ids the driver binds, terminated by a zero entry.
 * @probe: bind a device that matched @id_table. Returns 0 or a negative
 *	errno; the device then stays unbound.
 * @remove: unbind the device: the driver stops using it and the class ops.
 * @driver: the driver model's driver; set at least @driver.name.
 *
 * A module holding an mdevc driver declares each entry of @id_table with
 * MODULE_ALIAS_MDEVC() too, so that it is loaded when a matching device
 * appears.
 */
struct mdevc_driver {
	const struct mdevc_class_id *id_table;
	int (*probe)(struct mdevc_device *mdev);
	void (*remove)(struct mdevc_device *mdev);
	struct device_driver driver;
};

/**
 * to_mdevc_driver() - the mdevc driver of a &struct device_driver
 * @drv: a driver on the mdevc bus
 *
 * Return: the &struct mdevc_driver embedding @drv.
 */
static inline struct mdevc_driver *to_mdevc_driver(struct device_driver *drv)
{
	return container_of(drv, struct mdevc_driver, driver);
}

int __mdevc_register_driver(struct mdevc_driver *drv, struct module *owner,
			    const char *mod_name);

/**
 * mdevc_register_driver() - register a class driver
 * @drv: the driver
 *
 * Return: 0, or a negative errno; -EINVAL for a malformed id table.
 */
#define mdevc_register_driver(drv) \
	__mdevc_register_driver(drv, THIS_MODULE, KBUILD_MODNAME)

void mdevc_unregister_driver(struct mdevc_driver *drv);

/**
 * module_mdevc_driver() - declare a module's only mdevc driver
 * @__mdevc_driver: the &struct mdevc_driver
 *
 * Replaces the module's init and exit functions, which would only register
 * and unregister the driver.
 */
#define module_mdevc_driver(__mdevc_driver) \
	module_driver(__mdevc_driver, mdevc_register_driver, \
		      mdevc_unregister_driver)

/* Upper case hex digit @n (0 = least significant) of @v. */
#define __MDEVC_XDIGIT(v, n)	("0123456789ABCDEF"[((v) >> (4 * (n))) & 0xf])

#define __MDEVC_ALIAS_PREFIX	__MODULE_INFO_PREFIX "alias=mdevc:c"

/*
 * The class id is named by two enumerators, so that each digit is computed
 * from a name rather than by expanding the macro arguments ten times.
 */
#define ___MODULE_ALIAS_MDEVC(_id, _class, _vendor)			\
	enum { _id##_class = (_class), _id##_vendor = (_vendor) };	\
	static const struct {						\
		char prefix[sizeof(__MDEVC_ALIAS_PREFIX) - 1];		\
		char id[12];						\
	} _id __used __section(".modinfo") __aligned(1) = {		\
		__MDEVC_ALIAS_PREFIX, {					\
		__MDEVC_XDIGIT(_id##_class, 1),				\
		__MDEVC_XDIGIT(_id##_class, 0),				\
		'v',							\
		__MDEVC_XDIGIT(_id##_vendor, 7),			\
		__MDEVC_XDIGIT(_id##_vendor, 6),			\
		__MDEVC_XDIGIT(_id##_vendor, 5),			\
		__MDEVC_XDIGIT(_id##_vendor, 4),			\
		__MDEVC_XDIGIT(_id##_vendor, 3),			\
		__MDEVC_XDIGIT(_id##_vendor, 2),			\
		__MDEVC_XDIGIT(_id##_vendor, 1),			\
		__MDEVC_XDIGIT(_id##_vendor, 0),			\
		'\0' } }
#define __MODULE_ALIAS_MDEVC(_id, _class, _vendor)			\
	___MODULE_ALIAS_MDEVC(_id, _class, _vendor)

/**
 * MODULE_ALIAS_MDEVC() - the module alias of one class id
 * @_class: an &enum mdevc_class value
 * @_vendor: the vendor id for %MDEVC_CLASS_VENDOR, 0 otherwise
 *
 * Adds the module alias ``mdevc:c<class>v<vendor>`` (two and eight upper
 * case hex digits), the ``MODALIAS`` of the devices the driver binds, so
 * that udev has modprobe load the driver when such a device appears. This
 * is MODULE_ALIAS() with the id formatted at build time from constant
 * expressions: modpost only generates aliases for the id tables it knows.
 */
#define MODULE_ALIAS_MDEVC(_class, _vendor)				\
	__MODULE_ALIAS_MDEVC(__UNIQUE_ID(mdevc_alias), _class, _vendor)

#endif /* _LINUX_MDEVC_H */
