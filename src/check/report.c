/* report.c - the text and JSON forms of `vpcpath check` and `vpcpath diff` reports, and
 * the choice of a check output by name (out.h).  SARIF and JUnit are in src/out. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "check-int.h"
#include "vpcpath/arena.h"
#include "vpcpath/map.h"
#include "vpcpath/out.h"
#include "vpcpath/util.h"

#define GREEN "\033[32m"
#define RED "\033[31m"
#define YELLOW "\033[33m"
#define RESET "\033[0m"

const struct check_output *out_check_find(const char *name)
{
	static const struct check_output *const all[] = { &out_check_text, &out_check_json,
							  &out_check_sarif, &out_check_junit,
							  &out_check_markdown };
	for (size_t i = 0; i < sizeof(all) / sizeof(all[0]); i++)
		if (!strcmp(all[i]->name, name))
			return all[i];
	return NULL;
}

bool check_outcome_moves(const struct check_outcome *o)
{
	return !o->error && o->cost_computed && cost_verdict_moves(o->verdict);
}

const char *check_outcome_compliance(const struct check_outcome *o)
{
	if (o->error || !o->rules_evaluated)
		return NULL;
	if (o->compliant)
		return "compliant";
	/* rules_apply: a flow judged is non-compliant only for an error that fails */
	return o->errors_failed ? "non-compliant" : "not evaluated";
}

/* ---- text ---- */

static void mark(FILE *f, const struct out_options *o, const char *color, const char *word)
{
	if (o->color)
		fprintf(f, "%s%-5s%s", color, word, RESET);
	else
		fprintf(f, "%-5s", word);
}

static void esc(FILE *f, const char *s)
{
	fputs_escaped(s ? s : "", f);
}

/* Each line of text, after prefix. */
static void indented(FILE *f, const char *prefix, const char *text)
{
	while (text && *text) {
		const char *nl = strchr(text, '\n');
		size_t n = nl ? (size_t)(nl - text) : strlen(text);
		fputs(prefix, f);
		fwrite(text, 1, n, f);
		fputc('\n', f);
		text += n + (nl ? 1 : 0);
	}
}

static const char *plural(size_t n, const char *one, const char *many)
{
	return n == 1 ? one : many;
}

static void text_where(FILE *f, const struct check_finding *fd)
{
	bool any = false;
	if (fd->where) {
		fputs("           at ", f);
		esc(f, fd->where);
		any = true;
	}
	if (fd->flow == 0 && fd->example_from) {
		fputs(any ? "; e.g. " : "           e.g. ", f);
		esc(f, fd->example_from);
		fputs(" -> ", f);
		esc(f, fd->example_to);
		any = true;
	}
	if (any)
		fputc('\n', f);
}

size_t check_unpriced_regions(const struct check_report *r, const char **out, size_t max)
{
	size_t n = 0;
	for (size_t i = 0; r->pricing && r->t && i < r->t->nvpcs; i++) {
		const char *reg = r->t->vpcs[i].region;
		if (!reg || cost_pricing_lists(r->pricing, reg))
			continue;
		bool seen = false;
		for (size_t k = 0; k < i && !seen; k++)
			seen = r->t->vpcs[k].region && !strcmp(r->t->vpcs[k].region, reg);
		if (seen)
			continue;
		if (n < max)
			out[n] = reg;
		n++;
	}
	return n;
}

/* Shown of the flows whose cost borrows figures, before "and N more". */
#define MAX_BORROWED_FLOWS 8

/* "prices: flow 3 (eu-west-1) uses us-east-1's vpn_transfer_out_per_gb, which
 * pricing.yaml does not give for eu-west-1: ..." per flow (F8.1: never silently). */
static void text_borrowed_note(FILE *f, const struct check_report *r)
{
	size_t shown = 0, more = 0;
	for (size_t i = 0; r->pricing && i < r->nflows; i++) {
		const struct check_flow_result *fr = &r->flows[i];
		if (!fr->borrowed)
			continue;
		if (shown == MAX_BORROWED_FLOWS) {
			more++;
			continue;
		}
		shown++;
		fprintf(f, "prices: flow %zu (", i + 1);
		esc(f, fr->borrowed_region);
		fprintf(f, ") uses %s's ", cost_pricing_fallback(r->pricing));
		esc(f, fr->borrowed);
		fprintf(f, ", which %s does not give for ", cost_pricing_name(r->pricing));
		esc(f, fr->borrowed_region);
		fputs(": its cost is an estimate (F8.1)\n", f);
	}
	if (more)
		fprintf(f, "prices: and %zu more %s with figures of %s (-f json lists each)\n", more,
			more == 1 ? "flow" : "flows", cost_pricing_fallback(r->pricing));
}

/* "prices: eu-west-1 is not in pricing.yaml: ..." once for the run (F8.1). */
static void text_pricing_note(FILE *f, const struct check_report *r)
{
	const char *regs[8];
	text_borrowed_note(f, r);
	size_t n = check_unpriced_regions(r, regs, 8);
	if (!n)
		return;
	fputs("prices: ", f);
	for (size_t i = 0; i < n && i < 8; i++) {
		fputs(i ? ", " : "", f);
		esc(f, regs[i]);
	}
	if (n > 8)
		fprintf(f, " and %zu more", n - 8);
	fprintf(f, " %s not in %s: %s costs are estimates with %s's figures (F8.1)\n",
		n == 1 ? "is" : "are", cost_pricing_name(r->pricing), n == 1 ? "its" : "their",
		cost_pricing_fallback(r->pricing));
}

/* ", 500 GB/month: $22.50": a flow's per-GB charges for its gb_per_month. */
static void monthly_words(FILE *f, const struct check_flow *fl, const struct check_outcome *o)
{
	if (!fl->expect.has_gb || !check_outcome_moves(o))
		return;
	char g[32], m[32];
	fprintf(f, ", %s GB/month: %s", out_gb(fl->expect.gb_per_month, g, sizeof(g)),
		out_money(o->per_gb * fl->expect.gb_per_month, m, sizeof(m)));
}

static void text_flows(FILE *f, const struct check_report *r, const struct out_options *o)
{
	fprintf(f, "flows: %zu (%zu passed, %zu failed)\n", r->nflows, r->flows_passed,
		r->flows_failed);
	/* each flow's assertion finding, and per place the first failed flow there: one
	 * fault, one trace (a flow failing at an earlier flow's place points at it) */
	const struct check_finding **own = xcalloc(r->nflows + 1, sizeof(*own));
	for (size_t k = 0; k < r->nfindings; k++) {
		const struct check_finding *fd = &r->findings[k];
		if (fd->kind == CHECK_ASSERTION && fd->flow && fd->flow <= r->nflows && !own[fd->flow - 1])
			own[fd->flow - 1] = fd;
	}
	struct bytemap *first_at = bytemap_new();
	for (size_t i = 0; i < r->nflows; i++) {
		const struct check_flow_result *fr = &r->flows[i];
		const struct check_flow *fl = fr->flow;
		fputs("  ", f);
		if (fr->passed)
			mark(f, o, GREEN, "ok");
		else
			mark(f, o, RED, "FAIL");
		fprintf(f, " %2zu  ", i + 1);
		if (fl->name) {
			esc(f, fl->name);
			fputs(": ", f);
		}
		esc(f, fl->from);
		fputs(" -> ", f);
		esc(f, fl->to);
		fputs(": ", f);
		if (fr->passed) {
			char buf[400];
			fputs(check_outcome_str(&fr->o, buf, sizeof(buf)), f);
			monthly_words(f, fl, &fr->o);
			fputc('\n', f);
			continue;
		}
		esc(f, fr->failure);
		fputc('\n', f);
		const struct check_finding *fd = own[i];
		size_t first = i;
		if (fd && fd->where)
			first = bytemap_get_or_add(first_at, fd->where, strlen(fd->where), i, NULL);
		if (first != i) {
			fputs("           at ", f);
			esc(f, fd->where);
			fprintf(f, ", the fault of flow %zu: its trace is above\n", first + 1);
			continue;
		}
		if (fd)
			text_where(f, fd);
		indented(f, "           | ", fr->trace_text);
	}
	bytemap_free(first_at);
	free(own);
}

/* The counts; its findings are listed under their faults (text_faults). */
static void text_all_pairs(FILE *f, const struct check_report *r)
{
	char a[32], b[32], c[32], d[32], e[32];
	fprintf(f, "all_pairs: %s %s (%s %s x %zu %s): %s passed, %s failed\n",
		check_count_str(r->pairs, a, sizeof(a)), plural(r->pairs, "flow", "flows"),
		check_count_str(r->nsources, b, sizeof(b)),
		plural(r->nsources, "instance", "instances"), r->ndests,
		plural(r->ndests, "destination", "destinations"),
		check_count_str(r->pairs_passed, c, sizeof(c)),
		check_count_str(r->pairs_failed, d, sizeof(d)));
	if (r->pairs)
		fprintf(f, "  traced %s %s: %zu source %s x %zu destination %s%s\n",
			check_count_str(r->traces, e, sizeof(e)), plural(r->traces, "flow", "flows"),
			r->ngroups,
			plural(r->ngroups, "group", "groups"), r->nclasses,
			plural(r->nclasses, "group", "groups"),
			r->grouping_off ? " (source grouping off: a policy tests the source address "
					  "with a variable or a pattern)" : "");
}

static void text_rules(FILE *f, const struct check_report *r, const struct out_options *o)
{
	if (!r->rules_evaluated) {
		fputs("rules: none\n", f);
		return;
	}
	size_t nerr = 0;
	for (size_t i = 0; i < r->nrules; i++)
		nerr += !strcmp(r->rules[i].severity, "error");
	fprintf(f, "rules: %zu enabled (%zu error, %zu warning)", r->nrules, nerr, r->nrules - nerr);
	if (r->rules_file) {
		fputs(" from ", f);
		esc(f, r->rules_file);
	}
	fputc('\n', f);
	for (size_t i = 0; i < r->nrules; i++) {
		const struct check_rule_summary *s = &r->rules[i];
		char a[32], b[32], c[32];
		fputs("  ", f);
		if (!s->fail)
			mark(f, o, GREEN, "ok");
		else if (!strcmp(s->severity, "error"))
			mark(f, o, RED, "FAIL");
		else
			mark(f, o, YELLOW, "warn");
		fprintf(f, " %-28s %-8s %s pass, %s fail, %s n/a\n", s->id, s->severity,
			check_count_str(s->pass, a, sizeof(a)), check_count_str(s->fail, b, sizeof(b)),
			check_count_str(s->na, c, sizeof(c)));
	}
}

/* Flow numbers, "flow 5" or "flows 5, 6, 9", at most FLOWS_LISTED then how many more. */
#define FLOWS_LISTED 20
static void text_flow_list(FILE *f, const size_t *flows, size_t n)
{
	for (size_t i = 0; i < n && i < FLOWS_LISTED; i++)
		fprintf(f, "%s%zu", i ? ", " : n > 1 ? "flows " : "flow ", flows[i]);
	if (n > FLOWS_LISTED)
		fprintf(f, " and %zu more", n - FLOWS_LISTED);
}

/* One way a fault fails: the findings of one rule (or the assertions), linked from
 * first through next (indexes into ft->findings, SIZE_MAX ends), with the flows they
 * cover and the message of the finding that covers the most. */
static void text_fault_way(FILE *f, const struct check_report *r, const struct check_fault *ft,
			   size_t first, const size_t *next)
{
	const struct check_finding *fd = &r->findings[ft->findings[first]];
	const struct check_finding *shown_msg = fd;
	size_t pairs = 0, nflows = 0, messages = 1;
	bool error = false;
	for (size_t i = first; i != SIZE_MAX; i = next[i]) {
		const struct check_finding *x = &r->findings[ft->findings[i]];
		error = error || x->error;
		nflows += x->flow != 0;
		pairs += x->flow ? 0 : x->pairs;
		if (x->pairs > shown_msg->pairs)
			shown_msg = x;
		if (i != first && strcmp(x->message ? x->message : "", fd->message ? fd->message : ""))
			messages++;
	}
	size_t *flows = xmalloc((nflows ? nflows : 1) * sizeof(*flows)), k = 0;
	for (size_t i = first; i != SIZE_MAX; i = next[i])
		if (r->findings[ft->findings[i]].flow)
			flows[k++] = r->findings[ft->findings[i]].flow;
	fprintf(f, "          %s %s: ", error ? "error" : "warning", fd->rule_id);
	text_flow_list(f, flows, nflows);
	free(flows);
	char a[32];
	if (pairs)
		fprintf(f, "%s%s all_pairs %s", nflows ? "; " : "", check_count_str(pairs, a, sizeof(a)),
			plural(pairs, "flow", "flows"));
	fputs(": ", f);
	esc(f, shown_msg->message);
	if (messages > 1)
		fprintf(f, " (and %zu other %s: -f json lists each)", messages - 1,
			plural(messages - 1, "message", "messages"));
	fputc('\n', f);
}

/* Every finding, under the place that decides it: a fault that fails several ways
 * (an assertion, private-path, a cost rule) and many flows is named once. */
static void text_faults(FILE *f, const struct check_report *r, const struct out_options *o)
{
	size_t n;
	const struct check_fault *faults = check_report_faults(r, &n);
	if (!n)
		return;
	fprintf(f, "faults: %zu (%zu %s)\n", n, r->nfindings, plural(r->nfindings, "finding", "findings"));
	for (size_t k = 0; k < n; k++) {
		const struct check_fault *ft = &faults[k];
		char a[32];
		fputs("  ", f);
		if (ft->error)
			mark(f, o, RED, "FAIL");
		else
			mark(f, o, YELLOW, "warn");
		fputc(' ', f);
		esc(f, ft->where ? ft->where : "(no place in the topology)");
		if (ft->resource) {
			fputs(" (", f);
			esc(f, ft->resource);
			fputc(')', f);
		}
		fputs(": ", f);
		text_flow_list(f, ft->flows, ft->nflows);
		if (ft->pairs) {
			fprintf(f, "%s%s%s all_pairs %s", ft->nflows ? "; " : "",
				ft->pairs_at_least ? "at least " : "",
				check_count_str(ft->pairs, a, sizeof(a)), plural(ft->pairs, "flow", "flows"));
			if (ft->example_from) {
				fputs(", e.g. ", f);
				esc(f, ft->example_from);
				fputs(" -> ", f);
				esc(f, ft->example_to);
			}
		}
		fputc('\n', f);
		/* the ways, in order of their first finding: each finding linked to the next
		 * of its kind and rule (linear in the findings, however many) */
		size_t *next = xmalloc(ft->nfindings * sizeof(*next));
		size_t *last = xmalloc(ft->nfindings * sizeof(*last));
		bool *starts = xcalloc(ft->nfindings, sizeof(*starts));
		struct bytemap *ways = bytemap_new();
		size_t nways = 0;
		for (size_t i = 0; i < ft->nfindings; i++) {
			const struct check_finding *x = &r->findings[ft->findings[i]];
			char key[128];
			int kl = snprintf(key, sizeof(key), "%d %s", (int)x->kind, x->rule_id);
			bool added;
			size_t w = bytemap_get_or_add(ways, key, (size_t)kl < sizeof(key) ? (size_t)kl :
						      sizeof(key) - 1, nways, &added);
			next[i] = SIZE_MAX;
			if (added) {
				nways++;
				starts[i] = true;
			} else {
				next[last[w]] = i;
			}
			last[w] = i;
		}
		for (size_t i = 0; i < ft->nfindings; i++)
			if (starts[i])
				text_fault_way(f, r, ft, i, next);
		bytemap_free(ways);
		free(starts);
		free(last);
		free(next);
	}
}

/* "+$22.50", "-$22.50", "$0.00": a change of money, signed. */
static const char *signed_money(double v, char *buf, size_t len)
{
	char m[32];
	if (fabs(v) < 5e-7)
		v = 0;
	snprintf(buf, len, "%s%s", v > 0 ? "+" : "", out_money(v, m, sizeof(m)));
	return buf;
}

static void text_changes(FILE *f, const struct check_diff *d)
{
	char a[32], b[32];
	for (size_t i = 0; i < d->nchanges; i++) {
		const struct check_change *c = &d->changes[i];
		char ob[400], oa[400];
		if (c->flow)
			fprintf(f, "  flow %zu: ", c->flow);
		else
			fprintf(f, "  %s %s, e.g. ", check_count_str(c->pairs, a, sizeof(a)),
				plural(c->pairs, "flow", "flows"));
		esc(f, c->from);
		fputs(" -> ", f);
		esc(f, c->to);
		fprintf(f, " (%s)\n", c->what);
		fprintf(f, "      before: %s\n", check_outcome_str(&c->before, ob, sizeof(ob)));
		fprintf(f, "      after:  %s\n", check_outcome_str(&c->after, oa, sizeof(oa)));
		if (c->has_monthly) {
			char mb[32], ma[32], md[32], g[32];
			fprintf(f, "      per month (%s GB): %s -> %s (%s)\n", out_gb(c->gb, g, sizeof(g)),
				out_money(c->monthly_before, mb, sizeof(mb)),
				out_money(c->monthly_after, ma, sizeof(ma)),
				signed_money(c->monthly_after - c->monthly_before, md, sizeof(md)));
		}
	}
	if (d->nmonthly) {
		char m[32], mb[32], ma[32];
		double before = 0, after = 0;
		for (size_t i = 0; i < d->nchanges; i++)
			if (d->changes[i].has_monthly) {
				before += d->changes[i].monthly_before;
				after += d->changes[i].monthly_after;
			}
		fprintf(f, "  per month, the %s changed %s with a volume: %s -> %s (%s)\n",
			check_count_str(d->nmonthly, a, sizeof(a)),
			plural(d->nmonthly, "flow", "flows"), out_money(before, mb, sizeof(mb)),
			out_money(after, ma, sizeof(ma)),
			signed_money(d->monthly_change, m, sizeof(m)));
	}
	const char *const *lists[4] = { d->only_old_sources, d->only_new_sources, d->only_old_dests,
					d->only_new_dests };
	size_t lens[4] = { d->nonly_old_sources, d->nonly_new_sources, d->nonly_old_dests,
			   d->nonly_new_dests };
	static const char *const what[4] = { "instance", "instance", "destination", "destination" };
	for (size_t l = 0; l < 4; l++) {
		if (!lens[l])
			continue;
		fprintf(f, "  %s %s%s only in the %s topology: ", check_count_str(lens[l], b, sizeof(b)),
			what[l], lens[l] == 1 ? "" : "s", l % 2 ? "new" : "old");
		for (size_t i = 0; i < lens[l] && i < 10; i++) {
			fputs(i ? ", " : "", f);
			esc(f, lists[l][i]);
		}
		fputs(lens[l] > 10 ? ", …\n" : "\n", f);
	}
}

/* One line for a finding in the baseline section, and its place. */
static void text_finding_line(FILE *f, const char *label, const struct check_finding *fd)
{
	fprintf(f, "  %-6s %s %s: ", label, fd->error ? "error" : "warning", fd->rule_id);
	if (fd->flow)
		fprintf(f, "flow %zu: ", fd->flow);
	esc(f, fd->message);
	fputc('\n', f);
	text_where(f, fd);
}

/* The findings the new topology adds and the ones it fixes. */
static void text_finding_changes(FILE *f, const struct check_diff *d)
{
	fprintf(f, "findings: %zu new (%zu %s), %zu unchanged, ", d->nadded, d->new_errors,
		plural(d->new_errors, "error", "errors"), d->unchanged);
	if (d->nfindings_changed)
		fprintf(f, "%zu changed, ", d->nfindings_changed);
	fprintf(f, "%zu fixed", d->nfixed);
	if (d->nunjudged)  /* their flows no longer arrive: not fixed (check_diff) */
		fprintf(f, ", %zu no longer judged (the flow does not arrive)", d->nunjudged);
	fputc('\n', f);
	for (size_t i = 0; i < d->nadded; i++)
		text_finding_line(f, "new", d->added[i]);
	/* the same finding, changed by the change (its path, place or verdict): the new
	 * form, then what it was */
	for (size_t i = 0; i < d->nfindings_changed; i++) {
		const struct check_finding *was = d->changed_from[i];
		text_finding_line(f, "changed", d->changed_to[i]);
		fputs("           was: ", f);
		esc(f, was->message);
		fputc('\n', f);
		text_where(f, was);
	}
	for (size_t i = 0; i < d->nfixed; i++)
		text_finding_line(f, "fixed", d->fixed[i]);
	for (size_t i = 0; i < d->nunjudged; i++)
		text_finding_line(f, "unjudged", d->unjudged[i]);
}

static void text_diff_head(FILE *f, const struct check_diff *d)
{
	char a[32], b[32];
	check_count_str(d->changed, a, sizeof(a));
	check_count_str(d->compared, b, sizeof(b));
	fprintf(f, "%s of %s %s changed\n", a, b, plural(d->compared, "flow", "flows"));
}

static void text_report(FILE *f, const struct check_report *r, const struct check_diff *base,
			const struct out_options *o)
{
	fputs("vpcpath check: ", f);
	esc(f, r->a->file ? r->a->file : "(every instance to every bucket and table)");
	fputs(" against ", f);
	esc(f, r->t->file);
	fputc('\n', f);
	text_pricing_note(f, r);
	if (r->nflows)
		text_flows(f, r, o);
	if (r->all_pairs)
		text_all_pairs(f, r);
	text_rules(f, r, o);
	text_faults(f, r, o);
	if (base) {
		fputs("baseline: ", f);
		esc(f, base->old_file);
		fputs(": ", f);
		text_diff_head(f, base);
		text_changes(f, base);
		text_finding_changes(f, base);
	}
	char a[32];
	fputs("result: ", f);
	if (r->passed) {
		if (o->color)
			fputs(GREEN "pass" RESET, f);
		else
			fputs("pass", f);
	} else {
		if (o->color)
			fputs(RED "FAIL" RESET, f);
		else
			fputs("FAIL", f);
	}
	if (r->fail_on_new && base)
		fprintf(f, " (--fail-on new: %zu new %s; ", base->new_errors,
			plural(base->new_errors, "error", "errors"));
	else
		fputs(" (", f);
	fprintf(f, "%zu %s failed, %s all_pairs %s failed, %zu rule %s, %zu rule %s)\n",
		r->flows_failed, plural(r->flows_failed, "flow", "flows"),
		check_count_str(r->pairs_failed, a, sizeof(a)), plural(r->pairs_failed, "flow", "flows"),
		r->rule_errors, plural(r->rule_errors, "error", "errors"), r->rule_warnings,
		plural(r->rule_warnings, "warning", "warnings"));
}

static void text_diff(FILE *f, const struct check_diff *d, const struct out_options *o)
{
	(void)o;
	fputs("vpcpath diff: ", f);
	esc(f, d->old_file);
	fputs(" -> ", f);
	esc(f, d->new_file);
	fputs(": ", f);
	text_diff_head(f, d);
	text_changes(f, d);
	text_finding_changes(f, d);
}

const struct check_output out_check_text = { "text", text_report, text_diff,
					       CHECK_TRACES_NONE };

/* ---- json ---- */

static void add_str(cJSON *o, const char *k, const char *v)
{
	if (v)
		cJSON_AddStringToObject(o, k, v);
	else
		cJSON_AddNullToObject(o, k);
}

static double money(double v)
{
	return round(v * 1e6) / 1e6 + 0.0;  /* + 0.0: never "-0" */
}

static cJSON *json_outcome(const struct check_outcome *o)
{
	cJSON *j = cJSON_CreateObject();
	if (o->error) {
		cJSON_AddTrueToObject(j, "error");
		return j;
	}
	add_str(j, "verdict", trace_verdict_name(o->verdict));
	add_str(j, "reason", o->reason);
	add_str(j, "path", o->path);
	if (o->cost_computed)
		cJSON_AddNumberToObject(j, "per_gb", money(o->per_gb));
	else
		cJSON_AddNullToObject(j, "per_gb");
	add_str(j, "compliance", check_outcome_compliance(o));
	cJSON *fails = cJSON_AddArrayToObject(j, "rules_failed");
	for (int i = 0; rules_builtin_ids[i]; i++)
		if (o->rules_failed & (1u << i))
			cJSON_AddItemToArray(fails, cJSON_CreateString(rules_builtin_ids[i]));
	return j;
}

/* resource: of an imported topology, the Terraform address or AWS id there (and line
 * 0 when its place in the file is not known: null line and column) */
static cJSON *json_where(const char *file, unsigned line, unsigned col, const char *resource)
{
	if (!file)
		return cJSON_CreateNull();
	cJSON *w = cJSON_CreateObject();
	cJSON_AddStringToObject(w, "file", file);
	if (line) {
		cJSON_AddNumberToObject(w, "line", line);
		cJSON_AddNumberToObject(w, "column", col);
	} else {
		cJSON_AddNullToObject(w, "line");
		cJSON_AddNullToObject(w, "column");
	}
	if (resource)
		cJSON_AddStringToObject(w, "resource", resource);
	return w;
}

static cJSON *json_trace(const char *text)
{
	cJSON *t = text ? cJSON_Parse(text) : NULL;
	return t ? t : cJSON_CreateNull();
}

static cJSON *json_expect(const struct check_expect *e)
{
	cJSON *j = cJSON_CreateObject();
	add_str(j, "verdict", trace_verdict_name(e->verdict));
	add_str(j, "path", e->path);
	if (e->has_max_cost)
		cJSON_AddNumberToObject(j, "max_cost_per_gb", e->max_cost_per_gb);
	else
		cJSON_AddNullToObject(j, "max_cost_per_gb");
	if (e->has_gb)
		cJSON_AddNumberToObject(j, "gb_per_month", e->gb_per_month);
	else
		cJSON_AddNullToObject(j, "gb_per_month");
	return j;
}

/* One finding of a comparison: new, fixed, or one side of a changed one. */
static cJSON *json_compared_finding(const struct check_finding *fd)
{
	cJSON *x = cJSON_CreateObject();
	add_str(x, "rule", fd->rule_id);
	add_str(x, "level", fd->error ? "error" : "warning");
	add_str(x, "message", fd->message);
	cJSON_AddItemToObject(x, "where", json_where(fd->where_file, fd->line, fd->col,
						     fd->where_resource));
	add_str(x, "identity", fd->identity);
	return x;
}

static cJSON *json_diff_doc(const struct check_diff *d)
{
	cJSON *j = cJSON_CreateObject();
	add_str(j, "old", d->old_file);
	add_str(j, "new", d->new_file);
	cJSON_AddNumberToObject(j, "compared", (double)d->compared);
	cJSON_AddNumberToObject(j, "changed", (double)d->changed);
	cJSON *ch = cJSON_AddArrayToObject(j, "changes");
	for (size_t i = 0; i < d->nchanges; i++) {
		const struct check_change *c = &d->changes[i];
		cJSON *x = cJSON_CreateObject();
		if (c->flow)
			cJSON_AddNumberToObject(x, "flow", (double)c->flow);
		else
			cJSON_AddNullToObject(x, "flow");
		add_str(x, "from", c->from);
		add_str(x, "to", c->to);
		cJSON_AddNumberToObject(x, "flows", (double)c->pairs);
		cJSON *what = cJSON_AddArrayToObject(x, "changed");
		char buf[64];
		snprintf(buf, sizeof(buf), "%s", c->what);
		for (char *tok = buf, *next; tok; tok = next) {
			next = strstr(tok, ", ");
			if (next) {
				*next = '\0';
				next += 2;
			}
			cJSON_AddItemToArray(what, cJSON_CreateString(tok));
		}
		cJSON_AddItemToObject(x, "before", json_outcome(&c->before));
		cJSON_AddItemToObject(x, "after", json_outcome(&c->after));
		if (c->has_monthly) {
			cJSON *m = cJSON_AddObjectToObject(x, "monthly");
			cJSON_AddNumberToObject(m, "gb", c->gb);
			cJSON_AddNumberToObject(m, "before", money(c->monthly_before));
			cJSON_AddNumberToObject(m, "after", money(c->monthly_after));
			cJSON_AddNumberToObject(m, "change", money(c->monthly_after - c->monthly_before));
		}
		cJSON_AddItemToArray(ch, x);
	}
	if (d->nmonthly)
		cJSON_AddNumberToObject(j, "monthly_change", money(d->monthly_change));
	const char *const *lists[4] = { d->only_old_sources, d->only_old_dests, d->only_new_sources,
					d->only_new_dests };
	size_t lens[4] = { d->nonly_old_sources, d->nonly_old_dests, d->nonly_new_sources,
			   d->nonly_new_dests };
	cJSON *fs = cJSON_AddObjectToObject(j, "findings");
	cJSON_AddNumberToObject(fs, "new", (double)d->nadded);
	cJSON_AddNumberToObject(fs, "new_errors", (double)d->new_errors);
	cJSON_AddNumberToObject(fs, "unchanged", (double)d->unchanged);
	cJSON_AddNumberToObject(fs, "changed", (double)d->nfindings_changed);
	cJSON_AddNumberToObject(fs, "fixed", (double)d->nfixed);
	cJSON_AddNumberToObject(fs, "unjudged", (double)d->nunjudged);
	cJSON *unjudged = cJSON_AddArrayToObject(fs, "unjudged_findings");
	for (size_t i = 0; i < d->nunjudged; i++)
		cJSON_AddItemToArray(unjudged, json_compared_finding(d->unjudged[i]));
	for (size_t side = 0; side < 2; side++) {
		cJSON *list = cJSON_AddArrayToObject(fs, side ? "fixed_findings" : "new_findings");
		size_t n = side ? d->nfixed : d->nadded;
		for (size_t i = 0; i < n; i++)
			cJSON_AddItemToArray(list, json_compared_finding(side ? d->fixed[i] : d->added[i]));
	}
	/* the same finding in both, changed: {"before": …, "after": …} */
	cJSON *changed = cJSON_AddArrayToObject(fs, "changed_findings");
	for (size_t i = 0; i < d->nfindings_changed; i++) {
		cJSON *pair = cJSON_CreateObject();
		for (size_t side = 0; side < 2; side++)
			cJSON_AddItemToObject(pair, side ? "after" : "before", json_compared_finding(
					      side ? d->changed_to[i] : d->changed_from[i]));
		cJSON_AddItemToArray(changed, pair);
	}
	for (size_t side = 0; side < 2; side++) {
		cJSON *s = cJSON_AddObjectToObject(j, side ? "only_new" : "only_old");
		for (size_t k = 0; k < 2; k++) {
			cJSON *a = cJSON_AddArrayToObject(s, k ? "destinations" : "instances");
			for (size_t i = 0; i < lens[side * 2 + k]; i++)
				cJSON_AddItemToArray(a, cJSON_CreateString(lists[side * 2 + k][i]));
		}
	}
	return j;
}

static void print_doc(FILE *f, cJSON *doc)
{
	char *s = cJSON_Print(doc);
	if (s) {
		fputs(s, f);
		fputc('\n', f);
		free(s);
	}
	cJSON_Delete(doc);
}

/* ---- the JSON report, written as it is made ----
 *
 * A report of many failing flows embeds a trace in each flow and finding: made as one
 * tree it took ten times its own size (0.9 GB for 10,000 flows).  Each member of the
 * document, and each element of its long arrays, is made, printed and freed in turn,
 * with the layout cJSON_Print gives the whole (a tab deeper per level, an array being
 * one: raw newlines occur only between members, never inside a printed string). */
struct jwriter {
	FILE *f;
	size_t members, elems;
};

/* v printed as it is when `depth` levels deep (cJSON counts an array as a level) */
static void jw_print(struct jwriter *w, cJSON *v, int depth)
{
	char *s = cJSON_Print(v);
	for (const char *p = s; p && *p; p++) {
		fputc(*p, w->f);
		for (int i = 0; *p == '\n' && i < depth; i++)
			fputc('\t', w->f);
	}
	free(s);
	cJSON_Delete(v);
}

static void jw_key(struct jwriter *w, const char *key)
{
	fputs(w->members++ ? ",\n\t\"" : "{\n\t\"", w->f);
	fputs(key, w->f);
	fputs("\":\t", w->f);
}

static void jw_member(struct jwriter *w, const char *key, cJSON *v)
{
	jw_key(w, key);
	jw_print(w, v, 1);
}

static void jw_array(struct jwriter *w, const char *key)
{
	jw_key(w, key);
	fputc('[', w->f);
	w->elems = 0;
}

static void jw_elem(struct jwriter *w, cJSON *v)
{
	if (w->elems++)
		fputs(", ", w->f);
	jw_print(w, v, 2);
}

static cJSON *json_flow(const struct check_report *r, size_t i)
{
	const struct check_flow_result *fr = &r->flows[i];
	const struct check_flow *fl = fr->flow;
	cJSON *x = cJSON_CreateObject();
	cJSON_AddNumberToObject(x, "n", (double)(i + 1));
	add_str(x, "name", fl->name);
	add_str(x, "from", fl->from);
	add_str(x, "to", fl->to);
	cJSON_AddItemToObject(x, "expect", json_expect(&fl->expect));
	cJSON_AddItemToObject(x, "where", json_where(r->a->file, fl->line, fl->col, NULL));
	add_str(x, "result", fr->o.error ? "error" : fr->passed ? "pass" : "fail");
	add_str(x, "message", fr->failure);
	cJSON_AddItemToObject(x, "outcome", json_outcome(&fr->o));
	if (fl->expect.has_gb && check_outcome_moves(&fr->o))
		/* the flow's per-GB charges for its gb_per_month */
		cJSON_AddNumberToObject(cJSON_GetObjectItem(x, "outcome"), "monthly",
					money(fr->o.per_gb * fl->expect.gb_per_month));
	cJSON_AddItemToObject(x, "trace", json_trace(fr->trace_json));
	return x;
}

static cJSON *json_all_pairs(const struct check_report *r)
{
	cJSON *ap = cJSON_CreateObject();
	cJSON_AddItemToObject(ap, "expect", json_expect(&r->a->all_pairs.expect));
	cJSON_AddNumberToObject(ap, "instances", (double)r->nsources);
	cJSON_AddNumberToObject(ap, "destinations", (double)r->ndests);
	cJSON_AddNumberToObject(ap, "flows", (double)r->pairs);
	cJSON_AddNumberToObject(ap, "passed", (double)r->pairs_passed);
	cJSON_AddNumberToObject(ap, "failed", (double)r->pairs_failed);
	cJSON_AddNumberToObject(ap, "traces", (double)r->traces);
	cJSON_AddNumberToObject(ap, "source_groups", (double)r->ngroups);
	cJSON_AddNumberToObject(ap, "destination_groups", (double)r->nclasses);
	cJSON_AddBoolToObject(ap, "source_grouping_off", r->grouping_off);
	cJSON *um = cJSON_AddArrayToObject(ap, "filters_matching_nothing");
	for (size_t i = 0; i < r->nunmatched; i++) {
		const struct check_pattern *u = r->unmatched[i];
		/* a tag filter as it is written: "team: payments" */
		cJSON_AddItemToArray(um, cJSON_CreateString(u->tag ? arena_concat(r->arena,
						u->tag, ": ", u->text, (char *)NULL) : u->text));
	}
	cJSON *groups = cJSON_AddArrayToObject(ap, "groups");
	for (size_t i = 0; i < r->ngroups; i++) {
		const struct check_group *g = &r->groups[i];
		cJSON *x = cJSON_CreateObject();
		add_str(x, "representative", g->rep->id);
		cJSON_AddNumberToObject(x, "members", (double)g->members);
		add_str(x, "vpc", g->rep->vpc ? g->rep->vpc->id : NULL);
		cJSON *sn = cJSON_AddArrayToObject(x, "subnets");
		for (size_t k = 0; k < g->nsubnets; k++)
			cJSON_AddItemToArray(sn, cJSON_CreateString(g->subnets[k]->id));
		cJSON *sgs = cJSON_AddArrayToObject(x, "security_groups");
		for (size_t k = 0; k < g->rep->security_groups.len; k++)
			cJSON_AddItemToArray(sgs, cJSON_CreateString(g->rep->security_groups.items[k].text));
		add_str(x, "role", g->rep->role);
		cJSON_AddItemToArray(groups, x);
	}
	cJSON *dests = cJSON_AddArrayToObject(ap, "destinations_checked");
	for (size_t i = 0; i < r->ndests; i++) {
		const struct check_destination *d = &r->dests[i];
		cJSON *x = cJSON_CreateObject();
		add_str(x, "destination", d->uri);
		cJSON_AddNumberToObject(x, "group", (double)d->cls);
		cJSON_AddNumberToObject(x, "flows", (double)d->pairs);
		cJSON_AddNumberToObject(x, "passed", (double)d->passed);
		cJSON_AddNumberToObject(x, "failed", (double)d->failed);
		cJSON_AddItemToArray(dests, x);
	}
	return ap;
}

static cJSON *json_rule_summary(const struct check_report *r, size_t i)
{
	const struct check_rule_summary *s = &r->rules[i];
	cJSON *x = cJSON_CreateObject();
	add_str(x, "id", s->id);
	add_str(x, "severity", s->severity);
	add_str(x, "description", s->description);
	cJSON_AddNumberToObject(x, "pass", (double)s->pass);
	cJSON_AddNumberToObject(x, "fail", (double)s->fail);
	cJSON_AddNumberToObject(x, "n/a", (double)s->na);
	return x;
}

static cJSON *json_finding(const struct check_report *r, const struct check_diff *base, size_t i)
{
	const struct check_finding *fd = &r->findings[i];
	cJSON *x = cJSON_CreateObject();
	add_str(x, "kind", fd->kind == CHECK_ASSERTION ? "assertion" : "rule");
	add_str(x, "rule", fd->rule_id);
	add_str(x, "level", fd->error ? "error" : "warning");
	add_str(x, "message", fd->message);
	cJSON_AddItemToObject(x, "where", json_where(fd->where_file, fd->line, fd->col,
						     fd->where_resource));
	if (fd->flow)
		cJSON_AddNumberToObject(x, "flow", (double)fd->flow);
	else
		cJSON_AddNullToObject(x, "flow");
	add_str(x, "identity", fd->identity);
	if (base)
		add_str(x, "baseline", base->finding_new[i] ? "new" : "unchanged");
	else
		cJSON_AddNullToObject(x, "baseline");
	cJSON_AddNumberToObject(x, "flows", (double)fd->pairs);
	cJSON_AddNumberToObject(x, "instances", (double)fd->instances);
	cJSON_AddNumberToObject(x, "destinations", (double)fd->destinations);
	cJSON *ex = cJSON_AddObjectToObject(x, "example");
	add_str(ex, "from", fd->example_from);
	add_str(ex, "to", fd->example_to);
	/* a reference to the tree's members: the tree stays the report's */
	cJSON_AddItemToObject(x, "trace", fd->trace_doc ?
				 cJSON_CreateObjectReference(fd->trace_doc->child) :
				 json_trace(fd->trace_json));
	return x;
}

static cJSON *json_fault(const struct check_report *r, const struct check_fault *faults, size_t k)
{
	const struct check_fault *ft = &faults[k];
	cJSON *x = cJSON_CreateObject();
	const struct check_finding *first = &r->findings[ft->findings[0]];
	cJSON_AddItemToObject(x, "where", json_where(first->where_file, first->line, first->col,
						     first->where_resource));
	add_str(x, "resource", ft->resource);
	add_str(x, "level", ft->error ? "error" : "warning");
	cJSON *ix = cJSON_AddArrayToObject(x, "findings");
	for (size_t i = 0; i < ft->nfindings; i++)
		cJSON_AddItemToArray(ix, cJSON_CreateNumber((double)ft->findings[i]));
	cJSON *fs = cJSON_AddArrayToObject(x, "flows");
	for (size_t i = 0; i < ft->nflows; i++)
		cJSON_AddItemToArray(fs, cJSON_CreateNumber((double)ft->flows[i]));
	cJSON_AddNumberToObject(x, "all_pairs_flows", (double)ft->pairs);
	cJSON_AddBoolToObject(x, "all_pairs_flows_at_least", ft->pairs_at_least);
	return x;
}

static void json_report(FILE *f, const struct check_report *r, const struct check_diff *base,
			const struct out_options *o)
{
	(void)o;
	struct jwriter w = { .f = f };
	jw_member(&w, "assertions", r->a->file ? cJSON_CreateString(r->a->file) : cJSON_CreateNull());
	jw_member(&w, "topology", r->t->file ? cJSON_CreateString(r->t->file) : cJSON_CreateNull());
	jw_member(&w, "rules_file", r->rules_file ? cJSON_CreateString(r->rules_file) :
		  cJSON_CreateNull());
	jw_member(&w, "passed", cJSON_CreateBool(r->passed));
	cJSON *sum = cJSON_CreateObject();
	cJSON_AddNumberToObject(sum, "flows", (double)r->nflows);
	cJSON_AddNumberToObject(sum, "flows_passed", (double)r->flows_passed);
	cJSON_AddNumberToObject(sum, "flows_failed", (double)r->flows_failed);
	cJSON_AddNumberToObject(sum, "all_pairs_flows", (double)r->pairs);
	cJSON_AddNumberToObject(sum, "all_pairs_passed", (double)r->pairs_passed);
	cJSON_AddNumberToObject(sum, "all_pairs_failed", (double)r->pairs_failed);
	cJSON_AddNumberToObject(sum, "rule_errors", (double)r->rule_errors);
	cJSON_AddNumberToObject(sum, "rule_warnings", (double)r->rule_warnings);
	cJSON_AddNumberToObject(sum, "traces", (double)(r->traces + r->nflows));
	jw_member(&w, "summary", sum);
	/* F8.1: the Regions whose costs are estimates with the fallback's figures */
	const char *regs[64];
	size_t nregs = check_unpriced_regions(r, regs, 64);
	cJSON *est = cJSON_CreateArray();
	for (size_t i = 0; i < nregs && i < 64; i++)
		cJSON_AddItemToArray(est, cJSON_CreateString(regs[i]));
	/* and the Regions whose flows borrow figures the file does not give them, with
	 * each such flow: what it borrows, from where */
	cJSON *borrowed = cJSON_CreateArray();
	for (size_t i = 0; r->pricing && i < r->nflows; i++) {
		const struct check_flow_result *fr = &r->flows[i];
		if (!fr->borrowed)
			continue;
		bool listed = false;
		for (size_t k = 0; k < (size_t)cJSON_GetArraySize(est) && !listed; k++)
			listed = !strcmp(cJSON_GetArrayItem(est, (int)k)->valuestring, fr->borrowed_region);
		if (!listed)
			cJSON_AddItemToArray(est, cJSON_CreateString(fr->borrowed_region));
		cJSON *b = cJSON_CreateObject();
		cJSON_AddNumberToObject(b, "flow", (double)(i + 1));
		cJSON_AddStringToObject(b, "region", fr->borrowed_region);
		cJSON *keys = cJSON_AddArrayToObject(b, "figures");
		for (const char *p = fr->borrowed; *p;) {
			size_t len = strcspn(p, ",");
			char key[64];
			snprintf(key, sizeof(key), "%.*s", (int)len, p);
			cJSON_AddItemToArray(keys, cJSON_CreateString(key));
			p += len;
			p += strspn(p, ", ");
		}
		cJSON_AddStringToObject(b, "from", cost_pricing_fallback(r->pricing));
		cJSON_AddItemToArray(borrowed, b);
	}
	jw_member(&w, "pricing_estimated_regions", est);
	jw_member(&w, "pricing_borrowed", borrowed);
	jw_array(&w, "flows");
	for (size_t i = 0; i < r->nflows; i++)
		jw_elem(&w, json_flow(r, i));
	fputc(']', f);
	jw_member(&w, "all_pairs", r->all_pairs ? json_all_pairs(r) : cJSON_CreateNull());
	jw_array(&w, "rules");
	for (size_t i = 0; i < r->nrules; i++)
		jw_elem(&w, json_rule_summary(r, i));
	fputc(']', f);
	jw_array(&w, "findings");
	for (size_t i = 0; i < r->nfindings; i++)
		jw_elem(&w, json_finding(r, base, i));
	fputc(']', f);
	size_t nfaults;
	const struct check_fault *faults = check_report_faults(r, &nfaults);
	jw_array(&w, "faults");
	for (size_t k = 0; k < nfaults; k++)
		jw_elem(&w, json_fault(r, faults, k));
	fputc(']', f);
	jw_member(&w, "baseline", base ? json_diff_doc(base) : cJSON_CreateNull());
	fputs("\n}\n", f);
}

static void json_diff(FILE *f, const struct check_diff *d, const struct out_options *o)
{
	(void)o;
	print_doc(f, json_diff_doc(d));
}

const struct check_output out_check_json = { "json", json_report, json_diff,
					       CHECK_TRACES_JSON };
