/* assertions.c - the assertions file of `vpcpath check` (cli.md "check: assertions for
 * CI"): every problem located FILE:LINE:COL, unknown keys and values with a "did you
 * mean" hint, all of them reported before giving up. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check-int.h"
#include "vpcpath/arena.h"
#include "vpcpath/cost.h"
#include "vpcpath/filter.h"
#include "vpcpath/trace.h"
#include "vpcpath/util.h"
#include "vpcpath/yamlread.h"

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

static const char *const top_keys[] = { "version", "topology", "rules", "now", "flows",
					 "all_pairs" };
static const char *const flow_keys[] = { "name", "from", "to", "expect", "path",
					 "max_cost_per_gb", "gb_per_month", "action", "principal",
					 "port", "protocol" };
static const char *const pairs_keys[] = { "instances", "vpcs", "subnets", "tags", "exclude",
					  "exclude_tags", "destinations", "expect", "path",
					  "max_cost_per_gb", "gb_per_month" };
static const char *const verdicts[] = { "reachable", "unreachable", "denied", "ambiguous",
					"exits-model" };
static const char *const paths[] = { "gateway-endpoint", "interface-endpoint", "nat-gateway",
				     "internet-gateway", "egress-only-internet-gateway", "peering",
				     "transit-gateway", "vpn-gateway", "local", "none" };

struct loader {
	struct check_assertions *a;
	const char *file;   /* for messages */
	const char *dir;    /* relative paths resolve against it; NULL: the current directory */
	struct diag_list *diags;
	bool failed;
	bool allow_outside; /* topology: and rules: may leave the file's directory */
};

static void err(struct loader *ld, const struct yamlread_node *at, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void err(struct loader *ld, const struct yamlread_node *at, const char *fmt, ...)
{
	char msg[700];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	/* no node: the file holds no document at all, said at its start as the topology
	 * loader does */
	diag_add(ld->diags, DIAG_ERROR, ld->file, at ? at->line : 1, at ? at->col : 1, NULL, "%s",
		 msg);
	ld->failed = true;
}

static void unknown(struct loader *ld, const struct yamlread_node *n, const char *what,
		    const char *const *known, size_t nknown)
{
	const char *hint = yamlread_suggest(n->scalar, known, nknown);
	if (hint) {
		err(ld, n, "unknown %s '%s' (did you mean '%s'?)", what, n->scalar, hint);
		return;
	}
	char list[400] = "";
	for (size_t i = 0; i < nknown; i++) {
		size_t l = strlen(list);
		snprintf(list + l, sizeof(list) - l, "%s%s", i ? ", " : "", known[i]);
	}
	err(ld, n, "unknown %s '%s' (expected one of: %s)", what, n->scalar, list);
}

static void check_keys(struct loader *ld, const struct yamlread_node *map, const char *what,
		       const char *const *known, size_t nknown)
{
	for (size_t i = 0; i < map->npairs; i++) {
		const struct yamlread_node *k = map->pairs[i].key;
		bool ok = false;
		for (size_t j = 0; j < nknown && !ok; j++)
			ok = !strcmp(k->scalar, known[j]);
		if (!ok)
			unknown(ld, k, what, known, nknown);
	}
}

/* A non-empty string (a scalar that is not null); NULL after an error. */
static const char *string(struct loader *ld, const struct yamlread_node *v, const char *key)
{
	if (v->kind != YAMLREAD_SCALAR || yamlread_is_null(v) || !*v->scalar) {
		err(ld, v, "%s: expected a string, found %s", key,
		    v->kind == YAMLREAD_SCALAR ? "an empty value" : yamlread_kind_name(v));
		return NULL;
	}
	return v->scalar;
}

/* A path relative to the assertions file's directory; must be readable. */
static const char *rel_path(struct loader *ld, const struct yamlread_node *v, const char *key)
{
	const char *s = string(ld, v, key);
	if (!s)
		return NULL;
	const char *p = s;
	if (s[0] != '/' && ld->dir && *ld->dir)
		p = arena_printf(ld->a->arena, "%s/%s", ld->dir, s);
	else
		p = arena_strdup(ld->a->arena, s);
	if (!ld->allow_outside && !path_within(ld->dir && *ld->dir ? ld->dir : ".", p)) {
		err(ld, v, "%s: '%s' is outside the checks file's directory (use "
		    "--allow-outside-paths to permit it)", key, s);
		return NULL;
	}
	if (access(p, R_OK) != 0) {
		err(ld, v, "%s: cannot read '%s': %s", key, p, strerror(errno));
		return NULL;
	}
	return p;
}

static bool verdict(struct loader *ld, const struct yamlread_node *v, enum trace_verdict *out)
{
	if (v->kind != YAMLREAD_SCALAR) {
		err(ld, v, "expect: expected a verdict (reachable, unreachable, denied, ambiguous, "
		    "exits-model), found %s", yamlread_kind_name(v));
		return false;
	}
	if (trace_verdict_parse(v->scalar, out))
		return true;
	unknown(ld, v, "verdict", verdicts, NELEM(verdicts));
	return false;
}

/* path: the cli.md path vocabulary, '+'-joined (peering+interface-endpoint). */
static const char *path_value(struct loader *ld, const struct yamlread_node *v)
{
	const char *s = string(ld, v, "path");
	if (!s)
		return NULL;
	bool ok = true;
	const char *p = s;
	while (ok) {
		const char *plus = strchr(p, '+');
		size_t n = plus ? (size_t)(plus - p) : strlen(p);
		char word[64];
		if (n == 0 || n >= sizeof(word)) {
			err(ld, v, "path: '%s' is not a path such as gateway-endpoint or "
			    "peering+interface-endpoint", s);
			return NULL;
		}
		memcpy(word, p, n);
		word[n] = '\0';
		bool known = false;
		for (size_t i = 0; i < NELEM(paths) && !known; i++)
			known = !strcmp(word, paths[i]);
		if (!known) {
			const char *hint = yamlread_suggest(word, paths, NELEM(paths));
			if (hint)
				err(ld, v, "path: unknown path '%s' (did you mean '%s'?)", word, hint);
			else
				err(ld, v, "path: unknown path '%s' (expected gateway-endpoint, "
				    "interface-endpoint, nat-gateway, internet-gateway, "
				    "egress-only-internet-gateway, peering, transit-gateway, vpn-gateway, "
				    "local or none, joined with '+')", word);
			return NULL;
		}
		if (!plus)
			break;
		p = plus + 1;
	}
	return s;
}

static bool cost_value(struct loader *ld, const struct yamlread_node *v, double *out)
{
	if (!yamlread_number(v, out) || *out < 0 || *out > COST_PRICE_MAX) {
		err(ld, v, "max_cost_per_gb: expected USD per GB (a number from 0 to 1000), such "
		    "as 0.01");
		return false;
	}
	return true;
}

/* A monthly volume: GB a month, a finite number >= 0 (an exabyte a month is far past
 * any one flow; more is a typo). */
static bool volume_value(struct loader *ld, const struct yamlread_node *v, double *out)
{
	if (!yamlread_number(v, out) || !(*out >= 0) || *out > COST_GB_PER_MONTH_MAX) {
		err(ld, v, "gb_per_month: expected the GB a month the flow moves (a number from 0 "
		    "to 1000000000), such as 500");
		return false;
	}
	return true;
}

/* expect, path, max_cost_per_gb and gb_per_month, shared by flows and all_pairs */
static void expectations(struct loader *ld, const struct yamlread_node *map, struct check_expect *e)
{
	const struct yamlread_node *v;
	e->verdict = TRACE_REACHABLE;
	if ((v = yamlread_get(map, "expect")))
		verdict(ld, v, &e->verdict);
	if ((v = yamlread_get(map, "path")))
		e->path = path_value(ld, v);
	if ((v = yamlread_get(map, "max_cost_per_gb")))
		e->has_max_cost = cost_value(ld, v, &e->max_cost_per_gb);
	if ((v = yamlread_get(map, "gb_per_month")))
		e->has_gb = volume_value(ld, v, &e->gb_per_month);
}

static void load_flow(struct loader *ld, const struct yamlread_node *item, struct check_flow *f)
{
	f->line = item->line;
	f->col = item->col;
	f->port = -1;
	f->protocol = TOPO_PROTO_TCP;
	f->expect.verdict = TRACE_REACHABLE;
	if (item->kind != YAMLREAD_MAPPING) {
		err(ld, item, "expected a flow such as { from: app-1, to: s3://bucket, expect: "
		    "reachable }, found %s", yamlread_kind_name(item));
		return;
	}
	check_keys(ld, item, "flow key", flow_keys, NELEM(flow_keys));
	const struct yamlread_node *v;
	if ((v = yamlread_get(item, "name")))
		f->name = string(ld, v, "name");
	if ((v = yamlread_get(item, "from"))) {
		f->from = string(ld, v, "from");
		f->from_line = v->line;
		f->from_col = v->col;
	} else {
		err(ld, item, "a flow needs from: (an instance id or name, an address, an on-premises "
		    "network or internet)");
	}
	if ((v = yamlread_get(item, "to"))) {
		f->to = string(ld, v, "to");
		f->to_line = v->line;
		f->to_col = v->col;
	} else {
		err(ld, item, "a flow needs to: (s3://BUCKET, dynamodb://TABLE, a host name, an "
		    "instance, an on-premises network, an address or internet:ADDRESS)");
	}
	expectations(ld, item, &f->expect);
	if ((v = yamlread_get(item, "action")))
		f->action = string(ld, v, "action");
	if ((v = yamlread_get(item, "principal")))
		f->principal = string(ld, v, "principal");
	if ((v = yamlread_get(item, "port"))) {
		long n;
		if (v->kind != YAMLREAD_SCALAR || !str_to_long(v->scalar, 0, 65535, &n))
			err(ld, v, "port: expected a port number (0-65535)");
		else
			f->port = (int)n;
	}
	if ((v = yamlread_get(item, "protocol"))) {
		if (v->kind != YAMLREAD_SCALAR || !topo_parse_protocol(v->scalar, &f->protocol))
			err(ld, v, "protocol: expected tcp, udp, icmp, icmpv6, all or a protocol number");
	}
}

/* A pattern or a list of patterns. */
static struct check_pattern *globs(struct loader *ld, const struct yamlread_node *v, const char *key,
				   size_t *n)
{
	const struct yamlread_node *const *items = NULL;
	const struct yamlread_node *one[1];
	size_t count = 0;
	if (v->kind == YAMLREAD_SCALAR) {
		one[0] = v;
		items = one;
		count = 1;
	} else if (v->kind == YAMLREAD_SEQUENCE) {
		items = (const struct yamlread_node *const *)v->items;
		count = v->nitems;
	} else {
		err(ld, v, "%s: expected a pattern or a list of patterns, found %s", key,
		    yamlread_kind_name(v));
		return NULL;
	}
	struct check_pattern *out = arena_alloc(ld->a->arena, (count ? count : 1) * sizeof(*out));
	size_t k = 0;
	for (size_t i = 0; i < count; i++) {
		const char *s = string(ld, items[i], key);
		if (!s)
			continue;
		if (!strcmp(key, "destinations") && strstr(s, "://") && strncmp(s, "s3://", 5) &&
		    strncmp(s, "dynamodb://", 11)) {
			err(ld, items[i], "destinations: '%s' is not s3://PATTERN or dynamodb://PATTERN "
			    "(or a pattern on instance and on-premises ids and names, an address, "
			    "internet:ADDRESS)", s);
			continue;
		}
		out[k].text = s;
		out[k].line = items[i]->line;
		out[k].col = items[i]->col;
		k++;
	}
	*n = k;
	return out;
}

/* tags: and exclude_tags: a mapping of tag key to a pattern on the tag's value.  The
 * pattern is text, as tag values are (cost-center: 1234); "" matches an empty value. */
static struct check_pattern *tag_globs(struct loader *ld, const struct yamlread_node *v,
				       const char *key, size_t *n)
{
	if (v->kind != YAMLREAD_MAPPING) {
		err(ld, v, "%s: expected a mapping of tag key to value pattern, such as { team: "
		    "payments }, found %s", key, yamlread_kind_name(v));
		return NULL;
	}
	struct check_pattern *out = arena_alloc(ld->a->arena,
						(v->npairs ? v->npairs : 1) * sizeof(*out));
	size_t k = 0;
	for (size_t i = 0; i < v->npairs; i++) {
		const struct yamlread_node *tk = v->pairs[i].key, *tv = v->pairs[i].value;
		const char *why = topo_tag_key_problem(tk->scalar, strlen(tk->scalar));
		if (why) {
			err(ld, tk, "%s: %s", key, why);
			continue;
		}
		if (tv->kind != YAMLREAD_SCALAR || yamlread_is_null(tv)) {
			err(ld, tv, "%s: '%s': expected a pattern for the tag's value ('*' for any "
			    "value), found %s", key, tk->scalar,
			    tv->kind == YAMLREAD_SCALAR ? "an empty value" : yamlread_kind_name(tv));
			continue;
		}
		out[k].text = tv->scalar;
		out[k].tag = tk->scalar;
		out[k].line = tv->line;
		out[k].col = tv->col;
		k++;
	}
	*n = k;
	return out;
}

static void load_all_pairs(struct loader *ld, const struct yamlread_node *v)
{
	struct check_all_pairs *p = &ld->a->all_pairs;
	p->line = v->line;
	p->col = v->col;
	p->expect.verdict = TRACE_REACHABLE;
	bool b;
	if (yamlread_bool(v, &b)) {
		p->enabled = b;
		return;
	}
	if (v->kind != YAMLREAD_MAPPING) {
		err(ld, v, "all_pairs: expected true, false or a mapping of filters (instances, vpcs, "
		    "subnets, tags, exclude, exclude_tags, destinations, expect, path, "
		    "max_cost_per_gb, gb_per_month)");
		return;
	}
	p->enabled = true;
	check_keys(ld, v, "all_pairs key", pairs_keys, NELEM(pairs_keys));
	const struct yamlread_node *f;
	if ((f = yamlread_get(v, "instances")))
		p->instances = globs(ld, f, "instances", &p->ninstances);
	if ((f = yamlread_get(v, "vpcs")))
		p->vpcs = globs(ld, f, "vpcs", &p->nvpcs);
	if ((f = yamlread_get(v, "subnets")))
		p->subnets = globs(ld, f, "subnets", &p->nsubnets);
	if ((f = yamlread_get(v, "tags")))
		p->tags = tag_globs(ld, f, "tags", &p->ntags);
	if ((f = yamlread_get(v, "exclude")))
		p->exclude = globs(ld, f, "exclude", &p->nexclude);
	if ((f = yamlread_get(v, "exclude_tags")))
		p->exclude_tags = tag_globs(ld, f, "exclude_tags", &p->nexclude_tags);
	if ((f = yamlread_get(v, "destinations")))
		p->destinations = globs(ld, f, "destinations", &p->ndestinations);
	expectations(ld, v, &p->expect);
}

static void load_root(struct loader *ld, const struct yamlread_node *root)
{
	struct check_assertions *a = ld->a;
	if (!root || root->kind != YAMLREAD_MAPPING) {
		err(ld, root, "expected a mapping with flows: and/or all_pairs: (and optionally rules:), "
		    "found %s", root ? yamlread_kind_name(root) : "an empty file");
		return;
	}
	check_keys(ld, root, "key", top_keys, NELEM(top_keys));
	const struct yamlread_node *v;
	if ((v = yamlread_get(root, "version"))) {
		double d;
		if (!yamlread_number(v, &d) || d != 1)
			err(ld, v, "version: only version 1 is understood");
	}
	if ((v = yamlread_get(root, "topology")))
		a->topology_file = rel_path(ld, v, "topology");
	if ((v = yamlread_get(root, "rules"))) {
		a->rules_line = v->line;
		a->rules_col = v->col;
		if (v->kind == YAMLREAD_SCALAR && !strcmp(v->scalar, "none"))
			a->rules_file = "none";
		else
			a->rules_file = rel_path(ld, v, "rules");
	}
	if ((v = yamlread_get(root, "now"))) {
		/* the request time of every flow (aws:CurrentTime, F7.9): a gate whose policies
		 * test dates answers the same on every run */
		long long epoch;
		if (v->kind != YAMLREAD_SCALAR || !trace_parse_time(v->scalar, &epoch))
			err(ld, v, "now: expected an ISO 8601 time such as 2026-12-07T12:00:00Z");
		else
			a->now = arena_strdup(a->arena, v->scalar);
	}
	if ((v = yamlread_get(root, "flows"))) {
		if (v->kind == YAMLREAD_SEQUENCE) {
			a->nflows = v->nitems;
			a->flows = arena_alloc(a->arena, (v->nitems ? v->nitems : 1) * sizeof(*a->flows));
			for (size_t i = 0; i < v->nitems; i++)
				load_flow(ld, v->items[i], &a->flows[i]);
		} else if (!yamlread_is_null(v)) {
			err(ld, v, "flows: expected a list of flows, found %s", yamlread_kind_name(v));
		}
	}
	if ((v = yamlread_get(root, "all_pairs")))
		load_all_pairs(ld, v);
	if (!ld->failed && a->nflows == 0 && !a->all_pairs.enabled)
		err(ld, root, "nothing to check: give flows: or all_pairs: true");
}

static struct check_assertions *finish(struct loader *ld, struct yamlread_doc *doc)
{
	if (!doc) {
		check_assertions_free(ld->a);
		return NULL;
	}
	ld->a->doc = doc;
	load_root(ld, doc->root);
	if (ld->failed) {
		check_assertions_free(ld->a);
		return NULL;
	}
	return ld->a;
}

static struct check_assertions *new_assertions(const char *file)
{
	struct check_assertions *a = xcalloc(1, sizeof(*a));
	a->arena = arena_new();
	if (!a->arena) {
		free(a);
		return NULL;
	}
	a->file = file ? arena_strdup(a->arena, file) : NULL;
	a->all_pairs.expect.verdict = TRACE_REACHABLE;
	return a;
}

struct check_assertions *check_assertions_load(const char *file, struct diag_list *diags)
{
	return check_assertions_load_ex(file, false, diags);
}

struct check_assertions *check_assertions_load_ex(const char *file, bool allow_outside_paths,
						  struct diag_list *diags)
{
	struct check_assertions *a = new_assertions(file);
	if (!a)
		return NULL;
	const char *slash = strrchr(a->file, '/');
	struct loader ld = {
		.a = a,
		.file = a->file,
		.dir = slash ? arena_strndup(a->arena, a->file, (size_t)(slash - a->file)) : NULL,
		.diags = diags,
		.allow_outside = allow_outside_paths,
	};
	if (slash == a->file)
		ld.dir = "/";
	return finish(&ld, yamlread_file(a->file, 0, diags));
}

struct check_assertions *check_assertions_load_buffer(const char *name, const char *dir,
						      const char *buf, size_t len,
						      struct diag_list *diags)
{
	struct check_assertions *a = new_assertions(name);
	if (!a)
		return NULL;
	struct loader ld = {
		.a = a,
		.file = a->file,
		.dir = dir ? arena_strdup(a->arena, dir) : NULL,
		.diags = diags,
	};
	return finish(&ld, yamlread_buffer(a->file, buf, len, diags));
}

struct check_assertions *check_assertions_default(void)
{
	struct check_assertions *a = new_assertions(NULL);
	if (a)
		a->all_pairs.enabled = true;
	return a;
}

void check_assertions_free(struct check_assertions *a)
{
	if (!a)
		return;
	yamlread_free(a->doc);
	arena_free(a->arena);
	free(a);
}
