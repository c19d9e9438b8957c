/* routing.c - the route table's choice (F1.*) and the paths out of a VPC it leads to:
 * gateway endpoints, NAT gateways, internet gateways.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "trace-int.h"
#include "hint.h"

/* ---- paths out of the VPC ------------------------------------------------------------ */

static void via_gateway_endpoint(struct tctx *c, const struct topo_endpoint *ep,
				 const struct net_addr *vpc_source_ip)
{
	struct trace_hop *h = hop_new(c, false, "gateway-endpoint", ep->id, HOP_ALLOW);
	h->detail = TEXT(c, "%s, private path to %s (F2.1)", ep->service_name,
				 topo_service_name(ep->service));
	path_add(c, "gateway-endpoint");
	c->r->via_vpc_endpoint = true;
	if (!c->r->via_id)
		c->r->via_id = ep->id;
	if (c->d.service != TOPO_SVC_NONE && ep->service != c->d.service) {
		h->result = HOP_DROP;
		finish(c, TRACE_UNREACHABLE, "NO_ROUTE", false, h,
		       "the route sends %s traffic to %s, a gateway endpoint for %s",
		       topo_service_name(c->d.service), ep->id, topo_service_name(ep->service));
		return;
	}
	if (c->d.service == TOPO_SVC_NONE) {
		/* F2.16: an address of the range the endpoint's route carries is the service */
		service_without_request(c, endpoint_service_label(ep), ep->service_region, ep->id);
		return;
	}
	if (!service_accepts(c))
		return;
	set_endpoint_context(c, ep, vpc_source_ip);
	authorize(c, ep, h);
}

static void via_internet(struct tctx *c, const struct topo_gateway *igw,
			 const struct net_addr *public_ip, bool egress_only)
{
	struct trace_hop *h = hop_new(c, false, egress_only ? "egress-only-internet-gateway" :
					       "internet-gateway", igw->id, HOP_PASS);
	if (c->d.service == TOPO_SVC_NONE && c->r->dst_service) {
		/* F2.16: an address of a service's published range is the service's public
		 * endpoint, on the AWS network; no request is named */
		h->detail = TEXT(c, "public service endpoint; %s seen from %s (stays on the AWS "
				 "network, F5.2)", c->r->dst_service, addr_str(c, public_ip));
		c->r->uses_public_service_endpoint = true;
		service_without_request(c, c->r->dst_service, c->r->dst_region, igw->id);
		return;
	}
	if (c->d.service == TOPO_SVC_NONE) {
		h->detail = TEXT(c, "leaves AWS from %s", addr_str(c, public_ip));
		finish(c, TRACE_EXITS_MODEL, "EXITS_MODEL", false, h,
		       "the flow leaves the modelled network through %s; the world sees it from %s",
		       igw->id, addr_str(c, public_ip));
		return;
	}
	h->detail = TEXT(c, "public service endpoint; %s seen from %s (stays on the AWS "
				 "network, F5.2)", topo_service_name(c->d.service),
				 addr_str(c, public_ip));
	c->r->uses_public_service_endpoint = true;
	if (!service_accepts(c))
		return;
	set_public_context(c, public_ip);
	authorize(c, NULL, NULL);
}

static void via_nat(struct tctx *c, const struct topo_nat_gateway *nat)
{
	path_add(c, "nat-gateway");
	c->r->via_id = nat->id;
	/* the packet enters the NAT's subnet first: from another subnet it crosses that
	 * subnet's NACL inbound (F6.3) */
	if (nat->subnet && nat->subnet != c->subnet &&
	    !nacl_hop(c, false, nat->subnet, false, &c->src_ip, one_port(c->port),
		      TEXT(c, "into NAT subnet %s", nat->subnet->id)))
		return;
	struct trace_hop *h = hop_new(c, false, "nat-gateway", nat->id, HOP_PASS);
	if (c->dst_ip.family == NET_V6) {
		h->result = HOP_DROP;
		finish(c, TRACE_UNREACHABLE, "IPV6_NOT_SUPPORTED", false, h,
		       "NAT gateways do not translate IPv6 (F5.4); use an egress-only internet gateway");
		return;
	}
	if (!nat->subnet) {
		h->result = HOP_DROP;
		finish(c, TRACE_UNREACHABLE, "NO_ROUTE", false, h, "NAT gateway %s has no subnet", nat->id);
		return;
	}
	const char *nat_az = nat->subnet->az, *src_az = c->subnet->az;
	if (nat_az && src_az && strcmp(nat_az, src_az) != 0) {
		c->r->cross_az = true;
		/* F5.6 */
		warn(c, "cross-az-nat", loc_str(c, nat->loc), "%s in %s uses NAT gateway %s in %s: "
		     "inter-AZ data transfer is charged on top of NAT processing", c->inst ? c->inst->id :
		     "the source", src_az, nat->id, nat_az);
	}
	h->detail = TEXT(c, "%s NAT in %s (%s), %s", nat->is_public ? "public" : "private",
				 nat->subnet->id, nat_az ? nat_az : "?",
				 nat->has_public_ip ? arena_printf(c->a, "elastic IP %s",
								   addr_str(c, &nat->public_ip)) :
						      "no elastic IP");
	trace_route(c, nat->subnet, &nat->private_ip, true, nat);
}

/* The response's way back through the NAT gateway's subnet: into it from the service
 * on the NAT's own ports (F5.5), then out of it to the client (F6.3). */
static bool return_through_nat(struct tctx *c, const struct topo_subnet *nat_subnet)
{
	struct topo_ports nat_ports = { 1024, 65535 }; /* F5.5 */
	if (!nacl_hop(c, true, nat_subnet, false, &c->dst_ip, nat_ports,
		      "response to the NAT gateway"))
		return false;
	if (nat_subnet == c->subnet)
		return true;
	struct topo_ports ports = client_ports(c);
	if (c->proto != TOPO_PROTO_TCP && c->proto != TOPO_PROTO_UDP)
		ports = one_port(0);
	return nacl_hop(c, true, nat_subnet, true, &c->src_ip, ports,
			TEXT(c, "response from the NAT gateway to %s", addr_str(c, &c->src_ip)));
}

/* What the route leads to, from subnet `from` for a packet from `src`. */
static void follow_target(struct tctx *c, const struct topo_route *route,
			  const struct topo_subnet *from, const struct net_addr *src,
			  bool behind_nat, const struct topo_nat_gateway *nat, struct trace_hop *rh);

/* Any unknown that could change the route a packet takes makes the answer unknown, never
 * a guess: a gateway endpoint of the VPC whose route tables are known only after apply
 * (F2.2) may send dst, an address of its service, through itself from this table (h:
 * the route-table hop, filled for the route the table has now, if any).  True when the
 * trace ended so. */
static bool unknown_endpoint_route(struct tctx *c, const struct topo_subnet *from,
				   const struct topo_route_table *rt, const struct route_match *m,
				   struct trace_hop *h)
{
	const struct topo_missing *unknown = route_unknown_endpoint(c->t, from->vpc);
	enum topo_service svc;
	const struct topo_prefix_list *pl;
	if (!unknown || !route_unknown_endpoint_may_take(c->t, from->vpc, &c->dst_ip, m, &svc, &pl))
		return false;
	h->result = HOP_DROP;
	if (unknown->loc.line)
		h->where = loc_str(c, unknown->loc);
	const char *now = m->outcome == ROUTE_FOUND ?
			  TEXT(c, "takes %s -> %s", h->route_destination, h->route_target) :
			  "has no route for it";
	const char *value = unknown->address && unknown->attribute ?
			    TEXT(c, "%s.%s", unknown->address, unknown->attribute) :
			    unknown->address ? unknown->address : NULL;
	finish(c, TRACE_AMBIGUOUS, "PLAN_UNKNOWN", false, h,
	       "%s %s known only after apply: a gateway endpoint for %s may add a route for %s "
	       "to route table %s, which now %s, and would carry %s (F2.2); the plan cannot tell "
	       "which way it goes", value ? value : TEXT(c, "the route tables of %s",
							 unknown->what),
	       value ? "is" : "are", topo_service_name(svc), pl->id, rt->id, now,
	       addr_str(c, &c->dst_ip));
	return true;
}

void trace_route(struct tctx *c, const struct topo_subnet *from, const struct net_addr *src,
		 bool behind_nat, const struct topo_nat_gateway *nat)
{
	const struct topo_route_table *rt = from->route_table;
	const struct topo_missing *missing = subnet_table_missing(c, from);
	if (missing || !rt) {
		subnet_part_missing(c, false, "route-table", from->route_table_ref.text, NULL, missing,
				    from);
		return;
	}
	struct route_match m;
	memo_route_lookup(c->q->memo, c->t, rt, &c->dst_ip, &m);
	struct trace_hop *h = hop_new(c, false, "route-table", rt->id, HOP_PASS);
	char buf[NET_PREFIXSTRLEN];
	if (behind_nat)
		h->detail = TEXT(c, "route table of %s (NAT subnet)", from->id);
	if (m.outcome == ROUTE_NONE) {
		if (unknown_endpoint_route(c, from, rt, &m, h))
			return;
		h->result = HOP_DROP;
		h->where = loc_str(c, rt->loc);
		const char *fix = hint_no_route(c, from, rt);  /* NULL in brief mode */
		finish(c, TRACE_UNREACHABLE, "NO_ROUTE", false, h,
		       "route table %s has no route for %s (F1.9); %s", rt->id,
		       addr_str(c, &c->dst_ip), fix ? fix : "add one");
		return;
	}
	const struct topo_route *r = m.route;
	h->route_destination = TEXT(c, "%s", route_dest_str(r, buf, sizeof(buf)));
	h->route_matched = TEXT(c, "%s", net_prefix_str(&m.matched, buf));
	h->route_target = r->target.text ? r->target.text : "?";
	h->where = r->loc.line ? loc_str(c, r->loc) : loc_str(c, rt->loc);
	if (r->origin == TOPO_ORIGIN_ENDPOINT)
		h->detail = TEXT(c, "gateway endpoint route (from %s's route_tables)",
					 h->route_target);
	else if (r->origin == TOPO_ORIGIN_PROPAGATED)
		h->detail = "propagated route";
	if (m.outcome == ROUTE_AMBIGUOUS) {
		h->result = HOP_DROP;
		finish(c, TRACE_AMBIGUOUS, "AMBIGUOUS_ROUTE", false, h,
		       "route table %s: prefix lists %s (-> %s) and %s (-> %s) both cover %s; AWS picks "
		       "one at random and keeps it (F1.4c), so the path is unknowable offline", rt->id,
		       r->dest_pl.text, r->target.text, m.rival->dest_pl.text, m.rival->target.text,
		       addr_str(c, &c->dst_ip));
		return;
	}
	if (unknown_endpoint_route(c, from, rt, &m, h))
		return;
	if (r->blackhole) {
		h->result = HOP_DROP;
		finish(c, TRACE_UNREACHABLE, "BLACKHOLE_ROUTE", false, h,
		       "route %s -> %s in %s is a blackhole (its target is gone, F1.8); the router does "
		       "not fall back to a less specific route (F1.9)", h->route_destination,
		       h->route_target, rt->id);
		return;
	}
	follow_target(c, r, from, src, behind_nat, nat, h);
}

static void follow_target(struct tctx *c, const struct topo_route *route,
			  const struct topo_subnet *from, const struct net_addr *src,
			  bool behind_nat, const struct topo_nat_gateway *nat, struct trace_hop *rh)
{
	const struct topo_ref *target = &route->target;
	if (target->missing || (!target->ptr && target->kind != TOPO_VPC)) {
		/* F9.7: an active route whose target's describe output was not collected */
		const char *vpc = from->vpc ? from->vpc->id : NULL;
		const struct topo_missing *m = topo_missing_of(c->t, target->kind, vpc, target->text);
		if (m) {
			missing_data(c, false, rh, m);
			return;
		}
	}
	switch (target->kind) {
	case TOPO_VPC:
		if (behind_nat) {
			rh->result = HOP_DROP;
			finish(c, TRACE_UNREACHABLE, "NO_ROUTE", false, rh,
			       "NAT gateway %s's subnet routes %s back into the VPC", nat->id,
			       addr_str(c, &c->dst_ip));
			return;
		}
		trace_local(c, rh);
		return;
	case TOPO_ENDPOINT: {
		const struct topo_endpoint *ep = target->ptr;
		/* the NAT's subnet NACL outbound, when the NAT sends through the endpoint */
		if (behind_nat && !nacl_hop(c, false, from, true, &c->dst_ip,
					    one_port(c->port), "from the NAT gateway"))
			return;
		via_gateway_endpoint(c, ep, src);
		if (!c->finished && behind_nat)
			return_through_nat(c, from);
		return;
	}
	case TOPO_NAT_GATEWAY:
		if (behind_nat) {
			rh->result = HOP_DROP;
			finish(c, TRACE_EXITS_MODEL, "EXITS_MODEL", false, rh,
			       "NAT gateway %s routes to another NAT gateway; chained NAT is not modelled",
			       nat->id);
			return;
		}
		via_nat(c, target->ptr);
		return;
	case TOPO_INTERNET_GATEWAY:
	case TOPO_EGRESS_ONLY_IGW: {
		const struct topo_gateway *igw = target->ptr;
		bool eo = target->kind == TOPO_EGRESS_ONLY_IGW;
		if (eo && c->dst_ip.family != NET_V6) {
			rh->result = HOP_DROP;
			finish(c, TRACE_UNREACHABLE, "NO_ROUTE", false, rh,
			       "an egress-only internet gateway carries IPv6 only");
			return;
		}
		if (behind_nat) {
			if (!nacl_hop(c, false, from, true, &c->dst_ip, one_port(c->port),
				      "from the NAT gateway"))
				return;
			if (!nat->is_public) {
				struct trace_hop *h = hop_new(c, false, "internet-gateway", igw->id, HOP_DROP);
				finish(c, TRACE_UNREACHABLE, "PRIVATE_NAT_TO_IGW", false, h,
				       "NAT gateway %s is private: the internet gateway drops its traffic "
				       "(F5.1); make it public or use a gateway endpoint", nat->id);
				return;
			}
			c->r->public_ipv4 = true;
			via_internet(c, igw, &nat->public_ip, false);
			if (!c->finished)
				return_through_nat(c, from);
			return;
		}
		path_add(c, eo ? "egress-only-internet-gateway" : "internet-gateway");
		c->r->via_id = igw->id;
		const struct net_addr *pub = NULL;
		if (c->dst_ip.family == NET_V4) {
			if (!c->inst || !c->inst->has_public_ip) {
				struct trace_hop *h = hop_new(c, false, "internet-gateway", igw->id, HOP_DROP);
				finish(c, TRACE_UNREACHABLE, "NO_PUBLIC_IP", false, h,
				       "%s has no public IPv4 address, so %s cannot carry its traffic "
				       "(F5.3); give it a public or elastic IP, or route through a NAT "
				       "gateway or a gateway endpoint", c->inst ? c->inst->id : "the source",
				       igw->id);
				return;
			}
			pub = &c->inst->public_ip;
			c->r->public_ipv4 = true;
		} else {
			pub = &c->src_ip;
		}
		via_internet(c, igw, pub, eo);
		return;
	}
	case TOPO_PEERING:
	case TOPO_TRANSIT_GATEWAY:
	case TOPO_VPN_GATEWAY:
		if (behind_nat) {
			rh->result = HOP_DROP;
			finish(c, TRACE_EXITS_MODEL, "EXITS_MODEL", false, rh,
			       "NAT gateway %s's subnet routes onward to %s; not traced by this version",
			       nat->id, target->text);
			return;
		}
		if (target->kind == TOPO_PEERING)
			via_peering(c, target->ptr, c->vpc);
		else if (target->kind == TOPO_TRANSIT_GATEWAY)
			via_tgw_from_vpc(c, target->ptr, rh);
		else
			via_vgw(c, target->ptr);
		return;
	case TOPO_ENI:
	case TOPO_UNMODELLED:
	case TOPO_INSTANCE:
	default:
		finish(c, TRACE_EXITS_MODEL, "EXITS_MODEL", false, rh,
		       "route target %s (%s) is not modelled; the flow leaves what vpcpath can trace",
		       target->text ? target->text : "?", topo_kind_name(target->kind));
		return;
	}
}
