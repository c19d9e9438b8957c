/* diff.c - check_diff(): the flows whose verdict, path, cost or compliance differ
 * between two runs of the same assertions (`vpcpath check --baseline`, `vpcpath diff`).
 *
 * flows: are compared one by one.  all_pairs flows are compared pair by pair, by
 * instance id and destination, without walking 20 million pairs: sources that fall in
 * the same group before and after (and destinations likewise) share their answers, so
 * each (before group, after group) x (before class, after class) combination is
 * compared once and counted with its multiplicity. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "check-int.h"
#include "vpcpath/arena.h"
#include "vpcpath/util.h"

static bool same_cost(const struct check_outcome *a, const struct check_outcome *b)
{
	if (a->cost_computed != b->cost_computed)
		return false;
	return !a->cost_computed || fabs(a->per_gb - b->per_gb) < 5e-7;
}

/* "verdict, path, cost, compliance" (what differs), or NULL when nothing does. */
static const char *what_changed(const struct check_outcome *a, const struct check_outcome *b,
				struct arena *ar)
{
	char buf[64] = "";
	if (a->error != b->error || (!a->error && (a->verdict != b->verdict || !str_eq_null(a->reason, b->reason))))
		strcat(buf, ", verdict");
	if (!a->error && !b->error) {
		if (!str_eq_null(a->path, b->path))
			strcat(buf, ", path");
		if (!same_cost(a, b))
			strcat(buf, ", cost");
		if (a->rules_evaluated != b->rules_evaluated || a->compliant != b->compliant ||
		    a->rules_failed != b->rules_failed)
			strcat(buf, ", compliance");
	}
	return buf[0] ? arena_strdup(ar, buf + 2) : NULL;
}

static void outcome_key(struct keybuf *kb, const struct check_outcome *o)
{
	keybuf_u64(kb, o->error);
	if (o->error)
		return;
	keybuf_u64(kb, o->verdict);
	keybuf_str(kb, o->reason);
	keybuf_str(kb, o->path);
	keybuf_u64(kb, o->cost_computed);
	keybuf_u64(kb, o->cost_computed ? (uint64_t)llround(o->per_gb * 1e6) : 0);
	keybuf_u64(kb, (uint64_t)o->rules_evaluated | (uint64_t)o->compliant << 1);
	keybuf_u64(kb, o->rules_failed);
}

struct changes {
	struct check_diff *d;
	struct bytemap *keys;
	struct tmpvec v;
};

static void add_change(struct changes *c, size_t flow, const char *from, const char *to,
		       size_t pairs, const struct check_outcome *a, const struct check_outcome *b,
		       const char *what, const void *extra, size_t extralen)
{
	struct keybuf kb = { 0 };
	keybuf_u64(&kb, flow);
	outcome_key(&kb, a);
	outcome_key(&kb, b);
	keybuf_put(&kb, extra, extralen);
	bool added;
	size_t i = bytemap_get_or_add(c->keys, kb.p, kb.len, c->v.len, &added);
	free(kb.p);
	if (added) {
		struct check_change *ch = tmpvec_push(&c->v, sizeof(*ch));
		ch->flow = flow;
		ch->from = from;
		ch->to = to;
		ch->before = *a;
		ch->after = *b;
		ch->what = what;
	}
	((struct check_change *)c->v.items)[i].pairs += pairs;
	c->d->changed += pairs;
}

/* Matches items by name: out[i] is the index in `before` of after's item i, or SIZE_MAX. */
static size_t *match_names(const char *const *before, size_t nb, const char *const *after, size_t na,
			   bool *seen_before)
{
	struct bytemap *m = bytemap_new();
	for (size_t i = 0; i < nb; i++)
		bytemap_get_or_add(m, before[i], strlen(before[i]), i, NULL);
	size_t *out = xcalloc(na ? na : 1, sizeof(*out));
	for (size_t i = 0; i < na; i++) {
		size_t j;
		out[i] = bytemap_find(m, after[i], strlen(after[i]), &j) ? j : SIZE_MAX;
		if (out[i] != SIZE_MAX)
			seen_before[j] = true;
	}
	bytemap_free(m);
	return out;
}

/* (before index, after index) combinations with their multiplicity and an example */
struct combo {
	size_t b, a, count, example;
};

static struct combo *combos(const size_t *match, size_t na, const size_t *bkey, const size_t *akey_of,
			    size_t *ncombos)
{
	struct bytemap *m = bytemap_new();
	struct tmpvec v = { 0 };
	for (size_t i = 0; i < na; i++) {
		if (match[i] == SIZE_MAX)
			continue;
		size_t key[2] = { bkey[match[i]], akey_of[i] };
		bool added;
		size_t k = bytemap_get_or_add(m, key, sizeof(key), v.len, &added);
		if (added) {
			struct combo *c = tmpvec_push(&v, sizeof(*c));
			c->b = key[0];
			c->a = key[1];
			c->example = i;
		}
		((struct combo *)v.items)[k].count++;
	}
	bytemap_free(m);
	*ncombos = v.len;
	return v.items;
}

static int cmp_change(const void *x, const void *y)
{
	const struct check_change *a = x, *b = y;
	if ((a->flow == 0) != (b->flow == 0))
		return a->flow ? -1 : 1;
	if (a->flow != b->flow)
		return a->flow < b->flow ? -1 : 1;
	if (a->pairs != b->pairs)
		return a->pairs > b->pairs ? -1 : 1;
	int c = strcmp(a->to, b->to);
	return c ? c : strcmp(a->from, b->from);
}

static const char **only(struct arena *ar, const char *const *names, size_t n, const bool *seen,
			 size_t *count)
{
	size_t k = 0;
	for (size_t i = 0; i < n; i++)
		k += !seen[i];
	const char **out = arena_alloc(ar, (k ? k : 1) * sizeof(*out));
	k = 0;
	for (size_t i = 0; i < n; i++)
		if (!seen[i])
			out[k++] = names[i];
	*count = k;
	return out;
}

static void diff_all_pairs(struct changes *c, const struct check_report *b, const struct check_report *a)
{
	struct check_diff *d = c->d;
	const char **bs = xcalloc(b->nsources + 1, sizeof(*bs)), **as = xcalloc(a->nsources + 1, sizeof(*as));
	const char **bd = xcalloc(b->ndests + 1, sizeof(*bd)), **ad = xcalloc(a->ndests + 1, sizeof(*ad));
	for (size_t i = 0; i < b->nsources; i++)
		bs[i] = b->sources[i]->id;
	for (size_t i = 0; i < a->nsources; i++)
		as[i] = a->sources[i]->id;
	for (size_t i = 0; i < b->ndests; i++)
		bd[i] = b->dests[i].uri;
	for (size_t i = 0; i < a->ndests; i++)
		ad[i] = a->dests[i].uri;
	bool *seen_bs = xcalloc(b->nsources + 1, 1), *seen_bd = xcalloc(b->ndests + 1, 1);
	size_t *ms = match_names(bs, b->nsources, as, a->nsources, seen_bs);
	size_t *md = match_names(bd, b->ndests, ad, a->ndests, seen_bd);

	bool *seen_as = xcalloc(a->nsources + 1, 1), *seen_ad = xcalloc(a->ndests + 1, 1);
	for (size_t i = 0; i < a->nsources; i++)
		seen_as[i] = ms[i] != SIZE_MAX;
	for (size_t i = 0; i < a->ndests; i++)
		seen_ad[i] = md[i] != SIZE_MAX;
	d->only_old_sources = only(d->arena, bs, b->nsources, seen_bs, &d->nonly_old_sources);
	d->only_new_sources = only(d->arena, as, a->nsources, seen_as, &d->nonly_new_sources);
	d->only_old_dests = only(d->arena, bd, b->ndests, seen_bd, &d->nonly_old_dests);
	d->only_new_dests = only(d->arena, ad, a->ndests, seen_ad, &d->nonly_new_dests);

	if (b->cells && a->cells) {
		size_t *bcls = xcalloc(b->ndests + 1, sizeof(*bcls)), *acls = xcalloc(a->ndests + 1, sizeof(*acls));
		for (size_t i = 0; i < b->ndests; i++)
			bcls[i] = b->dests[i].cls;
		for (size_t i = 0; i < a->ndests; i++)
			acls[i] = a->dests[i].cls;
		size_t nsc, ndc;
		struct combo *sc = combos(ms, a->nsources, b->source_group, a->source_group, &nsc);
		struct combo *dc = combos(md, a->ndests, bcls, acls, &ndc);
		for (size_t i = 0; i < nsc; i++)
			for (size_t k = 0; k < ndc; k++) {
				const struct check_outcome *ob = &b->cells[sc[i].b * b->nclasses + dc[k].b];
				const struct check_outcome *oa = &a->cells[sc[i].a * a->nclasses + dc[k].a];
				size_t pairs = sc[i].count * dc[k].count;
				d->compared += pairs;
				const char *what = what_changed(ob, oa, d->arena);
				if (!what)
					continue;
				size_t extra[2] = { dc[k].b, dc[k].a };
				add_change(c, 0, as[sc[i].example], ad[dc[k].example], pairs, ob, oa, what,
					   extra, sizeof(extra));
			}
		free(sc);
		free(dc);
		free(bcls);
		free(acls);
	}
	free(ms);
	free(md);
	free(seen_bs);
	free(seen_bd);
	free(seen_as);
	free(seen_ad);
	free(bs);
	free(as);
	free(bd);
	free(ad);
}

/* The length of f's subject: its identity up to CHECK_IDENTITY_DETAILS (all of it
 * when there are no details). */
static size_t subject_len(const struct check_finding *f)
{
	const char *at = strstr(f->identity, CHECK_IDENTITY_DETAILS);
	return at ? (size_t)(at - f->identity) : strlen(f->identity);
}

/* How alike two findings of one subject are, to pair the likeliest first: the same
 * flow, the same example source and destination. */
static int likeness(const struct check_finding *x, const struct check_finding *y)
{
	return 4 * (x->flow == y->flow) + 2 * str_eq_null(x->example_to, y->example_to) +
	       str_eq_null(x->example_from, y->example_from);
}

#define PAIR_CANDIDATES 256

/* The findings of a that no finding of b has the identity of (added) and those of b
 * that a lacks (fixed) that are about the same subject are one finding that changed
 * (its path, place or verdict: the change itself moves them), paired likeliest first;
 * the rest stay added and fixed.  Rewrites the lists in place. */
static void pair_changed(struct check_diff *d, struct tmpvec *added, struct tmpvec *fixed)
{
	const struct check_finding **av = added->items, **bv = fixed->items;
	if (!added->len || !fixed->len)
		return;
	struct bytemap *subjects = bytemap_new();
	/* per subject of the fixed ones: the chain of fixed findings that have it */
	size_t *next = xcalloc(fixed->len, sizeof(*next));
	size_t *first = xcalloc(fixed->len, sizeof(*first));
	size_t nsubjects = 0;
	for (size_t i = fixed->len; i-- > 0;) {
		if (!bv[i]->identity)  /* cannot be matched */
			continue;
		bool fresh;
		size_t s = bytemap_get_or_add(subjects, bv[i]->identity, subject_len(bv[i]), nsubjects,
					      &fresh);
		if (fresh) {
			nsubjects++;
			first[s] = SIZE_MAX;
		}
		next[i] = first[s];
		first[s] = i;
	}
	bool *taken = xcalloc(fixed->len, sizeof(*taken));
	bool *paired = xcalloc(added->len, sizeof(*paired));
	struct tmpvec from = { 0 }, to = { 0 };
	for (size_t i = 0; i < added->len; i++) {
		size_t s, best = SIZE_MAX;
		int best_score = -1;
		if (!av[i]->identity || !bytemap_find(subjects, av[i]->identity, subject_len(av[i]), &s))
			continue;
		/* the likeliest of the first PAIR_CANDIDATES free ones: bounded time when
		 * thousands of findings share a subject */
		size_t seen = 0;
		for (size_t k = first[s]; k != SIZE_MAX && seen < PAIR_CANDIDATES; k = next[k]) {
			if (taken[k])
				continue;
			seen++;
			int score = likeness(av[i], bv[k]);
			if (score > best_score) {
				best_score = score;
				best = k;
			}
		}
		if (best == SIZE_MAX)
			continue;
		taken[best] = paired[i] = true;
		*(const struct check_finding **)tmpvec_push(&from, sizeof(void *)) = bv[best];
		*(const struct check_finding **)tmpvec_push(&to, sizeof(void *)) = av[i];
	}
	size_t n = 0;
	for (size_t i = 0; i < added->len; i++)
		if (!paired[i])
			av[n++] = av[i];
		else
			d->new_errors -= av[i]->error;
	added->len = n;
	n = 0;
	for (size_t i = 0; i < fixed->len; i++)
		if (!taken[i])
			bv[n++] = bv[i];
	fixed->len = n;
	d->nfindings_changed = from.len;
	d->changed_from = tmpvec_finish(d->arena, &from, sizeof(void *));
	d->changed_to = tmpvec_finish(d->arena, &to, sizeof(void *));
	free(next);
	free(first);
	free(taken);
	free(paired);
	bytemap_free(subjects);
}

/* Where after's all_pairs outcomes are looked up by name: source id -> its group,
 * destination uri -> its class (made when first needed). */
struct cell_index {
	struct bytemap *sources, *dests;
};

static void cell_index_free(struct cell_index *x)
{
	bytemap_free(x->sources);
	bytemap_free(x->dests);
}

/* Is f, a finding of before that after lacks, only unjudged in after: a rule's finding
 * whose flow after traces to no arrival (unreachable, denied, ambiguous: the rules are
 * "not evaluated"), or does not trace at all?
 * An all_pairs finding is looked up by its example pair.  False when after does not
 * say (the flow gone from the assertions, the cells not kept): fixed, as before. */
static bool unjudged_after(const struct check_report *a, const struct check_finding *f,
			   struct cell_index *x)
{
	if (f->kind != CHECK_RULE)
		return false;
	const struct check_outcome *o = NULL;
	if (f->flow) {
		if (f->flow > a->nflows)
			return false;
		o = &a->flows[f->flow - 1].o;
	} else {
		if (!a->cells || !f->example_from || !f->example_to)
			return false;
		if (!x->sources) {
			x->sources = bytemap_new();
			x->dests = bytemap_new();
			for (size_t i = 0; i < a->nsources; i++)
				bytemap_get_or_add(x->sources, a->sources[i]->id,
						   strlen(a->sources[i]->id), a->source_group[i], NULL);
			for (size_t i = 0; i < a->ndests; i++)
				bytemap_get_or_add(x->dests, a->dests[i].uri, strlen(a->dests[i].uri),
						   a->dests[i].cls, NULL);
		}
		size_t group, cls;
		if (!bytemap_find(x->sources, f->example_from, strlen(f->example_from), &group) ||
		    !bytemap_find(x->dests, f->example_to, strlen(f->example_to), &cls))
			return false;
		o = &a->cells[group * a->nclasses + cls];
	}
	/* rules judge a flow with a path that arrives (reachable or exits-model, rules.h);
	 * a name whose addresses part ways is judged on the ones that arrive */
	if (o->error || !o->rules_evaluated)
		return true;
	if (o->verdict == TRACE_REACHABLE || o->verdict == TRACE_EXITS_MODEL)
		return !o->path || !*o->path || !strcmp(o->path, "none");
	return !(o->verdict == TRACE_AMBIGUOUS && o->reason &&
		 !strcmp(o->reason, "DEPENDS_ON_ADDRESS"));
}

/* Which findings of a are new, and which of b are gone (check_diff's findings part). */
static void diff_findings(struct check_diff *d, const struct check_report *b,
			  const struct check_report *a)
{
	struct bytemap *ids = bytemap_new();
	for (size_t i = 0; i < b->nfindings; i++)
		if (b->findings[i].identity)
			bytemap_get_or_add(ids, b->findings[i].identity,
					   strlen(b->findings[i].identity), i, NULL);
	bool *kept = xcalloc(b->nfindings + 1, sizeof(*kept));
	d->finding_new = arena_alloc(d->arena, (a->nfindings + 1) * sizeof(*d->finding_new));
	struct tmpvec added = { 0 };
	for (size_t i = 0; i < a->nfindings; i++) {
		const struct check_finding *f = &a->findings[i];
		size_t k;
		if (f->identity && bytemap_find(ids, f->identity, strlen(f->identity), &k)) {
			kept[k] = true;
			d->unchanged++;
			continue;
		}
		/* a finding without an identity cannot be matched: new, so a gate on new
		 * findings errs towards failing */
		d->finding_new[i] = true;
		d->new_errors += f->error;
		*(const struct check_finding **)tmpvec_push(&added, sizeof(void *)) = f;
	}
	struct tmpvec fixed = { 0 };
	for (size_t i = 0; i < b->nfindings; i++) {
		if (kept[i])
			continue;
		/* several findings of b may share one identity: one of them kept them all */
		size_t k;
		if (b->findings[i].identity &&
		    bytemap_find(ids, b->findings[i].identity, strlen(b->findings[i].identity), &k) &&
		    kept[k])
			continue;
		*(const struct check_finding **)tmpvec_push(&fixed, sizeof(void *)) = &b->findings[i];
	}
	pair_changed(d, &added, &fixed);
	/* a rule that cannot judge a flow that no longer arrives has not been satisfied */
	struct tmpvec unjudged = { 0 };
	struct cell_index cells = { 0 };
	const struct check_finding **fv = fixed.items;
	size_t nfixed = 0;
	for (size_t i = 0; i < fixed.len; i++) {
		if (unjudged_after(a, fv[i], &cells))
			*(const struct check_finding **)tmpvec_push(&unjudged, sizeof(void *)) = fv[i];
		else
			fv[nfixed++] = fv[i];
	}
	fixed.len = nfixed;
	cell_index_free(&cells);
	d->nunjudged = unjudged.len;
	d->unjudged = tmpvec_finish(d->arena, &unjudged, sizeof(void *));
	/* finding_new: after's findings that stayed new */
	for (size_t i = 0; i < d->nfindings_changed; i++)
		d->finding_new[d->changed_to[i] - a->findings] = false;
	d->nadded = added.len;
	d->added = tmpvec_finish(d->arena, &added, sizeof(void *));
	d->nfixed = fixed.len;
	d->fixed = tmpvec_finish(d->arena, &fixed, sizeof(void *));
	free(kept);
	bytemap_free(ids);
}

/* The monthly figures of the changes whose flows have a volume (gb_per_month): the
 * per-GB charges times the volume, before and after (the fixed charges of the
 * resources on a path are shared by every flow that takes it: not one flow's). */
static void diff_monthly(struct check_diff *d, const struct check_report *a)
{
	for (size_t i = 0; i < d->nchanges; i++) {
		struct check_change *ch = &d->changes[i];
		const struct check_expect *e = ch->flow && ch->flow <= a->nflows ?
			&a->flows[ch->flow - 1].flow->expect : &a->a->all_pairs.expect;
		const struct check_outcome *x = &ch->before, *y = &ch->after;
		/* a side whose flow does not arrive moves nothing: $0 that month */
		if (!e->has_gb || x->error || y->error ||
		    (!check_outcome_moves(x) && !check_outcome_moves(y)))
			continue;
		ch->has_monthly = true;
		ch->gb = e->gb_per_month * (double)(ch->pairs ? ch->pairs : 1);
		ch->monthly_before = check_outcome_moves(x) ? round(x->per_gb * ch->gb * 1e6) / 1e6 : 0;
		ch->monthly_after = check_outcome_moves(y) ? round(y->per_gb * ch->gb * 1e6) / 1e6 : 0;
		d->monthly_change += ch->monthly_after - ch->monthly_before;
		d->nmonthly += ch->pairs ? ch->pairs : 1;
	}
	d->monthly_change = round(d->monthly_change * 1e6) / 1e6;
}

struct check_diff *check_diff(const struct check_report *b, const struct check_report *a)
{
	struct check_diff *d = xcalloc(1, sizeof(*d));
	d->arena = arena_new();
	d->old_file = b->t ? b->t->file : NULL;
	d->new_file = a->t ? a->t->file : NULL;
	struct changes c = { .d = d, .keys = bytemap_new() };
	size_t nflows = b->nflows < a->nflows ? b->nflows : a->nflows;
	for (size_t i = 0; i < nflows; i++) {
		const struct check_flow_result *fb = &b->flows[i], *fa = &a->flows[i];
		d->compared++;
		const char *what = what_changed(&fb->o, &fa->o, d->arena);
		if (what)
			add_change(&c, i + 1, fa->flow->from, fa->flow->to, 1, &fb->o, &fa->o, what, NULL, 0);
	}
	if (b->all_pairs && a->all_pairs)
		diff_all_pairs(&c, b, a);
	d->nchanges = c.v.len;
	d->changes = tmpvec_finish(d->arena, &c.v, sizeof(struct check_change));
	if (d->nchanges)
		qsort(d->changes, d->nchanges, sizeof(*d->changes), cmp_change);
	bytemap_free(c.keys);
	diff_monthly(d, a);
	diff_findings(d, b, a);
	return d;
}

void check_diff_free(struct check_diff *d)
{
	if (!d)
		return;
	arena_free(d->arena);
	free(d);
}
