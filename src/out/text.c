/* text.c - the text form for people: aligned hop lines, a marked deciding hop with
 * what would have had to be different, then result, cost and compliance lines.
 * Every string that came from an input file is written escaped (names and policies
 * come from untrusted pull requests and must not drive the terminal). */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vpcpath/arena.h"
#include "vpcpath/cost.h"
#include "vpcpath/out.h"
#include "vpcpath/route.h"
#include "vpcpath/rules.h"
#include "vpcpath/util.h"

#define RED "\033[31m"
#define GREEN "\033[32m"
#define YELLOW "\033[33m"
#define BOLD "\033[1m"
#define RESET "\033[0m"

static void put(FILE *f, const char *s)
{
	fputs_escaped(s ? s : "-", f);
}

static void col(FILE *f, const char *s, int width)
{
	put(f, s);
	int n = s ? (int)str_escaped_width(s) : 1;  /* as written, escapes included */
	for (; n < width; n++)
		fputc(' ', f);
}

static void color_on(FILE *f, const struct out_options *o, const char *c)
{
	if (o->color)
		fputs(c, f);
}

static void color_off(FILE *f, const struct out_options *o)
{
	if (o->color)
		fputs(RESET, f);
}

static const char *result_color(enum trace_hop_result r)
{
	return r == HOP_DENY || r == HOP_DROP ? RED : r == HOP_ALLOW ? GREEN : "";
}

static void hop_line(FILE *f, const struct trace_hop *h, int wkind, int wid,
		     const struct out_options *o)
{
	fprintf(f, "%s%2d  ", h->deciding ? "!" : " ", h->n);
	col(f, h->kind, wkind + 2);
	col(f, h->shown ? h->shown : h->id, wid + 2);
	col(f, h->direction ? h->direction : "", 8);
	color_on(f, o, result_color(h->result));
	col(f, trace_hop_result_name(h->result), 7);
	color_off(f, o);
	if (h->has_rule) {
		if (h->rule == 32767)
			fputs("rule *: ", f);
		else
			fprintf(f, "rule %ld: ", h->rule);
	}
	if (h->route_target) {
		put(f, h->route_destination);
		if (h->route_matched && h->route_destination &&
		    strcmp(h->route_matched, h->route_destination) != 0) {
			fputs(" (", f);
			put(f, h->route_matched);
			fputs(")", f);
		}
		fputs(" -> ", f);
		put(f, h->route_target_shown ? h->route_target_shown : h->route_target);
		if (h->detail) {
			fputs("  ", f);
			put(f, h->detail);
		}
	} else if (h->detail) {
		put(f, h->detail);
	}
	if (h->policy_decision) {
		fputs(h->detail || h->route_target ? "  " : "", f);
		fputs("policy ", f);
		put(f, h->policy_decision);
		if (h->policy_by) {
			fputs(" by ", f);
			put(f, h->policy_by);
		}
		if (h->policy_statement) {
			fputs(" (statement ", f);
			put(f, h->policy_statement);
			fputs(")", f);
		}
	}
	fputc('\n', f);
	if ((h->deciding || h->root_cause) && h->hint) {
		fputs("        ", f);
		color_on(f, o, YELLOW);
		fputs("-> ", f);
		put(f, h->hint);
		color_off(f, o);
		fputc('\n', f);
	}
	if (h->deciding && h->policy_explanation) {
		const char *p = h->policy_explanation;
		while (*p) {
			const char *nl = strchr(p, '\n');
			size_t n = nl ? (size_t)(nl - p) : strlen(p);
			char line[512];
			if (n >= sizeof(line))
				n = sizeof(line) - 1;
			memcpy(line, p, n);
			line[n] = '\0';
			fputs("           ", f);
			put(f, line);
			fputc('\n', f);
			p += n + (nl ? 1 : 0);
			if (!nl)
				break;
		}
	}
}

static void widths(const struct trace_hop *hops, size_t n, int *wkind, int *wid)
{
	for (size_t i = 0; i < n; i++) {
		int k = (int)strlen(hops[i].kind);
		const char *id = hops[i].shown ? hops[i].shown : hops[i].id;
		int d = id ? (int)str_escaped_width(id) : 1;
		if (k > *wkind)
			*wkind = k;
		if (d > *wid)
			*wid = d;
	}
}

static void money_line(FILE *f, double v)
{
	char buf[32];
	fputs(out_money(v, buf, sizeof(buf)), f);
}

/* "saves $22.50/month", "costs $0.01/GB more", "costs the same": what taking the
 * alternative instead changes, per month with a volume, else per GB. */
static void saving_words(FILE *f, double saving, const char *unit)
{
	char buf[32];
	if (fabs(saving) < 5e-10) {
		fputs("costs the same", f);
	} else if (saving > 0) {
		fprintf(f, "saves %s%s", out_money(saving, buf, sizeof(buf)), unit);
	} else {
		fprintf(f, "costs %s%s more", out_money(-saving, buf, sizeof(buf)), unit);
	}
}

/* One path the topology also offers, priced per GB and, with a volume, per month. */
static void alternative_line(FILE *f, const struct trace_cost *c, const struct trace_alternative *a)
{
	char gbuf[32];
	fputs("instead     via ", f);
	put(f, a->via);
	fputs(" (", f);
	fputs(out_path_words(a->path), f);
	fputs("): ", f);
	money_line(f, a->per_gb);
	fputs("/GB", f);
	if (c->has_gb) {
		fprintf(f, "; %s GB/month: ", out_gb(c->gb, gbuf, sizeof(gbuf)));
		money_line(f, cost_alternative_monthly(c, a));
		fputs(", ", f);
		saving_words(f, cost_alternative_saving(c, a), "/month");
	} else {
		fputs(", ", f);
		saving_words(f, c->per_gb - a->per_gb, "/GB");
	}
	fputc('\n', f);
}

/* A name whose addresses part ways (F2.17): one line per outcome, with its ranges,
 * its answer and the hop where it leaves the others. */
static void split_lines(FILE *f, const struct trace_result *r, const struct out_options *o)
{
	bool ret = r->reason_leg && !strcmp(r->reason_leg, "return");
	fprintf(f, "depends on the address: the outcomes part at %shop %d\n", ret ? "return " : "",
		r->split_hop);
	for (size_t i = 0; i < r->nsplits; i++) {
		const struct trace_split *s = &r->splits[i];
		const struct trace_result *x = s->result;
		fputs("  ", f);
		for (size_t k = 0; k < s->ncidrs && k < 4; k++) {
			if (k)
				fputs(", ", f);
			put(f, s->cidrs[k]);
		}
		if (s->ncidrs > 4)
			fprintf(f, " and %zu more", s->ncidrs - 4);
		fputs(": ", f);
		color_on(f, o, x->verdict == TRACE_REACHABLE ? GREEN : RED);
		fputs(trace_verdict_name(x->verdict), f);
		color_off(f, o);
		if (x->path && strcmp(x->path, "none") != 0) {
			fputs(" via ", f);
			fputs(out_path_words(x->path), f);
			if (x->via_id) {
				fputc(' ', f);
				put(f, x->via_shown ? x->via_shown : x->via_id);
			}
		}
		if (x->has_reason) {
			fputs(" (", f);
			put(f, x->reason_code);
			fputc(')', f);
		}
		const struct trace_hop *hops = ret ? x->return_hops : x->hops;
		size_t n = ret ? x->nreturn_hops : x->nhops;
		if (r->split_hop >= 1 && (size_t)r->split_hop <= n) {
			const struct trace_hop *h = &hops[r->split_hop - 1];
			fputs("; hop ", f);
			fprintf(f, "%d ", h->n);
			put(f, h->kind);
			fputc(' ', f);
			put(f, h->shown ? h->shown : h->id);
			fputc(' ', f);
			fputs(trace_hop_result_name(h->result), f);
			if (h->route_destination && h->route_target) {
				fputc(' ', f);
				put(f, h->route_destination);
				fputs(" -> ", f);
				put(f, h->route_target_shown ? h->route_target_shown : h->route_target);
			} else if (h->has_rule) {
				fputs(" rule ", f);
				if (h->rule == 32767)
					fputc('*', f);
				else
					fprintf(f, "%ld", h->rule);
			}
		}
		if (x->cost.computed) {
			fputs("; ", f);
			money_line(f, x->cost.per_gb);
			fputs("/GB", f);
			if (x->cost.has_gb) {
				char g[32];
				/* per GB, as the figure before it */
				fprintf(f, " (%s GB/month: ", out_gb(x->cost.gb, g, sizeof(g)));
				money_line(f, x->cost.monthly_total - x->cost.fixed_monthly);
				fputc(')', f);
			}
		}
		if (rules_compliance_word(&x->compliance)) {
			fputs(x->compliance.judged ? "; " : "; compliance ", f);
			fputs(rules_compliance_word(&x->compliance), f);
		}
		fputc('\n', f);
	}
}

/* The compliance line and the rules that fail.  A flow with no path to judge is
 * "not evaluated", and says why (rules.h). */
static void text_compliance(FILE *f, const struct trace_result *r, const struct out_options *o)
{
	if (!r->compliance.evaluated)
		return;
	fputs("compliance  ", f);
	if (!r->compliance.judged) {
		fprintf(f, "%s  (the flow is %s; rules judge the path of a flow that arrives)\n",
			rules_compliance_word(&r->compliance), trace_verdict_name(r->verdict));
		return;
	}
	size_t pass = 0, fail = 0, na = 0, unjudged = 0;
	for (size_t i = 0; i < r->compliance.nrules; i++) {
		enum rule_outcome x = r->compliance.rules[i].result;
		pass += x == RULE_PASS;
		fail += x == RULE_FAIL;
		na += x == RULE_NA;
	}
	for (size_t s = 0; s < r->nsplits; s++)
		unjudged += !r->splits[s].result->compliance.judged;
	color_on(f, o, r->compliance.compliant ? GREEN : RED);
	fputs(rules_compliance_word(&r->compliance), f);
	color_off(f, o);
	fprintf(f, "  (%zu rule%s pass", pass, pass == 1 ? "" : "s");
	if (fail)
		fprintf(f, ", %zu fail", fail);
	if (na)
		fprintf(f, ", %zu n/a", na);
	if (unjudged)  /* a name whose addresses part ways: only those that arrive */
		fputs("; for the addresses that arrive", f);
	fputs(")\n", f);
	for (size_t i = 0; i < r->compliance.nrules; i++) {
		const struct trace_rule_result *rr = &r->compliance.rules[i];
		if (rr->result != RULE_FAIL)
			continue;
		fputs("  ", f);
		color_on(f, o, strcmp(rr->severity, "error") ? YELLOW : RED);
		put(f, rr->severity);
		color_off(f, o);
		fputc(' ', f);
		put(f, rr->id);
		fputs(": ", f);
		put(f, rr->message);
		fputc('\n', f);
	}
}

static void text_trace(FILE *f, const struct trace_result *r, const struct out_options *o)
{
	fputs("vpcpath: ", f);
	put(f, r->src_shown ? r->src_shown : r->src_id);
	if (r->src_ip) {
		fputs(" (", f);
		put(f, r->src_ip);
		fputs(")", f);
	}
	fputs(" -> ", f);
	put(f, r->q_to);
	if (r->dst_set) {
		/* F2.17: every address of the list, not the one traced */
		fputs(" (any address of ", f);
		put(f, r->dst_set);
		if (!r->nsplits && r->dst_ip) {
			/* the hops name the one address traced for all of them */
			fputs(", as ", f);
			put(f, r->dst_ip);
		}
		fputs(")", f);
	} else if (r->dst_ip && (!r->q_to || strcmp(r->q_to, r->dst_ip) != 0)) {
		fputs(" (", f);
		put(f, r->dst_ip);
		fputs(")", f);
	}
	fprintf(f, "  %s", r->q_protocol);
	if (r->q_port >= 0)
		fprintf(f, "/%d", r->q_port);
	if (r->q_action) {
		fputs("  ", f);
		put(f, r->q_action);
	}
	fputc('\n', f);
	int wkind = 8, wid = 6;
	widths(r->hops, r->nhops, &wkind, &wid);
	widths(r->return_hops, r->nreturn_hops, &wkind, &wid);
	for (size_t i = 0; i < r->nhops; i++)
		hop_line(f, &r->hops[i], wkind, wid, o);
	if (r->nreturn_hops) {
		fputs("return:\n", f);
		for (size_t i = 0; i < r->nreturn_hops; i++)
			hop_line(f, &r->return_hops[i], wkind, wid, o);
	}
	if (r->nsplits)
		split_lines(f, r, o);
	fputs("result      ", f);
	color_on(f, o, r->verdict == TRACE_REACHABLE ? GREEN BOLD : RED BOLD);
	fputs(trace_verdict_name(r->verdict), f);
	color_off(f, o);
	if (r->path && strcmp(r->path, "none") != 0) {
		fputs(" via ", f);
		fputs(out_path_words(r->path), f);
		if (r->via_id) {
			fputc(' ', f);
			put(f, r->via_shown ? r->via_shown : r->via_id);
		}
	}
	fputc('\n', f);
	if (r->has_reason) {
		fputs("reason      ", f);
		put(f, r->reason_code);
		fputs(": ", f);
		put(f, r->reason_message);
		fputc('\n', f);
	}
	if (r->cost.computed) {
		char gbuf[32];
		fputs("cost        ", f);
		money_line(f, r->cost.per_gb);
		fputs("/GB", f);
		if (r->cost.fixed_monthly > 0) {
			fputs(" + ", f);
			money_line(f, r->cost.fixed_monthly);
			fputs("/month fixed", f);
		}
		if (r->cost.has_gb) {
			/* the per-GB part first: what the instead lines and check's monthly
			 * figures compare; the resources' fixed charges are added apart */
			fprintf(f, "; %s GB/month: ", out_gb(r->cost.gb, gbuf, sizeof(gbuf)));
			money_line(f, r->cost.monthly_total - r->cost.fixed_monthly);
			if (r->cost.fixed_monthly > 0) {
				fputs(" + ", f);
				money_line(f, r->cost.fixed_monthly);
				fputs(" fixed = ", f);
				money_line(f, r->cost.monthly_total);
			}
		}
		fputc('\n', f);
		for (size_t i = 0; i < r->cost.nalternatives; i++)
			alternative_line(f, &r->cost, &r->cost.alternatives[i]);
	}
	text_compliance(f, r, o);
	for (size_t i = 0; i < r->nwarnings; i++) {
		fputs("warning     ", f);
		if (r->warnings[i].where) {
			put(f, r->warnings[i].where);
			fputs(": ", f);
		}
		put(f, r->warnings[i].message);
		fputc('\n', f);
	}
}

static void text_validate(FILE *f, const char *file, bool valid, const struct diag_list *errors,
			  const struct diag_list *warnings, const struct out_options *o)
{
	(void)errors;
	(void)warnings;
	(void)o;
	/* errors and warnings already went to stderr as FILE:LINE:COL lines */
	if (valid) {
		put(f, file);
		fputs(": valid\n", f);
	}
}

struct propagated_print {
	FILE *f;
	int wd, wt;
};

static void print_propagated(const struct net_prefix *p, const struct topo_gateway *vgw, void *ctx)
{
	struct propagated_print *pp = ctx;
	char buf[NET_PREFIXSTRLEN];
	fputs("  ", pp->f);
	col(pp->f, net_prefix_str(p, buf), pp->wd + 2);
	col(pp->f, vgw->id, pp->wt + 2);
	col(pp->f, "propagated", 12);
	fputs("active\n", pp->f);
}

static void measure_propagated(const struct net_prefix *p, const struct topo_gateway *vgw,
			       void *ctx)
{
	struct propagated_print *pp = ctx;
	char buf[NET_PREFIXSTRLEN];
	int d = (int)strlen(net_prefix_str(p, buf)), tl = (int)str_escaped_width(vgw->id);
	pp->wd = d > pp->wd ? d : pp->wd;
	pp->wt = tl > pp->wt ? tl : pp->wt;
}

/* A route's target as text shows it (topo_display); as written when nothing has it. */
static const char *route_target_shown(const struct topology *t, const struct topo_route *r,
				      struct arena *a)
{
	return r->target.text ? topo_display_name(t, r->target.text, a) : NULL;
}

static void text_routes(FILE *f, const struct topology *t, const struct topo_route_table *const *rts,
			size_t n, const struct out_options *o)
{
	(void)o;
	struct arena *a = arena_new();  /* what topo_display makes */
	for (size_t i = 0; i < n; i++) {
		const struct topo_route_table *rt = rts[i];
		if (i)
			fputc('\n', f);
		fputs("route table ", f);
		const char *shown = topo_display(rt->id, rt->name, a);
		put(f, shown);  /* a made-up id: the Terraform address alone */
		if (rt->name && shown == rt->id) {
			fputs(" (", f);
			put(f, rt->name);
			fputs(")", f);
		}
		fputs(" in ", f);
		put(f, topo_display(rt->vpc->id, rt->vpc->name, a));
		if (rt->is_main)
			fputs(", main", f);
		fputs("\n  subnets:", f);
		int ns = 0;
		for (size_t s = 0; s < rt->vpc->nsubnets; s++)
			if (rt->vpc->subnets[s].route_table == rt) {
				fputc(' ', f);
				put(f, topo_display(rt->vpc->subnets[s].id, rt->vpc->subnets[s].name, a));
				ns++;
			}
		if (!ns)
			fputs(" none", f);
		fputc('\n', f);
		int wd = 11, wt = 6;
		for (size_t k = 0; k < rt->nroutes; k++) {
			char buf[64];
			int d = (int)str_escaped_width(route_dest_str(&rt->routes[k], buf, sizeof(buf)));
			const char *target = route_target_shown(t, &rt->routes[k], a);
			int tl = target ? (int)str_escaped_width(target) : 1;
			wd = d > wd ? d : wd;
			wt = tl > wt ? tl : wt;
		}
		struct propagated_print widths_pp = { f, wd, wt };
		route_for_each_propagated(t, rt, measure_propagated, &widths_pp);
		wd = widths_pp.wd;
		wt = widths_pp.wt;
		fputs("  ", f);
		col(f, "DESTINATION", wd + 2);
		col(f, "TARGET", wt + 2);
		fputs("ORIGIN      STATE\n", f);
		for (size_t k = 0; k < rt->nroutes; k++) {
			const struct topo_route *r = &rt->routes[k];
			char buf[64];
			fputs("  ", f);
			col(f, route_dest_str(r, buf, sizeof(buf)), wd + 2);
			col(f, route_target_shown(t, r, a), wt + 2);
			col(f, route_origin_name(r->origin), 12);
			fputs(r->blackhole ? "blackhole" : "active", f);
			if (r->dest_is_prefix_list && r->dest_pl.ptr) {
				const struct topo_prefix_list *pl = r->dest_pl.ptr;
				fprintf(f, "  (%zu CIDRs", pl->cidrs.len);
				if (pl->name) {
					fputs(", ", f);
					put(f, pl->name);
				}
				fputs(")", f);
			}
			fputc('\n', f);
		}
		struct propagated_print pp = { f, wd, wt };
		route_for_each_propagated(t, rt, print_propagated, &pp);
		char *unknown = route_unknown_note(t, rt);
		if (unknown) {
			fputs("  unknown: ", f);
			put(f, unknown);
			fputc('\n', f);
			free(unknown);
		}
	}
	arena_free(a);
}

const struct output out_text = { "text", text_trace, text_validate, text_routes };
