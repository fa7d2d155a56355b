// SPDX-License-Identifier: GPL-2.0
/*
 * sfnic device model: the firmware flash. The model has a running and a
 * stored firmware version; an image is written into a staging area in
 * chunks (fw_begin, fw_write...), verified and made the stored image at
 * fw_commit, and run at fw_activate. Until fw_commit succeeds, the stored
 * image is untouched: a command failing half way (fault injection) or an
 * invalid image leaves it as it was. The image format is in model.h and
 * Documentation/sfnic-model.rst.
 */

#include <linux/crc32.h>
#include <linux/debugfs.h>
#include <linux/vmalloc.h>

#include "priv.h"

static_assert(sizeof(struct sfnic_fw_image_hdr) == 24);

/**
 * sfnic_fw_image_check() - verify a firmware image
 * @data: the image; nothing in it is trusted
 * @size: its size in bytes
 * @version: where its firmware version goes, "major.minor.sub", when it
 *	is valid
 * @len: size of @version
 *
 * The driver checks an image before it flashes it, to tell the user what
 * is wrong; the model checks it again before it stores it, as firmware
 * does. Every length is checked before anything is read past the header.
 *
 * Return: %SFNIC_FW_IMAGE_OK or what is wrong.
 */
enum sfnic_fw_image_err sfnic_fw_image_check(const u8 *data, size_t size,
					     char *version, size_t len)
{
	const size_t hlen = sizeof(struct sfnic_fw_image_hdr);
	const size_t crc_off = offsetof(struct sfnic_fw_image_hdr, format);
	struct sfnic_fw_image_hdr hdr;
	u32 payload_len, crc;

	if (size < hlen)
		return SFNIC_FW_IMAGE_TRUNCATED;
	memcpy(&hdr, data, hlen);	/* @data need not be aligned */
	if (memcmp(hdr.magic, SFNIC_FW_IMAGE_MAGIC, sizeof(hdr.magic)))
		return SFNIC_FW_IMAGE_BAD_MAGIC;
	if (le32_to_cpu(hdr.format) != SFNIC_FW_IMAGE_FORMAT || hdr.reserved)
		return SFNIC_FW_IMAGE_BAD_FORMAT;
	payload_len = le32_to_cpu(hdr.payload_len);
	if (!payload_len || payload_len > SFNIC_FW_IMAGE_MAX_PAYLOAD)
		return SFNIC_FW_IMAGE_BAD_LENGTH;
	if (size - hlen < payload_len)
		return SFNIC_FW_IMAGE_TRUNCATED;
	if (size - hlen > payload_len)
		return SFNIC_FW_IMAGE_TRAILING;
	crc = ~crc32_le(~0U, data + crc_off, size - crc_off);
	if (crc != le32_to_cpu(hdr.crc))
		return SFNIC_FW_IMAGE_BAD_CRC;
	snprintf(version, len, "%u.%u.%u", le16_to_cpu(hdr.major),
		 le16_to_cpu(hdr.minor), le16_to_cpu(hdr.sub));
	return SFNIC_FW_IMAGE_OK;
}

static void sfnic_mfw_drop(struct sfnic_model *m)
{
	vfree(m->fw_stage);
	m->fw_stage = NULL;
	m->fw_stage_size = 0;
	m->fw_staged = 0;
}

static u8 sfnic_mfw_begin(struct sfnic_model *m, struct sfnic_cmd *cmd)
{
	u32 size = cmd->in.fw_begin.size;

	if (!size || size > SFNIC_FW_IMAGE_MAX_SIZE)
		return SFNIC_STAT_BAD_PARAM;
	sfnic_mfw_drop(m);
	m->fw_stage = vmalloc(size);
	if (!m->fw_stage)
		return SFNIC_STAT_NO_RESOURCES;
	m->fw_stage_size = size;
	return SFNIC_STAT_OK;
}

static u8 sfnic_mfw_write(struct sfnic_model *m, struct sfnic_cmd *cmd)
{
	u32 off = cmd->in.fw_write.offset, len = cmd->in.fw_write.len;

	if (!m->fw_stage)
		return SFNIC_STAT_BAD_STATE;
	/* In order, without overlap: fw_staged <= fw_stage_size. */
	if (off != m->fw_staged || !len || len > SFNIC_FW_CHUNK_SIZE ||
	    len > m->fw_stage_size - off || !cmd->in.fw_write.data)
		return SFNIC_STAT_BAD_PARAM;
	memcpy(m->fw_stage + off, cmd->in.fw_write.data, len);
	m->fw_staged += len;
	return SFNIC_STAT_OK;
}

static u8 sfnic_mfw_commit(struct sfnic_model *m, struct sfnic_cmd *cmd)
{
	char version[sizeof(m->fw.stored_version)];
	enum sfnic_fw_image_err err;

	if (!m->fw_stage || m->fw_staged != m->fw_stage_size)
		return SFNIC_STAT_BAD_STATE;
	err = sfnic_fw_image_check(m->fw_stage, m->fw_stage_size, version,
				   sizeof(version));
	sfnic_mfw_drop(m);
	if (err != SFNIC_FW_IMAGE_OK) {
		cmd->syndrome = SFNIC_SYND_FW_IMAGE | err;
		return SFNIC_STAT_BAD_PARAM;
	}
	strscpy(m->fw.stored_version, version, sizeof(m->fw.stored_version));
	dev_dbg(m->dev, "model: firmware %s stored\n", version);
	return SFNIC_STAT_OK;
}

/* The firmware commands; model lock held. */
u8 sfnic_mcmd_fw(struct sfnic_model *m, struct sfnic_cmd *cmd)
{
	switch (cmd->op) {
	case SFNIC_CMD_FW_BEGIN:
		return sfnic_mfw_begin(m, cmd);
	case SFNIC_CMD_FW_WRITE:
		return sfnic_mfw_write(m, cmd);
	case SFNIC_CMD_FW_COMMIT:
		return sfnic_mfw_commit(m, cmd);
	case SFNIC_CMD_FW_ABORT:
		sfnic_mfw_drop(m);
		return SFNIC_STAT_OK;
	case SFNIC_CMD_FW_ACTIVATE:
		strscpy(m->fw.fw_version, m->fw.stored_version,
			sizeof(m->fw.fw_version));
		cmd->out.fw = m->fw;
		dev_dbg(m->dev, "model: firmware %s running\n",
			m->fw.fw_version);
		return SFNIC_STAT_OK;
	default:
		return SFNIC_STAT_BAD_PARAM;
	}
}

/* debugfs model/fw: running and stored versions, and the image being
 * written ("staging 4096/65560", or "staging none").
 */
static int sfnic_mfw_show(struct seq_file *s, void *unused)
{
	struct sfnic_model *m = s->private;

	mutex_lock(&m->lock);
	seq_printf(s, "running %s\nstored %s\npsid %s\n", m->fw.fw_version,
		   m->fw.stored_version, m->fw.psid);
	if (m->fw_stage)
		seq_printf(s, "staging %u/%u\n", m->fw_staged,
			   m->fw_stage_size);
	else
		seq_puts(s, "staging none\n");
	mutex_unlock(&m->lock);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(sfnic_mfw);

void sfnic_mfw_debugfs_init(struct sfnic_model *m)
{
	debugfs_create_file("fw", 0400, m->ddir, m, &sfnic_mfw_fops);
}

/* At power off: an image left half written goes. */
void sfnic_mfw_fini(struct sfnic_model *m)
{
	sfnic_mfw_drop(m);
}
