/* authorize.c - the request at the service: the request context (F2.11, F7.9), the
 * endpoint, resource and identity policies (F7.3), S3 Express sessions (F4.4).
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "hint.h"
#include "trace-int.h"

/* ---- policies ------------------------------------------------------------------------ */

static const char *principal_account(const char *arn, struct arena *a)
{
	/* arn:aws:iam::ACCOUNT:… */
	if (!arn || strncmp(arn, "arn:", 4) != 0)
		return NULL;
	const char *p = arn;
	for (int i = 0; i < 4 && p; i++) {
		p = strchr(p, ':');
		if (p)
			p++;
	}
	if (!p)
		return NULL;
	const char *end = strchr(p, ':');
	if (!end || end == p)
		return NULL;
	return arena_strndup(a, p, (size_t)(end - p));
}

const char *default_action(const struct dest *d)
{
	switch (d->service) {
	case TOPO_SVC_DYNAMODB: return "dynamodb:GetItem";
	case TOPO_SVC_S3EXPRESS: return "s3express:CreateSession";
	default: return "s3:GetObject";
	}
}

/* F4.4: the actions a ReadOnly session allows */
static bool express_read_action(const char *action)
{
	static const char *const reads[] = { "s3:GetObject", "s3:HeadObject", "s3:ListObjectsV2",
					     "s3:GetObjectAttributes", "s3:ListParts",
					     "s3:ListMultipartUploads", "s3:ListBucket" };
	for (size_t i = 0; i < sizeof(reads) / sizeof(reads[0]); i++)
		if (str_ieq(action, reads[i]))
			return true;
	return false;
}

/* F4.2: regional (control-plane) operations use normal IAM per-action authorisation */
static bool express_regional_action(const char *action)
{
	static const char *const regional[] = { "s3:CreateBucket", "s3:DeleteBucket",
						"s3:ListAllMyBuckets", "s3:ListDirectoryBuckets",
						"s3:PutBucketPolicy", "s3:GetBucketPolicy",
						"s3:DeleteBucketPolicy" };
	for (size_t i = 0; i < sizeof(regional) / sizeof(regional[0]); i++)
		if (str_ieq(action, regional[i]))
			return true;
	return false;
}

static const char *layer_name(enum policy_layer l)
{
	switch (l) {
	case POLICY_LAYER_ENDPOINT: return "endpoint";
	case POLICY_LAYER_RESOURCE: return "resource";
	case POLICY_LAYER_IDENTITY: return "identity";
	default: return "none";
	}
}

/* The deciding statement's Sid, else its 1-based number (as policy eval prints it).
 * p: the policy the result came from, for the Sid when no explanation was built. */
static const char *statement_str(struct tctx *c, const struct policy_result *pr,
				 const struct policy *p)
{
	if (c->brief)
		return NULL;
	if (pr->sid)
		return arena_strdup(c->a, pr->sid);
	if (pr->statement < 0)
		return NULL;
	const char *sid = p ? policy_statement_sid(p, (size_t)pr->statement) : NULL;
	if (sid)
		return arena_strdup(c->a, sid);
	return arena_printf(c->a, "%d", pr->statement + 1);
}

static const char *decision_str(enum policy_decision d)
{
	return d == POLICY_ALLOW ? "allow" : d == POLICY_DENY ? "deny" : "implicit-deny";
}

static struct policy_context *build_context(struct tctx *c)
{
	/* --context adds or overrides keys (KEY= removes one) before evaluation.  Keys the
	 * path itself decides (F2.11, F5.7) make the answer a what-if: say so. */
	static const char *const path_keys[] = { "aws:SourceVpce", "aws:SourceVpc",
						 "aws:VpcSourceIp", "aws:SourceIp", "aws:VpceAccount" };
	for (size_t i = 0; i < c->q->ncontext; i++) {
		const struct trace_kv *o = &c->q->context[i];
		for (size_t k = 0; k < sizeof(path_keys) / sizeof(path_keys[0]); k++)
			if (str_ieq(o->key, path_keys[k]) && !c->overrides_warned) {
				warn(c, "context-override", NULL, "--context %s=%s replaces what this path "
				     "gives the request (F2.11): the answer is a what-if, not the path's",
				     o->key, o->value);
				c->overrides_warned = true;
			}
	}
	context_overrides(c);
	struct policy_context *pc = policy_context_new_in(c->a, c->ctx.len);
	const struct ctx_entry *kv = c->ctx.items;
	for (size_t i = 0; i < c->ctx.len; i++) {
		if (!kv[i].value || !*kv[i].value)
			continue;
		/* a key seen before is another value of it (F7.11) */
		bool again = false;
		for (size_t k = 0; k < i && !again; k++)
			again = kv[k].value && *kv[k].value && kv[k].klen == kv[i].klen &&
				str_ieq(kv[k].key, kv[i].key);
		if (again)
			policy_context_add(pc, kv[i].key, kv[i].value);
		else  /* the trace's keys are distinct but for repeated values */
			policy_context_set_new(pc, kv[i].key, kv[i].klen, kv[i].value);
	}
	return pc;
}

/* --context K=V replaces what the trace put under K; K given again adds a value (a
 * multi-valued key, F7.11); K= removes the key.  Idempotent: applied before the
 * policies are asked and again for the result. */
void context_overrides(struct tctx *c)
{
	for (size_t i = 0; i < c->q->ncontext; i++) {
		const struct trace_kv *o = &c->q->context[i];
		bool repeat = false;
		for (size_t k = 0; k < i && !repeat; k++)
			repeat = str_ieq(c->q->context[k].key, o->key);
		if (!repeat) {
			/* drop the values an earlier application added, then set the first */
			struct ctx_entry *kv = c->ctx.items;
			size_t n = 0;
			bool seen = false;
			for (size_t k = 0; k < c->ctx.len; k++) {
				if (str_ieq(kv[k].key, o->key)) {
					if (seen)
						continue;
					seen = true;
				}
				kv[n++] = kv[k];
			}
			c->ctx.len = n;
			ctx_set(c, o->key, o->value);
		} else if (*o->value) {
			ctx_add(c, o->key, o->value);
		}
	}
}

/* Does resource policy p deny req when it comes from outside any VPC endpoint (a
 * public address, over TLS)?  The resource-pinned-to-endpoint rule's question. */
static bool denies_from_outside(const struct policy *p, const struct policy_request *req)
{
	struct policy_context *outside = policy_context_new();
	policy_context_set(outside, "aws:SourceIp", "203.0.113.10");
	policy_context_set(outside, "aws:SecureTransport", "true");
	struct policy_request oreq = *req;
	oreq.context = outside;
	oreq.no_explain = true;
	struct policy_result pr;
	memset(&pr, 0, sizeof(pr));
	bool denied = policy_eval(p, &oreq, &pr) == POLICY_DENY;
	policy_result_clear(&pr);
	policy_context_free(outside);
	return denied;
}

/* A policy that allows every action (a resource policy: to every principal): what an
 * unknown resource or identity policy is evaluated as (authorize).  Owned by the
 * caller. */
static struct policy *allow_all_policy(enum policy_kind kind)
{
	static const char resource[] = "{\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":"
				       "\"*\",\"Action\":\"*\",\"Resource\":\"*\"}]}";
	static const char identity[] = "{\"Statement\":[{\"Effect\":\"Allow\",\"Action\":"
				       "\"*\",\"Resource\":\"*\"}]}";
	struct diag_list diags = { 0 };
	cJSON *doc = cJSON_Parse(kind == POLICY_KIND_IDENTITY ? identity : resource);
	struct policy *p = policy_compile(doc, kind, NULL, 0, 0, &diags);
	cJSON_Delete(doc);
	diag_list_clear(&diags);
	return p;
}

/* The request's authorisation at the service (F7.3).  ep: the endpoint the request
 * went through, or NULL.  Adds the endpoint's policy result to ep_hop and a service hop. */
void authorize(struct tctx *c, const struct topo_endpoint *ep, struct trace_hop *ep_hop)
{
	const struct topology *t = c->t;
	const char *resource = c->r->dst_resource;
	struct policy *default_ep = NULL;
	const struct policy *ep_policy = NULL;
	if (ep) {
		if (ep->policy && ep->policy->compiled)
			ep_policy = ep->policy->compiled;
		else
			ep_policy = t->default_endpoint_policy ? t->default_endpoint_policy :
				    (default_ep = policy_default_endpoint());
		c->r->has_endpoint = true;
		c->r->endpoint_policy_full_access = policy_is_full_access(ep_policy);
	}
	const struct topo_bucket *b = c->d.decl;
	const struct policy *res_policy = b && b->policy ? b->policy->compiled : NULL;
	/* A policy known only after apply, or not collected (missing:): the answer is the
	 * one every policy it could be gives, else it is not known.  Explicit denies win
	 * and a missing allow cannot be made up by another layer (F7.3), so the decision
	 * only grows with what a policy allows: evaluated with the unknown policy allowing
	 * everything, a denial stands whatever it says; an allow does not, since it could
	 * deny. */
	const struct topo_missing *ep_unknown = NULL, *res_unknown = NULL;
	struct policy *allow_all = NULL;
	if (ep && t->nmissing && !ep->policy)  /* a declared policy is used (missing-declared) */
		ep_unknown = topo_missing_find(t, TOPO_MISSING_ENDPOINT_POLICY,
					       ep->vpc ? ep->vpc->id : NULL, ep->id);
	c->r->endpoint_policy_unknown = ep_unknown != NULL;
	if (ep_unknown)
		ep_policy = t->default_endpoint_policy ? t->default_endpoint_policy :
			    default_ep ? default_ep : (default_ep = policy_default_endpoint());
	const char *res_name = b ? b->name : c->d.name;
	if (t->nmissing && res_name && !res_policy)
		res_unknown = topo_missing_find(t, c->d.service == TOPO_SVC_DYNAMODB ?
						TOPO_MISSING_TABLE_POLICY : TOPO_MISSING_BUCKET_POLICY,
						NULL, res_name);
	c->r->resource_policy_unknown = res_unknown != NULL;
	if (res_unknown)
		res_policy = allow_all = allow_all_policy(POLICY_KIND_RESOURCE);
	/* a role whose identity policies are not known: evaluated as allowing (as a role
	 * given without policies is), and an allow is then not known */
	const struct topo_role *prole = topo_find_role(t, c->principal);
	const struct topo_missing *id_unknown = t->nmissing && c->principal ?
		topo_missing_find(t, TOPO_MISSING_ROLE_POLICIES, NULL,
				  prole ? prole->arn : c->principal) : NULL;
	const struct topo_role *role = topo_find_role(t, c->principal);
	const struct policy **identity = NULL;
	size_t nid = 0;
	if (role && role->npolicies) {
		identity = arena_alloc(c->a, role->npolicies * sizeof(*identity));
		for (size_t i = 0; i < role->npolicies; i++)
			if (role->policies[i]->compiled)
				identity[nid++] = role->policies[i]->compiled;
	}
	/* F4.4: zonal object operations on a directory bucket are authorised by
	 * s3express:CreateSession, in ReadOnly mode for reads; regional (bucket) operations
	 * by their own action */
	const char *authz_action = c->action;
	if (c->d.service == TOPO_SVC_S3EXPRESS && c->action && str_has_prefix(c->action, "s3:") &&
	    !express_regional_action(c->action)) {
		authz_action = "s3express:CreateSession";
		const char *mode = c->q->session_mode ? c->q->session_mode :
				   express_read_action(c->action) ? "ReadOnly" : "ReadWrite";
		ctx_set(c, "s3express:SessionMode", mode);
		if (!strcmp(mode, "ReadOnly") && !express_read_action(c->action)) {
			struct trace_hop *h = hop_new(c, false, "service", c->d.name, HOP_DENY);
			h->detail = TEXT(c, "%s in a ReadOnly session", c->action);
			finish(c, TRACE_DENIED, "SESSION_MODE_DENIED", false, h,
			       "%s is a write; a ReadOnly CreateSession session allows only GetObject, "
			       "HeadObject, ListObjectsV2, GetObjectAttributes, ListParts and "
			       "ListMultipartUploads (F4.4)", c->action);
			policy_free(default_ep);
			policy_free(allow_all);
			return;
		}
	}
	struct policy_context *pc = build_context(c);
	struct policy_request req = {
		.action = authz_action,
		.resource = resource,
		.principal_arn = c->principal,
		.principal_account = principal_account(c->principal, c->a),
		.context = pc,
	};
	if (!c->principal) {
		/* no role and no --principal: assume a caller of the resource's account whose
		 * own policies allow, rather than an anonymous request */
		req.principal_account = b && b->account ? b->account : t->account;
		req.caller_same_account = true; /* F7.2: known or not, the account is the resource's */
		warn(c, "no-principal", NULL, "no principal (%s has no role and no --principal was "
		     "given): assuming a caller in account %s whose identity policy allows",
		     c->r->src_id ? c->r->src_id : "the source",
		     req.principal_account ? req.principal_account : "of the resource");
	}
	/* the known ones may still deny explicitly: they stay, with one that allows all */
	struct policy *id_all = NULL;
	if (id_unknown) {
		const struct policy **all = arena_alloc(c->a, (nid + 1) * sizeof(*all));
		for (size_t i = 0; i < nid; i++)
			all[i] = identity[i];
		all[nid++] = id_all = allow_all_policy(POLICY_KIND_IDENTITY);
		identity = all;
	}
	struct policy_set set = {
		.endpoint = ep_policy,
		.resource = res_policy,
		.identity = identity,
		.nidentity = nid,
		.identity_unknown = nid == 0,
		.resource_account = b && b->account ? b->account : t->account,
	};
	struct policy_authz z;
	/* explanations cost ten times the evaluation: bulk runs do without */
	req.no_explain = c->brief;
	policy_authorize(&set, &req, &z);

	if (ep_hop) {
		ep_hop->policy_decision = decision_str(z.endpoint.decision);
		ep_hop->policy_statement = statement_str(c, &z.endpoint, ep_policy);
		ep_hop->policy_explanation = z.endpoint.explanation ?
					     arena_strdup(c->a, z.endpoint.explanation) : NULL;
		ep_hop->policy_by = "endpoint";
		if (ep->policy)
			ep_hop->where = loc_str(c, ep->policy->loc);
	}
	const char *svc_id = c->d.name ? c->d.name : c->d.host;
	bool allowed = z.decision == POLICY_ALLOW;
	if (allowed && (ep_unknown || res_unknown || id_unknown)) {
		const struct topo_missing *m = res_unknown ? res_unknown : ep_unknown ? ep_unknown :
					       id_unknown;
		struct trace_hop *h = m != ep_unknown || !ep_hop ?
				      hop_new(c, false, "service", svc_id, HOP_DROP) : ep_hop;
		h->detail = TEXT(c, "%s %s %s", topo_service_name(c->d.service), c->action,
				 resource ? resource : "");
		h->policy_decision = "unknown";
		h->policy_by = res_unknown ? "resource" : ep_unknown ? "endpoint" : "identity";
		if (ep_unknown && ep_hop) {
			ep_hop->policy_decision = "unknown";
			ep_hop->policy_statement = NULL;
			ep_hop->policy_explanation = NULL;
		}
		missing_data(c, false, h, m);
		policy_authz_clear(&z);
		policy_context_free(pc);
		policy_free(default_ep);
		policy_free(allow_all);
		policy_free(id_all);
		return;
	}
	if (ep_hop && z.decided_by == POLICY_LAYER_ENDPOINT && !allowed) {
		ep_hop->result = HOP_DENY;
		finish(c, TRACE_DENIED, "ENDPOINT_POLICY_DENIED", false, ep_hop,
		       "the policy of endpoint %s %s %s on %s%s%s", ep->id,
		       z.decision == POLICY_DENY ? "explicitly denies" : "does not allow", c->action,
		       resource ? resource : svc_id,
		       z.endpoint.sid ? arena_printf(c->a, " (statement %s)", z.endpoint.sid) : "",
		       z.decision == POLICY_DENY ? "" : "; an endpoint policy must allow the request (F7.3)");
	} else {
		struct trace_hop *h = hop_new(c, false, "service", svc_id, allowed ? HOP_ALLOW : HOP_DENY);
		h->detail = TEXT(c, "%s %s %s", topo_service_name(c->d.service), c->action,
					 resource ? resource : "");
		if (allowed) {
			h->policy_decision = "allow";
			h->policy_by = z.allowed_by_identity && z.allowed_by_resource ? "identity+resource" :
				       z.allowed_by_resource ? "resource" : "identity";
			const struct policy_result *pr = z.allowed_by_resource ? &z.resource : &z.identity;
			h->policy_statement = statement_str(c, pr, z.allowed_by_resource ? res_policy :
								    nid == 1 ? identity[0] : NULL);
		} else {
			h->policy_decision = decision_str(z.decision);
			h->policy_by = layer_name(z.decided_by);
			const struct policy_result *pr = z.decided_by == POLICY_LAYER_RESOURCE ?
							 &z.resource : &z.identity;
			h->policy_statement = statement_str(c, pr, z.decided_by == POLICY_LAYER_RESOURCE ?
								    res_policy : nid == 1 ? identity[0] : NULL);
			if (pr->explanation)
				h->policy_explanation = arena_strdup(c->a, pr->explanation);
			if (z.decided_by == POLICY_LAYER_RESOURCE && b && b->policy)
				h->where = loc_str(c, b->policy->loc);
			/* explicit denies name their layer; an implicit deny names the layer whose
			 * allow is missing: both for cross-account access (F7.2, F7.3(3)) */
			const char *code, *msg = NULL;
			if (z.decision == POLICY_DENY) {
				code = z.decided_by == POLICY_LAYER_RESOURCE ? "RESOURCE_POLICY_DENIED" :
				       "IDENTITY_POLICY_DENIED";
				msg = TEXT(c, "%s explicitly denies %s on %s%s",
						   z.decided_by == POLICY_LAYER_RESOURCE ?
						   (c->d.service == TOPO_SVC_DYNAMODB ? "the table's policy" :
						    "the bucket's policy") : "the principal's identity policy",
						   authz_action, resource ? resource : svc_id,
						   pr->sid ? arena_printf(c->a, " (statement %s)", pr->sid) : "");
				/* a deny for a request not from a VPC endpoint (F2.12), where the
				 * VPC has one the flow could take: the fix is to take it */
				const char *fix = !c->r->via_vpc_endpoint && pr->explanation &&
						  strstr(pr->explanation, "aws:SourceVpc") ?
						  hint_via_endpoint(c) : NULL;
				if (fix)
					h->hint = TEXT(c, "%s; the statement admits only requests through a "
						       "VPC endpoint, and this one does not come through one: %s",
						       msg, fix);
				/* and the place to change is then the route table, not the policy */
				if (z.decided_by == POLICY_LAYER_RESOURCE)
					hint_mark_route_cause(c, res_policy, &req, pc);
			} else if (!z.allowed_by_identity && !z.allowed_by_resource && z.resource_delegates) {
				code = "NO_POLICY_ALLOWS";
				msg = TEXT(c, "%s allows %s only to the account, which delegates to the "
					   "account's identity policies (F7.10), and the principal's identity "
					   "policy does not allow it on %s",
					   c->d.service == TOPO_SVC_DYNAMODB ? "the table's policy" :
					   "the bucket's policy", authz_action, resource ? resource : svc_id);
			} else if (!z.allowed_by_identity && !z.allowed_by_resource) {
				code = "NO_POLICY_ALLOWS";
				msg = TEXT(c, "no identity or resource policy allows %s on %s",
						   authz_action, resource ? resource : svc_id);
			} else if (!z.allowed_by_identity) {
				code = "IDENTITY_POLICY_DENIED";
				h->policy_by = "identity";
				msg = TEXT(c, "the principal's identity policy does not allow %s on "
						   "%s; %s", authz_action, resource ? resource : svc_id,
						   "the resource policy's allow is not enough across accounts (F7.2)");
			} else {
				code = "RESOURCE_POLICY_DENIED";
				h->policy_by = "resource";
				msg = TEXT(c, "%s does not allow %s on %s; across accounts the "
						   "resource policy must allow too (F7.2)",
						   c->d.service == TOPO_SVC_DYNAMODB ? "the table's policy" :
						   "the bucket's policy", authz_action,
						   resource ? resource : svc_id);
			}
			finish(c, TRACE_DENIED, code, false, h, "%s", msg);
		}
	}
	/* resource-pinned-to-endpoint: does the resource policy deny the same request when
	 * it does not come through a VPC endpoint? */
	if (res_policy && !allow_all)
		c->r->resource_pinned_to_endpoint = memo_pinned(c->q->memo, res_policy, &req,
								denies_from_outside);
	policy_authz_clear(&z);
	policy_context_free(pc);
	policy_free(default_ep);
	policy_free(allow_all);
	policy_free(id_all);
}

/* ---- the service at the end of the path ------------------------------------------- */

bool service_accepts(struct tctx *c)
{
	if (c->proto != TOPO_PROTO_TCP || (c->port != 443 && c->port != 80)) {
		struct trace_hop *h = hop_new(c, false, "service", c->d.name ? c->d.name : c->d.host,
					      HOP_DROP);
		finish(c, TRACE_UNREACHABLE, "PROTOCOL_NOT_SUPPORTED", false, h,
		       "%s accepts TCP on ports 443 and 80 only, not %s %u",
		       topo_service_name(c->d.service), proto_str(c, c->proto), c->port);
		return false;
	}
	return true;
}

void set_public_context(struct tctx *c, const struct net_addr *public_ip)
{
	/* F2.11, F5.7: not through an endpoint, S3 sees the public address */
	ctx_set(c, "aws:SourceIp", addr_str(c, public_ip));
}

void set_endpoint_context(struct tctx *c, const struct topo_endpoint *ep,
			  const struct net_addr *vpc_source_ip)
{
	ctx_set(c, "aws:SourceVpce", ep->id);
	ctx_set(c, "aws:SourceVpc", ep->vpc->id);
	ctx_set(c, "aws:VpcSourceIp", addr_str(c, vpc_source_ip));
	if (c->t->account)
		ctx_set(c, "aws:VpceAccount", c->t->account);
}

/* F2.11 context keys that do not depend on the path. */
/* The role a principal ARN speaks for: a role session (arn:aws:sts::ACCOUNT:
 * assumed-role/NAME/SESSION) is its role's ARN (F7.9: aws:PrincipalArn); anything else
 * is itself.  The role's path is not in a session ARN: a role of the topology with
 * that name supplies it. */
static const char *principal_role_arn(struct tctx *c, const char *arn)
{
	const char *ar = strstr(arn, ":assumed-role/");
	if (strncmp(arn, "arn:", 4) != 0 || !ar)
		return arn;
	const char *acct = principal_account(arn, c->a);
	const char *name = ar + strlen(":assumed-role/");
	const char *slash = strchr(name, '/');
	const char *role = arena_strndup(c->a, name, slash ? (size_t)(slash - name) : strlen(name));
	for (size_t i = 0; i < c->t->nroles; i++) {
		const char *r = c->t->roles[i].arn;
		const char *last = r ? strrchr(r, '/') : NULL;
		const char *racct = r ? principal_account(r, c->a) : NULL;
		if (last && !strcmp(last + 1, role) && racct && acct && !strcmp(racct, acct))
			return r;
	}
	/* the partition as written: arn:PARTITION:sts::… */
	const char *part_end = strchr(arn + 4, ':');
	const char *partition = part_end ? arena_strndup(c->a, arn + 4, (size_t)(part_end - arn - 4))
					 : "aws";
	return arena_printf(c->a, "arn:%s:iam::%s:role/%s", partition, acct ? acct : "", role);
}

static const char *principal_type(const char *arn)
{
	if (strstr(arn, ":assumed-role/") || strstr(arn, ":role/"))
		return "AssumedRole";  /* a role's requests are made by a session of it */
	if (strstr(arn, ":user/"))
		return "User";
	if (strstr(arn, ":federated-user/"))
		return "FederatedUser";
	if (str_has_suffix(arn, ":root"))
		return "Account";
	return NULL;
}

/* The request time (F7.9: aws:CurrentTime, aws:EpochTime): --now, else
 * $SOURCE_DATE_EPOCH (reproducible runs), else the clock. */
static long long request_time(struct tctx *c)
{
	long long t;
	if (c->q->now && trace_parse_time(c->q->now, &t))
		return t;
	const char *sde = getenv("SOURCE_DATE_EPOCH");
	char *end;
	if (sde && *sde) {
		long long v = strtoll(sde, &end, 10);
		if (!*end && v >= 0)
			return v;
	}
	return (long long)time(NULL);
}

static void tags_context(struct tctx *c, const char *prefix, const struct topo_tags *tags)
{
	for (size_t i = 0; i < tags->len; i++)
		ctx_set(c, arena_concat(c->a, prefix, tags->items[i].key, NULL), tags->items[i].value);
}

/* The keys AWS puts in every request of this kind (F2.11, F7.9) and those the topology
 * can state; a key nothing states stays absent (F7.7). */
void base_context(struct tctx *c)
{
	const struct topology *t = c->t;
	/* the trace asks for the base context first, before any other key: its keys,
	 * distinct, are appended without a lookup (ctx_set when something came before) */
	void (*put)(struct tctx *, const char *, const char *) = c->ctx.len ? ctx_set : ctx_add;
	if (c->principal) {
		const char *role = principal_role_arn(c, c->principal);
		put(c, "aws:PrincipalArn", role);
		const char *acct = principal_account(c->principal, c->a);
		if (acct) {
			put(c, "aws:PrincipalAccount", acct);
			const char *org = topo_account_organization(t, acct);
			if (org)
				put(c, "aws:PrincipalOrgID", org);
		}
		const char *type = principal_type(c->principal);
		if (type)
			put(c, "aws:PrincipalType", type);
		const struct topo_role *r = topo_find_role(t, role);
		if (r)
			tags_context(c, "aws:PrincipalTag/", &r->tags);
		/* F7.9: a role session's aws:userid is ROLE-ID:SESSION-NAME; an EC2 instance's
		 * session is named for the instance */
		const char *session = NULL;
		const char *ar = strstr(c->principal, ":assumed-role/");
		if (ar) {
			const char *s2 = strchr(ar + strlen(":assumed-role/"), '/');
			session = s2 && s2[1] ? s2 + 1 : NULL;
		} else if (c->inst && c->principal == c->inst->role) {
			session = c->inst->id;
		}
		if (r && r->id && session)
			put(c, "aws:userid", arena_concat(c->a, r->id, ":", session, NULL));
	}
	if (c->d.service != TOPO_SVC_NONE) {
		put(c, "aws:SecureTransport", c->port == 443 ? "true" : "false");
		if (c->d.region)
			put(c, "aws:RequestedRegion", c->d.region);
		if (c->d.key && c->action && (str_ieq(c->action, "s3:ListBucket") ||
					      str_ieq(c->action, "s3:ListBucketVersions")))
			put(c, "s3:prefix", c->d.key);
		/* the principal calls directly: no service acts on its behalf */
		put(c, "aws:ViaAWSService", "false");
		const char *iso = NULL, *epoch = NULL;
		if (!memo_request_time(c->q->memo, &iso, &epoch)) {
			long long now = request_time(c);
			time_t tt = (time_t)now;
			struct tm tm;
			char buf[32];
			if (gmtime_r(&tt, &tm) && strftime(buf, sizeof(buf), "%Y-%m-%dT%H:%M:%SZ", &tm))
				iso = arena_strdup(c->a, buf);
			epoch = arena_printf(c->a, "%lld", now);
			if (iso)
				memo_set_request_time(c->q->memo, iso, epoch);
		}
		if (iso)
			put(c, "aws:CurrentTime", iso);
		put(c, "aws:EpochTime", epoch);
		const struct topo_bucket *b = c->d.decl;
		const char *racct = b ? (b->account ? b->account : t->account) : NULL;
		if (racct) {
			put(c, "aws:ResourceAccount", racct);
			const char *org = topo_account_organization(t, racct);
			if (org)
				put(c, "aws:ResourceOrgID", org);
		}
		if (b)
			tags_context(c, "aws:ResourceTag/", &b->tags);
	}
}

/* What an endpoint serves, for messages: s3, dynamodb, or the last label of its service
 * name (sqs, ecr.api, a PrivateLink service's vpce-svc-…), never "other". */
const char *endpoint_service_label(const struct topo_endpoint *ep)
{
	if (ep->service != TOPO_SVC_OTHER || !ep->service_name)
		return topo_service_name(ep->service);
	/* com.amazonaws.REGION.SERVICE[.SUB]: what follows the region */
	const char *p = ep->service_name;
	if (ep->service_region) {
		const char *at = strstr(p, ep->service_region);
		if (at && at[strlen(ep->service_region)] == '.')
			return at + strlen(ep->service_region) + 1;
	}
	const char *dot = strrchr(p, '.');
	return dot ? dot + 1 : p;
}

/* F2.16: the destination is an address of a service (its range carried by a gateway
 * endpoint route, or an interface endpoint's network interface) and no request is
 * named: the network's answer stands, and no policy can be evaluated. */
void service_without_request(struct tctx *c, const char *service, const char *region,
			     const char *via)
{
	if (!c->r->dst_service)
		c->r->dst_service = service;
	if (!c->r->dst_region)
		c->r->dst_region = region;
	struct trace_hop *h = hop_new(c, false, "service", service, HOP_PASS);
	h->detail = TEXT(c, "%s at %s through %s: no bucket, table or action named, so no policy "
			 "was evaluated (F2.16)", service, addr_str(c, &c->dst_ip), via);
	warn(c, "policies-not-evaluated", NULL, "%s is an address of %s; no request was named "
	     "(no bucket, table or --action), so endpoint and resource policies were not "
	     "evaluated: the answer is the network's (F2.16)", addr_str(c, &c->dst_ip), service);
}

