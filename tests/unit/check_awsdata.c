/* check_awsdata.c - the built-in AWS data: generated ranges and prefix-list ids. */
#include <string.h>

#include "check_main.h"
#include "vpcpath/addr.h"
#include "vpcpath/awsdata.h"

static bool range_holds(const char *region, enum topo_service svc, int family, const char *prefix)
{
	const struct aws_range *first;
	size_t n = aws_ranges_find(region, svc, family, &first);
	for (size_t i = 0; i < n; i++)
		if (strcmp(first[i].prefix, prefix) == 0)
			return true;
	return false;
}

START_TEST(test_s3_us_east_1)
{
	/* the example range of the topology spec's pl-63a5400a */
	ck_assert(range_holds("us-east-1", TOPO_SVC_S3, NET_V4, "52.216.0.0/15"));
	ck_assert(range_holds("us-east-1", TOPO_SVC_S3, NET_V4, "54.231.0.0/16"));
	ck_assert(!range_holds("us-east-1", TOPO_SVC_DYNAMODB, NET_V4, "52.216.0.0/15"));
	ck_assert(!range_holds("us-east-2", TOPO_SVC_S3, NET_V4, "52.216.0.0/15"));
	ck_assert(range_holds("us-east-1", TOPO_SVC_DYNAMODB, NET_V4, "52.94.0.0/22"));
}
END_TEST

START_TEST(test_find_runs)
{
	const struct aws_range *first;
	size_t n = aws_ranges_find("us-east-1", TOPO_SVC_S3, NET_V4, &first);
	ck_assert_uint_ge(n, 5);
	for (size_t i = 0; i < n; i++) {
		ck_assert_str_eq(first[i].region, "us-east-1");
		ck_assert_int_eq(first[i].service, TOPO_SVC_S3);
		ck_assert_int_eq(first[i].family, NET_V4);
	}
	ck_assert_uint_gt(aws_ranges_find("us-east-1", TOPO_SVC_S3, NET_V6, &first), 0);
	ck_assert_str_eq(first->region, "us-east-1");
	ck_assert_int_eq(first->family, NET_V6);
	/* unknown region, no S3 Express ranges in ip-ranges.json, NULL region */
	ck_assert_uint_eq(aws_ranges_find("xx-nowhere-1", TOPO_SVC_S3, NET_V4, &first), 0);
	ck_assert_ptr_null(first);
	ck_assert_uint_eq(aws_ranges_find("us-east-1", TOPO_SVC_S3EXPRESS, NET_V4, &first), 0);
	ck_assert_uint_eq(aws_ranges_find(NULL, TOPO_SVC_S3, NET_V4, &first), 0);
}
END_TEST

START_TEST(test_no_ec2_no_global)
{
	ck_assert_uint_gt(aws_ranges_count, 100);
	for (size_t i = 0; i < aws_ranges_count; i++) {
		ck_assert_msg(aws_ranges[i].service == TOPO_SVC_S3 ||
			      aws_ranges[i].service == TOPO_SVC_DYNAMODB,
			      "entry %zu (%s) is not S3 or DynamoDB", i, aws_ranges[i].prefix);
		ck_assert_str_ne(aws_ranges[i].region, "GLOBAL");
	}
	/* 3.5.140.0/22 is S3 (ap-northeast-2); an EC2-only range must be absent:
	 * 15.181.232.0/21 is EC2 us-east-1 (a local zone) in the data file */
	ck_assert(range_holds("ap-northeast-2", TOPO_SVC_S3, NET_V4, "3.5.140.0/22"));
	for (size_t i = 0; i < aws_ranges_count; i++)
		ck_assert_str_ne(aws_ranges[i].prefix, "15.181.232.0/21");
}
END_TEST

START_TEST(test_sorted_canonical_unique)
{
	struct net_prefix prev = { 0 };
	for (size_t i = 0; i < aws_ranges_count; i++) {
		const struct aws_range *e = &aws_ranges[i];
		struct net_prefix p;
		bool host_bits = true;
		ck_assert_msg(net_prefix_parse(e->prefix, &p, &host_bits), "%s does not parse", e->prefix);
		ck_assert_msg(!host_bits, "%s has host bits", e->prefix);
		ck_assert_int_eq(p.addr.family, e->family);
		ck_assert(aws_region_known(e->region));
		if (i == 0) {
			prev = p;
			continue;
		}
		const struct aws_range *q = &aws_ranges[i - 1];
		int c = strcmp(q->region, e->region);
		if (c == 0)
			c = q->service < e->service ? -1 : q->service > e->service;
		if (c == 0)
			c = q->family < e->family ? -1 : q->family > e->family;
		if (c == 0) {
			c = net_addr_cmp(&prev.addr, &p.addr);
			if (c == 0)
				c = prev.len < p.len ? -1 : prev.len > p.len;
		}
		ck_assert_msg(c < 0, "entries %zu and %zu (%s, %s) out of order or repeated", i - 1, i,
			      q->prefix, e->prefix);
		prev = p;
	}
}
END_TEST

START_TEST(test_regions)
{
	ck_assert(aws_region_known("us-east-1"));
	ck_assert(aws_region_known("eu-west-1"));
	ck_assert(!aws_region_known("GLOBAL"));
	ck_assert(!aws_region_known("us-esat-1"));
	ck_assert(!aws_region_known("US-EAST-1"));
	ck_assert(!aws_region_known(""));
	ck_assert(!aws_region_known(NULL));
	for (size_t i = 1; i < aws_regions_count; i++)
		ck_assert_int_lt(strcmp(aws_regions[i - 1], aws_regions[i]), 0);
}
END_TEST

START_TEST(test_data_date)
{
	ck_assert_str_eq(aws_data_create_date(), "2022-06-12-21-03-06");
	ck_assert_str_eq(aws_data_sync_token(), "1655067786");
}
END_TEST

START_TEST(test_prefix_list_ids)
{
	ck_assert_str_eq(aws_managed_prefix_list_id("us-east-1", TOPO_SVC_S3, NET_V4), "pl-63a5400a");
	ck_assert_str_eq(aws_managed_prefix_list_id("us-east-1", TOPO_SVC_DYNAMODB, NET_V4), "pl-02cd2c6b");
	ck_assert_str_eq(aws_managed_prefix_list_id("eu-west-1", TOPO_SVC_S3, NET_V4), "pl-6da54004");
	ck_assert_str_eq(aws_managed_prefix_list_id("eu-west-1", TOPO_SVC_DYNAMODB, NET_V4), "pl-6fa54006");
	ck_assert_str_eq(aws_managed_prefix_list_id("us-east-2", TOPO_SVC_S3, NET_V4), "pl-7ba54012");
	ck_assert_str_eq(aws_managed_prefix_list_id("us-west-2", TOPO_SVC_DYNAMODB, NET_V4), "pl-00a54069");
	/* nothing known: the loader makes a synthetic id */
	ck_assert_ptr_null(aws_managed_prefix_list_id("us-east-1", TOPO_SVC_S3, NET_V6));
	ck_assert_ptr_null(aws_managed_prefix_list_id("us-east-1", TOPO_SVC_S3EXPRESS, NET_V4));
	ck_assert_ptr_null(aws_managed_prefix_list_id("af-south-1", TOPO_SVC_S3, NET_V4));
	ck_assert_ptr_null(aws_managed_prefix_list_id(NULL, TOPO_SVC_S3, NET_V4));
	ck_assert_ptr_null(aws_managed_prefix_list_id("us-east-1", TOPO_SVC_NONE, NET_V4));
}
END_TEST

static Suite *awsdata_suite(void)
{
	Suite *s = suite_create("awsdata");
	TCase *tc = tcase_create("core");
	tcase_add_test(tc, test_s3_us_east_1);
	tcase_add_test(tc, test_find_runs);
	tcase_add_test(tc, test_no_ec2_no_global);
	tcase_add_test(tc, test_sorted_canonical_unique);
	tcase_add_test(tc, test_regions);
	tcase_add_test(tc, test_data_date);
	tcase_add_test(tc, test_prefix_list_ids);
	suite_add_tcase(s, tc);
	return s;
}

VPCPATH_CHECK_MAIN(awsdata_suite)
