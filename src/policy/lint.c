/* lint.c - warnings about compiled policies that do not do what they look like.
 *
 * Two families, both located at the statement they are about:
 *  - endpoint policies that AWS reads otherwise than they read (F2.10): an account
 *    principal in a gateway endpoint policy grants only the root user; wildcards or
 *    numeric operators on keys holding system-generated ids; fewer than six
 *    characters beside a wildcard; an ARN account part mixing digits and a wildcard;
 *    more than 20,480 characters;
 *  - constructs that silently never match: an ARN with fewer than six parts, a
 *    wildcard in an action's service prefix or an ARN's service segment (F7.4), a
 *    condition on a key that the requests the policy sees never carry (aws:SourceIp
 *    through a VPC endpoint, F2.11), a private range in aws:SourceIp.
 * Nothing here changes how a policy evaluates; policy_compile_ex() runs it unless
 * told not to. */
#include "policy-int.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* F2.10: "The size of an endpoint policy cannot exceed 20,480 characters". */
#define POLICY_ENDPOINT_MAX_CHARS 20480

struct linter {
	const struct policy *p;
	const struct policy_lint_opts *o;
	const char *file;
	unsigned line, col;     /* where the policy is */
	unsigned sline, scol;   /* where the current statement is */
	char where[160];        /* "Statement 2 (Sid \"X\")" */
	struct diag_list *diags;
	size_t n;
};

static void lwarn(struct linter *L, const char *code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void lwarn(struct linter *L, const char *code, const char *fmt, ...)
{
	char msg[1024];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	L->n++;
	if (L->diags)
		diag_add(L->diags, DIAG_WARNING, L->file, L->sline, L->scol, code, "policy: %s%s%s",
			 L->where, L->where[0] ? ": " : "", msg);
}

static bool span_has(const char *b, const char *e, const char *set)
{
	for (; b < e; b++)
		if (strchr(set, *b))
			return true;
	return false;
}

static bool has_wildcard(const char *s)
{
	return strpbrk(s, "*?") != NULL;
}

/* F2.10: "global context keys that reference system-generated identifiers". */
static bool is_system_id_key(const char *key)
{
	static const char *const keys[] = {
		"aws:PrincipalAccount", "aws:PrincipalOrgID", "aws:SourceVpc", "aws:SourceVpce",
		"aws:SourceAccount",    "aws:SourceOrgID",    "aws:VpceAccount", "aws:VpceOrgID",
		"aws:ResourceAccount",  "aws:ResourceOrgID",  "aws:SourceVpcArn",
	};
	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
		if (strcasecmp(key, keys[i]) == 0)
			return true;
	return false;
}

/* F2.10: "you must use at least six consecutive characters before or after each
 * wildcard character" (string operators in endpoint policies). */
static bool wildcard_run_too_short(const char *s)
{
	size_t n = strlen(s);
	for (size_t i = 0; i < n; i++) {
		if (s[i] != '*' && s[i] != '?')
			continue;
		size_t before = 0, after = 0;
		for (size_t k = i; k > 0 && s[k - 1] != '*' && s[k - 1] != '?'; k--)
			before++;
		for (size_t k = i + 1; k < n && s[k] != '*' && s[k] != '?'; k++)
			after++;
		if (before < 6 && after < 6)
			return true;
	}
	return false;
}

/* Number of colon-separated parts of an ARN, up to six (the sixth, the resource,
 * may hold colons of its own). */
static int arn_parts(const char *arn)
{
	int n = 1;
	for (const char *s = arn; *s && n < 6; s++)
		if (*s == ':')
			n++;
	return n;
}

/* F7.4: a '*' that ends an ARN's last written segment may stand for the missing
 * parts ("arn:aws:s3:*" covers every S3 ARN), so a short ARN ending so matches. */
static bool ends_with_star(const char *s)
{
	size_t n = strlen(s);
	return n && s[n - 1] == '*';
}

/* Checks one ARN written in a Resource, NotResource or ARN condition value. */
static void lint_arn(struct linter *L, const char *elem, const char *arn)
{
	const char *b, *e;
	bool endpoint = L->p->kind == POLICY_KIND_ENDPOINT;
	if (strcmp(arn, "*") == 0 || strncmp(arn, "arn:", 4) != 0 || strstr(arn, "${"))
		return;
	int parts = arn_parts(arn);
	if (parts < 6 && !ends_with_star(arn))
		lwarn(L, "policy-arn-parts",
		      "%s \"%s\" has %d of the six parts of an ARN (arn:partition:service:region:account:resource), so it matches nothing",
		      elem, arn, parts);
	/* F7.4: "You can't use a wildcard in the service segment." */
	if (policy_arn_segment(arn, 2, &b, &e) && span_has(b, e, "*?"))
		lwarn(L, "policy-arn-service-wildcard",
		      "%s \"%s\" has a wildcard in the service segment, which IAM does not allow", elem, arn);
	/* F2.10: "the account portion ... can include an account ID or a wildcard
	 * character, but not both." */
	if (endpoint && policy_arn_segment(arn, 4, &b, &e) && span_has(b, e, "*?") &&
	    span_has(b, e, "0123456789"))
		lwarn(L, "policy-endpoint-account-wildcard",
		      "%s \"%s\": in an endpoint policy the account part of an ARN takes an account ID or a wildcard, not both",
		      elem, arn);
}

static void lint_actions(struct linter *L, const struct policy_stmt *st)
{
	const char *elem = st->not_action ? "NotAction" : "Action";
	for (size_t i = 0; i < st->nactions; i++) {
		const char *a = st->actions[i].src, *colon = strchr(a, ':');
		/* The service prefix names one service; IAM matches no action through a
		 * wildcard there (evaluation follows: such a pattern is compiled as never matching). */
		if (colon && span_has(a, colon, "*?"))
			lwarn(L, "policy-action-service-wildcard",
			      "%s \"%s\" has a wildcard in the service prefix, so it matches no action (write \"*\" or one service's prefix)",
			      elem, a);
	}
}

static void lint_condition(struct linter *L, const struct policy_cond *c)
{
	bool endpoint = L->p->kind == POLICY_KIND_ENDPOINT;
	bool sysid = is_system_id_key(c->key);
	bool through_endpoint = endpoint || L->o->through_endpoint;
	bool warned_sysid = false;

	/* F2.11: "If the request comes from a host that uses an Amazon VPC endpoint,
	 * then the aws:SourceIp key is not available."  A Null test of it is the one
	 * meaningful use. */
	if (through_endpoint && c->base != POLICY_OP_NULL && strcasecmp(c->key, "aws:SourceIp") == 0)
		lwarn(L, "policy-key-never-present",
		      "condition %s aws:SourceIp: requests through a VPC endpoint never carry aws:SourceIp, so the condition reads as for a missing key (%s); use aws:VpcSourceIp",
		      c->op, c->if_exists || c->negated || c->qual == POLICY_QUAL_ALL ? "always true" : "never true");

	if (endpoint && sysid && c->base == POLICY_OP_NUM) {
		lwarn(L, "policy-endpoint-system-key",
		      "condition %s %s: numeric operators cannot be used with keys that hold system-generated identifiers",
		      c->op, c->key);
		warned_sysid = true;
	}
	for (size_t i = 0; i < c->nvals; i++) {
		const struct policy_cval *v = &c->vals[i];
		const char *text = v->pat.src;
		bool wild = c->base != POLICY_OP_NUM && c->base != POLICY_OP_NULL && has_wildcard(text);
		bool string_op = c->base == POLICY_OP_STR_LIKE || c->base == POLICY_OP_STR_EQ ||
				 c->base == POLICY_OP_STR_EQ_IC;
		if (endpoint && wild && string_op && wildcard_run_too_short(text))
			lwarn(L, "policy-endpoint-wildcard-short",
			      "condition %s %s: \"%s\": endpoint policies need at least six consecutive characters before or after each wildcard",
			      c->op, c->key, text);
		if (endpoint && sysid && wild && !warned_sysid)
			lwarn(L, "policy-endpoint-system-key",
			      "condition %s %s: \"%s\": wildcards cannot be used with keys that hold system-generated identifiers",
			      c->op, c->key, text);
		if (c->base == POLICY_OP_ARN) {
			char elem[192];
			snprintf(elem, sizeof(elem), "condition %s %s: value", c->op, c->key);
			lint_arn(L, elem, text);
		}
		/* F2.11: requests through a VPC endpoint carry no aws:SourceIp, and others
		 * carry public addresses only. */
		if (c->base == POLICY_OP_IP && !v->dynamic && strcasecmp(c->key, "aws:SourceIp") == 0 &&
		    net_addr_is_private(&v->pfx.addr))
			lwarn(L, "policy-sourceip-private",
			      "condition %s aws:SourceIp \"%s\" is a private range, which aws:SourceIp never holds (through a VPC endpoint the key is absent); use aws:VpcSourceIp",
			      c->op, text);
	}
}

static void lint_principals(struct linter *L, const struct policy_stmt *st)
{
	if (!L->o->gateway_endpoint)
		return;
	for (size_t k = 0; k < st->nprincipals; k++) {
		const struct policy_principal *pr = &st->principals[k];
		if (pr->kind == POLICY_PR_ANY)
			continue;
		/* F2.10: "With gateway endpoints, the Principal element must be set to *"
		 * and "AWS": "<account_id>" grants only the account root user. */
		if (pr->kind == POLICY_PR_ACCOUNT)
			lwarn(L, "policy-gateway-principal",
			      "a gateway endpoint policy needs Principal \"*\"; \"%s\": \"%s\" grants only that account's root user, not its roles or users (use the aws:PrincipalArn condition key)",
			      pr->type, pr->text);
		else
			lwarn(L, "policy-gateway-principal",
			      "a gateway endpoint policy needs Principal \"*\", not \"%s\": \"%s\" (use the aws:PrincipalArn condition key)",
			      pr->type, pr->text);
	}
}

size_t policy_lint(const struct policy *p, const struct policy_lint_opts *opts, const char *file,
		   unsigned line, unsigned col, struct diag_list *diags)
{
	static const struct policy_lint_opts none = { 0 };
	struct linter L = { .p = p, .o = opts ? opts : &none, .file = file, .line = line,
			    .col = col, .diags = diags };
	if (!p)
		return 0;
	for (size_t i = 0; i < p->nstmts; i++) {
		const struct policy_stmt *st = &p->stmts[i];
		bool known = L.o->statement_pos && i < L.o->nstatement_pos;
		L.sline = known ? L.o->statement_pos[i][0] : line;
		L.scol = known ? L.o->statement_pos[i][1] : col;
		if (st->sid)
			snprintf(L.where, sizeof(L.where), "Statement %zu (Sid \"%.100s\")", i + 1, st->sid);
		else
			snprintf(L.where, sizeof(L.where), "Statement %zu", i + 1);
		lint_actions(&L, st);
		for (size_t k = 0; k < st->nresources; k++)
			lint_arn(&L, st->not_resource ? "NotResource" : "Resource", st->resources[k].src);
		lint_principals(&L, st);
		for (size_t k = 0; k < st->nconds; k++)
			lint_condition(&L, &st->conds[k]);
	}
	L.where[0] = '\0';
	L.sline = line;
	L.scol = col;
	if (p->kind == POLICY_KIND_ENDPOINT) {
		size_t nchars = L.o->text_len ? L.o->text_len : p->min_chars;
		if (nchars > POLICY_ENDPOINT_MAX_CHARS)
			lwarn(&L, "policy-endpoint-size",
			      "endpoint policy is %zu characters; the limit is %d, white space included",
			      nchars, POLICY_ENDPOINT_MAX_CHARS);
	}
	return L.n;
}

bool policy_check_endpoint_size(size_t nchars, const char *file, unsigned line, unsigned col,
				struct diag_list *diags)
{
	if (nchars <= POLICY_ENDPOINT_MAX_CHARS)
		return false;
	if (diags)
		diag_add(diags, DIAG_WARNING, file, line, col, "policy-endpoint-size",
			 "policy: endpoint policy is %zu characters; the limit is %d, white space included",
			 nchars, POLICY_ENDPOINT_MAX_CHARS);
	return true;
}

size_t policy_check_gateway_endpoint(const struct policy *p, const char *file, unsigned line,
				     unsigned col, struct diag_list *diags)
{
	struct policy_lint_opts o = { .gateway_endpoint = true };
	struct linter L = { .p = p, .o = &o, .file = file, .line = line, .col = col,
			    .sline = line, .scol = col, .diags = diags };
	if (!p)
		return 0;
	for (size_t i = 0; i < p->nstmts; i++) {
		snprintf(L.where, sizeof(L.where), "Statement %zu", i + 1);
		lint_principals(&L, &p->stmts[i]);
	}
	return L.n;
}
