/* policy.h - IAM policy compilation and evaluation (endpoint, bucket, table, identity).
 *
 * Ownership: policy_compile() returns a compiled policy the caller frees with
 * policy_free(); it keeps no pointer into the cJSON document.  A policy_context owns
 * copies of its keys and values.  Results (struct policy_result) own their strings and
 * are released with policy_result_clear().
 *
 * Facts: F7.2-F7.8 (evaluation), F2.10-F2.12 (endpoint specifics).
 */
#ifndef VPCPATH_POLICY_H
#define VPCPATH_POLICY_H

#include <stdbool.h>
#include <stddef.h>

#include <cjson/cJSON.h>

#include "vpcpath/diag.h"

struct policy;
struct policy_context;

enum policy_kind {
	POLICY_KIND_IDENTITY,
	POLICY_KIND_RESOURCE,  /* bucket or table policy */
	POLICY_KIND_ENDPOINT,  /* VPC endpoint policy */
};

/* Compiles doc.  Problems go to diags located at (file, line, col) of the policy (the
 * JSON document has no line info of its own once parsed); returns NULL when the policy
 * is invalid.  Validation warnings (F2.10 etc.) are added as DIAG_WARNING. */
struct policy *policy_compile(const cJSON *doc, enum policy_kind kind, const char *file,
			      unsigned line, unsigned col, struct diag_list *diags);

/* Extra facts for policy_compile_ex(); a zeroed struct means "unknown / no". */
struct policy_compile_opts {
	/* Characters of the policy as written, white space included (F2.10 limits an
	 * endpoint policy to 20,480).  0: unknown, and the minified length is used
	 * instead (a lower bound, so a warning then is certain). */
	size_t text_len;
	/* The policy is attached to a gateway endpoint (F2.10): a Principal other than
	 * "*" draws a warning, and an account principal grants only that account's root
	 * user when evaluated. */
	bool gateway_endpoint;
	/* Where each statement starts in the file (line, column), so that an error about
	 * statement i is located there rather than at the file's line and col; NULL or
	 * fewer than the statements: those use line and col. */
	const unsigned (*statement_pos)[2];
	size_t nstatement_pos;
	/* Do not run policy_lint() (the caller runs it itself, knowing more). */
	bool skip_lint;
};
/* policy_compile() with options; opts may be NULL.  Unless opts->skip_lint, a policy
 * that compiles is linted (policy_lint() with gateway_endpoint, text_len and the
 * statement positions of opts; through_endpoint for endpoint policies). */
struct policy *policy_compile_ex(const cJSON *doc, enum policy_kind kind,
				 const struct policy_compile_opts *opts, const char *file,
				 unsigned line, unsigned col, struct diag_list *diags);
/* What policy_lint() knows of where the policy is used; a zeroed struct means
 * "unknown / no". */
struct policy_lint_opts {
	/* Attached to a gateway endpoint: a Principal other than "*" is a warning, and an
	 * account principal grants only the root user (F2.10). */
	bool gateway_endpoint;
	/* Every request the policy sees comes through a VPC endpoint (always so for an
	 * endpoint policy; say so for a bucket policy pinned to an endpoint): conditions
	 * on aws:SourceIp then never see the key (F2.11). */
	bool through_endpoint;
	/* Characters as written (F2.10's 20,480 limit); 0: the minified length. */
	size_t text_len;
	/* Where statement i starts (line, column); others are located at line, col. */
	const unsigned (*statement_pos)[2];
	size_t nstatement_pos;
};
/* Warnings (DIAG_WARNING, each with a code, located at its statement) for what does
 * not do what it looks like:
 *   policy-gateway-principal       F2.10 a gateway endpoint policy naming a principal
 *                                  other than "*" (an account: only its root user)
 *   policy-endpoint-system-key     F2.10 a wildcard or numeric operator on a key that
 *                                  holds a system-generated id (aws:SourceVpc, ...)
 *   policy-endpoint-wildcard-short F2.10 fewer than six characters beside a wildcard
 *   policy-endpoint-account-wildcard F2.10 an ARN account part with digits and a wildcard
 *   policy-endpoint-size           F2.10 an endpoint policy over 20,480 characters
 *   policy-arn-parts               an ARN with fewer than six parts (matches nothing)
 *   policy-action-service-wildcard a wildcard in an action's service prefix (matches
 *                                  no action; evaluation agrees)
 *   policy-arn-service-wildcard    F7.4 a wildcard in an ARN's service segment
 *   policy-key-never-present       F2.11 a condition on aws:SourceIp in requests through
 *                                  a VPC endpoint
 *   policy-sourceip-private        F2.11 a private range in aws:SourceIp
 * The policy's evaluation is unchanged.  Returns the number of warnings (diags may
 * be NULL to count only); opts may be NULL. */
size_t policy_lint(const struct policy *p, const struct policy_lint_opts *opts, const char *file,
		   unsigned line, unsigned col, struct diag_list *diags);
/* F2.10 checks for a policy attached to a gateway endpoint, for callers that compiled
 * it before knowing the endpoint type: warns (code "policy-gateway-principal") for each
 * statement naming a principal other than "*".  Returns the number of warnings added.
 * It does not switch evaluation to root-only account principals; compile with
 * opts.gateway_endpoint for that. */
size_t policy_check_gateway_endpoint(const struct policy *p, const char *file, unsigned line,
				     unsigned col, struct diag_list *diags);
/* Warns (code "policy-endpoint-size") when an endpoint policy of nchars characters as
 * written exceeds the 20,480-character limit (F2.10).  Returns true when it warned. */
bool policy_check_endpoint_size(size_t nchars, const char *file, unsigned line, unsigned col,
				struct diag_list *diags);
void policy_free(struct policy *p);
/* The full-access default endpoint policy (F2.10); caller frees. */
struct policy *policy_default_endpoint(void);
/* true when the policy allows everything to everyone (the default or equivalent). */
bool policy_is_full_access(const struct policy *p);
size_t policy_statement_count(const struct policy *p);
/* The i-th statement's Sid (borrowed from p), or NULL when it has none or i is out of
 * range.  Lets hot loops that set policy_request.no_explain still name the statement. */
const char *policy_statement_sid(const struct policy *p, size_t i);
enum policy_kind policy_get_kind(const struct policy *p);

struct policy_context *policy_context_new(void);
/* The same, all of it in arena a (which must outlive it; policy_context_free then
 * frees nothing), borrowing the keys and values it is given rather than copying them:
 * they must outlive it too.  For contexts made by the thousand, as a bulk trace does;
 * nkeys (may be 0) is how many keys the caller expects to set. */
struct arena;
struct policy_context *policy_context_new_in(struct arena *a, size_t nkeys);
void policy_context_free(struct policy_context *c);
/* Sets (replaces) a key's values; key names compare case-insensitively (F7.8).
 * value NULL leaves the key with no values, which evaluates as an absent key. */
void policy_context_set(struct policy_context *c, const char *key, const char *value);
/* policy_context_set for a key of klen characters that the caller knows is not in c
 * yet (a context built from distinct keys): no lookup. */
void policy_context_set_new(struct policy_context *c, const char *key, size_t klen,
			    const char *value);
/* Appends one more value: the key becomes multi-valued (ForAnyValue/ForAllValues
 * test each value, F7.8; a multi-valued key never resolves as a policy variable,
 * F7.11).  `--context K=V` given twice for one key is policy_context_add twice (a
 * trace's repeated --context keys should be added this way, not set). */
void policy_context_add(struct policy_context *c, const char *key, const char *value);
void policy_context_remove(struct policy_context *c, const char *key);
/* Number of keys, and the i-th key and its first value (for output). */
size_t policy_context_count(const struct policy_context *c);
const char *policy_context_key(const struct policy_context *c, size_t i);
const char *policy_context_value(const struct policy_context *c, size_t i);
/* The i-th key's number of values, and its j-th value (NULL when out of range): a
 * multi-valued key is output as all of them. */
size_t policy_context_nvalues(const struct policy_context *c, size_t i);
const char *policy_context_value_at(const struct policy_context *c, size_t i, size_t j);

struct policy_request {
	const char *action;            /* "s3:GetObject" */
	const char *resource;          /* "arn:aws:s3:::bkt/key" */
	const char *principal_arn;     /* may be NULL (anonymous) */
	const char *principal_account; /* may be NULL: derived from principal_arn */
	/* true: no principal is known and the caller is assumed to be of the resource's
	 * account (an identity of it whose policies allow): same account for F7.2 even
	 * when no account id is known, never anonymous */
	bool caller_same_account;
	const struct policy_context *context; /* may be NULL: no keys */
	/* false (the default): policy_result gets the Sid and the explanation text.
	 * true: neither is built, so policy_eval() allocates nothing (for hot loops);
	 * use policy_statement_sid() for the deciding statement's Sid. */
	bool no_explain;
};
/* Keys the principal implies (F7.9), used when the context does not have the key
 * (a key set with no values stays absent):
 *   aws:PrincipalArn      principal_arn; for a role session "arn:P:sts::A:assumed-role/R/S"
 *                         the role's ARN "arn:P:iam::A:role/R", as IAM reports it (set
 *                         the key to give the role's path);
 *   aws:PrincipalAccount  principal_account, else the ARN's account;
 *   aws:PrincipalType     AssumedRole (a session, or a role ARN standing for one),
 *                         User, Account (root), FederatedUser; Anonymous with neither
 *                         principal_arn nor principal_account;
 *   aws:username          the user name, for an IAM user only. */

enum policy_decision {
	POLICY_NO_MATCH = 0, /* no statement applies: implicit deny */
	POLICY_ALLOW,
	POLICY_DENY,         /* explicit deny */
};

struct policy_result {
	enum policy_decision decision;
	int statement;      /* 0-based index of the deciding statement, -1 when none */
	char *sid;          /* the deciding statement's Sid, or NULL */
	char *explanation;  /* one or more lines: why each statement did or did not match */
	/* An Allow that reached the principal only through an account principal
	 * ("123456789012", "arn:aws:iam::123456789012:root") of a resource policy: it
	 * delegates to the account and grants nothing by itself in that account (F7.10). */
	bool delegated;
};

/* out may be NULL (decision only); it is overwritten without being freed, so clear a
 * reused result with policy_result_clear() first.  A NULL policy gives
 * POLICY_NO_MATCH.  Statement numbers in the explanation are 1-based ("statement 1");
 * out->statement is 0-based. */
enum policy_decision policy_eval(const struct policy *p, const struct policy_request *req,
				 struct policy_result *out);
void policy_result_clear(struct policy_result *r);

/* F7.3: combine the policies that apply to one request. */
enum policy_layer {
	POLICY_LAYER_NONE = 0,
	POLICY_LAYER_ENDPOINT,
	POLICY_LAYER_RESOURCE,
	POLICY_LAYER_IDENTITY,
};

struct policy_set {
	const struct policy *endpoint;   /* NULL when not through an endpoint (F7.3 item 5) */
	const struct policy *resource;   /* NULL when the bucket/table has no policy */
	const struct policy *const *identity; /* identity policies of the principal */
	size_t nidentity;
	bool identity_unknown;           /* no identity policy given: assume it allows */
	const char *resource_account;    /* owner of the bucket/table */
};

struct policy_authz {
	enum policy_decision decision;  /* ALLOW, DENY (explicit) or NO_MATCH (implicit) */
	enum policy_layer decided_by;   /* the layer whose statement (or silence) decided */
	struct policy_result endpoint, resource, identity; /* per-layer results */
	/* allowed_by_resource: the resource policy grants (same account) or opens the
	 * account boundary (cross account).  An Allow that names only the principal's
	 * account delegates (F7.10): resource_delegates is then true, and in the same
	 * account allowed_by_resource is false (the identity policy must allow). */
	bool allowed_by_identity, allowed_by_resource;
	bool resource_delegates;
};

/* Rules, in order (F7.3):
 *  1. an explicit Deny in any layer gives DENY; layers are looked at in the order a
 *     request meets them (endpoint, resource, identity) and the first deny decides;
 *  2. with an endpoint policy, it must Allow, else NO_MATCH decided_by ENDPOINT;
 *  3. same account (principal account == resource_account, or resource_account NULL):
 *     identity OR resource Allow (F7.2), where a resource Allow that names only the
 *     account (not the principal, its role or "*") does not count (F7.10); cross
 *     account: both (F7.2);
 *     identity_unknown counts as an identity Allow; an anonymous request (no principal
 *     ARN or account) has no identity layer, so the resource policy alone decides;
 *  4. nothing allows: NO_MATCH decided_by RESOURCE when cross-account (or anonymous) and
 *     a resource policy exists that does not allow, else IDENTITY.
 * out owns its per-layer results; release with policy_authz_clear(). */
void policy_authorize(const struct policy_set *set, const struct policy_request *req,
		      struct policy_authz *out);
void policy_authz_clear(struct policy_authz *a);

/* Names for output: "allow", "deny", "implicit-deny"; "endpoint", "resource",
 * "identity", "none". */
const char *policy_decision_name(enum policy_decision d);
const char *policy_layer_name(enum policy_layer l);

#endif
