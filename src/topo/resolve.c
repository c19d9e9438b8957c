/* resolve.c - the second pass of loading: point every reference at its object, add
 * what AWS adds implicitly (local routes, main route table, default SG and NACL,
 * gateway-endpoint routes, AWS-managed prefix lists), and reject what AWS would
 * reject.  Every problem is reported with its location; nothing stops at the first.
 */
#include <stdlib.h>
#include <string.h>

#include "loader.h"
#include "vpcpath/arena.h"
#include "vpcpath/awsdata.h"
#include "vpcpath/map.h"
#include "vpcpath/policy.h"
#include "vpcpath/util.h"


static const struct topo_loc NO_LOC = { 0, 0 };

/* ---- references ------------------------------------------------------------------- */

struct topo_vpc *object_vpc(enum topo_kind kind, void *obj)
{
	switch (kind) {
	case TOPO_SUBNET: return ((struct topo_subnet *)obj)->vpc;
	case TOPO_ROUTE_TABLE: return ((struct topo_route_table *)obj)->vpc;
	case TOPO_SECURITY_GROUP: return ((struct topo_security_group *)obj)->vpc;
	case TOPO_NETWORK_ACL: return ((struct topo_network_acl *)obj)->vpc;
	case TOPO_INTERNET_GATEWAY:
	case TOPO_EGRESS_ONLY_IGW:
	case TOPO_VPN_GATEWAY: return ((struct topo_gateway *)obj)->vpc;
	case TOPO_NAT_GATEWAY: return ((struct topo_nat_gateway *)obj)->vpc;
	case TOPO_ENDPOINT: return ((struct topo_endpoint *)obj)->vpc;
	case TOPO_INSTANCE: return ((struct topo_instance *)obj)->vpc;
	case TOPO_INTERFACE: return ((struct topo_interface *)obj)->vpc;
	case TOPO_VPC: return obj;
	default: return NULL;
	}
}

const char *resolve_did_you_mean(struct loader *L, uint64_t kinds, const char *word)
{
	const char *hint = topo_index_suggest(L, kinds, word);
	return hint ? arena_printf(L->a, " (did you mean '%s'?)", hint) : "";
}

/* Resolves ref to an object of `want`; in_vpc, when set, must own it.  Reports and
 * returns false when it cannot. */
bool resolve_ref(struct loader *L, struct topo_ref *ref, enum topo_kind want,
			const char *what, struct topo_vpc *in_vpc)
{
	if (!ref->text)
		return false;
	bool ambiguous;
	void *obj = topo_find(L->t, want, ref->text, &ambiguous);
	if (!obj) {
		enum topo_kind other;
		bool declared = topo_find_id(L->t, ref->text, &other) != NULL;
		if (!ambiguous && !declared &&
		    topo_missing_of(L->t, want, L->scope ? L->scope->id : NULL, ref->text)) {
			/* F9.7: not in the data, and the file says so: not an error */
			ref->kind = want;
			ref->missing = true;
			return false;
		}
		if (ambiguous)
			loader_error(L, ref->loc, "%s: the name '%s' is shared by several %ss; use an id",
				     what, ref->text, topo_kind_name(want));
		else if (declared)
			loader_error(L, ref->loc, "%s: '%s' is a %s, not a %s", what, ref->text,
				     topo_kind_name(other), topo_kind_name(want));
		else
			loader_error(L, ref->loc, "%s: unknown %s '%s'%s", what, topo_kind_name(want),
				     ref->text, resolve_did_you_mean(L, 1ull << want, ref->text));
		return false;
	}
	if (in_vpc && object_vpc(want, obj) != in_vpc) {
		struct topo_vpc *owner = object_vpc(want, obj);
		loader_error(L, ref->loc, "%s: %s '%s' belongs to %s, not to %s", what,
			     topo_kind_name(want), ref->text, owner ? owner->id : "no VPC", in_vpc->id);
		return false;
	}
	ref->kind = want;
	ref->ptr = obj;
	return true;
}

/* A list names each object once.  Reference texts are interned by the parser, so
 * equal texts are one pointer: a hash set of pointers finds repeats in linear time
 * (an instance listing one group 20,000 times must not cost 200 million compares),
 * and each repeated entry is reported once, not once per earlier copy. */
void resolve_ref_list(struct loader *L, struct topo_ref_list *list, enum topo_kind want,
			     const char *what, struct topo_vpc *in_vpc)
{
	if (list->len <= 8) {
		/* the usual list: a few groups or subnets */
		for (size_t i = 0; i < list->len; i++) {
			resolve_ref(L, &list->items[i], want, what, in_vpc);
			for (size_t j = 0; j < i; j++)
				if (list->items[j].text && list->items[i].text &&
				    !strcmp(list->items[j].text, list->items[i].text)) {
					loader_error(L, list->items[i].loc, "%s: '%s' is listed twice",
						     what, list->items[i].text);
					break;
				}
		}
		return;
	}
	size_t cap = 16;
	while (cap < 2 * list->len)
		cap *= 2;
	const char **seen = xcalloc(cap, sizeof(*seen));
	for (size_t i = 0; i < list->len; i++) {
		struct topo_ref *ref = &list->items[i];
		if (!ref->text)
			continue;
		uint64_t h = 1469598103934665603ull;
		for (const char *c = ref->text; *c; c++) {
			h ^= (unsigned char)*c;
			h *= 1099511628211ull;
		}
		size_t k = (size_t)h & (cap - 1);
		bool repeat = false;
		for (; seen[k]; k = (k + 1) & (cap - 1))
			if (seen[k] == ref->text || !strcmp(seen[k], ref->text)) {
				repeat = true;
				break;
			}
		if (repeat) {
			loader_error(L, ref->loc, "%s: '%s' is listed twice", what, ref->text);
			continue;
		}
		seen[k] = ref->text;
		resolve_ref(L, ref, want, what, in_vpc);
	}
	free(seen);
}

/* ---- prefix lists ----------------------------------------------------------------- */

/* "com.amazonaws.REGION.SERVICE" -> service and region (arena copy) */
static enum topo_service parse_service_name(struct loader *L, const char *name,
					    const char **region)
{
	static const char prefix[] = "com.amazonaws.";
	*region = NULL;
	if (!name || strncmp(name, prefix, sizeof(prefix) - 1) != 0)
		return TOPO_SVC_NONE;
	/* com.amazonaws.REGION.SERVICE, where SERVICE may have dots of its own (ecr.api,
	 * ecr.dkr) and a PrivateLink service is com.amazonaws.vpce.REGION.vpce-svc-… */
	const char *rest = name + sizeof(prefix) - 1;
	if (!strncmp(rest, "vpce.", 5))
		rest += 5;
	const char *dot = strchr(rest, '.');
	if (!dot || dot == rest || !dot[1])
		return TOPO_SVC_NONE;
	const char *svc = dot + 1;
	enum topo_service s = !strcmp(svc, "s3") ? TOPO_SVC_S3 :
			      !strcmp(svc, "dynamodb") ? TOPO_SVC_DYNAMODB :
			      !strcmp(svc, "s3express") ? TOPO_SVC_S3EXPRESS : TOPO_SVC_OTHER;
	*region = arena_strndup(L->a, rest, (size_t)(dot - rest));
	return s;
}

static const char *managed_name(struct loader *L, enum topo_service svc, const char *region)
{
	return arena_printf(L->a, "com.amazonaws.%s.%s", region, topo_service_name(svc));
}

static void fill_builtin_entries(struct loader *L, struct topo_prefix_list *pl)
{
	const struct aws_range *first;
	size_t n = aws_ranges_find(pl->region, pl->service, pl->family, &first);
	pl->cidrs.items = arena_alloc(L->a, (n ? n : 1) * sizeof(struct net_prefix));
	pl->cidrs.locs = arena_alloc(L->a, (n ? n : 1) * sizeof(struct topo_loc));
	pl->cidrs.len = 0;
	for (size_t i = 0; i < n; i++)
		if (net_prefix_parse(first[i].prefix, &pl->cidrs.items[pl->cidrs.len], NULL))
			pl->cidrs.len++;
}

static void add_region(struct bytemap *seen, const char **regions, size_t *n, const char *r)
{
	bool added;
	if (!r)
		return;
	bytemap_get_or_add(seen, r, strlen(r), *n, &added);
	if (added)
		regions[(*n)++] = r;
}

/* the key of a service list: service, family and region */
static size_t managed_key(struct keybuf *k, enum topo_service svc, int family, const char *region)
{
	k->len = 0;
	keybuf_u64(k, (uint64_t)svc);
	keybuf_u64(k, (uint64_t)family);
	keybuf_str(k, region);
	return k->len;
}

/* The file's prefix lists, then a built-in AWS-managed list for every service and
 * region the topology touches that the file does not override (topology.md). */
static void build_prefix_lists(struct loader *L)
{
	struct topology *t = L->t;
	const char **regions = arena_alloc(L->a, (t->nvpcs + t->nbuckets + t->ntables + 2) *
						 sizeof(char *));
	size_t nregions = 0;
	/* a set, not a scan: 50,000 buckets may name 50,000 regions */
	struct bytemap *seen = bytemap_new();
	add_region(seen, regions, &nregions, t->region);
	for (size_t i = 0; i < t->nvpcs; i++)
		add_region(seen, regions, &nregions, t->vpcs[i].region);
	/* buckets and tables elsewhere resolve to their own region's ranges (F1.5) */
	for (size_t i = 0; i < t->nbuckets; i++)
		add_region(seen, regions, &nregions, t->buckets[i].region);
	for (size_t i = 0; i < t->ntables; i++)
		add_region(seen, regions, &nregions, t->tables[i].region);
	bytemap_free(seen);

	static const struct { enum topo_service svc; int family; } kinds[] = {
		{ TOPO_SVC_S3, NET_V4 }, { TOPO_SVC_S3, NET_V6 }, { TOPO_SVC_DYNAMODB, NET_V4 },
		{ TOPO_SVC_S3EXPRESS, NET_V4 },
	};
	size_t nkinds = sizeof(kinds) / sizeof(kinds[0]);
	struct arena_vec all = { 0 };
	for (size_t i = 0; i < t->nprefix_lists; i++) {
		struct topo_prefix_list *pl = arena_vec_push(L->a, &all, sizeof(*pl));
		*pl = t->prefix_lists[i];
		pl->service = parse_service_name(L, pl->name, &pl->region);
		if (pl->service == TOPO_SVC_OTHER)
			pl->service = TOPO_SVC_NONE;
		if (pl->service != TOPO_SVC_NONE && !pl->cidrs_given)
			fill_builtin_entries(L, pl);
		else if (pl->service == TOPO_SVC_NONE && !pl->cidrs_given)
			loader_error(L, pl->loc, "prefix list '%s': 'cidrs' is required for a "
				     "customer-managed list", pl->id);
		for (size_t c = 0; c < pl->cidrs.len; c++)
			if (pl->cidrs.items[c].addr.family != pl->family)
				loader_error(L, pl->cidrs.locs ? pl->cidrs.locs[c] : pl->loc,
					     "prefix list '%s' is %s but holds an %s CIDR", pl->id,
					     pl->family == NET_V4 ? "IPv4" : "IPv6",
					     pl->family == NET_V4 ? "IPv6" : "IPv4");
	}
	size_t nfile = all.len;
	/* the file's lists by id and by (service, family, region): every region the
	 * topology touches is looked up, not scanned against every list */
	struct bytemap *by_id = bytemap_new(), *by_service = bytemap_new();
	struct keybuf key = { 0 };
	for (size_t i = 0; i < nfile; i++) {
		struct topo_prefix_list *pl = &((struct topo_prefix_list *)all.items)[i];
		if (pl->id)
			bytemap_get_or_add(by_id, pl->id, strlen(pl->id), i, NULL);
		if (pl->service != TOPO_SVC_NONE && pl->region) {
			/* built before the call reads key.p (the buffer may move as it grows) */
			size_t len = managed_key(&key, pl->service, pl->family, pl->region);
			bytemap_get_or_add(by_service, key.p, len, i, NULL);
		}
	}
	for (size_t r = 0; r < nregions; r++) {
		for (size_t k = 0; k < nkinds; k++) {
			const char *id = aws_managed_prefix_list_id(regions[r], kinds[k].svc,
								    kinds[k].family);
			bool overridden = false;
			size_t i;
			if (id && bytemap_find(by_id, id, strlen(id), &i)) {
				struct topo_prefix_list *pl = &((struct topo_prefix_list *)all.items)[i];
				bool same_list = pl->service == kinds[k].svc &&
						 pl->family == kinds[k].family && pl->region &&
						 !strcmp(pl->region, regions[r]);
				if (same_list || (pl->service == TOPO_SVC_NONE && !pl->name)) {
					overridden = true;
					if (pl->service == TOPO_SVC_NONE) {
						/* a list with the managed id and no name: that list */
						pl->service = kinds[k].svc;
						pl->region = regions[r];
						pl->name = managed_name(L, kinds[k].svc, regions[r]);
					}
				} else {
					/* F2.15: ids are per Region; the file's list of this id is
					 * another (a customer list, or a managed list of another
					 * Region).  The built-in one keeps a synthetic id. */
					loader_warn(L, pl->loc, "prefix-list-id-region", "prefix list '%s' "
						    "(%s) has the id of %s in %s; prefix-list ids are per Region "
						    "(F2.15), so they are two lists", pl->id,
						    pl->name ? pl->name : "no name",
						    managed_name(L, kinds[k].svc, regions[r]), regions[r]);
					id = NULL;
				}
			}
			size_t len = managed_key(&key, kinds[k].svc, kinds[k].family, regions[r]);
			if (bytemap_find(by_service, key.p, len, &i))
				overridden = true;
			if (overridden)
				continue;
			struct topo_prefix_list *pl = arena_vec_push(L->a, &all, sizeof(*pl));
			pl->service = kinds[k].svc;
			pl->family = kinds[k].family;
			pl->region = regions[r];
			pl->name = managed_name(L, kinds[k].svc, regions[r]);
			/* a clearly synthetic id where AWS's is not documented */
			pl->id = id ? id : arena_printf(L->a, "pl-builtin-%s-%s%s",
							topo_service_name(kinds[k].svc), regions[r],
							kinds[k].family == NET_V6 ? "-ipv6" : "");
			pl->builtin = true;
			fill_builtin_entries(L, pl);
		}
	}
	bytemap_free(by_id);
	bytemap_free(by_service);
	free(key.p);
	t->prefix_lists = all.items;
	t->nprefix_lists = all.len;
}

/* ---- the VPC's objects ----------------------------------------------------------- */

static struct topo_gateway *new_gateway(struct loader *L, enum topo_kind kind, struct topo_ref *ref,
					struct topo_vpc *vpc)
{
	struct topo_gateway *g = arena_alloc(L->a, sizeof(*g));
	g->id = ref->text;
	g->kind = kind;
	g->vpc = vpc;
	g->loc = ref->loc;
	topo_index_add(L, kind, g, g->id, NULL, ref->loc);
	ref->kind = kind;
	ref->ptr = g;
	return g;
}

/* Sources and destinations are named by id, name or address: a name that is an
 * address would capture `--from 10.0.1.10` meant for another interface (issue 15). */
static void name_not_address(struct loader *L, const char *what, const char *id,
			     const char *name, struct topo_loc loc)
{
	struct net_addr a;
	if (name && net_addr_parse(name, &a))
		loader_error(L, loc, "%s '%s': its name '%s' is an IP address; a name that is an "
			     "address would be taken for that address (choose another)", what, id,
			     name);
}

static void register_vpc(struct loader *L, struct topo_vpc *vpc)
{
	struct topology *t = L->t;
	if (!vpc->region)
		vpc->region = t->region;
	topo_index_add(L, TOPO_VPC, vpc, vpc->id, vpc->name, vpc->loc);
	for (size_t i = 0; i < vpc->nsubnets; i++) {
		vpc->subnets[i].vpc = vpc;
		topo_index_add(L, TOPO_SUBNET, &vpc->subnets[i], vpc->subnets[i].id,
			       vpc->subnets[i].name, vpc->subnets[i].loc);
	}
	for (size_t i = 0; i < vpc->nroute_tables; i++) {
		vpc->route_tables[i].vpc = vpc;
		topo_index_add(L, TOPO_ROUTE_TABLE, &vpc->route_tables[i], vpc->route_tables[i].id,
			       vpc->route_tables[i].name, vpc->route_tables[i].loc);
	}
	for (size_t i = 0; i < vpc->ninternet_gateways; i++) {
		struct topo_gateway *g = &vpc->internet_gateways[i];
		g->vpc = vpc;
		g->kind = TOPO_INTERNET_GATEWAY;
		topo_index_add(L, TOPO_INTERNET_GATEWAY, g, g->id, g->name, g->loc);
	}
	for (size_t i = 0; i < vpc->nnat_gateways; i++) {
		vpc->nat_gateways[i].vpc = vpc;
		topo_index_add(L, TOPO_NAT_GATEWAY, &vpc->nat_gateways[i], vpc->nat_gateways[i].id,
			       vpc->nat_gateways[i].name, vpc->nat_gateways[i].loc);
	}
	for (size_t i = 0; i < vpc->nsecurity_groups; i++) {
		vpc->security_groups[i].vpc = vpc;
		topo_index_add(L, TOPO_SECURITY_GROUP, &vpc->security_groups[i],
			       vpc->security_groups[i].id, vpc->security_groups[i].name,
			       vpc->security_groups[i].loc);
	}
	for (size_t i = 0; i < vpc->nnetwork_acls; i++) {
		vpc->network_acls[i].vpc = vpc;
		topo_index_add(L, TOPO_NETWORK_ACL, &vpc->network_acls[i], vpc->network_acls[i].id,
			       vpc->network_acls[i].name, vpc->network_acls[i].loc);
	}
	for (size_t i = 0; i < vpc->nendpoints; i++) {
		vpc->endpoints[i].vpc = vpc;
		topo_index_add(L, TOPO_ENDPOINT, &vpc->endpoints[i], vpc->endpoints[i].id,
			       vpc->endpoints[i].name, vpc->endpoints[i].loc);
	}
	for (size_t i = 0; i < vpc->ninstances; i++) {
		vpc->instances[i].vpc = vpc;
		name_not_address(L, "instance", vpc->instances[i].id, vpc->instances[i].name,
				 vpc->instances[i].loc);
		topo_index_add(L, TOPO_INSTANCE, &vpc->instances[i], vpc->instances[i].id,
			       vpc->instances[i].name, vpc->instances[i].loc);
	}
	for (size_t i = 0; i < vpc->ninterfaces; i++) {
		vpc->interfaces[i].vpc = vpc;
		name_not_address(L, "network interface", vpc->interfaces[i].id,
				 vpc->interfaces[i].name, vpc->interfaces[i].loc);
		topo_index_add(L, TOPO_INTERFACE, &vpc->interfaces[i], vpc->interfaces[i].id,
			       vpc->interfaces[i].name, vpc->interfaces[i].loc);
	}
	/* gateways named by the VPC itself */
	if (vpc->internet_gateway_ref.text) {
		bool found = false;
		for (size_t i = 0; i < vpc->ninternet_gateways; i++)
			if (!strcmp(vpc->internet_gateways[i].id, vpc->internet_gateway_ref.text)) {
				vpc->internet_gateway = &vpc->internet_gateways[i];
				found = true;
			}
		if (!found)
			vpc->internet_gateway = new_gateway(L, TOPO_INTERNET_GATEWAY,
							    &vpc->internet_gateway_ref, vpc);
	} else if (vpc->ninternet_gateways) {
		vpc->internet_gateway = &vpc->internet_gateways[0];
	}
	if (vpc->ninternet_gateways > 1)
		loader_error(L, vpc->internet_gateways[1].loc, "vpc '%s': a VPC has at most one "
			     "internet gateway", vpc->id);
	if (vpc->eigw_ref.text)
		vpc->egress_only_igw = new_gateway(L, TOPO_EGRESS_ONLY_IGW, &vpc->eigw_ref, vpc);
	if (vpc->vpn_gateway_ref.text)
		vpc->vpn_gateway = new_gateway(L, TOPO_VPN_GATEWAY, &vpc->vpn_gateway_ref, vpc);
}

/* Exactly one main route table, one default SG and one default NACL per VPC; the
 * missing ones are made (F1.10, F6.2, F6.3). */
static void vpc_defaults(struct loader *L, struct topo_vpc *vpc)
{
	for (size_t i = 0; i < vpc->nroute_tables; i++) {
		if (!vpc->route_tables[i].is_main)
			continue;
		if (vpc->main_route_table)
			loader_error(L, vpc->route_tables[i].loc, "vpc '%s' has two main route tables "
				     "('%s' and '%s')", vpc->id, vpc->main_route_table->id,
				     vpc->route_tables[i].id);
		else
			vpc->main_route_table = &vpc->route_tables[i];
	}
	if (!vpc->main_route_table) {
		struct topo_route_table *m = arena_alloc(L->a, sizeof(*m));
		m->id = arena_printf(L->a, "%s-main-rtb", vpc->id);
		m->vpc = vpc;
		m->is_main = true;
		m->implicit = true;
		topo_index_add(L, TOPO_ROUTE_TABLE, m, m->id, NULL, NO_LOC);
		vpc->main_route_table = m;
	}
	for (size_t i = 0; i < vpc->nsecurity_groups; i++) {
		if (!vpc->security_groups[i].is_default)
			continue;
		if (vpc->default_sg)
			loader_error(L, vpc->security_groups[i].loc, "vpc '%s' has two default security "
				     "groups", vpc->id);
		else
			vpc->default_sg = &vpc->security_groups[i];
	}
	if (!vpc->default_sg) {
		struct topo_security_group *sg = arena_alloc(L->a, sizeof(*sg));
		sg->id = arena_printf(L->a, "%s-default-sg", vpc->id);
		sg->vpc = vpc;
		sg->is_default = true;
		sg->implicit = true;
		topo_index_add(L, TOPO_SECURITY_GROUP, sg, sg->id, NULL, NO_LOC);
		vpc->default_sg = sg;
	}
	struct topo_security_group *sg = vpc->default_sg;
	if (!sg->ingress.given) {
		/* F6.2: inbound all traffic from the same security group */
		sg->ingress.items = arena_alloc(L->a, sizeof(struct topo_sg_rule));
		sg->ingress.len = 1;
		struct topo_sg_rule *r = &sg->ingress.items[0];
		r->protocol = TOPO_PROTO_ALL;
		r->ports.hi = 65535;
		r->peer_kind = TOPO_PEER_SG;
		r->peer.text = sg->id;
		r->peer.kind = TOPO_SECURITY_GROUP;
		r->peer.ptr = sg;
		r->index = 1;
		r->description = "default: all from this security group (F6.2)";
	}
	for (size_t i = 0; i < vpc->nnetwork_acls; i++) {
		if (!vpc->network_acls[i].is_default)
			continue;
		if (vpc->default_nacl)
			loader_error(L, vpc->network_acls[i].loc, "vpc '%s' has two default network ACLs",
				     vpc->id);
		else
			vpc->default_nacl = &vpc->network_acls[i];
	}
	if (!vpc->default_nacl) {
		struct topo_network_acl *n = arena_alloc(L->a, sizeof(*n));
		n->id = arena_printf(L->a, "%s-default-acl", vpc->id);
		n->vpc = vpc;
		n->is_default = true;
		n->implicit = true;
		topo_index_add(L, TOPO_NETWORK_ACL, n, n->id, NULL, NO_LOC);
		vpc->default_nacl = n;
	}
}

/* An absent egress list on an SG means all outbound (F6.1); an absent rule list on
 * the default NACL means allow all, on any other deny all (F6.3). */
static void sg_default_egress(struct loader *L, struct topo_security_group *sg)
{
	if (sg->egress.given)
		return;
	sg->egress.items = arena_alloc(L->a, 2 * sizeof(struct topo_sg_rule));
	sg->egress.len = 2;
	for (int i = 0; i < 2; i++) {
		struct topo_sg_rule *r = &sg->egress.items[i];
		r->protocol = TOPO_PROTO_ALL;
		r->ports.hi = 65535;
		r->peer_kind = TOPO_PEER_CIDR;
		net_prefix_parse(i == 0 ? "0.0.0.0/0" : "::/0", &r->cidr, NULL);
		r->index = (unsigned)i + 1;
		r->description = "default: all outbound (F6.1)";
	}
}

static void nacl_default_rules(struct loader *L, struct topo_nacl_rules *rules)
{
	rules->items = arena_alloc(L->a, 2 * sizeof(struct topo_nacl_rule));
	rules->len = 2;
	for (int i = 0; i < 2; i++) {
		struct topo_nacl_rule *r = &rules->items[i];
		r->number = i == 0 ? 100 : 101;
		r->protocol = TOPO_PROTO_ALL;
		r->ports.hi = 65535;
		r->allow = true;
		net_prefix_parse(i == 0 ? "0.0.0.0/0" : "::/0", &r->cidr, NULL);
	}
}

static int cmp_nacl_rule(const void *a, const void *b)
{
	const struct topo_nacl_rule *x = a, *y = b;
	return x->number < y->number ? -1 : x->number > y->number;
}

static void check_nacl_rules(struct loader *L, struct topo_network_acl *n,
			     struct topo_nacl_rules *rules, const char *dir)
{
	if (!rules->given) {
		if (n->is_default)
			nacl_default_rules(L, rules);
		return;
	}
	if (rules->len > 1)
		qsort(rules->items, rules->len, sizeof(*rules->items), cmp_nacl_rule);
	for (size_t i = 1; i < rules->len; i++)
		/* number 0 is an invalid number already reported */
		if (rules->items[i].number && rules->items[i].number == rules->items[i - 1].number)
			loader_error(L, rules->items[i].loc, "network ACL '%s': two %s rules numbered %u",
				     n->id, dir, rules->items[i].number);
}

static void resolve_sg_rules(struct loader *L, struct topo_security_group *sg,
			     struct topo_sg_rules *rules)
{
	for (size_t i = 0; i < rules->len; i++) {
		struct topo_sg_rule *r = &rules->items[i];
		r->index = (unsigned)i + 1;
		if (r->peer.ptr)
			continue; /* an implicit rule (the default SG's own reference, F6.2) */
		if (r->peer_kind == TOPO_PEER_PREFIX_LIST)
			resolve_ref(L, &r->peer, TOPO_PREFIX_LIST, "security group rule", NULL);
		else if (r->peer_kind == TOPO_PEER_SG)
			resolve_ref(L, &r->peer, TOPO_SECURITY_GROUP, "security group rule", NULL);
		if ((r->protocol == TOPO_PROTO_ALL) && (r->ports.lo != 0 || r->ports.hi != 65535))
			loader_warn(L, r->loc, "ports-ignored", "security group '%s' rule %u: protocol "
				    "all covers every port; 'ports' is ignored", sg->id, r->index);
	}
}

static bool prefix_in_vpc(const struct topo_vpc *vpc, const struct net_prefix *p)
{
	const struct topo_prefix_array *arr = p->addr.family == NET_V4 ? &vpc->cidrs : &vpc->ipv6_cidrs;
	for (size_t i = 0; i < arr->len; i++)
		if (net_prefix_covers(&arr->items[i], p))
			return true;
	return false;
}

struct prefix_owner {
	struct net_prefix p;
	const char *id;
	struct topo_loc loc;
};

static int cmp_prefix_owner(const void *a, const void *b)
{
	const struct prefix_owner *x = a, *y = b;
	int c = net_addr_cmp(&x->p.addr, &y->p.addr);
	if (c)
		return c;
	return x->p.len < y->p.len ? -1 : x->p.len > y->p.len;
}

void topo_vpc_subnet_index(struct loader *L, struct topo_vpc *vpc);  /* model.c */

/* Subnets of a VPC must not overlap; sorting makes this O(n log n). */
static void check_subnet_overlap(struct loader *L, struct topo_vpc *vpc)
{
	struct prefix_owner *arr = xmalloc((2 * vpc->nsubnets + 1) * sizeof(*arr));
	size_t n = 0;
	for (size_t i = 0; i < vpc->nsubnets; i++) {
		struct topo_subnet *s = &vpc->subnets[i];
		if (s->has_cidr)
			arr[n++] = (struct prefix_owner){ s->cidr, s->id, s->loc };
		if (s->has_ipv6)
			arr[n++] = (struct prefix_owner){ s->ipv6_cidr, s->id, s->loc };
	}
	qsort(arr, n, sizeof(*arr), cmp_prefix_owner);
	for (size_t i = 1, cur = 0; i < n; i++) {
		if (net_prefix_overlaps(&arr[cur].p, &arr[i].p)) {
			char a[NET_PREFIXSTRLEN], b[NET_PREFIXSTRLEN];
			loader_error(L, arr[i].loc, "subnet '%s' (%s) overlaps subnet '%s' (%s)",
				     arr[i].id, net_prefix_str(&arr[i].p, a), arr[cur].id,
				     net_prefix_str(&arr[cur].p, b));
		} else {
			cur = i;
		}
	}
	free(arr);
}

/* ---- what AWS refuses at creation (issue 12 item 11; man 5 vpcpath-topology,
 * VALIDATION lists them) ------------------------------------------------------------ */

/* The prefix of the AZ ids of a region, by AWS's naming (us-east-1: use1, ap-southeast-2:
 * apse2, us-gov-west-1: usgw1); false for a region whose words it does not know, so
 * nothing is checked rather than guessed. */
static bool region_az_prefix(const char *region, char *out, size_t cap)
{
	static const struct { const char *word, *abbr; } words[] = {
		{ "east", "e" }, { "west", "w" }, { "north", "n" }, { "south", "s" },
		{ "central", "c" }, { "northeast", "ne" }, { "northwest", "nw" },
		{ "southeast", "se" }, { "southwest", "sw" }, { "gov", "g" }, { "iso", "i" },
		{ "isob", "ib" },
	};
	if (!region)
		return false;
	const char *dash = strchr(region, '-');
	if (!dash || dash == region || (size_t)(dash - region) + 1 > cap)
		return false;
	size_t n = (size_t)(dash - region);
	memcpy(out, region, n);
	const char *p = dash + 1;
	for (;;) {
		const char *end = strchr(p, '-');
		size_t len = end ? (size_t)(end - p) : strlen(p);
		if (!end) {
			/* the number */
			if (!len || len > 3 || n + len + 1 > cap)
				return false;
			for (size_t i = 0; i < len; i++)
				if (p[i] < '0' || p[i] > '9')
					return false;
			memcpy(out + n, p, len);
			out[n + len] = '\0';
			return true;
		}
		const char *abbr = NULL;
		for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++)
			if (strlen(words[i].word) == len && !strncmp(words[i].word, p, len))
				abbr = words[i].abbr;
		if (!abbr || n + strlen(abbr) + 1 > cap)
			return false;
		memcpy(out + n, abbr, strlen(abbr));
		n += strlen(abbr);
		p = end + 1;
	}
}

/* An AZ id: lower-case letters and digits, "-az", digits (use1-az4, usw2-lax1-az1). */
bool loader_az_id_shaped(const char *s)
{
	const char *az = strstr(s, "-az");
	if (!az || az == s)
		return false;
	const char *last = NULL;
	for (const char *p = az; (p = strstr(p, "-az")); p++)
		last = p;
	const char *d = last + 3;
	if (!*d)
		return false;
	for (; *d; d++)
		if (*d < '0' || *d > '9')
			return false;
	for (const char *p = s; p < last; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '-'))
			return false;
	return true;
}

/* An AZ name: a region (letters, dashes, a number) and a letter (us-east-1a). */
bool loader_az_name_shaped(const char *s)
{
	size_t n = strlen(s);
	if (n < 4 || s[n - 1] < 'a' || s[n - 1] > 'z' || s[n - 2] < '0' || s[n - 2] > '9')
		return false;
	return strchr(s, '-') && !strstr(s, "-az");
}

/* A warning when an AZ id does not belong to the region (its prefix says which). */
void loader_check_az_id_region(struct loader *L, struct topo_loc loc, const char *what,
			       const char *az_id, const char *region)
{
	char prefix[32];
	if (!loader_az_id_shaped(az_id) || !region_az_prefix(region, prefix, sizeof(prefix)))
		return;
	size_t n = strlen(prefix);
	if (strncmp(az_id, prefix, n) != 0 || az_id[n] != '-')
		loader_warn(L, loc, "az-id-region", "%s: AZ id '%s' is not one of %s (its AZ ids "
			    "start with %s-)", what, az_id, region, prefix);
}

static void resolve_subnet(struct loader *L, struct topo_vpc *vpc, struct topo_subnet *s)
{
	/* CreateSubnet: the Availability Zone is one of the VPC's Region */
	size_t rl = strlen(vpc->region);
	if (s->az && (strncmp(s->az, vpc->region, rl) != 0 ||
		      !((s->az[rl] >= 'a' && s->az[rl] <= 'z') || s->az[rl] == '-')))
		loader_error(L, s->loc, "subnet '%s': Availability Zone '%s' is not in %s, the region "
			     "of vpc '%s'", s->id, s->az, vpc->region, vpc->id);
	/* an AZ name where the id belongs is refused; other zone ids (Wavelength zones'
	 * use1-wl1-bos-wlz1) are taken as written */
	if (s->az_id && loader_az_name_shaped(s->az_id))
		loader_error(L, s->loc, "subnet '%s': az_id '%s' is an Availability Zone name, not "
			     "an AZ id (like use1-az4): write it as 'az'", s->id, s->az_id);
	else if (s->az_id)
		loader_check_az_id_region(L, s->loc, arena_printf(L->a, "subnet '%s'", s->id), s->az_id,
				   vpc->region);
	char buf[NET_PREFIXSTRLEN];
	if (!s->has_cidr && !s->has_ipv6 && !s->cidr_invalid)
		loader_error(L, s->loc, "subnet '%s': needs 'cidr' (or 'ipv6_cidr' for an IPv6-only "
			     "subnet)", s->id);
	if (s->has_cidr && (s->cidr.addr.family != NET_V4))
		loader_error(L, s->loc, "subnet '%s': 'cidr' must be IPv4; use 'ipv6_cidr'", s->id);
	else if (s->has_cidr && !prefix_in_vpc(vpc, &s->cidr))
		loader_error(L, s->loc, "subnet '%s': %s is not inside the CIDRs of vpc '%s'", s->id,
			     net_prefix_str(&s->cidr, buf), vpc->id);
	if (s->has_ipv6 && s->ipv6_cidr.addr.family != NET_V6)
		loader_error(L, s->loc, "subnet '%s': 'ipv6_cidr' must be IPv6", s->id);
	else if (s->has_ipv6 && !prefix_in_vpc(vpc, &s->ipv6_cidr))
		loader_error(L, s->loc, "subnet '%s': %s is not inside the IPv6 CIDRs of vpc '%s'",
			     s->id, net_prefix_str(&s->ipv6_cidr, buf), vpc->id);
	/* an associated table or ACL that is missing (F9.7) leaves NULL: the main table or
	 * default ACL would be a guess */
	s->route_table = vpc->main_route_table;
	if (s->route_table_ref.text &&
	    resolve_ref(L, &s->route_table_ref, TOPO_ROUTE_TABLE, "subnet route_table", vpc))
		s->route_table = s->route_table_ref.ptr;
	else if (s->route_table_ref.missing)
		s->route_table = NULL;
	s->network_acl = vpc->default_nacl;
	if (s->network_acl_ref.text &&
	    resolve_ref(L, &s->network_acl_ref, TOPO_NETWORK_ACL, "subnet network_acl", vpc))
		s->network_acl = s->network_acl_ref.ptr;
	else if (s->network_acl_ref.missing)
		s->network_acl = NULL;
}

/* Route targets by id prefix; an id of an unmodelled kind becomes TOPO_UNMODELLED so
 * a trace that meets it says so instead of guessing. */
static void resolve_route_target(struct loader *L, struct topo_vpc *vpc, struct topo_route *r)
{
	const char *id = r->target.text;
	if (!id)
		return;
	if (!strcmp(id, "local")) {
		r->target.kind = TOPO_VPC;
		r->target.ptr = vpc;
		return;
	}
	enum topo_kind kind = TOPO_NONE;
	void *obj = topo_find_id(L->t, id, &kind);
	if (!obj && !r->blackhole) {
		/* F9.7: an active route whose target's describe output was not collected stays
		 * active; the target is missing, not gone */
		static const struct { const char *prefix; enum topo_kind kind; } by_prefix[] = {
			{ "igw-", TOPO_INTERNET_GATEWAY }, { "eigw-", TOPO_EGRESS_ONLY_IGW },
			{ "nat-", TOPO_NAT_GATEWAY }, { "vgw-", TOPO_VPN_GATEWAY },
			{ "pcx-", TOPO_PEERING }, { "tgw-", TOPO_TRANSIT_GATEWAY },
			{ "vpce-", TOPO_ENDPOINT }, { "eni-", TOPO_ENI }, { "i-", TOPO_INSTANCE },
		};
		for (size_t i = 0; i < sizeof(by_prefix) / sizeof(by_prefix[0]); i++)
			if (str_has_prefix(id, by_prefix[i].prefix) &&
			    topo_missing_of(L->t, by_prefix[i].kind, vpc->id, id)) {
				r->target.kind = by_prefix[i].kind;
				r->target.missing = true;
				return;
			}
	}
	if (obj && kind == TOPO_INTERFACE) {
		/* a declared interface as a route target (an appliance): still a hop vpcpath
		 * does not trace through, now with its object */
		struct topo_interface *f = obj;
		if (f->vpc != vpc) {
			loader_error(L, r->target.loc, "route target network interface '%s' is not in "
				     "vpc '%s'", id, vpc->id);
			return;
		}
		r->target.kind = TOPO_ENI;
		r->target.ptr = f;
		return;
	}
	if (!obj) {
		static const struct { const char *prefix; enum topo_kind kind; } unmodelled[] = {
			{ "eni-", TOPO_ENI }, { "lgw-", TOPO_UNMODELLED }, { "cagw-", TOPO_UNMODELLED },
			{ "core-network", TOPO_UNMODELLED }, { "vpce-", TOPO_UNMODELLED },
		};
		for (size_t i = 0; i < sizeof(unmodelled) / sizeof(unmodelled[0]); i++)
			if (str_has_prefix(id, unmodelled[i].prefix)) {
				/* an endpoint the topology does not declare: a Gateway Load Balancer
				 * or firewall endpoint in imported data; a trace meeting it says
				 * exits-model */
				if (!strcmp(unmodelled[i].prefix, "vpce-") && !r->blackhole)
					loader_warn(L, r->target.loc, "unmodelled-target", "route target "
						    "'%s' is not a declared endpoint; it is treated as an "
						    "unmodelled one (a Gateway Load Balancer endpoint?)", id);
				r->target.kind = unmodelled[i].kind;
				return;
			}
		if (r->blackhole) {
			/* F1.8: a blackhole route may name a target that no longer exists */
			r->target.kind = TOPO_NONE;
			return;
		}
		/* a name of a NAT/IGW/… in this VPC? */
		static const enum topo_kind by_name[] = { TOPO_NAT_GATEWAY, TOPO_INTERNET_GATEWAY,
							  TOPO_ENDPOINT, TOPO_INSTANCE,
							  TOPO_PEERING, TOPO_TRANSIT_GATEWAY };
		for (size_t i = 0; i < sizeof(by_name) / sizeof(by_name[0]); i++) {
			bool amb;
			obj = topo_find(L->t, by_name[i], id, &amb);
			if (obj) {
				kind = by_name[i];
				break;
			}
		}
		if (!obj) {
			uint64_t targets = 1ull << TOPO_NAT_GATEWAY | 1ull << TOPO_INTERNET_GATEWAY |
					   1ull << TOPO_EGRESS_ONLY_IGW | 1ull << TOPO_VPN_GATEWAY |
					   1ull << TOPO_ENDPOINT | 1ull << TOPO_INSTANCE |
					   1ull << TOPO_PEERING | 1ull << TOPO_TRANSIT_GATEWAY |
					   1ull << TOPO_INTERFACE | 1ull << TOPO_ENI;
			loader_error(L, r->target.loc, "route target '%s' is not defined%s (a route "
				     "whose target is gone has state: blackhole)", id,
				     resolve_did_you_mean(L, targets, id));
			return;
		}
	}
	switch (kind) {
	case TOPO_INTERNET_GATEWAY:
	case TOPO_EGRESS_ONLY_IGW:
	case TOPO_VPN_GATEWAY:
	case TOPO_NAT_GATEWAY:
	case TOPO_INSTANCE:
	case TOPO_ENDPOINT:
		if (object_vpc(kind, obj) != vpc) {
			loader_error(L, r->target.loc, "route target %s '%s' is not in vpc '%s'",
				     topo_kind_name(kind), id, vpc->id);
			return;
		}
		break;
	case TOPO_PEERING:
	case TOPO_TRANSIT_GATEWAY:
		break;
	default:
		loader_error(L, r->target.loc, "'%s' is a %s and cannot be a route target", id,
			     topo_kind_name(kind));
		return;
	}
	r->target.kind = kind;
	r->target.ptr = obj;
}

/* A prefix as map bytes: family, length, address. */
static size_t prefix_key(const struct net_prefix *p, unsigned char key[18])
{
	size_t n = p->addr.family == NET_V4 ? 4 : 16;
	key[0] = p->addr.family;
	key[1] = p->len;
	memcpy(key + 2, p->addr.b, n);
	return n + 2;
}

/* The VPC's subnet CIDRs as a set, for the F1.6 check of every route. */
static struct bytemap *subnet_cidr_set(const struct topo_vpc *vpc)
{
	struct bytemap *m = bytemap_new();
	unsigned char key[18];
	for (size_t i = 0; i < vpc->nsubnets; i++) {
		const struct topo_subnet *s = &vpc->subnets[i];
		if (s->has_cidr)
			bytemap_get_or_add(m, key, prefix_key(&s->cidr, key), i, NULL);
		if (s->has_ipv6)
			bytemap_get_or_add(m, key, prefix_key(&s->ipv6_cidr, key), i, NULL);
	}
	return m;
}

static void check_route(struct loader *L, struct topo_vpc *vpc, struct topo_route_table *rt,
			struct topo_route *r)
{
	char buf[NET_PREFIXSTRLEN];
	if (r->dest_is_prefix_list) {
		resolve_ref(L, &r->dest_pl, TOPO_PREFIX_LIST, "route destination", NULL);
	} else {
		/* 169.254.168.0/22 and fd00:ec2::/32, built once: this runs for every route */
		static const struct net_prefix link_local = {
			.addr = { .family = NET_V4, .b = { 169, 254, 168, 0 } }, .len = 22 };
		static const struct net_prefix reserved6 = {
			.addr = { .family = NET_V6, .b = { 0xfd, 0x00, 0x0e, 0xc2 } }, .len = 32 };
		/* F1.7 */
		if (net_prefix_overlaps(&r->dest, &link_local) && r->dest.len >= 22)
			loader_error(L, r->loc, "route to %s: routes to 169.254.168.0/22 are not allowed",
				     net_prefix_str(&r->dest, buf));
		if (net_prefix_overlaps(&r->dest, &reserved6) && r->dest.len >= 32)
			loader_error(L, r->loc, "route to %s: routes to fd00:ec2::/32 are not allowed",
				     net_prefix_str(&r->dest, buf));
	}
	resolve_route_target(L, vpc, r);
	if (r->origin == TOPO_ORIGIN_LOCAL || (r->target.text && !strcmp(r->target.text, "local"))) {
		/* a written local route: allowed, must be a VPC CIDR */
		if (r->dest_is_prefix_list || !prefix_in_vpc(vpc, &r->dest))
			loader_error(L, r->loc, "route table '%s': a local route must name a CIDR of "
				     "vpc '%s'", rt->id, vpc->id);
		r->origin = TOPO_ORIGIN_LOCAL;
		return;
	}
	if (!r->dest_is_prefix_list && prefix_in_vpc(vpc, &r->dest)) {
		/* F1.6: more specific than local only for a whole subnet CIDR, and only to a
		 * NAT gateway, a network interface or a GWLB endpoint */
		unsigned char key[18];
		size_t v;
		bool whole_subnet = bytemap_find(L->subnet_cidrs, key, prefix_key(&r->dest, key), &v);
		bool vpc_cidr = false;
		const struct topo_prefix_array *arr = r->dest.addr.family == NET_V4 ? &vpc->cidrs :
										     &vpc->ipv6_cidrs;
		for (size_t i = 0; i < arr->len; i++)
			if (arr->items[i].len == r->dest.len &&
			    net_addr_eq(&arr->items[i].addr, &r->dest.addr))
				vpc_cidr = true;
		bool ok_target = r->target.kind == TOPO_NAT_GATEWAY || r->target.kind == TOPO_ENI ||
				 r->target.kind == TOPO_UNMODELLED;
		if (!vpc_cidr && !(whole_subnet && ok_target))
			loader_error(L, r->loc, "route table '%s': route to %s is inside vpc '%s' (more "
				     "specific than local); AWS allows that only for a whole subnet "
				     "CIDR with a NAT gateway or network interface target (F1.6)",
				     rt->id, net_prefix_str(&r->dest, buf), vpc->id);
	}
	if (r->target.kind == TOPO_ENDPOINT && r->target.ptr && r->origin != TOPO_ORIGIN_ENDPOINT) {
		struct topo_endpoint *ep = r->target.ptr;
		if (ep->type != TOPO_EP_GATEWAY)
			loader_error(L, r->target.loc, "route target '%s' is an interface endpoint; only "
				     "gateway endpoints are route targets", ep->id);
	}
}

static bool same_dest(const struct topo_route *a, const struct topo_route *b)
{
	if (a->dest_is_prefix_list != b->dest_is_prefix_list)
		return false;
	if (a->dest_is_prefix_list)
		return a->dest_pl.ptr && a->dest_pl.ptr == b->dest_pl.ptr;
	return a->dest.len == b->dest.len && net_addr_eq(&a->dest.addr, &b->dest.addr);
}

static void endpoint_service(struct loader *L, struct topo_endpoint *ep)
{
	const char *name = ep->service_name;
	const char *region = NULL;
	if (!name)
		return;
	if (!strcmp(name, "s3") || !strcmp(name, "dynamodb") || !strcmp(name, "s3express")) {
		ep->service = !strcmp(name, "s3") ? TOPO_SVC_S3 :
			      !strcmp(name, "dynamodb") ? TOPO_SVC_DYNAMODB : TOPO_SVC_S3EXPRESS;
		ep->service_region = ep->vpc->region;
		ep->service_name = managed_name(L, ep->service, ep->vpc->region);
		return;
	}
	ep->service = parse_service_name(L, name, &region);
	if (ep->service == TOPO_SVC_NONE) {
		loader_error(L, ep->loc, "endpoint '%s': unknown service '%s' (expected s3, dynamodb, "
			     "s3express or com.amazonaws.REGION.SERVICE)", ep->id, name);
		return;
	}
	ep->service_region = region;
}

/* F2.2/F2.3: a gateway endpoint adds (service prefix list -> vpce) to each of its route
 * tables; one endpoint route per service per table. */
static void add_endpoint_routes(struct loader *L, struct topo_vpc *vpc)
{
	for (size_t e = 0; e < vpc->nendpoints; e++) {
		struct topo_endpoint *ep = &vpc->endpoints[e];
		if (ep->type != TOPO_EP_GATEWAY || ep->service == TOPO_SVC_NONE)
			continue;
		if (ep->service == TOPO_SVC_OTHER) {
			loader_error(L, ep->loc, "endpoint '%s': gateway endpoints exist only for s3, "
				     "dynamodb and s3express", ep->id);
			continue;
		}
		if (strcmp(ep->service_region, vpc->region) != 0) {
			/* F2.5: a gateway endpoint is available only in its own Region */
			loader_error(L, ep->loc, "endpoint '%s': a gateway endpoint serves only its VPC's "
				     "region (%s), not %s (F2.5)", ep->id, vpc->region,
				     ep->service_region);
			continue;
		}
		int families[2] = { NET_V4, 0 };
		if (ep->ip_address_type == TOPO_IPT_IPV6)
			families[0] = NET_V6;
		else if (ep->ip_address_type == TOPO_IPT_DUALSTACK)
			families[1] = NET_V6;
		for (size_t i = 0; i < ep->route_tables.len; i++) {
			struct topo_ref *ref = &ep->route_tables.items[i];
			if (!ref->ptr)
				continue;
			struct topo_route_table *rt = ref->ptr;
			for (int f = 0; f < 2 && families[f]; f++) {
				const struct topo_prefix_list *pl =
					topo_service_prefix_list(L->t, ep->service, vpc->region, families[f]);
				if (!pl) {
					if (families[f] == NET_V4)
						loader_error(L, ep->loc, "endpoint '%s': no prefix list for "
							     "%s in %s", ep->id, ep->service_name, vpc->region);
					continue;
				}
				bool written = false;
				for (size_t k = 0; k < rt->nroutes; k++) {
					struct topo_route *r = &rt->routes[k];
					if (!r->dest_is_prefix_list || r->dest_pl.ptr != pl)
						continue;
					if (r->target.ptr != ep)
						loader_error(L, r->loc, "route table '%s': route to %s must "
							     "target endpoint '%s' (it is associated with "
							     "it)", rt->id, pl->id, ep->id);
					r->origin = TOPO_ORIGIN_ENDPOINT;
					written = true;
				}
				for (size_t k = 0; k < rt->nroutes; k++) {
					struct topo_route *r = &rt->routes[k];
					if (r->origin == TOPO_ORIGIN_ENDPOINT && r->target.ptr != ep &&
					    r->target.kind == TOPO_ENDPOINT && r->target.ptr &&
					    ((struct topo_endpoint *)r->target.ptr)->service == ep->service &&
					    r->dest_pl.ptr == pl)
						loader_error(L, ref->loc, "route table '%s' already has an "
							     "endpoint route for %s; one per service per "
							     "table (F2.3)", rt->id,
							     topo_service_name(ep->service));
				}
				if (written)
					continue;
				struct topo_route *nr = xmalloc(sizeof(*nr));
				memset(nr, 0, sizeof(*nr));
				nr->dest_is_prefix_list = true;
				nr->dest_pl.text = pl->id;
				nr->dest_pl.kind = TOPO_PREFIX_LIST;
				nr->dest_pl.ptr = (void *)pl;
				nr->target.text = ep->id;
				nr->target.kind = TOPO_ENDPOINT;
				nr->target.ptr = ep;
				nr->target.loc = ref->loc;
				nr->origin = TOPO_ORIGIN_ENDPOINT;
				nr->loc = ref->loc;
				struct topo_route *routes = arena_alloc(L->a, (rt->nroutes + 1) * sizeof(*routes));
				if (rt->nroutes)
					memcpy(routes, rt->routes, rt->nroutes * sizeof(*routes));
				routes[rt->nroutes] = *nr;
				free(nr);
				rt->routes = routes;
				rt->nroutes++;
			}
		}
	}
}

/* Local routes first (F1.6), one per VPC CIDR. */
static void add_local_routes(struct loader *L, struct topo_vpc *vpc, struct topo_route_table *rt)
{
	size_t nlocal = vpc->cidrs.len + vpc->ipv6_cidrs.len;
	struct topo_route *routes = arena_alloc(L->a, (rt->nroutes + nlocal + 1) * sizeof(*routes));
	size_t n = 0;
	for (size_t i = 0; i < nlocal; i++) {
		struct net_prefix p = i < vpc->cidrs.len ? vpc->cidrs.items[i] :
							   vpc->ipv6_cidrs.items[i - vpc->cidrs.len];
		bool written = false;
		for (size_t k = 0; k < rt->nroutes; k++)
			if (!rt->routes[k].dest_is_prefix_list && rt->routes[k].dest.len == p.len &&
			    net_addr_eq(&rt->routes[k].dest.addr, &p.addr) &&
			    rt->routes[k].target.text && !strcmp(rt->routes[k].target.text, "local"))
				written = true;
		if (written)
			continue;
		struct topo_route *r = &routes[n++];
		r->dest = p;
		r->target.text = "local";
		r->target.kind = TOPO_VPC;
		r->target.ptr = vpc;
		r->origin = TOPO_ORIGIN_LOCAL;
	}
	if (rt->nroutes)
		memcpy(routes + n, rt->routes, rt->nroutes * sizeof(*routes));
	rt->routes = routes;
	rt->nroutes += n;
}

/* Orders routes by destination and origin, then by place in the table (pointers into
 * one array), so equal ones are adjacent and the first written leads. */
static int cmp_route_dest(const void *x, const void *y)
{
	const struct topo_route *a = *(const struct topo_route *const *)x;
	const struct topo_route *b = *(const struct topo_route *const *)y;
	if (a->dest_is_prefix_list != b->dest_is_prefix_list)
		return a->dest_is_prefix_list ? 1 : -1;
	int c = 0;
	if (a->dest_is_prefix_list) {
		uintptr_t pa = (uintptr_t)a->dest_pl.ptr, pb = (uintptr_t)b->dest_pl.ptr;
		c = (pa > pb) - (pa < pb);
	} else {
		c = net_addr_cmp(&a->dest.addr, &b->dest.addr);
		if (!c)
			c = (a->dest.len > b->dest.len) - (a->dest.len < b->dest.len);
	}
	if (!c)
		c = ((int)a->origin > (int)b->origin) - ((int)a->origin < (int)b->origin);
	if (!c)
		c = (a > b) - (a < b);
	return c;
}

static void resolve_route_table(struct loader *L, struct topo_vpc *vpc, struct topo_route_table *rt)
{
	resolve_ref_list(L, &rt->propagating_vgws, TOPO_VPN_GATEWAY, "propagating_vgws", vpc);
	for (size_t i = 0; i < rt->nroutes; i++)
		check_route(L, vpc, rt, &rt->routes[i]);
	/* F1.3: a static and a propagated route may share a destination, two of one
	 * origin may not; sorted, so a table of 100,000 routes is not 10^10 compares */
	if (rt->nroutes > 1) {
		const struct topo_route **by = xmalloc(rt->nroutes * sizeof(*by));
		for (size_t i = 0; i < rt->nroutes; i++)
			by[i] = &rt->routes[i];
		qsort(by, rt->nroutes, sizeof(*by), cmp_route_dest);
		for (size_t i = 1, first = 0; i < rt->nroutes; i++) {
			if (!same_dest(by[first], by[i]) || by[first]->origin != by[i]->origin) {
				first = i;
				continue;
			}
			char buf[NET_PREFIXSTRLEN];
			loader_error(L, by[i]->loc, "route table '%s' has two routes to %s (line %u)",
				     rt->id, by[i]->dest_is_prefix_list ? by[i]->dest_pl.text :
				     net_prefix_str(&by[i]->dest, buf), by[first]->loc.line);
		}
		free(by);
	}
	add_local_routes(L, vpc, rt);
}

/* F2.6: an endpoint's IP address type against a subnet it serves: IPv4 needs an IPv4
 * range, IPv6 an IPv6-only subnet, dualstack both.  An error for an interface
 * endpoint's own subnets; a warning for the subnets behind a gateway endpoint's route
 * tables (AWS selects those through the tables). */
static void check_ip_type(struct loader *L, const struct topo_endpoint *ep,
			  const struct topo_subnet *s, struct topo_loc loc, bool is_error)
{
	if (!s || s->cidr_invalid)
		return;
	const char *need = NULL;
	switch (ep->ip_address_type) {
	case TOPO_IPT_IPV4:
		if (!s->has_cidr)
			need = "ipv4 needs subnets with an IPv4 range";
		break;
	case TOPO_IPT_IPV6:
		if (s->has_cidr || !s->has_ipv6)
			need = "ipv6 is supported only if every subnet is IPv6-only";
		break;
	case TOPO_IPT_DUALSTACK:
		if (!s->has_cidr || !s->has_ipv6)
			need = "dualstack is supported only if every subnet has both IPv4 and IPv6 "
			       "ranges";
		break;
	}
	if (!need)
		return;
	if (is_error)
		loader_error(L, loc, "endpoint '%s': ip_address_type %s, and subnet '%s' is not "
			     "(F2.6)", ep->id, need, s->id);
	else
		loader_warn(L, loc, "endpoint-ip-type", "endpoint '%s': ip_address_type %s, and "
			    "subnet '%s' (of route table '%s') is not (F2.6)", ep->id, need, s->id,
			    s->route_table ? s->route_table->id : "?");
}

static void resolve_endpoint(struct loader *L, struct topo_vpc *vpc, struct topo_endpoint *ep)
{
	if (ep->type == TOPO_EP_GATEWAY) {
		resolve_ref_list(L, &ep->route_tables, TOPO_ROUTE_TABLE, "endpoint route_tables", vpc);
		if (ep->subnets.len)
			loader_error(L, ep->subnets.items[0].loc, "endpoint '%s': a gateway endpoint has "
				     "route_tables, not subnets", ep->id);
		if (ep->service == TOPO_SVC_DYNAMODB && ep->ip_address_type != TOPO_IPT_IPV4)
			/* F2.6 / facts §9 item 2: unverified for DynamoDB */
			loader_warn(L, ep->loc, "dynamodb-gateway-ipv6", "endpoint '%s': IPv6 through a "
				    "DynamoDB gateway endpoint is not documented (F2.6); traces treat it "
				    "as IPv4 only", ep->id);
		else if (ep->ip_address_type != TOPO_IPT_IPV4)
			for (size_t i = 0; i < vpc->nsubnets; i++)
				for (size_t k = 0; k < ep->route_tables.len; k++)
					if (ep->route_tables.items[k].ptr &&
					    vpc->subnets[i].route_table == ep->route_tables.items[k].ptr)
						check_ip_type(L, ep, &vpc->subnets[i],
							      ep->route_tables.items[k].loc, false);
		return;
	}
	resolve_ref_list(L, &ep->subnets, TOPO_SUBNET, "endpoint subnets", vpc);
	resolve_ref_list(L, &ep->security_groups, TOPO_SECURITY_GROUP, "endpoint security_groups",
			 vpc);
	/* F3.6: of the services modelled, only S3 is on the cross-Region PrivateLink list */
	if (ep->service_region && strcmp(ep->service_region, vpc->region) != 0 &&
	    ep->service != TOPO_SVC_S3)
		loader_error(L, ep->loc, "endpoint '%s': %s is not available through cross-Region "
			     "PrivateLink from %s (only S3 of the modelled services is, F3.6)", ep->id,
			     ep->service_name, vpc->region);
	if (ep->route_tables.len)
		loader_error(L, ep->route_tables.items[0].loc, "endpoint '%s': an interface endpoint "
			     "has subnets, not route_tables", ep->id);
	if (!ep->subnets.len)
		loader_error(L, ep->loc, "endpoint '%s': an interface endpoint needs 'subnets'", ep->id);
	/* F3.1: one subnet per Availability Zone; subnets and AZs in maps, since an
	 * endpoint may list thousands of subnets */
	struct bytemap *azs = bytemap_new(), *listed_at = bytemap_new();
	for (size_t i = 0; i < ep->subnets.len; i++) {
		struct topo_subnet *a = ep->subnets.items[i].ptr;
		if (!a)
			continue;
		bytemap_get_or_add(listed_at, &a, sizeof(a), i, NULL);
		if (!a->az)
			continue;
		bool added;
		size_t first = bytemap_get_or_add(azs, a->az, strlen(a->az), i, &added);
		if (!added) {
			const struct topo_subnet *b = ep->subnets.items[first].ptr;
			loader_error(L, ep->subnets.items[i].loc, "endpoint '%s': subnets '%s' and '%s' "
				     "are both in %s; one subnet per AZ (F3.1)", ep->id, b->id, a->id,
				     a->az);
		}
	}
	bytemap_free(azs);
	/* addresses: given ones must be in their subnet; missing ones are derived */
	struct topo_endpoint_ip *ips = arena_alloc(L->a, (ep->subnets.len + 1) * sizeof(*ips));
	struct bytemap *given = bytemap_new();
	for (size_t i = 0; i < ep->nips; i++) {
		struct topo_endpoint_ip *ip = &ep->ips[i];
		if (!resolve_ref(L, &ip->subnet, TOPO_SUBNET, "endpoint ips", vpc))
			continue;
		struct topo_subnet *s = ip->subnet.ptr;
		size_t at;
		if (!bytemap_find(listed_at, &s, sizeof(s), &at))
			loader_error(L, ip->subnet.loc, "endpoint '%s': ips names subnet '%s', which is "
				     "not in its subnets", ep->id, s->id);
		else if (!(s->has_cidr && net_prefix_contains(&s->cidr, &ip->ip)) &&
			 !(s->has_ipv6 && net_prefix_contains(&s->ipv6_cidr, &ip->ip)))
			loader_error(L, ip->subnet.loc, "endpoint '%s': address is not inside subnet '%s'",
				     ep->id, s->id);
		else
			loader_check_iface_addr(L, s, "endpoint", ep->id, "address", &ip->ip, ip->subnet.loc);
		bool added;
		bytemap_get_or_add(given, &s, sizeof(s), i, &added);
		if (!added) /* the same subnet by id and by name */
			loader_error(L, ip->subnet.loc, "endpoint '%s': ips gives subnet '%s' two "
				     "addresses; an endpoint has one interface per subnet", ep->id, s->id);
	}
	bytemap_free(listed_at);
	for (size_t k = 0; k < ep->subnets.len; k++) {
		struct topo_subnet *s = ep->subnets.items[k].ptr;
		ips[k].subnet = ep->subnets.items[k];
		if (!s)
			continue;
		size_t i;
		bool found = bytemap_find(given, &s, sizeof(s), &i);
		if (found)
			ips[k].ip = ep->ips[i].ip;
		if (!found && s->has_cidr &&
		    !loader_free_address(L, s, 4 + (uint64_t)(ep - vpc->endpoints) % 200, &ips[k].ip))
			loader_error(L, ep->loc, "endpoint '%s': subnet '%s' has no free address for its "
				     "network interface; give the address with 'ips'", ep->id, s->id);
	}
	bytemap_free(given);
	ep->ips = ips;
	ep->nips = ep->subnets.len;
	if (!ep->dns_name && ep->service != TOPO_SVC_NONE)
		ep->dns_name = arena_printf(L->a, "%s.%s.%s.vpce.amazonaws.com", ep->id,
					    topo_service_name(ep->service), ep->service_region);
	if (ep->private_dns_only_for_inbound_resolver) {
		/* F3.4: the option needs a gateway endpoint for the service in the VPC */
		bool gw = false;
		for (size_t i = 0; i < vpc->nendpoints; i++)
			if (vpc->endpoints[i].type == TOPO_EP_GATEWAY &&
			    vpc->endpoints[i].service_name && ep->service_name &&
			    vpc->endpoints[i].service == ep->service)
				gw = true;
		if (!gw)
			loader_error(L, ep->loc, "endpoint '%s': private_dns_only_for_inbound_resolver "
				     "needs a gateway endpoint for %s in vpc '%s' (F3.4)", ep->id,
				     topo_service_name(ep->service), vpc->id);
		if (!ep->private_dns)
			loader_error(L, ep->loc, "endpoint '%s': private_dns_only_for_inbound_resolver "
				     "needs private_dns: true", ep->id);
	}
	if (ep->private_dns && ep->service == TOPO_SVC_DYNAMODB)
		/* F3.7 */
		loader_error(L, ep->loc, "endpoint '%s': DynamoDB interface endpoints do not support "
			     "private DNS (F3.7)", ep->id);
	/* private DNS answers from the VPC's resolver: CreateVpcEndpoint refuses it in a
	 * VPC without DNS support (F2.7); a snapshot can still show the pair when the
	 * support was turned off later, so it is a warning, not a refusal */
	if (ep->private_dns && !vpc->dns_support)
		loader_warn(L, ep->loc, "private-dns-without-dns-support", "endpoint '%s': "
			    "private_dns needs the VPC's DNS support (vpc '%s' has dns_support: false; "
			    "F2.7): its private names do not resolve", ep->id, vpc->id);
	/* F4.6: not confirmed that S3 Express has interface endpoints */
	if (ep->service == TOPO_SVC_S3EXPRESS)
		loader_warn(L, ep->loc, "s3express-interface", "endpoint '%s': an interface endpoint "
			    "for S3 Express One Zone is not documented (F4.6)", ep->id);
	for (size_t k = 0; k < ep->subnets.len; k++)
		check_ip_type(L, ep, ep->subnets.items[k].ptr, ep->subnets.items[k].loc, true);
}



static void resolve_vpc_objects(struct loader *L, struct topo_vpc *vpc)
{
	L->scope = vpc;
	if (!vpc->cidrs.len && !vpc->ipv6_cidrs.len)
		loader_error(L, vpc->loc, "vpc '%s': needs 'cidrs'", vpc->id);
	for (size_t i = 0; i < vpc->cidrs.len; i++)
		if (vpc->cidrs.items[i].addr.family != NET_V4)
			loader_error(L, vpc->cidrs.locs[i], "vpc '%s': 'cidrs' holds IPv4 CIDRs; put IPv6 "
				     "in 'ipv6_cidrs'", vpc->id);
	for (size_t i = 0; i < vpc->ipv6_cidrs.len; i++)
		if (vpc->ipv6_cidrs.items[i].addr.family != NET_V6)
			loader_error(L, vpc->ipv6_cidrs.locs[i], "vpc '%s': 'ipv6_cidrs' must be IPv6",
				     vpc->id);
	for (size_t i = 0; i < vpc->nsubnets; i++)
		resolve_subnet(L, vpc, &vpc->subnets[i]);
	check_subnet_overlap(L, vpc);
	topo_vpc_subnet_index(L, vpc);
	for (size_t i = 0; i < vpc->nsecurity_groups; i++) {
		struct topo_security_group *sg = &vpc->security_groups[i];
		resolve_sg_rules(L, sg, &sg->ingress);
		resolve_sg_rules(L, sg, &sg->egress);
	}
	for (size_t i = 0; i < vpc->nsecurity_groups; i++)
		sg_default_egress(L, &vpc->security_groups[i]);
	if (vpc->default_sg->implicit)
		sg_default_egress(L, vpc->default_sg);
	for (size_t i = 0; i < vpc->nnetwork_acls; i++) {
		struct topo_network_acl *n = &vpc->network_acls[i];
		check_nacl_rules(L, n, &n->ingress, "ingress");
		check_nacl_rules(L, n, &n->egress, "egress");
	}
	if (vpc->default_nacl->implicit) {
		nacl_default_rules(L, &vpc->default_nacl->ingress);
		nacl_default_rules(L, &vpc->default_nacl->egress);
	}
	/* F2.13: at most 255 gateway endpoints in a VPC */
	size_t ngateway = 0;
	for (size_t i = 0; i < vpc->nendpoints; i++)
		if (vpc->endpoints[i].type == TOPO_EP_GATEWAY && ++ngateway == 256)
			loader_error(L, vpc->endpoints[i].loc, "vpc '%s' has more than 255 gateway "
				     "endpoints, AWS's limit per VPC (F2.13)", vpc->id);
	/* every endpoint's service first: the F3.4 check looks at the others' */
	for (size_t i = 0; i < vpc->nendpoints; i++)
		endpoint_service(L, &vpc->endpoints[i]);
	loader_addresses_begin(L, vpc);
	for (size_t i = 0; i < vpc->nendpoints; i++)
		resolve_endpoint(L, vpc, &vpc->endpoints[i]);
	L->subnet_cidrs = subnet_cidr_set(vpc);
	for (size_t i = 0; i < vpc->nroute_tables; i++)
		resolve_route_table(L, vpc, &vpc->route_tables[i]);
	bytemap_free(L->subnet_cidrs);
	L->subnet_cidrs = NULL;
	if (vpc->main_route_table->implicit)
		add_local_routes(L, vpc, vpc->main_route_table);
	add_endpoint_routes(L, vpc);

	for (size_t i = 0; i < vpc->nnat_gateways; i++)
		resolve_nat(L, vpc, &vpc->nat_gateways[i], i);
	loader_addresses_end(L);
	for (size_t i = 0; i < vpc->ninstances; i++)
		resolve_instance(L, vpc, &vpc->instances[i]);
	for (size_t i = 0; i < vpc->ninterfaces; i++)
		resolve_interface(L, vpc, &vpc->interfaces[i]);
	loader_build_addr_owners(L, vpc);
}

/* ---- policies ----------------------------------------------------------------------- */

static void compile_policy(struct loader *L, struct topo_policy *p, enum policy_kind kind,
			   bool gateway_endpoint)
{
	if (!p || !p->doc)
		return;
	/* one compilation per document and use: references to one policy file share it */
	struct { const void *doc; int kind; int gateway; } key = { p->doc, (int)kind,
								   gateway_endpoint };
	if (!L->compiled)
		L->compiled = bytemap_new();
	bool added;
	size_t idx = bytemap_get_or_add(L->compiled, &key, sizeof(key), L->t->nowned_policies,
					&added);
	if (!added) {
		p->compiled = L->t->owned_policies[idx];
		return;
	}
	const char *file = p->source ? p->source : L->file;
	unsigned line = p->source ? 1 : p->loc.line, col = p->source ? 1 : p->loc.col;
	struct diag_list local = { 0 };
	struct policy_compile_opts opts = { .text_len = p->text_len,
					    .gateway_endpoint = gateway_endpoint,
					    .statement_pos = p->statement_pos,
					    .nstatement_pos = p->nstatement_pos };
	p->compiled = policy_compile_ex(p->doc, kind, &opts, file, line, col, &local);
	struct topology *t = L->t;
	if (t->nowned_policies == t->cap_owned_policies) {
		t->cap_owned_policies = t->cap_owned_policies ? 2 * t->cap_owned_policies : 16;
		t->owned_policies = xrealloc(t->owned_policies, t->cap_owned_policies *
					     sizeof(*t->owned_policies));
	}
	t->owned_policies[t->nowned_policies++] = p->compiled; /* may be NULL: invalid */
	for (size_t i = 0; i < local.len; i++) {
		struct diag *d = &local.items[i];
		diag_add(d->severity == DIAG_ERROR ? L->diags : &L->t->warnings, d->severity, d->file,
			 d->line, d->col, d->code, "%s", d->message);
	}
	diag_list_clear(&local);
}

static void compile_policies(struct loader *L)
{
	struct topology *t = L->t;
	for (size_t v = 0; v < t->nvpcs; v++)
		for (size_t i = 0; i < t->vpcs[v].nendpoints; i++) {
			struct topo_endpoint *ep = &t->vpcs[v].endpoints[i];
			compile_policy(L, ep->policy, POLICY_KIND_ENDPOINT, ep->type == TOPO_EP_GATEWAY);
		}
	for (size_t i = 0; i < t->nbuckets; i++)
		compile_policy(L, t->buckets[i].policy, POLICY_KIND_RESOURCE, false);
	for (size_t i = 0; i < t->ntables; i++)
		compile_policy(L, t->tables[i].policy, POLICY_KIND_RESOURCE, false);
	for (size_t i = 0; i < t->nroles; i++)
		for (size_t k = 0; k < t->roles[i].npolicies; k++)
			compile_policy(L, t->roles[i].policies[k], POLICY_KIND_IDENTITY, false);
}

void topo_free_policies(struct topology *t);
void topo_free_policies(struct topology *t)
{
	for (size_t i = 0; i < t->nowned_policies; i++)
		policy_free(t->owned_policies[i]);
	free(t->owned_policies);
}

/* ---- the pass ---------------------------------------------------------------------- */

/* Objects whose id (or bucket/table name, role ARN: always the struct's first member)
 * was missing were reported by the parser; leave them out so nothing later works on
 * a nameless object.  Nothing points into the arrays yet. */
static void drop_unnamed(void *items, size_t *n, size_t size)
{
	size_t kept = 0;
	for (size_t i = 0; i < *n; i++) {
		char *item = (char *)items + i * size;
		if (!*(const char **)item)
			continue;
		if (kept != i)
			memmove((char *)items + kept * size, item, size);
		kept++;
	}
	*n = kept;
}

#define DROP_UNNAMED(arr, n) drop_unnamed((arr), &(n), sizeof(*(arr)))

static void drop_all_unnamed(struct topology *t)
{
	DROP_UNNAMED(t->prefix_lists, t->nprefix_lists);
	DROP_UNNAMED(t->vpcs, t->nvpcs);
	DROP_UNNAMED(t->roles, t->nroles);
	DROP_UNNAMED(t->buckets, t->nbuckets);
	DROP_UNNAMED(t->tables, t->ntables);
	DROP_UNNAMED(t->on_premises, t->non_premises);
	DROP_UNNAMED(t->vpn_connections, t->nvpn_connections);
	DROP_UNNAMED(t->peerings, t->npeerings);
	DROP_UNNAMED(t->transit_gateways, t->ntransit_gateways);
	for (size_t g = 0; g < t->ntransit_gateways; g++) {
		struct topo_transit_gateway *tgw = &t->transit_gateways[g];
		DROP_UNNAMED(tgw->attachments, tgw->nattachments);
		DROP_UNNAMED(tgw->route_tables, tgw->nroute_tables);
	}
	for (size_t v = 0; v < t->nvpcs; v++) {
		struct topo_vpc *vpc = &t->vpcs[v];
		DROP_UNNAMED(vpc->subnets, vpc->nsubnets);
		DROP_UNNAMED(vpc->route_tables, vpc->nroute_tables);
		DROP_UNNAMED(vpc->internet_gateways, vpc->ninternet_gateways);
		DROP_UNNAMED(vpc->nat_gateways, vpc->nnat_gateways);
		DROP_UNNAMED(vpc->security_groups, vpc->nsecurity_groups);
		DROP_UNNAMED(vpc->network_acls, vpc->nnetwork_acls);
		DROP_UNNAMED(vpc->endpoints, vpc->nendpoints);
		DROP_UNNAMED(vpc->instances, vpc->ninstances);
		DROP_UNNAMED(vpc->interfaces, vpc->ninterfaces);
	}
	DROP_UNNAMED(t->accounts, t->naccounts);
	/* a missing entry without a valid kind was reported */
	size_t kept = 0;
	for (size_t i = 0; i < t->nmissing; i++)
		if (t->missing[i].kind < TOPO_MISSING_KIND_COUNT)
			t->missing[kept++] = t->missing[i];
	t->nmissing = kept;
}

void topo_index_reserve(struct loader *L, size_t objects);
void topo_service_index(struct topology *t);  /* model.c */
void topo_vpc_index_build(struct topology *t);  /* model.c */

/* Every object registered below, so the index is sized once (no rehashing). */
static size_t count_objects(const struct topology *t)
{
	size_t n = t->nprefix_lists + 64 + t->non_premises + t->nvpn_connections + t->npeerings +
		   t->nbuckets + t->ntables;
	for (size_t g = 0; g < t->ntransit_gateways; g++)
		n += 1 + t->transit_gateways[g].nattachments + t->transit_gateways[g].nroute_tables;
	for (size_t v = 0; v < t->nvpcs; v++) {
		const struct topo_vpc *vpc = &t->vpcs[v];
		n += 8 + vpc->nsubnets + vpc->nroute_tables + vpc->ninternet_gateways +
		     vpc->nnat_gateways + vpc->nsecurity_groups + vpc->nnetwork_acls +
		     vpc->nendpoints + vpc->ninstances + vpc->ninterfaces;
	}
	return n;
}

void topo_resolve(struct loader *L)
{
	struct topology *t = L->t;
	drop_all_unnamed(t);
	/* ids and names: two entries an object at most */
	topo_index_reserve(L, 2 * count_objects(t));
	if (!t->region) {
		t->region = "us-east-1";
		loader_warn(L, t->loc, "default-region", "no top-level 'region'; assuming us-east-1");
	}
	for (size_t i = 0; i < t->nvpcs; i++)
		if (!t->vpcs[i].region)
			t->vpcs[i].region = t->region;
	build_prefix_lists(L);
	topo_service_index(t);
	for (size_t i = 0; i < t->nprefix_lists; i++)
		topo_index_add(L, TOPO_PREFIX_LIST, &t->prefix_lists[i], t->prefix_lists[i].id,
			       t->prefix_lists[i].builtin ? NULL : t->prefix_lists[i].name,
			       t->prefix_lists[i].loc);
	for (size_t i = 0; i < t->nvpcs; i++)
		register_vpc(L, &t->vpcs[i]);
	for (size_t i = 0; i < t->non_premises; i++)
		topo_index_add(L, TOPO_ON_PREMISES, &t->on_premises[i], t->on_premises[i].id,
			       t->on_premises[i].name, t->on_premises[i].loc);
	for (size_t i = 0; i < t->nvpn_connections; i++)
		topo_index_add(L, TOPO_VPN_CONNECTION, &t->vpn_connections[i],
			       t->vpn_connections[i].id, t->vpn_connections[i].name,
			       t->vpn_connections[i].loc);
	for (size_t i = 0; i < t->npeerings; i++)
		topo_index_add(L, TOPO_PEERING, &t->peerings[i], t->peerings[i].id,
			       t->peerings[i].name, t->peerings[i].loc);
	loader_complete_tgw_peerings(L);
	for (size_t g = 0; g < t->ntransit_gateways; g++) {
		struct topo_transit_gateway *tgw = &t->transit_gateways[g];
		topo_index_add(L, TOPO_TRANSIT_GATEWAY, tgw, tgw->id, tgw->name, tgw->loc);
		for (size_t i = 0; i < tgw->nattachments; i++)
			tgw->attachments[i].tgw = tgw;
		for (size_t i = 0; i < tgw->nattachments; i++)
			topo_index_add(L, TOPO_TGW_ATTACHMENT, &tgw->attachments[i],
				       tgw->attachments[i].id, tgw->attachments[i].name,
				       tgw->attachments[i].loc);
		for (size_t i = 0; i < tgw->nroute_tables; i++)
			topo_index_add(L, TOPO_TGW_ROUTE_TABLE, &tgw->route_tables[i],
				       tgw->route_tables[i].id, tgw->route_tables[i].name,
				       tgw->route_tables[i].loc);
	}
	resolve_missing(L);
	for (size_t i = 0; i < t->nvpcs; i++)
		vpc_defaults(L, &t->vpcs[i]);
	for (size_t i = 0; i < t->nvpcs; i++)
		resolve_vpc_objects(L, &t->vpcs[i]);
	L->scope = NULL;
	resolve_globals(L);
	resolve_accounts(L);
	compile_policies(L);
	t->default_endpoint_policy = policy_default_endpoint();
	topo_vpc_index_build(t);
}
