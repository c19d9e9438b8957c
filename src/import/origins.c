/* origins.c - the source map of an imported topology (include/vpcpath/origins.h):
 * built after pass 3 from the kept resources (where each was read, by id) and the
 * YAML written (which lines each object spans), then asked by the loader for the
 * place of each line.
 *
 * Objects are found in the YAML text rather than while it is written: libyaml's
 * emitter holds a few events back, so the line an object starts on is not known
 * when its events are sent.  What is written is the import's own block style
 * (yaml_out.c, indent 2): an object is a list item whose first key is its id (`- id:`,
 * `- {id: …}`, `- bucket:`, `- table:`, `- {arn: …}` for roles), and it spans the lines
 * up to the first one indented no deeper than its dash.
 */
#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "terraform.h"
#include "vpcpath/map.h"
#include "vpcpath/origins.h"

struct object {
	unsigned start, end; /* lines [start, end) of the YAML */
	size_t dash;         /* column of its `-` (0-based) */
	long parent;         /* index of the object holding it, -1: none */
	size_t origin;       /* index into origins */
};

struct import_origins {
	struct arena *a;
	struct import_origin input;   /* the input as a whole: no line, no resource */
	struct import_origin *origins; size_t norigins;
	struct object *objects; size_t nobjects;  /* by start line */
	/* where string -> origin, built on the first question (a cache: the map is
	 * otherwise read-only once built) */
	struct bytemap *by_where;
};

/* "FILE:LINE:COL: RESOURCE", without the parts not known. */
static const char *where_of(struct arena *a, const struct import_origin *o)
{
	char *place = o->line ? arena_loc(a, o->file, o->line, o->col) : arena_strdup(a, o->file);
	return o->resource ? arena_concat(a, place, ": ", o->resource, NULL) : place;
}

/* ---- the resources' places ---- */

/* A Terraform resource instance by the object made of it (tf_add's in->made). */
struct made_index {
	struct bytemap *m;
	const struct tfinst **v;
};

static void made_index_build(struct imp *I, struct made_index *x)
{
	struct tf *T = I->reader;
	x->m = bytemap_new();
	x->v = xcalloc(T->n + 1, sizeof(*x->v));
	for (size_t i = 0; i < T->n; i++)
		if (T->v[i].made) {
			const void *key = T->v[i].made;
			x->v[i] = &T->v[i];
			bytemap_get_or_add(x->m, &key, sizeof(key), i, NULL);
		}
}

static const struct tfinst *made_by(const struct made_index *x, const cJSON *j)
{
	size_t i;
	return bytemap_find(x->m, &j, sizeof(j), &i) ? x->v[i] : NULL;
}

/* A place to find: the string p of f's tree, for origin i (its line and column are
 * counted for all of them at once, place_lines). */
struct place {
	const struct src *f;
	size_t off, origin;
};

struct places {
	struct place *v;
	size_t n, cap;
};

static void want_place(struct places *P, struct import_origin *o, size_t origin,
		       const struct src *f, const char *s)
{
	size_t off;
	if (!src_offset_of(f, s, &off)) {
		/* not a string of the tree (a name made by the import): where that text
		 * first appears as a JSON string, if it does */
		if (!src_locate(f, s, &o->line, &o->col))
			o->line = o->col = 0;
		return;
	}
	if (P->n == P->cap) {
		P->cap = P->cap ? P->cap * 2 : 256;
		P->v = xrealloc(P->v, P->cap * sizeof(*P->v));
	}
	P->v[P->n++] = (struct place){ f, off, origin };
}

static int cmp_place(const void *a, const void *b)
{
	const struct place *x = a, *y = b;
	if (x->f != y->f)  /* grouped by file, in any order */
		return (uintptr_t)x->f < (uintptr_t)y->f ? -1 : 1;
	return x->off < y->off ? -1 : x->off > y->off;
}

/* Lines and columns (characters, not UTF-8 continuation bytes, as src_locate counts
 * them) of every place, in one pass over each file's text. */
static void place_lines(struct places *P, struct import_origin *origins)
{
	if (!P->n)
		return;  /* qsort is not given an empty (NULL) list */
	qsort(P->v, P->n, sizeof(*P->v), cmp_place);
	const struct src *f = NULL;
	size_t at = 0;
	unsigned line = 1, col = 1;
	for (size_t i = 0; i < P->n; i++) {
		const struct place *p = &P->v[i];
		if (p->f != f) {
			f = p->f;
			at = 0;
			line = col = 1;
		}
		for (; at < p->off && at < f->len; at++) {
			if (f->text[at] == '\n') {
				line++;
				col = 1;
			} else if (((unsigned char)f->text[at] & 0xC0) != 0x80) {
				col++;
			}
		}
		origins[p->origin].line = line;
		origins[p->origin].col = col;
	}
}

/* ---- a plan's addresses ---- */

/* Where each wanted address is in the plan, found in one pass over its text rather
 * than through an index of every string of the tree (which would cost more than the
 * parse on a plan of thousands of resources).  An address appears several times
 * (planned_values, resource_changes, prior_state, configuration): the place is the
 * entry the resource was read from, its resource change or, for one untouched by the
 * plan (TF_STATE), its prior state's or state's resource. */
enum section { SEC_OTHER, SEC_PLANNED, SEC_CHANGES, SEC_PRIOR, SEC_VALUES };

struct wanted {
	bool from_state;       /* the resource is read from prior_state / values */
	size_t off;            /* best place so far */
	int rank;              /* its rank (0: none yet) */
};

/* The origins placed at an address (a VPC and what AWS makes with it share one). */
struct wanted_by {
	size_t wanted, origin;
};

struct addresses {
	struct bytemap *m;     /* address -> index into v */
	struct wanted *v;
	size_t n, cap;
	struct wanted_by *by;
	size_t nby, capby;
};

static void want_address(struct addresses *A, const char *address, size_t origin,
			 bool from_state)
{
	if (!A->m)
		A->m = bytemap_new();
	bool added;
	size_t w = bytemap_get_or_add(A->m, address, strlen(address), A->n, &added);
	if (added) {
		if (A->n == A->cap) {
			A->cap = A->cap ? A->cap * 2 : 256;
			A->v = xrealloc(A->v, A->cap * sizeof(*A->v));
		}
		A->v[A->n++] = (struct wanted){ from_state, 0, 0 };
	}
	if (A->nby == A->capby) {
		A->capby = A->capby ? A->capby * 2 : 256;
		A->by = xrealloc(A->by, A->capby * sizeof(*A->by));
	}
	A->by[A->nby++] = (struct wanted_by){ w, origin };
}

static int section_rank(enum section sec, bool from_state)
{
	static const int changed[] = { [SEC_OTHER] = 1, [SEC_PLANNED] = 3, [SEC_CHANGES] = 4,
				       [SEC_PRIOR] = 2, [SEC_VALUES] = 2 };
	static const int state[] = { [SEC_OTHER] = 1, [SEC_PLANNED] = 2, [SEC_CHANGES] = 3,
				     [SEC_PRIOR] = 4, [SEC_VALUES] = 4 };
	return from_state ? state[sec] : changed[sec];
}

/* The end of the JSON string whose opening quote is at text[i] (its closing quote). */
static size_t string_end(const char *text, size_t len, size_t i)
{
	for (i++; i < len && text[i] != '"'; i++)
		if (text[i] == '\\')
			i++;
	return i;
}

/* A JSON string's text (between the quotes) decoded into buf, for comparing with an
 * address: the escapes an address may hold (\" \\ \/ \uXXXX of ASCII); false for
 * anything else (no address of this plan then). */
static bool decode(const char *s, size_t n, char *buf, size_t size, size_t *out)
{
	size_t k = 0;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (c == '\\') {
			if (++i >= n)
				return false;
			c = s[i];
			if (c == 'u') {
				unsigned v = 0;
				for (int d = 0; d < 4; d++) {
					if (++i >= n || !isxdigit((unsigned char)s[i]))
						return false;
					v = v * 16 + (unsigned)(isdigit((unsigned char)s[i]) ? s[i] - '0' :
								(tolower((unsigned char)s[i]) - 'a' + 10));
				}
				if (v == 0 || v > 0x7f)
					return false;
				c = (char)v;
			} else if (c != '"' && c != '\\' && c != '/') {
				return false;
			}
		}
		if (k + 1 >= size)
			return false;
		buf[k++] = c;
	}
	*out = k;
	return true;
}

static enum section section_of(const char *key, size_t n)
{
	static const struct { const char *key; enum section sec; } names[] = {
		{ "planned_values", SEC_PLANNED }, { "resource_changes", SEC_CHANGES },
		{ "prior_state", SEC_PRIOR }, { "values", SEC_VALUES },
	};
	for (size_t i = 0; i < sizeof(names) / sizeof(*names); i++)
		if (strlen(names[i].key) == n && !memcmp(key, names[i].key, n))
			return names[i].sec;
	return SEC_OTHER;
}

static void find_addresses(struct addresses *A, const struct src *f, struct places *P)
{
	if (!A->n || !f->text)
		return;
	const char *t = f->text;
	size_t len = f->len, depth = 0;
	enum section sec = SEC_OTHER;
	char buf[4096];
	for (size_t i = 0; i < len; i++) {
		char c = t[i];
		if (c == '{' || c == '[') {
			depth++;
			continue;
		}
		if (c == '}' || c == ']') {
			depth -= depth > 0;
			continue;
		}
		if (c != '"')
			continue;
		size_t s = i + 1, e = string_end(t, len, i), k = e + 1;
		i = e;
		while (k < len && strchr(" \t\r\n", t[k]))
			k++;
		if (k >= len || t[k] != ':')
			continue;  /* a value */
		if (depth == 1)
			sec = section_of(t + s, e - s);
		if (e - s != 7 || memcmp(t + s, "address", 7))
			continue;
		for (k++; k < len && strchr(" \t\r\n", t[k]); k++)
			;
		if (k >= len || t[k] != '"')
			continue;
		size_t vs = k + 1, ve = string_end(t, len, k), n, w;
		i = ve;
		if (!decode(t + vs, ve - vs, buf, sizeof(buf), &n) || !bytemap_find(A->m, buf, n, &w))
			continue;
		int rank = section_rank(sec, A->v[w].from_state);
		if (rank > A->v[w].rank) {
			A->v[w].rank = rank;
			A->v[w].off = vs;
		}
	}
	for (size_t i = 0; i < A->nby; i++) {
		const struct wanted *w = &A->v[A->by[i].wanted];
		if (!w->rank)
			continue;
		if (P->n == P->cap) {
			P->cap = P->cap ? P->cap * 2 : 256;
			P->v = xrealloc(P->v, P->cap * sizeof(*P->v));
		}
		P->v[P->n++] = (struct place){ f, w->off, A->by[i].origin };
	}
}

/* The resource a Terraform object was made of: its address, and its place wanted. */
static void terraform_origin(struct imp *I, const struct made_index *x, const struct res *r,
			     struct import_origin *o, size_t origin, struct addresses *A)
{
	const struct tfinst *in = made_by(x, r->j);
	if (in) {
		o->resource = in->address;
	} else {
		/* what AWS makes with another resource (a VPC's main route table, default
		 * group and ACL): named "ADDRESS (what)" (tf_made_name), at that resource */
		const char *name = tag_name(r->j), *paren = name ? strstr(name, " (") : NULL;
		o->resource = name ? name : r->id;
		if (paren) {
			char *address = xstrdup(name);
			address[paren - name] = '\0';
			in = tf_find(I->reader, address);
			free(address);
		}
	}
	if (in)
		want_address(A, in->address, origin, in->action == TF_STATE);
}

static void add_resource_origins(struct imp *I, struct import_origins *m, struct bytemap *by_id)
{
	struct made_index x = { 0 };
	struct places P = { 0 };
	struct addresses A = { 0 };
	bool terraform = !I->aws_cli_reader && I->reader;
	if (terraform)
		made_index_build(I, &x);
	size_t cap = 0;
	for (int k = 0; k < RK_COUNT; k++)
		for (size_t i = 0; i < I->l[k].n; i++) {
			const struct res *r = &I->l[k].v[i];
			if (!r->keep || !r->id || !r->f)
				continue;
			bool added;
			bytemap_get_or_add(by_id, r->id, strlen(r->id), m->norigins, &added);
			if (!added)  /* the first kind of an id is the object (a VPC, not its DNS) */
				continue;
			if (m->norigins == cap) {
				cap = cap ? cap * 2 : 256;
				m->origins = xrealloc(m->origins, cap * sizeof(*m->origins));
			}
			size_t n = m->norigins++;
			struct import_origin *o = &m->origins[n];
			memset(o, 0, sizeof(*o));
			o->file = r->f->path;
			if (terraform) {
				terraform_origin(I, &x, r, o, n, &A);
			} else {
				o->resource = r->id;
				want_place(&P, o, n, r->f, r->id);
			}
		}
	if (terraform && I->nfiles)
		find_addresses(&A, I->files[0], &P);
	place_lines(&P, m->origins);
	free(P.v);
	free(A.v);
	free(A.by);
	bytemap_free(A.m);
	if (terraform) {
		bytemap_free(x.m);
		free(x.v);
	}
}

/* ---- the objects of the YAML ---- */

/* The id of the object a line starts (`- id: X`, `- {id: X, …}`, `- bucket: X`, …):
 * its start and length in *id, or false. */
static bool object_line(const char *p, const char *end, size_t *dash, const char **id,
			size_t *idlen)
{
	const char *s = p;
	while (s < end && *s == ' ')
		s++;
	*dash = (size_t)(s - p);
	if (end - s < 2 || s[0] != '-' || s[1] != ' ')
		return false;
	s += 2;
	bool flow = s < end && *s == '{';
	s += flow;
	static const char *const keys[] = { "id: ", "bucket: ", "table: ", "arn: " };
	size_t k = 0;
	for (; k < sizeof(keys) / sizeof(*keys); k++)
		if ((size_t)(end - s) > strlen(keys[k]) && !memcmp(s, keys[k], strlen(keys[k])))
			break;
	if (k == sizeof(keys) / sizeof(*keys))
		return false;
	s += strlen(keys[k]);
	const char *e = s;
	if (*s == '\'') {  /* an id YAML would read as something else: 'quoted' */
		s++;
		for (e = s; e < end && *e != '\''; e++)
			;
	} else {
		while (e < end && !(flow && (*e == ',' || *e == '}')))
			e++;
	}
	*id = s;
	*idlen = (size_t)(e - s);
	return e > s;
}

static void find_objects(struct import_origins *m, const struct bytemap *by_id,
			 const char *text, size_t len)
{
	size_t cap = 0, depth = 0, *open = NULL, capopen = 0;
	unsigned line = 1;
	for (const char *p = text, *end; p < text + len; p = end + 1, line++) {
		end = memchr(p, '\n', (size_t)(text + len - p));
		if (!end)
			end = text + len;
		size_t indent = 0;
		while (p + indent < end && p[indent] == ' ')
			indent++;
		if (p + indent == end)
			continue;  /* a blank line (in a block scalar) ends nothing */
		while (depth && m->objects[open[depth - 1]].dash >= indent)
			m->objects[open[--depth]].end = line;
		size_t dash, idlen, origin;
		const char *id;
		if (!object_line(p, end, &dash, &id, &idlen) || !bytemap_find(by_id, id, idlen, &origin))
			continue;
		if (m->nobjects == cap) {
			cap = cap ? cap * 2 : 256;
			m->objects = xrealloc(m->objects, cap * sizeof(*m->objects));
		}
		m->objects[m->nobjects] = (struct object){ .start = line, .end = 0, .dash = dash,
			.parent = depth ? (long)open[depth - 1] : -1, .origin = origin };
		if (depth == capopen) {
			capopen = capopen ? capopen * 2 : 16;
			open = xrealloc(open, capopen * sizeof(*open));
		}
		open[depth++] = m->nobjects++;
	}
	while (depth)
		m->objects[open[--depth]].end = line;
	free(open);
}

struct import_origins *origins_build(struct imp *I, const char *yaml, size_t len)
{
	struct import_origins *m = xcalloc(1, sizeof(*m));
	m->a = arena_new();
	if (!m->a)
		abort();
	struct bytemap *by_id = bytemap_new();
	add_resource_origins(I, m, by_id);
	find_objects(m, by_id, yaml, len);
	bytemap_free(by_id);
	/* the strings are the import's: copy those of the origins that objects use */
	bool *used = xcalloc(m->norigins + 1, sizeof(*used));
	for (size_t i = 0; i < m->nobjects; i++)
		used[m->objects[i].origin] = true;
	for (size_t i = 0; i < m->norigins; i++) {
		struct import_origin *o = &m->origins[i];
		if (!used[i]) {
			memset(o, 0, sizeof(*o));
			continue;
		}
		o->file = arena_strdup(m->a, o->file);
		o->resource = o->resource ? arena_strdup(m->a, o->resource) : NULL;
		o->where = where_of(m->a, o);
	}
	free(used);
	m->input.file = arena_strdup(m->a, I->root);
	m->input.where = m->input.file;
	return m;
}

/* ---- questions ---- */

const struct import_origin *import_origin_at(const struct import_origins *m, unsigned line)
{
	if (!m)
		return NULL;
	size_t lo = 0, hi = m->nobjects;  /* the last object starting at or before line */
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (m->objects[mid].start <= line)
			lo = mid + 1;
		else
			hi = mid;
	}
	long i = (long)lo - 1;
	while (i >= 0 && line >= m->objects[i].end)
		i = m->objects[i].parent;
	return i >= 0 ? &m->origins[m->objects[i].origin] : &m->input;
}

const struct import_origin *import_origin_of_where(const struct import_origins *cm,
						   const char *where)
{
	if (!cm || !where)
		return NULL;
	struct import_origins *m = (struct import_origins *)cm;  /* by_where is a cache */
	if (!m->by_where) {
		m->by_where = bytemap_new();
		for (size_t i = 0; i < m->norigins; i++)
			if (m->origins[i].where)
				bytemap_get_or_add(m->by_where, m->origins[i].where,
						   strlen(m->origins[i].where), i, NULL);
	}
	if (!strcmp(where, m->input.where))
		return &m->input;
	size_t i;
	return bytemap_find(m->by_where, where, strlen(where), &i) ? &m->origins[i] : NULL;
}

void import_origins_relocate(const struct import_origins *m, const char *yaml_name,
			     struct diag_list *l, size_t from)
{
	if (!m)
		return;
	for (size_t i = from; i < l->len; i++) {
		struct diag *d = &l->items[i];
		if (!d->file || strcmp(d->file, yaml_name) != 0)
			continue;
		const struct import_origin *o = import_origin_at(m, d->line);
		free((char *)d->file);
		d->file = xstrdup(o->file);
		d->line = o->line;
		d->col = o->col;
		if (o->resource && !strstr(d->message, o->resource)) {
			size_t n = strlen(o->resource), k = strlen(d->message);
			char *msg = xmalloc(n + 2 + k + 1);
			memcpy(msg, o->resource, n);
			memcpy(msg + n, ": ", 2);
			memcpy(msg + n + 2, d->message, k + 1);
			free(d->message);
			d->message = msg;
		}
	}
}

void import_origins_free(struct import_origins *m)
{
	if (!m)
		return;
	free(m->origins);
	free(m->objects);
	bytemap_free(m->by_where);
	arena_free(m->a);
	free(m);
}
