/* rules.c - security groups (describe-security-groups and describe-security-group-rules)
 * and network ACLs, written rule by rule (F6.1-F6.3). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "internal.h"

/* A rule's protocol and ports as read (IpProtocol, FromPort, ToPort). */
struct rproto {
	const char *text; /* as written: "tcp", "-1", "50" */
	int num;          /* TOPO_PROTO_* or the number */
	long from, to;
	bool ports;       /* from-to applies (TCP, UDP) */
};

/* Reads and checks a security group rule's protocol and ports (FromPort/ToPort: TCP
 * and UDP ports, or an ICMP type and code); false when bad (reported). */
static bool sg_rule_proto(struct imp *I, struct res *sg, const cJSON *rule, struct rproto *rp)
{
	const char *what = pool_printf(I, "security group %s", sg->id);
	rp->text = jstr(rule, "IpProtocol");
	if (!rp->text) {
		imp_error(I, sg->f, sg->id, "%s: a rule without IpProtocol", what);
		return false;
	}
	return check_proto(I, sg->f, sg->id, what, rp->text, &rp->num) &&
	       check_ports(I, sg->f, sg->id, what, rp->num, rule, "FromPort", "ToPort", &rp->from,
			   &rp->to, &rp->ports);
}

/* One security group rule per peer of an IpPermissions item (or SecurityGroupRules item). */
static void emit_sg_rule(struct out *o, bool egress, const struct rproto *rp, const char *peer,
			 const char *desc)
{
	struct yem *y = o->y;
	char ports[48];
	y_map(y, true);
	bool all = rp->num == TOPO_PROTO_ALL;
	y_kstr(y, "protocol", all ? "all" : rp->text);
	bool tcpudp = rp->num == TOPO_PROTO_TCP || rp->num == TOPO_PROTO_UDP;
	if (tcpudp && rp->ports && !(rp->from == 0 && rp->to == 65535)) {
		if (rp->from == rp->to)
			y_klong(y, "ports", rp->from);
		else {
			snprintf(ports, sizeof(ports), "%ld-%ld", rp->from, rp->to);
			y_kstr(y, "ports", ports);
		}
	}
	y_kstr(y, egress ? "to" : "from", peer);
	y_kstr(y, "description", desc);
	y_mend(y);
}

/* Is the peer usable?  A group or prefix list the snapshot lacks (another account's,
 * or not collected) keeps the rule, listed as missing, with a warning: dropping it
 * would turn "unknown" into a definite "denied"; a trace that depends on it ends
 * MISSING_DATA (F9.7).  A plan's group known only after apply drops it (its members
 * carry the group).  A malformed id is an error. */
static bool sg_peer_ok(struct out *o, struct res *sg, const char *peer, bool is_sg)
{
	struct imp *I = o->I;
	if (!check_id(I, sg->f, pool_printf(I, "security group %s: a rule's %s", sg->id,
					    is_sg ? "security group" : "prefix list"),
		      peer, is_sg ? "sg-" : "pl-"))
		return false;
	if (is_sg) {
		if (res_kept(I, RK_SG, peer))
			return true;
		/* a plan's group known only after apply: its members carry it, listed as
		 * missing, so their traces end ambiguous; no other address matches the rule */
		if (missing_plan_unknown(I, "security_group", "id", peer))
			imp_warn(I, sg->f, peer, "security group %s: a rule refers to security group %s, "
				 "which %s knows only after apply (listed as missing); the rule is "
				 "dropped, and a trace from a member of that group ends ambiguous",
				 sg->id, peer, I->input_name ? I->input_name : "the input");
		else {
			imp_warn(I, sg->f, peer, "security group %s: a rule refers to security group %s, "
				 "which is not in %s (another account's, or deleted); the rule is kept "
				 "and the group listed as missing, so a trace that depends on it ends "
				 "MISSING_DATA (F9.7)", sg->id, peer,
				 I->input_name ? I->input_name : "the snapshot");
			note_missing(I, "security_group", "id", peer);
			return true;
		}
		return false;
	}
	if (pl_ok(I, o->P, peer))
		return true;
	imp_warn(I, sg->f, peer, "security group %s: a rule refers to prefix list %s, which is not in "
		 "%s; the rule is kept and the list listed as missing, so a trace that depends on "
		 "it ends MISSING_DATA (F9.7)", sg->id, peer,
		 I->input_name ? I->input_name : "the snapshot");
	note_missing(I, "prefix_lists", "id", peer);
	return true;
}

static bool sg_cidr_ok(struct out *o, struct res *sg, const char *key, const char *cidr)
{
	return check_cidr(o->I, sg->f, pool_printf(o->I, "security group %s: %s", sg->id, key),
			  cidr, strchr(key, '6') ? NET_V6 : NET_V4, NULL);
}

static void emit_sg_perms(struct out *o, struct res *sg, bool egress, const cJSON *perms)
{
	const cJSON *p, *x;
	cJSON_ArrayForEach(p, perms)
	{
		struct rproto rp;
		if (!sg_rule_proto(o->I, sg, p, &rp))
			continue;
		cJSON_ArrayForEach(x, jarr(p, "IpRanges"))
			if (jstr(x, "CidrIp") && sg_cidr_ok(o, sg, "CidrIp", jstr(x, "CidrIp")))
				emit_sg_rule(o, egress, &rp, jstr(x, "CidrIp"), jstr(x, "Description"));
		cJSON_ArrayForEach(x, jarr(p, "Ipv6Ranges"))
			if (jstr(x, "CidrIpv6") && sg_cidr_ok(o, sg, "CidrIpv6", jstr(x, "CidrIpv6")))
				emit_sg_rule(o, egress, &rp, jstr(x, "CidrIpv6"), jstr(x, "Description"));
		cJSON_ArrayForEach(x, jarr(p, "PrefixListIds"))
			if (jstr(x, "PrefixListId") && sg_peer_ok(o, sg, jstr(x, "PrefixListId"), false))
				emit_sg_rule(o, egress, &rp, jstr(x, "PrefixListId"), jstr(x, "Description"));
		cJSON_ArrayForEach(x, jarr(p, "UserIdGroupPairs"))
			if (jstr(x, "GroupId") && sg_peer_ok(o, sg, jstr(x, "GroupId"), true))
				emit_sg_rule(o, egress, &rp, jstr(x, "GroupId"), jstr(x, "Description"));
	}
}

static void emit_sg_rules_list(struct out *o, struct res *sg, bool egress)
{
	size_t n;
	struct gent *g = group_get(&o->I->sgrules_by_group, sg->id, &n);
	for (size_t i = 0; i < n; i++) {
		const cJSON *r = g[i].r->j;
		const cJSON *dir = jget(r, "IsEgress");
		if (!cJSON_IsBool(dir)) {
			/* which list it belongs to decides what it allows */
			if (egress)
				imp_error(o->I, g[i].r->f, g[i].r->id, "security group rule %s: IsEgress is not "
					  "true or false", g[i].r->id);
			continue;
		}
		if (cJSON_IsTrue(dir) != egress)
			continue;
		const char *ref = jstr(jget(r, "ReferencedGroupInfo"), "GroupId");
		const char *peer = jstr(r, "CidrIpv4");
		bool is_sg = false, is_pl = false;
		struct rproto rp;
		if (peer && !sg_cidr_ok(o, sg, "CidrIpv4", peer))
			continue;
		if (!peer && (peer = jstr(r, "CidrIpv6")) && !sg_cidr_ok(o, sg, "CidrIpv6", peer))
			continue;
		if (!peer && (peer = jstr(r, "PrefixListId")))
			is_pl = true;
		if (!peer && (peer = ref))
			is_sg = true;
		if (!peer || ((is_sg || is_pl) && !sg_peer_ok(o, sg, peer, is_sg)))
			continue;
		if (!sg_rule_proto(o->I, sg, r, &rp))
			continue;
		emit_sg_rule(o, egress, &rp, peer, jstr(r, "Description"));
	}
}

void emit_sgs(struct out *o, struct res *v)
{
	struct imp *I = o->I;
	struct yem *y = o->y;
	size_t count = 0;
	FOR_VPC(I, RK_SG, v->id, sg) count++;
	if (!count)
		return;
	y_str(y, "security_groups");
	y_seq(y, false);
	const char *default_id = NULL;
	FOR_VPC(I, RK_SG, v->id, sg)
	{
		const char *gname = jstr(sg->j, "GroupName");
		const char *name = tag_name(sg->j);
		y_map(y, false);
		y_kstr(y, "id", sg->id);
		y_name_tags(I, y, sg, RK_SG, name ? name : gname);
		if (gname && !strcmp(gname, "default")) {
			if (default_id)
				imp_error(I, sg->f, sg->id, "vpc %s has two default security groups, %s and %s; "
					  "AWS makes one per VPC (F6.2)", v->id, default_id, sg->id);
			default_id = sg->id;
			y_kbool(y, "default", true);
		}
		y_kstr(y, "description", jstr(sg->j, "Description"));
		size_t nrules;
		group_get(&I->sgrules_by_group, sg->id, &nrules);
		static const char *const keys[] = { "IpPermissionsEgress", "IpPermissions" };
		for (int d = 0; d < 2; d++) {
			bool egress = d == 0;
			const cJSON *perms = jarr(sg->j, keys[d]);
			if (!perms && !nrules)
				continue; /* absent: the default (egress all out, F6.1) */
			y_str(y, egress ? "egress" : "ingress");
			y_seq(y, false);
			if (perms)
				emit_sg_perms(o, sg, egress, perms);
			else
				emit_sg_rules_list(o, sg, egress);
			y_send(y);
		}
		if (!jarr(sg->j, "IpPermissions") && !nrules)
			imp_warn(I, sg->f, sg->id, "security group %s: its rules are not in the snapshot (no "
				 "IpPermissions, no describe-security-group-rules); %s", sg->id,
				 gname && !strcmp(gname, "default") ? "the default rules are assumed" :
				 "no inbound rules and all outbound are assumed");
		y_mend(y);
	}
	y_send(y);
}

struct nacl_entry {
	long number;
	const cJSON *j;
};

static int cmp_nacl_entry(const void *a, const void *b)
{
	const struct nacl_entry *x = a, *y = b;
	return x->number < y->number ? -1 : x->number > y->number;
}

/* One NACL entry, checked: every field decides what the rule matches, so a bad one is
 * an error (a rule left out, or read wider or narrower, changes every answer behind
 * it).  Returns false when bad (reported). */
static bool nacl_entry_ok(struct imp *I, struct res *n, const cJSON *e, long num, int *proto)
{
	const char *what = pool_printf(I, "network ACL %s: rule %ld", n->id, num);
	const char *p = jstr(e, "Protocol"), *c4 = jstr(e, "CidrBlock"),
		   *c6 = jstr(e, "Ipv6CidrBlock"), *action = jstr(e, "RuleAction");
	long lo, hi;
	bool given;
	if (!p || (!c4 && !c6) || !action) {
		imp_error(I, n->f, n->id, "%s has no %s", what, !p ? "Protocol" : !action ? "RuleAction" :
			  "CidrBlock or Ipv6CidrBlock");
		return false;
	}
	if (!check_proto(I, n->f, n->id, what, p, proto))
		return false;
	if (!check_cidr(I, n->f, pool_printf(I, "%s: %s", what, c4 ? "CidrBlock" : "Ipv6CidrBlock"),
			c4 ? c4 : c6, c4 ? NET_V4 : NET_V6, NULL))
		return false;
	if (!str_ieq(action, "allow") && !str_ieq(action, "deny")) {
		imp_error(I, n->f, action, "%s: RuleAction '%s' is not allow or deny", what, action);
		return false;
	}
	if (*proto == TOPO_PROTO_ICMP || *proto == TOPO_PROTO_ICMPV6)
		return check_ports(I, n->f, n->id, what, *proto, jget(e, "IcmpTypeCode"), "Type",
				   "Code", &lo, &hi, &given);
	return check_ports(I, n->f, n->id, what, *proto, jget(e, "PortRange"), "From", "To", &lo,
			   &hi, &given);
}

void emit_nacls(struct out *o, struct res *v)
{
	struct imp *I = o->I;
	struct yem *y = o->y;
	size_t count = 0;
	FOR_VPC(I, RK_NACL, v->id, n) count++;
	if (!count)
		return;
	y_str(y, "network_acls");
	y_seq(y, false);
	const char *default_id = NULL;
	FOR_VPC(I, RK_NACL, v->id, n)
	{
		y_map(y, false);
		y_kstr(y, "id", n->id);
		y_name_tags(I, y, n, RK_NACL, tag_name(n->j));
		if (jbool(n->j, "IsDefault", false)) {
			if (default_id)
				imp_error(I, n->f, n->id, "vpc %s has two default network ACLs, %s and %s; AWS "
					  "makes one per VPC (F6.3)", v->id, default_id, n->id);
			default_id = n->id;
			y_kbool(y, "default", true);
		}
		const cJSON *entries = jarr(n->j, "Entries");
		size_t total = (size_t)cJSON_GetArraySize(entries);
		struct nacl_entry *ev = xcalloc(total + 1, sizeof(*ev));
		for (int d = 0; d < 2; d++) {
			bool egress = d == 0;
			size_t m = 0;
			const cJSON *e;
			cJSON_ArrayForEach(e, entries)
			{
				long num;
				const cJSON *dir = jget(e, "Egress");
				if (!cJSON_IsBool(dir)) {
					/* the direction decides what the rule filters */
					if (egress)
						imp_error(I, n->f, n->id, "network ACL %s: an entry whose Egress is not "
							  "true or false", n->id);
					continue;
				}
				if (cJSON_IsTrue(dir) != egress)
					continue;
				if (!jint(e, "RuleNumber", &num)) {
					imp_error(I, n->f, n->id, "network ACL %s: an %s entry without a RuleNumber",
						  n->id, egress ? "egress" : "ingress");
					continue;
				}
				if (num == 32767 || num == 32768)
					continue; /* the implicit final denies (IPv4, IPv6) every NACL has (F6.3) */
				if (num < 1 || num > 32766) {
					imp_error(I, n->f, n->id, "network ACL %s: rule number %ld is not 1 to 32766 "
						  "(F6.3)", n->id, num);
					continue;
				}
				ev[m++] = (struct nacl_entry){ num, e };
			}
			qsort(ev, m, sizeof(*ev), cmp_nacl_entry);
			/* AWS keeps one rule per number and direction (F6.3): two are a conflict,
			 * and keeping either would guess which one AWS applies */
			for (size_t i = 1; i < m; i++)
				if (ev[i - 1].number == ev[i].number)
					imp_error(I, n->f, n->id, "network ACL %s has two %s rules numbered %ld; AWS "
						  "keeps one rule per number", n->id, egress ? "egress" : "ingress",
						  ev[i].number);
			y_str(y, egress ? "egress" : "ingress");
			y_seq(y, false);
			for (size_t i = 0; i < m; i++) {
				e = ev[i].j;
				int pnum;
				if (!nacl_entry_ok(I, n, e, ev[i].number, &pnum))
					continue;
				const char *proto = jstr(e, "Protocol");
				const char *cidr = jstr(e, "CidrBlock");
				if (!cidr)
					cidr = jstr(e, "Ipv6CidrBlock");
				static const struct { const char *num, *name; } protos_by_num[] = {
					{ "-1", "all" }, { "6", "tcp" }, { "17", "udp" }, { "1", "icmp" },
					{ "58", "icmpv6" },
				};
				for (size_t k = 0; k < sizeof(protos_by_num) / sizeof(protos_by_num[0]); k++)
					if (!strcmp(proto, protos_by_num[k].num))
						proto = protos_by_num[k].name;
				y_map(y, true);
				y_klong(y, "rule", ev[i].number);
				y_kstr(y, "protocol", proto);
				long from, to;
				const cJSON *pr = jget(e, "PortRange");
				if ((pnum == TOPO_PROTO_TCP || pnum == TOPO_PROTO_UDP) && pr &&
				    jint(pr, "From", &from) && jint(pr, "To", &to) && from >= 0 &&
				    to >= from && to <= 65535 && !(from == 0 && to == 65535)) {
					char ports[48];
					if (from == to)
						y_klong(y, "ports", from);
					else {
						snprintf(ports, sizeof(ports), "%ld-%ld", from, to);
						y_kstr(y, "ports", ports);
					}
				}
				y_kstr(y, egress ? "to" : "from", cidr);
				y_kstr(y, "action", str_ieq(jstr(e, "RuleAction"), "allow") ? "allow" : "deny");
				y_mend(y);
			}
			y_send(y);
		}
		free(ev);
		y_mend(y);
	}
	y_send(y);
}

bool group_uncollected(struct imp *I, const char *g)
{
	if (res_find(I, RK_SG, g) || !is_aws_id(g, "sg-"))
		return false;
	note_missing(I, "security_group", "id", g);
	return true;
}

void group_ref_missing(struct imp *I, struct src *f, const char *near, const char *who,
		       const char *g, bool kept)
{
	if (I->ngrouprefs == I->capgrouprefs)
		I->grouprefs = xrealloc(I->grouprefs, (I->capgrouprefs = I->capgrouprefs ?
					2 * I->capgrouprefs : 64) * sizeof(*I->grouprefs));
	I->grouprefs[I->ngrouprefs] = (struct groupref){ g, who, near, f, I->ngrouprefs, kept };
	I->ngrouprefs++;
}

static int cmp_groupref(const void *a, const void *b)
{
	const struct groupref *x = a, *y = b;
	int c = strcmp(x->group, y->group);
	if (c)
		return c;
	if (x->kept != y->kept)
		return x->kept ? 1 : -1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

void flush_group_refs(struct imp *I)
{
	struct groupref *v = I->grouprefs;
	size_t n = I->ngrouprefs;
	if (n > 1)
		qsort(v, n, sizeof(*v), cmp_groupref);
	for (size_t i = 0; i < n;) {
		size_t j = i + 1;
		while (j < n && !strcmp(v[j].group, v[i].group) && v[j].kept == v[i].kept)
			j++;
		/* a group a Terraform plan knows only after apply: its reader said so */
		if (v[i].kept && missing_plan_unknown(I, "security_group", "id", v[i].group)) {
			i = j;
			continue;
		}
		const char *what = v[i].kept ? "kept, and listed as missing (a trace that depends on "
				   "it ends MISSING_DATA, F9.7)" : "dropped";
		const char *input = I->input_name ? I->input_name : "the snapshot";
		if (j - i == 1)
			imp_warn(I, v[i].f, v[i].near, "%s: security group %s is not in %s; %s",
				 v[i].who, v[i].group, input, what);
		else
			imp_warn(I, v[i].f, v[i].near, "security group %s is not in %s; %s for "
				 "%zu resources that name it (%s and %zu more)", v[i].group, input, what,
				 j - i, v[i].who, j - i - 1);
		i = j;
	}
	I->ngrouprefs = 0;
}
