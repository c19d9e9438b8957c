/* fuzz_checks.c - libFuzzer harness for checks files (`vpcpath check FILE`).
 *
 * The input is an assertions file (flows:, all_pairs:, now:, topology:, rules:).  It is
 * loaded with check_assertions_load_buffer(); a file that loads is run, as `check`
 * does, against a small fixed topology (tests/check/repo/network/vpc.yaml: two VPCs, a
 * VPN, buckets with policies, a table), with the default rules and prices, in one
 * process.  Then:
 *  - a file that does not load must have said why, at a line of the file;
 *  - an all_pairs that selects nothing must have said so, at a line of the file;
 *  - the same run with --no-grouping must count the same flows, failures, findings
 *    and rule results (grouping is an optimisation, never an answer);
 *  - the run compared with itself (check_diff) must show no change;
 *  - every report format renders, and the JSON and SARIF ones parse.
 * Any of these failing aborts.  Seeds: tests/fuzz/corpus/checks (the check tests'
 * assertion files).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "vpcpath/check.h"
#include "vpcpath/cost.h"
#include "vpcpath/diag.h"
#include "vpcpath/out.h"
#include "vpcpath/rules.h"
#include "vpcpath/topo.h"

static struct topology *topo;
static struct rules *rules;
static struct cost_pricing *pricing;
static const char *const formats[] = { "text", "json", "sarif", "junit", "markdown" };

static void fail(const char *why, const struct diag_list *d)
{
	fprintf(stderr, "fuzz_checks: %s\n", why);
	if (d)
		diag_print(d, stderr, 0);
	abort();
}

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	struct diag_list d = { 0 };
	topo = topo_load(FUZZ_SOURCE_DIR "/tests/check/repo/network/vpc.yaml", NULL, &d);
	rules = rules_load(FUZZ_SOURCE_DIR "/configs/rules/default.yaml", &d);
	pricing = cost_pricing_load(FUZZ_SOURCE_DIR "/configs/pricing.yaml", &d);
	if (!topo || !rules || !pricing)
		fail("the fixed topology, rules or prices do not load", &d);
	diag_list_clear(&d);
	return 0;
}

/* Every error in d is about the checks file, at a line of it. */
static void located(const struct diag_list *d, const char *what)
{
	if (d->errors == 0)
		fail(what, d);
	for (size_t i = 0; i < d->len; i++)
		if (d->items[i].severity == DIAG_ERROR &&
		    (!d->items[i].file || strcmp(d->items[i].file, "checks.yaml") != 0 ||
		     d->items[i].line == 0))
			fail("an error is not located in checks.yaml", d);
}

static void same_counts(const struct check_report *r, const struct check_report *u)
{
	bool same = r->flows_passed == u->flows_passed && r->flows_failed == u->flows_failed &&
		    r->pairs == u->pairs && r->pairs_passed == u->pairs_passed &&
		    r->pairs_failed == u->pairs_failed && r->nfindings == u->nfindings &&
		    r->nrules == u->nrules && r->passed == u->passed;
	for (size_t i = 0; same && i < r->nrules; i++)
		same = r->rules[i].pass == u->rules[i].pass && r->rules[i].fail == u->rules[i].fail &&
		       r->rules[i].na == u->rules[i].na;
	for (size_t i = 0; same && i < r->nfindings; i++)
		same = r->findings[i].pairs == u->findings[i].pairs &&
		       !strcmp(r->findings[i].rule_id, u->findings[i].rule_id);
	if (!same) {
		fprintf(stderr, "grouped: %zu/%zu pairs passed/failed, %zu findings; "
			"--no-grouping: %zu/%zu, %zu findings\n", r->pairs_passed, r->pairs_failed,
			r->nfindings, u->pairs_passed, u->pairs_failed, u->nfindings);
		fail("grouped and --no-grouping runs differ", NULL);
	}
}

static void render(const struct check_report *r)
{
	for (size_t i = 0; i < sizeof(formats) / sizeof(formats[0]); i++) {
		const struct check_output *o = out_check_find(formats[i]);
		if (!o)
			fail("a report format is missing", NULL);
		char *buf = NULL;
		size_t len = 0;
		FILE *f = open_memstream(&buf, &len);
		if (!f)
			abort();
		struct out_options oo = { .color = i == 0 };
		o->report(f, r, NULL, &oo);
		if (fclose(f) != 0)
			abort();
		if (!strcmp(formats[i], "json") || !strcmp(formats[i], "sarif")) {
			cJSON *doc = cJSON_ParseWithLength(buf, len);
			if (!doc) {
				fprintf(stderr, "%.*s\n", (int)(len < 2000 ? len : 2000), buf);
				fail("a JSON report does not parse", NULL);
			}
			cJSON_Delete(doc);
		}
		free(buf);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size > 16384)
		return 0;
	struct diag_list d = { 0 };
	struct check_assertions *a = check_assertions_load_buffer("checks.yaml", NULL,
								  (const char *)data, size, &d);
	if (!a) {
		located(&d, "the checks file did not load, and said nothing");
		diag_list_clear(&d);
		return 0;
	}
	diag_list_clear(&d);
	struct check_options o = { .pricing = pricing, .rules = rules, .jobs = 1,
				   .now = a->now, .keep_cells = true };
	struct check_report *r = check_run(topo, a, &o);
	if (r->errors.len) {
		located(&r->errors, "an all_pairs error without an error");
	} else {
		o.no_grouping = true;
		struct check_report *u = check_run(topo, a, &o);
		same_counts(r, u);
		struct check_diff *self = check_diff(r, u);
		if (self->nchanges || self->nadded || self->nfixed) {
			struct out_options oo = { 0 };
			out_check_find("text")->diff(stderr, self, &oo);
			fail("a run compared with the same run pair by pair shows changes", NULL);
		}
		check_diff_free(self);
		check_report_free(u);
		render(r);
	}
	check_report_free(r);
	check_assertions_free(a);
	return 0;
}
