/* topo.h - the topology model: what a YAML topology (or an AWS import) describes.
 *
 * Ownership: topo_load() returns a topology that owns every object reachable from it
 * (one arena); topo_free() releases everything.  All pointers between objects are
 * borrowed pointers into that arena.
 *
 * Loading happens in two passes: the parser fills the structs with reference texts
 * (struct topo_ref.text with its location); topo_resolve() (run by topo_load) points
 * every reference at its object and validates what AWS would reject.
 */
#ifndef VPCPATH_TOPO_H
#define VPCPATH_TOPO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <cjson/cJSON.h>

#include "vpcpath/addr.h"
#include "vpcpath/diag.h"

struct arena;
struct bytemap;
struct policy;
struct topology;

struct topo_loc {
	uint32_t line, col; /* 1-based; 0 = not from the file (implicit or built-in) */
};

enum topo_kind {
	TOPO_NONE = 0,
	TOPO_VPC,
	TOPO_SUBNET,
	TOPO_ROUTE_TABLE,
	TOPO_SECURITY_GROUP,
	TOPO_NETWORK_ACL,
	TOPO_INTERNET_GATEWAY,
	TOPO_EGRESS_ONLY_IGW,
	TOPO_NAT_GATEWAY,
	TOPO_ENDPOINT,
	TOPO_INSTANCE,
	TOPO_PREFIX_LIST,
	TOPO_VPN_GATEWAY,
	TOPO_VPN_CONNECTION,
	TOPO_PEERING,
	TOPO_TRANSIT_GATEWAY,
	TOPO_TGW_ATTACHMENT,
	TOPO_TGW_ROUTE_TABLE,
	TOPO_ON_PREMISES,
	TOPO_BUCKET,
	TOPO_TABLE,
	TOPO_ENI,           /* a network interface as a route target: ptr is its struct
	                     * topo_interface when the topology declares it, else NULL */
	TOPO_UNMODELLED,    /* a known AWS target kind vpcpath does not model (GWLBe …) */
	TOPO_INTERFACE,     /* struct topo_interface (vpcs[].interfaces[], F6.5) */
	TOPO_KIND_COUNT
};

/* "vpc", "subnet", … for messages */
const char *topo_kind_name(enum topo_kind k);

/* A reference to another object by id (or unambiguous name). */
struct topo_ref {
	const char *text;   /* as written; NULL when absent */
	struct topo_loc loc;
	enum topo_kind kind; /* filled by resolve */
	/* The object is not in the data but the topology lists it (or its whole kind) under
	 * `missing:` (F9.7): ptr is NULL, kind is the kind it would have (for a route target
	 * the kind its id prefix names), and topo_missing_of() says what is missing and
	 * which describe command supplies it.  A user of ptr must test this first. */
	bool missing;
	void *ptr;           /* filled by resolve; NULL for a dangling blackhole target and
	                      * for a missing object */
};

struct topo_ref_list {
	struct topo_ref *items;
	size_t len;
};

/* AWS tags (`tags:`), in file order.  Keys are unique; a value is text as written
 * (cost-center: 1234 is "1234"), possibly empty.  Every kind with a name has them;
 * the Name tag, when written here, stays here as well as in the name. */
struct topo_tag {
	const char *key, *value;
	struct topo_loc loc;     /* of the key */
};

struct topo_tags {
	struct topo_tag *items;  /* NULL when the object has none */
	size_t len;
};

/* AWS's limits, in characters: keys 1..128, values 0..256. */
#define TOPO_TAG_KEY_MAX 128
#define TOPO_TAG_VALUE_MAX 256

/* Why s[0..len) cannot be an AWS tag key (or value), for a message such as "tag key
 * ...: <reason>"; NULL when it can.  The loader and the import check with these. */
const char *topo_tag_key_problem(const char *s, size_t len);
const char *topo_tag_value_problem(const char *s, size_t len);
/* The value of tag KEY (compared exactly, as AWS does), NULL when absent. */
const char *topo_tag_value(const struct topo_tags *tags, const char *key);

/* IP protocol number; TOPO_PROTO_ALL is "all"/-1 */
#define TOPO_PROTO_ALL (-1)
#define TOPO_PROTO_ICMP 1
#define TOPO_PROTO_TCP 6
#define TOPO_PROTO_UDP 17
#define TOPO_PROTO_ICMPV6 58

struct topo_ports {
	uint16_t lo, hi; /* inclusive; all = 0..65535 */
};

struct topo_prefix_array {
	struct net_prefix *items;
	struct topo_loc *locs; /* one per item */
	size_t len;
};

enum topo_service {
	TOPO_SVC_NONE = 0,
	TOPO_SVC_S3,
	TOPO_SVC_DYNAMODB,
	TOPO_SVC_S3EXPRESS,
	TOPO_SVC_OTHER
};
const char *topo_service_name(enum topo_service s);

struct topo_prefix_list {
	const char *id, *name;
	struct topo_tags tags;
	int family;                   /* NET_V4 or NET_V6 */
	struct topo_prefix_array cidrs;
	bool cidrs_given;             /* false: an AWS-managed name takes the built-in entries */
	enum topo_service service;    /* from an AWS-managed name, else NONE */
	const char *region;           /* of an AWS-managed list */
	bool builtin;                 /* made from built-in data, not from the file */
	struct topo_loc loc;
};

enum topo_peer_kind { TOPO_PEER_CIDR, TOPO_PEER_PREFIX_LIST, TOPO_PEER_SG };

struct topo_sg_rule {
	int protocol;
	struct topo_ports ports;
	enum topo_peer_kind peer_kind;
	struct net_prefix cidr;  /* TOPO_PEER_CIDR */
	struct topo_ref peer;    /* prefix list or security group */
	const char *description;
	unsigned index;          /* 1-based position in its list */
	struct topo_loc loc;
};

struct topo_sg_rules {
	struct topo_sg_rule *items;
	size_t len;
	bool given; /* the list was written (an absent egress list means allow all, F6.1) */
};

struct topo_vpc;

struct topo_security_group {
	const char *id, *name;
	struct topo_tags tags;
	struct topo_vpc *vpc;
	const char *description;
	bool is_default;
	bool implicit;   /* made because the VPC declared no default SG (F6.2) */
	struct topo_sg_rules ingress, egress;
	struct topo_loc loc;
};

struct topo_nacl_rule {
	unsigned number; /* 1..32766 */
	int protocol;
	struct topo_ports ports;
	struct net_prefix cidr;
	bool allow;
	struct topo_loc loc;
};

struct topo_nacl_rules {
	struct topo_nacl_rule *items; /* sorted by number after load */
	size_t len;
	bool given;
};

struct topo_network_acl {
	const char *id, *name;
	struct topo_tags tags;
	struct topo_vpc *vpc;
	bool is_default;
	bool implicit;
	struct topo_nacl_rules ingress, egress;
	struct topo_loc loc;
};

enum topo_route_origin {
	TOPO_ORIGIN_STATIC,      /* CreateRoute */
	TOPO_ORIGIN_PROPAGATED,  /* EnableVgwRoutePropagation */
	TOPO_ORIGIN_ENDPOINT,    /* added from a gateway endpoint's route_tables (F2.2) */
	TOPO_ORIGIN_LOCAL        /* the implicit local route (F1.6) */
};

struct topo_route {
	bool dest_is_prefix_list;
	struct net_prefix dest;    /* when !dest_is_prefix_list */
	struct topo_ref dest_pl;   /* when dest_is_prefix_list */
	struct topo_ref target;    /* kind/ptr filled by resolve; "local" has kind VPC */
	bool blackhole;            /* state: blackhole (F1.8) */
	enum topo_route_origin origin;
	struct topo_loc loc;
};

struct topo_route_table {
	const char *id, *name;
	struct topo_tags tags;
	struct topo_vpc *vpc;
	bool is_main;
	bool implicit;             /* made because the VPC declared no main table */
	struct topo_ref_list propagating_vgws;
	struct topo_route *routes; /* after resolve: local routes first, then as written,
	                            * then endpoint routes */
	size_t nroutes;
	struct topo_loc loc;
};

struct topo_subnet {
	const char *id, *name;
	struct topo_tags tags;
	struct topo_vpc *vpc;
	struct net_prefix cidr;
	bool has_cidr;
	struct net_prefix ipv6_cidr;
	bool has_ipv6;
	bool cidr_invalid;  /* a cidr was written but did not parse (already reported) */
	const char *az, *az_id;
	struct topo_ref route_table_ref, network_acl_ref;
	/* effective (main when not associated); NULL when the associated table is missing
	 * (route_table_ref.missing, F9.7) */
	struct topo_route_table *route_table;
	/* effective (default when not associated); NULL when missing like route_table */
	struct topo_network_acl *network_acl;
	struct topo_loc loc;
};

struct topo_gateway {           /* internet gateway, egress-only IGW, VPN gateway */
	const char *id, *name;
	struct topo_tags tags;
	enum topo_kind kind;
	struct topo_vpc *vpc;       /* attached VPC, NULL when detached */
	struct topo_loc loc;
};

struct topo_nat_gateway {
	const char *id, *name;
	struct topo_tags tags;
	struct topo_vpc *vpc;
	struct topo_ref subnet_ref;
	struct topo_subnet *subnet;
	bool is_public;             /* connectivity: public (default) | private */
	struct net_addr private_ip, public_ip;
	bool has_private_ip, has_public_ip;
	struct topo_loc loc;
};

enum topo_endpoint_type { TOPO_EP_GATEWAY, TOPO_EP_INTERFACE };
enum topo_ip_type { TOPO_IPT_IPV4, TOPO_IPT_IPV6, TOPO_IPT_DUALSTACK };

struct topo_policy {
	cJSON *doc;         /* parsed policy; owned by the topology (freed in topo_free) */
	const char *source; /* file path, or NULL for inline */
	struct topo_loc loc;
	size_t text_len;    /* characters of the policy text (F2.10 limit) */
	/* a policy file: where each statement starts (line, column), for its errors */
	const unsigned (*statement_pos)[2];
	size_t nstatement_pos;
	struct policy *compiled; /* owned by the topology; NULL when invalid */
};

struct topo_endpoint_ip {
	struct topo_ref subnet;
	struct net_addr ip;
};

struct topo_endpoint {
	const char *id, *name;
	struct topo_tags tags;
	struct topo_vpc *vpc;
	enum topo_endpoint_type type;
	enum topo_service service;
	const char *service_name;     /* com.amazonaws.REGION.SERVICE as derived or given */
	const char *service_region;   /* region of the service (default: the VPC's) */
	struct topo_ref_list route_tables; /* gateway */
	struct topo_ref_list subnets;      /* interface */
	struct topo_endpoint_ip *ips;      /* interface: derived when not given */
	size_t nips;
	struct topo_ref_list security_groups;
	bool private_dns, private_dns_only_for_inbound_resolver;
	const char *dns_name;
	enum topo_ip_type ip_address_type;
	struct topo_policy *policy;   /* NULL: the default full-access policy (F2.10) */
	struct topo_loc loc;
};

/* F6.6: only running and pending instances send or receive; a stopped one keeps its
 * addresses (no other interface may have them). */
enum topo_instance_state {
	TOPO_INSTANCE_RUNNING = 0,      /* the default when `state` is absent */
	TOPO_INSTANCE_PENDING,
	TOPO_INSTANCE_STOPPING,
	TOPO_INSTANCE_STOPPED,
	TOPO_INSTANCE_SHUTTING_DOWN,
};
/* "running", "stopped", … as written in the file */
const char *topo_instance_state_name(enum topo_instance_state s);

struct topo_instance {
	const char *id, *name;
	struct topo_tags tags;
	enum topo_instance_state state;
	struct topo_vpc *vpc;
	struct topo_ref subnet_ref;
	struct topo_subnet *subnet;       /* NULL only when the subnet is missing (F9.7) */
	struct net_addr private_ip;
	bool has_private_ip;
	struct net_addr *ipv6_ips;
	size_t nipv6;
	struct net_addr public_ip;
	bool has_public_ip;
	struct topo_ref_list security_groups; /* absent: the VPC default SG */
	const char *role;                     /* principal ARN, may be NULL */
	struct topo_ports ephemeral;          /* default 32768-61000 (F6.4) */
	struct topo_loc loc;
};

/* true when the instance can send and receive (running or pending, F6.6) */
bool topo_instance_active(const struct topo_instance *in);

/* What owns a network interface of vpcs[].interfaces[] (InterfaceType or the
 * description of describe-network-interfaces). */
enum topo_interface_kind {
	TOPO_IF_OTHER = 0,   /* the default: a secondary ENI, an appliance, anything else */
	TOPO_IF_LAMBDA,
	TOPO_IF_RDS,
	TOPO_IF_EFS,
	TOPO_IF_ELB,
	TOPO_IF_ECS,
	TOPO_IF_EKS,
};
/* "lambda", "rds", … "other" */
const char *topo_interface_kind_name(enum topo_interface_kind k);

/* A network interface that is not an instance's primary one (F6.5): another service's
 * (Lambda, RDS, EFS, a load balancer, an ECS task) or an instance's secondary ENI.  It
 * is a source and a destination like an instance, judged by its own security groups.
 * Interface-endpoint and NAT-gateway interfaces are not declared here. */
struct topo_interface {
	const char *id, *name;            /* id eni-…; name optional */
	struct topo_tags tags;
	enum topo_interface_kind kind;
	struct topo_vpc *vpc;
	struct topo_ref subnet_ref;
	struct topo_subnet *subnet;       /* NULL only when the subnet is missing (F9.7) */
	struct net_addr *private_ips;     /* [0] is the primary address; nprivate_ips >= 1 */
	size_t nprivate_ips;
	struct net_addr *ipv6_ips;
	size_t nipv6;
	struct topo_ref_list security_groups; /* always written; may be empty: an interface
	                                       * with no group (a network load balancer's,
	                                       * a requester-managed one) is not filtered
	                                       * by security groups */
	const char *role;                 /* the principal of its requests, may be NULL */
	struct topo_ref instance_ref;     /* a secondary ENI's instance; text NULL if none */
	struct topo_instance *instance;
	struct topo_loc loc;
};

/* Who has an address inside a VPC: built by the loader for every VPC, sorted by
 * address.  The owner kinds are TOPO_INSTANCE (private_ip or an ipv6_ips entry),
 * TOPO_INTERFACE (any of its private_ips or ipv6_ips), TOPO_ENDPOINT (an interface
 * endpoint's ENI: eni is the index into its ips[]) and TOPO_NAT_GATEWAY (its
 * private_ip).  A stopped instance still owns its addresses (F6.6). */
struct topo_addr_owner {
	struct net_addr addr;
	enum topo_kind kind;
	void *obj;                        /* struct topo_instance, topo_interface, … */
	struct topo_subnet *subnet;       /* the subnet the address is in; may be NULL
	                                   * when that subnet is missing (F9.7) */
	size_t eni;                       /* TOPO_ENDPOINT: index into ips[]; else 0 */
	const char *id;                   /* the owner's id, for messages */
};

/* A subnet's CIDR in its VPC's index (topo_vpc_subnet_for_addr) */
struct topo_subnet_cidr {
	struct net_prefix p;
	struct topo_subnet *subnet;
};

struct topo_vpc {
	const char *id, *name;
	struct topo_tags tags;
	const char *region;
	struct topo_prefix_array cidrs, ipv6_cidrs;
	struct topo_ref internet_gateway_ref, eigw_ref, vpn_gateway_ref;
	struct topo_gateway *internet_gateway, *egress_only_igw, *vpn_gateway;
	bool dns_support;

	struct topo_subnet *subnets; size_t nsubnets;
	struct topo_route_table *route_tables; size_t nroute_tables;
	struct topo_gateway *internet_gateways; size_t ninternet_gateways;
	struct topo_nat_gateway *nat_gateways; size_t nnat_gateways;
	struct topo_security_group *security_groups; size_t nsecurity_groups;
	struct topo_network_acl *network_acls; size_t nnetwork_acls;
	struct topo_endpoint *endpoints; size_t nendpoints;
	struct topo_instance *instances; size_t ninstances;
	struct topo_interface *interfaces; size_t ninterfaces;

	/* every address of the VPC's interfaces, sorted (see topo_vpc_addr_owner) */
	struct topo_addr_owner *addr_owners; size_t naddr_owners;
	/* the subnets' CIDRs, both families, sorted (topo_vpc_subnet_for_addr); NULL before
	 * the loader makes it, and when subnets overlap (an error) */
	struct topo_subnet_cidr *subnet_cidrs; size_t nsubnet_cidrs;

	/* Never NULL.  One the file does not declare is made (->implicit) as AWS makes it
	 * for a new VPC; when `missing:` covers that kind for this VPC (route_tables,
	 * security_groups, network_acls), an implicit one stands for data that was not
	 * collected, not for AWS's default: ask topo_missing_of() before trusting it. */
	struct topo_route_table *main_route_table;
	struct topo_security_group *default_sg;
	struct topo_network_acl *default_nacl;
	struct topo_loc loc;
};

struct topo_role {
	const char *arn;
	const char *id;             /* the role's unique id (AROA…, get-role's RoleId), may
	                             * be NULL: with it, aws:userid is known (F7.9) */
	struct topo_tags tags;      /* the role's tags (aws:PrincipalTag/KEY, F7.9) */
	struct topo_policy **policies;
	size_t npolicies;
	struct topo_loc loc;
};

struct topo_bucket {            /* an S3 bucket or a DynamoDB table */
	const char *name;
	struct topo_tags tags;      /* aws:ResourceTag/KEY; a Name tag is only a tag here */
	const char *region, *account;
	bool directory;             /* S3 Express directory bucket */
	const char *zone_id;        /* of a directory bucket, from its name (F4.1) */
	struct topo_policy *policy;
	struct topo_loc loc;
};

struct topo_on_premises {
	const char *id, *name;
	struct topo_tags tags;
	struct topo_prefix_array cidrs;
	struct topo_ref via;
	struct topo_loc loc;
};

struct topo_vpn_connection {
	const char *id, *name;
	struct topo_tags tags;
	struct topo_ref gateway;
	/* F1.13: with static_routes_only the gateway knows exactly static_routes; without
	 * (BGP) the advertised set is unknown.  static_routes_only_given false: the file
	 * does not say which (the tracer must not assume either). */
	bool static_routes_only, static_routes_only_given;
	struct topo_prefix_array static_routes;
	const char *state;
	struct topo_loc loc;
};

struct topo_peering {
	const char *id, *name;
	struct topo_tags tags;
	struct topo_ref requester, accepter;
	const char *status;
	struct topo_loc loc;
};

struct topo_transit_gateway;

/* A peering attachment (F1.14) exists on both transit gateways with one id: a
 * topology may declare it under each (each side associates it with its own route
 * table); the two sides are two objects pointing at each other through peer_side.
 * When the peer gateway is in the topology but declares no side, the loader makes
 * it (implicit; its loc is the declared side's).  topo_find() by id gives the first declared; references
 * inside a transit gateway (associations, propagations, routes) resolve to its own
 * side. */
struct topo_tgw_attachment {
	const char *id, *name;
	struct topo_tags tags;
	struct topo_transit_gateway *tgw;     /* the gateway it is declared under */
	struct topo_ref vpc, vpn, peer_tgw;   /* exactly one is written */
	struct topo_ref_list subnets;
	const char *peer_region;
	const char *state;
	struct topo_tgw_attachment *peer_side; /* peering: the same attachment on the peer
	                                        * gateway; NULL when the peer is not in the
	                                        * topology */
	bool implicit;    /* made on the peer gateway because only one side declared it */
	struct topo_loc loc;
};

struct topo_tgw_route {
	struct net_prefix dest;
	bool dest_is_prefix_list;
	struct topo_ref dest_pl;
	struct topo_ref attachment;   /* text NULL for a blackhole written without one */
	bool blackhole;               /* state: blackhole (F1.14, F1.8) */
	/* type: static (default) or propagated; a route over a peering attachment is
	 * always static (F1.14) */
	enum topo_route_origin origin;
	struct topo_loc loc;
};

struct topo_tgw_route_table {
	const char *id, *name;
	struct topo_tags tags;
	struct topo_ref_list associations, propagations;
	struct topo_tgw_route *routes;
	size_t nroutes;
	struct topo_loc loc;
};

struct topo_transit_gateway {
	const char *id, *name;
	struct topo_tags tags;
	const char *region;
	struct topo_tgw_attachment *attachments; size_t nattachments;
	struct topo_tgw_route_table *route_tables; size_t nroute_tables;
	struct topo_loc loc;
};

struct topo_dns_pin {
	const char *name;             /* lower-case */
	struct net_addr *answers;
	size_t nanswers;
	struct topo_loc loc;
};

struct topo_az {
	const char *name, *id;
	struct topo_loc loc;
};

/* What a snapshot did not collect (`missing:`, F9.7).  A reference to an object the
 * data lacks but an entry covers resolves with topo_ref.missing set instead of being
 * an error.  Plural kinds cover every object of the kind (in one VPC when vpc is set,
 * else everywhere; one object when id is set); the singular kinds name one object. */
enum topo_missing_kind {
	TOPO_MISSING_ROUTE_TABLES,
	TOPO_MISSING_NETWORK_ACLS,
	TOPO_MISSING_SECURITY_GROUPS,
	TOPO_MISSING_SECURITY_GROUP,        /* id required */
	TOPO_MISSING_INTERNET_GATEWAYS,
	TOPO_MISSING_EGRESS_ONLY_IGWS,
	TOPO_MISSING_NAT_GATEWAYS,
	TOPO_MISSING_VPN_GATEWAYS,
	TOPO_MISSING_VPN_CONNECTIONS,
	TOPO_MISSING_TRANSIT_GATEWAYS,
	TOPO_MISSING_TGW_ATTACHMENTS,
	TOPO_MISSING_TGW_ROUTE_TABLES,
	TOPO_MISSING_TGW_ROUTES,            /* id: a transit gateway route table's routes */
	TOPO_MISSING_ENDPOINTS,
	TOPO_MISSING_INSTANCES,
	TOPO_MISSING_NETWORK_INTERFACES,
	TOPO_MISSING_PREFIX_LISTS,
	TOPO_MISSING_PREFIX_LIST,           /* id required: one list's entries */
	TOPO_MISSING_PEERINGS,
	TOPO_MISSING_SUBNETS,
	/* one resource's policy (id: the bucket or table name, the endpoint id): the
	 * resource is there, what its policy says is not known */
	TOPO_MISSING_BUCKET_POLICY,
	TOPO_MISSING_TABLE_POLICY,
	TOPO_MISSING_ENDPOINT_POLICY,
	TOPO_MISSING_ROLE_POLICIES,         /* id: the role's ARN: its identity policies */
	TOPO_MISSING_KIND_COUNT
};

struct topo_missing {
	enum topo_missing_kind kind;
	const char *vpc;        /* scope: a VPC's id; NULL = the whole topology */
	const char *id;         /* one object; NULL = all of the kind (in the scope) */
	/* for messages, made by the loader: what is missing ("security group sg-0564",
	 * "the route tables of vpc-aaaa") and the command that supplies it ("aws ec2
	 * describe-security-groups") */
	const char *what, *command;
	/* reason: plan_unknown: not an uncollected output but a value a Terraform plan
	 * knows only after apply; the trace then says PLAN_UNKNOWN, naming the resource's
	 * Terraform address and attribute when the entry gives them (may be NULL), or
	 * the several resources that are the cause ("A.x, B.y and 3 more", may be NULL) */
	bool plan_unknown;
	bool sensitive;         /* reason plan_sensitive: known, but sensitive in the plan */
	const char *address, *attribute, *causes;
	/* reason: not_in_plan / not_in_state: "plan" or "state": the Terraform input
	 * does not hold it (a resource outside its configuration), so messages say so
	 * in the plan's terms, not with a describe command; NULL otherwise (static) */
	const char *absent_from;
	struct topo_loc loc;
};

/* The word of the file ("route_tables", "security_group", …) and the describe command
 * that supplies the kind; NULL for an out-of-range kind. */
const char *topo_missing_kind_name(enum topo_missing_kind k);
const char *topo_missing_command(enum topo_missing_kind k);
/* The entry of `missing:` that covers an object of the kind (its singular kind covers
 * one object, the plural kind covers them all): an entry matches when its vpc is NULL
 * or equals vpc_id (any entry when vpc_id is NULL), and its id is NULL or equals id.
 * NULL when none (the data is complete as far as the file says).  Borrowed. */
const struct topo_missing *topo_missing_find(const struct topology *t,
					     enum topo_missing_kind kind, const char *vpc_id,
					     const char *id);
/* The same by the kind of a reference (TOPO_SECURITY_GROUP: security_group or
 * security_groups; TOPO_ROUTE_TABLE: route_tables; TOPO_ENI/TOPO_INTERFACE:
 * network_interfaces …); NULL for kinds no describe output lists. */
const struct topo_missing *topo_missing_of(const struct topology *t, enum topo_kind kind,
					   const char *vpc_id, const char *id);

/* accounts[] (F7.9): another account's AWS Organizations id */
struct topo_account {
	const char *id;            /* 12 digits */
	const char *organization;  /* o-…, may be NULL */
	struct topo_loc loc;
};

struct topo_index; /* id/name lookup, private to the loader */
struct topo_vpc_index; /* the VPCs' CIDRs by address, private to model.c */

struct topology {
	struct arena *arena;
	const char *file;       /* as given on the command line ("-" = stdin) */
	const char *dir;        /* directory that policy paths resolve against */
	int version;
	const char *region, *account;
	const char *organization;  /* the account's o-… (F7.9); NULL when not given */
	struct topo_account *accounts; size_t naccounts;
	struct topo_missing *missing; size_t nmissing;
	struct bytemap *missing_index; /* private to model.c: topo_missing_find's index */

	struct topo_prefix_list *prefix_lists; size_t nprefix_lists; /* file + built-in */
	/* private to model.c: topo_service_prefix_list's index, made once the lists are */
	struct bytemap *service_list_index;
	struct topo_az *azs; size_t nazs;
	struct topo_dns_pin *dns; size_t ndns;
	struct topo_vpc *vpcs; size_t nvpcs;
	struct topo_role *roles; size_t nroles;
	struct topo_bucket *buckets; size_t nbuckets;
	struct topo_bucket *tables; size_t ntables;
	struct topo_on_premises *on_premises; size_t non_premises;
	struct topo_vpn_connection *vpn_connections; size_t nvpn_connections;
	struct topo_peering *peerings; size_t npeerings;
	struct topo_transit_gateway *transit_gateways; size_t ntransit_gateways;
	struct topo_gateway *vpn_gateways; size_t nvpn_gateways; /* from vpcs[].vpn_gateway */

	/* some object's Name tag is not its name (a Terraform import: the name is the
	 * address): name lookups then look at Name tags too */
	bool name_tags_apart;
	/* some object's id was made up by the Terraform import (topo_id_made_up): outputs
	 * then show such objects by name, and traces look their names up */
	bool made_up_ids;
	struct topo_loc loc;
	/* an imported topology (-t plan.json, -t SNAPSHOT_DIR): where its objects were
	 * read (origins.h), owned; NULL for a topology file */
	struct import_origins *origins;
	struct policy *default_endpoint_policy; /* F2.10 full access, compiled once */
	struct topo_index *index;
	struct topo_vpc_index *vpc_index;  /* NULL while loading: lookups scan the VPCs */
	struct diag_list warnings; /* load-time warnings (the errors made the load fail) */
	cJSON **owned_json; size_t nowned_json, cap_owned_json;
	/* every compiled policy, once (references to one file share it); freed by topo_free */
	struct policy **owned_policies; size_t nowned_policies, cap_owned_policies;
};

struct topo_load_options {
	bool allow_outside_paths;    /* policy: paths may leave the topology's directory */
	/* limits a real organisation's topology never meets; 0: the default */
	size_t max_file_size;        /* bytes of the file (512 MiB) */
	unsigned max_depth;          /* levels of nesting (64) */
	size_t max_scalar;           /* bytes of one scalar (64 KiB) */
	size_t max_items;            /* list items in the file (5,000,000) */
	size_t max_alias_events;     /* events aliases may replay in all (1,000,000) */
	/* a Terraform plan (JSON) is read as the network before it: its prior state
	 * (`check --baseline-from prior`); any other file is then an error */
	bool terraform_prior;
};

/* Loads and validates FILE ("-" for stdin).  On success returns the topology (caller
 * frees with topo_free) with warnings in topo->warnings; on any error returns NULL and
 * every problem found is in *diags (caller clears). */
struct topology *topo_load(const char *file, const struct topo_load_options *opt,
			   struct diag_list *diags);
/* The same from a buffer; name is used in messages and dir for policy paths. */
struct topology *topo_load_buffer(const char *name, const char *dir, const char *buf,
				  size_t len, const struct topo_load_options *opt,
				  struct diag_list *diags);
void topo_free(struct topology *t);

/* Where loc of t is, for messages: "FILE:LINE:COL" in the topology file (in a), or for
 * an imported topology the place of the resource in the user's file, "FILE:LINE:COL:
 * RESOURCE" (Terraform address or AWS id; owned by t); NULL when loc is no place
 * (line 0). */
const char *topo_where(const struct topology *t, struct topo_loc loc, struct arena *a);

/* Lookups (borrowed results).  By id first, then by name within the kind; a name
 * shared by several objects of the kind gives NULL and *ambiguous = true. */
void *topo_find(const struct topology *t, enum topo_kind kind, const char *id_or_name,
		bool *ambiguous);
/* By id in any kind; *kind receives the kind. */
void *topo_find_id(const struct topology *t, const char *id, enum topo_kind *kind);
/* The location of an object in the topology file (0:0 for implicit objects). */
struct topo_loc topo_object_loc(enum topo_kind kind, const void *obj);

/* ---- names users know (display.c) ----
 * A user knows an object by its id, its name (an AWS Name tag, or in a topology imported
 * from Terraform the resource's address) and its Name tag.  Outputs show an object by
 * topo_display: its name when its id is one an importer made up for a resource not yet
 * created (the id means nothing to anybody), else its id.  JSON keeps ids and adds the
 * name beside them. */
/* The object's name (NULL when it has none or the kind has no names).  Borrowed. */
const char *topo_object_name(enum topo_kind kind, const void *obj);
/* true when name is a Terraform resource address of the AWS provider:
 * [module.M[KEY].]...[data.]aws_TYPE.NAME[KEY]. */
bool topo_name_is_tf_address(const char *name);
/* true when an importer made the id up for a resource not yet created: the AWS prefix,
 * "tf" and a hash in hex (topology.md, "Ids"). */
bool topo_id_made_up(const char *id);
/* What outputs show for the object with this id and name (see above): id or name
 * (borrowed; a is for forms that need building).  NULL only when id is NULL. */
const char *topo_display(const char *id, const char *name, struct arena *a);
/* The same, the name looked up by id; id itself when nothing has it. */
const char *topo_display_name(const struct topology *t, const char *id, struct arena *a);
/* A Terraform address's resource name, without module path, type or key
 * ("node1" for module.k8s.aws_instance.node1[0]): a pointer into address, *len bytes. */
const char *topo_tf_address_last(const char *address, size_t *len);
/* TYPE.NAME[KEY]: the address after its module path (a pointer into address). */
const char *topo_tf_address_resource(const char *address);

/* The prefix list a service uses in a region, of the given family (file's list of the
 * AWS-managed name when present, else the built-in one); NULL when none. */
const struct topo_prefix_list *topo_service_prefix_list(const struct topology *t,
							enum topo_service svc,
							const char *region, int family);
const struct topo_bucket *topo_find_bucket(const struct topology *t, const char *name);
const struct topo_bucket *topo_find_table(const struct topology *t, const char *name);
const struct topo_role *topo_find_role(const struct topology *t, const char *arn_or_name);
/* The subnet (of any VPC) whose CIDR holds the address, NULL when none. */
struct topo_subnet *topo_subnet_for_addr(const struct topology *t, const struct net_addr *a);
/* true when one of the VPC's CIDRs holds the address. */
bool topo_vpc_holds(const struct topo_vpc *vpc, const struct net_addr *a);
/* The subnet of one VPC that holds the address (VPCs may overlap one another). */
struct topo_subnet *topo_vpc_subnet_for_addr(const struct topo_vpc *vpc, const struct net_addr *a);
struct topo_vpc *topo_vpc_for_addr(const struct topology *t, const struct net_addr *a);
/* The owner of an address in one VPC (NULL when no interface there has it).  Stopped
 * instances are owners too; ask topo_instance_active().  Borrowed, O(log n). */
const struct topo_addr_owner *topo_vpc_addr_owner(const struct topo_vpc *vpc,
						  const struct net_addr *a);
/* The same over every VPC; when VPCs that overlap both have an owner of the address,
 * the first is returned and *ambiguous (when not NULL) is set. */
const struct topo_addr_owner *topo_addr_owner(const struct topology *t, const struct net_addr *a,
					      bool *ambiguous);
/* A network interface by id or name (topo_find with TOPO_INTERFACE). */
struct topo_interface *topo_find_interface(const struct topology *t, const char *id_or_name,
					   bool *ambiguous);
/* The AWS Organizations id of an account: the top-level organization for the
 * top-level account, else accounts[]; NULL when not known (F7.9: then the
 * aws:PrincipalOrgID / aws:ResourceOrgID keys are absent, never guessed). */
const char *topo_account_organization(const struct topology *t, const char *account);
/* The AZ id of a subnet (its az_id, else from availability_zones), may be NULL. */
const char *topo_subnet_az_id(const struct topology *t, const struct topo_subnet *s);

#endif
