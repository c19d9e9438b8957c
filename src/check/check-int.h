/* check-int.h - private to src/check: what the loader, the grouping, the run (run.c,
 * pairs.c, parallel.c), the diff and the renderers share. */
#ifndef VPCPATH_CHECK_INT_H
#define VPCPATH_CHECK_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "vpcpath/check.h"
#include "vpcpath/map.h"
#include "vpcpath/trace.h"

/* The rule ids of the two kinds of assertion findings (SARIF rule ids, JUnit names). */
#define CHECK_RULE_ASSERTION "assertion"
#define CHECK_RULE_ALL_PAIRS "all-pairs"

/* The number of built-in rules (rules_builtin_ids), and the index of an id or -1. */
size_t check_rule_count(void);
int check_rule_index(const char *id);

/* ---- grouping (group.c) ---- */

/* What the grouping knows of a topology: every CIDR it decides on (see check.h). */
struct check_grouping;
struct check_grouping *check_grouping_new(const struct topology *t);
void check_grouping_free(struct check_grouping *g);
/* An all_pairs destination inside a VPC (an instance, or an address a): its subnet is
 * kept apart, and the instance (may be NULL) is grouped with no other source.  Call
 * before check_group_sources. */
void check_grouping_mark_destination(struct check_grouping *g, const struct topology *t,
				     const struct net_addr *a, const struct topo_instance *in);
/* true when sources cannot be grouped at all (a policy variable in an IP condition) */
bool check_grouping_sources_off(const struct check_grouping *g);

/* Groups equivalent sources: group_of[i] receives the group of src[i]; *groups the
 * groups in order of their first member (rep), malloc'd with their subnets arrays
 * (the caller frees both).  Returns the number of groups.  g == NULL: every source
 * alone. */
size_t check_group_sources(const struct check_grouping *g, const struct topology *t,
			   const struct topo_instance *const *src, size_t n, size_t *group_of,
			   struct check_group **groups);

/* Groups equivalent destinations (declared buckets and tables): class_of[i] receives
 * the class of d[i]; returns the number of classes, numbered in order of first member.
 * resource[i] is the ARN the trace evaluates policies for (from a probe trace), NULL
 * when unknown (then the destination is alone).  g == NULL: every destination alone. */
size_t check_group_destinations(const struct check_grouping *g, const struct topology *t,
				const struct check_destination *d, const char *const *resource,
				size_t n, size_t *class_of);

/* ---- small helpers (run.c) ---- */

/* Renders a trace in text (no colour) or JSON into a malloc'd string. */
char *check_render_trace(const struct trace_result *r, bool json);
/* "12,345" into buf. */
const char *check_count_str(size_t n, char *buf, size_t len);

/* ---- the run (run.c, pairs.c, parallel.c) ---- */

/* A set of destination groups, as check_finding.classes: sorted disjoint ranges
 * (malloc'd; class_set_free). */
struct class_set {
	struct check_class_range *r;
	size_t n, cap;
};
/* Adds destination group k to s; true when it was not in s yet.  Groups met in
 * increasing order (a row of cells) are appended without a search. */
bool class_set_add(struct class_set *s, size_t k);
void class_set_free(struct class_set *s);

struct finding_acc {               /* per finding, while counting */
	size_t last_group;
	bool all_pairs;                /* an all_pairs finding (else a flow's) */
	struct class_set classes;      /* the destination groups it covers */
};

/* One check_run's state: check_run (run.c) makes and frees it. */
struct run {
	const struct topology *t;
	const struct check_options *o;
	struct check_report *r;
	struct bytemap *strings;       /* interned strings: text -> index in strs */
	const char **strs;
	size_t nstrs, capstrs;
	struct bytemap *fkeys;         /* finding key -> index */
	struct check_finding *f;
	struct finding_acc *acc;
	struct keybuf *keys;           /* each finding's key (for the workers' merge) */
	size_t nf, capf;
	/* members: next destination of the same group, first and next source of a group */
	size_t *dest_next, *group_first, *source_next;
	/* the places of each group's and destination group's representative, and of each
	 * source and destination, once known */
	const char **group_where, **class_where, **source_where, **dest_where;
	/* findings per member destination of a destination group, for a failure at the
	 * members' own places (pair_finding): key -> index in member_findings */
	struct bytemap *member_sets;
	size_t **member_findings;
	size_t nmember_findings, capmember_findings;
	struct keybuf kb;              /* a key being built (reused) */
	struct trace_memo *memo;       /* what all_pairs' traces share (trace.h) */
	/* progress */
	bool progress, shown;
	struct timespec start, last;
	size_t done, total;
	size_t total_scale;            /* workers trace alongside: count this one's traces N times */
};

/* run.c: the run's strings, places and findings.  Strings and places are the report's
 * (its arena); a trace_one result is the caller's to free (trace_result_free). */
const char *intern(struct run *run, const char *s);
const char *loc_of(struct run *run, struct topo_loc loc);
/* the resource at fault when an assertion fails, or when rule id fails */
const char *fault_where(struct run *run, const struct trace_result *tr);
const char *rule_where(struct run *run, const struct trace_result *tr, const char *id);
/* "--from X: …" as the assertions file spells it; *about_to when it is about to: */
const char *flow_error(struct run *run, const struct diag_list *d, bool *about_to);
void outcome_of(struct run *run, const struct trace_result *tr, struct check_outcome *o);
/* fills the assertion's parts of o; returns what failed ("" when it holds) */
const char *judge(struct run *run, const struct trace_result *tr, const struct check_expect *e,
		  struct check_outcome *o);
/* the finding of key, made (zeroed, *added) when new */
struct check_finding *finding(struct run *run, const char *key, size_t klen, bool *added);
/* counts the flows of cell (grp, cls) into their finding: at where (add_pair), or at
 * each member's own place when where is a group representative's (pair_finding) */
void add_pair(struct run *run, enum check_finding_kind kind, const char *rule, bool error,
	      const char *message, const char *where, const struct trace_result *tr,
	      const struct check_outcome *o, size_t grp, size_t cls, size_t dest, bool one);
void pair_finding(struct run *run, enum check_finding_kind kind, const char *rule, bool error,
		  const char *message, const char *where, const struct trace_result *tr,
		  const struct check_outcome *o, size_t grp, size_t cls);
/* adds the results of tr's rules, weight flows each, to the report's rule counts */
void count_rules(struct run *run, const struct trace_result *tr, size_t weight);
/* trace_run with cost and rules applied (and the progress counted) */
struct trace_result *trace_one(struct run *run, struct trace_query *q, struct diag_list *d);

/* pairs.c: all_pairs: selects the sources and destinations, groups them and traces
 * every cell (one per source group and destination group) into the report */
void run_all_pairs(struct run *run);
/* traces the cells of groups [g0, g1); class_failed[k] counts the failed sources of
 * destination group k */
void run_cells(struct run *run, size_t g0, size_t g1, size_t *class_failed);

/* parallel.c: run_cells over every group, in forked workers when it is worth it
 * (check_options.jobs); the report is the same as one process's */
void run_cells_parallel(struct run *run, size_t *class_failed);

#endif
