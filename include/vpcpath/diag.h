/* diag.h - located errors and warnings, collected and then printed together.
 *
 * Ownership: a diag_list owns its messages and copies of file names;
 * diag_list_clear() frees them.
 */
#ifndef VPCPATH_DIAG_H
#define VPCPATH_DIAG_H

#include <stddef.h>
#include <stdio.h>

enum diag_severity { DIAG_ERROR, DIAG_WARNING };

struct diag {
	enum diag_severity severity;
	const char *file;   /* owned copy; NULL when not about a file */
	unsigned line, col; /* 1-based; 0 when unknown */
	const char *code;   /* static warning code, e.g. "cidr-host-bits"; may be NULL */
	char *message;      /* owned by the list */
};

struct diag_list {
	struct diag *items;
	size_t len, cap;
	size_t errors; /* how many items are DIAG_ERROR */
};

void diag_add(struct diag_list *l, enum diag_severity sev, const char *file, unsigned line,
	      unsigned col, const char *code, const char *fmt, ...)
	__attribute__((format(printf, 7, 8)));
/* Sorts by file, line, column (stable), so messages read top to bottom. */
void diag_sort(struct diag_list *l);
/* "vpcpath: FILE:LINE:COL: message" for errors, "vpcpath: FILE:LINE:COL: warning: message"
 * for warnings; control characters in messages are escaped. */
void diag_print(const struct diag_list *l, FILE *f, int include_warnings);
void diag_list_clear(struct diag_list *l);

#endif
