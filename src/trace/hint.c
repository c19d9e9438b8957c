/* hint.c - see hint.h.  A fix hint that names a change bigger than the one needed
 * ("add a gateway endpoint" when one exists and is only not associated) is wrong
 * advice: it would make a second endpoint, or be refused (F2.3: one endpoint route per
 * service in a table).  So each hint looks for what is already there first. */
#include "hint.h"

#include <string.h>

#include "memo.h"

static bool endpoint_serves_flow(const struct tctx *c, const struct topo_endpoint *ep)
{
	return c->d.service != TOPO_SVC_NONE && ep->service == c->d.service && c->d.region &&
	       ep->service_region && strcmp(ep->service_region, c->d.region) == 0;
}

static bool associated(const struct topo_endpoint *ep, const struct topo_route_table *rt)
{
	for (size_t k = 0; k < ep->route_tables.len; k++)
		if (ep->route_tables.items[k].ptr == rt)
			return true;
	return false;
}

/* The route of rt that wins over gateway endpoint ep's prefix-list route for the flow
 * (F1.5), NULL when ep's route carries it (or rt has none for it). */
static const struct topo_route *route_beating_endpoint(const struct tctx *c,
						       const struct topo_endpoint *ep,
						       const struct topo_route_table *rt)
{
	struct route_match m;
	memo_route_lookup(c->q->memo, c->t, rt, &c->dst_ip, &m);
	if (m.outcome != ROUTE_FOUND || !m.route || m.route->target.ptr == ep)
		return NULL;
	return m.route;
}

const char *hint_gateway_endpoint(struct tctx *c, const struct topo_endpoint *ep,
				  const struct topo_subnet *from, const struct topo_route_table *rt)
{
	if (!rt || !from || c->brief)
		return NULL;
	if (!associated(ep, rt))
		/* F2.3: only subnets of associated route tables use the endpoint */
		return TEXT(c, "associate %s with %s, the route table of %s (F2.3)", ep->id, rt->id,
			    from->id);
	const struct topo_route *route = route_beating_endpoint(c, ep, rt);
	if (!route)
		return NULL;
	struct route_match m = { .route = route };
	char buf[NET_PREFIXSTRLEN];
	/* F1.5: the endpoint's prefix-list route loses to a more specific one */
	return TEXT(c, "route %s -> %s in %s is more specific than %s's prefix-list route and wins "
		    "(F1.5); remove it so %s carries the flow", route_dest_str(m.route, buf, sizeof(buf)),
		    m.route->target.text ? m.route->target.text : "?", rt->id, ep->id, ep->id);
}

const char *hint_interface_endpoint(struct tctx *c, const struct topo_endpoint *ep)
{
	if (!ep->private_dns)
		return TEXT(c, "send the requests to %s's endpoint-specific DNS name (F3.3) or enable "
			    "its private DNS (F3.4)", ep->id);
	if (ep->private_dns_only_for_inbound_resolver)
		return TEXT(c, "clear %s's \"private DNS only for inbound endpoints\" (F3.4) or send "
			    "the requests to its endpoint-specific DNS name (F3.3)", ep->id);
	return NULL;
}

const char *hint_no_route(struct tctx *c, const struct topo_subnet *from,
			  const struct topo_route_table *rt)
{
	const struct topo_vpc *vpc = from ? from->vpc : NULL;
	if (!vpc || c->brief)
		return NULL;
	for (size_t i = 0; i < vpc->nendpoints; i++) {
		const struct topo_endpoint *ep = &vpc->endpoints[i];
		if (ep->type == TOPO_EP_GATEWAY && endpoint_serves_flow(c, ep) && !associated(ep, rt))
			return hint_gateway_endpoint(c, ep, from, rt);
	}
	for (size_t i = 0; i < vpc->nendpoints; i++) {
		const struct topo_endpoint *ep = &vpc->endpoints[i];
		const char *fix = ep->type == TOPO_EP_INTERFACE && endpoint_serves_flow(c, ep) ?
				  hint_interface_endpoint(c, ep) : NULL;
		if (fix)  /* its addresses are in the VPC: the local route carries them */
			return fix;
	}
	/* F1.10: a subnet has one route table; another table of the VPC that routes the
	 * destination is one association away.  The best such route: to an endpoint
	 * (private, F2.1), then through a NAT or other gateway, then to the internet
	 * gateway, which serves only a source with a public address (F5.1) */
	const struct topo_route_table *best = NULL;
	const struct topo_route *best_route = NULL;
	int best_rank = 3;
	for (size_t i = 0; i < vpc->nroute_tables; i++) {
		const struct topo_route_table *other = &vpc->route_tables[i];
		if (other == rt)
			continue;
		struct route_match m;
		memo_route_lookup(c->q->memo, c->t, other, &c->dst_ip, &m);
		if (m.outcome != ROUTE_FOUND || !m.route || m.route->blackhole ||
		    m.propagated_virtual)
			continue;
		enum topo_kind k = m.route->target.kind;
		int rank = k == TOPO_ENDPOINT ? 0 : k == TOPO_INTERNET_GATEWAY ? 2 : 1;
		if (rank == 2 && !(c->inst && c->inst->has_public_ip))
			continue;
		if (rank < best_rank) {
			best = other;
			best_route = m.route;
			best_rank = rank;
		}
	}
	if (best) {
		char buf[NET_PREFIXSTRLEN];
		return TEXT(c, "%s routes it (%s -> %s): associate %s with %s (F1.10), or add that "
			    "route to %s", best->id, route_dest_str(best_route, buf, sizeof(buf)),
			    best_route->target.text ? best_route->target.text : "?", from->id,
			    best->id, rt->id);
	}
	return NULL;
}

const char *hint_via_endpoint(struct tctx *c)
{
	const struct topo_vpc *vpc = c->subnet ? c->subnet->vpc : NULL;
	if (!vpc || c->brief)
		return NULL;
	for (size_t i = 0; i < vpc->nendpoints; i++) {
		const struct topo_endpoint *ep = &vpc->endpoints[i];
		const char *fix = ep->type == TOPO_EP_GATEWAY && endpoint_serves_flow(c, ep) ?
				  hint_gateway_endpoint(c, ep, c->subnet, c->subnet->route_table) : NULL;
		if (fix)
			return fix;
	}
	for (size_t i = 0; i < vpc->nendpoints; i++) {
		const struct topo_endpoint *ep = &vpc->endpoints[i];
		const char *fix = ep->type == TOPO_EP_INTERFACE && endpoint_serves_flow(c, ep) ?
				  hint_interface_endpoint(c, ep) : NULL;
		if (fix)
			return fix;
	}
	return NULL;
}

/* The gateway endpoint of the source's VPC that serves the flow but that the source's
 * route table does not send it to (not associated, F2.3, or a more specific route
 * wins, F1.5); NULL when there is none.  Made without text: bulk runs need it too. */
static const struct topo_endpoint *endpoint_not_taken(const struct tctx *c)
{
	const struct topo_route_table *rt = c->subnet ? c->subnet->route_table : NULL;
	const struct topo_vpc *vpc = c->subnet ? c->subnet->vpc : NULL;
	if (!rt || !vpc)
		return NULL;
	for (size_t i = 0; i < vpc->nendpoints; i++) {
		const struct topo_endpoint *ep = &vpc->endpoints[i];
		if (ep->type == TOPO_EP_GATEWAY && endpoint_serves_flow(c, ep) &&
		    (!associated(ep, rt) || route_beating_endpoint(c, ep, rt)))
			return ep;
	}
	return NULL;
}

bool hint_mark_route_cause(struct tctx *c, const struct policy *res_policy,
			   const struct policy_request *req, const struct policy_context *pc)
{
	if (c->r->via_vpc_endpoint || !res_policy || !pc)
		return false;
	const struct topo_endpoint *ep = endpoint_not_taken(c);
	if (!ep)
		return false;
	/* the request as it would come through ep (F2.11): the same keys, with the
	 * endpoint's and the private source address instead of the public one */
	size_t n = policy_context_count(pc);
	struct policy_context *via = policy_context_new_in(c->a, n + 3);
	for (size_t i = 0; i < n; i++)
		for (size_t j = 0; j < policy_context_nvalues(pc, i); j++)
			policy_context_add(via, policy_context_key(pc, i),
					   policy_context_value_at(pc, i, j));
	policy_context_set(via, "aws:SourceVpce", ep->id);
	policy_context_set(via, "aws:SourceVpc", ep->vpc->id);
	policy_context_set(via, "aws:VpcSourceIp", addr_str(c, &c->src_ip));
	policy_context_remove(via, "aws:SourceIp");
	struct policy_request through = *req;
	through.context = via;
	through.no_explain = true;
	enum policy_decision d = policy_eval(res_policy, &through, NULL);
	policy_context_free(via);
	if (d == POLICY_DENY)
		return false;  /* denied that way too: the policy is the fault */
	struct trace_hop *hops = c->hops.items;
	for (size_t i = 0; i < c->hops.len; i++)
		if (!strcmp(hops[i].kind, "route-table") && hops[i].id &&
		    !strcmp(hops[i].id, c->subnet->route_table->id)) {
			hops[i].root_cause = true;
			const char *fix = hint_gateway_endpoint(c, ep, c->subnet, c->subnet->route_table);
			if (fix)  /* NULL in brief traces */
				hops[i].hint = TEXT(c, "root cause of the policy's denial: %s", fix);
			return true;
		}
	return false;
}
