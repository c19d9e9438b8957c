/* common.h - private to src/cmd: what every command shares (topology loading with
 * its messages, the data directory, option helpers). */
#ifndef VPCPATH_CMD_COMMON_H
#define VPCPATH_CMD_COMMON_H

#include <stdbool.h>
#include <stdio.h>

#include "vpcpath/cmd.h"
#include "vpcpath/topo.h"

/* -t FILE, else $VPCPATH_TOPOLOGY, else ./vpcpath.yaml */
const char *cmd_topology_path(const char *given);
/* Loads it, printing every error and warning to stderr; NULL on failure.  When json
 * is set, warnings are not printed (the JSON document carries them). */
struct topology *cmd_load_topology(const char *path, bool allow_outside, bool print_warnings);
/* The same with the caller's load options (check's --baseline-from prior). */
struct topology *cmd_load_topology_with(const char *path, const struct topo_load_options *opt,
					bool print_warnings);
/* Path of an installed data file (rules/default.yaml, pricing.yaml): $VPCPATH_DATADIR,
 * then configs/ beside the executable (a build tree), then the install prefix.
 * Returns a malloc'd path (caller frees). */
char *cmd_data_path(const char *rel);
/* Prints "vpcpath: message" to stderr. */
void cmd_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Rejects (with a message) arguments that are not valid UTF-8: they end up in JSON
 * output.  argv[0] is the command name. */
bool cmd_args_safe(int argc, char **argv);
/* The options every command loads a topology with: the limits from
 * $VPCPATH_MAX_FILE_SIZE, $VPCPATH_MAX_DEPTH, $VPCPATH_MAX_SCALAR, $VPCPATH_MAX_ITEMS
 * and $VPCPATH_MAX_ALIAS_EVENTS (unset or invalid: the default). */
struct topo_load_options cmd_load_options(bool allow_outside);
/* Prints "vpcpath CMD: usage…" and returns VPCPATH_EXIT_ERROR. */
int cmd_usage_error(const char *cmd, const char *usage);

#endif
