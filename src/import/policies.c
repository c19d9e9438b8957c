/* policies.c - buckets, tables and their resource policies: which bucket or table a
 * policy or location file is about (pass 2), whether a policy compiles as the loader
 * will read it, and the s3: and dynamodb: sections (pass 3). */
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "internal.h"

/* A bucket name by today's rules: 3-63 of lowercase letters, digits, '-' and '.'. */
static bool dns_bucket_name(const char *s)
{
	size_t n = strlen(s);
	if (n < 3 || n > 63 || !isalnum((unsigned char)s[0]) || !isalnum((unsigned char)s[n - 1]))
		return false;
	for (size_t i = 0; i < n; i++)
		if (!(islower((unsigned char)s[i]) || isdigit((unsigned char)s[i]) || s[i] == '-' ||
		      s[i] == '.'))
			return false;
	/* a directory bucket (S3 Express) is BASE--AZID--x-s3 (F4.1), read as the loader
	 * reads it: the last "--" before the suffix starts a zone id that is not empty */
	if (str_has_suffix(s, "--x-s3")) {
		size_t m = n - strlen("--x-s3");
		for (size_t k = m; k-- > 1;)
			if (s[k] == '-' && s[k - 1] == '-')
				return k + 1 < m;
		return false;
	}
	return true;
}

/* A bucket name S3 lists: today's rules, or a legacy name of us-east-1 from before
 * 2018-03-01 (up to 255 of letters of either case, digits, '.', '-' and '_'), which
 * list-buckets still prints and the topology takes as it is. */
bool valid_bucket_name(const char *s)
{
	size_t n = strlen(s);
	if (dns_bucket_name(s))
		return true;
	if (n < 3 || n > 255 || str_has_suffix(s, "--x-s3"))
		return false;
	for (size_t i = 0; i < n; i++)
		if (!isalnum((unsigned char)s[i]) && !strchr("._-", s[i]))
			return false;
	return true;
}

/* A path component that may be a bucket or table name (not a folder's usual name). */
static bool plausible_name(const char *s)
{
	static const char *const generic[] = {
		"policy", "policies", "bucket-policy", "bucket-policies", "bucketpolicy",
		"get-bucket-policy", "resource-policy", "resource-policies", "s3", "s3api",
		"global", "buckets", "dynamodb", "tables", "table-policies", "snapshot", "aws",
		"location", "bucket-locations", "get-bucket-location", "data", NULL
	};
	if (!dns_bucket_name(s) || is_region_name(s, strlen(s)))
		return false;
	size_t digits = 0;
	for (const char *c = s; *c; c++)
		digits += isdigit((unsigned char)*c) != 0;
	if (digits == strlen(s))
		return false; /* an account id */
	for (size_t i = 0; generic[i]; i++)
		if (!strcmp(s, generic[i]))
			return false;
	return true;
}

/* Names of the buckets (or tables) a policy's Resource ARNs name. */
static size_t policy_resources(struct imp *I, const cJSON *doc, bool table, const char **out,
			       size_t max)
{
	size_t n = 0;
	const cJSON *st;
	const cJSON *stmts = jget(doc, "Statement");
	const cJSON *one = cJSON_IsObject(stmts) ? stmts : NULL;
	for (st = one ? one : (cJSON_IsArray(stmts) ? stmts->child : NULL); st;
	     st = one ? NULL : st->next) {
		const cJSON *res = jget(st, "Resource");
		const cJSON *r = cJSON_IsArray(res) ? res->child : res;
		for (; r; r = cJSON_IsArray(res) ? r->next : NULL) {
			if (!cJSON_IsString(r))
				continue;
			const char *arn = r->valuestring, *name = NULL;
			size_t len = 0;
			if (!table && str_has_prefix(arn, "arn:aws:s3:::")) {
				name = arn + strlen("arn:aws:s3:::");
				len = strcspn(name, "/");
			} else if (table && str_has_prefix(arn, "arn:aws:dynamodb:")) {
				const char *t = strstr(arn, ":table/");
				if (t) {
					name = t + strlen(":table/");
					len = strcspn(name, "/");
				}
			}
			if (!name || !len || memchr(name, '*', len) || memchr(name, '?', len))
				continue;
			const char *s = pool_strndup(I, name, len);
			bool seen = false;
			for (size_t i = 0; i < n; i++)
				if (!strcmp(out[i], s))
					seen = true;
			if (!seen && n < max)
				out[n++] = s;
		}
	}
	return n;
}

/* The bucket or table a policy or location file is about: a known name in the path,
 * else a path component the policy's ARNs confirm, else the one name the ARNs give,
 * else a path component that looks like a name. */
static const char *policy_subject(struct imp *I, struct res *r, bool table, bool policy)
{
	const char *parts[32], *named[16];
	size_t np = path_parts(I, r->f, parts, 32);
	enum rk names = table ? RK_TABLE : RK_BUCKET;
	for (size_t i = 0; i < np; i++)
		if (res_find(I, names, parts[i]))
			return parts[i];
	size_t nn = policy ? policy_resources(I, r->j, table, named, 16) : 0;
	for (size_t i = 0; i < np; i++)
		for (size_t k = 0; k < nn; k++)
			if (!strcmp(parts[i], named[k]))
				return parts[i];
	if (nn == 1)
		return named[0];
	if (nn == 0) {
		if (np >= 1 && plausible_name(parts[0]))
			return parts[0];
		if (np >= 2 && plausible_name(parts[1]))
			return parts[1];
	}
	return NULL;
}

void resolve_subjects(struct imp *I, enum rk k, bool table, bool policy)
{
	struct reslist *l = &I->l[k];
	size_t out = 0;
	for (size_t i = 0; i < l->n; i++) {
		struct res *r = &l->v[i];
		if (strcmp(r->id, "?")) { /* a reader that knows its subject (terraform.c) */
			l->v[out++] = *r;
			continue;
		}
		const char *s = policy_subject(I, r, table, policy);
		if (!s) {
			imp_warn(I, r->f, policy ? "Policy" : "LocationConstraint",
				 "cannot tell which %s this %s is for (name the file or its folder after "
				 "it, e.g. %s/NAME.json); skipped", table ? "table" : "bucket",
				 policy ? "policy" : "location",
				 policy ? (table ? "table-policies" : "bucket-policies") : "bucket-locations");
			continue;
		}
		if (table ? !valid_table_name(s) : !valid_bucket_name(s)) {
			/* a name from the policy's ARNs: it becomes the subject's name */
			imp_error(I, r->f, policy ? "Policy" : "LocationConstraint", "this %s is for '%s', "
				  "which is not a%s name", policy ? "policy" : "location", s,
				  table ? " DynamoDB table" : "n S3 bucket");
			continue;
		}
		r->id = s;
		l->v[out++] = *r;
	}
	l->n = out;
}

/* A policy AWS printed but vpcpath cannot compile is a located import error: writing
 * it would move the error into the generated YAML, and dropping it would turn a
 * restrictive policy into full access. */
/* The policy as the loader will read it back from the YAML y_json writes: a number is
 * written as a plain scalar, which the loader reads as a string (load.c yaml_to_json);
 * everything else reads as written.  Compiling this copy gives the loader's verdict. */
static cJSON *json_as_loaded(const cJSON *j)
{
	char buf[64];
	cJSON *c, *out;
	if (cJSON_IsObject(j) || cJSON_IsArray(j)) {
		out = cJSON_IsObject(j) ? cJSON_CreateObject() : cJSON_CreateArray();
		cJSON_ArrayForEach(c, j)
		{
			if (cJSON_IsObject(j))
				cJSON_AddItemToObject(out, c->string, json_as_loaded(c));
			else
				cJSON_AddItemToArray(out, json_as_loaded(c));
		}
		return out;
	}
	if (cJSON_IsNumber(j))
		return cJSON_CreateString(json_number_text(j, buf, sizeof(buf)));
	return cJSON_Duplicate(j, 1);
}

/* What the loader refuses in a policy that the JSON allows (load.c: a key twice in an
 * object, more than 256 keys in one or 20,000 nodes in all), and nesting deeper than
 * the YAML reader's 64 levels leave room for under an endpoint (32 is far beyond any
 * IAM policy).  *nodes counts down. */
static const char *policy_shape_problem(struct imp *I, const cJSON *j, int depth, size_t *nodes)
{
	const cJSON *c;
	if ((*nodes)-- == 0)
		return "it has more than 20000 elements";
	if (depth > 32)
		return "it nests deeper than 32 levels";
	if (cJSON_IsObject(j) && cJSON_GetArraySize(j) > 256)
		return "an object in it has more than 256 keys";
	cJSON_ArrayForEach(c, j)
	{
		if (cJSON_IsObject(j))
			for (const cJSON *k = j->child; k != c; k = k->next)
				if (!strcmp(k->string, c->string))
					return pool_printf(I, "it has the key \"%s\" twice in one object",
							   c->string);
		const char *why = policy_shape_problem(I, c, depth + 1, nodes);
		if (why)
			return why;
	}
	return NULL;
}

bool policy_compiles(struct imp *I, const struct src *f, const char *near,
		     const cJSON *doc, enum policy_kind kind, const char *what)
{
	size_t nodes = 20000;
	const char *why = policy_shape_problem(I, doc, 1, &nodes);
	if (why) {
		imp_error(I, f, near, "%s: the policy cannot be written: %s", what, why);
		return false;
	}
	struct diag_list d = { 0 };
	cJSON *loaded = json_as_loaded(doc);
	struct policy *p = policy_compile(loaded, kind, "policy", 1, 1, &d);
	cJSON_Delete(loaded);
	if (!p) {
		const char *msg = "invalid";
		for (size_t i = 0; i < d.len; i++)
			if (d.items[i].severity == DIAG_ERROR) {
				msg = d.items[i].message;
				break;
			}
		imp_error(I, f, near, "%s: the policy is not valid IAM: %s", what, msg);
	}
	policy_free(p);
	diag_list_clear(&d);
	return p != NULL;
}

void emit_buckets(struct out *o, enum rk names, enum rk policies, enum rk locations,
		  const char *key, const char *namekey)
{
	struct imp *I = o->I;
	struct yem *y = o->y;
	/* every name: listed, or with a policy or location */
	size_t cap = I->l[names].n + I->l[policies].n + (locations != RK_COUNT ? I->l[locations].n : 0) + 1;
	const char **all = xmalloc(cap * sizeof(char *));
	size_t n = 0;
	for (size_t i = 0; i < I->l[names].n; i++)
		all[n++] = I->l[names].v[i].id;
	for (size_t i = 0; i < I->l[policies].n; i++)
		all[n++] = I->l[policies].v[i].id;
	for (size_t i = 0; locations != RK_COUNT && i < I->l[locations].n; i++)
		all[n++] = I->l[locations].v[i].id;
	qsort(all, n, sizeof(*all), cmp_name);
	size_t written = 0;
	for (size_t i = 0; i < n; i++) {
		if (i && !strcmp(all[i], all[i - 1]))
			continue;
		y_section(y, &written, key, false);
		struct res *b = res_find(I, names, all[i]);
		struct res *p = res_find(I, policies, all[i]);
		struct res *loc = locations != RK_COUNT ? res_find(I, locations, all[i]) : NULL;
		const char *region = NULL, *near = NULL; /* and where it was read */
		struct src *rf = NULL;
		if (names == RK_BUCKET) {
			region = near = b ? jstr(b->j, "BucketRegion") : NULL;
			rf = b ? b->f : NULL;
			if (!region && loc) {
				/* get-bucket-location: null is us-east-1, EU is eu-west-1 */
				region = near = cJSON_IsString(loc->j) && loc->j->valuestring[0] ?
						loc->j->valuestring : "us-east-1";
				rf = loc->f;
				if (!strcmp(region, "EU"))
					region = "eu-west-1";
			}
		} else if (b) {
			const char *arn = jstr(b->j, "TableArn");
			if (arn && str_has_prefix(arn, "arn:aws:dynamodb:")) {
				const char *r = arn + strlen("arn:aws:dynamodb:");
				region = pool_strndup(I, r, strcspn(r, ":"));
				near = arn;
				rf = b->f;
			} else {
				region = b->f->region;
			}
		} else if (p) {
			region = p->f->region;
		}
		if (near && !region_shaped(region, strlen(region)))
			imp_error(I, rf, near, "%s %s: '%s' does not name an AWS region (like us-east-1)",
				  names == RK_BUCKET ? "bucket" : "table", all[i], near);
		y_map(y, false);
		y_kstr(y, namekey, all[i]);
		y_kstr(y, "region", region);
		if (p && policy_compiles(I, p->f, "Statement", p->j, POLICY_KIND_RESOURCE, all[i])) {
			y_str(y, "policy");
			y_json(y, p->j);
		}
		y_mend(y);
	}
	if (written)
		y_send(y);
	free(all);
}

/* A role's unique id as IAM prints it (RoleId): AROA and upper-case letters and digits;
 * anything else is left out rather than written for the loader to refuse. */
static bool role_id_ok(const char *id)
{
	if (!id || strncmp(id, "AROA", 4) != 0 || strlen(id) < 16 || strlen(id) > 128)
		return false;
	for (const char *p = id; *p; p++)
		if (!((*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9')))
			return false;
	return true;
}

/* iam: roles, from get-role / list-roles output and the roles instance profiles name:
 * each role's ARN, unique id (aws:userid, F7.9) and tags (aws:PrincipalTag/…).  Their
 * policies are not in these outputs: the identity decision stays the topology's to state. */
void emit_roles(struct out *o)
{
	struct imp *I = o->I;
	struct yem *y = o->y;
	struct reslist *roles = &I->l[RK_ROLE], *profiles = &I->l[RK_PROFILE];
	/* the roles instance profiles carry, unless described on their own */
	const cJSON **extra = xmalloc((profiles->n + 1) * 4 * sizeof(*extra));
	size_t nextra = 0;
	for (size_t i = 0; i < profiles->n; i++) {
		const cJSON *r;
		cJSON_ArrayForEach(r, jarr(profiles->v[i].j, "Roles"))
		{
			const char *arn = jstr(r, "Arn");
			bool seen = !arn || res_find(I, RK_ROLE, arn);
			for (size_t k = 0; k < nextra && !seen; k++)
				seen = !strcmp(jstr(extra[k], "Arn"), arn);
			if (!seen && nextra < (profiles->n + 1) * 4)
				extra[nextra++] = r;
		}
	}
	if (!roles->n && !nextra) {
		free(extra);
		return;
	}
	y_str(y, "iam");
	y_map(y, false);
	y_str(y, "roles");
	y_seq(y, false);
	for (size_t i = 0; i < roles->n + nextra; i++) {
		const cJSON *j = i < roles->n ? roles->v[i].j : extra[i - roles->n];
		const char *arn = jstr(j, "Arn"), *id = jstr(j, "RoleId");
		if (!arn)
			continue;
		y_map(y, !jarr(j, "tf:policies"));
		y_kstr(y, "arn", arn);
		if (role_id_ok(id))
			y_kstr(y, "id", id);
		if (i < roles->n)
			y_name_tags(I, y, &roles->v[i], RK_ROLE, NULL);
		/* the identity policies a reader other than the AWS CLI one has (Terraform:
		 * every one of the role's, terraform_iam.c) */
		size_t np = 0;
		const cJSON *pol;
		cJSON_ArrayForEach(pol, jarr(j, "tf:policies"))
		{
			const cJSON *doc = jget(pol, "doc");
			if (i >= roles->n || !policy_compiles(I, roles->v[i].f, arn, doc,
							      POLICY_KIND_IDENTITY, arn))
				continue;
			y_section(y, &np, "policies", false);
			y_json(y, doc);
		}
		if (np)
			y_send(y);
		y_mend(y);
	}
	y_send(y);
	y_mend(y);
	free(extra);
}
