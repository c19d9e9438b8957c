/* memo.c - route lookups remembered across the traces of a bulk run (trace.h,
 * struct trace_memo).
 *
 * check's all_pairs asks each route table about the same few service addresses (one
 * per destination group) for every source group behind it: a million lookups, a few
 * thousand different ones.  The answer depends only on the table and the address
 * (route_lookup reads nothing else), so it is kept in an open-addressing table keyed
 * by both.  Answers holding a propagated virtual route point into their own
 * route_match and are never kept: they are recomputed each time.
 *
 * It also keeps whether a resource policy denies a request that does not come through
 * a VPC endpoint (the resource-pinned-to-endpoint rule), which depends only on the
 * policy and the request's action, resource and principal: the same few questions for
 * every source group. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "memo.h"
#include "vpcpath/arena.h"

struct memo_slot {
	const struct topo_route_table *rt;  /* NULL: empty */
	struct net_addr dst;
	struct route_match m;
};

struct pinned_slot {
	const char *key;  /* policy pointer and request, NUL-separated; NULL: empty */
	size_t len;
	uint64_t hash;
	bool pinned;
};

struct trace_memo {
	struct memo_slot *slots;
	size_t cap, len;
	struct pinned_slot *pins;
	size_t cap_pins, len_pins;
	struct arena *keys;
};

struct trace_memo *trace_memo_new(void)
{
	struct trace_memo *m = xcalloc(1, sizeof(*m));
	m->cap = 256;
	m->slots = xcalloc(m->cap, sizeof(*m->slots));
	m->cap_pins = 64;
	m->pins = xcalloc(m->cap_pins, sizeof(*m->pins));
	m->keys = arena_new();
	return m;
}

void trace_memo_free(struct trace_memo *m)
{
	if (!m)
		return;
	free(m->slots);
	free(m->pins);
	arena_free(m->keys);
	free(m);
}

static size_t slot_of(const struct trace_memo *m, const struct topo_route_table *rt,
		      const struct net_addr *dst)
{
	uint64_t h = (uint64_t)(uintptr_t)rt * 0x9e3779b97f4a7c15ull;
	for (size_t i = 0; i < 17; i++)
		h = (h ^ (i ? dst->b[i - 1] : dst->family)) * 0x100000001b3ull;
	h ^= h >> 29;
	size_t i = (size_t)h & (m->cap - 1);
	while (m->slots[i].rt && (m->slots[i].rt != rt || !net_addr_eq(&m->slots[i].dst, dst)))
		i = (i + 1) & (m->cap - 1);
	return i;
}

static void grow(struct trace_memo *m)
{
	struct memo_slot *old = m->slots;
	size_t ocap = m->cap;
	m->cap *= 2;
	m->slots = xcalloc(m->cap, sizeof(*m->slots));
	for (size_t i = 0; i < ocap; i++)
		if (old[i].rt)
			m->slots[slot_of(m, old[i].rt, &old[i].dst)] = old[i];
	free(old);
}

/* The key of a pinned question in buf (policy pointer, then the strings, each with its
 * NUL; a NULL string as a lone 0x01 so that NULL and "" differ); 0 when it is too long
 * to keep. */
static size_t pinned_key(char *buf, size_t cap, const void *policy, const struct policy_request *req)
{
	const char *parts[4] = { req->action, req->resource, req->principal_arn,
				 req->principal_account };
	size_t n = sizeof(policy);
	if (n > cap)
		return 0;
	memcpy(buf, &policy, sizeof(policy));
	for (int i = 0; i < 4; i++) {
		const char *s = parts[i] ? parts[i] : "\x01";
		size_t l = strlen(s) + 1;
		if (n + l > cap)
			return 0;
		memcpy(buf + n, s, l);
		n += l;
	}
	return n;
}

static uint64_t key_hash(const char *k, size_t n)
{
	uint64_t h = 1469598103934665603ull;
	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)k[i]) * 1099511628211ull;
	return h ^ (h >> 31);
}

static struct pinned_slot *pinned_slot(struct trace_memo *m, const char *key, size_t n, uint64_t h)
{
	size_t i = (size_t)h & (m->cap_pins - 1);
	while (m->pins[i].key &&
	       (m->pins[i].hash != h || m->pins[i].len != n || memcmp(m->pins[i].key, key, n)))
		i = (i + 1) & (m->cap_pins - 1);
	return &m->pins[i];
}

bool memo_pinned(struct trace_memo *m, const struct policy *p, const struct policy_request *req,
		 bool (*decide)(const struct policy *p, const struct policy_request *req))
{
	char key[1024];
	size_t n = m ? pinned_key(key, sizeof(key), p, req) : 0;
	if (!n)
		return decide(p, req);
	uint64_t h = key_hash(key, n);
	struct pinned_slot *s = pinned_slot(m, key, n, h);
	if (s->key)
		return s->pinned;
	bool pinned = decide(p, req);
	*s = (struct pinned_slot){ .key = arena_strndup(m->keys, key, n), .len = n, .hash = h,
				   .pinned = pinned };
	if (++m->len_pins * 2 > m->cap_pins) {
		struct pinned_slot *old = m->pins;
		size_t ocap = m->cap_pins;
		m->cap_pins *= 2;
		m->pins = xcalloc(m->cap_pins, sizeof(*m->pins));
		for (size_t i = 0; i < ocap; i++)
			if (old[i].key)
				*pinned_slot(m, old[i].key, old[i].len, old[i].hash) = old[i];
		free(old);
	}
	return pinned;
}

void memo_route_lookup(struct trace_memo *m, const struct topology *t,
		       const struct topo_route_table *rt, const struct net_addr *dst,
		       struct route_match *out)
{
	if (!m) {
		route_lookup(t, rt, dst, out);
		return;
	}
	size_t i = slot_of(m, rt, dst);
	if (m->slots[i].rt) {
		*out = m->slots[i].m;
		return;
	}
	route_lookup(t, rt, dst, out);
	if (out->propagated_virtual || out->route == &out->virtual_route)
		return;
	m->slots[i] = (struct memo_slot){ .rt = rt, .dst = *dst, .m = *out };
	if (++m->len * 2 > m->cap)
		grow(m);
}
