/* mermaid.c - `trace -f mermaid`: the path as a Mermaid flowchart (picture.h), for
 * documentation and pull-request comments (in a ```mermaid block).  Every text is a
 * double-quoted Mermaid string in which everything but letters, digits, spaces and
 * plain punctuation is written as an entity code (#quot;, #35; …): a quote, a #,
 * Markdown and HTML characters from an input file are shown, never interpreted. */
#include <stdio.h>
#include <string.h>

#include "picture.h"
#include "vpcpath/out.h"

/* s inside a Mermaid "…" string */
static void mm_text(FILE *f, const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
		    *p >= 0x80 || strchr(" .,:;/_-()=+@!?'$^~[]{}", *p))
			fputc(*p, f);
		else if (*p == '"')
			fputs("#quot;", f);
		else
			fprintf(f, "#%d;", *p);
	}
}

static void mm_lines(FILE *f, const char *const *lines, size_t n)
{
	fputc('"', f);
	for (size_t i = 0; i < n; i++) {
		if (i)
			fputs("<br>", f);
		mm_text(f, lines[i]);
	}
	fputc('"', f);
}

static const char *look_class(enum pic_look look)
{
	switch (look) {
	case PIC_PASS: return "pass";
	case PIC_BLOCK: return "block";
	case PIC_DECIDING: return "deciding";
	case PIC_GOOD: return "good";
	case PIC_BAD: return "bad";
	case PIC_UNSURE: return "unsure";
	case PIC_NOTE: return "note";
	}
	return "pass";
}

static void mm_node(FILE *f, const struct pic_node *n, const char *indent)
{
	fprintf(f, "%s%s", indent, n->id);
	/* outcomes rounded, notes as flags, hops as boxes */
	bool outcome = n->look == PIC_GOOD || n->look == PIC_BAD || n->look == PIC_UNSURE;
	fputs(outcome ? "(" : n->look == PIC_NOTE ? ">" : "[", f);
	mm_lines(f, n->lines, n->nlines);
	fprintf(f, "%s:::%s\n", outcome ? ")" : "]", look_class(n->look));
}

static void mermaid_trace(FILE *f, const struct trace_result *r, const struct out_options *o)
{
	(void)o;
	struct picture *p = picture_of_trace(r);
	/* the question as the diagram's title, a YAML double-quoted string */
	fputs("---\ntitle: \"", f);
	for (const char *t = p->title; *t; t++) {
		if (*t == '"' || *t == '\\')
			fputc('\\', f);
		fputc(*t, f);
	}
	fputs("\"\n---\nflowchart TD\n", f);
	for (size_t c = 1; c <= p->nclusters; c++) {
		const struct pic_cluster *cl = &p->clusters[c - 1];
		fprintf(f, "  subgraph %s [", cl->id);
		mm_lines(f, &cl->label, 1);
		fputs("]\n", f);
		for (size_t i = 0; i < p->nnodes; i++)
			if (p->nodes[i].cluster == c)
				mm_node(f, &p->nodes[i], "    ");
		fputs("  end\n", f);
	}
	for (size_t i = 0; i < p->nnodes; i++)
		if (!p->nodes[i].cluster)
			mm_node(f, &p->nodes[i], "  ");
	for (size_t i = 0; i < p->nedges; i++) {
		const struct pic_edge *e = &p->edges[i];
		const char *link = !e->arrow ? "-.-" : e->line == PIC_SOLID ? "-->" : "-.->";
		fprintf(f, "  %s %s", p->nodes[e->from].id, link);
		if (e->label) {
			fputc('|', f);
			mm_lines(f, &e->label, 1);
			fputc('|', f);
		}
		fprintf(f, " %s\n", p->nodes[e->to].id);
	}
	fputs("  classDef pass fill:#ffffff,stroke:#606060\n"
	      "  classDef block fill:#fde2e2,stroke:#b00020\n"
	      "  classDef deciding fill:#fbc4c4,stroke:#b00020,stroke-width:3px\n"
	      "  classDef good fill:#d7f5d7,stroke:#1b7a1b\n"
	      "  classDef bad fill:#fbc4c4,stroke:#b00020\n"
	      "  classDef unsure fill:#fff1c2,stroke:#a06800\n"
	      "  classDef note fill:#fff8d6,stroke:#a06800\n", f);
	for (size_t c = 1; c <= p->nclusters; c++)
		if (p->clusters[c - 1].dashed)
			fprintf(f, "  style %s stroke-dasharray:5 5\n", p->clusters[c - 1].id);
	picture_free(p);
}

const struct output out_mermaid = { "mermaid", mermaid_trace, NULL, NULL };
