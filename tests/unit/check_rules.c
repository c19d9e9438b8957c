/* check_rules.c - the compliance rules: each built-in rule's pass / fail / n/a, what
 * "compliant" means, the shipped rule files, extends/override, and located errors. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check_main.h"
#include "vpcpath/arena.h"
#include "vpcpath/cost.h"
#include "vpcpath/rules.h"

#define DEFAULT_RULES "configs/rules/default.yaml"
#define STRICT_RULES "configs/rules/strict.yaml"

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

/* A rule set with every built-in rule enabled, loaded from the shipped default. */
static struct rules *defaults;

static void setup(void)
{
	struct diag_list d = { 0 };
	defaults = rules_load(src_path(DEFAULT_RULES), &d);
	if (!defaults)
		diag_print(&d, stderr, 1);
	ck_assert_ptr_nonnull(defaults);
	ck_assert_uint_eq(d.len, 0);
	diag_list_clear(&d);
}

static void teardown(void)
{
	rules_free(defaults);
	defaults = NULL;
}

/* i-app1 in us-east-1a reaching S3 in its region through a gateway endpoint, with a
 * scoped endpoint policy and a bucket pinned to the endpoint: every rule passes or
 * does not apply. */
static struct trace_result *mk(void)
{
	struct trace_result *r = calloc(1, sizeof(*r));
	r->arena = arena_new();
	r->verdict = TRACE_REACHABLE;
	r->path = "gateway-endpoint";
	r->via_id = "vpce-gws3";
	r->src_kind = "instance";
	r->src_id = "i-app1";
	r->src_subnet = "subnet-app1";
	r->src_az = "us-east-1a";
	r->src_az_id = "use1-az4";
	r->src_region = "us-east-1";
	r->dst_region = "us-east-1";
	r->dst_service = "s3";
	r->dst_resource = "arn:aws:s3:::example-bkt/obj";
	r->q_protocol = "tcp";
	r->q_port = 443;
	r->has_endpoint = true;
	r->endpoint_policy_full_access = false;
	r->resource_pinned_to_endpoint = true;
	r->cost.computed = true;
	r->cost.per_gb = 0;
	return r;
}

static void rfree(struct trace_result *r)
{
	arena_free(r->arena);
	free(r);
}

static const struct trace_rule_result *res(const struct trace_result *r, const char *id)
{
	for (size_t i = 0; i < r->compliance.nrules; i++)
		if (strcmp(r->compliance.rules[i].id, id) == 0)
			return &r->compliance.rules[i];
	ck_abort_msg("rule %s not reported", id);
	return NULL;
}

static enum rule_outcome outcome(const struct trace_result *r, const char *id)
{
	return res(r, id)->result;
}

static void assert_msg_has(const struct trace_result *r, const char *id, const char *needle)
{
	const char *m = res(r, id)->message;
	ck_assert_msg(m && strstr(m, needle), "%s: message '%s' lacks '%s'", id, m ? m : "(null)", needle);
}

START_TEST(test_all_pass)
{
	struct trace_result *r = mk();
	rules_apply(defaults, r);
	ck_assert(r->compliance.evaluated);
	ck_assert(r->compliance.compliant);
	ck_assert_uint_eq(r->compliance.nrules, 8);
	/* reported in the built-in order */
	for (size_t i = 0; i < 8; i++)
		ck_assert_str_eq(r->compliance.rules[i].id, rules_builtin_ids[i]);
	ck_assert_int_eq(outcome(r, "private-path"), RULE_PASS);
	ck_assert_int_eq(outcome(r, "endpoint-policy-scoped"), RULE_PASS);
	ck_assert_int_eq(outcome(r, "resource-pinned-to-endpoint"), RULE_PASS);
	ck_assert_int_eq(outcome(r, "tls-only"), RULE_PASS);
	ck_assert_int_eq(outcome(r, "same-region"), RULE_PASS);
	ck_assert_int_eq(outcome(r, "same-az"), RULE_NA); /* not a directory bucket */
	ck_assert_int_eq(outcome(r, "no-cross-az-charge"), RULE_PASS);
	ck_assert_int_eq(outcome(r, "max-cost-per-gb"), RULE_PASS);
	ck_assert_str_eq(res(r, "private-path")->severity, "error");
	ck_assert_str_eq(res(r, "tls-only")->severity, "error");
	ck_assert_str_eq(res(r, "same-region")->severity, "warning");
	for (size_t i = 0; i < r->compliance.nrules; i++)
		ck_assert_ptr_nonnull(r->compliance.rules[i].message);
	rfree(r);
}
END_TEST

START_TEST(test_private_path)
{
	struct trace_result *r = mk();
	r->path = "nat-gateway";
	r->via_id = "nat-1";
	r->has_endpoint = false;
	rules_apply(defaults, r);
	ck_assert_int_eq(outcome(r, "private-path"), RULE_FAIL);
	assert_msg_has(r, "private-path", "traffic to s3 leaves through nat-1");
	assert_msg_has(r, "private-path", "add a gateway endpoint for com.amazonaws.us-east-1.s3");
	assert_msg_has(r, "private-path", "route table of subnet-app1");
	ck_assert(!r->compliance.compliant); /* an error-severity rule failed */
	rfree(r);

	/* the internet gateway and the egress-only one count as well */
	static const char *const exits[] = { "internet-gateway", "egress-only-internet-gateway",
					     "peering+nat-gateway" };
	for (size_t i = 0; i < 3; i++) {
		r = mk();
		r->path = exits[i];
		rules_apply(defaults, r);
		ck_assert_msg(outcome(r, "private-path") == RULE_FAIL, "%s passed", exits[i]);
		rfree(r);
	}

	/* interface endpoints are private */
	r = mk();
	r->path = "peering+interface-endpoint";
	rules_apply(defaults, r);
	ck_assert_int_eq(outcome(r, "private-path"), RULE_PASS);
	rfree(r);

	/* not an AWS service: the rule does not apply */
	r = mk();
	r->path = "internet-gateway";
	r->dst_service = NULL;
	rules_apply(defaults, r);
	ck_assert_int_eq(outcome(r, "private-path"), RULE_NA);
	rfree(r);

	/* cross-region S3: a gateway endpoint cannot help (F2.5) */
	r = mk();
	r->path = "nat-gateway";
	r->dst_region = "eu-west-1";
	rules_apply(defaults, r);
	ck_assert_int_eq(outcome(r, "private-path"), RULE_FAIL);
	assert_msg_has(r, "private-path", "interface endpoint for com.amazonaws.eu-west-1.s3");
	rfree(r);
}
END_TEST

START_TEST(test_endpoint_policy_scoped)
{
	struct trace_result *r = mk();
	r->endpoint_policy_full_access = true;
	rules_apply(defaults, r);
	ck_assert_int_eq(outcome(r, "endpoint-policy-scoped"), RULE_FAIL);
	assert_msg_has(r, "endpoint-policy-scoped", "vpce-gws3 allows full access");
	ck_assert(r->compliance.compliant); /* a warning by default */
	rfree(r);

	r = mk();
	r->has_endpoint = false;
	r->path = "nat-gateway";
	rules_apply(defaults, r);
	ck_assert_int_eq(outcome(r, "endpoint-policy-scoped"), RULE_NA);
	rfree(r);
}
END_TEST

START_TEST(test_resource_pinned)
{
	struct trace_result *r = mk();
	r->resource_pinned_to_endpoint = false;
	rules_apply(defaults, r);
	ck_assert_int_eq(outcome(r, "resource-pinned-to-endpoint"), RULE_FAIL);
	assert_msg_has(r, "resource-pinned-to-endpoint", "arn:aws:s3:::example-bkt/obj");
	assert_msg_has(r, "resource-pinned-to-endpoint", "aws:SourceVpce");
	rfree(r);

	r = mk();
	r->dst_service = NULL;
	rules_apply(defaults, r);
	ck_assert_int_eq(outcome(r, "resource-pinned-to-endpoint"), RULE_NA);
	rfree(r);
}
END_TEST

START_TEST(test_tls_only)
{
	struct trace_result *r = mk();
	r->q_port = 80;
	rules_apply(defaults, r);
	ck_assert_int_eq(outcome(r, "tls-only"), RULE_FAIL);
	assert_msg_has(r, "tls-only", "tcp/80 is not TLS");
	ck_assert(!r->compliance.compliant);
	rfree(r);

	r = mk();
	r->q_protocol = "udp";
	rules_apply(defaults, r);
	ck_assert_int_eq(outcome(r, "tls-only"), RULE_FAIL);
	assert_msg_has(r, "tls-only", "udp/443");
	rfree(r);

	r = mk();
	r->q_protocol = "icmp";
	r->q_port = -1;
	rules_apply(defaults, r);
	ck_assert_int_eq(outcome(r, "tls-only"), RULE_FAIL);
	assert_msg_has(r, "tls-only", "icmp is not TLS");
	rfree(r);
}
END_TEST

START_TEST(test_same_region)
{
	struct trace_result *r = mk();
	r->dst_region = "eu-west-1";
	rules_apply(defaults, r);
	ck_assert_int_eq(outcome(r, "same-region"), RULE_FAIL);
	assert_msg_has(r, "same-region", "us-east-1");
	assert_msg_has(r, "same-region", "eu-west-1");
	rfree(r);

	r = mk();
	r->dst_region = NULL;
	rules_apply(defaults, r);
	ck_assert_int_eq(outcome(r, "same-region"), RULE_NA);
	rfree(r);

	r = mk();
	r->src_region = NULL;
	rules_apply(defaults, r);
	ck_assert_int_eq(outcome(r, "same-region"), RULE_NA);
	rfree(r);
}
END_TEST

START_TEST(test_same_az)
{
	struct trace_result *r = mk();
	r->dst_service = "s3express";
	r->dst_zone_id = "use1-az4";
	rules_apply(defaults, r);
	ck_assert_int_eq(outcome(r, "same-az"), RULE_PASS);
	rfree(r);

	r = mk();
	r->dst_service = "s3express";
	r->dst_zone_id = "use1-az6";
	rules_apply(defaults, r);
	ck_assert_int_eq(outcome(r, "same-az"), RULE_FAIL);
	assert_msg_has(r, "same-az", "use1-az4");
	assert_msg_has(r, "same-az", "use1-az6");
	rfree(r);

	r = mk();
	r->dst_zone_id = "use1-az6";
	r->src_az_id = NULL;
	rules_apply(defaults, r);
	ck_assert_int_eq(outcome(r, "same-az"), RULE_FAIL);
	assert_msg_has(r, "same-az", "az_id");
	rfree(r);
}
END_TEST

START_TEST(test_no_cross_az_charge)
{
	struct trace_result *r = mk();
	r->path = "nat-gateway";
	r->via_id = "nat-1";
	r->cross_az = true;
	rules_apply(defaults, r);
	ck_assert_int_eq(outcome(r, "no-cross-az-charge"), RULE_FAIL);
	assert_msg_has(r, "no-cross-az-charge", "i-app1 reaches nat-1 in another Availability Zone");
	assert_msg_has(r, "no-cross-az-charge", "NAT gateway in us-east-1a");
	rfree(r);
}
END_TEST

START_TEST(test_max_cost_per_gb)
{
	/* with the real cost module: a NAT path costs $0.045/GB, above default's $0.02 */
	struct diag_list d = { 0 };
	struct cost_pricing *p = cost_pricing_load(src_path("configs/pricing.yaml"), &d);
	ck_assert_ptr_nonnull(p);
	struct trace_result *r = mk();
	r->path = "nat-gateway";
	r->via_id = "nat-1";
	struct trace_alternative alts[] = { { .path = "gateway-endpoint", .via = "vpce-gws3" } };
	r->path_alternatives = alts;
	r->npath_alternatives = 1;
	cost_apply(p, r, -1);
	rules_apply(defaults, r);
	ck_assert_int_eq(outcome(r, "max-cost-per-gb"), RULE_FAIL);
	assert_msg_has(r, "max-cost-per-gb", "$0.045/GB via nat-gateway exceeds the maximum $0.02/GB");
	assert_msg_has(r, "max-cost-per-gb", "via gateway-endpoint vpce-gws3 it would be $0.00/GB");
	rfree(r);

	/* an interface endpoint across AZs is exactly at the limit: passes */
	r = mk();
	r->path = "interface-endpoint";
	r->cross_az = true;
	cost_apply(p, r, -1);
	rules_apply(defaults, r);
	ck_assert_int_eq(outcome(r, "max-cost-per-gb"), RULE_PASS);
	rfree(r);

	/* no cost computed */
	r = mk();
	r->cost.computed = false;
	rules_apply(defaults, r);
	ck_assert_int_eq(outcome(r, "max-cost-per-gb"), RULE_NA);
	rfree(r);
	cost_pricing_free(p);
	diag_list_clear(&d);
}
END_TEST

START_TEST(test_no_path_all_na)
{
	static const enum trace_verdict v[] = { TRACE_UNREACHABLE, TRACE_AMBIGUOUS, TRACE_EXITS_MODEL };
	for (size_t i = 0; i < 3; i++) {
		struct trace_result *r = mk();
		r->verdict = v[i];
		r->path = "none";
		r->q_port = 80; /* would fail tls-only if it applied */
		r->cost.computed = false;
		rules_apply(defaults, r);
		ck_assert(r->compliance.evaluated);
		/* neither compliant nor not: nothing was judged */
		ck_assert(!r->compliance.judged);
		ck_assert(!r->compliance.compliant);
		ck_assert_str_eq(rules_compliance_word(&r->compliance), "not evaluated");
		ck_assert_uint_eq(r->compliance.nrules, 8);
		for (size_t j = 0; j < r->compliance.nrules; j++)
			ck_assert_int_eq(r->compliance.rules[j].result, RULE_NA);
		rfree(r);
	}
}
END_TEST

/* A flow that does not arrive is not judged even when it has a path up to where it
 * stops (issue 17 item 4): a NAT path denied at the bucket is not "compliant", and
 * private-path does not fail for it either.  The same path, reachable, is judged. */
START_TEST(test_not_arriving_not_evaluated)
{
	static const enum trace_verdict v[] = { TRACE_UNREACHABLE, TRACE_DENIED, TRACE_AMBIGUOUS };
	for (size_t i = 0; i < 3; i++) {
		struct trace_result *r = mk();
		r->verdict = v[i];
		r->path = "nat-gateway";
		r->via_id = "nat-1";
		r->q_port = 80;
		rules_apply(defaults, r);
		ck_assert(r->compliance.evaluated);
		ck_assert(!r->compliance.judged);
		ck_assert(!r->compliance.compliant);
		ck_assert_str_eq(rules_compliance_word(&r->compliance), "not evaluated");
		ck_assert_int_eq(outcome(r, "private-path"), RULE_NA);
		ck_assert_int_eq(outcome(r, "tls-only"), RULE_NA);
		ck_assert_ptr_nonnull(strstr(r->compliance.rules[0].message, "not evaluated"));
		rfree(r);
	}
	struct trace_result *r = mk();
	r->path = "nat-gateway";
	r->via_id = "nat-1";
	r->q_port = 80;
	rules_apply(defaults, r);
	ck_assert(r->compliance.judged);
	ck_assert_str_eq(rules_compliance_word(&r->compliance), "non-compliant");
	ck_assert_int_eq(outcome(r, "private-path"), RULE_FAIL);
	rfree(r);
	/* a flow that names no bucket or table (an address of the service, F2.16): the
	 * rules about a bucket are n/a, not pass or fail */
	r = mk();
	r->dst_resource = NULL;
	r->resource_pinned_to_endpoint = false;
	rules_apply(defaults, r);
	ck_assert(r->compliance.judged);
	ck_assert_int_eq(outcome(r, "resource-pinned-to-endpoint"), RULE_NA);
	ck_assert_int_eq(outcome(r, "same-az"), RULE_NA);
	assert_msg_has(r, "resource-pinned-to-endpoint", "no bucket or table is named");
	rfree(r);
	/* exits-model is judged up to the edge of the model */
	r = mk();
	r->verdict = TRACE_EXITS_MODEL;
	rules_apply(defaults, r);
	ck_assert(r->compliance.judged);
	ck_assert_str_eq(rules_compliance_word(&r->compliance), "compliant");
	rfree(r);
}
END_TEST

START_TEST(test_rules_none)
{
	struct rules *none = rules_none();
	struct trace_result *r = mk();
	r->q_port = 80;
	rules_apply(none, r);
	ck_assert(!r->compliance.evaluated);
	ck_assert(r->compliance.compliant);
	ck_assert_uint_eq(r->compliance.nrules, 0);
	rules_apply(NULL, r);
	ck_assert(!r->compliance.evaluated);
	ck_assert(r->compliance.compliant);
	rfree(r);
	rules_free(none);
}
END_TEST

START_TEST(test_strict)
{
	struct diag_list d = { 0 };
	struct rules *strict = rules_load(src_path(STRICT_RULES), &d);
	ck_assert_ptr_nonnull(strict);
	ck_assert_uint_eq(d.len, 0);
	struct trace_result *r = mk();
	r->dst_region = "eu-west-1";
	rules_apply(strict, r);
	ck_assert_uint_eq(r->compliance.nrules, 8);
	for (size_t i = 0; i < r->compliance.nrules; i++)
		ck_assert_str_eq(r->compliance.rules[i].severity, "error");
	/* same-region is an error under strict: not compliant */
	ck_assert(!r->compliance.compliant);
	rfree(r);

	/* max stays default's $0.02 */
	r = mk();
	r->cost.per_gb = 0.02;
	rules_apply(strict, r);
	ck_assert_int_eq(outcome(r, "max-cost-per-gb"), RULE_PASS);
	r->cost.per_gb = 0.021;
	rules_apply(strict, r);
	ck_assert_int_eq(outcome(r, "max-cost-per-gb"), RULE_FAIL);
	rfree(r);
	rules_free(strict);
	diag_list_clear(&d);
}
END_TEST

/* ---------------------------------------------------------------- files */

static char tmpdir[64];

static void tmp_setup(void)
{
	snprintf(tmpdir, sizeof(tmpdir), "/tmp/vpcpath-rules-XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(tmpdir));
}

static void tmp_teardown(void)
{
	char cmd[128];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
	if (system(cmd) != 0)
		fprintf(stderr, "could not remove %s\n", tmpdir);
}

/* writes NAME in the temp directory; returns its path (static buffer rotation) */
static const char *put(const char *name, const char *text)
{
	static char paths[4][256];
	static int next;
	char *path = paths[next++ % 4];
	snprintf(path, 256, "%s/%s", tmpdir, name);
	FILE *f = fopen(path, "w");
	ck_assert_ptr_nonnull(f);
	fputs(text, f);
	fclose(f);
	return path;
}

static bool has_diag(const struct diag_list *d, const char *file_suffix, unsigned line,
		     unsigned col, const char *needle)
{
	for (size_t i = 0; i < d->len; i++) {
		const struct diag *g = &d->items[i];
		size_t fl = g->file ? strlen(g->file) : 0, sl = strlen(file_suffix);
		if (fl >= sl && strcmp(g->file + fl - sl, file_suffix) == 0 && g->line == line &&
		    g->col == col && strstr(g->message, needle))
			return true;
	}
	diag_print(d, stderr, 1);
	return false;
}

START_TEST(test_extends_and_overrides)
{
	put("base.yaml",
	    "rules:\n"
	    "  - { id: same-region, severity: warning }\n"
	    "  - { id: tls-only, severity: error }\n"
	    "  - { id: max-cost-per-gb, severity: warning, max: 0.05 }\n"
	    "  - { id: no-cross-az-charge, severity: warning }\n");
	char sub[128];
	snprintf(sub, sizeof(sub), "%s/team", tmpdir);
	ck_assert_int_eq(mkdir(sub, 0700), 0);
	const char *child = put("team/mine.yaml",
				"rules:\n"
				"  - { id: same-region, severity: error }\n"  /* override severity */
				"  - { id: tls-only, enabled: false }\n"      /* switch off */
				"  - { id: max-cost-per-gb, max: 0.01 }\n"    /* tighten, keep warning */
				"  - { id: private-path }\n"                  /* add, built-in default */
				"extends: ../base.yaml\n");                   /* key order does not matter */
	struct diag_list d = { 0 };
	/* issue 15 item 3: ../base.yaml leaves the directory of the file given */
	ck_assert_ptr_null(rules_load(child, &d));
	ck_assert_ptr_nonnull(strstr(d.items[0].message, "is outside"));
	diag_list_clear(&d);
	struct rules *rs = rules_load_ex(child, true, NULL, &d);  /* --allow-outside-paths */
	if (!rs)
		diag_print(&d, stderr, 1);
	ck_assert_ptr_nonnull(rs);

	struct trace_result *r = mk();
	r->dst_region = "eu-west-1";
	r->q_port = 80;
	r->cost.per_gb = 0.02;
	rules_apply(rs, r);
	/* listed in the chain: same-region, tls-only (disabled), max-cost, cross-az,
	 * private-path; reported in built-in order */
	ck_assert_uint_eq(r->compliance.nrules, 4);
	ck_assert_str_eq(r->compliance.rules[0].id, "private-path");
	ck_assert_str_eq(r->compliance.rules[0].severity, "error");
	ck_assert_str_eq(r->compliance.rules[1].id, "same-region");
	ck_assert_str_eq(r->compliance.rules[1].severity, "error");
	ck_assert_int_eq(r->compliance.rules[1].result, RULE_FAIL);
	ck_assert_str_eq(r->compliance.rules[2].id, "no-cross-az-charge");
	ck_assert_str_eq(r->compliance.rules[3].id, "max-cost-per-gb");
	ck_assert_str_eq(r->compliance.rules[3].severity, "warning");
	ck_assert_int_eq(r->compliance.rules[3].result, RULE_FAIL); /* 0.02 > 0.01 */
	ck_assert(!r->compliance.compliant); /* same-region is now an error */
	rfree(r);
	rules_free(rs);
	diag_list_clear(&d);
}
END_TEST

START_TEST(test_extends_shipped_default)
{
	char text[1024];
	char *real = realpath(src_path(DEFAULT_RULES), NULL);
	ck_assert_ptr_nonnull(real);
	snprintf(text, sizeof(text),
		 "extends: %s\n"
		 "rules:\n"
		 "  - { id: tls-only, severity: warning }\n", real);
	struct diag_list d = { 0 };
	/* the installed rules are trusted wherever the file that extends them is */
	char *shipped = xstrdup(real);
	*strrchr(shipped, '/') = '\0';
	struct rules *rs = rules_load_ex(put("relaxed.yaml", text), false, shipped, &d);
	free(shipped);
	free(real);
	ck_assert_ptr_nonnull(rs);
	struct trace_result *r = mk();
	r->q_port = 80;
	rules_apply(rs, r);
	ck_assert_uint_eq(r->compliance.nrules, 8);
	ck_assert_int_eq(outcome(r, "tls-only"), RULE_FAIL);
	ck_assert_str_eq(res(r, "tls-only")->severity, "warning");
	ck_assert(r->compliance.compliant);
	rfree(r);
	rules_free(rs);
	diag_list_clear(&d);
}
END_TEST

START_TEST(test_unknown_rule_id)
{
	struct diag_list d = { 0 };
	const char *f = put("bad.yaml",
			    "rules:\n"
			    "  - { id: private-path, severity: error }\n"
			    "  - { id: tls-onyl, severity: error }\n"
			    "  - { id: same-region, severity: fatal }\n"
			    "  - { id: same-az, enable: false }\n"
			    "  - { id: tls-only, max: 1 }\n"
			    "  - { id: private-path }\n"
			    "  - { severity: error }\n"
			    "  - { id: max-cost-per-gb, max: lots }\n"
			    "  - no-cross-az-charge\n"
			    "rule: []\n");
	ck_assert_ptr_null(rules_load(f, &d));
	ck_assert(has_diag(&d, "/bad.yaml", 3, 11, "unknown rule id 'tls-onyl' (did you mean 'tls-only'?)"));
	ck_assert(has_diag(&d, "/bad.yaml", 4, 34, "unknown severity 'fatal'"));
	ck_assert(has_diag(&d, "/bad.yaml", 5, 20, "unknown rule key 'enable' (did you mean 'enabled'?)"));
	ck_assert(has_diag(&d, "/bad.yaml", 6, 26, "only max-cost-per-gb takes a max"));
	ck_assert(has_diag(&d, "/bad.yaml", 7, 11, "listed twice"));
	ck_assert(has_diag(&d, "/bad.yaml", 8, 5, "needs an id"));
	ck_assert(has_diag(&d, "/bad.yaml", 9, 33, "expected USD per GB"));
	ck_assert(has_diag(&d, "/bad.yaml", 10, 5, "expected a rule such as"));
	ck_assert(has_diag(&d, "/bad.yaml", 11, 1, "unknown key 'rule' (did you mean 'rules'?)"));
	ck_assert_uint_eq(d.errors, 9);
	diag_list_clear(&d);

	/* a max no AWS price comes near: every figure against it would print wrong */
	f = put("huge.yaml", "rules:\n  - { id: max-cost-per-gb, max: 1e300 }\n");
	ck_assert_ptr_null(rules_load(f, &d));
	ck_assert(has_diag(&d, "/huge.yaml", 2, 33, "a number from 0 to 1000"));
	diag_list_clear(&d);
}
END_TEST

START_TEST(test_error_in_extended_file)
{
	put("parent.yaml", "rules:\n  - { id: privat-path }\n");
	const char *child = put("child.yaml", "extends: parent.yaml\nrules: []\n");
	struct diag_list d = { 0 };
	ck_assert_ptr_null(rules_load(child, &d));
	/* located in the parent, with a file name that outlives rules_load */
	ck_assert(has_diag(&d, "/parent.yaml", 2, 11, "unknown rule id 'privat-path'"));
	diag_list_clear(&d);
}
END_TEST

START_TEST(test_extends_problems)
{
	struct diag_list d = { 0 };
	const char *f = put("missing.yaml", "extends: nowhere.yaml\n");
	ck_assert_ptr_null(rules_load(f, &d));
	ck_assert(has_diag(&d, "/missing.yaml", 1, 10, "cannot read"));
	diag_list_clear(&d);

	put("a.yaml", "extends: b.yaml\nrules: []\n");
	f = put("b.yaml", "extends: a.yaml\nrules: []\n");
	ck_assert_ptr_null(rules_load(f, &d));
	ck_assert(has_diag(&d, "/a.yaml", 1, 10, "a cycle"));
	diag_list_clear(&d);

	f = put("self.yaml", "extends: self.yaml\n");
	ck_assert_ptr_null(rules_load(f, &d));
	ck_assert(has_diag(&d, "/self.yaml", 1, 10, "a cycle"));
	diag_list_clear(&d);

	f = put("empty.yaml", "# nothing\n");
	ck_assert_ptr_null(rules_load(f, &d));
	ck_assert(has_diag(&d, "/empty.yaml", 0, 0, "an empty file"));
	diag_list_clear(&d);

	f = put("list.yaml", "rules: { id: tls-only }\n");
	ck_assert_ptr_null(rules_load(f, &d));
	ck_assert(has_diag(&d, "/list.yaml", 1, 8, "expected a list of rules"));
	diag_list_clear(&d);

	ck_assert_ptr_null(rules_load("/nonexistent/rules.yaml", &d));
	ck_assert_uint_eq(d.errors, 1);
	diag_list_clear(&d);
}
END_TEST

START_TEST(test_describe)
{
	for (size_t i = 0; rules_builtin_ids[i]; i++)
		ck_assert_ptr_nonnull(rules_describe(rules_builtin_ids[i]));
	ck_assert_ptr_null(rules_describe("no-such-rule"));
	ck_assert_ptr_null(rules_describe(NULL));
}
END_TEST

static Suite *rules_suite(void)
{
	Suite *s = suite_create("rules");
	TCase *tc = tcase_create("apply");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_all_pass);
	tcase_add_test(tc, test_private_path);
	tcase_add_test(tc, test_endpoint_policy_scoped);
	tcase_add_test(tc, test_resource_pinned);
	tcase_add_test(tc, test_tls_only);
	tcase_add_test(tc, test_same_region);
	tcase_add_test(tc, test_same_az);
	tcase_add_test(tc, test_no_cross_az_charge);
	tcase_add_test(tc, test_max_cost_per_gb);
	tcase_add_test(tc, test_no_path_all_na);
	tcase_add_test(tc, test_not_arriving_not_evaluated);
	tcase_add_test(tc, test_rules_none);
	tcase_add_test(tc, test_strict);
	tcase_add_test(tc, test_describe);
	suite_add_tcase(s, tc);

	TCase *tf = tcase_create("files");
	tcase_add_checked_fixture(tf, tmp_setup, tmp_teardown);
	tcase_add_test(tf, test_extends_and_overrides);
	tcase_add_test(tf, test_extends_shipped_default);
	tcase_add_test(tf, test_unknown_rule_id);
	tcase_add_test(tf, test_error_in_extended_file);
	tcase_add_test(tf, test_extends_problems);
	suite_add_tcase(s, tf);
	return s;
}

VPCPATH_CHECK_MAIN(rules_suite)
