/* check.h - `vpcpath check` and `vpcpath diff`: many flows traced against a topology,
 * each held to an assertion and to the compliance rules, for CI (cli.md "check").
 *
 * Three parts:
 *   - the assertions file (check_assertions_load): the flows to check, what is expected
 *     of them, and optionally every instance against every bucket and table
 *     (all_pairs);
 *   - the run (check_run): traces every flow, and for all_pairs traces one member of
 *     each group of equivalent sources against one member of each group of equivalent
 *     destinations (see "Grouping" below); failures are aggregated into findings, each
 *     located at the resource at fault;
 *   - the comparison of two runs (check_diff): the flows whose verdict, path, cost or
 *     compliance changed between two topologies.
 *
 * Grouping.  200,000 instances against 100 buckets is 20 million flows; most of them
 * differ only in the source's address.  Two instances are traced once, as a group,
 * when everything the trace reads about them is the same: the VPC, route table,
 * network ACL, security groups (in order), role, ephemeral ports and which addresses
 * they have; the subnet itself when it holds a NAT gateway, an endpoint interface or a
 * transit gateway attachment; the AZ when some hop compares AZs with it; and, for each
 * address, the set of CIDRs of the whole topology that contain it (every security
 * group, network ACL, route, prefix list entry and policy IpAddress condition), with
 * their prefix lengths in order.  Two declared buckets (or tables) are traced once
 * when they share service, region, account and a missing resource policy, no `dns:`
 * pin names them, every endpoint and identity policy Resource pattern matches all of
 * them or none, and no CIDR of the topology splits the service's address range (the
 * name picks the address).  Anything that cannot be shown equivalent is traced on its
 * own (a policy variable in an IP condition turns source grouping off).
 * check_options.no_grouping traces every pair (for verification).
 *
 * Ownership: check_assertions_load() returns assertions the caller frees with
 * check_assertions_free().  check_run() returns a report the caller frees with
 * check_report_free(); the report borrows the topology, the assertions and the rules
 * (they must outlive it) and owns everything else.  check_diff() returns a diff the
 * caller frees with check_diff_free(); it borrows both reports.
 */
#ifndef VPCPATH_CHECK_H
#define VPCPATH_CHECK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "vpcpath/cost.h"
#include "vpcpath/diag.h"
#include "vpcpath/rules.h"
#include "vpcpath/topo.h"
#include "vpcpath/trace.h"

struct arena;
struct yamlread_doc;

/* ---- the assertions file ----------------------------------------------------------- */

/* What a flow (or every all_pairs flow) must be.  expect is always set; the rest are
 * optional. */
struct check_expect {
	enum trace_verdict verdict;   /* default reachable */
	const char *path;             /* cli.md path vocabulary ('+'-joined); NULL: any */
	bool has_max_cost;
	double max_cost_per_gb;       /* USD */
	bool has_gb;
	double gb_per_month;          /* gb_per_month: the flow's volume (all_pairs: each
	                               * pair's), for the cost per month */
};

struct check_flow {
	const char *name;             /* `name:`, else NULL */
	const char *from, *to;
	struct check_expect expect;
	const char *action;           /* NULL: the service's default */
	const char *principal;        /* NULL: the instance's role */
	int port;                     /* -1: default (443) */
	int protocol;                 /* TOPO_PROTO_* */
	unsigned line, col;           /* of the flow in the assertions file */
	unsigned from_line, from_col, to_line, to_col;
};

/* A shell pattern (fnmatch) of all_pairs, with its place in the assertions file. */
struct check_pattern {
	const char *text;
	const char *tag;    /* tags, exclude_tags: the tag whose value text matches; else NULL */
	unsigned line, col;
};

struct check_all_pairs {
	bool enabled;
	/* filters; an empty list admits everything */
	struct check_pattern *instances; size_t ninstances;  /* on instance id or name */
	struct check_pattern *vpcs; size_t nvpcs;            /* on VPC id or name */
	struct check_pattern *subnets; size_t nsubnets;      /* on subnet id or name */
	struct check_pattern *exclude; size_t nexclude;      /* instance id/name left out */
	struct check_pattern *tags; size_t ntags;            /* tags the instance has, all */
	struct check_pattern *exclude_tags; size_t nexclude_tags; /* any one: left out */
	struct check_pattern *destinations; size_t ndestinations; /* s3://…, dynamodb://…,
	                                   * instance or on-premises id/name, address */
	struct check_expect expect;
	unsigned line, col;
};

struct check_assertions {
	const char *file;             /* as given; NULL when built in (no file) */
	const char *rules_file;       /* `rules:` resolved against the file's directory */
	unsigned rules_line, rules_col;
	const char *topology_file;    /* `topology:` resolved likewise, or NULL */
	const char *now;              /* `now:` the request time (ISO 8601), or NULL */
	struct check_flow *flows; size_t nflows;
	struct check_all_pairs all_pairs;
	struct arena *arena;
	struct yamlread_doc *doc;
};

/* Loads FILE.  NULL on any error, every problem added to *diags as FILE:LINE:COL
 * (unknown keys and values with a "did you mean" hint). */
struct check_assertions *check_assertions_load(const char *file, struct diag_list *diags);
/* The same; `topology:` and `rules:` must stay inside the file's directory (symbolic
 * links resolved) unless allow_outside_paths (--allow-outside-paths).  The plain
 * form confines them. */
struct check_assertions *check_assertions_load_ex(const char *file, bool allow_outside_paths,
						  struct diag_list *diags);
/* The same from a buffer; name is used in messages and dir for relative paths. */
struct check_assertions *check_assertions_load_buffer(const char *name, const char *dir,
						      const char *buf, size_t len,
						      struct diag_list *diags);
/* No file: `all_pairs: true` and nothing else. */
struct check_assertions *check_assertions_default(void);
void check_assertions_free(struct check_assertions *a);

/* ---- the run ----------------------------------------------------------------------- */

/* Which forms of an example trace a report prints (check_output.example_traces). */
enum check_trace_forms {
	CHECK_TRACES_BOTH = 0,  /* text and JSON: the default */
	CHECK_TRACES_TEXT,
	CHECK_TRACES_JSON,
	CHECK_TRACES_NONE,
};

struct check_options {
	const struct cost_pricing *pricing;   /* may be NULL: no cost */
	const struct rules *rules;            /* may be NULL: no rules */
	bool no_grouping;                     /* trace every all_pairs flow separately */
	int jobs;                             /* processes for all_pairs: 0 one per CPU (at
	                                       * most 8, when there are enough traces), 1 none */
	bool progress;                        /* a progress line on stderr when the run is long */
	enum check_trace_forms example_traces; /* the forms of findings' example traces to
	                                       * render (rendering is most of a finding's
	                                       * cost; a report prints one form at most) */
	const char *now;                      /* the request time of every flow (ISO 8601,
	                                       * trace_query.now); NULL: trace's default */
	bool keep_cells;                      /* keep every all_pairs cell's outcome
	                                       * (check_report.cells, check_report_cell):
	                                       * what check_diff compares.  Memory then grows
	                                       * as source groups x destination groups; without
	                                       * it the run keeps only the findings and counts */
};

/* The compact answer for one flow: what check and diff compare. */
struct check_outcome {
	bool error;                 /* the flow could not be traced (message in the finding) */
	enum trace_verdict verdict;
	const char *reason;         /* reason code, NULL when reachable */
	const char *path;
	bool cost_computed;
	double per_gb;
	bool rules_evaluated, compliant;
	uint32_t rules_failed;      /* bit i: rules_builtin_ids[i] failed */
	uint32_t errors_failed;     /* the failed rules of severity error */
	bool verdict_ok, path_ok, cost_ok;  /* the assertion's parts */
};

enum check_finding_kind { CHECK_ASSERTION, CHECK_RULE };

/* In a finding's identity, what separates its subject from its details. */
#define CHECK_IDENTITY_DETAILS " @ "

/* Destination groups lo to hi - 1 (check_finding.classes): a finding covers most often
 * one group or all of them, so ranges keep it small where a bitmap per finding would
 * grow as findings times destination groups. */
struct check_class_range { size_t lo, hi; };

/* A failure (or a warning), with the flows it covers.  In all_pairs, the flows that
 * fail in the same way at the same place are one finding. */
struct check_finding {
	enum check_finding_kind kind;
	const char *rule_id;        /* "assertion", "all-pairs", or a built-in rule id */
	bool error;                 /* level error (else warning) */
	const char *message;        /* one line: what is wrong and what to change */
	const char *where;          /* FILE:LINE:COL of the resource at fault, may be NULL */
	const char *where_file;     /* where, split */
	unsigned line, col;         /* 0: the place in where_file is not known */
	const char *where_resource; /* imported topology: the Terraform address or AWS id
	                             * of the resource at where (origins.h), else NULL */
	const char *fault;          /* the resource at where by id ("rtb-app 0.0.0.0/0",
	                             * "sg-app"), NULL when no hop names it */
	const char *identity;       /* what the finding is about, by ids and names rather
	                             * than places: equal in two runs on two versions of
	                             * a topology when it is the same failure (--baseline);
	                             * what follows CHECK_IDENTITY_DETAILS (when there) is
	                             * how it fails, which a change may change */
	size_t flow;                /* 1-based index in flows:, 0 for all_pairs */
	size_t pairs;               /* flows covered (all_pairs: instances x destinations) */
	size_t instances, destinations, groups;
	const char *example_from, *example_to;
	const char *trace_text;     /* the example's trace, text form (no colour) */
	const char *trace_json;     /* the same as a JSON document */
	cJSON *trace_doc;           /* or as a tree, which the report owns (all_pairs
	                             * findings: no printing and parsing again) */
	const struct check_class_range *classes; /* all_pairs: the destination groups it
	                               * covers, as sorted disjoint ranges (ask
	                               * check_finding_covers); NULL for flows */
	size_t nclass_ranges;
	size_t dest;                /* all_pairs: 1-based index in dests when it is about that
	                             * destination alone (its own place), else 0 */
};

struct check_flow_result {
	const struct check_flow *flow;
	struct check_outcome o;
	bool passed;                /* the assertion holds (rules are reported apart) */
	const char *failure;        /* what did not hold, NULL when passed */
	const char *trace_text, *trace_json;  /* NULL when the flow could not be traced */
	const char *borrowed;       /* the pricing figures its cost takes from the fallback
	                             * Region (", "-joined keys, F8.1), else NULL */
	const char *borrowed_region; /* the flow's Region, which lacks them */
};

/* One group of equivalent sources. */
struct check_group {
	const struct topo_instance *rep;       /* the member traced */
	size_t members;
	size_t nsubnets;
	const struct topo_subnet **subnets;    /* the members' subnets */
};

/* One destination of all_pairs: a declared bucket or table, or what destinations:
 * names as a flow's to: may (an instance, an on-premises network, an address,
 * internet[:ADDRESS]). */
struct check_destination {
	const char *uri;            /* s3://NAME, dynamodb://NAME, or the to: word */
	const struct topo_bucket *decl; /* the bucket or table, else NULL */
	struct topo_loc loc;        /* its place in the topology (0:0: an address) */
	size_t cls;                 /* its destination group */
	size_t pairs, passed, failed;
};

struct check_rule_summary {
	const char *id, *severity, *description;
	size_t pass, fail, na;      /* flows (all_pairs pairs counted one by one) */
};

struct check_report {
	const struct topology *t;
	const struct check_assertions *a;
	const char *rules_file;     /* for the report, may be NULL */
	const struct cost_pricing *pricing; /* the prices the run used (borrowed), may be NULL */
	struct arena *arena;

	struct check_flow_result *flows; size_t nflows;
	size_t flows_passed, flows_failed;

	/* all_pairs */
	bool all_pairs;
	const struct topo_instance **sources; size_t nsources;  /* filtered, file order */
	size_t *source_group;                                   /* per source */
	struct check_group *groups; size_t ngroups;
	struct check_destination *dests; size_t ndests;
	const struct check_pattern **unmatched; size_t nunmatched; /* filters matching nothing */
	struct diag_list errors;    /* a selection that selects nothing: the check cannot be
	                             * made (exit 2), located in the assertions file */
	size_t *class_rep;          /* per destination group: the index in dests traced */
	size_t *class_members;      /* per destination group: how many dests */
	size_t nclasses;
	struct check_outcome *cells; /* ngroups x nclasses, row-major by group; NULL
	                              * unless check_options.keep_cells */
	size_t pairs, pairs_passed, pairs_failed, traces;
	/* all_pairs: the pairs a path was priced for, and the sum of their per-GB
	 * charges, each pair counted (what gb_per_month multiplies; cells are not kept) */
	size_t pairs_priced;
	double pairs_per_gb_sum;
	bool grouping_off;          /* source grouping was turned off (policy variables) */

	bool rules_evaluated;
	struct check_rule_summary *rules; size_t nrules;
	struct check_finding *findings; size_t nfindings;
	size_t rule_errors, rule_warnings;   /* findings of kind CHECK_RULE */
	bool passed;                /* every assertion and every error-severity rule holds;
	                             * with fail_on_new, no error finding is new against
	                             * the baseline (check_diff's new_errors is 0) */
	bool fail_on_new;           /* set by the caller (`check --fail-on new`) */
	double seconds;             /* tracing time */
};

/* Runs every assertion of a against t.  Never fails: a flow that cannot be traced
 * (an unknown source, say) is a failed assertion with the reason as its message. */
struct check_report *check_run(const struct topology *t, const struct check_assertions *a,
			       const struct check_options *o);
void check_report_free(struct check_report *r);

/* The outcome of the all_pairs flow from sources[si] to dests[di]; NULL when the run
 * did not keep the cells (check_options.keep_cells). */
const struct check_outcome *check_report_cell(const struct check_report *r, size_t si, size_t di);

/* The Regions of the topology's VPCs that the pricing file does not list, whose costs
 * are estimates with the fallback Region's figures (F8.1): up to max of them into out
 * (borrowed strings), in topology order; returns how many there are in all. */
size_t check_unpriced_regions(const struct check_report *r, const char **out, size_t max);

/* One fault: the findings decided at one place (the route, rule or policy at fault),
 * however many ways and flows they fail, so a report shows the cause once with what
 * it breaks.  A finding without a place is a fault of its own. */
struct check_fault {
	const char *where;          /* FILE:LINE:COL, NULL when the finding has none */
	const char *resource;       /* check_finding.fault of its findings, may be NULL */
	bool error;                 /* one of its findings is an error */
	size_t *findings; size_t nfindings; /* indexes into r->findings, in report order */
	size_t *flows; size_t nflows;       /* the flows: entries it fails, ascending */
	size_t pairs;               /* all_pairs flows it fails: exact when one way (one
	                             * rule, or the assertion) fails them, else the most
	                             * that one way fails (pairs_at_least) */
	bool pairs_at_least;        /* pairs is a lower bound: several ways fail all_pairs
	                             * flows, which may be the same flows or not */
	const char *example_from, *example_to; /* an all_pairs example, NULL when none */
};

/* The faults of a report, in the order of their first finding (errors first, as the
 * findings are); allocated in r->arena. */
struct check_fault *check_report_faults(const struct check_report *r, size_t *n);

/* Whether all_pairs finding f covers destination group cls (f->classes). */
bool check_finding_covers(const struct check_finding *f, size_t cls);

/* Whether o's flow arrives with a priced path, so that a volume (gb_per_month) moves
 * and is charged: a denied or unreachable flow's data never moves. */
bool check_outcome_moves(const struct check_outcome *o);

/* "expected reachable, got denied (RESOURCE_POLICY_DENIED)" … for messages; into buf. */
const char *check_outcome_str(const struct check_outcome *o, char *buf, size_t len);

/* The outcome's compliance as every report words it (rules_compliance_word):
 * "compliant", "non-compliant" (an error rule fails), "not evaluated" (rules were
 * applied, but the flow had no path to judge: compliant false and no error failed),
 * NULL when no rules were applied (or the flow could not be traced). */
const char *check_outcome_compliance(const struct check_outcome *o);

/* ---- the comparison of two runs ---------------------------------------------------- */

struct check_change {
	size_t flow;                /* 1-based index in flows:, 0 for all_pairs */
	const char *from, *to;      /* the example flow */
	size_t pairs;               /* flows that changed in the same way */
	struct check_outcome before, after;
	const char *what;           /* "verdict, path, cost, compliance": what changed */
	/* the flow's gb_per_month (all_pairs: each pair's, times pairs): its per-GB
	 * charges per month before and after, when both are priced */
	bool has_monthly;
	double gb;                  /* GB a month of all the flows of the change */
	double monthly_before, monthly_after;
};

struct check_diff {
	const char *old_file, *new_file;
	struct check_change *changes; size_t nchanges;
	size_t compared, changed;   /* flows compared, flows changed */
	/* all_pairs sources and destinations present in one topology only */
	const char **only_old_sources, **only_new_sources;
	size_t nonly_old_sources, nonly_new_sources;
	const char **only_old_dests, **only_new_dests;
	size_t nonly_old_dests, nonly_new_dests;
	/* the findings, matched by identity: after's that before lacks (added, and
	 * finding_new[i] for after->findings[i]), and before's that after lacks (fixed) */
	bool *finding_new;
	const struct check_finding **added; size_t nadded;
	size_t new_errors;                    /* added findings of level error */
	size_t unchanged;                     /* after's findings before has too */
	const struct check_finding **fixed; size_t nfixed;
	/* before's rule findings that after lacks only because it could not judge them:
	 * their flow no longer arrives (or could not be traced), and a rule judges the path
	 * of a flow that arrives.  Neither fixed nor new (the flow's own failure is). */
	const struct check_finding **unjudged; size_t nunjudged;
	/* the same finding in both, changed: about the same thing (rule, flow or
	 * destination) but with another path, place or verdict, which the change itself
	 * may make (changed_from[i] in before became changed_to[i] in after); never also
	 * new or fixed */
	const struct check_finding **changed_from, **changed_to;
	size_t nfindings_changed;
	/* the changes with a monthly figure: their sum (after - before), and the flows
	 * they cover */
	double monthly_change; size_t nmonthly;
	struct arena *arena;
};

/* Compares two runs of the same assertions (before = old topology).  The all_pairs
 * flows are compared only when both runs kept their cells (check_options.keep_cells). */
struct check_diff *check_diff(const struct check_report *before, const struct check_report *after);
void check_diff_free(struct check_diff *d);

#endif
