/* check_topo.c - the topology loader's contract (src/topo): a valid topology loads
 * with every reference resolved and every implicit object made; every problem in a
 * file is reported, each at its line and column; what AWS would reject is rejected
 * (F1.6, F1.8, F2.5, F3.1, F3.4, F5.1, F6.3); YAML hazards (aliases, billion laughs,
 * deep nesting, several documents) fail cleanly; built-in prefix lists resolve and a
 * topology's own list overrides them.
 *
 * Expected locations are computed from the YAML text itself (the position of a marker
 * string), so a test cannot pass with a wrong line or column. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check_main.h"
#include "vpcpath/arena.h"
#include "vpcpath/topo.h"
#include "vpcpath/yamlread.h"

#define FILE_NAME "topo.yaml"

/* ---- helpers ------------------------------------------------------------------- */

static struct topology *load(const char *yaml, struct diag_list *d)
{
	return topo_load_buffer(FILE_NAME, ".", yaml, strlen(yaml), NULL, d);
}

/* Loads a topology that must be valid: no errors. */
static struct topology *load_ok(const char *yaml)
{
	struct diag_list d = { 0 };
	struct topology *t = load(yaml, &d);
	if (!t || d.errors)
		diag_print(&d, stderr, 1);
	ck_assert_msg(t != NULL, "the topology must load");
	ck_assert_uint_eq(d.errors, 0);
	diag_list_clear(&d);
	return t;
}

/* Loads a topology that must be rejected; the diagnostics are left in *d. */
static void load_bad(const char *yaml, struct diag_list *d)
{
	memset(d, 0, sizeof(*d));
	struct topology *t = load(yaml, d);
	ck_assert_msg(t == NULL, "the topology must be rejected");
	ck_assert_uint_gt(d->errors, 0);
}

struct pos {
	unsigned line, col;
};

/* The 1-based line and column of `marker` inside the first occurrence of `context`
 * in text (marker NULL: the start of context). */
static struct pos at(const char *text, const char *context, const char *marker)
{
	const char *c = strstr(text, context);
	ck_assert_msg(c != NULL, "test bug: '%s' is not in the YAML", context);
	const char *m = marker ? strstr(c, marker) : c;
	ck_assert_msg(m != NULL, "test bug: '%s' is not in '%s'", marker, context);
	struct pos p = { 1, 1 };
	for (const char *s = text; s < m; s++) {
		if (*s == '\n') {
			p.line++;
			p.col = 1;
		} else {
			p.col++;
		}
	}
	return p;
}

static const struct diag *find_diag(const struct diag_list *d, enum diag_severity sev,
				    const char *substr)
{
	for (size_t i = 0; i < d->len; i++)
		if (d->items[i].severity == sev && strstr(d->items[i].message, substr))
			return &d->items[i];
	return NULL;
}

static void dump(const struct diag_list *d)
{
	diag_print(d, stderr, 1);
}

/* Asserts a diagnostic of `sev` whose message holds every one of the `|`-free
 * substrings given, at position p, in FILE_NAME. */
static void assert_diag_at(const struct diag_list *d, enum diag_severity sev, const char *substr,
			   struct pos p)
{
	const struct diag *g = find_diag(d, sev, substr);
	if (!g)
		dump(d);
	ck_assert_msg(g != NULL, "no %s containing \"%s\"", sev == DIAG_ERROR ? "error" : "warning",
		      substr);
	ck_assert_ptr_nonnull(g->file);
	ck_assert_str_eq(g->file, FILE_NAME);
	if (g->line != p.line || g->col != p.col)
		dump(d);
	ck_assert_msg(g->line == p.line && g->col == p.col, "\"%s\" reported at %u:%u, want %u:%u",
		      g->message, g->line, g->col, p.line, p.col);
}

#define ERR_AT(d, substr, yaml, context, marker) \
	assert_diag_at(d, DIAG_ERROR, substr, at(yaml, context, marker))
#define WARN_AT(d, substr, yaml, context, marker) \
	assert_diag_at(d, DIAG_WARNING, substr, at(yaml, context, marker))

static bool has_error(const struct diag_list *d, const char *substr)
{
	return find_diag(d, DIAG_ERROR, substr) != NULL;
}

#define HEAD                                                                              \
	"version: 1\n"                                                                    \
	"region: us-east-1\n"

/* ---- a valid topology ------------------------------------------------------------- */

static const char *const VALID =
	HEAD
	"account: \"111122223333\"\n"
	"prefix_lists:\n"
	"  - { id: pl-custA, name: partner-ranges, cidrs: [198.51.100.0/24, 203.0.113.0/24] }\n"
	"  - { id: pl-s3x, name: com.amazonaws.us-east-1.s3express, cidrs: [3.209.64.0/20] }\n"
	"availability_zones:\n"
	"  us-east-1a: use1-az4\n"
	"  us-east-1b: use1-az6\n"
	"dns:\n"
	"  Example-Bkt.s3.us-east-1.amazonaws.com: 52.217.10.20\n"
	"  example-bkt.s3.dualstack.us-east-1.amazonaws.com: [52.217.10.21, \"2600:1fa0:8000::10\"]\n"
	"vpcs:\n"
	"  - id: vpc-aaaa\n"
	"    name: prod\n"
	"    cidrs: [10.0.0.0/16]\n"
	"    ipv6_cidrs: [2600:1f18:1234:5600::/56]\n"
	"    internet_gateway: igw-a\n"
	"    egress_only_internet_gateway: eigw-a\n"
	"    vpn_gateway: vgw-a\n"
	"    subnets:\n"
	"      - id: subnet-app1\n"
	"        name: app-1\n"
	"        cidr: 10.0.10.0/24\n"
	"        ipv6_cidr: 2600:1f18:1234:5601::/64\n"
	"        az: us-east-1a\n"
	"        route_table: rtb-app1\n"
	"        network_acl: acl-app\n"
	"      - { id: subnet-pub1, name: pub-1, cidr: 10.0.0.0/24, az: us-east-1a, route_table: rtb-pub }\n"
	"      - { id: subnet-ep1, cidr: 10.0.20.0/24, az: us-east-1a }\n"
	"      - { id: subnet-ep2, cidr: 10.0.21.0/24, az: us-east-1b }\n"
	"    route_tables:\n"
	"      - id: rtb-main\n"
	"        main: true\n"
	"      - id: rtb-pub\n"
	"        routes:\n"
	"          - { destination: 0.0.0.0/0, target: igw-a }\n"
	"          - { destination: \"::/0\", target: igw-a }\n"
	"      - id: rtb-app1\n"
	"        name: app\n"
	"        propagating_vgws: [vgw-a]\n"
	"        routes:\n"
	"          - { destination: 0.0.0.0/0, target: nat-1 }\n"
	"          - { destination: \"::/0\", target: eigw-a }\n"
	"          - { destination: 52.217.0.0/16, target: nat-old, state: blackhole }\n"
	"          - { destination: pl-custA, target: tgw-1 }\n"
	"          - { destination: 192.168.0.0/16, target: vgw-a, origin: propagated }\n"
	"          - { destination: 10.1.0.0/16, target: pcx-1 }\n"
	"    nat_gateways:\n"
	"      - { id: nat-1, subnet: subnet-pub1, connectivity: public, private_ip: 10.0.0.5, public_ip: 3.3.3.1 }\n"
	"    security_groups:\n"
	"      - id: sg-app\n"
	"        egress:\n"
	"          - { protocol: tcp, ports: 443, to: pl-63a5400a }\n"
	"          - { protocol: all, to: 0.0.0.0/0 }\n"
	"        ingress:\n"
	"          - { protocol: tcp, ports: 443, from: 10.0.0.0/8 }\n"
	"      - id: sg-ep\n"
	"        ingress:\n"
	"          - { protocol: tcp, ports: 443, from: sg-app }\n"
	"    network_acls:\n"
	"      - id: acl-app\n"
	"        egress:\n"
	"          - { rule: 100, protocol: all, to: 0.0.0.0/0, action: allow }\n"
	"        ingress:\n"
	"          - { rule: 100, protocol: tcp, ports: 1024-65535, from: 0.0.0.0/0, action: allow }\n"
	"    endpoints:\n"
	"      - id: vpce-gws3\n"
	"        type: gateway\n"
	"        service: s3\n"
	"        route_tables: [rtb-app1]\n"
	"        policy: { Statement: [ { Effect: Allow, Principal: \"*\", Action: \"s3:*\", Resource: \"*\" } ] }\n"
	"      - id: vpce-ifs3\n"
	"        type: interface\n"
	"        service: s3\n"
	"        subnets: [subnet-ep1, subnet-ep2]\n"
	"        ips: { subnet-ep1: 10.0.20.5 }\n"
	"        security_groups: [sg-ep]\n"
	"        private_dns: true\n"
	"        private_dns_only_for_inbound_resolver: true\n"
	"    instances:\n"
	"      - id: i-app1\n"
	"        name: app-1\n"
	"        subnet: app-1\n"
	"        private_ip: 10.0.10.10\n"
	"        ipv6_ips: [\"2600:1f18:1234:5601::10\"]\n"
	"        security_groups: [sg-app]\n"
	"        role: arn:aws:iam::111122223333:role/app\n"
	"      - { id: i-app2, subnet: subnet-app1, private_ip: 10.0.10.11, ephemeral_ports: 49152-65535 }\n"
	"  - id: vpc-bbbb\n"
	"    cidrs: [10.1.0.0/16]\n"
	"    subnets:\n"
	"      - { id: subnet-b1, name: b-1, cidr: 10.1.1.0/24, az: us-east-1a }\n"
	"iam:\n"
	"  roles:\n"
	"    - arn: arn:aws:iam::111122223333:role/app\n"
	"      policies:\n"
	"        - '{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"s3:GetObject\",\"Resource\":\"*\"}]}'\n"
	"s3:\n"
	"  - bucket: example-bkt\n"
	"    policy: { Version: \"2012-10-17\", Statement: [ { Effect: Deny, Principal: \"*\", Action: \"s3:*\",\n"
	"              Resource: [\"arn:aws:s3:::example-bkt\", \"arn:aws:s3:::example-bkt/*\"],\n"
	"              Condition: { StringNotEquals: { \"aws:SourceVpce\": vpce-gws3 } } } ] }\n"
	"  - bucket: hot--use1-az4--x-s3\n"
	"dynamodb:\n"
	"  - { table: orders }\n"
	"on_premises:\n"
	"  - { id: corp-dc, cidrs: [192.168.0.0/16], via: vgw-a }\n"
	"vpn_connections:\n"
	"  - { id: vpn-1, gateway: vgw-a, static_routes: [192.168.0.0/16], state: available }\n"
	"peering_connections:\n"
	"  - { id: pcx-1, requester: vpc-aaaa, accepter: vpc-bbbb, status: active }\n"
	"transit_gateways:\n"
	"  - id: tgw-1\n"
	"    attachments:\n"
	"      - { id: tgw-attach-a, vpc: vpc-aaaa, subnets: [subnet-app1] }\n"
	"      - { id: tgw-attach-vpn, vpn: vpn-1 }\n"
	"      - { id: tgw-attach-peer, peer_transit_gateway: tgw-2, peer_region: us-west-2 }\n"
	"    route_tables:\n"
	"      - id: tgw-rtb-1\n"
	"        associations: [tgw-attach-a]\n"
	"        routes:\n"
	"          - { destination: 10.1.0.0/16, attachment: tgw-attach-a }\n"
	"          - { destination: 10.2.0.0/16, state: blackhole }\n";

static void *find(const struct topology *t, enum topo_kind k, const char *id)
{
	void *o = topo_find(t, k, id, NULL);
	ck_assert_msg(o != NULL, "%s %s exists", topo_kind_name(k), id);
	return o;
}

static const struct topo_route *route_to(const struct topo_route_table *rt, const char *dest)
{
	char buf[64];
	for (size_t i = 0; i < rt->nroutes; i++) {
		const struct topo_route *r = &rt->routes[i];
		if (r->dest_is_prefix_list ? !strcmp(r->dest_pl.text, dest)
					   : !strcmp(net_prefix_str(&r->dest, buf), dest))
			return r;
	}
	ck_abort_msg("table %s has no route to %s", rt->id, dest);
	return NULL;
}

START_TEST(valid_topology_loads)
{
	struct diag_list d = { 0 };
	struct topology *t = load(VALID, &d);
	if (!t)
		dump(&d);
	ck_assert_ptr_nonnull(t);
	ck_assert_uint_eq(d.len, 0);
	ck_assert_uint_eq(t->warnings.len, 0);
	ck_assert_int_eq(t->version, 1);
	ck_assert_str_eq(t->region, "us-east-1");
	ck_assert_str_eq(t->account, "111122223333");
	ck_assert_uint_eq(t->nvpcs, 2);

	/* VPC: by id and by name; region inherited */
	struct topo_vpc *vpc = find(t, TOPO_VPC, "vpc-aaaa");
	ck_assert_ptr_eq(find(t, TOPO_VPC, "prod"), vpc);
	ck_assert_str_eq(vpc->region, "us-east-1");
	ck_assert(vpc->dns_support);
	ck_assert_ptr_eq(vpc->internet_gateway, find(t, TOPO_INTERNET_GATEWAY, "igw-a"));
	ck_assert_ptr_eq(vpc->egress_only_igw, find(t, TOPO_EGRESS_ONLY_IGW, "eigw-a"));
	ck_assert_ptr_eq(vpc->vpn_gateway, find(t, TOPO_VPN_GATEWAY, "vgw-a"));
	ck_assert_ptr_eq(vpc->vpn_gateway->vpc, vpc);

	/* subnets: explicit and main route tables, explicit and default NACL */
	struct topo_subnet *app1 = find(t, TOPO_SUBNET, "subnet-app1");
	ck_assert_ptr_eq(find(t, TOPO_SUBNET, "app-1"), app1);
	ck_assert_ptr_eq(app1->vpc, vpc);
	ck_assert(app1->has_cidr && app1->has_ipv6);
	ck_assert_str_eq(app1->route_table->id, "rtb-app1");
	ck_assert_str_eq(app1->network_acl->id, "acl-app");
	struct topo_subnet *ep1 = find(t, TOPO_SUBNET, "subnet-ep1");
	ck_assert_ptr_eq(ep1->route_table, find(t, TOPO_ROUTE_TABLE, "rtb-main"));
	ck_assert_ptr_eq(ep1->route_table, vpc->main_route_table);
	ck_assert_ptr_eq(ep1->network_acl, vpc->default_nacl);
	ck_assert_str_eq(ep1->network_acl->id, "vpc-aaaa-default-acl");
	ck_assert_str_eq(topo_subnet_az_id(t, find(t, TOPO_SUBNET, "subnet-ep2")), "use1-az6");
	ck_assert_ptr_eq(topo_find(t, TOPO_ROUTE_TABLE, "app", NULL), app1->route_table);

	/* routes of rtb-app1: local first, written ones resolved, the endpoint's added */
	const struct topo_route_table *rt = app1->route_table;
	ck_assert_int_eq(rt->routes[0].origin, TOPO_ORIGIN_LOCAL);
	ck_assert_int_eq(rt->routes[1].origin, TOPO_ORIGIN_LOCAL);
	ck_assert_uint_eq(rt->propagating_vgws.len, 1);
	ck_assert_ptr_eq(rt->propagating_vgws.items[0].ptr, vpc->vpn_gateway);
	const struct topo_route *r = route_to(rt, "0.0.0.0/0");
	ck_assert_int_eq(r->target.kind, TOPO_NAT_GATEWAY);
	ck_assert_ptr_eq(r->target.ptr, find(t, TOPO_NAT_GATEWAY, "nat-1"));
	r = route_to(rt, "::/0");
	ck_assert_int_eq(r->target.kind, TOPO_EGRESS_ONLY_IGW);
	r = route_to(rt, "52.217.0.0/16");
	ck_assert(r->blackhole);
	ck_assert_ptr_null(r->target.ptr);
	r = route_to(rt, "pl-custA");
	ck_assert_ptr_eq(r->dest_pl.ptr, find(t, TOPO_PREFIX_LIST, "pl-custA"));
	ck_assert_int_eq(r->target.kind, TOPO_TRANSIT_GATEWAY);
	r = route_to(rt, "192.168.0.0/16");
	ck_assert_int_eq(r->origin, TOPO_ORIGIN_PROPAGATED);
	ck_assert_int_eq(r->target.kind, TOPO_VPN_GATEWAY);
	r = route_to(rt, "10.1.0.0/16");
	ck_assert_int_eq(r->target.kind, TOPO_PEERING);
	r = route_to(rt, "pl-63a5400a");
	ck_assert_int_eq(r->origin, TOPO_ORIGIN_ENDPOINT);
	ck_assert_ptr_eq(r->target.ptr, find(t, TOPO_ENDPOINT, "vpce-gws3"));

	/* NAT gateway */
	struct topo_nat_gateway *nat = find(t, TOPO_NAT_GATEWAY, "nat-1");
	ck_assert(nat->is_public && nat->has_public_ip && nat->has_private_ip);
	ck_assert_ptr_eq(nat->subnet, find(t, TOPO_SUBNET, "subnet-pub1"));

	/* security groups: peers resolved; absent egress is the AWS default */
	struct topo_security_group *app = find(t, TOPO_SECURITY_GROUP, "sg-app");
	struct topo_security_group *sgep = find(t, TOPO_SECURITY_GROUP, "sg-ep");
	ck_assert_int_eq(app->egress.items[0].peer_kind, TOPO_PEER_PREFIX_LIST);
	ck_assert_ptr_eq(app->egress.items[0].peer.ptr, find(t, TOPO_PREFIX_LIST, "pl-63a5400a"));
	ck_assert_uint_eq(app->egress.items[0].ports.lo, 443);
	ck_assert_uint_eq(app->egress.items[0].ports.hi, 443);
	ck_assert_int_eq(sgep->ingress.items[0].peer_kind, TOPO_PEER_SG);
	ck_assert_ptr_eq(sgep->ingress.items[0].peer.ptr, app);
	ck_assert(!sgep->egress.given);
	ck_assert_uint_eq(sgep->egress.len, 2);

	/* NACL rules sorted, CIDRs parsed */
	struct topo_network_acl *acl = find(t, TOPO_NETWORK_ACL, "acl-app");
	ck_assert_uint_eq(acl->ingress.len, 1);
	ck_assert_uint_eq(acl->ingress.items[0].ports.lo, 1024);
	ck_assert(acl->ingress.items[0].allow);

	/* endpoints: services, derived names and addresses, policies compiled */
	struct topo_endpoint *gw = find(t, TOPO_ENDPOINT, "vpce-gws3");
	ck_assert_int_eq(gw->type, TOPO_EP_GATEWAY);
	ck_assert_int_eq(gw->service, TOPO_SVC_S3);
	ck_assert_str_eq(gw->service_name, "com.amazonaws.us-east-1.s3");
	ck_assert_ptr_nonnull(gw->policy);
	ck_assert_ptr_nonnull(gw->policy->compiled);
	struct topo_endpoint *ifs3 = find(t, TOPO_ENDPOINT, "vpce-ifs3");
	ck_assert_int_eq(ifs3->type, TOPO_EP_INTERFACE);
	ck_assert_ptr_null(ifs3->policy); /* the default full-access policy (F2.10) */
	ck_assert_uint_eq(ifs3->nips, 2);
	char buf[NET_ADDRSTRLEN];
	ck_assert_str_eq(net_addr_str(&ifs3->ips[0].ip, buf), "10.0.20.5");
	struct topo_subnet *ep2 = find(t, TOPO_SUBNET, "subnet-ep2");
	ck_assert_ptr_eq(ifs3->ips[1].subnet.ptr, ep2);
	ck_assert(net_prefix_contains(&ep2->cidr, &ifs3->ips[1].ip));
	ck_assert_str_eq(ifs3->dns_name, "vpce-ifs3.s3.us-east-1.vpce.amazonaws.com");
	ck_assert_ptr_eq(ifs3->security_groups.items[0].ptr, sgep);

	/* instances: subnet by name, defaults */
	struct topo_instance *i1 = find(t, TOPO_INSTANCE, "i-app1");
	ck_assert_ptr_eq(i1->subnet, app1);
	ck_assert_ptr_eq(i1->security_groups.items[0].ptr, app);
	ck_assert_uint_eq(i1->nipv6, 1);
	ck_assert_uint_eq(i1->ephemeral.lo, 32768); /* F6.4 default */
	ck_assert_uint_eq(i1->ephemeral.hi, 61000);
	ck_assert_str_eq(i1->role, "arn:aws:iam::111122223333:role/app");
	struct topo_instance *i2 = find(t, TOPO_INSTANCE, "i-app2");
	ck_assert_uint_eq(i2->ephemeral.lo, 49152);
	ck_assert_uint_eq(i2->ephemeral.hi, 65535);
	ck_assert_uint_eq(i2->security_groups.len, 0);

	/* global sections */
	ck_assert_uint_eq(t->ndns, 2);
	ck_assert_str_eq(t->dns[0].name, "example-bkt.s3.us-east-1.amazonaws.com");
	ck_assert_uint_eq(t->dns[0].nanswers, 1);
	ck_assert_uint_eq(t->dns[1].nanswers, 2);
	ck_assert_int_eq(t->dns[1].answers[1].family, NET_V6);
	const struct topo_role *role = topo_find_role(t, "app");
	ck_assert_ptr_nonnull(role);
	ck_assert_uint_eq(role->npolicies, 1);
	ck_assert_ptr_nonnull(role->policies[0]->compiled);
	const struct topo_bucket *b = topo_find_bucket(t, "example-bkt");
	ck_assert_ptr_nonnull(b);
	ck_assert_str_eq(b->region, "us-east-1");
	ck_assert_str_eq(b->account, "111122223333");
	ck_assert_ptr_nonnull(b->policy);
	ck_assert_ptr_nonnull(b->policy->compiled);
	b = topo_find_bucket(t, "hot--use1-az4--x-s3");
	ck_assert(b->directory);
	ck_assert_str_eq(b->zone_id, "use1-az4");
	ck_assert_ptr_nonnull(topo_find_table(t, "orders"));
	ck_assert_ptr_eq(t->on_premises[0].via.ptr, vpc->vpn_gateway);
	ck_assert_ptr_eq(t->vpn_connections[0].gateway.ptr, vpc->vpn_gateway);
	ck_assert_ptr_eq(t->peerings[0].accepter.ptr, find(t, TOPO_VPC, "vpc-bbbb"));
	struct topo_transit_gateway *tgw = find(t, TOPO_TRANSIT_GATEWAY, "tgw-1");
	ck_assert_str_eq(tgw->region, "us-east-1");
	ck_assert_ptr_eq(tgw->attachments[0].vpc.ptr, vpc);
	ck_assert_ptr_eq(tgw->attachments[1].vpn.ptr, &t->vpn_connections[0]);
	ck_assert_ptr_null(tgw->attachments[2].peer_tgw.ptr); /* outside the topology */
	ck_assert(tgw->route_tables[0].routes[1].blackhole);

	/* address lookups */
	struct net_addr a;
	net_addr_parse("10.0.21.9", &a);
	ck_assert_ptr_eq(topo_subnet_for_addr(t, &a), ep2);
	net_addr_parse("10.1.5.5", &a);
	ck_assert_ptr_null(topo_subnet_for_addr(t, &a));
	ck_assert_ptr_eq(topo_vpc_for_addr(t, &a), find(t, TOPO_VPC, "vpc-bbbb"));
	topo_free(t);
}
END_TEST

/* ---- every problem, each in its place ------------------------------------------------ */

static const char *const MULTI =
	HEAD
	"vpcs:\n"
	"  - id: vpc-a\n"
	"    cidrs: [10.0.0.0/16]\n"
	"    internet_gateway: igw-a\n"
	"    subnets:\n"
	"      - { id: subnet-a, cidr: 10.0.1.0/24, az: us-east-1a, route_tabel: rtb-a }\n"
	"      - { id: subnet-b, cidr: 10.9.0.0/24, az: us-east-1a }\n"
	"      - { id: subnet-c, cidr: 10.0.1.128/25, az: us-east-1b, route_table: subnet-a }\n"
	"      - { id: subnet-d, cidr: 10.0.4.0/24, route_table: rtb-nope }\n"
	"    route_tables:\n"
	"      - id: rtb-a\n"
	"        main: true\n"
	"        routes:\n"
	"          - { destination: 10.0.0.0/33, target: igw-a }\n"
	"          - { destination: 0.0.0.0/0, target: nat-gone }\n"
	"      - id: rtb-b\n"
	"        main: true\n"
	"    security_groups:\n"
	"      - id: sg-a\n"
	"        name: web\n"
	"        name: web2\n"
	"    network_acls:\n"
	"      - id: acl-a\n"
	"        ingress:\n"
	"          - { rule: 32767, protocol: all, from: 0.0.0.0/0, action: allow }\n"
	"          - { rule: 100, protocol: all, from: pl-63a5400a, action: allow }\n"
	"    instances:\n"
	"      - { id: i-1, subnet: subnet-a, private_ip: 10.0.2.9 }\n"
	"      - { id: subnet-a, subnet: subnet-a, private_ip: 10.0.1.10 }\n";

START_TEST(every_error_reported_with_location)
{
	struct diag_list d;
	load_bad(MULTI, &d);
	const char *y = MULTI;
	ERR_AT(&d, "unknown key 'route_tabel' in subnet (did you mean 'route_table'?)", y,
	       "route_tabel", NULL);
	ERR_AT(&d, "subnet 'subnet-b': 10.9.0.0/24 is not inside the CIDRs of vpc 'vpc-a'", y,
	       "{ id: subnet-b", NULL);
	ERR_AT(&d, "subnet 'subnet-c' (10.0.1.128/25) overlaps subnet 'subnet-a' (10.0.1.0/24)", y,
	       "{ id: subnet-c", NULL);
	ERR_AT(&d, "'subnet-a' is a subnet, not a route table", y, "route_table: subnet-a",
	       "subnet-a");
	ERR_AT(&d, "unknown route table 'rtb-nope'", y, "rtb-nope", NULL);
	ERR_AT(&d, "invalid CIDR '10.0.0.0/33'", y, "10.0.0.0/33", NULL);
	ERR_AT(&d, "route target 'nat-gone' is not defined", y, "nat-gone", NULL);
	ERR_AT(&d, "vpc 'vpc-a' has two main route tables ('rtb-a' and 'rtb-b')", y, "id: rtb-b",
	       NULL);
	ERR_AT(&d, "duplicate key 'name' in security group (first at line 22)", y, "name: web2",
	       NULL);
	ERR_AT(&d, "rule number must be 1 to 32766, not '32767'", y, "rule: 32767", "32767");
	ERR_AT(&d, "'from': invalid CIDR 'pl-63a5400a'", y, "from: pl-63a5400a", "pl-63a5400a");
	ERR_AT(&d, "instance 'i-1': private_ip 10.0.2.9 is not in subnet 'subnet-a'", y,
	       "{ id: i-1", NULL);
	ERR_AT(&d, "duplicate id 'subnet-a' (first defined at line 8 as a subnet)", y,
	       "{ id: subnet-a, subnet:", NULL);
	/* all of them, and nothing else */
	if (d.errors != 13)
		dump(&d);
	ck_assert_uint_eq(d.errors, 13);
	/* sorted top to bottom */
	for (size_t i = 1; i < d.len; i++)
		ck_assert(d.items[i - 1].line < d.items[i].line ||
			  (d.items[i - 1].line == d.items[i].line &&
			   d.items[i - 1].col <= d.items[i].col));
	diag_list_clear(&d);
}
END_TEST

/* the printed form is FILE:LINE:COL: message */
START_TEST(error_print_format)
{
	struct diag_list d;
	const char *y = HEAD "vpcs:\n  - { id: vpc-a, cidrs: [10.0.0.0/33] }\n";
	load_bad(y, &d);
	char *out = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&out, &len);
	diag_print(&d, f, 1);
	fclose(f);
	struct pos p = at(y, "10.0.0.0/33", NULL);
	char want[128];
	snprintf(want, sizeof(want), "vpcpath: %s:%u:%u: 'cidrs': invalid CIDR '10.0.0.0/33'\n",
		 FILE_NAME, p.line, p.col);
	if (!strstr(out, want))
		fprintf(stderr, "got: %s", out);
	ck_assert_ptr_nonnull(strstr(out, want));
	free(out);
	diag_list_clear(&d);
}
END_TEST

START_TEST(unknown_keys_with_hints)
{
	const char *y =
		HEAD
		"vpc: []\n"
		"vpcs:\n"
		"  - id: vpc-a\n"
		"    cidr: [10.0.0.0/16]\n"
		"    colour: blue\n"
		"    subnets:\n"
		"      - { id: subnet-a, cidr: 10.0.1.0/24, network_acls: acl-a }\n";
	struct diag_list d;
	load_bad(y, &d);
	ERR_AT(&d, "unknown key 'vpc' in topology (did you mean 'vpcs'?)", y, "vpc: []", NULL);
	ERR_AT(&d, "unknown key 'cidr' in vpc (did you mean 'cidrs'?)", y, "cidr: [", NULL);
	ERR_AT(&d, "unknown key 'network_acls' in subnet (did you mean 'network_acl'?)", y,
	       "network_acls", NULL);
	/* no hint when nothing is close */
	const struct diag *g = find_diag(&d, DIAG_ERROR, "unknown key 'colour'");
	ck_assert_ptr_nonnull(g);
	ck_assert_ptr_null(strstr(g->message, "did you mean"));
	diag_list_clear(&d);
}
END_TEST

START_TEST(duplicate_keys_and_ids)
{
	const char *y =
		HEAD
		"region: eu-west-1\n"
		"vpcs:\n"
		"  - id: vpc-a\n"
		"    cidrs: [10.0.0.0/16]\n"
		"    subnets:\n"
		"      - { id: subnet-a, cidr: 10.0.1.0/24, cidr: 10.0.2.0/24 }\n"
		"    security_groups:\n"
		"      - { id: vpc-a }\n"
		"    route_tables:\n"
		"      - { id: rtb-1 }\n"
		"      - { id: rtb-1 }\n";
	struct diag_list d;
	load_bad(y, &d);
	ERR_AT(&d, "duplicate key 'region' in topology (first at line 2)", y, "region: eu-west-1",
	       NULL);
	ERR_AT(&d, "duplicate key 'cidr' in subnet", y, "cidr: 10.0.2.0/24", NULL);
	/* ids are unique across kinds */
	ERR_AT(&d, "duplicate id 'vpc-a' (first defined at line 5 as a vpc)", y, "{ id: vpc-a }",
	       NULL);
	/* the second of two identical lines */
	struct pos second = at(y, "{ id: rtb-1 }", NULL);
	second.line++;
	assert_diag_at(&d, DIAG_ERROR, "duplicate id 'rtb-1' (first defined at line 12 as a route "
					"table)", second);
	diag_list_clear(&d);
}
END_TEST

/* the marker arithmetic in at() is what the tests mean */
START_TEST(location_helper_self_test)
{
	const char *y = "a: 1\n  b: x\n";
	struct pos p = at(y, "b: x", "x");
	ck_assert_uint_eq(p.line, 2);
	ck_assert_uint_eq(p.col, 6);
	p = at(y, "a", NULL);
	ck_assert_uint_eq(p.line, 1);
	ck_assert_uint_eq(p.col, 1);
}
END_TEST

START_TEST(dangling_and_wrong_kind_references)
{
	const char *y =
		HEAD
		"vpcs:\n"
		"  - id: vpc-a\n"
		"    cidrs: [10.0.0.0/16]\n"
		"    subnets:\n"
		"      - { id: subnet-a, cidr: 10.0.1.0/24, route_table: rtb-x, network_acl: subnet-a }\n"
		"    instances:\n"
		"      - { id: i-1, subnet: subnet-zz, private_ip: 10.0.1.5, security_groups: [sg-none, subnet-a] }\n"
		"    security_groups:\n"
		"      - id: sg-a\n"
		"        egress:\n"
		"          - { protocol: tcp, ports: 443, to: pl-nope }\n"
		"          - { protocol: tcp, ports: 443, to: i-1 }\n"
		"on_premises:\n"
		"  - { id: corp, cidrs: [192.168.0.0/16], via: vgw-missing }\n"
		"peering_connections:\n"
		"  - { id: pcx-1, requester: vpc-a, accepter: subnet-a }\n";
	struct diag_list d;
	load_bad(y, &d);
	ERR_AT(&d, "subnet route_table: unknown route table 'rtb-x'", y, "rtb-x", NULL);
	ERR_AT(&d, "subnet network_acl: 'subnet-a' is a subnet, not a network ACL", y,
	       "network_acl: subnet-a", "subnet-a");
	ERR_AT(&d, "instance subnet: unknown subnet 'subnet-zz'", y, "subnet-zz", NULL);
	ERR_AT(&d, "unknown security group 'sg-none'", y, "sg-none", NULL);
	ERR_AT(&d, "'subnet-a' is a subnet, not a security group", y, "sg-none, subnet-a",
	       "subnet-a");
	ERR_AT(&d, "unknown prefix list 'pl-nope'", y, "pl-nope", NULL);
	ERR_AT(&d, "'i-1' is a instance, not a security group", y, "to: i-1", "i-1");
	ERR_AT(&d, "on_premises via: unknown VPN gateway 'vgw-missing'", y, "vgw-missing", NULL);
	ERR_AT(&d, "peering accepter: 'subnet-a' is a subnet, not a vpc", y,
	       "accepter: subnet-a", "subnet-a");
	diag_list_clear(&d);
}
END_TEST

/* references to objects of another VPC are refused */
START_TEST(reference_into_another_vpc)
{
	const char *y =
		HEAD
		"vpcs:\n"
		"  - id: vpc-a\n"
		"    cidrs: [10.0.0.0/16]\n"
		"    subnets:\n"
		"      - { id: subnet-a, cidr: 10.0.1.0/24, route_table: rtb-b }\n"
		"  - id: vpc-b\n"
		"    cidrs: [10.1.0.0/16]\n"
		"    route_tables:\n"
		"      - { id: rtb-b }\n";
	struct diag_list d;
	load_bad(y, &d);
	ERR_AT(&d, "route table 'rtb-b' belongs to vpc-b, not to vpc-a", y, "route_table: rtb-b",
	       "rtb-b");
	diag_list_clear(&d);
}
END_TEST

/* ---- CIDRs ----------------------------------------------------------------------- */

START_TEST(bad_cidrs)
{
	const char *y =
		HEAD
		"vpcs:\n"
		"  - id: vpc-a\n"
		"    cidrs: [10.0.0.0/16, 300.0.0.0/8]\n"
		"    subnets:\n"
		"      - { id: subnet-a, cidr: 10.0.1.0/, az: us-east-1a }\n"
		"      - { id: subnet-b, cidr: '2001:db8::/129' }\n"
		"      - { id: subnet-c, cidr: 10.0.3.0/24 }\n"
		"    instances:\n"
		"      - { id: i-1, subnet: subnet-c, private_ip: 10.0.3.300 }\n"
		"on_premises:\n"
		"  - { id: corp, cidrs: [192.168.0.0/16, ' 10.0.0.0/8'], via: vgw-a }\n";
	struct diag_list d;
	load_bad(y, &d);
	ERR_AT(&d, "'cidrs': invalid CIDR '300.0.0.0/8'", y, "300.0.0.0/8", NULL);
	ERR_AT(&d, "'cidr': invalid CIDR '10.0.1.0/'", y, "10.0.1.0/,", NULL);
	ERR_AT(&d, "'cidr': invalid CIDR '2001:db8::/129'", y, "'2001:db8::/129'", NULL);
	ERR_AT(&d, "'private_ip': invalid IP address '10.0.3.300'", y, "10.0.3.300", NULL);
	ERR_AT(&d, "'cidrs': invalid CIDR ' 10.0.0.0/8'", y, "' 10.0.0.0/8'", NULL);
	diag_list_clear(&d);
}
END_TEST

/* F6.3: a CIDR with host bits is canonicalised, with a warning at the value */
START_TEST(cidr_host_bits_warning)
{
	const char *y =
		HEAD
		"vpcs:\n"
		"  - id: vpc-a\n"
		"    cidrs: [10.0.0.5/16]\n"
		"    subnets:\n"
		"      - { id: subnet-a, cidr: 10.0.1.9/24 }\n"
		"    network_acls:\n"
		"      - id: acl-a\n"
		"        ingress:\n"
		"          - { rule: 1, protocol: all, from: 100.68.0.18/18, action: allow }\n";
	struct diag_list d = { 0 };
	struct topology *t = load(y, &d);
	ck_assert_ptr_nonnull(t);
	ck_assert_uint_eq(d.errors, 0);
	char buf[NET_PREFIXSTRLEN];
	struct topo_vpc *vpc = find(t, TOPO_VPC, "vpc-a");
	ck_assert_str_eq(net_prefix_str(&vpc->cidrs.items[0], buf), "10.0.0.0/16");
	struct topo_subnet *s = find(t, TOPO_SUBNET, "subnet-a");
	ck_assert_str_eq(net_prefix_str(&s->cidr, buf), "10.0.1.0/24");
	struct topo_network_acl *acl = find(t, TOPO_NETWORK_ACL, "acl-a");
	ck_assert_str_eq(net_prefix_str(&acl->ingress.items[0].cidr, buf), "100.68.0.0/18");
	/* the warnings: wherever the loader puts them (see known_bugs), each at its value */
	struct diag_list all = { 0 };
	for (size_t i = 0; i < d.len; i++)
		diag_add(&all, d.items[i].severity, d.items[i].file, d.items[i].line, d.items[i].col,
			 d.items[i].code, "%s", d.items[i].message);
	for (size_t i = 0; i < t->warnings.len; i++)
		diag_add(&all, t->warnings.items[i].severity, t->warnings.items[i].file,
			 t->warnings.items[i].line, t->warnings.items[i].col, t->warnings.items[i].code,
			 "%s", t->warnings.items[i].message);
	WARN_AT(&all, "CIDR 10.0.0.5/16 has host bits set; using 10.0.0.0/16", y, "10.0.0.5/16", NULL);
	WARN_AT(&all, "CIDR 10.0.1.9/24 has host bits set; using 10.0.1.0/24", y, "10.0.1.9/24", NULL);
	WARN_AT(&all, "CIDR 100.68.0.18/18 has host bits set; using 100.68.0.0/18", y,
		"100.68.0.18/18", NULL);
	ck_assert_str_eq(find_diag(&all, DIAG_WARNING, "10.0.0.5/16")->code, "cidr-host-bits");
	diag_list_clear(&all);
	diag_list_clear(&d);
	topo_free(t);
}
END_TEST

START_TEST(subnet_placement)
{
	const char *y =
		HEAD
		"vpcs:\n"
		"  - id: vpc-a\n"
		"    cidrs: [10.0.0.0/16, 10.5.0.0/16]\n"
		"    ipv6_cidrs: [2600:1f18:1::/56]\n"
		"    subnets:\n"
		"      - { id: subnet-ok2, cidr: 10.5.1.0/24 }\n"
		"      - { id: subnet-out, cidr: 10.6.0.0/24 }\n"
		"      - { id: subnet-wide, cidr: 10.0.0.0/15 }\n"
		"      - { id: subnet-v6, cidr: 10.0.7.0/24, ipv6_cidr: 2600:1f18:2::/64 }\n"
		"      - { id: subnet-x1, cidr: 10.0.8.0/24, ipv6_cidr: 2600:1f18:1:1::/64 }\n"
		"      - { id: subnet-x2, cidr: 10.0.9.0/24, ipv6_cidr: 2600:1f18:1:1::/64 }\n"
		"      - { id: subnet-y1, cidr: 10.5.2.0/23 }\n"
		"      - { id: subnet-y2, cidr: 10.5.3.0/24 }\n"
		"      - { id: subnet-fam, cidr: '2600:1f18:1:9::/64' }\n";
	struct diag_list d;
	load_bad(y, &d);
	ERR_AT(&d, "subnet 'subnet-out': 10.6.0.0/24 is not inside the CIDRs of vpc 'vpc-a'", y,
	       "{ id: subnet-out", NULL);
	ERR_AT(&d, "subnet 'subnet-wide': 10.0.0.0/15 is not inside", y, "{ id: subnet-wide", NULL);
	ERR_AT(&d, "subnet 'subnet-v6': 2600:1f18:2::/64 is not inside the IPv6 CIDRs", y,
	       "{ id: subnet-v6", NULL);
	ERR_AT(&d, "subnet 'subnet-x2' (2600:1f18:1:1::/64) overlaps subnet 'subnet-x1'", y,
	       "{ id: subnet-x2", NULL);
	ERR_AT(&d, "subnet 'subnet-y2' (10.5.3.0/24) overlaps subnet 'subnet-y1' (10.5.2.0/23)", y,
	       "{ id: subnet-y2", NULL);
	ERR_AT(&d, "subnet 'subnet-fam': 'cidr' must be IPv4", y, "{ id: subnet-fam", NULL);
	ck_assert(!has_error(&d, "subnet-ok2"));
	diag_list_clear(&d);
}
END_TEST

/* ---- VPC objects ------------------------------------------------------------------ */

START_TEST(two_main_route_tables)
{
	const char *y =
		HEAD
		"vpcs:\n"
		"  - id: vpc-a\n"
		"    cidrs: [10.0.0.0/16]\n"
		"    route_tables:\n"
		"      - { id: rtb-1, main: true }\n"
		"      - { id: rtb-2, main: false }\n"
		"      - { id: rtb-3, main: true }\n";
	struct diag_list d;
	load_bad(y, &d);
	ERR_AT(&d, "vpc 'vpc-a' has two main route tables ('rtb-1' and 'rtb-3')", y, "{ id: rtb-3",
	       NULL);
	ck_assert_uint_eq(d.errors, 1);
	diag_list_clear(&d);
}
END_TEST

START_TEST(instance_addresses)
{
	const char *y =
		HEAD
		"vpcs:\n"
		"  - id: vpc-a\n"
		"    cidrs: [10.0.0.0/16]\n"
		"    subnets:\n"
		"      - { id: subnet-a, cidr: 10.0.1.0/24 }\n"
		"      - { id: subnet-b, cidr: 10.0.2.0/24 }\n"
		"    nat_gateways:\n"
		"      - { id: nat-1, subnet: subnet-b, connectivity: private, private_ip: 10.0.2.20 }\n"
		"    endpoints:\n"
		"      - { id: vpce-1, type: interface, service: s3, subnets: [subnet-a], ips: { subnet-a: 10.0.1.30 } }\n"
		"    instances:\n"
		"      - { id: i-out, subnet: subnet-a, private_ip: 10.0.2.5 }\n"
		"      - { id: i-1, subnet: subnet-a, private_ip: 10.0.1.10 }\n"
		"      - { id: i-2, subnet: subnet-a, private_ip: 10.0.1.10 }\n"
		"      - { id: i-3, subnet: subnet-b, private_ip: 10.0.2.20 }\n"
		"      - { id: i-4, subnet: subnet-a, private_ip: 10.0.1.30 }\n"
		"      - { id: i-v6, subnet: subnet-a, private_ip: 10.0.1.40, ipv6_ips: ['2001:db8::1'] }\n";
	struct diag_list d;
	load_bad(y, &d);
	ERR_AT(&d, "instance 'i-out': private_ip 10.0.2.5 is not in subnet 'subnet-a'", y,
	       "{ id: i-out", NULL);
	ERR_AT(&d, "instance 'i-v6': IPv6 address 2001:db8::1 is not in subnet 'subnet-a'", y,
	       "{ id: i-v6", NULL);
	/* duplicates: instance/instance, NAT/instance, endpoint/instance; the message names
	 * both owners (which of the two carries the location is not specified) */
	static const struct { const char *a, *b, *addr; } dups[] = {
		{ "i-1", "i-2", "10.0.1.10" },
		{ "nat-1", "i-3", "10.0.2.20" },
		{ "vpce-1", "i-4", "10.0.1.30" },
	};
	for (size_t k = 0; k < 3; k++) {
		bool found = false;
		for (size_t i = 0; i < d.len; i++) {
			const char *msg = d.items[i].message;
			if (!strstr(msg, "both have address") || !strstr(msg, dups[k].addr))
				continue;
			char qa[32], qb[32];
			snprintf(qa, sizeof(qa), "'%s'", dups[k].a);
			snprintf(qb, sizeof(qb), "'%s'", dups[k].b);
			ck_assert_ptr_nonnull(strstr(msg, qa));
			ck_assert_ptr_nonnull(strstr(msg, qb));
			char ca[32], cb[32];
			snprintf(ca, sizeof(ca), "{ id: %s,", dups[k].a);
			snprintf(cb, sizeof(cb), "{ id: %s,", dups[k].b);
			struct pos pa = at(y, ca, NULL), pb = at(y, cb, NULL);
			ck_assert((d.items[i].line == pa.line && d.items[i].col == pa.col) ||
				  (d.items[i].line == pb.line && d.items[i].col == pb.col));
			found = true;
		}
		ck_assert_msg(found, "duplicate address %s reported", dups[k].addr);
	}
	diag_list_clear(&d);
}
END_TEST

START_TEST(nat_gateway_public_ip)
{
	const char *y =
		HEAD
		"vpcs:\n"
		"  - id: vpc-a\n"
		"    cidrs: [10.0.0.0/16]\n"
		"    subnets:\n"
		"      - { id: subnet-a, cidr: 10.0.1.0/24 }\n"
		"    nat_gateways:\n"
		"      - { id: nat-pub, subnet: subnet-a }\n"
		"      - { id: nat-pub2, subnet: subnet-a, connectivity: public }\n"
		"      - { id: nat-priv, subnet: subnet-a, connectivity: private, public_ip: 3.3.3.3 }\n"
		"      - { id: nat-ok, subnet: subnet-a, public_ip: 3.3.3.4 }\n"
		"      - { id: nat-ok2, subnet: subnet-a, connectivity: private }\n";
	struct diag_list d;
	load_bad(y, &d);
	/* public is the default connectivity */
	ERR_AT(&d, "NAT gateway 'nat-pub': a public NAT gateway needs 'public_ip'", y,
	       "{ id: nat-pub,", NULL);
	ERR_AT(&d, "NAT gateway 'nat-pub2': a public NAT gateway needs 'public_ip'", y,
	       "{ id: nat-pub2", NULL);
	ERR_AT(&d, "NAT gateway 'nat-priv': a private NAT gateway has no elastic IP", y,
	       "{ id: nat-priv", NULL);
	ck_assert(!has_error(&d, "nat-ok"));
	ck_assert_uint_eq(d.errors, 3);
	diag_list_clear(&d);
}
END_TEST

/* F6.3: rule numbers are 1..32766 and unique per direction; prefix lists are not
 * allowed in NACL rules (F2.8): the field is a CIDR */
START_TEST(nacl_rules)
{
	const char *y =
		HEAD
		"vpcs:\n"
		"  - id: vpc-a\n"
		"    cidrs: [10.0.0.0/16]\n"
		"    network_acls:\n"
		"      - id: acl-a\n"
		"        ingress:\n"
		"          - { rule: 0, protocol: all, from: 0.0.0.0/0, action: allow }\n"
		"          - { rule: 1, protocol: all, from: 0.0.0.0/0, action: allow }\n"
		"          - { rule: 32766, protocol: all, from: 0.0.0.0/0, action: deny }\n"
		"          - { rule: 200, protocol: tcp, ports: 443, from: 0.0.0.0/0, action: allow }\n"
		"          - { rule: 200, protocol: tcp, ports: 80, from: 0.0.0.0/0, action: allow }\n"
		"        egress:\n"
		"          - { rule: 32767, protocol: all, to: 0.0.0.0/0, action: allow }\n"
		"          - { rule: 200, protocol: all, to: pl-63a5400a, action: allow }\n"
		"          - { rule: 300, protocol: all, to: 0.0.0.0/0, action: permit }\n"
		"          - { rule: 400, protocol: all, to: 0.0.0.0/0 }\n"
		"          - { rule: x1, protocol: all, to: 0.0.0.0/0, action: deny }\n";
	struct diag_list d;
	load_bad(y, &d);
	ERR_AT(&d, "rule number must be 1 to 32766, not '0'", y, "rule: 0,", "0");
	ERR_AT(&d, "rule number must be 1 to 32766, not '32767'", y, "rule: 32767", "32767");
	ERR_AT(&d, "rule number must be 1 to 32766, not 'x1'", y, "rule: x1", "x1");
	ck_assert(!has_error(&d, "not '1'"));
	ck_assert(!has_error(&d, "not '32766'"));
	ck_assert(!has_error(&d, "two egress rules numbered 200"));
	/* the duplicate is reported at one of the two rules */
	const struct diag *g = find_diag(&d, DIAG_ERROR, "network ACL 'acl-a': two ingress rules "
						      "numbered 200");
	ck_assert_ptr_nonnull(g);
	struct pos p1 = at(y, "{ rule: 200, protocol: tcp, ports: 443", NULL);
	struct pos p2 = at(y, "{ rule: 200, protocol: tcp, ports: 80", NULL);
	ck_assert((g->line == p1.line && g->col == p1.col) || (g->line == p2.line && g->col == p2.col));
	ERR_AT(&d, "'to': invalid CIDR 'pl-63a5400a'", y, "to: pl-63a5400a", "pl-63a5400a");
	ERR_AT(&d, "'action': 'permit' is not one of allow, deny", y, "permit", NULL);
	/* on the line of the rule that lacks it (the column: see known_bugs) */
	const struct diag *m = find_diag(&d, DIAG_ERROR, "network ACL egress rule: missing required "
						      "key 'action'");
	ck_assert_ptr_nonnull(m);
	ck_assert_uint_eq(m->line, at(y, "rule: 400", NULL).line);
	diag_list_clear(&d);
}
END_TEST

/* ---- routes ------------------------------------------------------------------------ */

/* F1.6: a route more specific than local only for a whole subnet CIDR, and only to a
 * NAT gateway, a network interface or a GWLB endpoint */
START_TEST(route_more_specific_than_local)
{
	const char *y =
		HEAD
		"vpcs:\n"
		"  - id: vpc-a\n"
		"    cidrs: [10.0.0.0/16]\n"
		"    internet_gateway: igw-a\n"
		"    subnets:\n"
		"      - { id: subnet-a, cidr: 10.0.1.0/24 }\n"
		"      - { id: subnet-b, cidr: 10.0.2.0/24 }\n"
		"    nat_gateways:\n"
		"      - { id: nat-1, subnet: subnet-b, connectivity: private }\n"
		"    route_tables:\n"
		"      - id: rtb-a\n"
		"        routes:\n"
		"          - { destination: 10.0.1.0/24, target: igw-a }\n"
		"          - { destination: 10.0.1.0/25, target: eni-1 }\n"
		"          - { destination: 10.0.2.0/24, target: eni-2 }\n"
		"      - id: rtb-b\n"
		"        routes:\n"
		"          - { destination: 10.0.1.0/24, target: nat-1 }\n"
		"          - { destination: 10.0.0.0/16, target: local }\n";
	struct diag_list d;
	load_bad(y, &d);
	ERR_AT(&d, "route table 'rtb-a': route to 10.0.1.0/24 is inside vpc 'vpc-a' (more specific "
		   "than local)", y, "{ destination: 10.0.1.0/24, target: igw-a", NULL);
	ERR_AT(&d, "route table 'rtb-a': route to 10.0.1.0/25 is inside vpc 'vpc-a'", y,
	       "{ destination: 10.0.1.0/25", NULL);
	ck_assert(!has_error(&d, "10.0.2.0/24"));
	ck_assert(!has_error(&d, "rtb-b"));
	ck_assert_uint_eq(d.errors, 2);
	diag_list_clear(&d);
}
END_TEST

/* F1.8: a blackhole route may name a target that no longer exists; an active route
 * may not */
START_TEST(blackhole_missing_target)
{
	const char *ok =
		HEAD
		"vpcs:\n"
		"  - id: vpc-a\n"
		"    cidrs: [10.0.0.0/16]\n"
		"    route_tables:\n"
		"      - id: rtb-a\n"
		"        routes:\n"
		"          - { destination: 0.0.0.0/0, target: nat-0deadbeef, state: blackhole }\n"
		"          - { destination: 52.0.0.0/8, target: vpce-0gone, state: blackhole }\n";
	struct topology *t = load_ok(ok);
	const struct topo_route_table *rt = find(t, TOPO_ROUTE_TABLE, "rtb-a");
	const struct topo_route *r = route_to(rt, "0.0.0.0/0");
	ck_assert(r->blackhole);
	ck_assert_str_eq(r->target.text, "nat-0deadbeef");
	ck_assert_ptr_null(r->target.ptr);
	topo_free(t);

	const char *bad =
		HEAD
		"vpcs:\n"
		"  - id: vpc-a\n"
		"    cidrs: [10.0.0.0/16]\n"
		"    route_tables:\n"
		"      - id: rtb-a\n"
		"        routes:\n"
		"          - { destination: 0.0.0.0/0, target: nat-0deadbeef }\n"
		"          - { destination: 52.0.0.0/8, target: nat-0dead2, state: active }\n"
		"          - { destination: 53.0.0.0/8, target: vpce-0gone }\n"
		"          - { destination: 54.0.0.0/8, target: nat-x, state: gone }\n";
	struct diag_list d;
	load_bad(bad, &d);
	ERR_AT(&d, "route target 'nat-0deadbeef' is not defined (a route whose target is gone has "
		   "state: blackhole)", bad, "nat-0deadbeef", NULL);
	ERR_AT(&d, "route target 'nat-0dead2' is not defined", bad, "nat-0dead2", NULL);
	/* an undeclared vpce- target is kept as an unmodelled endpoint (a Gateway Load
	 * Balancer endpoint in imported data), with a warning: a trace says exits-model */
	ck_assert_ptr_null(find_diag(&d, DIAG_ERROR, "vpce-0gone"));
	assert_diag_at(&d, DIAG_WARNING, "route target 'vpce-0gone' is not a declared endpoint",
		       at(bad, "vpce-0gone", NULL));
	ERR_AT(&d, "'state': 'gone' is not one of active, blackhole", bad, "state: gone", "gone");
	diag_list_clear(&d);
}
END_TEST

START_TEST(route_rules)
{
	const char *y =
		HEAD
		"vpcs:\n"
		"  - id: vpc-a\n"
		"    cidrs: [10.0.0.0/16]\n"
		"    internet_gateway: igw-a\n"
		"    subnets:\n"
		"      - { id: subnet-a, cidr: 10.0.1.0/24 }\n"
		"    route_tables:\n"
		"      - id: rtb-a\n"
		"        routes:\n"
		"          - { destination: 8.8.0.0/16, target: igw-a }\n"
		"          - { destination: 8.8.0.0/16, target: eni-1 }\n"
		"          - { destination: 169.254.169.0/24, target: igw-a }\n"
		"          - { destination: 9.9.9.0/24, target: subnet-a }\n"
		"          - { destination: 7.7.7.0/24 }\n"
		"  - id: vpc-b\n"
		"    cidrs: [10.1.0.0/16]\n"
		"    internet_gateway: igw-b\n"
		"    route_tables:\n"
		"      - id: rtb-b\n"
		"        routes:\n"
		"          - { destination: 0.0.0.0/0, target: igw-a }\n";
	struct diag_list d;
	load_bad(y, &d);
	char msg[128];
	snprintf(msg, sizeof(msg), "route table 'rtb-a' has two routes to 8.8.0.0/16 (line %u)",
		 at(y, "{ destination: 8.8.0.0/16, target: igw-a", NULL).line);
	ERR_AT(&d, msg, y, "{ destination: 8.8.0.0/16, target: eni-1", NULL);
	/* F1.7: 169.254.168.0/22 is reserved */
	ERR_AT(&d, "routes to 169.254.168.0/22 are not allowed", y, "{ destination: 169.254.169.0",
	       NULL);
	ERR_AT(&d, "'subnet-a' is a subnet and cannot be a route target", y, "target: subnet-a",
	       "subnet-a");
	/* on the line of the route that lacks it (the column: see known_bugs) */
	const struct diag *m = find_diag(&d, DIAG_ERROR, "route: missing required key 'target'");
	ck_assert_ptr_nonnull(m);
	ck_assert_uint_eq(m->line, at(y, "{ destination: 7.7.7.0/24 }", NULL).line);
	ERR_AT(&d, "route target internet gateway 'igw-a' is not in vpc 'vpc-b'", y,
	       "0.0.0.0/0, target: igw-a", "igw-a");
	diag_list_clear(&d);
}
END_TEST

/* ---- endpoints ----------------------------------------------------------------------- */

/* F2.5: a gateway endpoint serves only its own region */
START_TEST(gateway_endpoint_other_region)
{
	const char *y =
		HEAD
		"vpcs:\n"
		"  - id: vpc-a\n"
		"    cidrs: [10.0.0.0/16]\n"
		"    route_tables:\n"
		"      - { id: rtb-a }\n"
		"    endpoints:\n"
		"      - { id: vpce-west, type: gateway, service: com.amazonaws.us-west-2.s3, route_tables: [rtb-a] }\n"
		"      - { id: vpce-east, type: gateway, service: com.amazonaws.us-east-1.dynamodb, route_tables: [rtb-a] }\n"
		"      - { id: vpce-other, type: gateway, service: com.amazonaws.us-east-1.sqs, route_tables: [rtb-a] }\n"
		"      - { id: vpce-bad, type: gateway, service: s4 }\n";
	struct diag_list d;
	load_bad(y, &d);
	ERR_AT(&d, "endpoint 'vpce-west': a gateway endpoint serves only its VPC's region "
		   "(us-east-1), not us-west-2 (F2.5)", y, "{ id: vpce-west", NULL);
	ERR_AT(&d, "endpoint 'vpce-other': gateway endpoints exist only for s3, dynamodb and "
		   "s3express", y, "{ id: vpce-other", NULL);
	ERR_AT(&d, "endpoint 'vpce-bad': unknown service 's4'", y, "{ id: vpce-bad", NULL);
	ck_assert(!has_error(&d, "vpce-east"));
	diag_list_clear(&d);
}
END_TEST

/* F3.1: one subnet per Availability Zone */
START_TEST(interface_endpoint_one_subnet_per_az)
{
	const char *y =
		HEAD
		"vpcs:\n"
		"  - id: vpc-a\n"
		"    cidrs: [10.0.0.0/16]\n"
		"    subnets:\n"
		"      - { id: subnet-a, cidr: 10.0.1.0/24, az: us-east-1a }\n"
		"      - { id: subnet-b, cidr: 10.0.2.0/24, az: us-east-1a }\n"
		"      - { id: subnet-c, cidr: 10.0.3.0/24, az: us-east-1b }\n"
		"    endpoints:\n"
		"      - { id: vpce-ok, type: interface, service: s3, subnets: [subnet-a, subnet-c] }\n"
		"      - { id: vpce-bad, type: interface, service: s3, subnets: [subnet-a, subnet-c, subnet-b] }\n";
	struct diag_list d;
	load_bad(y, &d);
	ERR_AT(&d, "endpoint 'vpce-bad': subnets 'subnet-a' and 'subnet-b' are both in us-east-1a; "
		   "one subnet per AZ (F3.1)", y, "subnet-c, subnet-b", "subnet-b");
	ck_assert(!has_error(&d, "vpce-ok"));
	ck_assert_uint_eq(d.errors, 1);
	diag_list_clear(&d);
}
END_TEST

/* F3.4: private_dns_only_for_inbound_resolver needs a gateway endpoint for the
 * service in the VPC */
START_TEST(inbound_resolver_only_needs_gateway_endpoint)
{
	const char *bad =
		HEAD
		"vpcs:\n"
		"  - id: vpc-a\n"
		"    cidrs: [10.0.0.0/16]\n"
		"    subnets:\n"
		"      - { id: subnet-a, cidr: 10.0.1.0/24, az: us-east-1a }\n"
		"    route_tables:\n"
		"      - { id: rtb-a }\n"
		"    endpoints:\n"
		"      - { id: vpce-ddb, type: gateway, service: dynamodb, route_tables: [rtb-a] }\n"
		"      - { id: vpce-if, type: interface, service: s3, subnets: [subnet-a],\n"
		"          private_dns: true, private_dns_only_for_inbound_resolver: true }\n";
	struct diag_list d;
	load_bad(bad, &d);
	ERR_AT(&d, "endpoint 'vpce-if': private_dns_only_for_inbound_resolver needs a gateway "
		   "endpoint for s3 in vpc 'vpc-a' (F3.4)", bad, "{ id: vpce-if", NULL);
	ck_assert_uint_eq(d.errors, 1);
	diag_list_clear(&d);

	const char *ok =
		HEAD
		"vpcs:\n"
		"  - id: vpc-a\n"
		"    cidrs: [10.0.0.0/16]\n"
		"    subnets:\n"
		"      - { id: subnet-a, cidr: 10.0.1.0/24, az: us-east-1a }\n"
		"    route_tables:\n"
		"      - { id: rtb-a }\n"
		"    endpoints:\n"
		"      - { id: vpce-gw, type: gateway, service: s3, route_tables: [rtb-a] }\n"
		"      - { id: vpce-if, type: interface, service: s3, subnets: [subnet-a],\n"
		"          private_dns: true, private_dns_only_for_inbound_resolver: true }\n";
	struct topology *t = load_ok(ok);
	topo_free(t);

	/* the option also needs private DNS itself */
	const char *nodns =
		HEAD
		"vpcs:\n"
		"  - id: vpc-a\n"
		"    cidrs: [10.0.0.0/16]\n"
		"    subnets:\n"
		"      - { id: subnet-a, cidr: 10.0.1.0/24, az: us-east-1a }\n"
		"    route_tables:\n"
		"      - { id: rtb-a }\n"
		"    endpoints:\n"
		"      - { id: vpce-gw, type: gateway, service: s3, route_tables: [rtb-a] }\n"
		"      - { id: vpce-if, type: interface, service: s3, subnets: [subnet-a],\n"
		"          private_dns_only_for_inbound_resolver: true }\n";
	load_bad(nodns, &d);
	ERR_AT(&d, "needs private_dns: true", nodns, "{ id: vpce-if", NULL);
	diag_list_clear(&d);
}
END_TEST

/* ---- YAML hazards ---------------------------------------------------------------------- */

START_TEST(anchors_and_aliases)
{
	const char *y =
		HEAD
		"prefix_lists:\n"
		"  - { id: pl-a, cidrs: &corp [192.168.0.0/16, 172.16.0.0/12] }\n"
		"vpcs:\n"
		"  - id: vpc-a\n"
		"    cidrs: [10.0.0.0/16]\n"
		"    vpn_gateway: vgw-a\n"
		"    security_groups:\n"
		"      - id: sg-a\n"
		"        egress: &rules\n"
		"          - { protocol: tcp, ports: 443, to: 0.0.0.0/0 }\n"
		"          - { protocol: udp, ports: &dns 53, to: 10.0.0.2/32 }\n"
		"      - id: sg-b\n"
		"        egress: *rules\n"
		"        ingress:\n"
		"          - { protocol: udp, ports: *dns, from: 10.0.0.0/8 }\n"
		"on_premises:\n"
		"  - { id: corp, cidrs: *corp, via: vgw-a }\n";
	struct topology *t = load_ok(y);
	struct topo_security_group *b = find(t, TOPO_SECURITY_GROUP, "sg-b");
	ck_assert_uint_eq(b->egress.len, 2);
	ck_assert_uint_eq(b->egress.items[0].ports.lo, 443);
	ck_assert_int_eq(b->egress.items[1].protocol, TOPO_PROTO_UDP);
	ck_assert_uint_eq(b->ingress.items[0].ports.lo, 53);
	ck_assert_uint_eq(t->on_premises[0].cidrs.len, 2);
	char buf[NET_PREFIXSTRLEN];
	ck_assert_str_eq(net_prefix_str(&t->on_premises[0].cidrs.items[1], buf), "172.16.0.0/12");
	topo_free(t);

	/* an alias without its anchor */
	const char *bad = HEAD "vpcs: *nothing\n";
	struct diag_list d;
	load_bad(bad, &d);
	ERR_AT(&d, "alias *nothing has no anchor", bad, "*nothing", NULL);
	diag_list_clear(&d);
}
END_TEST

/* "billion laughs": aliases of aliases must fail with a clear error, quickly and in
 * bounded memory (check's timeout bounds the time) */
START_TEST(billion_laughs_refused)
{
	const char *y =
		HEAD
		"vpcs:\n"
		"  - id: vpc-a\n"
		"    cidrs: [10.0.0.0/16]\n"
		"    security_groups:\n"
		"      - id: sg-a\n"
		"        description: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
		"      - { id: sg-b, description: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a] }\n"
		"      - { id: sg-c, description: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b] }\n"
		"      - { id: sg-d, description: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c] }\n"
		"      - { id: sg-e, description: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d] }\n"
		"      - { id: sg-f, description: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e] }\n"
		"      - { id: sg-g, description: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f] }\n"
		"      - { id: sg-h, description: &h [*g, *g, *g, *g, *g, *g, *g, *g, *g] }\n"
		"      - { id: sg-i, description: &i [*h, *h, *h, *h, *h, *h, *h, *h, *h] }\n"
		"      - { id: sg-j, description: &j [*i, *i, *i, *i, *i, *i, *i, *i, *i] }\n";
	struct diag_list d;
	load_bad(y, &d);
	const struct diag *g = find_diag(&d, DIAG_ERROR, "billion-laughs");
	if (!g)
		dump(&d);
	ck_assert_ptr_nonnull(g);
	ck_assert_ptr_nonnull(strstr(g->message, "aliases expand to more than"));
	ck_assert_str_eq(g->file, FILE_NAME);
	ck_assert_uint_gt(g->line, 0);
	diag_list_clear(&d);
}
END_TEST

START_TEST(nesting_too_deep)
{
	char y[512];
	int n = snprintf(y, sizeof(y), "version: 1\nvpcs: ");
	for (int i = 0; i < 100; i++)
		y[n++] = '[';
	for (int i = 0; i < 100; i++)
		y[n++] = ']';
	y[n++] = '\n';
	y[n] = '\0';
	struct diag_list d;
	load_bad(y, &d);
	const struct diag *g = find_diag(&d, DIAG_ERROR, "nesting deeper than 64 levels");
	ck_assert_ptr_nonnull(g);
	ck_assert_uint_eq(g->line, 2);
	/* at one of the brackets */
	ck_assert_uint_ge(g->col, 7);
	ck_assert_uint_le(g->col, 106);
	ck_assert_int_eq(y[strlen("version: 1\n") + g->col - 1], '[');
	diag_list_clear(&d);
}
END_TEST

START_TEST(empty_inputs)
{
	static const char *const empties[] = { "", "\n\n", "# only a comment\n" };
	for (size_t i = 0; i < 3; i++) {
		struct diag_list d;
		load_bad(empties[i], &d);
		const struct diag *g = find_diag(&d, DIAG_ERROR, "empty file: expected a topology");
		ck_assert_ptr_nonnull(g);
		ck_assert_uint_eq(g->line, 1);
		ck_assert_uint_eq(g->col, 1);
		ck_assert_uint_eq(d.errors, 1);
		diag_list_clear(&d);
	}
	const char *doc = "---\n...\n";
	struct diag_list d;
	load_bad(doc, &d);
	ck_assert_ptr_nonnull(find_diag(&d, DIAG_ERROR, "empty document"));
	ck_assert_uint_eq(d.errors, 1);
	diag_list_clear(&d);
	const char *null_doc = "---\n~\n";
	load_bad(null_doc, &d);
	ck_assert_ptr_nonnull(find_diag(&d, DIAG_ERROR, "empty document"));
	diag_list_clear(&d);
}
END_TEST

START_TEST(several_documents)
{
	const char *y = HEAD "vpcs: []\n---\nversion: 1\n";
	struct diag_list d;
	load_bad(y, &d);
	ERR_AT(&d, "several YAML documents in one file; a topology is one document", y, "---",
	       NULL);
	diag_list_clear(&d);
}
END_TEST

START_TEST(yaml_syntax_error)
{
	const char *y = HEAD "vpcs:\n  - { id: vpc-a, cidrs: [10.0.0.0/16]\n";
	struct diag_list d;
	load_bad(y, &d);
	ck_assert_uint_ge(d.errors, 1);
	ck_assert_str_eq(d.items[0].file, FILE_NAME);
	ck_assert_uint_ge(d.items[0].line, 4);
	/* a tab for indentation */
	const char *tab = HEAD "vpcs:\n\t- id: vpc-a\n";
	diag_list_clear(&d);
	load_bad(tab, &d);
	ck_assert_uint_eq(d.items[0].line, 4);
	diag_list_clear(&d);
}
END_TEST

START_TEST(wrong_types)
{
	const char *y =
		"version: 1\n"
		"region: [us-east-1]\n"
		"prefix_lists: pl-1\n"
		"vpcs:\n"
		"  - [vpc-a]\n"
		"  - id: vpc-b\n"
		"    cidrs: { a: b }\n"
		"    dns_support: maybe\n"
		"    subnets: { id: subnet-a }\n"
		"  - id: vpc-c\n"
		"    cidrs: [10.2.0.0/16]\n"
		"    security_groups:\n"
		"      - id: sg-a\n"
		"        egress:\n"
		"          - { protocol: tcp, ports: 70000, to: 0.0.0.0/0 }\n"
		"          - { protocol: tcp, ports: 443-80, to: 0.0.0.0/0 }\n"
		"          - { protocol: gre, to: 0.0.0.0/0 }\n"
		"          - { protocol: tcp, ports: [443], to: 0.0.0.0/0 }\n"
		"on_premises: { id: corp }\n";
	struct diag_list d;
	load_bad(y, &d);
	ERR_AT(&d, "'region' must be a string, not a list", y, "[us-east-1]", NULL);
	ERR_AT(&d, "'prefix_lists' must be a list, not a scalar", y, "pl-1", NULL);
	ERR_AT(&d, "vpc must be a mapping, not a list", y, "[vpc-a]", NULL);
	ERR_AT(&d, "'cidrs' must be a list, not a mapping", y, "{ a: b }", NULL);
	ERR_AT(&d, "'dns_support' must be true or false, not 'maybe'", y, "maybe", NULL);
	ERR_AT(&d, "'subnets' must be a list, not a mapping", y, "{ id: subnet-a }", NULL);
	ERR_AT(&d, "'ports': invalid port or range '70000'", y, "70000", NULL);
	ERR_AT(&d, "'ports': invalid port or range '443-80'", y, "443-80", NULL);
	ERR_AT(&d, "'protocol': unknown protocol 'gre'", y, "protocol: gre", "gre");
	ERR_AT(&d, "'ports' must be a port, a range or 'all', not a list", y, "[443]", NULL);
	ERR_AT(&d, "'on_premises' must be a list, not a mapping", y, "{ id: corp }", NULL);
	diag_list_clear(&d);
}
END_TEST

START_TEST(version_required)
{
	struct diag_list d;
	const char *v2 = "version: 2\nregion: us-east-1\n";
	load_bad(v2, &d);
	ERR_AT(&d, "unsupported topology version '2'", v2, "2\n", NULL);
	diag_list_clear(&d);
	load_bad("region: us-east-1\nvpcs: []\n", &d);
	ck_assert_ptr_nonnull(find_diag(&d, DIAG_ERROR, "topology: missing required key 'version'"));
	diag_list_clear(&d);
}
END_TEST

/* ---- implicit objects --------------------------------------------------------------- */

START_TEST(implicit_defaults)
{
	struct topology *t = load_ok(
		HEAD
		"vpcs:\n"
		"  - id: vpc-a\n"
		"    cidrs: [10.0.0.0/16]\n"
		"    subnets:\n"
		"      - { id: subnet-a, cidr: 10.0.1.0/24 }\n"
		"    instances:\n"
		"      - { id: i-1, subnet: subnet-a, private_ip: 10.0.1.10 }\n");
	struct topo_vpc *vpc = find(t, TOPO_VPC, "vpc-a");
	struct topo_security_group *sg = find(t, TOPO_SECURITY_GROUP, "vpc-a-default-sg");
	struct topo_network_acl *acl = find(t, TOPO_NETWORK_ACL, "vpc-a-default-acl");
	struct topo_route_table *rt = find(t, TOPO_ROUTE_TABLE, "vpc-a-main-rtb");
	ck_assert_ptr_eq(vpc->default_sg, sg);
	ck_assert_ptr_eq(vpc->default_nacl, acl);
	ck_assert_ptr_eq(vpc->main_route_table, rt);
	ck_assert(sg->implicit && sg->is_default);
	ck_assert(acl->implicit && acl->is_default);
	ck_assert(rt->implicit && rt->is_main);
	ck_assert_ptr_eq(sg->vpc, vpc);
	/* F6.2: inbound from itself; outbound all (IPv4 and IPv6) */
	ck_assert_uint_eq(sg->ingress.len, 1);
	ck_assert_int_eq(sg->ingress.items[0].peer_kind, TOPO_PEER_SG);
	ck_assert_ptr_eq(sg->ingress.items[0].peer.ptr, sg);
	ck_assert_uint_eq(sg->egress.len, 2);
	/* F6.3: the default NACL allows all, rules 100 and 101 both ways */
	ck_assert_uint_eq(acl->ingress.len, 2);
	ck_assert_uint_eq(acl->egress.len, 2);
	ck_assert_uint_eq(acl->ingress.items[0].number, 100);
	ck_assert_uint_eq(acl->ingress.items[1].number, 101);
	ck_assert(acl->egress.items[0].allow && acl->egress.items[1].allow);
	/* F1.6: the implicit main table has the local route */
	ck_assert_uint_eq(rt->nroutes, 1);
	ck_assert_int_eq(rt->routes[0].origin, TOPO_ORIGIN_LOCAL);
	struct topo_subnet *s = find(t, TOPO_SUBNET, "subnet-a");
	ck_assert_ptr_eq(s->route_table, rt);
	ck_assert_ptr_eq(s->network_acl, acl);
	/* implicit objects have no location in the file */
	ck_assert_uint_eq(sg->loc.line, 0);
	/* the ids can be referenced from the file */
	topo_free(t);
	t = load_ok(HEAD
		    "vpcs:\n"
		    "  - id: vpc-a\n"
		    "    cidrs: [10.0.0.0/16]\n"
		    "    subnets:\n"
		    "      - { id: subnet-a, cidr: 10.0.1.0/24, network_acl: vpc-a-default-acl }\n"
		    "    security_groups:\n"
		    "      - id: sg-a\n"
		    "        ingress:\n"
		    "          - { protocol: all, from: vpc-a-default-sg }\n");
	sg = find(t, TOPO_SECURITY_GROUP, "sg-a");
	ck_assert_ptr_eq(sg->ingress.items[0].peer.ptr,
			 find(t, TOPO_SECURITY_GROUP, "vpc-a-default-sg"));
	topo_free(t);
	/* without a top-level region: us-east-1, with a warning */
	struct diag_list d = { 0 };
	t = load("version: 1\nvpcs: []\n", &d);
	ck_assert_ptr_nonnull(t);
	ck_assert_str_eq(t->region, "us-east-1");
	bool warned = false;
	for (size_t i = 0; i < t->warnings.len; i++)
		if (t->warnings.items[i].code && !strcmp(t->warnings.items[i].code, "default-region"))
			warned = true;
	ck_assert(warned);
	diag_list_clear(&d);
	topo_free(t);
}
END_TEST

/* ---- prefix lists ------------------------------------------------------------------- */

static bool pl_has(const struct topo_prefix_list *pl, const char *cidr)
{
	char buf[NET_PREFIXSTRLEN];
	for (size_t i = 0; i < pl->cidrs.len; i++)
		if (!strcmp(net_prefix_str(&pl->cidrs.items[i], buf), cidr))
			return true;
	return false;
}

START_TEST(builtin_prefix_list)
{
	struct topology *t = load_ok(
		HEAD
		"vpcs:\n"
		"  - id: vpc-a\n"
		"    cidrs: [10.0.0.0/16]\n"
		"    security_groups:\n"
		"      - id: sg-a\n"
		"        egress:\n"
		"          - { protocol: tcp, ports: 443, to: pl-63a5400a }\n");
	const struct topo_prefix_list *pl = find(t, TOPO_PREFIX_LIST, "pl-63a5400a");
	ck_assert(pl->builtin);
	ck_assert_int_eq(pl->service, TOPO_SVC_S3);
	ck_assert_int_eq(pl->family, NET_V4);
	ck_assert_str_eq(pl->region, "us-east-1");
	ck_assert_str_eq(pl->name, "com.amazonaws.us-east-1.s3");
	ck_assert(pl_has(pl, "52.216.0.0/15"));
	ck_assert(pl_has(pl, "54.231.0.0/16"));
	ck_assert(pl_has(pl, "3.5.0.0/19"));
	for (size_t i = 0; i < pl->cidrs.len; i++)
		ck_assert_int_eq(pl->cidrs.items[i].addr.family, NET_V4);
	ck_assert_ptr_eq(topo_service_prefix_list(t, TOPO_SVC_S3, "us-east-1", NET_V4), pl);
	const struct topo_security_group *sg = find(t, TOPO_SECURITY_GROUP, "sg-a");
	ck_assert_ptr_eq(sg->egress.items[0].peer.ptr, pl);
	/* the IPv6 list and DynamoDB's are there too */
	const struct topo_prefix_list *v6 =
		topo_service_prefix_list(t, TOPO_SVC_S3, "us-east-1", NET_V6);
	ck_assert_ptr_nonnull(v6);
	ck_assert(pl_has(v6, "2600:1fa0:8000::/39"));
	ck_assert_ptr_nonnull(topo_service_prefix_list(t, TOPO_SVC_DYNAMODB, "us-east-1", NET_V4));
	topo_free(t);
}
END_TEST

/* topology.md: a topology list with the same id (or the same AWS-managed name and
 * family) overrides the built-in one */
START_TEST(topology_prefix_list_overrides_builtin)
{
	struct topology *t = load_ok(
		HEAD
		"prefix_lists:\n"
		"  - { id: pl-63a5400a, cidrs: [198.51.100.0/24] }\n"
		"vpcs:\n"
		"  - id: vpc-a\n"
		"    cidrs: [10.0.0.0/16]\n");
	const struct topo_prefix_list *pl = find(t, TOPO_PREFIX_LIST, "pl-63a5400a");
	ck_assert(!pl->builtin);
	ck_assert_uint_eq(pl->cidrs.len, 1);
	ck_assert(pl_has(pl, "198.51.100.0/24"));
	ck_assert(!pl_has(pl, "52.216.0.0/15"));
	/* it is the service's list now, and only one list has the id */
	ck_assert_ptr_eq(topo_service_prefix_list(t, TOPO_SVC_S3, "us-east-1", NET_V4), pl);
	size_t n = 0;
	for (size_t i = 0; i < t->nprefix_lists; i++)
		if (!strcmp(t->prefix_lists[i].id, "pl-63a5400a"))
			n++;
	ck_assert_uint_eq(n, 1);
	topo_free(t);

	/* by name: another id (a snapshot) replaces the built-in list of that name */
	t = load_ok(HEAD
		    "prefix_lists:\n"
		    "  - { id: pl-snap, name: com.amazonaws.us-east-1.s3, cidrs: [203.0.113.0/24] }\n"
		    "vpcs:\n"
		    "  - id: vpc-a\n"
		    "    cidrs: [10.0.0.0/16]\n");
	pl = topo_service_prefix_list(t, TOPO_SVC_S3, "us-east-1", NET_V4);
	ck_assert_ptr_nonnull(pl);
	ck_assert_str_eq(pl->id, "pl-snap");
	ck_assert(pl_has(pl, "203.0.113.0/24"));
	topo_free(t);

	/* an AWS-managed name without cidrs takes the built-in entries */
	t = load_ok(HEAD
		    "prefix_lists:\n"
		    "  - { id: pl-63a5400a, name: com.amazonaws.us-east-1.s3 }\n"
		    "vpcs:\n"
		    "  - id: vpc-a\n"
		    "    cidrs: [10.0.0.0/16]\n");
	pl = find(t, TOPO_PREFIX_LIST, "pl-63a5400a");
	ck_assert(pl_has(pl, "52.216.0.0/15"));
	topo_free(t);

	/* a customer list needs cidrs, of its family */
	const char *y =
		HEAD
		"prefix_lists:\n"
		"  - { id: pl-empty }\n"
		"  - { id: pl-mixed, cidrs: [10.0.0.0/8, '2001:db8::/32'] }\n";
	struct diag_list d;
	load_bad(y, &d);
	ERR_AT(&d, "prefix list 'pl-empty': 'cidrs' is required", y, "{ id: pl-empty", NULL);
	ERR_AT(&d, "prefix list 'pl-mixed' is IPv4 but holds an IPv6 CIDR", y, "'2001:db8::/32'",
	       NULL);
	diag_list_clear(&d);
}
END_TEST

/* ---- regressions -------------------------------------------------------------------------
 * Each of these once failed (two crashed the loader); they run in every build. */

/* crash: an s3 entry without 'bucket' (or two roles without 'arn') must be an error,
 * not a NULL dereference in resolve_globals */
START_TEST(regression_bucket_without_name_crashes)
{
	static const char *const ys[] = {
		HEAD "s3:\n  - { region: us-east-1 }\n",
		HEAD "s3:\n  - [a, b]\n",
		HEAD "dynamodb:\n  - { region: us-east-1 }\n  - { region: us-east-1 }\n",
		HEAD "iam:\n  roles:\n    - { policies: [] }\n    - { policies: [] }\n",
	};
	for (size_t i = 0; i < sizeof(ys) / sizeof(ys[0]); i++) {
		struct diag_list d;
		load_bad(ys[i], &d);
		diag_list_clear(&d);
	}
}
END_TEST

/* "missing required key" must point at the mapping that lacks it, not at its end */
START_TEST(regression_missing_key_location)
{
	const char *y = HEAD "vpcs:\n  - { cidrs: [10.0.0.0/16] }\n";
	struct diag_list d;
	load_bad(y, &d);
	ERR_AT(&d, "vpc: missing required key 'id'", y, "{ cidrs", NULL);
	diag_list_clear(&d);
}
END_TEST

/* topo.h: "On success returns the topology with warnings in topo->warnings"; the
 * cidr-host-bits warning goes to the caller's error list instead, where the CLI never
 * prints it on a successful load (vpcpath validate says "valid" and nothing else) */
START_TEST(regression_host_bits_warning_not_in_topology)
{
	const char *y = HEAD "vpcs:\n  - { id: vpc-a, cidrs: [10.0.0.5/16] }\n";
	struct diag_list d = { 0 };
	struct topology *t = load(y, &d);
	ck_assert_ptr_nonnull(t);
	WARN_AT(&t->warnings, "has host bits set", y, "10.0.0.5/16", NULL);
	diag_list_clear(&d);
	topo_free(t);
}
END_TEST

/* F3.4: the check must not depend on the order of the endpoints */
START_TEST(regression_inbound_resolver_endpoint_order)
{
	struct topology *t = load_ok(
		HEAD
		"vpcs:\n"
		"  - id: vpc-a\n"
		"    cidrs: [10.0.0.0/16]\n"
		"    subnets:\n"
		"      - { id: subnet-a, cidr: 10.0.1.0/24, az: us-east-1a }\n"
		"    route_tables:\n"
		"      - { id: rtb-a }\n"
		"    endpoints:\n"
		"      - { id: vpce-if, type: interface, service: s3, subnets: [subnet-a],\n"
		"          private_dns: true, private_dns_only_for_inbound_resolver: true }\n"
		"      - { id: vpce-gw, type: gateway, service: s3, route_tables: [rtb-a] }\n");
	topo_free(t);
}
END_TEST

/* a NACL tcp/udp rule without 'ports' covers all ports (as an SG rule does), or is
 * refused; today it silently matches port 0 only */
START_TEST(regression_nacl_rule_without_ports)
{
	struct diag_list d = { 0 };
	struct topology *t = load(HEAD
				  "vpcs:\n"
				  "  - id: vpc-a\n"
				  "    cidrs: [10.0.0.0/16]\n"
				  "    network_acls:\n"
				  "      - id: acl-a\n"
				  "        ingress:\n"
				  "          - { rule: 100, protocol: tcp, from: 0.0.0.0/0, action: allow }\n",
				  &d);
	if (t) {
		const struct topo_network_acl *acl = find(t, TOPO_NETWORK_ACL, "acl-a");
		ck_assert_uint_eq(acl->ingress.items[0].ports.lo, 0);
		ck_assert_uint_eq(acl->ingress.items[0].ports.hi, 65535);
		topo_free(t);
	}
	diag_list_clear(&d);
}
END_TEST

/* an interface endpoint's derived address must not collide with a written one: the user
 * wrote no conflicting address, so the topology is valid (and a derived NAT address
 * must not silently take an instance's address) */
START_TEST(regression_derived_address_collision)
{
	struct topology *t = load_ok(
		HEAD
		"vpcs:\n"
		"  - id: vpc-a\n"
		"    cidrs: [10.0.0.0/16]\n"
		"    subnets:\n"
		"      - { id: subnet-a, cidr: 10.0.1.0/24 }\n"
		"    nat_gateways:\n"
		"      - { id: nat-1, subnet: subnet-a, connectivity: private }\n"
		"    endpoints:\n"
		"      - { id: vpce-if, type: interface, service: s3, subnets: [subnet-a] }\n"
		"    instances:\n"
		"      - { id: i-1, subnet: subnet-a, private_ip: 10.0.1.4 }\n"
		"      - { id: i-2, subnet: subnet-a, private_ip: 10.0.1.5 }\n");
	const struct topo_endpoint *ep = find(t, TOPO_ENDPOINT, "vpce-if");
	const struct topo_nat_gateway *nat = find(t, TOPO_NAT_GATEWAY, "nat-1");
	const struct topo_instance *i1 = find(t, TOPO_INSTANCE, "i-1"), *i2 = find(t, TOPO_INSTANCE, "i-2");
	ck_assert(!net_addr_eq(&ep->ips[0].ip, &i1->private_ip));
	ck_assert(!net_addr_eq(&ep->ips[0].ip, &i2->private_ip));
	ck_assert(!net_addr_eq(&nat->private_ip, &i1->private_ip));
	ck_assert(!net_addr_eq(&nat->private_ip, &i2->private_ip));
	topo_free(t);
}
END_TEST

/* a derived address wraps around to the start of the subnet when the addresses from its
 * starting offset on are taken (fuzz_import: an endpoint was given an instance's
 * address), and a full subnet is an error, not a shared address */
START_TEST(regression_derived_address_wraps_and_full_subnet)
{
	const char *yaml =
		HEAD
		"vpcs:\n"
		"  - id: vpc-a\n"
		"    cidrs: [10.0.0.0/24]\n"
		"    subnets:\n"
		"      - { id: subnet-a, cidr: 10.0.0.0/28 }\n"
		"    endpoints:\n"
		"      - { id: vpce-1, type: gateway, service: s3, route_tables: [] }\n"
		"      - { id: vpce-2, type: gateway, service: dynamodb, route_tables: [] }\n"
		"      - { id: vpce-3, type: gateway, service: s3, route_tables: [] }\n"
		"      - { id: vpce-if, type: interface, service: s3, subnets: [subnet-a] }\n"
		"    instances:\n";
	char buf[2048], full[2048];
	size_t n = (size_t)snprintf(buf, sizeof(buf), "%s", yaml);
	for (int h = 7; h <= 14; h++)  /* .7 to .14: the endpoint's scan starts at .7 */
		n += (size_t)snprintf(buf + n, sizeof(buf) - n,
				      "      - { id: i-%d, subnet: subnet-a, private_ip: 10.0.0.%d }\n", h, h);
	struct topology *t = load_ok(buf);
	const struct topo_endpoint *ep = find(t, TOPO_ENDPOINT, "vpce-if");
	char a[NET_ADDRSTRLEN];
	ck_assert_str_eq(net_addr_str(&ep->ips[0].ip, a), "10.0.0.4");
	topo_free(t);

	n = (size_t)snprintf(full, sizeof(full), "%s", yaml);
	for (int h = 4; h <= 14; h++)  /* every address AWS hands out */
		n += (size_t)snprintf(full + n, sizeof(full) - n,
				      "      - { id: i-%d, subnet: subnet-a, private_ip: 10.0.0.%d }\n", h, h);
	struct diag_list d;
	load_bad(full, &d);
	ERR_AT(&d, "subnet 'subnet-a' has no free address", full, "- { id: vpce-if", "{ id: vpce-if");
	diag_list_clear(&d);
}
END_TEST

/* an invalid CIDR in a security group rule is an invalid CIDR, not "unknown security
 * group '10.0.0.0/33'" */
START_TEST(regression_sg_rule_bad_cidr_message)
{
	const char *y =
		HEAD
		"vpcs:\n"
		"  - id: vpc-a\n"
		"    cidrs: [10.0.0.0/16]\n"
		"    security_groups:\n"
		"      - id: sg-a\n"
		"        egress:\n"
		"          - { protocol: tcp, ports: 443, to: 10.0.0.0/33 }\n";
	struct diag_list d;
	load_bad(y, &d);
	ERR_AT(&d, "invalid CIDR '10.0.0.0/33'", y, "10.0.0.0/33", NULL);
	diag_list_clear(&d);
}
END_TEST

/* an error must not cascade into a second, invented one: two rejected rule numbers
 * are not "two ingress rules numbered 0"; an empty file gets no region warning */
START_TEST(regression_cascading_diagnostics)
{
	const char *y =
		HEAD
		"vpcs:\n"
		"  - id: vpc-a\n"
		"    cidrs: [10.0.0.0/16]\n"
		"    network_acls:\n"
		"      - id: acl-a\n"
		"        ingress:\n"
		"          - { rule: 0, protocol: all, from: 0.0.0.0/0, action: allow }\n"
		"          - { rule: 32767, protocol: all, from: 0.0.0.0/0, action: allow }\n";
	struct diag_list d;
	load_bad(y, &d);
	ck_assert(!has_error(&d, "numbered 0"));
	ck_assert_uint_eq(d.errors, 2);
	diag_list_clear(&d);
	load_bad("", &d);
	ck_assert_uint_eq(d.len, 1);
	diag_list_clear(&d);
}
END_TEST

/* a VPC entry that is not a mapping has no id: messages must not print a NULL
 * through %s ("vpc '(null)': needs 'cidrs'" is undefined behaviour) */
START_TEST(regression_null_id_in_message)
{
	struct diag_list d;
	load_bad(HEAD "vpcs:\n  - [vpc-a]\n", &d);
	for (size_t i = 0; i < d.len; i++)
		ck_assert_msg(!strstr(d.items[i].message, "(null)"), "%s", d.items[i].message);
	diag_list_clear(&d);
}
END_TEST

/* missing-key location for a NACL rule too */
START_TEST(regression_missing_key_location_nacl_rule)
{
	const char *y =
		HEAD
		"vpcs:\n"
		"  - id: vpc-a\n"
		"    cidrs: [10.0.0.0/16]\n"
		"    network_acls:\n"
		"      - id: acl-a\n"
		"        egress:\n"
		"          - { rule: 400, protocol: all, to: 0.0.0.0/0 }\n";
	struct diag_list d;
	load_bad(y, &d);
	ERR_AT(&d, "missing required key 'action'", y, "{ rule: 400", NULL);
	diag_list_clear(&d);
}
END_TEST

/* the billion-laughs error should point at the alias being expanded, not into the
 * anchored node that was being replayed */
START_TEST(regression_billion_laughs_location)
{
	const char *y =
		HEAD
		"a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
		"b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
		"c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\n"
		"d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\n"
		"e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d, *d, *d, *d, *d, *d, *d]\n"
		"f: [*e, *e]\n";
	struct diag_list d;
	load_bad(y, &d);
	const struct diag *g = find_diag(&d, DIAG_ERROR, "billion-laughs");
	ck_assert_ptr_nonnull(g);
	/* 16^5 > 1e6: the budget runs out inside the e: line or later */
	ck_assert_uint_ge(g->line, at(y, "e: &e", NULL).line);
	diag_list_clear(&d);
}
END_TEST

/* ---- tags ---------------------------------------------------------------------------- */

/* tags: on every kind with a name; values are text as written; the Name tag names */
START_TEST(tags_loaded)
{
	const char *y =
		HEAD
		"vpcs:\n"
		"  - id: vpc-a\n"
		"    tags: { Name: prod, \"aws:cloudformation:stack-name\": net-stack }\n"
		"    cidrs: [10.0.0.0/16]\n"
		"    internet_gateways: [igw-a]\n"
		"    subnets:\n"
		"      - id: subnet-a\n"
		"        name: app-a\n"
		"        cidr: 10.0.1.0/24\n"
		"        tags: { Name: app-a, tier: app }\n"
		"    security_groups:\n"
		"      - { id: sg-a, tags: { team: payments } }\n"
		"    instances:\n"
		"      - id: i-1\n"
		"        subnet: subnet-a\n"
		"        private_ip: 10.0.1.10\n"
		"        tags:\n"
		"          team: payments\n"
		"          cost-center: 1234\n"
		"          on-call: true\n"
		"          version: 1.10\n"
		"          empty: \"\"\n"
		"          blank:\n"
		"      - { id: i-2, subnet: subnet-a, private_ip: 10.0.1.11 }\n";
	struct topology *t = load_ok(y);
	/* the Name tag supplies a missing name, and the name finds the object */
	struct topo_vpc *vpc = topo_find(t, TOPO_VPC, "prod", NULL);
	ck_assert_ptr_nonnull(vpc);
	ck_assert_str_eq(vpc->id, "vpc-a");
	ck_assert_uint_eq(vpc->tags.len, 2);
	ck_assert_str_eq(topo_tag_value(&vpc->tags, "aws:cloudformation:stack-name"), "net-stack");
	/* name and Name agreeing is fine */
	struct topo_subnet *sn = topo_find(t, TOPO_SUBNET, "subnet-a", NULL);
	ck_assert_str_eq(sn->name, "app-a");
	ck_assert_str_eq(topo_tag_value(&sn->tags, "tier"), "app");
	struct topo_security_group *sg = topo_find(t, TOPO_SECURITY_GROUP, "sg-a", NULL);
	ck_assert_str_eq(topo_tag_value(&sg->tags, "team"), "payments");
	/* numbers and booleans are the text written, as AWS tag values are strings */
	struct topo_instance *i1 = topo_find(t, TOPO_INSTANCE, "i-1", NULL);
	ck_assert_ptr_null(i1->name);
	ck_assert_uint_eq(i1->tags.len, 6);
	ck_assert_str_eq(i1->tags.items[0].key, "team");
	ck_assert_str_eq(i1->tags.items[1].key, "cost-center");
	ck_assert_str_eq(topo_tag_value(&i1->tags, "cost-center"), "1234");
	ck_assert_str_eq(topo_tag_value(&i1->tags, "on-call"), "true");
	ck_assert_str_eq(topo_tag_value(&i1->tags, "version"), "1.10");
	ck_assert_str_eq(topo_tag_value(&i1->tags, "empty"), "");
	ck_assert_str_eq(topo_tag_value(&i1->tags, "blank"), "");
	ck_assert_ptr_null(topo_tag_value(&i1->tags, "Team")); /* keys are case-sensitive */
	struct topo_instance *i2 = topo_find(t, TOPO_INSTANCE, "i-2", NULL);
	ck_assert_uint_eq(i2->tags.len, 0);
	ck_assert_ptr_null(i2->tags.items);
	topo_free(t);
}
END_TEST

/* every bad tag is reported, each at its place, with the file's other errors */
START_TEST(tags_errors_located)
{
	char long_key[160], long_value[300], wide_key[2 * 128 + 1];
	memset(long_key, 'k', 129);
	long_key[129] = '\0';
	memset(long_value, 'v', 257);
	long_value[257] = '\0';
	for (size_t i = 0; i < 128; i++) /* 128 two-byte characters: at the limit */
		memcpy(wide_key + 2 * i, "\xc3\xa9", 2);
	wide_key[256] = '\0';
	char y[4096];
	snprintf(y, sizeof(y),
		 HEAD
		 "vpcs:\n"
		 "  - id: vpc-a\n"
		 "    cidrs: [10.0.0.0/16]\n"
		 "    tags: [team, payments]\n"
		 "    subnets:\n"
		 "      - { id: subnet-a, cidr: 10.0.1.0/24, tags: { team: { name: x } } }\n"
		 "    instances:\n"
		 "      - id: i-1\n"
		 "        subnet: subnet-a\n"
		 "        private_ip: 10.0.1.10\n"
		 "        tags:\n"
		 "          \"\": empty-key\n"
		 "          team: payments\n"
		 "          team: billing\n"
		 "          %s: long-key\n"
		 "          long-value: %s\n"
		 "          %s: wide-key-ok\n"
		 "          [a]: list-key\n"
		 "      - id: i-2\n"
		 "        name: web-1\n"
		 "        tags: { Name: web-2 }\n"
		 "        subnet: subnet-a\n"
		 "        private_ip: 10.0.1.11\n"
		 "      - id: i-3\n"
		 "        tags: { Name: web-3 }\n"
		 "        name: web-4\n"
		 "        subnet: subnet-a\n"
		 "        private_ip: 10.0.1.12\n"
		 "      - { id: i-4, subnet: subnet-a, private_ip: 10.0.1.300 }\n",
		 long_key, long_value, wide_key);
	struct diag_list d;
	load_bad(y, &d);
	ERR_AT(&d, "'tags' must be a mapping of tag keys to values, not a list", y,
	       "tags: [team", "[team");
	ERR_AT(&d, "tags: the value of 'team' must be a string, not a mapping", y, "{ name: x }",
	       NULL);
	ERR_AT(&d, "tags: empty tag key (AWS tag keys are 1 to 128 characters)", y, "\"\": empty",
	       NULL);
	ERR_AT(&d, "duplicate tag key 'team' (first at line 15)", y, "team: billing", NULL);
	ERR_AT(&d, "tags: tag key longer than 128 characters", y, long_key, NULL);
	ERR_AT(&d, "tags: 'long-value': tag value longer than 256 characters", y,
	       "long-value: ", "vvv");
	ERR_AT(&d, "tags: keys must be strings", y, "[a]: list-key", NULL);
	ERR_AT(&d, "tags: Name 'web-2' differs from name 'web-1'", y, "{ Name: web-2 }", "web-2");
	ERR_AT(&d, "name 'web-4' differs from the tag Name 'web-3' at line 27", y, "name: web-4",
	       "web-4");
	/* and the file's other errors with them */
	ERR_AT(&d, "invalid IP address '10.0.1.300'", y, "10.0.1.300", NULL);
	ck_assert(!has_error(&d, "wide-key-ok"));
	ck_assert(!has_error(&d, "\xc3\xa9"));
	ck_assert_uint_eq(d.errors, 10);
	diag_list_clear(&d);
}
END_TEST


/* A Terraform import names each object by its address; the resource's own Name tag may
 * then differ from the name and stays a tag (review s6 M10), in either order.  A name
 * that is no Terraform address still has to agree with the Name tag. */
START_TEST(tf_address_name_and_name_tag)
{
	const char *y =
		HEAD
		"vpcs:\n"
		"  - id: vpc-a\n"
		"    cidrs: [10.0.0.0/16]\n"
		"    subnets:\n"
		"      - { id: subnet-tf0123456789ab, name: aws_subnet.app, cidr: 10.0.1.0/24, tags: { Name: app } }\n"
		"    instances:\n"
		"      - { id: i-1, name: \"module.k8s.aws_instance.node[0]\", tags: { Name: node, team: k8s }, subnet: subnet-tf0123456789ab, private_ip: 10.0.1.10 }\n"
		"      - { id: i-2, tags: { Name: web }, name: aws_instance.web, subnet: subnet-tf0123456789ab, private_ip: 10.0.1.11 }\n";
	struct topology *t = load_ok(y);
	ck_assert(t->name_tags_apart);
	struct topo_instance *i1 = topo_find(t, TOPO_INSTANCE, "module.k8s.aws_instance.node[0]", NULL);
	ck_assert_ptr_nonnull(i1);
	ck_assert_str_eq(i1->id, "i-1");
	ck_assert_str_eq(topo_tag_value(&i1->tags, "Name"), "node");
	struct topo_instance *i2 = topo_find(t, TOPO_INSTANCE, "aws_instance.web", NULL);
	ck_assert_ptr_nonnull(i2);
	ck_assert_str_eq(i2->name, "aws_instance.web");
	ck_assert_str_eq(topo_tag_value(&i2->tags, "Name"), "web");
	topo_free(t);
	/* the same Name tag and name: nothing apart */
	t = load_ok(HEAD "vpcs:\n  - { id: vpc-a, name: aws_vpc.a, cidrs: [10.0.0.0/16], tags: { Name: aws_vpc.a } }\n");
	ck_assert(!t->name_tags_apart);
	topo_free(t);
}
END_TEST

/* The names users know (display.c): which names are Terraform addresses, which ids an
 * importer made up, and how outputs show an object. */
START_TEST(display_names)
{
	static const char *const addresses[] = {
		"aws_instance.node1", "aws_instance.web[0]", "aws_instance.web[\"blue\"]",
		"module.vpc.aws_subnet.private[2]", "module.a[\"x\"].module.b.aws_route_table.rt",
		"data.aws_vpc.main", "module.vpc.data.aws_iam_policy_document.ep",
	};
	for (size_t i = 0; i < sizeof(addresses) / sizeof(addresses[0]); i++)
		ck_assert_msg(topo_name_is_tf_address(addresses[i]), "%s", addresses[i]);
	static const char *const not_addresses[] = {
		"node1", "app-1", "aws_instance", "aws_instance.", "google_compute_instance.x",
		"module.vpc", "aws_vpc.core (default security group)", "aws_instance.web[",
		"aws_instance.web[0]x", "com.amazonaws.us-east-1.s3", "", "aws_x.[0]",
	};
	for (size_t i = 0; i < sizeof(not_addresses) / sizeof(not_addresses[0]); i++)
		ck_assert_msg(!topo_name_is_tf_address(not_addresses[i]), "%s", not_addresses[i]);
	ck_assert(!topo_name_is_tf_address(NULL));

	ck_assert(topo_id_made_up("i-tf0d676a599f26"));
	ck_assert(topo_id_made_up("tgw-attach-tf0123abcd"));
	ck_assert(!topo_id_made_up("i-0d676a599f26"));
	ck_assert(!topo_id_made_up("rtb-tfz"));
	ck_assert(!topo_id_made_up("rtb-tf"));
	ck_assert(!topo_id_made_up("rtb-0priv"));
	ck_assert(!topo_id_made_up(NULL));

	struct arena *a = arena_new();
	/* made up: the address alone; AWS's id: the id */
	ck_assert_str_eq(topo_display("rtb-tf4c886a22ab11", "aws_route_table.priv", a),
			 "aws_route_table.priv");
	ck_assert_str_eq(topo_display("rtb-0priv", "aws_route_table.priv", a), "rtb-0priv");
	ck_assert_str_eq(topo_display("rtb-tf4c886a22ab11", NULL, a), "rtb-tf4c886a22ab11");
	ck_assert_str_eq(topo_display("rtb-0priv", "private", a), "rtb-0priv");
	ck_assert_str_eq(topo_display("rtb-0priv", NULL, a), "rtb-0priv");
	ck_assert_str_eq(topo_display("sg-tf0123456789ab", "aws_vpc.core (default security group)", a),
			 "aws_vpc.core (default security group)");
	ck_assert_ptr_null(topo_display(NULL, "x", a));
	arena_free(a);

	size_t len;
	const char *last = topo_tf_address_last("module.k8s.aws_instance.node[\"a.b\"]", &len);
	ck_assert_uint_eq(len, 4);
	ck_assert(!strncmp(last, "node", 4));
	ck_assert_str_eq(topo_tf_address_resource("module.k8s[0].aws_instance.node[1]"),
			 "aws_instance.node[1]");
	ck_assert_str_eq(topo_tf_address_resource("aws_instance.node"), "aws_instance.node");
}
END_TEST

/* ---- second release cycle: state, interfaces, VPN routing, TGW peering, missing data,
 * organizations (topology.md, last section) ------------------------------------------ */

#define NET_A                                                                             \
	"vpcs:\n"                                                                         \
	"  - id: vpc-a\n"                                                                 \
	"    cidrs: [10.0.0.0/16]\n"                                                      \
	"    ipv6_cidrs: [2600:1f18:1234:5600::/56]\n"                                    \
	"    subnets:\n"                                                                  \
	"      - { id: subnet-a, cidr: 10.0.1.0/24, ipv6_cidr: 2600:1f18:1234:5601::/64, az: us-east-1a }\n" \
	"      - { id: subnet-b, cidr: 10.0.2.0/24, az: us-east-1b }\n"                   \
	"    security_groups:\n"                                                          \
	"      - { id: sg-fn }\n"

START_TEST(instance_state_f6_6)
{
	const char *y = HEAD NET_A
		"    instances:\n"
		"      - { id: i-run, subnet: subnet-a, private_ip: 10.0.1.10 }\n"
		"      - { id: i-stop, subnet: subnet-a, private_ip: 10.0.1.11, state: stopped }\n"
		"      - { id: i-pend, subnet: subnet-a, private_ip: 10.0.1.12, state: pending }\n"
		"      - { id: i-down, subnet: subnet-a, private_ip: 10.0.1.13, state: shutting-down }\n"
		"      - { id: i-stopping, subnet: subnet-a, private_ip: 10.0.1.14, state: stopping }\n";
	struct topology *t = load_ok(y);
	const struct topo_instance *run = find(t, TOPO_INSTANCE, "i-run");
	const struct topo_instance *stop = find(t, TOPO_INSTANCE, "i-stop");
	ck_assert_int_eq(run->state, TOPO_INSTANCE_RUNNING);
	ck_assert(topo_instance_active(run));
	ck_assert_int_eq(stop->state, TOPO_INSTANCE_STOPPED);
	ck_assert(!topo_instance_active(stop));
	ck_assert(topo_instance_active(find(t, TOPO_INSTANCE, "i-pend")));
	ck_assert(!topo_instance_active(find(t, TOPO_INSTANCE, "i-down")));
	ck_assert(!topo_instance_active(find(t, TOPO_INSTANCE, "i-stopping")));
	ck_assert_str_eq(topo_instance_state_name(stop->state), "stopped");
	ck_assert_str_eq(topo_instance_state_name(TOPO_INSTANCE_SHUTTING_DOWN), "shutting-down");
	/* a stopped instance still owns its address (F6.6) */
	struct net_addr a;
	ck_assert(net_addr_parse("10.0.1.11", &a));
	const struct topo_addr_owner *o = topo_vpc_addr_owner(&t->vpcs[0], &a);
	ck_assert_ptr_nonnull(o);
	ck_assert_ptr_eq(o->obj, stop);
	topo_free(t);

	/* its address stays taken; a bad state is located */
	struct diag_list d;
	const char *bad = HEAD NET_A
		"    instances:\n"
		"      - { id: i-stop, subnet: subnet-a, private_ip: 10.0.1.11, state: stopped }\n"
		"      - { id: i-new, subnet: subnet-a, private_ip: 10.0.1.11 }\n"
		"      - { id: i-gone, subnet: subnet-a, private_ip: 10.0.1.12, state: terminated }\n";
	load_bad(bad, &d);
	ERR_AT(&d, "'i-new' and 'i-stop' both have address 10.0.1.11", bad, "{ id: i-new", NULL);
	ERR_AT(&d, "'state': 'terminated' is not one of running, pending, stopping, stopped, "
	       "shutting-down", bad, "state: terminated", "terminated");
	diag_list_clear(&d);
}
END_TEST

START_TEST(interfaces_f6_5)
{
	const char *y = HEAD NET_A
		"    nat_gateways:\n"
		"      - { id: nat-1, subnet: subnet-b, connectivity: private, private_ip: 10.0.2.9 }\n"
		"    endpoints:\n"
		"      - { id: vpce-sqs, type: interface, service: com.amazonaws.us-east-1.sqs, subnets: [subnet-b], ips: { subnet-b: 10.0.2.20 } }\n"
		"    instances:\n"
		"      - { id: i-1, name: app, subnet: subnet-a, private_ip: 10.0.1.10, state: stopped }\n"
		"    interfaces:\n"
		"      - id: eni-0lambda1\n"
		"        name: orders-fn\n"
		"        kind: lambda\n"
		"        subnet: subnet-a\n"
		"        private_ips: [10.0.1.50, 10.0.1.51]\n"
		"        ipv6_ips: [\"2600:1f18:1234:5601::50\"]\n"
		"        security_groups: [sg-fn]\n"
		"        role: arn:aws:iam::111122223333:role/orders-fn\n"
		"        tags: { team: payments }\n"
		"      - { id: eni-0rds, kind: rds, subnet: subnet-b, private_ips: [10.0.2.30], security_groups: [] }\n"
		"      - { id: eni-0second, subnet: subnet-a, private_ips: [10.0.1.60], security_groups: [sg-fn], instance: app }\n"
		"    route_tables:\n"
		"      - { id: rtb-1, main: true, routes: [ { destination: 0.0.0.0/0, target: eni-0second } ] }\n";
	struct topology *t = load_ok(y);
	struct topo_vpc *vpc = &t->vpcs[0];
	ck_assert_uint_eq(vpc->ninterfaces, 3);
	struct topo_interface *fn = topo_find_interface(t, "eni-0lambda1", NULL);
	ck_assert_ptr_nonnull(fn);
	ck_assert_ptr_eq(topo_find_interface(t, "orders-fn", NULL), fn);
	ck_assert_int_eq(fn->kind, TOPO_IF_LAMBDA);
	ck_assert_str_eq(topo_interface_kind_name(fn->kind), "lambda");
	ck_assert_ptr_eq(fn->vpc, vpc);
	ck_assert_str_eq(fn->subnet->id, "subnet-a");
	ck_assert_uint_eq(fn->nprivate_ips, 2);
	ck_assert_uint_eq(fn->nipv6, 1);
	ck_assert_uint_eq(fn->security_groups.len, 1);
	ck_assert_str_eq(((struct topo_security_group *)fn->security_groups.items[0].ptr)->id, "sg-fn");
	ck_assert_str_eq(fn->role, "arn:aws:iam::111122223333:role/orders-fn");
	ck_assert_str_eq(topo_tag_value(&fn->tags, "team"), "payments");
	struct topo_interface *rds = find(t, TOPO_INTERFACE, "eni-0rds");
	ck_assert_int_eq(rds->kind, TOPO_IF_RDS);
	ck_assert_uint_eq(rds->security_groups.len, 0);
	struct topo_interface *second = find(t, TOPO_INTERFACE, "eni-0second");
	ck_assert_int_eq(second->kind, TOPO_IF_OTHER);
	ck_assert_ptr_eq(second->instance, find(t, TOPO_INSTANCE, "i-1"));
	/* a declared interface as a route target keeps its object */
	const struct topo_route *r = route_to(vpc->main_route_table, "0.0.0.0/0");
	ck_assert_int_eq(r->target.kind, TOPO_ENI);
	ck_assert_ptr_eq(r->target.ptr, second);

	/* who owns each address: instance, interface (any address), endpoint ENI, NAT */
	static const struct { const char *addr; enum topo_kind kind; const char *id; } owners[] = {
		{ "10.0.1.10", TOPO_INSTANCE, "i-1" },
		{ "10.0.1.51", TOPO_INTERFACE, "eni-0lambda1" },
		{ "2600:1f18:1234:5601::50", TOPO_INTERFACE, "eni-0lambda1" },
		{ "10.0.2.30", TOPO_INTERFACE, "eni-0rds" },
		{ "10.0.2.20", TOPO_ENDPOINT, "vpce-sqs" },
		{ "10.0.2.9", TOPO_NAT_GATEWAY, "nat-1" },
	};
	for (size_t i = 0; i < sizeof(owners) / sizeof(owners[0]); i++) {
		struct net_addr a;
		ck_assert(net_addr_parse(owners[i].addr, &a));
		const struct topo_addr_owner *o = topo_vpc_addr_owner(vpc, &a);
		ck_assert_msg(o != NULL, "%s has an owner", owners[i].addr);
		ck_assert_int_eq(o->kind, owners[i].kind);
		ck_assert_str_eq(o->id, owners[i].id);
		ck_assert_ptr_nonnull(o->subnet);
		bool amb = true;
		ck_assert_ptr_eq(topo_addr_owner(t, &a, &amb), o);
		ck_assert(!amb);
	}
	struct net_addr none;
	ck_assert(net_addr_parse("10.0.1.99", &none));
	ck_assert_ptr_null(topo_vpc_addr_owner(vpc, &none));
	ck_assert(net_addr_parse("8.8.8.8", &none));
	ck_assert_ptr_null(topo_addr_owner(t, &none, NULL));
	topo_free(t);
}
END_TEST

START_TEST(interface_errors_located)
{
	struct diag_list d;
	const char *y = HEAD NET_A
		"    instances:\n"
		"      - { id: i-1, subnet: subnet-a, private_ip: 10.0.1.10 }\n"
		"    interfaces:\n"
		"      - { id: eni-out, subnet: subnet-a, private_ips: [10.0.2.5], security_groups: [] }\n"
		"      - { id: eni-net, subnet: subnet-a, private_ips: [10.0.1.0], security_groups: [] }\n"
		"      - { id: eni-router, subnet: subnet-a, private_ips: [10.0.1.1], security_groups: [] }\n"
		"      - { id: eni-dns, subnet: subnet-a, private_ips: [10.0.1.2], security_groups: [] }\n"
		"      - { id: eni-future, subnet: subnet-a, private_ips: [10.0.1.3], security_groups: [] }\n"
		"      - { id: eni-bcast, subnet: subnet-a, private_ips: [10.0.1.255], security_groups: [] }\n"
		"      - { id: eni-v6, subnet: subnet-a, private_ips: [10.0.1.40], ipv6_ips: [\"2600:1f18:1234:5601::1\"], security_groups: [] }\n"
		"      - { id: eni-dup, subnet: subnet-a, private_ips: [10.0.1.10], security_groups: [] }\n"
		"      - { id: eni-nosg, subnet: subnet-a, private_ips: [10.0.1.41] }\n"
		"      - { id: eni-kind, kind: lambada, subnet: subnet-a, private_ips: [10.0.1.42], security_groups: [] }\n"
		"      - { id: lambda-1, subnet: subnet-a, private_ips: [10.0.1.43], security_groups: [] }\n"
		"      - { id: eni-az, subnet: subnet-b, private_ips: [10.0.2.44], security_groups: [], instance: i-1 }\n"
		"      - { id: eni-sg, subnet: subnet-a, private_ips: [10.0.1.45], security_groups: [sg-nope] }\n"
		"      - { id: eni-noip, subnet: subnet-a, private_ips: [], security_groups: [] }\n";
	load_bad(y, &d);
	ERR_AT(&d, "network interface 'eni-out': address 10.0.2.5 is not in subnet 'subnet-a'", y,
	       "{ id: eni-out", NULL);
	ERR_AT(&d, "network interface 'eni-net': address 10.0.1.0 is the subnet's network address",
	       y, "{ id: eni-net", NULL);
	ERR_AT(&d, "address 10.0.1.1 is reserved by AWS for the VPC router", y, "{ id: eni-router",
	       NULL);
	ERR_AT(&d, "address 10.0.1.2 is reserved by AWS for the DNS server", y, "{ id: eni-dns", NULL);
	ERR_AT(&d, "address 10.0.1.3 is reserved by AWS for future use", y, "{ id: eni-future", NULL);
	ERR_AT(&d, "address 10.0.1.255 is the subnet's last address", y, "{ id: eni-bcast", NULL);
	ERR_AT(&d, "IPv6 address 2600:1f18:1234:5601::1 is reserved by AWS for the VPC router", y,
	       "{ id: eni-v6", NULL);
	ERR_AT(&d, "'eni-dup' and 'i-1' both have address 10.0.1.10", y, "{ id: eni-dup", NULL);
	ERR_AT(&d, "network interface: missing required key 'security_groups'", y, "{ id: eni-nosg",
	       NULL);
	ERR_AT(&d, "'kind': 'lambada' is not one of lambda, rds, efs, elb, ecs, eks, other", y,
	       "kind: lambada", "lambada");
	ERR_AT(&d, "network interface 'lambda-1': an interface id starts with 'eni-'", y,
	       "{ id: lambda-1", NULL);
	ERR_AT(&d, "network interface 'eni-az' is in us-east-1b but instance 'i-1' is in us-east-1a",
	       y, "{ id: eni-az", "i-1 }");
	ERR_AT(&d, "interface security_groups: unknown security group 'sg-nope'", y, "sg-nope", NULL);
	ERR_AT(&d, "network interface 'eni-noip': 'private_ips' needs at least one address", y,
	       "{ id: eni-noip", NULL);
	diag_list_clear(&d);

	/* interface ids share the id namespace; names are unique per kind like instances' */
	const char *dup = HEAD NET_A
		"    instances:\n"
		"      - { id: eni-x, subnet: subnet-a, private_ip: 10.0.1.10 }\n"
		"    interfaces:\n"
		"      - { id: eni-x, subnet: subnet-a, private_ips: [10.0.1.11], security_groups: [] }\n";
	load_bad(dup, &d);
	ERR_AT(&d, "duplicate id 'eni-x'", dup, "{ id: eni-x, subnet: subnet-a, private_ips", NULL);
	diag_list_clear(&d);
}
END_TEST

START_TEST(endpoint_ips_one_per_subnet)
{
	struct diag_list d;
	const char *y = HEAD
		"vpcs:\n"
		"  - id: vpc-a\n"
		"    cidrs: [10.0.0.0/16]\n"
		"    subnets: [ { id: subnet-a, name: app, cidr: 10.0.1.0/24, az: us-east-1a } ]\n"
		"    endpoints:\n"
		"      - { id: vpce-1, type: interface, service: com.amazonaws.us-east-1.sqs, subnets: [subnet-a], ips: { subnet-a: 10.0.1.9, app: 10.0.1.10 } }\n";
	load_bad(y, &d);
	ERR_AT(&d, "endpoint 'vpce-1': ips gives subnet 'subnet-a' two addresses", y, "app: 10.0.1.10",
	       NULL);
	diag_list_clear(&d);
}
END_TEST

START_TEST(reserved_addresses_everywhere)
{
	/* instance, NAT and endpoint addresses: the five AWS keeps are refused */
	struct diag_list d;
	const char *y = HEAD NET_A
		"    nat_gateways:\n"
		"      - { id: nat-1, subnet: subnet-b, connectivity: private, private_ip: 10.0.2.255 }\n"
		"    endpoints:\n"
		"      - { id: vpce-1, type: interface, service: com.amazonaws.us-east-1.sqs, subnets: [subnet-b], ips: { subnet-b: 10.0.2.3 } }\n"
		"    instances:\n"
		"      - { id: i-1, subnet: subnet-a, private_ip: 10.0.1.1 }\n";
	load_bad(y, &d);
	ERR_AT(&d, "instance 'i-1': private_ip 10.0.1.1 is reserved by AWS for the VPC router", y,
	       "{ id: i-1", NULL);
	ERR_AT(&d, "NAT gateway 'nat-1': private_ip 10.0.2.255 is the subnet's last address", y,
	       "{ id: nat-1", NULL);
	ERR_AT(&d, "endpoint 'vpce-1': address 10.0.2.3 is reserved by AWS for future use", y,
	       "subnet-b: 10.0.2.3", NULL);
	diag_list_clear(&d);
}
END_TEST

START_TEST(vpn_static_routes_only_f1_13)
{
	const char *y = HEAD
		"vpcs:\n"
		"  - { id: vpc-a, cidrs: [10.0.0.0/16], vpn_gateway: vgw-a }\n"
		"vpn_connections:\n"
		"  - { id: vpn-static, gateway: vgw-a, static_routes_only: true, static_routes: [192.168.0.0/16] }\n"
		"  - { id: vpn-bgp, gateway: vgw-a, static_routes_only: false }\n"
		"  - { id: vpn-unsaid, gateway: vgw-a }\n";
	struct topology *t = load_ok(y);
	const struct topo_vpn_connection *s = find(t, TOPO_VPN_CONNECTION, "vpn-static");
	const struct topo_vpn_connection *b = find(t, TOPO_VPN_CONNECTION, "vpn-bgp");
	const struct topo_vpn_connection *u = find(t, TOPO_VPN_CONNECTION, "vpn-unsaid");
	ck_assert(s->static_routes_only && s->static_routes_only_given);
	ck_assert_uint_eq(s->static_routes.len, 1);
	ck_assert(!b->static_routes_only && b->static_routes_only_given);
	ck_assert(!u->static_routes_only_given);
	topo_free(t);
	struct diag_list d;
	const char *bad = HEAD
		"vpcs:\n"
		"  - { id: vpc-a, cidrs: [10.0.0.0/16], vpn_gateway: vgw-a }\n"
		"vpn_connections:\n"
		"  - { id: vpn-1, gateway: vgw-a, static_routes_only: maybe }\n";
	load_bad(bad, &d);
	ERR_AT(&d, "'static_routes_only' must be true or false", bad, "maybe", NULL);
	diag_list_clear(&d);
}
END_TEST

#define TWO_TGWS                                                                          \
	"vpcs:\n"                                                                         \
	"  - { id: vpc-a, cidrs: [10.0.0.0/16], subnets: [ { id: subnet-a, cidr: 10.0.1.0/24, az: us-east-1a } ] }\n" \
	"transit_gateways:\n"                                                             \
	"  - id: tgw-1\n"                                                                 \
	"    attachments:\n"                                                              \
	"      - { id: tgw-attach-a, vpc: vpc-a, subnets: [subnet-a] }\n"                 \
	"      - { id: tgw-attach-peer, peer_transit_gateway: tgw-2, peer_region: us-west-2 }\n" \
	"    route_tables:\n"                                                             \
	"      - id: tgw-rtb-1\n"                                                         \
	"        associations: [tgw-attach-a, tgw-attach-peer]\n"                         \
	"        routes:\n"                                                               \
	"          - { destination: 10.9.0.0/16, attachment: tgw-attach-peer }\n"         \
	"  - id: tgw-2\n"                                                                 \
	"    region: us-west-2\n"                                                         \
	"    attachments:\n"                                                              \
	"      - { id: tgw-attach-peer, peer_transit_gateway: tgw-1, peer_region: us-east-1 }\n" \
	"    route_tables:\n"                                                             \
	"      - id: tgw-rtb-2\n"                                                         \
	"        associations: [tgw-attach-peer]\n"                                       \
	"        routes:\n"                                                               \
	"          - { destination: 10.0.0.0/16, attachment: tgw-attach-peer }\n"         \
	"          - { destination: 10.8.0.0/16, state: blackhole }\n"

START_TEST(tgw_peering_both_sides_f1_14)
{
	const char *y = HEAD TWO_TGWS;
	struct topology *t = load_ok(y);
	struct topo_transit_gateway *g1 = find(t, TOPO_TRANSIT_GATEWAY, "tgw-1");
	struct topo_transit_gateway *g2 = find(t, TOPO_TRANSIT_GATEWAY, "tgw-2");
	struct topo_tgw_attachment *p1 = &g1->attachments[1], *p2 = &g2->attachments[0];
	ck_assert_ptr_eq(p1->tgw, g1);
	ck_assert_ptr_eq(p2->tgw, g2);
	ck_assert_ptr_eq(p1->peer_side, p2);
	ck_assert_ptr_eq(p2->peer_side, p1);
	ck_assert_ptr_eq(p1->peer_tgw.ptr, g2);
	ck_assert_ptr_eq(p2->peer_tgw.ptr, g1);
	ck_assert_ptr_null(g1->attachments[0].peer_side);
	/* each side's route table resolves the id to its own side */
	ck_assert_ptr_eq(g1->route_tables[0].associations.items[1].ptr, p1);
	ck_assert_ptr_eq(g1->route_tables[0].routes[0].attachment.ptr, p1);
	ck_assert_ptr_eq(g2->route_tables[0].associations.items[0].ptr, p2);
	ck_assert_ptr_eq(g2->route_tables[0].routes[0].attachment.ptr, p2);
	ck_assert_int_eq(g2->route_tables[0].routes[0].origin, TOPO_ORIGIN_STATIC);
	/* a blackhole without an attachment */
	ck_assert(g2->route_tables[0].routes[1].blackhole);
	ck_assert_ptr_null(g2->route_tables[0].routes[1].attachment.text);
	topo_free(t);
}
END_TEST

START_TEST(tgw_peering_one_side_declared_f1_14)
{
	/* the peer gateway is in the topology but declares no side: the loader makes it,
	 * so the peer's route table can associate the attachment */
	const char *y = HEAD
		"vpcs: []\n"
		"transit_gateways:\n"
		"  - id: tgw-1\n"
		"    attachments:\n"
		"      - { id: tgw-attach-peer, peer_transit_gateway: tgw-2, peer_region: us-west-2 }\n"
		"  - id: tgw-2\n"
		"    region: us-west-2\n"
		"    route_tables:\n"
		"      - { id: tgw-rtb-2, associations: [tgw-attach-peer] }\n";
	struct topology *t = load_ok(y);
	struct topo_transit_gateway *g1 = find(t, TOPO_TRANSIT_GATEWAY, "tgw-1");
	struct topo_transit_gateway *g2 = find(t, TOPO_TRANSIT_GATEWAY, "tgw-2");
	ck_assert_uint_eq(g2->nattachments, 1);
	struct topo_tgw_attachment *made = &g2->attachments[0];
	ck_assert(made->implicit && !g1->attachments[0].implicit);
	ck_assert_str_eq(made->id, "tgw-attach-peer");
	ck_assert_ptr_eq(made->tgw, g2);
	ck_assert_ptr_eq(made->peer_tgw.ptr, g1);
	ck_assert_str_eq(made->peer_region, "us-east-1");
	ck_assert_ptr_eq(made->peer_side, &g1->attachments[0]);
	ck_assert_ptr_eq(g1->attachments[0].peer_side, made);
	ck_assert_ptr_eq(g2->route_tables[0].associations.items[0].ptr, made);
	topo_free(t);
}
END_TEST

START_TEST(tgw_peering_errors)
{
	struct diag_list d;
	/* the same id on both gateways, but not a peering attachment naming the other */
	const char *y = HEAD
		"vpcs:\n"
		"  - { id: vpc-a, cidrs: [10.0.0.0/16] }\n"
		"transit_gateways:\n"
		"  - id: tgw-1\n"
		"    attachments:\n"
		"      - { id: tgw-attach-x, vpc: vpc-a }\n"
		"      - { id: tgw-attach-p, peer_transit_gateway: tgw-9 }\n"
		"  - id: tgw-2\n"
		"    attachments:\n"
		"      - { id: tgw-attach-x, vpc: vpc-a }\n"
		"      - { id: tgw-attach-p, peer_transit_gateway: tgw-1 }\n"
		"    route_tables:\n"
		"      - id: tgw-rtb-2\n"
		"        associations: [tgw-attach-x]\n";
	load_bad(y, &d);
	ERR_AT(&d, "duplicate id 'tgw-attach-x' (first defined at line 8 as a transit gateway "
	       "attachment); only a peering attachment appears twice", y,
	       "  - id: tgw-2\n    attachments:\n      - { id: tgw-attach-x", "{ id: tgw-attach-x");
	ERR_AT(&d, "duplicate id 'tgw-attach-p'", y,
	       "  - id: tgw-2\n    attachments:\n      - { id: tgw-attach-x, vpc: vpc-a }\n      - { id: tgw-attach-p",
	       "{ id: tgw-attach-p");
	diag_list_clear(&d);

	/* routes over a peering attachment are static; associations are the gateway's own */
	const char *z = HEAD
		"vpcs:\n"
		"  - { id: vpc-a, cidrs: [10.0.0.0/16] }\n"
		"transit_gateways:\n"
		"  - id: tgw-1\n"
		"    attachments:\n"
		"      - { id: tgw-attach-a, vpc: vpc-a }\n"
		"      - { id: tgw-attach-peer, peer_transit_gateway: tgw-2 }\n"
		"    route_tables:\n"
		"      - id: tgw-rtb-1\n"
		"        propagations: [tgw-attach-peer]\n"
		"        routes:\n"
		"          - { destination: 10.9.0.0/16, attachment: tgw-attach-peer, type: propagated }\n"
		"  - id: tgw-2\n"
		"    region: us-west-2\n"
		"    attachments:\n"
		"      - { id: tgw-attach-peer, peer_transit_gateway: tgw-1, peer_region: eu-west-1 }\n"
		"    route_tables:\n"
		"      - { id: tgw-rtb-2, associations: [tgw-attach-a] }\n";
	load_bad(z, &d);
	ERR_AT(&d, "propagations: 'tgw-attach-peer' is a peering attachment; routes over a peering "
	       "attachment are static only (F1.14)", z, "propagations: [tgw-attach-peer", "tgw-attach-peer");
	ERR_AT(&d, "transit gateway route over peering attachment 'tgw-attach-peer' is propagated", z,
	       "{ destination: 10.9.0.0/16", NULL);
	ERR_AT(&d, "associations: attachment 'tgw-attach-a' belongs to transit gateway 'tgw-1', not "
	       "to 'tgw-2'", z, "associations: [tgw-attach-a]", "tgw-attach-a");
	ERR_AT(&d, "attachment 'tgw-attach-peer': peer_region is eu-west-1 but transit gateway "
	       "'tgw-1' is in us-east-1", z, "{ id: tgw-attach-peer, peer_transit_gateway: tgw-1", NULL);
	diag_list_clear(&d);
}
END_TEST

START_TEST(prefix_list_ids_are_per_region_f2_15)
{
	/* pl-78a54011 is DynamoDB's list in ap-northeast-1 and S3's in ap-northeast-2:
	 * a snapshot's S3 list of ap-northeast-2 does not stand for DynamoDB's in
	 * ap-northeast-1, which stays (with a synthetic id), and a warning says so */
	const char *y = "version: 1\n"
		"region: ap-northeast-1\n"
		"prefix_lists:\n"
		"  - { id: pl-78a54011, name: com.amazonaws.ap-northeast-2.s3, cidrs: [52.219.0.0/20] }\n"
		"vpcs:\n"
		"  - id: vpc-a\n"
		"    cidrs: [10.0.0.0/16]\n"
		"    route_tables: [ { id: rtb-1 } ]\n"
		"    endpoints:\n"
		"      - { id: vpce-ddb, type: gateway, service: dynamodb, route_tables: [rtb-1] }\n"
		"  - { id: vpc-b, region: ap-northeast-2, cidrs: [10.1.0.0/16] }\n";
	struct topology *t = load_ok(y);
	WARN_AT(&t->warnings, "prefix list 'pl-78a54011' (com.amazonaws.ap-northeast-2.s3) has the "
		"id of com.amazonaws.ap-northeast-1.dynamodb in ap-northeast-1; prefix-list ids are "
		"per Region (F2.15)", y, "{ id: pl-78a54011", NULL);
	const struct topo_prefix_list *ddb =
		topo_service_prefix_list(t, TOPO_SVC_DYNAMODB, "ap-northeast-1", NET_V4);
	ck_assert_ptr_nonnull(ddb);
	ck_assert(ddb->builtin);
	ck_assert_str_ne(ddb->id, "pl-78a54011");
	const struct topo_prefix_list *s3 =
		topo_service_prefix_list(t, TOPO_SVC_S3, "ap-northeast-2", NET_V4);
	ck_assert_ptr_nonnull(s3);
	ck_assert_str_eq(s3->id, "pl-78a54011");
	ck_assert(!s3->builtin);
	topo_free(t);
}
END_TEST

START_TEST(missing_data_f9_7)
{
	const char *y = HEAD
		"vpcs:\n"
		"  - id: vpc-a\n"
		"    cidrs: [10.0.0.0/16]\n"
		"    subnets:\n"
		"      - { id: subnet-a, cidr: 10.0.1.0/24, az: us-east-1a, route_table: rtb-gone }\n"
		"    route_tables:\n"
		"      - id: rtb-1\n"
		"        routes:\n"
		"          - { destination: 0.0.0.0/0, target: nat-0abc }\n"
		"          - { destination: 172.16.0.0/12, target: pcx-0abc }\n"
		"          - { destination: pl-0abc, target: igw-0abc }\n"
		"          - { destination: 10.7.0.0/16, target: vpce-0abc }\n"
		"    instances:\n"
		"      - { id: i-1, subnet: subnet-a, private_ip: 10.0.1.10, security_groups: [sg-0564, sg-0565] }\n"
		"missing:\n"
		"  - { kind: endpoints, vpc: vpc-a }\n"
		"  - { kind: route_tables, vpc: vpc-a }\n"
		"  - { kind: nat_gateways }\n"
		"  - { kind: peerings }\n"
		"  - { kind: internet_gateways, vpc: vpc-a }\n"
		"  - { kind: prefix_list, id: pl-0abc }\n"
		"  - { kind: security_group, id: sg-0564 }\n"
		"  - { kind: security_groups, vpc: vpc-a, id: sg-0565 }\n"
		"  - { kind: tgw_routes, id: tgw-rtb-9 }\n";
	struct topology *t = load_ok(y);
	ck_assert_uint_eq(t->nmissing, 9);
	const struct topo_subnet *s = find(t, TOPO_SUBNET, "subnet-a");
	ck_assert(s->route_table_ref.missing);
	ck_assert_ptr_null(s->route_table_ref.ptr);
	/* not the main table: that would be a guess */
	ck_assert_ptr_null(s->route_table);
	ck_assert_ptr_nonnull(s->network_acl);
	ck_assert_int_eq(s->route_table_ref.kind, TOPO_ROUTE_TABLE);
	const struct topo_route_table *rt = find(t, TOPO_ROUTE_TABLE, "rtb-1");
	const struct topo_route *r = route_to(rt, "0.0.0.0/0");
	ck_assert(r->target.missing && !r->blackhole);
	ck_assert_int_eq(r->target.kind, TOPO_NAT_GATEWAY);
	ck_assert_ptr_null(r->target.ptr);
	r = route_to(rt, "172.16.0.0/12");
	ck_assert(r->target.missing);
	ck_assert_int_eq(r->target.kind, TOPO_PEERING);
	r = route_to(rt, "pl-0abc");
	ck_assert(r->dest_pl.missing && r->target.missing);
	ck_assert_int_eq(r->target.kind, TOPO_INTERNET_GATEWAY);
	/* a missing endpoint as a target (the loader once dereferenced it) */
	r = route_to(rt, "10.7.0.0/16");
	ck_assert(r->target.missing);
	ck_assert_int_eq(r->target.kind, TOPO_ENDPOINT);
	const struct topo_instance *in = find(t, TOPO_INSTANCE, "i-1");
	ck_assert(in->security_groups.items[0].missing && in->security_groups.items[1].missing);

	/* what the tracer names, and the command that supplies it */
	const struct topo_missing *m = topo_missing_of(t, TOPO_SECURITY_GROUP, "vpc-a", "sg-0564");
	ck_assert_ptr_nonnull(m);
	ck_assert_str_eq(m->what, "security group sg-0564");
	ck_assert_str_eq(m->command, "aws ec2 describe-security-groups --group-ids sg-0564");
	ck_assert_ptr_null(topo_missing_of(t, TOPO_SECURITY_GROUP, "vpc-a", "sg-other"));
	m = topo_missing_find(t, TOPO_MISSING_ROUTE_TABLES, "vpc-a", NULL);
	ck_assert_ptr_nonnull(m);
	ck_assert_str_eq(m->what, "the route tables of vpc-a");
	ck_assert_str_eq(m->command, "aws ec2 describe-route-tables");
	ck_assert_ptr_null(topo_missing_find(t, TOPO_MISSING_ROUTE_TABLES, "vpc-b", NULL));
	m = topo_missing_find(t, TOPO_MISSING_NAT_GATEWAYS, "vpc-z", "nat-1");
	ck_assert_ptr_nonnull(m);
	ck_assert_str_eq(m->what, "the NAT gateways");
	m = topo_missing_find(t, TOPO_MISSING_TGW_ROUTES, NULL, "tgw-rtb-9");
	ck_assert_ptr_nonnull(m);
	ck_assert_str_eq(m->command, "aws ec2 search-transit-gateway-routes "
			 "--transit-gateway-route-table-id tgw-rtb-9");
	ck_assert_ptr_null(topo_missing_find(t, TOPO_MISSING_TGW_ROUTES, NULL, "tgw-rtb-1"));
	ck_assert_ptr_null(topo_missing_find(t, TOPO_MISSING_SUBNETS, NULL, NULL));
	ck_assert_str_eq(topo_missing_kind_name(TOPO_MISSING_NETWORK_INTERFACES), "network_interfaces");
	ck_assert_str_eq(topo_missing_command(TOPO_MISSING_INTERNET_GATEWAYS),
			 "aws ec2 describe-internet-gateways");
	topo_free(t);
}
END_TEST

START_TEST(missing_data_errors)
{
	struct diag_list d;
	/* what is neither declared nor missing stays an error; entries are checked */
	const char *y = HEAD
		"vpcs:\n"
		"  - id: vpc-a\n"
		"    cidrs: [10.0.0.0/16]\n"
		"    subnets:\n"
		"      - { id: subnet-a, cidr: 10.0.1.0/24, az: us-east-1a }\n"
		"    security_groups: [ { id: sg-here } ]\n"
		"    route_tables:\n"
		"      - { id: rtb-1, routes: [ { destination: 0.0.0.0/0, target: igw-0abc } ] }\n"
		"    instances:\n"
		"      - { id: i-1, subnet: subnet-a, private_ip: 10.0.1.10, security_groups: [sg-0566] }\n"
		"missing:\n"
		"  - { kind: security_group, id: sg-0564 }\n"
		"  - { kind: internet_gateways, vpc: vpc-b }\n"
		"  - { kind: security_group }\n"
		"  - { kind: route_table }\n"
		"  - { kind: frobnicators }\n"
		"  - { kind: security_group, id: sg-0564 }\n"
		"  - { kind: security_group, id: sg-here }\n";
	load_bad(y, &d);
	ERR_AT(&d, "instance security_groups: unknown security group 'sg-0566'", y, "sg-0566", NULL);
	ERR_AT(&d, "route target 'igw-0abc' is not defined", y, "igw-0abc", NULL);
	ERR_AT(&d, "missing: unknown vpc 'vpc-b'", y, "{ kind: internet_gateways, vpc: vpc-b", NULL);
	ERR_AT(&d, "missing: kind security_group names one object; it needs 'id'", y,
	       "{ kind: security_group }", NULL);
	ERR_AT(&d, "missing: unknown kind 'route_table' (did you mean 'route_tables'?)", y,
	       "kind: route_table }", "route_table }");
	ERR_AT(&d, "missing: unknown kind 'frobnicators'", y, "frobnicators", NULL);
	ERR_AT(&d, "missing: security group sg-0564 is listed twice (line 14)", y,
	       "  - { kind: security_group, id: sg-0564 }\n  - { kind: security_group, id: sg-here",
	       "{");
	WARN_AT(&d, "missing: security group 'sg-here' is declared in the topology", y,
		"{ kind: security_group, id: sg-here", NULL);
	diag_list_clear(&d);
}
END_TEST

START_TEST(organizations_and_tags_f7_9)
{
	const char *y = HEAD
		"account: \"111122223333\"\n"
		"organization: o-a1b2c3d4e5\n"
		"accounts:\n"
		"  - { id: \"444455556666\", organization: o-a1b2c3d4e5 }\n"
		"  - { id: \"777788889999\" }\n"
		"vpcs: []\n"
		"iam:\n"
		"  roles:\n"
		"    - { arn: \"arn:aws:iam::111122223333:role/app\", tags: { team: payments, Name: app } }\n"
		"s3:\n"
		"  - { bucket: data-bkt, tags: { Name: other-name, env: prod } }\n"
		"dynamodb:\n"
		"  - { table: orders, tags: { env: prod } }\n";
	struct topology *t = load_ok(y);
	ck_assert_str_eq(t->organization, "o-a1b2c3d4e5");
	ck_assert_uint_eq(t->naccounts, 2);
	ck_assert_str_eq(topo_account_organization(t, "111122223333"), "o-a1b2c3d4e5");
	ck_assert_str_eq(topo_account_organization(t, "444455556666"), "o-a1b2c3d4e5");
	ck_assert_ptr_null(topo_account_organization(t, "777788889999"));
	ck_assert_ptr_null(topo_account_organization(t, "000000000000"));
	const struct topo_role *role = topo_find_role(t, "app");
	ck_assert_str_eq(topo_tag_value(&role->tags, "team"), "payments");
	const struct topo_bucket *b = topo_find_bucket(t, "data-bkt");
	/* a bucket's Name tag is only a tag: its name stays the bucket's */
	ck_assert_str_eq(b->name, "data-bkt");
	ck_assert_str_eq(topo_tag_value(&b->tags, "Name"), "other-name");
	ck_assert_str_eq(topo_tag_value(&topo_find_table(t, "orders")->tags, "env"), "prod");
	topo_free(t);

	struct diag_list d;
	const char *bad = HEAD
		"account: \"111122223333\"\n"
		"organization: o-short\n"
		"accounts:\n"
		"  - { id: \"4444\", organization: o-a1b2c3d4e5 }\n"
		"  - { id: \"555566667777\", organization: O-UPPERCASE99 }\n"
		"  - { id: \"555566667777\" }\n"
		"vpcs: []\n";
	load_bad(bad, &d);
	ERR_AT(&d, "'organization': 'o-short' is not an AWS Organizations id", bad, "o-short", NULL);
	ERR_AT(&d, "'id': '4444' is not a 12-digit AWS account id", bad, "\"4444\"", NULL);
	ERR_AT(&d, "'organization': 'O-UPPERCASE99' is not an AWS Organizations id", bad,
	       "O-UPPERCASE99", NULL);
	ERR_AT(&d, "accounts: account 555566667777 is listed twice", bad,
	       "{ id: \"555566667777\" }", NULL);
	diag_list_clear(&d);
}
END_TEST

START_TEST(long_reference_list_is_linear)
{
	/* issue 15 item 1: one instance listing one group 20,000 times: one error per
	 * repeated entry (capped), not one per pair, and fast */
	size_t n = 20000;
	size_t cap = 1024 + n * 8;
	char *y = malloc(cap);
	ck_assert_ptr_nonnull(y);
	int off = snprintf(y, cap, HEAD NET_A "    instances:\n"
			   "      - { id: i-1, subnet: subnet-a, private_ip: 10.0.1.10, security_groups: [");
	for (size_t i = 0; i < n; i++)
		off += snprintf(y + off, cap - (size_t)off, "%ssg-fn", i ? "," : "");
	snprintf(y + off, cap - (size_t)off, "] }\n");
	struct diag_list d = { 0 };
	struct topology *t = topo_load_buffer(FILE_NAME, ".", y, strlen(y), NULL, &d);
	ck_assert_ptr_null(t);
	ck_assert_msg(d.len <= 1100, "%zu diagnostics: the errors must be capped", d.len);
	ck_assert(has_error(&d, "instance security_groups: 'sg-fn' is listed twice"));
	ck_assert(has_error(&d, "and 18999 more errors") || has_error(&d, "more errors"));
	diag_list_clear(&d);
	free(y);
}
END_TEST


/* ---- what AWS refuses at creation (issue 12 item 11; the audit in the man page) --- */

START_TEST(audit_endpoint_ip_address_type_f2_6)
{
	struct diag_list d;
	const char *y = HEAD
		"vpcs:\n"
		"  - id: vpc-a\n"
		"    cidrs: [10.0.0.0/16]\n"
		"    ipv6_cidrs: [2600:1f18:1234:5600::/56]\n"
		"    subnets:\n"
		"      - { id: subnet-v4, cidr: 10.0.1.0/24, az: us-east-1a, route_table: rtb-v4 }\n"
		"      - { id: subnet-v6, ipv6_cidr: 2600:1f18:1234:5602::/64, az: us-east-1b }\n"
		"      - { id: subnet-ds, cidr: 10.0.3.0/24, ipv6_cidr: 2600:1f18:1234:5603::/64, az: us-east-1c }\n"
		"    route_tables: [ { id: rtb-v4 } ]\n"
		"    endpoints:\n"
		"      - { id: vpce-6, type: interface, service: com.amazonaws.us-east-1.sqs, ip_address_type: ipv6, subnets: [subnet-ds] }\n"
		"      - { id: vpce-d, type: interface, service: com.amazonaws.us-east-1.sts, ip_address_type: dualstack, subnets: [subnet-v4] }\n"
		"      - { id: vpce-4, type: interface, service: com.amazonaws.us-east-1.kms, subnets: [subnet-v6] }\n"
		"      - { id: vpce-ok, type: interface, service: com.amazonaws.us-east-1.ssm, ip_address_type: dualstack, subnets: [subnet-ds] }\n"
		"      - { id: vpce-gw, type: gateway, service: s3, ip_address_type: dualstack, route_tables: [rtb-v4] }\n";
	load_bad(y, &d);
	ERR_AT(&d, "endpoint 'vpce-6': ip_address_type ipv6 is supported only if every subnet is "
	       "IPv6-only, and subnet 'subnet-ds' is not (F2.6)", y, "subnets: [subnet-ds] }", "subnet-ds");
	ERR_AT(&d, "endpoint 'vpce-d': ip_address_type dualstack is supported only if every subnet "
	       "has both IPv4 and IPv6 ranges, and subnet 'subnet-v4' is not", y,
	       "dualstack, subnets: [subnet-v4]", "subnet-v4");
	ERR_AT(&d, "endpoint 'vpce-4': ip_address_type ipv4 needs subnets with an IPv4 range, and "
	       "subnet 'subnet-v6' is not", y, "subnets: [subnet-v6]", "subnet-v6");
	ck_assert(!has_error(&d, "'vpce-ok'"));
	/* through a gateway endpoint's route tables: AWS selects the subnets, a warning */
	WARN_AT(&d, "endpoint 'vpce-gw': ip_address_type dualstack is supported only if every "
		"subnet has both IPv4 and IPv6 ranges, and subnet 'subnet-v4' (of route table "
		"'rtb-v4') is not (F2.6)", y, "route_tables: [rtb-v4] }", "rtb-v4");
	diag_list_clear(&d);
}
END_TEST

START_TEST(audit_directory_bucket_zone_f4_1)
{
	struct diag_list d;
	const char *y = HEAD
		"availability_zones: { us-east-1b: use1-az6 }\n"
		"vpcs: []\n"
		"s3:\n"
		"  - bucket: ok--use1-az4--x-s3\n"
		"  - bucket: named--us-east-1a--x-s3\n"
		"  - bucket: mapped--us-east-1b--x-s3\n"
		"  - bucket: junk--zone9--x-s3\n"
		"  - bucket: west--usw2-az1--x-s3\n";
	load_bad(y, &d);
	ck_assert(!has_error(&d, "'ok--use1-az4--x-s3'"));
	ERR_AT(&d, "directory bucket 'named--us-east-1a--x-s3': 'us-east-1a' is an Availability Zone "
	       "name; the name holds the AZ id, such as use1-az4 (F4.1)", y, "bucket: named", NULL);
	ERR_AT(&d, "directory bucket 'mapped--us-east-1b--x-s3': 'us-east-1b' is an Availability "
	       "Zone name; the name holds the AZ id, here use1-az6 (F4.1)", y, "bucket: mapped",
	       NULL);
	WARN_AT(&d, "directory bucket 'junk--zone9--x-s3': 'zone9' does not look like an AZ id", y,
		"bucket: junk", NULL);
	WARN_AT(&d, "directory bucket 'west--usw2-az1--x-s3': AZ id 'usw2-az1' is not one of "
		"us-east-1 (its AZ ids start with use1-)", y, "bucket: west", NULL);
	diag_list_clear(&d);
}
END_TEST

START_TEST(audit_subnet_zone_in_vpc_region)
{
	struct diag_list d;
	const char *y = HEAD
		"vpcs:\n"
		"  - id: vpc-a\n"
		"    region: eu-west-1\n"
		"    cidrs: [10.0.0.0/16]\n"
		"    subnets:\n"
		"      - { id: subnet-ok, cidr: 10.0.0.0/24, az: eu-west-1a, az_id: euw1-az1 }\n"
		"      - { id: subnet-lz, cidr: 10.0.4.0/24, az: eu-west-1-lhr-1a }\n"
		"      - { id: subnet-wl, cidr: 10.0.5.0/24, az: eu-west-1-wl1-lon-wlz-1, az_id: euw1-wl1-lon-wlz1 }\n"
		"      - { id: subnet-us, cidr: 10.0.1.0/24, az: us-east-1a }\n"
		"      - { id: subnet-name, cidr: 10.0.2.0/24, az_id: eu-west-1b }\n"
		"      - { id: subnet-other, cidr: 10.0.3.0/24, az_id: use1-az4 }\n";
	load_bad(y, &d);
	ERR_AT(&d, "subnet 'subnet-us': Availability Zone 'us-east-1a' is not in eu-west-1, the "
	       "region of vpc 'vpc-a'", y, "{ id: subnet-us", NULL);
	ERR_AT(&d, "subnet 'subnet-name': az_id 'eu-west-1b' is an Availability Zone name, not an "
	       "AZ id (like use1-az4): write it as 'az'", y, "{ id: subnet-name", NULL);
	WARN_AT(&d, "subnet 'subnet-other': AZ id 'use1-az4' is not one of eu-west-1 (its AZ ids "
		"start with euw1-)", y, "{ id: subnet-other", NULL);
	ck_assert(!has_error(&d, "subnet-ok") && !has_error(&d, "subnet-lz") &&
		  !has_error(&d, "subnet-wl"));
	ck_assert(!find_diag(&d, DIAG_WARNING, "subnet-ok"));
	diag_list_clear(&d);
}
END_TEST

START_TEST(audit_endpoint_dns_and_quotas)
{
	struct diag_list d;
	const char *y = HEAD
		"vpcs:\n"
		"  - id: vpc-a\n"
		"    cidrs: [10.0.0.0/16]\n"
		"    dns_support: false\n"
		"    subnets:\n"
		"      - { id: subnet-a, cidr: 10.0.1.0/24, az: us-east-1a }\n"
		"    endpoints:\n"
		"      - { id: vpce-sqs, type: interface, service: com.amazonaws.us-east-1.sqs, subnets: [subnet-a], private_dns: true }\n"
		"      - { id: vpce-x, type: interface, service: s3express, subnets: [subnet-a] }\n"
		"    nat_gateways:\n"
		"      - { id: nat-1, subnet: subnet-a, public_ip: 3.3.3.3 }\n";
	/* what AWS refuses at creation but a snapshot may still show: warnings */
	struct topology *t = load_ok(y);
	WARN_AT(&t->warnings, "endpoint 'vpce-sqs': private_dns needs the VPC's DNS support (vpc "
		"'vpc-a' has dns_support: false; F2.7)", y, "{ id: vpce-sqs", NULL);
	WARN_AT(&t->warnings, "endpoint 'vpce-x': an interface endpoint for S3 Express One Zone is "
		"not documented (F4.6)", y, "{ id: vpce-x", NULL);
	WARN_AT(&t->warnings, "NAT gateway 'nat-1' is public but subnet 'subnet-a' has no route to "
		"an internet gateway (F5.1)", y, "{ id: nat-1", NULL);
	topo_free(t);
	/* not said when the subnet's routes were not collected (F9.7) */
	const char *unknown = HEAD
		"vpcs:\n"
		"  - id: vpc-a\n"
		"    cidrs: [10.0.0.0/16]\n"
		"    subnets:\n"
		"      - { id: subnet-a, cidr: 10.0.1.0/24, az: us-east-1a }\n"
		"    nat_gateways:\n"
		"      - { id: nat-1, subnet: subnet-a, public_ip: 3.3.3.3 }\n"
		"missing:\n"
		"  - { kind: route_tables, vpc: vpc-a }\n";
	t = load_ok(unknown);
	ck_assert_ptr_null(find_diag(&t->warnings, DIAG_WARNING, "no route to an internet gateway"));
	topo_free(t);

	/* F2.13: 255 gateway endpoints in a VPC at most */
	size_t cap = 64 * 1024;
	char *big = malloc(cap);
	ck_assert_ptr_nonnull(big);
	int off = snprintf(big, cap, HEAD "vpcs:\n  - id: vpc-a\n    cidrs: [10.0.0.0/16]\n"
			   "    endpoints:\n");
	for (int i = 0; i < 256; i++)
		off += snprintf(big + off, cap - (size_t)off,
				"      - { id: vpce-g%d, type: gateway, service: s3 }\n", i);
	load_bad(big, &d);
	ERR_AT(&d, "vpc 'vpc-a' has more than 255 gateway endpoints, AWS's limit per VPC (F2.13)",
	       big, "{ id: vpce-g255,", NULL);
	diag_list_clear(&d);
	free(big);
}
END_TEST


/* ---- issue 15 item 6: what the loader refuses ------------------------------------ */

START_TEST(yaml_tags_outside_core_schema_refused)
{
	struct diag_list d;
	const char *y = HEAD
		"account: !!binary aGVsbG8=\n"
		"vpcs: !custom\n"
		"  - id: !!str vpc-a\n"
		"    cidrs: !!seq [10.0.0.0/16]\n"
		"    dns_support: !!str true\n"
		"    name: !ruby/object:Gem::Installer { i: x }\n";
	load_bad(y, &d);
	ERR_AT(&d, "YAML tag '!!binary' is not one of the core schema's", y, "!!binary", NULL);
	ERR_AT(&d, "YAML tag '!custom' is not one of the core schema's", y, "!custom", NULL);
	ERR_AT(&d, "YAML tag '!ruby/object:Gem::Installer' is not one of the core schema's", y,
	       "!ruby", NULL);
	/* !!str makes the text a string: not the boolean true */
	ERR_AT(&d, "'dns_support' must be true or false, not 'true'", y, "!!str true", NULL);
	size_t tags = 0;
	for (size_t i = 0; i < d.len; i++)
		tags += strstr(d.items[i].message, "YAML tag") != NULL;
	ck_assert_uint_eq(tags, 3); /* !!str and !!seq are the core schema's */
	diag_list_clear(&d);
}
END_TEST

START_TEST(numbers_with_leading_zero_refused)
{
	struct diag_list d;
	const char *y = "version: 01\n"
		"region: us-east-1\n"
		"vpcs:\n"
		"  - id: vpc-a\n"
		"    cidrs: [10.0.0.0/16]\n"
		"    security_groups:\n"
		"      - id: sg-1\n"
		"        ingress:\n"
		"          - { protocol: \"06\", ports: 0443, from: 10.0.0.0/8 }\n"
		"          - { protocol: tcp, ports: 1024-065535, from: 10.0.0.0/8 }\n"
		"    network_acls:\n"
		"      - id: acl-1\n"
		"        ingress: [ { rule: 0100, protocol: all, from: 0.0.0.0/0, action: allow } ]\n"
		"    instances: []\n";
	load_bad(y, &d);
	ERR_AT(&d, "'version': '01' has a leading zero; write 1", y, "01", NULL);
	ERR_AT(&d, "'protocol': '06' has a leading zero; write 6", y, "\"06\"", NULL);
	ERR_AT(&d, "'ports': '0443' has a leading zero: YAML 1.1 reads it as octal (291), YAML 1.2 "
	       "as 443", y, "0443", NULL);
	ERR_AT(&d, "'ports': '065535' has a leading zero: YAML 1.1 reads it as octal (27485)", y,
	       "1024-065535", NULL);
	ERR_AT(&d, "'rule': '0100' has a leading zero: YAML 1.1 reads it as octal (64)", y, "0100",
	       NULL);
	diag_list_clear(&d);
	/* a port 0 and a rule 100 are not refused */
	struct topology *t = load_ok(HEAD
		"vpcs:\n"
		"  - id: vpc-a\n"
		"    cidrs: [10.0.0.0/16]\n"
		"    security_groups:\n"
		"      - { id: sg-1, ingress: [ { protocol: udp, ports: 0, from: 10.0.0.0/8 } ] }\n"
		"    network_acls:\n"
		"      - { id: acl-1, ingress: [ { rule: 100, protocol: 0, from: 0.0.0.0/0, action: allow } ] }\n");
	topo_free(t);
}
END_TEST

START_TEST(name_that_is_an_address_refused)
{
	struct diag_list d;
	const char *y = HEAD NET_A
		"    instances:\n"
		"      - { id: i-a, name: 10.0.1.10, subnet: subnet-a, private_ip: 10.0.1.11 }\n"
		"      - { id: i-b, name: \"2600:1f18:1234:5601::9\", subnet: subnet-a, private_ip: 10.0.1.12 }\n"
		"    interfaces:\n"
		"      - { id: eni-a, name: 10.0.1.13, subnet: subnet-a, private_ips: [10.0.1.14], security_groups: [] }\n";
	load_bad(y, &d);
	ERR_AT(&d, "instance 'i-a': its name '10.0.1.10' is an IP address", y, "{ id: i-a", NULL);
	ERR_AT(&d, "instance 'i-b': its name '2600:1f18:1234:5601::9' is an IP address", y,
	       "{ id: i-b", NULL);
	ERR_AT(&d, "network interface 'eni-a': its name '10.0.1.13' is an IP address", y,
	       "{ id: eni-a", NULL);
	diag_list_clear(&d);
}
END_TEST

START_TEST(policy_file_read_once)
{
	/* issue 15 item 1: every reference to one file shares one parse and one
	 * compilation */
	char dir[] = "/tmp/check_topo_XXXXXX";
	ck_assert_ptr_nonnull(mkdtemp(dir));
	char path[64];
	snprintf(path, sizeof(path), "%s/p.json", dir);
	FILE *f = fopen(path, "w");
	ck_assert_ptr_nonnull(f);
	fputs("{\"Statement\": [{\"Effect\": \"Allow\", \"Principal\": \"*\", \"Action\": \"s3:*\", "
	      "\"Resource\": \"*\"}]}\n", f);
	fclose(f);
	const char *y = HEAD
		"vpcs: []\n"
		"s3:\n"
		"  - { bucket: a, policy: p.json }\n"
		"  - { bucket: b, policy: p.json }\n"
		"dynamodb:\n"
		"  - { table: t, policy: p.json }\n";
	struct diag_list d = { 0 };
	struct topology *t = topo_load_buffer(FILE_NAME, dir, y, strlen(y), NULL, &d);
	if (!t)
		dump(&d);
	ck_assert_ptr_nonnull(t);
	const struct topo_bucket *a = topo_find_bucket(t, "a"), *b = topo_find_bucket(t, "b");
	const struct topo_bucket *tb = topo_find_table(t, "t");
	ck_assert_ptr_nonnull(a->policy);
	ck_assert_ptr_ne(a->policy, b->policy);         /* each reference its own place */
	ck_assert_uint_eq(b->policy->loc.line, 6);
	ck_assert_ptr_eq(a->policy->doc, b->policy->doc); /* one parse */
	ck_assert_ptr_eq(a->policy->doc, tb->policy->doc);
	ck_assert_ptr_nonnull(a->policy->compiled);
	ck_assert_ptr_eq(a->policy->compiled, b->policy->compiled); /* one compilation */
	ck_assert_uint_eq(t->nowned_json, 1);
	topo_free(t);
	diag_list_clear(&d);
	remove(path);
	rmdir(dir);
}
END_TEST


START_TEST(config_reader_refuses_tags_too)
{
	/* the reader of checks, rules and pricing files (util/yamlread.c) keeps the same
	 * rule as the topology loader */
	const char *y = "flows:\n  - from: !!python/object:os.system app-1\n    expect: !!str true\n"
			"    n: !!int 3\n";
	struct diag_list d = { 0 };
	struct yamlread_doc *doc = yamlread_buffer("c.yaml", y, strlen(y), &d);
	ck_assert_uint_eq(d.errors, 1);
	ck_assert_str_eq(d.items[0].file, "c.yaml");
	ck_assert_uint_eq(d.items[0].line, 2);
	ck_assert_uint_eq(d.items[0].col, 11);
	ck_assert(strstr(d.items[0].message, "YAML tag '!!python/object:os.system' is not one of "
			 "the core schema's") != NULL);
	ck_assert_ptr_null(doc);
	diag_list_clear(&d);
	/* !!str true is text, not a boolean; !!int is the core schema's */
	const char *ok = "expect: !!str true\nplain: true\nn: !!int 3\n";
	doc = yamlread_buffer("c.yaml", ok, strlen(ok), &d);
	ck_assert_ptr_nonnull(doc);
	ck_assert_uint_eq(d.len, 0);
	bool b;
	ck_assert(!yamlread_bool(yamlread_get(doc->root, "expect"), &b));
	ck_assert(yamlread_bool(yamlread_get(doc->root, "plain"), &b) && b);
	yamlread_free(doc);
	diag_list_clear(&d);
}
END_TEST


START_TEST(config_reader_long_mapping_is_linear)
{
	/* issue 15 item 1: a checks file of one long mapping once ran for minutes
	 * (each key compared with every earlier one) and printed an error per repeat */
	size_t n = 150000, cap = n * 2 * 24 + 64;
	char *y = malloc(cap);
	ck_assert_ptr_nonnull(y);
	size_t off = 0;
	for (int pass = 0; pass < 2; pass++)
		for (size_t i = 0; i < n; i++)
			off += (size_t)snprintf(y + off, cap - off, "key%zu: %d\n", i, pass);
	struct diag_list d = { 0 };
	struct yamlread_doc *doc = yamlread_buffer("big.yaml", y, off, &d);
	ck_assert_ptr_null(doc);
	ck_assert_uint_eq(d.errors, 1001);
	ck_assert(strstr(d.items[0].message, "duplicate key 'key0' (first given at 1:1)") != NULL);
	ck_assert_uint_eq(d.items[0].line, (unsigned)n + 1);
	ck_assert(strstr(d.items[1000].message, "… and 149000 more errors (not shown)") != NULL);
	ck_assert_uint_eq(d.items[1000].line, d.items[999].line);
	diag_list_clear(&d);
	/* and without repeats it reads, every key findable */
	doc = yamlread_buffer("big.yaml", y, off / 2, &d);
	ck_assert_ptr_nonnull(doc);
	ck_assert_uint_eq(doc->root->npairs, n);
	ck_assert_str_eq(yamlread_get(doc->root, "key149999")->scalar, "0");
	yamlread_free(doc);
	diag_list_clear(&d);
	free(y);
}
END_TEST

static Suite *topo_suite(void)
{
	Suite *s = suite_create("topo");
	TCase *tc = tcase_create("topo");
	tcase_set_timeout(tc, 20);
	tcase_add_test(tc, location_helper_self_test);
	tcase_add_test(tc, valid_topology_loads);
	tcase_add_test(tc, every_error_reported_with_location);
	tcase_add_test(tc, error_print_format);
	tcase_add_test(tc, unknown_keys_with_hints);
	tcase_add_test(tc, duplicate_keys_and_ids);
	tcase_add_test(tc, dangling_and_wrong_kind_references);
	tcase_add_test(tc, reference_into_another_vpc);
	tcase_add_test(tc, bad_cidrs);
	tcase_add_test(tc, cidr_host_bits_warning);
	tcase_add_test(tc, subnet_placement);
	tcase_add_test(tc, two_main_route_tables);
	tcase_add_test(tc, instance_addresses);
	tcase_add_test(tc, nat_gateway_public_ip);
	tcase_add_test(tc, nacl_rules);
	tcase_add_test(tc, route_more_specific_than_local);
	tcase_add_test(tc, blackhole_missing_target);
	tcase_add_test(tc, route_rules);
	tcase_add_test(tc, gateway_endpoint_other_region);
	tcase_add_test(tc, interface_endpoint_one_subnet_per_az);
	tcase_add_test(tc, inbound_resolver_only_needs_gateway_endpoint);
	tcase_add_test(tc, anchors_and_aliases);
	tcase_add_test(tc, billion_laughs_refused);
	tcase_add_test(tc, nesting_too_deep);
	tcase_add_test(tc, empty_inputs);
	tcase_add_test(tc, several_documents);
	tcase_add_test(tc, yaml_syntax_error);
	tcase_add_test(tc, wrong_types);
	tcase_add_test(tc, version_required);
	tcase_add_test(tc, implicit_defaults);
	tcase_add_test(tc, builtin_prefix_list);
	tcase_add_test(tc, topology_prefix_list_overrides_builtin);
	tcase_add_test(tc, tags_loaded);
	tcase_add_test(tc, tags_errors_located);
	tcase_add_test(tc, tf_address_name_and_name_tag);
	tcase_add_test(tc, display_names);
	suite_add_tcase(s, tc);
	{
		tc = tcase_create("regressions");
		tcase_set_timeout(tc, 20);
		tcase_add_test(tc, regression_bucket_without_name_crashes);
		tcase_add_test(tc, regression_missing_key_location);
		tcase_add_test(tc, regression_host_bits_warning_not_in_topology);
		tcase_add_test(tc, regression_inbound_resolver_endpoint_order);
		tcase_add_test(tc, regression_nacl_rule_without_ports);
		tcase_add_test(tc, regression_derived_address_collision);
		tcase_add_test(tc, regression_derived_address_wraps_and_full_subnet);
	tcase_add_test(tc, regression_sg_rule_bad_cidr_message);
		tcase_add_test(tc, regression_cascading_diagnostics);
		tcase_add_test(tc, regression_billion_laughs_location);
		tcase_add_test(tc, regression_null_id_in_message);
		tcase_add_test(tc, regression_missing_key_location_nacl_rule);
		suite_add_tcase(s, tc);
	}
	{
		tc = tcase_create("second cycle");
		tcase_set_timeout(tc, 20);
		tcase_add_test(tc, instance_state_f6_6);
		tcase_add_test(tc, interfaces_f6_5);
		tcase_add_test(tc, interface_errors_located);
		tcase_add_test(tc, reserved_addresses_everywhere);
		tcase_add_test(tc, endpoint_ips_one_per_subnet);
		tcase_add_test(tc, vpn_static_routes_only_f1_13);
		tcase_add_test(tc, tgw_peering_both_sides_f1_14);
		tcase_add_test(tc, tgw_peering_one_side_declared_f1_14);
		tcase_add_test(tc, tgw_peering_errors);
		tcase_add_test(tc, prefix_list_ids_are_per_region_f2_15);
		tcase_add_test(tc, missing_data_f9_7);
		tcase_add_test(tc, missing_data_errors);
		tcase_add_test(tc, organizations_and_tags_f7_9);
		tcase_add_test(tc, long_reference_list_is_linear);
		tcase_add_test(tc, audit_endpoint_ip_address_type_f2_6);
		tcase_add_test(tc, audit_directory_bucket_zone_f4_1);
		tcase_add_test(tc, audit_subnet_zone_in_vpc_region);
		tcase_add_test(tc, audit_endpoint_dns_and_quotas);
		tcase_add_test(tc, yaml_tags_outside_core_schema_refused);
		tcase_add_test(tc, numbers_with_leading_zero_refused);
		tcase_add_test(tc, name_that_is_an_address_refused);
		tcase_add_test(tc, policy_file_read_once);
		tcase_add_test(tc, config_reader_refuses_tags_too);
		tcase_add_test(tc, config_reader_long_mapping_is_linear);
		suite_add_tcase(s, tc);
	}
	return s;
}

VPCPATH_CHECK_MAIN(topo_suite)
