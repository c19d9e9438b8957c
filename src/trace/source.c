/* source.c - what the flow's two ends are: the source (an instance, an address in a
 * subnet, an on-premises network, the internet) and the destination's address as DNS
 * answers it from the source (dest.c), with the addresses the host answers itself.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "trace-int.h"

/* ---- source ---------------------------------------------------------------------- */

bool resolve_source(struct tctx *c, struct diag_list *diags)
{
	const struct topology *t = c->t;
	const char *from = c->q->from;
	bool ambiguous = false;
	const struct topo_instance *in = topo_find(t, TOPO_INSTANCE, from, &ambiguous);
	if (ambiguous) {
		char list[512] = "";
		for (size_t v = 0; v < t->nvpcs; v++)
			for (size_t i = 0; i < t->vpcs[v].ninstances; i++)
				if (t->vpcs[v].instances[i].name &&
				    !strcmp(t->vpcs[v].instances[i].name, from) &&
				    strlen(list) + strlen(t->vpcs[v].instances[i].id) + 3 < sizeof(list)) {
					if (*list)
						strcat(list, ", ");
					strcat(list, t->vpcs[v].instances[i].id);
				}
		diag_add(diags, DIAG_ERROR, NULL, 0, 0, NULL,
			 "--from %s: several instances have that name (%s); use an id", from, list);
		return false;
	}
	struct net_addr a;
	if (!in && net_addr_parse(from, &a)) {
		for (size_t v = 0; v < t->nvpcs && !in; v++)
			for (size_t i = 0; i < t->vpcs[v].ninstances; i++) {
				const struct topo_instance *x = &t->vpcs[v].instances[i];
				bool m = x->has_private_ip && net_addr_eq(&x->private_ip, &a);
				for (size_t k = 0; !m && k < x->nipv6; k++)
					m = net_addr_eq(&x->ipv6_ips[k], &a);
				if (m) {
					in = x;
					break;
				}
			}
		if (!in) {
			const struct topo_subnet *s = topo_subnet_for_addr(t, &a);
			if (s) {
				/* an address with no declared ENI: its subnet, the VPC default SG */
				c->subnet = s;
				c->vpc = s->vpc;
				c->src_ip = a;
				c->sgs = arena_alloc(c->a, sizeof(*c->sgs));
				c->sgs[0] = s->vpc->default_sg;
				c->nsgs = 1;
				c->eph.lo = 32768;
				c->eph.hi = 61000;
				c->r->src_kind = "address";
				c->r->src_id = arena_strdup(c->a, from);
				warn(c, "source-address", NULL, "no instance has %s; tracing it as an ENI in %s "
				     "with the VPC default security group %s", from, s->id,
				     s->vpc->default_sg->id);
				return true;
			}
		}
	}
	if (in) {
		if (!in->subnet) {
			diag_add(diags, DIAG_ERROR, NULL, 0, 0, NULL, "--from %s: instance has no subnet",
				 from);
			return false;
		}
		c->inst = in;
		c->subnet = in->subnet;
		c->vpc = in->vpc;
		c->eph = in->ephemeral;
		instance_sgs(c, in, &c->sgs, &c->nsgs);
		c->r->src_kind = "instance";
		c->r->src_id = in->id;
		if (c->q->ipv6 && in->nipv6)
			c->src_ip = in->ipv6_ips[0];
		else
			c->src_ip = in->private_ip;
		return true;
	}
	const struct topo_on_premises *op = topo_find(t, TOPO_ON_PREMISES, from, &ambiguous);
	bool addr_given = net_addr_parse(from, &a);
	if (!op && addr_given)
		op = on_premises_for(t, &a);
	if (!op && addr_given) {
		/* an address behind a VPN connection's static routes is on premises too */
		for (size_t i = 0; i < t->nvpn_connections && !op; i++) {
			const struct topo_vpn_connection *v = &t->vpn_connections[i];
			for (size_t k = 0; k < v->static_routes.len; k++)
				if (net_prefix_contains(&v->static_routes.items[k], &a)) {
					struct topo_on_premises *o = arena_alloc(c->a, sizeof(*o));
					o->id = v->id;
					o->cidrs = v->static_routes;
					o->via.text = v->id;
					o->via.kind = TOPO_VPN_CONNECTION;
					o->via.ptr = (void *)v;
					op = o;
					break;
				}
		}
	}
	if (op) {
		c->onprem = op;
		if (addr_given) {
			c->src_ip = a;
		} else if (op->cidrs.len) {
			/* a representative host of the network: not the network address */
			c->src_ip = net_prefix_nth(&op->cidrs.items[0],
						   net_prefix_size(&op->cidrs.items[0]) > 16 ? 10 : 0);
		}
		/* unknown client OS: the range AWS suggests opening in practice (F6.4) */
		c->eph.lo = 1024;
		c->eph.hi = 65535;
		c->r->src_kind = "on-premises";
		c->r->src_id = op->id;
		return true;
	}
	if (!strcmp(from, "internet") || !strncmp(from, "internet:", 9)) {
		const char *addr = from[8] == ':' ? from + 9 : "198.51.100.10";
		if (!net_addr_parse(addr, &c->src_ip)) {
			diag_add(diags, DIAG_ERROR, NULL, 0, 0, NULL, "--from %s: '%s' is not an address",
				 from, addr);
			return false;
		}
		c->eph.lo = 1024;
		c->eph.hi = 65535;
		c->r->src_kind = "internet";
		c->r->src_id = "internet";
		return true;
	}
	diag_add(diags, DIAG_ERROR, NULL, 0, 0, NULL,
		 "--from %s: no instance, address in a subnet, on-premises network or 'internet' by "
		 "that name", from);
	return false;
}

/* ---- the trace ------------------------------------------------------------------------ */

/* Addresses the instance's host answers itself: never routed, and no NACL or security
 * group applies (F1.7, F6.3).  Other addresses of the reserved ranges are dropped. */
bool host_served(struct tctx *c)
{
	static const struct { const char *addr, *what; } served[] = {
		{ "169.254.169.254", "instance metadata service" },
		{ "169.254.169.253", "Amazon-provided DNS" },
		{ "169.254.169.123", "Amazon Time Sync" },
		{ "fd00:ec2::254", "instance metadata service" },
		{ "fd00:ec2::253", "Amazon-provided DNS" },
		{ "fd00:ec2::123", "Amazon Time Sync" },
	};
	/* all of them lie in 169.254.168.0/22 or fd00:ec2::/32 (below): a byte test
	 * spares the parsing for the addresses in neither, nearly all of them */
	const uint8_t *b = c->dst_ip.b;
	bool in_v4 = c->dst_ip.family == NET_V4 && b[0] == 169 && b[1] == 254 && (b[2] & 0xfc) == 168;
	bool in_v6 = c->dst_ip.family == NET_V6 && b[0] == 0xfd && b[1] == 0x00 && b[2] == 0x0e &&
		     b[3] == 0xc2;
	if (!in_v4 && !in_v6)
		return false;
	for (size_t i = 0; i < sizeof(served) / sizeof(served[0]); i++) {
		struct net_addr a;
		net_addr_parse(served[i].addr, &a);
		if (!net_addr_eq(&a, &c->dst_ip))
			continue;
		struct trace_hop *h = hop_new(c, false, "service", served[i].addr, HOP_ALLOW);
		h->detail = TEXT(c, "%s, answered by the instance's host: not routed, no "
					 "security group or network ACL applies (F1.7, F6.3)",
					 served[i].what);
		path_add(c, "local");
		return true;
	}
	static const char *const reserved[] = { "169.254.168.0/22", "fd00:ec2::/32" };
	for (size_t i = 0; i < 2; i++) {
		struct net_prefix p;
		net_prefix_parse(reserved[i], &p, NULL);
		if (!net_prefix_contains(&p, &c->dst_ip))
			continue;
		struct trace_hop *h = hop_new(c, false, "route-table", c->subnet->route_table ?
					      c->subnet->route_table->id : "-",
					      HOP_DROP);
		finish(c, TRACE_UNREACHABLE, "NO_ROUTE", false, h,
		       "%s is in %s, which AWS reserves: packets to it are not forwarded (F1.7)",
		       addr_str(c, &c->dst_ip), reserved[i]);
		return true;
	}
	return false;
}

/* The VPC's Route 53 Resolver at the base of a VPC CIDR plus two (F6.3: NACLs cannot
 * block it). */
bool is_vpc_resolver(const struct topo_vpc *vpc, const struct net_addr *a)
{
	for (size_t i = 0; vpc && i < vpc->cidrs.len; i++) {
		struct net_addr r = net_prefix_nth(&vpc->cidrs.items[i], 2);
		if (net_addr_eq(&r, a))
			return true;
	}
	return false;
}

/* Resolves the destination's name as seen from vpc/az; on failure the trace ends
 * with DNS_UNRESOLVED. */
bool resolve_destination(struct tctx *c, const struct topo_vpc *vpc, const char *az,
			 bool inbound_resolver)
{
	struct trace_result *r = c->r;
	char err[512];
	bool v6 = c->q->ipv6 && (c->inst ? c->inst->nipv6 > 0 : c->src_ip.family == NET_V6);
	if (c->d.host) {
		if (!dest_resolve(c->t, &c->d, vpc, az, v6, inbound_resolver, &c->ans, err, sizeof(err))) {
			struct trace_hop *dh = hop_new(c, false, "dns", c->d.host, HOP_DROP);
			finish(c, TRACE_UNREACHABLE, "DNS_UNRESOLVED", false, dh, "%s", err);
			return false;
		}
		/* F2.17: the name stands for the whole range; trace_run picks the address */
		if (c->ans.source == DNS_SERVICE_RANGE)
			range_pick(c);
	} else {
		c->ans.ip = c->d.ip;
		c->ans.source = DNS_LITERAL;
	}
	c->dst_ip = c->ans.ip;
	r->dst_ip = addr_str(c, &c->dst_ip);
	/* a dual-stack instance talks to an IPv4 answer from its IPv4 address, and to an
	 * IPv6 answer from its IPv6 address */
	if (c->inst && c->dst_ip.family != c->src_ip.family) {
		if (c->dst_ip.family == NET_V4 && c->inst->has_private_ip)
			c->src_ip = c->inst->private_ip;
		else if (c->dst_ip.family == NET_V6 && c->inst->nipv6)
			c->src_ip = c->inst->ipv6_ips[0];
		r->src_ip = addr_str(c, &c->src_ip);
	}
	/* an address in a service's range names that service */
	if (c->d.service == TOPO_SVC_NONE && c->d.has_ip) {
		for (size_t i = 0; i < c->t->nprefix_lists && !r->dst_service; i++) {
			const struct topo_prefix_list *pl = &c->t->prefix_lists[i];
			if (pl->service == TOPO_SVC_NONE)
				continue;
			for (size_t k = 0; k < pl->cidrs.len; k++)
				if (net_prefix_contains(&pl->cidrs.items[k], &c->dst_ip)) {
					r->dst_service = topo_service_name(pl->service);
					r->dst_region = pl->region;
					break;
				}
		}
	}
	if (c->dst_ip.family != c->src_ip.family) {
		struct trace_hop *dh = hop_new(c, false, "dns", c->d.host ? c->d.host : r->dst_ip, HOP_DROP);
		finish(c, TRACE_UNREACHABLE, "IPV6_NOT_SUPPORTED", false, dh,
		       "the source has no %s address to reach %s", c->dst_ip.family == NET_V6 ? "IPv6" :
		       "IPv4", r->dst_ip);
		return false;
	}
	return true;
}
