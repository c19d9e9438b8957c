/* terraform_refs.c - links that a plan knows only after apply, rebuilt from the
 * configuration's references (terraform-notes.md 6.4): module inputs and outputs are
 * followed exactly, a reference inside a counted resource to another counted resource
 * is taken at the same key, a list attribute takes every instance (a splat), and the
 * candidates are filtered by the resource types the attribute accepts.  What is still
 * not one answer stays unknown, with a warning naming the address and attribute:
 * never a guess. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "terraform.h"

const char *tf_skip_key(const char *p)
{
	p++;  /* '[' */
	if (*p == '"') {  /* an HCL-quoted string, with its escapes */
		for (p++; *p && *p != '"'; p++)
			if (*p == '\\' && p[1])
				p++;
		if (*p)
			p++;
	} else {  /* a number */
		while (*p && *p != ']')
			p++;
	}
	return *p == ']' ? p + 1 : NULL;
}

#define MAX_CANDS 256
#define MAX_DEPTH 32

struct cand {
	struct tfinst *in;    /* an instance, through attribute attr (NULL: its id) */
	const char *attr;
	const char *literal;  /* or a value written in the configuration or a variable */
};

struct cands {
	struct cand v[MAX_CANDS];
	int n;
	bool local;           /* a local value was referenced: not in the JSON */
	/* the module instance whose local it was (the resource's own, or a child's
	 * reached through an output: module.vpc.vpc_id is local.vpc_id there), NULL when
	 * locals of two module instances were referenced */
	const char *local_module;
	/* the local was indexed by count.index or each.* (element(local.x, count.index)) */
	bool local_iter;
	bool overflow;
	const struct tfinst *assumed; /* taken as the only instance, at another key */
};

static void add_cand(struct cands *C, struct tfinst *in, const char *attr, const char *lit)
{
	for (int i = 0; i < C->n; i++)
		if (in && C->v[i].in == in) {
			/* "aws_vpc.main.id" and "aws_vpc.main" are one reference (0.2 form) */
			if (attr && !C->v[i].attr)
				C->v[i].attr = attr;
			return;
		} else if (lit && C->v[i].literal && !strcmp(C->v[i].literal, lit)) {
			return;
		}
	if (C->n == MAX_CANDS) {
		C->overflow = true;
		return;
	}
	C->v[C->n++] = (struct cand){ in, attr, lit };
}

static void add_literals(struct cands *C, const cJSON *v)
{
	if (cJSON_IsString(v) && *v->valuestring) {
		add_cand(C, NULL, NULL, v->valuestring);
	} else if (cJSON_IsArray(v)) {
		const cJSON *e;
		cJSON_ArrayForEach(e, v)
			if (cJSON_IsString(e) && *e->valuestring)
				add_cand(C, NULL, NULL, e->valuestring);
	}
}

/* The module path P minus its last step: parent and that step's name and key. */
static bool split_module(struct tf *T, const char *P, const char **parent, const char **name,
			 const char **key)
{
	/* the last "module." that starts a step: scan steps from the left */
	const char *p = P, *last = NULL;
	while (*p) {
		if (strncmp(p, "module.", 7))
			return false;
		last = p;
		p += 7;
		p += strcspn(p, ".[");
		if (*p == '[' && !(p = tf_skip_key(p)))
			return false;
		if (*p == '.')
			p++;
	}
	if (!last)
		return false;
	*parent = last == P ? "" : pool_strndup(T->I, P, (size_t)(last - P - 1));
	const char *n = last + 7;
	size_t nl = strcspn(n, ".[");
	*name = pool_strndup(T->I, n, nl);
	*key = n[nl] == '[' ? pool_strndup(T->I, n + nl, strlen(n + nl)) : "";
	return true;
}


static void resolve_expr(struct tf *T, const cJSON *expr, const char *module, const char *key,
			 bool list, struct cands *C, int depth);

/* A local value of module instance module was referenced (seen: whether one was). */
static void note_local(struct cands *C, const char *module, bool seen)
{
	if (!seen)
		return;
	if (!C->local)
		C->local_module = module;
	else if (!C->local_module || !module || strcmp(C->local_module, module))
		C->local_module = NULL;
	C->local = true;
}

/* var.V in module instance P */
static void resolve_var(struct tf *T, const char *P, const char *V, bool list, struct cands *C,
			int depth)
{
	if (!*P) {
		add_literals(C, jget(jget(T->variables, V), "value"));
		return;
	}
	const char *parent, *name, *key;
	if (!split_module(T, P, &parent, &name, &key))
		return;
	const cJSON *call = jget(jget(tf_config_module(T, parent), "module_calls"), name);
	const cJSON *e = jget(jget(call, "expressions"), V);
	if (e) {
		resolve_expr(T, e, parent, key, list, C, depth + 1);
		return;
	}
	add_literals(C, jget(jget(jget(tf_config_module(T, P), "variables"), V), "default"));
}

/* module.M[k].OUT in module instance P */
static void resolve_output(struct tf *T, const char *P, const char *ref, bool list,
			   struct cands *C, int depth)
{
	const char *p = ref + 7, *k = p + strcspn(p, ".[");
	const char *keyend = k;
	if (*k == '[') {
		keyend = strchr(k, ']');
		if (!keyend)
			return;
		keyend++;
	}
	if (*keyend != '.')
		return; /* the bare module: its outputs are listed beside it */
	const char *out = keyend + 1;
	size_t ol = strcspn(out, ".[");
	const char *child = pool_printf(T->I, "%s%smodule.%.*s", P, *P ? "." : "",
					(int)(keyend - p), p);
	const cJSON *o = jget(jget(tf_config_module(T, child), "outputs"),
			      pool_strndup(T->I, out, ol));
	if (!o)
		return;
	if (out[ol] != '[') {
		resolve_expr(T, jget(o, "expression"), child, "", list, C, depth + 1);
		return;
	}
	/* OUT[n]: element n of a list output, such as a splat of a counted resource */
	char *end;
	long idx = strtol(out + ol + 1, &end, 10);
	if (*end != ']' || idx < 0)
		return;
	struct cands *all = xcalloc(1, sizeof(*all));
	resolve_expr(T, jget(o, "expression"), child, "", true, all, depth + 1);
	const char *want = pool_printf(T->I, "[%ld]", idx);
	long lit = 0;
	for (int i = 0; i < all->n; i++)
		if (all->v[i].in && !strcmp(all->v[i].in->key, want))
			add_cand(C, all->v[i].in, all->v[i].attr, NULL);
		else if (all->v[i].literal && lit++ == idx)
			add_cand(C, NULL, NULL, all->v[i].literal);
	note_local(C, all->local ? all->local_module : NULL, all->local);
	free(all);
}

/* Whether ref is only a prefix of another reference of the list (0.2 and later write
 * "module.m.out[0]", "module.m.out" and "module.m"; "aws_x.y[0]" and "aws_x.y"): the
 * longer one says more. */
static bool shadowed(const cJSON *refs, const char *ref)
{
	size_t n = strlen(ref);
	const cJSON *r;
	cJSON_ArrayForEach(r, refs)
		if (cJSON_IsString(r) && !strncmp(r->valuestring, ref, n) &&
		    (r->valuestring[n] == '[' || r->valuestring[n] == '.'))
			return true;
	return false;
}

/* T.N[k].attr or data.T.N[k].attr in module instance P, for a referrer at key `key`
 * whose references include count.index or each.* (iter). */
static void resolve_resource(struct tf *T, const char *P, const char *ref, const char *key,
			     bool iter, bool list, struct cands *C)
{
	bool data = !strncmp(ref, "data.", 5);
	const char *p = data ? ref + 5 : ref;
	const char *dot = strchr(p, '.');
	if (!dot)
		return;
	const char *type = pool_strndup(T->I, p, (size_t)(dot - p));
	const char *n = dot + 1;
	size_t nl = strcspn(n, ".[");
	const char *name = pool_strndup(T->I, n, nl);
	const char *rest = n + nl, *rkey = NULL;
	if (*rest == '[') {
		const char *e = rest + 1;
		if (*e == '"') {
			for (e++; *e && *e != '"'; e++)
				if (*e == '\\' && e[1])
					e++;
			if (*e)
				e++;
		} else {
			while (*e && *e != ']')
				e++;
		}
		if (*e != ']')
			return;
		rkey = pool_strndup(T->I, rest, (size_t)(e + 1 - rest));
		rest = e + 1;
	}
	const char *attr = NULL;
	if (*rest == '.') {
		rest++;
		attr = pool_strndup(T->I, rest, strcspn(rest, ".["));
	}
	/* the instances of T.N in P that exist after apply: their addresses start with
	 * P.T.N (data.T.N), and the table is in address order */
	const char *prefix = pool_printf(T->I, "%s%s%s%s.%s", P, *P ? "." : "", data ? "data." : "",
					 type, name);
	size_t pl = strlen(prefix), lo = 0, hi = T->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (strncmp(T->v[mid].address, prefix, pl) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	struct tfinst *all[MAX_CANDS];
	int na = 0;
	for (size_t i = lo; i < T->n && na < MAX_CANDS && !strncmp(T->v[i].address, prefix, pl);
	     i++) {
		struct tfinst *in = &T->v[i];
		if (!in->gone && in->data == data && !strcmp(in->module, P) &&
		    !strcmp(in->type, type) && !strcmp(in->name, name))
			all[na++] = in;
	}
	if (rkey || (iter && key && *key && !list && na > 1)) {
		/* T.N[k], or T.N at the referrer's own count/for_each key: one lookup (a
		 * list of the first instances could miss it) */
		struct tfinst *at = tf_find(T, pool_printf(T->I, "%s%s", prefix, rkey ? rkey : key));
		if (at && !at->gone && at->data == data && !strcmp(at->module, P))
			add_cand(C, at, attr, NULL);
		return;
	}
	if (na == 1 && (!*all[0]->key || list || !iter)) {
		add_cand(C, all[0], attr, NULL);
		return;
	}
	if (list) {
		for (int i = 0; i < na; i++)
			add_cand(C, all[i], attr, NULL);
		return;
	}
	bool found = false;
	if (iter && key && *key)
		for (int i = 0; i < na; i++)
			if (tf_same(all[i]->key, key)) {
				add_cand(C, all[i], attr, NULL);
				found = true;
			}
	/* the referrer's key is not the referenced resource's, and it has one instance:
	 * element(aws_route_table.private[*].id, var.single_nat_gateway ? 0 : count.index)
	 * and its like wrap around to it (terraform-notes.md 6.4 step 3), an assumption
	 * the caller warns of */
	if (!found && iter && na == 1) {
		add_cand(C, all[0], attr, NULL);
		C->assumed = all[0];
	}
	/* else: several instances and no way to tell which: nothing, so unknown */
}

static void collect_refs(const cJSON *e, const cJSON **refs, int *n, int max, int depth)
{
	if (!e || depth > MAX_DEPTH)
		return;
	const cJSON *r = cJSON_IsObject(e) ? jget(e, "references") : NULL;
	if (cJSON_IsArray(r) && *n < max) {
		refs[(*n)++] = r;
		return;
	}
	const cJSON *c;
	if (cJSON_IsArray(e) || cJSON_IsObject(e))
		cJSON_ArrayForEach(c, e)
			collect_refs(c, refs, n, max, depth + 1);
}

static void resolve_expr(struct tf *T, const cJSON *expr, const char *module, const char *key,
			 bool list, struct cands *C, int depth)
{
	if (!expr || depth > MAX_DEPTH)
		return;
	const cJSON *cv = cJSON_IsObject(expr) ? jget(expr, "constant_value") : NULL;
	if (cv) {
		add_literals(C, cv);
		return;
	}
	const cJSON *lists[64];
	int nl = 0;
	collect_refs(expr, lists, &nl, 64, 0);
	bool iter = false;
	for (int l = 0; l < nl; l++) {
		const cJSON *r;
		cJSON_ArrayForEach(r, lists[l])
			if (cJSON_IsString(r) && (!strcmp(r->valuestring, "count.index") ||
			    !strncmp(r->valuestring, "each.", 5)))
				iter = true;
	}
	for (int l = 0; l < nl; l++) {
		const cJSON *r;
		cJSON_ArrayForEach(r, lists[l])
		{
			if (!cJSON_IsString(r))
				continue;
			const char *s = r->valuestring;
			if (shadowed(lists[l], s))
				continue;
			if (!strncmp(s, "var.", 4))
				resolve_var(T, module, pool_strndup(T->I, s + 4, strcspn(s + 4, ".[")),
					    list, C, depth);
			else if (!strncmp(s, "local.", 6)) {
				note_local(C, module, true);
				C->local_iter |= iter;
			}
			else if (!strncmp(s, "module.", 7))
				resolve_output(T, module, s, list, C, depth);
			else if (strncmp(s, "count.", 6) && strncmp(s, "each.", 5) &&
				 strncmp(s, "path.", 5) && strncmp(s, "terraform.", 10) &&
				 strncmp(s, "self.", 5) && strchr(s, '.'))
				resolve_resource(T, module, s, key, iter, list, C);
		}
	}
}

static int accept_depth; /* links followed through a candidate's own links */

/* Whether candidate c is of an accepted type; *id is what it links to. */
static bool accept(struct tf *T, const struct cand *c, const char *const *types, const char **id)
{
	if (c->literal) {
		*id = c->literal;
		return true;
	}
	for (size_t i = 0; types[i]; i++) {
		const char *t = types[i], *at = strchr(t, '@');
		if (at) {
			/* T@attr: the instance of T itself, named through that attribute (an
			 * aws_default_* resource names its VPC by the VPC's default_*_id) */
			if (strncmp(c->in->type, t, (size_t)(at - t)) || c->in->type[at - t] ||
			    !c->attr || strcmp(c->attr, at + 1))
				continue;
			*id = c->in->id;
			return *id != NULL;
		}
		const char *dot = strchr(t, '.');
		size_t tl = dot ? (size_t)(dot - t) : strlen(t);
		if (strncmp(c->in->type, t, tl) || c->in->type[tl])
			continue;
		if (!dot) {
			if (c->attr && strcmp(c->attr, "id"))
				continue;
			*id = c->in->id;
			return *id != NULL;
		}
		if (!c->attr || strcmp(c->attr, dot + 1))
			continue;
		*id = tf_str(c->in, dot + 1);
		if (!*id && !strcmp(dot + 1, "vpc_id") && accept_depth < 4) {
			/* a link of the candidate itself, known only after apply too: an
			 * aws_vpc_ipv4_cidr_block_association's vpc_id (terraform-aws-modules/vpc
			 * names its VPC through it) is followed to its own VPC */
			const cJSON *v;
			enum tfknown st = tf_attr(c->in, dot + 1, &v);
			const char *out[1];
			accept_depth++;
			int n = tf_link(T, c->in, dot + 1, st, v, dot + 1, types, false, out, 1);
			accept_depth--;
			*id = n == 1 ? out[0] : NULL;
		}
		return *id != NULL;
	}
	return false;
}

/* A reference through a local value (not in the JSON) of module instance module (in's
 * own, or a child's whose output in names): the one instance of an accepted type in
 * that module instance, if there is exactly one, with a warning that it is assumed
 * (terraform-aws-modules/vpc's local.vpc_id, inside the module or through its vpc_id
 * output); never one from another module instance, where a second network may be
 * (terraform-notes.md 6.4 step 3). */
/* The instances of in's own resource block (same module instance, type and name). */
static size_t block_instances(const struct tf *T, const struct tfinst *in)
{
	size_t n = 0;
	for (size_t i = 0; i < T->n; i++) {
		const struct tfinst *c = &T->v[i];
		n += !c->gone && !strcmp(c->module, in->module) && !strcmp(c->type, in->type) &&
		     !strcmp(c->name, in->name);
	}
	return n;
}

static int local_fallback(struct tf *T, struct tfinst *in, const char *module, const char *attr,
			  const char *const *types, bool iter, const char **out)
{
	struct tfinst *found = NULL, *at_key = NULL;
	size_t nfound = 0;
	bool one_block = true;
	for (size_t i = 0; i < T->n; i++) {
		struct tfinst *c = &T->v[i];
		if (c->gone || c->data || strcmp(c->module, module) || c == in)
			continue;
		for (size_t k = 0; types[k]; k++)
			if (!strchr(types[k], '.') && !strcmp(types[k], c->type)) {
				if (found && (strcmp(found->type, c->type) || strcmp(found->name, c->name)))
					one_block = false;
				found = found ? found : c;
				nfound++;
				if (*in->key && !strcmp(c->key, in->key))
					at_key = c;
			}
	}
	if (nfound > 1) {
		/* element(local.nat_gateway_ips, count.index) over aws_eip.nat[*].id
		 * (terraform-aws-modules/vpc, one NAT gateway per AZ): the instance of the
		 * one block of the type at the same key, and only when both blocks have
		 * exactly as many instances (else the local may select or wrap around) */
		if (!iter || strcmp(module, in->module) || !one_block || !at_key || !at_key->id ||
		    nfound != block_instances(T, in))
			return 0;
		tf_warn_once(T, in, pool_printf(T->I, "local %s %s.%s", attr, at_key->type,
						at_key->name),
			     pool_printf(T->I, "%s from a local value indexed by its key, assumed to "
					 "be %s.%s at the same key", attr, at_key->type, at_key->name),
			     "%s.%s comes from a local value indexed by count.index or each.key, "
			     "which the plan's JSON does not hold; assumed to be %s, the %s of %s "
			     "at the same key (%s has as many instances)", in->address, attr,
			     at_key->address, at_key->type, *module ? module : "the root module",
			     in->type);
		out[0] = at_key->id;
		return 1;
	}
	if (!found || !found->id)
		return 0;
	tf_warn_once(T, in, pool_printf(T->I, "local %s %s", attr, found->address),
		     pool_printf(T->I, "%s from a local value, assumed to be %s", attr,
				 found->address),
		     "%s.%s comes from a local value, which the plan's JSON does not hold; "
		     "assumed to be %s, the only %s in %s", in->address, attr, found->address,
		     found->type, *module ? module : "the root module");
	out[0] = found->id;
	return 1;
}

/* The first link of in that stays unknown names what is unknown in the topology
 * (tf_note_unknown): the attribute, inside its attribute-as-blocks list when it is in
 * one (route.gateway_id). */
static void unresolved(struct tf *T, struct tfinst *in, const char *attr, const char *cfg_key)
{
	if (!in->unknown_attr)
		in->unknown_attr = strcmp(cfg_key, attr) ? pool_printf(T->I, "%s.%s", cfg_key, attr) :
				   attr;
}

int tf_link(struct tf *T, struct tfinst *in, const char *attr, enum tfknown st,
	    const cJSON *val, const char *cfg_key, const char *const *types, bool list,
	    const char **out, int max)
{
	if (st == TF_UNSET)
		return 0;
	if (st == TF_KNOWN) {
		int n = 0;
		if (cJSON_IsString(val) && *val->valuestring && n < max)
			out[n++] = val->valuestring;
		const cJSON *e;
		if (cJSON_IsArray(val))
			cJSON_ArrayForEach(e, val)
				if (cJSON_IsString(e) && *e->valuestring && n < max)
					out[n++] = e->valuestring;
		return n;
	}
	const cJSON *expr = in->cfg ? jget(jget(in->cfg, "expressions"), cfg_key) : NULL;
	const char *key = pool_printf(T->I, "unresolved %s.%s", in->type, attr);
	const char *what = pool_printf(T->I, "%s known only after apply, not resolvable from the "
				       "plan", attr);
	if (!expr && strcmp(cfg_key, attr)) {
		/* an attribute of an attribute-as-blocks list (route.gateway_id) that the
		 * configuration does not record: a resource of the type elsewhere in the
		 * module is no evidence, so it stays unknown, named in full */
		unresolved(T, in, attr, cfg_key);
		tf_warn_once(T, in, key, what, "%s.%s.%s is known only after apply, and the "
			     "configuration in the plan does not record the %s blocks (a plan of "
			     "format 0.1, from Terraform 0.12, leaves them out; so does a dynamic "
			     "block): it stays unknown", in->address, cfg_key, attr, cfg_key);
		return -1;
	}
	if (!expr) {
		unresolved(T, in, attr, cfg_key);
		tf_warn_once(T, in, key, what, "%s.%s is known only after apply, and the configuration "
			     "in the plan does not say where it comes from: it stays unknown",
			     in->address, attr);
		return -1;
	}
	struct cands *C = xcalloc(1, sizeof(*C));
	resolve_expr(T, expr, in->module, in->key, list, C, 0);
	int n = 0;
	bool several = false;
	for (int i = 0; i < C->n; i++) {
		const char *id;
		if (!accept(T, &C->v[i], types, &id))
			continue;
		if (n && !list) {
			several = true;
			break;
		}
		if (n < max)
			out[n++] = id;
	}
	if (!n && !several && C->local && C->local_module && !list)
		n = local_fallback(T, in, C->local_module, attr, types, C->local_iter, out);
	if (n > 0 && !several && C->assumed)
		tf_warn_once(T, in, pool_printf(T->I, "assumed %s %s", attr, C->assumed->address),
			     pool_printf(T->I, "%s at a key %s does not have, assumed to be %s", attr,
					 C->assumed->address, C->assumed->address),
			     "%s.%s names %s at the key %s, which it does not have; assumed to be its "
			     "only instance, %s (element() wraps around to it)", in->address, attr,
			     C->assumed->type, in->key, C->assumed->address);
	if (!n || several || C->overflow) {
		tf_warn_once(T, in, key, what, "%s.%s is known only after apply and %s: it stays "
			     "unknown", in->address, attr, several ? "its references name several resources it could "
			"be" : C->local ? "it comes from a local value (locals are not in the plan's "
			"JSON)" : "its references name no resource of a type it takes");
		unresolved(T, in, attr, cfg_key);
		n = -1;
	}
	free(C);
	return n;
}
