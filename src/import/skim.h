/* skim.h - the JSON walk skim.c and tfskim.c share: over a file's text, without
 * allocating, to blank the values a reader never looks at before cJSON builds a tree
 * of them.  Strict JSON (RFC 8259) with cJSON's limits; each function returns false
 * where the text is not what it accepts, and the caller then leaves the rest to
 * cJSON, which reports the error.  Private to src/import/. */
#ifndef VPCPATH_IMPORT_SKIM_H
#define VPCPATH_IMPORT_SKIM_H

#include <stdbool.h>
#include <stddef.h>

#define SKIM_MAX_DEPTH 1000 /* cJSON's CJSON_NESTING_LIMIT */

struct skim {
	char *t;      /* the text, edited in place */
	size_t n, i;  /* its length; where the walk is */
	int depth;
};

/* Past whitespace. */
void sk_ws(struct skim *s);
/* A string at s->i (its opening quote), walked past; *start, *len (either may be
 * NULL): its text between the quotes, as written. */
bool sk_string(struct skim *s, size_t *start, size_t *len);
/* Any value after whitespace, walked past; for an object (a list), *flag: whether it
 * has a member named key (every item is an object with one); both may be NULL. */
bool sk_value(struct skim *s, bool *flag, const char *key);
/* Text from..to becomes spaces, newlines kept (so every later line number and offset
 * stays what it was). */
void sk_spaces(struct skim *s, size_t from, size_t to);

#endif
