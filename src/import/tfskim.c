/* tfskim.c - before cJSON builds the tree of `terraform show -json` output: what the
 * Terraform reader (terraform.c and the resource readers) never reads is blanked out
 * of the text, so that no tree is built for it (issue 16: a plan's tree was 7 times
 * the file).
 *
 * A plan prints each resource up to four times: in planned_values, as a change's
 * before and after, and in prior_state.  The reader takes the network after apply
 * from prior_state overlaid with resource_changes (terraform.c read_tf), so
 * - planned_values is read only when there is no resource_changes list;
 * - a prior_state entry whose address a change also has (that is not a deposed
 *   object's) is replaced by the change (terraform.c dedupe): the entry is dropped;
 * - a change's before whose text is its after's, byte for byte (a no-op), goes, and
 *   the reader reads the after for both (before_is_after): the same tree; another
 *   before is emptied unless its type's reader reads it or the change may be a
 *   delete or a forget (types_reading_before);
 * - for the prior view (IMPORT_TF_PRIOR) the changes and planned_values are unread;
 * - resources of types no reader makes anything of keep only id, arn and owner_id
 *   (terraform_res.c assign_ids, tf_inst_by_id, tf_plan_account read those of every
 *   resource), with their after_unknown and sensitive marks thinned the same way;
 * - top-level members the reader does not look at are emptied, and members of a
 *   resource or change it does not look at (provider_name, index, …) go.
 * Every value blanked is one the skim walked whole; an emptied value keeps its type
 * (`{}`, `[]`) and a dropped item goes with its comma, so the text stays JSON, and
 * blanks are spaces with newlines kept, so every offset and line stays (messages and
 * locations are found in the text).  Keys written twice are left as they are (the
 * first is read, and the quirk check compares the two).  A value skimmed out is not
 * checked for JSON quirks (a key written twice inside it, a mixed list): the reader
 * would not have read it.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "skim.h"
#include "tfskim.h"
#include "vpcpath/arena.h"

/* The types src/import/terraform*.c name, sorted (tf_type_read); check_tfskim.c fails
 * when a reader names one that is not here. */
static const char *const types_read[] = {
	"aws_caller_identity", "aws_customer_gateway", "aws_default_network_acl",
	"aws_default_route_table", "aws_default_security_group", "aws_default_subnet",
	"aws_default_vpc", "aws_dynamodb_resource_policy", "aws_dynamodb_table",
	"aws_ec2_managed_prefix_list", "aws_ec2_managed_prefix_list_entry",
	"aws_ec2_transit_gateway",
	"aws_ec2_transit_gateway_default_route_table_association",
	"aws_ec2_transit_gateway_default_route_table_propagation",
	"aws_ec2_transit_gateway_peering_attachment",
	"aws_ec2_transit_gateway_peering_attachment_accepter",
	"aws_ec2_transit_gateway_prefix_list_reference", "aws_ec2_transit_gateway_route",
	"aws_ec2_transit_gateway_route_table",
	"aws_ec2_transit_gateway_route_table_association",
	"aws_ec2_transit_gateway_route_table_propagation",
	"aws_ec2_transit_gateway_vpc_attachment",
	"aws_ec2_transit_gateway_vpc_attachment_accepter", "aws_egress_only_internet_gateway", "aws_eip",
	"aws_eip_association", "aws_iam_instance_profile", "aws_iam_policy", "aws_iam_role",
	"aws_iam_role_policies_exclusive", "aws_iam_role_policy",
	"aws_iam_role_policy_attachment", "aws_iam_role_policy_attachments_exclusive",
	"aws_instance", "aws_internet_gateway", "aws_main_route_table_association",
	"aws_nat_gateway", "aws_network_acl", "aws_network_acl_association",
	"aws_network_acl_rule", "aws_network_interface", "aws_network_interface_attachment",
	"aws_network_interface_sg_attachment", "aws_prefix_list", "aws_route", "aws_route_table",
	"aws_route_table_association", "aws_s3_bucket", "aws_s3_bucket_policy",
	"aws_s3_directory_bucket", "aws_security_group", "aws_security_group_rule", "aws_subnet",
	"aws_vpc", "aws_vpc_endpoint", "aws_vpc_endpoint_policy",
	"aws_vpc_endpoint_route_table_association",
	"aws_vpc_endpoint_security_group_association", "aws_vpc_endpoint_subnet_association",
	"aws_vpc_ipv4_cidr_block_association", "aws_vpc_ipv6_cidr_block_association",
	"aws_vpc_peering_connection", "aws_vpc_peering_connection_accepter",
	"aws_vpc_security_group_egress_rule", "aws_vpc_security_group_ingress_rule",
	"aws_vpn_connection", "aws_vpn_connection_route", "aws_vpn_gateway",
	"aws_vpn_gateway_attachment", "aws_vpn_gateway_route_propagation",
};
/* a reader that tests a type by its start (terraform_rules.c) */
static const char *const type_prefixes_read[] = { "aws_vpc_security_group_" };

/* The types whose change's before a reader reads (terraform_net.c tf_route_take_out,
 * terraform_rules.c tf_nacl_rule_take_out and tf_sg_rule_take_out: the parts a plan
 * takes out of their owner's refreshed list); sorted.  Of other types, a before is read
 * only as the after of a delete or a forget (terraform.c read_changes).
 * check_tfskim.c fails when a reader reads a before in a new place. */
static const char *const types_reading_before[] = {
	"aws_network_acl_rule", "aws_route", "aws_security_group_rule",
	"aws_vpc_security_group_egress_rule", "aws_vpc_security_group_ingress_rule",
};

/* What is read of every resource, whatever its type. */
static const char *const attrs_of_any_type[] = { "id", "arn", "owner_id" };

#define MAX_MODULE_DEPTH 64 /* terraform.c read_values_module reads no deeper */

bool tf_type_read(const char *type, size_t len)
{
	/* escapes: what it is is cJSON's to say; kept */
	if (memchr(type, '\\', len))
		return true;
	size_t lo = 0, hi = sizeof(types_read) / sizeof(types_read[0]);
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const char *t = types_read[mid];
		size_t tl = strlen(t);
		int c = memcmp(t, type, tl < len ? tl : len);
		if (!c)
			c = tl < len ? -1 : tl > len;
		if (!c)
			return true;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (size_t i = 0; i < sizeof(type_prefixes_read) / sizeof(type_prefixes_read[0]); i++) {
		size_t pl = strlen(type_prefixes_read[i]);
		if (len > pl && !memcmp(type, type_prefixes_read[i], pl))
			return true;
	}
	return false;
}

/* ---- walking members and items, dropping some ------------------------------------- */

struct walk {
	struct skim s;
	struct tfskim *r;
	/* the addresses (as written) of the changes that replace a prior_state entry: an
	 * open-addressed set of spans of the text */
	struct span {
		size_t off, len;
		uint64_t h;
	} *set;
	size_t nset, capset;
};

/* Where an object's members or a list's items are being walked. */
struct it {
	char close;
	bool started, has_comma, kept_any;
	size_t comma, start; /* the comma before the current one, where it starts */
};

static bool it_open(struct skim *s, struct it *it)
{
	sk_ws(s);
	if (s->i >= s->n || (s->t[s->i] != '{' && s->t[s->i] != '[') || ++s->depth > SKIM_MAX_DEPTH)
		return false;
	*it = (struct it){ .close = s->t[s->i] == '{' ? '}' : ']' };
	s->i++;
	return true;
}

/* The next member (its key at *ks, *kl) or item: 1 with s->i at its value, 0 past the
 * closing bracket, -1 where the text is not JSON. */
static int it_next(struct skim *s, struct it *it, size_t *ks, size_t *kl)
{
	sk_ws(s);
	if (s->i >= s->n)
		return -1;
	if (s->t[s->i] == it->close) {
		s->i++;
		s->depth--;
		return 0;
	}
	it->has_comma = it->started;
	if (it->started) {
		if (s->t[s->i] != ',')
			return -1;
		it->comma = s->i++;
		sk_ws(s);
	}
	it->started = true;
	it->start = s->i;
	if (it->close == '}') {
		if (!sk_string(s, ks, kl))
			return -1;
		sk_ws(s);
		if (s->i >= s->n || s->t[s->i] != ':')
			return -1;
		s->i++;
	}
	sk_ws(s);
	return s->i < s->n ? 1 : -1;
}

static void blank(struct walk *w, size_t from, size_t to)
{
	sk_spaces(&w->s, from, to);
	w->r->blanked += to - from;
}

/* The current member or item (walked: s->i is past it) goes, with the comma before it;
 * the first one's comma is the next kept one's (it_keep). */
static void it_drop(struct walk *w, struct it *it)
{
	blank(w, it->has_comma ? it->comma : it->start, w->s.i);
}

static void it_keep(struct walk *w, struct it *it)
{
	if (it->has_comma && !it->kept_any)
		blank(w, it->comma, it->comma + 1); /* every one before it went */
	it->kept_any = true;
}

static bool key_is(const struct walk *w, size_t ks, size_t kl, const char *word)
{
	return kl == strlen(word) && !memcmp(w->s.t + ks, word, kl);
}

/* Members of a resource or a change that no reader reads (terraform.c add_inst and
 * read_changes read address, mode, type, name, module_address, deposed, change and
 * values): these go, unless first (a message about the object is placed at its
 * first key, obj_near). */
static const char *const resource_members_unread[] = {
	"provider_name", "index", "schema_version", "action_reason",
};

static void drop_or_keep(struct walk *w, struct it *it, size_t ks, size_t kl)
{
	bool unread = false;
	for (size_t k = 0; k < sizeof(resource_members_unread) / sizeof(resource_members_unread[0]); k++)
		unread = unread || key_is(w, ks, kl, resource_members_unread[k]);
	if (unread && it->has_comma)
		it_drop(w, it);
	else
		it_keep(w, it);
}

/* An object or list whose value starts at vs and ends at ve is emptied; other values
 * stay. */
static void empty(struct walk *w, size_t vs, size_t ve)
{
	if (ve - vs > 2 && (w->s.t[vs] == '{' || w->s.t[vs] == '['))
		blank(w, vs + 1, ve - 1);
}

/* The value of the first member named key of the object at s->i: true with s->i at
 * it; false when there is none (s->i past the object) or the text is not JSON. */
static bool find_member(struct walk *w, const char *key)
{
	struct it it;
	size_t ks, kl;
	if (!it_open(&w->s, &it))
		return false;
	int r;
	while ((r = it_next(&w->s, &it, &ks, &kl)) == 1) {
		if (key_is(w, ks, kl, key))
			return true;
		if (!sk_value(&w->s, NULL, NULL))
			return false;
	}
	return false;
}

/* A value's span: where it starts (at s->i) and ends (s->i after); 0, 0 when absent. */
struct val {
	size_t vs, ve;
};

static bool take(struct walk *w, struct val *v)
{
	if (v->ve)  /* a key written twice: the first is read */
		return sk_value(&w->s, NULL, NULL);
	v->vs = w->s.i;
	if (!sk_value(&w->s, NULL, NULL))
		return false;
	v->ve = w->s.i;
	return true;
}

/* A string value's text as written, between its quotes (empty: not a string). */
static struct val str_of(const struct walk *w, struct val v)
{
	if (!v.ve || w->s.t[v.vs] != '"' || v.ve - v.vs < 3)
		return (struct val){ 0, 0 };
	return (struct val){ v.vs + 1, v.ve - 1 };
}

/* An object of values (values, before, after, after_unknown, sensitive marks) of a
 * resource of a type no reader reads: only what is read of any type stays. */
static void thin(struct walk *w, struct val v)
{
	if (!v.ve || w->s.t[v.vs] != '{')
		return;
	size_t back = w->s.i;
	int depth = w->s.depth;
	struct it it;
	size_t ks, kl;
	w->s.i = v.vs;
	if (!it_open(&w->s, &it))
		goto out;
	while (it_next(&w->s, &it, &ks, &kl) == 1) {
		bool keep = false;
		for (size_t a = 0; a < sizeof(attrs_of_any_type) / sizeof(attrs_of_any_type[0]); a++)
			keep = keep || key_is(w, ks, kl, attrs_of_any_type[a]);
		if (!sk_value(&w->s, NULL, NULL))
			break;
		if (keep)
			it_keep(w, &it);
		else
			it_drop(w, &it);
	}
out:
	/* (the object was walked whole before: the walk cannot fail) */
	w->s.i = back;
	w->s.depth = depth;
}

/* Whether the change's before is read: its type is one whose before a reader reads,
 * or its actions may be a delete or a forget (whose after is the before), or either is
 * written with escapes (what it is is then cJSON's to say). */
static bool before_read(const struct walk *w, struct val type, struct val actions)
{
	struct val t = str_of(w, type);
	if (!t.ve || !actions.ve)
		return true;
	const char *a = w->s.t + actions.vs;
	size_t an = actions.ve - actions.vs;
	if (memchr(a, '\\', an) || memmem(a, an, "\"delete\"", 8) || memmem(a, an, "\"forget\"", 8))
		return true;
	size_t tn = t.ve - t.vs;
	if (memchr(w->s.t + t.vs, '\\', tn))
		return true;
	for (size_t k = 0; k < sizeof(types_reading_before) / sizeof(types_reading_before[0]); k++)
		if (strlen(types_reading_before[k]) == tn && !memcmp(types_reading_before[k], w->s.t + t.vs, tn))
			return true;
	return false;
}

static bool type_unread(const struct walk *w, struct val type)
{
	struct val t = str_of(w, type);
	return t.ve && !tf_type_read(w->s.t + t.vs, t.ve - t.vs);
}

/* ---- the set of addresses changes replace ------------------------------------------ */

static uint64_t span_hash(const char *p, size_t n)
{
	uint64_t h = 1469598103934665603ull;
	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)p[i]) * 1099511628211ull;
	return h;
}

static bool set_has(const struct walk *w, struct val a)
{
	if (!w->capset)
		return false;
	size_t n = a.ve - a.vs;
	uint64_t h = span_hash(w->s.t + a.vs, n);
	for (size_t k = h & (w->capset - 1); w->set[k].len; k = (k + 1) & (w->capset - 1))
		if (w->set[k].h == h && w->set[k].len == n &&
		    !memcmp(w->s.t + w->set[k].off, w->s.t + a.vs, n))
			return true;
	return false;
}

static void set_put(struct walk *w, size_t off, size_t n, uint64_t h)
{
	if ((w->nset + 1) * 2 > w->capset) {
		struct span *old = w->set;
		size_t ocap = w->capset;
		w->capset = ocap ? ocap * 2 : 1024;
		w->set = xcalloc(w->capset, sizeof(*w->set));
		w->nset = 0;
		for (size_t i = 0; i < ocap; i++)
			if (old[i].len)
				set_put(w, old[i].off, old[i].len, old[i].h);
		free(old);
	}
	size_t k = h & (w->capset - 1);
	for (; w->set[k].len; k = (k + 1) & (w->capset - 1))
		if (w->set[k].h == h && w->set[k].len == n &&
		    !memcmp(w->s.t + w->set[k].off, w->s.t + off, n))
			return;
	w->set[k] = (struct span){ off, n, h };
	w->nset++;
}

/* ---- resource_changes -------------------------------------------------------------- */

/* One change (s->i at it; past it after): *replaces when its address replaces a prior
 * entry (terraform.c add_inst takes it: address, type and name are strings that are
 * not empty; and it is not a deposed object's, which read_changes skips). */
static bool one_change(struct walk *w, size_t index)
{
	if (w->s.t[w->s.i] != '{')
		return sk_value(&w->s, NULL, NULL);
	struct val addr = { 0, 0 }, type = { 0, 0 }, name = { 0, 0 }, change = { 0, 0 };
	bool deposed = false;
	struct it it;
	size_t ks, kl;
	if (!it_open(&w->s, &it))
		return false;
	int r;
	while ((r = it_next(&w->s, &it, &ks, &kl)) == 1) {
		struct val *v = key_is(w, ks, kl, "address") ? &addr : key_is(w, ks, kl, "type") ?
				&type : key_is(w, ks, kl, "name") ? &name : key_is(w, ks, kl, "change") ?
				&change : NULL;
		deposed = deposed || key_is(w, ks, kl, "deposed");
		if (!(v ? take(w, v) : sk_value(&w->s, NULL, NULL)))
			return false;
		drop_or_keep(w, &it, ks, kl);
	}
	if (r < 0)
		return false;
	size_t end = w->s.i;
	struct val a = str_of(w, addr);
	if (a.ve && str_of(w, type).ve && str_of(w, name).ve && !deposed)
		set_put(w, a.vs, a.ve - a.vs, span_hash(w->s.t + a.vs, a.ve - a.vs));
	if (!change.ve || w->s.t[change.vs] != '{')
		return true;
	/* its values */
	struct val before = { 0, 0 }, after = { 0, 0 }, unknown = { 0, 0 }, bsens = { 0, 0 },
		   asens = { 0, 0 }, actions = { 0, 0 };
	int befores = 0;
	size_t before_comma = 0; /* the comma before the before member (0: it is the first) */
	w->s.i = change.vs;
	if (!it_open(&w->s, &it))
		return false;
	while ((r = it_next(&w->s, &it, &ks, &kl)) == 1) {
		struct val *v = key_is(w, ks, kl, "before") ? &before : key_is(w, ks, kl, "after") ?
				&after : key_is(w, ks, kl, "after_unknown") ? &unknown :
				key_is(w, ks, kl, "before_sensitive") ? &bsens :
				key_is(w, ks, kl, "after_sensitive") ? &asens :
				key_is(w, ks, kl, "actions") ? &actions : NULL;
		if (v == &before && !befores++ && it.has_comma)
			before_comma = it.comma;
		if (!(v ? take(w, v) : sk_value(&w->s, NULL, NULL)))
			return false;
	}
	w->s.i = end;
	if (r < 0)
		return false;
	if (type_unread(w, type)) {
		thin(w, before);
		thin(w, after);
		thin(w, unknown);
		thin(w, bsens);
		thin(w, asens);
	} else if (befores == 1 && after.ve && w->s.t[before.vs] == '{' &&
		   before.ve - before.vs > 2 && before.ve - before.vs == after.ve - after.vs &&
		   !memcmp(w->s.t + before.vs, w->s.t + after.vs, before.ve - before.vs)) {
		/* the member goes, with the comma before it (the first one is emptied) */
		if (before_comma)
			blank(w, before_comma, before.ve);
		else
			empty(w, before.vs, before.ve);
		w->r->before_is_after[index] = 1;
	} else if (befores == 1 && !before_read(w, type, actions)) {
		empty(w, before.vs, before.ve); /* (still there: an object, not null) */
	}
	return true;
}

/* The resource_changes list, at s->i. */
static bool changes(struct walk *w)
{
	struct it it;
	size_t cap = 0;
	if (!it_open(&w->s, &it))
		return false;
	int r;
	for (size_t k = 0; (r = it_next(&w->s, &it, NULL, NULL)) == 1; k++) {
		if (k == cap) {
			cap = cap ? 2 * cap : 1024;
			w->r->before_is_after = xrealloc(w->r->before_is_after, cap);
			memset(w->r->before_is_after + k, 0, cap - k);
		}
		w->r->nchanges = k + 1;
		if (!one_change(w, k))
			return false;
	}
	return r == 0;
}

/* ---- the values representation (prior_state, planned_values, a state) ------------- */

/* One resource of a module's resources (s->i at it; past it after): *drop when a
 * change replaces it (and it is one read_values_module would take without a word). */
static bool one_resource(struct walk *w, bool drop_replaced, bool *drop)
{
	*drop = false;
	if (w->s.t[w->s.i] != '{')
		return sk_value(&w->s, NULL, NULL);
	struct val addr = { 0, 0 }, type = { 0, 0 }, name = { 0, 0 }, values = { 0, 0 },
		   sens = { 0, 0 };
	struct it it;
	size_t ks, kl;
	if (!it_open(&w->s, &it))
		return false;
	int r;
	while ((r = it_next(&w->s, &it, &ks, &kl)) == 1) {
		struct val *v = key_is(w, ks, kl, "address") ? &addr : key_is(w, ks, kl, "type") ?
				&type : key_is(w, ks, kl, "name") ? &name : key_is(w, ks, kl, "values") ?
				&values : key_is(w, ks, kl, "sensitive_values") ? &sens : NULL;
		if (!(v ? take(w, v) : sk_value(&w->s, NULL, NULL)))
			return false;
		drop_or_keep(w, &it, ks, kl);
	}
	if (r < 0)
		return false;
	struct val a = str_of(w, addr);
	if (drop_replaced && a.ve && str_of(w, type).ve && str_of(w, name).ve && set_has(w, a)) {
		*drop = true;
	} else if (type_unread(w, type)) {
		thin(w, values);
		thin(w, sens);
	}
	return true;
}

/* A module (s->i at it; past it after): its resources, and its child modules'. */
static bool module(struct walk *w, bool drop_replaced, int depth)
{
	if (w->s.t[w->s.i] != '{' || depth > MAX_MODULE_DEPTH)
		return sk_value(&w->s, NULL, NULL);
	struct it it, list;
	size_t ks, kl;
	bool resources = false, children = false;
	if (!it_open(&w->s, &it))
		return false;
	int r;
	while ((r = it_next(&w->s, &it, &ks, &kl)) == 1) {
		bool is_res = !resources && key_is(w, ks, kl, "resources");
		bool is_child = !children && key_is(w, ks, kl, "child_modules");
		resources = resources || is_res;
		children = children || is_child;
		if ((!is_res && !is_child) || w->s.t[w->s.i] != '[') {
			if (!sk_value(&w->s, NULL, NULL))
				return false;
			continue;
		}
		if (!it_open(&w->s, &list))
			return false;
		int q;
		while ((q = it_next(&w->s, &list, NULL, NULL)) == 1) {
			bool drop = false;
			if (!(is_res ? one_resource(w, drop_replaced, &drop) :
			      module(w, drop_replaced, depth + 1)))
				return false;
			if (drop)
				it_drop(w, &list);
			else
				it_keep(w, &list);
		}
		if (q < 0)
			return false;
	}
	return r == 0;
}

/* The module at the path of first members from the object at s->i (s->i is then
 * anywhere: the caller sets it). */
static void module_at(struct walk *w, size_t at, const char *const *path, bool drop_replaced)
{
	w->s.i = at;
	w->s.depth = 1;
	for (size_t k = 0; path[k]; k++)
		if (!find_member(w, path[k]))
			return;
	module(w, drop_replaced, 0);
}

/* ---- the top level ----------------------------------------------------------------- */

/* Top-level members terraform.c reads (read_tf, check_format, provider_region,
 * terraform_refs.c's variables); the others are emptied. */
static const char *const top_read[] = {
	"format_version", "values", "planned_values", "resource_changes", "prior_state",
	"configuration", "variables", "errored", "complete", "deferred_changes",
};

struct tfskim tf_skim(char *text, size_t len, bool prior)
{
	struct tfskim r = { NULL, 0, 0 };
	struct walk w = { { text, len, 0, 0 }, &r, NULL, 0, 0 };
	struct val values = { 0, 0 }, planned = { 0, 0 }, changes_at = { 0, 0 }, prior_at = { 0, 0 };
	bool config = false;
	struct it it;
	size_t ks, kl;
	if (!it_open(&w.s, &it) || it.close != '}')
		return r;
	int q;
	while ((q = it_next(&w.s, &it, &ks, &kl)) == 1) {
		struct val *v = key_is(&w, ks, kl, "values") ? &values :
				key_is(&w, ks, kl, "planned_values") ? &planned :
				key_is(&w, ks, kl, "resource_changes") ? &changes_at :
				key_is(&w, ks, kl, "prior_state") ? &prior_at : NULL;
		config = config || key_is(&w, ks, kl, "configuration");
		bool read = false;
		for (size_t k = 0; k < sizeof(top_read) / sizeof(top_read[0]); k++)
			read = read || key_is(&w, ks, kl, top_read[k]);
		size_t vs = w.s.i;
		if (!(v ? take(&w, v) : sk_value(&w.s, NULL, NULL)))
			return r;
		if (!read)
			empty(&w, vs, w.s.i);
	}
	if (q < 0)
		return r;
	/* what read_tf reads (terraform.c) */
	bool plan = planned.ve || changes_at.ve || config || prior_at.ve;
	static const char *const root[] = { "root_module", NULL };
	static const char *const prior_root[] = { "values", "root_module", NULL };
	if (!plan) {
		if (values.ve)
			module_at(&w, values.vs, root, false);
	} else if (prior) {
		empty(&w, values.vs, values.ve);
		empty(&w, planned.vs, planned.ve);
		empty(&w, changes_at.vs, changes_at.ve);
		if (prior_at.ve)
			module_at(&w, prior_at.vs, prior_root, false);
	} else {
		empty(&w, values.vs, values.ve);
		bool have_changes = changes_at.ve && text[changes_at.vs] == '[';
		if (have_changes) {
			w.s.i = changes_at.vs;
			w.s.depth = 1;
			if (changes(&w))
				empty(&w, planned.vs, planned.ve);
		} else if (planned.ve) {
			module_at(&w, planned.vs, root, false);
		}
		if (prior_at.ve)
			module_at(&w, prior_at.vs, prior_root, have_changes && w.nset);
	}
	free(w.set);
	return r;
}
