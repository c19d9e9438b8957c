/* validate.c - `vpcpath validate`: load a topology and report every problem. */
#include <getopt.h>
#include <string.h>

#include "common.h"
#include "vpcpath/out.h"

static const char validate_help[] =
	"usage: vpcpath validate [-t FILE] [-f text|json] [--allow-outside-paths]\n"
	"\n"
	"Load a topology and report every problem as FILE:LINE:COL: message.\n"
	"Exit status: 0 valid, 2 invalid or unreadable.\n";

int cmd_validate(int argc, char **argv)
{
	if (!cmd_args_safe(argc, argv))
		return VPCPATH_EXIT_ERROR;
	static const struct option opts[] = {
		{ "topology", required_argument, NULL, 't' },
		{ "format", required_argument, NULL, 'f' },
		{ "allow-outside-paths", no_argument, NULL, 'A' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *topology = NULL, *format = "text";
	bool allow_outside = false;
	int c;
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":t:f:h", opts, NULL)) != -1) {
		switch (c) {
		case 't': topology = optarg; break;
		case 'f': format = optarg; break;
		case 'A': allow_outside = true; break;
		case 'h': fputs(validate_help, stdout); return VPCPATH_EXIT_YES;
		default:
			cmd_error("validate: bad option '%s'", argv[optind - 1]);
			return cmd_usage_error("validate", "[-t FILE] [-f text|json]");
		}
	}
	if (optind < argc) {
		/* `vpcpath validate FILE` is what people type; take it as -t FILE */
		if (topology || optind + 1 < argc) {
			cmd_error("validate: unexpected argument '%s'", argv[optind]);
			return cmd_usage_error("validate", "[-t FILE] [-f text|json]");
		}
		topology = argv[optind];
	}
	const struct output *o = out_find(format);
	if (!o) {
		cmd_error("validate: unknown format '%s' (text or json)", format);
		return VPCPATH_EXIT_ERROR;
	}
	const char *path = cmd_topology_path(topology);
	struct diag_list diags = { 0 };
	struct topo_load_options opt = cmd_load_options(allow_outside);
	struct topology *t = topo_load(path, &opt, &diags);
	bool json = !strcmp(format, "json");
	struct out_options oo = { .color = false };
	if (!t) {
		diag_print(&diags, stderr, 1);
		if (json)
			o->validate(stdout, path, false, &diags, &diags, &oo);
		diag_list_clear(&diags);
		return VPCPATH_EXIT_ERROR;
	}
	diag_print(&t->warnings, stderr, 1);
	o->validate(stdout, path, true, &diags, &t->warnings, &oo);
	diag_list_clear(&diags);
	topo_free(t);
	return VPCPATH_EXIT_YES;
}
