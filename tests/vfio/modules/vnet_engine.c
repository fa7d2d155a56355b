// SPDX-License-Identifier: GPL-2.0
/*
 * The sfnic model's virtio-net engine, built into this test module (the
 * sfnic driver links the same files): one translation unit of its sources.
 */

#include "vnet.c"
#include "vnet_inject.c"
#include "vnet_mem.c"
#include "vnet_ring.c"
