/* terraform_vpn.c - virtual private gateways (aws_vpn_gateway, its attachment and its
 * propagation into route tables) and the static routes of VPN connections, from the
 * AWS provider's resources (F1.13).  The connections themselves are made with the
 * transit gateways (terraform_transit.c), since one may attach to one.  A gateway
 * whose VPC is known only after apply is left out and listed as missing, and so are the
 * route tables that send traffic to it.  Memory: as terraform_res.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "terraform_res.h"

const char *const TF_VGW[] = { "aws_vpn_gateway", NULL };
static const char *const TF_VPN[] = { "aws_vpn_connection", NULL };

static bool is(const struct tfinst *in, const char *type)
{
	return !strcmp(in->type, type);
}

/* A link attribute that may be computed: unknown and not configured is unset (a VPN
 * connection names one gateway, a VPN gateway may be attached by a separate resource). */
const char *tf_link_configured(struct tf *T, struct tfinst *in, const char *attr,
			       const char *const *types, bool *unknown)
{
	const cJSON *v;
	if (tf_attr(in, attr, &v) == TF_UNKNOWN && !tf_configured(in, attr))
		return NULL;
	return tf_link1(T, in, attr, types, unknown);
}

static void make_vgw(struct tf *T, struct tfinst *in)
{
	cJSON *o = tf_new_obj(T);
	tf_put_str(o, "VpnGatewayId", in->id);
	tf_put_str(o, "State", "available");
	tf_put_arr(o, "VpcAttachments");
	bool unknown = false;
	const char *vpc = tf_link_configured(T, in, "vpc_id", TF_VPC, &unknown);
	if (vpc) {
		cJSON *a = tf_push_obj((cJSON *)jget(o, "VpcAttachments"));
		tf_put_str(a, "VpcId", vpc);
		tf_put_str(a, "State", "attached");
	}
	in->part_unknown = unknown;
	tf_put_tags(T, o, in);
	in->made = o;
}

static void make_vgw_attachment(struct tf *T, struct tfinst *in)
{
	bool unknown = false;
	const char *id = tf_link1(T, in, "vpn_gateway_id", TF_VGW, &unknown);
	struct tfinst *g = tf_inst_by_id(T, "aws_vpn_gateway", id);
	const char *vpc = tf_link1(T, in, "vpc_id", TF_VPC, &unknown);
	if (!g || !g->made) {
		if (unknown) { /* which gateway is unknown: none can be trusted */
			for (size_t i = 0; i < T->n; i++)
				if (is(&T->v[i], "aws_vpn_gateway"))
					T->v[i].part_unknown = true;
		} else if (id) {
			tf_warn(T, in, "%s: VPN gateway %s is not in the plan; left out", in->address, id);
		}
		return;
	}
	if (unknown || !vpc) {
		g->part_unknown = true;
		return;
	}
	cJSON *a = tf_push_obj((cJSON *)jget(g->made, "VpcAttachments"));
	tf_put_str(a, "VpcId", vpc);
	tf_put_str(a, "State", "attached");
}

static void make_vpn_route(struct tf *T, struct tfinst *in)
{
	bool unknown = false;
	const char *id = tf_link1(T, in, "vpn_connection_id", TF_VPN, &unknown);
	struct tfinst *v = tf_inst_by_id(T, "aws_vpn_connection", id);
	const char *dest = tf_str(in, "destination_cidr_block");
	if (!v || !v->made || !dest) {
		if (!unknown)
			tf_warn(T, in, "%s: %s; left out", in->address, !dest ? "its destination is known "
				"only after apply" : "its VPN connection is not in the plan");
		if (v)
			v->part_unknown = true;
		note_missing(T->I, "vpn_connections", NULL, NULL);
		return;
	}
	cJSON *r = tf_push_obj((cJSON *)jget(v->made, "Routes"));
	tf_put_str(r, "DestinationCidrBlock", dest);
	tf_put_str(r, "State", "available");
}

/* A route table that a VPN gateway propagates into holds, after apply, what the
 * gateway learns: its static connections' routes, which the topology has, and what BGP
 * (or Direct Connect) advertises, which no plan holds (F1.13). */
static void warn_bgp_propagation(struct tf *T, struct tfinst *vgw)
{
	const struct tfinst *bgp = NULL, *table = NULL;
	size_t connections = 0;
	for (size_t i = 0; i < T->n; i++) {
		const struct tfinst *x = &T->v[i];
		if (x->gone || x->data || !x->made)
			continue;
		if (is(x, "aws_vpn_connection") && tf_same(jstr(x->made, "VpnGatewayId"), vgw->id)) {
			connections++;
			if (!jbool(jget(x->made, "Options"), "StaticRoutesOnly", false))
				bgp = x;
		}
		const cJSON *g;
		if (!table && (is(x, "aws_route_table") || is(x, "aws_default_route_table")))
			cJSON_ArrayForEach(g, jarr(x->made, "PropagatingVgws"))
				if (tf_same(jstr(g, "GatewayId"), vgw->id))
					table = x;
	}
	if (table && (bgp || !connections))
		tf_warn(T, vgw, "%s: %s propagates its routes, and %s: the routes it advertises are "
			"in no plan, so a destination only they would cover reads as no route; declare "
			"the networks behind it as on_premises (vpcpath-topology(5)) to trace them",
			vgw->address, table->address, bgp ? pool_printf(T->I, "%s uses BGP",
			bgp->address) : "no VPN connection of it is in the plan (Direct Connect?)");
}

void tf_make_vpn_gateways(struct tf *T)
{
	for (size_t i = 0; i < T->n; i++)
		if (!T->v[i].gone && !T->v[i].data && is(&T->v[i], "aws_vpn_gateway"))
			make_vgw(T, &T->v[i]);
	for (size_t i = 0; i < T->n; i++)
		if (!T->v[i].gone && !T->v[i].data && is(&T->v[i], "aws_vpn_gateway_attachment"))
			make_vgw_attachment(T, &T->v[i]);
}

void tf_make_vpn_routes(struct tf *T)
{
	for (size_t i = 0; i < T->n; i++)
		if (!T->v[i].gone && !T->v[i].data && is(&T->v[i], "aws_vpn_connection_route"))
			make_vpn_route(T, &T->v[i]);
}

void tf_file_vpn(struct tf *T)
{
	for (size_t i = 0; i < T->n; i++) {
		struct tfinst *in = &T->v[i];
		if (in->gone || in->data || !in->made)
			continue;
		if (is(in, "aws_vpn_gateway")) {
			if (in->part_unknown) {
				tf_warn(T, in, "%s: the VPC it is attached to is known only after apply; left "
					"out and listed as missing", in->address);
				note_missing(T->I, "vpn_gateways", NULL, NULL);
			} else {
				res_add(T->I, RK_VGW, in->id, in->made, T->f);
				warn_bgp_propagation(T, in);
			}
		} else if (is(in, "aws_vpn_connection") && !in->part_unknown) {
			res_add(T->I, RK_VPN, in->id, in->made, T->f);
		}
	}
}
