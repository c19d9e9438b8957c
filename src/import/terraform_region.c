/* terraform_region.c - the AWS Region of each resource of a plan (terraform-notes.md
 * 2.1 "Region"): its own `region` argument (AWS provider 6, per-resource Regions), else
 * the region of the provider configuration it uses (provider_config_key, aliases and
 * module-scoped configurations included): a literal, or a variable's value or default,
 * followed through module calls.  What the plan does not hold (a local value, a data
 * source, a function, the environment) is not guessed: the caller says so. */
#include <stdio.h>
#include <string.h>

#include "terraform_res.h"

#define REGION_DEPTH 16 /* module calls followed for one variable */

static const char *shaped(const char *r)
{
	return r && region_shaped(r, strlen(r)) ? r : NULL;
}

/* The parent of module address m ("module.a.module.b" -> "module.a", "module.a" -> ""),
 * and in *call its last call's name; false when m is not a module address. */
static bool module_parent(const char *m, char *parent, size_t np, char *call, size_t nc)
{
	const char *last = NULL;
	for (const char *p = m; (p = strstr(p, "module.")); p += 7)
		if (p == m || p[-1] == '.')
			last = p;
	if (!last)
		return false;
	size_t plen = last == m ? 0 : (size_t)(last - m - 1);
	const char *name = last + 7;
	size_t n = strcspn(name, ".[");
	if (plen >= np || !n || n >= nc)
		return false;
	memcpy(parent, m, plen);
	parent[plen] = '\0';
	memcpy(call, name, n);
	call[n] = '\0';
	return true;
}

static const char *expr_region(struct tf *T, const cJSON *e, const char *module, int depth,
			       const char **why);

/* The value of variable name of module (a module address, "" for the root). */
static const char *variable_value(struct tf *T, const char *module, const char *name, int depth,
				  const char **why)
{
	if (!*module) {
		const char *r = jstr(jget(T->variables, name), "value");
		if (!r)
			r = jstr(jget(jget(T->config, "variables"), name), "default");
		if (!r)
			*why = pool_printf(T->I, "var.%s, whose value the plan does not hold", name);
		return r;
	}
	char parent[512], call[256];
	if (depth > REGION_DEPTH || !module_parent(module, parent, sizeof(parent), call,
						   sizeof(call)))
		return NULL;
	const cJSON *pm = tf_config_module(T, parent);
	const cJSON *arg = jget(jget(jget(jget(pm, "module_calls"), call), "expressions"), name);
	if (arg)
		return expr_region(T, arg, parent, depth + 1, why);
	const char *r = jstr(jget(jget(tf_config_module(T, module), "variables"), name), "default");
	if (!r)
		*why = pool_printf(T->I, "var.%s of %s, whose value the plan does not hold", name,
				   module);
	return r;
}

/* A configuration expression's value when it is a literal or one variable. */
static const char *expr_region(struct tf *T, const cJSON *e, const char *module, int depth,
			       const char **why)
{
	const char *r = jstr(e, "constant_value");
	if (r)
		return r;
	const cJSON *refs = jget(e, "references"), *x;
	cJSON_ArrayForEach(x, refs)
	{
		if (!cJSON_IsString(x))
			continue;
		if (!strncmp(x->valuestring, "var.", 4))
			return variable_value(T, module, x->valuestring + 4, depth, why);
		*why = !strncmp(x->valuestring, "local.", 6) ?
		       pool_printf(T->I, "%s, a local value (not in the plan)", x->valuestring) :
		       pool_printf(T->I, "an expression of %s", x->valuestring);
		return NULL;
	}
	*why = "an expression the plan does not evaluate";
	return NULL;
}

/* The provider configuration a key names: as printed, else (older Terraform writes
 * "NAME:aws" for a module that inherits its provider) the root's. */
static const cJSON *provider_config(struct tf *T, const char *key)
{
	const cJSON *p = jget(T->providers, key);
	if (!p && key && strrchr(key, ':'))
		p = jget(T->providers, strrchr(key, ':') + 1);
	return p;
}

const char *tf_provider_region(struct tf *T, const char *key, const char **why)
{
	const char *dummy;
	if (!why)
		why = &dummy;
	*why = NULL;
	const cJSON *p = provider_config(T, key ? key : "aws");
	if (!p) {
		*why = pool_printf(T->I, "no configuration of provider %s in the plan",
				   key ? key : "aws");
		return NULL;
	}
	const cJSON *e = jget(jget(p, "expressions"), "region");
	if (!e) {
		*why = pool_printf(T->I, "provider %s sets no region (it comes from the "
				   "environment)", key ? key : "aws");
		return NULL;
	}
	const char *module = jstr(p, "module_address");
	const char *r = expr_region(T, e, module ? module : "", 0, why);
	if (r && !shaped(r)) {
		*why = pool_printf(T->I, "provider %s's region '%s' is not an AWS Region",
				   key ? key : "aws", r);
		return NULL;
	}
	if (!r && *why)
		*why = pool_printf(T->I, "provider %s's region is %s", key ? key : "aws", *why);
	return r;
}

const char *tf_region_of(struct tf *T, const struct tfinst *in, const char **why)
{
	const char *dummy;
	if (!why)
		why = &dummy;
	*why = NULL;
	const cJSON *v;
	enum tfknown st = tf_attr(in, "region", &v);
	if (st == TF_KNOWN && cJSON_IsString(v) && shaped(v->valuestring))
		return v->valuestring;
	/* provider 6's region argument, configured and known only after apply; unset,
	 * it is the provider's (as the computed region of provider 5's aws_s3_bucket) */
	if (st == TF_UNKNOWN && tf_configured(in, "region")) {
		*why = "its region argument is known only after apply";
		return NULL;
	}
	if (!T->providers) /* a state: no configuration; the AZs and ARNs say */
		return T->f->region;
	return tf_provider_region(T, jstr(in->cfg, "provider_config_key"), why);
}

const char *tf_plan_region(struct tf *T)
{
	const char *r = tf_provider_region(T, "aws", NULL);
	if (r)
		return r;
	/* no region for the default provider (only aliases, or one from the
	 * environment): the Region most of the VPCs' providers name, else most of the
	 * resources' (a plan names a handful of Regions: a small table) */
	enum { MAX_REGIONS = 64 };
	for (int pass = 0; pass < 2; pass++) {
		const char *seen[MAX_REGIONS];
		size_t count[MAX_REGIONS], nseen = 0, best = 0;
		for (size_t i = 0; i < T->n; i++) {
			struct tfinst *in = &T->v[i];
			if (in->gone || in->data || (pass == 0 && strcmp(in->type, "aws_vpc")))
				continue;
			const char *c = tf_region_of(T, in, NULL);
			size_t k = 0;
			while (c && k < nseen && strcmp(seen[k], c))
				k++;
			if (!c || (k == nseen && nseen == MAX_REGIONS))
				continue;
			if (k == nseen) {
				seen[nseen] = c;
				count[nseen++] = 0;
			}
			if (++count[k] > best) {
				best = count[k];
				r = c;
			}
		}
		if (r)
			return r;
	}
	return NULL;
}
