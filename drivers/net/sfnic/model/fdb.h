/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The legacy-mode unicast FDB of the sfnic device model: which function
 * vport a destination MAC belongs to. Internal to the model.
 */

#ifndef _SFNIC_MODEL_FDB_H
#define _SFNIC_MODEL_FDB_H

#include <linux/if_ether.h>
#include <linux/rhashtable-types.h>

struct sfnic_model;
struct sfnic_mvport;
struct sfnic_mfdb_addrs;

/**
 * struct sfnic_mfdb - the FDB of a model
 * @t: &struct sfnic_mfdb_entry by address; several vports may hold one
 *	address (an rhltable keeps them all). Written under the model lock,
 *	looked up under RCU by the datapath; the table's own bucket locks
 *	order its writers against its background resizing.
 */
struct sfnic_mfdb {
	struct rhltable t;
};

/**
 * struct sfnic_mfdb_vport - the FDB entries of one vport, model lock held
 * @mac: the entry of the vport's MAC, or NULL (no MAC set).
 * @uc: the entries of the unicast addresses its driver programmed (its
 *	RX filter), or NULL.
 */
struct sfnic_mfdb_vport {
	struct sfnic_mfdb_addrs *mac;
	struct sfnic_mfdb_addrs *uc;
};

int sfnic_mfdb_init(struct sfnic_model *m);
void sfnic_mfdb_fini(struct sfnic_model *m);
int sfnic_mfdb_set_mac(struct sfnic_model *m, struct sfnic_mvport *v,
		       const u8 *mac);
int sfnic_mfdb_set_uc(struct sfnic_model *m, struct sfnic_mvport *v,
		      const u8 *macs, u32 n);
void sfnic_mfdb_vport_clear(struct sfnic_model *m, struct sfnic_mvport *v);
struct sfnic_mvport *sfnic_mfdb_lookup(struct sfnic_model *m, const u8 *addr,
				       const struct sfnic_mvport *src);

#endif /* _SFNIC_MODEL_FDB_H */
