/* dot.c - `trace -f dot`: the path as a Graphviz DOT digraph (picture.h), for
 * `dot -Tsvg`.  Every label is a double-quoted DOT string: a quote and a backslash
 * are escaped, and the text is already free of control and invisible characters
 * (picture.h), so nothing from an input file can end the string or the graph. */
#include <stdio.h>

#include "picture.h"
#include "vpcpath/out.h"

/* s inside a DOT double-quoted string: \" and \\; nothing else is special there
 * (the escString letters follow a backslash, which is doubled) */
static void dot_text(FILE *f, const char *s)
{
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			fputc('\\', f);
		fputc(*s, f);
	}
}

/* lines, each left-aligned (\l ends a line in a label) */
static void dot_lines(FILE *f, const char *const *lines, size_t n)
{
	fputc('"', f);
	for (size_t i = 0; i < n; i++) {
		dot_text(f, lines[i]);
		fputs("\\l", f);
	}
	fputc('"', f);
}

static const char *look_attrs(enum pic_look look)
{
	switch (look) {
	case PIC_PASS: return "fillcolor=\"#ffffff\"";
	case PIC_BLOCK: return "fillcolor=\"#fde2e2\", color=\"#b00020\"";
	case PIC_DECIDING:
		return "fillcolor=\"#fbc4c4\", color=\"#b00020\", penwidth=3, style=\"filled,bold\"";
	case PIC_GOOD: return "shape=box, style=\"rounded,filled\", fillcolor=\"#d7f5d7\", color=\"#1b7a1b\"";
	case PIC_BAD: return "shape=box, style=\"rounded,filled\", fillcolor=\"#fbc4c4\", color=\"#b00020\"";
	case PIC_UNSURE: return "shape=box, style=\"rounded,filled\", fillcolor=\"#fff1c2\", color=\"#a06800\"";
	case PIC_NOTE: return "shape=note, fillcolor=\"#fff8d6\", color=\"#a06800\"";
	}
	return "";
}

static void dot_node(FILE *f, const struct pic_node *n, const char *indent)
{
	fprintf(f, "%s%s [label=", indent, n->id);
	dot_lines(f, n->lines, n->nlines);
	fprintf(f, ", %s];\n", look_attrs(n->look));
}

static void dot_trace(FILE *f, const struct trace_result *r, const struct out_options *o)
{
	(void)o;
	struct picture *p = picture_of_trace(r);
	fputs("digraph vpcpath {\n", f);
	fputs("\tgraph [rankdir=TB, fontname=\"Helvetica\", fontsize=11, labelloc=t, label=", f);
	dot_lines(f, &p->title, 1);
	fputs("];\n", f);
	fputs("\tnode [shape=box, style=filled, fontname=\"Helvetica\", fontsize=10];\n", f);
	fputs("\tedge [fontname=\"Helvetica\", fontsize=9];\n", f);
	for (size_t c = 1; c <= p->nclusters; c++) {
		const struct pic_cluster *cl = &p->clusters[c - 1];
		fprintf(f, "\tsubgraph cluster_%s {\n\t\tlabel=", cl->id);
		dot_lines(f, &cl->label, 1);
		fprintf(f, ";\n\t\tstyle=%s;\n\t\tcolor=\"#808080\";\n", cl->dashed ? "dashed" : "solid");
		for (size_t i = 0; i < p->nnodes; i++)
			if (p->nodes[i].cluster == c)
				dot_node(f, &p->nodes[i], "\t\t");
		fputs("\t}\n", f);
	}
	for (size_t i = 0; i < p->nnodes; i++)
		if (!p->nodes[i].cluster)
			dot_node(f, &p->nodes[i], "\t");
	for (size_t i = 0; i < p->nedges; i++) {
		const struct pic_edge *e = &p->edges[i];
		fprintf(f, "\t%s -> %s", p->nodes[e->from].id, p->nodes[e->to].id);
		const char *sep = " [";
		if (e->label) {
			fputs(" [label=", f);
			dot_lines(f, &e->label, 1);
			sep = ", ";
		}
		if (e->line != PIC_SOLID) {
			fprintf(f, "%sstyle=%s", sep, e->line == PIC_DASHED ? "dashed" : "dotted");
			sep = ", ";
		}
		if (!e->arrow) {
			/* a note beside its hop, on the same rank */
			fprintf(f, "%sarrowhead=none, constraint=false", sep);
			sep = ", ";
		}
		fputs(*sep == ',' ? "];\n" : ";\n", f);
	}
	fputs("}\n", f);
	picture_free(p);
}

const struct output out_dot = { "dot", dot_trace, NULL, NULL };
