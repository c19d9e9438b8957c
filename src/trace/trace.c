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
#include "hint.h"

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
	if (c->t->origins)  /* imported: the place in the user's file (topo_where) */
		return topo_where(c->t, loc, c->a);
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

/* Another value for a key (a multi-valued key, F7.11): kept as a second entry. */
void ctx_add(struct tctx *c, const char *key, const char *value)
{
	struct ctx_entry *n = arena_vec_push(c->a, &c->ctx, sizeof(*n));
	n->key = key;
	n->value = value;
	n->klen = strlen(key);
}


bool trace_parse_time(const char *s, long long *epoch)
{
	unsigned y, mo, d, h = 0, mi = 0, sec = 0;
	int n = 0;
	if (!s || sscanf(s, "%4u-%2u-%2u%n", &y, &mo, &d, &n) != 3 || n != 10)
		return false;
	const char *p = s + n;
	if (*p == 'T' || *p == 't') {
		int m = 0;
		if (sscanf(p + 1, "%2u:%2u:%2u%n", &h, &mi, &sec, &m) != 3 || m != 8)
			return false;
		p += 1 + m;
		if (*p == '.')  /* fractions of a second: kept out of the whole seconds */
			for (p++; *p >= '0' && *p <= '9'; p++)
				;
	}
	long long offset = 0;
	if (*p == 'Z' || *p == 'z') {
		p++;
	} else if (*p == '+' || *p == '-') {
		unsigned oh, om;
		int m = 0;
		if (sscanf(p + 1, "%2u:%2u%n", &oh, &om, &m) != 2 || m != 5 || oh > 23 || om > 59)
			return false;
		offset = (long long)(oh * 3600 + om * 60) * (*p == '-' ? -1 : 1);
		p += 1 + m;
	}
	static const unsigned mdays[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	if (*p || y < 1970 || mo < 1 || mo > 12 || d < 1 || d > mdays[mo - 1] || h > 23 ||
	    mi > 59 || sec > 60)
		return false;
	bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	if (mo == 2 && d == 29 && !leap)
		return false;
	*epoch = util_days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + sec - offset;
	return true;
}

void ctx_set(struct tctx *c, const char *key, const char *value)
{
	struct ctx_entry *e = c->ctx.items;
	/* the engine's keys are literals: the same pointer is the same key, and keys of
	 * different lengths differ (F7.8: names compare case-insensitively) */
	size_t klen = strlen(key);
	for (size_t i = 0; i < c->ctx.len; i++)
		if (e[i].key == key || (e[i].klen == klen && str_ieq(e[i].key, key))) {
			e[i].value = value;
			return;
		}
	ctx_add(c, key, value);
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

static struct trace_alternative *add_alternative(struct tctx *c, const char *path,
						  const char *via, bool cross_az)
{
	if (c->r->via_id && !strcmp(c->r->via_id, via))
		return NULL;
	struct trace_alternative *alt = arena_vec_push(c->a, &c->alts, sizeof(*alt));
	alt->path = path;
	alt->via = via;
	alt->cross_az = cross_az;
	return alt;
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
		struct trace_alternative *alt;
		if (ep->type == TOPO_EP_GATEWAY) {
			alt = add_alternative(c, "gateway-endpoint", ep->id, false);
			if (alt && c->subnet)  /* what keeps the flow off it (hint.c) */
				alt->fix = hint_gateway_endpoint(c, ep, c->subnet, c->subnet->route_table);
		} else {
			bool same_az = false;
			for (size_t k = 0; k < ep->nips; k++) {
				const struct topo_subnet *s = ep->ips[k].subnet.ptr;
				if (s && s->az && c->subnet->az && !strcmp(s->az, c->subnet->az))
					same_az = true;
			}
			alt = add_alternative(c, "interface-endpoint", ep->id, !same_az);
			if (alt)
				alt->fix = hint_interface_endpoint(c, ep);
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

/* ---- what the snapshot did not collect (F9.7) ----------------------------------------- */

/* The answer depends on something the data lacks: ambiguous, naming it and the
 * describe command that supplies it, never a guess. */
void missing_data(struct tctx *c, bool ret, struct trace_hop *h, const struct topo_missing *m)
{
	if (h)
		h->result = HOP_DROP;
	if (h && m->loc.line && !h->where)
		h->where = loc_str(c, m->loc);
	if (m->plan_unknown) {
		plan_unknown(c, ret, h, m);
		return;
	}
	if (m->absent_from && m->address) {
		/* an instance the plan has, in a subnet it does not (a default subnet) */
		finish(c, TRACE_AMBIGUOUS, "MISSING_DATA", ret, h, "the %s does not place %s (%s): "
		       "its subnet is outside this configuration, or left out of it (the import's "
		       "warning says why), and the answer depends on it (F9.7)", m->absent_from,
		       m->address, m->what);
		return;
	}
	if (m->absent_from) {
		/* a Terraform input: no describe command supplies it; the import's warning
		 * says why the plan lacks it (outside the configuration, a route out of it,
		 * an AWS-managed policy's text) */
		finish(c, TRACE_AMBIGUOUS, "MISSING_DATA", ret, h, "the %s does not hold %s (outside "
		       "this configuration, or left out of it: the import's warning says why), and "
		       "the answer depends on %s (F9.7)", m->absent_from, m->what,
		       m->id ? "it" : "them");
		return;
	}
	finish(c, TRACE_AMBIGUOUS, "MISSING_DATA", ret, h, "%s %s not collected, and the answer "
	       "depends on %s (F9.7); `%s` supplies it", m->what, m->id ? "was" : "were",
	       m->id ? "it" : "them", m->command);
}

/* The answer depends on a value a Terraform plan knows only after apply (m: an entry
 * of missing: with reason plan_unknown): ambiguous, PLAN_UNKNOWN, naming the resource
 * by its Terraform address and the attribute, never a guess. */
void plan_unknown(struct tctx *c, bool ret, struct trace_hop *h, const struct topo_missing *m)
{
	if (h)
		h->result = HOP_DROP;
	if (h && m->loc.line && !h->where)
		h->where = loc_str(c, m->loc);
	const char *value = m->address && m->attribute ?
			    arena_printf(c->a, "%s.%s", m->address, m->attribute) :
			    m->address ? m->address : NULL;
	/* a sensitive value is known to Terraform, but vpcpath never reads it */
	const char *why = m->sensitive ? "sensitive in the plan (vpcpath does not read it)" :
			  "known only after apply";
	if (value)
		finish(c, TRACE_AMBIGUOUS, "PLAN_UNKNOWN", ret, h, "%s is %s, so the plan cannot "
		       "tell %s, and the answer depends on %s", value, why, m->what,
		       m->id ? "it" : "them");
	else if (m->causes)
		finish(c, TRACE_AMBIGUOUS, "PLAN_UNKNOWN", ret, h, "%s are %s, so the plan cannot "
		       "tell %s, and the answer depends on %s", m->causes, why, m->what,
		       m->id ? "it" : "them");
	else
		finish(c, TRACE_AMBIGUOUS, "PLAN_UNKNOWN", ret, h, "%s %s %s, and the answer "
		       "depends on %s", m->what, m->id ? "is" : "are", why, m->id ? "it" : "them");
}

/* A subnet's route table or network ACL the trace needs and the data does not have:
 * missing (m, an entry of missing:) or, without an entry, absent all the same.  Either
 * way the answer is not known (F9.7). */
void subnet_part_missing(struct tctx *c, bool ret, const char *kind, const char *id,
			 const char *direction, const struct topo_missing *m,
			 const struct topo_subnet *s)
{
	struct trace_hop *h = hop_new(c, ret, kind, id ? id : "?", HOP_DROP);
	h->direction = direction;
	if (m)
		missing_data(c, ret, h, m);
	else
		finish(c, TRACE_AMBIGUOUS, "MISSING_DATA", ret, h, "subnet %s has no %s in the data "
		       "(F9.7)", s->id, !strcmp(kind, "network-acl") ? "network ACL" : "route table");
}

/* The subnet's route table when the snapshot lacks it: the one it names, or, when it
 * names none, the VPC's main table that the loader made up for the missing ones. */
const struct topo_missing *subnet_table_missing(struct tctx *c, const struct topo_subnet *s)
{
	const char *vpc = s->vpc ? s->vpc->id : NULL;
	if (s->route_table_ref.missing)
		return topo_missing_of(c->t, TOPO_ROUTE_TABLE, vpc, s->route_table_ref.text);
	if (!s->route_table || s->route_table->implicit)
		return topo_missing_of(c->t, TOPO_ROUTE_TABLE, vpc, NULL);
	return NULL;
}

/* ---- a name that stands for a range (F2.17) --------------------------------------- */

/* The name of the object with this id and how text shows it, where outputs show it by
 * its name (topo_display: a Terraform address); both NULL otherwise. */
static void name_of(struct tctx *c, const char *id, const char **name, const char **shown)
{
	*name = *shown = NULL;
	/* only a made-up id is shown by its name (topo_display): others need no lookup,
	 * which every hop of every trace would pay */
	if (!topo_id_made_up(id))
		return;
	enum topo_kind kind = TOPO_NONE;
	const void *obj = topo_find_id(c->t, id, &kind);
	const char *n = obj ? topo_object_name(kind, obj) : NULL;
	const char *d = n ? topo_display(id, n, c->a) : id;
	if (d && d != id) {
		*name = arena_strdup(c->a, n);
		*shown = d == n ? *name : d;
	}
}

static bool id_char(char ch)
{
	return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
	       ch == '-';
}

/* text with every id an importer made up that names an object of the topology replaced
 * by what outputs show for it (topo_display: its Terraform address), so that details,
 * reasons and hints read as the topology's own words.  text itself when there is none. */
static const char *show_names(struct tctx *c, const char *text)
{
	if (!text || !strstr(text, "-tf"))
		return text;
	struct tmpvec out = { 0 };
	const char *p = text, *copied = text;
	while ((p = strstr(p, "-tf"))) {
		const char *start = p, *end = p + 3;
		while (start > text && id_char(start[-1]))
			start--;
		while (id_char(*end))
			end++;
		p = end;
		char id[128];
		if ((size_t)(end - start) >= sizeof(id))
			continue;
		memcpy(id, start, (size_t)(end - start));
		id[end - start] = '\0';
		const char *name, *shown;
		name_of(c, id, &name, &shown);
		if (!shown)
			continue;
		for (const char *q = copied; q < start; q++)
			*(char *)tmpvec_push(&out, 1) = *q;
		for (const char *q = shown; *q; q++)
			*(char *)tmpvec_push(&out, 1) = *q;
		copied = end;
	}
	if (copied == text)
		return text;
	for (const char *q = copied; *q; q++)
		*(char *)tmpvec_push(&out, 1) = *q;
	char *r = arena_strndup(c->a, out.items, out.len);
	free(out.items);
	return r;
}

static void name_hops(struct tctx *c, struct trace_hop *hops, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		name_of(c, hops[i].id, &hops[i].name, &hops[i].shown);
		name_of(c, hops[i].route_target, &hops[i].route_target_name,
			&hops[i].route_target_shown);
		hops[i].detail = show_names(c, hops[i].detail);
		hops[i].hint = show_names(c, hops[i].hint);
	}
}

/* dest_resolve answered with the service's range: the trace follows one address of the
 * class it was asked to trace (the first, unless trace_run asks for another). */
void range_pick(struct tctx *c)
{
	const struct topo_prefix_list *pl = c->ans.prefix_list;
	if (!pl)
		return;
	/* trace_run hands the partition of the first class's trace to the others: without
	 * a memo it would be made again for each class */
	if (!c->range || c->range_pl != pl)
		c->range = memo_addrset(c->q->memo, c->t, pl, c->a);
	c->range_pl = pl;
	if (c->range->nclasses)
		c->ans.ip = c->range->classes[c->range_class < c->range->nclasses ?
					      c->range_class : 0].rep;
}

static struct trace_result *trace_one(const struct topology *t, const struct trace_query *q,
				      struct diag_list *diags, size_t range_class,
				      const struct addrset **range, const struct topo_prefix_list **range_pl)
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
	c.range_class = range_class;
	c.range = *range;  /* NULL, or the partition an earlier class's trace made */
	c.range_pl = *range_pl;
	r->brief = q->brief;
	/* most paths take a dozen hops: no copying while they grow */
	arena_vec_reserve(a, &c.hops, 16, sizeof(struct trace_hop));
	arena_vec_reserve(a, &c.ctx, 24, sizeof(struct ctx_entry));
	r->verdict = TRACE_REACHABLE;
	r->stays_on_aws_network = true;

	char err[512];
	/* a destination the data lacks (an instance not collected, or that a plan places
	 * only after apply): the answer is not known (F9.7, PLAN_UNKNOWN), no usage error */
	const struct topo_missing *dst_missing = NULL;
	if (!memo_dest_parse(q->memo, t, q->to, q->host, a, &c.d, err, sizeof(err))) {
		dst_missing = name_missing(t, q->to);
		if (!dst_missing) {
			diag_add(diags, DIAG_ERROR, NULL, 0, 0, NULL, "--to: %s", err);
			trace_result_free(r);
			return NULL;
		}
		memset(&c.d, 0, sizeof(c.d));
		c.d.port = -1;
	}
	c.port = q->port >= 0 ? (unsigned)q->port : c.d.port >= 0 ? (unsigned)c.d.port : 443;
	if (c.proto != TOPO_PROTO_TCP && c.proto != TOPO_PROTO_UDP)
		c.port = 0;
	if (!resolve_source(&c, diags)) {
		trace_result_free(r);
		return NULL;
	}
	c.action = q->action ? q->action : c.d.service != TOPO_SVC_NONE ? default_action(&c.d) : NULL;
	c.principal = q->principal ? q->principal : c.inst ? c.inst->role :
		      c.iface ? c.iface->role : NULL;

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

	if (c.src_missing) {
		struct trace_hop *sh = hop_new(&c, false, c.iface ? "network-interface" : "instance",
					       r->src_id, HOP_DROP);
		missing_data(&c, false, sh, c.src_missing);
		goto out;
	}
	if (dst_missing) {
		struct trace_hop *dh = hop_new(&c, false, dst_missing->kind == TOPO_MISSING_INSTANCES ?
					       "instance" : "network-interface", dst_missing->id ?
					       dst_missing->id : q->to, HOP_DROP);
		missing_data(&c, false, dh, dst_missing);
		goto out;
	}
	if (!c.subnet) {
		trace_from_outside(&c);
		goto out;
	}

	struct trace_hop *h = hop_new(&c, false, c.iface ? "network-interface" : "instance",
				      r->src_id, HOP_PASS);
	h->detail = c.iface ? TEXT(&c, "%s interface %s in %s (%s)",
				   topo_interface_kind_name(c.iface->kind), r->src_ip, c.subnet->id,
				   c.subnet->az ? c.subnet->az : "?") :
		    TEXT(&c, "eni %s in %s (%s)", r->src_ip, c.subnet->id,
			 c.subnet->az ? c.subnet->az : "?");
	if (c.inst && !topo_instance_active(c.inst)) {
		h->result = HOP_DROP;
		h->where = loc_str(&c, c.inst->loc);
		finish(&c, TRACE_UNREACHABLE, "INSTANCE_STOPPED", false, h, "%s is %s: nothing runs "
		       "on it to send (F6.6)", c.inst->id, topo_instance_state_name(c.inst->state));
		goto out;
	}
	{
		/* the groups that judge what the source sends were not all collected (F9.7) */
		static const struct topo_ref_list no_refs;
		const struct topo_missing *m = sgs_missing(&c, c.vpc, c.inst ?
							   &c.inst->security_groups : c.iface ?
							   &c.iface->security_groups : &no_refs, !c.iface);
		if (m) {
			struct trace_hop *sh = hop_new(&c, false, "security-group", r->src_id, HOP_DROP);
			sh->direction = "egress";
			missing_data(&c, false, sh, m);
			goto out;
		}
	}

	/* an interface that lists no security group (a network load balancer's) is not
	 * filtered by one, as find_eni treats it at the other end */
	bool unfiltered = c.iface && !c.iface->security_groups.len;
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
		if (!unfiltered && !sg_hop(&c, c.sgs, c.nsgs, true, &c.dst_ip, none, 0))
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
		if (!unfiltered && !sg_hop(&c, c.sgs, c.nsgs, true, &c.dst_ip, peer_sgs, npeer))
			goto out;
		const struct topo_subnet *ds = topo_vpc_subnet_for_addr(c.vpc, &c.dst_ip);
		if (ds != c.subnet &&
		    !nacl_hop(&c, false, c.subnet, true, &c.dst_ip, one_port(c.port),
			      TEXT(&c, "out of %s", c.subnet->id)))
			goto out;
		if (ds == c.subnet) {
			/* same subnet: no router, no NACL (F1.6, F6.3) */
			struct trace_hop *rh = hop_new(&c, false, "route-table", c.subnet->route_table ?
						       c.subnet->route_table->id : "-",
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
	context_overrides(&c);
	r->hops = c.hops.items;
	r->nhops = c.hops.len;
	r->return_hops = c.rhops.items;
	r->nreturn_hops = c.rhops.len;
	/* the names users know for what the trace names by a made-up id (review s6 M10);
	 * a topology without one (any but a plan's) has nothing to look up */
	if (c.t->made_up_ids) {
		name_hops(&c, r->hops, r->nhops);
		name_hops(&c, r->return_hops, r->nreturn_hops);
		name_of(&c, r->src_id, &r->src_name, &r->src_shown);
		name_of(&c, r->via_id, &r->via_name, &r->via_shown);
		r->reason_message = show_names(&c, r->reason_message);
	}
	/* drop keys removed with --context KEY= */
	const struct ctx_entry *ce = c.ctx.items;
	struct trace_kv *kv = arena_alloc(a, (c.ctx.len ? c.ctx.len : 1) * sizeof(*kv));
	size_t n = 0;
	for (size_t i = 0; i < c.ctx.len; i++)
		if (ce[i].value && *ce[i].value)
			kv[n++] = (struct trace_kv){ ce[i].key, ce[i].value };
	r->context = kv;
	r->ncontext = n;
	collect_alternatives(&c);
	for (size_t i = 0; i < r->npath_alternatives; i++) {
		struct trace_alternative *alt = &r->path_alternatives[i];
		alt->fix = show_names(&c, alt->fix);
		alt->note = show_names(&c, alt->note);
	}
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
	*range = c.range;
	*range_pl = c.range_pl;
	return r;
}

/* Two traces have one outcome when they end alike, the same way, at the same place. */
static bool same_outcome(const struct trace_result *x, const struct trace_result *y)
{
	if (x->verdict != y->verdict || x->has_reason != y->has_reason ||
	    !str_eq_null(x->reason_code, y->reason_code) || !str_eq_null(x->path, y->path) ||
	    !str_eq_null(x->via_id, y->via_id) || !str_eq_null(x->reason_leg, y->reason_leg) ||
	    x->reason_hop != y->reason_hop)
		return false;
	if (!x->has_reason || !x->reason_hop)
		return true;
	bool ret = x->reason_leg && !strcmp(x->reason_leg, "return");
	const struct trace_hop *hx = ret ? x->return_hops : x->hops;
	const struct trace_hop *hy = ret ? y->return_hops : y->hops;
	size_t nx = ret ? x->nreturn_hops : x->nhops, ny = ret ? y->nreturn_hops : y->nhops;
	size_t k = (size_t)x->reason_hop - 1;
	if (k >= nx || k >= ny)
		return nx == ny;
	return str_eq_null(hx[k].kind, hy[k].kind) && str_eq_null(hx[k].id, hy[k].id) &&
	       hx[k].has_rule == hy[k].has_rule && hx[k].rule == hy[k].rule;
}

static bool same_hop(const struct trace_hop *x, const struct trace_hop *y)
{
	return str_eq_null(x->kind, y->kind) && str_eq_null(x->id, y->id) &&
	       str_eq_null(x->direction, y->direction) && x->result == y->result &&
	       x->has_rule == y->has_rule && x->rule == y->rule &&
	       str_eq_null(x->route_target, y->route_target);
}

/* How many hops every outcome's trace begins with. */
static size_t common_hops(struct trace_split *s, size_t n, bool ret)
{
	const struct trace_result *r0 = s[0].result;
	size_t k = ret ? r0->nreturn_hops : r0->nhops;
	for (size_t i = 1; i < n; i++) {
		const struct trace_result *r = s[i].result;
		const struct trace_hop *a = ret ? r0->return_hops : r0->hops;
		const struct trace_hop *b = ret ? r->return_hops : r->hops;
		size_t nb = ret ? r->nreturn_hops : r->nhops, j = 0;
		while (j < k && j < nb && same_hop(&a[j], &b[j]))
			j++;
		if (j < k || (j == k && nb != k && !ret))
			k = j;
	}
	return k;
}

static const char **cidr_strings(struct arena *a, const struct net_prefix *p, size_t n)
{
	const char **out = arena_alloc(a, (n ? n : 1) * sizeof(*out));
	char buf[NET_PREFIXSTRLEN];
	for (size_t i = 0; i < n; i++)
		out[i] = arena_strdup(a, net_prefix_str(&p[i], buf));
	return out;
}

static void set_range_facts(struct trace_result *r, const struct topo_prefix_list *pl)
{
	r->dst_set = pl->id;
	if (!r->brief) {
		r->dst_set_cidrs = cidr_strings(r->arena, pl->cidrs.items, pl->cidrs.len);
		r->ndst_set_cidrs = pl->cidrs.len;
	}
}

/* The answer for a name whose addresses do not all get one outcome: ambiguous,
 * DEPENDS_ON_ADDRESS, one split per outcome; hops are those every outcome shares. */
static struct trace_result *depends_on_address(const struct topo_prefix_list *pl,
					       struct trace_split *splits, size_t n, bool brief)
{
	struct arena *a = arena_new();
	struct trace_result *r = arena_alloc(a, sizeof(*r));
	const struct trace_result *r0 = splits[0].result;
	*r = *r0;  /* the query, the source and the destination are the same for all */
	r->arena = a;
	r->splits = splits;
	r->nsplits = n;
	r->verdict = TRACE_AMBIGUOUS;
	r->has_reason = true;
	r->reason_code = "DEPENDS_ON_ADDRESS";
	r->cost = (struct trace_cost){ 0 };
	r->compliance = (struct trace_compliance){ 0 };
	size_t k = common_hops(splits, n, false);
	bool on_return = k == r0->nhops;
	for (size_t i = 1; i < n && on_return; i++)
		on_return = splits[i].result->nhops == k;
	r->nhops = k;
	r->return_hops = NULL;
	r->nreturn_hops = 0;
	if (on_return) {
		size_t kr = common_hops(splits, n, true);
		r->nreturn_hops = kr;
		r->return_hops = r0->return_hops;
		r->split_hop = (int)kr + 1;
	} else {
		r->split_hop = (int)k + 1;
	}
	r->reason_leg = on_return ? "return" : "forward";
	/* the place at fault: where the exception parts from the rest */
	size_t best = n;
	for (size_t i = 0; i < n; i++) {
		const struct trace_result *x = splits[i].result;
		const struct trace_hop *hops = on_return ? x->return_hops : x->hops;
		size_t nh = on_return ? x->nreturn_hops : x->nhops;
		if ((size_t)r->split_hop > nh || !hops[r->split_hop - 1].where)
			continue;
		bool fails = x->verdict != TRACE_REACHABLE;
		bool best_fails = best < n && splits[best].result->verdict != TRACE_REACHABLE;
		if (best == n || (fails && !best_fails) ||
		    (fails == best_fails && splits[i].ncidrs < splits[best].ncidrs)) {
			best = i;
			r->split_where = hops[r->split_hop - 1].where;
		}
	}
	r->reason_hop = 0;
	bool one_path = true, one_via = true;
	for (size_t i = 1; i < n; i++) {
		one_path = one_path && str_eq_null(splits[i].result->path, r0->path);
		one_via = one_via && str_eq_null(splits[i].result->via_id, r0->via_id);
	}
	r->path = one_path ? r0->path : "none";
	r->via_id = one_via ? r0->via_id : NULL;
	r->warnings = NULL;
	r->nwarnings = 0;
	set_range_facts(r, pl);
	if (brief)
		return r;
	/* every outcome's warnings, once each */
	size_t total = 0;
	for (size_t i = 0; i < n; i++)
		total += splits[i].result->nwarnings;
	r->warnings = arena_alloc(a, (total ? total : 1) * sizeof(*r->warnings));
	for (size_t i = 0; i < n; i++)
		for (size_t w = 0; w < splits[i].result->nwarnings; w++) {
			const struct trace_warning *x = &splits[i].result->warnings[w];
			bool seen = false;
			for (size_t j = 0; j < r->nwarnings && !seen; j++)
				seen = str_eq_null(r->warnings[j].message, x->message);
			if (!seen)
				r->warnings[r->nwarnings++] = *x;
		}
	/* the message: each outcome with (up to four of) its ranges */
	size_t cap = 512 + 256 * n, len = 0;
	char *msg = arena_alloc(a, cap);
	len += (size_t)snprintf(msg + len, cap - len, "%s stands for the %zu ranges of %s, and they "
				"do not all get one answer (F2.17): ", r->q_to ? r->q_to : "the name",
				pl->cidrs.len, pl->name ? pl->name : pl->id);
	for (size_t i = 0; i < n && len < cap; i++) {
		const struct trace_result *x = splits[i].result;
		len += (size_t)snprintf(msg + len, cap - len, "%s", i ? "; " : "");
		for (size_t c = 0; c < splits[i].ncidrs && c < 4 && len < cap; c++)
			len += (size_t)snprintf(msg + len, cap - len, "%s%s", c ? ", " : "",
						splits[i].cidrs[c]);
		if (splits[i].ncidrs > 4 && len < cap)
			len += (size_t)snprintf(msg + len, cap - len, " and %zu more",
						splits[i].ncidrs - 4);
		if (len < cap)
			len += (size_t)snprintf(msg + len, cap - len, ": %s", trace_verdict_name(x->verdict));
		if (len < cap && x->path && strcmp(x->path, "none") != 0)
			len += (size_t)snprintf(msg + len, cap - len, " via %s%s%s", x->path,
						x->via_id ? " " : "", x->via_id ? x->via_id : "");
		if (len < cap && x->has_reason)
			len += (size_t)snprintf(msg + len, cap - len, " (%s)", x->reason_code);
	}
	str_trim_utf8(msg);
	r->reason_message = msg;
	return r;
}

/* The topology cuts pl's addresses into more classes than addrset traces (addrset.h):
 * one address's answer is not the name's, so the verdict is ambiguous, never a guess. */
static struct trace_result *not_split(struct trace_result *r, const struct topo_prefix_list *pl)
{
	char msg[512];
	snprintf(msg, sizeof(msg), "%s's %zu ranges are cut by so many prefixes of the topology "
		 "(over %d classes of addresses, or %d runs) that vpcpath does not trace each: "
		 "the answer may depend on the address the name resolves to (F2.17)",
		 pl->id, pl->cidrs.len, ADDRSET_MAX_CLASSES, ADDRSET_MAX_PIECES);
	r->verdict = TRACE_AMBIGUOUS;
	r->has_reason = true;
	r->reason_code = "DEPENDS_ON_ADDRESS";
	r->reason_message = arena_strdup(r->arena, msg);
	r->reason_hop = 0;  /* the hops are one address's: none decides for the name */
	for (size_t i = 0; i < r->nhops; i++)
		r->hops[i].deciding = false;
	for (size_t i = 0; i < r->nreturn_hops; i++)
		r->return_hops[i].deciding = false;
	r->cost = (struct trace_cost){ 0 };
	r->compliance = (struct trace_compliance){ 0 };
	return r;
}

/* Traces q; a name that stands for a range is traced once per class of its addresses
 * (addrset.h) and answers for all of them (F2.17). */
struct trace_result *trace_run(const struct topology *t, const struct trace_query *q,
			       struct diag_list *diags)
{
	const struct addrset *range = NULL;
	const struct topo_prefix_list *pl = NULL;
	struct trace_result *first = trace_one(t, q, diags, 0, &range, &pl);
	if (!first || !range || !pl)
		return first;
	if (range->truncated) {
		set_range_facts(first, pl);
		return not_split(first, pl);
	}
	if (range->nclasses <= 1) {
		set_range_facts(first, pl);
		return first;
	}
	/* one trace per class; classes with one outcome are one split */
	struct trace_split *splits = xcalloc(range->nclasses, sizeof(*splits));
	size_t nsplits = 0;
	struct net_prefix **parts = xcalloc(range->nclasses, sizeof(*parts));
	size_t *nparts = xcalloc(range->nclasses, sizeof(*nparts));
	for (size_t k = 0; k < range->nclasses; k++) {
		struct trace_result *r = first;
		if (k) {
			const struct addrset *again = range;
			const struct topo_prefix_list *pl2 = pl;
			r = trace_one(t, q, diags, k, &again, &pl2);
			if (!r)
				continue;  /* cannot happen: the question was asked once already */
		}
		size_t s = 0;
		while (s < nsplits && !same_outcome(splits[s].result, r))
			s++;
		if (s == nsplits)
			splits[nsplits++].result = r;
		else
			trace_result_free(r);
		const struct addrset_class *cl = &range->classes[k];
		parts[s] = xrealloc(parts[s], (nparts[s] + cl->ncidrs) * sizeof(**parts));
		memcpy(parts[s] + nparts[s], cl->cidrs, cl->ncidrs * sizeof(**parts));
		nparts[s] += cl->ncidrs;
	}
	struct trace_result *out;
	if (nsplits == 1) {
		out = splits[0].result;
		set_range_facts(out, pl);
	} else {
		struct arena *a = arena_new();
		struct trace_split *kept = arena_alloc(a, nsplits * sizeof(*kept));
		for (size_t s = 0; s < nsplits; s++) {
			qsort(parts[s], nparts[s], sizeof(**parts), net_prefix_qsort_cmp);
			kept[s].result = splits[s].result;
			kept[s].cidrs = cidr_strings(a, parts[s], nparts[s]);
			kept[s].ncidrs = nparts[s];
		}
		out = depends_on_address(pl, kept, nsplits, q->brief);
		/* the splits' arena travels with the result that holds them */
		out->splits_arena = a;
	}
	for (size_t s = 0; s < range->nclasses; s++)
		free(parts[s]);
	free(parts);
	free(nparts);
	free(splits);
	return out;
}

void trace_result_free(struct trace_result *r)
{
	if (!r)
		return;
	for (size_t i = 0; i < r->nsplits; i++)
		trace_result_free(r->splits[i].result);
	arena_free(r->splits_arena);
	arena_free(r->arena);
}
