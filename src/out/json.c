/* json.c - the JSON document of cli.md, built with cJSON (escaping is cJSON's job). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "vpcpath/cost.h"
#include "vpcpath/out.h"
#include "vpcpath/route.h"
#include "vpcpath/rules.h"

static void add_str(cJSON *o, const char *k, const char *v)
{
	if (v)
		cJSON_AddStringToObject(o, k, v);
	else
		cJSON_AddNullToObject(o, k);
}

/* money rounded to 1/10000 of a cent so 0.045 prints as 0.045, not 0.044999… */
static double money(double v)
{
	return round(v * 1e6) / 1e6 + 0.0;  /* + 0.0: never "-0" */
}

static cJSON *hop_json(const struct trace_hop *h)
{
	cJSON *o = cJSON_CreateObject();
	cJSON_AddNumberToObject(o, "n", h->n);
	add_str(o, "kind", h->kind);
	add_str(o, "id", h->id);
	if (h->name)
		add_str(o, "name", h->name);
	if (h->direction)
		add_str(o, "direction", h->direction);
	add_str(o, "result", trace_hop_result_name(h->result));
	if (h->has_rule) {
		if (h->rule == 32767)
			cJSON_AddStringToObject(o, "rule", "*");
		else
			cJSON_AddNumberToObject(o, "rule", (double)h->rule);
	}
	if (h->detail)
		add_str(o, "detail", h->detail);
	if (h->route_target) {
		cJSON *r = cJSON_AddObjectToObject(o, "route");
		add_str(r, "destination", h->route_destination);
		if (h->route_matched)
			add_str(r, "matched", h->route_matched);
		add_str(r, "target", h->route_target);
		if (h->route_target_name)
			add_str(r, "target_name", h->route_target_name);
	}
	if (h->policy_decision) {
		cJSON *p = cJSON_AddObjectToObject(o, "policy");
		add_str(p, "decision", h->policy_decision);
		if (h->policy_statement)
			add_str(p, "statement", h->policy_statement);
		if (h->policy_by)
			add_str(p, "by", h->policy_by);
		if (h->policy_explanation)
			add_str(p, "explanation", h->policy_explanation);
	}
	if (h->deciding) {
		cJSON_AddTrueToObject(o, "deciding");
		if (h->hint)
			add_str(o, "hint", h->hint);
	} else if (h->root_cause) {  /* what to change for the deciding hop's failure */
		cJSON_AddTrueToObject(o, "root_cause");
		if (h->hint)
			add_str(o, "hint", h->hint);
	}
	if (h->where)
		add_str(o, "where", h->where);
	return o;
}

static cJSON *hops_json(const struct trace_hop *hops, size_t n)
{
	cJSON *arr = cJSON_CreateArray();
	for (size_t i = 0; i < n; i++)
		cJSON_AddItemToArray(arr, hop_json(&hops[i]));
	return arr;
}

static void print_doc(FILE *f, cJSON *doc, const struct out_options *o)
{
	/* a trace is a few KiB: one buffer that size spares cJSON's doubling */
	char *s = cJSON_PrintBuffered(doc, 8192, !(o && o->compact));
	if (s) {
		fputs(s, f);
		fputc('\n', f);
		free(s);
	}
	cJSON_Delete(doc);
}

cJSON *out_json_trace_doc(const struct trace_result *r)
{
	cJSON *doc = cJSON_CreateObject();
	cJSON *q = cJSON_AddObjectToObject(doc, "query");
	add_str(q, "from", r->q_from);
	add_str(q, "to", r->q_to);
	add_str(q, "protocol", r->q_protocol);
	if (r->q_port >= 0)
		cJSON_AddNumberToObject(q, "port", r->q_port);
	else
		cJSON_AddNullToObject(q, "port");
	add_str(q, "action", r->q_action);
	add_str(q, "principal", r->q_principal);

	cJSON *s = cJSON_AddObjectToObject(doc, "source");
	add_str(s, "kind", r->src_kind);
	add_str(s, "id", r->src_id);
	if (r->src_name)
		add_str(s, "name", r->src_name);
	add_str(s, "ip", r->src_ip);
	add_str(s, "subnet", r->src_subnet);
	add_str(s, "vpc", r->src_vpc);
	add_str(s, "az", r->src_az);
	add_str(s, "region", r->src_region);

	cJSON *d = cJSON_AddObjectToObject(doc, "destination");
	if (r->dst_kind) {  /* DST named an instance, an on-premises network, the internet */
		add_str(d, "kind", r->dst_kind);
		add_str(d, "id", r->dst_id);
	}
	add_str(d, "host", r->dst_host);
	add_str(d, "ip", r->dst_ip);
	add_str(d, "service", r->dst_service);
	add_str(d, "region", r->dst_region);
	add_str(d, "resource", r->dst_resource);
	if (r->dst_set) {
		/* F2.17: the name stands for every address of this list */
		cJSON *set = cJSON_AddObjectToObject(d, "address_set");
		add_str(set, "prefix_list", r->dst_set);
		cJSON *cidrs = cJSON_AddArrayToObject(set, "cidrs");
		for (size_t i = 0; i < r->ndst_set_cidrs; i++)
			cJSON_AddItemToArray(cidrs, cJSON_CreateString(r->dst_set_cidrs[i]));
	}

	add_str(doc, "verdict", trace_verdict_name(r->verdict));
	add_str(doc, "path", r->path);
	if (r->has_reason) {
		cJSON *re = cJSON_AddObjectToObject(doc, "reason");
		add_str(re, "code", r->reason_code);
		add_str(re, "leg", r->reason_leg);
		if (r->reason_hop)
			cJSON_AddNumberToObject(re, "hop", r->reason_hop);
		else
			cJSON_AddNullToObject(re, "hop");
		add_str(re, "message", r->reason_message);
	} else {
		cJSON_AddNullToObject(doc, "reason");
	}
	cJSON_AddItemToObject(doc, "hops", hops_json(r->hops, r->nhops));
	cJSON_AddItemToObject(doc, "return_hops", hops_json(r->return_hops, r->nreturn_hops));
	cJSON *ctx = cJSON_AddObjectToObject(doc, "context");
	for (size_t i = 0; i < r->ncontext; i++) {
		/* a key with several values (F7.11) is an array of them, in order */
		bool seen = false;
		size_t n = 0;
		for (size_t k = 0; k < r->ncontext; k++)
			if (!strcmp(r->context[k].key, r->context[i].key)) {
				seen = seen || k < i;
				n++;
			}
		if (seen)
			continue;
		if (n == 1) {
			add_str(ctx, r->context[i].key, r->context[i].value);
			continue;
		}
		cJSON *arr = cJSON_AddArrayToObject(ctx, r->context[i].key);
		for (size_t k = i; k < r->ncontext; k++)
			if (!strcmp(r->context[k].key, r->context[i].key))
				cJSON_AddItemToArray(arr, cJSON_CreateString(r->context[k].value));
	}
	/* F5.7's recommended classification */
	cJSON_AddBoolToObject(doc, "via_vpc_endpoint", r->via_vpc_endpoint);
	cJSON_AddBoolToObject(doc, "uses_public_service_endpoint", r->uses_public_service_endpoint);
	cJSON_AddBoolToObject(doc, "stays_on_aws_network", r->stays_on_aws_network);

	if (r->cost.computed) {
		cJSON *c = cJSON_AddObjectToObject(doc, "cost");
		add_str(c, "currency", r->cost.currency ? r->cost.currency : "USD");
		cJSON_AddNumberToObject(c, "per_gb", money(r->cost.per_gb));
		cJSON_AddNumberToObject(c, "fixed_monthly", money(r->cost.fixed_monthly));
		cJSON *items = cJSON_AddArrayToObject(c, "items");
		for (size_t i = 0; i < r->cost.nitems; i++) {
			cJSON *it = cJSON_CreateObject();
			add_str(it, "code", r->cost.items[i].code);
			add_str(it, "what", r->cost.items[i].what);
			cJSON_AddNumberToObject(it, "per_gb", money(r->cost.items[i].per_gb));
			cJSON_AddItemToArray(items, it);
		}
		cJSON *alts = cJSON_AddArrayToObject(c, "alternatives");
		for (size_t i = 0; i < r->cost.nalternatives; i++) {
			cJSON *it = cJSON_CreateObject();
			add_str(it, "path", r->cost.alternatives[i].path);
			add_str(it, "via", r->cost.alternatives[i].via);
			cJSON_AddNumberToObject(it, "per_gb", money(r->cost.alternatives[i].per_gb));
			/* what taking it instead saves (negative: costs more) */
			cJSON_AddNumberToObject(it, "per_gb_saving",
						money(r->cost.per_gb - r->cost.alternatives[i].per_gb));
			if (r->cost.has_gb) {
				cJSON_AddNumberToObject(it, "monthly", money(cost_alternative_monthly(
					&r->cost, &r->cost.alternatives[i])));
				cJSON_AddNumberToObject(it, "monthly_saving", money(cost_alternative_saving(
					&r->cost, &r->cost.alternatives[i])));
			}
			if (r->cost.alternatives[i].note)
				add_str(it, "note", r->cost.alternatives[i].note);
			cJSON_AddItemToArray(alts, it);
		}
		if (r->cost.pricing_region)
			add_str(c, "pricing_region", r->cost.pricing_region);
		/* F8.1: priced (in whole or in part) with another Region's figures */
		cJSON_AddBoolToObject(c, "estimate", r->cost.pricing_fallback || r->cost.nborrowed);
		if (r->cost.nborrowed) {
			cJSON *b = cJSON_AddArrayToObject(c, "borrowed");
			for (size_t i = 0; i < r->cost.nborrowed; i++)
				cJSON_AddItemToArray(b, cJSON_CreateString(r->cost.borrowed[i]));
		}
		if (r->cost.has_gb) {
			cJSON_AddNumberToObject(c, "gb", r->cost.gb);
			cJSON_AddNumberToObject(c, "monthly_total", money(r->cost.monthly_total));
		}
	} else {
		cJSON_AddNullToObject(doc, "cost");
	}
	if (r->compliance.evaluated) {
		cJSON *c = cJSON_AddObjectToObject(doc, "compliance");
		add_str(c, "verdict", rules_compliance_word(&r->compliance));
		cJSON *rules = cJSON_AddArrayToObject(c, "rules");
		for (size_t i = 0; i < r->compliance.nrules; i++) {
			const struct trace_rule_result *rr = &r->compliance.rules[i];
			cJSON *it = cJSON_CreateObject();
			add_str(it, "id", rr->id);
			add_str(it, "severity", rr->severity);
			add_str(it, "result", rr->result == RULE_PASS ? "pass" :
					      rr->result == RULE_FAIL ? "fail" : "n/a");
			add_str(it, "message", rr->message);
			cJSON_AddItemToArray(rules, it);
		}
	} else {
		cJSON_AddNullToObject(doc, "compliance");
	}
	if (r->nsplits) {
		/* one entry per outcome: its addresses and its trace's answer (cli.md split) */
		cJSON_AddNumberToObject(doc, "split_hop", r->split_hop);
		cJSON *split = cJSON_AddArrayToObject(doc, "split");
		static const char *const keep[] = { "verdict", "path", "reason", "hops", "return_hops",
						    "cost", "compliance" };
		for (size_t i = 0; i < r->nsplits; i++) {
			cJSON *it = cJSON_CreateObject();
			cJSON *cidrs = cJSON_AddArrayToObject(it, "cidrs");
			for (size_t k = 0; k < r->splits[i].ncidrs; k++)
				cJSON_AddItemToArray(cidrs, cJSON_CreateString(r->splits[i].cidrs[k]));
			cJSON *sub = out_json_trace_doc(r->splits[i].result);
			add_str(it, "ip", r->splits[i].result->dst_ip);
			for (size_t k = 0; k < sizeof(keep) / sizeof(keep[0]); k++)
				cJSON_AddItemToObject(it, keep[k], cJSON_DetachItemFromObject(sub, keep[k]));
			cJSON_Delete(sub);
			cJSON_AddItemToArray(split, it);
		}
	}
	cJSON *w = cJSON_AddArrayToObject(doc, "warnings");
	for (size_t i = 0; i < r->nwarnings; i++) {
		cJSON *it = cJSON_CreateObject();
		add_str(it, "code", r->warnings[i].code);
		add_str(it, "message", r->warnings[i].message);
		add_str(it, "where", r->warnings[i].where);
		cJSON_AddItemToArray(w, it);
	}
	return doc;
}

static void json_trace(FILE *f, const struct trace_result *r, const struct out_options *o)
{
	print_doc(f, out_json_trace_doc(r), o);
}

static cJSON *diags_json(const struct diag_list *l, enum diag_severity sev)
{
	cJSON *arr = cJSON_CreateArray();
	for (size_t i = 0; l && i < l->len; i++) {
		const struct diag *d = &l->items[i];
		if (d->severity != sev)
			continue;
		cJSON *o = cJSON_CreateObject();
		add_str(o, "file", d->file);
		cJSON_AddNumberToObject(o, "line", d->line);
		cJSON_AddNumberToObject(o, "column", d->col);
		if (d->code)
			add_str(o, "code", d->code);
		add_str(o, "message", d->message);
		cJSON_AddItemToArray(arr, o);
	}
	return arr;
}

static void json_validate(FILE *f, const char *file, bool valid, const struct diag_list *errors,
			  const struct diag_list *warnings, const struct out_options *o)
{
	(void)o;
	cJSON *doc = cJSON_CreateObject();
	add_str(doc, "file", file);
	cJSON_AddBoolToObject(doc, "valid", valid);
	cJSON_AddItemToObject(doc, "errors", diags_json(errors, DIAG_ERROR));
	cJSON *w = diags_json(warnings, DIAG_WARNING);
	if (errors && errors != warnings) {
		cJSON *more = diags_json(errors, DIAG_WARNING);
		cJSON *it;
		while ((it = cJSON_DetachItemFromArray(more, 0)))
			cJSON_AddItemToArray(w, it);
		cJSON_Delete(more);
	}
	cJSON_AddItemToObject(doc, "warnings", w);
	print_doc(f, doc, o);
}

static void json_propagated(const struct net_prefix *p, const struct topo_gateway *vgw, void *ctx)
{
	char buf[NET_PREFIXSTRLEN];
	cJSON *ro = cJSON_CreateObject();
	add_str(ro, "destination", net_prefix_str(p, buf));
	add_str(ro, "target", vgw->id);
	add_str(ro, "origin", "propagated");
	add_str(ro, "state", "active");
	cJSON_AddItemToArray(ctx, ro);
}

/* The name of a route's target where outputs show it by name (topo_display), else
 * NULL.  Borrowed from t. */
static const char *target_name_shown(const struct topology *t, const char *id)
{
	enum topo_kind kind = TOPO_NONE;
	const void *obj = id ? topo_find_id(t, id, &kind) : NULL;
	const char *name = obj ? topo_object_name(kind, obj) : NULL;
	return name && topo_display(id, name, NULL) == name ? name : NULL;
}

static void json_routes(FILE *f, const struct topology *t, const struct topo_route_table *const *rts,
			size_t n, const struct out_options *o)
{
	(void)o;
	cJSON *doc = cJSON_CreateObject();
	cJSON *arr = cJSON_AddArrayToObject(doc, "route_tables");
	for (size_t i = 0; i < n; i++) {
		const struct topo_route_table *rt = rts[i];
		cJSON *o2 = cJSON_CreateObject();
		add_str(o2, "id", rt->id);
		add_str(o2, "name", rt->name);
		add_str(o2, "vpc", rt->vpc->id);
		cJSON_AddBoolToObject(o2, "main", rt->is_main);
		cJSON *subnets = cJSON_AddArrayToObject(o2, "subnets");
		for (size_t s = 0; s < rt->vpc->nsubnets; s++)
			if (rt->vpc->subnets[s].route_table == rt)
				cJSON_AddItemToArray(subnets, cJSON_CreateString(rt->vpc->subnets[s].id));
		cJSON *routes = cJSON_AddArrayToObject(o2, "routes");
		for (size_t k = 0; k < rt->nroutes; k++) {
			const struct topo_route *r = &rt->routes[k];
			char buf[64];
			cJSON *ro = cJSON_CreateObject();
			add_str(ro, "destination", route_dest_str(r, buf, sizeof(buf)));
			add_str(ro, "target", r->target.text);
			const char *target_name = target_name_shown(t, r->target.text);
			if (target_name)
				add_str(ro, "target_name", target_name);
			add_str(ro, "origin", route_origin_name(r->origin));
			add_str(ro, "state", r->blackhole ? "blackhole" : "active");
			if (r->dest_is_prefix_list && r->dest_pl.ptr) {
				const struct topo_prefix_list *pl = r->dest_pl.ptr;
				cJSON *entries = cJSON_AddArrayToObject(ro, "prefix_list_cidrs");
				for (size_t e = 0; e < pl->cidrs.len; e++) {
					char p[NET_PREFIXSTRLEN];
					cJSON_AddItemToArray(entries, cJSON_CreateString(
						net_prefix_str(&pl->cidrs.items[e], p)));
				}
			}
			cJSON_AddItemToArray(routes, ro);
		}
		route_for_each_propagated(t, rt, json_propagated, routes);
		char *unknown = route_unknown_note(t, rt);
		if (unknown) {
			add_str(o2, "unknown_routes", unknown);
			free(unknown);
		}
		cJSON_AddItemToArray(arr, o2);
	}
	print_doc(f, doc, o);
}

const struct output out_json = { "json", json_trace, json_validate, json_routes };
