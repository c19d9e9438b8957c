/* fuzz_policy.c - libFuzzer harness for the IAM policy parser and evaluator.
 *
 * The input is a policy's JSON text.  It is parsed with cJSON_ParseWithLength, then
 * compiled as each kind (endpoint on a gateway endpoint, resource, identity), and
 * every compiled policy is evaluated against a few fixed requests (named role,
 * assumed-role session, anonymous; object and bucket actions; a context with
 * single- and multi-valued keys), with and without explanations, and combined with
 * policy_authorize().  Invariants: a compile that returns NULL reported an error;
 * the fast path (no_explain) decides as the explained one does.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "vpcpath/diag.h"
#include "vpcpath/policy.h"

static struct policy_context *ctx;

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	ctx = policy_context_new();
	policy_context_set(ctx, "aws:SourceVpce", "vpce-gws3");
	policy_context_set(ctx, "aws:SourceVpc", "vpc-prod");
	policy_context_set(ctx, "aws:VpcSourceIp", "10.0.10.10");
	policy_context_set(ctx, "aws:SourceIp", "3.3.3.1");
	policy_context_set(ctx, "aws:SecureTransport", "true");
	policy_context_set(ctx, "aws:CurrentTime", "2026-01-15T12:00:00Z");
	policy_context_set(ctx, "aws:EpochTime", "1768478400");
	policy_context_set(ctx, "s3:prefix", "reports/");
	policy_context_set(ctx, "s3:max-keys", "100");
	policy_context_set(ctx, "aws:PrincipalTag/team", "data");
	/* longer than the evaluator's inline buffers, so that their growth runs too */
	static char longval[700];
	memset(longval, 'x', sizeof(longval) - 1);
	policy_context_set(ctx, "aws:PrincipalTag/long", longval);
	policy_context_add(ctx, "aws:TagKeys", "team");
	policy_context_add(ctx, "aws:TagKeys", "env");
	policy_context_set(ctx, "aws:username", NULL);
	return 0;
}

struct req {
	const char *action, *resource, *principal, *account;
};

static const struct req reqs[] = {
	{ "s3:GetObject", "arn:aws:s3:::data-bucket/reports/q3.csv",
	  "arn:aws:iam::111122223333:role/app", NULL },
	{ "s3:ListBucket", "arn:aws:s3:::data-bucket", "arn:aws:sts::111122223333:assumed-role/app/i-1",
	  NULL },
	{ "dynamodb:GetItem", "arn:aws:dynamodb:us-east-1:444455556666:table/orders",
	  "arn:aws:iam::444455556666:user/path/bob", "444455556666" },
	{ "s3express:CreateSession", "arn:aws:s3express:us-east-1:111122223333:bucket/hot--use1-az4--x-s3",
	  NULL, NULL },
};

static void eval_all(const struct policy *p)
{
	for (size_t i = 0; i < sizeof(reqs) / sizeof(reqs[0]); i++) {
		struct policy_request rq = { .action = reqs[i].action, .resource = reqs[i].resource,
					     .principal_arn = reqs[i].principal,
					     .principal_account = reqs[i].account,
					     .context = i == 3 ? NULL : ctx };
		struct policy_result r = { 0 };
		enum policy_decision d = policy_eval(p, &rq, &r);
		if (r.statement >= 0)
			(void)policy_statement_sid(p, (size_t)r.statement);
		policy_result_clear(&r);
		rq.no_explain = true;
		struct policy_result fast = { 0 };
		enum policy_decision d2 = policy_eval(p, &rq, &fast);
		policy_result_clear(&fast);
		if (d != d2) {
			fprintf(stderr, "fuzz_policy: decision differs with no_explain (%d vs %d)\n",
				(int)d, (int)d2);
			abort();
		}
		if (policy_eval(p, &rq, NULL) != d)
			abort();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	cJSON *doc = cJSON_ParseWithLength((const char *)data, size);
	if (!doc)
		return 0;
	struct policy *ps[3] = { NULL, NULL, NULL };
	static const enum policy_kind kinds[3] = { POLICY_KIND_ENDPOINT, POLICY_KIND_RESOURCE,
						   POLICY_KIND_IDENTITY };
	for (int k = 0; k < 3; k++) {
		struct diag_list diags = { 0 };
		struct policy_compile_opts opts = { .text_len = size,
						    .gateway_endpoint = k == 0 };
		ps[k] = policy_compile_ex(doc, kinds[k], &opts, "fuzz.json", 1, 1, &diags);
		if (!ps[k] && diags.errors == 0) {
			fprintf(stderr, "fuzz_policy: compile failed without an error\n");
			abort();
		}
		if (ps[k]) {
			(void)policy_check_gateway_endpoint(ps[k], "fuzz.json", 1, 1, &diags);
			(void)policy_is_full_access(ps[k]);
			size_t n = policy_statement_count(ps[k]);
			for (size_t i = 0; i <= n; i++)
				(void)policy_statement_sid(ps[k], i);
			eval_all(ps[k]);
		}
		diag_list_clear(&diags);
	}
	/* identity layers of one and of two policies (several act as one layer) */
	const struct policy *ident[2] = { ps[2], ps[0] };
	size_t nident = ps[2] ? (ps[0] && (size & 1) ? 2 : 1) : 0;
	for (size_t i = 0; i < sizeof(reqs) / sizeof(reqs[0]); i++) {
		struct policy_set set = { .endpoint = ps[0], .resource = ps[1],
					  .identity = nident ? ident : NULL, .nidentity = nident,
					  .identity_unknown = nident == 0,
					  .resource_account = "111122223333" };
		struct policy_request rq = { .action = reqs[i].action, .resource = reqs[i].resource,
					     .principal_arn = reqs[i].principal,
					     .principal_account = reqs[i].account, .context = ctx };
		struct policy_authz az, fast;
		memset(&az, 0, sizeof(az));
		memset(&fast, 0, sizeof(fast));
		policy_authorize(&set, &rq, &az);
		(void)policy_decision_name(az.decision);
		(void)policy_layer_name(az.decided_by);
		rq.no_explain = true;
		policy_authorize(&set, &rq, &fast);
		if (fast.decision != az.decision || fast.decided_by != az.decided_by) {
			fprintf(stderr, "fuzz_policy: policy_authorize differs with no_explain\n");
			abort();
		}
		policy_authz_clear(&az);
		policy_authz_clear(&fast);
	}
	for (int k = 0; k < 3; k++)
		policy_free(ps[k]);
	cJSON_Delete(doc);
	return 0;
}
