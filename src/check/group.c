/* group.c - which all_pairs sources, and which destinations, trace alike (check.h,
 * "Grouping").
 *
 * The trace compares addresses with CIDRs only: security group and network ACL rules,
 * routes (longest prefix first, so prefix lengths matter), prefix list entries, the
 * on-premises ranges behind VPN gateways, transit gateway routes, and policy
 * conditions on aws:SourceIp / aws:VpcSourceIp.  Two addresses contained in exactly
 * the same of those CIDRs, with the matching lengths in the same order, are treated
 * identically by every hop: their "signature" is equal.  A source's signature is
 * computed for each of its addresses.  A destination's name stands for the whole
 * range of its service in its Region (F2.17), whatever the name: names of one service,
 * Region and account are told apart only by policies (resource patterns, a bucket's own
 * policy) and by dns: pins.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "check-int.h"
#include "vpcpath/arena.h"
#include "vpcpath/policy.h"
#include "vpcpath/util.h"

#define PL_TOKEN 0x80000000u

struct dentry {
	struct net_prefix p;   /* canonical: no host bits */
	int64_t plain;         /* plain-CIDR token, -1 when only prefix list entries */
	uint32_t *pls;         /* prefix lists with this entry */
	size_t npls, cappls;
};

struct check_grouping {
	const struct topology *t;
	struct dentry *e;
	size_t n, cap;
	struct bytemap *index;        /* prefix key -> entry */
	uint32_t nplain;
	uint8_t lens4[33], lens6[129];  /* present prefix lengths, ascending */
	size_t nlens4, nlens6;
	struct dentry **sorted;         /* by family, address, length */
	bool sources_off;               /* a policy variable on a source address */
	struct bytemap *special;      /* subnets kept apart (pointer -> 1) */
	struct bytemap *azs;          /* AZs some hop compares (name -> 1) */
	bool exact_az;                  /* an S3 Express bucket: every AZ matters */
	struct bytemap *alone;        /* instances that are destinations too (pointer -> 1) */
};

/* ---- prefixes ---- */

static size_t addr_bytes(int family)
{
	return family == NET_V6 ? 16 : 4;
}

static struct net_addr mask(const struct net_addr *a, unsigned len)
{
	struct net_addr m = *a;
	size_t nb = addr_bytes(a->family);
	for (size_t i = 0; i < 16; i++) {
		if (i >= nb) {
			m.b[i] = 0;
			continue;
		}
		unsigned bit = (unsigned)i * 8;
		if (bit >= len)
			m.b[i] = 0;
		else if (bit + 8 > len)
			m.b[i] &= (uint8_t)(0xff << (8 - (len - bit)));
	}
	return m;
}

/* family, length, masked address */
static size_t prefix_key(const struct net_addr *a, unsigned len, unsigned char *key)
{
	struct net_addr m = mask(a, len);
	key[0] = m.family;
	key[1] = (unsigned char)len;
	memcpy(key + 2, m.b, addr_bytes(m.family));
	return 2 + addr_bytes(m.family);
}

static struct dentry *entry_for(struct check_grouping *g, const struct net_prefix *p)
{
	if (p->addr.family != NET_V4 && p->addr.family != NET_V6)
		return NULL;
	if (p->len > (p->addr.family == NET_V4 ? 32 : 128))
		return NULL;
	unsigned char key[18];
	size_t kl = prefix_key(&p->addr, p->len, key);
	bool added;
	size_t i = bytemap_get_or_add(g->index, key, kl, g->n, &added);
	if (!added)
		return &g->e[i];
	if (g->n == g->cap) {
		g->cap = g->cap ? g->cap * 2 : 1024;
		g->e = xrealloc(g->e, g->cap * sizeof(*g->e));
	}
	struct dentry *e = &g->e[g->n++];
	memset(e, 0, sizeof(*e));
	e->p.addr = mask(&p->addr, p->len);
	e->p.len = p->len;
	e->plain = -1;
	if (p->addr.family == NET_V4)
		g->lens4[p->len] = 1;
	else
		g->lens6[p->len] = 1;
	return e;
}

static void add_plain(struct check_grouping *g, const struct net_prefix *p)
{
	struct dentry *e = entry_for(g, p);
	if (e && e->plain < 0)
		e->plain = g->nplain++;
}

static void add_pl(struct check_grouping *g, const struct net_prefix *p, uint32_t pl)
{
	struct dentry *e = entry_for(g, p);
	if (!e)
		return;
	for (size_t i = 0; i < e->npls; i++)
		if (e->pls[i] == pl)
			return;
	if (e->npls == e->cappls) {
		e->cappls = e->cappls ? e->cappls * 2 : 2;
		e->pls = xrealloc(e->pls, e->cappls * sizeof(*e->pls));
	}
	e->pls[e->npls++] = pl;
}

static void add_array(struct check_grouping *g, const struct topo_prefix_array *a)
{
	for (size_t i = 0; i < a->len; i++)
		add_plain(g, &a->items[i]);
}

/* ---- policies: conditions on the source address ---- */

static bool icontains(const char *s, const char *needle)
{
	size_t n = strlen(needle);
	for (; *s; s++)
		if (strncasecmp(s, needle, n) == 0)
			return true;
	return false;
}

static void ip_value(struct check_grouping *g, const cJSON *v)
{
	if (cJSON_IsArray(v)) {
		const cJSON *x;
		cJSON_ArrayForEach(x, v)
			ip_value(g, x);
		return;
	}
	if (!cJSON_IsString(v))
		return;
	struct net_prefix p;
	bool host_bits;
	if (net_prefix_parse(v->valuestring, &p, &host_bits))
		add_plain(g, &p);
	else
		g->sources_off = true; /* a wildcard or a variable: cannot tell addresses apart */
}

/* Any string mentioning a source-address policy variable, anywhere in the policy. */
static void scan_variables(struct check_grouping *g, const cJSON *n)
{
	if (cJSON_IsString(n) && n->valuestring && icontains(n->valuestring, "sourceip}"))
		g->sources_off = true;
	const cJSON *c;
	if (cJSON_IsArray(n) || cJSON_IsObject(n))
		cJSON_ArrayForEach(c, n)
			scan_variables(g, c);
}

static void walk_policy(struct check_grouping *g, const struct topo_policy *pol)
{
	if (!pol || !pol->doc)
		return;
	scan_variables(g, pol->doc);
	const cJSON *st = cJSON_GetObjectItemCaseSensitive(pol->doc, "Statement");
	const cJSON *one = st, *s;
	if (cJSON_IsObject(st))
		st = NULL;
	for (s = st ? st->child : one; s; s = st ? s->next : NULL) {
		const cJSON *cond = cJSON_GetObjectItemCaseSensitive(s, "Condition");
		const cJSON *op, *key;
		if (cJSON_IsObject(cond))
			cJSON_ArrayForEach(op, cond) {
				if (!cJSON_IsObject(op))
					continue;
				cJSON_ArrayForEach(key, op)
					if (key->string && icontains(key->string, "sourceip"))
						ip_value(g, key);
			}
		if (!st)
			break;
	}
}

/* ---- special subnets and AZs ---- */

static void mark_subnet(struct check_grouping *g, const struct topo_subnet *s)
{
	if (!s)
		return;
	bytemap_get_or_add(g->special, &s, sizeof(s), 1, NULL);
	if (s->az)
		bytemap_get_or_add(g->azs, s->az, strlen(s->az), 1, NULL);
}

static bool is_special(const struct check_grouping *g, const struct topo_subnet *s)
{
	size_t v;
	return s && bytemap_find(g->special, &s, sizeof(s), &v);
}

static int cmp_entry(const void *a, const void *b)
{
	const struct dentry *x = *(const struct dentry *const *)a, *y = *(const struct dentry *const *)b;
	if (x->p.addr.family != y->p.addr.family)
		return x->p.addr.family < y->p.addr.family ? -1 : 1;
	int c = memcmp(x->p.addr.b, y->p.addr.b, 16);
	if (c)
		return c;
	return x->p.len < y->p.len ? -1 : x->p.len > y->p.len;
}

/* true when an entry lies strictly inside p (starts in p, longer than p) */
static bool split_inside(const struct check_grouping *g, const struct net_prefix *p)
{
	size_t lo = 0, hi = g->n;
	struct dentry probe = { .p = { .addr = mask(&p->addr, p->len), .len = 0 } };
	const struct dentry *pp = &probe;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (cmp_entry(&g->sorted[mid], &pp) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (size_t i = lo; i < g->n; i++) {
		const struct dentry *e = g->sorted[i];
		if (e->p.addr.family != p->addr.family || !net_prefix_contains(p, &e->p.addr))
			break;
		if (e->p.len > p->len)
			return true;
	}
	return false;
}

/* The subnet holds an address of a service prefix list: its instances may reach a
 * service address without leaving the subnet. */
static bool overlaps_service(const struct check_grouping *g, const struct net_prefix *s)
{
	const struct topology *t = g->t;
	for (size_t i = 0; i < t->nprefix_lists; i++) {
		const struct topo_prefix_list *pl = &t->prefix_lists[i];
		if (pl->service == TOPO_SVC_NONE)
			continue;
		for (size_t k = 0; k < pl->cidrs.len; k++)
			if (net_prefix_overlaps(&pl->cidrs.items[k], s))
				return true;
	}
	return false;
}

struct check_grouping *check_grouping_new(const struct topology *t)
{
	struct check_grouping *g = xcalloc(1, sizeof(*g));
	g->t = t;
	g->index = bytemap_new();
	g->special = bytemap_new();
	g->azs = bytemap_new();
	g->alone = bytemap_new();
	if (!g->index || !g->special || !g->azs || !g->alone) {
		check_grouping_free(g);
		return NULL;
	}
	for (size_t i = 0; i < t->nprefix_lists; i++)
		for (size_t k = 0; k < t->prefix_lists[i].cidrs.len; k++)
			add_pl(g, &t->prefix_lists[i].cidrs.items[k], (uint32_t)i);
	for (size_t v = 0; v < t->nvpcs; v++) {
		const struct topo_vpc *vpc = &t->vpcs[v];
		add_array(g, &vpc->cidrs);
		add_array(g, &vpc->ipv6_cidrs);
		for (size_t i = 0; i < vpc->nsecurity_groups; i++) {
			const struct topo_security_group *sg = &vpc->security_groups[i];
			const struct topo_sg_rules *lists[2] = { &sg->ingress, &sg->egress };
			for (size_t l = 0; l < 2; l++)
				for (size_t k = 0; k < lists[l]->len; k++)
					if (lists[l]->items[k].peer_kind == TOPO_PEER_CIDR)
						add_plain(g, &lists[l]->items[k].cidr);
		}
		for (size_t i = 0; i < vpc->nnetwork_acls; i++) {
			const struct topo_network_acl *acl = &vpc->network_acls[i];
			for (size_t k = 0; k < acl->ingress.len; k++)
				add_plain(g, &acl->ingress.items[k].cidr);
			for (size_t k = 0; k < acl->egress.len; k++)
				add_plain(g, &acl->egress.items[k].cidr);
		}
		for (size_t i = 0; i < vpc->nroute_tables; i++) {
			const struct topo_route_table *rt = &vpc->route_tables[i];
			for (size_t k = 0; k < rt->nroutes; k++)
				if (!rt->routes[k].dest_is_prefix_list)
					add_plain(g, &rt->routes[k].dest);
		}
		for (size_t i = 0; i < vpc->nendpoints; i++) {
			const struct topo_endpoint *ep = &vpc->endpoints[i];
			walk_policy(g, ep->policy);
			for (size_t k = 0; k < ep->nips; k++)
				mark_subnet(g, ep->ips[k].subnet.ptr);
			for (size_t k = 0; k < ep->subnets.len; k++)
				mark_subnet(g, ep->subnets.items[k].ptr);
		}
		for (size_t i = 0; i < vpc->nnat_gateways; i++)
			mark_subnet(g, vpc->nat_gateways[i].subnet);
		for (size_t i = 0; i < vpc->nsubnets; i++) {
			const struct topo_subnet *s = &vpc->subnets[i];
			if ((s->has_cidr && overlaps_service(g, &s->cidr)) ||
			    (s->has_ipv6 && overlaps_service(g, &s->ipv6_cidr)))
				mark_subnet(g, s);
		}
	}
	for (size_t i = 0; i < t->non_premises; i++)
		add_array(g, &t->on_premises[i].cidrs);
	for (size_t i = 0; i < t->nvpn_connections; i++)
		add_array(g, &t->vpn_connections[i].static_routes);
	for (size_t i = 0; i < t->ntransit_gateways; i++) {
		const struct topo_transit_gateway *tgw = &t->transit_gateways[i];
		for (size_t k = 0; k < tgw->nroute_tables; k++)
			for (size_t r = 0; r < tgw->route_tables[k].nroutes; r++)
				if (!tgw->route_tables[k].routes[r].dest_is_prefix_list)
					add_plain(g, &tgw->route_tables[k].routes[r].dest);
		for (size_t k = 0; k < tgw->nattachments; k++)
			for (size_t s = 0; s < tgw->attachments[k].subnets.len; s++)
				mark_subnet(g, tgw->attachments[k].subnets.items[s].ptr);
	}
	for (size_t i = 0; i < t->nroles; i++)
		for (size_t k = 0; k < t->roles[i].npolicies; k++)
			walk_policy(g, t->roles[i].policies[k]);
	for (size_t i = 0; i < t->nbuckets; i++) {
		walk_policy(g, t->buckets[i].policy);
		if (t->buckets[i].directory)
			g->exact_az = true;
	}
	for (size_t i = 0; i < t->ntables; i++)
		walk_policy(g, t->tables[i].policy);
	/* a pinned answer inside a subnet makes that subnet special (same-subnet delivery) */
	for (size_t i = 0; i < t->ndns; i++)
		for (size_t k = 0; k < t->dns[i].nanswers; k++)
			mark_subnet(g, topo_subnet_for_addr(t, &t->dns[i].answers[k]));

	for (unsigned l = 0; l <= 32; l++)
		if (g->lens4[l])
			g->lens4[g->nlens4++] = (uint8_t)l;
	for (unsigned l = 0; l <= 128; l++)
		if (g->lens6[l])
			g->lens6[g->nlens6++] = (uint8_t)l;
	g->sorted = xmalloc((g->n ? g->n : 1) * sizeof(*g->sorted));
	for (size_t i = 0; i < g->n; i++)
		g->sorted[i] = &g->e[i];
	qsort(g->sorted, g->n, sizeof(*g->sorted), cmp_entry);
	return g;
}

void check_grouping_free(struct check_grouping *g)
{
	if (!g)
		return;
	for (size_t i = 0; i < g->n; i++)
		free(g->e[i].pls);
	free(g->e);
	free(g->sorted);
	bytemap_free(g->index);
	bytemap_free(g->special);
	bytemap_free(g->azs);
	bytemap_free(g->alone);
	free(g);
}

void check_grouping_mark_destination(struct check_grouping *g, const struct topology *t,
				     const struct net_addr *a, const struct topo_instance *in)
{
	if (!g)
		return;
	/* sources in the destination's subnet reach it without a NACL (F6.3), and its AZ
	 * decides inter-AZ charges: that subnet is kept apart */
	if (a)
		mark_subnet(g, topo_subnet_for_addr(t, a));
	if (in) {
		mark_subnet(g, in->subnet);
		/* the instance to itself is not the flow of its look-alikes to it */
		bytemap_get_or_add(g->alone, &in, sizeof(in), 1, NULL);
	}
}

bool check_grouping_sources_off(const struct check_grouping *g)
{
	return g && g->sources_off;
}

/* ---- signatures ---- */

struct tok {
	uint32_t id;
	uint32_t len;
};

static int cmp_tok(const void *a, const void *b)
{
	const struct tok *x = a, *y = b;
	return x->id < y->id ? -1 : x->id > y->id;
}

static int cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
	return x < y ? -1 : x > y;
}

/* Appends the signature of a (the CIDRs of length <= maxlen that contain it, lengths
 * replaced by their rank) to out. */
static void signature(const struct check_grouping *g, const struct net_addr *a, unsigned maxlen,
		      struct keybuf *out)
{
	struct keybuf tb = { 0 };
	const uint8_t *lens = a->family == NET_V6 ? g->lens6 : g->lens4;
	size_t nlens = a->family == NET_V6 ? g->nlens6 : g->nlens4;
	for (size_t i = 0; i < nlens && lens[i] <= maxlen; i++) {
		unsigned char key[18];
		size_t kl = prefix_key(a, lens[i], key), at;
		if (!bytemap_find(g->index, key, kl, &at))
			continue;
		const struct dentry *e = &g->e[at];
		if (e->plain >= 0) {
			struct tok tk = { (uint32_t)e->plain, lens[i] };
			keybuf_put(&tb, &tk, sizeof(tk));
		}
		for (size_t k = 0; k < e->npls; k++) {
			/* a prefix list matches with its longest entry holding the address */
			struct tok *toks = (struct tok *)tb.p;
			size_t nt = tb.len / sizeof(struct tok), j;
			for (j = 0; j < nt && toks[j].id != (PL_TOKEN | e->pls[k]); j++)
				;
			if (j < nt) {
				toks[j].len = lens[i];
			} else {
				struct tok tk = { PL_TOKEN | e->pls[k], lens[i] };
				keybuf_put(&tb, &tk, sizeof(tk));
			}
		}
	}
	struct tok *toks = (struct tok *)tb.p;
	size_t nt = tb.len / sizeof(struct tok);
	if (nt)
		qsort(toks, nt, sizeof(*toks), cmp_tok);
	uint32_t distinct[129];
	size_t nd = 0;
	for (size_t i = 0; i < nt; i++) {
		size_t j;
		for (j = 0; j < nd && distinct[j] != toks[i].len; j++)
			;
		if (j == nd && nd < 129)
			distinct[nd++] = toks[i].len;
	}
	qsort(distinct, nd, sizeof(distinct[0]), cmp_u32);
	keybuf_u64(out, a->family);
	keybuf_u64(out, nt);
	for (size_t i = 0; i < nt; i++) {
		uint32_t rank = 0;
		while (rank < nd && distinct[rank] != toks[i].len)
			rank++;
		uint32_t pair[2] = { toks[i].id, rank };
		keybuf_put(out, pair, sizeof(pair));
	}
	free(tb.p);
}

/* ---- sources ---- */

/* The signature of a, an address in subnet net (v6: its IPv6 CIDR).  When no CIDR lies
 * strictly inside net, every address of net is in exactly the CIDRs that hold net
 * itself, so all of them have one signature: it is computed once per subnet (a
 * subnet holds hundreds of instances) and kept in cache (subnet -> index in sigs). */
struct sig_cache {
	struct bytemap *index;
	struct keybuf *sigs;
	bool *split;               /* a CIDR lies inside the subnet: no shared signature */
	size_t n, cap;
};

static void subnet_signature(const struct check_grouping *g, struct sig_cache *sc,
			     const struct topo_subnet *s, bool v6, const struct net_addr *a,
			     struct keybuf *out)
{
	const struct net_prefix *net = v6 ? &s->ipv6_cidr : &s->cidr;
	bool has = v6 ? s->has_ipv6 : s->has_cidr;
	if (!sc->index || !has || !net_prefix_contains(net, a)) {
		signature(g, a, 128, out);
		return;
	}
	unsigned char key[sizeof(s) + 1];  /* no padding to hash */
	memcpy(key, &s, sizeof(s));
	key[sizeof(s)] = v6;
	size_t at = bytemap_get_or_add(sc->index, key, sizeof(key), sc->n, NULL);
	if (at == sc->n) {
		if (sc->n == sc->cap) {
			sc->cap = sc->cap ? sc->cap * 2 : 64;
			sc->sigs = xrealloc(sc->sigs, sc->cap * sizeof(*sc->sigs));
			sc->split = xrealloc(sc->split, sc->cap * sizeof(*sc->split));
		}
		sc->sigs[sc->n] = (struct keybuf){ 0 };
		sc->split[sc->n] = split_inside(g, net);
		if (!sc->split[sc->n])
			signature(g, a, 128, &sc->sigs[sc->n]);
		sc->n++;
	}
	if (sc->split[at])
		signature(g, a, 128, out);
	else
		keybuf_put(out, sc->sigs[at].p, sc->sigs[at].len);
}

static void add_subnet(struct check_group *grp, const struct topo_subnet *s)
{
	for (size_t i = 0; i < grp->nsubnets; i++)
		if (grp->subnets[i] == s)
			return;
	grp->subnets = xrealloc(grp->subnets, (grp->nsubnets + 1) * sizeof(*grp->subnets));
	grp->subnets[grp->nsubnets++] = s;
}

size_t check_group_sources(const struct check_grouping *g, const struct topology *t,
			   const struct topo_instance *const *src, size_t n, size_t *group_of,
			   struct check_group **groups_out)
{
	struct check_group *groups = NULL;
	size_t ngroups = 0, cap = 0;
	struct bytemap *keys = bytemap_new();
	struct keybuf kb = { 0 };
	struct sig_cache sc = { .index = bytemap_new() };
	bool alone = !g || g->sources_off;
	for (size_t i = 0; i < n; i++) {
		const struct topo_instance *in = src[i];
		const struct topo_subnet *s = in->subnet;
		kb.len = 0;
		size_t dst;
		if (alone || !s || !keys || bytemap_find(g->alone, &in, sizeof(in), &dst)) {
			keybuf_str(&kb, "alone");
			keybuf_u64(&kb, i);
		} else {
			keybuf_ptr(&kb, in->vpc);
			keybuf_ptr(&kb, s->route_table);
			keybuf_ptr(&kb, s->network_acl);
			keybuf_ptr(&kb, is_special(g, s) ? s : NULL);
			size_t one;
			if (g->exact_az) {
				keybuf_str(&kb, s->az);
				keybuf_str(&kb, topo_subnet_az_id(t, s));
			} else {
				keybuf_str(&kb, s->az && bytemap_find(g->azs, s->az, strlen(s->az),
									   &one) ? s->az : NULL);
			}
			keybuf_u64(&kb, in->security_groups.len);
			for (size_t k = 0; k < in->security_groups.len; k++)
				keybuf_ptr(&kb, in->security_groups.items[k].ptr);
			keybuf_str(&kb, in->role);
			keybuf_u64(&kb, (uint64_t)in->ephemeral.lo << 16 | in->ephemeral.hi);
			keybuf_u64(&kb, (uint64_t)in->has_private_ip | (uint64_t)in->has_public_ip << 1 |
					       (uint64_t)(in->nipv6 > 0) << 2);
			if (in->has_private_ip)
				subnet_signature(g, &sc, s, false, &in->private_ip, &kb);
			if (in->has_public_ip)
				signature(g, &in->public_ip, 128, &kb);
			if (in->nipv6)
				subnet_signature(g, &sc, s, true, &in->ipv6_ips[0], &kb);
		}
		size_t grp = keys ? bytemap_get_or_add(keys, kb.p, kb.len, ngroups, NULL) : ngroups;
		if (grp == ngroups) {
			if (ngroups == cap) {
				cap = cap ? cap * 2 : 64;
				groups = xrealloc(groups, cap * sizeof(*groups));
			}
			memset(&groups[ngroups], 0, sizeof(groups[0]));
			groups[ngroups].rep = in;
			ngroups++;
		}
		group_of[i] = grp;
		groups[grp].members++;
		if (s)
			add_subnet(&groups[grp], s);
	}
	free(kb.p);
	for (size_t i = 0; i < sc.n; i++)
		free(sc.sigs[i].p);
	free(sc.sigs);
	free(sc.split);
	bytemap_free(sc.index);
	bytemap_free(keys);
	*groups_out = groups;
	return ngroups;
}

/* ---- destinations ---- */

/* Every Resource and NotResource pattern of the endpoint and identity policies. */
static void collect_patterns(const struct topo_policy *pol, struct bytemap *pats,
			     struct arena *a, struct tmpvec *out)
{
	if (!pol || !pol->doc)
		return;
	const cJSON *st = cJSON_GetObjectItemCaseSensitive(pol->doc, "Statement");
	const cJSON *list[1] = { st };
	const cJSON *s = cJSON_IsArray(st) ? st->child : list[0];
	for (; s; s = cJSON_IsArray(st) ? s->next : NULL) {
		static const char *const keys[] = { "Resource", "NotResource" };
		for (size_t k = 0; k < 2; k++) {
			const cJSON *r = cJSON_GetObjectItemCaseSensitive(s, keys[k]);
			const cJSON *one[1] = { r }, *x;
			if (!r)
				continue;
			for (x = cJSON_IsArray(r) ? r->child : one[0]; x;
			     x = cJSON_IsArray(r) ? x->next : NULL) {
				if (!cJSON_IsString(x))
					continue;
				bool added;
				bytemap_get_or_add(pats, x->valuestring, strlen(x->valuestring), 0, &added);
				if (added) {
					const char **slot = tmpvec_push(out, sizeof(*slot));
					*slot = arena_strdup(a, x->valuestring);
				}
				if (!cJSON_IsArray(r))
					break;
			}
		}
		if (!cJSON_IsArray(st))
			break;
	}
}

/* A policy allowing everything on pattern: evaluating it tells whether an ARN matches
 * the pattern the way the policy engine matches it. */
static struct policy *pattern_policy(const char *pattern)
{
	cJSON *doc = cJSON_CreateObject();
	cJSON_AddStringToObject(doc, "Version", "2012-10-17");
	cJSON *st = cJSON_AddArrayToObject(doc, "Statement");
	cJSON *s = cJSON_CreateObject();
	cJSON_AddStringToObject(s, "Effect", "Allow");
	cJSON_AddStringToObject(s, "Principal", "*");
	cJSON_AddStringToObject(s, "Action", "*");
	cJSON_AddStringToObject(s, "Resource", pattern);
	cJSON_AddItemToArray(st, s);
	struct diag_list d = { 0 };
	struct policy *p = policy_compile(doc, POLICY_KIND_RESOURCE, "pattern", 1, 1, &d);
	if (d.errors) {
		policy_free(p);
		p = NULL;
	}
	diag_list_clear(&d);
	cJSON_Delete(doc);
	return p;
}

static bool pinned(const struct topology *t, const char *name)
{
	size_t n = strlen(name);
	for (size_t i = 0; i < t->ndns; i++)
		if (strncasecmp(t->dns[i].name, name, n) == 0 && t->dns[i].name[n] == '.')
			return true;
	return false;
}

size_t check_group_destinations(const struct check_grouping *g, const struct topology *t,
				const struct check_destination *d, const char *const *resource,
				size_t n, size_t *class_of)
{
	struct arena *a = arena_new();
	struct bytemap *pats = bytemap_new(), *keys = bytemap_new();
	struct tmpvec pv = { 0 };
	struct policy **compiled = NULL;
	bool alone = !g || !a || !pats || !keys;
	size_t npat = 0, nclasses = 0;
	if (!alone) {
		for (size_t v = 0; v < t->nvpcs; v++)
			for (size_t i = 0; i < t->vpcs[v].nendpoints; i++)
				collect_patterns(t->vpcs[v].endpoints[i].policy, pats, a, &pv);
		for (size_t i = 0; i < t->nroles; i++)
			for (size_t k = 0; k < t->roles[i].npolicies; k++)
				collect_patterns(t->roles[i].policies[k], pats, a, &pv);
		const char **pl = tmpvec_finish(a, &pv, sizeof(const char *));
		npat = pv.len;
		compiled = xcalloc(npat ? npat : 1, sizeof(*compiled));
		for (size_t i = 0; i < npat && !alone; i++) {
			/* a policy variable makes the match depend on the request */
			if (strstr(pl[i], "${") || !(compiled[i] = pattern_policy(pl[i])))
				alone = true;
		}
	}
	struct keybuf kb = { 0 };
	for (size_t i = 0; i < n; i++) {
		const struct topo_bucket *b = d[i].decl;
		bool s3 = !strncmp(d[i].uri, "s3://", 5);
		kb.len = 0;
		/* a policy that is not known (missing:) is one of its own, like a given one */
		if (alone || !b || !resource[i] || b->policy || b->directory ||
		    (s3 && pinned(t, b->name)) ||
		    topo_missing_find(t, s3 ? TOPO_MISSING_BUCKET_POLICY : TOPO_MISSING_TABLE_POLICY,
				      NULL, b->name)) {
			keybuf_str(&kb, "alone");
			keybuf_u64(&kb, i);
		} else {
			enum topo_service svc = s3 ? TOPO_SVC_S3 : TOPO_SVC_DYNAMODB;
			keybuf_u64(&kb, svc);
			keybuf_str(&kb, b->region);
			keybuf_str(&kb, b->account ? b->account : t->account);
			struct policy_request req = {
				.action = s3 ? "s3:GetObject" : "dynamodb:GetItem",
				.resource = resource[i],
				.principal_arn = "arn:aws:iam::111122223333:role/vpcpath-check",
				.no_explain = true,
			};
			for (size_t k = 0; k < npat; k++) {
				bool m = policy_eval(compiled[k], &req, NULL) == POLICY_ALLOW;
				keybuf_put(&kb, &m, 1);
			}
		}
		bool added;
		class_of[i] = bytemap_get_or_add(keys, kb.p, kb.len, nclasses, &added);
		if (added)
			nclasses++;
	}
	free(kb.p);
	for (size_t i = 0; compiled && i < npat; i++)
		policy_free(compiled[i]);
	free(compiled);
	free(pv.items);
	bytemap_free(pats);
	bytemap_free(keys);
	arena_free(a);
	return nclasses;
}
