/* hint.h - inside the trace module: the smallest change that would carry a flow where
 * it was meant to go (hint.c).  Each returns human text made with TEXT (NULL in brief
 * mode), or NULL when there is nothing smaller to say than the caller's own advice. */
#ifndef VPCPATH_TRACE_HINT_H
#define VPCPATH_TRACE_HINT_H

#include "trace-int.h"

/* Gateway endpoint ep serves the flow's service and Region; from is the source subnet
 * and rt its route table.  "associate ep with rt" when they are not associated; when
 * they are but a more specific route wins, that route; NULL when ep carries the flow
 * from rt already (or rt is NULL). */
const char *hint_gateway_endpoint(struct tctx *c, const struct topo_endpoint *ep,
				  const struct topo_subnet *from, const struct topo_route_table *rt);

/* Interface endpoint ep serves the flow's service and Region but the flow's name does
 * not resolve to it: its endpoint-specific name, or its private DNS settings (F3.3,
 * F3.4); NULL when neither would change the answer. */
const char *hint_interface_endpoint(struct tctx *c, const struct topo_endpoint *ep);

/* Route table rt of subnet from has no route for the destination: the smallest change
 * that gives it one (an existing gateway endpoint to associate, an interface endpoint's
 * name or DNS, another table of the VPC that routes it); NULL when there is none but
 * adding a route. */
const char *hint_no_route(struct tctx *c, const struct topo_subnet *from,
			  const struct topo_route_table *rt);

/* The flow's request does not come through a VPC endpoint of its service, which a
 * policy requires (aws:SourceVpce, aws:SourceVpc): the smallest change that sends it
 * through one of the source VPC's endpoints; NULL when there is none to use. */
const char *hint_via_endpoint(struct tctx *c);

/* The resource policy res_policy denied req (its context pc) for a request that did
 * not come through a VPC endpoint.  When a gateway endpoint of the source's VPC serves
 * the flow but the source's route table does not send it there (not associated, or a
 * more specific route wins), and the policy would not deny the request through that
 * endpoint, the route table is the root cause: its hop is marked (trace_hop.root_cause)
 * and true returned.  Works in brief traces. */
bool hint_mark_route_cause(struct tctx *c, const struct policy *res_policy,
			   const struct policy_request *req, const struct policy_context *pc);

#endif
