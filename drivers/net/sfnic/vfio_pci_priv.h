/* SPDX-License-Identifier: GPL-2.0 */
/*
 * sfnic_vpci internals, shared by vfio_pci.c (regions) and vfio_pci_irq.c
 * (ioctls, interrupts, DMA).
 */

#ifndef _SFNIC_VFIO_PCI_PRIV_H
#define _SFNIC_VFIO_PCI_PRIV_H

#include "vfio_pci.h"

/* Region offsets in the device fd: index << 40, as vfio-pci */
#define SFNIC_VPCI_OFFSET_SHIFT	40
#define SFNIC_VPCI_OFFSET_MASK	((1ULL << SFNIC_VPCI_OFFSET_SHIFT) - 1)

#define SFNIC_VPCI_BAR0_SIZE	0x4000
#define SFNIC_VPCI_BAR1_SIZE	SFNIC_VPCI_MSIX_SIZE
#define SFNIC_VPCI_PBA_OFF	0x800
/* ISR bit of a virtqueue interrupt; VIRTIO_PCI_ISR_CONFIG is the other */
#define SFNIC_VPCI_ISR_QUEUE	0x1

u64 sfnic_vpci_region_size(unsigned int index);
void sfnic_vpci_reset(struct sfnic_vpci *vp);
void sfnic_vpci_set_callbacks(struct sfnic_vpci *vp);
void sfnic_vpci_put_triggers(struct sfnic_vpci *vp);

#endif /* _SFNIC_VFIO_PCI_PRIV_H */
