/* check_filter.c - security groups (allow-only, stateful, destination ports only,
 * F6.1-F6.2) and network ACLs (ordered, first match, implicit deny, partial port
 * ranges, F6.3-F6.4) from src/net/filter.c, on groups and ACLs loaded from YAML. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check_main.h"
#include "vpcpath/filter.h"
#include "vpcpath/topo.h"

/* ---- helpers ------------------------------------------------------------------- */

static struct topology *load(const char *yaml)
{
	return check_load_topology("filter.yaml", yaml);
}

static const struct topo_security_group *sg(const struct topology *t, const char *id)
{
	const struct topo_security_group *g = topo_find(t, TOPO_SECURITY_GROUP, id, NULL);
	ck_assert_msg(g != NULL, "security group %s exists", id);
	return g;
}

static const struct topo_network_acl *acl(const struct topology *t, const char *id)
{
	const struct topo_network_acl *n = topo_find(t, TOPO_NETWORK_ACL, id, NULL);
	ck_assert_msg(n != NULL, "network ACL %s exists", id);
	return n;
}

static struct net_addr A(const char *s)
{
	struct net_addr a;
	ck_assert_msg(net_addr_parse(s, &a), "%s parses", s);
	return a;
}

/* One group, no peer groups. */
static struct sg_verdict sg1(const struct topology *t, const char *id, bool egress, int proto,
			     const char *peer, unsigned port)
{
	const struct topo_security_group *g = sg(t, id);
	struct net_addr a = A(peer);
	struct sg_verdict v;
	memset(&v, 0x5a, sizeof(v));
	sg_evaluate(&g, 1, egress, proto, &a, port, NULL, 0, &v);
	return v;
}

static struct nacl_verdict nacl(const struct topology *t, const char *id, bool egress,
				int proto, const char *remote, unsigned lo, unsigned hi)
{
	struct net_addr a = A(remote);
	struct nacl_verdict v;
	memset(&v, 0x5a, sizeof(v));
	struct topo_ports p = { (uint16_t)lo, (uint16_t)hi };
	nacl_evaluate(acl(t, id), egress, proto, &a, p, &v);
	return v;
}

/* The set of ports named by a "1024-32767,61001-65535" text, as a bitmap. */
static void port_set(const char *s, unsigned char *set)
{
	memset(set, 0, 65536);
	while (*s) {
		char *end;
		unsigned long lo = strtoul(s, &end, 10), hi = lo;
		ck_assert_msg(end != s, "port list '%s' is well formed", s);
		if (*end == '-')
			hi = strtoul(end + 1, &end, 10);
		ck_assert_uint_le(lo, hi);
		ck_assert_uint_le(hi, 65535);
		for (unsigned long p = lo; p <= hi; p++)
			set[p] = 1;
		if (*end == ',')
			end++;
		else
			ck_assert_msg(*end == '\0', "port list '%s' is well formed", s);
		s = end;
	}
}

/* Asserts that the denied ports are exactly the ranges in `want` (same syntax). */
static void assert_denied(const struct nacl_verdict *v, const char *want)
{
	static unsigned char got[65536], exp[65536];
	port_set(v->denied_ports, got);
	port_set(want, exp);
	for (unsigned p = 0; p < 65536; p++)
		ck_assert_msg(got[p] == exp[p], "port %u: denied_ports '%s', want '%s'", p,
			      v->denied_ports, want);
}

#define HEAD                                                                              \
	"version: 1\n"                                                                    \
	"region: us-east-1\n"

/* ---- security groups --------------------------------------------------------------- */

static const char *const SG =
	HEAD
	"vpcs:\n"
	"  - id: vpc-a\n"
	"    cidrs: [10.0.0.0/16]\n"
	"    security_groups:\n"
	"      - id: sg-web\n"
	"        egress:\n"
	"          - { protocol: tcp, ports: 443, to: 0.0.0.0/0 }\n"
	"          - { protocol: tcp, ports: 1024-2048, to: 10.0.0.0/8 }\n"
	"          - { protocol: udp, ports: 53, to: 10.0.0.2/32 }\n"
	"          - { protocol: 6, ports: 8443, to: '::/0' }\n"
	"        ingress:\n"
	"          - { protocol: tcp, ports: 22, from: 10.0.0.0/8 }\n"
	"          - { protocol: icmp, from: 192.0.2.0/24 }\n"
	"          - { protocol: 50, from: 198.51.100.0/24 }\n"
	"      - id: sg-all\n"
	"        egress:\n"
	"          - { protocol: all, to: 10.0.0.0/8 }\n"
	"          - { protocol: all, ports: 443, to: 172.16.0.0/12 }\n"
	"        ingress: []\n"
	"      - id: sg-s3\n"
	"        egress:\n"
	"          - { protocol: tcp, ports: 443, to: pl-63a5400a }\n"
	"      - id: sg-app\n"
	"        egress:\n"
	"          - { protocol: tcp, ports: 5432, to: sg-db }\n"
	"      - id: sg-db\n"
	"        ingress:\n"
	"          - { protocol: tcp, ports: 5432, from: sg-app }\n"
	"      - id: sg-open\n"
	"      - id: sg-closed\n"
	"        egress: []\n";

/* F6.1: allow rules only; a flow no rule admits is denied */
START_TEST(sg_allow_rules_only)
{
	struct topology *t = load(SG);
	const struct topo_security_group *web = sg(t, "sg-web");
	struct sg_verdict v = sg1(t, "sg-web", true, TOPO_PROTO_TCP, "8.8.8.8", 443);
	ck_assert(v.allowed);
	ck_assert_ptr_eq(v.sg, web);
	ck_assert_ptr_eq(v.rule, &web->egress.items[0]);
	ck_assert_uint_eq(v.rule->index, 1);
	v = sg1(t, "sg-web", true, TOPO_PROTO_TCP, "8.8.8.8", 80);
	ck_assert(!v.allowed);
	ck_assert_ptr_null(v.sg);
	ck_assert_ptr_null(v.rule);
	/* protocol must match */
	v = sg1(t, "sg-web", true, TOPO_PROTO_UDP, "8.8.8.8", 443);
	ck_assert(!v.allowed);
	/* a port range, inclusive at both ends */
	v = sg1(t, "sg-web", true, TOPO_PROTO_TCP, "10.1.2.3", 1024);
	ck_assert(v.allowed);
	ck_assert_uint_eq(v.rule->index, 2);
	v = sg1(t, "sg-web", true, TOPO_PROTO_TCP, "10.1.2.3", 2048);
	ck_assert(v.allowed);
	v = sg1(t, "sg-web", true, TOPO_PROTO_TCP, "10.1.2.3", 2049);
	ck_assert(!v.allowed);
	v = sg1(t, "sg-web", true, TOPO_PROTO_TCP, "10.1.2.3", 1023);
	ck_assert(!v.allowed);
	/* the peer must be in the rule's CIDR */
	v = sg1(t, "sg-web", true, TOPO_PROTO_TCP, "11.1.2.3", 1500);
	ck_assert(!v.allowed);
	v = sg1(t, "sg-web", true, TOPO_PROTO_UDP, "10.0.0.2", 53);
	ck_assert(v.allowed);
	v = sg1(t, "sg-web", true, TOPO_PROTO_UDP, "10.0.0.3", 53);
	ck_assert(!v.allowed);
	/* numeric protocol 6 is tcp */
	v = sg1(t, "sg-web", true, TOPO_PROTO_TCP, "2001:db8::1", 8443);
	ck_assert(v.allowed);
	ck_assert_uint_eq(v.rule->index, 4);
	topo_free(t);
}
END_TEST

/* F6.1: "Security groups let you filter only on destination ports": ingress to port 22
 * is allowed whatever the client's (ephemeral) source port; a rule for 22 does not
 * admit a flow whose destination is the ephemeral port */
START_TEST(sg_destination_ports_only)
{
	struct topology *t = load(SG);
	struct sg_verdict v = sg1(t, "sg-web", false, TOPO_PROTO_TCP, "10.9.9.9", 22);
	ck_assert(v.allowed);
	v = sg1(t, "sg-web", false, TOPO_PROTO_TCP, "10.9.9.9", 40000);
	ck_assert(!v.allowed);
	/* ingress direction uses ingress rules: 443 is only an egress rule */
	v = sg1(t, "sg-web", false, TOPO_PROTO_TCP, "8.8.8.8", 443);
	ck_assert(!v.allowed);
	/* and egress does not use ingress rules */
	v = sg1(t, "sg-web", true, TOPO_PROTO_TCP, "10.9.9.9", 22);
	ck_assert(!v.allowed);
	/* protocols without ports ignore the port */
	v = sg1(t, "sg-web", false, TOPO_PROTO_ICMP, "192.0.2.9", 0);
	ck_assert(v.allowed);
	v = sg1(t, "sg-web", false, TOPO_PROTO_ICMP, "192.0.2.9", 12345);
	ck_assert(v.allowed);
	v = sg1(t, "sg-web", false, TOPO_PROTO_ICMP, "198.51.100.9", 0);
	ck_assert(!v.allowed);
	v = sg1(t, "sg-web", false, 50, "198.51.100.9", 0);
	ck_assert(v.allowed);
	v = sg1(t, "sg-web", false, TOPO_PROTO_TCP, "198.51.100.9", 0);
	ck_assert(!v.allowed);
	topo_free(t);
}
END_TEST

/* F6.1: security groups are stateful: a request the group sends out needs no inbound
 * rule for its response.  The trace evaluates only the direction that opens the
 * connection; the group itself admits nothing inbound here (ingress: []), so a
 * response must never be evaluated against ingress rules. */
START_TEST(sg_stateful_no_inbound_rules_needed)
{
	struct topology *t = load(SG);
	struct sg_verdict v = sg1(t, "sg-all", true, TOPO_PROTO_TCP, "10.1.1.1", 443);
	ck_assert(v.allowed);
	/* the response, from 10.1.1.1:443 to an ephemeral port, is not an inbound
	 * connection: the ingress rules would refuse it */
	v = sg1(t, "sg-all", false, TOPO_PROTO_TCP, "10.1.1.1", 40000);
	ck_assert(!v.allowed);
	ck_assert_uint_eq(sg(t, "sg-all")->ingress.len, 0);
	ck_assert(sg(t, "sg-all")->ingress.given);
	topo_free(t);
}
END_TEST

/* protocol all admits every protocol and port; ports on such a rule are ignored (with
 * a warning) */
START_TEST(sg_protocol_all)
{
	struct topology *t = load(SG);
	static const int protos[] = { TOPO_PROTO_TCP, TOPO_PROTO_UDP, TOPO_PROTO_ICMP, 47 };
	for (size_t i = 0; i < sizeof(protos) / sizeof(protos[0]); i++) {
		struct sg_verdict v = sg1(t, "sg-all", true, protos[i], "10.200.0.1", 9999);
		ck_assert(v.allowed);
	}
	struct sg_verdict v = sg1(t, "sg-all", true, TOPO_PROTO_TCP, "172.16.0.1", 80);
	ck_assert(v.allowed);
	ck_assert_uint_eq(v.rule->index, 2);
	v = sg1(t, "sg-all", true, TOPO_PROTO_TCP, "192.168.0.1", 80);
	ck_assert(!v.allowed);
	bool warned = false;
	for (size_t i = 0; i < t->warnings.len; i++)
		if (t->warnings.items[i].code && !strcmp(t->warnings.items[i].code, "ports-ignored"))
			warned = true;
	ck_assert(warned);
	topo_free(t);
}
END_TEST

/* F6.1: a prefix list as the destination: its entries, nothing else */
START_TEST(sg_prefix_list_peer)
{
	struct topology *t = load(SG);
	struct sg_verdict v = sg1(t, "sg-s3", true, TOPO_PROTO_TCP, "52.216.1.1", 443);
	ck_assert(v.allowed);
	ck_assert_int_eq(v.rule->peer_kind, TOPO_PEER_PREFIX_LIST);
	v = sg1(t, "sg-s3", true, TOPO_PROTO_TCP, "54.231.200.1", 443);
	ck_assert(v.allowed);
	v = sg1(t, "sg-s3", true, TOPO_PROTO_TCP, "52.218.1.1", 443);
	ck_assert(!v.allowed);
	v = sg1(t, "sg-s3", true, TOPO_PROTO_TCP, "52.216.1.1", 80);
	ck_assert(!v.allowed);
	/* the list is IPv4 only */
	v = sg1(t, "sg-s3", true, TOPO_PROTO_TCP, "2600:1fa0:8000::1", 443);
	ck_assert(!v.allowed);
	topo_free(t);
}
END_TEST

/* F6.1: a security group as the peer: the remote ENI must carry that group */
START_TEST(sg_group_reference)
{
	struct topology *t = load(SG);
	const struct topo_security_group *app = sg(t, "sg-app"), *db = sg(t, "sg-db"),
					 *web = sg(t, "sg-web");
	struct net_addr peer = A("10.0.5.5");
	struct sg_verdict v;
	const struct topo_security_group *with_db[] = { web, db };
	sg_evaluate(&app, 1, true, TOPO_PROTO_TCP, &peer, 5432, with_db, 2, &v);
	ck_assert(v.allowed);
	ck_assert_int_eq(v.rule->peer_kind, TOPO_PEER_SG);
	sg_evaluate(&app, 1, true, TOPO_PROTO_TCP, &peer, 5432, &web, 1, &v);
	ck_assert(!v.allowed);
	sg_evaluate(&app, 1, true, TOPO_PROTO_TCP, &peer, 5432, NULL, 0, &v);
	ck_assert(!v.allowed);
	sg_evaluate(&app, 1, true, TOPO_PROTO_TCP, &peer, 5433, &db, 1, &v);
	ck_assert(!v.allowed);
	/* the other side: sg-db admits what comes from an ENI with sg-app */
	sg_evaluate(&db, 1, false, TOPO_PROTO_TCP, &peer, 5432, &app, 1, &v);
	ck_assert(v.allowed);
	ck_assert_ptr_eq(v.sg, db);
	topo_free(t);
}
END_TEST

/* several groups on one ENI: the union of their rules; the verdict names the group
 * that allowed */
START_TEST(sg_several_groups)
{
	struct topology *t = load(SG);
	const struct topo_security_group *pair[] = { sg(t, "sg-s3"), sg(t, "sg-web") };
	struct net_addr a = A("8.8.8.8");
	struct sg_verdict v;
	sg_evaluate(pair, 2, true, TOPO_PROTO_TCP, &a, 443, NULL, 0, &v);
	ck_assert(v.allowed);
	ck_assert_ptr_eq(v.sg, pair[1]);
	a = A("52.216.1.1");
	sg_evaluate(pair, 2, true, TOPO_PROTO_TCP, &a, 443, NULL, 0, &v);
	ck_assert(v.allowed);
	ck_assert_ptr_eq(v.sg, pair[0]);
	sg_evaluate(pair, 0, true, TOPO_PROTO_TCP, &a, 443, NULL, 0, &v);
	ck_assert(!v.allowed);
	topo_free(t);
}
END_TEST

/* F6.1: an absent egress list is AWS's default (all outbound, IPv4 and IPv6); an
 * empty list denies all outbound; no inbound rules admit nothing */
START_TEST(sg_absent_and_empty_egress)
{
	struct topology *t = load(SG);
	struct sg_verdict v = sg1(t, "sg-open", true, TOPO_PROTO_TCP, "8.8.8.8", 25);
	ck_assert(v.allowed);
	v = sg1(t, "sg-open", true, TOPO_PROTO_UDP, "2001:db8::1", 53);
	ck_assert(v.allowed);
	v = sg1(t, "sg-open", true, TOPO_PROTO_ICMP, "10.0.0.1", 0);
	ck_assert(v.allowed);
	v = sg1(t, "sg-open", false, TOPO_PROTO_TCP, "10.0.0.1", 22);
	ck_assert(!v.allowed);
	v = sg1(t, "sg-closed", true, TOPO_PROTO_TCP, "8.8.8.8", 443);
	ck_assert(!v.allowed);
	v = sg1(t, "sg-closed", true, TOPO_PROTO_TCP, "10.0.0.1", 443);
	ck_assert(!v.allowed);
	ck_assert_uint_eq(sg(t, "sg-closed")->egress.len, 0);
	topo_free(t);
}
END_TEST

/* F6.2: the default group admits all inbound from itself and all outbound */
START_TEST(sg_default_group)
{
	struct topology *t = load(
		HEAD
		"vpcs:\n"
		"  - id: vpc-a\n"
		"    cidrs: [10.0.0.0/16]\n"
		"  - id: vpc-b\n"
		"    cidrs: [10.1.0.0/16]\n"
		"    security_groups:\n"
		"      - { id: sg-bdef, default: true }\n"
		"      - id: sg-other\n"
		"  - id: vpc-c\n"
		"    cidrs: [10.2.0.0/16]\n"
		"    security_groups:\n"
		"      - id: sg-cdef\n"
		"        default: true\n"
		"        ingress:\n"
		"          - { protocol: tcp, ports: 443, from: 10.0.0.0/8 }\n"
		"        egress: []\n");
	const struct topo_security_group *def = sg(t, "vpc-a-default-sg");
	ck_assert(def->is_default && def->implicit);
	const struct topo_vpc *vpc = topo_find(t, TOPO_VPC, "vpc-a", NULL);
	ck_assert_ptr_eq(vpc->default_sg, def);
	struct net_addr a = A("10.0.1.1");
	struct sg_verdict v;
	sg_evaluate(&def, 1, false, TOPO_PROTO_TCP, &a, 22, &def, 1, &v);
	ck_assert(v.allowed);
	sg_evaluate(&def, 1, false, TOPO_PROTO_UDP, &a, 9999, &def, 1, &v);
	ck_assert(v.allowed);
	sg_evaluate(&def, 1, false, TOPO_PROTO_TCP, &a, 22, NULL, 0, &v);
	ck_assert(!v.allowed);
	v = sg1(t, "vpc-a-default-sg", true, TOPO_PROTO_TCP, "8.8.8.8", 443);
	ck_assert(v.allowed);
	v = sg1(t, "vpc-a-default-sg", true, TOPO_PROTO_TCP, "2001:db8::1", 443);
	ck_assert(v.allowed);
	/* a declared default group without rules gets the same rules */
	const struct topo_security_group *bdef = sg(t, "sg-bdef"), *other = sg(t, "sg-other");
	ck_assert(!bdef->implicit);
	ck_assert_ptr_null(topo_find(t, TOPO_SECURITY_GROUP, "vpc-b-default-sg", NULL));
	sg_evaluate(&bdef, 1, false, TOPO_PROTO_TCP, &a, 22, &bdef, 1, &v);
	ck_assert(v.allowed);
	sg_evaluate(&bdef, 1, false, TOPO_PROTO_TCP, &a, 22, &other, 1, &v);
	ck_assert(!v.allowed);
	v = sg1(t, "sg-bdef", true, TOPO_PROTO_TCP, "8.8.8.8", 443);
	ck_assert(v.allowed);
	/* a non-default group without ingress rules admits nothing inbound */
	sg_evaluate(&other, 1, false, TOPO_PROTO_TCP, &a, 22, &other, 1, &v);
	ck_assert(!v.allowed);
	/* a default group whose rules were modified keeps them as written */
	const struct topo_security_group *cdef = sg(t, "sg-cdef");
	sg_evaluate(&cdef, 1, false, TOPO_PROTO_TCP, &a, 22, &cdef, 1, &v);
	ck_assert(!v.allowed);
	sg_evaluate(&cdef, 1, false, TOPO_PROTO_TCP, &a, 443, NULL, 0, &v);
	ck_assert(v.allowed);
	v = sg1(t, "sg-cdef", true, TOPO_PROTO_TCP, "8.8.8.8", 443);
	ck_assert(!v.allowed);
	topo_free(t);
}
END_TEST

/* ---- network ACLs ------------------------------------------------------------------ */

static const char *const NACL =
	HEAD
	"vpcs:\n"
	"  - id: vpc-a\n"
	"    cidrs: [10.0.0.0/16]\n"
	"    network_acls:\n"
	"      - id: acl-eph\n"
	"        ingress:\n"
	"          - { rule: 100, protocol: tcp, ports: 1024-40000, from: 0.0.0.0/0, action: allow }\n"
	"        egress:\n"
	"          - { rule: 100, protocol: tcp, ports: 443, to: 0.0.0.0/0, action: allow }\n"
	"      - id: acl-order\n"
	"        ingress:\n"
	"          - { rule: 200, protocol: all, from: 0.0.0.0/0, action: allow }\n"
	"          - { rule: 100, protocol: tcp, ports: 22, from: 0.0.0.0/0, action: deny }\n"
	"          - { rule: 50, protocol: tcp, ports: 22, from: 10.0.0.0/8, action: allow }\n"
	"          - { rule: 90, protocol: tcp, ports: 50000-50010, from: 0.0.0.0/0, action: deny }\n"
	"        egress:\n"
	"          - { rule: 10, protocol: tcp, ports: 32768-40000, to: 0.0.0.0/0, action: allow }\n"
	"          - { rule: 20, protocol: tcp, ports: 40001-61000, to: 0.0.0.0/0, action: allow }\n"
	"      - id: acl-empty\n"
	"      - id: acl-proto\n"
	"        ingress:\n"
	"          - { rule: 100, protocol: icmp, from: 0.0.0.0/0, action: allow }\n"
	"          - { rule: 110, protocol: udp, ports: 53, from: 0.0.0.0/0, action: allow }\n"
	"          - { rule: 120, protocol: all, ports: 443, from: 192.0.2.0/24, action: allow }\n"
	"          - { rule: 130, protocol: tcp, ports: all, from: 198.51.100.0/24, action: allow }\n"
	"          - { rule: 140, protocol: all, from: '2001:db8::/32', action: allow }\n"
	"        egress:\n"
	"          - { rule: 100, protocol: tcp, ports: 1024-65535, to: 0.0.0.0/0, action: deny }\n"
	"          - { rule: 200, protocol: all, to: 0.0.0.0/0, action: allow }\n"
	"      - id: acl-def\n"
	"        default: true\n";

/* F6.4: ephemeral ports 32768-61000 against a rule allowing 1024-40000: the ports
 * above 40000 fall to the implicit deny */
START_TEST(nacl_partial_port_range)
{
	struct topology *t = load(NACL);
	struct nacl_verdict v = nacl(t, "acl-eph", false, TOPO_PROTO_TCP, "52.216.1.1", 32768, 61000);
	ck_assert(!v.all_allowed);
	ck_assert(!v.none_allowed);
	ck_assert(!v.deciding_allow);
	ck_assert_str_eq(v.denied_ports, "40001-61000");
	ck_assert_str_eq(v.allowed_rules, "100");
	ck_assert_uint_eq(v.deciding_rule, FILTER_NACL_DEFAULT_RULE);
	ck_assert_ptr_null(v.rule);
	/* wholly inside the rule: allowed */
	v = nacl(t, "acl-eph", false, TOPO_PROTO_TCP, "52.216.1.1", 32768, 40000);
	ck_assert(v.all_allowed);
	ck_assert(!v.none_allowed);
	ck_assert(v.deciding_allow);
	ck_assert_uint_eq(v.deciding_rule, 100);
	ck_assert_str_eq(v.denied_ports, "");
	ck_assert_ptr_nonnull(v.rule);
	ck_assert_uint_eq(v.rule->number, 100);
	/* wholly outside: denied by "*" */
	v = nacl(t, "acl-eph", false, TOPO_PROTO_TCP, "52.216.1.1", 49152, 65535);
	ck_assert(!v.all_allowed);
	ck_assert(v.none_allowed);
	ck_assert_uint_eq(v.deciding_rule, FILTER_NACL_DEFAULT_RULE);
	assert_denied(&v, "49152-65535");
	ck_assert_str_eq(v.allowed_rules, "");
	/* the range straddles both ends of the rule */
	v = nacl(t, "acl-eph", false, TOPO_PROTO_TCP, "52.216.1.1", 0, 65535);
	assert_denied(&v, "0-1023,40001-65535");
	ck_assert(!v.all_allowed && !v.none_allowed);
	/* a single port is all or nothing */
	v = nacl(t, "acl-eph", true, TOPO_PROTO_TCP, "52.216.1.1", 443, 443);
	ck_assert(v.all_allowed);
	v = nacl(t, "acl-eph", true, TOPO_PROTO_TCP, "52.216.1.1", 80, 80);
	ck_assert(v.none_allowed);
	ck_assert_str_eq(v.denied_ports, "80");
	topo_free(t);
}
END_TEST

/* F6.3: rules are evaluated lowest number first, whatever the order in the file; the
 * first match decides */
START_TEST(nacl_ordered_first_match)
{
	struct topology *t = load(NACL);
	const struct topo_network_acl *n = acl(t, "acl-order");
	for (size_t i = 1; i < n->ingress.len; i++)
		ck_assert_uint_lt(n->ingress.items[i - 1].number, n->ingress.items[i].number);
	/* 100 denies ssh from anywhere, before 200 allows all */
	struct nacl_verdict v = nacl(t, "acl-order", false, TOPO_PROTO_TCP, "8.8.8.8", 22, 22);
	ck_assert(v.none_allowed);
	ck_assert(!v.deciding_allow);
	ck_assert_uint_eq(v.deciding_rule, 100);
	ck_assert_ptr_nonnull(v.rule);
	ck_assert(!v.rule->allow);
	/* 50 allows ssh from 10/8 before 100 denies it */
	v = nacl(t, "acl-order", false, TOPO_PROTO_TCP, "10.1.1.1", 22, 22);
	ck_assert(v.all_allowed);
	ck_assert_uint_eq(v.deciding_rule, 50);
	/* other ports reach 200 */
	v = nacl(t, "acl-order", false, TOPO_PROTO_TCP, "8.8.8.8", 80, 80);
	ck_assert(v.all_allowed);
	ck_assert_uint_eq(v.deciding_rule, 200);
	/* a deny numbered lower carves a hole in a later allow */
	v = nacl(t, "acl-order", false, TOPO_PROTO_TCP, "8.8.8.8", 32768, 61000);
	ck_assert(!v.all_allowed && !v.none_allowed);
	ck_assert_str_eq(v.denied_ports, "50000-50010");
	ck_assert_uint_eq(v.deciding_rule, 90);
	ck_assert_str_eq(v.allowed_rules, "200");
	/* two allow rules together cover the range: both are named */
	v = nacl(t, "acl-order", true, TOPO_PROTO_TCP, "8.8.8.8", 32768, 61000);
	ck_assert(v.all_allowed);
	ck_assert_str_eq(v.allowed_rules, "10,20");
	ck_assert_uint_eq(v.deciding_rule, 10);
	ck_assert_str_eq(v.denied_ports, "");
	/* and the port just past them falls to "*" */
	v = nacl(t, "acl-order", true, TOPO_PROTO_TCP, "8.8.8.8", 32768, 61001);
	ck_assert(!v.all_allowed);
	ck_assert_str_eq(v.denied_ports, "61001");
	ck_assert_uint_eq(v.deciding_rule, FILTER_NACL_DEFAULT_RULE);
	topo_free(t);
}
END_TEST

/* F6.3: protocol all matches every protocol and port; rules of another protocol do not
 * match; ports do not apply to protocols without ports */
START_TEST(nacl_protocols)
{
	struct topology *t = load(NACL);
	struct nacl_verdict v = nacl(t, "acl-proto", false, TOPO_PROTO_ICMP, "8.8.8.8", 0, 0);
	ck_assert(v.all_allowed);
	ck_assert_uint_eq(v.deciding_rule, 100);
	/* an ICMP flow given a port range is still one decision, with no port text */
	v = nacl(t, "acl-proto", false, TOPO_PROTO_ICMP, "8.8.8.8", 1024, 65535);
	ck_assert(v.all_allowed);
	ck_assert_str_eq(v.denied_ports, "");
	v = nacl(t, "acl-proto", false, TOPO_PROTO_UDP, "8.8.8.8", 53, 53);
	ck_assert(v.all_allowed);
	ck_assert_uint_eq(v.deciding_rule, 110);
	/* udp is not tcp */
	v = nacl(t, "acl-proto", false, TOPO_PROTO_TCP, "8.8.8.8", 53, 53);
	ck_assert(v.none_allowed);
	ck_assert_uint_eq(v.deciding_rule, FILTER_NACL_DEFAULT_RULE);
	/* protocol all ignores the rule's ports */
	v = nacl(t, "acl-proto", false, TOPO_PROTO_TCP, "192.0.2.1", 8080, 8080);
	ck_assert(v.all_allowed);
	ck_assert_uint_eq(v.deciding_rule, 120);
	v = nacl(t, "acl-proto", false, 47, "192.0.2.1", 0, 0);
	ck_assert(v.all_allowed);
	/* a tcp rule for all ports covers every port */
	v = nacl(t, "acl-proto", false, TOPO_PROTO_TCP, "198.51.100.1", 0, 65535);
	ck_assert(v.all_allowed);
	ck_assert_uint_eq(v.deciding_rule, 130);
	/* a non-TCP/UDP flow against a tcp deny with ports: no match, the allow-all wins */
	v = nacl(t, "acl-proto", true, TOPO_PROTO_ICMP, "8.8.8.8", 0, 0);
	ck_assert(v.all_allowed);
	ck_assert_uint_eq(v.deciding_rule, 200);
	v = nacl(t, "acl-proto", true, TOPO_PROTO_TCP, "8.8.8.8", 443, 443);
	ck_assert(v.all_allowed);
	ck_assert_uint_eq(v.deciding_rule, 200);
	v = nacl(t, "acl-proto", true, TOPO_PROTO_TCP, "8.8.8.8", 8443, 8443);
	ck_assert(v.none_allowed);
	ck_assert(!v.deciding_allow);
	ck_assert_uint_eq(v.deciding_rule, 100);
	v = nacl(t, "acl-proto", true, TOPO_PROTO_TCP, "8.8.8.8", 80, 1100);
	assert_denied(&v, "1024-1100");
	ck_assert_str_eq(v.allowed_rules, "200");
	ck_assert_uint_eq(v.deciding_rule, 100);
	topo_free(t);
}
END_TEST

/* F6.3 / F1.2: an IPv4 rule does not match IPv6 traffic */
START_TEST(nacl_families)
{
	struct topology *t = load(NACL);
	struct nacl_verdict v = nacl(t, "acl-proto", false, TOPO_PROTO_UDP, "2001:db8::1", 53, 53);
	ck_assert(v.all_allowed);
	ck_assert_uint_eq(v.deciding_rule, 140);
	v = nacl(t, "acl-proto", false, TOPO_PROTO_UDP, "2001:db9::1", 53, 53);
	ck_assert(v.none_allowed);
	ck_assert_uint_eq(v.deciding_rule, FILTER_NACL_DEFAULT_RULE);
	v = nacl(t, "acl-eph", false, TOPO_PROTO_TCP, "2001:db8::1", 2000, 2000);
	ck_assert(v.none_allowed);
	topo_free(t);
}
END_TEST

/* F6.3: the default NACL allows all in and out (rule 100, and 101 for IPv6); a custom
 * NACL with no rules denies all */
START_TEST(nacl_default_and_custom_empty)
{
	struct topology *t = load(NACL);
	static const char *const defaults[] = { "acl-def", "vpc-a-default-acl" };
	const struct topo_vpc *vpc = topo_find(t, TOPO_VPC, "vpc-a", NULL);
	ck_assert_str_eq(vpc->default_nacl->id, "acl-def");
	ck_assert_ptr_null(topo_find(t, TOPO_NETWORK_ACL, "vpc-a-default-acl", NULL));
	struct topology *t2 = load(HEAD "vpcs:\n  - { id: vpc-a, cidrs: [10.0.0.0/16] }\n");
	struct topology *ts[] = { t, t2 };
	for (int i = 0; i < 2; i++) {
		for (int egress = 0; egress < 2; egress++) {
			struct nacl_verdict v = nacl(ts[i], defaults[i], egress, TOPO_PROTO_TCP,
						     "8.8.8.8", 0, 65535);
			ck_assert(v.all_allowed);
			ck_assert_uint_eq(v.deciding_rule, 100);
			v = nacl(ts[i], defaults[i], egress, TOPO_PROTO_UDP, "2001:db8::1", 53, 53);
			ck_assert(v.all_allowed);
			ck_assert_uint_eq(v.deciding_rule, 101);
			v = nacl(ts[i], defaults[i], egress, TOPO_PROTO_ICMP, "10.0.0.1", 0, 0);
			ck_assert(v.all_allowed);
		}
	}
	ck_assert(acl(t2, "vpc-a-default-acl")->implicit);
	for (int egress = 0; egress < 2; egress++) {
		struct nacl_verdict v = nacl(t, "acl-empty", egress, TOPO_PROTO_TCP, "10.0.0.9", 443,
					     443);
		ck_assert(v.none_allowed);
		ck_assert(!v.all_allowed);
		ck_assert_uint_eq(v.deciding_rule, FILTER_NACL_DEFAULT_RULE);
		ck_assert_ptr_null(v.rule);
		v = nacl(t, "acl-empty", egress, TOPO_PROTO_ICMP, "10.0.0.9", 0, 0);
		ck_assert(v.none_allowed);
	}
	topo_free(t2);
	topo_free(t);
}
END_TEST

/* The same with rule lists written empty (a regression: qsort(NULL, 0, ...) on an
 * empty list once aborted the sanitizer build). */
START_TEST(nacl_custom_empty_lists)
{
	struct topology *t = load(HEAD
				  "vpcs:\n"
				  "  - id: vpc-a\n"
				  "    cidrs: [10.0.0.0/16]\n"
				  "    network_acls:\n"
				  "      - id: acl-empty-lists\n"
				  "        ingress: []\n"
				  "        egress: []\n");
	for (int egress = 0; egress < 2; egress++) {
		struct nacl_verdict v = nacl(t, "acl-empty-lists", egress, TOPO_PROTO_TCP,
					     "10.0.0.9", 443, 443);
		ck_assert(v.none_allowed);
		ck_assert_uint_eq(v.deciding_rule, FILTER_NACL_DEFAULT_RULE);
	}
	topo_free(t);
}
END_TEST

/* Many narrow rules splitting one port range must neither overflow nor lose ports:
 * NACL files come from untrusted pull requests. */
START_TEST(nacl_many_rules_split_range)
{
	size_t cap = 256 * 1024, n = 0;
	char *yaml = malloc(cap);
	ck_assert_ptr_nonnull(yaml);
	n += (size_t)snprintf(yaml + n, cap - n,
			      HEAD "vpcs:\n  - id: vpc-a\n    cidrs: [10.0.0.0/16]\n"
			      "    network_acls:\n      - id: acl-many\n        ingress:\n");
	/* rule i allows the single port 2000-2i: each one splits the lowest open interval */
	for (int i = 1; i <= 400; i++)
		n += (size_t)snprintf(yaml + n, cap - n,
				      "          - { rule: %d, protocol: tcp, ports: %d, from: 0.0.0.0/0, "
				      "action: allow }\n", i, 2000 - 2 * i);
	struct topology *t = load(yaml);
	free(yaml);
	struct nacl_verdict v = nacl(t, "acl-many", false, TOPO_PROTO_TCP, "8.8.8.8", 1000, 2000);
	ck_assert(!v.all_allowed);
	ck_assert(!v.none_allowed);
	ck_assert_uint_eq(v.deciding_rule, FILTER_NACL_DEFAULT_RULE);
	/* port texts are bounded: the strings stay terminated inside their arrays */
	ck_assert_uint_lt(strlen(v.denied_ports), sizeof(v.denied_ports));
	ck_assert_uint_lt(strlen(v.allowed_rules), sizeof(v.allowed_rules));
	/* every port the rules allow is allowed, one by one */
	for (int port = 1200; port <= 1998; port += 2) {
		v = nacl(t, "acl-many", false, TOPO_PROTO_TCP, "8.8.8.8", (unsigned)port,
			 (unsigned)port);
		ck_assert_msg(v.all_allowed, "port %d", port);
	}
	v = nacl(t, "acl-many", false, TOPO_PROTO_TCP, "8.8.8.8", 1999, 1999);
	ck_assert(v.none_allowed);
	/* all ports of the range except the allowed ones are denied: a range with no
	 * allowed port in it must not come out allowed */
	v = nacl(t, "acl-many", false, TOPO_PROTO_TCP, "8.8.8.8", 1001, 1199);
	ck_assert(v.none_allowed);
	topo_free(t);
}
END_TEST

START_TEST(protocol_names)
{
	char buf[16];
	ck_assert_str_eq(filter_protocol_name(TOPO_PROTO_TCP, buf, sizeof(buf)), "tcp");
	ck_assert_str_eq(filter_protocol_name(TOPO_PROTO_UDP, buf, sizeof(buf)), "udp");
	ck_assert_str_eq(filter_protocol_name(TOPO_PROTO_ICMP, buf, sizeof(buf)), "icmp");
	ck_assert_str_eq(filter_protocol_name(TOPO_PROTO_ICMPV6, buf, sizeof(buf)), "icmpv6");
	ck_assert_str_eq(filter_protocol_name(TOPO_PROTO_ALL, buf, sizeof(buf)), "all");
	ck_assert_str_eq(filter_protocol_name(47, buf, sizeof(buf)), "47");
	int p = 0;
	ck_assert(topo_parse_protocol("tcp", &p) && p == TOPO_PROTO_TCP);
	ck_assert(topo_parse_protocol("TCP", &p) && p == TOPO_PROTO_TCP);
	ck_assert(topo_parse_protocol("6", &p) && p == TOPO_PROTO_TCP);
	ck_assert(topo_parse_protocol("17", &p) && p == TOPO_PROTO_UDP);
	ck_assert(topo_parse_protocol("-1", &p) && p == TOPO_PROTO_ALL);
	ck_assert(topo_parse_protocol("all", &p) && p == TOPO_PROTO_ALL);
	ck_assert(topo_parse_protocol("icmpv6", &p) && p == TOPO_PROTO_ICMPV6);
	ck_assert(topo_parse_protocol("58", &p) && p == TOPO_PROTO_ICMPV6);
	ck_assert(!topo_parse_protocol("256", &p));
	ck_assert(!topo_parse_protocol("tcpx", &p));
	ck_assert(!topo_parse_protocol("", &p));
	ck_assert(!topo_parse_protocol("-2", &p));
}
END_TEST

static Suite *filter_suite(void)
{
	Suite *s = suite_create("filter");
	TCase *tc = tcase_create("sg");
	tcase_add_test(tc, sg_allow_rules_only);
	tcase_add_test(tc, sg_destination_ports_only);
	tcase_add_test(tc, sg_stateful_no_inbound_rules_needed);
	tcase_add_test(tc, sg_protocol_all);
	tcase_add_test(tc, sg_prefix_list_peer);
	tcase_add_test(tc, sg_group_reference);
	tcase_add_test(tc, sg_several_groups);
	tcase_add_test(tc, sg_absent_and_empty_egress);
	tcase_add_test(tc, sg_default_group);
	suite_add_tcase(s, tc);
	tc = tcase_create("nacl");
	tcase_add_test(tc, nacl_partial_port_range);
	tcase_add_test(tc, nacl_ordered_first_match);
	tcase_add_test(tc, nacl_protocols);
	tcase_add_test(tc, nacl_families);
	tcase_add_test(tc, nacl_default_and_custom_empty);
	tcase_add_test(tc, nacl_many_rules_split_range);
	tcase_add_test(tc, protocol_names);
	suite_add_tcase(s, tc);
	{
		tc = tcase_create("regressions");
		tcase_add_test(tc, nacl_custom_empty_lists);
		suite_add_tcase(s, tc);
	}
	return s;
}

VPCPATH_CHECK_MAIN(filter_suite)
