/* util.h - small helpers shared by modules: safe terminal output, string bits. */
#ifndef VPCPATH_UTIL_H
#define VPCPATH_UTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

/* Writes s with control characters and escape sequences made visible (\x1b, \n …),
 * and the Unicode characters that are invisible or reorder text (bidi controls,
 * zero-width characters, U+2028/U+2029, U+FEFF …) as \u202e or \U000e0041: names,
 * tags and policies come from untrusted files and must neither drive a terminal nor
 * read other than they are. */
void fputs_escaped(const char *s, FILE *f);
/* The characters s takes written by fputs_escaped(): for aligning columns (a wide
 * East Asian character counts as one). */
size_t str_escaped_width(const char *s);
/* Cuts an incomplete UTF-8 sequence off the end of s: a message truncated into a
 * fixed buffer must stay valid text (JSON output carries it). */
void str_trim_utf8(char *s);
/* true when s is valid UTF-8.  JSON output needs it (cJSON escapes control characters
 * but passes other bytes through); command-line arguments are checked with it. */
bool str_valid_utf8(const char *s);
/* The length of the well-formed UTF-8 sequence at p, of at most avail bytes (avail >
 * 0): 1 for an ASCII byte (NUL included), 2 to 4, or 0 when p starts none (overlong
 * forms, surrogates and code points past U+10FFFF are not well-formed). */
size_t str_utf8_len(const unsigned char *p, size_t avail);
/* The offset of the first byte of s[0..len) that is not well-formed UTF-8, or len. */
size_t str_utf8_invalid_at(const char *s, size_t len);
/* The characters (code points) in s[0..len), which is well-formed UTF-8: limits that
 * AWS states in characters (tag keys and values). */
size_t str_utf8_count(const char *s, size_t len);
/* Case-insensitive ASCII compare helpers. */
bool str_ieq(const char *a, const char *b);
/* a and b are the same text, or both NULL. */
bool str_eq_null(const char *a, const char *b);
bool str_has_prefix(const char *s, const char *prefix);
bool str_has_suffix(const char *s, const char *suffix);
/* Levenshtein distance, capped: for "did you mean" hints. */
unsigned str_edit_distance(const char *a, const char *b);
/* Parses a whole decimal number into [min,max]; false on anything else. */
bool str_to_long(const char *s, long min, long max, long *out);
/* Reads a whole regular file (refusing directories, FIFOs, devices, and files over
 * max bytes).  Returns a malloc'd NUL-terminated buffer (caller frees) or NULL with
 * an errno-style message in *err (static string). */
char *read_file(const char *path, size_t max, size_t *len, const char **err);
/* Whether path, symbolic links resolved, lies inside directory dir (itself resolved).
 * A path that does not exist is not judged (true): reading it reports that.  Inputs
 * come from untrusted pull requests: what they name must stay in their folder. */
bool path_within(const char *dir, const char *path);
/* Days since 1970-01-01 of a proleptic Gregorian date (m 1..12, d 1..31), for ISO 8601
 * times in policies (F7.8) and the request time (F7.9). */
long long util_days_from_civil(long long y, unsigned m, unsigned d);

#endif
