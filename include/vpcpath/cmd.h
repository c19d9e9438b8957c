/* cmd.h - the subcommands (one file each under src/cmd) and the exit codes every command uses
 * (cli.md "Exit status"). */
#ifndef VPCPATH_CMD_H
#define VPCPATH_CMD_H

#include <stdbool.h>

enum vpcpath_exit {
	VPCPATH_EXIT_YES = 0,   /* reachable and compliant, valid, allowed, --expect met */
	VPCPATH_EXIT_NO = 1,    /* unreachable, denied, …, --expect not met */
	VPCPATH_EXIT_ERROR = 2, /* the question could not be asked */
};

/* Each takes the arguments after the command name (argv[0] is the command). */
int cmd_trace(int argc, char **argv);
int cmd_check(int argc, char **argv);
int cmd_diff(int argc, char **argv);
int cmd_routes(int argc, char **argv);
int cmd_validate(int argc, char **argv);
int cmd_import(int argc, char **argv);
int cmd_policy(int argc, char **argv);
int cmd_completion(int argc, char **argv);

/* Takes every --color[=WHEN] out of argv (before a "--"), for every command alike:
 * WHEN is auto, always or never; a bare --color is always (as in ls).  The last one
 * given decides (out_set_color_mode).  Shifts the rest of argv down and updates *argc;
 * false (after a message) when WHEN is none of the three. */
bool cmd_take_color_option(int *argc, char **argv);

#endif
