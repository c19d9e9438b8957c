/* terraform.h - `vpcpath import terraform`: the JSON of `terraform show -json` (a saved
 * plan or a state) read into the importer's intermediate resources (internal.h), which
 * the AWS CLI reader's passes 2 and 3 then decide and emit: one model builder for both
 * sources (issue 16 item 5).  Private to src/import/.
 *
 * The reader (terraform.c) recognises the input, flattens modules into one table of
 * resource instances (struct tfinst) with the values they have after apply: prior state
 * overlaid with resource_changes (terraform-notes.md 6.2).  terraform_refs.c rebuilds
 * links that are known only after apply from configuration references (6.4);
 * terraform_res.c turns the AWS provider's resources into AWS CLI-shaped objects.
 *
 * Memory: struct tf borrows everything from the parsed file (struct src, owned by the
 * struct imp) and from the imp's pool; only its instance table (v) is its own.
 */
#ifndef VPCPATH_IMPORT_TERRAFORM_H
#define VPCPATH_IMPORT_TERRAFORM_H

#include "internal.h"
#include "tfskim.h"

enum tfaction {
	TF_STATE,    /* from a state or a plan's prior_state, untouched by the plan */
	TF_NOOP, TF_CREATE, TF_UPDATE, TF_REPLACE, TF_DELETE, TF_FORGET, TF_READ,
};

struct tfinst {
	const char *address;   /* full: module.a["k"].aws_subnet.x[0] */
	const char *module;    /* "" for the root, else module.a["k"] */
	const char *type, *name;
	const char *key;       /* the instance key as written in the address ("[0]",
				* "[\"k\"]"), "" without count or for_each */
	bool data;             /* a data source */
	enum tfaction action;
	bool gone;             /* not in the network after apply (delete) */
	const cJSON *before;   /* the values before the plan (prior state), or NULL */
	const cJSON *after;    /* the values after apply (unknown ones omitted) */
	const cJSON *unknown;  /* after_unknown, or NULL when everything is known */
	const cJSON *sensitive; /* after_sensitive / sensitive_values: true on what is never
				 * written or printed, or NULL */
	const cJSON *cfg;      /* its resource block in configuration, or NULL */
	const char *id;        /* real id, or a synthesised one (topology.md), or NULL */
	bool id_made;          /* id is synthesised: the resource does not exist yet */
	size_t seq;
	void *made;            /* the AWS CLI-shaped object made of it (terraform_res.c) */
	bool part_unknown;     /* made, but a part of it is known only after apply */
	const char *unknown_attr; /* the first link tf_link could not resolve ("vpc_id",
				   * "route.gateway_id"), or NULL */
	const struct tfinst *unknown_by; /* part_unknown because of another resource's
					  * unknown attribute (an aws_route's), or NULL */
	uint64_t stand_ins;    /* of a subnet: stand-in addresses given in it so far */
	/* where tf_elem_attr last was in after_unknown's and the sensitive marks' list
	 * of an element (which callers walk in order): the i-th element is then found
	 * in a step, not by a walk from the start of a list of thousands (rules) */
	struct tfcursor {
		const cJSON *list, *node;
		int i;
	} cursor[2];
	const char *apart_by;  /* of a subnet: what kind of rule or route tells its
				* addresses apart ("route"), or NULL; apart_read once set */
	bool apart_read;
};

struct tf {
	struct imp *I;
	struct src *f;
	const cJSON *variables;     /* root module variables: {NAME: {value}} */
	const cJSON *config;        /* configuration.root_module, or NULL (a state) */
	const cJSON *providers;     /* configuration.provider_config, or NULL */
	bool plan;
	const char *account;        /* the plan's account, when it says (terraform_res.c) */
	struct tfinst *v;           /* sorted by address once read */
	size_t n, cap;
	size_t *byid, nbyid;        /* indexes into v of the instances with an id, by id */
	/* VPCs where a subnet's route table is unknown (terraform_res.c): their main
	 * table is left out too, so that such a subnet's trace says what is unknown */
	/* warnings said once per kind (tf_warn_once): a plan's JSON is one line, and a
	 * warning per resource of a thousand would be noise */
	struct tfrepeat {
		const char *key, *what;
		const struct tfinst *first;
		size_t said, more;
	} *reps;
	size_t nreps;
	const char **rt_unknown_vpcs;
	size_t nrt_unknown;
	bool rt_unknown_all;
	/* why, per VPC (NULL: every VPC), its main table is left out: the first cause
	 * (tf_rt_unknown_because), for the warning and the missing: entry */
	struct tfrtcause {
		const char *vpc, *attr, *why;
		const struct tfinst *by;
	} *rt_causes;
	size_t nrt_causes;
	const char **acl_unknown_vpcs;   /* the same for network ACLs */
	size_t nacl_unknown;
	bool acl_unknown_all;
	/* the CIDRs of every rule and route (terraform_hosts.c), read once at the
	 * first stand-in address: one that lies inside a subnet tells its addresses
	 * apart */
	/* the peers separate rules take out of their groups' refreshed lists
	 * (terraform_rules.c): keys of a bytemap, removed in one pass over the groups */
	struct bytemap *taken;
	struct tfcidr {
		struct net_prefix p;
		const char *what;   /* "security group rule", "network ACL rule", "route" */
	} *cidrs;
	size_t ncidrs;
	bool cidrs_read;
	/* what tfskim.c blanked of the text before the parse: read_changes reads a
	 * change's after for its before where before_is_after says so */
	bool prior_view;
	struct tfskim skim;
};

/* What an attribute of an instance is after apply (terraform-notes.md 6.3). */
enum tfknown { TF_UNSET, TF_KNOWN, TF_UNKNOWN };

/* terraform.c */
enum tfknown tf_attr(const struct tfinst *in, const char *attr, const cJSON **val);
/* As tf_attr, for an attribute of an element of a list attribute (route[2].gateway_id). */
enum tfknown tf_elem_attr(const struct tfinst *in, const char *list, int i,
	const cJSON *elem, const char *attr, const cJSON **val);
const char *tf_str(const struct tfinst *in, const char *attr);   /* known, non-empty */
/* Whether attr is marked sensitive (whole, or an element of it): tf_attr and
 * tf_elem_attr read such a value as known only after apply. */
bool tf_sensitive(const struct tfinst *in, const char *attr);
/* The same for "attr" or "block.attr" (an attribute of a block list's elements: any
 * element's). */
bool tf_path_sensitive(const struct tfinst *in, const char *path);
/* How a message says why the value of path is not read: "is sensitive in the plan
 * (never written or printed)" or "is known only after apply" (static strings). */
const char *tf_unknown_words(const struct tfinst *in, const char *path);
struct tfinst *tf_find(struct tf *T, const char *address);
/* Both set and equal (terraform_res.c). */
bool tf_same(const char *a, const char *b);
/* p at the '[' of an address's count/for_each key ([0], ["a\"b"]): just past its ']',
 * or NULL when the key does not close (terraform_refs.c). */
const char *tf_skip_key(const char *p);
/* The configuration block of a module instance's module (every instance of a module
 * has the same one), or NULL. */
const cJSON *tf_config_module(struct tf *T, const char *module);
/* Records under missing: (note_missing's kind, scope and value) that what it covers
 * is not in the topology because a value is known only after apply (reason
 * plan_unknown: a trace that needs it ends ambiguous, PLAN_UNKNOWN).  in: the resource
 * whose attribute attr is unknown (attr NULL: the link tf_link could not resolve,
 * in->unknown_attr, or in->unknown_by's; with neither, nothing is known only after
 * apply, and the entry is a plain one: not in the plan); in NULL: the entry names no
 * resource; a second resource for the same entry is named beside the first
 * (tf_missing_cause).  An entry already recorded for another reason keeps it. */
void tf_note_unknown(struct tf *T, const struct tfinst *in, const char *attr, const char *kind,
		     const char *scope, const char *value);
/* One more resource (address) whose attribute attr is the cause of entry m: the first
 * is m's address and attribute; the next ones are counted, and the first
 * MISSING_CAUSES_NAMED (internal.h) of all named in m->causes (terraform_missing.c). */
void tf_missing_cause(struct tf *T, struct missing *m, const char *address, const char *attr);
/* Warnings and errors located at the instance's address in the file. */
void tf_warn(struct tf *T, const struct tfinst *in, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* As tf_warn, the first TF_WARN_REPEATS times for key (a pool or static string); later
 * ones are counted and said once by tf_warn_repeats as "N more resources like …: what". */
#define TF_WARN_REPEATS 8
void tf_warn_once(struct tf *T, const struct tfinst *in, const char *key, const char *what,
	const char *fmt, ...) __attribute__((format(printf, 5, 6)));
void tf_warn_repeats(struct tf *T);

/* terraform_region.c: the plan's Region: the default provider's, else the one most
 * VPCs (else resources) are in by their providers; NULL when no provider's is known. */
const char *tf_plan_region(struct tf *T);

/* terraform_refs.c */
/* The id (or ids, for a list attribute) that attribute attr of in links to after
 * apply.  st and val are what the plan says of it (tf_attr, tf_elem_attr): a known
 * value is taken as it is; an unknown one is resolved through the configuration's
 * references of expression cfg_key (attr, or the attribute-as-blocks list that holds
 * it: route, ingress, egress), keeping only instances of the types in `types` (NULL
 * ended; "aws_vpc.default_route_table_id" accepts that attribute of an aws_vpc, and
 * "aws_vpc@default_route_table_id" the aws_vpc itself named through it).
 * Returns the number of ids written to out (at most max; pool or file strings), 0 when
 * unset, or -1 when the link is unknown and cannot be resolved (a warning says so,
 * naming the address and attribute). */
int tf_link(struct tf *T, struct tfinst *in, const char *attr, enum tfknown st,
	const cJSON *val, const char *cfg_key, const char *const *types, bool list,
	const char **out, int max);

/* terraform_res.c */
void tf_make_resources(struct tf *T);

#endif
