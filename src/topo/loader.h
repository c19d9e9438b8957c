/* loader.h - private to src/topo: the state shared by the parse (load.c) and the
 * resolve/validate pass (resolve.c). */
#ifndef VPCPATH_LOADER_H
#define VPCPATH_LOADER_H

#include "vpcpath/topo.h"
#include "yreader.h"

struct loader {
	struct topology *t;
	struct arena *a;
	struct yreader r;
	const char *file;
	struct diag_list *diags;
	const struct topo_load_options *opt;
	/* interned strings: ids, references and ARNs repeat thousands of times */
	struct { const char *s; uint64_t hash; } *intern;
	size_t nintern, cap_intern;
	/* the VPC whose objects resolve.c is resolving (the scope of `missing:` entries) */
	const struct topo_vpc *scope;
	/* errors past the cap that loader_error dropped, counted for "… and N more" */
	size_t errors_dropped;
	/* policy files read so far, by the path as written -> index into policy_files_read
	 * (NULL entries: the file was refused, and said so once) */
	struct bytemap *policy_files;
	struct topo_policy **policy_files_read;
	size_t npolicy_files_read, cap_policy_files_read;
	/* compiled policies by (document, kind, gateway endpoint) -> index into
	 * t->owned_policies: a file named by many references is compiled once */
	struct bytemap *compiled;
	/* resolve.c, while one VPC's interface addresses are derived: those taken */
	struct bytemap *used_addrs;
	/* (subnet, first offset) -> index into cursors: where free_address resumes */
	struct bytemap *free_cursor;
	uint64_t *cursors;
	size_t ncursors, cap_cursors;
	/* resolve.c, while one VPC's route tables are checked: its subnet CIDRs */
	struct bytemap *subnet_cidrs;
	/* index entries compared for "did you mean" (topo_index_suggest), bounded */
	size_t suggest_work;
};

/* An arena copy of s[0..n), shared with earlier equal strings. */
const char *loader_intern(struct loader *L, const char *s, size_t n);

void loader_error(struct loader *L, struct topo_loc loc, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void loader_warn(struct loader *L, struct topo_loc loc, const char *code, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/* Parses the document into L->t (reference texts unresolved); false when there was no
 * document to resolve (empty, not a mapping, or a syntax error). */
bool topo_parse(struct loader *L);
/* Resolves references, adds implicit objects, validates; errors go to L->diags. */
void topo_resolve(struct loader *L);
/* Reads and compiles a policy from a JSON text; the text's own line/col are used for
 * JSON syntax errors when from_file. */
struct topo_policy *topo_policy_from_json(struct loader *L, const char *text, size_t len,
					  const char *source, struct topo_loc loc, bool from_file);

/* id/name index (model.c) */
void topo_index_build(struct loader *L);
void topo_index_free(struct topo_index *ix);
void topo_index_add(struct loader *L, enum topo_kind kind, void *obj, const char *id,
		    const char *name, struct topo_loc loc);
/* "did you mean": the id or name of an object of one of the kinds in kinds (bit 1 <<
 * kind) closest to word, as yamlread_suggest measures it; NULL when none is close or
 * the load's budget for suggestions (L->suggest_work, distances computed: a hostile
 * file's thousand bad references must not cost a walk of a huge index each) is
 * spent.  A string of the topology's. */
const char *topo_index_suggest(struct loader *L, uint64_t kinds, const char *word);
/* buckets' and tables' own namespaces: false when name is there, with the first's place */
bool topo_index_resource_name(struct loader *L, enum topo_kind kind, void *obj,
			      const char *name, struct topo_loc loc, struct topo_loc *first);

/* ---- the resolve pass, in three files ------------------------------------------------
 * resolve.c: references, prefix lists, VPC defaults, subnets, routes, endpoints, the
 * pass itself; resolve_iface.c: instances, interfaces, NAT gateways and addresses;
 * resolve_global.c: what is outside VPCs, missing: and accounts. */

/* " (did you mean 'X'?)" for a reference to nothing, X the closest id or name of the
 * kinds (topo_index_suggest); "" when none is close.  In L->a. */
const char *resolve_did_you_mean(struct loader *L, uint64_t kinds, const char *word);
/* The VPC that owns an object of the kind (NULL for kinds outside VPCs). */
struct topo_vpc *object_vpc(enum topo_kind kind, void *obj);
/* Points ref at its object of kind `want` (owned by in_vpc when given); false, with a
 * located error, when it cannot, or without one when `missing:` covers it (then
 * ref->missing is set). */
bool resolve_ref(struct loader *L, struct topo_ref *ref, enum topo_kind want, const char *what,
		 struct topo_vpc *in_vpc);
/* resolve_ref for every entry, and each entry that repeats an earlier one reported */
void resolve_ref_list(struct loader *L, struct topo_ref_list *list, enum topo_kind want,
		      const char *what, struct topo_vpc *in_vpc);
/* AZ ids (use1-az4) and AZ names (us-east-1a) by their shape; a warning when an AZ id
 * is not of the region */
bool loader_az_id_shaped(const char *s);
bool loader_az_name_shaped(const char *s);
void loader_check_az_id_region(struct loader *L, struct topo_loc loc, const char *what,
			       const char *az_id, const char *region);

/* resolve_iface.c */
/* An address given to an interface of subnet s: inside it, not one AWS keeps; false
 * (reported at loc) otherwise. */
bool loader_check_iface_addr(struct loader *L, const struct topo_subnet *s, const char *what,
			     const char *id, const char *key, const struct net_addr *a,
			     struct topo_loc loc);
/* Between begin and end, loader_free_address derives an address of subnet s no
 * interface of the VPC has, searching from offset `from` (false when the subnet is
 * full); derived addresses are taken. */
void loader_addresses_begin(struct loader *L, const struct topo_vpc *vpc);
bool loader_free_address(struct loader *L, const struct topo_subnet *s, uint64_t from,
			 struct net_addr *out);
void loader_addresses_end(struct loader *L);
void resolve_nat(struct loader *L, struct topo_vpc *vpc, struct topo_nat_gateway *n, size_t i);
void resolve_instance(struct loader *L, struct topo_vpc *vpc, struct topo_instance *in);
void resolve_interface(struct loader *L, struct topo_vpc *vpc, struct topo_interface *f);
/* vpc->addr_owners, sorted; two owners of one address are an error */
void loader_build_addr_owners(struct loader *L, struct topo_vpc *vpc);

/* resolve_global.c */
/* Before indexing: the other side of a peering attachment declared on one (F1.14). */
void loader_complete_tgw_peerings(struct loader *L);
/* Before any reference is resolved: check and describe the missing: entries. */
void resolve_missing(struct loader *L);
void resolve_globals(struct loader *L);
void resolve_accounts(struct loader *L);

/* tfsniff.c: the top-level keys of a JSON object file, told without parsing it */
struct tf_sniff {
	bool json_object;   /* the first character past blanks is '{' */
	bool complete;      /* the whole object was read (every top-level key seen) */
	bool format_version, terraform_version, values, planned_values, resource_changes,
	     prior_state;
};
/* Reads fd from offset 0 (pread: the position is left alone), at most max bytes; whole:
 * to the object's end, else only until it is known to be Terraform JSON.  False on a
 * read error (s then says what was seen). */
bool tf_sniff_fd(int fd, size_t max, bool whole, struct tf_sniff *s);
/* `terraform show -json` output: format_version with terraform_version or values */
bool tf_sniff_is_terraform(const struct tf_sniff *s);
/* a plan's (planned_values, resource_changes or prior_state), not a state's */
bool tf_sniff_is_plan(const struct tf_sniff *s);

#endif
