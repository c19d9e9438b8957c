/* fuzz_import.c - libFuzzer harness for the AWS import (`vpcpath import aws DIR`).
 *
 * The input is one AWS CLI JSON file (describe-vpcs, describe-route-tables, ... output;
 * the importer recognises a file by its top-level key).  It is written into a scratch
 * directory as the only file of the snapshot and imported with import_aws_dir().
 *
 * The importer promises a topology that loads: it checks every value it writes and
 * reports a bad one, located, as an error.  So:
 *  - an import that succeeds must give YAML that topo_load_buffer() loads;
 *  - an import that fails must have reported an error, never one with the code
 *    "import-unloadable" (src/import/import.c's safety net: the YAML it wrote would not load,
 *    which means a check is missing), and every error must name a file, and a line
 *    when that file is the snapshot's JSON (an error about its content).
 * Any of these failing aborts.  FUZZ_IMPORT_NO_ROUNDTRIP=1 in the environment skips
 * the load-back of a successful import (crashes and sanitizer reports only).
 * Seeds: the import tests' fixtures and the inputs found so far (tests/fuzz/corpus/import).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "vpcpath/diag.h"
#include "vpcpath/import.h"
#include "vpcpath/topo.h"

static char dir[64];
static int roundtrip = 1;
static char file[96];

static void cleanup(void)
{
	unlink(file);
	rmdir(dir);
}

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	snprintf(dir, sizeof(dir), "/tmp/fuzz-import-XXXXXX");
	if (!mkdtemp(dir))
		abort();
	snprintf(file, sizeof(file), "%s/snapshot.json", dir);
	atexit(cleanup);
	const char *no = getenv("FUZZ_IMPORT_NO_ROUNDTRIP");
	roundtrip = !(no && *no && strcmp(no, "0") != 0);
	return 0;
}

static void fail(const char *why, const struct diag_list *diags)
{
	fprintf(stderr, "fuzz_import: %s:\n", why);
	diag_print(diags, stderr, 0);
	abort();
}

/* A failed import: reported, located, and not caught only by the safety net. */
static void check_errors(const struct diag_list *diags)
{
	if (diags->errors == 0)
		fail("import failed without an error", diags);
	for (size_t i = 0; i < diags->len; i++) {
		const struct diag *d = &diags->items[i];
		if (d->severity != DIAG_ERROR)
			continue;
		if (d->code && !strcmp(d->code, "import-unloadable"))
			fail("the importer wrote a topology that does not load (a check is missing in "
			     "src/import/)", diags);
		if (!d->file)
			fail("an error names no file", diags);
		if (!strcmp(d->file, file) && d->line == 0)
			fail("an error about the snapshot's JSON has no line", diags);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	FILE *f = fopen(file, "wb");
	if (!f)
		abort();
	if (size)
		fwrite(data, 1, size, f);
	fclose(f);
	struct diag_list diags = { 0 };
	size_t len = 0;
	char *yaml = import_aws_dir(dir, &diags, &len);
	if (!yaml)
		check_errors(&diags);
	diag_list_clear(&diags);
	if (yaml) {
		struct topology *t = roundtrip ? topo_load_buffer("imported.yaml", dir, yaml, len,
								  NULL, &diags) : NULL;
		if (!t && roundtrip) {
			fprintf(stderr, "fuzz_import: the imported topology does not load:\n");
			diag_print(&diags, stderr, 0);
			fprintf(stderr, "---\n%.*s\n", (int)(len < 4000 ? len : 4000), yaml);
			abort();
		}
		topo_free(t);
		diag_list_clear(&diags);
		free(yaml);
	}
	return 0;
}
