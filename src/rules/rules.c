/* rules.c - see include/vpcpath/rules.h */
#include "vpcpath/rules.h"

#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "vpcpath/arena.h"
#include "vpcpath/cost.h"
#include "vpcpath/out.h"
#include "vpcpath/util.h"
#include "vpcpath/yamlread.h"

#define RULES_MAX_EXTENDS 8
#define RULES_DEFAULT_MAX_COST 0.02

enum rules_id {
	RULE_PRIVATE_PATH,
	RULE_ENDPOINT_POLICY_SCOPED,
	RULE_RESOURCE_PINNED,
	RULE_TLS_ONLY,
	RULE_SAME_REGION,
	RULE_SAME_AZ,
	RULE_NO_CROSS_AZ_CHARGE,
	RULE_MAX_COST_PER_GB,
	RULE_COUNT
};

const char *const rules_builtin_ids[RULE_COUNT + 1] = {
	[RULE_PRIVATE_PATH] = "private-path",
	[RULE_ENDPOINT_POLICY_SCOPED] = "endpoint-policy-scoped",
	[RULE_RESOURCE_PINNED] = "resource-pinned-to-endpoint",
	[RULE_TLS_ONLY] = "tls-only",
	[RULE_SAME_REGION] = "same-region",
	[RULE_SAME_AZ] = "same-az",
	[RULE_NO_CROSS_AZ_CHARGE] = "no-cross-az-charge",
	[RULE_MAX_COST_PER_GB] = "max-cost-per-gb",
	[RULE_COUNT] = NULL,
};

static const char *const rules_descriptions[RULE_COUNT] = {
	[RULE_PRIVATE_PATH] = "no NAT gateway, internet gateway or egress-only internet gateway on the way to an AWS service",
	[RULE_ENDPOINT_POLICY_SCOPED] = "the VPC endpoint used has a policy narrower than full access",
	[RULE_RESOURCE_PINNED] = "the bucket or table policy denies access that does not come through a VPC endpoint or VPC",
	[RULE_TLS_ONLY] = "the flow is TLS (tcp port 443)",
	[RULE_SAME_REGION] = "the destination is in the source's region",
	[RULE_SAME_AZ] = "an S3 Express directory bucket is in the source's Availability Zone",
	[RULE_NO_CROSS_AZ_CHARGE] = "the path does not cross Availability Zones",
	[RULE_MAX_COST_PER_GB] = "the per-GB cost of the path is at most the rule's max",
};

/* cli.md: private-path and tls-only ship as errors, the others as warnings */
static const bool rules_default_error[RULE_COUNT] = {
	[RULE_PRIVATE_PATH] = true,
	[RULE_TLS_ONLY] = true,
};

struct rules_entry {
	bool listed;     /* some file in the chain lists it: it is checked when enabled */
	bool enabled;
	bool error;      /* severity error (else warning) */
	double max;      /* max-cost-per-gb */
};

struct rules {
	bool none;
	struct rules_entry e[RULE_COUNT];
};

const char *rules_describe(const char *id)
{
	for (size_t i = 0; id && i < RULE_COUNT; i++)
		if (strcmp(rules_builtin_ids[i], id) == 0)
			return rules_descriptions[i];
	return NULL;
}

static struct rules *rules_new(void)
{
	struct rules *rs = xcalloc(1, sizeof(*rs));
	for (size_t i = 0; i < RULE_COUNT; i++) {
		rs->e[i].enabled = true;
		rs->e[i].error = rules_default_error[i];
		rs->e[i].max = RULES_DEFAULT_MAX_COST;
	}
	return rs;
}

struct rules *rules_none(void)
{
	struct rules *rs = rules_new();
	rs->none = true;
	return rs;
}

void rules_free(struct rules *rs)
{
	free(rs);
}

/* ---------------------------------------------------------------- loading */

/* Names of extended files: diagnostics borrow their file name, and a problem in an
 * extended file must stay printable after rules_load() returns (even NULL), so the
 * names live until exit. */
struct rules_path {
	struct rules_path *next;
	char path[];
};
static struct rules_path *rules_paths;

static void rules_paths_free(void)
{
	while (rules_paths) {
		struct rules_path *n = rules_paths->next;
		free(rules_paths);
		rules_paths = n;
	}
}

static const char *rules_keep_path(const char *path)
{
	for (struct rules_path *p = rules_paths; p; p = p->next)
		if (strcmp(p->path, path) == 0)
			return p->path;
	if (!rules_paths)
		atexit(rules_paths_free);
	size_t n = strlen(path);
	struct rules_path *p = xmalloc(sizeof(*p) + n + 1);
	memcpy(p->path, path, n + 1);
	p->next = rules_paths;
	rules_paths = p;
	return p->path;
}

struct rules_loader {
	struct diag_list *diags;
	bool allow_outside;  /* extends: may leave root */
	char *root;          /* the directory of the file asked for: extends: stay inside */
	const char *trusted; /* the installed rules' directory, always allowed; may be NULL */
	char *chain[RULES_MAX_EXTENDS + 1]; /* realpath of each file being loaded */
	size_t depth;
	bool failed;
};

static void rules_err(struct rules_loader *ld, const char *file, const struct yamlread_node *at,
		      const char *fmt, ...) __attribute__((format(printf, 4, 5)));

static void rules_err(struct rules_loader *ld, const char *file, const struct yamlread_node *at,
		      const char *fmt, ...)
{
	char msg[600];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	diag_add(ld->diags, DIAG_ERROR, file, at ? at->line : 0, at ? at->col : 0, NULL, "%s", msg);
	ld->failed = true;
}

static void rules_unknown(struct rules_loader *ld, const char *file, const struct yamlread_node *n,
			  const char *what, const char *const *known, size_t nknown)
{
	const char *hint = yamlread_suggest(n->scalar, known, nknown);
	if (hint)
		rules_err(ld, file, n, "unknown %s '%s' (did you mean '%s'?)", what, n->scalar, hint);
	else
		rules_err(ld, file, n, "unknown %s '%s'", what, n->scalar);
}

static const char *const rules_top_keys[] = { "version", "extends", "rules" };
static const char *const rules_item_keys[] = { "id", "severity", "enabled", "max" };
static const char *const rules_severities[] = { "error", "warning" };

static bool rules_load_file(struct rules_loader *ld, struct rules *rs, const char *file);

/* `extends: PATH`, relative to the directory of the file that says it */
static void rules_extend(struct rules_loader *ld, struct rules *rs, const char *file,
			 const struct yamlread_node *v)
{
	if (v->kind != YAMLREAD_SCALAR || !*v->scalar || yamlread_is_null(v)) {
		rules_err(ld, file, v, "extends: expected the path of a rules file, found %s",
			  yamlread_kind_name(v));
		return;
	}
	char *path;
	const char *slash = strrchr(file, '/');
	if (v->scalar[0] == '/' || !slash) {
		path = xstrdup(v->scalar);
	} else {
		size_t dl = (size_t)(slash - file) + 1, n = strlen(v->scalar);
		path = xmalloc(dl + n + 1);
		memcpy(path, file, dl);
		memcpy(path + dl, v->scalar, n + 1);
	}
	if (!ld->allow_outside && !path_within(ld->root, path) &&
	    !(ld->trusted && path_within(ld->trusted, path))) {
		/* rules files come with untrusted pull requests: what they extend stays in
		 * the folder of the file vpcpath was given (issue 15 item 3) */
		rules_err(ld, file, v, "extends: '%s' is outside %s, the directory of the rules file "
			  "given (use --allow-outside-paths to permit it)", v->scalar, ld->root);
		free(path);
		return;
	}
	if (access(path, R_OK) != 0) {
		rules_err(ld, file, v, "extends: cannot read '%s': %s", path, strerror(errno));
		free(path);
		return;
	}
	if (ld->depth > RULES_MAX_EXTENDS) {
		rules_err(ld, file, v, "extends: more than %d files deep", RULES_MAX_EXTENDS);
		free(path);
		return;
	}
	char *real = realpath(path, NULL);
	for (size_t i = 0; real && i < ld->depth; i++) {
		if (ld->chain[i] && strcmp(ld->chain[i], real) == 0) {
			rules_err(ld, file, v, "extends: '%s' is already being loaded (a cycle)", path);
			free(real);
			free(path);
			return;
		}
	}
	free(real);
	const char *kept = rules_keep_path(path);
	free(path);
	if (!rules_load_file(ld, rs, kept))
		ld->failed = true;
}

static void rules_load_item(struct rules_loader *ld, struct rules *rs, const char *file,
			    const struct yamlread_node *item, bool seen[RULE_COUNT])
{
	if (item->kind != YAMLREAD_MAPPING) {
		rules_err(ld, file, item, "expected a rule such as { id: private-path, severity: error }, found %s",
			  yamlread_kind_name(item));
		return;
	}
	for (size_t i = 0; i < item->npairs; i++) {
		const struct yamlread_node *k = item->pairs[i].key;
		bool known = false;
		for (size_t j = 0; j < sizeof(rules_item_keys) / sizeof(rules_item_keys[0]); j++)
			known = known || strcmp(k->scalar, rules_item_keys[j]) == 0;
		if (!known)
			rules_unknown(ld, file, k, "rule key", rules_item_keys,
				      sizeof(rules_item_keys) / sizeof(rules_item_keys[0]));
	}
	const struct yamlread_node *idn = yamlread_get(item, "id");
	if (!idn) {
		rules_err(ld, file, item, "a rule needs an id (one of the built-in rule ids)");
		return;
	}
	if (idn->kind != YAMLREAD_SCALAR) {
		rules_err(ld, file, idn, "id: expected a rule id, found %s", yamlread_kind_name(idn));
		return;
	}
	size_t id;
	for (id = 0; id < RULE_COUNT; id++)
		if (strcmp(idn->scalar, rules_builtin_ids[id]) == 0)
			break;
	if (id == RULE_COUNT) {
		rules_unknown(ld, file, idn, "rule id", rules_builtin_ids, RULE_COUNT);
		return;
	}
	if (seen[id]) {
		rules_err(ld, file, idn, "rule %s is listed twice in this file", rules_builtin_ids[id]);
		return;
	}
	seen[id] = true;
	struct rules_entry *e = &rs->e[id];
	e->listed = true;

	const struct yamlread_node *v;
	if ((v = yamlread_get(item, "severity"))) {
		if (v->kind == YAMLREAD_SCALAR && strcmp(v->scalar, "error") == 0)
			e->error = true;
		else if (v->kind == YAMLREAD_SCALAR && strcmp(v->scalar, "warning") == 0)
			e->error = false;
		else if (v->kind == YAMLREAD_SCALAR && yamlread_suggest(v->scalar, rules_severities, 2))
			rules_err(ld, file, v, "unknown severity '%s' (did you mean '%s'?)", v->scalar,
				  yamlread_suggest(v->scalar, rules_severities, 2));
		else if (v->kind == YAMLREAD_SCALAR)
			rules_err(ld, file, v, "unknown severity '%s' (expected error or warning)", v->scalar);
		else
			rules_err(ld, file, v, "severity: expected error or warning, found %s",
				  yamlread_kind_name(v));
	}
	if ((v = yamlread_get(item, "enabled"))) {
		bool b;
		if (yamlread_bool(v, &b))
			e->enabled = b;
		else
			rules_err(ld, file, v, "enabled: expected true or false");
	}
	if ((v = yamlread_get(item, "max"))) {
		double d;
		if (id != RULE_MAX_COST_PER_GB)
			rules_err(ld, file, v, "max: only max-cost-per-gb takes a max, not %s",
				  rules_builtin_ids[id]);
		else if (!yamlread_number(v, &d) || d < 0 || d > COST_PRICE_MAX)
			rules_err(ld, file, v, "max: expected USD per GB (a number from 0 to 1000), "
				  "such as 0.02");
		else
			e->max = d;
	}
}

/* Loads one file of the chain into rs: its parent first, then its own rules on top. */
static bool rules_load_file(struct rules_loader *ld, struct rules *rs, const char *file)
{
	struct yamlread_doc *doc = yamlread_file(file, 0, ld->diags);
	if (!doc)
		return false;
	bool ok_before = !ld->failed;
	ld->chain[ld->depth++] = realpath(file, NULL);

	const struct yamlread_node *root = doc->root;
	if (!root || root->kind != YAMLREAD_MAPPING) {
		rules_err(ld, file, root, "expected a mapping with 'rules:' (and optionally 'extends:'), found %s",
			  root ? yamlread_kind_name(root) : "an empty file");
		goto out;
	}
	for (size_t i = 0; i < root->npairs; i++) {
		const struct yamlread_node *k = root->pairs[i].key;
		bool known = false;
		for (size_t j = 0; j < sizeof(rules_top_keys) / sizeof(rules_top_keys[0]); j++)
			known = known || strcmp(k->scalar, rules_top_keys[j]) == 0;
		if (!known)
			rules_unknown(ld, file, k, "key", rules_top_keys,
				      sizeof(rules_top_keys) / sizeof(rules_top_keys[0]));
	}
	const struct yamlread_node *v;
	if ((v = yamlread_get(root, "version"))) {
		double d;
		if (!yamlread_number(v, &d) || d != 1)
			rules_err(ld, file, v, "version: only version 1 is understood");
	}
	/* the parent first, wherever the key is written, so this file overrides it */
	if ((v = yamlread_get(root, "extends")))
		rules_extend(ld, rs, file, v);
	const struct yamlread_node *list = yamlread_get(root, "rules");
	if (!list) {
		if (!yamlread_get(root, "extends"))
			rules_err(ld, file, root, "no 'rules:' list (and nothing extended)");
	} else if (list->kind == YAMLREAD_SEQUENCE) {
		bool seen[RULE_COUNT] = { false };
		for (size_t i = 0; i < list->nitems; i++)
			rules_load_item(ld, rs, file, list->items[i], seen);
	} else if (!yamlread_is_null(list)) {
		rules_err(ld, file, list, "rules: expected a list of rules, found %s",
			  yamlread_kind_name(list));
	}
out:
	free(ld->chain[--ld->depth]);
	ld->chain[ld->depth] = NULL;
	yamlread_free(doc);
	return ok_before && !ld->failed;
}

struct rules *rules_load(const char *file, struct diag_list *diags)
{
	return rules_load_ex(file, false, NULL, diags);
}

struct rules *rules_load_ex(const char *file, bool allow_outside_paths, const char *trusted_dir,
			    struct diag_list *diags)
{
	struct rules_loader ld;
	memset(&ld, 0, sizeof(ld));
	ld.diags = diags;
	ld.allow_outside = allow_outside_paths;
	ld.trusted = trusted_dir;
	const char *slash = strrchr(file, '/');
	ld.root = xstrdup(slash ? file : ".");
	if (slash)  /* the file's directory ("/" for a file at the root) */
		ld.root[(size_t)(slash - file) + (slash == file)] = '\0';
	struct rules *rs = rules_new();
	bool ok = rules_load_file(&ld, rs, file) && !ld.failed;
	free(ld.root);
	if (!ok) {
		rules_free(rs);
		return NULL;
	}
	return rs;
}

/* ---------------------------------------------------------------- checking */

static bool rules_str_eq(const char *a, const char *b)
{
	return a && b && strcmp(a, b) == 0;
}

/* true when the '+'-joined path has the component comp */
static bool rules_path_has(const char *path, const char *comp)
{
	size_t n = strlen(comp);
	for (const char *p = path; p && *p;) {
		const char *end = strchr(p, '+');
		size_t len = end ? (size_t)(end - p) : strlen(p);
		if (len == n && strncmp(p, comp, n) == 0)
			return true;
		p = end ? end + 1 : NULL;
	}
	return false;
}

/* "$0.045/GB", in the one format of every amount (out_money) */
static const char *rules_money(char *buf, size_t size, double v)
{
	char amount[32];
	snprintf(buf, size, "%s/GB", out_money(v, amount, sizeof(amount)));
	return buf;
}

/* The message is human text: a brief trace (check's all_pairs cells, trace.h) goes
 * without; the arguments are not evaluated then. */
#define RULE_TEXT(r, ...) ((r)->brief ? NULL : arena_printf((r)->arena, __VA_ARGS__))

struct rules_verdict {
	enum rule_outcome result;
	char *message;
};

static struct rules_verdict rules_na(struct trace_result *r, const char *why)
{
	return (struct rules_verdict){ RULE_NA, RULE_TEXT(r, "%s", why) };
}

/* the resource at the destination, for messages */
static const char *rules_dst_name(const struct trace_result *r)
{
	if (r->dst_resource)
		return r->dst_resource;
	if (r->dst_host)
		return r->dst_host;
	return r->dst_service ? r->dst_service : "the destination";
}

/* the component of the path that leaves through a NAT or internet gateway */
static const char *rules_public_exit(const char *path)
{
	static const char *const exits[] = {
		"nat-gateway", "internet-gateway", "egress-only-internet-gateway",
	};
	for (size_t i = 0; i < sizeof(exits) / sizeof(exits[0]); i++)
		if (rules_path_has(path, exits[i]))
			return exits[i];
	return NULL;
}

/* The monthly saving of moving the flow's volume (trace --gb) to alternative via:
 * "; that saves $X/month at N GB/month", or "" when no volume or price is known. */
static const char *rules_monthly_saving(struct trace_result *r, const char *via)
{
	if (!r->cost.computed || !r->cost.has_gb || r->cost.gb <= 0 || !via)
		return "";
	for (size_t i = 0; i < r->cost.nalternatives; i++) {
		const struct trace_alternative *a = &r->cost.alternatives[i];
		if (!rules_str_eq(a->via, via))
			continue;
		double saving = (r->cost.per_gb - a->per_gb) * r->cost.gb;
		if (saving < 0.005)  /* less than a cent: nothing to say */
			return "";
		char amount[32], volume[32];
		return arena_printf(r->arena, "; that saves %s/month at %s GB/month",
				    out_money(saving, amount, sizeof(amount)),
				    out_gb(r->cost.gb, volume, sizeof(volume)));
	}
	return "";
}

/* When the VPC has an endpoint for the service that the flow does not use, the fix is
 * what keeps it off that endpoint (trace_alternative.fix: an association, a route
 * that wins, a DNS setting), not a new endpoint; gateway endpoints first (they are
 * free, F2.1).  NULL when there is none. */
static char *rules_existing_endpoint_fix(struct trace_result *r)
{
	static const char *const kinds[] = { "gateway-endpoint", "interface-endpoint" };
	if (r->brief)
		return NULL;
	for (size_t k = 0; k < 2; k++)
		for (size_t i = 0; i < r->npath_alternatives; i++) {
			const struct trace_alternative *a = &r->path_alternatives[i];
			if (a->fix && rules_str_eq(a->path, kinds[k]))
				return arena_printf(r->arena, "%s%s", a->fix,
						    rules_monthly_saving(r, a->via));
		}
	return NULL;
}

static struct rules_verdict rules_private_path(struct trace_result *r)
{
	/* F5.7: through NAT/IGW a request reaches the service's public endpoint; through
	 * a VPC endpoint it does not, and aws:SourceVpce is in the request context */
	if (!r->dst_service)
		return rules_na(r, "the destination is not an AWS service");
	const char *svc = r->dst_service;
	const char *exit = rules_public_exit(r->path);
	if (!exit)
		return (struct rules_verdict){ RULE_PASS, RULE_TEXT(r,
			"traffic to %s goes through %s%s%s, not a NAT or internet gateway", svc, r->path,
			r->via_id ? " " : "", r->via_id ? trace_via_text(r) : "") };
	const char *via = r->via_id ? trace_via_text(r) : exit;
	const char *region = r->dst_region ? r->dst_region : r->src_region;
	const char *subnet = r->src_subnet ? r->src_subnet : "the source subnet";
	bool cross_region = r->src_region && r->dst_region && strcmp(r->src_region, r->dst_region) != 0;
	char *fix;
	if (cross_region && rules_str_eq(svc, "s3"))
		/* F2.5: gateway endpoints are same-region; F3.6: S3 has cross-region PrivateLink */
		fix = RULE_TEXT(r, "a gateway endpoint cannot reach %s from %s (F2.5); add an "
				   "interface endpoint for com.amazonaws.%s.s3 (cross-region PrivateLink, F3.6) "
				   "or keep the data in %s", region, r->src_region, region, r->src_region);
	else if (cross_region)
		fix = RULE_TEXT(r, "a gateway endpoint cannot reach %s from %s (F2.5); keep "
				   "the data in %s (a replica) or reach it over a peered VPC's interface endpoint",
				   region, r->src_region, r->src_region);
	else if ((fix = rules_existing_endpoint_fix(r)))
		;  /* the endpoint is there: the change that puts the flow on it */
	else if (rules_str_eq(svc, "s3") || rules_str_eq(svc, "dynamodb") || rules_str_eq(svc, "s3express"))
		fix = RULE_TEXT(r, "add a gateway endpoint for com.amazonaws.%s.%s and associate "
				   "it with the route table of %s", region ? region : "REGION", svc, subnet);
	else
		fix = RULE_TEXT(r, "add an interface endpoint for %s in the VPC", svc);
	return (struct rules_verdict){ RULE_FAIL, RULE_TEXT(r,
		"traffic to %s leaves through %s (%s); %s", svc, via, exit, fix) };
}

static struct rules_verdict rules_endpoint_policy(struct trace_result *r)
{
	if (!r->has_endpoint)
		return rules_na(r, "no VPC endpoint on the path");
	/* the endpoint's hop: a NAT gateway's subnet may reach the service through an
	 * endpoint, and via_id is then the NAT gateway */
	const char *ep = r->via_id ? trace_via_text(r) : "the VPC endpoint";
	if (r->endpoint_policy_unknown)
		return rules_na(r, "the endpoint's policy is not known");
	for (size_t i = 0; i < r->nhops; i++)
		if (r->hops[i].id && (rules_str_eq(r->hops[i].kind, "gateway-endpoint") ||
				      rules_str_eq(r->hops[i].kind, "interface-endpoint")))
			ep = r->hops[i].id;
	if (r->endpoint_policy_full_access)
		/* F2.10: no policy, or the default one, is full access */
		return (struct rules_verdict){ RULE_FAIL, RULE_TEXT(r,
			"%s allows full access (the default policy, F2.10); attach a policy that allows "
			"only the buckets, tables and principals this VPC needs", ep) };
	return (struct rules_verdict){ RULE_PASS, RULE_TEXT(r,
		"%s has a policy narrower than full access", ep) };
}

static struct rules_verdict rules_resource_pinned(struct trace_result *r)
{
	if (!r->dst_service)
		return rules_na(r, "the destination is not an AWS service resource");
	if (!r->dst_resource)  /* F2.16: an address of the service, no request named */
		return rules_na(r, "no bucket or table is named, so there is no resource policy to judge");
	const char *res = rules_dst_name(r);
	if (r->resource_policy_unknown)
		return rules_na(r, "the resource's policy is not known");
	if (r->resource_pinned_to_endpoint)
		return (struct rules_verdict){ RULE_PASS, RULE_TEXT(r,
			"the policy of %s denies access that does not come through a VPC endpoint or VPC", res) };
	/* F2.12: the standard "only via this endpoint" bucket policy */
	return (struct rules_verdict){ RULE_FAIL, RULE_TEXT(r,
		"the policy of %s does not deny access from outside a VPC endpoint; add a Deny for "
		"requests whose aws:SourceVpce (or aws:SourceVpc) is not yours (StringNotEquals, F2.12)", res) };
}

static struct rules_verdict rules_tls_only(struct trace_result *r)
{
	const char *proto = r->q_protocol ? r->q_protocol : "?";
	if (rules_str_eq(proto, "tcp") && r->q_port == 443)
		return (struct rules_verdict){ RULE_PASS, RULE_TEXT(r, "%s", "tcp/443 (HTTPS)") };
	char *what = r->q_port >= 0 ? RULE_TEXT(r, "%s/%d", proto, r->q_port)
				    : RULE_TEXT(r, "%s", proto);
	return (struct rules_verdict){ RULE_FAIL, RULE_TEXT(r,
		"%s is not TLS; use HTTPS on tcp port 443", what) };
}

static struct rules_verdict rules_same_region(struct trace_result *r)
{
	if (!r->src_region || !r->dst_region)
		return rules_na(r, "the region of the source or the destination is not known");
	if (strcmp(r->src_region, r->dst_region) == 0)
		return (struct rules_verdict){ RULE_PASS, RULE_TEXT(r,
			"source and destination are both in %s", r->src_region) };
	char price[64] = "";
	for (size_t i = 0; i < r->cost.nitems && !r->brief; i++)
		if (rules_str_eq(r->cost.items[i].code, "inter-region")) {
			char buf[32];
			snprintf(price, sizeof(price), " (inter-region transfer, %s)",
				 rules_money(buf, sizeof(buf), r->cost.items[i].per_gb));
		}
	return (struct rules_verdict){ RULE_FAIL, RULE_TEXT(r,
		"the source is in %s and the destination in %s%s; keep the data in %s or replicate it there",
		r->src_region, r->dst_region, price, r->src_region) };
}

static struct rules_verdict rules_same_az(struct trace_result *r)
{
	/* F4.1/F4.5: a directory bucket lives in one AZ, named by AZ id in its name */
	if (!r->dst_zone_id)
		return rules_na(r, "the destination is not in one Availability Zone (no S3 Express directory bucket)");
	if (!r->src_az_id)
		return (struct rules_verdict){ RULE_FAIL, RULE_TEXT(r,
			"the source's AZ id is not known, so it cannot be compared with the bucket's zone %s; "
			"set az_id on the source subnet (or availability_zones in the topology)", r->dst_zone_id) };
	if (strcmp(r->src_az_id, r->dst_zone_id) == 0)
		return (struct rules_verdict){ RULE_PASS, RULE_TEXT(r,
			"the source and the directory bucket are both in %s", r->dst_zone_id) };
	return (struct rules_verdict){ RULE_FAIL, RULE_TEXT(r,
		"the source is in %s and the directory bucket in %s; run the client in %s or create the "
		"bucket in %s (co-located compute and storage, F4.5)", r->src_az_id, r->dst_zone_id,
		r->dst_zone_id, r->src_az_id) };
}

static struct rules_verdict rules_cross_az(struct trace_result *r)
{
	if (!r->cross_az)
		return (struct rules_verdict){ RULE_PASS, arena_strdup(r->arena,
			"the path stays in the source's Availability Zone") };
	const char *src = r->src_id ? r->src_id : "the source";
	const char *via = r->via_id ? trace_via_text(r) : "the next hop";
	const char *az = r->src_az ? r->src_az : "the source's AZ";
	const char *fix;
	if (rules_path_has(r->path, "interface-endpoint"))
		/* F3.3: the zonal DNS name picks the ENI in a given AZ */
		fix = RULE_TEXT(r, "give the endpoint a subnet in %s and use its zonal DNS name (F3.3)", az);
	else if (rules_path_has(r->path, "nat-gateway"))
		fix = RULE_TEXT(r, "add a NAT gateway in %s and route the source subnet to it "
				   "(one NAT gateway per AZ, F5.6)", az);
	else
		fix = RULE_TEXT(r, "keep the path in %s", az);
	return (struct rules_verdict){ RULE_FAIL, RULE_TEXT(r,
		"%s reaches %s in another Availability Zone (inter-AZ data transfer); %s", src, via, fix) };
}

static struct rules_verdict rules_max_cost(struct trace_result *r, double max)
{
	if (!r->cost.computed)
		return rules_na(r, "no cost was computed for this flow");
	char have[32] = "", lim[32] = "";
	if (!r->brief) {
		rules_money(have, sizeof(have), r->cost.per_gb);
		rules_money(lim, sizeof(lim), max);
	}
	/* prices are rounded to 1e-9 by the cost module; compare with that slack */
	if (r->cost.per_gb <= max + 1e-9)
		return (struct rules_verdict){ RULE_PASS, RULE_TEXT(r,
			"%s is within the maximum %s", have, lim) };
	const struct trace_alternative *best = NULL;
	for (size_t i = 0; i < r->cost.nalternatives; i++)
		if (r->cost.alternatives[i].per_gb <= max + 1e-9) {
			best = &r->cost.alternatives[i]; /* sorted cheapest first */
			break;
		}
	if (best) {
		char alt[32];
		return (struct rules_verdict){ RULE_FAIL, RULE_TEXT(r,
			"%s via %s exceeds the maximum %s; via %s%s%s it would be %s", have, r->path, lim,
			best->path ? best->path : "another path", best->via ? " " : "",
			best->via ? best->via : "", rules_money(alt, sizeof(alt), best->per_gb)) };
	}
	return (struct rules_verdict){ RULE_FAIL, RULE_TEXT(r,
		"%s via %s exceeds the maximum %s; no other path the topology offers is within it",
		have, r->path, lim) };
}

/* A name whose addresses part ways (F2.17): each outcome is judged on its own, and a
 * rule fails for the name when it fails for any of its addresses (the message says
 * which); it passes when it passes for some and fails for none. */
static void rules_merge_splits(struct trace_result *r)
{
	struct trace_compliance *c = &r->compliance;
	/* an n/a keeps the message of an outcome that was judged, when one was */
	const struct trace_compliance *c0 = &r->splits[0].result->compliance;
	for (size_t s = r->nsplits; s-- > 0;)
		if (r->splits[s].result->compliance.judged)
			c0 = &r->splits[s].result->compliance;
	c->nrules = c0->nrules;
	c->rules = arena_alloc(r->arena, (c->nrules ? c->nrules : 1) * sizeof(*c->rules));
	for (size_t i = 0; i < c->nrules; i++) {
		struct trace_rule_result *out = &c->rules[i];
		*out = c0->rules[i];
		out->result = RULE_NA;
		for (size_t s = 0; s < r->nsplits; s++) {
			const struct trace_split *sp = &r->splits[s];
			const struct trace_rule_result *x = &sp->result->compliance.rules[i];
			if (x->result == RULE_FAIL && out->result != RULE_FAIL) {
				out->result = RULE_FAIL;
				out->message = x->message ? arena_printf(r->arena, "for %s%s: %s",
					sp->cidrs[0], sp->ncidrs > 1 ? " and other ranges" : "",
					x->message) : NULL;
			} else if (x->result == RULE_PASS && out->result == RULE_NA) {
				out->result = RULE_PASS;
				out->message = x->message;
			}
		}
		if (out->result == RULE_FAIL && !strcmp(out->severity, "error"))
			c->compliant = false;
	}
	/* the addresses that arrive are judged; when none does, nothing is */
	c->judged = false;
	for (size_t s = 0; s < r->nsplits; s++)
		c->judged = c->judged || r->splits[s].result->compliance.judged;
	c->compliant = c->compliant && c->judged;
}

/* Rules judge the path a flow takes: a flow that does not arrive (unreachable,
 * denied at a policy, ambiguous) has none to judge.  exits-model has the path up to
 * the edge of the model, and that part is judged. */
static bool rules_flow_has_path(const struct trace_result *r)
{
	if (!r->path || !*r->path || strcmp(r->path, "none") == 0)
		return false;
	return r->verdict == TRACE_REACHABLE || r->verdict == TRACE_EXITS_MODEL;
}

const char *rules_compliance_word(const struct trace_compliance *c)
{
	if (!c->evaluated)
		return NULL;
	if (!c->judged)
		return "not evaluated";
	return c->compliant ? "compliant" : "non-compliant";
}

void rules_apply(const struct rules *rs, struct trace_result *r)
{
	struct trace_compliance *c = &r->compliance;
	memset(c, 0, sizeof(*c));
	c->compliant = true;
	if (!rs || rs->none)
		return;
	c->evaluated = true;
	if (r->nsplits) {
		for (size_t s = 0; s < r->nsplits; s++)
			rules_apply(rs, r->splits[s].result);
		rules_merge_splits(r);
		return;
	}

	c->judged = rules_flow_has_path(r);
	c->compliant = c->judged;
	size_t n = 0;
	for (size_t i = 0; i < RULE_COUNT; i++)
		if (rs->e[i].listed && rs->e[i].enabled)
			n++;
	if (n == 0)
		return;
	c->rules = arena_alloc(r->arena, n * sizeof(*c->rules));

	/* every rule gets a result even when nothing is judged: the outcomes of one name
	 * (rules_merge_splits) and check's tallies line the arrays up by index */
	bool judged = c->judged;
	for (size_t i = 0; i < RULE_COUNT; i++) {
		const struct rules_entry *e = &rs->e[i];
		if (!e->listed || !e->enabled)
			continue;
		struct rules_verdict v;
		if (!judged) {
			v = (struct rules_verdict){ RULE_NA, RULE_TEXT(r,
				"not evaluated: the flow is %s, and rules judge the path of a flow that arrives",
				trace_verdict_name(r->verdict)) };
		} else {
			switch ((enum rules_id)i) {
			case RULE_PRIVATE_PATH: v = rules_private_path(r); break;
			case RULE_ENDPOINT_POLICY_SCOPED: v = rules_endpoint_policy(r); break;
			case RULE_RESOURCE_PINNED: v = rules_resource_pinned(r); break;
			case RULE_TLS_ONLY: v = rules_tls_only(r); break;
			case RULE_SAME_REGION: v = rules_same_region(r); break;
			case RULE_SAME_AZ: v = rules_same_az(r); break;
			case RULE_NO_CROSS_AZ_CHARGE: v = rules_cross_az(r); break;
			case RULE_MAX_COST_PER_GB: v = rules_max_cost(r, e->max); break;
			default: v = rules_na(r, "not a built-in rule"); break;
			}
		}
		struct trace_rule_result *out = &c->rules[c->nrules++];
		out->id = rules_builtin_ids[i];  /* static strings: the result may outlive rs */
		out->severity = e->error ? "error" : "warning";
		out->result = v.result;
		out->message = v.message;
		if (v.result == RULE_FAIL && e->error)
			c->compliant = false;
	}
}
