/* awsdata.c - lookups over the built-in AWS data; see include/vpcpath/awsdata.h.
 * The ranges themselves are generated into aws_ranges.c. */
#include "vpcpath/awsdata.h"

#include <string.h>

#include "vpcpath/addr.h"

/* AWS-managed prefix-list ids (F2.2: "pl-xxxxxxxx", name com.amazonaws.REGION.SERVICE).
 * The ids differ per region and AWS publishes no table of them, so only ids seen in a
 * source are listed; anything else returns NULL and the loader makes a synthetic id.
 * The same id can name different lists in different regions (pl-78a54011 is S3 in
 * ap-northeast-2 and DynamoDB in ap-northeast-1), so a lookup always takes the region.
 *   [V]  AWS documentation: the EC2 DescribePrefixLists examples in the AWS SDK code
 *        library (docs.aws.amazon.com/code-library/.../ec2_example_ec2_DescribePrefixLists_section)
 *        show pl-63a5400a (us-east-1 s3), pl-6da54004 (eu-west-1 s3) and
 *        pl-6fa54006 (eu-west-1 dynamodb).
 *   [3P] Third-party copies of `aws ec2 describe-prefix-lists` / describe-managed-
 *        prefix-lists output and CloudFormation region maps built from it; listed only
 *        when at least two independent sources agree on (region, service) and none of
 *        them is a real listing that contradicts it. */
struct aws_pl_id {
	const char *region;
	enum topo_service service;
	const char *id;
};

static const struct aws_pl_id aws_pl_ids[] = {
	{ "ap-northeast-1", TOPO_SVC_S3, "pl-61a54008" },       /* [3P] */
	{ "ap-northeast-1", TOPO_SVC_DYNAMODB, "pl-78a54011" }, /* [3P] */
	{ "ap-southeast-2", TOPO_SVC_S3, "pl-6ca54005" },       /* [3P] */
	{ "ap-southeast-2", TOPO_SVC_DYNAMODB, "pl-62a5400b" }, /* [3P] */
	{ "ca-central-1", TOPO_SVC_S3, "pl-7da54014" },         /* [3P] */
	{ "ca-central-1", TOPO_SVC_DYNAMODB, "pl-4ea54027" },   /* [3P] */
	{ "eu-central-1", TOPO_SVC_S3, "pl-6ea54007" },         /* [3P] */
	{ "eu-central-1", TOPO_SVC_DYNAMODB, "pl-66a5400f" },   /* [3P] */
	{ "eu-west-1", TOPO_SVC_S3, "pl-6da54004" },            /* [V] */
	{ "eu-west-1", TOPO_SVC_DYNAMODB, "pl-6fa54006" },      /* [V] */
	{ "us-east-1", TOPO_SVC_S3, "pl-63a5400a" },            /* [V], also topology.md */
	{ "us-east-1", TOPO_SVC_DYNAMODB, "pl-02cd2c6b" },      /* [3P] */
	{ "us-east-2", TOPO_SVC_S3, "pl-7ba54012" },            /* [3P] */
	{ "us-east-2", TOPO_SVC_DYNAMODB, "pl-4ca54025" },      /* [3P] */
	{ "us-west-1", TOPO_SVC_S3, "pl-6ba54002" },            /* [3P] */
	{ "us-west-2", TOPO_SVC_S3, "pl-68a54001" },            /* [3P] */
	{ "us-west-2", TOPO_SVC_DYNAMODB, "pl-00a54069" },      /* [3P] */
};

const char *aws_managed_prefix_list_id(const char *region, enum topo_service svc, int family)
{
	/* the ids above are of the IPv4 lists; the IPv6 lists (F2.6) have ids of their
	 * own that no source we have shows */
	if (!region || family != NET_V4)
		return NULL;
	for (size_t i = 0; i < sizeof(aws_pl_ids) / sizeof(aws_pl_ids[0]); i++)
		if (aws_pl_ids[i].service == svc && strcmp(aws_pl_ids[i].region, region) == 0)
			return aws_pl_ids[i].id;
	return NULL;
}

/* Orders (region, service, family) the way aws_ranges[] is sorted. */
static int aws_key_cmp(const struct aws_range *e, const char *region, enum topo_service svc,
		       int family)
{
	int c = strcmp(e->region, region);
	if (c)
		return c;
	if (e->service != svc)
		return e->service < svc ? -1 : 1;
	if (e->family != family)
		return e->family < family ? -1 : 1;
	return 0;
}

size_t aws_ranges_find(const char *region, enum topo_service svc, int family,
		       const struct aws_range **first)
{
	*first = NULL;
	if (!region)
		return 0;
	/* lower bound by binary search, then count the run */
	size_t lo = 0, hi = aws_ranges_count;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (aws_key_cmp(&aws_ranges[mid], region, svc, family) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	size_t n = 0;
	while (lo + n < aws_ranges_count && aws_key_cmp(&aws_ranges[lo + n], region, svc, family) == 0)
		n++;
	if (n)
		*first = &aws_ranges[lo];
	return n;
}

bool aws_region_known(const char *region)
{
	if (!region)
		return false;
	size_t lo = 0, hi = aws_regions_count;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(aws_regions[mid], region);
		if (c == 0)
			return true;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return false;
}
