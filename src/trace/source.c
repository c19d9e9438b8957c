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

/* The on-premises network an address is in: a declared one, or the static routes of a
 * VPN connection (then made here, in c's arena). */
static const struct topo_on_premises *on_premises_at(struct tctx *c, const struct net_addr *a)
{
	const struct topo_on_premises *op = on_premises_for(c->t, a);
	for (size_t i = 0; i < c->t->nvpn_connections && !op; i++) {
		const struct topo_vpn_connection *v = &c->t->vpn_connections[i];
		for (size_t k = 0; k < v->static_routes.len; k++)
			if (net_prefix_contains(&v->static_routes.items[k], a)) {
				struct topo_on_premises *o = arena_alloc(c->a, sizeof(*o));
				o->id = v->id;
				o->cidrs = v->static_routes;
				o->via.text = v->id;
				o->via.kind = TOPO_VPN_CONNECTION;
				o->via.ptr = (void *)v;
				return o;
			}
	}
	return op;
}

static void source_instance(struct tctx *c, const struct topo_instance *in)
{
	c->inst = in;
	c->subnet = in->subnet;
	c->vpc = in->vpc;
	c->eph = in->ephemeral;
	instance_sgs(c, in, &c->sgs, &c->nsgs);
	c->r->src_kind = "instance";
	c->r->src_id = in->id;
	if ((c->q->ipv6 && in->nipv6) || !in->has_private_ip)
		c->src_ip = in->ipv6_ips[0];
	else
		c->src_ip = in->private_ip;
}

/* A declared network interface (F6.5): a source like an instance, with its own
 * security groups; the default ephemeral range (F6.4). */
static void source_interface(struct tctx *c, const struct topo_interface *ifc)
{
	c->iface = ifc;
	c->subnet = ifc->subnet;
	c->vpc = ifc->vpc;
	c->eph.lo = 32768;
	c->eph.hi = 61000;
	c->sgs = arena_alloc(c->a, (ifc->security_groups.len + 1) * sizeof(*c->sgs));
	c->nsgs = 0;
	for (size_t i = 0; i < ifc->security_groups.len; i++)
		if (ifc->security_groups.items[i].ptr)
			c->sgs[c->nsgs++] = ifc->security_groups.items[i].ptr;
	c->r->src_kind = "interface";
	c->r->src_id = ifc->id;
	c->src_ip = c->q->ipv6 && ifc->nipv6 ? ifc->ipv6_ips[0] : ifc->private_ips[0];
}

static void source_outside(struct tctx *c, const char *kind, const char *id)
{
	/* unknown client OS: the range AWS suggests opening in practice (F6.4) */
	c->eph.lo = 1024;
	c->eph.hi = 65535;
	c->r->src_kind = kind;
	c->r->src_id = id;
}

bool resolve_source(struct tctx *c, struct diag_list *diags)
{
	const struct topology *t = c->t;
	const char *from = c->q->from;
	char err[600];
	struct named n;
	if (!memo_name_resolve(c->q->memo, t, from, &n, err, sizeof(err))) {
		diag_add(diags, DIAG_ERROR, NULL, 0, 0, NULL, "--from %s: %s", from, err);
		return false;
	}
	/* an instance the data lacks (not collected, or placed only after apply by a
	 * Terraform plan): its flows are not known (F9.7, PLAN_UNKNOWN), not a usage error */
	const struct topo_missing *gone = n.kind == NAMED_NOTHING ? name_missing(t, from) : NULL;
	if (gone) {
		c->src_missing = gone;
		c->r->src_kind = gone->kind == TOPO_MISSING_INSTANCES ? "instance" : "interface";
		c->r->src_id = gone->id ? gone->id : arena_strdup(c->a, from);
		return true;
	}
	const struct topo_instance *in = n.instance;
	const struct topo_on_premises *op = n.on_premises;
	if (n.kind == NAMED_ADDRESS) {
		/* the instance or interface that has the address (the model's index) */
		const struct topo_addr_owner *owner = topo_addr_owner(t, &n.ip, NULL);
		if (owner && owner->kind == TOPO_INSTANCE) {
			in = owner->obj;
		} else if (owner && owner->kind == TOPO_INTERFACE) {
			n.kind = NAMED_INTERFACE;
			n.interface = owner->obj;
		} else {
			const struct topo_subnet *s = topo_subnet_for_addr(t, &n.ip);
			if (s) {
				/* an address with no declared ENI: its subnet, the VPC default SG */
				c->subnet = s;
				c->vpc = s->vpc;
				c->src_ip = n.ip;
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
			op = on_premises_at(c, &n.ip);
		}
	}
	if (n.kind == NAMED_INTERFACE) {
		if (!n.interface->subnet) {
			/* F9.7: its subnet was not collected: the trace says so */
			c->src_missing = topo_missing_of(c->t, TOPO_SUBNET, n.interface->vpc->id,
							 n.interface->subnet_ref.text);
			if (c->src_missing) {
				c->iface = n.interface;
				c->vpc = n.interface->vpc;
				c->r->src_kind = "interface";
				c->r->src_id = n.interface->id;
				return true;
			}
			diag_add(diags, DIAG_ERROR, NULL, 0, 0, NULL, "--from %s: interface %s has no "
				 "subnet", from, n.interface->id);
			return false;
		}
		source_interface(c, n.interface);
		if (n.has_ip)  /* one of its addresses, not necessarily the primary */
			c->src_ip = n.ip;
		return true;
	}
	if (in) {
		if (!in->subnet) {
			/* F9.7: its subnet was not collected: the trace says so */
			c->src_missing = topo_missing_of(c->t, TOPO_SUBNET, in->vpc->id,
							 in->subnet_ref.text);
			if (c->src_missing) {
				c->inst = in;
				c->vpc = in->vpc;
				c->r->src_kind = "instance";
				c->r->src_id = in->id;
				return true;
			}
			diag_add(diags, DIAG_ERROR, NULL, 0, 0, NULL, "--from %s: instance has no subnet",
				 from);
			return false;
		}
		if (!in->has_private_ip && !in->nipv6) {
			diag_add(diags, DIAG_ERROR, NULL, 0, 0, NULL, "--from %s: instance %s has no "
				 "address", from, in->id);
			return false;
		}
		source_instance(c, in);
		return true;
	}
	if (op) {
		c->onprem = op;
		if (n.has_ip)
			c->src_ip = n.ip;
		else
			on_premises_host(op, &c->src_ip);
		source_outside(c, "on-premises", op->id);
		return true;
	}
	if (n.kind == NAMED_INTERNET) {
		c->src_ip = n.ip;
		source_outside(c, "internet", "internet");
		return true;
	}
	if (n.kind == NAMED_ADDRESS) {
		diag_add(diags, DIAG_ERROR, NULL, 0, 0, NULL, "--from %s: no subnet, on-premises "
			 "network or VPN route holds %s; a host on the internet is internet:%s", from,
			 from, from);
		return false;
	}
	name_unknown(t, from, false, c->a, err, sizeof(err));
	diag_add(diags, DIAG_ERROR, NULL, 0, 0, NULL, "--from %s: %s", from, err);
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

/* The address an instance named as the destination is reached at: from the internet
 * its public address (IPv6 with --ipv6), else its private address (IPv6 with --ipv6);
 * then the tracer judges it by the instance's own security groups, as for any address
 * of its interface (F6.5). */
static struct net_addr instance_address(struct tctx *c, const struct topo_instance *in, bool v6)
{
	if (v6 && in->nipv6)
		return in->ipv6_ips[0];
	if (!c->subnet && !c->onprem && in->has_public_ip)
		return in->public_ip;
	if (in->has_private_ip)
		return in->private_ip;
	return in->ipv6_ips[0];
}

/* The partition a Region belongs to, by its name (ip-ranges.json's convention). */
static const char *region_partition(const char *region)
{
	if (!region)
		return "aws";
	if (str_has_prefix(region, "cn-"))
		return "aws-cn";
	if (str_has_prefix(region, "us-gov-"))
		return "aws-us-gov";
	if (str_has_prefix(region, "us-isob-"))
		return "aws-iso-b";
	if (str_has_prefix(region, "us-iso-"))
		return "aws-iso";
	return "aws";
}

/* Resolves the destination's name as seen from vpc/az; on failure the trace ends
 * with DNS_UNRESOLVED. */
bool resolve_destination(struct tctx *c, const struct topo_vpc *vpc, const char *az,
			 bool inbound_resolver)
{
	struct trace_result *r = c->r;
	char err[512];
	bool v6 = c->q->ipv6 && (c->inst ? c->inst->nipv6 > 0 : c->src_ip.family == NET_V6);
	if (c->d.named.kind != NAMED_NOTHING && c->d.named.kind != NAMED_ADDRESS) {
		/* DST named an instance, an on-premises network or the internet (names.c) */
		static const char *const kinds[] = { [NAMED_INSTANCE] = "instance",
						     [NAMED_INTERFACE] = "interface",
						     [NAMED_ON_PREMISES] = "on-premises",
						     [NAMED_INTERNET] = "internet" };
		r->dst_kind = kinds[c->d.named.kind];
		r->dst_id = c->d.named.id;
		const struct topo_instance *in = c->d.named.instance;
		if (in && !c->subnet && !c->onprem && !v6 && !in->has_public_ip) {
			/* from the internet an instance is reached at its public address (F5.3) */
			struct trace_hop *h = hop_new(c, false, "instance", in->id, HOP_DROP);
			h->where = loc_str(c, in->loc);
			finish(c, TRACE_UNREACHABLE, "NO_PUBLIC_IP", false, h, "%s has no public or "
			       "elastic IP address, so no host on the internet can reach it (F5.3)",
			       in->id);
			return false;
		}
		if (c->d.named.kind == NAMED_INSTANCE) {
			c->d.ip = instance_address(c, c->d.named.instance, v6);
			c->d.has_ip = true;
		} else if (c->d.named.kind == NAMED_INTERFACE) {
			const struct topo_interface *ifc = c->d.named.interface;
			c->d.ip = v6 && ifc->nipv6 ? ifc->ipv6_ips[0] : ifc->private_ips[0];
			c->d.has_ip = true;
		}
	}
	if (c->d.host) {
		if (!dest_resolve(c->t, &c->d, vpc, az, v6, inbound_resolver, &c->ans, err, sizeof(err))) {
			struct trace_hop *dh = hop_new(c, false, "dns", c->d.host, HOP_DROP);
			/* another service's public addresses: AWS resolves the name, vpcpath
			 * does not know the answer */
			bool public_service = c->d.endpoint_service && (!vpc || vpc->dns_support);
			if (public_service)
				dh->result = HOP_PASS;
			finish(c, public_service ? TRACE_EXITS_MODEL : TRACE_UNREACHABLE,
			       public_service ? "EXITS_MODEL" : "DNS_UNRESOLVED", false, dh, "%s", err);
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
	/* an address in a service's range names that service (F2.16); a range of another
	 * partition (aws-cn, aws-us-gov) is the internet seen from this one */
	if (c->d.service == TOPO_SVC_NONE && c->d.has_ip) {
		const char *here = region_partition(vpc ? vpc->region : c->t->region);
		for (size_t i = 0; i < c->t->nprefix_lists && !r->dst_service; i++) {
			const struct topo_prefix_list *pl = &c->t->prefix_lists[i];
			if (pl->service == TOPO_SVC_NONE || strcmp(region_partition(pl->region), here))
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
