/* output.c - choosing an output */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "vpcpath/out.h"

const struct output *out_find(const char *name)
{
	static const struct output *const all[] = { &out_text, &out_json };
	for (size_t i = 0; i < sizeof(all) / sizeof(all[0]); i++)
		if (!strcmp(all[i]->name, name))
			return all[i];
	return NULL;
}

const struct output *out_trace_find(const char *name)
{
	static const struct output *const pictures[] = { &out_dot, &out_mermaid };
	for (size_t i = 0; i < sizeof(pictures) / sizeof(pictures[0]); i++)
		if (!strcmp(pictures[i]->name, name))
			return pictures[i];
	return out_find(name);
}

static enum out_color_mode color_mode = OUT_COLOR_AUTO;

void out_set_color_mode(enum out_color_mode mode)
{
	color_mode = mode;
}

bool out_want_color(FILE *f)
{
	/* an explicit --color outranks the environment, as in ls and grep */
	if (color_mode != OUT_COLOR_AUTO)
		return color_mode == OUT_COLOR_ALWAYS;
	const char *nc = getenv("NO_COLOR");
	if (nc && *nc)
		return false;
	/* a terminal that says it understands no escape sequences (Emacs' shell, some
	 * CI log viewers) */
	const char *term = getenv("TERM");
	if (term && !strcmp(term, "dumb"))
		return false;
	return isatty(fileno(f)) == 1;
}
