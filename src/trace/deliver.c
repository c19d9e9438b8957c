/* deliver.c - destinations inside a VPC: the ENI that has the address, its subnet's
 * network ACL and its security groups inbound, interface endpoints, and the response's
 * way back (return routes and network ACLs).
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "trace-int.h"

/* ---- return legs ------------------------------------------------------------------- */

struct topo_ports client_ports(struct tctx *c)
{
	if (c->q->source_port >= 0)
		return one_port((unsigned)c->q->source_port);
	return c->eph;
}

/* The response's way back into the source subnet: its NACL inbound from the remote
 * address to the client's ephemeral ports (F6.3, F6.4). */
bool return_into_source(struct tctx *c, const struct net_addr *remote)
{
	if (c->returned)
		return true;
	c->returned = true;
	struct topo_ports ports = client_ports(c);
	if (c->proto != TOPO_PROTO_TCP && c->proto != TOPO_PROTO_UDP)
		ports = one_port(0);
	return nacl_hop(c, true, c->subnet, false, remote, ports, "response");
}

/* ---- destinations inside the VPC ------------------------------------------------------ */

void instance_sgs(struct tctx *c, const struct topo_instance *in,
		  const struct topo_security_group ***out, size_t *n)
{
	if (in->security_groups.len) {
		*out = arena_alloc(c->a, in->security_groups.len * sizeof(**out));
		*n = 0;
		for (size_t i = 0; i < in->security_groups.len; i++)
			if (in->security_groups.items[i].ptr)
				(*out)[(*n)++] = in->security_groups.items[i].ptr;
		return;
	}
	*out = arena_alloc(c->a, sizeof(**out));
	(*out)[0] = in->vpc->default_sg;
	*n = 1;
}

/* The security groups of a list of references (an instance's or an interface's), the
 * VPC default group standing in for an empty list when default_when_empty. */
static void sg_list(struct tctx *c, const struct topo_vpc *vpc, const struct topo_ref_list *refs,
		    bool default_when_empty, const struct topo_security_group ***out, size_t *n)
{
	*n = 0;
	*out = arena_alloc(c->a, (refs->len ? refs->len : 1) * sizeof(**out));
	for (size_t i = 0; i < refs->len; i++)
		if (refs->items[i].ptr)
			(*out)[(*n)++] = refs->items[i].ptr;
	if (!refs->len && default_when_empty)
		(*out)[(*n)++] = vpc->default_sg;
}

const struct topo_missing *sgs_missing(struct tctx *c, const struct topo_vpc *vpc,
				       const struct topo_ref_list *refs, bool default_when_empty)
{
	for (size_t i = 0; i < refs->len; i++)
		if (refs->items[i].missing)
			return topo_missing_of(c->t, TOPO_SECURITY_GROUP, vpc->id, refs->items[i].text);
	/* the VPC's default group made up by the loader, while the groups were not
	 * collected: the real one is unknown (F9.7) */
	if (!refs->len && default_when_empty && vpc->default_sg->implicit)
		return topo_missing_of(c->t, TOPO_SECURITY_GROUP, vpc->id, NULL);
	return NULL;
}

/* Who has address a in vpc (topo_vpc_addr_owner): an instance, another service's
 * network interface (F6.5), an interface endpoint's ENI or a NAT gateway, with the
 * security groups that judge traffic to it. */
bool find_eni(struct tctx *c, const struct topo_vpc *vpc, const struct net_addr *a,
	      struct eni *out)
{
	memset(out, 0, sizeof(*out));
	const struct topo_addr_owner *o = topo_vpc_addr_owner(vpc, a);
	if (!o)
		return false;
	out->id = o->id;
	out->subnet = o->subnet;
	out->eph.lo = 32768;  /* F6.4: the Linux default, as for instances */
	out->eph.hi = 61000;
	switch (o->kind) {
	case TOPO_INSTANCE: {
		const struct topo_instance *in = o->obj;
		out->inst = in;
		out->eph = in->ephemeral;
		instance_sgs(c, in, &out->sgs, &out->nsgs);
		out->sg_missing = sgs_missing(c, vpc, &in->security_groups, true);
		return true;
	}
	case TOPO_INTERFACE: {
		const struct topo_interface *f = o->obj;
		out->iface = f;
		/* an interface that lists no group (a network load balancer's, say) is not
		 * filtered by security groups */
		sg_list(c, vpc, &f->security_groups, false, &out->sgs, &out->nsgs);
		out->sg_missing = sgs_missing(c, vpc, &f->security_groups, false);
		return true;
	}
	case TOPO_ENDPOINT: {
		const struct topo_endpoint *ep = o->obj;
		out->endpoint = ep;
		sg_list(c, vpc, &ep->security_groups, true, &out->sgs, &out->nsgs); /* F3.2 */
		out->sg_missing = sgs_missing(c, vpc, &ep->security_groups, true);
		return true;
	}
	case TOPO_NAT_GATEWAY:
		out->nat = o->obj;
		return true;
	default:
		return false;
	}
}

static void via_interface_endpoint(struct tctx *c, const struct eni *e)
{
	const struct topo_endpoint *ep = e->endpoint;
	path_add(c, "interface-endpoint");
	c->r->via_id = ep->id;
	c->r->via_vpc_endpoint = true;
	c->r->interface_endpoint_azs = (int)ep->nips;
	/* inter-AZ is a same-region charge: an endpoint reached over inter-region
	 * peering costs inter-region transfer, and its AZ is not comparable (F8) */
	if (c->subnet && e->subnet && e->subnet->az && c->subnet->az &&
	    strcmp(e->subnet->az, c->subnet->az) && e->subnet->vpc && c->vpc &&
	    e->subnet->vpc->region && c->vpc->region &&
	    !strcmp(e->subnet->vpc->region, c->vpc->region))
		c->r->cross_az = true;
	if (c->proto != TOPO_PROTO_TCP) {
		struct trace_hop *h = hop_new(c, false, "interface-endpoint", ep->id, HOP_DROP);
		finish(c, TRACE_UNREACHABLE, "PROTOCOL_NOT_SUPPORTED", false, h,
		       "interface endpoints carry TCP only (F3.1)");
		return;
	}
	struct trace_hop *h = hop_new(c, false, "interface-endpoint", ep->id, HOP_ALLOW);
	h->detail = TEXT(c, "ENI %s in %s (%s)", addr_str(c, &c->dst_ip),
				 e->subnet ? e->subnet->id : "?", e->subnet && e->subnet->az ?
				 e->subnet->az : "?");
	if (c->d.service == TOPO_SVC_NONE || !c->d.name) {
		/* F2.16: the endpoint's address (or a service name without a bucket or table)
		 * reaches the service; with no request named, no policy is evaluated */
		service_without_request(c, endpoint_service_label(ep), ep->service_region, ep->id);
		return;
	}
	if (c->d.service != ep->service) {
		h->result = HOP_DROP;
		finish(c, TRACE_UNREACHABLE, "NO_ROUTE", false, h,
		       "%s is an endpoint for %s, not %s", ep->id, endpoint_service_label(ep),
		       topo_service_name(c->d.service));
		return;
	}
	if (!service_accepts(c))
		return;
	set_endpoint_context(c, ep, &c->src_ip);
	authorize(c, ep, h);
}

/* How the packet entered the VPC it is delivered in: decides which NACLs apply, whether
 * security-group references to the source work, and where the response must go. */

static const char *entry_noun(enum entry_kind how)
{
	switch (how) {
	case ENTRY_PEERING: return "peering connection";
	case ENTRY_TGW: return "transit gateway";
	case ENTRY_VGW: return "VPN gateway";
	case ENTRY_IGW: return "internet gateway";
	default: return "local route";
	}
}

/* The response's route out of the destination subnet must lead back the way the
 * request came (cli.md NO_RETURN_ROUTE): asymmetric paths drop the connection. */
static bool return_route(struct tctx *c, const struct topo_subnet *ds, const struct topo_vpc *vpc,
			 const struct entry *ev)
{
	const struct topo_route_table *rt = ds->route_table;
	const struct topo_missing *missing = subnet_table_missing(c, ds);
	if (missing || !rt) {
		subnet_part_missing(c, true, "route-table", ds->route_table_ref.text, NULL, missing, ds);
		return false;
	}
	struct route_match m;
	memo_route_lookup(c->q->memo, c->t, rt, &c->src_ip, &m);
	struct trace_hop *h = hop_new(c, true, "route-table", rt->id, HOP_PASS);
	char buf[NET_PREFIXSTRLEN];
	h->detail = TEXT(c, "response from %s to %s", ds->id, addr_str(c, &c->src_ip));
	if (m.outcome == ROUTE_NONE) {
		h->result = HOP_DROP;
		h->where = loc_str(c, rt->loc);
		finish(c, TRACE_UNREACHABLE, "NO_RETURN_ROUTE", true, h,
		       "route table %s has no route back to %s; add %s -> %s", rt->id,
		       addr_str(c, &c->src_ip), addr_str(c, &c->src_ip), ev->gateway_id);
		return false;
	}
	const struct topo_route *r = m.route;
	h->route_destination = TEXT(c, "%s", route_dest_str(r, buf, sizeof(buf)));
	h->route_matched = TEXT(c, "%s", net_prefix_str(&m.matched, buf));
	h->route_target = r->target.text ? r->target.text : "?";
	if (r->loc.line)
		h->where = loc_str(c, r->loc);
	if (m.outcome == ROUTE_AMBIGUOUS) {
		h->result = HOP_DROP;
		finish(c, TRACE_AMBIGUOUS, "AMBIGUOUS_ROUTE", true, h,
		       "route table %s: overlapping prefix lists to different targets cover %s (F1.4c)",
		       rt->id, addr_str(c, &c->src_ip));
		return false;
	}
	bool back = !r->blackhole && r->target.ptr == ev->gateway;
	if (ev->how == ENTRY_TGW)
		back = !r->blackhole && r->target.kind == TOPO_TRANSIT_GATEWAY && r->target.ptr == ev->tgw;
	if (!back) {
		h->result = HOP_DROP;
		finish(c, TRACE_UNREACHABLE, "NO_RETURN_ROUTE", true, h,
		       "the response to %s matches %s -> %s in %s, not the %s %s the request came "
		       "through; route %s back to %s", addr_str(c, &c->src_ip), h->route_destination,
		       h->route_target, rt->id, entry_noun(ev->how), ev->gateway_id,
		       addr_str(c, &c->src_ip), ev->gateway_id);
		return false;
	}
	if (ev->how == ENTRY_TGW && !tgw_return_ok(c, vpc))
		return false;
	return true;
}

/* The entry of missing: for instances or network interfaces that may be in vpc (any
 * entry of those kinds scoped to it or to no VPC), or NULL. */
static const struct topo_missing *hosts_missing(const struct topology *t,
						const struct topo_vpc *vpc)
{
	for (size_t i = 0; i < t->nmissing; i++) {
		const struct topo_missing *m = &t->missing[i];
		if ((m->kind == TOPO_MISSING_INSTANCES || m->kind == TOPO_MISSING_NETWORK_INTERFACES) &&
		    (!m->vpc || !strcmp(m->vpc, vpc->id)))
			return m;
	}
	return NULL;
}

/* Delivery to the ENI with the destination address inside vpc: the destination
 * subnet's NACL and the ENI's security groups inbound, then the response's way back. */
void deliver(struct tctx *c, const struct topo_vpc *vpc, const struct entry *ev,
	     struct trace_hop *rh)
{
	const struct topo_subnet *ds = topo_vpc_subnet_for_addr(vpc, &c->dst_ip);
	if (!ds) {
		if (rh)
			rh->result = HOP_DROP;
		finish(c, TRACE_UNREACHABLE, "NO_SUBNET_FOR_DESTINATION", false, rh,
		       "%s is inside vpc %s but in none of its subnets", addr_str(c, &c->dst_ip), vpc->id);
		return;
	}
	struct eni e;
	if (!find_eni(c, vpc, &c->dst_ip, &e)) {
		/* an instance or interface the data lacks may have the address (F9.7; one a
		 * plan places only after apply: PLAN_UNKNOWN) */
		const struct topo_missing *m = hosts_missing(c->t, vpc);
		if (m) {
			struct trace_hop *h = rh ? rh : hop_new(c, false, "subnet", ds->id, HOP_DROP);
			missing_data(c, false, h, m);
			return;
		}
		if (rh)
			rh->result = HOP_DROP;
		finish(c, TRACE_UNREACHABLE, "NO_INTERFACE_AT_DESTINATION", false, rh,
		       "no network interface in subnet %s has address %s", ds->id,
		       addr_str(c, &c->dst_ip));
		return;
	}
	if (ev->how == ENTRY_LOCAL)
		path_add(c, "local");
	if (!c->r->dst_region)
		c->r->dst_region = vpc->region;
	bool same_subnet = ev->how == ENTRY_LOCAL && ds == c->subnet;
	if (e.endpoint && ev->how == ENTRY_LOCAL) {
		/* the path is the interface endpoint's; "local" was only the way there */
		c->path[0] = '\0';
		path_add(c, "interface-endpoint");
	}
	/* F6.3: NACLs apply when traffic enters and leaves a subnet, not within one */
	if (!same_subnet && !nacl_hop(c, false, ds, false, &c->src_ip, one_port(c->port),
				      TEXT(c, "into %s", ds->id)))
		return;
	if (e.nat) {
		struct trace_hop *h = hop_new(c, false, "nat-gateway", e.nat->id, HOP_DROP);
		finish(c, TRACE_UNREACHABLE, "NO_INTERFACE_AT_DESTINATION", false, h,
		       "%s is NAT gateway %s, which accepts no connections", addr_str(c, &c->dst_ip),
		       e.nat->id);
		return;
	}
	if (e.inst && !topo_instance_active(e.inst)) {
		struct trace_hop *h = hop_new(c, false, "instance", e.id, HOP_DROP);
		h->where = loc_str(c, e.inst->loc);
		finish(c, TRACE_UNREACHABLE, "INSTANCE_STOPPED", false, h,
		       "%s has address %s but is %s: nothing runs on it to answer (F6.6)", e.id,
		       addr_str(c, &c->dst_ip), topo_instance_state_name(e.inst->state));
		return;
	}
	if (e.sg_missing) {
		struct trace_hop *h = hop_new(c, false, "security-group", e.id, HOP_DROP);
		h->direction = "ingress";
		missing_data(c, false, h, e.sg_missing);
		return;
	}
	/* security-group references to the source work inside a VPC and across a
	 * same-region peering connection */
	bool sg_refs = ev->how == ENTRY_LOCAL || (ev->how == ENTRY_PEERING && ev->same_region);
	if (e.nsgs && !sg_hop(c, e.sgs, e.nsgs, false, &c->src_ip, sg_refs ? c->sgs : NULL,
			      sg_refs ? c->nsgs : 0))
		return;
	if (e.endpoint) {
		via_interface_endpoint(c, &e);
		if (c->finished)
			return;
	} else {
		struct trace_hop *h = hop_new(c, false, e.iface ? "network-interface" : "instance",
					      e.id, HOP_PASS);
		h->detail = e.iface ? TEXT(c, "%s interface %s in %s (%s)",
					   topo_interface_kind_name(e.iface->kind),
					   addr_str(c, &c->dst_ip), ds->id, ds->az ? ds->az : "?") :
			    TEXT(c, "eni %s in %s (%s)", addr_str(c, &c->dst_ip), ds->id,
				 ds->az ? ds->az : "?");
		/* inter-AZ is a same-region charge; across regions inter-region applies (F8) */
		if (c->subnet && ds->az && c->subnet->az && strcmp(ds->az, c->subnet->az) != 0 &&
		    !strcmp(vpc->region, c->vpc->region))
			c->r->cross_az = true;
	}
	if (ev->how != ENTRY_LOCAL && !return_route(c, ds, vpc, ev))
		return;
	if (!same_subnet) {
		struct topo_ports ports = client_ports(c);
		if (c->proto != TOPO_PROTO_TCP && c->proto != TOPO_PROTO_UDP)
			ports = one_port(0);
		if (!nacl_hop(c, true, ds, true, &c->src_ip, ports,
			      TEXT(c, "response out of %s", ds->id)))
			return;
		if (c->subnet)
			return_into_source(c, &c->dst_ip);
	}
}

void trace_local(struct tctx *c, struct trace_hop *rh)
{
	struct entry ev = { .how = ENTRY_LOCAL, .gateway_id = "local" };
	deliver(c, c->vpc, &ev, rh);
}

const struct topo_endpoint *gateway_endpoint_for(const struct topo_vpc *vpc,
						 enum topo_service svc)
{
	for (size_t i = 0; vpc && i < vpc->nendpoints; i++)
		if (vpc->endpoints[i].type == TOPO_EP_GATEWAY && vpc->endpoints[i].service == svc)
			return &vpc->endpoints[i];
	return NULL;
}

static const struct topo_endpoint *interface_endpoint_for(const struct topo_vpc *vpc,
							   enum topo_service svc)
{
	for (size_t i = 0; vpc && i < vpc->nendpoints; i++)
		if (vpc->endpoints[i].type == TOPO_EP_INTERFACE && vpc->endpoints[i].service == svc)
			return &vpc->endpoints[i];
	return NULL;
}

/* A service address reached from outside a VPC (on premises, a peered VPC, a transit
 * gateway): the VPC's gateway endpoint cannot carry it (F2.5). */
void not_transitive(struct tctx *c, const struct topo_vpc *vpc, struct trace_hop *h,
		    const char *from)
{
	const struct topo_endpoint *gw = gateway_endpoint_for(vpc, c->d.service);
	const struct topo_endpoint *ifc = interface_endpoint_for(vpc, c->d.service);
	if (h)
		h->result = HOP_DROP;
	if (gw) {
		finish(c, TRACE_UNREACHABLE, "GATEWAY_ENDPOINT_NOT_REACHABLE", false, h,
		       "gateway endpoint %s of %s cannot be used from %s (F2.5)%s%s%s", gw->id, vpc->id,
		       from, ifc ? "; interface endpoint " : "; add an interface endpoint for ",
		       ifc ? ifc->id : topo_service_name(c->d.service),
		       ifc ? " would work: connect to its endpoint-specific name (F3.3)" : " (F3.5)");
		return;
	}
	finish(c, TRACE_UNREACHABLE, "NO_ROUTE", false, h,
	       "%s is outside %s; traffic from %s is not routed onward from the VPC (no transit "
	       "routing, F2.5)", addr_str(c, &c->dst_ip), vpc->id, from);
}
