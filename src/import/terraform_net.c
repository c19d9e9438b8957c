/* terraform_net.c - the AWS provider's network resources as AWS CLI-shaped objects:
 * VPCs (and their CIDR associations), subnets, internet and egress-only gateways, route
 * tables (inline routes, aws_route, associations, the default and main tables), NAT
 * gateways on elastic IPs, VPC endpoints and their associations and policy.  A link
 * known only after apply that the configuration does not resolve leaves the route table
 * (or endpoint) out and listed as missing, so that a trace says so. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "terraform_res.h"

/* Appends an associated CIDR block to o's association set, in describe-vpcs /
 * describe-subnets shape: {"CidrBlock": …, "CidrBlockState": {"State": "associated"}}
 * (the Ipv6 names for IPv6). */
static void put_associated_cidr(cJSON *o, bool six, const char *cidr)
{
	cJSON *a = tf_push_obj(tf_put_arr(o, six ? "Ipv6CidrBlockAssociationSet" :
					  "CidrBlockAssociationSet"));
	tf_put_str(a, six ? "Ipv6CidrBlock" : "CidrBlock", cidr);
	cJSON *st = cJSON_CreateObject();
	tf_put_str(st, "State", "associated");
	cJSON_AddItemToObjectCS(a, six ? "Ipv6CidrBlockState" : "CidrBlockState", st);
}

/* Why attr of in has no value vpcpath may use: known only after apply, or marked
 * sensitive (read as unknown, never written or printed: terraform-notes.md 1.5). */
static const char *why_unusable(const struct tfinst *in, const char *attr)
{
	return tf_sensitive(in, attr) ? "is marked sensitive (never written or printed), so "
	       "vpcpath takes it as known only after apply" : "is known only after apply";
}

/* attr of in, a CIDR of family (NET_V4 or NET_V6) as the plan writes it, or NULL when
 * unset, unknown or sensitive; a value that is no CIDR is a located error worded in the
 * plan's terms (its address and attribute), not the AWS CLI's. */
static const char *cidr_attr(struct tf *T, struct tfinst *in, const char *attr, int family)
{
	const char *s = tf_str(in, attr);
	struct net_prefix p;
	if (s && (!parse_cidr(s, &p) || p.addr.family != family)) {
		imp_error(T->I, T->f, s, "%s: %s '%s' is not an %s CIDR", in->address, attr, s,
			  family_name(family));
		return NULL;
	}
	return s;
}

/* ---- IPv6 CIDRs known only after apply ---------------------------------------------- */

/* Whether the IPv6 CIDR (attr) of in will be there after apply but is not known yet:
 * an Amazon-provided or IPAM block, or a subnet's block cut from one. */
static bool ipv6_unknown(const struct tfinst *in, const char *attr)
{
	const cJSON *v;
	if (tf_attr(in, attr, &v) != TF_UNKNOWN || tf_sensitive(in, attr))
		return false;
	if (strstr(in->type, "_subnet"))
		return tf_configured(in, attr) || !in->cfg;
	return tf_configured(in, attr) || (tf_attr(in, "assign_generated_ipv6_cidr_block", &v) ==
					   TF_KNOWN && cJSON_IsTrue(v)) ||
	       tf_str(in, "ipv6_ipam_pool_id") || tf_configured(in, "ipv6_ipam_pool_id");
}

/* A stand-in IPv6 /56 of documentation space (2001:db8::/32, never routed) for a VPC
 * whose block is known only after apply, stable per address, so that ::/0 paths through
 * an egress-only gateway still trace; what depends on where the block lies (a rule or
 * route with another IPv6 CIDR) is PLAN_UNKNOWN (terraform_hosts.c). */
static const char *vpc_ipv6_stand_in(struct tf *T, struct tfinst *in)
{
	uint64_t h = tf_fnv1a(in->address);
	const char *c = pool_printf(T->I, "2001:db8:%x:%x00::/56", (unsigned)(h & 0xffff),
				    (unsigned)((h >> 16) & 0xff));
	tf_warn_once(T, in, "stand-in IPv6 CIDR", "IPv6 CIDRs known only after apply, written as "
		     "stand-ins of 2001:db8::/32", "%s: its IPv6 CIDR is known only after apply; "
		     "written as %s, a stand-in (a rule or route with another IPv6 CIDR makes what "
		     "uses it unknown)", in->address, c);
	return c;
}

/* A stand-in /64 of the VPC's IPv6 block for a subnet whose block is cut from it after
 * apply: one of the 256 /64s of a /56 not taken by another subnet of the VPC (NULL,
 * warned, when none is left or the VPC has no IPv6 block). */
static const char *subnet_ipv6_stand_in(struct tf *T, struct tfinst *in, const char *vpc)
{
	struct tfinst *v = tf_inst_by_id(T, NULL, vpc);
	const cJSON *a = v && v->made ? jarr(v->made, "Ipv6CidrBlockAssociationSet") : NULL;
	struct net_prefix p;
	if (!a || !parse_cidr(jstr(a->child, "Ipv6CidrBlock"), &p) || p.len > 64) {
		tf_warn(T, in, "%s: its IPv6 CIDR is known only after apply, and its VPC has no IPv6 "
			"CIDR in the plan; the subnet is written without one", in->address);
		return NULL;
	}
	uint64_t n = 1ull << (64 - p.len > 8 ? 8 : 64 - p.len);
	uint64_t start = tf_fnv1a(in->address) % n;
	for (uint64_t k = 0; k < n; k++) {
		/* the (start+k)-th /64: bits 48-63 of the block (n <= 256) */
		struct net_prefix q = p;
		unsigned at = ((unsigned)q.addr.b[6] << 8 | q.addr.b[7]) + (unsigned)((start + k) % n);
		q.addr.b[6] = (uint8_t)(at >> 8);
		q.addr.b[7] = (uint8_t)at;
		q.len = 64;
		char buf[64];
		const char *c = pool_printf(T->I, "%s/64", net_addr_str(&q.addr, buf));
		bool taken = false;
		for (size_t i = 0; i < T->n && !taken; i++) {
			const cJSON *s6 = T->v[i].made && strstr(T->v[i].type, "_subnet") ?
					  jarr(T->v[i].made, "Ipv6CidrBlockAssociationSet") : NULL;
			taken = s6 && tf_same(jstr(s6->child, "Ipv6CidrBlock"), c);
		}
		if (!taken) {
			tf_warn_once(T, in, "stand-in subnet IPv6 CIDR", "subnet IPv6 CIDRs known only "
				     "after apply, written as stand-ins of their VPC's", "%s: its IPv6 CIDR is known "
				     "only after apply; written as %s, a stand-in (a rule or route with "
				     "another IPv6 CIDR makes what uses it unknown)", in->address, c);
			return c;
		}
	}
	tf_warn(T, in, "%s: its IPv6 CIDR is known only after apply, and no /64 of its VPC's is "
		"left for a stand-in; the subnet is written without one", in->address);
	return NULL;
}

void tf_make_vpc(struct tf *T, struct tfinst *in)
{
	cJSON *o = tf_new_obj(T);
	tf_put_str(o, "VpcId", in->id);
	tf_put_str(o, "State", "available");
	const char *owner = tf_str(in, "owner_id");
	tf_put_str(o, "OwnerId", owner ? owner : T->account);
	const char *cidr = cidr_attr(T, in, "cidr_block", NET_V4);
	if (!cidr) {
		if (tf_sensitive(in, "cidr_block"))
			tf_warn(T, in, "%s: cidr_block %s: the VPC cannot be traced", in->address,
				why_unusable(in, "cidr_block"));
		else if (!tf_str(in, "cidr_block"))
			tf_warn(T, in, "%s: cidr_block is known only after apply (an IPAM pool?): "
				"the VPC cannot be traced", in->address);
		/* what is in it cannot be placed: its subnets and instances are left out
		 * and listed as missing because of it (tf_make_subnet), so that a trace
		 * that needs them says why */
		if (!tf_str(in, "cidr_block"))
			in->unknown_attr = "cidr_block";
		return;
	}
	tf_put_str(o, "CidrBlock", cidr);
	put_associated_cidr(o, false, cidr);
	const char *v6 = cidr_attr(T, in, "ipv6_cidr_block", NET_V6);
	if (!v6 && ipv6_unknown(in, "ipv6_cidr_block"))
		v6 = vpc_ipv6_stand_in(T, in);
	if (v6)
		put_associated_cidr(o, true, v6);
	tf_put_tags(T, o, in);
	/* its provider's Region (an alias may put it in another than the plan's); when
	 * the plan does not hold it, the import takes it from its subnets' zones or its
	 * endpoints' services, else the plan's: said */
	const char *why;
	struct res *r = tf_add(T, RK_VPC, in, o);
	r->aux = tf_region_of(T, in, &why);
	if (!r->aux && why && T->f->region)
		tf_warn(T, in, "%s: its Region is not in the plan (%s); taken from its subnets' "
			"zones or its endpoints' services, else the plan's (%s)", in->address, why,
			T->f->region);
}

void tf_make_cidr_assoc(struct tf *T, struct tfinst *in)
{
	const char *vpc = tf_link1(T, in, "vpc_id", TF_VPC, NULL);
	struct tfinst *v = tf_inst_by_id(T, NULL, vpc);
	const char *cidr = tf_str(in, "cidr_block");
	bool six = !strcmp(in->type, "aws_vpc_ipv6_cidr_block_association");
	if (six)
		cidr = tf_str(in, "ipv6_cidr_block");
	if (!v || !v->made || !cidr) {
		tf_warn(T, in, "%s: %s; the CIDR is left out", in->address, !cidr ? "its CIDR is "
			"known only after apply (an IPAM pool?)" : "its VPC is not in the plan");
		return;
	}
	put_associated_cidr(v->made, six, cidr);
}

void tf_make_subnet(struct tf *T, struct tfinst *in)
{
	bool unknown = false;
	const char *vpc = tf_link1(T, in, "vpc_id", TF_VPC, &unknown);
	const char *cidr = cidr_attr(T, in, "cidr_block", NET_V4);
	struct tfinst *v = tf_inst_by_id(T, NULL, vpc);
	if (v && !v->made && v->unknown_attr && !v->data) {
		/* its VPC's CIDR is known only after apply (tf_make_vpc) */
		in->unknown_by = v;
		tf_note_unknown(T, in, NULL, "subnets", NULL, NULL);
		return;
	}
	if (!vpc || !cidr) {
		if (!unknown && (!vpc || !tf_str(in, "cidr_block")))
			tf_warn(T, in, "%s: %s; the subnet is left out", in->address, !vpc ? "no VPC" :
				pool_printf(T->I, "its cidr_block %s",
					    why_unusable(in, "cidr_block")));
		if (vpc && !tf_str(in, "cidr_block"))
			in->unknown_attr = "cidr_block"; /* its instances say so (terraform_hosts.c) */
		tf_note_unknown(T, in, vpc ? "cidr_block" : NULL, "subnets", NULL, NULL);
		return;
	}
	cJSON *o = tf_new_obj(T);
	tf_put_str(o, "SubnetId", in->id);
	tf_put_str(o, "VpcId", vpc);
	tf_put_str(o, "CidrBlock", cidr);
	tf_put_str(o, "State", "available");
	tf_put_str(o, "AvailabilityZone", tf_str(in, "availability_zone"));
	tf_put_str(o, "AvailabilityZoneId", tf_str(in, "availability_zone_id"));
	const char *v6 = cidr_attr(T, in, "ipv6_cidr_block", NET_V6);
	if (!v6 && ipv6_unknown(in, "ipv6_cidr_block"))
		v6 = subnet_ipv6_stand_in(T, in, vpc);
	if (v6)
		put_associated_cidr(o, true, v6);
	tf_put_tags(T, o, in);
	tf_add(T, RK_SUBNET, in, o);
}

void tf_make_igw(struct tf *T, struct tfinst *in)
{
	bool eigw = !strcmp(in->type, "aws_egress_only_internet_gateway");
	cJSON *o = tf_new_obj(T);
	tf_put_str(o, eigw ? "EgressOnlyInternetGatewayId" : "InternetGatewayId", in->id);
	const char *vpc = tf_link1(T, in, "vpc_id", TF_VPC, NULL);
	if (vpc) {
		cJSON *a = tf_push_obj(tf_put_arr(o, "Attachments"));
		tf_put_str(a, "VpcId", vpc);
		tf_put_str(a, "State", eigw ? "attached" : "available");
	}
	tf_put_tags(T, o, in);
	tf_add(T, eigw ? RK_EIGW : RK_IGW, in, o);
}

/* ---- route tables ------------------------------------------------------------------ */

/* The route targets of the provider, in the AWS CLI's names. */
static const struct {
	const char *attr, *cli;
	const char *const *types;
} route_targets[] = {
	{ "gateway_id", "GatewayId", TF_IGW },
	{ "nat_gateway_id", "NatGatewayId", TF_NAT },
	{ "egress_only_gateway_id", "EgressOnlyInternetGatewayId", TF_EIGW },
	{ "transit_gateway_id", "TransitGatewayId", TF_TGW },
	{ "vpc_peering_connection_id", "VpcPeeringConnectionId", TF_PCX },
	{ "vpc_endpoint_id", "VpcEndpointId", TF_VPCE },
	{ "network_interface_id", "NetworkInterfaceId", TF_ENI },
	{ "instance_id", "InstanceId", (const char *const[]){ "aws_instance", NULL } },
	{ "carrier_gateway_id", "CarrierGatewayId", (const char *const[]){ NULL } },
	{ "local_gateway_id", "LocalGatewayId", (const char *const[]){ NULL } },
	{ "core_network_arn", "CoreNetworkArn", (const char *const[]){ NULL } },
};

/* One route (an inline route element, or an aws_route): false when a target or the
 * destination is unknown and cannot be resolved. */
static bool make_route(struct tf *T, struct tfinst *in, cJSON *routes, const cJSON *elem, int idx,
		       bool inline_route)
{
	static const struct { const char *inl, *sep, *cli; } dests[] = {
		{ "cidr_block", "destination_cidr_block", "DestinationCidrBlock" },
		{ "ipv6_cidr_block", "destination_ipv6_cidr_block", "DestinationIpv6CidrBlock" },
		{ "destination_prefix_list_id", "destination_prefix_list_id",
		  "DestinationPrefixListId" },
	};
	cJSON *r = cJSON_CreateObject();
	bool ok = true, have_dest = false, have_target = false;
	for (size_t i = 0; i < sizeof(dests) / sizeof(dests[0]); i++) {
		const char *a = inline_route ? dests[i].inl : dests[i].sep;
		const cJSON *v;
		enum tfknown st = inline_route ? tf_elem_attr(in, "route", idx, elem, a, &v) :
					  tf_attr(in, a, &v);
		const char *out[1];
		int n;
		/* an aws_route's destinations other than the configured one are computed
		 * (destination_prefix_list_id is unknown on create in every provider
		 * version): not configured, they are unset */
		if (!inline_route && st == TF_UNKNOWN && !tf_configured(in, a))
			continue;
		if (i == 2) {
			n = tf_link(T, in, a, st, v, inline_route ? "route" : a, TF_PL, false, out, 1);
			if (n > 0 && !(out[0] = tf_pl_id(T, in, out[0])))
				n = -1;
		}
		else if (st == TF_UNKNOWN) {
			tf_warn(T, in, "%s: the route's %s is known only after apply", in->address, a);
			n = -1;
		} else
			n = st == TF_KNOWN && cJSON_IsString(v) ? (out[0] = v->valuestring, 1) : 0;
		if (n < 0)
			ok = false;
		if (n > 0) {
			tf_put_str(r, dests[i].cli, out[0]);
			have_dest = true;
		}
	}
	for (size_t i = 0; i < sizeof(route_targets) / sizeof(route_targets[0]); i++) {
		const char *a = route_targets[i].attr;
		const cJSON *v;
		enum tfknown st = inline_route ? tf_elem_attr(in, "route", idx, elem, a, &v) :
					  tf_attr(in, a, &v);
		/* an aws_route's targets are all computed (all unknown on create): the one
		 * that is set is the one configured */
		if (!inline_route && st == TF_UNKNOWN && !tf_configured(in, a))
			continue;
		const char *out[1];
		int n = tf_link(T, in, a, st, v, inline_route ? "route" : a, route_targets[i].types,
				false, out, 1);
		if (n < 0)
			ok = false;
		if (n > 0) {
			/* an instance's primary interface (network_interface_id =
			 * aws_instance.x.primary_network_interface_id, known only after
			 * apply): the instance, as AWS reports it */
			bool instance = !strcmp(a, "network_interface_id") && str_has_prefix(out[0], "i-");
			tf_put_str(r, instance ? "InstanceId" : route_targets[i].cli, out[0]);
			have_target = true;
		}
	}
	if (!ok || !have_dest) {
		cJSON_Delete(r);
		return ok;
	}
	(void)have_target;
	tf_put_str(r, "State", "active");
	tf_put_str(r, "Origin", "CreateRoute");
	cJSON_AddItemToArray(routes, r);
	return true;
}

/* The route table of an aws_route / association: its made object, or NULL. */
static struct tfinst *table_of(struct tf *T, struct tfinst *in, const char *attr, bool *unknown)
{
	const char *id = tf_link1(T, in, attr, TF_RTB, unknown);
	struct tfinst *t = tf_inst_by_id(T, NULL, id);
	if (t && !strcmp(t->type, "aws_vpc")) {
		/* the VPC's main table, through aws_vpc.main_route_table_id */
		return NULL;
	}
	if (id && (!t || !t->made) && !*unknown)
		tf_warn(T, in, "%s: route table %s is not in the plan; left out", in->address, id);
	return t && t->made ? t : NULL;
}

void tf_make_route_table(struct tf *T, struct tfinst *in)
{
	bool def = !strcmp(in->type, "aws_default_route_table");
	bool unknown = false;
	const char *vpc = NULL;
	if (def) {
		vpc = tf_default_of(T, in, "default_route_table_id", &unknown);
	} else {
		vpc = tf_link1(T, in, "vpc_id", TF_VPC, &unknown);
	}
	if (!vpc) {
		if (!unknown)
			tf_warn(T, in, "%s: no VPC; left out", in->address);
		tf_note_unknown(T, in, NULL, "route_tables", NULL, NULL);
		return;
	}
	cJSON *o = tf_new_obj(T);
	tf_put_str(o, "RouteTableId", in->id);
	tf_put_str(o, "VpcId", vpc);
	cJSON *routes = tf_put_arr(o, "Routes");
	tf_put_arr(o, "Associations");
	const cJSON *rl;
	enum tfknown st = tf_attr(in, "route", &rl);
	bool ok = true;
	if (st == TF_KNOWN) {
		const cJSON *e;
		int i = 0;
		cJSON_ArrayForEach(e, rl)
			ok &= make_route(T, in, routes, e, i++, true);
	} else if (st == TF_UNKNOWN && in->cfg && jget(jget(in->cfg, "expressions"), "route")) {
		tf_warn(T, in, "%s: its inline routes are known only after apply", in->address);
		if (!in->unknown_attr)
			in->unknown_attr = "route";
		ok = false;
	}
	/* propagating_vgws: computed.  Not configured, it shows what AWS has, a
	 * propagation whose aws_vpn_gateway_route_propagation this plan deletes
	 * included: those resources say what there will be.  A state has nothing
	 * pending: its values are the table's. */
	const cJSON *pv;
	enum tfknown ps = tf_attr(in, "propagating_vgws", &pv);
	if (tf_configured(in, "propagating_vgws") || (!in->cfg && ps == TF_KNOWN)) {
		const char *ids[MAX_IDS];
		int n = tf_link(T, in, "propagating_vgws", ps, pv, "propagating_vgws", TF_VGW, true,
				ids, MAX_IDS);
		if (n < 0)
			ok = false;
		for (int i = 0; i < n; i++)
			tf_put_str(tf_push_obj(tf_put_arr(o, "PropagatingVgws")), "GatewayId", ids[i]);
	}
	if (def) {
		cJSON *a = tf_push_obj(jget(o, "Associations") ? (cJSON *)jget(o, "Associations") : NULL);
		tf_put_bool(a, "Main", true);
	}
	in->part_unknown = !ok;
	tf_put_tags(T, o, in);
	in->made = o; /* filed by file_route_tables, once every route is known or not */
}

void tf_make_route_res(struct tf *T, struct tfinst *in)
{
	bool unknown = false;
	struct tfinst *t = table_of(T, in, "route_table_id", &unknown);
	if (!t) {
		if (unknown)
			T->rt_unknown_all = true; /* some table of some VPC misses a route */
		return;
	}
	if (!make_route(T, in, (cJSON *)jget(t->made, "Routes"), NULL, 0, false)) {
		t->part_unknown = true;
		if (!t->unknown_by && in->unknown_attr)
			t->unknown_by = in;
	}
}

/* An aws_route's route in its table's refreshed route list: out, whether the route
 * stays (tf_make_route_res puts it back) or goes (deleted, replaced).  Without inline
 * routes configured the table's list shows every route it has, a route this plan
 * deletes included (terraform-notes.md 2.2 item 2, as for a group's rules).  A table
 * has one route per destination: the destination names it. */
void tf_route_take_out(struct tf *T, struct tfinst *in)
{
	struct tfinst *t = tf_inst_by_id(T, NULL, jstr(in->before, "route_table_id"));
	if (!t || !t->made || t->gone || tf_configured(t, "route"))
		return; /* with inline routes configured, Terraform converges to them */
	static const struct { const char *sep, *cli; } dests[] = {
		{ "destination_cidr_block", "DestinationCidrBlock" },
		{ "destination_ipv6_cidr_block", "DestinationIpv6CidrBlock" },
		{ "destination_prefix_list_id", "DestinationPrefixListId" },
	};
	cJSON *routes = (cJSON *)jget(t->made, "Routes"), *r, *next;
	for (r = routes ? routes->child : NULL; r; r = next) {
		next = r->next;
		for (size_t i = 0; i < sizeof(dests) / sizeof(dests[0]); i++) {
			const char *was = jstr(in->before, dests[i].sep);
			if (was && *was && tf_same(jstr(r, dests[i].cli), was)) {
				cJSON_Delete(cJSON_DetachItemViaPointer(routes, r));
				break;
			}
		}
	}
}

void tf_rt_unknown_in(struct tf *T, const char *vpc)
{
	if (!vpc) {
		T->rt_unknown_all = true;
		return;
	}
	T->rt_unknown_vpcs = xrealloc(T->rt_unknown_vpcs, (T->nrt_unknown + 1) * sizeof(char *));
	T->rt_unknown_vpcs[T->nrt_unknown++] = vpc;
}

void tf_rt_unknown_because(struct tf *T, const char *vpc, const struct tfinst *by,
			   const char *attr, const char *why)
{
	tf_rt_unknown_in(T, vpc);
	for (size_t i = 0; i < T->nrt_causes; i++)
		if (T->rt_causes[i].vpc == vpc || tf_same(T->rt_causes[i].vpc, vpc))
			return; /* the first cause is said */
	T->rt_causes = xrealloc(T->rt_causes, (T->nrt_causes + 1) * sizeof(*T->rt_causes));
	T->rt_causes[T->nrt_causes++] = (struct tfrtcause){ vpc, attr, why, by };
}

/* Why vpc's main table is left out: its own cause, else one for every VPC; NULL. */
static const struct tfrtcause *rt_cause(struct tf *T, const char *vpc)
{
	const struct tfrtcause *any = NULL;
	for (size_t i = 0; i < T->nrt_causes; i++) {
		if (tf_same(T->rt_causes[i].vpc, vpc))
			return &T->rt_causes[i];
		if (!T->rt_causes[i].vpc && !any)
			any = &T->rt_causes[i];
	}
	return any;
}

bool tf_rt_unknown(struct tf *T, const char *vpc)
{
	if (T->rt_unknown_all)
		return true;
	for (size_t i = 0; i < T->nrt_unknown; i++)
		if (tf_same(T->rt_unknown_vpcs[i], vpc))
			return true;
	return false;
}

void tf_make_rt_assoc(struct tf *T, struct tfinst *in)
{
	bool unknown = false;
	struct tfinst *t = table_of(T, in, "route_table_id", &unknown);
	bool main = !strcmp(in->type, "aws_main_route_table_association");
	bool sub_unknown = false;
	const char *sub = main ? NULL : tf_link1(T, in, "subnet_id", TF_SUBNET, &sub_unknown);
	/* gateway_id (an edge association) is computed in some provider versions:
	 * unknown and not configured, it is unset */
	const char *gw = main ? NULL : tf_link_configured(T, in, "gateway_id", TF_IGW,
							  &sub_unknown);
	if (!t || sub_unknown) {
		/* the subnet's table is unknown: not its VPC's main one either */
		struct tfinst *sn = tf_inst_by_id(T, "aws_subnet", sub);
		const char *attr = in->unknown_attr ? in->unknown_attr : "route_table_id";
		tf_rt_unknown_because(T, t ? jstr(t->made, "VpcId") : sn && sn->made ?
				      jstr(sn->made, "VpcId") : NULL, in, attr,
				      pool_printf(T->I, "%s.%s is known only after apply, and the "
						  "subnet it associates may use this main table",
						  in->address, attr));
		return;
	}
	if (t->part_unknown && sub)
		tf_rt_unknown_because(T, jstr(t->made, "VpcId"), t, NULL, pool_printf(T->I,
				      "%s is left out (a route of it cannot be told from the plan), "
				      "and a subnet associated with it would seem to use this main "
				      "table", t->address));
	cJSON *a = tf_push_obj((cJSON *)jget(t->made, "Associations"));
	if (main)
		tf_put_bool(a, "Main", true);
	tf_put_str(a, "SubnetId", sub);
	tf_put_str(a, "GatewayId", gw);
	tf_put_str(a, "RouteTableAssociationId", in->id);
}

/* aws_vpn_gateway_route_propagation: the VPN gateway's routes propagate into the table. */
void tf_make_vgw_propagation(struct tf *T, struct tfinst *in)
{
	bool unknown = false;
	struct tfinst *t = table_of(T, in, "route_table_id", &unknown);
	const char *vgw = t ? tf_link1(T, in, "vpn_gateway_id", TF_VGW, &unknown) : NULL;
	if (!t || !vgw) {
		if (unknown && t)
			t->part_unknown = true;
		else if (unknown)
			tf_rt_unknown_in(T, NULL);
		return;
	}
	const cJSON *g;
	cJSON_ArrayForEach(g, jarr(t->made, "PropagatingVgws"))
		if (tf_same(jstr(g, "GatewayId"), vgw))
			return; /* the table's own list (a state) has it already */
	tf_put_str(tf_push_obj(tf_put_arr(t->made, "PropagatingVgws")), "GatewayId", vgw);
}

/* A peering connection between two VPCs the plan describes (a peer VPC it does not
 * describe has no CIDR here: the connection is left out, and routes to it leave their
 * tables out).  Active when it says so, when auto_accept is set, or when an
 * aws_vpc_peering_connection_accepter accepts it; else pending, as AWS leaves it. */
void tf_make_peering(struct tf *T, struct tfinst *in)
{
	const char *a = tf_link1(T, in, "vpc_id", TF_VPC, NULL);
	const char *b = tf_link1(T, in, "peer_vpc_id", TF_VPC, NULL);
	struct tfinst *va = tf_inst_by_id(T, NULL, a), *vb = tf_inst_by_id(T, NULL, b);
	if (!va || !va->made || !vb || !vb->made) {
		/* (another account's VPC, or one of another configuration: its CIDR is
		 * not here; the routes to the connection stay, tf_route_targets_known) */
		tf_warn(T, in, "%s: %s is not a VPC this plan describes%s; the connection is "
			"listed as missing: routes to it stay, and a trace that takes one ends "
			"MISSING_DATA", in->address, !va || !va->made ? "vpc_id" : "peer_vpc_id",
			tf_str(in, "peer_owner_id") ? " (peer_owner_id: another account's)" : "");
		return;
	}
	const char *status = tf_str(in, "accept_status");
	const cJSON *aa = jget(in->after, "auto_accept");
	if (!status || tf_same(status, "pending-acceptance")) {
		status = cJSON_IsTrue(aa) ? "active" : "pending-acceptance";
		for (size_t i = 0; i < T->n; i++) {
			struct tfinst *x = &T->v[i];
			if (x->gone || strcmp(x->type, "aws_vpc_peering_connection_accepter"))
				continue;
			const cJSON *v;
			enum tfknown st = tf_attr(x, "vpc_peering_connection_id", &v);
			const char *id[1];
			if (tf_link(T, x, "vpc_peering_connection_id", st, v, "vpc_peering_connection_id",
				    TF_PCX, false, id, 1) == 1 && tf_same(id[0], in->id) &&
			    !cJSON_IsFalse(jget(x->after, "auto_accept")))
				status = "active";
		}
		if (strcmp(status, "active"))
			tf_warn(T, in, "%s: nothing in the plan accepts it (no auto_accept, no "
				"aws_vpc_peering_connection_accepter): pending-acceptance, carrying no "
				"traffic", in->address);
	}
	cJSON *o = tf_new_obj(T);
	tf_put_str(o, "VpcPeeringConnectionId", in->id);
	cJSON *st = cJSON_CreateObject();
	tf_put_str(st, "Code", status);
	cJSON_AddItemToObjectCS(o, "Status", st);
	static const char *const sides[] = { "RequesterVpcInfo", "AccepterVpcInfo" };
	for (int s = 0; s < 2; s++) {
		struct tfinst *v = s ? vb : va;
		cJSON *info = cJSON_CreateObject();
		tf_put_str(info, "VpcId", v->id);
		tf_put_str(info, "CidrBlock", jstr(v->made, "CidrBlock"));
		tf_put_str(info, "OwnerId", jstr(v->made, "OwnerId"));
		const char *region = tf_region_of(T, v, NULL);
		tf_put_str(info, "Region", region ? region : T->f->region);
		cJSON_AddItemToObjectCS(o, sides[s], info);
	}
	tf_put_tags(T, o, in);
	tf_add(T, RK_PCX, in, o);
}

/* Whether every route of table in goes to something the topology will hold: a
 * gateway, NAT gateway or endpoint this plan (or its prior state) describes.  A target
 * it does not describe (a resource of another configuration, given by id) or of a kind
 * not read from plans yet (peering, transit gateway, VPN gateway, network interface…)
 * is not gone: the import of a snapshot would write such a route as a blackhole, so
 * the table is left out instead, and a trace through it says what is unknown. */
/* The resource whose id before the plan is id, when the plan deletes or replaces it
 * (the id is gone after apply), or NULL. */
static const struct tfinst *deleted_by_plan(struct tf *T, const char *id)
{
	for (size_t i = 0; i < T->n; i++) {
		const struct tfinst *x = &T->v[i];
		if ((x->action == TF_DELETE || x->action == TF_REPLACE) && x->before &&
		    tf_same(jstr(x->before, "id"), id))
			return x;
	}
	return NULL;
}

bool tf_route_targets_known(struct tf *T, struct tfinst *in)
{
	static const struct { const char *key, *type, *type2; } made[] = {
		{ "GatewayId", "aws_internet_gateway", "aws_vpn_gateway" },
		{ "NatGatewayId", "aws_nat_gateway", NULL },
		{ "EgressOnlyInternetGatewayId", "aws_egress_only_internet_gateway", NULL },
		{ "VpcEndpointId", "aws_vpc_endpoint", NULL },
		{ "VpcPeeringConnectionId", "aws_vpc_peering_connection", NULL },
		{ "TransitGatewayId", "aws_ec2_transit_gateway", NULL },
		{ "NetworkInterfaceId", "aws_network_interface", NULL },
		{ "InstanceId", "aws_instance", NULL },
	};
	static const char *const others[] = { "CarrierGatewayId", "LocalGatewayId",
					      "CoreNetworkArn" };
	const cJSON *r;
	cJSON_ArrayForEach(r, jarr(in->made, "Routes"))
	{
		const char *dest = jstr(r, "DestinationCidrBlock");
		dest = dest ? dest : jstr(r, "DestinationIpv6CidrBlock");
		dest = dest ? dest : jstr(r, "DestinationPrefixListId");
		for (size_t k = 0; k < sizeof(made) / sizeof(made[0]); k++) {
			const char *id = jstr(r, made[k].key);
			if (!id || !strcmp(id, "local"))
				continue;
			struct tfinst *t = tf_inst_by_id(T, NULL, id);
			const struct tfinst *old = t ? NULL : deleted_by_plan(T, id);
			if (old) {
				/* a route that stays (a forgotten aws_route, one the table does
				 * not manage) to what the plan deletes: AWS keeps it, pointing
				 * at nothing, a blackhole (F1.8) */
				tf_warn(T, in, "%s: the route to %s goes to %s, which the plan %s (%s); "
					"AWS keeps the route as a blackhole (F1.8)", in->address,
					dest ? dest : "?", id, old->action == TF_REPLACE ? "replaces" :
					"deletes", old->address);
				cJSON_DeleteItemFromObjectCaseSensitive((cJSON *)r, "State");
				tf_put_str((cJSON *)r, "State", "blackhole");
				continue;
			}
			if (!strcmp(made[k].key, "VpcPeeringConnectionId") && !(t && t->made) &&
			    str_has_prefix(id, "pcx-")) {
				/* a peering to a VPC this plan does not describe (another
				 * account's, another configuration's, or accepted here): the
				 * route is there and active as far as the plan says; only a
				 * flow that takes it needs what is behind it */
				note_missing(T->I, "peerings", "id", id);
				if (!t || !tf_same(t->type, "aws_vpc_peering_connection"))
					tf_warn(T, in, "%s: the route to %s goes to %s, which the plan "
						"does not describe; the connection is listed as missing "
						"(a trace that takes the route ends MISSING_DATA)",
						in->address, dest ? dest : "?", id);
				continue;
			}
			bool gateway = t && (tf_same(t->type, "aws_vpn_gateway") ||
					     tf_same(t->type, "aws_ec2_transit_gateway"));
			if (t && t->made && (tf_same(t->type, made[k].type) ||
					     tf_same(t->type, made[k].type2)) &&
			    (!gateway || tf_gateway_complete(t)))
				continue;
			tf_warn(T, in, "%s: the route to %s goes to %s, which %s; the table is left "
				"out and listed as missing", in->address, dest ? dest : "?", id,
				gateway ? "is known only in part before apply" : t &&
				(tf_same(t->type, made[k].type) || tf_same(t->type, made[k].type2)) ?
				"is left out (its own warning says why)" : t ?
				"vpcpath does not read from plans yet" : "the plan does not describe");
			in->part_unknown = true;
			/* a gateway left out for an attribute of another resource: that
			 * resource names what is unknown (tf_note_unknown) */
			if (gateway && !in->unknown_attr && !in->unknown_by)
				in->unknown_by = t->unknown_by;
			return false;
		}
		for (size_t k = 0; k < sizeof(others) / sizeof(others[0]); k++) {
			const char *id = jstr(r, others[k]);
			if (!id)
				continue;
			tf_warn(T, in, "%s: the route to %s goes to %s, of a kind vpcpath does not read "
				"from plans yet; the table is left out and listed as missing", in->address,
				dest ? dest : "?", id);
			in->part_unknown = true;
			return false;
		}
	}
	return true;
}

/* A table with a route known only after apply is left out, and so is the main table
 * of a VPC where a subnet's table is unknown (the subnet would fall back to it): the
 * topology lists them under missing:, so a trace that needs them ends ambiguous,
 * MISSING_DATA, naming them, instead of taking a route that may not be there. */
void tf_file_route_tables(struct tf *T, struct tfinst *in)
{
	if (!in->made)
		return;
	const char *vpc = jstr(in->made, "VpcId");
	bool main = false;
	const cJSON *a;
	cJSON_ArrayForEach(a, jarr(in->made, "Associations"))
		main |= jbool(a, "Main", false);
	if (in->part_unknown || (main && tf_rt_unknown(T, vpc))) {
		const struct tfrtcause *c = in->part_unknown ? NULL : rt_cause(T, vpc);
		tf_warn(T, in, "%s: left out of the topology (%s): a trace through it says what "
			"is unknown", in->address, in->part_unknown ? "a route of it cannot be told "
			"from the plan" : c ? c->why : "a subnet that would use this main table has "
			"a route table known only after apply");
		if (c && c->by)
			tf_note_unknown(T, c->by, c->attr, "route_tables", "vpc", vpc);
		else
			tf_note_unknown(T, in->part_unknown ? in : NULL, NULL, "route_tables", "vpc",
					vpc);
		return;
	}
	res_add(T->I, RK_RTB, in->id, in->made, T->f);
}

/* ---- NAT gateways and endpoints ------------------------------------------------------ */

/* A public address known only after apply: a stand-in from 192.0.2.0/24 (TEST-NET-1,
 * never routed), stable per address, so that internet paths still trace; what depends
 * on its value (an aws:SourceIp condition) cannot be decided from the plan. */
const char *tf_public_stand_in(struct tf *T, struct tfinst *in)
{
	unsigned n = (unsigned)(tf_fnv1a(in->address) % 254) + 1;
	tf_warn(T, in, "%s: its public IP is known only after apply; written as 192.0.2.%u, a "
		"stand-in (a policy condition on the address, aws:SourceIp, cannot be decided "
		"from the plan)", in->address, n);
	return pool_printf(T->I, "192.0.2.%u", n);
}

void tf_make_nat(struct tf *T, struct tfinst *in)
{
	bool unknown = false;
	const char *sub = tf_link1(T, in, "subnet_id", TF_SUBNET, &unknown);
	struct tfinst *sn = tf_inst_by_id(T, NULL, sub);
	if (sn && !sn->made && (sn->unknown_by || sn->unknown_attr)) {
		/* its subnet, or the subnet's VPC, has a CIDR known only after apply: so
		 * has the NAT gateway's VPC, the only one whose tables can route to it */
		const struct tfinst *cause = sn->unknown_by ? sn->unknown_by : sn;
		tf_warn(T, in, "%s: where its subnet is (%s.%s) is known only after apply; left "
			"out", in->address, cause->address, cause->unknown_attr);
		const char *vpc = sn->unknown_by && !strcmp(sn->unknown_by->type, "aws_vpc") ?
				  sn->unknown_by->id : NULL;
		tf_rt_unknown_because(T, vpc, cause, cause->unknown_attr, pool_printf(T->I,
				      "NAT gateway %s is left out (%s.%s is known only after apply), "
				      "and a route to it could not be followed", in->address,
				      cause->address, cause->unknown_attr));
		return;
	}
	if (!sn || !sn->made) {
		tf_warn(T, in, "%s: its subnet is %s; left out", in->address, unknown ?
			"known only after apply" : "not in the plan");
		/* routes to it cannot be followed */
		tf_rt_unknown_because(T, NULL, unknown ? in : NULL, unknown ? "subnet_id" : NULL,
				      pool_printf(T->I, "NAT gateway %s is left out (its subnet is "
						  "%s), and a route to it could not be followed",
						  in->address, unknown ? "known only after apply" :
						  "not in the plan"));
		return;
	}
	cJSON *o = tf_new_obj(T);
	tf_put_str(o, "NatGatewayId", in->id);
	tf_put_str(o, "VpcId", jstr(sn->made, "VpcId"));
	tf_put_str(o, "SubnetId", sub);
	tf_put_str(o, "State", "available");
	const char *conn = tf_str(in, "connectivity_type");
	tf_put_str(o, "ConnectivityType", conn ? conn : "public");
	cJSON *a = tf_push_obj(tf_put_arr(o, "NatGatewayAddresses"));
	tf_put_bool(a, "IsPrimary", true);
	tf_put_str(a, "PrivateIp", tf_str(in, "private_ip"));
	if (!conn || strcmp(conn, "private")) {
		const char *pub = tf_str(in, "public_ip");
		if (!pub) {
			const char *alloc = tf_link1(T, in, "allocation_id",
						  (const char *const[]){ "aws_eip", NULL }, NULL);
			struct tfinst *eip = tf_inst_by_id(T, "aws_eip", alloc);
			pub = eip ? tf_str(eip, "public_ip") : NULL;
			if (!pub)
				pub = tf_public_stand_in(T, eip ? eip : in);
		}
		tf_put_str(a, "PublicIp", pub);
	}
	tf_put_tags(T, o, in);
	tf_add(T, RK_NAT, in, o);
}

static void endpoint_unknown(struct tf *T, struct tfinst *in, const char *vpc, const char *what,
			     const char *attr)
{
	tf_warn(T, in, "%s: %s is known only after apply; the endpoint is left out and listed "
		"as missing", in->address, what);
	tf_note_unknown(T, in, attr, "endpoints", "vpc", vpc);
	/* which route tables send the service's traffic to it is not known */
	tf_rt_unknown_because(T, vpc, in, attr, pool_printf(T->I, "%s.%s is known only after "
			      "apply, and the endpoint may add a route to this table", in->address,
			      attr));
}

void tf_make_endpoint(struct tf *T, struct tfinst *in)
{
	bool unknown = false;
	const char *vpc = tf_link1(T, in, "vpc_id", TF_VPC, &unknown);
	const char *svc = tf_str(in, "service_name");
	if (!vpc || !svc) {
		if (!unknown)
			tf_warn(T, in, "%s: no %s; left out", in->address, vpc ? "service_name" : "VPC");
		tf_note_unknown(T, in, vpc ? "service_name" : NULL, "endpoints", NULL, NULL);
		return;
	}
	const char *type = tf_str(in, "vpc_endpoint_type");
	type = type ? type : "Gateway";
	cJSON *o = tf_new_obj(T);
	tf_put_str(o, "VpcEndpointId", in->id);
	tf_put_str(o, "VpcId", vpc);
	tf_put_str(o, "ServiceName", svc);
	tf_put_str(o, "VpcEndpointType", type);
	tf_put_str(o, "State", "available");
	tf_put_str(o, "IpAddressType", tf_str(in, "ip_address_type"));
	static const struct { const char *attr, *cli; const char *const *types; } lists[] = {
		{ "route_table_ids", "RouteTableIds", TF_RTB },
		{ "subnet_ids", "SubnetIds", TF_SUBNET },
		{ "security_group_ids", "Groups", TF_SG },
	};
	bool gateway = !strcmp(type, "Gateway");
	for (size_t l = 0; l < 3; l++) {
		if (gateway != (l == 0))
			continue;
		const cJSON *v;
		enum tfknown st = tf_attr(in, lists[l].attr, &v);
		/* computed: unknown and not configured is "none here" (associations may add) */
		if (st == TF_UNKNOWN && !(in->cfg && jget(jget(in->cfg, "expressions"), lists[l].attr)))
			continue;
		const char *ids[MAX_IDS];
		int n = tf_link(T, in, lists[l].attr, st, v, lists[l].attr, lists[l].types, true, ids,
				MAX_IDS);
		if (n < 0) {
			endpoint_unknown(T, in, vpc, lists[l].attr, lists[l].attr);
			return;
		}
		cJSON *arr = tf_put_arr(o, lists[l].cli);
		for (int i = 0; i < n; i++)
			if (l == 2)
				tf_put_str(tf_push_obj(arr), "GroupId", ids[i]);
			else
				cJSON_AddItemToArray(arr, cJSON_CreateStringReference(ids[i]));
	}
	const cJSON *pd;
	if (tf_attr(in, "private_dns_enabled", &pd) == TF_KNOWN)
		tf_put_bool(o, "PrivateDnsEnabled", cJSON_IsTrue(pd));
	const cJSON *dns = jget(in->after, "dns_options");
	if (cJSON_IsTrue(jget(cJSON_GetArrayItem(dns, 0),
			      "private_dns_only_for_inbound_resolver_endpoint"))) {
		cJSON *d = cJSON_CreateObject();
		tf_put_bool(d, "PrivateDnsOnlyForInboundResolverEndpoint", true);
		cJSON_AddItemToObjectCS(o, "DnsOptions", d);
	}
	/* policy: a configured one known only after apply is unknown; one not configured
	 * is AWS's default, full access (2.2 item 7) */
	const cJSON *pol;
	enum tfknown ps = tf_attr(in, "policy", &pol);
	if (ps == TF_UNKNOWN && in->cfg && jget(jget(in->cfg, "expressions"), "policy")) {
		/* kept: a trace whose answer the policy decides says it is unknown */
		tf_warn(T, in, "%s: its policy is known only after apply; listed as unknown, so that "
			"a trace whose answer depends on it ends ambiguous", in->address);
		tf_note_unknown(T, in, "policy", "endpoint_policy", "id", in->id);
	} else if (ps == TF_KNOWN && cJSON_IsString(pol))
		tf_put_str(o, "PolicyDocument", pol->valuestring);
	tf_put_tags(T, o, in);
	in->made = o; /* filed once its associations and policy resources are read */
}

/* aws_vpc_endpoint_route_table_association, _subnet_association,
 * _security_group_association, aws_vpc_endpoint_policy */
void tf_make_endpoint_part(struct tf *T, struct tfinst *in)
{
	bool unknown = false;
	const char *id = tf_link1(T, in, "vpc_endpoint_id", TF_VPCE, &unknown);
	struct tfinst *ep = tf_inst_by_id(T, "aws_vpc_endpoint", id);
	if (!ep || !ep->made) {
		if (!unknown && id)
			tf_warn(T, in, "%s: endpoint %s is not in the plan; left out", in->address, id);
		if (unknown)
			tf_rt_unknown_in(T, NULL);
		return;
	}
	const char *vpc = jstr(ep->made, "VpcId");
	if (!strcmp(in->type, "aws_vpc_endpoint_policy")) {
		const cJSON *pol;
		enum tfknown ps = tf_attr(in, "policy", &pol);
		if (ps == TF_UNKNOWN) {
			tf_warn(T, in, "%s: the policy is known only after apply; the policy of endpoint "
				"%s is listed as unknown, so that a trace whose answer depends on it ends "
				"ambiguous", in->address, ep->address);
			cJSON_DeleteItemFromObject(ep->made, "PolicyDocument");
			tf_note_unknown(T, in, "policy", "endpoint_policy", "id", ep->id);
			return;
		}
		cJSON_DeleteItemFromObject(ep->made, "PolicyDocument");
		if (ps == TF_KNOWN && cJSON_IsString(pol))
			tf_put_str(ep->made, "PolicyDocument", pol->valuestring);
		return;
	}
	static const struct { const char *type, *attr, *cli; const char *const *types; } parts[] = {
		{ "aws_vpc_endpoint_route_table_association", "route_table_id", "RouteTableIds", TF_RTB },
		{ "aws_vpc_endpoint_subnet_association", "subnet_id", "SubnetIds", TF_SUBNET },
		{ "aws_vpc_endpoint_security_group_association", "security_group_id", "Groups", TF_SG },
	};
	for (size_t i = 0; i < 3; i++) {
		if (strcmp(in->type, parts[i].type))
			continue;
		bool u = false;
		const char *x = tf_link1(T, in, parts[i].attr, parts[i].types, &u);
		if (u) {
			tf_rt_unknown_in(T, vpc);
			note_missing(T->I, "endpoints", "vpc", vpc);
			return;
		}
		if (!x)
			return;
		cJSON *arr = tf_put_arr(ep->made, parts[i].cli);
		if (i == 2)
			tf_put_str(tf_push_obj(arr), "GroupId", x);
		else
			cJSON_AddItemToArray(arr, cJSON_CreateStringReference(x));
	}
}

