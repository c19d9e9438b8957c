/* check-int.h - private to src/check: what the loader, the grouping, the run, the
 * diff and the renderers share. */
#ifndef VPCPATH_CHECK_INT_H
#define VPCPATH_CHECK_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "vpcpath/check.h"
#include "vpcpath/map.h"

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

#endif
