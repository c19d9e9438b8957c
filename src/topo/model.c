/* model.c - the topology's id/name index, lookups, and topo_load/topo_free. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sys/stat.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "loader.h"
#include "vpcpath/arena.h"
#include "vpcpath/import.h"
#include "vpcpath/import_terraform.h"
#include "vpcpath/map.h"
#include "vpcpath/origins.h"
#include "vpcpath/policy.h"
#include "vpcpath/util.h"

/* ---- the index: open addressing over (kind, key) ------------------------------------ */

struct index_entry {
	const char *key;      /* id or name */
	void *obj;
	struct topo_loc loc;
	uint8_t kind;
	bool is_name;
	bool ambiguous;       /* a name shared by several objects of the kind */
};

struct topo_index {
	struct index_entry *slots;
	size_t cap, len;
};

static uint64_t hash_key(const char *s, unsigned salt)
{
	uint64_t h = 1469598103934665603ull ^ salt;
	for (; *s; s++) {
		h ^= (unsigned char)*s;
		h *= 1099511628211ull;
	}
	return h;
}

static void index_grow(struct topo_index *ix);

/* Finds the slot for (key, kind-or-any, is_name). kind 0 with !is_name: ids of any kind
 * share one namespace (ids are unique in the file). */
static struct index_entry *index_slot(struct topo_index *ix, const char *key, unsigned kind,
				      bool is_name)
{
	unsigned salt = is_name ? kind + 1 : 0;
	size_t mask = ix->cap - 1;
	for (size_t i = hash_key(key, salt) & mask;; i = (i + 1) & mask) {
		struct index_entry *e = &ix->slots[i];
		if (!e->key)
			return e;
		if (e->is_name == is_name && (!is_name || e->kind == kind) && !strcmp(e->key, key))
			return e;
	}
}

static void index_grow(struct topo_index *ix)
{
	size_t ocap = ix->cap;
	struct index_entry *old = ix->slots;
	ix->cap = ocap ? ocap * 2 : 1024;
	ix->slots = xcalloc(ix->cap, sizeof(*ix->slots));
	for (size_t i = 0; i < ocap; i++)
		if (old[i].key)
			*index_slot(ix, old[i].key, old[i].kind, old[i].is_name) = old[i];
	free(old);
}

static struct index_entry *index_put(struct topo_index *ix, const char *key, unsigned kind,
				     bool is_name, bool *existed)
{
	if ((ix->len + 1) * 2 > ix->cap)
		index_grow(ix);
	struct index_entry *e = index_slot(ix, key, kind, is_name);
	*existed = e->key != NULL;
	if (!e->key) {
		e->key = key;
		e->kind = (uint8_t)kind;
		e->is_name = is_name;
		ix->len++;
	}
	return e;
}

void topo_index_free(struct topo_index *ix)
{
	if (!ix)
		return;
	free(ix->slots);
	free(ix);
}

void topo_index_reserve(struct loader *L, size_t entries);
void topo_index_reserve(struct loader *L, size_t entries)
{
	struct topology *t = L->t;
	if (!t->index)
		t->index = xcalloc(1, sizeof(*t->index));
	struct topo_index *ix = t->index;
	size_t cap = 1024;
	while (cap < entries * 2)
		cap *= 2;
	if (cap <= ix->cap)
		return;
	/* grow to the final size in one step */
	size_t ocap = ix->cap;
	struct index_entry *old = ix->slots;
	ix->cap = cap;
	ix->slots = xcalloc(ix->cap, sizeof(*ix->slots));
	for (size_t i = 0; i < ocap; i++)
		if (old[i].key)
			*index_slot(ix, old[i].key, old[i].kind, old[i].is_name) = old[i];
	free(old);
}

static bool names_tgw(const char *text, const struct topo_transit_gateway *g)
{
	return text && g && (!strcmp(text, g->id) || (g->name && !strcmp(text, g->name)));
}

/* F1.14: a and b are the two sides of one peering attachment (each under its own
 * gateway, each naming the other gateway as its peer); links them when so. */
static bool tgw_peering_pair(struct topo_tgw_attachment *a, struct topo_tgw_attachment *b)
{
	if (a->peer_side || b->peer_side || !a->tgw || !b->tgw || a->tgw == b->tgw)
		return false;
	if (!names_tgw(a->peer_tgw.text, b->tgw) || !names_tgw(b->peer_tgw.text, a->tgw))
		return false;
	a->peer_side = b;
	b->peer_side = a;
	return true;
}

/* Registers an object; reports a duplicate id.  Implicit objects have loc 0. */
void topo_index_add(struct loader *L, enum topo_kind kind, void *obj, const char *id,
		    const char *name, struct topo_loc loc)
{
	struct topology *t = L->t;
	if (!t->index)
		t->index = xcalloc(1, sizeof(*t->index));
	bool existed;
	if (id && !t->made_up_ids && topo_id_made_up(id))
		t->made_up_ids = true;
	if (id) {
		struct index_entry *e = index_put(t->index, id, 0, false, &existed);
		if (existed && kind == TOPO_TGW_ATTACHMENT && e->kind == TOPO_TGW_ATTACHMENT &&
		    tgw_peering_pair(e->obj, obj)) {
			/* F1.14: one peering attachment, declared under each of its gateways */
		} else if (existed) {
			if (!loc.line && !e->loc.line) {
				/* two implicit objects: their VPCs share an id, reported already */
			} else if (!loc.line) {
				/* an implicit object (VPCID-default-sg …) meets a written one */
				loader_error(L, e->loc, "id '%s' is the id vpcpath gives the implicit %s of "
					     "a VPC; choose another", id, topo_kind_name(kind));
			} else if (e->loc.line && kind == TOPO_TGW_ATTACHMENT &&
				   e->kind == TOPO_TGW_ATTACHMENT) {
				loader_error(L, loc, "duplicate id '%s' (first defined at line %u as a %s); "
					     "only a peering attachment appears twice, once under each "
					     "transit gateway it joins, each naming the other as "
					     "peer_transit_gateway (F1.14)", id, e->loc.line,
					     topo_kind_name(e->kind));
			} else if (e->loc.line) {
				loader_error(L, loc, "duplicate id '%s' (first defined at line %u as a %s)",
					     id, e->loc.line, topo_kind_name(e->kind));
			} else {
				loader_error(L, loc, "id '%s' is the id vpcpath gives an implicit %s; "
					     "choose another", id, topo_kind_name(e->kind));
			}
		} else {
			e->obj = obj;
			e->loc = loc;
			e->kind = (uint8_t)kind;
		}
	}
	if (name && (!id || strcmp(name, id) != 0)) {
		struct index_entry *e = index_put(t->index, name, kind, true, &existed);
		if (existed && e->obj != obj)
			e->ambiguous = true;
		else {
			e->obj = obj;
			e->loc = loc;
		}
	}
}

/* Buckets and tables live in their own namespaces of the index (their names may equal
 * any id).  Returns false when name is there already, with the first one's place. */
bool topo_index_resource_name(struct loader *L, enum topo_kind kind, void *obj, const char *name,
			      struct topo_loc loc, struct topo_loc *first)
{
	struct topology *t = L->t;
	if (!t->index)
		t->index = xcalloc(1, sizeof(*t->index));
	bool existed;
	struct index_entry *e = index_put(t->index, name, kind, true, &existed);
	if (existed) {
		*first = e->loc;
		return false;
	}
	e->obj = obj;
	e->loc = loc;
	return true;
}

/* Index slots visited plus distance work (character pairs / 16): a topology of tens
 * of thousands of objects gets suggestions for its first dozens of bad references,
 * the rest go without; a hostile file's thousand cost at most ~0.1 s more. */
#define SUGGEST_WORK_MAX 4000000u

const char *topo_index_suggest(struct loader *L, uint64_t kinds, const char *word)
{
	const struct topo_index *ix = L->t->index;
	if (!ix || !word || !*word || L->suggest_work >= SUGGEST_WORK_MAX)
		return NULL;
	size_t len = strlen(word);
	/* yamlread_suggest's bound: a third of the word, at least 2 */
	unsigned limit = len / 3 > 2 ? (unsigned)(len / 3) : 2;
	const char *best = NULL;
	unsigned best_d = limit + 1;
	L->suggest_work += ix->cap;
	for (size_t i = 0; i < ix->cap; i++) {
		const struct index_entry *e = &ix->slots[i];
		if (!e->key || e->ambiguous || e->kind >= 64 || !(kinds & (1ull << e->kind)))
			continue;
		size_t n = strlen(e->key);
		if ((n > len ? n - len : len - n) >= best_d)  /* the distance is at least that */
			continue;
		/* a distance costs the product of the lengths (str_edit_distance caps them) */
		L->suggest_work += (n < 64 ? n : 64) * (len < 64 ? len : 64) / 16;
		unsigned d = str_edit_distance(word, e->key);
		/* ties: the first in a fixed order, so the message does not depend on hashing */
		if (d < best_d || (d == best_d && best && strcmp(e->key, best) < 0)) {
			best = e->key;
			best_d = d;
		}
	}
	return best;
}

void *topo_find_id(const struct topology *t, const char *id, enum topo_kind *kind)
{
	if (!t->index || !id)
		return NULL;
	struct index_entry *e = index_slot(t->index, id, 0, false);
	if (!e->key)
		return NULL;
	if (kind)
		*kind = e->kind;
	return e->obj;
}

void *topo_find(const struct topology *t, enum topo_kind kind, const char *id_or_name,
		bool *ambiguous)
{
	if (ambiguous)
		*ambiguous = false;
	if (!t->index || !id_or_name)
		return NULL;
	enum topo_kind k;
	void *obj = topo_find_id(t, id_or_name, &k);
	if (obj && k == kind)
		return obj;
	struct index_entry *e = index_slot(t->index, id_or_name, kind, true);
	if (!e->key)
		return NULL;
	if (e->ambiguous) {
		if (ambiguous)
			*ambiguous = true;
		return NULL;
	}
	return e->obj;
}

const char *topo_kind_name(enum topo_kind k)
{
	static const char *const names[TOPO_KIND_COUNT] = {
		[TOPO_NONE] = "object", [TOPO_VPC] = "vpc", [TOPO_SUBNET] = "subnet",
		[TOPO_ROUTE_TABLE] = "route table", [TOPO_SECURITY_GROUP] = "security group",
		[TOPO_NETWORK_ACL] = "network ACL", [TOPO_INTERNET_GATEWAY] = "internet gateway",
		[TOPO_EGRESS_ONLY_IGW] = "egress-only internet gateway",
		[TOPO_NAT_GATEWAY] = "NAT gateway", [TOPO_ENDPOINT] = "VPC endpoint",
		[TOPO_INSTANCE] = "instance", [TOPO_PREFIX_LIST] = "prefix list",
		[TOPO_VPN_GATEWAY] = "VPN gateway", [TOPO_VPN_CONNECTION] = "VPN connection",
		[TOPO_PEERING] = "peering connection", [TOPO_TRANSIT_GATEWAY] = "transit gateway",
		[TOPO_TGW_ATTACHMENT] = "transit gateway attachment",
		[TOPO_TGW_ROUTE_TABLE] = "transit gateway route table",
		[TOPO_ON_PREMISES] = "on-premises network", [TOPO_BUCKET] = "S3 bucket",
		[TOPO_TABLE] = "DynamoDB table", [TOPO_ENI] = "network interface",
		[TOPO_UNMODELLED] = "unmodelled target", [TOPO_INTERFACE] = "network interface",
	};
	return (unsigned)k < TOPO_KIND_COUNT && names[k] ? names[k] : "object";
}

const char *topo_service_name(enum topo_service s)
{
	switch (s) {
	case TOPO_SVC_S3: return "s3";
	case TOPO_SVC_DYNAMODB: return "dynamodb";
	case TOPO_SVC_S3EXPRESS: return "s3express";
	case TOPO_SVC_OTHER: return "other";
	default: return "none";
	}
}

/* ---- tags ---------------------------------------------------------------------------- */

const char *topo_tag_key_problem(const char *s, size_t len)
{
	if (len == 0)
		return "empty tag key (AWS tag keys are 1 to 128 characters)";
	if (str_utf8_invalid_at(s, len) != len)
		return "tag key is not valid UTF-8";
	if (str_utf8_count(s, len) > TOPO_TAG_KEY_MAX)
		return "tag key longer than 128 characters (AWS's limit)";
	return NULL;
}

const char *topo_tag_value_problem(const char *s, size_t len)
{
	if (str_utf8_invalid_at(s, len) != len)
		return "tag value is not valid UTF-8";
	if (str_utf8_count(s, len) > TOPO_TAG_VALUE_MAX)
		return "tag value longer than 256 characters (AWS's limit)";
	return NULL;
}

const char *topo_tag_value(const struct topo_tags *tags, const char *key)
{
	/* a handful of tags per object: a scan beats any index */
	for (size_t i = 0; i < tags->len; i++)
		if (!strcmp(tags->items[i].key, key))
			return tags->items[i].value;
	return NULL;
}

struct topo_loc topo_object_loc(enum topo_kind kind, const void *obj)
{
	struct topo_loc none = { 0, 0 };
	if (!obj)
		return none;
	switch (kind) {
	case TOPO_VPC: return ((const struct topo_vpc *)obj)->loc;
	case TOPO_SUBNET: return ((const struct topo_subnet *)obj)->loc;
	case TOPO_ROUTE_TABLE: return ((const struct topo_route_table *)obj)->loc;
	case TOPO_SECURITY_GROUP: return ((const struct topo_security_group *)obj)->loc;
	case TOPO_NETWORK_ACL: return ((const struct topo_network_acl *)obj)->loc;
	case TOPO_INTERNET_GATEWAY:
	case TOPO_EGRESS_ONLY_IGW:
	case TOPO_VPN_GATEWAY: return ((const struct topo_gateway *)obj)->loc;
	case TOPO_NAT_GATEWAY: return ((const struct topo_nat_gateway *)obj)->loc;
	case TOPO_ENDPOINT: return ((const struct topo_endpoint *)obj)->loc;
	case TOPO_INSTANCE: return ((const struct topo_instance *)obj)->loc;
	case TOPO_INTERFACE: return ((const struct topo_interface *)obj)->loc;
	case TOPO_PREFIX_LIST: return ((const struct topo_prefix_list *)obj)->loc;
	case TOPO_VPN_CONNECTION: return ((const struct topo_vpn_connection *)obj)->loc;
	case TOPO_PEERING: return ((const struct topo_peering *)obj)->loc;
	case TOPO_TRANSIT_GATEWAY: return ((const struct topo_transit_gateway *)obj)->loc;
	case TOPO_TGW_ATTACHMENT: return ((const struct topo_tgw_attachment *)obj)->loc;
	case TOPO_TGW_ROUTE_TABLE: return ((const struct topo_tgw_route_table *)obj)->loc;
	case TOPO_ON_PREMISES: return ((const struct topo_on_premises *)obj)->loc;
	default: return none;
	}
}

/* ---- instances, interfaces, addresses -------------------------------------------- */

const char *topo_instance_state_name(enum topo_instance_state s)
{
	switch (s) {
	case TOPO_INSTANCE_RUNNING: return "running";
	case TOPO_INSTANCE_PENDING: return "pending";
	case TOPO_INSTANCE_STOPPING: return "stopping";
	case TOPO_INSTANCE_STOPPED: return "stopped";
	case TOPO_INSTANCE_SHUTTING_DOWN: return "shutting-down";
	}
	return "unknown";
}

bool topo_instance_active(const struct topo_instance *in)
{
	/* F6.6: a pending instance is starting and takes traffic as soon as it runs */
	return in->state == TOPO_INSTANCE_RUNNING || in->state == TOPO_INSTANCE_PENDING;
}

const char *topo_interface_kind_name(enum topo_interface_kind k)
{
	switch (k) {
	case TOPO_IF_LAMBDA: return "lambda";
	case TOPO_IF_RDS: return "rds";
	case TOPO_IF_EFS: return "efs";
	case TOPO_IF_ELB: return "elb";
	case TOPO_IF_ECS: return "ecs";
	case TOPO_IF_EKS: return "eks";
	case TOPO_IF_OTHER: return "other";
	}
	return "other";
}

struct topo_interface *topo_find_interface(const struct topology *t, const char *id_or_name,
					   bool *ambiguous)
{
	return topo_find(t, TOPO_INTERFACE, id_or_name, ambiguous);
}

const struct topo_addr_owner *topo_vpc_addr_owner(const struct topo_vpc *vpc,
						  const struct net_addr *a)
{
	size_t lo = 0, hi = vpc->naddr_owners;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = net_addr_cmp(&vpc->addr_owners[mid].addr, a);
		if (c == 0)
			return &vpc->addr_owners[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

/* ---- the VPCs by address: every lookup of an address that a trace or a check makes
 * (whose instance, which subnet) looked at every VPC, and an account may have
 * thousands.  VPCs may overlap one another, so every VPC that holds the address is
 * found: a CIDR holding a is a cut to one of the lengths the VPCs' CIDRs use. */

struct vpc_cidr {
	struct net_prefix p;
	size_t vpc;            /* index into t->vpcs */
};

struct topo_vpc_index {
	struct vpc_cidr *cidrs;  /* ascending (address, length, VPC) */
	size_t n;
	bool len_used[2][129];   /* [IPv6?][length]: some CIDR has it */
};

static int size_cmp(const void *a, const void *b)
{
	size_t x = *(const size_t *)a, y = *(const size_t *)b;
	return (x > y) - (x < y);
}

static int vpc_cidr_cmp(const void *a, const void *b)
{
	const struct vpc_cidr *x = a, *y = b;
	int c = net_prefix_qsort_cmp(&x->p, &y->p);
	return c ? c : (x->vpc > y->vpc) - (x->vpc < y->vpc);
}

void topo_vpc_index_build(struct topology *t);
void topo_vpc_index_build(struct topology *t)
{
	size_t n = 0;
	for (size_t v = 0; v < t->nvpcs; v++)
		n += t->vpcs[v].cidrs.len + t->vpcs[v].ipv6_cidrs.len;
	struct topo_vpc_index *ix = xcalloc(1, sizeof(*ix));
	ix->cidrs = xmalloc((n ? n : 1) * sizeof(*ix->cidrs));
	for (size_t v = 0; v < t->nvpcs; v++) {
		const struct topo_prefix_array *arrs[2] = { &t->vpcs[v].cidrs, &t->vpcs[v].ipv6_cidrs };
		for (size_t k = 0; k < 2; k++)
			for (size_t i = 0; i < arrs[k]->len; i++) {
				const struct net_prefix *p = &arrs[k]->items[i];
				if (p->len > 128 || (p->addr.family != NET_V4 && p->addr.family != NET_V6))
					continue;
				ix->cidrs[ix->n++] = (struct vpc_cidr){ *p, v };
				ix->len_used[p->addr.family == NET_V6][p->len] = true;
			}
	}
	qsort(ix->cidrs, ix->n, sizeof(*ix->cidrs), vpc_cidr_cmp);
	t->vpc_index = ix;
}

static void vpc_index_free(struct topo_vpc_index *ix)
{
	if (ix)
		free(ix->cidrs);
	free(ix);
}

/* The VPCs that hold a, ascending and each once: a vector of size_t the caller frees. */
static size_t vpcs_holding(const struct topology *t, const struct net_addr *a, size_t **out)
{
	struct tmpvec v = { 0 };
	const struct topo_vpc_index *ix = t->vpc_index;
	if (!ix) {
		for (size_t i = 0; i < t->nvpcs; i++)
			if (topo_vpc_holds(&t->vpcs[i], a))
				*(size_t *)tmpvec_push(&v, sizeof(size_t)) = i;
		*out = v.items;
		return v.len;
	}
	unsigned bits = a->family == NET_V4 ? 32 : a->family == NET_V6 ? 128 : 0;
	for (unsigned len = 0; bits && len <= bits; len++) {
		if (!ix->len_used[a->family == NET_V6][len])
			continue;
		struct net_prefix cut = { *a, (uint8_t)len };
		for (unsigned b = len; b < bits; b++)
			cut.addr.b[b / 8] &= (uint8_t)~(0x80u >> (b % 8));
		size_t lo = 0, hi = ix->n;  /* the first CIDR not before cut */
		while (lo < hi) {
			size_t mid = lo + (hi - lo) / 2;
			if (net_prefix_qsort_cmp(&ix->cidrs[mid].p, &cut) < 0)
				lo = mid + 1;
			else
				hi = mid;
		}
		for (; lo < ix->n && !net_prefix_qsort_cmp(&ix->cidrs[lo].p, &cut); lo++)
			*(size_t *)tmpvec_push(&v, sizeof(size_t)) = ix->cidrs[lo].vpc;
	}
	size_t *vpcs = v.items, n = 0;
	if (v.len > 1)
		qsort(vpcs, v.len, sizeof(*vpcs), size_cmp);
	for (size_t i = 0; i < v.len; i++)
		if (!n || vpcs[n - 1] != vpcs[i])
			vpcs[n++] = vpcs[i];
	*out = vpcs;
	return n;
}

const struct topo_addr_owner *topo_addr_owner(const struct topology *t, const struct net_addr *a,
					      bool *ambiguous)
{
	const struct topo_addr_owner *found = NULL;
	if (ambiguous)
		*ambiguous = false;
	size_t *vpcs, n = vpcs_holding(t, a, &vpcs);
	for (size_t i = 0; i < n; i++) {
		const struct topo_addr_owner *o = topo_vpc_addr_owner(&t->vpcs[vpcs[i]], a);
		if (!o)
			continue;
		if (!found)
			found = o;
		else if (ambiguous)
			*ambiguous = true;
	}
	free(vpcs);
	return found;
}

const char *topo_account_organization(const struct topology *t, const char *account)
{
	if (!account)
		return NULL;
	if (t->account && !strcmp(t->account, account) && t->organization)
		return t->organization;
	for (size_t i = 0; i < t->naccounts; i++)
		if (!strcmp(t->accounts[i].id, account))
			return t->accounts[i].organization;
	return NULL;
}

/* ---- missing data (F9.7) ------------------------------------------------------------ */

/* One table: the word of the file, what it is in a message, the describe command
 * that supplies it, and the plural kind that also covers a singular one. */
static const struct {
	const char *word, *noun, *command;
	enum topo_missing_kind plural; /* itself for a plural kind */
} missing_kinds[TOPO_MISSING_KIND_COUNT] = {
	[TOPO_MISSING_ROUTE_TABLES] = { "route_tables", "route tables",
		"aws ec2 describe-route-tables", TOPO_MISSING_ROUTE_TABLES },
	[TOPO_MISSING_NETWORK_ACLS] = { "network_acls", "network ACLs",
		"aws ec2 describe-network-acls", TOPO_MISSING_NETWORK_ACLS },
	[TOPO_MISSING_SECURITY_GROUPS] = { "security_groups", "security groups",
		"aws ec2 describe-security-groups", TOPO_MISSING_SECURITY_GROUPS },
	[TOPO_MISSING_SECURITY_GROUP] = { "security_group", "security group",
		"aws ec2 describe-security-groups --group-ids", TOPO_MISSING_SECURITY_GROUPS },
	[TOPO_MISSING_INTERNET_GATEWAYS] = { "internet_gateways", "internet gateways",
		"aws ec2 describe-internet-gateways", TOPO_MISSING_INTERNET_GATEWAYS },
	[TOPO_MISSING_EGRESS_ONLY_IGWS] = { "egress_only_internet_gateways",
		"egress-only internet gateways", "aws ec2 describe-egress-only-internet-gateways",
		TOPO_MISSING_EGRESS_ONLY_IGWS },
	[TOPO_MISSING_NAT_GATEWAYS] = { "nat_gateways", "NAT gateways",
		"aws ec2 describe-nat-gateways", TOPO_MISSING_NAT_GATEWAYS },
	[TOPO_MISSING_VPN_GATEWAYS] = { "vpn_gateways", "VPN gateways",
		"aws ec2 describe-vpn-gateways", TOPO_MISSING_VPN_GATEWAYS },
	[TOPO_MISSING_VPN_CONNECTIONS] = { "vpn_connections", "VPN connections",
		"aws ec2 describe-vpn-connections", TOPO_MISSING_VPN_CONNECTIONS },
	[TOPO_MISSING_TRANSIT_GATEWAYS] = { "transit_gateways", "transit gateways",
		"aws ec2 describe-transit-gateways", TOPO_MISSING_TRANSIT_GATEWAYS },
	[TOPO_MISSING_TGW_ATTACHMENTS] = { "transit_gateway_attachments",
		"transit gateway attachments", "aws ec2 describe-transit-gateway-attachments",
		TOPO_MISSING_TGW_ATTACHMENTS },
	[TOPO_MISSING_TGW_ROUTE_TABLES] = { "transit_gateway_route_tables",
		"transit gateway route tables", "aws ec2 describe-transit-gateway-route-tables",
		TOPO_MISSING_TGW_ROUTE_TABLES },
	[TOPO_MISSING_TGW_ROUTES] = { "tgw_routes", "routes of transit gateway route table",
		"aws ec2 search-transit-gateway-routes --transit-gateway-route-table-id",
		TOPO_MISSING_TGW_ROUTES },
	[TOPO_MISSING_ENDPOINTS] = { "endpoints", "VPC endpoints",
		"aws ec2 describe-vpc-endpoints", TOPO_MISSING_ENDPOINTS },
	[TOPO_MISSING_INSTANCES] = { "instances", "instances",
		"aws ec2 describe-instances", TOPO_MISSING_INSTANCES },
	[TOPO_MISSING_NETWORK_INTERFACES] = { "network_interfaces", "network interfaces",
		"aws ec2 describe-network-interfaces", TOPO_MISSING_NETWORK_INTERFACES },
	[TOPO_MISSING_PREFIX_LISTS] = { "prefix_lists", "prefix lists",
		"aws ec2 describe-managed-prefix-lists", TOPO_MISSING_PREFIX_LISTS },
	[TOPO_MISSING_PREFIX_LIST] = { "prefix_list", "entries of prefix list",
		"aws ec2 get-managed-prefix-list-entries --prefix-list-id",
		TOPO_MISSING_PREFIX_LISTS },
	[TOPO_MISSING_PEERINGS] = { "peerings", "VPC peering connections",
		"aws ec2 describe-vpc-peering-connections", TOPO_MISSING_PEERINGS },
	[TOPO_MISSING_SUBNETS] = { "subnets", "subnets", "aws ec2 describe-subnets",
		TOPO_MISSING_SUBNETS },
	/* without an id: every such resource's policy */
	[TOPO_MISSING_BUCKET_POLICY] = { "bucket_policy", "the policy of bucket",
		"aws s3api get-bucket-policy --bucket", TOPO_MISSING_BUCKET_POLICY },
	[TOPO_MISSING_TABLE_POLICY] = { "table_policy", "the resource policy of table",
		"aws dynamodb get-resource-policy --resource-arn", TOPO_MISSING_TABLE_POLICY },
	[TOPO_MISSING_ENDPOINT_POLICY] = { "endpoint_policy", "the policy of endpoint",
		"aws ec2 describe-vpc-endpoints --vpc-endpoint-ids", TOPO_MISSING_ENDPOINT_POLICY },
	[TOPO_MISSING_ROLE_POLICIES] = { "role_policies", "the identity policies of role",
		"aws iam list-attached-role-policies and list-role-policies for",
		TOPO_MISSING_ROLE_POLICIES },
};

/* The kinds that name one resource's policy. */
static bool missing_policy_kind(enum topo_missing_kind k)
{
	return k == TOPO_MISSING_BUCKET_POLICY || k == TOPO_MISSING_TABLE_POLICY ||
	       k == TOPO_MISSING_ENDPOINT_POLICY || k == TOPO_MISSING_ROLE_POLICIES;
}

const char *topo_missing_kind_name(enum topo_missing_kind k)
{
	return (unsigned)k < TOPO_MISSING_KIND_COUNT ? missing_kinds[k].word : NULL;
}

const char *topo_missing_command(enum topo_missing_kind k)
{
	return (unsigned)k < TOPO_MISSING_KIND_COUNT ? missing_kinds[k].command : NULL;
}

/* The message texts of an entry (arena). */
void topo_missing_describe(struct arena *a, struct topo_missing *m);
void topo_missing_describe(struct arena *a, struct topo_missing *m)
{
	const char *noun = missing_kinds[m->kind].noun;
	bool singular = missing_kinds[m->kind].plural != m->kind ||
			m->kind == TOPO_MISSING_TGW_ROUTES;
	if (m->kind == TOPO_MISSING_TGW_ROUTES && !m->id)
		noun = "transit gateway routes";
	size_t nl = strlen(noun);
	if (m->id && !singular && nl > 1 && noun[nl - 1] == 's')
		/* one object of a plural kind: "route table rtb-1", "instance i-1" */
		m->what = arena_printf(a, "%.*s %s", (int)(nl - 1), noun, m->id);
	else if (m->id)
		m->what = arena_printf(a, "%s %s", noun, m->id);
	else if (missing_policy_kind(m->kind))
		m->what = arena_printf(a, "the %s", m->kind == TOPO_MISSING_BUCKET_POLICY ?
				       "bucket policies" : m->kind == TOPO_MISSING_TABLE_POLICY ?
				       "tables' resource policies" : m->kind == TOPO_MISSING_ENDPOINT_POLICY ?
				       "endpoint policies" : "roles' identity policies");
	else if (m->vpc)
		m->what = arena_printf(a, "the %s of %s", noun, m->vpc);
	else
		m->what = arena_printf(a, "the %s", noun);
	if (m->id && (singular || missing_policy_kind(m->kind)))
		m->command = arena_printf(a, "%s %s", missing_kinds[m->kind].command, m->id);
	else
		m->command = missing_kinds[m->kind].command;
}

/* The index key of (kind, scope, id): scope is a VPC id, "" for an entry without
 * one, or NULL for the any-scope copy every entry also has. */
static size_t missing_key(struct keybuf *k, enum topo_missing_kind kind, const char *scope,
			  const char *id)
{
	k->len = 0;
	keybuf_u64(k, (uint64_t)kind);
	keybuf_str(k, scope);
	keybuf_str(k, id);
	return k->len;
}

void topo_missing_index(struct topology *t);
void topo_missing_index(struct topology *t)
{
	struct keybuf k = { 0 };
	t->missing_index = bytemap_new();
	for (size_t i = 0; i < t->nmissing; i++) {
		const struct topo_missing *m = &t->missing[i];
		/* the first entry of a key is the one found (file order); the key is built
		 * before the call reads k.p (the buffer may move while it grows) */
		size_t len = missing_key(&k, m->kind, m->vpc ? m->vpc : "", m->id);
		bytemap_get_or_add(t->missing_index, k.p, len, i, NULL);
		len = missing_key(&k, m->kind, NULL, m->id);
		bytemap_get_or_add(t->missing_index, k.p, len, i, NULL);
	}
	free(k.p);
}

/* Does entry m cover (kind, vpc_id, id)?  The rule of topo_missing_find. */
static bool missing_covers(const struct topo_missing *m, enum topo_missing_kind kind,
			   const char *vpc_id, const char *id)
{
	enum topo_missing_kind plural = missing_kinds[kind].plural;
	if (m->kind != kind && m->kind != plural && missing_kinds[m->kind].plural != kind)
		return false;
	/* a singular kind written without its id (an error) covers nothing */
	if (!m->id && missing_kinds[m->kind].plural != m->kind)
		return false;
	if (m->vpc && vpc_id && strcmp(m->vpc, vpc_id) != 0)
		return false;
	return !m->id || (id && !strcmp(m->id, id));
}

const struct topo_missing *topo_missing_find(const struct topology *t,
					     enum topo_missing_kind kind, const char *vpc_id,
					     const char *id)
{
	if ((unsigned)kind >= TOPO_MISSING_KIND_COUNT || !t->nmissing)
		return NULL;
	if (!t->missing_index) {
		for (size_t i = 0; i < t->nmissing; i++)
			if (missing_covers(&t->missing[i], kind, vpc_id, id))
				return &t->missing[i];
		return NULL;
	}
	/* every key that may hold a covering entry: the kind, its plural, and (asked
	 * with an id) the singular kinds of a plural; the scope or none; the id or none */
	enum topo_missing_kind kinds[TOPO_MISSING_KIND_COUNT];
	size_t nkinds = 0;
	for (unsigned c = 0; c < TOPO_MISSING_KIND_COUNT; c++)
		if (c == (unsigned)kind || c == (unsigned)missing_kinds[kind].plural ||
		    (id && missing_kinds[c].plural == kind))
			kinds[nkinds++] = (enum topo_missing_kind)c;
	const char *scopes[2] = { vpc_id, "" };
	size_t nscopes = vpc_id ? 2 : 1;
	const char *ids[2] = { id, NULL };
	size_t nids = id ? 2 : 1;
	size_t best = SIZE_MAX, idx;
	struct keybuf k = { 0 };
	for (size_t a = 0; a < nkinds; a++)
		for (size_t b = 0; b < nscopes; b++)
			for (size_t c = 0; c < nids; c++) {
				size_t len = missing_key(&k, kinds[a], scopes[b], ids[c]);
				if (bytemap_find(t->missing_index, k.p, len, &idx) && idx < best &&
				    missing_covers(&t->missing[idx], kind, vpc_id, id))
					best = idx;
			}
	free(k.p);
	return best == SIZE_MAX ? NULL : &t->missing[best];
}

const struct topo_missing *topo_missing_of(const struct topology *t, enum topo_kind kind,
					   const char *vpc_id, const char *id)
{
	enum topo_missing_kind m;
	switch (kind) {
	case TOPO_SUBNET: m = TOPO_MISSING_SUBNETS; break;
	case TOPO_ROUTE_TABLE: m = TOPO_MISSING_ROUTE_TABLES; break;
	case TOPO_SECURITY_GROUP: m = TOPO_MISSING_SECURITY_GROUP; break;
	case TOPO_NETWORK_ACL: m = TOPO_MISSING_NETWORK_ACLS; break;
	case TOPO_INTERNET_GATEWAY: m = TOPO_MISSING_INTERNET_GATEWAYS; break;
	case TOPO_EGRESS_ONLY_IGW: m = TOPO_MISSING_EGRESS_ONLY_IGWS; break;
	case TOPO_NAT_GATEWAY: m = TOPO_MISSING_NAT_GATEWAYS; break;
	case TOPO_ENDPOINT: m = TOPO_MISSING_ENDPOINTS; break;
	case TOPO_INSTANCE: m = TOPO_MISSING_INSTANCES; break;
	case TOPO_PREFIX_LIST: m = TOPO_MISSING_PREFIX_LIST; break;
	case TOPO_VPN_GATEWAY: m = TOPO_MISSING_VPN_GATEWAYS; break;
	case TOPO_VPN_CONNECTION: m = TOPO_MISSING_VPN_CONNECTIONS; break;
	case TOPO_PEERING: m = TOPO_MISSING_PEERINGS; break;
	case TOPO_TRANSIT_GATEWAY: m = TOPO_MISSING_TRANSIT_GATEWAYS; break;
	case TOPO_TGW_ATTACHMENT: m = TOPO_MISSING_TGW_ATTACHMENTS; break;
	case TOPO_TGW_ROUTE_TABLE: m = TOPO_MISSING_TGW_ROUTE_TABLES; break;
	case TOPO_ENI:
	case TOPO_INTERFACE: m = TOPO_MISSING_NETWORK_INTERFACES; break;
	default: return NULL;
	}
	return topo_missing_find(t, m, vpc_id, id);
}

/* ---- lookups ------------------------------------------------------------------------ */

/* The key of (service, family, region) in service_list_index: two bytes, then the
 * region.  Written into buf when it fits, else into *heap (the caller frees). */
static const char *service_key(char *buf, size_t cap, char **heap, enum topo_service svc,
			       int family, const char *region, size_t *len)
{
	size_t rlen = strlen(region);
	*len = 2 + rlen;
	char *k = buf;
	*heap = NULL;
	if (*len > cap)
		k = *heap = xmalloc(*len);
	k[0] = (char)svc;
	k[1] = (char)family;
	memcpy(k + 2, region, rlen);
	return k;
}

void topo_service_index(struct topology *t);
void topo_service_index(struct topology *t)
{
	bytemap_free(t->service_list_index);
	t->service_list_index = bytemap_new();
	char buf[128], *heap;
	size_t len;
	for (size_t i = 0; i < t->nprefix_lists; i++) {
		const struct topo_prefix_list *pl = &t->prefix_lists[i];
		if (!pl->region)
			continue;
		const char *k = service_key(buf, sizeof(buf), &heap, pl->service, pl->family,
					    pl->region, &len);
		/* the first list of a key wins, as in the scan: the file's before built-in */
		bytemap_get_or_add(t->service_list_index, k, len, i, NULL);
		free(heap);
	}
}

const struct topo_prefix_list *topo_service_prefix_list(const struct topology *t,
							enum topo_service svc,
							const char *region, int family)
{
	/* the file's own list of the AWS-managed name wins over the built-in one; built-in
	 * lists come after the file's in the array */
	if (!t->service_list_index) {
		for (size_t i = 0; i < t->nprefix_lists; i++) {
			const struct topo_prefix_list *pl = &t->prefix_lists[i];
			if (pl->service == svc && pl->family == family && pl->region &&
			    !strcmp(pl->region, region))
				return pl;
		}
		return NULL;
	}
	/* by the index: every trace to a bucket or table asks, and 30,000 buckets may each
	 * be in a Region of their own (120,000 lists) */
	char buf[128], *heap;
	size_t len, i;
	const char *k = service_key(buf, sizeof(buf), &heap, svc, family, region, &len);
	bool found = bytemap_find(t->service_list_index, k, len, &i);
	free(heap);
	return found ? &t->prefix_lists[i] : NULL;
}

/* by the index: a bulk check looks a destination up for every trace */
static const struct topo_bucket *find_resource(const struct topology *t, enum topo_kind kind,
					       const char *name)
{
	if (!t->index || !name)
		return NULL;
	const struct index_entry *e = index_slot(t->index, name, kind, true);
	return e->key ? e->obj : NULL;
}

const struct topo_bucket *topo_find_bucket(const struct topology *t, const char *name)
{
	return find_resource(t, TOPO_BUCKET, name);
}

const struct topo_bucket *topo_find_table(const struct topology *t, const char *name)
{
	return find_resource(t, TOPO_TABLE, name);
}

const struct topo_role *topo_find_role(const struct topology *t, const char *arn_or_name)
{
	if (!arn_or_name)
		return NULL;
	for (size_t i = 0; i < t->nroles; i++) {
		const char *arn = t->roles[i].arn;
		if (!strcmp(arn, arn_or_name))
			return &t->roles[i];
		const char *slash = strrchr(arn, '/');
		if (slash && !strcmp(slash + 1, arn_or_name))
			return &t->roles[i];
	}
	return NULL;
}

bool topo_vpc_holds(const struct topo_vpc *vpc, const struct net_addr *a)
{
	const struct topo_prefix_array *arr = a->family == NET_V4 ? &vpc->cidrs : &vpc->ipv6_cidrs;
	for (size_t i = 0; i < arr->len; i++)
		if (net_prefix_contains(&arr->items[i], a))
			return true;
	return false;
}

static int subnet_cidr_cmp(const void *a, const void *b)
{
	return net_prefix_qsort_cmp(&((const struct topo_subnet_cidr *)a)->p,
				    &((const struct topo_subnet_cidr *)b)->p);
}

/* Sorts the VPC's subnet CIDRs for topo_vpc_subnet_for_addr.  Subnets that overlap are
 * an error (check_subnet_overlap): then no index is kept and lookups scan, as before. */
void topo_vpc_subnet_index(struct loader *L, struct topo_vpc *vpc);
void topo_vpc_subnet_index(struct loader *L, struct topo_vpc *vpc)
{
	struct topo_subnet_cidr *sc = arena_alloc(L->a, (2 * vpc->nsubnets + 1) * sizeof(*sc));
	size_t n = 0;
	for (size_t i = 0; i < vpc->nsubnets; i++) {
		struct topo_subnet *s = &vpc->subnets[i];
		if (s->has_cidr)
			sc[n++] = (struct topo_subnet_cidr){ s->cidr, s };
		if (s->has_ipv6)
			sc[n++] = (struct topo_subnet_cidr){ s->ipv6_cidr, s };
	}
	qsort(sc, n, sizeof(*sc), subnet_cidr_cmp);
	for (size_t i = 1; i < n; i++)
		if (net_prefix_overlaps(&sc[i - 1].p, &sc[i].p))
			return;
	vpc->subnet_cidrs = sc;
	vpc->nsubnet_cidrs = n;
}

struct topo_subnet *topo_vpc_subnet_for_addr(const struct topo_vpc *vpc, const struct net_addr *a)
{
	/* the VPC's CIDRs first: most addresses a trace asks about (AWS services) are in
	 * no VPC, and this keeps the lookup from scanning every subnet */
	if (!topo_vpc_holds(vpc, a))
		return NULL;
	if (vpc->subnet_cidrs) {
		/* CIDRs that do not overlap, ascending: only the last one starting at or
		 * before a can hold it (every trace asks, and a VPC may have 40,000 subnets) */
		size_t lo = 0, hi = vpc->nsubnet_cidrs;
		while (lo < hi) {
			size_t mid = lo + (hi - lo) / 2;
			if (net_addr_cmp(&vpc->subnet_cidrs[mid].p.addr, a) <= 0)
				lo = mid + 1;
			else
				hi = mid;
		}
		if (lo && net_prefix_contains(&vpc->subnet_cidrs[lo - 1].p, a))
			return vpc->subnet_cidrs[lo - 1].subnet;
		return NULL;
	}
	for (size_t i = 0; i < vpc->nsubnets; i++) {
		struct topo_subnet *s = &vpc->subnets[i];
		if ((s->has_cidr && net_prefix_contains(&s->cidr, a)) ||
		    (s->has_ipv6 && net_prefix_contains(&s->ipv6_cidr, a)))
			return s;
	}
	return NULL;
}

struct topo_subnet *topo_subnet_for_addr(const struct topology *t, const struct net_addr *a)
{
	size_t *vpcs, n = vpcs_holding(t, a, &vpcs);
	struct topo_subnet *s = NULL;
	for (size_t i = 0; i < n && !s; i++)
		s = topo_vpc_subnet_for_addr(&t->vpcs[vpcs[i]], a);
	free(vpcs);
	return s;
}

struct topo_vpc *topo_vpc_for_addr(const struct topology *t, const struct net_addr *a)
{
	size_t *vpcs, n = vpcs_holding(t, a, &vpcs);
	struct topo_vpc *vpc = n ? &t->vpcs[vpcs[0]] : NULL;
	free(vpcs);
	return vpc;
}

const char *topo_subnet_az_id(const struct topology *t, const struct topo_subnet *s)
{
	if (s->az_id)
		return s->az_id;
	if (!s->az)
		return NULL;
	for (size_t i = 0; i < t->nazs; i++)
		if (!strcmp(t->azs[i].name, s->az))
			return t->azs[i].id;
	return NULL;
}

/* ---- policies ------------------------------------------------------------------------ */

struct topo_policy *topo_policy_keep(struct loader *L, cJSON *doc, const char *source,
				     struct topo_loc loc, size_t text_len);
struct topo_policy *topo_policy_keep(struct loader *L, cJSON *doc, const char *source,
				     struct topo_loc loc, size_t text_len)
{
	struct topology *t = L->t;
	if (t->nowned_json == t->cap_owned_json) {
		t->cap_owned_json = t->cap_owned_json ? t->cap_owned_json * 2 : 8;
		t->owned_json = xrealloc(t->owned_json, t->cap_owned_json * sizeof(cJSON *));
	}
	t->owned_json[t->nowned_json++] = doc;
	struct topo_policy *p = arena_alloc(L->a, sizeof(*p));
	p->doc = doc;
	p->source = source;
	p->loc = loc;
	p->text_len = text_len;
	return p;
}

/* line and column of a byte offset in text */
static struct topo_loc offset_loc(const char *text, size_t off)
{
	struct topo_loc l = { 1, 1 };
	for (size_t i = 0; i < off && text[i]; i++) {
		if (text[i] == '\n') {
			l.line++;
			l.col = 1;
		} else {
			l.col++;
		}
	}
	return l;
}

static const char *skip_space(const char *s, const char *end)
{
	while (s < end && (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r'))
		s++;
	return s;
}

/* One JSON value at s, parsed by cJSON only to find where it ends (NULL: none). */
static const char *value_end(const char *s, const char *end, cJSON **value)
{
	const char *after = NULL;
	cJSON *v = cJSON_ParseWithLengthOpts(s, (size_t)(end - s), &after, false);
	if (!v)
		return NULL;
	if (value)
		*value = v;
	else
		cJSON_Delete(v);
	return after;
}

/* Where each element of a policy file's top-level "Statement" starts, so that its
 * errors name that line rather than the file's first: cJSON keeps no positions, so
 * the top-level members are stepped over one value at a time, with cJSON.  A text
 * laid out otherwise (it parsed, so that is rare) leaves the positions out. */
static void statement_positions(struct loader *L, const char *text, size_t len,
				struct topo_policy *p)
{
	const char *s = skip_space(text, text + len), *end = text + len;
	if (s == end || *s != '{')
		return;
	s = skip_space(s + 1, end);
	while (s < end && *s != '}') {
		cJSON *key = NULL;
		s = value_end(s, end, &key);
		bool is_statement = key && cJSON_IsString(key) && !strcmp(key->valuestring, "Statement");
		cJSON_Delete(key);
		if (!s)
			return;
		s = skip_space(s, end);
		if (s == end || *s != ':')
			return;
		s = skip_space(s + 1, end);
		if (is_statement) {
			size_t n = 0, cap = 0;
			unsigned (*pos)[2] = NULL;
			const char *from = text;
			struct topo_loc at = { 1, 1 };
			bool array = s < end && *s == '[';
			if (array)
				s = skip_space(s + 1, end);
			while (s && s < end && *s != ']') {
				if (n == cap) {
					cap = cap ? cap * 2 : 8;
					unsigned (*np)[2] = arena_alloc(L->a, cap * sizeof(*np));
					if (n)
						memcpy(np, pos, n * sizeof(*np));
					pos = np;
				}
				/* from the previous statement on: linear in the file, however
				 * many statements it has */
				struct topo_loc d = offset_loc(from, (size_t)(s - from));
				at.col = d.line > 1 ? d.col : at.col + d.col - 1;
				at.line += d.line - 1;
				from = s;
				pos[n][0] = at.line;
				pos[n][1] = at.col;
				n++;
				s = value_end(s, end, NULL);
				if (!array || !s)
					break;
				s = skip_space(s, end);
				if (s < end && *s == ',')
					s = skip_space(s + 1, end);
			}
			p->statement_pos = (const unsigned (*)[2])pos;
			p->nstatement_pos = n;
			return;  /* the first Statement is the one compiled */
		}
		s = value_end(s, end, NULL);
		if (!s)
			return;
		s = skip_space(s, end);
		if (s < end && *s == ',')
			s = skip_space(s + 1, end);
	}
}

struct topo_policy *topo_policy_from_json(struct loader *L, const char *text, size_t len,
					  const char *source, struct topo_loc loc, bool from_file)
{
	const char *end = NULL;
	cJSON *doc = cJSON_ParseWithLengthOpts(text, len, &end, false);
	if (!doc) {
		size_t off = end ? (size_t)(end - text) : 0;
		if (from_file) {
			struct topo_loc at = offset_loc(text, off);
			diag_add(L->diags, DIAG_ERROR, source, at.line, at.col, NULL,
				 "invalid JSON in policy (referenced from %s:%u:%u)", L->file, loc.line,
				 loc.col);
		} else {
			loader_error(L, loc, "invalid JSON in inline policy near character %zu", off + 1);
		}
		return NULL;
	}
	/* trailing garbage after the document */
	if (end) {
		while ((size_t)(end - text) < len && (*end == ' ' || *end == '\n' || *end == '\r' ||
						      *end == '\t'))
			end++;
		if ((size_t)(end - text) < len) {
			struct topo_loc at = offset_loc(text, (size_t)(end - text));
			if (from_file)
				diag_add(L->diags, DIAG_ERROR, source, at.line, at.col, NULL,
					 "unexpected text after the policy's JSON document");
			else
				loader_error(L, loc, "unexpected text after the inline policy's JSON");
			cJSON_Delete(doc);
			return NULL;
		}
	}
	struct topo_policy *p = topo_policy_keep(L, doc, source, loc, len);
	if (from_file)
		statement_positions(L, text, len, p);
	return p;
}

/* Resolves a policy path against the topology's directory, refusing to leave it
 * (symlinks included) unless allowed: topologies come from untrusted pull requests. */
char *topo_policy_path(struct loader *L, const char *rel, struct topo_loc loc);
char *topo_policy_path(struct loader *L, const char *rel, struct topo_loc loc)
{
	const char *dir = L->t->dir ? L->t->dir : ".";
	size_t n = strlen(dir) + strlen(rel) + 2;
	char *joined = xmalloc(n);
	if (rel[0] == '/')
		snprintf(joined, n, "%s", rel);
	else
		snprintf(joined, n, "%s/%s", dir, rel);
	if (L->opt && L->opt->allow_outside_paths)
		return joined;
	char *real_dir = realpath(dir, NULL);
	char *real_file = realpath(joined, NULL);
	if (!real_file) {
		loader_error(L, loc, "policy file '%s' not found", rel);
		goto fail;
	}
	size_t dl = real_dir ? strlen(real_dir) : 0;
	if (!real_dir || strncmp(real_file, real_dir, dl) != 0 ||
	    (real_file[dl] != '/' && !(dl == 1 && real_dir[0] == '/'))) {
		loader_error(L, loc, "policy file '%s' is outside the topology's directory "
			     "(use --allow-outside-paths to permit it)", rel);
		goto fail;
	}
	/* open what was checked, not a path a symlink swap could redirect */
	free(real_dir);
	free(joined);
	return real_file;
fail:
	free(real_dir);
	free(real_file);
	free(joined);
	return NULL;
}

/* ---- load / free ------------------------------------------------------------------ */

#define DEFAULT_MAX_FILE_SIZE (512u * 1024u * 1024u)

static struct topology *new_topology(const char *name, const char *dir)
{
	struct arena *a = arena_new();
	struct topology *t = arena_alloc(a, sizeof(*t));
	t->arena = a;
	t->file = arena_strdup(a, name);
	t->dir = arena_strdup(a, dir ? dir : ".");
	return t;
}

/* Parses with L->r initialised, resolves, and hands back the topology or NULL. */
static struct topology *finish_load(struct loader *L, struct diag_list *diags,
				    size_t errors_before)
{
	struct topology *t = L->t;
	bool parsed = topo_parse(L) && !L->r.failed;
	const char *syntax = L->r.syntax_message;  /* in diags */
	yr_cleanup(&L->r);
	if (parsed)
		topo_resolve(L);
	free(L->intern);
	bytemap_free(L->policy_files);
	free(L->policy_files_read);
	bytemap_free(L->compiled);
	if (diags->errors > errors_before) {
		/* load warnings go with the errors, so the user sees them all at once */
		for (size_t i = 0; i < t->warnings.len; i++) {
			const struct diag *w = &t->warnings.items[i];
			diag_add(diags, DIAG_WARNING, w->file, w->line, w->col, w->code, "%s", w->message);
		}
		diag_sort(diags);
		/* a YAML syntax error first: what else is said was read up to it */
		for (size_t i = 1; syntax && i < diags->len; i++)
			if (diags->items[i].message == syntax) {
				struct diag first = diags->items[i];
				memmove(diags->items + 1, diags->items, i * sizeof(*diags->items));
				diags->items[0] = first;
				break;
			}
		if (L->errors_dropped && diags->len) {
			/* last, after the sort, at the last error shown */
			const struct diag *last = &diags->items[diags->len - 1];
			diag_add(diags, DIAG_ERROR, L->file, last->line, last->col, NULL,
				 "… and %zu more errors (not shown)", L->errors_dropped);
		}
		topo_free(t);
		return NULL;
	}
	diag_sort(&t->warnings);
	return t;
}

/* The reader's limits the options raise (or lower). */
static void reader_limits(struct yreader *r, const struct topo_load_options *opt)
{
	if (!opt)
		return;
	if (opt->max_depth)
		r->max_depth = opt->max_depth;
	if (opt->max_scalar)
		r->max_scalar = opt->max_scalar;
	if (opt->max_alias_events)
		r->max_replayed = opt->max_alias_events;
}

struct topology *topo_load_buffer(const char *name, const char *dir, const char *buf,
				  size_t len, const struct topo_load_options *opt,
				  struct diag_list *diags)
{
	struct topology *t = new_topology(name, dir);
	struct loader L = { .t = t, .a = t->arena, .file = t->file, .diags = diags, .opt = opt };
	size_t errors_before = diags->errors;
	yr_init(&L.r, buf, len, t->file, diags, t->arena);
	reader_limits(&L.r, opt);
	L.r.warnings = &t->warnings;
	return finish_load(&L, diags, errors_before);
}

/* `vpcpath trace -t DIR` (or -t plan.json): the import's YAML is loaded as if it were a
 * file in DIR; the import's warnings become the topology's.  That YAML is in no file
 * the user has, so every place in it (the loader's messages, and each object's loc as
 * topo_where prints it) is told as the place of the resource it was written from, in
 * the snapshot's describe-*.json file or the plan, by the import's source map. */
static struct topology *load_snapshot(const char *dir, const struct topo_load_options *opt,
				      struct diag_list *diags, bool terraform)
{
	struct diag_list import_diags = { 0 };
	struct import_origins *origins = NULL;
	size_t len = 0;
	char *yaml = terraform ? import_terraform_file_view(dir, opt && opt->terraform_prior ?
							    IMPORT_TF_PRIOR : IMPORT_TF_AFTER,
							    &import_diags, &len, &origins) :
				 import_aws_dir_located(dir, &import_diags, &len, &origins);
	if (!yaml) {
		for (size_t i = 0; i < import_diags.len; i++) {
			const struct diag *d = &import_diags.items[i];
			diag_add(diags, d->severity, d->file, d->line, d->col, d->code, "%s", d->message);
		}
		diag_list_clear(&import_diags);
		import_origins_free(origins);
		return NULL;
	}
	char *name = xmalloc(strlen(dir) + 32);
	sprintf(name, "%s (%s)", dir, terraform && opt && opt->terraform_prior ? "prior state" :
		"imported");
	/* a plan file's relative paths are beside it, a snapshot's inside it */
	char *base = xstrdup(dir);
	char *slash = strrchr(base, '/');
	if (terraform && !slash)
		strcpy(base, ".");
	else if (terraform)
		slash[slash == base] = '\0';
	size_t before = diags->len;
	struct topology *t = topo_load_buffer(name, base, yaml, len, opt, diags);
	import_origins_relocate(origins, name, diags, before);
	free(base);
	free(yaml);
	if (t) {
		t->origins = origins;
		origins = NULL;
		import_origins_relocate(t->origins, name, &t->warnings, 0);
		for (size_t i = 0; i < import_diags.len; i++) {
			const struct diag *d = &import_diags.items[i];
			diag_add(&t->warnings, d->severity, d->file, d->line, d->col, d->code, "%s",
				 d->message);
		}
		diag_sort(&t->warnings);
	}
	free(name);
	import_origins_free(origins);
	diag_list_clear(&import_diags);
	return t;
}

const char *topo_where(const struct topology *t, struct topo_loc loc, struct arena *a)
{
	if (!loc.line)
		return NULL;
	if (t->origins)
		return import_origin_at(t->origins, loc.line)->where;
	return arena_loc(a, t->file, loc.line, loc.col);
}

/* A Terraform file rather than a topology: named *.json (a topology is YAML), a binary
 * plan (a zip archive), or whatever its name, `terraform show -json` output by its
 * content (*by_content set then). */
static bool is_terraform_json(const char *file, int fd, size_t max, bool *by_content)
{
	*by_content = false;
	size_t n = strlen(file);
	if (n > 5 && !strcmp(file + n - 5, ".json"))
		return true;
	char head[4];
	if (pread(fd, head, 4, 0) == 4 && !memcmp(head, "PK\x03\x04", 4))
		return true;
	struct tf_sniff s;
	tf_sniff_fd(fd, max, false, &s);
	return *by_content = tf_sniff_is_terraform(&s);
}

/* --baseline-from prior asks for the network before a plan: a state has none (it is
 * the network as it is), so taking it would compare a network with itself. */
static bool refuse_state_as_prior(const char *file, int fd, size_t max,
				  struct diag_list *diags)
{
	struct tf_sniff s;
	if (!tf_sniff_fd(fd, max, true, &s) || !s.complete || !tf_sniff_is_terraform(&s) ||
	    tf_sniff_is_plan(&s))
		return false;  /* the import says what else is wrong with it */
	diag_add(diags, DIAG_ERROR, file, 1, 1, NULL,
		 "--baseline-from prior: this is a Terraform state's JSON (values, no "
		 "planned_values or resource_changes), which has no network before a plan; pass "
		 "the plan's JSON (terraform show -json PLANFILE) for its prior state, or this "
		 "state without --baseline-from prior to compare with the network as it is");
	return true;
}

struct topology *topo_load(const char *file, const struct topo_load_options *opt,
			   struct diag_list *diags)
{
	size_t max = opt && opt->max_file_size ? opt->max_file_size : DEFAULT_MAX_FILE_SIZE;
	bool is_stdin = strcmp(file, "-") == 0;
	int fd = is_stdin ? dup(STDIN_FILENO) : open(file, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	struct stat st;
	const char *err = NULL;
	bool by_content = false;
	if (fd < 0)
		err = strerror(errno);
	else if (fstat(fd, &st) != 0)
		err = strerror(errno);
	else if (!is_stdin && S_ISDIR(st.st_mode) && !(opt && opt->terraform_prior)) {
		/* a directory is an AWS CLI snapshot: import it, then load the result */
		close(fd);
		return load_snapshot(file, opt, diags, false);
	}
	else if (!is_stdin && S_ISREG(st.st_mode) && is_terraform_json(file, fd, max, &by_content)) {
		/* `terraform show -json` of a plan or a state (or a binary plan, which the
		 * import refuses with the command to run) */
		if (opt && opt->terraform_prior && refuse_state_as_prior(file, fd, max, diags)) {
			close(fd);
			return NULL;
		}
		close(fd);
		struct topology *t = load_snapshot(file, opt, diags, true);
		if (!t && by_content)
			diag_add(diags, DIAG_ERROR, file, 0, 0, NULL, "read as Terraform JSON "
				 "(terraform show -json output) by its content: an object with "
				 "format_version at the top, though the name does not end in .json");
		return t;
	}
	else if (opt && opt->terraform_prior)
		err = "the network before a plan is read from the plan's JSON (terraform show -json "
		      "PLANFILE > plan.json): this is not one";
	else if (!is_stdin && !S_ISREG(st.st_mode))
		err = "not a regular file (a FIFO, socket or device is not read)";
	else if (S_ISREG(st.st_mode) && (size_t)st.st_size > max)
		err = "file too large (set VPCPATH_MAX_FILE_SIZE to raise the limit)";
	if (err) {
		diag_add(diags, DIAG_ERROR, file, 0, 0, NULL, "cannot read topology: %s", err);
		if (fd >= 0)
			close(fd);
		return NULL;
	}
	if (!is_stdin)
		fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);
	FILE *f = fdopen(fd, "rb");
	if (!f) {
		diag_add(diags, DIAG_ERROR, file, 0, 0, NULL, "cannot read topology: %s", strerror(errno));
		close(fd);
		return NULL;
	}
	char *dir = xstrdup(file);
	char *slash = strrchr(dir, '/');
	if (is_stdin)
		strcpy(dir, ".");
	else if (slash)
		*(slash == dir ? slash + 1 : slash) = '\0';
	else
		strcpy(dir, ".");
	struct topology *t = new_topology(is_stdin ? "<stdin>" : file, dir);
	free(dir);
	struct loader L = { .t = t, .a = t->arena, .file = t->file, .diags = diags, .opt = opt };
	size_t errors_before = diags->errors;
	yr_init_file(&L.r, f, max, t->file, diags, t->arena);
	reader_limits(&L.r, opt);
	L.r.warnings = &t->warnings;
	t = finish_load(&L, diags, errors_before);
	fclose(f);
	return t;
}

void topo_free(struct topology *t)
{
	if (!t)
		return;
	for (size_t i = 0; i < t->nowned_json; i++)
		cJSON_Delete(t->owned_json[i]);
	free(t->owned_json);
	/* compiled policies are registered in owned_policies by resolve.c */
	extern void topo_free_policies(struct topology *t);
	topo_free_policies(t);
	policy_free(t->default_endpoint_policy);
	topo_index_free(t->index);
	bytemap_free(t->missing_index);
	bytemap_free(t->service_list_index);
	vpc_index_free(t->vpc_index);
	import_origins_free(t->origins);
	diag_list_clear(&t->warnings);
	arena_free(t->arena);
}
