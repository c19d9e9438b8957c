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

void tf_make_bucket(struct tf *T, struct tfinst *in)
{
	const char *name = tf_str(in, "bucket");
	if (!name) {
		tf_warn(T, in, "%s: the bucket's name is known only after apply (bucket_prefix?); "
			"left out", in->address);
		return;
	}
	cJSON *o = tf_new_obj(T);
	tf_put_str(o, "Name", name);
	tf_put_str(o, "BucketRegion", tf_str(in, "region") ? tf_str(in, "region") : T->f->region);
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
				      table ? "aws_dynamodb_table" : "aws_s3_bucket.bucket", NULL };
	bool unknown = false;
	const char *subject = tf_link1(T, in, table ? "resource_arn" : "bucket", types, &unknown);
	const char *name = subject;
	struct tfinst *owner = NULL;
	for (size_t i = 0; subject && i < T->n && !owner; i++) {
		struct tfinst *c = &T->v[i];
		if (!c->gone && c->made && !strcmp(c->type, table ? "aws_dynamodb_table" :
						   "aws_s3_bucket") &&
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
		tf_warn(T, in, "%s: the policy is known only after apply; the policy of %s is listed "
			"as unknown, so that a trace whose answer depends on it ends ambiguous",
			in->address, owner ? owner->address : name);
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
void tf_make_instance(struct tf *T, struct tfinst *in)
{
	bool unknown = false;
	const char *sub = tf_link1(T, in, "subnet_id", TF_SUBNET, &unknown);
	struct tfinst *sn = tf_inst_by_id(T, NULL, sub);
	if (!sn || !sn->made) {
		tf_warn_once(T, in, unknown ? "instance subnet unknown" : "instance subnet absent",
			     unknown ? "left out, their subnet known only after apply" :
			     "left out, their subnet not in the plan", "%s: its subnet is %s; the "
			     "instance is left out", in->address, unknown ? "known only after apply" :
			     "not in the plan");
		/* each one listed by its id with its address, so that a trace from it says
		 * why it is not there */
		if (unknown)
			tf_note_unknown(T, in, NULL, "instances", "id", in->id);
		else
			note_missing(T->I, "instances", "id", in->id);
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
	const char *ip = tf_str(in, "private_ip");
	if (!ip) {
		/* a stand-in address of its subnet: the fifth, past the four AWS keeps
		 * (F1.3), then one more per instance already given one there */
		struct net_prefix p;
		if (!parse_cidr(jstr(sn->made, "CidrBlock"), &p))
			return;
		/* AWS keeps the first four and the last address of a subnet (F1.3) */
		unsigned bits = (p.addr.family == NET_V6 ? 128u : 32u) - p.len;
		if (bits < 63 && 4 + sn->stand_ins + 1 >= ((uint64_t)1 << bits)) {
			tf_warn(T, in, "%s: its private IP is known only after apply, and its subnet has "
				"no address left for a stand-in; left out", in->address);
			tf_note_unknown(T, in, "private_ip", "instances", "id", in->id);
			return;
		}
		struct net_addr a = net_prefix_nth(&p, 4 + sn->stand_ins++);
		char buf[64];
		ip = pool_printf(T->I, "%s", net_addr_str(&a, buf));
		tf_warn_once(T, in, "stand-in private IP", "private IPs known only after apply, "
			     "written as stand-in addresses of their subnets", "%s: its private IP "
			     "is known only after apply; written as %s, an address of its subnet",
			     in->address, ip);
		if (rule_cidr_inside(T, &p)) {
			why = "its private IP is known only after apply, and a security group rule "
			      "tells addresses of its subnet apart";
			why_attr = "private_ip";
		}
	}
	tf_put_str(o, "PrivateIpAddress", ip);
	const char *pub = tf_str(in, "public_ip");
	const cJSON *assoc = NULL;
	enum tfknown as = tf_attr(in, "associate_public_ip_address", &assoc);
	bool gets_public = as == TF_KNOWN ? cJSON_IsTrue(assoc) :
			   as == TF_UNKNOWN || cJSON_IsTrue(jget(sn->after, "map_public_ip_on_launch"));
	if (pub)
		tf_put_str(o, "PublicIpAddress", pub);
	else if (gets_public && as != TF_KNOWN && !jget(sn->after, "map_public_ip_on_launch")) {
		why = "whether it gets a public IP is known only after apply";
		why_attr = "associate_public_ip_address";
	}
	else if (gets_public)
		tf_put_str(o, "PublicIpAddress", tf_public_stand_in(T, in));
	const cJSON *v;
	enum tfknown gs = tf_attr(in, "vpc_security_group_ids", &v);
	const char *ids[MAX_IDS];
	/* computed: not configured is the VPC's default group (AWS's choice) */
	if (gs == TF_UNKNOWN && in->cfg &&
	    !jget(jget(in->cfg, "expressions"), "vpc_security_group_ids") &&
	    !jget(jget(in->cfg, "expressions"), "security_groups"))
		gs = TF_UNSET;
	int n = tf_link(T, in, "vpc_security_group_ids", gs, v, "vpc_security_group_ids", TF_SG,
			true, ids, MAX_IDS);
	if (n < 0) {
		why = "its security groups are known only after apply";
		why_attr = "vpc_security_group_ids";
	}
	cJSON *groups = tf_put_arr(o, "SecurityGroups");
	if (why) {
		const char *ph = pool_printf(T->I, "sg-tf%012llx", (unsigned long long)(tf_fnv1a(
			pool_printf(T->I, "%s#unknown-groups", in->address)) >> 16));
		tf_warn(T, in, "%s: %s: its security groups are written as %s, listed as missing, "
			"so that a trace from or to it ends ambiguous", in->address, why, ph);
		tf_note_unknown(T, in, why_attr, "security_group", "id", ph);
		tf_put_str(tf_push_obj(groups), "GroupId", ph);
	} else {
		for (int i = 0; i < n; i++)
			tf_put_str(tf_push_obj(groups), "GroupId", ids[i]);
		if (!n)
			cJSON_DeleteItemFromObject(o, "SecurityGroups"); /* the VPC's default */
	}
	tf_put_tags(T, o, in);
	tf_add(T, RK_INST, in, o);
}

