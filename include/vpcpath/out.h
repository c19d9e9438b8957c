/* out.h - rendering finished results: one vtable per format, chosen by --format.
 * Renderers read results and write to a FILE; they own nothing. */
#ifndef VPCPATH_OUT_H
#define VPCPATH_OUT_H

#include <stdbool.h>
#include <stdio.h>

#include "vpcpath/check.h"
#include "vpcpath/diag.h"
#include "vpcpath/topo.h"
#include "vpcpath/trace.h"

struct out_options {
	bool color;    /* out_want_color() */
	bool compact;  /* json: one line, no indentation (a document embedded in another:
	                * check's example traces, re-printed with the report) */
};

struct output {
	const char *name;
	void (*trace)(FILE *f, const struct trace_result *r, const struct out_options *o);
	/* validate: errors and warnings, valid or not */
	void (*validate)(FILE *f, const char *file, bool valid, const struct diag_list *errors,
			 const struct diag_list *warnings, const struct out_options *o);
	void (*routes)(FILE *f, const struct topology *t, const struct topo_route_table *const *rts,
		       size_t n, const struct out_options *o);
};

extern const struct output out_text;
extern const struct output out_json;
/* The path as a picture (trace only): Graphviz DOT and a Mermaid flowchart
 * (src/out/picture.c builds it, dot.c and mermaid.c write it). */
extern const struct output out_dot;
extern const struct output out_mermaid;
/* The JSON document of a trace (as out_json prints it); the caller deletes it. */
cJSON *out_json_trace_doc(const struct trace_result *r);

/* The output named name ("text", "json"), or NULL: every command's forms. */
const struct output *out_find(const char *name);
/* The same for a trace, which also has "dot" and "mermaid" (their validate and routes
 * are NULL). */
const struct output *out_trace_find(const char *name);

/* A path of the cli.md vocabulary in prose ("NAT gateway"); a static string. */
const char *out_path_words(const char *path);
/* An amount of money as every renderer for people writes it ($36.50, $0.045, $0.0035,
 * $0.00, <$0.0001; a minus sign first when negative), into buf; returns buf. */
const char *out_money(double v, char *buf, size_t len);
/* A volume in GB as a person reads it: 500, 0.5 (into buf). */
const char *out_gb(double gb, char *buf, size_t len);
/* Colour for f: a terminal, NO_COLOR unset or empty, and TERM not "dumb". */
bool out_want_color(FILE *f);
/* --color=WHEN: auto (the default) decides as out_want_color() says above; always and
 * never decide whatever f and the environment are.  Set once, before a command runs
 * (main.c reads --color). */
enum out_color_mode { OUT_COLOR_AUTO, OUT_COLOR_ALWAYS, OUT_COLOR_NEVER };
void out_set_color_mode(enum out_color_mode mode);

/* `vpcpath check` and `vpcpath diff` reports (check.h): text and json (src/check/report.c),
 * sarif (src/out/sarif.c, SARIF 2.1.0) and junit (src/out/junit.c, JUnit XML). */
struct check_output {
	const char *name;
	/* a check run; baseline (may be NULL) is its comparison with --baseline */
	void (*report)(FILE *f, const struct check_report *r, const struct check_diff *baseline,
		       const struct out_options *o);
	/* `vpcpath diff`; NULL when the format has no diff form */
	void (*diff)(FILE *f, const struct check_diff *d, const struct out_options *o);
	/* the forms of the findings' example traces the report prints (check_options) */
	enum check_trace_forms example_traces;
};
extern const struct check_output out_check_text;
extern const struct check_output out_check_json;
extern const struct check_output out_check_sarif;
extern const struct check_output out_check_junit;
extern const struct check_output out_check_markdown;  /* src/out/markdown.c */
/* The check output named name ("text", "json", "sarif", "junit", "markdown"), or NULL. */
const struct check_output *out_check_find(const char *name);

#endif
