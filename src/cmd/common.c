/* common.c - see common.h */
#include "common.h"

#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "vpcpath/arena.h"
#include "vpcpath/out.h"
#include "vpcpath/util.h"

const char *cmd_topology_path(const char *given)
{
	if (given)
		return given;
	const char *env = getenv("VPCPATH_TOPOLOGY");
	if (env && *env)
		return env;
	return "vpcpath.yaml";
}

struct topology *cmd_load_topology(const char *path, bool allow_outside, bool print_warnings)
{
	struct topo_load_options opt = cmd_load_options(allow_outside);
	return cmd_load_topology_with(path, &opt, print_warnings);
}

struct topology *cmd_load_topology_with(const char *path, const struct topo_load_options *opt,
					bool print_warnings)
{
	struct diag_list diags = { 0 };
	struct topology *t = topo_load(path, opt, &diags);
	if (!t) {
		diag_print(&diags, stderr, 1);
		diag_list_clear(&diags);
		return NULL;
	}
	if (print_warnings)
		diag_print(&t->warnings, stderr, 1);
	diag_list_clear(&diags);
	return t;
}

static bool file_exists(const char *p)
{
	struct stat st;
	return stat(p, &st) == 0 && S_ISREG(st.st_mode);
}

char *cmd_data_path(const char *rel)
{
	char buf[PATH_MAX + 64];
	const char *env = getenv("VPCPATH_DATADIR");
	if (env && *env) {
		snprintf(buf, sizeof(buf), "%s/%s", env, rel);
		return xstrdup(buf);
	}
	char exe[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (n > 0) {
		exe[n] = '\0';
		char *slash = strrchr(exe, '/');
		if (slash) {
			*slash = '\0';
			/* ./vpcpath in the repository, or build-san/vpcpath one level down */
			snprintf(buf, sizeof(buf), "%s/configs/%s", exe, rel);
			if (file_exists(buf))
				return xstrdup(buf);
			snprintf(buf, sizeof(buf), "%s/../configs/%s", exe, rel);
			if (file_exists(buf))
				return xstrdup(buf);
			/* installed as PREFIX/bin/vpcpath: PREFIX/share/vpcpath, whatever PREFIX
			 * the binary was compiled with */
			snprintf(buf, sizeof(buf), "%s/../share/vpcpath/%s", exe, rel);
			if (file_exists(buf))
				return xstrdup(buf);
		}
	}
	snprintf(buf, sizeof(buf), "%s/%s", VPCPATH_DATADIR, rel);
	return xstrdup(buf);
}

void cmd_error(const char *fmt, ...)
{
	/* messages quote arguments and file contents: escape them for the terminal */
	char msg[2048];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	fputs("vpcpath: ", stderr);
	fputs_escaped(msg, stderr);
	fputc('\n', stderr);
}

bool cmd_args_safe(int argc, char **argv)
{
	for (int i = 1; i < argc; i++)
		if (!str_valid_utf8(argv[i])) {
			cmd_error("%s: argument %d is not valid UTF-8", argv[0], i);
			return false;
		}
	return true;
}

/* A positive limit from the environment, or 0 (the default) */
static long env_limit(const char *name, long max)
{
	const char *env = getenv(name);
	long v;
	if (env && str_to_long(env, 1, max, &v))
		return v;
	return 0;
}

struct topo_load_options cmd_load_options(bool allow_outside)
{
	/* each raises (or lowers) a limit a real topology never meets (man vpcpath,
	 * ENVIRONMENT): a generated or unusual file may need more */
	struct topo_load_options opt = {
		.allow_outside_paths = allow_outside,
		.max_file_size = (size_t)env_limit("VPCPATH_MAX_FILE_SIZE", LONG_MAX),
		.max_depth = (unsigned)env_limit("VPCPATH_MAX_DEPTH", 1000), /* cJSON nests 1,000 deep */
		.max_scalar = (size_t)env_limit("VPCPATH_MAX_SCALAR", LONG_MAX),
		.max_items = (size_t)env_limit("VPCPATH_MAX_ITEMS", LONG_MAX),
		.max_alias_events = (size_t)env_limit("VPCPATH_MAX_ALIAS_EVENTS", LONG_MAX),
	};
	return opt;
}

int cmd_usage_error(const char *cmd, const char *usage)
{
	fprintf(stderr, "usage: vpcpath %s %s\nTry 'vpcpath %s --help'.\n", cmd, usage, cmd);
	return VPCPATH_EXIT_ERROR;
}

bool cmd_take_color_option(int *argc, char **argv)
{
	static const char opt[] = "--color";
	const size_t optlen = sizeof(opt) - 1;
	int kept = 1;
	bool ok = true;
	int i = 1;
	for (; i < *argc; i++) {
		const char *a = argv[i];
		if (!strcmp(a, "--"))
			break; /* what follows is operands, whatever it looks like */
		if (strncmp(a, opt, optlen) != 0 || (a[optlen] != '\0' && a[optlen] != '=')) {
			argv[kept++] = argv[i];
			continue;
		}
		const char *when = a[optlen] == '=' ? a + optlen + 1 : "always";
		if (!strcmp(when, "auto"))
			out_set_color_mode(OUT_COLOR_AUTO);
		else if (!strcmp(when, "always"))
			out_set_color_mode(OUT_COLOR_ALWAYS);
		else if (!strcmp(when, "never"))
			out_set_color_mode(OUT_COLOR_NEVER);
		else if (ok) {
			cmd_error("--color: '%s' is not auto, always or never", when);
			ok = false;
		}
	}
	for (; i < *argc; i++)
		argv[kept++] = argv[i];
	argv[kept] = NULL;
	*argc = kept;
	return ok;
}
