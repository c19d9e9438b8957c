/* terraform_pl.c - managed prefix lists: the plan's own (aws_ec2_managed_prefix_list,
 * with inline entries and aws_ec2_managed_prefix_list_entry resources) and those it
 * reads (data aws_prefix_list / aws_ec2_managed_prefix_list), as the AWS CLI-shaped
 * lists and entries the shared passes decide and emit.
 *
 * An AWS-managed list of a service vpcpath models (S3, DynamoDB, S3 Express) is
 * written by name only: its content is vpcpath's built-in copy of AWS's ranges, which
 * every other answer about that service uses too (topology.md, built-in data).  A list
 * whose entries are known only after apply is left out and listed as missing.
 * Memory: as terraform_res.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "terraform_res.h"

static const char *const TF_MANAGED_PL[] = { "aws_ec2_managed_prefix_list", NULL };

/* Whether name is the AWS-managed list of a service whose ranges in its Region ship
 * with vpcpath (S3 Express ones, for example, do not everywhere: then the entries the
 * plan read are used). */
static bool builtin_service_list(struct tf *T, const char *name, const char *family)
{
	const char *svc, *region;
	if (!name || !aws_service(name, &svc, &region, T->I))
		return false;
	enum topo_service s = !strcmp(svc, "s3") ? TOPO_SVC_S3 : !strcmp(svc, "dynamodb") ?
			      TOPO_SVC_DYNAMODB : !strcmp(svc, "s3express") ? TOPO_SVC_S3EXPRESS :
			      TOPO_SVC_NONE;
	const struct aws_range *first;
	return s != TOPO_SVC_NONE && aws_ranges_find(region, s, tf_same(family, "IPv6") ?
						     NET_V6 : NET_V4, &first) > 0;
}

static cJSON *new_list(struct tf *T, struct tfinst *in, const char *name, const char *family,
		       const char *owner)
{
	cJSON *o = tf_new_obj(T);
	tf_put_str(o, "PrefixListId", in->id);
	tf_put_str(o, "PrefixListName", name);
	tf_put_str(o, "AddressFamily", family ? family : "IPv4");
	tf_put_str(o, "OwnerId", owner);
	tf_put_str(o, "State", "create-complete");
	tf_put_arr(o, "tf:entries");
	return o;
}

static void list_unknown(struct tf *T, struct tfinst *in, const char *what)
{
	tf_warn(T, in, "%s: %s known only after apply; the prefix list is left out and listed as "
		"missing", in->address, what);
	if (in->id)
		note_missing(T->I, "prefix_list", "id", in->id);
	in->part_unknown = true;
}

static void make_managed_list(struct tf *T, struct tfinst *in)
{
	const char *owner = tf_str(in, "owner_id");
	cJSON *o = new_list(T, in, tf_str(in, "name"), tf_str(in, "address_family"),
			    owner ? owner : T->account ? T->account : "self");
	in->made = o;
	const cJSON *entries, *e;
	enum tfknown st = tf_attr(in, "entry", &entries);
	/* computed: unknown and not configured is "managed by entry resources" */
	if (st == TF_UNKNOWN && tf_configured(in, "entry")) {
		list_unknown(T, in, "its entries are");
		return;
	}
	int i = 0;
	if (st != TF_KNOWN)
		entries = NULL;
	cJSON_ArrayForEach(e, entries)
	{
		const cJSON *c;
		if (tf_elem_attr(in, "entry", i++, e, "cidr", &c) != TF_KNOWN || !cJSON_IsString(c)) {
			list_unknown(T, in, "an entry's cidr is");
			return;
		}
		tf_put_str(tf_push_obj((cJSON *)jget(o, "tf:entries")), "Cidr", c->valuestring);
	}
}

static void make_entry(struct tf *T, struct tfinst *in)
{
	bool unknown = false;
	const char *id = tf_link1(T, in, "prefix_list_id", TF_MANAGED_PL, &unknown);
	struct tfinst *pl = tf_inst_by_id(T, "aws_ec2_managed_prefix_list", id);
	const char *cidr = tf_str(in, "cidr");
	if (!pl || !pl->made) {
		if (!unknown && id)
			tf_warn(T, in, "%s: prefix list %s is not in the plan; left out", in->address, id);
		if (unknown) /* which list is unknown: none of them can be trusted */
			for (size_t i = 0; i < T->n; i++)
				if (!strcmp(T->v[i].type, "aws_ec2_managed_prefix_list") && !T->v[i].data &&
				    T->v[i].made && !T->v[i].part_unknown)
					list_unknown(T, &T->v[i], "an aws_ec2_managed_prefix_list_entry of "
						     "some list is");
		return;
	}
	if (!cidr) {
		if (!pl->part_unknown)
			list_unknown(T, pl, pool_printf(T->I, "the cidr of %s is", in->address));
		return;
	}
	tf_put_str(tf_push_obj((cJSON *)jget(pl->made, "tf:entries")), "Cidr", cidr);
}

/* data aws_prefix_list (name, cidr_blocks) and data aws_ec2_managed_prefix_list (name,
 * entries[].cidr, address_family, owner_id): a list that exists, read at plan time
 * (prior_state) or after apply (a deferred read: unknown). */
static void make_data_list(struct tf *T, struct tfinst *in)
{
	if (in->gone || !in->id)
		return; /* a read whose id is known only after apply: what names it is unknown too */
	for (size_t i = 0; i < T->n; i++) /* one list read twice is one */
		if (&T->v[i] != in && T->v[i].made && tf_same(T->v[i].id, in->id) &&
		    (!strcmp(T->v[i].type, "aws_prefix_list") ||
		     !strcmp(T->v[i].type, "aws_ec2_managed_prefix_list")))
			return;
	const char *name = tf_str(in, "name"), *owner = tf_str(in, "owner_id");
	const char *family = tf_str(in, "address_family");
	const char *svc, *region;
	bool old = !strcmp(in->type, "aws_prefix_list");
	bool service = name && aws_service(name, &svc, &region, T->I);
	cJSON *o = new_list(T, in, name, family, owner ? owner : service ? "AWS" : NULL);
	in->made = o;
	if (builtin_service_list(T, name, family)) {
		cJSON_DeleteItemFromObjectCaseSensitive(o, "tf:entries"); /* the built-in ranges */
		return;
	}
	const cJSON *v, *e;
	enum tfknown st = tf_attr(in, old ? "cidr_blocks" : "entries", &v);
	if (st != TF_KNOWN) {
		list_unknown(T, in, "its entries are");
		return;
	}
	cJSON_ArrayForEach(e, v)
	{
		const char *c = old ? (cJSON_IsString(e) ? e->valuestring : NULL) : jstr(e, "cidr");
		if (c)
			tf_put_str(tf_push_obj((cJSON *)jget(o, "tf:entries")), "Cidr", c);
	}
}

void tf_make_prefix_lists(struct tf *T)
{
	for (size_t i = 0; i < T->n; i++)
		if (!T->v[i].gone && !T->v[i].data && !strcmp(T->v[i].type, "aws_ec2_managed_prefix_list"))
			make_managed_list(T, &T->v[i]);
	for (size_t i = 0; i < T->n; i++)
		if (!T->v[i].gone && !T->v[i].data &&
		    !strcmp(T->v[i].type, "aws_ec2_managed_prefix_list_entry"))
			make_entry(T, &T->v[i]);
	for (size_t i = 0; i < T->n; i++)
		if (T->v[i].data && (!strcmp(T->v[i].type, "aws_prefix_list") ||
				     !strcmp(T->v[i].type, "aws_ec2_managed_prefix_list")))
			make_data_list(T, &T->v[i]);
	for (size_t i = 0; i < T->n; i++) {
		struct tfinst *in = &T->v[i];
		if (!in->made || in->part_unknown || (strcmp(in->type, "aws_prefix_list") &&
						      strcmp(in->type, "aws_ec2_managed_prefix_list")))
			continue;
		res_add(T->I, RK_PL, in->id, in->made, T->f);
		const cJSON *entries = jget(in->made, "tf:entries");
		if (entries)
			res_add(T->I, RK_PL_ENTRIES, in->id, entries, T->f);
	}
}

/* The prefix list of a gateway endpoint's service, for a reference to
 * aws_vpc_endpoint.x.prefix_list_id that is known only after apply (a new endpoint):
 * the plan's list of that name, else AWS's documented id of it in the Region; NULL
 * when neither is known. */
static const char *endpoint_pl(struct tf *T, const char *vpce)
{
	struct tfinst *ep = tf_inst_by_id(T, "aws_vpc_endpoint", vpce);
	const char *name = ep ? tf_str(ep, "service_name") : NULL, *svc, *region;
	if (!name || !aws_service(name, &svc, &region, T->I))
		return NULL;
	for (size_t i = 0; i < T->n; i++) {
		struct tfinst *pl = &T->v[i];
		if (pl->made && !pl->part_unknown && (!strcmp(pl->type, "aws_prefix_list") ||
						      !strcmp(pl->type, "aws_ec2_managed_prefix_list")) &&
		    tf_same(jstr(pl->made, "PrefixListName"), name) &&
		    !tf_same(jstr(pl->made, "AddressFamily"), "IPv6"))
			return pl->id;
	}
	enum topo_service s = !strcmp(svc, "s3") ? TOPO_SVC_S3 : !strcmp(svc, "dynamodb") ?
			      TOPO_SVC_DYNAMODB : !strcmp(svc, "s3express") ? TOPO_SVC_S3EXPRESS :
			      TOPO_SVC_NONE;
	return s == TOPO_SVC_NONE ? NULL : aws_managed_prefix_list_id(region, s, NET_V4);
}

const char *tf_pl_id(struct tf *T, struct tfinst *in, const char *id)
{
	if (!id || !str_has_prefix(id, "vpce-"))
		return id;
	const char *pl = endpoint_pl(T, id);
	if (!pl)
		tf_warn(T, in, "%s: the prefix list of endpoint %s is known only after apply, and "
			"vpcpath has no documented id of its service's list in its Region", in->address,
			id);
	return pl;
}
