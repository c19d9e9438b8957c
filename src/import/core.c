/* core.c - the importer's shared state: string and JSON pools, reading JSON values,
 * located messages, checks of the values copied into the topology (ids, CIDRs,
 * addresses, protocols, ports, regions, zones), the lists of resources by kind (sorted,
 * deduplicated, grouped), and names taken from paths. */
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "internal.h"

const char *const rk_what[RK_COUNT] = {
	[RK_VPC] = "vpc", [RK_SUBNET] = "subnet", [RK_RTB] = "route table",
	[RK_IGW] = "internet gateway", [RK_EIGW] = "egress-only internet gateway",
	[RK_NAT] = "NAT gateway", [RK_EP] = "VPC endpoint", [RK_PL] = "managed prefix list",
	[RK_PL_OLD] = "prefix list", [RK_PL_ENTRIES] = "entries of prefix list",
	[RK_SG] = "security group", [RK_SG_RULE] = "security group rule",
	[RK_NACL] = "network ACL", [RK_INST] = "instance", [RK_ENI] = "network interface",
	[RK_EIP] = "elastic IP", [RK_AZ] = "availability zone",
	[RK_PCX] = "peering connection", [RK_TGW] = "transit gateway",
	[RK_TGW_ATT] = "transit gateway attachment",
	[RK_TGW_VPC_ATT] = "transit gateway VPC attachment",
	[RK_TGW_PEER_ATT] = "transit gateway peering attachment",
	[RK_TGW_RTB] = "transit gateway route table",
	[RK_TGW_ROUTES] = "routes of transit gateway route table",
	[RK_TGW_PROPS] = "propagations of transit gateway route table",
	[RK_TGW_ASSOCS] = "associations of transit gateway route table",
	[RK_VGW] = "VPN gateway", [RK_VPN] = "VPN connection", [RK_BUCKET] = "bucket",
	[RK_BUCKET_POLICY] = "policy of bucket", [RK_BUCKET_LOC] = "location of bucket",
	[RK_TABLE] = "DynamoDB table", [RK_TABLE_POLICY] = "policy of table",
	[RK_PROFILE] = "instance profile", [RK_ROLE] = "IAM role", [RK_VPC_DNS] = "DNS attribute of vpc",
};

static char *pool_add(struct imp *I, char *s)
{
	if (I->npool == I->cappool) {
		I->cappool = I->cappool ? I->cappool * 2 : 64;
		I->pool = xrealloc(I->pool, I->cappool * sizeof(*I->pool));
	}
	I->pool[I->npool++] = s;
	return s;
}

const char *pool_printf(struct imp *I, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	char *s = xmalloc((size_t)(n > 0 ? n : 0) + 1);
	va_start(ap, fmt);
	vsnprintf(s, (size_t)(n > 0 ? n : 0) + 1, fmt, ap);
	va_end(ap);
	return pool_add(I, s);
}

const char *pool_strndup(struct imp *I, const char *s, size_t n)
{
	char *c = xmalloc(n + 1);
	memcpy(c, s, n);
	c[n] = '\0';
	return pool_add(I, c);
}

void own_json(struct imp *I, cJSON *j)
{
	if (I->nowned == I->capowned) {
		I->capowned = I->capowned ? I->capowned * 2 : 16;
		I->owned = xrealloc(I->owned, I->capowned * sizeof(*I->owned));
	}
	I->owned[I->nowned++] = j;
}

/* As cJSON_GetObjectItemCaseSensitive (the first member named k), with the first two
 * characters compared before the names: an instance has some fifty keys, a dozen of
 * them starting with P or S, and the import asks each instance for a dozen. */
const cJSON *jget(const cJSON *o, const char *k)
{
	if (!o || !cJSON_IsObject(o) || !k)
		return NULL;
	for (const cJSON *c = o->child; c; c = c->next)
		if (c->string && c->string[0] == k[0] && (!k[0] || c->string[1] == k[1]) &&
		    !strcmp(c->string, k))
			return c;
	return NULL;
}

const char *jstr(const cJSON *o, const char *k)
{
	const cJSON *v = jget(o, k);
	return cJSON_IsString(v) && v->valuestring && v->valuestring[0] ? v->valuestring : NULL;
}

bool jbool(const cJSON *o, const char *k, bool dflt)
{
	const cJSON *v = jget(o, k);
	if (cJSON_IsBool(v))
		return cJSON_IsTrue(v);
	if (cJSON_IsString(v))
		return !strcmp(v->valuestring, "true");
	return dflt;
}

/* An integer: a JSON number without a fraction, or a numeric string (the CLI prints
 * either).  1.5, 1e300 or "x" is not one (and 1e300 must not reach a cast to long). */
bool jint(const cJSON *o, const char *k, long *out)
{
	const cJSON *v = jget(o, k);
	if (cJSON_IsNumber(v)) {
		double d = v->valuedouble;
		if (!(d >= -2147483647.0 && d <= 2147483647.0) || (double)(long)d != d)
			return false;
		*out = (long)d;
		return true;
	}
	if (cJSON_IsString(v) && str_to_long(v->valuestring, -2147483647L, 2147483647L, out))
		return true;
	return false;
}

/* Present (not null) but not an integer: a corrupted value, not an absent one. */
static bool jint_bad(const cJSON *o, const char *k)
{
	long ignored;
	const cJSON *v = jget(o, k);
	return v && !cJSON_IsNull(v) && !jint(o, k, &ignored);
}

const cJSON *jarr(const cJSON *o, const char *k)
{
	const cJSON *v = jget(o, k);
	return cJSON_IsArray(v) ? v : NULL;
}

/* The Name tag (topology.md: tags Name -> name). */
const char *tag_name(const cJSON *o)
{
	const cJSON *t;
	cJSON_ArrayForEach(t, jarr(o, "Tags"))
	{
		const char *k = jstr(t, "Key");
		if (k && !strcmp(k, "Name"))
			return jstr(t, "Value");
	}
	return NULL;
}

/* An AWS state, from "State": "x" or "State": {"Name"|"Code": "x"} or "Status": {...} */
const char *jstate(const cJSON *o)
{
	const char *s = jstr(o, "State");
	if (s)
		return s;
	const cJSON *st = jget(o, "State");
	if (!st)
		st = jget(o, "Status");
	if (cJSON_IsString(st))
		return st->valuestring;
	s = jstr(st, "Name");
	return s ? s : jstr(st, "Code");
}

bool state_in(const char *s, const char *const *set)
{
	if (!s)
		return false;
	for (; *set; set++)
		if (str_ieq(s, *set)) /* the CLI's examples show ASSOCIATED as well as associated */
			return true;
	return false;
}

void offset_loc(const char *text, size_t off, unsigned *line, unsigned *col)
{
	unsigned l = 1, c = 1;
	for (size_t i = 0; i < off && text[i]; i++) {
		if (text[i] == '\n') {
			l++;
			c = 1;
		} else if (((unsigned char)text[i] & 0xC0) != 0x80) {
			c++; /* columns count characters, not UTF-8 continuation bytes */
		}
	}
	*line = l;
	*col = c;
}

static uint64_t hash_bytes(const char *s, size_t n)
{
	uint64_t h = 1469598103934665603ull;
	for (size_t i = 0; i < n; i++) {
		h ^= (unsigned char)s[i];
		h *= 1099511628211ull;
	}
	return h;
}

static void strs_put(struct src *f, uint32_t off, uint32_t len, uint64_t h)
{
	if ((f->nstrs + 1) * 2 > f->capstrs) {
		size_t ocap = f->capstrs;
		struct strpos *old = f->strs;
		f->capstrs = ocap ? ocap * 2 : 1024;
		f->strs = xcalloc(f->capstrs, sizeof(*f->strs));
		f->nstrs = 0;
		for (size_t i = 0; i < ocap; i++)
			if (old[i].len)
				strs_put(f, old[i].off, old[i].len, old[i].hash);
		free(old);
	}
	size_t k = h & (f->capstrs - 1);
	while (f->strs[k].len) {
		if (f->strs[k].hash == h && f->strs[k].len == len &&
		    !memcmp(f->text + f->strs[k].off, f->text + off, len))
			return; /* the first occurrence stays */
		k = (k + 1) & (f->capstrs - 1);
	}
	f->strs[k] = (struct strpos){ off, len, h };
	f->nstrs++;
}

/* Where each line of the text starts. */
static void index_lines(struct src *f)
{
	size_t caplines = 1024;
	f->lines = xmalloc(caplines * sizeof(size_t));
	f->lines[f->nlines++] = 0;
	for (size_t i = 0; i < f->len; i++)
		if (f->text[i] == '\n') {
			if (f->nlines == caplines)
				f->lines = xrealloc(f->lines, (caplines *= 2) * sizeof(size_t));
			f->lines[f->nlines++] = i + 1;
		}
}

/* One pass over the text: every JSON string (as written, up to 512 bytes), for
 * needles that are not strings of the parsed tree (a key name, a made-up id). */
static void index_strings(struct src *f)
{
	f->indexed = true;
	for (size_t i = 0; i < f->len; i++) {
		if (f->text[i] != '"')
			continue;
		size_t j = i + 1;
		while (j < f->len && f->text[j] != '"' && f->text[j] != '\n')
			j += f->text[j] == '\\' ? 2 : 1;
		if (j >= f->len || f->text[j] != '"')
			continue;
		if (j - i - 1 > 0 && j - i - 1 <= 512 && i + 1 <= UINT32_MAX)
			strs_put(f, (uint32_t)(i + 1), (uint32_t)(j - i - 1),
				 hash_bytes(f->text + i + 1, j - i - 1));
		i = j;
	}
}

/* ---- positions of the parsed tree: each string value, and each object by its first
 * key, mapped from the pointer cJSON gave it to its offset in the text, so that a
 * message about the third of four VPCs points at the third (a search for the text
 * would find the first). */

static size_t ptr_slot(const struct src *f, const void *p)
{
	uint64_t h = (uint64_t)(uintptr_t)p * 0x9E3779B97F4A7C15ull;
	return (size_t)(h >> 20) & (f->capptrs - 1);
}

static void ptrs_put(struct src *f, const void *p, size_t off)
{
	if ((f->nptrs + 1) * 2 > f->capptrs) {
		struct ptrpos *old = f->ptrs;
		size_t ocap = f->capptrs;
		f->capptrs = ocap ? ocap * 2 : 1024;
		f->ptrs = xcalloc(f->capptrs, sizeof(*f->ptrs));
		f->nptrs = 0;
		for (size_t i = 0; i < ocap; i++)
			if (old[i].p)
				ptrs_put(f, old[i].p, old[i].off);
		free(old);
	}
	size_t k = ptr_slot(f, p);
	while (f->ptrs[k].p && f->ptrs[k].p != p)
		k = (k + 1) & (f->capptrs - 1);
	if (!f->ptrs[k].p)
		f->nptrs++;
	f->ptrs[k] = (struct ptrpos){ p, off };
}

static bool ptrs_get(const struct src *f, const void *p, size_t *off)
{
	if (!f->capptrs || !p)
		return false;
	for (size_t k = ptr_slot(f, p); f->ptrs[k].p; k = (k + 1) & (f->capptrs - 1))
		if (f->ptrs[k].p == p) {
			*off = f->ptrs[k].off;
			return true;
		}
	return false;
}

static size_t json_ws(const char *t, size_t i, size_t n)
{
	while (i < n && (t[i] == ' ' || t[i] == '\t' || t[i] == '\n' || t[i] == '\r'))
		i++;
	return i;
}

/* t[i] is the opening quote; returns the offset after the closing one. */
static size_t json_string_end(const char *t, size_t i, size_t n)
{
	for (i++; i < n && t[i] != '"'; i += t[i] == '\\' ? 2 : 1)
		;
	return i + 1;
}

/* Walks the text of node (which cJSON parsed from it) from offset i, recording
 * positions; returns the offset after it.  The text is valid JSON and the tree is its
 * parse, member for member in order (duplicate keys included), so the two stay in
 * step.  Depth is bounded by cJSON's nesting limit. */
static size_t walk_positions(struct src *f, const cJSON *node, size_t i)
{
	const char *t = f->text;
	size_t n = f->len;
	i = json_ws(t, i, n);
	if (i >= n || !node)
		return n;
	if (cJSON_IsString(node)) {
		ptrs_put(f, node->valuestring, i + 1);
		return json_string_end(t, i, n);
	}
	if (cJSON_IsObject(node) || cJSON_IsArray(node)) {
		bool obj = cJSON_IsObject(node);
		const cJSON *c = node->child;
		i++;
		for (;;) {
			i = json_ws(t, i, n);
			if (i >= n || t[i] == (obj ? '}' : ']') || !c)
				break;
			if (obj) {
				if (c == node->child)
					ptrs_put(f, c->string, i + 1); /* the object, by its first key */
				i = json_string_end(t, i, n);
				i = json_ws(t, i, n) + 1; /* the colon */
			}
			if (!obj && !cJSON_IsString(c) && !cJSON_IsObject(c) && !cJSON_IsArray(c))
				ptrs_put(f, c, json_ws(t, i, n)); /* a number or literal in a list */
			i = walk_positions(f, c, i);
			c = c->next;
			i = json_ws(t, i, n);
			if (i < n && t[i] == ',')
				i++;
		}
		i = json_ws(t, i, n);
		return i < n ? i + 1 : n;
	}
	while (i < n && !strchr(",]} \t\r\n", t[i]))
		i++;
	return i;
}

static void offset_to_loc(const struct src *f, size_t off, unsigned *line, unsigned *col)
{
	size_t lo = 0, hi = f->nlines;
	while (hi - lo > 1) {
		size_t mid = (lo + hi) / 2;
		if (f->lines[mid] <= off)
			lo = mid;
		else
			hi = mid;
	}
	unsigned c = 1;
	for (size_t i = f->lines[lo]; i < off; i++)
		if (((unsigned char)f->text[i] & 0xC0) != 0x80)
			c++; /* columns count characters, not UTF-8 continuation bytes */
	*line = (unsigned)lo + 1;
	*col = c;
}

bool src_offset_of(const struct src *cf, const void *p, size_t *off)
{
	struct src *f = (struct src *)cf; /* the index is a cache */
	if (!f || !f->text || !p)
		return false;
	if (!f->ptrs_built && f->root) {
		f->ptrs_built = true;
		walk_positions(f, f->root, f->skip);
	}
	return ptrs_get(f, p, off);
}

/* Where the tree's string, first key or list item p is in the text (false: p is not
 * one of them). */
static bool locate_ptr(struct src *f, const void *p, unsigned *line, unsigned *col)
{
	size_t off;
	if (f && f->text && !f->lines)
		index_lines(f);  /* src_locate's string index needs them too */
	if (!src_offset_of(f, p, &off))
		return false;
	offset_to_loc(f, off, line, col);
	return true;
}

/* Where needle is: the very string of the parsed tree when it is one (a resource's id
 * or a value of it, so each resource's message points at that resource), else where
 * it first appears as a JSON string. */
bool src_locate(const struct src *cf, const char *needle, unsigned *line, unsigned *col)
{
	struct src *f = (struct src *)cf; /* the indexes are a cache */
	*line = 1;
	*col = 1;
	if (!f || !f->text || !needle || !*needle)
		return false;
	if (locate_ptr(f, needle, line, col))
		return true;
	if (!f->indexed)
		index_strings(f);
	size_t n = strlen(needle);
	if (!f->capstrs)
		return false;
	uint64_t h = hash_bytes(needle, n);
	size_t k = h & (f->capstrs - 1);
	for (; f->strs[k].len; k = (k + 1) & (f->capstrs - 1)) {
		struct strpos *sp = &f->strs[k];
		if (sp->hash != h || sp->len != n || memcmp(f->text + sp->off, needle, n))
			continue;
		offset_to_loc(f, sp->off, line, col);
		return true;
	}
	return false;
}

const char *obj_near(const cJSON *o)
{
	if (cJSON_IsString(o))
		return o->valuestring;
	return cJSON_IsObject(o) && o->child ? o->child->string : NULL;
}

static void vmsg(struct imp *I, enum diag_severity sev, const struct src *f, const char *near,
		 const char *code, const char *fmt, va_list ap) __attribute__((format(printf, 6, 0)));
static void vmsg(struct imp *I, enum diag_severity sev, const struct src *f, const char *near,
		 const char *code, const char *fmt, va_list ap)
{
	char msg[2048];
	vsnprintf(msg, sizeof(msg), fmt, ap);
	unsigned line = 0, col = 0;
	if (f)
		src_locate(f, near, &line, &col);
	diag_add(I->diags, sev, f ? f->path : I->root, line, col, code, "%s", msg);
}

void imp_warn_item(struct imp *I, const struct src *f, const cJSON *item, const char *fmt, ...)
{
	char msg[2048];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	unsigned line = 1, col = 1;
	const char *near = obj_near(item);
	if (near)
		src_locate(f, near, &line, &col);
	else
		locate_ptr((struct src *)f, item, &line, &col);
	diag_add(I->diags, DIAG_WARNING, f->path, line, col, "import", "%s", msg);
}

void imp_warn(struct imp *I, const struct src *f, const char *near, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vmsg(I, DIAG_WARNING, f, near, "import", fmt, ap);
	va_end(ap);
}

void imp_error(struct imp *I, const struct src *f, const char *near, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vmsg(I, DIAG_ERROR, f, near, NULL, fmt, ap);
	va_end(ap);
}

/* AWS never prints a malformed id, CIDR, address, port or protocol: one means the
 * snapshot was corrupted or edited by hand.  Each is an error located at the value,
 * and the import fails: writing the value would give a topology that does not load,
 * and dropping the rule or route that holds it would change the answers (a dropped
 * deny rule reads as "reachable").  CIDRs and addresses are read with the loader's
 * parser (addr.c) and protocols with its reader, so the two accept the same strings. */
/* PREFIX then letters and digits: vpc-0abc12, tgw-attach-0abc12.  Ids are references in
 * the topology, so one of another shape could name an object of another kind, or an
 * implicit one of the loader's (vpc-1-default-sg). */
bool is_aws_id(const char *s, const char *prefix)
{
	size_t n = strlen(prefix), k = 0;
	if (!s || strncmp(s, prefix, n) != 0)
		return false;
	for (s += n; s[k]; k++)
		if (!isalnum((unsigned char)s[k]))
			return false;
	return k > 0 && k <= 64;
}

bool check_id(struct imp *I, const struct src *f, const char *what, const char *id,
	      const char *prefix)
{
	if (!id || is_aws_id(id, prefix))
		return true;
	imp_error(I, f, id, "%s '%s' is not an AWS id (%s and letters and digits)", what, id, prefix);
	return false;
}

/* ::ffff:a.b.c.d: the loader refuses it (an IPv4 address written as IPv6), so do we */
static bool v4_mapped(const struct net_addr *a, unsigned len)
{
	static const uint8_t mapped[12] = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff };
	return a->family == NET_V6 && len >= 96 && !memcmp(a->b, mapped, sizeof(mapped));
}

/* A CIDR as the loader reads it (a bare address is a /32 or /128). */
bool parse_cidr(const char *s, struct net_prefix *p)
{
	return s && net_prefix_parse(s, p, NULL) && !v4_mapped(&p->addr, p->len);
}

bool parse_addr(const char *s, struct net_addr *a)
{
	return s && net_addr_parse(s, a) && !v4_mapped(a, 128);
}

const char *family_name(int family)
{
	return family == NET_V6 ? "IPv6" : "IPv4";
}

/* s (not NULL) is a CIDR of the family (0: either); else a located error.  what names
 * the field: "vpc vpc-1: CidrBlock". */
bool check_cidr(struct imp *I, const struct src *f, const char *what, const char *s,
		int family, struct net_prefix *out)
{
	struct net_prefix p;
	if (!parse_cidr(s, &p)) {
		imp_error(I, f, s, "%s '%s' is not %s CIDR", what, s, family ? (family == NET_V6 ?
			  "an IPv6" : "an IPv4") : "a");
		return false;
	}
	if (family && p.addr.family != family) {
		imp_error(I, f, s, "%s '%s' is not an %s CIDR", what, s, family_name(family));
		return false;
	}
	if (out)
		*out = p;
	return true;
}

bool check_addr(struct imp *I, const struct src *f, const char *what, const char *s,
		int family, struct net_addr *out)
{
	struct net_addr a;
	if (!parse_addr(s, &a) || (family && a.family != family)) {
		imp_error(I, f, s, "%s '%s' is not %s address", what, s, family ? (family == NET_V6 ?
			  "an IPv6" : "an IPv4") : "an IP");
		return false;
	}
	if (out)
		*out = a;
	return true;
}

/* An IP protocol as the loader reads it: -1/all, tcp, udp, icmp, icmpv6, or 0-255. */
bool check_proto(struct imp *I, const struct src *f, const char *near, const char *what,
		 const char *proto, int *num)
{
	if (proto && topo_parse_protocol(proto, num))
		return true;
	imp_error(I, f, proto ? proto : near, "%s: protocol '%s' is not an IP protocol (AWS writes "
		  "-1, tcp, udp, icmp, icmpv6 or a number 0-255)", what, proto ? proto : "(none)");
	return false;
}

/* The ports of a rule: for TCP and UDP a range within 0-65535 (-1 to -1: all), for ICMP
 * a type and a code, each -1 (all) to 255.  lo/hi are NULL-able members of o (FromPort
 * and ToPort, or From and To).  *given says whether a port range applies. */
bool check_ports(struct imp *I, const struct src *f, const char *near, const char *what,
		 int proto, const cJSON *o, const char *lo_key, const char *hi_key,
		 long *lo, long *hi, bool *given)
{
	*given = false;
	bool has_lo = jint(o, lo_key, lo), has_hi = jint(o, hi_key, hi);
	if (jint_bad(o, lo_key) || jint_bad(o, hi_key)) {
		imp_error(I, f, near, "%s: %s/%s is not a number", what, lo_key, hi_key);
		return false;
	}
	if (proto == TOPO_PROTO_TCP || proto == TOPO_PROTO_UDP) {
		if (!has_lo && !has_hi)
			return true; /* no range: every port */
		if (has_lo && has_hi && *lo == -1 && *hi == -1)
			return true;
		if (!has_lo || !has_hi || *lo < 0 || *hi > 65535 || *lo > *hi) {
			imp_error(I, f, near, "%s: ports %s to %s are not a port range (0-65535)", what,
				  has_lo ? pool_printf(I, "%ld", *lo) : "(none)",
				  has_hi ? pool_printf(I, "%ld", *hi) : "(none)");
			return false;
		}
		*given = true;
	} else if (proto == TOPO_PROTO_ICMP || proto == TOPO_PROTO_ICMPV6) {
		/* a type and a code, not written: vpcpath matches ICMP as a whole */
		if ((has_lo && (*lo < -1 || *lo > 255)) || (has_hi && (*hi < -1 || *hi > 255))) {
			imp_error(I, f, near, "%s: ICMP type %ld and code %ld are not -1 to 255", what,
				  has_lo ? *lo : -1, has_hi ? *hi : -1);
			return false;
		}
	}
	return true;
}

/* The shape of a region name, for checking one read from the snapshot: lowercase
 * words of letters and digits joined by dashes, the last ending in a digit
 * (us-east-1, us-gov-west-1, eusc-de-east-1).  Looser than is_region_name(), which
 * tells region names in paths apart from other folder names. */
bool region_shaped(const char *s, size_t n)
{
	bool dash = false;
	if (n < 4 || n > 32 || !islower((unsigned char)s[0]) || !isdigit((unsigned char)s[n - 1]))
		return false;
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '-') {
			if (s[i + 1] == '-')
				return false;
			dash = true;
		} else if (!islower((unsigned char)s[i]) && !isdigit((unsigned char)s[i])) {
			return false;
		}
	}
	return dash;
}

/* us-east-1a, us-west-2-lax-1a, us-east-1-wl1-bos-wlz-1: a region, then a zone letter
 * or a dash and a zone's own name. */
bool is_az_name(const char *s)
{
	size_t n = strlen(s);
	for (size_t k = n; k >= 4; k--) {
		if (k == n || !region_shaped(s, k))
			continue;
		if (!islower((unsigned char)s[k]) && s[k] != '-')
			continue;
		size_t i = k;
		while (i < n && (islower((unsigned char)s[i]) || isdigit((unsigned char)s[i]) ||
				 s[i] == '-'))
			i++;
		return i == n && s[n - 1] != '-';
	}
	return false;
}

/* use1-az4, usw2-lax1-az1: lowercase letters and digits in dash-separated words. */
bool is_az_id(const char *s)
{
	size_t n = strlen(s), words = 1;
	if (n < 3 || n > 32 || s[0] == '-' || s[n - 1] == '-')
		return false;
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '-') {
			if (s[i + 1] == '-')
				return false;
			words++;
		} else if (!islower((unsigned char)s[i]) && !isdigit((unsigned char)s[i])) {
			return false;
		}
	}
	return words >= 2;
}

bool check_region(struct imp *I, const struct src *f, const char *what, const char *r)
{
	if (!r || region_shaped(r, strlen(r)))
		return true;
	imp_error(I, f, r, "%s '%s' is not an AWS region name (like us-east-1)", what, r);
	return false;
}

/* The id prefix of each kind whose ids the topology uses (topology.md). */
static const char *const rk_prefix[RK_COUNT] = {
	[RK_VPC] = "vpc-", [RK_SUBNET] = "subnet-", [RK_RTB] = "rtb-", [RK_IGW] = "igw-",
	[RK_EIGW] = "eigw-", [RK_NAT] = "nat-", [RK_EP] = "vpce-", [RK_PL] = "pl-",
	[RK_PL_OLD] = "pl-", [RK_PL_ENTRIES] = "pl-", [RK_SG] = "sg-", [RK_NACL] = "acl-",
	[RK_INST] = "i-", [RK_ENI] = "eni-", [RK_PCX] = "pcx-", [RK_TGW] = "tgw-",
	[RK_TGW_ATT] = "tgw-attach-", [RK_TGW_VPC_ATT] = "tgw-attach-",
	[RK_TGW_PEER_ATT] = "tgw-attach-", [RK_TGW_RTB] = "tgw-rtb-", [RK_TGW_ROUTES] = "tgw-rtb-",
	[RK_TGW_PROPS] = "tgw-rtb-", [RK_TGW_ASSOCS] = "tgw-rtb-", [RK_VGW] = "vgw-",
	[RK_VPN] = "vpn-", [RK_VPC_DNS] = "vpc-",
};

/* DynamoDB: 3 to 255 of letters, digits, '_', '-' and '.'. */
bool valid_table_name(const char *s)
{
	size_t n = strlen(s);
	if (n < 3 || n > 255)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!isalnum((unsigned char)s[i]) && !strchr("_-.", s[i]))
			return false;
	return true;
}

/* The id of a resource, as it is filed (a malformed one is reported, and the import
 * fails after pass 1). */
static void check_res_id(struct imp *I, enum rk k, const char *id, struct src *f)
{
	if (rk_prefix[k])
		check_id(I, f, rk_what[k], id, rk_prefix[k]);
	else if (k == RK_EIP)
		check_addr(I, f, "elastic IP", id, NET_V4, NULL);
	else if (k == RK_AZ && !is_az_name(id))
		imp_error(I, f, id, "availability zone '%s' is not an AZ name (like us-east-1a)", id);
	else if (k == RK_BUCKET && !valid_bucket_name(id))
		imp_error(I, f, id, "bucket name '%s' is not an S3 bucket name", id);
	else if (k == RK_TABLE && !valid_table_name(id))
		imp_error(I, f, id, "table name '%s' is not a DynamoDB table name", id);
}

struct res *res_add(struct imp *I, enum rk k, const char *id, const cJSON *j, struct src *f)
{
	struct reslist *l = &I->l[k];
	if (!id)
		return NULL;
	if (strcmp(id, "?") != 0) /* a policy or location whose subject comes later */
		check_res_id(I, k, id, f);
	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 16;
		l->v = xrealloc(l->v, l->cap * sizeof(*l->v));
	}
	struct res *r = &l->v[l->n++];
	memset(r, 0, sizeof(*r));
	r->id = id;
	r->j = j;
	r->f = f;
	r->seq = I->seq++;
	r->vpc = -1;
	r->keep = true;
	I->have[k] = true;
	f->kinds |= (uint64_t)1 << k;
	return r;
}

int cmp_res(const void *a, const void *b)
{
	const struct res *x = a, *y = b;
	int c = strcmp(x->id, y->id);
	if (c)
		return c;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* Sorts by id and drops later duplicates, with a warning each. */
/* Two resources of kind k with one id are one object listed twice, except for a
 * transit gateway peering attachment, which describe-transit-gateway-attachments lists
 * once on each of its two gateways with one id (F1.14). */
static bool same_object(enum rk k, const struct res *a, const struct res *b)
{
	if (k != RK_TGW_ATT)
		return true;
	const char *x = jstr(a->j, "TransitGatewayId"), *y = jstr(b->j, "TransitGatewayId");
	return !x || !y || !strcmp(x, y);
}

static bool same_tgw(const cJSON *a, const cJSON *b, const char *side)
{
	const char *x = jstr(jget(a, side), "TransitGatewayId"), *y = jstr(jget(b, side), "TransitGatewayId");
	return x && y && !strcmp(x, y);
}

static bool same_peering(const cJSON *a, const cJSON *b)
{
	return same_tgw(a, b, "RequesterTgwInfo") && same_tgw(a, b, "AccepterTgwInfo");
}

void sort_dedupe(struct imp *I, enum rk k)
{
	struct reslist *l = &I->l[k];
	if (!l->n)
		return;
	qsort(l->v, l->n, sizeof(*l->v), cmp_res);
	/* a transit gateway route table's routes, propagations and associations may come
	 * in several files (search-transit-gateway-routes and a collector's wrapper of
	 * static routes, F1.14): all are kept, and merged where they are written */
	if (k == RK_TGW_ROUTES || k == RK_TGW_PROPS || k == RK_TGW_ASSOCS)
		return;
	size_t out = 1;
	for (size_t i = 1; i < l->n; i++) {
		struct res *first = NULL;
		for (size_t m = out; m-- > 0 && !strcmp(l->v[m].id, l->v[i].id);)
			if (same_object(k, &l->v[m], &l->v[i]))
				first = &l->v[m];
		if (first) {
			unsigned line, col;
			/* one peering attachment described in the regions of both its gateways */
			if (k == RK_TGW_PEER_ATT && same_peering(first->j, l->v[i].j))
				continue;
			/* AWS's own objects seen from two accounts or folders: the same data */
			bool shared = k == RK_AZ || k == RK_PL || k == RK_PL_OLD || k == RK_PL_ENTRIES ||
				      k == RK_PROFILE || k == RK_ROLE || k == RK_BUCKET ||
				      k == RK_TABLE;
			if (shared && cJSON_Compare(first->j, l->v[i].j, 1))
				continue;
			/* a table named by list-tables and described by describe-table */
			if (k == RK_TABLE && (cJSON_IsString(first->j) || cJSON_IsString(l->v[i].j))) {
				if (cJSON_IsString(first->j))
					*first = l->v[i];
				continue;
			}
			src_locate(first->f, first->id, &line, &col);
			if (k == RK_AZ) {
				imp_warn(I, l->v[i].f, l->v[i].id, "availability zone %s is %s here and %s in %s:%u:%u: "
					 "AZ names map to different zones in different accounts; the first is kept "
					 "for subnets without an AvailabilityZoneId", l->v[i].id,
					 jstr(l->v[i].j, "ZoneId") ? jstr(l->v[i].j, "ZoneId") : "?",
					 jstr(first->j, "ZoneId") ? jstr(first->j, "ZoneId") : "?", first->f->path,
					 line, col);
				continue;
			}
			if (first->f == l->v[i].f)
				imp_warn(I, l->v[i].f, l->v[i].id, "%s %s is listed twice in this file; the first "
					 "is kept", rk_what[k], l->v[i].id);
			else
				imp_warn(I, l->v[i].f, l->v[i].id, "%s %s is listed again (first in %s:%u:%u); "
					 "the first is kept", rk_what[k], l->v[i].id, first->f->path, line, col);
			continue;
		}
		l->v[out++] = l->v[i];
	}
	l->n = out;
}

/* Binary search among the first n of a sorted list. */
struct res *res_find_n(struct imp *I, enum rk k, const char *id, size_t n)
{
	struct reslist *l = &I->l[k];
	if (!id)
		return NULL;
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		int c = strcmp(l->v[mid].id, id);
		if (!c)
			return &l->v[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

struct res *res_all(struct imp *I, enum rk k, const char *id, size_t *n)
{
	struct reslist *l = &I->l[k];
	size_t lo = 0, hi = l->n;
	*n = 0;
	if (!id || !l->n)
		return NULL; /* (l->v is NULL for a kind nothing was read of) */
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (strcmp(l->v[mid].id, id) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	size_t end = lo;
	while (end < l->n && !strcmp(l->v[end].id, id))
		end++;
	*n = end - lo;
	return l->v + lo;
}

struct res *res_find(struct imp *I, enum rk k, const char *id)
{
	return res_find_n(I, k, id, I->l[k].n);
}

struct res *res_kept(struct imp *I, enum rk k, const char *id)
{
	struct res *r = res_find(I, k, id);
	return r && r->keep ? r : NULL;
}

static int cmp_gent(const void *a, const void *b)
{
	const struct gent *x = a, *y = b;
	int c = strcmp(x->key, y->key);
	if (c)
		return c;
	return cmp_res(x->r, y->r);
}

struct group group_by(struct imp *I, enum rk k, const char *field)
{
	struct group g = { 0 };
	struct reslist *l = &I->l[k];
	g.v = xmalloc((l->n + 1) * sizeof(*g.v));
	for (size_t i = 0; i < l->n; i++) {
		const char *key = jstr(l->v[i].j, field);
		if (key)
			g.v[g.n++] = (struct gent){ key, &l->v[i] };
	}
	qsort(g.v, g.n, sizeof(*g.v), cmp_gent);
	return g;
}

/* The members of g with this key: *n of them from the returned pointer. */
struct gent *group_get(const struct group *g, const char *key, size_t *n)
{
	size_t lo = 0, hi = g->n;
	*n = 0;
	if (!key || !g->n)
		return NULL;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (strcmp(g->v[mid].key, key) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	size_t end = lo;
	while (end < g->n && !strcmp(g->v[end].key, key))
		end++;
	*n = end - lo;
	return g->v + lo;
}

bool is_region_name(const char *s, size_t n)
{
	/* us-east-1, eu-central-2, us-gov-west-1, ap-southeast-4, cn-north-1 */
	size_t i = 0;
	if (n < 6 || !islower((unsigned char)s[0]) || !islower((unsigned char)s[1]) || s[2] != '-')
		return false;
	i = 3;
	int words = 0;
	for (;;) {
		size_t start = i;
		while (i < n && islower((unsigned char)s[i]))
			i++;
		if (i == start || i >= n || s[i] != '-')
			break;
		words++;
		i++;
	}
	if (!words)
		return false;
	size_t d = i;
	while (i < n && isdigit((unsigned char)s[i]))
		i++;
	return i > d && i == n;
}

/* The region of an AZ name (us-east-1a, us-west-2-lax-1a): its longest region prefix. */
const char *az_region(struct imp *I, const char *az)
{
	if (!az)
		return NULL;
	struct res *z = res_find(I, RK_AZ, az);
	const char *r = z ? jstr(z->j, "RegionName") : NULL;
	if (r)
		return r;
	size_t n = strlen(az);
	for (size_t k = n; k >= 6; k--)
		if (is_region_name(az, k) && (k == n || islower((unsigned char)az[k]) || az[k] == '-'))
			return pool_strndup(I, az, k);
	return NULL;
}

/* Path components of f, innermost first: the file name without .json, then its folders
 * up to the snapshot directory.  Returns how many (at most max). */
size_t path_parts(struct imp *I, const struct src *f, const char **out, size_t max)
{
	size_t n = 0;
	const char *rel = f->rel;
	const char *end = rel + strlen(rel);
	if (end - rel > 5 && str_ieq(end - 5, ".json"))
		end -= 5;
	while (end > rel && n < max) {
		const char *start = end;
		while (start > rel && start[-1] != '/')
			start--;
		if (end > start)
			out[n++] = pool_strndup(I, start, (size_t)(end - start));
		end = start > rel ? start - 1 : rel;
	}
	return n;
}

/* An id with this prefix inside a path component ("pl-0abc", "tgw-rtb-0abc"). */
const char *id_in_path(struct imp *I, const struct src *f, const char *prefix)
{
	const char *parts[32];
	size_t n = path_parts(I, f, parts, 32), plen = strlen(prefix);
	for (size_t i = 0; i < n; i++) {
		for (const char *p = strstr(parts[i], prefix); p; p = strstr(p + 1, prefix)) {
			if (p > parts[i] && isalnum((unsigned char)p[-1]))
				continue;
			size_t k = plen;
			while (isalnum((unsigned char)p[k]))
				k++;
			if (k > plen)
				return pool_strndup(I, p, k);
		}
	}
	return NULL;
}

void file_region(struct imp *I, struct src *f)
{
	const char *parts[32];
	size_t n = path_parts(I, f, parts, 32);
	for (size_t i = 1; i < n; i++) /* folders only */
		if (is_region_name(parts[i], strlen(parts[i]))) {
			f->region = parts[i];
			return;
		}
}

int vpc_index(struct imp *I, const char *id)
{
	struct res *v = res_find(I, RK_VPC, id);
	return v ? (int)(v - I->l[RK_VPC].v) : -1;
}

bool addr_in_cidr(const char *cidr, const char *ip)
{
	struct net_prefix p;
	struct net_addr a;
	return parse_cidr(cidr, &p) && parse_addr(ip, &a) && net_prefix_contains(&p, &a);
}
