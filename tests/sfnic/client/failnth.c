// SPDX-License-Identifier: GPL-2.0
/*
 * failnth: run one management operation with fail-nth armed on it.
 *
 * fail-nth (Documentation/fault-injection/fault-injection.rst) fails the
 * N-th fault injection point (failslab, fail_page_alloc, ...) reached by
 * the thread that armed it, and only that thread: work the kernel does
 * later in a work item or another task is out of its reach. So the
 * operation is one syscall (or one netlink request and its answer) made
 * by this thread, between the write of N to /proc/thread-self/fail-nth
 * and the pread() of the same file:
 *
 *   - 0 read back: the fault was injected at the N-th point;
 *   - non-zero: the operation has fewer than N points, nothing was
 *     injected (a sweep N = 1, 2, ... of the path ends there).
 *
 * Everything that is not the path under test happens before arming: the
 * generic netlink family lookup (CTRL_CMD_GETFAMILY), the socket, the open
 * of the sysfs file, of the VFIO group and container. fail-nth is disarmed
 * (0 written) before anything is printed.
 *
 * Usage: failnth N OP ARGS...   (N = 0: run the operation unarmed)
 *
 *   port-add BUS/DEV PFNUM SFNUM     DEVLINK_CMD_PORT_NEW, flavour pcisf;
 *                                    prints "port BUS/DEV/INDEX" on success
 *   hw-addr BUS/DEV/INDEX MAC        DEVLINK_CMD_PORT_SET, function hw_addr
 *   state BUS/DEV/INDEX active|inactive
 *                                    DEVLINK_CMD_PORT_SET, function state
 *   port-del BUS/DEV/INDEX           DEVLINK_CMD_PORT_DEL
 *   write FILE VALUE                 one write() of VALUE to FILE (sysfs)
 *   vfio-open SYSDEV                 VFIO_GROUP_GET_DEVICE_FD of the device
 *                                    whose sysfs directory is SYSDEV (group
 *                                    and container are set up unarmed), then
 *                                    close of the device fd, unarmed
 *
 * Output, one line: "fail-nth N: injected|not injected; ok|error: TEXT",
 * TEXT being the errno's text and the netlink extack message if any.
 * When the fault was not injected, "not injected, P points": the
 * operation passed P injection points (N minus what fail-nth read back),
 * so one run with a large N counts the points of a path.
 *
 * Exit status:
 *   0  the fault was injected and the operation succeeded (a fallback);
 *   1  the fault was injected and the operation failed;
 *   2  not injected (fewer than N points), the operation succeeded;
 *   3  not injected, the operation failed (an error no fault explains);
 *   4  usage or setup error (nothing was armed);
 *   5  the fault was injected, the netlink request was sent and ran but
 *      its answer was lost (recv() fails with ENOBUFS: netlink_ack()
 *      could not allocate the ACK): the outcome is unknown, the caller
 *      must look at the state.
 * With N = 0 the status is 2 or 3.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>
#include <linux/devlink.h>
#include <linux/genetlink.h>
#include <linux/netlink.h>
#include <linux/vfio.h>

#define EXIT_SETUP 4

static char extack[256];
static int answer_lost;	/* the request was sent, its answer never came */
static char result[512];	/* the op's printed result, e.g. the port */

static void die(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fprintf(stderr, "failnth: ");
	vfprintf(stderr, fmt, ap);
	if (errno)
		fprintf(stderr, ": %s", strerror(errno));
	fputc('\n', stderr);
	va_end(ap);
	exit(EXIT_SETUP);
}

/* ---- netlink message building ---- */

struct msg {
	union {
		struct nlmsghdr nlh;
		char buf[1024];
	};
	struct nlattr *nest;
};

static void msg_init(struct msg *m, uint16_t type, uint8_t cmd, uint16_t flags)
{
	struct genlmsghdr *g;

	memset(m, 0, sizeof(*m));
	m->nlh.nlmsg_len = NLMSG_LENGTH(GENL_HDRLEN);
	m->nlh.nlmsg_type = type;
	m->nlh.nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK | flags;
	m->nlh.nlmsg_seq = 1;
	g = NLMSG_DATA(&m->nlh);
	g->cmd = cmd;
	g->version = 1;
}

static struct nlattr *attr_put(struct msg *m, uint16_t type, const void *data,
			       size_t len)
{
	struct nlattr *a = (void *)(m->buf + NLMSG_ALIGN(m->nlh.nlmsg_len));
	size_t total = NLA_ALIGN(NLA_HDRLEN + len);

	if (NLMSG_ALIGN(m->nlh.nlmsg_len) + total > sizeof(m->buf))
		die("message too long");
	a->nla_type = type;
	a->nla_len = NLA_HDRLEN + len;
	if (len)
		memcpy((char *)a + NLA_HDRLEN, data, len);
	m->nlh.nlmsg_len = NLMSG_ALIGN(m->nlh.nlmsg_len) + total;
	return a;
}

static void put_str(struct msg *m, uint16_t type, const char *s)
{
	attr_put(m, type, s, strlen(s) + 1);
}

static void put_u8(struct msg *m, uint16_t type, uint8_t v)
{
	attr_put(m, type, &v, sizeof(v));
}

static void put_u16(struct msg *m, uint16_t type, uint16_t v)
{
	attr_put(m, type, &v, sizeof(v));
}

static void put_u32(struct msg *m, uint16_t type, uint32_t v)
{
	attr_put(m, type, &v, sizeof(v));
}

static void nest_start(struct msg *m, uint16_t type)
{
	m->nest = attr_put(m, type | NLA_F_NESTED, NULL, 0);
}

static void nest_end(struct msg *m)
{
	m->nest->nla_len = m->buf + m->nlh.nlmsg_len - (char *)m->nest;
}

/* attr_find: the attribute TYPE among those from START, LEN bytes. */
static struct nlattr *attr_find(void *start, int len, uint16_t type)
{
	struct nlattr *a = start;

	while (len >= NLA_HDRLEN && a->nla_len >= NLA_HDRLEN &&
	       a->nla_len <= len) {
		if ((a->nla_type & NLA_TYPE_MASK) == type)
			return a;
		len -= NLA_ALIGN(a->nla_len);
		a = (void *)((char *)a + NLA_ALIGN(a->nla_len));
	}
	return NULL;
}

static int nl_open(void)
{
	int one = 1;
	int fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_GENERIC);

	if (fd < 0)
		die("socket");
	setsockopt(fd, SOL_NETLINK, NETLINK_EXT_ACK, &one, sizeof(one));
	setsockopt(fd, SOL_NETLINK, NETLINK_CAP_ACK, &one, sizeof(one));
	return fd;
}

static char rbuf[32768];

/*
 * nl_talk: send M, read answers until the ACK; return 0 or -errno. A
 * devlink answer (the new port of PORT_NEW) is noted in result[].
 */
static int nl_talk(int fd, struct msg *m, uint16_t family)
{
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK };
	ssize_t n;

	if (sendto(fd, m->buf, m->nlh.nlmsg_len, 0, (void *)&sa,
		   sizeof(sa)) < 0)
		return -errno;
	for (;;) {
		struct nlmsghdr *h;

		n = recv(fd, rbuf, sizeof(rbuf), 0);
		if (n < 0) {
			/* netlink_ack() could not allocate the ACK */
			answer_lost = errno == ENOBUFS;
			return -errno;
		}
		for (h = (void *)rbuf; NLMSG_OK(h, n); h = NLMSG_NEXT(h, n)) {
			if (h->nlmsg_type == NLMSG_ERROR) {
				struct nlmsgerr *e = NLMSG_DATA(h);
				struct nlattr *a;
				int off = NLMSG_SPACE(sizeof(*e));

				if (h->nlmsg_flags & NLM_F_ACK_TLVS) {
					a = attr_find((char *)h + off,
						      h->nlmsg_len - off,
						      NLMSGERR_ATTR_MSG);
					if (a)
						snprintf(extack, sizeof(extack),
							 "%s", (char *)(a + 1));
				}
				return e->error;
			}
			if (h->nlmsg_type == family) {
				struct genlmsghdr *g = NLMSG_DATA(h);
				void *at = (char *)g + GENL_HDRLEN;
				struct nlattr *b, *d, *i;
				int len;

				len = h->nlmsg_len - NLMSG_LENGTH(GENL_HDRLEN);

				b = attr_find(at, len, DEVLINK_ATTR_BUS_NAME);
				d = attr_find(at, len, DEVLINK_ATTR_DEV_NAME);
				i = attr_find(at, len, DEVLINK_ATTR_PORT_INDEX);
				if (b && d && i)
					snprintf(result, sizeof(result),
						 "port %s/%s/%u",
						 (char *)(b + 1),
						 (char *)(d + 1),
						 *(uint32_t *)(i + 1));
			}
		}
	}
}

static uint16_t devlink_family(int fd)
{
	struct msg m;
	struct nlmsghdr *h = (void *)rbuf;
	ssize_t n;

	msg_init(&m, GENL_ID_CTRL, CTRL_CMD_GETFAMILY, 0);
	m.nlh.nlmsg_flags &= ~NLM_F_ACK;
	put_str(&m, CTRL_ATTR_FAMILY_NAME, DEVLINK_GENL_NAME);
	if (send(fd, m.buf, m.nlh.nlmsg_len, 0) < 0)
		die("send CTRL_CMD_GETFAMILY");
	n = recv(fd, rbuf, sizeof(rbuf), 0);
	if (n < 0)
		die("recv CTRL_CMD_GETFAMILY");
	if (!NLMSG_OK(h, n) || h->nlmsg_type == NLMSG_ERROR) {
		errno = 0;
		die("no devlink generic netlink family");
	}
	{
		void *at = (char *)NLMSG_DATA(h) + GENL_HDRLEN;
		int len = h->nlmsg_len - NLMSG_LENGTH(GENL_HDRLEN);
		struct nlattr *a = attr_find(at, len, CTRL_ATTR_FAMILY_ID);

		if (!a) {
			errno = 0;
			die("CTRL_CMD_GETFAMILY: no family id");
		}
		return *(uint16_t *)(a + 1);
	}
}

/* put_handle: BUS/DEV[/INDEX] as attributes; returns fields parsed. */
static void put_handle(struct msg *m, const char *handle, int with_index)
{
	char buf[256], *bus, *dev, *idx, *end;

	snprintf(buf, sizeof(buf), "%s", handle);
	bus = strtok(buf, "/");
	dev = strtok(NULL, "/");
	idx = strtok(NULL, "/");
	errno = 0;
	if (!bus || !dev || !idx != !with_index)
		die("bad handle %s (BUS/DEV%s)", handle,
		    with_index ? "/INDEX" : "");
	put_str(m, DEVLINK_ATTR_BUS_NAME, bus);
	put_str(m, DEVLINK_ATTR_DEV_NAME, dev);
	if (with_index) {
		unsigned long v = strtoul(idx, &end, 0);

		if (*end || v > UINT32_MAX)
			die("bad port index %s", idx);
		put_u32(m, DEVLINK_ATTR_PORT_INDEX, v);
	}
}

static unsigned long num(const char *s, unsigned long max)
{
	char *end;
	unsigned long v;

	errno = 0;
	v = strtoul(s, &end, 0);
	if (!*s || *end || v > max)
		die("bad number %s", s);
	return v;
}

static void parse_mac(const char *s, uint8_t mac[6])
{
	unsigned int b[6];
	int i;

	errno = 0;
	if (sscanf(s, "%x:%x:%x:%x:%x:%x", &b[0], &b[1], &b[2], &b[3], &b[4],
		   &b[5]) != 6)
		die("bad MAC %s", s);
	for (i = 0; i < 6; i++)
		mac[i] = b[i];
}

/* ---- fail-nth ---- */

static int nth_fd = -1;

static void arm(unsigned int n)
{
	char buf[16];
	int len;

	if (!n)
		return;
	len = snprintf(buf, sizeof(buf), "%u", n);
	if (write(nth_fd, buf, len) != len)
		die("write fail-nth");
}

/*
 * disarm: 1 if the fault was injected (fail-nth reads 0), 0 if not; *left
 * is what fail-nth read back: each point passed decrements it, so the
 * operation passed N - *left points.
 */
static int disarm(unsigned int n, unsigned long *left)
{
	char buf[16] = "";
	ssize_t r;

	if (!n)
		return 0;
	r = pread(nth_fd, buf, sizeof(buf) - 1, 0);
	if (r <= 0)
		die("read fail-nth");
	buf[r] = 0;
	if (write(nth_fd, "0", 1) != 1)
		die("clear fail-nth");
	*left = strtoul(buf, NULL, 10);
	return *left == 0;
}

static void print_usage(void)
{
	fprintf(stderr,
		"usage: failnth N port-add BUS/DEV PFNUM SFNUM\n"
		"       failnth N hw-addr BUS/DEV/INDEX MAC\n"
		"       failnth N state BUS/DEV/INDEX active|inactive\n"
		"       failnth N port-del BUS/DEV/INDEX\n"
		"       failnth N write FILE VALUE\n"
		"       failnth N vfio-open SYSDEV\n");
	exit(EXIT_SETUP);
}

int main(int argc, char **argv)
{
	unsigned int n;
	const char *op;
	int err = 0, injected, nl = -1, fd = -1, group = -1, container = -1;
	__u16 family = 0;
	unsigned long left = 0;
	struct msg m;
	char path[PATH_MAX], link[PATH_MAX], *name = NULL;
	const char *value = NULL;

	if (argc < 3)
		print_usage();
	n = num(argv[1], UINT_MAX);
	op = argv[2];
	argc -= 3;
	argv += 3;

	if (!strcmp(op, "port-add") || !strcmp(op, "hw-addr") ||
	    !strcmp(op, "state") || !strcmp(op, "port-del")) {
		nl = nl_open();
		family = devlink_family(nl);
	}
	if (!strcmp(op, "port-add")) {
		if (argc != 3)
			print_usage();
		msg_init(&m, family, DEVLINK_CMD_PORT_NEW, 0);
		put_handle(&m, argv[0], 0);
		put_u16(&m, DEVLINK_ATTR_PORT_FLAVOUR,
			DEVLINK_PORT_FLAVOUR_PCI_SF);
		put_u16(&m, DEVLINK_ATTR_PORT_PCI_PF_NUMBER,
			num(argv[1], UINT16_MAX));
		put_u32(&m, DEVLINK_ATTR_PORT_PCI_SF_NUMBER,
			num(argv[2], UINT32_MAX));
	} else if (!strcmp(op, "hw-addr")) {
		__u8 mac[6];

		if (argc != 2)
			print_usage();
		parse_mac(argv[1], mac);
		msg_init(&m, family, DEVLINK_CMD_PORT_SET, 0);
		put_handle(&m, argv[0], 1);
		nest_start(&m, DEVLINK_ATTR_PORT_FUNCTION);
		attr_put(&m, DEVLINK_PORT_FUNCTION_ATTR_HW_ADDR, mac, 6);
		nest_end(&m);
	} else if (!strcmp(op, "state")) {
		__u8 st;

		if (argc != 2)
			print_usage();
		if (!strcmp(argv[1], "active"))
			st = DEVLINK_PORT_FN_STATE_ACTIVE;
		else if (!strcmp(argv[1], "inactive"))
			st = DEVLINK_PORT_FN_STATE_INACTIVE;
		else
			print_usage();
		msg_init(&m, family, DEVLINK_CMD_PORT_SET, 0);
		put_handle(&m, argv[0], 1);
		nest_start(&m, DEVLINK_ATTR_PORT_FUNCTION);
		put_u8(&m, DEVLINK_PORT_FN_ATTR_STATE, st);
		nest_end(&m);
	} else if (!strcmp(op, "port-del")) {
		if (argc != 1)
			print_usage();
		msg_init(&m, family, DEVLINK_CMD_PORT_DEL, 0);
		put_handle(&m, argv[0], 1);
	} else if (!strcmp(op, "write")) {
		if (argc != 2)
			print_usage();
		fd = open(argv[0], O_WRONLY | O_CLOEXEC);
		if (fd < 0)
			die("open %s", argv[0]);
		value = argv[1];
	} else if (!strcmp(op, "vfio-open")) {
		struct vfio_group_status status = {
			.argsz = sizeof(status)
		};
		ssize_t len;

		if (argc != 1)
			print_usage();
		snprintf(path, sizeof(path), "%s/iommu_group", argv[0]);
		len = readlink(path, link, sizeof(link) - 1);
		if (len < 0)
			die("readlink %s", path);
		link[len] = 0;
		snprintf(path, sizeof(path), "/dev/vfio/%s", basename(link));
		container = open("/dev/vfio/vfio", O_RDWR | O_CLOEXEC);
		if (container < 0)
			die("open /dev/vfio/vfio");
		group = open(path, O_RDWR | O_CLOEXEC);
		if (group < 0)
			die("open %s", path);
		if (ioctl(group, VFIO_GROUP_GET_STATUS, &status) ||
		    !(status.flags & VFIO_GROUP_FLAGS_VIABLE))
			die("group %s not viable", path);
		if (ioctl(group, VFIO_GROUP_SET_CONTAINER, &container))
			die("VFIO_GROUP_SET_CONTAINER");
		if (ioctl(container, VFIO_SET_IOMMU, VFIO_TYPE1v2_IOMMU))
			die("VFIO_SET_IOMMU");
		snprintf(path, sizeof(path), "%s", argv[0]);
		name = basename(path);
	} else {
		print_usage();
	}

	if (n) {
		nth_fd = open("/proc/thread-self/fail-nth", O_RDWR | O_CLOEXEC);
		if (nth_fd < 0)
			die("open /proc/thread-self/fail-nth");
	}

	/* The path under test: nothing else between arm() and disarm(). */
	arm(n);
	if (nl >= 0) {
		err = nl_talk(nl, &m, family);
	} else if (fd >= 0) {
		if (write(fd, value, strlen(value)) < 0)
			err = -errno;
	} else {
		fd = ioctl(group, VFIO_GROUP_GET_DEVICE_FD, name);
		if (fd < 0)
			err = -errno;
	}
	injected = disarm(n, &left);

	if (name && fd >= 0)
		close(fd);
	if (n && !injected)
		printf("fail-nth %u: not injected, %lu points; %s", n, n - left,
		       err ? "error: " : "ok");
	else
		printf("fail-nth %u: %s; %s", n,
		       injected ? "injected" : "not injected",
		       answer_lost ? "answer lost: " : err ? "error: " : "ok");
	if (err)
		printf("%s", strerror(-err));
	if (extack[0])
		printf(" (%s)", extack);
	if (!err && result[0])
		printf("; %s", result);
	putchar('\n');
	if (injected && answer_lost)
		return 5;
	return (injected ? 0 : 2) + (err ? 1 : 0);
}
