/* map.c - see include/vpcpath/map.h */
#include <stdlib.h>
#include <string.h>

#include "vpcpath/map.h"
#include "vpcpath/arena.h"

struct bytemap_slot {
	const unsigned char *key;
	size_t len;
	uint64_t hash;
	size_t value;
};

struct bytemap {
	struct bytemap_slot *slots;
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

struct bytemap *bytemap_new(void)
{
	struct bytemap *m = xcalloc(1, sizeof(*m));
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

static void grow(struct bytemap *m)
{
	size_t ncap = m->cap * 2;
	struct bytemap_slot *ns = xcalloc(ncap, sizeof(*ns));
	for (size_t i = 0; i < m->cap; i++) {
		struct bytemap_slot *s = &m->slots[i];
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

size_t bytemap_get_or_add(struct bytemap *m, const void *key, size_t len, size_t value,
			    bool *added)
{
	static const unsigned char empty[1];
	const unsigned char *k = len ? key : empty;
	uint64_t h = hash_bytes(k, len);
	size_t i = (size_t)h & (m->cap - 1);
	for (;;) {
		struct bytemap_slot *s = &m->slots[i];
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
	m->slots[i] = (struct bytemap_slot){ .key = copy, .len = len, .hash = h, .value = value };
	m->len++;
	if (added)
		*added = true;
	if (m->len * 4 >= m->cap * 3)
		grow(m);
	return value;
}

size_t bytemap_len(const struct bytemap *m)
{
	return m->len;
}

void bytemap_free(struct bytemap *m)
{
	if (!m)
		return;
	free(m->slots);
	arena_free(m->arena);
	free(m);
}

bool bytemap_find(const struct bytemap *m, const void *key, size_t len, size_t *value)
{
	static const unsigned char empty[1];
	const unsigned char *k = len ? key : empty;
	uint64_t h = hash_bytes(k, len);
	size_t i = (size_t)h & (m->cap - 1);
	for (;;) {
		const struct bytemap_slot *s = &m->slots[i];
		if (!s->key)
			return false;
		if (s->hash == h && s->len == len && memcmp(s->key, k, len) == 0) {
			*value = s->value;
			return true;
		}
		i = (i + 1) & (m->cap - 1);
	}
}

/* ---- key builder ---- */

void keybuf_reserve(struct keybuf *b, size_t n)
{
	size_t ncap = b->cap ? b->cap * 2 : 256;
	while (ncap < b->len + n)
		ncap *= 2;
	b->p = xrealloc(b->p, ncap);
	b->cap = ncap;
}
