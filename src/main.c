/* main.c - the subcommand table (scripts/gen-completion reads it too), the options of
 * every command (--color), and the check that standard output was written. */
#include <stdio.h>
#include <string.h>

#include "vpcpath/awsdata.h"
#include "vpcpath/cmd.h"
#include "vpcpath/outfile.h"
#include "vpcpath/util.h"

struct command {
	const char *name;
	int (*run)(int argc, char **argv);
	const char *summary;
};

static int cmd_help(int argc, char **argv);

static const struct command commands[] = {
	{ "trace", cmd_trace, "trace one flow, hop by hop" },
	{ "check", cmd_check, "many flows and the compliance rules, for CI" },
	{ "diff", cmd_diff, "flows whose answer changed between two topologies" },
	{ "routes", cmd_routes, "effective route tables" },
	{ "validate", cmd_validate, "load a topology, report every problem" },
	{ "import", cmd_import, "topology YAML (import aws DIR, import terraform PLAN.json)" },
	{ "policy", cmd_policy, "evaluate or lint an IAM policy (policy eval …, policy lint …)" },
	{ "completion", cmd_completion, "shell completion script (completion bash|zsh)" },
	{ "help", cmd_help, "help on a command" },
};


static void usage(FILE *f)
{
	fputs("usage: vpcpath COMMAND [options]\n\ncommands:\n", f);
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		fprintf(f, "  %-10s %s\n", commands[i].name, commands[i].summary);
	fputs("\nevery command: --color=auto|always|never (auto: colour a terminal only)\n"
	      "'vpcpath COMMAND --help' for a command's options; 'man vpcpath' for all.\n"
	      "Exit status: 0 yes, 1 no, 2 the question could not be asked.\n", f);
}

static const struct command *find(const char *name)
{
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (!strcmp(commands[i].name, name))
			return &commands[i];
	return NULL;
}

static int cmd_help(int argc, char **argv)
{
	if (argc < 2) {
		usage(stdout);
		return VPCPATH_EXIT_YES;
	}
	const struct command *c = find(argv[1]);
	if (!c || c->run == cmd_help) {
		fputs("vpcpath: no help for '", stderr);
		fputs_escaped(argv[1], stderr);  /* an argument: escaped like any text */
		fputs("'\n", stderr);
		return VPCPATH_EXIT_ERROR;
	}
	char help[] = "--help";
	char *args[] = { argv[1], help, NULL };
	return c->run(2, args);
}

static int run_command(int argc, char **argv)
{
	if (argc < 2) {
		usage(stderr);
		return VPCPATH_EXIT_ERROR;
	}
	const char *name = argv[1];
	if (!strcmp(name, "--help") || !strcmp(name, "-h")) {
		usage(stdout);
		return VPCPATH_EXIT_YES;
	}
	if (!strcmp(name, "--version")) {
		printf("vpcpath %s (AWS ranges of %s)\n", VPCPATH_VERSION, aws_data_create_date());
		return VPCPATH_EXIT_YES;
	}
	const struct command *c = find(name);
	if (c)
		return c->run(argc - 1, argv + 1);
	/* commands match exactly; a near miss gets a suggestion, never a guess */
	const char *hint = NULL;
	unsigned best = 3;
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++) {
		unsigned d = str_edit_distance(name, commands[i].name);
		if (d < best) {
			best = d;
			hint = commands[i].name;
		}
	}
	fputs("vpcpath: unknown command '", stderr);
	fputs_escaped(name, stderr);
	if (hint)
		fprintf(stderr, "' (did you mean '%s'?)\n", hint);
	else
		fputs("'\n", stderr);
	usage(stderr);
	return VPCPATH_EXIT_ERROR;
}

int main(int argc, char **argv)
{
	outfile_std_fds_open();
	/* --color is every command's option, given before the command or after it */
	int rc = cmd_take_color_option(&argc, argv) ? run_command(argc, argv) : VPCPATH_EXIT_ERROR;
	/* whatever the answer, it is no answer if it was not written (a full disk, a
	 * closed standard output) */
	if (!outfile_stdout_close())
		rc = VPCPATH_EXIT_ERROR;
	return rc;
}
