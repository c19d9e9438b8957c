/* memo.c - route lookups remembered across the traces of a bulk run (trace.h,
 * struct trace_memo).
 *
 * check's all_pairs asks each route table about the same few service addresses (one
 * per destination group) for every source group behind it: a million lookups, a few
 * thousand different ones.  The answer depends only on the table and the address
 * (route_lookup reads nothing else), so it is kept in an open-addressing table keyed
 * by both.  Answers holding a propagated virtual route point into their own
 * route_match and are never kept: they are recomputed each time. */
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

struct trace_memo {
	struct memo_slot *slots;
	size_t cap, len;
};

struct trace_memo *trace_memo_new(void)
{
	struct trace_memo *m = xcalloc(1, sizeof(*m));
	m->cap = 256;
	m->slots = xcalloc(m->cap, sizeof(*m->slots));
	return m;
}

void trace_memo_free(struct trace_memo *m)
{
	if (!m)
		return;
	free(m->slots);
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
