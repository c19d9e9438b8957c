/* import_aws.c - `vpcpath import aws`: a directory of AWS CLI JSON -> topology YAML.
 *
 * Three passes, so that every reference in the output resolves:
 *   1. read: walk the directory (sorted, recursive), parse every *.json with cJSON and
 *      file each resource under its kind by the file's top-level key (never its name);
 *      outputs that do not name their subject (get-managed-prefix-list-entries,
 *      s3api get-bucket-policy, …) take it from the path;
 *   2. decide: sort each kind by id, drop duplicates (first file wins), and decide what
 *      is kept: what AWS reports as gone (terminated, deleted, failed) is skipped, and
 *      what hangs off something that is not in the snapshot is dropped, with a warning;
 *   3. emit: write the topology (topology.md) with libyaml's emitter, every list by id.
 * A route whose target was skipped or is missing is written as AWS itself would show
 * it: state blackhole (F1.8).  Route targets vpcpath does not model (an appliance's
 * ENI, a GWLB endpoint through its ENI, a local or carrier gateway) are kept as
 * targets; the loader marks them unmodelled and a trace that meets them says
 * exits-model.
 */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <cjson/cJSON.h>
#include <yaml.h>

#include "vpcpath/addr.h"
#include "vpcpath/arena.h"
#include "vpcpath/awsdata.h"
#include "vpcpath/filter.h"
#include "vpcpath/import.h"
#include "vpcpath/policy.h"
#include "vpcpath/topo.h"
#include "vpcpath/util.h"

#define MAX_JSON_FILE (512u << 20)
#define MAX_DEPTH 24

/* ---- sources and resources ---------------------------------------------------------- */

struct src {
	char *path;          /* as opened and as shown in messages */
	char *rel;           /* relative to the snapshot directory */
	char *text;
	size_t len;
	cJSON *root;
	const char *region;  /* from a path component or the AZ file beside it; may be NULL */
	size_t order;
	/* for messages, built on the first one: where each string first appears, and
	 * where each line starts (a warning per terminated instance must not rescan a
	 * 100 MB describe-instances output) */
	struct strpos { uint32_t off, len; uint64_t hash; } *strs;
	size_t nstrs, capstrs;
	size_t *lines, nlines;
	bool indexed;
};

enum rk {
	RK_VPC, RK_SUBNET, RK_RTB, RK_IGW, RK_EIGW, RK_NAT, RK_EP, RK_PL, RK_PL_OLD,
	RK_PL_ENTRIES, RK_SG, RK_SG_RULE, RK_NACL, RK_INST, RK_ENI, RK_EIP, RK_AZ, RK_PCX,
	RK_TGW, RK_TGW_ATT, RK_TGW_VPC_ATT, RK_TGW_PEER_ATT, RK_TGW_RTB, RK_TGW_ROUTES,
	RK_TGW_PROPS, RK_TGW_ASSOCS, RK_VGW, RK_VPN, RK_BUCKET, RK_BUCKET_POLICY, RK_BUCKET_LOC,
	RK_TABLE, RK_TABLE_POLICY, RK_PROFILE, RK_VPC_DNS, RK_COUNT
};

static const char *const rk_what[RK_COUNT] = {
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
	[RK_PROFILE] = "instance profile", [RK_VPC_DNS] = "DNS attribute of vpc",
};

struct res {
	const char *id;      /* borrowed from the JSON, or a pool string */
	const cJSON *j;
	struct src *f;
	size_t seq;          /* order of arrival: the first of duplicates wins */
	bool keep;           /* decided in pass 2 */
	int vpc;             /* index into the VPC list, -1 when none */
	const char *aux;     /* kind-specific: a region, a peer, a role ARN, … */
};

struct reslist {
	struct res *v;
	size_t n, cap;
};

/* an index of a list by a key other than id (VpcId, GroupId, …) */
struct gent {
	const char *key;
	struct res *r;
};

struct group {
	struct gent *v;
	size_t n;
};

struct imp {
	const char *root;
	struct diag_list *diags;
	struct src **files;
	size_t nfiles, capfiles;
	struct reslist l[RK_COUNT];
	size_t seq;
	char **pool;         /* strings made here, freed at the end */
	size_t npool, cappool;
	cJSON **owned;       /* JSON made here (stub VPCs, parsed policies) */
	size_t nowned, capowned;
	const char *region;  /* the topology's default region */
	const char *account;
	size_t recognised;   /* files with a key that was read */
	/* by VPC (index into l[RK_VPC]) */
	struct group by_vpc[RK_COUNT];
	struct group sgrules_by_group;
	bool have[RK_COUNT]; /* some file of this kind was read */
	/* by VPC: the CIDRs it is written with, n4 IPv4 ones then n6 IPv6 ones */
	struct vnets { struct net_prefix *p; size_t n4, n6; } *nets;
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

static const char *pool_printf(struct imp *I, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static const char *pool_printf(struct imp *I, const char *fmt, ...)
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

static const char *pool_strndup(struct imp *I, const char *s, size_t n)
{
	char *c = xmalloc(n + 1);
	memcpy(c, s, n);
	c[n] = '\0';
	return pool_add(I, c);
}

static void own_json(struct imp *I, cJSON *j)
{
	if (I->nowned == I->capowned) {
		I->capowned = I->capowned ? I->capowned * 2 : 16;
		I->owned = xrealloc(I->owned, I->capowned * sizeof(*I->owned));
	}
	I->owned[I->nowned++] = j;
}

/* ---- JSON helpers --------------------------------------------------------------------- */

static const cJSON *jget(const cJSON *o, const char *k)
{
	return o && cJSON_IsObject(o) ? cJSON_GetObjectItemCaseSensitive(o, k) : NULL;
}

static const char *jstr(const cJSON *o, const char *k)
{
	const cJSON *v = jget(o, k);
	return cJSON_IsString(v) && v->valuestring && v->valuestring[0] ? v->valuestring : NULL;
}

static bool jbool(const cJSON *o, const char *k, bool dflt)
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
static bool jint(const cJSON *o, const char *k, long *out)
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

static const cJSON *jarr(const cJSON *o, const char *k)
{
	const cJSON *v = jget(o, k);
	return cJSON_IsArray(v) ? v : NULL;
}

/* The Name tag (topology.md: tags Name -> name). */
static const char *tag_name(const cJSON *o)
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
static const char *jstate(const cJSON *o)
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

static bool state_in(const char *s, const char *const *set)
{
	if (!s)
		return false;
	for (; *set; set++)
		if (str_ieq(s, *set)) /* the CLI's examples show ASSOCIATED as well as associated */
			return true;
	return false;
}

/* ---- messages ------------------------------------------------------------------------- */

static void offset_loc(const char *text, size_t off, unsigned *line, unsigned *col)
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

/* One pass over the text: every JSON string (as written, up to 512 bytes) and every
 * line start. */
static void index_src(struct src *f)
{
	size_t caplines = 1024;
	f->indexed = true;
	f->lines = xmalloc(caplines * sizeof(size_t));
	f->lines[f->nlines++] = 0;
	for (size_t i = 0; i < f->len; i++) {
		if (f->text[i] == '\n') {
			if (f->nlines == caplines)
				f->lines = xrealloc(f->lines, (caplines *= 2) * sizeof(size_t));
			f->lines[f->nlines++] = i + 1;
		} else if (f->text[i] == '"') {
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
}

/* Where "needle" (as a JSON string) first appears in the file: warnings point at the
 * resource they are about. */
static void locate(const struct src *cf, const char *needle, unsigned *line, unsigned *col)
{
	struct src *f = (struct src *)cf; /* the index is a cache */
	*line = 1;
	*col = 1;
	if (!f || !f->text || !needle || !*needle)
		return;
	if (!f->indexed)
		index_src(f);
	size_t n = strlen(needle);
	if (!f->capstrs)
		return;
	uint64_t h = hash_bytes(needle, n);
	size_t k = h & (f->capstrs - 1);
	for (; f->strs[k].len; k = (k + 1) & (f->capstrs - 1)) {
		struct strpos *sp = &f->strs[k];
		if (sp->hash != h || sp->len != n || memcmp(f->text + sp->off, needle, n))
			continue;
		size_t lo = 0, hi = f->nlines;
		while (hi - lo > 1) {
			size_t mid = (lo + hi) / 2;
			if (f->lines[mid] <= sp->off)
				lo = mid;
			else
				hi = mid;
		}
		unsigned c = 1;
		for (size_t i = f->lines[lo]; i < sp->off; i++)
			if (((unsigned char)f->text[i] & 0xC0) != 0x80)
				c++;
		*line = (unsigned)lo + 1;
		*col = c;
		return;
	}
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
		locate(f, near, &line, &col);
	diag_add(I->diags, sev, f ? f->path : I->root, line, col, code, "%s", msg);
}

static void warn(struct imp *I, const struct src *f, const char *near, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
static void warn(struct imp *I, const struct src *f, const char *near, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vmsg(I, DIAG_WARNING, f, near, "import", fmt, ap);
	va_end(ap);
}

static void error(struct imp *I, const struct src *f, const char *near, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
static void error(struct imp *I, const struct src *f, const char *near, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vmsg(I, DIAG_ERROR, f, near, NULL, fmt, ap);
	va_end(ap);
}

/* ---- checking what is copied ------------------------------------------------------------ */

/* AWS never prints a malformed id, CIDR, address, port or protocol: one means the
 * snapshot was corrupted or edited by hand.  Each is an error located at the value,
 * and the import fails: writing the value would give a topology that does not load,
 * and dropping the rule or route that holds it would change the answers (a dropped
 * deny rule reads as "reachable").  CIDRs and addresses are read with the loader's
 * parser (addr.c) and protocols with its reader, so the two accept the same strings. */

/* PREFIX then letters and digits: vpc-0abc12, tgw-attach-0abc12.  Ids are references in
 * the topology, so one of another shape could name an object of another kind, or an
 * implicit one of the loader's (vpc-1-default-sg). */
static bool is_aws_id(const char *s, const char *prefix)
{
	size_t n = strlen(prefix), k = 0;
	if (!s || strncmp(s, prefix, n) != 0)
		return false;
	for (s += n; s[k]; k++)
		if (!isalnum((unsigned char)s[k]))
			return false;
	return k > 0 && k <= 64;
}

static bool check_id(struct imp *I, const struct src *f, const char *what, const char *id,
		     const char *prefix)
{
	if (!id || is_aws_id(id, prefix))
		return true;
	error(I, f, id, "%s '%s' is not an AWS id (%s and letters and digits)", what, id, prefix);
	return false;
}

/* ::ffff:a.b.c.d: the loader refuses it (an IPv4 address written as IPv6), so do we */
static bool v4_mapped(const struct net_addr *a, unsigned len)
{
	static const uint8_t mapped[12] = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff };
	return a->family == NET_V6 && len >= 96 && !memcmp(a->b, mapped, sizeof(mapped));
}

/* A CIDR as the loader reads it (a bare address is a /32 or /128). */
static bool parse_cidr(const char *s, struct net_prefix *p)
{
	return s && net_prefix_parse(s, p, NULL) && !v4_mapped(&p->addr, p->len);
}

static bool parse_addr(const char *s, struct net_addr *a)
{
	return s && net_addr_parse(s, a) && !v4_mapped(a, 128);
}

static const char *family_name(int family)
{
	return family == NET_V6 ? "IPv6" : "IPv4";
}

/* s (not NULL) is a CIDR of the family (0: either); else a located error.  what names
 * the field: "vpc vpc-1: CidrBlock". */
static bool check_cidr(struct imp *I, const struct src *f, const char *what, const char *s,
		       int family, struct net_prefix *out)
{
	struct net_prefix p;
	if (!parse_cidr(s, &p)) {
		error(I, f, s, "%s '%s' is not %s CIDR", what, s, family ? (family == NET_V6 ?
		      "an IPv6" : "an IPv4") : "a");
		return false;
	}
	if (family && p.addr.family != family) {
		error(I, f, s, "%s '%s' is not an %s CIDR", what, s, family_name(family));
		return false;
	}
	if (out)
		*out = p;
	return true;
}

static bool check_addr(struct imp *I, const struct src *f, const char *what, const char *s,
		       int family, struct net_addr *out)
{
	struct net_addr a;
	if (!parse_addr(s, &a) || (family && a.family != family)) {
		error(I, f, s, "%s '%s' is not %s address", what, s, family ? (family == NET_V6 ?
		      "an IPv6" : "an IPv4") : "an IP");
		return false;
	}
	if (out)
		*out = a;
	return true;
}

/* An IP protocol as the loader reads it: -1/all, tcp, udp, icmp, icmpv6, or 0-255. */
static bool check_proto(struct imp *I, const struct src *f, const char *near, const char *what,
			const char *proto, int *num)
{
	if (proto && topo_parse_protocol(proto, num))
		return true;
	error(I, f, proto ? proto : near, "%s: protocol '%s' is not an IP protocol (AWS writes "
	      "-1, tcp, udp, icmp, icmpv6 or a number 0-255)", what, proto ? proto : "(none)");
	return false;
}

/* The ports of a rule: for TCP and UDP a range within 0-65535 (-1 to -1: all), for ICMP
 * a type and a code, each -1 (all) to 255.  lo/hi are NULL-able members of o (FromPort
 * and ToPort, or From and To).  *given says whether a port range applies. */
static bool check_ports(struct imp *I, const struct src *f, const char *near, const char *what,
			int proto, const cJSON *o, const char *lo_key, const char *hi_key,
			long *lo, long *hi, bool *given)
{
	*given = false;
	bool has_lo = jint(o, lo_key, lo), has_hi = jint(o, hi_key, hi);
	if (jint_bad(o, lo_key) || jint_bad(o, hi_key)) {
		error(I, f, near, "%s: %s/%s is not a number", what, lo_key, hi_key);
		return false;
	}
	if (proto == TOPO_PROTO_TCP || proto == TOPO_PROTO_UDP) {
		if (!has_lo && !has_hi)
			return true; /* no range: every port */
		if (has_lo && has_hi && *lo == -1 && *hi == -1)
			return true;
		if (!has_lo || !has_hi || *lo < 0 || *hi > 65535 || *lo > *hi) {
			error(I, f, near, "%s: ports %s to %s are not a port range (0-65535)", what,
			      has_lo ? pool_printf(I, "%ld", *lo) : "(none)",
			      has_hi ? pool_printf(I, "%ld", *hi) : "(none)");
			return false;
		}
		*given = true;
	} else if (proto == TOPO_PROTO_ICMP || proto == TOPO_PROTO_ICMPV6) {
		/* a type and a code, not written: vpcpath matches ICMP as a whole */
		if ((has_lo && (*lo < -1 || *lo > 255)) || (has_hi && (*hi < -1 || *hi > 255))) {
			error(I, f, near, "%s: ICMP type %ld and code %ld are not -1 to 255", what,
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
static bool region_shaped(const char *s, size_t n)
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
static bool is_az_name(const char *s)
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
static bool is_az_id(const char *s)
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

static bool check_region(struct imp *I, const struct src *f, const char *what, const char *r)
{
	if (!r || region_shaped(r, strlen(r)))
		return true;
	error(I, f, r, "%s '%s' is not an AWS region name (like us-east-1)", what, r);
	return false;
}

/* ---- lists ---------------------------------------------------------------------------- */

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

static bool valid_bucket_name(const char *s);

/* DynamoDB: 3 to 255 of letters, digits, '_', '-' and '.'. */
static bool valid_table_name(const char *s)
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
		error(I, f, id, "availability zone '%s' is not an AZ name (like us-east-1a)", id);
	else if (k == RK_BUCKET && !valid_bucket_name(id))
		error(I, f, id, "bucket name '%s' is not an S3 bucket name", id);
	else if (k == RK_TABLE && !valid_table_name(id))
		error(I, f, id, "table name '%s' is not a DynamoDB table name", id);
}

static struct res *add(struct imp *I, enum rk k, const char *id, const cJSON *j, struct src *f)
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
	return r;
}

static int cmp_res(const void *a, const void *b)
{
	const struct res *x = a, *y = b;
	int c = strcmp(x->id, y->id);
	if (c)
		return c;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* Sorts by id and drops later duplicates, with a warning each. */
static void sort_dedupe(struct imp *I, enum rk k)
{
	struct reslist *l = &I->l[k];
	if (!l->n)
		return;
	qsort(l->v, l->n, sizeof(*l->v), cmp_res);
	size_t out = 1;
	for (size_t i = 1; i < l->n; i++) {
		struct res *first = &l->v[out - 1];
		if (!strcmp(first->id, l->v[i].id)) {
			unsigned line, col;
			/* AWS's own objects seen from two accounts or folders: the same data */
			bool shared = k == RK_AZ || k == RK_PL || k == RK_PL_OLD || k == RK_PL_ENTRIES ||
				      k == RK_PROFILE || k == RK_BUCKET || k == RK_TABLE;
			if (shared && cJSON_Compare(first->j, l->v[i].j, 1))
				continue;
			/* a table named by list-tables and described by describe-table */
			if (k == RK_TABLE && (cJSON_IsString(first->j) || cJSON_IsString(l->v[i].j))) {
				if (cJSON_IsString(first->j))
					*first = l->v[i];
				continue;
			}
			locate(first->f, first->id, &line, &col);
			if (k == RK_AZ) {
				warn(I, l->v[i].f, l->v[i].id, "availability zone %s is %s here and %s in %s:%u:%u: "
				     "AZ names map to different zones in different accounts; the first is kept "
				     "for subnets without an AvailabilityZoneId", l->v[i].id,
				     jstr(l->v[i].j, "ZoneId") ? jstr(l->v[i].j, "ZoneId") : "?",
				     jstr(first->j, "ZoneId") ? jstr(first->j, "ZoneId") : "?", first->f->path,
				     line, col);
				continue;
			}
			if (first->f == l->v[i].f)
				warn(I, l->v[i].f, l->v[i].id, "%s %s is listed twice in this file; the first "
				     "is kept", rk_what[k], l->v[i].id);
			else
				warn(I, l->v[i].f, l->v[i].id, "%s %s is listed again (first in %s:%u:%u); "
				     "the first is kept", rk_what[k], l->v[i].id, first->f->path, line, col);
			continue;
		}
		l->v[out++] = l->v[i];
	}
	l->n = out;
}

/* Binary search among the first n of a sorted list. */
static struct res *find_n(struct imp *I, enum rk k, const char *id, size_t n)
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

static struct res *find(struct imp *I, enum rk k, const char *id)
{
	return find_n(I, k, id, I->l[k].n);
}

static struct res *kept(struct imp *I, enum rk k, const char *id)
{
	struct res *r = find(I, k, id);
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

static struct group group_by(struct imp *I, enum rk k, const char *field)
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
static struct gent *group_get(const struct group *g, const char *key, size_t *n)
{
	size_t lo = 0, hi = g->n;
	*n = 0;
	if (!key)
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

/* ---- names in paths ------------------------------------------------------------------- */

static bool is_region_name(const char *s, size_t n)
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
static const char *az_region(struct imp *I, const char *az)
{
	if (!az)
		return NULL;
	struct res *z = find(I, RK_AZ, az);
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
static size_t path_parts(struct imp *I, const struct src *f, const char **out, size_t max)
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
static const char *id_in_path(struct imp *I, const struct src *f, const char *prefix)
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

static void file_region(struct imp *I, struct src *f)
{
	const char *parts[32];
	size_t n = path_parts(I, f, parts, 32);
	for (size_t i = 1; i < n; i++) /* folders only */
		if (is_region_name(parts[i], strlen(parts[i]))) {
			f->region = parts[i];
			return;
		}
}

/* ---- pass 1: reading ------------------------------------------------------------------ */

static void add_file(struct imp *I, const char *path, const char *rel)
{
	struct src *f = xcalloc(1, sizeof(*f));
	f->path = xstrdup(path);
	f->rel = xstrdup(rel);
	f->order = I->nfiles;
	if (I->nfiles == I->capfiles) {
		I->capfiles = I->capfiles ? I->capfiles * 2 : 64;
		I->files = xrealloc(I->files, I->capfiles * sizeof(*I->files));
	}
	I->files[I->nfiles++] = f;
}

static int cmp_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void walk(struct imp *I, const char *dirpath, const char *rel, int depth)
{
	DIR *d = opendir(dirpath);
	if (!d) {
		diag_add(I->diags, DIAG_ERROR, dirpath, 0, 0, NULL, "cannot read directory: %s",
			 strerror(errno));
		return;
	}
	char **names = NULL;
	size_t n = 0, cap = 0;
	struct dirent *e;
	while ((e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue; /* ., .., and hidden files (.git, editor state) */
		if (n == cap) {
			cap = cap ? cap * 2 : 32;
			names = xrealloc(names, cap * sizeof(*names));
		}
		names[n++] = xstrdup(e->d_name);
	}
	closedir(d);
	if (n)
		qsort(names, n, sizeof(*names), cmp_name);
	for (size_t i = 0; i < n; i++) {
		size_t plen = strlen(dirpath) + strlen(names[i]) + 2;
		size_t rlen = strlen(rel) + strlen(names[i]) + 2;
		char *path = xmalloc(plen), *r = xmalloc(rlen);
		snprintf(path, plen, "%s%s%s", dirpath,
			 dirpath[strlen(dirpath) - 1] == '/' ? "" : "/", names[i]);
		snprintf(r, rlen, "%s%s%s", rel, rel[0] ? "/" : "", names[i]);
		struct stat st;
		if (stat(path, &st) != 0) {
			diag_add(I->diags, DIAG_WARNING, path, 0, 0, "import", "cannot read: %s; skipped",
				 strerror(errno));
		} else if (S_ISDIR(st.st_mode)) {
			if (depth >= MAX_DEPTH)
				diag_add(I->diags, DIAG_WARNING, path, 0, 0, "import",
					 "directories nested deeper than %d levels are not read",
					 MAX_DEPTH);
			else
				walk(I, path, r, depth + 1);
		} else if (S_ISREG(st.st_mode)) {
			size_t nl = strlen(names[i]);
			if (nl > 5 && str_ieq(names[i] + nl - 5, ".json"))
				add_file(I, path, r);
			else
				diag_add(I->diags, DIAG_WARNING, path, 0, 0, "import",
					 "not a .json file; ignored");
		}
		free(path);
		free(r);
		free(names[i]);
	}
	free(names);
}


/* Parses f; on failure reports FILE:LINE:COL from cJSON's parse end. */
static bool parse_file(struct imp *I, struct src *f)
{
	const char *err = NULL;
	f->text = read_file(f->path, MAX_JSON_FILE, &f->len, &err);
	if (!f->text) {
		diag_add(I->diags, DIAG_ERROR, f->path, 0, 0, NULL, "cannot read: %s", err);
		return false;
	}
	const unsigned char *u = (const unsigned char *)f->text;
	size_t skip = 0;
	if (f->len >= 2 && ((u[0] == 0xFF && u[1] == 0xFE) || (u[0] == 0xFE && u[1] == 0xFF))) {
		diag_add(I->diags, DIAG_ERROR, f->path, 1, 1, NULL, "the file is UTF-16 (as Windows "
			 "PowerShell's '>' writes it); save the AWS CLI output as UTF-8");
		return false;
	}
	if (f->len >= 3 && u[0] == 0xEF && u[1] == 0xBB && u[2] == 0xBF)
		skip = 3; /* a UTF-8 byte order mark */
	if (memchr(f->text, '\0', f->len)) {
		size_t off = (size_t)((const char *)memchr(f->text, '\0', f->len) - f->text);
		unsigned line, col;
		offset_loc(f->text, off, &line, &col);
		diag_add(I->diags, DIAG_ERROR, f->path, line, col, NULL,
			 "a NUL byte: this is not a JSON text file");
		return false;
	}
	size_t bad = str_utf8_invalid_at(f->text, f->len);
	if (bad < f->len) {
		/* the AWS CLI writes UTF-8, and so must the topology (libyaml refuses the rest) */
		unsigned line, col;
		offset_loc(f->text, bad, &line, &col);
		diag_add(I->diags, DIAG_ERROR, f->path, line, col, NULL, "invalid UTF-8 (byte 0x%02X): "
			 "AWS CLI output is UTF-8; was the file converted to another encoding?",
			 (unsigned char)f->text[bad]);
		return false;
	}
	size_t i = skip;
	while (i < f->len && isspace((unsigned char)f->text[i]))
		i++;
	if (i == f->len) {
		diag_add(I->diags, DIAG_ERROR, f->path, 1, 1, NULL, "empty file: expected the JSON an "
			 "AWS CLI command prints (did the command that wrote it fail?)");
		return false;
	}
	const char *end = NULL;
	f->root = cJSON_ParseWithLengthOpts(f->text + skip, f->len - skip + 1, &end, 1);
	if (!f->root) {
		size_t off = end ? (size_t)(end - f->text) : 0;
		if (off > f->len)
			off = f->len;
		unsigned line, col;
		size_t k = off;
		while (k < f->len && isspace((unsigned char)f->text[k]))
			k++;
		/* cJSON's parse end is sometimes one past the character it stopped at */
		if (k < f->len && off > skip && isspace((unsigned char)f->text[off]))
			while (off > skip && isspace((unsigned char)f->text[off]))
				off--;
		offset_loc(f->text, off, &line, &col);
		if (k >= f->len) {
			diag_add(I->diags, DIAG_ERROR, f->path, line, col, NULL,
				 "invalid JSON: the text ends early (a truncated file?)");
		} else {
			char near[24];
			size_t m = 0;
			while (m < sizeof(near) - 1 && off + m < f->len && f->text[off + m] != '\n')
				m++;
			memcpy(near, f->text + off, m);
			near[m] = '\0';
			diag_add(I->diags, DIAG_ERROR, f->path, line, col, NULL, "invalid JSON at '%s'",
				 near);
		}
		return false;
	}
	return true;
}

/* ---- classifying a file by its top-level keys ------------------------------------------ */

static void add_array(struct imp *I, struct src *f, const cJSON *arr, enum rk k,
		      const char *idkey)
{
	const cJSON *it;
	if (cJSON_IsObject(arr)) {
		/* one object where the CLI prints a list of them */
		if (!add(I, k, jstr(arr, idkey), arr, f))
			warn(I, f, idkey, "an item of %s without %s; skipped", rk_what[k], idkey);
		return;
	}
	cJSON_ArrayForEach(it, arr)
	{
		const char *id = jstr(it, idkey);
		if (!id) {
			if (cJSON_IsObject(it))
				warn(I, f, idkey, "an item of %s without %s; skipped", rk_what[k], idkey);
			continue;
		}
		add(I, k, id, it, f);
	}
}

/* Output of a command that does not name its subject: the subject from a key of the
 * document, else from the path. */
static const char *subject(struct imp *I, struct src *f, const char *key, const char *prefix)
{
	const char *s = jstr(f->root, key);
	return s ? s : id_in_path(I, f, prefix);
}

static void read_prefix_lists(struct imp *I, struct src *f, const cJSON *arr)
{
	const cJSON *it;
	cJSON_ArrayForEach(it, arr)
	{
		const char *id = jstr(it, "PrefixListId");
		if (!id)
			continue;
		/* describe-prefix-lists (Cidrs) and describe-managed-prefix-lists (AddressFamily,
		 * OwnerId) share the key PrefixLists */
		if (jget(it, "Cidrs") || !jget(it, "AddressFamily"))
			add(I, RK_PL_OLD, id, it, f);
		else
			add(I, RK_PL, id, it, f);
	}
}

static void read_reservations(struct imp *I, struct src *f, const cJSON *arr)
{
	const cJSON *r;
	cJSON_ArrayForEach(r, arr)
	{
		const cJSON *in;
		const char *owner = jstr(r, "OwnerId");
		cJSON_ArrayForEach(in, jarr(r, "Instances"))
		{
			struct res *x = add(I, RK_INST, jstr(in, "InstanceId"), in, f);
			if (x)
				x->aux = owner;
		}
	}
}

/* A resource policy: a JSON string (s3api get-bucket-policy, dynamodb
 * get-resource-policy) or the document itself. */
static void read_policy(struct imp *I, struct src *f, const cJSON *pol)
{
	cJSON *doc = NULL;
	const cJSON *use = pol;
	if (cJSON_IsString(pol)) {
		const char *end = NULL;
		doc = cJSON_ParseWithOpts(pol->valuestring, &end, 1);
		if (!doc) {
			unsigned line, col;
			locate(f, "Policy", &line, &col);
			diag_add(I->diags, DIAG_ERROR, f->path, line, col, NULL,
				 "the Policy string is not valid JSON (at offset %zu of the policy)",
				 end ? (size_t)(end - pol->valuestring) : 0);
			return;
		}
		own_json(I, doc);
		use = doc;
	}
	if (!cJSON_IsObject(use)) {
		warn(I, f, "Policy", "Policy is not a policy document; skipped");
		return;
	}
	/* which service: DynamoDB's get-resource-policy carries a RevisionId, and its ARNs
	 * are arn:aws:dynamodb */
	const char *text = cJSON_IsString(pol) ? pol->valuestring : NULL;
	char *printed = text ? NULL : cJSON_PrintUnformatted(use);
	const char *t = text ? text : printed;
	bool dynamo = jget(f->root, "RevisionId") ||
		      (t && strstr(t, "arn:aws:dynamodb:") && !strstr(t, "arn:aws:s3:::"));
	free(printed);
	/* the subject ("?" for now) is found in pass 2, when the bucket and table names are
	 * known */
	add(I, dynamo ? RK_TABLE_POLICY : RK_BUCKET_POLICY, "?", use, f);
}

struct keyh {
	const char *key;
	enum rk kind;
	const char *idkey; /* NULL: a special reader */
};

static const struct keyh key_handlers[] = {
	{ "Vpcs", RK_VPC, "VpcId" },
	{ "Subnets", RK_SUBNET, "SubnetId" },
	{ "RouteTables", RK_RTB, "RouteTableId" },
	{ "InternetGateways", RK_IGW, "InternetGatewayId" },
	{ "EgressOnlyInternetGateways", RK_EIGW, "EgressOnlyInternetGatewayId" },
	{ "NatGateways", RK_NAT, "NatGatewayId" },
	{ "VpcEndpoints", RK_EP, "VpcEndpointId" },
	{ "PrefixLists", RK_PL, NULL },
	{ "ManagedPrefixLists", RK_PL, NULL },
	{ "Entries", RK_PL_ENTRIES, NULL },
	{ "PrefixListEntries", RK_PL_ENTRIES, NULL },
	{ "SecurityGroups", RK_SG, "GroupId" },
	{ "SecurityGroupRules", RK_SG_RULE, "SecurityGroupRuleId" },
	{ "NetworkAcls", RK_NACL, "NetworkAclId" },
	{ "Reservations", RK_INST, NULL },
	{ "Instances", RK_INST, "InstanceId" },
	{ "NetworkInterfaces", RK_ENI, "NetworkInterfaceId" },
	{ "Addresses", RK_EIP, "PublicIp" },
	{ "AvailabilityZones", RK_AZ, "ZoneName" },
	{ "VpcPeeringConnections", RK_PCX, "VpcPeeringConnectionId" },
	{ "TransitGateways", RK_TGW, "TransitGatewayId" },
	{ "TransitGatewayAttachments", RK_TGW_ATT, "TransitGatewayAttachmentId" },
	{ "TransitGatewayVpcAttachments", RK_TGW_VPC_ATT, "TransitGatewayAttachmentId" },
	{ "TransitGatewayPeeringAttachments", RK_TGW_PEER_ATT, "TransitGatewayAttachmentId" },
	{ "TransitGatewayRouteTables", RK_TGW_RTB, "TransitGatewayRouteTableId" },
	{ "Routes", RK_TGW_ROUTES, NULL },
	{ "TransitGatewayRouteTablePropagations", RK_TGW_PROPS, NULL },
	{ "Associations", RK_TGW_ASSOCS, NULL },
	{ "VpnGateways", RK_VGW, "VpnGatewayId" },
	{ "VpnConnections", RK_VPN, "VpnConnectionId" },
	{ "Buckets", RK_BUCKET, "Name" },
	{ "Policy", RK_BUCKET_POLICY, NULL },
	{ "Statement", RK_BUCKET_POLICY, NULL },
	{ "LocationConstraint", RK_BUCKET_LOC, NULL },
	{ "Table", RK_TABLE, NULL },
	{ "TableNames", RK_TABLE, NULL },
	{ "InstanceProfiles", RK_PROFILE, "Arn" },
	{ "InstanceProfile", RK_PROFILE, NULL },
	{ "EnableDnsSupport", RK_VPC_DNS, NULL },
};

/* AWS CLI outputs that carry nothing a trace needs: read without a word. */
static const char *const quiet_keys[] = {
	"NextToken", "Owner", "RevisionId", "AdditionalRoutesAvailable", "ResponseMetadata",
	"Marker", "IsTruncated", "ContinuationToken", "Prefix", "VpcId", "PrefixListId",
	"TransitGatewayRouteTableId", "Bucket", "Version", "Id", "EnableDnsHostnames", NULL
};

static bool read_key(struct imp *I, struct src *f, const struct keyh *h, const cJSON *v)
{
	switch (h->kind) {
	case RK_PL:
		if (!cJSON_IsArray(v))
			return false;
		read_prefix_lists(I, f, v);
		return true;
	case RK_PL_ENTRIES: {
		if (!cJSON_IsArray(v))
			return false;
		const char *pl = subject(I, f, "PrefixListId", "pl-");
		if (!pl) {
			warn(I, f, h->key, "prefix list entries without a prefix list id (expected a pl-… "
			     "id in the file or folder name, e.g. prefix-list-entries/pl-0abc.json); "
			     "skipped");
			return true;
		}
		add(I, RK_PL_ENTRIES, pl, v, f);
		return true;
	}
	case RK_INST:
		if (!cJSON_IsArray(v))
			return false;
		if (!h->idkey)
			read_reservations(I, f, v);
		else
			add_array(I, f, v, RK_INST, "InstanceId");
		return true;
	case RK_TGW_ROUTES:
	case RK_TGW_PROPS:
	case RK_TGW_ASSOCS: {
		if (!cJSON_IsArray(v))
			return false;
		const char *rtb = subject(I, f, "TransitGatewayRouteTableId", "tgw-rtb-");
		if (!rtb) {
			warn(I, f, h->key, "%s without a transit gateway route table id (expected a "
			     "tgw-rtb-… id in the file or folder name); skipped", h->key);
			return true;
		}
		add(I, h->kind, rtb, v, f);
		return true;
	}
	case RK_BUCKET_POLICY:
		read_policy(I, f, !strcmp(h->key, "Statement") ? f->root : v);
		return true;
	case RK_BUCKET_LOC:
		add(I, RK_BUCKET_LOC, "?", v, f);
		return true;
	case RK_TABLE:
		if (!strcmp(h->key, "Table")) {
			add(I, RK_TABLE, jstr(v, "TableName"), v, f);
		} else {
			const cJSON *it;
			cJSON_ArrayForEach(it, v)
				if (cJSON_IsString(it))
					add(I, RK_TABLE, it->valuestring, it, f);
		}
		return true;
	case RK_PROFILE:
		if (!h->idkey)
			add(I, RK_PROFILE, jstr(v, "Arn"), v, f);
		else
			add_array(I, f, v, RK_PROFILE, "Arn");
		return true;
	case RK_VPC_DNS: {
		const char *vpc = subject(I, f, "VpcId", "vpc-");
		if (!vpc)
			warn(I, f, h->key, "EnableDnsSupport without a VpcId; skipped");
		else
			add(I, RK_VPC_DNS, vpc, v, f);
		return true;
	}
	default:
		if (!cJSON_IsArray(v) && !(cJSON_IsObject(v) && jstr(v, h->idkey)))
			return false;
		add_array(I, f, v, h->kind, h->idkey);
		return true;
	}
}

static void classify(struct imp *I, struct src *f)
{
	const cJSON *root = f->root;
	if (!cJSON_IsObject(root)) {
		error(I, f, NULL, "not AWS CLI output: the top level is %s, not an object such as "
		      "{\"Vpcs\": [...]}%s", cJSON_IsArray(root) ? "an array" :
		      cJSON_IsString(root) ? "a string" : cJSON_IsNumber(root) ? "a number" :
		      "a literal", cJSON_IsArray(root) ? " (was the output cut down with --query? "
		      "import reads it whole)" : "");
		return;
	}
	bool any = false, tried = false, lower = false, cfn = false;
	const cJSON *k;
	cJSON_ArrayForEach(k, root)
	{
		if (!k->string || !isupper((unsigned char)k->string[0]))
			lower = true;
		if (!strcmp(k->string, "AWSTemplateFormatVersion") ||
		    (!strcmp(k->string, "Resources") && cJSON_IsObject(k)))
			cfn = true;
	}
	if (lower || cfn || !root->child) {
		char keys[256] = "";
		size_t n = 0;
		cJSON_ArrayForEach(k, root)
		{
			if (n + strlen(k->string) + 4 >= sizeof(keys))
				break;
			n += (size_t)snprintf(keys + n, sizeof(keys) - n, "%s\"%s\"", n ? ", " : "",
					      k->string);
		}
		unsigned line = 1, col = 1;
		if (root->child)
			locate(f, root->child->string, &line, &col);
		diag_add(I->diags, DIAG_ERROR, f->path, line, col, NULL,
			 "not AWS CLI output%s (top-level keys: %s); expected the JSON an AWS CLI "
			 "command prints, such as aws ec2 describe-vpcs: {\"Vpcs\": [...]}",
			 cfn ? " but a CloudFormation template" : "", n ? keys : "none");
		return;
	}
	for (size_t i = 0; i < sizeof(key_handlers) / sizeof(key_handlers[0]); i++) {
		const cJSON *v = jget(root, key_handlers[i].key);
		if (!v)
			continue;
		/* s3api get-bucket-policy's {"Policy": "..."} vs a policy document's Version */
		if (!strcmp(key_handlers[i].key, "Statement") && jget(root, "Policy"))
			continue;
		if (!strcmp(key_handlers[i].key, "EnableDnsSupport") && !cJSON_IsObject(v))
			continue;
		tried = true;
		if (read_key(I, f, &key_handlers[i], v))
			any = true;
		else
			warn(I, f, key_handlers[i].key, "%s has an unexpected shape (%s); ignored",
			     key_handlers[i].key, cJSON_IsObject(v) ? "an object" : "not a list");
	}
	if (any)
		I->recognised++;
	if (tried)
		return;
	cJSON_ArrayForEach(k, root)
	{
		bool q = false;
		for (size_t i = 0; quiet_keys[i]; i++)
			if (!strcmp(k->string, quiet_keys[i]))
				q = true;
		if (!q) {
			warn(I, f, k->string, "\"%s\" is AWS CLI output that vpcpath does not use; "
			     "ignored", k->string);
			return;
		}
	}
}

/* ---- pass 2: subjects from paths ------------------------------------------------------ */

static bool valid_bucket_name(const char *s)
{
	size_t n = strlen(s);
	if (n < 3 || n > 63 || !isalnum((unsigned char)s[0]) || !isalnum((unsigned char)s[n - 1]))
		return false;
	for (size_t i = 0; i < n; i++)
		if (!(islower((unsigned char)s[i]) || isdigit((unsigned char)s[i]) || s[i] == '-' ||
		      s[i] == '.'))
			return false;
	/* a directory bucket (S3 Express) is BASE--AZID--x-s3 (F4.1), read as the loader
	 * reads it: the last "--" before the suffix starts a zone id that is not empty */
	if (str_has_suffix(s, "--x-s3")) {
		size_t m = n - strlen("--x-s3");
		for (size_t k = m; k-- > 1;)
			if (s[k] == '-' && s[k - 1] == '-')
				return k + 1 < m;
		return false;
	}
	return true;
}

/* A path component that may be a bucket or table name (not a folder's usual name). */
static bool plausible_name(const char *s)
{
	static const char *const generic[] = {
		"policy", "policies", "bucket-policy", "bucket-policies", "bucketpolicy",
		"get-bucket-policy", "resource-policy", "resource-policies", "s3", "s3api",
		"global", "buckets", "dynamodb", "tables", "table-policies", "snapshot", "aws",
		"location", "bucket-locations", "get-bucket-location", "data", NULL
	};
	if (!valid_bucket_name(s) || is_region_name(s, strlen(s)))
		return false;
	size_t digits = 0;
	for (const char *c = s; *c; c++)
		digits += isdigit((unsigned char)*c) != 0;
	if (digits == strlen(s))
		return false; /* an account id */
	for (size_t i = 0; generic[i]; i++)
		if (!strcmp(s, generic[i]))
			return false;
	return true;
}

/* Names of the buckets (or tables) a policy's Resource ARNs name. */
static size_t policy_resources(struct imp *I, const cJSON *doc, bool table, const char **out,
			       size_t max)
{
	size_t n = 0;
	const cJSON *st;
	const cJSON *stmts = jget(doc, "Statement");
	const cJSON *one = cJSON_IsObject(stmts) ? stmts : NULL;
	for (st = one ? one : (cJSON_IsArray(stmts) ? stmts->child : NULL); st;
	     st = one ? NULL : st->next) {
		const cJSON *res = jget(st, "Resource");
		const cJSON *r = cJSON_IsArray(res) ? res->child : res;
		for (; r; r = cJSON_IsArray(res) ? r->next : NULL) {
			if (!cJSON_IsString(r))
				continue;
			const char *arn = r->valuestring, *name = NULL;
			size_t len = 0;
			if (!table && str_has_prefix(arn, "arn:aws:s3:::")) {
				name = arn + strlen("arn:aws:s3:::");
				len = strcspn(name, "/");
			} else if (table && str_has_prefix(arn, "arn:aws:dynamodb:")) {
				const char *t = strstr(arn, ":table/");
				if (t) {
					name = t + strlen(":table/");
					len = strcspn(name, "/");
				}
			}
			if (!name || !len || memchr(name, '*', len) || memchr(name, '?', len))
				continue;
			const char *s = pool_strndup(I, name, len);
			bool seen = false;
			for (size_t i = 0; i < n; i++)
				if (!strcmp(out[i], s))
					seen = true;
			if (!seen && n < max)
				out[n++] = s;
		}
	}
	return n;
}

/* The bucket or table a policy or location file is about: a known name in the path,
 * else a path component the policy's ARNs confirm, else the one name the ARNs give,
 * else a path component that looks like a name. */
static const char *policy_subject(struct imp *I, struct res *r, bool table, bool policy)
{
	const char *parts[32], *named[16];
	size_t np = path_parts(I, r->f, parts, 32);
	enum rk names = table ? RK_TABLE : RK_BUCKET;
	for (size_t i = 0; i < np; i++)
		if (find(I, names, parts[i]))
			return parts[i];
	size_t nn = policy ? policy_resources(I, r->j, table, named, 16) : 0;
	for (size_t i = 0; i < np; i++)
		for (size_t k = 0; k < nn; k++)
			if (!strcmp(parts[i], named[k]))
				return parts[i];
	if (nn == 1)
		return named[0];
	if (nn == 0) {
		if (np >= 1 && plausible_name(parts[0]))
			return parts[0];
		if (np >= 2 && plausible_name(parts[1]))
			return parts[1];
	}
	return NULL;
}

static void resolve_subjects(struct imp *I, enum rk k, bool table, bool policy)
{
	struct reslist *l = &I->l[k];
	size_t out = 0;
	for (size_t i = 0; i < l->n; i++) {
		struct res *r = &l->v[i];
		const char *s = policy_subject(I, r, table, policy);
		if (!s) {
			warn(I, r->f, policy ? "Policy" : "LocationConstraint",
			     "cannot tell which %s this %s is for (name the file or its folder after "
			     "it, e.g. %s/NAME.json); skipped", table ? "table" : "bucket",
			     policy ? "policy" : "location",
			     policy ? (table ? "table-policies" : "bucket-policies") : "bucket-locations");
			continue;
		}
		if (table ? !valid_table_name(s) : !valid_bucket_name(s)) {
			/* a name from the policy's ARNs: it becomes the subject's name */
			error(I, r->f, policy ? "Policy" : "LocationConstraint", "this %s is for '%s', "
			      "which is not a%s name", policy ? "policy" : "location", s,
			      table ? " DynamoDB table" : "n S3 bucket");
			continue;
		}
		r->id = s;
		l->v[out++] = *r;
	}
	l->n = out;
}

/* ---- pass 2: deciding what is kept ---------------------------------------------------- */

static int vpc_index(struct imp *I, const char *id)
{
	struct res *v = find(I, RK_VPC, id);
	return v ? (int)(v - I->l[RK_VPC].v) : -1;
}

static bool addr_in_cidr(const char *cidr, const char *ip)
{
	struct net_prefix p;
	struct net_addr a;
	return parse_cidr(cidr, &p) && parse_addr(ip, &a) && net_prefix_contains(&p, &a);
}

/* Each VPC-scoped kind: the VPC by VpcId; items of VPCs not in the snapshot are dropped
 * with one warning per VPC and kind. */
static void scope_to_vpcs(struct imp *I, enum rk k)
{
	I->by_vpc[k] = group_by(I, k, "VpcId");
	struct group *g = &I->by_vpc[k];
	for (size_t i = 0; i < g->n;) {
		size_t j = i;
		while (j < g->n && !strcmp(g->v[j].key, g->v[i].key))
			j++;
		int v = vpc_index(I, g->v[i].key);
		for (size_t m = i; m < j; m++) {
			g->v[m].r->vpc = v;
			if (v < 0)
				g->v[m].r->keep = false;
		}
		if (v < 0)
			warn(I, g->v[i].r->f, g->v[i].r->id, "%s is not in the snapshot (no describe-vpcs "
			     "output lists it): %zu %s%s of it skipped", g->v[i].key, j - i, rk_what[k],
			     j - i == 1 ? "" : "s");
		i = j;
	}
	/* an item without a VpcId */
	struct reslist *l = &I->l[k];
	for (size_t i = 0; i < l->n; i++)
		if (!jstr(l->v[i].j, "VpcId") && k != RK_INST) {
			l->v[i].keep = false;
			warn(I, l->v[i].f, l->v[i].id, "%s %s has no VpcId; skipped", rk_what[k],
			     l->v[i].id);
		}
}

/* Peering connections to VPCs outside the snapshot (another account or region): the
 * peer is added with the CIDRs the peering reports, so the peering still resolves. */
static void peer_stubs(struct imp *I)
{
	static const char *const gone[] = { "deleted", "failed", "rejected", "expired",
					    "deleting", NULL };
	struct reslist *l = &I->l[RK_PCX];
	size_t nvpc_before = I->l[RK_VPC].n;
	for (size_t i = 0; i < l->n; i++) {
		struct res *p = &l->v[i];
		const char *st = jstate(p->j);
		if (state_in(st, gone)) {
			p->keep = false;
			warn(I, p->f, p->id, "peering connection %s is %s; skipped (routes to it become "
			     "blackholes)", p->id, st);
			continue;
		}
		static const char *const sides[] = { "RequesterVpcInfo", "AccepterVpcInfo" };
		for (int s = 0; s < 2; s++) {
			const cJSON *info = jget(p->j, sides[s]);
			const char *vid = jstr(info, "VpcId");
			if (!vid) {
				p->keep = false;
				warn(I, p->f, p->id, "peering connection %s has no %s.VpcId; skipped", p->id,
				     sides[s]);
				break;
			}
			if (find_n(I, RK_VPC, vid, nvpc_before))
				continue; /* (the stubs appended so far are not sorted yet) */
			bool stubbed = false;
			for (size_t k = nvpc_before; k < I->l[RK_VPC].n; k++)
				if (!strcmp(I->l[RK_VPC].v[k].id, vid))
					stubbed = true;
			if (stubbed)
				continue;
			cJSON *stub = cJSON_CreateObject();
			own_json(I, stub);
			cJSON_AddStringToObject(stub, "VpcId", vid);
			cJSON *set = cJSON_AddArrayToObject(stub, "CidrBlockAssociationSet");
			/* every CIDR is copied; vpc_nets() checks them, located in this file */
			const cJSON *c;
			cJSON_ArrayForEach(c, jarr(info, "CidrBlockSet"))
				if (jstr(c, "CidrBlock")) {
					cJSON *a = cJSON_CreateObject();
					cJSON_AddStringToObject(a, "CidrBlock", jstr(c, "CidrBlock"));
					cJSON_AddItemToArray(set, a);
				}
			if (!cJSON_GetArraySize(set) && jstr(info, "CidrBlock")) {
				cJSON *a = cJSON_CreateObject();
				cJSON_AddStringToObject(a, "CidrBlock", jstr(info, "CidrBlock"));
				cJSON_AddItemToArray(set, a);
			}
			cJSON *set6 = cJSON_AddArrayToObject(stub, "Ipv6CidrBlockAssociationSet");
			cJSON_ArrayForEach(c, jarr(info, "Ipv6CidrBlockSet"))
				if (jstr(c, "Ipv6CidrBlock")) {
					cJSON *a = cJSON_CreateObject();
					cJSON_AddStringToObject(a, "Ipv6CidrBlock", jstr(c, "Ipv6CidrBlock"));
					cJSON_AddItemToArray(set6, a);
				}
			if (!cJSON_GetArraySize(set) && !cJSON_GetArraySize(set6)) {
				p->keep = false;
				warn(I, p->f, p->id, "peering connection %s: peer %s is not in the snapshot "
				     "and the peering does not give its CIDRs; skipped", p->id, vid);
				break;
			}
			if (jstr(info, "OwnerId"))
				cJSON_AddStringToObject(stub, "OwnerId", jstr(info, "OwnerId"));
			cJSON_AddBoolToObject(stub, "vpcpath:stub", true);
			struct res *v = add(I, RK_VPC, cJSON_GetObjectItem(stub, "VpcId")->valuestring,
					    stub, p->f);
			v->aux = jstr(info, "Region");
			if (!check_region(I, p->f, "peering region", v->aux))
				v->aux = NULL;
			warn(I, p->f, vid, "%s (peer of %s, %s) is not in the snapshot; it is added with "
			     "the CIDRs the peering reports and nothing else", vid, p->id,
			     jstr(info, "OwnerId") ? jstr(info, "OwnerId") : "another account");
		}
	}
	if (I->l[RK_VPC].n != nvpc_before)
		qsort(I->l[RK_VPC].v, I->l[RK_VPC].n, sizeof(struct res), cmp_res);
}

static bool aws_service(const char *name, const char **svc, const char **region, struct imp *I);

static const char *most_common(const char **v, size_t n)
{
	const char *best = NULL;
	size_t best_n = 0;
	for (size_t i = 0; i < n; i++) {
		if (!v[i])
			continue;
		size_t c = 0;
		for (size_t k = 0; k < n; k++)
			c += v[k] && !strcmp(v[k], v[i]);
		if (c > best_n || (c == best_n && strcmp(v[i], best) < 0)) {
			best = v[i];
			best_n = c;
		}
	}
	return best;
}

/* describe-availability-zones: the zone ids are written (availability_zones) and the
 * regions decide the topology's. */
static void check_azs(struct imp *I)
{
	for (size_t i = 0; i < I->l[RK_AZ].n; i++) {
		struct res *z = &I->l[RK_AZ].v[i];
		const char *id = jstr(z->j, "ZoneId"), *r = jstr(z->j, "RegionName");
		if (id && !is_az_id(id))
			error(I, z->f, id, "availability zone %s: ZoneId '%s' is not an AZ id (like "
			      "use1-az4)", z->id, id);
		check_region(I, z->f, pool_printf(I, "availability zone %s: RegionName", z->id), r);
	}
}

static void decide_regions(struct imp *I)
{
	/* a file's region: a folder named after one, else the AZ file beside it */
	for (size_t i = 0; i < I->nfiles; i++)
		file_region(I, I->files[i]);
	for (size_t i = 0; i < I->nfiles; i++) {
		struct src *f = I->files[i];
		if (f->region)
			continue;
		const char *slash = strrchr(f->rel, '/');
		size_t dlen = slash ? (size_t)(slash - f->rel) : 0;
		for (size_t k = 0; k < I->l[RK_AZ].n && !f->region; k++) {
			struct src *z = I->l[RK_AZ].v[k].f;
			const char *zs = strrchr(z->rel, '/');
			size_t zlen = zs ? (size_t)(zs - z->rel) : 0;
			if (zlen == dlen && !strncmp(z->rel, f->rel, dlen))
				f->region = jstr(I->l[RK_AZ].v[k].j, "RegionName");
		}
	}
	struct reslist *vl = &I->l[RK_VPC];
	const char **regions = xcalloc(vl->n + I->nfiles + 1, sizeof(char *));
	for (size_t i = 0; i < vl->n; i++) {
		struct res *v = &vl->v[i];
		if (!v->aux) {
			size_t n;
			struct gent *s = group_get(&I->by_vpc[RK_SUBNET], v->id, &n);
			for (size_t k = 0; k < n && !v->aux; k++)
				v->aux = az_region(I, jstr(s[k].r->j, "AvailabilityZone"));
		}
		if (!v->aux) {
			size_t n;
			struct gent *e = group_get(&I->by_vpc[RK_EP], v->id, &n);
			const char *svc;
			for (size_t k = 0; k < n && !v->aux; k++)
				if (!aws_service(jstr(e[k].r->j, "ServiceName"), &svc, &v->aux, I))
					v->aux = NULL;
		}
		if (!v->aux)
			v->aux = v->f->region;
		regions[i] = v->aux;
	}
	I->region = most_common(regions, vl->n);
	if (!I->region) {
		for (size_t i = 0; i < I->nfiles; i++)
			regions[i] = I->files[i]->region;
		I->region = most_common(regions, I->nfiles);
	}
	free(regions);
	if (!I->region) {
		I->region = "us-east-1";
		warn(I, NULL, NULL, "no region found in the snapshot (no folder named after one, no "
		     "availability zones); assuming us-east-1");
	}
	const char **owners = xcalloc(vl->n + 1, sizeof(char *));
	for (size_t i = 0; i < vl->n; i++)
		if (!jget(vl->v[i].j, "vpcpath:stub"))
			owners[i] = jstr(vl->v[i].j, "OwnerId");
	I->account = most_common(owners, vl->n);
	free(owners);
}

/* IGW, EIGW, VGW: attached to one VPC of the snapshot, one of each per VPC. */
static void decide_gateways(struct imp *I, enum rk k, const char *att_key)
{
	static const char *const attached[] = { "available", "attached", NULL };
	struct reslist *l = &I->l[k];
	int *taken = xcalloc(I->l[RK_VPC].n + 1, sizeof(int));
	for (size_t i = 0; i < l->n; i++) {
		struct res *g = &l->v[i];
		g->keep = false;
		const char *st = jstate(g->j);
		if (k == RK_VGW && state_in(st, (const char *const[]){ "deleted", "deleting", NULL }))
			continue;
		const cJSON *a;
		cJSON_ArrayForEach(a, jarr(g->j, att_key))
		{
			if (!state_in(jstate(a), attached))
				continue;
			int v = vpc_index(I, jstr(a, "VpcId"));
			if (v < 0)
				continue;
			if (taken[v]) {
				warn(I, g->f, g->id, "%s %s: %s already has one; skipped", rk_what[k], g->id,
				     jstr(a, "VpcId"));
				continue;
			}
			taken[v] = 1;
			g->vpc = v;
			g->keep = true;
			break;
		}
	}
	free(taken);
}

static struct res *vpc_gateway(struct imp *I, enum rk k, int vpc)
{
	struct reslist *l = &I->l[k];
	for (size_t i = 0; i < l->n; i++)
		if (l->v[i].keep && l->v[i].vpc == vpc)
			return &l->v[i];
	return NULL;
}

static const char *subnet_cidr(struct res *s)
{
	return jstr(s->j, "CidrBlock");
}

static const char *const assoc_ok[] = { "associated", "associating", NULL };

/* An item of a CIDR association set in effect: associated, associating, or without a
 * state. */
static bool assoc_current(const cJSON *a, const char *state_obj)
{
	const char *st = jstr(jget(a, state_obj), "State");
	return !st || state_in(st, assoc_ok);
}

static const char *subnet_ipv6(struct res *s)
{
	const cJSON *a;
	cJSON_ArrayForEach(a, jarr(s->j, "Ipv6CidrBlockAssociationSet"))
		if (assoc_current(a, "Ipv6CidrBlockState") && jstr(a, "Ipv6CidrBlock"))
			return jstr(a, "Ipv6CidrBlock");
	return NULL;
}

/* The IPv6 CIDR a kept subnet is written with (decide_subnets), or NULL. */
static const char *subnet_ipv6_out(const struct res *s)
{
	return s ? s->aux : NULL;
}

static bool account_id(const char *s)
{
	size_t n = 0;
	while (isdigit((unsigned char)s[n]))
		n++;
	return n == 12 && !s[n];
}

/* The CIDRs each VPC is written with (emit_cidr_list writes the same): the current
 * items of its association sets, else its CidrBlock.  Every one is checked; a VPC
 * without any is an error, as AWS gives every VPC a primary IPv4 CIDR. */
static void vpc_nets(struct imp *I)
{
	static const struct { const char *set, *field, *state; } sets[2] = {
		{ "CidrBlockAssociationSet", "CidrBlock", "CidrBlockState" },
		{ "Ipv6CidrBlockAssociationSet", "Ipv6CidrBlock", "Ipv6CidrBlockState" },
	};
	struct reslist *vl = &I->l[RK_VPC];
	I->nets = xcalloc(vl->n + 1, sizeof(*I->nets));
	for (size_t i = 0; i < vl->n; i++) {
		struct res *v = &vl->v[i];
		struct vnets *nv = &I->nets[i];
		bool stub = jget(v->j, "vpcpath:stub") != NULL, bad = false;
		const char *owner = jstr(v->j, "OwnerId");
		size_t cap = 2 + (size_t)cJSON_GetArraySize(jarr(v->j, sets[0].set)) +
			     (size_t)cJSON_GetArraySize(jarr(v->j, sets[1].set));
		nv->p = xcalloc(cap, sizeof(*nv->p));
		if (!stub && owner && !account_id(owner))
			error(I, v->f, owner, "vpc %s: OwnerId '%s' is not an AWS account id (12 digits)",
			      v->id, owner);
		for (int six = 0; six < 2; six++) {
			const char *what = pool_printf(I, "%svpc %s: %s", stub ? "peer " : "", v->id,
						       sets[six].field);
			size_t listed = 0;
			const cJSON *a;
			cJSON_ArrayForEach(a, jarr(v->j, sets[six].set))
			{
				const char *c = jstr(a, sets[six].field);
				if (!c || !assoc_current(a, sets[six].state))
					continue;
				listed++;
				if (check_cidr(I, v->f, what, c, six ? NET_V6 : NET_V4,
					       &nv->p[nv->n4 + nv->n6]))
					*(six ? &nv->n6 : &nv->n4) += 1;
				else
					bad = true;
			}
			const char *c = jstr(v->j, "CidrBlock");
			if (!six && !listed && c) {
				if (check_cidr(I, v->f, what, c, NET_V4, &nv->p[0]))
					nv->n4++;
				else
					bad = true;
			}
		}
		if (!nv->n4 && !nv->n6 && !bad)
			error(I, v->f, v->id, "vpc %s has no CIDR block (no CidrBlock, no associated "
			      "CidrBlockAssociationSet item); AWS gives every VPC one", v->id);
	}
}

/* The CIDRs a VPC is written with (IPv4 or IPv6) cover p. */
static bool in_vpc_cidrs(struct imp *I, int vpc, const struct net_prefix *p, bool v6)
{
	if (vpc < 0)
		return false;
	const struct vnets *nv = &I->nets[vpc];
	size_t from = v6 ? nv->n4 : 0, to = v6 ? nv->n4 + nv->n6 : nv->n4;
	for (size_t i = from; i < to; i++)
		if (net_prefix_covers(&nv->p[i], p))
			return true;
	return false;
}

/* A subnet's CIDRs are checked here; one outside its VPC's CIDRs is skipped (its IPv6
 * CIDR alone is left out), as a snapshot whose describe-vpcs ran at another time
 * shows it. */
static void decide_subnets(struct imp *I)
{
	struct reslist *l = &I->l[RK_SUBNET];
	for (size_t i = 0; i < l->n; i++) {
		struct res *s = &l->v[i];
		struct net_prefix p4, p6;
		if (!s->keep)
			continue;
		const char *c4 = subnet_cidr(s), *c6 = subnet_ipv6(s);
		bool ok4 = c4 && check_cidr(I, s->f, pool_printf(I, "subnet %s: CidrBlock", s->id),
					    c4, NET_V4, &p4);
		bool ok6 = c6 && check_cidr(I, s->f, pool_printf(I, "subnet %s: Ipv6CidrBlock", s->id),
					    c6, NET_V6, &p6);
		s->aux = NULL;
		/* AWS: an IPv4 subnet is a /16 to /28, an IPv6 one a /44 to /64 ("Subnet CIDR
		 * blocks", Amazon VPC User Guide); a smaller one has no addresses to hand out */
		if (ok4 && (p4.len < 16 || p4.len > 28)) {
			error(I, s->f, c4, "subnet %s: CidrBlock %s is a /%u; AWS subnets are /16 to "
			      "/28", s->id, c4, p4.len);
			ok4 = false;
		}
		if (ok6 && (p6.len < 44 || p6.len > 64)) {
			error(I, s->f, c6, "subnet %s: Ipv6CidrBlock %s is a /%u; AWS subnets are /44 "
			      "to /64", s->id, c6, p6.len);
			ok6 = false;
		}
		if ((c4 && !ok4) || (c6 && !ok6)) {
			s->keep = false; /* reported */
			continue;
		}
		if (!c4 && !c6) {
			s->keep = false;
			warn(I, s->f, s->id, "subnet %s has no CIDR; skipped", s->id);
			continue;
		}
		if ((c4 && !in_vpc_cidrs(I, s->vpc, &p4, false)) ||
		    (!c4 && !in_vpc_cidrs(I, s->vpc, &p6, true))) {
			s->keep = false;
			warn(I, s->f, s->id, "subnet %s: %s is not inside the CIDRs of %s in the snapshot "
			     "(taken at another time?); skipped", s->id, c4 ? c4 : c6, jstr(s->j, "VpcId"));
			continue;
		}
		const char *az = jstr(s->j, "AvailabilityZone"), *azid = jstr(s->j, "AvailabilityZoneId");
		if (az && !is_az_name(az))
			error(I, s->f, az, "subnet %s: AvailabilityZone '%s' is not an AZ name (like "
			      "us-east-1a)", s->id, az);
		if (azid && !is_az_id(azid))
			error(I, s->f, azid, "subnet %s: AvailabilityZoneId '%s' is not an AZ id (like "
			      "use1-az4)", s->id, azid);
		if (c6 && !in_vpc_cidrs(I, s->vpc, &p6, true))
			warn(I, s->f, c6, "subnet %s: IPv6 CIDR %s is not inside the IPv6 CIDRs of its VPC "
			     "in the snapshot; left out", s->id, c6);
		else
			s->aux = c6;
	}
}

struct snet {
	struct net_prefix p;
	int vpc;
	const struct res *s;
};

static int cmp_snet(const void *a, const void *b)
{
	const struct snet *x = a, *y = b;
	if (x->vpc != y->vpc)
		return x->vpc < y->vpc ? -1 : 1;
	int c = net_addr_cmp(&x->p.addr, &y->p.addr);
	return c ? c : (int)x->p.len - (int)y->p.len;
}

/* AWS keeps the subnets of a VPC apart: two kept ones that overlap are a conflict in the
 * snapshot (sorted by address, an overlap is a prefix holding the next one). */
static void check_subnet_overlaps(struct imp *I)
{
	struct reslist *l = &I->l[RK_SUBNET];
	struct snet *v = xcalloc(2 * l->n + 1, sizeof(*v));
	size_t n = 0;
	for (size_t i = 0; i < l->n; i++) {
		struct res *s = &l->v[i];
		if (!s->keep)
			continue;
		if (parse_cidr(subnet_cidr(s), &v[n].p))
			v[n].vpc = s->vpc, v[n++].s = s;
		if (parse_cidr(subnet_ipv6_out(s), &v[n].p))
			v[n].vpc = s->vpc, v[n++].s = s;
	}
	qsort(v, n, sizeof(*v), cmp_snet);
	for (size_t i = 1, cur = 0; i < n; i++) {
		if (v[i].vpc == v[cur].vpc && net_prefix_overlaps(&v[cur].p, &v[i].p)) {
			char a[NET_PREFIXSTRLEN], b[NET_PREFIXSTRLEN];
			error(I, v[i].s->f, v[i].s->id, "subnet %s (%s) overlaps subnet %s (%s) in %s; AWS "
			      "keeps the subnets of a VPC apart", v[i].s->id, net_prefix_str(&v[i].p, a),
			      v[cur].s->id, net_prefix_str(&v[cur].p, b), jstr(v[i].s->j, "VpcId"));
		} else {
			cur = i;
		}
	}
	free(v);
}

static struct res *kept_subnet_in(struct imp *I, const char *id, int vpc)
{
	struct res *s = kept(I, RK_SUBNET, id);
	return s && s->vpc == vpc ? s : NULL;
}

static void decide_nats(struct imp *I)
{
	static const char *const gone[] = { "deleted", "deleting", "failed", NULL };
	struct reslist *l = &I->l[RK_NAT];
	for (size_t i = 0; i < l->n; i++) {
		struct res *n = &l->v[i];
		if (!n->keep)
			continue;
		const char *st = jstate(n->j);
		if (state_in(st, gone)) {
			n->keep = false;
			warn(I, n->f, n->id, "NAT gateway %s is %s; skipped (routes to it become "
			     "blackholes)", n->id, st);
			continue;
		}
		if (!kept_subnet_in(I, jstr(n->j, "SubnetId"), n->vpc)) {
			n->keep = false;
			warn(I, n->f, n->id, "NAT gateway %s: its subnet %s is not in the snapshot; "
			     "skipped", n->id, jstr(n->j, "SubnetId") ? jstr(n->j, "SubnetId") : "(none)");
			continue;
		}
		const char *conn = jstr(n->j, "ConnectivityType");
		bool pub = !conn || strcmp(conn, "private") != 0;
		const char *pubip = NULL;
		const cJSON *a;
		cJSON_ArrayForEach(a, jarr(n->j, "NatGatewayAddresses"))
			if (!pubip || jbool(a, "IsPrimary", false))
				pubip = jstr(a, "PublicIp") ? jstr(a, "PublicIp") : pubip;
		if (pub && !pubip) {
			/* the elastic IP by its allocation id */
			cJSON_ArrayForEach(a, jarr(n->j, "NatGatewayAddresses"))
				for (size_t k = 0; k < I->l[RK_EIP].n && !pubip; k++)
					if (jstr(a, "AllocationId") && jstr(I->l[RK_EIP].v[k].j, "AllocationId") &&
					    !strcmp(jstr(a, "AllocationId"), jstr(I->l[RK_EIP].v[k].j, "AllocationId")))
						pubip = I->l[RK_EIP].v[k].id;
		}
		if (pub && !pubip) {
			n->keep = false;
			warn(I, n->f, n->id, "public NAT gateway %s has no elastic IP in the snapshot; "
			     "skipped (routes to it become blackholes)", n->id);
			continue;
		}
		if (pub && !check_addr(I, n->f, pool_printf(I, "NAT gateway %s: PublicIp", n->id), pubip,
				       NET_V4, NULL)) {
			n->keep = false;
			continue;
		}
		n->aux = pub ? pubip : NULL;
	}
}

/* "com.amazonaws.REGION.SERVICE": the service and region, or false. */
static bool aws_service(const char *name, const char **svc, const char **region, struct imp *I)
{
	static const char prefix[] = "com.amazonaws.";
	if (!name || !str_has_prefix(name, prefix))
		return false;
	const char *rest = name + sizeof(prefix) - 1;
	const char *dot = strchr(rest, '.');
	if (!dot || !is_region_name(rest, (size_t)(dot - rest)) || !dot[1])
		return false;
	*region = pool_strndup(I, rest, (size_t)(dot - rest));
	*svc = dot + 1;
	return true;
}

/* The region a VPC is written in: its own, else the topology's (emit_vpc). */
static const char *vpc_region(struct imp *I, int vpc)
{
	const char *r = vpc >= 0 ? I->l[RK_VPC].v[vpc].aux : NULL;
	return r ? r : I->region;
}

static void decide_endpoints(struct imp *I)
{
	static const char *const gone[] = { "deleted", "deleting", "rejected", "failed",
					    "expired", NULL };
	struct reslist *l = &I->l[RK_EP];
	for (size_t i = 0; i < l->n; i++) {
		struct res *e = &l->v[i];
		if (!e->keep)
			continue;
		const char *type = jstr(e->j, "VpcEndpointType");
		const char *st = jstate(e->j);
		const char *svc = NULL, *region = NULL;
		e->keep = false;
		if (state_in(st, gone)) {
			warn(I, e->f, e->id, "VPC endpoint %s is %s; skipped", e->id, st);
			continue;
		}
		if (!type || (strcmp(type, "Gateway") && strcmp(type, "Interface"))) {
			/* a Gateway Load Balancer endpoint: its routes go to its ENI, unmodelled */
			warn(I, e->f, e->id, "VPC endpoint %s is of type %s, which vpcpath does not model; "
			     "routes to it are kept through its network interface and a trace that "
			     "meets them says exits-model", e->id, type ? type : "(none)");
			continue;
		}
		if (!aws_service(jstr(e->j, "ServiceName"), &svc, &region, I)) {
			warn(I, e->f, e->id, "VPC endpoint %s: service %s is not an AWS service "
			     "(com.amazonaws.REGION.SERVICE); a PrivateLink service is not modelled; "
			     "skipped", e->id, jstr(e->j, "ServiceName") ? jstr(e->j, "ServiceName") : "(none)");
			continue;
		}
		if (!strcmp(type, "Gateway") && strcmp(svc, "s3") && strcmp(svc, "dynamodb") &&
		    strcmp(svc, "s3express")) {
			warn(I, e->f, e->id, "gateway endpoint %s for %s: vpcpath models gateway endpoints "
			     "for s3, dynamodb and s3express only; skipped", e->id, svc);
			continue;
		}
		if (strchr(svc, '.')) {
			/* ecr.dkr, s3-global.accesspoint: a service vpcpath does not model, whose
			 * name the topology cannot carry either (com.amazonaws.REGION.SERVICE is
			 * read up to the last dot) */
			warn(I, e->f, e->id, "interface endpoint %s for %s: vpcpath does not model this "
			     "service; skipped", e->id, svc);
			continue;
		}
		const char *vregion = vpc_region(I, e->vpc);
		if (strcmp(region, vregion) != 0 && !strcmp(type, "Gateway")) {
			error(I, e->f, e->id, "gateway endpoint %s: service %s is in %s, but its VPC %s is "
			      "in %s; a gateway endpoint serves only its own region (F2.5)", e->id,
			      jstr(e->j, "ServiceName"), region, jstr(e->j, "VpcId"), vregion);
			continue;
		}
		if (strcmp(region, vregion) != 0 && strcmp(svc, "s3") != 0) {
			error(I, e->f, e->id, "interface endpoint %s: service %s is in %s, but its VPC %s is "
			      "in %s; of the services vpcpath models only S3 is offered across regions "
			      "(F3.6)", e->id, jstr(e->j, "ServiceName"), region, jstr(e->j, "VpcId"),
			      vregion);
			continue;
		}
		if (!strcmp(type, "Interface")) {
			size_t ns = 0;
			const cJSON *x;
			cJSON_ArrayForEach(x, jarr(e->j, "SubnetIds"))
				ns += cJSON_IsString(x) && kept_subnet_in(I, x->valuestring, e->vpc);
			if (!ns) {
				warn(I, e->f, e->id, "interface endpoint %s: none of its subnets is in the "
				     "snapshot; skipped", e->id);
				continue;
			}
		}
		if (st && strcmp(st, "available") && strcmp(st, "Available"))
			warn(I, e->f, e->id, "VPC endpoint %s is %s, not available; it is kept as if "
			     "available", e->id, st);
		e->keep = true;
		e->aux = svc;
	}
}

static void decide_instances(struct imp *I)
{
	static const char *const gone[] = { "terminated", "shutting-down", NULL };
	struct reslist *l = &I->l[RK_INST];
	for (size_t i = 0; i < l->n; i++) {
		struct res *in = &l->v[i];
		const char *st = jstate(in->j);
		in->vpc = vpc_index(I, jstr(in->j, "VpcId"));
		in->keep = false;
		if (state_in(st, gone)) {
			warn(I, in->f, in->id, "instance %s is %s; skipped", in->id, st);
			continue;
		}
		if (in->vpc < 0) {
			if (jstr(in->j, "VpcId"))
				continue; /* scope_to_vpcs said so, once per VPC */
			warn(I, in->f, in->id, "instance %s is in no VPC; skipped", in->id);
			continue;
		}
		struct res *s = kept_subnet_in(I, jstr(in->j, "SubnetId"), in->vpc);
		if (!s) {
			warn(I, in->f, in->id, "instance %s: its subnet %s is not in the snapshot; skipped",
			     in->id, jstr(in->j, "SubnetId") ? jstr(in->j, "SubnetId") : "(none)");
			continue;
		}
		const char *ip = jstr(in->j, "PrivateIpAddress");
		if (ip && !check_addr(I, in->f, pool_printf(I, "instance %s: PrivateIpAddress", in->id),
				      ip, 0, NULL))
			continue;
		if (!ip || (!addr_in_cidr(subnet_cidr(s), ip) && !addr_in_cidr(subnet_ipv6_out(s), ip))) {
			warn(I, in->f, in->id, "instance %s: private address %s is not in its subnet %s; "
			     "skipped", in->id, ip ? ip : "(none)", s->id);
			continue;
		}
		in->keep = true;
	}
}

/* ---- prefix lists ---------------------------------------------------------------------- */

struct plinfo {
	const char *id, *name, *family, *owner;
	const cJSON *entries;   /* [{"Cidr": …}] or Cidrs ["…"] */
	struct src *f, *ef;     /* where the list and its entries are */
	const char *managed;    /* written, and AWS's list of a service: its name (check_pls) */
	bool referenced, emit, service;
};

static int cmp_plinfo(const void *a, const void *b)
{
	return strcmp(((const struct plinfo *)a)->id, ((const struct plinfo *)b)->id);
}

struct pls {
	struct plinfo *v;
	size_t n;
};

static struct plinfo *pl_find(struct pls *P, const char *id)
{
	struct plinfo key = { .id = id };
	return id ? bsearch(&key, P->v, P->n, sizeof(*P->v), cmp_plinfo) : NULL;
}

static bool service_list_name(struct imp *I, const char *name)
{
	const char *svc, *region;
	return aws_service(name, &svc, &region, I) &&
	       (!strcmp(svc, "s3") || !strcmp(svc, "dynamodb") || !strcmp(svc, "s3express"));
}

static void build_pls(struct imp *I, struct pls *P)
{
	P->v = xcalloc(I->l[RK_PL].n + I->l[RK_PL_OLD].n + 1, sizeof(*P->v));
	P->n = 0;
	for (int pass = 0; pass < 2; pass++) {
		struct reslist *l = &I->l[pass ? RK_PL_OLD : RK_PL];
		for (size_t i = 0; i < l->n; i++) {
			struct res *r = &l->v[i];
			struct plinfo *p = NULL;
			for (size_t k = 0; k < P->n && pass; k++)
				if (!strcmp(P->v[k].id, r->id))
					p = &P->v[k];
			if (!p) {
				p = &P->v[P->n++];
				p->id = r->id;
				p->f = r->f;
			}
			if (!p->name)
				p->name = jstr(r->j, "PrefixListName");
			if (!p->family)
				p->family = jstr(r->j, "AddressFamily");
			if (!p->owner)
				p->owner = jstr(r->j, "OwnerId");
			if (!p->entries && jarr(r->j, "Cidrs")) {
				p->entries = jarr(r->j, "Cidrs");
				p->ef = r->f;
			}
			if (state_in(jstate(r->j), (const char *const[]){ "delete-complete",
									  "delete-in-progress", NULL }))
				p->name = NULL, p->entries = NULL, p->owner = "deleted";
		}
	}
	/* entries collected for ids no listing names keep their list */
	for (size_t i = 0; i < I->l[RK_PL_ENTRIES].n; i++) {
		struct res *r = &I->l[RK_PL_ENTRIES].v[i];
		struct plinfo *p = NULL;
		for (size_t k = 0; k < P->n; k++)
			if (!strcmp(P->v[k].id, r->id))
				p = &P->v[k];
		if (!p) {
			P->v = xrealloc(P->v, (P->n + 1) * sizeof(*P->v));
			p = &P->v[P->n++];
			memset(p, 0, sizeof(*p));
			p->id = r->id;
			p->f = r->f;
		}
		if (!p->owner || strcmp(p->owner, "deleted")) {
			p->entries = r->j;
			p->ef = r->f;
		}
	}
	qsort(P->v, P->n, sizeof(*P->v), cmp_plinfo);
	for (size_t i = 0; i < P->n; i++)
		P->v[i].service = service_list_name(I, P->v[i].name);
}

static const struct { enum topo_service svc; int family; } managed_kinds[] = {
	{ TOPO_SVC_S3, NET_V4 }, { TOPO_SVC_S3, NET_V6 }, { TOPO_SVC_DYNAMODB, NET_V4 },
	{ TOPO_SVC_S3EXPRESS, NET_V4 },
};

/* The AWS-managed list a built-in id is (in any region), as its name. */
static const char *builtin_pl_name(struct imp *I, const char *id, int *family)
{
	for (size_t r = 0; r < aws_regions_count; r++)
		for (size_t k = 0; k < sizeof(managed_kinds) / sizeof(managed_kinds[0]); k++) {
			const char *b = aws_managed_prefix_list_id(aws_regions[r], managed_kinds[k].svc,
								   managed_kinds[k].family);
			if (b && !strcmp(b, id)) {
				*family = managed_kinds[k].family;
				return pool_printf(I, "com.amazonaws.%s.%s", aws_regions[r],
						   topo_service_name(managed_kinds[k].svc));
			}
		}
	return NULL;
}

static int pl_family(const struct plinfo *p)
{
	return p->family && !strcmp(p->family, "IPv6") ? NET_V6 : NET_V4;
}

/* The AWS-managed list a written list stands for: its name when that is a service
 * list's, else the name of the built-in id it has (the loader takes such a list,
 * unnamed, for the service's). */
static const char *pl_managed_name(struct imp *I, const struct plinfo *p)
{
	int family;
	if (p->service)
		return p->name;
	return p->name ? NULL : builtin_pl_name(I, p->id, &family);
}

/* A built-in AWS-managed list id of a region the topology touches: the loader adds
 * those lists itself, unless the snapshot has its own list of that service (by name,
 * or unnamed with that id: then that list is the one written, and the built-in one is
 * not there to refer to). */
static bool builtin_pl(struct imp *I, struct pls *P, const char *id)
{
	for (size_t v = 0; v <= I->l[RK_VPC].n; v++) {
		const char *region = v < I->l[RK_VPC].n ? I->l[RK_VPC].v[v].aux : I->region;
		if (!region)
			continue;
		for (size_t k = 0; k < sizeof(managed_kinds) / sizeof(managed_kinds[0]); k++) {
			const char *b = aws_managed_prefix_list_id(region, managed_kinds[k].svc,
								   managed_kinds[k].family);
			if (!b || strcmp(b, id))
				continue;
			char name[160];
			snprintf(name, sizeof(name), "com.amazonaws.%s.%s", region,
				 topo_service_name(managed_kinds[k].svc));
			for (size_t i = 0; i < P->n; i++) {
				const char *m = P->v[i].managed;
				if (m && !strcmp(m, name) && pl_family(&P->v[i]) == managed_kinds[k].family)
					return false;
			}
			return true;
		}
	}
	return false;
}

static bool pl_ok(struct imp *I, struct pls *P, const char *id)
{
	struct plinfo *p = pl_find(P, id);
	return (p && p->emit) || builtin_pl(I, P, id);
}

static void pl_mark(struct pls *P, const char *id)
{
	struct plinfo *p = pl_find(P, id);
	if (p)
		p->referenced = true;
}

static void mark_pl_references(struct imp *I, struct pls *P)
{
	const cJSON *x, *y;
	for (size_t i = 0; i < I->l[RK_RTB].n; i++)
		if (I->l[RK_RTB].v[i].keep)
			cJSON_ArrayForEach(x, jarr(I->l[RK_RTB].v[i].j, "Routes"))
				pl_mark(P, jstr(x, "DestinationPrefixListId"));
	for (size_t i = 0; i < I->l[RK_SG].n; i++) {
		if (!I->l[RK_SG].v[i].keep)
			continue;
		static const char *const dirs[] = { "IpPermissions", "IpPermissionsEgress" };
		for (int d = 0; d < 2; d++)
			cJSON_ArrayForEach(x, jarr(I->l[RK_SG].v[i].j, dirs[d]))
				cJSON_ArrayForEach(y, jarr(x, "PrefixListIds"))
					pl_mark(P, jstr(y, "PrefixListId"));
	}
	for (size_t i = 0; i < I->l[RK_SG_RULE].n; i++)
		pl_mark(P, jstr(I->l[RK_SG_RULE].v[i].j, "PrefixListId"));
	for (size_t i = 0; i < I->l[RK_TGW_ROUTES].n; i++)
		cJSON_ArrayForEach(x, I->l[RK_TGW_ROUTES].v[i].j)
			pl_mark(P, jstr(x, "PrefixListId"));
	for (size_t i = 0; i < P->n; i++) {
		struct plinfo *p = &P->v[i];
		bool customer = p->owner && strcmp(p->owner, "AWS") && strcmp(p->owner, "deleted");
		if (p->owner && !strcmp(p->owner, "deleted")) {
			if (p->referenced)
				warn(I, p->f, p->id, "prefix list %s is deleted; references to it are "
				     "dropped", p->id);
			continue;
		}
		if (p->entries && cJSON_GetArraySize(p->entries) >= 0 &&
		    (customer || p->service || p->referenced)) {
			p->emit = true;
		} else if (!p->entries && p->service) {
			p->emit = true; /* the loader fills the built-in entries of the name */
			warn(I, p->f, p->id, "prefix list %s (%s): entries not in the snapshot; the "
			     "built-in entries of %s are used", p->id, p->name, p->name);
		} else if (!p->entries && (customer || p->referenced)) {
			warn(I, p->f, p->id, "prefix list %s%s%s%s: entries not in the snapshot (collect "
			     "aws ec2 get-managed-prefix-list-entries --prefix-list-id %s > "
			     "prefix-list-entries/%s.json); the list and the rules and routes that "
			     "use it are dropped", p->id, p->name ? " (" : "", p->name ? p->name : "",
			     p->name ? ")" : "", p->id, p->id);
		}
	}
}

struct plkey {
	const char *name;  /* the AWS-managed list it stands for */
	int family;
	const struct plinfo *p;
};

static int cmp_plkey(const void *a, const void *b)
{
	const struct plkey *x = a, *y = b;
	int c = strcmp(x->name, y->name);
	if (c)
		return c;
	c = x->family - y->family;
	return c ? c : strcmp(x->p->id, y->p->id);
}

/* The lists that are written: their entries, family and names.  A service's list is
 * what a gateway endpoint routes to (F2.2), so two lists standing for one (or AWS's id
 * with another name) would leave the loader to pick one. */
static void check_pls(struct imp *I, struct pls *P)
{
	struct plkey *keys = xcalloc(P->n + 1, sizeof(*keys));
	size_t nk = 0;
	for (size_t i = 0; i < P->n; i++) {
		struct plinfo *p = &P->v[i];
		if (!p->emit)
			continue;
		if (p->family && strcmp(p->family, "IPv4") && strcmp(p->family, "IPv6")) {
			error(I, p->f, p->family, "prefix list %s: AddressFamily '%s' is not IPv4 or IPv6",
			      p->id, p->family);
			continue;
		}
		const char *what = pool_printf(I, "prefix list %s: entry", p->id);
		const cJSON *e;
		cJSON_ArrayForEach(e, p->entries)
		{
			const char *c = cJSON_IsString(e) ? e->valuestring : jstr(e, "Cidr");
			if (!c)
				error(I, p->ef, p->id, "prefix list %s: an entry without a Cidr", p->id);
			else
				check_cidr(I, p->ef, what, c, pl_family(p), NULL);
		}
		int bfam;
		const char *bname = builtin_pl_name(I, p->id, &bfam);
		if (bname && ((p->name && strcmp(p->name, bname)) || pl_family(p) != bfam)) {
			error(I, p->f, p->id, "prefix list %s is AWS's %s (%s), but the snapshot has it as "
			      "%s (%s)", p->id, bname, family_name(bfam), p->name ? p->name : "unnamed",
			      family_name(pl_family(p)));
			continue;
		}
		p->managed = pl_managed_name(I, p);
		if (p->managed)
			keys[nk++] = (struct plkey){ p->managed, pl_family(p), p };
	}
	qsort(keys, nk, sizeof(*keys), cmp_plkey);
	for (size_t i = 1; i < nk; i++)
		if (!strcmp(keys[i].name, keys[i - 1].name) && keys[i].family == keys[i - 1].family)
			error(I, keys[i].p->f, keys[i].p->id, "prefix lists %s and %s are both AWS's %s "
			      "(%s); a region has one", keys[i - 1].p->id, keys[i].p->id, keys[i].name,
			      family_name(keys[i].family));
	free(keys);
}

/* The id of the list the loader takes for a service in a region
 * (topo_service_prefix_list): the written list that stands for it, else its built-in
 * one (a synthetic id where AWS's is not documented, as resolve.c makes it). */
static const char *service_pl_id(struct imp *I, struct pls *P, const char *svc,
				 const char *region, int family)
{
	const char *name = pool_printf(I, "com.amazonaws.%s.%s", region, svc);
	for (size_t i = 0; i < P->n; i++) {
		const char *m = P->v[i].managed;
		if (m && !strcmp(m, name) && pl_family(&P->v[i]) == family)
			return P->v[i].id;
	}
	enum topo_service s = !strcmp(svc, "s3") ? TOPO_SVC_S3 : !strcmp(svc, "dynamodb") ?
			      TOPO_SVC_DYNAMODB : TOPO_SVC_S3EXPRESS;
	const char *b = aws_managed_prefix_list_id(region, s, family);
	return b ? b : pool_printf(I, "pl-builtin-%s-%s%s", svc, region,
				   family == NET_V6 ? "-ipv6" : "");
}

/* ---- transit gateways, VPN connections ---------------------------------------------------- */

static const char *const att_gone[] = { "deleted", "deleting", "failed", "failing", "rejected",
					"rejecting", NULL };

/* The merged view of one attachment (describe-transit-gateway-attachments and the
 * per-type describes). */
struct tgwatt {
	const char *id, *tgw, *type, *state, *resource, *peer_tgw, *peer_region;
	const cJSON *subnets;  /* SubnetIds */
	const cJSON *general;  /* the describe-transit-gateway-attachments item */
	struct src *f;
	bool emit;
};

struct tgwatts {
	struct tgwatt *v;
	size_t n;
};

static int cmp_tgwatt(const void *a, const void *b)
{
	const struct tgwatt *x = a, *y = b;
	int c = strcmp(x->tgw, y->tgw);
	return c ? c : strcmp(x->id, y->id);
}

static struct tgwatt *tgwatt_find(struct tgwatts *A, const char *id)
{
	for (size_t i = 0; id && i < A->n; i++)
		if (!strcmp(A->v[i].id, id))
			return &A->v[i];
	return NULL;
}

static void build_tgwatts(struct imp *I, struct tgwatts *A)
{
	size_t cap = I->l[RK_TGW_ATT].n + I->l[RK_TGW_VPC_ATT].n + I->l[RK_TGW_PEER_ATT].n + 1;
	A->v = xcalloc(cap, sizeof(*A->v));
	A->n = 0;
	static const enum rk kinds[] = { RK_TGW_ATT, RK_TGW_VPC_ATT, RK_TGW_PEER_ATT };
	for (size_t k = 0; k < 3; k++) {
		struct reslist *l = &I->l[kinds[k]];
		for (size_t i = 0; i < l->n; i++) {
			const cJSON *j = l->v[i].j;
			if (kinds[k] == RK_TGW_PEER_ATT && !jget(j, "RequesterTgwInfo") &&
			    !jget(j, "AccepterTgwInfo"))
				continue; /* not a peering: nothing to learn from it */
			struct tgwatt *a = tgwatt_find(A, l->v[i].id);
			if (!a) {
				a = &A->v[A->n++];
				a->id = l->v[i].id;
				a->f = l->v[i].f;
			}
			if (!a->state)
				a->state = jstate(j);
			if (kinds[k] == RK_TGW_ATT) {
				a->general = j;
				a->tgw = a->tgw ? a->tgw : jstr(j, "TransitGatewayId");
				a->type = jstr(j, "ResourceType");
				a->resource = jstr(j, "ResourceId");
			} else if (kinds[k] == RK_TGW_VPC_ATT) {
				a->tgw = a->tgw ? a->tgw : jstr(j, "TransitGatewayId");
				if (!a->type) {
					a->type = "vpc";
					a->resource = jstr(j, "VpcId");
				}
				a->subnets = jarr(j, "SubnetIds");
			} else {
				const cJSON *req = jget(j, "RequesterTgwInfo"), *acc = jget(j, "AccepterTgwInfo");
				/* one attachment id, two TGWs: it is written under the requester, and
				 * leads to the accepter (a trace that takes it exits the model) */
				if (!a->tgw)
					a->tgw = jstr(req, "TransitGatewayId");
				const cJSON *peer = a->tgw && jstr(req, "TransitGatewayId") &&
						    !strcmp(a->tgw, jstr(req, "TransitGatewayId")) ? acc : req;
				if (!a->type)
					a->type = "peering";
				a->peer_tgw = jstr(peer, "TransitGatewayId");
				a->peer_region = jstr(peer, "Region");
			}
		}
	}
	for (size_t i = 0; i < A->n; i++)
		if (!A->v[i].tgw)
			A->v[i].tgw = "";
	qsort(A->v, A->n, sizeof(*A->v), cmp_tgwatt);
}

static void decide_tgws(struct imp *I, struct tgwatts *A)
{
	for (size_t i = 0; i < I->l[RK_TGW].n; i++) {
		struct res *t = &I->l[RK_TGW].v[i];
		const char *st = jstate(t->j);
		if (state_in(st, att_gone)) {
			t->keep = false;
			warn(I, t->f, t->id, "transit gateway %s is %s; skipped (routes to it become "
			     "blackholes)", t->id, st);
			continue;
		}
		const char *arn = jstr(t->j, "TransitGatewayArn");
		if (arn && str_has_prefix(arn, "arn:aws:ec2:")) {
			const char *r = arn + strlen("arn:aws:ec2:");
			t->aux = pool_strndup(I, r, strcspn(r, ":"));
			if (!region_shaped(t->aux, strlen(t->aux)))
				error(I, t->f, arn, "transit gateway %s: TransitGatewayArn '%s' does not name "
				      "a region (arn:aws:ec2:REGION:ACCOUNT:transit-gateway/ID)", t->id, arn);
		} else {
			t->aux = t->f->region;
		}
	}
	for (size_t i = 0; i < A->n; i++) {
		struct tgwatt *a = &A->v[i];
		if (!kept(I, RK_TGW, a->tgw)) {
			if (!find(I, RK_TGW, a->tgw))
				warn(I, a->f, a->id, "transit gateway attachment %s: transit gateway %s is not "
				     "in the snapshot; skipped", a->id, a->tgw[0] ? a->tgw : "(none)");
			continue;
		}
		if (state_in(a->state, att_gone)) {
			warn(I, a->f, a->id, "transit gateway attachment %s is %s; skipped", a->id,
			     a->state);
			continue;
		}
		if (!a->type) {
			warn(I, a->f, a->id, "transit gateway attachment %s has no ResourceType; skipped",
			     a->id);
			continue;
		}
		if (!strcmp(a->type, "vpc")) {
			if (vpc_index(I, a->resource) < 0) {
				warn(I, a->f, a->id, "transit gateway attachment %s: %s is not in the "
				     "snapshot; skipped", a->id, a->resource ? a->resource : "its VPC");
				continue;
			}
		} else if (!strcmp(a->type, "vpn")) {
			continue; /* decided with the VPN connections */
		} else if (!strcmp(a->type, "peering") || !strcmp(a->type, "tgw-peering")) {
			if (!a->peer_tgw && a->resource && str_has_prefix(a->resource, "tgw-"))
				a->peer_tgw = a->resource;
			if (!a->peer_tgw) {
				warn(I, a->f, a->id, "transit gateway peering attachment %s: the peer is not "
				     "in the snapshot; skipped", a->id);
				continue;
			}
			/* written as references: a peer of another shape could name anything */
			if (!check_id(I, a->f, "peer transit gateway", a->peer_tgw, "tgw-") ||
			    !check_region(I, a->f, "peer transit gateway region", a->peer_region))
				continue;
			/* written once, under the first of its TGWs */
			bool dup = false;
			for (size_t k = 0; k < i; k++)
				if (A->v[k].emit && !strcmp(A->v[k].id, a->id))
					dup = true;
			if (dup)
				continue;
		} else {
			warn(I, a->f, a->id, "transit gateway attachment %s is of type %s, which vpcpath "
			     "does not model; skipped (routes to it are dropped)", a->id, a->type);
			continue;
		}
		a->emit = true;
	}
}

static void decide_vpns(struct imp *I, struct tgwatts *A)
{
	static const char *const gone[] = { "deleted", "deleting", NULL };
	for (size_t i = 0; i < I->l[RK_VPN].n; i++) {
		struct res *v = &I->l[RK_VPN].v[i];
		const char *st = jstate(v->j);
		const char *vgw = jstr(v->j, "VpnGatewayId"), *tgw = jstr(v->j, "TransitGatewayId");
		v->keep = false;
		if (state_in(st, gone)) {
			warn(I, v->f, v->id, "VPN connection %s is %s; skipped", v->id, st);
			continue;
		}
		if (vgw && kept(I, RK_VGW, vgw)) {
			v->aux = vgw;
		} else if (tgw && kept(I, RK_TGW, tgw)) {
			v->aux = tgw;
		} else {
			warn(I, v->f, v->id, "VPN connection %s: its gateway %s is not in the snapshot "
			     "(or not attached to a VPC of it); skipped", v->id,
			     vgw ? vgw : tgw ? tgw : "(none)");
			continue;
		}
		v->keep = true;
	}
	for (size_t i = 0; i < A->n; i++) {
		struct tgwatt *a = &A->v[i];
		if (!a->type || strcmp(a->type, "vpn") || !kept(I, RK_TGW, a->tgw) ||
		    state_in(a->state, att_gone))
			continue;
		if (!kept(I, RK_VPN, a->resource)) {
			warn(I, a->f, a->id, "transit gateway attachment %s: VPN connection %s is not in "
			     "the snapshot; skipped", a->id, a->resource ? a->resource : "(none)");
			continue;
		}
		a->emit = true;
	}
}

/* ---- pass 3: YAML -------------------------------------------------------------------- */

struct ybuf {
	char *p;
	size_t len, cap;
};

static int ybuf_write(void *data, unsigned char *buf, size_t size)
{
	struct ybuf *b = data;
	if (b->len + size + 1 > b->cap) {
		while (b->len + size + 1 > b->cap)
			b->cap = b->cap ? b->cap * 2 : 65536;
		b->p = xrealloc(b->p, b->cap);
	}
	memcpy(b->p + b->len, buf, size);
	b->len += size;
	b->p[b->len] = '\0';
	return 1;
}

struct yem {
	yaml_emitter_t e;
	struct ybuf out;
	bool failed;
};

static void y_event(struct yem *y, yaml_event_t *ev, int ok)
{
	if (!ok) {
		y->failed = true;
		return;
	}
	if (y->failed) {
		yaml_event_delete(ev);
		return;
	}
	if (!yaml_emitter_emit(&y->e, ev))
		y->failed = true;
}

static void y_map(struct yem *y, bool flow)
{
	yaml_event_t ev;
	y_event(y, &ev, yaml_mapping_start_event_initialize(&ev, NULL, NULL, 1,
			flow ? YAML_FLOW_MAPPING_STYLE : YAML_BLOCK_MAPPING_STYLE));
}

static void y_mend(struct yem *y)
{
	yaml_event_t ev;
	y_event(y, &ev, yaml_mapping_end_event_initialize(&ev));
}

static void y_seq(struct yem *y, bool flow)
{
	yaml_event_t ev;
	y_event(y, &ev, yaml_sequence_start_event_initialize(&ev, NULL, NULL, 1,
			flow ? YAML_FLOW_SEQUENCE_STYLE : YAML_BLOCK_SEQUENCE_STYLE));
}


static void y_send(struct yem *y)
{
	yaml_event_t ev;
	y_event(y, &ev, yaml_sequence_end_event_initialize(&ev));
}

static bool all_digits(const char *s, size_t n, bool underscore)
{
	if (!n)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!isdigit((unsigned char)s[i]) && !(underscore && s[i] == '_'))
			return false;
	return true;
}

/* Would a plain scalar with this text be read as something other than a string (null,
 * a boolean, a number, a date) by a YAML 1.1 or 1.2 reader?  Then it is quoted; the
 * emitter itself decides whether the text needs quoting as YAML syntax. */
static bool resolves_to_non_string(const char *s)
{
	static const char *const words[] = {
		"null", "Null", "NULL", "~", "true", "True", "TRUE", "false", "False", "FALSE",
		"yes", "Yes", "YES", "no", "No", "NO", "on", "On", "ON", "off", "Off", "OFF",
		"y", "Y", "n", "N", ".inf", ".Inf", ".INF", "-.inf", "-.Inf", "-.INF", "+.inf",
		".nan", ".NaN", ".NAN", "<<", "=", NULL
	};
	size_t n = strlen(s);
	if (!n)
		return true;
	for (size_t i = 0; words[i]; i++)
		if (!strcmp(s, words[i]))
			return true;
	const char *p = s;
	if (*p == '+' || *p == '-')
		p++;
	size_t m = strlen(p);
	if (!m)
		return false;
	/* 0x…, 0o…, 0b… */
	if (m > 2 && p[0] == '0' && strchr("xXoObB", p[1])) {
		for (size_t i = 2; i < m; i++)
			if (!isxdigit((unsigned char)p[i]) && p[i] != '_')
				return false;
		return true;
	}
	/* integers, floats with optional exponent, sexagesimal (1:20) */
	bool digit = false, dot = false, exp = false;
	for (size_t i = 0; i < m; i++) {
		char c = p[i];
		if (isdigit((unsigned char)c) || c == '_') {
			digit = digit || isdigit((unsigned char)c);
		} else if (c == '.' && !dot && !exp) {
			dot = true;
		} else if ((c == 'e' || c == 'E') && digit && !exp) {
			exp = true;
			if (p[i + 1] == '+' || p[i + 1] == '-')
				i++;
			if (!isdigit((unsigned char)p[i + 1]))
				goto not_number;
		} else if (c == ':' && digit && !dot && !exp) {
			/* sexagesimal */
		} else {
			goto not_number;
		}
	}
	if (digit)
		return true;
not_number:
	/* dates and timestamps: 2012-10-17, 2012-10-17T12:00:00Z */
	if (n >= 8 && all_digits(s, 4, false) && s[4] == '-') {
		size_t i = 5, k = i;
		while (i < n && isdigit((unsigned char)s[i]))
			i++;
		if (i - k < 1 || i - k > 2 || i >= n || s[i] != '-')
			return false;
		k = ++i;
		while (i < n && isdigit((unsigned char)s[i]))
			i++;
		return i - k >= 1 && i - k <= 2 && (i == n || strchr("Tt \t", s[i]));
	}
	return false;
}

static void y_scalar(struct yem *y, const char *s, bool plain)
{
	yaml_event_t ev;
	yaml_scalar_style_t style = plain ? YAML_PLAIN_SCALAR_STYLE :
				    resolves_to_non_string(s) ? YAML_SINGLE_QUOTED_SCALAR_STYLE :
				    YAML_ANY_SCALAR_STYLE;
	y_event(y, &ev, yaml_scalar_event_initialize(&ev, NULL, NULL, (yaml_char_t *)s,
						      (int)strlen(s), 1, 1, style));
}

static void y_str(struct yem *y, const char *s)
{
	y_scalar(y, s, false);
}

/* Opens the list `key` before its first item: a section with no items is not written.
 * *count counts the items (the caller closes the list with y_send when it is > 0). */
static void y_section(struct yem *y, size_t *count, const char *key, bool flow)
{
	if ((*count)++ == 0) {
		y_str(y, key);
		y_seq(y, flow);
	}
}

static void y_kstr(struct yem *y, const char *k, const char *v)
{
	if (!v)
		return;
	y_str(y, k);
	y_str(y, v);
}

static void y_kbool(struct yem *y, const char *k, bool v)
{
	y_str(y, k);
	y_scalar(y, v ? "true" : "false", true);
}

static void y_klong(struct yem *y, const char *k, long v)
{
	char buf[32];
	snprintf(buf, sizeof(buf), "%ld", v);
	y_str(y, k);
	y_scalar(y, buf, true);
}

/* A JSON number as written to YAML: an integer exactly, else 17 digits.  (The range
 * is checked first: converting inf or 1e300 to an integer is undefined.) */
static const char *json_number_text(const cJSON *j, char *buf, size_t size)
{
	double d = j->valuedouble;
	if (d > -9007199254740992.0 && d < 9007199254740992.0 && d == (double)(long long)d)
		snprintf(buf, size, "%lld", (long long)d);
	else
		snprintf(buf, size, "%.17g", d);
	return buf;
}

/* A JSON value as YAML (policies): objects as block mappings, lists of scalars in flow. */
static void y_json(struct yem *y, const cJSON *j)
{
	char buf[64];
	if (cJSON_IsObject(j)) {
		y_map(y, false);
		const cJSON *c;
		cJSON_ArrayForEach(c, j)
		{
			y_str(y, c->string);
			y_json(y, c);
		}
		y_mend(y);
	} else if (cJSON_IsArray(j)) {
		bool flat = true;
		const cJSON *c;
		cJSON_ArrayForEach(c, j)
			if (cJSON_IsObject(c) || cJSON_IsArray(c))
				flat = false;
		y_seq(y, flat);
		cJSON_ArrayForEach(c, j)
			y_json(y, c);
		y_send(y);
	} else if (cJSON_IsString(j)) {
		y_str(y, j->valuestring);
	} else if (cJSON_IsNumber(j)) {
		y_scalar(y, json_number_text(j, buf, sizeof(buf)), true);
	} else if (cJSON_IsBool(j)) {
		y_scalar(y, cJSON_IsTrue(j) ? "true" : "false", true);
	} else {
		y_scalar(y, "null", true);
	}
}

/* ---- names and tags ------------------------------------------------------------------------ */

struct tag {
	const char *key, *value;
};

static int cmp_tag(const void *a, const void *b)
{
	return strcmp(((const struct tag *)a)->key, ((const struct tag *)b)->key);
}

/* Where a message about the string s points: at s when the file's index can find it
 * (strings of up to 512 bytes), else at the resource. */
static const char *near_str(const char *s, const struct res *r)
{
	return s && *s && strlen(s) <= 512 ? s : r->id;
}

/* Writes `name` (the Name tag, or what the caller took instead) and `tags`: every other
 * tag of r, sorted by key so that the output does not depend on the order the API
 * listed them in.  Each tag is checked as the loader checks it; one AWS could not
 * have printed (not a {Key, Value} of strings, a key twice, over AWS's lengths) is a
 * located error. */
static void y_name_tags(struct imp *I, struct yem *y, const struct res *r, enum rk k,
			const char *name)
{
	y_kstr(y, "name", name);
	const cJSON *arr = jget(r->j, "Tags"), *t;
	if (!arr || cJSON_IsNull(arr))
		return;
	if (!cJSON_IsArray(arr)) {
		error(I, r->f, r->id, "%s %s: Tags is not a list of {\"Key\", \"Value\"}", rk_what[k],
		      r->id);
		return;
	}
	struct tag *v = xmalloc(((size_t)cJSON_GetArraySize(arr) + 1) * sizeof(*v));
	size_t n = 0;
	bool ok = true;
	cJSON_ArrayForEach(t, arr)
	{
		const cJSON *jk = jget(t, "Key"), *jv = jget(t, "Value");
		const char *why;
		if (!cJSON_IsString(jk) || !cJSON_IsString(jv)) {
			error(I, r->f, r->id, "%s %s: a tag that is not {\"Key\": string, \"Value\": "
			      "string}", rk_what[k], r->id);
			ok = false;
			continue;
		}
		const char *key = jk->valuestring, *value = jv->valuestring;
		if ((why = topo_tag_key_problem(key, strlen(key)))) {
			error(I, r->f, near_str(key, r), "%s %s: %s", rk_what[k], r->id, why);
			ok = false;
		} else if ((why = topo_tag_value_problem(value, strlen(value)))) {
			error(I, r->f, near_str(value, r), "%s %s: '%s': %s", rk_what[k], r->id, key, why);
			ok = false;
		} else if (strcmp(key, "Name") != 0) {
			v[n++] = (struct tag){ key, value };
		}
	}
	qsort(v, n, sizeof(*v), cmp_tag);
	for (size_t i = 1; i < n; i++)
		if (!strcmp(v[i].key, v[i - 1].key)) {
			error(I, r->f, near_str(v[i].key, r), "%s %s: tag key '%s' is listed twice",
			      rk_what[k], r->id, v[i].key);
			ok = false;
		}
	if (ok && n) {
		y_str(y, "tags");
		y_map(y, false); /* in a flow mapping the emitter writes it in flow */
		for (size_t i = 0; i < n; i++) {
			y_str(y, v[i].key);
			y_str(y, v[i].value);
		}
		y_mend(y);
	}
	free(v);
}

/* ---- pass 3: the topology ---------------------------------------------------------------- */

/* A gateway endpoint's route tables (kept, in its VPC; sorted) and the prefix lists of
 * its service that the loader routes to it there, by family (F2.2). */
struct eptabs {
	const char **ids;
	size_t n;
	const char *pl[2];
};

/* A private address written for an object of one VPC. */
struct addrown {
	struct net_addr a;
	const char *id;
	struct src *f;
};

struct out {
	struct imp *I;
	struct yem *y;
	struct pls *P;
	struct tgwatts *A;
	const char **sub_rtb, **sub_acl; /* by subnet index: explicit associations */
	struct eptabs *ep_tables;        /* by endpoint index */
	struct addrown *addrs;           /* of the VPC being written */
	size_t naddrs, capaddrs;
};

static void own_addr(struct out *o, const char *ip, const char *id, struct src *f)
{
	struct net_addr a;
	if (!parse_addr(ip, &a))
		return;
	if (o->naddrs == o->capaddrs) {
		o->capaddrs = o->capaddrs ? o->capaddrs * 2 : 64;
		o->addrs = xrealloc(o->addrs, o->capaddrs * sizeof(*o->addrs));
	}
	o->addrs[o->naddrs++] = (struct addrown){ a, id, f };
}

static int cmp_addrown(const void *a, const void *b)
{
	const struct addrown *x = a, *y = b;
	int c = net_addr_cmp(&x->a, &y->a);
	return c ? c : strcmp(x->id, y->id);
}

/* AWS gives an address of a subnet to one network interface: two objects written with
 * one address are a conflict in the snapshot. */
static void check_addresses(struct out *o, struct res *v)
{
	if (o->naddrs > 1)
		qsort(o->addrs, o->naddrs, sizeof(*o->addrs), cmp_addrown);
	for (size_t i = 1; i < o->naddrs; i++)
		if (net_addr_eq(&o->addrs[i].a, &o->addrs[i - 1].a)) {
			char buf[NET_ADDRSTRLEN];
			error(o->I, o->addrs[i].f, o->addrs[i].id, "%s and %s (vpc %s) both have address %s; "
			      "AWS gives an address to one network interface", o->addrs[i - 1].id,
			      o->addrs[i].id, v->id, net_addr_str(&o->addrs[i].a, buf));
		}
	o->naddrs = 0;
}

static size_t idx_of(struct imp *I, enum rk k, const struct res *r)
{
	return (size_t)(r - I->l[k].v);
}

/* The kept members of a VPC-scoped kind, in id order. */
#define FOR_VPC(I, k, vpcid, var)                                                         \
	for (size_t var##_n, var##_i = 0, var##_once = 1; var##_once; var##_once = 0)        \
		for (struct gent *var##_g = group_get(&(I)->by_vpc[k], (vpcid), &var##_n);    \
		     var##_i < var##_n; var##_i++)                                               \
			for (struct res *var = var##_g[var##_i].r; var; var = NULL)          \
				if (var->keep)

static void emit_prefix_lists(struct out *o)
{
	struct yem *y = o->y;
	size_t n = 0;
	for (size_t i = 0; i < o->P->n; i++)
		n += o->P->v[i].emit;
	if (!n)
		return;
	y_str(y, "prefix_lists");
	y_seq(y, false);
	for (size_t i = 0; i < o->P->n; i++) {
		struct plinfo *p = &o->P->v[i];
		if (!p->emit)
			continue;
		y_map(y, false);
		y_kstr(y, "id", p->id);
		y_kstr(y, "name", p->name);
		if (p->family && !strcmp(p->family, "IPv6"))
			y_kstr(y, "address_family", "IPv6");
		if (p->entries) {
			y_str(y, "cidrs");
			y_seq(y, true);
			const cJSON *e;
			cJSON_ArrayForEach(e, p->entries)
			{
				const char *c = cJSON_IsString(e) ? e->valuestring : jstr(e, "Cidr");
				if (c) /* checked (check_pls) */
					y_str(y, c);
			}
			y_send(y);
		}
		y_mend(y);
	}
	y_send(y);
}

static void emit_azs(struct out *o)
{
	struct reslist *l = &o->I->l[RK_AZ];
	size_t n = 0;
	for (size_t i = 0; i < l->n; i++)
		n += jstr(l->v[i].j, "ZoneId") != NULL;
	if (!n)
		return;
	y_str(o->y, "availability_zones");
	y_map(o->y, false);
	for (size_t i = 0; i < l->n; i++)
		y_kstr(o->y, l->v[i].id, jstr(l->v[i].j, "ZoneId"));
	y_mend(o->y);
}

static void emit_cidr_list(struct out *o, const char *key, const cJSON *set, const char *field,
			   const char *state_obj, const char *fallback)
{
	static const char *const ok[] = { "associated", "associating", NULL };
	const cJSON *a;
	size_t n = 0;
	cJSON_ArrayForEach(a, set)
	{
		const char *st = jstr(jget(a, state_obj), "State");
		if (jstr(a, field) && (!st || state_in(st, ok)))
			n++;
	}
	if (!n && !fallback)
		return;
	y_str(o->y, key);
	y_seq(o->y, true);
	if (!n)
		y_str(o->y, fallback);
	cJSON_ArrayForEach(a, set)
	{
		const char *st = jstr(jget(a, state_obj), "State");
		if (jstr(a, field) && (!st || state_in(st, ok)))
			y_str(o->y, jstr(a, field));
	}
	y_send(o->y);
}

enum tgt { T_OK, T_BLACKHOLE, T_SKIP, T_IMPLIED };

/* The network interface standing for an unmodelled target: a GWLB endpoint's, or the
 * one whose description names it (Network Firewall endpoints). */
static const char *eni_for_endpoint(struct imp *I, const char *vpce)
{
	struct res *e = find(I, RK_EP, vpce);
	const cJSON *ids = e ? jarr(e->j, "NetworkInterfaceIds") : NULL;
	if (ids && cJSON_IsString(ids->child))
		/* written as the route's target: an id of another shape could name anything */
		return check_id(I, e->f, pool_printf(I, "VPC endpoint %s: network interface", vpce),
				ids->child->valuestring, "eni-") ? ids->child->valuestring : NULL;
	for (size_t i = 0; i < I->l[RK_ENI].n; i++) {
		const char *d = jstr(I->l[RK_ENI].v[i].j, "Description");
		if (d && strstr(d, vpce))
			return I->l[RK_ENI].v[i].id;
	}
	return NULL;
}

/* A target that is kept, but in another VPC: the loader would reject it even on a
 * blackhole route. */
static bool kept_elsewhere(struct imp *I, const char *id, int vpc)
{
	static const enum rk kinds[] = { RK_IGW, RK_VGW, RK_EIGW, RK_NAT, RK_INST, RK_EP };
	for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++) {
		struct res *r = kept(I, kinds[i], id);
		if (r && r->vpc != vpc)
			return true;
	}
	return false;
}

/* The ids a route names are written as references: each must have its kind's shape,
 * or it could name an object of another kind. */
static bool route_ids_ok(struct imp *I, struct res *rt, const cJSON *r)
{
	static const struct { const char *key, *prefix; } shapes[] = {
		{ "NatGatewayId", "nat-" }, { "InstanceId", "i-" }, { "NetworkInterfaceId", "eni-" },
		{ "VpcPeeringConnectionId", "pcx-" }, { "TransitGatewayId", "tgw-" },
		{ "EgressOnlyInternetGatewayId", "eigw-" }, { "LocalGatewayId", "lgw-" },
		{ "CarrierGatewayId", "cagw-" },
	};
	bool ok = true;
	for (size_t i = 0; i < sizeof(shapes) / sizeof(shapes[0]); i++)
		ok &= check_id(I, rt->f, pool_printf(I, "route table %s: %s", rt->id, shapes[i].key),
			       jstr(r, shapes[i].key), shapes[i].prefix);
	const char *gw = jstr(r, "GatewayId"), *core = jstr(r, "CoreNetworkArn");
	if (gw && strcmp(gw, "local") && !is_aws_id(gw, "igw-") && !is_aws_id(gw, "vgw-") &&
	    !is_aws_id(gw, "vpce-")) {
		error(I, rt->f, gw, "route table %s: GatewayId '%s' is not an internet gateway, virtual "
		      "private gateway or VPC endpoint id", rt->id, gw);
		ok = false;
	}
	const char *slash = core ? strrchr(core, '/') : NULL;
	if (core && !(slash && is_aws_id(slash + 1, "core-network-"))) {
		error(I, rt->f, core, "route table %s: CoreNetworkArn '%s' does not end in a core network "
		      "id (…/core-network-0abc)", rt->id, core);
		ok = false;
	}
	return ok;
}

/* inside: the destination is inside the VPC (more specific than its local route), where
 * AWS allows only a NAT gateway, a network interface or a GWLB endpoint (F1.6): an
 * instance's own interface then stays an interface. */
static enum tgt route_target(struct out *o, struct res *rt, const cJSON *r, const char *dest,
			     bool inside, const char **target, bool blackhole)
{
	struct imp *I = o->I;
	const char *gw = jstr(r, "GatewayId"), *nat = jstr(r, "NatGatewayId"),
		   *inst = jstr(r, "InstanceId"), *eni = jstr(r, "NetworkInterfaceId"),
		   *pcx = jstr(r, "VpcPeeringConnectionId"), *tgw = jstr(r, "TransitGatewayId"),
		   *eigw = jstr(r, "EgressOnlyInternetGatewayId"), *lgw = jstr(r, "LocalGatewayId"),
		   *cagw = jstr(r, "CarrierGatewayId"), *core = jstr(r, "CoreNetworkArn");
	const char *t = NULL;
	bool ok = false;
	const char *why = "is not in the snapshot";
	if (gw && !strcmp(gw, "local"))
		return T_SKIP; /* the local routes are implicit (F1.6) */
	if (!route_ids_ok(I, rt, r))
		return T_SKIP; /* reported */
	if (gw && str_has_prefix(gw, "vpce-")) {
		struct res *e = kept(I, RK_EP, gw);
		if (e && e->vpc == rt->vpc && !strcmp(jstr(e->j, "VpcEndpointType"), "Gateway"))
			return T_IMPLIED; /* from the endpoint's route_tables (F2.2) */
		if (e && e->vpc == rt->vpc) {
			error(I, rt->f, gw, "route table %s: the route to %s goes to %s, an interface "
			      "endpoint; AWS routes to gateway and Gateway Load Balancer endpoints only",
			      rt->id, dest, gw);
			return T_SKIP;
		}
		const char *via = blackhole ? NULL : eni_for_endpoint(I, gw);
		if (via) {
			warn(I, rt->f, gw, "route table %s: route to %s goes to %s, a Gateway Load "
			     "Balancer or firewall endpoint vpcpath does not model; kept as its network "
			     "interface %s (a trace through it says exits-model)", rt->id, dest, gw, via);
			*target = via;
			return T_OK;
		}
		t = gw;
	} else if (gw && str_has_prefix(gw, "igw-")) {
		struct res *g = kept(I, RK_IGW, gw);
		t = gw;
		ok = g && g->vpc == rt->vpc;
		if (!ok && find(I, RK_IGW, gw))
			why = "is not attached to this VPC";
	} else if (gw && str_has_prefix(gw, "vgw-")) {
		struct res *g = kept(I, RK_VGW, gw);
		t = gw;
		ok = g && g->vpc == rt->vpc;
		if (!ok && find(I, RK_VGW, gw))
			why = "is not attached to this VPC";
	} else if (nat) {
		struct res *n = kept(I, RK_NAT, nat);
		t = nat;
		ok = n && n->vpc == rt->vpc;
		if (!ok && find(I, RK_NAT, nat))
			why = "was skipped";
	} else if (inst && eni && inside) {
		/* F1.6: more specific than local only to a network interface */
		*target = eni;
		if (!blackhole)
			warn(I, rt->f, eni, "route table %s: route to %s goes to network interface %s of "
			     "instance %s (a middlebox inside the VPC); vpcpath does not model what is "
			     "behind it (a trace through it says exits-model)", rt->id, dest, eni, inst);
		return blackhole ? T_BLACKHOLE : T_OK;
	} else if (inst) {
		struct res *n = kept(I, RK_INST, inst);
		t = inst;
		ok = n && n->vpc == rt->vpc;
		if (!ok && find(I, RK_INST, inst))
			why = "was skipped (terminated?)";
	} else if (eni) {
		struct res *e = find(I, RK_ENI, eni);
		const char *owner = e ? jstr(jget(e->j, "Attachment"), "InstanceId") : NULL;
		struct res *n = owner ? kept(I, RK_INST, owner) : NULL;
		if (n && n->vpc == rt->vpc && !inside) {
			*target = owner; /* an instance's own interface: the instance */
			return T_OK;
		}
		t = eni;
		if (!e && I->have[RK_ENI]) {
			why = "is not among the network interfaces of the snapshot";
		} else {
			if (!blackhole)
				warn(I, rt->f, eni, "route table %s: route to %s goes to network interface %s%s%s%s; "
				     "vpcpath does not model what is behind it (a trace through it says "
				     "exits-model)", rt->id, dest, eni,
				     e && jstr(e->j, "Description") ? " (" : "",
				     e && jstr(e->j, "Description") ? jstr(e->j, "Description") : "",
				     e && jstr(e->j, "Description") ? ")" : "");
			*target = eni;
			return blackhole ? T_BLACKHOLE : T_OK;
		}
	} else if (pcx) {
		t = pcx;
		ok = kept(I, RK_PCX, pcx) != NULL;
		if (!ok && find(I, RK_PCX, pcx))
			why = "was skipped";
	} else if (tgw) {
		t = tgw;
		ok = kept(I, RK_TGW, tgw) != NULL;
	} else if (eigw) {
		struct res *g = kept(I, RK_EIGW, eigw);
		t = eigw;
		ok = g && g->vpc == rt->vpc;
	} else if (lgw || cagw || core) {
		t = lgw ? lgw : cagw ? cagw : strrchr(core, '/') + 1;
		if (!blackhole)
			warn(I, rt->f, lgw ? lgw : cagw ? cagw : core, "route table %s: route to %s "
			     "goes to %s, which vpcpath does not model (a trace through it says "
			     "exits-model)", rt->id, dest, t);
		*target = t;
		return blackhole ? T_BLACKHOLE : T_OK;
	} else if (gw) {
		t = gw;
	}
	if (!t) {
		warn(I, rt->f, rt->id, "route table %s: route to %s has no target vpcpath knows; "
		     "skipped", rt->id, dest);
		return T_SKIP;
	}
	*target = t;
	if (!ok && kept_elsewhere(I, t, rt->vpc)) {
		warn(I, rt->f, t, "route table %s: the route to %s names %s, which belongs to another "
		     "VPC in the snapshot; skipped", rt->id, dest, t);
		return T_SKIP;
	}
	if (blackhole)
		return T_BLACKHOLE;
	if (ok)
		return T_OK;
	/* F1.8: AWS shows a route whose target is gone as a blackhole */
	warn(I, rt->f, t, "route table %s: the target of the route to %s, %s, %s; the route is "
	     "written as a blackhole (F1.8)", rt->id, dest, t, why);
	return T_BLACKHOLE;
}

/* A route inside the VPC must be to a whole subnet's CIDR (F1.6). */
static bool is_subnet_cidr(struct imp *I, struct res *v, const struct net_prefix *p)
{
	FOR_VPC(I, RK_SUBNET, v->id, s)
	{
		struct net_prefix c;
		if (parse_cidr(subnet_cidr(s), &c) && c.len == p->len && net_addr_eq(&c.addr, &p->addr))
			return true;
		if (parse_cidr(subnet_ipv6_out(s), &c) && c.len == p->len &&
		    net_addr_eq(&c.addr, &p->addr))
			return true;
	}
	return false;
}

/* ... and to a NAT gateway, a network interface or a GWLB endpoint, as the loader reads
 * the target: a NAT gateway it declares, or an id it treats as unmodelled. */
static bool local_target_ok(struct imp *I, const char *t, int vpc)
{
	struct res *n = kept(I, RK_NAT, t);
	return (n && n->vpc == vpc) || str_has_prefix(t, "eni-") || str_has_prefix(t, "lgw-") ||
	       str_has_prefix(t, "cagw-") || str_has_prefix(t, "core-network") ||
	       (str_has_prefix(t, "vpce-") && !kept(I, RK_EP, t));
}

static bool is_vpc_cidr(struct imp *I, int vpc, const struct net_prefix *p)
{
	const struct vnets *nv = &I->nets[vpc];
	for (size_t i = 0; i < nv->n4 + nv->n6; i++)
		if (nv->p[i].len == p->len && net_addr_eq(&nv->p[i].addr, &p->addr))
			return true;
	return false;
}

/* One written route's destination, to find two routes to one destination. */
struct rdest {
	struct net_prefix p; /* a CIDR, canonical */
	const char *pl;      /* or a prefix list */
	bool propagated;
};

static int cmp_rdest(const void *a, const void *b)
{
	const struct rdest *x = a, *y = b;
	if (!x->pl != !y->pl)
		return x->pl ? 1 : -1;
	int c = x->pl ? strcmp(x->pl, y->pl) : net_addr_cmp(&x->p.addr, &y->p.addr);
	if (!c && !x->pl)
		c = (int)x->p.len - (int)y->p.len;
	return c ? c : (int)x->propagated - (int)y->propagated;
}

/* A gateway endpoint associated with the table routes its service's prefix list there
 * (F2.2): a written route to that list must go to it. */
static void check_endpoint_route(struct out *o, struct res *v, struct res *rt, const char *pl,
				 const char *target)
{
	struct imp *I = o->I;
	FOR_VPC(I, RK_EP, v->id, e)
	{
		struct eptabs *et = &o->ep_tables[idx_of(I, RK_EP, e)];
		bool assoc = false;
		for (size_t i = 0; i < et->n && !assoc; i++)
			assoc = !strcmp(et->ids[i], rt->id);
		for (int f = 0; assoc && f < 2; f++)
			if (et->pl[f] && !strcmp(et->pl[f], pl) && strcmp(target, e->id))
				error(I, rt->f, rt->id, "route table %s: the route to %s goes to %s, but the "
				      "table is associated with gateway endpoint %s, and AWS routes %s to "
				      "it there (F2.2, F2.3)", rt->id, pl, target, e->id, pl);
	}
}

static void emit_route_tables(struct out *o, struct res *v)
{
	struct imp *I = o->I;
	struct yem *y = o->y;
	int vi = (int)idx_of(I, RK_VPC, v);
	size_t count = 0;
	FOR_VPC(I, RK_RTB, v->id, rt) count++;
	if (!count)
		return;
	y_str(y, "route_tables");
	y_seq(y, false);
	struct res *vgw = vpc_gateway(I, RK_VGW, vi);
	const char *main_id = NULL;
	FOR_VPC(I, RK_RTB, v->id, rt)
	{
		y_map(y, false);
		y_kstr(y, "id", rt->id);
		y_name_tags(I, y, rt, RK_RTB, tag_name(rt->j));
		const cJSON *a, *r;
		bool main = false;
		cJSON_ArrayForEach(a, jarr(rt->j, "Associations"))
		{
			if (jbool(a, "Main", false))
				main = true;
			if (jstr(a, "GatewayId"))
				warn(I, rt->f, jstr(a, "GatewayId"), "route table %s is associated with "
				     "gateway %s (ingress routing), which vpcpath does not model", rt->id,
				     jstr(a, "GatewayId"));
		}
		if (main && main_id)
			error(I, rt->f, rt->id, "vpc %s has two main route tables, %s and %s; AWS has one "
			      "per VPC (F1.10)", v->id, main_id, rt->id);
		if (main) {
			main_id = rt->id;
			y_kbool(y, "main", true);
		}
		size_t nprop = 0;
		cJSON_ArrayForEach(a, jarr(rt->j, "PropagatingVgws"))
		{
			const char *g = jstr(a, "GatewayId");
			if (g && vgw && !strcmp(g, vgw->id)) {
				if (nprop)
					error(I, rt->f, g, "route table %s lists propagating gateway %s twice",
					      rt->id, g);
				y_section(y, &nprop, "propagating_vgws", true);
				y_str(y, g);
			} else if (g) {
				warn(I, rt->f, g, "route table %s: propagating VPN gateway %s is not attached "
				     "to %s in the snapshot; dropped", rt->id, g, v->id);
			}
		}
		if (nprop)
			y_send(y);
		size_t nroutes = 0, nseen = 0;
		struct rdest *seen = xcalloc((size_t)cJSON_GetArraySize(jarr(rt->j, "Routes")) + 1,
					     sizeof(*seen));
		cJSON_ArrayForEach(r, jarr(rt->j, "Routes"))
		{
			const char *d4 = jstr(r, "DestinationCidrBlock"),
				   *d6 = jstr(r, "DestinationIpv6CidrBlock"),
				   *dpl = jstr(r, "DestinationPrefixListId");
			const char *dest = d4 ? d4 : d6 ? d6 : dpl;
			const char *st = jstr(r, "State"), *origin = jstr(r, "Origin");
			bool blackhole = st && !strcmp(st, "blackhole");
			if (jstr(r, "GatewayId") && !strcmp(jstr(r, "GatewayId"), "local"))
				continue;
			if (!dest) {
				warn(I, rt->f, rt->id, "route table %s: a route without a destination; "
				     "skipped", rt->id);
				continue;
			}
			struct rdest rd = { .propagated = origin && !strcmp(origin,
									  "EnableVgwRoutePropagation") };
			if (d4 || d6) {
				const char *key = d4 ? "DestinationCidrBlock" : "DestinationIpv6CidrBlock";
				if (!check_cidr(I, rt->f, pool_printf(I, "route table %s: %s", rt->id, key),
						dest, d4 ? NET_V4 : NET_V6, &rd.p))
					continue;
			} else if (!check_id(I, rt->f, pool_printf(I, "route table %s: "
					     "DestinationPrefixListId", rt->id), dpl, "pl-")) {
				continue;
			} else {
				rd.pl = dpl;
			}
			/* F1.7: 169.254.168.0/22 and fd00:ec2::/32 take no routes */
			struct net_prefix reserved;
			parse_cidr(d4 ? "169.254.168.0/22" : "fd00:ec2::/32", &reserved);
			if (!rd.pl && rd.p.len >= reserved.len && net_prefix_covers(&reserved, &rd.p)) {
				error(I, rt->f, dest, "route table %s: a route to %s, inside %s, where AWS takes "
				      "no routes (F1.7)", rt->id, dest, d4 ? "169.254.168.0/22" :
				      "fd00:ec2::/32");
				continue;
			}
			bool inside = !rd.pl && in_vpc_cidrs(I, vi, &rd.p, rd.p.addr.family == NET_V6);
			const char *target = NULL;
			enum tgt tg = route_target(o, rt, r, dest, inside, &target, blackhole);
			if (tg == T_SKIP)
				continue;
			if (tg == T_IMPLIED) {
				/* AWS writes a gateway endpoint's routes itself, to its service's list */
				if (!rd.pl)
					error(I, rt->f, rt->id, "route table %s: the route to %s goes to gateway "
					      "endpoint %s; AWS routes only the service's prefix list to a "
					      "gateway endpoint (F2.2)", rt->id, dest, jstr(r, "GatewayId"));
				continue;
			}
			if (dpl && !pl_ok(I, o->P, dpl)) {
				warn(I, rt->f, dpl, "route table %s: route to prefix list %s, which is not in "
				     "the snapshot; skipped", rt->id, dpl);
				continue;
			}
			if (inside && !is_vpc_cidr(I, vi, &rd.p) &&
			    !(is_subnet_cidr(I, v, &rd.p) && local_target_ok(I, target, vi))) {
				error(I, rt->f, rt->id, "route table %s: the route to %s is more specific than "
				      "the local route of %s; AWS allows that only for a whole subnet's CIDR "
				      "to a NAT gateway, network interface or Gateway Load Balancer endpoint, "
				      "not to %s%s (F1.6)", rt->id, dest, v->id, target,
				      tg == T_BLACKHOLE ? ", which is gone" : "");
				continue;
			}
			if (rd.pl)
				check_endpoint_route(o, v, rt, rd.pl, target);
			seen[nseen++] = rd;
			y_section(y, &nroutes, "routes", false);
			y_map(y, true);
			y_kstr(y, "destination", dest);
			y_kstr(y, "target", target);
			if (tg == T_BLACKHOLE)
				y_kstr(y, "state", "blackhole");
			if (rd.propagated)
				y_kstr(y, "origin", "propagated");
			y_mend(y);
		}
		if (nroutes)
			y_send(y);
		/* F1.3: a static and a propagated route may share a destination, two static
		 * routes (or two propagated ones) may not */
		qsort(seen, nseen, sizeof(*seen), cmp_rdest);
		for (size_t i = 1; i < nseen; i++)
			if (!cmp_rdest(&seen[i - 1], &seen[i])) {
				char buf[NET_PREFIXSTRLEN];
				error(I, rt->f, rt->id, "route table %s has two %s routes to %s; AWS keeps one "
				      "per destination", rt->id, seen[i].propagated ? "propagated" : "static",
				      seen[i].pl ? seen[i].pl : net_prefix_str(&seen[i].p, buf));
			}
		free(seen);
		y_mend(y);
	}
	y_send(y);
}

/* The AZ a subnet is written in: its own, else its instances' placement (a subnet
 * described without its AZ). */
static const char *subnet_az(struct imp *I, struct res *v, struct res *s)
{
	const char *az = jstr(s->j, "AvailabilityZone");
	FOR_VPC(I, RK_INST, v->id, in)
	{
		const char *sid = jstr(in->j, "SubnetId");
		if (!az && sid && !strcmp(sid, s->id))
			az = jstr(jget(in->j, "Placement"), "AvailabilityZone");
	}
	return az;
}

static void emit_subnets(struct out *o, struct res *v)
{
	struct imp *I = o->I;
	struct yem *y = o->y;
	size_t count = 0;
	FOR_VPC(I, RK_SUBNET, v->id, s) count++;
	if (!count)
		return;
	y_str(y, "subnets");
	y_seq(y, false);
	FOR_VPC(I, RK_SUBNET, v->id, s)
	{
		size_t si = idx_of(I, RK_SUBNET, s);
		y_map(y, false);
		y_kstr(y, "id", s->id);
		y_name_tags(I, y, s, RK_SUBNET, tag_name(s->j));
		y_kstr(y, "cidr", subnet_cidr(s));
		y_kstr(y, "ipv6_cidr", subnet_ipv6_out(s));
		const char *az = subnet_az(I, v, s);
		if (!jstr(s->j, "AvailabilityZone") && az && !is_az_name(az))
			error(I, s->f, az, "subnet %s: the AvailabilityZone '%s' of its instances is not an "
			      "AZ name (like us-east-1a)", s->id, az);
		y_kstr(y, "az", az);
		y_kstr(y, "az_id", jstr(s->j, "AvailabilityZoneId"));
		y_kstr(y, "route_table", o->sub_rtb[si]);
		y_kstr(y, "network_acl", o->sub_acl[si]);
		y_mend(y);
	}
	y_send(y);
}

static void emit_nats(struct out *o, struct res *v)
{
	struct imp *I = o->I;
	struct yem *y = o->y;
	size_t count = 0;
	FOR_VPC(I, RK_NAT, v->id, n) count++;
	if (!count)
		return;
	y_str(y, "nat_gateways");
	y_seq(y, false);
	FOR_VPC(I, RK_NAT, v->id, n)
	{
		struct res *s = find(I, RK_SUBNET, jstr(n->j, "SubnetId"));
		const char *priv = NULL;
		const cJSON *a;
		cJSON_ArrayForEach(a, jarr(n->j, "NatGatewayAddresses"))
			if (!priv || jbool(a, "IsPrimary", false))
				priv = jstr(a, "PrivateIp") ? jstr(a, "PrivateIp") : priv;
		if (priv && !check_addr(I, n->f, pool_printf(I, "NAT gateway %s: PrivateIp", n->id),
					priv, 0, NULL)) {
			priv = NULL;
		} else if (priv && !addr_in_cidr(subnet_cidr(s), priv)) {
			warn(I, n->f, priv, "NAT gateway %s: private address %s is not in its subnet %s; "
			     "left out (vpcpath picks one in the subnet)", n->id, priv, s->id);
			priv = NULL;
		}
		own_addr(o, priv, n->id, n->f);
		y_map(y, false);
		y_kstr(y, "id", n->id);
		y_name_tags(I, y, n, RK_NAT, tag_name(n->j));
		y_kstr(y, "subnet", s->id);
		if (!n->aux)
			y_kstr(y, "connectivity", "private");
		y_kstr(y, "private_ip", priv);
		y_kstr(y, "public_ip", n->aux);
		y_mend(y);
	}
	y_send(y);
}

/* A rule's protocol and ports as read (IpProtocol, FromPort, ToPort). */
struct rproto {
	const char *text; /* as written: "tcp", "-1", "50" */
	int num;          /* TOPO_PROTO_* or the number */
	long from, to;
	bool ports;       /* from-to applies (TCP, UDP) */
};

/* Reads and checks a security group rule's protocol and ports (FromPort/ToPort: TCP
 * and UDP ports, or an ICMP type and code); false when bad (reported). */
static bool sg_rule_proto(struct imp *I, struct res *sg, const cJSON *rule, struct rproto *rp)
{
	const char *what = pool_printf(I, "security group %s", sg->id);
	rp->text = jstr(rule, "IpProtocol");
	if (!rp->text) {
		error(I, sg->f, sg->id, "%s: a rule without IpProtocol", what);
		return false;
	}
	return check_proto(I, sg->f, sg->id, what, rp->text, &rp->num) &&
	       check_ports(I, sg->f, sg->id, what, rp->num, rule, "FromPort", "ToPort", &rp->from,
			   &rp->to, &rp->ports);
}

/* One security group rule per peer of an IpPermissions item (or SecurityGroupRules item). */
static void emit_sg_rule(struct out *o, bool egress, const struct rproto *rp, const char *peer,
			 const char *desc)
{
	struct yem *y = o->y;
	char ports[48];
	y_map(y, true);
	bool all = rp->num == TOPO_PROTO_ALL;
	y_kstr(y, "protocol", all ? "all" : rp->text);
	bool tcpudp = rp->num == TOPO_PROTO_TCP || rp->num == TOPO_PROTO_UDP;
	if (tcpudp && rp->ports && !(rp->from == 0 && rp->to == 65535)) {
		if (rp->from == rp->to)
			y_klong(y, "ports", rp->from);
		else {
			snprintf(ports, sizeof(ports), "%ld-%ld", rp->from, rp->to);
			y_kstr(y, "ports", ports);
		}
	}
	y_kstr(y, egress ? "to" : "from", peer);
	y_kstr(y, "description", desc);
	y_mend(y);
}

/* Is the peer usable?  A missing SG or prefix list drops the rule, with a warning (an
 * allow rule: dropping it allows less, never more); a malformed id is an error. */
static bool sg_peer_ok(struct out *o, struct res *sg, const char *peer, bool is_sg)
{
	struct imp *I = o->I;
	if (!check_id(I, sg->f, pool_printf(I, "security group %s: a rule's %s", sg->id,
					    is_sg ? "security group" : "prefix list"),
		      peer, is_sg ? "sg-" : "pl-"))
		return false;
	if (is_sg) {
		if (kept(I, RK_SG, peer))
			return true;
		warn(I, sg->f, peer, "security group %s: a rule refers to security group %s, which is "
		     "not in the snapshot (another account, or deleted); the rule is dropped", sg->id,
		     peer);
		return false;
	}
	if (pl_ok(I, o->P, peer))
		return true;
	warn(I, sg->f, peer, "security group %s: a rule refers to prefix list %s, which is not in "
	     "the snapshot; the rule is dropped", sg->id, peer);
	return false;
}

static bool sg_cidr_ok(struct out *o, struct res *sg, const char *key, const char *cidr)
{
	return check_cidr(o->I, sg->f, pool_printf(o->I, "security group %s: %s", sg->id, key),
			  cidr, strchr(key, '6') ? NET_V6 : NET_V4, NULL);
}

static void emit_sg_perms(struct out *o, struct res *sg, bool egress, const cJSON *perms)
{
	const cJSON *p, *x;
	cJSON_ArrayForEach(p, perms)
	{
		struct rproto rp;
		if (!sg_rule_proto(o->I, sg, p, &rp))
			continue;
		cJSON_ArrayForEach(x, jarr(p, "IpRanges"))
			if (jstr(x, "CidrIp") && sg_cidr_ok(o, sg, "CidrIp", jstr(x, "CidrIp")))
				emit_sg_rule(o, egress, &rp, jstr(x, "CidrIp"), jstr(x, "Description"));
		cJSON_ArrayForEach(x, jarr(p, "Ipv6Ranges"))
			if (jstr(x, "CidrIpv6") && sg_cidr_ok(o, sg, "CidrIpv6", jstr(x, "CidrIpv6")))
				emit_sg_rule(o, egress, &rp, jstr(x, "CidrIpv6"), jstr(x, "Description"));
		cJSON_ArrayForEach(x, jarr(p, "PrefixListIds"))
			if (jstr(x, "PrefixListId") && sg_peer_ok(o, sg, jstr(x, "PrefixListId"), false))
				emit_sg_rule(o, egress, &rp, jstr(x, "PrefixListId"), jstr(x, "Description"));
		cJSON_ArrayForEach(x, jarr(p, "UserIdGroupPairs"))
			if (jstr(x, "GroupId") && sg_peer_ok(o, sg, jstr(x, "GroupId"), true))
				emit_sg_rule(o, egress, &rp, jstr(x, "GroupId"), jstr(x, "Description"));
	}
}

static void emit_sg_rules_list(struct out *o, struct res *sg, bool egress)
{
	size_t n;
	struct gent *g = group_get(&o->I->sgrules_by_group, sg->id, &n);
	for (size_t i = 0; i < n; i++) {
		const cJSON *r = g[i].r->j;
		const cJSON *dir = jget(r, "IsEgress");
		if (!cJSON_IsBool(dir)) {
			/* which list it belongs to decides what it allows */
			if (egress)
				error(o->I, g[i].r->f, g[i].r->id, "security group rule %s: IsEgress is not "
				      "true or false", g[i].r->id);
			continue;
		}
		if (cJSON_IsTrue(dir) != egress)
			continue;
		const char *ref = jstr(jget(r, "ReferencedGroupInfo"), "GroupId");
		const char *peer = jstr(r, "CidrIpv4");
		bool is_sg = false, is_pl = false;
		struct rproto rp;
		if (peer && !sg_cidr_ok(o, sg, "CidrIpv4", peer))
			continue;
		if (!peer && (peer = jstr(r, "CidrIpv6")) && !sg_cidr_ok(o, sg, "CidrIpv6", peer))
			continue;
		if (!peer && (peer = jstr(r, "PrefixListId")))
			is_pl = true;
		if (!peer && (peer = ref))
			is_sg = true;
		if (!peer || ((is_sg || is_pl) && !sg_peer_ok(o, sg, peer, is_sg)))
			continue;
		if (!sg_rule_proto(o->I, sg, r, &rp))
			continue;
		emit_sg_rule(o, egress, &rp, peer, jstr(r, "Description"));
	}
}

static void emit_sgs(struct out *o, struct res *v)
{
	struct imp *I = o->I;
	struct yem *y = o->y;
	size_t count = 0;
	FOR_VPC(I, RK_SG, v->id, sg) count++;
	if (!count)
		return;
	y_str(y, "security_groups");
	y_seq(y, false);
	const char *default_id = NULL;
	FOR_VPC(I, RK_SG, v->id, sg)
	{
		const char *gname = jstr(sg->j, "GroupName");
		const char *name = tag_name(sg->j);
		y_map(y, false);
		y_kstr(y, "id", sg->id);
		y_name_tags(I, y, sg, RK_SG, name ? name : gname);
		if (gname && !strcmp(gname, "default")) {
			if (default_id)
				error(I, sg->f, sg->id, "vpc %s has two default security groups, %s and %s; "
				      "AWS makes one per VPC (F6.2)", v->id, default_id, sg->id);
			default_id = sg->id;
			y_kbool(y, "default", true);
		}
		y_kstr(y, "description", jstr(sg->j, "Description"));
		size_t nrules;
		group_get(&I->sgrules_by_group, sg->id, &nrules);
		static const char *const keys[] = { "IpPermissionsEgress", "IpPermissions" };
		for (int d = 0; d < 2; d++) {
			bool egress = d == 0;
			const cJSON *perms = jarr(sg->j, keys[d]);
			if (!perms && !nrules)
				continue; /* absent: the default (egress all out, F6.1) */
			y_str(y, egress ? "egress" : "ingress");
			y_seq(y, false);
			if (perms)
				emit_sg_perms(o, sg, egress, perms);
			else
				emit_sg_rules_list(o, sg, egress);
			y_send(y);
		}
		if (!jarr(sg->j, "IpPermissions") && !nrules)
			warn(I, sg->f, sg->id, "security group %s: its rules are not in the snapshot (no "
			     "IpPermissions, no describe-security-group-rules); %s", sg->id,
			     gname && !strcmp(gname, "default") ? "the default rules are assumed" :
			     "no inbound rules and all outbound are assumed");
		y_mend(y);
	}
	y_send(y);
}

struct nacl_entry {
	long number;
	const cJSON *j;
};

static int cmp_nacl_entry(const void *a, const void *b)
{
	const struct nacl_entry *x = a, *y = b;
	return x->number < y->number ? -1 : x->number > y->number;
}

/* One NACL entry, checked: every field decides what the rule matches, so a bad one is
 * an error (a rule left out, or read wider or narrower, changes every answer behind
 * it).  Returns false when bad (reported). */
static bool nacl_entry_ok(struct imp *I, struct res *n, const cJSON *e, long num, int *proto)
{
	const char *what = pool_printf(I, "network ACL %s: rule %ld", n->id, num);
	const char *p = jstr(e, "Protocol"), *c4 = jstr(e, "CidrBlock"),
		   *c6 = jstr(e, "Ipv6CidrBlock"), *action = jstr(e, "RuleAction");
	long lo, hi;
	bool given;
	if (!p || (!c4 && !c6) || !action) {
		error(I, n->f, n->id, "%s has no %s", what, !p ? "Protocol" : !action ? "RuleAction" :
		      "CidrBlock or Ipv6CidrBlock");
		return false;
	}
	if (!check_proto(I, n->f, n->id, what, p, proto))
		return false;
	if (!check_cidr(I, n->f, pool_printf(I, "%s: %s", what, c4 ? "CidrBlock" : "Ipv6CidrBlock"),
			c4 ? c4 : c6, c4 ? NET_V4 : NET_V6, NULL))
		return false;
	if (!str_ieq(action, "allow") && !str_ieq(action, "deny")) {
		error(I, n->f, action, "%s: RuleAction '%s' is not allow or deny", what, action);
		return false;
	}
	if (*proto == TOPO_PROTO_ICMP || *proto == TOPO_PROTO_ICMPV6)
		return check_ports(I, n->f, n->id, what, *proto, jget(e, "IcmpTypeCode"), "Type",
				   "Code", &lo, &hi, &given);
	return check_ports(I, n->f, n->id, what, *proto, jget(e, "PortRange"), "From", "To", &lo,
			   &hi, &given);
}

static void emit_nacls(struct out *o, struct res *v)
{
	struct imp *I = o->I;
	struct yem *y = o->y;
	size_t count = 0;
	FOR_VPC(I, RK_NACL, v->id, n) count++;
	if (!count)
		return;
	y_str(y, "network_acls");
	y_seq(y, false);
	const char *default_id = NULL;
	FOR_VPC(I, RK_NACL, v->id, n)
	{
		y_map(y, false);
		y_kstr(y, "id", n->id);
		y_name_tags(I, y, n, RK_NACL, tag_name(n->j));
		if (jbool(n->j, "IsDefault", false)) {
			if (default_id)
				error(I, n->f, n->id, "vpc %s has two default network ACLs, %s and %s; AWS "
				      "makes one per VPC (F6.3)", v->id, default_id, n->id);
			default_id = n->id;
			y_kbool(y, "default", true);
		}
		const cJSON *entries = jarr(n->j, "Entries");
		size_t total = (size_t)cJSON_GetArraySize(entries);
		struct nacl_entry *ev = xcalloc(total + 1, sizeof(*ev));
		for (int d = 0; d < 2; d++) {
			bool egress = d == 0;
			size_t m = 0;
			const cJSON *e;
			cJSON_ArrayForEach(e, entries)
			{
				long num;
				const cJSON *dir = jget(e, "Egress");
				if (!cJSON_IsBool(dir)) {
					/* the direction decides what the rule filters */
					if (egress)
						error(I, n->f, n->id, "network ACL %s: an entry whose Egress is not "
						      "true or false", n->id);
					continue;
				}
				if (cJSON_IsTrue(dir) != egress)
					continue;
				if (!jint(e, "RuleNumber", &num)) {
					error(I, n->f, n->id, "network ACL %s: an %s entry without a RuleNumber",
					      n->id, egress ? "egress" : "ingress");
					continue;
				}
				if (num == 32767 || num == 32768)
					continue; /* the implicit final denies (IPv4, IPv6) every NACL has (F6.3) */
				if (num < 1 || num > 32766) {
					error(I, n->f, n->id, "network ACL %s: rule number %ld is not 1 to 32766 "
					      "(F6.3)", n->id, num);
					continue;
				}
				ev[m++] = (struct nacl_entry){ num, e };
			}
			qsort(ev, m, sizeof(*ev), cmp_nacl_entry);
			/* AWS keeps one rule per number and direction (F6.3): two are a conflict,
			 * and keeping either would guess which one AWS applies */
			for (size_t i = 1; i < m; i++)
				if (ev[i - 1].number == ev[i].number)
					error(I, n->f, n->id, "network ACL %s has two %s rules numbered %ld; AWS "
					      "keeps one rule per number", n->id, egress ? "egress" : "ingress",
					      ev[i].number);
			y_str(y, egress ? "egress" : "ingress");
			y_seq(y, false);
			for (size_t i = 0; i < m; i++) {
				e = ev[i].j;
				int pnum;
				if (!nacl_entry_ok(I, n, e, ev[i].number, &pnum))
					continue;
				const char *proto = jstr(e, "Protocol");
				const char *cidr = jstr(e, "CidrBlock");
				if (!cidr)
					cidr = jstr(e, "Ipv6CidrBlock");
				static const struct { const char *num, *name; } protos_by_num[] = {
					{ "-1", "all" }, { "6", "tcp" }, { "17", "udp" }, { "1", "icmp" },
					{ "58", "icmpv6" },
				};
				for (size_t k = 0; k < sizeof(protos_by_num) / sizeof(protos_by_num[0]); k++)
					if (!strcmp(proto, protos_by_num[k].num))
						proto = protos_by_num[k].name;
				y_map(y, true);
				y_klong(y, "rule", ev[i].number);
				y_kstr(y, "protocol", proto);
				long from, to;
				const cJSON *pr = jget(e, "PortRange");
				if ((pnum == TOPO_PROTO_TCP || pnum == TOPO_PROTO_UDP) && pr &&
				    jint(pr, "From", &from) && jint(pr, "To", &to) && from >= 0 &&
				    to >= from && to <= 65535 && !(from == 0 && to == 65535)) {
					char ports[48];
					if (from == to)
						y_klong(y, "ports", from);
					else {
						snprintf(ports, sizeof(ports), "%ld-%ld", from, to);
						y_kstr(y, "ports", ports);
					}
				}
				y_kstr(y, egress ? "to" : "from", cidr);
				y_kstr(y, "action", str_ieq(jstr(e, "RuleAction"), "allow") ? "allow" : "deny");
				y_mend(y);
			}
			y_send(y);
		}
		free(ev);
		y_mend(y);
	}
	y_send(y);
}

static bool has_gateway_endpoint(struct imp *I, int vpc, const char *svc)
{
	for (size_t i = 0; i < I->l[RK_EP].n; i++) {
		struct res *e = &I->l[RK_EP].v[i];
		if (e->keep && e->vpc == vpc && !strcmp(jstr(e->j, "VpcEndpointType"), "Gateway") &&
		    !strcmp(e->aux, svc))
			return true;
	}
	return false;
}

/* A policy AWS printed but vpcpath cannot compile is a located import error: writing
 * it would move the error into the generated YAML, and dropping it would turn a
 * restrictive policy into full access. */
/* The policy as the loader will read it back from the YAML y_json writes: a number is
 * written as a plain scalar, which the loader reads as a string (load.c yaml_to_json);
 * everything else reads as written.  Compiling this copy gives the loader's verdict. */
static cJSON *json_as_loaded(const cJSON *j)
{
	char buf[64];
	cJSON *c, *out;
	if (cJSON_IsObject(j) || cJSON_IsArray(j)) {
		out = cJSON_IsObject(j) ? cJSON_CreateObject() : cJSON_CreateArray();
		cJSON_ArrayForEach(c, j)
		{
			if (cJSON_IsObject(j))
				cJSON_AddItemToObject(out, c->string, json_as_loaded(c));
			else
				cJSON_AddItemToArray(out, json_as_loaded(c));
		}
		return out;
	}
	if (cJSON_IsNumber(j))
		return cJSON_CreateString(json_number_text(j, buf, sizeof(buf)));
	return cJSON_Duplicate(j, 1);
}

/* What the loader refuses in a policy that the JSON allows (load.c: a key twice in an
 * object, more than 256 keys in one or 20,000 nodes in all), and nesting deeper than
 * the YAML reader's 64 levels leave room for under an endpoint (32 is far beyond any
 * IAM policy).  *nodes counts down. */
static const char *policy_shape_problem(struct imp *I, const cJSON *j, int depth, size_t *nodes)
{
	const cJSON *c;
	if ((*nodes)-- == 0)
		return "it has more than 20000 elements";
	if (depth > 32)
		return "it nests deeper than 32 levels";
	if (cJSON_IsObject(j) && cJSON_GetArraySize(j) > 256)
		return "an object in it has more than 256 keys";
	cJSON_ArrayForEach(c, j)
	{
		if (cJSON_IsObject(j))
			for (const cJSON *k = j->child; k != c; k = k->next)
				if (!strcmp(k->string, c->string))
					return pool_printf(I, "it has the key \"%s\" twice in one object",
							   c->string);
		const char *why = policy_shape_problem(I, c, depth + 1, nodes);
		if (why)
			return why;
	}
	return NULL;
}

static bool policy_compiles(struct imp *I, const struct src *f, const char *near,
			    const cJSON *doc, enum policy_kind kind, const char *what)
{
	size_t nodes = 20000;
	const char *why = policy_shape_problem(I, doc, 1, &nodes);
	if (why) {
		error(I, f, near, "%s: the policy cannot be written: %s", what, why);
		return false;
	}
	struct diag_list d = { 0 };
	cJSON *loaded = json_as_loaded(doc);
	struct policy *p = policy_compile(loaded, kind, "policy", 1, 1, &d);
	cJSON_Delete(loaded);
	if (!p) {
		const char *msg = "invalid";
		for (size_t i = 0; i < d.len; i++)
			if (d.items[i].severity == DIAG_ERROR) {
				msg = d.items[i].message;
				break;
			}
		error(I, f, near, "%s: the policy is not valid IAM: %s", what, msg);
	}
	policy_free(p);
	diag_list_clear(&d);
	return p != NULL;
}

static void emit_endpoint_policy(struct out *o, struct res *e)
{
	const char *doc = jstr(e->j, "PolicyDocument");
	if (!doc)
		return;
	const char *end = NULL;
	cJSON *p = cJSON_ParseWithOpts(doc, &end, 1);
	if (!p) {
		error(o->I, e->f, "PolicyDocument", "VPC endpoint %s: PolicyDocument is not valid JSON "
		      "(at offset %zu of the policy)", e->id, end ? (size_t)(end - doc) : 0);
		return;
	}
	char what[128];
	snprintf(what, sizeof(what), "VPC endpoint %s", e->id);
	if (policy_compiles(o->I, e->f, "PolicyDocument", p, POLICY_KIND_ENDPOINT, what)) {
		y_str(o->y, "policy");
		y_json(o->y, p);
	}
	cJSON_Delete(p);
}

/* The endpoint-specific regional DNS name: the shortest *.vpce.amazonaws.com entry. */
static const char *endpoint_dns_name(struct imp *I, struct res *e)
{
	const char *best = NULL;
	size_t best_len = 0;
	const cJSON *d;
	cJSON_ArrayForEach(d, jarr(e->j, "DnsEntries"))
	{
		const char *n = jstr(d, "DnsName");
		if (!n)
			continue;
		if (str_has_prefix(n, "*."))
			n += 2;
		if (!str_has_suffix(n, ".vpce.amazonaws.com") && !str_has_suffix(n, ".vpce.amazonaws.com.cn"))
			continue;
		if (!best || strlen(n) < best_len) {
			best = n;
			best_len = strlen(n);
		}
	}
	return best ? pool_strndup(I, best, best_len) : NULL;
}

static void push_str(const char ***v, size_t *n, size_t *cap, const char *s)
{
	if (*n == *cap) {
		*cap = *cap ? *cap * 2 : 8;
		*v = xrealloc(*v, *cap * sizeof(**v));
	}
	(*v)[(*n)++] = s;
}

struct eptab_use {
	const char *table, *svc;
	const struct res *e;
};

static int cmp_eptab_use(const void *a, const void *b)
{
	const struct eptab_use *x = a, *y = b;
	int c = strcmp(x->table, y->table);
	if (!c)
		c = strcmp(x->svc, y->svc);
	return c ? c : strcmp(x->e->id, y->e->id);
}

/* Each kept gateway endpoint's route tables: its RouteTableIds and any table with a
 * route to it (the two agree in AWS), kept and in its VPC, sorted; and the prefix
 * lists the loader routes to it there.  A table takes one endpoint route per service
 * (F2.3): two endpoints of one service on one table are a conflict. */
static void gateway_endpoint_tables(struct out *o)
{
	struct imp *I = o->I;
	struct reslist *l = &I->l[RK_EP];
	struct eptab_use *uses = NULL;
	size_t nuses = 0, capuses = 0;
	o->ep_tables = xcalloc(l->n + 1, sizeof(*o->ep_tables));
	for (size_t i = 0; i < l->n; i++) {
		struct res *e = &l->v[i];
		struct eptabs *et = &o->ep_tables[i];
		if (!e->keep || strcmp(jstr(e->j, "VpcEndpointType"), "Gateway"))
			continue;
		struct res *v = &I->l[RK_VPC].v[e->vpc];
		const char **ids = NULL;
		size_t n = 0, cap = 0;
		const cJSON *x;
		cJSON_ArrayForEach(x, jarr(e->j, "RouteTableIds"))
			if (cJSON_IsString(x))
				push_str(&ids, &n, &cap, x->valuestring);
		FOR_VPC(I, RK_RTB, v->id, rt)
		{
			const cJSON *r;
			cJSON_ArrayForEach(r, jarr(rt->j, "Routes"))
				if (jstr(r, "GatewayId") && !strcmp(jstr(r, "GatewayId"), e->id))
					push_str(&ids, &n, &cap, rt->id);
		}
		if (n)
			qsort(ids, n, sizeof(*ids), cmp_name);
		for (size_t k = 0; k < n; k++) {
			if (k && !strcmp(ids[k], ids[k - 1]))
				continue;
			struct res *rt = kept(I, RK_RTB, ids[k]);
			if (!rt || rt->vpc != e->vpc) {
				warn(I, e->f, ids[k], "gateway endpoint %s: route table %s is not in the "
				     "snapshot; dropped", e->id, ids[k]);
				continue;
			}
			ids[et->n++] = ids[k];
			if (nuses == capuses) {
				capuses = capuses ? capuses * 2 : 16;
				uses = xrealloc(uses, capuses * sizeof(*uses));
			}
			uses[nuses++] = (struct eptab_use){ ids[k], e->aux, e };
		}
		et->ids = ids;
		/* the families of its routes, as the loader reads ip_address_type */
		const char *ipt = jstr(e->j, "IpAddressType");
		bool v6 = ipt && str_ieq(ipt, "ipv6"), dual = ipt && str_ieq(ipt, "dualstack");
		const char *region = vpc_region(I, e->vpc);
		et->pl[0] = service_pl_id(I, o->P, e->aux, region, v6 ? NET_V6 : NET_V4);
		et->pl[1] = dual ? service_pl_id(I, o->P, e->aux, region, NET_V6) : NULL;
	}
	if (nuses)
		qsort(uses, nuses, sizeof(*uses), cmp_eptab_use);
	for (size_t i = 1; i < nuses; i++)
		if (!strcmp(uses[i].table, uses[i - 1].table) && !strcmp(uses[i].svc, uses[i - 1].svc))
			error(I, uses[i].e->f, uses[i].e->id, "route table %s is associated with gateway "
			      "endpoints %s and %s, both for %s; AWS gives a table one endpoint route "
			      "per service (F2.3)", uses[i].table, uses[i - 1].e->id, uses[i].e->id,
			      uses[i].svc);
	free(uses);
}

static void emit_endpoints(struct out *o, struct res *v)
{
	struct imp *I = o->I;
	struct yem *y = o->y;
	int vi = (int)idx_of(I, RK_VPC, v);
	size_t count = 0;
	FOR_VPC(I, RK_EP, v->id, e) count++;
	if (!count)
		return;
	y_str(y, "endpoints");
	y_seq(y, false);
	FOR_VPC(I, RK_EP, v->id, e)
	{
		bool gateway = !strcmp(jstr(e->j, "VpcEndpointType"), "Gateway");
		const cJSON *x;
		y_map(y, false);
		y_kstr(y, "id", e->id);
		y_name_tags(I, y, e, RK_EP, tag_name(e->j));
		y_kstr(y, "type", gateway ? "gateway" : "interface");
		y_kstr(y, "service", jstr(e->j, "ServiceName"));
		if (gateway) {
			struct eptabs *et = &o->ep_tables[idx_of(I, RK_EP, e)];
			size_t written = 0;
			for (size_t i = 0; i < et->n; i++) {
				y_section(y, &written, "route_tables", true);
				y_str(y, et->ids[i]);
			}
			if (written)
				y_send(y);
		} else {
			size_t written = 0;
			struct res **subs = xcalloc((size_t)cJSON_GetArraySize(jarr(e->j, "SubnetIds")) + 1,
						    sizeof(*subs));
			cJSON_ArrayForEach(x, jarr(e->j, "SubnetIds"))
			{
				if (!cJSON_IsString(x))
					continue;
				struct res *s = kept_subnet_in(I, x->valuestring, vi);
				if (!s) {
					warn(I, e->f, x->valuestring, "interface endpoint %s: subnet %s is not in "
					     "the snapshot; dropped", e->id, x->valuestring);
					continue;
				}
				/* F3.1: one subnet per Availability Zone */
				const char *az = subnet_az(I, v, s);
				for (size_t k = 0; k < written; k++) {
					const char *kaz = subnet_az(I, v, subs[k]);
					if (subs[k] == s)
						error(I, e->f, e->id, "interface endpoint %s lists subnet %s twice",
						      e->id, s->id);
					else if (az && kaz && !strcmp(az, kaz))
						error(I, e->f, e->id, "interface endpoint %s: subnets %s and %s are "
						      "both in %s; AWS takes one subnet per Availability Zone "
						      "(F3.1)", e->id, subs[k]->id, s->id, az);
				}
				subs[written] = s;
				y_section(y, &written, "subnets", true);
				y_str(y, x->valuestring);
			}
			if (written)
				y_send(y);
			/* addresses of its network interfaces, in the subnets listed */
			size_t nips = 0;
			const char **ip_subs = xcalloc(written + 1, sizeof(*ip_subs));
			cJSON_ArrayForEach(x, jarr(e->j, "NetworkInterfaceIds"))
			{
				struct res *ni = cJSON_IsString(x) ? find(I, RK_ENI, x->valuestring) : NULL;
				const char *sid = ni ? jstr(ni->j, "SubnetId") : NULL;
				const char *ip = ni ? jstr(ni->j, "PrivateIpAddress") : NULL;
				bool listed = false;
				for (size_t k = 0; k < written; k++)
					listed = listed || (sid && !strcmp(subs[k]->id, sid));
				if (!listed || !ip)
					continue;
				if (!check_addr(I, ni->f, pool_printf(I, "network interface %s: "
							"PrivateIpAddress", ni->id), ip, 0, NULL))
					continue;
				struct res *s = find(I, RK_SUBNET, sid);
				if (!addr_in_cidr(subnet_cidr(s), ip) && !addr_in_cidr(subnet_ipv6_out(s), ip)) {
					warn(I, ni->f, ni->id, "interface endpoint %s: address %s of %s is not in "
					     "subnet %s; left out (vpcpath picks one in the subnet)", e->id, ip,
					     ni->id, sid);
					continue;
				}
				bool twice = false;
				for (size_t k = 0; k < nips; k++)
					twice = twice || !strcmp(ip_subs[k], sid);
				if (twice) {
					error(I, ni->f, ni->id, "interface endpoint %s has two network interfaces "
					      "in subnet %s; AWS gives it one per subnet (F3.1)", e->id, sid);
					continue;
				}
				ip_subs[nips] = sid;
				if (!nips++) {
					y_str(y, "ips");
					y_map(y, false);
				}
				y_kstr(y, sid, ip);
				own_addr(o, ip, e->id, ni->f);
			}
			if (nips)
				y_mend(y);
			free(ip_subs);
			free(subs);
			size_t ng = 0;
			const char **groups = xcalloc((size_t)cJSON_GetArraySize(jarr(e->j, "Groups")) + 1,
						      sizeof(*groups));
			cJSON_ArrayForEach(x, jarr(e->j, "Groups"))
			{
				const char *g = jstr(x, "GroupId");
				struct res *sg = kept(I, RK_SG, g);
				if (!sg || sg->vpc != vi) {
					if (g)
						warn(I, e->f, g, "interface endpoint %s: security group %s is not "
						     "in the snapshot; dropped", e->id, g);
					continue;
				}
				for (size_t k = 0; k < ng; k++)
					if (!strcmp(groups[k], g))
						error(I, e->f, g, "interface endpoint %s lists security group %s "
						      "twice", e->id, g);
				groups[ng] = g;
				y_section(y, &ng, "security_groups", true);
				y_str(y, g);
			}
			if (ng)
				y_send(y);
			free(groups);
			bool pdns = jbool(e->j, "PrivateDnsEnabled", false);
			if (pdns && !strcmp(e->aux, "dynamodb"))
				error(I, e->f, e->id, "interface endpoint %s: private DNS is on, which DynamoDB "
				      "interface endpoints do not support (F3.7)", e->id);
			y_kbool(y, "private_dns", pdns);
			if (pdns && jbool(jget(e->j, "DnsOptions"), "PrivateDnsOnlyForInboundResolverEndpoint",
					  false)) {
				/* F3.4: AWS requires a gateway endpoint for the service */
				if (has_gateway_endpoint(I, vi, e->aux))
					y_kbool(y, "private_dns_only_for_inbound_resolver", true);
				else
					warn(I, e->f, e->id, "interface endpoint %s: private DNS only for "
					     "inbound resolver endpoints is set, but the gateway endpoint it "
					     "needs is not in the snapshot; left off (F3.4)", e->id);
			}
			y_kstr(y, "dns_name", endpoint_dns_name(I, e));
		}
		const char *ipt = jstr(e->j, "IpAddressType");
		if (ipt && (str_ieq(ipt, "ipv6") || str_ieq(ipt, "dualstack")))
			y_kstr(y, "ip_address_type", str_ieq(ipt, "ipv6") ? "ipv6" : "dualstack");
		emit_endpoint_policy(o, e);
		y_mend(y);
	}
	y_send(y);
}

/* arn:aws:iam::A:instance-profile/PATH/N -> the role (describe from list-instance-profiles,
 * else by the console's convention that the role has the profile's name). */
static const char *instance_role(struct imp *I, struct res *in)
{
	const char *arn = jstr(jget(in->j, "IamInstanceProfile"), "Arn");
	if (!arn)
		return NULL;
	struct res *p = find(I, RK_PROFILE, arn);
	if (p) {
		const cJSON *roles = jarr(p->j, "Roles");
		const char *role = roles ? jstr(roles->child, "Arn") : NULL;
		if (!role)
			warn(I, in->f, arn, "instance %s: instance profile %s has no role; no role "
			     "written", in->id, arn);
		return role;
	}
	const char *m = strstr(arn, ":instance-profile/");
	if (!m) {
		warn(I, in->f, arn, "instance %s: %s is not an instance profile ARN; no role written",
		     in->id, arn);
		return NULL;
	}
	const char *slash = strrchr(arn, '/');
	const char *role = pool_printf(I, "%.*s:role/%s", (int)(m - arn), arn, slash + 1);
	warn(I, in->f, arn, "instance %s: role %s assumed for instance profile %s (the same name, "
	     "by convention; collect aws iam list-instance-profiles to know)", in->id, role, arn);
	return role;
}

static void emit_instances(struct out *o, struct res *v)
{
	struct imp *I = o->I;
	struct yem *y = o->y;
	int vi = (int)idx_of(I, RK_VPC, v);
	size_t count = 0;
	FOR_VPC(I, RK_INST, v->id, in) count++;
	if (!count)
		return;
	y_str(y, "instances");
	y_seq(y, false);
	FOR_VPC(I, RK_INST, v->id, in)
	{
		struct res *s = find(I, RK_SUBNET, jstr(in->j, "SubnetId"));
		const cJSON *x, *primary = NULL;
		size_t nenis = 0;
		cJSON_ArrayForEach(x, jarr(in->j, "NetworkInterfaces"))
		{
			long di = -1;
			nenis++;
			if (jint(jget(x, "Attachment"), "DeviceIndex", &di) && di == 0)
				primary = x;
		}
		if (nenis > 1)
			warn(I, in->f, in->id, "instance %s has %zu network interfaces; only the primary "
			     "one is modelled", in->id, nenis);
		y_map(y, false);
		y_kstr(y, "id", in->id);
		y_name_tags(I, y, in, RK_INST, tag_name(in->j));
		y_kstr(y, "subnet", s->id);
		y_kstr(y, "private_ip", jstr(in->j, "PrivateIpAddress"));
		own_addr(o, jstr(in->j, "PrivateIpAddress"), in->id, in->f);
		size_t n6 = 0;
		cJSON_ArrayForEach(x, jarr(primary, "Ipv6Addresses"))
		{
			const char *a = jstr(x, "Ipv6Address");
			if (a && !check_addr(I, in->f, pool_printf(I, "instance %s: Ipv6Address", in->id),
					     a, NET_V6, NULL))
				continue;
			if (!a || !addr_in_cidr(subnet_ipv6_out(s), a))
				continue;
			y_section(y, &n6, "ipv6_ips", true);
			y_str(y, a);
		}
		if (n6)
			y_send(y);
		const char *pub = jstr(in->j, "PublicIpAddress");
		if (!pub)
			pub = jstr(jget(primary, "Association"), "PublicIp");
		for (size_t k = 0; !pub && k < I->l[RK_EIP].n; k++) {
			const char *iid = jstr(I->l[RK_EIP].v[k].j, "InstanceId");
			if (iid && !strcmp(iid, in->id))
				pub = I->l[RK_EIP].v[k].id;
		}
		if (pub && !check_addr(I, in->f, pool_printf(I, "instance %s: public address", in->id),
				       pub, NET_V4, NULL))
			pub = NULL;
		y_kstr(y, "public_ip", pub);
		const cJSON *groups = primary && jarr(primary, "Groups") ? jarr(primary, "Groups") :
				      jarr(in->j, "SecurityGroups");
		size_t ng = 0, given = 0;
		cJSON_ArrayForEach(x, groups)
		{
			const char *g = jstr(x, "GroupId");
			struct res *sg = kept(I, RK_SG, g);
			given++;
			if (!sg || sg->vpc != vi) {
				if (g)
					warn(I, in->f, g, "instance %s: security group %s is not in the snapshot; "
					     "dropped", in->id, g);
				continue;
			}
			bool twice = false;
			for (const cJSON *p = groups ? groups->child : NULL; p && p != x; p = p->next)
				twice = twice || (jstr(p, "GroupId") && !strcmp(jstr(p, "GroupId"), g));
			if (twice) {
				error(I, in->f, g, "instance %s lists security group %s twice", in->id, g);
				continue;
			}
			y_section(y, &ng, "security_groups", true);
			y_str(y, g);
		}
		if (ng)
			y_send(y);
		else if (given) {
			/* every group was dropped: an empty list, not the default group */
			y_str(y, "security_groups");
			y_seq(y, true);
			y_send(y);
		}
		y_kstr(y, "role", instance_role(I, in));
		y_mend(y);
	}
	y_send(y);
}

static void emit_vpc(struct out *o, struct res *v)
{
	struct imp *I = o->I;
	struct yem *y = o->y;
	int vi = (int)idx_of(I, RK_VPC, v);
	y_map(y, false);
	y_kstr(y, "id", v->id);
	y_name_tags(I, y, v, RK_VPC, tag_name(v->j));
	if (v->aux && strcmp(v->aux, I->region))
		y_kstr(y, "region", v->aux);
	emit_cidr_list(o, "cidrs", jarr(v->j, "CidrBlockAssociationSet"), "CidrBlock",
		       "CidrBlockState", jstr(v->j, "CidrBlock"));
	emit_cidr_list(o, "ipv6_cidrs", jarr(v->j, "Ipv6CidrBlockAssociationSet"), "Ipv6CidrBlock",
		       "Ipv6CidrBlockState", NULL);
	struct res *igw = vpc_gateway(I, RK_IGW, vi);
	if (igw) {
		y_str(y, "internet_gateways");
		y_seq(y, false);
		y_map(y, true);
		y_kstr(y, "id", igw->id);
		y_name_tags(I, y, igw, RK_IGW, tag_name(igw->j));
		y_mend(y);
		y_send(y);
	}
	struct res *eigw = vpc_gateway(I, RK_EIGW, vi);
	if (eigw)
		y_kstr(y, "egress_only_internet_gateway", eigw->id);
	struct res *vgw = vpc_gateway(I, RK_VGW, vi);
	if (vgw)
		y_kstr(y, "vpn_gateway", vgw->id);
	struct res *dns = find(I, RK_VPC_DNS, v->id);
	if (dns && !jbool(dns->j, "Value", true))
		y_kbool(y, "dns_support", false);
	emit_subnets(o, v);
	emit_route_tables(o, v);
	emit_nats(o, v);
	emit_sgs(o, v);
	emit_nacls(o, v);
	emit_endpoints(o, v);
	emit_instances(o, v);
	check_addresses(o, v);
	y_mend(y);
}

static void emit_buckets(struct out *o, enum rk names, enum rk policies, enum rk locations,
			 const char *key, const char *namekey)
{
	struct imp *I = o->I;
	struct yem *y = o->y;
	/* every name: listed, or with a policy or location */
	size_t cap = I->l[names].n + I->l[policies].n + (locations != RK_COUNT ? I->l[locations].n : 0) + 1;
	const char **all = xmalloc(cap * sizeof(char *));
	size_t n = 0;
	for (size_t i = 0; i < I->l[names].n; i++)
		all[n++] = I->l[names].v[i].id;
	for (size_t i = 0; i < I->l[policies].n; i++)
		all[n++] = I->l[policies].v[i].id;
	for (size_t i = 0; locations != RK_COUNT && i < I->l[locations].n; i++)
		all[n++] = I->l[locations].v[i].id;
	qsort(all, n, sizeof(*all), cmp_name);
	size_t written = 0;
	for (size_t i = 0; i < n; i++) {
		if (i && !strcmp(all[i], all[i - 1]))
			continue;
		y_section(y, &written, key, false);
		struct res *b = find(I, names, all[i]);
		struct res *p = find(I, policies, all[i]);
		struct res *loc = locations != RK_COUNT ? find(I, locations, all[i]) : NULL;
		const char *region = NULL, *near = NULL; /* and where it was read */
		struct src *rf = NULL;
		if (names == RK_BUCKET) {
			region = near = b ? jstr(b->j, "BucketRegion") : NULL;
			rf = b ? b->f : NULL;
			if (!region && loc) {
				/* get-bucket-location: null is us-east-1, EU is eu-west-1 */
				region = near = cJSON_IsString(loc->j) && loc->j->valuestring[0] ?
						loc->j->valuestring : "us-east-1";
				rf = loc->f;
				if (!strcmp(region, "EU"))
					region = "eu-west-1";
			}
		} else if (b) {
			const char *arn = jstr(b->j, "TableArn");
			if (arn && str_has_prefix(arn, "arn:aws:dynamodb:")) {
				const char *r = arn + strlen("arn:aws:dynamodb:");
				region = pool_strndup(I, r, strcspn(r, ":"));
				near = arn;
				rf = b->f;
			} else {
				region = b->f->region;
			}
		} else if (p) {
			region = p->f->region;
		}
		if (near && !region_shaped(region, strlen(region)))
			error(I, rf, near, "%s %s: '%s' does not name an AWS region (like us-east-1)",
			      names == RK_BUCKET ? "bucket" : "table", all[i], near);
		y_map(y, false);
		y_kstr(y, namekey, all[i]);
		y_kstr(y, "region", region);
		if (p && policy_compiles(I, p->f, "Statement", p->j, POLICY_KIND_RESOURCE, all[i])) {
			y_str(y, "policy");
			y_json(y, p->j);
		}
		y_mend(y);
	}
	if (written)
		y_send(y);
	free(all);
}

static void emit_vpns(struct out *o)
{
	struct imp *I = o->I;
	struct yem *y = o->y;
	size_t written = 0;
	for (size_t i = 0; i < I->l[RK_VPN].n; i++) {
		struct res *v = &I->l[RK_VPN].v[i];
		if (!v->keep)
			continue;
		y_section(y, &written, "vpn_connections", false);
		y_map(y, false);
		y_kstr(y, "id", v->id);
		y_name_tags(I, y, v, RK_VPN, tag_name(v->j));
		y_kstr(y, "gateway", v->aux);
		const cJSON *r;
		size_t nr = 0;
		cJSON_ArrayForEach(r, jarr(v->j, "Routes"))
		{
			const char *st = jstr(r, "State"), *c = jstr(r, "DestinationCidrBlock");
			if ((st && (!strcmp(st, "deleted") || !strcmp(st, "deleting"))) || !c ||
			    !check_cidr(I, v->f, pool_printf(I, "VPN connection %s: static route", v->id), c,
					0, NULL))
				continue;
			y_section(y, &nr, "static_routes", true);
			y_str(y, jstr(r, "DestinationCidrBlock"));
		}
		if (nr)
			y_send(y);
		y_kstr(y, "state", jstate(v->j));
		y_mend(y);
	}
	if (written)
		y_send(y);
}

static void emit_peerings(struct out *o)
{
	struct imp *I = o->I;
	struct yem *y = o->y;
	size_t written = 0;
	for (size_t i = 0; i < I->l[RK_PCX].n; i++) {
		struct res *p = &I->l[RK_PCX].v[i];
		if (!p->keep)
			continue;
		y_section(y, &written, "peering_connections", false);
		y_map(y, true);
		y_kstr(y, "id", p->id);
		y_name_tags(I, y, p, RK_PCX, tag_name(p->j));
		y_kstr(y, "requester", jstr(jget(p->j, "RequesterVpcInfo"), "VpcId"));
		y_kstr(y, "accepter", jstr(jget(p->j, "AccepterVpcInfo"), "VpcId"));
		y_kstr(y, "status", jstate(p->j));
		y_mend(y);
	}
	if (written)
		y_send(y);
}

static void emit_tgw_routes(struct out *o, struct res *rtb, bool *any)
{
	struct imp *I = o->I;
	struct yem *y = o->y;
	struct res *rs = find(I, RK_TGW_ROUTES, rtb->id);
	if (!rs)
		return;
	*any = true;
	const cJSON *r;
	size_t n = 0;
	cJSON_ArrayForEach(r, rs->j)
	{
		const char *dest = jstr(r, "DestinationCidrBlock");
		const char *pl = jstr(r, "PrefixListId");
		const char *st = jstr(r, "State");
		bool blackhole = st && !strcmp(st, "blackhole");
		if (st && (!strcmp(st, "deleted") || !strcmp(st, "deleting")))
			continue;
		if (dest && !check_cidr(I, rs->f, pool_printf(I, "transit gateway route table %s: "
							  "DestinationCidrBlock", rtb->id), dest, 0, NULL))
			continue;
		if (pl && !check_id(I, rs->f, pool_printf(I, "transit gateway route table %s: "
							  "PrefixListId", rtb->id), pl, "pl-"))
			continue;
		if (pl && !pl_ok(I, o->P, pl)) {
			warn(I, rs->f, pl, "transit gateway route table %s: route to prefix list %s, which "
			     "is not in the snapshot; skipped", rtb->id, pl);
			continue;
		}
		if (!dest && !pl)
			continue;
		const cJSON *atts = jarr(r, "TransitGatewayAttachments");
		const char *att = atts ? jstr(atts->child, "TransitGatewayAttachmentId") : NULL;
		if (atts && cJSON_GetArraySize(atts) > 1)
			warn(I, rs->f, att, "transit gateway route table %s: route to %s has %d "
			     "attachments (ECMP); only the first, %s, is modelled", rtb->id,
			     dest ? dest : pl, cJSON_GetArraySize(atts), att);
		struct tgwatt *a = tgwatt_find(o->A, att);
		if (att && !blackhole && !(a && a->emit)) {
			/* F1.8 by analogy: a route whose attachment is gone goes nowhere */
			warn(I, rs->f, att, "transit gateway route table %s: the attachment of the route "
			     "to %s, %s, is not in the snapshot; the route is written as a blackhole",
			     rtb->id, dest ? dest : pl, att);
			blackhole = true;
		}
		if (!att && !blackhole) {
			warn(I, rs->f, dest ? dest : pl, "transit gateway route table %s: the active route "
			     "to %s names no attachment; skipped", rtb->id, dest ? dest : pl);
			continue;
		}
		y_section(y, &n, "routes", false);
		y_map(y, true);
		y_kstr(y, "destination", dest ? dest : pl);
		if (a && a->emit)
			y_kstr(y, "attachment", att);
		if (blackhole)
			y_kstr(y, "state", "blackhole");
		y_mend(y);
	}
	if (n)
		y_send(y);
}

static void emit_att_refs(struct out *o, const char *key, const char **ids, size_t n)
{
	if (!n)
		return;
	qsort(ids, n, sizeof(*ids), cmp_name);
	y_str(o->y, key);
	y_seq(o->y, true);
	for (size_t i = 0; i < n; i++)
		if (!i || strcmp(ids[i], ids[i - 1]))
			y_str(o->y, ids[i]);
	y_send(o->y);
}

static void emit_tgws(struct out *o)
{
	struct imp *I = o->I;
	struct yem *y = o->y;
	size_t written = 0;
	bool routes_missing = false;
	for (size_t i = 0; i < I->l[RK_TGW].n; i++) {
		struct res *t = &I->l[RK_TGW].v[i];
		if (!t->keep)
			continue;
		y_section(y, &written, "transit_gateways", false);
		y_map(y, false);
		y_kstr(y, "id", t->id);
		y_name_tags(I, y, t, RK_TGW, tag_name(t->j));
		if (t->aux && strcmp(t->aux, I->region))
			y_kstr(y, "region", t->aux);
		size_t na = 0;
		for (size_t k = 0; k < o->A->n; k++) {
			struct tgwatt *a = &o->A->v[k];
			if (!a->emit || strcmp(a->tgw, t->id))
				continue;
			y_section(y, &na, "attachments", false);
			y_map(y, true);
			y_kstr(y, "id", a->id);
			if (!strcmp(a->type, "vpc")) {
				int vi = vpc_index(I, a->resource);
				y_kstr(y, "vpc", a->resource);
				const cJSON *s;
				size_t ns = 0;
				cJSON_ArrayForEach(s, a->subnets)
				{
					if (!cJSON_IsString(s) || !kept_subnet_in(I, s->valuestring, vi))
						continue;
					for (const cJSON *p = a->subnets->child; p != s; p = p->next)
						if (cJSON_IsString(p) && !strcmp(p->valuestring, s->valuestring))
							error(I, a->f, a->id, "transit gateway attachment %s lists "
							      "subnet %s twice", a->id, s->valuestring);
					y_section(y, &ns, "subnets", true);
					y_str(y, s->valuestring);
				}
				if (ns)
					y_send(y);
			} else if (!strcmp(a->type, "vpn")) {
				y_kstr(y, "vpn", a->resource);
			} else {
				y_kstr(y, "peer_transit_gateway", a->peer_tgw);
				y_kstr(y, "peer_region", a->peer_region);
			}
			y_kstr(y, "state", a->state);
			y_mend(y);
		}
		if (na)
			y_send(y);
		size_t nr = 0;
		for (size_t k = 0; k < I->l[RK_TGW_RTB].n; k++) {
			struct res *rtb = &I->l[RK_TGW_RTB].v[k];
			const char *st = jstate(rtb->j);
			if (strcmp(jstr(rtb->j, "TransitGatewayId") ? jstr(rtb->j, "TransitGatewayId") : "",
				   t->id) || state_in(st, att_gone))
				continue;
			y_section(y, &nr, "route_tables", false);
			y_map(y, false);
			y_kstr(y, "id", rtb->id);
			y_name_tags(I, y, rtb, RK_TGW_RTB, tag_name(rtb->j));
			/* associations: from the attachments, and get-…-associations */
			const char **ids = xmalloc((o->A->n + 64) * sizeof(char *));
			size_t ni = 0;
			for (size_t m = 0; m < o->A->n; m++) {
				const cJSON *as = jget(o->A->v[m].general, "Association");
				const char *rid = jstr(as, "TransitGatewayRouteTableId");
				const char *ast = jstr(as, "State");
				if (o->A->v[m].emit && rid && !strcmp(rid, rtb->id) &&
				    (!ast || !strcmp(ast, "associated")))
					ids[ni++] = o->A->v[m].id;
			}
			struct res *assoc = find(I, RK_TGW_ASSOCS, rtb->id);
			const cJSON *x;
			cJSON_ArrayForEach(x, (assoc ? assoc->j : NULL))
			{
				struct tgwatt *a = tgwatt_find(o->A, jstr(x, "TransitGatewayAttachmentId"));
				const char *ast = jstr(x, "State");
				if (a && a->emit && (!ast || !strcmp(ast, "associated")) && ni < o->A->n + 64)
					ids[ni++] = a->id;
			}
			emit_att_refs(o, "associations", ids, ni);
			ni = 0;
			struct res *props = find(I, RK_TGW_PROPS, rtb->id);
			cJSON_ArrayForEach(x, (props ? props->j : NULL))
			{
				struct tgwatt *a = tgwatt_find(o->A, jstr(x, "TransitGatewayAttachmentId"));
				const char *pst = jstr(x, "State");
				if (a && a->emit && (!pst || !strcmp(pst, "enabled")) && ni < o->A->n + 64)
					ids[ni++] = a->id;
			}
			emit_att_refs(o, "propagations", ids, ni);
			free(ids);
			bool any = false;
			emit_tgw_routes(o, rtb, &any);
			if (!any)
				routes_missing = true;
			y_mend(y);
		}
		if (nr)
			y_send(y);
		y_mend(y);
	}
	if (written)
		y_send(y);
	if (routes_missing)
		warn(I, NULL, NULL, "some transit gateway route tables have no routes in the snapshot "
		     "(collect aws ec2 search-transit-gateway-routes --transit-gateway-route-table-id "
		     "ID --filters Name=state,Values=active,blackhole > tgw-routes/ID.json)");
}

/* ---- the whole import ------------------------------------------------------------------ */

static void subnet_associations(struct imp *I, struct out *o)
{
	size_t n = I->l[RK_SUBNET].n;
	o->sub_rtb = xcalloc(n + 1, sizeof(char *));
	o->sub_acl = xcalloc(n + 1, sizeof(char *));
	static const enum rk kinds[] = { RK_RTB, RK_NACL };
	for (int k = 0; k < 2; k++) {
		struct reslist *l = &I->l[kinds[k]];
		for (size_t i = 0; i < l->n; i++) {
			struct res *t = &l->v[i];
			const cJSON *a;
			if (!t->keep)
				continue;
			cJSON_ArrayForEach(a, jarr(t->j, "Associations"))
			{
				const char *st = jstr(jget(a, "AssociationState"), "State");
				if (st && !str_ieq(st, "associated") && !str_ieq(st, "associating"))
					continue;
				struct res *s = kept_subnet_in(I, jstr(a, "SubnetId"), t->vpc);
				if (!s)
					continue;
				const char **slot = &(k ? o->sub_acl : o->sub_rtb)[idx_of(I, RK_SUBNET, s)];
				if (!*slot)
					*slot = t->id;
				else if (strcmp(*slot, t->id) != 0)
					/* which one applies would be a guess */
					error(I, t->f, t->id, "subnet %s is associated with %s %s and %s; AWS "
					      "associates a subnet with one (%s)", s->id,
					      k ? "network ACLs" : "route tables", *slot, t->id,
					      k ? "F6.3" : "F1.10");
			}
		}
	}
}

static void missing_files(struct imp *I)
{
	static const struct { enum rk k; const char *cmd, *effect; } core[] = {
		{ RK_SUBNET, "ec2 describe-subnets", "the VPCs have no subnets" },
		{ RK_INST, "ec2 describe-instances", "there are no instances to trace from" },
	};
	/* what every VPC has in AWS (a main route table, a default security group and
	 * network ACL): missing from the snapshot means the output was not collected */
	static const struct { enum rk k; const char *what, *cmd, *effect; } per_vpc[] = {
		{ RK_RTB, "route tables", "ec2 describe-route-tables",
		  "it is given only its local routes" },
		{ RK_SG, "security groups", "ec2 describe-security-groups",
		  "its instances and endpoints use a default security group (F6.2)" },
		{ RK_NACL, "network ACLs", "ec2 describe-network-acls",
		  "its subnets get a default network ACL, allowing all (F6.3)" },
	};
	if (!I->l[RK_VPC].n)
		return;
	for (size_t i = 0; i < sizeof(core) / sizeof(core[0]); i++)
		if (!I->have[core[i].k])
			warn(I, NULL, NULL, "no aws %s output in the snapshot: %s", core[i].cmd,
			     core[i].effect);
	for (size_t v = 0; v < I->l[RK_VPC].n; v++) {
		struct res *vpc = &I->l[RK_VPC].v[v];
		if (jget(vpc->j, "vpcpath:stub"))
			continue;
		for (size_t k = 0; k < sizeof(per_vpc) / sizeof(per_vpc[0]); k++) {
			size_t n, kept_n = 0;
			struct gent *g = group_get(&I->by_vpc[per_vpc[k].k], vpc->id, &n);
			for (size_t m = 0; m < n; m++)
				kept_n += g[m].r->keep;
			if (!kept_n)
				warn(I, vpc->f, vpc->id, "no %s of %s in the snapshot (aws %s output missing?): "
				     "%s", per_vpc[k].what, vpc->id, per_vpc[k].cmd, per_vpc[k].effect);
		}
	}
}

static void free_out(struct out *o)
{
	for (size_t i = 0; o->ep_tables && i < o->I->l[RK_EP].n; i++)
		free(o->ep_tables[i].ids);
	free(o->ep_tables);
	free(o->sub_rtb);
	free(o->sub_acl);
	free(o->addrs);
}

static char *emit_all(struct imp *I, struct pls *P, struct tgwatts *A, size_t *len)
{
	struct yem y;
	memset(&y, 0, sizeof(y));
	struct out o = { .I = I, .y = &y, .P = P, .A = A };
	subnet_associations(I, &o);
	gateway_endpoint_tables(&o);
	static const char header[] =
		"# vpcpath topology imported from AWS CLI output by 'vpcpath import aws'.\n"
		"# Local routes and gateway-endpoint routes are implicit (vpcpath-topology(5)).\n";
	ybuf_write(&y.out, (unsigned char *)header, sizeof(header) - 1);
	if (!yaml_emitter_initialize(&y.e)) {
		free_out(&o);
		free(y.out.p);
		return NULL;
	}
	yaml_emitter_set_output(&y.e, ybuf_write, &y.out);
	yaml_emitter_set_unicode(&y.e, 1);
	yaml_emitter_set_width(&y.e, -1);
	yaml_emitter_set_indent(&y.e, 2);
	yaml_event_t ev;
	y_event(&y, &ev, yaml_stream_start_event_initialize(&ev, YAML_UTF8_ENCODING));
	y_event(&y, &ev, yaml_document_start_event_initialize(&ev, NULL, NULL, NULL, 1));
	y_map(&y, false);
	y_klong(&y, "version", 1);
	y_kstr(&y, "region", I->region);
	y_kstr(&y, "account", I->account);
	emit_prefix_lists(&o);
	emit_azs(&o);
	size_t nv = 0;
	for (size_t i = 0; i < I->l[RK_VPC].n; i++)
		nv += I->l[RK_VPC].v[i].keep;
	y_str(&y, "vpcs");
	y_seq(&y, false);
	for (size_t i = 0; i < I->l[RK_VPC].n; i++)
		if (I->l[RK_VPC].v[i].keep)
			emit_vpc(&o, &I->l[RK_VPC].v[i]);
	y_send(&y);
	emit_buckets(&o, RK_BUCKET, RK_BUCKET_POLICY, RK_BUCKET_LOC, "s3", "bucket");
	emit_buckets(&o, RK_TABLE, RK_TABLE_POLICY, RK_COUNT, "dynamodb", "table");
	emit_vpns(&o);
	emit_peerings(&o);
	emit_tgws(&o);
	y_mend(&y);
	y_event(&y, &ev, yaml_document_end_event_initialize(&ev, 1));
	y_event(&y, &ev, yaml_stream_end_event_initialize(&ev));
	if (!y.failed && !yaml_emitter_flush(&y.e))
		y.failed = true;
	if (y.failed)
		diag_add(I->diags, DIAG_ERROR, I->root, 0, 0, NULL, "writing YAML failed: %s",
			 y.e.problem ? y.e.problem : "libyaml emitter error");
	yaml_emitter_delete(&y.e);
	free_out(&o);
	if (!nv)
		warn(I, NULL, NULL, "no VPCs in the snapshot (no aws ec2 describe-vpcs output): "
		     "there is nothing to trace from");
	if (y.failed) {
		free(y.out.p);
		return NULL;
	}
	*len = y.out.len;
	return y.out.p;
}

static void decide(struct imp *I)
{
	static const enum rk first[] = { RK_BUCKET, RK_TABLE, RK_AZ, RK_PROFILE };
	for (size_t i = 0; i < sizeof(first) / sizeof(first[0]); i++)
		sort_dedupe(I, first[i]);
	resolve_subjects(I, RK_BUCKET_POLICY, false, true);
	resolve_subjects(I, RK_TABLE_POLICY, true, true);
	resolve_subjects(I, RK_BUCKET_LOC, false, false);
	for (int k = 0; k < RK_COUNT; k++)
		if (k != RK_BUCKET && k != RK_TABLE && k != RK_AZ && k != RK_PROFILE)
			sort_dedupe(I, (enum rk)k);
	peer_stubs(I);
	vpc_nets(I);
	static const enum rk scoped[] = { RK_SUBNET, RK_RTB, RK_NAT, RK_EP, RK_SG, RK_NACL,
					  RK_INST };
	for (size_t i = 0; i < sizeof(scoped) / sizeof(scoped[0]); i++)
		scope_to_vpcs(I, scoped[i]);
	check_azs(I);
	decide_regions(I);
	decide_gateways(I, RK_IGW, "Attachments");
	decide_gateways(I, RK_EIGW, "Attachments");
	decide_gateways(I, RK_VGW, "VpcAttachments");
	decide_subnets(I);
	check_subnet_overlaps(I);
	decide_nats(I);
	decide_endpoints(I);
	decide_instances(I);
	I->sgrules_by_group = group_by(I, RK_SG_RULE, "GroupId");
	missing_files(I);
}

/* The safety net: what the import writes must load.  Every check above is there so
 * that it does; if it still does not, the import fails (a user never gets a topology
 * that vpcpath refuses) and the loader's errors are quoted, as a bug to report.  The
 * diag code "import-unloadable" tells fuzz_import that a check above is missing. */
static void check_loads(struct imp *I, const char *text, size_t len)
{
	static const char name[] = "imported.yaml";
	struct diag_list d = { 0 };
	struct topology *t = topo_load_buffer(name, I->root, text, len, NULL, &d);
	if (!t) {
		size_t n = 0;
		for (size_t i = 0; i < d.len; i++) {
			const struct diag *x = &d.items[i];
			if (x->severity != DIAG_ERROR)
				continue;
			if (++n > 10) {
				diag_add(I->diags, DIAG_ERROR, I->root, 0, 0, "import-unloadable",
					 "the imported topology would not load: %zu more errors", d.errors - 10);
				break;
			}
			diag_add(I->diags, DIAG_ERROR, I->root, 0, 0, "import-unloadable",
				 "the imported topology would not load: %s:%u:%u: %s; this is a vpcpath "
				 "bug, please report it", x->file ? x->file : name, x->line, x->col,
				 x->message);
		}
		if (!n)
			diag_add(I->diags, DIAG_ERROR, I->root, 0, 0, "import-unloadable", "the imported "
				 "topology would not load; this is a vpcpath bug, please report it");
	}
	topo_free(t);
	diag_list_clear(&d);
}

char *import_aws_dir(const char *dir, struct diag_list *diags, size_t *len)
{
	struct imp I;
	memset(&I, 0, sizeof(I));
	I.diags = diags;
	char *root = xstrdup(dir && *dir ? dir : ".");
	for (size_t n = strlen(root); n > 1 && root[n - 1] == '/'; n--)
		root[n - 1] = '\0';
	I.root = root;
	size_t errors_before = diags->errors;
	char *text = NULL;
	struct pls P = { 0 };
	struct tgwatts A = { 0 };
	struct stat st;
	*len = 0;
	if (stat(root, &st) != 0) {
		diag_add(diags, DIAG_ERROR, root, 0, 0, NULL, "cannot read the snapshot directory: %s",
			 strerror(errno));
		goto out;
	}
	if (!S_ISDIR(st.st_mode)) {
		diag_add(diags, DIAG_ERROR, root, 0, 0, NULL, "not a directory: import aws reads a "
			 "directory of AWS CLI JSON output (see scripts/vpcpath-snapshot)");
		goto out;
	}
	walk(&I, root, "", 0);
	if (diags->errors > errors_before)
		goto out;
	if (!I.nfiles) {
		diag_add(diags, DIAG_ERROR, root, 0, 0, NULL, "no .json files in the directory "
			 "(expected the output of AWS CLI commands, e.g. aws ec2 describe-vpcs > "
			 "vpcs.json; scripts/vpcpath-snapshot collects them all)");
		goto out;
	}
	for (size_t i = 0; i < I.nfiles; i++)
		if (parse_file(&I, I.files[i]))
			classify(&I, I.files[i]);
	if (diags->errors > errors_before)
		goto out;
	if (!I.recognised) {
		diag_add(diags, DIAG_ERROR, root, 0, 0, NULL, "none of the %zu .json files holds AWS "
			 "CLI output that vpcpath reads (Vpcs, Subnets, RouteTables, …)", I.nfiles);
		goto out;
	}
	decide(&I);
	build_pls(&I, &P);
	mark_pl_references(&I, &P);
	check_pls(&I, &P);
	build_tgwatts(&I, &A);
	decide_tgws(&I, &A);
	decide_vpns(&I, &A);
	text = emit_all(&I, &P, &A, len);
	if (text && diags->errors == errors_before)
		check_loads(&I, text, *len);
	if (diags->errors > errors_before) {
		free(text);
		text = NULL;
		*len = 0;
	}
out:
	for (size_t i = 0; i < I.nfiles; i++) {
		cJSON_Delete(I.files[i]->root);
		free(I.files[i]->strs);
		free(I.files[i]->lines);
		free(I.files[i]->text);
		free(I.files[i]->path);
		free(I.files[i]->rel);
		free(I.files[i]);
	}
	free(I.files);
	for (int k = 0; k < RK_COUNT; k++) {
		free(I.l[k].v);
		free(I.by_vpc[k].v);
	}
	for (size_t i = 0; I.nets && i < I.l[RK_VPC].n; i++)
		free(I.nets[i].p);
	free(I.nets);
	free(I.sgrules_by_group.v);
	for (size_t i = 0; i < I.nowned; i++)
		cJSON_Delete(I.owned[i]);
	free(I.owned);
	for (size_t i = 0; i < I.npool; i++)
		free(I.pool[i]);
	free(I.pool);
	free(P.v);
	free(A.v);
	free(root);
	return text;
}
