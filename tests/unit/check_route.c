/* check_route.c - route selection in a VPC route table (src/net/route.c) on
 * topologies loaded from small YAML texts: longest prefix match (F1.1), IPv4/IPv6
 * independence (F1.2), static over propagated (F1.3), prefix-list rules (F1.4),
 * gateway-endpoint routes (F1.5, F2.2), the implicit local route (F1.6), blackholes and
 * no route (F1.8, F1.9), the main route table (F1.10). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check_main.h"
#include "vpcpath/route.h"
#include "vpcpath/topo.h"

/* ---- helpers ------------------------------------------------------------------- */

static struct topology *load(const char *yaml)
{
	return check_load_topology("route.yaml", yaml);
}

static const struct topo_route_table *table(const struct topology *t, const char *id)
{
	bool amb;
	const struct topo_route_table *rt = topo_find(t, TOPO_ROUTE_TABLE, id, &amb);
	ck_assert_msg(rt != NULL, "route table %s exists", id);
	return rt;
}

static const struct topo_route_table *subnet_table(const struct topology *t, const char *id)
{
	bool amb;
	const struct topo_subnet *s = topo_find(t, TOPO_SUBNET, id, &amb);
	ck_assert_msg(s != NULL, "subnet %s exists", id);
	ck_assert_ptr_nonnull(s->route_table);
	return s->route_table;
}

static struct route_match m; /* results borrow from it (virtual routes) */

static const struct route_match *lookup(const struct topology *t, const char *rtb,
					const char *dst)
{
	struct net_addr a;
	ck_assert_msg(net_addr_parse(dst, &a), "destination %s parses", dst);
	route_lookup(t, table(t, rtb), &a, &m);
	return &m;
}

static const char *matched_str(const struct route_match *r)
{
	static char buf[NET_PREFIXSTRLEN];
	return net_prefix_str(&r->matched, buf);
}

/* Asserts a FOUND route to `target` whose matching CIDR (or prefix-list entry) is
 * `matched`. */
#define ASSERT_ROUTE(t, rtb, dst, want_target, want_matched)                                        \
	do {                                                                              \
		const struct route_match *r_ = lookup(t, rtb, dst);                      \
		ck_assert_msg(r_->outcome == ROUTE_FOUND, "%s: %s: outcome %d, want FOUND", \
			      rtb, dst, (int)r_->outcome);                                \
		ck_assert_ptr_nonnull(r_->route);                                         \
		ck_assert_str_eq(r_->route->target.text, want_target);                        \
		ck_assert_str_eq(matched_str(r_), want_matched);                              \
	} while (0)

#define HEAD                                                                              \
	"version: 1\n"                                                                    \
	"region: us-east-1\n"

/* ---- F1.1 longest prefix match -------------------------------------------------------- */

static const char *const LPM =
	HEAD
	"vpcs:\n"
	"  - id: vpc-a\n"
	"    cidrs: [10.0.0.0/16]\n"
	"    internet_gateway: igw-a\n"
	"    subnets:\n"
	"      - { id: subnet-a, cidr: 10.0.1.0/24, az: us-east-1a, route_table: rtb-a }\n"
	"    route_tables:\n"
	"      - id: rtb-a\n"
	"        routes:\n"
	"          - { destination: 192.168.1.128/25, target: eni-25 }\n"
	"          - { destination: 0.0.0.0/0, target: igw-a }\n"
	"          - { destination: 192.168.1.0/24, target: eni-24 }\n"
	"          - { destination: 192.168.0.0/16, target: eni-16 }\n"
	"          - { destination: 192.0.2.0/24, target: eni-192-24 }\n"
	"          - { destination: 192.0.2.0/28, target: eni-192-28 }\n";

START_TEST(longest_prefix_wins)
{
	struct topology *t = load(LPM);
	ASSERT_ROUTE(t, "rtb-a", "192.168.1.200", "eni-25", "192.168.1.128/25");
	ASSERT_ROUTE(t, "rtb-a", "192.168.1.5", "eni-24", "192.168.1.0/24");
	ASSERT_ROUTE(t, "rtb-a", "192.168.7.7", "eni-16", "192.168.0.0/16");
	ASSERT_ROUTE(t, "rtb-a", "8.8.8.8", "igw-a", "0.0.0.0/0");
	/* F1.12's example: 192.0.2.0/28 beats 192.0.2.0/24 */
	ASSERT_ROUTE(t, "rtb-a", "192.0.2.3", "eni-192-28", "192.0.2.0/28");
	ASSERT_ROUTE(t, "rtb-a", "192.0.2.16", "eni-192-24", "192.0.2.0/24");
	/* the IGW route is a plain static route */
	lookup(t, "rtb-a", "8.8.8.8");
	ck_assert_int_eq(m.route->target.kind, TOPO_INTERNET_GATEWAY);
	ck_assert_int_eq(m.route->origin, TOPO_ORIGIN_STATIC);
	ck_assert(!m.propagated_virtual);
	topo_free(t);
}
END_TEST

/* F1.6: every table has an implicit local route per VPC CIDR, and it beats 0.0.0.0/0 */
START_TEST(local_route_is_implicit)
{
	struct topology *t = load(
		HEAD
		"vpcs:\n"
		"  - id: vpc-a\n"
		"    cidrs: [10.0.0.0/16, 10.5.0.0/16]\n"
		"    ipv6_cidrs: [2600:1f18:1::/56]\n"
		"    internet_gateway: igw-a\n"
		"    subnets:\n"
		"      - { id: subnet-a, cidr: 10.0.1.0/24, route_table: rtb-a }\n"
		"      - { id: subnet-b, cidr: 10.0.2.0/24, route_table: rtb-a }\n"
		"    route_tables:\n"
		"      - id: rtb-a\n"
		"        routes:\n"
		"          - { destination: 0.0.0.0/0, target: igw-a }\n"
		"          - { destination: 10.0.2.0/24, target: eni-mbox }\n");
	const struct topo_route_table *rt = table(t, "rtb-a");
	/* local routes first, one per CIDR, then the written ones */
	ck_assert_uint_eq(rt->nroutes, 5);
	for (int i = 0; i < 3; i++) {
		ck_assert_int_eq(rt->routes[i].origin, TOPO_ORIGIN_LOCAL);
		ck_assert_str_eq(rt->routes[i].target.text, "local");
		ck_assert_int_eq(rt->routes[i].target.kind, TOPO_VPC);
	}
	ASSERT_ROUTE(t, "rtb-a", "10.0.9.9", "local", "10.0.0.0/16");
	ASSERT_ROUTE(t, "rtb-a", "10.5.0.1", "local", "10.5.0.0/16");
	ASSERT_ROUTE(t, "rtb-a", "2600:1f18:1::5", "local", "2600:1f18:1::/56");
	ck_assert_ptr_eq(m.route->target.ptr, topo_find(t, TOPO_VPC, "vpc-a", NULL));
	ASSERT_ROUTE(t, "rtb-a", "10.6.0.1", "igw-a", "0.0.0.0/0");
	/* F1.6: a route more specific than local, for a whole subnet, to a network
	 * interface (middlebox routing) wins by longest prefix */
	ASSERT_ROUTE(t, "rtb-a", "10.0.2.7", "eni-mbox", "10.0.2.0/24");
	ASSERT_ROUTE(t, "rtb-a", "10.0.1.7", "local", "10.0.0.0/16");
	topo_free(t);
}
END_TEST

/* F1.9: no matching route -> ROUTE_NONE */
START_TEST(no_route)
{
	struct topology *t = load(
		HEAD
		"vpcs:\n"
		"  - id: vpc-a\n"
		"    cidrs: [10.0.0.0/16]\n"
		"    subnets:\n"
		"      - { id: subnet-a, cidr: 10.0.1.0/24, route_table: rtb-a }\n"
		"    route_tables:\n"
		"      - id: rtb-a\n"
		"        routes:\n"
		"          - { destination: 172.16.0.0/12, target: eni-1 }\n");
	const struct route_match *r = lookup(t, "rtb-a", "8.8.8.8");
	ck_assert_int_eq(r->outcome, ROUTE_NONE);
	ck_assert_ptr_null(r->route);
	r = lookup(t, "rtb-a", "172.32.0.1");
	ck_assert_int_eq(r->outcome, ROUTE_NONE);
	r = lookup(t, "rtb-a", "2001:db8::1");
	ck_assert_int_eq(r->outcome, ROUTE_NONE);
	ASSERT_ROUTE(t, "rtb-a", "172.31.255.255", "eni-1", "172.16.0.0/12");
	topo_free(t);
}
END_TEST

/* F1.8/F1.9: a blackhole that wins by longest prefix is returned as the winner; the
 * router does not fall back to a less specific route */
START_TEST(blackhole_wins_without_fallback)
{
	struct topology *t = load(
		HEAD
		"vpcs:\n"
		"  - id: vpc-a\n"
		"    cidrs: [10.0.0.0/16]\n"
		"    internet_gateway: igw-a\n"
		"    subnets:\n"
		"      - { id: subnet-a, cidr: 10.0.1.0/24, route_table: rtb-a }\n"
		"    route_tables:\n"
		"      - id: rtb-a\n"
		"        routes:\n"
		"          - { destination: 0.0.0.0/0, target: igw-a }\n"
		"          - { destination: 52.217.0.0/16, target: nat-old, state: blackhole }\n"
		"          - { destination: 52.218.0.0/16, target: igw-a, state: active }\n");
	const struct route_match *r = lookup(t, "rtb-a", "52.217.10.20");
	ck_assert_int_eq(r->outcome, ROUTE_FOUND);
	ck_assert(r->route->blackhole);
	ck_assert_str_eq(r->route->target.text, "nat-old");
	ck_assert_ptr_null(r->route->target.ptr); /* the target is gone (F1.8) */
	ck_assert_str_eq(matched_str(r), "52.217.0.0/16");
	r = lookup(t, "rtb-a", "52.218.1.1");
	ck_assert(!r->route->blackhole);
	ck_assert_str_eq(r->route->target.text, "igw-a");
	r = lookup(t, "rtb-a", "52.219.1.1");
	ck_assert(!r->route->blackhole);
	ck_assert_str_eq(matched_str(r), "0.0.0.0/0");
	topo_free(t);
}
END_TEST

/* F1.2: IPv4 and IPv6 routes are independent: 0.0.0.0/0 does not route IPv6 and ::/0
 * does not route IPv4 */
START_TEST(ipv4_ipv6_independent)
{
	struct topology *t = load(
		HEAD
		"vpcs:\n"
		"  - id: vpc-a\n"
		"    cidrs: [10.0.0.0/16]\n"
		"    ipv6_cidrs: [2600:1f18:aa::/56]\n"
		"    internet_gateway: igw-a\n"
		"    egress_only_internet_gateway: eigw-a\n"
		"    subnets:\n"
		"      - { id: subnet-a, cidr: 10.0.1.0/24, route_table: rtb-v4 }\n"
		"      - { id: subnet-b, cidr: 10.0.2.0/24, route_table: rtb-both }\n"
		"    route_tables:\n"
		"      - id: rtb-v4\n"
		"        routes:\n"
		"          - { destination: 0.0.0.0/0, target: igw-a }\n"
		"      - id: rtb-both\n"
		"        routes:\n"
		"          - { destination: 0.0.0.0/0, target: igw-a }\n"
		"          - { destination: '::/0', target: eigw-a }\n");
	const struct route_match *r = lookup(t, "rtb-v4", "2001:db8::1");
	ck_assert_int_eq(r->outcome, ROUTE_NONE);
	/* an IPv4-mapped IPv6 address is IPv6 */
	r = lookup(t, "rtb-v4", "::ffff:8.8.8.8");
	ck_assert_int_eq(r->outcome, ROUTE_NONE);
	ASSERT_ROUTE(t, "rtb-v4", "8.8.8.8", "igw-a", "0.0.0.0/0");
	ASSERT_ROUTE(t, "rtb-both", "2001:db8::1", "eigw-a", "::/0");
	ck_assert_int_eq(m.route->target.kind, TOPO_EGRESS_ONLY_IGW);
	ASSERT_ROUTE(t, "rtb-both", "8.8.8.8", "igw-a", "0.0.0.0/0");
	ASSERT_ROUTE(t, "rtb-both", "2600:1f18:aa::9", "local", "2600:1f18:aa::/56");
	topo_free(t);
}
END_TEST

/* ---- prefix lists (F1.4, F1.5) ----------------------------------------------------- */

static const char *const PL =
	HEAD
	"prefix_lists:\n"
	"  - { id: pl-cust, cidrs: [52.216.0.0/15, 172.16.0.0/16] }\n"
	"  - { id: pl-nested, cidrs: [198.51.0.0/16, 198.51.100.0/24] }\n"
	"vpcs:\n"
	"  - id: vpc-a\n"
	"    cidrs: [10.0.0.0/16]\n"
	"    internet_gateway: igw-a\n"
	"    subnets:\n"
	"      - { id: subnet-a, cidr: 10.0.1.0/24, route_table: rtb-a }\n"
	"    route_tables:\n"
	"      - id: rtb-a\n"
	"        routes:\n"
	"          - { destination: pl-cust, target: eni-pl }\n"
	"          - { destination: 52.217.10.0/24, target: eni-cidr }\n"
	"          - { destination: 172.16.0.0/16, target: eni-static }\n"
	"          - { destination: pl-nested, target: eni-nested }\n"
	"      - id: rtb-b\n"
	"        routes:\n"
	"          - { destination: 172.16.0.0/16, target: eni-static }\n"
	"          - { destination: pl-cust, target: eni-pl }\n";

/* F1.4 note: a prefix list is compared per matching entry; a /24 CIDR route beats a
 * prefix-list entry of /15 for addresses inside the /24, and the list wins outside it */
START_TEST(cidr_24_beats_prefix_list_15)
{
	struct topology *t = load(PL);
	ASSERT_ROUTE(t, "rtb-a", "52.217.10.20", "eni-cidr", "52.217.10.0/24");
	ASSERT_ROUTE(t, "rtb-a", "52.217.11.20", "eni-pl", "52.216.0.0/15");
	ck_assert(m.route->dest_is_prefix_list);
	ck_assert_str_eq(m.route->dest_pl.text, "pl-cust");
	/* the longest entry of one list is the one that matched */
	ASSERT_ROUTE(t, "rtb-a", "198.51.100.1", "eni-nested", "198.51.100.0/24");
	ASSERT_ROUTE(t, "rtb-a", "198.51.7.1", "eni-nested", "198.51.0.0/16");
	topo_free(t);
}
END_TEST

/* F1.4(a): a static CIDR route beats a prefix-list route of the same length, whatever
 * the order in the table */
START_TEST(static_cidr_beats_equal_prefix_list)
{
	struct topology *t = load(PL);
	ASSERT_ROUTE(t, "rtb-a", "172.16.3.3", "eni-static", "172.16.0.0/16");
	ck_assert(!m.route->dest_is_prefix_list);
	ASSERT_ROUTE(t, "rtb-b", "172.16.3.3", "eni-static", "172.16.0.0/16");
	ck_assert(!m.route->dest_is_prefix_list);
	ASSERT_ROUTE(t, "rtb-b", "52.216.3.3", "eni-pl", "52.216.0.0/15");
	topo_free(t);
}
END_TEST

static const char *const GWE =
	HEAD
	"vpcs:\n"
	"  - id: vpc-a\n"
	"    cidrs: [10.0.0.0/16]\n"
	"    internet_gateway: igw-a\n"
	"    subnets:\n"
	"      - { id: subnet-a, cidr: 10.0.1.0/24, route_table: rtb-a }\n"
	"      - { id: subnet-b, cidr: 10.0.2.0/24, route_table: rtb-b }\n"
	"      - { id: subnet-c, cidr: 10.0.3.0/24, route_table: rtb-c }\n"
	"    route_tables:\n"
	"      - id: rtb-a\n"
	"        routes:\n"
	"          - { destination: 0.0.0.0/0, target: igw-a }\n"
	"          - { destination: 54.231.5.0/24, target: igw-a }\n"
	"      - id: rtb-b\n"
	"        routes:\n"
	"          - { destination: 0.0.0.0/0, target: igw-a }\n"
	"      - id: rtb-c\n"
	"        routes:\n"
	"          - { destination: 0.0.0.0/0, target: igw-a }\n"
	"    endpoints:\n"
	"      - { id: vpce-s3, type: gateway, service: s3, route_tables: [rtb-a, rtb-c],\n"
	"          ip_address_type: dualstack }\n"
	"      - { id: vpce-ddb, type: gateway, service: dynamodb, route_tables: [rtb-a] }\n";

/* F2.2: a gateway endpoint adds (service prefix list -> vpce) to each of its tables */
START_TEST(gateway_endpoint_routes_added)
{
	struct topology *t = load(GWE);
	const struct topo_route_table *rt = table(t, "rtb-a");
	size_t nep = 0;
	for (size_t i = 0; i < rt->nroutes; i++) {
		const struct topo_route *r = &rt->routes[i];
		if (r->origin != TOPO_ORIGIN_ENDPOINT)
			continue;
		nep++;
		ck_assert(r->dest_is_prefix_list);
		ck_assert_ptr_nonnull(r->dest_pl.ptr);
		ck_assert_int_eq(r->target.kind, TOPO_ENDPOINT);
	}
	/* s3 IPv4 + s3 IPv6 (dualstack) + dynamodb IPv4 */
	ck_assert_uint_eq(nep, 3);
	/* F1.5: the endpoint route beats 0.0.0.0/0 -> igw for the service's addresses */
	ASSERT_ROUTE(t, "rtb-a", "52.216.1.1", "vpce-s3", "52.216.0.0/15");
	ck_assert_int_eq(m.route->origin, TOPO_ORIGIN_ENDPOINT);
	ck_assert_str_eq(m.route->dest_pl.text, "pl-63a5400a");
	ASSERT_ROUTE(t, "rtb-a", "2600:1fa0:8000::10", "vpce-s3", "2600:1fa0:8000::/39");
	ASSERT_ROUTE(t, "rtb-a", "3.218.180.7", "vpce-ddb", "3.218.180.0/25");
	ASSERT_ROUTE(t, "rtb-a", "8.8.8.8", "igw-a", "0.0.0.0/0");
	/* F1.5: a more specific route to the service's range beats the endpoint route
	 * (the archived example: 54.123.165.0/24 -> igw beats the list's /19) */
	ASSERT_ROUTE(t, "rtb-a", "54.231.5.9", "igw-a", "54.231.5.0/24");
	ASSERT_ROUTE(t, "rtb-a", "54.231.6.9", "vpce-s3", "54.231.0.0/16");
	/* only the associated tables get the route (F2.3) */
	ASSERT_ROUTE(t, "rtb-b", "52.216.1.1", "igw-a", "0.0.0.0/0");
	ASSERT_ROUTE(t, "rtb-c", "52.216.1.1", "vpce-s3", "52.216.0.0/15");
	ASSERT_ROUTE(t, "rtb-c", "3.218.180.7", "igw-a", "0.0.0.0/0");
	topo_free(t);
}
END_TEST

/* topology.md: a file's list with the managed id overrides the built-in entries, and
 * the endpoint route follows it */
START_TEST(gateway_endpoint_uses_overridden_list)
{
	struct topology *t = load(
		HEAD
		"prefix_lists:\n"
		"  - { id: pl-63a5400a, name: com.amazonaws.us-east-1.s3, cidrs: [198.51.100.0/24] }\n"
		"vpcs:\n"
		"  - id: vpc-a\n"
		"    cidrs: [10.0.0.0/16]\n"
		"    internet_gateway: igw-a\n"
		"    route_tables:\n"
		"      - id: rtb-a\n"
		"        routes:\n"
		"          - { destination: 0.0.0.0/0, target: igw-a }\n"
		"    endpoints:\n"
		"      - { id: vpce-s3, type: gateway, service: s3, route_tables: [rtb-a] }\n");
	ASSERT_ROUTE(t, "rtb-a", "198.51.100.7", "vpce-s3", "198.51.100.0/24");
	ASSERT_ROUTE(t, "rtb-a", "52.216.1.1", "igw-a", "0.0.0.0/0");
	topo_free(t);
}
END_TEST

/* a gateway-endpoint route written in the table as well must agree; it is the same
 * route, not a second one */
START_TEST(gateway_endpoint_route_written_too)
{
	struct topology *t = load(
		HEAD
		"vpcs:\n"
		"  - id: vpc-a\n"
		"    cidrs: [10.0.0.0/16]\n"
		"    route_tables:\n"
		"      - id: rtb-a\n"
		"        routes:\n"
		"          - { destination: pl-63a5400a, target: vpce-s3 }\n"
		"    endpoints:\n"
		"      - { id: vpce-s3, type: gateway, service: s3, route_tables: [rtb-a] }\n");
	const struct topo_route_table *rt = table(t, "rtb-a");
	ck_assert_uint_eq(rt->nroutes, 2); /* local + the endpoint route */
	ASSERT_ROUTE(t, "rtb-a", "52.216.1.1", "vpce-s3", "52.216.0.0/15");
	ck_assert_int_eq(m.route->origin, TOPO_ORIGIN_ENDPOINT);
	topo_free(t);
}
END_TEST

/* F1.4(c): prefix lists with overlapping entries to different targets: AWS picks one
 * at random, so the answer is ambiguous; same target or a better CIDR route is not */
START_TEST(overlapping_prefix_lists_ambiguous)
{
	struct topology *t = load(
		HEAD
		"prefix_lists:\n"
		"  - { id: pl-one, cidrs: [10.9.0.0/16, 10.20.0.0/16] }\n"
		"  - { id: pl-two, cidrs: [10.9.0.0/16, 10.30.0.0/16] }\n"
		"  - { id: pl-three, cidrs: [10.9.0.0/16] }\n"
		"vpcs:\n"
		"  - id: vpc-a\n"
		"    cidrs: [10.0.0.0/16]\n"
		"    route_tables:\n"
		"      - id: rtb-diff\n"
		"        routes:\n"
		"          - { destination: pl-one, target: eni-1 }\n"
		"          - { destination: pl-two, target: eni-2 }\n"
		"      - id: rtb-same\n"
		"        routes:\n"
		"          - { destination: pl-one, target: eni-1 }\n"
		"          - { destination: pl-three, target: eni-1 }\n"
		"      - id: rtb-cidr\n"
		"        routes:\n"
		"          - { destination: pl-one, target: eni-1 }\n"
		"          - { destination: pl-two, target: eni-2 }\n"
		"          - { destination: 10.9.0.0/16, target: eni-3 }\n");
	const struct route_match *r = lookup(t, "rtb-diff", "10.9.1.1");
	ck_assert_int_eq(r->outcome, ROUTE_AMBIGUOUS);
	ck_assert_ptr_nonnull(r->route);
	ck_assert_ptr_nonnull(r->rival);
	ck_assert(r->route->dest_is_prefix_list && r->rival->dest_is_prefix_list);
	ck_assert_str_ne(r->route->target.text, r->rival->target.text);
	/* outside the overlap each list routes alone */
	ASSERT_ROUTE(t, "rtb-diff", "10.20.1.1", "eni-1", "10.20.0.0/16");
	ASSERT_ROUTE(t, "rtb-diff", "10.30.1.1", "eni-2", "10.30.0.0/16");
	/* the same target: nothing to choose */
	ASSERT_ROUTE(t, "rtb-same", "10.9.1.1", "eni-1", "10.9.0.0/16");
	ck_assert_ptr_null(m.rival);
	/* F1.4(a): a static CIDR route of the same length takes priority over both */
	ASSERT_ROUTE(t, "rtb-cidr", "10.9.1.1", "eni-3", "10.9.0.0/16");
	topo_free(t);
}
END_TEST

/* F1.1 over F1.4(c): "more specific routes always take priority irrespective of
 * whether they are ... routes that reference prefix lists" and prefix lists are
 * compared per entry: a list whose /24 entry matches beats a list whose /16 entry
 * matches; that is not a random choice. */
START_TEST(nested_prefix_lists_longest_entry_wins)
{
	struct topology *t = load(
		HEAD
		"prefix_lists:\n"
		"  - { id: pl-wide, cidrs: [10.9.0.0/16] }\n"
		"  - { id: pl-narrow, cidrs: [10.9.1.0/24] }\n"
		"vpcs:\n"
		"  - id: vpc-a\n"
		"    cidrs: [10.0.0.0/16]\n"
		"    route_tables:\n"
		"      - id: rtb-a\n"
		"        routes:\n"
		"          - { destination: pl-wide, target: eni-wide }\n"
		"          - { destination: pl-narrow, target: eni-narrow }\n"
		"      - id: rtb-b\n"
		"        routes:\n"
		"          - { destination: pl-narrow, target: eni-narrow }\n"
		"          - { destination: pl-wide, target: eni-wide }\n");
	ASSERT_ROUTE(t, "rtb-a", "10.9.1.1", "eni-narrow", "10.9.1.0/24");
	ck_assert_ptr_null(m.rival);
	ASSERT_ROUTE(t, "rtb-b", "10.9.1.1", "eni-narrow", "10.9.1.0/24");
	ck_assert_ptr_null(m.rival);
	ASSERT_ROUTE(t, "rtb-a", "10.9.2.1", "eni-wide", "10.9.0.0/16");
	topo_free(t);
}
END_TEST

/* F1.4(c) also covers a customer list overlapping the gateway endpoint's list */
START_TEST(customer_list_overlapping_endpoint_list_ambiguous)
{
	struct topology *t = load(
		HEAD
		"prefix_lists:\n"
		"  - { id: pl-cust, cidrs: [52.216.0.0/15] }\n"
		"vpcs:\n"
		"  - id: vpc-a\n"
		"    cidrs: [10.0.0.0/16]\n"
		"    route_tables:\n"
		"      - id: rtb-a\n"
		"        routes:\n"
		"          - { destination: pl-cust, target: eni-fw }\n"
		"    endpoints:\n"
		"      - { id: vpce-s3, type: gateway, service: s3, route_tables: [rtb-a] }\n");
	const struct route_match *r = lookup(t, "rtb-a", "52.216.1.1");
	ck_assert_int_eq(r->outcome, ROUTE_AMBIGUOUS);
	ck_assert_ptr_nonnull(r->rival);
	/* S3 addresses outside the customer list go to the endpoint without doubt */
	ASSERT_ROUTE(t, "rtb-a", "54.231.1.1", "vpce-s3", "54.231.0.0/16");
	topo_free(t);
}
END_TEST

/* ---- propagated routes (F1.3, F1.4b) ------------------------------------------------ */

static const char *const PROP =
	HEAD
	"prefix_lists:\n"
	"  - { id: pl-corp, cidrs: [192.168.0.0/16] }\n"
	"vpcs:\n"
	"  - id: vpc-a\n"
	"    cidrs: [10.0.0.0/16]\n"
	"    internet_gateway: igw-a\n"
	"    vpn_gateway: vgw-a\n"
	"    subnets:\n"
	"      - { id: subnet-a, cidr: 10.0.1.0/24, route_table: rtb-prop }\n"
	"    route_tables:\n"
	"      - id: rtb-prop\n"
	"        propagating_vgws: [vgw-a]\n"
	"      - id: rtb-none\n"
	"      - id: rtb-static\n"
	"        propagating_vgws: [vgw-a]\n"
	"        routes:\n"
	"          - { destination: 172.31.0.0/24, target: igw-a }\n"
	"          - { destination: 192.168.0.0/16, target: eni-fw }\n"
	"      - id: rtb-pl\n"
	"        propagating_vgws: [vgw-a]\n"
	"        routes:\n"
	"          - { destination: pl-corp, target: eni-pl }\n"
	"      - id: rtb-written\n"
	"        routes:\n"
	"          - { destination: 172.31.0.0/24, target: vgw-a, origin: propagated }\n"
	"          - { destination: 172.31.0.0/24, target: igw-a }\n"
	"          - { destination: 172.30.0.0/16, target: vgw-a, origin: propagated }\n"
	"on_premises:\n"
	"  - { id: corp-dc, cidrs: [192.168.0.0/16, 192.168.5.0/24], via: vgw-a }\n"
	"vpn_connections:\n"
	"  - { id: vpn-1, gateway: vgw-a, static_routes: [172.31.0.0/24, 172.20.0.0/16] }\n";

/* propagating_vgws add the on-premises ranges behind the VGW (on_premises via it and
 * its VPN connections' static routes) as propagated routes */
START_TEST(propagated_routes_from_vgw)
{
	struct topology *t = load(PROP);
	const void *vgw = topo_find(t, TOPO_VPN_GATEWAY, "vgw-a", NULL);
	ck_assert_ptr_nonnull(vgw);
	ASSERT_ROUTE(t, "rtb-prop", "192.168.9.9", "vgw-a", "192.168.0.0/16");
	ck_assert(m.propagated_virtual);
	ck_assert_int_eq(m.route->origin, TOPO_ORIGIN_PROPAGATED);
	ck_assert_int_eq(m.route->target.kind, TOPO_VPN_GATEWAY);
	ck_assert_ptr_eq(m.route->target.ptr, vgw);
	/* the longest on-premises range wins */
	ASSERT_ROUTE(t, "rtb-prop", "192.168.5.5", "vgw-a", "192.168.5.0/24");
	ck_assert(m.propagated_virtual);
	/* VPN static routes propagate too */
	ASSERT_ROUTE(t, "rtb-prop", "172.20.1.1", "vgw-a", "172.20.0.0/16");
	ck_assert(m.propagated_virtual);
	/* the VPC's own range is still local */
	ASSERT_ROUTE(t, "rtb-prop", "10.0.1.1", "local", "10.0.0.0/16");
	ck_assert(!m.propagated_virtual);
	/* a table that does not propagate the VGW has no such route */
	const struct route_match *r = lookup(t, "rtb-none", "192.168.9.9");
	ck_assert_int_eq(r->outcome, ROUTE_NONE);
	ck_assert(!r->propagated_virtual);
	/* F1.10: the subnet's own table is rtb-prop */
	ck_assert_ptr_eq(subnet_table(t, "subnet-a"), table(t, "rtb-prop"));
	topo_free(t);
}
END_TEST

/* every on-premises network behind the VGW propagates, however many there are */
START_TEST(propagated_routes_from_many_networks)
{
	char *yaml = malloc(64 * 1024);
	ck_assert_ptr_nonnull(yaml);
	size_t n = (size_t)snprintf(yaml, 64 * 1024,
		HEAD
		"vpcs:\n"
		"  - id: vpc-a\n"
		"    cidrs: [10.0.0.0/16]\n"
		"    vpn_gateway: vgw-a\n"
		"    route_tables:\n"
		"      - { id: rtb-a, propagating_vgws: [vgw-a] }\n"
		"on_premises:\n");
	for (int i = 0; i < 100; i++)
		n += (size_t)snprintf(yaml + n, 64 * 1024 - n,
				      "  - { id: site-%d, cidrs: [172.16.%d.0/24], via: vgw-a }\n", i, i);
	struct topology *t = load(yaml);
	free(yaml);
	ck_assert_uint_eq(t->non_premises, 100);
	ASSERT_ROUTE(t, "rtb-a", "172.16.0.1", "vgw-a", "172.16.0.0/24");
	ASSERT_ROUTE(t, "rtb-a", "172.16.63.1", "vgw-a", "172.16.63.0/24");
	ASSERT_ROUTE(t, "rtb-a", "172.16.64.1", "vgw-a", "172.16.64.0/24");
	ASSERT_ROUTE(t, "rtb-a", "172.16.99.1", "vgw-a", "172.16.99.0/24");
	ck_assert(m.propagated_virtual);
	topo_free(t);
}
END_TEST

/* F1.3: a static route beats a propagated one with the same destination (the doc's
 * example: 172.31.0.0/24 -> vgw propagated and -> igw static: all goes to the IGW);
 * F1.1: a more specific propagated route beats a less specific static one */
START_TEST(static_beats_propagated)
{
	struct topology *t = load(PROP);
	ASSERT_ROUTE(t, "rtb-static", "172.31.0.9", "igw-a", "172.31.0.0/24");
	ck_assert(!m.propagated_virtual);
	ck_assert_int_eq(m.route->origin, TOPO_ORIGIN_STATIC);
	ASSERT_ROUTE(t, "rtb-static", "192.168.9.9", "eni-fw", "192.168.0.0/16");
	ck_assert(!m.propagated_virtual);
	ASSERT_ROUTE(t, "rtb-static", "192.168.5.5", "vgw-a", "192.168.5.0/24");
	ck_assert(m.propagated_virtual);
	/* the same with the propagated route written in the file (imported data) */
	ASSERT_ROUTE(t, "rtb-written", "172.31.0.9", "igw-a", "172.31.0.0/24");
	ck_assert_int_eq(m.route->origin, TOPO_ORIGIN_STATIC);
	ASSERT_ROUTE(t, "rtb-written", "172.30.0.9", "vgw-a", "172.30.0.0/16");
	ck_assert_int_eq(m.route->origin, TOPO_ORIGIN_PROPAGATED);
	topo_free(t);
}
END_TEST

/* F1.4(b): a prefix-list route beats a propagated route that matches it; a more
 * specific propagated route still wins */
START_TEST(prefix_list_beats_propagated)
{
	struct topology *t = load(PROP);
	ASSERT_ROUTE(t, "rtb-pl", "192.168.9.9", "eni-pl", "192.168.0.0/16");
	ck_assert(m.route->dest_is_prefix_list);
	ck_assert(!m.propagated_virtual);
	ASSERT_ROUTE(t, "rtb-pl", "192.168.5.5", "vgw-a", "192.168.5.0/24");
	ck_assert(m.propagated_virtual);
	topo_free(t);
}
END_TEST

/* ---- F1.10 main route table ----------------------------------------------------------- */

START_TEST(main_table_for_unassociated_subnets)
{
	struct topology *t = load(
		HEAD
		"vpcs:\n"
		"  - id: vpc-a\n"
		"    cidrs: [10.0.0.0/16]\n"
		"    internet_gateway: igw-a\n"
		"    subnets:\n"
		"      - { id: subnet-assoc, cidr: 10.0.1.0/24, route_table: rtb-pub }\n"
		"      - { id: subnet-main, cidr: 10.0.2.0/24 }\n"
		"    route_tables:\n"
		"      - id: rtb-pub\n"
		"        routes:\n"
		"          - { destination: 0.0.0.0/0, target: igw-a }\n"
		"      - id: rtb-main\n"
		"        main: true\n"
		"        routes:\n"
		"          - { destination: 0.0.0.0/0, target: eni-proxy }\n"
		"  - id: vpc-b\n"
		"    cidrs: [10.1.0.0/16]\n"
		"    internet_gateway: igw-b\n"
		"    subnets:\n"
		"      - { id: subnet-b, cidr: 10.1.2.0/24 }\n"
		"    route_tables:\n"
		"      - id: rtb-b-pub\n"
		"        routes:\n"
		"          - { destination: 0.0.0.0/0, target: igw-b }\n");
	const struct topo_route_table *rt = subnet_table(t, "subnet-main");
	ck_assert_str_eq(rt->id, "rtb-main");
	ck_assert(rt->is_main);
	ck_assert_str_eq(subnet_table(t, "subnet-assoc")->id, "rtb-pub");
	struct net_addr dst;
	net_addr_parse("8.8.8.8", &dst);
	route_lookup(t, rt, &dst, &m);
	ck_assert_int_eq(m.outcome, ROUTE_FOUND);
	ck_assert_str_eq(m.route->target.text, "eni-proxy");
	/* no main table declared: an implicit one with only the local route, not the
	 * VPC's other table */
	rt = subnet_table(t, "subnet-b");
	ck_assert(rt->is_main);
	ck_assert(rt->implicit);
	ck_assert_str_eq(rt->id, "vpc-b-main-rtb");
	ck_assert_ptr_eq(rt, topo_find(t, TOPO_ROUTE_TABLE, "vpc-b-main-rtb", NULL));
	route_lookup(t, rt, &dst, &m);
	ck_assert_int_eq(m.outcome, ROUTE_NONE);
	net_addr_parse("10.1.2.9", &dst);
	route_lookup(t, rt, &dst, &m);
	ck_assert_int_eq(m.outcome, ROUTE_FOUND);
	ck_assert_str_eq(m.route->target.text, "local");
	topo_free(t);
}
END_TEST

START_TEST(route_dest_text)
{
	struct topology *t = load(PL);
	const struct topo_route_table *rt = table(t, "rtb-a");
	char buf[64];
	bool saw_pl = false, saw_cidr = false;
	for (size_t i = 0; i < rt->nroutes; i++) {
		const struct topo_route *r = &rt->routes[i];
		const char *s = route_dest_str(r, buf, sizeof(buf));
		/* CIDRs are formatted into buf; a prefix list id is the route's own text, so a
		 * long id is never cut to the buffer's size */
		ck_assert_ptr_eq(s, r->dest_is_prefix_list ? r->dest_pl.text : buf);
		if (!strcmp(s, "pl-cust"))
			saw_pl = true;
		if (!strcmp(s, "52.217.10.0/24"))
			saw_cidr = true;
	}
	ck_assert(saw_pl && saw_cidr);
	/* truncation stays inside the buffer */
	char small[4];
	route_dest_str(&rt->routes[0], small, sizeof(small));
	ck_assert_uint_eq(strlen(small), 3);
	topo_free(t);
}
END_TEST

static Suite *route_suite(void)
{
	Suite *s = suite_create("route");
	TCase *tc = tcase_create("route");
	tcase_add_test(tc, longest_prefix_wins);
	tcase_add_test(tc, local_route_is_implicit);
	tcase_add_test(tc, no_route);
	tcase_add_test(tc, blackhole_wins_without_fallback);
	tcase_add_test(tc, ipv4_ipv6_independent);
	tcase_add_test(tc, cidr_24_beats_prefix_list_15);
	tcase_add_test(tc, static_cidr_beats_equal_prefix_list);
	tcase_add_test(tc, gateway_endpoint_routes_added);
	tcase_add_test(tc, gateway_endpoint_uses_overridden_list);
	tcase_add_test(tc, gateway_endpoint_route_written_too);
	tcase_add_test(tc, overlapping_prefix_lists_ambiguous);
	tcase_add_test(tc, nested_prefix_lists_longest_entry_wins);
	tcase_add_test(tc, customer_list_overlapping_endpoint_list_ambiguous);
	tcase_add_test(tc, propagated_routes_from_vgw);
	tcase_add_test(tc, propagated_routes_from_many_networks);
	tcase_add_test(tc, static_beats_propagated);
	tcase_add_test(tc, prefix_list_beats_propagated);
	tcase_add_test(tc, main_table_for_unassociated_subnets);
	tcase_add_test(tc, route_dest_text);
	suite_add_tcase(s, tc);
	return s;
}

VPCPATH_CHECK_MAIN(route_suite)
