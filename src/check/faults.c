/* faults.c - a report's findings grouped by the place that decides them (check.h,
 * struct check_fault): one broken route or association fails many flows several ways
 * (an assertion, private-path, a cost rule), and a report names it once with what it
 * breaks.  Every output form groups by this one function, so they agree. */
#include <stdlib.h>
#include <string.h>

#include "check-int.h"
#include "vpcpath/arena.h"
#include "vpcpath/map.h"
#include "vpcpath/util.h"

static int cmp_size(const void *a, const void *b)
{
	size_t x = *(const size_t *)a, y = *(const size_t *)b;
	return x < y ? -1 : x > y;
}

/* The all_pairs flows of fault ft, by way (kind and rule): one cell of all_pairs fails a
 * rule in one way at one place, so a way's findings cover disjoint flows and their sum
 * is exact.  Two ways may cover the same flows or not (private-path and max-cost fail
 * together, no-cross-az for some of them), and the cells are not kept to tell: the
 * largest way is then a lower bound (pairs_at_least), never a sum that could count a
 * flow twice. */
static void count_all_pairs(const struct check_report *r, struct check_fault *ft)
{
	enum { MAX_WAYS = 32 };
	const char *rule[MAX_WAYS];
	enum check_finding_kind kind[MAX_WAYS];
	size_t sum[MAX_WAYS], nways = 0;
	bool overflow = false;
	for (size_t i = 0; i < ft->nfindings; i++) {
		const struct check_finding *fd = &r->findings[ft->findings[i]];
		if (fd->flow || !fd->pairs)
			continue;
		size_t w = 0;
		while (w < nways && !(kind[w] == fd->kind && !strcmp(rule[w], fd->rule_id)))
			w++;
		if (w == nways) {
			if (nways == MAX_WAYS) {
				overflow = true;
				continue;
			}
			rule[w] = fd->rule_id;
			kind[w] = fd->kind;
			sum[w] = 0;
			nways++;
		}
		sum[w] += fd->pairs;
	}
	for (size_t w = 0; w < nways; w++)
		if (sum[w] > ft->pairs)
			ft->pairs = sum[w];
	ft->pairs_at_least = nways > 1 || overflow;
}

struct check_fault *check_report_faults(const struct check_report *r, size_t *n)
{
	struct check_fault *faults = arena_alloc(r->arena, (r->nfindings ? r->nfindings : 1) *
							       sizeof(*faults));
	size_t nf = 0;
	struct bytemap *places = bytemap_new();
	/* first pass: which fault each finding is in, and how many each holds */
	size_t *of = xmalloc((r->nfindings ? r->nfindings : 1) * sizeof(*of));
	for (size_t i = 0; i < r->nfindings; i++) {
		const struct check_finding *fd = &r->findings[i];
		bool added = true;
		size_t k = fd->where ? bytemap_get_or_add(places, fd->where, strlen(fd->where), nf,
							  &added) : nf;
		if (added)
			faults[nf++] = (struct check_fault){ .where = fd->where };
		of[i] = k;
		faults[k].nfindings++;
	}
	for (size_t k = 0; k < nf; k++) {
		/* room for a flow per finding: sorted and made unique below */
		faults[k].findings = arena_alloc(r->arena, faults[k].nfindings * sizeof(size_t));
		faults[k].flows = arena_alloc(r->arena, faults[k].nfindings * sizeof(size_t));
		faults[k].nfindings = 0;
	}
	for (size_t i = 0; i < r->nfindings; i++) {
		const struct check_finding *fd = &r->findings[i];
		struct check_fault *ft = &faults[of[i]];
		ft->findings[ft->nfindings++] = i;
		ft->error = ft->error || fd->error;
		if (!ft->resource)
			ft->resource = fd->fault;
		if (fd->flow) {
			ft->flows[ft->nflows++] = fd->flow;
		} else if (fd->pairs > ft->pairs) {
			ft->pairs = fd->pairs;
			ft->example_from = fd->example_from;
			ft->example_to = fd->example_to;
		}
	}
	for (size_t k = 0; k < nf; k++)
		count_all_pairs(r, &faults[k]);
	for (size_t k = 0; k < nf; k++) {
		struct check_fault *ft = &faults[k];
		if (ft->nflows > 1)
			qsort(ft->flows, ft->nflows, sizeof(*ft->flows), cmp_size);
		size_t u = 0;
		for (size_t i = 0; i < ft->nflows; i++)
			if (!u || ft->flows[u - 1] != ft->flows[i])
				ft->flows[u++] = ft->flows[i];
		ft->nflows = u;
	}
	free(of);
	bytemap_free(places);
	*n = nf;
	return faults;
}
