/* match.c - the matching primitives of the policy engine: wildcard globs, ARN
 * segment matching (F7.4, F7.6), numbers, dates, and compiling strings that hold
 * policy variables.  Nothing here allocates while matching, except the ARN matcher
 * for texts with more than 31 colons (its set of segment starts). */
#include "policy-int.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "vpcpath/util.h"

/* The eight bytes of w with ASCII 'A'-'Z' made lowercase, all at once: a byte's high
 * bit is set in ge_a when it is at least 'A', in gt_z when it is above 'Z' (its low
 * seven bits plus a constant carry into bit 7 exactly then); bytes >= 0x80 (UTF-8)
 * are left alone.  0x80 >> 2 is the 0x20 that lowers a letter. */
static inline uint64_t fold_ascii8(uint64_t w)
{
	uint64_t low7 = w & 0x7f7f7f7f7f7f7f7full;
	uint64_t ge_a = low7 + 0x3f3f3f3f3f3f3f3full;
	uint64_t gt_z = low7 + 0x2525252525252525ull;
	return w | ((ge_a & ~gt_z & ~w & 0x8080808080808080ull) >> 2);
}

uint32_t policy_key_hash(const char *key, size_t len)
{
	/* over the ASCII-folded key, eight bytes at a time: condition key names are
	 * case-insensitive (F7.8), so the hash must be too; a trace hashes a dozen keys
	 * for every authorisation */
	uint64_t h = 0x9e3779b97f4a7c15ull ^ (len * 0xc4ceb9fe1a85ec53ull);
	uint64_t w;
	for (; len >= 8; key += 8, len -= 8) {
		memcpy(&w, key, 8);
		h = (h ^ fold_ascii8(w)) * 0xff51afd7ed558ccdull;
		h ^= h >> 29;
	}
	w = 0;
	memcpy(&w, key, len);
	h = (h ^ fold_ascii8(w)) * 0xc4ceb9fe1a85ec53ull;
	h ^= h >> 33;
	return (uint32_t)(h ^ (h >> 32));
}

static inline unsigned char fold(unsigned char c, bool icase)
{
	return icase && c >= 'A' && c <= 'Z' ? (unsigned char)(c + 32) : c;
}

/* Bytes of the UTF-8 character at t: '?' matches one character, not one byte. */
_Thread_local unsigned long long policy_match_steps;

static size_t utf8_char_len(const unsigned char *t, size_t avail)
{
	size_t n = 1;
	if (t[0] >= 0xc0)
		while (n < avail && n < 4 && (t[n] & 0xc0) == 0x80)
			n++;
	return n;
}

bool policy_glob(const char *pat, size_t plen, const char *text, size_t tlen, bool icase)
{
	/* Greedy match with one backtrack point (the last '*'): each stretch between
	 * stars is matched at its leftmost position, which is enough for plain globs and
	 * keeps the cost at O(plen * tlen) in the worst case, without recursion. */
	const unsigned char *p = (const unsigned char *)pat, *t = (const unsigned char *)text;
	size_t pi = 0, ti = 0, star_p = SIZE_MAX, star_t = 0, steps = 0;
	bool r;

	while (ti < tlen) {
		steps++;
		if (pi < plen) {
			unsigned char c = p[pi];
			if (c == '*') {
				star_p = ++pi;
				star_t = ti;
				continue;
			}
			if (c == '?') {
				pi++;
				ti += utf8_char_len(t + ti, tlen - ti);
				continue;
			}
			size_t step = 1;
			if (c == '\\' && pi + 1 < plen) {
				c = p[pi + 1];
				step = 2;
			}
			if (fold(c, icase) == fold(t[ti], icase)) {
				pi += step;
				ti++;
				continue;
			}
		}
		if (star_p == SIZE_MAX) {
			policy_match_steps += steps;
			return false;
		}
		pi = star_p;
		ti = ++star_t;
	}
	while (pi < plen && p[pi] == '*')
		pi++;
	r = pi == plen;
	policy_match_steps += steps;
	return r;
}

/* Position of the next unescaped ':' in p[from..plen), or plen. */
static size_t pat_colon(const char *p, size_t from, size_t plen)
{
	for (size_t i = from; i < plen; i++) {
		if (p[i] == '\\' && i + 1 < plen) {
			i++;
			continue;
		}
		if (p[i] == ':')
			return i;
	}
	return plen;
}

/* true when p[from..to) ends with an unescaped '*'. */
static bool ends_with_star(const char *p, size_t from, size_t to)
{
	bool last_star = false;
	for (size_t i = from; i < to; i++) {
		if (p[i] == '\\' && i + 1 < to) {
			i++;
			last_star = false;
			continue;
		}
		last_star = p[i] == '*';
	}
	return last_star;
}

/* The colon-separated segments of an ARN pattern: at most six, the sixth (the
 * resource part) running to the end, colons and all. */
struct arn_pat {
	size_t b[6], e[6];
	int n;
	bool star_end[6]; /* segment ends with an unescaped '*' */
};

static void arn_pat_split(const char *p, size_t plen, struct arn_pat *ap)
{
	size_t po = 0;
	ap->n = 0;
	for (int seg = 0; seg < 6; seg++) {
		size_t pc = seg < 5 ? pat_colon(p, po, plen) : plen;
		ap->b[seg] = po;
		ap->e[seg] = pc;
		ap->star_end[seg] = ends_with_star(p, po, pc);
		ap->n = seg + 1;
		if (pc == plen)
			break;
		po = pc + 1;
	}
}

/* Does the star-free prefix of pattern p[0..plen) match text t at its start?  Sets
 * *end to the text offset after it.  '?' takes one UTF-8 character. */
static bool glob_prefix_at(const char *p, size_t plen, const char *t, size_t tlen, size_t *end)
{
	size_t ti = 0;
	for (size_t pi = 0; pi < plen;) {
		unsigned char c = (unsigned char)p[pi];
		if (ti >= tlen)
			return false;
		if (c == '?') {
			ti += utf8_char_len((const unsigned char *)t + ti, tlen - ti);
			pi++;
			continue;
		}
		if (c == '\\' && pi + 1 < plen) {
			c = (unsigned char)p[pi + 1];
			pi++;
		}
		if ((unsigned char)t[ti] != c)
			return false;
		ti++;
		pi++;
	}
	*end = ti;
	return true;
}

/* Index of the first unescaped '*' in p[0..plen), or plen. */
static size_t first_star(const char *p, size_t plen)
{
	for (size_t i = 0; i < plen; i++) {
		if (p[i] == '\\' && i + 1 < plen) {
			i++;
			continue;
		}
		if (p[i] == '*')
			return i;
	}
	return plen;
}

/* The text offsets where the current pattern segment may start: an explicit,
 * increasing list, or every segment start (0 or just after a colon) from `from` on. */
struct starts {
	size_t *at;
	size_t n;
	bool all_from;
	size_t from;
};

/* The next start, or SIZE_MAX past the last: *i indexes the list; *cursor walks the
 * text for all_from (it starts at 0, below any `from`, which follows a colon). */
static size_t starts_next(const struct starts *s, size_t *i, size_t *cursor, const char *t,
			  size_t tlen)
{
	if (!s->all_from)
		return *i < s->n ? s->at[(*i)++] : SIZE_MAX;
	if (*cursor < s->from)
		*cursor = s->from;
	if (*cursor > tlen)
		return SIZE_MAX;
	size_t o = *cursor;
	const char *c = memchr(t + o, ':', tlen - o);
	*cursor = c ? (size_t)(c - t) + 1 : tlen + 1;
	return o;
}

bool policy_arn_match(const char *pat, size_t plen, const char *text, size_t tlen)
{
	/* Segment by segment over the set of text offsets each pattern segment may start
	 * at (F7.4, F7.6): a segment without a final '*' matches one text segment, so it
	 * maps each start to at most one next start; a segment-final '*' "can expand to
	 * match beyond the colon boundaries", so it opens every later segment start after
	 * the first text segment it matches.  Each text segment is globbed at most once
	 * per pattern segment: O(plen * tlen) time in all, O(colons) memory, whatever the
	 * stars (no backtracking over colon choices). */
	struct arn_pat ap;
	size_t small_a[32], small_b[32], ncolons = 0, cap;
	size_t *buf_a = small_a, *buf_b = small_b;
	bool result = false;
	unsigned long long steps = 0;

	arn_pat_split(pat, plen, &ap);
	for (const char *c = text; (c = memchr(c, ':', tlen - (size_t)(c - text))); c++)
		ncolons++;
	cap = ncolons + 1;
	if (cap > sizeof(small_a) / sizeof(small_a[0])) {
		buf_a = xmalloc(cap * sizeof(*buf_a));
		buf_b = xmalloc(cap * sizeof(*buf_b));
	}
	struct starts cur = { .at = buf_a, .n = 1 }, next;
	buf_a[0] = 0;

	for (int seg = 0; seg < ap.n; seg++) {
		const char *ps = pat + ap.b[seg];
		size_t pn = ap.e[seg] - ap.b[seg], i = 0, cursor = 0, o;
		bool last = seg == ap.n - 1;
		next = (struct starts){ .at = cur.at == buf_a ? buf_b : buf_a };

		if (seg == 5) {
			/* The resource part: '*' matches anything, '/' and ':' included.  The
			 * part before its first '*' must sit at a start; what follows a '*'
			 * matches from an offset iff it matches from any earlier one, so the
			 * earliest start that fits is the only one to try. */
			size_t star = first_star(ps, pn), end;
			while ((o = starts_next(&cur, &i, &cursor, text, tlen)) != SIZE_MAX) {
				steps++;
				if (star == pn) {
					if (policy_glob(ps, pn, text + o, tlen - o, false)) {
						result = true;
						break;
					}
					continue;
				}
				if (!glob_prefix_at(ps, star, text + o, tlen - o, &end))
					continue;
				result = policy_glob(ps + star, pn - star, text + o + end, tlen - o - end, false);
				break;
			}
			break;
		}
		while ((o = starts_next(&cur, &i, &cursor, text, tlen)) != SIZE_MAX) {
			const char *tc_ptr = memchr(text + o, ':', tlen - o);
			size_t tc = tc_ptr ? (size_t)(tc_ptr - text) : tlen;
			steps++;
			/* Within one segment the text has no colon, so a plain glob decides;
			 * for a segment-final star it checks the rest of the segment against a
			 * prefix of the text segment. */
			if (!policy_glob(ps, pn, text + o, tc - o, false))
				continue;
			if (ap.star_end[seg]) {
				if (last) {
					result = true; /* the final '*' takes the rest */
					break;
				}
				/* every segment start after this text segment is open */
				next.all_from = true;
				next.from = tc + 1;
				break;
			}
			if (last) {
				if (tc == tlen) {
					result = true;
					break;
				}
				continue;
			}
			if (tc < tlen)
				next.at[next.n++] = tc + 1;
		}
		if (result || last || (!next.all_from && next.n == 0))
			break;
		cur = next;
	}
	policy_match_steps += steps;
	if (buf_a != small_a) {
		free(buf_a);
		free(buf_b);
	}
	return result;
}

bool policy_parse_number(const char *s, double *out)
{
	/* Strict: strtod would also take "inf", "nan", hex and leading blanks, none of
	 * which IAM accepts as a number. */
	const char *p = s;
	size_t digits = 0;
	if (*p == '+' || *p == '-')
		p++;
	while (isdigit((unsigned char)*p)) {
		p++;
		digits++;
	}
	if (*p == '.') {
		p++;
		while (isdigit((unsigned char)*p)) {
			p++;
			digits++;
		}
	}
	if (digits == 0)
		return false;
	if (*p == 'e' || *p == 'E') {
		p++;
		if (*p == '+' || *p == '-')
			p++;
		if (!isdigit((unsigned char)*p))
			return false;
		while (isdigit((unsigned char)*p))
			p++;
	}
	if (*p)
		return false;
	errno = 0;
	double d = strtod(s, NULL);
	if (!isfinite(d))
		return false;
	*out = d;
	return true;
}


static bool take_digits(const char **p, int n, int *out)
{
	int v = 0;
	for (int i = 0; i < n; i++) {
		if (!isdigit((unsigned char)(*p)[i]))
			return false;
		v = v * 10 + ((*p)[i] - '0');
	}
	*p += n;
	*out = v;
	return true;
}

bool policy_parse_date(const char *s, double *out)
{
	static const int mdays[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	/* Epoch seconds: a plain number (F7.6 Date operators accept both forms). */
	if (policy_parse_number(s, out))
		return true;
	const char *p = s;
	int y, mo, d, h = 0, mi = 0, sec = 0;
	double frac = 0;
	if (!take_digits(&p, 4, &y) || *p++ != '-' || !take_digits(&p, 2, &mo) || *p++ != '-' ||
	    !take_digits(&p, 2, &d))
		return false;
	if (mo < 1 || mo > 12)
		return false;
	bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	if (d < 1 || d > mdays[mo - 1] + (mo == 2 && leap))
		return false;
	long offset = 0;
	if (*p == 'T' || *p == 't' || *p == ' ') {
		p++;
		if (!take_digits(&p, 2, &h) || *p++ != ':' || !take_digits(&p, 2, &mi))
			return false;
		if (*p == ':') {
			p++;
			if (!take_digits(&p, 2, &sec))
				return false;
			if (*p == '.' || *p == ',') {
				p++;
				double scale = 0.1;
				if (!isdigit((unsigned char)*p))
					return false;
				while (isdigit((unsigned char)*p)) {
					frac += (*p - '0') * scale;
					scale /= 10;
					p++;
				}
			}
		}
		if (h > 23 || mi > 59 || sec > 60)
			return false;
		if (*p == 'Z' || *p == 'z') {
			p++;
		} else if (*p == '+' || *p == '-') {
			int sign = *p == '-' ? -1 : 1, oh, om = 0;
			p++;
			if (!take_digits(&p, 2, &oh))
				return false;
			if (*p == ':')
				p++;
			if (isdigit((unsigned char)*p) && !take_digits(&p, 2, &om))
				return false;
			if (oh > 23 || om > 59)
				return false;
			offset = sign * (oh * 3600L + om * 60L);
		}
	}
	if (*p)
		return false;
	long long days = util_days_from_civil(y, (unsigned)mo, (unsigned)d);
	*out = (double)(days * 86400 + h * 3600LL + mi * 60LL + sec - offset) + frac;
	return true;
}

bool policy_parse_bool(const char *s, bool *out)
{
	if (strcasecmp(s, "true") == 0) {
		*out = true;
		return true;
	}
	if (strcasecmp(s, "false") == 0) {
		*out = false;
		return true;
	}
	return false;
}

/* A growable byte buffer for compiling; freed by the caller. */
struct pat_buf {
	char *s;
	size_t len, cap;
};

static void pb_add(struct pat_buf *b, const char *s, size_t n)
{
	if (b->len + n + 1 > b->cap) {
		b->cap = (b->len + n + 1) * 2;
		b->s = xrealloc(b->s, b->cap);
	}
	memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = '\0';
}

/* Appends one written character; in GLOB mode a backslash must not act as an
 * escape, so it is doubled; `literal` marks ${*} / ${?} / ${$}, which match only
 * themselves. */
static void pb_char(struct pat_buf *b, char c, enum policy_pat_mode mode, bool literal)
{
	if (mode == POLICY_PAT_GLOB && (c == '\\' || (literal && (c == '*' || c == '?'))))
		pb_add(b, "\\", 1);
	pb_add(b, &c, 1);
}

static void flush_literal(struct arena *a, struct arena_vec *parts, struct pat_buf *lit)
{
	if (lit->len == 0)
		return;
	struct policy_pat_part *pp = arena_vec_push(a, parts, sizeof(*pp));
	pp->var = false;
	pp->text = arena_strndup(a, lit->s, lit->len);
	pp->len = lit->len;
	lit->len = 0;
}

static const char *trim(const char *s, const char *e, size_t *n)
{
	while (s < e && isspace((unsigned char)*s))
		s++;
	while (e > s && isspace((unsigned char)e[-1]))
		e--;
	*n = (size_t)(e - s);
	return s;
}

void policy_pat_compile(struct arena *a, const char *s, enum policy_pat_mode mode, bool vars,
			struct policy_pat *pat)
{
	struct pat_buf lit = { 0 };
	struct arena_vec parts = { 0 };
	bool has_var = false;

	memset(pat, 0, sizeof(*pat));
	pat->src = arena_strdup(a, s);
	pat->mode = (uint8_t)mode;
	pb_add(&lit, "", 0);
	for (size_t i = 0; s[i];) {
		const char *close;
		/* Policy variables exist only in Version 2012-10-17 policies; before that
		 * "${...}" is plain text (the caller passes vars accordingly). */
		if (vars && s[i] == '$' && s[i + 1] == '{' && (close = strchr(s + i + 2, '}'))) {
			const char *in = s + i + 2;
			size_t inlen = (size_t)(close - in);
			if (inlen == 1 && (*in == '*' || *in == '?' || *in == '$')) {
				pb_char(&lit, *in, mode, true);
			} else {
				const char *comma = memchr(in, ',', inlen);
				size_t klen, dlen = 0;
				const char *key = trim(in, comma ? comma : close, &klen);
				const char *dflt = comma ? trim(comma + 1, close, &dlen) : NULL;
				if (dflt && dlen >= 2 && dflt[0] == '\'' && dflt[dlen - 1] == '\'') {
					dflt++;
					dlen -= 2;
				}
				flush_literal(a, &parts, &lit);
				struct policy_pat_part *pp = arena_vec_push(a, &parts, sizeof(*pp));
				pp->var = true;
				pp->text = arena_strndup(a, key, klen);
				pp->len = klen;
				pp->hash = policy_key_hash(key, klen);
				pp->dflt = dflt ? arena_strndup(a, dflt, dlen) : NULL;
				has_var = true;
			}
			i = (size_t)(close - s) + 1;
			continue;
		}
		pb_char(&lit, s[i], mode, false);
		i++;
	}
	if (has_var) {
		flush_literal(a, &parts, &lit);
		pat->parts = parts.items;
		pat->nparts = parts.len;
	} else {
		pat->str = arena_strndup(a, lit.s, lit.len);
		pat->len = lit.len;
		if (mode == POLICY_PAT_GLOB) {
			size_t k = strcspn(pat->str, "*?\\");
			pat->any = strcmp(pat->str, "*") == 0;
			pat->plain = k == pat->len;
			pat->lit_prefix = k;
			/* A final '*' is the last character of its ARN segment, so it may run
			 * past colons (F7.4): "prefix*" is a prefix test for ARNs too. */
			pat->tail_star = k + 1 == pat->len && pat->str[k] == '*';
		}
	}
	free(lit.s);
}
