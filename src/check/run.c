/* run.c - check_run(): trace every assertion, apply cost and rules, aggregate the
 * failures into located findings (check.h).  The flows: assertions are traced here;
 * all_pairs selects its sources and destinations and traces its cells in pairs.c, on
 * several processes in parallel.c; both make their findings with the functions here. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "check-int.h"
#include "vpcpath/arena.h"
#include "vpcpath/origins.h"
#include "vpcpath/out.h"
#include "vpcpath/util.h"

/* ---- helpers shared with the renderers ---- */

size_t check_rule_count(void)
{
	size_t n = 0;
	while (rules_builtin_ids[n])
		n++;
	return n;
}

int check_rule_index(const char *id)
{
	for (int i = 0; id && rules_builtin_ids[i]; i++)  /* rules_apply's ids are these */
		if (rules_builtin_ids[i] == id)
			return i;
	for (int i = 0; id && rules_builtin_ids[i]; i++)
		if (!strcmp(rules_builtin_ids[i], id))
			return i;
	return -1;
}

char *check_render_trace(const struct trace_result *r, bool json)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	if (!f)
		return xstrdup("");
	struct out_options oo = { .color = false, .compact = true };
	(json ? &out_json : &out_text)->trace(f, r, &oo);
	if (fclose(f) != 0 || !buf) {
		free(buf);
		return xstrdup("");
	}
	return buf;
}

const char *check_count_str(size_t n, char *buf, size_t len)
{
	char tmp[32];
	int k = snprintf(tmp, sizeof(tmp), "%zu", n);
	size_t o = 0;
	for (int i = 0; i < k && o + 1 < len; i++) {
		if (i > 0 && (k - i) % 3 == 0 && o + 2 < len)
			buf[o++] = ',';
		buf[o++] = tmp[i];
	}
	buf[o] = '\0';
	return buf;
}

const char *check_outcome_str(const struct check_outcome *o, char *buf, size_t len)
{
	if (o->error) {
		snprintf(buf, len, "not traceable");
		return buf;
	}
	size_t n = (size_t)snprintf(buf, len, "%s", trace_verdict_name(o->verdict));
	if (o->reason && n < len)
		n += (size_t)snprintf(buf + n, len - n, " (%s)", o->reason);
	if (o->path && strcmp(o->path, "none") != 0 && n < len)
		n += (size_t)snprintf(buf + n, len - n, " via %s", o->path);
	/* a flow that does not arrive moves no data (check_outcome_moves): no price, as
	 * the markdown report shows "– (denied)" */
	if (check_outcome_moves(o) && n < len) {
		char m[32];
		n += (size_t)snprintf(buf + n, len - n, ", %s/GB", out_money(o->per_gb, m, sizeof(m)));
	}
	if (o->rules_evaluated && n < len) {
		n += (size_t)snprintf(buf + n, len - n, ", %s%s", o->compliant || o->errors_failed ?
				      "" : "compliance ", check_outcome_compliance(o));
		/* the failed rules: errors ("fails"), then warnings ("warns") */
		const char *sep = " (";
		for (int pass = 0; pass < 2; pass++) {
			bool first = true;
			for (int i = 0; rules_builtin_ids[i] && n < len; i++) {
				bool err = o->errors_failed & (1u << i);
				if (!(o->rules_failed & (1u << i)) || err != (pass == 0))
					continue;
				n += (size_t)snprintf(buf + n, len - n, "%s%s%s", first ? sep : ", ",
						      first ? (pass ? "warns " : "fails ") : "",
						      rules_builtin_ids[i]);
				first = false;
				sep = "; ";
			}
		}
		if (strcmp(sep, " (") != 0 && n < len)
			snprintf(buf + n, len - n, ")");
	}
	return buf;
}

/* ---- the run's state (struct run: check-int.h) ---- */

const char *intern(struct run *run, const char *s)
{
	if (!s)
		return NULL;
	size_t i = bytemap_get_or_add(run->strings, s, strlen(s), run->nstrs, NULL);
	if (i == run->nstrs) {
		if (run->nstrs == run->capstrs) {
			run->capstrs = run->capstrs ? run->capstrs * 2 : 64;
			run->strs = xrealloc(run->strs, run->capstrs * sizeof(*run->strs));
		}
		run->strs[run->nstrs++] = arena_strdup(run->r->arena, s);
	}
	return run->strs[i];
}

static const char *dup_free(struct run *run, char *s)
{
	const char *c = arena_strdup(run->r->arena, s ? s : "");
	free(s);
	return c;
}

static double seconds_since(const struct timespec *a)
{
	struct timespec b;
	clock_gettime(CLOCK_MONOTONIC, &b);
	return (double)(b.tv_sec - a->tv_sec) + (double)(b.tv_nsec - a->tv_nsec) / 1e9;
}

/* A progress line on stderr (a terminal) once the run has taken more than a second. */
static void progress(struct run *run)
{
	run->done++;
	if (!run->progress || (run->done & 255) != 0)
		return;
	if (seconds_since(&run->start) < 1.0 || seconds_since(&run->last) < 0.2)
		return;
	clock_gettime(CLOCK_MONOTONIC, &run->last);
	size_t done = run->done * (run->total_scale ? run->total_scale : 1);
	if (done > run->total)
		done = run->total;
	char a[32], b[32];
	fprintf(stderr, "\rvpcpath check: traced %s of %s flows (%zu%%)",
		check_count_str(done, a, sizeof(a)), check_count_str(run->total, b, sizeof(b)),
		run->total ? done * 100 / run->total : 100);
	fflush(stderr);
	run->shown = true;
}

static void progress_end(struct run *run)
{
	if (run->shown) {
		fprintf(stderr, "\r%72s\r", "");
		fflush(stderr);
	}
}

/* ---- locations ---- */

const char *loc_of(struct run *run, struct topo_loc loc)
{
	return topo_where(run->t, loc, run->r->arena);
}

/* The places of source i and destination m, formatted once. */
static const char *source_loc(struct run *run, size_t i)
{
	if (!run->source_where[i])
		run->source_where[i] = loc_of(run, run->r->sources[i]->loc);
	return run->source_where[i];
}

static const char *dest_loc(struct run *run, size_t m)
{
	if (!run->dest_where[m])
		run->dest_where[m] = loc_of(run, run->r->dests[m].loc);
	return run->dest_where[m];
}

static const char *object_where(struct run *run, const char *id)
{
	if (!id)
		return NULL;
	enum topo_kind kind;
	const void *obj = topo_find_id(run->t, id, &kind);
	if (!obj)
		return NULL;
	return loc_of(run, topo_object_loc(kind, obj));
}

/* The bucket or table the flow goes to, from its service hop or its query. */
static const struct topo_bucket *dest_decl(struct run *run, const struct trace_result *tr)
{
	const char *to = tr->q_to;
	char name[256];
	bool s3 = to && !strncmp(to, "s3://", 5), ddb = to && !strncmp(to, "dynamodb://", 11);
	if (!s3 && !ddb)
		return NULL;
	const char *p = to + (s3 ? 5 : 11);
	size_t n = strcspn(p, "/");
	if (n >= sizeof(name))
		return NULL;
	memcpy(name, p, n);
	name[n] = '\0';
	return s3 ? topo_find_bucket(run->t, name) : topo_find_table(run->t, name);
}

static const char *route_where(const struct trace_result *tr)
{
	for (size_t i = 0; i < tr->nhops; i++)
		if (!strcmp(tr->hops[i].kind, "route-table") && tr->hops[i].where)
			return tr->hops[i].where;
	return NULL;
}

/* The resource at fault when the assertion fails: the deciding hop, else the route that
 * carried the flow (a path or cost that is not the expected one). */
const char *fault_where(struct run *run, const struct trace_result *tr)
{
	const struct trace_hop *lists[2] = { tr->hops, tr->return_hops };
	size_t lens[2] = { tr->nhops, tr->nreturn_hops };
	if (tr->split_where)  /* DEPENDS_ON_ADDRESS: what parts the name's addresses */
		return tr->split_where;
	/* the root cause before the hop that decided: a policy that denies a request for
	 * not coming through the endpoint that the route table passes by is right to; the
	 * route table is what to change (and flows failing for it are one fault) */
	for (size_t i = 0; i < tr->nhops; i++)
		if (tr->hops[i].root_cause && tr->hops[i].where)
			return tr->hops[i].where;
	for (size_t l = 0; l < 2; l++)
		for (size_t i = 0; i < lens[l]; i++)
			if (lists[l][i].deciding) {
				if (lists[l][i].where)
					return lists[l][i].where;
				const char *w = object_where(run, lists[l][i].id);
				if (w)
					return w;
			}
	return route_where(tr);
}

/* The resource at fault when a compliance rule fails. */
const char *rule_where(struct run *run, const struct trace_result *tr, const char *id)
{
	/* DEPENDS_ON_ADDRESS: the place is the failing outcome's (F2.17) */
	for (size_t s = 0; s < tr->nsplits; s++) {
		const struct trace_result *x = tr->splits[s].result;
		for (size_t i = 0; i < x->compliance.nrules; i++)
			if (!strcmp(x->compliance.rules[i].id, id) &&
			    x->compliance.rules[i].result == RULE_FAIL)
				return rule_where(run, x, id);
	}
	if (!strcmp(id, "endpoint-policy-scoped")) {
		enum topo_kind kind;
		const struct topo_endpoint *ep = tr->via_id ? topo_find_id(run->t, tr->via_id, &kind) : NULL;
		if (ep && kind == TOPO_ENDPOINT)
			return loc_of(run, ep->policy ? ep->policy->loc : ep->loc);
	}
	if (!strcmp(id, "resource-pinned-to-endpoint") || !strcmp(id, "same-region") ||
	    !strcmp(id, "same-az")) {
		const struct topo_bucket *b = dest_decl(run, tr);
		return b ? loc_of(run, b->policy && !strcmp(id, "resource-pinned-to-endpoint") ?
					       b->policy->loc : b->loc) : NULL;
	}
	if (!strcmp(id, "tls-only"))
		return NULL;
	return route_where(tr);
}

static void split_where(struct check_finding *f, const struct topology *t, struct arena *a)
{
	if (!f->where)
		return;
	/* an imported topology's place: its parts are known (origins.h) */
	const struct import_origin *o = import_origin_of_where(t->origins, f->where);
	if (o) {
		f->where_file = o->file;
		f->line = o->line;
		f->col = o->col;
		f->where_resource = o->resource;
		return;
	}
	const char *c2 = strrchr(f->where, ':');
	if (!c2 || c2 == f->where)
		return;
	const char *c1 = c2 - 1;
	while (c1 > f->where && *c1 != ':')
		c1--;
	long line, col;
	char lb[24];
	size_t ll = (size_t)(c2 - c1 - 1);
	if (*c1 != ':' || ll == 0 || ll >= sizeof(lb))
		return;
	memcpy(lb, c1 + 1, ll);
	lb[ll] = '\0';
	if (!str_to_long(lb, 1, 1L << 30, &line) || !str_to_long(c2 + 1, 1, 1L << 30, &col))
		return;
	f->where_file = arena_strndup(a, f->where, (size_t)(c1 - f->where));
	f->line = (unsigned)line;
	f->col = (unsigned)col;
}

/* ---- outcomes and assertions ---- */

void outcome_of(struct run *run, const struct trace_result *tr, struct check_outcome *o)
{
	memset(o, 0, sizeof(*o));
	o->verdict = tr->verdict;
	o->reason = tr->has_reason ? intern(run, tr->reason_code) : NULL;
	o->path = intern(run, tr->path);
	o->cost_computed = tr->cost.computed;
	o->per_gb = tr->cost.computed ? tr->cost.per_gb : 0;
	o->rules_evaluated = tr->compliance.evaluated;
	o->compliant = !tr->compliance.evaluated || tr->compliance.compliant;
	for (size_t i = 0; i < tr->compliance.nrules; i++) {
		const struct trace_rule_result *rr = &tr->compliance.rules[i];
		if (rr->result != RULE_FAIL)
			continue;
		int k = check_rule_index(rr->id);
		if (k < 0)
			continue;
		o->rules_failed |= 1u << k;
		if (rr->severity && !strcmp(rr->severity, "error"))
			o->errors_failed |= 1u << k;
	}
}

/* Fills the assertion's parts of o; returns what failed ("" when it holds). */
const char *judge(struct run *run, const struct trace_result *tr, const struct check_expect *e,
		  struct check_outcome *o)
{
	o->verdict_ok = tr->verdict == e->verdict;
	o->path_ok = !e->path || (tr->path && !strcmp(tr->path, e->path));
	o->cost_ok = true;
	if (e->has_max_cost)
		o->cost_ok = tr->cost.computed ? tr->cost.per_gb <= e->max_cost_per_gb + 1e-12 :
						 tr->verdict != TRACE_REACHABLE;
	if (o->verdict_ok && o->path_ok && o->cost_ok)
		return "";
	if (tr->brief)  /* the finding's message comes from a full trace (add_pair) */
		return "the assertion does not hold";
	char buf[1400];
	size_t n = 0;
	buf[0] = '\0';
	if (!o->verdict_ok) {
		n += (size_t)snprintf(buf + n, sizeof(buf) - n, "expected %s, got %s",
				      trace_verdict_name(e->verdict), trace_verdict_name(tr->verdict));
		if (tr->has_reason && n < sizeof(buf)) {
			n += (size_t)snprintf(buf + n, sizeof(buf) - n, " (%s): %s", tr->reason_code,
					      tr->reason_message ? tr->reason_message : "");
			/* the change that fixes it, where the finding is placed (fault_where) */
			for (size_t i = 0; i < tr->nhops && n < sizeof(buf); i++)
				if (tr->hops[i].root_cause && tr->hops[i].hint)
					n += (size_t)snprintf(buf + n, sizeof(buf) - n, "; %s",
							      tr->hops[i].hint);
		} else if (tr->verdict == TRACE_REACHABLE && n < sizeof(buf))
			n += (size_t)snprintf(buf + n, sizeof(buf) - n, " via %s%s%s", tr->path,
					      tr->via_id ? " " : "", tr->via_id ? trace_via_text(tr) : "");
	}
	if (!o->path_ok && n < sizeof(buf))
		n += (size_t)snprintf(buf + n, sizeof(buf) - n, "%sexpected path %s, got %s%s%s",
				      n ? "; " : "", e->path, tr->path ? tr->path : "none",
				      tr->via_id ? " through " : "", tr->via_id ? trace_via_text(tr) : "");
	if (!o->cost_ok && n < sizeof(buf)) {
		char have[32], max[32];
		if (tr->cost.computed)
			n += (size_t)snprintf(buf + n, sizeof(buf) - n,
					      "%s%s/GB exceeds max_cost_per_gb %s", n ? "; " : "",
					      out_money(tr->cost.per_gb, have, sizeof(have)),
					      out_money(e->max_cost_per_gb, max, sizeof(max)));
		else
			n += (size_t)snprintf(buf + n, sizeof(buf) - n,
					      "%sno cost could be computed for max_cost_per_gb", n ? "; " : "");
		if (tr->cost.computed && tr->cost.has_gb && n < sizeof(buf)) {
			char g[32];
			n += (size_t)snprintf(buf + n, sizeof(buf) - n, " (for %s GB a month: %s "
					      "against %s)", out_gb(tr->cost.gb, g, sizeof(g)),
					      out_money(tr->cost.per_gb * tr->cost.gb, have, sizeof(have)),
					      out_money(e->max_cost_per_gb * tr->cost.gb, max, sizeof(max)));
		}
		for (size_t i = 0; i < tr->cost.nalternatives && n < sizeof(buf); i++)
			if (tr->cost.alternatives[i].per_gb <= e->max_cost_per_gb + 1e-12) {
				const struct trace_alternative *alt = &tr->cost.alternatives[i];
				n += (size_t)snprintf(buf + n, sizeof(buf) - n, " (%s %s would cost %s/GB",
						      alt->path, alt->via ? alt->via : "",
						      out_money(alt->per_gb, have, sizeof(have)));
				if (tr->cost.has_gb && n < sizeof(buf))
					n += (size_t)snprintf(buf + n, sizeof(buf) - n, ", saving %s a month",
							      out_money(cost_alternative_saving(&tr->cost, alt),
									have, sizeof(have)));
				if (n < sizeof(buf))
					n += (size_t)snprintf(buf + n, sizeof(buf) - n, ")");
				break;
			}
	}
	return arena_strdup(run->r->arena, buf);
}

/* ---- findings ---- */

struct check_finding *finding(struct run *run, const char *key, size_t klen, bool *added)
{
	size_t i = bytemap_get_or_add(run->fkeys, key, klen, run->nf, added);
	if (*added) {
		if (run->nf == run->capf) {
			run->capf = run->capf ? run->capf * 2 : 64;
			run->f = xrealloc(run->f, run->capf * sizeof(*run->f));
			run->acc = xrealloc(run->acc, run->capf * sizeof(*run->acc));
			run->keys = xrealloc(run->keys, run->capf * sizeof(*run->keys));
		}
		memset(&run->f[run->nf], 0, sizeof(run->f[0]));
		run->acc[run->nf] = (struct finding_acc){ .last_group = SIZE_MAX };
		run->keys[run->nf] = (struct keybuf){ 0 };
		keybuf_put(&run->keys[run->nf], key, klen);
		run->nf++;
	}
	return &run->f[i];
}

static void finding_trace(struct run *run, struct check_finding *f, const struct trace_result *tr)
{
	enum check_trace_forms forms = run->o->example_traces;
	if (forms == CHECK_TRACES_BOTH || forms == CHECK_TRACES_TEXT)
		f->trace_text = dup_free(run, check_render_trace(tr, false));
	if (forms == CHECK_TRACES_BOTH || forms == CHECK_TRACES_JSON)
		f->trace_doc = out_json_trace_doc(tr);
	/* a made-up id names nothing a user wrote: the example names the source by its
	 * Terraform address, which --from accepts too (review s6 M10) */
	bool by_id = tr->src_id && tr->q_from && !strcmp(tr->q_from, tr->src_id);
	f->example_from = arena_strdup(run->r->arena,
				       by_id && tr->src_shown ? tr->src_shown : tr->q_from);
	f->example_to = arena_strdup(run->r->arena, tr->q_to);
}

/* ---- identities: what --baseline matches findings by ----
 *
 * A finding's place (FILE:LINE:COL) moves whenever lines are added above it, so two
 * runs on two versions of a topology match their findings by what they are about
 * instead: the rule, and the flow (its name, else its source, destination, action
 * and port) or, in all_pairs, the resource at fault by id, the path, the destination
 * when the finding is about one, and for an assertion the verdict and reason: what
 * keeps findings apart in a run (pair_key) but places.
 *
 * An all_pairs identity is "SUBJECT @ DETAILS": the subject (the rule, and the
 * destination when the finding is about one) is what the finding is about, the
 * details (the resource at fault, verdict, path) how it fails.  A change moves the
 * path, so check_diff matches findings whose whole identity differs by their subject
 * (CHECK_IDENTITY_DETAILS): the same finding, changed, never new and fixed at once. */

/* The id of the resource a trace places at where: the hop that carries that place (a
 * route as its table and destination); NULL when no hop does. */
static const char *fault_id(struct run *run, const struct trace_result *tr, const char *where)
{
	if (!tr || !where)
		return NULL;
	const struct trace_hop *lists[2] = { tr->hops, tr->return_hops };
	size_t lens[2] = { tr->nhops, tr->nreturn_hops };
	if (tr->split_where)  /* DEPENDS_ON_ADDRESS: what parts the name's addresses */
		return tr->split_where;
	for (size_t l = 0; l < 2; l++)
		for (size_t i = 0; i < lens[l]; i++) {
			const struct trace_hop *h = &lists[l][i];
			const char *w = h->where;
			if (!w && h->deciding)
				w = object_where(run, h->id);
			if (!w || strcmp(w, where) != 0 || !h->id)
				continue;
			if (h->route_destination)
				return arena_concat(run->r->arena, h->id, " ", h->route_destination, NULL);
			return h->id;
		}
	return NULL;
}

/* The resource a finding names as its fault (check_finding.fault), in the report's
 * arena: the hop at where (fault_id), else the destination's declaration or its
 * policy, else the source's; NULL when none is at where. */
static const char *fault_name(struct run *run, const struct trace_result *tr, const char *where)
{
	const char *at = fault_id(run, tr, where);
	if (!at && tr && where) {
		const struct topo_bucket *b = dest_decl(run, tr);
		const char *w = b ? loc_of(run, b->loc) : NULL;
		const char *wp = b && b->policy ? loc_of(run, b->policy->loc) : NULL;
		const char *ws = object_where(run, tr->src_id);
		if ((w && !strcmp(w, where)) || (wp && !strcmp(wp, where)))
			at = b->name;
		else if (ws && !strcmp(ws, where))
			at = tr->src_id;
	}
	return at ? arena_strdup(run->r->arena, at) : NULL;
}

/* The parts given (up to a NULL) that are not NULL or empty, joined by " | ". */
static const char *identity_of(struct arena *a, ...) __attribute__((sentinel));
static const char *identity_of(struct arena *a, ...)
{
	char buf[1024];
	size_t n = 0;
	va_list ap;
	va_start(ap, a);
	for (const char *p; (p = va_arg(ap, const char *));)
		if (*p && n < sizeof(buf))
			n += (size_t)snprintf(buf + n, sizeof(buf) - n, "%s%s", n ? " | " : "", p);
	va_end(ap);
	return arena_strdup(a, buf);
}

static const char *flow_identity(struct run *run, size_t flow, const char *rule)
{
	const struct check_flow *fl = &run->r->a->flows[flow - 1];
	char port[24] = "";
	if (fl->port >= 0)
		snprintf(port, sizeof(port), "port %d", fl->port);
	if (fl->name)
		return identity_of(run->r->arena, "flow", fl->name, rule, NULL);
	return identity_of(run->r->arena, "flow", fl->from, fl->to, fl->action ? fl->action : "",
			   port, rule, NULL);
}

/* dest: the destination the finding is about alone, or SIZE_MAX.  It is not written in
 * the identity: whether a finding is about one member of a destination group depends on
 * the grouping, which two versions of a topology may not share; its own place (at)
 * names it then. */
static const char *pairs_identity(struct run *run, enum check_finding_kind kind, const char *rule,
				  const char *where, const struct trace_result *tr,
				  const struct check_outcome *o, size_t cls, size_t dest)
{
	const struct check_report *r = run->r;
	const char *at = fault_id(run, tr, where);
	const struct check_destination *d = &r->dests[dest == SIZE_MAX ? r->class_rep[cls] : dest];
	if (!at && where && tr && tr->src_id) {  /* the source itself */
		const char *w = object_where(run, tr->src_id);
		if (w && !strcmp(w, where))
			at = tr->src_id;
	}
	if (!at && where) {  /* the destination's declaration */
		const char *w = loc_of(run, d->loc);
		if (w && !strcmp(w, where))
			at = d->uri;
	}
	if (!at)  /* no resource to name: the place itself (new when lines move) */
		at = where ? where : d->uri;
	const char *verdict = "";
	if (kind == CHECK_ASSERTION)
		verdict = o->error ? "error" : arena_concat(r->arena, trace_verdict_name(o->verdict),
							    " ", o->reason ? o->reason : "", NULL);
	/* the subject: what the finding is about; the details (the place, the verdict and
	 * the path) may change with the change that is being judged */
	return arena_concat(r->arena, identity_of(r->arena, "all-pairs", rule, NULL),
			    CHECK_IDENTITY_DETAILS, identity_of(r->arena, at, verdict, o->error ||
			    !o->path ? "" : o->path, NULL), NULL);
}

/* A finding for one flow of flows: (index flow, 1-based). */
static void flow_finding(struct run *run, size_t flow, enum check_finding_kind kind,
			 const char *rule, bool error, const char *message, const char *where,
			 const struct trace_result *tr)
{
	char key[64];
	int kl = snprintf(key, sizeof(key), "flow %zu %s", flow, rule);
	bool added;
	struct check_finding *f = finding(run, key, (size_t)kl, &added);
	f->kind = kind;
	f->rule_id = rule;
	f->error = error;
	f->message = arena_strdup(run->r->arena, message);
	f->where = where ? arena_strdup(run->r->arena, where) : NULL;
	f->fault = fault_name(run, tr, where);
	f->flow = flow;
	f->identity = flow_identity(run, flow, rule);
	f->pairs = 1;
	f->instances = 1;
	f->destinations = 1;
	f->groups = 1;
	const struct check_flow_result *fr = &run->r->flows[flow - 1];
	if (tr && (fr->trace_text || fr->trace_json)) {
		/* the flow's own rendering, shared: a flow failing four ways holds its
		 * trace once (10,000 failing flows once took 1.8 GB as a tree each) */
		f->trace_text = fr->trace_text;
		f->trace_json = fr->trace_json;
		/* a made-up id names nothing a user wrote: the example names the source by its
	 * Terraform address, which --from accepts too (review s6 M10) */
	bool by_id = tr->src_id && tr->q_from && !strcmp(tr->q_from, tr->src_id);
	f->example_from = arena_strdup(run->r->arena,
				       by_id && tr->src_shown ? tr->src_shown : tr->q_from);
		f->example_to = arena_strdup(run->r->arena, tr->q_to);
	} else if (tr) {
		finding_trace(run, f, tr);
	} else {
		const struct check_flow *fl = &run->r->a->flows[flow - 1];
		f->example_from = fl->from;
		f->example_to = fl->to;
	}
}

/* The key of an all_pairs finding: the same failure at the same place. */
static void pair_key(struct keybuf *kb, enum check_finding_kind kind, const char *rule,
		     const char *where, const struct check_outcome *o, size_t cls, const char *message)
{
	if (o->error) {  /* not traced: the same message */
		keybuf_str(kb, "error");
		keybuf_str(kb, message);
		return;
	}
	keybuf_u64(kb, kind);
	keybuf_str(kb, rule);
	keybuf_str(kb, where);
	if (kind == CHECK_ASSERTION) {  /* a rule fails for the path, whatever the verdict */
		keybuf_u64(kb, o->verdict);
		keybuf_str(kb, o->reason);
	}
	keybuf_str(kb, o->path);
	if (!where)  /* without a place, keep different destinations apart */
		keybuf_u64(kb, cls);
}

/* The message a trace gives for a finding of this kind and rule. */
static const char *finding_message(struct run *run, const struct trace_result *tr,
				   enum check_finding_kind kind, const char *rule,
				   const struct check_expect *e, const char *fallback)
{
	if (kind == CHECK_ASSERTION) {
		struct check_outcome o2;
		const char *m = judge(run, tr, e, &o2);
		return *m ? m : fallback;
	}
	for (size_t i = 0; i < tr->compliance.nrules; i++)
		if (!strcmp(tr->compliance.rules[i].id, rule) && tr->compliance.rules[i].message)
			return tr->compliance.rules[i].message;
	return fallback;
}

/* The all_pairs query of a cell, traced in full (for a finding's example). */
static struct trace_result *trace_full(struct run *run, const char *from, const char *to)
{
	struct trace_query q = { .from = from, .to = to, .protocol = TOPO_PROTO_TCP, .port = -1,
				 .icmp_type = -1, .icmp_code = -1, .source_port = -1,
				 .memo = run->memo,
				 .now = run->o->now };
	struct diag_list d = { 0 };
	struct trace_result *tr = trace_one(run, &q, &d);
	diag_list_clear(&d);
	const struct check_expect *e = &run->r->a->all_pairs.expect;
	cost_set_volume(tr, e->has_gb ? e->gb_per_month : -1);  /* each pair's volume */
	return tr;
}

/* The finding of a failure of cell (grp, cls) at place where (see pair_key); a new one
 * takes message, where and the example trace tr (a brief trace is traced again in full
 * for it, and the message taken from that: the report shows both).  dest: the one
 * destination of the cell the finding is about, or SIZE_MAX for all of them. */
static size_t finding_index(struct run *run, enum check_finding_kind kind, const char *rule,
			    bool error, const char *message, const char *where,
			    const struct trace_result *tr, const struct check_outcome *o, size_t grp,
			    size_t cls, size_t dest)
{
	struct check_report *r = run->r;
	run->kb.len = 0;
	pair_key(&run->kb, kind, rule, where, o, cls, message);
	bool added;
	struct check_finding *f = finding(run, (const char *)run->kb.p, run->kb.len, &added);
	size_t fi = (size_t)(f - run->f);
	if (!added)
		return fi;
	f->kind = kind;
	f->rule_id = rule;
	f->error = error;
	f->message = arena_strdup(r->arena, message);
	f->where = where ? arena_strdup(r->arena, where) : NULL;
	f->dest = dest == SIZE_MAX ? 0 : dest + 1;
	f->fault = fault_name(run, tr, where);
	f->identity = pairs_identity(run, kind, rule, where, tr, o, cls, dest);
	struct trace_result *full = tr && tr->brief ? trace_full(run, tr->q_from, tr->q_to) : NULL;
	if (full) {
		f->message = arena_strdup(r->arena, finding_message(run, full, kind, rule,
								   &r->a->all_pairs.expect, message));
		finding_trace(run, f, full);
		trace_result_free(full);
	} else if (tr) {
		finding_trace(run, f, tr);
	} else {
		f->example_from = r->groups[grp].rep->id;
		f->example_to = r->dests[r->class_rep[cls]].uri;
	}
	run->acc[fi].all_pairs = true;
	if (dest != SIZE_MAX)
		f->destinations = 1;
	return fi;
}

/* Counts the flows of cell (grp, cls) into finding fi.  dest: as for finding_index;
 * one: the finding is about the group's representative alone (a place of its own). */
static void count_pair(struct run *run, size_t fi, size_t grp, size_t cls, size_t dest, bool one)
{
	struct check_report *r = run->r;
	struct check_finding *f = &run->f[fi];
	struct finding_acc *acc = &run->acc[fi];
	size_t members = one ? 1 : r->groups[grp].members;
	f->pairs += members * (dest == SIZE_MAX ? r->class_members[cls] : 1);
	if (acc->last_group != grp) {
		acc->last_group = grp;
		f->groups++;
		f->instances += members;
	}
	if (class_set_add(&acc->classes, cls) && dest == SIZE_MAX)
		f->destinations += r->class_members[cls];
}

void add_pair(struct run *run, enum check_finding_kind kind, const char *rule, bool error,
	      const char *message, const char *where, const struct trace_result *tr,
	      const struct check_outcome *o, size_t grp, size_t cls, size_t dest, bool one)
{
	size_t fi = finding_index(run, kind, rule, error, message, where, tr, o, grp, cls, dest);
	count_pair(run, fi, grp, cls, dest, one);
}

/* The findings of the members of destination group cls for a failure at each member's
 * own place: one per member (in dest_next order), found or made the first time a
 * group fails so, then reused: every group failing the same way has the same ones. */
static const size_t *member_findings(struct run *run, enum check_finding_kind kind,
				     const char *rule, bool error, const char *message,
				     const char *where, const struct trace_result *tr,
				     const struct check_outcome *o, size_t grp, size_t cls)
{
	struct check_report *r = run->r;
	struct keybuf key = { 0 };
	keybuf_u64(&key, kind);
	keybuf_ptr(&key, rule);     /* static strings */
	keybuf_u64(&key, cls);
	keybuf_u64(&key, o->verdict);
	keybuf_ptr(&key, o->reason);  /* interned */
	keybuf_ptr(&key, o->path);    /* interned */
	size_t set = bytemap_get_or_add(run->member_sets, key.p, key.len,
					  run->nmember_findings, NULL);
	free(key.p);
	if (set < run->nmember_findings)
		return run->member_findings[set];
	size_t n = 0;
	for (size_t m = r->class_rep[cls]; m != SIZE_MAX; m = run->dest_next[m])
		n++;
	size_t *fis = xmalloc(n * sizeof(*fis)), k = 0;
	const struct check_group *g = &r->groups[grp];
	for (size_t m = r->class_rep[cls]; m != SIZE_MAX; m = run->dest_next[m], k++) {
		if (m == r->class_rep[cls]) {
			fis[k] = finding_index(run, kind, rule, error, message, where, tr, o, grp, cls, m);
			continue;
		}
		const char *wm = dest_loc(run, m);
		run->kb.len = 0;
		pair_key(&run->kb, kind, rule, wm, o, cls, message);
		size_t idx;
		struct trace_result *t2 = NULL;
		if (!bytemap_find(run->fkeys, run->kb.p, run->kb.len, &idx)) {
			/* a new finding: its example is this member's own flow */
			struct trace_query q = { .from = g->rep->id, .to = r->dests[m].uri,
						 .protocol = TOPO_PROTO_TCP, .port = -1, .icmp_type = -1,
						 .icmp_code = -1, .source_port = -1, .brief = true,
						 .memo = run->memo,
						 .now = run->o->now };
			struct diag_list d = { 0 };
			t2 = trace_one(run, &q, &d);
			diag_list_clear(&d);
		}
		fis[k] = finding_index(run, kind, rule, error, message, wm, t2 ? t2 : tr, o, grp, cls, m);
		trace_result_free(t2);
	}
	if (run->nmember_findings == run->capmember_findings) {
		run->capmember_findings = run->capmember_findings ? run->capmember_findings * 2 : 16;
		run->member_findings = xrealloc(run->member_findings, run->capmember_findings *
						sizeof(*run->member_findings));
	}
	run->member_findings[run->nmember_findings++] = fis;
	return fis;
}

/* Adds the flows of cell (grp, cls) to the finding they fail in.  The place at fault
 * is usually shared by the whole cell; when it is the destination's own declaration
 * (or the source instance's), every member has its own place, and so its own finding,
 * with its own example traced the first time. */
void pair_finding(struct run *run, enum check_finding_kind kind, const char *rule, bool error,
		  const char *message, const char *where, const struct trace_result *tr,
		  const struct check_outcome *o, size_t grp, size_t cls)
{
	struct check_report *r = run->r;
	const struct check_destination *rep = &r->dests[r->class_rep[cls]];
	const struct check_group *g = &r->groups[grp];
	if (where && r->class_members[cls] > 1 && !run->class_where[cls])
		run->class_where[cls] = loc_of(run, rep->loc);
	if (where && g->members > 1 && !run->group_where[grp])
		run->group_where[grp] = loc_of(run, g->rep->loc);
	const char *rep_dest_where = where && r->class_members[cls] > 1 ? run->class_where[cls] : NULL;
	const char *rep_src_where = where && g->members > 1 ? run->group_where[grp] : NULL;
	if (rep_dest_where && !strcmp(rep_dest_where, where)) {
		const size_t *fis = member_findings(run, kind, rule, error, message, where, tr, o,
						    grp, cls);
		size_t k = 0;
		for (size_t m = r->class_rep[cls]; m != SIZE_MAX; m = run->dest_next[m], k++)
			count_pair(run, fis[k], grp, cls, m, false);
		return;
	}
	if (rep_src_where && !strcmp(rep_src_where, where)) {
		/* one finding per member instance: counted as groups of one */
		for (size_t i = run->group_first[grp]; i != SIZE_MAX; i = run->source_next[i]) {
			const struct topo_instance *in = r->sources[i];
			const char *wi = source_loc(run, i);
			struct trace_result *t2 = NULL;
			if (in != g->rep) {
				run->kb.len = 0;
				pair_key(&run->kb, kind, rule, wi, o, cls, message);
				size_t idx;
				if (!bytemap_find(run->fkeys, run->kb.p, run->kb.len, &idx)) {
					struct trace_query q = { .from = in->id, .to = rep->uri,
								 .protocol = TOPO_PROTO_TCP, .port = -1,
								 .icmp_type = -1, .icmp_code = -1,
								 .source_port = -1, .brief = true,
								 .memo = run->memo,
								 .now = run->o->now };
					struct diag_list d = { 0 };
					t2 = trace_one(run, &q, &d);
					diag_list_clear(&d);
				}
			}
			add_pair(run, kind, rule, error, message, wi, t2 ? t2 : tr, o, grp, cls, SIZE_MAX, true);
			trace_result_free(t2);
		}
		return;
	}
	add_pair(run, kind, rule, error, message, where, tr, o, grp, cls, SIZE_MAX, false);
}

void count_rules(struct run *run, const struct trace_result *tr, size_t weight)
{
	struct check_report *r = run->r;
	for (size_t i = 0; i < tr->compliance.nrules; i++) {
		const struct trace_rule_result *rr = &tr->compliance.rules[i];
		/* rule_list took the ids from the same rule set, in the same order */
		bool same = i < r->nrules && r->rules[i].id == rr->id;
		const char *id = rr->id;
		if (!same) {
			int idx = check_rule_index(rr->id);
			if (idx < 0)
				continue;
			id = rules_builtin_ids[idx];
		}
		for (size_t k = same ? i : 0; k < r->nrules; k++)
			if (r->rules[k].id == id) {
				if (rr->result == RULE_PASS)
					r->rules[k].pass += weight;
				else if (rr->result == RULE_FAIL)
					r->rules[k].fail += weight;
				else
					r->rules[k].na += weight;
				break;
			}
	}
}

/* The enabled rules, from the results of a flow with no path (every rule n/a). */
static void rule_list(struct run *run)
{
	struct check_report *r = run->r;
	struct trace_result dummy;
	memset(&dummy, 0, sizeof(dummy));
	dummy.arena = arena_new();
	dummy.path = "none";
	dummy.verdict = TRACE_UNREACHABLE;
	rules_apply(run->o->rules, &dummy);
	r->rules_evaluated = dummy.compliance.evaluated;
	r->nrules = dummy.compliance.nrules;
	r->rules = arena_alloc(r->arena, (r->nrules ? r->nrules : 1) * sizeof(*r->rules));
	for (size_t i = 0; i < r->nrules; i++) {
		const struct trace_rule_result *rr = &dummy.compliance.rules[i];
		r->rules[i].id = rules_builtin_ids[check_rule_index(rr->id) >= 0 ?
						   check_rule_index(rr->id) : 0];
		r->rules[i].severity = rr->severity && !strcmp(rr->severity, "error") ? "error" :
				       "warning";
		r->rules[i].description = rules_describe(rr->id);
	}
	arena_free(dummy.arena);
}

/* trace_one for a flow with a monthly volume gb (< 0: none): priced for it before the
 * rules run, so that a fix they name says what it saves a month (issue 17.4) */
static struct trace_result *trace_one_gb(struct run *run, struct trace_query *q,
					 struct diag_list *d, double gb)
{
	struct trace_result *tr = trace_run(run->t, q, d);
	if (tr) {
		cost_apply(run->o->pricing, tr, gb);
		rules_apply(run->o->rules, tr);
	}
	progress(run);
	return tr;
}

struct trace_result *trace_one(struct run *run, struct trace_query *q, struct diag_list *d)
{
	return trace_one_gb(run, q, d, -1);
}

/* ---- flows ---- */

/* "--from X: …" and "--to: …" as the assertions file spells them */
const char *flow_error(struct run *run, const struct diag_list *d, bool *about_to)
{
	const char *m = d->len ? d->items[0].message : "cannot be traced";
	*about_to = !strncmp(m, "--to", 4);
	if (!strncmp(m, "--from ", 7))
		return arena_printf(run->r->arena, "from: %s", m + 7);
	if (!strncmp(m, "--to: ", 6))
		return arena_printf(run->r->arena, "to: %s", m + 6);
	return arena_strdup(run->r->arena, m);
}

static void run_flows(struct run *run)
{
	struct check_report *r = run->r;
	const struct check_assertions *a = r->a;
	r->nflows = a->nflows;
	r->flows = arena_alloc(r->arena, (a->nflows ? a->nflows : 1) * sizeof(*r->flows));
	for (size_t i = 0; i < a->nflows; i++) {
		const struct check_flow *fl = &a->flows[i];
		struct check_flow_result *fr = &r->flows[i];
		fr->flow = fl;
		struct trace_query q = { .from = fl->from, .to = fl->to, .protocol = fl->protocol,
					 .port = fl->port, .icmp_type = -1, .icmp_code = -1,
					 .action = fl->action, .principal = fl->principal,
					 .source_port = -1,
					 .now = run->o->now };
		struct diag_list d = { 0 };
		struct trace_result *tr = trace_one_gb(run, &q, &d, fl->expect.has_gb ?
						       fl->expect.gb_per_month : -1);
		if (!tr) {
			bool about_to;
			fr->o.error = true;
			fr->failure = flow_error(run, &d, &about_to);
			diag_list_clear(&d);
			r->flows_failed++;
			const char *where = a->file ? arena_loc(r->arena, a->file,
						about_to ? fl->to_line : fl->from_line,
						about_to ? fl->to_col : fl->from_col) : NULL;
			flow_finding(run, i + 1, CHECK_ASSERTION, CHECK_RULE_ASSERTION, true, fr->failure,
				     where, NULL);
			continue;
		}
		diag_list_clear(&d);
		cost_set_volume(tr, fl->expect.has_gb ? fl->expect.gb_per_month : -1);
		outcome_of(run, tr, &fr->o);
		/* F8.1: a figure of another Region is never used silently; the reports' notes */
		for (size_t k = 0; k < tr->cost.nborrowed; k++)
			fr->borrowed = fr->borrowed ? arena_concat(r->arena, fr->borrowed, ", ",
								   tr->cost.borrowed[k], NULL) :
					   tr->cost.borrowed[k];  /* a literal */
		if (fr->borrowed)
			fr->borrowed_region = intern(run, tr->cost.pricing_region);
		const char *fail = judge(run, tr, &fl->expect, &fr->o);
		fr->passed = !*fail;
		fr->failure = fr->passed ? NULL : fail;
		fr->trace_text = dup_free(run, check_render_trace(tr, false));
		fr->trace_json = dup_free(run, check_render_trace(tr, true));
		if (fr->passed)
			r->flows_passed++;
		else
			r->flows_failed++;
		count_rules(run, tr, 1);
		if (!fr->passed) {
			const char *where = fault_where(run, tr);
			if (!where && a->file)
				where = arena_loc(r->arena, a->file, fl->line, fl->col);
			flow_finding(run, i + 1, CHECK_ASSERTION, CHECK_RULE_ASSERTION, true, fail, where,
				     tr);
		}
		for (size_t k = 0; k < tr->compliance.nrules; k++) {
			const struct trace_rule_result *rr = &tr->compliance.rules[k];
			if (rr->result != RULE_FAIL)
				continue;
			bool err = rr->severity && !strcmp(rr->severity, "error");
			const char *where = rule_where(run, tr, rr->id);
			if (!where && a->file)
				where = arena_loc(r->arena, a->file, fl->line, fl->col);
			flow_finding(run, i + 1, CHECK_RULE, rules_builtin_ids[check_rule_index(rr->id)],
				     err, rr->message ? rr->message : rr->id, where, tr);
		}
		trace_result_free(tr);
	}
}


/* ---- the report ---- */

static int cmp_finding(const void *a, const void *b)
{
	const struct check_finding *x = a, *y = b;
	/* flows first in file order, then all_pairs errors before warnings, the largest first */
	if ((x->flow == 0) != (y->flow == 0))
		return x->flow ? -1 : 1;
	if (x->flow != y->flow)
		return x->flow < y->flow ? -1 : 1;
	if (x->kind != y->kind)
		return x->kind == CHECK_ASSERTION ? -1 : 1;
	if (x->error != y->error)
		return x->error ? -1 : 1;
	if (x->pairs != y->pairs)
		return x->pairs > y->pairs ? -1 : 1;
	int c = strcmp(x->rule_id, y->rule_id);
	if (c)
		return c;
	c = strcmp(x->where ? x->where : "", y->where ? y->where : "");
	if (c)
		return c;
	return strcmp(x->message, y->message);
}

struct check_report *check_run(const struct topology *t, const struct check_assertions *a,
			       const struct check_options *o)
{
	struct check_report *r = xcalloc(1, sizeof(*r));
	r->arena = arena_new();
	r->t = t;
	r->a = a;
	r->pricing = o->pricing;
	struct run run = { .t = t, .o = o, .r = r };
	run.strings = bytemap_new();
	run.fkeys = bytemap_new();
	run.member_sets = bytemap_new();
	run.memo = trace_memo_new();
	run.progress = o->progress && isatty(STDERR_FILENO);
	clock_gettime(CLOCK_MONOTONIC, &run.start);
	run.last = run.start;
	run.total = a->nflows;

	rule_list(&run);
	run_flows(&run);
	if (a->all_pairs.enabled)
		run_all_pairs(&run);
	progress_end(&run);

	for (size_t i = 0; i < run.nf; i++) {
		struct check_finding *f = &run.f[i];
		split_where(f, run.t, r->arena);
		struct class_set *cs = &run.acc[i].classes;
		if (run.acc[i].all_pairs) {
			struct check_class_range *c = arena_alloc(r->arena, (cs->n ? cs->n : 1) *
								  sizeof(*c));
			if (cs->n)
				memcpy(c, cs->r, cs->n * sizeof(*c));
			f->classes = c;
			f->nclass_ranges = cs->n;
		}
		class_set_free(cs);
		if (f->kind == CHECK_RULE) {
			if (f->error)
				r->rule_errors++;
			else
				r->rule_warnings++;
		}
	}
	if (run.nf)
		qsort(run.f, run.nf, sizeof(*run.f), cmp_finding);
	r->findings = arena_alloc(r->arena, (run.nf ? run.nf : 1) * sizeof(*r->findings));
	if (run.nf) /* run.f is NULL when there is none: memcpy(…, NULL, 0) is undefined */
		memcpy(r->findings, run.f, run.nf * sizeof(*run.f));
	r->nfindings = run.nf;
	r->passed = r->flows_failed == 0 && r->pairs_failed == 0 && r->rule_errors == 0;
	r->seconds = seconds_since(&run.start);

	for (size_t i = 0; i < run.nf; i++)
		free(run.keys[i].p);
	free(run.keys);
	free(run.f);
	free(run.acc);
	free(run.dest_next);
	free(run.group_where);
	free(run.class_where);
	for (size_t i = 0; i < run.nmember_findings; i++)
		free(run.member_findings[i]);
	free(run.member_findings);
	bytemap_free(run.member_sets);
	trace_memo_free(run.memo);
	free(run.kb.p);
	free(run.source_where);
	free(run.dest_where);
	free(run.group_first);
	free(run.source_next);
	free(run.strs);
	bytemap_free(run.strings);
	bytemap_free(run.fkeys);
	return r;
}

void check_report_free(struct check_report *r)
{
	if (!r)
		return;
	for (size_t i = 0; i < r->nfindings; i++)
		cJSON_Delete(r->findings[i].trace_doc);
	diag_list_clear(&r->errors);
	arena_free(r->arena);
	free(r);
}

const struct check_outcome *check_report_cell(const struct check_report *r, size_t si, size_t di)
{
	if (!r->cells || si >= r->nsources || di >= r->ndests)
		return NULL;
	return &r->cells[r->source_group[si] * r->nclasses + r->dests[di].cls];
}
