/* trace.c - `vpcpath trace`: argument parsing and glue; the engine is src/trace. */
#include <getopt.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "vpcpath/arena.h"
#include "vpcpath/cost.h"
#include "vpcpath/filter.h"
#include "vpcpath/out.h"
#include "vpcpath/outfile.h"
#include "vpcpath/rules.h"
#include "vpcpath/trace.h"
#include "vpcpath/util.h"

static const char trace_usage[] =
	"[-t FILE] --from SRC --to DST [options]";

static const char trace_help[] =
	"usage: vpcpath trace [-t FILE] --from SRC --to DST [options]\n"
	"\n"
	"Trace one flow hop by hop: security groups, network ACLs, route table, gateway or\n"
	"endpoint, policies, and the return path; then its cost and compliance.\n"
	"\n"
	"  -t, --topology FILE    topology (default $VPCPATH_TOPOLOGY, else ./vpcpath.yaml; - = stdin)\n"
	"  -f, --format FMT       text (default), json, dot (Graphviz) or mermaid: the path\n"
	"                         as a picture\n"
	"      --from SRC         instance id or name, address in a subnet\n"
	"      --to DST           s3://BUCKET[/KEY], dynamodb://TABLE, host name, https:// URL,\n"
	"                         or an IPv4/IPv6 address, optionally :PORT\n"
	"      --host NAME        host name the client connects to (with s3:// or dynamodb://)\n"
	"      --port N           destination port (default 443)\n"
	"      --protocol P       tcp (default), udp, icmp, icmpv6, all or a number\n"
	"      --icmp-type T[/C]  ICMP type and code\n"
	"      --source-port N    the client's port (default: its whole ephemeral range)\n"
	"      --action ACTION    IAM action (default s3:GetObject, dynamodb:GetItem, …)\n"
	"      --principal ARN    caller (default: the instance's role)\n"
	"      --context K=V      request context key for policies (repeatable; K= removes;\n"
	"                         a key given again gets another value)\n"
	"      --now TIME         the request time, ISO 8601 (aws:CurrentTime; default\n"
	"                         $SOURCE_DATE_EPOCH, else now)\n"
	"      --session-mode M   S3 Express session mode: ReadOnly or ReadWrite\n"
	"      --ipv6             prefer AAAA answers of dual-stack names\n"
	"      --gb N             monthly volume in GB for the cost estimate\n"
	"      --rules FILE       compliance rules (default rules/default.yaml; 'none' disables)\n"
	"      --pricing FILE     prices (default pricing.yaml)\n"
	"      --expect VERDICT   exit 0 when the verdict is VERDICT (reachable, unreachable,\n"
	"                         denied, ambiguous, exits-model), else 1\n"
	"      --allow-outside-paths  let policy: paths leave the topology's directory\n"
	"  -h, --help             this help\n"
	"\n"
	"Exit status: 0 reachable and compliant (or --expect met), 1 not, 2 error.\n";

enum {
	OPT_FROM = 256, OPT_TO, OPT_PORT, OPT_PROTOCOL, OPT_ICMP, OPT_ACTION, OPT_PRINCIPAL,
	OPT_IPV6, OPT_GB, OPT_RULES, OPT_PRICING, OPT_EXPECT, OPT_CONTEXT, OPT_NOW, OPT_HOST,
	OPT_SOURCE_PORT, OPT_SESSION_MODE, OPT_ALLOW_OUTSIDE,
};

static const struct option trace_options[] = {
	{ "topology", required_argument, NULL, 't' },
	{ "format", required_argument, NULL, 'f' },
	{ "from", required_argument, NULL, OPT_FROM },
	{ "to", required_argument, NULL, OPT_TO },
	{ "port", required_argument, NULL, OPT_PORT },
	{ "protocol", required_argument, NULL, OPT_PROTOCOL },
	{ "icmp-type", required_argument, NULL, OPT_ICMP },
	{ "action", required_argument, NULL, OPT_ACTION },
	{ "principal", required_argument, NULL, OPT_PRINCIPAL },
	{ "ipv6", no_argument, NULL, OPT_IPV6 },
	{ "gb", required_argument, NULL, OPT_GB },
	{ "rules", required_argument, NULL, OPT_RULES },
	{ "pricing", required_argument, NULL, OPT_PRICING },
	{ "expect", required_argument, NULL, OPT_EXPECT },
	{ "context", required_argument, NULL, OPT_CONTEXT },
	{ "now", required_argument, NULL, OPT_NOW },
	{ "host", required_argument, NULL, OPT_HOST },
	{ "source-port", required_argument, NULL, OPT_SOURCE_PORT },
	{ "session-mode", required_argument, NULL, OPT_SESSION_MODE },
	{ "allow-outside-paths", no_argument, NULL, OPT_ALLOW_OUTSIDE },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

int cmd_trace(int argc, char **argv)
{
	if (!cmd_args_safe(argc, argv))
		return VPCPATH_EXIT_ERROR;
	struct trace_query q = { .protocol = TOPO_PROTO_TCP, .port = -1, .icmp_type = -1,
				 .icmp_code = -1, .source_port = -1 };
	const char *topology = NULL, *format = "text", *rules_file = NULL, *pricing_file = NULL;
	const char *expect = NULL;
	bool allow_outside = false, port_given = false;
	double gb = -1;
	struct trace_kv *ctx = xcalloc((size_t)argc + 1, sizeof(*ctx));
	size_t nctx = 0;
	int rc = VPCPATH_EXIT_ERROR;
	struct topology *t = NULL;
	struct trace_result *r = NULL;
	struct cost_pricing *pricing = NULL;
	struct rules *rules = NULL;
	char *path = NULL;
	long n;
	int c;

	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":t:f:h", trace_options, NULL)) != -1) {
		switch (c) {
		case 't': topology = optarg; break;
		case 'f': format = optarg; break;
		case OPT_FROM: q.from = optarg; break;
		case OPT_TO: q.to = optarg; break;
		case OPT_PORT:
			if (!str_to_long(optarg, 0, 65535, &n)) {
				cmd_error("--port: '%s' is not a port (0-65535)", optarg);
				goto out;
			}
			q.port = (int)n;
			port_given = true;
			break;
		case OPT_SOURCE_PORT:
			if (!str_to_long(optarg, 1, 65535, &n)) {
				cmd_error("--source-port: '%s' is not a port (1-65535)", optarg);
				goto out;
			}
			q.source_port = (int)n;
			break;
		case OPT_PROTOCOL:
			if (!topo_parse_protocol(optarg, &q.protocol)) {
				cmd_error("--protocol: unknown protocol '%s'", optarg);
				goto out;
			}
			break;
		case OPT_ICMP: {
			char *slash = strchr(optarg, '/');
			if (slash)
				*slash = '\0';
			if (!str_to_long(optarg, 0, 255, &n)) {
				cmd_error("--icmp-type: '%s' is not an ICMP type (0-255)", optarg);
				goto out;
			}
			q.icmp_type = (int)n;
			if (slash) {
				if (!str_to_long(slash + 1, 0, 255, &n)) {
					cmd_error("--icmp-type: bad code '%s'", slash + 1);
					goto out;
				}
				q.icmp_code = (int)n;
			}
			break;
		}
		case OPT_ACTION: q.action = optarg; break;
		case OPT_PRINCIPAL: q.principal = optarg; break;
		case OPT_IPV6: q.ipv6 = true; break;
		case OPT_GB: {
			char *end;
			gb = strtod(optarg, &end);
			if (*end || end == optarg || !(gb >= 0) || !isfinite(gb)) {
				cmd_error("--gb: '%s' is not a non-negative number", optarg);
				goto out;
			}
			if (gb > COST_GB_PER_MONTH_MAX) {
				cmd_error("--gb: %s is more than the limit of 1000000000 GB a month",
					  optarg);
				goto out;
			}
			break;
		}
		case OPT_RULES: rules_file = optarg; break;
		case OPT_PRICING: pricing_file = optarg; break;
		case OPT_EXPECT: expect = optarg; break;
		case OPT_CONTEXT: {
			char *eq = strchr(optarg, '=');
			if (!eq || eq == optarg) {
				cmd_error("--context: expected KEY=VALUE, not '%s'", optarg);
				goto out;
			}
			*eq = '\0';
			ctx[nctx].key = optarg;
			ctx[nctx].value = eq + 1;
			nctx++;
			break;
		}
		case OPT_HOST: q.host = optarg; break;
		case OPT_NOW: {
			long long when;
			if (!trace_parse_time(optarg, &when)) {
				cmd_error("--now: '%s' is not an ISO 8601 time (e.g. 2026-12-07T12:00:00Z)",
					  optarg);
				goto out;
			}
			q.now = optarg;
			break;
		}
		case OPT_SESSION_MODE:
			if (strcmp(optarg, "ReadOnly") && strcmp(optarg, "ReadWrite")) {
				cmd_error("--session-mode: ReadOnly or ReadWrite, not '%s'", optarg);
				goto out;
			}
			q.session_mode = optarg;
			break;
		case OPT_ALLOW_OUTSIDE: allow_outside = true; break;
		case 'h':
			fputs(trace_help, stdout);
			rc = VPCPATH_EXIT_YES;
			goto out;
		case ':':
			cmd_error("trace: option '%s' needs a value", argv[optind - 1]);
			rc = cmd_usage_error("trace", trace_usage);
			goto out;
		default:
			cmd_error("trace: unknown option '%s'", argv[optind - 1]);
			rc = cmd_usage_error("trace", trace_usage);
			goto out;
		}
	}
	if (optind < argc) {
		cmd_error("trace: unexpected argument '%s'", argv[optind]);
		rc = cmd_usage_error("trace", trace_usage);
		goto out;
	}
	if (!q.from || !q.to) {
		cmd_error("trace: --from and --to are required");
		rc = cmd_usage_error("trace", trace_usage);
		goto out;
	}
	const struct output *o = out_trace_find(format);
	if (!o) {
		cmd_error("trace: unknown format '%s' (text, json, dot or mermaid)", format);
		goto out;
	}
	enum trace_verdict expected = TRACE_REACHABLE;
	if (expect && !trace_verdict_parse(expect, &expected)) {
		cmd_error("--expect: '%s' is not a verdict (reachable, unreachable, denied, ambiguous, "
			  "exits-model)", expect);
		goto out;
	}
	(void)port_given;
	q.context = ctx;
	q.ncontext = nctx;

	/* every input first, so a bad rules or pricing file is reported before tracing */
	bool json = !strcmp(format, "json");
	t = cmd_load_topology(cmd_topology_path(topology), allow_outside, !json);
	struct diag_list diags = { 0 };
	if (rules_file && !strcmp(rules_file, "none")) {
		rules = rules_none();
	} else {
		path = rules_file ? xstrdup(rules_file) : cmd_data_path("rules/default.yaml");
		char *shipped = cmd_data_path("rules");
		rules = rules_load_ex(path, allow_outside, shipped, &diags);
		free(shipped);
		free(path);
		path = NULL;
	}
	path = pricing_file ? xstrdup(pricing_file) : cmd_data_path("pricing.yaml");
	pricing = cost_pricing_load(path, &diags);
	if (diags.errors || !t) {
		diag_print(&diags, stderr, 1);
		diag_list_clear(&diags);
		goto out;
	}
	diag_list_clear(&diags);

	r = trace_run(t, &q, &diags);
	if (!r) {
		diag_print(&diags, stderr, 1);
		diag_list_clear(&diags);
		goto out;
	}
	cost_apply(pricing, r, gb);
	rules_apply(rules, r);
	struct out_options oo = { .color = !json && out_want_color(stdout) };
	o->trace(stdout, r, &oo);
	if (expect)
		rc = r->verdict == expected ? VPCPATH_EXIT_YES : VPCPATH_EXIT_NO;
	else
		rc = r->verdict == TRACE_REACHABLE && (!r->compliance.evaluated || r->compliance.compliant) ?
		     VPCPATH_EXIT_YES : VPCPATH_EXIT_NO;
out:
	if (!outfile_stdout_flush())
		rc = VPCPATH_EXIT_ERROR;
	trace_result_free(r);
	cost_pricing_free(pricing);
	rules_free(rules);
	topo_free(t);
	free(path);
	free(ctx);
	return rc;
}
