/* util.c - see include/vpcpath/util.h */
#include "vpcpath/util.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "vpcpath/arena.h"

size_t str_utf8_len(const unsigned char *p, size_t avail)
{
	unsigned char c = p[0];
	if (c < 0x80)
		return 1;
	size_t n;
	unsigned char lo = 0x80, hi = 0xbf;  /* the second byte's range (RFC 3629) */
	if (c >= 0xc2 && c <= 0xdf)
		n = 2;
	else if (c >= 0xe0 && c <= 0xef)
		n = 3, lo = c == 0xe0 ? 0xa0 : 0x80, hi = c == 0xed ? 0x9f : 0xbf;
	else if (c >= 0xf0 && c <= 0xf4)
		n = 4, lo = c == 0xf0 ? 0x90 : 0x80, hi = c == 0xf4 ? 0x8f : 0xbf;
	else
		return 0;
	/* byte by byte: a NUL (no continuation byte) ends the sequence before the next
	 * read, so NUL-terminated callers may pass 4 */
	if (avail < 2 || p[1] < lo || p[1] > hi)
		return 0;
	for (size_t i = 2; i < n; i++)
		if (avail <= i || (p[i] & 0xc0) != 0x80)
			return 0;
	return n;
}

size_t str_utf8_invalid_at(const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0;
	while (i < len) {
		size_t n = str_utf8_len(p + i, len - i);
		if (!n)
			return i;
		i += n;
	}
	return len;
}

size_t str_utf8_count(const char *s, size_t len)
{
	size_t n = 0;
	for (size_t i = 0; i < len; i++)
		n += ((unsigned char)s[i] & 0xc0) != 0x80; /* each character has one lead byte */
	return n;
}

void str_trim_utf8(char *s)
{
	/* find the last lead byte; drop it when its sequence is cut short */
	size_t n = strlen(s), i = n;
	while (i > 0 && ((unsigned char)s[i - 1] & 0xc0) == 0x80 && n - i < 3)
		i--;
	if (i == 0 || (unsigned char)s[i - 1] < 0xc0)
		return;
	i--;
	if (str_utf8_len((const unsigned char *)s + i, n - i) == 0)
		s[i] = '\0';
}

bool str_valid_utf8(const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; *p;) {
		if (*p < 0x80) {
			p++;
			continue;
		}
		size_t n = str_utf8_len(p, 4);
		if (!n)
			return false;
		p += n;
	}
	return true;
}

/* The code point of the well-formed n-byte UTF-8 sequence at p (n from str_utf8_len) */
static uint32_t utf8_decode(const unsigned char *p, size_t n)
{
	static const unsigned char lead_bits[] = { 0, 0x7f, 0x1f, 0x0f, 0x07 };
	uint32_t cp = p[0] & lead_bits[n];
	for (size_t i = 1; i < n; i++)
		cp = cp << 6 | (p[i] & 0x3f);
	return cp;
}

/* Characters that show nothing, or that reorder what follows, on a terminal: bidi
 * embeddings, overrides, isolates and marks (a name could read one way and be
 * another: "Trojan Source"), zero-width and filler characters (two names that look
 * the same), line and paragraph separators, and the tag characters (text hidden in
 * plain sight).  Unicode's format characters (category Cf) that render as nothing,
 * and the default-ignorable letters; variation selectors only choose a glyph and are
 * kept. */
static bool hidden_char(uint32_t cp)
{
	static const struct { uint32_t lo, hi; } ranges[] = {
		{ 0x00ad, 0x00ad },   /* soft hyphen */
		{ 0x034f, 0x034f },   /* combining grapheme joiner */
		{ 0x061c, 0x061c },   /* Arabic letter mark */
		{ 0x115f, 0x1160 },   /* Hangul choseong and jungseong fillers */
		{ 0x17b4, 0x17b5 },   /* Khmer inherent vowels */
		{ 0x180e, 0x180e },   /* Mongolian vowel separator */
		{ 0x200b, 0x200f },   /* zero width space, non-joiner, joiner; LRM, RLM */
		{ 0x2028, 0x202e },   /* line and paragraph separators; LRE RLE PDF LRO RLO */
		{ 0x2060, 0x206f },   /* word joiner, invisible operators; LRI RLI FSI PDI;
		                       * the deprecated format controls */
		{ 0x3164, 0x3164 },   /* Hangul filler */
		{ 0xfeff, 0xfeff },   /* zero width no-break space (byte order mark) */
		{ 0xffa0, 0xffa0 },   /* halfwidth Hangul filler */
		{ 0xfff9, 0xfffb },   /* interlinear annotation controls */
		{ 0x1bca0, 0x1bca3 }, /* shorthand format controls */
		{ 0x1d173, 0x1d17a }, /* musical symbol format controls */
		{ 0xe0000, 0xe007f }, /* tag characters */
	};
	if (cp < 0xad)
		return false;
	for (size_t i = 0; i < sizeof(ranges) / sizeof(ranges[0]); i++)
		if (cp >= ranges[i].lo && cp <= ranges[i].hi)
			return true;
	return false;
}

/* Writes s escaped to f, or only measures it when f is NULL: the characters it takes
 * (one per code point written raw, one per byte of an escape). */
static size_t escape(const char *s, FILE *f)
{
	size_t width = 0;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		/* the common case: a run of printable ASCII, written in one call */
		const unsigned char *run = p;
		while (*p >= 0x20 && *p < 0x7f)
			p++;
		width += (size_t)(p - run);
		if (f && p > run)
			fwrite(run, 1, (size_t)(p - run), f);
		if (!*p)
			break;
		char esc[16];
		esc[0] = '\0';
		size_t n = 1;  /* the bytes of s this step consumes */
		if (*p < 0x20 || *p == 0x7f) {
			const char *named = *p == '\n' ? "\\n" : *p == '\t' ? "\\t" : *p == '\r' ? "\\r" : NULL;
			if (named)
				snprintf(esc, sizeof(esc), "%s", named);
			else
				snprintf(esc, sizeof(esc), "\\x%02x", *p);
		} else if (*p == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f) {
			/* C1 control characters (CSI among them) in UTF-8 */
			snprintf(esc, sizeof(esc), "\\u%04x", p[1]);
			n = 2;
		} else if ((n = str_utf8_len(p, 4)) == 0) {
			/* a byte that starts no valid UTF-8 sequence (0x9b alone is an 8-bit
			 * CSI to some terminals): shown as a byte, never written raw.  The
			 * checks stop at the terminating NUL, which is never a continuation. */
			snprintf(esc, sizeof(esc), "\\x%02x", *p);
			n = 1;
		} else {
			uint32_t cp = utf8_decode(p, n);
			if (hidden_char(cp))
				snprintf(esc, sizeof(esc), cp > 0xffff ? "\\U%08" PRIx32 : "\\u%04" PRIx32, cp);
		}
		if (esc[0]) {
			width += strlen(esc);
			if (f)
				fputs(esc, f);
		} else {
			width++;
			if (f)
				fwrite(p, 1, n, f);
		}
		p += n - 1;
	}
	return width;
}

void fputs_escaped(const char *s, FILE *f)
{
	escape(s, f);
}

size_t str_escaped_width(const char *s)
{
	return escape(s, NULL);
}

bool str_ieq(const char *a, const char *b)
{
	return strcasecmp(a, b) == 0;
}

bool str_has_prefix(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

bool str_has_suffix(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);
	return n >= m && strcmp(s + n - m, suffix) == 0;
}

unsigned str_edit_distance(const char *a, const char *b)
{
	size_t n = strlen(a), m = strlen(b);
	if (n > 64 || m > 64)
		return 99;
	unsigned row[65];
	for (size_t j = 0; j <= m; j++)
		row[j] = (unsigned)j;
	for (size_t i = 1; i <= n; i++) {
		unsigned diag = row[0];
		row[0] = (unsigned)i;
		for (size_t j = 1; j <= m; j++) {
			unsigned up = row[j];
			unsigned cost = tolower((unsigned char)a[i - 1]) == tolower((unsigned char)b[j - 1]) ? 0 : 1;
			unsigned best = diag + cost;
			if (up + 1 < best)
				best = up + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			row[j] = best;
			diag = up;
		}
	}
	return row[m];
}

bool str_to_long(const char *s, long min, long max, long *out)
{
	if (!s || !*s)
		return false;
	const char *p = s;
	if (*p == '-' || *p == '+')
		p++;
	if (!*p)
		return false;
	for (; *p; p++)
		if (!isdigit((unsigned char)*p))
			return false;
	errno = 0;
	long v = strtol(s, NULL, 10);
	if (errno || v < min || v > max)
		return false;
	*out = v;
	return true;
}

char *read_file(const char *path, size_t max, size_t *len, const char **err)
{
	int fd = strcmp(path, "-") == 0 ? dup(STDIN_FILENO) : open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0) {
		*err = strerror(errno);
		return NULL;
	}
	struct stat st;
	if (fstat(fd, &st) != 0) {
		*err = strerror(errno);
		close(fd);
		return NULL;
	}
	if (strcmp(path, "-") != 0) {
		if (S_ISDIR(st.st_mode)) {
			*err = "is a directory, not a file";
			close(fd);
			return NULL;
		}
		if (!S_ISREG(st.st_mode)) {
			*err = "not a regular file (a FIFO, socket or device is not read)";
			close(fd);
			return NULL;
		}
		if ((size_t)st.st_size > max) {
			*err = "file too large";
			close(fd);
			return NULL;
		}
		/* regular files never block; clear O_NONBLOCK for plain reads */
		fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);
	}
	size_t cap = S_ISREG(st.st_mode) ? (size_t)st.st_size + 1 : 65536, n = 0;
	char *buf = xmalloc(cap);
	for (;;) {
		if (n + 1 >= cap) {
			if (cap > max) {
				free(buf);
				close(fd);
				*err = "file too large";
				return NULL;
			}
			cap *= 2;
			buf = xrealloc(buf, cap);
		}
		ssize_t r = read(fd, buf + n, cap - n - 1);
		if (r < 0) {
			if (errno == EINTR)
				continue;
			*err = strerror(errno);
			free(buf);
			close(fd);
			return NULL;
		}
		if (r == 0)
			break;
		n += (size_t)r;
		if (n > max) {
			free(buf);
			close(fd);
			*err = "file too large";
			return NULL;
		}
	}
	close(fd);
	buf[n] = '\0';
	if (len)
		*len = n;
	return buf;
}

bool path_within(const char *dir, const char *path)
{
	char *real_file = realpath(path, NULL);
	if (!real_file)
		return true;
	char *real_dir = realpath(dir && *dir ? dir : ".", NULL);
	size_t dl = real_dir ? strlen(real_dir) : 0;
	bool inside = real_dir && !strncmp(real_file, real_dir, dl) &&
		      (real_file[dl] == '/' || (dl == 1 && real_dir[0] == '/'));
	free(real_dir);
	free(real_file);
	return inside;
}

long long util_days_from_civil(long long y, unsigned m, unsigned d)
{
	/* eras of 400 years, March-based years so that the leap day comes last */
	y -= m <= 2;
	long long era = (y >= 0 ? y : y - 399) / 400;
	unsigned yoe = (unsigned)(y - era * 400);
	unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + (long long)doe - 719468;
}

bool str_eq_null(const char *a, const char *b)
{
	return a == b || (a && b && !strcmp(a, b));
}
