/* combine.c - the policies that apply to one request, put together as AWS does
 * (F7.3): an explicit deny anywhere, the endpoint policy as a boundary, then identity
 * and resource policies - either within one account, both across accounts (F7.2) -
 * where a resource policy naming only the account delegates (F7.10). */
#include "policy-int.h"

#include <stdlib.h>
#include <string.h>

/* ---- F7.3: combining the layers -------------------------------------------------- */

static void set_note(struct policy_result *r, bool explain, const char *note)
{
	r->decision = POLICY_NO_MATCH;
	r->statement = -1;
	r->sid = NULL;
	r->delegated = false;
	r->explanation = explain ? xstrdup(note) : NULL;
}

/* Several identity policies act as one layer: any Deny wins, else any Allow. */
static enum policy_decision identity_eval(const struct policy_set *set,
					  const struct policy_request *req,
					  struct policy_result *out)
{
	bool explain = !req->no_explain;
	if (set->nidentity == 0) {
		set_note(out, explain,
			 set->identity_unknown ? "no identity policy given: assumed to allow"
					       : "no identity policy");
		return POLICY_NO_MATCH;
	}
	if (set->nidentity == 1)
		return policy_eval(set->identity[0], req, out);

	struct sbuf ex = { 0 };
	struct policy_result best = { .decision = POLICY_NO_MATCH, .statement = -1 };
	for (size_t i = 0; i < set->nidentity; i++) {
		struct policy_result r;
		policy_eval(set->identity[i], req, &r);
		if (explain && r.explanation) {
			/* Prefix every line with the policy's number. */
			const char *line = r.explanation;
			while (*line) {
				const char *nl = strchr(line, '\n');
				size_t len = nl ? (size_t)(nl - line) : strlen(line);
				if (ex.len)
					policy_sb_add(&ex, "\n", 1);
				policy_sb_printf(&ex, "identity policy %zu: %.*s", i + 1, (int)len, line);
				line += len + (nl ? 1 : 0);
			}
		}
		bool better = (r.decision == POLICY_DENY && best.decision != POLICY_DENY) ||
			      (r.decision == POLICY_ALLOW && best.decision == POLICY_NO_MATCH);
		if (better) {
			free(best.sid);
			best.decision = r.decision;
			best.statement = r.statement;
			best.sid = r.sid;
			r.sid = NULL;
		}
		policy_result_clear(&r);
	}
	*out = best;
	out->explanation = explain ? (ex.s ? ex.s : xstrdup("")) : NULL;
	if (!explain)
		free(ex.s);
	return out->decision;
}

void policy_authorize(const struct policy_set *set, const struct policy_request *req,
		      struct policy_authz *out)
{
	bool explain = !req->no_explain;
	char acctbuf[64];
	enum policy_decision de = POLICY_NO_MATCH, dr = POLICY_NO_MATCH, di;

	memset(out, 0, sizeof(*out));
	if (set->endpoint)
		de = policy_eval(set->endpoint, req, &out->endpoint);
	else
		set_note(&out->endpoint, explain, "not through a VPC endpoint: no endpoint policy applies");
	if (set->resource)
		dr = policy_eval(set->resource, req, &out->resource);
	else
		set_note(&out->resource, explain, "no resource policy");
	di = identity_eval(set, req, &out->identity);

	out->allowed_by_identity = di == POLICY_ALLOW || (di != POLICY_DENY && set->identity_unknown);
	out->allowed_by_resource = dr == POLICY_ALLOW;
	out->resource_delegates = dr == POLICY_ALLOW && out->resource.delegated;

	/* F7.3 step 1 / F7.2: an explicit deny in any policy overrides any allow. */
	if (de == POLICY_DENY || dr == POLICY_DENY || di == POLICY_DENY) {
		out->decision = POLICY_DENY;
		out->decided_by = de == POLICY_DENY   ? POLICY_LAYER_ENDPOINT
				  : dr == POLICY_DENY ? POLICY_LAYER_RESOURCE
						      : POLICY_LAYER_IDENTITY;
		return;
	}
	/* F7.3 step 2 / F7.1: the endpoint policy is a boundary; it must allow. */
	if (set->endpoint && de != POLICY_ALLOW) {
		out->decision = POLICY_NO_MATCH;
		out->decided_by = POLICY_LAYER_ENDPOINT;
		return;
	}
	/* F7.3 step 3 / F7.2: same account - identity OR resource; cross account - both. */
	const char *acct = policy_request_account(req, acctbuf, sizeof(acctbuf));
	bool anonymous = !req->principal_arn && !acct && !req->caller_same_account;
	bool same = req->caller_same_account ||
		    (!anonymous && (!set->resource_account ||
				    (acct && strcmp(acct, set->resource_account) == 0)));
	/* F7.10: within one account, a resource policy that names only the account
	 * delegates to the account's identity policies and grants nothing by itself. */
	if (same && out->resource_delegates)
		out->allowed_by_resource = false;
	bool ai = out->allowed_by_identity, ar = out->allowed_by_resource;
	bool allowed;
	enum policy_layer fail;
	if (anonymous) {
		/* No identity to hold identity policies: only a resource policy grants. */
		allowed = ar;
		fail = set->resource ? POLICY_LAYER_RESOURCE : POLICY_LAYER_IDENTITY;
	} else if (same) {
		allowed = ai || ar;
		fail = POLICY_LAYER_IDENTITY;
	} else {
		allowed = ai && ar;
		fail = set->resource && !ar ? POLICY_LAYER_RESOURCE : POLICY_LAYER_IDENTITY;
	}
	if (!allowed) {
		out->decision = POLICY_NO_MATCH;
		out->decided_by = fail;
		return;
	}
	out->decision = POLICY_ALLOW;
	/* The layer that granted: an explicit identity Allow first (same account), else
	 * the resource policy; cross-account grants are credited to the resource policy,
	 * the side that opened the account boundary. */
	if (anonymous || (!same))
		out->decided_by = POLICY_LAYER_RESOURCE;
	else if (di == POLICY_ALLOW || !ar)
		out->decided_by = POLICY_LAYER_IDENTITY;
	else
		out->decided_by = POLICY_LAYER_RESOURCE;
}

void policy_authz_clear(struct policy_authz *a)
{
	if (!a)
		return;
	policy_result_clear(&a->endpoint);
	policy_result_clear(&a->resource);
	policy_result_clear(&a->identity);
}

const char *policy_decision_name(enum policy_decision d)
{
	switch (d) {
	case POLICY_ALLOW: return "allow";
	case POLICY_DENY: return "deny";
	default: return "implicit-deny";
	}
}

const char *policy_layer_name(enum policy_layer l)
{
	switch (l) {
	case POLICY_LAYER_ENDPOINT: return "endpoint";
	case POLICY_LAYER_RESOURCE: return "resource";
	case POLICY_LAYER_IDENTITY: return "identity";
	default: return "none";
	}
}
