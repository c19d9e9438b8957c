/* fuzz_import.c - libFuzzer harness for the AWS import (`vpcpath import aws DIR`).
 *
 * The input is one AWS CLI JSON file (describe-vpcs, describe-route-tables, ... output;
 * the importer recognises a file by its top-level key).  It is written into a scratch
 * directory as the only file of the snapshot, imported with import_aws_dir(), and the
 * YAML the import writes is loaded back with topo_load_buffer(): the importer promises
 * a topology with every reference resolved, so an import that succeeds must give a
 * file that loads.  A failed import must have reported an error.
 * FUZZ_IMPORT_NO_ROUNDTRIP=1 in the environment skips the load-back check (crashes and
 * sanitizer reports only), while the importer still writes values it does not check.
 * Seeds: the import tests' fixtures (tests/fuzz/corpus/import).
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
	if (!yaml && diags.errors == 0) {
		fprintf(stderr, "fuzz_import: import failed without an error\n");
		abort();
	}
	diag_list_clear(&diags);
	if (yaml) {
		struct topology *t = topo_load_buffer("imported.yaml", dir, yaml, len, NULL, &diags);
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
