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

/* The place of a Terraform resource: its address where the plan states it (the very
 * string read, so the resource change or the prior state's resource it came from). */
static void terraform_origin(struct imp *I, const struct made_index *x, const struct res *r,
			     struct import_origin *o)
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
	if (in && !src_locate(r->f, in->address, &o->line, &o->col))
		o->line = o->col = 0;
}

static void add_resource_origins(struct imp *I, struct import_origins *m, struct bytemap *by_id)
{
	struct made_index x = { 0 };
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
			struct import_origin *o = &m->origins[m->norigins++];
			memset(o, 0, sizeof(*o));
			o->file = r->f->path;
			if (terraform) {
				terraform_origin(I, &x, r, o);
			} else {
				o->resource = r->id;
				if (!src_locate(r->f, r->id, &o->line, &o->col))
					o->line = o->col = 0;
			}
		}
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
