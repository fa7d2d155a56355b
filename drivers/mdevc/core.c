// SPDX-License-Identifier: GPL-2.0
/*
 * mdevc: parents and the life cycle of mediated devices.
 *
 * Modelled on the kernel's mdev core (drivers/vfio/mdev/mdev_core.c), with
 * device classes: each type of a parent is of one class, and the class ops
 * stay in the parent.
 */

#include <linux/device.h>
#include <linux/err.h>
#include <linux/lockdep.h>
#include <linux/mdevc.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/rhashtable.h>
#include <linux/slab.h>
#include <linux/uuid.h>

#include "mdevc_private.h"

static struct class_compat *mdevc_bus_compat_class;

/*
 * Protects mdevc_uuids, the devices being created, alive or being removed
 * by UUID (the UUIDs taken), against concurrent takers, and the state of
 * every device. The table has locks of its own for its buckets and grows
 * and shrinks in the background; this lock makes a lookup and the
 * insertion that follows it one step, and a state change atomic with it.
 */
static DEFINE_MUTEX(mdevc_devices_lock);
static struct rhashtable mdevc_uuids;

static const struct rhashtable_params mdevc_uuid_params = {
	.key_len		= sizeof(guid_t),
	.key_offset		= offsetof(struct mdevc_device, uuid),
	.head_offset		= offsetof(struct mdevc_device, node),
	.automatic_shrinking	= true,
};

static int mdevc_validate_type(struct mdevc_parent *parent,
			       const struct mdevc_type *type)
{
	if (!type->sysfs_name) {
		dev_err(parent->dev, "mdevc: a type has no sysfs_name\n");
		return -EINVAL;
	}

	switch (type->class) {
	case MDEVC_CLASS_VFIO:
		if (!parent->vfio_ops)
			goto err_no_ops;
		break;
	case MDEVC_CLASS_VIRTIO:
		if (!parent->virtio_ops)
			goto err_no_ops;
		break;
	case MDEVC_CLASS_VENDOR:
		if (!type->vendor) {
			dev_err(parent->dev,
				"mdevc: vendor type %s has no vendor id\n",
				type->sysfs_name);
			return -EINVAL;
		}
		return 0;
	default:
		dev_err(parent->dev, "mdevc: type %s has invalid class %d\n",
			type->sysfs_name, type->class);
		return -EINVAL;
	}

	if (type->vendor) {
		dev_err(parent->dev,
			"mdevc: %s type %s must not have a vendor id\n",
			mdevc_class_name(type->class), type->sysfs_name);
		return -EINVAL;
	}
	return 0;

err_no_ops:
	dev_err(parent->dev, "mdevc: %s type %s but no %s ops\n",
		mdevc_class_name(type->class), type->sysfs_name,
		mdevc_class_name(type->class));
	return -EINVAL;
}

static int mdevc_validate_parent(struct mdevc_parent *parent)
{
	unsigned int i;
	int ret;

	if (!parent->ops || !parent->ops->create || !parent->ops->remove ||
	    !parent->ops->get_available) {
		dev_err(parent->dev, "mdevc: incomplete parent ops\n");
		return -EINVAL;
	}
	if (!parent->types || !parent->nr_types) {
		dev_err(parent->dev, "mdevc: parent without types\n");
		return -EINVAL;
	}

	for (i = 0; i < parent->nr_types; i++) {
		ret = mdevc_validate_type(parent, parent->types[i]);
		if (ret)
			return ret;
	}
	return 0;
}

/* Tells udev, like mdev does, that the parent's mdevc state changed */
static void mdevc_parent_uevent(struct mdevc_parent *parent, char *state)
{
	char *envp[2];

	envp[0] = state;
	envp[1] = NULL;
	kobject_uevent_env(&parent->dev->kobj, KOBJ_CHANGE, envp);
}

/**
 * mdevc_register_parent() - register a device as a parent of mdevc devices
 * @parent: the parent; @parent->dev, ops, class ops and types are set
 *
 * Creates the parent's ``mdev_supported_types`` in sysfs and its link in
 * ``/sys/class/mdevc_bus``. Devices may be created as soon as it returns.
 *
 * Return: 0, or a negative errno; -EINVAL if @parent is malformed (a type
 * whose class ops are missing, a vendor type without vendor id...).
 */
int mdevc_register_parent(struct mdevc_parent *parent)
{
	int ret;

	if (WARN_ON(!parent->dev))
		return -EINVAL;

	ret = mdevc_validate_parent(parent);
	if (ret)
		return ret;

	init_rwsem(&parent->unreg_sem);
	parent->unregistered = false;

	ret = mdevc_parent_sysfs_add(parent);
	if (ret)
		return ret;

	ret = class_compat_create_link(mdevc_bus_compat_class, parent->dev,
				       NULL);
	if (ret)
		dev_warn(parent->dev,
			 "mdevc: no link in /sys/class/mdevc_bus: %d\n", ret);

	mdevc_parent_uevent(parent, "MDEVC_STATE=registered");
	return 0;
}
EXPORT_SYMBOL_GPL(mdevc_register_parent);

/* Takes the device off the bus; caller holds the parent's unreg_sem. */
static void mdevc_device_del(struct mdevc_device *mdev)
{
	struct mdevc_parent *parent = mdev->parent;

	lockdep_assert_held(&parent->unreg_sem);

	mdevc_device_sysfs_remove(mdev);
	device_del(&mdev->dev);
	parent->ops->remove(mdev);

	mutex_lock(&mdevc_devices_lock);
	rhashtable_remove_fast(&mdevc_uuids, &mdev->node, mdevc_uuid_params);
	mdev->state = MDEVC_DEVICE_REMOVED;
	mutex_unlock(&mdevc_devices_lock);

	/* Balances device_initialize() */
	put_device(&mdev->dev);
}

static int mdevc_unregister_child(struct device *dev, void *data)
{
	struct mdevc_device *mdev;

	if (dev->bus != &mdevc_bus_type)
		return 0;

	mdev = to_mdevc_device(dev);
	/* Creators and removers hold unreg_sem: this one is active. */
	mutex_lock(&mdevc_devices_lock);
	WARN_ON(mdev->state != MDEVC_DEVICE_ACTIVE);
	mdev->state = MDEVC_DEVICE_REMOVING;
	mutex_unlock(&mdevc_devices_lock);

	mdevc_device_del(mdev);
	return 0;
}

/**
 * mdevc_unregister_parent() - unregister a parent and remove its devices
 * @parent: the parent
 *
 * Waits for device creations and removals in progress, makes new ones fail
 * with -ENODEV, removes every device of @parent (unbinding its driver and
 * calling &mdevc_parent_ops.remove), then the parent's sysfs files. When it
 * returns, the core no longer uses @parent, its ops or its types.
 *
 * Context: process context. Must not be called with a lock held that
 * &mdevc_parent_ops.create or &mdevc_parent_ops.remove take.
 */
void mdevc_unregister_parent(struct mdevc_parent *parent)
{
	down_write(&parent->unreg_sem);
	parent->unregistered = true;
	class_compat_remove_link(mdevc_bus_compat_class, parent->dev, NULL);
	device_for_each_child(parent->dev, NULL, mdevc_unregister_child);
	mdevc_parent_sysfs_remove(parent);
	up_write(&parent->unreg_sem);

	mdevc_parent_uevent(parent, "MDEVC_STATE=unregistered");
}
EXPORT_SYMBOL_GPL(mdevc_unregister_parent);

static void mdevc_device_release(struct device *dev)
{
	struct mdevc_device *mdev = to_mdevc_device(dev);

	/* Pairs with the get in mdevc_type_create() */
	kobject_put(&mdev->type_kobj->kobj);
	kfree(mdev);
}

/*
 * Takes the device's UUID: -EEXIST if another device has it, or the
 * table's -ENOMEM. One hash lookup, whatever the number of devices.
 */
static int mdevc_uuid_take(struct mdevc_device *mdev)
{
	int ret;

	mutex_lock(&mdevc_devices_lock);
	ret = rhashtable_lookup_insert_fast(&mdevc_uuids, &mdev->node,
					    mdevc_uuid_params);
	if (!ret)
		mdev->state = MDEVC_DEVICE_CREATING;
	mutex_unlock(&mdevc_devices_lock);
	return ret;
}

static void mdevc_uuid_release(struct mdevc_device *mdev)
{
	mutex_lock(&mdevc_devices_lock);
	rhashtable_remove_fast(&mdevc_uuids, &mdev->node, mdevc_uuid_params);
	mutex_unlock(&mdevc_devices_lock);
}

/*
 * Creates a device of the type of @tkobj. Returns it with a reference for
 * the caller, or an ERR_PTR(). A user's request (@by_user, the create file)
 * is refused when &mdevc_parent_ops.get_available says no instance is
 * left; a parent creating a device itself has already given it its place.
 */
struct mdevc_device *mdevc_type_create(struct mdevc_type_kobj *tkobj,
				       const guid_t *uuid, void *data,
				       bool by_user)
{
	struct mdevc_parent *parent = tkobj->parent;
	const struct mdevc_type *type = tkobj->type;
	struct mdevc_device *mdev;
	int ret;

	mdev = kzalloc(sizeof(*mdev), GFP_KERNEL);
	if (!mdev)
		return ERR_PTR(-ENOMEM);

	if (uuid)
		guid_copy(&mdev->uuid, uuid);
	else
		guid_gen(&mdev->uuid);
	mdev->parent = parent;
	mdev->type = type;
	mdev->class = type->class;
	mdev->vendor = type->vendor;
	mdev->type_kobj = tkobj;
	/* Pairs with the put in mdevc_device_release() */
	kobject_get(&tkobj->kobj);

	device_initialize(&mdev->dev);
	mdev->dev.parent = parent->dev;
	mdev->dev.bus = &mdevc_bus_type;
	mdev->dev.groups = type->dev_groups;
	mdev->dev.release = mdevc_device_release;
	ret = dev_set_name(&mdev->dev, "%pUl", &mdev->uuid);
	if (ret)
		goto err_put;

	/* Fails once unregistration started */
	if (!down_read_trylock(&parent->unreg_sem)) {
		dev_err_ratelimited(parent->dev,
				    "mdevc: parent is being unregistered\n");
		ret = -ENODEV;
		goto err_put;
	}
	if (parent->unregistered) {
		dev_err_ratelimited(parent->dev,
				    "mdevc: parent is unregistered\n");
		ret = -ENODEV;
		goto err_unlock;
	}

	if (parent->ops->check_create) {
		ret = parent->ops->check_create(parent, type);
		if (ret)
			goto err_unlock;
	}
	if (by_user && !parent->ops->get_available(parent, type)) {
		dev_err_ratelimited(parent->dev,
				    "mdevc: no %s instance available\n",
				    kobject_name(&tkobj->kobj));
		ret = -ENOSPC;
		goto err_unlock;
	}

	ret = mdevc_uuid_take(mdev);
	if (ret == -EEXIST) {
		dev_err_ratelimited(parent->dev, "mdevc: %pUl exists\n",
				    &mdev->uuid);
		goto err_unlock;
	}
	if (ret)
		goto err_unlock;

	ret = parent->ops->create(mdev, data);
	if (ret) {
		dev_err_ratelimited(parent->dev,
				    "mdevc: cannot create %pUl: %d\n",
				    &mdev->uuid, ret);
		goto err_uuid;
	}

	ret = device_add(&mdev->dev);
	if (ret)
		goto err_parent_remove;

	/*
	 * device_add() probed the device in this thread (our drivers do not
	 * probe asynchronously). As the kernel's mdev core fails a create
	 * whose driver cannot attach, a user's create fails when the loaded
	 * class driver could not drive the device: it would sit unbound with
	 * nothing telling why. With no driver loaded yet, or a probe
	 * deferred (an errno userspace must not see), the device waits.
	 */
	if (by_user && mdev->probe_err && mdev->probe_err != -EPROBE_DEFER) {
		ret = mdev->probe_err;
		dev_err_ratelimited(parent->dev,
				    "mdevc: %pUl: the class driver failed: %d\n",
				    &mdev->uuid, ret);
		goto err_device_del;
	}

	ret = mdevc_device_sysfs_add(mdev);
	if (ret)
		goto err_device_del;

	/* The caller's reference, taken before a remover can drop ours */
	get_device(&mdev->dev);
	mutex_lock(&mdevc_devices_lock);
	mdev->state = MDEVC_DEVICE_ACTIVE;
	mutex_unlock(&mdevc_devices_lock);
	up_read(&parent->unreg_sem);

	dev_dbg(&mdev->dev, "mdevc: created\n");
	return mdev;

err_device_del:
	device_del(&mdev->dev);
err_parent_remove:
	parent->ops->remove(mdev);
err_uuid:
	mdevc_uuid_release(mdev);
err_unlock:
	up_read(&parent->unreg_sem);
err_put:
	put_device(&mdev->dev);
	return ERR_PTR(ret);
}

/**
 * mdevc_device_create() - create a mediated device
 * @parent: a registered parent
 * @type: one of @parent's types
 * @uuid: the UUID of the new device, or NULL for a random one
 * @data: passed to &mdevc_parent_ops.create, for the parent driver's use
 *
 * Calls &mdevc_parent_ops.create, then adds the device to the bus, where the
 * class driver of @type's class, if loaded, binds it before this returns.
 * A parent driver uses this to create devices itself; users write a UUID
 * to the type's ``create`` file. &mdevc_parent_ops.get_available limits
 * the users' requests only: the parent, which decided to create this
 * device, counted it already.
 *
 * The device is returned with a reference, which keeps the structure (not
 * the device on the bus) alive until the caller drops it with
 * mdevc_put_device(). The device may be removed in the meantime, through
 * sysfs or parent unregistration: &mdevc_parent_ops.remove tells.
 *
 * Context: process context; takes no lock of the caller's.
 * Return: the device, or an ERR_PTR(): -EEXIST if @uuid is taken,
 * -ENODEV if @parent is being
 * unregistered, the error of &mdevc_parent_ops.check_create or of
 * &mdevc_parent_ops.create, -ENOMEM...
 */
struct mdevc_device *mdevc_device_create(struct mdevc_parent *parent,
					 const struct mdevc_type *type,
					 const guid_t *uuid, void *data)
{
	unsigned int i;

	for (i = 0; i < parent->nr_types; i++)
		if (parent->types[i] == type)
			return mdevc_type_create(parent->type_kobjs[i], uuid,
						 data, false);

	dev_WARN(parent->dev, "mdevc: type %s is not the parent's\n",
		 type->sysfs_name);
	return ERR_PTR(-EINVAL);
}
EXPORT_SYMBOL_GPL(mdevc_device_create);

/*
 * Removal is split so that the sysfs "remove" file can check the device
 * before it removes itself (device_remove_file_self()). Returns 0 with the
 * parent's unreg_sem held for reading and the device REMOVING, or an errno.
 */
int mdevc_device_remove_begin(struct mdevc_device *mdev)
{
	int ret = 0;

	mutex_lock(&mdevc_devices_lock);
	switch (mdev->state) {
	case MDEVC_DEVICE_CREATING:
		ret = -EAGAIN;
		break;
	case MDEVC_DEVICE_ACTIVE:
		/*
		 * An ACTIVE device's parent is registered or waits for
		 * mdevc_devices_lock in mdevc_unregister_child(): @parent is
		 * valid. A trylock under mdevc_devices_lock adds no dependency.
		 */
		if (down_read_trylock(&mdev->parent->unreg_sem))
			mdev->state = MDEVC_DEVICE_REMOVING;
		else
			ret = -ENODEV;
		break;
	default:
		ret = -ENODEV;
		break;
	}
	mutex_unlock(&mdevc_devices_lock);

	if (ret)
		dev_err_ratelimited(&mdev->dev, "mdevc: cannot remove: %s\n",
				    ret == -EAGAIN ? "still being created" :
				    "already removed");
	return ret;
}

void mdevc_device_remove_end(struct mdevc_device *mdev)
{
	struct mdevc_parent *parent = mdev->parent;

	mdevc_device_del(mdev);
	up_read(&parent->unreg_sem);
}

/**
 * mdevc_device_remove() - remove a mediated device
 * @mdev: a device returned by mdevc_device_create(), still referenced
 *
 * Takes the device off the bus (unbinding its driver) and calls
 * &mdevc_parent_ops.remove. The caller's reference remains.
 *
 * Context: process context; takes no lock of the caller's.
 * Return: 0; -ENODEV if the device was removed already or its parent is
 * being unregistered (which removes it); -EAGAIN if it is still being
 * created.
 */
int mdevc_device_remove(struct mdevc_device *mdev)
{
	int ret;

	ret = mdevc_device_remove_begin(mdev);
	if (ret)
		return ret;

	mdevc_device_remove_end(mdev);
	return 0;
}
EXPORT_SYMBOL_GPL(mdevc_device_remove);

static int __init mdevc_init(void)
{
	int ret;

	ret = rhashtable_init(&mdevc_uuids, &mdevc_uuid_params);
	if (ret)
		return ret;

	ret = bus_register(&mdevc_bus_type);
	if (ret)
		goto err_uuids;

	mdevc_bus_compat_class = class_compat_register("mdevc_bus");
	if (!mdevc_bus_compat_class) {
		ret = -ENOMEM;
		goto err_bus_unregister;
	}
	return 0;

err_bus_unregister:
	bus_unregister(&mdevc_bus_type);
err_uuids:
	rhashtable_destroy(&mdevc_uuids);
	return ret;
}

static void __exit mdevc_exit(void)
{
	class_compat_unregister(mdevc_bus_compat_class);
	bus_unregister(&mdevc_bus_type);
	rhashtable_destroy(&mdevc_uuids);
}

subsys_initcall(mdevc_init);
module_exit(mdevc_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Mediated device bus with device classes");
