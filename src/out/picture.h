/* picture.h - a trace as a picture, before any drawing language: boxes (the hops, the
 * outcome, notes) in clusters (the forward leg, the return leg, one branch per outcome
 * of a name that stands for several addresses) joined by edges.  picture.c builds it
 * from a finished trace; dot.c and mermaid.c write it, each quoting the text for its
 * own language.
 *
 * Ownership: picture_of_trace() returns a picture that owns all its text (one arena);
 * picture_free() releases it.  It borrows nothing from the trace. */
#ifndef VPCPATH_OUT_PICTURE_H
#define VPCPATH_OUT_PICTURE_H

#include <stddef.h>

#include "vpcpath/trace.h"

/* How a box looks, by what it says. */
enum pic_look {
	PIC_PASS,      /* a hop that let the packet through */
	PIC_BLOCK,     /* a hop that stopped it but did not decide the answer */
	PIC_DECIDING,  /* the hop that decided a failure, or where the outcomes part */
	PIC_GOOD,      /* an outcome: reachable */
	PIC_BAD,       /* an outcome: unreachable, denied */
	PIC_UNSURE,    /* an outcome: ambiguous, exits-model */
	PIC_NOTE,      /* the reason beside the deciding hop */
};

enum pic_line { PIC_SOLID, PIC_DASHED, PIC_DOTTED };

/* Text is "visible": every control character, invisible or reordering Unicode
 * character already written as an escape (fputs_escaped), but not yet quoted for a
 * language. */
struct pic_node {
	const char *id;              /* [a-z0-9_]+, unique: f3, r1, b2f4, b2x, note1 */
	const char **lines; size_t nlines;
	enum pic_look look;
	size_t cluster;              /* 1-based index in clusters; 0: none */
};

struct pic_edge {
	size_t from, to;             /* indexes in nodes */
	const char *label;           /* may be NULL */
	enum pic_line line;
	bool arrow;                  /* false: a plain link (a note to its hop) */
};

struct pic_cluster {
	const char *id;              /* [a-z0-9_]+ */
	const char *label;
	bool dashed;                 /* the return leg */
};

struct picture {
	struct arena *arena;
	const char *title;           /* the question: SRC -> DST, protocol/port, action */
	struct pic_node *nodes; size_t nnodes;
	struct pic_edge *edges; size_t nedges;
	struct pic_cluster *clusters; size_t nclusters;
};

struct picture *picture_of_trace(const struct trace_result *r);
void picture_free(struct picture *p);

#endif
