/* check_main.h - the one main() every unit suite binary uses: run the module's
 * suite with check, print check's summary line, exit non-zero on any failure; and
 * the one way the suites load a topology written in the test. */
#ifndef VPCPATH_CHECK_MAIN_H
#define VPCPATH_CHECK_MAIN_H

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vpcpath/topo.h"

/* The topology in text, named name in messages: a test that needs it fails, with the
 * loader's errors printed, when it does not load.  The caller frees it (topo_free). */
static inline struct topology *check_load_topology(const char *name, const char *text)
{
	struct diag_list d = { 0 };
	struct topology *t = topo_load_buffer(name, ".", text, strlen(text), NULL, &d);
	if (!t)
		diag_print(&d, stderr, 1);
	diag_list_clear(&d);
	ck_assert_msg(t != NULL, "the test topology %s must load", name);
	return t;
}

#define VPCPATH_CHECK_MAIN(suite_fn)                                   \
	int main(void)                                                 \
	{                                                              \
		SRunner *sr = srunner_create(suite_fn());              \
		srunner_run_all(sr, CK_NORMAL);                        \
		int failed = srunner_ntests_failed(sr);                \
		srunner_free(sr);                                      \
		return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;      \
	}

#endif
