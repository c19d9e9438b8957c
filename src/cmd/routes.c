/* routes.c - `vpcpath routes`: the effective route tables (implicit local routes,
 * gateway-endpoint routes and built-in prefix lists included). */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "vpcpath/arena.h"
#include "vpcpath/out.h"

static const char routes_help[] =
	"usage: vpcpath routes [-t FILE] [-f text|json] [SUBNET|RTB|INSTANCE]\n"
	"\n"
	"Print the effective route tables: every table, or the one a subnet, route table or\n"
	"instance uses, with the implicit local routes and gateway-endpoint routes.\n";

int cmd_routes(int argc, char **argv)
{
	if (!cmd_args_safe(argc, argv))
		return VPCPATH_EXIT_ERROR;
	static const struct option opts[] = {
		{ "topology", required_argument, NULL, 't' },
		{ "format", required_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *topology = NULL, *format = "text";
	int c;
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":t:f:h", opts, NULL)) != -1) {
		switch (c) {
		case 't': topology = optarg; break;
		case 'f': format = optarg; break;
		case 'h': fputs(routes_help, stdout); return VPCPATH_EXIT_YES;
		default:
			cmd_error("routes: bad option '%s'", argv[optind - 1]);
			return cmd_usage_error("routes", "[-t FILE] [SUBNET|RTB|INSTANCE]");
		}
	}
	if (argc - optind > 1) {
		cmd_error("routes: one subnet, route table or instance at most");
		return cmd_usage_error("routes", "[-t FILE] [SUBNET|RTB|INSTANCE]");
	}
	const struct output *o = out_find(format);
	if (!o) {
		cmd_error("routes: unknown format '%s' (text or json)", format);
		return VPCPATH_EXIT_ERROR;
	}
	struct topology *t = cmd_load_topology(cmd_topology_path(topology), false, true);
	if (!t)
		return VPCPATH_EXIT_ERROR;
	int rc = VPCPATH_EXIT_YES;
	size_t total = 0;
	for (size_t v = 0; v < t->nvpcs; v++)
		total += t->vpcs[v].nroute_tables + 1;
	const struct topo_route_table **rts = xcalloc(total + 1, sizeof(*rts));
	size_t n = 0;
	if (optind < argc) {
		const char *what = argv[optind];
		bool amb1, amb2, amb3;
		const struct topo_subnet *s = topo_find(t, TOPO_SUBNET, what, &amb1);
		const struct topo_route_table *rt = topo_find(t, TOPO_ROUTE_TABLE, what, &amb2);
		const struct topo_instance *in = topo_find(t, TOPO_INSTANCE, what, &amb3);
		if (in && !s && !rt)
			s = in->subnet;
		if (s && !s->route_table) {
			/* the table the subnet names is not in the data (F9.7): no routes to show */
			const char *table = s->route_table_ref.text ? s->route_table_ref.text : "?";
			const struct topo_missing *m = topo_missing_of(t, TOPO_ROUTE_TABLE,
								       s->vpc ? s->vpc->id : NULL,
								       s->route_table_ref.text);
			if (m && m->plan_unknown)
				cmd_error("routes: subnet %s uses route table %s, which the plan knows "
					  "only after apply (PLAN_UNKNOWN, F9.7): its routes are not known",
					  s->id, table);
			else if (m && m->absent_from)
				cmd_error("routes: subnet %s uses route table %s, which the %s does not "
					  "hold (MISSING_DATA, F9.7): its routes are not known", s->id,
					  table, m->absent_from);
			else
				cmd_error("routes: subnet %s uses route table %s, which was not collected "
					  "(MISSING_DATA, F9.7): its routes are not known; `%s` supplies "
					  "it", s->id, table, m ? m->command : "aws ec2 describe-route-tables");
			rc = VPCPATH_EXIT_NO;
			goto out;
		} else if (s)
			rts[n++] = s->route_table;
		else if (rt)
			rts[n++] = rt;
		else {
			cmd_error("routes: %s '%s'", amb1 || amb2 || amb3 ?
				  "several objects are named" : "no subnet, route table or instance", what);
			rc = VPCPATH_EXIT_ERROR;
			goto out;
		}
	} else {
		for (size_t v = 0; v < t->nvpcs; v++) {
			const struct topo_vpc *vpc = &t->vpcs[v];
			for (size_t i = 0; i < vpc->nroute_tables; i++)
				rts[n++] = &vpc->route_tables[i];
			if (vpc->main_route_table->implicit)
				rts[n++] = vpc->main_route_table;
		}
	}
	struct out_options oo = { .color = false };
	o->routes(stdout, t, rts, n, &oo);
out:
	free(rts);
	topo_free(t);
	return rc;
}
