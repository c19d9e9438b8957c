/* classes.c - the destination groups an all_pairs finding covers, as sorted disjoint
 * ranges (check.h, struct check_class_range; check-int.h, struct class_set).  A finding
 * covers one destination group (a place of its own), or all of them (a source's own
 * place), or a few runs of them: ranges stay small where a bitmap per finding would
 * take findings x destination groups bits (issue 15 item 1: 20,000 buckets, each
 * failing at its own policy, once took 100 MB of bitmaps). */
#include <stdlib.h>
#include <string.h>

#include "check-int.h"
#include "vpcpath/arena.h"

/* The first range of r[0..n) that ends after k (n when none does). */
static size_t range_after(const struct check_class_range *r, size_t n, size_t k)
{
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (r[mid].hi <= k)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

bool class_set_add(struct class_set *s, size_t k)
{
	/* a row of cells meets the groups in increasing order: past the last range */
	size_t i = s->n && s->r[s->n - 1].hi <= k ? s->n : range_after(s->r, s->n, k);
	if (i < s->n && s->r[i].lo <= k)
		return false;
	bool after_prev = i > 0 && s->r[i - 1].hi == k;
	bool before_next = i < s->n && s->r[i].lo == k + 1;
	if (after_prev && before_next) {  /* k fills the gap between two ranges */
		s->r[i - 1].hi = s->r[i].hi;
		memmove(&s->r[i], &s->r[i + 1], (s->n - i - 1) * sizeof(*s->r));
		s->n--;
	} else if (after_prev) {
		s->r[i - 1].hi = k + 1;
	} else if (before_next) {
		s->r[i].lo = k;
	} else {
		if (s->n == s->cap) {
			s->cap = s->cap ? 2 * s->cap : 4;
			s->r = xrealloc(s->r, s->cap * sizeof(*s->r));
		}
		memmove(&s->r[i + 1], &s->r[i], (s->n - i) * sizeof(*s->r));
		s->r[i] = (struct check_class_range){ k, k + 1 };
		s->n++;
	}
	return true;
}

void class_set_free(struct class_set *s)
{
	free(s->r);
	*s = (struct class_set){ 0 };
}

bool check_finding_covers(const struct check_finding *f, size_t cls)
{
	if (!f->classes)
		return false;
	size_t i = range_after(f->classes, f->nclass_ranges, cls);
	return i < f->nclass_ranges && f->classes[i].lo <= cls;
}
