/* import_terraform.h - `vpcpath import terraform`: the JSON that `terraform show -json`
 * prints for a saved plan or a state -> topology YAML (the network after apply).
 *
 * Ownership: the returned text is malloc'd and the caller frees it; diags receives
 * copies of everything it is given (the caller clears it).
 */
#ifndef VPCPATH_IMPORT_TERRAFORM_H_PUBLIC
#define VPCPATH_IMPORT_TERRAFORM_H_PUBLIC

#include <stddef.h>

#include "vpcpath/diag.h"

/* Reads FILE (plan or state JSON) and returns the topology as YAML text (malloc'd,
 * caller frees; *len set), or NULL with every problem in diags (FILE:LINE:COL).
 * Inputs that are not show -json output (a binary plan, a `terraform plan -json` log
 * stream, CI-wrapped output, an errored plan) are errors that say what to run. */
char *import_terraform_file(const char *path, struct diag_list *diags, size_t *len);

/* Which network of a plan: after apply (prior state overlaid with the changes, what
 * import_terraform_file reads), or before it: the plan's prior_state alone (`check
 * --baseline-from prior`).  A state has one network: it is both. */
enum import_terraform_view { IMPORT_TF_AFTER, IMPORT_TF_PRIOR };

/* import_terraform_file for view; IMPORT_TF_PRIOR of a plan without a prior state (a
 * configuration never applied) is an empty network (no VPCs), with a warning.  When
 * origins is not NULL, *origins is the source map of the text as import_aws_dir_located
 * gives it (NULL when the import fails). */
struct import_origins;
char *import_terraform_file_view(const char *path, enum import_terraform_view view,
				 struct diag_list *diags, size_t *len,
				 struct import_origins **origins);

#endif
