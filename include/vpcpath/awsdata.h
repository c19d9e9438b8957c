/* awsdata.h - AWS data built into the program: service address ranges per region
 * (from AWS's published ip-ranges data, frozen in ../shared/data and turned into
 * src/net/aws_ranges.c by scripts/gen-aws-data) and the AWS-managed prefix-list ids
 * that are documented.
 *
 * Ownership: everything here is static, read-only data; nothing is allocated and
 * nothing needs freeing.  Returned strings live for the whole program.
 */
#ifndef VPCPATH_AWSDATA_H
#define VPCPATH_AWSDATA_H

#include <stdbool.h>
#include <stddef.h>

#include "vpcpath/topo.h"

/* One published range: a prefix of an S3 or DynamoDB address set in a region.  These
 * are the entries of the AWS-managed prefix list com.amazonaws.REGION.s3 or
 * .dynamodb (F2.4).  EC2 ranges and the pseudo-region GLOBAL are not included. */
struct aws_range {
	const char *region;        /* "us-east-1" */
	enum topo_service service; /* TOPO_SVC_S3 or TOPO_SVC_DYNAMODB */
	int family;                /* NET_V4 or NET_V6 (addr.h) */
	const char *prefix;        /* "52.216.0.0/15", canonical (no host bits) */
};

/* Sorted by region (strcmp), service (enum order), family, then numerically by
 * address and prefix length; no duplicates. */
extern const struct aws_range aws_ranges[];
extern const size_t aws_ranges_count;

/* Every region the data file names (for any service, EC2 included), sorted. */
extern const char *const aws_regions[];
extern const size_t aws_regions_count;

/* The data file's createDate ("2022-06-12-21-03-06") and syncToken, for --version and
 * for messages that say how old the built-in ranges are. */
const char *aws_data_create_date(void);
const char *aws_data_sync_token(void);

/* The built-in ranges of (region, svc, family): *first receives the first entry (or
 * NULL) and the return value how many consecutive entries of aws_ranges[] match. */
size_t aws_ranges_find(const char *region, enum topo_service svc, int family,
		       const struct aws_range **first);

/* The AWS-managed prefix list id for (region, service, family), or NULL when no
 * documented id is known: the caller then makes a clearly synthetic id.  Only ids
 * found in AWS documentation or in real describe-prefix-lists output are listed (see
 * the table in awsdata.c for each one's source).  IPv6 and S3 Express lists: none. */
const char *aws_managed_prefix_list_id(const char *region, enum topo_service svc, int family);

/* true when the region appears in the built-in data (exact, case-sensitive match). */
bool aws_region_known(const char *region);

#endif
