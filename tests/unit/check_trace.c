/* check_trace.c - the trace engine against the AWS facts (../shared/spec/aws-facts.md).
 *
 * Table driven: each case is a small YAML topology, one query, and what the facts say
 * the answer is: verdict, path, reason code and leg, the deciding hop (kind, id, rule)
 * and, where the facts fix it, the cost per GB (configs/pricing.yaml through
 * cost_apply) and compliance rule results (configs/rules/default.yaml through
 * rules_apply).  Each case names the fact ids it encodes, in its name and a comment;
 * "F8" stands for the prices of aws-facts.md section 8 (which has no numbered ids),
 * "F1.4-note" for the [D] note under F1.4, "F7.3(n)" for step n of F7.3.
 *
 * The expectations model the facts, not the implementation.  Where the facts (or
 * cli.md's vocabulary) leave a choice open, an expectation may list alternatives
 * separated by '|'.  Cases where the engine disagrees with the facts are kept, assert
 * the fact; the engine was fixed to match (the "regressions" block).
 *
 *   make build/tests/check_trace && CK_FORK=yes build/tests/check_trace
 *   VPCPATH_TRACE_DUMP=1 build/tests/check_trace   prints every case's result
 */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "check_main.h"
#include "vpcpath/check.h"
#include "vpcpath/cost.h"
#include "vpcpath/rules.h"
#include "vpcpath/topo.h"
#include "vpcpath/trace.h"

#define PRICING_FILE "configs/pricing.yaml"
#define RULES_FILE "configs/rules/default.yaml"
#define COST_TOL 1e-9

/* Shipped files are found relative to the repository root: the current directory
 * (as `make check` runs the suites), or $VPCPATH_SRCDIR when set. */
static const char *src_path(const char *rel)
{
	static char bufs[4][512];
	static int next;
	const char *root = getenv("VPCPATH_SRCDIR");
	char *buf = bufs[next++ % 4];
	snprintf(buf, sizeof(bufs[0]), "%s%s%s", root ? root : "", root ? "/" : "", rel);
	return buf;
}

enum load_expect {
	LOAD_OK = 0,
	LOAD_REJECT,     /* AWS would reject this: the load fails, or warns (topology.md) */
};

struct tcase {
	const char *name;        /* fact ids first */
	const char *topo;        /* YAML */
	enum load_expect load;

	/* the query */
	const char *from, *to;
	int port;                /* 0: the default (443) */
	int proto;               /* 0: tcp; else TOPO_PROTO_* */
	const char *action, *principal, *host, *session_mode;
	bool ipv6;
	int sport;               /* 0: the client's whole ephemeral range */
	const char *ctx;         /* one --context KEY=VALUE, or NULL */

	/* what the facts say ('|' separates acceptable alternatives; NULL: not checked) */
	const char *verdict;
	const char *path;
	const char *reason;      /* NULL with verdict reachable: no reason at all */
	const char *leg;         /* NULL with a reason: "forward" */
	const char *hop_kind, *hop_id;
	long hop_rule;           /* 0: not checked */
	const char *cost;        /* per GB in USD, e.g. "0.045" */
	const char *items[3];    /* cost items: "code=per_gb", or "!code" for none */
	const char *fixed;       /* fixed monthly USD (hourly charges x 730) */
	const char *via;         /* F5.7 flags: "endpoint" (via_vpc_endpoint, no public
	                          * service endpoint) | "public" (the reverse) */
	const char *service;     /* destination service */
	const char *ctx_has[3];  /* "key=value" or "key" in the request context */
	const char *ctx_absent[4];
	const char *rules[3];    /* "rule-id=pass|fail|n/a" */
	const char *compliant;   /* "yes" | "no" */
	/* names and DNS (issue 13) */
	const char *error;       /* the question cannot be asked (exit 2): trace_run returns
	                          * NULL with a message holding each '&'-separated part */
	const char *dst_ip;      /* the destination's address as resolved */
	const char *dst_id;      /* the destination's id (DST named an instance …) */
	const char *resource;    /* the request's resource ARN */
};

/* ---- topologies ------------------------------------------------------------------ */

#define HDR "version: 1\nregion: us-east-1\naccount: \"111122223333\"\n"
#define ROLE "role: \"arn:aws:iam::111122223333:role/app\""

/* T_GW: a private subnet with an S3 gateway endpoint and a NAT default route; a
 * subnet not associated with the endpoint; one in another AZ; one on the main table. */
static const char T_GW[] = HDR
	"prefix_lists:\n"
	"  - { id: pl-s3, name: com.amazonaws.us-east-1.s3, cidrs: [52.216.0.0/15, 54.231.0.0/16] }\n"
	"  - { id: pl-ddb, name: com.amazonaws.us-east-1.dynamodb, cidrs: [3.218.180.0/22] }\n"
	"  - { id: pl-s3w, name: com.amazonaws.us-west-2.s3, cidrs: [52.218.128.0/17] }\n"
	"dns:\n"
	"  data-bkt.s3.us-east-1.amazonaws.com: 52.216.10.20\n"
	"vpcs:\n"
	"  - id: vpc-a\n"
	"    cidrs: [10.0.0.0/16]\n"
	"    internet_gateway: igw-a\n"
	"    subnets:\n"
	"      - { id: subnet-pub, cidr: 10.0.0.0/24, az: us-east-1a, route_table: rtb-pub }\n"
	"      - { id: subnet-app, cidr: 10.0.1.0/24, az: us-east-1a, route_table: rtb-app }\n"
	"      - { id: subnet-other, cidr: 10.0.2.0/24, az: us-east-1a, route_table: rtb-other }\n"
	"      - { id: subnet-otherb, cidr: 10.0.3.0/24, az: us-east-1b, route_table: rtb-other }\n"
	"      - { id: subnet-m, cidr: 10.0.4.0/24, az: us-east-1a }\n"
	"    route_tables:\n"
	"      - { id: rtb-main, main: true, routes: [ { destination: 0.0.0.0/0, target: nat-a } ] }\n"
	"      - { id: rtb-pub, routes: [ { destination: 0.0.0.0/0, target: igw-a } ] }\n"
	"      - { id: rtb-app, routes: [ { destination: 0.0.0.0/0, target: nat-a } ] }\n"
	"      - { id: rtb-other, routes: [ { destination: 0.0.0.0/0, target: nat-a } ] }\n"
	"    nat_gateways:\n"
	"      - { id: nat-a, subnet: subnet-pub, connectivity: public, private_ip: 10.0.0.5, public_ip: 3.3.3.1 }\n"
	"    endpoints:\n"
	"      - { id: vpce-gw, type: gateway, service: s3, route_tables: [rtb-app, rtb-main] }\n"
	"    instances:\n"
	"      - { id: i-app, subnet: subnet-app, private_ip: 10.0.1.10, " ROLE " }\n"
	"      - { id: i-other, subnet: subnet-other, private_ip: 10.0.2.10, " ROLE " }\n"
	"      - { id: i-otherb, subnet: subnet-otherb, private_ip: 10.0.3.10, " ROLE " }\n"
	"      - { id: i-m, subnet: subnet-m, private_ip: 10.0.4.10, " ROLE " }\n"
	"s3:\n"
	"  - { bucket: data-bkt, region: us-east-1, account: \"111122223333\" }\n"
	"  - { bucket: west-bkt, region: us-west-2, account: \"111122223333\" }\n";

/* T_PL: CIDR routes against the gateway endpoint's prefix-list route (F1.4, F1.5). */
static const char T_PL[] = HDR
	"prefix_lists:\n"
	"  - { id: pl-s3, name: com.amazonaws.us-east-1.s3, cidrs: [52.216.0.0/15, 54.231.0.0/16] }\n"
	"dns:\n"
	"  in24-bkt.s3.us-east-1.amazonaws.com: 52.216.10.20\n"
	"  out24-bkt.s3.us-east-1.amazonaws.com: 52.217.99.9\n"
	"  same16-bkt.s3.us-east-1.amazonaws.com: 54.231.5.5\n"
	"vpcs:\n"
	"  - id: vpc-b\n"
	"    cidrs: [10.1.0.0/16]\n"
	"    internet_gateway: igw-b\n"
	"    subnets:\n"
	"      - { id: subnet-pub, cidr: 10.1.0.0/24, az: us-east-1a, route_table: rtb-pub }\n"
	"      - { id: subnet-app, cidr: 10.1.1.0/24, az: us-east-1a, route_table: rtb-app }\n"
	"    route_tables:\n"
	"      - { id: rtb-pub, main: true, routes: [ { destination: 0.0.0.0/0, target: igw-b } ] }\n"
	"      - id: rtb-app\n"
	"        routes:\n"
	"          - { destination: 52.216.10.0/24, target: nat-b }\n"
	"          - { destination: 54.231.0.0/16, target: nat-b }\n"
	"          - { destination: 0.0.0.0/0, target: igw-b }\n"
	"    nat_gateways:\n"
	"      - { id: nat-b, subnet: subnet-pub, private_ip: 10.1.0.5, public_ip: 3.3.4.1 }\n"
	"    endpoints:\n"
	"      - { id: vpce-gwb, type: gateway, service: s3, route_tables: [rtb-app] }\n"
	"    instances:\n"
	"      - { id: i-b, subnet: subnet-app, private_ip: 10.1.1.10, public_ip: 3.3.4.10, " ROLE " }\n"
	"s3:\n"
	"  - { bucket: in24-bkt, region: us-east-1 }\n"
	"  - { bucket: out24-bkt, region: us-east-1 }\n"
	"  - { bucket: same16-bkt, region: us-east-1 }\n";

/* T_RT: route selection (F1.1-F1.12). */
static const char T_RT[] = HDR
	"prefix_lists:\n"
	"  - { id: pl-cust, name: partners, cidrs: [203.0.113.0/24] }\n"
	"  - { id: pl-x, name: list-x, cidrs: [198.51.100.0/24] }\n"
	"  - { id: pl-y, name: list-y, cidrs: [198.51.100.0/24] }\n"
	"  - { id: pl-corp, name: corp-list, cidrs: [192.168.0.0/16] }\n"
	"  - { id: pl-s1, name: same-1, cidrs: [100.64.1.0/24] }\n"
	"  - { id: pl-s2, name: same-2, cidrs: [100.64.1.0/24] }\n"
	"  - { id: pl-wide, name: wide, cidrs: [100.65.0.0/16] }\n"
	"  - { id: pl-narrow, name: narrow, cidrs: [100.65.7.0/24] }\n"
	"vpcs:\n"
	"  - id: vpc-r\n"
	"    cidrs: [10.2.0.0/16]\n"
	"    ipv6_cidrs: [\"2600:1f18:2::/56\"]\n"
	"    internet_gateway: igw-r\n"
	"    egress_only_internet_gateway: eigw-r\n"
	"    vpn_gateway: vgw-r\n"
	"    subnets:\n"
	"      - { id: subnet-pub, cidr: 10.2.0.0/24, az: us-east-1a, route_table: rtb-pub }\n"
	"      - { id: subnet-app, cidr: 10.2.1.0/24, ipv6_cidr: \"2600:1f18:2:1::/64\", az: us-east-1a, route_table: rtb-app }\n"
	"      - { id: subnet-v6, cidr: 10.2.2.0/24, ipv6_cidr: \"2600:1f18:2:2::/64\", az: us-east-1a, route_table: rtb-v6 }\n"
	"      - { id: subnet-b, cidr: 10.2.3.0/24, az: us-east-1a, route_table: rtb-pub }\n"
	"      - { id: subnet-iso, cidr: 10.2.4.0/24, az: us-east-1a, route_table: rtb-iso }\n"
	"      - { id: subnet-mb, cidr: 10.2.5.0/24, az: us-east-1a, route_table: rtb-mb }\n"
	"    route_tables:\n"
	"      - { id: rtb-pub, main: true, routes: [ { destination: 0.0.0.0/0, target: igw-r } ] }\n"
	"      - id: rtb-app\n"
	"        propagating_vgws: [vgw-r]\n"
	"        routes:\n"
	"          - { destination: 192.0.2.0/24, target: nat-r }\n"
	"          - { destination: 192.0.2.0/28, target: nat-gone, state: blackhole }\n"
	"          - { destination: 198.18.0.0/16, target: nat-gone, state: blackhole }\n"
	"          - { destination: pl-cust, target: igw-r }\n"
	"          - { destination: pl-x, target: nat-r }\n"
	"          - { destination: pl-y, target: igw-r }\n"
	"          - { destination: 172.31.0.0/24, target: igw-r }\n"
	"          - { destination: pl-corp, target: igw-r }\n"
	"          - { destination: pl-s1, target: nat-r }\n"
	"          - { destination: pl-s2, target: nat-r }\n"
	"          - { destination: pl-wide, target: igw-r }\n"
	"          - { destination: pl-narrow, target: nat-r }\n"
	"          - { destination: 0.0.0.0/0, target: nat-r }\n"
	"      - id: rtb-v6\n"
	"        routes:\n"
	"          - { destination: \"::/0\", target: eigw-r }\n"
	"          - { destination: 0.0.0.0/0, target: nat-r }\n"
	"      - { id: rtb-iso, routes: [] }\n"
	"      - { id: rtb-mb, routes: [ { destination: 10.2.5.0/24, target: nat-r }, { destination: 0.0.0.0/0, target: nat-r } ] }\n"
	"    nat_gateways:\n"
	"      - { id: nat-r, subnet: subnet-pub, private_ip: 10.2.0.5, public_ip: 3.3.5.1 }\n"
	"    instances:\n"
	"      - { id: i-r, subnet: subnet-app, private_ip: 10.2.1.10, ipv6_ips: [\"2600:1f18:2:1::10\"], public_ip: 3.3.5.10 }\n"
	"      - { id: i-v6, subnet: subnet-v6, private_ip: 10.2.2.10, ipv6_ips: [\"2600:1f18:2:2::10\"] }\n"
	"      - { id: i-rb, subnet: subnet-b, private_ip: 10.2.3.10 }\n"
	"      - { id: i-iso, subnet: subnet-iso, private_ip: 10.2.4.10 }\n"
	"      - { id: i-mb1, subnet: subnet-mb, private_ip: 10.2.5.10 }\n"
	"      - { id: i-mb2, subnet: subnet-mb, private_ip: 10.2.5.11 }\n"
	"on_premises:\n"
	"  - { id: corp-a, cidrs: [172.31.0.0/24], via: vgw-r }\n"
	"  - { id: corp-b, cidrs: [192.168.0.0/16], via: vgw-r }\n"
	"  - { id: corp-c, cidrs: [10.200.0.0/16], via: vgw-r }\n";

/* T_NAT: NAT gateways with different network ACLs on their subnets, a private NAT,
 * instances in a public subnet with and without a public IP (§5). */
static const char T_NAT[] = HDR
	"prefix_lists:\n"
	"  - { id: pl-s3, name: com.amazonaws.us-east-1.s3, cidrs: [52.216.0.0/15] }\n"
	"vpcs:\n"
	"  - id: vpc-n\n"
	"    cidrs: [10.3.0.0/16]\n"
	"    internet_gateway: igw-n\n"
	"    subnets:\n"
	"      - { id: subnet-pub1, cidr: 10.3.0.0/24, az: us-east-1a, network_acl: acl-open }\n"
	"      - { id: subnet-pub2, cidr: 10.3.10.0/24, az: us-east-1a, network_acl: acl-narrow }\n"
	"      - { id: subnet-pub3, cidr: 10.3.20.0/24, az: us-east-1a, network_acl: acl-noreq }\n"
	"      - { id: subnet-pub4, cidr: 10.3.30.0/24, az: us-east-1a }\n"
	"      - { id: subnet-p1, cidr: 10.3.1.0/24, az: us-east-1a, route_table: rtb-p1 }\n"
	"      - { id: subnet-p2, cidr: 10.3.2.0/24, az: us-east-1a, route_table: rtb-p2 }\n"
	"      - { id: subnet-p3, cidr: 10.3.3.0/24, az: us-east-1a, route_table: rtb-p3 }\n"
	"      - { id: subnet-p4, cidr: 10.3.4.0/24, az: us-east-1a, route_table: rtb-p4 }\n"
	"    route_tables:\n"
	"      - { id: rtb-pub, main: true, routes: [ { destination: 0.0.0.0/0, target: igw-n } ] }\n"
	"      - { id: rtb-p1, routes: [ { destination: 0.0.0.0/0, target: nat-open } ] }\n"
	"      - { id: rtb-p2, routes: [ { destination: 0.0.0.0/0, target: nat-narrow } ] }\n"
	"      - { id: rtb-p3, routes: [ { destination: 0.0.0.0/0, target: nat-noreq } ] }\n"
	"      - { id: rtb-p4, routes: [ { destination: 0.0.0.0/0, target: nat-priv } ] }\n"
	"    network_acls:\n"
	"      - id: acl-open\n"
	"        egress: [ { rule: 100, protocol: all, to: 0.0.0.0/0, action: allow } ]\n"
	"        ingress: [ { rule: 100, protocol: all, from: 0.0.0.0/0, action: allow } ]\n"
	"      - id: acl-narrow\n"
	"        egress: [ { rule: 100, protocol: all, to: 0.0.0.0/0, action: allow } ]\n"
	"        ingress:\n"
	"          - { rule: 100, protocol: tcp, ports: 443, from: 10.3.0.0/16, action: allow }\n"
	"          - { rule: 110, protocol: tcp, ports: 32768-65535, from: 0.0.0.0/0, action: allow }\n"
	"      - id: acl-noreq\n"
	"        egress: [ { rule: 100, protocol: all, to: 0.0.0.0/0, action: allow } ]\n"
	"        ingress: [ { rule: 100, protocol: tcp, ports: 1024-65535, from: 0.0.0.0/0, action: allow } ]\n"
	"    nat_gateways:\n"
	"      - { id: nat-open, subnet: subnet-pub1, private_ip: 10.3.0.5, public_ip: 3.3.6.1 }\n"
	"      - { id: nat-narrow, subnet: subnet-pub2, private_ip: 10.3.10.5, public_ip: 3.3.6.2 }\n"
	"      - { id: nat-noreq, subnet: subnet-pub3, private_ip: 10.3.20.5, public_ip: 3.3.6.3 }\n"
	"      - { id: nat-priv, subnet: subnet-pub4, connectivity: private, private_ip: 10.3.30.5 }\n"
	"    instances:\n"
	"      - { id: i-p1, subnet: subnet-p1, private_ip: 10.3.1.10, " ROLE " }\n"
	"      - { id: i-p2, subnet: subnet-p2, private_ip: 10.3.2.10, " ROLE " }\n"
	"      - { id: i-p3, subnet: subnet-p3, private_ip: 10.3.3.10, " ROLE " }\n"
	"      - { id: i-p4, subnet: subnet-p4, private_ip: 10.3.4.10, " ROLE " }\n"
	"      - { id: i-pub, subnet: subnet-pub4, private_ip: 10.3.30.10, " ROLE " }\n"
	"      - { id: i-pubip, subnet: subnet-pub4, private_ip: 10.3.30.11, public_ip: 3.3.6.20, " ROLE " }\n"
	"s3:\n"
	"  - { bucket: data-bkt, region: us-east-1, account: \"111122223333\" }\n";

/* T_SG: security groups and network ACLs (§6) on a gateway-endpoint path and between
 * instances. */
static const char T_SG[] = HDR
	"prefix_lists:\n"
	"  - { id: pl-s3, name: com.amazonaws.us-east-1.s3, cidrs: [52.216.0.0/15] }\n"
	"  - { id: pl-ddb, name: com.amazonaws.us-east-1.dynamodb, cidrs: [3.218.180.0/22] }\n"
	"vpcs:\n"
	"  - id: vpc-s\n"
	"    cidrs: [10.4.0.0/16]\n"
	"    subnets:\n"
	"      - { id: subnet-open, cidr: 10.4.1.0/24, az: us-east-1a }\n"
	"      - { id: subnet-order, cidr: 10.4.2.0/24, az: us-east-1a, network_acl: acl-order }\n"
	"      - { id: subnet-first, cidr: 10.4.3.0/24, az: us-east-1a, network_acl: acl-first }\n"
	"      - { id: subnet-empty, cidr: 10.4.4.0/24, az: us-east-1a, network_acl: acl-empty }\n"
	"      - { id: subnet-partial, cidr: 10.4.5.0/24, az: us-east-1a, network_acl: acl-partial }\n"
	"      - { id: subnet-exact, cidr: 10.4.6.0/24, az: us-east-1a, network_acl: acl-exact }\n"
	"      - { id: subnet-db, cidr: 10.4.7.0/24, az: us-east-1a, network_acl: acl-db }\n"
	"      - { id: subnet-db2, cidr: 10.4.8.0/24, az: us-east-1a, network_acl: acl-db2 }\n"
	"      - { id: subnet-canon, cidr: 10.4.9.0/24, az: us-east-1a, network_acl: acl-canon }\n"
	"    route_tables:\n"
	"      - { id: rtb-s, main: true }\n"
	"    network_acls:\n"
	"      - id: acl-order\n"
	"        egress:\n"
	"          - { rule: 100, protocol: tcp, ports: 443, to: 0.0.0.0/0, action: deny }\n"
	"          - { rule: 200, protocol: all, to: 0.0.0.0/0, action: allow }\n"
	"        ingress: [ { rule: 100, protocol: all, from: 0.0.0.0/0, action: allow } ]\n"
	"      - id: acl-first\n"
	"        egress:\n"
	"          - { rule: 100, protocol: all, to: 0.0.0.0/0, action: deny }\n"
	"          - { rule: 90, protocol: tcp, ports: 443, to: 0.0.0.0/0, action: allow }\n"
	"        ingress: [ { rule: 100, protocol: tcp, ports: 1024-65535, from: 0.0.0.0/0, action: allow } ]\n"
	"      - { id: acl-empty }\n"
	"      - id: acl-partial\n"
	"        egress: [ { rule: 100, protocol: all, to: 0.0.0.0/0, action: allow } ]\n"
	"        ingress: [ { rule: 100, protocol: tcp, ports: 1024-32767, from: 0.0.0.0/0, action: allow } ]\n"
	"      - id: acl-exact\n"
	"        egress: [ { rule: 100, protocol: all, to: 0.0.0.0/0, action: allow } ]\n"
	"        ingress: [ { rule: 100, protocol: tcp, ports: 32768-61000, from: 0.0.0.0/0, action: allow } ]\n"
	"      - id: acl-db\n"
	"        egress: [ { rule: 100, protocol: tcp, ports: 1024-65535, to: 10.4.0.0/16, action: allow } ]\n"
	"        ingress: [ { rule: 100, protocol: tcp, ports: 5432, from: 10.4.0.0/16, action: allow } ]\n"
	"      - id: acl-canon\n"
	"        egress: [ { rule: 100, protocol: tcp, ports: 443, to: 52.216.0.0/15, action: allow } ]\n"
	"        ingress: [ { rule: 100, protocol: tcp, ports: 1024-65535, from: 52.217.255.255/15, action: allow } ]\n"
	"      - id: acl-db2\n"
	"        egress: [ { rule: 100, protocol: tcp, ports: 1024-40000, to: 10.4.0.0/16, action: allow } ]\n"
	"        ingress: [ { rule: 100, protocol: tcp, ports: 5432, from: 10.4.0.0/16, action: allow } ]\n"
	"    security_groups:\n"
	"      - { id: sg-noegress, egress: [], ingress: [] }\n"
	"      - { id: sg-absent, ingress: [] }\n"
	"      - { id: sg-ddbonly, egress: [ { protocol: tcp, ports: 443, to: pl-ddb } ], ingress: [] }\n"
	"      - { id: sg-s3pl, egress: [ { protocol: tcp, ports: 443, to: pl-s3 } ], ingress: [] }\n"
	"      - { id: sg-web, ingress: [] }\n"
	"      - { id: sg-db, ingress: [ { protocol: tcp, ports: 5432, from: sg-web }, { protocol: tcp, ports: 5432, from: sg-todb } ] }\n"
	"      - { id: sg-x, ingress: [] }\n"
	"      - { id: sg-todb, egress: [ { protocol: tcp, ports: 5432, to: sg-db } ], ingress: [] }\n"
	"    endpoints:\n"
	"      - { id: vpce-s, type: gateway, service: s3, route_tables: [rtb-s] }\n"
	"    instances:\n"
	"      - { id: i-noegress, subnet: subnet-open, private_ip: 10.4.1.10, security_groups: [sg-noegress] }\n"
	"      - { id: i-absent, subnet: subnet-open, private_ip: 10.4.1.11, security_groups: [sg-absent] }\n"
	"      - { id: i-ddbonly, subnet: subnet-open, private_ip: 10.4.1.12, security_groups: [sg-ddbonly] }\n"
	"      - { id: i-web, subnet: subnet-open, private_ip: 10.4.1.13, security_groups: [sg-web] }\n"
	"      - { id: i-x, subnet: subnet-open, private_ip: 10.4.1.14, security_groups: [sg-x] }\n"
	"      - { id: i-d1, subnet: subnet-open, private_ip: 10.4.1.15 }\n"
	"      - { id: i-d2, subnet: subnet-open, private_ip: 10.4.1.16 }\n"
	"      - { id: i-s3pl, subnet: subnet-open, private_ip: 10.4.1.17, security_groups: [sg-s3pl] }\n"
	"      - { id: i-order, subnet: subnet-order, private_ip: 10.4.2.10 }\n"
	"      - { id: i-first, subnet: subnet-first, private_ip: 10.4.3.10 }\n"
	"      - { id: i-empty1, subnet: subnet-empty, private_ip: 10.4.4.10 }\n"
	"      - { id: i-empty2, subnet: subnet-empty, private_ip: 10.4.4.11 }\n"
	"      - { id: i-partial, subnet: subnet-partial, private_ip: 10.4.5.10 }\n"
	"      - { id: i-win, subnet: subnet-partial, private_ip: 10.4.5.11, ephemeral_ports: 1025-5000 }\n"
	"      - { id: i-exact, subnet: subnet-exact, private_ip: 10.4.6.10 }\n"
	"      - { id: i-win2008, subnet: subnet-exact, private_ip: 10.4.6.11, ephemeral_ports: 49152-65535 }\n"
	"      - { id: i-db, subnet: subnet-db, private_ip: 10.4.7.10, security_groups: [sg-db] }\n"
	"      - { id: i-db2, subnet: subnet-db2, private_ip: 10.4.8.10, security_groups: [sg-db] }\n"
	"      - { id: i-canon, subnet: subnet-canon, private_ip: 10.4.9.10 }\n"
	"      - { id: i-todb, subnet: subnet-open, private_ip: 10.4.1.18, security_groups: [sg-todb] }\n"
	"s3:\n"
	"  - { bucket: data-bkt, region: us-east-1, account: \"111122223333\" }\n";

/* T_POL: endpoint, bucket and identity policies combined (§7, F2.10-F2.12). */
#define DENY_UNLESS(bkt, op, key, val)                                                     \
	"  - bucket: " bkt "\n"                                                            \
	"    policy:\n"                                                                    \
	"      Statement:\n"                                                               \
	"        - Sid: Pin\n"                                                             \
	"          Effect: Deny\n"                                                         \
	"          Principal: \"*\"\n"                                                     \
	"          Action: \"s3:*\"\n"                                                     \
	"          Resource: [\"arn:aws:s3:::" bkt "\", \"arn:aws:s3:::" bkt "/*\"]\n"    \
	"          Condition: { " op ": { \"" key "\": \"" val "\" } }\n"
static const char T_POL[] = HDR
	"prefix_lists:\n"
	"  - { id: pl-s3, name: com.amazonaws.us-east-1.s3, cidrs: [52.216.0.0/15] }\n"
	"vpcs:\n"
	"  - id: vpc-p\n"
	"    cidrs: [10.5.0.0/16]\n"
	"    internet_gateway: igw-p\n"
	"    subnets:\n"
	"      - { id: subnet-pub, cidr: 10.5.0.0/24, az: us-east-1a, route_table: rtb-pub }\n"
	"      - { id: subnet-a, cidr: 10.5.1.0/24, az: us-east-1a, route_table: rtb-a }\n"
	"      - { id: subnet-b, cidr: 10.5.2.0/24, az: us-east-1a, route_table: rtb-b }\n"
	"      - { id: subnet-c, cidr: 10.5.3.0/24, az: us-east-1a, route_table: rtb-c }\n"
	"      - { id: subnet-d, cidr: 10.5.4.0/24, az: us-east-1a, route_table: rtb-d }\n"
	"      - { id: subnet-e, cidr: 10.5.5.0/24, az: us-east-1a, route_table: rtb-e }\n"
	"    route_tables:\n"
	"      - { id: rtb-pub, main: true, routes: [ { destination: 0.0.0.0/0, target: igw-p } ] }\n"
	"      - { id: rtb-a, routes: [ { destination: 0.0.0.0/0, target: nat-p } ] }\n"
	"      - { id: rtb-b, routes: [ { destination: 0.0.0.0/0, target: nat-p } ] }\n"
	"      - { id: rtb-c, routes: [ { destination: 0.0.0.0/0, target: nat-p } ] }\n"
	"      - { id: rtb-d, routes: [ { destination: 0.0.0.0/0, target: nat-p } ] }\n"
	"      - { id: rtb-e, routes: [ { destination: 0.0.0.0/0, target: nat-p } ] }\n"
	"    nat_gateways:\n"
	"      - { id: nat-p, subnet: subnet-pub, private_ip: 10.5.0.5, public_ip: 3.3.7.1 }\n"
	"    endpoints:\n"
	"      - id: vpce-1\n"
	"        type: gateway\n"
	"        service: s3\n"
	"        route_tables: [rtb-a]\n"
	"        policy:\n"
	"          Statement:\n"
	"            - { Sid: ReadOnly, Effect: Allow, Principal: \"*\", Action: [\"s3:GetObject\", \"s3:ListBucket\"], Resource: \"*\" }\n"
	"      - id: vpce-2\n"
	"        type: gateway\n"
	"        service: s3\n"
	"        route_tables: [rtb-b]\n"
	"        policy:\n"
	"          Statement:\n"
	"            - { Sid: All, Effect: Allow, Principal: \"*\", Action: \"*\", Resource: \"*\" }\n"
	"            - { Sid: NoDelete, Effect: Deny, Principal: \"*\", Action: \"s3:DeleteObject\", Resource: \"*\" }\n"
	"      - id: vpce-3\n"
	"        type: gateway\n"
	"        service: s3\n"
	"        route_tables: [rtb-d]\n"
	"        policy:\n"
	"          Statement:\n"
	"            - Sid: DataTeam\n"
	"              Effect: Allow\n"
	"              Principal: \"*\"\n"
	"              Action: \"s3:*\"\n"
	"              Resource: \"*\"\n"
	"              Condition: { StringEquals: { \"aws:PrincipalTag/team\": data } }\n"
	"      - id: vpce-4\n"
	"        type: gateway\n"
	"        service: s3\n"
	"        route_tables: [rtb-e]\n"
	"        policy:\n"
	"          Statement:\n"
	"            - { Sid: AccountOnly, Effect: Allow, Principal: { AWS: \"111122223333\" }, Action: \"s3:*\", Resource: \"*\" }\n"
	"    instances:\n"
	"      - { id: i-a, subnet: subnet-a, private_ip: 10.5.1.10, " ROLE " }\n"
	"      - { id: i-b, subnet: subnet-b, private_ip: 10.5.2.10, " ROLE " }\n"
	"      - { id: i-c, subnet: subnet-c, private_ip: 10.5.3.10, " ROLE " }\n"
	"      - { id: i-d, subnet: subnet-d, private_ip: 10.5.4.10, " ROLE " }\n"
	"      - { id: i-e, subnet: subnet-e, private_ip: 10.5.5.10, " ROLE " }\n"
	"iam:\n"
	"  roles:\n"
	"    - arn: \"arn:aws:iam::111122223333:role/app\"\n"
	"    - arn: \"arn:aws:iam::111122223333:role/narrow\"\n"
	"      policies:\n"
	"        - Statement: [ { Effect: Allow, Action: \"dynamodb:*\", Resource: \"*\" } ]\n"
	"    - arn: \"arn:aws:iam::111122223333:role/reader\"\n"
	"      policies:\n"
	"        - Statement: [ { Effect: Allow, Action: \"s3:GetObject\", Resource: \"*\" } ]\n"
	"    - arn: \"arn:aws:iam::111122223333:role/denied\"\n"
	"      policies:\n"
	"        - Statement:\n"
	"            - { Effect: Allow, Action: \"s3:*\", Resource: \"*\" }\n"
	"            - { Effect: Deny, Action: \"s3:*\", Resource: \"arn:aws:s3:::open-bkt/secret/*\" }\n"
	"s3:\n"
	DENY_UNLESS("pinned-bkt", "StringNotEquals", "aws:SourceVpce", "vpce-1")
	DENY_UNLESS("ifexists-bkt", "StringNotEqualsIfExists", "aws:SourceVpce", "vpce-1")
	DENY_UNLESS("positive-bkt", "StringEquals", "aws:SourceVpce", "vpce-2")
	DENY_UNLESS("null-bkt", "Null", "aws:SourceVpce", "true")
	DENY_UNLESS("vpcpin-bkt", "StringNotEquals", "aws:SourceVpc", "vpc-p")
	"  - bucket: deny-bkt\n"
	"    policy:\n"
	"      Statement:\n"
	"        - { Sid: NoReads, Effect: Deny, Principal: \"*\", Action: \"s3:GetObject\", Resource: \"arn:aws:s3:::deny-bkt/*\" }\n"
	"  - { bucket: open-bkt }\n"
	"  - bucket: shared-bkt\n"
	"    policy:\n"
	"      Statement:\n"
	"        - Effect: Allow\n"
	"          Principal: { AWS: \"arn:aws:iam::111122223333:role/narrow\" }\n"
	"          Action: \"s3:GetObject\"\n"
	"          Resource: \"arn:aws:s3:::shared-bkt/*\"\n"
	"  - bucket: xacct-bkt\n"
	"    account: \"444455556666\"\n"
	"    policy:\n"
	"      Statement:\n"
	"        - Effect: Allow\n"
	"          Principal: { AWS: [\"arn:aws:iam::111122223333:role/narrow\", \"arn:aws:iam::111122223333:role/reader\", \"arn:aws:iam::111122223333:role/app\"] }\n"
	"          Action: \"s3:GetObject\"\n"
	"          Resource: \"arn:aws:s3:::xacct-bkt/*\"\n"
	"  - { bucket: xacct-nopol, account: \"444455556666\" }\n";

/* T_IF: interface endpoints (§3), one VPC per scenario. */
#define SUBNET(id, cidr, az) "      - { id: " id ", cidr: " cidr ", az: " az " }\n"
static const char T_IF[] = HDR
	"prefix_lists:\n"
	"  - { id: pl-s3, name: com.amazonaws.us-east-1.s3, cidrs: [52.216.0.0/15] }\n"
	"  - { id: pl-ddb, name: com.amazonaws.us-east-1.dynamodb, cidrs: [3.218.180.0/22] }\n"
	"vpcs:\n"
	/* i1: private DNS on, SG admits everything from the VPC */
	"  - id: vpc-i1\n"
	"    cidrs: [10.11.0.0/16]\n"
	"    subnets:\n"
	SUBNET("subnet-i1a", "10.11.1.0/24", "us-east-1a")
	SUBNET("subnet-i1ep-a", "10.11.20.0/24", "us-east-1a")
	SUBNET("subnet-i1ep-b", "10.11.21.0/24", "us-east-1b")
	"    route_tables: [ { id: rtb-i1, main: true } ]\n"
	"    security_groups:\n"
	"      - { id: sg-ep1, ingress: [ { protocol: all, from: 10.11.0.0/16 } ] }\n"
	"    endpoints:\n"
	"      - { id: vpce-if1, type: interface, service: s3, subnets: [subnet-i1ep-a, subnet-i1ep-b], ips: { subnet-i1ep-a: 10.11.20.5, subnet-i1ep-b: 10.11.21.5 }, security_groups: [sg-ep1], private_dns: true }\n"
	"    instances:\n"
	"      - { id: i-i1, subnet: subnet-i1a, private_ip: 10.11.1.10, " ROLE " }\n"
	/* i2: the endpoint's SG does not admit HTTPS */
	"  - id: vpc-i2\n"
	"    cidrs: [10.12.0.0/16]\n"
	"    subnets:\n"
	SUBNET("subnet-i2a", "10.12.1.0/24", "us-east-1a")
	SUBNET("subnet-i2ep", "10.12.20.0/24", "us-east-1a")
	"    route_tables: [ { id: rtb-i2, main: true } ]\n"
	"    security_groups:\n"
	"      - { id: sg-ep2, ingress: [ { protocol: tcp, ports: 80, from: 10.12.0.0/16 } ] }\n"
	"    endpoints:\n"
	"      - { id: vpce-if2, type: interface, service: s3, subnets: [subnet-i2ep], ips: { subnet-i2ep: 10.12.20.5 }, security_groups: [sg-ep2], private_dns: true }\n"
	"    instances:\n"
	"      - { id: i-i2, subnet: subnet-i2a, private_ip: 10.12.1.10, " ROLE " }\n"
	/* i3: no SG named: the VPC default SG */
	"  - id: vpc-i3\n"
	"    cidrs: [10.13.0.0/16]\n"
	"    subnets:\n"
	SUBNET("subnet-i3a", "10.13.1.0/24", "us-east-1a")
	SUBNET("subnet-i3ep", "10.13.20.0/24", "us-east-1a")
	"    route_tables: [ { id: rtb-i3, main: true } ]\n"
	"    security_groups:\n"
	"      - { id: sg-i3x, ingress: [] }\n"
	"    endpoints:\n"
	"      - { id: vpce-if3, type: interface, service: s3, subnets: [subnet-i3ep], ips: { subnet-i3ep: 10.13.20.5 }, private_dns: true }\n"
	"    instances:\n"
	"      - { id: i-i3x, subnet: subnet-i3a, private_ip: 10.13.1.10, security_groups: [sg-i3x], " ROLE " }\n"
	"      - { id: i-i3d, subnet: subnet-i3a, private_ip: 10.13.1.11, " ROLE " }\n"
	/* i4: private DNS off, one ENI in another AZ, a NAT for the public names */
	"  - id: vpc-i4\n"
	"    cidrs: [10.14.0.0/16]\n"
	"    internet_gateway: igw-i4\n"
	"    subnets:\n"
	"      - { id: subnet-i4pub, cidr: 10.14.0.0/24, az: us-east-1a, route_table: rtb-i4pub }\n"
	"      - { id: subnet-i4a, cidr: 10.14.1.0/24, az: us-east-1a, route_table: rtb-i4 }\n"
	"      - { id: subnet-i4ep, cidr: 10.14.21.0/24, az: us-east-1b, route_table: rtb-i4 }\n"
	"    route_tables:\n"
	"      - { id: rtb-i4pub, main: true, routes: [ { destination: 0.0.0.0/0, target: igw-i4 } ] }\n"
	"      - { id: rtb-i4, routes: [ { destination: 0.0.0.0/0, target: nat-i4 } ] }\n"
	"    nat_gateways:\n"
	"      - { id: nat-i4, subnet: subnet-i4pub, private_ip: 10.14.0.5, public_ip: 3.3.12.1 }\n"
	"    security_groups:\n"
	"      - { id: sg-ep4, ingress: [ { protocol: tcp, ports: 443, from: 10.14.0.0/16 } ] }\n"
	"    endpoints:\n"
	"      - { id: vpce-if4, type: interface, service: s3, subnets: [subnet-i4ep], ips: { subnet-i4ep: 10.14.21.5 }, security_groups: [sg-ep4], private_dns: false }\n"
	"    instances:\n"
	"      - { id: i-i4, subnet: subnet-i4a, private_ip: 10.14.1.10, " ROLE " }\n"
	/* i5: gateway endpoint + interface endpoint with private DNS only for the inbound
	 * resolver; on premises behind a VGW */
	"  - id: vpc-i5\n"
	"    cidrs: [10.15.0.0/16]\n"
	"    vpn_gateway: vgw-i5\n"
	"    subnets:\n"
	SUBNET("subnet-i5a", "10.15.1.0/24", "us-east-1a")
	SUBNET("subnet-i5ep", "10.15.20.0/24", "us-east-1a")
	"    route_tables: [ { id: rtb-i5, main: true, propagating_vgws: [vgw-i5] } ]\n"
	"    security_groups:\n"
	"      - { id: sg-ep5, ingress: [ { protocol: tcp, ports: 443, from: 10.15.0.0/16 }, { protocol: tcp, ports: 443, from: 192.168.5.0/24 } ] }\n"
	"    endpoints:\n"
	"      - { id: vpce-gw5, type: gateway, service: s3, route_tables: [rtb-i5] }\n"
	"      - { id: vpce-if5, type: interface, service: s3, subnets: [subnet-i5ep], ips: { subnet-i5ep: 10.15.20.5 }, security_groups: [sg-ep5], private_dns: true, private_dns_only_for_inbound_resolver: true }\n"
	"    instances:\n"
	"      - { id: i-i5, subnet: subnet-i5a, private_ip: 10.15.1.10, " ROLE " }\n"
	/* i6: on premises behind a VGW, only a gateway endpoint */
	"  - id: vpc-i6\n"
	"    cidrs: [10.16.0.0/16]\n"
	"    vpn_gateway: vgw-i6\n"
	"    subnets:\n"
	SUBNET("subnet-i6a", "10.16.1.0/24", "us-east-1a")
	"    route_tables: [ { id: rtb-i6, main: true, propagating_vgws: [vgw-i6] } ]\n"
	"    endpoints:\n"
	"      - { id: vpce-gw6, type: gateway, service: s3, route_tables: [rtb-i6] }\n"
	/* i7: DynamoDB interface endpoint (no private DNS, F3.7) and a NAT */
	"  - id: vpc-i7\n"
	"    cidrs: [10.17.0.0/16]\n"
	"    internet_gateway: igw-i7\n"
	"    subnets:\n"
	"      - { id: subnet-i7pub, cidr: 10.17.0.0/24, az: us-east-1a, route_table: rtb-i7pub }\n"
	"      - { id: subnet-i7a, cidr: 10.17.1.0/24, az: us-east-1a, route_table: rtb-i7 }\n"
	"      - { id: subnet-i7ep, cidr: 10.17.20.0/24, az: us-east-1a, route_table: rtb-i7 }\n"
	"    route_tables:\n"
	"      - { id: rtb-i7pub, main: true, routes: [ { destination: 0.0.0.0/0, target: igw-i7 } ] }\n"
	"      - { id: rtb-i7, routes: [ { destination: 0.0.0.0/0, target: nat-i7 } ] }\n"
	"    nat_gateways:\n"
	"      - { id: nat-i7, subnet: subnet-i7pub, private_ip: 10.17.0.5, public_ip: 3.3.12.7 }\n"
	"    security_groups:\n"
	"      - { id: sg-ep7, ingress: [ { protocol: tcp, ports: 443, from: 10.17.0.0/16 } ] }\n"
	"    endpoints:\n"
	"      - { id: vpce-ddb7, type: interface, service: dynamodb, subnets: [subnet-i7ep], ips: { subnet-i7ep: 10.17.20.5 }, security_groups: [sg-ep7] }\n"
	"    instances:\n"
	"      - { id: i-i7, subnet: subnet-i7a, private_ip: 10.17.1.10, " ROLE " }\n"
	/* i8: us-west-2, a cross-region interface endpoint to S3 in us-east-1 (F3.6) */
	"  - id: vpc-i8\n"
	"    region: us-west-2\n"
	"    cidrs: [10.18.0.0/16]\n"
	"    subnets:\n"
	SUBNET("subnet-i8a", "10.18.1.0/24", "us-west-2a")
	SUBNET("subnet-i8ep", "10.18.20.0/24", "us-west-2a")
	"    route_tables: [ { id: rtb-i8, main: true } ]\n"
	"    security_groups:\n"
	"      - { id: sg-ep8, ingress: [ { protocol: tcp, ports: 443, from: 10.18.0.0/16 } ] }\n"
	"    endpoints:\n"
	"      - { id: vpce-xr8, type: interface, service: com.amazonaws.us-east-1.s3, subnets: [subnet-i8ep], ips: { subnet-i8ep: 10.18.20.5 }, security_groups: [sg-ep8], private_dns: false }\n"
	"    instances:\n"
	"      - { id: i-i8, subnet: subnet-i8a, private_ip: 10.18.1.10, " ROLE " }\n"
	/* i9: the endpoint subnet's network ACL does not admit HTTPS (F3.2) */
	"  - id: vpc-i9\n"
	"    cidrs: [10.9.0.0/16]\n"
	"    subnets:\n"
	SUBNET("subnet-i9a", "10.9.1.0/24", "us-east-1a")
	"      - { id: subnet-i9ep, cidr: 10.9.20.0/24, az: us-east-1a, network_acl: acl-ep9 }\n"
	"    route_tables: [ { id: rtb-i9, main: true } ]\n"
	"    network_acls:\n"
	"      - id: acl-ep9\n"
	"        egress: [ { rule: 100, protocol: all, to: 0.0.0.0/0, action: allow } ]\n"
	"        ingress: [ { rule: 100, protocol: tcp, ports: 80, from: 10.9.0.0/16, action: allow } ]\n"
	"    security_groups:\n"
	"      - { id: sg-ep9, ingress: [ { protocol: tcp, ports: 443, from: 10.9.0.0/16 } ] }\n"
	"    endpoints:\n"
	"      - { id: vpce-if9, type: interface, service: s3, subnets: [subnet-i9ep], ips: { subnet-i9ep: 10.9.20.5 }, security_groups: [sg-ep9], private_dns: true }\n"
	"    instances:\n"
	"      - { id: i-i9, subnet: subnet-i9a, private_ip: 10.9.1.10, " ROLE " }\n"
	"on_premises:\n"
	"  - { id: corp5, cidrs: [192.168.5.0/24], via: vgw-i5 }\n"
	"  - { id: corp6, cidrs: [192.168.6.0/24], via: vgw-i6 }\n"
	"s3:\n"
	"  - { bucket: data-bkt, region: us-east-1, account: \"111122223333\" }\n"
	"dynamodb:\n"
	"  - { table: orders, region: us-east-1, account: \"111122223333\" }\n";

/* Topologies AWS would not accept (topology.md: reject with a location, or warn). */
static const char T_BAD_DDB_PRIVATE_DNS[] = HDR
	"vpcs:\n"
	"  - id: vpc-z\n"
	"    cidrs: [10.19.0.0/16]\n"
	"    subnets: [ { id: subnet-z, cidr: 10.19.1.0/24, az: us-east-1a } ]\n"
	"    endpoints:\n"
	"      - { id: vpce-ddbz, type: interface, service: dynamodb, subnets: [subnet-z], private_dns: true }\n";
static const char T_BAD_GW_XREGION[] = HDR
	"vpcs:\n"
	"  - id: vpc-z\n"
	"    cidrs: [10.19.0.0/16]\n"
	"    subnets: [ { id: subnet-z, cidr: 10.19.1.0/24, az: us-east-1a } ]\n"
	"    route_tables: [ { id: rtb-z, main: true } ]\n"
	"    endpoints:\n"
	"      - { id: vpce-gwz, type: gateway, service: com.amazonaws.us-west-2.s3, route_tables: [rtb-z] }\n";
static const char T_BAD_DDB_XREGION[] __attribute__((unused)) = HDR
	"vpcs:\n"
	"  - id: vpc-z\n"
	"    region: us-west-2\n"
	"    cidrs: [10.19.0.0/16]\n"
	"    subnets: [ { id: subnet-z, cidr: 10.19.1.0/24, az: us-west-2a } ]\n"
	"    endpoints:\n"
	"      - { id: vpce-ddbx, type: interface, service: com.amazonaws.us-east-1.dynamodb, subnets: [subnet-z] }\n";
static const char T_BAD_RESERVED[] = HDR
	"vpcs:\n"
	"  - id: vpc-z\n"
	"    cidrs: [10.19.0.0/16]\n"
	"    internet_gateway: igw-z\n"
	"    subnets: [ { id: subnet-z, cidr: 10.19.1.0/24, az: us-east-1a } ]\n"
	"    route_tables: [ { id: rtb-z, main: true, routes: [ { destination: 169.254.169.0/24, target: igw-z } ] } ]\n";
static const char T_BAD_PRIVATE_NAT_EIP[] = HDR
	"vpcs:\n"
	"  - id: vpc-z\n"
	"    cidrs: [10.19.0.0/16]\n"
	"    subnets: [ { id: subnet-z, cidr: 10.19.1.0/24, az: us-east-1a } ]\n"
	"    nat_gateways:\n"
	"      - { id: nat-z, subnet: subnet-z, connectivity: private, private_ip: 10.19.1.5, public_ip: 3.3.13.1 }\n";

/* T_NODNS: a VPC with DNS resolution off (F2.7). */
static const char T_NODNS[] = HDR
	"prefix_lists:\n"
	"  - { id: pl-s3, name: com.amazonaws.us-east-1.s3, cidrs: [52.216.0.0/15] }\n"
	"vpcs:\n"
	"  - id: vpc-nd\n"
	"    cidrs: [10.20.0.0/16]\n"
	"    dns_support: false\n"
	"    subnets: [ { id: subnet-nd, cidr: 10.20.1.0/24, az: us-east-1a } ]\n"
	"    route_tables: [ { id: rtb-nd, main: true } ]\n"
	"    endpoints: [ { id: vpce-nd, type: gateway, service: s3, route_tables: [rtb-nd] } ]\n"
	"    instances: [ { id: i-nd, subnet: subnet-nd, private_ip: 10.20.1.10, " ROLE " } ]\n"
	"s3:\n"
	"  - { bucket: data-bkt, region: us-east-1, account: \"111122223333\" }\n";

static const char T_BAD_MORE_SPECIFIC[] = HDR
	"vpcs:\n"
	"  - id: vpc-z\n"
	"    cidrs: [10.19.0.0/16]\n"
	"    internet_gateway: igw-z\n"
	"    subnets: [ { id: subnet-z, cidr: 10.19.1.0/24, az: us-east-1a }, { id: subnet-y, cidr: 10.19.2.0/24, az: us-east-1a } ]\n"
	"    route_tables: [ { id: rtb-z, main: true, routes: [ { destination: 10.19.2.0/24, target: igw-z } ] } ]\n";
static const char T_BAD_TWO_S3_ROUTES[] = HDR
	"vpcs:\n"
	"  - id: vpc-z\n"
	"    cidrs: [10.19.0.0/16]\n"
	"    subnets: [ { id: subnet-z, cidr: 10.19.1.0/24, az: us-east-1a } ]\n"
	"    route_tables: [ { id: rtb-z, main: true } ]\n"
	"    endpoints:\n"
	"      - { id: vpce-z1, type: gateway, service: s3, route_tables: [rtb-z] }\n"
	"      - { id: vpce-z2, type: gateway, service: s3, route_tables: [rtb-z] }\n";
static const char T_BAD_GW_PRINCIPAL[] = HDR
	"vpcs:\n"
	"  - id: vpc-z\n"
	"    cidrs: [10.19.0.0/16]\n"
	"    subnets: [ { id: subnet-z, cidr: 10.19.1.0/24, az: us-east-1a } ]\n"
	"    route_tables: [ { id: rtb-z, main: true } ]\n"
	"    endpoints:\n"
	"      - id: vpce-z1\n"
	"        type: gateway\n"
	"        service: s3\n"
	"        route_tables: [rtb-z]\n"
	"        policy: { Statement: [ { Effect: Allow, Principal: { AWS: \"111122223333\" }, Action: \"s3:*\", Resource: \"*\" } ] }\n";

/* T_X: S3 Express One Zone (§4). */
static const char T_X[] = HDR
	"prefix_lists:\n"
	"  - { id: pl-s3, name: com.amazonaws.us-east-1.s3, cidrs: [52.216.0.0/15] }\n"
	"  - { id: pl-s3x, name: com.amazonaws.us-east-1.s3express, cidrs: [18.97.0.0/16] }\n"
	"availability_zones:\n"
	"  us-east-1a: use1-az4\n"
	"  us-east-1b: use1-az6\n"
	"vpcs:\n"
	"  - id: vpc-x1\n"
	"    cidrs: [10.21.0.0/16]\n"
	"    internet_gateway: igw-x1\n"
	"    subnets:\n"
	"      - { id: subnet-x1pub, cidr: 10.21.0.0/24, az: us-east-1a, route_table: rtb-x1pub }\n"
	"      - { id: subnet-x1, cidr: 10.21.1.0/24, az: us-east-1a, route_table: rtb-x1 }\n"
	"    route_tables:\n"
	"      - { id: rtb-x1pub, main: true, routes: [ { destination: 0.0.0.0/0, target: igw-x1 } ] }\n"
	"      - { id: rtb-x1, routes: [ { destination: 0.0.0.0/0, target: nat-x1 } ] }\n"
	"    nat_gateways: [ { id: nat-x1, subnet: subnet-x1pub, private_ip: 10.21.0.5, public_ip: 3.3.8.1 } ]\n"
	"    endpoints: [ { id: vpce-x1s3, type: gateway, service: s3, route_tables: [rtb-x1] } ]\n"
	"    instances: [ { id: i-x1, subnet: subnet-x1, private_ip: 10.21.1.10, " ROLE " } ]\n"
	"  - id: vpc-x2\n"
	"    cidrs: [10.22.0.0/16]\n"
	"    subnets:\n"
	SUBNET("subnet-x2a", "10.22.1.0/24", "us-east-1a")
	SUBNET("subnet-x2b", "10.22.2.0/24", "us-east-1b")
	"    route_tables: [ { id: rtb-x2, main: true } ]\n"
	"    endpoints: [ { id: vpce-x2exp, type: gateway, service: s3express, route_tables: [rtb-x2] } ]\n"
	"    instances:\n"
	"      - { id: i-x2, subnet: subnet-x2a, private_ip: 10.22.1.10, " ROLE " }\n"
	"      - { id: i-x2b, subnet: subnet-x2b, private_ip: 10.22.2.10, " ROLE " }\n"
	"iam:\n"
	"  roles:\n"
	"    - arn: \"arn:aws:iam::111122223333:role/app\"\n"
	"    - arn: \"arn:aws:iam::111122223333:role/getter\"\n"
	"      policies: [ { Statement: [ { Effect: Allow, Action: \"s3:GetObject\", Resource: \"*\" } ] } ]\n"
	"    - arn: \"arn:aws:iam::111122223333:role/header\"\n"
	"      policies: [ { Statement: [ { Effect: Allow, Action: \"s3:HeadBucket\", Resource: \"*\" } ] } ]\n"
	"    - arn: \"arn:aws:iam::111122223333:role/sessioner\"\n"
	"      policies: [ { Statement: [ { Effect: Allow, Action: \"s3express:CreateSession\", Resource: \"*\" } ] } ]\n"
	"s3:\n"
	"  - { bucket: hot--use1-az4--x-s3, region: us-east-1, account: \"111122223333\" }\n"
	"  - bucket: ro--use1-az4--x-s3\n"
	"    region: us-east-1\n"
	"    account: \"111122223333\"\n"
	"    policy:\n"
	"      Statement:\n"
	"        - Sid: ReadOnlySessions\n"
	"          Effect: Deny\n"
	"          Principal: \"*\"\n"
	"          Action: \"s3express:CreateSession\"\n"
	"          Resource: \"arn:aws:s3express:us-east-1:111122223333:bucket/ro--use1-az4--x-s3\"\n"
	"          Condition: { StringNotEquals: { \"s3express:SessionMode\": ReadOnly } }\n";

/* T_PEER: VPC peering, same region and across regions. */
static const char T_PEER[] = HDR
	"prefix_lists:\n"
	"  - { id: pl-s3, name: com.amazonaws.us-east-1.s3, cidrs: [52.216.0.0/15] }\n"
	"vpcs:\n"
	"  - id: vpc-p1\n"
	"    cidrs: [10.31.0.0/16]\n"
	"    subnets:\n"
	"      - { id: subnet-p1, cidr: 10.31.1.0/24, az: us-east-1a, route_table: rtb-p1 }\n"
	"      - { id: subnet-p1s3, cidr: 10.31.2.0/24, az: us-east-1a, route_table: rtb-p1s3 }\n"
	"    route_tables:\n"
	"      - id: rtb-p1\n"
	"        main: true\n"
	"        routes:\n"
	"          - { destination: 10.32.0.0/16, target: pcx-12 }\n"
	"          - { destination: 10.33.0.0/16, target: pcx-12 }\n"
	"          - { destination: 10.34.0.0/16, target: pcx-14 }\n"
	"          - { destination: 10.35.0.0/16, target: pcx-15 }\n"
	"      - { id: rtb-p1s3, routes: [ { destination: 0.0.0.0/0, target: pcx-12 } ] }\n"
	"    security_groups: [ { id: sg-p1, ingress: [ { protocol: tcp, ports: 22, from: 10.0.0.0/8 } ] } ]\n"
	"    instances:\n"
	"      - { id: i-p1, subnet: subnet-p1, private_ip: 10.31.1.10, security_groups: [sg-p1], " ROLE " }\n"
	"      - { id: i-p1s3, subnet: subnet-p1s3, private_ip: 10.31.2.10, security_groups: [sg-p1], " ROLE " }\n"
	"  - id: vpc-p2\n"
	"    cidrs: [10.32.0.0/16]\n"
	"    subnets:\n"
	"      - { id: subnet-p2, cidr: 10.32.1.0/24, az: us-east-1a, route_table: rtb-p2 }\n"
	"      - { id: subnet-p2noret, cidr: 10.32.2.0/24, az: us-east-1a, route_table: rtb-p2noret }\n"
	"    route_tables:\n"
	"      - id: rtb-p2\n"
	"        main: true\n"
	"        routes:\n"
	"          - { destination: 10.31.0.0/16, target: pcx-12 }\n"
	"          - { destination: 10.33.0.0/16, target: pcx-23 }\n"
	"      - { id: rtb-p2noret, routes: [] }\n"
	"    security_groups:\n"
	"      - { id: sg-p2, ingress: [ { protocol: tcp, ports: 22, from: 10.0.0.0/8 } ] }\n"
	"      - { id: sg-p2ep, ingress: [ { protocol: tcp, ports: 443, from: 10.0.0.0/8 } ] }\n"
	"    endpoints:\n"
	"      - { id: vpce-p2, type: gateway, service: s3, route_tables: [rtb-p2] }\n"
	"      - { id: vpce-ifp2, type: interface, service: s3, subnets: [subnet-p2], ips: { subnet-p2: 10.32.1.5 }, security_groups: [sg-p2ep] }\n"
	"    instances:\n"
	"      - { id: i-p2, subnet: subnet-p2, private_ip: 10.32.1.10, security_groups: [sg-p2] }\n"
	"      - { id: i-p2noret, subnet: subnet-p2noret, private_ip: 10.32.2.10, security_groups: [sg-p2] }\n"
	"  - id: vpc-p3\n"
	"    cidrs: [10.33.0.0/16]\n"
	"    subnets: [ { id: subnet-p3, cidr: 10.33.1.0/24, az: us-east-1a } ]\n"
	"    route_tables: [ { id: rtb-p3, main: true, routes: [ { destination: 10.32.0.0/16, target: pcx-23 } ] } ]\n"
	"    security_groups: [ { id: sg-p3, ingress: [ { protocol: tcp, ports: 22, from: 10.0.0.0/8 } ] } ]\n"
	"    instances: [ { id: i-p3, subnet: subnet-p3, private_ip: 10.33.1.10, security_groups: [sg-p3] } ]\n"
	"  - id: vpc-p4\n"
	"    region: us-west-2\n"
	"    cidrs: [10.34.0.0/16]\n"
	"    subnets: [ { id: subnet-p4, cidr: 10.34.1.0/24, az: us-west-2a } ]\n"
	"    route_tables: [ { id: rtb-p4, main: true, routes: [ { destination: 10.31.0.0/16, target: pcx-14 } ] } ]\n"
	"    security_groups: [ { id: sg-p4, ingress: [ { protocol: tcp, ports: 22, from: 10.0.0.0/8 } ] } ]\n"
	"    instances: [ { id: i-p4, subnet: subnet-p4, private_ip: 10.34.1.10, security_groups: [sg-p4] } ]\n"
	"  - id: vpc-p5\n"
	"    cidrs: [10.35.0.0/16]\n"
	"    subnets: [ { id: subnet-p5, cidr: 10.35.1.0/24, az: us-east-1a } ]\n"
	"    route_tables: [ { id: rtb-p5, main: true, routes: [ { destination: 10.31.0.0/16, target: pcx-15 } ] } ]\n"
	"    security_groups: [ { id: sg-p5, ingress: [ { protocol: tcp, ports: 22, from: 10.0.0.0/8 } ] } ]\n"
	"    instances: [ { id: i-p5, subnet: subnet-p5, private_ip: 10.35.1.10, security_groups: [sg-p5] } ]\n"
	"peering_connections:\n"
	"  - { id: pcx-12, requester: vpc-p1, accepter: vpc-p2, status: active }\n"
	"  - { id: pcx-23, requester: vpc-p2, accepter: vpc-p3, status: active }\n"
	"  - { id: pcx-14, requester: vpc-p1, accepter: vpc-p4, status: active }\n"
	"  - { id: pcx-15, requester: vpc-p1, accepter: vpc-p5, status: pending-acceptance }\n"
	"s3:\n"
	"  - { bucket: data-bkt, region: us-east-1, account: \"111122223333\" }\n";

/* T_XEP: a client in us-west-2 reaches an S3 interface endpoint in us-east-1 over
 * inter-Region peering (issue 17: AZs of two Regions are not compared). */
static const char T_XEP[] = HDR
	"vpcs:\n"
	"  - id: vpc-xw\n"
	"    region: us-west-2\n"
	"    cidrs: [10.41.0.0/16]\n"
	"    subnets: [ { id: subnet-xw, cidr: 10.41.1.0/24, az: us-west-2a } ]\n"
	"    route_tables: [ { id: rtb-xw, main: true, routes: [ { destination: 10.42.0.0/16, target: pcx-xwe } ] } ]\n"
	"    security_groups: [ { id: sg-xw, egress: [ { protocol: tcp, ports: 443, to: 10.42.0.0/16 } ] } ]\n"
	"    instances: [ { id: i-xw, subnet: subnet-xw, private_ip: 10.41.1.10, security_groups: [sg-xw], " ROLE " } ]\n"
	"  - id: vpc-xe\n"
	"    cidrs: [10.42.0.0/16]\n"
	"    subnets: [ { id: subnet-xe, cidr: 10.42.1.0/24, az: us-east-1b } ]\n"
	"    route_tables: [ { id: rtb-xe, main: true, routes: [ { destination: 10.41.0.0/16, target: pcx-xwe } ] } ]\n"
	"    security_groups: [ { id: sg-xep, ingress: [ { protocol: tcp, ports: 443, from: 10.41.0.0/16 } ] } ]\n"
	"    endpoints:\n"
	"      - { id: vpce-xe, type: interface, service: s3, subnets: [subnet-xe], ips: { subnet-xe: 10.42.1.5 }, security_groups: [sg-xep] }\n"
	"peering_connections:\n"
	"  - { id: pcx-xwe, requester: vpc-xw, accepter: vpc-xe, status: active }\n"
	"s3:\n"
	"  - { bucket: data-bkt, region: us-east-1, account: \"111122223333\" }\n";

/* T_TGW: a transit gateway with spoke and hub route tables. */
static const char T_TGW[] = HDR
	"prefix_lists:\n"
	"  - { id: pl-s3, name: com.amazonaws.us-east-1.s3, cidrs: [52.216.0.0/15] }\n"
	"vpcs:\n"
	"  - id: vpc-t1\n"
	"    cidrs: [10.41.0.0/16]\n"
	"    subnets:\n"
	SUBNET("subnet-t1a", "10.41.1.0/24", "us-east-1a")
	SUBNET("subnet-t1b", "10.41.2.0/24", "us-east-1b")
	"      - { id: subnet-t1s3, cidr: 10.41.3.0/24, az: us-east-1a, route_table: rtb-t1s3 }\n"
	"    route_tables:\n"
	"      - { id: rtb-t1, main: true, routes: [ { destination: 10.0.0.0/8, target: tgw-1 } ] }\n"
	"      - { id: rtb-t1s3, routes: [ { destination: 0.0.0.0/0, target: tgw-1 } ] }\n"
	"    security_groups: [ { id: sg-t1, ingress: [ { protocol: tcp, ports: 22, from: 10.0.0.0/8 } ] } ]\n"
	"    instances:\n"
	"      - { id: i-t1a, subnet: subnet-t1a, private_ip: 10.41.1.10, security_groups: [sg-t1], " ROLE " }\n"
	"      - { id: i-t1b, subnet: subnet-t1b, private_ip: 10.41.2.10, security_groups: [sg-t1], " ROLE " }\n"
	"      - { id: i-t1s3, subnet: subnet-t1s3, private_ip: 10.41.3.10, security_groups: [sg-t1], " ROLE " }\n"
	"  - id: vpc-t2\n"
	"    cidrs: [10.42.0.0/16]\n"
	"    subnets:\n"
	SUBNET("subnet-t2", "10.42.1.0/24", "us-east-1a")
	"      - { id: subnet-t2noret, cidr: 10.42.2.0/24, az: us-east-1a, route_table: rtb-t2noret }\n"
	"    route_tables:\n"
	"      - { id: rtb-t2, main: true, routes: [ { destination: 10.0.0.0/8, target: tgw-1 } ] }\n"
	"      - { id: rtb-t2noret, routes: [] }\n"
	"    security_groups: [ { id: sg-t2, ingress: [ { protocol: tcp, ports: 22, from: 10.0.0.0/8 } ] } ]\n"
	"    instances:\n"
	"      - { id: i-t2, subnet: subnet-t2, private_ip: 10.42.1.10, security_groups: [sg-t2] }\n"
	"      - { id: i-t2noret, subnet: subnet-t2noret, private_ip: 10.42.2.10, security_groups: [sg-t2] }\n"
	"  - id: vpc-t3\n"
	"    cidrs: [10.43.0.0/16]\n"
	"    subnets:\n"
	SUBNET("subnet-t3", "10.43.1.0/24", "us-east-1a")
	"    route_tables: [ { id: rtb-t3, main: true, routes: [ { destination: 10.0.0.0/8, target: tgw-1 } ] } ]\n"
	"    security_groups: [ { id: sg-t3ep, ingress: [ { protocol: tcp, ports: 443, from: 10.0.0.0/8 } ] } ]\n"
	"    endpoints:\n"
	"      - { id: vpce-hub, type: interface, service: s3, subnets: [subnet-t3], ips: { subnet-t3: 10.43.1.5 }, security_groups: [sg-t3ep] }\n"
	"      - { id: vpce-hubgw, type: gateway, service: s3, route_tables: [rtb-t3] }\n"
	"  - id: vpc-t4\n"
	"    cidrs: [10.44.0.0/16]\n"
	"    subnets:\n"
	SUBNET("subnet-t4", "10.44.1.0/24", "us-east-1a")
	"    route_tables: [ { id: rtb-t4, main: true, routes: [ { destination: 10.0.0.0/8, target: tgw-1 } ] } ]\n"
	"    security_groups: [ { id: sg-t4, ingress: [ { protocol: tcp, ports: 22, from: 10.0.0.0/8 } ] } ]\n"
	"    instances: [ { id: i-t4, subnet: subnet-t4, private_ip: 10.44.1.10, security_groups: [sg-t4] } ]\n"
	"  - id: vpc-t5\n"
	"    cidrs: [10.45.0.0/16]\n"
	"    subnets:\n"
	SUBNET("subnet-t5", "10.45.1.0/24", "us-east-1a")
	"    route_tables: [ { id: rtb-t5, main: true, routes: [ { destination: 10.0.0.0/8, target: tgw-1 } ] } ]\n"
	"    security_groups: [ { id: sg-t5, ingress: [ { protocol: tcp, ports: 22, from: 10.0.0.0/8 } ] } ]\n"
	"    instances: [ { id: i-t5, subnet: subnet-t5, private_ip: 10.45.1.10, security_groups: [sg-t5] } ]\n"
	"transit_gateways:\n"
	"  - id: tgw-1\n"
	"    attachments:\n"
	"      - { id: att-1, vpc: vpc-t1, subnets: [subnet-t1a] }\n"
	"      - { id: att-2, vpc: vpc-t2, subnets: [subnet-t2] }\n"
	"      - { id: att-3, vpc: vpc-t3, subnets: [subnet-t3] }\n"
	"      - { id: att-4, vpc: vpc-t4, subnets: [subnet-t4] }\n"
	"      - { id: att-5, vpc: vpc-t5, subnets: [subnet-t5], state: pending }\n"
	"    route_tables:\n"
	"      - id: tgw-rtb-spoke\n"
	"        associations: [att-1, att-2, att-4]\n"
	"        propagations: [att-1, att-2, att-3, att-5]\n"
	"        routes:\n"
	"          - { destination: 10.46.0.0/16, state: blackhole }\n"
	"          - { destination: 52.216.0.0/15, attachment: att-3 }\n"
	"      - id: tgw-rtb-hub\n"
	"        associations: [att-3, att-5]\n"
	"        propagations: [att-1, att-2]\n"
	"s3:\n"
	"  - { bucket: data-bkt, region: us-east-1, account: \"111122223333\" }\n";

/* T_VPN: on-premises networks behind virtual private gateways. */
static const char T_VPN[] = HDR
	"vpcs:\n"
	"  - id: vpc-v1\n"
	"    cidrs: [10.51.0.0/16]\n"
	"    vpn_gateway: vgw-1\n"
	"    internet_gateway: igw-v1\n"
	"    subnets:\n"
	"      - { id: subnet-pub, cidr: 10.51.0.0/24, az: us-east-1a, route_table: rtb-pub }\n"
	"      - { id: subnet-ok, cidr: 10.51.1.0/24, az: us-east-1a, route_table: rtb-ok }\n"
	"      - { id: subnet-nat, cidr: 10.51.2.0/24, az: us-east-1a, route_table: rtb-nat }\n"
	"    route_tables:\n"
	"      - { id: rtb-pub, main: true, routes: [ { destination: 0.0.0.0/0, target: igw-v1 } ] }\n"
	"      - { id: rtb-ok, propagating_vgws: [vgw-1], routes: [ { destination: 0.0.0.0/0, target: nat-v1 } ] }\n"
	"      - { id: rtb-nat, routes: [ { destination: 0.0.0.0/0, target: nat-v1 } ] }\n"
	"    nat_gateways: [ { id: nat-v1, subnet: subnet-pub, private_ip: 10.51.0.5, public_ip: 3.3.9.1 } ]\n"
	"    security_groups:\n"
	"      - { id: sg-v, ingress: [ { protocol: tcp, ports: 22, from: 192.168.0.0/16 } ] }\n"
	"    instances:\n"
	"      - { id: i-ok, subnet: subnet-ok, private_ip: 10.51.1.10, security_groups: [sg-v] }\n"
	"      - { id: i-nat, subnet: subnet-nat, private_ip: 10.51.2.10, security_groups: [sg-v] }\n"
	"  - id: vpc-v2\n"
	"    cidrs: [10.52.0.0/16]\n"
	"    vpn_gateway: vgw-2\n"
	"    subnets: [ { id: subnet-v2, cidr: 10.52.1.0/24, az: us-east-1a } ]\n"
	"    route_tables: [ { id: rtb-v2, main: true, propagating_vgws: [vgw-2] } ]\n"
	"    security_groups: [ { id: sg-v2, ingress: [ { protocol: tcp, ports: 22, from: 172.16.0.0/16 } ] } ]\n"
	"    instances: [ { id: i-v2, subnet: subnet-v2, private_ip: 10.52.1.10, security_groups: [sg-v2] } ]\n"
	"on_premises:\n"
	"  - { id: corp-dc, cidrs: [192.168.0.0/16], via: vgw-1 }\n"
	"  - { id: branch, cidrs: [172.16.0.0/16], via: vgw-2 }\n"
	"vpn_connections:\n"
	"  - { id: vpn-1, gateway: vgw-1, static_routes: [192.168.0.0/16], state: available }\n"
	"  - { id: vpn-2, gateway: vgw-2, static_routes: [172.16.0.0/16], state: deleted }\n";

/* T_NET: hosts on the internet to public addresses (F5.3). */
static const char T_NET[] = HDR
	"vpcs:\n"
	"  - id: vpc-w\n"
	"    cidrs: [10.61.0.0/16]\n"
	"    internet_gateway: igw-w\n"
	"    subnets:\n"
	"      - { id: subnet-web, cidr: 10.61.0.0/24, az: us-east-1a, route_table: rtb-web }\n"
	"      - { id: subnet-priv, cidr: 10.61.1.0/24, az: us-east-1a, route_table: rtb-priv }\n"
	"    route_tables:\n"
	"      - { id: rtb-web, main: true, routes: [ { destination: 0.0.0.0/0, target: igw-w } ] }\n"
	"      - { id: rtb-priv, routes: [ { destination: 0.0.0.0/0, target: nat-w } ] }\n"
	"    nat_gateways: [ { id: nat-w, subnet: subnet-web, private_ip: 10.61.0.5, public_ip: 3.3.10.1 } ]\n"
	"    security_groups:\n"
	"      - { id: sg-web, ingress: [ { protocol: tcp, ports: 443, from: 0.0.0.0/0 } ] }\n"
	"      - { id: sg-closed, ingress: [] }\n"
	"    instances:\n"
	"      - { id: i-web, subnet: subnet-web, private_ip: 10.61.0.10, public_ip: 3.3.10.10, security_groups: [sg-web] }\n"
	"      - { id: i-asym, subnet: subnet-priv, private_ip: 10.61.1.10, public_ip: 3.3.10.11, security_groups: [sg-web] }\n"
	"      - { id: i-closed, subnet: subnet-web, private_ip: 10.61.0.11, public_ip: 3.3.10.12, security_groups: [sg-closed] }\n";

/* T_V6: IPv6 and gateway endpoints (F2.6, F1.2, F5.4). */
static const char T_V6[] = HDR
	"prefix_lists:\n"
	"  - { id: pl-s3, name: com.amazonaws.us-east-1.s3, cidrs: [52.216.0.0/15] }\n"
	"  - { id: pl-s3v6, name: com.amazonaws.us-east-1.s3, address_family: IPv6, cidrs: [\"2600:1fa0:8000::/39\"] }\n"
	"dns:\n"
	"  data-bkt.s3.dualstack.us-east-1.amazonaws.com: [52.216.10.21, \"2600:1fa0:8000::10\"]\n"
	"vpcs:\n"
	"  - id: vpc-6\n"
	"    cidrs: [10.71.0.0/16]\n"
	"    ipv6_cidrs: [\"2600:1f18:71::/56\"]\n"
	"    internet_gateway: igw-6\n"
	"    egress_only_internet_gateway: eigw-6\n"
	"    subnets:\n"
	"      - { id: subnet-pub, cidr: 10.71.0.0/24, az: us-east-1a, route_table: rtb-pub }\n"
	"      - { id: subnet-v4ep, cidr: 10.71.1.0/24, ipv6_cidr: \"2600:1f18:71:1::/64\", az: us-east-1a, route_table: rtb-1 }\n"
	"      - { id: subnet-ds, cidr: 10.71.2.0/24, ipv6_cidr: \"2600:1f18:71:2::/64\", az: us-east-1a, route_table: rtb-2 }\n"
	"      - { id: subnet-none, cidr: 10.71.3.0/24, ipv6_cidr: \"2600:1f18:71:3::/64\", az: us-east-1a, route_table: rtb-3 }\n"
	"      - { id: subnet-nat6, cidr: 10.71.4.0/24, ipv6_cidr: \"2600:1f18:71:4::/64\", az: us-east-1a, route_table: rtb-4 }\n"
	"      - { id: subnet-igw6, cidr: 10.71.5.0/24, ipv6_cidr: \"2600:1f18:71:5::/64\", az: us-east-1a, route_table: rtb-5 }\n"
	"    route_tables:\n"
	"      - { id: rtb-pub, main: true, routes: [ { destination: 0.0.0.0/0, target: igw-6 } ] }\n"
	"      - { id: rtb-1, routes: [ { destination: \"::/0\", target: eigw-6 } ] }\n"
	"      - { id: rtb-2, routes: [ { destination: \"::/0\", target: eigw-6 } ] }\n"
	"      - { id: rtb-3, routes: [] }\n"
	"      - { id: rtb-4, routes: [ { destination: \"::/0\", target: nat-6 } ] }\n"
	"      - { id: rtb-5, routes: [ { destination: \"::/0\", target: igw-6 }, { destination: 0.0.0.0/0, target: igw-6 } ] }\n"
	"    nat_gateways: [ { id: nat-6, subnet: subnet-pub, private_ip: 10.71.0.5, public_ip: 3.3.11.1 } ]\n"
	"    endpoints:\n"
	"      - { id: vpce-v4, type: gateway, service: s3, route_tables: [rtb-1, rtb-3, rtb-4] }\n"
	"      - { id: vpce-ds, type: gateway, service: s3, ip_address_type: dualstack, route_tables: [rtb-2] }\n"
	"    instances:\n"
	"      - { id: i-v4ep, subnet: subnet-v4ep, private_ip: 10.71.1.10, ipv6_ips: [\"2600:1f18:71:1::10\"], " ROLE " }\n"
	"      - { id: i-ds, subnet: subnet-ds, private_ip: 10.71.2.10, ipv6_ips: [\"2600:1f18:71:2::10\"], " ROLE " }\n"
	"      - { id: i-none, subnet: subnet-none, private_ip: 10.71.3.10, ipv6_ips: [\"2600:1f18:71:3::10\"], " ROLE " }\n"
	"      - { id: i-nat6, subnet: subnet-nat6, private_ip: 10.71.4.10, ipv6_ips: [\"2600:1f18:71:4::10\"], " ROLE " }\n"
	"      - { id: i-igw6, subnet: subnet-igw6, private_ip: 10.71.5.10, ipv6_ips: [\"2600:1f18:71:5::10\"], " ROLE " }\n"
	"s3:\n"
	"  - { bucket: data-bkt, region: us-east-1, account: \"111122223333\" }\n";

/* T_TFNAMES: what `import terraform` writes (review s6 M10): objects named by their
 * address, ids made up for what the plan creates, the resources' Name tags as tags; two
 * workers share a Name tag; aws_instance.db has none. */
static const char T_TFNAMES[] = HDR
	"vpcs:\n"
	"  - id: vpc-tf0a1b2c3d4e5f\n"
	"    name: aws_vpc.core\n"
	"    cidrs: [10.1.0.0/16]\n"
	"    subnets:\n"
	"      - { id: subnet-tf1a2b3c4d5e6f, name: aws_subnet.priv, cidr: 10.1.1.0/24, az: us-east-1a, tags: { Name: priv } }\n"
	"    route_tables: [ { id: rtb-tf4c886a22ab11, name: aws_route_table.priv, main: true } ]\n"
	"    security_groups:\n"
	"      - { id: sg-tf9f8e7d6c5b4a, name: aws_security_group.node, ingress: [ { protocol: tcp, ports: 22, from: 10.1.0.0/16 } ] }\n"
	"    instances:\n"
	"      - { id: i-tf0d676a599f26, name: aws_instance.node1, subnet: subnet-tf1a2b3c4d5e6f, private_ip: 10.1.1.10, security_groups: [sg-tf9f8e7d6c5b4a], tags: { Name: node1 } }\n"
	"      - { id: i-0node2, name: aws_instance.node2, subnet: subnet-tf1a2b3c4d5e6f, private_ip: 10.1.1.11, security_groups: [sg-tf9f8e7d6c5b4a], tags: { Name: node2 } }\n"
	"      - { id: i-tf1111aaaa2222, name: \"module.k8s.aws_instance.worker[0]\", subnet: subnet-tf1a2b3c4d5e6f, private_ip: 10.1.1.20, tags: { Name: worker } }\n"
	"      - { id: i-tf3333bbbb4444, name: \"module.k8s.aws_instance.worker[1]\", subnet: subnet-tf1a2b3c4d5e6f, private_ip: 10.1.1.21, tags: { Name: worker } }\n"
	"      - { id: i-0db, name: aws_instance.db, subnet: subnet-tf1a2b3c4d5e6f, private_ip: 10.1.1.30, security_groups: [sg-tf9f8e7d6c5b4a] }\n";

/* T_NAMES: words naming the ends of a flow, and DNS as AWS answers it (issue 13).
 * vpc-n: an S3 interface endpoint with private DNS; instances with names, two that share
 * one; vpc-m: no interface endpoint, a gateway endpoint; an on-premises network. */
static const char T_NAMES[] = HDR
	"prefix_lists:\n"
	"  - { id: pl-s3, name: com.amazonaws.us-east-1.s3, cidrs: [52.216.0.0/15, 54.231.0.0/16] }\n"
	"dns:\n"
	"  pinned-bkt.s3.us-east-1.amazonaws.com: 52.216.10.20\n"
	"  partner.example.com: 203.0.113.7\n"
	"vpcs:\n"
	"  - id: vpc-n\n"
	"    cidrs: [10.50.0.0/16]\n"
	"    vpn_gateway: vgw-n\n"
	"    subnets:\n"
	SUBNET("subnet-n1", "10.50.1.0/24", "us-east-1a")
	SUBNET("subnet-n2", "10.50.2.0/24", "us-east-1a")
	SUBNET("subnet-nep", "10.50.20.0/24", "us-east-1a")
	"    route_tables: [ { id: rtb-n, main: true, propagating_vgws: [vgw-n] } ]\n"
	"    security_groups:\n"
	"      - { id: sg-web, ingress: [ { protocol: tcp, ports: 443, from: 10.50.0.0/16 }, { protocol: tcp, ports: 443, from: 192.168.50.0/24 } ] }\n"
	"      - { id: sg-db, ingress: [ { protocol: tcp, ports: 5432, from: 10.50.1.0/24 } ] }\n"
	"      - { id: sg-ep, ingress: [ { protocol: tcp, ports: 443, from: 10.50.0.0/16 } ] }\n"
	"    endpoints:\n"
	"      - { id: vpce-ifn, type: interface, service: s3, subnets: [subnet-nep], ips: { subnet-nep: 10.50.20.5 }, security_groups: [sg-ep], private_dns: true }\n"
	"      - { id: vpce-sqsn, type: interface, service: com.amazonaws.us-east-1.sqs, subnets: [subnet-nep], ips: { subnet-nep: 10.50.20.6 }, security_groups: [sg-ep], private_dns: true }\n"
	"    instances:\n"
	"      - { id: i-app1, name: app-1, subnet: subnet-n1, private_ip: 10.50.1.10, " ROLE " }\n"
	"      - { id: i-web1, name: web-1, subnet: subnet-n2, private_ip: 10.50.2.10, security_groups: [sg-web], " ROLE " }\n"
	"      - { id: i-db1, name: db-1, subnet: subnet-n2, private_ip: 10.50.2.20, security_groups: [sg-db] }\n"
	"      - { id: i-twin1, name: twin, subnet: subnet-n2, private_ip: 10.50.2.31 }\n"
	"      - { id: i-twin2, name: twin, subnet: subnet-n2, private_ip: 10.50.2.32 }\n"
	"    interfaces:\n"
	"      - { id: eni-0fn1, kind: lambda, name: orders-fn, subnet: subnet-n2, private_ips: [10.50.2.50, 10.50.2.51], security_groups: [sg-web] }\n"
	"  - id: vpc-m\n"
	"    cidrs: [10.51.0.0/16]\n"
	"    subnets:\n"
	SUBNET("subnet-m1", "10.51.1.0/24", "us-east-1a")
	"    route_tables: [ { id: rtb-m, main: true } ]\n"
	"    endpoints: [ { id: vpce-gwm, type: gateway, service: s3, route_tables: [rtb-m] } ]\n"
	"    instances:\n"
	"      - { id: i-m1, name: m-1, subnet: subnet-m1, private_ip: 10.51.1.10, " ROLE " }\n"
	"  - id: vpc-x\n"
	"    cidrs: [10.52.0.0/16]\n"
	"    dns_support: false\n"
	"    subnets:\n"
	SUBNET("subnet-x1", "10.52.1.0/24", "us-east-1a")
	"    route_tables: [ { id: rtb-x, main: true } ]\n"
	"    endpoints: [ { id: vpce-gwx, type: gateway, service: s3, route_tables: [rtb-x] } ]\n"
	"    instances:\n"
	"      - { id: i-x1, name: x-1, subnet: subnet-x1, private_ip: 10.52.1.10, " ROLE " }\n"
	"on_premises:\n"
	"  - { id: corp-n, name: office, cidrs: [192.168.50.0/24], via: vgw-n }\n"
	"s3:\n"
	"  - { bucket: data-bkt, region: us-east-1 }\n"
	"  - { bucket: pinned-bkt, region: us-east-1 }\n"
	"  - { bucket: my.dotted.bkt, region: us-east-1 }\n";

#define DUALSTACK_HOST "data-bkt.s3.dualstack.us-east-1.amazonaws.com"

/* ---- the cases ----------------------------------------------------------------------- */

#define R(x) .verdict = "reachable", .path = x
#define UNREACH(p, code) .verdict = "unreachable", .path = p, .reason = code
#define DENIED(p, code) .verdict = "denied", .path = p, .reason = code
#define EXITS(p) .verdict = "exits-model", .path = p, .reason = "EXITS_MODEL"
#define HOP(k, id) .hop_kind = k, .hop_id = id
#define RET .leg = "return"

static const struct tcase cases[] = {
	/* ---- §2 gateway endpoints, §8 prices, F5.7 ---- */
	{ "F2.2 F1.5 F8: the S3 gateway endpoint's prefix-list route carries S3 traffic, free",
	  /* F2.2: the endpoint adds pl -> vpce to rtb-app; F1.5: it beats 0/0 -> NAT for S3;
	   * §8: gateway endpoint $0/GB; F2.11: aws:SourceVpce and aws:VpcSourceIp are in the
	   * context, aws:SourceIp is not; F5.7: private-path passes */
	  T_GW, .from = "i-app", .to = "s3://data-bkt/k", R("gateway-endpoint"), .cost = "0",
	  .service = "s3",
	  .ctx_has = { "aws:SourceVpce=vpce-gw", "aws:SourceVpc=vpc-a", "aws:VpcSourceIp=10.0.1.10" },
	  .ctx_absent = { "aws:SourceIp" }, .via = "endpoint", .fixed = "0",
	  .rules = { "private-path=pass" }, .compliant = "yes" },
	{ "F2.10: no endpoint policy means the default full-access policy (endpoint-policy-scoped fails)",
	  /* F2.10: a missing policy is full access: s3:PutObject passes the endpoint */
	  T_GW, .from = "i-app", .to = "s3://data-bkt/k", .action = "s3:PutObject",
	  R("gateway-endpoint"), .rules = { "endpoint-policy-scoped=fail" } },
	{ "F2.3 F8 F5.7 F2.11: a subnet not associated with the endpoint uses the public path (NAT, $0.045/GB)",
	  /* F2.3: instances in subnets not associated use the public service endpoint;
	   * §8: NAT processing $0.045/GB; F5.7/F2.11: no endpoint keys, aws:SourceIp is the
	   * NAT's EIP; private-path (an error rule) fails */
	  T_GW, .from = "i-other", .to = "s3://data-bkt/k", R("nat-gateway"), .cost = "0.045",
	  .ctx_has = { "aws:SourceIp=3.3.3.1" },
	  .ctx_absent = { "aws:SourceVpce", "aws:SourceVpc", "aws:VpcSourceIp" }, .via = "public",
	  /* §8: NAT hourly $0.045 + its public IPv4 $0.005, x 730 h */
	  .fixed = "36.5", .rules = { "private-path=fail" }, .compliant = "no" },
	{ "F5.6 F8: a NAT gateway in another AZ adds inter-AZ transfer: $0.055/GB",
	  /* F5.6: cross-AZ NAT; §8 + pricing one-side convention: 0.045 + 0.01 */
	  T_GW, .from = "i-otherb", .to = "s3://data-bkt/k", R("nat-gateway"), .cost = "0.055",
	  .rules = { "no-cross-az-charge=fail" } },
	{ "F1.10 F2.3: a subnet with no association uses the main route table, and its endpoint route",
	  T_GW, .from = "i-m", .to = "s3://data-bkt/k", R("gateway-endpoint"), .cost = "0" },
	{ "F1.10: the main route table's default route for a non-service address",
	  T_GW, .from = "i-m", .to = "8.8.8.8", EXITS("nat-gateway") },
	{ "F2.3 F2.4: an S3 endpoint route does not carry DynamoDB (its own prefix list): NAT",
	  T_GW, .from = "i-app", .to = "dynamodb://orders", R("nat-gateway"), .cost = "0.045",
	  .service = "dynamodb" },
	{ "F1.5 F2.5 F8: S3 in another region is not in the endpoint's prefix list: NAT + inter-region",
	  /* F1.5: other-region traffic goes the default way; F2.5: same region only;
	   * §8 "Cross-Region S3: add $0.02/GB": 0.045 + 0.02 */
	  T_GW, .from = "i-app", .to = "s3://west-bkt/k", R("nat-gateway"), .cost = "0.065",
	  .rules = { "same-region=fail" } },
	{ "F1.6 F6.2: the local route between subnets; the default SG admits its own members",
	  T_GW, .from = "i-app", .to = "10.0.2.10", .port = 22, R("local") },

	/* ---- §1 prefix lists against CIDR routes ---- */
	{ "F1.4-note F1.5: a /24 CIDR route beats the prefix list's /15 entry inside the /24",
	  T_PL, .from = "i-b", .to = "s3://in24-bkt/k", R("nat-gateway") },
	{ "F1.4-note F1.5: outside the /24 the /15 entry wins, and beats 0/0 -> igw",
	  T_PL, .from = "i-b", .to = "s3://out24-bkt/k", R("gateway-endpoint") },
	{ "F1.4a F1.5: a static CIDR route equal to a prefix-list entry takes priority",
	  T_PL, .from = "i-b", .to = "s3://same16-bkt/k", R("nat-gateway") },

	/* ---- §1 route selection ---- */
	{ "F1.1 F1.12: 192.0.2.100 matches only the /24 (the /28 blackhole does not cover it)",
	  T_RT, .from = "i-r", .to = "192.0.2.100", EXITS("nat-gateway") },
	{ "F1.8 F1.12: the /28 blackhole is the longest match for 192.0.2.5",
	  T_RT, .from = "i-r", .to = "192.0.2.5", UNREACH("none", "BLACKHOLE_ROUTE"),
	  HOP("route-table", "rtb-app") },
	{ "F1.9: a blackhole longest match is final; no fallback to 0/0",
	  T_RT, .from = "i-r", .to = "198.18.1.1", UNREACH("none", "BLACKHOLE_ROUTE"),
	  HOP("route-table", "rtb-app") },
	{ "F1.9: no route matches: dropped",
	  T_RT, .from = "i-iso", .to = "8.8.8.8", UNREACH("none", "NO_ROUTE"),
	  HOP("route-table", "rtb-iso") },
	{ "F1.11: a customer-managed prefix list as a route destination",
	  T_RT, .from = "i-r", .to = "203.0.113.9", EXITS("internet-gateway") },
	{ "F1.4c: overlapping prefix lists to different targets: ambiguous",
	  T_RT, .from = "i-r", .to = "198.51.100.7", .verdict = "ambiguous", .path = "none",
	  .reason = "AMBIGUOUS_ROUTE", HOP("route-table", "rtb-app") },
	{ "F1.4c: overlapping prefix lists to the same target are not ambiguous",
	  T_RT, .from = "i-r", .to = "100.64.1.9", EXITS("nat-gateway") },
	{ "F1.4b F1.4-note: prefix lists compared per matching entry: the /24 entry beats the /16",
	  T_RT, .from = "i-r", .to = "100.65.7.7", EXITS("nat-gateway") },
	{ "F1.4-note: outside the /24 entry, the /16 list's target",
	  T_RT, .from = "i-r", .to = "100.65.9.9", EXITS("internet-gateway") },
	{ "F1.3: identical static (igw) and propagated (vgw) routes: the static route wins",
	  /* the worked example of F1.3: 172.31.0.0/24 -> vgw (propagated), -> igw (static) */
	  T_RT, .from = "i-r", .to = "172.31.0.9", EXITS("internet-gateway") },
	{ "F1.4b: a prefix-list route beats an identical propagated route",
	  T_RT, .from = "i-r", .to = "192.168.1.5", EXITS("internet-gateway") },
	{ "F1.1: a propagated route is used when it is the longest match",
	  T_RT, .from = "i-r", .to = "10.200.1.1", EXITS("vpn-gateway") },
	{ "F1.2: 0.0.0.0/0 does not cover IPv6: no route",
	  T_RT, .from = "i-r", .to = "2001:db8::1", UNREACH("none", "NO_ROUTE"),
	  HOP("route-table", "rtb-app") },
	{ "F1.2: ::/0 to an egress-only internet gateway carries IPv6",
	  T_RT, .from = "i-v6", .to = "2001:db8::1", EXITS("egress-only-internet-gateway") },
	{ "F1.6: the local route reaches another subnet of the VPC",
	  T_RT, .from = "i-r", .to = "10.2.3.10", .port = 22, R("local") },
	{ "F1.6 F6.3: within a subnet, layer 2: a route for the subnet's own CIDR does not apply",
	  T_RT, .from = "i-mb1", .to = "10.2.5.11", .port = 22, R("local") },
	{ "F1.6: inside the VPC CIDR but in no subnet: NO_SUBNET_FOR_DESTINATION",
	  T_RT, .from = "i-r", .to = "10.2.200.5", .port = 22,
	  UNREACH("none|local", "NO_SUBNET_FOR_DESTINATION"), .hop_kind = "route-table" },
	{ "F1.6: in a subnet but no ENI has the address: NO_INTERFACE_AT_DESTINATION",
	  T_RT, .from = "i-r", .to = "10.2.3.99", .port = 22,
	  UNREACH("none|local", "NO_INTERFACE_AT_DESTINATION") },

	/* ---- §5 NAT and internet gateways ---- */
	{ "F5.2 F5.5 F8: private subnet -> public NAT -> IGW -> S3, $0.045/GB",
	  T_NAT, .from = "i-p1", .to = "s3://data-bkt/k", R("nat-gateway"), .cost = "0.045",
	  .ctx_has = { "aws:SourceIp=3.3.6.1" } },
	{ "F5.5 F6.3: the NAT subnet's NACL must admit the responses to NAT ports 1024-65535",
	  T_NAT, .from = "i-p2", .to = "s3://data-bkt/k", .verdict = "unreachable",
	  .path = "nat-gateway", .reason = "NACL_RETURN_DENIED", RET,
	  HOP("network-acl", "acl-narrow") },
	{ "F6.3: the request entering the NAT subnet crosses its NACL inbound",
	  T_NAT, .from = "i-p3", .to = "s3://data-bkt/k", UNREACH("nat-gateway", "NACL_INGRESS_DENIED"),
	  HOP("network-acl", "acl-noreq") },
	{ "F5.1: a private NAT gateway's traffic is dropped by the internet gateway",
	  T_NAT, .from = "i-p4", .to = "s3://data-bkt/k", UNREACH("nat-gateway", "PRIVATE_NAT_TO_IGW"),
	  HOP("internet-gateway", "igw-n") },
	{ "F5.3: no public IPv4 address: the internet gateway cannot carry it",
	  T_NAT, .from = "i-pub", .to = "s3://data-bkt/k",
	  UNREACH("internet-gateway|none", "NO_PUBLIC_IP"), HOP("internet-gateway", "igw-n") },
	{ "F5.3 F8 F5.7: with a public IP, straight through the IGW to S3: $0/GB, aws:SourceIp public",
	  T_NAT, .from = "i-pubip", .to = "s3://data-bkt/k", R("internet-gateway"), .cost = "0",
	  .ctx_has = { "aws:SourceIp=3.3.6.20" }, .ctx_absent = { "aws:SourceVpce" }, .via = "public",
	  .fixed = "3.65", /* §8: the instance's public IPv4, $0.005 x 730 h */
	  .rules = { "private-path=fail" } },

	/* ---- §6 security groups and network ACLs ---- */
	{ "F6.1: an SG with an empty egress list denies all outbound",
	  T_SG, .from = "i-noegress", .to = "s3://data-bkt/k", UNREACH("none", "SG_EGRESS_DENIED"),
	  HOP("security-group", "sg-noegress") },
	{ "F6.1: an SG with no egress list written has the default allow-all; stateful return",
	  /* ingress: [] does not block the response (stateful) */
	  T_SG, .from = "i-absent", .to = "s3://data-bkt/k", R("gateway-endpoint") },
	{ "F2.8 F6.1: the instance SG must allow the S3 prefix list (a DynamoDB-only rule does not)",
	  T_SG, .from = "i-ddbonly", .to = "s3://data-bkt/k", UNREACH("none", "SG_EGRESS_DENIED"),
	  HOP("security-group", "sg-ddbonly") },
	{ "F2.8 F6.1: an SG egress rule naming the S3 prefix list admits the gateway-endpoint path",
	  T_SG, .from = "i-s3pl", .to = "s3://data-bkt/k", R("gateway-endpoint") },
	{ "F6.3: NACL rules in number order, first match: rule 100 deny wins over 200 allow",
	  T_SG, .from = "i-order", .to = "s3://data-bkt/k", UNREACH("none", "NACL_EGRESS_DENIED"),
	  HOP("network-acl", "acl-order"), .hop_rule = 100 },
	{ "F6.3 F2.8: NACL CIDRs are canonicalised (52.217.255.255/15 is 52.216.0.0/15)",
	  T_SG, .from = "i-canon", .to = "s3://data-bkt/k", R("gateway-endpoint") },
	{ "F6.1: an egress rule naming a security group admits its members",
	  T_SG, .from = "i-todb", .to = "10.4.7.10", .port = 5432, R("local") },
	{ "F6.1: ... and nothing else",
	  T_SG, .from = "i-todb", .to = "s3://data-bkt/k", UNREACH("none", "SG_EGRESS_DENIED"),
	  .hop_kind = "security-group" },
	{ "F6.3: rule 90 allow is evaluated before rule 100 deny, whatever the written order",
	  T_SG, .from = "i-first", .to = "s3://data-bkt/k", R("gateway-endpoint") },
	{ "F6.3: a new custom NACL denies all (the * rule)",
	  T_SG, .from = "i-empty1", .to = "s3://data-bkt/k", UNREACH("none", "NACL_EGRESS_DENIED"),
	  HOP("network-acl", "acl-empty"), .hop_rule = 32767 },
	{ "F6.3 F6.2: NACLs do not apply within a subnet; default SG admits its members",
	  T_SG, .from = "i-empty1", .to = "10.4.4.11", .port = 22, R("local") },
	{ "F6.3 F6.4: the return leg must admit the client's whole ephemeral range: NACL_RETURN_DENIED",
	  T_SG, .from = "i-partial", .to = "s3://data-bkt/k", .verdict = "unreachable",
	  .path = "gateway-endpoint", .reason = "NACL_RETURN_DENIED", RET,
	  HOP("network-acl", "acl-partial") },
	{ "F6.3 F6.4: a pinned client port inside the admitted range is admitted",
	  T_SG, .from = "i-partial", .to = "s3://data-bkt/k", .sport = 20000, R("gateway-endpoint") },
	{ "F6.4: Windows Server 2003 ephemeral ports 1025-5000 fit 1024-32767",
	  T_SG, .from = "i-win", .to = "s3://data-bkt/k", R("gateway-endpoint") },
	{ "F6.4: Amazon Linux ephemeral ports 32768-61000 admitted exactly",
	  T_SG, .from = "i-exact", .to = "s3://data-bkt/k", R("gateway-endpoint") },
	{ "F6.4: Windows Server 2008+ 49152-65535 only partly inside 32768-61000",
	  T_SG, .from = "i-win2008", .to = "s3://data-bkt/k", .verdict = "unreachable",
	  .path = "gateway-endpoint", .reason = "NACL_RETURN_DENIED", RET,
	  HOP("network-acl", "acl-exact") },
	{ "F6.2: the default SG admits only its own members inbound",
	  T_SG, .from = "i-x", .to = "10.4.1.15", .port = 22, UNREACH("local|none", "SG_INGRESS_DENIED"),
	  HOP("security-group", "vpc-s-default-sg") },
	{ "F6.2: default SG to default SG",
	  T_SG, .from = "i-d2", .to = "10.4.1.15", .port = 22, R("local") },
	{ "F6.1: an ingress rule referencing a security group admits its members",
	  T_SG, .from = "i-web", .to = "10.4.7.10", .port = 5432, R("local") },
	{ "F6.1: ... and nobody else",
	  T_SG, .from = "i-x", .to = "10.4.7.10", .port = 5432, UNREACH("local|none", "SG_INGRESS_DENIED"),
	  HOP("security-group", "sg-db") },
	{ "F6.3: the destination subnet's NACL inbound",
	  T_SG, .from = "i-web", .to = "10.4.7.10", .port = 22, UNREACH("local|none", "NACL_INGRESS_DENIED"),
	  HOP("network-acl", "acl-db") },
	{ "F6.3 F6.4: the destination subnet's NACL outbound must pass the responses",
	  T_SG, .from = "i-web", .to = "10.4.8.10", .port = 5432, .verdict = "unreachable",
	  .path = "local", .reason = "NACL_RETURN_DENIED", RET, HOP("network-acl", "acl-db2") },

	/* ---- §7 policies, F2.11, F2.12 ---- */
	{ "F2.12: bucket pinned to vpce-1, reached through vpce-1",
	  T_POL, .from = "i-a", .to = "s3://pinned-bkt/k", R("gateway-endpoint"),
	  .rules = { "resource-pinned-to-endpoint=pass" } },
	{ "F2.12: bucket pinned to vpce-1, reached through another endpoint: denied",
	  T_POL, .from = "i-b", .to = "s3://pinned-bkt/k", DENIED("gateway-endpoint", "RESOURCE_POLICY_DENIED"),
	  HOP("service", "pinned-bkt") },
	{ "F2.12 F7.7: bucket pinned to vpce-1, reached through a NAT: StringNotEquals on a missing key is true",
	  T_POL, .from = "i-c", .to = "s3://pinned-bkt/k", DENIED("nat-gateway", "RESOURCE_POLICY_DENIED"),
	  HOP("service", "pinned-bkt") },
	{ "F2.12 F2.11: the aws:SourceVpc pattern, via an endpoint of that VPC",
	  T_POL, .from = "i-b", .to = "s3://vpcpin-bkt/k", R("gateway-endpoint") },
	{ "F2.12 F7.7: the aws:SourceVpc pattern, via NAT: denied",
	  T_POL, .from = "i-c", .to = "s3://vpcpin-bkt/k", DENIED("nat-gateway", "RESOURCE_POLICY_DENIED") },
	{ "F7.7: ...IfExists on a missing key is true: the Deny applies via NAT",
	  T_POL, .from = "i-c", .to = "s3://ifexists-bkt/k", DENIED("nat-gateway", "RESOURCE_POLICY_DENIED") },
	{ "F7.7: ...IfExists with the key present and matching the exception: allowed",
	  T_POL, .from = "i-a", .to = "s3://ifexists-bkt/k", R("gateway-endpoint") },
	{ "F7.7: a positive operator on a missing key is false: the Deny does not apply via NAT",
	  T_POL, .from = "i-c", .to = "s3://positive-bkt/k", R("nat-gateway") },
	{ "F7.6: a positive operator on a present, matching key: the Deny applies",
	  T_POL, .from = "i-b", .to = "s3://positive-bkt/k", DENIED("gateway-endpoint", "RESOURCE_POLICY_DENIED") },
	{ "F7.6 F7.7: Null true on a missing key (via NAT): the Deny applies",
	  T_POL, .from = "i-c", .to = "s3://null-bkt/k", DENIED("nat-gateway", "RESOURCE_POLICY_DENIED") },
	{ "F7.6 F2.11: Null true on a present key (via an endpoint): no Deny",
	  T_POL, .from = "i-b", .to = "s3://null-bkt/k", R("gateway-endpoint") },
	{ "F7.3(1): an explicit Deny in the bucket policy",
	  T_POL, .from = "i-b", .to = "s3://deny-bkt/k", DENIED("gateway-endpoint", "RESOURCE_POLICY_DENIED"),
	  HOP("service", "deny-bkt") },
	{ "F7.3(1): an explicit Deny in the endpoint policy",
	  T_POL, .from = "i-b", .to = "s3://open-bkt/k", .action = "s3:DeleteObject",
	  DENIED("gateway-endpoint", "ENDPOINT_POLICY_DENIED"), HOP("gateway-endpoint", "vpce-2") },
	{ "F7.3(2) F7.1: the endpoint policy must allow (implicit deny of PutObject)",
	  T_POL, .from = "i-a", .to = "s3://open-bkt/k", .action = "s3:PutObject",
	  DENIED("gateway-endpoint", "ENDPOINT_POLICY_DENIED"), HOP("gateway-endpoint", "vpce-1") },
	{ "F7.3(5): not through an endpoint, the endpoint policy is not evaluated",
	  T_POL, .from = "i-c", .to = "s3://open-bkt/k", .action = "s3:PutObject", R("nat-gateway") },
	{ "F7.3(1): an explicit Deny in the identity policy",
	  T_POL, .from = "i-b", .to = "s3://open-bkt/secret/x",
	  .principal = "arn:aws:iam::111122223333:role/denied",
	  DENIED("gateway-endpoint", "IDENTITY_POLICY_DENIED"), HOP("service", "open-bkt") },
	{ "F7.2: the same identity's Allow outside the Deny's resource",
	  T_POL, .from = "i-b", .to = "s3://open-bkt/public/x",
	  .principal = "arn:aws:iam::111122223333:role/denied", R("gateway-endpoint") },
	{ "F7.3(3): same account: a bucket-policy Allow suffices without an identity Allow (union)",
	  T_POL, .from = "i-b", .to = "s3://shared-bkt/k", .principal = "arn:aws:iam::111122223333:role/narrow",
	  R("gateway-endpoint") },
	{ "F7.2: same account, neither identity nor bucket policy allows: implicit deny",
	  T_POL, .from = "i-b", .to = "s3://open-bkt/k", .principal = "arn:aws:iam::111122223333:role/narrow",
	  DENIED("gateway-endpoint", "NO_POLICY_ALLOWS"), HOP("service", "open-bkt") },
	{ "F7.3(3) F7.2: cross-account needs the identity Allow too (bucket policy alone is not enough)",
	  /* the code is checked strictly in the regressions below */
	  T_POL, .from = "i-b", .to = "s3://xacct-bkt/k", .principal = "arn:aws:iam::111122223333:role/narrow",
	  DENIED("gateway-endpoint", "IDENTITY_POLICY_DENIED|NO_POLICY_ALLOWS"), HOP("service", "xacct-bkt") },
	{ "F7.3(3): cross-account with both the identity and the bucket policy allowing",
	  T_POL, .from = "i-b", .to = "s3://xacct-bkt/k", .principal = "arn:aws:iam::111122223333:role/reader",
	  R("gateway-endpoint") },
	{ "F7.3(3) F7.2: cross-account, identity allows but the bucket has no policy granting",
	  /* the code is checked strictly in the regressions below */
	  T_POL, .from = "i-b", .to = "s3://xacct-nopol/k", .principal = "arn:aws:iam::111122223333:role/reader",
	  DENIED("gateway-endpoint", "RESOURCE_POLICY_DENIED|NO_POLICY_ALLOWS"), HOP("service", "xacct-nopol") },
	{ "F7.6 F7.7: endpoint policy condition on a key the request lacks: implicit deny",
	  T_POL, .from = "i-d", .to = "s3://open-bkt/k", DENIED("gateway-endpoint", "ENDPOINT_POLICY_DENIED"),
	  HOP("gateway-endpoint", "vpce-3") },
	{ "F2.10: a gateway endpoint policy naming an account as Principal grants only its root user",
	  T_POL, .from = "i-e", .to = "s3://open-bkt/k", DENIED("gateway-endpoint", "ENDPOINT_POLICY_DENIED"),
	  HOP("gateway-endpoint", "vpce-4") },
	{ "F7.6 cli.md --context: a request-context key given with --context is evaluated",
	  T_POL, .from = "i-d", .to = "s3://open-bkt/k", .ctx = "aws:PrincipalTag/team=data",
	  R("gateway-endpoint"), .ctx_has = { "aws:PrincipalTag/team=data" } },

	/* ---- §3 interface endpoints ---- */
	{ "F3.4 F8: private DNS sends the regional name to the endpoint ENI: $0.01/GB",
	  T_IF, .from = "i-i1", .to = "s3://data-bkt/k", R("interface-endpoint"), .cost = "0.01",
	  .ctx_has = { "aws:SourceVpce=vpce-if1" }, .ctx_absent = { "aws:SourceIp" }, .via = "endpoint",
	  .fixed = "14.6", /* F3.8 §8: $0.01 per endpoint per AZ-hour, 2 AZs x 730 h */
	  .rules = { "private-path=pass", "no-cross-az-charge=pass" } },
	{ "F3.1: an interface endpoint supports TCP only",
	  T_IF, .from = "i-i1", .to = "s3://data-bkt/k", .proto = TOPO_PROTO_UDP,
	  UNREACH("interface-endpoint", "PROTOCOL_NOT_SUPPORTED"), HOP("interface-endpoint", "vpce-if1") },
	{ "F3.2: the endpoint's security group must admit inbound HTTPS",
	  T_IF, .from = "i-i2", .to = "s3://data-bkt/k",
	  UNREACH("interface-endpoint|local|none", "SG_INGRESS_DENIED"), HOP("security-group", "sg-ep2") },
	{ "F3.2 F6.2: no SG named: the VPC default SG, which admits only its members",
	  T_IF, .from = "i-i3x", .to = "s3://data-bkt/k",
	  UNREACH("interface-endpoint|local|none", "SG_INGRESS_DENIED"),
	  HOP("security-group", "vpc-i3-default-sg") },
	{ "F3.2 F6.2: a client in the default SG passes the endpoint's default SG",
	  T_IF, .from = "i-i3d", .to = "s3://data-bkt/k", R("interface-endpoint") },
	{ "F3.4: interface endpoints do not serve the legacy global name (no other path: no route)",
	  T_IF, .from = "i-i1", .to = "s3://data-bkt/k", .host = "s3.amazonaws.com",
	  UNREACH("none", "NO_ROUTE"), HOP("route-table", "rtb-i1") },
	{ "F3.2 F6.3: the endpoint subnet's network ACL must admit the traffic",
	  T_IF, .from = "i-i9", .to = "s3://data-bkt/k",
	  UNREACH("interface-endpoint|local|none", "NACL_INGRESS_DENIED"), HOP("network-acl", "acl-ep9") },
	{ "F3.4: private DNS off: the regional name is public, so the NAT carries it",
	  T_IF, .from = "i-i4", .to = "s3://data-bkt/k", R("nat-gateway") },
	{ "F3.3 F3.8 F8: the endpoint-specific name reaches the endpoint; ENI in another AZ: $0.02/GB",
	  T_IF, .from = "i-i4", .to = "s3://data-bkt/k",
	  .host = "bucket.vpce-if4.s3.us-east-1.vpce.amazonaws.com", R("interface-endpoint"),
	  .cost = "0.02", .rules = { "no-cross-az-charge=fail" } },
	{ "F3.3: the zonal endpoint-specific name",
	  T_IF, .from = "i-i4", .to = "s3://data-bkt/k",
	  .host = "bucket.vpce-if4-us-east-1b.s3.us-east-1.vpce.amazonaws.com", R("interface-endpoint") },
	{ "F3.4 F3.9: private DNS only for the inbound resolver: in-VPC clients use the gateway endpoint",
	  T_IF, .from = "i-i5", .to = "s3://data-bkt/k", R("gateway-endpoint"), .cost = "0" },
	{ "F3.4 F3.5 F3.9: on premises over VPN resolves through the inbound resolver to the interface endpoint",
	  T_IF, .from = "corp5", .to = "s3://data-bkt/k", R("vpn-gateway+interface-endpoint"),
	  .cost = "0.1" },  /* $0.01 processing + $0.09 VPN data transfer out (issue 17) */
	{ "F3.3 F3.5: on premises over VPN with the endpoint-specific name",
	  T_IF, .from = "corp5", .to = "s3://data-bkt/k",
	  .host = "bucket.vpce-if5.s3.us-east-1.vpce.amazonaws.com", R("vpn-gateway+interface-endpoint") },
	{ "F2.7: DNS resolution off: the service name does not resolve",
	  T_NODNS, .from = "i-nd", .to = "s3://data-bkt/k", UNREACH("none", "DNS_UNRESOLVED"),
	  .hop_kind = "dns" },
	{ "F2.5: on premises cannot use the VPC's gateway endpoint",
	  T_IF, .from = "corp6", .to = "s3://data-bkt/k",
	  UNREACH("vpn-gateway|none", "GATEWAY_ENDPOINT_NOT_REACHABLE") },
	{ "F3.7: DynamoDB interface endpoints have no private DNS: the regional name goes public (NAT)",
	  T_IF, .from = "i-i7", .to = "dynamodb://orders", R("nat-gateway"), .service = "dynamodb" },
	{ "F3.7 F8: DynamoDB through the endpoint URL used directly",
	  T_IF, .from = "i-i7", .to = "dynamodb://orders",
	  .host = "vpce-ddb7.dynamodb.us-east-1.vpce.amazonaws.com", R("interface-endpoint"),
	  .cost = "0.01", .service = "dynamodb" },
	{ "F3.6 F8: a cross-region interface endpoint to S3: processing + inter-region transfer",
	  T_IF, .from = "i-i8", .to = "s3://data-bkt/k",
	  .host = "bucket.vpce-xr8.s3.us-east-1.vpce.amazonaws.com", R("interface-endpoint"),
	  .cost = "0.03", .rules = { "same-region=fail" } },

	/* ---- what AWS rejects ---- */
	{ "F3.7: a DynamoDB interface endpoint with private DNS is rejected",
	  T_BAD_DDB_PRIVATE_DNS, .load = LOAD_REJECT },
	{ "F2.5 F3.6: a gateway endpoint to another region's service is rejected",
	  T_BAD_GW_XREGION, .load = LOAD_REJECT },
	{ "F1.7: a route to 169.254.168.0/22 is rejected",
	  T_BAD_RESERVED, .load = LOAD_REJECT },
	{ "F5.1: a private NAT gateway cannot have an elastic IP",
	  T_BAD_PRIVATE_NAT_EIP, .load = LOAD_REJECT },
	{ "F1.6: a route more specific than local may only target a NAT gateway or ENI",
	  T_BAD_MORE_SPECIFIC, .load = LOAD_REJECT },
	{ "F2.3: one endpoint route per service per route table",
	  T_BAD_TWO_S3_ROUTES, .load = LOAD_REJECT },
	{ "F2.10: a gateway endpoint policy needs Principal \"*\" (rejected or warned)",
	  T_BAD_GW_PRINCIPAL, .load = LOAD_REJECT },

	/* ---- §4 S3 Express One Zone ---- */
	{ "F4.1 F4.3 F8: a directory bucket through the s3express gateway endpoint: no endpoint charge",
	  /* §8: gateway endpoint $0; the S3 Express per-GB fees are the only per-GB charge */
	  T_X, .from = "i-x2", .to = "s3://hot--use1-az4--x-s3/k", R("gateway-endpoint"),
	  .items = { "gateway-endpoint=0", "!nat-processing" },
	  .service = "s3express", .rules = { "same-az=pass" } },
	{ "F4.3 F8: S3 Express retrieval through the gateway endpoint: $0.0006/GB, nothing else",
	  T_X, .from = "i-x2", .to = "s3://hot--use1-az4--x-s3/k", .action = "s3:GetObject",
	  R("gateway-endpoint"), .cost = "0.0006",
	  .items = { "gateway-endpoint=0", "s3express-transfer=0.0006" } },
	{ "F4.3 F8: S3 Express upload through the gateway endpoint: $0.0032/GB",
	  T_X, .from = "i-x2", .to = "s3://hot--use1-az4--x-s3/k", .action = "s3:PutObject",
	  R("gateway-endpoint"), .cost = "0.0032",
	  .items = { "gateway-endpoint=0", "s3express-transfer=0.0032" } },
	{ "F4.3 F2.4 F8: the s3 gateway endpoint does not cover S3 Express (separate prefix list): NAT",
	  T_X, .from = "i-x1", .to = "s3://hot--use1-az4--x-s3/k", .action = "s3:GetObject",
	  R("nat-gateway"), .cost = "0.0456", .items = { "nat-processing=0.045" },
	  .service = "s3express" },
	{ "F4.2 F4.3: the zonal endpoint name of a directory bucket",
	  T_X, .from = "i-x2", .to = "https://hot--use1-az4--x-s3.s3express-use1-az4.us-east-1.amazonaws.com/k",
	  R("gateway-endpoint"), .service = "s3express" },
	{ "F4.4: a write in a ReadOnly session is denied",
	  T_X, .from = "i-x2", .to = "s3://hot--use1-az4--x-s3/k", .action = "s3:PutObject",
	  .session_mode = "ReadOnly", DENIED("gateway-endpoint", "SESSION_MODE_DENIED"),
	  HOP("service", "hot--use1-az4--x-s3") },
	{ "F4.4: a read in a ReadOnly session",
	  T_X, .from = "i-x2", .to = "s3://hot--use1-az4--x-s3/k", .action = "s3:GetObject",
	  .session_mode = "ReadOnly", R("gateway-endpoint") },
	{ "F4.4: a write in the default ReadWrite session",
	  T_X, .from = "i-x2", .to = "s3://hot--use1-az4--x-s3/k", .action = "s3:PutObject",
	  R("gateway-endpoint") },
	{ "F4.4: the bucket policy restricts s3express:SessionMode: a write is denied",
	  T_X, .from = "i-x2", .to = "s3://ro--use1-az4--x-s3/k", .action = "s3:PutObject",
	  DENIED("gateway-endpoint", "RESOURCE_POLICY_DENIED"), HOP("service", "ro--use1-az4--x-s3") },
	{ "F4.4: the bucket policy restricts s3express:SessionMode: a read passes",
	  T_X, .from = "i-x2", .to = "s3://ro--use1-az4--x-s3/k", .action = "s3:GetObject",
	  R("gateway-endpoint") },
	{ "F4.4: object reads are authorised by s3express:CreateSession, not s3:GetObject",
	  T_X, .from = "i-x2", .to = "s3://hot--use1-az4--x-s3/k", .action = "s3:GetObject",
	  .principal = "arn:aws:iam::111122223333:role/getter",
	  DENIED("gateway-endpoint", "NO_POLICY_ALLOWS|IDENTITY_POLICY_DENIED"),
	  HOP("service", "hot--use1-az4--x-s3") },
	{ "F4.4: an identity allowing s3express:CreateSession may write",
	  T_X, .from = "i-x2", .to = "s3://hot--use1-az4--x-s3/k", .action = "s3:PutObject",
	  .principal = "arn:aws:iam::111122223333:role/sessioner", R("gateway-endpoint") },
	{ "F4.4: HeadBucket is still authorised by s3express:CreateSession",
	  T_X, .from = "i-x2", .to = "s3://hot--use1-az4--x-s3", .action = "s3:HeadBucket",
	  .principal = "arn:aws:iam::111122223333:role/header",
	  DENIED("gateway-endpoint", "NO_POLICY_ALLOWS|IDENTITY_POLICY_DENIED") },
	{ "F4.4: regional operations use per-action authorisation, not CreateSession",
	  T_X, .from = "i-x2", .to = "s3://hot--use1-az4--x-s3", .action = "s3express:CreateBucket",
	  .principal = "arn:aws:iam::111122223333:role/sessioner",
	  DENIED("gateway-endpoint", "NO_POLICY_ALLOWS|IDENTITY_POLICY_DENIED") },
	{ "F4.5 F4.1: a client in another AZ than the bucket's zone id (same-az fails)",
	  T_X, .from = "i-x2b", .to = "s3://hot--use1-az4--x-s3/k", R("gateway-endpoint"),
	  .rules = { "same-az=fail" } },

	/* ---- peering ---- */
	{ "peering F6.1: requester to accepter",
	  T_PEER, .from = "i-p1", .to = "10.32.1.10", .port = 22, R("peering") },
	{ "peering F6.1: accepter to requester (both ways)",
	  T_PEER, .from = "i-p2", .to = "10.31.1.10", .port = 22, R("peering") },
	{ "peering F2.5: no transit through a peered VPC",
	  T_PEER, .from = "i-p1", .to = "10.33.1.10", .port = 22, UNREACH("peering|none", "NO_ROUTE"),
	  HOP("peering-connection", "pcx-12") },
	{ "peering cli.md(INACTIVE_CONNECTION): a connection not active drops the flow",
	  T_PEER, .from = "i-p1", .to = "10.35.1.10", .port = 22,
	  UNREACH("peering|none", "INACTIVE_CONNECTION"), HOP("peering-connection", "pcx-15") },
	{ "peering F8: inter-region peering carries an inter-region transfer charge",
	  /* the total is checked in the regressions below */
	  T_PEER, .from = "i-p1", .to = "10.34.1.10", .port = 22, R("peering"),
	  .items = { "inter-region=0.02" } },
	{ "peering F1.1 cli.md(NO_RETURN_ROUTE): the peer subnet has no route back",
	  T_PEER, .from = "i-p1", .to = "10.32.2.10", .port = 22, .verdict = "unreachable",
	  .path = "peering", .reason = "NO_RETURN_ROUTE", RET, HOP("route-table", "rtb-p2noret") },
	{ "F3.5 F3.3: a peered VPC reaches the peer's interface endpoint by its endpoint-specific name",
	  T_PEER, .from = "i-p1", .to = "s3://data-bkt/k",
	  .host = "bucket.vpce-ifp2.s3.us-east-1.vpce.amazonaws.com",
	  R("peering+interface-endpoint"), .cost = "0.01" },
	{ "F2.5: a peered VPC cannot use the peer's gateway endpoint",
	  T_PEER, .from = "i-p1s3", .to = "s3://data-bkt/k",
	  UNREACH("peering|none", "GATEWAY_ENDPOINT_NOT_REACHABLE") },

	/* ---- transit gateways ---- */
	{ "TGW F8: spoke to spoke through a transit gateway, $0.02/GB processing, two attachments",
	  T_TGW, .from = "i-t1a", .to = "10.42.1.10", .port = 22, R("transit-gateway"), .cost = "0.02",
	  .fixed = "73" /* 2 attachments x $0.05 x 730 h */ },
	{ "TGW topology.md(attachments): no attachment subnet in the source's AZ: it cannot reach the TGW",
	  T_TGW, .from = "i-t1b", .to = "10.42.1.10", .port = 22, UNREACH("transit-gateway|none", "NO_ROUTE"),
	  .hop_kind = "route-table|transit-gateway" },
	{ "TGW F1.9: the associated route table has no route (the attachment does not propagate)",
	  T_TGW, .from = "i-t1a", .to = "10.44.1.10", .port = 22, UNREACH("transit-gateway", "NO_ROUTE"),
	  HOP("transit-gateway", "tgw-1") },
	{ "TGW cli.md(NO_RETURN_ROUTE): the return lookup in the destination attachment's table fails",
	  T_TGW, .from = "i-t4", .to = "10.41.1.10", .port = 22, .verdict = "unreachable",
	  .path = "transit-gateway", .reason = "NO_RETURN_ROUTE", RET, HOP("transit-gateway", "tgw-1") },
	{ "TGW cli.md(NO_RETURN_ROUTE): the destination subnet has no route back to the TGW",
	  T_TGW, .from = "i-t1a", .to = "10.42.2.10", .port = 22, .verdict = "unreachable",
	  .path = "transit-gateway", .reason = "NO_RETURN_ROUTE", RET, HOP("route-table", "rtb-t2noret") },
	{ "TGW F1.8: a blackhole route in the TGW route table",
	  T_TGW, .from = "i-t1a", .to = "10.46.1.1", .port = 22, UNREACH("transit-gateway", "BLACKHOLE_ROUTE"),
	  HOP("transit-gateway", "tgw-1") },
	{ "TGW cli.md(INACTIVE_CONNECTION): an attachment that is not available",
	  T_TGW, .from = "i-t1a", .to = "10.45.1.10", .port = 22,
	  UNREACH("transit-gateway", "INACTIVE_CONNECTION"), HOP("transit-gateway", "tgw-1") },
	{ "F3.5 F8: a spoke reaches the hub's interface endpoint through the TGW: 0.02 + 0.01",
	  T_TGW, .from = "i-t1a", .to = "s3://data-bkt/k",
	  .host = "bucket.vpce-hub.s3.us-east-1.vpce.amazonaws.com",
	  R("transit-gateway+interface-endpoint"), .cost = "0.03" },
	{ "F2.5: through a transit gateway, the hub's gateway endpoint cannot be used",
	  T_TGW, .from = "i-t1s3", .to = "s3://data-bkt/k",
	  UNREACH("transit-gateway|none", "GATEWAY_ENDPOINT_NOT_REACHABLE") },

	/* ---- on premises through a VGW ---- */
	{ "F1.1: on premises to an instance; the response follows the propagated route back",
	  T_VPN, .from = "corp-dc", .to = "10.51.1.10", .port = 22, R("vpn-gateway") },
	{ "on premises F1.1 cli.md(SRC): an address inside the on-premises range as the source",
	  T_VPN, .from = "192.168.7.7", .to = "10.51.1.10", .port = 22, R("vpn-gateway") },
	{ "F1.1: the response's route goes to a NAT, not the VGW: NO_RETURN_ROUTE",
	  T_VPN, .from = "corp-dc", .to = "10.51.2.10", .port = 22, .verdict = "unreachable",
	  .path = "vpn-gateway", .reason = "NO_RETURN_ROUTE", RET, HOP("route-table", "rtb-nat") },
	{ "F6.1: on premises, the instance SG does not admit the port",
	  T_VPN, .from = "corp-dc", .to = "10.51.1.10", .port = 3389,
	  UNREACH("vpn-gateway", "SG_INGRESS_DENIED"), HOP("security-group", "sg-v") },
	{ "F1.1: an instance to on premises leaves the model through the VGW",
	  T_VPN, .from = "i-ok", .to = "192.168.1.5", .port = 22, EXITS("vpn-gateway") },
	{ "VPN cli.md(INACTIVE_CONNECTION): every VPN connection of the gateway is down",
	  T_VPN, .from = "branch", .to = "10.52.1.10", .port = 22,
	  UNREACH("vpn-gateway", "INACTIVE_CONNECTION"), HOP("vpn-gateway", "vgw-2") },

	/* ---- from the internet ---- */
	{ "F5.3: the internet to a public IP through the internet gateway",
	  T_NET, .from = "internet:198.51.100.7", .to = "3.3.10.10", R("internet-gateway") },
	{ "F5.3: the response's route goes to a NAT, not the IGW: NO_RETURN_ROUTE",
	  T_NET, .from = "internet:198.51.100.7", .to = "3.3.10.11", .verdict = "unreachable",
	  .path = "internet-gateway", .reason = "NO_RETURN_ROUTE", RET, HOP("route-table", "rtb-priv") },
	{ "F6.1: the internet to a public IP whose SG admits nothing",
	  T_NET, .from = "internet:198.51.100.7", .to = "3.3.10.12",
	  UNREACH("internet-gateway", "SG_INGRESS_DENIED"), HOP("security-group", "sg-closed") },

	/* ---- IPv6 ---- */
	{ "F2.6 F5.7: AAAA traffic does not use an IPv4 gateway endpoint; it takes the IPv6 path",
	  T_V6, .from = "i-v4ep", .to = "s3://data-bkt/k", .host = DUALSTACK_HOST, .ipv6 = true,
	  R("egress-only-internet-gateway"), .via = "public", .rules = { "private-path=fail" } },
	{ "F2.6: a dualstack gateway endpoint carries IPv6 to S3",
	  T_V6, .from = "i-ds", .to = "s3://data-bkt/k", .host = DUALSTACK_HOST, .ipv6 = true,
	  R("gateway-endpoint"), .cost = "0" },
	{ "F2.6: a dualstack gateway endpoint carries IPv4 too",
	  T_V6, .from = "i-ds", .to = "s3://data-bkt/k", .host = DUALSTACK_HOST, R("gateway-endpoint") },
	{ "F2.6 F1.2: IPv6 with an IPv4-only endpoint and no IPv6 route is dropped",
	  T_V6, .from = "i-none", .to = "s3://data-bkt/k", .host = DUALSTACK_HOST, .ipv6 = true,
	  UNREACH("none", "NO_ROUTE"), HOP("route-table", "rtb-3") },
	{ "F5.3: an IPv6 address needs no public IPv4 to use the internet gateway",
	  T_V6, .from = "i-igw6", .to = "s3://data-bkt/k", .host = DUALSTACK_HOST, .ipv6 = true,
	  R("internet-gateway") },
	{ "F5.3: the same instance over IPv4 has no public IPv4 address",
	  T_V6, .from = "i-igw6", .to = "s3://data-bkt/k", .host = DUALSTACK_HOST,
	  UNREACH("internet-gateway|none", "NO_PUBLIC_IP"), HOP("internet-gateway", "igw-6") },
	{ "F5.4: NAT gateways do not carry IPv6",
	  T_V6, .from = "i-nat6", .to = "s3://data-bkt/k", .host = DUALSTACK_HOST, .ipv6 = true,
	  UNREACH("nat-gateway|none", "IPV6_NOT_SUPPORTED"), .hop_kind = "nat-gateway|route-table" },

	/* ---- once disagreements with the facts, now regressions ---- */
	/* vpcpath: exits-model via nat-gateway (0/0 -> NAT -> IGW): the reserved range is
	 * routed like any other address */
	{ "F1.7: packets to 169.254.168.0/22 are not forwarded",
	  T_RT, .from = "i-r", .to = "169.254.171.7", UNREACH("none", "NO_ROUTE") },
	/* vpcpath: exits-model via egress-only-internet-gateway (::/0) */
	{ "F1.7: packets to fd00:ec2::/32 are not forwarded",
	  T_RT, .from = "i-v6", .to = "fd00:ec2::77", UNREACH("none", "NO_ROUTE") },
	/* the addresses of the reserved ranges the instance's host answers itself */
	{ "F1.7 F6.3: the instance metadata service is answered by the host",
	  T_RT, .from = "i-r", .to = "169.254.169.254", .port = 80, R("local"),
	  .hop_kind = "service", .hop_id = "169.254.169.254" },
	{ "F1.7 F6.3: Amazon-provided DNS at 169.254.169.253 is answered by the host",
	  T_RT, .from = "i-r", .to = "169.254.169.253", .port = 53, .proto = TOPO_PROTO_UDP,
	  R("local") },
	{ "F1.7 F6.3: the IPv6 metadata service fd00:ec2::254 is answered by the host",
	  T_RT, .from = "i-v6", .to = "fd00:ec2::254", .port = 80, R("local") },
	{ "F1.7: 169.254.168.0 (the reserved range's first address) is not forwarded",
	  T_RT, .from = "i-r", .to = "169.254.168.0", UNREACH("none", "NO_ROUTE") },
	/* vpcpath: unreachable, NACL_EGRESS_DENIED by acl-empty's * rule (and VPC+2 is no
	 * modelled ENI) */
	{ "F6.3: NACLs cannot block the Route 53 Resolver at VPC+2",
	  T_SG, .from = "i-empty1", .to = "10.4.0.2", .port = 53, .proto = TOPO_PROTO_UDP,
	  .verdict = "reachable" },
	/* vpcpath: loads without error or warning */
	{ "F3.6: DynamoDB is not on the cross-region PrivateLink list",
	  T_BAD_DDB_XREGION, .load = LOAD_REJECT },
	{ "F7.3(3) F7.2 cli.md: cross-account, the bucket policy allows, the identity does not: IDENTITY_POLICY_DENIED",
	  /* vpcpath: NO_POLICY_ALLOWS.  That code means "no identity or resource policy
	   * allows"; here the resource policy does allow, the identity Allow is missing */
	  T_POL, .from = "i-b", .to = "s3://xacct-bkt/k", .principal = "arn:aws:iam::111122223333:role/narrow",
	  DENIED("gateway-endpoint", "IDENTITY_POLICY_DENIED"), HOP("service", "xacct-bkt") },
	{ "F7.3(3) F7.2 cli.md: cross-account, the identity allows, no bucket policy grants: RESOURCE_POLICY_DENIED",
	  /* vpcpath: NO_POLICY_ALLOWS, message "the principal's identity policy does not
	   * allow".  The identity (role/reader) does allow s3:GetObject; the bucket of the
	   * other account grants nothing */
	  T_POL, .from = "i-b", .to = "s3://xacct-nopol/k", .principal = "arn:aws:iam::111122223333:role/reader",
	  DENIED("gateway-endpoint", "RESOURCE_POLICY_DENIED"), HOP("service", "xacct-nopol") },
	{ "F8: inter-region peering is charged inter-region transfer only ($0.02/GB), not inter-AZ on top",
	  /* vpcpath: $0.03/GB = inter-az 0.01 + inter-region 0.02.  §8: inter-AZ $0.01/GB
	   * is a same-Region charge; inter-Region ~$0.02/GB */
	  T_PEER, .from = "i-p1", .to = "10.34.1.10", .port = 22, R("peering"), .cost = "0.02",
	  .items = { "inter-region=0.02", "!inter-az" } },
	{ "F8 issue 17: an interface endpoint in us-east-1 reached from us-west-2 over peering: "
	  "inter-region transfer, no inter-AZ charge and no other-AZ finding (us-west-2a is not "
	  "compared with us-east-1b)",
	  T_XEP, .from = "i-xw", .to = "s3://data-bkt/k",
	  .host = "bucket.vpce-xe.s3.us-east-1.vpce.amazonaws.com", R("peering+interface-endpoint"),
	  .cost = "0.03", .items = { "inter-region=0.02", "interface-endpoint-processing=0.01", "!inter-az" },
	  .rules = { "no-cross-az-charge=pass" } },	/* ---- names and DNS (issue 13) ---- */
	{ "cli.md F6.5: --to an instance name is its private address, judged by its own security groups",
	  T_NAMES, .from = "app-1", .to = "web-1", R("local"), .dst_ip = "10.50.2.10", .dst_id = "i-web1" },
	{ "cli.md F6.5: --to an instance id means what its name means",
	  T_NAMES, .from = "i-app1", .to = "i-web1", R("local"), .dst_ip = "10.50.2.10", .dst_id = "i-web1" },
	{ "cli.md F6.1: an instance that admits nothing on the port is unreachable by its own group (not DNS_UNRESOLVED)",
	  T_NAMES, .from = "app-1", .to = "db-1", UNREACH("local", "SG_INGRESS_DENIED"), HOP("security-group", "sg-db"),
	  .dst_id = "i-db1" },
	{ "cli.md F6.1: the instance's group admits its port: reachable",
	  T_NAMES, .from = "app-1", .to = "db-1", .port = 5432, R("local"), .dst_id = "i-db1" },
	{ "cli.md F6.5: an instance name with :PORT",
	  T_NAMES, .from = "app-1", .to = "db-1:5432", R("local"), .dst_id = "i-db1" },
	{ "cli.md F6.5: --to a network interface's name: its address, judged by its own security groups",
	  T_NAMES, .from = "app-1", .to = "orders-fn", R("local"), .dst_id = "eni-0fn1", .dst_ip = "10.50.2.50" },
	{ "cli.md F6.5: --to a network interface's id",
	  T_NAMES, .from = "app-1", .to = "eni-0fn1", R("local"), .dst_id = "eni-0fn1" },
	{ "F6.5: an interface's second address is judged by its groups too",
	  T_NAMES, .from = "app-1", .to = "10.50.2.51", .port = 22, UNREACH("local", "SG_INGRESS_DENIED"),
	  HOP("security-group", "sg-web") },
	{ "F5.3 cli.md: from the internet an instance named as the destination is its public address",
	  T_NAMES, .from = "internet", .to = "web-1", UNREACH("none", "NO_PUBLIC_IP"), HOP("instance", "i-web1") },
	{ "cli.md F6.5: a network interface as the source, by name",
	  T_NAMES, .from = "orders-fn", .to = "web-1", R("local") },
	{ "cli.md F1.13: an on-premises network named as the destination: its host, through the VPN",
	  T_NAMES, .from = "app-1", .to = "office", .verdict = "exits-model", .dst_id = "corp-n",
	  .dst_ip = "192.168.50.10" },
	{ "cli.md: internet:ADDRESS as the destination",
	  T_NAMES, .from = "app-1", .to = "internet:203.0.113.9", UNREACH("none", "NO_ROUTE"),
	  .dst_id = "internet", .dst_ip = "203.0.113.9" },
	{ "cli.md: --to a word that names nothing is a usage error, with did-you-mean",
	  T_NAMES, .from = "app-1", .to = "web-2",
	  .error = "nothing in the topology is called web-2&did you mean 'web-1'" },
	{ "cli.md: --from a word that names nothing: the same message",
	  T_NAMES, .from = "web-2", .to = "s3://data-bkt/k",
	  .error = "nothing in the topology is called web-2&did you mean 'web-1'" },
	{ "cli.md F3.1: an endpoint's id is no end of a flow: its network interface's address is",
	  T_NAMES, .from = "app-1", .to = "vpce-ifn", .error = "is a VPC endpoint&10.50.20.5" },
	{ "cli.md: a subnet is no end of a flow, on either side",
	  T_NAMES, .from = "subnet-n1", .to = "web-1", .error = "subnet-n1 is a subnet" },
	{ "cli.md: a bucket named without s3:// is no DNS name: did you mean s3://",
	  T_NAMES, .from = "app-1", .to = "data-bkt", .error = "did you mean 's3://data-bkt'" },
	{ "cli.md F2.7: a host no dns: entry pins and no AWS name: a usage error, not DNS_UNRESOLVED",
	  T_NAMES, .from = "app-1", .to = "intranet.example.org",
	  .error = "nothing in the topology is called intranet.example.org" },
	{ "cli.md: a host pinned in dns: resolves to its pin",
	  T_NAMES, .from = "m-1", .to = "partner.example.com", UNREACH("none", "NO_ROUTE"),
	  .dst_ip = "203.0.113.7" },
	{ "cli.md: two instances with one name: --to lists the ids",
	  T_NAMES, .from = "app-1", .to = "twin", .error = "several things&i-twin1, i-twin2" },
	{ "cli.md: two instances with one name: --from lists the ids",
	  T_NAMES, .from = "twin", .to = "web-1", .error = "several things&i-twin1, i-twin2" },
	{ "cli.md review-s6 M10: --to a resource's Name tag when its name is the Terraform address",
	  T_TFNAMES, .from = "i-0node2", .to = "node1", .port = 22, R("local"), .dst_id = "i-tf0d676a599f26" },
	{ "cli.md review-s6 M10: --from a Name tag, --to a Terraform address",
	  T_TFNAMES, .from = "node1", .to = "aws_instance.node2", .port = 22, R("local"), .dst_id = "i-0node2" },
	{ "cli.md review-s6 M10: a Name tag two resources share names neither: both listed by address",
	  T_TFNAMES, .from = "worker", .to = "node2",
	  .error = "several things in the topology are called worker (module.k8s.aws_instance.worker[0], "
		   "module.k8s.aws_instance.worker[1]); name one by its address or id" },
	{ "cli.md review-s6 M10: the same as the destination",
	  T_TFNAMES, .from = "node2", .to = "worker", .error = "several things&worker[0]&worker[1]" },
	{ "cli.md review-s6 M10: an address without its module path: suggested, never taken",
	  T_TFNAMES, .from = "aws_instance.worker", .to = "node2",
	  .error = "nothing in the topology is called aws_instance.worker (did you mean "
		   "'module.k8s.aws_instance.worker[0]' or 'module.k8s.aws_instance.worker[1]'?)" },
	{ "cli.md review-s6 M10: an address's last part, without a Name tag: suggested",
	  T_TFNAMES, .from = "node2", .to = "db",
	  .error = "nothing in the topology is called db (did you mean 'aws_instance.db'?)" },
	{ "cli.md review-s6 M10: an address's last part with its key: suggested",
	  T_TFNAMES, .from = "worker[1]", .to = "node2",
	  .error = "called worker[1] (did you mean 'module.k8s.aws_instance.worker[1]'?)" },
	{ "cli.md review-s6 M10: a typo of a Name tag suggests the Name tag",
	  T_TFNAMES, .from = "nod1", .to = "node2", .error = "did you mean 'node1'?" },
	{ "F3.4 topology.md: inside a VPC with private DNS, the private zone beats a dns: pin",
	  T_NAMES, .from = "app-1", .to = "s3://pinned-bkt/k", R("interface-endpoint"), .dst_ip = "10.50.20.5" },
	{ "F3.4 topology.md: without an interface endpoint, the pin (what public DNS answers)",
	  T_NAMES, .from = "m-1", .to = "s3://pinned-bkt/k", R("gateway-endpoint"), .dst_ip = "52.216.10.20" },
	{ "F3.3 F3.4: an endpoint-specific name beats the private zone and the pin",
	  T_NAMES, .from = "m-1", .to = "s3://pinned-bkt/k",
	  .host = "bucket.vpce-ifn.s3.us-east-1.vpce.amazonaws.com", .dst_ip = "10.50.20.5" },
	{ "F3.4: the legacy dash-Region name is not served by interface endpoints: no private zone",
	  T_NAMES, .from = "app-1", .to = "https://data-bkt.s3-us-east-1.amazonaws.com/k",
	  UNREACH("none", "NO_ROUTE"), .dst_ip = "52.216.0.1", .resource = "arn:aws:s3:::data-bkt/k" },
	{ "F3.4: the website endpoint is not served by interface endpoints",
	  T_NAMES, .from = "app-1", .to = "http://data-bkt.s3-website-us-east-1.amazonaws.com/index.html",
	  UNREACH("none", "NO_ROUTE"), .dst_ip = "52.216.0.1", .resource = "arn:aws:s3:::data-bkt/index.html" },
	{ "F2.7 cli.md: DNS resolution off: even a pinned name does not resolve (DNS_UNRESOLVED stays a verdict)",
	  T_NAMES, .from = "x-1", .to = "s3://pinned-bkt/k", UNREACH("none", "DNS_UNRESOLVED"), .hop_kind = "dns" },
	{ "F2.7 F3.3: DNS resolution off: nor does an endpoint-specific name",
	  T_NAMES, .from = "x-1", .to = "s3://data-bkt/k", .host = "bucket.vpce-ifn.s3.us-east-1.vpce.amazonaws.com",
	  UNREACH("none", "DNS_UNRESOLVED") },
	{ "F3.4 F2.16: another service's Regional name answered by its interface endpoint's private DNS",
	  T_NAMES, .from = "app-1", .to = "sqs.us-east-1.amazonaws.com", R("interface-endpoint"),
	  .dst_ip = "10.50.20.6" },
	{ "F3.4 F2.7: outside that VPC the name is public: AWS resolves it to addresses the topology does not describe",
	  T_NAMES, .from = "m-1", .to = "sqs.us-east-1.amazonaws.com", EXITS("none") },
	{ "F2.7: from a VPC with DNS resolution off, not even that",
	  T_NAMES, .from = "x-1", .to = "sqs.us-east-1.amazonaws.com", UNREACH("none", "DNS_UNRESOLVED") },
	{ "cli.md: another Region's name that nothing answers is a usage error",
	  T_NAMES, .from = "app-1", .to = "sqs.us-west-2.amazonaws.com",
	  .error = "nothing in the topology is called sqs.us-west-2.amazonaws.com" },
	{ "F2.17: no hash of the name: another bucket gets the same address and verdict",
	  T_NAMES, .from = "m-1", .to = "s3://data-bkt/k", R("gateway-endpoint"), .dst_ip = "52.216.0.1" },
	{ "F2.17: no hash of the name: an undeclared bucket too",
	  T_NAMES, .from = "m-1", .to = "s3://some-other-name/k", R("gateway-endpoint"), .dst_ip = "52.216.0.1" },
	{ "F2.7 F3.3: S3 URL, virtual-hosted Regional",
	  T_NAMES, .from = "m-1", .to = "https://data-bkt.s3.us-east-1.amazonaws.com/dir/a.csv",
	  R("gateway-endpoint"), .resource = "arn:aws:s3:::data-bkt/dir/a.csv" },
	{ "F2.7: S3 URL, virtual-hosted legacy global name",
	  T_NAMES, .from = "m-1", .to = "https://data-bkt.s3.amazonaws.com/a.csv",
	  R("gateway-endpoint"), .resource = "arn:aws:s3:::data-bkt/a.csv" },
	{ "F2.7: S3 URL, virtual-hosted dash-Region form",
	  T_NAMES, .from = "m-1", .to = "https://data-bkt.s3-us-east-1.amazonaws.com/a.csv",
	  R("gateway-endpoint"), .resource = "arn:aws:s3:::data-bkt/a.csv" },
	{ "F2.6: S3 URL, virtual-hosted dual-stack",
	  T_NAMES, .from = "m-1", .to = "https://data-bkt.s3.dualstack.us-east-1.amazonaws.com/a.csv",
	  R("gateway-endpoint"), .resource = "arn:aws:s3:::data-bkt/a.csv" },
	{ "F2.7: S3 URL, path-style",
	  T_NAMES, .from = "m-1", .to = "https://s3.us-east-1.amazonaws.com/data-bkt/dir/a.csv",
	  R("gateway-endpoint"), .resource = "arn:aws:s3:::data-bkt/dir/a.csv" },
	{ "F2.6: S3 URL, path-style dual-stack",
	  T_NAMES, .from = "m-1", .to = "https://s3.dualstack.us-east-1.amazonaws.com/data-bkt/a.csv",
	  R("gateway-endpoint"), .resource = "arn:aws:s3:::data-bkt/a.csv" },
	{ "F2.7: S3 URL, a bucket name with dots",
	  T_NAMES, .from = "m-1", .to = "https://my.dotted.bkt.s3.us-east-1.amazonaws.com/a.csv",
	  R("gateway-endpoint"), .resource = "arn:aws:s3:::my.dotted.bkt/a.csv" },
	{ "F2.7: S3 URL, a %-escaped key and a query",
	  T_NAMES, .from = "m-1", .to = "https://data-bkt.s3.us-east-1.amazonaws.com/a%20b.csv?versionId=3",
	  R("gateway-endpoint"), .resource = "arn:aws:s3:::data-bkt/a b.csv" },
	{ "F3.3: S3 URL, endpoint-specific virtual-hosted (BUCKET.bucket.vpce-ID…)",
	  T_NAMES, .from = "app-1", .to = "https://data-bkt.bucket.vpce-ifn.s3.us-east-1.vpce.amazonaws.com/dir/a.csv",
	  R("interface-endpoint"), .resource = "arn:aws:s3:::data-bkt/dir/a.csv", .dst_ip = "10.50.20.5" },
	{ "F3.3: S3 URL, endpoint-specific path-style (bucket.vpce-ID…/BUCKET/KEY)",
	  T_NAMES, .from = "app-1", .to = "https://bucket.vpce-ifn.s3.us-east-1.vpce.amazonaws.com/data-bkt/a.csv",
	  R("interface-endpoint"), .resource = "arn:aws:s3:::data-bkt/a.csv" },
	{ "F7.1: an S3 object ARN as the destination",
	  T_NAMES, .from = "m-1", .to = "arn:aws:s3:::data-bkt/a.csv", R("gateway-endpoint"),
	  .resource = "arn:aws:s3:::data-bkt/a.csv" },
	{ "F3.4: an access point's bucket is not known: a usage error",
	  T_NAMES, .from = "m-1", .to = "https://ap1-111122223333.s3-accesspoint.us-east-1.amazonaws.com/a.csv",
	  .error = "access point&--host" },
	{ "F3.3: an endpoint-specific access point name: a usage error",
	  T_NAMES, .from = "app-1", .to = "https://ap1-111122223333.accesspoint.vpce-ifn.s3.us-east-1.vpce.amazonaws.com/a.csv",
	  .error = "access point" },
	{ "F7.1: an access point ARN: a usage error",
	  T_NAMES, .from = "m-1", .to = "arn:aws:s3:us-east-1:111122223333:accesspoint/ap1",
	  .error = "access point" },
	{ "F2.7: an S3 URL without a bucket: a usage error",
	  T_NAMES, .from = "m-1", .to = "https://s3.us-east-1.amazonaws.com/", .error = "no bucket" },
	{ "F3.3: an endpoint-specific name of an endpoint the topology does not have: a usage error",
	  T_NAMES, .from = "m-1", .to = "s3://data-bkt/k", .host = "bucket.vpce-0nothere.s3.us-east-1.vpce.amazonaws.com",
	  .error = "vpce-0nothere" },
	{ "F4.1 topology.md: a directory bucket with no s3express address data: what to declare",
	  T_NAMES, .from = "m-1", .to = "s3://hot--use1-az4--x-s3/k",
	  .error = "com.amazonaws.us-east-1.s3express&dns:" },
};

#define NCASES (sizeof(cases) / sizeof(cases[0]))

/* ---- the runner ------------------------------------------------------------------------ */

static struct cost_pricing *pricing;
static struct rules *ruleset;

static void setup(void)
{
	struct diag_list d = { 0 };
	pricing = cost_pricing_load(src_path(PRICING_FILE), &d);
	ruleset = rules_load(src_path(RULES_FILE), &d);
	if (!pricing || !ruleset)
		diag_print(&d, stderr, 1);
	diag_list_clear(&d);
	ck_assert_ptr_nonnull(pricing);
	ck_assert_ptr_nonnull(ruleset);
}

static void teardown(void)
{
	cost_pricing_free(pricing);
	rules_free(ruleset);
	pricing = NULL;
	ruleset = NULL;
}

/* s equals one of the '|'-separated alternatives in want */
static bool one_of(const char *want, const char *s)
{
	if (!s)
		return false;
	size_t n = strlen(s);
	for (const char *p = want; p;) {
		const char *bar = strchr(p, '|');
		size_t len = bar ? (size_t)(bar - p) : strlen(p);
		if (len == n && strncmp(p, s, n) == 0)
			return true;
		p = bar ? bar + 1 : NULL;
	}
	return false;
}

struct report {
	char buf[4096];
	size_t len;
	int failures;
};

static void mismatch(struct report *rep, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void mismatch(struct report *rep, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	if (rep->len < sizeof(rep->buf)) {
		int n = vsnprintf(rep->buf + rep->len, sizeof(rep->buf) - rep->len, fmt, ap);
		if (n > 0)
			rep->len += (size_t)n;
	}
	va_end(ap);
	if (rep->len < sizeof(rep->buf) - 2) {
		rep->buf[rep->len++] = ';';
		rep->buf[rep->len++] = ' ';
		rep->buf[rep->len] = '\0';
	}
	rep->failures++;
}

static const char *nz(const char *s)
{
	return s ? s : "(null)";
}

static const struct trace_hop *deciding_hop(const struct trace_result *r)
{
	if (!r->has_reason || r->reason_hop <= 0 || !r->reason_leg)
		return NULL;
	bool ret = strcmp(r->reason_leg, "return") == 0;
	const struct trace_hop *hops = ret ? r->return_hops : r->hops;
	size_t n = ret ? r->nreturn_hops : r->nhops;
	for (size_t i = 0; i < n; i++)
		if (hops[i].n == r->reason_hop)
			return &hops[i];
	return NULL;
}

static const char *ctx_get(const struct trace_result *r, const char *key, bool *found)
{
	*found = false;
	for (size_t i = 0; i < r->ncontext; i++)
		if (strcasecmp(r->context[i].key, key) == 0) {
			*found = true;
			return r->context[i].value;
		}
	return NULL;
}

static void dump(const struct tcase *tc, const struct trace_result *r, FILE *f)
{
	fprintf(f, "== %s\n   %s -> %s: verdict=%s path=%s", tc->name, tc->from, tc->to,
		trace_verdict_name(r->verdict), nz(r->path));
	if (r->has_reason)
		fprintf(f, " reason=%s leg=%s hop=%d (%s)", nz(r->reason_code), nz(r->reason_leg),
			r->reason_hop, nz(r->reason_message));
	if (r->cost.computed) {
		fprintf(f, " per_gb=%.4f [", r->cost.per_gb);
		for (size_t i = 0; i < r->cost.nitems; i++)
			fprintf(f, "%s%s=%.4f", i ? " " : "", r->cost.items[i].code,
				r->cost.items[i].per_gb);
		fputc(']', f);
	}
	fputc('\n', f);
	for (size_t i = 0; i < r->nhops; i++)
		fprintf(f, "   %c%2d %-18s %-22s %-5s %s\n", r->hops[i].deciding ? '!' : ' ', r->hops[i].n,
			r->hops[i].kind, nz(r->hops[i].id), trace_hop_result_name(r->hops[i].result),
			nz(r->hops[i].detail));
	for (size_t i = 0; i < r->nreturn_hops; i++)
		fprintf(f, "   %cr%d %-18s %-22s %-5s %s\n", r->return_hops[i].deciding ? '!' : ' ',
			r->return_hops[i].n, r->return_hops[i].kind, nz(r->return_hops[i].id),
			trace_hop_result_name(r->return_hops[i].result), nz(r->return_hops[i].detail));
}

static bool str_same(const char *a, const char *b)
{
	return (!a && !b) || (a && b && !strcmp(a, b));
}

static void check_result(const struct tcase *tc, const struct trace_result *r, struct report *rep)
{
	if (tc->dst_ip && !str_same(tc->dst_ip, r->dst_ip))
		mismatch(rep, "destination address %s, expected %s", nz(r->dst_ip), tc->dst_ip);
	if (tc->dst_id && !str_same(tc->dst_id, r->dst_id))
		mismatch(rep, "destination id %s, expected %s", nz(r->dst_id), tc->dst_id);
	if (tc->resource && !str_same(tc->resource, r->dst_resource))
		mismatch(rep, "resource %s, expected %s", nz(r->dst_resource), tc->resource);
	const char *verdict = trace_verdict_name(r->verdict);
	if (tc->verdict && !one_of(tc->verdict, verdict))
		mismatch(rep, "verdict %s, expected %s", verdict, tc->verdict);
	if (tc->path && !one_of(tc->path, r->path))
		mismatch(rep, "path %s, expected %s", nz(r->path), tc->path);

	if (!tc->reason) {
		if (r->has_reason && tc->verdict && !strcmp(tc->verdict, "reachable"))
			mismatch(rep, "unexpected reason %s", nz(r->reason_code));
	} else if (!r->has_reason) {
		mismatch(rep, "no reason, expected %s", tc->reason);
	} else {
		if (!one_of(tc->reason, r->reason_code))
			mismatch(rep, "reason %s, expected %s", nz(r->reason_code), tc->reason);
		const char *leg = tc->leg ? tc->leg : "forward";
		if (!one_of(leg, r->reason_leg))
			mismatch(rep, "leg %s, expected %s", nz(r->reason_leg), leg);
		const struct trace_hop *h = deciding_hop(r);
		if ((tc->hop_kind || tc->hop_id || tc->hop_rule) && !h) {
			mismatch(rep, "no deciding hop (reason hop %d)", r->reason_hop);
		} else if (h) {
			if (!h->deciding)
				mismatch(rep, "hop %d is the reason's hop but not marked deciding", h->n);
			if (tc->hop_kind && !one_of(tc->hop_kind, h->kind))
				mismatch(rep, "deciding hop kind %s, expected %s", nz(h->kind), tc->hop_kind);
			if (tc->hop_id && !one_of(tc->hop_id, h->id))
				mismatch(rep, "deciding hop id %s, expected %s", nz(h->id), tc->hop_id);
			if (tc->hop_rule && (!h->has_rule || h->rule != tc->hop_rule))
				mismatch(rep, "deciding rule %ld, expected %ld", h->has_rule ? h->rule : -1L,
				     tc->hop_rule);
		}
	}

	if (tc->cost) {
		double want = strtod(tc->cost, NULL);
		if (!r->cost.computed)
			mismatch(rep, "cost not computed, expected %s/GB", tc->cost);
		else if (fabs(r->cost.per_gb - want) > COST_TOL)
			mismatch(rep, "cost %.4f/GB, expected %s", r->cost.per_gb, tc->cost);
	}
	for (size_t i = 0; i < 3 && tc->items[i]; i++) {
		const char *it = tc->items[i];
		bool absent = it[0] == '!';
		const char *code = absent ? it + 1 : it;
		const char *eq = strchr(code, '=');
		size_t cl = eq ? (size_t)(eq - code) : strlen(code);
		const struct trace_cost_item *found = NULL;
		for (size_t k = 0; k < r->cost.nitems; k++)
			if (strlen(r->cost.items[k].code) == cl && !strncmp(r->cost.items[k].code, code, cl))
				found = &r->cost.items[k];
		if (absent && found)
			mismatch(rep, "cost item %s present (%.4f/GB), expected none", found->code,
				 found->per_gb);
		else if (!absent && !found)
			mismatch(rep, "no cost item %.*s", (int)cl, code);
		else if (!absent && eq && fabs(found->per_gb - strtod(eq + 1, NULL)) > COST_TOL)
			mismatch(rep, "cost item %s %.4f/GB, expected %s", found->code, found->per_gb, eq + 1);
	}
	if (tc->fixed) {
		double want = strtod(tc->fixed, NULL);
		if (!r->cost.computed || fabs(r->cost.fixed_monthly - want) > 1e-6)
			mismatch(rep, "fixed monthly %.4f, expected %s", r->cost.fixed_monthly, tc->fixed);
	}
	if (tc->via) {
		bool ep = !strcmp(tc->via, "endpoint");
		if (r->via_vpc_endpoint != ep || r->uses_public_service_endpoint == ep)
			mismatch(rep, "via_vpc_endpoint=%d uses_public_service_endpoint=%d, expected %s",
				 r->via_vpc_endpoint, r->uses_public_service_endpoint, tc->via);
		if (!r->stays_on_aws_network)
			mismatch(rep, "stays_on_aws_network false (F5.7: true for same-region paths)");
	}
	if (tc->service && !one_of(tc->service, r->dst_service))
		mismatch(rep, "service %s, expected %s", nz(r->dst_service), tc->service);

	for (size_t i = 0; i < 3 && tc->ctx_has[i]; i++) {
		char key[128];
		const char *eq = strchr(tc->ctx_has[i], '=');
		size_t kl = eq ? (size_t)(eq - tc->ctx_has[i]) : strlen(tc->ctx_has[i]);
		snprintf(key, sizeof(key), "%.*s", (int)kl, tc->ctx_has[i]);
		bool found;
		const char *v = ctx_get(r, key, &found);
		if (!found)
			mismatch(rep, "context lacks %s", key);
		else if (eq && (!v || strcmp(v, eq + 1) != 0))
			mismatch(rep, "context %s=%s, expected %s", key, nz(v), eq + 1);
	}
	for (size_t i = 0; i < 4 && tc->ctx_absent[i]; i++) {
		bool found;
		const char *v = ctx_get(r, tc->ctx_absent[i], &found);
		if (found)
			mismatch(rep, "context has %s=%s, expected absent", tc->ctx_absent[i], nz(v));
	}

	for (size_t i = 0; i < 3 && tc->rules[i]; i++) {
		const char *eq = strchr(tc->rules[i], '=');
		size_t kl = (size_t)(eq - tc->rules[i]);
		const struct trace_rule_result *rr = NULL;
		for (size_t k = 0; k < r->compliance.nrules; k++)
			if (strlen(r->compliance.rules[k].id) == kl &&
			    !strncmp(r->compliance.rules[k].id, tc->rules[i], kl))
				rr = &r->compliance.rules[k];
		static const char *const outcome[] = { "pass", "fail", "n/a" };
		if (!rr)
			mismatch(rep, "rule %.*s not evaluated", (int)kl, tc->rules[i]);
		else if (!one_of(eq + 1, outcome[rr->result]))
			mismatch(rep, "rule %s %s, expected %s", rr->id, outcome[rr->result], eq + 1);
	}
	if (tc->compliant) {
		bool want = !strcmp(tc->compliant, "yes");
		if (!r->compliance.evaluated || r->compliance.compliant != want)
			mismatch(rep, "compliance %s, expected %s",
			     !r->compliance.evaluated ? "not evaluated" :
			     r->compliance.compliant ? "compliant" : "non-compliant",
			     want ? "compliant" : "non-compliant");
	}
}

static void same_hops(const char *leg, const struct trace_hop *a, size_t na,
		      const struct trace_hop *b, size_t nb, struct report *rep)
{
	if (na != nb) {
		mismatch(rep, "brief: %s has %zu hops, full %zu", leg, nb, na);
		return;
	}
	for (size_t i = 0; i < na; i++)
		if (!str_same(a[i].kind, b[i].kind) || !str_same(a[i].id, b[i].id) ||
		    !str_same(a[i].direction, b[i].direction) || a[i].result != b[i].result ||
		    a[i].has_rule != b[i].has_rule || a[i].rule != b[i].rule ||
		    a[i].deciding != b[i].deciding || !str_same(a[i].where, b[i].where))
			mismatch(rep, "brief: %s hop %zu (%s %s) differs from the full trace's", leg,
				 i + 1, nz(a[i].kind), nz(a[i].id));
}

/* A brief trace (check's all_pairs cells) answers exactly as the full one: the same
 * verdict, reason, path, hops, places, cost and rule results, only without text. */
static void check_brief(const struct trace_result *full, const struct trace_result *b,
			struct report *rep)
{
	if (full->verdict != b->verdict || !str_same(full->reason_code, b->reason_code) ||
	    !str_same(full->reason_leg, b->reason_leg) || full->reason_hop != b->reason_hop)
		mismatch(rep, "brief: verdict %s (%s), full %s (%s)", trace_verdict_name(b->verdict),
			 nz(b->reason_code), trace_verdict_name(full->verdict), nz(full->reason_code));
	if (!str_same(full->path, b->path) || !str_same(full->via_id, b->via_id))
		mismatch(rep, "brief: path %s via %s, full %s via %s", nz(b->path), nz(b->via_id),
			 nz(full->path), nz(full->via_id));
	same_hops("forward", full->hops, full->nhops, b->hops, b->nhops, rep);
	same_hops("return", full->return_hops, full->nreturn_hops, b->return_hops, b->nreturn_hops,
		  rep);
	if (full->cost.computed != b->cost.computed || full->cost.per_gb != b->cost.per_gb ||
	    full->cost.fixed_monthly != b->cost.fixed_monthly)
		mismatch(rep, "brief: cost %.6f/GB, full %.6f/GB", b->cost.per_gb, full->cost.per_gb);
	if (full->compliance.nrules != b->compliance.nrules ||
	    full->compliance.compliant != b->compliance.compliant) {
		mismatch(rep, "brief: %zu rules, full %zu", b->compliance.nrules, full->compliance.nrules);
		return;
	}
	for (size_t i = 0; i < full->compliance.nrules; i++)
		if (!str_same(full->compliance.rules[i].id, b->compliance.rules[i].id) ||
		    full->compliance.rules[i].result != b->compliance.rules[i].result)
			mismatch(rep, "brief: rule %s differs", nz(full->compliance.rules[i].id));
	if (b->reason_message || !b->brief)
		mismatch(rep, "brief: the trace has text (reason message '%s')", nz(b->reason_message));
}

START_TEST(test_trace_case)
{
	const struct tcase *tc = &cases[_i];
	struct report rep = { .len = 0 };
	struct diag_list d = { 0 };
	struct topology *t = topo_load_buffer("case.yaml", ".", tc->topo, strlen(tc->topo), NULL, &d);

	if (tc->load == LOAD_REJECT) {
		bool rejected = !t || t->warnings.len > 0;
		if (getenv("VPCPATH_TRACE_DUMP")) {
			printf("== %s\n   load %s\n", tc->name, !t ? "failed" : t->warnings.len ?
			       "warned" : "accepted");
			diag_print(t ? &t->warnings : &d, stdout, 1);
		}
		topo_free(t);
		diag_list_clear(&d);
		ck_assert_msg(rejected, "[%s] the topology loaded without error or warning", tc->name);
		return;
	}
	if (!t)
		diag_print(&d, stderr, 1);
	diag_list_clear(&d);
	ck_assert_msg(t != NULL, "[%s] the topology does not load", tc->name);

	struct trace_kv kv;
	char ctxbuf[256];
	struct trace_query q = {
		.from = tc->from,
		.to = tc->to,
		.protocol = tc->proto ? tc->proto : TOPO_PROTO_TCP,
		.port = tc->port ? tc->port : -1,
		.icmp_type = -1,
		.icmp_code = -1,
		.action = tc->action,
		.principal = tc->principal,
		.host = tc->host,
		.ipv6 = tc->ipv6,
		.source_port = tc->sport ? tc->sport : -1,
		.session_mode = tc->session_mode,
	};
	if (tc->ctx) {
		snprintf(ctxbuf, sizeof(ctxbuf), "%s", tc->ctx);
		char *eq = strchr(ctxbuf, '=');
		*eq = '\0';
		kv.key = ctxbuf;
		kv.value = eq + 1;
		q.context = &kv;
		q.ncontext = 1;
	}
	struct trace_result *r = trace_run(t, &q, &d);
	if (tc->error) {
		/* the question cannot be asked: no verdict, a message saying why */
		const char *msg = d.len ? d.items[0].message : "";
		bool ok = !r;
		for (const char *p = tc->error; ok && p;) {
			const char *amp = strchr(p, '&');
			char part[256];
			snprintf(part, sizeof(part), "%.*s", (int)(amp ? (size_t)(amp - p) : strlen(p)), p);
			ok = strstr(msg, part) != NULL;
			p = amp ? amp + 1 : NULL;
		}
		if (getenv("VPCPATH_TRACE_DUMP"))
			printf("== %s\n   %s\n", tc->name, r ? trace_verdict_name(r->verdict) : msg);
		ck_assert_msg(ok, "[%s] expected a usage error with '%s'; got %s '%s'", tc->name,
			      tc->error, r ? trace_verdict_name(r->verdict) : "error", msg);
		trace_result_free(r);
		diag_list_clear(&d);
		topo_free(t);
		return;
	}
	if (!r) {
		diag_print(&d, stderr, 1);
		diag_list_clear(&d);
		topo_free(t);
		ck_abort_msg("[%s] trace_run could not ask the question", tc->name);
		return;
	}
	diag_list_clear(&d);
	cost_apply(pricing, r, -1);
	rules_apply(ruleset, r);

	check_result(tc, r, &rep);
	/* as check's all_pairs asks: brief, through a route memo (a miss, then a hit) */
	q.brief = true;
	q.memo = trace_memo_new();
	for (int pass = 0; pass < 2; pass++) {
		struct trace_result *b = trace_run(t, &q, &d);
		diag_list_clear(&d);
		if (!b) {
			mismatch(&rep, "brief: trace_run could not ask the question");
			break;
		}
		cost_apply(pricing, b, -1);
		rules_apply(ruleset, b);
		check_brief(r, b, &rep);
		trace_result_free(b);
	}
	trace_memo_free(q.memo);
	if (rep.failures || getenv("VPCPATH_TRACE_DUMP"))
		dump(tc, r, rep.failures ? stderr : stdout);
	trace_result_free(r);
	topo_free(t);
	ck_assert_msg(rep.failures == 0, "[%s] %s", tc->name, rep.buf);
}
END_TEST

/* Every case cites a fact id (or the cli.md/topology.md rule it rests on), and there
 * are enough of them. */
START_TEST(test_cases_cite_facts)
{
	for (size_t i = 0; i < NCASES; i++) {
		const char *n = cases[i].name;
		bool cites = strstr(n, "cli.md") || strstr(n, "topology.md");
		for (const char *p = n; *p && !cites; p++)
			cites = p[0] == 'F' && p[1] >= '1' && p[1] <= '9'; /* F1.1 … F7.8, F8 (§8) */
		ck_assert_msg(cites, "case %zu (%s) cites no fact", i, n);
	}
	ck_assert_uint_ge(NCASES, 80);
}
END_TEST

/* cli.md (second release cycle): "the same words must mean the same thing in --from,
 * --to": what a word names as the destination is what it names as the source, at the
 * same address. */
START_TEST(test_names_same_both_sides)
{
	static const struct { const char *word, *id, *ip; } words[] = {
		{ "web-1", "i-web1", "10.50.2.10" },
		{ "i-web1", "i-web1", "10.50.2.10" },
		{ "10.50.2.10", "i-web1", "10.50.2.10" },
		{ "office", "corp-n", "192.168.50.10" },
		{ "corp-n", "corp-n", "192.168.50.10" },
		{ "192.168.50.7", "corp-n", "192.168.50.7" },
		{ "orders-fn", "eni-0fn1", "10.50.2.50" },
		{ "eni-0fn1", "eni-0fn1", "10.50.2.50" },
		{ "10.50.2.51", "eni-0fn1", "10.50.2.51" },
	};
	const char *w = words[_i].word;
	struct diag_list d = { 0 };
	struct topology *t = topo_load_buffer("names.yaml", ".", T_NAMES, strlen(T_NAMES), NULL, &d);
	ck_assert_ptr_nonnull(t);
	struct trace_query to = { .from = "app-1", .to = w, .protocol = TOPO_PROTO_TCP, .port = -1,
				  .icmp_type = -1, .icmp_code = -1, .source_port = -1 };
	struct trace_query from = to;
	from.from = w;
	from.to = "app-1";
	struct trace_result *a = trace_run(t, &to, &d), *b = trace_run(t, &from, &d);
	ck_assert_msg(a && b, "[%s] could not be traced both ways", w);
	ck_assert_str_eq(nz(a->dst_ip), words[_i].ip);
	ck_assert_str_eq(nz(b->src_ip), words[_i].ip);
	ck_assert_str_eq(nz(b->src_id), words[_i].id);
	if (strcmp(w, words[_i].ip) != 0)  /* a name: the result names it */
		ck_assert_str_eq(nz(a->dst_id), words[_i].id);
	trace_result_free(a);
	trace_result_free(b);
	diag_list_clear(&d);
	topo_free(t);
}
END_TEST

/* Issue 13 item 3: a gate that checks nothing does not pass.  Each assertions file
 * selects no instance or no destination, or has no flow: an error naming the
 * selector, at its place (check exits 2). */
START_TEST(test_empty_selection_is_an_error)
{
	static const struct { const char *yaml, *message; unsigned line; } files[] = {
		{ "all_pairs:\n  instances: [nope-*]\n", "selects no instance: instances: [nope-*]", 2 },
		{ "all_pairs:\n  tags: { team: nobody }\n", "selects no instance: tags: {team: nobody}", 2 },
		{ "all_pairs:\n  destinations: [s3://zzz-*]\n",
		  "selects no destination: destinations: [s3://zzz-*]", 2 },
		{ "all_pairs:\n  instances: [app-*]\n  exclude: [app-1]\n",
		  "selects no instance: instances: [app-*], exclude: [app-1]", 2 },
		{ "flows: []\nall_pairs: false\n", "nothing to check", 1 },
	};
	struct diag_list d = { 0 };
	struct topology *t = topo_load_buffer("names.yaml", ".", T_NAMES, strlen(T_NAMES), NULL, &d);
	ck_assert_ptr_nonnull(t);
	const char *y = files[_i].yaml;
	struct check_assertions *a = check_assertions_load_buffer("a.yaml", NULL, y, strlen(y), &d);
	const struct diag *e = NULL;
	struct check_report *r = NULL;
	if (!a) {
		e = d.len ? &d.items[0] : NULL;
	} else {
		struct check_options o = { .jobs = 1 };
		r = check_run(t, a, &o);
		e = r->errors.len ? &r->errors.items[0] : NULL;
	}
	ck_assert_msg(e != NULL, "[%s] no error", y);
	ck_assert_msg(strstr(e->message, files[_i].message), "[%s] '%s'", y, e->message);
	ck_assert_str_eq(nz(e->file), "a.yaml");
	ck_assert_uint_eq(e->line, files[_i].line);
	check_report_free(r);
	check_assertions_free(a);
	diag_list_clear(&d);
	topo_free(t);
}
END_TEST

static Suite *trace_suite(void)
{
	Suite *s = suite_create("trace");
	TCase *tc = tcase_create("facts");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, test_cases_cite_facts);
	tcase_add_loop_test(tc, test_trace_case, 0, (int)NCASES);
	tcase_add_loop_test(tc, test_names_same_both_sides, 0, 9);
	tcase_add_loop_test(tc, test_empty_selection_is_an_error, 0, 5);
	suite_add_tcase(s, tc);
	return s;
}

VPCPATH_CHECK_MAIN(trace_suite)
