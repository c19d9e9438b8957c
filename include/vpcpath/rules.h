/* rules.h - compliance rules checked against a traced flow (cli.md "Compliance
 * rules"): each rule gives pass, fail or n/a with a message that says what to change;
 * a flow is compliant when no enabled error-severity rule fails.
 *
 * The rules module reads only the facts of a finished trace (and its cost, so
 * rules_apply() runs after cost_apply()), never the topology, and fills r->compliance.
 *
 * Rules file (the *.yaml files in configs/rules):
 *
 *   extends: default.yaml          # optional; relative to this file's directory
 *   rules:
 *     - { id: private-path, severity: error, enabled: true }
 *     - { id: max-cost-per-gb, severity: warning, max: 0.01 }
 *
 * Per rule: id (a built-in id, required), severity (error | warning), enabled (true |
 * false), max (USD per GB, max-cost-per-gb only).  A key left out keeps the value of
 * the file extended (or the built-in default: private-path and tls-only are errors,
 * the others warnings; enabled: true; max: 0.02).  A rule is checked only when some
 * file in the chain lists it.  An id may appear once per file; a file that extends
 * another overrides the rules it lists by id.  `extends` chains are followed up to 8
 * deep; a cycle is an error.  Unknown keys, ids and severities are located errors.
 *
 * Ownership: rules_load() and rules_none() return a rule set the caller frees with
 * rules_free().  The file name is borrowed by the diagnostics; names of extended files
 * are kept by the module until the program exits, so diagnostics about them stay valid.
 * rules_apply() allocates everything it adds to the result from r->arena.
 */
#ifndef VPCPATH_RULES_H
#define VPCPATH_RULES_H

#include <stdbool.h>
#include <stddef.h>

#include "vpcpath/diag.h"
#include "vpcpath/trace.h"

struct rules;

/* Loads FILE (following `extends`).  NULL on any error, every problem added to *diags
 * as FILE:LINE:COL. */
struct rules *rules_load(const char *file, struct diag_list *diags);
/* The same; every `extends:` must stay inside the directory of FILE (symbolic links
 * resolved) or trusted_dir (the installed rules, may be NULL) unless
 * allow_outside_paths.  The plain form confines to FILE's directory. */
struct rules *rules_load_ex(const char *file, bool allow_outside_paths, const char *trusted_dir,
			    struct diag_list *diags);
/* The empty rule set of `--rules none`: nothing is evaluated. */
struct rules *rules_none(void);
void rules_free(struct rules *rs);

/* Fills r->compliance.  evaluated = true and one result per enabled rule, in the
 * order of rules_builtin_ids; with rules_none() (or rs == NULL) evaluated = false and
 * compliant = true.  Rules judge the path a flow takes: a flow that is unreachable,
 * denied or ambiguous (or has no path) is not judged (judged = false, compliant =
 * false, every rule n/a with "not evaluated" as its message); exits-model is judged up
 * to the edge of the model.  A name whose addresses part ways (splits) is judged on
 * the outcomes that arrive, each on its own; a rule fails when it fails for any. */
void rules_apply(const struct rules *rs, struct trace_result *r);

/* The word every output prints for a flow's compliance: "compliant",
 * "non-compliant", "not evaluated" (judged is false), or NULL when no rules were
 * applied.  A static string. */
const char *rules_compliance_word(const struct trace_compliance *c);

/* The built-in rule ids in report order, NULL-terminated; and a one-line description
 * of each (for SARIF rule metadata and help), NULL for an unknown id. */
extern const char *const rules_builtin_ids[];
const char *rules_describe(const char *id);

#endif
