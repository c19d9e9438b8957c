/* policy-int.h - the compiled form of a policy, shared by the files of src/policy/.
 *
 * A compiled policy owns one arena; every string and array below lives in it, so
 * policy_free() is one arena_free().  Nothing points into the cJSON document.
 */
#ifndef VPCPATH_POLICY_INT_H
#define VPCPATH_POLICY_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "vpcpath/addr.h"
#include "vpcpath/arena.h"
#include "vpcpath/policy.h"

/* How a pattern is matched once its policy variables are substituted. */
enum policy_pat_mode {
	POLICY_PAT_LITERAL, /* byte-for-byte (StringEquals, BinaryEquals) */
	POLICY_PAT_GLOB,    /* '*' and '?' are wildcards (Action, Resource, *Like, Arn*) */
};

/* One piece of a pattern that holds policy variables. */
struct policy_pat_part {
	bool var;      /* ${key}: text is the key as written; else literal text */
	const char *text;
	size_t len;
	uint32_t hash; /* policy_key_hash() of the key, for variables */
	const char *dflt; /* ${key, 'default'}: the default, else NULL */
};

/* A string from the policy, ready to match.  Internal GLOB form: '*' and '?' are
 * wildcards and a backslash escapes the next byte (written backslashes, ${*}, ${?}
 * and substituted values are escaped so they match only themselves). */
struct policy_pat {
	const char *src;  /* as written, for messages */
	const char *str;  /* the matchable form when there are no variables */
	size_t len;
	uint8_t mode;     /* enum policy_pat_mode */
	bool any;         /* exactly "*" in GLOB mode: matches everything */
	bool plain;       /* GLOB mode, no wildcard or escape: compare bytes */
	bool tail_star;   /* GLOB mode: a literal prefix then one final '*' */
	size_t lit_prefix; /* GLOB mode: bytes before the first wildcard or escape */
	bool never;       /* matches nothing (an action with a wildcard in its service
	                   * prefix); only set on patterns that are not plain */
	const struct policy_pat_part *parts; /* non-NULL when there are variables */
	size_t nparts;
};

enum policy_op_base {
	POLICY_OP_STR_EQ,
	POLICY_OP_STR_EQ_IC,
	POLICY_OP_STR_LIKE,
	POLICY_OP_NUM,
	POLICY_OP_DATE,
	POLICY_OP_BOOL,
	POLICY_OP_BINARY,
	POLICY_OP_IP,
	POLICY_OP_ARN,
	POLICY_OP_NULL,
};

enum policy_cmp { POLICY_CMP_EQ, POLICY_CMP_LT, POLICY_CMP_LE, POLICY_CMP_GT, POLICY_CMP_GE };

enum policy_qual { POLICY_QUAL_NONE, POLICY_QUAL_ANY, POLICY_QUAL_ALL };

struct policy_cval {
	struct policy_pat pat; /* string, ARN and binary operators; src for all */
	double num;            /* numeric; date as seconds since the epoch */
	struct net_prefix pfx; /* IpAddress */
	bool b;                /* Bool and Null */
	/* The value holds policy variables (F7.11): num, pfx and b are unset, and the
	 * value is parsed after substitution, at evaluation (pat holds it, LITERAL). */
	bool dynamic;
};

/* One (operator, key) pair of a Condition block; a statement ANDs all of them (F7.8). */
struct policy_cond {
	const char *op;   /* operator as written, e.g. "ForAnyValue:StringLikeIfExists" */
	uint8_t base;     /* enum policy_op_base */
	uint8_t cmp;      /* enum policy_cmp, numeric and date */
	uint8_t qual;     /* enum policy_qual */
	bool negated;     /* StringNotEquals, NotIpAddress, ...: NOR over values (F7.8) */
	bool if_exists;   /* ...IfExists: an absent key gives true (F7.6, F7.7) */
	const char *key;  /* as written */
	size_t klen;
	uint32_t hash;    /* policy_key_hash(key) */
	const struct policy_cval *vals;
	size_t nvals;
	bool has_vars;    /* some value holds a policy variable (F7.11) */
};

enum policy_principal_kind {
	POLICY_PR_ANY,       /* "*" or {"AWS": "*"} */
	POLICY_PR_ACCOUNT,   /* "123456789012" or "arn:aws:iam::123456789012:root" */
	POLICY_PR_ARN,       /* any other ARN: exact, plus role sessions of a role */
	POLICY_PR_OTHER,     /* Service, Federated, CanonicalUser, unique ids: exact */
};

struct policy_principal {
	uint8_t kind;     /* enum policy_principal_kind */
	const char *type; /* "AWS", "Service", "Federated", "CanonicalUser" */
	const char *text; /* account id for ACCOUNT, else the value */
	/* For a role ARN ("arn:P:iam::A:role/[path/]R"): P, A and R, so sessions of the
	 * role ("arn:P:sts::A:assumed-role/R/S") match without parsing at run time. */
	const char *role_partition, *role_account, *role_name;
};

struct policy_stmt {
	const char *sid;  /* NULL when absent */
	bool deny;
	bool not_action, not_resource, not_principal;
	bool has_principal; /* Principal or NotPrincipal present */
	bool has_resource;  /* Resource or NotResource present (else: all) */
	const struct policy_pat *actions;
	size_t nactions;
	const struct policy_pat *resources;
	size_t nresources;
	const struct policy_principal *principals;
	size_t nprincipals;
	const struct policy_cond *conds;
	size_t nconds;
};

struct policy {
	struct arena *arena;
	enum policy_kind kind;
	bool gateway;     /* compiled for a gateway endpoint (F2.10 root-only accounts) */
	bool variables;   /* Version 2012-10-17: ${...} are policy variables */
	const char *version, *id;
	size_t min_chars; /* endpoint policies: characters of the minified JSON (F2.10) */
	const struct policy_stmt *stmts;
	size_t nstmts;
};

struct policy_ctx_entry {
	const char *key;
	size_t klen;
	uint32_t hash;
	const char **vals;
	size_t nvals, cap;
};

struct policy_context {
	struct policy_ctx_entry *items;
	size_t len, cap;
	struct arena *strings;  /* value arrays, and copies of keys and values */
	bool own_strings;       /* policy_context_new: strings is the context's own, and
	                         * keys and values are copied; else they are borrowed,
	                         * and the context and its items live in strings */
};

/* eval.c */
/* Explanation text, grown on the heap (only built when explaining). */
struct sbuf {
	char *s;
	size_t len, cap;
};
void policy_sb_add(struct sbuf *b, const char *s, size_t n);
void policy_sb_printf(struct sbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* The requester's account: principal_account, else the principal ARN's account
 * segment (copied into buf); NULL when neither says. */
const char *policy_request_account(const struct policy_request *req, char *buf, size_t cap);

/* match.c */
/* Steps taken by this thread's glob and ARN matching since it started (text
 * positions tried): the unit tests bound it to show matching stays O(pattern *
 * text) on adversarial inputs, without timing anything. */
extern _Thread_local unsigned long long policy_match_steps;
uint32_t policy_key_hash(const char *key, size_t len);
/* Glob over text: '*' any run (across '/' and ':'), '?' one character, backslash
 * escapes; icase folds ASCII letters. */
bool policy_glob(const char *pat, size_t plen, const char *text, size_t tlen, bool icase);
/* ARN glob per colon-separated segment (F7.4, F7.6). */
bool policy_arn_match(const char *pat, size_t plen, const char *text, size_t tlen);
/* Strict decimal number ("-1.5e3"); false on anything else. */
bool policy_parse_number(const char *s, double *out);
/* ISO 8601 date/time ("2024-01-31", "2024-01-31T12:00:00Z", offsets, fractions) or
 * epoch seconds; false on anything else. */
bool policy_parse_date(const char *s, double *out);
/* "true"/"false", case-insensitive. */
bool policy_parse_bool(const char *s, bool *out);
/* Compiles s (policy variables only when vars) into pat, allocating from a. */
void policy_pat_compile(struct arena *a, const char *s, enum policy_pat_mode mode, bool vars,
			struct policy_pat *pat);

/* parse.c */
/* The n-th colon-separated segment of an ARN (0-based) as [*b, *e) - the segment runs
 * to the next colon even for the resource part; false when the ARN has fewer. */
bool policy_arn_segment(const char *arn, int n, const char **b, const char **e);

/* context.c */
const struct policy_ctx_entry *policy_context_find(const struct policy_context *c,
						  const char *key, size_t klen, uint32_t hash);

#endif
