/* map.h - a byte-string -> index map (open addressing), and a buffer to build its keys.
 *
 * For interning: group keys, signatures and finding keys in check, the answers a
 * trace_memo remembers.  Keys are copied into the map's own arena; values are indices
 * the caller gives meaning to (into an array of its own, usually).
 *
 * Ownership: bytemap_new() returns a map the caller frees with bytemap_free(); a
 * keybuf's p is the caller's to free.
 */
#ifndef VPCPATH_MAP_H
#define VPCPATH_MAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

/* Byte string -> index: returns the value stored for key, storing `value` when the key
 * is new (*added says which, may be NULL). */
struct bytemap;
struct bytemap *bytemap_new(void);
size_t bytemap_get_or_add(struct bytemap *m, const void *key, size_t len, size_t value,
			  bool *added);
/* Lookup only: false when absent. */
bool bytemap_find(const struct bytemap *m, const void *key, size_t len, size_t *value);
size_t bytemap_len(const struct bytemap *m);
void bytemap_free(struct bytemap *m);

/* A growable byte buffer for building keys (free p when done; set len to 0 to reuse). */
struct keybuf {
	unsigned char *p;
	size_t len, cap;
};
/* Makes room for n more bytes (the slow path of keybuf_put). */
void keybuf_reserve(struct keybuf *b, size_t n);

/* Inline: keys are built for every failing flow of a bulk run and every question a
 * trace_memo is asked. */
static inline void keybuf_put(struct keybuf *b, const void *d, size_t n)
{
	if (b->len + n > b->cap)
		keybuf_reserve(b, n);
	if (n)
		memcpy(b->p + b->len, d, n);
	b->len += n;
}

static inline void keybuf_u64(struct keybuf *b, uint64_t v)
{
	keybuf_put(b, &v, sizeof(v));
}

static inline void keybuf_ptr(struct keybuf *b, const void *ptr)
{
	keybuf_u64(b, (uint64_t)(uintptr_t)ptr);
}

/* length-prefixed, so "ab"+"c" and "a"+"bc" differ; NULL differs from "" */
static inline void keybuf_str(struct keybuf *b, const char *s)
{
	if (!s) {
		keybuf_u64(b, UINT64_MAX);
		return;
	}
	size_t n = strlen(s);
	keybuf_u64(b, n);
	keybuf_put(b, s, n);
}

#endif
