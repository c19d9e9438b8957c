/* yreader.h - a pull reader over libyaml events for the schema-driven loaders.
 *
 * Private to src/topo.  It adds to libyaml: located errors collected in a diag_list,
 * anchors and aliases (an aliased node is replayed from a recording, under an
 * expansion budget so that "billion laughs" input fails instead of exhausting memory),
 * a nesting-depth limit, and skipping of whole nodes.
 *
 * Ownership: the reader borrows the input buffer, the diag list and the arena; event
 * values are valid until the next yr_next() (recorded ones live in the arena).
 */
#ifndef VPCPATH_YREADER_H
#define VPCPATH_YREADER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include <yaml.h>

#include "vpcpath/diag.h"

struct arena;

enum yev_type {
	YEV_NONE,
	YEV_SCALAR,
	YEV_MAP_START,
	YEV_MAP_END,
	YEV_SEQ_START,
	YEV_SEQ_END,
	YEV_DOC_START,
	YEV_DOC_END,
	YEV_STREAM_END,
	YEV_ERROR, /* a syntax error was reported; stop */
};

struct yev {
	enum yev_type type;
	const char *value; /* scalars */
	size_t len;
	bool plain;        /* an unquoted scalar: may be null, bool or number */
	unsigned line, col;
};

struct anchor_rec;

struct yreader {
	yaml_parser_t parser;
	yaml_event_t raw;
	bool have_raw;
	struct yev cur;
	const char *file;
	struct diag_list *diags;
	struct diag_list *warnings; /* where yr_warn goes (default: diags) */
	struct arena *arena;
	bool failed;
	unsigned depth, max_depth;
	size_t max_scalar;
	/* anchors */
	struct anchor_rec *anchors;
	size_t nanchors, cap_anchors;
	size_t *recording; /* indexes of anchors being recorded */
	size_t nrecording, cap_recording;
	/* replay stack of (anchor, position) */
	struct { size_t anchor, pos; unsigned line, col; } *replay; /* line/col: the alias */
	size_t nreplay, cap_replay;
	size_t replayed, max_replayed;
	/* where each open collection starts (open[i] at depth i + 1): after a syntax
	 * error, an error about a node the error left unfinished is its consequence */
	struct { unsigned line, col; } *open;
	size_t cap_open;
	/* the last event read, when it is a plain scalar that runs over a line break:
	 * libyaml folds the next line into a scalar of a collection left unclosed, so
	 * when a syntax error follows at once, what was said about it is a consequence */
	struct { unsigned line, col; bool set; } run_on;
	size_t first_diag;          /* diags->len when the reader started */
	const char *syntax_message; /* the syntax error's message (in diags), NULL when none:
	                             * the loader prints it first */
	/* file input */
	FILE *in;
	size_t in_read, in_max;
	bool in_too_big;
};

void yr_init(struct yreader *r, const char *buf, size_t len, const char *file,
	     struct diag_list *diags, struct arena *arena);
/* Streams from an open file instead of a buffer, refusing more than max bytes. */
void yr_init_file(struct yreader *r, FILE *f, size_t max, const char *file,
		  struct diag_list *diags, struct arena *arena);
void yr_cleanup(struct yreader *r);
/* Advances to the next event and returns it (never NULL; YEV_ERROR after a failure). */
const struct yev *yr_next(struct yreader *r);
/* Skips the rest of the node whose start event was just read (for a scalar: nothing). */
void yr_skip_node(struct yreader *r, const struct yev *start);
/* Reports an error at an event's position. */
void yr_error(struct yreader *r, const struct yev *at, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void yr_warn(struct yreader *r, const struct yev *at, const char *code, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
/* A plain scalar that YAML would read as null (null, ~, empty). */
bool yev_is_null(const struct yev *e);

#endif
