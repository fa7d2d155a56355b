/* SPDX-License-Identifier: GPL-2.0 */
/*
 * mdevc: definitions shared by the files of the mdevc module.
 */

#ifndef _MDEVC_PRIVATE_H
#define _MDEVC_PRIVATE_H

#include <linux/kobject.h>
#include <linux/mdevc.h>

/**
 * struct mdevc_type_kobj - the sysfs directory of one type of one parent
 * @kobj: ``mdev_supported_types/<driver>-<type>``
 * @devices_kobj: its ``devices`` directory, a link per device of the type
 * @parent: the parent offering the type
 * @type: the type, as described by the parent driver
 * @parent_dev: @parent's device, referenced until @kobj is released, which
 *	may be after @parent itself is gone
 *
 * Each device of the type holds a reference on @kobj.
 */
struct mdevc_type_kobj {
	struct kobject kobj;
	struct kobject *devices_kobj;
	struct mdevc_parent *parent;
	const struct mdevc_type *type;
	struct device *parent_dev;
};

/* The MODALIAS of a device: its class and vendor id */
#define MDEVC_MODALIAS_FMT	"mdevc:c%02Xv%08X"

#define to_mdevc_type_kobj(_kobj) \
	container_of(_kobj, struct mdevc_type_kobj, kobj)

extern struct bus_type mdevc_bus_type;
extern const struct attribute_group *mdevc_device_groups[];

int mdevc_parent_sysfs_add(struct mdevc_parent *parent);
void mdevc_parent_sysfs_remove(struct mdevc_parent *parent);

int mdevc_device_sysfs_add(struct mdevc_device *mdev);
void mdevc_device_sysfs_remove(struct mdevc_device *mdev);

struct mdevc_device *mdevc_type_create(struct mdevc_type_kobj *tkobj,
				       const guid_t *uuid, void *data,
				       bool by_user);
int mdevc_device_remove_begin(struct mdevc_device *mdev);
void mdevc_device_remove_end(struct mdevc_device *mdev);

const char *mdevc_class_name(enum mdevc_class class);

#endif /* _MDEVC_PRIVATE_H */
