/* tfskim.h - before cJSON builds the tree of a Terraform plan or state: the values the
 * Terraform reader never reads are blanked out of the text (tfskim.c).  Private to
 * src/import/; standalone, so that a unit test can hold the skim to its decisions. */
#ifndef VPCPATH_IMPORT_TFSKIM_H
#define VPCPATH_IMPORT_TFSKIM_H

#include <stdbool.h>
#include <stddef.h>

struct tfskim {
	/* by index in resource_changes: 1 where the change's "before" was blanked
	 * because its text is the same as its "after"'s, which is then read for both
	 * (malloc'd, the caller frees; NULL when none was) */
	unsigned char *before_is_after;
	size_t nchanges;
	size_t blanked;  /* bytes of text blanked */
};

/* Blanks, in text (len bytes of JSON, edited in place; every offset and line stays),
 * what terraform.c does not read of it: the plan's sections the view does not read
 * (prior: the plan is read for its prior state), prior_state entries that a change
 * replaces, a change's "before" that is its "after" again, and the values of resource
 * types no reader makes anything of (but their id, arn and owner_id).  Text that is
 * not JSON is left as it is from there on, for cJSON to report. */
struct tfskim tf_skim(char *text, size_t len, bool prior);

/* Whether a reader makes anything of a resource of this type (len bytes, as written in
 * the JSON): the types src/import/terraform*.c name (a unit test holds the list to
 * them). */
bool tf_type_read(const char *type, size_t len);

#endif
