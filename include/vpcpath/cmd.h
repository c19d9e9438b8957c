/* cmd.h - the subcommands (one file each under src/cmd) and the exit codes every command uses
 * (cli.md "Exit status"). */
#ifndef VPCPATH_CMD_H
#define VPCPATH_CMD_H

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

#endif
