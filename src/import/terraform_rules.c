/* terraform_rules.c - security groups and network ACLs with their rules, inline and
 * separate.  Terraform's behaviour is kept (terraform-notes.md 2.2): a group it creates
 * has no egress unless configured; aws_default_* keep only what is configured; a
 * separate rule is merged into its group, and one the plan deletes is taken out of the
 * group's refreshed list that still shows it. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "terraform_res.h"
#include "vpcpath/map.h"

/* ---- security groups --------------------------------------------------------------- */

static struct tfinst *group_of(struct tf *T, struct tfinst *in, const char *attr, bool *unknown)
{
	const char *id = tf_link1(T, in, attr, TF_SG, unknown);
	struct tfinst *g = tf_inst_by_id(T, NULL, id);
	if (id && (!g || !g->made) && !*unknown)
		tf_warn(T, in, "%s: security group %s is not in the plan; left out", in->address, id);
	return g && g->made ? g : NULL;
}

/* An IpPermissions item of the AWS CLI from a rule's protocol and ports. */
static cJSON *new_perm(const char *proto, const cJSON *from, const cJSON *to)
{
	cJSON *p = cJSON_CreateObject();
	tf_put_str(p, "IpProtocol", proto);
	bool all = !strcmp(proto, "-1") || !strcmp(proto, "all");
	if (!all && cJSON_IsNumber(from))
		tf_put_num(p, "FromPort", from->valuedouble);
	if (!all && cJSON_IsNumber(to))
		tf_put_num(p, "ToPort", to->valuedouble);
	return p;
}

static const char *proto_name(const char *p)
{
	return !strcmp(p, "all") ? "-1" : p;
}

void tf_add_peer(cJSON *perm, const char *list, const char *key, const char *v)
{
	cJSON *x = tf_push_obj(tf_put_arr(perm, list));
	tf_put_str(x, key, v);
}

/* Whether prefix list id has entries known before apply (terraform_pl.c leaves one
 * out otherwise): a rule that names one that has not is not known either. */
static bool pl_entries_known(struct tf *T, struct tfinst *in, const char *id)
{
	for (size_t i = 0; i < T->n; i++) {
		struct tfinst *pl = &T->v[i];
		if (pl->part_unknown && tf_same(pl->id, id) &&
		    (!strcmp(pl->type, "aws_ec2_managed_prefix_list") ||
		     !strcmp(pl->type, "aws_prefix_list"))) {
			tf_warn(T, in, "%s: prefix list %s (%s) has entries known only after apply, so "
				"the rule's peers are too", in->address, id, pl->address);
			return false;
		}
	}
	return true;
}

/* An inline rule block or an aws_security_group_rule: cidr_blocks, ipv6_cidr_blocks,
 * prefix_list_ids, security_groups / source_security_group_id, self. */
static bool rule_peers(struct tf *T, struct tfinst *in, cJSON *perm, const cJSON *elem,
		       const char *block, int idx, const char *self_id)
{
	static const struct { const char *attr, *list, *key; const char *const *types; } peers[] = {
		{ "cidr_blocks", "IpRanges", "CidrIp", NULL },
		{ "ipv6_cidr_blocks", "Ipv6Ranges", "CidrIpv6", NULL },
		{ "prefix_list_ids", "PrefixListIds", "PrefixListId", TF_PL },
		{ "security_groups", "UserIdGroupPairs", "GroupId", TF_SG },
		{ "source_security_group_id", "UserIdGroupPairs", "GroupId", TF_SG },
	};
	bool ok = true;
	for (size_t i = 0; i < sizeof(peers) / sizeof(peers[0]); i++) {
		const cJSON *v;
		enum tfknown st = elem ? tf_elem_attr(in, block, idx, elem, peers[i].attr, &v) :
				  tf_attr(in, peers[i].attr, &v);
		/* an aws_security_group_rule's computed peers (source_security_group_id) are
		 * unknown on create: the one that is set is the one configured */
		if (st == TF_UNSET || (!elem && st == TF_UNKNOWN && !tf_configured(in, peers[i].attr)))
			continue;
		const char *out[MAX_IDS];
		int n;
		if (!peers[i].types) {
			if (st == TF_UNKNOWN) {
				tf_warn(T, in, "%s: %s %s", in->address, peers[i].attr,
					tf_unknown_words(in, elem ? pool_printf(T->I, "%s.%s", block,
						peers[i].attr) : peers[i].attr));
				/* named by the missing group's entry (tf_note_unknown) */
				if (!in->unknown_attr)
					in->unknown_attr = elem ? pool_printf(T->I, "%s.%s", block,
									      peers[i].attr) :
								  peers[i].attr;
				ok = false;
				continue;
			}
			n = tf_link(T, in, peers[i].attr, st, v, peers[i].attr, TF_SG, true, out, MAX_IDS);
		} else {
			n = tf_link(T, in, peers[i].attr, st, v, elem ? block : peers[i].attr,
				    peers[i].types, true, out, MAX_IDS);
		}
		if (n < 0)
			ok = false;
		for (int k = 0; k < n; k++) {
			const char *x = peers[i].types == TF_PL ? tf_pl_id(T, in, out[k]) : out[k];
			if (!x || (peers[i].types == TF_PL && !pl_entries_known(T, in, x))) {
				ok = false;
				continue;
			}
			tf_add_peer(perm, peers[i].list, peers[i].key, x);
		}
	}
	const cJSON *self = elem ? jget(elem, "self") : jget(in->after, "self");
	if (cJSON_IsTrue(self) && self_id)
		tf_add_peer(perm, "UserIdGroupPairs", "GroupId", self_id);
	return ok;
}

void tf_make_sg(struct tf *T, struct tfinst *in)
{
	bool def = !strcmp(in->type, "aws_default_security_group");
	bool unknown = false;
	/* vpc_id is computed: not configured, the group is the default VPC's */
	const char *vpc = tf_link_configured(T, in, "vpc_id", TF_VPC, &unknown);
	if (!vpc) {
		if (!unknown)
			tf_warn(T, in, "%s: no vpc_id (a group of the default VPC, which the plan does "
				"not describe); left out", in->address);
		return;
	}
	cJSON *o = tf_new_obj(T);
	tf_put_str(o, "GroupId", in->id);
	tf_put_str(o, "VpcId", vpc);
	const char *name = def ? "default" : tf_str(in, "name");
	tf_put_str(o, "GroupName", name ? name : in->address);
	tf_put_str(o, "Description", tf_str(in, "description"));
	/* Both lists are always written: Terraform removes AWS's default allow-all egress
	 * from a group it creates, and an aws_default_security_group keeps only what is
	 * configured (terraform-notes.md 2.2 items 1 and 3). */
	static const char *const blocks[2] = { "ingress", "egress" };
	static const char *const keys[2] = { "IpPermissions", "IpPermissionsEgress" };
	bool ok = true;
	for (int d = 0; d < 2; d++) {
		cJSON *perms = tf_put_arr(o, keys[d]);
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
			if (!in->unknown_attr)
				in->unknown_attr = blocks[d];
			ok = false;
		}
	}
	if (!ok)
		tf_note_unknown(T, in, NULL, "security_group", "id", in->id);
	tf_put_tags(T, o, in);
	tf_add(T, RK_SG, in, o);
}

/* The key of one peer of a rule in a group's list: the list (the group's ingress or
 * egress), the protocol and ports, which kind of peer, and the peer item as JSON. */
static void peer_key(struct keybuf *k, const cJSON *perms, const cJSON *perm, size_t kind,
		     const cJSON *peer)
{
	k->len = 0;
	keybuf_ptr(k, perms);
	keybuf_str(k, jstr(perm, "IpProtocol"));
	static const char *const ports[] = { "FromPort", "ToPort" };
	for (int i = 0; i < 2; i++) {
		const cJSON *n = jget(perm, ports[i]);
		double v = cJSON_IsNumber(n) ? n->valuedouble : -1e300;
		keybuf_put(k, &v, sizeof(v));
	}
	keybuf_u64(k, kind);
	char *text = cJSON_PrintUnformatted(peer);
	keybuf_str(k, text);
	cJSON_free(text);
}

static const char *const peer_lists[] = { "IpRanges", "Ipv6Ranges", "PrefixListIds",
					  "UserIdGroupPairs" };

/* The separate rule resources: one perm each, appended to their group; a rule this
 * plan deletes (or replaces) is taken out of an existing group's refreshed list. */
void tf_make_sg_rule(struct tf *T, struct tfinst *in, bool removing)
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
			tf_note_unknown(T, in, NULL, "security_groups", NULL, NULL);
		return;
	}
	const char *proto = tf_str(in, vpc_rule ? "ip_protocol" : "protocol");
	if (!proto) {
		tf_warn(T, in, "%s: its protocol is known only after apply", in->address);
		tf_note_unknown(T, in, vpc_rule ? "ip_protocol" : "protocol", "security_group", "id",
				g->id);
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
			int n = tf_link(T, in, one[i].attr, st, v, one[i].attr, i == 2 ? TF_PL : TF_SG,
					false, out, 1);
			if (n > 0 && i == 2 && !(out[0] = tf_pl_id(T, in, out[0])))
				n = -1;
			if (n < 0 || (n > 0 && i == 2 && !pl_entries_known(T, in, out[0])))
				ok = false;
			if (n > 0)
				tf_add_peer(p, one[i].list, one[i].key, out[0]);
		}
	} else {
		ok = rule_peers(T, in, p, NULL, NULL, 0, g->id);
	}
	cJSON *perms = (cJSON *)jget(g->made, egress ? "IpPermissionsEgress" : "IpPermissions");
	if (removing) {
		/* the group's refreshed list shows the rule (one perm per peer there, as
		 * the provider reads it back): each of its peers is taken out, all at once
		 * by tf_sg_rules_taken_out (a scan of the list per rule would be quadratic
		 * in a group of thousands of rules) */
		if (!T->taken)
			T->taken = bytemap_new();
		struct keybuf k = { 0 };
		for (size_t l = 0; l < 4; l++) {
			const cJSON *y;
			cJSON_ArrayForEach(y, jget(p, peer_lists[l]))
			{
				peer_key(&k, perms, p, l, y);
				bytemap_get_or_add(T->taken, k.p, k.len, 0, NULL);
			}
		}
		free(k.p);
		cJSON_Delete(p);
		return;
	}
	if (!ok)
		tf_note_unknown(T, in, NULL, "security_group", "id", g->id);
	cJSON_AddItemToArray(perms, p);
}

void tf_sg_rules_taken_out(struct tf *T)
{
	if (!T->taken)
		return;
	struct keybuf k = { 0 };
	static const char *const dirs[] = { "IpPermissions", "IpPermissionsEgress" };
	for (size_t i = 0; i < T->n; i++) {
		struct tfinst *g = &T->v[i];
		if (!g->made || (strcmp(g->type, "aws_security_group") &&
				 strcmp(g->type, "aws_default_security_group")))
			continue;
		for (int d = 0; d < 2; d++) {
			const cJSON *perms = jget(g->made, dirs[d]), *e;
			cJSON_ArrayForEach(e, perms)
				for (size_t l = 0; l < 4; l++) {
					cJSON *have = (cJSON *)jget(e, peer_lists[l]), *x, *next;
					for (x = have ? have->child : NULL; x; x = next) {
						next = x->next;
						peer_key(&k, perms, e, l, x);
						size_t unused;
						if (bytemap_find(T->taken, k.p, k.len, &unused))
							cJSON_Delete(cJSON_DetachItemViaPointer(have, x));
					}
				}
		}
	}
	free(k.p);
	bytemap_free(T->taken);
	T->taken = NULL;
}

/* A separate rule whose group is known only after apply may join any group (F6.1: a
 * group allows what its rules name, so any group may allow more than the plan shows):
 * every group is listed as missing, named by those rules (the first few in its
 * causes, and how many more), so that a trace its groups decide ends ambiguous. */
static void note_loose_rules(struct tf *T)
{
	struct imp *I = T->I;
	const struct tfinst *loose[MISSING_CAUSES_NAMED];
	size_t nloose = 0;
	for (size_t i = 0; i < T->n; i++) {
		const struct tfinst *r = &T->v[i];
		if (r->gone || !tf_same(r->unknown_attr, "security_group_id") ||
		    (strcmp(r->type, "aws_security_group_rule") &&
		     strncmp(r->type, "aws_vpc_security_group_", 23)))
			continue;
		if (nloose < sizeof(loose) / sizeof(loose[0]))
			loose[nloose] = r;
		nloose++;
	}
	if (!nloose)
		return;
	struct reslist *l = &I->l[RK_SG];
	size_t named = nloose < sizeof(loose) / sizeof(loose[0]) ? nloose :
		       sizeof(loose) / sizeof(loose[0]);
	for (size_t i = 0; i < l->n; i++) {
		size_t before = I->nmissing;
		for (size_t k = 0; k < named; k++)
			tf_note_unknown(T, loose[k], "security_group_id", "security_group", "id",
					l->v[i].id);
		/* the entry made for this group counts every loose rule */
		if (I->nmissing > before && I->missing[before].address == loose[0]->address)
			I->missing[before].ncauses = nloose;
	}
}

void tf_drop_unknown_groups(struct tf *T)
{
	struct imp *I = T->I;
	struct reslist *l = &I->l[RK_SG];
	note_loose_rules(T);
	size_t out = 0;
	for (size_t i = 0; i < l->n; i++) {
		bool unknown = false;
		for (size_t m = 0; m < I->nmissing && !unknown; m++)
			unknown = !strcmp(I->missing[m].kind, "security_group") &&
				  tf_same(I->missing[m].value, l->v[i].id);
		if (!unknown)
			l->v[out++] = l->v[i];
	}
	l->n = out;
}

/* ---- network ACLs ------------------------------------------------------------------ */

const char *const TF_NACL[] = { "aws_network_acl", "aws_default_network_acl",
				      "aws_vpc.default_network_acl_id", NULL };

void tf_acl_unknown_in(struct tf *T, const char *vpc)
{
	if (!vpc) {
		T->acl_unknown_all = true;
		return;
	}
	T->acl_unknown_vpcs = xrealloc(T->acl_unknown_vpcs, (T->nacl_unknown + 1) * sizeof(char *));
	T->acl_unknown_vpcs[T->nacl_unknown++] = vpc;
}

bool tf_acl_unknown(struct tf *T, const char *vpc)
{
	if (T->acl_unknown_all)
		return true;
	for (size_t i = 0; i < T->nacl_unknown; i++)
		if (tf_same(T->acl_unknown_vpcs[i], vpc))
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
	cJSON *e = tf_push_obj(entries);
	tf_put_num(e, "RuleNumber", v[0]->valuedouble);
	tf_put_str(e, "RuleAction", v[1]->valuestring);
	tf_put_str(e, "Protocol", proto);
	tf_put_bool(e, "Egress", egress);
	tf_put_str(e, "CidrBlock", cJSON_IsString(v[3]) ? v[3]->valuestring : NULL);
	tf_put_str(e, "Ipv6CidrBlock", cJSON_IsString(v[4]) ? v[4]->valuestring : NULL);
	/* the EC2 API: ports for TCP and UDP only, ICMP type and code for ICMP (2.2 item 6) */
	if ((!strcmp(proto, "6") || !strcmp(proto, "17")) && cJSON_IsNumber(v[5]) &&
	    cJSON_IsNumber(v[6]) && !(v[5]->valuedouble == 0 && v[6]->valuedouble == 0)) {
		cJSON *r = cJSON_CreateObject();
		tf_put_num(r, "From", v[5]->valuedouble);
		tf_put_num(r, "To", v[6]->valuedouble);
		cJSON_AddItemToObjectCS(e, "PortRange", r);
	} else if ((!strcmp(proto, "1") || !strcmp(proto, "58")) && cJSON_IsNumber(v[7])) {
		cJSON *r = cJSON_CreateObject();
		tf_put_num(r, "Type", v[7]->valuedouble);
		tf_put_num(r, "Code", cJSON_IsNumber(v[8]) ? v[8]->valuedouble : -1);
		cJSON_AddItemToObjectCS(e, "IcmpTypeCode", r);
	}
	return true;
}

static void nacl_associate(struct tf *T, struct tfinst *in, cJSON *acl, const char *attr)
{
	const cJSON *v;
	enum tfknown st = tf_attr(in, attr, &v);
	if (st == TF_UNKNOWN && !tf_configured(in, attr))
		return; /* computed, not set here: the subnets that fall back to it */
	const char *ids[MAX_IDS];
	int n = tf_link(T, in, attr, st, v, attr, TF_SUBNET, !strcmp(attr, "subnet_ids"), ids,
			MAX_IDS);
	if (n < 0) {
		tf_acl_unknown_in(T, jstr(acl, "VpcId"));
		return;
	}
	for (int i = 0; i < n; i++) {
		cJSON *a = tf_push_obj(tf_put_arr(acl, "Associations"));
		tf_put_str(a, "SubnetId", ids[i]);
		tf_put_str(a, "NetworkAclId", jstr(acl, "NetworkAclId"));
	}
}

void tf_make_nacl(struct tf *T, struct tfinst *in)
{
	bool def = !strcmp(in->type, "aws_default_network_acl");
	bool unknown = false;
	const char *vpc = NULL;
	if (def) {
		vpc = tf_default_of(T, in, "default_network_acl_id", &unknown);
	} else {
		vpc = tf_link1(T, in, "vpc_id", TF_VPC, &unknown);
	}
	if (!vpc) {
		if (!unknown)
			tf_warn(T, in, "%s: no VPC; left out", in->address);
		tf_acl_unknown_in(T, NULL);
		return;
	}
	cJSON *o = tf_new_obj(T);
	tf_put_str(o, "NetworkAclId", in->id);
	tf_put_str(o, "VpcId", vpc);
	tf_put_bool(o, "IsDefault", def);
	cJSON *entries = tf_put_arr(o, "Entries");
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
			if (!in->unknown_attr)
				in->unknown_attr = blocks[d];
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
	tf_put_tags(T, o, in);
	nacl_associate(T, in, o, "subnet_ids");
}

void tf_make_nacl_rule(struct tf *T, struct tfinst *in)
{
	bool unknown = false;
	const char *id = tf_link1(T, in, "network_acl_id", TF_NACL, &unknown);
	struct tfinst *acl = tf_inst_by_id(T, NULL, id);
	if (!acl || !acl->made) {
		if (!unknown)
			tf_warn(T, in, "%s: network ACL %s is not in the plan; left out", in->address,
				id ? id : "(none)");
		tf_acl_unknown_in(T, NULL);
		return;
	}
	const cJSON *eg = jget(in->after, "egress");
	if (!nacl_entry(T, in, (cJSON *)jget(acl->made, "Entries"), NULL, NULL, 0, cJSON_IsTrue(eg))) {
		acl->part_unknown = true;
		if (!acl->unknown_by && in->unknown_attr)
			acl->unknown_by = in;
	}
}

/* An aws_network_acl_rule's entry in its ACL's refreshed ingress/egress list: out,
 * whether the rule stays (tf_make_nacl_rule puts it back) or goes (deleted,
 * replaced), as for a group's rules (terraform-notes.md 2.2 item 2).  An ACL has one
 * rule per number and direction: they name it. */
void tf_nacl_rule_take_out(struct tf *T, struct tfinst *in)
{
	struct tfinst *acl = tf_inst_by_id(T, NULL, jstr(in->before, "network_acl_id"));
	const cJSON *num = jget(in->before, "rule_number");
	if (!acl || !acl->made || acl->gone || !cJSON_IsNumber(num))
		return;
	bool egress = cJSON_IsTrue(jget(in->before, "egress"));
	if (tf_configured(acl, egress ? "egress" : "ingress"))
		return; /* the ACL's own list is the truth: Terraform converges to it */
	cJSON *entries = (cJSON *)jget(acl->made, "Entries"), *e, *next;
	for (e = entries ? entries->child : NULL; e; e = next) {
		next = e->next;
		const cJSON *n = jget(e, "RuleNumber");
		if (cJSON_IsNumber(n) && n->valuedouble == num->valuedouble &&
		    jbool(e, "Egress", false) == egress)
			cJSON_Delete(cJSON_DetachItemViaPointer(entries, e));
	}
}

void tf_make_nacl_assoc(struct tf *T, struct tfinst *in)
{
	bool unknown = false;
	const char *id = tf_link1(T, in, "network_acl_id", TF_NACL, &unknown);
	struct tfinst *acl = tf_inst_by_id(T, NULL, id);
	if (!acl || !acl->made) {
		tf_acl_unknown_in(T, NULL);
		return;
	}
	/* an explicit association replaces the one the ACL's subnet_ids list gives */
	nacl_associate(T, in, acl->made, "subnet_id");
}

/* A NACL with a rule known only after apply is left out; so is the default ACL of a VPC
 * where a subnet's ACL is unknown (the subnet would fall back to it): missing:. */
void tf_file_nacls(struct tf *T)
{
	for (size_t i = 0; i < T->n; i++) {
		struct tfinst *in = &T->v[i];
		if (!in->gone && in->made && in->part_unknown &&
		    (!strcmp(in->type, "aws_network_acl") || !strcmp(in->type, "aws_default_network_acl")))
			tf_acl_unknown_in(T, jstr(in->made, "VpcId"));
	}
	for (size_t i = 0; i < T->n; i++) {
		struct tfinst *in = &T->v[i];
		if (in->gone || !in->made || (strcmp(in->type, "aws_network_acl") &&
					      strcmp(in->type, "aws_default_network_acl")))
			continue;
		const char *vpc = jstr(in->made, "VpcId");
		bool def = jbool(in->made, "IsDefault", false);
		if (in->part_unknown || (def && tf_acl_unknown(T, vpc))) {
			tf_warn(T, in, "%s: left out of the topology (%s): a trace through it says what "
				"is unknown", in->address, in->part_unknown ? "a rule of it is known only "
				"after apply" : "a subnet that would fall back to this default ACL has an "
				"ACL known only after apply");
			tf_note_unknown(T, in->part_unknown ? in : NULL, NULL, "network_acls", "vpc", vpc);
			continue;
		}
		res_add(T->I, RK_NACL, in->id, in->made, T->f);
	}
}

void tf_sg_rule_add(struct tf *T, struct tfinst *in)
{
	tf_make_sg_rule(T, in, false);
}

/* A separate rule's object in an existing group's refreshed list: out, whether the
 * rule stays (it is put back by sg_rule_add) or goes (deleted, replaced). */
void tf_sg_rule_take_out(struct tf *T, struct tfinst *in)
{
	struct tfinst *g = NULL;
	const char *gid = jstr(in->before, "security_group_id");
	g = tf_inst_by_id(T, NULL, gid);
	if (!g || !g->made)
		return;
	bool configured = g->cfg && jget(jget(g->cfg, "expressions"),
					 !strcmp(in->type, "aws_vpc_security_group_egress_rule") ||
					 tf_same(jstr(in->before, "type"), "egress") ? "egress" : "ingress");
	if (configured)
		return; /* the group's own list is the truth: Terraform converges to it */
	/* the values before the change are what the group's list shows */
	struct tfinst before = *in;
	before.after = in->before;
	before.unknown = NULL;
	tf_make_sg_rule(T, &before, true);
}

