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

const char *hint_gateway_endpoint(struct tctx *c, const struct topo_endpoint *ep,
				  const struct topo_subnet *from, const struct topo_route_table *rt)
{
	if (!rt || !from || c->brief)
		return NULL;
	if (!associated(ep, rt))
		/* F2.3: only subnets of associated route tables use the endpoint */
		return TEXT(c, "associate %s with %s, the route table of %s (F2.3)", ep->id, rt->id,
			    from->id);
	struct route_match m;
	memo_route_lookup(c->q->memo, c->t, rt, &c->dst_ip, &m);
	if (m.outcome != ROUTE_FOUND || !m.route || m.route->target.ptr == ep)
		return NULL;
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
