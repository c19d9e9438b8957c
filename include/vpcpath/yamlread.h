/* yamlread.h - a small YAML document reader (libyaml event API) for configuration
 * files (pricing, compliance rules): a tree of scalars, sequences and mappings in
 * which every node keeps its line and column, so a config error is reported as
 * FILE:LINE:COL.
 *
 * Deliberately small: one document per file; anchors and aliases are refused (a
 * config never needs them, and refusing them rules out alias-expansion blow-ups);
 * tags outside YAML's core schema are refused, and !!str makes a scalar text; mapping
 * keys must be scalars and may not repeat.
 *
 * Ownership: yamlread_file() / yamlread_buffer() return a document that owns every
 * node and string in it (one arena); yamlread_free() releases it.  The file name is
 * borrowed and must outlive the document and any diag_list it was reported into.
 */
#ifndef VPCPATH_YAMLREAD_H
#define VPCPATH_YAMLREAD_H

#include <stdbool.h>
#include <stddef.h>

#include "vpcpath/diag.h"

enum yamlread_kind { YAMLREAD_SCALAR, YAMLREAD_SEQUENCE, YAMLREAD_MAPPING };

struct yamlread_pair;

struct yamlread_node {
	enum yamlread_kind kind;
	unsigned line, col;         /* 1-based, where the node starts */
	/* YAMLREAD_SCALAR */
	const char *scalar;         /* NUL-terminated (a NUL inside the value ends it) */
	bool plain;                 /* unquoted: only plain scalars are null/bool/number */
	/* YAMLREAD_SEQUENCE */
	struct yamlread_node **items;
	size_t nitems;
	/* YAMLREAD_MAPPING, in file order */
	struct yamlread_pair *pairs;
	size_t npairs;
};

struct yamlread_pair {
	struct yamlread_node *key;  /* always a scalar */
	struct yamlread_node *value;
};

struct yamlread_doc {
	struct arena *arena;
	const char *file;           /* borrowed */
	struct yamlread_node *root; /* NULL for an empty file */
};

/* Reads and parses FILE (at most max bytes; 0 = 4 MiB).  NULL on any error, each
 * reported located into *diags. */
struct yamlread_doc *yamlread_file(const char *file, size_t max, struct diag_list *diags);
/* The same for a buffer; name is used in messages. */
struct yamlread_doc *yamlread_buffer(const char *name, const char *buf, size_t len,
				     struct diag_list *diags);
void yamlread_free(struct yamlread_doc *doc);

/* true for the tags of YAML's core schema (the full forms of !!str, !!int, !!float,
 * !!bool, !!null, !!seq, !!map) and the non-specific '!': the only ones a
 * configuration or topology may carry; any other (!ruby/object:…, !!binary, !custom)
 * asks a loader for a type these files never hold. */
bool yamlread_core_tag(const char *tag);
/* true for the tags that make a scalar text whatever it looks like (!!str, '!') */
bool yamlread_text_tag(const char *tag);

/* The value of KEY in a mapping (NULL when absent or when map is not a mapping). */
const struct yamlread_node *yamlread_get(const struct yamlread_node *map, const char *key);

/* Scalar conversions; false when the node is not a plain scalar of that type. */
bool yamlread_is_null(const struct yamlread_node *n);  /* ~, null, Null, NULL, empty */
bool yamlread_bool(const struct yamlread_node *n, bool *out); /* true/false (any case) */
/* A finite decimal number (no hex, no inf/nan). */
bool yamlread_number(const struct yamlread_node *n, double *out);

/* The candidate closest to word by edit distance, for "did you mean" hints; NULL when
 * none is close enough to be a likely typo. */
const char *yamlread_suggest(const char *word, const char *const *candidates, size_t n);

/* "a mapping", "a list", "a string" … for "expected X, found Y" messages. */
const char *yamlread_kind_name(const struct yamlread_node *n);

#endif
