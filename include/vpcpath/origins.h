/* origins.h - where the objects of an imported topology come from (issues 16, 17).
 *
 * `-t plan.json` and `-t SNAPSHOT_DIR` load a topology the import wrote in memory; its
 * lines exist in no file.  The import therefore also gives a source map: for each
 * object it wrote (a VPC, subnet, route table, rule holder, instance, bucket, …), the
 * lines of the YAML the object spans, and the place of the resource it was made of in
 * the user's file (the plan JSON, or the describe-*.json file of a snapshot) with the
 * resource's Terraform address or AWS id.  A place inside an object (a route, a rule)
 * is the place of the innermost object holding it.
 *
 * Ownership: the import returns the map (import_aws_dir_located,
 * import_terraform_file_view); the loader hands it to the topology, which frees it in
 * topo_free.  Everything a map points at is its own.
 */
#ifndef VPCPATH_ORIGINS_H
#define VPCPATH_ORIGINS_H

#include <stdbool.h>
#include <stddef.h>

#include "vpcpath/diag.h"

struct import_origins;

struct import_origin {
	const char *file;      /* the input file, as given (relative paths stay relative) */
	unsigned line, col;    /* 1-based place of the resource in file; 0: not known */
	const char *resource;  /* the Terraform address or the AWS id; NULL: none */
	const char *where;     /* "FILE:LINE:COL: RESOURCE" (the parts known), for messages */
};

/* The origin of the object holding line of the imported YAML, or the input as a whole
 * (file only) for a line outside every object; NULL when m is NULL. */
const struct import_origin *import_origin_at(const struct import_origins *m, unsigned line);

/* The origin whose where string is where (as import_origin_at gave it), or NULL. */
const struct import_origin *import_origin_of_where(const struct import_origins *m,
						   const char *where);

/* Rewrites the diagnostics of l from index `from` on that are located in the imported
 * YAML (file equal to yaml_name) to the origin of their line, the message starting
 * with the resource when it does not name it already. */
void import_origins_relocate(const struct import_origins *m, const char *yaml_name,
			     struct diag_list *l, size_t from);

void import_origins_free(struct import_origins *m);

#endif
