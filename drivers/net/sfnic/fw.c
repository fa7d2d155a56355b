// SPDX-License-Identifier: GPL-2.0
/*
 * sfnic firmware: query the running and stored versions, flash an image
 * into the device model (its stored image) and activate it, as mlx5's
 * fw.c and mlxfw do. The devlink layer drives these from "devlink dev
 * info", "devlink dev flash" and "devlink dev reload action fw_activate".
 */

#include <linux/rtnetlink.h>
#include <net/devlink.h>

#include "sfnic.h"

/**
 * sfnic_fw_query() - the device's firmware identity, versions included
 * @sdev: the NIC
 * @fw: filled in
 *
 * Asks the device each time, as mlx5 does for "devlink dev info": the
 * stored version changes with each flash. Any context that may sleep.
 *
 * Return: 0 or a negative errno.
 */
int sfnic_fw_query(struct sfnic_dev *sdev, struct sfnic_fw_info *fw)
{
	struct sfnic_cmd cmd = { .op = SFNIC_CMD_QUERY_FW };
	int err;

	err = sfnic_cmd_exec(sdev->model, &cmd);
	if (err)
		return err;
	*fw = cmd.out.fw;
	return 0;
}

/* Progress, as "devlink dev flash" prints it (devlink monitor too). */
static void sfnic_fw_status(struct sfnic_dev *sdev, const char *msg,
			    unsigned long done, unsigned long total)
{
	devlink_flash_update_status_notify(sdev->devlink, msg, NULL, done,
					   total);
}

/* The user's image is refused before the device sees any of it. */
static int sfnic_fw_image_refuse(enum sfnic_fw_image_err err,
				 struct netlink_ext_ack *extack)
{
	switch (err) {
	case SFNIC_FW_IMAGE_OK:
		return 0;
	case SFNIC_FW_IMAGE_TRUNCATED:
		NL_SET_ERR_MSG_MOD(extack, "Firmware image is truncated");
		break;
	case SFNIC_FW_IMAGE_BAD_MAGIC:
		NL_SET_ERR_MSG_MOD(extack,
				   "Firmware image has a wrong magic: not an sfnic image");
		break;
	case SFNIC_FW_IMAGE_BAD_FORMAT:
		NL_SET_ERR_MSG_MOD(extack,
				   "Firmware image format is not supported");
		break;
	case SFNIC_FW_IMAGE_BAD_LENGTH:
		NL_SET_ERR_MSG_MOD(extack,
				   "Firmware image payload is empty or too large");
		break;
	case SFNIC_FW_IMAGE_TRAILING:
		NL_SET_ERR_MSG_MOD(extack,
				   "Firmware image has bytes after its payload");
		break;
	case SFNIC_FW_IMAGE_BAD_CRC:
		NL_SET_ERR_MSG_MOD(extack,
				   "Firmware image checksum mismatch");
		break;
	}
	return -EINVAL;
}

/**
 * sfnic_fw_flash() - write a firmware image into the device's flash
 * @sdev: the NIC; its instance lock held: one flash at a time
 * @data: the image, as the user gave it; nothing in it is trusted
 * @size: its size
 * @extack: for the user's error message, or NULL
 *
 * Checks the image, then writes it to the device in chunks of
 * %SFNIC_FW_CHUNK_SIZE and has the device verify and store it. The new
 * image runs after a fw_activate reload. On failure, whatever the step,
 * the device's stored image is the one it had and the device holds no
 * part of the new one.
 *
 * Return: 0 or a negative errno.
 */
int sfnic_fw_flash(struct sfnic_dev *sdev, const u8 *data, size_t size,
		   struct netlink_ext_ack *extack)
{
	struct sfnic_cmd cmd = { .op = SFNIC_CMD_FW_BEGIN };
	char version[sizeof(sdev->fw.fw_version)] = "";
	size_t off = 0, len;
	int err;

	devl_assert_locked(sdev->devlink);
	/* Bounded first: the sizes below fit in a u32. */
	if (size > SFNIC_FW_IMAGE_MAX_SIZE) {
		NL_SET_ERR_MSG_MOD(extack, "Firmware image is too large");
		return -EFBIG;
	}
	err = sfnic_fw_image_refuse(sfnic_fw_image_check(data, size, version,
							 sizeof(version)),
				    extack);
	if (err)
		return err;

	/* As mlxfw: the file checked, the device's part begins. */
	sfnic_fw_status(sdev, "Preparing to flash", 0, 0);
	cmd.in.fw_begin.size = size;
	err = sfnic_cmd_exec(sdev->model, &cmd);
	if (err) {
		NL_SET_ERR_MSG_MOD(extack, "Device failed to start the flash");
		goto err_abort;
	}
	for (off = 0; off < size; off += len) {
		len = min_t(size_t, size - off, SFNIC_FW_CHUNK_SIZE);
		sfnic_fw_status(sdev, "Flashing", off, size);
		cmd = (struct sfnic_cmd) {
			.op = SFNIC_CMD_FW_WRITE,
			.in.fw_write.offset = off,
			.in.fw_write.len = len,
			.in.fw_write.data = data + off,
		};
		err = sfnic_cmd_exec(sdev->model, &cmd);
		if (err) {
			NL_SET_ERR_MSG_MOD(extack,
					   "Device failed to write the firmware image");
			goto err_abort;
		}
	}
	sfnic_fw_status(sdev, "Flashing", size, size);

	sfnic_fw_status(sdev, "Verifying", 0, 0);
	cmd = (struct sfnic_cmd) { .op = SFNIC_CMD_FW_COMMIT };
	err = sfnic_cmd_exec(sdev->model, &cmd);
	if (err) {
		NL_SET_ERR_MSG_MOD(extack,
				   "Device failed to verify and store the firmware image");
		goto err_abort;
	}
	sfnic_fw_status(sdev, "Flash done", 0, 0);
	dev_info(sdev->dev, "firmware %s flashed; a fw_activate reload runs it\n",
		 version);
	return 0;

err_abort:
	dev_err(sdev->dev, "firmware flash of %s failed at %s, byte %zu of %zu: %d\n",
		version, sfnic_model_cmd_name(cmd.op), off, size, err);
	cmd = (struct sfnic_cmd) { .op = SFNIC_CMD_FW_ABORT };
	sfnic_cmd_exec_teardown(sdev->model, &cmd, sdev->dev);
	return err;
}

/**
 * sfnic_fw_activate() - run the stored firmware image (fw_activate)
 * @sdev: the NIC, unloaded by a reload; its instance lock held
 * @extack: for the user's error message
 *
 * The device runs its stored image; the running version every sfnic
 * netdev reports (ethtool -i reads &sfnic_dev.fw under RTNL) becomes the
 * stored one. On failure the running version is the one it was.
 *
 * Return: 0 or a negative errno.
 */
int sfnic_fw_activate(struct sfnic_dev *sdev, struct netlink_ext_ack *extack)
{
	struct sfnic_cmd cmd = { .op = SFNIC_CMD_FW_ACTIVATE };
	const struct sfnic_fw_info *fw = &cmd.out.fw;
	int err;

	devl_assert_locked(sdev->devlink);
	err = sfnic_cmd_exec(sdev->model, &cmd);
	if (err) {
		NL_SET_ERR_MSG_MOD(extack,
				   "Device failed to activate the stored firmware");
		dev_err(sdev->dev, "failed to activate the stored firmware: %d\n",
			err);
		return err;
	}
	rtnl_lock();
	strscpy(sdev->fw.fw_version, fw->fw_version,
		sizeof(sdev->fw.fw_version));
	rtnl_unlock();
	dev_info(sdev->dev, "firmware %s running\n", fw->fw_version);
	return 0;
}
