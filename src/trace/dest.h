/* dest.h - private to src/trace: what a DST argument names, and what its host name
 * resolves to from a given source.  Strings live in the trace result's arena. */
#ifndef VPCPATH_DEST_H
#define VPCPATH_DEST_H

#include <stdbool.h>
#include <stddef.h>

#include "vpcpath/topo.h"

struct arena;

struct dest {
	enum topo_service service;  /* NONE: a plain address */
	const char *name;           /* bucket or table, may be NULL */
	const char *key;            /* S3 object key, may be NULL */
	const char *region;
	const char *host;           /* what the client connects to; NULL for an address */
	bool dualstack;
	bool legacy_global;         /* s3.amazonaws.com (F3.4: no interface endpoint) */
	bool express_control;       /* s3express-control.REGION */
	const char *zone_id;        /* S3 Express zonal endpoint / directory bucket AZ id */
	const char *vpce_id;        /* an endpoint-specific name (F3.3) */
	const char *vpce_zone;      /* its AZ for a zonal endpoint-specific name */
	struct net_addr ip;
	bool has_ip;
	int port;                   /* -1: not given in DST */
	const struct topo_bucket *decl; /* the declared bucket or table */
};

/* Parses DST (and --host).  Returns false with a message in err. */
bool dest_parse(const struct topology *t, const char *text, const char *host_override,
		struct arena *a, struct dest *out, char *err, size_t errlen);

enum dns_source { DNS_PINNED, DNS_SERVICE_RANGE, DNS_PRIVATE_ENDPOINT, DNS_ENDPOINT_NAME,
		  DNS_LITERAL };

struct dns_answer {
	struct net_addr ip;
	enum dns_source source;
	const struct topo_endpoint *endpoint;       /* private DNS or endpoint-specific name */
	const struct topo_prefix_list *prefix_list; /* DNS_SERVICE_RANGE */
};

/* Resolves d->host as seen from a client in src_vpc (NULL: outside every VPC) in AZ
 * src_az.  inbound_resolver: the query comes from on premises through a Route 53
 * Resolver inbound endpoint in src_vpc, so "private DNS only for inbound resolver"
 * endpoints answer too (F3.4).  prefer_v6 picks AAAA answers
 * of dual-stack names.  Returns false with a message when nothing answers. */
bool dest_resolve(const struct topology *t, const struct dest *d, const struct topo_vpc *src_vpc,
		  const char *src_az, bool prefer_v6, bool inbound_resolver, struct dns_answer *out,
		  char *err, size_t errlen);

/* The IAM resource ARN of the request. */
const char *dest_resource_arn(const struct topology *t, const struct dest *d, const char *action,
			      struct arena *a);

#endif
