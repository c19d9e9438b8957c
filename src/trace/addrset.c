/* addrset.c - a name's address set split into the classes of addresses that nothing in
 * the topology tells apart (F2.17); see addrset.h.
 *
 * Three steps:
 *  1. collect every prefix of the topology that overlaps the set (items), each with the
 *     token of what it belongs to (a prefix list's entries share the list's token: a
 *     security-group rule naming the list matches any of them);
 *  2. cut the set into pieces so that each item holds a piece whole or not at all;
 *  3. give each piece a signature: the tokens of the items that hold it, and the route
 *     every route table (VPC and transit gateway) chooses for it.  Route tables choose
 *     by longest prefix, per prefix-list entry (F1.4), so membership alone would not
 *     do: the chosen route is what a trace follows.  Pieces with one signature form a
 *     class, traced once.
 */
#include "addrset.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "trace-int.h"
#include "vpcpath/arena.h"
#include "vpcpath/map.h"
#include "vpcpath/route.h"
#include "vpcpath/util.h"

struct item {
	struct net_prefix p;
	const void *token;   /* NULL: a route's destination, which only cuts (the route
	                      * table's choice is in the signature instead) */
	const struct topo_route_table *rt;  /* the VPC route table whose route it is, or NULL */
};

struct span {
	struct net_addr lo, hi;  /* first and last address */
};

/* What collect() hands every prefix of the topology to: keep (the items near one
 * set, filtered as they come) or the index (every item, filtered per set later). */
struct collector {
	struct span *spans;      /* the set's entries, ascending, none inside another */
	size_t nspans;
	int family;
	struct item *items;
	size_t nitems, cap;
	/* the route tables with a route near the set, in the topology's order */
	const struct topo_route_table **rts;
	size_t nrts, caprts;
	bool failed;         /* out of memory */
	bool unfiltered;     /* keep every item (building an addrset_index) */
};

static struct span span_of(const struct net_prefix *p)
{
	struct span r = { p->addr, p->addr };
	unsigned bits = p->addr.family == NET_V4 ? 32 : 128;
	for (unsigned i = p->len; i < bits; i++)
		r.hi.b[i / 8] |= (uint8_t)(0x80u >> (i % 8));
	return r;
}

/* Whether p meets the set: the first entry that does not end before p must start
 * before p ends (binary search; the set's entries are disjoint and ascending). */
static bool overlaps_set(const struct collector *c, const struct net_prefix *p)
{
	if (p->addr.family != c->family)
		return false;
	struct span q = span_of(p);
	size_t lo = 0, hi = c->nspans;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (net_addr_cmp(&c->spans[mid].hi, &q.lo) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < c->nspans && net_addr_cmp(&c->spans[lo].lo, &q.hi) <= 0;
}

/* Whether p holds every address of the set: such an item tells no two apart.  A
 * prefix is one run of addresses, so holding the first and the last is enough. */
static bool covers_set(const struct collector *c, const struct net_prefix *p)
{
	struct span q = span_of(p);
	return net_addr_cmp(&q.lo, &c->spans[0].lo) <= 0 &&
	       net_addr_cmp(&c->spans[c->nspans - 1].hi, &q.hi) <= 0;
}

static bool push_item(struct collector *c, const struct item *it)
{
	if (c->nitems == c->cap) {
		size_t cap = c->cap ? c->cap * 2 : 64;
		struct item *n = realloc(c->items, cap * sizeof(*n));
		if (!n) {
			c->failed = true;
			return false;
		}
		c->items = n;
		c->cap = cap;
	}
	c->items[c->nitems++] = *it;
	return true;
}

/* Keeps item it when it could cut the set: it meets the set and, unless it is a
 * route's destination, does not hold all of it.  A kept route makes its table one of
 * the set's (items of one table come one after another). */
static void keep_if_near(struct collector *c, const struct item *it)
{
	if (c->failed || !overlaps_set(c, &it->p))
		return;
	if (it->token && covers_set(c, &it->p))
		return;
	if (!push_item(c, it) || !it->rt || (c->nrts && c->rts[c->nrts - 1] == it->rt))
		return;
	if (c->nrts == c->caprts) {
		size_t cap = c->caprts ? c->caprts * 2 : 16;
		const struct topo_route_table **n = realloc(c->rts, cap * sizeof(*n));
		if (!n) {
			c->failed = true;
			return;
		}
		c->rts = n;
		c->caprts = cap;
	}
	c->rts[c->nrts++] = it->rt;
}

/* a route's destination (which only cuts) in route table rt */
static void add_route_prefix(struct collector *c, const struct net_prefix *p,
			     const struct topo_route_table *rt)
{
	struct item it = { *p, NULL, rt };
	if (c->unfiltered)
		push_item(c, &it);
	else
		keep_if_near(c, &it);
}

static void add_prefix(struct collector *c, const struct net_prefix *p, const void *token)
{
	struct item it = { *p, token, NULL };
	if (c->unfiltered)
		push_item(c, &it);
	else
		keep_if_near(c, &it);
}

static void add_addr(struct collector *c, const struct net_addr *a, const void *token)
{
	if (!a->family)
		return;
	struct net_prefix p = { *a, (uint8_t)(a->family == NET_V4 ? 32 : 128) };
	add_prefix(c, &p, token);
}

static void add_array(struct collector *c, const struct topo_prefix_array *arr, const void *token)
{
	for (size_t i = 0; i < arr->len; i++)
		add_prefix(c, &arr->items[i], token ? token : &arr->items[i]);
}

struct propagated_ctx {
	struct collector *c;
	const struct topo_route_table *rt;
};

static void add_propagated(const struct net_prefix *p, const struct topo_gateway *vgw, void *ctx)
{
	(void)vgw;
	struct propagated_ctx *pc = ctx;
	add_route_prefix(pc->c, p, pc->rt);
}

/* The addresses the instance's host answers and the ranges AWS reserves (host_served in
 * source.c, F1.7): each decides a trace on its own. */
static const char *const host_addresses[] = {
	"169.254.168.0/22", "fd00:ec2::/32", "169.254.169.254", "169.254.169.253",
	"169.254.169.123", "fd00:ec2::254", "fd00:ec2::253", "fd00:ec2::123",
};

static void collect_vpc(struct collector *c, const struct topology *t, const struct topo_vpc *v)
{
	add_array(c, &v->cidrs, NULL);
	add_array(c, &v->ipv6_cidrs, NULL);
	for (size_t i = 0; i < v->cidrs.len; i++) {
		struct net_addr resolver = net_prefix_nth(&v->cidrs.items[i], 2);  /* F6.3 */
		/* a token of its own: the address of the CIDR's length field */
		add_addr(c, &resolver, &v->cidrs.items[i].len);
	}
	for (size_t i = 0; i < v->nsubnets; i++) {
		const struct topo_subnet *s = &v->subnets[i];
		if (s->has_cidr)
			add_prefix(c, &s->cidr, &s->cidr);
		if (s->has_ipv6)
			add_prefix(c, &s->ipv6_cidr, &s->ipv6_cidr);
	}
	for (size_t i = 0; i < v->nroute_tables; i++) {
		const struct topo_route_table *rt = &v->route_tables[i];
		for (size_t k = 0; k < rt->nroutes; k++) {
			const struct topo_route *r = &rt->routes[k];
			const struct topo_prefix_list *pl = r->dest_is_prefix_list ? r->dest_pl.ptr : NULL;
			if (pl)
				for (size_t e = 0; e < pl->cidrs.len; e++)
					add_route_prefix(c, &pl->cidrs.items[e], rt);
			else if (!r->dest_is_prefix_list)
				add_route_prefix(c, &r->dest, rt);
		}
		struct propagated_ctx pc = { c, rt };
		route_for_each_propagated(t, rt, add_propagated, &pc);
	}
	for (size_t i = 0; i < v->nsecurity_groups; i++) {
		const struct topo_security_group *sg = &v->security_groups[i];
		const struct topo_sg_rules *lists[2] = { &sg->ingress, &sg->egress };
		for (size_t l = 0; l < 2; l++)
			for (size_t k = 0; k < lists[l]->len; k++) {
				const struct topo_sg_rule *r = &lists[l]->items[k];
				if (r->peer_kind == TOPO_PEER_CIDR)
					add_prefix(c, &r->cidr, &r->cidr);
			}
	}
	for (size_t i = 0; i < v->nnetwork_acls; i++) {
		const struct topo_network_acl *acl = &v->network_acls[i];
		const struct topo_nacl_rules *lists[2] = { &acl->ingress, &acl->egress };
		for (size_t l = 0; l < 2; l++)
			for (size_t k = 0; k < lists[l]->len; k++)
				add_prefix(c, &lists[l]->items[k].cidr, &lists[l]->items[k].cidr);
	}
	for (size_t i = 0; i < v->nnat_gateways; i++) {
		const struct topo_nat_gateway *n = &v->nat_gateways[i];
		if (n->has_private_ip)
			add_addr(c, &n->private_ip, &n->private_ip);
		if (n->has_public_ip)
			add_addr(c, &n->public_ip, &n->public_ip);
	}
	for (size_t i = 0; i < v->nendpoints; i++)
		for (size_t k = 0; k < v->endpoints[i].nips; k++)
			add_addr(c, &v->endpoints[i].ips[k].ip, &v->endpoints[i].ips[k].ip);
	for (size_t i = 0; i < v->ninstances; i++) {
		const struct topo_instance *in = &v->instances[i];
		if (in->has_private_ip)
			add_addr(c, &in->private_ip, &in->private_ip);
		if (in->has_public_ip)
			add_addr(c, &in->public_ip, &in->public_ip);
		for (size_t k = 0; k < in->nipv6; k++)
			add_addr(c, &in->ipv6_ips[k], &in->ipv6_ips[k]);
	}
}

/* Every prefix of the topology that could decide a trace, in one fixed order, to c. */
static void collect(struct collector *c, const struct topology *t)
{
	static struct net_prefix host_prefixes[sizeof(host_addresses) / sizeof(host_addresses[0])];
	static bool parsed;
	if (!parsed) {  /* literals: the same every time, so a race writes the same bytes */
		for (size_t i = 0; i < sizeof(host_addresses) / sizeof(host_addresses[0]); i++)
			net_prefix_parse(host_addresses[i], &host_prefixes[i], NULL);
		parsed = true;
	}
	for (size_t i = 0; i < sizeof(host_prefixes) / sizeof(host_prefixes[0]); i++)
		add_prefix(c, &host_prefixes[i], &host_prefixes[i]);
	for (size_t i = 0; i < t->nprefix_lists; i++)
		add_array(c, &t->prefix_lists[i].cidrs, &t->prefix_lists[i]);
	for (size_t v = 0; v < t->nvpcs; v++)
		collect_vpc(c, t, &t->vpcs[v]);
	for (size_t i = 0; i < t->non_premises; i++)
		add_array(c, &t->on_premises[i].cidrs, NULL);
	for (size_t i = 0; i < t->nvpn_connections; i++)
		add_array(c, &t->vpn_connections[i].static_routes, NULL);
	for (size_t g = 0; g < t->ntransit_gateways; g++) {
		const struct topo_transit_gateway *tgw = &t->transit_gateways[g];
		for (size_t i = 0; i < tgw->nroute_tables; i++)
			for (size_t k = 0; k < tgw->route_tables[i].nroutes; k++) {
				const struct topo_tgw_route *r = &tgw->route_tables[i].routes[k];
				const struct topo_prefix_list *pl = r->dest_is_prefix_list ?
								    r->dest_pl.ptr : NULL;
				if (pl)
					for (size_t e = 0; e < pl->cidrs.len; e++)
						add_prefix(c, &pl->cidrs.items[e], NULL);
				else if (!r->dest_is_prefix_list)
					add_prefix(c, &r->dest, NULL);
			}
	}
}

/* ---- address arithmetic ----------------------------------------------------------- */

static unsigned family_bits(int family)
{
	return family == NET_V4 ? 32 : 128;
}

static bool bit_of(const struct net_addr *a, unsigned pos)
{
	return (a->b[pos / 8] >> (7 - pos % 8)) & 1;
}

static struct net_prefix child(const struct net_prefix *p, bool one)
{
	struct net_prefix c = *p;
	uint8_t mask = (uint8_t)(0x80u >> (p->len % 8));
	if (one)
		c.addr.b[p->len / 8] |= mask;
	else
		c.addr.b[p->len / 8] &= (uint8_t)~mask;
	c.len = (uint8_t)(p->len + 1);
	return c;
}

/* a + 1; false when a was the family's last address */
static bool addr_next(const struct net_addr *a, struct net_addr *out)
{
	*out = *a;
	for (int i = (int)family_bits(a->family) / 8 - 1; i >= 0; i--)
		if (++out->b[i])
			return true;
	return false;
}

/* The largest aligned block that starts at lo and ends at or before hi. */
static struct net_prefix first_block(const struct net_addr *lo, const struct net_addr *hi)
{
	unsigned bits = family_bits(lo->family), len = bits;
	while (len > 0 && !bit_of(lo, len - 1))
		len--;  /* lo is aligned to /len: its bits past len are zero */
	for (;; len++) {
		struct net_prefix p = { *lo, (uint8_t)len };
		struct span sp = span_of(&p);
		if (net_addr_cmp(&sp.hi, hi) <= 0)
			return p;
	}
}

/* ---- elementary intervals ----------------------------------------------------------- */

/* An item starts holding addresses at its first one and stops past its last: between
 * two consecutive such boundaries every item holds all addresses or none, so each run
 * of addresses between boundaries (an interval) is traced alike but for the route
 * choices, which the boundaries of route destinations settle the same way. */
struct event {
	struct net_addr at;
	size_t token;      /* index into the distinct tokens, or SIZE_MAX: a boundary only */
	int delta;         /* +1 the token starts holding, -1 it stops */
};

static int event_cmp(const void *a, const void *b)
{
	return net_addr_cmp(&((const struct event *)a)->at, &((const struct event *)b)->at);
}

static int token_cmp(const void *a, const void *b)
{
	uintptr_t x = (uintptr_t)*(const void *const *)a, y = (uintptr_t)*(const void *const *)b;
	return x < y ? -1 : x > y;
}

static size_t token_index(const void *const *tokens, size_t n, const void *t)
{
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if ((uintptr_t)tokens[mid] < (uintptr_t)t)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* ---- classes ---------------------------------------------------------------------- */

/* Sorted pieces of one class, with sibling halves merged back into their parent. */
static size_t merge_siblings(struct net_prefix *p, size_t n)
{
	bool merged = true;
	while (merged && n > 1) {
		merged = false;
		size_t w = 0;
		for (size_t i = 0; i < n; i++) {
			if (i + 1 < n && p[i].len == p[i + 1].len && p[i].len > 0 &&
			    !bit_of(&p[i].addr, p[i].len - 1u)) {
				struct net_prefix parent = p[i];
				parent.len--;
				struct net_prefix upper = child(&parent, true);
				if (net_addr_eq(&upper.addr, &p[i + 1].addr)) {
					p[w++] = parent;
					i++;
					merged = true;
					continue;
				}
			}
			p[w++] = p[i];
		}
		n = w;
	}
	return n;
}

/* ---- partition -------------------------------------------------------------------- */

static bool addr_prev(const struct net_addr *a, struct net_addr *out)
{
	*out = *a;
	for (int i = (int)family_bits(a->family) / 8 - 1; i >= 0; i--)
		if (out->b[i]--)
			return true;
	return false;
}

/* The route every route table near the set, and every transit gateway route table,
 * chooses for rep: a trace follows the chosen route, so it is part of the signature. */
static void put_route_choices(struct keybuf *key, const struct topology *t,
			      const struct topo_route_table *const *rts, size_t nrts,
			      const struct net_addr *rep)
{
	for (size_t i = 0; i < nrts; i++) {
		struct route_match m;
		route_lookup(t, rts[i], rep, &m);
		keybuf_u64(key, (uint64_t)m.outcome);
		keybuf_ptr(key, m.outcome == ROUTE_NONE ? NULL : m.propagated_virtual ?
				(const void *)m.route->target.ptr : (const void *)m.route);
		keybuf_ptr(key, m.outcome == ROUTE_AMBIGUOUS ? (const void *)m.rival : NULL);
	}
	for (size_t g = 0; g < t->ntransit_gateways; g++)
		for (size_t i = 0; i < t->transit_gateways[g].nroute_tables; i++) {
			struct tgw_match m;
			tgw_lookup(t, &t->transit_gateways[g].route_tables[i], rep, &m);
			keybuf_u64(key, (uint64_t)m.found);
			keybuf_ptr(key, m.attachment);
			keybuf_u64(key, (uint64_t)m.blackhole);
		}
}

static const struct addrset_bounds default_bounds = {
	ADDRSET_MAX_PIECES, ADDRSET_MAX_CLASSES, ADDRSET_MAX_LOOKUPS, ADDRSET_MAX_SIGNATURE_BYTES,
};
static struct addrset_bounds bounds = {
	ADDRSET_MAX_PIECES, ADDRSET_MAX_CLASSES, ADDRSET_MAX_LOOKUPS, ADDRSET_MAX_SIGNATURE_BYTES,
};

void addrset_set_bounds(const struct addrset_bounds *b)
{
	bounds = b ? *b : default_bounds;
}

struct interval {
	struct net_addr lo, hi;
	size_t cls;
};

struct walk {
	struct tmpvec iv;    /* struct interval, ascending */
	size_t nclasses;
	size_t key_bytes;    /* the distinct signatures' bytes: bounded like the rest */
	bool truncated;
};

/* The address of p that stands for it in a trace: past the network address when there
 * is room (any address of the class would do). */
static struct net_addr representative(const struct net_prefix *p)
{
	return net_prefix_nth(p, net_prefix_size(p) >= 4 ? 1 : 0);
}

/* Sweeps the boundaries in address order, keeping which tokens hold the current
 * interval, and gives every interval inside the set the class of its signature. */
static void sweep(struct walk *w, const struct topology *t, const struct collector *c,
		  const struct topo_route_table *const *rts, size_t nrts)
{
	const void **tokens = xmalloc((c->nitems ? c->nitems : 1) * sizeof(*tokens));
	size_t ntokens = 0;
	for (size_t i = 0; i < c->nitems; i++)
		if (c->items[i].token)
			tokens[ntokens++] = c->items[i].token;
	qsort(tokens, ntokens, sizeof(*tokens), token_cmp);
	size_t nt = 0;
	for (size_t i = 0; i < ntokens; i++)
		if (!nt || tokens[nt - 1] != tokens[i])
			tokens[nt++] = tokens[i];

	struct event *ev = xmalloc((2 * c->nitems + 2 * c->nspans) * sizeof(*ev));
	size_t nev = 0;
	struct net_addr past;
	for (size_t i = 0; i < c->nspans; i++) {
		ev[nev++] = (struct event){ c->spans[i].lo, SIZE_MAX, 0 };
		if (addr_next(&c->spans[i].hi, &past))
			ev[nev++] = (struct event){ past, SIZE_MAX, 0 };
	}
	for (size_t i = 0; i < c->nitems; i++) {
		struct span sp = span_of(&c->items[i].p);
		size_t tok = c->items[i].token ? token_index(tokens, nt, c->items[i].token) : SIZE_MAX;
		ev[nev++] = (struct event){ sp.lo, tok, +1 };
		if (addr_next(&sp.hi, &past))
			ev[nev++] = (struct event){ past, tok, -1 };
	}
	qsort(ev, nev, sizeof(*ev), event_cmp);

	size_t ntgw_tables = 0;
	for (size_t g = 0; g < t->ntransit_gateways; g++)
		ntgw_tables += t->transit_gateways[g].nroute_tables;
	size_t lookups_each = nrts + ntgw_tables, lookups = 0;
	size_t nwords = (nt + 63) / 64;
	uint64_t *held = xcalloc(nwords ? nwords : 1, sizeof(*held));
	size_t *count = xcalloc(nt ? nt : 1, sizeof(*count));
	struct bytemap *classes = bytemap_new();
	struct keybuf key = { 0 };
	size_t si = 0;
	for (size_t i = 0; i < nev && !w->truncated;) {
		struct net_addr at = ev[i].at;
		for (; i < nev && net_addr_eq(&ev[i].at, &at); i++) {
			size_t k = ev[i].token;
			if (k == SIZE_MAX)
				continue;
			if (ev[i].delta > 0 && count[k]++ == 0)
				held[k / 64] |= (uint64_t)1 << (k % 64);
			else if (ev[i].delta < 0 && --count[k] == 0)
				held[k / 64] &= ~((uint64_t)1 << (k % 64));
		}
		while (si < c->nspans && net_addr_cmp(&c->spans[si].hi, &at) < 0)
			si++;
		if (si == c->nspans)
			break;
		if (net_addr_cmp(&c->spans[si].lo, &at) > 0)
			continue;  /* between two of the set's entries */
		struct net_addr hi = c->spans[si].hi;
		if (i < nev)
			addr_prev(&ev[i].at, &hi);  /* the span's end is a boundary: hi stays inside */
		lookups += lookups_each;
		if (w->iv.len >= bounds.pieces || lookups > bounds.lookups) {
			w->truncated = true;
			break;
		}
		key.len = 0;
		for (size_t k = 0; k < nwords; k++)
			for (uint64_t bits = held[k]; bits; bits &= bits - 1) {
				uint32_t idx = (uint32_t)(k * 64 + (size_t)__builtin_ctzll(bits));
				keybuf_put(&key, &idx, sizeof(idx));
			}
		uint32_t end = UINT32_MAX;  /* tokens end here: route choices follow */
		keybuf_put(&key, &end, sizeof(end));
		put_route_choices(&key, t, rts, nrts, &at);
		bool added = false;
		size_t cls = bytemap_get_or_add(classes, key.p, key.len, w->nclasses, &added);
		if (added) {
			w->nclasses++;
			w->key_bytes += key.len;
			if (w->nclasses > bounds.classes || w->key_bytes > bounds.signature_bytes) {
				w->truncated = true;
				break;
			}
		}
		*(struct interval *)tmpvec_push(&w->iv, sizeof(struct interval)) =
			(struct interval){ at, hi, cls };
	}
	free(key.p);
	bytemap_free(classes);
	free(count);
	free(held);
	free(ev);
	free(tokens);
}

/* The classes' addresses as prefixes: each interval cut into aligned blocks, the blocks
 * of a class ascending with sibling halves merged. */
static void build_classes(const struct walk *w, struct arena *a, struct addrset *out)
{
	struct block {
		struct net_prefix p;
		size_t cls;
	};
	struct tmpvec blocks = { 0 };
	const struct interval *iv = w->iv.items;
	for (size_t i = 0; i < w->iv.len; i++) {
		struct net_addr lo = iv[i].lo;
		for (;;) {
			struct block *b = tmpvec_push(&blocks, sizeof(*b));
			*b = (struct block){ first_block(&lo, &iv[i].hi), iv[i].cls };
			struct span sp = span_of(&b->p);
			if (net_addr_eq(&sp.hi, &iv[i].hi) || !addr_next(&sp.hi, &lo))
				break;
		}
	}
	const struct block *bl = blocks.items;
	size_t nblocks = blocks.len;
	size_t *count = xcalloc(w->nclasses ? w->nclasses : 1, sizeof(*count));
	for (size_t i = 0; i < nblocks; i++)
		count[bl[i].cls]++;
	out->classes = arena_alloc(a, (w->nclasses ? w->nclasses : 1) * sizeof(*out->classes));
	out->nclasses = w->nclasses;
	for (size_t k = 0; k < w->nclasses; k++)
		out->classes[k].cidrs = arena_alloc(a, (count[k] ? count[k] : 1) *
						    sizeof(*out->classes[k].cidrs));
	for (size_t i = 0; i < nblocks; i++) {
		struct addrset_class *cl = &out->classes[bl[i].cls];
		cl->cidrs[cl->ncidrs++] = bl[i].p;
	}
	for (size_t k = 0; k < w->nclasses; k++) {
		struct addrset_class *cl = &out->classes[k];
		cl->rep = representative(&cl->cidrs[0]);  /* its first, lowest, block */
		cl->ncidrs = merge_siblings(cl->cidrs, cl->ncidrs);
	}
	free(count);
	free(blocks.items);
}

/* ---- the index: every item once, found per set by address --------------------------- */

/* An item's place in the index, ordered by family, first address and length. */
struct index_key {
	struct net_prefix p;
	size_t pos;          /* into addrset_index.items */
};

struct addrset_index {
	struct item *items;          /* collect()'s order */
	size_t nitems;
	struct index_key *keys;      /* ascending */
	const struct topology *t;
	bool failed;                 /* out of memory: partitions are truncated */
};

static int index_key_cmp(const void *a, const void *b)
{
	const struct index_key *x = a, *y = b;
	int c = net_prefix_qsort_cmp(&x->p, &y->p);
	return c ? c : (x->pos > y->pos) - (x->pos < y->pos);
}

struct addrset_index *addrset_index_new(const struct topology *t)
{
	struct addrset_index *ix = xcalloc(1, sizeof(*ix));
	struct collector c = { .unfiltered = true };
	collect(&c, t);
	ix->t = t;
	ix->items = c.items;
	ix->nitems = c.nitems;
	ix->failed = c.failed;
	ix->keys = ix->failed ? NULL : malloc((c.nitems ? c.nitems : 1) * sizeof(*ix->keys));
	if (!ix->keys) {
		ix->failed = true;
		return ix;
	}
	/* prefixes are canonical (net_prefix_parse clears host bits) */
	for (size_t i = 0; i < c.nitems; i++)
		ix->keys[i] = (struct index_key){ c.items[i].p, i };
	qsort(ix->keys, c.nitems, sizeof(*ix->keys), index_key_cmp);
	return ix;
}

void addrset_index_free(struct addrset_index *ix)
{
	if (!ix)
		return;
	free(ix->items);
	free(ix->keys);
	free(ix);
}

/* The first key not before (addr, len). */
static size_t first_key(const struct addrset_index *ix, const struct net_addr *addr, unsigned len)
{
	struct net_prefix want = { *addr, (uint8_t)len };
	size_t lo = 0, hi = ix->nitems;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (net_prefix_qsort_cmp(&ix->keys[mid].p, &want) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static int pos_cmp(const void *a, const void *b)
{
	size_t x = *(const size_t *)a, y = *(const size_t *)b;
	return (x > y) - (x < y);
}

/* The items near c's set, as collect() with a filter would keep them and in its order:
 * an item meets an entry [lo, hi] of the set when it starts inside it or holds lo (a
 * prefix is one run of addresses), and the prefixes that hold lo are lo cut to each
 * length.  The work is per item found, not per item of the topology. */
static void gather(const struct addrset_index *ix, struct collector *c)
{
	struct tmpvec found = { 0 };
	unsigned bits = family_bits(c->family);
	for (size_t s = 0; s < c->nspans; s++) {
		const struct span *sp = &c->spans[s];
		for (size_t k = first_key(ix, &sp->lo, 0);
		     k < ix->nitems && net_addr_cmp(&ix->keys[k].p.addr, &sp->hi) <= 0; k++)
			*(size_t *)tmpvec_push(&found, sizeof(size_t)) = ix->keys[k].pos;
		for (unsigned len = 0; len < bits; len++) {
			struct net_prefix holder = { sp->lo, (uint8_t)len };
			for (unsigned b = len; b < bits; b++)  /* lo cut to len */
				holder.addr.b[b / 8] &= (uint8_t)~(0x80u >> (b % 8));
			if (net_addr_eq(&holder.addr, &sp->lo))
				continue;  /* starts at lo: found above */
			for (size_t k = first_key(ix, &holder.addr, len);
			     k < ix->nitems && ix->keys[k].p.len == len &&
			     net_addr_eq(&ix->keys[k].p.addr, &holder.addr); k++)
				*(size_t *)tmpvec_push(&found, sizeof(size_t)) = ix->keys[k].pos;
		}
	}
	size_t *pos = found.items;
	if (found.len)  /* (qsort is not given NULL) */
		qsort(pos, found.len, sizeof(*pos), pos_cmp);
	for (size_t i = 0; i < found.len; i++)
		if (!i || pos[i] != pos[i - 1])
			keep_if_near(c, &ix->items[pos[i]]);
	free(found.items);
}

static void partition(const struct topology *t, const struct addrset_index *ix,
		      const struct net_prefix *set, size_t n, struct arena *a, struct addrset *out)
{
	memset(out, 0, sizeof(*out));
	if (!n)
		return;
	/* the set's entries of its first family, ascending, the outermost of nested ones */
	struct net_prefix *ents = xmalloc(n * sizeof(*ents));
	size_t ne = 0;
	for (size_t i = 0; i < n; i++)
		if (set[i].addr.family == set[0].addr.family)
			ents[ne++] = set[i];
	qsort(ents, ne, sizeof(*ents), net_prefix_qsort_cmp);
	size_t w = 0;
	for (size_t i = 0; i < ne; i++)
		if (!w || !net_prefix_covers(&ents[w - 1], &ents[i]))
			ents[w++] = ents[i];
	ne = w;
	struct collector c = { .family = set[0].addr.family };
	c.spans = xmalloc(ne * sizeof(*c.spans));
	for (size_t i = 0; i < ne; i++)
		c.spans[c.nspans++] = span_of(&ents[i]);
	if (!ix)
		collect(&c, t);
	else if (ix->failed)
		c.failed = true;
	else
		gather(ix, &c);
	struct walk wk = { 0 };
	if (c.failed)
		wk.truncated = true;
	else
		sweep(&wk, t, &c, c.rts, c.nrts);
	if (wk.truncated) {
		/* not split: one class of the whole set, which the tracer answers as
		 * "may depend on the address" rather than for one part */
		out->truncated = true;
		out->classes = arena_alloc(a, sizeof(*out->classes));
		out->nclasses = 1;
		out->classes[0].cidrs = arena_alloc(a, ne * sizeof(*out->classes[0].cidrs));
		memcpy(out->classes[0].cidrs, ents, ne * sizeof(*ents));
		out->classes[0].ncidrs = ne;
		out->classes[0].rep = representative(&ents[0]);
	} else {
		build_classes(&wk, a, out);
	}
	free(wk.iv.items);
	free(ents);
	free(c.items);
	free(c.spans);
	free(c.rts);
}

void addrset_partition(const struct topology *t, const struct net_prefix *set, size_t n,
		       struct arena *a, struct addrset *out)
{
	partition(t, NULL, set, n, a, out);
}

void addrset_partition_indexed(const struct addrset_index *ix, const struct net_prefix *set,
			       size_t n, struct arena *a, struct addrset *out)
{
	partition(ix->t, ix, set, n, a, out);
}
