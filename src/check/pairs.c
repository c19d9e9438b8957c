/* pairs.c - check's all_pairs (check.h): the sources and destinations the filters
 * select, their groups (group.c), and one trace per source group and destination group
 * (a cell), whose failures become findings (run.c).  What a run keeps is the findings
 * and the counts, never one outcome per cell (unless keep_cells, for check_diff): a
 * topology of thousands of instances and destinations runs in the memory of its
 * findings (issue 15 item 1). */
#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check-int.h"
#include "vpcpath/arena.h"
#include "vpcpath/util.h"

/* ---- the selection ---- */

/* Whether a or b matches one of the patterns; every pattern that matches is marked in
 * hit (so that a pattern matching nothing can be reported). */
static bool any_glob(const struct check_pattern *pats, size_t n, bool *hit, const char *a,
		     const char *b)
{
	bool any = false;
	for (size_t i = 0; i < n; i++)
		if ((a && fnmatch(pats[i].text, a, 0) == 0) || (b && fnmatch(pats[i].text, b, 0) == 0)) {
			hit[i] = true;
			any = true;
		}
	return any;
}

/* The value of an instance's tag; its name is its Name tag even when the file gave it
 * as name: (as an import does). */
static const char *instance_tag(const struct topo_instance *in, const char *key)
{
	const char *v = topo_tag_value(&in->tags, key);
	return !v && !strcmp(key, "Name") ? in->name : v;
}

/* Whether the instance has every tag of pats (all) or one of them (!all) with a value
 * the pattern matches.  Every pattern is tried, not only up to the answer, so that each
 * one that matches is marked in hit (and one that matches nothing can be reported). */
static bool tags_match(const struct check_pattern *pats, size_t n, bool *hit,
		       const struct topo_instance *in, bool all)
{
	bool every = true, any = false;
	for (size_t i = 0; i < n; i++) {
		const char *v = instance_tag(in, pats[i].tag);
		if (v && fnmatch(pats[i].text, v, 0) == 0) {
			hit[i] = true;
			any = true;
		} else {
			every = false;
		}
	}
	return all ? every : any;
}

/* A destinations: pattern that is no pattern but an address or internet[:ADDRESS]:
 * a destination as it is written. */
static bool literal_destination(const char *text)
{
	struct net_addr a;
	if (strpbrk(text, "*?["))
		return false;
	return net_addr_parse(text, &a) || !strcmp(text, "internet") ||
	       !strncmp(text, "internet:", 9);
}

static void add_destination(struct run *run, struct tmpvec *dst, const char *uri,
			    const struct topo_bucket *decl, struct topo_loc loc)
{
	struct check_destination *d = tmpvec_push(dst, sizeof(*d));
	d->uri = uri;
	d->decl = decl;
	d->loc = loc;
	(void)run;
}

/* The destinations of all_pairs: every declared bucket and table, or what the
 * destinations: patterns match among them, the instances and network interfaces (id or
 * name) and the on-premises networks, and the addresses they name (as a flow's to:
 * may). */
static void select_destinations(struct run *run, struct tmpvec *dst, bool *hd)
{
	struct check_report *r = run->r;
	const struct topology *t = run->t;
	const struct check_all_pairs *p = &r->a->all_pairs;
	for (size_t k = 0; k < 2; k++) {
		const struct topo_bucket *list = k ? t->tables : t->buckets;
		size_t n = k ? t->ntables : t->nbuckets;
		for (size_t i = 0; i < n; i++) {
			const char *uri = arena_printf(r->arena, "%s%s", k ? "dynamodb://" : "s3://",
						       list[i].name);
			if (p->ndestinations && !any_glob(p->destinations, p->ndestinations, hd, uri, NULL))
				continue;
			add_destination(run, dst, uri, &list[i], list[i].loc);
		}
	}
	if (!p->ndestinations)
		return;  /* by default buckets and tables only (cli.md) */
	for (size_t v = 0; v < t->nvpcs; v++)
		for (size_t i = 0; i < t->vpcs[v].ninstances; i++) {
			const struct topo_instance *in = &t->vpcs[v].instances[i];
			if (any_glob(p->destinations, p->ndestinations, hd, in->id, in->name))
				add_destination(run, dst, in->id, NULL, in->loc);
		}
	for (size_t v = 0; v < t->nvpcs; v++)
		for (size_t i = 0; i < t->vpcs[v].ninterfaces; i++) {
			const struct topo_interface *ifc = &t->vpcs[v].interfaces[i];
			if (any_glob(p->destinations, p->ndestinations, hd, ifc->id, ifc->name))
				add_destination(run, dst, ifc->id, NULL, ifc->loc);
		}
	for (size_t i = 0; i < t->non_premises; i++) {
		const struct topo_on_premises *op = &t->on_premises[i];
		if (any_glob(p->destinations, p->ndestinations, hd, op->id, op->name))
			add_destination(run, dst, op->id, NULL, op->loc);
	}
	for (size_t i = 0; i < p->ndestinations; i++)
		if (literal_destination(p->destinations[i].text)) {
			struct topo_loc none = { 0, 0 };
			hd[i] = true;
			add_destination(run, dst, p->destinations[i].text, NULL, none);
		}
}

/* "instances: [app-*], tags: {team: x}" into buf: the filters of one side. */
static void describe_filters(char *buf, size_t len, const char *const *keys,
			     const struct check_pattern *const *lists, const size_t *lens, size_t nl)
{
	*buf = '\0';
	for (size_t l = 0; l < nl; l++) {
		if (!lens[l])
			continue;
		size_t n = strlen(buf);
		bool tags = lists[l][0].tag != NULL;
		snprintf(buf + n, len - n, "%s%s: %s", n ? ", " : "", keys[l], tags ? "{" : "[");
		for (size_t i = 0; i < lens[l]; i++) {
			n = strlen(buf);
			if (tags)
				snprintf(buf + n, len - n, "%s%s: %s", i ? ", " : "", lists[l][i].tag,
					 lists[l][i].text);
			else
				snprintf(buf + n, len - n, "%s%s", i ? ", " : "", lists[l][i].text);
		}
		n = strlen(buf);
		snprintf(buf + n, len - n, "%s", tags ? "}" : "]");
	}
}

/* An all_pairs that selects no instance or no destination checks nothing: an error
 * naming the selector, at its place in the assertions file (issue 13 item 3). */
static void empty_selection(struct run *run)
{
	struct check_report *r = run->r;
	const struct check_all_pairs *p = &r->a->all_pairs;
	const char *file = r->a->file;
	char what[600];
	if (!r->nsources) {
		static const char *const keys[] = { "instances", "vpcs", "subnets", "tags", "exclude",
						    "exclude_tags" };
		const struct check_pattern *lists[] = { p->instances, p->vpcs, p->subnets, p->tags,
							p->exclude, p->exclude_tags };
		size_t lens[] = { p->ninstances, p->nvpcs, p->nsubnets, p->ntags, p->nexclude,
				  p->nexclude_tags };
		describe_filters(what, sizeof(what), keys, lists, lens, 6);
		unsigned line = p->line, col = p->col;
		for (size_t l = 0; l < 6 && *what; l++)
			if (lens[l]) {
				line = lists[l][0].line;
				col = lists[l][0].col;
				break;
			}
		if (*what)
			diag_add(&r->errors, DIAG_ERROR, file, line, col, NULL, "all_pairs selects no "
				 "instance: %s select none of the instances of %s; a check of "
				 "nothing cannot pass", what, run->t->file);
		else
			diag_add(&r->errors, DIAG_ERROR, file, line, col, NULL, "all_pairs selects no "
				 "instance: %s has none; a check of nothing cannot pass", run->t->file);
	}
	if (!r->ndests) {
		static const char *const keys[] = { "destinations" };
		const struct check_pattern *lists[] = { p->destinations };
		size_t lens[] = { p->ndestinations };
		describe_filters(what, sizeof(what), keys, lists, lens, 1);
		unsigned line = p->ndestinations ? p->destinations[0].line : p->line;
		unsigned col = p->ndestinations ? p->destinations[0].col : p->col;
		if (*what)
			diag_add(&r->errors, DIAG_ERROR, file, line, col, NULL, "all_pairs selects no "
				 "destination: %s match no bucket, table, instance, interface or "
				 "on-premises network of %s; a check of nothing cannot pass", what, run->t->file);
		else
			diag_add(&r->errors, DIAG_ERROR, file, line, col, NULL, "all_pairs has no "
				 "destination: %s declares no bucket or table (name destinations with "
				 "destinations:); a check of nothing cannot pass", run->t->file);
	}
}

static void select_pairs(struct run *run)
{
	struct check_report *r = run->r;
	const struct topology *t = run->t;
	const struct check_all_pairs *p = &r->a->all_pairs;
	struct tmpvec src = { 0 }, dst = { 0 };
	bool *hv = xcalloc(p->nvpcs + 1, 1), *hi = xcalloc(p->ninstances + 1, 1);
	bool *hs = xcalloc(p->nsubnets + 1, 1), *hx = xcalloc(p->nexclude + 1, 1);
	bool *hd = xcalloc(p->ndestinations + 1, 1);
	bool *ht = xcalloc(p->ntags + 1, 1), *hxt = xcalloc(p->nexclude_tags + 1, 1);
	for (size_t v = 0; v < t->nvpcs; v++) {
		const struct topo_vpc *vpc = &t->vpcs[v];
		if (p->nvpcs && !any_glob(p->vpcs, p->nvpcs, hv, vpc->id, vpc->name))
			continue;
		for (size_t i = 0; i < vpc->ninstances; i++) {
			const struct topo_instance *in = &vpc->instances[i];
			if (p->ninstances && !any_glob(p->instances, p->ninstances, hi, in->id, in->name))
				continue;
			if (p->nsubnets && (!in->subnet || !any_glob(p->subnets, p->nsubnets, hs,
								    in->subnet->id, in->subnet->name)))
				continue;
			if (p->ntags && !tags_match(p->tags, p->ntags, ht, in, true))
				continue;
			if (p->nexclude && any_glob(p->exclude, p->nexclude, hx, in->id, in->name))
				continue;
			if (p->nexclude_tags && tags_match(p->exclude_tags, p->nexclude_tags, hxt, in,
							   false))
				continue;
			const struct topo_instance **slot = tmpvec_push(&src, sizeof(*slot));
			*slot = in;
		}
	}
	select_destinations(run, &dst, hd);
	r->sources = tmpvec_finish(r->arena, &src, sizeof(*r->sources));
	r->nsources = src.len;
	r->dests = tmpvec_finish(r->arena, &dst, sizeof(*r->dests));
	r->ndests = dst.len;
	/* the patterns that matched nothing: a typo, most likely */
	const struct check_pattern *lists[7] = { p->vpcs, p->instances, p->subnets, p->tags,
						 p->exclude, p->exclude_tags, p->destinations };
	size_t lens[7] = { p->nvpcs, p->ninstances, p->nsubnets, p->ntags, p->nexclude,
			   p->nexclude_tags, p->ndestinations };
	bool *hits[7] = { hv, hi, hs, ht, hx, hxt, hd };
	struct tmpvec um = { 0 };
	for (size_t l = 0; l < 7; l++)
		for (size_t i = 0; i < lens[l]; i++)
			if (!hits[l][i])
				*(const struct check_pattern **)tmpvec_push(&um, sizeof(void *)) = &lists[l][i];
	r->unmatched = tmpvec_finish(r->arena, &um, sizeof(void *));
	r->nunmatched = um.len;
	free(hv);
	free(hi);
	free(hs);
	free(hx);
	free(hd);
	free(ht);
	free(hxt);
}

/* ---- the cells ---- */

/* Traces the cells of groups [g0, g1): one trace per (group, destination group). */
void run_cells(struct run *run, size_t g0, size_t g1, size_t *class_failed)
{
	struct check_report *r = run->r;
	const struct check_all_pairs *p = &r->a->all_pairs;
	for (size_t gi = g0; gi < g1; gi++) {
		const struct check_group *grp = &r->groups[gi];
		for (size_t k = 0; k < r->nclasses; k++) {
			const struct check_destination *dst = &r->dests[r->class_rep[k]];
			/* the cell's outcome is kept only for check_diff (keep_cells) */
			struct check_outcome cell, *o = r->cells ? &r->cells[gi * r->nclasses + k] : &cell;
			size_t weight = grp->members * r->class_members[k];
			struct trace_query q = { .from = grp->rep->id, .to = dst->uri,
						 .protocol = TOPO_PROTO_TCP, .port = -1, .icmp_type = -1,
						 .icmp_code = -1, .source_port = -1, .brief = true,
						 .memo = run->memo,
						 .now = run->o->now };
			struct diag_list d = { 0 };
			struct trace_result *tr = trace_one(run, &q, &d);
			r->traces++;
			if (!tr) {
				bool about_to;
				const char *msg = flow_error(run, &d, &about_to);
				diag_list_clear(&d);
				memset(o, 0, sizeof(*o));
				o->error = true;
				r->pairs_failed += weight;
				class_failed[k] += grp->members;
				/* located at what could not be traced */
				const char *w = about_to ? loc_of(run, dst->loc) : loc_of(run, grp->rep->loc);
				add_pair(run, CHECK_ASSERTION, CHECK_RULE_ALL_PAIRS, true, msg, w, NULL, o, gi, k,
					 SIZE_MAX, false);
				continue;
			}
			diag_list_clear(&d);
			outcome_of(run, tr, o);
			if (check_outcome_moves(o)) {
				r->pairs_priced += weight;
				r->pairs_per_gb_sum += o->per_gb * (double)weight;
			}
			const char *fail = judge(run, tr, &p->expect, o);
			count_rules(run, tr, weight);
			if (*fail) {
				r->pairs_failed += weight;
				class_failed[k] += grp->members;
				const char *where = fault_where(run, tr);
				pair_finding(run, CHECK_ASSERTION, CHECK_RULE_ALL_PAIRS, true, fail, where, tr,
					     o, gi, k);
			} else {
				r->pairs_passed += weight;
			}
			for (size_t i = 0; i < tr->compliance.nrules; i++) {
				const struct trace_rule_result *rr = &tr->compliance.rules[i];
				if (rr->result != RULE_FAIL)
					continue;
				bool err = rr->severity && !strcmp(rr->severity, "error");
				pair_finding(run, CHECK_RULE, rules_builtin_ids[check_rule_index(rr->id)], err,
					     rr->message ? rr->message : rr->id,
					     rule_where(run, tr, rr->id), tr, o, gi, k);
			}
			trace_result_free(tr);
		}
	}
}

void run_all_pairs(struct run *run)
{
	struct check_report *r = run->r;
	const struct topology *t = run->t;
	r->all_pairs = true;
	select_pairs(run);
	r->pairs = r->nsources * r->ndests;
	if (!r->nsources || !r->ndests) {
		empty_selection(run);
		return;
	}

	/* one probe per destination: the resource ARN its policies are evaluated for */
	const char **resource = xcalloc(r->ndests, sizeof(*resource));
	for (size_t i = 0; i < r->ndests; i++) {
		struct trace_query q = { .from = r->sources[0]->id, .to = r->dests[i].uri,
					 .protocol = TOPO_PROTO_TCP, .port = -1, .icmp_type = -1,
					 .icmp_code = -1, .source_port = -1, .brief = true,
					 .memo = run->memo,
					 .now = run->o->now };
		struct diag_list d = { 0 };
		struct trace_result *tr = trace_run(t, &q, &d);
		diag_list_clear(&d);
		if (tr && tr->dst_resource)
			resource[i] = arena_strdup(r->arena, tr->dst_resource);
		trace_result_free(tr);
	}
	struct check_grouping *g = run->o->no_grouping ? NULL : check_grouping_new(t);
	for (size_t i = 0; g && i < r->ndests; i++) {
		if (r->dests[i].decl)
			continue;
		bool amb;
		struct net_addr addr;
		const struct topo_instance *in = topo_find(t, TOPO_INSTANCE, r->dests[i].uri, &amb);
		const struct topo_interface *ifc = topo_find_interface(t, r->dests[i].uri, &amb);
		bool is_addr = net_addr_parse(r->dests[i].uri, &addr);
		if (ifc && !in) {
			addr = ifc->private_ips[0];
			is_addr = true;
			in = ifc->instance;  /* a secondary ENI's instance is the same host */
		}
		if (is_addr)
			for (size_t v = 0; v < t->nvpcs && !in; v++)
				for (size_t k = 0; k < t->vpcs[v].ninstances && !in; k++)
					if (t->vpcs[v].instances[k].has_private_ip &&
					    net_addr_eq(&t->vpcs[v].instances[k].private_ip, &addr))
						in = &t->vpcs[v].instances[k];
		check_grouping_mark_destination(g, t, is_addr ? &addr : NULL, in);
	}
	r->grouping_off = check_grouping_sources_off(g);
	r->source_group = arena_alloc(r->arena, r->nsources * sizeof(*r->source_group));
	struct check_group *groups;
	r->ngroups = check_group_sources(g, t, r->sources, r->nsources, r->source_group, &groups);
	r->groups = arena_alloc(r->arena, r->ngroups * sizeof(*r->groups));
	for (size_t i = 0; i < r->ngroups; i++) {
		r->groups[i] = groups[i];
		r->groups[i].subnets = arena_alloc(r->arena, (groups[i].nsubnets ? groups[i].nsubnets : 1) *
							     sizeof(*groups[i].subnets));
		memcpy(r->groups[i].subnets, groups[i].subnets,
		       groups[i].nsubnets * sizeof(*groups[i].subnets));
		free(groups[i].subnets);
	}
	free(groups);
	size_t *class_of = xcalloc(r->ndests, sizeof(*class_of));
	r->nclasses = check_group_destinations(g, t, r->dests, resource, r->ndests, class_of);
	check_grouping_free(g);
	free(resource);
	r->class_rep = arena_alloc(r->arena, r->nclasses * sizeof(*r->class_rep));
	r->class_members = arena_alloc(r->arena, r->nclasses * sizeof(*r->class_members));
	for (size_t i = r->ndests; i-- > 0;) {
		r->dests[i].cls = class_of[i];
		r->class_rep[class_of[i]] = i;
		r->class_members[class_of[i]]++;
	}
	free(class_of);
	run->dest_next = xmalloc(r->ndests * sizeof(*run->dest_next));
	size_t *head = xmalloc(r->nclasses * sizeof(*head));
	for (size_t k = 0; k < r->nclasses; k++)
		head[k] = SIZE_MAX;
	for (size_t i = r->ndests; i-- > 0;) {
		run->dest_next[i] = head[r->dests[i].cls];
		head[r->dests[i].cls] = i;
	}
	free(head);
	run->group_first = xmalloc(r->ngroups * sizeof(*run->group_first));
	run->source_next = xmalloc(r->nsources * sizeof(*run->source_next));
	for (size_t gi = 0; gi < r->ngroups; gi++)
		run->group_first[gi] = SIZE_MAX;
	for (size_t i = r->nsources; i-- > 0;) {
		run->source_next[i] = run->group_first[r->source_group[i]];
		run->group_first[r->source_group[i]] = i;
	}

	run->group_where = xcalloc(r->ngroups, sizeof(*run->group_where));
	run->class_where = xcalloc(r->nclasses, sizeof(*run->class_where));
	run->source_where = xcalloc(r->nsources, sizeof(*run->source_where));
	run->dest_where = xcalloc(r->ndests, sizeof(*run->dest_where));
	/* groups x destination groups: held only when asked (check_diff), so that a run's
	 * memory stays that of its findings and counts (issue 15 item 1) */
	if (run->o->keep_cells)
		r->cells = arena_alloc(r->arena, r->ngroups * r->nclasses * sizeof(*r->cells));
	size_t *class_failed = xcalloc(r->nclasses, sizeof(*class_failed));
	run->total += r->ngroups * r->nclasses;
	run_cells_parallel(run, class_failed);
	for (size_t i = 0; i < r->ndests; i++) {
		struct check_destination *d = &r->dests[i];
		d->pairs = r->nsources;
		d->failed = class_failed[d->cls];
		d->passed = d->pairs - d->failed;
	}
	free(class_failed);
}
