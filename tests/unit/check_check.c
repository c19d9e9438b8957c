/* check_check.c - `vpcpath check` and `vpcpath diff` (src/check, src/out/sarif.c,
 * src/out/junit.c): the assertions file and its located errors, the grouping of
 * all_pairs (grouped answers equal the pair-by-pair answers, sources and destinations
 * that differ kept apart), findings, the diff of two topologies, SARIF's required
 * structure (SARIF 2.1.0 schema: version, runs, tool.driver, rules, results with
 * ruleId, level, message.text, physicalLocation) and the escaping of JUnit XML. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "check_main.h"
#include "vpcpath/check.h"
#include "vpcpath/cost.h"
#include "vpcpath/out.h"
#include "vpcpath/rules.h"
#include "vpcpath/topo.h"
#include "vpcpath/util.h"

/* Shipped files are found relative to the repository root: the current directory
 * (as `make check` runs the suites), or $VPCPATH_SRCDIR when set. */
static const char *src_path(const char *rel)
{
	static char bufs[8][512];
	static int next;
	const char *root = getenv("VPCPATH_SRCDIR");
	char *buf = bufs[next++ % 8];
	snprintf(buf, sizeof(bufs[0]), "%s%s%s", root ? root : "", root ? "/" : "", rel);
	return buf;
}

#define SHOP "tests/check/repo/network/vpc.yaml"
#define SHOP_BEFORE "tests/check/repo/network/vpc-before.yaml"
#define SHOP_CHECKS "tests/check/repo/network/checks.yaml"
#define SPLIT "tests/check/repo/grouping/split.yaml"
#define VARIABLE "tests/check/repo/grouping/variable.yaml"
#define ODD_CHECKS "tests/check/repo/escape/odd-checks.yaml"

static struct topology *load(const char *rel)
{
	struct diag_list d = { 0 };
	struct topo_load_options o = { 0 };
	struct topology *t = topo_load(src_path(rel), &o, &d);
	if (!t)
		diag_print(&d, stderr, 1);
	diag_list_clear(&d);
	ck_assert_ptr_nonnull(t);
	return t;
}

static struct topology *load_buffer(const char *yaml)
{
	struct diag_list d = { 0 };
	struct topo_load_options o = { 0 };
	struct topology *t = topo_load_buffer("t.yaml", ".", yaml, strlen(yaml), &o, &d);
	if (!t)
		diag_print(&d, stderr, 1);
	diag_list_clear(&d);
	ck_assert_ptr_nonnull(t);
	return t;
}

static struct rules *rules;
static struct cost_pricing *pricing;

static void setup(void)
{
	struct diag_list d = { 0 };
	rules = rules_load(src_path("configs/rules/default.yaml"), &d);
	pricing = cost_pricing_load(src_path("configs/pricing.yaml"), &d);
	if (d.errors)
		diag_print(&d, stderr, 1);
	diag_list_clear(&d);
	ck_assert_ptr_nonnull(rules);
	ck_assert_ptr_nonnull(pricing);
}

static void teardown(void)
{
	rules_free(rules);
	cost_pricing_free(pricing);
}

static struct check_assertions *assertions(const char *yaml, struct diag_list *d)
{
	return check_assertions_load_buffer("a.yaml", NULL, yaml, strlen(yaml), d);
}

static struct check_report *run(const struct topology *t, const struct check_assertions *a,
				bool no_grouping)
{
	struct check_options o = { .pricing = pricing, .rules = rules, .no_grouping = no_grouping,
				   .keep_cells = true };
	return check_run(t, a, &o);
}

static char *render(const struct check_output *o, const struct check_report *r);

static bool has_diag(const struct diag_list *d, unsigned line, unsigned col, const char *text)
{
	for (size_t i = 0; i < d->len; i++)
		if (d->items[i].line == line && d->items[i].col == col &&
		    strstr(d->items[i].message, text))
			return true;
	return false;
}

/* ---- the assertions file ---- */

START_TEST(assertions_parse)
{
	struct diag_list d = { 0 };
	struct check_assertions *a = assertions(
		"flows:\n"
		"  - { from: app-1, to: s3://b, expect: denied, path: peering+interface-endpoint,\n"
		"      max_cost_per_gb: 0.01, action: s3:PutObject, port: 8443, protocol: udp }\n"
		"  - { name: second, from: app-2, to: dynamodb://t }\n"
		"all_pairs:\n"
		"  instances: [app-*]\n"
		"  vpcs: prod\n"
		"  destinations: [s3://logs-*]\n"
		"  expect: unreachable\n", &d);
	ck_assert_ptr_nonnull(a);
	ck_assert_uint_eq(d.len, 0);
	ck_assert_uint_eq(a->nflows, 2);
	ck_assert_int_eq(a->flows[0].expect.verdict, TRACE_DENIED);
	ck_assert_str_eq(a->flows[0].expect.path, "peering+interface-endpoint");
	ck_assert(a->flows[0].expect.has_max_cost);
	ck_assert(a->flows[0].expect.max_cost_per_gb == 0.01);
	ck_assert_str_eq(a->flows[0].action, "s3:PutObject");
	ck_assert_int_eq(a->flows[0].port, 8443);
	ck_assert_int_eq(a->flows[0].protocol, TOPO_PROTO_UDP);
	ck_assert_uint_eq(a->flows[0].line, 2);
	ck_assert_uint_eq(a->flows[0].from_line, 2);
	ck_assert_uint_eq(a->flows[0].from_col, 13);
	/* expect defaults to reachable */
	ck_assert_int_eq(a->flows[1].expect.verdict, TRACE_REACHABLE);
	ck_assert_str_eq(a->flows[1].name, "second");
	ck_assert_int_eq(a->flows[1].port, -1);
	ck_assert(a->all_pairs.enabled);
	ck_assert_uint_eq(a->all_pairs.ninstances, 1);
	ck_assert_uint_eq(a->all_pairs.nvpcs, 1);
	ck_assert_str_eq(a->all_pairs.vpcs[0].text, "prod");
	ck_assert_uint_eq(a->all_pairs.vpcs[0].line, 7);
	ck_assert_int_eq(a->all_pairs.expect.verdict, TRACE_UNREACHABLE);
	ck_assert(!a->flows[0].expect.has_gb);
	check_assertions_free(a);

	/* issue 17: the volume of a flow and of each all_pairs pair */
	a = assertions("flows:\n  - { from: app-1, to: s3://b, gb_per_month: 500 }\n"
		       "all_pairs: { gb_per_month: 0.5 }\n", &d);
	ck_assert_ptr_nonnull(a);
	ck_assert(a->flows[0].expect.has_gb);
	ck_assert_double_eq_tol(a->flows[0].expect.gb_per_month, 500, 1e-9);
	ck_assert(a->all_pairs.expect.has_gb);
	ck_assert_double_eq_tol(a->all_pairs.expect.gb_per_month, 0.5, 1e-9);
	check_assertions_free(a);
	a = assertions("flows:\n  - { from: app-1, to: s3://b, gb_per_month: -1 }\n"
		       "  - { from: app-1, to: s3://b, gb_per_mont: 5 }\n", &d);
	ck_assert_ptr_null(a);
	ck_assert(has_diag(&d, 2, 46, "gb_per_month: expected the GB a month"));
	ck_assert(has_diag(&d, 3, 32, "did you mean 'gb_per_month'"));
	diag_list_clear(&d);
	/* amounts no flow has: every monthly figure from them would print wrong */
	a = assertions("flows:\n  - { from: app-1, to: s3://b, gb_per_month: 1e300 }\n"
		       "  - { from: app-1, to: s3://b, max_cost_per_gb: 1e300 }\n", &d);
	ck_assert_ptr_null(a);
	ck_assert(has_diag(&d, 2, 46, "from 0 to 1000000000"));
	ck_assert(has_diag(&d, 3, 49, "max_cost_per_gb: expected USD per GB (a number from 0 to 1000)"));
	diag_list_clear(&d);

	a = assertions("all_pairs: true\n", &d);
	ck_assert_ptr_nonnull(a);
	ck_assert(a->all_pairs.enabled);
	ck_assert_uint_eq(a->nflows, 0);
	check_assertions_free(a);
	diag_list_clear(&d);
}
END_TEST

START_TEST(assertions_errors_located_with_hints)
{
	struct diag_list d = { 0 };
	struct check_assertions *a = assertions(
		"flow: []\n"                                  /* 1 */
		"flows:\n"                                    /* 2 */
		"  - from: app-1\n"                           /* 3 */
		"    to: s3://b\n"                            /* 4 */
		"    expcet: reachable\n"                     /* 5 */
		"  - from: app-1\n"                           /* 6 */
		"    to: s3://b\n"                            /* 7 */
		"    expect: reachble\n"                      /* 8 */
		"    path: nat-gatway\n"                      /* 9 */
		"    port: 70000\n"                           /* 10 */
		"    max_cost_per_gb: -1\n"                   /* 11 */
		"    protocol: tcpp\n"                        /* 12 */
		"  - to: s3://b\n"                            /* 13 */
		"  - 42\n"                                    /* 14 */
		"all_pairs:\n"                                /* 15 */
		"  instance: app-*\n"                         /* 16 */
		"  destinations: ftp://x\n", &d);             /* 17 */
	ck_assert_ptr_null(a);
	ck_assert(has_diag(&d, 1, 1, "unknown key 'flow' (did you mean 'flows'?)"));
	ck_assert(has_diag(&d, 5, 5, "unknown flow key 'expcet' (did you mean 'expect'?)"));
	ck_assert(has_diag(&d, 8, 13, "unknown verdict 'reachble' (did you mean 'reachable'?)"));
	ck_assert(has_diag(&d, 9, 11, "did you mean 'nat-gateway'?"));
	ck_assert(has_diag(&d, 10, 11, "port:"));
	ck_assert(has_diag(&d, 11, 22, "max_cost_per_gb:"));
	ck_assert(has_diag(&d, 12, 15, "protocol:"));
	ck_assert(has_diag(&d, 13, 5, "a flow needs from:"));
	ck_assert(has_diag(&d, 14, 5, "expected a flow"));
	ck_assert(has_diag(&d, 16, 3, "unknown all_pairs key 'instance' (did you mean 'instances'?)"));
	ck_assert(has_diag(&d, 17, 17, "not s3://PATTERN or dynamodb://PATTERN"));
	for (size_t i = 0; i < d.len; i++)
		ck_assert_str_eq(d.items[i].file, "a.yaml");
	diag_list_clear(&d);

	a = assertions("version: 1\n", &d);
	ck_assert_ptr_null(a);
	ck_assert(has_diag(&d, 1, 1, "nothing to check"));
	diag_list_clear(&d);

	a = assertions("rules: nope.yaml\nall_pairs: true\n", &d);
	ck_assert_ptr_null(a);
	ck_assert(has_diag(&d, 1, 8, "rules: cannot read 'nope.yaml'"));
	diag_list_clear(&d);
}
END_TEST

/* ---- grouping ---- */

/* Every pair's outcome in r equals the same pair's in the pair-by-pair run u. */
static void same_cells(const struct check_report *r, const struct check_report *u)
{
	ck_assert_uint_eq(r->nsources, u->nsources);
	ck_assert_uint_eq(r->ndests, u->ndests);
	for (size_t s = 0; s < r->nsources; s++)
		for (size_t d = 0; d < r->ndests; d++) {
			const struct check_outcome *a = check_report_cell(r, s, d);
			const struct check_outcome *b = check_report_cell(u, s, d);
			ck_assert_ptr_nonnull(a);
			ck_assert_ptr_nonnull(b);
			if (a->error != b->error || a->verdict != b->verdict ||
			    (a->reason != b->reason && (!a->reason || !b->reason ||
							strcmp(a->reason, b->reason))) ||
			    strcmp(a->path, b->path) || a->cost_computed != b->cost_computed ||
			    a->per_gb != b->per_gb || a->compliant != b->compliant ||
			    a->rules_failed != b->rules_failed || a->verdict_ok != b->verdict_ok)
				ck_abort_msg("%s -> %s: grouped %s/%s/%s, pair by pair %s/%s/%s",
					     r->sources[s]->id, r->dests[d].uri,
					     trace_verdict_name(a->verdict), a->path,
					     a->reason ? a->reason : "-", trace_verdict_name(b->verdict),
					     b->path, b->reason ? b->reason : "-");
		}
	ck_assert_uint_eq(r->pairs_passed, u->pairs_passed);
	ck_assert_uint_eq(r->pairs_failed, u->pairs_failed);
	ck_assert_uint_eq(r->nrules, u->nrules);
	for (size_t i = 0; i < r->nrules; i++) {
		ck_assert_uint_eq(r->rules[i].pass, u->rules[i].pass);
		ck_assert_uint_eq(r->rules[i].fail, u->rules[i].fail);
		ck_assert_uint_eq(r->rules[i].na, u->rules[i].na);
	}
	/* the same findings, counting the same flows */
	ck_assert_uint_eq(r->nfindings, u->nfindings);
	for (size_t i = 0; i < r->nfindings; i++) {
		ck_assert_str_eq(r->findings[i].rule_id, u->findings[i].rule_id);
		ck_assert_str_eq(r->findings[i].message, u->findings[i].message);
		ck_assert_uint_eq(r->findings[i].pairs, u->findings[i].pairs);
		ck_assert_uint_eq(r->findings[i].instances, u->findings[i].instances);
		ck_assert_uint_eq(r->findings[i].destinations, u->findings[i].destinations);
	}
}

static size_t group_of(const struct check_report *r, const char *id)
{
	for (size_t i = 0; i < r->nsources; i++)
		if (!strcmp(r->sources[i]->id, id))
			return r->source_group[i];
	ck_abort_msg("no source %s", id);
	return 0;
}

static size_t class_of(const struct check_report *r, const char *uri)
{
	for (size_t i = 0; i < r->ndests; i++)
		if (!strcmp(r->dests[i].uri, uri))
			return r->dests[i].cls;
	ck_abort_msg("no destination %s", uri);
	return 0;
}

START_TEST(grouping_keeps_apart_what_differs)
{
	struct topology *t = load(SPLIT);
	struct check_assertions *a = check_assertions_default();
	struct check_report *r = run(t, a, false), *u = run(t, a, true);
	same_cells(r, u);
	ck_assert(!r->grouping_off);
	/* the endpoint's SG admits 10.30.1.0/28, the bucket policy 10.30.1.16/29 */
	ck_assert_uint_eq(group_of(r, "i-a1"), group_of(r, "i-a2"));
	ck_assert_uint_ne(group_of(r, "i-a1"), group_of(r, "i-a3"));
	ck_assert_uint_eq(group_of(r, "i-a3"), group_of(r, "i-a4"));
	ck_assert_uint_ne(group_of(r, "i-a4"), group_of(r, "i-a5"));
	ck_assert_uint_eq(group_of(r, "i-a5"), group_of(r, "i-a6"));
	/* another role */
	ck_assert_uint_ne(group_of(r, "i-a1"), group_of(r, "i-a8"));
	/* subnets b and b2 share table, ACL and AZ; c is in the NAT gateway's AZ */
	ck_assert_uint_eq(group_of(r, "i-b1"), group_of(r, "i-b2"));
	ck_assert_uint_ne(group_of(r, "i-b1"), group_of(r, "i-c1"));
	ck_assert_uint_eq(group_of(r, "i-c1"), group_of(r, "i-c2"));
	/* the NAT gateway's subnet keeps its own groups; the public addresses do not matter */
	ck_assert_uint_eq(group_of(r, "i-p1"), group_of(r, "i-p2"));
	ck_assert_uint_eq(r->ngroups, 7);
	/* public-* names match the endpoint policy, private-c does not; pinned-d is pinned;
	 * data-e has a policy */
	ck_assert_uint_eq(class_of(r, "s3://public-a"), class_of(r, "s3://public-b"));
	ck_assert_uint_ne(class_of(r, "s3://public-a"), class_of(r, "s3://private-c"));
	ck_assert_uint_ne(class_of(r, "s3://public-a"), class_of(r, "s3://pinned-d"));
	ck_assert_uint_ne(class_of(r, "s3://public-a"), class_of(r, "s3://data-e"));
	ck_assert_uint_eq(r->nclasses, 4);
	ck_assert_uint_eq(r->traces, 28);
	ck_assert_uint_eq(u->traces, 70);
	check_report_free(r);
	check_report_free(u);
	check_assertions_free(a);
	topo_free(t);
}
END_TEST

START_TEST(grouping_off_with_policy_variable)
{
	struct topology *t = load(VARIABLE);
	struct check_assertions *a = check_assertions_default();
	struct check_report *r = run(t, a, false), *u = run(t, a, true);
	ck_assert(r->grouping_off);
	ck_assert_uint_eq(r->ngroups, 2);
	same_cells(r, u);
	check_report_free(r);
	check_report_free(u);
	check_assertions_free(a);
	topo_free(t);
}
END_TEST

START_TEST(grouping_the_shop)
{
	const char *files[] = { SHOP, SHOP_BEFORE };
	for (size_t k = 0; k < 2; k++) {
		struct topology *t = load(files[k]);
		struct check_assertions *a = check_assertions_default();
		struct check_report *r = run(t, a, false), *u = run(t, a, true);
		same_cells(r, u);
		ck_assert_uint_lt(r->traces, u->traces);
		check_report_free(r);
		check_report_free(u);
		check_assertions_free(a);
		topo_free(t);
	}
}
END_TEST

/* A subnet split by a NACL rule narrower than the subnet: the sources on either side
 * are traced apart, and the answers agree with the pair-by-pair run. */
START_TEST(grouping_nacl_split)
{
	struct topology *t = load_buffer(
		"version: 1\nregion: us-east-1\naccount: \"111122223333\"\n"
		"vpcs:\n"
		"  - id: vpc-1\n    cidrs: [10.0.0.0/16]\n"
		"    subnets:\n      - { id: subnet-1, cidr: 10.0.1.0/24, az: us-east-1a, network_acl: acl-1 }\n"
		"    route_tables:\n      - { id: rtb-1, main: true }\n"
		"    network_acls:\n      - id: acl-1\n"
		"        egress: [ { rule: 100, protocol: all, to: 0.0.0.0/0, action: allow } ]\n"
		"        ingress: [ { rule: 100, protocol: all, from: 0.0.0.0/0, action: allow } ]\n"
		"    endpoints:\n      - { id: vpce-1, type: gateway, service: s3, route_tables: [rtb-1] }\n"
		"    security_groups:\n      - id: sg-1\n"
		"        egress: [ { protocol: tcp, ports: 443, to: 0.0.0.0/0 } ]\n"
		"      - id: sg-2\n"
		"        egress: [ { protocol: tcp, ports: 443, to: 10.0.1.128/25 } ]\n"
		"    instances:\n"
		"      - { id: i-1, subnet: subnet-1, private_ip: 10.0.1.10, security_groups: [sg-1] }\n"
		"      - { id: i-2, subnet: subnet-1, private_ip: 10.0.1.200, security_groups: [sg-1] }\n"
		"      - { id: i-3, subnet: subnet-1, private_ip: 10.0.1.201, security_groups: [sg-1] }\n"
		"s3:\n  - { bucket: b1 }\n  - { bucket: b2 }\n");
	struct check_assertions *a = check_assertions_default();
	struct check_report *r = run(t, a, false), *u = run(t, a, true);
	same_cells(r, u);
	/* sg-2's CIDR splits the subnet: 10 on one side, 200 and 201 on the other */
	ck_assert_uint_ne(group_of(r, "i-1"), group_of(r, "i-2"));
	ck_assert_uint_eq(group_of(r, "i-2"), group_of(r, "i-3"));
	ck_assert_uint_eq(class_of(r, "s3://b1"), class_of(r, "s3://b2"));
	check_report_free(r);
	check_report_free(u);
	check_assertions_free(a);
	topo_free(t);
}
END_TEST

/* Forked workers give the same report, byte for byte, as one process. */
START_TEST(workers_same_report)
{
	const char *files[] = { SPLIT, SHOP };
	for (size_t k = 0; k < 2; k++) {
		struct topology *t = load(files[k]);
		struct check_assertions *a = check_assertions_default();
		struct check_options o1 = { .pricing = pricing, .rules = rules, .jobs = 1,
					    .keep_cells = true };
		struct check_options o3 = { .pricing = pricing, .rules = rules, .jobs = 3,
					    .keep_cells = true };
		struct check_report *r1 = check_run(t, a, &o1), *r3 = check_run(t, a, &o3);
		same_cells(r3, r1);
		ck_assert_uint_eq(r1->traces, r3->traces);
		char *j1 = render(&out_check_json, r1), *j3 = render(&out_check_json, r3);
		ck_assert_str_eq(j1, j3);
		free(j1);
		free(j3);
		check_report_free(r1);
		check_report_free(r3);
		check_assertions_free(a);
		topo_free(t);
	}
}
END_TEST

/* ---- runs and findings ---- */

START_TEST(run_the_shop_checks)
{
	struct diag_list d = { 0 };
	struct check_assertions *a = check_assertions_load(src_path(SHOP_CHECKS), &d);
	ck_assert_ptr_nonnull(a);
	struct topology *t = load(SHOP);
	struct check_report *r = run(t, a, false);
	ck_assert_uint_eq(r->nflows, 6);
	ck_assert_uint_eq(r->flows_passed, 4);
	ck_assert_uint_eq(r->flows_failed, 2);
	ck_assert(r->flows[0].passed);
	ck_assert(!r->flows[4].passed);
	ck_assert(!r->flows[4].o.path_ok);
	ck_assert(r->flows[4].o.verdict_ok);
	ck_assert(!r->flows[5].o.cost_ok);
	ck_assert_uint_eq(r->pairs, 16);
	ck_assert_uint_eq(r->pairs_failed, 1);
	ck_assert(!r->passed);
	/* every finding is located in the topology (or the assertions) */
	for (size_t i = 0; i < r->nfindings; i++) {
		const struct check_finding *f = &r->findings[i];
		ck_assert_ptr_nonnull(f->where_file);
		ck_assert_uint_gt(f->line, 0);
		ck_assert_uint_gt(f->col, 0);
		ck_assert_ptr_nonnull(f->message);
		ck_assert_ptr_nonnull(f->trace_text);
	}
	/* flow 5's path failure is at the route that sends it to the NAT gateway */
	bool found = false;
	for (size_t i = 0; i < r->nfindings; i++)
		if (r->findings[i].flow == 5 && r->findings[i].kind == CHECK_ASSERTION) {
			ck_assert_uint_eq(r->findings[i].line, 30);
			found = true;
		}
	ck_assert(found);
	check_report_free(r);
	check_assertions_free(a);
	topo_free(t);
}
END_TEST

/* all_pairs by tag: every listed tag must match, any exclude_tags one leaves out, Name
 * is the name, and a tag filter that matches nothing is kept for the warning */
START_TEST(all_pairs_by_tag)
{
	struct diag_list d = { 0 };
	struct check_assertions *a = assertions(
		"all_pairs:\n"
		"  tags: { team: payments, cost-center: \"12*\" }\n"
		"  destinations: s3://shop-data\n", &d);
	ck_assert_ptr_nonnull(a);
	ck_assert_uint_eq(a->all_pairs.ntags, 2);
	ck_assert_str_eq(a->all_pairs.tags[1].tag, "cost-center");
	ck_assert_str_eq(a->all_pairs.tags[1].text, "12*");
	ck_assert_uint_eq(a->all_pairs.tags[1].line, 2);
	ck_assert_uint_eq(a->all_pairs.tags[1].col, 40);
	struct topology *t = load(SHOP);
	struct check_report *r = run(t, a, false);
	ck_assert_uint_eq(r->nsources, 1);
	ck_assert_str_eq(r->sources[0]->id, "i-batch1");
	ck_assert_uint_eq(r->nunmatched, 0);
	check_report_free(r);
	check_assertions_free(a);

	a = assertions(
		"all_pairs:\n"
		"  tags: { team: \"pay*\", Name: \"app-*\" }\n"
		"  exclude_tags: { env: staging, team: paymnets }\n"
		"  destinations: s3://shop-data\n", &d);
	ck_assert_ptr_nonnull(a);
	r = run(t, a, false);
	ck_assert_uint_eq(r->nsources, 1);
	ck_assert_str_eq(r->sources[0]->id, "i-app1");
	ck_assert_uint_eq(r->nunmatched, 1);
	ck_assert_str_eq(r->unmatched[0]->tag, "team");
	ck_assert_str_eq(r->unmatched[0]->text, "paymnets");
	ck_assert_uint_eq(r->unmatched[0]->line, 3);
	check_report_free(r);
	check_assertions_free(a);
	topo_free(t);
	diag_list_clear(&d);
}
END_TEST

START_TEST(run_unknown_source_is_an_error)
{
	struct diag_list d = { 0 };
	struct check_assertions *a = assertions("flows:\n  - { from: nope, to: s3://shop-data }\n", &d);
	ck_assert_ptr_nonnull(a);
	struct topology *t = load(SHOP);
	struct check_report *r = run(t, a, false);
	ck_assert(r->flows[0].o.error);
	ck_assert(!r->passed);
	ck_assert_ptr_nonnull(strstr(r->flows[0].failure, "from: nope"));
	check_report_free(r);
	check_assertions_free(a);
	topo_free(t);
}
END_TEST

/* Issue 17 item 4: one fault is reported once.  vpce-s3 lost its association with
 * rtb-app (F2.3), so the route 0.0.0.0/0 -> nat-a carries the app subnets' S3 traffic:
 * two flows and nine all_pairs flows fail an assertion, private-path, max-cost-per-gb
 * and no-cross-az-charge there.  All of them are one fault, named by that route. */
/* The SARIF fault fingerprint of the result at line `line` of the topology, for the
 * assertions file checks against its topology (malloc'd; NULL when none). */
static char *fault_fingerprint_at(const char *checks, const char *topology, unsigned line)
{
	struct diag_list d = { 0 };
	struct check_assertions *a = check_assertions_load(src_path(checks), &d);
	ck_assert_ptr_nonnull(a);
	struct topology *t = load(topology);
	struct check_report *r = run(t, a, false);
	char *sarif = render(&out_check_sarif, r);
	cJSON *doc = cJSON_Parse(sarif);
	ck_assert_ptr_nonnull(doc);
	char *fp = NULL;
	const cJSON *res;
	cJSON_ArrayForEach(res, cJSON_GetObjectItem(cJSON_GetArrayItem(cJSON_GetObjectItem(doc, "runs"), 0),
						   "results")) {
		const cJSON *region = cJSON_GetObjectItem(cJSON_GetObjectItem(cJSON_GetArrayItem(
			cJSON_GetObjectItem(res, "locations"), 0), "physicalLocation"), "region");
		const cJSON *v = cJSON_GetObjectItem(cJSON_GetObjectItem(res, "partialFingerprints"),
						     "vpcpathFaultIdentity/v1");
		if ((unsigned)cJSON_GetObjectItem(region, "startLine")->valuedouble == line && v && !fp)
			fp = strdup(v->valuestring);
	}
	cJSON_Delete(doc);
	free(sarif);
	check_report_free(r);
	check_assertions_free(a);
	topo_free(t);
	diag_list_clear(&d);
	return fp;
}

/* Code scanning follows an alert by its fingerprint: a fault's stays the same while the
 * flows it breaks change (another assertions file, other flows, the same broken route
 * table) */
START_TEST(sarif_fault_fingerprint_follows_the_fault)
{
	const char *topo = "tests/check/repo/network/vpc-lost-association.yaml";
	char *a = fault_fingerprint_at("tests/check/repo/network/checks-lost-association.yaml", topo, 33);
	char *b = fault_fingerprint_at("tests/check/repo/network/checks-money-change.yaml", topo, 33);
	ck_assert_ptr_nonnull(a);
	ck_assert_ptr_nonnull(b);
	ck_assert_str_eq(a, b);
	free(a);
	free(b);
}
END_TEST

START_TEST(one_fault_once)
{
	struct diag_list d = { 0 };
	struct check_assertions *a = check_assertions_load(
		src_path("tests/check/repo/network/checks-lost-association.yaml"), &d);
	ck_assert_ptr_nonnull(a);
	struct topology *t = load("tests/check/repo/network/vpc-lost-association.yaml");
	struct check_report *r = run(t, a, false);
	size_t n;
	const struct check_fault *faults = check_report_faults(r, &n);
	const struct check_fault *route = NULL;
	size_t at_route = 0;
	for (size_t k = 0; k < n; k++) {
		if (faults[k].resource && !strcmp(faults[k].resource, "rtb-app 0.0.0.0/0")) {
			ck_assert_ptr_null(route);  /* one fault for the place, not one per way */
			route = &faults[k];
		}
	}
	ck_assert_ptr_nonnull(route);
	for (size_t i = 0; i < r->nfindings; i++)
		at_route += r->findings[i].where && !strcmp(r->findings[i].where, route->where);
	ck_assert_uint_eq(route->nfindings, at_route);
	ck_assert_uint_ge(route->nfindings, 8);
	ck_assert(route->error);
	/* flow 1 too: the bucket policy denies it for not coming through vpce-s3, and the
	 * route table that no longer sends it there is the root cause (issue 17) */
	ck_assert_uint_eq(route->nflows, 3);
	ck_assert_uint_eq(route->flows[0], 1);
	ck_assert_uint_eq(route->flows[1], 5);
	ck_assert_uint_eq(route->flows[2], 6);
	ck_assert_uint_eq(route->pairs, 9);
	for (size_t k = 0; k < n; k++)  /* and the policy is no fault of its own */
		ck_assert(!faults[k].resource || strcmp(faults[k].resource, "shop-data") != 0);
	/* the ways: an assertion and three rules */
	bool assertion = false, private_path = false, cost = false, cross_az = false;
	for (size_t i = 0; i < route->nfindings; i++) {
		const char *id = r->findings[route->findings[i]].rule_id;
		assertion = assertion || !strcmp(id, "assertion");
		private_path = private_path || !strcmp(id, "private-path");
		cost = cost || !strcmp(id, "max-cost-per-gb");
		cross_az = cross_az || !strcmp(id, "no-cross-az-charge");
	}
	ck_assert(assertion && private_path && cost && cross_az);
	/* several ways fail all_pairs flows: 9 is what one way fails, said as a bound */
	ck_assert(route->pairs_at_least);
	/* SARIF: the fault is one result at its place (it was one per finding, 10 of them),
	 * with the rule of its first error, its flows as related locations (flows 1, 5
	 * and 6, all_pairs) and a fingerprint of the fault, not of a flow */
	char *sarif = render(&out_check_sarif, r);
	cJSON *doc = cJSON_Parse(sarif);
	ck_assert_ptr_nonnull(doc);
	const cJSON *res;
	size_t at_place = 0, results = 0;
	cJSON_ArrayForEach(res, cJSON_GetObjectItem(cJSON_GetArrayItem(cJSON_GetObjectItem(doc, "runs"), 0),
						   "results")) {
		results++;
		const cJSON *region = cJSON_GetObjectItem(cJSON_GetObjectItem(cJSON_GetArrayItem(
			cJSON_GetObjectItem(res, "locations"), 0), "physicalLocation"), "region");
		if ((unsigned)cJSON_GetObjectItem(region, "startLine")->valuedouble != 33)
			continue;
		at_place++;
		ck_assert_str_eq(cJSON_GetObjectItem(res, "ruleId")->valuestring, "assertion");
		ck_assert_str_eq(cJSON_GetObjectItem(res, "level")->valuestring, "error");
		const char *text = cJSON_GetObjectItem(cJSON_GetObjectItem(res, "message"), "text")->valuestring;
		ck_assert_ptr_nonnull(strstr(text, "rtb-app 0.0.0.0/0 breaks flows 1, 5, 6; at least 9 all_pairs flows"));
		ck_assert_ptr_nonnull(strstr(text, "\nerror private-path: flows 5, 6; 9 all_pairs flows: "));
		ck_assert_int_eq(cJSON_GetArraySize(cJSON_GetObjectItem(res, "relatedLocations")), 4);
		ck_assert_ptr_nonnull(cJSON_GetObjectItem(cJSON_GetObjectItem(res, "partialFingerprints"),
							  "vpcpathFaultIdentity/v1"));
	}
	ck_assert_uint_eq(at_place, 1);
	ck_assert_uint_eq(results, n);  /* one result per fault */
	cJSON_Delete(doc);
	free(sarif);
	check_report_free(r);
	check_assertions_free(a);
	topo_free(t);
	diag_list_clear(&d);
}
END_TEST

START_TEST(diff_of_two_topologies)
{
	struct diag_list d = { 0 };
	struct check_assertions *a = check_assertions_load(src_path(SHOP_CHECKS), &d);
	ck_assert_ptr_nonnull(a);
	/* with the rules the assertions name (network/rules.yaml) */
	struct rules *own = rules_load(a->rules_file, &d);
	ck_assert_ptr_nonnull(own);
	struct check_options o = { .pricing = pricing, .rules = own, .keep_cells = true };
	struct topology *before = load(SHOP_BEFORE), *after = load(SHOP);
	struct check_report *rb = check_run(before, a, &o), *ra = check_run(after, a, &o);
	struct check_diff *df = check_diff(rb, ra);
	ck_assert_uint_eq(df->nonly_old_sources, 1);
	ck_assert_str_eq(df->only_old_sources[0], "i-app4");
	ck_assert_uint_eq(df->nonly_old_dests, 1);
	ck_assert_str_eq(df->only_old_dests[0], "s3://shop-old");
	ck_assert_uint_eq(df->compared, 6 + 16);
	ck_assert_uint_eq(df->changed, 5);
	/* flow 2: batch's route table now goes through the endpoint */
	ck_assert_uint_eq(df->changes[0].flow, 2);
	ck_assert_str_eq(df->changes[0].what, "path, cost, compliance");
	ck_assert_str_eq(df->changes[0].before.path, "nat-gateway");
	ck_assert_str_eq(df->changes[0].after.path, "gateway-endpoint");
	ck_assert_uint_eq(df->changes[1].flow, 3);
	/* reachable and judged before; not arriving now, so its compliance is not
	 * evaluated any more: that changed too */
	ck_assert_str_eq(df->changes[1].what, "verdict, compliance");
	ck_assert_str_eq(check_outcome_compliance(&df->changes[1].after), "not evaluated");
	/* issue 17: flow 2 moves 800 GB a month (gb_per_month): $0.055/GB through the
	 * NAT gateway across AZs was $44.00 a month, the gateway endpoint $0.00 */
	ck_assert(df->changes[0].has_monthly);
	ck_assert_double_eq_tol(df->changes[0].gb, 800, 1e-9);
	ck_assert_double_eq_tol(df->changes[0].monthly_before, 44, 1e-9);
	ck_assert_double_eq_tol(df->changes[0].monthly_after, 0, 1e-9);
	/* flow 3 has no volume */
	ck_assert(!df->changes[1].has_monthly);
	/* and the all_pairs changes, 10 GB a pair: 3 pairs at $0.055 */
	ck_assert_uint_eq(df->nmonthly, 1 + 3);
	ck_assert_double_eq_tol(df->monthly_change, -(44 + 3 * 10 * 0.055), 1e-9);
	check_diff_free(df);
	/* a topology against itself: nothing changed */
	df = check_diff(ra, ra);
	ck_assert_uint_eq(df->nchanges, 0);
	ck_assert_uint_eq(df->changed, 0);
	check_diff_free(df);
	check_report_free(rb);
	check_report_free(ra);
	rules_free(own);
	check_assertions_free(a);
	topo_free(before);
	topo_free(after);
}
END_TEST

/* ---- SARIF: the structure the SARIF 2.1.0 schema requires ---- */

static const cJSON *get(const cJSON *o, const char *k)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);
	if (!v)
		ck_abort_msg("SARIF: missing property '%s'", k);
	return v;
}

static void sarif_valid(const char *text, const char *what)
{
	cJSON *doc = cJSON_Parse(text);
	if (!doc)
		ck_abort_msg("%s: not JSON", what);
	ck_assert_str_eq(get(doc, "version")->valuestring, "2.1.0");
	ck_assert(cJSON_IsString(get(doc, "$schema")));
	const cJSON *runs = get(doc, "runs");
	ck_assert(cJSON_IsArray(runs));
	ck_assert_int_eq(cJSON_GetArraySize(runs), 1);
	const cJSON *run0 = cJSON_GetArrayItem(runs, 0);
	const cJSON *driver = get(get(run0, "tool"), "driver");
	ck_assert_str_eq(get(driver, "name")->valuestring, "vpcpath");
	ck_assert(cJSON_IsString(get(driver, "version")));
	const cJSON *rules_a = get(driver, "rules"), *rule;
	ck_assert(cJSON_IsArray(rules_a));
	int nrules = cJSON_GetArraySize(rules_a);
	cJSON_ArrayForEach(rule, rules_a) {
		ck_assert(cJSON_IsString(get(rule, "id")));
		ck_assert(cJSON_IsString(get(get(rule, "shortDescription"), "text")));
		/* what code scanning shows beside an alert: every rule, built-in or not, has
		 * its help and a man: URI of the section documenting it; every built-in one
		 * its own help (a name) in src/out/sarif.c */
		const char *rid = get(rule, "id")->valuestring;
		ck_assert_uint_gt(strlen(get(get(rule, "fullDescription"), "text")->valuestring), 0);
		ck_assert_uint_gt(strlen(get(get(rule, "help"), "text")->valuestring), 0);
		ck_assert_uint_gt(strlen(get(get(rule, "help"), "markdown")->valuestring), 0);
		ck_assert_msg(!strncmp(get(rule, "helpUri")->valuestring, "man:vpcpath(1)#", 15),
			      "rule %s: helpUri %s", rid, get(rule, "helpUri")->valuestring);
		ck_assert_msg(cJSON_GetObjectItemCaseSensitive(rule, "name") != NULL,
			      "rule %s has no help of its own in src/out/sarif.c", rid);
		const char *lvl = get(get(rule, "defaultConfiguration"), "level")->valuestring;
		ck_assert(!strcmp(lvl, "error") || !strcmp(lvl, "warning") || !strcmp(lvl, "note") ||
			  !strcmp(lvl, "none"));
	}
	const cJSON *results = get(run0, "results"), *res;
	ck_assert(cJSON_IsArray(results));
	cJSON_ArrayForEach(res, results) {
		const char *id = get(res, "ruleId")->valuestring;
		ck_assert_ptr_nonnull(id);
		int idx = (int)get(res, "ruleIndex")->valuedouble;
		ck_assert_int_ge(idx, 0);
		ck_assert_int_lt(idx, nrules);
		ck_assert_str_eq(get(cJSON_GetArrayItem(rules_a, idx), "id")->valuestring, id);
		const char *lvl = get(res, "level")->valuestring;
		ck_assert(!strcmp(lvl, "error") || !strcmp(lvl, "warning") || !strcmp(lvl, "note"));
		ck_assert_uint_gt(strlen(get(get(res, "message"), "text")->valuestring), 0);
		const cJSON *locs = get(res, "locations");
		ck_assert_int_ge(cJSON_GetArraySize(locs), 1);
		const cJSON *phys = get(cJSON_GetArrayItem(locs, 0), "physicalLocation");
		const char *uri = get(get(phys, "artifactLocation"), "uri")->valuestring;
		ck_assert_uint_gt(strlen(uri), 0);
		ck_assert_ptr_null(strchr(uri, ' '));
		const cJSON *region = get(phys, "region");
		ck_assert_int_ge((int)get(region, "startLine")->valuedouble, 1);
		ck_assert_int_ge((int)get(region, "startColumn")->valuedouble, 1);
	}
	cJSON_Delete(doc);
}

static char *render(const struct check_output *o, const struct check_report *r)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	ck_assert_ptr_nonnull(f);
	struct out_options oo = { .color = false };
	o->report(f, r, NULL, &oo);
	fclose(f);
	return buf;
}

START_TEST(sarif_structure)
{
	struct diag_list d = { 0 };
	const char *files[] = { SHOP_CHECKS, ODD_CHECKS };
	for (size_t k = 0; k < 2; k++) {
		struct check_assertions *a = check_assertions_load(src_path(files[k]), &d);
		ck_assert_ptr_nonnull(a);
		struct topology *t = load(k ? "tests/check/repo/escape/odd.yaml" : SHOP);
		struct check_report *r = run(t, a, false);
		ck_assert_uint_gt(r->nfindings, 0);
		char *s = render(&out_check_sarif, r);
		sarif_valid(s, files[k]);
		free(s);
		check_report_free(r);
		check_assertions_free(a);
		topo_free(t);
	}
	/* and the golden reports of tests/check */
	const char *golden[] = { "tests/check/cases/check-sarif.out", "tests/check/cases/check-ok-sarif.out",
				 "tests/check/cases/check-escape-sarif.out" };
	for (size_t k = 0; k < 3; k++) {
		size_t len;
		const char *err;
		char *s = read_file(src_path(golden[k]), 1 << 22, &len, &err);
		ck_assert_msg(s != NULL, "%s: %s", golden[k], err ? err : "?");
		sarif_valid(s, golden[k]);
		free(s);
	}
}
END_TEST

/* ---- JUnit: escaping ---- */

START_TEST(junit_escaping)
{
	struct diag_list d = { 0 };
	struct check_assertions *a = check_assertions_load(src_path(ODD_CHECKS), &d);
	ck_assert_ptr_nonnull(a);
	struct topology *t = load("tests/check/repo/escape/odd.yaml");
	struct check_report *r = run(t, a, false);
	char *s = render(&out_check_junit, r);
	/* no character XML 1.0 forbids, and markup only where the report puts it */
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		ck_assert(*p >= 0x20 || *p == '\n');
	ck_assert_ptr_nonnull(strstr(s, "markup &lt;script&gt;&amp;amp; &quot;quotes&quot; &apos;single&apos; ]]&gt;"));
	ck_assert_ptr_nonnull(strstr(s, "s3://odd&lt;&amp;&gt;&quot;b&quot;&apos;\\x07"));
	ck_assert_ptr_null(strstr(s, "<script>"));
	/* tests= counts the testcases */
	size_t cases = 0;
	for (const char *p = s; (p = strstr(p, "<testcase ")); p++)
		cases++;
	char want[64];
	snprintf(want, sizeof(want), "<testsuites name=\"vpcpath check\" tests=\"%zu\"", cases);
	ck_assert_ptr_nonnull(strstr(s, want));
	free(s);
	check_report_free(r);
	check_assertions_free(a);
	topo_free(t);
}
END_TEST

static Suite *check_suite(void)
{
	Suite *s = suite_create("check");
	TCase *tc = tcase_create("check");
	tcase_set_timeout(tc, 60);
	tcase_add_unchecked_fixture(tc, setup, teardown);
	tcase_add_test(tc, assertions_parse);
	tcase_add_test(tc, assertions_errors_located_with_hints);
	tcase_add_test(tc, grouping_keeps_apart_what_differs);
	tcase_add_test(tc, grouping_off_with_policy_variable);
	tcase_add_test(tc, grouping_the_shop);
	tcase_add_test(tc, grouping_nacl_split);
	tcase_add_test(tc, workers_same_report);
	tcase_add_test(tc, run_the_shop_checks);
	tcase_add_test(tc, all_pairs_by_tag);
	tcase_add_test(tc, run_unknown_source_is_an_error);
	tcase_add_test(tc, one_fault_once);
	tcase_add_test(tc, sarif_fault_fingerprint_follows_the_fault);
	tcase_add_test(tc, diff_of_two_topologies);
	tcase_add_test(tc, sarif_structure);
	tcase_add_test(tc, junit_escaping);
	suite_add_tcase(s, tc);
	return s;
}

VPCPATH_CHECK_MAIN(check_suite)
