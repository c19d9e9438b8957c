/* instances.c - instances: which are kept (not terminated, in a kept subnet, with an
 * address inside it) and how they are written (interfaces, groups, role). */
#include <errno.h>
#include <string.h>
#include <sys/stat.h>

#include "internal.h"

void decide_instances(struct imp *I)
{
	static const char *const gone[] = { "terminated", "shutting-down", NULL };
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
	imp_warn(I, in->f, arn, "instance %s: role %s assumed for instance profile %s (the same name, "
		 "by convention; collect aws iam list-instance-profiles to know)", in->id, role, arn);
	return role;
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
		if (nenis > 1)
			imp_warn(I, in->f, in->id, "instance %s has %zu network interfaces; only the primary "
				 "one is modelled", in->id, nenis);
		y_map(y, false);
		y_kstr(y, "id", in->id);
		y_name_tags(I, y, in, RK_INST, tag_name(in->j));
		y_kstr(y, "subnet", s->id);
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
				if (g && group_uncollected(I, g)) {
					/* F9.7: judged by its own groups or not at all, never by fewer */
					imp_warn(I, in->f, g, "instance %s: security group %s is not in the "
						 "snapshot; kept, and listed as missing (a trace that depends on "
						 "it ends MISSING_DATA, F9.7)", in->id, g);
				} else {
					if (g)
						imp_warn(I, in->f, g, "instance %s: security group %s is not in the "
							 "snapshot; dropped", in->id, g);
					continue;
				}
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
