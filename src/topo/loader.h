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

#endif
