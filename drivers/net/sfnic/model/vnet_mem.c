// SPDX-License-Identifier: GPL-2.0
/*
 * sfnic virtio-net engine: the accessor of kernel memory by physical
 * address, for virtio class devices (the driver is the kernel's own, and
 * without VIRTIO_F_ACCESS_PLATFORM its descriptors carry physical
 * addresses).
 *
 * Every page of a range is checked before it is touched: it must have a
 * struct page, be RAM (a reserved page is looked up in the resource tree,
 * which tells RAM from holes and device memory), and not be poisoned or
 * offline. Anything else is -EFAULT, never a fault in the kernel.
 */

#include <linux/highmem.h>
#include <linux/ioport.h>
#include <linux/mm.h>
#include <linux/page-flags.h>

#include "vnet_priv.h"

static struct page *vnet_kmem_page(u64 addr)
{
	unsigned long pfn = PHYS_PFN(addr);
	struct page *page;

	if (addr != PFN_PHYS(pfn) + offset_in_page(addr) || !pfn_valid(pfn))
		return NULL;
	page = pfn_to_page(pfn);
	if (PageHWPoison(page) || PageOffline(page))
		return NULL;
	if (PageReserved(page) && page_is_ram(pfn) != 1)
		return NULL;
	return page;
}

/* One naturally aligned 2, 4 or 8 byte access: a single load or store. */
static bool vnet_kmem_word(void *p, void *buf, u32 len, bool write)
{
	if (!IS_ALIGNED((unsigned long)p, len))
		return false;
	switch (len) {
	case 2:
		if (write)
			WRITE_ONCE(*(u16 *)p, get_unaligned((u16 *)buf));
		else
			put_unaligned(READ_ONCE(*(u16 *)p), (u16 *)buf);
		return true;
	case 4:
		if (write)
			WRITE_ONCE(*(u32 *)p, get_unaligned((u32 *)buf));
		else
			put_unaligned(READ_ONCE(*(u32 *)p), (u32 *)buf);
		return true;
	case 8:
		if (write)
			WRITE_ONCE(*(u64 *)p, get_unaligned((u64 *)buf));
		else
			put_unaligned(READ_ONCE(*(u64 *)p), (u64 *)buf);
		return true;
	}
	return false;
}

static int vnet_kmem_rw(u64 addr, void *buf, u32 len, bool write)
{
	struct page *page;
	u32 off, chunk;
	void *p;

	if (len && addr + len - 1 < addr)
		return -EFAULT;
	while (len) {
		page = vnet_kmem_page(addr);
		if (!page)
			return -EFAULT;
		off = offset_in_page(addr);
		chunk = min_t(u32, len, PAGE_SIZE - off);
		p = kmap_local_page(page) + off;
		if (!vnet_kmem_word(p, buf, chunk, write)) {
			if (write)
				memcpy(p, buf, chunk);
			else
				memcpy(buf, p, chunk);
		}
		kunmap_local(p);
		addr += chunk;
		buf += chunk;
		len -= chunk;
	}
	return 0;
}

static int vnet_kmem_read(void *priv, u64 addr, void *buf, u32 len)
{
	return vnet_kmem_rw(addr, buf, len, false);
}

static int vnet_kmem_write(void *priv, u64 addr, const void *buf, u32 len)
{
	return vnet_kmem_rw(addr, (void *)buf, len, true);
}

/* Physical addresses of kernel RAM: the accessor of virtio class devices.
 * It never sleeps.
 */
const struct sfnic_vnet_mem_ops sfnic_vnet_kmem_ops = {
	.read	= vnet_kmem_read,
	.write	= vnet_kmem_write,
};
