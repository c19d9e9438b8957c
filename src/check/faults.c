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

static void fault_add_flow(struct arena *a, struct check_fault *ft, size_t flow)
{
	for (size_t i = 0; i < ft->nflows; i++)
		if (ft->flows[i] == flow)
			return;
	size_t *grown = arena_alloc(a, (ft->nflows + 1) * sizeof(*grown));
	size_t k = 0;
	for (; k < ft->nflows && ft->flows[k] < flow; k++)
		grown[k] = ft->flows[k];
	grown[k] = flow;
	for (; k < ft->nflows; k++)
		grown[k + 1] = ft->flows[k];
	ft->flows = grown;
	ft->nflows++;
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
		faults[k].findings = arena_alloc(r->arena, faults[k].nfindings * sizeof(size_t));
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
			fault_add_flow(r->arena, ft, fd->flow);
		} else if (fd->pairs > ft->pairs) {
			ft->pairs = fd->pairs;
			ft->example_from = fd->example_from;
			ft->example_to = fd->example_to;
		}
	}
	free(of);
	bytemap_free(places);
	*n = nf;
	return faults;
}
