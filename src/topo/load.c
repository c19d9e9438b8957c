/* load.c - the YAML topology parser: libyaml events straight into the model.
 *
 * Each object kind is described by a schema (a table of keys, each with a handler
 * and offsets into the struct).  The reader never builds a document tree: a 40 MB
 * topology is read in one pass at close to libyaml's own speed and with no copy of
 * the document in memory.  Unknown keys, wrong types and bad values are reported
 * with their position and the parse goes on, so every problem in a file is reported.
 * References stay as text here; resolve.c points them at objects.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "loader.h"
#include "vpcpath/arena.h"
#include "vpcpath/map.h"
#include "vpcpath/util.h"
#include "vpcpath/yamlread.h"

#define NOFF ((size_t)-1)

/* Limits a real organisation never meets; a hostile file hits them early and is told
 * where.  Items of all lists together (objects, ids, CIDRs, addresses, mapping entries
 * of dns/availability_zones/ips): the largest benchmark topology (200,000 instances
 * and 200,000 routes) has fewer than 2,000,000. */
#define LOAD_MAX_ITEMS 5000000u
/* An inline policy written as YAML: nodes in all, and keys in one mapping (AWS caps a
 * policy at 20 KB of text, a few thousand nodes). */
#define LOAD_MAX_POLICY_NODES 20000u
#define LOAD_MAX_POLICY_KEYS 256u

/* List items read so far by this thread's current parse (reset by topo_parse). */
static _Thread_local size_t items_read;

/* Counts one list item; false (after a located error that stops the parse) when the
 * file has more than the limit (LOAD_MAX_ITEMS unless the options raise it). */
static bool count_item(struct loader *L, const struct yev *e)
{
	size_t max = L->opt && L->opt->max_items ? L->opt->max_items : LOAD_MAX_ITEMS;
	if (++items_read <= max)
		return true;
	yr_error(&L->r, e, "more than %zu list items in the file; refusing to read more "
		 "(limit on objects; VPCPATH_MAX_ITEMS raises it)", max);
	L->r.failed = true;
	return false;
}

struct field;
typedef void (*field_fn)(struct loader *L, const struct yev *v, void *obj, const struct field *f);

struct schema;
struct field {
	const char *key;
	field_fn fn;
	size_t off, off2;        /* value; presence flag or element count (NOFF: none) */
	const struct schema *sub; /* element schema of lists */
	bool required;
};

struct schema {
	const char *what;   /* "subnet", for messages */
	size_t size;
	size_t loc_off;
	void (*init)(void *obj);
	const struct field *fields;
	size_t nfields;
	bool id_alone;      /* an id alone stands for the object (internet_gateways: [igw-1]) */
};

const char *loader_intern(struct loader *L, const char *s, size_t n)
{
	if (n > 200)
		return arena_strndup(L->a, s, n);
	uint64_t h = 1469598103934665603ull;
	for (size_t i = 0; i < n; i++) {
		h ^= (unsigned char)s[i];
		h *= 1099511628211ull;
	}
	if ((L->nintern + 1) * 2 > L->cap_intern) {
		size_t ocap = L->cap_intern;
		__typeof__(L->intern) old = L->intern;
		L->cap_intern = ocap ? ocap * 2 : 4096;
		L->intern = xcalloc(L->cap_intern, sizeof(*L->intern));
		for (size_t i = 0; i < ocap; i++) {
			if (!old[i].s)
				continue;
			size_t k = old[i].hash & (L->cap_intern - 1);
			while (L->intern[k].s)
				k = (k + 1) & (L->cap_intern - 1);
			L->intern[k] = old[i];
		}
		free(old);
	}
	size_t k = h & (L->cap_intern - 1);
	while (L->intern[k].s) {
		if (L->intern[k].hash == h && !strncmp(L->intern[k].s, s, n) && L->intern[k].s[n] == '\0')
			return L->intern[k].s;
		k = (k + 1) & (L->cap_intern - 1);
	}
	L->intern[k].s = arena_strndup(L->a, s, n);
	L->intern[k].hash = h;
	L->nintern++;
	return L->intern[k].s;
}

static struct topo_loc loc_of(const struct yev *e)
{
	struct topo_loc l = { e->line, e->col };
	return l;
}

/* errors kept per file: past this the loader counts them and says how many more
 * (the reader stops at its own cap of the same size) */
#define LOADER_MAX_ERRORS 1000u

void loader_error(struct loader *L, struct topo_loc loc, const char *fmt, ...)
{
	if (L->diags->errors >= LOADER_MAX_ERRORS) {
		L->errors_dropped++;
		return;
	}
	char msg[1024];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	str_trim_utf8(msg);
	diag_add(L->diags, DIAG_ERROR, L->file, loc.line, loc.col, NULL, "%s", msg);
}

void loader_warn(struct loader *L, struct topo_loc loc, const char *code, const char *fmt, ...)
{
	char msg[1024];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	str_trim_utf8(msg);
	diag_add(&L->t->warnings, DIAG_WARNING, L->file, loc.line, loc.col, code, "%s", msg);
}

static const char *yev_type_name(const struct yev *e)
{
	switch (e->type) {
	case YEV_SCALAR: return "a scalar";
	case YEV_MAP_START: return "a mapping";
	case YEV_SEQ_START: return "a list";
	default: return "nothing";
	}
}

/* Reports a value of the wrong shape and skips it. */
static void wrong_type(struct loader *L, const struct yev *v, const struct field *f,
		       const char *expected)
{
	yr_error(&L->r, v, "'%s' must be %s, not %s", f->key, expected, yev_type_name(v));
	yr_skip_node(&L->r, v);
}

static void *at(void *obj, size_t off)
{
	return (char *)obj + off;
}

static void set_flag(void *obj, const struct field *f)
{
	if (f->off2 != NOFF)
		*(bool *)at(obj, f->off2) = true;
}

/* ---- scalar handlers ------------------------------------------------------------ */

static bool want_scalar(struct loader *L, const struct yev *v, const struct field *f,
			const char *expected)
{
	if (v->type != YEV_SCALAR) {
		wrong_type(L, v, f, expected);
		return false;
	}
	return true;
}

/* Ids and names are unique: a plain copy.  Interning them would only cost a hash
 * probe (a cache miss) per object on a large file. */
static void h_str(struct loader *L, const struct yev *v, void *obj, const struct field *f)
{
	if (!want_scalar(L, v, f, "a string") || yev_is_null(v))
		return;
	*(const char **)at(obj, f->off) = arena_strndup(L->a, v->value, v->len);
}

/* Values that repeat across thousands of objects (regions, AZs, role ARNs, accounts)
 * are shared. */
static void h_shared_str(struct loader *L, const struct yev *v, void *obj, const struct field *f)
{
	if (!want_scalar(L, v, f, "a string") || yev_is_null(v))
		return;
	*(const char **)at(obj, f->off) = loader_intern(L, v->value, v->len);
}

static bool parse_bool(const struct yev *v, bool *out)
{
	if (!v->plain)
		return false;
	if (!strcmp(v->value, "true") || !strcmp(v->value, "True") || !strcmp(v->value, "TRUE")) {
		*out = true;
		return true;
	}
	if (!strcmp(v->value, "false") || !strcmp(v->value, "False") || !strcmp(v->value, "FALSE")) {
		*out = false;
		return true;
	}
	return false;
}

static void h_bool(struct loader *L, const struct yev *v, void *obj, const struct field *f)
{
	if (!want_scalar(L, v, f, "true or false"))
		return;
	bool b;
	if (!parse_bool(v, &b)) {
		yr_error(&L->r, v, "'%s' must be true or false, not '%s'", f->key, v->value);
		return;
	}
	*(bool *)at(obj, f->off) = b;
	set_flag(obj, f);
}

/* A number written with a leading zero (0443): YAML 1.1 reads it as octal (291), YAML
 * 1.2 as decimal (443), and other tools that read the file may take either; refused
 * with a located error naming both.  True (reported) when s[0..n) is one. */
static bool leading_zero(struct loader *L, const struct yev *v, const char *key, const char *s,
			 size_t n)
{
	if (n < 2 || s[0] != '0')
		return false;
	unsigned long octal = 0;
	for (size_t i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		if (octal < 1000000)
			octal = octal * 8 + (unsigned long)(s[i] - '0');
	}
	size_t skip = 0;
	while (skip + 1 < n && s[skip] == '0')
		skip++;
	bool is_octal = !memchr(s, '8', n) && !memchr(s, '9', n);
	unsigned long decimal = strtoul(s + skip, NULL, 10);
	if (is_octal && octal != decimal)
		yr_error(&L->r, v, "'%s': '%.*s' has a leading zero: YAML 1.1 reads it as octal "
			 "(%lu), YAML 1.2 as %.*s; write the number without it", key, (int)n, s,
			 octal, (int)(n - skip), s + skip);
	else
		yr_error(&L->r, v, "'%s': '%.*s' has a leading zero; write %.*s (YAML 1.1 and 1.2 "
			 "read numbers with leading zeros differently)", key, (int)n, s,
			 (int)(n - skip), s + skip);
	return true;
}

static void h_version(struct loader *L, const struct yev *v, void *obj, const struct field *f)
{
	long n;
	if (!want_scalar(L, v, f, "a number"))
		return;
	if (leading_zero(L, v, f->key, v->value, v->len))
		return;
	if (!str_to_long(v->value, 1, 1, &n)) {
		yr_error(&L->r, v, "unsupported topology version '%s' (this vpcpath reads version 1)",
			 v->value);
		return;
	}
	*(int *)at(obj, f->off) = (int)n;
}

/* ::ffff:a.b.c.d: an IPv4 address written as IPv6.  AWS takes neither form in these
 * places, and matching would silently treat it as IPv6; ask for the IPv4 spelling. */
static bool is_v4_mapped(const struct net_addr *a)
{
	static const uint8_t prefix[12] = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff };
	return a->family == NET_V6 && memcmp(a->b, prefix, sizeof(prefix)) == 0;
}

static bool reject_v4_mapped(struct loader *L, const struct yev *v, const char *key,
			     const struct net_addr *a, unsigned prefix_len)
{
	if (!is_v4_mapped(a) || prefix_len < 96)
		return false;
	char buf[NET_ADDRSTRLEN];
	struct net_addr v4 = { .family = NET_V4 };
	memcpy(v4.b, a->b + 12, 4);
	yr_error(&L->r, v, "'%s': '%s' is an IPv4-mapped IPv6 address; write the IPv4 address "
		 "(%s)", key, v->value, net_addr_str(&v4, buf));
	return true;
}

/* net_addr_parse with the checks every address of the file gets; reports and returns
 * false on a bad one. */
static bool parse_addr_value(struct loader *L, const struct yev *v, const char *key,
			     struct net_addr *out)
{
	if (!net_addr_parse(v->value, out)) {
		yr_error(&L->r, v, "'%s': invalid IP address '%s'", key, v->value);
		return false;
	}
	return !reject_v4_mapped(L, v, key, out, 128);
}

static bool parse_prefix_value(struct loader *L, const struct yev *v, const char *key,
			       struct net_prefix *out)
{
	bool host_bits;
	if (!net_prefix_parse(v->value, out, &host_bits)) {
		yr_error(&L->r, v, "'%s': invalid CIDR '%s'", key, v->value);
		return false;
	}
	if (reject_v4_mapped(L, v, key, &out->addr, out->len))
		return false;
	if (host_bits) {
		char buf[NET_PREFIXSTRLEN];
		/* F6.3: AWS canonicalises CIDRs with host bits set; so do we, and say so */
		yr_warn(&L->r, v, "cidr-host-bits", "CIDR %s has host bits set; using %s",
			v->value, net_prefix_str(out, buf));
	}
	return true;
}

static void h_prefix(struct loader *L, const struct yev *v, void *obj, const struct field *f)
{
	if (!want_scalar(L, v, f, "a CIDR") || yev_is_null(v))
		return;
	if (parse_prefix_value(L, v, f->key, at(obj, f->off)))
		set_flag(obj, f);
}

static void h_addr(struct loader *L, const struct yev *v, void *obj, const struct field *f)
{
	if (!want_scalar(L, v, f, "an IP address") || yev_is_null(v))
		return;
	if (!parse_addr_value(L, v, f->key, at(obj, f->off))) {
		memset(at(obj, f->off), 0, sizeof(struct net_addr));
		return;
	}
	set_flag(obj, f);
}

static void h_ref(struct loader *L, const struct yev *v, void *obj, const struct field *f)
{
	if (!want_scalar(L, v, f, "an id or name") || yev_is_null(v))
		return;
	struct topo_ref *ref = at(obj, f->off);
	ref->text = loader_intern(L, v->value, v->len);
	ref->loc = loc_of(v);
}

/* Calls each(L, element_event, ctx) for a list, or once for a lone scalar when
 * allow_scalar (a one-element list written without brackets). */
static void for_each_item(struct loader *L, const struct yev *v, const struct field *f,
			  bool allow_scalar,
			  void (*each)(struct loader *L, const struct yev *e, void *ctx), void *ctx)
{
	if (v->type == YEV_SCALAR && yev_is_null(v))
		return;
	if (v->type == YEV_SCALAR && allow_scalar) {
		each(L, v, ctx);
		return;
	}
	if (v->type != YEV_SEQ_START) {
		wrong_type(L, v, f, "a list");
		return;
	}
	for (;;) {
		const struct yev *e = yr_next(&L->r);
		if (e->type == YEV_SEQ_END || e->type == YEV_ERROR || !count_item(L, e))
			return;
		each(L, e, ctx);
	}
}

struct vec_ctx {
	struct tmpvec vec;
	const struct field *f;
};

static void ref_item(struct loader *L, const struct yev *e, void *ctx)
{
	struct vec_ctx *c = ctx;
	if (e->type != YEV_SCALAR || yev_is_null(e)) {
		wrong_type(L, e, c->f, "a list of ids");
		return;
	}
	struct topo_ref *ref = tmpvec_push(&c->vec, sizeof(*ref));
	ref->text = loader_intern(L, e->value, e->len);
	ref->loc = loc_of(e);
}

static void h_ref_list(struct loader *L, const struct yev *v, void *obj, const struct field *f)
{
	struct vec_ctx c = { .f = f };
	for_each_item(L, v, f, true, ref_item, &c);
	struct topo_ref_list *list = at(obj, f->off);
	list->items = tmpvec_finish(L->a, &c.vec, sizeof(struct topo_ref));
	list->len = c.vec.len;
}

struct prefixes_ctx {
	struct tmpvec items, locs;
	const struct field *f;
};

static void prefix_item(struct loader *L, const struct yev *e, void *ctx)
{
	struct prefixes_ctx *c = ctx;
	if (e->type != YEV_SCALAR || yev_is_null(e)) {
		wrong_type(L, e, c->f, "a list of CIDRs");
		return;
	}
	struct net_prefix p;
	if (!parse_prefix_value(L, e, c->f->key, &p))
		return;
	*(struct net_prefix *)tmpvec_push(&c->items, sizeof(p)) = p;
	*(struct topo_loc *)tmpvec_push(&c->locs, sizeof(struct topo_loc)) = loc_of(e);
}

static void h_prefixes(struct loader *L, const struct yev *v, void *obj, const struct field *f)
{
	struct prefixes_ctx c = { .f = f };
	for_each_item(L, v, f, true, prefix_item, &c);
	struct topo_prefix_array *arr = at(obj, f->off);
	arr->items = tmpvec_finish(L->a, &c.items, sizeof(struct net_prefix));
	arr->locs = tmpvec_finish(L->a, &c.locs, sizeof(struct topo_loc));
	arr->len = c.items.len;
	set_flag(obj, f);
}

static void addr_item(struct loader *L, const struct yev *e, void *ctx)
{
	struct vec_ctx *c = ctx;
	struct net_addr a;
	if (e->type != YEV_SCALAR) {
		wrong_type(L, e, c->f, "a list of IP addresses");
		return;
	}
	if (!parse_addr_value(L, e, c->f->key, &a))
		return;
	*(struct net_addr *)tmpvec_push(&c->vec, sizeof(a)) = a;
}

static void h_addrs(struct loader *L, const struct yev *v, void *obj, const struct field *f)
{
	struct vec_ctx c = { .f = f };
	for_each_item(L, v, f, true, addr_item, &c);
	*(struct net_addr **)at(obj, f->off) = tmpvec_finish(L->a, &c.vec, sizeof(struct net_addr));
	*(size_t *)at(obj, f->off2) = c.vec.len;
}

static bool parse_ports(const char *s, struct topo_ports *out)
{
	long lo, hi;
	if (!strcmp(s, "all") || !strcmp(s, "-1")) {
		out->lo = 0;
		out->hi = 65535;
		return true;
	}
	const char *dash = strchr(s, '-');
	if (!dash) {
		if (!str_to_long(s, 0, 65535, &lo))
			return false;
		out->lo = out->hi = (uint16_t)lo;
		return true;
	}
	char buf[16];
	size_t n = (size_t)(dash - s);
	if (n == 0 || n >= sizeof(buf))
		return false;
	memcpy(buf, s, n);
	buf[n] = '\0';
	if (!str_to_long(buf, 0, 65535, &lo) || !str_to_long(dash + 1, 0, 65535, &hi) || lo > hi)
		return false;
	out->lo = (uint16_t)lo;
	out->hi = (uint16_t)hi;
	return true;
}

static void h_ports(struct loader *L, const struct yev *v, void *obj, const struct field *f)
{
	if (!want_scalar(L, v, f, "a port, a range or 'all'"))
		return;
	const char *dash = strchr(v->value, '-');
	size_t first = dash ? (size_t)(dash - v->value) : v->len;
	if (leading_zero(L, v, f->key, v->value, first) ||
	    (dash && leading_zero(L, v, f->key, dash + 1, strlen(dash + 1))))
		return;
	if (!parse_ports(v->value, at(obj, f->off)))
		yr_error(&L->r, v, "'%s': invalid port or range '%s' (expected 443, 1024-65535 or all)",
			 f->key, v->value);
	else
		set_flag(obj, f);
}

bool topo_parse_protocol(const char *s, int *out);
bool topo_parse_protocol(const char *s, int *out)
{
	static const struct { const char *name; int num; } names[] = {
		{ "all", TOPO_PROTO_ALL }, { "-1", TOPO_PROTO_ALL }, { "tcp", TOPO_PROTO_TCP },
		{ "udp", TOPO_PROTO_UDP }, { "icmp", TOPO_PROTO_ICMP }, { "icmpv6", TOPO_PROTO_ICMPV6 },
	};
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (str_ieq(s, names[i].name)) {
			*out = names[i].num;
			return true;
		}
	long n;
	if (str_to_long(s, 0, 255, &n)) {
		*out = (int)n;
		return true;
	}
	return false;
}

static void h_proto(struct loader *L, const struct yev *v, void *obj, const struct field *f)
{
	if (!want_scalar(L, v, f, "a protocol"))
		return;
	if (leading_zero(L, v, f->key, v->value, v->len))
		return;
	if (!topo_parse_protocol(v->value, at(obj, f->off)))
		yr_error(&L->r, v, "'%s': unknown protocol '%s' (expected tcp, udp, icmp, icmpv6, all "
			 "or a number 0-255)", f->key, v->value);
	else
		set_flag(obj, f);
}

static void h_nacl_rule_number(struct loader *L, const struct yev *v, void *obj,
			       const struct field *f)
{
	long n;
	if (!want_scalar(L, v, f, "a rule number"))
		return;
	if (leading_zero(L, v, f->key, v->value, v->len))
		return;
	/* F6.3: rule numbers are 1..32766 */
	if (!str_to_long(v->value, 1, 32766, &n)) {
		yr_error(&L->r, v, "'rule': rule number must be 1 to 32766, not '%s'", v->value);
		return;
	}
	*(unsigned *)at(obj, f->off) = (unsigned)n;
	set_flag(obj, f);
}

/* A scalar from a fixed set of words, stored as an int. */
struct word { const char *word; int value; };

static void h_words(struct loader *L, const struct yev *v, void *obj, const struct field *f,
		    const struct word *words, size_t n, const char *expected)
{
	if (!want_scalar(L, v, f, expected))
		return;
	for (size_t i = 0; i < n; i++)
		if (str_ieq(v->value, words[i].word)) {
			*(int *)at(obj, f->off) = words[i].value;
			set_flag(obj, f);
			return;
		}
	yr_error(&L->r, v, "'%s': '%s' is not one of %s", f->key, v->value, expected);
}

#define WORDS_HANDLER(name, expected, ...)                                                   \
	static void name(struct loader *L, const struct yev *v, void *obj, const struct field *f) \
	{                                                                                    \
		static const struct word w[] = { __VA_ARGS__ };                              \
		h_words(L, v, obj, f, w, sizeof(w) / sizeof(w[0]), expected);                \
	}

WORDS_HANDLER(h_action, "allow, deny", { "allow", 1 }, { "deny", 0 })
WORDS_HANDLER(h_connectivity, "public, private", { "public", 1 }, { "private", 0 })
WORDS_HANDLER(h_ep_type, "gateway, interface", { "gateway", TOPO_EP_GATEWAY },
	      { "interface", TOPO_EP_INTERFACE })
WORDS_HANDLER(h_ip_type, "ipv4, ipv6, dualstack", { "ipv4", TOPO_IPT_IPV4 },
	      { "ipv6", TOPO_IPT_IPV6 }, { "dualstack", TOPO_IPT_DUALSTACK })
WORDS_HANDLER(h_family, "IPv4, IPv6", { "IPv4", NET_V4 }, { "IPv6", NET_V6 })
WORDS_HANDLER(h_route_state, "active, blackhole", { "active", 0 }, { "blackhole", 1 })
/* F6.6; `terminated` is not a state a topology holds: the instance is gone */
WORDS_HANDLER(h_instance_state, "running, pending, stopping, stopped, shutting-down",
	      { "running", TOPO_INSTANCE_RUNNING }, { "pending", TOPO_INSTANCE_PENDING },
	      { "stopping", TOPO_INSTANCE_STOPPING }, { "stopped", TOPO_INSTANCE_STOPPED },
	      { "shutting-down", TOPO_INSTANCE_SHUTTING_DOWN })
WORDS_HANDLER(h_interface_kind, "lambda, rds, efs, elb, ecs, eks, other",
	      { "lambda", TOPO_IF_LAMBDA }, { "rds", TOPO_IF_RDS }, { "efs", TOPO_IF_EFS },
	      { "elb", TOPO_IF_ELB }, { "ecs", TOPO_IF_ECS }, { "eks", TOPO_IF_EKS },
	      { "other", TOPO_IF_OTHER })
WORDS_HANDLER(h_tgw_route_type, "static, propagated", { "static", TOPO_ORIGIN_STATIC },
	      { "propagated", TOPO_ORIGIN_PROPAGATED })
/* the words of `missing:` kinds, in the order of enum topo_missing_kind */
static const struct word missing_words[] = {
	{ "route_tables", TOPO_MISSING_ROUTE_TABLES },
	{ "network_acls", TOPO_MISSING_NETWORK_ACLS },
	{ "security_groups", TOPO_MISSING_SECURITY_GROUPS },
	{ "security_group", TOPO_MISSING_SECURITY_GROUP },
	{ "internet_gateways", TOPO_MISSING_INTERNET_GATEWAYS },
	{ "egress_only_internet_gateways", TOPO_MISSING_EGRESS_ONLY_IGWS },
	{ "nat_gateways", TOPO_MISSING_NAT_GATEWAYS },
	{ "vpn_gateways", TOPO_MISSING_VPN_GATEWAYS },
	{ "vpn_connections", TOPO_MISSING_VPN_CONNECTIONS },
	{ "transit_gateways", TOPO_MISSING_TRANSIT_GATEWAYS },
	{ "transit_gateway_attachments", TOPO_MISSING_TGW_ATTACHMENTS },
	{ "transit_gateway_route_tables", TOPO_MISSING_TGW_ROUTE_TABLES },
	{ "tgw_routes", TOPO_MISSING_TGW_ROUTES },
	{ "endpoints", TOPO_MISSING_ENDPOINTS },
	{ "instances", TOPO_MISSING_INSTANCES },
	{ "network_interfaces", TOPO_MISSING_NETWORK_INTERFACES },
	{ "prefix_lists", TOPO_MISSING_PREFIX_LISTS },
	{ "prefix_list", TOPO_MISSING_PREFIX_LIST },
	{ "peerings", TOPO_MISSING_PEERINGS },
	{ "subnets", TOPO_MISSING_SUBNETS },
	{ "bucket_policy", TOPO_MISSING_BUCKET_POLICY },
	{ "table_policy", TOPO_MISSING_TABLE_POLICY },
	{ "endpoint_policy", TOPO_MISSING_ENDPOINT_POLICY },
	{ "role_policies", TOPO_MISSING_ROLE_POLICIES },
};
/* the AWS API spellings are accepted too, so imported data reads as written */
WORDS_HANDLER(h_origin, "static, propagated", { "static", TOPO_ORIGIN_STATIC },
	      { "CreateRoute", TOPO_ORIGIN_STATIC }, { "propagated", TOPO_ORIGIN_PROPAGATED },
	      { "EnableVgwRoutePropagation", TOPO_ORIGIN_PROPAGATED },
	      { "CreateRouteTable", TOPO_ORIGIN_LOCAL })

/* route_state and action are bools in the model */
static void h_blackhole(struct loader *L, const struct yev *v, void *obj, const struct field *f)
{
	int state = 0;
	struct field tmp = *f;
	tmp.off = 0;
	tmp.off2 = NOFF;
	h_route_state(L, v, &state, &tmp);
	*(bool *)at(obj, f->off) = state == 1;
}

static void h_allow(struct loader *L, const struct yev *v, void *obj, const struct field *f)
{
	int allow = -1;
	struct field tmp = *f;
	tmp.off = 0;
	tmp.off2 = NOFF;
	h_action(L, v, &allow, &tmp);
	if (allow >= 0) {
		*(bool *)at(obj, f->off) = allow == 1;
		set_flag(obj, f);
	}
}

static void h_public(struct loader *L, const struct yev *v, void *obj, const struct field *f)
{
	int pub = 1;
	struct field tmp = *f;
	tmp.off = 0;
	tmp.off2 = NOFF;
	h_connectivity(L, v, &pub, &tmp);
	*(bool *)at(obj, f->off) = pub == 1;
}

/* ---- policies ------------------------------------------------------------------ */

/* Skips the rest of the mapping or list whose start event was read and some of whose
 * complete members were consumed. */
static void skip_rest(struct loader *L, enum yev_type container)
{
	const struct yev start = { .type = container };
	yr_skip_node(&L->r, &start);
}

/* Builds cJSON from YAML events (an inline policy written as YAML).  *budget counts
 * the nodes still allowed.  On failure (reported) returns NULL with the node's events
 * consumed, so the caller's own mapping goes on at the right place. */
static cJSON *yaml_to_json(struct loader *L, const struct yev *v, size_t *budget)
{
	if (v->type == YEV_ERROR)
		return NULL;
	if (*budget == 0) {
		yr_error(&L->r, v, "policy has more than %u YAML nodes; refusing it (policy size "
			 "limit)", LOAD_MAX_POLICY_NODES);
		yr_skip_node(&L->r, v);
		return NULL;
	}
	(*budget)--;
	switch (v->type) {
	case YEV_SCALAR: {
		if (v->plain) {
			bool b;
			if (yev_is_null(v))
				return cJSON_CreateNull();
			if (parse_bool(v, &b))
				return cJSON_CreateBool(b);
		}
		return cJSON_CreateString(v->value);
	}
	case YEV_SEQ_START: {
		cJSON *arr = cJSON_CreateArray();
		for (;;) {
			const struct yev *e = yr_next(&L->r);
			if (e->type == YEV_SEQ_END)
				return arr;
			if (e->type == YEV_ERROR) {
				cJSON_Delete(arr);
				return NULL;
			}
			cJSON *item = yaml_to_json(L, e, budget);
			if (!item) {
				cJSON_Delete(arr);
				skip_rest(L, YEV_SEQ_START);
				return NULL;
			}
			cJSON_AddItemToArray(arr, item);
		}
	}
	case YEV_MAP_START: {
		cJSON *obj = cJSON_CreateObject();
		size_t nkeys = 0;
		for (;;) {
			const struct yev *k = yr_next(&L->r);
			if (k->type == YEV_MAP_END)
				return obj;
			if (k->type == YEV_ERROR) {
				cJSON_Delete(obj);
				return NULL;
			}
			if (k->type != YEV_SCALAR) {
				yr_error(&L->r, k, "policy keys must be strings");
				yr_skip_node(&L->r, k);
				yr_skip_node(&L->r, yr_next(&L->r)); /* its value */
				cJSON_Delete(obj);
				skip_rest(L, YEV_MAP_START);
				return NULL;
			}
			if (++nkeys > LOAD_MAX_POLICY_KEYS) {
				yr_error(&L->r, k, "policy mapping has more than %u keys; refusing it "
					 "(policy size limit)", LOAD_MAX_POLICY_KEYS);
				yr_skip_node(&L->r, yr_next(&L->r));
				cJSON_Delete(obj);
				skip_rest(L, YEV_MAP_START);
				return NULL;
			}
			char *key = xstrdup(k->value);
			struct yev kcopy = *k;
			const struct yev *val = yr_next(&L->r);
			cJSON *item = yaml_to_json(L, val, budget);
			if (!item) {
				free(key);
				cJSON_Delete(obj);
				skip_rest(L, YEV_MAP_START);
				return NULL;
			}
			if (cJSON_GetObjectItemCaseSensitive(obj, key))
				yr_error(&L->r, &kcopy, "duplicate key '%s' in policy", key);
			cJSON_AddItemToObject(obj, key, item);
			free(key);
		}
	}
	default:
		return NULL;
	}
}

/* true when text[0..len) is UTF-8 without NUL bytes; else *bad is the line and column
 * (in characters) of the first bad byte */
static bool utf8_valid(const char *text, size_t len, struct topo_loc *bad)
{
	const unsigned char *p = (const unsigned char *)text, *end = p + len;
	unsigned line = 1, col = 1;
	while (p < end) {
		unsigned char c = *p;
		size_t n = c == 0 ? 0 : str_utf8_len(p, (size_t)(end - p));
		if (n == 0) {
			bad->line = line;
			bad->col = col;
			return false;
		}
		if (c == '\n') {
			line++;
			col = 1;
		} else {
			col++;
		}
		p += n;
	}
	return true;
}

static void h_policy(struct loader *L, const struct yev *v, void *obj, const struct field *f);

static struct topo_policy *parse_policy_value(struct loader *L, const struct yev *v);
static struct topo_policy *read_policy_file(struct loader *L, const struct yev *v,
					    struct topo_loc loc);

struct topo_policy *topo_policy_keep(struct loader *L, cJSON *doc, const char *source,
				     struct topo_loc loc, size_t text_len);

static void h_policy(struct loader *L, const struct yev *v, void *obj, const struct field *f)
{
	*(struct topo_policy **)at(obj, f->off) = parse_policy_value(L, v);
}

static struct topo_policy *parse_policy_value(struct loader *L, const struct yev *v)
{
	struct topo_loc loc = loc_of(v);
	if (v->type == YEV_MAP_START) {
		size_t budget = LOAD_MAX_POLICY_NODES;
		cJSON *doc = yaml_to_json(L, v, &budget);
		if (!doc)
			return NULL;
		char *text = cJSON_PrintUnformatted(doc);
		size_t len = text ? strlen(text) : 0;
		free(text);
		return topo_policy_keep(L, doc, NULL, loc, len);
	}
	if (v->type != YEV_SCALAR) {
		yr_error(&L->r, v, "'policy' must be a mapping, a JSON string or a file path");
		yr_skip_node(&L->r, v);
		return NULL;
	}
	if (yev_is_null(v))
		return NULL;
	const char *s = v->value;
	while (*s == ' ' || *s == '\n' || *s == '\t')
		s++;
	if (*s == '{')
		return topo_policy_from_json(L, v->value, v->len, NULL, loc, false);
	/* a path relative to the topology's directory, read and parsed once however many
	 * references name it (a 1 MB file named by a thousand endpoints must not be read a
	 * thousand times, issue 15) */
	size_t seen;
	if (L->policy_files && bytemap_find(L->policy_files, v->value, v->len, &seen)) {
		const struct topo_policy *first = L->policy_files_read[seen];
		if (!first)
			return NULL; /* refused, and reported, at its first reference */
		struct topo_policy *p = arena_alloc(L->a, sizeof(*p));
		*p = *first;
		p->loc = loc;
		p->compiled = NULL;
		return p;
	}
	struct topo_policy *p = read_policy_file(L, v, loc);
	if (!L->policy_files)
		L->policy_files = bytemap_new();
	if (L->npolicy_files_read == L->cap_policy_files_read) {
		L->cap_policy_files_read = L->cap_policy_files_read ? 2 * L->cap_policy_files_read : 8;
		L->policy_files_read = xrealloc(L->policy_files_read, L->cap_policy_files_read *
						sizeof(*L->policy_files_read));
	}
	bytemap_get_or_add(L->policy_files, v->value, v->len, L->npolicy_files_read, NULL);
	L->policy_files_read[L->npolicy_files_read++] = p;
	return p;
}

/* Reads, checks and parses a policy file named by v (NULL, reported, when it cannot). */
static struct topo_policy *read_policy_file(struct loader *L, const struct yev *v,
					    struct topo_loc loc)
{
	char *text = NULL;
	size_t len = 0;
	char *path = NULL;
	const char *err = NULL;
	extern char *topo_policy_path(struct loader *L, const char *rel, struct topo_loc loc);
	path = topo_policy_path(L, v->value, loc);
	if (!path)
		return NULL;
	text = read_file(path, 1u << 20, &len, &err);
	if (!text) {
		loader_error(L, loc, "policy file '%s': %s", v->value, err);
		free(path);
		return NULL;
	}
	/* JSON is UTF-8, and cJSON does not check: bytes that are not would reach the
	 * text output (0x9b is a CSI to some terminals) and make the JSON output invalid */
	struct topo_loc bad;
	if (!utf8_valid(text, len, &bad)) {
		loader_error(L, loc, "policy file '%s': invalid UTF-8 (or a NUL byte) at line %u, "
			     "column %u", v->value, bad.line, bad.col);
		free(text);
		free(path);
		return NULL;
	}
	const char *source = arena_strdup(L->a, v->value);
	struct topo_policy *p = topo_policy_from_json(L, text, len, source, loc, true);
	free(text);
	free(path);
	return p;
}

/* ---- maps with free keys --------------------------------------------------------- */

/* Walks a mapping whose keys are data (host names, AZ names, subnet ids): each(L, key,
 * value, ctx) gets a key whose text lives in the arena and must consume the value. */
static void for_each_pair(struct loader *L, const struct yev *v, const struct field *f,
			  const char *expected, const char *key_what,
			  void (*each)(struct loader *L, const struct yev *key, const struct yev *value,
				       void *ctx),
			  void *ctx)
{
	if (v->type != YEV_MAP_START) {
		if (!yev_is_null(v))
			wrong_type(L, v, f, expected);
		return;
	}
	for (;;) {
		const struct yev *k = yr_next(&L->r);
		if (k->type == YEV_MAP_END || k->type == YEV_ERROR || !count_item(L, k))
			return;
		if (k->type != YEV_SCALAR) {
			yr_error(&L->r, k, "%s: keys must be %s", f->key, key_what);
			yr_skip_node(&L->r, k);
			yr_skip_node(&L->r, yr_next(&L->r));
			continue;
		}
		/* the next event replaces k: keep a copy */
		struct yev key = *k;
		key.value = loader_intern(L, k->value, k->len);
		const struct yev *val = yr_next(&L->r);
		if (val->type == YEV_ERROR)
			return;
		each(L, &key, val, ctx);
	}
}

struct named { const char *name; struct topo_loc loc; size_t idx; };

static int cmp_named(const void *a, const void *b)
{
	const struct named *x = a, *y = b;
	int c = strcmp(x->name, y->name);
	return c ? c : (x->idx > y->idx) - (x->idx < y->idx);
}

/* Reports every key of a data-keyed mapping that repeats an earlier one (YAML forbids
 * duplicate keys; libyaml does not check).  Sorting keeps 100,000 keys fast. */
static void check_duplicate_keys(struct loader *L, const void *items, size_t n, size_t stride,
				 size_t name_off, size_t loc_off, const char *what)
{
	if (n < 2)
		return;
	struct named *v = xmalloc(n * sizeof(*v));
	for (size_t i = 0; i < n; i++) {
		const char *item = (const char *)items + i * stride;
		v[i].name = *(const char *const *)(const void *)(item + name_off);
		v[i].loc = *(const struct topo_loc *)(const void *)(item + loc_off);
		v[i].idx = i;
	}
	qsort(v, n, sizeof(*v), cmp_named);
	for (size_t i = 1, first = 0; i < n; i++) {
		if (strcmp(v[i].name, v[first].name) != 0) {
			first = i;
			continue;
		}
		loader_error(L, v[i].loc, "duplicate %s '%s' (first at line %u)", what, v[i].name,
			     v[first].loc.line);
	}
	free(v);
}

static void dns_pair(struct loader *L, const struct yev *k, const struct yev *val, void *ctx)
{
	struct tmpvec *pins = ctx;
	struct topo_dns_pin *pin = tmpvec_push(pins, sizeof(*pin));
	char *name = arena_strndup(L->a, k->value, k->len);
	for (char *c = name; *c; c++)
		if (*c >= 'A' && *c <= 'Z')
			*c = (char)(*c - 'A' + 'a');
	pin->name = name;
	pin->loc = loc_of(k);
	struct field af = { .key = pin->name, .off = offsetof(struct topo_dns_pin, answers),
			    .off2 = offsetof(struct topo_dns_pin, nanswers) };
	h_addrs(L, val, pin, &af);
}

static void h_dns(struct loader *L, const struct yev *v, void *obj, const struct field *f)
{
	struct tmpvec pins = { 0 };
	for_each_pair(L, v, f, "a mapping of host name to address(es)", "host names", dns_pair,
		      &pins);
	struct topology *t = obj;
	t->dns = tmpvec_finish(L->a, &pins, sizeof(struct topo_dns_pin));
	t->ndns = pins.len;
	check_duplicate_keys(L, t->dns, t->ndns, sizeof(struct topo_dns_pin),
			     offsetof(struct topo_dns_pin, name), offsetof(struct topo_dns_pin, loc),
			     "dns name");
}

static void az_pair(struct loader *L, const struct yev *k, const struct yev *val, void *ctx)
{
	if (val->type != YEV_SCALAR || yev_is_null(val)) {
		yr_error(&L->r, val, "availability_zones: '%s' must map to an AZ id like use1-az4",
			 k->value);
		yr_skip_node(&L->r, val);
		return;
	}
	struct topo_az *az = tmpvec_push(ctx, sizeof(*az));
	az->name = k->value;
	az->loc = loc_of(k);
	az->id = loader_intern(L, val->value, val->len);
}

static void h_azs(struct loader *L, const struct yev *v, void *obj, const struct field *f)
{
	struct tmpvec azs = { 0 };
	for_each_pair(L, v, f, "a mapping of AZ name to AZ id", "AZ names", az_pair, &azs);
	struct topology *t = obj;
	t->azs = tmpvec_finish(L->a, &azs, sizeof(struct topo_az));
	t->nazs = azs.len;
	check_duplicate_keys(L, t->azs, t->nazs, sizeof(struct topo_az),
			     offsetof(struct topo_az, name), offsetof(struct topo_az, loc),
			     "availability zone");
}

static void ip_pair(struct loader *L, const struct yev *k, const struct yev *val, void *ctx)
{
	struct topo_endpoint_ip ip = { 0 };
	if (val->type != YEV_SCALAR || !net_addr_parse(val->value, &ip.ip)) {
		yr_error(&L->r, val, "ips: '%s' must map to an IP address", k->value);
		yr_skip_node(&L->r, val);
		return;
	}
	if (reject_v4_mapped(L, val, "ips", &ip.ip, 128))
		return;
	ip.subnet.text = k->value;
	ip.subnet.loc = loc_of(k);
	*(struct topo_endpoint_ip *)tmpvec_push(ctx, sizeof(ip)) = ip;
}

static void h_ep_ips(struct loader *L, const struct yev *v, void *obj, const struct field *f)
{
	struct tmpvec ips = { 0 };
	for_each_pair(L, v, f, "a mapping of subnet to IP address", "subnet ids", ip_pair, &ips);
	struct topo_endpoint *ep = obj;
	ep->ips = tmpvec_finish(L->a, &ips, sizeof(struct topo_endpoint_ip));
	ep->nips = ips.len;
	check_duplicate_keys(L, ep->ips, ep->nips, sizeof(struct topo_endpoint_ip),
			     offsetof(struct topo_endpoint_ip, subnet.text),
			     offsetof(struct topo_endpoint_ip, subnet.loc), "ips subnet");
}

/* ---- names and tags ---------------------------------------------------------------- */

/* The Name tag is the name (topology.md), so `name:` and `tags: {Name: …}` may both be
 * written but must agree; whichever comes second is checked against the first.  The
 * name and tags fields point at each other with off2. */

struct tags_ctx {
	struct tmpvec vec;
	struct topo_loc name_value; /* where the Name tag's value is, for a conflict */
};

static void tag_pair(struct loader *L, const struct yev *k, const struct yev *val, void *ctx)
{
	struct tags_ctx *c = ctx;
	const char *why;
	/* AWS tag values are strings: a scalar is taken as written (1234, true, an empty
	 * value), and only a list or mapping is wrong */
	if (val->type != YEV_SCALAR) {
		yr_error(&L->r, val, "tags: the value of '%s' must be a string, not %s", k->value,
			 yev_type_name(val));
		yr_skip_node(&L->r, val);
		return;
	}
	if ((why = topo_tag_key_problem(k->value, k->len))) {
		yr_error(&L->r, k, "tags: %s", why);
		return;
	}
	if ((why = topo_tag_value_problem(val->value, val->len))) {
		yr_error(&L->r, val, "tags: '%s': %s", k->value, why);
		return;
	}
	struct topo_tag *tag = tmpvec_push(&c->vec, sizeof(*tag));
	tag->key = k->value;
	/* values repeat across thousands of objects (team: payments) */
	tag->value = loader_intern(L, val->value, val->len);
	tag->loc = loc_of(k);
	if (!strcmp(k->value, "Name") && !c->name_value.line)
		c->name_value = loc_of(val);
}

static void h_tags(struct loader *L, const struct yev *v, void *obj, const struct field *f)
{
	struct tags_ctx c = { 0 };
	for_each_pair(L, v, f, "a mapping of tag keys to values", "strings", tag_pair, &c);
	struct topo_tags *tags = at(obj, f->off);
	tags->items = tmpvec_finish(L->a, &c.vec, sizeof(struct topo_tag));
	tags->len = c.vec.len;
	check_duplicate_keys(L, tags->items, tags->len, sizeof(struct topo_tag),
			     offsetof(struct topo_tag, key), offsetof(struct topo_tag, loc), "tag key");
	if (f->off2 == NOFF)
		return; /* a kind whose Name tag is only a tag (buckets, tables, roles) */
	const char *tag_name = topo_tag_value(tags, "Name");
	const char **name = at(obj, f->off2);
	if (!tag_name || !*tag_name)
		return; /* an empty Name tag names nothing, as in the console */
	if (!*name)
		*name = tag_name;
	else if (strcmp(*name, tag_name) != 0 && topo_name_is_tf_address(*name))
		L->t->name_tags_apart = true;  /* a Terraform address and the resource's Name tag */
	else if (strcmp(*name, tag_name) != 0)
		loader_error(L, c.name_value, "tags: Name '%s' differs from name '%s' (the Name tag "
			     "is the name; write one, or the same in both)", tag_name, *name);
}

static void h_name(struct loader *L, const struct yev *v, void *obj, const struct field *f)
{
	/* set already only by a Name tag written before (a repeated name: is refused) */
	const char *from_tag = *(const char **)at(obj, f->off);
	if (!from_tag) {
		h_str(L, v, obj, f);
		return;
	}
	if (!want_scalar(L, v, f, "a string") || yev_is_null(v) || !strcmp(v->value, from_tag))
		return;
	if (topo_name_is_tf_address(v->value)) {
		/* the address is the name; the Name tag written before stays a tag */
		h_str(L, v, obj, f);
		L->t->name_tags_apart = true;
		return;
	}
	const struct topo_tags *tags = at(obj, f->off2);
	unsigned line = 0;
	for (size_t i = 0; i < tags->len && !line; i++)
		if (!strcmp(tags->items[i].key, "Name"))
			line = tags->items[i].loc.line;
	yr_error(&L->r, v, "name '%s' differs from the tag Name '%s' at line %u (the Name tag is "
		 "the name; write one, or the same in both)", v->value, from_tag, line);
}

/* ---- objects and lists of objects ---------------------------------------------------- */

static void parse_object(struct loader *L, const struct schema *s, const struct yev *start,
			 void *obj);

static void h_list(struct loader *L, const struct yev *v, void *obj, const struct field *f)
{
	if (v->type == YEV_SCALAR && yev_is_null(v))
		return;
	if (v->type != YEV_SEQ_START) {
		wrong_type(L, v, f, "a list");
		return;
	}
	struct tmpvec vec = { 0 };
	for (;;) {
		const struct yev *e = yr_next(&L->r);
		if (e->type == YEV_SEQ_END || e->type == YEV_ERROR || !count_item(L, e))
			break;
		void *item = tmpvec_push(&vec, f->sub->size);
		if (f->sub->init)
			f->sub->init(item);
		parse_object(L, f->sub, e, item);
	}
	*(void **)at(obj, f->off) = tmpvec_finish(L->a, &vec, f->sub->size);
	*(size_t *)at(obj, f->off2) = vec.len;
}

static const struct field *find_field(const struct schema *s, const char *key)
{
	for (size_t i = 0; i < s->nfields; i++)
		if (s->fields[i].key[0] == key[0] && !strcmp(s->fields[i].key, key))
			return &s->fields[i];
	return NULL;
}

static const char *did_you_mean(const struct schema *s, const char *key)
{
	const char *best = NULL;
	unsigned best_d = 99;
	for (size_t i = 0; i < s->nfields; i++) {
		unsigned d = str_edit_distance(key, s->fields[i].key);
		if (d < best_d) {
			best_d = d;
			best = s->fields[i].key;
		}
	}
	size_t n = strlen(key);
	unsigned limit = n <= 4 ? 1 : n <= 8 ? 2 : 3;
	return best_d <= limit ? best : NULL;
}

static void parse_object(struct loader *L, const struct schema *s, const struct yev *start,
			 void *obj)
{
	if (start->type == YEV_ERROR)
		return;
	/* start points at the reader's current event, which moves on: keep its place */
	const struct topo_loc start_loc = loc_of(start);
	*(struct topo_loc *)at(obj, s->loc_off) = start_loc;
	/* An id alone stands for an object with just that id (internet_gateways: [igw-1]) */
	if (start->type == YEV_SCALAR && !yev_is_null(start) && s->id_alone) {
		h_str(L, start, obj, &s->fields[0]);
		return;
	}
	if (start->type != YEV_MAP_START) {
		yr_error(&L->r, start, "%s must be a mapping, not %s", s->what, yev_type_name(start));
		yr_skip_node(&L->r, start);
		return;
	}
	/* where each key was seen (duplicates, required keys); only the schema's own
	 * entries are cleared: this runs once per object of a 200,000-instance file */
	struct topo_loc seen[64];
	memset(seen, 0, (s->nfields < 64 ? s->nfields : 64) * sizeof(seen[0]));
	for (;;) {
		const struct yev *k = yr_next(&L->r);
		if (k->type == YEV_MAP_END || k->type == YEV_ERROR)
			break;
		if (k->type != YEV_SCALAR) {
			yr_error(&L->r, k, "%s: keys must be plain words, not %s", s->what,
				 yev_type_name(k));
			yr_skip_node(&L->r, k);
			yr_skip_node(&L->r, yr_next(&L->r));
			continue;
		}
		const struct field *f = find_field(s, k->value);
		if (!f) {
			const char *hint = did_you_mean(s, k->value);
			if (hint)
				yr_error(&L->r, k, "unknown key '%s' in %s (did you mean '%s'?)", k->value,
					 s->what, hint);
			else
				yr_error(&L->r, k, "unknown key '%s' in %s", k->value, s->what);
			yr_skip_node(&L->r, yr_next(&L->r));
			continue;
		}
		size_t idx = (size_t)(f - s->fields);
		if (idx < 64 && seen[idx].line) {
			yr_error(&L->r, k, "duplicate key '%s' in %s (first at line %u)", f->key, s->what,
				 seen[idx].line);
			yr_skip_node(&L->r, yr_next(&L->r));
			continue;
		}
		if (idx < 64)
			seen[idx] = loc_of(k);
		const struct yev *v = yr_next(&L->r);
		if (v->type == YEV_ERROR)
			break;
		f->fn(L, v, obj, f);
	}
	if (L->r.failed)
		return;
	for (size_t i = 0; i < s->nfields && i < 64; i++)
		if (s->fields[i].required && !seen[i].line)
			loader_error(L, start_loc, "%s: missing required key '%s'", s->what,
				     s->fields[i].key);
}

/* ---- the schemas ------------------------------------------------------------------ */

#define FIELD(k, fn, T, m) { k, fn, offsetof(T, m), NOFF, NULL, false }
#define FIELD_REQ(k, fn, T, m) { k, fn, offsetof(T, m), NOFF, NULL, true }
#define FIELD2(k, fn, T, m, m2) { k, fn, offsetof(T, m), offsetof(T, m2), NULL, false }
#define FIELD2_REQ(k, fn, T, m, m2) { k, fn, offsetof(T, m), offsetof(T, m2), NULL, true }
/* every kind with a name has tags (the Name tag is the name) */
#define NAME(T) FIELD2("name", h_name, T, name, tags)
#define TAGS(T) FIELD2("tags", h_tags, T, tags, name)
/* kinds named otherwise (a bucket's name, a role's ARN): Name is a tag like any */
#define TAGS_ONLY(T) FIELD("tags", h_tags, T, tags)
#define LIST(k, T, m, n, sub) { k, h_list, offsetof(T, m), offsetof(T, n), &sub, false }
#define SCHEMA(name, what, T, init, fields)                                       \
	static const struct schema name = { what, sizeof(T), offsetof(T, loc), init, \
					    fields, sizeof(fields) / sizeof(fields[0]), false }

static void init_vpc(void *p)
{
	((struct topo_vpc *)p)->dns_support = true;
}

static void init_instance(void *p)
{
	struct topo_instance *i = p;
	/* F6.4: Amazon Linux and many Linux kernels */
	i->ephemeral.lo = 32768;
	i->ephemeral.hi = 61000;
}

static void init_nat(void *p)
{
	((struct topo_nat_gateway *)p)->is_public = true;
}

static void init_prefix_list(void *p)
{
	((struct topo_prefix_list *)p)->family = NET_V4;
}

static void init_sg_rule(void *p)
{
	struct topo_sg_rule *r = p;
	r->ports.lo = 0;
	r->ports.hi = 65535;
}

static void init_nacl_rule(void *p)
{
	/* a rule without ports covers every port, like an SG rule */
	struct topo_nacl_rule *r = p;
	r->ports.lo = 0;
	r->ports.hi = 65535;
}

/* SG rule peer: CIDR, pl-… or sg-… */
static void h_sg_peer(struct loader *L, const struct yev *v, void *obj, const struct field *f)
{
	struct topo_sg_rule *r = obj;
	if (!want_scalar(L, v, f, "a CIDR, a prefix list id or a security group id"))
		return;
	bool pl = !strncmp(v->value, "pl-", 3), sg = !strncmp(v->value, "sg-", 3);
	/* anything that looks like an address is a CIDR, and a bad one is a bad CIDR */
	bool addr_like = !pl && !sg && (strchr(v->value, '/') || strchr(v->value, ':') ||
					(v->value[0] >= '0' && v->value[0] <= '9'));
	if (!pl && !sg && !addr_like) {
		r->peer_kind = TOPO_PEER_SG; /* a security group by name */
	} else if (pl || sg) {
		r->peer_kind = pl ? TOPO_PEER_PREFIX_LIST : TOPO_PEER_SG;
	} else {
		r->peer_kind = TOPO_PEER_CIDR;
		parse_prefix_value(L, v, f->key, &r->cidr);
		return;
	}
	r->peer.text = loader_intern(L, v->value, v->len);
	r->peer.loc = loc_of(v);
}

static const struct field sg_egress_fields[] = {
	FIELD_REQ("protocol", h_proto, struct topo_sg_rule, protocol),
	FIELD("ports", h_ports, struct topo_sg_rule, ports),
	FIELD_REQ("to", h_sg_peer, struct topo_sg_rule, cidr),
	FIELD("description", h_str, struct topo_sg_rule, description),
};
static const struct field sg_ingress_fields[] = {
	FIELD_REQ("protocol", h_proto, struct topo_sg_rule, protocol),
	FIELD("ports", h_ports, struct topo_sg_rule, ports),
	FIELD_REQ("from", h_sg_peer, struct topo_sg_rule, cidr),
	FIELD("description", h_str, struct topo_sg_rule, description),
};
SCHEMA(sg_egress_schema, "security group egress rule", struct topo_sg_rule, init_sg_rule,
       sg_egress_fields);
SCHEMA(sg_ingress_schema, "security group ingress rule", struct topo_sg_rule, init_sg_rule,
       sg_ingress_fields);

#define SG_RULES(k, m, sub)                                                                \
	{ k, h_list, offsetof(struct topo_security_group, m.items),                      \
	  offsetof(struct topo_security_group, m.len), &sub, false }

static void h_sg_rules_given(struct loader *L, const struct yev *v, void *obj,
			     const struct field *f)
{
	h_list(L, v, obj, f);
	if (yev_is_null(v))
		return; /* egress: null is the same as no egress list */
	/* remember that the list was written: an empty egress list denies all (F6.1) */
	*(bool *)((char *)at(obj, f->off) + offsetof(struct topo_sg_rules, given) -
		  offsetof(struct topo_sg_rules, items)) = true;
}

static const struct field sg_fields[] = {
	FIELD_REQ("id", h_str, struct topo_security_group, id),
	NAME(struct topo_security_group),
	FIELD("default", h_bool, struct topo_security_group, is_default),
	{ "egress", h_sg_rules_given, offsetof(struct topo_security_group, egress.items),
	  offsetof(struct topo_security_group, egress.len), &sg_egress_schema, false },
	{ "ingress", h_sg_rules_given, offsetof(struct topo_security_group, ingress.items),
	  offsetof(struct topo_security_group, ingress.len), &sg_ingress_schema, false },
	FIELD("description", h_str, struct topo_security_group, description),
	TAGS(struct topo_security_group),
};
SCHEMA(sg_schema, "security group", struct topo_security_group, NULL, sg_fields);

static const struct field nacl_egress_fields[] = {
	FIELD_REQ("rule", h_nacl_rule_number, struct topo_nacl_rule, number),
	FIELD_REQ("protocol", h_proto, struct topo_nacl_rule, protocol),
	FIELD("ports", h_ports, struct topo_nacl_rule, ports),
	FIELD_REQ("to", h_prefix, struct topo_nacl_rule, cidr),
	FIELD_REQ("action", h_allow, struct topo_nacl_rule, allow),
};
static const struct field nacl_ingress_fields[] = {
	FIELD_REQ("rule", h_nacl_rule_number, struct topo_nacl_rule, number),
	FIELD_REQ("protocol", h_proto, struct topo_nacl_rule, protocol),
	FIELD("ports", h_ports, struct topo_nacl_rule, ports),
	FIELD_REQ("from", h_prefix, struct topo_nacl_rule, cidr),
	FIELD_REQ("action", h_allow, struct topo_nacl_rule, allow),
};
SCHEMA(nacl_egress_schema, "network ACL egress rule", struct topo_nacl_rule, init_nacl_rule,
       nacl_egress_fields);
SCHEMA(nacl_ingress_schema, "network ACL ingress rule", struct topo_nacl_rule, init_nacl_rule,
       nacl_ingress_fields);

static void h_nacl_rules_given(struct loader *L, const struct yev *v, void *obj,
			       const struct field *f)
{
	h_list(L, v, obj, f);
	struct topo_nacl_rules *rules = (struct topo_nacl_rules *)at(obj, f->off);
	/* a written list owns an array even when empty: resolve.c sorts it, and
	 * qsort(NULL, 0, ...) is undefined behaviour (found by fuzz_topology) */
	if (!rules->items)
		rules->items = arena_alloc(L->a, sizeof(struct topo_nacl_rule));
	rules->given = true;
}

static const struct field nacl_fields[] = {
	FIELD_REQ("id", h_str, struct topo_network_acl, id),
	NAME(struct topo_network_acl),
	FIELD("default", h_bool, struct topo_network_acl, is_default),
	{ "egress", h_nacl_rules_given, offsetof(struct topo_network_acl, egress.items),
	  offsetof(struct topo_network_acl, egress.len), &nacl_egress_schema, false },
	{ "ingress", h_nacl_rules_given, offsetof(struct topo_network_acl, ingress.items),
	  offsetof(struct topo_network_acl, ingress.len), &nacl_ingress_schema, false },
	TAGS(struct topo_network_acl),
};
SCHEMA(nacl_schema, "network ACL", struct topo_network_acl, NULL, nacl_fields);

/* route destination: a CIDR or a prefix list */
static void h_route_dest(struct loader *L, const struct yev *v, void *obj, const struct field *f)
{
	struct topo_route *r = obj;
	if (!want_scalar(L, v, f, "a CIDR or a prefix list id"))
		return;
	if (!strncmp(v->value, "pl-", 3)) {
		r->dest_is_prefix_list = true;
		r->dest_pl.text = loader_intern(L, v->value, v->len);
		r->dest_pl.loc = loc_of(v);
		return;
	}
	parse_prefix_value(L, v, "destination", &r->dest);
}

static void h_int_origin(struct loader *L, const struct yev *v, void *obj, const struct field *f)
{
	int o = TOPO_ORIGIN_STATIC;
	struct field tmp = *f;
	tmp.off = 0;
	tmp.off2 = NOFF;
	h_origin(L, v, &o, &tmp);
	*(enum topo_route_origin *)at(obj, f->off) = (enum topo_route_origin)o;
}

static const struct field route_fields[] = {
	FIELD_REQ("destination", h_route_dest, struct topo_route, dest),
	FIELD_REQ("target", h_ref, struct topo_route, target),
	FIELD("state", h_blackhole, struct topo_route, blackhole),
	FIELD("origin", h_int_origin, struct topo_route, origin),
};
SCHEMA(route_schema, "route", struct topo_route, NULL, route_fields);

static const struct field rtb_fields[] = {
	FIELD_REQ("id", h_str, struct topo_route_table, id),
	NAME(struct topo_route_table),
	FIELD("main", h_bool, struct topo_route_table, is_main),
	FIELD("propagating_vgws", h_ref_list, struct topo_route_table, propagating_vgws),
	LIST("routes", struct topo_route_table, routes, nroutes, route_schema),
	TAGS(struct topo_route_table),
};
SCHEMA(rtb_schema, "route table", struct topo_route_table, NULL, rtb_fields);

/* a bad subnet CIDR is reported once, not again as "missing" */
static void h_subnet_prefix(struct loader *L, const struct yev *v, void *obj, const struct field *f)
{
	size_t before = L->diags->errors;
	h_prefix(L, v, obj, f);
	if (L->diags->errors > before)
		((struct topo_subnet *)obj)->cidr_invalid = true;
}

static const struct field subnet_fields[] = {
	FIELD_REQ("id", h_str, struct topo_subnet, id),
	NAME(struct topo_subnet),
	FIELD2("cidr", h_subnet_prefix, struct topo_subnet, cidr, has_cidr),
	FIELD2("ipv6_cidr", h_subnet_prefix, struct topo_subnet, ipv6_cidr, has_ipv6),
	FIELD("az", h_shared_str, struct topo_subnet, az),
	FIELD("az_id", h_shared_str, struct topo_subnet, az_id),
	FIELD("route_table", h_ref, struct topo_subnet, route_table_ref),
	FIELD("network_acl", h_ref, struct topo_subnet, network_acl_ref),
	TAGS(struct topo_subnet),
};
SCHEMA(subnet_schema, "subnet", struct topo_subnet, NULL, subnet_fields);

static const struct field gateway_fields[] = {
	FIELD_REQ("id", h_str, struct topo_gateway, id),
	NAME(struct topo_gateway),
	TAGS(struct topo_gateway),
};
static const struct schema gateway_schema = {
	"internet gateway", sizeof(struct topo_gateway), offsetof(struct topo_gateway, loc), NULL,
	gateway_fields, sizeof(gateway_fields) / sizeof(gateway_fields[0]), .id_alone = true
};

static const struct field nat_fields[] = {
	FIELD_REQ("id", h_str, struct topo_nat_gateway, id),
	NAME(struct topo_nat_gateway),
	FIELD_REQ("subnet", h_ref, struct topo_nat_gateway, subnet_ref),
	FIELD("connectivity", h_public, struct topo_nat_gateway, is_public),
	FIELD2("private_ip", h_addr, struct topo_nat_gateway, private_ip, has_private_ip),
	FIELD2("public_ip", h_addr, struct topo_nat_gateway, public_ip, has_public_ip),
	TAGS(struct topo_nat_gateway),
};
SCHEMA(nat_schema, "NAT gateway", struct topo_nat_gateway, init_nat, nat_fields);

static void h_service(struct loader *L, const struct yev *v, void *obj, const struct field *f)
{
	h_str(L, v, obj, f);
}

static void h_int_enum(struct loader *L, const struct yev *v, void *obj, const struct field *f,
		       field_fn fn)
{
	int val = 0;
	struct field tmp = *f;
	tmp.off = 0;
	tmp.off2 = NOFF;
	fn(L, v, &val, &tmp);
	*(int *)at(obj, f->off) = val;
}

static void h_ep_type_enum(struct loader *L, const struct yev *v, void *obj, const struct field *f)
{
	h_int_enum(L, v, obj, f, h_ep_type);
}

static void h_ip_type_enum(struct loader *L, const struct yev *v, void *obj, const struct field *f)
{
	h_int_enum(L, v, obj, f, h_ip_type);
}

static const struct field endpoint_fields[] = {
	FIELD_REQ("id", h_str, struct topo_endpoint, id),
	NAME(struct topo_endpoint),
	FIELD_REQ("type", h_ep_type_enum, struct topo_endpoint, type),
	FIELD_REQ("service", h_service, struct topo_endpoint, service_name),
	FIELD("route_tables", h_ref_list, struct topo_endpoint, route_tables),
	FIELD("subnets", h_ref_list, struct topo_endpoint, subnets),
	FIELD("ips", h_ep_ips, struct topo_endpoint, ips),
	FIELD("security_groups", h_ref_list, struct topo_endpoint, security_groups),
	FIELD("private_dns", h_bool, struct topo_endpoint, private_dns),
	FIELD("private_dns_only_for_inbound_resolver", h_bool, struct topo_endpoint,
	      private_dns_only_for_inbound_resolver),
	FIELD("dns_name", h_str, struct topo_endpoint, dns_name),
	FIELD("ip_address_type", h_ip_type_enum, struct topo_endpoint, ip_address_type),
	FIELD("policy", h_policy, struct topo_endpoint, policy),
	TAGS(struct topo_endpoint),
};
SCHEMA(endpoint_schema, "endpoint", struct topo_endpoint, NULL, endpoint_fields);

static const struct field instance_fields[] = {
	FIELD_REQ("id", h_str, struct topo_instance, id),
	NAME(struct topo_instance),
	FIELD_REQ("subnet", h_ref, struct topo_instance, subnet_ref),
	FIELD2_REQ("private_ip", h_addr, struct topo_instance, private_ip, has_private_ip),
	FIELD2("ipv6_ips", h_addrs, struct topo_instance, ipv6_ips, nipv6),
	FIELD2("public_ip", h_addr, struct topo_instance, public_ip, has_public_ip),
	FIELD("security_groups", h_ref_list, struct topo_instance, security_groups),
	FIELD("role", h_shared_str, struct topo_instance, role),
	FIELD("ephemeral_ports", h_ports, struct topo_instance, ephemeral),
	FIELD("state", h_instance_state, struct topo_instance, state),
	TAGS(struct topo_instance),
};
SCHEMA(instance_schema, "instance", struct topo_instance, init_instance, instance_fields);

static const struct field interface_fields[] = {
	FIELD_REQ("id", h_str, struct topo_interface, id),
	NAME(struct topo_interface),
	FIELD("kind", h_interface_kind, struct topo_interface, kind),
	FIELD_REQ("subnet", h_ref, struct topo_interface, subnet_ref),
	FIELD2_REQ("private_ips", h_addrs, struct topo_interface, private_ips, nprivate_ips),
	FIELD2("ipv6_ips", h_addrs, struct topo_interface, ipv6_ips, nipv6),
	/* AWS always lists an interface's groups (F6.5): absent is not "the default SG" */
	FIELD_REQ("security_groups", h_ref_list, struct topo_interface, security_groups),
	FIELD("role", h_shared_str, struct topo_interface, role),
	FIELD("instance", h_ref, struct topo_interface, instance_ref),
	TAGS(struct topo_interface),
};
SCHEMA(interface_schema, "network interface", struct topo_interface, NULL, interface_fields);

static const struct field vpc_fields[] = {
	FIELD_REQ("id", h_str, struct topo_vpc, id),
	NAME(struct topo_vpc),
	FIELD("region", h_shared_str, struct topo_vpc, region),
	FIELD("cidrs", h_prefixes, struct topo_vpc, cidrs),
	FIELD("ipv6_cidrs", h_prefixes, struct topo_vpc, ipv6_cidrs),
	FIELD("internet_gateway", h_ref, struct topo_vpc, internet_gateway_ref),
	FIELD("egress_only_internet_gateway", h_ref, struct topo_vpc, eigw_ref),
	FIELD("vpn_gateway", h_ref, struct topo_vpc, vpn_gateway_ref),
	FIELD("dns_support", h_bool, struct topo_vpc, dns_support),
	LIST("subnets", struct topo_vpc, subnets, nsubnets, subnet_schema),
	LIST("route_tables", struct topo_vpc, route_tables, nroute_tables, rtb_schema),
	LIST("internet_gateways", struct topo_vpc, internet_gateways, ninternet_gateways,
	     gateway_schema),
	LIST("nat_gateways", struct topo_vpc, nat_gateways, nnat_gateways, nat_schema),
	LIST("security_groups", struct topo_vpc, security_groups, nsecurity_groups, sg_schema),
	LIST("network_acls", struct topo_vpc, network_acls, nnetwork_acls, nacl_schema),
	LIST("endpoints", struct topo_vpc, endpoints, nendpoints, endpoint_schema),
	LIST("instances", struct topo_vpc, instances, ninstances, instance_schema),
	LIST("interfaces", struct topo_vpc, interfaces, ninterfaces, interface_schema),
	TAGS(struct topo_vpc),
};
SCHEMA(vpc_schema, "vpc", struct topo_vpc, init_vpc, vpc_fields);

static const struct field prefix_list_fields[] = {
	FIELD_REQ("id", h_str, struct topo_prefix_list, id),
	NAME(struct topo_prefix_list),
	FIELD("address_family", h_family, struct topo_prefix_list, family),
	FIELD2("cidrs", h_prefixes, struct topo_prefix_list, cidrs, cidrs_given),
	TAGS(struct topo_prefix_list),
};
SCHEMA(prefix_list_schema, "prefix list", struct topo_prefix_list, init_prefix_list,
       prefix_list_fields);

static void h_policies(struct loader *L, const struct yev *v, void *obj, const struct field *f)
{
	struct topo_role *role = obj;
	struct tmpvec vec = { 0 };
	if (v->type != YEV_SEQ_START) {
		if (!yev_is_null(v))
			wrong_type(L, v, f, "a list of policies");
		return;
	}
	for (;;) {
		const struct yev *e = yr_next(&L->r);
		if (e->type == YEV_SEQ_END || e->type == YEV_ERROR || !count_item(L, e))
			break;
		struct topo_policy *p = parse_policy_value(L, e);
		if (p)
			*(struct topo_policy **)tmpvec_push(&vec, sizeof(p)) = p;
	}
	role->policies = tmpvec_finish(L->a, &vec, sizeof(struct topo_policy *));
	role->npolicies = vec.len;
}

static const struct field role_fields[] = {
	FIELD_REQ("arn", h_str, struct topo_role, arn),
	FIELD("id", h_str, struct topo_role, id),
	FIELD("policies", h_policies, struct topo_role, policies),
	TAGS_ONLY(struct topo_role),
};
SCHEMA(role_schema, "role", struct topo_role, NULL, role_fields);

struct topo_iam { struct topo_role *roles; size_t nroles; struct topo_loc loc; };
static const struct field iam_fields[] = {
	LIST("roles", struct topo_iam, roles, nroles, role_schema),
};
SCHEMA(iam_schema, "iam", struct topo_iam, NULL, iam_fields);

static void h_iam(struct loader *L, const struct yev *v, void *obj, const struct field *f)
{
	struct topology *t = obj;
	struct topo_iam iam = { 0 };
	(void)f; /* the iam schema names itself in messages */
	if (yev_is_null(v))
		return;
	parse_object(L, &iam_schema, v, &iam);
	t->roles = iam.roles;
	t->nroles = iam.nroles;
}

static const struct field bucket_fields[] = {
	FIELD_REQ("bucket", h_str, struct topo_bucket, name),
	FIELD("region", h_shared_str, struct topo_bucket, region),
	FIELD("account", h_shared_str, struct topo_bucket, account),
	FIELD("policy", h_policy, struct topo_bucket, policy),
	TAGS_ONLY(struct topo_bucket),
};
SCHEMA(bucket_schema, "s3 bucket", struct topo_bucket, NULL, bucket_fields);

static const struct field table_fields[] = {
	FIELD_REQ("table", h_str, struct topo_bucket, name),
	FIELD("region", h_shared_str, struct topo_bucket, region),
	FIELD("account", h_shared_str, struct topo_bucket, account),
	FIELD("policy", h_policy, struct topo_bucket, policy),
	TAGS_ONLY(struct topo_bucket),
};
SCHEMA(table_schema, "dynamodb table", struct topo_bucket, NULL, table_fields);

static const struct field onprem_fields[] = {
	FIELD_REQ("id", h_str, struct topo_on_premises, id),
	NAME(struct topo_on_premises),
	FIELD("cidrs", h_prefixes, struct topo_on_premises, cidrs),
	FIELD_REQ("via", h_ref, struct topo_on_premises, via),
	TAGS(struct topo_on_premises),
};
SCHEMA(onprem_schema, "on-premises network", struct topo_on_premises, NULL, onprem_fields);

static const struct field vpn_fields[] = {
	FIELD_REQ("id", h_str, struct topo_vpn_connection, id),
	NAME(struct topo_vpn_connection),
	FIELD_REQ("gateway", h_ref, struct topo_vpn_connection, gateway),
	FIELD("static_routes", h_prefixes, struct topo_vpn_connection, static_routes),
	FIELD2("static_routes_only", h_bool, struct topo_vpn_connection, static_routes_only,
	       static_routes_only_given),
	FIELD("state", h_shared_str, struct topo_vpn_connection, state),
	TAGS(struct topo_vpn_connection),
};
SCHEMA(vpn_schema, "VPN connection", struct topo_vpn_connection, NULL, vpn_fields);

static const struct field peering_fields[] = {
	FIELD_REQ("id", h_str, struct topo_peering, id),
	NAME(struct topo_peering),
	FIELD_REQ("requester", h_ref, struct topo_peering, requester),
	FIELD_REQ("accepter", h_ref, struct topo_peering, accepter),
	FIELD("status", h_shared_str, struct topo_peering, status),
	TAGS(struct topo_peering),
};
SCHEMA(peering_schema, "peering connection", struct topo_peering, NULL, peering_fields);

static const struct field tgw_attach_fields[] = {
	FIELD_REQ("id", h_str, struct topo_tgw_attachment, id),
	NAME(struct topo_tgw_attachment),
	FIELD("vpc", h_ref, struct topo_tgw_attachment, vpc),
	FIELD("subnets", h_ref_list, struct topo_tgw_attachment, subnets),
	FIELD("vpn", h_ref, struct topo_tgw_attachment, vpn),
	FIELD("peer_transit_gateway", h_ref, struct topo_tgw_attachment, peer_tgw),
	FIELD("peer_region", h_shared_str, struct topo_tgw_attachment, peer_region),
	FIELD("state", h_shared_str, struct topo_tgw_attachment, state),
	TAGS(struct topo_tgw_attachment),
};
SCHEMA(tgw_attach_schema, "transit gateway attachment", struct topo_tgw_attachment, NULL,
       tgw_attach_fields);

static void h_tgw_route_dest(struct loader *L, const struct yev *v, void *obj,
			     const struct field *f)
{
	struct topo_tgw_route *r = obj;
	if (!want_scalar(L, v, f, "a CIDR or a prefix list id"))
		return;
	if (!strncmp(v->value, "pl-", 3)) {
		r->dest_is_prefix_list = true;
		r->dest_pl.text = loader_intern(L, v->value, v->len);
		r->dest_pl.loc = loc_of(v);
		return;
	}
	parse_prefix_value(L, v, "destination", &r->dest);
}

static const struct field tgw_route_fields[] = {
	FIELD_REQ("destination", h_tgw_route_dest, struct topo_tgw_route, dest),
	FIELD("attachment", h_ref, struct topo_tgw_route, attachment),
	FIELD("state", h_blackhole, struct topo_tgw_route, blackhole),
	FIELD("type", h_tgw_route_type, struct topo_tgw_route, origin),
};
SCHEMA(tgw_route_schema, "transit gateway route", struct topo_tgw_route, NULL, tgw_route_fields);

static const struct field tgw_rtb_fields[] = {
	FIELD_REQ("id", h_str, struct topo_tgw_route_table, id),
	NAME(struct topo_tgw_route_table),
	FIELD("associations", h_ref_list, struct topo_tgw_route_table, associations),
	FIELD("propagations", h_ref_list, struct topo_tgw_route_table, propagations),
	LIST("routes", struct topo_tgw_route_table, routes, nroutes, tgw_route_schema),
	TAGS(struct topo_tgw_route_table),
};
SCHEMA(tgw_rtb_schema, "transit gateway route table", struct topo_tgw_route_table, NULL,
       tgw_rtb_fields);

static const struct field tgw_fields[] = {
	FIELD_REQ("id", h_str, struct topo_transit_gateway, id),
	NAME(struct topo_transit_gateway),
	FIELD("region", h_shared_str, struct topo_transit_gateway, region),
	LIST("attachments", struct topo_transit_gateway, attachments, nattachments,
	     tgw_attach_schema),
	LIST("route_tables", struct topo_transit_gateway, route_tables, nroute_tables,
	     tgw_rtb_schema),
	TAGS(struct topo_transit_gateway),
};
SCHEMA(tgw_schema, "transit gateway", struct topo_transit_gateway, NULL, tgw_fields);

/* missing: kind is a word of missing_words, with a hint for a near miss */
static void h_missing_kind(struct loader *L, const struct yev *v, void *obj, const struct field *f)
{
	if (!want_scalar(L, v, f, "a kind of describe output"))
		return;
	size_t n = sizeof(missing_words) / sizeof(missing_words[0]);
	const char *names[sizeof(missing_words) / sizeof(missing_words[0])];
	for (size_t i = 0; i < n; i++) {
		names[i] = missing_words[i].word;
		if (!strcmp(v->value, missing_words[i].word)) {
			*(int *)at(obj, f->off) = missing_words[i].value;
			set_flag(obj, f);
			return;
		}
	}
	const char *hint = yamlread_suggest(v->value, names, n);
	if (hint)
		yr_error(&L->r, v, "missing: unknown kind '%s' (did you mean '%s'?)", v->value, hint);
	else
		yr_error(&L->r, v, "missing: unknown kind '%s' (expected route_tables, network_acls, "
			 "security_groups, security_group, internet_gateways, nat_gateways, "
			 "vpn_gateways, vpn_connections, transit_gateways, "
			 "transit_gateway_route_tables, tgw_routes, endpoints, instances, "
			 "network_interfaces, prefix_lists, prefix_list, peerings, subnets, "
			 "bucket_policy, table_policy, endpoint_policy, role_policies, …)",
			 v->value);
}

/* a kind that is never written stays out of range, so resolve.c drops the entry */
static void init_missing(void *p)
{
	((struct topo_missing *)p)->kind = TOPO_MISSING_KIND_COUNT;
}

/* missing: reason: not_collected (the default: an output the snapshot lacks),
 * plan_unknown (a value a Terraform plan knows only after apply), or not_in_plan /
 * not_in_state (a resource the Terraform input does not hold) */
static void h_missing_reason(struct loader *L, const struct yev *v, void *obj,
			     const struct field *f)
{
	static const char expected[] = "not_collected, plan_unknown, plan_sensitive, not_in_plan "
				       "or not_in_state";
	if (!want_scalar(L, v, f, expected))
		return;
	if (!strcmp(v->value, "plan_unknown") || !strcmp(v->value, "not_collected") ||
	    !strcmp(v->value, "plan_sensitive") || !strcmp(v->value, "not_in_plan") ||
	    !strcmp(v->value, "not_in_state")) {
		struct topo_missing *m = obj;
		*(bool *)at(obj, f->off) = !strcmp(v->value, "plan_unknown") ||
					   !strcmp(v->value, "plan_sensitive");
		m->sensitive = !strcmp(v->value, "plan_sensitive");
		m->absent_from = !strcmp(v->value, "not_in_plan") ? "plan" :
				 !strcmp(v->value, "not_in_state") ? "state" : NULL;
		set_flag(obj, f);
		return;
	}
	yr_error(&L->r, v, "missing: unknown reason '%s' (expected %s)", v->value, expected);
}

static const struct field missing_fields[] = {
	FIELD_REQ("kind", h_missing_kind, struct topo_missing, kind),
	FIELD("vpc", h_shared_str, struct topo_missing, vpc),
	FIELD("id", h_str, struct topo_missing, id),
	FIELD("reason", h_missing_reason, struct topo_missing, plan_unknown),
	FIELD("address", h_str, struct topo_missing, address),
	FIELD("attribute", h_str, struct topo_missing, attribute),
	FIELD("causes", h_str, struct topo_missing, causes),
};
SCHEMA(missing_schema, "missing entry", struct topo_missing, init_missing, missing_fields);

/* F7.9: an AWS Organizations id is o- and 10 to 32 lower-case letters or digits */
static void h_organization(struct loader *L, const struct yev *v, void *obj,
			   const struct field *f)
{
	if (!want_scalar(L, v, f, "an organization id") || yev_is_null(v))
		return;
	size_t n = 0;
	bool ok = !strncmp(v->value, "o-", 2);
	for (const char *c = v->value + 2; ok && *c; c++, n++)
		ok = (*c >= 'a' && *c <= 'z') || (*c >= '0' && *c <= '9');
	if (!ok || n < 10 || n > 32) {
		yr_error(&L->r, v, "'%s': '%s' is not an AWS Organizations id (o- and 10 to 32 "
			 "lower-case letters or digits)", f->key, v->value);
		return;
	}
	h_shared_str(L, v, obj, f);
}

/* twelve digits; written unquoted, a number with a leading zero loses it, so quote */
static void h_account_id(struct loader *L, const struct yev *v, void *obj, const struct field *f)
{
	if (!want_scalar(L, v, f, "a 12-digit account id") || yev_is_null(v))
		return;
	bool ok = v->len == 12;
	for (size_t i = 0; ok && i < v->len; i++)
		ok = v->value[i] >= '0' && v->value[i] <= '9';
	if (!ok)
		yr_error(&L->r, v, "'%s': '%s' is not a 12-digit AWS account id (quote it: "
			 "\"012345678901\")", f->key, v->value);
	/* kept either way: the object is named by it (duplicates are still found) */
	h_str(L, v, obj, f);
}

static const struct field account_fields[] = {
	FIELD_REQ("id", h_account_id, struct topo_account, id),
	FIELD("organization", h_organization, struct topo_account, organization),
};
SCHEMA(account_schema, "account", struct topo_account, NULL, account_fields);

static const struct field top_fields[] = {
	FIELD_REQ("version", h_version, struct topology, version),
	FIELD("region", h_shared_str, struct topology, region),
	FIELD("account", h_shared_str, struct topology, account),
	LIST("prefix_lists", struct topology, prefix_lists, nprefix_lists, prefix_list_schema),
	FIELD("availability_zones", h_azs, struct topology, azs),
	FIELD("dns", h_dns, struct topology, dns),
	LIST("vpcs", struct topology, vpcs, nvpcs, vpc_schema),
	FIELD("iam", h_iam, struct topology, roles),
	LIST("s3", struct topology, buckets, nbuckets, bucket_schema),
	LIST("dynamodb", struct topology, tables, ntables, table_schema),
	LIST("on_premises", struct topology, on_premises, non_premises, onprem_schema),
	LIST("vpn_connections", struct topology, vpn_connections, nvpn_connections, vpn_schema),
	LIST("peering_connections", struct topology, peerings, npeerings, peering_schema),
	LIST("transit_gateways", struct topology, transit_gateways, ntransit_gateways, tgw_schema),
	FIELD("organization", h_organization, struct topology, organization),
	LIST("accounts", struct topology, accounts, naccounts, account_schema),
	LIST("missing", struct topology, missing, nmissing, missing_schema),
};

SCHEMA(top_schema, "topology", struct topology, NULL, top_fields);

bool topo_parse(struct loader *L)
{
	items_read = 0;
	const struct yev *e = yr_next(&L->r);
	if (e->type == YEV_ERROR)
		return false;
	if (e->type == YEV_STREAM_END) {
		loader_error(L, (struct topo_loc){ 1, 1 }, "empty file: expected a topology "
			     "(version: 1, vpcs: ...)");
		return false;
	}
	/* e is DOC_START */
	e = yr_next(&L->r);
	if (e->type == YEV_ERROR)
		return false;
	if (e->type == YEV_DOC_END || yev_is_null(e)) {
		loader_error(L, loc_of(e), "empty document: expected a topology (version: 1, vpcs: ...)");
		return false;
	}
	if (e->type != YEV_MAP_START) {
		yr_error(&L->r, e, "a topology must be a mapping (version: 1, vpcs: ...), not %s",
			 yev_type_name(e));
		yr_skip_node(&L->r, e);
		return false;
	}
	parse_object(L, &top_schema, e, L->t);
	if (L->r.failed)
		return false;
	e = yr_next(&L->r);
	if (e->type == YEV_DOC_END)
		e = yr_next(&L->r);
	if (e->type == YEV_DOC_START)
		yr_error(&L->r, e, "several YAML documents in one file; a topology is one document");
	return true;
}
