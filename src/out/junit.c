/* junit.c - `vpcpath check -f junit`: JUnit XML, the test report format CI systems
 * (Jenkins, GitLab, GitHub actions that publish test results) read.
 *
 *   <testsuites name="vpcpath check" tests= failures= errors= skipped=>
 *     <testsuite name="flows">      one testcase per flow of flows:
 *     <testsuite name="all_pairs">  one testcase per destination: every instance to it
 *     <testsuite name="rules">      one testcase per enabled compliance rule
 *
 * A failed assertion, or a failed error-severity rule, is a <failure> whose text is the
 * trace of the (example) flow; a flow that cannot be traced is an <error>; a failed
 * warning-severity rule passes and says so in <system-out>.  Every string from the
 * topology or the assertions is escaped: the five XML entities, control characters
 * XML 1.0 forbids and invalid UTF-8 replaced, so the document always parses. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vpcpath/check.h"
#include "vpcpath/out.h"

/* Length of the valid UTF-8 sequence at p (1-4), or 0 when it is not one. */
static size_t utf8_valid(const unsigned char *p)
{
	if (p[0] < 0x80)
		return 1;
	size_t n;
	unsigned cp;
	if ((p[0] & 0xe0) == 0xc0) {
		n = 2;
		cp = p[0] & 0x1f;
	} else if ((p[0] & 0xf0) == 0xe0) {
		n = 3;
		cp = p[0] & 0x0f;
	} else if ((p[0] & 0xf8) == 0xf0) {
		n = 4;
		cp = p[0] & 0x07;
	} else {
		return 0;
	}
	for (size_t i = 1; i < n; i++) {
		if ((p[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (p[i] & 0x3f);
	}
	/* overlong forms, surrogates, beyond U+10FFFF, and U+FFFE/U+FFFF (not XML chars) */
	if ((n == 2 && cp < 0x80) || (n == 3 && cp < 0x800) || (n == 4 && cp < 0x10000) ||
	    (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff || cp == 0xfffe || cp == 0xffff)
		return 0;
	return n;
}

/* Writes s escaped for XML character data and attribute values. */
static void xml(FILE *f, const char *s)
{
	const unsigned char *p = (const unsigned char *)(s ? s : "");
	while (*p) {
		unsigned char c = *p;
		switch (c) {
		case '&': fputs("&amp;", f); p++; continue;
		case '<': fputs("&lt;", f); p++; continue;
		case '>': fputs("&gt;", f); p++; continue;
		case '"': fputs("&quot;", f); p++; continue;
		case '\'': fputs("&apos;", f); p++; continue;
		case '\t': fputs("&#9;", f); p++; continue;
		case '\n': fputs("&#10;", f); p++; continue;
		case '\r': fputs("&#13;", f); p++; continue;
		default: break;
		}
		if (c < 0x20 || c == 0x7f) {
			/* not an XML 1.0 character: shown, not written */
			fprintf(f, "\\x%02x", c);
			p++;
			continue;
		}
		size_t n = utf8_valid(p);
		if (n == 0) {
			fputs("\xef\xbf\xbd", f); /* U+FFFD */
			p++;
			continue;
		}
		fwrite(p, 1, n, f);
		p += n;
	}
}

/* Character data that keeps its line breaks (a trace): newlines written as they are. */
static void xml_text(FILE *f, const char *s)
{
	const char *p = s ? s : "";
	while (*p) {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) : strlen(p);
		char *line = strndup(p, n);
		if (line) {
			xml(f, line);
			free(line);
		}
		if (nl)
			fputc('\n', f);
		p += n + (nl ? 1 : 0);
	}
}

static void attr(FILE *f, const char *name, const char *value)
{
	fprintf(f, " %s=\"", name);
	xml(f, value);
	fputc('"', f);
}

static void suite_open(FILE *f, const char *name, size_t tests, size_t failures, size_t errors)
{
	fputs("  <testsuite", f);
	attr(f, "name", name);
	fprintf(f, " tests=\"%zu\" failures=\"%zu\" errors=\"%zu\" skipped=\"0\">\n", tests, failures,
		errors);
}

static void case_open(FILE *f, const char *classname, const char *name, const char *file,
		      unsigned line)
{
	fputs("    <testcase", f);
	attr(f, "classname", classname);
	attr(f, "name", name);
	if (file) {
		attr(f, "file", file);
		if (line)
			fprintf(f, " line=\"%u\"", line);
	}
	fputs(">\n", f);
}

static char *flow_name(const struct check_flow *fl, size_t i)
{
	char *s = NULL;
	size_t n = 0;
	FILE *m = open_memstream(&s, &n);
	if (!m)
		return NULL;
	fprintf(m, "%zu: ", i + 1);
	if (fl->name)
		fprintf(m, "%s: ", fl->name);
	fprintf(m, "%s -> %s expect %s", fl->from, fl->to, trace_verdict_name(fl->expect.verdict));
	if (fl->expect.path)
		fprintf(m, " via %s", fl->expect.path);
	if (fl->expect.has_max_cost) {
		char max[32];
		fprintf(m, " at most %s/GB", out_money(fl->expect.max_cost_per_gb, max, sizeof(max)));
		if (fl->expect.has_gb) {
			char g[32];
			/* the same limit for the flow's volume */
			fprintf(m, " (%s a month for %s GB)",
				out_money(fl->expect.max_cost_per_gb * fl->expect.gb_per_month, max,
					  sizeof(max)), out_gb(fl->expect.gb_per_month, g, sizeof(g)));
		}
	}
	if (fclose(m) != 0) {
		free(s);
		return NULL;
	}
	return s;
}

static bool covers(const struct check_finding *fd, size_t di, size_t cls)
{
	if (fd->dest)
		return fd->dest == di + 1;
	return check_finding_covers(fd, cls);
}

/* A finding: its place and example; the trace only when with_trace (the first finding
 * of a test case: a destination or a rule may have thousands). */
static void finding_body(FILE *f, const struct check_finding *fd, bool with_trace)
{
	if (fd->where) {
		xml(f, "at ");
		xml(f, fd->where);
		fputc('\n', f);
	}
	if (fd->flow == 0 && fd->example_from) {
		char line[64];
		snprintf(line, sizeof(line), "%zu %s, e.g. ", fd->pairs, fd->pairs == 1 ? "flow" : "flows");
		xml(f, line);
		xml(f, fd->example_from);
		xml(f, " -> ");
		xml(f, fd->example_to);
		fputc('\n', f);
	}
	if (with_trace)
		xml_text(f, fd->trace_text);
}

static void junit_report(FILE *f, const struct check_report *r, const struct check_diff *base,
			 const struct out_options *o)
{
	(void)base;
	(void)o;
	const char *afile = r->a->file;
	size_t flow_fail = 0, flow_err = 0, dest_fail = 0, rule_fail = 0;
	for (size_t i = 0; i < r->nflows; i++) {
		flow_err += r->flows[i].o.error;
		flow_fail += !r->flows[i].passed && !r->flows[i].o.error;
	}
	for (size_t i = 0; i < r->ndests; i++)
		dest_fail += r->dests[i].failed > 0;
	for (size_t i = 0; i < r->nrules; i++)
		rule_fail += r->rules[i].fail > 0 && !strcmp(r->rules[i].severity, "error");
	size_t tests = r->nflows + (r->all_pairs ? r->ndests : 0) + r->nrules;

	fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"vpcpath check\"", f);
	fprintf(f, " tests=\"%zu\" failures=\"%zu\" errors=\"%zu\" skipped=\"0\">\n", tests,
		flow_fail + dest_fail + rule_fail, flow_err);

	suite_open(f, "flows", r->nflows, flow_fail, flow_err);
	for (size_t i = 0; i < r->nflows; i++) {
		const struct check_flow_result *fr = &r->flows[i];
		char *name = flow_name(fr->flow, i);
		case_open(f, "vpcpath.flows", name ? name : "flow", afile, fr->flow->line);
		free(name);
		if (!fr->passed) {
			fputs(fr->o.error ? "      <error" : "      <failure", f);
			attr(f, "message", fr->failure);
			attr(f, "type", fr->o.error ? "input" : "assertion");
			fputs(">", f);
			for (size_t k = 0; k < r->nfindings; k++)
				if (r->findings[k].flow == i + 1 && r->findings[k].kind == CHECK_ASSERTION &&
				    r->findings[k].where) {
					xml(f, "at ");
					xml(f, r->findings[k].where);
					fputc('\n', f);
					break;
				}
			xml_text(f, fr->trace_text);
			fputs(fr->o.error ? "</error>\n" : "</failure>\n", f);
		}
		fputs("    </testcase>\n", f);
	}
	fputs("  </testsuite>\n", f);

	if (r->all_pairs) {
		suite_open(f, "all_pairs", r->ndests, dest_fail, 0);
		for (size_t i = 0; i < r->ndests; i++) {
			const struct check_destination *d = &r->dests[i];
			char name[600];
			snprintf(name, sizeof(name), "every instance -> %s expect %s", d->uri,
				 trace_verdict_name(r->a->all_pairs.expect.verdict));
			case_open(f, "vpcpath.all_pairs", name, afile, afile ? r->a->all_pairs.line : 0);
			if (d->failed) {
				char msg[128];
				snprintf(msg, sizeof(msg), "%zu of %zu flows to it fail", d->failed, d->pairs);
				fputs("      <failure", f);
				attr(f, "message", msg);
				attr(f, "type", "all-pairs");
				fputs(">", f);
				bool first = true;
				for (size_t k = 0; k < r->nfindings; k++) {
					const struct check_finding *fd = &r->findings[k];
					if (fd->flow || fd->kind != CHECK_ASSERTION || !covers(fd, i, d->cls))
						continue;
					xml(f, fd->message);
					fputc('\n', f);
					finding_body(f, fd, first);
					first = false;
				}
				fputs("</failure>\n", f);
			}
			fputs("    </testcase>\n", f);
		}
		fputs("  </testsuite>\n", f);
	}

	suite_open(f, "rules", r->nrules, rule_fail, 0);
	for (size_t i = 0; i < r->nrules; i++) {
		const struct check_rule_summary *s = &r->rules[i];
		char name[200];
		snprintf(name, sizeof(name), "%s (%s)", s->id, s->severity);
		case_open(f, "vpcpath.rules", name, NULL, 0);
		bool err = !strcmp(s->severity, "error");
		if (s->fail) {
			char msg[160];
			snprintf(msg, sizeof(msg), "%zu %s fail %s", s->fail, s->fail == 1 ? "flow" : "flows",
				 s->id);
			fputs(err ? "      <failure" : "      <system-out", f);
			if (err) {
				attr(f, "message", msg);
				attr(f, "type", s->id);
			}
			fputs(">", f);
			if (!err) {
				xml(f, "warning: ");
				xml(f, msg);
				fputc('\n', f);
			}
			bool first = true;
			for (size_t k = 0; k < r->nfindings; k++) {
				const struct check_finding *fd = &r->findings[k];
				if (fd->kind != CHECK_RULE || strcmp(fd->rule_id, s->id))
					continue;
				char head[32];
				if (fd->flow)
					snprintf(head, sizeof(head), "flow %zu: ", fd->flow);
				else
					snprintf(head, sizeof(head), "all_pairs: ");
				xml(f, head);
				xml(f, fd->message);
				fputc('\n', f);
				finding_body(f, fd, first);
				first = false;
			}
			fputs(err ? "</failure>\n" : "</system-out>\n", f);
		}
		fputs("    </testcase>\n", f);
	}
	fputs("  </testsuite>\n</testsuites>\n", f);
}

const struct check_output out_check_junit = { "junit", junit_report, NULL, CHECK_TRACES_TEXT };
