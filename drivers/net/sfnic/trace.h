/* SPDX-License-Identifier: GPL-2.0 */
/* sfnic tracepoints: SF life cycle, in the spirit of mlx5's mlx5_sf_*. */

#undef TRACE_SYSTEM
#define TRACE_SYSTEM sfnic

#if !defined(_SFNIC_TRACE_H) || defined(TRACE_HEADER_MULTI_READ)
#define _SFNIC_TRACE_H

#include <linux/tracepoint.h>

#include "sfnic.h"

DECLARE_EVENT_CLASS(sfnic_sf_template,
		    TP_PROTO(const struct sfnic_sf *sf),
	TP_ARGS(sf),
	TP_STRUCT__entry(__string(devname, dev_name(sf->sdev->dev))
			 __field(u32, port_index)
			 __field(u32, controller)
			 __field(u16, vport)
			 __field(u32, sfnum)
			 __field(u8, hw_state)
	),
	TP_fast_assign(__assign_str(devname, dev_name(sf->sdev->dev));
		       __entry->port_index = sf->port_index;
		       __entry->controller = sf->controller;
		       __entry->vport = sf->vport;
		       __entry->sfnum = sf->sfnum;
		       __entry->hw_state = sf->hw_state;
	),
	TP_printk("(%s) port_index=%u controller=%u vport=0x%x sfnum=%u hw_state=%u",
		  __get_str(devname), __entry->port_index, __entry->controller,
		  __entry->vport, __entry->sfnum, __entry->hw_state)
);

DEFINE_EVENT(sfnic_sf_template, sfnic_sf_add,
	     TP_PROTO(const struct sfnic_sf *sf), TP_ARGS(sf));
DEFINE_EVENT(sfnic_sf_template, sfnic_sf_activate,
	     TP_PROTO(const struct sfnic_sf *sf), TP_ARGS(sf));
DEFINE_EVENT(sfnic_sf_template, sfnic_sf_deactivate,
	     TP_PROTO(const struct sfnic_sf *sf), TP_ARGS(sf));
DEFINE_EVENT(sfnic_sf_template, sfnic_sf_deferred_free,
	     TP_PROTO(const struct sfnic_sf *sf), TP_ARGS(sf));
DEFINE_EVENT(sfnic_sf_template, sfnic_sf_free,
	     TP_PROTO(const struct sfnic_sf *sf), TP_ARGS(sf));
DEFINE_EVENT(sfnic_sf_template, sfnic_sf_update_state,
	     TP_PROTO(const struct sfnic_sf *sf), TP_ARGS(sf));
DEFINE_EVENT(sfnic_sf_template, sfnic_sf_dev_add,
	     TP_PROTO(const struct sfnic_sf *sf), TP_ARGS(sf));
DEFINE_EVENT(sfnic_sf_template, sfnic_sf_dev_del,
	     TP_PROTO(const struct sfnic_sf *sf), TP_ARGS(sf));

#endif /* _SFNIC_TRACE_H */

#undef TRACE_INCLUDE_PATH
#define TRACE_INCLUDE_PATH .
#undef TRACE_INCLUDE_FILE
#define TRACE_INCLUDE_FILE trace
#include <trace/define_trace.h>
