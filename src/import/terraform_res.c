/* terraform_res.c - the AWS provider's resources as the importer's intermediate
 * resources: objects in the shape the AWS CLI prints (describe-vpcs, …), which the
 * shared passes then decide and emit like a snapshot's (issue 16 item 5).  Each
 * instance's address is its Name, so the topology names it `aws_subnet.app[0]`.
 *
 * What Terraform does differently from AWS's defaults is applied here
 * (terraform-notes.md 2.2): a security group Terraform creates has no egress rule
 * unless one is configured; aws_default_* resources keep only what is configured;
 * separate rule and route resources are merged into their group or table, and one
 * this plan deletes is gone even while the group's refreshed list still shows it. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "terraform_res.h"

/* ---- ids --------------------------------------------------------------------------- */

static const struct { const char *type, *prefix; } id_prefixes[] = {
	{ "aws_vpc", "vpc-" }, { "aws_subnet", "subnet-" }, { "aws_route_table", "rtb-" },
	{ "aws_default_vpc", "vpc-" }, { "aws_default_subnet", "subnet-" },
	{ "aws_default_route_table", "rtb-" }, { "aws_internet_gateway", "igw-" },
	{ "aws_egress_only_internet_gateway", "eigw-" }, { "aws_nat_gateway", "nat-" },
	{ "aws_eip", "eipalloc-" }, { "aws_security_group", "sg-" },
	{ "aws_default_security_group", "sg-" }, { "aws_network_acl", "acl-" },
	{ "aws_default_network_acl", "acl-" }, { "aws_vpc_endpoint", "vpce-" },
	{ "aws_instance", "i-" }, { "aws_network_interface", "eni-" },
	{ "aws_vpc_peering_connection", "pcx-" }, { "aws_ec2_transit_gateway", "tgw-" },
	{ "aws_vpn_gateway", "vgw-" }, { "aws_ec2_managed_prefix_list", "pl-" },
	{ "aws_ec2_transit_gateway_route_table", "tgw-rtb-" },
	{ "aws_ec2_transit_gateway_vpc_attachment", "tgw-attach-" },
	{ "aws_ec2_transit_gateway_peering_attachment", "tgw-attach-" },
	{ "aws_vpn_connection", "vpn-" }, { "aws_customer_gateway", "cgw-" },
	/* internal only: roles, policies and profiles are written by ARN */
	{ "aws_iam_role", "iam-role-" }, { "aws_iam_policy", "iam-policy-" },
	{ "aws_iam_instance_profile", "iam-profile-" },
};

uint64_t tf_fnv1a(const char *s)
{
	uint64_t h = 0xcbf29ce484222325u;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 0x100000001b3u;
	return h;
}

/* The id after apply: the real one when known, else the kind's prefix, "tf" and a
 * stable hash of the address (topology.md, second cycle); a replaced resource gets a
 * new one, as in AWS. */
static void assign_ids(struct tf *T)
{
	for (size_t i = 0; i < T->n; i++) {
		struct tfinst *in = &T->v[i];
		in->id = tf_str(in, "id");
		/* a bucket's and a table's id is its name, often known before apply */
		if (!in->id && (!strcmp(in->type, "aws_s3_bucket") ||
				!strcmp(in->type, "aws_s3_directory_bucket")))
			in->id = tf_str(in, "bucket");
		if (!in->id && !strcmp(in->type, "aws_dynamodb_table"))
			in->id = tf_str(in, "name");
		/* a role's and an instance profile's id is its name (the provider's) */
		if (!in->id && (!strcmp(in->type, "aws_iam_role") ||
				!strcmp(in->type, "aws_iam_instance_profile")))
			in->id = tf_str(in, "name");
		if (in->id)
			continue;
		for (size_t k = 0; k < sizeof(id_prefixes) / sizeof(id_prefixes[0]); k++)
			if (!strcmp(in->type, id_prefixes[k].type)) {
				in->id = pool_printf(T->I, "%stf%012llx", id_prefixes[k].prefix,
						     (unsigned long long)(tf_fnv1a(in->address) >> 16));
				in->id_made = true;
			}
	}
}

/* ---- building AWS CLI-shaped objects ---------------------------------------------- */

cJSON *tf_new_obj(struct tf *T)
{
	cJSON *o = cJSON_CreateObject();
	if (!o)
		abort(); /* cJSON's allocator is xmalloc's (never NULL) */
	own_json(T->I, o);
	return o;
}

/* Strings are borrowed (the file's or the pool's): references, never copies. */
void tf_put_str(cJSON *o, const char *k, const char *v)
{
	if (v)
		cJSON_AddItemToObjectCS(o, k, cJSON_CreateStringReference(v));
}

void tf_put_bool(cJSON *o, const char *k, bool v)
{
	cJSON_AddItemToObjectCS(o, k, cJSON_CreateBool(v));
}

void tf_put_num(cJSON *o, const char *k, double v)
{
	cJSON_AddItemToObjectCS(o, k, cJSON_CreateNumber(v));
}

cJSON *tf_put_arr(cJSON *o, const char *k)
{
	cJSON *a = jget(o, k) ? (cJSON *)jget(o, k) : NULL;
	if (!a) {
		a = cJSON_CreateArray();
		cJSON_AddItemToObjectCS(o, k, a);
	}
	return a;
}

cJSON *tf_push_obj(cJSON *arr)
{
	cJSON *o = cJSON_CreateObject();
	cJSON_AddItemToArray(arr, o);
	return o;
}

/* The Name is the address; the other tags are kept (conditions may test them), the
 * resource's own Name too, after it: it is a name users know (yaml_out.c writes it as
 * a tag, and --from accepts it). */
void tf_put_tags(struct tf *T, cJSON *o, const struct tfinst *in)
{
	cJSON *tags = tf_put_arr(o, "Tags");
	if (strlen(in->address) <= 256) {
		cJSON *t = tf_push_obj(tags);
		tf_put_str(t, "Key", "Name");
		tf_put_str(t, "Value", in->address);
	}
	const cJSON *v = NULL;
	const char *attr = "tags_all";
	if (tf_attr(in, attr, &v) != TF_KNOWN)
		tf_attr(in, attr = "tags", &v);
	/* a tag marked sensitive is never written (terraform-notes.md 1.5) */
	const cJSON *sens = in->sensitive ? jget(in->sensitive, attr) : NULL;
	if (cJSON_IsTrue(in->sensitive) || cJSON_IsTrue(sens))
		return;
	const cJSON *x, *tagmap = cJSON_IsObject(v) ? v : NULL;
	cJSON_ArrayForEach(x, tagmap)
		if (cJSON_IsString(x) && !cJSON_IsTrue(jget(sens, x->string))) {
			cJSON *t = tf_push_obj(tags);
			tf_put_str(t, "Key", x->string);
			tf_put_str(t, "Value", x->valuestring);
		}
	(void)T;
}

struct res *tf_add(struct tf *T, enum rk k, struct tfinst *in, cJSON *o)
{
	in->made = o;
	return res_add(T->I, k, in->id, o, T->f);
}

const char *const TF_VPC[] = { "aws_vpc", "aws_default_vpc",
			       "aws_vpc_ipv4_cidr_block_association.vpc_id",
			       "aws_vpc_ipv6_cidr_block_association.vpc_id", NULL };
const char *const TF_SUBNET[] = { "aws_subnet", "aws_default_subnet", NULL };
const char *const TF_RTB[] = { "aws_route_table", "aws_default_route_table",
				     "aws_vpc.main_route_table_id",
				     "aws_vpc.default_route_table_id", NULL };
const char *const TF_SG[] = { "aws_security_group", "aws_default_security_group",
				    "aws_vpc.default_security_group_id", NULL };
const char *const TF_IGW[] = { "aws_internet_gateway", "aws_vpn_gateway", NULL };
const char *const TF_NAT[] = { "aws_nat_gateway", NULL };
const char *const TF_EIGW[] = { "aws_egress_only_internet_gateway", NULL };
const char *const TF_TGW[] = { "aws_ec2_transit_gateway", NULL };
const char *const TF_PCX[] = { "aws_vpc_peering_connection",
				     "aws_vpc_peering_connection_accepter", NULL };
const char *const TF_VPCE[] = { "aws_vpc_endpoint", NULL };
const char *const TF_ENI[] = { "aws_network_interface",
				     "aws_instance@primary_network_interface_id", NULL };
/* an endpoint's prefix_list_id is its service's list (tf_pl_id): the endpoint is taken */
const char *const TF_PL[] = { "aws_ec2_managed_prefix_list", "aws_prefix_list",
				    "aws_vpc_endpoint@prefix_list_id", NULL };

/* One link attribute: its single id, or NULL (unset, or unknown with a warning). */
const char *tf_link1(struct tf *T, struct tfinst *in, const char *attr,
			 const char *const *types, bool *unknown)
{
	const cJSON *v;
	enum tfknown st = tf_attr(in, attr, &v);
	const char *out[1];
	int n = tf_link(T, in, attr, st, v, attr, types, false, out, 1);
	if (n < 0 && unknown)
		*unknown = true;
	return n > 0 ? out[0] : NULL;
}

bool tf_same(const char *a, const char *b)
{
	return a && b && !strcmp(a, b);
}

/* Whether the configuration sets attr (an unknown computed attribute that it does not
 * set is AWS's default, not an unknown link). */
bool tf_configured(const struct tfinst *in, const char *attr)
{
	return in->cfg && jget(jget(in->cfg, "expressions"), attr);
}

/* The VPC of an aws_default_route_table or _network_acl: the one whose attribute
 * (default_route_table_id, default_network_acl_id) it names: by value when known, else
 * through the configuration's reference to the aws_vpc. */
const char *tf_default_of(struct tf *T, struct tfinst *in, const char *attr, bool *unknown)
{
	const cJSON *v;
	enum tfknown st = tf_attr(in, attr, &v);
	if (st == TF_KNOWN && cJSON_IsString(v)) {
		for (size_t i = 0; i < T->n; i++)
			if (!T->v[i].gone && !strcmp(T->v[i].type, "aws_vpc") &&
			    (tf_same(tf_str(&T->v[i], attr), v->valuestring) ||
			     (!strcmp(attr, "default_route_table_id") &&
			      tf_same(tf_str(&T->v[i], "main_route_table_id"), v->valuestring))))
				return T->v[i].id;
		return tf_str(in, "vpc_id");
	}
	const char *types[] = { pool_printf(T->I, "aws_vpc@%s", attr), NULL, NULL };
	if (!strcmp(attr, "default_route_table_id"))
		types[1] = "aws_vpc@main_route_table_id";
	const char *out[1];
	int n = tf_link(T, in, attr, st, v, attr, types, false, out, 1);
	if (n < 0)
		*unknown = true;
	return n > 0 ? out[0] : tf_str(in, "vpc_id");
}

/* ---- VPCs and subnets -------------------------------------------------------------- */

struct tfinst *tf_inst_by_id(struct tf *T, const char *type, const char *id)
{
	/* binary search of the instances in id order (index_ids), then the first of that
	 * id that is of the type and exists after apply (ids repeat across types: a
	 * bucket's and its policy's are both the bucket's name) */
	size_t lo = 0, hi = T->nbyid;
	while (id && lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (strcmp(T->v[T->byid[mid]].id, id) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (size_t i = lo; id && i < T->nbyid && !strcmp(T->v[T->byid[i]].id, id); i++) {
		struct tfinst *in = &T->v[T->byid[i]];
		if (!in->gone && (!type || !strcmp(in->type, type)))
			return in;
	}
	return NULL;
}

static const struct tf *sort_tf; /* qsort has no context argument */

static int cmp_byid(const void *a, const void *b)
{
	const struct tfinst *x = &sort_tf->v[*(const size_t *)a], *y = &sort_tf->v[*(const size_t *)b];
	int c = strcmp(x->id, y->id);
	return c ? c : (x->seq < y->seq ? -1 : x->seq > y->seq);
}

/* The instances that have an id, in id order (tf_inst_by_id). */
static void index_ids(struct tf *T)
{
	T->byid = xmalloc((T->n + 1) * sizeof(*T->byid));
	T->nbyid = 0;
	for (size_t i = 0; i < T->n; i++)
		if (T->v[i].id)
			T->byid[T->nbyid++] = i;
	sort_tf = T;
	qsort(T->byid, T->nbyid, sizeof(*T->byid), cmp_byid);
	sort_tf = NULL;
}

/* The account the plan's resources are in: data.aws_caller_identity, else an owner_id
 * or an ARN of a resource that exists; NULL when the plan does not say. */
const char *tf_plan_account(struct tf *T)
{
	for (size_t i = 0; i < T->n; i++)
		if (T->v[i].data && !strcmp(T->v[i].type, "aws_caller_identity") &&
		    tf_str(&T->v[i], "account_id"))
			return tf_str(&T->v[i], "account_id");
	for (size_t i = 0; i < T->n; i++)
		if (!T->v[i].data && tf_str(&T->v[i], "owner_id"))
			return tf_str(&T->v[i], "owner_id");
	for (size_t i = 0; i < T->n; i++) {
		const char *arn = T->v[i].data ? NULL : tf_str(&T->v[i], "arn");
		const char *p = arn;
		for (int f = 0; p && f < 4; f++)
			p = strchr(p, ':') ? strchr(p, ':') + 1 : NULL;
		size_t n = p ? strspn(p, "0123456789") : 0;
		if (n == 12 && p[n] == ':')
			return pool_strndup(T->I, p, n);
	}
	return NULL;
}

/* ---- what AWS makes with every VPC -------------------------------------------------- */

static const char *implicit_id(struct tf *T, const char *prefix, const struct tfinst *vpc,
			       const char *what)
{
	const char *a = pool_printf(T->I, "%s#%s", vpc->address, what);
	return pool_printf(T->I, "%stf%012llx", prefix, (unsigned long long)(tf_fnv1a(a) >> 16));
}

/* The vpc's aws_default_security_group that tf_drop_unknown_groups left out (listed
 * as missing: a rule of it is known only after apply), or NULL. */
static struct tfinst *dropped_default_sg(struct tf *T, const char *vpc)
{
	for (size_t m = 0; m < T->I->nmissing; m++) {
		if (strcmp(T->I->missing[m].kind, "security_group"))
			continue;
		struct tfinst *g = tf_inst_by_id(T, "aws_default_security_group", T->I->missing[m].value);
		if (g && g->made && tf_same(jstr(g->made, "VpcId"), vpc))
			return g;
	}
	return NULL;
}

const char *tf_default_sg(struct tf *T, const char *vpc)
{
	struct tfinst *dropped = dropped_default_sg(T, vpc);
	if (dropped)
		return dropped->id;
	for (size_t i = 0; i < T->I->l[RK_SG].n; i++)
		if (tf_same(jstr(T->I->l[RK_SG].v[i].j, "VpcId"), vpc) &&
		    tf_same(jstr(T->I->l[RK_SG].v[i].j, "GroupName"), "default"))
			return T->I->l[RK_SG].v[i].id;
	struct tfinst *v = tf_inst_by_id(T, "aws_vpc", vpc);
	v = v ? v : tf_inst_by_id(T, "aws_default_vpc", vpc);
	if (!v || !v->made)
		return NULL;
	/* the one tf_make_implicit writes */
	const char *id = tf_str(v, "default_security_group_id");
	return id ? id : implicit_id(T, "sg-", v, "default-sg");
}

/* Whether the VPC has an object of kind k: with flag_list "-", one whose flag is true;
 * with another list, one with an item of that list whose flag is true. */
static bool vpc_has(struct tf *T, enum rk k, const char *vpc, const char *flag_list,
		    const char *flag)
{
	for (size_t i = 0; i < T->I->l[k].n; i++) {
		const struct res *r = &T->I->l[k].v[i];
		if (!tf_same(jstr(r->j, "VpcId"), vpc))
			continue;
		if (!flag_list || (!strcmp(flag_list, "-") && jbool(r->j, flag, false)))
			return true;
		const cJSON *a;
		cJSON_ArrayForEach(a, jarr(r->j, flag_list))
			if (jbool(a, flag, false))
				return true;
	}
	return false;
}

/* The characters (code points) of UTF-8 text s in its first n bytes. */
static size_t utf8_chars(const char *s, size_t n)
{
	size_t c = 0;
	for (size_t i = 0; i < n && s[i]; i++)
		c += ((unsigned char)s[i] & 0xC0) != 0x80;
	return c;
}

/* The Name vpcpath makes up for what AWS makes with address's resource ("ADDRESS
 * (main route table)"), within AWS's 256 characters of a tag value, which the shared
 * passes enforce on what a plan says: a long address is cut, at a character's start,
 * and marked with an ellipsis; what follows it, which tells the names apart, stays. */
const char *tf_made_name(struct tf *T, const char *address, const char *what)
{
	const char *name = pool_printf(T->I, "%s (%s)", address, what);
	size_t len = strlen(name);
	if (utf8_chars(name, len) <= 256)
		return name;
	size_t tail = utf8_chars(what, strlen(what)) + 4; /* "…", " (", ")" */
	size_t keep = 0, chars = 0;
	while (address[keep] && chars < 256 - tail) {
		chars++;
		keep++;
		while (((unsigned char)address[keep] & 0xC0) == 0x80)
			keep++;
	}
	return pool_printf(T->I, "%.*s\xe2\x80\xa6 (%s)", (int)keep, address, what);
}

static void implicit_name(cJSON *o, struct tf *T, const struct tfinst *vpc, const char *what)
{
	cJSON *t = tf_push_obj(tf_put_arr(o, "Tags"));
	tf_put_str(t, "Key", "Name");
	tf_put_str(t, "Value", tf_made_name(T, vpc->address, what));
}

/* The main route table (local routes only), the default network ACL (allow all, F6.3)
 * and the default security group (F6.2: members talk to each other, all egress) of each
 * VPC whose plan does not adopt them with aws_default_* or a main association: AWS
 * makes them with the VPC, and Terraform leaves them as they are. */
void tf_make_implicit(struct tf *T, struct tfinst *vpc)
{
	if (!vpc->made)
		return;
	struct imp *I = T->I;
	/* with an IPv6 block, the default ACL's rules 101 and the default group's egress
	 * cover ::/0 too (F6.3, F6.2) */
	bool ipv6 = jarr(vpc->made, "Ipv6CidrBlockAssociationSet") != NULL;
	bool main_table = vpc_has(T, RK_RTB, vpc->id, "Associations", "Main");
	if (tf_rt_unknown(T, vpc->id)) {
		tf_note_unknown(T, NULL, NULL, "route_tables", "vpc", vpc->id);
	} else if (!main_table && !strcmp(vpc->type, "aws_default_vpc")) {
		/* a default VPC's main table is AWS's with a route to its internet gateway
		 * (both made with it, neither in the plan), not one of local routes only */
		tf_warn(T, vpc, "%s: the default VPC's main route table (AWS gives it a route to "
			"the VPC's internet gateway) and its internet gateway are not in the plan "
			"(no aws_default_route_table); listed as missing", vpc->address);
		note_missing(I, "route_tables", "vpc", vpc->id);
	} else if (!main_table) {
		cJSON *o = tf_new_obj(T);
		const char *id = tf_str(vpc, "main_route_table_id");
		tf_put_str(o, "RouteTableId", id ? id : implicit_id(T, "rtb-", vpc, "main"));
		tf_put_str(o, "VpcId", vpc->id);
		tf_put_arr(o, "Routes");
		tf_put_bool(tf_push_obj(tf_put_arr(o, "Associations")), "Main", true);
		implicit_name(o, T, vpc, "main route table");
		res_add(I, RK_RTB, jstr(o, "RouteTableId"), o, T->f);
	}
	if (tf_acl_unknown(T, vpc->id)) {
		note_missing(I, "network_acls", "vpc", vpc->id);
	} else if (!vpc_has(T, RK_NACL, vpc->id, "-", "IsDefault")) {
		cJSON *o = tf_new_obj(T);
		const char *id = tf_str(vpc, "default_network_acl_id");
		tf_put_str(o, "NetworkAclId", id ? id : implicit_id(T, "acl-", vpc, "default-acl"));
		tf_put_str(o, "VpcId", vpc->id);
		tf_put_bool(o, "IsDefault", true);
		cJSON *entries = tf_put_arr(o, "Entries");
		for (int egress = 0; egress < 2; egress++)
			for (int six = 0; six < 1 + ipv6; six++) {
				cJSON *e = tf_push_obj(entries);
				tf_put_num(e, "RuleNumber", six ? 101 : 100);
				tf_put_str(e, "Protocol", "-1");
				tf_put_str(e, "RuleAction", "allow");
				tf_put_bool(e, "Egress", egress);
				tf_put_str(e, six ? "Ipv6CidrBlock" : "CidrBlock", six ? "::/0" : "0.0.0.0/0");
			}
		implicit_name(o, T, vpc, "default network ACL");
		res_add(I, RK_NACL, jstr(o, "NetworkAclId"), o, T->f);
	}
	bool have_default = false;
	for (size_t i = 0; i < I->l[RK_SG].n; i++)
		have_default |= tf_same(jstr(I->l[RK_SG].v[i].j, "VpcId"), vpc->id) &&
				tf_same(jstr(I->l[RK_SG].v[i].j, "GroupName"), "default");
	/* an adopted default group left out for a rule known only after apply
	 * (tf_drop_unknown_groups) is not AWS's untouched one */
	have_default = have_default || dropped_default_sg(T, vpc->id);
	if (!have_default) {
		cJSON *o = tf_new_obj(T);
		const char *id = tf_default_sg(T, vpc->id);
		tf_put_str(o, "GroupId", id);
		tf_put_str(o, "VpcId", vpc->id);
		tf_put_str(o, "GroupName", "default");
		cJSON *in = tf_push_obj(tf_put_arr(o, "IpPermissions"));
		tf_put_str(in, "IpProtocol", "-1");
		tf_add_peer(in, "UserIdGroupPairs", "GroupId", id);
		cJSON *out = tf_push_obj(tf_put_arr(o, "IpPermissionsEgress"));
		tf_put_str(out, "IpProtocol", "-1");
		tf_add_peer(out, "IpRanges", "CidrIp", "0.0.0.0/0");
		if (ipv6)
			tf_add_peer(out, "Ipv6Ranges", "CidrIpv6", "::/0");
		implicit_name(o, T, vpc, "default security group");
		res_add(I, RK_SG, id, o, T->f);
	}
}

/* ---- the order of making ----------------------------------------------------------- */

static void for_type(struct tf *T, const char *type, void (*fn)(struct tf *, struct tfinst *))
{
	for (size_t i = 0; i < T->n; i++)
		if (!T->v[i].gone && !T->v[i].data && !strcmp(T->v[i].type, type))
			fn(T, &T->v[i]);
}

/* Separate parts (routes, ACL rules, security group rules) out of their owner's
 * refreshed list: every one that existed before the plan, gone or not; the ones that
 * remain are added again. */
static void take_out(struct tf *T, const char *type, void (*fn)(struct tf *, struct tfinst *))
{
	for (size_t i = 0; i < T->n; i++)
		if (!T->v[i].data && T->v[i].action != TF_CREATE && T->v[i].before &&
		    !strcmp(T->v[i].type, type))
			fn(T, &T->v[i]);
}

/* A VPC or subnet the plan reads with a data source (an existing network it builds
 * on): made from the data's values, unless the plan manages one with that id.  What
 * else is in such a VPC (its route tables, ACLs, groups) is not in the plan: listed as
 * missing, never made up. */
static void data_network(struct tf *T, struct tfinst *in)
{
	if (!in->data || in->gone || !in->id || (strcmp(in->type, "aws_vpc") &&
						 strcmp(in->type, "aws_subnet")))
		return;
	for (size_t i = 0; i < T->n; i++)
		if (!T->v[i].data && T->v[i].made && tf_same(T->v[i].id, in->id))
			return;
	bool vpc = !strcmp(in->type, "aws_vpc");
	struct tfinst *managed = NULL;
	for (size_t i = 0; i < T->n && !managed; i++)
		if (&T->v[i] != in && tf_same(T->v[i].id, in->id) && !T->v[i].gone)
			managed = T->v[i].data ? NULL : &T->v[i];
	if (managed)
		return;
	for (size_t i = 0; i < T->n; i++) /* the same VPC read twice: once */
		if (&T->v[i] < in && T->v[i].data && tf_same(T->v[i].type, in->type) &&
		    tf_same(T->v[i].id, in->id))
			return;
	if (vpc) {
		tf_make_vpc(T, in);
		const char *id = in->id;
		tf_rt_unknown_in(T, id);
		tf_acl_unknown_in(T, id);
		note_missing(T->I, "security_groups", "vpc", id);
		note_missing(T->I, "route_tables", "vpc", id);
		note_missing(T->I, "network_acls", "vpc", id);
		tf_warn_once(T, in, "data vpc", "VPCs read with a data source: their route tables, "
			     "network ACLs and security groups are not in the plan", "%s: a VPC the "
			     "plan reads, not one it manages: its route tables, network ACLs and "
			     "security groups are not in the plan, and are listed as missing",
			     in->address);
	} else {
		tf_make_subnet(T, in);
	}
}

static const char *const rule_types[] = { "aws_security_group_rule",
					  "aws_vpc_security_group_ingress_rule",
					  "aws_vpc_security_group_egress_rule", NULL };

void tf_make_resources(struct tf *T)
{
	assign_ids(T);
	index_ids(T);
	T->account = tf_plan_account(T);
	for_type(T, "aws_vpc", tf_make_vpc);
	for_type(T, "aws_default_vpc", tf_make_vpc);
	for (size_t i = 0; i < T->n; i++)
		if (!strcmp(T->v[i].type, "aws_vpc"))
			data_network(T, &T->v[i]);
	for_type(T, "aws_vpc_ipv4_cidr_block_association", tf_make_cidr_assoc);
	for_type(T, "aws_vpc_ipv6_cidr_block_association", tf_make_cidr_assoc);
	for_type(T, "aws_subnet", tf_make_subnet);
	for_type(T, "aws_default_subnet", tf_make_subnet);
	for (size_t i = 0; i < T->n; i++)
		if (!strcmp(T->v[i].type, "aws_subnet"))
			data_network(T, &T->v[i]);
	for_type(T, "aws_internet_gateway", tf_make_igw);
	for_type(T, "aws_egress_only_internet_gateway", tf_make_igw);
	for_type(T, "aws_route_table", tf_make_route_table);
	for_type(T, "aws_default_route_table", tf_make_route_table);
	take_out(T, "aws_route", tf_route_take_out);
	for_type(T, "aws_route", tf_make_route_res);
	for_type(T, "aws_route_table_association", tf_make_rt_assoc);
	for_type(T, "aws_main_route_table_association", tf_make_rt_assoc);
	tf_make_prefix_lists(T); /* before the rules that name them */
	for_type(T, "aws_security_group", tf_make_sg);
	for_type(T, "aws_default_security_group", tf_make_sg);
	/* separate rules: first out of the refreshed lists (every rule resource that
	 * existed before the plan, gone or not), then in again (those that remain) */
	for (size_t r = 0; rule_types[r]; r++)
		take_out(T, rule_types[r], tf_sg_rule_take_out);
	tf_sg_rules_taken_out(T);
	for (size_t r = 0; rule_types[r]; r++)
		for_type(T, rule_types[r], tf_sg_rule_add);
	tf_drop_unknown_groups(T);
	for_type(T, "aws_nat_gateway", tf_make_nat);
	for_type(T, "aws_vpc_peering_connection", tf_make_peering);
	for_type(T, "aws_vpc_endpoint", tf_make_endpoint);
	for_type(T, "aws_vpc_endpoint_route_table_association", tf_make_endpoint_part);
	for_type(T, "aws_vpc_endpoint_subnet_association", tf_make_endpoint_part);
	for_type(T, "aws_vpc_endpoint_security_group_association", tf_make_endpoint_part);
	for_type(T, "aws_vpc_endpoint_policy", tf_make_endpoint_part);
	for (size_t i = 0; i < T->n; i++)
		if (T->v[i].made && !strcmp(T->v[i].type, "aws_vpc_endpoint"))
			res_add(T->I, RK_EP, T->v[i].id, T->v[i].made, T->f);
	/* first what is unknown, then the tables (file_route_tables) */
	/* instances and interfaces before the route tables are filed: a route may lead
	 * to one (tf_route_targets_known) */
	for_type(T, "aws_network_interface", tf_make_eni);
	for_type(T, "aws_network_interface_attachment", tf_make_eni_part);
	for_type(T, "aws_network_interface_sg_attachment", tf_make_eni_part);
	for_type(T, "aws_instance", tf_make_instance);
	for_type(T, "aws_network_interface_sg_attachment", tf_make_eni_part_late);
	for_type(T, "aws_eip", tf_make_eip_link);
	for_type(T, "aws_eip_association", tf_make_eip_link);
	for_type(T, "aws_vpn_gateway_route_propagation", tf_make_vgw_propagation);
	tf_make_transit(T);
	for (int pass = 0; pass < 2; pass++)
		for (size_t i = 0; i < T->n; i++) {
			struct tfinst *in = &T->v[i];
			if (in->gone || !in->made || (strcmp(in->type, "aws_route_table") &&
						      strcmp(in->type, "aws_default_route_table")))
				continue;
			if (pass)
				tf_file_route_tables(T, in);
			else if (!tf_route_targets_known(T, in) || in->part_unknown)
				tf_rt_unknown_because(T, jstr(in->made, "VpcId"), in, NULL,
						      pool_printf(T->I, "%s is left out (a route of "
								  "it cannot be told from the plan), "
								  "and a subnet associated with it "
								  "would seem to use this main table",
								  in->address));
		}
	for_type(T, "aws_network_acl", tf_make_nacl);
	for_type(T, "aws_default_network_acl", tf_make_nacl);
	take_out(T, "aws_network_acl_rule", tf_nacl_rule_take_out);
	for_type(T, "aws_network_acl_rule", tf_make_nacl_rule);
	for_type(T, "aws_network_acl_association", tf_make_nacl_assoc);
	tf_file_nacls(T);
	for_type(T, "aws_vpc", tf_make_implicit);
	for_type(T, "aws_default_vpc", tf_make_implicit);
	tf_make_iam(T);
	for_type(T, "aws_s3_bucket", tf_make_bucket);
	for_type(T, "aws_s3_directory_bucket", tf_make_bucket);
	for_type(T, "aws_dynamodb_table", tf_make_table);
	for_type(T, "aws_s3_bucket_policy", tf_make_resource_policy);
	for_type(T, "aws_dynamodb_resource_policy", tf_make_resource_policy);
	/* a plan says everything of these kinds there will be: none is none */
	static const enum rk complete[] = { RK_VPC, RK_SUBNET, RK_RTB, RK_IGW, RK_EIGW, RK_NAT,
					    RK_EP, RK_SG, RK_NACL, RK_INST, RK_ENI };
	for (size_t k = 0; k < sizeof(complete) / sizeof(complete[0]); k++)
		T->I->have[complete[k]] = true;
}

