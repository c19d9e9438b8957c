/* check.c - `vpcpath check` (many flows and the rules, for CI) and `vpcpath diff` (what
 * changed between two topologies): argument parsing and glue; the engine is src/check. */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

#include "common.h"
#include "vpcpath/arena.h"
#include "vpcpath/check.h"
#include "vpcpath/cost.h"
#include "vpcpath/out.h"
#include "vpcpath/outfile.h"
#include "vpcpath/rules.h"
#include "vpcpath/util.h"
#include "vpcpath/yamlread.h"

static const char check_usage[] = "[-t FILE] [ASSERTIONS.yaml] [options]";
static const char diff_usage[] = "OLD.yaml NEW.yaml [ASSERTIONS.yaml] [options]";

static const char check_help[] =
	"usage: vpcpath check [-t FILE] [ASSERTIONS.yaml] [options]\n"
	"\n"
	"Trace every flow the assertions file lists (and, with all_pairs, every instance to\n"
	"every declared bucket and table), hold each to what it expects and to the compliance\n"
	"rules, and report for CI.  Without ASSERTIONS.yaml: all_pairs: true.\n"
	"\n"
	"  -t, --topology FILE    topology (default: the assertions' topology:, then\n"
	"                         $VPCPATH_TOPOLOGY, else ./vpcpath.yaml; - = stdin)\n"
	"  -f, --format FMT       text (default), json, sarif (SARIF 2.1.0), junit (JUnit XML)\n"
	"                         or markdown (a pull-request comment)\n"
	"  -o, --output FILE      write the report to FILE instead of standard output\n"
	"      --rules FILE       compliance rules (default: the assertions' rules:, then\n"
	"                         rules/default.yaml; 'none' disables)\n"
	"      --pricing FILE     prices (default pricing.yaml)\n"
	"      --baseline OLD     also run against topology OLD and list the flows whose\n"
	"                         verdict, path, cost or compliance changed, and the\n"
	"                         findings that are new and that are fixed\n"
	"      --baseline-from prior|after\n"
	"                         prior: read OLD, a Terraform plan's JSON, as the network\n"
	"                         before the plan (its prior state): name the same plan as\n"
	"                         -t and --baseline to see what the plan changes; after\n"
	"                         (default): the network after apply\n"
	"      --fail-on WHAT     any (default): exit 1 on any failure; new: only on a\n"
	"                         failure the baseline did not have (needs --baseline)\n"
	"      --no-grouping      trace every all_pairs flow on its own (slow; for verification)\n"
	"  -j, --jobs N           processes tracing all_pairs (default: one per CPU, at most 8)\n"
	"      --allow-outside-paths  let policy:, topology:, rules: and extends: paths leave\n"
	"                             the directory of the file that names them\n"
	"  -h, --help             this help\n"
	"\n"
	"Exit status: 0 every assertion and every error-severity rule holds (with --fail-on\n"
	"new: no error finding is new), 1 not, 2 error.\n";

static const char diff_help[] =
	"usage: vpcpath diff OLD.yaml NEW.yaml [ASSERTIONS.yaml] [options]\n"
	"\n"
	"Trace the same flows through two topologies and list those whose verdict, path, cost\n"
	"or compliance changed.  The flows are those of ASSERTIONS.yaml (flows: and all_pairs:),\n"
	"or without it every instance to every declared bucket and table.\n"
	"\n"
	"  -f, --format FMT       text (default), json or markdown (a pull-request comment)\n"
	"  -o, --output FILE      write the report to FILE instead of standard output\n"
	"      --rules FILE       compliance rules (default: the assertions' rules:, then\n"
	"                         rules/default.yaml; 'none' disables)\n"
	"      --pricing FILE     prices (default pricing.yaml)\n"
	"      --baseline-from prior|after\n"
	"                         prior: read OLD, a Terraform plan's JSON, as the network\n"
	"                         before the plan (its prior state): diff PLAN.json PLAN.json\n"
	"                         lists what the plan changes; after (default): after apply\n"
	"      --no-grouping      trace every all_pairs flow on its own\n"
	"  -j, --jobs N           processes tracing all_pairs (default: one per CPU, at most 8)\n"
	"      --allow-outside-paths  let policy: paths leave the topologies' directories\n"
	"  -h, --help             this help\n"
	"\n"
	"Exit status: 0 nothing changed, 1 some flow changed, 2 error.\n";

enum { OPT_RULES = 256, OPT_PRICING, OPT_BASELINE, OPT_FAIL_ON, OPT_NO_GROUPING,
       OPT_ALLOW_OUTSIDE, OPT_BASELINE_FROM };

static const struct option check_options[] = {
	{ "topology", required_argument, NULL, 't' },
	{ "format", required_argument, NULL, 'f' },
	{ "output", required_argument, NULL, 'o' },
	{ "rules", required_argument, NULL, OPT_RULES },
	{ "pricing", required_argument, NULL, OPT_PRICING },
	{ "baseline", required_argument, NULL, OPT_BASELINE },
	{ "baseline-from", required_argument, NULL, OPT_BASELINE_FROM },
	{ "fail-on", required_argument, NULL, OPT_FAIL_ON },
	{ "no-grouping", no_argument, NULL, OPT_NO_GROUPING },
	{ "jobs", required_argument, NULL, 'j' },
	{ "allow-outside-paths", no_argument, NULL, OPT_ALLOW_OUTSIDE },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

struct args {
	const char *topology, *format, *output, *rules, *pricing, *baseline;
	bool no_grouping, allow_outside;
	bool fail_on_new;
	bool baseline_prior;     /* --baseline-from prior: OLD is a plan's prior state */
	bool baseline_from_given;
	int jobs;
	const char *pos[4];
	size_t npos;
};

/* Parses argv; returns -1 to go on, else the exit status (help, usage error). */
static int parse(int argc, char **argv, const char *cmd, const char *usage, const char *help,
		 bool is_diff, struct args *a)
{
	int c;
	optind = 1;
	opterr = 0;
	const char *shortopts = is_diff ? ":f:o:j:h" : ":t:f:o:j:h";
	long n;
	while ((c = getopt_long(argc, argv, shortopts, check_options, NULL)) != -1) {
		switch (c) {
		case 't': a->topology = optarg; break;
		case 'f': a->format = optarg; break;
		case 'o': a->output = optarg; break;
		case OPT_RULES: a->rules = optarg; break;
		case OPT_PRICING: a->pricing = optarg; break;
		case OPT_BASELINE: a->baseline = optarg; break;
		case OPT_BASELINE_FROM:
			/* after is what reading a plan means anyway; prior is its prior state */
			if (strcmp(optarg, "prior") != 0 && strcmp(optarg, "after") != 0) {
				cmd_error("%s: --baseline-from: '%s' is not prior or after", cmd, optarg);
				return cmd_usage_error(cmd, usage);
			}
			a->baseline_prior = !strcmp(optarg, "prior");
			a->baseline_from_given = true;
			break;
		case OPT_FAIL_ON:
			if (strcmp(optarg, "any") != 0 && strcmp(optarg, "new") != 0) {
				cmd_error("%s: --fail-on: '%s' is not any or new", cmd, optarg);
				return cmd_usage_error(cmd, usage);
			}
			a->fail_on_new = !strcmp(optarg, "new");
			break;
		case OPT_NO_GROUPING: a->no_grouping = true; break;
		case 'j':
			if (!str_to_long(optarg, 1, 64, &n)) {
				cmd_error("%s: --jobs: '%s' is not a number of processes (1-64)", cmd, optarg);
				return cmd_usage_error(cmd, usage);
			}
			a->jobs = (int)n;
			break;
		case OPT_ALLOW_OUTSIDE: a->allow_outside = true; break;
		case 'h':
			fputs(help, stdout);
			return VPCPATH_EXIT_YES;
		case ':':
			cmd_error("%s: option '%s' needs a value", cmd, argv[optind - 1]);
			return cmd_usage_error(cmd, usage);
		default:
			cmd_error("%s: unknown option '%s'", cmd, argv[optind - 1]);
			return cmd_usage_error(cmd, usage);
		}
	}
	if (is_diff && (a->topology || a->baseline)) {
		cmd_error("diff: %s is not an option of diff (name OLD and NEW as arguments)",
			  a->topology ? "--topology" : "--baseline");
		return cmd_usage_error(cmd, usage);
	}
	if (is_diff && a->fail_on_new) {
		cmd_error("diff: --fail-on is an option of check (check --baseline OLD --fail-on new); "
			  "diff exits 1 when anything changed");
		return cmd_usage_error(cmd, usage);
	}
	if (!is_diff && a->baseline_from_given && !a->baseline) {
		cmd_error("check: --baseline-from needs --baseline PLAN.json (the plan whose prior "
			  "state is the baseline)");
		return cmd_usage_error(cmd, usage);
	}
	if (a->fail_on_new && !a->baseline) {
		/* without a baseline every finding is new: say so rather than gate on all */
		cmd_error("%s: --fail-on new needs --baseline OLD (what the findings are new against)",
			  cmd);
		return cmd_usage_error(cmd, usage);
	}
	size_t max = is_diff ? 3 : 1;
	for (; optind < argc; optind++) {
		if (a->npos == max) {
			cmd_error("%s: unexpected argument '%s'", cmd, argv[optind]);
			return cmd_usage_error(cmd, usage);
		}
		a->pos[a->npos++] = argv[optind];
	}
	if (is_diff && a->npos < 2) {
		cmd_error("diff: OLD and NEW topologies are required");
		return cmd_usage_error(cmd, usage);
	}
	return -1;
}

/* Makes malloc keep freed memory for the next trace instead of handing it back to the
 * kernel after every one (each trace's arena is freed when its answer is recorded):
 * all_pairs runs about twice as fast. */
static void tune_malloc(void)
{
#ifdef __GLIBC__
	mallopt(M_MMAP_THRESHOLD, 4 * 1024 * 1024);
	mallopt(M_TRIM_THRESHOLD, 64 * 1024 * 1024);
	mallopt(M_TOP_PAD, 16 * 1024 * 1024);
#endif
}

struct inputs {
	struct check_assertions *a;
	struct rules *rules;
	struct cost_pricing *pricing;
	const char *rules_file;
	char *rules_path, *pricing_path;
};

/* The assertions, rules and pricing; false after printing every problem. */
static bool load_inputs(const struct args *args, const char *assertions, struct inputs *in)
{
	struct diag_list diags = { 0 };
	if (assertions) {
		in->a = check_assertions_load_ex(assertions, args->allow_outside, &diags);
	} else {
		in->a = check_assertions_default();
	}
	if (!in->a) {
		diag_sort(&diags);
		diag_print(&diags, stderr, 1);
		diag_list_clear(&diags);
		return false;
	}
	const char *rules = args->rules ? args->rules : in->a->rules_file;
	if (rules && !strcmp(rules, "none")) {
		in->rules = rules_none();
		in->rules_file = NULL;
	} else {
		in->rules_path = rules ? xstrdup(rules) : cmd_data_path("rules/default.yaml");
		char *shipped = cmd_data_path("rules");
		in->rules = rules_load_ex(in->rules_path, args->allow_outside, shipped, &diags);
		free(shipped);
		in->rules_file = in->rules_path;
	}
	in->pricing_path = args->pricing ? xstrdup(args->pricing) : cmd_data_path("pricing.yaml");
	in->pricing = cost_pricing_load(in->pricing_path, &diags);
	bool ok = !diags.errors && in->rules && in->pricing;
	diag_print(&diags, stderr, 1);
	diag_list_clear(&diags);
	return ok;
}

static void free_inputs(struct inputs *in)
{
	rules_free(in->rules);
	cost_pricing_free(in->pricing);
	check_assertions_free(in->a);
	free(in->rules_path);
	free(in->pricing_path);
}

/* Flows that cannot be traced are bad input: each located at its from: or to:. */
static bool report_flow_errors(const struct check_report *r)
{
	struct diag_list diags = { 0 };
	for (size_t i = 0; i < r->nflows; i++) {
		const struct check_flow_result *fr = &r->flows[i];
		if (!fr->o.error)
			continue;
		const struct check_flow *fl = fr->flow;
		bool to = !strncmp(fr->failure, "to:", 3);
		/* the message has its "did you mean" (trace's name resolution) */
		diag_add(&diags, DIAG_ERROR, r->a->file, to ? fl->to_line : fl->from_line,
			 to ? fl->to_col : fl->from_col, NULL, "%s", fr->failure);
	}
	/* and an all_pairs that selects nothing */
	for (size_t i = 0; i < r->errors.len; i++) {
		const struct diag *e = &r->errors.items[i];
		diag_add(&diags, e->severity, e->file, e->line, e->col, e->code, "%s", e->message);
	}
	bool any = diags.errors > 0;
	diag_sort(&diags);
	diag_print(&diags, stderr, 1);
	diag_list_clear(&diags);
	return any;
}

/* all_pairs filters that match nothing: a typo, most likely (a warning). */
static void warn_unmatched(const struct check_report *r)
{
	struct diag_list diags = { 0 };
	for (size_t i = 0; i < r->nunmatched; i++) {
		const struct check_pattern *u = r->unmatched[i];
		if (u->tag)
			diag_add(&diags, DIAG_WARNING, r->a->file, u->line, u->col, "all-pairs-filter",
				 "all_pairs: tag '%s: %s' matches nothing in %s", u->tag, u->text,
				 r->t->file);
		else
			diag_add(&diags, DIAG_WARNING, r->a->file, u->line, u->col, "all-pairs-filter",
				 "all_pairs: '%s' matches nothing in %s", u->text, r->t->file);
	}
	diag_print(&diags, stderr, 1);
	diag_list_clear(&diags);
}

/* The old topology (check's --baseline, diff's OLD): with --baseline-from prior, a
 * Terraform plan read as the network before it (its prior_state), so that one plan
 * file gives both sides of the pull-request gate. */
static struct topology *load_old(const char *path, const struct args *args,
				 bool print_warnings)
{
	if (!args->baseline_prior)
		return cmd_load_topology(path, args->allow_outside, print_warnings);
	struct topo_load_options opt = cmd_load_options(args->allow_outside);
	opt.terraform_prior = true;
	return cmd_load_topology_with(path, &opt, print_warnings);
}

/* Finishes the report: rc unless it could not be written (then 2, said on stderr). */
static int close_output(struct outfile *out, int rc)
{
	return outfile_commit(out) ? rc : VPCPATH_EXIT_ERROR;
}

int cmd_check(int argc, char **argv)
{
	if (!cmd_args_safe(argc, argv))
		return VPCPATH_EXIT_ERROR;
	struct args args = { .format = "text" };
	int rc = parse(argc, argv, "check", check_usage, check_help, false, &args);
	if (rc >= 0)
		return rc;
	rc = VPCPATH_EXIT_ERROR;
	struct inputs in = { 0 };
	struct topology *t = NULL, *old = NULL;
	struct check_report *r = NULL, *ro = NULL;
	struct check_diff *d = NULL;
	struct outfile out = { 0 };

	const struct check_output *o = out_check_find(args.format);
	if (!o) {
		cmd_error("check: unknown format '%s' (text, json, sarif, junit or markdown)",
			  args.format);
		goto out;
	}
	if (!outfile_open(&out, args.output))  /* refused now, not after the run */
		goto out;
	tune_malloc();
	if (!load_inputs(&args, args.npos ? args.pos[0] : NULL, &in))
		goto out;
	const char *tpath = args.topology ? args.topology :
			    in.a->topology_file ? in.a->topology_file : cmd_topology_path(NULL);
	bool text = !strcmp(args.format, "text");
	t = cmd_load_topology(tpath, args.allow_outside, text);
	if (args.baseline)
		old = load_old(args.baseline, &args, false);
	if (!t || (args.baseline && !old))
		goto out;

	struct check_options opt = { .pricing = in.pricing, .rules = in.rules,
				     .no_grouping = args.no_grouping, .jobs = args.jobs,
				     .progress = true, .example_traces = o->example_traces,
				     .now = in.a->now, .keep_cells = old != NULL };
	r = check_run(t, in.a, &opt);
	r->rules_file = in.rules_file;
	if (report_flow_errors(r))
		goto out;
	warn_unmatched(r);
	if (old) {
		ro = check_run(old, in.a, &opt);
		ro->rules_file = in.rules_file;
		d = check_diff(ro, r);
		if (args.fail_on_new) {
			r->fail_on_new = true;
			r->passed = d->new_errors == 0;
		}
	}
	struct out_options oo = { .color = text && out.f == stdout && out_want_color(stdout) };
	o->report(out.f, r, d, &oo);
	rc = close_output(&out, r->passed ? VPCPATH_EXIT_YES : VPCPATH_EXIT_NO);
out:
	outfile_discard(&out);
	check_diff_free(d);
	check_report_free(ro);
	check_report_free(r);
	topo_free(old);
	topo_free(t);
	free_inputs(&in);
	return rc;
}

int cmd_diff(int argc, char **argv)
{
	if (!cmd_args_safe(argc, argv))
		return VPCPATH_EXIT_ERROR;
	struct args args = { .format = "text" };
	int rc = parse(argc, argv, "diff", diff_usage, diff_help, true, &args);
	if (rc >= 0)
		return rc;
	rc = VPCPATH_EXIT_ERROR;
	struct inputs in = { 0 };
	struct topology *ta = NULL, *tb = NULL;
	struct check_report *ra = NULL, *rb = NULL;
	struct check_diff *d = NULL;
	struct outfile out = { 0 };

	const struct check_output *o = out_check_find(args.format);
	if (!o || !o->diff) {
		cmd_error("diff: unknown format '%s' (text, json or markdown)", args.format);
		goto out;
	}
	if (!outfile_open(&out, args.output))  /* refused now, not after the run */
		goto out;
	tune_malloc();
	if (!load_inputs(&args, args.npos > 2 ? args.pos[2] : NULL, &in))
		goto out;
	bool text = !strcmp(args.format, "text");
	tb = load_old(args.pos[0], &args, text);
	ta = cmd_load_topology(args.pos[1], args.allow_outside, text);
	if (!ta || !tb)
		goto out;
	struct check_options opt = { .pricing = in.pricing, .rules = in.rules,
				     .no_grouping = args.no_grouping, .jobs = args.jobs,
				     .progress = true, .now = in.a->now, .keep_cells = true };
	rb = check_run(tb, in.a, &opt);
	ra = check_run(ta, in.a, &opt);
	d = check_diff(rb, ra);
	struct out_options oo = { .color = text && out.f == stdout && out_want_color(stdout) };
	o->diff(out.f, d, &oo);
	bool changed = d->nchanges || d->nonly_old_sources || d->nonly_new_sources ||
		       d->nonly_old_dests || d->nonly_new_dests;
	rc = close_output(&out, changed ? VPCPATH_EXIT_NO : VPCPATH_EXIT_YES);
out:
	outfile_discard(&out);
	check_diff_free(d);
	check_report_free(ra);
	check_report_free(rb);
	topo_free(ta);
	topo_free(tb);
	free_inputs(&in);
	return rc;
}
