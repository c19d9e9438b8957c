/* routes.c - VPC route tables: each route's target as the topology names it.  A route
 * whose target was skipped or is missing is written as AWS itself shows it: state
 * blackhole (F1.8).  Targets vpcpath does not model (an appliance's ENI, a GWLB
 * endpoint through its ENI, a local or carrier gateway) are kept; the loader marks
 * them unmodelled and a trace that meets them says exits-model. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "internal.h"

enum tgt { T_OK, T_BLACKHOLE, T_SKIP, T_IMPLIED };

/* The network interface standing for an unmodelled target: a GWLB endpoint's, or the
 * one whose description names it (Network Firewall endpoints). */
static const char *eni_for_endpoint(struct imp *I, const char *vpce)
{
	struct res *e = res_find(I, RK_EP, vpce);
	const cJSON *ids = e ? jarr(e->j, "NetworkInterfaceIds") : NULL;
	if (ids && cJSON_IsString(ids->child))
		/* written as the route's target: an id of another shape could name anything */
		return check_id(I, e->f, pool_printf(I, "VPC endpoint %s: network interface", vpce),
				ids->child->valuestring, "eni-") ? ids->child->valuestring : NULL;
	struct res *eni = endpoint_interface(I, vpce);  /* its Description names it */
	return eni ? eni->id : NULL;
}

/* A target that is kept, but in another VPC: the loader would reject it even on a
 * blackhole route. */
static bool kept_elsewhere(struct imp *I, const char *id, int vpc)
{
	static const enum rk kinds[] = { RK_IGW, RK_VGW, RK_EIGW, RK_NAT, RK_INST, RK_EP };
	for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++) {
		struct res *r = res_kept(I, kinds[i], id);
		if (r && r->vpc != vpc)
			return true;
	}
	return false;
}

/* The ids a route names are written as references: each must have its kind's shape,
 * or it could name an object of another kind. */
static bool route_ids_ok(struct imp *I, struct res *rt, const cJSON *r)
{
	static const struct { const char *key, *prefix; } shapes[] = {
		{ "NatGatewayId", "nat-" }, { "InstanceId", "i-" }, { "NetworkInterfaceId", "eni-" },
		{ "VpcPeeringConnectionId", "pcx-" }, { "TransitGatewayId", "tgw-" },
		{ "EgressOnlyInternetGatewayId", "eigw-" }, { "LocalGatewayId", "lgw-" },
		{ "CarrierGatewayId", "cagw-" },
	};
	bool ok = true;
	for (size_t i = 0; i < sizeof(shapes) / sizeof(shapes[0]); i++)
		ok &= check_id(I, rt->f, pool_printf(I, "route table %s: %s", rt->id, shapes[i].key),
			       jstr(r, shapes[i].key), shapes[i].prefix);
	const char *gw = jstr(r, "GatewayId"), *core = jstr(r, "CoreNetworkArn");
	if (gw && strcmp(gw, "local") && !is_aws_id(gw, "igw-") && !is_aws_id(gw, "vgw-") &&
	    !is_aws_id(gw, "vpce-")) {
		imp_error(I, rt->f, gw, "route table %s: GatewayId '%s' is not an internet gateway, virtual "
			  "private gateway or VPC endpoint id", rt->id, gw);
		ok = false;
	}
	const char *slash = core ? strrchr(core, '/') : NULL;
	if (core && !(slash && is_aws_id(slash + 1, "core-network-"))) {
		imp_error(I, rt->f, core, "route table %s: CoreNetworkArn '%s' does not end in a core network "
			  "id (…/core-network-0abc)", rt->id, core);
		ok = false;
	}
	return ok;
}

/* The missing: kind of route target t when the snapshot holds no describe output of
 * that kind at all (NULL when it does: then t is gone, not uncollected). */
static const char *target_missing_kind(struct imp *I, const char *t, const char **what)
{
	static const struct { const char *prefix; enum rk k; const char *kind, *what; } kinds[] = {
		{ "igw-", RK_IGW, "internet_gateways", "internet gateways" },
		{ "eigw-", RK_EIGW, "egress_only_internet_gateways", "egress-only internet gateways" },
		{ "vgw-", RK_VGW, "vpn_gateways", "VPN gateways" },
		{ "nat-", RK_NAT, "nat_gateways", "NAT gateways" },
		{ "pcx-", RK_PCX, "peerings", "peering connections" },
		{ "tgw-", RK_TGW, "transit_gateways", "transit gateways" },
		{ "i-", RK_INST, "instances", "instances" },
		{ "vpce-", RK_EP, "endpoints", "VPC endpoints" },
	};
	for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++)
		if (str_has_prefix(t, kinds[i].prefix)) {
			*what = kinds[i].what;
			return I->have[kinds[i].k] ? NULL : kinds[i].kind;
		}
	return NULL;
}

/* inside: the destination is inside the VPC (more specific than its local route), where
 * AWS allows only a NAT gateway, a network interface or a GWLB endpoint (F1.6): an
 * instance's own interface then stays an interface. */
static enum tgt route_target(struct out *o, struct res *rt, const cJSON *r, const char *dest,
			     bool inside, const char **target, bool blackhole)
{
	struct imp *I = o->I;
	const char *gw = jstr(r, "GatewayId"), *nat = jstr(r, "NatGatewayId"),
		   *inst = jstr(r, "InstanceId"), *eni = jstr(r, "NetworkInterfaceId"),
		   *pcx = jstr(r, "VpcPeeringConnectionId"), *tgw = jstr(r, "TransitGatewayId"),
		   *eigw = jstr(r, "EgressOnlyInternetGatewayId"), *lgw = jstr(r, "LocalGatewayId"),
		   *cagw = jstr(r, "CarrierGatewayId"), *core = jstr(r, "CoreNetworkArn");
	const char *t = NULL;
	bool ok = false;
	const char *why = pool_printf(I, "is not in %s", imp_input(I));
	if (gw && !strcmp(gw, "local"))
		return T_SKIP; /* the local routes are implicit (F1.6) */
	if (!route_ids_ok(I, rt, r))
		return T_SKIP; /* reported */
	if (gw && str_has_prefix(gw, "vpce-")) {
		struct res *e = res_kept(I, RK_EP, gw);
		if (e && e->vpc == rt->vpc && !strcmp(jstr(e->j, "VpcEndpointType"), "Gateway"))
			return T_IMPLIED; /* from the endpoint's route_tables (F2.2) */
		if (e && e->vpc == rt->vpc) {
			imp_error(I, rt->f, gw, "route table %s: the route to %s goes to %s, an interface "
				  "endpoint; AWS routes to gateway and Gateway Load Balancer endpoints only",
				  rt->id, dest, gw);
			return T_SKIP;
		}
		const char *via = blackhole ? NULL : eni_for_endpoint(I, gw);
		if (via) {
			imp_warn(I, rt->f, gw, "route table %s: route to %s goes to %s, a Gateway Load "
				 "Balancer or firewall endpoint vpcpath does not model; kept as its network "
				 "interface %s (a trace through it says exits-model)", rt->id, dest, gw, via);
			*target = via;
			return T_OK;
		}
		t = gw;
	} else if (gw && str_has_prefix(gw, "igw-")) {
		struct res *g = res_kept(I, RK_IGW, gw);
		t = gw;
		ok = g && g->vpc == rt->vpc;
		if (!ok && res_find(I, RK_IGW, gw))
			why = "is not attached to this VPC";
	} else if (gw && str_has_prefix(gw, "vgw-")) {
		struct res *g = res_kept(I, RK_VGW, gw);
		t = gw;
		ok = g && g->vpc == rt->vpc;
		if (!ok && res_find(I, RK_VGW, gw))
			why = "is not attached to this VPC";
	} else if (nat) {
		struct res *n = res_kept(I, RK_NAT, nat);
		t = nat;
		ok = n && n->vpc == rt->vpc;
		if (!ok && res_find(I, RK_NAT, nat))
			why = "was skipped";
	} else if (inst && eni && inside) {
		/* F1.6: more specific than local only to a network interface */
		*target = eni;
		if (!blackhole)
			imp_warn(I, rt->f, eni, "route table %s: route to %s goes to network interface %s of "
				 "instance %s (a middlebox inside the VPC); vpcpath does not model what is "
				 "behind it (a trace through it says exits-model)", rt->id, dest, eni, inst);
		return blackhole ? T_BLACKHOLE : T_OK;
	} else if (inst) {
		struct res *n = res_kept(I, RK_INST, inst);
		t = inst;
		ok = n && n->vpc == rt->vpc;
		if (!ok && res_find(I, RK_INST, inst))
			why = "was skipped (terminated?)";
	} else if (eni) {
		struct res *e = res_find(I, RK_ENI, eni);
		const char *owner = e ? jstr(jget(e->j, "Attachment"), "InstanceId") : NULL;
		struct res *n = owner ? res_kept(I, RK_INST, owner) : NULL;
		if (n && n->vpc == rt->vpc && !inside) {
			*target = owner; /* an instance's own interface: the instance */
			return T_OK;
		}
		t = eni;
		if (!e && I->have[RK_ENI]) {
			why = pool_printf(I, "is not among the network interfaces of %s",
					  imp_input(I));
		} else {
			if (!blackhole)
				imp_warn(I, rt->f, eni, "route table %s: route to %s goes to network interface %s%s%s%s; "
					 "vpcpath does not model what is behind it (a trace through it says "
					 "exits-model)", rt->id, dest, eni,
					 e && jstr(e->j, "Description") ? " (" : "",
					 e && jstr(e->j, "Description") ? jstr(e->j, "Description") : "",
					 e && jstr(e->j, "Description") ? ")" : "");
			*target = eni;
			return blackhole ? T_BLACKHOLE : T_OK;
		}
	} else if (pcx) {
		t = pcx;
		ok = res_kept(I, RK_PCX, pcx) != NULL;
		if (!ok && res_find(I, RK_PCX, pcx))
			why = "was skipped";
	} else if (tgw) {
		t = tgw;
		ok = res_kept(I, RK_TGW, tgw) != NULL;
	} else if (eigw) {
		struct res *g = res_kept(I, RK_EIGW, eigw);
		t = eigw;
		ok = g && g->vpc == rt->vpc;
	} else if (lgw || cagw || core) {
		t = lgw ? lgw : cagw ? cagw : strrchr(core, '/') + 1;
		if (!blackhole)
			imp_warn(I, rt->f, lgw ? lgw : cagw ? cagw : core, "route table %s: route to %s "
				 "goes to %s, which vpcpath does not model (a trace through it says "
				 "exits-model)", rt->id, dest, t);
		*target = t;
		return blackhole ? T_BLACKHOLE : T_OK;
	} else if (gw) {
		t = gw;
	}
	if (!t) {
		imp_warn(I, rt->f, rt->id, "route table %s: route to %s has no target vpcpath knows; "
			 "skipped", rt->id, dest);
		return T_SKIP;
	}
	*target = t;
	if (!ok && kept_elsewhere(I, t, rt->vpc)) {
		imp_warn(I, rt->f, t, "route table %s: the route to %s names %s, which belongs to another "
			 "VPC in %s; skipped", rt->id, dest, t, imp_input(I));
		return T_SKIP;
	}
	if (blackhole)
		return T_BLACKHOLE;
	if (ok)
		return T_OK;
	/* F9.7: the target's whole describe output was not collected: AWS says the route
	 * is active, and what is behind it is unknown, not gone */
	/* (or the reader listed this very target as missing, and warned why: a
	 * Terraform plan's peering connection to a VPC the plan does not describe) */
	if (str_has_prefix(t, "pcx-") && missing_listed(I, "peerings", "id", t))
		return T_OK;
	const char *what = NULL, *kind = target_missing_kind(I, t, &what);
	if (kind) {
		imp_warn(I, rt->f, t, "route table %s: the target of the route to %s, %s, is not in "
			 "%s because no %s were collected; the route stays active and a "
			 "trace through it says what is missing (F9.7)", rt->id, dest, t,
			 imp_input(I),
			 what);
		note_missing(I, kind, NULL, NULL);
		return T_OK;
	}
	/* F1.8: AWS shows a route whose target is gone as a blackhole */
	imp_warn(I, rt->f, t, "route table %s: the target of the route to %s, %s, %s; the route is "
		 "written as a blackhole (F1.8)", rt->id, dest, t, why);
	return T_BLACKHOLE;
}

/* A route inside the VPC must be to a whole subnet's CIDR (F1.6). */
static bool is_subnet_cidr(struct imp *I, struct res *v, const struct net_prefix *p)
{
	FOR_VPC(I, RK_SUBNET, v->id, s)
	{
		struct net_prefix c;
		if (parse_cidr(subnet_cidr(s), &c) && c.len == p->len && net_addr_eq(&c.addr, &p->addr))
			return true;
		if (parse_cidr(subnet_ipv6_out(s), &c) && c.len == p->len &&
		    net_addr_eq(&c.addr, &p->addr))
			return true;
	}
	return false;
}

/* ... and to a NAT gateway, a network interface or a GWLB endpoint, as the loader reads
 * the target: a NAT gateway it declares, or an id it treats as unmodelled. */
static bool local_target_ok(struct imp *I, const char *t, int vpc)
{
	struct res *n = res_kept(I, RK_NAT, t);
	return (n && n->vpc == vpc) || str_has_prefix(t, "eni-") || str_has_prefix(t, "lgw-") ||
	       str_has_prefix(t, "cagw-") || str_has_prefix(t, "core-network") ||
	       (str_has_prefix(t, "vpce-") && !res_kept(I, RK_EP, t));
}

static bool is_vpc_cidr(struct imp *I, int vpc, const struct net_prefix *p)
{
	const struct vnets *nv = &I->nets[vpc];
	for (size_t i = 0; i < nv->n4 + nv->n6; i++)
		if (nv->p[i].len == p->len && net_addr_eq(&nv->p[i].addr, &p->addr))
			return true;
	return false;
}

/* One written route's destination, to find two routes to one destination. */
struct rdest {
	struct net_prefix p; /* a CIDR, canonical */
	const char *pl;      /* or a prefix list */
	bool propagated;
	const char *near;    /* the destination as read, for messages */
};

static int cmp_rdest(const void *a, const void *b)
{
	const struct rdest *x = a, *y = b;
	if (!x->pl != !y->pl)
		return x->pl ? 1 : -1;
	int c = x->pl ? strcmp(x->pl, y->pl) : net_addr_cmp(&x->p.addr, &y->p.addr);
	if (!c && !x->pl)
		c = (int)x->p.len - (int)y->p.len;
	return c ? c : (int)x->propagated - (int)y->propagated;
}

/* A gateway endpoint associated with the table routes its service's prefix list there
 * (F2.2): a written route to that list must go to it. */
static void check_endpoint_route(struct out *o, struct res *v, struct res *rt, const char *pl,
				 const char *target)
{
	struct imp *I = o->I;
	FOR_VPC(I, RK_EP, v->id, e)
	{
		struct eptabs *et = &o->ep_tables[idx_of(I, RK_EP, e)];
		bool assoc = false;
		for (size_t i = 0; i < et->n && !assoc; i++)
			assoc = !strcmp(et->ids[i], rt->id);
		for (int f = 0; assoc && f < 2; f++)
			if (et->pl[f] && !strcmp(et->pl[f], pl) && strcmp(target, e->id))
				imp_error(I, rt->f, pl, "route table %s: the route to %s goes to %s, but the "
					  "table is associated with gateway endpoint %s, and AWS routes %s to "
					  "it there (F2.2, F2.3)", rt->id, pl, target, e->id, pl);
	}
}

void emit_route_tables(struct out *o, struct res *v)
{
	struct imp *I = o->I;
	struct yem *y = o->y;
	int vi = (int)idx_of(I, RK_VPC, v);
	size_t count = 0;
	FOR_VPC(I, RK_RTB, v->id, rt) count++;
	if (!count)
		return;
	y_str(y, "route_tables");
	y_seq(y, false);
	struct res *vgw = vpc_gateway(I, RK_VGW, vi);
	const char *main_id = NULL;
	FOR_VPC(I, RK_RTB, v->id, rt)
	{
		y_map(y, false);
		y_kstr(y, "id", rt->id);
		y_name_tags(I, y, rt, RK_RTB, tag_name(rt->j));
		const cJSON *a, *r;
		bool main = false;
		cJSON_ArrayForEach(a, jarr(rt->j, "Associations"))
		{
			if (jbool(a, "Main", false))
				main = true;
			if (jstr(a, "GatewayId"))
				imp_warn(I, rt->f, jstr(a, "GatewayId"), "route table %s is associated with "
					 "gateway %s (ingress routing), which vpcpath does not model", rt->id,
					 jstr(a, "GatewayId"));
		}
		if (main && main_id)
			imp_error(I, rt->f, rt->id, "vpc %s has two main route tables, %s and %s; AWS has one "
				  "per VPC (F1.10)", v->id, main_id, rt->id);
		if (main) {
			main_id = rt->id;
			y_kbool(y, "main", true);
		}
		size_t nprop = 0;
		cJSON_ArrayForEach(a, jarr(rt->j, "PropagatingVgws"))
		{
			const char *g = jstr(a, "GatewayId");
			if (g && vgw && !strcmp(g, vgw->id)) {
				if (nprop)
					imp_error(I, rt->f, g, "route table %s lists propagating gateway %s twice",
						  rt->id, g);
				y_section(y, &nprop, "propagating_vgws", true);
				y_str(y, g);
			} else if (g) {
				imp_warn(I, rt->f, g, "route table %s: propagating VPN gateway %s is not attached "
					 "to %s in %s; dropped", rt->id, g, v->id, imp_input(I));
			}
		}
		if (nprop)
			y_send(y);
		size_t nroutes = 0, nseen = 0;
		struct rdest *seen = xcalloc((size_t)cJSON_GetArraySize(jarr(rt->j, "Routes")) + 1,
					     sizeof(*seen));
		cJSON_ArrayForEach(r, jarr(rt->j, "Routes"))
		{
			const char *d4 = jstr(r, "DestinationCidrBlock"),
				   *d6 = jstr(r, "DestinationIpv6CidrBlock"),
				   *dpl = jstr(r, "DestinationPrefixListId");
			const char *dest = d4 ? d4 : d6 ? d6 : dpl;
			const char *st = jstr(r, "State"), *origin = jstr(r, "Origin");
			bool blackhole = st && !strcmp(st, "blackhole");
			if (jstr(r, "GatewayId") && !strcmp(jstr(r, "GatewayId"), "local"))
				continue;
			if (!dest) {
				imp_warn(I, rt->f, obj_near(r), "route table %s: a route without a destination; "
					 "skipped", rt->id);
				continue;
			}
			struct rdest rd = { .propagated = origin && !strcmp(origin,
									  "EnableVgwRoutePropagation"),
					    .near = dest };
			if (d4 || d6) {
				const char *key = d4 ? "DestinationCidrBlock" : "DestinationIpv6CidrBlock";
				if (!check_cidr(I, rt->f, pool_printf(I, "route table %s: %s", rt->id, key),
						dest, d4 ? NET_V4 : NET_V6, &rd.p))
					continue;
			} else if (!check_id(I, rt->f, pool_printf(I, "route table %s: "
					     "DestinationPrefixListId", rt->id), dpl, "pl-")) {
				continue;
			} else {
				rd.pl = dpl;
			}
			/* F1.7: 169.254.168.0/22 and fd00:ec2::/32 take no routes */
			struct net_prefix reserved;
			parse_cidr(d4 ? "169.254.168.0/22" : "fd00:ec2::/32", &reserved);
			if (!rd.pl && rd.p.len >= reserved.len && net_prefix_covers(&reserved, &rd.p)) {
				imp_error(I, rt->f, dest, "route table %s: a route to %s, inside %s, where AWS takes "
					  "no routes (F1.7)", rt->id, dest, d4 ? "169.254.168.0/22" :
					  "fd00:ec2::/32");
				continue;
			}
			bool inside = !rd.pl && in_vpc_cidrs(I, vi, &rd.p, rd.p.addr.family == NET_V6);
			const char *target = NULL;
			enum tgt tg = route_target(o, rt, r, dest, inside, &target, blackhole);
			if (tg == T_SKIP)
				continue;
			if (tg == T_IMPLIED) {
				/* AWS writes a gateway endpoint's routes itself, to its service's list */
				if (!rd.pl)
					imp_error(I, rt->f, rt->id, "route table %s: the route to %s goes to gateway "
						  "endpoint %s; AWS routes only the service's prefix list to a "
						  "gateway endpoint (F2.2)", rt->id, dest, jstr(r, "GatewayId"));
				continue;
			}
			if (dpl && !pl_ok(I, o->P, dpl)) {
				imp_warn(I, rt->f, dpl, "route table %s: route to prefix list %s, which is not in "
					 "%s; skipped", rt->id, dpl, imp_input(I));
				continue;
			}
			if (inside && !is_vpc_cidr(I, vi, &rd.p) &&
			    !(is_subnet_cidr(I, v, &rd.p) && local_target_ok(I, target, vi))) {
				imp_error(I, rt->f, rt->id, "route table %s: the route to %s is more specific than "
					  "the local route of %s; AWS allows that only for a whole subnet's CIDR "
					  "to a NAT gateway, network interface or Gateway Load Balancer endpoint, "
					  "not to %s%s (F1.6)", rt->id, dest, v->id, target,
					  tg == T_BLACKHOLE ? ", which is gone" : "");
				continue;
			}
			if (rd.pl)
				check_endpoint_route(o, v, rt, rd.pl, target);
			seen[nseen++] = rd;
			y_section(y, &nroutes, "routes", false);
			y_map(y, true);
			y_kstr(y, "destination", dest);
			y_kstr(y, "target", target);
			if (tg == T_BLACKHOLE)
				y_kstr(y, "state", "blackhole");
			if (rd.propagated)
				y_kstr(y, "origin", "propagated");
			y_mend(y);
		}
		if (nroutes)
			y_send(y);
		/* F1.3: a static and a propagated route may share a destination, two static
		 * routes (or two propagated ones) may not */
		qsort(seen, nseen, sizeof(*seen), cmp_rdest);
		for (size_t i = 1; i < nseen; i++)
			if (!cmp_rdest(&seen[i - 1], &seen[i])) {
				char buf[NET_PREFIXSTRLEN];
				imp_error(I, rt->f, seen[i].near, "route table %s has two %s routes to %s; AWS keeps one "
					  "per destination", rt->id, seen[i].propagated ? "propagated" : "static",
					  seen[i].pl ? seen[i].pl : net_prefix_str(&seen[i].p, buf));
			}
		free(seen);
		y_mend(y);
	}
	y_send(y);
}
