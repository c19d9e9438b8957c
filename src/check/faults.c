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
