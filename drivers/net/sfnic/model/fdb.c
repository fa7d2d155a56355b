// SPDX-License-Identifier: GPL-2.0
/*
 * sfnic device model: the legacy-mode unicast FDB. Each address a function
 * vport receives (its MAC, and the unicast addresses its driver programmed
 * in its RX filter) has an entry in a hash table keyed by address, so the
 * eswitch finds a unicast frame's destination in one lookup whatever the
 * number of vports, as a NIC's hardware FDB does. The entries follow the
 * commands that change the addresses (set MAC, set RX filter, detach,
 * destroy), under the model lock; the datapath looks them up under RCU.
 */

#include <linux/etherdevice.h>
#include <linux/rhashtable.h>
#include <linux/slab.h>

#include "priv.h"

/* One address of one vport. */
struct sfnic_mfdb_entry {
	struct rhlist_head node;
	u8 addr[ETH_ALEN];
	struct sfnic_mvport *v;
};

/* The entries a vport adds or removes together, freed after RCU: readers
 * may still walk them, and dereference their vport, which is also freed
 * after RCU.
 */
struct sfnic_mfdb_addrs {
	struct rcu_head rcu;
	u32 n;
	struct sfnic_mfdb_entry e[];
};

static const struct rhashtable_params sfnic_mfdb_params = {
	.key_len		= ETH_ALEN,
	.key_offset		= offsetof(struct sfnic_mfdb_entry, addr),
	.head_offset		= offsetof(struct sfnic_mfdb_entry, node),
	.automatic_shrinking	= true,
};

/* Model lock held. */
static void sfnic_mfdb_del(struct sfnic_model *m, struct sfnic_mfdb_addrs *a)
{
	u32 i;

	if (!a)
		return;
	for (i = 0; i < a->n; i++)
		rhltable_remove(&m->fdb.t, &a->e[i].node, sfnic_mfdb_params);
	kfree_rcu(a, rcu);
}

/* Model lock held: entries of @v for the @n addresses at @macs, one
 * after the other, or an ERR_PTR().
 */
static struct sfnic_mfdb_addrs *sfnic_mfdb_add(struct sfnic_model *m,
					       struct sfnic_mvport *v,
					       const u8 *macs, u32 n)
{
	struct sfnic_mfdb_addrs *a;
	int err;
	u32 i;

	a = kzalloc(struct_size(a, e, n), GFP_KERNEL);
	if (!a)
		return ERR_PTR(-ENOMEM);
	for (i = 0; i < n; i++) {
		memcpy(a->e[i].addr, macs + i * ETH_ALEN, ETH_ALEN);
		a->e[i].v = v;
		err = rhltable_insert(&m->fdb.t, &a->e[i].node,
				      sfnic_mfdb_params);
		if (err) {
			sfnic_mfdb_del(m, a);
			return ERR_PTR(err);
		}
		a->n = i + 1;
	}
	return a;
}

/**
 * sfnic_mfdb_set_mac() - a vport's MAC changes
 * @m: the model; its lock held
 * @v: the vport
 * @mac: its new MAC; the zero address has no entry
 *
 * Return: 0, or -ENOMEM with the FDB as it was.
 */
int sfnic_mfdb_set_mac(struct sfnic_model *m, struct sfnic_mvport *v,
		       const u8 *mac)
{
	struct sfnic_mfdb_addrs *a = NULL;

	lockdep_assert_held(&m->lock);
	if (!is_zero_ether_addr(mac)) {
		a = sfnic_mfdb_add(m, v, mac, 1);
		if (IS_ERR(a))
			return PTR_ERR(a);
	}
	sfnic_mfdb_del(m, v->fdb.mac);
	v->fdb.mac = a;
	return 0;
}

/**
 * sfnic_mfdb_set_uc() - a vport's driver programs its unicast addresses
 * @m: the model; its lock held
 * @v: the vport
 * @macs: the addresses, besides its MAC, one after the other
 * @n: how many; 0 removes them all, and cannot fail
 *
 * Return: 0, or -ENOMEM with the FDB as it was.
 */
int sfnic_mfdb_set_uc(struct sfnic_model *m, struct sfnic_mvport *v,
		      const u8 *macs, u32 n)
{
	struct sfnic_mfdb_addrs *a = NULL;

	lockdep_assert_held(&m->lock);
	if (n) {
		a = sfnic_mfdb_add(m, v, macs, n);
		if (IS_ERR(a))
			return PTR_ERR(a);
	}
	sfnic_mfdb_del(m, v->fdb.uc);
	v->fdb.uc = a;
	return 0;
}

/**
 * sfnic_mfdb_vport_clear() - remove every entry of a vport going away
 * @m: the model; its lock held, or the model is powering off
 * @v: the vport
 */
void sfnic_mfdb_vport_clear(struct sfnic_model *m, struct sfnic_mvport *v)
{
	sfnic_mfdb_del(m, v->fdb.mac);
	sfnic_mfdb_del(m, v->fdb.uc);
	v->fdb.mac = NULL;
	v->fdb.uc = NULL;
}

/**
 * sfnic_mfdb_lookup() - the function a unicast frame goes to
 * @m: the model; RCU read lock held
 * @addr: the frame's destination
 * @src: the vport it comes from, or NULL (the uplink)
 *
 * Of the vports that hold @addr, up (active or in use) and other than
 * @src, the one with the lowest number: the PF before the SFs, as the
 * vport table's order had it.
 *
 * Return: the vport, or NULL: @addr is unknown.
 */
struct sfnic_mvport *sfnic_mfdb_lookup(struct sfnic_model *m, const u8 *addr,
				       const struct sfnic_mvport *src)
{
	struct sfnic_mvport *best = NULL;
	struct sfnic_mfdb_entry *e;
	struct rhlist_head *list, *pos;

	list = rhltable_lookup(&m->fdb.t, addr, sfnic_mfdb_params);
	rhl_for_each_entry_rcu(e, pos, list, node) {
		struct sfnic_mvport *v = e->v;

		if (v == src || v->num == SFNIC_VPORT_UPLINK ||
		    !sfnic_mvport_up(v))
			continue;
		if (!best || v->num < best->num)
			best = v;
	}
	return best;
}

int sfnic_mfdb_init(struct sfnic_model *m)
{
	return rhltable_init(&m->fdb.t, &sfnic_mfdb_params);
}

/* Every vport's entries are gone. */
void sfnic_mfdb_fini(struct sfnic_model *m)
{
	rhltable_destroy(&m->fdb.t);
}
