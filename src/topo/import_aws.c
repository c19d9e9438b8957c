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

static bool jint(const cJSON *o, const char *k, long *out)
{
	const cJSON *v = jget(o, k);
	if (cJSON_IsNumber(v)) {
		*out = (long)v->valuedouble;
		return true;
	}
	if (cJSON_IsString(v) && str_to_long(v->valuestring, -2147483647L, 2147483647L, out))
		return true;
	return false;
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

/* ---- lists ---------------------------------------------------------------------------- */

static struct res *add(struct imp *I, enum rk k, const char *id, const cJSON *j, struct src *f)
{
	struct reslist *l = &I->l[k];
	if (!id)
		return NULL;
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

static bool parse_cidr(const char *s, struct net_prefix *p)
{
	return s && net_prefix_parse(s, p, NULL);
}

static bool addr_in_cidr(const char *cidr, const char *ip)
{
	struct net_prefix p;
	struct net_addr a;
	return parse_cidr(cidr, &p) && ip && net_addr_parse(ip, &a) && net_prefix_contains(&p, &a);
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
			const cJSON *c;
			struct net_prefix np;
			cJSON_ArrayForEach(c, jarr(info, "CidrBlockSet"))
				if (jstr(c, "CidrBlock") && parse_cidr(jstr(c, "CidrBlock"), &np)) {
					cJSON *a = cJSON_CreateObject();
					cJSON_AddStringToObject(a, "CidrBlock", jstr(c, "CidrBlock"));
					cJSON_AddItemToArray(set, a);
				}
			if (!cJSON_GetArraySize(set) && jstr(info, "CidrBlock") &&
			    parse_cidr(jstr(info, "CidrBlock"), &np)) {
				cJSON *a = cJSON_CreateObject();
				cJSON_AddStringToObject(a, "CidrBlock", jstr(info, "CidrBlock"));
				cJSON_AddItemToArray(set, a);
			}
			cJSON *set6 = cJSON_AddArrayToObject(stub, "Ipv6CidrBlockAssociationSet");
			cJSON_ArrayForEach(c, jarr(info, "Ipv6CidrBlockSet"))
				if (jstr(c, "Ipv6CidrBlock") && parse_cidr(jstr(c, "Ipv6CidrBlock"), &np)) {
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

static const char *subnet_ipv6(struct res *s)
{
	static const char *const ok[] = { "associated", "associating", NULL };
	const cJSON *a;
	cJSON_ArrayForEach(a, jarr(s->j, "Ipv6CidrBlockAssociationSet"))
	{
		const char *st = jstr(jget(a, "Ipv6CidrBlockState"), "State");
		if ((!st || state_in(st, ok)) && jstr(a, "Ipv6CidrBlock"))
			return jstr(a, "Ipv6CidrBlock");
	}
	return NULL;
}

/* The associated CIDRs of a VPC (IPv4 or IPv6) cover p. */
static bool in_vpc_cidrs(struct imp *I, int vpc, const struct net_prefix *p, bool v6)
{
	struct res *v = vpc >= 0 ? &I->l[RK_VPC].v[vpc] : NULL;
	const char *field = v6 ? "Ipv6CidrBlock" : "CidrBlock";
	const cJSON *set = v ? jarr(v->j, v6 ? "Ipv6CidrBlockAssociationSet" : "CidrBlockAssociationSet") : NULL;
	static const char *const gone[] = { "disassociated", "disassociating", "failed", NULL };
	struct net_prefix c;
	const cJSON *a;
	if (!v)
		return false;
	cJSON_ArrayForEach(a, set)
	{
		const char *st = jstr(jget(a, v6 ? "Ipv6CidrBlockState" : "CidrBlockState"), "State");
		if (!state_in(st, gone) && parse_cidr(jstr(a, field), &c) && net_prefix_covers(&c, p))
			return true;
	}
	return !v6 && parse_cidr(jstr(v->j, "CidrBlock"), &c) && net_prefix_covers(&c, p);
}

static void decide_subnets(struct imp *I)
{
	struct reslist *l = &I->l[RK_SUBNET];
	for (size_t i = 0; i < l->n; i++) {
		struct res *s = &l->v[i];
		struct net_prefix p;
		if (!s->keep)
			continue;
		if (!parse_cidr(subnet_cidr(s), &p) && !parse_cidr(subnet_ipv6(s), &p)) {
			s->keep = false;
			warn(I, s->f, s->id, "subnet %s has no CIDR; skipped", s->id);
			continue;
		}
		if (parse_cidr(subnet_cidr(s), &p) && !in_vpc_cidrs(I, s->vpc, &p, false)) {
			s->keep = false;
			warn(I, s->f, s->id, "subnet %s: %s is not inside the CIDRs of %s in the snapshot "
			     "(taken at another time?); skipped", s->id, subnet_cidr(s), jstr(s->j, "VpcId"));
		}
	}
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
		if (!ip || (!addr_in_cidr(subnet_cidr(s), ip) && !addr_in_cidr(subnet_ipv6(s), ip))) {
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
	struct src *f;
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
			if (!p->entries && jarr(r->j, "Cidrs"))
				p->entries = jarr(r->j, "Cidrs");
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
		if (!p->owner || strcmp(p->owner, "deleted"))
			p->entries = r->j;
	}
	qsort(P->v, P->n, sizeof(*P->v), cmp_plinfo);
	for (size_t i = 0; i < P->n; i++)
		P->v[i].service = service_list_name(I, P->v[i].name);
}

/* A built-in AWS-managed list id of a region the topology touches (the loader adds
 * those lists itself). */
static bool builtin_pl(struct imp *I, const char *id)
{
	static const struct { enum topo_service svc; int family; } kinds[] = {
		{ TOPO_SVC_S3, NET_V4 }, { TOPO_SVC_S3, NET_V6 }, { TOPO_SVC_DYNAMODB, NET_V4 },
		{ TOPO_SVC_S3EXPRESS, NET_V4 },
	};
	for (size_t v = 0; v <= I->l[RK_VPC].n; v++) {
		const char *region = v < I->l[RK_VPC].n ? I->l[RK_VPC].v[v].aux : I->region;
		if (!region)
			continue;
		for (size_t k = 0; k < sizeof(kinds) / sizeof(kinds[0]); k++) {
			const char *b = aws_managed_prefix_list_id(region, kinds[k].svc, kinds[k].family);
			if (b && !strcmp(b, id))
				return true;
		}
	}
	return false;
}

static bool pl_ok(struct imp *I, struct pls *P, const char *id)
{
	struct plinfo *p = pl_find(P, id);
	return (p && p->emit) || builtin_pl(I, id);
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
		double d = j->valuedouble;
		if (d == (double)(long long)d && d > -9007199254740992.0 && d < 9007199254740992.0)
			snprintf(buf, sizeof(buf), "%lld", (long long)d);
		else
			snprintf(buf, sizeof(buf), "%.17g", d);
		y_scalar(y, buf, true);
	} else if (cJSON_IsBool(j)) {
		y_scalar(y, cJSON_IsTrue(j) ? "true" : "false", true);
	} else {
		y_scalar(y, "null", true);
	}
}

/* ---- pass 3: the topology ---------------------------------------------------------------- */

struct out {
	struct imp *I;
	struct yem *y;
	struct pls *P;
	struct tgwatts *A;
	const char **sub_rtb, **sub_acl; /* by subnet index: explicit associations */
};

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
				struct net_prefix pr;
				if (!parse_cidr(c, &pr)) {
					warn(o->I, p->f, c ? c : p->id, "prefix list %s: entry %s is not a CIDR; "
					     "skipped", p->id, c ? c : "(none)");
					continue;
				}
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
		return ids->child->valuestring;
	for (size_t i = 0; i < I->l[RK_ENI].n; i++) {
		const char *d = jstr(I->l[RK_ENI].v[i].j, "Description");
		if (d && strstr(d, vpce))
			return I->l[RK_ENI].v[i].id;
	}
	return NULL;
}

static bool dest_inside_vpc(struct imp *I, int vpc, const char *dest)
{
	struct net_prefix p;
	return parse_cidr(dest, &p) && in_vpc_cidrs(I, vpc, &p, p.addr.family == NET_V6);
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

static enum tgt route_target(struct out *o, struct res *rt, const cJSON *r, const char *dest,
			     const char **target, bool blackhole)
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
	if (gw && str_has_prefix(gw, "vpce-")) {
		struct res *e = kept(I, RK_EP, gw);
		if (e && e->vpc == rt->vpc && !strcmp(jstr(e->j, "VpcEndpointType"), "Gateway"))
			return T_IMPLIED; /* from the endpoint's route_tables (F2.2) */
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
	} else if (inst && eni && dest_inside_vpc(I, rt->vpc, dest)) {
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
		if (n && n->vpc == rt->vpc) {
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
		t = lgw ? lgw : cagw;
		if (core) {
			const char *slash = strrchr(core, '/');
			t = slash && str_has_prefix(slash + 1, "core-network") ? slash + 1 : NULL;
		}
		if (t) {
			if (!blackhole)
				warn(I, rt->f, lgw ? lgw : cagw ? cagw : core, "route table %s: route to %s "
				     "goes to %s, which vpcpath does not model (a trace through it says "
				     "exits-model)", rt->id, dest, t);
			*target = t;
			return blackhole ? T_BLACKHOLE : T_OK;
		}
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

static void emit_route_tables(struct out *o, struct res *v)
{
	struct imp *I = o->I;
	struct yem *y = o->y;
	size_t count = 0;
	FOR_VPC(I, RK_RTB, v->id, rt) count++;
	if (!count)
		return;
	y_str(y, "route_tables");
	y_seq(y, false);
	struct res *vgw = vpc_gateway(I, RK_VGW, (int)idx_of(I, RK_VPC, v));
	FOR_VPC(I, RK_RTB, v->id, rt)
	{
		y_map(y, false);
		y_kstr(y, "id", rt->id);
		y_kstr(y, "name", tag_name(rt->j));
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
		if (main)
			y_kbool(y, "main", true);
		size_t nprop = 0;
		cJSON_ArrayForEach(a, jarr(rt->j, "PropagatingVgws"))
		{
			const char *g = jstr(a, "GatewayId");
			if (g && vgw && !strcmp(g, vgw->id)) {
				y_section(y, &nprop, "propagating_vgws", true);
				y_str(y, g);
			} else if (g) {
				warn(I, rt->f, g, "route table %s: propagating VPN gateway %s is not attached "
				     "to %s in the snapshot; dropped", rt->id, g, v->id);
			}
		}
		if (nprop)
			y_send(y);
		size_t nroutes = 0;
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
			const char *target = NULL;
			enum tgt tg = route_target(o, rt, r, dest, &target, blackhole);
			if (tg == T_SKIP || tg == T_IMPLIED)
				continue;
			if (dpl && !pl_ok(I, o->P, dpl)) {
				warn(I, rt->f, dpl, "route table %s: route to prefix list %s, which is not in "
				     "the snapshot; skipped", rt->id, dpl);
				continue;
			}
			y_section(y, &nroutes, "routes", false);
			y_map(y, true);
			y_kstr(y, "destination", dest);
			y_kstr(y, "target", target);
			if (tg == T_BLACKHOLE)
				y_kstr(y, "state", "blackhole");
			if (origin && !strcmp(origin, "EnableVgwRoutePropagation"))
				y_kstr(y, "origin", "propagated");
			y_mend(y);
		}
		if (nroutes)
			y_send(y);
		y_mend(y);
	}
	y_send(y);
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
		y_kstr(y, "name", tag_name(s->j));
		y_kstr(y, "cidr", subnet_cidr(s));
		struct net_prefix p6;
		const char *v6 = subnet_ipv6(s);
		if (v6 && (!parse_cidr(v6, &p6) || !in_vpc_cidrs(I, s->vpc, &p6, true))) {
			warn(I, s->f, v6, "subnet %s: IPv6 CIDR %s is not inside the IPv6 CIDRs of its VPC "
			     "in the snapshot; left out", s->id, v6);
			v6 = NULL;
		}
		y_kstr(y, "ipv6_cidr", v6);
		const char *az = jstr(s->j, "AvailabilityZone");
		FOR_VPC(I, RK_INST, v->id, in)
		{
			/* a subnet described without its AZ: its instances' placement */
			const char *sid = jstr(in->j, "SubnetId");
			if (!az && sid && !strcmp(sid, s->id))
				az = jstr(jget(in->j, "Placement"), "AvailabilityZone");
		}
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
		if (priv && !addr_in_cidr(subnet_cidr(s), priv)) {
			warn(I, n->f, priv, "NAT gateway %s: private address %s is not in its subnet %s; "
			     "left out (vpcpath picks one in the subnet)", n->id, priv, s->id);
			priv = NULL;
		}
		y_map(y, false);
		y_kstr(y, "id", n->id);
		y_kstr(y, "name", tag_name(n->j));
		y_kstr(y, "subnet", s->id);
		if (!n->aux)
			y_kstr(y, "connectivity", "private");
		y_kstr(y, "private_ip", priv);
		y_kstr(y, "public_ip", n->aux);
		y_mend(y);
	}
	y_send(y);
}

/* One security group rule per peer of an IpPermissions item (or SecurityGroupRules item). */
static void emit_sg_rule(struct out *o, bool egress, const char *proto, long from, long to,
			 bool has_ports, const char *peer, const char *desc)
{
	struct yem *y = o->y;
	char ports[48];
	y_map(y, true);
	bool all = !strcmp(proto, "-1") || str_ieq(proto, "all");
	y_kstr(y, "protocol", all ? "all" : proto);
	bool tcpudp = str_ieq(proto, "tcp") || str_ieq(proto, "udp") || !strcmp(proto, "6") ||
		      !strcmp(proto, "17");
	if (!all && tcpudp && has_ports && from >= 0 && to >= from && to <= 65535 &&
	    !(from == 0 && to == 65535)) {
		if (from == to)
			y_klong(y, "ports", from);
		else {
			snprintf(ports, sizeof(ports), "%ld-%ld", from, to);
			y_kstr(y, "ports", ports);
		}
	}
	y_kstr(y, egress ? "to" : "from", peer);
	y_kstr(y, "description", desc);
	y_mend(y);
}

/* Is the peer usable?  A missing SG or prefix list drops the rule, with a warning. */
static bool sg_peer_ok(struct out *o, struct res *sg, const char *peer, bool is_sg)
{
	struct imp *I = o->I;
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

static void emit_sg_perms(struct out *o, struct res *sg, bool egress, const cJSON *perms)
{
	const cJSON *p, *x;
	cJSON_ArrayForEach(p, perms)
	{
		const char *proto = jstr(p, "IpProtocol");
		long from = -1, to = -1;
		bool has = jint(p, "FromPort", &from) && jint(p, "ToPort", &to);
		if (!proto)
			continue;
		cJSON_ArrayForEach(x, jarr(p, "IpRanges"))
			if (jstr(x, "CidrIp"))
				emit_sg_rule(o, egress, proto, from, to, has, jstr(x, "CidrIp"),
					     jstr(x, "Description"));
		cJSON_ArrayForEach(x, jarr(p, "Ipv6Ranges"))
			if (jstr(x, "CidrIpv6"))
				emit_sg_rule(o, egress, proto, from, to, has, jstr(x, "CidrIpv6"),
					     jstr(x, "Description"));
		cJSON_ArrayForEach(x, jarr(p, "PrefixListIds"))
			if (jstr(x, "PrefixListId") && sg_peer_ok(o, sg, jstr(x, "PrefixListId"), false))
				emit_sg_rule(o, egress, proto, from, to, has, jstr(x, "PrefixListId"),
					     jstr(x, "Description"));
		cJSON_ArrayForEach(x, jarr(p, "UserIdGroupPairs"))
			if (jstr(x, "GroupId") && sg_peer_ok(o, sg, jstr(x, "GroupId"), true))
				emit_sg_rule(o, egress, proto, from, to, has, jstr(x, "GroupId"),
					     jstr(x, "Description"));
	}
}

static void emit_sg_rules_list(struct out *o, struct res *sg, bool egress)
{
	size_t n;
	struct gent *g = group_get(&o->I->sgrules_by_group, sg->id, &n);
	for (size_t i = 0; i < n; i++) {
		const cJSON *r = g[i].r->j;
		if (jbool(r, "IsEgress", false) != egress)
			continue;
		const char *proto = jstr(r, "IpProtocol");
		long from = -1, to = -1;
		bool has = jint(r, "FromPort", &from) && jint(r, "ToPort", &to);
		const char *ref = jstr(jget(r, "ReferencedGroupInfo"), "GroupId");
		const char *peer = jstr(r, "CidrIpv4");
		bool is_sg = false, is_pl = false;
		if (!peer)
			peer = jstr(r, "CidrIpv6");
		if (!peer && (peer = jstr(r, "PrefixListId")))
			is_pl = true;
		if (!peer && (peer = ref))
			is_sg = true;
		if (!proto || !peer || ((is_sg || is_pl) && !sg_peer_ok(o, sg, peer, is_sg)))
			continue;
		emit_sg_rule(o, egress, proto, from, to, has, peer, jstr(r, "Description"));
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
	FOR_VPC(I, RK_SG, v->id, sg)
	{
		const char *gname = jstr(sg->j, "GroupName");
		const char *name = tag_name(sg->j);
		y_map(y, false);
		y_kstr(y, "id", sg->id);
		y_kstr(y, "name", name ? name : gname);
		if (gname && !strcmp(gname, "default"))
			y_kbool(y, "default", true);
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
	FOR_VPC(I, RK_NACL, v->id, n)
	{
		y_map(y, false);
		y_kstr(y, "id", n->id);
		y_kstr(y, "name", tag_name(n->j));
		if (jbool(n->j, "IsDefault", false))
			y_kbool(y, "default", true);
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
				if (jbool(e, "Egress", false) != egress || !jint(e, "RuleNumber", &num))
					continue;
				if (num == 32767 || num == 32768)
					continue; /* the implicit final denies (IPv4, IPv6) every NACL has (F6.3) */
				if (num < 1 || num > 32766) {
					warn(I, n->f, n->id, "network ACL %s: rule number %ld is out of range; "
					     "skipped", n->id, num);
					continue;
				}
				ev[m++] = (struct nacl_entry){ num, e };
			}
			qsort(ev, m, sizeof(*ev), cmp_nacl_entry);
			/* AWS keeps one rule per number and direction: a repeat is corrupt data */
			size_t u = 0;
			for (size_t i = 0; i < m; i++) {
				if (u && ev[u - 1].number == ev[i].number) {
					warn(I, n->f, n->id, "network ACL %s: two %s rules numbered %ld; the "
					     "second is skipped", n->id, egress ? "egress" : "ingress",
					     ev[i].number);
					continue;
				}
				ev[u++] = ev[i];
			}
			m = u;
			y_str(y, egress ? "egress" : "ingress");
			y_seq(y, false);
			for (size_t i = 0; i < m; i++) {
				e = ev[i].j;
				const char *proto = jstr(e, "Protocol");
				const char *cidr = jstr(e, "CidrBlock");
				if (!cidr)
					cidr = jstr(e, "Ipv6CidrBlock");
				if (!proto || !cidr) {
					warn(I, n->f, n->id, "network ACL %s: rule %ld has no protocol or CIDR; "
					     "skipped", n->id, ev[i].number);
					continue;
				}
				static const struct { const char *num, *name; } protos[] = {
					{ "-1", "all" }, { "6", "tcp" }, { "17", "udp" }, { "1", "icmp" },
					{ "58", "icmpv6" },
				};
				for (size_t k = 0; k < sizeof(protos) / sizeof(protos[0]); k++)
					if (!strcmp(proto, protos[k].num))
						proto = protos[k].name;
				y_map(y, true);
				y_klong(y, "rule", ev[i].number);
				y_kstr(y, "protocol", proto);
				long from, to;
				const cJSON *pr = jget(e, "PortRange");
				if ((!strcmp(proto, "tcp") || !strcmp(proto, "udp")) && pr &&
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
				const char *action = jstr(e, "RuleAction");
				y_kstr(y, "action", action && str_ieq(action, "allow") ? "allow" : "deny");
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
static bool policy_compiles(struct imp *I, const struct src *f, const char *near,
			    const cJSON *doc, enum policy_kind kind, const char *what)
{
	struct diag_list d = { 0 };
	struct policy *p = policy_compile(doc, kind, "policy", 1, 1, &d);
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
		y_kstr(y, "name", tag_name(e->j));
		y_kstr(y, "type", gateway ? "gateway" : "interface");
		y_kstr(y, "service", jstr(e->j, "ServiceName"));
		if (gateway) {
			/* its tables, and any table with a route to it (the two agree in AWS) */
			const char *ids[256];
			size_t n = 0;
			cJSON_ArrayForEach(x, jarr(e->j, "RouteTableIds"))
				if (cJSON_IsString(x) && n < 256)
					ids[n++] = x->valuestring;
			FOR_VPC(I, RK_RTB, v->id, rt)
			{
				const cJSON *r;
				cJSON_ArrayForEach(r, jarr(rt->j, "Routes"))
					if (jstr(r, "GatewayId") && !strcmp(jstr(r, "GatewayId"), e->id) && n < 256)
						ids[n++] = rt->id;
			}
			qsort(ids, n, sizeof(*ids), cmp_name);
			size_t written = 0;
			for (size_t i = 0; i < n; i++) {
				if (i && !strcmp(ids[i], ids[i - 1]))
					continue;
				struct res *rt = kept(I, RK_RTB, ids[i]);
				if (!rt || rt->vpc != vi) {
					warn(I, e->f, ids[i], "gateway endpoint %s: route table %s is not in the "
					     "snapshot; dropped", e->id, ids[i]);
					continue;
				}
				y_section(y, &written, "route_tables", true);
				y_str(y, ids[i]);
			}
			if (written)
				y_send(y);
		} else {
			size_t written = 0;
			const char *sub_ids[64];
			cJSON_ArrayForEach(x, jarr(e->j, "SubnetIds"))
			{
				if (!cJSON_IsString(x))
					continue;
				if (!kept_subnet_in(I, x->valuestring, vi)) {
					warn(I, e->f, x->valuestring, "interface endpoint %s: subnet %s is not in "
					     "the snapshot; dropped", e->id, x->valuestring);
					continue;
				}
				y_section(y, &written, "subnets", true);
				if (written <= 64)
					sub_ids[written - 1] = x->valuestring;
				y_str(y, x->valuestring);
			}
			if (written)
				y_send(y);
			/* addresses of its network interfaces, in the subnets listed */
			size_t nips = 0;
			cJSON_ArrayForEach(x, jarr(e->j, "NetworkInterfaceIds"))
			{
				struct res *ni = cJSON_IsString(x) ? find(I, RK_ENI, x->valuestring) : NULL;
				const char *sid = ni ? jstr(ni->j, "SubnetId") : NULL;
				const char *ip = ni ? jstr(ni->j, "PrivateIpAddress") : NULL;
				bool listed = false;
				for (size_t k = 0; k < written && k < 64; k++)
					listed = listed || (sid && !strcmp(sub_ids[k], sid));
				if (!listed || !ip)
					continue;
				struct res *s = find(I, RK_SUBNET, sid);
				if (!addr_in_cidr(subnet_cidr(s), ip) && !addr_in_cidr(subnet_ipv6(s), ip)) {
					warn(I, ni->f, ni->id, "interface endpoint %s: address %s of %s is not in "
					     "subnet %s; left out (vpcpath picks one in the subnet)", e->id, ip,
					     ni->id, sid);
					continue;
				}
				if (!nips++) {
					y_str(y, "ips");
					y_map(y, false);
				}
				y_kstr(y, sid, ip);
			}
			if (nips)
				y_mend(y);
			size_t ng = 0;
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
				y_section(y, &ng, "security_groups", true);
				y_str(y, g);
			}
			if (ng)
				y_send(y);
			bool pdns = jbool(e->j, "PrivateDnsEnabled", false);
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
		y_kstr(y, "name", tag_name(in->j));
		y_kstr(y, "subnet", s->id);
		y_kstr(y, "private_ip", jstr(in->j, "PrivateIpAddress"));
		size_t n6 = 0;
		cJSON_ArrayForEach(x, jarr(primary, "Ipv6Addresses"))
		{
			const char *a = jstr(x, "Ipv6Address");
			if (!a || !addr_in_cidr(subnet_ipv6(s), a))
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
	y_kstr(y, "name", tag_name(v->j));
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
		y_kstr(y, "name", tag_name(igw->j));
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
		const char *region = NULL;
		if (names == RK_BUCKET) {
			region = b ? jstr(b->j, "BucketRegion") : NULL;
			if (!region && loc) {
				/* get-bucket-location: null is us-east-1, EU is eu-west-1 */
				region = cJSON_IsString(loc->j) && loc->j->valuestring[0] ?
					 loc->j->valuestring : "us-east-1";
				if (!strcmp(region, "EU"))
					region = "eu-west-1";
			}
		} else if (b) {
			const char *arn = jstr(b->j, "TableArn");
			if (arn && str_has_prefix(arn, "arn:aws:dynamodb:")) {
				const char *r = arn + strlen("arn:aws:dynamodb:");
				region = pool_strndup(I, r, strcspn(r, ":"));
			} else {
				region = b->f->region;
			}
		} else if (p) {
			region = p->f->region;
		}
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
		y_kstr(y, "name", tag_name(v->j));
		y_kstr(y, "gateway", v->aux);
		const cJSON *r;
		size_t nr = 0;
		cJSON_ArrayForEach(r, jarr(v->j, "Routes"))
		{
			const char *st = jstr(r, "State");
			struct net_prefix p;
			if ((st && (!strcmp(st, "deleted") || !strcmp(st, "deleting"))) ||
			    !parse_cidr(jstr(r, "DestinationCidrBlock"), &p))
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
		y_kstr(y, "name", tag_name(p->j));
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
		y_kstr(y, "name", tag_name(t->j));
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
			y_kstr(y, "name", tag_name(rtb->j));
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

static char *emit_all(struct imp *I, struct pls *P, struct tgwatts *A, size_t *len)
{
	struct yem y;
	memset(&y, 0, sizeof(y));
	struct out o = { .I = I, .y = &y, .P = P, .A = A };
	subnet_associations(I, &o);
	static const char header[] =
		"# vpcpath topology imported from AWS CLI output by 'vpcpath import aws'.\n"
		"# Local routes and gateway-endpoint routes are implicit (vpcpath-topology(5)).\n";
	ybuf_write(&y.out, (unsigned char *)header, sizeof(header) - 1);
	if (!yaml_emitter_initialize(&y.e)) {
		free(o.sub_rtb);
		free(o.sub_acl);
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
	free(o.sub_rtb);
	free(o.sub_acl);
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
	static const enum rk scoped[] = { RK_SUBNET, RK_RTB, RK_NAT, RK_EP, RK_SG, RK_NACL,
					  RK_INST };
	for (size_t i = 0; i < sizeof(scoped) / sizeof(scoped[0]); i++)
		scope_to_vpcs(I, scoped[i]);
	decide_regions(I);
	decide_gateways(I, RK_IGW, "Attachments");
	decide_gateways(I, RK_EIGW, "Attachments");
	decide_gateways(I, RK_VGW, "VpcAttachments");
	decide_subnets(I);
	decide_nats(I);
	decide_endpoints(I);
	decide_instances(I);
	I->sgrules_by_group = group_by(I, RK_SG_RULE, "GroupId");
	missing_files(I);
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
	build_tgwatts(&I, &A);
	decide_tgws(&I, &A);
	decide_vpns(&I, &A);
	text = emit_all(&I, &P, &A, len);
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
