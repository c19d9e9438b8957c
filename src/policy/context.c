/* context.c - the request context: condition keys and their values.
 *
 * Key names compare case-insensitively (F7.8); each entry keeps the key as first
 * given (for output) and a folded hash so lookups during evaluation are one hash
 * compare per key before any string compare.  The context owns copies of all
 * strings. */
#include "policy-int.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

struct policy_context *policy_context_new(void)
{
	return xcalloc(1, sizeof(struct policy_context));
}

static void entry_clear_values(struct policy_ctx_entry *e)
{
	for (size_t i = 0; i < e->nvals; i++)
		free(e->vals[i]);
	e->nvals = 0;
}

void policy_context_free(struct policy_context *c)
{
	if (!c)
		return;
	for (size_t i = 0; i < c->len; i++) {
		entry_clear_values(&c->items[i]);
		free(c->items[i].vals);
		free(c->items[i].key);
	}
	free(c->items);
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

static struct policy_ctx_entry *find_or_add(struct policy_context *c, const char *key)
{
	size_t klen = strlen(key);
	uint32_t hash = policy_key_hash(key, klen);
	struct policy_ctx_entry *e = (struct policy_ctx_entry *)policy_context_find(c, key, klen, hash);
	if (e)
		return e;
	if (c->len == c->cap) {
		c->cap = c->cap ? c->cap * 2 : 8;
		c->items = xrealloc(c->items, c->cap * sizeof(*c->items));
	}
	e = &c->items[c->len++];
	memset(e, 0, sizeof(*e));
	e->key = xstrdup(key);
	e->klen = klen;
	e->hash = hash;
	return e;
}

static void entry_push(struct policy_ctx_entry *e, const char *value)
{
	if (e->nvals == e->cap) {
		e->cap = e->cap ? e->cap * 2 : 2;
		e->vals = xrealloc(e->vals, e->cap * sizeof(*e->vals));
	}
	e->vals[e->nvals++] = xstrdup(value);
}

void policy_context_set(struct policy_context *c, const char *key, const char *value)
{
	struct policy_ctx_entry *e = find_or_add(c, key);
	entry_clear_values(e);
	if (value)
		entry_push(e, value);
}

void policy_context_add(struct policy_context *c, const char *key, const char *value)
{
	struct policy_ctx_entry *e = find_or_add(c, key);
	if (value)
		entry_push(e, value);
}

void policy_context_remove(struct policy_context *c, const char *key)
{
	size_t klen = strlen(key);
	const struct policy_ctx_entry *found = policy_context_find(c, key, klen, policy_key_hash(key, klen));
	if (!found)
		return;
	size_t i = (size_t)(found - c->items);
	struct policy_ctx_entry *e = &c->items[i];
	entry_clear_values(e);
	free(e->vals);
	free(e->key);
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
