/* check_addrset.c - a name stands for a set of addresses, and the answer must hold for
 * each of them (F2.17; cli.md "Second release cycle": DEPENDS_ON_ADDRESS and split).
 *
 * One small VPC with an S3 gateway endpoint and a frozen S3 prefix list of three
 * entries; each case adds one thing that treats part of the list differently (a route,
 * a network ACL rule, a security-group rule) and asserts the verdict, the reason, and
 * each outcome's ranges and path, for several bucket names: the answer may not depend
 * on the name.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check_main.h"
#include "../../src/trace/addrset.h" /* addrset_set_bounds */
#include "vpcpath/cost.h"
#include "vpcpath/rules.h"
#include "vpcpath/topo.h"
#include "vpcpath/trace.h"

/* %1$s: extra routes of rtb-app; %2$s: extra egress NACL rules; %3$s: extra ingress
 * NACL rules; %4$s: sg-app's egress rules */
static const char *const base_topology =
	"version: 1\n"
	"region: us-east-1\n"
	"account: \"111122223333\"\n"
	"prefix_lists:\n"
	"  - id: pl-63a5400a\n"
	"    name: com.amazonaws.us-east-1.s3\n"
	"    cidrs: [3.5.0.0/19, 52.216.0.0/15, 54.231.0.0/16]\n"
	"dns:\n"
	"  pinned-bucket.s3.us-east-1.amazonaws.com: 52.216.1.1\n"
	"vpcs:\n"
	"  - id: vpc-a\n"
	"    cidrs: [10.0.0.0/16]\n"
	"    internet_gateway: igw-a\n"
	"    subnets:\n"
	"      - { id: subnet-pub, cidr: 10.0.0.0/24, az: us-east-1a, route_table: rtb-pub }\n"
	"      - { id: subnet-app, cidr: 10.0.1.0/24, az: us-east-1a, route_table: rtb-app,\n"
	"          network_acl: acl-app }\n"
	"    route_tables:\n"
	"      - { id: rtb-main, main: true }\n"
	"      - id: rtb-pub\n"
	"        routes: [{ destination: 0.0.0.0/0, target: igw-a }]\n"
	"      - id: rtb-app\n"
	"        routes:\n"
	"          - { destination: 0.0.0.0/0, target: nat-a }\n"
	"%1$s"
	"    network_acls:\n"
	"      - id: acl-app\n"
	"        egress:\n"
	"%2$s"
	"          - { rule: 100, protocol: all, to: 0.0.0.0/0, action: allow }\n"
	"        ingress:\n"
	"%3$s"
	"          - { rule: 100, protocol: all, from: 0.0.0.0/0, action: allow }\n"
	"    nat_gateways:\n"
	"      - { id: nat-a, subnet: subnet-pub, private_ip: 10.0.0.5, public_ip: 3.3.3.1 }\n"
	"    security_groups:\n"
	"      - id: sg-app\n"
	"        egress:\n"
	"%4$s"
	"    endpoints:\n"
	"      - { id: vpce-s3, type: gateway, service: s3, route_tables: [rtb-app] }\n"
	"    instances:\n"
	"      - { id: i-app1, name: app-1, subnet: subnet-app, private_ip: 10.0.1.10,\n"
	"          security_groups: [sg-app], role: \"arn:aws:iam::111122223333:role/app\" }\n"
	"s3:\n"
	"  - { bucket: raw-dataset, region: us-east-1, account: \"111122223333\" }\n"
	"  - { bucket: logs, region: us-east-1, account: \"111122223333\" }\n"
	"  - { bucket: pinned-bucket, region: us-east-1, account: \"111122223333\" }\n";

/* more rules of one address each than the classes addrset traces (ADDRSET_MAX_CLASSES,
 * 4,096: each rule's address is a class of its own, the addresses between them one) */
#define ADDRSET_LIMIT_FOR_TEST 4200

static const char *const sg_all_https = "          - { protocol: tcp, ports: 443, to: 0.0.0.0/0 }\n";

static struct topology *load(const char *routes, const char *nacl_out, const char *nacl_in,
			     const char *sg_out)
{
	int n = snprintf(NULL, 0, base_topology, routes, nacl_out, nacl_in, sg_out);
	ck_assert_int_gt(n, 0);
	char *buf = malloc((size_t)n + 1);
	ck_assert_ptr_nonnull(buf);
	snprintf(buf, (size_t)n + 1, base_topology, routes, nacl_out, nacl_in, sg_out);
	struct topology *t = check_load_topology("addrset.yaml", buf);
	free(buf);
	return t;
}

/* sg-app's egress rules: tcp 443 to every other address of 52.216.0.0/15 from the
 * first, n of them. */
static char *every_other_address(size_t n)
{
	size_t cap = n * 64 + 1, len = 0;
	char *rules = malloc(cap);
	ck_assert_ptr_nonnull(rules);
	rules[0] = '\0';
	for (size_t i = 0; i < n; i++) {
		size_t a = 2 * i;
		len += (size_t)snprintf(rules + len, cap - len, "          - { protocol: tcp, ports: "
					"443, to: 52.%zu.%zu.%zu/32 }\n", 216 + (a >> 16), (a >> 8) & 255,
					a & 255);
	}
	return rules;
}

static struct trace_result *trace_to(const struct topology *t, const char *to, bool brief,
				     struct trace_memo *memo)
{
	struct trace_query q = {
		.from = "app-1", .to = to, .protocol = TOPO_PROTO_TCP, .port = -1,
		.icmp_type = -1, .icmp_code = -1, .source_port = -1, .brief = brief, .memo = memo,
	};
	struct diag_list d = { 0 };
	struct trace_result *r = trace_run(t, &q, &d);
	diag_list_clear(&d);
	ck_assert_ptr_nonnull(r);
	return r;
}

/* The outcome whose ranges include cidr, or NULL. */
static const struct trace_split *split_with(const struct trace_result *r, const char *cidr)
{
	for (size_t i = 0; i < r->nsplits; i++)
		for (size_t k = 0; k < r->splits[i].ncidrs; k++)
			if (!strcmp(r->splits[i].cidrs[k], cidr))
				return &r->splits[i];
	return NULL;
}

/* The outcome's ranges, comma-separated, for one assertion. */
static const char *ranges(const struct trace_split *s, char *buf, size_t len)
{
	buf[0] = '\0';
	for (size_t k = 0; s && k < s->ncidrs; k++) {
		strncat(buf, k ? "," : "", len - strlen(buf) - 1);
		strncat(buf, s->cidrs[k], len - strlen(buf) - 1);
	}
	return buf;
}

static const char *const names[] = { "s3://raw-dataset", "s3://logs", "s3://logs/2026/x.gz" };

/* F1.1, F1.5, F2.17: a more specific route to the NAT gateway takes part of the range
 * away from the gateway endpoint; every bucket name is affected alike. */
START_TEST(test_route_splits_range)
{
	struct topology *t = load("          - { destination: 52.216.0.0/16, target: nat-a }\n",
				  "", "", sg_all_https);
	char buf[512];
	for (size_t n = 0; n < sizeof(names) / sizeof(names[0]); n++) {
		struct trace_result *r = trace_to(t, names[n], false, NULL);
		ck_assert_str_eq(trace_verdict_name(r->verdict), "ambiguous");
		ck_assert_str_eq(r->reason_code, "DEPENDS_ON_ADDRESS");
		ck_assert_uint_eq(r->nsplits, 2);
		ck_assert_str_eq(r->dst_set, "pl-63a5400a");
		const struct trace_split *nat = split_with(r, "52.216.0.0/16");
		const struct trace_split *gw = split_with(r, "54.231.0.0/16");
		ck_assert_ptr_nonnull(nat);
		ck_assert_ptr_nonnull(gw);
		ck_assert_str_eq(ranges(nat, buf, sizeof(buf)), "52.216.0.0/16");
		ck_assert_str_eq(ranges(gw, buf, sizeof(buf)), "3.5.0.0/19,52.217.0.0/16,54.231.0.0/16");
		ck_assert_str_eq(trace_verdict_name(nat->result->verdict), "reachable");
		ck_assert_str_eq(nat->result->path, "nat-gateway");
		ck_assert_str_eq(gw->result->path, "gateway-endpoint");
		/* they part at the route table: hops 1-3 are shared */
		ck_assert_int_eq(r->split_hop, 4);
		ck_assert_uint_eq(r->nhops, 3);
		ck_assert_str_eq(r->reason_leg, "forward");
		ck_assert_ptr_nonnull(strstr(r->reason_message, "52.216.0.0/16"));
		trace_result_free(r);
	}
	topo_free(t);
}
END_TEST

/* F6.3, F2.17: a network ACL rule that denies one entry of the range. */
START_TEST(test_nacl_splits_range)
{
	struct topology *t = load("", "          - { rule: 90, protocol: all, to: 54.231.0.0/16, "
				  "action: deny }\n", "", sg_all_https);
	char buf[512];
	for (size_t n = 0; n < sizeof(names) / sizeof(names[0]); n++) {
		struct trace_result *r = trace_to(t, names[n], false, NULL);
		ck_assert_str_eq(r->reason_code, "DEPENDS_ON_ADDRESS");
		ck_assert_uint_eq(r->nsplits, 2);
		const struct trace_split *deny = split_with(r, "54.231.0.0/16");
		ck_assert_ptr_nonnull(deny);
		ck_assert_str_eq(ranges(deny, buf, sizeof(buf)), "54.231.0.0/16");
		ck_assert_str_eq(trace_verdict_name(deny->result->verdict), "unreachable");
		ck_assert_str_eq(deny->result->reason_code, "NACL_EGRESS_DENIED");
		const struct trace_split *ok = split_with(r, "3.5.0.0/19");
		ck_assert_str_eq(ranges(ok, buf, sizeof(buf)), "3.5.0.0/19,52.216.0.0/15");
		ck_assert_str_eq(trace_verdict_name(ok->result->verdict), "reachable");
		/* the instance and its security group pass for all; the NACL parts them */
		ck_assert_int_eq(r->split_hop, 3);
		trace_result_free(r);
	}
	topo_free(t);
}
END_TEST

/* F6.1, F2.17: a security group that allows only part of the range. */
START_TEST(test_sg_splits_range)
{
	struct topology *t = load("", "", "", "          - { protocol: tcp, ports: 443, "
				  "to: 52.216.0.0/15 }\n");
	char buf[512];
	for (size_t n = 0; n < sizeof(names) / sizeof(names[0]); n++) {
		struct trace_result *r = trace_to(t, names[n], false, NULL);
		ck_assert_str_eq(r->reason_code, "DEPENDS_ON_ADDRESS");
		const struct trace_split *deny = split_with(r, "3.5.0.0/19");
		ck_assert_ptr_nonnull(deny);
		ck_assert_str_eq(ranges(deny, buf, sizeof(buf)), "3.5.0.0/19,54.231.0.0/16");
		ck_assert_str_eq(deny->result->reason_code, "SG_EGRESS_DENIED");
		const struct trace_split *ok = split_with(r, "52.216.0.0/15");
		ck_assert_str_eq(ok->result->path, "gateway-endpoint");
		ck_assert_int_eq(r->split_hop, 2);
		trace_result_free(r);
	}
	topo_free(t);
}
END_TEST

/* F6.3, F6.4, F2.17: the response's network ACL admits part of the range only: the
 * outcomes part on the return leg. */
START_TEST(test_return_leg_splits_range)
{
	struct topology *t = load("", "", "          - { rule: 90, protocol: all, from: 3.5.0.0/19, "
				  "action: deny }\n", sg_all_https);
	struct trace_result *r = trace_to(t, "s3://raw-dataset", false, NULL);
	ck_assert_str_eq(r->reason_code, "DEPENDS_ON_ADDRESS");
	ck_assert_str_eq(r->reason_leg, "return");
	const struct trace_split *deny = split_with(r, "3.5.0.0/19");
	ck_assert_ptr_nonnull(deny);
	ck_assert_str_eq(deny->result->reason_code, "NACL_RETURN_DENIED");
	ck_assert_int_eq(r->split_hop, 1);
	trace_result_free(r);
	topo_free(t);
}
END_TEST

/* F2.17: nothing treats the range's parts differently: one answer, for the whole list. */
START_TEST(test_uniform_range_one_answer)
{
	struct topology *t = load("", "", "", sg_all_https);
	for (size_t n = 0; n < sizeof(names) / sizeof(names[0]); n++) {
		struct trace_result *r = trace_to(t, names[n], false, NULL);
		ck_assert_str_eq(trace_verdict_name(r->verdict), "reachable");
		ck_assert_str_eq(r->path, "gateway-endpoint");
		ck_assert_uint_eq(r->nsplits, 0);
		ck_assert_str_eq(r->dst_set, "pl-63a5400a");
		ck_assert_uint_eq(r->ndst_set_cidrs, 3);
		trace_result_free(r);
	}
	topo_free(t);
}
END_TEST

/* topology.md dns:, F2.17: a pinned name is a set of one. */
START_TEST(test_pinned_name_is_one_address)
{
	struct topology *t = load("          - { destination: 52.216.0.0/16, target: nat-a }\n",
				  "", "", sg_all_https);
	struct trace_result *r = trace_to(t, "s3://pinned-bucket", false, NULL);
	ck_assert_str_eq(trace_verdict_name(r->verdict), "reachable");
	ck_assert_str_eq(r->path, "nat-gateway");
	ck_assert_ptr_null(r->dst_set);
	ck_assert_str_eq(r->dst_ip, "52.216.1.1");
	trace_result_free(r);
	topo_free(t);
}
END_TEST

/* Bulk runs (brief, through a memo) give the same answer and outcomes as a full trace;
 * the second trace of a memo reuses the first's classes. */
START_TEST(test_brief_matches_full)
{
	struct topology *t = load("          - { destination: 52.216.0.0/16, target: nat-a }\n",
				  "          - { rule: 90, protocol: all, to: 54.231.0.0/16, "
				  "action: deny }\n", "", sg_all_https);
	struct trace_result *full = trace_to(t, "s3://logs", false, NULL);
	struct trace_memo *m = trace_memo_new();
	for (int pass = 0; pass < 2; pass++) {
		struct trace_result *b = trace_to(t, pass ? "s3://raw-dataset" : "s3://logs", true, m);
		ck_assert_int_eq(b->verdict, full->verdict);
		ck_assert_str_eq(b->reason_code, full->reason_code);
		ck_assert_uint_eq(b->nsplits, 3);
		ck_assert_uint_eq(b->nsplits, full->nsplits);
		for (size_t i = 0; i < b->nsplits; i++) {
			ck_assert_int_eq(b->splits[i].result->verdict, full->splits[i].result->verdict);
			ck_assert_str_eq(b->splits[i].result->path, full->splits[i].result->path);
			ck_assert_uint_eq(b->splits[i].ncidrs, full->splits[i].ncidrs);
		}
		trace_result_free(b);
	}
	trace_memo_free(m);
	trace_result_free(full);
	topo_free(t);
}
END_TEST

/* F2.17, F5.7, F8: cost and compliance follow each outcome; a rule fails for the name
 * when it fails for some of its addresses. */
/* Issue 17 item 4, F2.17: an outcome that does not arrive is not judged; the name is
 * judged on the addresses that arrive, and when none does, it is "not evaluated". */
START_TEST(test_rules_judge_the_addresses_that_arrive)
{
	struct diag_list d = { 0 };
	struct rules *rs = rules_load("configs/rules/default.yaml", &d);
	diag_list_clear(&d);
	ck_assert_ptr_nonnull(rs);
	/* one entry denied by the NACL, the others through the gateway endpoint */
	struct topology *t = load("", "          - { rule: 90, protocol: all, to: 54.231.0.0/16, "
				  "action: deny }\n", "", sg_all_https);
	struct trace_result *r = trace_to(t, "s3://raw-dataset", false, NULL);
	rules_apply(rs, r);
	const struct trace_split *deny = split_with(r, "54.231.0.0/16");
	ck_assert(!deny->result->compliance.judged);
	ck_assert_str_eq(rules_compliance_word(&deny->result->compliance), "not evaluated");
	ck_assert(r->compliance.judged);
	ck_assert_str_eq(rules_compliance_word(&r->compliance), "compliant");
	trace_result_free(r);
	topo_free(t);
	/* one entry denied on the way out, the others on the way back: nothing arrives */
	t = load("", "          - { rule: 90, protocol: all, to: 54.231.0.0/16, action: deny }\n",
		 "          - { rule: 90, protocol: all, from: 3.5.0.0/19, action: deny }\n"
		 "          - { rule: 91, protocol: all, from: 52.216.0.0/15, action: deny }\n",
		 sg_all_https);
	r = trace_to(t, "s3://raw-dataset", false, NULL);
	rules_apply(rs, r);
	ck_assert_uint_ge(r->nsplits, 2);
	ck_assert(!r->compliance.judged);
	ck_assert(!r->compliance.compliant);
	ck_assert_str_eq(rules_compliance_word(&r->compliance), "not evaluated");
	trace_result_free(r);
	topo_free(t);
	rules_free(rs);
}
END_TEST

START_TEST(test_cost_and_rules_follow_outcomes)
{
	struct topology *t = load("          - { destination: 52.216.0.0/16, target: nat-a }\n",
				  "", "", sg_all_https);
	struct diag_list d = { 0 };
	struct cost_pricing *p = cost_pricing_load("configs/pricing.yaml", &d);
	struct rules *rs = rules_load("configs/rules/default.yaml", &d);
	diag_list_clear(&d);
	ck_assert_ptr_nonnull(p);
	ck_assert_ptr_nonnull(rs);
	struct trace_result *r = trace_to(t, "s3://raw-dataset", false, NULL);
	cost_apply(p, r, -1);
	rules_apply(rs, r);
	const struct trace_split *nat = split_with(r, "52.216.0.0/16");
	const struct trace_split *gw = split_with(r, "54.231.0.0/16");
	ck_assert(nat->result->cost.computed && gw->result->cost.computed);
	ck_assert_double_eq_tol(nat->result->cost.per_gb, 0.045, 1e-9);
	ck_assert_double_eq_tol(gw->result->cost.per_gb, 0.0, 1e-9);
	ck_assert(!r->cost.computed);
	ck_assert(!nat->result->compliance.compliant);
	ck_assert(gw->result->compliance.compliant);
	ck_assert(r->compliance.evaluated);
	ck_assert(!r->compliance.compliant);
	bool private_path_fails = false;
	for (size_t i = 0; i < r->compliance.nrules; i++)
		if (!strcmp(r->compliance.rules[i].id, "private-path"))
			private_path_fails = r->compliance.rules[i].result == RULE_FAIL &&
					     strstr(r->compliance.rules[i].message, "52.216.0.0/16");
	ck_assert(private_path_fails);
	trace_result_free(r);
	rules_free(rs);
	cost_pricing_free(p);
	topo_free(t);
}
END_TEST

/* F2.17: 1,500 rules of one address each cut the list into 3,001 runs; every allowed
 * address is one outcome and every other address the other, with and without a memo
 * (the cuts are one sweep, made once per trace_run). */
START_TEST(test_many_cuts_two_outcomes)
{
	char *rules = every_other_address(1500);
	struct topology *t = load("", "", "", rules);
	struct trace_memo *memo = trace_memo_new();
	for (int m = 0; m < 2; m++) {
		struct trace_result *r = trace_to(t, "s3://raw-dataset", false, m ? memo : NULL);
		ck_assert_str_eq(r->reason_code, "DEPENDS_ON_ADDRESS");
		ck_assert_uint_eq(r->nsplits, 2);
		const struct trace_split *ok = split_with(r, "52.216.5.206/32");
		const struct trace_split *deny = split_with(r, "52.216.5.207/32");
		ck_assert_ptr_nonnull(ok);
		ck_assert_ptr_nonnull(deny);
		ck_assert_str_eq(trace_verdict_name(ok->result->verdict), "reachable");
		ck_assert_str_eq(deny->result->reason_code, "SG_EGRESS_DENIED");
		ck_assert_uint_eq(ok->ncidrs, 1500);
		/* the odd addresses of the first 3,000, then the rest of the list merged */
		ck_assert_ptr_nonnull(split_with(r, "52.216.11.184/29"));
		ck_assert_ptr_null(split_with(r, "52.216.11.184/32"));
		trace_result_free(r);
	}
	trace_memo_free(memo);
	topo_free(t);
	free(rules);
}
END_TEST

/* F2.17: a topology that cuts the list into more classes than are traced gets no
 * answer for one part: ambiguous, DEPENDS_ON_ADDRESS, "may depend on the address",
 * and no hop is called the deciding one. */
START_TEST(test_too_many_classes_is_ambiguous)
{
	char *rules = every_other_address(ADDRSET_LIMIT_FOR_TEST);
	struct topology *t = load("", "", "", rules);
	struct trace_memo *memo = trace_memo_new();
	for (int m = 0; m < 2; m++) {
		struct trace_result *r = trace_to(t, "s3://raw-dataset", m == 1, m ? memo : NULL);
		ck_assert_str_eq(trace_verdict_name(r->verdict), "ambiguous");
		ck_assert_str_eq(r->reason_code, "DEPENDS_ON_ADDRESS");
		ck_assert_uint_eq(r->nsplits, 0);
		ck_assert_ptr_nonnull(strstr(r->reason_message, "may depend on the address"));
		for (size_t i = 0; i < r->nhops; i++)
			ck_assert(!r->hops[i].deciding);
		trace_result_free(r);
	}
	trace_memo_free(memo);
	topo_free(t);
	free(rules);
}
END_TEST

/* The answer when one bound of addrset's work is passed: ambiguous, DEPENDS_ON_ADDRESS,
 * no split and no deciding hop, with and without a memo.  1,500 one-address rules make
 * 3,000 runs of addresses in 1,501 classes, each run looked up in the route tables near
 * the list; with the default bounds the same topology has two outcomes
 * (test_many_cuts_two_outcomes). */
static void assert_bound_is_ambiguous(const struct addrset_bounds *b)
{
	char *rules = every_other_address(1500);
	struct topology *t = load("", "", "", rules);
	addrset_set_bounds(b);
	for (int m = 0; m < 2; m++) {
		struct trace_memo *memo = m ? trace_memo_new() : NULL;
		struct trace_result *r = trace_to(t, "s3://raw-dataset", false, memo);
		ck_assert_str_eq(trace_verdict_name(r->verdict), "ambiguous");
		ck_assert_str_eq(r->reason_code, "DEPENDS_ON_ADDRESS");
		ck_assert_uint_eq(r->nsplits, 0);
		ck_assert_ptr_nonnull(strstr(r->reason_message, "may depend on the address"));
		for (size_t i = 0; i < r->nhops; i++)
			ck_assert(!r->hops[i].deciding);
		trace_result_free(r);
		trace_memo_free(memo);
	}
	addrset_set_bounds(NULL);
	/* the defaults again: the two outcomes */
	struct trace_result *r = trace_to(t, "s3://raw-dataset", false, NULL);
	ck_assert_uint_eq(r->nsplits, 2);
	trace_result_free(r);
	topo_free(t);
	free(rules);
}

/* ADDRSET_MAX_LOOKUPS: more route lookups (runs times route tables near the set) than
 * allowed, with every other bound far off (pieces and classes by the thousand, their
 * signatures 120 KB) */
START_TEST(test_lookup_bound_is_ambiguous)
{
	struct addrset_bounds b = { ADDRSET_MAX_PIECES, ADDRSET_MAX_CLASSES, 1000,
				    ADDRSET_MAX_SIGNATURE_BYTES };
	assert_bound_is_ambiguous(&b);
}
END_TEST

/* ADDRSET_MAX_SIGNATURE_BYTES: the distinct signatures (the rules that hold a run and
 * each route table's choice for it) take more bytes than allowed, with every other
 * bound far off */
START_TEST(test_signature_bound_is_ambiguous)
{
	struct addrset_bounds b = { ADDRSET_MAX_PIECES, ADDRSET_MAX_CLASSES, ADDRSET_MAX_LOOKUPS,
				    16 << 10 };
	assert_bound_is_ambiguous(&b);
}
END_TEST

static Suite *addrset_suite(void)
{
	Suite *s = suite_create("addrset");
	TCase *tc = tcase_create("F2.17");
	tcase_add_test(tc, test_route_splits_range);
	tcase_add_test(tc, test_nacl_splits_range);
	tcase_add_test(tc, test_sg_splits_range);
	tcase_add_test(tc, test_return_leg_splits_range);
	tcase_add_test(tc, test_uniform_range_one_answer);
	tcase_add_test(tc, test_pinned_name_is_one_address);
	tcase_add_test(tc, test_brief_matches_full);
	tcase_add_test(tc, test_cost_and_rules_follow_outcomes);
	tcase_add_test(tc, test_many_cuts_two_outcomes);
	tcase_add_test(tc, test_too_many_classes_is_ambiguous);
	tcase_add_test(tc, test_lookup_bound_is_ambiguous);
	tcase_add_test(tc, test_signature_bound_is_ambiguous);
	tcase_add_test(tc, test_rules_judge_the_addresses_that_arrive);
	suite_add_tcase(s, tc);
	return s;
}

VPCPATH_CHECK_MAIN(addrset_suite)
