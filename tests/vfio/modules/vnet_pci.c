// SPDX-License-Identifier: GPL-2.0
/*
 * vnet_pci: the PCI presentation of a virtio-net function to a VFIO user.
 *
 * Regions, as vfio-pci numbers them:
 *
 * - config: 256 bytes, type 0 header, vendor 0x1af4 device 0x1041
 *   (virtio 1.x network), capabilities: virtio common, ISR, device and
 *   notify structures, then MSI-X with %VNET_PCI_NR_VECTORS vectors.
 * - BAR0: 16 KiB, 32-bit memory: common configuration at 0x0000, ISR at
 *   0x1000, the virtio_net_config at 0x2000, notifications at 0x3000
 *   (queue_notify_off = queue index, multiplier 4).
 * - BAR1: 4 KiB, 32-bit memory: the MSI-X table at 0, the PBA at 0x800.
 *
 * IRQs: MSI-X (one eventfd per vector) and the device request IRQ. There
 * is no INTx (interrupt pin 0) and no MSI.
 */

#include <asm/unaligned.h>
#include <linux/eventfd.h>
#include <linux/mdevc.h>
#include <linux/mdevc_vfio.h>
#include <linux/etherdevice.h>
#include <linux/pci_ids.h>
#include <linux/pci_regs.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <linux/vfio.h>
#include <linux/virtio_byteorder.h>
#include <linux/virtio_config.h>
#include <linux/virtio_net.h>
#include <linux/virtio_pci.h>

#include "vnet_pci.h"

#define VNET_PCI_VENDOR		0x1af4
#define VNET_PCI_DEVICE		(0x1040 + VIRTIO_ID_NET)
#define VNET_PCI_SUBSYS		0x0040	/* non-transitional: >= 0x40 */

/* Region offsets in the device fd: index << 40, as vfio-pci */
#define VNET_PCI_OFFSET_SHIFT	40
#define VNET_PCI_OFFSET_MASK	((1ULL << VNET_PCI_OFFSET_SHIFT) - 1)

#define VNET_BAR0_SIZE		0x4000
#define VNET_COMMON_OFF		0x0000
#define VNET_COMMON_LEN		sizeof(struct virtio_pci_common_cfg)
#define VNET_ISR_OFF		0x1000
#define VNET_DEVICE_OFF		0x2000
#define VNET_DEVICE_LEN		offsetofend(struct virtio_net_config, mtu)
#define VNET_NOTIFY_OFF		0x3000
#define VNET_NOTIFY_MULT	4
#define VNET_BAR1_SIZE		0x1000
#define VNET_PBA_OFF		0x800

/* Capabilities in config space */
#define VNET_CAP_COMMON		0x40
#define VNET_CAP_ISR		0x50
#define VNET_CAP_DEVICE		0x60
#define VNET_CAP_NOTIFY		0x70
#define VNET_CAP_MSIX		0x84

#define VNET_MTU		1500

static const u64 vnet_pci_features = BIT_ULL(VIRTIO_F_VERSION_1) |
				     BIT_ULL(VIRTIO_NET_F_MAC) |
				     BIT_ULL(VIRTIO_NET_F_STATUS) |
				     BIT_ULL(VIRTIO_NET_F_MTU);

/* Bits of the config space the user may change, byte by byte */
static const struct {
	u16 off;
	u8 len;
	u32 mask;
} vnet_pci_config_wmask[] = {
	{ PCI_COMMAND, 2, PCI_COMMAND_MEMORY | PCI_COMMAND_MASTER |
			  PCI_COMMAND_INTX_DISABLE },
	{ PCI_BASE_ADDRESS_0, 4, ~(VNET_BAR0_SIZE - 1) },
	{ PCI_BASE_ADDRESS_1, 4, ~(VNET_BAR1_SIZE - 1) },
	{ PCI_INTERRUPT_LINE, 1, 0xff },
	{ VNET_CAP_MSIX + PCI_MSIX_FLAGS, 2,
	  PCI_MSIX_FLAGS_ENABLE | PCI_MSIX_FLAGS_MASKALL },
};

static void vnet_put_cap(struct vnet_pci *vp, u8 pos, u8 next, u8 type,
			 u32 offset, u32 length, u8 cap_len)
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

static void vnet_pci_config_init(struct vnet_pci *vp)
{
	u8 *c = vp->config;

	memset(c, 0, sizeof(vp->config));
	put_unaligned_le16(VNET_PCI_VENDOR, c + PCI_VENDOR_ID);
	put_unaligned_le16(VNET_PCI_DEVICE, c + PCI_DEVICE_ID);
	put_unaligned_le16(PCI_STATUS_CAP_LIST, c + PCI_STATUS);
	c[PCI_REVISION_ID] = 1;		/* modern */
	put_unaligned_le16(PCI_CLASS_NETWORK_ETHERNET, c + PCI_CLASS_DEVICE);
	put_unaligned_le32(PCI_BASE_ADDRESS_MEM_TYPE_32,
			   c + PCI_BASE_ADDRESS_0);
	put_unaligned_le32(PCI_BASE_ADDRESS_MEM_TYPE_32,
			   c + PCI_BASE_ADDRESS_1);
	put_unaligned_le16(VNET_PCI_VENDOR, c + PCI_SUBSYSTEM_VENDOR_ID);
	put_unaligned_le16(VNET_PCI_SUBSYS, c + PCI_SUBSYSTEM_ID);
	c[PCI_CAPABILITY_LIST] = VNET_CAP_COMMON;

	vnet_put_cap(vp, VNET_CAP_COMMON, VNET_CAP_ISR,
		     VIRTIO_PCI_CAP_COMMON_CFG, VNET_COMMON_OFF,
		     VNET_COMMON_LEN, sizeof(struct virtio_pci_cap));
	vnet_put_cap(vp, VNET_CAP_ISR, VNET_CAP_DEVICE,
		     VIRTIO_PCI_CAP_ISR_CFG, VNET_ISR_OFF, 1,
		     sizeof(struct virtio_pci_cap));
	vnet_put_cap(vp, VNET_CAP_DEVICE, VNET_CAP_NOTIFY,
		     VIRTIO_PCI_CAP_DEVICE_CFG, VNET_DEVICE_OFF,
		     VNET_DEVICE_LEN, sizeof(struct virtio_pci_cap));
	vnet_put_cap(vp, VNET_CAP_NOTIFY, VNET_CAP_MSIX,
		     VIRTIO_PCI_CAP_NOTIFY_CFG, VNET_NOTIFY_OFF,
		     VNET_PCI_NR_VQS * VNET_NOTIFY_MULT,
		     sizeof(struct virtio_pci_notify_cap));
	put_unaligned_le32(VNET_NOTIFY_MULT, c + VNET_CAP_NOTIFY +
			   offsetof(struct virtio_pci_notify_cap,
				    notify_off_multiplier));

	c[VNET_CAP_MSIX] = PCI_CAP_ID_MSIX;
	c[VNET_CAP_MSIX + PCI_CAP_LIST_NEXT] = 0;
	put_unaligned_le16(VNET_PCI_NR_VECTORS - 1,
			   c + VNET_CAP_MSIX + PCI_MSIX_FLAGS);
	put_unaligned_le32(1, c + VNET_CAP_MSIX + PCI_MSIX_TABLE);
	put_unaligned_le32(VNET_PBA_OFF | 1, c + VNET_CAP_MSIX + PCI_MSIX_PBA);
}

/* Device reset, by the driver (status 0), VFIO_DEVICE_RESET or close */
static void vnet_pci_reset(struct vnet_pci *vp)
{
	unsigned int i;

	lockdep_assert_held(&vp->lock);
	vp->dfeat_sel = 0;
	vp->gfeat_sel = 0;
	vp->features = 0;
	vp->status = 0;
	vp->isr = 0;
	vp->msix_config = VIRTIO_MSI_NO_VECTOR;
	vp->queue_sel = 0;
	for (i = 0; i < VNET_PCI_NR_VQS; i++)
		vnet_vq_reset(&vp->vqs[i]);
	skb_queue_purge(&vp->rxq);
}

/* Config space */

static u8 vnet_pci_config_wmask_byte(unsigned int off)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(vnet_pci_config_wmask); i++) {
		unsigned int start = vnet_pci_config_wmask[i].off;

		if (off >= start && off < start + vnet_pci_config_wmask[i].len)
			return vnet_pci_config_wmask[i].mask >>
			       (8 * (off - start));
	}
	return 0;
}

static void vnet_pci_config_write(struct vnet_pci *vp, unsigned int off,
				  const u8 *buf, size_t count)
{
	size_t i;

	for (i = 0; i < count; i++) {
		u8 mask = vnet_pci_config_wmask_byte(off + i);

		vp->config[off + i] = (vp->config[off + i] & ~mask) |
				      (buf[i] & mask);
	}
}

/* BAR0: the virtio structures */

static u64 vnet_vq_addr_part(u64 addr, bool hi)
{
	return hi ? upper_32_bits(addr) : lower_32_bits(addr);
}

static void vnet_vq_set_addr_part(u64 *addr, bool hi, u32 val)
{
	if (hi)
		*addr = (*addr & 0xffffffffULL) | ((u64)val << 32);
	else
		*addr = (*addr & ~0xffffffffULL) | val;
}

#define COMMON(field)	offsetof(struct virtio_pci_common_cfg, field)
#define COMMON_SIZE(field) \
	sizeof_field(struct virtio_pci_common_cfg, field)

/* Every field at its own width only; -EINVAL otherwise */
static int vnet_common_read(struct vnet_pci *vp, unsigned int off,
			    unsigned int len, u32 *val)
{
	struct vnet_vq *vq = vp->queue_sel < VNET_PCI_NR_VQS ?
			     &vp->vqs[vp->queue_sel] : NULL;
	u32 v;

	switch (off) {
	case COMMON(device_feature_select):
		v = vp->dfeat_sel;
		break;
	case COMMON(device_feature):
		v = vp->dfeat_sel < 2 ?
		    (u32)(vnet_pci_features >> (32 * vp->dfeat_sel)) : 0;
		break;
	case COMMON(guest_feature_select):
		v = vp->gfeat_sel;
		break;
	case COMMON(guest_feature):
		v = vp->gfeat_sel < 2 ?
		    (u32)(vp->features >> (32 * vp->gfeat_sel)) : 0;
		break;
	case COMMON(msix_config):
		v = vp->msix_config;
		break;
	case COMMON(num_queues):
		v = VNET_PCI_NR_VQS;
		break;
	case COMMON(device_status):
		v = vp->status;
		break;
	case COMMON(config_generation):
		v = vp->generation;
		break;
	case COMMON(queue_select):
		v = vp->queue_sel;
		break;
	case COMMON(queue_size):
		v = vq ? vq->size : 0;
		break;
	case COMMON(queue_msix_vector):
		v = vq ? vq->msix_vector : VIRTIO_MSI_NO_VECTOR;
		break;
	case COMMON(queue_enable):
		v = vq ? vq->enabled : 0;
		break;
	case COMMON(queue_notify_off):
		v = vq ? vp->queue_sel : 0;
		break;
	case COMMON(queue_desc_lo):
	case COMMON(queue_desc_hi):
		v = vq ? vnet_vq_addr_part(vq->desc,
					   off == COMMON(queue_desc_hi)) : 0;
		break;
	case COMMON(queue_avail_lo):
	case COMMON(queue_avail_hi):
		v = vq ? vnet_vq_addr_part(vq->avail,
					   off == COMMON(queue_avail_hi)) : 0;
		break;
	case COMMON(queue_used_lo):
	case COMMON(queue_used_hi):
		v = vq ? vnet_vq_addr_part(vq->used,
					   off == COMMON(queue_used_hi)) : 0;
		break;
	default:
		return -EINVAL;
	}
	*val = v;
	return 0;
}

/* The width of the common config field at @off, 0 if none starts there */
static unsigned int vnet_common_width(unsigned int off)
{
	static const u8 width[VNET_COMMON_LEN] = {
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

	return off < VNET_COMMON_LEN ? width[off] : 0;
}

static u16 vnet_pci_vector(u16 vector)
{
	return vector < VNET_PCI_NR_VECTORS ? vector : VIRTIO_MSI_NO_VECTOR;
}

static void vnet_pci_set_status(struct vnet_pci *vp, u8 status)
{
	if (!status) {
		vnet_pci_reset(vp);
		return;
	}
	/* Features are only accepted if the driver asked for a subset */
	if ((status & VIRTIO_CONFIG_S_FEATURES_OK) &&
	    !(vp->status & VIRTIO_CONFIG_S_FEATURES_OK) &&
	    ((vp->features & ~vnet_pci_features) ||
	     !(vp->features & BIT_ULL(VIRTIO_F_VERSION_1))))
		status &= ~VIRTIO_CONFIG_S_FEATURES_OK;
	/* The device sets NEEDS_RESET; only a reset clears it */
	status &= ~VIRTIO_CONFIG_S_NEEDS_RESET;
	vp->status = status | (vp->status & VIRTIO_CONFIG_S_NEEDS_RESET);
	if (status & VIRTIO_CONFIG_S_DRIVER_OK)
		schedule_work(&vp->work);
}

static void vnet_common_write(struct vnet_pci *vp, unsigned int off, u32 val)
{
	struct vnet_vq *vq = vp->queue_sel < VNET_PCI_NR_VQS ?
			     &vp->vqs[vp->queue_sel] : NULL;
	bool locked = vp->status & VIRTIO_CONFIG_S_FEATURES_OK;

	switch (off) {
	case COMMON(device_feature_select):
		vp->dfeat_sel = val;
		return;
	case COMMON(guest_feature_select):
		vp->gfeat_sel = val;
		return;
	case COMMON(guest_feature):
		if (!locked && vp->gfeat_sel < 2) {
			unsigned int shift = 32 * vp->gfeat_sel;

			vp->features &= ~(0xffffffffULL << shift);
			vp->features |= (u64)val << shift;
		}
		return;
	case COMMON(msix_config):
		vp->msix_config = vnet_pci_vector(val);
		return;
	case COMMON(device_status):
		vnet_pci_set_status(vp, val);
		return;
	case COMMON(queue_select):
		vp->queue_sel = val;
		return;
	}

	/* Queue fields: ignored for a queue that does not exist or runs */
	if (!vq || vq->enabled)
		return;
	switch (off) {
	case COMMON(queue_size):
		if (val && val <= VNET_PCI_VQ_MAX && is_power_of_2(val))
			vq->size = val;
		break;
	case COMMON(queue_msix_vector):
		vq->msix_vector = vnet_pci_vector(val);
		break;
	case COMMON(queue_enable):
		if (val == 1 && vnet_vq_enable(vp, vq))
			vnet_pci_device_error(vp, "bad queue configuration");
		break;
	case COMMON(queue_desc_lo):
	case COMMON(queue_desc_hi):
		vnet_vq_set_addr_part(&vq->desc,
				      off == COMMON(queue_desc_hi), val);
		break;
	case COMMON(queue_avail_lo):
	case COMMON(queue_avail_hi):
		vnet_vq_set_addr_part(&vq->avail,
				      off == COMMON(queue_avail_hi), val);
		break;
	case COMMON(queue_used_lo):
	case COMMON(queue_used_hi):
		vnet_vq_set_addr_part(&vq->used,
				      off == COMMON(queue_used_hi), val);
		break;
	}
}

static void vnet_device_cfg(struct vnet_pci *vp, struct virtio_net_config *c)
{
	memset(c, 0, sizeof(*c));
	ether_addr_copy(c->mac, vp->mac);
	c->status = __cpu_to_virtio16(true, VIRTIO_NET_S_LINK_UP);
	c->max_virtqueue_pairs = __cpu_to_virtio16(true, 1);
	c->mtu = __cpu_to_virtio16(true, VNET_MTU);
}

static int vnet_bar0_read(struct vnet_pci *vp, unsigned int off, u8 *buf,
			  unsigned int len)
{
	struct virtio_net_config cfg;
	u32 val;
	int err;

	if (off < VNET_COMMON_OFF + VNET_COMMON_LEN) {
		if (vnet_common_width(off) != len)
			return -EINVAL;
		err = vnet_common_read(vp, off, len, &val);
		if (err)
			return err;
		memcpy(buf, &(__le32){ cpu_to_le32(val) }, len);
		return 0;
	}
	if (off == VNET_ISR_OFF && len == 1) {
		buf[0] = vp->isr;
		vp->isr = 0;
		return 0;
	}
	if (off >= VNET_DEVICE_OFF && off - VNET_DEVICE_OFF < VNET_DEVICE_LEN &&
	    len <= VNET_DEVICE_LEN - (off - VNET_DEVICE_OFF)) {
		vnet_device_cfg(vp, &cfg);
		memcpy(buf, (u8 *)&cfg + off - VNET_DEVICE_OFF, len);
		return 0;
	}
	if (off >= VNET_NOTIFY_OFF &&
	    off < VNET_NOTIFY_OFF + VNET_PCI_NR_VQS * VNET_NOTIFY_MULT) {
		memset(buf, 0, len);
		return 0;
	}
	return -EINVAL;
}

static int vnet_bar0_write(struct vnet_pci *vp, unsigned int off,
			   const u8 *buf, unsigned int len)
{
	u32 val = 0;

	memcpy(&val, buf, len);
	val = le32_to_cpu((__force __le32)val);

	if (off < VNET_COMMON_OFF + VNET_COMMON_LEN) {
		if (vnet_common_width(off) != len)
			return -EINVAL;
		vnet_common_write(vp, off, val);
		return 0;
	}
	if (off >= VNET_NOTIFY_OFF &&
	    off < VNET_NOTIFY_OFF + VNET_PCI_NR_VQS * VNET_NOTIFY_MULT) {
		/* A kick: the datapath looks at every enabled queue */
		if (vp->status & VIRTIO_CONFIG_S_DRIVER_OK)
			schedule_work(&vp->work);
		return 0;
	}
	/* The ISR and the device config are read-only */
	return -EINVAL;
}

/* Region accesses */

static u64 vnet_pci_region_size(unsigned int index)
{
	switch (index) {
	case VFIO_PCI_CONFIG_REGION_INDEX:
		return sizeof_field(struct vnet_pci, config);
	case VFIO_PCI_BAR0_REGION_INDEX:
		return VNET_BAR0_SIZE;
	case VFIO_PCI_BAR1_REGION_INDEX:
		return VNET_BAR1_SIZE;
	default:
		return 0;
	}
}

/*
 * Validates the access and returns the region index and offset. Config
 * space and BAR1 take any access inside them; BAR0 registers take
 * naturally aligned 1, 2 or 4 byte accesses.
 */
static int vnet_pci_access(loff_t pos, size_t count, unsigned int *index,
			   unsigned int *off)
{
	u64 upos = pos, size;

	if (pos < 0 || !count)
		return -EINVAL;
	*index = upos >> VNET_PCI_OFFSET_SHIFT;
	if (*index >= VFIO_PCI_NUM_REGIONS)
		return -EINVAL;
	size = vnet_pci_region_size(*index);
	upos &= VNET_PCI_OFFSET_MASK;
	if (upos >= size || count > size - upos)
		return -EINVAL;
	*off = upos;
	if (*index == VFIO_PCI_BAR0_REGION_INDEX &&
	    (count > 4 || !is_power_of_2(count) || (*off & (count - 1))))
		return -EINVAL;
	return 0;
}

/**
 * vnet_pci_read() - &mdevc_vfio_ops.read of the function
 * @vp: the function
 * @buf: user buffer
 * @count: bytes to read
 * @ppos: region and offset
 *
 * Return: @count, or -EINVAL for an access outside the regions or of the
 * wrong width, -EFAULT for a bad @buf.
 */
ssize_t vnet_pci_read(struct vnet_pci *vp, char __user *buf, size_t count,
		      loff_t *ppos)
{
	unsigned int index, off;
	u8 *kbuf;
	int err;

	err = vnet_pci_access(*ppos, count, &index, &off);
	if (err)
		return err;
	kbuf = kzalloc(count, GFP_KERNEL);
	if (!kbuf)
		return -ENOMEM;

	mutex_lock(&vp->lock);
	switch (index) {
	case VFIO_PCI_CONFIG_REGION_INDEX:
		memcpy(kbuf, vp->config + off, count);
		break;
	case VFIO_PCI_BAR0_REGION_INDEX:
		err = vnet_bar0_read(vp, off, kbuf, count);
		break;
	case VFIO_PCI_BAR1_REGION_INDEX:
		memcpy(kbuf, vp->msix + off, count);
		break;
	}
	mutex_unlock(&vp->lock);

	if (!err && copy_to_user(buf, kbuf, count))
		err = -EFAULT;
	kfree(kbuf);
	if (err)
		return err;
	*ppos += count;
	return count;
}

/**
 * vnet_pci_write() - &mdevc_vfio_ops.write of the function
 * @vp: the function
 * @buf: user buffer
 * @count: bytes to write
 * @ppos: region and offset
 *
 * Read-only bits of the config space keep their value, as on hardware.
 *
 * Return: @count, or -EINVAL for an access outside the regions, of the
 * wrong width or to a read-only register, -EFAULT for a bad @buf.
 */
ssize_t vnet_pci_write(struct vnet_pci *vp, const char __user *buf,
		       size_t count, loff_t *ppos)
{
	unsigned int index, off;
	u8 *kbuf;
	int err;

	err = vnet_pci_access(*ppos, count, &index, &off);
	if (err)
		return err;
	kbuf = memdup_user(buf, count);
	if (IS_ERR(kbuf))
		return PTR_ERR(kbuf);

	mutex_lock(&vp->lock);
	switch (index) {
	case VFIO_PCI_CONFIG_REGION_INDEX:
		vnet_pci_config_write(vp, off, kbuf, count);
		break;
	case VFIO_PCI_BAR0_REGION_INDEX:
		err = vnet_bar0_write(vp, off, kbuf, count);
		break;
	case VFIO_PCI_BAR1_REGION_INDEX:
		/* The PBA is read-only */
		if (off + count > VNET_PBA_OFF)
			err = -EINVAL;
		else
			memcpy(vp->msix + off, kbuf, count);
		break;
	}
	mutex_unlock(&vp->lock);

	kfree(kbuf);
	if (err)
		return err;
	*ppos += count;
	return count;
}

/* ioctls */

static long vnet_pci_get_info(unsigned long arg)
{
	unsigned long minsz = offsetofend(struct vfio_device_info, num_irqs);
	struct vfio_device_info info;

	if (copy_from_user(&info, (void __user *)arg, minsz))
		return -EFAULT;
	if (info.argsz < minsz)
		return -EINVAL;
	info.flags = VFIO_DEVICE_FLAGS_PCI | VFIO_DEVICE_FLAGS_RESET;
	info.num_regions = VFIO_PCI_NUM_REGIONS;
	info.num_irqs = VFIO_PCI_NUM_IRQS;
	return copy_to_user((void __user *)arg, &info, minsz) ? -EFAULT : 0;
}

static long vnet_pci_get_region_info(unsigned long arg)
{
	unsigned long minsz = offsetofend(struct vfio_region_info, offset);
	struct vfio_region_info info;

	if (copy_from_user(&info, (void __user *)arg, minsz))
		return -EFAULT;
	if (info.argsz < minsz || info.index >= VFIO_PCI_NUM_REGIONS)
		return -EINVAL;
	info.cap_offset = 0;
	info.offset = (u64)info.index << VNET_PCI_OFFSET_SHIFT;
	info.size = vnet_pci_region_size(info.index);
	info.flags = info.size ? VFIO_REGION_INFO_FLAG_READ |
				 VFIO_REGION_INFO_FLAG_WRITE : 0;
	return copy_to_user((void __user *)arg, &info, minsz) ? -EFAULT : 0;
}

static u32 vnet_pci_irq_count(unsigned int index)
{
	switch (index) {
	case VFIO_PCI_MSIX_IRQ_INDEX:
		return VNET_PCI_NR_VECTORS;
	case VFIO_PCI_REQ_IRQ_INDEX:
		return 1;
	default:
		return 0;
	}
}

static long vnet_pci_get_irq_info(unsigned long arg)
{
	unsigned long minsz = offsetofend(struct vfio_irq_info, count);
	struct vfio_irq_info info;

	if (copy_from_user(&info, (void __user *)arg, minsz))
		return -EFAULT;
	if (info.argsz < minsz || info.index >= VFIO_PCI_NUM_IRQS)
		return -EINVAL;
	info.count = vnet_pci_irq_count(info.index);
	info.flags = info.count ? VFIO_IRQ_INFO_EVENTFD |
				  VFIO_IRQ_INFO_NORESIZE : 0;
	return copy_to_user((void __user *)arg, &info, minsz) ? -EFAULT : 0;
}

static struct eventfd_ctx **vnet_pci_triggers(struct vnet_pci *vp,
					      unsigned int index)
{
	return index == VFIO_PCI_MSIX_IRQ_INDEX ? vp->msix_trigger :
						  &vp->req_trigger;
}

static void vnet_pci_put_triggers(struct eventfd_ctx **ctx, unsigned int n)
{
	unsigned int i;

	for (i = 0; i < n; i++) {
		if (ctx[i])
			eventfd_ctx_put(ctx[i]);
		ctx[i] = NULL;
	}
}

/* DATA_EVENTFD: swap in the eventfds of @fds; -1 releases a vector */
static int vnet_pci_set_eventfds(struct vnet_pci *vp,
				 struct vfio_irq_set *hdr, const s32 *fds)
{
	struct eventfd_ctx *ctx[VNET_PCI_NR_VECTORS] = { };
	struct eventfd_ctx **triggers;
	unsigned int i;

	for (i = 0; i < hdr->count; i++) {
		if (fds[i] == -1)
			continue;
		ctx[i] = eventfd_ctx_fdget(fds[i]);
		if (IS_ERR(ctx[i])) {
			int err = PTR_ERR(ctx[i]);

			ctx[i] = NULL;
			vnet_pci_put_triggers(ctx, i);
			return err;
		}
	}

	mutex_lock(&vp->lock);
	triggers = vnet_pci_triggers(vp, hdr->index) + hdr->start;
	for (i = 0; i < hdr->count; i++)
		swap(triggers[i], ctx[i]);
	mutex_unlock(&vp->lock);

	/* @ctx now holds the old eventfds */
	vnet_pci_put_triggers(ctx, hdr->count);
	return 0;
}

static long vnet_pci_set_irqs(struct vnet_pci *vp, unsigned long arg)
{
	unsigned long minsz = offsetofend(struct vfio_irq_set, count);
	struct eventfd_ctx **triggers;
	struct vfio_irq_set hdr;
	size_t data_size = 0;
	u8 *data = NULL;
	unsigned int i;
	int err;

	if (copy_from_user(&hdr, (void __user *)arg, minsz))
		return -EFAULT;
	err = vfio_set_irqs_validate_and_prepare(&hdr,
						 vnet_pci_irq_count(hdr.index),
						 VFIO_PCI_NUM_IRQS, &data_size);
	if (err)
		return err;
	/* Only triggers: neither MSI-X nor the request IRQ can be masked */
	if ((hdr.flags & VFIO_IRQ_SET_ACTION_TYPE_MASK) !=
	    VFIO_IRQ_SET_ACTION_TRIGGER)
		return -EINVAL;
	if (data_size) {
		data = memdup_user((void __user *)(arg + minsz), data_size);
		if (IS_ERR(data))
			return PTR_ERR(data);
	}

	switch (hdr.flags & VFIO_IRQ_SET_DATA_TYPE_MASK) {
	case VFIO_IRQ_SET_DATA_EVENTFD:
		err = vnet_pci_set_eventfds(vp, &hdr, (s32 *)data);
		break;
	case VFIO_IRQ_SET_DATA_NONE:
		mutex_lock(&vp->lock);
		triggers = vnet_pci_triggers(vp, hdr.index);
		if (!hdr.count) {
			/* count 0: disable the whole index */
			vnet_pci_put_triggers(triggers,
					      vnet_pci_irq_count(hdr.index));
		} else {
			for (i = hdr.start; i < hdr.start + hdr.count; i++)
				if (triggers[i])
					eventfd_signal(triggers[i], 1);
		}
		mutex_unlock(&vp->lock);
		break;
	case VFIO_IRQ_SET_DATA_BOOL:
		mutex_lock(&vp->lock);
		triggers = vnet_pci_triggers(vp, hdr.index);
		for (i = 0; i < hdr.count; i++)
			if (data[i] && triggers[hdr.start + i])
				eventfd_signal(triggers[hdr.start + i], 1);
		mutex_unlock(&vp->lock);
		break;
	}
	kfree(data);
	return err;
}

/**
 * vnet_pci_ioctl() - &mdevc_vfio_ops.ioctl of the function
 * @vp: the function
 * @cmd: the VFIO device ioctl
 * @arg: its user argument
 *
 * Return: 0, or a negative errno; -ENOTTY for an unknown @cmd.
 */
long vnet_pci_ioctl(struct vnet_pci *vp, unsigned int cmd, unsigned long arg)
{
	switch (cmd) {
	case VFIO_DEVICE_GET_INFO:
		return vnet_pci_get_info(arg);
	case VFIO_DEVICE_GET_REGION_INFO:
		return vnet_pci_get_region_info(arg);
	case VFIO_DEVICE_GET_IRQ_INFO:
		return vnet_pci_get_irq_info(arg);
	case VFIO_DEVICE_SET_IRQS:
		return vnet_pci_set_irqs(vp, arg);
	case VFIO_DEVICE_RESET:
		mutex_lock(&vp->lock);
		vnet_pci_reset(vp);
		mutex_unlock(&vp->lock);
		return 0;
	default:
		return -ENOTTY;
	}
}

/**
 * vnet_pci_request() - &mdevc_vfio_ops.request of the function
 * @vp: the function
 * @count: how many times the kernel asked already
 *
 * Signals the request IRQ, if the user set one, so that it closes the
 * device; the kernel keeps asking every 10 seconds.
 */
void vnet_pci_request(struct vnet_pci *vp, unsigned int count)
{
	mutex_lock(&vp->lock);
	if (vp->req_trigger) {
		if (!count)
			dev_notice(mdevc_dev(vp->mdev),
				   "asking the user to release the device\n");
		eventfd_signal(vp->req_trigger, 1);
	} else if (!count) {
		dev_notice(mdevc_dev(vp->mdev),
			   "removal waits for the user to close the device\n");
	}
	mutex_unlock(&vp->lock);
}

/**
 * vnet_pci_open() - &mdevc_vfio_ops.open_device of the function
 * @vp: the function
 *
 * Return: 0.
 */
int vnet_pci_open(struct vnet_pci *vp)
{
	mutex_lock(&vp->lock);
	vnet_pci_config_init(vp);
	memset(vp->msix, 0, sizeof(vp->msix));
	vnet_pci_reset(vp);
	WRITE_ONCE(vp->open, true);
	mutex_unlock(&vp->lock);
	return 0;
}

/**
 * vnet_pci_close() - &mdevc_vfio_ops.close_device of the function
 * @vp: the function
 *
 * Stops the datapath: once this returns the function no longer touches
 * the user's memory, and holds none of the user's eventfds.
 */
void vnet_pci_close(struct vnet_pci *vp)
{
	mutex_lock(&vp->lock);
	WRITE_ONCE(vp->open, false);
	vnet_pci_reset(vp);
	vnet_pci_put_triggers(vp->msix_trigger, VNET_PCI_NR_VECTORS);
	vnet_pci_put_triggers(&vp->req_trigger, 1);
	mutex_unlock(&vp->lock);
	/* The worker sees the reset and stops; wait for it */
	cancel_work_sync(&vp->work);
	skb_queue_purge(&vp->rxq);
}

/**
 * vnet_pci_create() - create a virtio-net PCI function
 * @mdev: the vfio class mediated device presenting it
 * @mac: its MAC address
 * @be: the backend its frames go to
 * @be_ctx: passed to @be's ops
 *
 * Return: the function, or an ERR_PTR().
 */
struct vnet_pci *vnet_pci_create(struct mdevc_device *mdev, const u8 *mac,
				 const struct vnet_pci_backend *be,
				 void *be_ctx)
{
	struct vnet_pci *vp;

	vp = kzalloc(sizeof(*vp), GFP_KERNEL);
	if (!vp)
		return ERR_PTR(-ENOMEM);
	vp->mdev = mdev;
	vp->be = be;
	vp->be_ctx = be_ctx;
	ether_addr_copy(vp->mac, mac);
	mutex_init(&vp->lock);
	skb_queue_head_init(&vp->rxq);
	INIT_WORK(&vp->work, vnet_vq_work);
	atomic64_set(&vp->rx_dropped, 0);
	mutex_lock(&vp->lock);
	vnet_pci_config_init(vp);
	vnet_pci_reset(vp);
	mutex_unlock(&vp->lock);
	return vp;
}

/**
 * vnet_pci_destroy() - destroy a function created by vnet_pci_create()
 * @vp: the function, closed, its backend no longer calling vnet_pci_rx()
 */
void vnet_pci_destroy(struct vnet_pci *vp)
{
	cancel_work_sync(&vp->work);
	skb_queue_purge(&vp->rxq);
	mutex_destroy(&vp->lock);
	kfree(vp);
}
