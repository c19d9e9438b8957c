/* map.c - a byte-string -> index map (open addressing), for interning group keys,
 * signatures and finding keys.  Keys are copied into the map's arena. */
#include <stdlib.h>
#include <string.h>

#include "check-int.h"
#include "vpcpath/arena.h"

struct map_slot {
	const unsigned char *key;
	size_t len;
	uint64_t hash;
	size_t value;
};

struct check_map {
	struct map_slot *slots;
	size_t cap, len;
	struct arena *arena;
};

static uint64_t hash_bytes(const unsigned char *p, size_t n)
{
	/* eight bytes at a time (keys are pointers, counts and places, tens of bytes,
	 * hashed for every failing flow), each word mixed in by a multiply; then a final
	 * mix so the low bits, the table index, depend on every byte */
	uint64_t h = 0x9e3779b97f4a7c15ull ^ (n * 0xc4ceb9fe1a85ec53ull);
	uint64_t w;
	for (; n >= 8; p += 8, n -= 8) {
		memcpy(&w, p, 8);
		h = (h ^ w) * 0xff51afd7ed558ccdull;
		h ^= h >> 29;
	}
	w = 0;
	memcpy(&w, p, n);
	h = (h ^ w) * 0xc4ceb9fe1a85ec53ull;
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdull;
	h ^= h >> 33;
	return h;
}

struct check_map *check_map_new(void)
{
	struct check_map *m = xcalloc(1, sizeof(*m));
	m->cap = 64;
	m->slots = xcalloc(m->cap, sizeof(*m->slots));
	m->arena = arena_new();
	if (!m->arena) {
		free(m->slots);
		free(m);
		return NULL;
	}
	return m;
}

static void grow(struct check_map *m)
{
	size_t ncap = m->cap * 2;
	struct map_slot *ns = xcalloc(ncap, sizeof(*ns));
	for (size_t i = 0; i < m->cap; i++) {
		struct map_slot *s = &m->slots[i];
		if (!s->key)
			continue;
		size_t j = (size_t)s->hash & (ncap - 1);
		while (ns[j].key)
			j = (j + 1) & (ncap - 1);
		ns[j] = *s;
	}
	free(m->slots);
	m->slots = ns;
	m->cap = ncap;
}

size_t check_map_get_or_add(struct check_map *m, const void *key, size_t len, size_t value,
			    bool *added)
{
	static const unsigned char empty[1];
	const unsigned char *k = len ? key : empty;
	uint64_t h = hash_bytes(k, len);
	size_t i = (size_t)h & (m->cap - 1);
	for (;;) {
		struct map_slot *s = &m->slots[i];
		if (!s->key)
			break;
		if (s->hash == h && s->len == len && memcmp(s->key, k, len) == 0) {
			if (added)
				*added = false;
			return s->value;
		}
		i = (i + 1) & (m->cap - 1);
	}
	unsigned char *copy = arena_alloc(m->arena, len ? len : 1);
	memcpy(copy, k, len);
	m->slots[i] = (struct map_slot){ .key = copy, .len = len, .hash = h, .value = value };
	m->len++;
	if (added)
		*added = true;
	if (m->len * 4 >= m->cap * 3)
		grow(m);
	return value;
}

size_t check_map_len(const struct check_map *m)
{
	return m->len;
}

void check_map_free(struct check_map *m)
{
	if (!m)
		return;
	free(m->slots);
	arena_free(m->arena);
	free(m);
}

/* ---- key builder ---- */

void check_buf_put(struct check_buf *b, const void *d, size_t n)
{
	if (b->len + n > b->cap) {
		size_t ncap = b->cap ? b->cap * 2 : 256;
		while (ncap < b->len + n)
			ncap *= 2;
		b->p = xrealloc(b->p, ncap);
		b->cap = ncap;
	}
	if (n)
		memcpy(b->p + b->len, d, n);
	b->len += n;
}

void check_buf_u64(struct check_buf *b, uint64_t v)
{
	check_buf_put(b, &v, sizeof(v));
}

void check_buf_ptr(struct check_buf *b, const void *ptr)
{
	check_buf_u64(b, (uint64_t)(uintptr_t)ptr);
}

/* length-prefixed, so "ab"+"c" and "a"+"bc" differ; NULL differs from "" */
void check_buf_str(struct check_buf *b, const char *s)
{
	if (!s) {
		check_buf_u64(b, UINT64_MAX);
		return;
	}
	size_t n = strlen(s);
	check_buf_u64(b, n);
	check_buf_put(b, s, n);
}

bool check_map_find(const struct check_map *m, const void *key, size_t len, size_t *value)
{
	static const unsigned char empty[1];
	const unsigned char *k = len ? key : empty;
	uint64_t h = hash_bytes(k, len);
	size_t i = (size_t)h & (m->cap - 1);
	for (;;) {
		const struct map_slot *s = &m->slots[i];
		if (!s->key)
			return false;
		if (s->hash == h && s->len == len && memcmp(s->key, k, len) == 0) {
			*value = s->value;
			return true;
		}
		i = (i + 1) & (m->cap - 1);
	}
}
