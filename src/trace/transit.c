/* transit.c - connections between networks: peering, transit gateways (F1.14), VPN
 * gateways (F1.13) and the exit to on-premises networks.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "trace-int.h"

static const char *peering_status_ok(const struct topo_peering *p)
{
	return !p->status || !strcmp(p->status, "active") ? NULL : p->status;
}

void via_peering(struct tctx *c, const struct topo_peering *pcx, const struct topo_vpc *from)
{
	path_add(c, "peering");
	if (!c->r->via_id)
		c->r->via_id = pcx->id;
	const struct topo_vpc *peer = pcx->requester.ptr == from ? pcx->accepter.ptr :
				      pcx->requester.ptr;
	struct trace_hop *h = hop_new(c, false, "peering-connection", pcx->id, HOP_PASS);
	const char *bad = peering_status_ok(pcx);
	if (bad || !peer || (pcx->requester.ptr != from && pcx->accepter.ptr != from)) {
		h->result = HOP_DROP;
		finish(c, TRACE_UNREACHABLE, "INACTIVE_CONNECTION", false, h,
		       bad ? "peering connection %s is %s, not active" :
			     "peering connection %s does not connect %s", pcx->id, bad ? bad : from->id);
		return;
	}
	bool same_region = !strcmp(peer->region, from->region);
	h->detail = TEXT(c, "%s (%s) -> %s (%s)%s", from->id, from->region, peer->id,
				 peer->region, same_region ? "" : ", inter-region");
	if (!topo_vpc_holds(peer, &c->dst_ip)) {
		if (c->d.service != TOPO_SVC_NONE)
			not_transitive(c, peer, h, TEXT(c, "a peered VPC (%s)", from->id));
		else {
			h->result = HOP_DROP;
			finish(c, TRACE_UNREACHABLE, "NO_ROUTE", false, h,
			       "%s is not in peer %s: a peering connection carries traffic only between "
			       "the two VPCs (no edge-to-edge routing)", addr_str(c, &c->dst_ip), peer->id);
		}
		return;
	}
	c->r->dst_region = peer->region;
	struct entry ev = { .how = ENTRY_PEERING, .gateway = pcx, .gateway_id = pcx->id,
			    .same_region = same_region };
	deliver(c, peer, &ev, NULL);
}

/* ---- transit gateways ---------------------------------------------------------------- */

const struct topo_transit_gateway *tgw_of_attachment(const struct topology *t,
						     const struct topo_tgw_attachment *a)
{
	for (size_t g = 0; g < t->ntransit_gateways; g++) {
		const struct topo_transit_gateway *tgw = &t->transit_gateways[g];
		if (a >= tgw->attachments && a < tgw->attachments + tgw->nattachments)
			return tgw;
	}
	return NULL;
}

static const struct topo_tgw_route_table *tgw_table_for(const struct topo_transit_gateway *tgw,
							  const struct topo_tgw_attachment *a)
{
	for (size_t i = 0; i < tgw->nroute_tables; i++) {
		const struct topo_tgw_route_table *rt = &tgw->route_tables[i];
		for (size_t k = 0; k < rt->associations.len; k++)
			if (rt->associations.items[k].ptr == a)
				return rt;
	}
	return NULL;
}


/* Longest prefix over the table's static routes and the routes its propagating
 * attachments bring (a VPC's CIDRs, a VPN's on-premises ranges); static wins a tie. */
void tgw_lookup(const struct topology *t, const struct topo_tgw_route_table *rt,
		const struct net_addr *dst, struct tgw_match *out)
{
	memset(out, 0, sizeof(*out));
	for (size_t i = 0; i < rt->nroutes; i++) {
		const struct topo_tgw_route *r = &rt->routes[i];
		const struct topo_prefix_list *pl = r->dest_is_prefix_list ? r->dest_pl.ptr : NULL;
		size_t n = pl ? pl->cidrs.len : 1;
		for (size_t k = 0; k < n; k++) {
			const struct net_prefix *p = pl ? &pl->cidrs.items[k] : &r->dest;
			if (!net_prefix_contains(p, dst) || (out->found && p->len <= out->matched.len))
				continue;
			out->found = true;
			out->matched = *p;
			out->attachment = r->attachment.ptr;
			out->blackhole = r->blackhole;
			out->propagated = false;
		}
	}
	for (size_t i = 0; i < rt->propagations.len; i++) {
		const struct topo_tgw_attachment *a = rt->propagations.items[i].ptr;
		if (!a)
			continue;
		struct topo_prefix_array arrays[64];
		size_t na = 0;
		if (a->vpc.ptr) {
			const struct topo_vpc *v = a->vpc.ptr;
			arrays[na++] = v->cidrs;
			arrays[na++] = v->ipv6_cidrs;
		}
		if (a->vpn.ptr)
			arrays[na++] = ((const struct topo_vpn_connection *)a->vpn.ptr)->static_routes;
		for (size_t o = 0; o < t->non_premises && na < 64; o++)
			if (t->on_premises[o].via.ptr == a)
				arrays[na++] = t->on_premises[o].cidrs;
		for (size_t k = 0; k < na; k++)
			for (size_t j = 0; j < arrays[k].len; j++) {
				const struct net_prefix *p = &arrays[k].items[j];
				if (!net_prefix_contains(p, dst) ||
				    (out->found && p->len <= out->matched.len))
					continue;
				out->found = true;
				out->matched = *p;
				out->attachment = a;
				out->blackhole = false;
				out->propagated = true;
			}
	}
}

static const struct topo_tgw_attachment *tgw_attachment_of_vpc(const struct topo_transit_gateway *tgw,
								const struct topo_vpc *vpc)
{
	for (size_t i = 0; i < tgw->nattachments; i++)
		if (tgw->attachments[i].vpc.ptr == vpc)
			return &tgw->attachments[i];
	return NULL;
}

static bool attachment_active(const struct topo_tgw_attachment *a)
{
	return !a->state || !strcmp(a->state, "available");
}

static void on_premises_exit(struct tctx *c, const char *gateway, const struct net_addr *dst);

static const struct topo_tgw_attachment *attachment_on(const struct topo_transit_gateway *tgw,
							const char *id)
{
	for (size_t i = 0; tgw && i < tgw->nattachments; i++)
		if (!strcmp(tgw->attachments[i].id, id))
			return &tgw->attachments[i];
	return NULL;
}

/* Over a peering attachment the packet continues at the peer gateway, routed by the
 * table the peer associates with the same attachment (F1.14). */
static void via_tgw_peering(struct tctx *c, const struct topo_tgw_attachment *to,
			    struct trace_hop *h)
{
	const struct topo_transit_gateway *peer = to->peer_tgw.ptr;
	if (!peer) {
		finish(c, TRACE_EXITS_MODEL, "EXITS_MODEL", false, h,
		       "the route leads over peering attachment %s to transit gateway %s%s%s, which the "
		       "topology does not describe; its routes decide the rest", to->id,
		       to->peer_tgw.text, to->peer_region ? " in " : "",
		       to->peer_region ? to->peer_region : "");
		return;
	}
	const struct topo_tgw_attachment *peer_side = attachment_on(peer, to->id);
	/* a side the loader made because only one side was declared: the peer's own
	 * data about it (its association) was not collected */
	if (!peer_side || (peer_side->implicit && !tgw_table_for(peer, peer_side))) {
		finish(c, TRACE_AMBIGUOUS, "MISSING_DATA", false, h,
		       "transit gateway %s does not list peering attachment %s, so the route table it "
		       "associates with it is unknown (F1.14, F9.7): collect `aws ec2 "
		       "describe-transit-gateway-peering-attachments` and `aws ec2 "
		       "get-transit-gateway-route-table-associations` for %s", peer->id, to->id,
		       peer->id);
		return;
	}
	via_tgw(c, peer, peer_side);
}

/* Through a transit gateway from attachment `from`. */
void via_tgw(struct tctx *c, const struct topo_transit_gateway *tgw,
	     const struct topo_tgw_attachment *from)
{
	path_add(c, "transit-gateway");
	if (!c->r->via_id)
		c->r->via_id = tgw->id;
	struct trace_hop *h = hop_new(c, false, "transit-gateway", tgw->id, HOP_PASS);
	size_t max = sizeof(c->tgw_crossed) / sizeof(c->tgw_crossed[0]);
	if (c->ntgw_crossed == max) {
		h->result = HOP_DROP;
		finish(c, TRACE_EXITS_MODEL, "EXITS_MODEL", false, h, "the flow crosses more than %zu "
		       "transit gateways (a loop of peering routes?); not traced further", max);
		return;
	}
	c->tgw_crossed[c->ntgw_crossed].tgw = tgw;
	c->tgw_crossed[c->ntgw_crossed++].in = from;
	if (!attachment_active(from)) {
		h->result = HOP_DROP;
		finish(c, TRACE_UNREACHABLE, "INACTIVE_CONNECTION", false, h,
		       "transit gateway attachment %s is %s, not available", from->id, from->state);
		return;
	}
	const struct topo_tgw_route_table *rt = tgw_table_for(tgw, from);
	if (!rt) {
		h->result = HOP_DROP;
		finish(c, TRACE_UNREACHABLE, "NO_ROUTE", false, h,
		       "attachment %s is associated with no route table of %s", from->id, tgw->id);
		return;
	}
	struct tgw_match m;
	tgw_lookup(c->t, rt, &c->dst_ip, &m);
	char buf[NET_PREFIXSTRLEN];
	if (!m.found) {
		h->result = HOP_DROP;
		h->where = loc_str(c, rt->loc);
		finish(c, TRACE_UNREACHABLE, "NO_ROUTE", false, h,
		       "transit gateway route table %s has no route for %s", rt->id,
		       addr_str(c, &c->dst_ip));
		return;
	}
	h->route_destination = TEXT(c, "%s", net_prefix_str(&m.matched, buf));
	h->route_target = m.attachment ? m.attachment->id : "blackhole";
	h->detail = TEXT(c, "route table %s (%s route), from %s", rt->id,
				 m.propagated ? "propagated" : "static", from->id);
	if (m.blackhole || !m.attachment) {
		h->result = HOP_DROP;
		finish(c, TRACE_UNREACHABLE, "BLACKHOLE_ROUTE", false, h,
		       "transit gateway route %s in %s is a blackhole", h->route_destination, rt->id);
		return;
	}
	const struct topo_tgw_attachment *to = m.attachment;
	if (!attachment_active(to)) {
		h->result = HOP_DROP;
		finish(c, TRACE_UNREACHABLE, "INACTIVE_CONNECTION", false, h,
		       "transit gateway attachment %s is %s, not available", to->id, to->state);
		return;
	}
	if (to->peer_tgw.text) {
		via_tgw_peering(c, to, h);
		return;
	}
	if (to->vpn.ptr) {
		on_premises_exit(c, to->id, &c->dst_ip);
		return;
	}
	const struct topo_vpc *vpc = to->vpc.ptr;
	if (!vpc) {
		finish(c, TRACE_EXITS_MODEL, "EXITS_MODEL", false, h, "attachment %s leads out of the "
		       "modelled network", to->id);
		return;
	}
	if (!topo_vpc_holds(vpc, &c->dst_ip)) {
		if (c->d.service != TOPO_SVC_NONE)
			not_transitive(c, vpc, h, TEXT(c, "transit gateway %s", tgw->id));
		else
			finish(c, TRACE_EXITS_MODEL, "EXITS_MODEL", false, h,
			       "%s leaves vpc %s onward (centralised egress through %s is not traced by "
			       "this version)", addr_str(c, &c->dst_ip), vpc->id, to->id);
		return;
	}
	c->r->dst_region = vpc->region;
	struct entry ev = { .how = ENTRY_TGW, .gateway = tgw, .gateway_id = tgw->id, .tgw = tgw };
	deliver(c, vpc, &ev, NULL);
}

/* The response crosses the transit gateways back in reverse order: at each, the table
 * associated with the attachment it arrives on must lead to the attachment the request
 * came in by (F1.14). */
bool tgw_return_ok(struct tctx *c, const struct topo_vpc *vpc)
{
	if (!c->ntgw_crossed)
		return true;
	const struct topo_tgw_attachment *back_from =
		tgw_attachment_of_vpc(c->tgw_crossed[c->ntgw_crossed - 1].tgw, vpc);
	for (size_t k = c->ntgw_crossed; k-- > 0;) {
		const struct topo_transit_gateway *tgw = c->tgw_crossed[k].tgw;
		const struct topo_tgw_attachment *want = c->tgw_crossed[k].in;
		const struct topo_tgw_route_table *rt = back_from ? tgw_table_for(tgw, back_from) : NULL;
		struct trace_hop *h = hop_new(c, true, "transit-gateway", tgw->id, HOP_PASS);
		struct tgw_match m = { 0 };
		if (rt)
			tgw_lookup(c->t, rt, &c->src_ip, &m);
		if (!rt || !m.found || m.blackhole || m.attachment != want) {
			h->result = HOP_DROP;
			finish(c, TRACE_UNREACHABLE, "NO_RETURN_ROUTE", true, h,
			       "transit gateway %s: the route table of %s (%s) does not lead back to %s "
			       "through %s", tgw->id, back_from ? back_from->id :
			       "the destination's attachment", rt ? rt->id : "none",
			       addr_str(c, &c->src_ip), want ? want->id : "?");
			return false;
		}
		char buf[NET_PREFIXSTRLEN];
		h->detail = TEXT(c, "route table %s", rt->id);
		h->route_destination = TEXT(c, "%s", net_prefix_str(&m.matched, buf));
		h->route_target = m.attachment->id;
		/* over a peering attachment: the response arrives at the previous gateway on
		 * that gateway's side of the same attachment */
		if (k)
			back_from = attachment_on(c->tgw_crossed[k - 1].tgw, want->id);
	}
	return true;
}

void via_tgw_from_vpc(struct tctx *c, const struct topo_transit_gateway *tgw,
		      struct trace_hop *rh)
{
	const struct topo_tgw_attachment *a = tgw_attachment_of_vpc(tgw, c->vpc);
	if (!a) {
		rh->result = HOP_DROP;
		finish(c, TRACE_UNREACHABLE, "NO_ROUTE", false, rh,
		       "the route targets %s, but vpc %s has no attachment to it", tgw->id, c->vpc->id);
		return;
	}
	/* topology.md: a VPC's traffic reaches the TGW only from AZs with an attachment subnet */
	bool az_ok = a->subnets.len == 0;
	for (size_t i = 0; i < a->subnets.len && c->subnet && c->subnet->az; i++) {
		const struct topo_subnet *s = a->subnets.items[i].ptr;
		if (s && s->az && !strcmp(s->az, c->subnet->az))
			az_ok = true;
	}
	if (!az_ok) {
		rh->result = HOP_DROP;
		finish(c, TRACE_UNREACHABLE, "NO_ROUTE", false, rh,
		       "attachment %s has no subnet in %s, so traffic from %s cannot reach %s; add an "
		       "attachment subnet in that AZ", a->id, c->subnet->az, c->subnet->id, tgw->id);
		return;
	}
	via_tgw(c, tgw, a);
}

/* ---- on premises ------------------------------------------------------------------ */

const struct topo_on_premises *on_premises_for(const struct topology *t,
					       const struct net_addr *a)
{
	for (size_t i = 0; i < t->non_premises; i++)
		for (size_t k = 0; k < t->on_premises[i].cidrs.len; k++)
			if (net_prefix_contains(&t->on_premises[i].cidrs.items[k], a))
				return &t->on_premises[i];
	return NULL;
}

/* Out of AWS to an on-premises network: what happens there is not modelled. */
static void on_premises_exit(struct tctx *c, const char *gateway, const struct net_addr *dst)
{
	const struct topo_on_premises *op = on_premises_for(c->t, dst);
	struct trace_hop *h = hop_new(c, false, "on-premises", op ? op->id : addr_str(c, dst), HOP_PASS);
	const struct topo_vpn_connection *vpn = NULL;
	for (size_t i = 0; !op && !vpn && i < c->t->nvpn_connections; i++)
		for (size_t k = 0; k < c->t->vpn_connections[i].static_routes.len; k++)
			if (net_prefix_contains(&c->t->vpn_connections[i].static_routes.items[k], dst))
				vpn = &c->t->vpn_connections[i];
	if (op)
		finish(c, TRACE_EXITS_MODEL, "EXITS_MODEL", false, h,
		       "the flow leaves AWS through %s to %s; firewalls and routing there are not "
		       "modelled", gateway, op->id);
	else if (vpn)
		finish(c, TRACE_EXITS_MODEL, "EXITS_MODEL", false, h,
		       "the flow leaves AWS through %s to the network behind VPN connection %s (a static "
		       "route of it holds %s); firewalls and routing there are not modelled", gateway,
		       vpn->id, addr_str(c, dst));
	else  /* not a network the topology places on premises: say only where it goes */
		finish(c, TRACE_EXITS_MODEL, "EXITS_MODEL", false, h,
		       "the flow leaves AWS through %s toward %s, which no on_premises network of the "
		       "topology holds; what the far side does with it is not modelled", gateway,
		       addr_str(c, dst));
}

const char *vpn_down(const struct topology *t, const struct topo_gateway *vgw)
{
	size_t n = 0, up = 0;
	const char *state = NULL;
	for (size_t i = 0; i < t->nvpn_connections; i++)
		if (t->vpn_connections[i].gateway.ptr == vgw) {
			n++;
			state = t->vpn_connections[i].state;
			if (!state || !strcmp(state, "available"))
				up++;
		}
	return n && !up ? (state ? state : "down") : NULL;
}

void via_vgw(struct tctx *c, const struct topo_gateway *vgw)
{
	path_add(c, "vpn-gateway");
	if (!c->r->via_id)
		c->r->via_id = vgw->id;
	struct trace_hop *h = hop_new(c, false, "vpn-gateway", vgw->id, HOP_PASS);
	h->detail = "to the VPN connection(s) of this gateway";
	const char *down = vpn_down(c->t, vgw);
	if (down) {
		h->result = HOP_DROP;
		finish(c, TRACE_UNREACHABLE, "INACTIVE_CONNECTION", false, h,
		       "every VPN connection of %s is %s", vgw->id, down);
		return;
	}
	/* F1.13: the gateway forwards only prefixes it knows: the static routes of its VPN
	 * connections, the networks the topology places behind it, and what BGP
	 * advertises, which no describe output shows */
	bool known = false, open = false;
	size_t nvpn = 0;
	char buf[NET_PREFIXSTRLEN];
	const char *known_list = NULL;
	for (size_t i = 0; i < c->t->nvpn_connections; i++) {
		const struct topo_vpn_connection *v = &c->t->vpn_connections[i];
		if (v->gateway.ptr != vgw)
			continue;
		nvpn++;
		if (!v->static_routes_only_given || !v->static_routes_only)
			open = true;
		for (size_t k = 0; k < v->static_routes.len; k++) {
			known = known || net_prefix_contains(&v->static_routes.items[k], &c->dst_ip);
			if (!c->brief)
				known_list = known_list ? arena_concat(c->a, known_list, ", ",
					net_prefix_str(&v->static_routes.items[k], buf), NULL) :
					arena_strdup(c->a, net_prefix_str(&v->static_routes.items[k], buf));
		}
	}
	for (size_t i = 0; i < c->t->non_premises && !known; i++) {
		const struct topo_on_premises *op = &c->t->on_premises[i];
		const struct topo_ref *via = &op->via;
		bool behind = via->ptr == vgw || (via->kind == TOPO_VPN_CONNECTION && via->ptr &&
			((const struct topo_vpn_connection *)via->ptr)->gateway.ptr == vgw);
		for (size_t k = 0; behind && k < op->cidrs.len; k++)
			known = known || net_prefix_contains(&op->cidrs.items[k], &c->dst_ip);
	}
	if (known) {
		on_premises_exit(c, vgw->id, &c->dst_ip);
		return;
	}
	const struct topo_missing *m = topo_missing_of(c->t, TOPO_VPN_CONNECTION, NULL, NULL);
	if (!nvpn && m) {
		missing_data(c, false, h, m);
		return;
	}
	if (open || !nvpn) {
		finish(c, TRACE_EXITS_MODEL, "EXITS_MODEL", false, h,
		       "%s forwards only prefixes it knows (F1.13); %s, and the prefixes BGP "
		       "advertises are in no describe output, so whether it knows %s is not known "
		       "offline", vgw->id, nvpn ? "a VPN connection of it uses BGP (or does not say "
		       "static_routes_only)" : "no VPN connection of it is in the topology (a Direct "
		       "Connect gateway may serve it)", addr_str(c, &c->dst_ip));
		return;
	}
	h->result = HOP_DROP;
	finish(c, TRACE_UNREACHABLE, "VGW_NO_ROUTE", false, h,
	       "%s knows only the static routes of its VPN connections (%s) and %s is in none: a "
	       "virtual private gateway forwards only prefixes it knows (F1.13); add a static route "
	       "to the VPN connection", vgw->id, known_list ? known_list : "none",
	       addr_str(c, &c->dst_ip));
}
