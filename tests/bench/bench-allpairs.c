/* bench-allpairs.c - `vpcpath check` all_pairs on the generated topology: every
 * instance to every declared bucket, with the default rules and prices.
 *
 *   bench-allpairs FILE.yaml
 *
 * Prints (best of $BENCH_RUNS runs when it is set, else one run; the topology is loaded
 * once and not timed; BENCH_JOBS=N sets check's processes, default one per CPU):
 *   all-pairs check         SECONDS  pairs, traces, source x destination groups (aim < 2 s)
 *   all-pairs, one process  SECONDS  the same with one process, and the ratio
 *   all-pairs per trace     MICROSECONDS (one process)
 * Run by tests/bench/run from the top of the source tree (configs/ for the rules and
 * prices), linked against build/libvpcpath.a. */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

#include "vpcpath/check.h"
#include "vpcpath/cost.h"
#include "vpcpath/rules.h"
#include "vpcpath/topo.h"

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static const char *count(size_t n, char *buf, size_t len)
{
	char tmp[32];
	int k = snprintf(tmp, sizeof(tmp), "%zu", n);
	size_t o = 0;
	for (int i = 0; i < k && o + 2 < len; i++) {
		if (i > 0 && (k - i) % 3 == 0)
			buf[o++] = ',';
		buf[o++] = tmp[i];
	}
	buf[o] = '\0';
	return buf;
}

struct measure {
	double best;  /* seconds, the fastest run */
	size_t pairs, traces, groups, classes, failed;
};

static struct measure measure(const struct topology *t, const struct check_assertions *a,
			      const struct check_options *o, int runs)
{
	struct measure m = { .best = -1 };
	for (int i = 0; i < runs; i++) {
		double t0 = now();
		struct check_report *r = check_run(t, a, o);
		double dt = now() - t0;
		if (m.best < 0 || dt < m.best)
			m.best = dt;
		m.pairs = r->pairs;
		m.traces = r->traces;
		m.groups = r->ngroups;
		m.classes = r->nclasses;
		m.failed = r->pairs_failed;
		check_report_free(r);
	}
	return m;
}

int main(int argc, char **argv)
{
	if (argc != 2) {
		fputs("usage: bench-allpairs FILE.yaml\n", stderr);
		return 2;
	}
#ifdef __GLIBC__
	/* as `vpcpath check` does (src/cmd/check.c) */
	mallopt(M_MMAP_THRESHOLD, 4 * 1024 * 1024);
	mallopt(M_TRIM_THRESHOLD, 64 * 1024 * 1024);
	mallopt(M_TOP_PAD, 16 * 1024 * 1024);
#endif
	int runs = getenv("BENCH_RUNS") ? atoi(getenv("BENCH_RUNS")) : 1;
	if (runs < 1)
		runs = 1;
	struct diag_list d = { 0 };
	struct topo_load_options lo = { 0 };
	struct topology *t = topo_load(argv[1], &lo, &d);
	struct rules *rs = rules_load("configs/rules/default.yaml", &d);
	struct cost_pricing *p = cost_pricing_load("configs/pricing.yaml", &d);
	struct check_assertions *a = check_assertions_default();
	if (!t || !rs || !p || !a) {
		diag_print(&d, stderr, 1);
		return 1;
	}
	diag_list_clear(&d);
	/* as `vpcpath check --format json` (the richest report: every finding's example
	 * trace as JSON), with one process per CPU as check does, then with one */
	struct check_options o = { .pricing = p, .rules = rs, .example_traces = CHECK_TRACES_JSON };
	if (getenv("BENCH_JOBS"))
		o.jobs = atoi(getenv("BENCH_JOBS"));
	struct measure all = measure(t, a, &o, runs);
	o.jobs = 1;
	struct measure one = measure(t, a, &o, runs);

	char b1[32], b2[32], b3[32], b4[32], v[32], note[200];
	snprintf(v, sizeof(v), "%.3f s", all.best);
	snprintf(note, sizeof(note), "%s pairs, %s traces (%s x %zu groups), %s fail  (aim < 2 s: %s)",
		 count(all.pairs, b1, sizeof(b1)), count(all.traces, b2, sizeof(b2)),
		 count(all.groups, b3, sizeof(b3)), all.classes, count(all.failed, b4, sizeof(b4)),
		 all.best < 2.0 ? "ok" : "OVER AIM");
	printf("%-24s %-14s %s\n", "all-pairs check", v, note);
	snprintf(v, sizeof(v), "%.3f s", one.best);
	snprintf(note, sizeof(note), "one process (%.2fx the run above)",
		 all.best > 0 ? one.best / all.best : 0.0);
	printf("%-24s %-14s %s\n", "all-pairs, one process", v, note);
	snprintf(v, sizeof(v), "%.1f us", one.traces ? one.best / (double)one.traces * 1e6 : 0.0);
	printf("%-24s %-14s %s\n", "all-pairs per trace", v,
	       "one process: trace + cost + rules of one group pair");
	check_assertions_free(a);
	cost_pricing_free(p);
	rules_free(rs);
	topo_free(t);
	return 0;
}
