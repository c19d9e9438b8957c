/* terraform_res.c - the AWS provider's resources as the importer's intermediate
 * resources: objects in the shape the AWS CLI prints (describe-vpcs, …), which the
 * shared passes then decide and emit like a snapshot's (issue 16 item 5).  Each
 * instance's address is its Name, so the topology names it `aws_subnet.app[0]`.
 *
 * What Terraform does differently from AWS's defaults is applied here
 * (terraform-notes.md 2.2): a security group Terraform creates has no egress rule
 * unless one is configured; aws_default_* resources keep only what is configured;
 * separate rule and route resources are merged into their group or table, and one
 * this plan deletes is gone even while the group's refreshed list still shows it. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "terraform.h"

#define MAX_IDS 512

/* ---- ids --------------------------------------------------------------------------- */

static const struct { const char *type, *prefix; } id_prefixes[] = {
	{ "aws_vpc", "vpc-" }, { "aws_subnet", "subnet-" }, { "aws_route_table", "rtb-" },
	{ "aws_default_route_table", "rtb-" }, { "aws_internet_gateway", "igw-" },
	{ "aws_egress_only_internet_gateway", "eigw-" }, { "aws_nat_gateway", "nat-" },
	{ "aws_eip", "eipalloc-" }, { "aws_security_group", "sg-" },
	{ "aws_default_security_group", "sg-" }, { "aws_network_acl", "acl-" },
	{ "aws_default_network_acl", "acl-" }, { "aws_vpc_endpoint", "vpce-" },
	{ "aws_instance", "i-" }, { "aws_network_interface", "eni-" },
	{ "aws_vpc_peering_connection", "pcx-" }, { "aws_ec2_transit_gateway", "tgw-" },
	{ "aws_vpn_gateway", "vgw-" }, { "aws_ec2_managed_prefix_list", "pl-" },
};

static uint64_t fnv1a(const char *s)
{
	uint64_t h = 0xcbf29ce484222325u;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 0x100000001b3u;
	return h;
}

/* The id after apply: the real one when known, else the kind's prefix, "tf" and a
 * stable hash of the address (topology.md, second cycle); a replaced resource gets a
 * new one, as in AWS. */
static void assign_ids(struct tf *T)
{
	for (size_t i = 0; i < T->n; i++) {
		struct tfinst *in = &T->v[i];
		in->id = tf_str(in, "id");
		/* a bucket's and a table's id is its name, often known before apply */
		if (!in->id && !strcmp(in->type, "aws_s3_bucket"))
			in->id = tf_str(in, "bucket");
		if (!in->id && !strcmp(in->type, "aws_dynamodb_table"))
			in->id = tf_str(in, "name");
		if (in->id)
			continue;
		for (size_t k = 0; k < sizeof(id_prefixes) / sizeof(id_prefixes[0]); k++)
			if (!strcmp(in->type, id_prefixes[k].type)) {
				in->id = pool_printf(T->I, "%stf%012llx", id_prefixes[k].prefix,
						     (unsigned long long)(fnv1a(in->address) >> 16));
				in->id_made = true;
			}
	}
}

/* ---- building AWS CLI-shaped objects ---------------------------------------------- */

static cJSON *new_obj(struct tf *T)
{
	cJSON *o = cJSON_CreateObject();
	if (!o)
		abort(); /* cJSON's allocator is xmalloc's (never NULL) */
	own_json(T->I, o);
	return o;
}

/* Strings are borrowed (the file's or the pool's): references, never copies. */
static void put_str(cJSON *o, const char *k, const char *v)
{
	if (v)
		cJSON_AddItemToObjectCS(o, k, cJSON_CreateStringReference(v));
}

static void put_bool(cJSON *o, const char *k, bool v)
{
	cJSON_AddItemToObjectCS(o, k, cJSON_CreateBool(v));
}

static void put_num(cJSON *o, const char *k, double v)
{
	cJSON_AddItemToObjectCS(o, k, cJSON_CreateNumber(v));
}

static cJSON *put_arr(cJSON *o, const char *k)
{
	cJSON *a = jget(o, k) ? (cJSON *)jget(o, k) : NULL;
	if (!a) {
		a = cJSON_CreateArray();
		cJSON_AddItemToObjectCS(o, k, a);
	}
	return a;
}

static cJSON *push_obj(cJSON *arr)
{
	cJSON *o = cJSON_CreateObject();
	cJSON_AddItemToArray(arr, o);
	return o;
}

/* The Name is the address; the other tags are kept (conditions may test them). */
static void put_tags(struct tf *T, cJSON *o, const struct tfinst *in)
{
	cJSON *tags = put_arr(o, "Tags");
	if (strlen(in->address) <= 256) {
		cJSON *t = push_obj(tags);
		put_str(t, "Key", "Name");
		put_str(t, "Value", in->address);
	}
	const cJSON *v = NULL;
	if (tf_attr(in, "tags_all", &v) != TF_KNOWN)
		tf_attr(in, "tags", &v);
	const cJSON *x, *tagmap = cJSON_IsObject(v) ? v : NULL;
	cJSON_ArrayForEach(x, tagmap)
		if (cJSON_IsString(x) && strcmp(x->string, "Name")) {
			cJSON *t = push_obj(tags);
			put_str(t, "Key", x->string);
			put_str(t, "Value", x->valuestring);
		}
	(void)T;
}

static struct res *add(struct tf *T, enum rk k, struct tfinst *in, cJSON *o)
{
	in->made = o;
	return res_add(T->I, k, in->id, o, T->f);
}

static const char *const T_VPC[] = { "aws_vpc", "aws_default_vpc", NULL };
static const char *const T_SUBNET[] = { "aws_subnet", "aws_default_subnet", NULL };
static const char *const T_RTB[] = { "aws_route_table", "aws_default_route_table",
				     "aws_vpc.main_route_table_id",
				     "aws_vpc.default_route_table_id", NULL };
static const char *const T_SG[] = { "aws_security_group", "aws_default_security_group",
				    "aws_vpc.default_security_group_id", NULL };
static const char *const T_IGW[] = { "aws_internet_gateway", "aws_vpn_gateway", NULL };
static const char *const T_NAT[] = { "aws_nat_gateway", NULL };
static const char *const T_EIGW[] = { "aws_egress_only_internet_gateway", NULL };
static const char *const T_TGW[] = { "aws_ec2_transit_gateway", NULL };
static const char *const T_PCX[] = { "aws_vpc_peering_connection",
				     "aws_vpc_peering_connection_accepter", NULL };
static const char *const T_VPCE[] = { "aws_vpc_endpoint", NULL };
static const char *const T_ENI[] = { "aws_network_interface",
				     "aws_instance.primary_network_interface_id", NULL };
static const char *const T_PL[] = { "aws_ec2_managed_prefix_list", "aws_prefix_list",
				    "aws_vpc_endpoint.prefix_list_id", NULL };

/* One link attribute: its single id, or NULL (unset, or unknown with a warning). */
static const char *link1(struct tf *T, struct tfinst *in, const char *attr,
			 const char *const *types, bool *unknown)
{
	const cJSON *v;
	enum tfknown st = tf_attr(in, attr, &v);
	const char *out[1];
	int n = tf_link(T, in, attr, st, v, attr, types, false, out, 1);
	if (n < 0 && unknown)
		*unknown = true;
	return n > 0 ? out[0] : NULL;
}

static bool same(const char *a, const char *b)
{
	return a && b && !strcmp(a, b);
}

/* Whether the configuration sets attr (an unknown computed attribute that it does not
 * set is AWS's default, not an unknown link). */
static bool configured(const struct tfinst *in, const char *attr)
{
	return in->cfg && jget(jget(in->cfg, "expressions"), attr);
}

/* The VPC of an aws_default_route_table or _network_acl: the one whose attribute
 * (default_route_table_id, default_network_acl_id) it names: by value when known, else
 * through the configuration's reference to the aws_vpc. */
static const char *default_of(struct tf *T, struct tfinst *in, const char *attr, bool *unknown)
{
	const cJSON *v;
	enum tfknown st = tf_attr(in, attr, &v);
	if (st == TF_KNOWN && cJSON_IsString(v)) {
		for (size_t i = 0; i < T->n; i++)
			if (!T->v[i].gone && !strcmp(T->v[i].type, "aws_vpc") &&
			    (same(tf_str(&T->v[i], attr), v->valuestring) ||
			     (!strcmp(attr, "default_route_table_id") &&
			      same(tf_str(&T->v[i], "main_route_table_id"), v->valuestring))))
				return T->v[i].id;
		return tf_str(in, "vpc_id");
	}
	const char *types[] = { pool_printf(T->I, "aws_vpc@%s", attr), NULL, NULL };
	if (!strcmp(attr, "default_route_table_id"))
		types[1] = "aws_vpc@main_route_table_id";
	const char *out[1];
	int n = tf_link(T, in, attr, st, v, attr, types, false, out, 1);
	if (n < 0)
		*unknown = true;
	return n > 0 ? out[0] : tf_str(in, "vpc_id");
}

/* ---- VPCs and subnets -------------------------------------------------------------- */

static struct tfinst *inst_by_id(struct tf *T, const char *type, const char *id)
{
	for (size_t i = 0; id && i < T->n; i++)
		if (!T->v[i].gone && T->v[i].id && !strcmp(T->v[i].id, id) &&
		    (!type || !strcmp(T->v[i].type, type)))
			return &T->v[i];
	return NULL;
}

/* The account the plan's resources are in: data.aws_caller_identity, else an owner_id
 * or an ARN of a resource that exists; NULL when the plan does not say. */
static const char *plan_account(struct tf *T)
{
	for (size_t i = 0; i < T->n; i++)
		if (T->v[i].data && !strcmp(T->v[i].type, "aws_caller_identity") &&
		    tf_str(&T->v[i], "account_id"))
			return tf_str(&T->v[i], "account_id");
	for (size_t i = 0; i < T->n; i++)
		if (!T->v[i].data && tf_str(&T->v[i], "owner_id"))
			return tf_str(&T->v[i], "owner_id");
	for (size_t i = 0; i < T->n; i++) {
		const char *arn = T->v[i].data ? NULL : tf_str(&T->v[i], "arn");
		const char *p = arn;
		for (int f = 0; p && f < 4; f++)
			p = strchr(p, ':') ? strchr(p, ':') + 1 : NULL;
		size_t n = p ? strspn(p, "0123456789") : 0;
		if (n == 12 && p[n] == ':')
			return pool_strndup(T->I, p, n);
	}
	return NULL;
}

static void make_vpc(struct tf *T, struct tfinst *in)
{
	cJSON *o = new_obj(T);
	put_str(o, "VpcId", in->id);
	put_str(o, "State", "available");
	const char *owner = tf_str(in, "owner_id");
	put_str(o, "OwnerId", owner ? owner : T->account);
	const char *cidr = tf_str(in, "cidr_block");
	if (!cidr) {
		tf_warn(T, in, "%s: cidr_block is known only after apply (an IPAM pool?): the VPC "
			"cannot be traced", in->address);
		return;
	}
	put_str(o, "CidrBlock", cidr);
	cJSON *set = put_arr(o, "CidrBlockAssociationSet");
	cJSON *a = push_obj(set);
	put_str(a, "CidrBlock", cidr);
	cJSON *st = cJSON_CreateObject();
	put_str(st, "State", "associated");
	cJSON_AddItemToObjectCS(a, "CidrBlockState", st);
	const char *v6 = tf_str(in, "ipv6_cidr_block");
	if (v6) {
		cJSON *b = push_obj(put_arr(o, "Ipv6CidrBlockAssociationSet"));
		put_str(b, "Ipv6CidrBlock", v6);
		cJSON *s6 = cJSON_CreateObject();
		put_str(s6, "State", "associated");
		cJSON_AddItemToObjectCS(b, "Ipv6CidrBlockState", s6);
	}
	put_tags(T, o, in);
	add(T, RK_VPC, in, o);
}

static void make_cidr_assoc(struct tf *T, struct tfinst *in)
{
	const char *vpc = link1(T, in, "vpc_id", T_VPC, NULL);
	struct tfinst *v = inst_by_id(T, NULL, vpc);
	const char *cidr = tf_str(in, "cidr_block");
	bool six = !strcmp(in->type, "aws_vpc_ipv6_cidr_block_association");
	if (six)
		cidr = tf_str(in, "ipv6_cidr_block");
	if (!v || !v->made || !cidr) {
		tf_warn(T, in, "%s: %s; the CIDR is left out", in->address, !cidr ? "its CIDR is "
			"known only after apply (an IPAM pool?)" : "its VPC is not in the plan");
		return;
	}
	cJSON *b = push_obj(put_arr(v->made, six ? "Ipv6CidrBlockAssociationSet" :
				   "CidrBlockAssociationSet"));
	put_str(b, six ? "Ipv6CidrBlock" : "CidrBlock", cidr);
	cJSON *s = cJSON_CreateObject();
	put_str(s, "State", "associated");
	cJSON_AddItemToObjectCS(b, six ? "Ipv6CidrBlockState" : "CidrBlockState", s);
}

static void make_subnet(struct tf *T, struct tfinst *in)
{
	bool unknown = false;
	const char *vpc = link1(T, in, "vpc_id", T_VPC, &unknown);
	const char *cidr = tf_str(in, "cidr_block");
	if (!vpc || !cidr) {
		if (!unknown)
			tf_warn(T, in, "%s: %s; the subnet is left out", in->address, !vpc ? "no VPC" :
				"its cidr_block is known only after apply");
		note_missing(T->I, "subnets", NULL, NULL);
		return;
	}
	cJSON *o = new_obj(T);
	put_str(o, "SubnetId", in->id);
	put_str(o, "VpcId", vpc);
	put_str(o, "CidrBlock", cidr);
	put_str(o, "State", "available");
	put_str(o, "AvailabilityZone", tf_str(in, "availability_zone"));
	put_str(o, "AvailabilityZoneId", tf_str(in, "availability_zone_id"));
	const char *v6 = tf_str(in, "ipv6_cidr_block");
	if (v6) {
		cJSON *b = push_obj(put_arr(o, "Ipv6CidrBlockAssociationSet"));
		put_str(b, "Ipv6CidrBlock", v6);
		cJSON *s6 = cJSON_CreateObject();
		put_str(s6, "State", "associated");
		cJSON_AddItemToObjectCS(b, "Ipv6CidrBlockState", s6);
	}
	put_tags(T, o, in);
	add(T, RK_SUBNET, in, o);
}

static void make_igw(struct tf *T, struct tfinst *in)
{
	bool eigw = !strcmp(in->type, "aws_egress_only_internet_gateway");
	cJSON *o = new_obj(T);
	put_str(o, eigw ? "EgressOnlyInternetGatewayId" : "InternetGatewayId", in->id);
	const char *vpc = link1(T, in, "vpc_id", T_VPC, NULL);
	if (vpc) {
		cJSON *a = push_obj(put_arr(o, "Attachments"));
		put_str(a, "VpcId", vpc);
		put_str(a, "State", eigw ? "attached" : "available");
	}
	put_tags(T, o, in);
	add(T, eigw ? RK_EIGW : RK_IGW, in, o);
}

/* ---- route tables ------------------------------------------------------------------ */

/* The route targets of the provider, in the AWS CLI's names. */
static const struct {
	const char *attr, *cli;
	const char *const *types;
} route_targets[] = {
	{ "gateway_id", "GatewayId", T_IGW },
	{ "nat_gateway_id", "NatGatewayId", T_NAT },
	{ "egress_only_gateway_id", "EgressOnlyInternetGatewayId", T_EIGW },
	{ "transit_gateway_id", "TransitGatewayId", T_TGW },
	{ "vpc_peering_connection_id", "VpcPeeringConnectionId", T_PCX },
	{ "vpc_endpoint_id", "VpcEndpointId", T_VPCE },
	{ "network_interface_id", "NetworkInterfaceId", T_ENI },
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
		if (i == 2)
			n = tf_link(T, in, a, st, v, inline_route ? "route" : a, T_PL, false, out, 1);
		else if (st == TF_UNKNOWN) {
			tf_warn(T, in, "%s: the route's %s is known only after apply", in->address, a);
			n = -1;
		} else
			n = st == TF_KNOWN && cJSON_IsString(v) ? (out[0] = v->valuestring, 1) : 0;
		if (n < 0)
			ok = false;
		if (n > 0) {
			put_str(r, dests[i].cli, out[0]);
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
		if (!inline_route && st == TF_UNKNOWN && !(in->cfg && jget(jget(in->cfg,
		    "expressions"), a)))
			continue;
		const char *out[1];
		int n = tf_link(T, in, a, st, v, inline_route ? "route" : a, route_targets[i].types,
				false, out, 1);
		if (n < 0)
			ok = false;
		if (n > 0) {
			put_str(r, route_targets[i].cli, out[0]);
			have_target = true;
		}
	}
	if (!ok || !have_dest) {
		cJSON_Delete(r);
		return ok;
	}
	(void)have_target;
	put_str(r, "State", "active");
	put_str(r, "Origin", "CreateRoute");
	cJSON_AddItemToArray(routes, r);
	return true;
}

/* The route table of an aws_route / association: its made object, or NULL. */
static struct tfinst *table_of(struct tf *T, struct tfinst *in, const char *attr, bool *unknown)
{
	const char *id = link1(T, in, attr, T_RTB, unknown);
	struct tfinst *t = inst_by_id(T, NULL, id);
	if (t && !strcmp(t->type, "aws_vpc")) {
		/* the VPC's main table, through aws_vpc.main_route_table_id */
		return NULL;
	}
	if (id && (!t || !t->made) && !*unknown)
		tf_warn(T, in, "%s: route table %s is not in the plan; left out", in->address, id);
	return t && t->made ? t : NULL;
}

static void make_route_table(struct tf *T, struct tfinst *in)
{
	bool def = !strcmp(in->type, "aws_default_route_table");
	bool unknown = false;
	const char *vpc = NULL;
	if (def) {
		vpc = default_of(T, in, "default_route_table_id", &unknown);
	} else {
		vpc = link1(T, in, "vpc_id", T_VPC, &unknown);
	}
	if (!vpc) {
		if (!unknown)
			tf_warn(T, in, "%s: no VPC; left out", in->address);
		note_missing(T->I, "route_tables", NULL, NULL);
		return;
	}
	cJSON *o = new_obj(T);
	put_str(o, "RouteTableId", in->id);
	put_str(o, "VpcId", vpc);
	cJSON *routes = put_arr(o, "Routes");
	put_arr(o, "Associations");
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
		ok = false;
	}
	if (def) {
		cJSON *a = push_obj(jget(o, "Associations") ? (cJSON *)jget(o, "Associations") : NULL);
		put_bool(a, "Main", true);
	}
	in->part_unknown = !ok;
	put_tags(T, o, in);
	in->made = o; /* filed by file_route_tables, once every route is known or not */
}

static void make_route_res(struct tf *T, struct tfinst *in)
{
	bool unknown = false;
	struct tfinst *t = table_of(T, in, "route_table_id", &unknown);
	if (!t) {
		if (unknown)
			T->rt_unknown_all = true; /* some table of some VPC misses a route */
		return;
	}
	if (!make_route(T, in, (cJSON *)jget(t->made, "Routes"), NULL, 0, false))
		t->part_unknown = true;
}

static void rt_unknown_in(struct tf *T, const char *vpc)
{
	if (!vpc) {
		T->rt_unknown_all = true;
		return;
	}
	T->rt_unknown_vpcs = xrealloc(T->rt_unknown_vpcs, (T->nrt_unknown + 1) * sizeof(char *));
	T->rt_unknown_vpcs[T->nrt_unknown++] = vpc;
}

static bool rt_unknown(struct tf *T, const char *vpc)
{
	if (T->rt_unknown_all)
		return true;
	for (size_t i = 0; i < T->nrt_unknown; i++)
		if (same(T->rt_unknown_vpcs[i], vpc))
			return true;
	return false;
}

static void make_rt_assoc(struct tf *T, struct tfinst *in)
{
	bool unknown = false;
	struct tfinst *t = table_of(T, in, "route_table_id", &unknown);
	bool main = !strcmp(in->type, "aws_main_route_table_association");
	bool sub_unknown = false;
	const char *sub = main ? NULL : link1(T, in, "subnet_id", T_SUBNET, &sub_unknown);
	const char *gw = main ? NULL : link1(T, in, "gateway_id", T_IGW, &sub_unknown);
	if (!t || sub_unknown) {
		/* the subnet's table is unknown: not its VPC's main one either */
		struct tfinst *sn = inst_by_id(T, "aws_subnet", sub);
		rt_unknown_in(T, t ? jstr(t->made, "VpcId") : sn && sn->made ?
			      jstr(sn->made, "VpcId") : NULL);
		return;
	}
	if (t->part_unknown && sub)
		rt_unknown_in(T, jstr(t->made, "VpcId"));
	cJSON *a = push_obj((cJSON *)jget(t->made, "Associations"));
	if (main)
		put_bool(a, "Main", true);
	put_str(a, "SubnetId", sub);
	put_str(a, "GatewayId", gw);
	put_str(a, "RouteTableAssociationId", in->id);
}

/* ---- security groups --------------------------------------------------------------- */

static struct tfinst *group_of(struct tf *T, struct tfinst *in, const char *attr, bool *unknown)
{
	const char *id = link1(T, in, attr, T_SG, unknown);
	struct tfinst *g = inst_by_id(T, NULL, id);
	if (id && (!g || !g->made) && !*unknown)
		tf_warn(T, in, "%s: security group %s is not in the plan; left out", in->address, id);
	return g && g->made ? g : NULL;
}

/* An IpPermissions item of the AWS CLI from a rule's protocol and ports. */
static cJSON *new_perm(const char *proto, const cJSON *from, const cJSON *to)
{
	cJSON *p = cJSON_CreateObject();
	put_str(p, "IpProtocol", proto);
	bool all = !strcmp(proto, "-1") || !strcmp(proto, "all");
	if (!all && cJSON_IsNumber(from))
		put_num(p, "FromPort", from->valuedouble);
	if (!all && cJSON_IsNumber(to))
		put_num(p, "ToPort", to->valuedouble);
	return p;
}

static const char *proto_name(const char *p)
{
	return !strcmp(p, "all") ? "-1" : p;
}

static void add_peer(cJSON *perm, const char *list, const char *key, const char *v)
{
	cJSON *x = push_obj(put_arr(perm, list));
	put_str(x, key, v);
}

/* An inline rule block or an aws_security_group_rule: cidr_blocks, ipv6_cidr_blocks,
 * prefix_list_ids, security_groups / source_security_group_id, self. */
static bool rule_peers(struct tf *T, struct tfinst *in, cJSON *perm, const cJSON *elem,
		       const char *block, int idx, const char *self_id)
{
	static const struct { const char *attr, *list, *key; const char *const *types; } peers[] = {
		{ "cidr_blocks", "IpRanges", "CidrIp", NULL },
		{ "ipv6_cidr_blocks", "Ipv6Ranges", "CidrIpv6", NULL },
		{ "prefix_list_ids", "PrefixListIds", "PrefixListId", T_PL },
		{ "security_groups", "UserIdGroupPairs", "GroupId", T_SG },
		{ "source_security_group_id", "UserIdGroupPairs", "GroupId", T_SG },
	};
	bool ok = true;
	for (size_t i = 0; i < sizeof(peers) / sizeof(peers[0]); i++) {
		const cJSON *v;
		enum tfknown st = elem ? tf_elem_attr(in, block, idx, elem, peers[i].attr, &v) :
				  tf_attr(in, peers[i].attr, &v);
		if (st == TF_UNSET)
			continue;
		const char *out[MAX_IDS];
		int n;
		if (!peers[i].types) {
			if (st == TF_UNKNOWN) {
				tf_warn(T, in, "%s: %s is known only after apply", in->address,
					peers[i].attr);
				ok = false;
				continue;
			}
			n = tf_link(T, in, peers[i].attr, st, v, peers[i].attr, T_SG, true, out, MAX_IDS);
		} else {
			n = tf_link(T, in, peers[i].attr, st, v, elem ? block : peers[i].attr,
				    peers[i].types, true, out, MAX_IDS);
		}
		if (n < 0)
			ok = false;
		for (int k = 0; k < n; k++)
			add_peer(perm, peers[i].list, peers[i].key, out[k]);
	}
	const cJSON *self = elem ? jget(elem, "self") : jget(in->after, "self");
	if (cJSON_IsTrue(self) && self_id)
		add_peer(perm, "UserIdGroupPairs", "GroupId", self_id);
	return ok;
}

static void make_sg(struct tf *T, struct tfinst *in)
{
	bool def = !strcmp(in->type, "aws_default_security_group");
	bool unknown = false;
	const char *vpc = link1(T, in, "vpc_id", T_VPC, &unknown);
	if (!vpc) {
		if (!unknown)
			tf_warn(T, in, "%s: no vpc_id (a group of the default VPC, which the plan does "
				"not describe); left out", in->address);
		return;
	}
	cJSON *o = new_obj(T);
	put_str(o, "GroupId", in->id);
	put_str(o, "VpcId", vpc);
	const char *name = def ? "default" : tf_str(in, "name");
	put_str(o, "GroupName", name ? name : in->address);
	put_str(o, "Description", tf_str(in, "description"));
	/* Both lists are always written: Terraform removes AWS's default allow-all egress
	 * from a group it creates, and an aws_default_security_group keeps only what is
	 * configured (terraform-notes.md 2.2 items 1 and 3). */
	static const char *const blocks[2] = { "ingress", "egress" };
	static const char *const keys[2] = { "IpPermissions", "IpPermissionsEgress" };
	bool ok = true;
	for (int d = 0; d < 2; d++) {
		cJSON *perms = put_arr(o, keys[d]);
		const cJSON *list;
		enum tfknown st = tf_attr(in, blocks[d], &list);
		bool configured = in->cfg && jget(jget(in->cfg, "expressions"), blocks[d]);
		/* a known list is the rules: configured inline (Terraform 0.12 leaves
		 * blocks out of configuration), or read back from AWS for an existing group */
		if (st == TF_KNOWN) {
			/* an existing group's list also shows the rules of separate rule
			 * resources: those are taken out below and put back from the rule
			 * resources (2.2 item 2) when the list is not configured inline */
			const cJSON *e;
			int i = 0;
			cJSON_ArrayForEach(e, list)
			{
				const char *proto = jstr(e, "protocol");
				if (!proto) {
					i++;
					continue;
				}
				cJSON *p = new_perm(proto_name(proto), jget(e, "from_port"),
						    jget(e, "to_port"));
				ok &= rule_peers(T, in, p, e, blocks[d], i++, in->id);
				cJSON_AddItemToArray(perms, p);
			}
		} else if (st == TF_UNKNOWN && configured) {
			tf_warn(T, in, "%s: its inline %s rules are known only after apply", in->address,
				blocks[d]);
			ok = false;
		}
	}
	if (!ok)
		note_missing(T->I, "security_group", "id", in->id);
	put_tags(T, o, in);
	add(T, RK_SG, in, o);
}

/* Whether perm (an IpPermissions item) has the protocol, ports and peer. */
static bool same_json(const cJSON *a, const cJSON *b)
{
	return (!a && !b) || cJSON_Compare(a, b, true);
}

/* The separate rule resources: one perm each, appended to their group; a rule this
 * plan deletes (or replaces) is taken out of an existing group's refreshed list. */
static void make_sg_rule(struct tf *T, struct tfinst *in, bool removing)
{
	bool vpc_rule = !strncmp(in->type, "aws_vpc_security_group_", 23);
	bool egress;
	if (vpc_rule)
		egress = strstr(in->type, "egress") != NULL;
	else
		egress = tf_str(in, "type") && !strcmp(tf_str(in, "type"), "egress");
	bool unknown = false;
	struct tfinst *g = group_of(T, in, "security_group_id", &unknown);
	if (!g) {
		if (unknown)
			note_missing(T->I, "security_groups", NULL, NULL);
		return;
	}
	const char *proto = tf_str(in, vpc_rule ? "ip_protocol" : "protocol");
	if (!proto) {
		tf_warn(T, in, "%s: its protocol is known only after apply", in->address);
		note_missing(T->I, "security_group", "id", g->id);
		return;
	}
	cJSON *p = new_perm(proto_name(proto), jget(in->after, "from_port"), jget(in->after, "to_port"));
	bool ok = true;
	if (vpc_rule) {
		static const struct { const char *attr, *list, *key; } one[] = {
			{ "cidr_ipv4", "IpRanges", "CidrIp" }, { "cidr_ipv6", "Ipv6Ranges", "CidrIpv6" },
			{ "prefix_list_id", "PrefixListIds", "PrefixListId" },
			{ "referenced_security_group_id", "UserIdGroupPairs", "GroupId" },
		};
		for (size_t i = 0; i < sizeof(one) / sizeof(one[0]); i++) {
			const cJSON *v;
			enum tfknown st = tf_attr(in, one[i].attr, &v);
			const char *out[1];
			int n = tf_link(T, in, one[i].attr, st, v, one[i].attr, i == 2 ? T_PL : T_SG,
					false, out, 1);
			if (n < 0)
				ok = false;
			if (n > 0)
				add_peer(p, one[i].list, one[i].key, out[0]);
		}
	} else {
		ok = rule_peers(T, in, p, NULL, NULL, 0, g->id);
	}
	cJSON *perms = (cJSON *)jget(g->made, egress ? "IpPermissionsEgress" : "IpPermissions");
	if (removing) {
		/* the group's refreshed list shows the rule (one perm per peer there, as
		 * the provider reads it back): take out each of its peers */
		static const char *const lists[] = { "IpRanges", "Ipv6Ranges", "PrefixListIds",
						     "UserIdGroupPairs" };
		cJSON *e;
		cJSON_ArrayForEach(e, perms)
		{
			if (!same_json(jget(e, "IpProtocol"), jget(p, "IpProtocol")) ||
			    !same_json(jget(e, "FromPort"), jget(p, "FromPort")) ||
			    !same_json(jget(e, "ToPort"), jget(p, "ToPort")))
				continue;
			for (size_t l = 0; l < 4; l++) {
				cJSON *have = (cJSON *)jget(e, lists[l]), *x, *next;
				for (x = have ? have->child : NULL; x; x = next) {
					next = x->next;
					const cJSON *y;
					cJSON_ArrayForEach(y, jget(p, lists[l]))
						if (same_json(x, y)) {
							cJSON_Delete(cJSON_DetachItemViaPointer(have, x));
							break;
						}
				}
			}
		}
		cJSON_Delete(p);
		return;
	}
	if (!ok)
		note_missing(T->I, "security_group", "id", g->id);
	cJSON_AddItemToArray(perms, p);
}

/* A table with a route known only after apply is left out, and so is the main table
 * of a VPC where a subnet's table is unknown (the subnet would fall back to it): the
 * topology lists them under missing:, so a trace that needs them ends ambiguous,
 * MISSING_DATA, naming them, instead of taking a route that may not be there. */
static void file_route_tables(struct tf *T, struct tfinst *in)
{
	if (!in->made)
		return;
	const char *vpc = jstr(in->made, "VpcId");
	bool main = false;
	const cJSON *a;
	cJSON_ArrayForEach(a, jarr(in->made, "Associations"))
		main |= jbool(a, "Main", false);
	if (in->part_unknown || (main && rt_unknown(T, vpc))) {
		tf_warn(T, in, "%s: left out of the topology (%s): a trace through it says what "
			"is unknown", in->address, in->part_unknown ? "a route of it is known only "
			"after apply" : "a subnet that would use this main table has a route table "
			"known only after apply");
		note_missing(T->I, "route_tables", "vpc", vpc);
		return;
	}
	res_add(T->I, RK_RTB, in->id, in->made, T->f);
}

/* ---- NAT gateways and endpoints ------------------------------------------------------ */

/* A public address known only after apply: a stand-in from 192.0.2.0/24 (TEST-NET-1,
 * never routed), stable per address, so that internet paths still trace; what depends
 * on its value (an aws:SourceIp condition) cannot be decided from the plan. */
static const char *public_stand_in(struct tf *T, struct tfinst *in)
{
	unsigned n = (unsigned)(fnv1a(in->address) % 254) + 1;
	tf_warn(T, in, "%s: its public IP is known only after apply; written as 192.0.2.%u, a "
		"stand-in (a policy condition on the address, aws:SourceIp, cannot be decided "
		"from the plan)", in->address, n);
	return pool_printf(T->I, "192.0.2.%u", n);
}

static void make_nat(struct tf *T, struct tfinst *in)
{
	bool unknown = false;
	const char *sub = link1(T, in, "subnet_id", T_SUBNET, &unknown);
	struct tfinst *sn = inst_by_id(T, NULL, sub);
	if (!sn || !sn->made) {
		tf_warn(T, in, "%s: its subnet is %s; left out", in->address, unknown ?
			"known only after apply" : "not in the plan");
		rt_unknown_in(T, NULL); /* routes to it cannot be followed */
		return;
	}
	cJSON *o = new_obj(T);
	put_str(o, "NatGatewayId", in->id);
	put_str(o, "VpcId", jstr(sn->made, "VpcId"));
	put_str(o, "SubnetId", sub);
	put_str(o, "State", "available");
	const char *conn = tf_str(in, "connectivity_type");
	put_str(o, "ConnectivityType", conn ? conn : "public");
	cJSON *a = push_obj(put_arr(o, "NatGatewayAddresses"));
	put_bool(a, "IsPrimary", true);
	put_str(a, "PrivateIp", tf_str(in, "private_ip"));
	if (!conn || strcmp(conn, "private")) {
		const char *pub = tf_str(in, "public_ip");
		if (!pub) {
			const char *alloc = link1(T, in, "allocation_id",
						  (const char *const[]){ "aws_eip", NULL }, NULL);
			struct tfinst *eip = inst_by_id(T, "aws_eip", alloc);
			pub = eip ? tf_str(eip, "public_ip") : NULL;
			if (!pub)
				pub = public_stand_in(T, eip ? eip : in);
		}
		put_str(a, "PublicIp", pub);
	}
	put_tags(T, o, in);
	add(T, RK_NAT, in, o);
}

static void endpoint_unknown(struct tf *T, struct tfinst *in, const char *vpc, const char *what)
{
	tf_warn(T, in, "%s: %s is known only after apply; the endpoint is left out and listed "
		"as missing", in->address, what);
	note_missing(T->I, "endpoints", "vpc", vpc);
	/* which route tables send the service's traffic to it is not known */
	rt_unknown_in(T, vpc);
}

static void make_endpoint(struct tf *T, struct tfinst *in)
{
	bool unknown = false;
	const char *vpc = link1(T, in, "vpc_id", T_VPC, &unknown);
	const char *svc = tf_str(in, "service_name");
	if (!vpc || !svc) {
		if (!unknown)
			tf_warn(T, in, "%s: no %s; left out", in->address, vpc ? "service_name" : "VPC");
		note_missing(T->I, "endpoints", NULL, NULL);
		return;
	}
	const char *type = tf_str(in, "vpc_endpoint_type");
	type = type ? type : "Gateway";
	cJSON *o = new_obj(T);
	put_str(o, "VpcEndpointId", in->id);
	put_str(o, "VpcId", vpc);
	put_str(o, "ServiceName", svc);
	put_str(o, "VpcEndpointType", type);
	put_str(o, "State", "available");
	put_str(o, "IpAddressType", tf_str(in, "ip_address_type"));
	static const struct { const char *attr, *cli; const char *const *types; } lists[] = {
		{ "route_table_ids", "RouteTableIds", T_RTB },
		{ "subnet_ids", "SubnetIds", T_SUBNET },
		{ "security_group_ids", "Groups", T_SG },
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
			endpoint_unknown(T, in, vpc, lists[l].attr);
			return;
		}
		cJSON *arr = put_arr(o, lists[l].cli);
		for (int i = 0; i < n; i++)
			if (l == 2)
				put_str(push_obj(arr), "GroupId", ids[i]);
			else
				cJSON_AddItemToArray(arr, cJSON_CreateStringReference(ids[i]));
	}
	const cJSON *pd;
	if (tf_attr(in, "private_dns_enabled", &pd) == TF_KNOWN)
		put_bool(o, "PrivateDnsEnabled", cJSON_IsTrue(pd));
	const cJSON *dns = jget(in->after, "dns_options");
	if (cJSON_IsTrue(jget(cJSON_GetArrayItem(dns, 0),
			      "private_dns_only_for_inbound_resolver_endpoint"))) {
		cJSON *d = cJSON_CreateObject();
		put_bool(d, "PrivateDnsOnlyForInboundResolverEndpoint", true);
		cJSON_AddItemToObjectCS(o, "DnsOptions", d);
	}
	/* policy: a configured one known only after apply is unknown; one not configured
	 * is AWS's default, full access (2.2 item 7) */
	const cJSON *pol;
	enum tfknown ps = tf_attr(in, "policy", &pol);
	if (ps == TF_UNKNOWN && in->cfg && jget(jget(in->cfg, "expressions"), "policy")) {
		endpoint_unknown(T, in, vpc, "its policy");
		return;
	}
	if (ps == TF_KNOWN && cJSON_IsString(pol))
		put_str(o, "PolicyDocument", pol->valuestring);
	put_tags(T, o, in);
	in->made = o; /* filed once its associations and policy resources are read */
}

/* aws_vpc_endpoint_route_table_association, _subnet_association,
 * _security_group_association, aws_vpc_endpoint_policy */
static void make_endpoint_part(struct tf *T, struct tfinst *in)
{
	bool unknown = false;
	const char *id = link1(T, in, "vpc_endpoint_id", T_VPCE, &unknown);
	struct tfinst *ep = inst_by_id(T, "aws_vpc_endpoint", id);
	if (!ep || !ep->made) {
		if (!unknown && id)
			tf_warn(T, in, "%s: endpoint %s is not in the plan; left out", in->address, id);
		if (unknown)
			rt_unknown_in(T, NULL);
		return;
	}
	const char *vpc = jstr(ep->made, "VpcId");
	if (!strcmp(in->type, "aws_vpc_endpoint_policy")) {
		const cJSON *pol;
		enum tfknown ps = tf_attr(in, "policy", &pol);
		if (ps == TF_UNKNOWN) {
			tf_warn(T, in, "%s: the policy is known only after apply; endpoint %s is left out "
				"and listed as missing", in->address, ep->address);
			note_missing(T->I, "endpoints", "vpc", vpc);
			rt_unknown_in(T, vpc);
			ep->made = NULL;
			return;
		}
		cJSON_DeleteItemFromObject(ep->made, "PolicyDocument");
		if (ps == TF_KNOWN && cJSON_IsString(pol))
			put_str(ep->made, "PolicyDocument", pol->valuestring);
		return;
	}
	static const struct { const char *type, *attr, *cli; const char *const *types; } parts[] = {
		{ "aws_vpc_endpoint_route_table_association", "route_table_id", "RouteTableIds", T_RTB },
		{ "aws_vpc_endpoint_subnet_association", "subnet_id", "SubnetIds", T_SUBNET },
		{ "aws_vpc_endpoint_security_group_association", "security_group_id", "Groups", T_SG },
	};
	for (size_t i = 0; i < 3; i++) {
		if (strcmp(in->type, parts[i].type))
			continue;
		bool u = false;
		const char *x = link1(T, in, parts[i].attr, parts[i].types, &u);
		if (u) {
			rt_unknown_in(T, vpc);
			note_missing(T->I, "endpoints", "vpc", vpc);
			return;
		}
		if (!x)
			return;
		cJSON *arr = put_arr(ep->made, parts[i].cli);
		if (i == 2)
			put_str(push_obj(arr), "GroupId", x);
		else
			cJSON_AddItemToArray(arr, cJSON_CreateStringReference(x));
	}
}

/* ---- S3 buckets and DynamoDB tables -------------------------------------------------- */

/* A resource policy as a document (owned by the import), or NULL when it is not JSON. */
static const cJSON *policy_doc(struct tf *T, struct tfinst *in, const char *text)
{
	cJSON *doc = cJSON_Parse(text);
	if (!doc) {
		imp_error(T->I, T->f, in->address, "%s: its policy is not valid JSON", in->address);
		return NULL;
	}
	own_json(T->I, doc);
	return doc;
}

static void make_bucket(struct tf *T, struct tfinst *in)
{
	const char *name = tf_str(in, "bucket");
	if (!name) {
		tf_warn(T, in, "%s: the bucket's name is known only after apply (bucket_prefix?); "
			"left out", in->address);
		return;
	}
	cJSON *o = new_obj(T);
	put_str(o, "Name", name);
	put_str(o, "BucketRegion", tf_str(in, "region") ? tf_str(in, "region") : T->f->region);
	in->made = o;
	res_add(T->I, RK_BUCKET, name, o, T->f);
}

static void make_table(struct tf *T, struct tfinst *in)
{
	const char *name = tf_str(in, "name");
	if (!name) {
		tf_warn(T, in, "%s: the table's name is known only after apply; left out",
			in->address);
		return;
	}
	cJSON *o = new_obj(T);
	put_str(o, "TableName", name);
	put_str(o, "TableArn", tf_str(in, "arn"));
	in->made = o;
	res_add(T->I, RK_TABLE, name, o, T->f);
}

/* aws_s3_bucket_policy (bucket: a name) and aws_dynamodb_resource_policy (resource_arn);
 * a policy known only after apply (built from the new resource's ARN, usually) takes
 * its bucket or table out of the topology, with a warning: vpcpath cannot yet say
 * "policy unknown", and no policy would read as allow. */
static void make_resource_policy(struct tf *T, struct tfinst *in)
{
	bool table = !strcmp(in->type, "aws_dynamodb_resource_policy");
	const char *const types[] = { table ? "aws_dynamodb_table.arn" : "aws_s3_bucket",
				      table ? NULL : "aws_s3_bucket.bucket", NULL };
	bool unknown = false;
	const char *subject = link1(T, in, table ? "resource_arn" : "bucket", types, &unknown);
	const char *name = subject;
	struct tfinst *owner = NULL;
	for (size_t i = 0; subject && i < T->n && !owner; i++) {
		struct tfinst *c = &T->v[i];
		if (!c->gone && c->made && !strcmp(c->type, table ? "aws_dynamodb_table" :
						   "aws_s3_bucket") &&
		    (same(c->id, subject) || same(tf_str(c, "arn"), subject) ||
		     same(tf_str(c, "bucket"), subject)))
			owner = c;
	}
	if (owner)
		name = table ? jstr(owner->made, "TableName") : jstr(owner->made, "Name");
	else if (table && subject && strstr(subject, ":table/"))
		name = strstr(subject, ":table/") + 7;
	const cJSON *pol;
	enum tfknown ps = tf_attr(in, "policy", &pol);
	if (!name || ps == TF_UNKNOWN) {
		tf_warn(T, in, "%s: %s is known only after apply; %s left out of the topology, as "
			"vpcpath cannot mark a policy unknown", in->address, !name ? (table ?
			"the table" : "the bucket") : "the policy", owner ? owner->address :
			"the subject is");
		if (owner) {
			struct reslist *l = &T->I->l[table ? RK_TABLE : RK_BUCKET];
			for (size_t i = 0; i < l->n; i++)
				if (l->v[i].j == owner->made)
					l->v[i] = l->v[--l->n];
		}
		return;
	}
	if (ps != TF_KNOWN || !cJSON_IsString(pol))
		return;
	const cJSON *doc = policy_doc(T, in, pol->valuestring);
	if (doc)
		res_add(T->I, table ? RK_TABLE_POLICY : RK_BUCKET_POLICY, name, doc, T->f);
}

/* ---- network ACLs ------------------------------------------------------------------ */

static const char *const T_NACL[] = { "aws_network_acl", "aws_default_network_acl",
				      "aws_vpc.default_network_acl_id", NULL };

static void acl_unknown_in(struct tf *T, const char *vpc)
{
	if (!vpc) {
		T->acl_unknown_all = true;
		return;
	}
	T->acl_unknown_vpcs = xrealloc(T->acl_unknown_vpcs, (T->nacl_unknown + 1) * sizeof(char *));
	T->acl_unknown_vpcs[T->nacl_unknown++] = vpc;
}

static bool acl_unknown(struct tf *T, const char *vpc)
{
	if (T->acl_unknown_all)
		return true;
	for (size_t i = 0; i < T->nacl_unknown; i++)
		if (same(T->acl_unknown_vpcs[i], vpc))
			return true;
	return false;
}

/* A NACL entry in the AWS CLI's shape, from an inline block (elem) or an
 * aws_network_acl_rule (elem NULL). */
static bool nacl_entry(struct tf *T, struct tfinst *in, cJSON *entries, const cJSON *elem,
		       const char *block, int idx, bool egress)
{
	static const char *const inl[] = { "rule_no", "action", "protocol", "cidr_block",
					   "ipv6_cidr_block", "from_port", "to_port", "icmp_type",
					   "icmp_code" };
	static const char *const sep[] = { "rule_number", "rule_action", "protocol", "cidr_block",
					   "ipv6_cidr_block", "from_port", "to_port", "icmp_type",
					   "icmp_code" };
	const cJSON *v[9];
	for (int i = 0; i < 9; i++) {
		const char *a = elem ? inl[i] : sep[i];
		enum tfknown st = elem ? tf_elem_attr(in, block, idx, elem, a, &v[i]) :
				  tf_attr(in, a, &v[i]);
		if (st == TF_UNKNOWN) {
			tf_warn(T, in, "%s: a rule's %s is known only after apply", in->address, a);
			return false;
		}
	}
	if (!cJSON_IsNumber(v[0]) || !cJSON_IsString(v[1]) || !cJSON_IsString(v[2]) ||
	    (!cJSON_IsString(v[3]) && !cJSON_IsString(v[4]))) {
		tf_warn(T, in, "%s: a rule without a number, action, protocol or CIDR; skipped",
			in->address);
		return true;
	}
	static const struct { const char *tf, *aws; } protos[] = {
		{ "all", "-1" }, { "tcp", "6" }, { "udp", "17" }, { "icmp", "1" }, { "icmpv6", "58" },
	};
	const char *proto = v[2]->valuestring;
	for (size_t i = 0; i < sizeof(protos) / sizeof(protos[0]); i++)
		if (!strcmp(proto, protos[i].tf))
			proto = protos[i].aws;
	cJSON *e = push_obj(entries);
	put_num(e, "RuleNumber", v[0]->valuedouble);
	put_str(e, "RuleAction", v[1]->valuestring);
	put_str(e, "Protocol", proto);
	put_bool(e, "Egress", egress);
	put_str(e, "CidrBlock", cJSON_IsString(v[3]) ? v[3]->valuestring : NULL);
	put_str(e, "Ipv6CidrBlock", cJSON_IsString(v[4]) ? v[4]->valuestring : NULL);
	/* the EC2 API: ports for TCP and UDP only, ICMP type and code for ICMP (2.2 item 6) */
	if ((!strcmp(proto, "6") || !strcmp(proto, "17")) && cJSON_IsNumber(v[5]) &&
	    cJSON_IsNumber(v[6]) && !(v[5]->valuedouble == 0 && v[6]->valuedouble == 0)) {
		cJSON *r = cJSON_CreateObject();
		put_num(r, "From", v[5]->valuedouble);
		put_num(r, "To", v[6]->valuedouble);
		cJSON_AddItemToObjectCS(e, "PortRange", r);
	} else if ((!strcmp(proto, "1") || !strcmp(proto, "58")) && cJSON_IsNumber(v[7])) {
		cJSON *r = cJSON_CreateObject();
		put_num(r, "Type", v[7]->valuedouble);
		put_num(r, "Code", cJSON_IsNumber(v[8]) ? v[8]->valuedouble : -1);
		cJSON_AddItemToObjectCS(e, "IcmpTypeCode", r);
	}
	return true;
}

static void nacl_associate(struct tf *T, struct tfinst *in, cJSON *acl, const char *attr)
{
	const cJSON *v;
	enum tfknown st = tf_attr(in, attr, &v);
	if (st == TF_UNKNOWN && !configured(in, attr))
		return; /* computed, not set here: the subnets that fall back to it */
	const char *ids[MAX_IDS];
	int n = tf_link(T, in, attr, st, v, attr, T_SUBNET, !strcmp(attr, "subnet_ids"), ids,
			MAX_IDS);
	if (n < 0) {
		acl_unknown_in(T, jstr(acl, "VpcId"));
		return;
	}
	for (int i = 0; i < n; i++) {
		cJSON *a = push_obj(put_arr(acl, "Associations"));
		put_str(a, "SubnetId", ids[i]);
		put_str(a, "NetworkAclId", jstr(acl, "NetworkAclId"));
	}
}

static void make_nacl(struct tf *T, struct tfinst *in)
{
	bool def = !strcmp(in->type, "aws_default_network_acl");
	bool unknown = false;
	const char *vpc = NULL;
	if (def) {
		vpc = default_of(T, in, "default_network_acl_id", &unknown);
	} else {
		vpc = link1(T, in, "vpc_id", T_VPC, &unknown);
	}
	if (!vpc) {
		if (!unknown)
			tf_warn(T, in, "%s: no VPC; left out", in->address);
		acl_unknown_in(T, NULL);
		return;
	}
	cJSON *o = new_obj(T);
	put_str(o, "NetworkAclId", in->id);
	put_str(o, "VpcId", vpc);
	put_bool(o, "IsDefault", def);
	cJSON *entries = put_arr(o, "Entries");
	/* an aws_default_network_acl keeps only what is configured: no rules deny all
	 * (2.2 item 3), unlike the default ACL AWS makes */
	bool ok = true;
	static const char *const blocks[2] = { "ingress", "egress" };
	for (int d = 0; d < 2; d++) {
		const cJSON *list;
		enum tfknown st = tf_attr(in, blocks[d], &list);
		if (st == TF_UNKNOWN && !(in->cfg && !jget(jget(in->cfg, "expressions"), blocks[d]) &&
					  in->action == TF_CREATE)) {
			tf_warn(T, in, "%s: its %s rules are known only after apply (a dynamic block?)",
				in->address, blocks[d]);
			ok = false;
			continue;
		}
		const cJSON *e, *rules = st == TF_KNOWN ? list : NULL;
		int i = 0;
		cJSON_ArrayForEach(e, rules)
			ok &= nacl_entry(T, in, entries, e, blocks[d], i++, d == 1);
	}
	in->part_unknown = !ok;
	in->made = o;
	put_tags(T, o, in);
	nacl_associate(T, in, o, "subnet_ids");
}

static void make_nacl_rule(struct tf *T, struct tfinst *in)
{
	bool unknown = false;
	const char *id = link1(T, in, "network_acl_id", T_NACL, &unknown);
	struct tfinst *acl = inst_by_id(T, NULL, id);
	if (!acl || !acl->made) {
		if (!unknown)
			tf_warn(T, in, "%s: network ACL %s is not in the plan; left out", in->address,
				id ? id : "(none)");
		acl_unknown_in(T, NULL);
		return;
	}
	const cJSON *eg = jget(in->after, "egress");
	if (!nacl_entry(T, in, (cJSON *)jget(acl->made, "Entries"), NULL, NULL, 0, cJSON_IsTrue(eg)))
		acl->part_unknown = true;
}

static void make_nacl_assoc(struct tf *T, struct tfinst *in)
{
	bool unknown = false;
	const char *id = link1(T, in, "network_acl_id", T_NACL, &unknown);
	struct tfinst *acl = inst_by_id(T, NULL, id);
	if (!acl || !acl->made) {
		acl_unknown_in(T, NULL);
		return;
	}
	/* an explicit association replaces the one the ACL's subnet_ids list gives */
	nacl_associate(T, in, acl->made, "subnet_id");
}

/* A NACL with a rule known only after apply is left out; so is the default ACL of a VPC
 * where a subnet's ACL is unknown (the subnet would fall back to it): missing:. */
static void file_nacls(struct tf *T)
{
	for (size_t i = 0; i < T->n; i++) {
		struct tfinst *in = &T->v[i];
		if (!in->gone && in->made && in->part_unknown &&
		    (!strcmp(in->type, "aws_network_acl") || !strcmp(in->type, "aws_default_network_acl")))
			acl_unknown_in(T, jstr(in->made, "VpcId"));
	}
	for (size_t i = 0; i < T->n; i++) {
		struct tfinst *in = &T->v[i];
		if (in->gone || !in->made || (strcmp(in->type, "aws_network_acl") &&
					      strcmp(in->type, "aws_default_network_acl")))
			continue;
		const char *vpc = jstr(in->made, "VpcId");
		bool def = jbool(in->made, "IsDefault", false);
		if (in->part_unknown || (def && acl_unknown(T, vpc))) {
			tf_warn(T, in, "%s: left out of the topology (%s): a trace through it says what "
				"is unknown", in->address, in->part_unknown ? "a rule of it is known only "
				"after apply" : "a subnet that would fall back to this default ACL has an "
				"ACL known only after apply");
			note_missing(T->I, "network_acls", "vpc", vpc);
			continue;
		}
		res_add(T->I, RK_NACL, in->id, in->made, T->f);
	}
}

/* ---- instances --------------------------------------------------------------------- */

/* Whether a rule CIDR of some group lies strictly inside subnet: then where in the
 * subnet an address is decides a rule, and an address known only after apply cannot
 * stand for itself (terraform-notes.md 6.5). */
static bool rule_cidr_inside(struct tf *T, const struct net_prefix *subnet)
{
	static const char *const dirs[] = { "IpPermissions", "IpPermissionsEgress" };
	for (size_t i = 0; i < T->I->l[RK_SG].n; i++)
		for (int d = 0; d < 2; d++) {
			const cJSON *p, *r;
			cJSON_ArrayForEach(p, jarr(T->I->l[RK_SG].v[i].j, dirs[d]))
				cJSON_ArrayForEach(r, jarr(p, "IpRanges"))
				{
					struct net_prefix c;
					if (parse_cidr(jstr(r, "CidrIp"), &c) && c.len > subnet->len &&
					    net_prefix_covers(subnet, &c))
						return true;
				}
		}
	return false;
}

/* An instance.  What is known only after apply and would decide a trace (its security
 * groups, a public address it gets, a private address where a rule tells addresses of
 * its subnet apart) makes its groups a missing one: every trace from or to it then
 * ends ambiguous, MISSING_DATA, never a guess. */
static void make_instance(struct tf *T, struct tfinst *in)
{
	bool unknown = false;
	const char *sub = link1(T, in, "subnet_id", T_SUBNET, &unknown);
	struct tfinst *sn = inst_by_id(T, NULL, sub);
	if (!sn || !sn->made) {
		tf_warn(T, in, "%s: its subnet is %s; the instance is left out", in->address,
			unknown ? "known only after apply" : "not in the plan");
		note_missing(T->I, "instances", NULL, NULL);
		return;
	}
	const char *vpc = jstr(sn->made, "VpcId");
	cJSON *o = new_obj(T);
	put_str(o, "InstanceId", in->id);
	put_str(o, "SubnetId", jstr(sn->made, "SubnetId"));
	put_str(o, "VpcId", vpc);
	const char *state = tf_str(in, "instance_state");
	cJSON *st = cJSON_CreateObject();
	put_str(st, "Name", state ? state : "running");
	cJSON_AddItemToObjectCS(o, "State", st);
	const char *why = NULL;
	const char *ip = tf_str(in, "private_ip");
	if (!ip) {
		/* a stand-in address of its subnet: the fifth, past the four AWS keeps
		 * (F1.3), then one more per instance already given one there */
		struct net_prefix p;
		if (!parse_cidr(jstr(sn->made, "CidrBlock"), &p))
			return;
		size_t taken = 0;
		for (size_t i = 0; i < T->I->l[RK_INST].n; i++)
			taken += same(jstr(T->I->l[RK_INST].v[i].j, "SubnetId"), sub) &&
				 jget(T->I->l[RK_INST].v[i].j, "vpcpath:stand-in");
		struct net_addr a = net_prefix_nth(&p, 4 + taken);
		char buf[64];
		ip = pool_printf(T->I, "%s", net_addr_str(&a, buf));
		put_bool(o, "vpcpath:stand-in", true);
		tf_warn(T, in, "%s: its private IP is known only after apply; written as %s, an "
			"address of its subnet", in->address, ip);
		if (rule_cidr_inside(T, &p))
			why = "its private IP is known only after apply, and a security group rule "
			      "tells addresses of its subnet apart";
	}
	put_str(o, "PrivateIpAddress", ip);
	const char *pub = tf_str(in, "public_ip");
	const cJSON *assoc = NULL;
	enum tfknown as = tf_attr(in, "associate_public_ip_address", &assoc);
	bool gets_public = as == TF_KNOWN ? cJSON_IsTrue(assoc) :
			   as == TF_UNKNOWN || cJSON_IsTrue(jget(sn->after, "map_public_ip_on_launch"));
	if (pub)
		put_str(o, "PublicIpAddress", pub);
	else if (gets_public && as != TF_KNOWN && !jget(sn->after, "map_public_ip_on_launch"))
		why = "whether it gets a public IP is known only after apply";
	else if (gets_public)
		put_str(o, "PublicIpAddress", public_stand_in(T, in));
	const cJSON *v;
	enum tfknown gs = tf_attr(in, "vpc_security_group_ids", &v);
	const char *ids[MAX_IDS];
	/* computed: not configured is the VPC's default group (AWS's choice) */
	if (gs == TF_UNKNOWN && in->cfg &&
	    !jget(jget(in->cfg, "expressions"), "vpc_security_group_ids") &&
	    !jget(jget(in->cfg, "expressions"), "security_groups"))
		gs = TF_UNSET;
	int n = tf_link(T, in, "vpc_security_group_ids", gs, v, "vpc_security_group_ids", T_SG,
			true, ids, MAX_IDS);
	if (n < 0)
		why = "its security groups are known only after apply";
	cJSON *groups = put_arr(o, "SecurityGroups");
	if (why) {
		const char *ph = pool_printf(T->I, "sg-tf%012llx", (unsigned long long)(fnv1a(
			pool_printf(T->I, "%s#unknown-groups", in->address)) >> 16));
		tf_warn(T, in, "%s: %s: its security groups are written as %s, listed as missing, "
			"so that a trace from or to it ends ambiguous", in->address, why, ph);
		put_str(push_obj(groups), "GroupId", ph);
	} else {
		for (int i = 0; i < n; i++)
			put_str(push_obj(groups), "GroupId", ids[i]);
		if (!n)
			cJSON_DeleteItemFromObject(o, "SecurityGroups"); /* the VPC's default */
	}
	put_tags(T, o, in);
	add(T, RK_INST, in, o);
}

/* ---- what AWS makes with every VPC -------------------------------------------------- */

static const char *implicit_id(struct tf *T, const char *prefix, const struct tfinst *vpc,
			       const char *what)
{
	const char *a = pool_printf(T->I, "%s#%s", vpc->address, what);
	return pool_printf(T->I, "%stf%012llx", prefix, (unsigned long long)(fnv1a(a) >> 16));
}

/* Whether the VPC has an object of kind k: with flag_list "-", one whose flag is true;
 * with another list, one with an item of that list whose flag is true. */
static bool vpc_has(struct tf *T, enum rk k, const char *vpc, const char *flag_list,
		    const char *flag)
{
	for (size_t i = 0; i < T->I->l[k].n; i++) {
		const struct res *r = &T->I->l[k].v[i];
		if (!same(jstr(r->j, "VpcId"), vpc))
			continue;
		if (!flag_list || (!strcmp(flag_list, "-") && jbool(r->j, flag, false)))
			return true;
		const cJSON *a;
		cJSON_ArrayForEach(a, jarr(r->j, flag_list))
			if (jbool(a, flag, false))
				return true;
	}
	return false;
}

static void implicit_name(cJSON *o, struct tf *T, const struct tfinst *vpc, const char *what)
{
	cJSON *t = push_obj(put_arr(o, "Tags"));
	put_str(t, "Key", "Name");
	put_str(t, "Value", pool_printf(T->I, "%s (%s)", vpc->address, what));
}

/* The main route table (local routes only), the default network ACL (allow all) and
 * the default security group (F6.2: members talk to each other, all egress) of each
 * VPC whose plan does not adopt them with aws_default_* or a main association: AWS
 * makes them with the VPC, and Terraform leaves them as they are. */
static void make_implicit(struct tf *T, struct tfinst *vpc)
{
	if (!vpc->made)
		return;
	struct imp *I = T->I;
	if (rt_unknown(T, vpc->id)) {
		note_missing(I, "route_tables", "vpc", vpc->id);
	} else if (!vpc_has(T, RK_RTB, vpc->id, "Associations", "Main")) {
		cJSON *o = new_obj(T);
		const char *id = tf_str(vpc, "main_route_table_id");
		put_str(o, "RouteTableId", id ? id : implicit_id(T, "rtb-", vpc, "main"));
		put_str(o, "VpcId", vpc->id);
		put_arr(o, "Routes");
		put_bool(push_obj(put_arr(o, "Associations")), "Main", true);
		implicit_name(o, T, vpc, "main route table");
		res_add(I, RK_RTB, jstr(o, "RouteTableId"), o, T->f);
	}
	if (acl_unknown(T, vpc->id)) {
		note_missing(I, "network_acls", "vpc", vpc->id);
	} else if (!vpc_has(T, RK_NACL, vpc->id, "-", "IsDefault")) {
		cJSON *o = new_obj(T);
		const char *id = tf_str(vpc, "default_network_acl_id");
		put_str(o, "NetworkAclId", id ? id : implicit_id(T, "acl-", vpc, "default-acl"));
		put_str(o, "VpcId", vpc->id);
		put_bool(o, "IsDefault", true);
		cJSON *entries = put_arr(o, "Entries");
		for (int egress = 0; egress < 2; egress++) {
			cJSON *e = push_obj(entries);
			put_num(e, "RuleNumber", 100);
			put_str(e, "Protocol", "-1");
			put_str(e, "RuleAction", "allow");
			put_bool(e, "Egress", egress);
			put_str(e, "CidrBlock", "0.0.0.0/0");
		}
		implicit_name(o, T, vpc, "default network ACL");
		res_add(I, RK_NACL, jstr(o, "NetworkAclId"), o, T->f);
	}
	bool have_default = false;
	for (size_t i = 0; i < I->l[RK_SG].n; i++)
		have_default |= same(jstr(I->l[RK_SG].v[i].j, "VpcId"), vpc->id) &&
				same(jstr(I->l[RK_SG].v[i].j, "GroupName"), "default");
	if (!have_default) {
		cJSON *o = new_obj(T);
		const char *id = tf_str(vpc, "default_security_group_id");
		id = id ? id : implicit_id(T, "sg-", vpc, "default-sg");
		put_str(o, "GroupId", id);
		put_str(o, "VpcId", vpc->id);
		put_str(o, "GroupName", "default");
		cJSON *in = push_obj(put_arr(o, "IpPermissions"));
		put_str(in, "IpProtocol", "-1");
		add_peer(in, "UserIdGroupPairs", "GroupId", id);
		cJSON *out = push_obj(put_arr(o, "IpPermissionsEgress"));
		put_str(out, "IpProtocol", "-1");
		add_peer(out, "IpRanges", "CidrIp", "0.0.0.0/0");
		implicit_name(o, T, vpc, "default security group");
		res_add(I, RK_SG, id, o, T->f);
	}
}

/* ---- the order of making ----------------------------------------------------------- */

static void for_type(struct tf *T, const char *type, void (*fn)(struct tf *, struct tfinst *))
{
	for (size_t i = 0; i < T->n; i++)
		if (!T->v[i].gone && !T->v[i].data && !strcmp(T->v[i].type, type))
			fn(T, &T->v[i]);
}

static void sg_rule_add(struct tf *T, struct tfinst *in)
{
	make_sg_rule(T, in, false);
}

/* A separate rule's object in an existing group's refreshed list: out, whether the
 * rule stays (it is put back by sg_rule_add) or goes (deleted, replaced). */
static void sg_rule_take_out(struct tf *T, struct tfinst *in)
{
	struct tfinst *g = NULL;
	const char *gid = jstr(in->before, "security_group_id");
	g = inst_by_id(T, NULL, gid);
	if (!g || !g->made)
		return;
	bool configured = g->cfg && jget(jget(g->cfg, "expressions"),
					 !strcmp(in->type, "aws_vpc_security_group_egress_rule") ||
					 same(jstr(in->before, "type"), "egress") ? "egress" : "ingress");
	if (configured)
		return; /* the group's own list is the truth: Terraform converges to it */
	/* the values before the change are what the group's list shows */
	struct tfinst before = *in;
	before.after = in->before;
	before.unknown = NULL;
	make_sg_rule(T, &before, true);
}

static const char *const rule_types[] = { "aws_security_group_rule",
					  "aws_vpc_security_group_ingress_rule",
					  "aws_vpc_security_group_egress_rule", NULL };

void tf_make_resources(struct tf *T)
{
	assign_ids(T);
	T->account = plan_account(T);
	for_type(T, "aws_vpc", make_vpc);
	for_type(T, "aws_default_vpc", make_vpc);
	for_type(T, "aws_vpc_ipv4_cidr_block_association", make_cidr_assoc);
	for_type(T, "aws_vpc_ipv6_cidr_block_association", make_cidr_assoc);
	for_type(T, "aws_subnet", make_subnet);
	for_type(T, "aws_internet_gateway", make_igw);
	for_type(T, "aws_egress_only_internet_gateway", make_igw);
	for_type(T, "aws_route_table", make_route_table);
	for_type(T, "aws_default_route_table", make_route_table);
	for_type(T, "aws_route", make_route_res);
	for_type(T, "aws_route_table_association", make_rt_assoc);
	for_type(T, "aws_main_route_table_association", make_rt_assoc);
	for_type(T, "aws_security_group", make_sg);
	for_type(T, "aws_default_security_group", make_sg);
	/* separate rules: first out of the refreshed lists (every rule resource that
	 * existed before the plan, gone or not), then in again (those that remain) */
	for (size_t r = 0; rule_types[r]; r++)
		for (size_t i = 0; i < T->n; i++) {
			struct tfinst *in = &T->v[i];
			if (strcmp(in->type, rule_types[r]) || in->action == TF_CREATE)
				continue;
			sg_rule_take_out(T, in);
		}
	for (size_t r = 0; rule_types[r]; r++)
		for_type(T, rule_types[r], sg_rule_add);
	for_type(T, "aws_nat_gateway", make_nat);
	for_type(T, "aws_vpc_endpoint", make_endpoint);
	for_type(T, "aws_vpc_endpoint_route_table_association", make_endpoint_part);
	for_type(T, "aws_vpc_endpoint_subnet_association", make_endpoint_part);
	for_type(T, "aws_vpc_endpoint_security_group_association", make_endpoint_part);
	for_type(T, "aws_vpc_endpoint_policy", make_endpoint_part);
	for (size_t i = 0; i < T->n; i++)
		if (T->v[i].made && !strcmp(T->v[i].type, "aws_vpc_endpoint"))
			res_add(T->I, RK_EP, T->v[i].id, T->v[i].made, T->f);
	/* first what is unknown, then the tables (file_route_tables) */
	for (int pass = 0; pass < 2; pass++)
		for (size_t i = 0; i < T->n; i++) {
			struct tfinst *in = &T->v[i];
			if (in->gone || !in->made || (strcmp(in->type, "aws_route_table") &&
						      strcmp(in->type, "aws_default_route_table")))
				continue;
			if (pass)
				file_route_tables(T, in);
			else if (in->part_unknown)
				rt_unknown_in(T, jstr(in->made, "VpcId"));
		}
	for_type(T, "aws_network_acl", make_nacl);
	for_type(T, "aws_default_network_acl", make_nacl);
	for_type(T, "aws_network_acl_rule", make_nacl_rule);
	for_type(T, "aws_network_acl_association", make_nacl_assoc);
	file_nacls(T);
	for_type(T, "aws_vpc", make_implicit);
	for_type(T, "aws_default_vpc", make_implicit);
	for_type(T, "aws_instance", make_instance);
	for_type(T, "aws_s3_bucket", make_bucket);
	for_type(T, "aws_dynamodb_table", make_table);
	for_type(T, "aws_s3_bucket_policy", make_resource_policy);
	for_type(T, "aws_dynamodb_resource_policy", make_resource_policy);
	/* a plan says everything of these kinds there will be: none is none */
	static const enum rk complete[] = { RK_VPC, RK_SUBNET, RK_RTB, RK_IGW, RK_EIGW, RK_NAT,
					    RK_EP, RK_SG, RK_NACL, RK_INST };
	for (size_t k = 0; k < sizeof(complete) / sizeof(complete[0]); k++)
		T->I->have[complete[k]] = true;
}
