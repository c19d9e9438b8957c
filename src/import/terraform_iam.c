/* terraform_iam.c - IAM roles and their identity policies, instance profiles and the
 * instances that use them, from the AWS provider's resources: aws_iam_role (with
 * inline_policy blocks and managed_policy_arns), aws_iam_role_policy, aws_iam_policy
 * with aws_iam_role_policy_attachment, aws_iam_role_policies_exclusive and
 * aws_iam_role_policy_attachments_exclusive, aws_iam_instance_profile, and an
 * instance's iam_instance_profile.
 *
 * A role is written with the policies whose text is in the plan.  When one is not (an
 * AWS-managed policy, arn:aws:iam::aws:policy/..., a customer policy of another
 * configuration, or one built from values known only after apply), the role's
 * identity policies are also listed as missing (missing: role_policies; reason
 * plan_unknown for the last kind): an explicit deny in the known ones still decides,
 * and any other answer the identity decides is ambiguous, never the known ones' alone
 * (which would deny what the unknown one may allow) nor "not evaluated" (which would
 * allow what it may deny).  Memory: as terraform_res.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "terraform_res.h"

static const char *const TF_ROLE[] = { "aws_iam_role", "aws_iam_role@name", "aws_iam_role@arn",
				       "aws_iam_role@id", NULL };
static const char *const TF_POLICY[] = { "aws_iam_policy", "aws_iam_policy@arn",
					 "aws_iam_policy@id", NULL };
static const char *const TF_PROFILE[] = { "aws_iam_instance_profile",
					  "aws_iam_instance_profile@name",
					  "aws_iam_instance_profile@arn",
					  "aws_iam_instance_profile@id", NULL };

static bool is(const struct tfinst *in, const char *type)
{
	return !in->gone && !in->data && !strcmp(in->type, type);
}

/* The instance of type that x (an id, name or ARN the plan gives, or the id
 * tf_link took from a candidate) names. */
static struct tfinst *named(struct tf *T, const char *type, const char *x)
{
	/* by id (a role's and a profile's is its name: assign_ids), else by ARN */
	struct tfinst *byid = tf_inst_by_id(T, type, x);
	if (byid && byid->made)
		return byid;
	if (!x || !str_has_prefix(x, "arn:"))
		return NULL;
	for (size_t i = 0; i < T->n; i++) {
		struct tfinst *in = &T->v[i];
		if (is(in, type) && in->made && (tf_same(in->id, x) || tf_same(tf_str(in, "name"), x) ||
						 tf_same(jstr(in->made, "Arn"), x)))
			return in;
	}
	return NULL;
}

/* arn:aws:iam::ACCOUNT:KIND/PATH/NAME, from the plan when it knows it, else from the
 * account, path and name (deterministic, as IAM makes it); NULL when it cannot be. */
static const char *iam_arn(struct tf *T, struct tfinst *in, const char *kind)
{
	const char *arn = tf_str(in, "arn"), *name = tf_str(in, "name"), *path = tf_str(in, "path");
	if (arn)
		return arn;
	if (!name || !T->account) {
		tf_warn(T, in, "%s: %s is known only after apply, so its ARN is too; left out",
			in->address, !name ? "its name (name_prefix?)" : "the account (no "
			"data.aws_caller_identity, owner_id or ARN in the plan says it)");
		return NULL;
	}
	return pool_printf(T->I, "arn:aws:iam::%s:%s%s%s", T->account, kind, path ? path : "/",
			   name);
}

/* Why the role's policies are not all known (the first reason), or NULL. */
static const char *unknown_of(const struct tfinst *role)
{
	return jstr(role->made, "tf:unknown");
}

/* after_apply: the plan will know the policy after apply (PLAN_UNKNOWN); else no
 * plan holds it (an AWS-managed policy, another configuration's: MISSING_DATA). */
static void role_unknown(struct tf *T, struct tfinst *role, const char *why, bool after_apply)
{
	if (unknown_of(role))
		return;
	tf_put_str(role->made, "tf:unknown", pool_printf(T->I, "%s", why));
	if (after_apply)
		tf_put_bool(role->made, "tf:after_apply", true);
}

/* A policy document (a JSON string) added to the role, under name (an inline policy's,
 * for aws_iam_role_policies_exclusive; NULL for a managed one). */
static void add_policy(struct tf *T, struct tfinst *role, struct tfinst *from, const char *name,
		       const char *arn, const char *text)
{
	cJSON *doc = cJSON_Parse(text);
	if (!doc) {
		imp_error(T->I, T->f, from->address, "%s: its policy is not valid JSON", from->address);
		return;
	}
	cJSON *e = tf_push_obj(tf_put_arr(role->made, "tf:policies"));
	tf_put_str(e, "name", name);
	tf_put_str(e, "arn", arn);
	cJSON_AddItemToObjectCS(e, "doc", doc);
}

static void make_role(struct tf *T, struct tfinst *in)
{
	cJSON *o = tf_new_obj(T);
	in->made = o;
	const char *arn = iam_arn(T, in, "role");
	if (!arn) {
		in->made = NULL;
		return;
	}
	tf_put_str(o, "Arn", arn);
	tf_put_str(o, "RoleName", tf_str(in, "name"));
	tf_put_str(o, "RoleId", tf_str(in, "unique_id"));
	tf_put_tags(T, o, in);
	tf_put_arr(o, "tf:policies");
	/* inline_policy blocks: {name, policy}.  Not configured, the attribute is the
	 * role's inline policies as AWS has them, those of aws_iam_role_policy resources
	 * included, even one this plan deletes (as a group's rule list is,
	 * terraform-notes.md 2.2 item 2): the resources say what there will be. */
	if (in->cfg && !tf_configured(in, "inline_policy"))
		return;
	const cJSON *blocks, *b;
	enum tfknown st = tf_attr(in, "inline_policy", &blocks);
	if (st == TF_UNKNOWN)
		role_unknown(T, in, pool_printf(T->I, "%s.inline_policy is known only after apply",
						in->address), true);
	int i = 0;
	if (st != TF_KNOWN)
		blocks = NULL;
	cJSON_ArrayForEach(b, blocks)
	{
		const cJSON *p;
		enum tfknown ps = tf_elem_attr(in, "inline_policy", i++, b, "policy", &p);
		if (ps == TF_KNOWN && cJSON_IsString(p))
			add_policy(T, in, in, jstr(b, "name"), NULL, p->valuestring);
		else if (ps == TF_UNKNOWN)
			role_unknown(T, in, pool_printf(T->I, "the policy of an inline_policy block of "
							"%s is known only after apply", in->address), true);
		/* else an empty block: the provider's way of saying none */
	}
}

/* The text of managed policy arn as the plan has it: an aws_iam_policy of the plan;
 * NULL (why set) for an AWS-managed policy, one of another configuration, or one
 * built from values known only after apply. */
static const char *managed_text(struct tf *T, const char *arn, struct tfinst **pol,
				const char **why)
{
	*pol = named(T, "aws_iam_policy", arn);
	const cJSON *p;
	if (*pol && tf_attr(*pol, "policy", &p) == TF_KNOWN && cJSON_IsString(p))
		return p->valuestring;
	if (*pol)
		*why = pool_printf(T->I, "the text of %s is known only after apply", (*pol)->address);
	else if (str_has_prefix(arn, "arn:aws:iam::aws:policy/"))
		*why = pool_printf(T->I, "%s is an AWS-managed policy, whose text no plan holds", arn);
	else
		*why = pool_printf(T->I, "policy %s is not in the plan", arn);
	return NULL;
}

static void attach_managed(struct tf *T, struct tfinst *role, struct tfinst *from, const char *arn)
{
	struct tfinst *pol;
	const char *why = NULL;
	const char *text = managed_text(T, arn, &pol, &why);
	const char *real = pol ? jstr(pol->made, "Arn") : arn;
	if (text)
		add_policy(T, role, from, NULL, real, text);
	else
		role_unknown(T, role, why, pol != NULL);
	/* what aws_iam_role_policy_attachments_exclusive keeps is checked by ARN */
	cJSON *e = tf_push_obj(tf_put_arr(role->made, "tf:attached"));
	tf_put_str(e, "arn", real);
}

static void make_policy(struct tf *T, struct tfinst *in)
{
	cJSON *o = tf_new_obj(T);
	in->made = o;
	const char *arn = iam_arn(T, in, "policy");
	tf_put_str(o, "Arn", arn ? arn : in->id);
}

static struct tfinst *role_of(struct tf *T, struct tfinst *in, const char *attr)
{
	bool unknown = false;
	const char *x = tf_link1(T, in, attr, TF_ROLE, &unknown);
	struct tfinst *r = named(T, "aws_iam_role", x);
	if (!r && x && !unknown)
		tf_warn(T, in, "%s: role %s is not in the plan; left out", in->address, x);
	if (!r && unknown)
		for (size_t i = 0; i < T->n; i++) /* which role is unknown: none is known */
			if (is(&T->v[i], "aws_iam_role") && T->v[i].made)
				role_unknown(T, &T->v[i], pool_printf(T->I, "%s.%s is known only after "
								      "apply", in->address, attr), true);
	return r;
}

static void make_role_policy(struct tf *T, struct tfinst *in)
{
	struct tfinst *r = role_of(T, in, "role");
	if (!r)
		return;
	const cJSON *p;
	if (tf_attr(in, "policy", &p) == TF_KNOWN && cJSON_IsString(p))
		add_policy(T, r, in, tf_str(in, "name"), NULL, p->valuestring);
	else
		role_unknown(T, r, pool_printf(T->I, "the policy of %s is known only after apply",
					       in->address), true);
}

static void make_attachment(struct tf *T, struct tfinst *in)
{
	struct tfinst *r = role_of(T, in, "role");
	if (!r)
		return;
	bool unknown = false;
	const char *arn = tf_link1(T, in, "policy_arn", TF_POLICY, &unknown);
	if (!arn)
		role_unknown(T, r, pool_printf(T->I, "%s.policy_arn is known only after apply",
					       in->address), true);
	else
		attach_managed(T, r, in, arn);
}

/* managed_policy_arns (deprecated): configured, exactly these are attached; not
 * configured, the attribute shows AWS's attachments, those of attachment resources
 * this plan deletes included, so the attachment resources say what there will be. */
static void role_managed_arns(struct tf *T, struct tfinst *in)
{
	if (!in->made || (in->cfg && !tf_configured(in, "managed_policy_arns")))
		return;
	const cJSON *v;
	enum tfknown st = tf_attr(in, "managed_policy_arns", &v);
	const char *arns[MAX_IDS];
	int n = tf_link(T, in, "managed_policy_arns", st, v, "managed_policy_arns", TF_POLICY, true,
			arns, MAX_IDS);
	if (n < 0)
		role_unknown(T, in, pool_printf(T->I, "%s.managed_policy_arns is known only after "
						"apply", in->address), true);
	for (int i = 0; i < n; i++)
		attach_managed(T, in, in, arns[i]);
}

/* aws_iam_role_policies_exclusive (policy_names) and
 * aws_iam_role_policy_attachments_exclusive (policy_arns): the role has exactly these
 * inline (attached) policies; the others the plan shows are removed. */
static void make_exclusive(struct tf *T, struct tfinst *in)
{
	bool inline_names = !strcmp(in->type, "aws_iam_role_policies_exclusive");
	struct tfinst *r = role_of(T, in, "role_name");
	if (!r)
		return;
	const char *attr = inline_names ? "policy_names" : "policy_arns";
	const cJSON *v;
	enum tfknown st = tf_attr(in, attr, &v);
	const char *keep[MAX_IDS];
	int n = tf_link(T, in, attr, st, v, attr, TF_POLICY, true, keep, MAX_IDS);
	if (n < 0) {
		role_unknown(T, r, pool_printf(T->I, "%s.%s is known only after apply", in->address,
					       attr), true);
		return;
	}
	cJSON *pols = (cJSON *)jget(r->made, "tf:policies"), *e, *next;
	for (e = pols ? pols->child : NULL; e; e = next) {
		next = e->next;
		const char *k = jstr(e, inline_names ? "name" : "arn");
		if (!k)
			continue; /* the other kind */
		bool kept = false;
		for (int i = 0; i < n && !kept; i++) {
			struct tfinst *p = inline_names ? NULL : named(T, "aws_iam_policy", keep[i]);
			kept = tf_same(keep[i], k) || (p && tf_same(jstr(p->made, "Arn"), k));
		}
		if (!kept) {
			tf_warn(T, in, "%s: %s %s is not in %s: AWS removes it from %s", in->address,
				inline_names ? "inline policy" : "policy", k, attr, r->address);
			cJSON_Delete(cJSON_DetachItemViaPointer(pols, e));
		}
	}
}

static void make_profile(struct tf *T, struct tfinst *in)
{
	const char *arn = iam_arn(T, in, "instance-profile");
	if (!arn)
		return;
	cJSON *o = tf_new_obj(T);
	tf_put_str(o, "Arn", arn);
	tf_put_str(o, "InstanceProfileName", tf_str(in, "name"));
	in->made = o;
	struct tfinst *r = role_of(T, in, "role");
	if (r)
		tf_put_str(tf_push_obj(tf_put_arr(o, "Roles")), "Arn", jstr(r->made, "Arn"));
	else
		tf_warn(T, in, "%s: its role is not one the plan describes; instances that use it "
			"are written without a role", in->address);
	res_add(T->I, RK_PROFILE, arn, o, T->f);
}

static cJSON *put_profile(struct tfinst *in)
{
	cJSON *p = cJSON_CreateObject();
	cJSON_AddItemToObjectCS(in->made, "IamInstanceProfile", p);
	return p;
}

/* An instance's iam_instance_profile (a profile name): its profile's ARN. */
static void instance_profile(struct tf *T, struct tfinst *in)
{
	if (!in->made)
		return;
	const cJSON *v;
	enum tfknown st = tf_attr(in, "iam_instance_profile", &v);
	if (st == TF_UNKNOWN && !tf_configured(in, "iam_instance_profile"))
		return;
	const char *out[1];
	int n = tf_link(T, in, "iam_instance_profile", st, v, "iam_instance_profile", TF_PROFILE,
			false, out, 1);
	struct tfinst *p = n == 1 ? named(T, "aws_iam_instance_profile", out[0]) : NULL;
	if (!p) {
		if (n == 1 && T->account)
			/* a profile of another configuration, by name: the importer assumes
			 * the role of the same name, and says so */
			tf_put_str(put_profile(in), "Arn", pool_printf(T->I, "arn:aws:iam::%s:"
				   "instance-profile/%s", T->account, out[0]));
		else if (n != 0)
			tf_warn(T, in, "%s: its instance profile is %s; written without a role",
				in->address, n < 0 ? "known only after apply" : "not in the plan, and "
				"the plan does not say its account");
		return;
	}
	tf_put_str(put_profile(in), "Arn", jstr(p->made, "Arn"));
}

/* The roles, as get-role prints them, with the documents of their policies when every
 * one is known (policies.c writes them). */
static void file_role(struct tf *T, struct tfinst *in)
{
	const char *why = unknown_of(in);
	if (why) {
		/* a trace whose answer the role's identity policy decides ends ambiguous
		 * (topology.md missing: role_policies), never with the known ones alone */
		const char *arn = jstr(in->made, "Arn");
		if (cJSON_IsTrue(jget(in->made, "tf:after_apply")))
			tf_note_unknown(T, in, "policy", "role_policies", "id", arn);
		else
			note_missing(T->I, "role_policies", "id", arn);
		cJSON_DeleteItemFromObjectCaseSensitive(in->made, "tf:after_apply");
		tf_warn_once(T, in, "role policy unknown", "roles with a policy whose text is not "
			     "in the plan, listed as missing: role_policies", "%s: %s; the role keeps "
			     "the policies that are known (an explicit deny in them still decides) "
			     "and its other answers are ambiguous", in->address, why);
	}
	else if (!cJSON_GetArraySize(jget(in->made, "tf:policies")))
		tf_warn_once(T, in, "role without policies", "roles with no identity policy after "
			     "apply, written as not evaluated", "%s: no identity policy after apply, so "
			     "AWS allows it only what a resource policy grants; the topology cannot say "
			     "\"none\" (a role without policies is not evaluated), so traces do not test "
			     "its identity", in->address);
	cJSON_DeleteItemFromObjectCaseSensitive(in->made, "tf:unknown");
	cJSON_DeleteItemFromObjectCaseSensitive(in->made, "tf:attached");
	res_add(T->I, RK_ROLE, jstr(in->made, "Arn"), in->made, T->f);
}

void tf_make_iam(struct tf *T)
{
	static const struct { const char *type; void (*fn)(struct tf *, struct tfinst *); } steps[] = {
		{ "aws_iam_policy", make_policy },
		{ "aws_iam_role", make_role },
		{ "aws_iam_role", role_managed_arns },
		{ "aws_iam_role_policy", make_role_policy },
		{ "aws_iam_role_policy_attachment", make_attachment },
		{ "aws_iam_role_policies_exclusive", make_exclusive },
		{ "aws_iam_role_policy_attachments_exclusive", make_exclusive },
		{ "aws_iam_instance_profile", make_profile },
		{ "aws_instance", instance_profile },
	};
	for (size_t s = 0; s < sizeof(steps) / sizeof(steps[0]); s++)
		for (size_t i = 0; i < T->n; i++)
			if (is(&T->v[i], steps[s].type))
				steps[s].fn(T, &T->v[i]);
	for (size_t i = 0; i < T->n; i++)
		if (is(&T->v[i], "aws_iam_role") && T->v[i].made)
			file_role(T, &T->v[i]);
}
