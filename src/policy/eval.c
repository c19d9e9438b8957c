/* eval.c - evaluating one compiled policy for one request (F7.2-F7.8, F7.10,
 * F7.11); combine.c puts the layers of a request together (F7.3).
 *
 * The hot path (policy_request.no_explain) allocates nothing: context lookups are
 * hash compares, policy variables expand into a buffer inside the evaluation state,
 * and context values are parsed on the stack.  Explanation text is built only when
 * asked for.
 */
#include "policy-int.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ---- small buffers ----------------------------------------------------------- */

void policy_sb_add(struct sbuf *b, const char *s, size_t n)
{
	if (b->len + n + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 128;
		while (cap < b->len + n + 1)
			cap *= 2;
		b->s = xrealloc(b->s, cap);
		b->cap = cap;
	}
	memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = '\0';
}

void policy_sb_printf(struct sbuf *b, const char *fmt, ...)
{
	char small[256];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(small, sizeof(small), fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if ((size_t)n < sizeof(small)) {
		policy_sb_add(b, small, (size_t)n);
		return;
	}
	char *big = xmalloc((size_t)n + 1);
	va_start(ap, fmt);
	vsnprintf(big, (size_t)n + 1, fmt, ap);
	va_end(ap);
	policy_sb_add(b, big, (size_t)n);
	free(big);
}

/* Policy-variable expansion: inline storage, the heap only for long texts. */
struct xbuf {
	char small[512];
	char *s;
	size_t len, cap;
};

static void xb_add(struct xbuf *x, const char *s, size_t n)
{
	if (x->len + n + 1 > x->cap) {
		size_t cap = x->cap * 2;
		while (cap < x->len + n + 1)
			cap *= 2;
		if (x->s == x->small) {
			char *h = xmalloc(cap);
			memcpy(h, x->s, x->len);
			x->s = h;
		} else {
			x->s = xrealloc(x->s, cap);
		}
		x->cap = cap;
	}
	memcpy(x->s + x->len, s, n);
	x->len += n;
	x->s[x->len] = '\0';
}

/* ---- evaluation state ---------------------------------------------------------- */

struct vals {
	const char *const *v;
	size_t n;
};

struct ev {
	const struct policy *p;
	const struct policy_request *req;
	const char *action, *resource;
	size_t alen, rlen;
	const char *acct;          /* the principal's account, or NULL */
	char acctbuf[64];
	/* The principal as a role session ("arn:P:sts::A:assumed-role/R/S"), parsed on
	 * first use: P, A, R point into principal_arn. */
	bool sess_parsed, is_sess;
	const char *sess_part, *sess_acct, *sess_role;
	size_t sess_part_len, sess_acct_len, sess_role_len;
	const char *parn;          /* aws:PrincipalArn as derived, on first use */
	/* aws:PrincipalType and aws:username as derived (each its own slot: a lookup
	 * returns a pointer to it while another may be expanding a variable) */
	const char *ptype, *uname;
	char unamebuf[128];
	char parnbuf[320];
	struct sbuf *ex;           /* explanation, NULL when not wanted */
	const struct policy_pat_part *unresolved; /* last ${var} without a value */
	bool unresolved_multi;     /* ...because its key has several values (F7.11) */
	bool stmt_delegated;       /* the statement matched through an account principal */
	struct xbuf xb;
};

/* The n-th colon-separated ARN segment (0-based) as [*b, *e); the last one runs to
 * the end of the string. */
static bool arn_seg(const char *arn, int n, const char **b, const char **e)
{
	const char *s = arn;
	for (int i = 0; i < n; i++) {
		s = strchr(s, ':');
		if (!s)
			return false;
		s++;
	}
	*b = s;
	const char *c = n < 5 ? strchr(s, ':') : NULL;
	*e = c ? c : s + strlen(s);
	return true;
}

static bool seg_is(const char *b, const char *e, const char *s)
{
	size_t n = strlen(s);
	return (size_t)(e - b) == n && memcmp(b, s, n) == 0;
}

const char *policy_request_account(const struct policy_request *req, char *buf, size_t cap)
{
	const char *b, *e;
	if (req->principal_account && *req->principal_account)
		return req->principal_account;
	if (!req->principal_arn || strncmp(req->principal_arn, "arn:", 4) != 0)
		return NULL;
	if (!arn_seg(req->principal_arn, 4, &b, &e) || e == b || (size_t)(e - b) >= cap)
		return NULL;
	memcpy(buf, b, (size_t)(e - b));
	buf[e - b] = '\0';
	return buf;
}

static bool ev_session(struct ev *ev)
{
	const char *arn = ev->req->principal_arn, *b, *e;
	if (ev->sess_parsed)
		return ev->is_sess;
	ev->sess_parsed = true;
	if (!arn || strncmp(arn, "arn:", 4) != 0 || !arn_seg(arn, 2, &b, &e) || !seg_is(b, e, "sts"))
		return false;
	if (!arn_seg(arn, 5, &b, &e) || strncmp(b, "assumed-role/", 13) != 0)
		return false;
	const char *role = b + 13, *slash = strchr(role, '/');
	if (!slash || slash == role)
		return false;
	ev->sess_role = role;
	ev->sess_role_len = (size_t)(slash - role);
	arn_seg(arn, 1, &b, &e);
	ev->sess_part = b;
	ev->sess_part_len = (size_t)(e - b);
	arn_seg(arn, 4, &b, &e);
	ev->sess_acct = b;
	ev->sess_acct_len = (size_t)(e - b);
	ev->is_sess = true;
	return true;
}

/* aws:PrincipalArn: for a role session IAM reports the role's ARN, not the session's.
 * The role's path is not in the session ARN, so the derived ARN has none; callers
 * that know the path set aws:PrincipalArn in the context. */
static const char *ev_principal_arn(struct ev *ev)
{
	if (ev->parn)
		return ev->parn;
	ev->parn = ev->req->principal_arn;
	if (ev_session(ev)) {
		int n = snprintf(ev->parnbuf, sizeof(ev->parnbuf), "arn:%.*s:iam::%.*s:role/%.*s",
				 (int)ev->sess_part_len, ev->sess_part, (int)ev->sess_acct_len,
				 ev->sess_acct, (int)ev->sess_role_len, ev->sess_role);
		if (n > 0 && (size_t)n < sizeof(ev->parnbuf))
			ev->parn = ev->parnbuf;
	}
	return ev->parn;
}

/* F7.9: aws:PrincipalType, "included in the request context for all requests", as
 * the principal's ARN says it: Account (the root user), User, FederatedUser,
 * AssumedRole (a role session; a role ARN given as the principal stands for its
 * session), Anonymous (no principal at all).  NULL when the ARN says nothing known
 * (a service principal, or only an account given). */
static const char *principal_type(const struct policy_request *req, const char *acct)
{
	const char *arn = req->principal_arn, *b, *e;
	if (!arn)
		return acct || req->caller_same_account ? NULL : "Anonymous";
	if (strncmp(arn, "arn:", 4) != 0 || !arn_seg(arn, 2, &b, &e))
		return NULL;
	bool iam = seg_is(b, e, "iam"), sts = seg_is(b, e, "sts");
	if (!arn_seg(arn, 5, &b, &e))
		return NULL;
	if (iam && strcmp(b, "root") == 0)
		return "Account";
	if (iam && strncmp(b, "user/", 5) == 0)
		return "User";
	if ((iam && strncmp(b, "role/", 5) == 0) || (sts && strncmp(b, "assumed-role/", 13) == 0))
		return "AssumedRole";
	if (sts && strncmp(b, "federated-user/", 15) == 0)
		return "FederatedUser";
	return NULL;
}

/* F7.9: aws:username is there for IAM users only ("arn:P:iam::A:user/[path/]NAME"):
 * the name, in buf; NULL for every other principal. */
static const char *user_name(const char *arn, char *buf, size_t cap)
{
	const char *b, *e;
	if (!arn || strncmp(arn, "arn:", 4) != 0 || !arn_seg(arn, 2, &b, &e) || !seg_is(b, e, "iam") ||
	    !arn_seg(arn, 5, &b, &e) || strncmp(b, "user/", 5) != 0)
		return NULL;
	const char *name = strrchr(b, '/') + 1;
	size_t n = strlen(name);
	if (!n || n >= cap)
		return NULL;
	memcpy(buf, name, n + 1);
	return buf;
}

static struct vals ev_lookup(struct ev *ev, const char *key, size_t klen, uint32_t hash)
{
	struct vals r = { NULL, 0 };
	const struct policy_ctx_entry *e = policy_context_find(ev->req->context, key, klen, hash);
	if (e) {
		r.v = (const char *const *)e->vals;
		r.n = e->nvals;
		return r;
	}
	/* Keys the request itself implies, when the caller did not set them. */
	if (klen == 16 && strncasecmp(key, "aws:PrincipalArn", 16) == 0 && ev->req->principal_arn) {
		ev_principal_arn(ev);
		r.v = &ev->parn;
		r.n = 1;
	} else if (klen == 20 && strncasecmp(key, "aws:PrincipalAccount", 20) == 0 && ev->acct) {
		r.v = &ev->acct;
		r.n = 1;
	} else if (klen == 17 && strncasecmp(key, "aws:PrincipalType", 17) == 0) {
		ev->ptype = principal_type(ev->req, ev->acct);
		r.v = &ev->ptype;
		r.n = ev->ptype != NULL;
	} else if (klen == 12 && strncasecmp(key, "aws:username", 12) == 0) {
		ev->uname = user_name(ev->req->principal_arn, ev->unamebuf, sizeof(ev->unamebuf));
		r.v = &ev->uname;
		r.n = ev->uname != NULL;
	}
	return r;
}

/* Substitutes policy variables.  A variable without a value (and without a
 * default) makes the pattern unusable: false, and ev->unresolved names it. */
static bool expand(struct ev *ev, const struct policy_pat *pt, const char **s, size_t *n)
{
	if (!pt->parts) {
		*s = pt->str;
		*n = pt->len;
		return true;
	}
	ev->xb.len = 0;
	ev->xb.s[0] = '\0';
	for (size_t i = 0; i < pt->nparts; i++) {
		const struct policy_pat_part *part = &pt->parts[i];
		if (!part->var) {
			xb_add(&ev->xb, part->text, part->len);
			continue;
		}
		struct vals v = ev_lookup(ev, part->text, part->len, part->hash);
		/* F7.11: "You cannot use a multivalued condition key as a policy variable". */
		if (v.n > 1) {
			ev->unresolved = part;
			ev->unresolved_multi = true;
			return false;
		}
		const char *val = v.n ? v.v[0] : part->dflt;
		if (!val) {
			ev->unresolved = part;
			ev->unresolved_multi = false;
			return false;
		}
		if (pt->mode == POLICY_PAT_GLOB) {
			/* A substituted value matches only itself: escape its wildcards. */
			for (const char *c = val; *c; c++) {
				if (*c == '*' || *c == '?' || *c == '\\')
					xb_add(&ev->xb, "\\", 1);
				xb_add(&ev->xb, c, 1);
			}
		} else {
			xb_add(&ev->xb, val, strlen(val));
		}
	}
	*s = ev->xb.s;
	*n = ev->xb.len;
	return true;
}

static void explain_unresolved(const struct ev *ev, struct sbuf *b)
{
	if (b && ev->unresolved)
		policy_sb_printf(b, " (policy variable ${%.*s} %s, so it matches nothing)",
			  (int)ev->unresolved->len, ev->unresolved->text,
			  ev->unresolved_multi ? "has several values and does not resolve" : "unresolved");
}

/* ---- Action, Resource, Principal --------------------------------------------- */

static bool action_in(const struct ev *ev, const struct policy_stmt *st)
{
	/* F7.4: "The prefix and the action name are case insensitive." */
	for (size_t i = 0; i < st->nactions; i++) {
		const struct policy_pat *pt = &st->actions[i];
		if (pt->any)
			return true;
		if (pt->plain) {
			if (pt->len == ev->alen && strncasecmp(pt->str, ev->action, ev->alen) == 0)
				return true;
			continue;
		}
		if (pt->never)
			continue;
		/* The literal part before the first wildcard decides most misses. */
		if (ev->alen < pt->lit_prefix || strncasecmp(pt->str, ev->action, pt->lit_prefix) != 0)
			continue;
		if (pt->tail_star || policy_glob(pt->str, pt->len, ev->action, ev->alen, true))
			return true;
	}
	return false;
}

static bool resource_in(struct ev *ev, const struct policy_stmt *st)
{
	for (size_t i = 0; i < st->nresources; i++) {
		const struct policy_pat *pt = &st->resources[i];
		const char *s;
		size_t n;
		if (pt->any)
			return true;
		if (pt->plain) {
			/* F7.4: resource names are case-sensitive. */
			if (pt->len == ev->rlen && memcmp(pt->str, ev->resource, ev->rlen) == 0)
				return true;
			continue;
		}
		if (!pt->parts) {
			/* Before any wildcard, segments line up byte for byte. */
			if (ev->rlen < pt->lit_prefix || memcmp(pt->str, ev->resource, pt->lit_prefix) != 0)
				continue;
			if (pt->tail_star)
				return true;
		}
		if (!expand(ev, pt, &s, &n))
			continue;
		if (policy_arn_match(s, n, ev->resource, ev->rlen))
			return true;
	}
	return false;
}

static bool is_root_arn(const char *arn)
{
	const char *b, *e;
	return arn && arn_seg(arn, 2, &b, &e) && seg_is(b, e, "iam") && arn_seg(arn, 5, &b, &e) &&
	       strcmp(b, "root") == 0;
}

/* How a statement's Principal (or NotPrincipal) matched the requester. */
enum principal_match {
	PM_NONE = 0,
	PM_ACCOUNT, /* only through an account principal: a delegation (F7.10) */
	PM_DIRECT,  /* "*", the principal's own ARN, or its role (sessions of the role) */
};

static enum principal_match principal_in(struct ev *ev, const struct policy_stmt *st)
{
	const char *arn = ev->req->principal_arn;
	enum principal_match best = PM_NONE;
	/* F7.10 / NotPrincipal page: a NotPrincipal exempts a principal only when it names
	 * that very principal - a session by its session ARN, not by its role's ARN, and an
	 * account names only its root user (AWS checks the account, the role and the
	 * session in turn, each against the list). */
	bool exempt_list = st->not_principal;
	for (size_t i = 0; i < st->nprincipals; i++) {
		const struct policy_principal *pr = &st->principals[i];
		switch (pr->kind) {
		case POLICY_PR_ANY:
			return PM_DIRECT;
		case POLICY_PR_ACCOUNT:
			if (!ev->acct || strcmp(ev->acct, pr->text) != 0)
				break;
			/* The root user is the account itself. */
			if (is_root_arn(arn))
				return PM_DIRECT;
			/* F2.10: in a gateway endpoint policy an account principal grants only
			 * that account's root user. */
			if (ev->p->gateway || exempt_list)
				break;
			best = PM_ACCOUNT;
			break;
		case POLICY_PR_ARN:
			if (!arn)
				break;
			if (strcmp(arn, pr->text) == 0)
				return PM_DIRECT;
			/* A role ARN in Principal covers the role's sessions (F7.10: a resource
			 * policy naming the role allows on its own). */
			if (!exempt_list && pr->role_name && ev_session(ev) &&
			    ev->sess_role_len == strlen(pr->role_name) &&
			    memcmp(ev->sess_role, pr->role_name, ev->sess_role_len) == 0 &&
			    ev->sess_acct_len == strlen(pr->role_account) &&
			    memcmp(ev->sess_acct, pr->role_account, ev->sess_acct_len) == 0 &&
			    ev->sess_part_len == strlen(pr->role_partition) &&
			    memcmp(ev->sess_part, pr->role_partition, ev->sess_part_len) == 0)
				return PM_DIRECT;
			break;
		default:
			if (arn && strcmp(arn, pr->text) == 0)
				return PM_DIRECT;
			break;
		}
	}
	return best;
}

/* true when a NotPrincipal list names the requester's account or (for a session) its
 * role without exempting it (F7.10): for the explanation only. */
static bool names_role_or_account(struct ev *ev, const struct policy_stmt *st)
{
	for (size_t i = 0; i < st->nprincipals; i++) {
		const struct policy_principal *pr = &st->principals[i];
		if (pr->kind == POLICY_PR_ACCOUNT && ev->acct && strcmp(ev->acct, pr->text) == 0)
			return true;
		if (pr->kind == POLICY_PR_ARN && pr->role_name && ev_session(ev) &&
		    ev->sess_role_len == strlen(pr->role_name) &&
		    memcmp(ev->sess_role, pr->role_name, ev->sess_role_len) == 0)
			return true;
	}
	return false;
}

/* ---- Condition ----------------------------------------------------------------- */

/* A context value parsed once for all the policy values it is compared with. */
struct cvp {
	bool ok;
	bool b;
	double num;
	struct net_addr addr;
};

static void parse_ctx_value(const struct policy_cond *c, const char *v, struct cvp *o)
{
	struct net_prefix pfx;
	o->ok = true;
	switch (c->base) {
	case POLICY_OP_NUM:
		o->ok = policy_parse_number(v, &o->num);
		break;
	case POLICY_OP_DATE:
		o->ok = policy_parse_date(v, &o->num);
		break;
	case POLICY_OP_BOOL:
		o->ok = policy_parse_bool(v, &o->b);
		break;
	case POLICY_OP_IP:
		o->ok = net_addr_parse(v, &o->addr);
		if (!o->ok && net_prefix_parse(v, &pfx, NULL) &&
		    pfx.len == (pfx.addr.family == NET_V4 ? 32 : 128)) {
			o->addr = pfx.addr;
			o->ok = true;
		}
		break;
	default:
		break;
	}
}

static bool num_cmp(double ctx, double pol, uint8_t cmp)
{
	switch (cmp) {
	case POLICY_CMP_LT: return ctx < pol;
	case POLICY_CMP_LE: return ctx <= pol;
	case POLICY_CMP_GT: return ctx > pol;
	case POLICY_CMP_GE: return ctx >= pol;
	default: return ctx == pol;
	}
}

/* A policy value of a non-string operator, read after its variables were substituted
 * (F7.11); false when it is not one (it then matches nothing). */
static bool parse_policy_value(const struct policy_cond *c, const char *s, struct policy_cval *out)
{
	switch (c->base) {
	case POLICY_OP_NUM:
		return policy_parse_number(s, &out->num);
	case POLICY_OP_DATE:
		return policy_parse_date(s, &out->num);
	case POLICY_OP_BOOL:
	case POLICY_OP_NULL:
		return policy_parse_bool(s, &out->b);
	case POLICY_OP_IP:
		return net_prefix_parse(s, &out->pfx, NULL);
	default:
		return false;
	}
}

/* The operator without negation: does context value v match policy value pv? */
static bool value_match(struct ev *ev, const struct policy_cond *c, const struct policy_cval *pv,
			const char *v, size_t vlen, const struct cvp *cp)
{
	const char *s;
	size_t n;
	switch (c->base) {
	case POLICY_OP_STR_EQ:
	case POLICY_OP_BINARY:
		return expand(ev, &pv->pat, &s, &n) && n == vlen && memcmp(s, v, n) == 0;
	case POLICY_OP_STR_EQ_IC:
		return expand(ev, &pv->pat, &s, &n) && n == vlen && strncasecmp(s, v, n) == 0;
	case POLICY_OP_STR_LIKE:
	case POLICY_OP_ARN:
		if (!pv->pat.parts) {
			if (vlen < pv->pat.lit_prefix || memcmp(pv->pat.str, v, pv->pat.lit_prefix) != 0)
				return false;
			if (pv->pat.tail_star)
				return true;
		}
		if (!expand(ev, &pv->pat, &s, &n))
			return false;
		/* F7.6: "Each of the six colon-delimited components of the ARN is checked
		 * separately". */
		if (c->base == POLICY_OP_ARN)
			return policy_arn_match(s, n, v, vlen);
		return policy_glob(s, n, v, vlen, false);
	default:
		break;
	}
	struct policy_cval dyn;
	if (pv->dynamic) {
		/* F7.11: substituted, then read as the operator reads its values */
		if (!cp->ok || !expand(ev, &pv->pat, &s, &n) || !parse_policy_value(c, s, &dyn))
			return false;
		pv = &dyn;
	}
	switch (c->base) {
	case POLICY_OP_NUM:
	case POLICY_OP_DATE:
		return cp->ok && num_cmp(cp->num, pv->num, c->cmp);
	case POLICY_OP_BOOL:
		return cp->ok && cp->b == pv->b;
	case POLICY_OP_IP:
		/* F7.6: IP ranges in CIDR form; v4 never matches v6 (F1.2). */
		return cp->ok && net_prefix_contains(&pv->pfx, &cp->addr);
	default:
		return false;
	}
}

/* Index of the first policy value the context value v matches, or -1.  F7.8:
 * several values are ORed (and NORed by the caller for negated operators). */
static long first_match(struct ev *ev, const struct policy_cond *c, const char *v)
{
	struct cvp cp;
	size_t vlen = strlen(v);
	parse_ctx_value(c, v, &cp);
	for (size_t i = 0; i < c->nvals; i++)
		if (value_match(ev, c, &c->vals[i], v, vlen, &cp))
			return (long)i;
	return -1;
}

static void explain_values(struct sbuf *ex, const char *what, const char *const *v, size_t n)
{
	policy_sb_printf(ex, "%s", what);
	for (size_t i = 0; i < n; i++)
		policy_sb_printf(ex, "%s\"%s\"", i ? ", " : " ", v[i]);
}

static void explain_policy_values(struct sbuf *ex, const struct policy_cond *c)
{
	if (c->nvals == 0) {
		policy_sb_printf(ex, "no values");
		return;
	}
	for (size_t i = 0; i < c->nvals; i++)
		policy_sb_printf(ex, "%s\"%s\"", i ? ", " : "", c->vals[i].pat.src);
}

/* The first variable in c's values whose key has several values, or NULL. */
static const struct policy_pat_part *multi_valued_variable(struct ev *ev, const struct policy_cond *c)
{
	for (size_t i = 0; i < c->nvals; i++)
		for (size_t k = 0; k < c->vals[i].pat.nparts; k++) {
			const struct policy_pat_part *part = &c->vals[i].pat.parts[k];
			if (part->var && ev_lookup(ev, part->text, part->len, part->hash).n > 1)
				return part;
		}
	return NULL;
}

static bool cond_eval(struct ev *ev, const struct policy_cond *c, struct sbuf *cx)
{
	struct vals v = ev_lookup(ev, c->key, c->klen, c->hash);
	bool r;
	ev->unresolved = NULL;
	if (cx)
		policy_sb_printf(cx, "condition %s %s: ", c->op, c->key);

	if (c->base == POLICY_OP_NULL) {
		/* F7.6: Null true means "the key is absent", false "present". */
		bool absent = v.n == 0;
		r = false;
		for (size_t i = 0; i < c->nvals; i++) {
			struct policy_cval dyn;
			const char *s;
			size_t n;
			const struct policy_cval *pv = &c->vals[i];
			if (pv->dynamic) {
				if (!expand(ev, &pv->pat, &s, &n) || !parse_policy_value(c, s, &dyn))
					continue;
				pv = &dyn;
			}
			if (pv->b == absent)
				r = true;
		}
		if (cx) {
			policy_sb_printf(cx, "key %s -> %s", absent ? "absent" : "present", r ? "true" : "false");
			explain_unresolved(ev, cx);
		}
		return r;
	}

	/* F7.11: a policy variable whose key has several values does not resolve, and
	 * the condition is evaluated as for a missing key (F7.7). */
	const struct policy_pat_part *multi = c->has_vars ? multi_valued_variable(ev, c) : NULL;
	if (multi) {
		v.n = 0;
		if (cx)
			policy_sb_printf(cx, "policy variable ${%.*s} has several values and does not resolve, so as for a missing key: ",
				  (int)multi->len, multi->text);
	}

	if (v.n == 0) {
		/* F7.7: a missing key makes positive operators false and negated ones true;
		 * ...IfExists makes it true.  F7.8: ForAllValues is true with no values,
		 * ForAnyValue false (the qualifier wins over negation: "For no matching
		 * context key or if the key does not exist, the condition returns false"). */
		if (c->if_exists)
			r = true;
		else if (c->qual == POLICY_QUAL_ALL)
			r = true;
		else if (c->qual == POLICY_QUAL_ANY)
			r = false;
		else
			r = c->negated;
		if (cx)
			policy_sb_printf(cx, "key absent%s -> %s",
				  c->if_exists ? " (IfExists)"
				  : c->qual == POLICY_QUAL_ALL ? " (ForAllValues with no values)"
				  : c->qual == POLICY_QUAL_ANY ? " (ForAnyValue with no values)"
				  : "",
				  r ? "true" : "false");
		return r;
	}

	if (c->qual == POLICY_QUAL_NONE) {
		long hit = -1;
		for (size_t i = 0; i < v.n && hit < 0; i++)
			hit = first_match(ev, c, v.v[i]);
		/* F7.8: a negated operator is the NOR of its values. */
		r = c->negated ? hit < 0 : hit >= 0;
		if (cx) {
			if (v.n == 1)
				policy_sb_printf(cx, "\"%s\"", v.v[0]);
			else
				explain_values(cx, "values", v.v, v.n);
			if (hit >= 0) {
				policy_sb_printf(cx, " matches \"%s\"", c->vals[hit].pat.src);
			} else {
				policy_sb_printf(cx, c->nvals == 1 ? " does not match " : " matches none of ");
				explain_policy_values(cx, c);
			}
			policy_sb_printf(cx, " -> %s", r ? "true" : "false");
			explain_unresolved(ev, cx);
		}
		return r;
	}

	/* F7.8: ForAnyValue - some context value satisfies the operator; ForAllValues -
	 * every context value does. */
	bool all = c->qual == POLICY_QUAL_ALL;
	size_t bad = 0;
	r = all;
	for (size_t i = 0; i < v.n; i++) {
		bool one = first_match(ev, c, v.v[i]) >= 0;
		if (c->negated)
			one = !one;
		if (all && !one) {
			r = false;
			bad = i;
			break;
		}
		if (!all && one) {
			r = true;
			break;
		}
	}
	if (cx) {
		explain_values(cx, "values", v.v, v.n);
		policy_sb_printf(cx, " against ");
		explain_policy_values(cx, c);
		if (all && !r)
			policy_sb_printf(cx, " (\"%s\" fails)", v.v[bad]);
		policy_sb_printf(cx, " -> %s", r ? "true" : "false");
		explain_unresolved(ev, cx);
	}
	return r;
}

/* ---- Statement and policy ------------------------------------------------------ */

static bool stmt_eval(struct ev *ev, size_t idx, const struct policy_stmt *st, struct sbuf *cx)
{
	struct sbuf *ex = ev->ex;
	bool in;
	if (ex) {
		policy_sb_printf(ex, "statement %zu", idx + 1);
		if (st->sid)
			policy_sb_printf(ex, " (Sid \"%s\")", st->sid);
		policy_sb_printf(ex, ": %s ", st->deny ? "Deny" : "Allow");
	}

	/* F7.5: NotAction/NotResource/NotPrincipal match everything not listed. */
	in = action_in(ev, st);
	if (in == st->not_action) {
		if (ex)
			policy_sb_printf(ex, "does not match: action \"%s\" %s", ev->action,
				  st->not_action ? "is listed in NotAction" : "is not in Action");
		return false;
	}
	if (st->has_resource) {
		ev->unresolved = NULL;
		in = resource_in(ev, st);
		if (in == st->not_resource) {
			if (ex) {
				policy_sb_printf(ex, "does not match: resource \"%s\" %s", ev->resource,
					  st->not_resource ? "is listed in NotResource" : "is not in Resource");
				explain_unresolved(ev, ex);
			}
			return false;
		}
	}
	/* An identity policy applies to its own principal; Principal is not checked. */
	ev->stmt_delegated = false;
	if (ev->p->kind != POLICY_KIND_IDENTITY && st->has_principal) {
		enum principal_match m = principal_in(ev, st);
		in = m != PM_NONE;
		ev->stmt_delegated = !st->not_principal && m == PM_ACCOUNT;
		if (in == st->not_principal) {
			if (ex) {
				if (ev->req->principal_arn)
					policy_sb_printf(ex, "does not match: principal \"%s\" %s",
						  ev->req->principal_arn,
						  st->not_principal ? "is listed in NotPrincipal" : "is not in Principal");
				else
					policy_sb_printf(ex, "does not match: the anonymous principal %s",
						  st->not_principal ? "is listed in NotPrincipal" : "is not in Principal");
				for (size_t k = 0; ev->p->gateway && ev->acct && k < st->nprincipals; k++)
					if (st->principals[k].kind == POLICY_PR_ACCOUNT &&
					    strcmp(st->principals[k].text, ev->acct) == 0) {
						policy_sb_printf(ex, " (in a gateway endpoint policy an account principal grants only its root user)");
						break;
					}
			}
			return false;
		}
	}
	/* F7.8: condition operators and keys are ANDed. */
	if (cx)
		cx->len = 0;
	for (size_t i = 0; i < st->nconds; i++) {
		if (cx && i)
			policy_sb_add(cx, "; ", 2);
		size_t start = cx ? cx->len : 0;
		if (!cond_eval(ev, &st->conds[i], cx)) {
			if (ex)
				policy_sb_printf(ex, "does not match: %s", cx->s + start);
			return false;
		}
	}
	if (ex) {
		policy_sb_printf(ex, "matches");
		if (st->nconds)
			policy_sb_printf(ex, ": %s", cx->s);
		if (ev->stmt_delegated && !st->deny)
			policy_sb_printf(ex, " (through the account principal %s only: it delegates to the account, whose identity policy must allow too)",
				  ev->acct);
		if (st->not_principal && names_role_or_account(ev, st))
			policy_sb_printf(ex, " (NotPrincipal names the principal's role or account, which does not exempt it: only its own ARN does)");
	}
	return true;
}

enum policy_decision policy_eval(const struct policy *p, const struct policy_request *req,
				 struct policy_result *out)
{
	struct sbuf ex = { 0 }, cx = { 0 };
	struct ev ev;
	bool explain = out && !req->no_explain;
	long allow = -1, deny = -1, delegated = -1;
	enum policy_decision d = POLICY_NO_MATCH;

	if (out) {
		out->decision = POLICY_NO_MATCH;
		out->statement = -1;
		out->sid = NULL;
		out->explanation = NULL;
		out->delegated = false;
	}
	if (!p) {
		if (explain)
			out->explanation = xstrdup("no policy");
		return POLICY_NO_MATCH;
	}
	ev.p = p;
	ev.req = req;
	ev.action = req->action ? req->action : "";
	ev.resource = req->resource ? req->resource : "";
	ev.alen = strlen(ev.action);
	ev.rlen = strlen(ev.resource);
	ev.acct = policy_request_account(req, ev.acctbuf, sizeof(ev.acctbuf));
	ev.ex = explain ? &ex : NULL;
	ev.unresolved = NULL;
	ev.unresolved_multi = false;
	ev.sess_parsed = ev.is_sess = false;
	ev.parn = NULL;
	ev.xb.s = ev.xb.small;
	ev.xb.cap = sizeof(ev.xb.small);
	ev.xb.len = 0;
	ev.xb.small[0] = '\0';

	for (size_t i = 0; i < p->nstmts; i++) {
		const struct policy_stmt *st = &p->stmts[i];
		/* Without an explanation, once an Allow is found only Deny statements can
		 * change the answer. */
		if (!explain && !st->deny && allow >= 0)
			continue;
		if (explain && i)
			policy_sb_add(&ex, "\n", 1);
		if (!stmt_eval(&ev, i, st, explain ? &cx : NULL))
			continue;
		if (st->deny) {
			if (deny < 0)
				deny = (long)i;
			if (!explain)
				break;
		} else if (ev.stmt_delegated) {
			if (delegated < 0)
				delegated = (long)i;
		} else if (allow < 0) {
			allow = (long)i;
		}
	}
	/* F7.2: an explicit deny overrides any allow; no statement: implicit deny.  F7.10:
	 * an Allow that reached the principal only through its account delegates; it
	 * decides only when no statement names the principal itself. */
	bool by_delegation = deny < 0 && allow < 0 && delegated >= 0;
	if (allow < 0)
		allow = delegated;
	long decided = deny >= 0 ? deny : allow;
	d = deny >= 0 ? POLICY_DENY : allow >= 0 ? POLICY_ALLOW : POLICY_NO_MATCH;

	if (ev.xb.s != ev.xb.small)
		free(ev.xb.s);
	free(cx.s);
	if (!out) {
		free(ex.s);
		return d;
	}
	out->decision = d;
	out->statement = (int)decided;
	out->delegated = by_delegation;
	if (explain) {
		if (decided >= 0 && p->stmts[decided].sid)
			out->sid = xstrdup(p->stmts[decided].sid);
		out->explanation = ex.s ? ex.s : xstrdup("");
	}
	return d;
}

void policy_result_clear(struct policy_result *r)
{
	if (!r)
		return;
	free(r->sid);
	free(r->explanation);
	r->sid = NULL;
	r->explanation = NULL;
	r->decision = POLICY_NO_MATCH;
	r->statement = -1;
	r->delegated = false;
}
