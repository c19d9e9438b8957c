/* route.c - see include/vpcpath/route.h */
#include "vpcpath/route.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* priority at equal prefix length: lower is better */
static int route_rank(const struct topo_route *r)
{
	if (r->origin == TOPO_ORIGIN_LOCAL)
		return 0;
	if (r->origin == TOPO_ORIGIN_PROPAGATED)
		return 3;
	return r->dest_is_prefix_list ? 2 : 1; /* endpoint routes are prefix-list routes */
}

struct candidate {
	const struct topo_route *route;
	struct net_prefix matched;
};

static bool better(const struct candidate *a, const struct candidate *b)
{
	if (!b->route)
		return true;
	if (a->matched.len != b->matched.len)
		return a->matched.len > b->matched.len; /* F1.1 */
	return route_rank(a->route) < route_rank(b->route);
}

/* the longest entry of a prefix list containing dst */
static bool pl_match(const struct topo_prefix_list *pl, const struct net_addr *dst,
		     struct net_prefix *out)
{
	bool found = false;
	for (size_t i = 0; i < pl->cidrs.len; i++) {
		const struct net_prefix *p = &pl->cidrs.items[i];
		if (net_prefix_contains(p, dst) && (!found || p->len > out->len)) {
			*out = *p;
			found = true;
		}
	}
	return found;
}

static bool match_route(const struct topo_route *r, const struct net_addr *dst,
			struct net_prefix *matched)
{
	if (r->dest_is_prefix_list)
		return r->dest_pl.ptr && pl_match(r->dest_pl.ptr, dst, matched);
	if (!net_prefix_contains(&r->dest, dst))
		return false;
	*matched = r->dest;
	return true;
}

static bool same_target(const struct topo_route *a, const struct topo_route *b)
{
	if (a->target.ptr || b->target.ptr)
		return a->target.ptr == b->target.ptr;
	return a->target.text && b->target.text && !strcmp(a->target.text, b->target.text);
}

/* One propagated route per prefix of arr that holds dst; keeps the best in *best. */
void route_for_each_propagated(const struct topology *t, const struct topo_route_table *rt,
			       void (*each)(const struct net_prefix *p,
					    const struct topo_gateway *vgw, void *ctx),
			       void *ctx)
{
	for (size_t g = 0; g < rt->propagating_vgws.len; g++) {
		const struct topo_gateway *vgw = rt->propagating_vgws.items[g].ptr;
		if (!vgw)
			continue;
		/* the on-premises networks behind the VGW, and its VPNs' static routes */
		for (size_t i = 0; i < t->non_premises; i++)
			if (t->on_premises[i].via.ptr == vgw)
				for (size_t k = 0; k < t->on_premises[i].cidrs.len; k++)
					each(&t->on_premises[i].cidrs.items[k], vgw, ctx);
		for (size_t i = 0; i < t->nvpn_connections; i++)
			if (t->vpn_connections[i].gateway.ptr == vgw)
				for (size_t k = 0; k < t->vpn_connections[i].static_routes.len; k++)
					each(&t->vpn_connections[i].static_routes.items[k], vgw, ctx);
	}
}

struct propagated_search {
	const struct net_addr *dst;
	struct candidate *best;
	struct route_match *out;
};

static void propagated_candidate(const struct net_prefix *p, const struct topo_gateway *vgw,
				 void *ctx)
{
	struct propagated_search *ps = ctx;
	if (!net_prefix_contains(p, ps->dst))
		return;
	struct topo_route cand_route = { 0 };
	cand_route.dest = *p;
	cand_route.target.text = vgw->id;
	cand_route.target.kind = TOPO_VPN_GATEWAY;
	cand_route.target.ptr = (void *)vgw;
	cand_route.origin = TOPO_ORIGIN_PROPAGATED;
	struct candidate c = { &cand_route, *p };
	if (better(&c, ps->best)) {
		ps->out->virtual_route = cand_route;
		ps->best->route = &ps->out->virtual_route;
		ps->best->matched = *p;
		ps->out->propagated_virtual = true;
	}
}

static void propagated_candidates(const struct topology *t, const struct topo_route_table *rt,
				  const struct net_addr *dst, struct candidate *best,
				  struct route_match *out)
{
	struct propagated_search ps = { dst, best, out };
	route_for_each_propagated(t, rt, propagated_candidate, &ps);
}

void route_lookup(const struct topology *t, const struct topo_route_table *rt,
		  const struct net_addr *dst, struct route_match *out)
{
	memset(out, 0, sizeof(*out));
	struct candidate best = { 0 };
	for (size_t i = 0; i < rt->nroutes; i++) {
		struct candidate c = { .route = &rt->routes[i] };
		if (!match_route(c.route, dst, &c.matched))
			continue;
		if (better(&c, &best))
			best = c;
	}
	propagated_candidates(t, rt, dst, &best, out);
	if (!best.route) {
		out->outcome = ROUTE_NONE;
		return;
	}
	if (best.route != &out->virtual_route)
		out->propagated_virtual = false;
	out->route = best.route;
	out->matched = best.matched;
	out->outcome = ROUTE_FOUND;
	/* F1.4(c): prefix lists with overlapping entries to different targets: AWS picks
	 * one at random (and keeps it).  Which one is unknowable offline.  Only a tie is a
	 * choice: a list whose matching entry is less specific has already lost (F1.1,
	 * F1.4(b): "more specific routes always take priority"). */
	if (best.route->dest_is_prefix_list) {
		for (size_t i = 0; i < rt->nroutes; i++) {
			const struct topo_route *r = &rt->routes[i];
			struct net_prefix m;
			if (r == best.route || !r->dest_is_prefix_list || same_target(r, best.route))
				continue;
			if (r->dest_pl.ptr == best.route->dest_pl.ptr)
				continue;
			if (match_route(r, dst, &m) && m.len == best.matched.len &&
			    route_rank(r) == route_rank(best.route)) {
				out->outcome = ROUTE_AMBIGUOUS;
				out->rival = r;
				return;
			}
		}
	}
}

const char *route_origin_name(enum topo_route_origin o)
{
	switch (o) {
	case TOPO_ORIGIN_PROPAGATED: return "propagated";
	case TOPO_ORIGIN_ENDPOINT: return "endpoint";
	case TOPO_ORIGIN_LOCAL: return "local";
	default: return "static";
	}
}

const char *route_dest_str(const struct topo_route *r, char *buf, size_t len)
{
	/* a prefix list's id is returned as it is: ids have no length limit */
	if (r->dest_is_prefix_list)
		return r->dest_pl.text ? r->dest_pl.text : "pl-?";
	char p[NET_PREFIXSTRLEN];
	snprintf(buf, len, "%s", net_prefix_str(&r->dest, p));
	return buf;
}

const struct topo_missing *route_unknown_endpoint(const struct topology *t,
						  const struct topo_vpc *vpc)
{
	const struct topo_missing *m = topo_missing_find(t, TOPO_MISSING_ENDPOINTS,
							 vpc ? vpc->id : NULL, NULL);
	return m && m->plan_unknown ? m : NULL;
}

bool route_unknown_endpoint_may_take(const struct topology *t, const struct topo_vpc *vpc,
				     const struct net_addr *dst, const struct route_match *m,
				     enum topo_service *svc, const struct topo_prefix_list **pl)
{
	static const enum topo_service gateway_services[] = { TOPO_SVC_S3, TOPO_SVC_DYNAMODB };
	const char *region = vpc && vpc->region ? vpc->region : t->region;
	for (size_t i = 0; i < sizeof(gateway_services) / sizeof(gateway_services[0]); i++) {
		const struct topo_prefix_list *list =
			topo_service_prefix_list(t, gateway_services[i], region, dst->family);
		struct net_prefix entry;
		if (!list || !pl_match(list, dst, &entry))
			continue;
		if (m->outcome == ROUTE_FOUND) {
			const struct topo_route *r = m->route;
			const struct topo_endpoint *ep = r->target.kind == TOPO_ENDPOINT ?
							 r->target.ptr : NULL;
			if (ep && ep->type == TOPO_EP_GATEWAY && ep->service == gateway_services[i])
				continue; /* F2.3 */
			/* a prefix-list route loses to a longer match and, at the same length,
			 * to a local or static CIDR route (route_rank) */
			if (entry.len < m->matched.len ||
			    (entry.len == m->matched.len && route_rank(r) < 2))
				continue;
		}
		*svc = gateway_services[i];
		*pl = list;
		return true;
	}
	return false;
}

/* malloc'd printf; NULL when out of memory */
static char *note_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static char *note_printf(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int len = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	char *note = len < 0 ? NULL : malloc((size_t)len + 1);
	if (note) {
		va_start(ap, fmt);
		vsnprintf(note, (size_t)len + 1, fmt, ap);
		va_end(ap);
	}
	return note;
}

char *route_unknown_note(const struct topology *t, const struct topo_route_table *rt)
{
	/* the main table the loader made for a VPC whose tables the data lacks (F9.7) */
	const struct topo_missing *tables = rt->implicit ?
		topo_missing_of(t, TOPO_ROUTE_TABLE, rt->vpc->id, NULL) : NULL;
	if (tables && tables->plan_unknown)
		return note_printf("%s %s known only after apply: the routes here are only the "
				   "implicit ones, and a trace through this table is ambiguous "
				   "(PLAN_UNKNOWN, F9.7)", tables->what, tables->id ? "is" : "are");
	if (tables && tables->absent_from)
		return note_printf("the %s does not hold %s: the routes here are only the implicit "
				   "ones, and a trace through this table is ambiguous (MISSING_DATA, "
				   "F9.7)", tables->absent_from, tables->what);
	if (tables)
		return note_printf("%s %s not collected: the routes here are only the implicit "
				   "ones, and a trace through this table is ambiguous (MISSING_DATA, "
				   "F9.7); `%s` supplies %s", tables->what, tables->id ? "was" : "were",
				   tables->command, tables->id ? "it" : "them");
	const struct topo_missing *m = route_unknown_endpoint(t, rt->vpc);
	if (!m)
		return NULL;
	const char *region = rt->vpc->region ? rt->vpc->region : t->region;
	region = region ? region : "its Region";
	if (m->address)
		return note_printf("%s%s%s is known only after apply: a gateway endpoint may add a "
				   "route for the S3 or DynamoDB prefix list of %s to this table "
				   "(PLAN_UNKNOWN, F2.2)", m->address, m->attribute ? "." : "",
				   m->attribute ? m->attribute : "", region);
	return note_printf("the route tables of %s are known only after apply: a gateway "
			   "endpoint may add a route for the S3 or DynamoDB prefix list of %s to "
			   "this table (PLAN_UNKNOWN, F2.2)", m->what, region);
}
