// SPDX-License-Identifier: GPL-2.0
/*
 * sfnic_vpci: the PCI presentation of a virtio function to a VFIO user:
 * config space, BARs and the virtio structures in them.
 *
 * Regions, numbered as vfio-pci numbers them:
 *
 * - config: 256 bytes, type 0 header, vendor 0x1af4, device 0x1040 + the
 *   virtio device id (0x1041 for a network device), revision 1; the
 *   capabilities: virtio common, ISR, device and notify structures, then
 *   MSI-X with %SFNIC_VPCI_NR_VECTORS vectors. No INTx, no MSI.
 * - BAR0: 16 KiB, 32-bit memory: common configuration at 0x0000, ISR at
 *   0x1000, device configuration at 0x2000, notifications at 0x3000
 *   (queue_notify_off = queue index, multiplier 4).
 * - BAR1: 4 KiB, 32-bit memory: the MSI-X table at 0, the PBA at 0x800.
 *
 * Accesses follow vfio-pci's rules for a physical function
 * (drivers/vfio/pci/vfio_pci_rdwr.c, vfio_pci_config.c): any offset and
 * count, done in naturally aligned chunks of 4, 2 and 1 bytes; a BAR
 * access stops at the end of the BAR and fails past it (-EINVAL), a config
 * space access running past its end fails (-EFAULT). A register is written
 * only by an access of its own width, as the virtio spec has drivers do.
 */

#include <asm/unaligned.h>
#include <linux/mdevc.h>
#include <linux/pci_ids.h>
#include <linux/pci_regs.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <linux/vfio.h>
#include <linux/virtio_config.h>
#include <linux/virtio_pci.h>

#include "vfio_pci_priv.h"

#define VPCI_VENDOR		0x1af4
#define VPCI_DEVICE_BASE	0x1040
#define VPCI_SUBSYS		0x0040	/* non-transitional: >= 0x40 */

#define VPCI_COMMON_OFF		0x0000
#define VPCI_COMMON_LEN		sizeof(struct virtio_pci_common_cfg)
#define VPCI_ISR_OFF		0x1000
#define VPCI_DEVICE_OFF		0x2000
#define VPCI_DEVICE_MAX		0x1000
#define VPCI_NOTIFY_OFF		0x3000
#define VPCI_NOTIFY_MULT	4

/* Capabilities in config space */
#define VPCI_CAP_COMMON		0x40
#define VPCI_CAP_ISR		0x50
#define VPCI_CAP_DEVICE		0x60
#define VPCI_CAP_NOTIFY		0x70
#define VPCI_CAP_MSIX		0x84

/* Bits of the config space the user may change */
static const struct {
	u16 off;
	u8 len;
	u32 mask;
} sfnic_vpci_config_wmask[] = {
	{ PCI_COMMAND, 2, PCI_COMMAND_MEMORY | PCI_COMMAND_MASTER |
			  PCI_COMMAND_INTX_DISABLE },
	{ PCI_BASE_ADDRESS_0, 4, ~(SFNIC_VPCI_BAR0_SIZE - 1) },
	{ PCI_BASE_ADDRESS_1, 4, ~(SFNIC_VPCI_BAR1_SIZE - 1) },
	{ PCI_INTERRUPT_LINE, 1, 0xff },
	{ VPCI_CAP_MSIX + PCI_MSIX_FLAGS, 2,
	  PCI_MSIX_FLAGS_ENABLE | PCI_MSIX_FLAGS_MASKALL },
};

static void sfnic_vpci_put_cap(struct sfnic_vpci *vp, u8 pos, u8 next,
			       u8 type, u32 offset, u32 length, u8 cap_len)
{
	struct virtio_pci_cap cap = {
		.cap_vndr	= PCI_CAP_ID_VNDR,
		.cap_next	= next,
		.cap_len	= cap_len,
		.cfg_type	= type,
		.bar		= 0,
		.offset		= cpu_to_le32(offset),
		.length		= cpu_to_le32(length),
	};

	memcpy(&vp->config[pos], &cap, sizeof(cap));
}

static u32 sfnic_vpci_device_cfg_len(struct sfnic_vpci *vp)
{
	return min_t(size_t, vp->vops->get_config_size(vp->mdev),
		     VPCI_DEVICE_MAX);
}

static void sfnic_vpci_config_init(struct sfnic_vpci *vp)
{
	u8 *c = vp->config;

	memset(c, 0, sizeof(vp->config));
	put_unaligned_le16(VPCI_VENDOR, c + PCI_VENDOR_ID);
	put_unaligned_le16(VPCI_DEVICE_BASE +
			   vp->vops->get_device_id(vp->mdev),
			   c + PCI_DEVICE_ID);
	put_unaligned_le16(PCI_STATUS_CAP_LIST, c + PCI_STATUS);
	c[PCI_REVISION_ID] = 1;		/* modern */
	put_unaligned_le16(PCI_CLASS_NETWORK_ETHERNET, c + PCI_CLASS_DEVICE);
	put_unaligned_le32(PCI_BASE_ADDRESS_MEM_TYPE_32,
			   c + PCI_BASE_ADDRESS_0);
	put_unaligned_le32(PCI_BASE_ADDRESS_MEM_TYPE_32,
			   c + PCI_BASE_ADDRESS_1);
	put_unaligned_le16(VPCI_VENDOR, c + PCI_SUBSYSTEM_VENDOR_ID);
	put_unaligned_le16(VPCI_SUBSYS, c + PCI_SUBSYSTEM_ID);
	c[PCI_CAPABILITY_LIST] = VPCI_CAP_COMMON;

	sfnic_vpci_put_cap(vp, VPCI_CAP_COMMON, VPCI_CAP_ISR,
			   VIRTIO_PCI_CAP_COMMON_CFG, VPCI_COMMON_OFF,
			   VPCI_COMMON_LEN, sizeof(struct virtio_pci_cap));
	sfnic_vpci_put_cap(vp, VPCI_CAP_ISR, VPCI_CAP_DEVICE,
			   VIRTIO_PCI_CAP_ISR_CFG, VPCI_ISR_OFF, 1,
			   sizeof(struct virtio_pci_cap));
	sfnic_vpci_put_cap(vp, VPCI_CAP_DEVICE, VPCI_CAP_NOTIFY,
			   VIRTIO_PCI_CAP_DEVICE_CFG, VPCI_DEVICE_OFF,
			   sfnic_vpci_device_cfg_len(vp),
			   sizeof(struct virtio_pci_cap));
	sfnic_vpci_put_cap(vp, VPCI_CAP_NOTIFY, VPCI_CAP_MSIX,
			   VIRTIO_PCI_CAP_NOTIFY_CFG, VPCI_NOTIFY_OFF,
			   vp->nvqs * VPCI_NOTIFY_MULT,
			   sizeof(struct virtio_pci_notify_cap));
	put_unaligned_le32(VPCI_NOTIFY_MULT, c + VPCI_CAP_NOTIFY +
			   offsetof(struct virtio_pci_notify_cap,
				    notify_off_multiplier));

	c[VPCI_CAP_MSIX] = PCI_CAP_ID_MSIX;
	c[VPCI_CAP_MSIX + PCI_CAP_LIST_NEXT] = 0;
	put_unaligned_le16(SFNIC_VPCI_NR_VECTORS - 1,
			   c + VPCI_CAP_MSIX + PCI_MSIX_FLAGS);
	put_unaligned_le32(1, c + VPCI_CAP_MSIX + PCI_MSIX_TABLE);
	put_unaligned_le32(SFNIC_VPCI_PBA_OFF | 1,
			   c + VPCI_CAP_MSIX + PCI_MSIX_PBA);
}

static void sfnic_vpci_config_write(struct sfnic_vpci *vp, unsigned int off,
				    const u8 *buf, size_t count)
{
	unsigned int i, j;

	for (i = 0; i < count; i++, off++) {
		u8 mask = 0;

		for (j = 0; j < ARRAY_SIZE(sfnic_vpci_config_wmask); j++) {
			unsigned int start = sfnic_vpci_config_wmask[j].off;

			if (off >= start &&
			    off < start + sfnic_vpci_config_wmask[j].len)
				mask = sfnic_vpci_config_wmask[j].mask >>
				       (8 * (off - start));
		}
		vp->config[off] = (vp->config[off] & ~mask) | (buf[i] & mask);
	}
}

/**
 * sfnic_vpci_reset() - reset the function as a virtio device
 * @vp: the function, its lock held
 *
 * The engine stops its queues and forgets them and its callbacks; no
 * callback runs and no DMA happens once this returned.
 */
void sfnic_vpci_reset(struct sfnic_vpci *vp)
{
	unsigned int i;

	lockdep_assert_held(&vp->lock);
	vp->vops->reset(vp->mdev);
	vp->dfeat_sel = 0;
	vp->gfeat_sel = 0;
	vp->features = 0;
	WRITE_ONCE(vp->msix_config, VIRTIO_MSI_NO_VECTOR);
	vp->queue_sel = 0;
	for (i = 0; i < SFNIC_VPCI_MAX_VQS; i++) {
		struct sfnic_vpci_vq *vq = &vp->vqs[i];

		vq->size = vp->vops->get_vq_num_max(vp->mdev);
		WRITE_ONCE(vq->msix_vector, VIRTIO_MSI_NO_VECTOR);
		vq->desc = 0;
		vq->avail = 0;
		vq->used = 0;
	}
	atomic_set(&vp->isr, 0);
}

/* BAR0: the common configuration */

#define COMMON(field)	offsetof(struct virtio_pci_common_cfg, field)

/* The width of the common configuration field at @off, 0 if none */
static unsigned int sfnic_vpci_common_width(unsigned int off)
{
	static const u8 width[VPCI_COMMON_LEN] = {
		[COMMON(device_feature_select)] = 4,
		[COMMON(device_feature)] = 4,
		[COMMON(guest_feature_select)] = 4,
		[COMMON(guest_feature)] = 4,
		[COMMON(msix_config)] = 2,
		[COMMON(num_queues)] = 2,
		[COMMON(device_status)] = 1,
		[COMMON(config_generation)] = 1,
		[COMMON(queue_select)] = 2,
		[COMMON(queue_size)] = 2,
		[COMMON(queue_msix_vector)] = 2,
		[COMMON(queue_enable)] = 2,
		[COMMON(queue_notify_off)] = 2,
		[COMMON(queue_desc_lo)] = 4,
		[COMMON(queue_desc_hi)] = 4,
		[COMMON(queue_avail_lo)] = 4,
		[COMMON(queue_avail_hi)] = 4,
		[COMMON(queue_used_lo)] = 4,
		[COMMON(queue_used_hi)] = 4,
	};

	return off < VPCI_COMMON_LEN ? width[off] : 0;
}

static struct sfnic_vpci_vq *sfnic_vpci_cur_vq(struct sfnic_vpci *vp)
{
	return vp->queue_sel < vp->nvqs ? &vp->vqs[vp->queue_sel] : NULL;
}

static u32 sfnic_vpci_half(u64 v, bool hi)
{
	return hi ? upper_32_bits(v) : lower_32_bits(v);
}

static void sfnic_vpci_set_half(u64 *v, bool hi, u32 val)
{
	if (hi)
		*v = (*v & 0xffffffffULL) | ((u64)val << 32);
	else
		*v = (*v & ~0xffffffffULL) | val;
}

static u32 sfnic_vpci_common_read(struct sfnic_vpci *vp, unsigned int off)
{
	struct sfnic_vpci_vq *vq = sfnic_vpci_cur_vq(vp);
	struct mdevc_device *mdev = vp->mdev;

	switch (off) {
	case COMMON(device_feature_select):
		return vp->dfeat_sel;
	case COMMON(device_feature):
		if (vp->dfeat_sel >= 2)
			return 0;
		return sfnic_vpci_half(vp->vops->get_device_features(mdev),
				       vp->dfeat_sel);
	case COMMON(guest_feature_select):
		return vp->gfeat_sel;
	case COMMON(guest_feature):
		return vp->gfeat_sel < 2 ?
		       sfnic_vpci_half(vp->features, vp->gfeat_sel) : 0;
	case COMMON(msix_config):
		return vp->msix_config;
	case COMMON(num_queues):
		return vp->nvqs;
	case COMMON(device_status):
		return vp->vops->get_status(mdev);
	case COMMON(config_generation):
		return vp->vops->get_generation ?
		       vp->vops->get_generation(mdev) : 0;
	case COMMON(queue_select):
		return vp->queue_sel;
	}

	if (!vq)	/* a queue that does not exist reads as 0 */
		return off == COMMON(queue_msix_vector) ?
		       VIRTIO_MSI_NO_VECTOR : 0;
	switch (off) {
	case COMMON(queue_size):
		return vq->size;
	case COMMON(queue_msix_vector):
		return vq->msix_vector;
	case COMMON(queue_enable):
		return vp->vops->get_vq_ready(mdev, vq->index);
	case COMMON(queue_notify_off):
		return vq->index;
	case COMMON(queue_desc_lo):
	case COMMON(queue_desc_hi):
		return sfnic_vpci_half(vq->desc, off == COMMON(queue_desc_hi));
	case COMMON(queue_avail_lo):
	case COMMON(queue_avail_hi):
		return sfnic_vpci_half(vq->avail,
				       off == COMMON(queue_avail_hi));
	default:
		return sfnic_vpci_half(vq->used, off == COMMON(queue_used_hi));
	}
}

static u16 sfnic_vpci_vector(u32 vector)
{
	return vector < SFNIC_VPCI_NR_VECTORS ? vector : VIRTIO_MSI_NO_VECTOR;
}

static void sfnic_vpci_set_status(struct sfnic_vpci *vp, u8 status)
{
	if (!status) {
		sfnic_vpci_reset(vp);
		return;
	}
	/* The engine forgets its callbacks at reset: give them again */
	if (status & VIRTIO_CONFIG_S_DRIVER_OK)
		sfnic_vpci_set_callbacks(vp);
	vp->vops->set_status(vp->mdev, status);
}

static void sfnic_vpci_queue_enable(struct sfnic_vpci *vp,
				    struct sfnic_vpci_vq *vq)
{
	struct mdevc_device *mdev = vp->mdev;

	vp->vops->set_vq_num(mdev, vq->index, vq->size);
	if (vp->vops->set_vq_address(mdev, vq->index, vq->desc, vq->avail,
				     vq->used))
		return;
	vp->vops->set_vq_ready(mdev, vq->index, true);
}

static void sfnic_vpci_common_write(struct sfnic_vpci *vp, unsigned int off,
				    u32 val)
{
	struct sfnic_vpci_vq *vq = sfnic_vpci_cur_vq(vp);
	struct mdevc_device *mdev = vp->mdev;

	switch (off) {
	case COMMON(device_feature_select):
		vp->dfeat_sel = val;
		return;
	case COMMON(guest_feature_select):
		vp->gfeat_sel = val;
		return;
	case COMMON(guest_feature):
		/* Fixed once the device accepted them */
		if (vp->gfeat_sel < 2 && !(vp->vops->get_status(mdev) &
					   VIRTIO_CONFIG_S_FEATURES_OK)) {
			sfnic_vpci_set_half(&vp->features, vp->gfeat_sel, val);
			vp->vops->set_driver_features(mdev, vp->features);
		}
		return;
	case COMMON(msix_config):
		WRITE_ONCE(vp->msix_config, sfnic_vpci_vector(val));
		return;
	case COMMON(device_status):
		sfnic_vpci_set_status(vp, val);
		return;
	case COMMON(queue_select):
		vp->queue_sel = val;
		return;
	}

	/* Queue registers: ignored for a queue that is missing or enabled,
	 * and once the driver set DRIVER_OK: it sets its queues up before
	 * (virtio 1.1, 3.1.1), and the engine runs the queues enabled then.
	 */
	if (!vq)
		return;
	if (vp->vops->get_status(mdev) & VIRTIO_CONFIG_S_DRIVER_OK) {
		dev_warn_ratelimited(mdevc_dev(mdev),
				     "queue %u: register 0x%x written after DRIVER_OK: ignored\n",
				     vq->index, off);
		return;
	}
	if (vp->vops->get_vq_ready(mdev, vq->index))
		return;
	switch (off) {
	case COMMON(queue_size):
		if (val && val <= vp->vops->get_vq_num_max(mdev) &&
		    is_power_of_2(val))
			vq->size = val;
		break;
	case COMMON(queue_msix_vector):
		WRITE_ONCE(vq->msix_vector, sfnic_vpci_vector(val));
		break;
	case COMMON(queue_enable):
		if (val == 1)
			sfnic_vpci_queue_enable(vp, vq);
		break;
	case COMMON(queue_desc_lo):
	case COMMON(queue_desc_hi):
		sfnic_vpci_set_half(&vq->desc, off == COMMON(queue_desc_hi),
				    val);
		break;
	case COMMON(queue_avail_lo):
	case COMMON(queue_avail_hi):
		sfnic_vpci_set_half(&vq->avail, off == COMMON(queue_avail_hi),
				    val);
		break;
	case COMMON(queue_used_lo):
	case COMMON(queue_used_hi):
		sfnic_vpci_set_half(&vq->used, off == COMMON(queue_used_hi),
				    val);
		break;
	}
}

/* BAR0 */

static bool sfnic_vpci_is_notify(struct sfnic_vpci *vp, unsigned int off)
{
	return off >= VPCI_NOTIFY_OFF &&
	       off < VPCI_NOTIFY_OFF + vp->nvqs * VPCI_NOTIFY_MULT;
}

/* The bytes of the common configuration a chunk covers, taken from the
 * registers they belong to; bytes of no register read as 0. Reading the
 * common configuration has no side effect.
 */
static u32 sfnic_vpci_common_read_chunk(struct sfnic_vpci *vp,
					unsigned int off, unsigned int len)
{
	unsigned int reg, width, i;
	u32 val = 0, v;

	for (reg = 0; reg < VPCI_COMMON_LEN; reg++) {
		width = sfnic_vpci_common_width(reg);
		if (!width || reg + width <= off || reg >= off + len)
			continue;
		v = sfnic_vpci_common_read(vp, reg);
		for (i = max(reg, off); i < min(reg + width, off + len); i++)
			val |= ((v >> (8 * (i - reg))) & 0xff) <<
			       (8 * (i - off));
	}
	return val;
}

/* One chunk of BAR0: @len is 1, 2 or 4 and @off a multiple of it */
static void sfnic_vpci_bar0_read(struct sfnic_vpci *vp, unsigned int off,
				 u8 *buf, unsigned int len)
{
	u32 dlen = sfnic_vpci_device_cfg_len(vp);

	if (off < VPCI_COMMON_OFF + VPCI_COMMON_LEN) {
		put_unaligned_le32(sfnic_vpci_common_read_chunk(vp, off, len),
				   buf);
	} else if (off == VPCI_ISR_OFF) {
		/* Reading the ISR clears it, whatever the width */
		buf[0] = atomic_xchg(&vp->isr, 0);
	} else if (off >= VPCI_DEVICE_OFF && off - VPCI_DEVICE_OFF < dlen) {
		vp->vops->get_config(vp->mdev, off - VPCI_DEVICE_OFF, buf,
				     min(len, dlen - (off - VPCI_DEVICE_OFF)));
	}
	/* Notifications and the space between the structures read as 0 */
}

/* The value of a little-endian chunk of @len (1, 2 or 4) bytes: only the
 * bytes the user wrote, never the rest of the chunk buffer.
 */
static u32 sfnic_vpci_chunk_val(const u8 *buf, unsigned int len)
{
	switch (len) {
	case 1:
		return buf[0];
	case 2:
		return get_unaligned_le16(buf);
	default:
		return get_unaligned_le32(buf);
	}
}

static void sfnic_vpci_bar0_write(struct sfnic_vpci *vp, unsigned int off,
				  const u8 *buf, unsigned int len)
{
	if (off < VPCI_COMMON_OFF + VPCI_COMMON_LEN) {
		/* A register is written by an access of its own width only */
		if (sfnic_vpci_common_width(off) == len)
			sfnic_vpci_common_write(vp, off,
						sfnic_vpci_chunk_val(buf, len));
	} else if (sfnic_vpci_is_notify(vp, off)) {
		/* The queue is the one of the address (notify_off = index) */
		vp->vops->kick_vq(vp->mdev,
				  (off - VPCI_NOTIFY_OFF) / VPCI_NOTIFY_MULT);
	}
	/* The ISR and the device configuration are read-only */
}

/* Region accesses */

/**
 * sfnic_vpci_region_size() - size of a region of the function
 * @index: a vfio-pci region index
 *
 * Return: the size in bytes, 0 for a region the function lacks.
 */
u64 sfnic_vpci_region_size(unsigned int index)
{
	switch (index) {
	case VFIO_PCI_CONFIG_REGION_INDEX:
		return SFNIC_VPCI_CONFIG_SIZE;
	case VFIO_PCI_BAR0_REGION_INDEX:
		return SFNIC_VPCI_BAR0_SIZE;
	case VFIO_PCI_BAR1_REGION_INDEX:
		return SFNIC_VPCI_BAR1_SIZE;
	default:
		return 0;
	}
}

/* Checks an access as vfio-pci does (vfio_pci_rw(), vfio_pci_config_rw(),
 * vfio_pci_bar_rw()) and returns its region index and offset, and its
 * count cut at the end of a BAR. Returns 0 or a negative errno.
 */
static int sfnic_vpci_access(loff_t ppos, size_t *count, unsigned int *index,
			     unsigned int *off)
{
	u64 pos, size;

	if (ppos < 0)
		return -EINVAL;
	*index = (u64)ppos >> SFNIC_VPCI_OFFSET_SHIFT;
	if (*index >= VFIO_PCI_NUM_REGIONS)
		return -EINVAL;
	pos = ppos & SFNIC_VPCI_OFFSET_MASK;
	size = sfnic_vpci_region_size(*index);

	if (*index == VFIO_PCI_CONFIG_REGION_INDEX) {
		/* Any part past the end fails the whole access */
		if (*count && (pos >= size || *count > size - pos))
			return -EFAULT;
	} else {
		/* A region the function lacks (a BAR, the ROM, VGA) has
		 * size 0. An access past the end of a BAR fails, one
		 * running over it is cut.
		 */
		if (pos >= size)
			return -EINVAL;
		*count = min_t(u64, *count, size - pos);
	}
	*off = pos;
	return 0;
}

/* The size of the next chunk of an access: vfio-pci's do_io_rw() order */
static unsigned int sfnic_vpci_chunk(unsigned int off, size_t count)
{
	if (count >= 4 && IS_ALIGNED(off, 4))
		return 4;
	if (count >= 2 && IS_ALIGNED(off, 2))
		return 2;
	return 1;
}

/* One chunk of a region, @vp->lock held */
static void sfnic_vpci_read_chunk(struct sfnic_vpci *vp, unsigned int index,
				  unsigned int off, u8 *buf, unsigned int len)
{
	memset(buf, 0, len);
	switch (index) {
	case VFIO_PCI_CONFIG_REGION_INDEX:
		memcpy(buf, vp->config + off, len);
		break;
	case VFIO_PCI_BAR0_REGION_INDEX:
		sfnic_vpci_bar0_read(vp, off, buf, len);
		break;
	case VFIO_PCI_BAR1_REGION_INDEX:
		memcpy(buf, vp->msix + off, len);
		break;
	}
}

static void sfnic_vpci_write_chunk(struct sfnic_vpci *vp, unsigned int index,
				   unsigned int off, const u8 *buf,
				   unsigned int len)
{
	switch (index) {
	case VFIO_PCI_CONFIG_REGION_INDEX:
		sfnic_vpci_config_write(vp, off, buf, len);
		break;
	case VFIO_PCI_BAR0_REGION_INDEX:
		sfnic_vpci_bar0_write(vp, off, buf, len);
		break;
	case VFIO_PCI_BAR1_REGION_INDEX:
		/* The MSI-X table is memory, the PBA read-only */
		if (off < SFNIC_VPCI_PBA_OFF)
			memcpy(vp->msix + off, buf, len);
		break;
	}
}

/* A region access is done as vfio-pci does it on a physical function: in
 * naturally aligned chunks of 4, 2 and 1 bytes, each one an access of the
 * register file under @vp->lock, the user's buffer copied outside it.
 */
static ssize_t sfnic_vpci_rw(struct sfnic_vpci *vp, char __user *ubuf,
			     size_t count, loff_t *ppos, bool write)
{
	unsigned int index, off, len;
	size_t done;
	u8 buf[4];
	int err;

	err = sfnic_vpci_access(*ppos, &count, &index, &off);
	if (err)
		return err;

	for (done = 0; done < count; done += len) {
		len = sfnic_vpci_chunk(off + done, count - done);
		if (write) {
			if (copy_from_user(buf, ubuf + done, len))
				return -EFAULT;
			mutex_lock(&vp->lock);
			sfnic_vpci_write_chunk(vp, index, off + done, buf, len);
			mutex_unlock(&vp->lock);
		} else {
			mutex_lock(&vp->lock);
			sfnic_vpci_read_chunk(vp, index, off + done, buf, len);
			mutex_unlock(&vp->lock);
			if (copy_to_user(ubuf + done, buf, len))
				return -EFAULT;
		}
	}
	*ppos += done;
	return done;
}

/**
 * sfnic_vpci_read() - &mdevc_vfio_ops.read of the function
 * @vp: the function
 * @buf: user buffer
 * @count: bytes to read
 * @ppos: region and offset
 *
 * Any offset and count, as on a function vfio-pci drives: a BAR is read in
 * naturally aligned chunks of 4, 2 and 1 bytes, and the read stops at the
 * end of the BAR. Each chunk reads the bytes it covers of the registers.
 *
 * Return: the bytes read, -EINVAL for a region the function lacks or an
 * offset past the end of a BAR, -EFAULT for a config space access running
 * past its end or a bad @buf.
 */
ssize_t sfnic_vpci_read(struct sfnic_vpci *vp, char __user *buf,
			size_t count, loff_t *ppos)
{
	return sfnic_vpci_rw(vp, buf, count, ppos, false);
}

/**
 * sfnic_vpci_write() - &mdevc_vfio_ops.write of the function
 * @vp: the function
 * @buf: user buffer
 * @count: bytes to write
 * @ppos: region and offset
 *
 * As sfnic_vpci_read(). A chunk writes a register of BAR0 only if it is
 * exactly that register, of its width: other writes are dropped, as are
 * writes to read-only registers (the ISR, the device configuration, the
 * PBA) and read-only bits of the config space, as on hardware.
 *
 * Return: the bytes written, or an errno as for sfnic_vpci_read().
 */
ssize_t sfnic_vpci_write(struct sfnic_vpci *vp, const char __user *buf,
			 size_t count, loff_t *ppos)
{
	return sfnic_vpci_rw(vp, (char __user *)buf, count, ppos, true);
}

/**
 * sfnic_vpci_open() - &mdevc_vfio_ops.open_device of the function
 * @vp: the function
 *
 * The user finds the function as after a PCI reset.
 *
 * Return: 0.
 */
int sfnic_vpci_open(struct sfnic_vpci *vp)
{
	mutex_lock(&vp->lock);
	sfnic_vpci_config_init(vp);
	memset(vp->msix, 0, sizeof(vp->msix));
	sfnic_vpci_reset(vp);
	mutex_unlock(&vp->lock);
	return 0;
}

/**
 * sfnic_vpci_close() - &mdevc_vfio_ops.close_device of the function
 * @vp: the function
 *
 * Resets the engine: once this returns the function no longer touches
 * the user's memory, and holds none of the user's eventfds.
 */
void sfnic_vpci_close(struct sfnic_vpci *vp)
{
	mutex_lock(&vp->lock);
	sfnic_vpci_reset(vp);
	mutex_unlock(&vp->lock);
	sfnic_vpci_put_triggers(vp);
}

/**
 * sfnic_vpci_create() - present a virtio engine as a virtio PCI function
 * @mdev: the vfio class mediated device presenting it; the engine's
 *	@vops find the engine from it
 * @vops: the engine's ops
 * @nvqs: the engine's virtqueues, at most %SFNIC_VPCI_MAX_VQS, none of
 *	them a queue whose kick makes the engine access memory in atomic
 *	context (sfnic_vpci_mem_ops may sleep)
 *
 * Return: the function, or an ERR_PTR().
 */
struct sfnic_vpci *sfnic_vpci_create(struct mdevc_device *mdev,
				     const struct mdevc_virtio_ops *vops,
				     u16 nvqs)
{
	struct sfnic_vpci *vp;
	unsigned int i;

	if (!nvqs || nvqs > SFNIC_VPCI_MAX_VQS)
		return ERR_PTR(-EINVAL);
	vp = kzalloc(sizeof(*vp), GFP_KERNEL);
	if (!vp)
		return ERR_PTR(-ENOMEM);
	vp->mdev = mdev;
	vp->vops = vops;
	vp->nvqs = nvqs;
	mutex_init(&vp->lock);
	spin_lock_init(&vp->irq_lock);
	for (i = 0; i < SFNIC_VPCI_MAX_VQS; i++) {
		vp->vqs[i].vp = vp;
		vp->vqs[i].index = i;
	}
	return vp;
}

/**
 * sfnic_vpci_destroy() - free a function made by sfnic_vpci_create()
 * @vp: the function, closed
 */
void sfnic_vpci_destroy(struct sfnic_vpci *vp)
{
	mutex_destroy(&vp->lock);
	kfree(vp);
}
