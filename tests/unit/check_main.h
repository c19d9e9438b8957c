/* check_main.h - the one main() every unit suite binary uses: run the module's
 * suite with check, print check's summary line, exit non-zero on any failure. */
#ifndef VPCPATH_CHECK_MAIN_H
#define VPCPATH_CHECK_MAIN_H

#include <check.h>
#include <stdlib.h>

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
