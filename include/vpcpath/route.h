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

/* F2.2, F9.7: a gateway endpoint of the VPC whose route tables are not known (an entry
 * of missing: of kind endpoints with reason plan_unknown: a Terraform plan's
 * route_table_ids known only after apply, or an endpoint the plan leaves out for
 * another unknown) may put a route for its service into any table of the VPC after
 * apply.  The entry, or NULL when every gateway endpoint of the VPC is known.  An
 * uncollected describe-vpc-endpoints (reason not_collected) is not one: the route
 * tables AWS describes list the endpoints' routes themselves.  Borrowed. */
const struct topo_missing *route_unknown_endpoint(const struct topology *t,
						  const struct topo_vpc *vpc);
/* Could such an endpoint's route take dst from what the table chose (m, from
 * route_lookup)?  True when dst is in the S3 or DynamoDB prefix list of the VPC's
 * Region (gateway endpoints serve those two only, F2.1) and the endpoint's route would
 * win or tie (F1.1, F1.4), unless the table already sends dst to a gateway endpoint of
 * that service (one per service and table, F2.3).  *svc and *pl receive the service
 * and its prefix list. */
bool route_unknown_endpoint_may_take(const struct topology *t, const struct topo_vpc *vpc,
				     const struct net_addr *dst, const struct route_match *m,
				     enum topo_service *svc, const struct topo_prefix_list **pl);

/* The sentence `vpcpath routes` prints under a table whose routes are not all known
 * (malloc'd, the caller frees it; NULL when they are): the main table the loader made
 * for a VPC whose tables the data lacks (F9.7), or a table of a VPC with a gateway
 * endpoint whose route tables are known only after apply (route_unknown_endpoint). */
char *route_unknown_note(const struct topology *t, const struct topo_route_table *rt);

#endif
