/* dest.h - private to src/trace: what a DST argument names, and what its host name
 * resolves to from a given source.  Strings live in the trace result's arena. */
#ifndef VPCPATH_DEST_H
#define VPCPATH_DEST_H

#include <stdbool.h>
#include <stddef.h>

#include "vpcpath/topo.h"

struct arena;

/* ---- names (names.c): what a word names, the same at both ends of a flow ---- */

enum named_kind {
	NAMED_NOTHING,       /* no name or id of the topology, not an address */
	NAMED_INSTANCE,      /* an instance id or name */
	NAMED_INTERFACE,     /* a network interface's id (eni-…) or name (F6.5) */
	NAMED_ON_PREMISES,   /* an on_premises id or name */
	NAMED_INTERNET,      /* internet[:ADDRESS] */
	NAMED_ADDRESS,       /* an IPv4 or IPv6 address (each end decides what holds it) */
};

struct named {
	enum named_kind kind;
	const char *id;                            /* the topology's id; "internet" */
	const struct topo_instance *instance;      /* NAMED_INSTANCE */
	const struct topo_interface *interface;    /* NAMED_INTERFACE */
	const struct topo_on_premises *on_premises; /* NAMED_ON_PREMISES */
	struct net_addr ip;                        /* NAMED_ADDRESS, NAMED_INTERNET */
	bool has_ip;
};

/* What word names in t (borrowed pointers into t).  Returns false with a message in err
 * when word is ambiguous (several instances, interfaces or networks have that name: the
 * message lists their ids) or names the internet with something that is not an address; a word
 * that names nothing is kind NAMED_NOTHING (see name_unknown). */
bool name_resolve(const struct topology *t, const char *word, struct named *out, char *err,
		  size_t errlen);
/* The message for a word that names nothing: "nothing in the topology is called X",
 * with "did you mean" when a name, id (or, for a destination, a bucket, table or
 * pinned host) is close.  Strings it makes are allocated in a. */
void name_unknown(const struct topology *t, const char *word, bool destination, struct arena *a,
		  char *err, size_t errlen);
/* The entry of missing: that names word as a source or destination the topology lacks:
 * an instance or network interface by its id or (reason plan_unknown) its Terraform
 * address; NULL when none.  Borrowed. */
const struct topo_missing *name_missing(const struct topology *t, const char *word);

/* A representative host of an on-premises network, the same at both ends: an address
 * inside its first CIDR that is not the network address.  False when it has none. */
bool on_premises_host(const struct topo_on_premises *op, struct net_addr *out);

/* ---- destinations (dest.c) ---- */

struct dest {
	enum topo_service service;  /* NONE: a plain address */
	const char *name;           /* bucket or table, may be NULL */
	const char *key;            /* S3 object key, may be NULL */
	const char *region;
	const char *host;           /* what the client connects to; NULL for an address */
	bool dualstack;
	bool no_private_dns;        /* a name interface endpoints do not serve: the legacy
	                             * global, dash-Region, FIPS and website names (F3.4) */
	const char *access_point;   /* an access point's host label (NAME-ACCOUNT), "" when
	                             * the name has none; its bucket is not known */
	bool control;               /* the S3 control API (s3-control, control.vpce-…) */
	const char *endpoint_service; /* the host is the Regional name of another AWS
	                             * service (sqs, ecr.api …) that an interface endpoint
	                             * of the topology answers with private DNS; else NULL */
	bool express_control;       /* s3express-control.REGION */
	const char *zone_id;        /* S3 Express zonal endpoint / directory bucket AZ id */
	const char *vpce_id;        /* an endpoint-specific name (F3.3) */
	const char *vpce_zone;      /* its AZ for a zonal endpoint-specific name */
	struct net_addr ip;
	bool has_ip;
	int port;                   /* -1: not given in DST */
	struct named named;         /* DST named an instance, an interface, an on-premises
	                             * network or the internet (then ip/has_ip are its
	                             * address; an instance's or interface's is chosen at
	                             * resolution, IPv6 with --ipv6) */
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

/* For dest.c and dns.c: the interface endpoint an endpoint-specific name's label
 * names (NULL when none); the dns: pin of a host (NULL when none); whether some answer
 * is known for d's host (false with a message saying what to declare). */
const struct topo_endpoint *named_endpoint(const struct topology *t, const char *vpce_id);
const struct topo_dns_pin *dns_pin(const struct topology *t, const char *host);
bool some_answer_known(const struct topology *t, const struct dest *d, char *err, size_t errlen);
/* The service ep serves (sqs, ecr.api …) when its private DNS zone answers host: the
 * Regional name SERVICE.REGION.amazonaws.com and the names under it (labels reversed
 * for a dotted service: ecr.api is api.ecr.REGION.amazonaws.com); NULL otherwise.
 * S3 and DynamoDB endpoints are matched by service, not here. */
const char *endpoint_private_name(const struct topo_endpoint *ep, const char *host);

/* The IAM resource ARN of the request. */
const char *dest_resource_arn(const struct topology *t, const struct dest *d, const char *action,
			      struct arena *a);

#endif
