/* fuzz_snapdir.c - libFuzzer harness for snapshot directories with symbolic links
 * (`vpcpath import aws DIR`, `-t DIR`).
 *
 * The input is a small script that builds a tree, one command a line:
 *   d PATH            a folder
 *   f PATH            a file; its content is the lines that follow, up to a line "."
 *   l PATH TARGET     a symbolic link to TARGET, as written (".", "..", "a/b", an
 *                     absolute path...); "@out" at its start stands for a folder
 *                     beside the snapshot, "@snap" for the snapshot folder itself
 * PATH is relative to the snapshot folder, each of its parts made with O_NOFOLLOW and
 * *at() calls from the folder above, so that nothing is ever made outside the tree
 * (a PATH through a link is skipped).  At most 64 commands, 4 levels.
 *
 * Beside the snapshot, @out holds what must never be read: a describe-vpcs output
 * whose VPC is vpc-0ut51de, and a file of another format holding a secret line.  The
 * tree is imported with import_aws_dir(), then removed (nftw, links not followed).
 *  - no message may quote the secret (error messages never echo a file that is not
 *    the tool's input), and the import may not hold vpc-0ut51de (links out of the
 *    folder are not followed), unless the input itself wrote them into the tree;
 *  - a failed import must have reported an error, never the importer's
 *    "import-unloadable" safety net; a successful one must load
 *    (topo_load_buffer);
 *  - a loop of links (l a . ; l b ..) must not make the walk explode (the timeout).
 * Any of these failing aborts.  FUZZ_SNAPDIR_SHOW=1 prints each import's messages and
 * size (to see what a seed builds).  Seeds: tests/fuzz/corpus/snapdir.
 */
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "vpcpath/diag.h"
#include "vpcpath/import.h"
#include "vpcpath/topo.h"

#define SECRET "SECRET-fuzz-snapdir-7f3a"
#define OUTSIDE_VPC "vpc-0ut51de"
#define MAX_COMMANDS 64
#define MAX_PARTS 4

static char base[64];     /* /tmp/fuzz-snapdir-XXXXXX */
static char out_dir[96];  /* base/out: never to be read */
static char snap[96];     /* base/snap: the tree of one input */
static bool show;

static int remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)ftw;
	if (flag == FTW_DP)
		rmdir(path);
	else
		unlink(path);
	return 0;
}

/* Removes path and what it holds; links are removed, never followed. */
static void remove_tree(const char *path)
{
	nftw(path, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
}

static void cleanup(void)
{
	remove_tree(base);
}

static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");
	if (!f || fputs(text, f) < 0 || fclose(f) != 0)
		abort();
}

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	snprintf(base, sizeof(base), "/tmp/fuzz-snapdir-XXXXXX");
	if (!mkdtemp(base))
		abort();
	atexit(cleanup);
	snprintf(out_dir, sizeof(out_dir), "%s/out", base);
	snprintf(snap, sizeof(snap), "%s/snap", base);
	if (mkdir(out_dir, 0700) != 0)
		abort();
	char path[160];
	snprintf(path, sizeof(path), "%s/describe-vpcs.json", out_dir);
	write_file(path, "{\"Vpcs\": [{\"VpcId\": \"" OUTSIDE_VPC "\", \"CidrBlock\": "
			 "\"10.99.0.0/16\", \"OwnerId\": \"111122223333\", \"State\": "
			 "\"available\"}]}\n");
	snprintf(path, sizeof(path), "%s/passwd", out_dir);
	write_file(path, "root:x:0:0:" SECRET ":/root:/bin/sh\n");
	snprintf(path, sizeof(path), "%s/passwd.json", out_dir);
	write_file(path, SECRET ":x:0:0\n");
	const char *s = getenv("FUZZ_SNAPDIR_SHOW");
	show = s && *s && strcmp(s, "0") != 0;
	return 0;
}

/* Opens the folder that holds the last part of rel (made when mk), each part opened
 * from the one above without following links; -1 when a part is not a plain folder.
 * *last receives the last part. */
static int open_parent(char *rel, bool mk, const char **last)
{
	int fd = open(snap, O_RDONLY | O_DIRECTORY | O_NOFOLLOW);
	char *parts[MAX_PARTS + 1];
	size_t n = 0;
	for (char *p = strtok(rel, "/"); p; p = strtok(NULL, "/")) {
		if (n == MAX_PARTS || !strcmp(p, ".") || !strcmp(p, "..")) {
			close(fd);
			return -1;
		}
		parts[n++] = p;
	}
	if (n == 0 || fd < 0) {
		if (fd >= 0)
			close(fd);
		return -1;
	}
	for (size_t i = 0; i + 1 < n; i++) {
		if (mk)
			mkdirat(fd, parts[i], 0700);
		int next = openat(fd, parts[i], O_RDONLY | O_DIRECTORY | O_NOFOLLOW);
		close(fd);
		if (next < 0)
			return -1;
		fd = next;
	}
	*last = parts[n - 1];
	return fd;
}

/* Builds the tree of the script in text (NUL-terminated, modified). */
static void build(char *text)
{
	size_t commands = 0;
	char *line = text;
	while (line && *line && commands++ < MAX_COMMANDS) {
		char *next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		char kind = line[0];
		if (line[1] != ' ' || (kind != 'd' && kind != 'f' && kind != 'l')) {
			line = next;
			continue;
		}
		char *path = line + 2, *target = NULL;
		if (kind == 'l') {
			target = strchr(path, ' ');
			if (!target) {
				line = next;
				continue;
			}
			*target++ = '\0';
		}
		/* a file's content: up to a line "." (or the end) */
		const char *content = "";
		size_t clen = 0;
		if (kind == 'f' && next) {
			content = next;
			char *end = next;
			while (end && strncmp(end, ".\n", 2) != 0 && strcmp(end, ".") != 0) {
				end = strchr(end, '\n');
				if (end)
					end++;
			}
			clen = end ? (size_t)(end - next) : strlen(next);
			next = end ? (end[1] ? end + 2 : NULL) : NULL;
		}
		const char *name;
		int fd = open_parent(path, true, &name);
		if (fd >= 0) {
			if (kind == 'd') {
				mkdirat(fd, name, 0700);
			} else if (kind == 'f') {
				int f = openat(fd, name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW, 0600);
				if (f >= 0) {
					if (clen && write(f, content, clen) < 0)
						errno = 0;
					close(f);
				}
			} else {
				char t[512];
				if (!strncmp(target, "@out", 4))
					snprintf(t, sizeof(t), "%s%s", out_dir, target + 4);
				else if (!strncmp(target, "@snap", 5))
					snprintf(t, sizeof(t), "%s%s", snap, target + 5);
				else
					snprintf(t, sizeof(t), "%s", target);
				symlinkat(t, fd, name);
			}
			close(fd);
		}
		line = next;
	}
}

static void fail(const char *why, const struct diag_list *diags)
{
	fprintf(stderr, "fuzz_snapdir: %s:\n", why);
	diag_print(diags, stderr, 0);
	abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size > 65536)
		return 0;
	/* the fuzzer learns the marker strings from the comparisons below and writes them
	 * into the snapshot's own files, where quoting them is fine */
	bool secret_inside = memmem(data, size, SECRET, strlen(SECRET)) != NULL;
	bool vpc_inside = memmem(data, size, OUTSIDE_VPC, strlen(OUTSIDE_VPC)) != NULL;
	char *text = malloc(size + 1);
	memcpy(text, data, size);
	text[size] = '\0';
	remove_tree(snap);
	if (mkdir(snap, 0700) != 0)
		abort();
	build(text);
	free(text);

	struct diag_list diags = { 0 };
	size_t len = 0;
	char *yaml = import_aws_dir(snap, &diags, &len);
	if (show) {
		diag_print(&diags, stderr, 0);
		fprintf(stderr, "fuzz_snapdir: %s, %zu bytes of YAML\n", yaml ? "imported" : "refused",
			len);
	}
	for (size_t i = 0; i < diags.len; i++)
		if (!secret_inside && diags.items[i].message && strstr(diags.items[i].message, SECRET))
			fail("a message quotes a file outside the snapshot", &diags);
	if (!yaml) {
		if (diags.errors == 0)
			fail("import failed without an error", &diags);
		for (size_t i = 0; i < diags.len; i++)
			if (diags.items[i].severity == DIAG_ERROR && diags.items[i].code &&
			    !strcmp(diags.items[i].code, "import-unloadable"))
				fail("the importer wrote a topology that does not load", &diags);
	} else {
		if (!vpc_inside && memmem(yaml, len, OUTSIDE_VPC, strlen(OUTSIDE_VPC)))
			fail("the import holds a VPC of a file outside the snapshot", &diags);
		diag_list_clear(&diags);
		struct topology *t = topo_load_buffer("imported.yaml", snap, yaml, len, NULL, &diags);
		if (!t) {
			fprintf(stderr, "---\n%.*s\n", (int)(len < 4000 ? len : 4000), yaml);
			fail("the imported topology does not load", &diags);
		}
		topo_free(t);
		free(yaml);
	}
	diag_list_clear(&diags);
	remove_tree(snap);
	return 0;
}
