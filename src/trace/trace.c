/* trace.c - the trace of one flow: its context and result, the hop and verdict
 * primitives every stage uses, and trace_run(), which puts the stages in order:
 * source (source.c), filters (filters.c), routing (routing.c), gateways and
 * connections (transit.c), delivery and return legs (deliver.c), authorisation
 * (authorize.c), flows from outside AWS (outside.c).
 *
 * The engine records what happened in a trace_result; it prints nothing (out/ does)
 * and prices nothing (cost/ and rules/ read the finished result).
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "trace-int.h"

/* ---- vocabularies ---------------------------------------------------------------- */

const char *trace_verdict_name(enum trace_verdict v)
{
	static const char *const names[] = { "reachable", "unreachable", "denied", "ambiguous",
					     "exits-model" };
	return (unsigned)v < sizeof(names) / sizeof(names[0]) ? names[v] : "?";
}

bool trace_verdict_parse(const char *s, enum trace_verdict *out)
{
	for (int v = TRACE_REACHABLE; v <= TRACE_EXITS_MODEL; v++)
		if (!strcmp(s, trace_verdict_name((enum trace_verdict)v))) {
			*out = (enum trace_verdict)v;
			return true;
		}
	return false;
}

const char *trace_hop_result_name(enum trace_hop_result r)
{
	static const char *const names[] = { "pass", "allow", "deny", "drop" };
	return (unsigned)r < 4 ? names[r] : "?";
}

const char *loc_str(struct tctx *c, struct topo_loc loc)
{
	if (!loc.line)
		return NULL;
	return memo_loc(c->q->memo, c->a, c->t->file, loc);
}

struct trace_hop *hop_new(struct tctx *c, bool ret, const char *kind, const char *id,
			  enum trace_hop_result result)
{
	struct arena_vec *v = ret ? &c->rhops : &c->hops;
	struct trace_hop *h = arena_vec_push(c->a, v, sizeof(*h));
	h->n = (int)v->len;
	h->kind = kind;
	h->id = id ? arena_strdup(c->a, id) : NULL;
	h->result = result;
	return h;
}

void path_add(struct tctx *c, const char *part)
{
	if (strstr(c->path, part))
		return;
	size_t n = strlen(c->path), len = strlen(part);
	if (n + 1 + len >= sizeof(c->path))
		return;  /* the vocabulary's longest path is far shorter */
	if (n)
		c->path[n++] = '+';
	memcpy(c->path + n, part, len + 1);
}

void finish_verdict(struct tctx *c, enum trace_verdict v, const char *code, bool ret,
		    struct trace_hop *h)
{
	c->finished = true;
	c->r->verdict = v;
	c->r->has_reason = true;
	c->r->reason_code = code;
	c->r->reason_leg = ret ? "return" : "forward";
	c->r->reason_hop = h ? h->n : 0;
	if (h)
		h->deciding = true;
}

void finish_message(struct tctx *c, struct trace_hop *h, const char *fmt, ...)
{
	char msg[768];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	str_trim_utf8(msg);
	c->r->reason_message = arena_strdup(c->a, msg);
	if (h && !h->hint)
		h->hint = c->r->reason_message;
}

void add_warning(struct tctx *c, const char *code, const char *where, const char *fmt, ...)
{
	char msg[768];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	str_trim_utf8(msg);
	/* warnings are few: grow the result's array by one */
	static const size_t elem = sizeof(struct trace_warning);
	struct trace_warning *arr = arena_alloc(c->a, (c->r->nwarnings + 1) * elem);
	if (c->r->nwarnings)
		memcpy(arr, c->r->warnings, c->r->nwarnings * elem);
	arr[c->r->nwarnings].code = code;
	arr[c->r->nwarnings].message = arena_strdup(c->a, msg);
	arr[c->r->nwarnings].where = where;
	c->r->warnings = arr;
	c->r->nwarnings++;
}

void ctx_set(struct tctx *c, const char *key, const char *value)
{
	struct trace_kv *kv = c->ctx.items;
	/* the engine's keys are literals: the same pointer is the same key, and keys of
	 * different lengths differ (F7.8: names compare case-insensitively) */
	size_t klen = strlen(key);
	for (size_t i = 0; i < c->ctx.len; i++)
		if (kv[i].key == key || (strlen(kv[i].key) == klen && str_ieq(kv[i].key, key))) {
			kv[i].value = value;
			return;
		}
	struct trace_kv *n = arena_vec_push(c->a, &c->ctx, sizeof(*n));
	n->key = key;
	n->value = value;
}

const char *addr_str(struct tctx *c, const struct net_addr *a)
{
	char buf[NET_ADDRSTRLEN];
	return arena_strdup(c->a, net_addr_str(a, buf));
}

const char *proto_str(struct tctx *c, int proto)
{
	char buf[16];
	return arena_strdup(c->a, filter_protocol_name(proto, buf, sizeof(buf)));
}

/* ---- alternatives for the cost estimate ---------------------------------------- */

static void add_alternative(struct tctx *c, const char *path, const char *via, bool cross_az)
{
	if (c->r->via_id && !strcmp(c->r->via_id, via))
		return;
	struct trace_alternative *alt = arena_vec_push(c->a, &c->alts, sizeof(*alt));
	alt->path = path;
	alt->via = via;
	alt->cross_az = cross_az;
}

static void collect_alternatives(struct tctx *c)
{
	if (!c->vpc || c->d.service == TOPO_SVC_NONE || !c->d.region)
		return;
	const struct topo_vpc *vpc = c->vpc;
	for (size_t i = 0; i < vpc->nendpoints; i++) {
		const struct topo_endpoint *ep = &vpc->endpoints[i];
		if (ep->service != c->d.service || !ep->service_region ||
		    strcmp(ep->service_region, c->d.region) != 0)
			continue;
		if (ep->type == TOPO_EP_GATEWAY) {
			add_alternative(c, "gateway-endpoint", ep->id, false);
		} else {
			bool same_az = false;
			for (size_t k = 0; k < ep->nips; k++) {
				const struct topo_subnet *s = ep->ips[k].subnet.ptr;
				if (s && s->az && c->subnet->az && !strcmp(s->az, c->subnet->az))
					same_az = true;
			}
			add_alternative(c, "interface-endpoint", ep->id, !same_az);
		}
	}
	for (size_t i = 0; i < vpc->nnat_gateways; i++) {
		const struct topo_nat_gateway *n = &vpc->nat_gateways[i];
		if (!n->is_public || !n->subnet)
			continue;
		bool cross = n->subnet->az && c->subnet->az && strcmp(n->subnet->az, c->subnet->az);
		add_alternative(c, "nat-gateway", n->id, cross);
	}
	if (vpc->internet_gateway && c->inst && c->inst->has_public_ip)
		add_alternative(c, "internet-gateway", vpc->internet_gateway->id, false);
	c->r->path_alternatives = c->alts.items;
	c->r->npath_alternatives = c->alts.len;
}

struct trace_result *trace_run(const struct topology *t, const struct trace_query *q,
			       struct diag_list *diags)
{
	struct arena *a = arena_new();
	struct trace_result *r = arena_alloc(a, sizeof(*r));
	r->arena = a;
	struct tctx c;
	memset(&c, 0, sizeof(c));
	c.t = t;
	c.q = q;
	c.r = r;
	c.a = a;
	c.proto = q->protocol;
	c.brief = q->brief;
	r->brief = q->brief;
	/* most paths take a dozen hops: no copying while they grow */
	arena_vec_reserve(a, &c.hops, 16, sizeof(struct trace_hop));
	arena_vec_reserve(a, &c.ctx, 12, sizeof(struct trace_kv));
	r->verdict = TRACE_REACHABLE;
	r->stays_on_aws_network = true;

	char err[512];
	if (!memo_dest_parse(q->memo, t, q->to, q->host, a, &c.d, err, sizeof(err))) {
		diag_add(diags, DIAG_ERROR, NULL, 0, 0, NULL, "--to: %s", err);
		trace_result_free(r);
		return NULL;
	}
	c.port = q->port >= 0 ? (unsigned)q->port : c.d.port >= 0 ? (unsigned)c.d.port : 443;
	if (c.proto != TOPO_PROTO_TCP && c.proto != TOPO_PROTO_UDP)
		c.port = 0;
	if (!resolve_source(&c, diags)) {
		trace_result_free(r);
		return NULL;
	}
	c.action = q->action ? q->action : c.d.service != TOPO_SVC_NONE ? default_action(&c.d) : NULL;
	c.principal = q->principal ? q->principal : c.inst ? c.inst->role : NULL;

	r->q_from = q->from;
	r->q_to = q->to;
	r->q_protocol = proto_str(&c, c.proto);
	r->q_port = c.proto == TOPO_PROTO_TCP || c.proto == TOPO_PROTO_UDP ? (int)c.port : -1;
	r->q_action = c.action;
	r->q_principal = c.principal;
	r->src_ip = c.src_ip.family ? addr_str(&c, &c.src_ip) : NULL;
	if (c.subnet) {
		r->src_subnet = c.subnet->id;
		r->src_vpc = c.vpc->id;
		r->src_az = c.subnet->az;
		r->src_region = c.vpc->region;
		r->src_az_id = topo_subnet_az_id(t, c.subnet);
	}
	r->dst_host = c.d.host;
	r->dst_service = c.d.service != TOPO_SVC_NONE && c.d.service != TOPO_SVC_OTHER ?
			 topo_service_name(c.d.service) : NULL;
	r->dst_region = c.d.service != TOPO_SVC_NONE ? c.d.region : NULL;
	r->dst_resource = dest_resource_arn(t, &c.d, c.action, a);
	r->dst_zone_id = c.d.service == TOPO_SVC_S3EXPRESS ? c.d.zone_id : NULL;
	if (c.d.service == TOPO_SVC_S3EXPRESS && c.d.zone_id && r->src_az_id &&
	    strcmp(c.d.zone_id, r->src_az_id) != 0)
		/* F4.5: one-zone storage is meant to sit beside its compute */
		warn(&c, "s3express-cross-az", NULL, "directory bucket %s is in %s but %s runs in %s (%s): "
		     "every request crosses AZs, adding latency and possibly inter-AZ transfer cost "
		     "(facts section 9, item 1)", c.d.name, c.d.zone_id, r->src_id, r->src_az_id,
		     r->src_az ? r->src_az : "?");
	else if (c.d.service == TOPO_SVC_S3EXPRESS && c.d.zone_id && c.subnet && !r->src_az_id)
		warn(&c, "s3express-az-unknown", loc_str(&c, c.subnet->loc), "subnet %s has no az_id "
		     "(and availability_zones does not map %s), so the same-AZ check for %s cannot "
		     "be made", c.subnet->id, c.subnet->az ? c.subnet->az : "its AZ", c.d.name);
	if (c.d.service == TOPO_SVC_S3 && !c.d.key && c.action && r->dst_resource &&
	    str_has_suffix(r->dst_resource, "/*"))
		warn(&c, "no-object-key", NULL, "no object key given: policies were evaluated for %s; "
		     "statements about narrower key prefixes may decide otherwise for a real key",
		     r->dst_resource);

	if (!c.subnet) {
		trace_from_outside(&c);
		goto out;
	}

	struct trace_hop *h = hop_new(&c, false, "instance", r->src_id, HOP_PASS);
	if (!c.inst)
		h->kind = "instance";
	h->detail = TEXT(&c, "eni %s in %s (%s)", r->src_ip, c.subnet->id,
				 c.subnet->az ? c.subnet->az : "?");

	if (!resolve_destination(&c, c.vpc, c.subnet->az, false))
		goto out;
	base_context(&c);

	/* the packet leaves the instance */
	if (host_served(&c))
		goto out;
	if (is_vpc_resolver(c.vpc, &c.dst_ip)) {
		/* F6.3: NACLs can't block the Route 53 Resolver; the instance's security
		 * groups still decide what it may send */
		const struct topo_security_group **none = NULL;
		if (!sg_hop(&c, c.sgs, c.nsgs, true, &c.dst_ip, none, 0))
			goto out;
		struct trace_hop *rh = hop_new(&c, false, "service", r->dst_ip, HOP_ALLOW);
		rh->detail = "the VPC's Route 53 Resolver (VPC base + 2); network ACLs do not apply (F6.3)";
		path_add(&c, "local");
		goto out;
	}
	{
		const struct topo_security_group **peer_sgs = NULL;
		size_t npeer = 0;
		struct eni dst_eni;
		if (find_eni(&c, c.vpc, &c.dst_ip, &dst_eni)) {
			peer_sgs = dst_eni.sgs;
			npeer = dst_eni.nsgs;
		}
		if (!sg_hop(&c, c.sgs, c.nsgs, true, &c.dst_ip, peer_sgs, npeer))
			goto out;
		const struct topo_subnet *ds = topo_vpc_subnet_for_addr(c.vpc, &c.dst_ip);
		if (ds != c.subnet &&
		    !nacl_hop(&c, false, c.subnet->network_acl, true, &c.dst_ip, one_port(c.port),
			      TEXT(&c, "out of %s", c.subnet->id)))
			goto out;
		if (ds == c.subnet) {
			/* same subnet: no router, no NACL (F1.6, F6.3) */
			struct trace_hop *rh = hop_new(&c, false, "route-table", c.subnet->route_table->id,
						       HOP_PASS);
			rh->detail = "same subnet: delivered directly, no route or NACL applies (F1.6)";
			rh->route_destination = "local";
			rh->route_target = "local";
			trace_local(&c, rh);
			goto out;
		}
	}
	trace_route(&c, c.subnet, &c.src_ip, false, NULL);
	if (c.finished)
		goto out;
	/* the response's way back into the source subnet */
	if (!strstr(c.path, "local"))
		return_into_source(&c, &c.dst_ip);

out:
	if (!c.path[0])
		strcpy(c.path, "none");
	r->path = arena_strdup(a, c.path);
	for (size_t i = 0; i < q->ncontext; i++)
		ctx_set(&c, q->context[i].key, q->context[i].value);
	r->hops = c.hops.items;
	r->nhops = c.hops.len;
	r->return_hops = c.rhops.items;
	r->nreturn_hops = c.rhops.len;
	/* drop keys removed with --context KEY= */
	struct trace_kv *kv = c.ctx.items;
	size_t n = 0;
	for (size_t i = 0; i < c.ctx.len; i++)
		if (kv[i].value && *kv[i].value)
			kv[n++] = kv[i];
	r->context = kv;
	r->ncontext = n;
	collect_alternatives(&c);
	/* load warnings about resources on the path */
	for (size_t i = 0; i < t->warnings.len && !c.brief; i++) {
		const struct diag *d = &t->warnings.items[i];
		bool relevant = false;
		for (size_t k = 0; k < r->nhops && !relevant; k++)
			if (r->hops[k].id && strstr(d->message, r->hops[k].id))
				relevant = true;
		if (relevant)
			warn(&c, d->code ? d->code : "load", d->line ? arena_loc(a, d->file,
										   d->line, d->col) : NULL,
			     "%s", d->message);
	}
	return r;
}

void trace_result_free(struct trace_result *r)
{
	if (r)
		arena_free(r->arena);
}
