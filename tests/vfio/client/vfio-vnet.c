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
 *   vfio-vnet DEV regions [REP]  accesses of any offset and size
 *   vfio-vnet DEV status [REP]   the device status machine
 *   vfio-vnet DEV fuzz [OPTS] [REP]        random reads, writes, ioctls
 *   vfio-vnet DEV ringfuzz [OPTS] [REP]    random ring updates, kicks
 *   vfio-vnet DEV statefuzz [OPTS] [REP]   random walks of the status
 *                                          machine and queue registers
 *   vfio-vnet DEV chainfuzz [OPTS] [REP]   bad and odd descriptor chains,
 *                                          rewritten under the device
 *   vfio-vnet DEV close-busy     close with transmits in flight
 *   vfio-vnet DEV hold [SECS]    run until the kernel asks for the device,
 *                                then SECS seconds more
 *
 * The fuzz modes take -n ROUNDS (at most that many steps), -t SECONDS (at
 * most that long; 0: no limit) and -s SEED (random by default); without -n
 * and -t they run 10 seconds. They print "seed N" first, so that a failure
 * is reproduced with -s N, every FAIL line names the seed and the step, and
 * at the end they print what they tried, by kind ("counts: ...").
 *
 * With REP, a mode ends with a frame each way, proving the device works.
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
#include <pthread.h>
#include <sched.h>
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
#include <sys/random.h>
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

/* The status of a running device */
#define S_RUNNING	(VIRTIO_CONFIG_S_ACKNOWLEDGE |	\
			 VIRTIO_CONFIG_S_DRIVER |	\
			 VIRTIO_CONFIG_S_FEATURES_OK |	\
			 VIRTIO_CONFIG_S_DRIVER_OK)

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

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
	const char *name;	/* the device's name in its group */
	u64 cfg_off, bar_off[6];
	u64 region_size[VFIO_PCI_NUM_REGIONS];
	u32 num_regions;
	/* virtio structures: BAR region offsets in the device fd */
	u64 common, isr, device, notify;
	u32 notify_mult;
	unsigned int found;	/* bit mask of the cfg_types found */
	u8 *mem;
	struct vq vq[2];
	int irq[NR_VECTORS];
	int req;
	u8 mac[6];
	u64 features;		/* offered by the device */
};

static int failures;

/* The fuzz modes: the seed, the step being done, the limits */
static bool fuzzing;
static u64 fuzz_seed;
static long fuzz_step;
static long fuzz_rounds = -1;	/* no limit */
static double fuzz_secs = -1;	/* no limit */
static struct timespec fuzz_start;

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
	if (err)
		printf(" (errno: %s)", strerror(err));
	if (fuzzing)
		printf(" [seed %llu, step %ld]", (unsigned long long)fuzz_seed,
		       fuzz_step);
	printf("\n");
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

/* pass() if @ok, else fail() with errno cleared: the result was wrong */
static bool check(bool ok, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	if (ok) {
		printf("  ok: ");
		vprintf(fmt, ap);
		printf("\n");
	} else {
		errno = 0;
		vfail(fmt, ap);
		failures++;
	}
	va_end(ap);
	return ok;
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
	d->name = name;
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
	d->num_regions = info.num_regions;
	for (i = 0; i < VFIO_PCI_NUM_REGIONS && i < info.num_regions; i++)
		region_offset(d, i, &d->region_size[i]);
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

/* Gives the device the eventfds of d->irq and d->req */
static void irqs_setup_fds(struct vdev *d)
{
	if (set_irqs(d, VFIO_PCI_MSIX_IRQ_INDEX, 0, NR_VECTORS, d->irq))
		die("VFIO_DEVICE_SET_IRQS msix");
	if (set_irqs(d, VFIO_PCI_REQ_IRQ_INDEX, 0, 1, &d->req))
		die("VFIO_DEVICE_SET_IRQS req");
}

static void irqs_setup(struct vdev *d)
{
	int i;

	for (i = 0; i < NR_VECTORS; i++)
		d->irq[i] = eventfd(0, EFD_NONBLOCK);
	d->req = eventfd(0, EFD_NONBLOCK);
	irqs_setup_fds(d);
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

/* The device's initialisation up to DRIVER_OK, with the queues of @qmask
 * set up and enabled: virtio_start() enables both.
 */
static void virtio_start_queues(struct vdev *d, unsigned int qmask)
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
	d->features = features;
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
	for (i = 0; i < 2; i++)
		if (qmask & (1u << i))
			vq_setup(d, i);
	for (i = 0; i < 6; i++)
		d->mac[i] = rd(d, d->device + i, 1);
	cwr(d, CCFG(device_status), S_RUNNING);
}

static void virtio_start(struct vdev *d)
{
	virtio_start_queues(d, 1u << RXQ | 1u << TXQ);
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

/* Waits up to 5 s for @len bytes @want on the AF_PACKET socket @s, skipping
 * the frames the representor sends itself and any other frame.
 */
static bool rep_recv(int s, const u8 *want, size_t len)
{
	struct sockaddr_ll sll;
	socklen_t sl;
	u8 frame[BUF_SIZE];
	time_t end = time(NULL) + 5;
	ssize_t n;

	while (time(NULL) <= end) {
		sl = sizeof(sll);
		n = recvfrom(s, frame, sizeof(frame), 0,
			     (struct sockaddr *)&sll, &sl);
		if (n < 0)
			return false;
		if (sll.sll_pkttype != PACKET_OUTGOING &&
		    n == (ssize_t)len && !memcmp(frame, want, len))
			return true;
	}
	return false;
}

/* A frame each way between the running device and its representor @rep;
 * the rings must be as virtio_start() left them.
 */
static int cmd_pingpong(struct vdev *d, const char *rep)
{
	static const u8 bcast[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };
	struct sockaddr_ll sll = { .sll_family = AF_PACKET };
	u8 frame[BUF_SIZE], *buf;
	struct vring_used_elem e;
	struct timeval tv = { .tv_sec = 5 };
	unsigned int skipped = 0;
	bool found;
	size_t len;
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
	if (!rep_recv(s, buf + HDR_LEN, len))
		fail("the frame sent by the function arrived on %s", rep);
	else
		pass("the frame sent by the function arrived on %s", rep);

	/* Representor -> function */
	len = make_frame(frame, d->mac, bcast, "rep to vfio-vnet");
	if (send(s, frame, len, 0) != (ssize_t)len)
		die("send on %s", rep);
	/* Skip what else reached the function (IPv6 MLD, RS, floods...) */
	while ((found = vq_used(d, RXQ, 5000, &e))) {
		buf = d->mem + BUF_OFF(RXQ, e.id % QSIZE) + HDR_LEN;
		if (e.len == HDR_LEN + len && !memcmp(buf, frame, len))
			break;
		if (!skipped++)
			printf("  # skipping other frames (type 0x%02x%02x)\n",
			       buf[12], buf[13]);
		vq_post(d, RXQ, e.id % QSIZE,
			DMA_IOVA + BUF_OFF(RXQ, e.id % QSIZE), BUF_SIZE, true);
		vq_kick(d, RXQ);
	}
	if (!found)
		fail("the frame sent on %s was received by the function", rep);
	else
		pass("the frame sent on %s was received by the function", rep);
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

/* Expects @ret to be @want: a count, or -errno */
static void expect_ret(long ret, long want, const char *what)
{
	if (want < 0)
		expect_err(ret, -want, what);
	else
		check(ret == want, "%s returns %ld (got %ld%s%s)", what, want,
		      ret, ret < 0 ? ", " : "", ret < 0 ? strerror(errno) : "");
}

#define REGION(i)	((u64)(i) << 40)	/* VFIO_PCI_INDEX_TO_OFFSET */
#define REGION_MASK	(REGION(1) - 1)

/*
 * What vfio-pci (Linux 6.1) returns for a read or a write of @len bytes at
 * @off of the device fd of this function, which has the config space,
 * BAR0 and BAR1 and none of the other regions (their size is 0): the
 * bytes done, or -errno.
 */
static long rw_expect(struct vdev *d, u64 off, size_t len)
{
	unsigned int index = off >> 40;
	u64 pos = off & REGION_MASK, size;

	/* fs/read_write.c:363,368 rw_verify_area(): negative positions */
	if ((int64_t)off < 0 || (int64_t)(off + len) < 0)
		return -EINVAL;
	/* vfio_pci_core.c:1448 vfio_pci_rw(): no such region */
	if (index >= d->num_regions)
		return -EINVAL;
	size = index < VFIO_PCI_NUM_REGIONS ? d->region_size[index] : 0;
	if (index == VFIO_PCI_CONFIG_REGION_INDEX) {
		/* vfio_pci_config.c:1961 nothing to do; 1871 past the end */
		if (!len)
			return 0;
		return pos >= size || pos + len > size ? -EFAULT : (long)len;
	}
	/* vfio_pci_rdwr.c:246 a BAR or ROM the device lacks, 303 no VGA,
	 * vfio_pci_core.c:1465 a ROM write: all of size 0 here;
	 * vfio_pci_rdwr.c:248 past the end of a BAR, 251 cut at its end
	 */
	if (pos >= size)
		return -EINVAL;
	return len < size - pos ? (long)len : (long)(size - pos);
}

/* Compares a read or write's result with rw_expect(), quietly if right */
static bool rw_check(struct vdev *d, long ret, u64 off, size_t len,
		     const char *what)
{
	long want = rw_expect(d, off, len);

	if (want < 0 ? ret == -1 && errno == -want : ret == want)
		return true;
	fail("%s of %zu bytes at 0x%llx returns %ld (%s), not %ld (%s)",
	     what, len, (unsigned long long)off, ret,
	     ret < 0 ? strerror(errno) : "a count", want,
	     want < 0 ? strerror(-want) : "a count");
	return false;
}

#define CCFG_LEN	sizeof(struct virtio_pci_common_cfg)

/* The common configuration read register by register, as a driver does */
static void ccfg_snapshot(struct vdev *d, u8 *snap)
{
	unsigned int off;
	u32 v;

	for (off = 0; off < CCFG_LEN; off += ccfg_width(off)) {
		v = crd(d, off);
		memcpy(snap + off, &v, ccfg_width(off));
	}
}

/*
 * Region accesses of any offset and size, as vfio-pci takes them from a
 * user on a physical function: split in naturally aligned chunks, a read
 * returns the bytes of the registers it covers, whatever their width; the
 * end of each region as vfio-pci has it.
 */
static int cmd_regions(struct vdev *d, const char *rep)
{
	static const size_t widths[] = { 1, 2, 3, 4, 8, 16, CCFG_LEN };
	u64 bar0 = d->bar_off[0], bar1 = d->bar_off[1];
	u64 size0 = d->region_size[VFIO_PCI_BAR0_REGION_INDEX];
	u64 size1 = d->region_size[VFIO_PCI_BAR1_REGION_INDEX];
	static u8 buf[0x4000];
	u8 snap[CCFG_LEN], mac[6];
	unsigned int i, off, bad;
	ssize_t n;
	u32 v;

	ccfg_snapshot(d, snap);
	for (i = 0; i < ARRAY_SIZE(widths); i++) {
		size_t w = widths[i];

		bad = 0;
		for (off = 0; off + w <= CCFG_LEN; off++) {
			memset(buf, 0xa5, w);
			n = pread(d->fd, buf, w, d->common + off);
			if (n == (ssize_t)w && !memcmp(buf, snap + off, w))
				continue;
			if (!bad++)
				printf("  # %zu at common + 0x%x: %zd (%s)\n",
				       w, off, n, n < 0 ? strerror(errno) :
				       "other bytes");
		}
		check(!bad, "%zu-byte reads of the common config (%u wrong)",
		      w, bad);
	}

	n = pread(d->fd, mac, 6, d->device);
	check(n == 6 && !memcmp(mac, d->mac, 6),
	      "a 6-byte read of the device configuration is the MAC");
	n = pread(d->fd, buf, 4, d->device + 4);
	check(n == 4 && !memcmp(buf, d->mac + 4, 2),
	      "a 4-byte read over the MAC's end and the status field");
	memset(buf, 0xa5, 4);
	n = pread(d->fd, buf, 4, d->isr);
	check(n == 4 && !buf[1] && !buf[2] && !buf[3],
	      "a 4-byte read of the 1-byte ISR: the bytes after it are 0");
	n = pread(d->fd, buf, size0, bar0);
	check(n == (ssize_t)size0 &&
	      !memcmp(buf + (d->common - bar0), snap, CCFG_LEN) &&
	      !memcmp(buf + (d->device - bar0), d->mac, 6),
	      "a read of the whole of BAR0 at once");

	/* The ends of the regions, as vfio-pci has them */
	expect_ret(pread(d->fd, buf, 8, bar0 + size0 - 4), 4,
		   "an 8-byte read 4 bytes before the end of BAR0 (vfio_pci_rdwr.c:251 cuts it)");
	memset(buf, 0, 8);
	expect_ret(pwrite(d->fd, buf, 8, bar0 + size0 - 4), 4,
		   "an 8-byte write 4 bytes before the end of BAR0");
	expect_ret(pread(d->fd, buf, 4, bar0 + size0), -EINVAL,
		   "a read at the end of BAR0 (vfio_pci_rdwr.c:248)");
	expect_ret(pread(d->fd, buf, 0, bar0 + 0x10), 0,
		   "a read of 0 bytes in BAR0");
	expect_ret(pread(d->fd, buf, 0, bar0 + size0), -EINVAL,
		   "a read of 0 bytes at the end of BAR0 (vfio_pci_rdwr.c:248)");
	expect_ret(pread(d->fd, buf, 64, bar1 + size1 - 16), 16,
		   "a 64-byte read 16 bytes before the end of BAR1 (vfio_pci_rdwr.c:251)");
	expect_ret(pread(d->fd, buf, 1, bar1 + size1), -EINVAL,
		   "a read at the end of BAR1 (vfio_pci_rdwr.c:248)");
	expect_ret(pread(d->fd, buf, 256, d->cfg_off), 256,
		   "a read of the whole config space");
	expect_ret(pread(d->fd, buf, 1, d->cfg_off + 256), -EFAULT,
		   "a config space read past the end (vfio_pci_config.c:1871)");
	expect_ret(pread(d->fd, buf, 8, d->cfg_off + 252), -EFAULT,
		   "a config space read across the end (vfio_pci_config.c:1871)");
	expect_ret(pwrite(d->fd, buf, 8, d->cfg_off + 252), -EFAULT,
		   "a config space write across the end (vfio_pci_config.c:1871)");
	expect_ret(pread(d->fd, buf, 0, d->cfg_off + 4096), 0,
		   "a config space read of 0 bytes (vfio_pci_config.c:1961)");
	for (i = VFIO_PCI_BAR2_REGION_INDEX; i <= VFIO_PCI_BAR5_REGION_INDEX;
	     i++)
		expect_ret(pread(d->fd, buf, 4, REGION(i)), -EINVAL,
			   "a read of a BAR the function lacks (vfio_pci_rdwr.c:246)");
	expect_ret(pread(d->fd, buf, 4, REGION(VFIO_PCI_ROM_REGION_INDEX)),
		   -EINVAL, "a read of the ROM it lacks (vfio_pci_rdwr.c:246)");
	expect_ret(pwrite(d->fd, buf, 4, REGION(VFIO_PCI_ROM_REGION_INDEX)),
		   -EINVAL, "a write of the ROM (vfio_pci_core.c:1465)");
	expect_ret(pread(d->fd, buf, 4, REGION(VFIO_PCI_VGA_REGION_INDEX)),
		   -EINVAL, "a read of VGA it lacks (vfio_pci_rdwr.c:303)");
	expect_ret(pread(d->fd, buf, 4, REGION(d->num_regions)), -EINVAL,
		   "a read of a region past the last (vfio_pci_core.c:1448)");

	/* Writes hardware would drop, and writes split in chunks */
	buf[0] = 0x3;
	expect_ret(pwrite(d->fd, buf, 1, d->isr), 1,
		   "a write to the read-only ISR");
	memset(buf, 0x02, 6);
	expect_ret(pwrite(d->fd, buf, 6, d->device), 6,
		   "a write to the read-only device configuration");
	n = pread(d->fd, mac, 6, d->device);
	check(n == 6 && !memcmp(mac, d->mac, 6), "... which keeps the MAC");
	cwr(d, CCFG(device_feature_select), 1);
	memset(buf, 0xff, 2);
	expect_ret(pwrite(d->fd, buf, 2, d->common + 2), 2,
		   "a 2-byte write into a 4-byte register");
	check(crd(d, CCFG(device_feature_select)) == 1,
	      "... is dropped: registers take writes of their width");
	cwr(d, CCFG(device_feature_select), 0);
	v = 1;			/* queue_select = 1, queue_size = 0 */
	expect_ret(pwrite(d->fd, &v, 4, d->common + CCFG(queue_select)), 4,
		   "a 4-byte write at a 2-byte boundary");
	check(crd(d, CCFG(queue_select)) == 1 &&
	      crd(d, CCFG(queue_size)) == QSIZE,
	      "... is queue_select, then queue_size (ignored: DRIVER_OK)");
	cwr(d, CCFG(queue_select), 0);
	v = 0xffffffff;
	expect_ret(pwrite(d->fd, &v, 4, bar1 + 0x800), 4,
		   "a write to the read-only PBA");
	check(!rd(d, bar1 + 0x800, 4), "... leaves it as it was");

	return rep ? cmd_pingpong(d, rep) : failures;
}

/* Expects no used buffer on @q for 300 ms, the device not broken */
static void expect_idle(struct vdev *d, int q, const char *what)
{
	struct vring_used_elem e;

	errno = 0;
	if (vq_used(d, q, 300, &e))
		fail("%s: the device used a buffer", what);
	else if (crd(d, CCFG(device_status)) & VIRTIO_CONFIG_S_NEEDS_RESET)
		fail("%s: the device set NEEDS_RESET", what);
	else
		pass("%s", what);
}

/* Puts a frame of 60 bytes in transmit buffer @i and makes it available */
static void tx_post(struct vdev *d, int i)
{
	u8 *buf = d->mem + BUF_OFF(TXQ, i);

	memset(buf, 0, HDR_LEN + 60);
	memset(buf + HDR_LEN, 0xff, 6);
	memcpy(buf + HDR_LEN + 6, d->mac, 6);
	buf[HDR_LEN + 12] = ETHERTYPE_TEST >> 8;
	buf[HDR_LEN + 13] = ETHERTYPE_TEST & 0xff;
	vq_post(d, TXQ, i, DMA_IOVA + BUF_OFF(TXQ, i), HDR_LEN + 60, false);
}

/*
 * The device status machine of the virtio spec (1.1, 2.1 and 3.1): only a
 * reset clears status bits; the queues are set up before DRIVER_OK and
 * their registers are read-only after it; a device the driver set FAILED
 * on stops; a reset stops the device before it returns.
 */
static int cmd_status(struct vdev *d, const char *rep)
{
	unsigned int i, cleared = 0;
	u8 st;
	u16 idx;

	/* Clearing DRIVER_OK and setting it again would start it again */
	for (i = 0; i < 100; i++) {
		cwr(d, CCFG(device_status),
		    S_RUNNING & ~VIRTIO_CONFIG_S_DRIVER_OK);
		if (!(crd(d, CCFG(device_status)) &
		      VIRTIO_CONFIG_S_DRIVER_OK))
			cleared++;
		cwr(d, CCFG(device_status), S_RUNNING);
	}
	check(!cleared, "the driver cannot clear DRIVER_OK (cleared %u/100)",
	      cleared);
	cwr(d, CCFG(device_status), S_RUNNING | VIRTIO_CONFIG_S_NEEDS_RESET);
	check(crd(d, CCFG(device_status)) == S_RUNNING,
	      "the driver cannot set NEEDS_RESET");

	/* Queue registers after DRIVER_OK */
	cwr(d, CCFG(queue_select), TXQ);
	cwr(d, CCFG(queue_size), QSIZE / 2);
	cwr(d, CCFG(queue_desc_lo), DMA_IOVA + 0x8000);
	check(crd(d, CCFG(queue_size)) == QSIZE &&
	      crd(d, CCFG(queue_desc_lo)) == DMA_IOVA + DESC_OFF(TXQ),
	      "an enabled queue's registers are read-only");

	/* A queue enabled after DRIVER_OK: the spec's driver never does */
	virtio_start_queues(d, 1u << RXQ);
	if (crd(d, CCFG(device_status)) != S_RUNNING)
		fail("the device runs with its receive queue only");
	cwr(d, CCFG(queue_select), TXQ);
	cwr(d, CCFG(queue_size), QSIZE);
	cwr(d, CCFG(queue_desc_lo), DMA_IOVA + DESC_OFF(TXQ));
	cwr(d, CCFG(queue_desc_hi), 0);
	cwr(d, CCFG(queue_avail_lo), DMA_IOVA + AVAIL_OFF(TXQ));
	cwr(d, CCFG(queue_avail_hi), 0);
	cwr(d, CCFG(queue_used_lo), DMA_IOVA + USED_OFF(TXQ));
	cwr(d, CCFG(queue_used_hi), 0);
	check(crd(d, CCFG(queue_size)) != QSIZE &&
	      crd(d, CCFG(queue_desc_lo)) != DMA_IOVA + DESC_OFF(TXQ),
	      "queue_size and queue_desc are ignored after DRIVER_OK");
	cwr(d, CCFG(queue_enable), 1);
	check(!crd(d, CCFG(queue_enable)),
	      "queue_enable is ignored after DRIVER_OK");
	d->vq[TXQ].desc = (void *)(d->mem + DESC_OFF(TXQ));
	d->vq[TXQ].avail = (void *)(d->mem + AVAIL_OFF(TXQ));
	d->vq[TXQ].used = (void *)(d->mem + USED_OFF(TXQ));
	memset(d->mem + RING_OFF(TXQ), 0, 0x1000);
	d->vq[TXQ].avail_idx = 0;
	d->vq[TXQ].used_seen = 0;
	tx_post(d, 0);
	vq_kick(d, TXQ);
	expect_idle(d, TXQ, "a kick of that queue does nothing");

	/* DRIVER_OK before FEATURES_OK */
	cwr(d, CCFG(device_status), 0);
	cwr(d, CCFG(device_status), VIRTIO_CONFIG_S_ACKNOWLEDGE |
	    VIRTIO_CONFIG_S_DRIVER);
	cwr(d, CCFG(device_status), VIRTIO_CONFIG_S_ACKNOWLEDGE |
	    VIRTIO_CONFIG_S_DRIVER | VIRTIO_CONFIG_S_DRIVER_OK);
	check(!(crd(d, CCFG(device_status)) & VIRTIO_CONFIG_S_DRIVER_OK),
	      "DRIVER_OK without FEATURES_OK is refused");

	/* FAILED: the driver gave up on the device */
	virtio_start(d);
	cwr(d, CCFG(device_status), S_RUNNING | VIRTIO_CONFIG_S_FAILED);
	st = crd(d, CCFG(device_status));
	check(st == (S_RUNNING | VIRTIO_CONFIG_S_FAILED),
	      "the driver sets FAILED (status 0x%x)", st);
	tx_post(d, 0);
	vq_kick(d, TXQ);
	expect_idle(d, TXQ, "a FAILED device processes no buffer");
	cwr(d, CCFG(device_status), S_RUNNING);
	check(crd(d, CCFG(device_status)) & VIRTIO_CONFIG_S_FAILED,
	      "only a reset clears FAILED");

	/* A reset stops the device before it returns */
	virtio_start(d);
	for (i = 0; i < QSIZE; i++)
		tx_post(d, i);
	vq_kick(d, TXQ);
	cwr(d, CCFG(device_status), 0);
	idx = __atomic_load_n(&d->vq[TXQ].used->idx, __ATOMIC_ACQUIRE);
	usleep(300000);
	check(!crd(d, CCFG(device_status)) &&
	      __atomic_load_n(&d->vq[TXQ].used->idx, __ATOMIC_ACQUIRE) == idx,
	      "the device stops at the reset, not later");
	for (i = 0; i < 2; i++) {
		cwr(d, CCFG(queue_select), i);
		check(!crd(d, CCFG(queue_enable)),
		      "the reset disabled queue %u", i);
	}

	virtio_start(d);
	return rep ? cmd_pingpong(d, rep) : failures;
}

static int cmd_bad_input(struct vdev *d)
{
	struct vfio_region_info ri = { .argsz = sizeof(ri) };
	struct vfio_irq_info ii = { .argsz = sizeof(ii) };
	char buf[8192];
	int fds[8] = { -1, -1, -1, -1, -1, -1, -1, -1 };
	u64 size;

	/*
	 * Each errno is the one vfio-pci of Linux 6.1 returns for the same
	 * operation on a physical function (drivers/vfio/...).
	 */
	region_offset(d, VFIO_PCI_CONFIG_REGION_INDEX, &size);
	expect_err(pread(d->fd, buf, 4, d->cfg_off + size), EFAULT,
		   "a config read past the end (pci/vfio_pci_config.c:1871)");
	expect_err(pread(d->fd, buf, 8, d->cfg_off + size - 4), EFAULT,
		   "a config read across the end (pci/vfio_pci_config.c:1871)");
	expect_err(pread(d->fd, buf, 4, 20ULL << 40), EINVAL,
		   "a read of a region that does not exist (pci/vfio_pci_core.c:1448)");
	expect_err(pread(d->fd, buf, 4, -4), EINVAL,
		   "a read at a negative offset (fs/read_write.c:363)");
	expect_err(pread(d->fd, buf, 4, d->bar_off[2]), EINVAL,
		   "a read of an empty BAR (pci/vfio_pci_rdwr.c:246)");
	expect_err(pread(d->fd, buf, 4, d->bar_off[0] + 0x4000), EINVAL,
		   "a read past the end of BAR0 (pci/vfio_pci_rdwr.c:248)");
	expect_err(pwrite(d->fd, buf, 4, d->bar_off[1] + 0x1000), EINVAL,
		   "a write past the end of BAR1 (pci/vfio_pci_rdwr.c:248)");
	expect_err(pread(d->fd, bad_user_ptr, 4, d->cfg_off), EFAULT,
		   "a read into a bad user pointer (pci/vfio_pci_config.c:1945)");
	expect_err(pwrite(d->fd, bad_user_ptr, 4, d->cfg_off), EFAULT,
		   "a write from a bad user pointer (pci/vfio_pci_config.c:1933)");
	expect_err(pread(d->fd, bad_user_ptr, 4, d->common), EFAULT,
		   "a BAR read into a bad user pointer (pci/vfio_pci_rdwr.c:133)");
	expect_err(ioctl(d->fd, _IO(';', 0x7f)), ENOTTY,
		   "an unknown ioctl (pci/vfio_pci_core.c:1390)");
	expect_err(ioctl(d->fd, VFIO_DEVICE_GET_INFO, NULL), EFAULT,
		   "VFIO_DEVICE_GET_INFO with a NULL argument (pci/vfio_pci_core.c:886)");
	ri.index = 100;
	expect_err(ioctl(d->fd, VFIO_DEVICE_GET_REGION_INFO, &ri), EINVAL,
		   "region info of index 100 (pci/vfio_pci_core.c:1023)");
	ri.index = 0;
	ri.argsz = 4;
	expect_err(ioctl(d->fd, VFIO_DEVICE_GET_REGION_INFO, &ri), EINVAL,
		   "region info with a short argsz (pci/vfio_pci_core.c:942)");
	ii.index = 77;
	expect_err(ioctl(d->fd, VFIO_DEVICE_GET_IRQ_INFO, &ii), EINVAL,
		   "IRQ info of index 77 (pci/vfio_pci_core.c:1080)");
	expect_err(set_irqs(d, VFIO_PCI_MSIX_IRQ_INDEX, 2, 5, fds), EINVAL,
		   "SET_IRQS past the last MSI-X vector (vfio_main.c:1781)");
	expect_err(set_irqs(d, VFIO_PCI_MSIX_IRQ_INDEX, 0xffffffff, 2, fds),
		   EINVAL, "SET_IRQS, start + count wraps (vfio_main.c:1773)");
	expect_err(set_irqs(d, VFIO_PCI_INTX_IRQ_INDEX, 0, 1, fds), EINVAL,
		   "SET_IRQS on INTx, which the device lacks (vfio_main.c:1781)");
	expect_err(set_irqs(d, 9, 0, 1, fds), EINVAL,
		   "SET_IRQS of index 9 (vfio_main.c:1772)");
	fds[0] = 0;	/* stdin: not an eventfd */
	expect_err(set_irqs(d, VFIO_PCI_MSIX_IRQ_INDEX, 0, 1, fds), EINVAL,
		   "SET_IRQS with a file that is no eventfd (pci/vfio_pci_intrs.c:392)");
	fds[0] = 1000;
	expect_err(set_irqs(d, VFIO_PCI_MSIX_IRQ_INDEX, 0, 1, fds), EBADF,
		   "SET_IRQS with a closed fd (pci/vfio_pci_intrs.c:392)");
	{
		struct vfio_irq_set set = {
			.argsz = sizeof(set), .index = VFIO_PCI_MSIX_IRQ_INDEX,
			.flags = VFIO_IRQ_SET_DATA_EVENTFD |
				 VFIO_IRQ_SET_ACTION_TRIGGER,
			.count = 3,
		};

		expect_err(ioctl(d->fd, VFIO_DEVICE_SET_IRQS, &set), EINVAL,
			   "SET_IRQS with an argsz too small for its data (vfio_main.c:1799)");
		set.argsz = sizeof(set);
		set.flags = VFIO_IRQ_SET_DATA_NONE | VFIO_IRQ_SET_ACTION_MASK;
		expect_err(ioctl(d->fd, VFIO_DEVICE_SET_IRQS, &set), ENOTTY,
			   "SET_IRQS masking MSI-X (pci/vfio_pci_intrs.c:737,764)");
		set.flags = VFIO_IRQ_SET_DATA_NONE |
			    VFIO_IRQ_SET_ACTION_UNMASK;
		set.index = VFIO_PCI_REQ_IRQ_INDEX;
		set.count = 1;
		expect_err(ioctl(d->fd, VFIO_DEVICE_SET_IRQS, &set), ENOTTY,
			   "SET_IRQS unmasking the request IRQ (pci/vfio_pci_intrs.c:752,764)");
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

static u64 rnd_next(u64 *state)
{
	*state ^= *state << 13;
	*state ^= *state >> 7;
	*state ^= *state << 17;
	return *state;
}

static u64 rnd(void)
{
	return rnd_next(&rnd_state);
}

/* A state for seed @seed and stream @stream: splitmix64, never 0, so that
 * every seed gives a sequence of its own
 */
static u64 rnd_seed(u64 seed, u64 stream)
{
	u64 z = seed + (stream + 1) * 0x9e3779b97f4a7c15ULL;

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	z ^= z >> 31;
	return z ? z : 1;
}

/* What a fuzz mode tried, by kind; @name is a string constant */
static struct {
	const char *name;
	unsigned long n;
} counts[64];

static void count(const char *name)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(counts) && counts[i].name; i++) {
		if (counts[i].name == name || !strcmp(counts[i].name, name)) {
			counts[i].n++;
			return;
		}
	}
	if (i < ARRAY_SIZE(counts)) {
		counts[i].name = name;
		counts[i].n = 1;
	}
}

static void print_counts(const char *mode)
{
	unsigned int i;

	printf("counts: %s", mode);
	for (i = 0; i < ARRAY_SIZE(counts) && counts[i].name; i++)
		printf(" %s=%lu", counts[i].name, counts[i].n);
	printf("\n");
}

static double fuzz_elapsed(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec - fuzz_start.tv_sec +
	       (t.tv_nsec - fuzz_start.tv_nsec) / 1e9;
}

/* A step that does not finish within this is a hang: the kernel is stuck
 * in a call, or the device stopped answering
 */
#define STEP_LIMIT	60

static void fuzz_hung(int sig)
{
	char msg[128];
	int n;

	n = snprintf(msg, sizeof(msg),
		     "  FAIL: step %ld did not finish within %d s [seed %llu, step %ld]\n",
		     fuzz_step, STEP_LIMIT, (unsigned long long)fuzz_seed,
		     fuzz_step);
	if (write(STDOUT_FILENO, msg, n) < 0)
		_exit(3);
	_exit(3);
}

/* Whether to do step @i: within the rounds and the time asked for. Each
 * step re-arms the watchdog of the one before.
 */
static bool fuzz_more(long i)
{
	fuzz_step = i;
	alarm(STEP_LIMIT);
	if (fuzz_rounds >= 0 && i >= fuzz_rounds)
		return false;
	return fuzz_secs <= 0 || fuzz_elapsed() < fuzz_secs;
}

/* The fuzz modes' options: -n ROUNDS, -t SECONDS, -s SEED. Returns the
 * index of the first argument left (REP), or -1 on a bad option.
 */
static int fuzz_options(int argc, char **argv, int i)
{
	bool seeded = false;

	for (; i + 1 < argc && argv[i][0] == '-'; i += 2) {
		if (!strcmp(argv[i], "-n")) {
			fuzz_rounds = strtol(argv[i + 1], NULL, 0);
		} else if (!strcmp(argv[i], "-t")) {
			fuzz_secs = strtod(argv[i + 1], NULL);
		} else if (!strcmp(argv[i], "-s")) {
			fuzz_seed = strtoull(argv[i + 1], NULL, 0);
			seeded = true;
		} else {
			return -1;
		}
	}
	if (i < argc && argv[i][0] == '-')
		return -1;
	if (fuzz_rounds < 0 && fuzz_secs < 0)
		fuzz_secs = 10;
	if (!seeded) {
		if (getrandom(&fuzz_seed, sizeof(fuzz_seed), 0) !=
		    sizeof(fuzz_seed))
			fuzz_seed = time(NULL) ^ ((u64)getpid() << 32);
		/* Short enough to type, and positive in any shell */
		fuzz_seed &= (1ULL << 48) - 1;
	}
	rnd_state = rnd_seed(fuzz_seed, 0);
	printf("seed %llu\n", (unsigned long long)fuzz_seed);
	signal(SIGALRM, fuzz_hung);
	clock_gettime(CLOCK_MONOTONIC, &fuzz_start);
	fuzzing = true;
	return i;
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

/* Register values that hold whatever the user wrote: false if one broke */
static bool sane(struct vdev *d)
{
	u64 features;
	u8 mac[6];
	u32 q, st;

	errno = 0;
	if (rd(d, d->cfg_off, 4) != 0x10411af4 ||
	    rd(d, d->cfg_off + PCI_CLASS_REVISION, 4) != 0x02000001) {
		fail("the config space keeps its ids and class");
		return false;
	}
	if (crd(d, CCFG(num_queues)) != 2) {
		fail("num_queues reads 2");
		return false;
	}
	cwr(d, CCFG(device_feature_select), 0);
	features = crd(d, CCFG(device_feature));
	cwr(d, CCFG(device_feature_select), 1);
	features |= (u64)crd(d, CCFG(device_feature)) << 32;
	if (features != d->features) {
		fail("device_feature reads the features offered");
		return false;
	}
	for (q = 0; q < 2; q++) {
		cwr(d, CCFG(queue_select), q);
		if (crd(d, CCFG(queue_notify_off)) != q ||
		    crd(d, CCFG(queue_enable)) > 1 ||
		    crd(d, CCFG(queue_size)) > 256) {
			fail("queue %u: notify_off, enable and size", q);
			return false;
		}
	}
	st = crd(d, CCFG(device_status));
	if ((st & VIRTIO_CONFIG_S_DRIVER_OK) &&
	    !(st & VIRTIO_CONFIG_S_FEATURES_OK)) {
		fail("status 0x%x: no DRIVER_OK without FEATURES_OK", st);
		return false;
	}
	if (pread(d->fd, mac, 6, d->device) != 6 || memcmp(mac, d->mac, 6)) {
		fail("the device configuration keeps the MAC");
		return false;
	}
	return true;
}

/* Gives the device its eventfds back, drained, and starts it again */
static void dev_restart(struct vdev *d)
{
	u64 v;
	int i;

	irqs_setup_fds(d);
	for (i = 0; i < NR_VECTORS; i++)
		while (read(d->irq[i], &v, sizeof(v)) == sizeof(v))
			;
	virtio_start(d);
}

/*
 * Random reads, writes and ioctls on the device fd. Every read and write
 * must return what vfio-pci returns for it (rw_expect()), every ioctl
 * succeed or fail with an errno vfio-pci uses; the registers stay sane;
 * afterwards the device still exchanges frames with @rep.
 */
static int cmd_fuzz(struct vdev *d, const char *rep)
{
	static const size_t sizes[] = { 0, 1, 2, 3, 4, 8, 256, 5000 };
	static const unsigned long cmds[] = {
		VFIO_DEVICE_GET_INFO, VFIO_DEVICE_GET_REGION_INFO,
		VFIO_DEVICE_GET_IRQ_INFO, VFIO_DEVICE_SET_IRQS,
		VFIO_DEVICE_RESET, VFIO_DEVICE_QUERY_GFX_PLANE,
		_IO(VFIO_TYPE, VFIO_BASE + 40),
	};
	static u8 buf[8192];
	long i, done = 0, wrong = 0, ret;

	for (i = 0; fuzz_more(i) && wrong < 10; i++) {
		size_t len = sizes[rnd() % 8];
		u64 off = rnd_offset(d);
		unsigned int j;

		for (j = 0; j < sizeof(buf) / 8; j++)
			((u64 *)buf)[j] = rnd() % 3 ? rnd() % 0x40 : rnd();
		switch (rnd() % 3) {
		case 0:
			ret = pread(d->fd, buf, len, off);
			count(ret < 0 ? "read-refused" : "read");
			if (!rw_check(d, ret, off, len, "a read"))
				wrong++;
			break;
		case 1:
			/* Now and then a valid argsz, index and fd */
			((u32 *)buf)[0] = rnd() % 2 ? 20 + rnd() % 40 :
						   rnd();
			ret = ioctl(d->fd, cmds[rnd() % 7], buf);
			count(ret < 0 ? "ioctl-refused" : "ioctl");
			if (ret < 0 && errno != EINVAL && errno != EFAULT &&
			    errno != ENOTTY && errno != EBADF) {
				fail("an ioctl fails with a vfio-pci errno");
				wrong++;
			}
			break;
		default:
			ret = pwrite(d->fd, buf, len, off);
			count(ret < 0 ? "write-refused" : "write");
			if (!rw_check(d, ret, off, len, "a write"))
				wrong++;
			break;
		}
		if (ret >= 0)
			done++;
		if (!(i % 256) && !sane(d))
			wrong++;
	}
	if (!sane(d))
		wrong++;
	check(!wrong, "%ld random accesses, %ld done, as vfio-pci (%ld bad)",
	      i, done, wrong);
	print_counts("fuzz");
	if (!rep)
		return failures;
	dev_restart(d);
	return cmd_pingpong(d, rep);
}

/*
 * The rings are the engine's untrusted input: random descriptors (mostly
 * inside the mapped buffer area, now and then anywhere), random heads,
 * chains, flags and available indexes, and kicks. What the device writes
 * back must make sense: no more used entries than were made available,
 * heads in the table, no length on a transmit buffer, no receive longer
 * than a frame; NEEDS_RESET comes with a configuration interrupt, and a
 * reset recovers the device. Afterwards it exchanges frames with @rep.
 */
static int cmd_ring_fuzz(struct vdev *d, const char *rep)
{
	long i, errors = 0, wrong = 0;
	u64 v;

	while (read(d->irq[0], &v, sizeof(v)) == sizeof(v))
		;
	for (i = 0; fuzz_more(i) && wrong < 10; i++) {
		int q = rnd() % 2;
		struct vq *vq = &d->vq[q];
		unsigned int j;
		u16 idx;

		for (j = 0; j < QSIZE; j++) {
			if (rnd() % 4)
				continue;
			vq->desc[j].addr = rnd() % 8 ? DMA_IOVA + 0x10000 +
				rnd() % (DMA_SIZE - 0x10000) : rnd();
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
		count(q == TXQ ? "tx-kick" : "rx-kick");

		for (q = 0; q < 2; q++) {
			u16 avail;

			/* The device uses at most what was made available
			 * since the last used entry seen. That may be more
			 * than QSIZE: this driver does not wait for used
			 * entries, and a device that lagged behind catches
			 * up with up to QSIZE pending entries plus the new.
			 */
			vq = &d->vq[q];
			idx = __atomic_load_n(&vq->used->idx, __ATOMIC_ACQUIRE);
			avail = vq->avail_idx - vq->used_seen;
			if ((u16)(idx - vq->used_seen) > avail) {
				errno = 0;
				fail("queue %d: %u used, %u made available", q,
				     (u16)(idx - vq->used_seen), avail);
				wrong++;
				vq->used_seen = idx;
			}
			for (; vq->used_seen != idx; vq->used_seen++) {
				struct vring_used_elem e =
					vq->used->ring[vq->used_seen % QSIZE];

				if (e.id < QSIZE &&
				    (q == TXQ ? !e.len :
				     e.len <= HDR_LEN + 1518))
					continue;
				errno = 0;
				fail("queue %d: used id %u len %u", q, e.id,
				     e.len);
				wrong++;
			}
		}
		if (crd(d, CCFG(device_status)) & VIRTIO_CONFIG_S_NEEDS_RESET) {
			count("needs-reset");
			errors++;
			if (!check(wait_irq(d->irq[0], 2000),
				   "NEEDS_RESET with a config interrupt"))
				wrong++;
			virtio_start(d);
			if (!sane(d))
				wrong++;
		}
	}
	check(!wrong, "%ld random ring updates, the device stopped %ld times",
	      i, errors);
	print_counts("ringfuzz");
	if (!rep)
		return failures;
	dev_restart(d);
	return cmd_pingpong(d, rep);
}

/*
 * statefuzz: random walks over the device status machine and the queue
 * registers, checked against a model of what the device must answer.
 *
 * The model is what virtio 1.1 (2.1, 3.1, 4.1.4.3) and the engine's
 * documented rules say (Documentation/vfio.rst): the driver sets status
 * bits and only a reset (status 0, or VFIO_DEVICE_RESET) clears them;
 * FEATURES_OK is kept only for features the device offers, VERSION_1
 * among them; DRIVER_OK needs FEATURES_OK; only the device sets
 * NEEDS_RESET; features are fixed from FEATURES_OK on; the queue registers
 * are ignored for a missing or enabled queue and from DRIVER_OK on; a
 * queue size is a power of 2 up to the maximum; a vector past the last
 * reads VIRTIO_MSI_NO_VECTOR. After every step each register must read
 * what the model says.
 *
 * The client's own rings (a queue set up of QSIZE entries at its place)
 * carry traffic: transmitted frames and receive buffers, which the
 * representor fills meanwhile. While every enabled queue is the client's
 * the device must not break, and what it uses must be what was made
 * available; once FAILED or a reset returned it must not write a used
 * ring again. A queue enabled on misaligned rings breaks the device at
 * DRIVER_OK, one whose transmit ring is not mapped soon after. SET_IRQS
 * swaps the eventfds: a loopback trigger signals the one the device
 * holds, and an eventfd the device no longer holds is never signalled.
 */

struct mq {
	u16 size, vector;
	u64 desc, avail, used;
	bool enabled;
	u8 posted;		/* descriptors made available, not used */
	bool frozen;		/* stopped: the used index must stay */
	u16 frozen_idx;
};

struct model {
	u8 status;
	u32 dfeat_sel, gfeat_sel;
	u64 features;
	u16 msix_config, queue_sel;
	struct mq q[2];
	bool may_break;		/* a queue not the client's ran */
	double break_by;	/* NEEDS_RESET due by then; 0: not due */
	int held[NR_VECTORS];	/* the eventfd of each vector, or -1 */
	int spare[NR_VECTORS];
	int req_held, req_spare;
	int wrong;
};

#define S_NEEDS_RESET	VIRTIO_CONFIG_S_NEEDS_RESET
#define S_FEATURES_OK	VIRTIO_CONFIG_S_FEATURES_OK
#define S_DRIVER_OK	VIRTIO_CONFIG_S_DRIVER_OK
#define S_FAILED	VIRTIO_CONFIG_S_FAILED

static u64 ring_iova(int q, unsigned int off)
{
	static const unsigned int offs[] = { DESC_OFF(0), AVAIL_OFF(0),
					     USED_OFF(0) };

	return DMA_IOVA + RING_OFF(q) + offs[off];
}

/* The bytes the device reads or writes of each ring of a queue */
static u64 ring_len(const struct mq *q, unsigned int which)
{
	switch (which) {
	case 0:
		return 16ULL * q->size;
	case 1:
		return 6 + 2ULL * q->size;
	default:
		return 6 + 8ULL * q->size;
	}
}

static u64 mq_addr(const struct mq *q, unsigned int which)
{
	return which == 0 ? q->desc : which == 1 ? q->avail : q->used;
}

static bool mapped(u64 addr, u64 len)
{
	return addr >= DMA_IOVA && addr + len >= addr &&
	       addr + len <= DMA_IOVA + DMA_SIZE;
}

static bool overlaps(u64 a, u64 alen, u64 b, u64 blen)
{
	return a < b + blen && b < a + alen;
}

/* Queue @qi is enabled on the client's own rings, which no other enabled
 * queue's rings overlap: its traffic is checked
 */
static bool mq_clean(const struct model *m, int qi)
{
	const struct mq *q = &m->q[qi], *o = &m->q[!qi];
	unsigned int w;

	if (!q->enabled || q->size != QSIZE)
		return false;
	for (w = 0; w < 3; w++)
		if (mq_addr(q, w) != ring_iova(qi, w))
			return false;
	for (w = 0; o->enabled && w < 3; w++)
		if (overlaps(mq_addr(o, w), ring_len(o, w),
			     DMA_IOVA + RING_OFF(qi), 0x1000))
			return false;
	return true;
}

static bool all_clean(const struct model *m)
{
	return (!m->q[0].enabled || mq_clean(m, 0)) &&
	       (!m->q[1].enabled || mq_clean(m, 1));
}

static u16 used_idx(struct vdev *d, int q)
{
	return __atomic_load_n(&d->vq[q].used->idx, __ATOMIC_ACQUIRE);
}

/* The device was reset: the model and the client's rings, as new. The
 * device no longer touches them once the reset returned.
 */
static void model_reset(struct vdev *d, struct model *m)
{
	int q;

	m->status = 0;
	m->dfeat_sel = 0;
	m->gfeat_sel = 0;
	m->features = 0;
	m->msix_config = VIRTIO_MSI_NO_VECTOR;
	m->queue_sel = 0;
	m->may_break = false;
	m->break_by = 0;
	for (q = 0; q < 2; q++) {
		memset(&m->q[q], 0, sizeof(m->q[q]));
		m->q[q].size = 256;
		m->q[q].vector = VIRTIO_MSI_NO_VECTOR;
		m->q[q].frozen = true;
		memset(d->mem + RING_OFF(q), 0, 0x1000);
		d->vq[q].avail_idx = 0;
		d->vq[q].used_seen = 0;
	}
}

static bool features_ok(struct vdev *d, const struct model *m)
{
	return !(m->features & ~d->features) &&
	       (m->features & (1ULL << VIRTIO_F_VERSION_1));
}

static void set_half(u64 *v, u32 sel, u32 val)
{
	if (sel)
		*v = (*v & 0xffffffffULL) | (u64)val << 32;
	else
		*v = (*v & ~0xffffffffULL) | val;
}

/* A status write, as the model takes it */
static void model_status(struct vdev *d, struct model *m, u8 v)
{
	u8 old = m->status, set;
	int q;

	if (!v) {
		count("reset");
		model_reset(d, m);
		return;
	}
	set = v & ~old & ~S_NEEDS_RESET;
	if (old & ~v & ~S_NEEDS_RESET)
		count("status-clearing");
	if (v & S_NEEDS_RESET)
		count("status-needs-reset");
	if ((set & S_FEATURES_OK) && !features_ok(d, m)) {
		count("features-refused");
		set &= ~S_FEATURES_OK;
	}
	if ((set & S_DRIVER_OK) && !((old | set) & S_FEATURES_OK)) {
		count("driver-ok-refused");
		set &= ~S_DRIVER_OK;
	}
	m->status |= set;
	if (set & S_FAILED) {
		count("failed");
		m->break_by = 0;
		for (q = 0; q < 2; q++) {
			m->q[q].frozen = true;
			m->q[q].frozen_idx = used_idx(d, q);
		}
		return;
	}
	if (!(set & S_DRIVER_OK) || (m->status & S_FAILED))
		return;
	count("driver-ok");
	for (q = 0; q < 2; q++) {
		struct mq *mq = &m->q[q];

		if (!mq->enabled)
			continue;
		mq->frozen = false;
		if (mq_clean(m, q))
			continue;
		m->may_break = true;
		/* The engine checks the alignment at DRIVER_OK (virtio 1.1,
		 * 2.6: 16, 2 and 4 bytes), and its transmit worker reads
		 * the available index at once
		 */
		if (mq->desc % 16 || mq->avail % 2 || mq->used % 4)
			m->break_by = 0.000001;	/* now */
		else if (q == TXQ && !mapped(mq->avail + 2, 2) && !m->break_by)
			m->break_by = fuzz_elapsed() + 5;
	}
	if (all_clean(m))
		count("driver-ok-clean");
}

/* A common configuration write, and what the model makes of it */
static void sf_write(struct vdev *d, struct model *m, unsigned int off,
		     u32 v)
{
	struct mq *q = m->queue_sel < 2 ? &m->q[m->queue_sel] : NULL;
	int qi = m->queue_sel;

	v &= ccfg_width(off) == 4 ? 0xffffffff :
	     ccfg_width(off) == 2 ? 0xffff : 0xff;
	cwr(d, off, v);
	switch (off) {
	case CCFG(device_feature_select):
		m->dfeat_sel = v;
		return;
	case CCFG(guest_feature_select):
		m->gfeat_sel = v;
		return;
	case CCFG(guest_feature):
		if (m->gfeat_sel < 2 && !(m->status & S_FEATURES_OK))
			set_half(&m->features, m->gfeat_sel, v);
		else
			count("features-fixed");
		return;
	case CCFG(msix_config):
		m->msix_config = v < NR_VECTORS ? v : VIRTIO_MSI_NO_VECTOR;
		return;
	case CCFG(device_status):
		model_status(d, m, v);
		return;
	case CCFG(queue_select):
		m->queue_sel = v;
		return;
	}
	if (!q || (m->status & S_DRIVER_OK) || q->enabled) {
		count(m->status & S_DRIVER_OK ? "queue-reg-after-driver-ok" :
		      "queue-reg-ignored");
		return;
	}
	switch (off) {
	case CCFG(queue_size):
		if (v && v <= 256 && !(v & (v - 1)))
			q->size = v;
		break;
	case CCFG(queue_msix_vector):
		q->vector = v < NR_VECTORS ? v : VIRTIO_MSI_NO_VECTOR;
		break;
	case CCFG(queue_enable):
		if (v != 1)
			break;
		q->enabled = true;
		q->posted = 0;
		/* The device has not run since the reset: a fresh ring */
		memset(d->mem + RING_OFF(qi), 0, 0x1000);
		d->vq[qi].avail_idx = 0;
		d->vq[qi].used_seen = 0;
		q->frozen_idx = 0;
		break;
	case CCFG(queue_desc_lo):
	case CCFG(queue_desc_hi):
		set_half(&q->desc, off == CCFG(queue_desc_hi), v);
		break;
	case CCFG(queue_avail_lo):
	case CCFG(queue_avail_hi):
		set_half(&q->avail, off == CCFG(queue_avail_hi), v);
		break;
	case CCFG(queue_used_lo):
	case CCFG(queue_used_hi):
		set_half(&q->used, off == CCFG(queue_used_hi), v);
		break;
	}
}

static void sf_expect(struct model *m, const char *what, u64 got, u64 want)
{
	if (got == want)
		return;
	errno = 0;
	fail("%s reads 0x%llx, not 0x%llx (status 0x%x)", what,
	     (unsigned long long)got, (unsigned long long)want, m->status);
	m->wrong++;
}

/* The registers of the selected queue */
static void sf_check_queue(struct vdev *d, struct model *m)
{
	const struct mq *q = m->queue_sel < 2 ? &m->q[m->queue_sel] : NULL;
	static const struct mq none = { .vector = VIRTIO_MSI_NO_VECTOR };

	if (!q)
		q = &none;
	sf_expect(m, "queue_size", crd(d, CCFG(queue_size)), q->size);
	sf_expect(m, "queue_msix_vector", crd(d, CCFG(queue_msix_vector)),
		  q->vector);
	sf_expect(m, "queue_enable", crd(d, CCFG(queue_enable)), q->enabled);
	sf_expect(m, "queue_notify_off", crd(d, CCFG(queue_notify_off)),
		  q == &none ? 0 : m->queue_sel);
	sf_expect(m, "queue_desc", crd(d, CCFG(queue_desc_lo)) |
		  (u64)crd(d, CCFG(queue_desc_hi)) << 32, q->desc);
	sf_expect(m, "queue_avail", crd(d, CCFG(queue_avail_lo)) |
		  (u64)crd(d, CCFG(queue_avail_hi)) << 32, q->avail);
	sf_expect(m, "queue_used", crd(d, CCFG(queue_used_lo)) |
		  (u64)crd(d, CCFG(queue_used_hi)) << 32, q->used);
}

/* Every register of the common configuration against the model */
static void sf_check(struct vdev *d, struct model *m)
{
	u32 sel;
	u8 st;

	sel = m->dfeat_sel;
	sf_expect(m, "device_feature_select",
		  crd(d, CCFG(device_feature_select)), sel);
	sf_expect(m, "device_feature", crd(d, CCFG(device_feature)),
		  sel < 2 ? (u32)(d->features >> (32 * sel)) : 0);
	sel = m->gfeat_sel;
	sf_expect(m, "guest_feature_select",
		  crd(d, CCFG(guest_feature_select)), sel);
	sf_expect(m, "guest_feature", crd(d, CCFG(guest_feature)),
		  sel < 2 ? (u32)(m->features >> (32 * sel)) : 0);
	sf_expect(m, "msix_config", crd(d, CCFG(msix_config)),
		  m->msix_config);
	sf_expect(m, "num_queues", crd(d, CCFG(num_queues)), 2);
	sf_expect(m, "queue_select", crd(d, CCFG(queue_select)),
		  m->queue_sel);
	sf_check_queue(d, m);

	/* The device sets NEEDS_RESET when a ring it runs breaks */
	st = crd(d, CCFG(device_status));
	if (st == (m->status | S_NEEDS_RESET) && st != m->status &&
	    (m->status & S_DRIVER_OK)) {
		count("needs-reset");
		errno = 0;
		if (!m->may_break) {
			fail("status 0x%x: broke on the client's rings",
			     st);
			m->wrong++;
		}
		m->status = st;
		m->break_by = 0;
		return;
	}
	sf_expect(m, "device_status", st, m->status);
	if (m->break_by && !(m->status & S_NEEDS_RESET) &&
	    fuzz_elapsed() > m->break_by) {
		errno = 0;
		fail("%s",
		     "a queue on bad rings ran: no NEEDS_RESET");
		m->wrong++;
		m->break_by = 0;
	}
}

/* What the device used of the client's rings, when all it runs is them;
 * and nothing once it stopped
 */
static void sf_reap(struct vdev *d, struct model *m)
{
	int q;

	for (q = 0; q < 2; q++) {
		struct mq *mq = &m->q[q];
		struct vq *vq = &d->vq[q];
		u16 idx;

		if (!mq_clean(m, q))
			continue;
		idx = used_idx(d, q);
		if (mq->frozen) {
			if (idx != mq->frozen_idx) {
				errno = 0;
				fail("queue %d: stopped, used index %u -> %u",
				     q, mq->frozen_idx, idx);
				m->wrong++;
				mq->frozen_idx = idx;
			}
			continue;
		}
		if (!all_clean(m))
			continue;
		for (; vq->used_seen != idx; vq->used_seen++) {
			struct vring_used_elem e =
				vq->used->ring[vq->used_seen % QSIZE];

			if (e.id < QSIZE && (mq->posted & 1u << e.id) &&
			    (q == TXQ ? !e.len : e.len > HDR_LEN &&
			     e.len <= HDR_LEN + 1518)) {
				mq->posted &= ~(1u << e.id);
				count(q == TXQ ? "tx-used" : "rx-used");
				continue;
			}
			errno = 0;
			fail("queue %d: used id %u len %u (available 0x%x)",
			     q, e.id, e.len, mq->posted);
			m->wrong++;
			vq->used_seen = idx;
			break;
		}
	}
}

static u64 sf_ring_addr(int q, u64 r);

/* Queue @q set up as a driver does: on the client's own rings, or, with
 * @bad, one of them elsewhere (sf_ring_addr())
 */
static void sf_queue_setup(struct vdev *d, struct model *m, int q, u64 bad)
{
	u64 a[3] = { ring_iova(q, 0), ring_iova(q, 1), ring_iova(q, 2) };

	if (bad) {
		a[bad % 3] = sf_ring_addr(q, bad >> 2);
		count("queue-setup-bad");
	}
	sf_write(d, m, CCFG(queue_select), q);
	sf_write(d, m, CCFG(queue_size), QSIZE);
	sf_write(d, m, CCFG(queue_msix_vector), q + 1);
	sf_write(d, m, CCFG(queue_desc_lo), a[0]);
	sf_write(d, m, CCFG(queue_desc_hi), a[0] >> 32);
	sf_write(d, m, CCFG(queue_avail_lo), a[1]);
	sf_write(d, m, CCFG(queue_avail_hi), a[1] >> 32);
	sf_write(d, m, CCFG(queue_used_lo), a[2]);
	sf_write(d, m, CCFG(queue_used_hi), a[2] >> 32);
	sf_write(d, m, CCFG(queue_enable), 1);
}

/* A driver's initialisation, with the features and queues of @r */
static void sf_start(struct vdev *d, struct model *m, u64 r)
{
	u64 want = d->features;

	sf_write(d, m, CCFG(device_status), 0);
	sf_write(d, m, CCFG(device_status), VIRTIO_CONFIG_S_ACKNOWLEDGE);
	sf_write(d, m, CCFG(device_status), VIRTIO_CONFIG_S_ACKNOWLEDGE |
		 VIRTIO_CONFIG_S_DRIVER);
	if (r & 1)	/* the bare minimum, else all offered */
		want &= 1ULL << VIRTIO_F_VERSION_1 | 1ULL << VIRTIO_NET_F_MAC;
	sf_write(d, m, CCFG(guest_feature_select), 0);
	sf_write(d, m, CCFG(guest_feature), want);
	sf_write(d, m, CCFG(guest_feature_select), 1);
	sf_write(d, m, CCFG(guest_feature), want >> 32);
	sf_write(d, m, CCFG(device_status), VIRTIO_CONFIG_S_ACKNOWLEDGE |
		 VIRTIO_CONFIG_S_DRIVER | S_FEATURES_OK);
	sf_write(d, m, CCFG(msix_config), 0);
	/* One start in four has a queue on rings not the client's */
	if (r & 2)
		sf_queue_setup(d, m, RXQ, r & 0x30 ? 0 : r >> 8);
	if (r & 4)
		sf_queue_setup(d, m, TXQ, r & 0xc0 ? 0 : r >> 16);
	if (r & 8)	/* else it stops before DRIVER_OK */
		sf_write(d, m, CCFG(device_status), S_RUNNING);
	count("driver-start");
}

/* Transmitted frames and receive buffers on the client's rings */
static void sf_traffic(struct vdev *d, struct model *m, u64 r)
{
	int q, i, n;

	for (q = 0; q < 2; q++) {
		struct mq *mq = &m->q[q];

		if (!mq_clean(m, q))
			continue;
		for (i = 0, n = 0; i < QSIZE && n <= (int)(r % 4); i++) {
			if (mq->posted & 1u << i)
				continue;
			if (q == TXQ)
				tx_post(d, i);
			else
				vq_post(d, RXQ, i, DMA_IOVA + BUF_OFF(RXQ, i),
					BUF_SIZE, true);
			mq->posted |= 1u << i;
			n++;
			count(q == TXQ ? "tx-posted" : "rx-posted");
		}
		/* Not vq_kick(): the queue selected is the model's */
		if (n)
			wr(d, d->notify + q * d->notify_mult, 2, q);
		r >>= 2;
	}
	/* A reset as the device takes the buffers */
	if (r % 8 == 0) {
		count("reset-mid-traffic");
		sf_write(d, m, CCFG(device_status), 0);
	}
}

/* An address for a ring register: the client's, the other queue's,
 * misaligned, unmapped, across the end of the map, 0 or random
 */
static u64 sf_ring_addr(int q, u64 r)
{
	unsigned int which = (r >> 8) % 3;

	switch (r % 10) {
	case 0:
		return ring_iova(!q, which);
	case 1:
		return ring_iova(q, which) + 1 + (r >> 16) % 3;
	case 2:
		return 0xdead0000;
	case 3:
		return DMA_IOVA + DMA_SIZE - 4;
	case 4:
		return 0;
	case 5:
		return r >> 12;
	default:
		return ring_iova(q, which);
	}
}

/* A queue register written with a value it might get, or anything */
static void sf_queue_reg(struct vdev *d, struct model *m, u64 r)
{
	static const unsigned int regs[] = {
		CCFG(queue_size), CCFG(queue_msix_vector), CCFG(queue_enable),
		CCFG(queue_desc_lo), CCFG(queue_desc_hi),
		CCFG(queue_avail_lo), CCFG(queue_avail_hi),
		CCFG(queue_used_lo), CCFG(queue_used_hi),
	};
	static const u32 sizes[] = { 0, 1, 3, 4, 8, 16, 256, 512, 0xffff };
	unsigned int off = regs[r % ARRAY_SIZE(regs)];
	int q = m->queue_sel < 2 ? m->queue_sel : 0;
	u64 a = sf_ring_addr(q, r >> 8);
	u32 v;

	r >>= 4;
	switch (off) {
	case CCFG(queue_size):
		v = r % 4 ? sizes[(r >> 2) % ARRAY_SIZE(sizes)] : r >> 8;
		break;
	case CCFG(queue_msix_vector):
		v = r % 4 ? (r >> 2) % (NR_VECTORS + 1) : r >> 8;
		break;
	case CCFG(queue_enable):
		v = r % 4 ? 1 : r >> 8;
		break;
	case CCFG(queue_desc_hi):
	case CCFG(queue_avail_hi):
	case CCFG(queue_used_hi):
		v = r % 4 ? 0 : a >> 32 | r >> 40;
		break;
	default:
		v = a;
		break;
	}
	count(m->status & S_DRIVER_OK ? "queue-reg-late" : "queue-reg");
	sf_write(d, m, off, v);
}

/* A status write: the next step of a driver, a subset of the steps in
 * any order, DRIVER_OK cleared and set again, FAILED, NEEDS_RESET, or any
 * byte
 */
static void sf_status(struct vdev *d, struct model *m, u64 r)
{
	static const u8 steps[] = {
		VIRTIO_CONFIG_S_ACKNOWLEDGE, VIRTIO_CONFIG_S_DRIVER,
		S_FEATURES_OK, S_DRIVER_OK,
	};
	u8 old = m->status & ~S_NEEDS_RESET, v;

	switch (r % 8) {
	case 0:
	case 1:
		v = old | steps[(r >> 3) % 4];
		break;
	case 2:
		v = (r >> 3) & 0xf;
		break;
	case 3:
		count("driver-ok-toggle");
		sf_write(d, m, CCFG(device_status), old & ~S_DRIVER_OK);
		v = old | S_DRIVER_OK;
		break;
	case 4:
		v = old | S_FAILED;
		break;
	case 5:
		v = old | S_NEEDS_RESET;
		break;
	default:
		v = r >> 3;
		break;
	}
	if (!v)
		v = VIRTIO_CONFIG_S_ACKNOWLEDGE;
	count("status");
	sf_write(d, m, CCFG(device_status), v);
}

static void sf_features(struct vdev *d, struct model *m, u64 r)
{
	static const u32 sels[] = { 0, 1, 0, 1, 2, 0xffffffff };
	u32 sel = sels[r % ARRAY_SIZE(sels)], v;

	if (r & 8)
		sel = r >> 32;
	v = sel < 2 ? d->features >> (32 * sel) : 0;
	switch ((r >> 4) % 5) {
	case 0:
		v &= r >> 16;
		break;
	case 1:
		v |= 1u << (r >> 16) % 32;
		break;
	case 2:
		v = r >> 16;
		break;
	case 3:
		v &= ~(1u << (VIRTIO_F_VERSION_1 - 32));
		break;
	}
	count("features");
	sf_write(d, m, CCFG(guest_feature_select), sel);
	sf_write(d, m, CCFG(guest_feature), v);
}

/* Drains eventfd @fd; true if it had been signalled */
static bool efd_drain(int fd)
{
	u64 v;
	bool any = false;

	while (read(fd, &v, sizeof(v)) == sizeof(v))
		any = true;
	return any;
}

/* The client's eventfds the device does not hold must not fire */
static void sf_check_irqs(struct vdev *d, struct model *m)
{
	int v, i, fd;

	for (v = 0; v < NR_VECTORS + 1; v++) {
		for (i = 0; i < 2; i++) {
			if (v == NR_VECTORS)
				fd = i ? m->req_spare : d->req;
			else
				fd = i ? m->spare[v] : d->irq[v];
			if (fd == (v < NR_VECTORS ? m->held[v] : m->req_held))
				continue;
			if (efd_drain(fd)) {
				errno = 0;
				fail("vector %d: an eventfd let go of fired",
				     v);
				m->wrong++;
			}
		}
	}
}

static long sf_set_irqs(struct vdev *d, unsigned int index, unsigned int flags,
			unsigned int start, unsigned int n, const void *data,
			size_t size)
{
	char buf[sizeof(struct vfio_irq_set) + 16];
	struct vfio_irq_set *set = (void *)buf;

	set->argsz = sizeof(*set) + size;
	set->flags = flags;
	set->index = index;
	set->start = start;
	set->count = n;
	memcpy(set->data, data, size);
	return ioctl(d->fd, VFIO_DEVICE_SET_IRQS, set);
}

/* SET_IRQS: eventfds given and released, an index disabled, loopback
 * triggers; the device must take each
 */
static void sf_irqs(struct vdev *d, struct model *m, u64 r)
{
	int fds[NR_VECTORS], old[NR_VECTORS], v, start, n, i;
	u8 bools[NR_VECTORS];
	bool req = (r >> 3) % 4 == 0;
	int *held = req ? &m->req_held : m->held;
	unsigned int index = req ? VFIO_PCI_REQ_IRQ_INDEX :
				   VFIO_PCI_MSIX_IRQ_INDEX;
	int nv = req ? 1 : NR_VECTORS;
	long ret = 0;

	start = (r >> 5) % nv;
	n = 1 + (r >> 7) % (nv - start);
	r >>= 9;
	memcpy(old, held, nv * sizeof(int));
	switch (r % 4) {
	case 0:
	case 1:
		for (i = 0; i < n; i++) {
			v = start + i;
			fds[i] = (r >> (2 + 2 * i)) % 3 == 0 ? -1 :
				 (r >> (2 + 2 * i)) % 3 == 1 ?
				 (req ? d->req : d->irq[v]) :
				 (req ? m->req_spare : m->spare[v]);
			held[v] = fds[i];
		}
		count("set-irqs-eventfd");
		ret = sf_set_irqs(d, index, VFIO_IRQ_SET_DATA_EVENTFD |
				  VFIO_IRQ_SET_ACTION_TRIGGER, start, n, fds,
				  n * sizeof(int));
		break;
	case 2:
		for (i = 0; i < nv; i++)
			held[i] = -1;
		count("set-irqs-disable");
		ret = sf_set_irqs(d, index, VFIO_IRQ_SET_DATA_NONE |
				  VFIO_IRQ_SET_ACTION_TRIGGER, 0, 0, NULL, 0);
		break;
	default:
		/* Loopback: the vectors triggered fire their eventfds */
		for (i = 0; i < n; i++) {
			bools[i] = (r >> (2 + i)) & 1;
			if (held[start + i] >= 0)
				efd_drain(held[start + i]);
		}
		count("set-irqs-trigger");
		if (r & 0x100) {
			memset(bools, 1, sizeof(bools));
			ret = sf_set_irqs(d, index, VFIO_IRQ_SET_DATA_NONE |
					  VFIO_IRQ_SET_ACTION_TRIGGER, start,
					  n, NULL, 0);
		} else {
			ret = sf_set_irqs(d, index, VFIO_IRQ_SET_DATA_BOOL |
					  VFIO_IRQ_SET_ACTION_TRIGGER, start,
					  n, bools, n);
		}
		for (i = 0; !ret && i < n; i++) {
			if (!bools[i] || held[start + i] < 0)
				continue;
			count("irq-loopback");
			if (!efd_drain(held[start + i])) {
				errno = 0;
				fail("vector %d: a loopback did not fire",
				     start + i);
				m->wrong++;
			}
		}
		break;
	}
	if (ret) {
		fail("SET_IRQS of index %u, vectors %d+%d", index, start, n);
		m->wrong++;
	}
	/* What the device let go of: drained, it must stay quiet */
	for (i = 0; i < nv; i++)
		if (old[i] >= 0 && old[i] != held[i])
			efd_drain(old[i]);
}

/* MSI-X table, its control bits and the command register: memory and
 * emulated bits, read back
 */
static void sf_msix(struct vdev *d, struct model *m, u64 r)
{
	u32 off = (r % 0x200) * 4, v = r >> 16;
	u16 w = r >> 48;

	count("msix-table");
	wr(d, d->bar_off[1] + off, 4, v);
	sf_expect(m, "an MSI-X table entry", rd(d, d->bar_off[1] + off, 4), v);
	sf_expect(m, "the PBA", rd(d, d->bar_off[1] + 0x800 + off % 0x100, 4),
		  0);
	wr(d, d->cfg_off + 0x84 + PCI_MSIX_FLAGS, 2, w);
	sf_expect(m, "the MSI-X control", rd(d, d->cfg_off + 0x84 +
					       PCI_MSIX_FLAGS, 2),
		  (NR_VECTORS - 1) |
		  (w & (PCI_MSIX_FLAGS_ENABLE | PCI_MSIX_FLAGS_MASKALL)));
	wr(d, d->cfg_off + PCI_COMMAND, 2, w);
	sf_expect(m, "the command register", rd(d, d->cfg_off + PCI_COMMAND, 2),
		  w & (PCI_COMMAND_MEMORY | PCI_COMMAND_MASTER |
		       PCI_COMMAND_INTX_DISABLE));
}

/* The DMA area's two pieces, the rings and the buffers: @unmap, or map */
static void sf_dma(struct vdev *d, unsigned int pieces, bool unmap)
{
	static const u64 at[] = { 0, 0x10000, DMA_SIZE };
	unsigned int i;

	for (i = 0; i < 2; i++) {
		struct vfio_iommu_type1_dma_unmap u = {
			.argsz = sizeof(u), .iova = DMA_IOVA + at[i],
			.size = at[i + 1] - at[i],
		};
		struct vfio_iommu_type1_dma_map mp = {
			.argsz = sizeof(mp), .vaddr = (uintptr_t)d->mem + at[i],
			.iova = DMA_IOVA + at[i], .size = at[i + 1] - at[i],
			.flags = VFIO_DMA_MAP_FLAG_READ |
				 VFIO_DMA_MAP_FLAG_WRITE,
		};

		if (!(pieces & 1u << i))
			continue;
		if (unmap ? ioctl(d->container, VFIO_IOMMU_UNMAP_DMA, &u) :
			    ioctl(d->container, VFIO_IOMMU_MAP_DMA, &mp))
			die("%s of 0x%llx bytes at 0x%llx",
			    unmap ? "VFIO_IOMMU_UNMAP_DMA" :
				    "VFIO_IOMMU_MAP_DMA",
			    (unsigned long long)u.size,
			    (unsigned long long)u.iova);
	}
}

/* The rings, the buffers or both unmapped under the device and mapped
 * again: the device may find them gone meanwhile and break
 */
static void sf_dma_remap(struct vdev *d, struct model *m, u64 r)
{
	unsigned int pieces = 1 + r % 3;

	count("dma-unmap");
	if (m->status & S_DRIVER_OK)
		m->may_break = true;
	sf_dma(d, pieces, true);
	if (r & 4)
		usleep(1000);
	sf_dma(d, pieces, false);
}

/* What no access may change: the ids, the MAC */
static void sf_ids(struct vdev *d, struct model *m)
{
	u8 mac[6];

	sf_expect(m, "the vendor and device ids", rd(d, d->cfg_off, 4),
		  0x10411af4);
	sf_expect(m, "the class and revision",
		  rd(d, d->cfg_off + PCI_CLASS_REVISION, 4), 0x02000001);
	if (pread(d->fd, mac, 6, d->device) != 6 || memcmp(mac, d->mac, 6)) {
		fail("the device configuration keeps the MAC");
		m->wrong++;
	}
}

static int cmd_state_fuzz(struct vdev *d, const char *rep)
{
	struct model *m = calloc(1, sizeof(*m));
	long i;
	int v;

	for (v = 0; v < NR_VECTORS; v++) {
		m->held[v] = d->irq[v];
		m->spare[v] = eventfd(0, EFD_NONBLOCK);
	}
	m->req_held = d->req;
	m->req_spare = eventfd(0, EFD_NONBLOCK);
	sf_write(d, m, CCFG(device_status), 0);
	/* The DMA area in two pieces, unmapped apart (type1v2 unmaps whole
	 * mappings only)
	 */
	{
		struct vfio_iommu_type1_dma_unmap u = {
			.argsz = sizeof(u), .iova = DMA_IOVA, .size = DMA_SIZE,
		};

		if (ioctl(d->container, VFIO_IOMMU_UNMAP_DMA, &u))
			die("VFIO_IOMMU_UNMAP_DMA");
		sf_dma(d, 3, false);
	}
	for (i = 0; fuzz_more(i) && m->wrong < 10; i++) {
		u64 r = rnd(), r2 = rnd();

		switch (r % 100) {
		case 0 ... 13:
			sf_status(d, m, r2);
			break;
		case 14 ... 16:
			count("status-0");
			sf_write(d, m, CCFG(device_status), 0);
			break;
		case 17 ... 18:
			count("vfio-reset");
			if (ioctl(d->fd, VFIO_DEVICE_RESET)) {
				fail("VFIO_DEVICE_RESET");
				m->wrong++;
			}
			model_reset(d, m);
			break;
		case 19 ... 24:
			sf_features(d, m, r2);
			break;
		case 25 ... 27:
			count("device-feature-select");
			sf_write(d, m, CCFG(device_feature_select),
				 r2 % 4 ? r2 % 3 : r2 >> 32);
			break;
		case 28 ... 33:
			count("queue-select");
			sf_write(d, m, CCFG(queue_select),
				 r2 % 4 ? r2 % 3 : r2 >> 48);
			break;
		case 34 ... 45:
			sf_queue_reg(d, m, r2);
			break;
		case 46 ... 52:
			count("queue-setup");
			sf_queue_setup(d, m, r2 % 2, r2 & 6 ? 0 : r2 >> 8);
			break;
		case 53 ... 55:
			count("msix-config");
			sf_write(d, m, CCFG(msix_config),
				 r2 % 4 ? r2 % (NR_VECTORS + 1) : r2 >> 48);
			break;
		case 56 ... 61:
			sf_irqs(d, m, r2);
			break;
		case 62 ... 75:
			sf_traffic(d, m, r2);
			break;
		case 76 ... 81:
			count("kick");
			wr(d, d->notify + (r2 % 2) * d->notify_mult, 2,
			   r2 >> 8);
			break;
		case 82 ... 84:
			count("isr");
			v = rd(d, d->isr, 1);
			sf_expect(m, "the ISR's unused bits", v & ~3, 0);
			break;
		case 85 ... 93:
			sf_start(d, m, r2);
			break;
		case 94:
			sf_dma_remap(d, m, r2);
			break;
		default:
			sf_msix(d, m, r2);
			break;
		}
		sf_check(d, m);
		sf_reap(d, m);
		sf_check_irqs(d, m);
		if (!(i % 8)) {
			/* Both queues' registers, the MAC */
			u16 sel = m->queue_sel;

			for (v = 0; v < 2; v++) {
				sf_write(d, m, CCFG(queue_select), v);
				sf_check_queue(d, m);
			}
			sf_write(d, m, CCFG(queue_select), sel);
			sf_ids(d, m);
		}
	}
	check(!m->wrong, "%ld random steps of the status machine, as modelled",
	      i);
	print_counts("statefuzz");
	if (!rep)
		return failures;
	dev_restart(d);
	return cmd_pingpong(d, rep);
}

/*
 * chainfuzz: descriptor chains a driver must not make, and some it may,
 * each with the outcome the engine's rules give (Documentation/vfio.rst,
 * model/vnet_ring.c). Chains that loop (back to their head or into their
 * tail), next or head indexes out of the table, an available index too far
 * ahead, buffers outside the DMA map, running over its end or wrapping
 * around the address space, more than a chain may carry, a device-writable
 * buffer to transmit, a read-only one to receive into, and indirect
 * descriptors (never negotiated: a violation whether or not offered) must
 * break the device: NEEDS_RESET, a configuration interrupt, the bad chain
 * never used. Chains split in pieces (zero-length ones among them), two
 * heads sharing descriptors and the same head made available twice must be
 * used, each once per time made available, and must not break it. Then
 * races: a thread rewrites the descriptor table and the available ring
 * while the device walks them; whatever it makes of them, what it uses
 * must make sense. Receive chains get a frame sent on the representor,
 * when one is given.
 */

enum { CH_OK, CH_BREAK, CH_ANY };

#define CH_FRAME	(HDR_LEN + 60)

struct chain_run {
	struct vdev *d;
	int sock;		/* AF_PACKET on the representor, or -1 */
	bool fresh;		/* the device was just started */
	int wrong;
	bool stop;		/* ends the rewriter (atomic) */
	bool wild;		/* the rewriter writes bad values too */
	u64 rnd;		/* the rewriter's random state */
};

/* Restarts the device, its rings empty, its eventfds drained; @rx: with
 * receive buffers
 */
static void ch_fresh(struct chain_run *c, bool rx)
{
	struct vdev *d = c->d;
	int i;

	virtio_start(d);
	for (i = 0; i < NR_VECTORS; i++)
		efd_drain(d->irq[i]);
	for (i = 0; rx && i < QSIZE; i++)
		vq_post(d, RXQ, i, DMA_IOVA + BUF_OFF(RXQ, i), BUF_SIZE, true);
	if (rx)
		vq_kick(d, RXQ);
	c->fresh = true;
}

static void ch_desc(struct vq *vq, int i, u64 addr, u32 len, u16 flags,
		    u16 next)
{
	vq->desc[i].addr = addr;
	vq->desc[i].len = len;
	vq->desc[i].flags = flags;
	vq->desc[i].next = next;
}

/* Makes @n heads available on @q, the index moved by @n + @skip */
static void ch_avail(struct vdev *d, int q, const u16 *heads, int n,
		     u16 skip)
{
	struct vq *vq = &d->vq[q];
	int i;

	for (i = 0; i < n; i++)
		vq->avail->ring[(vq->avail_idx + i) % QSIZE] = heads[i];
	vq->avail_idx += n + skip;
	__atomic_store_n(&vq->avail->idx, vq->avail_idx, __ATOMIC_RELEASE);
	vq_kick(d, q);
}

/* A frame to transmit in buffer @i: the header, then 60 bytes */
static u64 ch_frame(struct vdev *d, int i)
{
	u8 *buf = d->mem + BUF_OFF(TXQ, i);

	memset(buf, 0, CH_FRAME);
	memset(buf + HDR_LEN, 0xff, 6);
	memcpy(buf + HDR_LEN + 6, d->mac, 6);
	buf[HDR_LEN + 12] = ETHERTYPE_TEST >> 8;
	buf[HDR_LEN + 13] = ETHERTYPE_TEST & 0xff;
	return DMA_IOVA + BUF_OFF(TXQ, i);
}

static bool ch_broken(struct vdev *d)
{
	return crd(d, CCFG(device_status)) & VIRTIO_CONFIG_S_NEEDS_RESET;
}

/* A frame sent on the representor, for a receive chain to take */
static void ch_rep_send(struct chain_run *c)
{
	u8 frame[60];

	if (c->sock < 0)
		return;
	make_frame(frame, c->d->mac, c->d->mac, "chainfuzz");
	if (send(c->sock, frame, sizeof(frame), 0) != sizeof(frame)) {
		fail("send on the representor");
		c->wrong++;
	}
}

/* The outcome of a case: @expect, with @n heads of queue @q made available
 * (@heads, when they are to be used)
 */
static void ch_judge(struct chain_run *c, const char *name, int expect, int q,
		     const u16 *heads, int n)
{
	struct vdev *d = c->d;
	struct vq *vq = &d->vq[q];
	u16 seen = vq->used_seen, idx = 0;
	int waited, i, j;
	bool broke = false;
	u16 left[2];

	for (waited = 0; waited < 3000; waited += 5) {
		broke = ch_broken(d);
		idx = used_idx(d, q);
		if (broke || (expect == CH_OK && (u16)(idx - seen) >= n) ||
		    (expect == CH_ANY && waited >= 50))
			break;
		usleep(5000);
	}
	errno = 0;
	if (expect == CH_BREAK) {
		count("chain-broke");
		if (!broke) {
			fail("%s: the device did not set NEEDS_RESET", name);
			c->wrong++;
		} else if (!wait_irq(d->irq[0], 2000)) {
			fail("%s: NEEDS_RESET, no configuration interrupt",
			     name);
			c->wrong++;
		} else if (used_idx(d, q) != seen) {
			fail("%s: the device used the bad chain", name);
			c->wrong++;
		}
		c->fresh = false;
		return;
	}
	if (broke) {
		count("chain-broke-any");
		if (expect == CH_OK) {
			fail("%s: the device set NEEDS_RESET", name);
			c->wrong++;
		}
		c->fresh = false;
		return;
	}
	/* What was used: heads made available, once each time */
	for (i = 0; i < n; i++)
		left[i] = heads[i];
	for (; seen != idx; seen++) {
		struct vring_used_elem e = vq->used->ring[seen % QSIZE];

		for (j = 0; j < n && left[j] != e.id; j++)
			;
		if (j == n || (q == TXQ ? e.len : e.len <= HDR_LEN ||
			       e.len > HDR_LEN + 1518)) {
			fail("%s: used id %u len %u", name, e.id, e.len);
			c->wrong++;
			break;
		}
		left[j] = 0xffff;
	}
	vq->used_seen = idx;
	if (expect == CH_OK) {
		for (i = 0; i < n && left[i] == 0xffff; i++)
			;
		if (i < n) {
			fail("%s: head %u was not used within 3 s", name,
			     heads[i]);
			c->wrong++;
		}
		count("chain-used");
	} else {
		c->fresh = false;
	}
}

/* Distinct descriptor indexes, in a random order */
static void ch_pick(u16 *idx, int n, u64 r)
{
	u16 all[QSIZE];
	int i, j;

	for (i = 0; i < QSIZE; i++)
		all[i] = i;
	for (i = 0; i < n; i++) {
		j = i + (r >> (3 * i)) % (QSIZE - i);
		idx[i] = all[j];
		all[j] = all[i];
	}
}

/* A transmit case: descriptors and heads built from @r, and their
 * expected outcome
 */
static int ch_tx_case(struct chain_run *c, u64 r, u64 r2, const char **name,
		      u16 *heads, int *nheads, u16 *skip)
{
	struct vdev *d = c->d;
	struct vq *vq = &d->vq[TXQ];
	u16 id[QSIZE];
	u64 buf;
	u32 at, len;
	int i, n;

	ch_pick(id, QSIZE, r2);
	buf = ch_frame(d, id[0]);
	heads[0] = id[0];
	*nheads = 1;
	*skip = 0;
	switch (r % 14) {
	case 0:
		*name = "tx-one";
		ch_desc(vq, id[0], buf, CH_FRAME, 0, 0);
		return CH_OK;
	case 1:
		/* 2 to 8 pieces, zero-length ones among them */
		*name = "tx-pieces";
		n = 2 + (r >> 4) % (QSIZE - 1);
		for (i = 0, at = 0; i < n; i++) {
			len = i == n - 1 ? CH_FRAME - at :
			      (r2 >> (24 + 3 * i)) % 4 == 0 ? 0 :
			      (r2 >> (27 + 3 * i)) % (CH_FRAME - at + 1);
			ch_desc(vq, id[i], buf + at, len,
				i < n - 1 ? VRING_DESC_F_NEXT : 0, id[i + 1]);
			at += len;
		}
		return CH_OK;
	case 2:
		/* Two headers, one frame: two heads sharing a descriptor */
		*name = "tx-shared";
		ch_frame(d, id[1]);
		ch_desc(vq, id[0], buf, HDR_LEN, VRING_DESC_F_NEXT, id[2]);
		ch_desc(vq, id[1], DMA_IOVA + BUF_OFF(TXQ, id[1]), HDR_LEN,
			VRING_DESC_F_NEXT, id[2]);
		ch_desc(vq, id[2], buf + HDR_LEN, 60, 0, 0);
		heads[1] = id[1];
		*nheads = 2;
		return CH_OK;
	case 3:
		*name = "tx-twice";
		ch_desc(vq, id[0], buf, CH_FRAME, 0, 0);
		heads[1] = id[0];
		*nheads = 2;
		return CH_OK;
	case 4:
		/* A cycle of 1 to 8 descriptors, entered at its start or
		 * from a tail
		 */
		*name = "tx-loop";
		n = 1 + (r >> 4) % QSIZE;
		for (i = 0; i < n; i++)
			ch_desc(vq, id[i], buf, 8, VRING_DESC_F_NEXT,
				id[(i + 1) % n]);
		if (n > 1 && (r & 0x100))
			vq->desc[id[n - 1]].next = id[1 + (r >> 9) % (n - 1)];
		return CH_BREAK;
	case 5:
		*name = "tx-unmapped";
		{
			static const u64 bad[] = {
				0, 0xdead0000, DMA_IOVA - 0x1000,
				DMA_IOVA + DMA_SIZE, 1ULL << 40,
			};

			ch_desc(vq, id[0], bad[(r >> 4) % ARRAY_SIZE(bad)],
				CH_FRAME, 0, 0);
		}
		return CH_BREAK;
	case 6:
		/* The header in the map, the frame past its end */
		*name = "tx-map-end";
		at = DMA_SIZE - HDR_LEN - (r >> 4) % 40;
		memset(d->mem + at, 0, DMA_SIZE - at);
		ch_desc(vq, id[0], DMA_IOVA + at, CH_FRAME, 0, 0);
		return CH_BREAK;
	case 7:
		*name = "tx-wrap";
		ch_desc(vq, id[0], ~0ULL - (r >> 4) % CH_FRAME, CH_FRAME, 0,
			0);
		return CH_BREAK;
	case 8:
		/* More than 128 KiB: in one descriptor, or in two */
		*name = "tx-too-long";
		if (r & 0x10) {
			ch_desc(vq, id[0], buf, 0x20001 + (r >> 5) % 0x7fffffff,
				0, 0);
		} else {
			ch_desc(vq, id[0], DMA_IOVA, 0x10000, VRING_DESC_F_NEXT,
				id[1]);
			ch_desc(vq, id[1], DMA_IOVA, 0x10001, 0, 0);
		}
		return CH_BREAK;
	case 9:
		/* A table of one descriptor, the frame; never negotiated */
		*name = "tx-indirect";
		ch_frame(d, id[1]);
		{
			struct vring_desc *t = (void *)(d->mem +
							BUF_OFF(TXQ, id[1]) +
							0x400);

			t->addr = DMA_IOVA + BUF_OFF(TXQ, id[1]);
			t->len = CH_FRAME;
			t->flags = 0;
			t->next = 0;
			ch_desc(vq, id[0], DMA_IOVA + BUF_OFF(TXQ, id[1]) +
				0x400, sizeof(*t), VRING_DESC_F_INDIRECT, 0);
		}
		return d->features & 1ULL << VIRTIO_RING_F_INDIRECT_DESC ?
		       CH_ANY : CH_BREAK;
	case 10:
		*name = "tx-writable";
		ch_desc(vq, id[0], buf, HDR_LEN, VRING_DESC_F_NEXT, id[1]);
		ch_desc(vq, id[1], buf + HDR_LEN, 60,
			r & 0x10 ? VRING_DESC_F_WRITE : 0, 0);
		if (!(r & 0x10))
			vq->desc[id[0]].flags |= VRING_DESC_F_WRITE;
		return CH_BREAK;
	case 11:
		*name = "tx-next-out";
		ch_desc(vq, id[0], buf, CH_FRAME, VRING_DESC_F_NEXT,
			QSIZE + (r >> 4) % 0xfff0);
		return CH_BREAK;
	case 12:
		*name = "tx-head-out";
		heads[0] = QSIZE + (r >> 4) % 0xfff0;
		return CH_BREAK;
	default:
		*name = "tx-avail-jump";
		ch_desc(vq, id[0], buf, CH_FRAME, 0, 0);
		*skip = QSIZE + (r >> 4) % 1000;
		return CH_BREAK;
	}
}

/* A receive case: chains the device writes a frame into */
static int ch_rx_case(struct chain_run *c, u64 r, u64 r2, const char **name,
		      u16 *heads, int *nheads)
{
	struct vq *vq = &c->d->vq[RXQ];
	u64 buf;
	u16 id[QSIZE];

	ch_pick(id, QSIZE, r2);
	buf = DMA_IOVA + BUF_OFF(RXQ, id[0]);
	heads[0] = id[0];
	*nheads = 1;
	switch (r % 5) {
	case 0:
		/* Two heads, their second pieces the same buffer */
		*name = "rx-shared";
		ch_desc(vq, id[0], buf, HDR_LEN,
			VRING_DESC_F_WRITE | VRING_DESC_F_NEXT, id[2]);
		ch_desc(vq, id[1], DMA_IOVA + BUF_OFF(RXQ, id[1]), HDR_LEN,
			VRING_DESC_F_WRITE | VRING_DESC_F_NEXT, id[2]);
		ch_desc(vq, id[2], buf + 0x100, 1600, VRING_DESC_F_WRITE, 0);
		heads[1] = id[1];
		*nheads = 2;
		return c->sock >= 0 ? CH_OK : CH_ANY;
	case 1:
		*name = "rx-readonly";
		ch_desc(vq, id[0], buf, BUF_SIZE, 0, 0);
		break;
	case 2:
		*name = "rx-loop";
		ch_desc(vq, id[0], buf, 64,
			VRING_DESC_F_WRITE | VRING_DESC_F_NEXT, id[1]);
		ch_desc(vq, id[1], buf + 64, 64,
			VRING_DESC_F_WRITE | VRING_DESC_F_NEXT, id[0]);
		break;
	case 3:
		*name = "rx-map-end";
		ch_desc(vq, id[0], DMA_IOVA + DMA_SIZE - (r >> 4) % 64,
			BUF_SIZE, VRING_DESC_F_WRITE, 0);
		break;
	default:
		*name = "rx-read-after-write";
		ch_desc(vq, id[0], buf, 64,
			VRING_DESC_F_WRITE | VRING_DESC_F_NEXT, id[1]);
		ch_desc(vq, id[1], buf + 64, 1600, 0, 0);
		break;
	}
	/* A frame must come to break it: with the representor, it does */
	return c->sock >= 0 ? CH_BREAK : CH_ANY;
}

/* The rewriter: descriptors and available ring entries rewritten while
 * the device walks them. In a tame race every value written is valid
 * whatever the others are (a buffer of the client's, a length within it,
 * no flag, a head in the table), so that any mix the device may read, torn
 * or not, is a chain it must take; in a wild one, now and then, a value
 * of any kind.
 */
static void *ch_rewriter(void *arg)
{
	struct chain_run *c = arg;
	struct vq *vq = &c->d->vq[TXQ];
	u64 r;
	int i, n = 0;

	while (!__atomic_load_n(&c->stop, __ATOMIC_ACQUIRE)) {
		r = rnd_next(&c->rnd);
		i = r % QSIZE;
		r >>= 3;
		if (c->wild && r % 64 == 0) {
			r >>= 6;
			count("rewrites-wild");
			switch (r % 4) {
			case 0:
				__atomic_store_n(&vq->desc[i].addr, r >> 2,
						 __ATOMIC_RELAXED);
				break;
			case 1:
				__atomic_store_n(&vq->desc[i].len, r >> 2,
						 __ATOMIC_RELAXED);
				break;
			case 2:
				__atomic_store_n(&vq->desc[i].flags, r >> 2,
						 __ATOMIC_RELAXED);
				__atomic_store_n(&vq->desc[i].next, r >> 18,
						 __ATOMIC_RELAXED);
				break;
			default:
				__atomic_store_n(&vq->avail->ring[i],
						 (u16)(r >> 2),
						 __ATOMIC_RELAXED);
				break;
			}
		} else {
			r >>= 6;
			switch (r % 3) {
			case 0:
				__atomic_store_n(&vq->desc[i].addr, DMA_IOVA +
						 BUF_OFF(TXQ, (r >> 2) % QSIZE),
						 __ATOMIC_RELAXED);
				break;
			case 1:
				__atomic_store_n(&vq->desc[i].len,
						 (r >> 2) % 2 ? CH_FRAME :
						 (u32)(r >> 3) % BUF_SIZE,
						 __ATOMIC_RELAXED);
				break;
			default:
				__atomic_store_n(&vq->avail->ring[i],
						 (u16)((r >> 2) % QSIZE),
						 __ATOMIC_RELAXED);
				break;
			}
			count("rewrites");
		}
		if (!(++n % 64))
			sched_yield();
	}
	return NULL;
}

/* Heads made available and kicked while the rewriter runs; in a tame race
 * the device must take them all
 */
static void ch_race(struct chain_run *c, u64 r)
{
	struct vdev *d = c->d;
	struct vq *vq = &d->vq[TXQ];
	u64 mine = rnd_seed(r, 0);
	const char *name;
	pthread_t t;
	u16 idx, head;
	int i;

	c->wild = r & 1;
	name = c->wild ? "race-wild" : "race-tame";
	count(name);
	ch_fresh(c, true);
	for (i = 0; i < QSIZE; i++)
		ch_desc(vq, i, ch_frame(d, i), CH_FRAME, 0, 0);
	__atomic_store_n(&c->stop, false, __ATOMIC_RELAXED);
	c->rnd = rnd_seed(fuzz_seed, 1 + fuzz_step);
	if (pthread_create(&t, NULL, ch_rewriter, c))
		die("pthread_create");
	for (i = 0; i < 8 + (int)(r >> 1) % 32 && !ch_broken(d); i++) {
		idx = used_idx(d, TXQ);
		if ((u16)(vq->avail_idx - idx) < QSIZE) {
			head = rnd_next(&mine) % QSIZE;
			ch_avail(d, TXQ, &head, 1, 0);
		} else {
			vq_kick(d, TXQ);
		}
		count("race-kicks");
		usleep(1000);
	}
	/* A tame race: everything made available is used, soon */
	for (i = 0; !c->wild && i < 600 && !ch_broken(d) &&
	     used_idx(d, TXQ) != vq->avail_idx; i++)
		usleep(5000);
	__atomic_store_n(&c->stop, true, __ATOMIC_RELEASE);
	pthread_join(t, NULL);
	errno = 0;
	if (ch_broken(d)) {
		count("race-broke");
		if (!c->wild) {
			fail("race-tame: the device set NEEDS_RESET");
			c->wrong++;
		}
	} else if (!c->wild && used_idx(d, TXQ) != vq->avail_idx) {
		fail("race-tame: %u of %u made available not used within 3 s",
		     (u16)(vq->avail_idx - used_idx(d, TXQ)),
		     (u16)(vq->avail_idx - vq->used_seen));
		c->wrong++;
	}
	/* The device used at most what was made available, heads in the
	 * table, none with a length
	 */
	idx = used_idx(d, TXQ);
	if ((u16)(idx - vq->used_seen) > (u16)(vq->avail_idx - vq->used_seen)) {
		fail("%s: %u used, %u made available", name,
		     (u16)(idx - vq->used_seen),
		     (u16)(vq->avail_idx - vq->used_seen));
		c->wrong++;
		idx = vq->used_seen;
	}
	for (; vq->used_seen != idx; vq->used_seen++) {
		struct vring_used_elem e =
			vq->used->ring[vq->used_seen % QSIZE];

		if (e.id < QSIZE && !e.len)
			continue;
		fail("%s: used id %u len %u", name, e.id, e.len);
		c->wrong++;
		break;
	}
	c->fresh = false;
}

static int chain_socket(const char *rep)
{
	struct sockaddr_ll sll = { .sll_family = AF_PACKET };
	int s;

	if (!rep)
		return -1;
	s = socket(AF_PACKET, SOCK_RAW, htons(ETHERTYPE_TEST));
	sll.sll_protocol = htons(ETHERTYPE_TEST);
	sll.sll_ifindex = if_nametoindex(rep);
	if (s < 0 || !sll.sll_ifindex ||
	    bind(s, (struct sockaddr *)&sll, sizeof(sll)))
		die("AF_PACKET socket on %s", rep);
	return s;
}

static int cmd_chain_fuzz(struct vdev *d, const char *rep)
{
	struct chain_run c = { .d = d, .sock = chain_socket(rep) };
	u16 heads[2], skip;
	const char *name;
	int expect, n, j;
	long i;

	for (i = 0; fuzz_more(i) && c.wrong < 10; i++) {
		u64 r = rnd(), r2 = rnd();

		if (r % 8 == 0) {
			ch_race(&c, r >> 3);
			continue;
		}
		if (r % 8 == 1) {
			ch_fresh(&c, false);
			expect = ch_rx_case(&c, r >> 3, r2, &name, heads, &n);
			ch_avail(d, RXQ, heads, n, 0);
			for (j = 0; j < n; j++)
				ch_rep_send(&c);
			count(name);
			ch_judge(&c, name, expect, RXQ, heads, n);
			c.fresh = false;
			continue;
		}
		if (!c.fresh)
			ch_fresh(&c, true);
		expect = ch_tx_case(&c, r >> 3, r2, &name, heads, &n, &skip);
		ch_avail(d, TXQ, heads, n, skip);
		c.fresh = false;
		count(name);
		ch_judge(&c, name, expect, TXQ, heads, n);
		/* A device that took good chains goes on with the next */
		c.fresh = expect == CH_OK && !c.wrong;
	}
	check(!c.wrong, "%ld random chain cases, each as the rules say", i);
	print_counts("chainfuzz");
	if (c.sock >= 0)
		close(c.sock);
	if (!rep)
		return failures;
	dev_restart(d);
	return cmd_pingpong(d, rep);
}

/*
 * Closing the device with transfers in flight: once close() returned the
 * device touches the user's memory no more (the container, still open,
 * keeps it mapped), and the next user finds it reset.
 */
static int cmd_close_busy(struct vdev *d)
{
	u8 *copy = malloc(DMA_SIZE);
	size_t i;

	if (!copy)
		die("malloc");
	for (i = 0; i < QSIZE; i++) {
		tx_post(d, i);
		vq_post(d, RXQ, i, DMA_IOVA + BUF_OFF(RXQ, i), BUF_SIZE, true);
	}
	vq_kick(d, TXQ);
	vq_kick(d, RXQ);
	/* No wait: the close stops the device under its work */
	if (close(d->fd))
		fail("close the device");
	memcpy(copy, d->mem, DMA_SIZE);
	usleep(300000);
	for (i = 0; i < DMA_SIZE && copy[i] == d->mem[i]; i++)
		;
	errno = 0;
	if (i < DMA_SIZE)
		fail("the device wrote at IOVA 0x%llx after close returned",
		     DMA_IOVA + i);
	else
		pass("closed with %d transmits in flight: no DMA after close",
		     QSIZE);
	free(copy);

	d->fd = ioctl(d->group, VFIO_GROUP_GET_DEVICE_FD, d->name);
	if (d->fd < 0)
		die("open the device again");
	if (crd(d, CCFG(device_status)) ||
	    crd(d, CCFG(msix_config)) != VIRTIO_MSI_NO_VECTOR ||
	    rd(d, d->isr, 1))
		fail("the next user finds the device reset");
	else
		pass("the next user finds the device reset");
	for (i = 0; i < 2; i++) {
		cwr(d, CCFG(queue_select), i);
		if (crd(d, CCFG(queue_enable)))
			fail("queue %zu is disabled for the next user", i);
	}
	return failures;
}

/*
 * Removal while a user holds the device: the kernel asks through the
 * request IRQ; the device keeps working for its user until the user
 * closes it @secs seconds later, and only then does the removal go on.
 */
static int cmd_hold(struct vdev *d, int secs)
{
	int i, bad = 0;
	u32 v;

	printf("holding the device\n");
	fflush(stdout);
	if (!wait_irq(d->req, 120000)) {
		fail("the kernel asked for the device back");
		return 1;
	}
	pass("the kernel asked for the device back");
	for (i = 0; i < secs * 10; i++) {
		if (pread(d->fd, &v, 4, d->cfg_off) != 4 || v != 0x10411af4 ||
		    crd(d, CCFG(device_status)) != S_RUNNING)
			bad++;
		usleep(100000);
	}
	check(!bad, "the device works until released, %d s later (%d bad)",
	      secs, bad);
	printf("releasing the device\n");
	fflush(stdout);
	return failures;
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
	const char *cmd, *arg3, *rep = NULL;
	char mac[18];
	struct vdev *d;
	int i;

	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc < 3) {
		fprintf(stderr, "usage: %s SYSFS-DEV COMMAND\n%s", argv[0],
			"commands: info, pingpong REP, bad-dma, bad-input,\n"
			"          regions [REP], status [REP],\n"
			"          fuzz [OPTS] [REP], ringfuzz [OPTS] [REP],\n"
			"          statefuzz [OPTS] [REP], chainfuzz [OPTS] [REP],\n"
			"          close-busy, hold [SECS], hold-deaf\n"
			"fuzz options: -n ROUNDS, -t SECONDS, -s SEED\n");
		return 2;
	}
	cmd = argv[2];
	if (strstr(cmd, "fuzz")) {
		i = fuzz_options(argc, argv, 3);
		if (i < 0) {
			fprintf(stderr, "%s: bad options of %s\n", argv[0],
				cmd);
			return 2;
		}
		rep = i < argc ? argv[i] : NULL;
	}
	arg3 = argc > 3 ? argv[3] : NULL;
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
	if (!strcmp(cmd, "pingpong") && arg3)
		return cmd_pingpong(d, arg3) ? 1 : 0;
	if (!strcmp(cmd, "bad-dma"))
		return cmd_bad_dma(d) ? 1 : 0;
	if (!strcmp(cmd, "bad-input"))
		return cmd_bad_input(d) ? 1 : 0;
	if (!strcmp(cmd, "regions"))
		return cmd_regions(d, arg3) ? 1 : 0;
	if (!strcmp(cmd, "status"))
		return cmd_status(d, arg3) ? 1 : 0;
	if (!strcmp(cmd, "fuzz"))
		return cmd_fuzz(d, rep) ? 1 : 0;
	if (!strcmp(cmd, "ringfuzz"))
		return cmd_ring_fuzz(d, rep) ? 1 : 0;
	if (!strcmp(cmd, "statefuzz"))
		return cmd_state_fuzz(d, rep) ? 1 : 0;
	if (!strcmp(cmd, "chainfuzz"))
		return cmd_chain_fuzz(d, rep) ? 1 : 0;
	if (!strcmp(cmd, "close-busy"))
		return cmd_close_busy(d) ? 1 : 0;
	if (!strcmp(cmd, "hold"))
		return cmd_hold(d, arg3 ? atoi(arg3) : 0) ? 1 : 0;
	if (!strcmp(cmd, "hold-deaf"))
		return cmd_hold_deaf(d);
	fprintf(stderr, "unknown command %s\n", cmd);
	return 2;
}
