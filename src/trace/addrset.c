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
#include "vpcpath/route.h"
#include "vpcpath/util.h"

struct item {
	struct net_prefix p;
	const void *token;   /* NULL: a route's destination, which only cuts (the route
	                      * table's choice is in the signature instead) */
};

struct span {
	struct net_addr lo, hi;  /* first and last address */
};

struct collector {
	struct span *spans;      /* the set's entries, ascending, none inside another */
	size_t nspans;
	int family;
	struct item *items;
	size_t nitems, cap;
	bool failed;         /* out of memory */
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

static void add_prefix(struct collector *c, const struct net_prefix *p, const void *token)
{
	if (!overlaps_set(c, p) || c->failed)
		return;
	if (token && covers_set(c, p))
		return;
	if (c->nitems == c->cap) {
		size_t cap = c->cap ? c->cap * 2 : 64;
		struct item *n = realloc(c->items, cap * sizeof(*n));
		if (!n) {
			c->failed = true;
			return;
		}
		c->items = n;
		c->cap = cap;
	}
	c->items[c->nitems].p = *p;
	c->items[c->nitems].token = token;
	c->nitems++;
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

static void add_propagated(const struct net_prefix *p, const struct topo_gateway *vgw, void *ctx)
{
	(void)vgw;
	add_prefix(ctx, p, NULL);
}

/* The addresses the instance's host answers and the ranges AWS reserves (host_served in
 * source.c, F1.7): each decides a trace on its own. */
static const char *const host_addresses[] = {
	"169.254.168.0/22", "fd00:ec2::/32", "169.254.169.254", "169.254.169.253",
	"169.254.169.123", "fd00:ec2::254", "fd00:ec2::253", "fd00:ec2::123",
};

static void collect_vpc(struct collector *c, const struct topology *t, const struct topo_vpc *v,
			const struct topo_route_table ***rts, size_t *nrts, size_t *caprts)
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
		size_t before = c->nitems;
		for (size_t k = 0; k < rt->nroutes; k++) {
			const struct topo_route *r = &rt->routes[k];
			const struct topo_prefix_list *pl = r->dest_is_prefix_list ? r->dest_pl.ptr : NULL;
			if (pl)
				for (size_t e = 0; e < pl->cidrs.len; e++)
					add_prefix(c, &pl->cidrs.items[e], NULL);
			else if (!r->dest_is_prefix_list)
				add_prefix(c, &r->dest, NULL);
		}
		route_for_each_propagated(t, rt, add_propagated, c);
		if (c->nitems == before || c->failed)
			continue;  /* no route of this table comes near the set */
		if (*nrts == *caprts) {
			size_t cap = *caprts ? *caprts * 2 : 16;
			const struct topo_route_table **n = realloc(*rts, cap * sizeof(*n));
			if (!n) {
				c->failed = true;
				return;
			}
			*rts = n;
			*caprts = cap;
		}
		(*rts)[(*nrts)++] = rt;
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

static void collect(struct collector *c, const struct topology *t,
		    const struct topo_route_table ***rts, size_t *nrts)
{
	size_t caprts = 0;
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
		collect_vpc(c, t, &t->vpcs[v], rts, nrts, &caprts);
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

/* ---- cutting ------------------------------------------------------------------------ */

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

static bool bit_of(const struct net_addr *a, unsigned pos)
{
	return (a->b[pos / 8] >> (7 - pos % 8)) & 1;
}

struct pieces {
	struct net_prefix *p;
	size_t n, cap;
	bool truncated, failed;
};

static void push_piece(struct pieces *ps, struct net_prefix p)
{
	if (ps->n == ps->cap) {
		size_t cap = ps->cap ? ps->cap * 2 : 64;
		struct net_prefix *n = realloc(ps->p, cap * sizeof(*n));
		if (!n) {
			ps->failed = true;
			return;
		}
		ps->p = n;
		ps->cap = cap;
	}
	ps->p[ps->n++] = p;
}

/* Pieces are disjoint, so at most one of them strictly holds q: replace it by the
 * halves on the way down to q, and q itself. */
static void cut(struct pieces *ps, const struct net_prefix *q)
{
	for (size_t i = 0; i < ps->n; i++) {
		struct net_prefix cur = ps->p[i];
		if (cur.len >= q->len || !net_prefix_covers(&cur, q))
			continue;
		if (ps->n + (size_t)(q->len - cur.len) > ADDRSET_MAX_PIECES) {
			ps->truncated = true;
			return;
		}
		ps->p[i] = ps->p[--ps->n];
		while (cur.len < q->len && !ps->failed) {
			bool b = bit_of(&q->addr, cur.len);
			push_piece(ps, child(&cur, !b));
			cur = child(&cur, b);
		}
		push_piece(ps, cur);
		return;
	}
}

/* ---- signatures ------------------------------------------------------------------- */

struct sig {
	uintptr_t *v;
	size_t n;
};

static int uptr_cmp(const void *a, const void *b)
{
	uintptr_t x = *(const uintptr_t *)a, y = *(const uintptr_t *)b;
	return x < y ? -1 : x > y;
}

static bool sig_eq(const struct sig *a, const struct sig *b)
{
	return a->n == b->n && !memcmp(a->v, b->v, a->n * sizeof(*a->v));
}

static void signature(const struct topology *t, const struct collector *c,
		      const struct topo_route_table *const *rts, size_t nrts,
		      const struct net_prefix *piece, struct arena *a, struct sig *out)
{
	size_t ntgw_tables = 0;
	for (size_t g = 0; g < t->ntransit_gateways; g++)
		ntgw_tables += t->transit_gateways[g].nroute_tables;
	size_t cap = c->nitems + 3 * nrts + 3 * ntgw_tables + 1;
	out->v = arena_alloc(a, cap * sizeof(*out->v));
	out->n = 0;
	size_t ntokens = 0;
	for (size_t i = 0; i < c->nitems; i++)
		if (c->items[i].token && net_prefix_covers(&c->items[i].p, piece))
			out->v[ntokens++] = (uintptr_t)c->items[i].token;
	qsort(out->v, ntokens, sizeof(*out->v), uptr_cmp);
	size_t n = 0;
	for (size_t i = 0; i < ntokens; i++)
		if (!n || out->v[n - 1] != out->v[i])
			out->v[n++] = out->v[i];
	out->v[n++] = 0;  /* tokens end here: route choices follow */
	/* a piece is held whole or not at all by every prefix: its first address stands
	 * for it in route lookups */
	const struct net_addr *rep = &piece->addr;
	for (size_t i = 0; i < nrts; i++) {
		struct route_match m;
		route_lookup(t, rts[i], rep, &m);
		out->v[n++] = (uintptr_t)m.outcome;
		out->v[n++] = m.outcome == ROUTE_NONE ? 0 : m.propagated_virtual ?
			      (uintptr_t)m.route->target.ptr : (uintptr_t)m.route;
		out->v[n++] = m.outcome == ROUTE_AMBIGUOUS ? (uintptr_t)m.rival : 0;
	}
	for (size_t g = 0; g < t->ntransit_gateways; g++)
		for (size_t i = 0; i < t->transit_gateways[g].nroute_tables; i++) {
			struct tgw_match m;
			tgw_lookup(t, &t->transit_gateways[g].route_tables[i], rep, &m);
			out->v[n++] = (uintptr_t)m.found;
			out->v[n++] = (uintptr_t)m.attachment;
			out->v[n++] = (uintptr_t)m.blackhole;
		}
	out->n = n;
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

void addrset_partition(const struct topology *t, const struct net_prefix *set, size_t n,
		       struct arena *a, struct addrset *out)
{
	memset(out, 0, sizeof(*out));
	if (!n)
		return;
	struct pieces ps = { 0 };
	for (size_t i = 0; i < n; i++)
		if (set[i].addr.family == set[0].addr.family)
			push_piece(&ps, set[i]);
	/* a set's own entries may nest: keep the outermost */
	qsort(ps.p, ps.n, sizeof(*ps.p), net_prefix_qsort_cmp);
	size_t w = 0;
	for (size_t i = 0; i < ps.n; i++)
		if (!w || !net_prefix_covers(&ps.p[w - 1], &ps.p[i]))
			ps.p[w++] = ps.p[i];
	ps.n = w;
	struct collector c = { .family = set[0].addr.family };
	c.spans = xmalloc((ps.n ? ps.n : 1) * sizeof(*c.spans));
	for (size_t i = 0; i < ps.n; i++)
		c.spans[c.nspans++] = span_of(&ps.p[i]);
	const struct topo_route_table **rts = NULL;
	size_t nrts = 0;
	if (ps.n)
		collect(&c, t, &rts, &nrts);
	for (size_t i = 0; i < c.nitems && !ps.truncated && !ps.failed; i++)
		cut(&ps, &c.items[i].p);
	out->truncated = ps.truncated || ps.failed || c.failed;
	qsort(ps.p, ps.n, sizeof(*ps.p), net_prefix_qsort_cmp);

	struct sig *sigs = arena_alloc(a, ps.n * sizeof(*sigs));
	size_t *class_of = malloc((ps.n ? ps.n : 1) * sizeof(*class_of));
	size_t *first = malloc((ps.n ? ps.n : 1) * sizeof(*first));  /* class -> first piece */
	size_t nclasses = 0;
	for (size_t i = 0; class_of && first && i < ps.n; i++) {
		signature(t, &c, rts, nrts, &ps.p[i], a, &sigs[i]);
		size_t k = 0;
		while (k < nclasses && !sig_eq(&sigs[first[k]], &sigs[i]))
			k++;
		if (k == nclasses)
			first[nclasses++] = i;
		class_of[i] = k;
	}
	if (!class_of || !first)
		nclasses = 0;
	out->classes = arena_alloc(a, (nclasses ? nclasses : 1) * sizeof(*out->classes));
	out->nclasses = nclasses;
	for (size_t k = 0; k < nclasses; k++) {
		struct addrset_class *cl = &out->classes[k];
		size_t cnt = 0;
		for (size_t i = 0; i < ps.n; i++)
			cnt += class_of[i] == k;
		cl->cidrs = arena_alloc(a, cnt * sizeof(*cl->cidrs));
		for (size_t i = 0; i < ps.n; i++)
			if (class_of[i] == k)
				cl->cidrs[cl->ncidrs++] = ps.p[i];
		/* the traced address: inside the class's first piece, past its network
		 * address when there is room (any address of the piece would do) */
		const struct net_prefix *p0 = &ps.p[first[k]];
		cl->rep = net_prefix_nth(p0, net_prefix_size(p0) >= 4 ? 1 : 0);
		cl->ncidrs = merge_siblings(cl->cidrs, cl->ncidrs);
	}
	free(class_of);
	free(first);
	free(ps.p);
	free(c.items);
	free(c.spans);
	free(rts);
}
