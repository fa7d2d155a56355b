// SPDX-License-Identifier: GPL-2.0
/*
 * sfnic device model: the physical port. It can be wired to a host netdev
 * (one end of a veth pair, say): frames the eswitch sends to the uplink
 * leave through that netdev with dev_queue_xmit(), and frames the netdev
 * receives are taken by an rx_handler and enter the eswitch from the
 * uplink. The wire is cut if the host netdev goes away.
 */

#include <linux/if_arp.h>
#include <linux/netdevice.h>
#include <linux/rtnetlink.h>

#include "priv.h"

/* RCU read lock held; consumes @skb. Returns whether it left the port. */
bool sfnic_phys_xmit(struct sfnic_model *m, struct sk_buff *skb)
{
	struct net_device *dev = rcu_dereference(m->phys_dev);
	int rc;

	if (!dev || !(dev->flags & IFF_UP)) {
		atomic64_inc(&m->phys_tx_dropped);
		kfree_skb(skb);
		return false;
	}
	skb->dev = dev;
	skb_reset_mac_header(skb);
	/* net_xmit_eval() evaluates its argument twice: not inside it */
	rc = dev_queue_xmit(skb);
	return !net_xmit_eval(rc);
}

static rx_handler_result_t sfnic_phys_rx(struct sk_buff **pskb)
{
	struct sk_buff *skb = *pskb;
	struct sfnic_model *m;

	if (skb->pkt_type == PACKET_LOOPBACK)
		return RX_HANDLER_PASS;
	skb = skb_share_check(skb, GFP_ATOMIC);
	if (!skb)
		return RX_HANDLER_CONSUMED;

	m = rcu_dereference(skb->dev->rx_handler_data);
	skb_push(skb, skb->data - skb_mac_header(skb));
	sfnic_esw_from_phys(m, skb);
	return RX_HANDLER_CONSUMED;
}

/* RTNL held. */
static void __sfnic_phys_detach(struct sfnic_model *m)
{
	struct net_device *dev = rtnl_dereference(m->phys_dev);

	if (!dev)
		return;
	netdev_rx_handler_unregister(dev);
	dev_set_promiscuity(dev, -1);
	RCU_INIT_POINTER(m->phys_dev, NULL);
	synchronize_net();
	netdev_put(dev, &m->phys_tracker);
	dev_info(m->dev, "physical port unplugged from %s\n", dev->name);
}

/**
 * sfnic_model_phys_attach() - plug the physical port into a host netdev
 * @m: the model
 * @dev: a netdev of the initial network namespace, which the caller
 *	checked is no port of the model's own (no loop); RTNL held
 *
 * Unplugs the port from the netdev it was plugged into first.
 *
 * Return: 0, -EINVAL if @dev is no Ethernet device, -EBUSY if it already
 * has an rx_handler (a bridge port, another model's wire).
 */
int sfnic_model_phys_attach(struct sfnic_model *m, struct net_device *dev)
{
	int err;

	ASSERT_RTNL();
	if (dev->type != ARPHRD_ETHER || (dev->flags & IFF_LOOPBACK))
		return -EINVAL;
	__sfnic_phys_detach(m);
	err = netdev_rx_handler_register(dev, sfnic_phys_rx, m);
	if (err)
		return err;
	err = dev_set_promiscuity(dev, 1);
	if (err) {
		netdev_rx_handler_unregister(dev);
		return err;
	}
	netdev_hold(dev, &m->phys_tracker, GFP_KERNEL);
	rcu_assign_pointer(m->phys_dev, dev);
	dev_info(m->dev, "physical port plugged into %s\n", dev->name);
	return 0;
}

/**
 * sfnic_model_phys_detach() - unplug the physical port
 * @m: the model
 */
void sfnic_model_phys_detach(struct sfnic_model *m)
{
	rtnl_lock();
	__sfnic_phys_detach(m);
	rtnl_unlock();
}

/**
 * sfnic_model_phys_show() - the host netdev the port is plugged into
 * @m: the model
 * @buf: a sysfs buffer
 *
 * Return: bytes written: the name and a newline, or just a newline.
 */
ssize_t sfnic_model_phys_show(struct sfnic_model *m, char *buf)
{
	struct net_device *dev;
	ssize_t len;

	rcu_read_lock();
	dev = rcu_dereference(m->phys_dev);
	len = sysfs_emit(buf, "%s\n", dev ? dev->name : "");
	rcu_read_unlock();
	return len;
}

static int sfnic_phys_event(struct notifier_block *nb, unsigned long event,
			    void *ptr)
{
	struct sfnic_model *m = container_of(nb, struct sfnic_model, phys_nb);
	struct net_device *dev = netdev_notifier_info_to_dev(ptr);

	if (event == NETDEV_UNREGISTER && rtnl_dereference(m->phys_dev) == dev)
		__sfnic_phys_detach(m);
	return NOTIFY_DONE;
}

int sfnic_phys_init(struct sfnic_model *m)
{
	m->phys_nb.notifier_call = sfnic_phys_event;
	return register_netdevice_notifier(&m->phys_nb);
}

void sfnic_phys_fini(struct sfnic_model *m)
{
	sfnic_model_phys_detach(m);
	unregister_netdevice_notifier(&m->phys_nb);
}
