/* check_plan_unknown.c - what a trace says when the topology does not know a value:
 * `missing:` entries with reason plan_unknown (a Terraform plan's value known only
 * after apply, cli.md "PLAN_UNKNOWN") and policies that are unknown (missing:
 * bucket_policy, table_policy, endpoint_policy).
 *
 * F7.3: an explicit deny in any policy denies, and an endpoint policy, and across
 * accounts the identity policy, must allow.  So a policy that is not known can turn
 * an allow into a deny (it may deny) but never a deny into an allow: the answer is
 * given when every policy it could be gives the same one, else it is ambiguous.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check_main.h"
#include "vpcpath/topo.h"
#include "vpcpath/trace.h"

/* %1$s: the missing: list; %2$s: the gateway endpoint's extra keys (a policy);
 * %3$s: the bucket's account; %4$s: the bucket's extra keys */
static const char *const topology =
	"version: 1\n"
	"region: us-east-1\n"
	"account: \"111122223333\"\n"
	"prefix_lists:\n"
	"  - { id: pl-63a5400a, name: com.amazonaws.us-east-1.s3, cidrs: [52.216.0.0/15] }\n"
	"vpcs:\n"
	"  - id: vpc-a\n"
	"    cidrs: [10.0.0.0/16]\n"
	"    subnets:\n"
	"      - { id: subnet-app, cidr: 10.0.1.0/24, az: us-east-1a, route_table: rtb-app }\n"
	"      - { id: subnet-new, cidr: 10.0.2.0/24, az: us-east-1a, route_table: rtb-new }\n"
	"    route_tables:\n"
	"      - { id: rtb-main, main: true }\n"
	"      - { id: rtb-app }\n"
	"    security_groups:\n"
	"      - id: sg-all\n"
	"        egress: [{ protocol: all, to: 0.0.0.0/0 }]\n"
	"        ingress: [{ protocol: tcp, ports: 443, from: 10.0.0.0/16 }]\n"
	"    endpoints:\n"
	"      - id: vpce-gw\n"
	"        type: gateway\n"
	"        service: s3\n"
	"        route_tables: [rtb-app]\n"
	"%2$s"
	"    instances:\n"
	"      - { id: i-app, name: app, subnet: subnet-app, private_ip: 10.0.1.10,\n"
	"          security_groups: [sg-all], role: \"arn:aws:iam::111122223333:role/app\" }\n"
	"      - { id: i-new, name: new, subnet: subnet-new, private_ip: 10.0.2.10,\n"
	"          security_groups: [sg-all] }\n"
	"iam:\n"
	"  roles:\n"
	"    - arn: \"arn:aws:iam::111122223333:role/app\"\n"
	"      policies:\n"
	"        - Statement:\n"
	"            - { Effect: Allow, Action: \"s3:*\", Resource: \"*\" }\n"
	"            - { Effect: Deny, Action: \"s3:DeleteObject\", Resource: \"*\" }\n"
	"    - arn: \"arn:aws:iam::111122223333:role/narrow\"\n"
	"      policies:\n"
	"        - Statement: [ { Effect: Allow, Action: \"dynamodb:*\", Resource: \"*\" } ]\n"
	"s3:\n"
	"  - bucket: lake\n"
	"    region: us-east-1\n"
	"    account: \"%3$s\"\n"
	"%4$s"
	"missing:\n"
	"  - { kind: route_tables, vpc: vpc-a, id: rtb-new, reason: plan_unknown,\n"
	"      address: aws_route_table.new, attribute: route.gateway_id }\n"
	"%1$s";

static const char *const lake_unknown =
	"  - { kind: bucket_policy, id: lake, reason: plan_unknown,\n"
	"      address: aws_s3_bucket_policy.lake, attribute: policy }\n";

static struct topology *load(const char *missing, const char *ep_extra, const char *account,
			     const char *bucket_extra)
{
	char buf[8192];
	snprintf(buf, sizeof(buf), topology, missing, ep_extra, account, bucket_extra);
	return check_load_topology("plan.yaml", buf);
}

static struct trace_result *run(const struct topology *t, const char *from, const char *to,
				const char *principal, const char *action, bool brief)
{
	struct trace_query q = {
		.from = from, .to = to, .protocol = TOPO_PROTO_TCP, .port = -1, .icmp_type = -1,
		.icmp_code = -1, .source_port = -1, .principal = principal, .action = action,
		.now = "2026-12-01T00:00:00Z", .brief = brief,
	};
	struct diag_list d = { 0 };
	struct trace_result *r = trace_run(t, &q, &d);
	if (!r)
		diag_print(&d, stderr, 1);
	diag_list_clear(&d);
	ck_assert_ptr_nonnull(r);
	return r;
}

/* verdict and reason code; msg (may be NULL): a part of the reason's message */
static void expect(const struct topology *t, const char *from, const char *to,
		   const char *principal, const char *action, const char *verdict,
		   const char *code, const char *msg)
{
	struct trace_result *r = run(t, from, to, principal, action, false);
	ck_assert_msg(!strcmp(trace_verdict_name(r->verdict), verdict),
		      "%s -> %s (%s): %s (%s: %s), expected %s", from, to, action ? action : "-",
		      trace_verdict_name(r->verdict), r->reason_code ? r->reason_code : "-",
		      r->reason_message ? r->reason_message : "", verdict);
	if (code)
		ck_assert_msg(r->reason_code && !strcmp(r->reason_code, code),
			      "%s -> %s: reason %s, expected %s (%s)", from, to,
			      r->reason_code ? r->reason_code : "-", code,
			      r->reason_message ? r->reason_message : "");
	if (msg)
		ck_assert_msg(r->reason_message && strstr(r->reason_message, msg),
			      "%s -> %s: message '%s' does not say '%s'", from, to,
			      r->reason_message ? r->reason_message : "", msg);
	/* a brief trace (check's all_pairs) gives the same answer */
	struct trace_result *b = run(t, from, to, principal, action, true);
	ck_assert_int_eq(b->verdict, r->verdict);
	ck_assert_msg((!b->reason_code && !r->reason_code) ||
		      (b->reason_code && r->reason_code && !strcmp(b->reason_code, r->reason_code)),
		      "brief: reason %s, full %s", b->reason_code ? b->reason_code : "-",
		      r->reason_code ? r->reason_code : "-");
	trace_result_free(b);
	trace_result_free(r);
}

/* A link a plan knows only after apply: PLAN_UNKNOWN naming the address and attribute,
 * never a guess, and never MISSING_DATA's "collect it" advice. */
START_TEST(test_route_table_plan_unknown)
{
	struct topology *t = load("", "", "111122223333", "");
	expect(t, "new", "10.0.1.10", NULL, NULL, "ambiguous", "PLAN_UNKNOWN",
	       "aws_route_table.new.route.gateway_id is known only after apply");
	struct trace_result *r = run(t, "new", "10.0.1.10", NULL, NULL, false);
	ck_assert_ptr_null(strstr(r->reason_message, "describe-route-tables"));
	trace_result_free(r);
	topo_free(t);
}
END_TEST

/* The same entry without a reason is an uncollected output: MISSING_DATA (F9.7). */
START_TEST(test_route_table_not_collected)
{
	static const char *const yaml =
		"version: 1\nregion: us-east-1\nvpcs:\n  - id: vpc-a\n    cidrs: [10.0.0.0/16]\n"
		"    subnets:\n      - { id: subnet-new, cidr: 10.0.2.0/24, az: us-east-1a,\n"
		"          route_table: rtb-new }\n"
		"    instances:\n      - { id: i-new, subnet: subnet-new, private_ip: 10.0.2.10 }\n"
		"missing:\n  - { kind: route_tables, vpc: vpc-a, id: rtb-new, reason: not_collected }\n";
	struct topology *t = check_load_topology("c.yaml", yaml);
	expect(t, "i-new", "10.0.1.10", NULL, NULL, "ambiguous", "MISSING_DATA",
	       "aws ec2 describe-route-tables");
	topo_free(t);
}
END_TEST

/* A bucket policy known only after apply: the request the endpoint and identity allow
 * could be denied by it; ambiguous, naming the policy's address. */
START_TEST(test_bucket_policy_unknown_allow_is_ambiguous)
{
	struct topology *t = load(lake_unknown, "", "111122223333", "");
	expect(t, "app", "s3://lake/x", NULL, NULL, "ambiguous", "PLAN_UNKNOWN",
	       "aws_s3_bucket_policy.lake.policy is known only after apply");
	/* same account: the identity does not allow, but the bucket's policy could (F7.3) */
	expect(t, "app", "s3://lake/x", "arn:aws:iam::111122223333:role/narrow", NULL,
	       "ambiguous", "PLAN_UNKNOWN", NULL);
	topo_free(t);
}
END_TEST

/* An explicit deny elsewhere decides whatever the unknown policy says (F7.3). */
START_TEST(test_bucket_policy_unknown_deny_elsewhere_decides)
{
	struct topology *t = load(lake_unknown,
		"        policy:\n"
		"          Statement:\n"
		"            - { Effect: Allow, Principal: \"*\", Action: \"s3:*\", Resource: \"*\" }\n"
		"            - { Effect: Deny, Principal: \"*\", Action: \"s3:PutObject\", Resource: \"*\" }\n",
		"111122223333", "");
	expect(t, "app", "s3://lake/x", NULL, "s3:PutObject", "denied", "ENDPOINT_POLICY_DENIED",
	       NULL);
	/* the role's own deny */
	expect(t, "app", "s3://lake/x", NULL, "s3:DeleteObject", "denied", "IDENTITY_POLICY_DENIED",
	       NULL);
	expect(t, "app", "s3://lake/x", NULL, "s3:GetObject", "ambiguous", "PLAN_UNKNOWN", NULL);
	topo_free(t);
}
END_TEST

/* Across accounts the identity policy must allow too (F7.2): without it, denied
 * whatever the bucket's unknown policy says; with it, ambiguous. */
START_TEST(test_bucket_policy_unknown_cross_account)
{
	struct topology *t = load(lake_unknown, "", "444455556666", "");
	expect(t, "app", "s3://lake/x", "arn:aws:iam::111122223333:role/narrow", NULL, "denied",
	       "IDENTITY_POLICY_DENIED", NULL);
	expect(t, "app", "s3://lake/x", NULL, NULL, "ambiguous", "PLAN_UNKNOWN", NULL);
	topo_free(t);
}
END_TEST

/* An endpoint policy not known: the bucket's known explicit deny still decides; an
 * allow does not. */
START_TEST(test_endpoint_policy_unknown)
{
	struct topology *t = load(
		"  - { kind: endpoint_policy, id: vpce-gw, reason: plan_unknown,\n"
		"      address: aws_vpc_endpoint.s3, attribute: policy }\n", "", "111122223333",
		"    policy:\n"
		"      Statement:\n"
		"        - { Effect: Deny, Principal: \"*\", Action: \"s3:GetObject\",\n"
		"            Resource: \"arn:aws:s3:::lake/secret/*\" }\n");
	expect(t, "app", "s3://lake/x", NULL, NULL, "ambiguous", "PLAN_UNKNOWN",
	       "aws_vpc_endpoint.s3.policy");
	expect(t, "app", "s3://lake/secret/x", NULL, NULL, "denied", "RESOURCE_POLICY_DENIED", NULL);
	topo_free(t);
}
END_TEST

/* A policy not collected (no reason): MISSING_DATA with the command that supplies it. */
START_TEST(test_bucket_policy_not_collected)
{
	struct topology *t = load("  - { kind: bucket_policy, id: lake }\n", "", "111122223333", "");
	expect(t, "app", "s3://lake/x", NULL, NULL, "ambiguous", "MISSING_DATA",
	       "aws s3api get-bucket-policy --bucket lake");
	topo_free(t);
}
END_TEST

/* A declared policy is used over an entry that says it is missing (as for any
 * declared object, missing-declared). */
START_TEST(test_declared_policy_wins)
{
	struct topology *t = load(lake_unknown, "", "111122223333",
		"    policy:\n"
		"      Statement:\n"
		"        - { Effect: Allow, Principal: \"*\", Action: \"s3:*\", Resource: \"*\" }\n");
	expect(t, "app", "s3://lake/x", NULL, NULL, "reachable", NULL, NULL);
	topo_free(t);
}
END_TEST

/* An instance a plan places only after apply (listed by its id and address): a trace
 * from it, or to an address no known interface has (it may get that address), is not
 * known; without the entry the address has no interface. */
START_TEST(test_unplaced_instance)
{
	struct topology *t = load(
		"  - { kind: instances, id: i-tf0d676a599f26, reason: plan_unknown,\n"
		"      address: aws_instance.web, attribute: subnet_id }\n", "", "111122223333", "");
	expect(t, "aws_instance.web", "10.0.1.10", NULL, NULL, "ambiguous", "PLAN_UNKNOWN",
	       "aws_instance.web.subnet_id is known only after apply");
	expect(t, "i-tf0d676a599f26", "10.0.1.10", NULL, NULL, "ambiguous", "PLAN_UNKNOWN", NULL);
	expect(t, "app", "10.0.1.99", NULL, NULL, "ambiguous", "PLAN_UNKNOWN", NULL);
	expect(t, "app", "aws_instance.web", NULL, NULL, "ambiguous", "PLAN_UNKNOWN",
	       "aws_instance.web.subnet_id");
	topo_free(t);
	t = load("", "", "111122223333", "");
	expect(t, "app", "10.0.1.99", NULL, NULL, "unreachable", "NO_INTERFACE_AT_DESTINATION", NULL);
	topo_free(t);
}
END_TEST

/* A role whose identity policies are not all known (an AWS-managed attachment's text
 * is never in a plan): its known explicit deny still decides; an allow is not known. */
START_TEST(test_role_policies_unknown)
{
	struct topology *t = load(
		"  - { kind: role_policies, id: \"arn:aws:iam::111122223333:role/app\" }\n", "",
		"111122223333", "");
	expect(t, "app", "s3://lake/x", NULL, NULL, "ambiguous", "MISSING_DATA",
	       "aws iam list-attached-role-policies");
	expect(t, "app", "s3://lake/x", NULL, "s3:DeleteObject", "denied", "IDENTITY_POLICY_DENIED",
	       NULL);
	/* another role's are known */
	expect(t, "app", "s3://lake/x", "arn:aws:iam::111122223333:role/narrow", NULL, "denied",
	       "NO_POLICY_ALLOWS", NULL);
	topo_free(t);
}
END_TEST

/* reason takes two words; anything else is a located error */
START_TEST(test_bad_reason_refused)
{
	static const char *const yaml =
		"version: 1\nregion: us-east-1\nmissing:\n  - { kind: route_tables, reason: later }\n";
	struct diag_list d = { 0 };
	struct topology *t = topo_load_buffer("c.yaml", ".", yaml, strlen(yaml), NULL, &d);
	ck_assert_ptr_null(t);
	ck_assert_uint_gt(d.len, 0);
	ck_assert_ptr_nonnull(strstr(d.items[0].message, "plan_unknown"));
	ck_assert_uint_eq(d.items[0].line, 4);
	diag_list_clear(&d);
}
END_TEST

static Suite *plan_unknown_suite(void)
{
	Suite *s = suite_create("plan_unknown");
	TCase *tc = tcase_create("PLAN_UNKNOWN");
	tcase_add_test(tc, test_route_table_plan_unknown);
	tcase_add_test(tc, test_route_table_not_collected);
	tcase_add_test(tc, test_bucket_policy_unknown_allow_is_ambiguous);
	tcase_add_test(tc, test_bucket_policy_unknown_deny_elsewhere_decides);
	tcase_add_test(tc, test_bucket_policy_unknown_cross_account);
	tcase_add_test(tc, test_endpoint_policy_unknown);
	tcase_add_test(tc, test_bucket_policy_not_collected);
	tcase_add_test(tc, test_declared_policy_wins);
	tcase_add_test(tc, test_bad_reason_refused);
	tcase_add_test(tc, test_unplaced_instance);
	tcase_add_test(tc, test_role_policies_unknown);
	suite_add_tcase(s, tc);
	return s;
}

VPCPATH_CHECK_MAIN(plan_unknown_suite)
