// SPDX-License-Identifier: GPL-2.0
/*
 * sfnic's virtio PCI presentation to VFIO users, built into this test
 * module (the sfnic driver links the same files): one translation unit of
 * its sources.
 */

#include "vfio_pci.c"
#include "vfio_pci_irq.c"
