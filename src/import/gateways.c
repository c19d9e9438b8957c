/* gateways.c - internet, egress-only and VPN gateways, NAT gateways and VPC endpoints:
 * which are kept (attached, not deleted, in a kept subnet, a service vpcpath models),
 * and how they are written. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "internal.h"

/* IGW, EIGW, VGW: attached to one VPC of the snapshot, one of each per VPC. */
void decide_gateways(struct imp *I, enum rk k, const char *att_key)
{
	static const char *const attached[] = { "available", "attached", NULL };
	struct reslist *l = &I->l[k];
	int *taken = xcalloc(I->l[RK_VPC].n + 1, sizeof(int));
	for (size_t i = 0; i < l->n; i++) {
		struct res *g = &l->v[i];
		g->keep = false;
		const char *st = jstate(g->j);
		if (k == RK_VGW && state_in(st, (const char *const[]){ "deleted", "deleting", NULL }))
			continue;
		const cJSON *a;
		cJSON_ArrayForEach(a, jarr(g->j, att_key))
		{
			if (!state_in(jstate(a), attached))
				continue;
			int v = vpc_index(I, jstr(a, "VpcId"));
			if (v < 0)
				continue;
			if (taken[v]) {
				imp_warn(I, g->f, g->id, "%s %s: %s already has one; skipped", rk_what[k], g->id,
					 jstr(a, "VpcId"));
				continue;
			}
			taken[v] = 1;
			g->vpc = v;
			g->keep = true;
			break;
		}
	}
	free(taken);
}

struct res *vpc_gateway(struct imp *I, enum rk k, int vpc)
{
	struct reslist *l = &I->l[k];
	for (size_t i = 0; i < l->n; i++)
		if (l->v[i].keep && l->v[i].vpc == vpc)
			return &l->v[i];
	return NULL;
}

void decide_nats(struct imp *I)
{
	static const char *const gone[] = { "deleted", "deleting", "failed", NULL };
	struct reslist *l = &I->l[RK_NAT];
	for (size_t i = 0; i < l->n; i++) {
		struct res *n = &l->v[i];
		if (!n->keep)
			continue;
		const char *st = jstate(n->j);
		if (state_in(st, gone)) {
			n->keep = false;
			imp_warn(I, n->f, n->id, "NAT gateway %s is %s; skipped (routes to it become "
				 "blackholes)", n->id, st);
			continue;
		}
		if (!kept_subnet_in(I, jstr(n->j, "SubnetId"), n->vpc)) {
			n->keep = false;
			imp_warn(I, n->f, n->id, "NAT gateway %s: its subnet %s is not in %s; "
				 "skipped", n->id, jstr(n->j, "SubnetId") ? jstr(n->j, "SubnetId") : "(none)",
				 imp_input(I));
			continue;
		}
		const char *conn = jstr(n->j, "ConnectivityType");
		bool pub = !conn || strcmp(conn, "private") != 0;
		const char *pubip = NULL;
		const cJSON *a;
		cJSON_ArrayForEach(a, jarr(n->j, "NatGatewayAddresses"))
			if (!pubip || jbool(a, "IsPrimary", false))
				pubip = jstr(a, "PublicIp") ? jstr(a, "PublicIp") : pubip;
		if (pub && !pubip) {
			/* the elastic IP by its allocation id */
			cJSON_ArrayForEach(a, jarr(n->j, "NatGatewayAddresses"))
				for (size_t k = 0; k < I->l[RK_EIP].n && !pubip; k++)
					if (jstr(a, "AllocationId") && jstr(I->l[RK_EIP].v[k].j, "AllocationId") &&
					    !strcmp(jstr(a, "AllocationId"), jstr(I->l[RK_EIP].v[k].j, "AllocationId")))
						pubip = I->l[RK_EIP].v[k].id;
		}
		if (pub && !pubip) {
			n->keep = false;
			imp_warn(I, n->f, n->id, "public NAT gateway %s has no elastic IP in %s; "
				 "skipped (routes to it become blackholes)", n->id, imp_input(I));
			continue;
		}
		if (pub && !check_addr(I, n->f, pool_printf(I, "NAT gateway %s: PublicIp", n->id), pubip,
				       NET_V4, NULL)) {
			n->keep = false;
			continue;
		}
		n->aux = pub ? pubip : NULL;
	}
}

/* "com.amazonaws.REGION.SERVICE": the service and region, or false. */
bool aws_service(const char *name, const char **svc, const char **region, struct imp *I)
{
	static const char prefix[] = "com.amazonaws.";
	if (!name || !str_has_prefix(name, prefix))
		return false;
	const char *rest = name + sizeof(prefix) - 1;
	const char *dot = strchr(rest, '.');
	if (!dot || !is_region_name(rest, (size_t)(dot - rest)) || !dot[1])
		return false;
	*region = pool_strndup(I, rest, (size_t)(dot - rest));
	*svc = dot + 1;
	return true;
}

/* The region a VPC is written in: its own, else the topology's (emit_vpc). */
static const char *vpc_region(struct imp *I, int vpc)
{
	const char *r = vpc >= 0 ? I->l[RK_VPC].v[vpc].aux : NULL;
	return r ? r : I->region;
}

void decide_endpoints(struct imp *I)
{
	static const char *const gone[] = { "deleted", "deleting", "rejected", "failed",
					    "expired", NULL };
	struct reslist *l = &I->l[RK_EP];
	for (size_t i = 0; i < l->n; i++) {
		struct res *e = &l->v[i];
		if (!e->keep)
			continue;
		const char *type = jstr(e->j, "VpcEndpointType");
		const char *st = jstate(e->j);
		const char *svc = NULL, *region = NULL;
		e->keep = false;
		if (state_in(st, gone)) {
			imp_warn(I, e->f, e->id, "VPC endpoint %s is %s; skipped", e->id, st);
			continue;
		}
		if (!type || (strcmp(type, "Gateway") && strcmp(type, "Interface"))) {
			/* a Gateway Load Balancer endpoint: its routes go to its ENI, unmodelled */
			imp_warn(I, e->f, e->id, "VPC endpoint %s is of type %s, which vpcpath does not model; "
				 "routes to it are kept through its network interface and a trace that "
				 "meets them says exits-model", e->id, type ? type : "(none)");
			continue;
		}
		if (!aws_service(jstr(e->j, "ServiceName"), &svc, &region, I)) {
			imp_warn(I, e->f, e->id, "VPC endpoint %s: service %s is not an AWS service "
				 "(com.amazonaws.REGION.SERVICE); a PrivateLink service is not modelled; "
				 "skipped", e->id, jstr(e->j, "ServiceName") ? jstr(e->j, "ServiceName") : "(none)");
			continue;
		}
		if (!strcmp(type, "Gateway") && strcmp(svc, "s3") && strcmp(svc, "dynamodb") &&
		    strcmp(svc, "s3express")) {
			imp_warn(I, e->f, e->id, "gateway endpoint %s for %s: vpcpath models gateway endpoints "
				 "for s3, dynamodb and s3express only; skipped", e->id, svc);
			continue;
		}
		if (strchr(svc, '.')) {
			/* ecr.dkr, s3-global.accesspoint: a service vpcpath does not model, whose
			 * name the topology cannot carry either (com.amazonaws.REGION.SERVICE is
			 * read up to the last dot) */
			imp_warn(I, e->f, e->id, "interface endpoint %s for %s: vpcpath does not model this "
				 "service; skipped", e->id, svc);
			continue;
		}
		const char *vregion = vpc_region(I, e->vpc);
		if (strcmp(region, vregion) != 0 && !strcmp(type, "Gateway")) {
			imp_error(I, e->f, e->id, "gateway endpoint %s: service %s is in %s, but its VPC %s is "
				  "in %s; a gateway endpoint serves only its own region (F2.5)", e->id,
				  jstr(e->j, "ServiceName"), region, jstr(e->j, "VpcId"), vregion);
			continue;
		}
		if (strcmp(region, vregion) != 0 && strcmp(svc, "s3") != 0) {
			imp_error(I, e->f, e->id, "interface endpoint %s: service %s is in %s, but its VPC %s is "
				  "in %s; of the services vpcpath models only S3 is offered across regions "
				  "(F3.6)", e->id, jstr(e->j, "ServiceName"), region, jstr(e->j, "VpcId"),
				  vregion);
			continue;
		}
		if (!strcmp(type, "Interface")) {
			size_t ns = 0;
			const cJSON *x;
			cJSON_ArrayForEach(x, jarr(e->j, "SubnetIds"))
				ns += cJSON_IsString(x) && kept_subnet_in(I, x->valuestring, e->vpc);
			if (!ns) {
				imp_warn(I, e->f, e->id, "interface endpoint %s: none of its subnets is in %s; "
					 "skipped", e->id, imp_input(I));
				continue;
			}
		}
		if (st && strcmp(st, "available") && strcmp(st, "Available"))
			imp_warn(I, e->f, e->id, "VPC endpoint %s is %s, not available; it is kept as if "
				 "available", e->id, st);
		e->keep = true;
		e->aux = svc;
	}
}

void emit_nats(struct out *o, struct res *v)
{
	struct imp *I = o->I;
	struct yem *y = o->y;
	size_t count = 0;
	FOR_VPC(I, RK_NAT, v->id, n) count++;
	if (!count)
		return;
	y_str(y, "nat_gateways");
	y_seq(y, false);
	FOR_VPC(I, RK_NAT, v->id, n)
	{
		struct res *s = res_find(I, RK_SUBNET, jstr(n->j, "SubnetId"));
		const char *priv = NULL;
		const cJSON *a;
		cJSON_ArrayForEach(a, jarr(n->j, "NatGatewayAddresses"))
			if (!priv || jbool(a, "IsPrimary", false))
				priv = jstr(a, "PrivateIp") ? jstr(a, "PrivateIp") : priv;
		if (priv && !check_addr(I, n->f, pool_printf(I, "NAT gateway %s: PrivateIp", n->id),
					priv, 0, NULL)) {
			priv = NULL;
		} else if (priv && !addr_in_cidr(subnet_cidr(s), priv)) {
			imp_warn(I, n->f, priv, "NAT gateway %s: private address %s is not in its subnet %s; "
				 "left out (vpcpath picks one in the subnet)", n->id, priv, s->id);
			priv = NULL;
		}
		own_addr(o, priv, n->id, n->f);
		y_map(y, false);
		y_kstr(y, "id", n->id);
		y_name_tags(I, y, n, RK_NAT, tag_name(n->j));
		y_kstr(y, "subnet", s->id);
		if (!n->aux)
			y_kstr(y, "connectivity", "private");
		y_kstr(y, "private_ip", priv);
		y_kstr(y, "public_ip", n->aux);
		y_mend(y);
	}
	y_send(y);
}

static bool has_gateway_endpoint(struct imp *I, int vpc, const char *svc)
{
	for (size_t i = 0; i < I->l[RK_EP].n; i++) {
		struct res *e = &I->l[RK_EP].v[i];
		if (e->keep && e->vpc == vpc && !strcmp(jstr(e->j, "VpcEndpointType"), "Gateway") &&
		    !strcmp(e->aux, svc))
			return true;
	}
	return false;
}

static void emit_endpoint_policy(struct out *o, struct res *e)
{
	const char *doc = jstr(e->j, "PolicyDocument");
	if (!doc)
		return;
	const char *end = NULL;
	cJSON *p = cJSON_ParseWithOpts(doc, &end, 1);
	if (!p) {
		imp_error(o->I, e->f, "PolicyDocument", "VPC endpoint %s: PolicyDocument is not valid JSON "
			  "(at offset %zu of the policy)", e->id, end ? (size_t)(end - doc) : 0);
		return;
	}
	char what[128];
	snprintf(what, sizeof(what), "VPC endpoint %s", e->id);
	if (policy_compiles(o->I, e->f, "PolicyDocument", p, POLICY_KIND_ENDPOINT, what)) {
		y_str(o->y, "policy");
		y_json(o->y, p);
	}
	cJSON_Delete(p);
}

/* The endpoint-specific regional DNS name: the shortest *.vpce.amazonaws.com entry. */
static const char *endpoint_dns_name(struct imp *I, struct res *e)
{
	const char *best = NULL;
	size_t best_len = 0;
	const cJSON *d;
	cJSON_ArrayForEach(d, jarr(e->j, "DnsEntries"))
	{
		const char *n = jstr(d, "DnsName");
		if (!n)
			continue;
		if (str_has_prefix(n, "*."))
			n += 2;
		if (!str_has_suffix(n, ".vpce.amazonaws.com") && !str_has_suffix(n, ".vpce.amazonaws.com.cn"))
			continue;
		if (!best || strlen(n) < best_len) {
			best = n;
			best_len = strlen(n);
		}
	}
	return best ? pool_strndup(I, best, best_len) : NULL;
}

static void push_str(const char ***v, size_t *n, size_t *cap, const char *s)
{
	if (*n == *cap) {
		*cap = *cap ? *cap * 2 : 8;
		*v = xrealloc(*v, *cap * sizeof(**v));
	}
	(*v)[(*n)++] = s;
}

struct eptab_use {
	const char *table, *svc;
	const struct res *e;
};

static int cmp_eptab_use(const void *a, const void *b)
{
	const struct eptab_use *x = a, *y = b;
	int c = strcmp(x->table, y->table);
	if (!c)
		c = strcmp(x->svc, y->svc);
	return c ? c : strcmp(x->e->id, y->e->id);
}

/* Each kept gateway endpoint's route tables: its RouteTableIds and any table with a
 * route to it (the two agree in AWS), kept and in its VPC, sorted; and the prefix
 * lists the loader routes to it there.  A table takes one endpoint route per service
 * (F2.3): two endpoints of one service on one table are a conflict. */
void gateway_endpoint_tables(struct out *o)
{
	struct imp *I = o->I;
	struct reslist *l = &I->l[RK_EP];
	struct eptab_use *uses = NULL;
	size_t nuses = 0, capuses = 0;
	o->ep_tables = xcalloc(l->n + 1, sizeof(*o->ep_tables));
	for (size_t i = 0; i < l->n; i++) {
		struct res *e = &l->v[i];
		struct eptabs *et = &o->ep_tables[i];
		if (!e->keep || strcmp(jstr(e->j, "VpcEndpointType"), "Gateway"))
			continue;
		struct res *v = &I->l[RK_VPC].v[e->vpc];
		const char **ids = NULL;
		size_t n = 0, cap = 0;
		const cJSON *x;
		cJSON_ArrayForEach(x, jarr(e->j, "RouteTableIds"))
			if (cJSON_IsString(x))
				push_str(&ids, &n, &cap, x->valuestring);
		FOR_VPC(I, RK_RTB, v->id, rt)
		{
			const cJSON *r;
			cJSON_ArrayForEach(r, jarr(rt->j, "Routes"))
				if (jstr(r, "GatewayId") && !strcmp(jstr(r, "GatewayId"), e->id))
					push_str(&ids, &n, &cap, rt->id);
		}
		if (n)
			qsort(ids, n, sizeof(*ids), cmp_name);
		for (size_t k = 0; k < n; k++) {
			if (k && !strcmp(ids[k], ids[k - 1]))
				continue;
			struct res *rt = res_kept(I, RK_RTB, ids[k]);
			if (!rt || rt->vpc != e->vpc) {
				imp_warn(I, e->f, ids[k], "gateway endpoint %s: route table %s is not in %s; "
					 "dropped", e->id, ids[k], imp_input(I));
				continue;
			}
			ids[et->n++] = ids[k];
			if (nuses == capuses) {
				capuses = capuses ? capuses * 2 : 16;
				uses = xrealloc(uses, capuses * sizeof(*uses));
			}
			uses[nuses++] = (struct eptab_use){ ids[k], e->aux, e };
		}
		et->ids = ids;
		/* the families of its routes, as the loader reads ip_address_type */
		const char *ipt = jstr(e->j, "IpAddressType");
		bool v6 = ipt && str_ieq(ipt, "ipv6"), dual = ipt && str_ieq(ipt, "dualstack");
		const char *region = vpc_region(I, e->vpc);
		et->pl[0] = service_pl_id(I, o->P, e->aux, region, v6 ? NET_V6 : NET_V4);
		et->pl[1] = dual ? service_pl_id(I, o->P, e->aux, region, NET_V6) : NULL;
	}
	if (nuses)
		qsort(uses, nuses, sizeof(*uses), cmp_eptab_use);
	for (size_t i = 1; i < nuses; i++)
		if (!strcmp(uses[i].table, uses[i - 1].table) && !strcmp(uses[i].svc, uses[i - 1].svc))
			imp_error(I, uses[i].e->f, uses[i].e->id, "route table %s is associated with gateway "
				  "endpoints %s and %s, both for %s; AWS gives a table one endpoint route "
				  "per service (F2.3)", uses[i].table, uses[i - 1].e->id, uses[i].e->id,
				  uses[i].svc);
	free(uses);
}

void emit_endpoints(struct out *o, struct res *v)
{
	struct imp *I = o->I;
	struct yem *y = o->y;
	int vi = (int)idx_of(I, RK_VPC, v);
	size_t count = 0;
	FOR_VPC(I, RK_EP, v->id, e) count++;
	if (!count)
		return;
	y_str(y, "endpoints");
	y_seq(y, false);
	FOR_VPC(I, RK_EP, v->id, e)
	{
		bool gateway = !strcmp(jstr(e->j, "VpcEndpointType"), "Gateway");
		const cJSON *x;
		y_map(y, false);
		y_kstr(y, "id", e->id);
		y_name_tags(I, y, e, RK_EP, tag_name(e->j));
		y_kstr(y, "type", gateway ? "gateway" : "interface");
		y_kstr(y, "service", jstr(e->j, "ServiceName"));
		if (gateway) {
			struct eptabs *et = &o->ep_tables[idx_of(I, RK_EP, e)];
			size_t written = 0;
			for (size_t i = 0; i < et->n; i++) {
				y_section(y, &written, "route_tables", true);
				y_str(y, et->ids[i]);
			}
			if (written)
				y_send(y);
		} else {
			size_t written = 0;
			struct res **subs = xcalloc((size_t)cJSON_GetArraySize(jarr(e->j, "SubnetIds")) + 1,
						    sizeof(*subs));
			cJSON_ArrayForEach(x, jarr(e->j, "SubnetIds"))
			{
				if (!cJSON_IsString(x))
					continue;
				struct res *s = kept_subnet_in(I, x->valuestring, vi);
				if (!s) {
					imp_warn(I, e->f, x->valuestring, "interface endpoint %s: subnet %s is not in "
						 "%s; dropped", e->id, x->valuestring,
						 imp_input(I));
					continue;
				}
				/* F3.1: one subnet per Availability Zone */
				const char *az = subnet_az(I, v, s);
				for (size_t k = 0; k < written; k++) {
					const char *kaz = subnet_az(I, v, subs[k]);
					if (subs[k] == s)
						imp_error(I, e->f, e->id, "interface endpoint %s lists subnet %s twice",
							  e->id, s->id);
					else if (az && kaz && !strcmp(az, kaz))
						imp_error(I, e->f, e->id, "interface endpoint %s: subnets %s and %s are "
							  "both in %s; AWS takes one subnet per Availability Zone "
							  "(F3.1)", e->id, subs[k]->id, s->id, az);
				}
				subs[written] = s;
				y_section(y, &written, "subnets", true);
				y_str(y, x->valuestring);
			}
			if (written)
				y_send(y);
			/* addresses of its network interfaces, in the subnets listed */
			size_t nips = 0;
			const char **ip_subs = xcalloc(written + 1, sizeof(*ip_subs));
			cJSON_ArrayForEach(x, jarr(e->j, "NetworkInterfaceIds"))
			{
				struct res *ni = cJSON_IsString(x) ? res_find(I, RK_ENI, x->valuestring) : NULL;
				const char *sid = ni ? jstr(ni->j, "SubnetId") : NULL;
				const char *ip = ni ? jstr(ni->j, "PrivateIpAddress") : NULL;
				bool listed = false;
				for (size_t k = 0; k < written; k++)
					listed = listed || (sid && !strcmp(subs[k]->id, sid));
				if (!listed || !ip)
					continue;
				if (!check_addr(I, ni->f, pool_printf(I, "network interface %s: "
							"PrivateIpAddress", ni->id), ip, 0, NULL))
					continue;
				struct res *s = res_find(I, RK_SUBNET, sid);
				if (!addr_in_cidr(subnet_cidr(s), ip) && !addr_in_cidr(subnet_ipv6_out(s), ip)) {
					imp_warn(I, ni->f, ni->id, "interface endpoint %s: address %s of %s is not in "
						 "subnet %s; left out (vpcpath picks one in the subnet)", e->id, ip,
						 ni->id, sid);
					continue;
				}
				bool twice = false;
				for (size_t k = 0; k < nips; k++)
					twice = twice || !strcmp(ip_subs[k], sid);
				if (twice) {
					imp_error(I, ni->f, ni->id, "interface endpoint %s has two network interfaces "
						  "in subnet %s; AWS gives it one per subnet (F3.1)", e->id, sid);
					continue;
				}
				ip_subs[nips] = sid;
				if (!nips++) {
					y_str(y, "ips");
					y_map(y, false);
				}
				y_kstr(y, sid, ip);
				own_addr(o, ip, e->id, ni->f);
			}
			if (nips)
				y_mend(y);
			free(ip_subs);
			free(subs);
			size_t ng = 0;
			const char **groups = xcalloc((size_t)cJSON_GetArraySize(jarr(e->j, "Groups")) + 1,
						      sizeof(*groups));
			cJSON_ArrayForEach(x, jarr(e->j, "Groups"))
			{
				const char *g = jstr(x, "GroupId");
				struct res *sg = res_kept(I, RK_SG, g);
				if (!sg || sg->vpc != vi) {
					bool keep_ref = g && group_uncollected(I, g);
					if (g)
						group_ref_missing(I, e->f, g, pool_printf(I, "interface endpoint %s",
								  e->id), g, keep_ref);
					if (!keep_ref)
						continue;
				}
				for (size_t k = 0; k < ng; k++)
					if (!strcmp(groups[k], g))
						imp_error(I, e->f, g, "interface endpoint %s lists security group %s "
							  "twice", e->id, g);
				groups[ng] = g;
				y_section(y, &ng, "security_groups", true);
				y_str(y, g);
			}
			if (ng)
				y_send(y);
			free(groups);
			bool pdns = jbool(e->j, "PrivateDnsEnabled", false);
			if (pdns && !strcmp(e->aux, "dynamodb"))
				imp_error(I, e->f, e->id, "interface endpoint %s: private DNS is on, which DynamoDB "
					  "interface endpoints do not support (F3.7)", e->id);
			y_kbool(y, "private_dns", pdns);
			if (pdns && jbool(jget(e->j, "DnsOptions"), "PrivateDnsOnlyForInboundResolverEndpoint",
					  false)) {
				/* F3.4: AWS requires a gateway endpoint for the service */
				if (has_gateway_endpoint(I, vi, e->aux))
					y_kbool(y, "private_dns_only_for_inbound_resolver", true);
				else
					imp_warn(I, e->f, e->id, "interface endpoint %s: private DNS only for "
						 "inbound resolver endpoints is set, but the gateway endpoint it "
						 "needs is not in %s; left off (F3.4)", e->id,
						 imp_input(I));
			}
			y_kstr(y, "dns_name", endpoint_dns_name(I, e));
		}
		const char *ipt = jstr(e->j, "IpAddressType");
		if (ipt && (str_ieq(ipt, "ipv6") || str_ieq(ipt, "dualstack")))
			y_kstr(y, "ip_address_type", str_ieq(ipt, "ipv6") ? "ipv6" : "dualstack");
		emit_endpoint_policy(o, e);
		y_mend(y);
	}
	y_send(y);
}
