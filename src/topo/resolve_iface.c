/* resolve_iface.c - the loader's pass over the network interfaces of a VPC:
 * instances, network interfaces (F6.5) and NAT gateways, their subnets, groups and
 * addresses; the addresses AWS keeps in a subnet; the addresses derived for
 * interfaces the file gives none (endpoints, NAT gateways); and the index of who owns
 * each address (topo_vpc_addr_owner).  Called from resolve.c; errors located.
 */
#include <stdlib.h>
#include <string.h>

#include "loader.h"
#include "vpcpath/arena.h"
#include "vpcpath/map.h"
#include "vpcpath/util.h"

static bool addr_in_subnet(const struct topo_subnet *s, const struct net_addr *a)
{
	return (s->has_cidr && net_prefix_contains(&s->cidr, a)) ||
	       (s->has_ipv6 && net_prefix_contains(&s->ipv6_cidr, a));
}

/* AWS reserves the first four addresses and the last address of every subnet CIDR,
 * IPv4 and IPv6; CreateNetworkInterface refuses them.  The reason, or NULL. */
static const char *reserved_address(const struct net_prefix *p, const struct net_addr *a)
{
	if (!net_prefix_contains(p, a))
		return NULL;
	for (uint64_t k = 0; k < 4; k++) {
		struct net_addr r = net_prefix_nth(p, k);
		if (net_addr_eq(&r, a))
			return k == 0 ? "the subnet's network address (reserved by AWS)" :
			       k == 1 ? "reserved by AWS for the VPC router" :
			       k == 2 ? "reserved by AWS for the DNS server" :
					"reserved by AWS for future use";
	}
	struct net_addr last = p->addr;
	unsigned bits = p->addr.family == NET_V4 ? 32 : 128;
	for (unsigned b = p->len; b < bits; b++)
		last.b[b / 8] |= (uint8_t)(0x80u >> (b % 8));
	if (net_addr_eq(&last, a))
		return "the subnet's last address (reserved by AWS)";
	return NULL;
}

/* An address written for an interface of subnet s: inside it and not one AWS keeps;
 * reports at loc and returns false otherwise. */
bool loader_check_iface_addr(struct loader *L, const struct topo_subnet *s, const char *what,
			     const char *id, const char *key, const struct net_addr *a,
			     struct topo_loc loc)
{
	char buf[NET_ADDRSTRLEN];
	if (!addr_in_subnet(s, a)) {
		loader_error(L, loc, "%s '%s': %s %s is not in subnet '%s'", what, id, key,
			     net_addr_str(a, buf), s->id);
		return false;
	}
	const char *why = reserved_address(a->family == NET_V4 ? &s->cidr : &s->ipv6_cidr, a);
	if (why) {
		loader_error(L, loc, "%s '%s': %s %s is %s; AWS never gives it to an interface",
			     what, id, key, net_addr_str(a, buf), why);
		return false;
	}
	return true;
}

/* The addresses of a VPC's interfaces, as a set, while addresses are derived: looking
 * each candidate up in a scan of every interface made a VPC of 20,000 instances and
 * 3,000 NAT gateways without addresses take minutes. */
static size_t addr_key(const struct net_addr *a, unsigned char key[17])
{
	size_t n = a->family == NET_V4 ? 4 : 16;
	key[0] = a->family;
	memcpy(key + 1, a->b, n);
	return n + 1;
}

static bool address_used(struct loader *L, const struct net_addr *a)
{
	unsigned char key[17];
	size_t v;
	return bytemap_find(L->used_addrs, key, addr_key(a, key), &v);
}

static void address_take(struct loader *L, const struct net_addr *a)
{
	unsigned char key[17];
	bytemap_get_or_add(L->used_addrs, key, addr_key(a, key), 0, NULL);
}

/* Every address written for the VPC's interfaces (derived ones are added as made). */
void loader_addresses_begin(struct loader *L, const struct topo_vpc *vpc)
{
	L->used_addrs = bytemap_new();
	L->free_cursor = bytemap_new();
	L->ncursors = 0;
	for (size_t i = 0; i < vpc->ninstances; i++)
		if (vpc->instances[i].has_private_ip)
			address_take(L, &vpc->instances[i].private_ip);
	for (size_t i = 0; i < vpc->nnat_gateways; i++)
		if (vpc->nat_gateways[i].has_private_ip)
			address_take(L, &vpc->nat_gateways[i].private_ip);
	for (size_t i = 0; i < vpc->nendpoints; i++)
		for (size_t k = 0; k < vpc->endpoints[i].nips; k++)
			address_take(L, &vpc->endpoints[i].ips[k].ip);
	for (size_t i = 0; i < vpc->ninterfaces; i++)
		for (size_t k = 0; k < vpc->interfaces[i].nprivate_ips; k++)
			address_take(L, &vpc->interfaces[i].private_ips[k]);
}

void loader_addresses_end(struct loader *L)
{
	bytemap_free(L->used_addrs);
	L->used_addrs = NULL;
	bytemap_free(L->free_cursor);
	L->free_cursor = NULL;
	free(L->cursors);
	L->cursors = NULL;
	L->ncursors = L->cap_cursors = 0;
}

/* An address for an ENI whose address the topology does not give: the first unused
 * one from `from` on (AWS reserves the subnet's first four), so a derived address
 * never collides with a written one. */
/* An address of subnet s no one in the VPC has, from offset `from` on, then from the
 * first one AWS hands out (the first four and the last are reserved); false when the
 * subnet is full. */
bool loader_free_address(struct loader *L, const struct topo_subnet *s, uint64_t from,
			 struct net_addr *out)
{
	uint64_t size = net_prefix_size(&s->cidr);
	/* addresses are only taken while deriving: the search from `from` resumes where the
	 * last one from there ended, so thousands of NAT gateways in a full subnet do not
	 * each walk past every taken address */
	struct { const void *subnet; uint64_t from; } key = { s, from };
	bool added;
	size_t slot = bytemap_get_or_add(L->free_cursor, &key, sizeof(key), L->ncursors, &added);
	if (added) {
		if (L->ncursors == L->cap_cursors) {
			L->cap_cursors = L->cap_cursors ? 2 * L->cap_cursors : 64;
			L->cursors = xrealloc(L->cursors, L->cap_cursors * sizeof(*L->cursors));
		}
		L->cursors[L->ncursors++] = from;
	}
	for (int pass = 0; pass < 2; pass++)
		for (uint64_t k = pass ? 4 : L->cursors[slot]; k + 1 < size && (!pass || k < from); k++) {
			struct net_addr a = net_prefix_nth(&s->cidr, k);
			if (!address_used(L, &a)) {
				*out = a;
				address_take(L, &a);
				if (!pass)
					L->cursors[slot] = k + 1;
				return true;
			}
		}
	if (L->cursors[slot] < size)
		L->cursors[slot] = size; /* nothing free from `from` on: only the wrap remains */
	return false;
}

/* true when the subnet's route table sends 0.0.0.0/0 to an internet gateway */
static bool subnet_routes_to_igw(const struct topo_subnet *s)
{
	const struct topo_route_table *rt = s->route_table;
	for (size_t i = 0; i < rt->nroutes; i++) {
		const struct topo_route *r = &rt->routes[i];
		if (!r->dest_is_prefix_list && r->dest.addr.family == NET_V4 && r->dest.len == 0)
			return r->target.kind == TOPO_INTERNET_GATEWAY && !r->blackhole;
	}
	return false;
}

void resolve_nat(struct loader *L, struct topo_vpc *vpc, struct topo_nat_gateway *n,
			size_t i)
{
	if (resolve_ref(L, &n->subnet_ref, TOPO_SUBNET, "NAT gateway subnet", vpc))
		n->subnet = n->subnet_ref.ptr;
	if (n->is_public && !n->has_public_ip)
		loader_error(L, n->loc, "NAT gateway '%s': a public NAT gateway needs 'public_ip' "
			     "(its elastic IP, F5.1)", n->id);
	if (!n->is_public && n->has_public_ip)
		loader_error(L, n->loc, "NAT gateway '%s': a private NAT gateway has no elastic "
			     "IP (F5.1)", n->id);
	if (n->subnet && n->has_private_ip)
		loader_check_iface_addr(L, n->subnet, "NAT gateway", n->id, "private_ip", &n->private_ip,
				 n->loc);
	/* F5.1: a public NAT gateway is created in a public subnet; AWS accepts another,
	 * where it cannot reach the internet (not said when the routes are not known) */
	if (n->is_public && n->subnet && n->subnet->route_table &&
	    !subnet_routes_to_igw(n->subnet) &&
	    !topo_missing_of(L->t, TOPO_ROUTE_TABLE, vpc->id, n->subnet->route_table->id) &&
	    !topo_missing_of(L->t, TOPO_INTERNET_GATEWAY, vpc->id, NULL))
		loader_warn(L, n->loc, "nat-private-subnet", "NAT gateway '%s' is public but subnet "
			    "'%s' has no route to an internet gateway (F5.1)", n->id, n->subnet->id);
	if (n->subnet && !n->has_private_ip && n->subnet->has_cidr) {
		if (loader_free_address(L, n->subnet, 5 + i % 200, &n->private_ip))
			n->has_private_ip = true;
		else
			loader_error(L, n->loc, "NAT gateway '%s': subnet '%s' has no free address; "
				     "give its 'private_ip'", n->id, n->subnet->id);
	}
}

void resolve_instance(struct loader *L, struct topo_vpc *vpc, struct topo_instance *in)
{
	if (resolve_ref(L, &in->subnet_ref, TOPO_SUBNET, "instance subnet", vpc))
		in->subnet = in->subnet_ref.ptr;
	resolve_ref_list(L, &in->security_groups, TOPO_SECURITY_GROUP, "instance security_groups",
			 vpc);
	if (in->subnet && in->has_private_ip)
		loader_check_iface_addr(L, in->subnet, "instance", in->id, "private_ip", &in->private_ip,
				 in->loc);
	for (size_t k = 0; k < in->nipv6; k++)
		if (in->subnet)
			loader_check_iface_addr(L, in->subnet, "instance", in->id, "IPv6 address",
					 &in->ipv6_ips[k], in->loc);
	if (in->security_groups.len > 5)
		loader_warn(L, in->loc, "sg-quota", "instance '%s' has %zu security groups; the "
			    "default quota is 5 (F6.1)", in->id, in->security_groups.len);
}

/* F6.5: another service's interface, or an instance's secondary ENI */
void resolve_interface(struct loader *L, struct topo_vpc *vpc, struct topo_interface *f)
{
	if (resolve_ref(L, &f->subnet_ref, TOPO_SUBNET, "interface subnet", vpc))
		f->subnet = f->subnet_ref.ptr;
	resolve_ref_list(L, &f->security_groups, TOPO_SECURITY_GROUP, "interface security_groups",
			 vpc);
	if (!str_has_prefix(f->id, "eni-"))
		loader_error(L, f->loc, "network interface '%s': an interface id starts with 'eni-'",
			     f->id);
	if (!f->nprivate_ips)
		loader_error(L, f->loc, "network interface '%s': 'private_ips' needs at least one "
			     "address (the first is the primary one)", f->id);
	for (size_t k = 0; k < f->nprivate_ips; k++) {
		if (f->private_ips[k].family != NET_V4)
			loader_error(L, f->loc, "network interface '%s': private_ips are IPv4; put IPv6 "
				     "addresses in 'ipv6_ips'", f->id);
		else if (f->subnet)
			loader_check_iface_addr(L, f->subnet, "network interface", f->id, "address",
					 &f->private_ips[k], f->loc);
	}
	for (size_t k = 0; k < f->nipv6; k++) {
		if (f->ipv6_ips[k].family != NET_V6)
			loader_error(L, f->loc, "network interface '%s': ipv6_ips holds IPv6 addresses",
				     f->id);
		else if (f->subnet)
			loader_check_iface_addr(L, f->subnet, "network interface", f->id, "IPv6 address",
					 &f->ipv6_ips[k], f->loc);
	}
	if (f->instance_ref.text &&
	    resolve_ref(L, &f->instance_ref, TOPO_INSTANCE, "interface instance", vpc)) {
		f->instance = f->instance_ref.ptr;
		/* AttachNetworkInterface: the interface and the instance are in one AZ */
		const struct topo_subnet *is = f->instance->subnet;
		if (f->subnet && is && f->subnet->az && is->az && strcmp(f->subnet->az, is->az) != 0)
			loader_error(L, f->instance_ref.loc, "network interface '%s' is in %s but "
				     "instance '%s' is in %s; AWS attaches an interface only to an "
				     "instance of its own Availability Zone", f->id, f->subnet->az,
				     f->instance->id, is->az);
	}
	if (f->security_groups.len > 5)
		loader_warn(L, f->loc, "sg-quota", "network interface '%s' has %zu security groups; "
			    "the default quota is 5 (F6.1)", f->id, f->security_groups.len);
}

struct seq_owner {
	struct topo_addr_owner o;
	size_t seq;
};

static int cmp_owner(const void *x, const void *y)
{
	const struct seq_owner *a = x, *b = y;
	int c = net_addr_cmp(&a->o.addr, &b->o.addr);
	return c ? c : (a->seq > b->seq) - (a->seq < b->seq);
}

static struct topo_loc owner_loc(const struct topo_addr_owner *o)
{
	return topo_object_loc(o->kind, o->obj);
}

/* Every address of the VPC's interfaces, sorted, kept for topo_vpc_addr_owner; two
 * owners of one address are an error (a stopped instance's addresses count, F6.6). */
void loader_build_addr_owners(struct loader *L, struct topo_vpc *vpc)
{
	char buf[NET_ADDRSTRLEN];
	size_t cap = vpc->nnat_gateways + 1;
	for (size_t i = 0; i < vpc->ninstances; i++)
		cap += 1 + vpc->instances[i].nipv6;
	for (size_t i = 0; i < vpc->ninterfaces; i++)
		cap += vpc->interfaces[i].nprivate_ips + vpc->interfaces[i].nipv6;
	for (size_t i = 0; i < vpc->nendpoints; i++)
		cap += vpc->endpoints[i].nips;
	struct topo_addr_owner *o = arena_alloc(L->a, cap * sizeof(*o));
	size_t n = 0;
#define OWNER(address, k, object, sub, index, ident)                                       \
	o[n++] = (struct topo_addr_owner){ .addr = (address), .kind = (k), .obj = (object), \
					   .subnet = (sub), .eni = (index), .id = (ident) }
	for (size_t i = 0; i < vpc->nnat_gateways; i++) {
		struct topo_nat_gateway *g = &vpc->nat_gateways[i];
		if (g->has_private_ip)
			OWNER(g->private_ip, TOPO_NAT_GATEWAY, g, g->subnet, 0, g->id);
	}
	for (size_t i = 0; i < vpc->ninstances; i++) {
		struct topo_instance *in = &vpc->instances[i];
		if (in->has_private_ip)
			OWNER(in->private_ip, TOPO_INSTANCE, in, in->subnet, 0, in->id);
		for (size_t k = 0; k < in->nipv6; k++)
			OWNER(in->ipv6_ips[k], TOPO_INSTANCE, in, in->subnet, 0, in->id);
	}
	for (size_t i = 0; i < vpc->ninterfaces; i++) {
		struct topo_interface *f = &vpc->interfaces[i];
		for (size_t k = 0; k < f->nprivate_ips; k++)
			OWNER(f->private_ips[k], TOPO_INTERFACE, f, f->subnet, 0, f->id);
		for (size_t k = 0; k < f->nipv6; k++)
			OWNER(f->ipv6_ips[k], TOPO_INTERFACE, f, f->subnet, 0, f->id);
	}
	for (size_t i = 0; i < vpc->nendpoints; i++) {
		struct topo_endpoint *ep = &vpc->endpoints[i];
		for (size_t k = 0; k < ep->nips; k++)
			if (ep->ips[k].subnet.ptr)
				OWNER(ep->ips[k].ip, TOPO_ENDPOINT, ep, ep->ips[k].subnet.ptr, k, ep->id);
	}
#undef OWNER
	/* stable for equal addresses (qsort is not), so that the later declaration is the
	 * one reported */
	struct seq_owner *so = xmalloc((n ? n : 1) * sizeof(*so));
	for (size_t i = 0; i < n; i++)
		so[i] = (struct seq_owner){ o[i], i };
	qsort(so, n, sizeof(*so), cmp_owner);
	for (size_t i = 0; i < n; i++)
		o[i] = so[i].o;
	free(so);
	for (size_t i = 1; i < n; i++)
		if (net_addr_eq(&o[i].addr, &o[i - 1].addr)) {
			/* one interface listing an address twice is the same mistake */
			if (o[i].obj == o[i - 1].obj)
				loader_error(L, owner_loc(&o[i]), "'%s' lists address %s twice", o[i].id,
					     net_addr_str(&o[i].addr, buf));
			else
				loader_error(L, owner_loc(&o[i]), "'%s' and '%s' both have address %s",
					     o[i].id, o[i - 1].id, net_addr_str(&o[i].addr, buf));
		}
	vpc->addr_owners = o;
	vpc->naddr_owners = n;
}
