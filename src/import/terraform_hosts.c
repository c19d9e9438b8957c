/* terraform_hosts.c - what traffic starts or ends at: instances (their subnet, groups
 * and addresses, with stand-ins for addresses known only after apply), S3 buckets and
 * DynamoDB tables with their resource policies. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "terraform_res.h"

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

/* aws_s3_bucket, and aws_s3_directory_bucket (S3 Express One Zone): its name,
 * BASE--AZID--x-s3, says its zone (F4.1), as the topology reads it. */
void tf_make_bucket(struct tf *T, struct tfinst *in)
{
	const char *name = tf_str(in, "bucket");
	if (name && !strcmp(in->type, "aws_s3_directory_bucket") && !str_has_suffix(name, "--x-s3")) {
		tf_warn(T, in, "%s: bucket '%s' is not a directory bucket name (BASE--AZID--x-s3); "
			"left out", in->address, name);
		return;
	}
	if (!name) {
		tf_warn(T, in, "%s: the bucket's name is known only after apply (bucket_prefix?); "
			"left out", in->address);
		return;
	}
	cJSON *o = tf_new_obj(T);
	tf_put_str(o, "Name", name);
	/* its own region, else its provider's (an alias's); one the plan does not hold
	 * is written as the plan's, and said */
	const char *why, *region = tf_region_of(T, in, &why);
	if (!region && why && T->f->region)
		tf_warn(T, in, "%s: its Region is not in the plan (%s); written as %s, an "
			"assumption: after apply a trace to it may take another path, at another "
			"cost", in->address, why, T->f->region);
	tf_put_str(o, "BucketRegion", region ? region : T->f->region);
	in->made = o;
	res_add(T->I, RK_BUCKET, name, o, T->f);
}

void tf_make_table(struct tf *T, struct tfinst *in)
{
	const char *name = tf_str(in, "name");
	if (!name) {
		tf_warn(T, in, "%s: the table's name is known only after apply; left out",
			in->address);
		return;
	}
	cJSON *o = tf_new_obj(T);
	tf_put_str(o, "TableName", name);
	tf_put_str(o, "TableArn", tf_str(in, "arn"));
	in->made = o;
	res_add(T->I, RK_TABLE, name, o, T->f);
}

/* aws_s3_bucket_policy (bucket: a name) and aws_dynamodb_resource_policy (resource_arn);
 * a policy known only after apply (built from the new resource's ARN, usually) keeps
 * its bucket or table, with its policy listed as unknown (missing: bucket_policy or
 * table_policy, reason plan_unknown): a trace whose answer the policy decides ends
 * ambiguous, PLAN_UNKNOWN, and one another policy denies anyway stays denied. */
void tf_make_resource_policy(struct tf *T, struct tfinst *in)
{
	bool table = !strcmp(in->type, "aws_dynamodb_resource_policy");
	const char *const types[] = { table ? "aws_dynamodb_table@arn" : "aws_s3_bucket",
				      table ? "aws_dynamodb_table" : "aws_s3_bucket.bucket",
				      table ? NULL : "aws_s3_directory_bucket",
				      "aws_s3_directory_bucket.bucket", NULL };
	bool unknown = false;
	const char *subject = tf_link1(T, in, table ? "resource_arn" : "bucket", types, &unknown);
	const char *name = subject;
	struct tfinst *owner = NULL;
	for (size_t i = 0; subject && i < T->n && !owner; i++) {
		struct tfinst *c = &T->v[i];
		if (!c->gone && c->made && (!strcmp(c->type, table ? "aws_dynamodb_table" :
						    "aws_s3_bucket") ||
					    (!table && !strcmp(c->type, "aws_s3_directory_bucket"))) &&
		    (tf_same(c->id, subject) || tf_same(tf_str(c, "arn"), subject) ||
		     tf_same(tf_str(c, "bucket"), subject)))
			owner = c;
	}
	if (owner)
		name = table ? jstr(owner->made, "TableName") : jstr(owner->made, "Name");
	else if (table && subject && strstr(subject, ":table/"))
		name = strstr(subject, ":table/") + 7;
	const cJSON *pol;
	enum tfknown ps = tf_attr(in, "policy", &pol);
	if (!name) {
		/* which bucket or table it is, is not known: every one's policy is */
		tf_warn(T, in, "%s: %s is known only after apply; every %s's policy is listed as "
			"unknown", in->address, table ? "the table" : "the bucket", table ? "table" :
			"bucket");
		tf_note_unknown(T, in, NULL, table ? "table_policy" : "bucket_policy", NULL, NULL);
		return;
	}
	if (ps == TF_UNKNOWN) {
		tf_warn(T, in, "%s: the policy %s; the policy of %s is listed as unknown, so that a "
			"trace whose answer depends on it ends ambiguous", in->address,
			tf_unknown_words(in, "policy"), owner ? owner->address : name);
		tf_note_unknown(T, in, "policy", table ? "table_policy" : "bucket_policy", "id", name);
		return;
	}
	if (ps != TF_KNOWN || !cJSON_IsString(pol))
		return;
	const cJSON *doc = policy_doc(T, in, pol->valuestring);
	if (doc)
		res_add(T->I, table ? RK_TABLE_POLICY : RK_BUCKET_POLICY, name, doc, T->f);
}

/* ---- instances --------------------------------------------------------------------- */

static void add_cidr(struct tf *T, const char *cidr, const char *what)
{
	struct net_prefix c;
	if (!cidr || !parse_cidr(cidr, &c))
		return;
	if ((T->ncidrs & (T->ncidrs - 1)) == 0) /* 0, 1, 2, 4...: doubled when full */
		T->cidrs = xrealloc(T->cidrs, (T->ncidrs ? 2 * T->ncidrs : 1) * sizeof(*T->cidrs));
	T->cidrs[T->ncidrs++] = (struct tfcidr){ c, what };
}

/* Each CIDR of key in the objects of list (a plan's inline rules or routes). */
static void add_cidrs_of(struct tf *T, const cJSON *list, const char *key, const char *what)
{
	const cJSON *e;
	if (!cJSON_IsArray(list))
		return;
	cJSON_ArrayForEach(e, list)
		add_cidr(T, jstr(e, key), what);
}

/* The CIDRs of the groups' rules (made before any instance), and of the network ACLs'
 * rules and the route tables' routes as the plan writes them (made later; a rule a
 * deleted aws_network_acl_rule owns may still be in its ACL's list, which at worst
 * makes a trace ambiguous, never a guess). */
static void read_cidrs(struct tf *T)
{
	T->cidrs_read = true;
	static const char *const dirs[] = { "IpPermissions", "IpPermissionsEgress" };
	for (size_t i = 0; i < T->I->l[RK_SG].n; i++)
		for (int d = 0; d < 2; d++) {
			const cJSON *p, *r;
			cJSON_ArrayForEach(p, jarr(T->I->l[RK_SG].v[i].j, dirs[d]))
			{
				cJSON_ArrayForEach(r, jarr(p, "IpRanges"))
					add_cidr(T, jstr(r, "CidrIp"), "security group rule");
				cJSON_ArrayForEach(r, jarr(p, "Ipv6Ranges"))
					add_cidr(T, jstr(r, "CidrIpv6"), "security group rule");
			}
		}
	for (size_t i = 0; i < T->n; i++) {
		struct tfinst *in = &T->v[i];
		if (in->gone || in->data)
			continue;
		if (!strcmp(in->type, "aws_network_acl") ||
		    !strcmp(in->type, "aws_default_network_acl")) {
			static const char *const blocks[] = { "ingress", "egress" };
			for (int d = 0; d < 2; d++) {
				add_cidrs_of(T, jget(in->after, blocks[d]), "cidr_block",
					     "network ACL rule");
				add_cidrs_of(T, jget(in->after, blocks[d]), "ipv6_cidr_block",
					     "network ACL rule");
			}
		} else if (!strcmp(in->type, "aws_network_acl_rule")) {
			add_cidr(T, jstr(in->after, "cidr_block"), "network ACL rule");
			add_cidr(T, jstr(in->after, "ipv6_cidr_block"), "network ACL rule");
		} else if (!strcmp(in->type, "aws_route_table") ||
			   !strcmp(in->type, "aws_default_route_table")) {
			add_cidrs_of(T, jget(in->after, "route"), "cidr_block", "route");
			add_cidrs_of(T, jget(in->after, "route"), "ipv6_cidr_block", "route");
		} else if (!strcmp(in->type, "aws_route")) {
			add_cidr(T, jstr(in->after, "destination_cidr_block"), "route");
			add_cidr(T, jstr(in->after, "destination_ipv6_cidr_block"), "route");
		}
	}
}

/* What kind of rule or route has a CIDR strictly inside subnet sn (of prefix subnet),
 * or NULL: then where in the subnet an address is decides the rule or the route, and
 * an address known only after apply cannot stand for itself (terraform-notes.md 6.5).
 * Read once per subnet, so that many stand-ins among many rules stay linear. */
static const char *rule_cidr_inside(struct tf *T, struct tfinst *sn,
				    const struct net_prefix *subnet)
{
	if (sn->apart_read)
		return sn->apart_by;
	if (!T->cidrs_read)
		read_cidrs(T);
	sn->apart_read = true;
	for (size_t i = 0; i < T->ncidrs && !sn->apart_by; i++)
		if (T->cidrs[i].p.len > subnet->len && net_prefix_covers(subnet, &T->cidrs[i].p))
			sn->apart_by = T->cidrs[i].what;
	return sn->apart_by;
}

/* A private address of subnet sn for in, known only after apply: a stand-in, the
 * fifth address of the subnet past the four AWS keeps (F1.3), then one more per
 * resource already given one there; NULL when the subnet has none left (warned).
 * *why is set when a rule tells addresses of the subnet apart, so the stand-in cannot
 * stand for the address AWS will give. */
static const char *stand_in_ip(struct tf *T, struct tfinst *in, struct tfinst *sn,
			       const char **why)
{
	struct net_prefix p;
	if (!parse_cidr(jstr(sn->made, "CidrBlock"), &p))
		return NULL;
	/* AWS keeps the first four and the last address of a subnet (F1.3) */
	unsigned bits = (p.addr.family == NET_V6 ? 128u : 32u) - p.len;
	if (bits < 63 && 4 + sn->stand_ins + 1 >= ((uint64_t)1 << bits)) {
		tf_warn(T, in, "%s: its private IP is known only after apply, and its subnet has "
			"no address left for a stand-in; left out", in->address);
		return NULL;
	}
	struct net_addr a = net_prefix_nth(&p, 4 + sn->stand_ins++);
	char buf[64];
	const char *ip = pool_printf(T->I, "%s", net_addr_str(&a, buf));
	tf_warn_once(T, in, "stand-in private IP", "private IPs known only after apply, "
		     "written as stand-in addresses of their subnets", "%s: its private IP "
		     "is known only after apply; written as %s, an address of its subnet",
		     in->address, ip);
	const char *apart = rule_cidr_inside(T, sn, &p);
	if (apart)
		*why = pool_printf(T->I, "its private IP is known only after apply, and a %s "
				   "tells addresses of its subnet apart", apart);
	return ip;
}

/* An instance's primary interface's Attachment object, in interface ni. */
static cJSON *put_attachment(cJSON *ni)
{
	cJSON *a = cJSON_CreateObject();
	cJSON_AddItemToObjectCS(ni, "Attachment", a);
	return a;
}

/* An instance's IPv6 addresses (F1.3: of its subnet's IPv6 block): as the plan knows
 * them; else, when it gets some after apply (ipv6_address_count, ipv6_addresses, or its
 * subnet's assign_ipv6_address_on_creation), stand-ins of that block, written on its
 * primary interface as the AWS CLI does.  *why is set when a stand-in cannot stand for
 * the address AWS will give: the subnet has no IPv6 block in the plan, or a rule or
 * route with an IPv6 CIDR could tell it apart (inside the subnet's block; any CIDR but
 * ::/0 when the block itself is a stand-in, whose place is not known). */
static void instance_ipv6(struct tf *T, struct tfinst *in, struct tfinst *sn, cJSON *o,
			  const char **why)
{
	const cJSON *v, *e, *cnt;
	enum tfknown st = tf_attr(in, "ipv6_addresses", &v);
	cJSON *addrs = NULL;
	if (st == TF_KNOWN) {
		cJSON_ArrayForEach(e, v)
			if (cJSON_IsString(e) && *e->valuestring) {
				if (!addrs) {
					cJSON *ni = tf_push_obj(tf_put_arr(o, "NetworkInterfaces"));
					tf_put_num(put_attachment(ni), "DeviceIndex", 0);
					addrs = tf_put_arr(ni, "Ipv6Addresses");
				}
				tf_put_str(tf_push_obj(addrs), "Ipv6Address", e->valuestring);
			}
		return;
	}
	bool counted = tf_attr(in, "ipv6_address_count", &cnt) == TF_KNOWN && cJSON_IsNumber(cnt);
	if (st != TF_UNKNOWN || (counted && cnt->valuedouble < 1) ||
	    !(counted || tf_configured(in, "ipv6_addresses") ||
	      cJSON_IsTrue(jget(sn->after, "assign_ipv6_address_on_creation"))))
		return;
	const cJSON *s6 = jarr(sn->made, "Ipv6CidrBlockAssociationSet");
	struct net_prefix p;
	if (!s6 || !parse_cidr(jstr(s6->child, "Ipv6CidrBlock"), &p)) {
		*why = "its IPv6 addresses are known only after apply, and its subnet has no IPv6 "
		       "CIDR in the plan";
		return;
	}
	const cJSON *sv;
	bool block_stand_in = tf_attr(sn, "ipv6_cidr_block", &sv) != TF_KNOWN;
	long n = counted ? (long)cnt->valuedouble : 1;
	if (n > 16)
		n = 16;
	cJSON *ni = tf_push_obj(tf_put_arr(o, "NetworkInterfaces"));
	tf_put_num(put_attachment(ni), "DeviceIndex", 0);
	addrs = tf_put_arr(ni, "Ipv6Addresses");
	const char *first = NULL;
	for (long k = 0; k < n; k++) {
		struct net_addr a = net_prefix_nth(&p, 4 + sn->stand_ins++);
		char buf[64];
		const char *ip = pool_printf(T->I, "%s", net_addr_str(&a, buf));
		first = first ? first : ip;
		tf_put_str(tf_push_obj(addrs), "Ipv6Address", ip);
	}
	tf_warn_once(T, in, "stand-in IPv6 address", "IPv6 addresses known only after apply, "
		     "written as stand-in addresses of their subnets", "%s: its IPv6 address is "
		     "known only after apply; written as %s, an address of its subnet's IPv6 CIDR",
		     in->address, first);
	if (!T->cidrs_read)
		read_cidrs(T);
	for (size_t i = 0; i < T->ncidrs && !*why; i++) {
		const struct net_prefix *c = &T->cidrs[i].p;
		if (c->addr.family == NET_V6 && c->len > 0 &&
		    (block_stand_in || (c->len > p.len && net_prefix_covers(&p, c))))
			*why = pool_printf(T->I, "its IPv6 address is known only after apply, and a %s "
					   "with an IPv6 CIDR (%s) could tell it apart", T->cidrs[i].what,
					   block_stand_in ? "its subnet's IPv6 CIDR is known only after "
					   "apply too" : "inside its subnet's");
	}
}

/* A security group that stands for groups known only after apply: not in the
 * topology, so listed as missing when written, and a trace from or to what carries it
 * ends ambiguous. */
static const char *unknown_groups(struct tf *T, struct tfinst *in, const char *why,
				  const char *why_attr)
{
	const char *ph = pool_printf(T->I, "sg-tf%012llx", (unsigned long long)(tf_fnv1a(
		pool_printf(T->I, "%s#unknown-groups", in->address)) >> 16));
	tf_warn(T, in, "%s: %s: its security groups are written as %s, listed as missing, "
		"so that a trace from or to it ends ambiguous", in->address, why, ph);
	tf_note_unknown(T, in, why_attr, "security_group", "id", ph);
	return ph;
}

/* The groups of an instance (vpc_security_group_ids) or interface (security_groups):
 * their ids, 0 when not configured (AWS's choice: the VPC's default group), or -1 when
 * they are known only after apply and not resolvable. */
static int groups_of(struct tf *T, struct tfinst *in, const char *attr, const char *alt,
		     const char **ids)
{
	const cJSON *v;
	enum tfknown gs = tf_attr(in, attr, &v);
	/* not configured: the VPC's default group at launch, plus what
	 * aws_network_interface_sg_attachment resources add; the refreshed list of an
	 * existing one shows those too, even one this plan deletes.  A state has nothing
	 * pending: its values are the groups. */
	if ((gs == TF_UNKNOWN || in->cfg) && !tf_configured(in, attr) &&
	    !(alt && tf_configured(in, alt)))
		gs = TF_UNSET;
	return tf_link(T, in, attr, gs, v, attr, TF_SG, true, ids, MAX_IDS);
}

/* ---- network interfaces (F6.5) ----------------------------------------------------- */

static const char *const TF_INSTANCE[] = { "aws_instance", NULL };
static const char *const TF_ENI_OR_PRIMARY[] = { "aws_network_interface",
						 "aws_instance@primary_network_interface_id", NULL };

/* Attaches interface object eni to instance id at device index di. */
static void attach_eni(cJSON *eni, const char *instance, long di)
{
	cJSON_DeleteItemFromObjectCaseSensitive(eni, "Attachment");
	cJSON_DeleteItemFromObjectCaseSensitive(eni, "Status");
	cJSON *a = cJSON_CreateObject();
	tf_put_str(a, "InstanceId", instance);
	tf_put_num(a, "DeviceIndex", (double)di);
	tf_put_str(a, "Status", "attached");
	cJSON_AddItemToObjectCS(eni, "Attachment", a);
	tf_put_str(eni, "Status", "in-use");
}

void tf_make_eni(struct tf *T, struct tfinst *in)
{
	bool unknown = false;
	const char *sub = tf_link1(T, in, "subnet_id", TF_SUBNET, &unknown);
	struct tfinst *sn = tf_inst_by_id(T, NULL, sub);
	if (!sn || !sn->made) {
		tf_warn(T, in, "%s: its subnet is %s; the interface is left out", in->address,
			unknown ? "known only after apply" : "not in the plan");
		note_missing(T->I, "network_interfaces", NULL, NULL);
		return;
	}
	const char *vpc = jstr(sn->made, "VpcId"), *why = NULL;
	cJSON *o = tf_new_obj(T);
	tf_put_str(o, "NetworkInterfaceId", in->id);
	tf_put_str(o, "SubnetId", jstr(sn->made, "SubnetId"));
	tf_put_str(o, "VpcId", vpc);
	tf_put_str(o, "InterfaceType", "interface");
	tf_put_str(o, "Status", "available");
	/* addresses: private_ip first, then the others of private_ips; a stand-in when
	 * neither is known */
	cJSON *ips = tf_put_arr(o, "PrivateIpAddresses");
	const char *primary = tf_str(in, "private_ip");
	const cJSON *list, *x;
	if (tf_attr(in, "private_ips", &list) != TF_KNOWN)
		list = NULL;
	if (!primary && cJSON_IsArray(list) && cJSON_IsString(list->child))
		primary = list->child->valuestring;
	if (!primary)
		primary = stand_in_ip(T, in, sn, &why);
	if (!primary) {
		tf_note_unknown(T, in, "private_ip", "network_interfaces", NULL, NULL);
		return;
	}
	const char *why_attr = why ? "private_ip" : NULL;
	tf_put_str(o, "PrivateIpAddress", primary);
	cJSON *pe = tf_push_obj(ips);
	tf_put_str(pe, "PrivateIpAddress", primary);
	tf_put_bool(pe, "Primary", true);
	cJSON_ArrayForEach(x, list)
		if (cJSON_IsString(x) && strcmp(x->valuestring, primary))
			tf_put_str(tf_push_obj(ips), "PrivateIpAddress", x->valuestring);
	const char *ids[MAX_IDS];
	int n = groups_of(T, in, "security_groups", NULL, ids);
	if (n < 0) {
		why = "its security groups are known only after apply";
		why_attr = "security_groups";
	}
	cJSON *groups = tf_put_arr(o, "Groups");
	if (why) {
		tf_put_str(tf_push_obj(groups), "GroupId", unknown_groups(T, in, why, why_attr));
	} else if (!n) {
		tf_put_str(tf_push_obj(groups), "GroupId", tf_default_sg(T, vpc));
	} else {
		for (int i = 0; i < n; i++)
			tf_put_str(tf_push_obj(groups), "GroupId", ids[i]);
	}
	/* attachment blocks: {instance, device_index} */
	const cJSON *atts;
	if (tf_attr(in, "attachment", &atts) == TF_KNOWN) {
		int i = 0;
		cJSON_ArrayForEach(x, atts)
		{
			const cJSON *v;
			enum tfknown st = tf_elem_attr(in, "attachment", i++, x, "instance", &v);
			const char *inst[1];
			int k = tf_link(T, in, "attachment.instance", st, v, "attachment", TF_INSTANCE,
					false, inst, 1);
			long di = 0;
			jint(x, "device_index", &di);
			if (k == 1)
				attach_eni(o, inst[0], di);
			else if (k < 0)
				note_missing(T->I, "network_interfaces", NULL, NULL);
		}
	}
	cJSON *t = tf_push_obj(tf_put_arr(o, "TagSet"));
	tf_put_str(t, "Key", "Name");
	tf_put_str(t, "Value", in->address);
	tf_add(T, RK_ENI, in, o);
}

/* The instance an interface reference names when it is an instance's own primary
 * interface (aws_instance.x.primary_network_interface_id). */
static struct tfinst *primary_owner(struct tf *T, const char *id)
{
	struct tfinst *i = tf_inst_by_id(T, "aws_instance", id);
	for (size_t k = 0; !i && id && k < T->n; k++)
		if (tf_same(tf_str(&T->v[k], "primary_network_interface_id"), id) &&
		    !T->v[k].gone && !strcmp(T->v[k].type, "aws_instance"))
			i = &T->v[k];
	return i && i->made ? i : NULL;
}

/* instances: false before the instances are made (an interface's own parts, which an
 * instance whose primary interface it is then takes), true after (the parts of an
 * instance's primary interface named through the instance). */
static void eni_part(struct tf *T, struct tfinst *in, bool instances)
{
	bool unknown = false;
	const char *id = tf_link1(T, in, "network_interface_id", TF_ENI_OR_PRIMARY, &unknown);
	struct tfinst *eni = tf_inst_by_id(T, "aws_network_interface", id);
	if (instances == (eni != NULL || unknown))
		return;
	struct tfinst *owner = eni ? NULL : primary_owner(T, id);
	cJSON *target = eni && eni->made ? eni->made : owner ? owner->made : NULL;
	if (!target) {
		if (!unknown && id)
			tf_warn(T, in, "%s: network interface %s is not in the plan; left out",
				in->address, id);
		if (unknown)
			note_missing(T->I, "network_interfaces", NULL, NULL);
		return;
	}
	if (!strcmp(in->type, "aws_network_interface_attachment")) {
		const char *inst = tf_link1(T, in, "instance_id", TF_INSTANCE, &unknown);
		long di = 1;
		jint(in->after, "device_index", &di);
		if (inst && eni)
			attach_eni(target, inst, di);
		else if (unknown)
			note_missing(T->I, "network_interfaces", NULL, NULL);
		return;
	}
	/* aws_network_interface_sg_attachment: one more group on the interface */
	const char *sg = tf_link1(T, in, "security_group_id", TF_SG, &unknown);
	cJSON *groups = (cJSON *)jget(target, eni ? "Groups" : "SecurityGroups");
	if (!sg && !unknown)
		return;
	if (!groups) { /* an instance that had the VPC's default group keeps it */
		groups = tf_put_arr(target, "SecurityGroups");
		tf_put_str(tf_push_obj(groups), "GroupId", tf_default_sg(T, jstr(target, "VpcId")));
	}
	const cJSON *g;
	cJSON_ArrayForEach(g, groups)
		if (sg && tf_same(jstr(g, "GroupId"), sg))
			return; /* listed already (a state's refreshed list) */
	tf_put_str(tf_push_obj(groups), "GroupId", sg ? sg : unknown_groups(T, in,
		   "the group it attaches is known only after apply", "security_group_id"));
}

void tf_make_eni_part(struct tf *T, struct tfinst *in)
{
	eni_part(T, in, false);
}

void tf_make_eni_part_late(struct tf *T, struct tfinst *in)
{
	eni_part(T, in, true);
}

/* ---- instances --------------------------------------------------------------------- */

/* The interface of a network_interface block of an instance at device index 0 (its
 * primary interface, which the instance then takes its subnet, address and groups
 * from); the others are attached at their index.  *unknown when a block's interface
 * cannot be told. */
static struct tfinst *instance_enis(struct tf *T, struct tfinst *in, bool *unknown)
{
	const cJSON *blocks, *x;
	struct tfinst *primary = NULL;
	if (tf_attr(in, "network_interface", &blocks) != TF_KNOWN) {
		if (tf_configured(in, "network_interface"))
			*unknown = true;
		return NULL;
	}
	int i = 0;
	cJSON_ArrayForEach(x, blocks)
	{
		const cJSON *v;
		enum tfknown st = tf_elem_attr(in, "network_interface", i++, x, "network_interface_id", &v);
		const char *id[1];
		int k = tf_link(T, in, "network_interface.network_interface_id", st, v,
				"network_interface", (const char *const[]){ "aws_network_interface", NULL },
				false, id, 1);
		struct tfinst *eni = k == 1 ? tf_inst_by_id(T, "aws_network_interface", id[0]) : NULL;
		long di = 0;
		jint(x, "device_index", &di);
		if (!eni || !eni->made) {
			if (k != 0)
				*unknown = true;
			continue;
		}
		attach_eni(eni->made, in->id, di);
		if (di == 0)
			primary = eni;
	}
	return primary;
}

/* Whether an instance without a known public_ip gets one at launch (F5.3: without one
 * the internet cannot reach it): TF_KNOWN yes, TF_UNSET no, TF_UNKNOWN when what decides
 * is known only after apply (*decider, *attr: whose attribute).  Its own
 * associate_public_ip_address decides when it is known or configured (an unknown one
 * that is configured is unknown); left to AWS (unset, or computed and not configured),
 * the subnet's map_public_ip_on_launch does, unless a launch template may set it.  An
 * instance launched on an interface of its own (network_interface) gets none. */
static enum tfknown gets_public_ip(struct tfinst *in, struct tfinst *sn, bool on_eni,
				   const struct tfinst **decider, const char **attr)
{
	const cJSON *v = NULL;
	enum tfknown as = tf_attr(in, "associate_public_ip_address", &v);
	*decider = in;
	*attr = "associate_public_ip_address";
	if (as == TF_KNOWN)
		return cJSON_IsTrue(v) ? TF_KNOWN : TF_UNSET;
	if (on_eni)
		return TF_UNSET;
	if (as == TF_UNKNOWN && (tf_configured(in, "associate_public_ip_address") ||
				 tf_configured(in, "launch_template")))
		return TF_UNKNOWN;
	enum tfknown ms = tf_attr(sn, "map_public_ip_on_launch", &v);
	if (ms == TF_UNKNOWN) {
		*decider = sn;
		*attr = "map_public_ip_on_launch";
		return TF_UNKNOWN;
	}
	return ms == TF_KNOWN && cJSON_IsTrue(v) ? TF_KNOWN : TF_UNSET;
}

/* An instance.  What is known only after apply and would decide a trace (its security
 * groups, a public address it gets, a private address where a rule tells addresses of
 * its subnet apart) makes its groups a missing one: every trace from or to it then
 * ends ambiguous, MISSING_DATA, never a guess. */
void tf_make_instance(struct tf *T, struct tfinst *in)
{
	bool unknown = false;
	struct tfinst *eni = instance_enis(T, in, &unknown);
	/* subnet_id is computed: not configured, a default subnet of the default VPC */
	const char *sub = eni ? jstr(eni->made, "SubnetId") : unknown ? NULL :
			  tf_link_configured(T, in, "subnet_id", TF_SUBNET, &unknown);
	struct tfinst *sn = tf_inst_by_id(T, NULL, sub);
	if (sn && !sn->made && (sn->unknown_by || sn->unknown_attr)) {
		/* its subnet is left out because its CIDR, or its VPC's, is known only
		 * after apply (or sensitive): so is the instance, listed by its own address
		 * so that a trace from or to it by name ends ambiguous */
		const struct tfinst *cause = sn->unknown_by ? sn->unknown_by : sn;
		tf_warn(T, in, "%s: where its subnet is (%s.%s) is known only after apply or "
			"sensitive; the instance is left out", in->address, cause->address,
			cause->unknown_attr);
		tf_note_unknown(T, in, "subnet_id", "instances", "id", in->id);
		return;
	}
	if (!sn || !sn->made) {
		tf_warn_once(T, in, unknown ? "instance subnet unknown" : "instance subnet absent",
			     unknown ? "left out, their subnet known only after apply" :
			     "left out, their subnet not in the plan", "%s: its subnet is %s; the "
			     "instance is left out", in->address, unknown ? "known only after apply" :
			     sub ? "not in the plan" : "not in the plan (no subnet_id: a default subnet "
			     "of the default VPC)");
		/* each one listed by its id with its address, so that a trace from it says
		 * why it is not there */
		if (unknown) {
			tf_note_unknown(T, in, NULL, "instances", "id", in->id);
		} else {
			size_t before = T->I->nmissing;
			note_missing(T->I, "instances", "id", in->id);
			if (T->I->nmissing > before) /* (--from ADDRESS names it) */
				T->I->missing[before].address = in->address;
		}
		return;
	}
	const char *vpc = jstr(sn->made, "VpcId");
	cJSON *o = tf_new_obj(T);
	tf_put_str(o, "InstanceId", in->id);
	tf_put_str(o, "SubnetId", jstr(sn->made, "SubnetId"));
	tf_put_str(o, "VpcId", vpc);
	const char *state = tf_str(in, "instance_state");
	cJSON *st = cJSON_CreateObject();
	tf_put_str(st, "Name", state ? state : "running");
	cJSON_AddItemToObjectCS(o, "State", st);
	const char *why = NULL, *why_attr = NULL;
	const char *ip = eni ? jstr(eni->made, "PrivateIpAddress") : tf_str(in, "private_ip");
	if (!ip && !(ip = stand_in_ip(T, in, sn, &why))) {
		tf_note_unknown(T, in, "private_ip", "instances", "id", in->id);
		return;
	}
	if (why)
		why_attr = "private_ip";
	tf_put_str(o, "PrivateIpAddress", ip);
	if (!eni && !why) {
		instance_ipv6(T, in, sn, o, &why);
		if (why)
			why_attr = "ipv6_addresses";
	}
	const char *pub = tf_str(in, "public_ip");
	const struct tfinst *decider = in;
	const char *decided_by = NULL;
	enum tfknown gets = pub ? TF_KNOWN : gets_public_ip(in, sn, eni != NULL, &decider,
							    &decided_by);
	if (pub)
		tf_put_str(o, "PublicIpAddress", pub);
	else if (gets == TF_UNKNOWN) {
		/* a stand-in with its groups missing: a flow from the internet reaches
		 * them and ends ambiguous, not NO_PUBLIC_IP */
		why = decider == in ? "whether it gets a public IP is known only after apply" :
		      pool_printf(T->I, "whether it gets a public IP is known only after apply "
				  "(%s.%s)", decider->address, decided_by);
		why_attr = "associate_public_ip_address";
		tf_put_str(o, "PublicIpAddress", tf_public_stand_in(T, in));
	} else if (gets == TF_KNOWN)
		tf_put_str(o, "PublicIpAddress", tf_public_stand_in(T, in));
	const char *ids[MAX_IDS];
	int n = eni ? 0 : groups_of(T, in, "vpc_security_group_ids", "security_groups", ids);
	if (n < 0) {
		why = "its security groups are known only after apply";
		why_attr = "vpc_security_group_ids";
	}
	cJSON *groups = tf_put_arr(o, "SecurityGroups");
	if (eni) {
		/* the primary interface's groups are the instance's */
		const cJSON *g;
		cJSON_ArrayForEach(g, jarr(eni->made, "Groups"))
			tf_put_str(tf_push_obj(groups), "GroupId", jstr(g, "GroupId"));
		if (why)
			tf_put_str(tf_push_obj(groups), "GroupId", unknown_groups(T, in, why, why_attr));
	} else if (why) {
		tf_put_str(tf_push_obj(groups), "GroupId", unknown_groups(T, in, why, why_attr));
	} else {
		for (int i = 0; i < n; i++)
			tf_put_str(tf_push_obj(groups), "GroupId", ids[i]);
		if (!n)
			cJSON_DeleteItemFromObject(o, "SecurityGroups"); /* the VPC's default */
	}
	tf_put_tags(T, o, in);
	tf_add(T, RK_INST, in, o);
}

/* ---- elastic IPs on instances and interfaces ---------------------------------------- */

/* Gives the instance that target names (an instance, or the interface that is an
 * instance's primary one) the elastic IP pub. */
static void give_eip(struct tf *T, struct tfinst *from, const char *target, const char *pub)
{
	struct tfinst *i = tf_inst_by_id(T, "aws_instance", target);
	struct tfinst *eni = i ? NULL : tf_inst_by_id(T, "aws_network_interface", target);
	if (eni && eni->made) {
		const cJSON *att = jget(eni->made, "Attachment");
		long di = -1;
		if (jint(att, "DeviceIndex", &di) && di == 0)
			i = tf_inst_by_id(T, "aws_instance", jstr(att, "InstanceId"));
		else
			tf_warn(T, from, "%s: its address is on %s, an interface that is no instance's "
				"primary one; vpcpath does not model a public address there", from->address,
				eni->address);
	}
	if (!i || !i->made)
		return;
	cJSON_DeleteItemFromObjectCaseSensitive(i->made, "PublicIpAddress");
	tf_put_str(i->made, "PublicIpAddress", pub);
}

static const char *const TF_EIP_TARGETS[] = { "aws_instance", "aws_network_interface",
					      "aws_instance@primary_network_interface_id", NULL };

/* aws_eip (instance, network_interface) and aws_eip_association (allocation_id or
 * public_ip; instance_id or network_interface_id): the instance's public address after
 * apply, a stand-in when the address is known only then. */
void tf_make_eip_link(struct tf *T, struct tfinst *in)
{
	bool assoc = !strcmp(in->type, "aws_eip_association");
	struct tfinst *eip = in;
	if (assoc) {
		bool u = false;
		const char *alloc = tf_link1(T, in, "allocation_id",
					     (const char *const[]){ "aws_eip", NULL }, &u);
		eip = tf_inst_by_id(T, "aws_eip", alloc);
	}
	for (int k = 0; k < 2; k++) {
		const char *attr = assoc ? (k ? "network_interface_id" : "instance_id") :
				   (k ? "network_interface" : "instance");
		const cJSON *v;
		enum tfknown st = tf_attr(in, attr, &v);
		if (st == TF_UNKNOWN && !tf_configured(in, attr))
			continue; /* computed: not associated here */
		const char *out[1];
		int n = tf_link(T, in, attr, st, v, attr, TF_EIP_TARGETS, false, out, 1);
		if (n < 0)
			tf_warn(T, in, "%s: what it is associated with is known only after apply; no "
				"instance is given its address", in->address);
		if (n != 1)
			continue;
		const char *pub = eip ? tf_str(eip, "public_ip") : tf_str(in, "public_ip");
		if (!pub)
			pub = tf_public_stand_in(T, eip ? eip : in);
		give_eip(T, in, out[0], pub);
	}
}
