/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Ids shared by the sample mdevc parent and the sample class drivers.
 */

#ifndef _MDEVC_SAMPLE_H
#define _MDEVC_SAMPLE_H

/* The vendor id of the sample parent's vendor class type */
#define MDEVC_SAMPLE_VENDOR_A	0xcafe
/* Another vendor's id: its driver must never bind the parent's devices */
#define MDEVC_SAMPLE_VENDOR_B	0xbeef

/*
 * What the sample virtio class ops report: a device id no virtio driver
 * claims, since there is no real device behind the sample (with the id of
 * virtio-net, virtio_net would try it and fail once the bridge binds it).
 */
#define MDEVC_SAMPLE_VIRTIO_DEVICE_ID	0xffff
#define MDEVC_SAMPLE_VIRTIO_VENDOR_ID	0x1af4

#endif /* _MDEVC_SAMPLE_H */
