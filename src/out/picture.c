/* picture.c - a finished trace as boxes and arrows (picture.h): the hops in order, the
 * deciding hop marked with a note that says why, the return leg as its own chain, and
 * for a name whose addresses part ways (F2.17) one branch per outcome from the hop
 * where they part. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "picture.h"
#include "vpcpath/arena.h"
#include "vpcpath/out.h"
#include "vpcpath/rules.h"
#include "vpcpath/util.h"

/* Lines wider than this are wrapped at spaces (a box in a PR comment is narrow). */
#define WRAP 48
/* Ranges named on a branch's label before "and N more". */
#define MAX_RANGES 4

struct builder {
	struct picture *p;
	struct tmpvec nodes, edges, clusters;
	struct tmpvec lines;   /* the lines of the box being built */
};

/* s as fputs_escaped writes it, in the picture's arena */
static const char *vis(struct builder *b, const char *s)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&buf, &len);
	if (!m)
		abort();
	fputs_escaped(s ? s : "-", m);
	if (fclose(m) != 0)
		abort();
	const char *out = arena_strdup(b->p->arena, buf);
	free(buf);
	return out;
}

static void add_line(struct builder *b, const char *visible)
{
	*(const char **)tmpvec_push(&b->lines, sizeof(char *)) = visible;
}

/* A line of visible text, wrapped at spaces into lines of at most WRAP characters
 * (a word longer than that stays whole). */
static void add_wrapped(struct builder *b, const char *visible)
{
	const char *p = visible;
	while (strlen(p) > WRAP) {
		const char *cut = NULL;
		for (const char *q = p; q <= p + WRAP; q++)
			if (*q == ' ')
				cut = q;
		if (!cut)
			cut = strchr(p + WRAP, ' ');
		if (!cut)
			break;
		add_line(b, arena_strndup(b->p->arena, p, (size_t)(cut - p)));
		p = cut + 1;
	}
	if (*p)
		add_line(b, arena_strdup(b->p->arena, p));
}

/* printf of text that is the program's own (no input-file strings in fmt's
 * arguments), wrapped */
static void add_fmt(struct builder *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void add_fmt(struct builder *b, const char *fmt, ...)
{
	char buf[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	add_wrapped(b, buf);
}

/* Concatenates the pieces (NULL-terminated), escaping the odd ones: even pieces are
 * the program's words, odd ones come from input files. */
static void add_mixed(struct builder *b, ...) __attribute__((sentinel));
static void add_mixed(struct builder *b, ...)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&buf, &len);
	if (!m)
		abort();
	va_list ap;
	va_start(ap, b);
	const char *s;
	for (int i = 0; (s = va_arg(ap, const char *)) != NULL; i++) {
		if (i % 2)
			fputs_escaped(s, m);
		else
			fputs(s, m);
	}
	va_end(ap);
	if (fclose(m) != 0)
		abort();
	add_wrapped(b, buf);
	free(buf);
}

/* Closes the box being built; returns its index. */
static size_t add_node(struct builder *b, const char *id, enum pic_look look, size_t cluster)
{
	struct pic_node *n = tmpvec_push(&b->nodes, sizeof(*n));
	n->id = arena_strdup(b->p->arena, id);
	n->look = look;
	n->cluster = cluster;
	n->lines = tmpvec_finish(b->p->arena, &b->lines, sizeof(char *));
	n->nlines = b->lines.len;
	memset(&b->lines, 0, sizeof(b->lines));
	return b->nodes.len - 1;
}

static void add_edge(struct builder *b, size_t from, size_t to, const char *label,
		     enum pic_line line, bool arrow)
{
	struct pic_edge *e = tmpvec_push(&b->edges, sizeof(*e));
	e->from = from;
	e->to = to;
	e->label = label;
	e->line = line;
	e->arrow = arrow;
}

static size_t add_cluster(struct builder *b, const char *id, const char *label, bool dashed)
{
	struct pic_cluster *c = tmpvec_push(&b->clusters, sizeof(*c));
	c->id = id;
	c->label = label;
	c->dashed = dashed;
	return b->clusters.len;  /* 1-based */
}

/* ---- the boxes ---- */

static void hop_lines(struct builder *b, const struct trace_hop *h)
{
	char n[32];
	snprintf(n, sizeof(n), "%d ", h->n);
	add_mixed(b, n, h->kind, h->direction ? " " : "", h->direction ? h->direction : "",
		  (char *)NULL);
	add_line(b, vis(b, h->id));
	if (h->has_rule) {
		if (h->rule == 32767)
			add_fmt(b, "%s, rule *", trace_hop_result_name(h->result));
		else
			add_fmt(b, "%s, rule %ld", trace_hop_result_name(h->result), h->rule);
	} else {
		add_line(b, trace_hop_result_name(h->result));
	}
	if (h->route_target) {
		bool other = h->route_matched && h->route_destination &&
			     strcmp(h->route_matched, h->route_destination) != 0;
		add_mixed(b, "", h->route_destination ? h->route_destination : "-",
			  other ? " (" : "", other ? h->route_matched : "", other ? ")" : "",
			  "", " -> ", h->route_target, (char *)NULL);
	}
	if (h->detail)
		add_wrapped(b, vis(b, h->detail));
	if (h->policy_decision)
		add_mixed(b, "policy ", h->policy_decision, h->policy_by ? " by " : "",
			  h->policy_by ? h->policy_by : "", h->policy_statement ? " (statement " : "",
			  h->policy_statement ? h->policy_statement : "", h->policy_statement ? ")" : "",
			  (char *)NULL);
}

static enum pic_look hop_look(const struct trace_hop *h)
{
	if (h->deciding)
		return PIC_DECIDING;
	return h->result == HOP_DENY || h->result == HOP_DROP ? PIC_BLOCK : PIC_PASS;
}

/* An outcome's box: green only for a flow that arrives and that the rules do not fail
 * (non-compliant is a failed answer, exit 1, whatever the path) */
static enum pic_look verdict_look(const struct trace_result *x)
{
	const struct trace_compliance *cc = &x->compliance;
	if (x->verdict == TRACE_REACHABLE)
		return cc->evaluated && cc->judged && !cc->compliant ? PIC_BAD : PIC_GOOD;
	return x->verdict == TRACE_AMBIGUOUS || x->verdict == TRACE_EXITS_MODEL ? PIC_UNSURE :
	       PIC_BAD;
}

/* The verdict line: "reachable via NAT gateway nat-1" */
static void verdict_line(struct builder *b, const char *prefix, const struct trace_result *x)
{
	bool via = x->path && strcmp(x->path, "none") != 0;
	add_mixed(b, prefix, "", trace_verdict_name(x->verdict), "",
		  via ? " via " : "", "", via ? out_path_words(x->path) : "",
		  via && x->via_id ? " " : "", via && x->via_id ? x->via_id : "", (char *)NULL);
}

/* What an answer costs and whether it complies, one line each. */
static void cost_lines(struct builder *b, const struct trace_result *x)
{
	char a[32], c[32], d[32];
	if (x->cost.computed) {
		char fixed[64] = "";
		if (x->cost.fixed_monthly > 0)
			snprintf(fixed, sizeof(fixed), " + %s/month fixed",
				 out_money(x->cost.fixed_monthly, c, sizeof(c)));
		char g[32];
		char total[64] = "";
		if (x->cost.has_gb && x->cost.fixed_monthly > 0)
			snprintf(total, sizeof(total), " + %s fixed = %s", c,
				 out_money(x->cost.monthly_total, d, sizeof(d)));
		char e[32];
		if (x->cost.has_gb)
			add_fmt(b, "cost %s/GB%s; %s GB/month: %s%s", out_money(x->cost.per_gb, a, sizeof(a)),
				fixed, out_gb(x->cost.gb, g, sizeof(g)),
				out_money(x->cost.monthly_total - x->cost.fixed_monthly, e, sizeof(e)),
				total);
		else
			add_fmt(b, "cost %s/GB%s", out_money(x->cost.per_gb, a, sizeof(a)), fixed);
	}
	const char *word = rules_compliance_word(&x->compliance);
	if (word && !x->compliance.judged) {
		add_fmt(b, "compliance %s (the flow is %s)", word, trace_verdict_name(x->verdict));
	} else if (word) {
		/* a flow is non-compliant for its errors; warnings are counted apart */
		size_t errors = 0, warnings = 0;
		for (size_t i = 0; i < x->compliance.nrules; i++) {
			const struct trace_rule_result *rr = &x->compliance.rules[i];
			if (rr->result != RULE_FAIL)
				continue;
			if (rr->severity && !strcmp(rr->severity, "error"))
				errors++;
			else
				warnings++;
		}
		if (errors && warnings)
			add_fmt(b, "%s (%zu rule%s fail%s, %zu warning%s)", word, errors,
				errors == 1 ? "" : "s", errors == 1 ? "s" : "", warnings,
				warnings == 1 ? "" : "s");
		else if (errors)
			add_fmt(b, "%s (%zu rule%s fail%s)", word, errors, errors == 1 ? "" : "s",
				errors == 1 ? "s" : "");
		else if (warnings)
			add_fmt(b, "%s (%zu warning%s)", word, warnings, warnings == 1 ? "" : "s");
		else
			add_line(b, word);
	}
}

/* The trace's warnings: what the answer rests on that the picture cannot show. */
static void warning_lines(struct builder *b, const struct trace_result *r)
{
	for (size_t i = 0; i < r->nwarnings; i++)
		add_mixed(b, "warning: ", r->warnings[i].message, (char *)NULL);
}

/* A chain of hops in a cluster, each box joined to the one before; prev is the box
 * the chain continues from (SIZE_MAX: none) and the first edge gets label and line.
 * Returns the last box (prev when there are no hops). */
static size_t chain(struct builder *b, const char *prefix, const struct trace_hop *hops, size_t n,
		    size_t cluster, size_t prev, const char *label, enum pic_line line,
		    size_t *deciding)
{
	for (size_t i = 0; i < n; i++) {
		char id[48];
		snprintf(id, sizeof(id), "%s%d", prefix, hops[i].n);
		hop_lines(b, &hops[i]);
		size_t k = add_node(b, id, hop_look(&hops[i]), cluster);
		if (hops[i].deciding && deciding)
			*deciding = k;
		if (prev != SIZE_MAX)
			add_edge(b, prev, k, label, line, true);
		prev = k;
		label = NULL;
		line = PIC_SOLID;
	}
	return prev;
}

/* The note beside the deciding hop: the reason, the fix when it says more, the place. */
static void reason_note(struct builder *b, const struct trace_result *r, size_t deciding)
{
	const struct trace_hop *h = NULL;
	for (size_t i = 0; i < r->nhops && !h; i++)
		if (r->hops[i].deciding)
			h = &r->hops[i];
	for (size_t i = 0; i < r->nreturn_hops && !h; i++)
		if (r->return_hops[i].deciding)
			h = &r->return_hops[i];
	add_line(b, vis(b, r->reason_code));
	if (r->reason_message)
		add_wrapped(b, vis(b, r->reason_message));
	if (h && h->hint && (!r->reason_message || !strstr(r->reason_message, h->hint)))
		add_mixed(b, "fix: ", h->hint, (char *)NULL);
	if (h && h->where)
		add_mixed(b, "at ", h->where, (char *)NULL);
	size_t note = add_node(b, "note1", PIC_NOTE, 0);
	add_edge(b, deciding, note, NULL, PIC_DOTTED, false);
}

/* "3.5.0.0/19, 52.217.0.0/16 and 2 more: reachable" */
static const char *branch_label(struct builder *b, const struct trace_split *s)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&buf, &len);
	if (!m)
		abort();
	for (size_t k = 0; k < s->ncidrs && k < MAX_RANGES; k++) {
		fputs(k ? ", " : "", m);
		fputs_escaped(s->cidrs[k], m);
	}
	if (s->ncidrs > MAX_RANGES)
		fprintf(m, " and %zu more", s->ncidrs - MAX_RANGES);
	fprintf(m, ": %s", trace_verdict_name(s->result->verdict));
	if (fclose(m) != 0)
		abort();
	const char *out = arena_strdup(b->p->arena, buf);
	free(buf);
	return out;
}

/* One branch per outcome from the last hop they share (F2.17). */
static void branches(struct builder *b, const struct trace_result *r, size_t shared_last,
		     size_t note)
{
	bool ret = r->reason_leg && !strcmp(r->reason_leg, "return");
	size_t from = r->split_hop >= 1 ? (size_t)r->split_hop - 1 : 0;
	for (size_t i = 0; i < r->nsplits; i++) {
		const struct trace_result *x = r->splits[i].result;
		const char *label = branch_label(b, &r->splits[i]);
		size_t before = b->nodes.len, last = shared_last;
		char prefix[32];
		/* the branch's first edge carries its ranges and verdict */
		if (!ret) {
			size_t skip = x->nhops > from ? from : x->nhops;
			snprintf(prefix, sizeof(prefix), "b%zuf", i + 1);
			last = chain(b, prefix, x->hops + skip, x->nhops - skip, 0, last, label,
				     PIC_SOLID, NULL);
			bool used = b->nodes.len > before;
			snprintf(prefix, sizeof(prefix), "b%zur", i + 1);
			last = chain(b, prefix, x->return_hops, x->nreturn_hops, 0, last,
				     used ? "response" : label, PIC_DASHED, NULL);
		} else {
			size_t skip = x->nreturn_hops > from ? from : x->nreturn_hops;
			snprintf(prefix, sizeof(prefix), "b%zur", i + 1);
			last = chain(b, prefix, x->return_hops + skip, x->nreturn_hops - skip, 0, last,
				     label, PIC_DASHED, NULL);
		}
		if (b->nodes.len > before) {
			/* the branch's first hop is the split hop: where this outcome
			 * leaves the others, noted with the reason */
			struct pic_node *first = (struct pic_node *)b->nodes.items + before;
			first->look = PIC_DECIDING;
			add_edge(b, before, note, NULL, PIC_DOTTED, false);
			label = NULL;
		}
		verdict_line(b, "", x);
		if (x->has_reason)
			add_line(b, vis(b, x->reason_code));
		cost_lines(b, x);
		char id[32];
		snprintf(id, sizeof(id), "b%zux", i + 1);
		size_t out = add_node(b, id, verdict_look(x), 0);
		if (last != SIZE_MAX)
			add_edge(b, last, out, label, PIC_SOLID, true);
	}
}

static const char *title(struct builder *b, const struct trace_result *r)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&buf, &len);
	if (!m)
		abort();
	fputs_escaped(r->src_id ? r->src_id : "-", m);
	if (r->src_ip) {
		fputs(" (", m);
		fputs_escaped(r->src_ip, m);
		fputc(')', m);
	}
	fputs(" -> ", m);
	fputs_escaped(r->q_to ? r->q_to : "-", m);
	if (r->dst_set) {
		fputs(" (any address of ", m);
		fputs_escaped(r->dst_set, m);
		fputc(')', m);
	} else if (r->dst_ip && (!r->q_to || strcmp(r->q_to, r->dst_ip) != 0)) {
		fputs(" (", m);
		fputs_escaped(r->dst_ip, m);
		fputc(')', m);
	}
	fprintf(m, "  %s", r->q_protocol ? r->q_protocol : "-");
	if (r->q_port >= 0)
		fprintf(m, "/%d", r->q_port);
	if (r->q_action) {
		fputs("  ", m);
		fputs_escaped(r->q_action, m);
	}
	if (fclose(m) != 0)
		abort();
	const char *out = arena_strdup(b->p->arena, buf);
	free(buf);
	return out;
}

struct picture *picture_of_trace(const struct trace_result *r)
{
	struct picture *p = xcalloc(1, sizeof(*p));
	p->arena = arena_new();
	if (!p->arena)
		abort();
	struct builder b = { .p = p };
	p->title = title(&b, r);
	bool ret_split = r->nsplits && r->reason_leg && !strcmp(r->reason_leg, "return");
	size_t deciding = SIZE_MAX;
	size_t fwd = add_cluster(&b, "forward", "forward", false);
	size_t last = chain(&b, "f", r->hops, r->nhops, fwd, SIZE_MAX, NULL, PIC_SOLID, &deciding);
	if (r->nreturn_hops) {
		size_t ret = add_cluster(&b, "return", "return", true);
		last = chain(&b, "r", r->return_hops, r->nreturn_hops, ret, last, "response",
			     PIC_DASHED, &deciding);
	}
	if (r->nsplits && last == SIZE_MAX) {
		/* they part at once: the branches start from the source */
		add_line(&b, vis(&b, r->src_id));
		last = add_node(&b, "start", PIC_PASS, fwd);
	}
	if (r->nsplits) {
		/* where the outcomes part: the last box they share is the one that decides */
		add_line(&b, vis(&b, r->reason_code));
		add_fmt(&b, "%zu outcomes; they part at %shop %d", r->nsplits,
			ret_split ? "return " : "", r->split_hop);
		if (r->split_where)
			add_mixed(&b, "at ", r->split_where, (char *)NULL);
		warning_lines(&b, r);
		size_t note = add_node(&b, "note1", PIC_NOTE, 0);
		branches(&b, r, last, note);
	} else {
		if (deciding != SIZE_MAX && r->has_reason)
			reason_note(&b, r, deciding);
		verdict_line(&b, "result: ", r);
		if (r->has_reason && deciding == SIZE_MAX) {
			/* no hop decided it (MISSING_DATA before the first hop, …): the reason
			 * is said here */
			add_line(&b, vis(&b, r->reason_code));
			if (r->reason_message)
				add_wrapped(&b, vis(&b, r->reason_message));
		}
		cost_lines(&b, r);
		warning_lines(&b, r);
		size_t res = add_node(&b, "result", verdict_look(r), 0);
		if (last != SIZE_MAX)
			add_edge(&b, last, res, NULL, PIC_SOLID, true);
	}
	p->nodes = tmpvec_finish(p->arena, &b.nodes, sizeof(struct pic_node));
	p->nnodes = b.nodes.len;
	p->edges = tmpvec_finish(p->arena, &b.edges, sizeof(struct pic_edge));
	p->nedges = b.edges.len;
	p->clusters = tmpvec_finish(p->arena, &b.clusters, sizeof(struct pic_cluster));
	p->nclusters = b.clusters.len;
	return p;
}

void picture_free(struct picture *p)
{
	if (!p)
		return;
	arena_free(p->arena);
	free(p);
}
