/* yreader.c - see yreader.h */
#include "yreader.h"

#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vpcpath/arena.h"
#include "vpcpath/util.h"
#include "vpcpath/yamlread.h"

struct anchor_rec {
	char *name;
	struct yev *events;
	size_t len, cap;
	int depth;      /* open nodes while recording */
	bool complete;
	size_t prev;    /* the previous anchor in the same hash bucket + 1; 0: none */
};

/* Limits a real topology never meets (a hostile one fails early, located): */
/* the longest scalar: names, ids, CIDRs and inline JSON policies (AWS caps a bucket
 * policy at 20 KB) are far shorter */
#define YR_MAX_SCALAR (64u * 1024u)
/* a replayed scalar costs one event per this many bytes on top of its own event, so
 * the expansion budget also bounds the text that aliases can multiply */
#define YR_REPLAY_BYTES_PER_EVENT 64u
/* errors in one file: past this many the reader stops (a generated file with one
 * mistake per line would otherwise print millions of lines and keep them in memory) */
#define YR_MAX_ERRORS 1000u
/* events that aliases may replay in all (see yr_init); the fuzzing build lowers it so
 * that alias bombs cost milliseconds, not a second, per run */
#ifdef FUZZING_BUILD_MODE_UNSAFE_FOR_PRODUCTION
#define YR_MAX_REPLAYED 50000u
#else
#define YR_MAX_REPLAYED 1000000u
#endif

/* Anchors are found by name through a hash index kept behind the anchor array (in the
 * same allocation: cap_anchors records, then 2 * cap_anchors bucket heads), so that
 * many anchors and many aliases cost linear time, not anchors x aliases. */
static size_t *anchor_buckets(struct yreader *r)
{
	return (size_t *)(void *)(r->anchors + r->cap_anchors);
}

static size_t anchor_hash(const char *s)
{
	uint64_t h = 1469598103934665603ull;
	for (; *s; s++) {
		h ^= (unsigned char)*s;
		h *= 1099511628211ull;
	}
	return (size_t)h;
}

static void anchor_link(struct yreader *r, size_t i)
{
	size_t *b = anchor_buckets(r);
	size_t k = anchor_hash(r->anchors[i].name) & (2 * r->cap_anchors - 1);
	r->anchors[i].prev = b[k];
	b[k] = i + 1;
}

/* The most recent anchor of that name (YAML: an alias refers to the latest), or -1. */
static long find_anchor(struct yreader *r, const char *name)
{
	if (!r->cap_anchors)
		return -1;
	size_t k = anchor_hash(name) & (2 * r->cap_anchors - 1);
	for (size_t i = anchor_buckets(r)[k]; i; i = r->anchors[i - 1].prev)
		if (strcmp(r->anchors[i - 1].name, name) == 0)
			return (long)(i - 1);
	return -1;
}

void yr_init(struct yreader *r, const char *buf, size_t len, const char *file,
	     struct diag_list *diags, struct arena *arena)
{
	memset(r, 0, sizeof(*r));
	yaml_parser_initialize(&r->parser);
	yaml_parser_set_input_string(&r->parser, (const unsigned char *)buf, len);
	r->file = file;
	r->diags = diags;
	r->first_diag = diags->len;
	r->arena = arena;
	r->max_depth = 64;
	r->max_scalar = YR_MAX_SCALAR;
	/* an alias may replay at most this many events in all: real topologies use a
	 * few anchors for repeated rule lists, never millions of events */
	r->max_replayed = YR_MAX_REPLAYED;
}

static int read_handler(void *data, unsigned char *buffer, size_t size, size_t *size_read)
{
	struct yreader *r = data;
	size_t n = fread(buffer, 1, size, r->in);
	r->in_read += n;
	if (r->in_read > r->in_max) {
		r->in_too_big = true;
		return 0;
	}
	*size_read = n;
	return !ferror(r->in);
}

void yr_init_file(struct yreader *r, FILE *f, size_t max, const char *file,
		  struct diag_list *diags, struct arena *arena)
{
	yr_init(r, "", 0, file, diags, arena);
	yaml_parser_delete(&r->parser);
	yaml_parser_initialize(&r->parser);
	r->in = f;
	r->in_max = max;
	yaml_parser_set_input(&r->parser, read_handler, r);
}

void yr_cleanup(struct yreader *r)
{
	if (r->have_raw)
		yaml_event_delete(&r->raw);
	yaml_parser_delete(&r->parser);
	for (size_t i = 0; i < r->nanchors; i++) {
		free(r->anchors[i].name);
		free(r->anchors[i].events);
	}
	free(r->anchors);
	free(r->recording);
	free(r->replay);
	free(r->open);
	r->open = NULL;
	r->cap_open = 0;
}

static void vreport(struct yreader *r, enum diag_severity sev, unsigned line, unsigned col,
		    const char *code, const char *fmt, va_list ap) __attribute__((format(printf, 6, 0)));
static void vreport(struct yreader *r, enum diag_severity sev, unsigned line, unsigned col,
		    const char *code, const char *fmt, va_list ap)
{
	char msg[1024];
	vsnprintf(msg, sizeof(msg), fmt, ap);
	str_trim_utf8(msg);
	diag_add(r->diags, sev, r->file, line, col, code, "%s", msg);
}

void yr_error(struct yreader *r, const struct yev *at, const char *fmt, ...)
{
	if (r->failed && r->diags->errors >= YR_MAX_ERRORS)
		return;
	va_list ap;
	va_start(ap, fmt);
	vreport(r, DIAG_ERROR, at ? at->line : 0, at ? at->col : 0, NULL, fmt, ap);
	va_end(ap);
	if (r->diags->errors >= YR_MAX_ERRORS && !r->failed) {
		diag_add(r->diags, DIAG_ERROR, r->file, at ? at->line : 0, at ? at->col : 0, NULL,
			 "too many errors (%u); stopping here", YR_MAX_ERRORS);
		/* only the flag: the caller may still look at the event it reported */
		r->failed = true;
	}
}

void yr_warn(struct yreader *r, const struct yev *at, const char *code, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	struct diag_list *saved = r->diags;
	if (r->warnings)
		r->diags = r->warnings;
	vreport(r, DIAG_WARNING, at ? at->line : 0, at ? at->col : 0, code, fmt, ap);
	r->diags = saved;
	va_end(ap);
}

bool yev_is_null(const struct yev *e)
{
	if (e->type != YEV_SCALAR || !e->plain)
		return false;
	return e->len == 0 || strcmp(e->value, "~") == 0 || strcmp(e->value, "null") == 0 ||
	       strcmp(e->value, "Null") == 0 || strcmp(e->value, "NULL") == 0;
}

static struct yev *fail(struct yreader *r)
{
	r->failed = true;
	r->cur.type = YEV_ERROR;
	return &r->cur;
}

/* Appends e to every anchor being recorded.  shared: e's value is already arena memory
 * that lives as long as the reader's arena (a replayed event), so it is not copied
 * again: nested aliases would otherwise copy the same text once per expansion.
 * Recording draws on the alias budget too (an anchor on a whole 60 MB document, or 64
 * nested anchors, would otherwise hold every event again, up to 64 times over);
 * false (reported) when it runs out. */
static bool record(struct yreader *r, const struct yev *e, bool shared)
{
	struct yev stored;
	r->replayed += r->nrecording * (1 + e->len / YR_REPLAY_BYTES_PER_EVENT);
	if (r->replayed > r->max_replayed) {
		/* a replayed event's place is in the anchored node: point at the alias */
		struct yev at = *e;
		if (r->nreplay) {
			at.line = r->replay[r->nreplay - 1].line;
			at.col = r->replay[r->nreplay - 1].col;
		}
		yr_error(r, &at, "anchored nodes hold more than %zu YAML events in all (anchor '%s'); "
			 "refusing (billion-laughs protection; VPCPATH_MAX_ALIAS_EVENTS raises the "
			 "limit)", r->max_replayed, r->anchors[r->recording[0]].name);
		return false;
	}
	for (size_t i = 0; i < r->nrecording;) {
		struct anchor_rec *a = &r->anchors[r->recording[i]];
		if (a->len == a->cap) {
			a->cap = a->cap ? a->cap * 2 : 8;
			a->events = xrealloc(a->events, a->cap * sizeof(*a->events));
		}
		struct yev copy = *e;
		if (e->value && !shared) {
			copy.value = arena_strndup(r->arena, e->value, e->len);
			/* the other recordings share this copy */
			stored = copy;
			e = &stored;
			shared = true;
		}
		a->events[a->len++] = copy;
		if (e->type == YEV_MAP_START || e->type == YEV_SEQ_START)
			a->depth++;
		else if (e->type == YEV_MAP_END || e->type == YEV_SEQ_END)
			a->depth--;
		if (a->depth == 0) {
			a->complete = true;
			r->recording[i] = r->recording[--r->nrecording];
			continue;
		}
		i++;
	}
	return true;
}

static void start_anchor(struct yreader *r, const char *name)
{
	if (r->nanchors == r->cap_anchors) {
		r->cap_anchors = r->cap_anchors ? r->cap_anchors * 2 : 8;
		r->anchors = xrealloc(r->anchors, r->cap_anchors * sizeof(*r->anchors) +
						  2 * r->cap_anchors * sizeof(size_t));
		memset(anchor_buckets(r), 0, 2 * r->cap_anchors * sizeof(size_t));
		for (size_t i = 0; i < r->nanchors; i++)
			anchor_link(r, i);
	}
	struct anchor_rec *a = &r->anchors[r->nanchors];
	memset(a, 0, sizeof(*a));
	a->name = xstrdup(name);
	anchor_link(r, r->nanchors);
	if (r->nrecording == r->cap_recording) {
		r->cap_recording = r->cap_recording ? r->cap_recording * 2 : 4;
		r->recording = xrealloc(r->recording, r->cap_recording * sizeof(*r->recording));
	}
	r->recording[r->nrecording++] = r->nanchors++;
}

static const struct yev *depth_check(struct yreader *r, bool replayed)
{
	struct yev *e = &r->cur;
	if (e->type == YEV_MAP_START || e->type == YEV_SEQ_START) {
		if (++r->depth > r->max_depth) {
			yr_error(r, e, "nesting deeper than %u levels (VPCPATH_MAX_DEPTH raises the "
				 "limit)", r->max_depth);
			return fail(r);
		}
		if (r->depth > r->cap_open) {
			r->cap_open = r->cap_open ? r->cap_open * 2 : 16;
			r->open = xrealloc(r->open, r->cap_open * sizeof(*r->open));
		}
		r->open[r->depth - 1].line = e->line;
		r->open[r->depth - 1].col = e->col;
	} else if (e->type == YEV_MAP_END || e->type == YEV_SEQ_END) {
		r->depth--;
	}
	if (r->nrecording && !record(r, e, replayed))
		return fail(r);
	return e;
}

/* A syntax error leaves the collections open when it came unfinished; what the loader
 * said about one of them (a list where a string belongs: the list that never closed)
 * is a consequence of the error, not a second mistake, and would be printed before it
 * (the collection starts earlier).  Those errors go; the others stay. */
static void drop_consequences(struct yreader *r)
{
	struct diag_list *l = r->diags;
	size_t kept = r->first_diag;
	for (size_t i = r->first_diag; i < l->len; i++) {
		struct diag *d = &l->items[i];
		bool consequence = false;
		bool here = d->severity == DIAG_ERROR && d->file && r->file &&
			    !strcmp(d->file, r->file);
		for (unsigned k = 0; k < r->depth && k < r->cap_open && !consequence; k++)
			consequence = here && d->line == r->open[k].line && d->col == r->open[k].col;
		if (here && r->run_on.set && d->line == r->run_on.line && d->col == r->run_on.col)
			consequence = true;
		if (consequence) {
			free((char *)d->file);
			free(d->message);
			l->errors--;
			continue;
		}
		l->items[kept++] = *d;
	}
	l->len = kept;
}

/* Reports libyaml's syntax error, after dropping its consequences, and remembers it. */
static void syntax_error(struct yreader *r, const struct yev *at, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void syntax_error(struct yreader *r, const struct yev *at, const char *fmt, ...)
{
	drop_consequences(r);
	char msg[1024];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	size_t before = r->diags->len;
	yr_error(r, at, "%s", msg);
	if (r->diags->len > before)
		r->syntax_message = r->diags->items[before].message;
}

/* Where a reader error (invalid UTF-8, a control character) is: libyaml gives a byte
 * offset, not a line and column.  Its decoded buffer holds every character from the
 * scanner's position (parser.mark) up to the bad byte, so counting them from the mark
 * gives the place, for a buffer, a file or a pipe alike. */
static void reader_error_loc(struct yreader *r, struct yev *at)
{
	unsigned line = (unsigned)r->parser.mark.line + 1;
	unsigned col = (unsigned)r->parser.mark.column + 1;
	const unsigned char *p = r->parser.buffer.pointer, *end = r->parser.buffer.last;
	for (; p && p < end; p++) {
		if (*p == '\n' || (*p == '\r' && !(p + 1 < end && p[1] == '\n'))) {
			line++;
			col = 1;
		} else if ((*p & 0xc0) != 0x80) {
			col++;
		}
	}
	at->line = line;
	at->col = col;
}

/* Reports a tag outside the core schema; true when the scalar is explicitly a string
 * (!!str or the non-specific '!'), so that it is never read as null, bool or number. */
static bool check_tag(struct yreader *r, const struct yev *e, const yaml_char_t *tag)
{
	if (!tag)
		return false;
	const char *t = (const char *)tag;
	if (!yamlread_core_tag(t)) {
		/* the tag is from the file: shortened, so a hostile one cannot flood the line */
		char shown[64];
		snprintf(shown, sizeof(shown), "%s", t);
		str_trim_utf8(shown);
		if (!strncmp(shown, "tag:yaml.org,2002:", 18))
			yr_error(r, e, "YAML tag '!!%s' is not one of the core schema's (!!str, !!int, "
				 "!!float, !!bool, !!null, !!seq, !!map); a topology holds no other "
				 "types", shown + 18);
		else
			yr_error(r, e, "YAML tag '%s' is not one of the core schema's (!!str, !!int, "
				 "!!float, !!bool, !!null, !!seq, !!map); a topology holds no other "
				 "types", shown);
		return false;
	}
	return yamlread_text_tag(t);
}

const struct yev *yr_next(struct yreader *r)
{
	if (r->failed)
		return fail(r);
	/* replaying an alias? */
	while (r->nreplay) {
		size_t top = r->nreplay - 1;
		struct anchor_rec *a = &r->anchors[r->replay[top].anchor];
		if (r->replay[top].pos < a->len) {
			const struct yev *next = &a->events[r->replay[top].pos];
			r->replayed += 1 + next->len / YR_REPLAY_BYTES_PER_EVENT;
			if (r->replayed > r->max_replayed) {
				struct yev alias = { .line = r->replay[top].line, .col = r->replay[top].col };
				yr_error(r, &alias, "aliases expand to more than %zu YAML events "
					 "(anchor '%s'); refusing (billion-laughs protection; "
					 "VPCPATH_MAX_ALIAS_EVENTS raises the limit)",
					 r->max_replayed, a->name);
				return fail(r);
			}
			r->cur = *next;
			r->run_on.set = false;
			r->replay[top].pos++;
			return depth_check(r, true);
		}
		r->nreplay--;
	}
	if (r->have_raw) {
		yaml_event_delete(&r->raw);
		r->have_raw = false;
	}
	if (!yaml_parser_parse(&r->parser, &r->raw)) {
		struct yev at = { .line = (unsigned)r->parser.problem_mark.line + 1,
				  .col = (unsigned)r->parser.problem_mark.column + 1 };
		const char *problem = r->parser.problem ? r->parser.problem : "YAML syntax error";
		if (r->parser.error == YAML_READER_ERROR && !r->in_too_big &&
		    !(r->in && ferror(r->in))) {
			/* invalid UTF-8, a control character, a NUL: libyaml gives a byte
			 * offset, not a line and column */
			reader_error_loc(r, &at);
			if (r->parser.problem_value >= 0)
				syntax_error(r, &at, "%s (0x%02x)", problem, (unsigned)r->parser.problem_value);
			else
				syntax_error(r, &at, "%s", problem);
			return fail(r);
		}
		if (r->parser.error == YAML_READER_ERROR || r->parser.error == YAML_MEMORY_ERROR) {
			at.line = (unsigned)r->parser.mark.line + 1;
			at.col = (unsigned)r->parser.mark.column + 1;
		}
		if (r->in_too_big)
			yr_error(r, &at, "file larger than %zu bytes; refusing to read more", r->in_max);
		else if (r->in && ferror(r->in))
			yr_error(r, &at, "read error: %s", strerror(errno ? errno : EIO));
		else if (r->parser.context)
			syntax_error(r, &at, "%s %s", problem, r->parser.context);
		else
			syntax_error(r, &at, "%s", problem);
		return fail(r);
	}
	r->have_raw = true;
	yaml_event_t *ev = &r->raw;
	struct yev *e = &r->cur;
	memset(e, 0, sizeof(*e));
	e->line = (unsigned)ev->start_mark.line + 1;
	e->col = (unsigned)ev->start_mark.column + 1;
	r->run_on.set = ev->type == YAML_SCALAR_EVENT &&
			ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE &&
			ev->end_mark.line > ev->start_mark.line;
	r->run_on.line = e->line;
	r->run_on.col = e->col;
	const yaml_char_t *anchor = NULL;
	switch (ev->type) {
	case YAML_SCALAR_EVENT:
		e->type = YEV_SCALAR;
		e->value = (const char *)ev->data.scalar.value;
		e->len = ev->data.scalar.length;
		e->plain = ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
		anchor = ev->data.scalar.anchor;
		if (check_tag(r, e, ev->data.scalar.tag))
			e->plain = false; /* !!str true is the text "true" */
		if (e->len > r->max_scalar) {
			yr_error(r, e, "scalar of %zu bytes; the limit is %zu bytes (VPCPATH_MAX_SCALAR "
				 "raises it)", e->len, r->max_scalar);
			return fail(r);
		}
		if (memchr(e->value, '\0', e->len)) {
			yr_error(r, e, "NUL character in a scalar");
			return fail(r);
		}
		break;
	case YAML_MAPPING_START_EVENT:
		e->type = YEV_MAP_START;
		anchor = ev->data.mapping_start.anchor;
		check_tag(r, e, ev->data.mapping_start.tag);
		break;
	case YAML_MAPPING_END_EVENT: e->type = YEV_MAP_END; break;
	case YAML_SEQUENCE_START_EVENT:
		e->type = YEV_SEQ_START;
		anchor = ev->data.sequence_start.anchor;
		check_tag(r, e, ev->data.sequence_start.tag);
		break;
	case YAML_SEQUENCE_END_EVENT: e->type = YEV_SEQ_END; break;
	case YAML_DOCUMENT_START_EVENT: e->type = YEV_DOC_START; break;
	case YAML_DOCUMENT_END_EVENT: e->type = YEV_DOC_END; break;
	case YAML_STREAM_END_EVENT: e->type = YEV_STREAM_END; break;
	case YAML_ALIAS_EVENT: {
		const char *name = (const char *)ev->data.alias.anchor;
		long found = find_anchor(r, name);
		if (found < 0) {
			yr_error(r, e, "alias *%s has no anchor", name);
			return fail(r);
		}
		size_t i = (size_t)found;
		if (!r->anchors[i].complete) {
			yr_error(r, e, "alias *%s refers to its own anchor", name);
			return fail(r);
		}
		/* an alias costs an event even when it replays nothing more */
		if (++r->replayed > r->max_replayed) {
			yr_error(r, e, "aliases expand to more than %zu YAML events (anchor '%s'); "
				 "refusing (billion-laughs protection)", r->max_replayed, name);
			return fail(r);
		}
		if (r->nreplay == r->cap_replay) {
			r->cap_replay = r->cap_replay ? r->cap_replay * 2 : 4;
			r->replay = xrealloc(r->replay, r->cap_replay * sizeof(*r->replay));
		}
		r->replay[r->nreplay].anchor = i;
		r->replay[r->nreplay].pos = 0;
		r->replay[r->nreplay].line = e->line;
		r->replay[r->nreplay].col = e->col;
		r->nreplay++;
		return yr_next(r);
	}
	default:
		return yr_next(r); /* stream start */
	}
	if (anchor)
		start_anchor(r, (const char *)anchor);
	return depth_check(r, false);
}

void yr_skip_node(struct yreader *r, const struct yev *start)
{
	if (start->type != YEV_MAP_START && start->type != YEV_SEQ_START)
		return;
	int depth = 1;
	while (depth > 0) {
		const struct yev *e = yr_next(r);
		switch (e->type) {
		case YEV_MAP_START:
		case YEV_SEQ_START: depth++; break;
		case YEV_MAP_END:
		case YEV_SEQ_END: depth--; break;
		case YEV_ERROR:
		case YEV_STREAM_END: return;
		default: break;
		}
	}
}
