/* outside.c - flows that start outside AWS: from an on-premises network through a VPN
 * or transit gateway, and from the internet through an internet gateway.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "trace-int.h"

/* From on premises: through the VPN gateway or transit gateway named by `via`. */
static void trace_from_on_premises(struct tctx *c)
{
	const struct topo_on_premises *op = c->onprem;
	struct trace_hop *h = hop_new(c, false, "on-premises", op->id, HOP_PASS);
	h->detail = TEXT(c, "host %s", addr_str(c, &c->src_ip));
	const struct topo_ref *via = &op->via;
	const struct topo_gateway *vgw = NULL;
	const struct topo_tgw_attachment *att = NULL;
	if (via->kind == TOPO_VPN_GATEWAY)
		vgw = via->ptr;
	else if (via->kind == TOPO_TGW_ATTACHMENT)
		att = via->ptr;
	else if (via->kind == TOPO_VPN_CONNECTION) {
		const struct topo_vpn_connection *v = via->ptr;
		if (v->gateway.kind == TOPO_VPN_GATEWAY)
			vgw = v->gateway.ptr;
		else if (v->gateway.kind == TOPO_TRANSIT_GATEWAY) {
			const struct topo_transit_gateway *tgw = v->gateway.ptr;
			for (size_t i = 0; i < tgw->nattachments; i++)
				if (tgw->attachments[i].vpn.ptr == v)
					att = &tgw->attachments[i];
		}
	} else if (via->kind == TOPO_TRANSIT_GATEWAY) {
		const struct topo_transit_gateway *tgw = via->ptr;
		for (size_t i = 0; i < tgw->nattachments && !att; i++)
			if (tgw->attachments[i].vpn.text)
				att = &tgw->attachments[i];
	}
	const struct topo_vpc *vpc = vgw ? vgw->vpc : NULL;
	const struct topo_transit_gateway *tgw = att ? tgw_of_attachment(c->t, att) : NULL;
	/* for the cost of the data sent back (F8.x): a transit gateway's on-premises
	 * attachment and a named VPN connection are VPN; a virtual private gateway may
	 * also carry Direct Connect, told apart only by the VPN connections it has */
	c->r->onprem_link = "vpn";
	if (vgw && via->kind == TOPO_VPN_GATEWAY) {
		bool has_vpn = false;
		for (size_t i = 0; i < c->t->nvpn_connections && !has_vpn; i++)
			has_vpn = c->t->vpn_connections[i].gateway.ptr == vgw;
		if (!has_vpn)
			c->r->onprem_link = "vpn-or-direct-connect";
	}
	if (!vpc && !tgw) {
		finish(c, TRACE_EXITS_MODEL, "EXITS_MODEL", false, h,
		       "%s reaches AWS through %s, which leads to no modelled VPC", op->id,
		       via->text ? via->text : "nothing");
		return;
	}
	/* names resolve through the Route 53 Resolver inbound endpoint of the VPC the
	 * network connects to (F3.4); with a TGW, of the first attached VPC */
	const struct topo_vpc *dns_vpc = vpc;
	for (size_t i = 0; !dns_vpc && tgw && i < tgw->nattachments; i++)
		dns_vpc = tgw->attachments[i].vpc.ptr;
	/* priced where it enters AWS */
	if (dns_vpc)
		c->r->src_region = dns_vpc->region;
	else if (tgw)
		c->r->src_region = tgw->region;
	if (!resolve_destination(c, dns_vpc, NULL, true))
		return;
	base_context(c);
	if (c->ans.endpoint && c->ans.source == DNS_PRIVATE_ENDPOINT)
		warn(c, "inbound-resolver", NULL, "assuming on-premises DNS forwards %s to a Route 53 "
		     "Resolver inbound endpoint in %s, where %s's private DNS answers it (F3.4)",
		     c->d.host, dns_vpc->id, c->ans.endpoint->id);
	if (tgw) {
		via_tgw(c, tgw, att);
		return;
	}
	path_add(c, "vpn-gateway");
	c->r->via_id = vgw->id;
	struct trace_hop *g = hop_new(c, false, "vpn-gateway", vgw->id, HOP_PASS);
	const char *down = vpn_down(c->t, vgw);
	if (down) {
		g->result = HOP_DROP;
		finish(c, TRACE_UNREACHABLE, "INACTIVE_CONNECTION", false, g,
		       "every VPN connection of %s is %s", vgw->id, down);
		return;
	}
	g->detail = TEXT(c, "into %s", vpc->id);
	if (!topo_vpc_holds(vpc, &c->dst_ip)) {
		if (c->d.service != TOPO_SVC_NONE && gateway_endpoint_for(vpc, c->d.service))
			not_transitive(c, vpc, g, TEXT(c, "on premises (%s)", op->id));
		else
			finish(c, TRACE_EXITS_MODEL, "EXITS_MODEL", false, g,
			       "%s is outside %s: through %s only the VPC's addresses are reachable; "
			       "the on-premises network's own route to %s is not modelled",
			       addr_str(c, &c->dst_ip), vpc->id, vgw->id, addr_str(c, &c->dst_ip));
		return;
	}
	c->r->dst_region = vpc->region;
	struct entry ev = { .how = ENTRY_VGW, .gateway = vgw, .gateway_id = vgw->id };
	deliver(c, vpc, &ev, NULL);
}

/* From a host on the internet to a public address, through the internet gateway. */
static void trace_from_internet(struct tctx *c)
{
	/* "internet": a hop kind added to cli.md's vocabulary for --from internet */
	struct trace_hop *h = hop_new(c, false, "internet", "internet", HOP_PASS);
	h->detail = TEXT(c, "internet host %s", addr_str(c, &c->src_ip));
	if (!resolve_destination(c, NULL, NULL, false))
		return;
	base_context(c);
	const struct topo_instance *target = NULL;
	for (size_t v = 0; v < c->t->nvpcs && !target; v++)
		for (size_t i = 0; i < c->t->vpcs[v].ninstances; i++) {
			const struct topo_instance *in = &c->t->vpcs[v].instances[i];
			bool match = in->has_public_ip && net_addr_eq(&in->public_ip, &c->dst_ip);
			for (size_t k = 0; !match && k < in->nipv6; k++)
				match = net_addr_eq(&in->ipv6_ips[k], &c->dst_ip);
			if (match) {
				target = in;
				break;
			}
		}
	if (!target) {
		/* a NAT gateway's elastic IP carries only the responses to its own flows */
		for (size_t v = 0; v < c->t->nvpcs; v++)
			for (size_t i = 0; i < c->t->vpcs[v].nnat_gateways; i++) {
				const struct topo_nat_gateway *n = &c->t->vpcs[v].nat_gateways[i];
				if (!n->has_public_ip || !net_addr_eq(&n->public_ip, &c->dst_ip))
					continue;
				struct trace_hop *g = hop_new(c, false, "nat-gateway", n->id, HOP_DROP);
				finish(c, TRACE_UNREACHABLE, "NO_INTERFACE_AT_DESTINATION", false, g,
				       "%s is the elastic IP of NAT gateway %s, which accepts no connections "
				       "from the internet", addr_str(c, &c->dst_ip), n->id);
				return;
			}
		finish(c, TRACE_EXITS_MODEL, "EXITS_MODEL", false, h,
		       "no instance of the topology has the public address %s",
		       addr_str(c, &c->dst_ip));
		return;
	}
	const struct topo_vpc *vpc = target->vpc;
	path_add(c, "internet-gateway");
	if (!vpc->internet_gateway) {
		struct trace_hop *g = hop_new(c, false, "internet-gateway", "-", HOP_DROP);
		finish(c, TRACE_UNREACHABLE, "NO_ROUTE", false, g,
		       "vpc %s has no internet gateway, so %s is not reachable from the internet",
		       vpc->id, addr_str(c, &c->dst_ip));
		return;
	}
	c->r->via_id = vpc->internet_gateway->id;
	struct trace_hop *g = hop_new(c, false, "internet-gateway", vpc->internet_gateway->id, HOP_PASS);
	if (c->dst_ip.family == NET_V4) {
		g->detail = TEXT(c, "public %s -> private %s (F5.3)", addr_str(c, &c->dst_ip),
					 addr_str(c, &target->private_ip));
		c->dst_ip = target->private_ip;
	}
	c->r->dst_region = vpc->region;
	c->r->src_region = vpc->region;
	struct entry ev = { .how = ENTRY_IGW, .gateway = vpc->internet_gateway,
			    .gateway_id = vpc->internet_gateway->id };
	deliver(c, vpc, &ev, NULL);
}

void trace_from_outside(struct tctx *c)
{
	if (c->onprem)
		trace_from_on_premises(c);
	else
		trace_from_internet(c);
}
