/* match.c - the matching primitives of the policy engine: wildcard globs, ARN
 * segment matching (F7.4, F7.6), numbers, dates, and compiling strings that hold
 * policy variables.  Nothing here allocates while matching, except the ARN matcher
 * for pathological texts over 1 KiB (see arn_memo). */
#include "policy-int.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

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
	size_t pi = 0, ti = 0, star_p = SIZE_MAX, star_t = 0;

	while (ti < tlen) {
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
		if (star_p == SIZE_MAX)
			return false;
		pi = star_p;
		ti = ++star_t;
	}
	while (pi < plen && p[pi] == '*')
		pi++;
	return pi == plen;
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

/* Remembers (segment, text offset) pairs already known not to match, so a pattern
 * with several segment-final stars cannot take exponential time on a text with many
 * colons. */
struct arn_memo {
	uint8_t small[(5 * 1025 + 7) / 8];
	uint8_t *bits;
	size_t stride;
};

static bool memo_test(const struct arn_memo *m, int seg, size_t off)
{
	size_t i = (size_t)(seg - 1) * m->stride + off;
	return m->bits && (m->bits[i / 8] >> (i % 8)) & 1;
}

static void memo_set(struct arn_memo *m, int seg, size_t off)
{
	size_t i = (size_t)(seg - 1) * m->stride + off;
	m->bits[i / 8] |= (uint8_t)(1u << (i % 8));
}

static void memo_init(struct arn_memo *m, size_t tlen)
{
	if (m->bits)
		return;
	m->stride = tlen + 1;
	size_t nbytes = (5 * m->stride + 7) / 8;
	if (nbytes <= sizeof(m->small)) {
		memset(m->small, 0, nbytes);
		m->bits = m->small;
	} else {
		m->bits = xcalloc(nbytes, 1);
	}
}

struct arn_job {
	const char *p, *t;
	size_t plen, tlen;
	struct arn_memo memo;
};

/* Matches pattern segment `seg` (0-based; the 6th segment, the resource part, is
 * everything after the 5th colon) starting at p[po] against the text at t[to]. */
static bool arn_from(struct arn_job *j, size_t po, size_t to, int seg)
{
	/* F7.4: in the resource part '*' matches anything, '/' and ':' included. */
	if (seg == 5)
		return policy_glob(j->p + po, j->plen - po, j->t + to, j->tlen - to, false);

	size_t pc = pat_colon(j->p, po, j->plen);
	bool last = pc == j->plen;
	const char *tc_ptr = memchr(j->t + to, ':', j->tlen - to);
	size_t tc = tc_ptr ? (size_t)(tc_ptr - j->t) : j->tlen;

	/* Within one segment the text has no colon, so a plain glob decides; for a
	 * segment-final star the glob checks that the rest of the segment matches a
	 * prefix of the text segment. */
	if (!policy_glob(j->p + po, pc - po, j->t + to, tc - to, false))
		return false;
	if (!ends_with_star(j->p, po, pc)) {
		if (last)
			return tc == j->tlen;
		if (tc == j->tlen)
			return false;
		return arn_from(j, pc + 1, tc + 1, seg + 1);
	}
	/* F7.4: "If the * wildcard is the last character of a resource ARN segment, it
	 * can expand to match beyond the colon boundaries." */
	if (last)
		return true;
	for (size_t e = tc; e < j->tlen;) {
		if (!memo_test(&j->memo, seg + 1, e + 1)) {
			if (arn_from(j, pc + 1, e + 1, seg + 1))
				return true;
			memo_init(&j->memo, j->tlen);
			memo_set(&j->memo, seg + 1, e + 1);
		}
		const char *n = memchr(j->t + e + 1, ':', j->tlen - e - 1);
		if (!n)
			break;
		e = (size_t)(n - j->t);
	}
	return false;
}

bool policy_arn_match(const char *pat, size_t plen, const char *text, size_t tlen)
{
	struct arn_job j = { .p = pat, .t = text, .plen = plen, .tlen = tlen };
	j.memo.bits = NULL;
	bool r = arn_from(&j, 0, 0, 0);
	if (j.memo.bits && j.memo.bits != j.memo.small)
		free(j.memo.bits);
	return r;
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

/* Days since 1970-01-01 of a proleptic Gregorian date (civil-from-days inverse:
 * eras of 400 years, March-based years so the leap day comes last). */
static long long days_from_civil(long long y, unsigned m, unsigned d)
{
	y -= m <= 2;
	long long era = (y >= 0 ? y : y - 399) / 400;
	unsigned yoe = (unsigned)(y - era * 400);
	unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + (long long)doe - 719468;
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
	long long days = days_from_civil(y, (unsigned)mo, (unsigned)d);
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
