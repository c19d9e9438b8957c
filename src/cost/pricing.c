/* pricing.c - the pricing file: figures per Region, each a number or { price, source,
 * date, note }, the fallback Region that gives every figure, and the located errors of
 * a file that is not one (see include/vpcpath/cost.h). */
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cost-int.h"
#include "vpcpath/arena.h"
#include "vpcpath/awsdata.h"
#include "vpcpath/util.h"
#include "vpcpath/yamlread.h"

const char *const cost_key_names[COST_KEY_COUNT] = {
	[COST_NAT_PER_GB] = "nat_gateway_per_gb",
	[COST_NAT_HOURLY] = "nat_gateway_hourly",
	[COST_PUBLIC_IPV4_HOURLY] = "public_ipv4_hourly",
	[COST_IFACE_PER_GB] = "interface_endpoint_per_gb",
	[COST_IFACE_HOURLY_PER_AZ] = "interface_endpoint_hourly_per_az",
	[COST_GWEP_PER_GB] = "gateway_endpoint_per_gb",
	[COST_INTER_AZ_PER_GB] = "inter_az_per_gb",
	[COST_INTER_REGION_PER_GB] = "inter_region_per_gb",
	[COST_INTERNET_EGRESS_PER_GB] = "internet_egress_per_gb",
	[COST_TGW_PER_GB] = "transit_gateway_per_gb",
	[COST_TGW_ATTACHMENT_HOURLY] = "transit_gateway_attachment_hourly",
	[COST_S3X_UPLOAD_PER_GB] = "s3express_upload_per_gb",
	[COST_S3X_RETRIEVAL_PER_GB] = "s3express_retrieval_per_gb",
	[COST_VPN_OUT_PER_GB] = "vpn_transfer_out_per_gb",
	[COST_DX_OUT_PER_GB] = "direct_connect_transfer_out_per_gb",
};

/* A figure written as a mapping: the price and where it comes from. */
static const char *const cost_figure_keys[] = { "price", "source", "date", "note" };
#define COST_NFIGURE (sizeof(cost_figure_keys) / sizeof(cost_figure_keys[0]))

static const char *const cost_top_keys[] = {
	"version", "currency", "hours_per_month", "inter_az_billing", "fallback_region", "regions",
};
#define COST_NTOP (sizeof(cost_top_keys) / sizeof(cost_top_keys[0]))

/* ---------------------------------------------------------------- loading */

struct cost_loader {
	const char *file;
	struct diag_list *diags;
	bool failed;
};

static void cost_err(struct cost_loader *ld, const struct yamlread_node *at, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void cost_err(struct cost_loader *ld, const struct yamlread_node *at, const char *fmt, ...)
{
	char msg[1024];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	diag_add(ld->diags, DIAG_ERROR, ld->file, at ? at->line : 0, at ? at->col : 0, NULL, "%s", msg);
	ld->failed = true;
}

static void cost_unknown_key(struct cost_loader *ld, const struct yamlread_node *key,
			     const char *where, const char *const *known, size_t nknown)
{
	const char *hint = yamlread_suggest(key->scalar, known, nknown);
	if (hint)
		cost_err(ld, key, "unknown key '%s' in %s (did you mean '%s'?)", key->scalar, where, hint);
	else
		cost_err(ld, key, "unknown key '%s' in %s", key->scalar, where);
}

/* "1e400", ".inf", "nan": written as a number, but none a price can be */
static bool cost_not_finite(const char *s)
{
	static const char *const words[] = { ".inf", "+.inf", "-.inf", ".nan", "inf", "+inf",
					     "-inf", "nan", "infinity", "-infinity" };
	for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++)
		if (!strcasecmp(s, words[i]))
			return true;
	if (!*s || strspn(s, "0123456789+-.eE") != strlen(s))
		return false;
	char *end = NULL;
	errno = 0;
	double v = strtod(s, &end);
	return *end == '\0' && (!isfinite(v) || (errno == ERANGE && fabs(v) > 1));
}

static void cost_number(struct cost_loader *ld, const struct yamlread_node *v, const char *key,
			double *out)
{
	double d;
	if (yamlread_number(v, &d) && d >= 0 && d <= COST_PRICE_MAX)
		*out = d;
	else if (yamlread_number(v, &d) && d < 0)
		cost_err(ld, v, "%s: a price cannot be negative (found %s)", key, v->scalar);
	else if (yamlread_number(v, &d))
		/* no AWS figure per GB or per hour comes near it; a typo (0.045 written
		 * 45000) would make every monthly figure nonsense */
		cost_err(ld, v, "%s: a price above $%.0f (per GB or per hour) is not an AWS price "
			 "(found %s)", key, COST_PRICE_MAX, v->scalar);
	else if (v->kind == YAMLREAD_SCALAR && !yamlread_is_null(v) && cost_not_finite(v->scalar))
		cost_err(ld, v, "%s: %s is not a finite number (a price is at most $%.0f)", key,
			 v->scalar, COST_PRICE_MAX);
	else if (v->kind == YAMLREAD_SCALAR && !yamlread_is_null(v))
		cost_err(ld, v, "%s: expected a price in USD (a number such as 0.045), found '%s'",
			 key, v->scalar);
	else
		cost_err(ld, v, "%s: expected a price in USD (a number such as 0.045), found %s",
			 key, yamlread_kind_name(v));
}

/* YYYY-MM-DD, the date a figure was read */
static bool cost_is_date(const char *s)
{
	if (strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return false;
	for (int i = 0; i < 10; i++)
		if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
			return false;
	int month = (s[5] - '0') * 10 + (s[6] - '0'), day = (s[8] - '0') * 10 + (s[9] - '0');
	return month >= 1 && month <= 12 && day >= 1 && day <= 31;
}

/* A figure: a number, or { price: N, source: URL, date: YYYY-MM-DD, note: TEXT } (the
 * shipped file gives every figure its source and date; a user's copy may be bare). */
static void cost_price(struct cost_loader *ld, const struct yamlread_node *v, const char *key,
		       double *out)
{
	if (v->kind != YAMLREAD_MAPPING) {
		cost_number(ld, v, key, out);
		return;
	}
	const struct yamlread_node *price = NULL;
	for (size_t i = 0; i < v->npairs; i++) {
		const struct yamlread_node *k = v->pairs[i].key, *x = v->pairs[i].value;
		char where[160];
		snprintf(where, sizeof(where), "%s", key);
		if (!strcmp(k->scalar, "price")) {
			price = x;
		} else if (!strcmp(k->scalar, "source") || !strcmp(k->scalar, "note")) {
			if (x->kind != YAMLREAD_SCALAR || !*x->scalar || yamlread_is_null(x))
				cost_err(ld, x, "%s.%s: expected text (%s)", key, k->scalar,
					 !strcmp(k->scalar, "source") ? "the URL the figure was read on" :
					 "a remark");
		} else if (!strcmp(k->scalar, "date")) {
			if (x->kind != YAMLREAD_SCALAR || !cost_is_date(x->scalar))
				cost_err(ld, x, "%s.date: expected the date the figure was read, as "
					 "YYYY-MM-DD", key);
		} else {
			cost_unknown_key(ld, k, where, cost_figure_keys, COST_NFIGURE);
		}
	}
	if (!price)
		cost_err(ld, v, "%s: a figure written as a mapping needs 'price:'", key);
	else
		cost_number(ld, price, key, out);
}

static void cost_load_region(struct cost_loader *ld, struct cost_pricing *p,
			     const struct yamlread_pair *pair)
{
	const struct yamlread_node *name = pair->key, *map = pair->value;
	if (!*name->scalar) {
		cost_err(ld, name, "a region name is empty");
		return;
	}
	if (!aws_region_known(name->scalar)) {
		/* a warning, not an error: a region newer than the built-in data is real */
		const char *hint = yamlread_suggest(name->scalar, aws_regions, aws_regions_count);
		diag_add(ld->diags, DIAG_WARNING, ld->file, name->line, name->col, "pricing-region",
			 "'%s' is not a region in vpcpath's built-in data%s%s%s", name->scalar,
			 hint ? " (did you mean '" : "", hint ? hint : "", hint ? "'?)" : "");
	}
	if (map->kind != YAMLREAD_MAPPING) {
		cost_err(ld, map, "region %s: expected a mapping of prices, found %s", name->scalar,
			 yamlread_kind_name(map));
		return;
	}
	struct cost_region *r = &p->regions[p->nregions++];
	r->name = xstrdup(name->scalar);
	r->line = name->line;
	r->col = name->col;
	for (size_t i = 0; i < map->npairs; i++) {
		const struct yamlread_node *k = map->pairs[i].key;
		size_t j;
		for (j = 0; j < COST_KEY_COUNT; j++)
			if (strcmp(k->scalar, cost_key_names[j]) == 0)
				break;
		if (j == COST_KEY_COUNT) {
			char where[160];
			snprintf(where, sizeof(where), "region %s", name->scalar);
			cost_unknown_key(ld, k, where, cost_key_names, COST_KEY_COUNT);
			continue;
		}
		/* a bad value is reported here; it is not also reported as missing */
		cost_price(ld, map->pairs[i].value, cost_key_names[j], &r->price[j]);
		r->set[j] = true;
	}
}

/* F8.1: the fallback region (us-east-1 unless fallback_region: says) sets every figure;
 * another region may leave figures out, and they are the fallback's, with a warning
 * whenever a flow's cost uses one. */
static void cost_fill_from_fallback(struct cost_loader *ld, struct cost_pricing *p)
{
	const struct cost_region *fb = cost_find_region(p, p->fallback);
	if (!fb) {
		if (p->fallback_line)
			diag_add(ld->diags, DIAG_ERROR, ld->file, p->fallback_line, p->fallback_col,
				 NULL, "fallback_region: %s is not one of the regions listed", p->fallback);
		else if (p->nregions) {
			/* no us-east-1: the first region listed stands in */
			free(p->fallback);
			p->fallback = xstrdup(p->regions[0].name);
			fb = &p->regions[0];
		}
		if (!fb) {
			ld->failed = true;
			return;
		}
	}
	char missing[COST_KEY_COUNT * 40] = "";
	size_t nmissing = 0;
	for (size_t j = 0; j < COST_KEY_COUNT; j++) {
		if (fb->set[j])
			continue;
		size_t used = strlen(missing);
		snprintf(missing + used, sizeof(missing) - used, "%s%s", nmissing ? ", " : "",
			 cost_key_names[j]);
		nmissing++;
	}
	if (nmissing) {
		/* a copy of an earlier release's file lacks only the on-premises figures */
		bool onprem_only = nmissing <= 2 && !fb->set[COST_VPN_OUT_PER_GB] &&
				   (nmissing == 1 || !fb->set[COST_DX_OUT_PER_GB]);
		diag_add(ld->diags, DIAG_ERROR, ld->file, fb->line, fb->col, NULL,
			 "region %s does not set %s (the fallback region, which other regions borrow "
			 "figures from, sets every price)%s", fb->name, missing, onprem_only ?
			 "; the on-premises transfer prices are new: copy them from the pricing.yaml "
			 "vpcpath installs" : "");
		ld->failed = true;
		return;
	}
	for (size_t i = 0; i < p->nregions; i++)
		for (size_t j = 0; j < COST_KEY_COUNT; j++)
			if (!p->regions[i].set[j])
				p->regions[i].price[j] = fb->price[j];
}

static struct cost_pricing *cost_load_doc(struct cost_loader *ld, const struct yamlread_doc *doc)
{
	const struct yamlread_node *root = doc->root;
	if (!root || root->kind != YAMLREAD_MAPPING) {
		cost_err(ld, root, "expected a mapping with 'regions:' at the top, found %s",
			 yamlread_kind_name(root));
		return NULL;
	}
	struct cost_pricing *p = xcalloc(1, sizeof(*p));
	p->file = xstrdup(ld->file);
	p->hours_per_month = 730;
	p->fallback = xstrdup(COST_FALLBACK_REGION);
	const struct yamlread_node *regions = NULL;
	const struct yamlread_node *regions_key = NULL;
	for (size_t i = 0; i < root->npairs; i++) {
		const struct yamlread_node *k = root->pairs[i].key, *v = root->pairs[i].value;
		if (strcmp(k->scalar, "version") == 0) {
			double d;
			if (!yamlread_number(v, &d) || d != 1)
				cost_err(ld, v, "version: only version 1 is understood");
		} else if (strcmp(k->scalar, "currency") == 0) {
			if (v->kind != YAMLREAD_SCALAR || !*v->scalar || yamlread_is_null(v))
				cost_err(ld, v, "currency: expected a currency code such as USD");
			else
				p->currency = xstrdup(v->scalar);
		} else if (strcmp(k->scalar, "hours_per_month") == 0) {
			double d;
			/* a month has 672 to 744 hours; anything far outside is a typo */
			if (!yamlread_number(v, &d) || d <= 0 || d > 744)
				cost_err(ld, v, "hours_per_month: expected a number of hours in (0, 744], such as 730");
			else
				p->hours_per_month = d;
		} else if (strcmp(k->scalar, "inter_az_billing") == 0) {
			if (v->kind == YAMLREAD_SCALAR && strcmp(v->scalar, "one-side") == 0)
				p->inter_az_both_sides = false;
			else if (v->kind == YAMLREAD_SCALAR && strcmp(v->scalar, "both-sides") == 0)
				p->inter_az_both_sides = true;
			else
				cost_err(ld, v, "inter_az_billing: expected one-side or both-sides");
		} else if (strcmp(k->scalar, "fallback_region") == 0) {
			if (v->kind != YAMLREAD_SCALAR || !*v->scalar || yamlread_is_null(v)) {
				cost_err(ld, v, "fallback_region: expected a region name such as us-east-1");
			} else {
				free(p->fallback);
				p->fallback = xstrdup(v->scalar);
				p->fallback_line = v->line;
				p->fallback_col = v->col;
			}
		} else if (strcmp(k->scalar, "regions") == 0) {
			regions = v;
			regions_key = k;
		} else {
			cost_unknown_key(ld, k, "the pricing file", cost_top_keys, COST_NTOP);
		}
	}
	if (!regions) {
		cost_err(ld, root, "no 'regions:' mapping (prices are given per region)");
	} else if (regions->kind != YAMLREAD_MAPPING || regions->npairs == 0) {
		cost_err(ld, regions->kind == YAMLREAD_MAPPING ? regions_key : regions,
			 "regions: expected a mapping of region names to prices, found %s",
			 regions->kind == YAMLREAD_MAPPING ? "an empty mapping" : yamlread_kind_name(regions));
	} else {
		p->regions = xcalloc(regions->npairs, sizeof(*p->regions));
		for (size_t i = 0; i < regions->npairs; i++)
			cost_load_region(ld, p, &regions->pairs[i]);
		cost_fill_from_fallback(ld, p);
	}
	if (!p->currency)
		p->currency = xstrdup("USD");
	if (ld->failed) {
		cost_pricing_free(p);
		return NULL;
	}
	return p;
}

struct cost_pricing *cost_pricing_load_buffer(const char *name, const char *buf, size_t len,
					      struct diag_list *diags)
{
	struct cost_loader ld = { .file = name, .diags = diags };
	struct yamlread_doc *doc = yamlread_buffer(name, buf, len, diags);
	if (!doc)
		return NULL;
	struct cost_pricing *p = cost_load_doc(&ld, doc);
	yamlread_free(doc);
	return p;
}

struct cost_pricing *cost_pricing_load(const char *file, struct diag_list *diags)
{
	struct cost_loader ld = { .file = file, .diags = diags };
	struct yamlread_doc *doc = yamlread_file(file, 0, diags);
	if (!doc)
		return NULL;
	struct cost_pricing *p = cost_load_doc(&ld, doc);
	yamlread_free(doc);
	return p;
}

void cost_pricing_free(struct cost_pricing *p)
{
	if (!p)
		return;
	for (size_t i = 0; i < p->nregions; i++)
		free(p->regions[i].name);
	free(p->regions);
	free(p->fallback);
	free(p->currency);
	free(p->file);
	free(p);
}

double cost_pricing_hours_per_month(const struct cost_pricing *p)
{
	return p ? p->hours_per_month : 730;
}

const struct cost_region *cost_find_region(const struct cost_pricing *p, const char *name)
{
	for (size_t i = 0; name && i < p->nregions; i++)
		if (strcmp(p->regions[i].name, name) == 0)
			return &p->regions[i];
	return NULL;
}

const char *cost_file_name(const struct cost_pricing *p)
{
	const char *slash = strrchr(p->file, '/');
	return slash && slash[1] ? slash + 1 : p->file;
}

bool cost_pricing_lists(const struct cost_pricing *p, const char *region)
{
	return p && cost_find_region(p, region) != NULL;
}

const char *cost_pricing_fallback(const struct cost_pricing *p)
{
	return p ? p->fallback : NULL;
}

const char *cost_pricing_name(const struct cost_pricing *p)
{
	return p ? cost_file_name(p) : NULL;
}
