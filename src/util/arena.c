/* arena.c - see include/vpcpath/arena.h */
#include "vpcpath/arena.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

/* Blocks start small (a brief trace result needs about a KiB, and bulk runs make a
 * million of them) and double up to 2 MiB, the huge-page size, for arenas that hold a
 * large topology. */
#define ARENA_FIRST_BLOCK (4u * 1024u)
#define ARENA_MAX_BLOCK (2u * 1024u * 1024u)

struct arena_block {
	struct arena_block *next;
	size_t used, size;
	max_align_t data[]; /* aligned storage */
};

struct arena {
	struct arena_block *head;
	struct arena_block *bytes; /* unaligned storage for strings */
	size_t total;
	size_t next_block;         /* size of the next block */
};


static void out_of_memory(void)
{
	fputs("vpcpath: out of memory\n", stderr);
	abort();
}

/* A new block of at least `need` bytes of storage.  Large blocks are 2 MiB aligned and
 * marked for transparent huge pages: a 60 MB topology then takes a hundred page faults
 * instead of forty thousand. */
static struct arena_block *new_block(struct arena *a, size_t need)
{
	size_t bsize = a->next_block ? a->next_block : ARENA_FIRST_BLOCK;
	if (a->next_block < ARENA_MAX_BLOCK)
		a->next_block = bsize * 2;
	while (bsize < need)
		bsize *= 2;
	size_t total = sizeof(struct arena_block) + bsize;
	struct arena_block *b;
	if (total >= ARENA_MAX_BLOCK) {
		total = (total + ARENA_MAX_BLOCK - 1) & ~(size_t)(ARENA_MAX_BLOCK - 1);
		b = aligned_alloc(ARENA_MAX_BLOCK, total);
		if (!b)
			out_of_memory();
#ifdef MADV_HUGEPAGE
		madvise(b, total, MADV_HUGEPAGE);
#endif
	} else {
		b = xmalloc(total);
	}
	b->used = 0;
	b->size = total - sizeof(struct arena_block);
	b->next = NULL;
	return b;
}

void *xmalloc(size_t size)
{
	void *p = malloc(size ? size : 1);
	if (!p)
		out_of_memory();
	return p;
}

void *xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);
	if (!p)
		out_of_memory();
	return p;
}

void *xrealloc(void *p, size_t size)
{
	void *q = realloc(p, size ? size : 1);
	if (!q)
		out_of_memory();
	return q;
}

char *xstrdup(const char *s)
{
	size_t n = strlen(s) + 1;
	char *p = xmalloc(n);
	memcpy(p, s, n);
	return p;
}

struct arena *arena_new(void)
{
	return xcalloc(1, sizeof(struct arena));
}

void arena_free(struct arena *a)
{
	if (!a)
		return;
	struct arena_block *chains[2] = { a->head, a->bytes };
	for (int i = 0; i < 2; i++) {
		struct arena_block *b = chains[i];
		while (b) {
			struct arena_block *next = b->next;
			free(b);
			b = next;
		}
	}
	free(a);
}

/* Memory the caller fills: vectors zero each element as it is pushed. */
static void *arena_alloc_uninit(struct arena *a, size_t size)
{
	const size_t align = sizeof(max_align_t);
	size = (size + align - 1) & ~(align - 1);
	if (size == 0)
		size = align;
	struct arena_block *b = a->head;
	if (!b || b->size - b->used < size) {
		struct arena_block *nb = new_block(a, size);
		if (b && size > nb->size / 4) {
			/* a large one-off block goes behind the current one, so the
			 * current block's free space stays usable */
			nb->next = b->next;
			b->next = nb;
		} else {
			nb->next = b;
			a->head = nb;
		}
		b = nb;
	}
	void *p = (char *)b->data + b->used;
	b->used += size;
	a->total += size;
	return p;
}

void *arena_alloc(struct arena *a, size_t size)
{
	void *p = arena_alloc_uninit(a, size);
	memset(p, 0, size);
	return p;
}

/* Strings need no alignment: packing them saves a third of a loaded topology. */
static char *arena_alloc_bytes(struct arena *a, size_t size)
{
	struct arena_block *b = a->bytes;
	if (!b || b->size - b->used < size) {
		struct arena_block *nb = new_block(a, size);
		nb->next = b;
		a->bytes = nb;
		b = nb;
	}
	char *p = (char *)b->data + b->used;
	b->used += size;
	a->total += size;
	return p;
}

char *arena_strndup(struct arena *a, const char *s, size_t n)
{
	char *p = arena_alloc_bytes(a, n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *arena_strdup(struct arena *a, const char *s)
{
	return arena_strndup(a, s, strlen(s));
}

char *arena_concat(struct arena *a, ...)
{
	va_list ap;
	size_t n = 0;
	va_start(ap, a);
	for (const char *s; (s = va_arg(ap, const char *));)
		n += strlen(s);
	va_end(ap);
	char *p = arena_alloc_bytes(a, n + 1), *q = p;
	va_start(ap, a);
	for (const char *s; (s = va_arg(ap, const char *));) {
		size_t l = strlen(s);
		memcpy(q, s, l);
		q += l;
	}
	va_end(ap);
	*q = '\0';
	return p;
}

char *arena_printf(struct arena *a, const char *fmt, ...)
{
	/* one formatting pass for the usual short string; a second only when it is long */
	char buf[512];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (n < 0)
		return arena_strdup(a, "");
	if ((size_t)n < sizeof(buf))
		return arena_strndup(a, buf, (size_t)n);
	char *p = arena_alloc_bytes(a, (size_t)n + 1);
	va_start(ap, fmt);
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return p;
}

char *arena_loc(struct arena *a, const char *file, unsigned line, unsigned col)
{
	/* "FILE:LINE:COL" without printf: every hop of every trace has one */
	size_t fl = strlen(file);
	char *p = arena_alloc_bytes(a, fl + 2 * 11 + 1), *q = p + fl;
	memcpy(p, file, fl);
	unsigned v[2] = { line, col };
	for (int i = 0; i < 2; i++) {
		char digits[10];
		int n = 0;
		do
			digits[n++] = (char)('0' + v[i] % 10);
		while ((v[i] /= 10) && n < 10);
		*q++ = ':';
		while (n)
			*q++ = digits[--n];
	}
	*q = '\0';
	return p;
}

size_t arena_used(const struct arena *a)
{
	return a->total;
}

void *arena_vec_push(struct arena *a, struct arena_vec *v, size_t elem_size)
{
	if (v->len == v->cap) {
		size_t ncap = v->cap ? v->cap * 2 : 4;
		void *n = arena_alloc_uninit(a, ncap * elem_size);
		if (v->len)
			memcpy(n, v->items, v->len * elem_size);
		v->items = n;
		v->cap = ncap;
	}
	void *slot = (char *)v->items + v->len * elem_size;
	memset(slot, 0, elem_size);
	v->len++;
	return slot;
}

void arena_vec_reserve(struct arena *a, struct arena_vec *v, size_t n, size_t elem_size)
{
	if (v->cap >= n)
		return;
	void *items = arena_alloc_uninit(a, n * elem_size);
	if (v->len)
		memcpy(items, v->items, v->len * elem_size);
	v->items = items;
	v->cap = n;
}

void *tmpvec_push(struct tmpvec *v, size_t elem_size)
{
	if (v->len == v->cap) {
		v->cap = v->cap ? v->cap * 2 : 8;
		v->items = xrealloc(v->items, v->cap * elem_size);
	}
	void *slot = (char *)v->items + v->len * elem_size;
	memset(slot, 0, elem_size);
	v->len++;
	return slot;
}

void *tmpvec_finish(struct arena *a, struct tmpvec *v, size_t elem_size)
{
	void *out = NULL;
	if (v->len) {
		out = arena_alloc(a, v->len * elem_size);
		memcpy(out, v->items, v->len * elem_size);
	}
	free(v->items);
	v->items = NULL;
	v->cap = 0;
	return out;
}
