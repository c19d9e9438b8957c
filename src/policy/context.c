/* context.c - the request context: condition keys and their values.
 *
 * Key names compare case-insensitively (F7.8); each entry keeps the key as first
 * given (for output) and a folded hash so lookups during evaluation are one hash
 * compare per key before any string compare.  The context owns copies of all
 * strings, in its own arena: one block beats a malloc per key and value.  Values a
 * key no longer has stay in the arena until the context is freed.  A context made
 * with policy_context_new_in() borrows its keys and values instead (a trace builds
 * one for every authorisation, from strings that outlive it). */
#include "policy-int.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "vpcpath/arena.h"

struct policy_context *policy_context_new(void)
{
	struct policy_context *c = xcalloc(1, sizeof(struct policy_context));
	c->strings = arena_new();
	c->own_strings = true;
	return c;
}

struct policy_context *policy_context_new_in(struct arena *a, size_t nkeys)
{
	/* everything in a: freeing it is a no-op */
	struct policy_context *c = arena_alloc(a, sizeof(struct policy_context));
	c->strings = a;
	if (nkeys) {  /* room for the keys the caller knows it will set: no regrowth */
		c->items = arena_alloc(a, nkeys * sizeof(*c->items));
		c->cap = nkeys;
	}
	return c;
}

void policy_context_free(struct policy_context *c)
{
	if (!c || !c->own_strings)
		return;
	free(c->items);
	if (c->own_strings)
		arena_free(c->strings);
	free(c);
}

const struct policy_ctx_entry *policy_context_find(const struct policy_context *c,
						  const char *key, size_t klen, uint32_t hash)
{
	if (!c)
		return NULL;
	for (size_t i = 0; i < c->len; i++) {
		const struct policy_ctx_entry *e = &c->items[i];
		if (e->hash == hash && e->klen == klen && strncasecmp(e->key, key, klen) == 0)
			return e;
	}
	return NULL;
}

static struct policy_ctx_entry *find_or_add(struct policy_context *c, const char *key,
					     size_t klen, bool known_new)
{
	uint32_t hash = policy_key_hash(key, klen);
	struct policy_ctx_entry *e = known_new ? NULL :
		(struct policy_ctx_entry *)policy_context_find(c, key, klen, hash);
	if (e)
		return e;
	if (c->len == c->cap) {
		size_t ncap = c->cap ? c->cap * 2 : 8;
		if (c->own_strings) {
			c->items = xrealloc(c->items, ncap * sizeof(*c->items));
		} else {  /* in the arena: grown by copying */
			struct policy_ctx_entry *n = arena_alloc(c->strings, ncap * sizeof(*n));
			if (c->len)
				memcpy(n, c->items, c->len * sizeof(*n));
			c->items = n;
		}
		c->cap = ncap;
	}
	e = &c->items[c->len++];
	memset(e, 0, sizeof(*e));
	e->key = c->own_strings ? arena_strndup(c->strings, key, klen) : key;
	e->klen = klen;
	e->hash = hash;
	return e;
}

static void entry_push(struct policy_context *c, struct policy_ctx_entry *e, const char *value)
{
	if (e->nvals == e->cap) {
		/* arena memory: grown by copying (values per key are few) */
		size_t ncap = e->cap ? e->cap * 2 : 2;
		const char **nv = arena_alloc(c->strings, ncap * sizeof(*nv));
		if (e->nvals)
			memcpy(nv, e->vals, e->nvals * sizeof(*nv));
		e->vals = nv;
		e->cap = ncap;
	}
	e->vals[e->nvals++] = c->own_strings ? arena_strdup(c->strings, value) : value;
}

void policy_context_set(struct policy_context *c, const char *key, const char *value)
{
	struct policy_ctx_entry *e = find_or_add(c, key, strlen(key), false);
	e->nvals = 0;
	if (value)
		entry_push(c, e, value);
}

void policy_context_set_new(struct policy_context *c, const char *key, size_t klen,
			    const char *value)
{
	struct policy_ctx_entry *e = find_or_add(c, key, klen, true);
	if (value)
		entry_push(c, e, value);
}

void policy_context_add(struct policy_context *c, const char *key, const char *value)
{
	struct policy_ctx_entry *e = find_or_add(c, key, strlen(key), false);
	if (value)
		entry_push(c, e, value);
}

void policy_context_remove(struct policy_context *c, const char *key)
{
	size_t klen = strlen(key);
	const struct policy_ctx_entry *found = policy_context_find(c, key, klen, policy_key_hash(key, klen));
	if (!found)
		return;
	size_t i = (size_t)(found - c->items);
	memmove(&c->items[i], &c->items[i + 1], (c->len - i - 1) * sizeof(*c->items));
	c->len--;
}

size_t policy_context_count(const struct policy_context *c)
{
	return c ? c->len : 0;
}

const char *policy_context_key(const struct policy_context *c, size_t i)
{
	return c && i < c->len ? c->items[i].key : NULL;
}

const char *policy_context_value(const struct policy_context *c, size_t i)
{
	return c && i < c->len && c->items[i].nvals ? c->items[i].vals[0] : NULL;
}

size_t policy_context_nvalues(const struct policy_context *c, size_t i)
{
	return c && i < c->len ? c->items[i].nvals : 0;
}

const char *policy_context_value_at(const struct policy_context *c, size_t i, size_t j)
{
	return c && i < c->len && j < c->items[i].nvals ? c->items[i].vals[j] : NULL;
}
