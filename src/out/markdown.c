/* markdown.c - `vpcpath check -f markdown` and `vpcpath diff -f markdown`: a report to
 * post as a pull-request comment (GitHub, GitLab).
 *
 * Totals come first (a table), then the failures (errors), then the warnings, then,
 * with a baseline, what the change changed.  Findings are grouped by rule in
 * collapsed <details> sections whose summary line says how many; each group lists at
 * most MAX_PER_GROUP findings and says how many more there are, and the whole
 * report lists findings and changes only while they fit in ITEM_BYTES: a report of
 * thousands of findings stays a page, and within the 65,536 characters GitHub takes
 * in a comment.  Each finding says what is wrong and the fix
 * (its message), where (FILE:LINE), and the resource that decided it (the example
 * trace's deciding hop) with that hop's hint when it says more.
 *
 * Every string from the topology or the assertions is written as text: Markdown and
 * HTML characters are escaped, # and @ too (an issue reference or a mention would
 * notify someone), $ (GitHub reads $…$ as mathematics), and control and invisible
 * characters are shown as escapes (fputs_escaped). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "vpcpath/check.h"
#include "vpcpath/out.h"
#include "vpcpath/util.h"

/* Findings listed per rule section before "and N more". */
#define MAX_PER_GROUP 25
/* Changed flows listed before "and N more". */
#define MAX_CHANGES 50
/* The bytes of all the findings, changed flows, new and fixed findings listed: the
 * rest of the report (headings, totals, section summaries) is a few kilobytes. */
#define ITEM_BYTES 50000
/* Bytes of one text from the inputs (a name, a message) before "…". */
#define MAX_TEXT 1000

/* What is left of ITEM_BYTES.  An item is rendered aside and written only when it
 * fits; once one does not, nothing more is listed (the order stays: failures first). */
struct budget {
	size_t bytes;
};

static FILE *item_begin(char **buf, size_t *len)
{
	*buf = NULL;
	*len = 0;
	FILE *m = open_memstream(buf, len);
	if (!m)
		abort();
	return m;
}

/* Writes the item rendered into m when it fits; true when it was written. */
static bool item_end(FILE *f, FILE *m, char **buf, size_t *len, struct budget *b)
{
	if (fclose(m) != 0)
		abort();
	bool fits = *len <= b->bytes;
	if (fits) {
		fwrite(*buf, 1, *len, f);
		b->bytes -= *len;
	} else {
		b->bytes = 0;
	}
	free(*buf);
	return fits;
}
/* A rule section opens by itself when it is an error section this small. */
#define OPEN_AT_MOST 10

/* s as text in Markdown (and in the HTML of a <summary>) */
static void md(FILE *f, const char *s)
{
	char *vis = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&vis, &len);
	if (!m)
		abort();
	fputs_escaped(s ? s : "", m);
	if (fclose(m) != 0)
		abort();
	if (len > MAX_TEXT) {
		/* cut at a character's first byte */
		size_t cut = MAX_TEXT;
		while (cut > 0 && ((unsigned char)vis[cut] & 0xc0) == 0x80)
			cut--;
		vis[cut] = '\0';
	}
	for (const char *p = vis; *p; p++) {
		switch (*p) {
		case '&': fputs("&amp;", f); break;
		case '<': fputs("&lt;", f); break;
		case '>': fputs("&gt;", f); break;
		case '#': fputs("&#35;", f); break;
		case '@': fputs("&#64;", f); break;
		case '\\': case '`': case '*': case '_': case '[': case ']': case '|': case '~':
		case '$': case '!': case '{': case '}':
			fputc('\\', f);
			fputc(*p, f);
			break;
		default:
			fputc(*p, f);
		}
	}
	if (len > MAX_TEXT)
		fputs("…", f);
	free(vis);
}

/* "12,345" */
static const char *count(size_t n, char *buf, size_t len)
{
	char digits[32];
	snprintf(digits, sizeof(digits), "%zu", n);
	size_t nd = strlen(digits), o = 0;
	for (size_t i = 0; i < nd && o + 2 < len; i++) {
		if (i && (nd - i) % 3 == 0)
			buf[o++] = ',';
		buf[o++] = digits[i];
	}
	buf[o] = '\0';
	return buf;
}

static const char *plural(size_t n, const char *one, const char *many)
{
	return n == 1 ? one : many;
}

static void money(FILE *f, double v)
{
	char buf[32];
	md(f, out_money(v, buf, sizeof(buf)));
}

/* ---- the deciding hop of a finding's example trace ---- */

static const cJSON *deciding_hop(const cJSON *trace)
{
	static const char *const legs[] = { "hops", "return_hops" };
	for (size_t l = 0; l < 2; l++) {
		const cJSON *h;
		cJSON_ArrayForEach(h, cJSON_GetObjectItemCaseSensitive(trace, legs[l]))
			if (cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(h, "deciding")))
				return h;
	}
	return NULL;
}

static const char *str_of(const cJSON *o, const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
	return cJSON_IsString(v) ? v->valuestring : NULL;
}

/* "route-table rtb-app" and its hint, when the trace has a deciding hop */
static void resource_line(FILE *f, const struct check_report *r, const struct check_finding *fd)
{
	cJSON *parsed = NULL;
	const cJSON *trace = fd->trace_doc;
	const char *json = fd->trace_json;
	if (!json && fd->flow && fd->flow <= r->nflows)
		json = r->flows[fd->flow - 1].trace_json;
	if (!trace && json)
		trace = parsed = cJSON_Parse(json);
	const cJSON *h = trace ? deciding_hop(trace) : NULL;
	const char *kind = str_of(h, "kind"), *id = str_of(h, "id"), *hint = str_of(h, "hint");
	if (kind && id) {
		fputs("  decided by ", f);
		md(f, kind);
		fputs(" **", f);
		md(f, id);
		fputs("**", f);
		if (hint && fd->message && !strstr(fd->message, hint)) {
			fputs(": ", f);
			md(f, hint);
		}
		fputs("  \n", f);
	}
	cJSON_Delete(parsed);
}

/* ---- findings ---- */

static void flow_words(FILE *f, const struct check_report *r, const struct check_finding *fd)
{
	char a[32], b[32], c[32];
	if (fd->flow && fd->flow <= r->nflows) {
		const struct check_flow *fl = r->flows[fd->flow - 1].flow;
		fprintf(f, "flow %zu", fd->flow);
		if (fl->name) {
			fputs(" (", f);
			md(f, fl->name);
			fputc(')', f);
		}
		fputs(": ", f);
		md(f, fl->from);
		fputs(" → ", f);
		md(f, fl->to);
	} else {
		fprintf(f, "%s %s from %s %s to %s %s", count(fd->pairs, a, sizeof(a)),
			plural(fd->pairs, "flow", "flows"), count(fd->instances, b, sizeof(b)),
			plural(fd->instances, "instance", "instances"),
			count(fd->destinations, c, sizeof(c)),
			plural(fd->destinations, "destination", "destinations"));
		if (fd->example_from) {
			fputs(", e.g. ", f);
			md(f, fd->example_from);
			fputs(" → ", f);
			md(f, fd->example_to);
		}
	}
}

static void finding_item(FILE *f, const struct check_report *r, const struct check_finding *fd,
			 const struct check_diff *base, size_t index)
{
	fputs("- ", f);
	if (base && base->finding_new && base->finding_new[index])
		fputs("**new** ", f);
	fputs("**", f);
	flow_words(f, r, fd);
	fputs("**  \n  ", f);
	md(f, fd->message);
	fputs("  \n", f);
	if (fd->where_file) {
		fputs("  at `", f);
		/* a place in a code span: only a backtick could end it, and file names
		 * with one are shown escaped elsewhere */
		if (strchr(fd->where_file, '`')) {
			fputs("` ", f);
			md(f, fd->where_file);
			if (fd->line)
				fprintf(f, ":%u", fd->line);
		} else {
			fputs_escaped(fd->where_file, f);
			if (fd->line)
				fprintf(f, ":%u", fd->line);
			fputc('`', f);
		}
		if (fd->where_resource) {  /* imported: the Terraform address or AWS id */
			fputc(' ', f);
			md(f, fd->where_resource);
		}
		fputs("  \n", f);
	}
	/* the hop that decided the verdict is what an assertion is about; a rule's
	 * finding names its own resource */
	if (fd->kind == CHECK_ASSERTION)
		resource_line(f, r, fd);
}

/* One collapsed section per rule id, in order of first appearance; findings of the
 * given level only.  Returns the number written. */
static size_t finding_sections(FILE *f, const struct check_report *r, const struct check_diff *base,
			       bool errors, struct budget *bud)
{
	size_t total = 0;
	for (size_t i = 0; i < r->nfindings; i++)
		total += r->findings[i].error == errors;
	if (!total)
		return 0;
	char a[32];
	fprintf(f, "### %s %s (%s)\n\n", errors ? "❌" : "⚠️", errors ? "Failures" : "Warnings",
		count(total, a, sizeof(a)));
	bool *done = calloc(r->nfindings ? r->nfindings : 1, sizeof(bool));
	if (!done)
		abort();
	/* what the assertions expected first, then the rules */
	for (size_t pass = 0; pass < 2; pass++)
	for (size_t i = 0; i < r->nfindings; i++) {
		const struct check_finding *first = &r->findings[i];
		if (done[i] || first->error != errors ||
		    (first->kind == CHECK_ASSERTION) != (pass == 0))
			continue;
		size_t n = 0, flows = 0, fresh = 0;
		for (size_t k = i; k < r->nfindings; k++) {
			const struct check_finding *fd = &r->findings[k];
			if (fd->error == errors && !strcmp(fd->rule_id, first->rule_id)) {
				n++;
				flows += fd->pairs;
				fresh += base && base->finding_new && base->finding_new[k];
			}
		}
		char b[32], c[32];
		fprintf(f, "<details%s><summary><b>", errors && total <= OPEN_AT_MOST ? " open" : "");
		md(f, first->rule_id);
		fprintf(f, "</b>: %s %s, %s %s", count(n, b, sizeof(b)), plural(n, "finding", "findings"),
			count(flows, c, sizeof(c)), plural(flows, "flow", "flows"));
		if (base)
			fprintf(f, " (%zu new)", fresh);
		fputs("</summary>\n\n", f);
		size_t shown = 0, listed = 0;
		for (size_t k = i; k < r->nfindings; k++) {
			const struct check_finding *fd = &r->findings[k];
			if (fd->error != errors || strcmp(fd->rule_id, first->rule_id))
				continue;
			done[k] = true;
			if (listed < MAX_PER_GROUP && bud->bytes) {
				char *buf;
				size_t len;
				FILE *m = item_begin(&buf, &len);
				finding_item(m, r, fd, base, k);
				listed += item_end(f, m, &buf, &len, bud);
			}
			shown++;
		}
		if (shown > listed)
			fprintf(f, "\n… and %s more (every finding is in `-f json` and `-f sarif`)\n",
				count(shown - listed, b, sizeof(b)));
		fputs("\n</details>\n\n", f);
	}
	free(done);
	return total;
}

/* ---- a comparison ---- */

static void outcome_cell(FILE *f, const struct check_outcome *o)
{
	if (o->error) {
		fputs("could not be traced", f);
		return;
	}
	fputs(trace_verdict_name(o->verdict), f);
	if (o->reason) {
		fputs(" (", f);
		md(f, o->reason);
		fputc(')', f);
	}
	if (o->path && strcmp(o->path, "none") != 0) {
		fputs(" via ", f);
		md(f, out_path_words(o->path));
	}
	if (check_outcome_compliance(o))
		fprintf(f, ", %s%s", o->compliant || o->errors_failed ? "" : "compliance ",
			check_outcome_compliance(o));
}

/* "+$22.50", "-$0.045", "$0.00": a change of money, signed */
static void signed_money(FILE *f, double v)
{
	if (fabs(v) < 5e-7)
		v = 0;
	if (v > 0)
		fputc('+', f);
	money(f, v);
}

/* A flow that does not arrive moves nothing (check_outcome_moves): no price per GB,
 * as it has none per month. */
static void cost_cell(FILE *f, const struct check_outcome *o)
{
	if (o->error || !o->cost_computed) {
		fputs("–", f);
		return;
	}
	if (!check_outcome_moves(o)) {
		fprintf(f, "– (%s)", trace_verdict_name(o->verdict));
		return;
	}
	money(f, o->per_gb);
	fputs("/GB", f);
}

/* One row of the changed flows' table. */
static void change_row(FILE *f, const struct check_change *c)
{
	char a[32];
	fputs("| ", f);
	if (c->flow)
		fprintf(f, "flow %zu: ", c->flow);
	else
		fprintf(f, "%s %s, e.g. ", count(c->pairs, a, sizeof(a)), plural(c->pairs, "flow", "flows"));
	md(f, c->from);
	fputs(" → ", f);
	md(f, c->to);
	fputs(" | ", f);
	md(f, c->what);
	fputs(" | ", f);
	outcome_cell(f, &c->before);
	fputs(" | ", f);
	outcome_cell(f, &c->after);
	fputs(" | ", f);
	cost_cell(f, &c->before);
	fputs(" → ", f);
	cost_cell(f, &c->after);
	if (!c->before.error && !c->after.error && c->before.cost_computed &&
	    c->after.cost_computed && check_outcome_moves(&c->before) &&
	    check_outcome_moves(&c->after) && c->before.per_gb != c->after.per_gb) {
		fputs(" (", f);
		signed_money(f, c->after.per_gb - c->before.per_gb);
		fputs("/GB)", f);
	}
	fputs(" | ", f);
	if (c->has_monthly) {
		/* the per-GB charges for the flows' gb_per_month */
		money(f, c->monthly_before);
		fputs(" → ", f);
		money(f, c->monthly_after);
		fputs(" (", f);
		signed_money(f, c->monthly_after - c->monthly_before);
		fprintf(f, ") for %s GB", out_gb(c->gb, a, sizeof(a)));
	} else {
		fputs("–", f);
	}
	fputs(" |\n", f);
}

static void changes_table(FILE *f, const struct check_diff *d, struct budget *bud)
{
	char a[32], b[32];
	fprintf(f, "%s of %s %s changed", count(d->changed, a, sizeof(a)),
		count(d->compared, b, sizeof(b)), plural(d->compared, "flow", "flows"));
	if (!d->nchanges) {
		fputs(".\n\n", f);
		return;
	}
	fputs(":\n\n", f);
	if (d->nmonthly) {
		/* before and after, then the difference: what a reviewer decides on */
		double before = 0, after = 0;
		for (size_t i = 0; i < d->nchanges; i++)
			if (d->changes[i].has_monthly) {
				before += d->changes[i].monthly_before;
				after += d->changes[i].monthly_after;
			}
		fprintf(f, "Cost per month of the %s changed %s with a volume (`gb_per_month`): ",
			count(d->nmonthly, a, sizeof(a)), plural(d->nmonthly, "flow", "flows"));
		money(f, before);
		fputs(" → ", f);
		money(f, after);
		fputs(", **", f);
		signed_money(f, d->monthly_change);
		fputs("**\n\n", f);
	}
	fputs("<details open><summary>changed flows</summary>\n\n", f);
	fputs("| flow | what changed | before | after | cost per GB before → after "
	      "| per month before → after |\n", f);
	fputs("|---|---|---|---|---|---|\n", f);
	size_t listed = 0;
	for (size_t i = 0; i < d->nchanges && i < MAX_CHANGES && bud->bytes; i++) {
		char *buf;
		size_t len;
		FILE *m = item_begin(&buf, &len);
		change_row(m, &d->changes[i]);
		listed += item_end(f, m, &buf, &len, bud);
	}
	if (d->nchanges > listed)
		fprintf(f, "\n… and %s more\n", count(d->nchanges - listed, a, sizeof(a)));
	fputs("\n</details>\n\n", f);
}

static void only_in(FILE *f, const struct check_diff *d)
{
	const char *const *lists[4] = { d->only_old_sources, d->only_new_sources, d->only_old_dests,
					d->only_new_dests };
	size_t lens[4] = { d->nonly_old_sources, d->nonly_new_sources, d->nonly_old_dests,
			   d->nonly_new_dests };
	static const char *const what[4] = { "instance", "instance", "destination", "destination" };
	bool any = false;
	for (size_t l = 0; l < 4; l++) {
		if (!lens[l])
			continue;
		char a[32];
		fprintf(f, "- %s %s%s only in the %s topology: ", count(lens[l], a, sizeof(a)), what[l],
			lens[l] == 1 ? "" : "s", l % 2 ? "new" : "old");
		for (size_t i = 0; i < lens[l] && i < 10; i++) {
			fputs(i ? ", " : "", f);
			md(f, lists[l][i]);
		}
		fputs(lens[l] > 10 ? ", …\n" : "\n", f);
		any = true;
	}
	if (any)
		fputc('\n', f);
}

/* A new or fixed finding, one line. */
static void finding_line(FILE *f, const struct check_finding *fd)
{
	fprintf(f, "- %s **", fd->error ? "error" : "warning");
	md(f, fd->rule_id);
	fputs("**: ", f);
	if (fd->flow)
		fprintf(f, "flow %zu: ", fd->flow);
	md(f, fd->message);
	if (fd->where_file) {
		fputs(" (", f);
		md(f, fd->where_file);
		if (fd->line)
			fprintf(f, ":%u", fd->line);
		if (fd->where_resource) {
			fputc(' ', f);
			md(f, fd->where_resource);
		}
		fputc(')', f);
	}
	fputc('\n', f);
}

/* The findings the change adds, those it changes (as they are now) and those it
 * fixes, capped. */
static void finding_changes(FILE *f, const struct check_diff *d, struct budget *bud)
{
	static const char *const label[3] = { "new", "changed", "fixed" };
	for (size_t side = 0; side < 3; side++) {
		size_t n = side == 2 ? d->nfixed : side ? d->nfindings_changed : d->nadded;
		const struct check_finding *const *list = side == 2 ? d->fixed : side ?
							  d->changed_to : d->added;
		if (!n)
			continue;
		char a[32];
		fprintf(f, "<details%s><summary><b>%s</b>: %s %s</summary>\n\n", n <= OPEN_AT_MOST ? " open" : "",
			label[side], count(n, a, sizeof(a)), plural(n, "finding", "findings"));
		size_t listed = 0;
		for (size_t i = 0; i < n && i < MAX_PER_GROUP && bud->bytes; i++) {
			char *buf;
			size_t len;
			FILE *m = item_begin(&buf, &len);
			finding_line(m, list[i]);
			listed += item_end(f, m, &buf, &len, bud);
		}
		if (n > listed)
			fprintf(f, "\n… and %s more\n", count(n - listed, a, sizeof(a)));
		fputs("\n</details>\n\n", f);
	}
}

static void baseline_section(FILE *f, const struct check_diff *d, const char *heading,
			     struct budget *bud)
{
	fprintf(f, "### %s\n\n", heading);
	fputs("Compared with ", f);
	md(f, d->old_file);
	fputs(": ", f);
	changes_table(f, d, bud);
	only_in(f, d);
	fprintf(f, "Findings: **%zu new** (%zu %s), %zu unchanged, ", d->nadded, d->new_errors,
		plural(d->new_errors, "error", "errors"), d->unchanged);
	if (d->nfindings_changed)
		fprintf(f, "%zu changed, ", d->nfindings_changed);
	fprintf(f, "**%zu fixed**", d->nfixed);
	if (d->nunjudged)  /* their flows no longer arrive: not fixed (check_diff) */
		fprintf(f, ", %zu no longer judged (the flow does not arrive)", d->nunjudged);
	fputs(".\n\n", f);
	finding_changes(f, d, bud);
}

/* ---- the report ---- */

static void totals(FILE *f, const struct check_report *r)
{
	char a[32], b[32], c[32];
	fputs("| | passed | failed | total |\n|---|---:|---:|---:|\n", f);
	if (r->nflows)
		fprintf(f, "| flows | %s | %s | %s |\n", count(r->flows_passed, a, sizeof(a)),
			count(r->flows_failed, b, sizeof(b)), count(r->nflows, c, sizeof(c)));
	if (r->all_pairs)
		fprintf(f, "| all_pairs flows | %s | %s | %s |\n", count(r->pairs_passed, a, sizeof(a)),
			count(r->pairs_failed, b, sizeof(b)), count(r->pairs, c, sizeof(c)));
	if (r->rules_evaluated) {
		size_t ok = 0, bad = 0;
		for (size_t i = 0; i < r->nrules; i++) {
			ok += r->rules[i].fail == 0;
			bad += r->rules[i].fail != 0;
		}
		fprintf(f, "| rules | %zu | %zu | %zu |\n", ok, bad, r->nrules);
	}
	fputc('\n', f);
	/* the flows with a volume: what their per-GB charges come to in a month */
	size_t nvol = 0;
	double monthly = 0, gb = 0;
	for (size_t i = 0; i < r->nflows; i++) {
		const struct check_flow_result *fr = &r->flows[i];
		if (!fr->flow->expect.has_gb || !check_outcome_moves(&fr->o))
			continue;
		nvol++;
		gb += fr->flow->expect.gb_per_month;
		monthly += fr->o.per_gb * fr->flow->expect.gb_per_month;
	}
	/* all_pairs: each pair's volume, over the pairs a path was priced for */
	const struct check_expect *pe = &r->a->all_pairs.expect;
	if (r->all_pairs && pe->has_gb) {
		nvol += r->pairs_priced;
		gb += pe->gb_per_month * (double)r->pairs_priced;
		monthly += r->pairs_per_gb_sum * pe->gb_per_month;
	}
	if (nvol) {
		fprintf(f, "Cost per month of the %s %s with a volume (`gb_per_month`, %s GB): **",
			count(nvol, a, sizeof(a)), plural(nvol, "flow", "flows"), out_gb(gb, b, sizeof(b)));
		money(f, monthly);
		fputs("** in data charges (the hourly charges of NAT gateways and endpoints are "
		      "the resources')\n\n", f);
	}
}

/* F8.1: the flows whose cost borrows figures their Region's prices do not give,
 * with what and from where (at most 8, then how many more) */
static void borrowed_note(FILE *f, const struct check_report *r)
{
	size_t shown = 0, more = 0;
	for (size_t i = 0; r->pricing && i < r->nflows; i++) {
		const struct check_flow_result *fr = &r->flows[i];
		if (!fr->borrowed)
			continue;
		if (shown == 8) {
			more++;
			continue;
		}
		shown++;
		fprintf(f, "Prices: flow %zu (", i + 1);
		md(f, fr->borrowed_region);
		fputs(") uses ", f);
		md(f, cost_pricing_fallback(r->pricing));
		fputs("'s ", f);
		md(f, fr->borrowed);
		fputs(", which ", f);
		md(f, cost_pricing_name(r->pricing));
		fputs(" does not give for ", f);
		md(f, fr->borrowed_region);
		fputs(": its cost is an estimate (F8.1).\n\n", f);
	}
	if (more) {
		fprintf(f, "Prices: and %zu more %s with figures of ", more, more == 1 ? "flow" : "flows");
		md(f, cost_pricing_fallback(r->pricing));
		fputs(" (`-f json` lists each).\n\n", f);
	}
}

/* F8.1: the Regions priced with another Region's figures, once for the report */
static void pricing_note(FILE *f, const struct check_report *r)
{
	const char *regs[8];
	borrowed_note(f, r);
	size_t n = check_unpriced_regions(r, regs, 8);
	if (!n)
		return;
	fputs("Prices: ", f);
	for (size_t i = 0; i < n && i < 8; i++) {
		fputs(i ? ", " : "", f);
		md(f, regs[i]);
	}
	if (n > 8)
		fprintf(f, " and %zu more", n - 8);
	fprintf(f, " %s not in ", n == 1 ? "is" : "are");
	md(f, cost_pricing_name(r->pricing));
	fprintf(f, ": %s costs are estimates with ", n == 1 ? "its" : "their");
	md(f, cost_pricing_fallback(r->pricing));
	fputs("'s figures (F8.1).\n\n", f);
}

/* Rows of the faults table, and flow numbers in one row, before "and N more". */
#define MAX_FAULT_ROWS 25
#define MAX_FAULT_FLOWS 20

/* What a fault breaks, for ordering the table: its flows and all_pairs flows. */
static size_t fault_breadth(const struct check_fault *ft)
{
	return ft->nflows + ft->pairs;
}

static const struct check_fault *sort_faults;
static int cmp_fault(const void *a, const void *b)
{
	const struct check_fault *x = &sort_faults[*(const size_t *)a];
	const struct check_fault *y = &sort_faults[*(const size_t *)b];
	if (x->error != y->error)
		return x->error ? -1 : 1;
	if (fault_breadth(x) != fault_breadth(y))
		return fault_breadth(x) > fault_breadth(y) ? -1 : 1;
	return *(const size_t *)a < *(const size_t *)b ? -1 : 1;  /* report order */
}

/* One row: the place, the resource, the ways it fails, the flows (capped). */
static void fault_row(FILE *f, const struct check_report *r, const struct check_fault *ft)
{
	fputs(ft->error ? "| ❌ " : "| ⚠️ ", f);
	md(f, ft->where);  /* escaped, not a code span: a table cell holds either */
	fputs(" | ", f);
	md(f, ft->resource ? ft->resource : "");
	fputs(" | ", f);
	for (size_t i = 0; i < ft->nfindings; i++) {
		const char *id = r->findings[ft->findings[i]].rule_id;
		bool again = false;
		for (size_t j = 0; j < i && !again; j++)
			again = !strcmp(r->findings[ft->findings[j]].rule_id, id);
		if (!again) {
			fputs(i ? ", " : "", f);
			md(f, id);
		}
	}
	fputs(" | ", f);
	for (size_t i = 0; i < ft->nflows && i < MAX_FAULT_FLOWS; i++)
		fprintf(f, "%s%zu", i ? ", " : ft->nflows > 1 ? "flows " : "flow ", ft->flows[i]);
	char a[32];
	if (ft->nflows > MAX_FAULT_FLOWS)
		fprintf(f, " and %s more", count(ft->nflows - MAX_FAULT_FLOWS, a, sizeof(a)));
	if (ft->pairs)
		fprintf(f, "%s%s%s all\\_pairs %s", ft->nflows ? "; " : "",
			ft->pairs_at_least ? "at least " : "",
			count(ft->pairs, a, sizeof(a)), plural(ft->pairs, "flow", "flows"));
	fputs(" |\n", f);
}

/* The places that decide several findings (check_report_faults): each cause once,
 * with the ways it fails and the flows it breaks, before the findings one by one.
 * Errors first, then the faults that break the most flows; at most MAX_FAULT_ROWS
 * rows within the budget, collapsed when there are more than a few. */
static void faults_table(FILE *f, const struct check_report *r, struct budget *bud)
{
	size_t n, shared = 0;
	const struct check_fault *faults = check_report_faults(r, &n);
	size_t *order = malloc((n ? n : 1) * sizeof(*order));
	if (!order)
		abort();
	for (size_t k = 0; k < n; k++)
		if (faults[k].where && faults[k].nfindings > 1)
			order[shared++] = k;
	if (!shared) {
		free(order);
		return;
	}
	sort_faults = faults;
	qsort(order, shared, sizeof(*order), cmp_fault);
	char a[32];
	fprintf(f, "### Faults (%s %s decide%s several findings)\n\n", count(shared, a, sizeof(a)),
		plural(shared, "place", "places"), shared == 1 ? "s" : "");
	fprintf(f, "<details%s><summary>each place at fault once, with what it fails", shared <= OPEN_AT_MOST ? " open" : "");
	if (shared > 1)
		fputs(", the most flows first", f);
	fputs("</summary>\n\n| place | at fault | fails | flows |\n|---|---|---|---|\n", f);
	size_t listed = 0;
	for (size_t i = 0; i < shared && listed < MAX_FAULT_ROWS && bud->bytes; i++) {
		char *buf;
		size_t len;
		FILE *m = item_begin(&buf, &len);
		fault_row(m, r, &faults[order[i]]);
		listed += item_end(f, m, &buf, &len, bud);
	}
	if (shared > listed)
		fprintf(f, "\n… and %s more (every fault is in `-f json` and `-f sarif`)\n",
			count(shared - listed, a, sizeof(a)));
	fputs("\n</details>\n\n", f);
	free(order);
}

static void md_report(FILE *f, const struct check_report *r, const struct check_diff *base,
		      const struct out_options *o)
{
	(void)o;
	size_t errors = 0, warnings = 0;
	for (size_t i = 0; i < r->nfindings; i++) {
		errors += r->findings[i].error;
		warnings += !r->findings[i].error;
	}
	fprintf(f, "## %s vpcpath check: %s\n\n", r->passed ? "✅" : "❌", r->passed ? "passed" : "failed");
	md(f, r->a->file ? r->a->file : "every instance to every bucket and table");
	fputs(" against ", f);
	md(f, r->t->file);
	if (r->rules_file) {
		fputs(", rules ", f);
		md(f, r->rules_file);
	}
	fputs("\n\n", f);
	char a[32], b[32];
	fprintf(f, "**%s %s, %s %s**", count(errors, a, sizeof(a)), plural(errors, "failure", "failures"),
		count(warnings, b, sizeof(b)), plural(warnings, "warning", "warnings"));
	if (base) {
		fprintf(f, "; against the baseline **%zu new** (%zu %s), ", base->nadded,
			base->new_errors, plural(base->new_errors, "error", "errors"));
		if (base->nfindings_changed)
			fprintf(f, "%zu changed, ", base->nfindings_changed);
		fprintf(f, "%zu fixed", base->nfixed);
		if (base->nunjudged)
			fprintf(f, ", %zu no longer judged", base->nunjudged);
	}
	if (r->fail_on_new && base)
		fputs(" (`--fail-on new`: only new errors fail)", f);
	fputs("\n\n", f);
	totals(f, r);
	pricing_note(f, r);
	struct budget bud = { ITEM_BYTES };
	faults_table(f, r, &bud);
	finding_sections(f, r, base, true, &bud);
	finding_sections(f, r, base, false, &bud);
	if (base)
		baseline_section(f, base, "What this change changes", &bud);
	fputs("<sub>vpcpath check", f);
	if (r->fail_on_new && base)
		fputs(" --fail-on new", f);
	fputs(": each finding says what is wrong, then what to change.</sub>\n", f);
}

static void md_diff(FILE *f, const struct check_diff *d, const struct out_options *o)
{
	(void)o;
	bool changed = d->nchanges || d->nonly_old_sources || d->nonly_new_sources ||
		       d->nonly_old_dests || d->nonly_new_dests;
	fprintf(f, "## vpcpath diff: %s\n\n", changed ? "the network changes" : "no change");
	md(f, d->old_file);
	fputs(" → ", f);
	md(f, d->new_file);
	fputs("\n\n", f);
	fprintf(f, "**%zu new** %s (%zu %s), %zu unchanged, **%zu fixed**\n\n", d->nadded,
		plural(d->nadded, "finding", "findings"), d->new_errors,
		plural(d->new_errors, "error", "errors"), d->unchanged, d->nfixed);
	if (d->nunjudged)
		fprintf(f, "%zu no longer judged (the flow does not arrive)\n\n", d->nunjudged);
	struct budget bud = { ITEM_BYTES };
	changes_table(f, d, &bud);
	only_in(f, d);
	finding_changes(f, d, &bud);
}

const struct check_output out_check_markdown = { "markdown", md_report, md_diff,
						   CHECK_TRACES_JSON };
