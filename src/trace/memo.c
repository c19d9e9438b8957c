/* memo.c - what a bulk run's traces remember of one topology (trace.h, struct
 * trace_memo).
 *
 * check's all_pairs traces a million flows between a few thousand source groups and a
 * few dozen destinations, and asks the same questions again and again.  Each question
 * whose answer depends only on the topology and its own arguments is kept here, in a
 * bytemap from the question to an index into an array of answers:
 *   - a route table's answer for an address (route_lookup reads nothing else).
 *     Answers holding a propagated virtual route point into their own route_match and
 *     are never kept: they are recomputed each time;
 *   - whether a resource policy denies a request that does not come through a VPC
 *     endpoint (the resource-pinned-to-endpoint rule), which depends only on the policy
 *     and the request's action, resource and principal;
 *   - a destination argument, parsed (the same few dozen texts for every source);
 *   - what a source word names (name_resolve: several index lookups, the same for
 *     every trace from one group's representative);
 *   - a resource's place in the topology file, "FILE:LINE:COL", which every hop of
 *     every trace carries;
 *   - the request time (aws:CurrentTime, aws:EpochTime): one for the whole run;
 *   - a prefix list's address set split into its classes (addrset.c, F2.17): every
 *     trace to an S3 or DynamoDB name needs it.  The topology's prefixes are indexed
 *     by address at the first one, so that each further set reads only the prefixes
 *     near it (30,000 buckets, each in a Region of its own, are 30,000 sets).
 * The parsed destinations and places are strings in the memo's arena that the traces'
 * results borrow.
 *
 * Route answers and pinned decisions are asked per pair (a route table and an address,
 * a policy and a requester): with many route tables and many destinations there are as
 * many questions as flows, each asked once or twice.  Each kind therefore holds at most
 * MEMO_MAX_ANSWERS answers and starts afresh when full, so the memo's memory does not
 * grow with the number of flows (issue 15 item 1: a 1,000-subnet topology's all_pairs to
 * every instance once kept 260 MB of route answers). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "memo.h"
#include "addrset.h"
#include "vpcpath/arena.h"
#include "vpcpath/map.h"

/* Answers of one kind kept at most (about 4 MB of route answers); nothing is lost when
 * they are dropped but the time to ask again. */
#define MEMO_MAX_ANSWERS 16384

/* Forgets every answer of map *map (n of them) once it holds MEMO_MAX_ANSWERS. */
static void full_starts_afresh(struct bytemap **map, size_t *n)
{
	if (*n < MEMO_MAX_ANSWERS)
		return;
	bytemap_free(*map);
	*map = bytemap_new();
	*n = 0;
}

struct trace_memo {
	struct bytemap *routes, *pins, *dests, *locs;  /* question -> index below */
	struct route_match *route_answers;
	size_t nroutes, caproutes;
	bool *pinned;
	size_t npinned, cappinned;
	struct dest *parsed;
	size_t nparsed, capparsed;
	const char **places;
	size_t nplaces, capplaces;
	struct memo_range { const struct topo_prefix_list *pl; struct addrset set; } *ranges;
	const char *time_iso, *time_epoch;  /* the run's request time, once asked (F7.9) */
	size_t nranges, capranges;  /* one per service and Region asked about */
	struct bytemap *range_of;   /* prefix list (its address) -> index into ranges */
	struct bytemap *names;      /* a source word -> index into named */
	struct named *named;
	size_t nnamed, capnamed;
	struct addrset_index *prefixes;  /* made at the first range: a run may ask many */
	struct keybuf key;         /* the question being asked (reused) */
	struct arena *strings;     /* what the answers point to */
};

struct trace_memo *trace_memo_new(void)
{
	struct trace_memo *m = xcalloc(1, sizeof(*m));
	m->routes = bytemap_new();
	m->pins = bytemap_new();
	m->dests = bytemap_new();
	m->locs = bytemap_new();
	m->range_of = bytemap_new();
	m->names = bytemap_new();
	m->strings = arena_new();
	return m;
}

void trace_memo_free(struct trace_memo *m)
{
	if (!m)
		return;
	bytemap_free(m->routes);
	bytemap_free(m->pins);
	bytemap_free(m->dests);
	bytemap_free(m->locs);
	bytemap_free(m->range_of);
	bytemap_free(m->names);
	free(m->named);
	addrset_index_free(m->prefixes);
	free(m->ranges);
	free(m->route_answers);
	free(m->pinned);
	free(m->parsed);
	free(m->places);
	free(m->key.p);
	arena_free(m->strings);
	free(m);
}

/* items (room for cap answers of size bytes, n of them used), grown when full so that
 * one more fits. */
static void *room_for_one(void *items, size_t *cap, size_t n, size_t size)
{
	if (n < *cap)
		return items;
	*cap = *cap ? *cap * 2 : 64;
	return xrealloc(items, *cap * size);
}

void memo_route_lookup(struct trace_memo *m, const struct topology *t,
		       const struct topo_route_table *rt, const struct net_addr *dst,
		       struct route_match *out)
{
	if (!m) {
		route_lookup(t, rt, dst, out);
		return;
	}
	m->key.len = 0;
	keybuf_ptr(&m->key, rt);
	keybuf_put(&m->key, &dst->family, sizeof(dst->family));
	keybuf_put(&m->key, dst->b, dst->family == NET_V4 ? 4 : 16);  /* as net_addr_cmp */
	size_t found;
	if (bytemap_find(m->routes, m->key.p, m->key.len, &found)) {
		*out = m->route_answers[found];
		return;
	}
	route_lookup(t, rt, dst, out);
	if (out->propagated_virtual || out->route == &out->virtual_route)
		return;
	full_starts_afresh(&m->routes, &m->nroutes);
	bytemap_get_or_add(m->routes, m->key.p, m->key.len, m->nroutes, NULL);
	m->route_answers = room_for_one(m->route_answers, &m->caproutes, m->nroutes, sizeof(*out));
	m->route_answers[m->nroutes++] = *out;
}

bool memo_pinned(struct trace_memo *m, const struct policy *p, const struct policy_request *req,
		 bool (*decide)(const struct policy *p, const struct policy_request *req))
{
	if (!m)
		return decide(p, req);
	m->key.len = 0;
	keybuf_ptr(&m->key, p);
	keybuf_str(&m->key, req->action);
	keybuf_str(&m->key, req->resource);
	keybuf_str(&m->key, req->principal_arn);
	keybuf_str(&m->key, req->principal_account);
	size_t found;
	if (bytemap_find(m->pins, m->key.p, m->key.len, &found))
		return m->pinned[found];
	bool pinned = decide(p, req);
	full_starts_afresh(&m->pins, &m->npinned);
	bytemap_get_or_add(m->pins, m->key.p, m->key.len, m->npinned, NULL);
	m->pinned = room_for_one(m->pinned, &m->cappinned, m->npinned, sizeof(bool));
	m->pinned[m->npinned++] = pinned;
	return pinned;
}

bool memo_name_resolve(struct trace_memo *m, const struct topology *t, const char *word,
		       struct named *out, char *err, size_t errlen)
{
	if (!m)
		return name_resolve(t, word, out, err, errlen);
	size_t found;
	if (bytemap_find(m->names, word, strlen(word), &found)) {
		*out = m->named[found];
		return true;
	}
	/* a word that does not resolve is not kept: its trace ends there */
	if (!name_resolve(t, word, out, err, errlen))
		return false;
	full_starts_afresh(&m->names, &m->nnamed);
	bytemap_get_or_add(m->names, word, strlen(word), m->nnamed, NULL);
	m->named = room_for_one(m->named, &m->capnamed, m->nnamed, sizeof(*out));
	m->named[m->nnamed++] = *out;
	return true;
}

bool memo_dest_parse(struct trace_memo *m, const struct topology *t, const char *text,
		     const char *host_override, struct arena *a, struct dest *d, char *err,
		     size_t errlen)
{
	if (!m)
		return dest_parse(t, text, host_override, a, d, err, errlen);
	m->key.len = 0;
	keybuf_str(&m->key, text);
	keybuf_str(&m->key, host_override);
	size_t found;
	if (bytemap_find(m->dests, m->key.p, m->key.len, &found)) {
		*d = m->parsed[found];
		return true;
	}
	/* a destination that does not parse is not kept: its trace ends there */
	if (!dest_parse(t, text, host_override, m->strings, d, err, errlen))
		return false;
	bytemap_get_or_add(m->dests, m->key.p, m->key.len, m->nparsed, NULL);
	m->parsed = room_for_one(m->parsed, &m->capparsed, m->nparsed, sizeof(*d));
	m->parsed[m->nparsed++] = *d;
	return true;
}

const char *memo_loc(struct trace_memo *m, struct arena *a, const char *file, struct topo_loc loc)
{
	if (!m)
		return arena_loc(a, file, loc.line, loc.col);
	/* one topology, so one file: the line and column are the question */
	uint32_t key[2] = { loc.line, loc.col };
	size_t i = bytemap_get_or_add(m->locs, key, sizeof(key), m->nplaces, NULL);
	if (i == m->nplaces) {
		m->places = room_for_one(m->places, &m->capplaces, m->nplaces, sizeof(*m->places));
		m->places[m->nplaces++] = arena_loc(m->strings, file, loc.line, loc.col);
	}
	return m->places[i];
}

const struct addrset *memo_addrset(struct trace_memo *m, const struct topology *t,
				   const struct topo_prefix_list *pl, struct arena *a)
{
	if (!m) {
		struct addrset *set = arena_alloc(a, sizeof(*set));
		addrset_partition(t, pl->cidrs.items, pl->cidrs.len, a, set);
		return set;
	}
	size_t found;
	if (bytemap_find(m->range_of, &pl, sizeof(pl), &found))
		return &m->ranges[found].set;
	if (!m->prefixes)
		m->prefixes = addrset_index_new(t);
	bytemap_get_or_add(m->range_of, &pl, sizeof(pl), m->nranges, NULL);
	if (m->nranges == m->capranges) {
		m->capranges = m->capranges ? m->capranges * 2 : 8;
		m->ranges = xrealloc(m->ranges, m->capranges * sizeof(*m->ranges));
	}
	struct memo_range *r = &m->ranges[m->nranges++];
	r->pl = pl;
	addrset_partition_indexed(m->prefixes, pl->cidrs.items, pl->cidrs.len, m->strings, &r->set);
	return &r->set;
}

bool memo_request_time(struct trace_memo *m, const char **iso, const char **epoch)
{
	if (!m || !m->time_iso)
		return false;
	*iso = m->time_iso;
	*epoch = m->time_epoch;
	return true;
}

void memo_set_request_time(struct trace_memo *m, const char *iso, const char *epoch)
{
	if (!m)
		return;
	m->time_iso = arena_strdup(m->strings, iso);
	m->time_epoch = arena_strdup(m->strings, epoch);
}
