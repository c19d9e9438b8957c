/* resolve_global.c - the loader's pass over what is not inside a VPC: peering and
 * VPN connections, transit gateways (peering attachments on both sides, F1.14),
 * on-premises networks, buckets and tables (directory bucket zones, F4.1), roles,
 * `missing:` (F9.7) and accounts (F7.9).  Called from resolve.c; errors located.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "loader.h"
#include "vpcpath/arena.h"
#include "vpcpath/map.h"
#include "vpcpath/util.h"

struct keyed {
	const char *key;
	struct topo_loc loc;
	size_t seq;
};

static int cmp_keyed(const void *x, const void *y)
{
	const struct keyed *a = x, *b = y;
	int c = strcmp(a->key, b->key);
	return c ? c : (a->seq > b->seq) - (a->seq < b->seq);
}

/* Reports every entry whose key an earlier one has ("WHAT KEY is listed twice");
 * sorting keeps a long hostile list linear-logarithmic. */
static void report_repeats(struct loader *L, struct keyed *k, size_t n, const char *what)
{
	if (n < 2)
		return;
	qsort(k, n, sizeof(*k), cmp_keyed);
	for (size_t i = 1, first = 0; i < n; i++) {
		if (strcmp(k[i].key, k[first].key) != 0) {
			first = i;
			continue;
		}
		loader_error(L, k[i].loc, "%s %s is listed twice (line %u)", what, k[i].key,
			     k[first].loc.line);
	}
}

/* model.c: an entry's message texts, and the index topo_missing_find uses */
void topo_missing_describe(struct arena *a, struct topo_missing *m);
void topo_missing_index(struct topology *t);

/* ---- global sections ------------------------------------------------------------ */

/* F2.17: a trace to a directory bucket needs the addresses its name may resolve to:
 * the Region's s3express prefix list (the file's or built-in) or a dns: pin.  Without
 * either no trace can be asked (it exits 2): say so where the bucket is declared. */
static void check_directory_addresses(struct loader *L, const struct topo_bucket *b)
{
	const struct topology *t = L->t;
	const struct topo_prefix_list *pl = topo_service_prefix_list(t, TOPO_SVC_S3EXPRESS,
								      b->region, NET_V4);
	if (pl && pl->cidrs.len)
		return;
	size_t n = strlen(b->name);
	for (size_t i = 0; i < t->ndns; i++)
		if (!strncasecmp(t->dns[i].name, b->name, n) && t->dns[i].name[n] == '.')
			return;
	loader_warn(L, b->loc, "s3express-no-addresses", "directory bucket %s is in %s, where no "
		    "s3express addresses are known: declare the prefix list com.amazonaws.%s.s3express "
		    "(prefix_lists: with its cidrs) or pin %s.s3express-%s.%s.amazonaws.com in dns:; a "
		    "trace to it cannot be asked until then", b->name, b->region ? b->region : "?",
		    b->region ? b->region : "REGION", b->name, b->zone_id ? b->zone_id : "ZONE",
		    b->region ? b->region : "REGION");
}

/* F4.1: a directory bucket's zone is an AZ id (use1-az4), never an AZ name, and one of
 * the bucket's region */
static void check_directory_zone(struct loader *L, struct topo_bucket *b)
{
	const struct topology *t = L->t;
	if (loader_az_id_shaped(b->zone_id)) {
		loader_check_az_id_region(L, b->loc, arena_printf(L->a, "directory bucket '%s'", b->name),
				   b->zone_id, b->region);
		return;
	}
	const char *mapped = NULL;
	for (size_t i = 0; i < t->nazs; i++)
		if (!strcmp(t->azs[i].name, b->zone_id))
			mapped = t->azs[i].id;
	if (mapped)
		loader_error(L, b->loc, "directory bucket '%s': '%s' is an Availability Zone name; "
			     "the name holds the AZ id, here %s (F4.1)", b->name, b->zone_id, mapped);
	else if (loader_az_name_shaped(b->zone_id))
		loader_error(L, b->loc, "directory bucket '%s': '%s' is an Availability Zone name; "
			     "the name holds the AZ id, such as use1-az4 (F4.1)", b->name, b->zone_id);
	else
		/* a zone id of another shape (a Local Zone's?) is not refused, only noted */
		loader_warn(L, b->loc, "directory-bucket-zone", "directory bucket '%s': '%s' does not "
			    "look like an AZ id such as use1-az4 (F4.1)", b->name, b->zone_id);
}

/* A transit gateway's route tables name its own attachments; a peering attachment
 * declared under both gateways resolves to this gateway's side (F1.14). */
static void own_attachment(struct loader *L, const struct topo_transit_gateway *tgw,
			   struct topo_ref *ref, const char *what)
{
	struct topo_tgw_attachment *a = ref->ptr;
	if (!a || a->tgw == tgw)
		return;
	if (a->peer_side && a->peer_side->tgw == tgw) {
		ref->ptr = a->peer_side;
		return;
	}
	loader_error(L, ref->loc, "%s: attachment '%s' belongs to transit gateway '%s', not to "
		     "'%s'", what, a->id, a->tgw ? a->tgw->id : "?", tgw->id);
	ref->ptr = NULL;
}

void resolve_globals(struct loader *L)
{
	struct topology *t = L->t;
	for (size_t i = 0; i < t->npeerings; i++) {
		struct topo_peering *p = &t->peerings[i];
		resolve_ref(L, &p->requester, TOPO_VPC, "peering requester", NULL);
		resolve_ref(L, &p->accepter, TOPO_VPC, "peering accepter", NULL);
	}
	for (size_t i = 0; i < t->nvpn_connections; i++) {
		struct topo_vpn_connection *v = &t->vpn_connections[i];
		enum topo_kind k;
		if (v->gateway.text && topo_find_id(t, v->gateway.text, &k) && k == TOPO_TRANSIT_GATEWAY)
			resolve_ref(L, &v->gateway, TOPO_TRANSIT_GATEWAY, "VPN gateway", NULL);
		else
			resolve_ref(L, &v->gateway, TOPO_VPN_GATEWAY, "VPN gateway", NULL);
	}
	for (size_t g = 0; g < t->ntransit_gateways; g++) {
		struct topo_transit_gateway *tgw = &t->transit_gateways[g];
		if (!tgw->region)
			tgw->region = t->region;
		for (size_t i = 0; i < tgw->nattachments; i++) {
			struct topo_tgw_attachment *a = &tgw->attachments[i];
			int kinds = !!a->vpc.text + !!a->vpn.text + !!a->peer_tgw.text;
			if (kinds != 1)
				loader_error(L, a->loc, "attachment '%s': needs exactly one of vpc, vpn, "
					     "peer_transit_gateway", a->id);
			if (a->vpc.text && resolve_ref(L, &a->vpc, TOPO_VPC, "attachment vpc", NULL))
				resolve_ref_list(L, &a->subnets, TOPO_SUBNET, "attachment subnets",
						 a->vpc.ptr);
			if (a->vpn.text)
				resolve_ref(L, &a->vpn, TOPO_VPN_CONNECTION, "attachment vpn", NULL);
			/* a peer TGW may be outside the topology (another region or account) */
			if (a->peer_tgw.text && topo_find(t, TOPO_TRANSIT_GATEWAY, a->peer_tgw.text, NULL) &&
			    resolve_ref(L, &a->peer_tgw, TOPO_TRANSIT_GATEWAY, "peer transit gateway",
					NULL)) {
				const struct topo_transit_gateway *peer = a->peer_tgw.ptr;
				const char *peer_region = peer->region ? peer->region : t->region;
				if (peer == tgw)
					loader_error(L, a->peer_tgw.loc, "attachment '%s': a transit gateway "
						     "does not peer with itself", a->id);
				else if (a->peer_region && strcmp(a->peer_region, peer_region) != 0)
					loader_error(L, a->loc, "attachment '%s': peer_region is %s but "
						     "transit gateway '%s' is in %s", a->id, a->peer_region,
						     peer->id, peer_region);
				else if (!a->peer_region)
					a->peer_region = peer_region;
			}
		}
		for (size_t i = 0; i < tgw->nroute_tables; i++) {
			struct topo_tgw_route_table *rt = &tgw->route_tables[i];
			resolve_ref_list(L, &rt->associations, TOPO_TGW_ATTACHMENT, "associations", NULL);
			for (size_t k = 0; k < rt->associations.len; k++)
				own_attachment(L, tgw, &rt->associations.items[k], "associations");
			resolve_ref_list(L, &rt->propagations, TOPO_TGW_ATTACHMENT, "propagations", NULL);
			for (size_t k = 0; k < rt->propagations.len; k++) {
				struct topo_ref *ref = &rt->propagations.items[k];
				own_attachment(L, tgw, ref, "propagations");
				const struct topo_tgw_attachment *a = ref->ptr;
				if (a && a->peer_tgw.text)
					loader_error(L, ref->loc, "propagations: '%s' is a peering attachment; "
						     "routes over a peering attachment are static only "
						     "(F1.14)", a->id);
			}
			for (size_t k = 0; k < rt->nroutes; k++) {
				struct topo_tgw_route *r = &rt->routes[k];
				if (r->dest_is_prefix_list)
					resolve_ref(L, &r->dest_pl, TOPO_PREFIX_LIST, "route destination",
						    NULL);
				if (r->attachment.text) {
					resolve_ref(L, &r->attachment, TOPO_TGW_ATTACHMENT,
						    "route attachment", NULL);
					own_attachment(L, tgw, &r->attachment, "route attachment");
				} else if (!r->blackhole) {
					loader_error(L, r->loc, "transit gateway route needs an "
						     "'attachment' or state: blackhole");
				}
				const struct topo_tgw_attachment *a = r->attachment.ptr;
				if (a && a->peer_tgw.text && r->origin == TOPO_ORIGIN_PROPAGATED)
					loader_error(L, r->loc, "transit gateway route over peering attachment "
						     "'%s' is propagated; routes over a peering attachment "
						     "are static only (F1.14)", a->id);
			}
		}
	}
	for (size_t i = 0; i < t->non_premises; i++) {
		struct topo_on_premises *o = &t->on_premises[i];
		enum topo_kind k = TOPO_NONE;
		if (o->via.text)
			topo_find_id(t, o->via.text, &k);
		if (k == TOPO_TGW_ATTACHMENT || k == TOPO_TRANSIT_GATEWAY || k == TOPO_VPN_CONNECTION)
			resolve_ref(L, &o->via, k, "on_premises via", NULL);
		else
			resolve_ref(L, &o->via, TOPO_VPN_GATEWAY, "on_premises via", NULL);
		if (!o->cidrs.len)
			loader_error(L, o->loc, "on-premises network '%s': needs 'cidrs'", o->id);
	}
	/* buckets and tables: unique names, defaults, directory buckets (F4.1) */
	struct topo_bucket *lists[2] = { t->buckets, t->tables };
	size_t counts[2] = { t->nbuckets, t->ntables };
	for (int l = 0; l < 2; l++)
		for (size_t i = 0; i < counts[l]; i++) {
			struct topo_bucket *b = &lists[l][i];
			if (!b->region)
				b->region = t->region;
			if (!b->account)
				b->account = t->account;
			struct topo_loc first;
			if (!topo_index_resource_name(L, l ? TOPO_TABLE : TOPO_BUCKET, b, b->name,
						      b->loc, &first))
				loader_error(L, b->loc, "%s '%s' is declared twice (line %u)",
					     l ? "table" : "bucket", b->name, first.line);
			if (l == 0 && str_has_suffix(b->name, "--x-s3")) {
				/* base--azid--x-s3 */
				size_t n = strlen(b->name) - strlen("--x-s3");
				const char *start = NULL;
				for (size_t k = n; k-- > 1;)
					if (b->name[k] == '-' && b->name[k - 1] == '-') {
						start = b->name + k + 1;
						break;
					}
				b->directory = true;
				if (start && start < b->name + n)
					b->zone_id = arena_strndup(L->a, start,
								   (size_t)(b->name + n - start));
				else
					loader_error(L, b->loc, "directory bucket '%s': the name must be "
						     "BASE--AZID--x-s3 (F4.1)", b->name);
				if (b->zone_id)
					check_directory_zone(L, b);
				check_directory_addresses(L, b);
			}
		}
	for (size_t i = 0; i < t->nroles; i++) {
		/* a role's unique id as IAM prints it: AROA and upper-case letters and digits */
		const char *id = t->roles[i].id;
		bool ok = !id || (str_has_prefix(id, "AROA") && strlen(id) >= 16 && strlen(id) <= 128);
		for (const char *p = id ? id : ""; ok && *p; p++)
			ok = (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9');
		if (!ok)
			loader_error(L, t->roles[i].loc, "role '%s': id '%s' is not a role's unique id "
				     "(AROA followed by upper-case letters and digits, as get-role's RoleId)",
				     t->roles[i].arn, id);
	}
	struct keyed *k = xmalloc((t->nroles + 1) * sizeof(*k));
	for (size_t i = 0; i < t->nroles; i++)
		k[i] = (struct keyed){ t->roles[i].arn, t->roles[i].loc, i };
	report_repeats(L, k, t->nroles, "role");
	free(k);
}

/* ---- missing data, organizations ------------------------------------------------ */

/* The kinds whose objects a `missing:` id may name, to tell a contradiction (the
 * object is declared after all) */
static bool missing_kind_declares(enum topo_missing_kind m, enum topo_kind k)
{
	switch (m) {
	case TOPO_MISSING_SECURITY_GROUP:
	case TOPO_MISSING_SECURITY_GROUPS: return k == TOPO_SECURITY_GROUP;
	case TOPO_MISSING_PREFIX_LIST:
	case TOPO_MISSING_PREFIX_LISTS: return k == TOPO_PREFIX_LIST;
	case TOPO_MISSING_ROUTE_TABLES: return k == TOPO_ROUTE_TABLE;
	case TOPO_MISSING_NETWORK_ACLS: return k == TOPO_NETWORK_ACL;
	case TOPO_MISSING_INTERNET_GATEWAYS: return k == TOPO_INTERNET_GATEWAY;
	case TOPO_MISSING_EGRESS_ONLY_IGWS: return k == TOPO_EGRESS_ONLY_IGW;
	case TOPO_MISSING_NAT_GATEWAYS: return k == TOPO_NAT_GATEWAY;
	case TOPO_MISSING_VPN_GATEWAYS: return k == TOPO_VPN_GATEWAY;
	case TOPO_MISSING_VPN_CONNECTIONS: return k == TOPO_VPN_CONNECTION;
	case TOPO_MISSING_TRANSIT_GATEWAYS: return k == TOPO_TRANSIT_GATEWAY;
	case TOPO_MISSING_TGW_ATTACHMENTS: return k == TOPO_TGW_ATTACHMENT;
	case TOPO_MISSING_TGW_ROUTE_TABLES: return k == TOPO_TGW_ROUTE_TABLE;
	case TOPO_MISSING_ENDPOINTS: return k == TOPO_ENDPOINT;
	case TOPO_MISSING_INSTANCES: return k == TOPO_INSTANCE;
	case TOPO_MISSING_NETWORK_INTERFACES: return k == TOPO_INTERFACE;
	case TOPO_MISSING_PEERINGS: return k == TOPO_PEERING;
	case TOPO_MISSING_SUBNETS: return k == TOPO_SUBNET;
	default: return false;
	}
}

/* F9.7: `missing:` entries are checked and described before any reference is
 * resolved, since a reference to what they cover is not an error. */
void resolve_missing(struct loader *L)
{
	struct topology *t = L->t;
	for (size_t i = 0; i < t->nmissing; i++) {
		struct topo_missing *m = &t->missing[i];
		const char *word = topo_missing_kind_name(m->kind);
		bool needs_id = m->kind == TOPO_MISSING_SECURITY_GROUP ||
				m->kind == TOPO_MISSING_PREFIX_LIST;
		if (needs_id && !m->id)
			loader_error(L, m->loc, "missing: kind %s names one object; it needs 'id'", word);
		if (m->vpc) {
			bool amb;
			struct topo_vpc *v = topo_find(t, TOPO_VPC, m->vpc, &amb);
			if (v)
				m->vpc = v->id;
			else
				loader_error(L, m->loc, "missing: unknown vpc '%s'%s", m->vpc,
					     resolve_did_you_mean(L, 1ull << TOPO_VPC, m->vpc));
		}
		enum topo_kind k;
		if (m->id && m->kind != TOPO_MISSING_TGW_ROUTES && topo_find_id(t, m->id, &k) &&
		    missing_kind_declares(m->kind, k))
			loader_warn(L, m->loc, "missing-declared", "missing: %s '%s' is declared in the "
				    "topology; the declaration is used", topo_kind_name(k), m->id);
		topo_missing_describe(L->a, m);
	}
	topo_missing_index(t);
	struct keyed *k = xmalloc((t->nmissing + 1) * sizeof(*k));
	for (size_t i = 0; i < t->nmissing; i++)
		k[i] = (struct keyed){ t->missing[i].what, t->missing[i].loc, i };
	report_repeats(L, k, t->nmissing, "missing:");
	free(k);
}

/* F7.9: organization ids are stated, never guessed (their form is checked where they
 * are read, load.c); an account listed twice or contradicting the top level is an
 * error */
void resolve_accounts(struct loader *L)
{
	struct topology *t = L->t;
	for (size_t i = 0; i < t->naccounts; i++) {
		struct topo_account *a = &t->accounts[i];
		if (t->account && !strcmp(a->id, t->account) && t->organization && a->organization &&
		    strcmp(a->organization, t->organization) != 0)
			loader_error(L, a->loc, "accounts: account %s is the top-level account, whose "
				     "organization is %s, not %s", a->id, t->organization,
				     a->organization);
	}
	struct keyed *k = xmalloc((t->naccounts + 1) * sizeof(*k));
	for (size_t i = 0; i < t->naccounts; i++)
		k[i] = (struct keyed){ t->accounts[i].id, t->accounts[i].loc, i };
	report_repeats(L, k, t->naccounts, "accounts: account");
	free(k);
}

/* F1.14: a peering attachment exists on both gateways.  When only one side is
 * declared and the peer gateway is in the topology, the other side is made, so that
 * the peer's route tables can associate it and a trace can cross back.  Runs before
 * anything points into the attachment arrays. */
void loader_complete_tgw_peerings(struct loader *L)
{
	struct topology *t = L->t;
	if (t->ntransit_gateways < 2)
		return;
	struct bytemap *by_name = bytemap_new(), *declared = bytemap_new();
	struct keybuf k = { 0 };
	for (size_t g = 0; g < t->ntransit_gateways; g++) {
		const struct topo_transit_gateway *tgw = &t->transit_gateways[g];
		bytemap_get_or_add(by_name, tgw->id, strlen(tgw->id), g, NULL);
		for (size_t i = 0; i < tgw->nattachments; i++) {
			k.len = 0;
			keybuf_u64(&k, g);
			keybuf_str(&k, tgw->attachments[i].id);
			bytemap_get_or_add(declared, k.p, k.len, 0, NULL);
		}
	}
	for (size_t g = 0; g < t->ntransit_gateways; g++) {
		const struct topo_transit_gateway *tgw = &t->transit_gateways[g];
		if (tgw->name)
			bytemap_get_or_add(by_name, tgw->name, strlen(tgw->name), g, NULL);
	}
	for (size_t g = 0; g < t->ntransit_gateways; g++) {
		const struct topo_transit_gateway *tgw = &t->transit_gateways[g];
		size_t nown = tgw->nattachments; /* implicit ones added below are not read */
		for (size_t i = 0; i < nown; i++) {
			const struct topo_tgw_attachment *a = &tgw->attachments[i];
			size_t p;
			const char *peer_name = a->peer_tgw.text;
			if (!peer_name || a->vpc.text || a->vpn.text ||
			    !bytemap_find(by_name, peer_name, strlen(peer_name), &p) || p == g)
				continue;
			k.len = 0;
			keybuf_u64(&k, p);
			keybuf_str(&k, a->id);
			bool added;
			bytemap_get_or_add(declared, k.p, k.len, 0, &added);
			if (!added)
				continue; /* declared there too */
			struct topo_transit_gateway *peer = &t->transit_gateways[p];
			struct topo_tgw_attachment *grown =
				arena_alloc(L->a, (peer->nattachments + 1) * sizeof(*grown));
			if (peer->nattachments)
				memcpy(grown, peer->attachments, peer->nattachments * sizeof(*grown));
			struct topo_tgw_attachment *made = &grown[peer->nattachments];
			memset(made, 0, sizeof(*made));
			made->id = a->id;
			made->peer_tgw.text = tgw->id;
			made->peer_region = tgw->region ? tgw->region : t->region;
			made->state = a->state;
			made->implicit = true;
			/* its messages point at the declaration it was made from */
			made->loc = a->loc;
			made->peer_tgw.loc = a->loc;
			peer->attachments = grown;
			peer->nattachments++;
		}
	}
	bytemap_free(by_name);
	bytemap_free(declared);
	free(k.p);
}
