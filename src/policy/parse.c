/* parse.c - compiles a cJSON policy document into struct policy (policy-int.h).
 *
 * Every problem is reported (not only the first), at the policy's location, naming
 * the statement and element; any error makes policy_compile() return NULL.  The
 * compiled form keeps no pointer into the cJSON document.
 */
#include "policy-int.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "vpcpath/util.h"

struct parser {
	struct policy *p;
	struct arena *a;
	enum policy_kind kind;
	const char *file;
	unsigned line, col;
	struct diag_list *diags;
	size_t errors;
	char where[160]; /* "Statement 2 (Sid \"X\")" while compiling a statement */
};

static void vreport(struct parser *ps, enum diag_severity sev, const char *code,
		    const char *fmt, va_list ap) __attribute__((format(printf, 4, 0)));
static void vreport(struct parser *ps, enum diag_severity sev, const char *code,
		    const char *fmt, va_list ap)
{
	char *msg = NULL;
	va_list ap2;
	va_copy(ap2, ap);
	int n = vsnprintf(NULL, 0, fmt, ap);
	msg = xmalloc(n > 0 ? (size_t)n + 1 : 1);
	msg[0] = '\0';
	if (n > 0)
		vsnprintf(msg, (size_t)n + 1, fmt, ap2);
	va_end(ap2);
	if (ps->diags)
		diag_add(ps->diags, sev, ps->file, ps->line, ps->col, code, "policy: %s%s%s",
			 ps->where, ps->where[0] ? ": " : "", msg);
	if (sev == DIAG_ERROR)
		ps->errors++;
	free(msg);
}

static void perr(struct parser *ps, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void perr(struct parser *ps, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vreport(ps, DIAG_ERROR, NULL, fmt, ap);
	va_end(ap);
}

static void pwarn(struct parser *ps, const char *code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void pwarn(struct parser *ps, const char *code, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vreport(ps, DIAG_WARNING, code, fmt, ap);
	va_end(ap);
}

static const char *json_type(const cJSON *j)
{
	if (cJSON_IsString(j))
		return "a string";
	if (cJSON_IsNumber(j))
		return "a number";
	if (cJSON_IsBool(j))
		return "a boolean";
	if (cJSON_IsNull(j))
		return "null";
	if (cJSON_IsArray(j))
		return "an array";
	if (cJSON_IsObject(j))
		return "an object";
	return "an invalid value";
}

/* An unknown element name: suggest the closest known one (typos like "Ressource"). */
static void unknown_element(struct parser *ps, const char *what, const char *name,
			    const char *const *known, size_t nknown)
{
	const char *best = NULL;
	unsigned bestd = 3;
	for (size_t i = 0; i < nknown; i++) {
		unsigned d = str_edit_distance(name, known[i]);
		if (d < bestd) {
			bestd = d;
			best = known[i];
		}
	}
	if (best)
		perr(ps, "unknown %s \"%s\" (did you mean \"%s\"?)", what, name, best);
	else
		perr(ps, "unknown %s \"%s\"", what, name);
}

/* The most members one JSON object of a policy may have.  The largest real objects
 * (a Condition operator's keys, a Principal's types) have a handful; the duplicate
 * checks below compare each member with the earlier ones, which a hostile policy with
 * 100,000 members would turn into billions of comparisons. */
#define POLICY_MAX_MEMBERS 256

/* true (after reporting) when obj has more than POLICY_MAX_MEMBERS members */
static bool too_many_members(struct parser *ps, const cJSON *obj, const char *what)
{
	size_t n = 0;
	for (const cJSON *o = obj->child; o; o = o->next)
		if (++n > POLICY_MAX_MEMBERS) {
			perr(ps, "%s has more than %d members; refusing it (policy size limit)", what,
			     POLICY_MAX_MEMBERS);
			return true;
		}
	return false;
}

static bool has_earlier_sibling_named(const cJSON *parent, const cJSON *item)
{
	for (const cJSON *o = parent->child; o && o != item; o = o->next)
		if (o->string && item->string && strcmp(o->string, item->string) == 0)
			return true;
	return false;
}

/* The string form of a scalar condition value: strings as they are, numbers as
 * cJSON prints them, booleans "true"/"false".  NULL for anything else.  The result
 * is arena memory. */
static const char *scalar_text(struct arena *a, const cJSON *v)
{
	if (cJSON_IsString(v))
		return arena_strdup(a, v->valuestring);
	if (cJSON_IsBool(v))
		return cJSON_IsTrue(v) ? "true" : "false";
	if (cJSON_IsNumber(v)) {
		char *t = cJSON_PrintUnformatted(v);
		const char *r = arena_strdup(a, t ? t : "0");
		cJSON_free(t);
		return r;
	}
	return NULL;
}

/* Collects a string-or-array-of-strings element into an array of strings (arena).
 * Returns false (after reporting) on a wrong type. */
static bool string_list(struct parser *ps, const cJSON *j, const char *elem, const char ***out,
			size_t *n)
{
	*out = NULL;
	*n = 0;
	if (cJSON_IsString(j)) {
		const char **v = arena_alloc(ps->a, sizeof(*v));
		v[0] = arena_strdup(ps->a, j->valuestring);
		*out = v;
		*n = 1;
		return true;
	}
	if (!cJSON_IsArray(j)) {
		perr(ps, "%s must be a string or an array of strings, not %s", elem, json_type(j));
		return false;
	}
	size_t cnt = (size_t)cJSON_GetArraySize(j);
	if (cnt == 0) {
		perr(ps, "%s is an empty array", elem);
		return false;
	}
	const char **v = arena_alloc(ps->a, cnt * sizeof(*v));
	size_t i = 0;
	bool ok = true;
	for (const cJSON *e = j->child; e; e = e->next) {
		if (!cJSON_IsString(e)) {
			perr(ps, "%s entry %zu must be a string, not %s", elem, i + 1, json_type(e));
			ok = false;
			continue;
		}
		v[i++] = arena_strdup(ps->a, e->valuestring);
	}
	*out = v;
	*n = i;
	return ok;
}

static bool has_wildcard(const char *s)
{
	return strpbrk(s, "*?") != NULL;
}

/* ---- Action ---------------------------------------------------------------- */

static void compile_actions(struct parser *ps, const cJSON *j, const char *elem,
			    struct policy_stmt *st)
{
	const char **v;
	size_t n;
	if (!string_list(ps, j, elem, &v, &n))
		return;
	struct policy_pat *pats = arena_alloc(ps->a, (n ? n : 1) * sizeof(*pats));
	for (size_t i = 0; i < n; i++) {
		const char *colon = strchr(v[i], ':');
		/* F7.4: "service namespace as an action prefix ... followed by the name". */
		if (strcmp(v[i], "*") != 0 && (!colon || colon == v[i] || !colon[1])) {
			perr(ps, "%s \"%s\" must be \"*\" or \"service:action\"", elem, v[i]);
			continue;
		}
		/* Actions take no policy variables; matching is case-insensitive (F7.4). */
		policy_pat_compile(ps->a, v[i], POLICY_PAT_GLOB, false, &pats[i]);
		/* A service prefix names one service: a wildcard in it matches no action
		 * (policy_lint() warns). */
		if (colon && strcspn(v[i], "*?") < (size_t)(colon - v[i]))
			pats[i].never = true;
	}
	st->actions = pats;
	st->nactions = n;
}

/* ---- Resource -------------------------------------------------------------- */

/* The n-th colon-separated segment of an ARN (0-based) as [*b, *e); false when the
 * ARN has fewer segments. */
bool policy_arn_segment(const char *arn, int n, const char **b, const char **e)
{
	const char *s = arn;
	for (int i = 0; i < n; i++) {
		s = strchr(s, ':');
		if (!s)
			return false;
		s++;
	}
	*b = s;
	const char *c = strchr(s, ':');
	*e = c ? c : s + strlen(s);
	return true;
}

static void compile_resources(struct parser *ps, const cJSON *j, const char *elem,
			      struct policy_stmt *st)
{
	const char **v;
	size_t n;
	if (!string_list(ps, j, elem, &v, &n))
		return;
	struct policy_pat *pats = arena_alloc(ps->a, (n ? n : 1) * sizeof(*pats));
	for (size_t i = 0; i < n; i++) {
		if (strcmp(v[i], "*") != 0 && strncmp(v[i], "arn:", 4) != 0) {
			perr(ps, "%s \"%s\" is neither \"*\" nor an ARN (arn:partition:service:...)",
			     elem, v[i]);
			continue;
		}
		policy_pat_compile(ps->a, v[i], POLICY_PAT_GLOB, ps->p->variables, &pats[i]);
	}
	st->resources = pats;
	st->nresources = n;
	st->has_resource = true;
}

/* ---- Principal ------------------------------------------------------------- */

static bool all_digits(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!isdigit((unsigned char)s[i]))
			return false;
	return n > 0;
}

/* "arn:PART:iam::ACCOUNT:root" -> the account id (arena), else NULL. */
static const char *root_account(struct arena *a, const char *arn)
{
	const char *b, *e, *rb, *re;
	if (strncmp(arn, "arn:", 4) != 0 || !policy_arn_segment(arn, 2, &b, &e) ||
	    (size_t)(e - b) != 3 || strncmp(b, "iam", 3) != 0)
		return NULL;
	if (!policy_arn_segment(arn, 4, &b, &e) || !policy_arn_segment(arn, 5, &rb, &re) || strcmp(rb, "root") != 0)
		return NULL;
	if (!all_digits(b, (size_t)(e - b)))
		return NULL;
	return arena_strndup(a, b, (size_t)(e - b));
}

static void add_principal(struct parser *ps, struct arena_vec *vec, const char *type,
			  const char *val, const char *elem)
{
	struct policy_principal *pr;
	if (strcmp(val, "*") == 0) {
		pr = arena_vec_push(ps->a, vec, sizeof(*pr));
		pr->kind = POLICY_PR_ANY;
		pr->type = type;
		pr->text = "*";
		return;
	}
	if (has_wildcard(val)) {
		/* IAM takes "*" alone in Principal; partial wildcards are rejected. */
		perr(ps, "%s \"%s\": \"%s\" cannot contain wildcards other than \"*\" alone (use the aws:PrincipalArn condition key with ArnLike)",
		     elem, type, val);
		return;
	}
	pr = arena_vec_push(ps->a, vec, sizeof(*pr));
	pr->type = type;
	if (strcmp(type, "AWS") == 0) {
		const char *acct = NULL;
		if (all_digits(val, strlen(val)) && strlen(val) == 12)
			acct = arena_strdup(ps->a, val);
		else
			acct = root_account(ps->a, val);
		if (acct) {
			/* An account (or its root) means every principal of that account, in a
			 * resource policy; the account's own identity policies then decide. */
			pr->kind = POLICY_PR_ACCOUNT;
			pr->text = acct;
			return;
		}
		pr->text = arena_strdup(ps->a, val);
		if (strncmp(val, "arn:", 4) == 0) {
			const char *b, *e, *pb, *pe, *ab, *ae, *rb, *re;
			pr->kind = POLICY_PR_ARN;
			if (policy_arn_segment(val, 2, &b, &e) && (size_t)(e - b) == 3 && strncmp(b, "iam", 3) == 0 &&
			    policy_arn_segment(val, 1, &pb, &pe) && policy_arn_segment(val, 4, &ab, &ae) &&
			    policy_arn_segment(val, 5, &rb, &re) && strncmp(rb, "role/", 5) == 0) {
				const char *name = strrchr(rb, '/') + 1;
				pr->role_partition = arena_strndup(ps->a, pb, (size_t)(pe - pb));
				pr->role_account = arena_strndup(ps->a, ab, (size_t)(ae - ab));
				pr->role_name = arena_strdup(ps->a, name);
			}
			return;
		}
		pr->kind = POLICY_PR_OTHER;
		pwarn(ps, "policy-principal-format",
		      "%s \"AWS\": \"%s\" is neither an account ID nor an ARN; it matches only a principal given exactly so",
		      elem, val);
		return;
	}
	pr->kind = POLICY_PR_OTHER;
	pr->text = arena_strdup(ps->a, val);
}

static void compile_principal(struct parser *ps, const cJSON *j, const char *elem,
			      struct policy_stmt *st)
{
	static const char *const types[] = { "AWS", "Service", "Federated", "CanonicalUser" };
	struct arena_vec vec = { 0 };
	st->has_principal = true;
	if (cJSON_IsString(j)) {
		if (strcmp(j->valuestring, "*") != 0) {
			perr(ps, "%s as a string must be \"*\" (else use {\"AWS\": \"%s\"})", elem,
			     j->valuestring);
			return;
		}
		add_principal(ps, &vec, "*", "*", elem);
	} else if (cJSON_IsObject(j)) {
		if (!j->child)
			perr(ps, "%s is an empty object", elem);
		if (too_many_members(ps, j, elem))
			return;
		for (const cJSON *t = j->child; t; t = t->next) {
			const char *type = NULL;
			for (size_t i = 0; i < sizeof(types) / sizeof(types[0]); i++)
				if (strcmp(t->string, types[i]) == 0)
					type = types[i];
			if (!type) {
				char what[64];
				snprintf(what, sizeof(what), "%s type", elem);
				unknown_element(ps, what, t->string, types, sizeof(types) / sizeof(types[0]));
				continue;
			}
			if (has_earlier_sibling_named(j, t)) {
				perr(ps, "%s has \"%s\" twice", elem, type);
				continue;
			}
			const char **v;
			size_t n;
			char what[64];
			snprintf(what, sizeof(what), "%s \"%s\"", elem, type);
			if (!string_list(ps, t, what, &v, &n))
				continue;
			for (size_t i = 0; i < n; i++)
				add_principal(ps, &vec, type, v[i], elem);
		}
	} else {
		perr(ps, "%s must be \"*\" or an object such as {\"AWS\": ...}, not %s", elem,
		     json_type(j));
		return;
	}
	st->principals = vec.items;
	st->nprincipals = vec.len;
}

/* ---- Condition ------------------------------------------------------------- */

struct op_def {
	const char *name;
	uint8_t base, cmp;
	bool negated;
};

/* F7.6: every condition operator; "...IfExists" and the ForAnyValue:/ForAllValues:
 * qualifiers are parsed around these names. */
static const struct op_def op_defs[] = {
	{ "StringEquals", POLICY_OP_STR_EQ, 0, false },
	{ "StringNotEquals", POLICY_OP_STR_EQ, 0, true },
	{ "StringEqualsIgnoreCase", POLICY_OP_STR_EQ_IC, 0, false },
	{ "StringNotEqualsIgnoreCase", POLICY_OP_STR_EQ_IC, 0, true },
	{ "StringLike", POLICY_OP_STR_LIKE, 0, false },
	{ "StringNotLike", POLICY_OP_STR_LIKE, 0, true },
	{ "NumericEquals", POLICY_OP_NUM, POLICY_CMP_EQ, false },
	{ "NumericNotEquals", POLICY_OP_NUM, POLICY_CMP_EQ, true },
	{ "NumericLessThan", POLICY_OP_NUM, POLICY_CMP_LT, false },
	{ "NumericLessThanEquals", POLICY_OP_NUM, POLICY_CMP_LE, false },
	{ "NumericGreaterThan", POLICY_OP_NUM, POLICY_CMP_GT, false },
	{ "NumericGreaterThanEquals", POLICY_OP_NUM, POLICY_CMP_GE, false },
	{ "DateEquals", POLICY_OP_DATE, POLICY_CMP_EQ, false },
	{ "DateNotEquals", POLICY_OP_DATE, POLICY_CMP_EQ, true },
	{ "DateLessThan", POLICY_OP_DATE, POLICY_CMP_LT, false },
	{ "DateLessThanEquals", POLICY_OP_DATE, POLICY_CMP_LE, false },
	{ "DateGreaterThan", POLICY_OP_DATE, POLICY_CMP_GT, false },
	{ "DateGreaterThanEquals", POLICY_OP_DATE, POLICY_CMP_GE, false },
	{ "Bool", POLICY_OP_BOOL, 0, false },
	{ "BinaryEquals", POLICY_OP_BINARY, 0, false },
	{ "IpAddress", POLICY_OP_IP, 0, false },
	{ "NotIpAddress", POLICY_OP_IP, 0, true },
	/* ArnEquals and ArnLike behave the same in IAM: both take wildcards per
	 * segment (F7.6). */
	{ "ArnEquals", POLICY_OP_ARN, 0, false },
	{ "ArnLike", POLICY_OP_ARN, 0, false },
	{ "ArnNotEquals", POLICY_OP_ARN, 0, true },
	{ "ArnNotLike", POLICY_OP_ARN, 0, true },
	{ "Null", POLICY_OP_NULL, 0, false },
};

#define NOPS (sizeof(op_defs) / sizeof(op_defs[0]))

/* Parses "[ForAnyValue:|ForAllValues:]Name[IfExists]" into c; false when unknown. */
static bool parse_operator(const char *name, struct policy_cond *c)
{
	const char *s = name;
	if (strncasecmp(s, "ForAnyValue:", 12) == 0) {
		c->qual = POLICY_QUAL_ANY;
		s += 12;
	} else if (strncasecmp(s, "ForAllValues:", 13) == 0) {
		c->qual = POLICY_QUAL_ALL;
		s += 13;
	}
	size_t n = strlen(s);
	for (int pass = 0; pass < 2; pass++) {
		for (size_t i = 0; i < NOPS; i++) {
			if (strlen(op_defs[i].name) == n && strncasecmp(op_defs[i].name, s, n) == 0) {
				c->base = op_defs[i].base;
				c->cmp = op_defs[i].cmp;
				c->negated = op_defs[i].negated;
				return true;
			}
		}
		if (pass == 0 && n > 8 && strcasecmp(s + n - 8, "IfExists") == 0) {
			c->if_exists = true;
			n -= 8;
		} else {
			break;
		}
	}
	return false;
}

static void compile_cond_value(struct parser *ps, struct policy_cond *c, const char *text,
			       struct policy_cval *cv)
{
	bool vars = ps->p->variables;
	bool host_bits = false;
	memset(cv, 0, sizeof(*cv));
	switch (c->base) {
	case POLICY_OP_STR_EQ:
	case POLICY_OP_STR_EQ_IC:
		policy_pat_compile(ps->a, text, POLICY_PAT_LITERAL, vars, &cv->pat);
		return;
	case POLICY_OP_STR_LIKE:
	case POLICY_OP_ARN:
		/* F7.6: *Like take '*' and '?' "anywhere in the string"; Arn* per segment. */
		policy_pat_compile(ps->a, text, POLICY_PAT_GLOB, vars, &cv->pat);
		return;
	case POLICY_OP_BINARY:
		policy_pat_compile(ps->a, text, POLICY_PAT_LITERAL, vars, &cv->pat);
		return;
	default:
		break;
	}
	/* F7.11: "A policy variable may appear in the value of any condition operator,
	 * Bool included": such a value is parsed once substituted, at evaluation. */
	if (vars && strstr(text, "${")) {
		policy_pat_compile(ps->a, text, POLICY_PAT_LITERAL, vars, &cv->pat);
		if (cv->pat.parts) {
			cv->dynamic = true;
			return;
		}
		text = cv->pat.str; /* only ${$}-style escapes: parse what they stand for */
	}
	if (!cv->pat.src)
		cv->pat.src = arena_strdup(ps->a, text);
	switch (c->base) {
	case POLICY_OP_NUM:
		if (!policy_parse_number(text, &cv->num))
			perr(ps, "condition %s %s: \"%s\" is not a number", c->op, c->key, text);
		break;
	case POLICY_OP_DATE:
		if (!policy_parse_date(text, &cv->num))
			perr(ps, "condition %s %s: \"%s\" is not an ISO 8601 date or epoch seconds",
			     c->op, c->key, text);
		break;
	case POLICY_OP_BOOL:
	case POLICY_OP_NULL:
		if (!policy_parse_bool(text, &cv->b))
			perr(ps, "condition %s %s: \"%s\" is not true or false", c->op, c->key, text);
		break;
	case POLICY_OP_IP:
		/* F7.6: an address without a prefix length is /32 (or /128 for IPv6). */
		if (!net_prefix_parse(text, &cv->pfx, &host_bits)) {
			perr(ps, "condition %s %s: \"%s\" is not an IPv4 or IPv6 address or CIDR",
			     c->op, c->key, text);
			break;
		}
		if (host_bits) {
			char buf[NET_PREFIXSTRLEN];
			pwarn(ps, "policy-cidr-host-bits",
			      "condition %s %s: \"%s\" has host bits set; it means %s", c->op, c->key,
			      text, net_prefix_str(&cv->pfx, buf));
		}
		break;
	default:
		break;
	}
}

static void compile_condition(struct parser *ps, const cJSON *j, struct policy_stmt *st)
{
	struct arena_vec conds = { 0 };
	if (!cJSON_IsObject(j)) {
		perr(ps, "Condition must be an object, not %s", json_type(j));
		return;
	}
	if (too_many_members(ps, j, "Condition"))
		return;
	for (const cJSON *op = j->child; op; op = op->next) {
		struct policy_cond proto = { 0 };
		if (has_earlier_sibling_named(j, op)) {
			perr(ps, "Condition has operator \"%s\" twice", op->string);
			continue;
		}
		if (!parse_operator(op->string, &proto)) {
			const char *names[NOPS];
			for (size_t i = 0; i < NOPS; i++)
				names[i] = op_defs[i].name;
			unknown_element(ps, "condition operator", op->string, names, NOPS);
			continue;
		}
		if (proto.base == POLICY_OP_NULL && proto.if_exists) {
			/* F7.6: IfExists "can be appended to any operator except Null". */
			perr(ps, "condition operator \"%s\": Null cannot take IfExists", op->string);
			continue;
		}
		if (!cJSON_IsObject(op)) {
			perr(ps, "condition operator \"%s\" must map to an object of keys, not %s",
			     op->string, json_type(op));
			continue;
		}
		if (!op->child)
			perr(ps, "condition operator \"%s\" has no keys", op->string);
		if (too_many_members(ps, op, "a condition operator"))
			continue;
		for (const cJSON *k = op->child; k; k = k->next) {
			if (has_earlier_sibling_named(op, k)) {
				perr(ps, "condition %s has key \"%s\" twice", op->string, k->string);
				continue;
			}
			struct policy_cond *c = arena_vec_push(ps->a, &conds, sizeof(*c));
			*c = proto;
			c->op = arena_strdup(ps->a, op->string);
			c->key = arena_strdup(ps->a, k->string);
			c->klen = strlen(c->key);
			c->hash = policy_key_hash(c->key, c->klen);
			if (!*c->key)
				perr(ps, "condition %s has an empty key name", op->string);

			/* F7.8: one value or an array of values (ORed, NORed when negated). */
			bool array = cJSON_IsArray(k);
			const cJSON *first = array ? k->child : k;
			size_t n = array ? (size_t)cJSON_GetArraySize(k) : 1;
			struct policy_cval *vals = arena_alloc(ps->a, (n ? n : 1) * sizeof(*vals));
			size_t i = 0;
			for (const cJSON *v = first; v; v = array ? v->next : NULL) {
				const char *text = scalar_text(ps->a, v);
				if (!text) {
					perr(ps, "condition %s %s: a value must be a string, number or boolean, not %s",
					     c->op, c->key, json_type(v));
					continue;
				}
				compile_cond_value(ps, c, text, &vals[i]);
				if (vals[i].pat.parts)
					c->has_vars = true;
				i++;
			}
			c->vals = vals;
			c->nvals = i;
		}
	}
	st->conds = conds.items;
	st->nconds = conds.len;
}

/* ---- Statement ------------------------------------------------------------- */

static const char *const stmt_elements[] = {
	"Sid", "Effect", "Principal", "NotPrincipal", "Action", "NotAction",
	"Resource", "NotResource", "Condition",
};

static void compile_statement(struct parser *ps, const cJSON *j, size_t idx, struct policy_stmt *st)
{
	const cJSON *effect = NULL, *principal = NULL, *notprincipal = NULL, *action = NULL,
		    *notaction = NULL, *resource = NULL, *notresource = NULL, *condition = NULL;
	snprintf(ps->where, sizeof(ps->where), "Statement %zu", idx + 1);
	if (!cJSON_IsObject(j)) {
		perr(ps, "a statement must be an object, not %s", json_type(j));
		return;
	}
	if (too_many_members(ps, j, "the statement"))
		return;
	const cJSON *sid = cJSON_GetObjectItemCaseSensitive(j, "Sid");
	if (sid && cJSON_IsString(sid)) {
		st->sid = arena_strdup(ps->a, sid->valuestring);
		snprintf(ps->where, sizeof(ps->where), "Statement %zu (Sid \"%.100s\")", idx + 1,
			 sid->valuestring);
	}
	for (const cJSON *e = j->child; e; e = e->next) {
		const cJSON **slot = NULL;
		if (has_earlier_sibling_named(j, e)) {
			perr(ps, "element \"%s\" appears twice", e->string);
			continue;
		}
		if (strcmp(e->string, "Sid") == 0) {
			if (!cJSON_IsString(e))
				perr(ps, "Sid must be a string, not %s", json_type(e));
			continue;
		}
		if (strcmp(e->string, "Effect") == 0)
			slot = &effect;
		else if (strcmp(e->string, "Principal") == 0)
			slot = &principal;
		else if (strcmp(e->string, "NotPrincipal") == 0)
			slot = &notprincipal;
		else if (strcmp(e->string, "Action") == 0)
			slot = &action;
		else if (strcmp(e->string, "NotAction") == 0)
			slot = &notaction;
		else if (strcmp(e->string, "Resource") == 0)
			slot = &resource;
		else if (strcmp(e->string, "NotResource") == 0)
			slot = &notresource;
		else if (strcmp(e->string, "Condition") == 0)
			slot = &condition;
		if (!slot) {
			unknown_element(ps, "statement element", e->string, stmt_elements,
					sizeof(stmt_elements) / sizeof(stmt_elements[0]));
			continue;
		}
		*slot = e;
	}

	if (!effect) {
		perr(ps, "Effect is missing (\"Allow\" or \"Deny\")");
	} else if (!cJSON_IsString(effect)) {
		perr(ps, "Effect must be the string \"Allow\" or \"Deny\", not %s", json_type(effect));
	} else if (strcmp(effect->valuestring, "Allow") == 0) {
		st->deny = false;
	} else if (strcmp(effect->valuestring, "Deny") == 0) {
		st->deny = true;
	} else {
		perr(ps, "Effect must be \"Allow\" or \"Deny\", not \"%s\"", effect->valuestring);
	}

	if (action && notaction)
		perr(ps, "has both Action and NotAction; use one");
	else if (!action && !notaction)
		perr(ps, "has neither Action nor NotAction");
	else if (action)
		compile_actions(ps, action, "Action", st);
	else {
		st->not_action = true;
		compile_actions(ps, notaction, "NotAction", st);
	}

	if (resource && notresource) {
		perr(ps, "has both Resource and NotResource; use one");
	} else if (resource) {
		compile_resources(ps, resource, "Resource", st);
	} else if (notresource) {
		st->not_resource = true;
		compile_resources(ps, notresource, "NotResource", st);
	} else if (ps->kind == POLICY_KIND_ENDPOINT) {
		/* Lenient for endpoint policies: evaluated as Resource "*". */
		pwarn(ps, "policy-no-resource", "has neither Resource nor NotResource; taken as \"*\"");
	} else {
		perr(ps, "has neither Resource nor NotResource");
	}

	if (principal && notprincipal) {
		perr(ps, "has both Principal and NotPrincipal; use one");
	} else if (principal || notprincipal) {
		if (ps->kind == POLICY_KIND_IDENTITY) {
			/* An identity policy applies to the principal it is attached to. */
			pwarn(ps, "policy-identity-principal",
			      "%s is ignored in an identity-based policy",
			      principal ? "Principal" : "NotPrincipal");
		}
		if (notprincipal) {
			st->not_principal = true;
			/* F7.5: NotPrincipal "must be used with Effect Deny". */
			if (effect && cJSON_IsString(effect) && strcmp(effect->valuestring, "Allow") == 0)
				perr(ps, "NotPrincipal can only be used with Effect \"Deny\"");
			compile_principal(ps, notprincipal, "NotPrincipal", st);
		} else {
			compile_principal(ps, principal, "Principal", st);
		}
	} else if (ps->kind == POLICY_KIND_RESOURCE) {
		perr(ps, "has neither Principal nor NotPrincipal (required in a resource-based policy)");
	} else if (ps->kind == POLICY_KIND_ENDPOINT) {
		/* F2.10: "An endpoint policy ... must contain a Principal element."  Such a
		 * statement is evaluated as applying to every principal. */
		pwarn(ps, "policy-endpoint-no-principal",
		      "has no Principal element, which an endpoint policy must contain; taken as \"*\"");
	}

	if (condition)
		compile_condition(ps, condition, st);
}

/* Counts UTF-8 characters (F2.10 limits characters, not bytes). */
static size_t utf8_chars(const char *s)
{
	size_t n = 0;
	for (; *s; s++)
		if (((unsigned char)*s & 0xc0) != 0x80)
			n++;
	return n;
}

struct sid_at {
	const char *sid;
	size_t i;
};

/* qsort order: by Sid, then by position */
static int by_sid(const void *a, const void *b)
{
	const struct sid_at *x = a, *y = b;
	int c = strcmp(x->sid, y->sid);
	return c ? c : (x->i > y->i) - (x->i < y->i);
}

/* Duplicate Sids make "the deciding statement" ambiguous in output: each statement
 * whose Sid an earlier one has is named with the first of them.  Sorted, so that a
 * hostile policy of thousands of statements costs n log n, not n squared. */
static void warn_duplicate_sids(struct parser *ps, const struct policy *p)
{
	size_t n = 0, cap = p->nstmts ? p->nstmts : 1;
	struct sid_at *sids = xmalloc(cap * sizeof(*sids));
	size_t *first = xmalloc(cap * sizeof(*first));
	for (size_t i = 0; i < p->nstmts; i++) {
		first[i] = SIZE_MAX;
		if (p->stmts[i].sid && *p->stmts[i].sid)
			sids[n++] = (struct sid_at){ p->stmts[i].sid, i };
	}
	qsort(sids, n, sizeof(*sids), by_sid);
	for (size_t g = 0; g < n;) {
		size_t e = g + 1;
		while (e < n && strcmp(sids[g].sid, sids[e].sid) == 0)
			first[sids[e++].i] = sids[g].i;
		g = e;
	}
	for (size_t i = 0; i < p->nstmts; i++)
		if (first[i] != SIZE_MAX)
			pwarn(ps, "policy-duplicate-sid", "Sid \"%s\" is used by statements %zu and %zu",
			      p->stmts[i].sid, first[i] + 1, i + 1);
	free(sids);
	free(first);
}

/* Diagnostics about statement i go to where it starts, when the caller knows. */
static void at_statement(struct parser *ps, const struct policy_compile_opts *opts, size_t i,
			 unsigned line, unsigned col)
{
	bool known = opts && opts->statement_pos && i < opts->nstatement_pos;
	ps->line = known ? opts->statement_pos[i][0] : line;
	ps->col = known ? opts->statement_pos[i][1] : col;
}

struct policy *policy_compile_ex(const cJSON *doc, enum policy_kind kind,
				 const struct policy_compile_opts *opts, const char *file,
				 unsigned line, unsigned col, struct diag_list *diags)
{
	static const char *const top_elements[] = { "Version", "Id", "Statement" };
	struct parser ps = { .kind = kind, .file = file, .line = line, .col = col, .diags = diags };
	struct policy *result = NULL;
	struct policy *p = xcalloc(1, sizeof(*p));
	p->arena = arena_new();
	if (!p->arena) {
		free(p);
		return NULL;
	}
	p->kind = kind;
	p->gateway = opts && opts->gateway_endpoint;
	ps.p = p;
	ps.a = p->arena;

	if (!doc || !cJSON_IsObject(doc)) {
		perr(&ps, "a policy must be a JSON object, not %s", doc ? json_type(doc) : "nothing");
		goto out;
	}
	const cJSON *version = NULL, *id = NULL, *statement = NULL;
	if (too_many_members(&ps, doc, "the policy object"))
		goto out;
	for (const cJSON *e = doc->child; e; e = e->next) {
		if (has_earlier_sibling_named(doc, e)) {
			perr(&ps, "element \"%s\" appears twice", e->string);
			continue;
		}
		if (strcmp(e->string, "Version") == 0)
			version = e;
		else if (strcmp(e->string, "Id") == 0)
			id = e;
		else if (strcmp(e->string, "Statement") == 0)
			statement = e;
		else
			unknown_element(&ps, "top-level element", e->string, top_elements, 3);
	}
	if (version) {
		if (!cJSON_IsString(version))
			perr(&ps, "Version must be a string, not %s", json_type(version));
		else if (strcmp(version->valuestring, "2012-10-17") != 0 &&
			 strcmp(version->valuestring, "2008-10-17") != 0)
			perr(&ps, "Version must be \"2012-10-17\" or \"2008-10-17\", not \"%s\"",
			     version->valuestring);
		else
			p->version = arena_strdup(ps.a, version->valuestring);
	}
	/* Policy variables need Version 2012-10-17; older or absent Version keeps
	 * "${...}" as literal text. */
	p->variables = p->version && strcmp(p->version, "2012-10-17") == 0;
	if (id) {
		if (!cJSON_IsString(id))
			perr(&ps, "Id must be a string, not %s", json_type(id));
		else
			p->id = arena_strdup(ps.a, id->valuestring);
	}
	if (!statement) {
		perr(&ps, "Statement is missing");
	} else if (cJSON_IsObject(statement)) {
		struct policy_stmt *st = arena_alloc(ps.a, sizeof(*st));
		at_statement(&ps, opts, 0, line, col);
		compile_statement(&ps, statement, 0, st);
		p->stmts = st;
		p->nstmts = 1;
	} else if (cJSON_IsArray(statement)) {
		size_t n = (size_t)cJSON_GetArraySize(statement), i = 0;
		if (n == 0)
			perr(&ps, "Statement is an empty array");
		struct policy_stmt *st = arena_alloc(ps.a, (n ? n : 1) * sizeof(*st));
		for (const cJSON *e = statement->child; e; e = e->next, i++) {
			at_statement(&ps, opts, i, line, col);
			compile_statement(&ps, e, i, &st[i]);
		}
		p->stmts = st;
		p->nstmts = n;
	} else {
		perr(&ps, "Statement must be an object or an array of objects, not %s",
		     json_type(statement));
	}
	ps.line = line;  /* what follows is about the whole policy */
	ps.col = col;
	ps.where[0] = '\0';

	warn_duplicate_sids(&ps, p);

	if (!p->variables) {
		char *text = cJSON_PrintUnformatted(doc);
		if (text && strstr(text, "${"))
			pwarn(&ps, "policy-variable-old-version",
			      "\"${...}\" is plain text here: policy variables need \"Version\": \"2012-10-17\"");
		cJSON_free(text);
	}

	/* F2.10 limits endpoint policies as written; without the text, the minified
	 * length is a lower bound (so a warning from it is certain). */
	if (kind == POLICY_KIND_ENDPOINT && !(opts && opts->text_len)) {
		char *text = cJSON_PrintUnformatted(doc);
		p->min_chars = text ? utf8_chars(text) : 0;
		cJSON_free(text);
	}

	if (ps.errors == 0 && !(opts && opts->skip_lint)) {
		struct policy_lint_opts lo = { .gateway_endpoint = p->gateway,
					       .text_len = opts ? opts->text_len : 0,
					       .statement_pos = opts ? opts->statement_pos : NULL,
					       .nstatement_pos = opts ? opts->nstatement_pos : 0 };
		policy_lint(p, &lo, file, line, col, diags);
	}

	if (ps.errors == 0) {
		result = p;
		p = NULL;
	}
out:
	policy_free(p);
	return result;
}

struct policy *policy_compile(const cJSON *doc, enum policy_kind kind, const char *file,
			      unsigned line, unsigned col, struct diag_list *diags)
{
	return policy_compile_ex(doc, kind, NULL, file, line, col, diags);
}

void policy_free(struct policy *p)
{
	if (!p)
		return;
	arena_free(p->arena);
	free(p);
}

struct policy *policy_default_endpoint(void)
{
	/* F2.10: the default endpoint policy, "full access". */
	static const char text[] =
		"{\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"*\",\"Resource\":\"*\"}]}";
	struct diag_list diags = { 0 };
	cJSON *doc = cJSON_Parse(text);
	struct policy *p = policy_compile(doc, POLICY_KIND_ENDPOINT, NULL, 0, 0, &diags);
	cJSON_Delete(doc);
	diag_list_clear(&diags);
	return p;
}

size_t policy_statement_count(const struct policy *p)
{
	return p ? p->nstmts : 0;
}

const char *policy_statement_sid(const struct policy *p, size_t i)
{
	return p && i < p->nstmts ? p->stmts[i].sid : NULL;
}

enum policy_kind policy_get_kind(const struct policy *p)
{
	return p->kind;
}

static bool list_has_any(const struct policy_pat *pats, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (pats[i].any)
			return true;
	return false;
}

bool policy_is_full_access(const struct policy *p)
{
	/* Strict on purpose: one unconditioned Allow of Action "*" on Resource "*" to
	 * Principal "*", and no Deny anywhere.  "s3:*" or a NotAction trick is not full
	 * access.  A statement without Principal counts as "*" where it is evaluated so
	 * (identity and endpoint policies), and likewise a missing Resource in an endpoint
	 * policy. */
	bool full = false;
	if (!p)
		return false;
	for (size_t i = 0; i < p->nstmts; i++) {
		const struct policy_stmt *st = &p->stmts[i];
		if (st->deny)
			return false;
		if (st->not_action || st->not_resource || st->not_principal || st->nconds)
			continue;
		if (!list_has_any(st->actions, st->nactions))
			continue;
		if (st->has_resource && !list_has_any(st->resources, st->nresources))
			continue;
		bool everyone = !st->has_principal || p->kind == POLICY_KIND_IDENTITY;
		for (size_t k = 0; k < st->nprincipals && !everyone; k++)
			everyone = st->principals[k].kind == POLICY_PR_ANY;
		if (everyone)
			full = true;
	}
	return full;
}
