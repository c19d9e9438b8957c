/* terraform_transit.c - transit gateways (VPC, peering and VPN attachments, route
 * tables, static and blackhole routes, associations, propagations, the default route
 * table) and VPN connections, which may attach to one (terraform_vpn.c: VPN gateways
 * and the connections' routes), from the AWS provider's resources, as the AWS
 * CLI-shaped objects the shared passes decide and emit (F1.13, F1.14).
 *
 * A transit gateway is all or nothing: when any part of it is known only after apply
 * (an attachment's VPC or subnets, a route's attachment, which table an association
 * names), the gateway is left out of the topology with a warning naming the address
 * and attribute, and the VPC route tables that send traffic to it are left out and
 * listed as missing (tf_route_targets_known), so a trace through it ends ambiguous,
 * never on a guessed route.
 *
 * What AWS does that the plan does not spell out is made here: a gateway with default
 * association or propagation enabled (the provider's default) gets a default route
 * table, and each VPC or VPN attachment that does not opt out
 * (transit_gateway_default_route_table_association / _propagation = false) is
 * associated with it and propagates to it.  Memory: as terraform_res.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "terraform_res.h"

/* A transit gateway route table is named by the table, or by a gateway's default one
 * (aws_ec2_transit_gateway.x.association_default_route_table_id, known only after
 * apply for a new gateway: the gateway is then taken, and its default table used). */
static const char *const TF_TGW_RTB[] = {
	"aws_ec2_transit_gateway_route_table",
	"aws_ec2_transit_gateway@association_default_route_table_id",
	"aws_ec2_transit_gateway@propagation_default_route_table_id", NULL
};
/* An attachment: a VPC or peering attachment, a peering accepter (whose id is the
 * attachment's), or a VPN connection's (named through its transit_gateway_attachment_id,
 * the connection itself is taken and its attachment looked up). */
static const char *const TF_TGW_ATT[] = {
	"aws_ec2_transit_gateway_vpc_attachment", "aws_ec2_transit_gateway_peering_attachment",
	"aws_ec2_transit_gateway_peering_attachment_accepter",
	"aws_ec2_transit_gateway_vpc_attachment_accepter",
	"aws_vpn_connection@transit_gateway_attachment_id", NULL
};

enum attkind { ATT_VPC, ATT_VPN, ATT_PEERING };

/* One attachment on one gateway (a peering attachment is one per side, F1.14). */
struct att {
	const char *id, *tgw, *peer_tgw;
	enum attkind kind;
	struct tfinst *in;     /* the resource it comes from */
	cJSON *obj;            /* its AWS CLI-shaped record */
	bool def_assoc, def_prop, associated;
};

struct tgwctx {
	struct tf *T;
	struct tfinst **tgws;  /* every aws_ec2_transit_gateway made */
	size_t ntgws;
	struct att *atts;
	size_t natts, capatts;
};

static bool is(const struct tfinst *in, const char *type)
{
	return !strcmp(in->type, type);
}

static cJSON *put_obj(cJSON *o, const char *k)
{
	cJSON *x = cJSON_CreateObject();
	cJSON_AddItemToObjectCS(o, k, x);
	return x;
}

static struct tfinst *tgw_of(struct tgwctx *C, const char *id)
{
	for (size_t i = 0; id && i < C->ntgws; i++)
		if (!strcmp(C->tgws[i]->id, id))
			return C->tgws[i];
	return NULL;
}

/* A part of gateway tgw (NULL: of some gateway of the plan, so of every one) is known
 * only after apply: the gateway is left out (see the top).  cause: the resource that
 * says so; when an attribute of it is what is unknown, the gateway's missing: entry,
 * and those of the route tables that send traffic to it, name it. */
static void tgw_unknown(struct tgwctx *C, const char *tgw, const struct tfinst *cause)
{
	for (size_t i = 0; i < C->ntgws; i++)
		if (!tgw || !strcmp(C->tgws[i]->id, tgw)) {
			C->tgws[i]->part_unknown = true;
			if (!C->tgws[i]->unknown_by && cause && cause->unknown_attr)
				C->tgws[i]->unknown_by = cause;
		}
}

static const char *synth_id(struct tf *T, const char *prefix, const struct tfinst *in,
			    const char *what)
{
	const char *a = pool_printf(T->I, "%s#%s", in->address, what);
	return pool_printf(T->I, "%stf%012llx", prefix, (unsigned long long)(tf_fnv1a(a) >> 16));
}

/* A transit gateway route table object: the table, its gateway, and the three lists
 * the AWS CLI prints for a table (search-transit-gateway-routes and
 * get-transit-gateway-route-table-associations / -propagations), filled as the plan's
 * resources are read.  own: owned by the import, else by the object it is put in. */
static cJSON *new_rtb(struct tf *T, const char *id, const char *tgw, bool own)
{
	cJSON *o = own ? tf_new_obj(T) : cJSON_CreateObject();
	tf_put_str(o, "TransitGatewayRouteTableId", id);
	tf_put_str(o, "TransitGatewayId", tgw);
	tf_put_str(o, "State", "available");
	tf_put_arr(o, "tf:routes");
	tf_put_arr(o, "tf:associations");
	tf_put_arr(o, "tf:propagations");
	return o;
}

static bool enabled(const struct tfinst *in, const char *attr)
{
	const char *v = tf_str(in, attr);
	return !v || strcmp(v, "disable"); /* "enable" is the provider's default */
}

static void make_tgw(struct tgwctx *C, struct tfinst *in)
{
	struct tf *T = C->T;
	cJSON *o = tf_new_obj(T);
	tf_put_str(o, "TransitGatewayId", in->id);
	tf_put_str(o, "State", "available");
	const char *arn = tf_str(in, "arn"), *region = tf_str(in, "region");
	if (!arn && region) /* provider v6 puts a resource in its own region */
		arn = pool_printf(T->I, "arn:aws:ec2:%s:%s:transit-gateway/%s", region,
				  T->account ? T->account : "", in->id);
	tf_put_str(o, "TransitGatewayArn", arn);
	cJSON *opt = put_obj(o, "Options");
	bool assoc = enabled(in, "default_route_table_association");
	bool prop = enabled(in, "default_route_table_propagation");
	tf_put_str(opt, "DefaultRouteTableAssociation", assoc ? "enable" : "disable");
	tf_put_str(opt, "DefaultRouteTablePropagation", prop ? "enable" : "disable");
	if (assoc || prop) {
		/* AWS makes one default table when either default is enabled, and uses it
		 * for both (the transit gateway docs) */
		const char *a = tf_str(in, "association_default_route_table_id");
		const char *p = tf_str(in, "propagation_default_route_table_id");
		const char *id = a ? a : p ? p : synth_id(T, "tgw-rtb-", in, "default-route-table");
		cJSON *rtb = new_rtb(T, id, in->id, false);
		cJSON *t = tf_push_obj(tf_put_arr(rtb, "Tags"));
		tf_put_str(t, "Key", "Name");
		tf_put_str(t, "Value", tf_made_name(T, in->address, "default route table"));
		cJSON_AddItemToObjectCS(o, "tf:default_rtb", rtb);
		tf_put_str(opt, "AssociationDefaultRouteTableId", assoc ? (a ? a : id) : NULL);
		tf_put_str(opt, "PropagationDefaultRouteTableId", prop ? (p ? p : id) : NULL);
	}
	tf_put_tags(T, o, in);
	in->made = o;
	C->tgws = xrealloc(C->tgws, (C->ntgws + 1) * sizeof(*C->tgws));
	C->tgws[C->ntgws++] = in;
}

/* The route table object with this id: a managed one, or a gateway's default one. */
static cJSON *rtb_by_id(struct tgwctx *C, const char *id)
{
	struct tfinst *r = tf_inst_by_id(C->T, "aws_ec2_transit_gateway_route_table", id);
	if (r && r->made)
		return r->made;
	for (size_t i = 0; id && i < C->ntgws; i++) {
		cJSON *d = (cJSON *)jget(C->tgws[i]->made, "tf:default_rtb");
		if (tf_same(jstr(d, "TransitGatewayRouteTableId"), id))
			return d;
	}
	return NULL;
}

/* The transit gateway route table attr of in names: its object, or NULL (*unknown when
 * the plan cannot tell which; a table it does not describe is warned of). */
static cJSON *rtb_of(struct tgwctx *C, struct tfinst *in, const char *attr, bool *unknown)
{
	const char *id = tf_link1(C->T, in, attr, TF_TGW_RTB, unknown);
	if (!id)
		return NULL;
	struct tfinst *g = tgw_of(C, id);
	if (g) { /* the gateway, named through its default table's id */
		const char *d = jstr(jget(g->made, "Options"), "AssociationDefaultRouteTableId");
		d = d ? d : jstr(jget(g->made, "Options"), "PropagationDefaultRouteTableId");
		id = d ? d : id;
	}
	cJSON *rtb = rtb_by_id(C, id);
	if (!rtb) {
		tf_warn(C->T, in, "%s: transit gateway route table %s is not in the plan; every "
			"transit gateway of the plan is left out (which one it changes is unknown)",
			in->address, id);
		*unknown = true;
	}
	return rtb;
}

static struct att *att_add(struct tgwctx *C, const char *id, const char *tgw, enum attkind k,
			   struct tfinst *in)
{
	if (C->natts == C->capatts)
		C->atts = xrealloc(C->atts, (C->capatts = C->capatts ? 2 * C->capatts : 16) *
				   sizeof(*C->atts));
	struct att *a = &C->atts[C->natts++];
	memset(a, 0, sizeof(*a));
	a->id = id;
	a->tgw = tgw;
	a->kind = k;
	a->in = in;
	return a;
}

static struct att *att_find(struct tgwctx *C, const char *id, const char *tgw)
{
	for (size_t i = 0; id && i < C->natts; i++)
		if (!strcmp(C->atts[i].id, id) && (!tgw || !strcmp(C->atts[i].tgw, tgw)))
			return &C->atts[i];
	return NULL;
}

/* The attachment id attr of in names, on gateway tgw (NULL: any): a VPN connection
 * named through its attachment is turned into that attachment's id. */
static const char *att_id_of(struct tgwctx *C, struct tfinst *in, const char *attr,
			     bool *unknown)
{
	const char *id = tf_link1(C->T, in, attr, TF_TGW_ATT, unknown);
	if (id && str_has_prefix(id, "vpn-"))
		for (size_t i = 0; i < C->natts; i++)
			if (C->atts[i].kind == ATT_VPN && tf_same(C->atts[i].in->id, id))
				return C->atts[i].id;
	return id;
}

/* Whether an attachment takes the gateway's defaults: its gateway enables them, and
 * the attachment does not opt out (a VPN attachment cannot). */
static void att_defaults(struct att *a, const struct tfinst *tgw, const struct tfinst *in)
{
	const cJSON *opt = jget(tgw->made, "Options");
	const cJSON *v;
	a->def_assoc = tf_same(jstr(opt, "DefaultRouteTableAssociation"), "enable") &&
		       !(tf_attr(in, "transit_gateway_default_route_table_association", &v) ==
			 TF_KNOWN && cJSON_IsFalse(v));
	a->def_prop = tf_same(jstr(opt, "DefaultRouteTablePropagation"), "enable") &&
		      !(tf_attr(in, "transit_gateway_default_route_table_propagation", &v) ==
			TF_KNOWN && cJSON_IsFalse(v));
}

static void make_vpc_attachment(struct tgwctx *C, struct tfinst *in)
{
	struct tf *T = C->T;
	bool unknown = false;
	const char *tgw = tf_link1(T, in, "transit_gateway_id", TF_TGW, &unknown);
	struct tfinst *g = tgw_of(C, tgw);
	if (!g) {
		if (unknown)
			tgw_unknown(C, NULL, in);
		else if (tgw)
			tf_warn(T, in, "%s: transit gateway %s is not in the plan; left out", in->address,
				tgw);
		return;
	}
	const char *vpc = tf_link1(T, in, "vpc_id", TF_VPC, &unknown);
	const cJSON *v;
	enum tfknown st = tf_attr(in, "subnet_ids", &v);
	const char *subs[MAX_IDS];
	int ns = tf_link(T, in, "subnet_ids", st, v, "subnet_ids", TF_SUBNET, true, subs, MAX_IDS);
	struct tfinst *vin = tf_inst_by_id(T, NULL, vpc);
	if (unknown || ns < 0 || !vin || !vin->made) {
		/* a VPC the plan does not describe: what the gateway routes to it, and what
		 * it propagates, cannot be told (a snapshot's import would make its routes
		 * blackholes) */
		if (!unknown && ns >= 0)
			tf_warn(T, in, "%s: %s; the transit gateway is left out", in->address, vpc ?
				pool_printf(T->I, "its VPC %s is not in the plan", vpc) : "no VPC");
		tgw_unknown(C, g->id, in);
		return;
	}
	for (int i = 0; i < ns; i++) {
		struct tfinst *sn = tf_inst_by_id(T, NULL, subs[i]);
		if (!sn || !sn->made || !tf_same(jstr(sn->made, "VpcId"), vpc)) {
			/* the AZs the attachment serves would be wrong (topology.md: a VPC
			 * reaches the gateway only from AZs with an attachment subnet) */
			tf_warn(T, in, "%s: subnet %s is not a subnet of its VPC in the plan; the transit "
				"gateway is left out", in->address, subs[i]);
			tgw_unknown(C, g->id, in);
			return;
		}
	}
	cJSON *o = tf_new_obj(T);
	tf_put_str(o, "TransitGatewayAttachmentId", in->id);
	tf_put_str(o, "TransitGatewayId", g->id);
	tf_put_str(o, "VpcId", vpc);
	tf_put_str(o, "State", "available");
	cJSON *arr = tf_put_arr(o, "SubnetIds");
	for (int i = 0; i < ns; i++)
		cJSON_AddItemToArray(arr, cJSON_CreateStringReference(subs[i]));
	tf_put_tags(T, o, in);
	in->made = o;
	struct att *a = att_add(C, in->id, g->id, ATT_VPC, in);
	a->obj = o;
	att_defaults(a, g, in);
}

/* aws_ec2_transit_gateway_vpc_attachment_accepter: the gateway owner's side of a VPC
 * attachment another account makes (the gateway shared with it).  With the attachment
 * in the plan too, the accepter's default association and propagation are the ones
 * AWS applies (only the gateway's owner sets them), and its id is the attachment's.
 * Without it, the accepter describes the attachment: its transit_gateway_id, vpc_id
 * and subnet_ids, known once the attachment exists, else only after apply (then the
 * gateway is left out, as for any attachment the plan cannot place). */
static void make_vpc_accepter(struct tgwctx *C, struct tfinst *in)
{
	struct tf *T = C->T;
	bool unknown = false;
	const char *id = tf_link1(T, in, "transit_gateway_attachment_id",
				  (const char *const[]){ "aws_ec2_transit_gateway_vpc_attachment", NULL },
				  &unknown);
	if (unknown || !id) {
		if (!unknown)
			tf_warn(T, in, "%s: no transit_gateway_attachment_id; left out", in->address);
		tgw_unknown(C, NULL, in);
		return;
	}
	in->id = id;
	struct tfinst *made_by = tf_inst_by_id(T, "aws_ec2_transit_gateway_vpc_attachment", id);
	if (made_by && !made_by->gone) {
		struct att *a = att_find(C, id, NULL);
		if (a && a->kind == ATT_VPC)
			att_defaults(a, tgw_of(C, a->tgw), in);
		return; /* (an attachment not made has left its gateway out already) */
	}
	make_vpc_attachment(C, in);
}

/* A peering attachment's state: AWS's when the plan knows it; else available when an
 * aws_ec2_transit_gateway_peering_attachment_accepter of the plan accepts it, else
 * pending acceptance (no traffic), as AWS leaves it. */
static const char *peering_state(struct tgwctx *C, struct tfinst *in)
{
	const char *st = tf_str(in, "state");
	if (st)
		return st;
	for (size_t i = 0; i < C->T->n; i++) {
		struct tfinst *x = &C->T->v[i];
		if (!x->gone && !x->data && is(x, "aws_ec2_transit_gateway_peering_attachment_accepter") &&
		    tf_same(tf_link1(C->T, x, "transit_gateway_attachment_id",
				     (const char *const[]){ "aws_ec2_transit_gateway_peering_attachment",
							     NULL }, NULL), in->id)) {
			x->id = in->id; /* an accepter's id is the attachment's */
			return "available";
		}
	}
	tf_warn(C->T, in, "%s: nothing in the plan accepts it (no "
		"aws_ec2_transit_gateway_peering_attachment_accepter): pendingAcceptance, carrying no "
		"traffic", in->address);
	return "pendingAcceptance";
}

/* A peering attachment: one record on each of its gateways that the plan describes
 * (the same id on both, F1.14). */
static void make_peering_attachment(struct tgwctx *C, struct tfinst *in)
{
	struct tf *T = C->T;
	bool unknown = false;
	const char *side[2];
	side[0] = tf_link1(T, in, "transit_gateway_id", TF_TGW, &unknown);
	side[1] = tf_link1(T, in, "peer_transit_gateway_id", TF_TGW, &unknown);
	if (unknown || !side[0] || !side[1]) {
		tgw_unknown(C, unknown ? NULL : side[0] ? side[0] : side[1], in);
		return;
	}
	const char *state = peering_state(C, in);
	for (int s = 0; s < 2; s++) {
		struct tfinst *g = tgw_of(C, side[s]);
		if (!g)
			continue; /* a gateway of another configuration: its side is AWS's */
		cJSON *o = tf_new_obj(T);
		tf_put_str(o, "TransitGatewayAttachmentId", in->id);
		tf_put_str(o, "TransitGatewayId", side[s]);
		tf_put_str(o, "ResourceType", "peering");
		tf_put_str(o, "ResourceId", side[!s]);
		tf_put_str(o, "State", state);
		struct att *a = att_add(C, in->id, side[s], ATT_PEERING, in);
		a->obj = o;
		a->peer_tgw = side[!s];
	}
	if (!tgw_of(C, side[1]) && tf_str(in, "peer_region"))
		tf_warn_once(T, in, "tgw peer outside", "transit gateway peering attachments to a "
			     "gateway the plan does not describe: a trace that crosses them leaves the "
			     "model", "%s: the peer transit gateway %s (%s) is not in the plan; a trace "
			     "that crosses to it leaves the model", in->address, side[1],
			     tf_str(in, "peer_region"));
}

static void push_ref(cJSON *rtb, const char *list, const char *att, const char *state)
{
	cJSON *arr = (cJSON *)jget(rtb, list), *x;
	cJSON_ArrayForEach(x, arr)
		if (tf_same(jstr(x, "TransitGatewayAttachmentId"), att))
			return;
	cJSON *e = tf_push_obj(arr);
	tf_put_str(e, "TransitGatewayAttachmentId", att);
	tf_put_str(e, "State", state);
}

/* aws_ec2_transit_gateway_route_table_association and _propagation */
static void make_table_ref(struct tgwctx *C, struct tfinst *in)
{
	bool assoc = is(in, "aws_ec2_transit_gateway_route_table_association");
	bool unknown = false;
	cJSON *rtb = rtb_of(C, in, "transit_gateway_route_table_id", &unknown);
	const char *id = att_id_of(C, in, "transit_gateway_attachment_id", &unknown);
	const char *tgw = jstr(rtb, "TransitGatewayId");
	struct att *a = att_find(C, id, tgw);
	if (unknown || !rtb || !a) {
		if (!unknown && rtb && id)
			tf_warn(C->T, in, "%s: attachment %s is not one of %s in the plan; the gateway is "
				"left out", in->address, id, tgw);
		tgw_unknown(C, unknown && !rtb ? NULL : tgw, in);
		return;
	}
	if (!assoc) {
		push_ref(rtb, "tf:propagations", a->id, "enabled");
		return;
	}
	if (a->associated) {
		tf_warn(C->T, in, "%s: attachment %s is associated with a route table already (AWS "
			"associates an attachment with one); the gateway is left out", in->address, id);
		tgw_unknown(C, tgw, in);
		return;
	}
	const cJSON *rep;
	if (a->def_assoc && !(tf_attr(in, "replace_existing_association", &rep) == TF_KNOWN &&
			      cJSON_IsTrue(rep)))
		tf_warn(C->T, in, "%s: %s is associated with its gateway's default route table too "
			"(transit_gateway_default_route_table_association is not false): AWS refuses the "
			"second association, so apply fails; this association is the one written",
			in->address, a->in->address);
	a->associated = true;
	push_ref(rtb, "tf:associations", a->id, "associated");
}

/* aws_ec2_transit_gateway_default_route_table_association / _propagation: another
 * table becomes the gateway's default one for new attachments. */
static void make_default_table(struct tgwctx *C, struct tfinst *in)
{
	bool unknown = false;
	struct tfinst *g = tgw_of(C, tf_link1(C->T, in, "transit_gateway_id", TF_TGW, &unknown));
	cJSON *rtb = g ? rtb_of(C, in, "transit_gateway_route_table_id", &unknown) : NULL;
	if (!g || !rtb) {
		tgw_unknown(C, g ? g->id : NULL, in);
		return;
	}
	bool assoc = is(in, "aws_ec2_transit_gateway_default_route_table_association");
	cJSON *opt = (cJSON *)jget(g->made, "Options");
	const char *key = assoc ? "AssociationDefaultRouteTableId" : "PropagationDefaultRouteTableId";
	cJSON_DeleteItemFromObjectCaseSensitive(opt, key);
	tf_put_str(opt, key, jstr(rtb, "TransitGatewayRouteTableId"));
	cJSON_DeleteItemFromObjectCaseSensitive(opt, assoc ? "DefaultRouteTableAssociation" :
						"DefaultRouteTablePropagation");
	tf_put_str(opt, assoc ? "DefaultRouteTableAssociation" : "DefaultRouteTablePropagation",
		   "enable");
}

static void make_route(struct tgwctx *C, struct tfinst *in)
{
	bool unknown = false;
	cJSON *rtb = rtb_of(C, in, "transit_gateway_route_table_id", &unknown);
	const char *tgw = jstr(rtb, "TransitGatewayId");
	if (!rtb) {
		tgw_unknown(C, NULL, in);
		return;
	}
	const char *dest = tf_str(in, "destination_cidr_block");
	const cJSON *bh;
	bool blackhole = tf_attr(in, "blackhole", &bh) == TF_KNOWN && cJSON_IsTrue(bh);
	const char *att = blackhole ? NULL : att_id_of(C, in, "transit_gateway_attachment_id",
						       &unknown);
	if (!dest || unknown || (!blackhole && !att_find(C, att, tgw))) {
		if (!dest && !unknown)
			tf_warn(C->T, in, "%s: destination_cidr_block is known only after apply; the "
				"transit gateway is left out", in->address);
		else if (!unknown)
			tf_warn(C->T, in, "%s: the route to %s goes to %s, which is %s; the transit "
				"gateway is left out", in->address, dest, att ? att : "no attachment",
				att ? "not one of its attachments in the plan" : "not a blackhole");
		tgw_unknown(C, tgw, in);
		return;
	}
	cJSON *r = tf_push_obj((cJSON *)jget(rtb, "tf:routes"));
	tf_put_str(r, "DestinationCidrBlock", dest);
	if (att)
		tf_put_str(tf_push_obj(tf_put_arr(r, "TransitGatewayAttachments")),
			   "TransitGatewayAttachmentId", att);
	tf_put_str(r, "Type", "static");
	tf_put_str(r, "State", blackhole ? "blackhole" : "active");
}

/* aws_ec2_transit_gateway_prefix_list_reference: a static route of a table to every
 * CIDR of a managed prefix list, to an attachment or a blackhole (F1.14).  The list
 * must be one the plan describes with known entries: which addresses it holds is the
 * route's destination. */
static void make_pl_reference(struct tgwctx *C, struct tfinst *in)
{
	struct tf *T = C->T;
	bool unknown = false;
	cJSON *rtb = rtb_of(C, in, "transit_gateway_route_table_id", &unknown);
	if (!rtb) {
		tgw_unknown(C, NULL, in);
		return;
	}
	const char *tgw = jstr(rtb, "TransitGatewayId");
	const char *pl = tf_pl_id(T, in, tf_link1(T, in, "prefix_list_id", TF_PL, &unknown));
	const cJSON *bh;
	bool blackhole = tf_attr(in, "blackhole", &bh) == TF_KNOWN && cJSON_IsTrue(bh);
	const char *att = blackhole ? NULL : att_id_of(C, in, "transit_gateway_attachment_id",
						       &unknown);
	if (unknown || !pl) {
		tgw_unknown(C, tgw, in);
		return;
	}
	struct tfinst *list = tf_inst_by_id(T, NULL, pl);
	if (!list || !list->made || list->part_unknown) {
		tf_warn(T, in, "%s: prefix list %s is %s; the transit gateway is left out", in->address,
			pl, list && list->made ? "known only after apply (its entries)" :
			"not in the plan (no aws_ec2_managed_prefix_list or data source of it): "
			"which addresses it holds is unknown");
		tgw_unknown(C, tgw, in);
		return;
	}
	if (!blackhole && !att_find(C, att, tgw)) {
		tf_warn(T, in, "%s: the route to prefix list %s goes to %s, which is %s; the transit "
			"gateway is left out", in->address, pl, att ? att : "no attachment",
			att ? "not one of its attachments in the plan" : "not a blackhole");
		tgw_unknown(C, tgw, in);
		return;
	}
	cJSON *r = tf_push_obj((cJSON *)jget(rtb, "tf:routes"));
	tf_put_str(r, "PrefixListId", pl);
	if (att)
		tf_put_str(tf_push_obj(tf_put_arr(r, "TransitGatewayAttachments")),
			   "TransitGatewayAttachmentId", att);
	tf_put_str(r, "Type", "static");
	tf_put_str(r, "State", blackhole ? "blackhole" : "active");
}

/* ---- VPN gateways and connections -------------------------------------------------- */

static void make_vpn(struct tgwctx *C, struct tfinst *in)
{
	struct tf *T = C->T;
	bool unknown = false;
	const char *vgw = tf_link_configured(T, in, "vpn_gateway_id", TF_VGW, &unknown);
	const char *tgw = tf_link_configured(T, in, "transit_gateway_id", TF_TGW, &unknown);
	if (unknown || (!vgw && !tgw)) {
		if (!unknown)
			tf_warn(T, in, "%s: neither vpn_gateway_id nor transit_gateway_id; left out",
				in->address);
		note_missing(T->I, "vpn_connections", NULL, NULL);
		if (unknown && !vgw)
			tgw_unknown(C, NULL, in);
		return;
	}
	cJSON *o = tf_new_obj(T);
	tf_put_str(o, "VpnConnectionId", in->id);
	tf_put_str(o, vgw ? "VpnGatewayId" : "TransitGatewayId", vgw ? vgw : tgw);
	tf_put_str(o, "State", "available");
	const cJSON *sro;
	enum tfknown st = tf_attr(in, "static_routes_only", &sro);
	/* false is the provider's default: BGP, whose prefixes no plan holds (F1.13) */
	tf_put_bool(put_obj(o, "Options"), "StaticRoutesOnly", st == TF_KNOWN && cJSON_IsTrue(sro));
	tf_put_arr(o, "Routes");
	tf_put_tags(T, o, in);
	in->made = o;
	struct tfinst *g = tgw ? tgw_of(C, tgw) : NULL;
	if (g) {
		const char *att = tf_str(in, "transit_gateway_attachment_id");
		att = att ? att : synth_id(T, "tgw-attach-", in, "transit-gateway-attachment");
		cJSON *ao = tf_new_obj(T);
		tf_put_str(ao, "TransitGatewayAttachmentId", att);
		tf_put_str(ao, "TransitGatewayId", g->id);
		tf_put_str(ao, "ResourceType", "vpn");
		tf_put_str(ao, "ResourceId", in->id);
		tf_put_str(ao, "State", "available");
		struct att *a = att_add(C, att, g->id, ATT_VPN, in);
		a->obj = ao;
		att_defaults(a, g, in);
	}
}

/* ---- filing ------------------------------------------------------------------------ */

static void file_rtb(struct tf *T, cJSON *rtb)
{
	const char *id = jstr(rtb, "TransitGatewayRouteTableId");
	res_add(T->I, RK_TGW_RTB, id, rtb, T->f);
	/* every static route of the table is in the plan: a list, even empty, so that
	 * the table is not taken for one whose routes were not collected */
	res_add(T->I, RK_TGW_ROUTES, id, jget(rtb, "tf:routes"), T->f);
	res_add(T->I, RK_TGW_ASSOCS, id, jget(rtb, "tf:associations"), T->f);
	res_add(T->I, RK_TGW_PROPS, id, jget(rtb, "tf:propagations"), T->f);
}

static void apply_defaults(struct tgwctx *C)
{
	for (size_t i = 0; i < C->natts; i++) {
		struct att *a = &C->atts[i];
		struct tfinst *g = tgw_of(C, a->tgw);
		const cJSON *opt = jget(g->made, "Options");
		if (a->kind == ATT_PEERING) {
			/* F1.14: routes over a peering attachment are static; which table a side
			 * with no association of the plan is in is not a default vpcpath knows */
			if (!a->associated && tf_same(jstr(opt, "DefaultRouteTableAssociation"),
						      "enable")) {
				tf_warn(C->T, a->in, "%s: its side on %s has no route table association in the "
					"plan while the gateway associates new attachments by default; the "
					"transit gateway is left out", a->in->address, g->address);
				g->part_unknown = true;
			}
			continue;
		}
		cJSON *ra = a->def_assoc && !a->associated ?
			    rtb_by_id(C, jstr(opt, "AssociationDefaultRouteTableId")) : NULL;
		if (ra)
			push_ref(ra, "tf:associations", a->id, "associated");
		cJSON *rp = a->def_prop ? rtb_by_id(C, jstr(opt, "PropagationDefaultRouteTableId")) :
			    NULL;
		if (rp)
			push_ref(rp, "tf:propagations", a->id, "enabled");
	}
}

static void file_all(struct tgwctx *C)
{
	struct tf *T = C->T;
	for (size_t i = 0; i < C->ntgws; i++) {
		struct tfinst *g = C->tgws[i];
		if (g->part_unknown) {
			tf_warn(T, g, "%s: a part of it is known only after apply (see above); the "
				"transit gateway is left out and listed as missing, and so are the route "
				"tables that send traffic to it", g->address);
			tf_note_unknown(T, g, NULL, "transit_gateways", NULL, NULL);
			continue;
		}
		res_add(T->I, RK_TGW, g->id, g->made, T->f);
		cJSON *d = (cJSON *)jget(g->made, "tf:default_rtb");
		if (d)
			file_rtb(T, d);
	}
	for (size_t i = 0; i < T->n; i++) {
		struct tfinst *r = &T->v[i];
		struct tfinst *g = r->made && is(r, "aws_ec2_transit_gateway_route_table") ?
				   tgw_of(C, jstr(r->made, "TransitGatewayId")) : NULL;
		if (g && !g->part_unknown)
			file_rtb(T, r->made);
	}
	for (size_t i = 0; i < C->natts; i++) {
		struct att *a = &C->atts[i];
		if (tgw_of(C, a->tgw)->part_unknown)
			continue;
		res_add(T->I, a->kind == ATT_VPC ? RK_TGW_VPC_ATT : RK_TGW_ATT, a->id, a->obj, T->f);
	}
}

static void each(struct tgwctx *C, const char *type, void (*fn)(struct tgwctx *, struct tfinst *))
{
	for (size_t i = 0; i < C->T->n; i++)
		if (!C->T->v[i].gone && !C->T->v[i].data && is(&C->T->v[i], type))
			fn(C, &C->T->v[i]);
}

static void make_tgw_rtb(struct tgwctx *C, struct tfinst *in)
{
	bool unknown = false;
	struct tfinst *g = tgw_of(C, tf_link1(C->T, in, "transit_gateway_id", TF_TGW, &unknown));
	if (!g) {
		tgw_unknown(C, NULL, in);
		return;
	}
	cJSON *o = new_rtb(C->T, in->id, g->id, true);
	tf_put_tags(C->T, o, in);
	in->made = o;
}

void tf_make_transit(struct tf *T)
{
	struct tgwctx C = { .T = T };
	each(&C, "aws_ec2_transit_gateway", make_tgw);
	each(&C, "aws_ec2_transit_gateway_route_table", make_tgw_rtb);
	each(&C, "aws_ec2_transit_gateway_vpc_attachment", make_vpc_attachment);
	each(&C, "aws_ec2_transit_gateway_vpc_attachment_accepter", make_vpc_accepter);
	each(&C, "aws_ec2_transit_gateway_peering_attachment", make_peering_attachment);
	tf_make_vpn_gateways(T);
	each(&C, "aws_vpn_connection", make_vpn);
	tf_make_vpn_routes(T);
	each(&C, "aws_ec2_transit_gateway_default_route_table_association", make_default_table);
	each(&C, "aws_ec2_transit_gateway_default_route_table_propagation", make_default_table);
	each(&C, "aws_ec2_transit_gateway_route_table_association", make_table_ref);
	each(&C, "aws_ec2_transit_gateway_route_table_propagation", make_table_ref);
	each(&C, "aws_ec2_transit_gateway_route", make_route);
	each(&C, "aws_ec2_transit_gateway_prefix_list_reference", make_pl_reference);
	apply_defaults(&C);
	file_all(&C);
	tf_file_vpn(T);
	free(C.tgws);
	free(C.atts);
}

bool tf_gateway_complete(const struct tfinst *in)
{
	return in->made && !in->part_unknown;
}
