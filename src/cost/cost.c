/* cost.c - what a traced flow costs, from the loaded prices (pricing.c) and the facts
 * of a finished trace; see include/vpcpath/cost.h. */
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cost-int.h"
#include "vpcpath/arena.h"
#include "vpcpath/out.h"
#include "vpcpath/util.h"

/* ---------------------------------------------------------------- pricing a path */

/* Sums of decimal prices in binary floating point drift (0.045 + 0.01 is not 0.055);
 * rounding to far below a cent gives the figure a user expects to read back. */
static double cost_round(double x)
{
	return round(x * 1e9) / 1e9;
}

#define COST_MAX_ITEMS 16

struct cost_items {
	struct trace_cost_item item[COST_MAX_ITEMS];
	size_t n;
	double per_gb, fixed_monthly;
};

static void cost_add(struct cost_items *it, const char *code, const char *what, double per_gb)
{
	if (it->n == COST_MAX_ITEMS)
		return;
	it->item[it->n].code = code;
	it->item[it->n].what = what;
	it->item[it->n].per_gb = per_gb;
	it->n++;
	it->per_gb += per_gb;
}

/* true when the '+'-joined path has the component comp */
static bool cost_path_has(const char *path, const char *comp)
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

static bool cost_str_eq(const char *a, const char *b)
{
	return a && b && strcmp(a, b) == 0;
}

/* S3 Express: bytes sent are "upload", bytes read are "retrieval" (§8).  Decided by the
 * action's name; a session (CreateSession, the default action) is priced as a read. */
static bool cost_s3x_is_upload(const char *action)
{
	if (!action)
		return false;
	const char *name = strchr(action, ':');
	name = name ? name + 1 : action;
	static const char *const writes[] = {
		"PutObject", "UploadPart", "UploadPartCopy", "CopyObject", "CompleteMultipartUpload",
	};
	for (size_t i = 0; i < sizeof(writes) / sizeof(writes[0]); i++)
		if (str_ieq(name, writes[i]))
			return true;
	return false;
}

/* The region's figures for one flow, remembering which ones were read: a figure the
 * region borrows from the fallback is named in a warning only when a flow uses it. */
struct cost_ctx {
	const struct cost_pricing *p;
	const struct cost_region *reg;
	bool used[COST_KEY_COUNT];
};

static double cost_fig(struct cost_ctx *x, enum cost_key k)
{
	x->used[k] = true;
	return x->reg->price[k];
}

/* What the bytes cost on their way back to on premises (responses; an upload's bytes go
 * in, and data transfer into AWS is free): VPN data transfer out, or Direct Connect's
 * when the link is known to be Direct Connect (vpcpath-aws(7), F8.1). */
static void cost_onprem(struct cost_ctx *x, const struct trace_result *r, struct cost_items *it)
{
	if (!cost_str_eq(r->src_kind, "on-premises") || !r->onprem_link)
		return;
	if (cost_s3x_is_upload(r->q_action))
		return;
	/* a virtual private gateway with no VPN connection in the topology may be Direct
	 * Connect: priced at the VPN rate, the higher one, and the warning says so */
	cost_add(it, "vpn-transfer-out", "data transfer out to on premises over VPN",
		 cost_fig(x, COST_VPN_OUT_PER_GB));
}

/* The per-GB items of taking `path` (cross_az: the source reaches the NAT/ENI in
 * another AZ) to r's destination, and with_fixed: the hourly charges of its resources
 * (the traced path only; alternatives are compared per GB: they are resources the VPC
 * already has, whose hourly charges are paid whichever path the flow takes). */
static void cost_price_path(struct cost_ctx *x, const struct trace_result *r, const char *path,
			    bool cross_az, bool with_fixed, struct cost_items *it)
{
	const struct cost_pricing *p = x->p;
	double hours = p->hours_per_month;
	memset(it, 0, sizeof(*it));

	if (cost_path_has(path, "gateway-endpoint"))
		/* F2.1: "There is no additional charge for using gateway endpoints" */
		cost_add(it, "gateway-endpoint", "gateway endpoint data (no charge)",
			 cost_fig(x, COST_GWEP_PER_GB));
	if (cost_path_has(path, "interface-endpoint")) {
		/* F3.8: charged per GB processed and per endpoint per AZ-hour */
		cost_add(it, "interface-endpoint-processing", "interface endpoint data processing",
			 cost_fig(x, COST_IFACE_PER_GB));
		if (with_fixed) {
			/* an interface endpoint has at least one ENI, so one AZ-hour at least */
			int azs = r->interface_endpoint_azs > 0 ? r->interface_endpoint_azs : 1;
			it->fixed_monthly += cost_fig(x, COST_IFACE_HOURLY_PER_AZ) * azs * hours;
		}
	}
	if (cost_path_has(path, "nat-gateway")) {
		/* §8: NAT processing is charged "regardless of source or destination", so
		 * also for S3/DynamoDB in the same region (F5.6) */
		cost_add(it, "nat-processing", "NAT gateway data processing", cost_fig(x, COST_NAT_PER_GB));
		if (with_fixed)
			/* a public NAT gateway holds an elastic IP (F5.1), billed hourly */
			it->fixed_monthly += (cost_fig(x, COST_NAT_HOURLY) +
					      cost_fig(x, COST_PUBLIC_IPV4_HOURLY)) * hours;
	}
	if (cost_path_has(path, "internet-gateway") && with_fixed && r->public_ipv4)
		/* the instance's own public IPv4 address; the IGW itself is free */
		it->fixed_monthly += cost_fig(x, COST_PUBLIC_IPV4_HOURLY) * hours;
	if (cost_path_has(path, "transit-gateway")) {
		cost_add(it, "transit-gateway-processing", "transit gateway data processing",
			 cost_fig(x, COST_TGW_PER_GB));
		if (with_fixed)
			/* the flow enters through one attachment and leaves through another,
			 * each billed per attachment-hour (aws-facts, prices: $0.05) */
			it->fixed_monthly += 2 * cost_fig(x, COST_TGW_ATTACHMENT_HOURLY) * hours;
	}

	/* to the internet (no AWS service at the other end): data transfer out.  S3 and
	 * DynamoDB through an IGW stay on the AWS network and their transfer from EC2 in
	 * the same region is free (§8, F5.2). */
	bool leaves = cost_path_has(path, "nat-gateway") || cost_path_has(path, "internet-gateway") ||
		      cost_path_has(path, "egress-only-internet-gateway");
	if (leaves && !r->dst_service && !cost_str_eq(r->src_kind, "internet"))
		cost_add(it, "internet-egress", "data transfer out to the internet",
			 cost_fig(x, COST_INTERNET_EGRESS_PER_GB));

	if (cross_az) {
		/* F5.6: reaching a NAT gateway or endpoint ENI in another AZ is inter-AZ
		 * transfer; §9 item 4: once per crossing unless configured both-sides */
		if (p->inter_az_both_sides)
			cost_add(it, "inter-az", "inter-AZ data transfer (both sides billed)",
				 2 * cost_fig(x, COST_INTER_AZ_PER_GB));
		else
			cost_add(it, "inter-az", "inter-AZ data transfer", cost_fig(x, COST_INTER_AZ_PER_GB));
	}
	/* priced at the source's Region: "we charge for data transfer only based on the
	 * source Region" (AWS global network FAQ) */
	if (r->src_region && r->dst_region && strcmp(r->src_region, r->dst_region) != 0)
		cost_add(it, "inter-region", "inter-region data transfer",
			 cost_fig(x, COST_INTER_REGION_PER_GB));

	if (cost_str_eq(r->dst_service, "s3express")) {
		/* §8 and §9 item 1: whether the fee applies below 512 KB per request is not
		 * settled; vpcpath charges it on every byte (the FAQ's worked example) */
		if (cost_s3x_is_upload(r->q_action))
			cost_add(it, "s3express-transfer", "S3 Express One Zone data upload",
				 cost_fig(x, COST_S3X_UPLOAD_PER_GB));
		else
			cost_add(it, "s3express-transfer", "S3 Express One Zone data retrieval",
				 cost_fig(x, COST_S3X_RETRIEVAL_PER_GB));
	}
	cost_onprem(x, r, it);
	it->per_gb = cost_round(it->per_gb);
	it->fixed_monthly = cost_round(it->fixed_monthly);
}

static void cost_warn(struct trace_result *r, const char *code, const char *message)
{
	struct trace_warning *w = arena_alloc(r->arena, (r->nwarnings + 1) * sizeof(*w));
	if (r->nwarnings)
		memcpy(w, r->warnings, r->nwarnings * sizeof(*w));
	w[r->nwarnings].code = arena_strdup(r->arena, code);
	w[r->nwarnings].message = arena_strdup(r->arena, message);
	w[r->nwarnings].where = NULL;
	r->warnings = w;
	r->nwarnings++;
}

/* The prices for the source's region, or the fallback's with a warning saying so
 * (F8.1: never another Region's figures silently). */
static const struct cost_region *cost_region_for(const struct cost_pricing *p,
						 struct trace_result *r)
{
	const struct cost_region *reg = cost_find_region(p, r->src_region);
	if (reg)
		return reg;
	const struct cost_region *fb = cost_find_region(p, p->fallback);
	if (!fb)
		fb = &p->regions[0];
	r->cost.pricing_fallback = true;
	if (r->brief)
		return fb;
	char *msg;
	if (r->src_region)
		msg = arena_printf(r->arena, "%s has no prices for region %s; the cost is an estimate "
				   "with %s prices (F8.1)", cost_file_name(p), r->src_region, fb->name);
	else
		msg = arena_printf(r->arena, "the source's region is not known; the cost is an "
				   "estimate with %s prices (F8.1)", fb->name);
	cost_warn(r, "pricing-region", msg);
	return fb;
}

/* The figures this flow used that its region does not give (taken from the fallback):
 * recorded in the cost and named in one warning. */
static void cost_note_borrowed(struct cost_ctx *x, struct trace_result *r)
{
	struct trace_cost *c = &r->cost;
	size_t n = 0;
	for (size_t k = 0; k < COST_KEY_COUNT; k++)
		n += x->used[k] && !x->reg->set[k];
	if (!n)
		return;
	c->borrowed = arena_alloc(r->arena, n * sizeof(*c->borrowed));
	char *list = NULL;
	for (size_t k = 0; k < COST_KEY_COUNT; k++) {
		if (!x->used[k] || x->reg->set[k])
			continue;
		c->borrowed[c->nborrowed++] = cost_key_names[k];  /* a literal */
		if (!r->brief)
			list = list ? arena_concat(r->arena, list, ", ", cost_key_names[k], NULL) :
				      arena_strdup(r->arena, cost_key_names[k]);
	}
	if (r->brief)
		return;
	cost_warn(r, "pricing-region", arena_printf(r->arena, "%s gives no %s for region %s; the "
		  "cost is an estimate with %s's figure%s (F8.1)", cost_file_name(x->p), list, x->reg->name,
		  x->p->fallback, n > 1 ? "s" : ""));
}

/* With the link to on premises not known to be VPN: the VPN rate is an upper bound. */
static void cost_onprem_warning(struct cost_ctx *x, struct trace_result *r)
{
	if (r->brief || !cost_str_eq(r->onprem_link, "vpn-or-direct-connect") || !r->cost.computed)
		return;
	bool charged = false;
	for (size_t i = 0; i < r->cost.nitems; i++)
		charged = charged || !strcmp(r->cost.items[i].code, "vpn-transfer-out");
	if (!charged)
		return;
	char vpn[32], dx[32];
	out_money(x->reg->price[COST_VPN_OUT_PER_GB], vpn, sizeof(vpn));
	out_money(x->reg->price[COST_DX_OUT_PER_GB], dx, sizeof(dx));
	cost_warn(r, "onprem-link", arena_printf(r->arena, "%s reaches AWS through a virtual "
		  "private gateway with no VPN connection in the topology: it may be Direct Connect; "
		  "data sent back is priced at the VPN rate %s/GB (over Direct Connect %s/GB)",
		  r->src_id ? r->src_id : "the network", vpn, dx));
}

/* The monthly figures of a cost already priced per GB, for gb GB a month. */
/* moves: the flow arrives, so its volume moves and is charged; a denied request's
 * path is priced per GB, but the data it asks for never moves */
bool cost_verdict_moves(enum trace_verdict v)
{
	return v == TRACE_REACHABLE || v == TRACE_EXITS_MODEL;
}

static void cost_volume(struct trace_cost *c, double gb, bool moves)
{
	c->has_gb = false;
	c->gb = 0;
	c->monthly_total = 0;
	/* NaN compares false: only a real, non-negative volume counts */
	if (!c->computed || !moves || !(gb >= 0) || !isfinite(gb))
		return;
	c->has_gb = true;
	c->gb = gb;
	c->monthly_total = cost_round(c->per_gb * gb + c->fixed_monthly);
}

void cost_set_volume(struct trace_result *r, double gb)
{
	if (!r)
		return;
	for (size_t s = 0; s < r->nsplits; s++)
		cost_set_volume(r->splits[s].result, gb);
	cost_volume(&r->cost, gb, cost_verdict_moves(r->verdict));
}

double cost_alternative_monthly(const struct trace_cost *c, const struct trace_alternative *a)
{
	return c->has_gb ? cost_round(a->per_gb * c->gb) : 0;
}

double cost_alternative_saving(const struct trace_cost *c, const struct trace_alternative *a)
{
	return c->has_gb ? cost_round((c->per_gb - a->per_gb) * c->gb) : 0;
}

void cost_apply(const struct cost_pricing *p, struct trace_result *r, double gb)
{
	struct trace_cost *c = &r->cost;
	memset(c, 0, sizeof(*c));
	if (!p)
		return;
	/* a name whose addresses part ways (F2.17): each outcome has its own cost; the
	 * name's, ambiguous, has none */
	for (size_t s = 0; s < r->nsplits; s++)
		cost_apply(p, r->splits[s].result, gb);
	c->currency = arena_strdup(r->arena, p->currency);

	bool has_path = r->path && *r->path && strcmp(r->path, "none") != 0;
	/* exits-model through a NAT or internet gateway: what the flow crosses before it
	 * leaves the model (the NAT's processing, the transfer out to the internet) is
	 * charged for certain, so it is priced that far; one that leaves through a VPN,
	 * a peering or an appliance has charges beyond that no file gives: not priced */
	bool internet_exit = r->verdict == TRACE_EXITS_MODEL &&
			     (cost_path_has(r->path, "nat-gateway") ||
			      cost_path_has(r->path, "internet-gateway") ||
			      cost_path_has(r->path, "egress-only-internet-gateway"));
	bool priced_verdict = r->verdict == TRACE_REACHABLE || r->verdict == TRACE_DENIED ||
			      internet_exit;
	bool computed = has_path && priced_verdict;
	if (!computed && r->npath_alternatives == 0)
		return;

	struct cost_ctx x = { .p = p };
	x.reg = cost_region_for(p, r);
	/* a brief trace is never rendered: no copy per all_pairs cell */
	c->pricing_region = r->brief ? NULL : arena_strdup(r->arena, x.reg->name);
	struct cost_items it;

	if (computed) {
		cost_price_path(&x, r, r->path, r->cross_az, true, &it);
		c->computed = true;
		c->per_gb = it.per_gb;
		c->fixed_monthly = it.fixed_monthly;
		c->nitems = it.n;
		c->items = arena_alloc(r->arena, (it.n ? it.n : 1) * sizeof(*c->items));
		for (size_t i = 0; i < it.n; i++)  /* codes and labels are literals */
			c->items[i] = (struct trace_cost_item){ it.item[i].code, it.item[i].what,
								it.item[i].per_gb };
		cost_volume(c, gb, cost_verdict_moves(r->verdict));
	}

	/* the alternatives only make messages ("via X it would cost …"), which a brief
	 * trace has none of */
	size_t n = r->npath_alternatives;
	if (n > 0 && !r->brief) {
		struct trace_alternative *alts = arena_alloc(r->arena, n * sizeof(*alts));
		for (size_t i = 0; i < n; i++) {
			const struct trace_alternative *src = &r->path_alternatives[i];
			struct trace_alternative a = *src;
			a.path = src->path ? arena_strdup(r->arena, src->path) : NULL;
			a.via = src->via ? arena_strdup(r->arena, src->via) : NULL;
			a.note = src->note ? arena_strdup(r->arena, src->note) : NULL;
			cost_price_path(&x, r, a.path, a.cross_az, false, &it);
			a.per_gb = it.per_gb;
			r->path_alternatives[i].per_gb = it.per_gb;
			/* insertion sort: stable, so equal prices keep the trace's order */
			size_t j = i;
			while (j > 0 && alts[j - 1].per_gb > a.per_gb) {
				alts[j] = alts[j - 1];
				j--;
			}
			alts[j] = a;
		}
		c->alternatives = alts;
		c->nalternatives = n;
	}
	if (!c->pricing_fallback)
		cost_note_borrowed(&x, r);
	cost_onprem_warning(&x, r);
}
