/* trace.c - one flow, hop by hop: source ENI, security groups, network ACLs, route
 * table, then whatever the route leads to (local ENI, gateway endpoint, NAT gateway,
 * internet gateway …), the service's policies, and the return leg.
 *
 * The engine records what happened in a trace_result; it prints nothing (out/ does)
 * and prices nothing (cost/ and rules/ read the finished result).
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dest.h"
#include "memo.h"
#include "vpcpath/arena.h"
#include "vpcpath/filter.h"
#include "vpcpath/policy.h"
#include "vpcpath/route.h"
#include "vpcpath/trace.h"
#include "vpcpath/util.h"

/* ---- vocabularies ---------------------------------------------------------------- */

const char *trace_verdict_name(enum trace_verdict v)
{
	static const char *const names[] = { "reachable", "unreachable", "denied", "ambiguous",
					     "exits-model" };
	return (unsigned)v < sizeof(names) / sizeof(names[0]) ? names[v] : "?";
}

bool trace_verdict_parse(const char *s, enum trace_verdict *out)
{
	for (int v = TRACE_REACHABLE; v <= TRACE_EXITS_MODEL; v++)
		if (!strcmp(s, trace_verdict_name((enum trace_verdict)v))) {
			*out = (enum trace_verdict)v;
			return true;
		}
	return false;
}

const char *trace_hop_result_name(enum trace_hop_result r)
{
	static const char *const names[] = { "pass", "allow", "deny", "drop" };
	return (unsigned)r < 4 ? names[r] : "?";
}

/* ---- the trace context ------------------------------------------------------------ */

struct tctx {
	const struct topology *t;
	const struct trace_query *q;
	struct trace_result *r;
	struct arena *a;
	struct arena_vec hops, rhops, ctx, alts;
	bool finished;            /* a verdict other than reachable was set */
	bool brief;               /* q->brief: no human text (see TEXT) */

	/* source */
	const struct topo_instance *inst;
	const struct topo_subnet *subnet;
	const struct topo_vpc *vpc;
	struct net_addr src_ip;
	const struct topo_security_group **sgs;
	size_t nsgs;
	struct topo_ports eph;
	const struct topo_on_premises *onprem;
	bool returned;            /* the response's way into the source subnet is checked */
	bool overrides_warned;

	/* flow */
	int proto;
	unsigned port;
	struct dest d;
	struct dns_answer ans;
	struct net_addr dst_ip;
	const char *action, *principal;
	char path[128];
};

static const char *loc_str(struct tctx *c, struct topo_loc loc)
{
	if (!loc.line)
		return NULL;
	return memo_loc(c->q->memo, c->a, c->t->file, loc);
}

/* Human text (hop details, hints, the reason's message, warnings, policy
 * explanations) is most of a trace's cost and is read only when someone reads the
 * trace.  Bulk runs (q->brief: check's all_pairs cells) need the verdict, reason code,
 * path, hops and places, and trace a flow again in full when a report shows it.  The
 * arguments are not evaluated in brief mode; the result is NULL there. */
#define TEXT(c, ...) ((c)->brief ? NULL : arena_printf((c)->a, __VA_ARGS__))

static struct trace_hop *hop_new(struct tctx *c, bool ret, const char *kind, const char *id,
				 enum trace_hop_result result)
{
	struct arena_vec *v = ret ? &c->rhops : &c->hops;
	struct trace_hop *h = arena_vec_push(c->a, v, sizeof(*h));
	h->n = (int)v->len;
	h->kind = kind;
	h->id = id ? arena_strdup(c->a, id) : NULL;
	h->result = result;
	return h;
}

static void path_add(struct tctx *c, const char *part)
{
	if (strstr(c->path, part))
		return;
	size_t n = strlen(c->path), len = strlen(part);
	if (n + 1 + len >= sizeof(c->path))
		return;  /* the vocabulary's longest path is far shorter */
	if (n)
		c->path[n++] = '+';
	memcpy(c->path + n, part, len + 1);
}

/* Ends the trace with a verdict other than reachable; h (may be NULL) decided it.
 * finish(c, verdict, code, ret, h, fmt, ...): the message is formatted only outside
 * brief mode (TEXT). */
#define finish(c, v, code, ret, h, ...)                                                     \
	do {                                                                                \
		struct trace_hop *finish_hop_ = (h);                                        \
		finish_verdict((c), (v), (code), (ret), finish_hop_);                       \
		if (!(c)->brief)                                                            \
			finish_message((c), finish_hop_, __VA_ARGS__);                      \
	} while (0)

static void finish_verdict(struct tctx *c, enum trace_verdict v, const char *code, bool ret,
			   struct trace_hop *h)
{
	c->finished = true;
	c->r->verdict = v;
	c->r->has_reason = true;
	c->r->reason_code = code;
	c->r->reason_leg = ret ? "return" : "forward";
	c->r->reason_hop = h ? h->n : 0;
	if (h)
		h->deciding = true;
}

static void finish_message(struct tctx *c, struct trace_hop *h, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void finish_message(struct tctx *c, struct trace_hop *h, const char *fmt, ...)
{
	char msg[768];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	str_trim_utf8(msg);
	c->r->reason_message = arena_strdup(c->a, msg);
	if (h && !h->hint)
		h->hint = c->r->reason_message;
}

/* warn(c, code, where, fmt, ...): a warning on the result; none in brief mode. */
#define warn(c, code, where, ...)                                                           \
	do {                                                                                \
		if (!(c)->brief)                                                            \
			add_warning((c), (code), (where), __VA_ARGS__);                     \
	} while (0)

static void add_warning(struct tctx *c, const char *code, const char *where, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
static void add_warning(struct tctx *c, const char *code, const char *where, const char *fmt, ...)
{
	char msg[768];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	str_trim_utf8(msg);
	/* warnings are few: grow the result's array by one */
	static const size_t elem = sizeof(struct trace_warning);
	struct trace_warning *arr = arena_alloc(c->a, (c->r->nwarnings + 1) * elem);
	if (c->r->nwarnings)
		memcpy(arr, c->r->warnings, c->r->nwarnings * elem);
	arr[c->r->nwarnings].code = code;
	arr[c->r->nwarnings].message = arena_strdup(c->a, msg);
	arr[c->r->nwarnings].where = where;
	c->r->warnings = arr;
	c->r->nwarnings++;
}

static void ctx_set(struct tctx *c, const char *key, const char *value)
{
	struct trace_kv *kv = c->ctx.items;
	/* the engine's keys are literals: the same pointer is the same key, and keys of
	 * different lengths differ (F7.8: names compare case-insensitively) */
	size_t klen = strlen(key);
	for (size_t i = 0; i < c->ctx.len; i++)
		if (kv[i].key == key || (strlen(kv[i].key) == klen && str_ieq(kv[i].key, key))) {
			kv[i].value = value;
			return;
		}
	struct trace_kv *n = arena_vec_push(c->a, &c->ctx, sizeof(*n));
	n->key = key;
	n->value = value;
}

static const char *addr_str(struct tctx *c, const struct net_addr *a)
{
	char buf[NET_ADDRSTRLEN];
	return arena_strdup(c->a, net_addr_str(a, buf));
}

static const char *proto_str(struct tctx *c, int proto)
{
	char buf[16];
	return arena_strdup(c->a, filter_protocol_name(proto, buf, sizeof(buf)));
}

/* ---- filters as hops ---------------------------------------------------------------- */

static struct topo_ports one_port(unsigned p)
{
	struct topo_ports r = { (uint16_t)p, (uint16_t)p };
	return r;
}

static const char *ports_str(struct tctx *c, struct topo_ports p)
{
	if (p.lo == p.hi)
		return arena_printf(c->a, "%u", p.lo);
	return arena_printf(c->a, "%u-%u", p.lo, p.hi);
}

/* A NACL crossing as a hop.  remote: the far address the rules match; ports: the
 * destination port(s) of the packet.  Returns true when every port passes. */
static bool nacl_hop(struct tctx *c, bool ret, const struct topo_network_acl *acl, bool egress,
		     const struct net_addr *remote, struct topo_ports ports, const char *what)
{
	struct nacl_verdict v;
	nacl_evaluate(acl, egress, c->proto, remote, ports, &v);
	struct trace_hop *h = hop_new(c, ret, "network-acl", acl->id,
				      v.all_allowed ? HOP_ALLOW : HOP_DENY);
	h->direction = egress ? "egress" : "ingress";
	h->has_rule = true;
	h->rule = v.deciding_rule;
	const char *remote_s = c->brief ? NULL : addr_str(c, remote);
	const char *ps = c->brief ? NULL : ports_str(c, ports);
	if (v.rule)
		h->where = loc_str(c, v.rule->loc);
	if (v.all_allowed) {
		h->detail = strchr(v.allowed_rules, ',') ?
			    TEXT(c, "%s %s %s %s (%s; rules %s)", proto_str(c, c->proto), ps,
					 egress ? "to" : "from", remote_s, what, v.allowed_rules) :
			    TEXT(c, "%s %s %s %s (%s)", proto_str(c, c->proto), ps,
					 egress ? "to" : "from", remote_s, what);
		return true;
	}
	const char *rule_s = v.deciding_rule == FILTER_NACL_DEFAULT_RULE ? "*" :
			     TEXT(c, "%u", v.deciding_rule);
	if (!v.none_allowed && ports.lo != ports.hi) {
		/* cli.md: only part of the ephemeral range admitted: intermittent failures */
		h->detail = TEXT(c, "%s ports %s %s %s denied by rule %s (rules %s admit the "
					 "rest of %s)", proto_str(c, c->proto), v.denied_ports,
					 egress ? "to" : "from", remote_s, rule_s, v.allowed_rules, ps);
		finish(c, TRACE_UNREACHABLE, "NACL_RETURN_DENIED", ret, h,
		       "network ACL %s %s admits only part of the client's ephemeral ports %s: ports %s "
		       "are denied by rule %s, so some connections fail; allow %s %s %s %s", acl->id,
		       h->direction, ps, v.denied_ports, rule_s, proto_str(c, c->proto), ps,
		       egress ? "to" : "from", remote_s);
		return false;
	}
	h->detail = TEXT(c, "%s %s %s %s denied by rule %s", proto_str(c, c->proto), ps,
				 egress ? "to" : "from", remote_s, rule_s);
	const char *code = ret ? "NACL_RETURN_DENIED" : egress ? "NACL_EGRESS_DENIED" :
									  "NACL_INGRESS_DENIED";
	finish(c, TRACE_UNREACHABLE, code, ret, h,
	       "network ACL %s %s rule %s denies %s %s %s %s (%s); add an allow rule numbered below %s",
	       acl->id, h->direction, rule_s, proto_str(c, c->proto), ps, egress ? "to" : "from",
	       remote_s, what, rule_s);
	return false;
}

static const char *sg_list_str(struct tctx *c, const struct topo_security_group *const *sgs,
			       size_t n)
{
	size_t len = 1;
	for (size_t i = 0; i < n; i++)
		len += strlen(sgs[i]->id) + 1;
	char *s = arena_alloc(c->a, len);
	for (size_t i = 0; i < n; i++) {
		if (i)
			strcat(s, ",");
		strcat(s, sgs[i]->id);
	}
	return s;
}

static const char *peer_str(struct tctx *c, const struct topo_sg_rule *r)
{
	char buf[NET_PREFIXSTRLEN];
	if (r->peer_kind == TOPO_PEER_CIDR)
		return arena_strdup(c->a, net_prefix_str(&r->cidr, buf));
	return r->peer.text;
}

static bool sg_hop(struct tctx *c, const struct topo_security_group *const *sgs, size_t nsgs,
		   bool egress, const struct net_addr *peer,
		   const struct topo_security_group *const *peer_sgs, size_t npeer)
{
	struct sg_verdict v;
	sg_evaluate(sgs, nsgs, egress, c->proto, peer, c->port, peer_sgs, npeer, &v);
	struct trace_hop *h = hop_new(c, false, "security-group",
				      v.allowed ? v.sg->id : sg_list_str(c, sgs, nsgs),
				      v.allowed ? HOP_ALLOW : HOP_DENY);
	h->direction = egress ? "egress" : "ingress";
	const char *ps = c->proto == TOPO_PROTO_TCP || c->proto == TOPO_PROTO_UDP ?
			 TEXT(c, " %u", c->port) : "";
	if (v.allowed) {
		h->has_rule = true;
		h->rule = v.rule->index;
		h->where = loc_str(c, v.rule->loc);
		h->detail = TEXT(c, "%s%s %s %s", proto_str(c, v.rule->protocol == TOPO_PROTO_ALL ?
									 TOPO_PROTO_ALL : c->proto),
					 v.rule->protocol == TOPO_PROTO_ALL ? "" :
					 v.rule->ports.lo == v.rule->ports.hi ?
					 arena_printf(c->a, " %u", v.rule->ports.lo) :
					 arena_printf(c->a, " %u-%u", v.rule->ports.lo, v.rule->ports.hi),
					 egress ? "to" : "from", peer_str(c, v.rule));
		return true;
	}
	h->detail = TEXT(c, "no %s rule admits %s%s %s %s", egress ? "egress" : "ingress",
				 proto_str(c, c->proto), ps, egress ? "to" : "from", addr_str(c, peer));
	if (nsgs)
		h->where = loc_str(c, sgs[0]->loc);
	finish(c, TRACE_UNREACHABLE, egress ? "SG_EGRESS_DENIED" : "SG_INGRESS_DENIED", false, h,
	       "no %s rule of security group %s admits %s%s %s %s; add one (security groups allow "
	       "only what a rule names, F6.1)", egress ? "egress" : "ingress",
	       sg_list_str(c, sgs, nsgs), proto_str(c, c->proto), ps, egress ? "to" : "from",
	       addr_str(c, peer));
	return false;
}

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

static const char *default_action(const struct dest *d)
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
		ctx_set(c, o->key, o->value);
	}
	struct policy_context *pc = policy_context_new_in(c->a);
	const struct trace_kv *kv = c->ctx.items;
	for (size_t i = 0; i < c->ctx.len; i++)
		if (kv[i].value && *kv[i].value)
			policy_context_set(pc, kv[i].key, kv[i].value);
	return pc;
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

/* The request's authorisation at the service (F7.3).  ep: the endpoint the request
 * went through, or NULL.  Adds the endpoint's policy result to ep_hop and a service hop. */
static void authorize(struct tctx *c, const struct topo_endpoint *ep, struct trace_hop *ep_hop)
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
		warn(c, "no-principal", NULL, "no principal (%s has no role and no --principal was "
		     "given): assuming a caller in account %s whose identity policy allows",
		     c->r->src_id ? c->r->src_id : "the source",
		     req.principal_account ? req.principal_account : "of the resource");
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
	if (res_policy)
		c->r->resource_pinned_to_endpoint = memo_pinned(c->q->memo, res_policy, &req,
								denies_from_outside);
	policy_authz_clear(&z);
	policy_context_free(pc);
	policy_free(default_ep);
}

/* ---- the service at the end of the path ------------------------------------------- */

static bool service_accepts(struct tctx *c)
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

static void set_public_context(struct tctx *c, const struct net_addr *public_ip)
{
	/* F2.11, F5.7: not through an endpoint, S3 sees the public address */
	ctx_set(c, "aws:SourceIp", addr_str(c, public_ip));
}

static void set_endpoint_context(struct tctx *c, const struct topo_endpoint *ep,
				 const struct net_addr *vpc_source_ip)
{
	ctx_set(c, "aws:SourceVpce", ep->id);
	ctx_set(c, "aws:SourceVpc", ep->vpc->id);
	ctx_set(c, "aws:VpcSourceIp", addr_str(c, vpc_source_ip));
	if (c->t->account)
		ctx_set(c, "aws:VpceAccount", c->t->account);
}

/* ---- return legs ------------------------------------------------------------------- */

static struct topo_ports client_ports(struct tctx *c)
{
	if (c->q->source_port >= 0)
		return one_port((unsigned)c->q->source_port);
	return c->eph;
}

/* The response's way back into the source subnet: its NACL inbound from the remote
 * address to the client's ephemeral ports (F6.3, F6.4). */
static bool return_into_source(struct tctx *c, const struct net_addr *remote)
{
	if (c->returned)
		return true;
	c->returned = true;
	struct topo_ports ports = client_ports(c);
	if (c->proto != TOPO_PROTO_TCP && c->proto != TOPO_PROTO_UDP)
		ports = one_port(0);
	return nacl_hop(c, true, c->subnet->network_acl, false, remote, ports, "response");
}

/* ---- paths out of the VPC ------------------------------------------------------------ */


static void via_gateway_endpoint(struct tctx *c, const struct topo_endpoint *ep,
				 const struct net_addr *vpc_source_ip)
{
	struct trace_hop *h = hop_new(c, false, "gateway-endpoint", ep->id, HOP_ALLOW);
	h->detail = TEXT(c, "%s, private path to %s (F2.1)", ep->service_name,
				 topo_service_name(ep->service));
	path_add(c, "gateway-endpoint");
	c->r->via_vpc_endpoint = true;
	if (!c->r->via_id)
		c->r->via_id = ep->id;
	if (c->d.service != TOPO_SVC_NONE && ep->service != c->d.service) {
		h->result = HOP_DROP;
		finish(c, TRACE_UNREACHABLE, "NO_ROUTE", false, h,
		       "the route sends %s traffic to %s, a gateway endpoint for %s",
		       topo_service_name(c->d.service), ep->id, topo_service_name(ep->service));
		return;
	}
	if (c->d.service == TOPO_SVC_NONE) {
		finish(c, TRACE_EXITS_MODEL, "EXITS_MODEL", false, h,
		       "%s is in the %s range but is not a named bucket or table; the flow reaches the "
		       "service through %s", addr_str(c, &c->dst_ip), topo_service_name(ep->service),
		       ep->id);
		return;
	}
	if (!service_accepts(c))
		return;
	set_endpoint_context(c, ep, vpc_source_ip);
	authorize(c, ep, h);
}

static void via_internet(struct tctx *c, const struct topo_gateway *igw,
			 const struct net_addr *public_ip, bool egress_only)
{
	struct trace_hop *h = hop_new(c, false, egress_only ? "egress-only-internet-gateway" :
					       "internet-gateway", igw->id, HOP_PASS);
	if (c->d.service == TOPO_SVC_NONE) {
		h->detail = TEXT(c, "leaves AWS from %s", addr_str(c, public_ip));
		finish(c, TRACE_EXITS_MODEL, "EXITS_MODEL", false, h,
		       "the flow leaves the modelled network through %s; the world sees it from %s",
		       igw->id, addr_str(c, public_ip));
		return;
	}
	h->detail = TEXT(c, "public service endpoint; %s seen from %s (stays on the AWS "
				 "network, F5.2)", topo_service_name(c->d.service),
				 addr_str(c, public_ip));
	c->r->uses_public_service_endpoint = true;
	if (!service_accepts(c))
		return;
	set_public_context(c, public_ip);
	authorize(c, NULL, NULL);
}

static void trace_route(struct tctx *c, const struct topo_subnet *from, const struct net_addr *src,
			bool behind_nat, const struct topo_nat_gateway *nat);

static void via_nat(struct tctx *c, const struct topo_nat_gateway *nat)
{
	path_add(c, "nat-gateway");
	c->r->via_id = nat->id;
	/* the packet enters the NAT's subnet first: from another subnet it crosses that
	 * subnet's NACL inbound (F6.3) */
	if (nat->subnet && nat->subnet != c->subnet &&
	    !nacl_hop(c, false, nat->subnet->network_acl, false, &c->src_ip, one_port(c->port),
		      TEXT(c, "into NAT subnet %s", nat->subnet->id)))
		return;
	struct trace_hop *h = hop_new(c, false, "nat-gateway", nat->id, HOP_PASS);
	if (c->dst_ip.family == NET_V6) {
		h->result = HOP_DROP;
		finish(c, TRACE_UNREACHABLE, "IPV6_NOT_SUPPORTED", false, h,
		       "NAT gateways do not translate IPv6 (F5.4); use an egress-only internet gateway");
		return;
	}
	if (!nat->subnet) {
		h->result = HOP_DROP;
		finish(c, TRACE_UNREACHABLE, "NO_ROUTE", false, h, "NAT gateway %s has no subnet", nat->id);
		return;
	}
	const char *nat_az = nat->subnet->az, *src_az = c->subnet->az;
	if (nat_az && src_az && strcmp(nat_az, src_az) != 0) {
		c->r->cross_az = true;
		/* F5.6 */
		warn(c, "cross-az-nat", loc_str(c, nat->loc), "%s in %s uses NAT gateway %s in %s: "
		     "inter-AZ data transfer is charged on top of NAT processing", c->inst ? c->inst->id :
		     "the source", src_az, nat->id, nat_az);
	}
	h->detail = TEXT(c, "%s NAT in %s (%s), %s", nat->is_public ? "public" : "private",
				 nat->subnet->id, nat_az ? nat_az : "?",
				 nat->has_public_ip ? arena_printf(c->a, "elastic IP %s",
								   addr_str(c, &nat->public_ip)) :
						      "no elastic IP");
	trace_route(c, nat->subnet, &nat->private_ip, true, nat);
}

/* The response's way back through the NAT gateway's subnet: into it from the service
 * on the NAT's own ports (F5.5), then out of it to the client (F6.3). */
static bool return_through_nat(struct tctx *c, const struct topo_subnet *nat_subnet)
{
	struct topo_ports nat_ports = { 1024, 65535 }; /* F5.5 */
	if (!nacl_hop(c, true, nat_subnet->network_acl, false, &c->dst_ip, nat_ports,
		      "response to the NAT gateway"))
		return false;
	if (nat_subnet == c->subnet)
		return true;
	struct topo_ports ports = client_ports(c);
	if (c->proto != TOPO_PROTO_TCP && c->proto != TOPO_PROTO_UDP)
		ports = one_port(0);
	return nacl_hop(c, true, nat_subnet->network_acl, true, &c->src_ip, ports,
			TEXT(c, "response from the NAT gateway to %s", addr_str(c, &c->src_ip)));
}

/* What the route leads to, from subnet `from` for a packet from `src`. */
static void follow_target(struct tctx *c, const struct topo_route *route,
			  const struct topo_subnet *from, const struct net_addr *src,
			  bool behind_nat, const struct topo_nat_gateway *nat, struct trace_hop *rh);

static void trace_local(struct tctx *c, struct trace_hop *rh);
static void via_peering(struct tctx *c, const struct topo_peering *pcx, const struct topo_vpc *from);
static void via_tgw_from_vpc(struct tctx *c, const struct topo_transit_gateway *tgw,
			     struct trace_hop *rh);
static void via_vgw(struct tctx *c, const struct topo_gateway *vgw);

static void trace_route(struct tctx *c, const struct topo_subnet *from, const struct net_addr *src,
			bool behind_nat, const struct topo_nat_gateway *nat)
{
	const struct topo_route_table *rt = from->route_table;
	struct route_match m;
	memo_route_lookup(c->q->memo, c->t, rt, &c->dst_ip, &m);
	struct trace_hop *h = hop_new(c, false, "route-table", rt->id, HOP_PASS);
	char buf[NET_PREFIXSTRLEN];
	if (behind_nat)
		h->detail = TEXT(c, "route table of %s (NAT subnet)", from->id);
	if (m.outcome == ROUTE_NONE) {
		h->result = HOP_DROP;
		h->where = loc_str(c, rt->loc);
		finish(c, TRACE_UNREACHABLE, "NO_ROUTE", false, h,
		       "route table %s has no route for %s (F1.9); add one", rt->id,
		       addr_str(c, &c->dst_ip));
		return;
	}
	const struct topo_route *r = m.route;
	h->route_destination = TEXT(c, "%s", route_dest_str(r, buf, sizeof(buf)));
	h->route_matched = TEXT(c, "%s", net_prefix_str(&m.matched, buf));
	h->route_target = r->target.text ? r->target.text : "?";
	h->where = r->loc.line ? loc_str(c, r->loc) : loc_str(c, rt->loc);
	if (r->origin == TOPO_ORIGIN_ENDPOINT)
		h->detail = TEXT(c, "gateway endpoint route (from %s's route_tables)",
					 h->route_target);
	else if (r->origin == TOPO_ORIGIN_PROPAGATED)
		h->detail = "propagated route";
	if (m.outcome == ROUTE_AMBIGUOUS) {
		h->result = HOP_DROP;
		finish(c, TRACE_AMBIGUOUS, "AMBIGUOUS_ROUTE", false, h,
		       "route table %s: prefix lists %s (-> %s) and %s (-> %s) both cover %s; AWS picks "
		       "one at random and keeps it (F1.4c), so the path is unknowable offline", rt->id,
		       r->dest_pl.text, r->target.text, m.rival->dest_pl.text, m.rival->target.text,
		       addr_str(c, &c->dst_ip));
		return;
	}
	if (r->blackhole) {
		h->result = HOP_DROP;
		finish(c, TRACE_UNREACHABLE, "BLACKHOLE_ROUTE", false, h,
		       "route %s -> %s in %s is a blackhole (its target is gone, F1.8); the router does "
		       "not fall back to a less specific route (F1.9)", h->route_destination,
		       h->route_target, rt->id);
		return;
	}
	follow_target(c, r, from, src, behind_nat, nat, h);
}

static void follow_target(struct tctx *c, const struct topo_route *route,
			  const struct topo_subnet *from, const struct net_addr *src,
			  bool behind_nat, const struct topo_nat_gateway *nat, struct trace_hop *rh)
{
	const struct topo_ref *target = &route->target;
	switch (target->kind) {
	case TOPO_VPC:
		if (behind_nat) {
			rh->result = HOP_DROP;
			finish(c, TRACE_UNREACHABLE, "NO_ROUTE", false, rh,
			       "NAT gateway %s's subnet routes %s back into the VPC", nat->id,
			       addr_str(c, &c->dst_ip));
			return;
		}
		trace_local(c, rh);
		return;
	case TOPO_ENDPOINT: {
		const struct topo_endpoint *ep = target->ptr;
		/* the NAT's subnet NACL outbound, when the NAT sends through the endpoint */
		if (behind_nat && !nacl_hop(c, false, from->network_acl, true, &c->dst_ip,
					    one_port(c->port), "from the NAT gateway"))
			return;
		via_gateway_endpoint(c, ep, src);
		if (!c->finished && behind_nat)
			return_through_nat(c, from);
		return;
	}
	case TOPO_NAT_GATEWAY:
		if (behind_nat) {
			rh->result = HOP_DROP;
			finish(c, TRACE_EXITS_MODEL, "EXITS_MODEL", false, rh,
			       "NAT gateway %s routes to another NAT gateway; chained NAT is not modelled",
			       nat->id);
			return;
		}
		via_nat(c, target->ptr);
		return;
	case TOPO_INTERNET_GATEWAY:
	case TOPO_EGRESS_ONLY_IGW: {
		const struct topo_gateway *igw = target->ptr;
		bool eo = target->kind == TOPO_EGRESS_ONLY_IGW;
		if (eo && c->dst_ip.family != NET_V6) {
			rh->result = HOP_DROP;
			finish(c, TRACE_UNREACHABLE, "NO_ROUTE", false, rh,
			       "an egress-only internet gateway carries IPv6 only");
			return;
		}
		if (behind_nat) {
			if (!nacl_hop(c, false, from->network_acl, true, &c->dst_ip, one_port(c->port),
				      "from the NAT gateway"))
				return;
			if (!nat->is_public) {
				struct trace_hop *h = hop_new(c, false, "internet-gateway", igw->id, HOP_DROP);
				finish(c, TRACE_UNREACHABLE, "PRIVATE_NAT_TO_IGW", false, h,
				       "NAT gateway %s is private: the internet gateway drops its traffic "
				       "(F5.1); make it public or use a gateway endpoint", nat->id);
				return;
			}
			c->r->public_ipv4 = true;
			via_internet(c, igw, &nat->public_ip, false);
			if (!c->finished)
				return_through_nat(c, from);
			return;
		}
		path_add(c, eo ? "egress-only-internet-gateway" : "internet-gateway");
		c->r->via_id = igw->id;
		const struct net_addr *pub = NULL;
		if (c->dst_ip.family == NET_V4) {
			if (!c->inst || !c->inst->has_public_ip) {
				struct trace_hop *h = hop_new(c, false, "internet-gateway", igw->id, HOP_DROP);
				finish(c, TRACE_UNREACHABLE, "NO_PUBLIC_IP", false, h,
				       "%s has no public IPv4 address, so %s cannot carry its traffic "
				       "(F5.3); give it a public or elastic IP, or route through a NAT "
				       "gateway or a gateway endpoint", c->inst ? c->inst->id : "the source",
				       igw->id);
				return;
			}
			pub = &c->inst->public_ip;
			c->r->public_ipv4 = true;
		} else {
			pub = &c->src_ip;
		}
		via_internet(c, igw, pub, eo);
		return;
	}
	case TOPO_PEERING:
	case TOPO_TRANSIT_GATEWAY:
	case TOPO_VPN_GATEWAY:
		if (behind_nat) {
			rh->result = HOP_DROP;
			finish(c, TRACE_EXITS_MODEL, "EXITS_MODEL", false, rh,
			       "NAT gateway %s's subnet routes onward to %s; not traced by this version",
			       nat->id, target->text);
			return;
		}
		if (target->kind == TOPO_PEERING)
			via_peering(c, target->ptr, c->vpc);
		else if (target->kind == TOPO_TRANSIT_GATEWAY)
			via_tgw_from_vpc(c, target->ptr, rh);
		else
			via_vgw(c, target->ptr);
		return;
	case TOPO_ENI:
	case TOPO_UNMODELLED:
	case TOPO_INSTANCE:
	default:
		finish(c, TRACE_EXITS_MODEL, "EXITS_MODEL", false, rh,
		       "route target %s (%s) is not modelled; the flow leaves what vpcpath can trace",
		       target->text ? target->text : "?", topo_kind_name(target->kind));
		return;
	}
}

/* ---- destinations inside the VPC ------------------------------------------------------ */

struct eni {
	const char *id;
	const struct topo_subnet *subnet;
	const struct topo_security_group **sgs;
	size_t nsgs;
	const struct topo_instance *inst;
	const struct topo_endpoint *endpoint;
	const struct topo_nat_gateway *nat;
	struct topo_ports eph;
};

static void instance_sgs(struct tctx *c, const struct topo_instance *in,
			 const struct topo_security_group ***out, size_t *n)
{
	if (in->security_groups.len) {
		*out = arena_alloc(c->a, in->security_groups.len * sizeof(**out));
		*n = 0;
		for (size_t i = 0; i < in->security_groups.len; i++)
			if (in->security_groups.items[i].ptr)
				(*out)[(*n)++] = in->security_groups.items[i].ptr;
		return;
	}
	*out = arena_alloc(c->a, sizeof(**out));
	(*out)[0] = in->vpc->default_sg;
	*n = 1;
}

static bool find_eni(struct tctx *c, const struct topo_vpc *vpc, const struct net_addr *a,
		     struct eni *out)
{
	memset(out, 0, sizeof(*out));
	/* every ENI's address is in its subnet, and every subnet in its VPC's CIDRs (the
	 * loader checks both): most addresses asked about, AWS services', are in none */
	if (!topo_vpc_holds(vpc, a))
		return false;
	for (size_t i = 0; i < vpc->ninstances; i++) {
		const struct topo_instance *in = &vpc->instances[i];
		bool match = in->has_private_ip && net_addr_eq(&in->private_ip, a);
		for (size_t k = 0; !match && k < in->nipv6; k++)
			match = net_addr_eq(&in->ipv6_ips[k], a);
		if (!match)
			continue;
		out->id = in->id;
		out->subnet = in->subnet;
		out->inst = in;
		out->eph = in->ephemeral;
		instance_sgs(c, in, &out->sgs, &out->nsgs);
		return true;
	}
	for (size_t i = 0; i < vpc->nendpoints; i++) {
		const struct topo_endpoint *ep = &vpc->endpoints[i];
		for (size_t k = 0; k < ep->nips; k++) {
			if (!net_addr_eq(&ep->ips[k].ip, a))
				continue;
			out->id = ep->id;
			out->subnet = ep->ips[k].subnet.ptr;
			out->endpoint = ep;
			size_t n = ep->security_groups.len ? ep->security_groups.len : 1;
			out->sgs = arena_alloc(c->a, n * sizeof(*out->sgs));
			if (ep->security_groups.len)
				for (size_t s = 0; s < n; s++)
					out->sgs[out->nsgs++] = ep->security_groups.items[s].ptr;
			else
				out->sgs[out->nsgs++] = vpc->default_sg; /* F3.2 */
			return true;
		}
	}
	for (size_t i = 0; i < vpc->nnat_gateways; i++) {
		const struct topo_nat_gateway *n = &vpc->nat_gateways[i];
		if (n->has_private_ip && net_addr_eq(&n->private_ip, a)) {
			out->id = n->id;
			out->subnet = n->subnet;
			out->nat = n;
			return true;
		}
	}
	return false;
}

static void via_interface_endpoint(struct tctx *c, const struct eni *e)
{
	const struct topo_endpoint *ep = e->endpoint;
	path_add(c, "interface-endpoint");
	c->r->via_id = ep->id;
	c->r->via_vpc_endpoint = true;
	c->r->interface_endpoint_azs = (int)ep->nips;
	if (c->subnet && e->subnet && e->subnet->az && c->subnet->az &&
	    strcmp(e->subnet->az, c->subnet->az))
		c->r->cross_az = true;
	if (c->proto != TOPO_PROTO_TCP) {
		struct trace_hop *h = hop_new(c, false, "interface-endpoint", ep->id, HOP_DROP);
		finish(c, TRACE_UNREACHABLE, "PROTOCOL_NOT_SUPPORTED", false, h,
		       "interface endpoints carry TCP only (F3.1)");
		return;
	}
	struct trace_hop *h = hop_new(c, false, "interface-endpoint", ep->id, HOP_ALLOW);
	h->detail = TEXT(c, "ENI %s in %s (%s)", addr_str(c, &c->dst_ip),
				 e->subnet ? e->subnet->id : "?", e->subnet && e->subnet->az ?
				 e->subnet->az : "?");
	if (c->d.service == TOPO_SVC_NONE || c->d.service != ep->service) {
		if (c->d.service == TOPO_SVC_NONE)
			c->d.service = ep->service;
		else {
			h->result = HOP_DROP;
			finish(c, TRACE_UNREACHABLE, "NO_ROUTE", false, h,
			       "%s is an endpoint for %s, not %s", ep->id, topo_service_name(ep->service),
			       topo_service_name(c->d.service));
			return;
		}
	}
	if (!c->d.name) {
		finish(c, TRACE_EXITS_MODEL, "EXITS_MODEL", false, h,
		       "the flow reaches %s through %s, but no bucket or table is named",
		       topo_service_name(ep->service), ep->id);
		return;
	}
	if (!service_accepts(c))
		return;
	set_endpoint_context(c, ep, &c->src_ip);
	authorize(c, ep, h);
}

/* How the packet entered the VPC it is delivered in: decides which NACLs apply, whether
 * security-group references to the source work, and where the response must go. */
enum entry_kind { ENTRY_LOCAL, ENTRY_PEERING, ENTRY_TGW, ENTRY_VGW, ENTRY_IGW };

struct entry {
	enum entry_kind how;
	const void *gateway;                 /* pcx, tgw, vgw or igw the packet came through */
	const char *gateway_id;
	const struct topo_transit_gateway *tgw;
	const struct topo_tgw_attachment *src_attachment; /* TGW: where the packet came from */
	bool same_region;
};

static const char *entry_noun(enum entry_kind how)
{
	switch (how) {
	case ENTRY_PEERING: return "peering connection";
	case ENTRY_TGW: return "transit gateway";
	case ENTRY_VGW: return "VPN gateway";
	case ENTRY_IGW: return "internet gateway";
	default: return "local route";
	}
}

static bool tgw_return_ok(struct tctx *c, const struct topo_vpc *vpc, const struct entry *ev);

/* The response's route out of the destination subnet must lead back the way the
 * request came (cli.md NO_RETURN_ROUTE): asymmetric paths drop the connection. */
static bool return_route(struct tctx *c, const struct topo_subnet *ds, const struct topo_vpc *vpc,
			 const struct entry *ev)
{
	const struct topo_route_table *rt = ds->route_table;
	struct route_match m;
	memo_route_lookup(c->q->memo, c->t, rt, &c->src_ip, &m);
	struct trace_hop *h = hop_new(c, true, "route-table", rt->id, HOP_PASS);
	char buf[NET_PREFIXSTRLEN];
	h->detail = TEXT(c, "response from %s to %s", ds->id, addr_str(c, &c->src_ip));
	if (m.outcome == ROUTE_NONE) {
		h->result = HOP_DROP;
		h->where = loc_str(c, rt->loc);
		finish(c, TRACE_UNREACHABLE, "NO_RETURN_ROUTE", true, h,
		       "route table %s has no route back to %s; add %s -> %s", rt->id,
		       addr_str(c, &c->src_ip), addr_str(c, &c->src_ip), ev->gateway_id);
		return false;
	}
	const struct topo_route *r = m.route;
	h->route_destination = TEXT(c, "%s", route_dest_str(r, buf, sizeof(buf)));
	h->route_matched = TEXT(c, "%s", net_prefix_str(&m.matched, buf));
	h->route_target = r->target.text ? r->target.text : "?";
	if (r->loc.line)
		h->where = loc_str(c, r->loc);
	if (m.outcome == ROUTE_AMBIGUOUS) {
		h->result = HOP_DROP;
		finish(c, TRACE_AMBIGUOUS, "AMBIGUOUS_ROUTE", true, h,
		       "route table %s: overlapping prefix lists to different targets cover %s (F1.4c)",
		       rt->id, addr_str(c, &c->src_ip));
		return false;
	}
	bool back = !r->blackhole && r->target.ptr == ev->gateway;
	if (ev->how == ENTRY_TGW)
		back = !r->blackhole && r->target.kind == TOPO_TRANSIT_GATEWAY && r->target.ptr == ev->tgw;
	if (!back) {
		h->result = HOP_DROP;
		finish(c, TRACE_UNREACHABLE, "NO_RETURN_ROUTE", true, h,
		       "the response to %s matches %s -> %s in %s, not the %s %s the request came "
		       "through; route %s back to %s", addr_str(c, &c->src_ip), h->route_destination,
		       h->route_target, rt->id, entry_noun(ev->how), ev->gateway_id,
		       addr_str(c, &c->src_ip), ev->gateway_id);
		return false;
	}
	if (ev->how == ENTRY_TGW && !tgw_return_ok(c, vpc, ev))
		return false;
	return true;
}

/* Delivery to the ENI with the destination address inside vpc: the destination
 * subnet's NACL and the ENI's security groups inbound, then the response's way back. */
static void deliver(struct tctx *c, const struct topo_vpc *vpc, const struct entry *ev,
		    struct trace_hop *rh)
{
	const struct topo_subnet *ds = topo_vpc_subnet_for_addr(vpc, &c->dst_ip);
	if (!ds) {
		if (rh)
			rh->result = HOP_DROP;
		finish(c, TRACE_UNREACHABLE, "NO_SUBNET_FOR_DESTINATION", false, rh,
		       "%s is inside vpc %s but in none of its subnets", addr_str(c, &c->dst_ip), vpc->id);
		return;
	}
	struct eni e;
	if (!find_eni(c, vpc, &c->dst_ip, &e)) {
		if (rh)
			rh->result = HOP_DROP;
		finish(c, TRACE_UNREACHABLE, "NO_INTERFACE_AT_DESTINATION", false, rh,
		       "no network interface in subnet %s has address %s", ds->id,
		       addr_str(c, &c->dst_ip));
		return;
	}
	if (ev->how == ENTRY_LOCAL)
		path_add(c, "local");
	if (!c->r->dst_region)
		c->r->dst_region = vpc->region;
	bool same_subnet = ev->how == ENTRY_LOCAL && ds == c->subnet;
	if (e.endpoint && ev->how == ENTRY_LOCAL) {
		/* the path is the interface endpoint's; "local" was only the way there */
		c->path[0] = '\0';
		path_add(c, "interface-endpoint");
	}
	/* F6.3: NACLs apply when traffic enters and leaves a subnet, not within one */
	if (!same_subnet && !nacl_hop(c, false, ds->network_acl, false, &c->src_ip, one_port(c->port),
				      TEXT(c, "into %s", ds->id)))
		return;
	if (e.nat) {
		struct trace_hop *h = hop_new(c, false, "nat-gateway", e.nat->id, HOP_DROP);
		finish(c, TRACE_UNREACHABLE, "NO_INTERFACE_AT_DESTINATION", false, h,
		       "%s is NAT gateway %s, which accepts no connections", addr_str(c, &c->dst_ip),
		       e.nat->id);
		return;
	}
	/* security-group references to the source work inside a VPC and across a
	 * same-region peering connection */
	bool sg_refs = ev->how == ENTRY_LOCAL || (ev->how == ENTRY_PEERING && ev->same_region);
	if (e.nsgs && !sg_hop(c, e.sgs, e.nsgs, false, &c->src_ip, sg_refs ? c->sgs : NULL,
			      sg_refs ? c->nsgs : 0))
		return;
	if (e.endpoint) {
		via_interface_endpoint(c, &e);
		if (c->finished)
			return;
	} else {
		struct trace_hop *h = hop_new(c, false, "instance", e.id, HOP_PASS);
		h->detail = TEXT(c, "eni %s in %s (%s)", addr_str(c, &c->dst_ip), ds->id,
					 ds->az ? ds->az : "?");
		/* inter-AZ is a same-region charge; across regions inter-region applies (F8) */
		if (c->subnet && ds->az && c->subnet->az && strcmp(ds->az, c->subnet->az) != 0 &&
		    !strcmp(vpc->region, c->vpc->region))
			c->r->cross_az = true;
	}
	if (ev->how != ENTRY_LOCAL && !return_route(c, ds, vpc, ev))
		return;
	if (!same_subnet) {
		struct topo_ports ports = client_ports(c);
		if (c->proto != TOPO_PROTO_TCP && c->proto != TOPO_PROTO_UDP)
			ports = one_port(0);
		if (!nacl_hop(c, true, ds->network_acl, true, &c->src_ip, ports,
			      TEXT(c, "response out of %s", ds->id)))
			return;
		if (c->subnet)
			return_into_source(c, &c->dst_ip);
	}
}

static void trace_local(struct tctx *c, struct trace_hop *rh)
{
	struct entry ev = { .how = ENTRY_LOCAL, .gateway_id = "local" };
	deliver(c, c->vpc, &ev, rh);
}

static const struct topo_endpoint *gateway_endpoint_for(const struct topo_vpc *vpc,
							 enum topo_service svc)
{
	for (size_t i = 0; vpc && i < vpc->nendpoints; i++)
		if (vpc->endpoints[i].type == TOPO_EP_GATEWAY && vpc->endpoints[i].service == svc)
			return &vpc->endpoints[i];
	return NULL;
}

static const struct topo_endpoint *interface_endpoint_for(const struct topo_vpc *vpc,
							   enum topo_service svc)
{
	for (size_t i = 0; vpc && i < vpc->nendpoints; i++)
		if (vpc->endpoints[i].type == TOPO_EP_INTERFACE && vpc->endpoints[i].service == svc)
			return &vpc->endpoints[i];
	return NULL;
}

/* A service address reached from outside a VPC (on premises, a peered VPC, a transit
 * gateway): the VPC's gateway endpoint cannot carry it (F2.5). */
static void not_transitive(struct tctx *c, const struct topo_vpc *vpc, struct trace_hop *h,
			   const char *from)
{
	const struct topo_endpoint *gw = gateway_endpoint_for(vpc, c->d.service);
	const struct topo_endpoint *ifc = interface_endpoint_for(vpc, c->d.service);
	if (h)
		h->result = HOP_DROP;
	if (gw) {
		finish(c, TRACE_UNREACHABLE, "GATEWAY_ENDPOINT_NOT_REACHABLE", false, h,
		       "gateway endpoint %s of %s cannot be used from %s (F2.5)%s%s%s", gw->id, vpc->id,
		       from, ifc ? "; interface endpoint " : "; add an interface endpoint for ",
		       ifc ? ifc->id : topo_service_name(c->d.service),
		       ifc ? " would work: connect to its endpoint-specific name (F3.3)" : " (F3.5)");
		return;
	}
	finish(c, TRACE_UNREACHABLE, "NO_ROUTE", false, h,
	       "%s is outside %s; traffic from %s is not routed onward from the VPC (no transit "
	       "routing, F2.5)", addr_str(c, &c->dst_ip), vpc->id, from);
}

static const char *peering_status_ok(const struct topo_peering *p)
{
	return !p->status || !strcmp(p->status, "active") ? NULL : p->status;
}

static void via_peering(struct tctx *c, const struct topo_peering *pcx, const struct topo_vpc *from)
{
	path_add(c, "peering");
	if (!c->r->via_id)
		c->r->via_id = pcx->id;
	const struct topo_vpc *peer = pcx->requester.ptr == from ? pcx->accepter.ptr :
				      pcx->requester.ptr;
	struct trace_hop *h = hop_new(c, false, "peering-connection", pcx->id, HOP_PASS);
	const char *bad = peering_status_ok(pcx);
	if (bad || !peer || (pcx->requester.ptr != from && pcx->accepter.ptr != from)) {
		h->result = HOP_DROP;
		finish(c, TRACE_UNREACHABLE, "INACTIVE_CONNECTION", false, h,
		       bad ? "peering connection %s is %s, not active" :
			     "peering connection %s does not connect %s", pcx->id, bad ? bad : from->id);
		return;
	}
	bool same_region = !strcmp(peer->region, from->region);
	h->detail = TEXT(c, "%s (%s) -> %s (%s)%s", from->id, from->region, peer->id,
				 peer->region, same_region ? "" : ", inter-region");
	if (!topo_vpc_holds(peer, &c->dst_ip)) {
		if (c->d.service != TOPO_SVC_NONE)
			not_transitive(c, peer, h, TEXT(c, "a peered VPC (%s)", from->id));
		else {
			h->result = HOP_DROP;
			finish(c, TRACE_UNREACHABLE, "NO_ROUTE", false, h,
			       "%s is not in peer %s: a peering connection carries traffic only between "
			       "the two VPCs (no edge-to-edge routing)", addr_str(c, &c->dst_ip), peer->id);
		}
		return;
	}
	c->r->dst_region = peer->region;
	struct entry ev = { .how = ENTRY_PEERING, .gateway = pcx, .gateway_id = pcx->id,
			    .same_region = same_region };
	deliver(c, peer, &ev, NULL);
}

/* ---- transit gateways ---------------------------------------------------------------- */

static const struct topo_transit_gateway *tgw_of_attachment(const struct topology *t,
								 const struct topo_tgw_attachment *a)
{
	for (size_t g = 0; g < t->ntransit_gateways; g++) {
		const struct topo_transit_gateway *tgw = &t->transit_gateways[g];
		if (a >= tgw->attachments && a < tgw->attachments + tgw->nattachments)
			return tgw;
	}
	return NULL;
}

static const struct topo_tgw_route_table *tgw_table_for(const struct topo_transit_gateway *tgw,
							  const struct topo_tgw_attachment *a)
{
	for (size_t i = 0; i < tgw->nroute_tables; i++) {
		const struct topo_tgw_route_table *rt = &tgw->route_tables[i];
		for (size_t k = 0; k < rt->associations.len; k++)
			if (rt->associations.items[k].ptr == a)
				return rt;
	}
	return NULL;
}

struct tgw_match {
	const struct topo_tgw_attachment *attachment;
	bool blackhole, found, propagated;
	struct net_prefix matched;
};

/* Longest prefix over the table's static routes and the routes its propagating
 * attachments bring (a VPC's CIDRs, a VPN's on-premises ranges); static wins a tie. */
static void tgw_lookup(const struct topology *t, const struct topo_tgw_route_table *rt,
		       const struct net_addr *dst, struct tgw_match *out)
{
	memset(out, 0, sizeof(*out));
	for (size_t i = 0; i < rt->nroutes; i++) {
		const struct topo_tgw_route *r = &rt->routes[i];
		const struct topo_prefix_list *pl = r->dest_is_prefix_list ? r->dest_pl.ptr : NULL;
		size_t n = pl ? pl->cidrs.len : 1;
		for (size_t k = 0; k < n; k++) {
			const struct net_prefix *p = pl ? &pl->cidrs.items[k] : &r->dest;
			if (!net_prefix_contains(p, dst) || (out->found && p->len <= out->matched.len))
				continue;
			out->found = true;
			out->matched = *p;
			out->attachment = r->attachment.ptr;
			out->blackhole = r->blackhole;
			out->propagated = false;
		}
	}
	for (size_t i = 0; i < rt->propagations.len; i++) {
		const struct topo_tgw_attachment *a = rt->propagations.items[i].ptr;
		if (!a)
			continue;
		struct topo_prefix_array arrays[64];
		size_t na = 0;
		if (a->vpc.ptr) {
			const struct topo_vpc *v = a->vpc.ptr;
			arrays[na++] = v->cidrs;
			arrays[na++] = v->ipv6_cidrs;
		}
		if (a->vpn.ptr)
			arrays[na++] = ((const struct topo_vpn_connection *)a->vpn.ptr)->static_routes;
		for (size_t o = 0; o < t->non_premises && na < 64; o++)
			if (t->on_premises[o].via.ptr == a)
				arrays[na++] = t->on_premises[o].cidrs;
		for (size_t k = 0; k < na; k++)
			for (size_t j = 0; j < arrays[k].len; j++) {
				const struct net_prefix *p = &arrays[k].items[j];
				if (!net_prefix_contains(p, dst) ||
				    (out->found && p->len <= out->matched.len))
					continue;
				out->found = true;
				out->matched = *p;
				out->attachment = a;
				out->blackhole = false;
				out->propagated = true;
			}
	}
}

static const struct topo_tgw_attachment *tgw_attachment_of_vpc(const struct topo_transit_gateway *tgw,
								const struct topo_vpc *vpc)
{
	for (size_t i = 0; i < tgw->nattachments; i++)
		if (tgw->attachments[i].vpc.ptr == vpc)
			return &tgw->attachments[i];
	return NULL;
}

static bool attachment_active(const struct topo_tgw_attachment *a)
{
	return !a->state || !strcmp(a->state, "available");
}

static void on_premises_exit(struct tctx *c, const char *gateway, const struct net_addr *dst);

/* Through a transit gateway from attachment `from`. */
static void via_tgw(struct tctx *c, const struct topo_transit_gateway *tgw,
		    const struct topo_tgw_attachment *from)
{
	path_add(c, "transit-gateway");
	if (!c->r->via_id)
		c->r->via_id = tgw->id;
	struct trace_hop *h = hop_new(c, false, "transit-gateway", tgw->id, HOP_PASS);
	if (!attachment_active(from)) {
		h->result = HOP_DROP;
		finish(c, TRACE_UNREACHABLE, "INACTIVE_CONNECTION", false, h,
		       "transit gateway attachment %s is %s, not available", from->id, from->state);
		return;
	}
	const struct topo_tgw_route_table *rt = tgw_table_for(tgw, from);
	if (!rt) {
		h->result = HOP_DROP;
		finish(c, TRACE_UNREACHABLE, "NO_ROUTE", false, h,
		       "attachment %s is associated with no route table of %s", from->id, tgw->id);
		return;
	}
	struct tgw_match m;
	tgw_lookup(c->t, rt, &c->dst_ip, &m);
	char buf[NET_PREFIXSTRLEN];
	if (!m.found) {
		h->result = HOP_DROP;
		h->where = loc_str(c, rt->loc);
		finish(c, TRACE_UNREACHABLE, "NO_ROUTE", false, h,
		       "transit gateway route table %s has no route for %s", rt->id,
		       addr_str(c, &c->dst_ip));
		return;
	}
	h->route_destination = TEXT(c, "%s", net_prefix_str(&m.matched, buf));
	h->route_target = m.attachment ? m.attachment->id : "blackhole";
	h->detail = TEXT(c, "route table %s (%s route), from %s", rt->id,
				 m.propagated ? "propagated" : "static", from->id);
	if (m.blackhole || !m.attachment) {
		h->result = HOP_DROP;
		finish(c, TRACE_UNREACHABLE, "BLACKHOLE_ROUTE", false, h,
		       "transit gateway route %s in %s is a blackhole", h->route_destination, rt->id);
		return;
	}
	const struct topo_tgw_attachment *to = m.attachment;
	if (!attachment_active(to)) {
		h->result = HOP_DROP;
		finish(c, TRACE_UNREACHABLE, "INACTIVE_CONNECTION", false, h,
		       "transit gateway attachment %s is %s, not available", to->id, to->state);
		return;
	}
	if (to->vpn.ptr || to->peer_tgw.text) {
		on_premises_exit(c, to->id, &c->dst_ip);
		return;
	}
	const struct topo_vpc *vpc = to->vpc.ptr;
	if (!vpc) {
		finish(c, TRACE_EXITS_MODEL, "EXITS_MODEL", false, h, "attachment %s leads out of the "
		       "modelled network", to->id);
		return;
	}
	if (!topo_vpc_holds(vpc, &c->dst_ip)) {
		if (c->d.service != TOPO_SVC_NONE)
			not_transitive(c, vpc, h, TEXT(c, "transit gateway %s", tgw->id));
		else
			finish(c, TRACE_EXITS_MODEL, "EXITS_MODEL", false, h,
			       "%s leaves vpc %s onward (centralised egress through %s is not traced by "
			       "this version)", addr_str(c, &c->dst_ip), vpc->id, to->id);
		return;
	}
	c->r->dst_region = vpc->region;
	struct entry ev = { .how = ENTRY_TGW, .gateway = tgw, .gateway_id = tgw->id, .tgw = tgw,
			    .src_attachment = from };
	deliver(c, vpc, &ev, NULL);
}

/* The TGW route table of the destination VPC's attachment must lead back to the
 * attachment the request came from. */
static bool tgw_return_ok(struct tctx *c, const struct topo_vpc *vpc, const struct entry *ev)
{
	const struct topo_tgw_attachment *back_from = tgw_attachment_of_vpc(ev->tgw, vpc);
	const struct topo_tgw_route_table *rt = back_from ? tgw_table_for(ev->tgw, back_from) : NULL;
	struct trace_hop *h = hop_new(c, true, "transit-gateway", ev->tgw->id, HOP_PASS);
	struct tgw_match m = { 0 };
	if (rt)
		tgw_lookup(c->t, rt, &c->src_ip, &m);
	if (!rt || !m.found || m.blackhole || m.attachment != ev->src_attachment) {
		h->result = HOP_DROP;
		finish(c, TRACE_UNREACHABLE, "NO_RETURN_ROUTE", true, h,
		       "transit gateway %s: the route table of %s (%s) does not lead back to %s through "
		       "%s", ev->tgw->id, back_from ? back_from->id : "the destination's attachment",
		       rt ? rt->id : "none", addr_str(c, &c->src_ip),
		       ev->src_attachment ? ev->src_attachment->id : "?");
		return false;
	}
	char buf[NET_PREFIXSTRLEN];
	h->detail = TEXT(c, "route table %s", rt->id);
	h->route_destination = TEXT(c, "%s", net_prefix_str(&m.matched, buf));
	h->route_target = m.attachment->id;
	return true;
}

static void via_tgw_from_vpc(struct tctx *c, const struct topo_transit_gateway *tgw,
			     struct trace_hop *rh)
{
	const struct topo_tgw_attachment *a = tgw_attachment_of_vpc(tgw, c->vpc);
	if (!a) {
		rh->result = HOP_DROP;
		finish(c, TRACE_UNREACHABLE, "NO_ROUTE", false, rh,
		       "the route targets %s, but vpc %s has no attachment to it", tgw->id, c->vpc->id);
		return;
	}
	/* topology.md: a VPC's traffic reaches the TGW only from AZs with an attachment subnet */
	bool az_ok = a->subnets.len == 0;
	for (size_t i = 0; i < a->subnets.len && c->subnet && c->subnet->az; i++) {
		const struct topo_subnet *s = a->subnets.items[i].ptr;
		if (s && s->az && !strcmp(s->az, c->subnet->az))
			az_ok = true;
	}
	if (!az_ok) {
		rh->result = HOP_DROP;
		finish(c, TRACE_UNREACHABLE, "NO_ROUTE", false, rh,
		       "attachment %s has no subnet in %s, so traffic from %s cannot reach %s; add an "
		       "attachment subnet in that AZ", a->id, c->subnet->az, c->subnet->id, tgw->id);
		return;
	}
	via_tgw(c, tgw, a);
}

/* ---- on premises ------------------------------------------------------------------ */

static const struct topo_on_premises *on_premises_for(const struct topology *t,
						       const struct net_addr *a)
{
	for (size_t i = 0; i < t->non_premises; i++)
		for (size_t k = 0; k < t->on_premises[i].cidrs.len; k++)
			if (net_prefix_contains(&t->on_premises[i].cidrs.items[k], a))
				return &t->on_premises[i];
	return NULL;
}

/* Out of AWS to an on-premises network: what happens there is not modelled. */
static void on_premises_exit(struct tctx *c, const char *gateway, const struct net_addr *dst)
{
	const struct topo_on_premises *op = on_premises_for(c->t, dst);
	struct trace_hop *h = hop_new(c, false, "on-premises", op ? op->id : addr_str(c, dst), HOP_PASS);
	finish(c, TRACE_EXITS_MODEL, "EXITS_MODEL", false, h,
	       "the flow leaves AWS through %s to %s; firewalls and routing there are not modelled",
	       gateway, op ? op->id : "an on-premises network");
}

static const char *vpn_down(const struct topology *t, const struct topo_gateway *vgw)
{
	size_t n = 0, up = 0;
	const char *state = NULL;
	for (size_t i = 0; i < t->nvpn_connections; i++)
		if (t->vpn_connections[i].gateway.ptr == vgw) {
			n++;
			state = t->vpn_connections[i].state;
			if (!state || !strcmp(state, "available"))
				up++;
		}
	return n && !up ? (state ? state : "down") : NULL;
}

static void via_vgw(struct tctx *c, const struct topo_gateway *vgw)
{
	path_add(c, "vpn-gateway");
	if (!c->r->via_id)
		c->r->via_id = vgw->id;
	struct trace_hop *h = hop_new(c, false, "vpn-gateway", vgw->id, HOP_PASS);
	h->detail = "to the VPN connection(s) of this gateway";
	const char *down = vpn_down(c->t, vgw);
	if (down) {
		h->result = HOP_DROP;
		finish(c, TRACE_UNREACHABLE, "INACTIVE_CONNECTION", false, h,
		       "every VPN connection of %s is %s", vgw->id, down);
		return;
	}
	on_premises_exit(c, vgw->id, &c->dst_ip);
}

/* ---- source ---------------------------------------------------------------------- */

static bool resolve_source(struct tctx *c, struct diag_list *diags)
{
	const struct topology *t = c->t;
	const char *from = c->q->from;
	bool ambiguous = false;
	const struct topo_instance *in = topo_find(t, TOPO_INSTANCE, from, &ambiguous);
	if (ambiguous) {
		char list[512] = "";
		for (size_t v = 0; v < t->nvpcs; v++)
			for (size_t i = 0; i < t->vpcs[v].ninstances; i++)
				if (t->vpcs[v].instances[i].name &&
				    !strcmp(t->vpcs[v].instances[i].name, from) &&
				    strlen(list) + strlen(t->vpcs[v].instances[i].id) + 3 < sizeof(list)) {
					if (*list)
						strcat(list, ", ");
					strcat(list, t->vpcs[v].instances[i].id);
				}
		diag_add(diags, DIAG_ERROR, NULL, 0, 0, NULL,
			 "--from %s: several instances have that name (%s); use an id", from, list);
		return false;
	}
	struct net_addr a;
	if (!in && net_addr_parse(from, &a)) {
		for (size_t v = 0; v < t->nvpcs && !in; v++)
			for (size_t i = 0; i < t->vpcs[v].ninstances; i++) {
				const struct topo_instance *x = &t->vpcs[v].instances[i];
				bool m = x->has_private_ip && net_addr_eq(&x->private_ip, &a);
				for (size_t k = 0; !m && k < x->nipv6; k++)
					m = net_addr_eq(&x->ipv6_ips[k], &a);
				if (m) {
					in = x;
					break;
				}
			}
		if (!in) {
			const struct topo_subnet *s = topo_subnet_for_addr(t, &a);
			if (s) {
				/* an address with no declared ENI: its subnet, the VPC default SG */
				c->subnet = s;
				c->vpc = s->vpc;
				c->src_ip = a;
				c->sgs = arena_alloc(c->a, sizeof(*c->sgs));
				c->sgs[0] = s->vpc->default_sg;
				c->nsgs = 1;
				c->eph.lo = 32768;
				c->eph.hi = 61000;
				c->r->src_kind = "address";
				c->r->src_id = arena_strdup(c->a, from);
				warn(c, "source-address", NULL, "no instance has %s; tracing it as an ENI in %s "
				     "with the VPC default security group %s", from, s->id,
				     s->vpc->default_sg->id);
				return true;
			}
		}
	}
	if (in) {
		if (!in->subnet) {
			diag_add(diags, DIAG_ERROR, NULL, 0, 0, NULL, "--from %s: instance has no subnet",
				 from);
			return false;
		}
		c->inst = in;
		c->subnet = in->subnet;
		c->vpc = in->vpc;
		c->eph = in->ephemeral;
		instance_sgs(c, in, &c->sgs, &c->nsgs);
		c->r->src_kind = "instance";
		c->r->src_id = in->id;
		if (c->q->ipv6 && in->nipv6)
			c->src_ip = in->ipv6_ips[0];
		else
			c->src_ip = in->private_ip;
		return true;
	}
	const struct topo_on_premises *op = topo_find(t, TOPO_ON_PREMISES, from, &ambiguous);
	bool addr_given = net_addr_parse(from, &a);
	if (!op && addr_given)
		op = on_premises_for(t, &a);
	if (!op && addr_given) {
		/* an address behind a VPN connection's static routes is on premises too */
		for (size_t i = 0; i < t->nvpn_connections && !op; i++) {
			const struct topo_vpn_connection *v = &t->vpn_connections[i];
			for (size_t k = 0; k < v->static_routes.len; k++)
				if (net_prefix_contains(&v->static_routes.items[k], &a)) {
					struct topo_on_premises *o = arena_alloc(c->a, sizeof(*o));
					o->id = v->id;
					o->cidrs = v->static_routes;
					o->via.text = v->id;
					o->via.kind = TOPO_VPN_CONNECTION;
					o->via.ptr = (void *)v;
					op = o;
					break;
				}
		}
	}
	if (op) {
		c->onprem = op;
		if (addr_given) {
			c->src_ip = a;
		} else if (op->cidrs.len) {
			/* a representative host of the network: not the network address */
			c->src_ip = net_prefix_nth(&op->cidrs.items[0],
						   net_prefix_size(&op->cidrs.items[0]) > 16 ? 10 : 0);
		}
		/* unknown client OS: the range AWS suggests opening in practice (F6.4) */
		c->eph.lo = 1024;
		c->eph.hi = 65535;
		c->r->src_kind = "on-premises";
		c->r->src_id = op->id;
		return true;
	}
	if (!strcmp(from, "internet") || !strncmp(from, "internet:", 9)) {
		const char *addr = from[8] == ':' ? from + 9 : "198.51.100.10";
		if (!net_addr_parse(addr, &c->src_ip)) {
			diag_add(diags, DIAG_ERROR, NULL, 0, 0, NULL, "--from %s: '%s' is not an address",
				 from, addr);
			return false;
		}
		c->eph.lo = 1024;
		c->eph.hi = 65535;
		c->r->src_kind = "internet";
		c->r->src_id = "internet";
		return true;
	}
	diag_add(diags, DIAG_ERROR, NULL, 0, 0, NULL,
		 "--from %s: no instance, address in a subnet, on-premises network or 'internet' by "
		 "that name", from);
	return false;
}

/* ---- alternatives for the cost estimate ---------------------------------------- */

static void add_alternative(struct tctx *c, const char *path, const char *via, bool cross_az)
{
	if (c->r->via_id && !strcmp(c->r->via_id, via))
		return;
	struct trace_alternative *alt = arena_vec_push(c->a, &c->alts, sizeof(*alt));
	alt->path = path;
	alt->via = via;
	alt->cross_az = cross_az;
}

static void collect_alternatives(struct tctx *c)
{
	if (!c->vpc || c->d.service == TOPO_SVC_NONE || !c->d.region)
		return;
	const struct topo_vpc *vpc = c->vpc;
	for (size_t i = 0; i < vpc->nendpoints; i++) {
		const struct topo_endpoint *ep = &vpc->endpoints[i];
		if (ep->service != c->d.service || !ep->service_region ||
		    strcmp(ep->service_region, c->d.region) != 0)
			continue;
		if (ep->type == TOPO_EP_GATEWAY) {
			add_alternative(c, "gateway-endpoint", ep->id, false);
		} else {
			bool same_az = false;
			for (size_t k = 0; k < ep->nips; k++) {
				const struct topo_subnet *s = ep->ips[k].subnet.ptr;
				if (s && s->az && c->subnet->az && !strcmp(s->az, c->subnet->az))
					same_az = true;
			}
			add_alternative(c, "interface-endpoint", ep->id, !same_az);
		}
	}
	for (size_t i = 0; i < vpc->nnat_gateways; i++) {
		const struct topo_nat_gateway *n = &vpc->nat_gateways[i];
		if (!n->is_public || !n->subnet)
			continue;
		bool cross = n->subnet->az && c->subnet->az && strcmp(n->subnet->az, c->subnet->az);
		add_alternative(c, "nat-gateway", n->id, cross);
	}
	if (vpc->internet_gateway && c->inst && c->inst->has_public_ip)
		add_alternative(c, "internet-gateway", vpc->internet_gateway->id, false);
	c->r->path_alternatives = c->alts.items;
	c->r->npath_alternatives = c->alts.len;
}

/* ---- the trace ------------------------------------------------------------------------ */

/* Addresses the instance's host answers itself: never routed, and no NACL or security
 * group applies (F1.7, F6.3).  Other addresses of the reserved ranges are dropped. */
static bool host_served(struct tctx *c)
{
	static const struct { const char *addr, *what; } served[] = {
		{ "169.254.169.254", "instance metadata service" },
		{ "169.254.169.253", "Amazon-provided DNS" },
		{ "169.254.169.123", "Amazon Time Sync" },
		{ "fd00:ec2::254", "instance metadata service" },
		{ "fd00:ec2::253", "Amazon-provided DNS" },
		{ "fd00:ec2::123", "Amazon Time Sync" },
	};
	/* all of them lie in 169.254.168.0/22 or fd00:ec2::/32 (below): a byte test
	 * spares the parsing for the addresses in neither, nearly all of them */
	const uint8_t *b = c->dst_ip.b;
	bool in_v4 = c->dst_ip.family == NET_V4 && b[0] == 169 && b[1] == 254 && (b[2] & 0xfc) == 168;
	bool in_v6 = c->dst_ip.family == NET_V6 && b[0] == 0xfd && b[1] == 0x00 && b[2] == 0x0e &&
		     b[3] == 0xc2;
	if (!in_v4 && !in_v6)
		return false;
	for (size_t i = 0; i < sizeof(served) / sizeof(served[0]); i++) {
		struct net_addr a;
		net_addr_parse(served[i].addr, &a);
		if (!net_addr_eq(&a, &c->dst_ip))
			continue;
		struct trace_hop *h = hop_new(c, false, "service", served[i].addr, HOP_ALLOW);
		h->detail = TEXT(c, "%s, answered by the instance's host: not routed, no "
					 "security group or network ACL applies (F1.7, F6.3)",
					 served[i].what);
		path_add(c, "local");
		return true;
	}
	static const char *const reserved[] = { "169.254.168.0/22", "fd00:ec2::/32" };
	for (size_t i = 0; i < 2; i++) {
		struct net_prefix p;
		net_prefix_parse(reserved[i], &p, NULL);
		if (!net_prefix_contains(&p, &c->dst_ip))
			continue;
		struct trace_hop *h = hop_new(c, false, "route-table", c->subnet->route_table->id,
					      HOP_DROP);
		finish(c, TRACE_UNREACHABLE, "NO_ROUTE", false, h,
		       "%s is in %s, which AWS reserves: packets to it are not forwarded (F1.7)",
		       addr_str(c, &c->dst_ip), reserved[i]);
		return true;
	}
	return false;
}

/* The VPC's Route 53 Resolver at the base of a VPC CIDR plus two (F6.3: NACLs cannot
 * block it). */
static bool is_vpc_resolver(const struct topo_vpc *vpc, const struct net_addr *a)
{
	for (size_t i = 0; vpc && i < vpc->cidrs.len; i++) {
		struct net_addr r = net_prefix_nth(&vpc->cidrs.items[i], 2);
		if (net_addr_eq(&r, a))
			return true;
	}
	return false;
}

/* Resolves the destination's name as seen from vpc/az; on failure the trace ends
 * with DNS_UNRESOLVED. */
static bool resolve_destination(struct tctx *c, const struct topo_vpc *vpc, const char *az,
				bool inbound_resolver)
{
	struct trace_result *r = c->r;
	char err[512];
	bool v6 = c->q->ipv6 && (c->inst ? c->inst->nipv6 > 0 : c->src_ip.family == NET_V6);
	if (c->d.host) {
		if (!dest_resolve(c->t, &c->d, vpc, az, v6, inbound_resolver, &c->ans, err, sizeof(err))) {
			struct trace_hop *dh = hop_new(c, false, "dns", c->d.host, HOP_DROP);
			finish(c, TRACE_UNREACHABLE, "DNS_UNRESOLVED", false, dh, "%s", err);
			return false;
		}
	} else {
		c->ans.ip = c->d.ip;
		c->ans.source = DNS_LITERAL;
	}
	c->dst_ip = c->ans.ip;
	r->dst_ip = addr_str(c, &c->dst_ip);
	/* a dual-stack instance talks to an IPv4 answer from its IPv4 address, and to an
	 * IPv6 answer from its IPv6 address */
	if (c->inst && c->dst_ip.family != c->src_ip.family) {
		if (c->dst_ip.family == NET_V4 && c->inst->has_private_ip)
			c->src_ip = c->inst->private_ip;
		else if (c->dst_ip.family == NET_V6 && c->inst->nipv6)
			c->src_ip = c->inst->ipv6_ips[0];
		r->src_ip = addr_str(c, &c->src_ip);
	}
	/* an address in a service's range names that service */
	if (c->d.service == TOPO_SVC_NONE && c->d.has_ip) {
		for (size_t i = 0; i < c->t->nprefix_lists && !r->dst_service; i++) {
			const struct topo_prefix_list *pl = &c->t->prefix_lists[i];
			if (pl->service == TOPO_SVC_NONE)
				continue;
			for (size_t k = 0; k < pl->cidrs.len; k++)
				if (net_prefix_contains(&pl->cidrs.items[k], &c->dst_ip)) {
					r->dst_service = topo_service_name(pl->service);
					r->dst_region = pl->region;
					break;
				}
		}
	}
	if (c->dst_ip.family != c->src_ip.family) {
		struct trace_hop *dh = hop_new(c, false, "dns", c->d.host ? c->d.host : r->dst_ip, HOP_DROP);
		finish(c, TRACE_UNREACHABLE, "IPV6_NOT_SUPPORTED", false, dh,
		       "the source has no %s address to reach %s", c->dst_ip.family == NET_V6 ? "IPv6" :
		       "IPv4", r->dst_ip);
		return false;
	}
	return true;
}

/* F2.11 context keys that do not depend on the path. */
static void base_context(struct tctx *c)
{
	if (c->principal) {
		ctx_set(c, "aws:PrincipalArn", c->principal);
		const char *acct = principal_account(c->principal, c->a);
		if (acct)
			ctx_set(c, "aws:PrincipalAccount", acct);
	}
	if (c->d.service != TOPO_SVC_NONE) {
		ctx_set(c, "aws:SecureTransport", c->port == 443 ? "true" : "false");
		if (c->d.region)
			ctx_set(c, "aws:RequestedRegion", c->d.region);
		if (c->d.key && c->action && (str_ieq(c->action, "s3:ListBucket") ||
					      str_ieq(c->action, "s3:ListBucketVersions")))
			ctx_set(c, "s3:prefix", c->d.key);
	}
}

/* From on premises: through the VPN gateway or transit gateway named by `via`. */
static void trace_from_on_premises(struct tctx *c)
{
	const struct topo_on_premises *op = c->onprem;
	struct trace_hop *h = hop_new(c, false, "on-premises", op->id, HOP_PASS);
	h->detail = TEXT(c, "host %s", addr_str(c, &c->src_ip));
	const struct topo_ref *via = &op->via;
	const struct topo_gateway *vgw = NULL;
	const struct topo_tgw_attachment *att = NULL;
	if (via->kind == TOPO_VPN_GATEWAY)
		vgw = via->ptr;
	else if (via->kind == TOPO_TGW_ATTACHMENT)
		att = via->ptr;
	else if (via->kind == TOPO_VPN_CONNECTION) {
		const struct topo_vpn_connection *v = via->ptr;
		if (v->gateway.kind == TOPO_VPN_GATEWAY)
			vgw = v->gateway.ptr;
		else if (v->gateway.kind == TOPO_TRANSIT_GATEWAY) {
			const struct topo_transit_gateway *tgw = v->gateway.ptr;
			for (size_t i = 0; i < tgw->nattachments; i++)
				if (tgw->attachments[i].vpn.ptr == v)
					att = &tgw->attachments[i];
		}
	} else if (via->kind == TOPO_TRANSIT_GATEWAY) {
		const struct topo_transit_gateway *tgw = via->ptr;
		for (size_t i = 0; i < tgw->nattachments && !att; i++)
			if (tgw->attachments[i].vpn.text)
				att = &tgw->attachments[i];
	}
	const struct topo_vpc *vpc = vgw ? vgw->vpc : NULL;
	const struct topo_transit_gateway *tgw = att ? tgw_of_attachment(c->t, att) : NULL;
	if (!vpc && !tgw) {
		finish(c, TRACE_EXITS_MODEL, "EXITS_MODEL", false, h,
		       "%s reaches AWS through %s, which leads to no modelled VPC", op->id,
		       via->text ? via->text : "nothing");
		return;
	}
	/* names resolve through the Route 53 Resolver inbound endpoint of the VPC the
	 * network connects to (F3.4); with a TGW, of the first attached VPC */
	const struct topo_vpc *dns_vpc = vpc;
	for (size_t i = 0; !dns_vpc && tgw && i < tgw->nattachments; i++)
		dns_vpc = tgw->attachments[i].vpc.ptr;
	/* priced where it enters AWS */
	if (dns_vpc)
		c->r->src_region = dns_vpc->region;
	else if (tgw)
		c->r->src_region = tgw->region;
	if (!resolve_destination(c, dns_vpc, NULL, true))
		return;
	base_context(c);
	if (c->ans.endpoint && c->ans.source == DNS_PRIVATE_ENDPOINT)
		warn(c, "inbound-resolver", NULL, "assuming on-premises DNS forwards %s to a Route 53 "
		     "Resolver inbound endpoint in %s, where %s's private DNS answers it (F3.4)",
		     c->d.host, dns_vpc->id, c->ans.endpoint->id);
	if (tgw) {
		via_tgw(c, tgw, att);
		return;
	}
	path_add(c, "vpn-gateway");
	c->r->via_id = vgw->id;
	struct trace_hop *g = hop_new(c, false, "vpn-gateway", vgw->id, HOP_PASS);
	const char *down = vpn_down(c->t, vgw);
	if (down) {
		g->result = HOP_DROP;
		finish(c, TRACE_UNREACHABLE, "INACTIVE_CONNECTION", false, g,
		       "every VPN connection of %s is %s", vgw->id, down);
		return;
	}
	g->detail = TEXT(c, "into %s", vpc->id);
	if (!topo_vpc_holds(vpc, &c->dst_ip)) {
		if (c->d.service != TOPO_SVC_NONE && gateway_endpoint_for(vpc, c->d.service))
			not_transitive(c, vpc, g, TEXT(c, "on premises (%s)", op->id));
		else
			finish(c, TRACE_EXITS_MODEL, "EXITS_MODEL", false, g,
			       "%s is outside %s: through %s only the VPC's addresses are reachable; "
			       "the on-premises network's own route to %s is not modelled",
			       addr_str(c, &c->dst_ip), vpc->id, vgw->id, addr_str(c, &c->dst_ip));
		return;
	}
	c->r->dst_region = vpc->region;
	struct entry ev = { .how = ENTRY_VGW, .gateway = vgw, .gateway_id = vgw->id };
	deliver(c, vpc, &ev, NULL);
}

/* From a host on the internet to a public address, through the internet gateway. */
static void trace_from_internet(struct tctx *c)
{
	/* "internet": a hop kind added to cli.md's vocabulary for --from internet */
	struct trace_hop *h = hop_new(c, false, "internet", "internet", HOP_PASS);
	h->detail = TEXT(c, "internet host %s", addr_str(c, &c->src_ip));
	if (!resolve_destination(c, NULL, NULL, false))
		return;
	base_context(c);
	const struct topo_instance *target = NULL;
	for (size_t v = 0; v < c->t->nvpcs && !target; v++)
		for (size_t i = 0; i < c->t->vpcs[v].ninstances; i++) {
			const struct topo_instance *in = &c->t->vpcs[v].instances[i];
			bool match = in->has_public_ip && net_addr_eq(&in->public_ip, &c->dst_ip);
			for (size_t k = 0; !match && k < in->nipv6; k++)
				match = net_addr_eq(&in->ipv6_ips[k], &c->dst_ip);
			if (match) {
				target = in;
				break;
			}
		}
	if (!target) {
		/* a NAT gateway's elastic IP carries only the responses to its own flows */
		for (size_t v = 0; v < c->t->nvpcs; v++)
			for (size_t i = 0; i < c->t->vpcs[v].nnat_gateways; i++) {
				const struct topo_nat_gateway *n = &c->t->vpcs[v].nat_gateways[i];
				if (!n->has_public_ip || !net_addr_eq(&n->public_ip, &c->dst_ip))
					continue;
				struct trace_hop *g = hop_new(c, false, "nat-gateway", n->id, HOP_DROP);
				finish(c, TRACE_UNREACHABLE, "NO_INTERFACE_AT_DESTINATION", false, g,
				       "%s is the elastic IP of NAT gateway %s, which accepts no connections "
				       "from the internet", addr_str(c, &c->dst_ip), n->id);
				return;
			}
		finish(c, TRACE_EXITS_MODEL, "EXITS_MODEL", false, h,
		       "no instance of the topology has the public address %s",
		       addr_str(c, &c->dst_ip));
		return;
	}
	const struct topo_vpc *vpc = target->vpc;
	path_add(c, "internet-gateway");
	if (!vpc->internet_gateway) {
		struct trace_hop *g = hop_new(c, false, "internet-gateway", "-", HOP_DROP);
		finish(c, TRACE_UNREACHABLE, "NO_ROUTE", false, g,
		       "vpc %s has no internet gateway, so %s is not reachable from the internet",
		       vpc->id, addr_str(c, &c->dst_ip));
		return;
	}
	c->r->via_id = vpc->internet_gateway->id;
	struct trace_hop *g = hop_new(c, false, "internet-gateway", vpc->internet_gateway->id, HOP_PASS);
	if (c->dst_ip.family == NET_V4) {
		g->detail = TEXT(c, "public %s -> private %s (F5.3)", addr_str(c, &c->dst_ip),
					 addr_str(c, &target->private_ip));
		c->dst_ip = target->private_ip;
	}
	c->r->dst_region = vpc->region;
	c->r->src_region = vpc->region;
	struct entry ev = { .how = ENTRY_IGW, .gateway = vpc->internet_gateway,
			    .gateway_id = vpc->internet_gateway->id };
	deliver(c, vpc, &ev, NULL);
}

static void trace_from_outside(struct tctx *c)
{
	if (c->onprem)
		trace_from_on_premises(c);
	else
		trace_from_internet(c);
}

struct trace_result *trace_run(const struct topology *t, const struct trace_query *q,
			       struct diag_list *diags)
{
	struct arena *a = arena_new();
	struct trace_result *r = arena_alloc(a, sizeof(*r));
	r->arena = a;
	struct tctx c;
	memset(&c, 0, sizeof(c));
	c.t = t;
	c.q = q;
	c.r = r;
	c.a = a;
	c.proto = q->protocol;
	c.brief = q->brief;
	r->brief = q->brief;
	/* most paths take a dozen hops: no copying while they grow */
	arena_vec_reserve(a, &c.hops, 16, sizeof(struct trace_hop));
	arena_vec_reserve(a, &c.ctx, 12, sizeof(struct trace_kv));
	r->verdict = TRACE_REACHABLE;
	r->stays_on_aws_network = true;

	char err[512];
	if (!memo_dest_parse(q->memo, t, q->to, q->host, a, &c.d, err, sizeof(err))) {
		diag_add(diags, DIAG_ERROR, NULL, 0, 0, NULL, "--to: %s", err);
		trace_result_free(r);
		return NULL;
	}
	c.port = q->port >= 0 ? (unsigned)q->port : c.d.port >= 0 ? (unsigned)c.d.port : 443;
	if (c.proto != TOPO_PROTO_TCP && c.proto != TOPO_PROTO_UDP)
		c.port = 0;
	if (!resolve_source(&c, diags)) {
		trace_result_free(r);
		return NULL;
	}
	c.action = q->action ? q->action : c.d.service != TOPO_SVC_NONE ? default_action(&c.d) : NULL;
	c.principal = q->principal ? q->principal : c.inst ? c.inst->role : NULL;

	r->q_from = q->from;
	r->q_to = q->to;
	r->q_protocol = proto_str(&c, c.proto);
	r->q_port = c.proto == TOPO_PROTO_TCP || c.proto == TOPO_PROTO_UDP ? (int)c.port : -1;
	r->q_action = c.action;
	r->q_principal = c.principal;
	r->src_ip = c.src_ip.family ? addr_str(&c, &c.src_ip) : NULL;
	if (c.subnet) {
		r->src_subnet = c.subnet->id;
		r->src_vpc = c.vpc->id;
		r->src_az = c.subnet->az;
		r->src_region = c.vpc->region;
		r->src_az_id = topo_subnet_az_id(t, c.subnet);
	}
	r->dst_host = c.d.host;
	r->dst_service = c.d.service != TOPO_SVC_NONE && c.d.service != TOPO_SVC_OTHER ?
			 topo_service_name(c.d.service) : NULL;
	r->dst_region = c.d.service != TOPO_SVC_NONE ? c.d.region : NULL;
	r->dst_resource = dest_resource_arn(t, &c.d, c.action, a);
	r->dst_zone_id = c.d.service == TOPO_SVC_S3EXPRESS ? c.d.zone_id : NULL;
	if (c.d.service == TOPO_SVC_S3EXPRESS && c.d.zone_id && r->src_az_id &&
	    strcmp(c.d.zone_id, r->src_az_id) != 0)
		/* F4.5: one-zone storage is meant to sit beside its compute */
		warn(&c, "s3express-cross-az", NULL, "directory bucket %s is in %s but %s runs in %s (%s): "
		     "every request crosses AZs, adding latency and possibly inter-AZ transfer cost "
		     "(facts section 9, item 1)", c.d.name, c.d.zone_id, r->src_id, r->src_az_id,
		     r->src_az ? r->src_az : "?");
	else if (c.d.service == TOPO_SVC_S3EXPRESS && c.d.zone_id && c.subnet && !r->src_az_id)
		warn(&c, "s3express-az-unknown", loc_str(&c, c.subnet->loc), "subnet %s has no az_id "
		     "(and availability_zones does not map %s), so the same-AZ check for %s cannot "
		     "be made", c.subnet->id, c.subnet->az ? c.subnet->az : "its AZ", c.d.name);
	if (c.d.service == TOPO_SVC_S3 && !c.d.key && c.action && r->dst_resource &&
	    str_has_suffix(r->dst_resource, "/*"))
		warn(&c, "no-object-key", NULL, "no object key given: policies were evaluated for %s; "
		     "statements about narrower key prefixes may decide otherwise for a real key",
		     r->dst_resource);

	if (!c.subnet) {
		trace_from_outside(&c);
		goto out;
	}

	struct trace_hop *h = hop_new(&c, false, "instance", r->src_id, HOP_PASS);
	if (!c.inst)
		h->kind = "instance";
	h->detail = TEXT(&c, "eni %s in %s (%s)", r->src_ip, c.subnet->id,
				 c.subnet->az ? c.subnet->az : "?");

	if (!resolve_destination(&c, c.vpc, c.subnet->az, false))
		goto out;
	base_context(&c);

	/* the packet leaves the instance */
	if (host_served(&c))
		goto out;
	if (is_vpc_resolver(c.vpc, &c.dst_ip)) {
		/* F6.3: NACLs can't block the Route 53 Resolver; the instance's security
		 * groups still decide what it may send */
		const struct topo_security_group **none = NULL;
		if (!sg_hop(&c, c.sgs, c.nsgs, true, &c.dst_ip, none, 0))
			goto out;
		struct trace_hop *rh = hop_new(&c, false, "service", r->dst_ip, HOP_ALLOW);
		rh->detail = "the VPC's Route 53 Resolver (VPC base + 2); network ACLs do not apply (F6.3)";
		path_add(&c, "local");
		goto out;
	}
	{
		const struct topo_security_group **peer_sgs = NULL;
		size_t npeer = 0;
		struct eni dst_eni;
		if (find_eni(&c, c.vpc, &c.dst_ip, &dst_eni)) {
			peer_sgs = dst_eni.sgs;
			npeer = dst_eni.nsgs;
		}
		if (!sg_hop(&c, c.sgs, c.nsgs, true, &c.dst_ip, peer_sgs, npeer))
			goto out;
		const struct topo_subnet *ds = topo_vpc_subnet_for_addr(c.vpc, &c.dst_ip);
		if (ds != c.subnet &&
		    !nacl_hop(&c, false, c.subnet->network_acl, true, &c.dst_ip, one_port(c.port),
			      TEXT(&c, "out of %s", c.subnet->id)))
			goto out;
		if (ds == c.subnet) {
			/* same subnet: no router, no NACL (F1.6, F6.3) */
			struct trace_hop *rh = hop_new(&c, false, "route-table", c.subnet->route_table->id,
						       HOP_PASS);
			rh->detail = "same subnet: delivered directly, no route or NACL applies (F1.6)";
			rh->route_destination = "local";
			rh->route_target = "local";
			trace_local(&c, rh);
			goto out;
		}
	}
	trace_route(&c, c.subnet, &c.src_ip, false, NULL);
	if (c.finished)
		goto out;
	/* the response's way back into the source subnet */
	if (!strstr(c.path, "local"))
		return_into_source(&c, &c.dst_ip);

out:
	if (!c.path[0])
		strcpy(c.path, "none");
	r->path = arena_strdup(a, c.path);
	for (size_t i = 0; i < q->ncontext; i++)
		ctx_set(&c, q->context[i].key, q->context[i].value);
	r->hops = c.hops.items;
	r->nhops = c.hops.len;
	r->return_hops = c.rhops.items;
	r->nreturn_hops = c.rhops.len;
	/* drop keys removed with --context KEY= */
	struct trace_kv *kv = c.ctx.items;
	size_t n = 0;
	for (size_t i = 0; i < c.ctx.len; i++)
		if (kv[i].value && *kv[i].value)
			kv[n++] = kv[i];
	r->context = kv;
	r->ncontext = n;
	collect_alternatives(&c);
	/* load warnings about resources on the path */
	for (size_t i = 0; i < t->warnings.len && !c.brief; i++) {
		const struct diag *d = &t->warnings.items[i];
		bool relevant = false;
		for (size_t k = 0; k < r->nhops && !relevant; k++)
			if (r->hops[k].id && strstr(d->message, r->hops[k].id))
				relevant = true;
		if (relevant)
			warn(&c, d->code ? d->code : "load", d->line ? arena_loc(a, d->file,
										   d->line, d->col) : NULL,
			     "%s", d->message);
	}
	return r;
}

void trace_result_free(struct trace_result *r)
{
	if (r)
		arena_free(r->arena);
}
