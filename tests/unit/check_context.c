/* check_context.c - what trace puts in a request's context, and what the policies real
 * users write then decide (F7.9, F7.10, F7.11; cli.md "Request context").
 *
 * One VPC with three ways to S3: a gateway endpoint (subnet-gw), an interface endpoint
 * (subnet-if, connecting to the endpoint-specific name) and a NAT gateway (subnet-nat).
 * Each case writes one bucket policy of the kinds the IAM User Guide shows ("only my
 * organization", "only through my VPC and not via a service", "only my account's
 * resources", "until a date") and asserts the verdict on each path, and the context
 * keys the trace shows.  A key nothing states is absent, never invented (F7.7).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check_main.h"
#include "vpcpath/topo.h"
#include "vpcpath/trace.h"

/* %1$s: top-level lines (organization:); %2$s: the bucket's policy statements;
 * %3$s: the bucket's account */
static const char *const topology =
	"version: 1\n"
	"region: us-east-1\n"
	"account: \"111122223333\"\n"
	"%1$s"
	"prefix_lists:\n"
	"  - { id: pl-63a5400a, name: com.amazonaws.us-east-1.s3, cidrs: [52.216.0.0/15] }\n"
	"vpcs:\n"
	"  - id: vpc-a\n"
	"    cidrs: [10.0.0.0/16]\n"
	"    internet_gateway: igw-a\n"
	"    subnets:\n"
	"      - { id: subnet-pub, cidr: 10.0.0.0/24, az: us-east-1a, route_table: rtb-pub }\n"
	"      - { id: subnet-gw, cidr: 10.0.1.0/24, az: us-east-1a, route_table: rtb-gw }\n"
	"      - { id: subnet-if, cidr: 10.0.2.0/24, az: us-east-1a, route_table: rtb-if }\n"
	"      - { id: subnet-nat, cidr: 10.0.3.0/24, az: us-east-1a, route_table: rtb-nat }\n"
	"    route_tables:\n"
	"      - { id: rtb-main, main: true }\n"
	"      - { id: rtb-pub, routes: [{ destination: 0.0.0.0/0, target: igw-a }] }\n"
	"      - { id: rtb-gw, routes: [{ destination: 0.0.0.0/0, target: nat-a }] }\n"
	"      - { id: rtb-if }\n"
	"      - { id: rtb-nat, routes: [{ destination: 0.0.0.0/0, target: nat-a }] }\n"
	"    nat_gateways:\n"
	"      - { id: nat-a, subnet: subnet-pub, private_ip: 10.0.0.5, public_ip: 3.3.3.1 }\n"
	"    security_groups:\n"
	"      - id: sg-all\n"
	"        egress: [{ protocol: all, to: 0.0.0.0/0 }]\n"
	"        ingress: [{ protocol: tcp, ports: 443, from: 10.0.0.0/16 }]\n"
	"    endpoints:\n"
	"      - { id: vpce-gw, type: gateway, service: s3, route_tables: [rtb-gw] }\n"
	"      - { id: vpce-if, type: interface, service: s3, subnets: [subnet-if],\n"
	"          security_groups: [sg-all], ips: { subnet-if: 10.0.2.5 } }\n"
	"    instances:\n"
	"      - { id: i-gw, name: via-gw, subnet: subnet-gw, private_ip: 10.0.1.10,\n"
	"          security_groups: [sg-all], role: \"arn:aws:iam::111122223333:role/app\" }\n"
	"      - { id: i-if, name: via-if, subnet: subnet-if, private_ip: 10.0.2.10,\n"
	"          security_groups: [sg-all], role: \"arn:aws:iam::111122223333:role/app\" }\n"
	"      - { id: i-nat, name: via-nat, subnet: subnet-nat, private_ip: 10.0.3.10,\n"
	"          security_groups: [sg-all], role: \"arn:aws:iam::111122223333:role/app\" }\n"
	"iam:\n"
	"  roles:\n"
	"    - arn: \"arn:aws:iam::111122223333:role/app\"\n"
	"      id: AROAEXAMPLEAPPROLE01\n"
	"      tags: { team: data }\n"
	"      policies:\n"
	"        - Statement: [ { Effect: Allow, Action: \"s3:*\", Resource: \"*\" } ]\n"
	"    - arn: \"arn:aws:iam::111122223333:role/narrow\"\n"
	"      policies:\n"
	"        - Statement: [ { Effect: Allow, Action: \"dynamodb:*\", Resource: \"*\" } ]\n"
	"s3:\n"
	"  - bucket: lake\n"
	"    region: us-east-1\n"
	"    account: \"%3$s\"\n"
	"    tags: { classification: internal }\n"
	"    policy:\n"
	"      Statement:\n"
	"%2$s";

/* the interface endpoint's own name for the bucket (F3.3) */
#define VIA_IF "https://lake.bucket.vpce-if.s3.us-east-1.vpce.amazonaws.com/x"

static struct topology *load(const char *top, const char *statements, const char *account)
{
	char buf[8192];
	snprintf(buf, sizeof(buf), topology, top, statements, account);
	return check_load_topology("context.yaml", buf);
}

static struct trace_result *run(const struct topology *t, const char *from, const char *to,
				const char *principal, const struct trace_kv *ctx, size_t nctx,
				const char *now)
{
	struct trace_query q = {
		.from = from, .to = to, .protocol = TOPO_PROTO_TCP, .port = -1, .icmp_type = -1,
		.icmp_code = -1, .source_port = -1, .principal = principal, .context = ctx,
		.ncontext = nctx, .now = now ? now : "2026-12-01T00:00:00Z",
	};
	struct diag_list d = { 0 };
	struct trace_result *r = trace_run(t, &q, &d);
	if (!r)
		diag_print(&d, stderr, 1);
	diag_list_clear(&d);
	ck_assert_ptr_nonnull(r);
	return r;
}

static const char *ctx_value(const struct trace_result *r, const char *key)
{
	for (size_t i = 0; i < r->ncontext; i++)
		if (!strcmp(r->context[i].key, key))
			return r->context[i].value;
	return NULL;
}

static void expect(const struct topology *t, const char *from, const char *to,
		   const char *verdict, const char *path)
{
	struct trace_result *r = run(t, from, to, NULL, NULL, 0, NULL);
	ck_assert_msg(!strcmp(trace_verdict_name(r->verdict), verdict),
		      "%s -> %s: expected %s, got %s (%s: %s)", from, to, verdict,
		      trace_verdict_name(r->verdict), r->reason_code ? r->reason_code : "-",
		      r->reason_message ? r->reason_message : "");
	ck_assert_str_eq(r->path, path);
	trace_result_free(r);
}

/* F7.9: the keys every request of an EC2 role carries, on each path. */
START_TEST(test_always_present_keys)
{
	struct topology *t = load("", "        - { Effect: Allow, Principal: \"*\", Action: \"s3:*\", "
				  "Resource: \"*\" }\n", "111122223333");
	const char *from[] = { "via-gw", "via-if", "via-nat" };
	const char *to[] = { "s3://lake/x", VIA_IF, "s3://lake/x" };
	for (size_t i = 0; i < 3; i++) {
		struct trace_result *r = run(t, from[i], to[i], NULL, NULL, 0, NULL);
		ck_assert_str_eq(trace_verdict_name(r->verdict), "reachable");
		ck_assert_str_eq(ctx_value(r, "aws:PrincipalArn"), "arn:aws:iam::111122223333:role/app");
		ck_assert_str_eq(ctx_value(r, "aws:PrincipalAccount"), "111122223333");
		ck_assert_str_eq(ctx_value(r, "aws:PrincipalType"), "AssumedRole");
		ck_assert_str_eq(ctx_value(r, "aws:ViaAWSService"), "false");
		ck_assert_str_eq(ctx_value(r, "aws:ResourceAccount"), "111122223333");
		ck_assert_str_eq(ctx_value(r, "aws:SecureTransport"), "true");
		ck_assert_str_eq(ctx_value(r, "aws:RequestedRegion"), "us-east-1");
		ck_assert_str_eq(ctx_value(r, "aws:CurrentTime"), "2026-12-01T00:00:00Z");
		ck_assert_str_eq(ctx_value(r, "aws:EpochTime"), "1796083200");
		ck_assert_str_eq(ctx_value(r, "aws:PrincipalTag/team"), "data");
		ck_assert_str_eq(ctx_value(r, "aws:ResourceTag/classification"), "internal");
		/* ROLE-ID:SESSION, the session of an EC2 role named for its instance */
		char userid[64];
		snprintf(userid, sizeof(userid), "AROAEXAMPLEAPPROLE01:%s", r->src_id);
		ck_assert_str_eq(ctx_value(r, "aws:userid"), userid);
		/* F7.7: what the topology does not state is absent */
		ck_assert_ptr_null(ctx_value(r, "aws:PrincipalOrgID"));
		ck_assert_ptr_null(ctx_value(r, "aws:username"));
		/* F2.11: the source address only when not through an endpoint */
		ck_assert(!ctx_value(r, "aws:SourceIp") == (i < 2));
		ck_assert(!ctx_value(r, "aws:SourceVpce") == (i == 2));
		trace_result_free(r);
	}
	topo_free(t);
}
END_TEST

/* F7.9, IAM User Guide aws:PrincipalOrgID example: "only principals of my organization".
 * With the organization stated the request is allowed on every path; without it the
 * key is absent and StringNotEquals on an absent key denies. */
START_TEST(test_principal_org)
{
	static const char *const only_org =
		"        - { Sid: All, Effect: Allow, Principal: \"*\", Action: \"s3:*\", Resource: \"*\" }\n"
		"        - Sid: OnlyOurOrg\n"
		"          Effect: Deny\n"
		"          Principal: \"*\"\n"
		"          Action: \"s3:*\"\n"
		"          Resource: \"*\"\n"
		"          Condition: { StringNotEquals: { \"aws:PrincipalOrgID\": o-a1b2c3d4e5 } }\n";
	struct topology *t = load("organization: o-a1b2c3d4e5\n", only_org, "111122223333");
	expect(t, "via-gw", "s3://lake/x", "reachable", "gateway-endpoint");
	expect(t, "via-if", VIA_IF, "reachable", "interface-endpoint");
	expect(t, "via-nat", "s3://lake/x", "reachable", "nat-gateway");
	struct trace_result *r = run(t, "via-gw", "s3://lake/x", NULL, NULL, 0, NULL);
	ck_assert_str_eq(ctx_value(r, "aws:PrincipalOrgID"), "o-a1b2c3d4e5");
	ck_assert_str_eq(ctx_value(r, "aws:ResourceOrgID"), "o-a1b2c3d4e5");
	trace_result_free(r);
	topo_free(t);
	t = load("", only_org, "111122223333");
	expect(t, "via-gw", "s3://lake/x", "denied", "gateway-endpoint");
	topo_free(t);
}
END_TEST

/* F7.9, F2.11, IAM User Guide aws:ViaAWSService / aws:SourceVpce example: "deny unless
 * through my VPC endpoints, unless a service calls for you".  A direct request through
 * the NAT is denied; through either endpoint it is allowed. */
START_TEST(test_via_service_and_endpoint)
{
	struct topology *t = load("",
		"        - { Sid: All, Effect: Allow, Principal: \"*\", Action: \"s3:*\", Resource: \"*\" }\n"
		"        - Sid: OnlyThroughOurEndpoints\n"
		"          Effect: Deny\n"
		"          Principal: \"*\"\n"
		"          Action: \"s3:*\"\n"
		"          Resource: \"*\"\n"
		"          Condition:\n"
		"            StringNotEquals: { \"aws:SourceVpce\": [vpce-gw, vpce-if] }\n"
		"            Bool: { \"aws:ViaAWSService\": \"false\" }\n",
		"111122223333");
	expect(t, "via-gw", "s3://lake/x", "reachable", "gateway-endpoint");
	expect(t, "via-if", VIA_IF, "reachable", "interface-endpoint");
	expect(t, "via-nat", "s3://lake/x", "denied", "nat-gateway");
	topo_free(t);
}
END_TEST

/* F7.9 aws:ResourceAccount: an allow that names the resource's account. */
START_TEST(test_resource_account)
{
	static const char *const own_account =
		"        - Sid: OurAccountOnly\n"
		"          Effect: Allow\n"
		"          Principal: \"*\"\n"
		"          Action: \"s3:*\"\n"
		"          Resource: \"*\"\n"
		"          Condition: { StringEquals: { \"aws:ResourceAccount\": \"111122223333\" } }\n";
	struct topology *t = load("", own_account, "111122223333");
	expect(t, "via-gw", "s3://lake/x", "reachable", "gateway-endpoint");
	topo_free(t);
	/* the bucket of another account: the condition fails, the policy allows nothing,
	 * and across accounts the resource policy must allow too (F7.2) */
	t = load("", own_account, "444455556666");
	expect(t, "via-gw", "s3://lake/x", "denied", "gateway-endpoint");
	topo_free(t);
}
END_TEST

/* F7.9: a role session's aws:PrincipalArn is its role's ARN. */
START_TEST(test_session_principal_arn)
{
	struct topology *t = load("", "        - { Effect: Allow, Principal: \"*\", Action: \"s3:*\", "
				  "Resource: \"*\" }\n", "111122223333");
	struct trace_result *r = run(t, "via-gw", "s3://lake/x",
				     "arn:aws:sts::111122223333:assumed-role/app/i-gw", NULL, 0, NULL);
	ck_assert_str_eq(ctx_value(r, "aws:PrincipalArn"), "arn:aws:iam::111122223333:role/app");
	ck_assert_str_eq(ctx_value(r, "aws:PrincipalType"), "AssumedRole");
	ck_assert_str_eq(ctx_value(r, "aws:PrincipalTag/team"), "data");
	ck_assert_str_eq(ctx_value(r, "aws:userid"), "AROAEXAMPLEAPPROLE01:i-gw");
	trace_result_free(r);
	topo_free(t);
}
END_TEST

/* F7.9 aws:CurrentTime: a policy that allows until a date, asked before and after. */
START_TEST(test_request_time)
{
	struct topology *t = load("",
		"        - Sid: UntilNewYear\n"
		"          Effect: Allow\n"
		"          Principal: \"*\"\n"
		"          Action: \"s3:*\"\n"
		"          Resource: \"*\"\n"
		"          Condition: { DateLessThan: { \"aws:CurrentTime\": \"2027-01-01T00:00:00Z\" } }\n",
		"444455556666");
	struct trace_result *r = run(t, "via-gw", "s3://lake/x", NULL, NULL, 0, "2026-12-24T10:00:00Z");
	ck_assert_str_eq(trace_verdict_name(r->verdict), "reachable");
	trace_result_free(r);
	r = run(t, "via-gw", "s3://lake/x", NULL, NULL, 0, "2027-01-02T00:00:00+01:00");
	ck_assert_str_eq(trace_verdict_name(r->verdict), "denied");
	ck_assert_str_eq(ctx_value(r, "aws:CurrentTime"), "2027-01-01T23:00:00Z");
	trace_result_free(r);
	long long e;
	ck_assert(trace_parse_time("2026-02-28", &e));
	ck_assert(!trace_parse_time("2026-02-29T00:00:00Z", &e));
	ck_assert(!trace_parse_time("yesterday", &e));
	topo_free(t);
}
END_TEST

/* F7.11: --context K=V given twice makes K multi-valued: ForAllValues holds only when
 * every value is allowed. */
START_TEST(test_multivalued_context)
{
	struct topology *t = load("",
		"        - Sid: OwnKeysOnly\n"
		"          Effect: Allow\n"
		"          Principal: \"*\"\n"
		"          Action: \"s3:*\"\n"
		"          Resource: \"*\"\n"
		"          Condition: { \"ForAllValues:StringEquals\": { \"s3:RequestObjectTagKeys\": [a, b] } }\n",
		"444455556666");
	struct trace_kv both[] = { { "s3:RequestObjectTagKeys", "a" }, { "s3:RequestObjectTagKeys", "b" } };
	struct trace_kv extra[] = { { "s3:RequestObjectTagKeys", "a" }, { "s3:RequestObjectTagKeys", "z" } };
	struct trace_result *r = run(t, "via-gw", "s3://lake/x", NULL, both, 2, NULL);
	ck_assert_str_eq(trace_verdict_name(r->verdict), "reachable");
	size_t n = 0;
	for (size_t i = 0; i < r->ncontext; i++)
		n += !strcmp(r->context[i].key, "s3:RequestObjectTagKeys");
	ck_assert_uint_eq(n, 2);
	trace_result_free(r);
	r = run(t, "via-gw", "s3://lake/x", NULL, extra, 2, NULL);
	ck_assert_str_eq(trace_verdict_name(r->verdict), "denied");
	trace_result_free(r);
	topo_free(t);
}
END_TEST

/* F7.10, IAM User Guide "Specifying a principal" (AWS account principals): a bucket
 * policy that names only its own account delegates to the account's identity
 * policies and allows nothing by itself. */
START_TEST(test_account_principal_delegates)
{
	struct topology *t = load("",
		"        - { Sid: OurAccount, Effect: Allow, Principal: { AWS: \"111122223333\" },\n"
		"            Action: \"s3:GetObject\", Resource: \"arn:aws:s3:::lake/*\" }\n",
		"111122223333");
	struct trace_result *r = run(t, "via-gw", "s3://lake/x", "arn:aws:iam::111122223333:role/app",
				     NULL, 0, NULL);
	ck_assert_str_eq(trace_verdict_name(r->verdict), "reachable");
	trace_result_free(r);
	r = run(t, "via-gw", "s3://lake/x", "arn:aws:iam::111122223333:role/narrow", NULL, 0, NULL);
	ck_assert_str_eq(trace_verdict_name(r->verdict), "denied");
	ck_assert_str_eq(r->reason_code, "NO_POLICY_ALLOWS");
	ck_assert_ptr_nonnull(strstr(r->reason_message, "delegates"));
	trace_result_free(r);
	topo_free(t);
}
END_TEST

static Suite *context_suite(void)
{
	Suite *s = suite_create("context");
	TCase *tc = tcase_create("F7.9");
	tcase_add_test(tc, test_always_present_keys);
	tcase_add_test(tc, test_principal_org);
	tcase_add_test(tc, test_via_service_and_endpoint);
	tcase_add_test(tc, test_resource_account);
	tcase_add_test(tc, test_session_principal_arn);
	tcase_add_test(tc, test_request_time);
	tcase_add_test(tc, test_multivalued_context);
	tcase_add_test(tc, test_account_principal_delegates);
	suite_add_tcase(s, tc);
	return s;
}

VPCPATH_CHECK_MAIN(context_suite)
