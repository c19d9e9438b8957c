/* vpc.c - VPCs and subnets: the CIDRs each VPC is written with, which subnets are kept
 * (inside their VPC, not overlapping), their route table and network ACL associations,
 * the addresses each VPC hands out, and the vpcs: entries of the topology. */
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "internal.h"

const char *subnet_cidr(struct res *s)
{
	return jstr(s->j, "CidrBlock");
}

static const char *const assoc_ok[] = { "associated", "associating", NULL };

/* An item of a CIDR association set in effect: associated, associating, or without a
 * state. */
static bool assoc_current(const cJSON *a, const char *state_obj)
{
	const char *st = jstr(jget(a, state_obj), "State");
	return !st || state_in(st, assoc_ok);
}

static const char *subnet_ipv6(struct res *s)
{
	const cJSON *a;
	cJSON_ArrayForEach(a, jarr(s->j, "Ipv6CidrBlockAssociationSet"))
		if (assoc_current(a, "Ipv6CidrBlockState") && jstr(a, "Ipv6CidrBlock"))
			return jstr(a, "Ipv6CidrBlock");
	return NULL;
}

/* The IPv6 CIDR a kept subnet is written with (decide_subnets), or NULL. */
const char *subnet_ipv6_out(const struct res *s)
{
	return s ? s->aux : NULL;
}

static bool account_id(const char *s)
{
	size_t n = 0;
	while (isdigit((unsigned char)s[n]))
		n++;
	return n == 12 && !s[n];
}

/* The CIDRs each VPC is written with (emit_cidr_list writes the same): the current
 * items of its association sets, else its CidrBlock.  Every one is checked; a VPC
 * without any is an error, as AWS gives every VPC a primary IPv4 CIDR. */
void vpc_nets(struct imp *I)
{
	static const struct { const char *set, *field, *state; } sets[2] = {
		{ "CidrBlockAssociationSet", "CidrBlock", "CidrBlockState" },
		{ "Ipv6CidrBlockAssociationSet", "Ipv6CidrBlock", "Ipv6CidrBlockState" },
	};
	struct reslist *vl = &I->l[RK_VPC];
	I->nets = xcalloc(vl->n + 1, sizeof(*I->nets));
	for (size_t i = 0; i < vl->n; i++) {
		struct res *v = &vl->v[i];
		struct vnets *nv = &I->nets[i];
		bool stub = jget(v->j, "vpcpath:stub") != NULL, bad = false;
		const char *owner = jstr(v->j, "OwnerId");
		size_t cap = 2 + (size_t)cJSON_GetArraySize(jarr(v->j, sets[0].set)) +
			     (size_t)cJSON_GetArraySize(jarr(v->j, sets[1].set));
		nv->p = xcalloc(cap, sizeof(*nv->p));
		if (!stub && owner && !account_id(owner))
			imp_error(I, v->f, owner, "vpc %s: OwnerId '%s' is not an AWS account id (12 digits)",
				  v->id, owner);
		for (int six = 0; six < 2; six++) {
			const char *what = pool_printf(I, "%svpc %s: %s", stub ? "peer " : "", v->id,
						       sets[six].field);
			size_t listed = 0;
			const cJSON *a;
			cJSON_ArrayForEach(a, jarr(v->j, sets[six].set))
			{
				const char *c = jstr(a, sets[six].field);
				if (!c || !assoc_current(a, sets[six].state))
					continue;
				listed++;
				if (check_cidr(I, v->f, what, c, six ? NET_V6 : NET_V4,
					       &nv->p[nv->n4 + nv->n6]))
					*(six ? &nv->n6 : &nv->n4) += 1;
				else
					bad = true;
			}
			const char *c = jstr(v->j, "CidrBlock");
			if (!six && !listed && c) {
				if (check_cidr(I, v->f, what, c, NET_V4, &nv->p[0]))
					nv->n4++;
				else
					bad = true;
			}
		}
		if (!nv->n4 && !nv->n6 && !bad)
			imp_error(I, v->f, v->id, "vpc %s has no CIDR block (no CidrBlock, no associated "
				  "CidrBlockAssociationSet item); AWS gives every VPC one", v->id);
	}
}

/* The CIDRs a VPC is written with (IPv4 or IPv6) cover p. */
bool in_vpc_cidrs(struct imp *I, int vpc, const struct net_prefix *p, bool v6)
{
	if (vpc < 0)
		return false;
	const struct vnets *nv = &I->nets[vpc];
	size_t from = v6 ? nv->n4 : 0, to = v6 ? nv->n4 + nv->n6 : nv->n4;
	for (size_t i = from; i < to; i++)
		if (net_prefix_covers(&nv->p[i], p))
			return true;
	return false;
}

/* A subnet's CIDRs are checked here; one outside its VPC's CIDRs is skipped (its IPv6
 * CIDR alone is left out), as a snapshot whose describe-vpcs ran at another time
 * shows it. */
void decide_subnets(struct imp *I)
{
	struct reslist *l = &I->l[RK_SUBNET];
	for (size_t i = 0; i < l->n; i++) {
		struct res *s = &l->v[i];
		struct net_prefix p4, p6;
		if (!s->keep)
			continue;
		const char *c4 = subnet_cidr(s), *c6 = subnet_ipv6(s);
		bool ok4 = c4 && check_cidr(I, s->f, pool_printf(I, "subnet %s: CidrBlock", s->id),
					    c4, NET_V4, &p4);
		bool ok6 = c6 && check_cidr(I, s->f, pool_printf(I, "subnet %s: Ipv6CidrBlock", s->id),
					    c6, NET_V6, &p6);
		s->aux = NULL;
		/* AWS: an IPv4 subnet is a /16 to /28, an IPv6 one a /44 to /64 ("Subnet CIDR
		 * blocks", Amazon VPC User Guide); a smaller one has no addresses to hand out */
		if (ok4 && (p4.len < 16 || p4.len > 28)) {
			imp_error(I, s->f, c4, "subnet %s: CidrBlock %s is a /%u; AWS subnets are /16 to "
				  "/28", s->id, c4, p4.len);
			ok4 = false;
		}
		if (ok6 && (p6.len < 44 || p6.len > 64)) {
			imp_error(I, s->f, c6, "subnet %s: Ipv6CidrBlock %s is a /%u; AWS subnets are /44 "
				  "to /64", s->id, c6, p6.len);
			ok6 = false;
		}
		if ((c4 && !ok4) || (c6 && !ok6)) {
			s->keep = false; /* reported */
			continue;
		}
		if (!c4 && !c6) {
			s->keep = false;
			imp_warn(I, s->f, s->id, "subnet %s has no CIDR; skipped", s->id);
			continue;
		}
		if ((c4 && !in_vpc_cidrs(I, s->vpc, &p4, false)) ||
		    (!c4 && !in_vpc_cidrs(I, s->vpc, &p6, true))) {
			s->keep = false;
			imp_warn(I, s->f, s->id, "subnet %s: %s is not inside the CIDRs of %s in the snapshot "
				 "(taken at another time?); skipped", s->id, c4 ? c4 : c6, jstr(s->j, "VpcId"));
			continue;
		}
		const char *az = jstr(s->j, "AvailabilityZone"), *azid = jstr(s->j, "AvailabilityZoneId");
		if (az && !is_az_name(az))
			imp_error(I, s->f, az, "subnet %s: AvailabilityZone '%s' is not an AZ name (like "
				  "us-east-1a)", s->id, az);
		if (azid && !is_az_id(azid))
			imp_error(I, s->f, azid, "subnet %s: AvailabilityZoneId '%s' is not an AZ id (like "
				  "use1-az4)", s->id, azid);
		if (c6 && !in_vpc_cidrs(I, s->vpc, &p6, true))
			imp_warn(I, s->f, c6, "subnet %s: IPv6 CIDR %s is not inside the IPv6 CIDRs of its VPC "
				 "in the snapshot; left out", s->id, c6);
		else
			s->aux = c6;
	}
}

struct snet {
	struct net_prefix p;
	int vpc;
	const struct res *s;
};

static int cmp_snet(const void *a, const void *b)
{
	const struct snet *x = a, *y = b;
	if (x->vpc != y->vpc)
		return x->vpc < y->vpc ? -1 : 1;
	int c = net_addr_cmp(&x->p.addr, &y->p.addr);
	return c ? c : (int)x->p.len - (int)y->p.len;
}

/* AWS keeps the subnets of a VPC apart: two kept ones that overlap are a conflict in the
 * snapshot (sorted by address, an overlap is a prefix holding the next one). */
void check_subnet_overlaps(struct imp *I)
{
	struct reslist *l = &I->l[RK_SUBNET];
	struct snet *v = xcalloc(2 * l->n + 1, sizeof(*v));
	size_t n = 0;
	for (size_t i = 0; i < l->n; i++) {
		struct res *s = &l->v[i];
		if (!s->keep)
			continue;
		if (parse_cidr(subnet_cidr(s), &v[n].p))
			v[n].vpc = s->vpc, v[n++].s = s;
		if (parse_cidr(subnet_ipv6_out(s), &v[n].p))
			v[n].vpc = s->vpc, v[n++].s = s;
	}
	qsort(v, n, sizeof(*v), cmp_snet);
	for (size_t i = 1, cur = 0; i < n; i++) {
		if (v[i].vpc == v[cur].vpc && net_prefix_overlaps(&v[cur].p, &v[i].p)) {
			char a[NET_PREFIXSTRLEN], b[NET_PREFIXSTRLEN];
			imp_error(I, v[i].s->f, v[i].s->id, "subnet %s (%s) overlaps subnet %s (%s) in %s; AWS "
				  "keeps the subnets of a VPC apart", v[i].s->id, net_prefix_str(&v[i].p, a),
				  v[cur].s->id, net_prefix_str(&v[cur].p, b), jstr(v[i].s->j, "VpcId"));
		} else {
			cur = i;
		}
	}
	free(v);
}

struct res *kept_subnet_in(struct imp *I, const char *id, int vpc)
{
	struct res *s = res_kept(I, RK_SUBNET, id);
	return s && s->vpc == vpc ? s : NULL;
}

void own_addr(struct out *o, const char *ip, const char *id, struct src *f)
{
	struct net_addr a;
	if (!parse_addr(ip, &a))
		return;
	if (o->naddrs == o->capaddrs) {
		o->capaddrs = o->capaddrs ? o->capaddrs * 2 : 64;
		o->addrs = xrealloc(o->addrs, o->capaddrs * sizeof(*o->addrs));
	}
	o->addrs[o->naddrs++] = (struct addrown){ a, id, f };
}

static int cmp_addrown(const void *a, const void *b)
{
	const struct addrown *x = a, *y = b;
	int c = net_addr_cmp(&x->a, &y->a);
	return c ? c : strcmp(x->id, y->id);
}

/* AWS gives an address of a subnet to one network interface: two objects written with
 * one address are a conflict in the snapshot. */
static void check_addresses(struct out *o, struct res *v)
{
	if (o->naddrs > 1)
		qsort(o->addrs, o->naddrs, sizeof(*o->addrs), cmp_addrown);
	for (size_t i = 1; i < o->naddrs; i++)
		if (net_addr_eq(&o->addrs[i].a, &o->addrs[i - 1].a)) {
			char buf[NET_ADDRSTRLEN];
			imp_error(o->I, o->addrs[i].f, o->addrs[i].id, "%s and %s (vpc %s) both have address %s; "
				  "AWS gives an address to one network interface", o->addrs[i - 1].id,
				  o->addrs[i].id, v->id, net_addr_str(&o->addrs[i].a, buf));
		}
	o->naddrs = 0;
}

size_t idx_of(struct imp *I, enum rk k, const struct res *r)
{
	return (size_t)(r - I->l[k].v);
}

void emit_azs(struct out *o)
{
	struct reslist *l = &o->I->l[RK_AZ];
	size_t n = 0;
	for (size_t i = 0; i < l->n; i++)
		n += jstr(l->v[i].j, "ZoneId") != NULL;
	if (!n)
		return;
	y_str(o->y, "availability_zones");
	y_map(o->y, false);
	for (size_t i = 0; i < l->n; i++)
		y_kstr(o->y, l->v[i].id, jstr(l->v[i].j, "ZoneId"));
	y_mend(o->y);
}

static void emit_cidr_list(struct out *o, const char *key, const cJSON *set, const char *field,
			   const char *state_obj, const char *fallback)
{
	static const char *const ok[] = { "associated", "associating", NULL };
	const cJSON *a;
	size_t n = 0;
	cJSON_ArrayForEach(a, set)
	{
		const char *st = jstr(jget(a, state_obj), "State");
		if (jstr(a, field) && (!st || state_in(st, ok)))
			n++;
	}
	if (!n && !fallback)
		return;
	y_str(o->y, key);
	y_seq(o->y, true);
	if (!n)
		y_str(o->y, fallback);
	cJSON_ArrayForEach(a, set)
	{
		const char *st = jstr(jget(a, state_obj), "State");
		if (jstr(a, field) && (!st || state_in(st, ok)))
			y_str(o->y, jstr(a, field));
	}
	y_send(o->y);
}

/* The AZ a subnet is written in: its own, else its instances' placement (a subnet
 * described without its AZ). */
const char *subnet_az(struct imp *I, struct res *v, struct res *s)
{
	const char *az = jstr(s->j, "AvailabilityZone");
	size_t n;
	struct gent *g = az ? NULL : group_get(&I->inst_by_subnet, s->id, &n);
	/* the subnet's own instances (by SubnetId: not each of the VPC's, for each subnet) */
	for (size_t i = 0; g && i < n && !az; i++) {
		const char *vpc = jstr(g[i].r->j, "VpcId");
		if (g[i].r->keep && vpc && !strcmp(vpc, v->id))
			az = jstr(jget(g[i].r->j, "Placement"), "AvailabilityZone");
	}
	return az;
}

static void emit_subnets(struct out *o, struct res *v)
{
	struct imp *I = o->I;
	struct yem *y = o->y;
	size_t count = 0;
	FOR_VPC(I, RK_SUBNET, v->id, s) count++;
	if (!count)
		return;
	y_str(y, "subnets");
	y_seq(y, false);
	FOR_VPC(I, RK_SUBNET, v->id, s)
	{
		size_t si = idx_of(I, RK_SUBNET, s);
		y_map(y, false);
		y_kstr(y, "id", s->id);
		y_name_tags(I, y, s, RK_SUBNET, tag_name(s->j));
		y_kstr(y, "cidr", subnet_cidr(s));
		y_kstr(y, "ipv6_cidr", subnet_ipv6_out(s));
		const char *az = subnet_az(I, v, s);
		if (!jstr(s->j, "AvailabilityZone") && az && !is_az_name(az))
			imp_error(I, s->f, az, "subnet %s: the AvailabilityZone '%s' of its instances is not an "
				  "AZ name (like us-east-1a)", s->id, az);
		/* CreateSubnet: the zone is one of the VPC's Region (the loader refuses the rest) */
		const char *region = v->aux ? v->aux : I->region;
		size_t rl = region ? strlen(region) : 0;
		if (az && region && (strncmp(az, region, rl) != 0 ||
				     !((az[rl] >= 'a' && az[rl] <= 'z') || az[rl] == '-')))
			imp_error(I, s->f, az, "subnet %s: AvailabilityZone '%s' is not in %s, the Region of "
				  "%s (the snapshot contradicts itself)", s->id, az, region, v->id);
		y_kstr(y, "az", az);
		y_kstr(y, "az_id", jstr(s->j, "AvailabilityZoneId"));
		y_kstr(y, "route_table", o->sub_rtb[si]);
		y_kstr(y, "network_acl", o->sub_acl[si]);
		y_mend(y);
	}
	y_send(y);
}

void emit_vpc(struct out *o, struct res *v)
{
	struct imp *I = o->I;
	struct yem *y = o->y;
	int vi = (int)idx_of(I, RK_VPC, v);
	y_map(y, false);
	y_kstr(y, "id", v->id);
	y_name_tags(I, y, v, RK_VPC, tag_name(v->j));
	if (v->aux && strcmp(v->aux, I->region))
		y_kstr(y, "region", v->aux);
	emit_cidr_list(o, "cidrs", jarr(v->j, "CidrBlockAssociationSet"), "CidrBlock",
		       "CidrBlockState", jstr(v->j, "CidrBlock"));
	emit_cidr_list(o, "ipv6_cidrs", jarr(v->j, "Ipv6CidrBlockAssociationSet"), "Ipv6CidrBlock",
		       "Ipv6CidrBlockState", NULL);
	struct res *igw = vpc_gateway(I, RK_IGW, vi);
	if (igw) {
		y_str(y, "internet_gateways");
		y_seq(y, false);
		y_map(y, true);
		y_kstr(y, "id", igw->id);
		y_name_tags(I, y, igw, RK_IGW, tag_name(igw->j));
		y_mend(y);
		y_send(y);
	}
	struct res *eigw = vpc_gateway(I, RK_EIGW, vi);
	if (eigw)
		y_kstr(y, "egress_only_internet_gateway", eigw->id);
	struct res *vgw = vpc_gateway(I, RK_VGW, vi);
	if (vgw)
		y_kstr(y, "vpn_gateway", vgw->id);
	struct res *dns = res_find(I, RK_VPC_DNS, v->id);
	if (dns && !jbool(dns->j, "Value", true))
		y_kbool(y, "dns_support", false);
	emit_subnets(o, v);
	emit_route_tables(o, v);
	emit_nats(o, v);
	emit_sgs(o, v);
	emit_nacls(o, v);
	emit_endpoints(o, v);
	emit_instances(o, v);
	emit_interfaces(o, v);
	check_addresses(o, v);
	y_mend(y);
}

void subnet_associations(struct imp *I, struct out *o)
{
	size_t n = I->l[RK_SUBNET].n;
	o->sub_rtb = xcalloc(n + 1, sizeof(char *));
	o->sub_acl = xcalloc(n + 1, sizeof(char *));
	static const enum rk kinds[] = { RK_RTB, RK_NACL };
	for (int k = 0; k < 2; k++) {
		struct reslist *l = &I->l[kinds[k]];
		for (size_t i = 0; i < l->n; i++) {
			struct res *t = &l->v[i];
			const cJSON *a;
			if (!t->keep)
				continue;
			cJSON_ArrayForEach(a, jarr(t->j, "Associations"))
			{
				const char *st = jstr(jget(a, "AssociationState"), "State");
				if (st && !str_ieq(st, "associated") && !str_ieq(st, "associating"))
					continue;
				struct res *s = kept_subnet_in(I, jstr(a, "SubnetId"), t->vpc);
				if (!s)
					continue;
				const char **slot = &(k ? o->sub_acl : o->sub_rtb)[idx_of(I, RK_SUBNET, s)];
				if (!*slot)
					*slot = t->id;
				else if (strcmp(*slot, t->id) != 0)
					/* which one applies would be a guess */
					imp_error(I, t->f, t->id, "subnet %s is associated with %s %s and %s; AWS "
						  "associates a subnet with one (%s)", s->id,
						  k ? "network ACLs" : "route tables", *slot, t->id,
						  k ? "F6.3" : "F1.10");
			}
		}
	}
}
