/* memo.h - inside the trace module: route lookups through a trace_memo (memo.c). */
#ifndef VPCPATH_TRACE_MEMO_H
#define VPCPATH_TRACE_MEMO_H

#include "vpcpath/policy.h"
#include "vpcpath/route.h"
#include "vpcpath/trace.h"

/* route_lookup(), remembered in m when m is not NULL. */
void memo_route_lookup(struct trace_memo *m, const struct topology *t,
		       const struct topo_route_table *rt, const struct net_addr *dst,
		       struct route_match *out);
/* decide(p, req) (does resource policy p deny req from outside a VPC endpoint?),
 * remembered in m when m is not NULL. */
bool memo_pinned(struct trace_memo *m, const struct policy *p, const struct policy_request *req,
		 bool (*decide)(const struct policy *p, const struct policy_request *req));

#endif
