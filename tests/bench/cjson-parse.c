/*
 * cjson-parse FILE... - cJSON alone on a snapshot's files: the floor for
 * `vpcpath import aws`, measured by tests/bench/run on the same files.
 *
 * Each file is read whole, parsed with cJSON_ParseWithLength into its tree and the
 * tree deleted before the next file, as an import that frees each file's tree once
 * its resources are taken would.  Its peak resident set is therefore that of the
 * largest file (text + tree).  Exits 1 when a file cannot be read or parsed.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	size_t cap = 1 << 16, n = 0;
	char *buf = malloc(cap);
	size_t got;
	while (buf && (got = fread(buf + n, 1, cap - n - 1, f)) > 0) {
		n += got;
		if (n + 1 == cap) {
			char *bigger = realloc(buf, cap *= 2);
			if (!bigger) {
				free(buf);
				buf = NULL;
			}
			buf = bigger;
		}
	}
	if (ferror(f)) {
		free(buf);
		buf = NULL;
	}
	fclose(f);
	if (buf)
		buf[n] = '\0';
	*len = n;
	return buf;
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		fputs("usage: cjson-parse FILE...\n", stderr);
		return 2;
	}
	for (int i = 1; i < argc; i++) {
		size_t len;
		char *text = slurp(argv[i], &len);
		if (!text) {
			fprintf(stderr, "cjson-parse: %s: %s\n", argv[i], strerror(errno));
			return 1;
		}
		cJSON *root = cJSON_ParseWithLength(text, len);
		if (!root) {
			fprintf(stderr, "cjson-parse: %s: not valid JSON\n", argv[i]);
			return 1;
		}
		cJSON_Delete(root);
		free(text);
	}
	return 0;
}
