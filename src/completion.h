/* completion.h - private to src/completion.c: the data `vpcpath completion` writes its shell
 * scripts from.  completion_commands is generated at build time by
 * scripts/gen-completion out of the command table (src/main.c), the getopt_long tables
 * and the help texts of the
 * files of src/cmd; it is static data nobody frees. */
#ifndef VPCPATH_COMPLETION_H
#define VPCPATH_COMPLETION_H

#include <stddef.h>

struct completion_option {
	const char *name;     /* the long name, without "--" */
	char short_name;      /* 'f' for -f, or '\0' */
	int argument;         /* 0 none, 1 required, 2 optional (getopt's has_arg) */
	const char *values;   /* the values it takes, space-separated (formats, kinds),
	                       * or NULL: anything (a file, an address, a name) */
};

struct completion_command {
	const char *name;
	const char *summary;
	const struct completion_option *options;  /* ends with a NULL name */
	const char *const *subcommands;           /* ends with NULL ("aws", "terraform") */
};

/* Every command of the command table, in its order; ends with a NULL name. */
extern const struct completion_command completion_commands[];

#endif
