/* yamlread.c - see include/vpcpath/yamlread.h */
#include "vpcpath/yamlread.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <yaml.h>

#include "vpcpath/arena.h"
#include "vpcpath/map.h"
#include "vpcpath/util.h"

#define YAMLREAD_DEFAULT_MAX (4u * 1024u * 1024u)
/* deeper nesting than any config needs; bounds the frame stack */
#define YAMLREAD_MAX_DEPTH 64

struct yamlread_frame {
	struct yamlread_node *node;
	struct arena_vec vec;          /* node pointers (sequence) or pairs (mapping) */
	struct yamlread_node *pending; /* mapping: a key waiting for its value */
	struct bytemap *keys;          /* mapping of many keys: key -> pair index */
};

/* errors kept per file: past this many, the rest are counted ("… and N more") */
#define YAMLREAD_MAX_ERRORS 1000u
/* a mapping with more keys than this finds repeats through a map, not a scan */
#define YAMLREAD_KEYS_SCANNED 16u

struct yamlread_state {
	struct yamlread_doc *doc;
	struct diag_list *diags;
	struct yamlread_frame stack[YAMLREAD_MAX_DEPTH];
	size_t depth;
	unsigned documents;
	bool failed;
	size_t errors, dropped;       /* this file's errors: reported, and past the cap */
	unsigned last_line, last_col; /* of the last one reported */
};

static void yr_error(struct yamlread_state *st, unsigned line, unsigned col, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static void yr_error(struct yamlread_state *st, unsigned line, unsigned col, const char *fmt, ...)
{
	st->failed = true;
	if (st->errors >= YAMLREAD_MAX_ERRORS) {
		st->dropped++;
		return;
	}
	char msg[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	diag_add(st->diags, DIAG_ERROR, st->doc->file, line, col, NULL, "%s", msg);
	st->errors++;
	st->last_line = line;
	st->last_col = col;
}

static struct yamlread_node *yr_new_node(struct yamlread_state *st, enum yamlread_kind kind,
					 const yaml_mark_t *mark)
{
	struct yamlread_node *n = arena_alloc(st->doc->arena, sizeof(*n));
	n->kind = kind;
	n->line = (unsigned)mark->line + 1;
	n->col = (unsigned)mark->column + 1;
	return n;
}

/* The pair of frame f whose key is `key`, NULL when none: a scan of a short mapping,
 * a map lookup in a long one (a 4 MB file of one mapping must not cost n^2). */
static const struct yamlread_pair *earlier_key(const struct yamlread_frame *f, const char *key)
{
	const struct yamlread_pair *pairs = f->vec.items;
	if (!f->keys) {
		for (size_t i = 0; i < f->vec.len; i++)
			if (strcmp(pairs[i].key->scalar, key) == 0)
				return &pairs[i];
		return NULL;
	}
	size_t i;
	return bytemap_find(f->keys, key, strlen(key), &i) ? &pairs[i] : NULL;
}

/* Records pair i's key (the first of a repeated key stays). */
static void remember_key(struct yamlread_frame *f, size_t i)
{
	const struct yamlread_pair *pairs = f->vec.items;
	if (!f->keys) {
		if (f->vec.len <= YAMLREAD_KEYS_SCANNED)
			return;
		f->keys = bytemap_new();
		for (size_t k = 0; k < i; k++)
			bytemap_get_or_add(f->keys, pairs[k].key->scalar, strlen(pairs[k].key->scalar),
					   k, NULL);
	}
	bytemap_get_or_add(f->keys, pairs[i].key->scalar, strlen(pairs[i].key->scalar), i, NULL);
}

/* Hangs a finished (scalar) or just-opened (collection) node on its parent. */
static void yr_attach(struct yamlread_state *st, struct yamlread_node *n)
{
	if (st->depth == 0) {
		st->doc->root = n;
		return;
	}
	struct yamlread_frame *f = &st->stack[st->depth - 1];
	if (f->node->kind == YAMLREAD_SEQUENCE) {
		struct yamlread_node **slot = arena_vec_push(st->doc->arena, &f->vec, sizeof(*slot));
		*slot = n;
		return;
	}
	if (!f->pending) {
		if (n->kind != YAMLREAD_SCALAR) {
			yr_error(st, n->line, n->col, "a mapping key must be a plain name, not %s",
				 yamlread_kind_name(n));
			/* keep pairing keys with values so later messages stay right */
			struct yamlread_node *placeholder = arena_alloc(st->doc->arena, sizeof(*placeholder));
			*placeholder = *n;
			placeholder->kind = YAMLREAD_SCALAR;
			placeholder->scalar = "";
			f->pending = placeholder;
			return;
		}
		const struct yamlread_pair *first = earlier_key(f, n->scalar);
		if (first)
			yr_error(st, n->line, n->col, "duplicate key '%s' (first given at %u:%u)",
				 n->scalar, first->key->line, first->key->col);
		f->pending = n;
		return;
	}
	struct yamlread_pair *p = arena_vec_push(st->doc->arena, &f->vec, sizeof(*p));
	p->key = f->pending;
	p->value = n;
	f->pending = NULL;
	remember_key(f, f->vec.len - 1);
}

static void yr_open(struct yamlread_state *st, struct yamlread_node *n)
{
	/* the caller has checked st->depth < YAMLREAD_MAX_DEPTH */
	yr_attach(st, n);
	struct yamlread_frame *f = &st->stack[st->depth++];
	memset(f, 0, sizeof(*f));
	f->node = n;
}

static void yr_close(struct yamlread_state *st)
{
	if (st->depth == 0)
		return;
	struct yamlread_frame *f = &st->stack[--st->depth];
	bytemap_free(f->keys);
	f->keys = NULL;
	if (f->node->kind == YAMLREAD_SEQUENCE) {
		f->node->items = f->vec.items;
		f->node->nitems = f->vec.len;
	} else {
		f->node->pairs = f->vec.items;
		f->node->npairs = f->vec.len;
	}
}

bool yamlread_core_tag(const char *tag)
{
	static const char *const core[] = {
		"tag:yaml.org,2002:str", "tag:yaml.org,2002:int", "tag:yaml.org,2002:float",
		"tag:yaml.org,2002:bool", "tag:yaml.org,2002:null", "tag:yaml.org,2002:seq",
		"tag:yaml.org,2002:map", "!",
	};
	for (size_t i = 0; i < sizeof(core) / sizeof(core[0]); i++)
		if (!strcmp(tag, core[i]))
			return true;
	return false;
}

bool yamlread_text_tag(const char *tag)
{
	return tag && (!strcmp(tag, "tag:yaml.org,2002:str") || !strcmp(tag, "!"));
}

/* Refuses a tag outside the core schema (located; the tag shortened, since it comes
 * from the file). */
static void yr_check_tag(struct yamlread_state *st, unsigned line, unsigned col,
			 const yaml_char_t *tag)
{
	if (!tag || yamlread_core_tag((const char *)tag))
		return;
	char shown[64];
	snprintf(shown, sizeof(shown), "%s", (const char *)tag);
	str_trim_utf8(shown);
	bool core_ns = !strncmp(shown, "tag:yaml.org,2002:", 18);
	yr_error(st, line, col, "YAML tag '%s%s' is not one of the core schema's (!!str, !!int, "
		 "!!float, !!bool, !!null, !!seq, !!map)", core_ns ? "!!" : "",
		 core_ns ? shown + 18 : shown);
}

static void yr_parse(struct yamlread_state *st, yaml_parser_t *parser)
{
	/* depth beyond the frame stack: count closes to skip until we are back */
	size_t overflow = 0;
	for (;;) {
		yaml_event_t ev;
		if (!yaml_parser_parse(parser, &ev)) {
			const char *problem = parser->problem ? parser->problem : "invalid YAML";
			unsigned line = (unsigned)parser->problem_mark.line + 1;
			unsigned col = (unsigned)parser->problem_mark.column + 1;
			if (parser->context)
				diag_add(st->diags, DIAG_ERROR, st->doc->file, line, col, NULL,
					 "invalid YAML: %s %s", problem, parser->context);
			else
				diag_add(st->diags, DIAG_ERROR, st->doc->file, line, col, NULL,
					 "invalid YAML: %s", problem);
			st->failed = true;
			return;
		}
		yaml_event_type_t type = ev.type;
		unsigned line = (unsigned)ev.start_mark.line + 1, col = (unsigned)ev.start_mark.column + 1;
		switch (type) {
		case YAML_DOCUMENT_START_EVENT:
			if (++st->documents > 1)
				yr_error(st, line, col, "only one YAML document is read per file");
			break;
		case YAML_ALIAS_EVENT: {
			yr_error(st, line, col, "aliases (*%s) are not supported in configuration files",
				 (const char *)ev.data.alias.anchor);
			struct yamlread_node *n = yr_new_node(st, YAMLREAD_SCALAR, &ev.start_mark);
			n->scalar = "";
			if (!overflow)
				yr_attach(st, n);
			break;
		}
		case YAML_SCALAR_EVENT: {
			if (ev.data.scalar.anchor)
				yr_error(st, line, col, "anchors (&%s) are not supported in configuration files",
					 (const char *)ev.data.scalar.anchor);
			struct yamlread_node *n = yr_new_node(st, YAMLREAD_SCALAR, &ev.start_mark);
			n->scalar = arena_strndup(st->doc->arena, (const char *)ev.data.scalar.value,
						  ev.data.scalar.length);
			n->plain = ev.data.scalar.style == YAML_PLAIN_SCALAR_STYLE &&
				   !yamlread_text_tag((const char *)ev.data.scalar.tag);
			yr_check_tag(st, line, col, ev.data.scalar.tag);
			if (!overflow)
				yr_attach(st, n);
			break;
		}
		case YAML_SEQUENCE_START_EVENT:
		case YAML_MAPPING_START_EVENT: {
			const yaml_char_t *anchor = type == YAML_SEQUENCE_START_EVENT
				? ev.data.sequence_start.anchor : ev.data.mapping_start.anchor;
			if (anchor)
				yr_error(st, line, col, "anchors (&%s) are not supported in configuration files",
					 (const char *)anchor);
			yr_check_tag(st, line, col, type == YAML_SEQUENCE_START_EVENT
				     ? ev.data.sequence_start.tag : ev.data.mapping_start.tag);
			if (overflow || st->depth == YAMLREAD_MAX_DEPTH) {
				if (!overflow)
					yr_error(st, line, col, "nesting deeper than %d levels", YAMLREAD_MAX_DEPTH);
				overflow++;
				break;
			}
			struct yamlread_node *n = yr_new_node(st, type == YAML_SEQUENCE_START_EVENT
							      ? YAMLREAD_SEQUENCE : YAMLREAD_MAPPING,
							      &ev.start_mark);
			yr_open(st, n);
			break;
		}
		case YAML_SEQUENCE_END_EVENT:
		case YAML_MAPPING_END_EVENT:
			if (overflow)
				overflow--;
			else
				yr_close(st);
			break;
		default:
			break;
		}
		yaml_event_delete(&ev);
		if (type == YAML_STREAM_END_EVENT)
			return;
	}
}

struct yamlread_doc *yamlread_buffer(const char *name, const char *buf, size_t len,
				     struct diag_list *diags)
{
	struct yamlread_doc *doc = xcalloc(1, sizeof(*doc));
	doc->arena = arena_new();
	if (!doc->arena) {
		free(doc);
		diag_add(diags, DIAG_ERROR, name, 0, 0, NULL, "out of memory");
		return NULL;
	}
	doc->file = name;
	struct yamlread_state st;
	memset(&st, 0, sizeof(st));
	st.doc = doc;
	st.diags = diags;

	yaml_parser_t parser;
	if (!yaml_parser_initialize(&parser)) {
		diag_add(diags, DIAG_ERROR, name, 0, 0, NULL, "out of memory");
		yamlread_free(doc);
		return NULL;
	}
	yaml_parser_set_input_string(&parser, (const unsigned char *)buf, len);
	yr_parse(&st, &parser);
	yaml_parser_delete(&parser);
	/* frames a syntax error left open */
	for (size_t i = 0; i < st.depth; i++)
		bytemap_free(st.stack[i].keys);
	if (st.dropped)
		diag_add(diags, DIAG_ERROR, name, st.last_line, st.last_col, NULL,
			 "… and %zu more errors (not shown)", st.dropped);
	if (st.failed) {
		yamlread_free(doc);
		return NULL;
	}
	return doc;
}

struct yamlread_doc *yamlread_file(const char *file, size_t max, struct diag_list *diags)
{
	size_t len = 0;
	const char *err = NULL;
	char *buf = read_file(file, max ? max : YAMLREAD_DEFAULT_MAX, &len, &err);
	if (!buf) {
		diag_add(diags, DIAG_ERROR, file, 0, 0, NULL, "cannot read: %s", err ? err : "error");
		return NULL;
	}
	struct yamlread_doc *doc = yamlread_buffer(file, buf, len, diags);
	free(buf);
	return doc;
}

void yamlread_free(struct yamlread_doc *doc)
{
	if (!doc)
		return;
	arena_free(doc->arena);
	free(doc);
}

const struct yamlread_node *yamlread_get(const struct yamlread_node *map, const char *key)
{
	if (!map || map->kind != YAMLREAD_MAPPING)
		return NULL;
	for (size_t i = 0; i < map->npairs; i++)
		if (strcmp(map->pairs[i].key->scalar, key) == 0)
			return map->pairs[i].value;
	return NULL;
}

bool yamlread_is_null(const struct yamlread_node *n)
{
	if (!n || n->kind != YAMLREAD_SCALAR || !n->plain)
		return false;
	const char *s = n->scalar;
	return !*s || strcmp(s, "~") == 0 || strcmp(s, "null") == 0 || strcmp(s, "Null") == 0 ||
	       strcmp(s, "NULL") == 0;
}

bool yamlread_bool(const struct yamlread_node *n, bool *out)
{
	if (!n || n->kind != YAMLREAD_SCALAR || !n->plain)
		return false;
	if (str_ieq(n->scalar, "true")) {
		*out = true;
		return true;
	}
	if (str_ieq(n->scalar, "false")) {
		*out = false;
		return true;
	}
	return false;
}

bool yamlread_number(const struct yamlread_node *n, double *out)
{
	if (!n || n->kind != YAMLREAD_SCALAR || !n->plain)
		return false;
	const char *s = n->scalar;
	/* decimal only: strtod would also take hex floats, "inf" and "nan" */
	for (const char *p = s; *p; p++)
		if (!isdigit((unsigned char)*p) && !strchr("+-.eE", *p))
			return false;
	if (!*s)
		return false;
	char *end = NULL;
	errno = 0;
	double v = strtod(s, &end);
	if (errno || !end || *end || !isfinite(v))
		return false;
	*out = v;
	return true;
}

const char *yamlread_kind_name(const struct yamlread_node *n)
{
	if (!n)
		return "nothing";
	switch (n->kind) {
	case YAMLREAD_MAPPING: return "a mapping";
	case YAMLREAD_SEQUENCE: return "a list";
	case YAMLREAD_SCALAR: return yamlread_is_null(n) ? "null" : "a string";
	}
	return "a value";
}

const char *yamlread_suggest(const char *word, const char *const *candidates, size_t n)
{
	const char *best = NULL;
	unsigned best_d = 0;
	for (size_t i = 0; i < n; i++) {
		unsigned d = str_edit_distance(word, candidates[i]);
		if (!best || d < best_d) {
			best = candidates[i];
			best_d = d;
		}
	}
	/* a third of the word's length, at least 2: catches typos and swapped letters,
	 * not unrelated words */
	size_t len = strlen(word);
	unsigned limit = len / 3 > 2 ? (unsigned)(len / 3) : 2;
	return best && best_d <= limit ? best : NULL;
}
