/* internal.h - the state `vpcpath import aws` shares between its passes (private to
 * src/import/; the public interface is include/vpcpath/import.h).
 *
 * Memory: struct imp owns everything.  Resources (struct res) borrow their JSON from
 * the parsed files (struct src) or from I->owned; strings made during the import
 * (pool_printf, pool_strndup) live in I->pool.  All of it is freed at the end of
 * import_aws_dir(), so functions here return borrowed pointers unless they say
 * otherwise.
 */
#ifndef VPCPATH_IMPORT_INTERNAL_H
#define VPCPATH_IMPORT_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/stat.h>
#include <sys/types.h>

#include <cjson/cJSON.h>
#include <yaml.h>

#include "vpcpath/addr.h"
#include "vpcpath/arena.h"
#include "vpcpath/awsdata.h"
#include "vpcpath/filter.h"
#include "vpcpath/import.h"
#include "vpcpath/policy.h"
#include "vpcpath/topo.h"
#include "vpcpath/util.h"


struct src {
	char *path;          /* as opened and as shown in messages */
	char *rel;           /* relative to the snapshot directory */
	char *text;
	size_t len;
	cJSON *root;
	const char *region;  /* from a path component or the AZ file beside it; may be NULL */
	size_t order;
	/* for messages, built on the first one: where each string first appears, and
	 * where each line starts (a warning per terminated instance must not rescan a
	 * 100 MB describe-instances output) */
	struct strpos { uint32_t off, len; uint64_t hash; } *strs;
	size_t nstrs, capstrs;
	size_t *lines, nlines;
	bool indexed;
	/* where each string of the parsed tree is (src_locate), built on the first one */
	struct ptrpos { const void *p; size_t off; } *ptrs;
	size_t nptrs, capptrs;
	bool ptrs_built;
	size_t skip;         /* a byte order mark before the JSON */
	uint64_t kinds;      /* 1 << rk of each kind read from this file */
	bool more_pages;     /* NextToken/IsTruncated: the listing continues elsewhere */
	size_t skimmed_items; /* items of its lists that were not objects, not parsed (skim.c) */
	/* where root's nodes and strings are, when parsed into an arena (read.c): freed
	 * whole by release_src, never node by node (cJSON_Delete must not see them) */
	struct json_arena *arena;
};

enum rk {
	RK_VPC, RK_SUBNET, RK_RTB, RK_IGW, RK_EIGW, RK_NAT, RK_EP, RK_PL, RK_PL_OLD,
	RK_PL_ENTRIES, RK_SG, RK_SG_RULE, RK_NACL, RK_INST, RK_ENI, RK_EIP, RK_AZ, RK_PCX,
	RK_TGW, RK_TGW_ATT, RK_TGW_VPC_ATT, RK_TGW_PEER_ATT, RK_TGW_RTB, RK_TGW_ROUTES,
	RK_TGW_PROPS, RK_TGW_ASSOCS, RK_VGW, RK_VPN, RK_BUCKET, RK_BUCKET_POLICY, RK_BUCKET_LOC,
	RK_TABLE, RK_TABLE_POLICY, RK_PROFILE, RK_ROLE, RK_VPC_DNS, RK_COUNT
};

_Static_assert(RK_COUNT <= 64, "struct src's kinds is a 64-bit set");

struct res {
	const char *id;      /* borrowed from the JSON, or a pool string */
	const cJSON *j;
	struct src *f;
	size_t seq;          /* order of arrival: the first of duplicates wins */
	bool keep;           /* decided in pass 2 */
	int vpc;             /* index into the VPC list, -1 when none */
	const char *aux;     /* kind-specific: a region, a peer, a role ARN, … */
};

struct reslist {
	struct res *v;
	size_t n, cap;
};

/* an index of a list by a key other than id (VpcId, GroupId, …) */
struct gent {
	const char *key;
	struct res *r;
};

struct group {
	struct gent *v;
	size_t n;
};

struct imp {
	const char *root;
	char *root_real;     /* the snapshot directory with links resolved (realpath) */
	struct dirid { dev_t dev; ino_t ino; } *visited; /* folders read (walk_snapshot) */
	size_t nvisited, capvisited;
	struct diag_list *diags;
	struct src **files;
	size_t nfiles, capfiles;
	struct reslist l[RK_COUNT];
	size_t seq;
	char **pool;         /* strings made here, freed at the end */
	size_t npool, cappool;
	cJSON **owned;       /* JSON made here (stub VPCs, parsed policies) */
	size_t nowned, capowned;
	const char *region;  /* the topology's default region */
	const char *account;
	size_t recognised;   /* files with a key that was read */
	/* by VPC (index into l[RK_VPC]) */
	struct group by_vpc[RK_COUNT];
	struct group sgrules_by_group;
	struct group inst_by_subnet;    /* instances by SubnetId (subnet_az) */
	/* the interfaces endpoints (NetworkInterfaceIds) and NAT gateways
	 * (NatGatewayAddresses) name, sorted: written with them, not as interfaces */
	const char **declared_enis;
	size_t ndeclared_enis;
	/* every "vpce-…" an interface's Description names, with the first such interface,
	 * sorted (decide.c, endpoint_interface) */
	struct endpoint_eni { const char *vpce; size_t len; size_t eni; } *endpoint_enis;
	size_t nendpoint_enis;
	bool have[RK_COUNT]; /* some file of this kind was read */
	/* by VPC: the CIDRs it is written with, n4 IPv4 ones then n6 IPv6 ones */
	struct vnets { struct net_prefix *p; size_t n4, n6; } *nets;
	/* what the snapshot did not collect (F9.7), as the topology's missing: list
	 * (topology.md): a kind of output, optionally scoped to a VPC or an id */
	struct missing {
		const char *kind, *scope, *value;
		/* a Terraform plan's value known only after apply (reason: plan_unknown),
		 * with the resource's address and attribute when one resource is the cause
		 * (terraform.c tf_note_unknown); NULL otherwise */
		bool plan_unknown;
		bool sensitive; /* the value is known but sensitive (reason plan_sensitive) */
		const char *address, *attribute;
		/* more than one resource is the cause (ncauses > 1): address and attribute
		 * are the first's, causes names the first few ("A.x, B.y", a pool string;
		 * terraform_missing.c tf_missing_cause) */
		size_t ncauses;
		const char *causes;
#define MISSING_CAUSES_NAMED 5
	} *missing;
	size_t nmissing, capmissing;
	size_t *missing_slots;   /* an open-addressed index of missing (1 + index; 0: free) */
	size_t nmissing_slots;
	/* references to security groups the snapshot does not hold: one warning per
	 * group, not per resource (flush_group_refs) */
	struct groupref { const char *group, *who, *near; struct src *f; size_t seq; bool kept; }
		*grouprefs;
	size_t ngrouprefs, capgrouprefs;
	/* instances whose role is assumed from their instance profile's name: one warning
	 * per profile, not per instance (flush_assumed_roles) */
	struct assumed { const char *profile, *role; struct res *in; } *assumed;
	size_t nassumed, capassumed;
	/* the AWS CLI reader (never edits a file's tree): parse_file skims out the
	 * values no reader looks at (skim.c), and builds each tree in an arena of its file */
	bool aws_cli_reader;
	/* set by another reader (terraform.c): parse_file builds the tree in an arena of
	 * its file too, and first calls skim_text on the text (len bytes from the byte
	 * order mark on, edited in place: what the reader never reads is blanked; see
	 * tfskim.c) */
	bool arena_tree;
	void (*skim_text)(struct imp *I, char *text, size_t len);
	/* set by a reader other than the AWS CLI one (terraform.c), for what its input
	 * lacks (decide.c missing_files): what the input is called ("the plan"; NULL:
	 * "the snapshot"), and why kind (listed by the AWS CLI command cmd, such as "ec2
	 * describe-network-acls") is lacking for VPC vpc (NULL: in the whole input), as a
	 * static or pool string (NULL function: the AWS CLI reader's "aws CMD output
	 * missing?"); reader is the reader's own state, for it */
	const char *input_name;
	const char *(*missing_advice)(struct imp *I, enum rk kind, const char *cmd,
				      const char *vpc);
	void *reader;
	/* set by a reader other than the AWS CLI one (terraform.c): the comment the
	 * topology starts with */
	const char *header;
	/* when not NULL, import_decide_emit leaves here the source map of what it wrote
	 * (origins.c; the caller frees it with import_origins_free) */
	struct import_origins **origins_out;
};

struct pls {
	struct plinfo *v;
	size_t n;
};

struct tgwatts {
	struct tgwatt *v;
	size_t n;
};

struct ybuf {
	char *p;
	size_t len, cap;
};

struct yem {
	yaml_emitter_t e;
	struct ybuf out;
	bool failed;
};

/* A gateway endpoint's route tables (kept, in its VPC; sorted) and the prefix lists of
 * its service that the loader routes to it there, by family (F2.2). */
struct eptabs {
	const char **ids;
	size_t n;
	const char *pl[2];
};

/* A private address written for an object of one VPC. */
struct addrown {
	struct net_addr a;
	const char *id;
	struct src *f;
};

struct out {
	struct imp *I;
	struct yem *y;
	struct pls *P;
	struct tgwatts *A;
	const char **sub_rtb, **sub_acl; /* by subnet index: explicit associations */
	struct eptabs *ep_tables;        /* by endpoint index */
	struct addrown *addrs;           /* of the VPC being written */
	size_t naddrs, capaddrs;
};

/* The kept members of a VPC-scoped kind, in id order. */
#define FOR_VPC(I, k, vpcid, var)                                                         \
	for (size_t var##_n, var##_i = 0, var##_once = 1; var##_once; var##_once = 0)        \
		for (struct gent *var##_g = group_get(&(I)->by_vpc[k], (vpcid), &var##_n);    \
		     var##_i < var##_n; var##_i++)                                               \
			for (struct res *var = var##_g[var##_i].r; var; var = NULL)          \
				if (var->keep)

/* import.c: passes 2 and 3 on a filled struct imp (any reader's resources): the
 * topology YAML (malloc'd, caller frees) or NULL when errors were added since
 * errors_before; imp_release frees what I holds (not I itself). */
char *import_decide_emit(struct imp *I, size_t errors_before, size_t *len);
/* origins.c: the source map of yaml (what import_decide_emit wrote from I); the
 * caller frees it with import_origins_free. */
struct import_origins *origins_build(struct imp *I, const char *yaml, size_t len);
void imp_release(struct imp *I);

/* What a warning calls the input: "the snapshot", or a reader's own words ("the
 * plan", input_name). */
static inline const char *imp_input(const struct imp *I)
{
	return I->input_name ? I->input_name : "the snapshot";
}

/* core.c */
extern const char *const rk_what[RK_COUNT];
const char *pool_printf(struct imp *I, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
const char *pool_strndup(struct imp *I, const char *s, size_t n);
void own_json(struct imp *I, cJSON *j);
const cJSON *jget(const cJSON *o, const char *k);
const char *jstr(const cJSON *o, const char *k);
bool jbool(const cJSON *o, const char *k, bool dflt);
bool jint(const cJSON *o, const char *k, long *out);
const cJSON *jarr(const cJSON *o, const char *k);
const char *tag_name(const cJSON *o);
const char *jstate(const cJSON *o);
bool state_in(const char *s, const char *const *set);
void offset_loc(const char *text, size_t off, unsigned *line, unsigned *col);
/* The byte offset in cf's text of p, a string, first key or list item of its tree
 * (false: p is not one of them).  Finding many this way and counting lines and
 * columns in one pass is linear where src_locate's column count is not on a long
 * line (a plan's JSON is one line). */
bool src_offset_of(const struct src *cf, const void *p, size_t *off);
/* Where needle is in cf (1:1 and false when it is not there). */
bool src_locate(const struct src *cf, const char *needle, unsigned *line, unsigned *col);
/* What to pass as `near` for a message about o: a string value, or an object (by its
 * first key); NULL for other values. */
const char *obj_near(const cJSON *o);
void imp_warn(struct imp *I, const struct src *f, const char *near, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
/* A warning at an item of a list of f (an object, a string, or a number or literal in a
 * list). */
void imp_warn_item(struct imp *I, const struct src *f, const cJSON *item, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
void imp_error(struct imp *I, const struct src *f, const char *near, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
bool is_aws_id(const char *s, const char *prefix);
bool check_id(struct imp *I, const struct src *f, const char *what, const char *id,
	const char *prefix);
bool parse_cidr(const char *s, struct net_prefix *p);
bool parse_addr(const char *s, struct net_addr *a);
const char *family_name(int family);
bool check_cidr(struct imp *I, const struct src *f, const char *what, const char *s,
	int family, struct net_prefix *out);
bool check_addr(struct imp *I, const struct src *f, const char *what, const char *s,
	int family, struct net_addr *out);
bool check_proto(struct imp *I, const struct src *f, const char *near, const char *what,
	const char *proto, int *num);
bool check_ports(struct imp *I, const struct src *f, const char *near, const char *what,
	int proto, const cJSON *o, const char *lo_key, const char *hi_key,
	long *lo, long *hi, bool *given);
bool region_shaped(const char *s, size_t n);
bool is_az_name(const char *s);
bool is_az_id(const char *s);
bool check_region(struct imp *I, const struct src *f, const char *what, const char *r);
bool valid_table_name(const char *s);
struct res *res_add(struct imp *I, enum rk k, const char *id, const cJSON *j, struct src *f);
int cmp_res(const void *a, const void *b);
void sort_dedupe(struct imp *I, enum rk k);
struct res *res_find_n(struct imp *I, enum rk k, const char *id, size_t n);
struct res *res_find(struct imp *I, enum rk k, const char *id);
/* Every resource of kind k with this id (a kind sort_dedupe keeps several of): *n of
 * them from the returned pointer. */
struct res *res_all(struct imp *I, enum rk k, const char *id, size_t *n);
struct res *res_kept(struct imp *I, enum rk k, const char *id);
struct group group_by(struct imp *I, enum rk k, const char *field);
struct gent *group_get(const struct group *g, const char *key, size_t *n);
bool is_region_name(const char *s, size_t n);
const char *az_region(struct imp *I, const char *az);
size_t path_parts(struct imp *I, const struct src *f, const char **out, size_t max);
const char *id_in_path(struct imp *I, const struct src *f, const char *prefix);
void file_region(struct imp *I, struct src *f);
int vpc_index(struct imp *I, const char *id);
bool addr_in_cidr(const char *cidr, const char *ip);

/* read.c */
int cmp_name(const void *a, const void *b);
/* Records the folder st as read; false when it was read already. */
bool dir_first_visit(struct imp *I, const struct stat *st);
void walk_snapshot(struct imp *I, const char *dirpath, const char *rel, int depth);
bool parse_file(struct imp *I, struct src *f);
/* Frees the arena f->root was parsed into (NULL: nothing). */
void json_arena_free(struct json_arena *a);
void classify(struct imp *I, struct src *f);

/* skim.c: blanks, in the JSON text (len bytes, edited in place), the top-level values
 * no reader looks at (members whose key used() does not name, beyond the first few and
 * a small budget; the items of a top-level list that are not transit gateway route
 * table wrappers; items of a read list that are not objects, beyond the first few). */
struct skim_result {
	size_t blanked;       /* bytes */
	size_t dropped_items; /* items of read lists, not objects, blanked */
};
struct skim_result skim_unread_values(char *text, size_t len,
				      bool (*used)(const char *key, size_t len));

/* decide.c */
void decide_all(struct imp *I);
/* Records that the snapshot lacks kind (scope: "vpc" or "id", value, or NULL, NULL);
 * the same item twice is recorded once.  The strings are borrowed. */
void note_missing(struct imp *I, const char *kind, const char *scope, const char *value);
/* Whether (kind, scope, value) is listed already (note_missing's strings). */
bool missing_listed(const struct imp *I, const char *kind, const char *scope, const char *value);
/* Whether an endpoint or a NAT gateway of the snapshot names interface id. */
bool declared_eni(const struct imp *I, const char *id);
/* The first interface (in l[RK_ENI]) whose Description names endpoint vpce (a whole
 * "vpce-…" word), NULL when none: by the index, not a scan per route. */
struct res *endpoint_interface(const struct imp *I, const char *vpce);
/* Whether a Terraform plan's reader listed (kind, scope, value) as known only after
 * apply (tf_note_unknown): then it is no output the snapshot lacks, and the reader has
 * said why. */
bool missing_plan_unknown(const struct imp *I, const char *kind, const char *scope,
			  const char *value);
/* Writes the missing: list (topology.md), when there is one. */
void emit_missing(struct out *o);

/* terraform_missing.c: the Terraform reader's missing_advice (I->reader is its
 * struct tf). */
const char *tf_missing_advice(struct imp *I, enum rk kind, const char *cmd, const char *vpc);

/* vpc.c */
const char *subnet_cidr(struct res *s);
const char *subnet_ipv6_out(const struct res *s);
void vpc_nets(struct imp *I);
bool in_vpc_cidrs(struct imp *I, int vpc, const struct net_prefix *p, bool v6);
void decide_subnets(struct imp *I);
void check_subnet_overlaps(struct imp *I);
struct res *kept_subnet_in(struct imp *I, const char *id, int vpc);
void own_addr(struct out *o, const char *ip, const char *id, struct src *f);
size_t idx_of(struct imp *I, enum rk k, const struct res *r);
void emit_azs(struct out *o);
const char *subnet_az(struct imp *I, struct res *v, struct res *s);
void emit_vpc(struct out *o, struct res *v);
void subnet_associations(struct imp *I, struct out *o);

/* routes.c */
void emit_route_tables(struct out *o, struct res *v);

/* gateways.c */
void decide_gateways(struct imp *I, enum rk k, const char *att_key);
struct res *vpc_gateway(struct imp *I, enum rk k, int vpc);
void decide_nats(struct imp *I);
bool aws_service(const char *name, const char **svc, const char **region, struct imp *I);
void decide_endpoints(struct imp *I);
void emit_nats(struct out *o, struct res *v);
void gateway_endpoint_tables(struct out *o);
void emit_endpoints(struct out *o, struct res *v);

/* rules.c */
/* A security group a resource names that the snapshot does not hold at all: when
 * missing: is written, it is recorded there (the reference is then kept, F9.7). */
bool group_uncollected(struct imp *I, const char *g);
/* Records that who (e.g. "instance i-1", a pool string) names security group g, which
 * the snapshot does not hold; kept: the reference is written (listed as missing),
 * else dropped.  near is where in f. */
void group_ref_missing(struct imp *I, struct src *f, const char *near, const char *who,
		       const char *g, bool kept);
/* One warning per such group, at its first reference. */
void flush_group_refs(struct imp *I);
void emit_sgs(struct out *o, struct res *v);
void emit_nacls(struct out *o, struct res *v);

/* instances.c */
void decide_instances(struct imp *I);
void emit_instances(struct out *o, struct res *v);
/* One warning per instance profile whose role was assumed by name, at its first
 * instance. */
void flush_assumed_roles(struct imp *I);
void emit_interfaces(struct out *o, struct res *v);

/* prefix_lists.c */
void build_pls(struct imp *I, struct pls *P);
bool pl_ok(struct imp *I, struct pls *P, const char *id);
void mark_pl_references(struct imp *I, struct pls *P);
void check_pls(struct imp *I, struct pls *P);
const char *service_pl_id(struct imp *I, struct pls *P, const char *svc,
	const char *region, int family);
void emit_prefix_lists(struct out *o);

/* transit.c */
void peer_stubs(struct imp *I);
void build_tgwatts(struct imp *I, struct tgwatts *A);
void decide_tgws(struct imp *I, struct tgwatts *A);
void decide_vpns(struct imp *I, struct tgwatts *A);
void emit_vpns(struct out *o);
void emit_peerings(struct out *o);
void emit_tgws(struct out *o);

/* policies.c */
bool valid_bucket_name(const char *s);
void resolve_subjects(struct imp *I, enum rk k, bool table, bool policy);
bool policy_compiles(struct imp *I, const struct src *f, const char *near,
	const cJSON *doc, enum policy_kind kind, const char *what);
/* iam: roles from get-role / list-roles and the roles instance profiles name. */
void emit_roles(struct out *o);
void emit_buckets(struct out *o, enum rk names, enum rk policies, enum rk locations,
	const char *key, const char *namekey);

/* yaml_out.c */
int ybuf_write(void *data, unsigned char *buf, size_t size);
void y_event(struct yem *y, yaml_event_t *ev, int ok);
void y_map(struct yem *y, bool flow);
void y_mend(struct yem *y);
void y_seq(struct yem *y, bool flow);
void y_send(struct yem *y);
void y_str(struct yem *y, const char *s);
void y_section(struct yem *y, size_t *count, const char *key, bool flow);
void y_kstr(struct yem *y, const char *k, const char *v);
void y_kbool(struct yem *y, const char *k, bool v);
void y_klong(struct yem *y, const char *k, long v);
const char *json_number_text(const cJSON *j, char *buf, size_t size);
void y_json(struct yem *y, const cJSON *j);
void y_name_tags(struct imp *I, struct yem *y, const struct res *r, enum rk k,
	const char *name);

#endif
