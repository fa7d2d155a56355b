// SPDX-License-Identifier: GPL-2.0
/*
 * vfio-vnet: a small VFIO client of a virtio-net PCI function.
 *
 * It does what a userspace driver (or QEMU for its guest) does: opens the
 * device's IOMMU group and a container, sets the type1 IOMMU, maps its own
 * memory for the device's DMA, reads the PCI config space and follows the
 * virtio capabilities, negotiates features, sets up one receive and one
 * transmit queue with MSI-X eventfds, then exchanges frames with the
 * function's representor through an AF_PACKET socket on it.
 *
 *   vfio-vnet DEV info           print the device as a PCI function
 *   vfio-vnet DEV pingpong REP   a frame each way between DEV and REP
 *   vfio-vnet DEV bad-dma        a descriptor pointing at unmapped memory
 *   vfio-vnet DEV bad-input      bad offsets, sizes, ioctls and IRQ ranges
 *   vfio-vnet DEV fuzz N [SEED]  N random reads, writes and ioctls
 *   vfio-vnet DEV ringfuzz N [SEED]  N random ring updates and kicks
 *   vfio-vnet DEV close-busy     close with transmits in flight
 *   vfio-vnet DEV hold           run until the kernel asks for the device
 *
 * DEV is the device's sysfs directory (/sys/bus/mdevc/devices/<uuid>).
 * Exits 0 when every check passed; prints "ok: ..." / "FAIL: ..." lines.
 */

#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <linux/if_packet.h>
#include <linux/pci_regs.h>
#include <linux/vfio.h>
#include <linux/virtio_config.h>
#include <linux/virtio_net.h>
#include <linux/virtio_pci.h>
#include <linux/virtio_ring.h>
#include <net/ethernet.h>
#include <net/if.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

/* The kernel's type names, as in tools/include */
typedef __u8 u8;
typedef __u16 u16;
typedef __u32 u32;
typedef __u64 u64;

#define QSIZE		8
#define BUF_SIZE	2048
#define HDR_LEN		sizeof(struct virtio_net_hdr_mrg_rxbuf)
#define ETHERTYPE_TEST	0x88b5		/* IEEE local experimental */
#define DMA_IOVA	0x10000000ULL
#define DMA_SIZE	0x100000
#define RXQ		0
#define TXQ		1
#define NR_VECTORS	3		/* config, rx, tx */

/* Layout of the DMA area: rings, then buffers */
#define RING_OFF(q)	((q) * 0x1000)
#define DESC_OFF(q)	RING_OFF(q)
#define AVAIL_OFF(q)	(RING_OFF(q) + 0x400)
#define USED_OFF(q)	(RING_OFF(q) + 0x800)
#define BUF_OFF(q, i)	(0x10000 + ((q) * QSIZE + (i)) * BUF_SIZE)

struct vq {
	struct vring_desc *desc;
	struct vring_avail *avail;
	struct vring_used *used;
	u16 avail_idx;
	u16 used_seen;
};

struct vdev {
	int container, group, fd;
	u64 cfg_off, bar_off[6];
	/* virtio structures: BAR region offsets in the device fd */
	u64 common, isr, device, notify;
	u32 notify_mult;
	unsigned int found;	/* bit mask of the cfg_types found */
	u8 *mem;
	struct vq vq[2];
	int irq[NR_VECTORS];
	int req;
	u8 mac[6];
};

static int failures;

/* A bad user pointer; not a constant, which the compiler would flag */
void *bad_user_ptr = (void *)8;

static void pass(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	printf("  ok: ");
	vprintf(fmt, ap);
	printf("\n");
	va_end(ap);
}

static void vfail(const char *fmt, va_list ap)
{
	int err = errno;

	printf("  FAIL: ");
	vprintf(fmt, ap);
	printf(" (errno: %s)\n", strerror(err));
}

static void fail(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vfail(fmt, ap);
	va_end(ap);
	failures++;
}

static void die(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vfail(fmt, ap);
	va_end(ap);
	exit(1);
}

/* Register accesses through the device fd */

static u32 rd(struct vdev *d, u64 off, int len)
{
	u32 v = 0;

	if (pread(d->fd, &v, len, off) != len)
		die("read %d bytes at 0x%llx", len, (unsigned long long)off);
	return v;	/* little endian host */
}

static void wr(struct vdev *d, u64 off, int len, u32 v)
{
	if (pwrite(d->fd, &v, len, off) != len)
		die("write %d bytes at 0x%llx", len, (unsigned long long)off);
}

/* The common configuration, by field: crd(d, CCFG(queue_size)) */
#define CCFG(f)		offsetof(struct virtio_pci_common_cfg, f)

static int ccfg_width(unsigned int off)
{
	if (off < CCFG(msix_config))
		return 4;
	if (off < CCFG(device_status) || off >= CCFG(queue_select))
		return off < CCFG(queue_desc_lo) ? 2 : 4;
	return 1;
}

static u32 crd(struct vdev *d, unsigned int off)
{
	return rd(d, d->common + off, ccfg_width(off));
}

static void cwr(struct vdev *d, unsigned int off, u32 v)
{
	wr(d, d->common + off, ccfg_width(off), v);
}

/* Opening: group, container, type1 IOMMU, DMA memory, device */

static void vfio_open(struct vdev *d, const char *sysdev)
{
	struct vfio_group_status status = { .argsz = sizeof(status) };
	struct vfio_iommu_type1_dma_map map = { .argsz = sizeof(map) };
	char path[PATH_MAX], link[PATH_MAX], *name;
	ssize_t n;

	snprintf(path, sizeof(path), "%s/iommu_group", sysdev);
	n = readlink(path, link, sizeof(link) - 1);
	if (n < 0)
		die("no IOMMU group at %s", path);
	link[n] = '\0';
	snprintf(path, sizeof(path), "/dev/vfio/%s", basename(link));

	d->container = open("/dev/vfio/vfio", O_RDWR);
	if (d->container < 0)
		die("open /dev/vfio/vfio");
	if (ioctl(d->container, VFIO_GET_API_VERSION) != VFIO_API_VERSION ||
	    !ioctl(d->container, VFIO_CHECK_EXTENSION, VFIO_TYPE1v2_IOMMU))
		die("no VFIO type1v2 IOMMU");
	d->group = open(path, O_RDWR);
	if (d->group < 0)
		die("open %s", path);
	if (ioctl(d->group, VFIO_GROUP_GET_STATUS, &status) ||
	    !(status.flags & VFIO_GROUP_FLAGS_VIABLE))
		die("group %s is not viable", path);
	if (ioctl(d->group, VFIO_GROUP_SET_CONTAINER, &d->container))
		die("VFIO_GROUP_SET_CONTAINER");
	if (ioctl(d->container, VFIO_SET_IOMMU, VFIO_TYPE1v2_IOMMU))
		die("VFIO_SET_IOMMU type1v2");

	d->mem = mmap(NULL, DMA_SIZE, PROT_READ | PROT_WRITE,
		      MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (d->mem == MAP_FAILED)
		die("mmap");
	map.vaddr = (uintptr_t)d->mem;
	map.iova = DMA_IOVA;
	map.size = DMA_SIZE;
	map.flags = VFIO_DMA_MAP_FLAG_READ | VFIO_DMA_MAP_FLAG_WRITE;
	if (ioctl(d->container, VFIO_IOMMU_MAP_DMA, &map))
		die("VFIO_IOMMU_MAP_DMA");

	name = basename(strdup(sysdev));
	d->fd = ioctl(d->group, VFIO_GROUP_GET_DEVICE_FD, name);
	if (d->fd < 0)
		die("VFIO_GROUP_GET_DEVICE_FD %s", name);
}

static u64 region_offset(struct vdev *d, unsigned int index, u64 *size)
{
	struct vfio_region_info info = { .argsz = sizeof(info),
					 .index = index };

	if (ioctl(d->fd, VFIO_DEVICE_GET_REGION_INFO, &info))
		die("VFIO_DEVICE_GET_REGION_INFO %u", index);
	if (size)
		*size = info.size;
	return info.offset;
}

/* Reads the config space and finds the virtio structures, as a driver */
static void pci_probe(struct vdev *d, bool verbose)
{
	struct vfio_device_info info = { .argsz = sizeof(info) };
	u8 cfg[256];
	unsigned int pos, i;
	u64 size;

	if (ioctl(d->fd, VFIO_DEVICE_GET_INFO, &info))
		die("VFIO_DEVICE_GET_INFO");
	if (!(info.flags & VFIO_DEVICE_FLAGS_PCI) ||
	    info.num_regions < VFIO_PCI_CONFIG_REGION_INDEX + 1 ||
	    info.num_irqs < VFIO_PCI_MSIX_IRQ_INDEX + 1)
		die("not a vfio PCI device");
	d->cfg_off = region_offset(d, VFIO_PCI_CONFIG_REGION_INDEX, &size);
	if (size < sizeof(cfg) ||
	    pread(d->fd, cfg, sizeof(cfg), d->cfg_off) != sizeof(cfg))
		die("config space read");
	for (i = 0; i < 6; i++)
		d->bar_off[i] = region_offset(d, VFIO_PCI_BAR0_REGION_INDEX + i,
					      NULL);
	if (verbose) {
		printf("vendor 0x%04x device 0x%04x revision %u class 0x%06x\n",
		       cfg[0] | cfg[1] << 8, cfg[2] | cfg[3] << 8,
		       cfg[PCI_REVISION_ID],
		       cfg[9] | cfg[10] << 8 | cfg[11] << 16);
		printf("regions %u irqs %u\n", info.num_regions,
		       info.num_irqs);
	}

	for (pos = cfg[PCI_CAPABILITY_LIST], i = 0; pos && i < 48;
	     pos = cfg[pos + 1], i++) {
		struct virtio_pci_cap *cap = (void *)&cfg[pos];
		u64 at;

		if (pos > sizeof(cfg) - sizeof(*cap))
			die("capability at 0x%x out of the config space", pos);
		if (verbose)
			printf("cap 0x%02x at 0x%02x", cfg[pos], pos);
		if (cap->cap_vndr != PCI_CAP_ID_VNDR) {
			if (verbose)
				printf("\n");
			continue;
		}
		if (cap->bar > 5)
			die("virtio cap in BAR %u", cap->bar);
		at = d->bar_off[cap->bar] + cap->offset;
		if (cap->cfg_type < 32)
			d->found |= 1u << cap->cfg_type;
		if (verbose)
			printf(" virtio type %u bar %u offset 0x%x len 0x%x\n",
			       cap->cfg_type, cap->bar, cap->offset,
			       cap->length);
		switch (cap->cfg_type) {
		case VIRTIO_PCI_CAP_COMMON_CFG:
			d->common = at;
			break;
		case VIRTIO_PCI_CAP_ISR_CFG:
			d->isr = at;
			break;
		case VIRTIO_PCI_CAP_DEVICE_CFG:
			d->device = at;
			break;
		case VIRTIO_PCI_CAP_NOTIFY_CFG:
			d->notify = at;
			memcpy(&d->notify_mult, &cfg[pos + sizeof(*cap)], 4);
			break;
		}
	}
	if ((d->found & 0x1e) != 0x1e)
		die("virtio capabilities missing");
}

/* Interrupts: an eventfd per MSI-X vector, and the request IRQ */

static int set_irqs(struct vdev *d, unsigned int index, unsigned int start,
		    unsigned int count, const int *fds)
{
	char buf[sizeof(struct vfio_irq_set) + 16 * sizeof(int)];
	struct vfio_irq_set *set = (void *)buf;

	set->argsz = sizeof(*set) + count * sizeof(int);
	set->flags = VFIO_IRQ_SET_DATA_EVENTFD | VFIO_IRQ_SET_ACTION_TRIGGER;
	set->index = index;
	set->start = start;
	set->count = count;
	memcpy(set->data, fds, count * sizeof(int));
	return ioctl(d->fd, VFIO_DEVICE_SET_IRQS, set);
}

static void irqs_setup(struct vdev *d)
{
	int i;

	for (i = 0; i < NR_VECTORS; i++)
		d->irq[i] = eventfd(0, EFD_NONBLOCK);
	d->req = eventfd(0, EFD_NONBLOCK);
	if (set_irqs(d, VFIO_PCI_MSIX_IRQ_INDEX, 0, NR_VECTORS, d->irq))
		die("VFIO_DEVICE_SET_IRQS msix");
	if (set_irqs(d, VFIO_PCI_REQ_IRQ_INDEX, 0, 1, &d->req))
		die("VFIO_DEVICE_SET_IRQS req");
}

/* Waits up to @ms for eventfd @fd; true if it fired */
static bool wait_irq(int fd, int ms)
{
	struct pollfd p = { .fd = fd, .events = POLLIN };
	u64 v;

	if (poll(&p, 1, ms) != 1)
		return false;
	return read(fd, &v, sizeof(v)) == sizeof(v);
}

/* virtio initialisation, as in the virtio 1.x spec, 3.1.1 */

static void vq_setup(struct vdev *d, int q)
{
	struct vq *vq = &d->vq[q];

	vq->desc = (void *)(d->mem + DESC_OFF(q));
	vq->avail = (void *)(d->mem + AVAIL_OFF(q));
	vq->used = (void *)(d->mem + USED_OFF(q));
	vq->avail_idx = 0;
	vq->used_seen = 0;
	memset(d->mem + RING_OFF(q), 0, 0x1000);

	cwr(d, CCFG(queue_select), q);
	if (crd(d, CCFG(queue_size)) < QSIZE)
		die("queue %d too small", q);
	cwr(d, CCFG(queue_size), QSIZE);
	cwr(d, CCFG(queue_msix_vector), q + 1);
	if (crd(d, CCFG(queue_msix_vector)) != (u32)q + 1)
		die("queue %d: no MSI-X vector", q);
	cwr(d, CCFG(queue_desc_lo), DMA_IOVA + DESC_OFF(q));
	cwr(d, CCFG(queue_desc_hi), 0);
	cwr(d, CCFG(queue_avail_lo), DMA_IOVA + AVAIL_OFF(q));
	cwr(d, CCFG(queue_avail_hi), 0);
	cwr(d, CCFG(queue_used_lo), DMA_IOVA + USED_OFF(q));
	cwr(d, CCFG(queue_used_hi), 0);
	cwr(d, CCFG(queue_enable), 1);
}

static void virtio_start(struct vdev *d)
{
	u64 features, want;
	int i;

	cwr(d, CCFG(device_status), 0);
	if (crd(d, CCFG(device_status)) != 0)
		die("device did not reset");
	cwr(d, CCFG(device_status), VIRTIO_CONFIG_S_ACKNOWLEDGE);
	cwr(d, CCFG(device_status), VIRTIO_CONFIG_S_ACKNOWLEDGE |
			      VIRTIO_CONFIG_S_DRIVER);
	cwr(d, CCFG(device_feature_select), 0);
	features = crd(d, CCFG(device_feature));
	cwr(d, CCFG(device_feature_select), 1);
	features |= (u64)crd(d, CCFG(device_feature)) << 32;
	want = (1ULL << VIRTIO_F_VERSION_1) | (1ULL << VIRTIO_NET_F_MAC);
	if ((features & want) != want)
		die("device features 0x%llx lack VERSION_1 or MAC",
		    (unsigned long long)features);
	cwr(d, CCFG(guest_feature_select), 0);
	cwr(d, CCFG(guest_feature), (u32)want);
	cwr(d, CCFG(guest_feature_select), 1);
	cwr(d, CCFG(guest_feature), want >> 32);
	cwr(d, CCFG(device_status), VIRTIO_CONFIG_S_ACKNOWLEDGE |
			      VIRTIO_CONFIG_S_DRIVER |
			      VIRTIO_CONFIG_S_FEATURES_OK);
	if (!(crd(d, CCFG(device_status)) & VIRTIO_CONFIG_S_FEATURES_OK))
		die("device refused features 0x%llx",
		    (unsigned long long)want);
	cwr(d, CCFG(msix_config), 0);
	if (crd(d, CCFG(num_queues)) < 2)
		die("fewer than 2 queues");
	vq_setup(d, RXQ);
	vq_setup(d, TXQ);
	for (i = 0; i < 6; i++)
		d->mac[i] = rd(d, d->device + i, 1);
	cwr(d, CCFG(device_status), VIRTIO_CONFIG_S_ACKNOWLEDGE |
			      VIRTIO_CONFIG_S_DRIVER |
			      VIRTIO_CONFIG_S_FEATURES_OK |
			      VIRTIO_CONFIG_S_DRIVER_OK);
}

static void vq_kick(struct vdev *d, int q)
{
	u32 off;

	cwr(d, CCFG(queue_select), q);
	off = crd(d, CCFG(queue_notify_off)) * d->notify_mult;
	wr(d, d->notify + off, 2, q);
}

/* Makes buffer @i of queue @q available: @len bytes at @iova */
static void vq_post(struct vdev *d, int q, int i, u64 iova,
		    u32 len, bool device_writes)
{
	struct vq *vq = &d->vq[q];

	vq->desc[i].addr = iova;
	vq->desc[i].len = len;
	vq->desc[i].flags = device_writes ? VRING_DESC_F_WRITE : 0;
	vq->desc[i].next = 0;
	vq->avail->ring[vq->avail_idx % QSIZE] = i;
	__atomic_store_n(&vq->avail->idx, ++vq->avail_idx, __ATOMIC_RELEASE);
}

/* The next used buffer of @q, waiting up to @ms; false if none */
static bool vq_used(struct vdev *d, int q, int ms,
		    struct vring_used_elem *elem)
{
	struct vq *vq = &d->vq[q];
	int waited;

	for (waited = 0; waited <= ms; waited += 10) {
		if (__atomic_load_n(&vq->used->idx, __ATOMIC_ACQUIRE) !=
		    vq->used_seen) {
			*elem = vq->used->ring[vq->used_seen++ % QSIZE];
			return true;
		}
		wait_irq(d->irq[q + 1], 10);
	}
	return false;
}

static struct vdev *dev_start(const char *sysdev)
{
	struct vdev *d = calloc(1, sizeof(*d));

	vfio_open(d, sysdev);
	pci_probe(d, false);
	irqs_setup(d);
	virtio_start(d);
	return d;
}

/* The frames of the tests: ethertype 0x88b5 and a text payload */
static size_t make_frame(u8 *f, const u8 *dst, const u8 *src,
			 const char *text)
{
	memcpy(f, dst, 6);
	memcpy(f + 6, src, 6);
	f[12] = ETHERTYPE_TEST >> 8;
	f[13] = ETHERTYPE_TEST & 0xff;
	strcpy((char *)f + 14, text);
	return 14 + strlen(text) + 1 < 60 ? 60 : 14 + strlen(text) + 1;
}

static int cmd_pingpong(struct vdev *d, const char *rep)
{
	static const u8 bcast[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };
	struct sockaddr_ll sll = { .sll_family = AF_PACKET };
	u8 frame[BUF_SIZE], *buf;
	struct vring_used_elem e;
	struct timeval tv = { .tv_sec = 5 };
	bool found;
	size_t len;
	ssize_t n;
	int s, i;

	s = socket(AF_PACKET, SOCK_RAW, htons(ETHERTYPE_TEST));
	sll.sll_protocol = htons(ETHERTYPE_TEST);
	sll.sll_ifindex = if_nametoindex(rep);
	if (s < 0 || !sll.sll_ifindex ||
	    bind(s, (struct sockaddr *)&sll, sizeof(sll)))
		die("AF_PACKET socket on %s", rep);
	setsockopt(s, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));

	for (i = 0; i < QSIZE; i++)
		vq_post(d, RXQ, i, DMA_IOVA + BUF_OFF(RXQ, i), BUF_SIZE, true);
	vq_kick(d, RXQ);

	/* Function -> representor */
	buf = d->mem + BUF_OFF(TXQ, 0);
	memset(buf, 0, HDR_LEN);
	len = make_frame(buf + HDR_LEN, bcast, d->mac, "vfio-vnet to rep");
	vq_post(d, TXQ, 0, DMA_IOVA + BUF_OFF(TXQ, 0), HDR_LEN + len, false);
	vq_kick(d, TXQ);
	if (!vq_used(d, TXQ, 5000, &e) || e.id != 0)
		fail("the device used the transmit buffer");
	else
		pass("the device used the transmit buffer");
	n = recv(s, frame, sizeof(frame), 0);
	if (n != (ssize_t)len || memcmp(frame, buf + HDR_LEN, len))
		fail("the frame sent by the function arrived on %s", rep);
	else
		pass("the frame sent by the function arrived on %s", rep);

	/* Representor -> function */
	len = make_frame(frame, d->mac, bcast, "rep to vfio-vnet");
	if (send(s, frame, len, 0) != (ssize_t)len)
		die("send on %s", rep);
	/* Skip what else the representor's stack sent (IPv6 MLD, RS...) */
	while ((found = vq_used(d, RXQ, 5000, &e))) {
		buf = d->mem + BUF_OFF(RXQ, e.id % QSIZE) + HDR_LEN;
		if (e.len >= HDR_LEN + 14 && buf[12] == ETHERTYPE_TEST >> 8 &&
		    buf[13] == (ETHERTYPE_TEST & 0xff))
			break;
		printf("  # skipped a frame of ethertype 0x%02x%02x\n",
		       buf[12], buf[13]);
		vq_post(d, RXQ, e.id % QSIZE,
			DMA_IOVA + BUF_OFF(RXQ, e.id % QSIZE), BUF_SIZE, true);
		vq_kick(d, RXQ);
	}
	if (!found) {
		fail("a frame sent on %s filled a receive buffer", rep);
	} else if (e.len != HDR_LEN + len || memcmp(buf, frame, len)) {
		errno = 0;
		fail("the received frame is the one sent on %s (len %u)",
		     rep, e.len);
	} else {
		pass("the frame sent on %s was received by the function", rep);
	}
	close(s);
	return failures;
}

static int cmd_bad_dma(struct vdev *d)
{
	struct vring_used_elem e;
	u8 status;
	int i;

	/* A transmit descriptor pointing outside the mapped IOVA range */
	vq_post(d, TXQ, 0, 0xdead0000ULL, 64, false);
	vq_kick(d, TXQ);
	if (!wait_irq(d->irq[0], 5000))
		fail("a configuration interrupt reports the error");
	else
		pass("a configuration interrupt reports the error");
	status = crd(d, CCFG(device_status));
	if (!(status & VIRTIO_CONFIG_S_NEEDS_RESET))
		fail("status 0x%x has DEVICE_NEEDS_RESET", status);
	else
		pass("an unmapped DMA address sets DEVICE_NEEDS_RESET");
	if (vq_used(d, TXQ, 200, &e))
		fail("the bad buffer was not used");

	/* A reset brings the device back */
	virtio_start(d);
	status = crd(d, CCFG(device_status));
	if (status & VIRTIO_CONFIG_S_NEEDS_RESET)
		fail("reset cleared DEVICE_NEEDS_RESET");
	else
		pass("a device reset clears the error");

	/* A descriptor loop and an index out of range */
	d->vq[TXQ].desc[1].flags = VRING_DESC_F_NEXT;
	d->vq[TXQ].desc[1].next = 1;
	d->vq[TXQ].desc[1].addr = DMA_IOVA + BUF_OFF(TXQ, 1);
	d->vq[TXQ].desc[1].len = 16;
	d->vq[TXQ].avail->ring[0] = 1;
	__atomic_store_n(&d->vq[TXQ].avail->idx, ++d->vq[TXQ].avail_idx,
			 __ATOMIC_RELEASE);
	vq_kick(d, TXQ);
	wait_irq(d->irq[0], 5000);
	if (!(crd(d, CCFG(device_status)) & VIRTIO_CONFIG_S_NEEDS_RESET))
		fail("a descriptor loop sets DEVICE_NEEDS_RESET");
	else
		pass("a descriptor loop sets DEVICE_NEEDS_RESET");
	virtio_start(d);
	d->vq[TXQ].avail->ring[0] = 200;
	d->vq[TXQ].avail->idx = 100;	/* far ahead of the device */
	vq_kick(d, TXQ);
	wait_irq(d->irq[0], 5000);
	if (!(crd(d, CCFG(device_status)) & VIRTIO_CONFIG_S_NEEDS_RESET))
		fail("an available index out of range sets DEVICE_NEEDS_RESET");
	else
		pass("an available index out of range sets DEVICE_NEEDS_RESET");

	/* Unmapping the rings under a running device */
	virtio_start(d);
	for (i = 0; i < QSIZE; i++)
		vq_post(d, RXQ, i, DMA_IOVA + BUF_OFF(RXQ, i), BUF_SIZE, true);
	{
		struct vfio_iommu_type1_dma_unmap unmap = {
			.argsz = sizeof(unmap), .iova = DMA_IOVA,
			.size = DMA_SIZE,
		};

		if (ioctl(d->container, VFIO_IOMMU_UNMAP_DMA, &unmap))
			fail("VFIO_IOMMU_UNMAP_DMA");
	}
	vq_kick(d, RXQ);
	vq_kick(d, TXQ);
	wait_irq(d->irq[0], 5000);
	if (!(crd(d, CCFG(device_status)) & VIRTIO_CONFIG_S_NEEDS_RESET))
		fail("rings unmapped under the device set DEVICE_NEEDS_RESET");
	else
		pass("rings unmapped under the device set DEVICE_NEEDS_RESET");
	return failures;
}

/* Expects @ret to be -1 with errno @err */
static void expect_err(long ret, int err, const char *what)
{
	if (ret != -1 || errno != err) {
		fail("%s fails with %s (got %ld)", what, strerror(err), ret);
		return;
	}
	pass("%s fails with %s", what, strerror(err));
}

static int cmd_bad_input(struct vdev *d)
{
	struct vfio_region_info ri = { .argsz = sizeof(ri) };
	struct vfio_irq_info ii = { .argsz = sizeof(ii) };
	char buf[8192];
	int fds[8] = { -1, -1, -1, -1, -1, -1, -1, -1 };
	u64 size;

	region_offset(d, VFIO_PCI_CONFIG_REGION_INDEX, &size);
	expect_err(pread(d->fd, buf, 4, d->cfg_off + size), EINVAL,
		   "a config read past the end");
	expect_err(pread(d->fd, buf, 8, d->cfg_off + size - 4), EINVAL,
		   "a config read across the end");
	expect_err(pread(d->fd, buf, 4, 20ULL << 40), EINVAL,
		   "a read of a region that does not exist");
	expect_err(pread(d->fd, buf, 4, -4), EINVAL,
		   "a read at a negative offset");
	expect_err(pread(d->fd, buf, 4, d->bar_off[2]), EINVAL,
		   "a read of an empty BAR");
	expect_err(pread(d->fd, buf, 3, d->common), EINVAL,
		   "a 3-byte BAR read");
	expect_err(pread(d->fd, buf, 4, d->common + 2), EINVAL,
		   "a misaligned BAR read");
	expect_err(pread(d->fd, buf, 8192, d->bar_off[0]), EINVAL,
		   "an 8 KiB BAR read");
	expect_err(pwrite(d->fd, buf, 1, d->isr), EINVAL,
		   "a write to the read-only ISR");
	expect_err(pwrite(d->fd, buf, 4, d->device), EINVAL,
		   "a write to the device config");
	expect_err(pread(d->fd, bad_user_ptr, 4, d->cfg_off), EFAULT,
		   "a read into a bad user pointer");
	expect_err(pwrite(d->fd, bad_user_ptr, 4, d->cfg_off), EFAULT,
		   "a write from a bad user pointer");
	expect_err(ioctl(d->fd, _IO(';', 0x7f)), ENOTTY, "an unknown ioctl");
	expect_err(ioctl(d->fd, VFIO_DEVICE_GET_INFO, NULL), EFAULT,
		   "VFIO_DEVICE_GET_INFO with a NULL argument");
	ri.index = 100;
	expect_err(ioctl(d->fd, VFIO_DEVICE_GET_REGION_INFO, &ri), EINVAL,
		   "region info of index 100");
	ri.index = 0;
	ri.argsz = 4;
	expect_err(ioctl(d->fd, VFIO_DEVICE_GET_REGION_INFO, &ri), EINVAL,
		   "region info with a short argsz");
	ii.index = 77;
	expect_err(ioctl(d->fd, VFIO_DEVICE_GET_IRQ_INFO, &ii), EINVAL,
		   "IRQ info of index 77");
	expect_err(set_irqs(d, VFIO_PCI_MSIX_IRQ_INDEX, 2, 5, fds), EINVAL,
		   "SET_IRQS past the last MSI-X vector");
	expect_err(set_irqs(d, VFIO_PCI_MSIX_IRQ_INDEX, 0xffffffff, 2, fds),
		   EINVAL, "SET_IRQS with start + count wrapping");
	expect_err(set_irqs(d, VFIO_PCI_INTX_IRQ_INDEX, 0, 1, fds), EINVAL,
		   "SET_IRQS on INTx, which the device lacks");
	expect_err(set_irqs(d, 9, 0, 1, fds), EINVAL,
		   "SET_IRQS of index 9");
	fds[0] = 0;	/* stdin: not an eventfd */
	expect_err(set_irqs(d, VFIO_PCI_MSIX_IRQ_INDEX, 0, 1, fds), EINVAL,
		   "SET_IRQS with a file that is no eventfd");
	fds[0] = 1000;
	expect_err(set_irqs(d, VFIO_PCI_MSIX_IRQ_INDEX, 0, 1, fds), EBADF,
		   "SET_IRQS with a closed fd");
	{
		struct vfio_irq_set set = {
			.argsz = sizeof(set), .index = VFIO_PCI_MSIX_IRQ_INDEX,
			.flags = VFIO_IRQ_SET_DATA_EVENTFD |
				 VFIO_IRQ_SET_ACTION_TRIGGER,
			.count = 3,
		};

		expect_err(ioctl(d->fd, VFIO_DEVICE_SET_IRQS, &set), EINVAL,
			   "SET_IRQS with an argsz too small for its data");
		set.argsz = sizeof(set);
		set.flags = VFIO_IRQ_SET_DATA_NONE | VFIO_IRQ_SET_ACTION_MASK;
		expect_err(ioctl(d->fd, VFIO_DEVICE_SET_IRQS, &set), EINVAL,
			   "SET_IRQS masking MSI-X");
	}
	/* Writes to read-only config space leave it as it was */
	wr(d, d->cfg_off, 4, 0x12345678);
	if (rd(d, d->cfg_off, 4) != 0x10411af4)
		fail("vendor and device ids are read-only");
	else
		pass("vendor and device ids are read-only");
	/* BAR sizing, as firmware does it */
	wr(d, d->cfg_off + PCI_BASE_ADDRESS_0, 4, 0xffffffff);
	if (rd(d, d->cfg_off + PCI_BASE_ADDRESS_0, 4) != 0xffffc000)
		fail("BAR0 sizes as 16 KiB");
	else
		pass("BAR0 sizes as 16 KiB");
	if (ioctl(d->fd, VFIO_DEVICE_RESET))
		fail("VFIO_DEVICE_RESET");
	else
		pass("VFIO_DEVICE_RESET");
	return failures;
}

/* xorshift: reproducible from the seed */
static u64 rnd_state;

static u64 rnd(void)
{
	rnd_state ^= rnd_state << 13;
	rnd_state ^= rnd_state >> 7;
	rnd_state ^= rnd_state << 17;
	return rnd_state;
}

static u64 rnd_offset(struct vdev *d)
{
	static const u64 sizes[] = { 1, 2, 3, 4, 8, 16, 256, 4096 };

	switch (rnd() % 4) {
	case 0:
		return rnd();
	case 1:
		return ((rnd() % 12) << 40) + rnd() % 0x5000;
	default:
		return d->bar_off[0] +
		       (rnd() % 0x4010 & ~(sizes[rnd() % 4] - 1));
	}
}

static int cmd_fuzz(struct vdev *d, long n)
{
	static const size_t sizes[] = { 0, 1, 2, 3, 4, 8, 256, 5000 };
	static const unsigned long cmds[] = {
		VFIO_DEVICE_GET_INFO, VFIO_DEVICE_GET_REGION_INFO,
		VFIO_DEVICE_GET_IRQ_INFO, VFIO_DEVICE_SET_IRQS,
		VFIO_DEVICE_RESET, VFIO_DEVICE_QUERY_GFX_PLANE,
		_IO(VFIO_TYPE, VFIO_BASE + 40),
	};
	u8 buf[8192];
	long i, done = 0;

	for (i = 0; i < n; i++) {
		size_t len = sizes[rnd() % 8];
		u64 off = rnd_offset(d);
		unsigned int j;

		for (j = 0; j < sizeof(buf) / 8; j++)
			((u64 *)buf)[j] = rnd() % 3 ? rnd() % 0x40 : rnd();
		switch (rnd() % 3) {
		case 0:
			if (pread(d->fd, buf, len, off) >= 0)
				done++;
			break;
		case 1:
			/* Now and then a valid argsz, index and fd */
			((u32 *)buf)[0] = rnd() % 2 ? 20 + rnd() % 40 :
							   rnd();
			if (ioctl(d->fd, cmds[rnd() % 7], buf) >= 0)
				done++;
			break;
		default:
			if (pwrite(d->fd, buf, len, off) >= 0)
				done++;
			break;
		}
	}
	pass("%ld random accesses, %ld accepted", n, done);
	return 0;
}

/*
 * The rings are the engine's untrusted input: random descriptors (mostly
 * inside the mapped area, now and then anywhere), random heads, chains,
 * flags and available indexes, and kicks. A device that stopped in
 * DEVICE_NEEDS_RESET is reset and set up again.
 */
static int cmd_ring_fuzz(struct vdev *d, long n)
{
	long i, errors = 0;

	for (i = 0; i < n; i++) {
		int q = rnd() % 2;
		struct vq *vq = &d->vq[q];
		unsigned int j;

		for (j = 0; j < QSIZE; j++) {
			if (rnd() % 4)
				continue;
			vq->desc[j].addr = rnd() % 8 ?
					   DMA_IOVA + rnd() % DMA_SIZE : rnd();
			vq->desc[j].len = rnd() % 4 ? rnd() % 4096 : rnd();
			vq->desc[j].flags = rnd() % 8;
			vq->desc[j].next = rnd() % 4 ? rnd() % QSIZE : rnd();
		}
		vq->avail->ring[vq->avail_idx % QSIZE] =
			rnd() % 8 ? rnd() % QSIZE : rnd();
		vq->avail_idx += rnd() % 16 ? 1 : rnd();
		__atomic_store_n(&vq->avail->idx, vq->avail_idx,
				 __ATOMIC_RELEASE);
		vq_kick(d, q);
		if (crd(d, CCFG(device_status)) & VIRTIO_CONFIG_S_NEEDS_RESET) {
			errors++;
			virtio_start(d);
		}
	}
	pass("%ld random ring updates, the device stopped %ld times", n,
	     errors);
	return 0;
}

static int cmd_close_busy(struct vdev *d)
{
	int i;

	for (i = 0; i < QSIZE; i++) {
		u8 *buf = d->mem + BUF_OFF(TXQ, i);

		memset(buf, 0, HDR_LEN + 60);
		memset(buf + HDR_LEN, 0xff, 6);
		vq_post(d, TXQ, i, DMA_IOVA + BUF_OFF(TXQ, i), HDR_LEN + 60,
			false);
		vq_post(d, RXQ, i, DMA_IOVA + BUF_OFF(RXQ, i), BUF_SIZE, true);
	}
	vq_kick(d, TXQ);
	vq_kick(d, RXQ);
	/* No wait: exit() closes the device and container under the work */
	pass("closed with %d transmits in flight", QSIZE);
	return 0;
}

static int cmd_hold(struct vdev *d)
{
	printf("holding the device\n");
	fflush(stdout);
	if (!wait_irq(d->req, 120000)) {
		fail("the kernel asked for the device back");
		return 1;
	}
	pass("the kernel asked for the device back: releasing it");
	return 0;
}

/*
 * A user that keeps the device whatever the kernel asks: it counts the
 * requests it ignores and lets go only when it is killed (exit closes the
 * device), so that a test controls exactly when the kernel gets it back.
 */
static int cmd_hold_deaf(struct vdev *d)
{
	unsigned long ignored = 0;

	signal(SIGTERM, SIG_DFL);
	printf("holding the device, deaf to requests\n");
	fflush(stdout);
	for (;;) {
		if (wait_irq(d->req, 1000))
			printf("request %lu ignored\n", ++ignored);
	}
	return 0;
}

int main(int argc, char **argv)
{
	char mac[18];
	struct vdev *d;
	const char *cmd;

	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc < 3) {
		fprintf(stderr, "usage: %s SYSFS-DEV COMMAND\n%s", argv[0],
			"commands: info, pingpong REP, bad-dma, bad-input,\n"
			"          fuzz N [SEED], ringfuzz N [SEED], close-busy, hold,\n"
			"          hold-deaf\n");
		return 2;
	}
	cmd = argv[2];
	if (!strcmp(cmd, "info")) {
		d = calloc(1, sizeof(*d));
		vfio_open(d, argv[1]);
		pci_probe(d, true);
		return 0;
	}
	d = dev_start(argv[1]);
	snprintf(mac, sizeof(mac), "%02x:%02x:%02x:%02x:%02x:%02x",
		 d->mac[0], d->mac[1], d->mac[2], d->mac[3], d->mac[4],
		 d->mac[5]);
	pass("opened, negotiated features, queues up, MAC %s", mac);
	if (!strcmp(cmd, "pingpong") && argc > 3)
		return cmd_pingpong(d, argv[3]) ? 1 : 0;
	if (!strcmp(cmd, "bad-dma"))
		return cmd_bad_dma(d) ? 1 : 0;
	if (!strcmp(cmd, "bad-input"))
		return cmd_bad_input(d) ? 1 : 0;
	if (!strcmp(cmd, "fuzz") && argc > 3) {
		rnd_state = argc > 4 ? strtoull(argv[4], NULL, 0) : 1;
		rnd_state |= 1;
		return cmd_fuzz(d, atol(argv[3]));
	}
	if (!strcmp(cmd, "ringfuzz") && argc > 3) {
		rnd_state = argc > 4 ? strtoull(argv[4], NULL, 0) : 1;
		rnd_state |= 1;
		return cmd_ring_fuzz(d, atol(argv[3]));
	}
	if (!strcmp(cmd, "close-busy"))
		return cmd_close_busy(d);
	if (!strcmp(cmd, "hold"))
		return cmd_hold(d);
	if (!strcmp(cmd, "hold-deaf"))
		return cmd_hold_deaf(d);
	fprintf(stderr, "unknown command %s\n", cmd);
	return 2;
}
