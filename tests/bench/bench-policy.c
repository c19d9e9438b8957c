/* bench-policy.c - IAM policy evaluations per second on one core, for a realistic
 * 6-statement bucket policy with conditions, against the whole request context a
 * trace builds (F7.9: the keys AWS always includes; issue 14's aim: at least 5 M/s).
 *
 *   bench-policy [FILE.yaml]   (the topology argument of the bench driver is unused)
 *
 * Prints two lines: evaluations per second as trace and check use them (the deciding
 * statement, no explanation text) and with the per-statement explanation built. */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include <cjson/cJSON.h>

#include "vpcpath/diag.h"
#include "vpcpath/policy.h"

static const char bucket_policy[] =
	"{ \"Version\": \"2012-10-17\", \"Statement\": ["
	"  { \"Sid\": \"DenyInsecureTransport\", \"Effect\": \"Deny\", \"Principal\": \"*\","
	"    \"Action\": \"s3:*\", \"Resource\": [\"arn:aws:s3:::data-lake\", \"arn:aws:s3:::data-lake/*\"],"
	"    \"Condition\": { \"Bool\": { \"aws:SecureTransport\": \"false\" } } },"
	"  { \"Sid\": \"DenyOutsideOurEndpoints\", \"Effect\": \"Deny\", \"Principal\": \"*\","
	"    \"Action\": \"s3:*\", \"Resource\": [\"arn:aws:s3:::data-lake\", \"arn:aws:s3:::data-lake/*\"],"
	"    \"Condition\": { \"StringNotEquals\": { \"aws:SourceVpce\": [\"vpce-1a2b3c4d\", \"vpce-5e6f7a8b\"] },"
	"                   \"ArnNotLike\": { \"aws:PrincipalArn\": \"arn:aws:iam::111122223333:role/break-glass-*\" } } },"
	"  { \"Sid\": \"ReadersGet\", \"Effect\": \"Allow\","
	"    \"Principal\": { \"AWS\": [\"arn:aws:iam::111122223333:role/analytics\", \"arn:aws:iam::444455556666:root\"] },"
	"    \"Action\": [\"s3:GetObject\", \"s3:GetObjectVersion\"], \"Resource\": \"arn:aws:s3:::data-lake/curated/*\","
	"    \"Condition\": { \"IpAddressIfExists\": { \"aws:VpcSourceIp\": [\"10.0.0.0/8\", \"172.16.0.0/12\"] } } },"
	"  { \"Sid\": \"ReadersList\", \"Effect\": \"Allow\", \"Principal\": { \"AWS\": \"arn:aws:iam::111122223333:role/analytics\" },"
	"    \"Action\": \"s3:ListBucket\", \"Resource\": \"arn:aws:s3:::data-lake\","
	"    \"Condition\": { \"StringLike\": { \"s3:prefix\": [\"curated/*\", \"reports/*\"] } } },"
	"  { \"Sid\": \"WritersPut\", \"Effect\": \"Allow\", \"Principal\": { \"AWS\": \"arn:aws:iam::111122223333:role/etl-${aws:username}\" },"
	"    \"Action\": \"s3:PutObject\", \"Resource\": \"arn:aws:s3:::data-lake/raw/*\","
	"    \"Condition\": { \"StringEquals\": { \"s3:x-amz-server-side-encryption\": \"aws:kms\" } } },"
	"  { \"Sid\": \"DenyDeletes\", \"Effect\": \"Deny\", \"Principal\": \"*\", \"Action\": [\"s3:DeleteObject*\", \"s3:PutLifecycleConfiguration\"],"
	"    \"NotResource\": \"arn:aws:s3:::data-lake/tmp/*\" }"
	"] }";

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* evaluations per second over `seconds` of repeated evaluation */
static double rate(const struct policy *p, struct policy_request *req, double seconds)
{
	size_t n = 0;
	double start = now(), t;
	do {
		for (int i = 0; i < 10000; i++) {
			struct policy_result r = { 0 };
			if (policy_eval(p, req, &r) != POLICY_ALLOW) {
				fprintf(stderr, "bench-policy: the request should be allowed\n");
				exit(1);
			}
			policy_result_clear(&r);
		}
		n += 10000;
		t = now() - start;
	} while (t < seconds);
	return (double)n / t;
}

int main(void)
{
	cJSON *doc = cJSON_Parse(bucket_policy);
	struct diag_list d = { 0 };
	struct policy *p = doc ? policy_compile(doc, POLICY_KIND_RESOURCE, "bench", 1, 1, &d) : NULL;
	if (!p) {
		diag_print(&d, stderr, 1);
		return 1;
	}
	struct policy_context *ctx = policy_context_new();
	policy_context_set(ctx, "aws:SourceVpce", "vpce-1a2b3c4d");
	policy_context_set(ctx, "aws:VpcSourceIp", "10.0.10.10");
	policy_context_set(ctx, "aws:SecureTransport", "true");
	policy_context_set(ctx, "aws:PrincipalArn", "arn:aws:iam::111122223333:role/analytics");
	/* F7.9: what every signed request from a role session carries, and what the
	 * topology can state (the organization) */
	policy_context_set(ctx, "aws:ViaAWSService", "false");
	policy_context_set(ctx, "aws:PrincipalType", "AssumedRole");
	policy_context_set(ctx, "aws:PrincipalAccount", "111122223333");
	policy_context_set(ctx, "aws:userid", "AROAEXAMPLEID123456789:i-0abc1234def567890");
	policy_context_set(ctx, "aws:CurrentTime", "2026-12-07T12:00:00Z");
	policy_context_set(ctx, "aws:EpochTime", "1796644800");
	policy_context_set(ctx, "aws:ResourceAccount", "111122223333");
	policy_context_set(ctx, "aws:PrincipalOrgID", "o-a1b2c3d4e5");
	policy_context_set(ctx, "aws:RequestedRegion", "us-east-1");
	policy_context_set(ctx, "aws:SourceVpc", "vpc-0a1b2c3d");
	struct policy_request req = {
		.action = "s3:GetObject",
		.resource = "arn:aws:s3:::data-lake/curated/2026/11/part-0001.parquet",
		.principal_arn = "arn:aws:iam::111122223333:role/analytics",
		.context = ctx,
		.no_explain = true,
	};
	double fast = rate(p, &req, 1.0);
	req.no_explain = false;
	double explained = rate(p, &req, 1.0);
	char v1[32], v2[32];
	snprintf(v1, sizeof(v1), "%.2f M/s", fast / 1e6);
	snprintf(v2, sizeof(v2), "%.2f M/s", explained / 1e6);
	printf("%-24s %-14s 6-statement bucket policy with conditions, 14-key context, one core, "
	       "decision and deciding statement (aim >= 5 M/s: %s)\n", "policy evaluations", v1,
	       fast >= 5e6 ? "ok" : "UNDER AIM");
	printf("%-24s %-14s the same, building the per-statement explanation text\n",
	       "policy evals explained", v2);
	policy_context_free(ctx);
	policy_free(p);
	cJSON_Delete(doc);
	diag_list_clear(&d);
	return 0;
}
