/* route.h - route selection in a VPC route table (F1.1-F1.10).
 *
 * Ownership: results borrow from the topology.
 */
#ifndef VPCPATH_ROUTE_H
#define VPCPATH_ROUTE_H

#include <stdbool.h>

#include "vpcpath/topo.h"

enum route_outcome {
	ROUTE_FOUND,
	ROUTE_NONE,       /* no route matches (F1.9) */
	ROUTE_AMBIGUOUS,  /* overlapping prefix lists to different targets (F1.4c) */
};

struct route_match {
	enum route_outcome outcome;
	const struct topo_route *route;   /* the winner (may be a propagated virtual route) */
	struct net_prefix matched;        /* the CIDR or prefix-list entry that matched */
	const struct topo_route *rival;   /* AMBIGUOUS: the other route */
	bool propagated_virtual;          /* made from propagating_vgws, not written */
	/* storage for a virtual propagated route */
	struct topo_route virtual_route;
};

/* Selects the route for dst in rt.  Longest prefix first, prefix lists compared per
 * entry; at equal length a static CIDR route beats a prefix-list route (F1.4a), which
 * beats a propagated route (F1.4b, F1.3).  A blackhole winner is returned as found:
 * the caller drops the packet (F1.9: no fallback). */
void route_lookup(const struct topology *t, const struct topo_route_table *rt,
		  const struct net_addr *dst, struct route_match *out);
/* Calls each() for every route the table's propagating VGWs add (F1.3): the
 * on-premises networks behind each VGW and its VPN connections' static routes. */
void route_for_each_propagated(const struct topology *t, const struct topo_route_table *rt,
			       void (*each)(const struct net_prefix *p,
					    const struct topo_gateway *vgw, void *ctx),
			       void *ctx);
/* "static", "propagated", "endpoint" or "local" */
const char *route_origin_name(enum topo_route_origin o);
/* A route's destination: its prefix list id (borrowed), or its CIDR formatted into buf. */
const char *route_dest_str(const struct topo_route *r, char *buf, size_t len);

#endif
