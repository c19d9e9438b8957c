/* arena.h - bump allocator that owns everything a topology loads.
 *
 * Ownership: an arena owns every block it hands out; arena_free() releases all of
 * them at once.  Nothing allocated from an arena is freed individually.
 */
#ifndef VPCPATH_ARENA_H
#define VPCPATH_ARENA_H

#include <stddef.h>

struct arena;

/* Returns a new, empty arena (caller frees with arena_free), or NULL on no memory. */
struct arena *arena_new(void);
void arena_free(struct arena *a);

/* Zeroed memory owned by the arena; aborts the program on no memory (a loader that
 * cannot allocate cannot give a correct answer). */
void *arena_alloc(struct arena *a, size_t size);
/* Copies of strings, owned by the arena. */
char *arena_strdup(struct arena *a, const char *s);
char *arena_strndup(struct arena *a, const char *s, size_t n);
/* The concatenation of the strings given, up to a NULL: names and ARNs built for every
 * trace, without printf's format parsing. */
char *arena_concat(struct arena *a, ...) __attribute__((sentinel));
/* printf into arena memory. */
char *arena_printf(struct arena *a, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* "FILE:LINE:COL", the place of a diagnostic or a resource. */
char *arena_loc(struct arena *a, const char *file, unsigned line, unsigned col);

/* Bytes handed out so far (for benchmarks and limits). */
size_t arena_used(const struct arena *a);

/* A growable array whose storage lives in the arena: growing copies into a block
 * twice the size, so the waste is bounded by the final size. */
struct arena_vec {
	void *items;
	size_t len, cap;
};
/* Appends one zeroed element of elem_size and returns it. */
void *arena_vec_push(struct arena *a, struct arena_vec *v, size_t elem_size);
/* Room for n elements before the next copy (an empty vector: no waste). */
void arena_vec_reserve(struct arena *a, struct arena_vec *v, size_t n, size_t elem_size);

/* A growable array in malloc'd memory, copied once into the arena at the end: no
 * waste left in the arena (loaders build every list this way).  Pointers to pushed
 * elements stay valid until the next push. */
struct tmpvec {
	void *items;
	size_t len, cap;
};
void *tmpvec_push(struct tmpvec *v, size_t elem_size);
/* Returns the exact-size arena copy (NULL when empty) and frees the temporary;
 * v->len keeps the count. */
void *tmpvec_finish(struct arena *a, struct tmpvec *v, size_t elem_size);

/* Allocation helpers that abort on failure, for memory not owned by an arena. */
void *xmalloc(size_t size);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t size);
char *xstrdup(const char *s);

#endif
