/* import.c - `vpcpath import aws DIR [-o FILE]`: AWS CLI JSON -> topology YAML. */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "vpcpath/import.h"
#include "vpcpath/import_terraform.h"
#include "vpcpath/outfile.h"

static const char import_help[] =
	"usage: vpcpath import aws DIR [-o FILE]\n"
	"       vpcpath import terraform PLAN.json|STATE.json [--prior] [-o FILE]\n"
	"\n"
	"Convert a directory of AWS CLI JSON output (aws ec2 describe-vpcs > vpcs.json, …;\n"
	"scripts/vpcpath-snapshot collects it, one folder per region) into a topology.\n"
	"Files are recognised by their top-level key (Vpcs, Subnets, RouteTables, …), in\n"
	"any folder below DIR.  The topology goes to FILE, or to standard output.\n"
	"'import terraform' reads what 'terraform show -json' prints for a saved plan (the\n"
	"network after apply) or for a state.\n"
	"\n"
	"  -o, --output FILE   write the topology to FILE\n"
	"      --prior         terraform: the network before the plan (its prior state),\n"
	"                      the baseline of check --baseline-from prior\n"
	"\n"
	"Warnings (what was skipped or assumed) go to standard error.\n"
	"Exit status: 0 written, 2 unreadable or invalid input (FILE:LINE:COL: message).\n";

#define IMPORT_USAGE "aws DIR [-o FILE] | terraform FILE [--prior] [-o FILE]"

int cmd_import(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "prior", no_argument, NULL, 'p' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *output = NULL;
	bool prior = false;
	int c;
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":o:h", opts, NULL)) != -1) {
		switch (c) {
		case 'o': output = optarg; break;
		case 'p': prior = true; break;
		case 'h': fputs(import_help, stdout); return VPCPATH_EXIT_YES;
		case ':':
			cmd_error("import: option '%s' needs a file name", argv[optind - 1]);
			return cmd_usage_error("import", IMPORT_USAGE);
		default:
			cmd_error("import: bad option '%s'", argv[optind - 1]);
			return cmd_usage_error("import", IMPORT_USAGE);
		}
	}
	if (optind >= argc) {
		cmd_error("import: which source? ('aws' or 'terraform')");
		return cmd_usage_error("import", IMPORT_USAGE);
	}
	bool terraform = !strcmp(argv[optind], "terraform");
	if (strcmp(argv[optind], "aws") != 0 && !terraform) {
		cmd_error("import: unknown source '%s' ('aws' or 'terraform')", argv[optind]);
		return cmd_usage_error("import", IMPORT_USAGE);
	}
	if (optind + 1 >= argc) {
		if (terraform)
			cmd_error("import terraform: which file? (terraform show -json output)");
		else
			cmd_error("import aws: which directory? (the AWS CLI JSON output to read)");
		return cmd_usage_error("import", IMPORT_USAGE);
	}
	if (optind + 2 < argc) {
		cmd_error("import %s: unexpected argument '%s'", argv[optind], argv[optind + 2]);
		return cmd_usage_error("import", IMPORT_USAGE);
	}
	const char *dir = argv[optind + 1];
	if (prior && !terraform) {
		cmd_error("import aws: --prior reads a Terraform plan's prior state; a snapshot has one "
			  "network");
		return cmd_usage_error("import", IMPORT_USAGE);
	}
	/* the output is opened first: a target that cannot be written is refused before
	 * the import; a failed write leaves no half-written topology (outfile.h) */
	struct outfile out;
	if (!outfile_open(&out, output))
		return VPCPATH_EXIT_ERROR;
	struct diag_list diags = { 0 };
	size_t len = 0;
	char *yaml = terraform ? import_terraform_file_view(dir, prior ? IMPORT_TF_PRIOR :
							    IMPORT_TF_AFTER, &diags, &len, NULL) :
				 import_aws_dir(dir, &diags, &len);
	diag_sort(&diags);
	diag_print(&diags, stderr, 1);
	if (!yaml) {
		if (!diags.errors)
			cmd_error("import %s: %s: nothing imported", argv[optind], dir);
		diag_list_clear(&diags);
		outfile_discard(&out);
		return VPCPATH_EXIT_ERROR;
	}
	diag_list_clear(&diags);
	outfile_write(&out, yaml, len);  /* a failure is reported by the commit */
	free(yaml);
	return outfile_commit(&out) ? VPCPATH_EXIT_YES : VPCPATH_EXIT_ERROR;
}
