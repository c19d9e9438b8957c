/* import.h - `vpcpath import aws`: a directory of AWS CLI JSON output -> topology YAML.
 *
 * The directory is read recursively (one subdirectory per region or account is
 * common); each *.json file is recognised by its top-level key (Vpcs, Subnets,
 * RouteTables, …), never by its name.  The result is a topology in the format of
 * topology.md, in a deterministic order (every list sorted by id), with every
 * reference resolved: what the snapshot does not describe is dropped, or turned into
 * what AWS itself shows (a route to a target that is gone is a blackhole, F1.8), with
 * a warning each time.
 *
 * Ownership: the returned text is malloc'd and the caller frees it; diags receives
 * copies of everything it is given (the caller clears it).
 */
#ifndef VPCPATH_IMPORT_H
#define VPCPATH_IMPORT_H

#include <stddef.h>

#include "vpcpath/diag.h"

/* Reads an AWS CLI snapshot directory and returns the topology as YAML text (malloc'd,
 * caller frees; *len set), or NULL with every problem in diags (FILE:LINE:COL).
 * Warnings go to diags as DIAG_WARNING. */
char *import_aws_dir(const char *dir, struct diag_list *diags, size_t *len);

/* import_aws_dir, and when origins is not NULL and the import succeeds, *origins is the
 * source map of the text (include/vpcpath/origins.h; the caller frees it with
 * import_origins_free), else NULL. */
struct import_origins;
char *import_aws_dir_located(const char *dir, struct diag_list *diags, size_t *len,
			     struct import_origins **origins);

#endif
