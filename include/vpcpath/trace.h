/* trace.h - one flow traced hop by hop through a topology.
 *
 * Ownership: trace_run() returns a result that owns all its strings (one arena);
 * trace_result_free() releases it.  The result borrows nothing from the topology, so
 * it outlives it.  Renderers (out.h) and cost/rules read a finished result.
 */
#ifndef VPCPATH_TRACE_H
#define VPCPATH_TRACE_H

#include <stdbool.h>
#include <stddef.h>

#include "vpcpath/addr.h"
#include "vpcpath/diag.h"
#include "vpcpath/topo.h"

enum trace_verdict {
	TRACE_REACHABLE,
	TRACE_UNREACHABLE,
	TRACE_DENIED,
	TRACE_AMBIGUOUS,
	TRACE_EXITS_MODEL,
};
const char *trace_verdict_name(enum trace_verdict v);
bool trace_verdict_parse(const char *s, enum trace_verdict *out);

enum trace_hop_result { HOP_PASS, HOP_ALLOW, HOP_DENY, HOP_DROP };
const char *trace_hop_result_name(enum trace_hop_result r);

struct trace_kv {
	const char *key, *value;
};

struct trace_hop {
	int n;
	const char *kind;       /* cli.md hop kind vocabulary */
	const char *id;
	/* the object's name where outputs show it by its name (topo_display: a Terraform
	 * address), else NULL; shown: what text shows for id ("ADDRESS" or "ADDRESS (ID)"),
	 * NULL: the id itself.  The same for the route's target. */
	const char *name, *shown;
	const char *route_target_name, *route_target_shown;
	const char *direction;  /* "egress" | "ingress" | NULL */
	enum trace_hop_result result;
	bool has_rule;
	long rule;              /* SG rule index (1-based), NACL rule number; 32767 = "*" */
	const char *detail;     /* human detail, may be NULL */
	/* route-table hops */
	const char *route_destination, *route_matched, *route_target;
	/* policy hops */
	const char *policy_decision, *policy_statement, *policy_by, *policy_explanation;
	bool deciding;          /* the hop that decided a failure */
	bool root_cause;        /* the hop to change for a failure decided at a later one: a
	                         * route table that sends the flow past the VPC endpoint a
	                         * resource policy requires (check locates the failure here) */
	const char *hint;       /* what would have had to be different, may be NULL */
	const char *where;      /* FILE:LINE:COL of the deciding rule/resource, may be NULL */
};

struct trace_cost_item {
	const char *code, *what;
	double per_gb;
};

struct trace_alternative {
	const char *path, *via;   /* path vocabulary; the NAT/IGW/endpoint id */
	bool cross_az;            /* the source would reach it across AZs */
	double per_gb;            /* filled by cost_apply */
	const char *note;
	const char *fix;          /* path_alternatives: the smallest change that would make
	                           * it the flow's path ("associate vpce-1 with rtb-2"), NULL
	                           * when not known (and in brief traces) */
};

struct trace_cost {
	bool computed;
	const char *currency;
	double per_gb, fixed_monthly;
	struct trace_cost_item *items; size_t nitems;
	struct trace_alternative *alternatives; size_t nalternatives;
	bool has_gb;
	double gb, monthly_total;  /* monthly_total: per_gb x gb + fixed_monthly */
	const char *pricing_region; /* the Region whose figures priced the flow (NULL in a
	                             * brief trace) */
	const char **borrowed; size_t nborrowed; /* figures the source's Region lacks, taken
	                             * from pricing_region (a warning says so) */
	bool pricing_fallback;      /* pricing_region is not the source's Region */
};

enum rule_outcome { RULE_PASS, RULE_FAIL, RULE_NA };

struct trace_rule_result {
	const char *id, *severity;
	enum rule_outcome result;
	const char *message;
};

struct trace_compliance {
	bool evaluated;         /* a rule set was applied (not --rules none) */
	bool judged;            /* evaluated, and the flow has a path to judge: false for a
	                         * flow that is unreachable, denied or ambiguous, whose
	                         * compliance is "not evaluated" (rules.h) */
	bool compliant;         /* judged and no error-severity rule fails */
	struct trace_rule_result *rules; size_t nrules;
};

struct trace_warning {
	const char *code, *message, *where;
};

/* What bulk runs remember across the traces of one topology: route tables' answers,
 * parsed destinations, resources' places (src/trace/memo.c).  The caller owns it and
 * frees it before the topology, and after every result traced with it: results borrow
 * its strings. */
struct trace_memo;
struct trace_memo *trace_memo_new(void);
void trace_memo_free(struct trace_memo *m);

struct trace_query {
	const char *from, *to;
	int protocol;           /* TOPO_PROTO_* */
	int port;               /* destination port; -1 for none (icmp) */
	int icmp_type, icmp_code; /* -1 when not given */
	const char *action;     /* NULL: default by service */
	const char *principal;  /* NULL: the instance's role */
	const char *host;       /* --host */
	bool ipv6;
	int source_port;        /* -1: the whole ephemeral range */
	const char *session_mode; /* S3 Express, NULL = by action */
	const struct trace_kv *context; size_t ncontext; /* --context overrides; a key given
	                           again adds a value (multi-valued, F7.11) */
	const char *now;        /* the request time (aws:CurrentTime, F7.9), ISO 8601;
	                           NULL: $SOURCE_DATE_EPOCH when set, else the clock */
	struct trace_memo *memo; /* bulk runs: what traces of one topology have in common,
	                           remembered across them (trace_memo_new), or NULL */
	bool brief;             /* bulk runs: no human text (details, hints, messages,
	                           warnings, explanations) and no priced alternatives;
	                           verdict, reason code, path, hops, places, cost and
	                           rule results are as in a full trace */
};

/* One outcome of a destination that stands for several addresses (F2.17): the
 * addresses that get it and the trace of one of them. */
struct trace_split {
	const char **cidrs; size_t ncidrs;  /* the addresses with this outcome, ascending */
	struct trace_result *result;        /* owned by the result that holds the split */
};

struct trace_result {
	struct arena *arena;
	bool brief;            /* traced with q->brief: the human text is missing */
	/* query echo (resolved defaults filled in) */
	const char *q_from, *q_to, *q_protocol, *q_action, *q_principal;
	int q_port;

	/* source */
	const char *src_kind, *src_id, *src_ip, *src_subnet, *src_vpc, *src_az, *src_region;
	const char *src_name, *src_shown;  /* as for a hop's id (topo_display); NULL: the id */
	/* destination */
	const char *dst_host, *dst_ip, *dst_service, *dst_region, *dst_resource;
	const char *dst_kind, *dst_id;  /* DST named an "instance", "on-premises" network or
	                                 * the "internet": its id; else NULL */

	enum trace_verdict verdict;
	const char *path;      /* cli.md path vocabulary, '+'-joined */
	bool has_reason;
	const char *reason_code, *reason_leg, *reason_message;
	int reason_hop;

	struct trace_hop *hops; size_t nhops;
	struct trace_hop *return_hops; size_t nreturn_hops;
	struct trace_kv *context; size_t ncontext;

	/* facts the cost and rule modules read (never the topology) */
	const char *via_id;          /* the NAT/IGW/endpoint carrying the flow out */
	const char *via_name, *via_shown;  /* as for a hop's id (topo_display); NULL: the id */
	bool via_vpc_endpoint, uses_public_service_endpoint, stays_on_aws_network;
	bool cross_az;               /* a hop crosses AZs (instance -> NAT/ENI) */
	int interface_endpoint_azs;  /* AZs (ENIs) of the interface endpoint used, for hourly cost */
	bool public_ipv4;            /* a public IPv4 address is used (instance's or NAT's EIP) */
	const char *onprem_link;     /* from on premises: "vpn" (a VPN connection carries it) or
	                              * "vpn-or-direct-connect" (a virtual private gateway with
	                              * no VPN connection in the topology); NULL otherwise */
	const char *src_az_id, *dst_zone_id;
	bool endpoint_policy_full_access; bool has_endpoint;
	bool resource_pinned_to_endpoint;
	/* the endpoint's or the resource's policy is not known (missing:, a Terraform plan's
	 * value known only after apply): rules about it cannot be judged */
	bool endpoint_policy_unknown, resource_policy_unknown;
	struct trace_alternative *path_alternatives; size_t npath_alternatives; /* paths the
	                         topology offers, before pricing: path + via filled */

	struct trace_cost cost;
	struct trace_compliance compliance;
	struct trace_warning *warnings; size_t nwarnings;

	/* A name that stands for a range (an S3 or DynamoDB name without a dns: pin,
	 * F2.17): dst_set names the prefix list and dst_set_cidrs its entries.  When the
	 * addresses do not all get one answer, verdict is ambiguous with reason
	 * DEPENDS_ON_ADDRESS, splits holds one entry per outcome, hops are the hops every
	 * outcome shares and split_hop is the first hop where they part (1-based, in the
	 * leg reason_leg names; 0: they part at once). */
	const char *dst_set;
	const char **dst_set_cidrs; size_t ndst_set_cidrs;
	struct trace_split *splits; size_t nsplits;
	int split_hop;
	const char *split_where;    /* FILE:LINE:COL of what parts them: the split hop of
	                             * the outcome that fails (else the fewest addresses') */
	struct arena *splits_arena; /* what splits live in; freed with the result */
};

/* What text shows for the object carrying the flow out: via_shown, else via_id; NULL
 * when none. */
static inline const char *trace_via_text(const struct trace_result *r)
{
	return r->via_shown ? r->via_shown : r->via_id;
}

/* Parses an ISO 8601 time (YYYY-MM-DDTHH:MM:SS, then Z, +HH:MM or -HH:MM, or nothing for
 * UTC; a date alone is its midnight UTC) into seconds since 1970.  False when s is not
 * one. */
bool trace_parse_time(const char *s, long long *epoch);

/* Traces q through t.  Returns NULL only when the question cannot be asked (unknown
 * source, unparsable destination): the reason is in *diags, and the command exits 2. */
struct trace_result *trace_run(const struct topology *t, const struct trace_query *q,
			       struct diag_list *diags);
void trace_result_free(struct trace_result *r);

#endif
