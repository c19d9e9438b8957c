/* terraform.c - `vpcpath import terraform FILE`: recognise the input (a plan's or a
 * state's `terraform show -json`; refuse the other things Terraform and CI write), and
 * build the table of resource instances as they are after apply (terraform-notes.md
 * 6.1 and 6.2), then hand them to terraform_res.c and the shared passes. */
#include <ctype.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "terraform.h"
#include "vpcpath/map.h"
#include "vpcpath/import_terraform.h"

#define MAX_PLAN_FILE (512u << 20)

void tf_warn(struct tf *T, const struct tfinst *in, const char *fmt, ...)
{
	char msg[2048];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	imp_warn(T->I, T->f, in ? in->address : NULL, "%s", msg);
}

void tf_warn_once(struct tf *T, const struct tfinst *in, const char *key, const char *what,
		  const char *fmt, ...)
{
	struct tfrepeat *r = NULL;
	for (size_t i = 0; i < T->nreps && !r; i++)
		if (!strcmp(T->reps[i].key, key))
			r = &T->reps[i];
	if (!r) {
		T->reps = xrealloc(T->reps, (T->nreps + 1) * sizeof(*T->reps));
		r = &T->reps[T->nreps++];
		*r = (struct tfrepeat){ key, what, in, 0, 0 };
	}
	/* the first few in full, the rest counted */
	if (r->said == TF_WARN_REPEATS) {
		r->more++;
		return;
	}
	r->said++;
	char msg[2048];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	imp_warn(T->I, T->f, in ? in->address : NULL, "%s", msg);
}

void tf_warn_repeats(struct tf *T)
{
	for (size_t i = 0; i < T->nreps; i++)
		if (T->reps[i].more)
			imp_warn(T->I, T->f, T->reps[i].first ? T->reps[i].first->address : NULL,
				 "%zu more resource%s like %s: %s", T->reps[i].more,
				 T->reps[i].more == 1 ? "" : "s", T->reps[i].first ?
				 T->reps[i].first->address : "the ones above", T->reps[i].what);
}

/* ---- recognising the input (6.1) -------------------------------------------------- */

/* Both NULL or equal. */
static bool tf_same_or_null(const char *a, const char *b)
{
	return a == b || tf_same(a, b);
}

void tf_note_unknown(struct tf *T, const struct tfinst *in, const char *attr, const char *kind,
		     const char *scope, const char *value)
{
	struct imp *I = T->I;
	if (in && !attr && in->unknown_by) {
		in = in->unknown_by;
		attr = in->unknown_attr;
	}
	if (in && !attr)
		attr = in->unknown_attr;
	if (in && !attr) {
		note_missing(I, kind, scope, value);
		return;
	}
	size_t before = I->nmissing;
	note_missing(I, kind, scope, value);
	struct missing *m = NULL;
	if (I->nmissing > before) {
		m = &I->missing[I->nmissing - 1];
	} else {
		for (size_t i = 0; i < I->nmissing && !m; i++) {
			struct missing *x = &I->missing[i];
			if (!strcmp(x->kind, kind) && tf_same_or_null(x->scope, scope) &&
			    tf_same_or_null(x->value, value))
				m = x;
		}
		/* recorded before for another reason (not in the plan at all): that stays */
		if (!m || !m->plan_unknown)
			return;
		/* several resources behind one entry: it names them (capped) */
		if (in)
			tf_missing_cause(T, m, in->address, attr);
		return;
	}
	m->plan_unknown = true;
	if (in) {
		tf_missing_cause(T, m, in->address, attr);
		m->sensitive = tf_path_sensitive(in, attr);
	}
}

static const char show_hint[] = "run 'terraform show -json PLANFILE > plan.json' (or "
				"'terraform show -json > state.json' for the state) and import that";

/* The first line that is not blank: [start, end). */
static void first_line(const char *t, size_t n, size_t *start, size_t *end)
{
	size_t i = 0;
	while (i < n && isspace((unsigned char)t[i]))
		i++;
	if (n - i >= 3 && !memcmp(t + i, "\xEF\xBB\xBF", 3))
		i += 3;
	*start = i;
	while (i < n && t[i] != '\n')
		i++;
	*end = i;
}

/* Refuses what is not show -json output but is often taken for it; the file's text
 * (malloc'd, *len bytes; the caller frees it) when it may be read as JSON, else NULL. */
static char *recognise(struct imp *I, const char *path, size_t *len)
{
	const char *err = NULL;
	size_t n = 0;
	char *t = read_file(path, MAX_PLAN_FILE, &n, &err);
	if (!t) {
		diag_add(I->diags, DIAG_ERROR, path, 0, 0, NULL, "cannot read: %s", err);
		return NULL;
	}
	bool ok = true;
	size_t s, e;
	first_line(t, n, &s, &e);
	if (n >= 4 && !memcmp(t, "PK\x03\x04", 4)) {
		diag_add(I->diags, DIAG_ERROR, path, 1, 1, NULL, "this is a binary plan file (terraform "
			 "plan -out writes a zip archive); %s", show_hint);
		ok = false;
	} else if (e - s >= 9 && (!memcmp(t + s, "[command]", 9) || !memcmp(t + s, "::", 2))) {
		unsigned line, col;
		offset_loc(t, s, &line, &col);
		diag_add(I->diags, DIAG_ERROR, path, line, col, NULL, "this is terraform's output as a "
			 "CI wrapper prints it ('[command]' and '::debug::' lines around the JSON, as "
			 "hashicorp/setup-terraform does); set terraform_wrapper: false in the setup "
			 "step, or %s", show_hint);
		ok = false;
	} else if (e > s && t[s] == '{' && e < n && t[e + strspn(t + e, " \t\r\n")] == '{') {
		/* a `terraform plan -json` stream: one JSON object per line, each with @level
		 * and type; show -json prints one object (its one line is not parsed twice) */
		cJSON *j = cJSON_ParseWithLength(t + s, e - s);
		if (j && cJSON_GetObjectItemCaseSensitive(j, "@level") &&
		    cJSON_GetObjectItemCaseSensitive(j, "type")) {
			unsigned line, col;
			offset_loc(t, s, &line, &col);
			diag_add(I->diags, DIAG_ERROR, path, line, col, NULL, "this is the log stream of "
				 "'terraform plan -json' (one message per line), not the plan; run "
				 "'terraform plan -out=tfplan', then 'terraform show -json tfplan > "
				 "plan.json' and import that");
			ok = false;
		}
		cJSON_Delete(j);
	}
	if (!ok) {
		free(t);
		return NULL;
	}
	*len = n;
	return t;
}

/* format_version: major 0 or 1; an unknown minor version of 1 is read with a warning
 * (the format's minor versions are additive); terraform_version is never looked at. */
static bool check_format(struct tf *T, const cJSON *root)
{
	const cJSON *fv = cJSON_GetObjectItemCaseSensitive(root, "format_version");
	if (!cJSON_IsString(fv)) {
		imp_error(T->I, T->f, NULL, "no format_version: this is not the JSON of 'terraform "
			  "show -json' (%s)", show_hint);
		return false;
	}
	const char *v = fv->valuestring;
	char *end;
	long major = strtol(v, &end, 10);
	long minor = *end == '.' ? strtol(end + 1, &end, 10) : -1;
	if (!isdigit((unsigned char)v[0]) || minor < 0 || *end) {
		imp_error(T->I, T->f, v, "format_version '%s' is not MAJOR.MINOR", v);
		return false;
	}
	if (major > 1) {
		imp_error(T->I, T->f, v, "format_version %s: vpcpath reads versions 0.x and 1.x of "
			  "Terraform's JSON format; a new major version may mean something else", v);
		return false;
	}
	if ((major == 0 && minor > 2) || (major == 1 && minor > 2))
		imp_warn(T->I, T->f, v, "format_version %s is newer than the 1.2 vpcpath knows; read "
			 "as 1.2 (minor versions only add fields)", v);
	return true;
}

/* ---- values ----------------------------------------------------------------------- */

static bool unset_value(const cJSON *v)
{
	return !v || cJSON_IsNull(v) || (cJSON_IsString(v) && !*v->valuestring);
}

static enum tfknown known_state(const cJSON *val, const cJSON *unk)
{
	if (cJSON_IsTrue(unk))
		return TF_UNKNOWN;
	return unset_value(val) ? TF_UNSET : TF_KNOWN;
}

/* Whether a sensitive mark (of after_sensitive, before_sensitive or sensitive_values)
 * covers the value: `true`, or a list holding `true` (cidr_blocks: [true]).  A map's
 * marks are per key (tags: {"Owner": true}): the map itself is not covered. */
static bool marked(const cJSON *mark)
{
	if (cJSON_IsTrue(mark))
		return true;
	const cJSON *e;
	if (cJSON_IsArray(mark))
		cJSON_ArrayForEach(e, mark)
			if (cJSON_IsTrue(e))
				return true;
	return false;
}

static const cJSON *mark_of(const cJSON *marks, const char *attr)
{
	return cJSON_IsTrue(marks) ? marks :
	       cJSON_IsObject(marks) ? cJSON_GetObjectItemCaseSensitive(marks, attr) : NULL;
}

bool tf_sensitive(const struct tfinst *in, const char *attr)
{
	return marked(mark_of(in->sensitive, attr));
}

/* Whether a mark, or one of its elements' key (NULL: any), covers a value. */
static bool marked_within(const cJSON *mark, const char *key)
{
	if (!key)
		return marked(mark);
	const cJSON *e;
	if (cJSON_IsArray(mark))
		cJSON_ArrayForEach(e, mark)
			if (marked(mark_of(e, key)))
				return true;
	return marked(mark_of(mark, key));
}

bool tf_path_sensitive(const struct tfinst *in, const char *path)
{
	if (!path || !in->sensitive)
		return false;
	const char *dot = strchr(path, '.');
	if (!dot)
		return tf_sensitive(in, path);
	char head[128];
	size_t n = (size_t)(dot - path);
	if (n >= sizeof(head))
		return false;
	memcpy(head, path, n);
	head[n] = '\0';
	return cJSON_IsTrue(in->sensitive) || marked_within(mark_of(in->sensitive, head), dot + 1);
}

const char *tf_unknown_words(const struct tfinst *in, const char *path)
{
	return tf_path_sensitive(in, path) ? "is sensitive in the plan (never written or printed)" :
	       "is known only after apply";
}

/* A sensitive value is never written or printed (terraform-notes.md 1.5): an
 * attribute marked sensitive reads as one known only after apply, so that what it
 * decides is PLAN_UNKNOWN and the value itself appears nowhere. */
enum tfknown tf_attr(const struct tfinst *in, const char *attr, const cJSON **val)
{
	const cJSON *v = in->after ? cJSON_GetObjectItemCaseSensitive(in->after, attr) : NULL;
	const cJSON *u = cJSON_IsTrue(in->unknown) ? in->unknown :
			 in->unknown ? cJSON_GetObjectItemCaseSensitive(in->unknown, attr) : NULL;
	if (v && !unset_value(v) && tf_sensitive(in, attr)) {
		*val = NULL;
		return TF_UNKNOWN;
	}
	enum tfknown k = known_state(v, u);
	*val = k == TF_KNOWN ? v : NULL;
	/* a list holding an unknown element is unknown as a whole (a set of ids that
	 * references a new resource is printed as `true`) */
	if (k == TF_KNOWN && cJSON_IsArray(u)) {
		const cJSON *e;
		cJSON_ArrayForEach(e, u)
			if (cJSON_IsTrue(e) && cJSON_IsArray(v) && !cJSON_IsObject(v->child)) {
				*val = NULL;
				return TF_UNKNOWN;
			}
	}
	return k;
}

/* The i-th element of list (an array), from where cursor c last was when it was in
 * the same list and not past i, else from the start; NULL past the end. */
static const cJSON *nth_item(struct tfcursor *c, const cJSON *list, int i)
{
	if (!cJSON_IsArray(list) || i < 0)
		return NULL;
	const cJSON *x = list->child;
	int k = 0;
	if (c->list == list && c->node && c->i <= i) {
		x = c->node;
		k = c->i;
	}
	for (; x && k < i; k++)
		x = x->next;
	c->list = list;
	c->node = x;
	c->i = k;
	return x;
}

enum tfknown tf_elem_attr(const struct tfinst *in, const char *list, int i,
			  const cJSON *elem, const char *attr, const cJSON **val)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(elem, attr);
	const cJSON *u = in->unknown ? cJSON_GetObjectItemCaseSensitive(in->unknown, list) : NULL;
	if (cJSON_IsTrue(in->unknown) || cJSON_IsTrue(u)) {
		*val = NULL;
		return TF_UNKNOWN;
	}
	/* (an instance is never a const object: the table's, T->v, or a caller's copy;
	 * its cursors may move) */
	struct tfcursor *cursor = ((struct tfinst *)in)->cursor;
	u = nth_item(&cursor[0], u, i);
	if (cJSON_IsTrue(u)) {
		*val = NULL;
		return TF_UNKNOWN;
	}
	u = u ? cJSON_GetObjectItemCaseSensitive(u, attr) : NULL;
	/* sensitive: the list, its element, or the element's attribute (tf_attr) */
	const cJSON *m = mark_of(in->sensitive, list);
	if (cJSON_IsArray(m))
		m = nth_item(&cursor[1], m, i);
	if (v && !unset_value(v) && (cJSON_IsTrue(m) || marked(mark_of(m, attr)))) {
		*val = NULL;
		return TF_UNKNOWN;
	}
	enum tfknown k = known_state(v, u);
	*val = k == TF_KNOWN ? v : NULL;
	return k;
}

const char *tf_str(const struct tfinst *in, const char *attr)
{
	const cJSON *v;
	if (tf_attr(in, attr, &v) != TF_KNOWN || !cJSON_IsString(v))
		return NULL;
	return v->valuestring;
}

/* ---- the instance table (6.2) ------------------------------------------------------ */

static int cmp_inst(const void *a, const void *b)
{
	const struct tfinst *x = a, *y = b;
	int c = strcmp(x->address, y->address);
	return c ? c : (x->seq < y->seq ? -1 : x->seq > y->seq);
}

struct tfinst *tf_find(struct tf *T, const char *address)
{
	size_t lo = 0, hi = T->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(T->v[mid].address, address);
		if (!c)
			return &T->v[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

static struct tfinst *add_inst(struct tf *T, const cJSON *r, const char *module)
{
	const char *addr = jstr(r, "address"), *type = jstr(r, "type"), *name = jstr(r, "name");
	const char *mode = jstr(r, "mode");
	if (!addr || !type || !name) {
		imp_warn(T->I, T->f, obj_near(r), "a resource without address, type or name; skipped");
		return NULL;
	}
	if (T->n == T->cap) {
		T->cap = T->cap ? 2 * T->cap : 64;
		T->v = xrealloc(T->v, T->cap * sizeof(*T->v));
	}
	struct tfinst *in = &T->v[T->n];
	memset(in, 0, sizeof(*in));
	in->seq = T->n++;
	in->address = addr;
	in->type = type;
	in->name = name;
	in->data = mode && !strcmp(mode, "data");
	in->module = module ? module : "";
	/* the instance key is what follows type.name in the address */
	size_t ml = strlen(in->module);
	const char *rest = addr + (ml ? ml + 1 : 0);
	if (in->data && !strncmp(rest, "data.", 5))
		rest += 5;
	size_t tl = strlen(type), nl = strlen(name);
	if (!strncmp(rest, type, tl) && rest[tl] == '.' && !strncmp(rest + tl + 1, name, nl))
		in->key = rest + tl + 1 + nl;
	else
		in->key = "";
	return in;
}

/* A module of the values representation, recursively (prior_state, a state's values). */
static void read_values_module(struct tf *T, const cJSON *m, int depth)
{
	if (!cJSON_IsObject(m) || depth > 64)
		return;
	const char *maddr = jstr(m, "address");
	const cJSON *r;
	cJSON_ArrayForEach(r, jarr(m, "resources"))
	{
		struct tfinst *in = add_inst(T, r, maddr);
		if (!in)
			continue;
		in->action = TF_STATE;
		in->before = in->after = jget(r, "values");
		in->sensitive = jget(r, "sensitive_values");
	}
	const cJSON *c;
	cJSON_ArrayForEach(c, jarr(m, "child_modules"))
		read_values_module(T, c, depth + 1);
}

static enum tfaction action_of(struct tf *T, const cJSON *rc, const cJSON *actions)
{
	char a[64] = "";
	const cJSON *x;
	cJSON_ArrayForEach(x, actions)
		if (cJSON_IsString(x) && strlen(a) + strlen(x->valuestring) + 2 < sizeof(a)) {
			strcat(a, x->valuestring);
			strcat(a, ",");
		}
	static const struct { const char *s; enum tfaction a; } map[] = {
		{ "no-op,", TF_NOOP }, { "create,", TF_CREATE }, { "read,", TF_READ },
		{ "update,", TF_UPDATE }, { "delete,create,", TF_REPLACE },
		{ "create,delete,", TF_REPLACE }, { "delete,", TF_DELETE }, { "forget,", TF_FORGET },
		{ "create,forget,", TF_CREATE },
	};
	for (size_t i = 0; i < sizeof(map) / sizeof(map[0]); i++)
		if (!strcmp(a, map[i].s))
			return map[i].a;
	imp_error(T->I, T->f, obj_near(rc), "%s: change.actions [%s] is not one Terraform writes",
		  jstr(rc, "address") ? jstr(rc, "address") : "a resource change", a);
	return TF_NOOP;
}

/* resource_changes overlay the prior state: a later entry for an address replaces an
 * earlier one (the table is sorted by address, then arrival). */
static void read_changes(struct tf *T, const cJSON *changes)
{
	const cJSON *rc;
	size_t k = 0;
	cJSON_ArrayForEach(rc, changes)
	{
		/* a before that is the after again, byte for byte, was skimmed out */
		bool same = k < T->skim.nchanges && T->skim.before_is_after[k];
		k++;
		if (jget(rc, "deposed"))
			continue; /* a deposed object goes away in this apply */
		const cJSON *ch = jget(rc, "change");
		struct tfinst *in = add_inst(T, rc, jstr(rc, "module_address"));
		if (!in)
			continue;
		in->action = action_of(T, rc, jget(ch, "actions"));
		const cJSON *before = jget(ch, same ? "after" : "before");
		in->before = before;
		switch (in->action) {
		case TF_DELETE:
			in->gone = true;
			in->after = before;
			in->sensitive = jget(ch, "before_sensitive");
			break;
		case TF_FORGET:
			/* a removed block: Terraform stops managing it, AWS keeps it (2.2 item 5) */
			in->after = before;
			in->sensitive = jget(ch, "before_sensitive");
			break;
		default:
			in->after = jget(ch, "after");
			in->unknown = jget(ch, "after_unknown");
			in->sensitive = jget(ch, "after_sensitive");
			break;
		}
	}
}

/* Each address once: the last source (prior state, then the change) wins. */
static void dedupe(struct tf *T)
{
	if (T->n)  /* an empty prior state: no list at all (qsort wants one) */
		qsort(T->v, T->n, sizeof(*T->v), cmp_inst);
	size_t w = 0;
	for (size_t i = 0; i < T->n; i++) {
		if (w && !strcmp(T->v[w - 1].address, T->v[i].address))
			w--;
		T->v[w++] = T->v[i];
	}
	T->n = w;
}

/* The configuration block of each instance: module_calls walked by the module path's
 * names (instance keys do not matter: every instance of a module has one block). */
const cJSON *tf_config_module(struct tf *T, const char *module)
{
	const cJSON *m = T->config;
	const char *p = module;
	while (m && *p) {
		if (strncmp(p, "module.", 7))
			return NULL;
		p += 7;
		size_t n = strcspn(p, ".[");
		char name[256];
		if (!n || n >= sizeof(name))
			return NULL;
		memcpy(name, p, n);
		name[n] = '\0';
		p += n;
		if (*p == '[' && !(p = tf_skip_key(p)))
			return NULL;
		if (*p == '.')
			p++;
		m = jget(jget(jget(m, "module_calls"), name), "module");
	}
	return m;
}

/* A configuration module's resource blocks, by address (attach_config): every
 * instance looks its block up in a step, not in a walk of a list of thousands. */
struct cfgblock {
	const char *address;
	const cJSON *r;
	size_t pos;          /* in the module's list: the first of an address is taken */
};

struct cfgmod {
	const cJSON *m;      /* the module's configuration (NULL: a free slot) */
	struct cfgblock *v;
	size_t n;
};

static int cmp_cfgblock(const void *a, const void *b)
{
	const struct cfgblock *x = a, *y = b;
	int c = strcmp(x->address, y->address);
	return c ? c : (x->pos < y->pos ? -1 : x->pos > y->pos);
}

/* The index of module m, in the open-addressed table mods (cap slots, a power of two,
 * never full: the caller sizes it to twice the instances). */
static struct cfgmod *cfg_index(struct cfgmod *mods, size_t cap, const cJSON *m)
{
	size_t k = (size_t)(((uintptr_t)m * 0x9E3779B97F4A7C15ull) >> 20) & (cap - 1);
	while (mods[k].m && mods[k].m != m)
		k = (k + 1) & (cap - 1);
	struct cfgmod *x = &mods[k];
	if (x->m)
		return x;
	x->m = m;
	const cJSON *list = jarr(m, "resources"), *r;
	x->v = xmalloc(((size_t)cJSON_GetArraySize(list) + 1) * sizeof(*x->v));
	cJSON_ArrayForEach(r, list)
	{
		const char *a = jstr(r, "address");
		if (a)
			x->v[x->n] = (struct cfgblock){ a, r, x->n }, x->n++;
	}
	qsort(x->v, x->n, sizeof(*x->v), cmp_cfgblock);
	return x;
}

static void attach_config(struct tf *T)
{
	size_t cap = 16;
	while (cap < 2 * T->n)
		cap *= 2;
	struct cfgmod *mods = xcalloc(cap, sizeof(*mods));
	for (size_t i = 0; i < T->n; i++) {
		struct tfinst *in = &T->v[i];
		const cJSON *m = tf_config_module(T, in->module);
		if (!m)
			continue;
		char want[512];
		snprintf(want, sizeof(want), "%s%s.%s", in->data ? "data." : "", in->type, in->name);
		struct cfgmod *x = cfg_index(mods, cap, m);
		/* the first block of that address in the list */
		size_t lo = 0, hi = x->n;
		while (lo < hi) {
			size_t mid = lo + (hi - lo) / 2;
			if (strcmp(x->v[mid].address, want) < 0)
				lo = mid + 1;
			else
				hi = mid;
		}
		if (lo < x->n && !strcmp(x->v[lo].address, want))
			in->cfg = x->v[lo].r;
	}
	for (size_t k = 0; k < cap; k++)
		free(mods[k].v);
	free(mods);
}

static bool read_tf(struct tf *T, const cJSON *root, enum import_terraform_view view)
{
	if (!check_format(T, root))
		return false;
	const cJSON *values = jget(root, "values");
	T->plan = jget(root, "planned_values") || jget(root, "resource_changes") ||
		  jget(root, "configuration") || jget(root, "prior_state");
	if (!T->plan && !values) {
		imp_error(T->I, T->f, "format_version", "neither a plan (planned_values, "
			  "resource_changes) nor a state (values): not the JSON of 'terraform show "
			  "-json'");
		return false;
	}
	if (T->plan && cJSON_IsTrue(jget(root, "errored"))) {
		imp_error(T->I, T->f, "errored", "the plan is errored: Terraform stopped planning part "
			  "way, so the network it describes is incomplete; fix the errors 'terraform "
			  "plan' reports, then plan and run 'terraform show -json' again");
		return false;
	}
	if (T->plan && cJSON_IsFalse(jget(root, "complete")))
		imp_warn(T->I, T->f, "complete", "the plan is not complete (complete: false): another "
			 "plan and apply are needed after this one, so the network after this apply "
			 "is not the final one");
	if (cJSON_GetArraySize(jget(root, "deferred_changes")) > 0)
		imp_warn(T->I, T->f, "deferred_changes", "the plan defers changes (deferred_changes): "
			 "the resources they would make are not in the topology");
	if (!T->plan) {
		read_values_module(T, jget(values, "root_module"), 0);
	} else if (view == IMPORT_TF_PRIOR) {
		/* the network before the plan: its refreshed prior state, every value known
		 * (terraform-notes.md 1.2); the changes are not read */
		const cJSON *prior = jget(jget(root, "prior_state"), "values");
		if (!prior)
			imp_warn(T->I, T->f, NULL, "the plan has no prior_state (its configuration was "
				 "never applied): the network before it is empty");
		read_values_module(T, jget(prior, "root_module"), 0);
		T->variables = jget(root, "variables");
		T->config = jget(jget(root, "configuration"), "root_module");
	} else {
		T->variables = jget(root, "variables");
		T->config = jget(jget(root, "configuration"), "root_module");
		read_values_module(T, jget(jget(root, "prior_state"), "values") ?
				   jget(jget(jget(root, "prior_state"), "values"), "root_module") : NULL, 0);
		read_changes(T, jarr(root, "resource_changes"));
		/* with no resource_changes at all (an old plan, hand-trimmed), the planned
		 * values are the network after apply */
		if (!jarr(root, "resource_changes"))
			read_values_module(T, jget(jget(root, "planned_values"), "root_module"), 0);
	}
	dedupe(T);
	attach_config(T);
	T->providers = jget(jget(root, "configuration"), "provider_config");
	T->f->region = tf_plan_region(T);
	return true;
}

/* parse_file's skim (I->skim_text) for a plan or state. */
static void skim_plan(struct imp *I, char *text, size_t len)
{
	struct tf *T = I->reader;
	T->skim = tf_skim(text, len, T->prior_view);
}

char *import_terraform_file(const char *path, struct diag_list *diags, size_t *len)
{
	return import_terraform_file_view(path, IMPORT_TF_AFTER, diags, len, NULL);
}

char *import_terraform_file_view(const char *path, enum import_terraform_view view,
				 struct diag_list *diags, size_t *len,
				 struct import_origins **origins)
{
	struct imp I;
	memset(&I, 0, sizeof(I));
	I.diags = diags;
	I.origins_out = origins;  /* import_decide_emit fills it */
	if (origins)
		*origins = NULL;
	I.root = path;
	*len = 0;
	size_t errors_before = diags->errors;
	char *text = NULL;
	struct tf T = { .I = &I };
	I.header = view == IMPORT_TF_PRIOR ?
		   "# vpcpath topology imported from Terraform JSON by 'vpcpath import terraform':\n"
		   "# the network before the plan (its prior state); each resource is named by its\n"
		   "# Terraform address.\n"
		   "# Local routes and gateway-endpoint routes are implicit (vpcpath-topology(5)).\n" :
		   "# vpcpath topology imported from Terraform JSON by 'vpcpath import terraform':\n"
		   "# the network after apply; each resource is named by its Terraform address.\n"
		   "# Local routes and gateway-endpoint routes are implicit (vpcpath-topology(5)).\n";
	size_t text_len = 0;
	char *text_read = recognise(&I, path, &text_len);
	if (!text_read)
		goto out;
	struct src *f = xcalloc(1, sizeof(*f));
	/* parse_file takes the text recognise read (and frees it with f) */
	f->text = text_read;
	f->len = text_len;
	f->path = xstrdup(path);
	f->rel = xstrdup(path);
	I.files = xmalloc(sizeof(*I.files));
	I.files[0] = f;
	I.nfiles = I.capfiles = 1;
	T.f = f;
	/* the tree in an arena of its own (read.c): a third smaller, freed at once;
	 * what the reader never reads is skimmed out of the text first (tfskim.c) */
	I.arena_tree = true;
	I.skim_text = skim_plan;
	I.reader = &T;
	T.prior_view = view == IMPORT_TF_PRIOR;
	if (!parse_file(&I, f) || diags->errors > errors_before)
		goto out;
	if (!cJSON_IsObject(f->root)) {
		imp_error(&I, f, NULL, "not the JSON of 'terraform show -json' (an object); %s",
			  show_hint);
		goto out;
	}
	if (!read_tf(&T, f->root, view) || diags->errors > errors_before)
		goto out;
	tf_make_resources(&T);
	tf_warn_repeats(&T);
	if (diags->errors > errors_before)
		goto out;
	/* what the plan lacks, in its own words (terraform_missing.c) */
	I.input_name = view == IMPORT_TF_PRIOR ? "the plan's prior state" :
		       T.plan ? "the plan" : "the state";
	I.missing_advice = tf_missing_advice;
	I.reader = &T;
	text = import_decide_emit(&I, errors_before, len);
out:
	imp_release(&I);
	free(T.v);
	free(T.skim.before_is_after);
	free(T.byid);
	free(T.reps);
	free(T.rt_unknown_vpcs);
	free(T.rt_causes);
	free(T.acl_unknown_vpcs);
	free(T.cidrs);
	if (T.taken)
		bytemap_free(T.taken);
	return text;
}
