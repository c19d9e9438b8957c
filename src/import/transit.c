/* transit.c - peering connections, transit gateways (attachments, route tables,
 * associations, propagations, routes; F1.14) and VPN connections. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "internal.h"

/* Peering connections to VPCs outside the snapshot (another account or region): the
 * peer is added with the CIDRs the peering reports, so the peering still resolves. */
void peer_stubs(struct imp *I)
{
	static const char *const gone[] = { "deleted", "failed", "rejected", "expired",
					    "deleting", NULL };
	struct reslist *l = &I->l[RK_PCX];
	size_t nvpc_before = I->l[RK_VPC].n;
	for (size_t i = 0; i < l->n; i++) {
		struct res *p = &l->v[i];
		const char *st = jstate(p->j);
		if (state_in(st, gone)) {
			p->keep = false;
			imp_warn(I, p->f, p->id, "peering connection %s is %s; skipped (routes to it become "
				 "blackholes)", p->id, st);
			continue;
		}
		static const char *const sides[] = { "RequesterVpcInfo", "AccepterVpcInfo" };
		for (int s = 0; s < 2; s++) {
			const cJSON *info = jget(p->j, sides[s]);
			const char *vid = jstr(info, "VpcId");
			if (!vid) {
				p->keep = false;
				imp_warn(I, p->f, p->id, "peering connection %s has no %s.VpcId; skipped", p->id,
					 sides[s]);
				break;
			}
			if (res_find_n(I, RK_VPC, vid, nvpc_before))
				continue; /* (the stubs appended so far are not sorted yet) */
			bool stubbed = false;
			for (size_t k = nvpc_before; k < I->l[RK_VPC].n; k++)
				if (!strcmp(I->l[RK_VPC].v[k].id, vid))
					stubbed = true;
			if (stubbed)
				continue;
			cJSON *stub = cJSON_CreateObject();
			own_json(I, stub);
			cJSON_AddStringToObject(stub, "VpcId", vid);
			cJSON *set = cJSON_AddArrayToObject(stub, "CidrBlockAssociationSet");
			/* every CIDR is copied; vpc_nets() checks them, located in this file */
			const cJSON *c;
			cJSON_ArrayForEach(c, jarr(info, "CidrBlockSet"))
				if (jstr(c, "CidrBlock")) {
					cJSON *a = cJSON_CreateObject();
					cJSON_AddStringToObject(a, "CidrBlock", jstr(c, "CidrBlock"));
					cJSON_AddItemToArray(set, a);
				}
			if (!cJSON_GetArraySize(set) && jstr(info, "CidrBlock")) {
				cJSON *a = cJSON_CreateObject();
				cJSON_AddStringToObject(a, "CidrBlock", jstr(info, "CidrBlock"));
				cJSON_AddItemToArray(set, a);
			}
			cJSON *set6 = cJSON_AddArrayToObject(stub, "Ipv6CidrBlockAssociationSet");
			cJSON_ArrayForEach(c, jarr(info, "Ipv6CidrBlockSet"))
				if (jstr(c, "Ipv6CidrBlock")) {
					cJSON *a = cJSON_CreateObject();
					cJSON_AddStringToObject(a, "Ipv6CidrBlock", jstr(c, "Ipv6CidrBlock"));
					cJSON_AddItemToArray(set6, a);
				}
			if (!cJSON_GetArraySize(set) && !cJSON_GetArraySize(set6)) {
				p->keep = false;
				imp_warn(I, p->f, p->id, "peering connection %s: peer %s is not in %s "
					 "and the peering does not give its CIDRs; skipped", p->id, vid,
					 imp_input(I));
				break;
			}
			if (jstr(info, "OwnerId"))
				cJSON_AddStringToObject(stub, "OwnerId", jstr(info, "OwnerId"));
			cJSON_AddBoolToObject(stub, "vpcpath:stub", true);
			struct res *v = res_add(I, RK_VPC, cJSON_GetObjectItem(stub, "VpcId")->valuestring,
						stub, p->f);
			v->aux = jstr(info, "Region");
			if (!check_region(I, p->f, "peering region", v->aux))
				v->aux = NULL;
			imp_warn(I, p->f, vid, "%s (peer of %s, %s) is not in %s; it is added with "
				 "the CIDRs the peering reports and nothing else", vid, p->id,
				 jstr(info, "OwnerId") ? jstr(info, "OwnerId") : "another account",
				 imp_input(I));
		}
	}
	if (I->l[RK_VPC].n != nvpc_before)
		qsort(I->l[RK_VPC].v, I->l[RK_VPC].n, sizeof(struct res), cmp_res);
}

static const char *const att_gone[] = { "deleted", "deleting", "failed", "failing", "rejected",
					"rejecting", NULL };

/* The merged view of one attachment on one transit gateway
 * (describe-transit-gateway-attachments and the per-type describes).  A peering
 * attachment has one id and two gateways (F1.14): it is one record per side, each
 * with its own association. */
struct tgwatt {
	const char *id, *tgw, *type, *state, *resource, *peer_tgw, *peer_region;
	const cJSON *subnets;  /* SubnetIds */
	const cJSON *general;  /* the describe-transit-gateway-attachments item of this side */
	struct src *f;
	const cJSON *j;        /* where it was read, for messages */
	bool emit;
	bool lone_side;        /* a side taken from a peering describe alone */
};

static int cmp_tgwatt(const void *a, const void *b)
{
	const struct tgwatt *x = a, *y = b;
	int c = strcmp(x->tgw, y->tgw);
	return c ? c : strcmp(x->id, y->id);
}

/* The attachment id on transit gateway tgw (NULL: on any gateway, the first). */
static struct tgwatt *tgwatt_find(struct tgwatts *A, const char *tgw, const char *id)
{
	for (size_t i = 0; id && i < A->n; i++)
		if (!strcmp(A->v[i].id, id) && (!tgw || !strcmp(A->v[i].tgw, tgw)))
			return &A->v[i];
	return NULL;
}

static struct tgwatt *tgwatt_side(struct tgwatts *A, const char *tgw, const struct res *r)
{
	struct tgwatt *a = tgwatt_find(A, tgw ? tgw : "", r->id);
	if (!a) {
		a = &A->v[A->n++];
		a->id = r->id;
		a->tgw = tgw ? tgw : "";
		a->f = r->f;
		a->j = r->j;
	}
	return a;
}

void build_tgwatts(struct imp *I, struct tgwatts *A)
{
	size_t cap = I->l[RK_TGW_ATT].n + I->l[RK_TGW_VPC_ATT].n + 2 * I->l[RK_TGW_PEER_ATT].n + 1;
	A->v = xcalloc(cap, sizeof(*A->v));
	A->n = 0;
	static const enum rk kinds[] = { RK_TGW_ATT, RK_TGW_VPC_ATT, RK_TGW_PEER_ATT };
	for (size_t k = 0; k < 3; k++) {
		struct reslist *l = &I->l[kinds[k]];
		for (size_t i = 0; i < l->n; i++) {
			const cJSON *j = l->v[i].j;
			if (kinds[k] == RK_TGW_ATT) {
				struct tgwatt *a = tgwatt_side(A, jstr(j, "TransitGatewayId"), &l->v[i]);
				a->general = j;
				a->type = jstr(j, "ResourceType");
				a->resource = jstr(j, "ResourceId");
				a->state = jstate(j);
				a->lone_side = false;
			} else if (kinds[k] == RK_TGW_VPC_ATT) {
				struct tgwatt *a = tgwatt_side(A, jstr(j, "TransitGatewayId"), &l->v[i]);
				if (!a->state)
					a->state = jstate(j);
				if (!a->type) {
					a->type = "vpc";
					a->resource = jstr(j, "VpcId");
				}
				a->subnets = jarr(j, "SubnetIds");
			} else {
				const cJSON *info[2] = { jget(j, "RequesterTgwInfo"), jget(j, "AccepterTgwInfo") };
				if (!info[0] && !info[1])
					continue; /* not a peering: nothing to learn from it */
				for (int side = 0; side < 2; side++) {
					const char *tgw = jstr(info[side], "TransitGatewayId");
					const cJSON *peer = info[!side];
					if (!tgw)
						continue;
					bool known = tgwatt_find(A, tgw, l->v[i].id) != NULL;
					struct tgwatt *a = tgwatt_side(A, tgw, &l->v[i]);
					a->lone_side = !known && !a->general;
					if (!a->state)
						a->state = jstate(j);
					if (!a->type)
						a->type = "peering";
					a->peer_tgw = jstr(peer, "TransitGatewayId");
					a->peer_region = jstr(peer, "Region");
				}
			}
		}
	}
	qsort(A->v, A->n, sizeof(*A->v), cmp_tgwatt);
}

void decide_tgws(struct imp *I, struct tgwatts *A)
{
	for (size_t i = 0; i < I->l[RK_TGW].n; i++) {
		struct res *t = &I->l[RK_TGW].v[i];
		const char *st = jstate(t->j);
		if (state_in(st, att_gone)) {
			t->keep = false;
			imp_warn(I, t->f, t->id, "transit gateway %s is %s; skipped (routes to it become "
				 "blackholes)", t->id, st);
			continue;
		}
		const char *arn = jstr(t->j, "TransitGatewayArn");
		if (arn && str_has_prefix(arn, "arn:aws:ec2:")) {
			const char *r = arn + strlen("arn:aws:ec2:");
			t->aux = pool_strndup(I, r, strcspn(r, ":"));
			if (!region_shaped(t->aux, strlen(t->aux)))
				imp_error(I, t->f, arn, "transit gateway %s: TransitGatewayArn '%s' does not name "
					  "a region (arn:aws:ec2:REGION:ACCOUNT:transit-gateway/ID)", t->id, arn);
		} else {
			t->aux = t->f->region;
		}
	}
	for (size_t i = 0; i < A->n; i++) {
		struct tgwatt *a = &A->v[i];
		if (!res_kept(I, RK_TGW, a->tgw)) {
			/* the side of a peering on a gateway of another account or region that
			 * was not collected is AWS's, not the snapshot's: its own side says so
			 * (a trace that crosses leaves the model) */
			bool other_side = a->lone_side && a->peer_tgw && res_kept(I, RK_TGW, a->peer_tgw);
			if (!res_find(I, RK_TGW, a->tgw) && !other_side)
				imp_warn(I, a->f, a->id, "transit gateway attachment %s: transit gateway %s is not "
					 "in %s; skipped", a->id, a->tgw[0] ? a->tgw : "(none)",
					 imp_input(I));
			continue;
		}
		if (state_in(a->state, att_gone)) {
			imp_warn(I, a->f, a->id, "transit gateway attachment %s is %s; skipped", a->id,
				 a->state);
			continue;
		}
		if (!a->type) {
			imp_warn(I, a->f, a->id, "transit gateway attachment %s has no ResourceType; skipped",
				 a->id);
			continue;
		}
		if (!strcmp(a->type, "vpc")) {
			if (vpc_index(I, a->resource) < 0) {
				imp_warn(I, a->f, a->id, "transit gateway attachment %s: %s is not in %s; "
					 "skipped", a->id, a->resource ? a->resource : "its VPC",
					 imp_input(I));
				continue;
			}
		} else if (!strcmp(a->type, "vpn")) {
			continue; /* decided with the VPN connections */
		} else if (!strcmp(a->type, "peering") || !strcmp(a->type, "tgw-peering")) {
			if (!a->peer_tgw && a->resource && str_has_prefix(a->resource, "tgw-"))
				a->peer_tgw = a->resource;
			if (!a->peer_tgw) {
				imp_warn(I, a->f, a->id, "transit gateway peering attachment %s: the peer is not "
					 "in %s; skipped", a->id, imp_input(I));
				continue;
			}
			/* written as references: a peer of another shape could name anything */
			if (!check_id(I, a->f, "peer transit gateway", a->peer_tgw, "tgw-") ||
			    !check_region(I, a->f, "peer transit gateway region", a->peer_region))
				continue;
			if (!strcmp(a->peer_tgw, a->tgw)) {
				imp_warn(I, a->f, a->id, "transit gateway peering attachment %s peers %s with "
					 "itself; skipped", a->id, a->tgw);
				continue;
			}
			/* written on each of its gateways in the snapshot, with the same id
			 * (F1.14); the peer's region from its own describe when the peering's
			 * is not in the snapshot */
			struct res *peer = res_kept(I, RK_TGW, a->peer_tgw);
			if (!a->peer_region && peer)
				a->peer_region = peer->aux;
		} else {
			imp_warn(I, a->f, a->id, "transit gateway attachment %s is of type %s, which vpcpath "
				 "does not model; skipped (routes to it are dropped)", a->id, a->type);
			continue;
		}
		a->emit = true;
	}
}

void decide_vpns(struct imp *I, struct tgwatts *A)
{
	static const char *const gone[] = { "deleted", "deleting", NULL };
	for (size_t i = 0; i < I->l[RK_VPN].n; i++) {
		struct res *v = &I->l[RK_VPN].v[i];
		const char *st = jstate(v->j);
		const char *vgw = jstr(v->j, "VpnGatewayId"), *tgw = jstr(v->j, "TransitGatewayId");
		v->keep = false;
		if (state_in(st, gone)) {
			imp_warn(I, v->f, v->id, "VPN connection %s is %s; skipped", v->id, st);
			continue;
		}
		if (vgw && res_kept(I, RK_VGW, vgw)) {
			v->aux = vgw;
		} else if (tgw && res_kept(I, RK_TGW, tgw)) {
			v->aux = tgw;
		} else {
			imp_warn(I, v->f, v->id, "VPN connection %s: its gateway %s is not in %s "
				 "(or not attached to a VPC of it); skipped", v->id,
				 vgw ? vgw : tgw ? tgw : "(none)", imp_input(I));
			continue;
		}
		v->keep = true;
	}
	for (size_t i = 0; i < A->n; i++) {
		struct tgwatt *a = &A->v[i];
		if (!a->type || strcmp(a->type, "vpn") || !res_kept(I, RK_TGW, a->tgw) ||
		    state_in(a->state, att_gone))
			continue;
		if (!res_kept(I, RK_VPN, a->resource)) {
			imp_warn(I, a->f, a->id, "transit gateway attachment %s: VPN connection %s is not in "
				 "%s; skipped", a->id, a->resource ? a->resource : "(none)",
				 imp_input(I));
			continue;
		}
		a->emit = true;
	}
}

void emit_vpns(struct out *o)
{
	struct imp *I = o->I;
	struct yem *y = o->y;
	size_t written = 0;
	for (size_t i = 0; i < I->l[RK_VPN].n; i++) {
		struct res *v = &I->l[RK_VPN].v[i];
		if (!v->keep)
			continue;
		y_section(y, &written, "vpn_connections", false);
		y_map(y, false);
		y_kstr(y, "id", v->id);
		y_name_tags(I, y, v, RK_VPN, tag_name(v->j));
		y_kstr(y, "gateway", v->aux);
		/* F1.13: a VGW knows exactly the static routes of a static-routes-only VPN */
		const cJSON *sro = jget(jget(v->j, "Options"), "StaticRoutesOnly");
		if (cJSON_IsBool(sro))
			y_kbool(y, "static_routes_only", cJSON_IsTrue(sro));
		const cJSON *r;
		size_t nr = 0;
		cJSON_ArrayForEach(r, jarr(v->j, "Routes"))
		{
			const char *st = jstr(r, "State"), *c = jstr(r, "DestinationCidrBlock");
			if ((st && (!strcmp(st, "deleted") || !strcmp(st, "deleting"))) || !c ||
			    !check_cidr(I, v->f, pool_printf(I, "VPN connection %s: static route", v->id), c,
					0, NULL))
				continue;
			y_section(y, &nr, "static_routes", true);
			y_str(y, jstr(r, "DestinationCidrBlock"));
		}
		if (nr)
			y_send(y);
		y_kstr(y, "state", jstate(v->j));
		y_mend(y);
	}
	if (written)
		y_send(y);
}

void emit_peerings(struct out *o)
{
	struct imp *I = o->I;
	struct yem *y = o->y;
	size_t written = 0;
	for (size_t i = 0; i < I->l[RK_PCX].n; i++) {
		struct res *p = &I->l[RK_PCX].v[i];
		if (!p->keep)
			continue;
		y_section(y, &written, "peering_connections", false);
		y_map(y, true);
		y_kstr(y, "id", p->id);
		y_name_tags(I, y, p, RK_PCX, tag_name(p->j));
		y_kstr(y, "requester", jstr(jget(p->j, "RequesterVpcInfo"), "VpcId"));
		y_kstr(y, "accepter", jstr(jget(p->j, "AccepterVpcInfo"), "VpcId"));
		y_kstr(y, "status", jstate(p->j));
		y_mend(y);
	}
	if (written)
		y_send(y);
}

/* A route of a transit gateway route table, as it will be written. */
struct tgwroute {
	const char *dest;       /* a CIDR or a prefix list id */
	struct net_prefix p;    /* the CIDR, for ordering */
	bool is_pl, blackhole, propagated;
	const char *att;        /* NULL for a blackhole */
	struct src *f;          /* where it was read */
	const char *near;
	size_t seq;             /* order read, for the first of equals */
};

static int cmp_tgwroute(const void *a, const void *b)
{
	const struct tgwroute *x = a, *y = b;
	if (x->is_pl != y->is_pl)
		return x->is_pl ? 1 : -1;
	int c = x->is_pl ? strcmp(x->dest, y->dest) : net_addr_cmp(&x->p.addr, &y->p.addr);
	if (!c && !x->is_pl)
		c = (int)x->p.len - (int)y->p.len;
	if (c)
		return c;
	if (x->propagated != y->propagated)
		return x->propagated ? 1 : -1; /* static first: it wins (F1.14) */
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* The routes of one route table, from every output that lists them for it
 * (search-transit-gateway-routes, a collector's wrapper of static routes), checked,
 * merged and sorted by destination.  Returns how many are in *out (malloc'd; the
 * caller frees it); *listed says whether any output listed the table's routes. */
static size_t tgw_table_routes(struct out *o, struct res *rtb, struct tgwroute **out,
			       bool *listed)
{
	struct imp *I = o->I;
	const char *tgw = jstr(rtb->j, "TransitGatewayId");
	size_t nl, n = 0, cap = 0;
	struct res *lists = res_all(I, RK_TGW_ROUTES, rtb->id, &nl);
	struct tgwroute *v = NULL;
	*listed = nl > 0;
	for (size_t li = 0; li < nl; li++) {
		struct res *rs = &lists[li];
		const cJSON *r;
		cJSON_ArrayForEach(r, rs->j)
		{
			const char *dest = jstr(r, "DestinationCidrBlock");
			const char *pl = jstr(r, "PrefixListId");
			const char *st = jstr(r, "State"), *type = jstr(r, "Type");
			bool blackhole = st && !strcmp(st, "blackhole");
			struct net_prefix p = { 0 };
			if (st && (!strcmp(st, "deleted") || !strcmp(st, "deleting")))
				continue;
			if (dest && !check_cidr(I, rs->f, pool_printf(I, "transit gateway route table %s: "
							  "DestinationCidrBlock", rtb->id), dest, 0, &p))
				continue;
			if (pl && !check_id(I, rs->f, pool_printf(I, "transit gateway route table %s: "
								  "PrefixListId", rtb->id), pl, "pl-"))
				continue;
			if (!dest && pl && !pl_ok(I, o->P, pl)) {
				imp_warn(I, rs->f, pl, "transit gateway route table %s: route to prefix list %s, "
					 "which is not in %s; skipped", rtb->id, pl, imp_input(I));
				continue;
			}
			if (!dest && !pl)
				continue;
			const cJSON *atts = jarr(r, "TransitGatewayAttachments");
			const char *att = atts ? jstr(atts->child, "TransitGatewayAttachmentId") : NULL;
			if (atts && cJSON_GetArraySize(atts) > 1)
				imp_warn(I, rs->f, att, "transit gateway route table %s: route to %s has %d "
					 "attachments (ECMP); only the first, %s, is modelled", rtb->id,
					 dest ? dest : pl, cJSON_GetArraySize(atts), att);
			struct tgwatt *a = tgwatt_find(o->A, tgw, att);
			if (att && !blackhole && !(a && a->emit)) {
				/* F1.8 by analogy: a route whose attachment is gone goes nowhere */
				imp_warn(I, rs->f, att, "transit gateway route table %s: the attachment of the "
					 "route to %s, %s, is not in %s; the route is written as a "
					 "blackhole", rtb->id, dest ? dest : pl, att, imp_input(I));
				blackhole = true;
			}
			if (!att && !blackhole) {
				imp_warn(I, rs->f, dest ? dest : pl, "transit gateway route table %s: the active "
					 "route to %s names no attachment; skipped", rtb->id, dest ? dest : pl);
				continue;
			}
			if (n == cap)
				v = xrealloc(v, (cap = cap ? 2 * cap : 16) * sizeof(*v));
			v[n] = (struct tgwroute){ dest ? dest : pl, p, !dest, blackhole,
						  type && !strcmp(type, "propagated"),
						  blackhole ? NULL : att, rs->f, dest ? dest : pl, n };
			n++;
		}
	}
	if (n > 1)
		qsort(v, n, sizeof(*v), cmp_tgwroute);
	/* one route per destination: the same route from two outputs is one; a static
	 * route wins over a propagated one (F1.14); two different static routes to one
	 * destination are two snapshots that disagree */
	size_t kept_n = 0;
	for (size_t i = 0; i < n; i++) {
		struct tgwroute *prev = kept_n ? &v[kept_n - 1] : NULL;
		if (prev && !strcmp(prev->dest, v[i].dest)) {
			bool same = prev->blackhole == v[i].blackhole &&
				    (!prev->att || !v[i].att ? prev->att == v[i].att :
				     !strcmp(prev->att, v[i].att));
			if (!same && !prev->propagated && !v[i].propagated)
				imp_error(I, v[i].f, v[i].near, "transit gateway route table %s: two static "
					  "routes to %s (%s and %s); a route table holds one per destination",
					  rtb->id, v[i].dest, prev->att ? prev->att : "blackhole",
					  v[i].att ? v[i].att : "blackhole");
			else if (!same && prev->propagated)
				imp_warn(I, v[i].f, v[i].near, "transit gateway route table %s: routes to %s "
					 "are propagated from %s and %s (ECMP); only the first is modelled",
					 rtb->id, v[i].dest, prev->att ? prev->att : "blackhole",
					 v[i].att ? v[i].att : "blackhole");
			continue;
		}
		v[kept_n++] = v[i];
	}
	*out = v;
	return kept_n;
}

static void emit_tgw_routes(struct out *o, struct res *rtb, bool *listed)
{
	struct yem *y = o->y;
	struct tgwroute *v;
	size_t n = tgw_table_routes(o, rtb, &v, listed), written = 0;
	for (size_t i = 0; i < n; i++) {
		y_section(y, &written, "routes", false);
		y_map(y, true);
		y_kstr(y, "destination", v[i].dest);
		y_kstr(y, "attachment", v[i].att);
		if (v[i].blackhole)
			y_kstr(y, "state", "blackhole");
		if (v[i].propagated)
			y_kstr(y, "type", "propagated");
		y_mend(y);
	}
	if (written)
		y_send(y);
	free(v);
}

static void emit_att_refs(struct out *o, const char *key, const char **ids, size_t n)
{
	if (!n)
		return;
	qsort(ids, n, sizeof(*ids), cmp_name);
	y_str(o->y, key);
	y_seq(o->y, true);
	for (size_t i = 0; i < n; i++)
		if (!i || strcmp(ids[i], ids[i - 1]))
			y_str(o->y, ids[i]);
	y_send(o->y);
}

struct idlist {
	const char **v;
	size_t n, cap;
};

static void idlist_push(struct idlist *l, const char *id)
{
	if (l->n == l->cap)
		l->v = xrealloc(l->v, (l->cap = l->cap ? 2 * l->cap : 16) * sizeof(*l->v));
	l->v[l->n++] = id;
}

/* The attachments of gateway t that every output of kind k (associations or
 * propagations) lists for route table rtb in state `in_effect`. */
static void table_attachment_refs(struct out *o, struct res *t, struct res *rtb, enum rk k,
				  const char *in_effect, struct idlist *ids)
{
	size_t nl;
	struct res *lists = res_all(o->I, k, rtb->id, &nl);
	for (size_t li = 0; li < nl; li++) {
		const cJSON *x;
		cJSON_ArrayForEach(x, lists[li].j)
		{
			struct tgwatt *a = tgwatt_find(o->A, t->id, jstr(x, "TransitGatewayAttachmentId"));
			const char *st = jstr(x, "State");
			if (!a || !a->emit || (st && strcmp(st, in_effect)))
				continue;
			/* AWS associates an attachment with one route table; where the outputs
			 * disagree (taken at different times), the attachment's own describe
			 * decides */
			const char *own = jstr(jget(a->general, "Association"), "TransitGatewayRouteTableId");
			if (k == RK_TGW_ASSOCS && own && strcmp(own, rtb->id)) {
				imp_warn(o->I, lists[li].f, a->id, "transit gateway route table %s: %s is "
					 "listed as associated with it, but describe-transit-gateway-attachments "
					 "associates it with %s, which is kept (an attachment has one route "
					 "table)", rtb->id, a->id, own);
				continue;
			}
			idlist_push(ids, a->id);
		}
	}
}

void emit_tgws(struct out *o)
{
	struct imp *I = o->I;
	struct yem *y = o->y;
	size_t written = 0;
	for (size_t i = 0; i < I->l[RK_TGW].n; i++) {
		struct res *t = &I->l[RK_TGW].v[i];
		if (!t->keep)
			continue;
		y_section(y, &written, "transit_gateways", false);
		y_map(y, false);
		y_kstr(y, "id", t->id);
		y_name_tags(I, y, t, RK_TGW, tag_name(t->j));
		if (t->aux && strcmp(t->aux, I->region))
			y_kstr(y, "region", t->aux);
		size_t na = 0;
		for (size_t k = 0; k < o->A->n; k++) {
			struct tgwatt *a = &o->A->v[k];
			if (!a->emit || strcmp(a->tgw, t->id))
				continue;
			y_section(y, &na, "attachments", false);
			y_map(y, true);
			y_kstr(y, "id", a->id);
			if (!strcmp(a->type, "vpc")) {
				int vi = vpc_index(I, a->resource);
				y_kstr(y, "vpc", a->resource);
				const cJSON *s;
				size_t ns = 0;
				cJSON_ArrayForEach(s, a->subnets)
				{
					if (!cJSON_IsString(s) || !kept_subnet_in(I, s->valuestring, vi))
						continue;
					for (const cJSON *p = a->subnets->child; p != s; p = p->next)
						if (cJSON_IsString(p) && !strcmp(p->valuestring, s->valuestring))
							imp_error(I, a->f, a->id, "transit gateway attachment %s lists "
								  "subnet %s twice", a->id, s->valuestring);
					y_section(y, &ns, "subnets", true);
					y_str(y, s->valuestring);
				}
				if (ns)
					y_send(y);
			} else if (!strcmp(a->type, "vpn")) {
				y_kstr(y, "vpn", a->resource);
			} else {
				y_kstr(y, "peer_transit_gateway", a->peer_tgw);
				y_kstr(y, "peer_region", a->peer_region);
			}
			y_kstr(y, "state", a->state);
			y_mend(y);
		}
		if (na)
			y_send(y);
		size_t nr = 0;
		for (size_t k = 0; k < I->l[RK_TGW_RTB].n; k++) {
			struct res *rtb = &I->l[RK_TGW_RTB].v[k];
			const char *st = jstate(rtb->j);
			if (strcmp(jstr(rtb->j, "TransitGatewayId") ? jstr(rtb->j, "TransitGatewayId") : "",
				   t->id) || state_in(st, att_gone))
				continue;
			y_section(y, &nr, "route_tables", false);
			y_map(y, false);
			y_kstr(y, "id", rtb->id);
			y_name_tags(I, y, rtb, RK_TGW_RTB, tag_name(rtb->j));
			/* associations: from the attachments of this gateway, and every
			 * get-…-associations output for the table */
			struct idlist ids = { 0 };
			for (size_t m = 0; m < o->A->n; m++) {
				const cJSON *as = jget(o->A->v[m].general, "Association");
				const char *rid = jstr(as, "TransitGatewayRouteTableId");
				const char *ast = jstr(as, "State");
				if (o->A->v[m].emit && !strcmp(o->A->v[m].tgw, t->id) && rid &&
				    !strcmp(rid, rtb->id) && (!ast || !strcmp(ast, "associated")))
					idlist_push(&ids, o->A->v[m].id);
			}
			table_attachment_refs(o, t, rtb, RK_TGW_ASSOCS, "associated", &ids);
			emit_att_refs(o, "associations", ids.v, ids.n);
			ids.n = 0;
			table_attachment_refs(o, t, rtb, RK_TGW_PROPS, "enabled", &ids);
			emit_att_refs(o, "propagations", ids.v, ids.n);
			free(ids.v);
			bool listed = false;
			emit_tgw_routes(o, rtb, &listed);
			if (!listed) {
				imp_warn(I, rtb->f, rtb->id, "transit gateway route table %s: its routes are not "
					 "in %s (collect aws ec2 search-transit-gateway-routes "
					 "--transit-gateway-route-table-id %s --filters "
					 "Name=state,Values=active,blackhole > tgw-routes/%s.json); only the "
					 "routes its propagations bring are known", rtb->id,
					 imp_input(I), rtb->id, rtb->id);
				note_missing(I, "tgw_routes", "id", rtb->id);
			}
			y_mend(y);
		}
		if (nr)
			y_send(y);
		y_mend(y);
	}
	if (written)
		y_send(y);
}
