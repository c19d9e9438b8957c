/* cost-int.h - what the pricing file loader (pricing.c) and the pricer (cost.c)
 * share: the figures a Region gives and the loaded table.  Not a public interface. */
#ifndef VPCPATH_COST_INT_H
#define VPCPATH_COST_INT_H

#include <stdbool.h>
#include <stddef.h>

#include "vpcpath/cost.h"

/* The region whose prices stand in for a region the pricing file lacks, unless the
 * file's fallback_region: names another. */
#define COST_FALLBACK_REGION "us-east-1"

enum cost_key {
	COST_NAT_PER_GB,
	COST_NAT_HOURLY,
	COST_PUBLIC_IPV4_HOURLY,
	COST_IFACE_PER_GB,
	COST_IFACE_HOURLY_PER_AZ,
	COST_GWEP_PER_GB,
	COST_INTER_AZ_PER_GB,
	COST_INTER_REGION_PER_GB,
	COST_INTERNET_EGRESS_PER_GB,
	COST_TGW_PER_GB,
	COST_TGW_ATTACHMENT_HOURLY,
	COST_S3X_UPLOAD_PER_GB,
	COST_S3X_RETRIEVAL_PER_GB,
	COST_VPN_OUT_PER_GB,
	COST_DX_OUT_PER_GB,
	COST_KEY_COUNT
};

/* the key each figure has in the pricing file, by enum cost_key */
extern const char *const cost_key_names[COST_KEY_COUNT];

struct cost_region {
	char *name;
	double price[COST_KEY_COUNT];
	bool set[COST_KEY_COUNT];     /* the file gives it; else it is the fallback's */
	unsigned line, col;
};

struct cost_pricing {
	char *file;
	char *currency;
	double hours_per_month;
	bool inter_az_both_sides;
	char *fallback;               /* fallback_region: us-east-1 unless the file says */
	unsigned fallback_line, fallback_col;
	struct cost_region *regions;
	size_t nregions;
};

/* The region called name, or NULL. */
const struct cost_region *cost_find_region(const struct cost_pricing *p, const char *name);

/* The pricing file as messages name it: its last path component (the installed
 * file's directory says nothing to the reader, and would differ between machines). */
const char *cost_file_name(const struct cost_pricing *p);

#endif
