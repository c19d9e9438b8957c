/* fuzz_topology.c - libFuzzer harness for the YAML topology loader.
 *
 * The input is a whole topology file.  It goes through topo_load_buffer() (libyaml
 * reader, anchors/aliases, schema parse, resolve and validation, inline and file
 * policies), then every message is printed to /dev/null the way the CLI prints it
 * (fputs_escaped on untrusted names) so that the printing code is exercised too.
 *
 * Policy paths resolve against FUZZ_POLICY_DIR (configs/examples: the seeds refer to
 * policies/NAME.json there); paths leaving it are refused by the loader, which is part of
 * what is being tested.
 *
 * Invariants checked beyond "no crash": a failed load reports at least one error, and
 * every error is located (line and column > 0) unless it is about a policy file.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vpcpath/diag.h"
#include "vpcpath/topo.h"

#ifndef FUZZ_POLICY_DIR
#define FUZZ_POLICY_DIR "configs/examples"
#endif

static FILE *devnull;

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	devnull = fopen("/dev/null", "w");
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct diag_list diags = { 0 };
	struct topo_load_options opt = { .allow_outside_paths = false };
	/* the loader reads from a buffer with an explicit length: no NUL terminator, so
	 * that ASan catches any read past the end */
	char *buf = malloc(size ? size : 1);
	if (size)
		memcpy(buf, data, size);
	struct topology *t = topo_load_buffer("fuzz.yaml", FUZZ_POLICY_DIR, buf, size, &opt, &diags);
	if (!t && diags.errors == 0) {
		fprintf(stderr, "fuzz_topology: load failed without an error message\n");
		abort();
	}
	for (size_t i = 0; i < diags.len; i++) {
		const struct diag *d = &diags.items[i];
		if (d->severity != DIAG_ERROR || !d->file)
			continue;
		if (!strcmp(d->file, "fuzz.yaml") && (d->line == 0 || d->col == 0)) {
			fprintf(stderr, "fuzz_topology: unlocated error: %s\n", d->message);
			abort();
		}
	}
	if (devnull)
		diag_print(&diags, devnull, 1);
	if (t) {
		if (devnull)
			diag_print(&t->warnings, devnull, 1);
		topo_free(t);
	}
	diag_list_clear(&diags);
	free(buf);
	return 0;
}
