/* skim.c - before cJSON builds a file's tree: the values `vpcpath import aws` never
 * reads are blanked out of the text, so that no tree is built for them.
 *
 * cJSON spends 64 bytes on every value, and a value can be two bytes of text: a 50 MB
 * file of junk ([0,0,0,…], or {"Junk": [...]}) became a tree of 2 GB, to be refused or
 * ignored once built (issue 15 item 2).  The skim walks the text once without
 * allocating and, at the top level only, replaces each value no reader looks at (a
 * list or object under a key vpcpath does not read; the items of a top-level list that
 * is not transit gateway route table wrappers) with an empty one of the same type,
 * written over with spaces.  Newlines are kept, so every later line number is the
 * same; the type is kept, so what is said of the file ("the top level is an array",
 * "top-level keys: …", a CloudFormation template's Resources object) is the same.
 *
 * The skim is strict JSON (RFC 8259) with cJSON's own limits (nesting depth, paired
 * surrogates): where it finds what it does not accept, it stops, and cJSON parses the
 * rest as it is and reports the error, as before.  A value is blanked only when the
 * skim read all of it, so a value it blanks is one cJSON would have accepted.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "internal.h"
#include "skim.h"

#define ONES UINT64_C(0x0101010101010101)
#define HIGHS UINT64_C(0x8080808080808080)

/* The bytes of w that are zero, as their high bits. */
static uint64_t zero_bytes(uint64_t w)
{
	return (w - ONES) & ~w & HIGHS;
}

void sk_ws(struct skim *s)
{
	/* the AWS CLI indents by four spaces a level: runs of spaces eight at a time */
	while (s->i + 8 <= s->n) {
		uint64_t w;
		memcpy(&w, s->t + s->i, 8);
		if (w != ONES * ' ')
			break;
		s->i += 8;
	}
	while (s->i < s->n && (s->t[s->i] == ' ' || s->t[s->i] == '\t' || s->t[s->i] == '\n' ||
			       s->t[s->i] == '\r'))
		s->i++;
}

static int hex4(const char *p)
{
	int v = 0;
	for (int k = 0; k < 4; k++) {
		char c = p[k];
		v <<= 4;
		if (c >= '0' && c <= '9')
			v |= c - '0';
		else if (c >= 'a' && c <= 'f')
			v |= c - 'a' + 10;
		else if (c >= 'A' && c <= 'F')
			v |= c - 'A' + 10;
		else
			return -1;
	}
	return v;
}

/* A string at s->i (its opening quote); *start, *len: its text between the quotes, as
 * written. */
bool sk_string(struct skim *s, size_t *start, size_t *len)
{
	if (s->i >= s->n || s->t[s->i] != '"')
		return false;
	size_t i = ++s->i;
	for (;;) {
		/* eight bytes at a time while none is a quote, a backslash or a control
		 * character */
		while (i + 8 <= s->n) {
			uint64_t w;
			memcpy(&w, s->t + i, 8);
			if (zero_bytes(w ^ (ONES * '"')) | zero_bytes(w ^ (ONES * '\\')) |
			    ((w - ONES * 0x20) & ~w & HIGHS))
				break;
			i += 8;
		}
		if (i >= s->n || s->t[i] == '"')
			break;
		unsigned char c = (unsigned char)s->t[i];
		if (c < 0x20)
			return false;
		if (c != '\\') {
			i++;
			continue;
		}
		if (i + 1 >= s->n)
			return false;
		char e = s->t[i + 1];
		if (strchr("\"\\/bfnrt", e) && e) {
			i += 2;
			continue;
		}
		if (e != 'u' || i + 6 > s->n)
			return false;
		int u = hex4(s->t + i + 2);
		if (u < 0 || (u >= 0xDC00 && u <= 0xDFFF))
			return false; /* (cJSON refuses a lone low surrogate) */
		i += 6;
		if (u >= 0xD800 && u <= 0xDBFF) { /* and a high one without its low one */
			if (i + 6 > s->n || s->t[i] != '\\' || s->t[i + 1] != 'u')
				return false;
			int lo = hex4(s->t + i + 2);
			if (lo < 0xDC00 || lo > 0xDFFF)
				return false;
			i += 6;
		}
	}
	if (i >= s->n)
		return false;
	if (start)
		*start = s->i;
	if (len)
		*len = i - s->i;
	s->i = i + 1;
	return true;
}

static bool digits(struct skim *s)
{
	size_t from = s->i;
	while (s->i < s->n && s->t[s->i] >= '0' && s->t[s->i] <= '9')
		s->i++;
	return s->i > from;
}

static bool sk_number(struct skim *s)
{
	if (s->t[s->i] == '-')
		s->i++;
	if (s->i < s->n && s->t[s->i] == '0')
		s->i++;
	else if (!digits(s))
		return false;
	if (s->i < s->n && s->t[s->i] == '.') {
		s->i++;
		if (!digits(s))
			return false;
	}
	if (s->i < s->n && (s->t[s->i] == 'e' || s->t[s->i] == 'E')) {
		s->i++;
		if (s->i < s->n && (s->t[s->i] == '+' || s->t[s->i] == '-'))
			s->i++;
		if (!digits(s))
			return false;
	}
	return true;
}

static bool sk_literal(struct skim *s, const char *word)
{
	size_t n = strlen(word);
	if (s->n - s->i < n || memcmp(s->t + s->i, word, n))
		return false;
	s->i += n;
	return true;
}

/* After an item of an object or list (close: '}' or ']'): 1 past its comma, another
 * item follows; 0 at the closing bracket (not consumed); -1 where the text is not JSON. */
static int sk_after_item(struct skim *s, char close)
{
	sk_ws(s);
	if (s->i >= s->n)
		return -1;
	if (s->t[s->i] == close)
		return 0;
	if (s->t[s->i] != ',')
		return -1;
	s->i++;
	return 1;
}

/* An object at s->i; *has_key: whether one of its members is named key. */
static bool sk_object(struct skim *s, bool *has_key, const char *key)
{
	if (++s->depth > SKIM_MAX_DEPTH)
		return false;
	s->i++;
	sk_ws(s);
	if (s->i < s->n && s->t[s->i] == '}') {
		s->i++;
		s->depth--;
		return true;
	}
	for (;;) {
		size_t ks, kl;
		sk_ws(s);
		if (!sk_string(s, &ks, &kl))
			return false;
		if (has_key && key && kl == strlen(key) && !memcmp(s->t + ks, key, kl))
			*has_key = true;
		sk_ws(s);
		if (s->i >= s->n || s->t[s->i] != ':')
			return false;
		s->i++;
		if (!sk_value(s, NULL, NULL))
			return false;
		int more = sk_after_item(s, '}');
		if (more < 0)
			return false;
		if (!more)
			break;
	}
	s->i++;
	s->depth--;
	return true;
}

/* A list at s->i; *all_have_key: it is not empty and every item is an object with a
 * member named key. */
static bool sk_array(struct skim *s, bool *all_have_key, const char *key)
{
	if (++s->depth > SKIM_MAX_DEPTH)
		return false;
	bool all = true, any = false;
	s->i++;
	sk_ws(s);
	if (s->i < s->n && s->t[s->i] == ']') {
		s->i++;
	} else {
		for (;;) {
			sk_ws(s);
			bool has = false;
			if (s->i < s->n && s->t[s->i] == '{') {
				if (!sk_object(s, &has, key))
					return false;
			} else if (!sk_value(s, NULL, NULL)) {
				return false;
			}
			all = all && has;
			any = true;
			int more = sk_after_item(s, ']');
			if (more < 0)
				return false;
			if (!more)
				break;
		}
		s->i++;
	}
	if (all_have_key)
		*all_have_key = any && all;
	s->depth--;
	return true;
}

bool sk_value(struct skim *s, bool *flag, const char *key)
{
	sk_ws(s);
	if (s->i >= s->n)
		return false;
	switch (s->t[s->i]) {
	case '{':
		return sk_object(s, flag, key);
	case '[':
		return sk_array(s, flag, key);
	case '"':
		return sk_string(s, NULL, NULL);
	case 't':
		return sk_literal(s, "true");
	case 'f':
		return sk_literal(s, "false");
	case 'n':
		return sk_literal(s, "null");
	default:
		return (s->t[s->i] == '-' || (s->t[s->i] >= '0' && s->t[s->i] <= '9')) &&
		       sk_number(s);
	}
}

/* Items of transit gateway route table wrappers are recognised by this member
 * (read.c tgw_table_item). */
static const char tgw_table_key[] = "TransitGatewayRouteTableId";

/* Top-level members kept whatever they are (what classify says of a file names its
 * first keys); after them, a member no reader looks at is blanked whole. */
#define KEPT_MEMBERS 64
/* Values no reader looks at among those first members: parsed (and so checked for
 * JSON quirks) up to this many bytes in all, blanked beyond. */
#define UNREAD_BUDGET ((size_t)1 << 20)
/* Items of a read list that are not objects: the first ones are parsed (each gets its
 * warning), the rest blanked and only counted. */
#define KEPT_ODD_ITEMS 11

/* An AWS member name (read.c member_name), on the key as written. */
static bool member_name(const char *k, size_t n)
{
	if (!n || !((k[0] >= 'a' && k[0] <= 'z') || (k[0] >= 'A' && k[0] <= 'Z')))
		return false;
	for (size_t i = 0; i < n; i++)
		if (!((k[i] >= 'a' && k[i] <= 'z') || (k[i] >= 'A' && k[i] <= 'Z') ||
		      (k[i] >= '0' && k[i] <= '9')))
			return false;
	return true;
}

static bool key_is(const char *k, size_t n, const char *word)
{
	return n == strlen(word) && !memcmp(k, word, n);
}

/* from..to becomes spaces, newlines kept. */
void sk_spaces(struct skim *s, size_t from, size_t to)
{
	for (size_t k = from; k < to; k++)
		if (s->t[k] != '\n')
			s->t[k] = ' ';
}

/* A list a reader reads, at s->i: its items that are not objects, after the first
 * KEPT_ODD_ITEMS, are blanked with the comma before them and counted in *dropped. */
static bool sk_read_list(struct skim *s, size_t *dropped)
{
	if (++s->depth > SKIM_MAX_DEPTH)
		return false;
	size_t odd = 0;
	s->i++;
	sk_ws(s);
	if (s->i < s->n && s->t[s->i] == ']') {
		s->i++;
		s->depth--;
		return true;
	}
	size_t comma = 0; /* before the item (none before the first) */
	for (bool first = true;; first = false) {
		sk_ws(s);
		bool object = s->i < s->n && s->t[s->i] == '{';
		if (!sk_value(s, NULL, NULL))
			return false;
		if (!object && ++odd > KEPT_ODD_ITEMS && !first) {
			sk_spaces(s, comma, s->i);
			(*dropped)++;
		}
		sk_ws(s);
		if (s->i >= s->n)
			return false;
		if (s->t[s->i] == ']')
			break;
		if (s->t[s->i] != ',')
			return false;
		comma = s->i++;
	}
	s->i++;
	s->depth--;
	return true;
}

struct skim_result skim_unread_values(char *text, size_t len,
				      bool (*used)(const char *key, size_t len))
{
	struct skim s = { text, len, 0, 0 };
	struct skim_result r = { 0, 0 };
	sk_ws(&s);
	if (s.i >= s.n)
		return r;
	size_t from = s.i;
	if (s.t[s.i] == '[') {
		bool wrappers = false;
		if (sk_array(&s, &wrappers, tgw_table_key) && !wrappers && s.i - from > 2) {
			sk_spaces(&s, from + 1, s.i - 1);
			r.blanked += s.i - from - 2;
		}
		return r;
	}
	if (s.t[s.i] != '{')
		return r;
	s.i++;
	sk_ws(&s);
	if (s.i < s.n && s.t[s.i] == '}')
		return r;
	s.depth = 1;
	size_t unread = 0, comma = 0;
	bool refusal_kept = false;
	for (size_t m = 0;; m++) {
		size_t ks, kl;
		sk_ws(&s);
		if (!sk_string(&s, &ks, &kl))
			return r;
		sk_ws(&s);
		if (s.i >= s.n || s.t[s.i] != ':')
			return r;
		s.i++;
		sk_ws(&s);
		if (s.i >= s.n)
			return r;
		size_t vs = s.i;
		const char *k = s.t + ks;
		bool container = s.t[vs] == '{' || s.t[vs] == '[', wrappers = false;
		bool read = used(k, kl);
		if (read && s.t[vs] == '[') {
			if (!sk_read_list(&s, &r.dropped_items))
				return r;
		} else if (!sk_value(&s, &wrappers, tgw_table_key)) {
			return r;
		}
		read = read || (s.t[vs] == '[' && wrappers);
		/* what makes classify refuse the file: kept, once */
		bool refusal = !member_name(k, kl) || key_is(k, kl, "AWSTemplateFormatVersion") ||
			       (key_is(k, kl, "Resources") && s.t[vs] == '{');
		size_t vlen = s.i - vs;
		if (read) {
			/* kept */
		} else if (m < KEPT_MEMBERS || (refusal && !refusal_kept)) {
			refusal_kept = refusal_kept || refusal;
			if (container && vlen > 2 && (m >= KEPT_MEMBERS || unread + vlen > UNREAD_BUDGET)) {
				sk_spaces(&s, vs + 1, s.i - 1);
				r.blanked += vlen - 2;
			} else if (container) {
				unread += vlen;
			}
		} else {
			sk_spaces(&s, comma, s.i); /* the member and the comma before it */
			r.blanked += s.i - comma;
		}
		sk_ws(&s);
		if (s.i >= s.n || s.t[s.i] != ',')
			return r;
		comma = s.i++;
	}
}
