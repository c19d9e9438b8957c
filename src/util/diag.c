/* diag.c - see include/vpcpath/diag.h */
#include "vpcpath/diag.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "vpcpath/arena.h"
#include "vpcpath/util.h"

void diag_add(struct diag_list *l, enum diag_severity sev, const char *file, unsigned line,
	      unsigned col, const char *code, const char *fmt, ...)
{
	if (l->len == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 16;
		l->items = xrealloc(l->items, l->cap * sizeof(*l->items));
	}
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	char *msg = xmalloc(n > 0 ? (size_t)n + 1 : 1);
	msg[0] = '\0';
	if (n > 0) {
		va_start(ap, fmt);
		vsnprintf(msg, (size_t)n + 1, fmt, ap);
		va_end(ap);
	}
	struct diag *d = &l->items[l->len++];
	d->severity = sev;
	d->file = file ? xstrdup(file) : NULL;
	d->line = line;
	d->col = col;
	d->code = code;
	d->message = msg;
	if (sev == DIAG_ERROR)
		l->errors++;
}

static int diag_cmp(const void *a, const void *b)
{
	const struct diag *x = a, *y = b;
	int c = strcmp(x->file ? x->file : "", y->file ? y->file : "");
	if (c)
		return c;
	if (x->line != y->line)
		return x->line < y->line ? -1 : 1;
	if (x->col != y->col)
		return x->col < y->col ? -1 : 1;
	return x < y ? -1 : (x > y);
}

void diag_sort(struct diag_list *l)
{
	/* qsort is not stable; the address tie-break above keeps insertion order only
	 * when run on a fresh array, so sort a copy of indexes instead */
	if (l->len < 2)
		return;
	struct diag *copy = xmalloc(l->len * sizeof(*copy));
	memcpy(copy, l->items, l->len * sizeof(*copy));
	qsort(copy, l->len, sizeof(*copy), diag_cmp);
	memcpy(l->items, copy, l->len * sizeof(*copy));
	free(copy);
}

void diag_print(const struct diag_list *l, FILE *f, int include_warnings)
{
	for (size_t i = 0; i < l->len; i++) {
		const struct diag *d = &l->items[i];
		if (d->severity == DIAG_WARNING && !include_warnings)
			continue;
		fputs("vpcpath: ", f);
		if (d->file) {
			fputs_escaped(d->file, f);
			if (d->line)
				fprintf(f, ":%u:%u", d->line, d->col);
			fputs(": ", f);
		}
		if (d->severity == DIAG_WARNING)
			fputs("warning: ", f);
		fputs_escaped(d->message, f);
		fputc('\n', f);
	}
}

void diag_list_clear(struct diag_list *l)
{
	for (size_t i = 0; i < l->len; i++) {
		free(l->items[i].message);
		free((char *)l->items[i].file);
	}
	free(l->items);
	memset(l, 0, sizeof(*l));
}
