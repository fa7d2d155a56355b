// SPDX-License-Identifier: GPL-2.0
/*
 * mdevc: sysfs, mirroring the mdev ABI.
 *
 * /sys/class/mdevc_bus/<parent>/mdev_supported_types/<driver>-<type>/
 *	name, description, device_api, available_instances, create, devices/
 * /sys/bus/mdevc/devices/<uuid>/
 *	mdev_type -> the type's directory, remove, modalias
 */

#include <linux/device.h>
#include <linux/err.h>
#include <linux/kobject.h>
#include <linux/mdevc.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/sysfs.h>
#include <linux/uuid.h>

#include "mdevc_private.h"

struct mdevc_type_attribute {
	struct attribute attr;
	ssize_t (*show)(struct mdevc_type_kobj *tkobj, char *buf);
	ssize_t (*store)(struct mdevc_type_kobj *tkobj, const char *buf,
			 size_t count);
};

#define to_mdevc_type_attr(_attr) \
	container_of(_attr, struct mdevc_type_attribute, attr)

#define MDEVC_TYPE_ATTR_RO(_name) \
	struct mdevc_type_attribute mdevc_type_attr_##_name = __ATTR_RO(_name)
#define MDEVC_TYPE_ATTR_WO(_name) \
	struct mdevc_type_attribute mdevc_type_attr_##_name = __ATTR_WO(_name)

static ssize_t mdevc_type_attr_show(struct kobject *kobj,
				    struct attribute *attr, char *buf)
{
	struct mdevc_type_attribute *tattr = to_mdevc_type_attr(attr);

	if (!tattr->show)
		return -EIO;
	return tattr->show(to_mdevc_type_kobj(kobj), buf);
}

static ssize_t mdevc_type_attr_store(struct kobject *kobj,
				     struct attribute *attr, const char *buf,
				     size_t count)
{
	struct mdevc_type_attribute *tattr = to_mdevc_type_attr(attr);

	if (!tattr->store)
		return -EIO;
	return tattr->store(to_mdevc_type_kobj(kobj), buf, count);
}

static const struct sysfs_ops mdevc_type_sysfs_ops = {
	.show = mdevc_type_attr_show,
	.store = mdevc_type_attr_store,
};

static ssize_t create_store(struct mdevc_type_kobj *tkobj, const char *buf,
			    size_t count)
{
	char str[UUID_STRING_LEN + 1];
	struct mdevc_device *mdev;
	size_t len = count;
	guid_t uuid;

	/* A UUID, and the newline of echo */
	if (len && buf[len - 1] == '\n')
		len--;
	if (len != UUID_STRING_LEN)
		goto err_inval;
	memcpy(str, buf, len);
	str[len] = '\0';
	if (guid_parse(str, &uuid))
		goto err_inval;

	mdev = mdevc_type_create(tkobj, &uuid, NULL, true);
	if (IS_ERR(mdev))
		return PTR_ERR(mdev);

	mdevc_put_device(mdev);
	return count;

err_inval:
	dev_err_ratelimited(tkobj->parent->dev,
			    "mdevc: %s: create: not a UUID\n",
			    kobject_name(&tkobj->kobj));
	return -EINVAL;
}
static MDEVC_TYPE_ATTR_WO(create);

static const char *mdevc_device_api(enum mdevc_class class)
{
	switch (class) {
	case MDEVC_CLASS_VFIO:
		return "vfio-pci";
	case MDEVC_CLASS_VIRTIO:
		return "virtio";
	default:
		return "vendor";
	}
}

static ssize_t device_api_show(struct mdevc_type_kobj *tkobj, char *buf)
{
	return sysfs_emit(buf, "%s\n", mdevc_device_api(tkobj->type->class));
}
static MDEVC_TYPE_ATTR_RO(device_api);

static ssize_t name_show(struct mdevc_type_kobj *tkobj, char *buf)
{
	const struct mdevc_type *type = tkobj->type;

	return sysfs_emit(buf, "%s\n",
			  type->pretty_name ?: type->sysfs_name);
}
static MDEVC_TYPE_ATTR_RO(name);

static ssize_t description_show(struct mdevc_type_kobj *tkobj, char *buf)
{
	return sysfs_emit(buf, "%s\n", tkobj->type->description);
}
static MDEVC_TYPE_ATTR_RO(description);

static ssize_t available_instances_show(struct mdevc_type_kobj *tkobj,
					char *buf)
{
	struct mdevc_parent *parent = tkobj->parent;

	return sysfs_emit(buf, "%u\n",
			  parent->ops->get_available(parent, tkobj->type));
}
static MDEVC_TYPE_ATTR_RO(available_instances);

static struct attribute *mdevc_type_attrs[] = {
	&mdevc_type_attr_create.attr,
	&mdevc_type_attr_device_api.attr,
	&mdevc_type_attr_name.attr,
	&mdevc_type_attr_description.attr,
	&mdevc_type_attr_available_instances.attr,
	NULL,
};

static umode_t mdevc_type_attr_is_visible(struct kobject *kobj,
					  struct attribute *attr, int n)
{
	if (attr == &mdevc_type_attr_description.attr &&
	    !to_mdevc_type_kobj(kobj)->type->description)
		return 0;
	return attr->mode;
}

static const struct attribute_group mdevc_type_group = {
	.attrs = mdevc_type_attrs,
	.is_visible = mdevc_type_attr_is_visible,
};

static const struct attribute_group *mdevc_type_groups[] = {
	&mdevc_type_group,
	NULL,
};

static void mdevc_type_release(struct kobject *kobj)
{
	struct mdevc_type_kobj *tkobj = to_mdevc_type_kobj(kobj);

	/* Pairs with the get in mdevc_type_add() */
	put_device(tkobj->parent_dev);
	kfree(tkobj);
}

static struct kobj_type mdevc_type_ktype = {
	.sysfs_ops	= &mdevc_type_sysfs_ops,
	.release	= mdevc_type_release,
	.default_groups	= mdevc_type_groups,
};

static struct mdevc_type_kobj *mdevc_type_add(struct mdevc_parent *parent,
					      const struct mdevc_type *type)
{
	struct mdevc_type_kobj *tkobj;
	int ret;

	tkobj = kzalloc(sizeof(*tkobj), GFP_KERNEL);
	if (!tkobj)
		return ERR_PTR(-ENOMEM);

	tkobj->kobj.kset = parent->types_kset;
	tkobj->parent = parent;
	tkobj->type = type;
	/* Pairs with the put in mdevc_type_release() */
	tkobj->parent_dev = get_device(parent->dev);

	ret = kobject_init_and_add(&tkobj->kobj, &mdevc_type_ktype, NULL,
				   "%s-%s", dev_driver_string(parent->dev),
				   type->sysfs_name);
	if (ret)
		goto err_put;

	tkobj->devices_kobj = kobject_create_and_add("devices", &tkobj->kobj);
	if (!tkobj->devices_kobj) {
		ret = -ENOMEM;
		goto err_del;
	}
	return tkobj;

err_del:
	kobject_del(&tkobj->kobj);
err_put:
	kobject_put(&tkobj->kobj);
	return ERR_PTR(ret);
}

static void mdevc_type_remove(struct mdevc_type_kobj *tkobj)
{
	kobject_put(tkobj->devices_kobj);
	kobject_del(&tkobj->kobj);
	/* Devices left with a reference keep it until they are released */
	kobject_put(&tkobj->kobj);
}

int mdevc_parent_sysfs_add(struct mdevc_parent *parent)
{
	struct mdevc_type_kobj *tkobj;
	unsigned int i;
	int ret;

	parent->type_kobjs = kcalloc(parent->nr_types,
				     sizeof(*parent->type_kobjs), GFP_KERNEL);
	if (!parent->type_kobjs)
		return -ENOMEM;

	parent->types_kset = kset_create_and_add("mdev_supported_types", NULL,
						 &parent->dev->kobj);
	if (!parent->types_kset) {
		ret = -ENOMEM;
		goto err_free;
	}

	for (i = 0; i < parent->nr_types; i++) {
		tkobj = mdevc_type_add(parent, parent->types[i]);
		if (IS_ERR(tkobj)) {
			ret = PTR_ERR(tkobj);
			goto err_remove_types;
		}
		parent->type_kobjs[i] = tkobj;
	}
	return 0;

err_remove_types:
	while (i--)
		mdevc_type_remove(parent->type_kobjs[i]);
	kset_unregister(parent->types_kset);
err_free:
	kfree(parent->type_kobjs);
	return ret;
}

void mdevc_parent_sysfs_remove(struct mdevc_parent *parent)
{
	unsigned int i;

	for (i = 0; i < parent->nr_types; i++)
		mdevc_type_remove(parent->type_kobjs[i]);
	kset_unregister(parent->types_kset);
	kfree(parent->type_kobjs);
	parent->type_kobjs = NULL;
}

static ssize_t remove_store(struct device *dev, struct device_attribute *attr,
			    const char *buf, size_t count)
{
	struct mdevc_device *mdev = to_mdevc_device(dev);
	bool remove;
	int ret;

	if (kstrtobool(buf, &remove))
		return -EINVAL;
	if (!remove)
		return count;

	ret = mdevc_device_remove_begin(mdev);
	if (ret)
		return ret;

	/*
	 * Only one remover gets past mdevc_device_remove_begin(). Removing
	 * this file first lets device_del() go without waiting for us; our
	 * reference keeps @mdev until we are done.
	 */
	get_device(dev);
	device_remove_file_self(dev, attr);
	mdevc_device_remove_end(mdev);
	put_device(dev);
	return count;
}
static DEVICE_ATTR_WO(remove);

static ssize_t modalias_show(struct device *dev, struct device_attribute *attr,
			     char *buf)
{
	struct mdevc_device *mdev = to_mdevc_device(dev);

	return sysfs_emit(buf, MDEVC_MODALIAS_FMT "\n", mdev->class,
			  mdev->vendor);
}
static DEVICE_ATTR_RO(modalias);

static struct attribute *mdevc_device_attrs[] = {
	&dev_attr_remove.attr,
	&dev_attr_modalias.attr,
	NULL,
};

static const struct attribute_group mdevc_device_group = {
	.attrs = mdevc_device_attrs,
};

const struct attribute_group *mdevc_device_groups[] = {
	&mdevc_device_group,
	NULL,
};

int mdevc_device_sysfs_add(struct mdevc_device *mdev)
{
	struct mdevc_type_kobj *tkobj = mdev->type_kobj;
	struct kobject *kobj = &mdev->dev.kobj;
	int ret;

	ret = sysfs_create_link(tkobj->devices_kobj, kobj,
				dev_name(&mdev->dev));
	if (ret)
		return ret;

	ret = sysfs_create_link(kobj, &tkobj->kobj, "mdev_type");
	if (ret)
		goto err_remove_link;
	return 0;

err_remove_link:
	sysfs_remove_link(tkobj->devices_kobj, dev_name(&mdev->dev));
	return ret;
}

void mdevc_device_sysfs_remove(struct mdevc_device *mdev)
{
	sysfs_remove_link(&mdev->dev.kobj, "mdev_type");
	sysfs_remove_link(mdev->type_kobj->devices_kobj,
			  dev_name(&mdev->dev));
}
