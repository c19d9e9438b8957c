/* instances.c - instances: which are kept (not terminated, in a kept subnet, with an
 * address inside it) and how they are written (interfaces, groups, role). */
#include <errno.h>
#include <string.h>
#include <sys/stat.h>

#include "internal.h"

void decide_instances(struct imp *I)
{
	/* F6.6: a stopped instance keeps its addresses and is written with its state;
	 * a terminated one is gone (shutting-down ends there too, unless the state can
	 * be written) */
	/* terminated instances are gone; stopped and shutting-down ones are written with
	 * their state (F6.6) */
	static const char *const gone[] = { "terminated", NULL };
	struct reslist *l = &I->l[RK_INST];
	for (size_t i = 0; i < l->n; i++) {
		struct res *in = &l->v[i];
		const char *st = jstate(in->j);
		in->vpc = vpc_index(I, jstr(in->j, "VpcId"));
		in->keep = false;
		if (state_in(st, gone)) {
			imp_warn(I, in->f, in->id, "instance %s is %s; skipped", in->id, st);
			continue;
		}
		if (in->vpc < 0) {
			if (jstr(in->j, "VpcId"))
				continue; /* scope_to_vpcs said so, once per VPC */
			imp_warn(I, in->f, in->id, "instance %s is in no VPC; skipped", in->id);
			continue;
		}
		struct res *s = kept_subnet_in(I, jstr(in->j, "SubnetId"), in->vpc);
		if (!s) {
			imp_warn(I, in->f, in->id, "instance %s: its subnet %s is not in the snapshot; skipped",
				 in->id, jstr(in->j, "SubnetId") ? jstr(in->j, "SubnetId") : "(none)");
			continue;
		}
		const char *ip = jstr(in->j, "PrivateIpAddress");
		if (ip && !check_addr(I, in->f, pool_printf(I, "instance %s: PrivateIpAddress", in->id),
				      ip, 0, NULL))
			continue;
		if (!ip || (!addr_in_cidr(subnet_cidr(s), ip) && !addr_in_cidr(subnet_ipv6_out(s), ip))) {
			imp_warn(I, in->f, in->id, "instance %s: private address %s is not in its subnet %s; "
				 "skipped", in->id, ip ? ip : "(none)", s->id);
			continue;
		}
		in->keep = true;
	}
}

/* arn:aws:iam::A:instance-profile/PATH/N -> the role (describe from list-instance-profiles,
 * else by the console's convention that the role has the profile's name). */
static const char *instance_role(struct imp *I, struct res *in)
{
	const char *arn = jstr(jget(in->j, "IamInstanceProfile"), "Arn");
	if (!arn)
		return NULL;
	struct res *p = res_find(I, RK_PROFILE, arn);
	if (p) {
		const cJSON *roles = jarr(p->j, "Roles");
		const char *role = roles ? jstr(roles->child, "Arn") : NULL;
		if (!role)
			imp_warn(I, in->f, arn, "instance %s: instance profile %s has no role; no role "
				 "written", in->id, arn);
		return role;
	}
	const char *m = strstr(arn, ":instance-profile/");
	if (!m) {
		imp_warn(I, in->f, arn, "instance %s: %s is not an instance profile ARN; no role written",
			 in->id, arn);
		return NULL;
	}
	const char *slash = strrchr(arn, '/');
	const char *role = pool_printf(I, "%.*s:role/%s", (int)(m - arn), arn, slash + 1);
	/* said once per profile (flush_assumed_roles): a fleet of thousands shares a few */
	if (I->nassumed == I->capassumed)
		I->assumed = xrealloc(I->assumed, (I->capassumed = I->capassumed ?
				      2 * I->capassumed : 16) * sizeof(*I->assumed));
	I->assumed[I->nassumed++] = (struct assumed){ arn, role, in };
	return role;
}

static int cmp_assumed(const void *a, const void *b)
{
	const struct assumed *x = a, *y = b;
	int c = strcmp(x->profile, y->profile);
	return c ? c : (x->in->seq > y->in->seq) - (x->in->seq < y->in->seq);
}

void flush_assumed_roles(struct imp *I)
{
	if (!I->nassumed)
		return;
	qsort(I->assumed, I->nassumed, sizeof(*I->assumed), cmp_assumed);
	for (size_t i = 0, j; i < I->nassumed; i = j) {
		for (j = i + 1; j < I->nassumed && !strcmp(I->assumed[j].profile,
							   I->assumed[i].profile); j++)
			;
		const struct assumed *a = &I->assumed[i];
		if (j - i == 1)
			imp_warn(I, a->in->f, a->profile, "instance %s: role %s assumed for instance "
				 "profile %s (the same name, by convention; collect aws iam "
				 "list-instance-profiles to know)", a->in->id, a->role, a->profile);
		else
			imp_warn(I, a->in->f, a->profile, "instance %s and %zu more: role %s assumed "
				 "for instance profile %s (the same name, by convention; collect aws iam "
				 "list-instance-profiles to know)", a->in->id, j - i - 1, a->role,
				 a->profile);
	}
	I->nassumed = 0;
}

void emit_instances(struct out *o, struct res *v)
{
	struct imp *I = o->I;
	struct yem *y = o->y;
	int vi = (int)idx_of(I, RK_VPC, v);
	size_t count = 0;
	FOR_VPC(I, RK_INST, v->id, in) count++;
	if (!count)
		return;
	y_str(y, "instances");
	y_seq(y, false);
	FOR_VPC(I, RK_INST, v->id, in)
	{
		struct res *s = res_find(I, RK_SUBNET, jstr(in->j, "SubnetId"));
		const cJSON *x, *primary = NULL;
		size_t nenis = 0;
		cJSON_ArrayForEach(x, jarr(in->j, "NetworkInterfaces"))
		{
			long di = -1;
			nenis++;
			if (jint(jget(x, "Attachment"), "DeviceIndex", &di) && di == 0)
				primary = x;
		}
		if (nenis > 1 && !I->have[RK_ENI])
			imp_warn(I, in->f, in->id, "instance %s has %zu network interfaces; only the primary "
				 "one is modelled", in->id, nenis);
		y_map(y, false);
		y_kstr(y, "id", in->id);
		y_name_tags(I, y, in, RK_INST, tag_name(in->j));
		y_kstr(y, "subnet", s->id);
		static const char *const not_running[] = { "stopped", "stopping", "pending",
							   "shutting-down", NULL };
		const char *st = jstate(in->j);
		if (state_in(st, not_running))
			for (size_t k = 0; not_running[k]; k++)
				if (str_ieq(st, not_running[k]))
					y_kstr(y, "state", not_running[k]);
		y_kstr(y, "private_ip", jstr(in->j, "PrivateIpAddress"));
		own_addr(o, jstr(in->j, "PrivateIpAddress"), in->id, in->f);
		size_t n6 = 0;
		cJSON_ArrayForEach(x, jarr(primary, "Ipv6Addresses"))
		{
			const char *a = jstr(x, "Ipv6Address");
			if (a && !check_addr(I, in->f, pool_printf(I, "instance %s: Ipv6Address", in->id),
					     a, NET_V6, NULL))
				continue;
			if (!a || !addr_in_cidr(subnet_ipv6_out(s), a))
				continue;
			y_section(y, &n6, "ipv6_ips", true);
			y_str(y, a);
		}
		if (n6)
			y_send(y);
		const char *pub = jstr(in->j, "PublicIpAddress");
		if (!pub)
			pub = jstr(jget(primary, "Association"), "PublicIp");
		for (size_t k = 0; !pub && k < I->l[RK_EIP].n; k++) {
			const char *iid = jstr(I->l[RK_EIP].v[k].j, "InstanceId");
			if (iid && !strcmp(iid, in->id))
				pub = I->l[RK_EIP].v[k].id;
		}
		if (pub && !check_addr(I, in->f, pool_printf(I, "instance %s: public address", in->id),
				       pub, NET_V4, NULL))
			pub = NULL;
		y_kstr(y, "public_ip", pub);
		const cJSON *groups = primary && jarr(primary, "Groups") ? jarr(primary, "Groups") :
				      jarr(in->j, "SecurityGroups");
		size_t ng = 0, given = 0;
		cJSON_ArrayForEach(x, groups)
		{
			const char *g = jstr(x, "GroupId");
			struct res *sg = res_kept(I, RK_SG, g);
			given++;
			if (!sg || sg->vpc != vi) {
				/* F9.7: judged by its own groups or not at all, never by fewer */
				bool keep_ref = g && group_uncollected(I, g);
				if (g)
					group_ref_missing(I, in->f, g, pool_printf(I, "instance %s", in->id), g,
							  keep_ref);
				if (!keep_ref)
					continue;
			}
			bool twice = false;
			for (const cJSON *p = groups ? groups->child : NULL; p && p != x; p = p->next)
				twice = twice || (jstr(p, "GroupId") && !strcmp(jstr(p, "GroupId"), g));
			if (twice) {
				imp_error(I, in->f, g, "instance %s lists security group %s twice", in->id, g);
				continue;
			}
			y_section(y, &ng, "security_groups", true);
			y_str(y, g);
		}
		if (ng)
			y_send(y);
		else if (given) {
			/* every group was dropped: an empty list, not the default group */
			y_str(y, "security_groups");
			y_seq(y, true);
			y_send(y);
		}
		y_kstr(y, "role", instance_role(I, in));
		y_mend(y);
	}
	y_send(y);
}

/* ---- other network interfaces (F6.5) --------------------------------------------- */

/* An interface that something else already declares: an interface endpoint's or a NAT
 * gateway's (written with them), an appliance endpoint's (a route target). */
static bool declared_elsewhere(struct imp *I, const struct res *ni)
{
	static const char *const types[] = { "vpc_endpoint", "nat_gateway",
					     "gateway_load_balancer_endpoint", "gateway_load_balancer",
					     "transit_gateway", NULL };
	return state_in(jstr(ni->j, "InterfaceType"), types) || declared_eni(I, ni->id);
}

/* What owns an interface, from what describe-network-interfaces says of it
 * (InterfaceType, the requester's description). */
static const char *interface_kind(const cJSON *j)
{
	static const struct { const char *type, *prefix, *kind; } owners[] = {
		{ "lambda", "AWS Lambda VPC ENI", "lambda" },
		{ NULL, "RDSNetworkInterface", "rds" },
		{ "efs", "EFS mount target", "efs" },
		{ "network_load_balancer", "ELB ", "elb" },
		{ NULL, "arn:aws:ecs:", "ecs" },
		{ NULL, "Amazon EKS", "eks" },
	};
	const char *type = jstr(j, "InterfaceType"), *d = jstr(j, "Description");
	for (size_t i = 0; i < sizeof(owners) / sizeof(owners[0]); i++)
		if ((type && owners[i].type && !strcmp(type, owners[i].type)) ||
		    (d && str_has_prefix(d, owners[i].prefix)))
			return owners[i].kind;
	return "other";
}

/* The interfaces of v that are not an instance's primary one nor declared with another
 * resource: other services' (Lambda, RDS, EFS, load balancers, ECS, EKS) and secondary
 * interfaces of instances, each with its own security groups (F6.5). */
void emit_interfaces(struct out *o, struct res *v)
{
	struct imp *I = o->I;
	struct yem *y = o->y;
	int vi = (int)idx_of(I, RK_VPC, v);
	size_t written = 0;
	size_t nv;
	struct gent *of_vpc = group_get(&I->by_vpc[RK_ENI], v->id, &nv);
	for (size_t i = 0; i < nv; i++) {
		struct res *ni = of_vpc[i].r;
		const char *st = jstr(ni->j, "Status");
		if ((st && strcmp(st, "in-use")) ||
		    declared_elsewhere(I, ni))
			continue; /* (an interface attached to nothing sends nothing) */
		const cJSON *att = jget(ni->j, "Attachment");
		const char *owner = jstr(att, "InstanceId");
		long di = -1;
		struct res *in = owner ? res_kept(I, RK_INST, owner) : NULL;
		const char *own_ip = jstr(ni->j, "PrivateIpAddress");
		if (owner && (!in || (jint(att, "DeviceIndex", &di) && di == 0) ||
			      (own_ip && jstr(in->j, "PrivateIpAddress") &&
			       !strcmp(own_ip, jstr(in->j, "PrivateIpAddress")))))
			continue; /* an instance's primary interface (by its index, or by the
				   * instance's address when the index is not given), or one of an
				   * instance skipped */
		struct res *s = kept_subnet_in(I, jstr(ni->j, "SubnetId"), vi);
		if (!s) {
			imp_warn(I, ni->f, ni->id, "network interface %s: its subnet %s is not in the "
				 "snapshot; skipped", ni->id, jstr(ni->j, "SubnetId") ? jstr(ni->j,
				 "SubnetId") : "(none)");
			continue;
		}
		/* its private addresses inside its subnet: PrivateIpAddresses, else the
		 * primary one */
		const cJSON *x;
		size_t cap = (size_t)cJSON_GetArraySize(jarr(ni->j, "PrivateIpAddresses")) + 2, n4 = 0;
		const char **ips = xmalloc(cap * sizeof(*ips));
		cJSON_ArrayForEach(x, jarr(ni->j, "PrivateIpAddresses"))
			if (jstr(x, "PrivateIpAddress"))
				ips[n4++] = jstr(x, "PrivateIpAddress");
		if (!n4 && jstr(ni->j, "PrivateIpAddress"))
			ips[n4++] = jstr(ni->j, "PrivateIpAddress");
		size_t kept_ips = 0;
		for (size_t k = 0; k < n4; k++)
			if (check_addr(I, ni->f, pool_printf(I, "network interface %s: PrivateIpAddress",
							     ni->id), ips[k], NET_V4, NULL) &&
			    addr_in_cidr(subnet_cidr(s), ips[k]))
				ips[kept_ips++] = ips[k];
		if (!kept_ips) {
			imp_warn(I, ni->f, ni->id, "network interface %s has no private address in its "
				 "subnet %s; skipped", ni->id, s->id);
			free(ips);
			continue;
		}
		const char *name = NULL;
		cJSON_ArrayForEach(x, jarr(ni->j, "TagSet"))
			if (jstr(x, "Key") && !strcmp(jstr(x, "Key"), "Name"))
				name = jstr(x, "Value");
		y_section(y, &written, "interfaces", false);
		y_map(y, false);
		y_kstr(y, "id", ni->id);
		y_kstr(y, "kind", interface_kind(ni->j));
		y_kstr(y, "name", name);
		y_kstr(y, "subnet", s->id);
		y_str(y, "private_ips");
		y_seq(y, true);
		for (size_t k = 0; k < kept_ips; k++) {
			y_str(y, ips[k]);
			own_addr(o, ips[k], ni->id, ni->f);
		}
		y_send(y);
		free(ips);
		size_t n6 = 0;
		cJSON_ArrayForEach(x, jarr(ni->j, "Ipv6Addresses"))
		{
			const char *a = jstr(x, "Ipv6Address");
			if (!a || !check_addr(I, ni->f, pool_printf(I, "network interface %s: Ipv6Address",
								   ni->id), a, NET_V6, NULL) ||
			    !addr_in_cidr(subnet_ipv6_out(s), a))
				continue;
			y_section(y, &n6, "ipv6_ips", true);
			y_str(y, a);
		}
		if (n6)
			y_send(y);
		/* AWS always lists an interface's groups: an empty list is written as one */
		y_str(y, "security_groups");
		y_seq(y, true);
		cJSON_ArrayForEach(x, jarr(ni->j, "Groups"))
		{
			const char *g = jstr(x, "GroupId");
			struct res *sg = res_kept(I, RK_SG, g);
			if (!sg || sg->vpc != vi) {
				bool keep_ref = g && group_uncollected(I, g);
				if (g)
					group_ref_missing(I, ni->f, g, pool_printf(I, "network interface %s",
							  ni->id), g, keep_ref);
				if (!keep_ref)
					continue;
			}
			y_str(y, g);
		}
		y_send(y);
		y_kstr(y, "instance", in ? in->id : NULL);
		y_mend(y);
	}
	if (written)
		y_send(y);
}
