/* read.c - pass 1 of `vpcpath import aws`: walk the snapshot directory (sorted,
 * recursive), parse every *.json with cJSON and file each resource under its kind by
 * the file's top-level key (never its name).  Outputs that do not name their subject
 * (get-managed-prefix-list-entries, s3api get-bucket-policy, …) take it from the path. */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "internal.h"

#define MAX_JSON_FILE (512u << 20)
#define MAX_DEPTH 24

static void add_file(struct imp *I, const char *path, const char *rel)
{
	struct src *f = xcalloc(1, sizeof(*f));
	f->path = xstrdup(path);
	f->rel = xstrdup(rel);
	f->order = I->nfiles;
	if (I->nfiles == I->capfiles) {
		I->capfiles = I->capfiles ? I->capfiles * 2 : 64;
		I->files = xrealloc(I->files, I->capfiles * sizeof(*I->files));
	}
	I->files[I->nfiles++] = f;
}

int cmp_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Each folder is read once (by device and inode): links that lead back to a folder
 * being read (ln -s . a) cannot make the walk loop or multiply. */
bool dir_first_visit(struct imp *I, const struct stat *st)
{
	for (size_t i = 0; i < I->nvisited; i++)
		if (I->visited[i].dev == st->st_dev && I->visited[i].ino == st->st_ino)
			return false;
	if (I->nvisited == I->capvisited)
		I->visited = xrealloc(I->visited, (I->capvisited = I->capvisited ?
				      2 * I->capvisited : 16) * sizeof(*I->visited));
	I->visited[I->nvisited++] = (struct dirid){ st->st_dev, st->st_ino };
	return true;
}

/* Why the symbolic link at path is not followed.  None is: what a link inside the
 * snapshot directory leads to is read where it is (following it too would read it
 * twice, or loop: ln -s . a), and nothing outside is read at all (a snapshot from a
 * pull request must not make vpcpath read, and quote, a file of the machine). */
static const char *link_problem(struct imp *I, const char *path)
{
	char *target = realpath(path, NULL);
	if (!target)
		return "a broken symbolic link";
	size_t n = strlen(I->root_real);
	bool inside = !strncmp(target, I->root_real, n) &&
		      (target[n] == '/' || target[n] == '\0' || !strcmp(I->root_real, "/"));
	free(target);
	return inside ? "a symbolic link to what the snapshot holds anyway (it is read where it "
			"is)" : "a symbolic link out of the snapshot directory";
}

void walk_snapshot(struct imp *I, const char *dirpath, const char *rel, int depth)
{
	DIR *d = opendir(dirpath);
	if (!d) {
		diag_add(I->diags, DIAG_ERROR, dirpath, 0, 0, NULL, "cannot read directory: %s",
			 strerror(errno));
		return;
	}
	char **names = NULL;
	size_t n = 0, cap = 0;
	struct dirent *e;
	while ((e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue; /* ., .., and hidden files (.git, editor state) */
		if (n == cap) {
			cap = cap ? cap * 2 : 32;
			names = xrealloc(names, cap * sizeof(*names));
		}
		names[n++] = xstrdup(e->d_name);
	}
	closedir(d);
	if (n)
		qsort(names, n, sizeof(*names), cmp_name);
	for (size_t i = 0; i < n; i++) {
		size_t plen = strlen(dirpath) + strlen(names[i]) + 2;
		size_t rlen = strlen(rel) + strlen(names[i]) + 2;
		char *path = xmalloc(plen), *r = xmalloc(rlen);
		snprintf(path, plen, "%s%s%s", dirpath,
			 dirpath[strlen(dirpath) - 1] == '/' ? "" : "/", names[i]);
		snprintf(r, rlen, "%s%s%s", rel, rel[0] ? "/" : "", names[i]);
		struct stat st;
		if (lstat(path, &st) != 0) {
			diag_add(I->diags, DIAG_WARNING, path, 0, 0, "import", "cannot read: %s; skipped",
				 strerror(errno));
		} else if (S_ISLNK(st.st_mode)) {
			diag_add(I->diags, DIAG_WARNING, path, 0, 0, "import", "%s; not followed",
				 link_problem(I, path));
		} else if (S_ISDIR(st.st_mode)) {
			if (depth >= MAX_DEPTH)
				diag_add(I->diags, DIAG_WARNING, path, 0, 0, "import",
					 "directories nested deeper than %d levels are not read",
					 MAX_DEPTH);
			else if (!dir_first_visit(I, &st))
				diag_add(I->diags, DIAG_WARNING, path, 0, 0, "import", "a folder already "
					 "read (through a symbolic link); not read again");
			else
				walk_snapshot(I, path, r, depth + 1);
		} else if (S_ISREG(st.st_mode)) {
			size_t nl = strlen(names[i]);
			if (nl > 5 && str_ieq(names[i] + nl - 5, ".json"))
				add_file(I, path, r);
			else
				diag_add(I->diags, DIAG_WARNING, path, 0, 0, "import",
					 "not a .json file; ignored");
		}
		free(path);
		free(r);
		free(names[i]);
	}
	free(names);
}

/* ---- what JSON allows and the AWS CLI never prints (issue 15 item 7) ---------------- */

/* Messages of one kind per file, at most; then one line says how many more. */
#define MAX_QUIRKS 10

struct quirks {
	struct imp *I;
	struct src *f;
	size_t dup, mixed;
};

static const char *json_type_name(const cJSON *j)
{
	return cJSON_IsString(j) ? "a string" : cJSON_IsNumber(j) ? "a number" :
	       cJSON_IsArray(j) ? "a list" : cJSON_IsBool(j) ? "a boolean" :
	       cJSON_IsNull(j) ? "null" : "an object";
}

/* Objects of up to this many keys are checked in a table on the stack. */
#define SMALL_OBJECT 64

static uint32_t key_hash(const char *k)
{
	uint32_t h = 2166136261u; /* FNV-1a */
	for (; *k; k++)
		h = (h ^ (unsigned char)*k) * 16777619u;
	return h;
}

/* Whether a key of obj (at most SMALL_OBJECT keys) is written twice: each key's hash
 * in an open-addressed table; keys are compared only when hashes meet. */
static bool small_object_dup(const cJSON *obj)
{
	struct { uint32_t h; const char *k; } slot[2 * SMALL_OBJECT];
	const size_t mask = 2 * SMALL_OBJECT - 1;
	memset(slot, 0, sizeof(slot));
	for (const cJSON *c = obj->child; c; c = c->next) {
		uint32_t h = key_hash(c->string);
		size_t i = h & mask;
		for (; slot[i].k; i = (i + 1) & mask)
			if (slot[i].h == h && !strcmp(slot[i].k, c->string))
				return true;
		slot[i].h = h;
		slot[i].k = c->string;
	}
	return false;
}

static int cmp_member(const void *a, const void *b)
{
	const cJSON *x = *(const cJSON *const *)a, *y = *(const cJSON *const *)b;
	int c = strcmp(x->string, y->string);
	return c ? c : (x < y ? -1 : x > y); /* equal keys stay in a fixed order */
}

/* A key twice in one object: cJSON keeps both and every lookup reads the first, so a
 * second value would be dropped without a word.  The same value twice is a warning;
 * two different values are an error (which one AWS meant is unknown).  Sorted, so an
 * object of many keys costs n log n. */
static void check_duplicate_keys(struct quirks *q, const cJSON *obj)
{
	size_t n = 0;
	const cJSON *c;
	cJSON_ArrayForEach(c, obj)
		n++;
	if (n < 2)
		return;
	if (n <= SMALL_OBJECT && !small_object_dup(obj))
		return; /* the usual object: no allocation, no string compared */
	const cJSON **v = xmalloc(n * sizeof(*v));
	n = 0;
	cJSON_ArrayForEach(c, obj)
		v[n++] = c;
	qsort(v, n, sizeof(*v), cmp_member);
	for (size_t i = 1; i < n; i++) {
		if (strcmp(v[i]->string, v[i - 1]->string))
			continue;
		/* the one written later in the text is reported: the list order */
		const cJSON *first = v[i - 1], *again = v[i];
		for (c = obj->child; c && c != first && c != again; c = c->next)
			;
		if (c == again)
			again = first, first = c;
		if (++q->dup > MAX_QUIRKS)
			continue;
		const char *near = obj_near(again) ? obj_near(again) : obj_near(obj);
		if (cJSON_Compare(first, again, 1))
			imp_warn(q->I, q->f, near, "the key \"%s\" is written twice in this object, with "
				 "the same value (the AWS CLI writes each key once)", again->string);
		else
			imp_error(q->I, q->f, near, "the key \"%s\" is written twice in this object, with "
				  "different values: which one AWS printed is unknown (the AWS CLI writes "
				  "each key once)", again->string);
	}
	free(v);
}

/* A list of objects with other things among them: what AWS prints in one list is all
 * of one kind, and an item that is not an object carries nothing vpcpath can read. */
static void check_mixed_list(struct quirks *q, const cJSON *arr)
{
	const cJSON *c, *obj = NULL;
	size_t others = 0;
	cJSON_ArrayForEach(c, arr)
	{
		if (cJSON_IsObject(c))
			obj = obj ? obj : c;
		else
			others++;
	}
	if (!obj || !others)
		return;
	cJSON_ArrayForEach(c, arr)
	{
		if (cJSON_IsObject(c) || ++q->mixed > MAX_QUIRKS)
			continue;
		imp_warn_item(q->I, q->f, c, "%s among the objects of %s%s%s; ignored (%s)",
			 json_type_name(c), arr->string ? "\"" : "a list",
			 arr->string ? arr->string : "", arr->string ? "\"" : "",
			 q->I->aws_cli_reader ? "the AWS CLI lists objects only" :
			 "Terraform writes only objects there");
	}
}

static void check_quirks_in(struct quirks *q, const cJSON *j)
{
	const cJSON *c;
	if (cJSON_IsObject(j))
		check_duplicate_keys(q, j);
	else if (cJSON_IsArray(j))
		check_mixed_list(q, j);
	cJSON_ArrayForEach(c, j)
		if (cJSON_IsObject(c) || cJSON_IsArray(c))
			check_quirks_in(q, c);
}

/* \u0000 in a string: cJSON ends the string there, so the rest would be lost without
 * a word (an id "vpc-1\u0000x" read as "vpc-1").  The text is valid JSON here. */
static void check_nul_escapes(struct imp *I, struct src *f)
{
	const char *t = f->text;
	bool in_string = false;
	if (!memmem(t + f->skip, f->len - f->skip, "\\u0000", 6))
		return; /* (the usual file: the walk below is only for where one is) */
	for (size_t i = f->skip; i < f->len; i++) {
		if (!in_string) {
			in_string = t[i] == '"';
			continue;
		}
		if (t[i] == '"') {
			in_string = false;
		} else if (t[i] == '\\') {
			if (i + 5 < f->len && t[i + 1] == 'u' && !memcmp(t + i + 2, "0000", 4)) {
				unsigned line, col;
				offset_loc(t, i, &line, &col);
				diag_add(I->diags, DIAG_ERROR, f->path, line, col, NULL, "a string holds "
					 "\\u0000 (a NUL character), which AWS never prints; the string "
					 "would end there");
				return;
			}
			i++;
		}
	}
}

/* The quirks of a parsed file, each located. */
static void check_json_quirks(struct imp *I, struct src *f)
{
	struct quirks q = { I, f, 0, 0 };
	check_nul_escapes(I, f);
	check_quirks_in(&q, f->root);
	if (q.dup > MAX_QUIRKS)
		imp_warn(I, f, NULL, "… and %zu more keys written twice", q.dup - MAX_QUIRKS);
	/* (the skim counted those it did not let cJSON build) */
	if (q.mixed > MAX_QUIRKS)
		imp_warn(I, f, NULL, "… and %zu more items that are not objects", q.mixed -
			 MAX_QUIRKS + f->skimmed_items);
}

/* ---- each file's tree in one arena ------------------------------------------------- *
 *
 * cJSON allocates every node (64 bytes) and every key and string with malloc, and
 * frees them one by one: on a describe-instances output of hundreds of megabytes that
 * is tens of millions of blocks, each with malloc's header and rounding, and freeing
 * them took a quarter of the import.  Parsed through cJSON's allocation hooks into an
 * arena of its own file, a tree is about a third smaller and is freed in a few
 * calls.  The hooks are set around the parse only (cJSON's hooks are global; vpcpath
 * runs one parse at a time), and nothing else allocates while they are. */

struct json_chunk {
	struct json_chunk *next;
	size_t used, cap;
	max_align_t data[]; /* cap bytes */
};

struct json_arena {
	struct json_chunk *head;
	size_t total;        /* bytes of all chunks: the next is as large, up to a cap */
	bool out_of_memory;  /* a chunk could not be had: cJSON stopped there */
};

#define ARENA_FIRST_CHUNK ((size_t)64 << 10)
#define ARENA_MAX_CHUNK ((size_t)64 << 20)

static struct json_arena *arena_now; /* the arena of the parse under way */

static void *json_arena_alloc(size_t size)
{
	struct json_arena *a = arena_now;
	size = (size + 7) & ~(size_t)7; /* nodes hold pointers; strings need no more */
	struct json_chunk *c = a->head;
	if (!c || c->cap - c->used < size) {
		size_t cap = a->total < ARENA_FIRST_CHUNK ? ARENA_FIRST_CHUNK :
			     a->total > ARENA_MAX_CHUNK ? ARENA_MAX_CHUNK : a->total;
		if (cap < size)
			cap = size;
		/* (pages of a chunk never written are not resident: a large last chunk
		 * costs address space, not memory) */
		c = malloc(sizeof(*c) + cap);
		if (!c) {
			a->out_of_memory = true; /* cJSON reports the parse as failed */
			return NULL;
		}
		c->next = a->head;
		c->used = 0;
		c->cap = cap;
		a->head = c;
		a->total += cap;
	}
	void *p = (char *)c->data + c->used;
	c->used += size;
	return p;
}

/* cJSON frees while parsing only what it allocated in the same parse (a string or a
 * partial tree on a syntax error): all of it in the arena, which goes as a whole. */
static void json_arena_release(void *p)
{
	(void)p;
}

void json_arena_free(struct json_arena *a)
{
	if (!a)
		return;
	for (struct json_chunk *c = a->head, *next; c; c = next) {
		next = c->next;
		free(c);
	}
	free(a);
}

/* cJSON's parse of f's text (after skip bytes), in an arena when I says so;
 * *out_of_memory: the parse failed for want of memory, not for the text. */
static cJSON *parse_tree(struct imp *I, struct src *f, size_t skip, const char **end,
			 bool *out_of_memory)
{
	*out_of_memory = false;
	if (!I->aws_cli_reader && !I->arena_tree)
		return cJSON_ParseWithLengthOpts(f->text + skip, f->len - skip + 1, end, 1);
	static cJSON_Hooks hooks = { json_arena_alloc, json_arena_release };
	struct json_arena *a = xcalloc(1, sizeof(*a));
	arena_now = a;
	cJSON_InitHooks(&hooks);
	cJSON *root = cJSON_ParseWithLengthOpts(f->text + skip, f->len - skip + 1, end, 1);
	cJSON_InitHooks(NULL);
	arena_now = NULL;
	if (!root) {
		*out_of_memory = a->out_of_memory;
		json_arena_free(a);
		return NULL;
	}
	f->arena = a;
	return root;
}

/* Where text stops being UTF-8 (len: it is): runs of ASCII, most of any AWS output,
 * are passed over eight bytes at a time. */
static size_t utf8_invalid_at(const char *text, size_t len)
{
	const unsigned char *p = (const unsigned char *)text;
	size_t i = 0;
	while (i < len) {
		while (i + 8 <= len) {
			uint64_t w;
			memcpy(&w, p + i, 8);
			if (w & UINT64_C(0x8080808080808080))
				break;
			i += 8;
		}
		while (i < len && p[i] < 0x80)
			i++;
		if (i == len)
			break;
		size_t n = str_utf8_len(p + i, len - i);
		if (!n)
			return i;
		i += n;
	}
	return len;
}

/* How many arrays and objects are open at text[n] (strings skipped): cJSON stops at the
 * bracket that opens one more than CJSON_NESTING_LIMIT, and says only "unexpected". */
static size_t json_depth_at(const char *text, size_t n)
{
	size_t depth = 0;
	bool in_string = false;
	for (size_t i = 0; i < n; i++) {
		char c = text[i];
		if (in_string) {
			if (c == '\\')
				i++;
			else if (c == '"')
				in_string = false;
		} else if (c == '"')
			in_string = true;
		else if (c == '{' || c == '[')
			depth++;
		else if ((c == '}' || c == ']') && depth)
			depth--;
	}
	return depth;
}

static bool key_read(const char *key, size_t len);

/* Parses f (its text read from f->path unless a reader set f->text and f->len);
 * on failure reports FILE:LINE:COL from cJSON's parse end. */
bool parse_file(struct imp *I, struct src *f)
{
	const char *err = NULL;
	if (!f->text) /* (a reader may have read it already: terraform.c recognise) */
		f->text = read_file(f->path, MAX_JSON_FILE, &f->len, &err);
	if (!f->text) {
		diag_add(I->diags, DIAG_ERROR, f->path, 0, 0, NULL, "cannot read: %s", err);
		return false;
	}
	const unsigned char *u = (const unsigned char *)f->text;
	size_t skip = 0;
	if (f->len >= 2 && ((u[0] == 0xFF && u[1] == 0xFE) || (u[0] == 0xFE && u[1] == 0xFF))) {
		diag_add(I->diags, DIAG_ERROR, f->path, 1, 1, NULL, "the file is UTF-16 (as Windows "
			 "PowerShell's '>' writes it); save the AWS CLI output as UTF-8");
		return false;
	}
	if (f->len >= 3 && u[0] == 0xEF && u[1] == 0xBB && u[2] == 0xBF)
		skip = 3; /* a UTF-8 byte order mark */
	f->skip = skip;
	if (memchr(f->text, '\0', f->len)) {
		size_t off = (size_t)((const char *)memchr(f->text, '\0', f->len) - f->text);
		unsigned line, col;
		offset_loc(f->text, off, &line, &col);
		diag_add(I->diags, DIAG_ERROR, f->path, line, col, NULL,
			 "a NUL byte: this is not a JSON text file");
		return false;
	}
	size_t bad = utf8_invalid_at(f->text, f->len);
	if (bad < f->len) {
		/* the AWS CLI writes UTF-8, and so must the topology (libyaml refuses the rest) */
		unsigned line, col;
		offset_loc(f->text, bad, &line, &col);
		diag_add(I->diags, DIAG_ERROR, f->path, line, col, NULL, "invalid UTF-8 (byte 0x%02X): "
			 "AWS CLI output is UTF-8; was the file converted to another encoding?",
			 (unsigned char)f->text[bad]);
		return false;
	}
	size_t i = skip;
	while (i < f->len && isspace((unsigned char)f->text[i]))
		i++;
	if (i == f->len) {
		diag_add(I->diags, DIAG_ERROR, f->path, 1, 1, NULL, "empty file: expected the JSON an "
			 "AWS CLI command prints (did the command that wrote it fail?)");
		return false;
	}
	const char *end = NULL;
	if (I->aws_cli_reader)
		f->skimmed_items = skim_unread_values(f->text + skip, f->len - skip,
						      key_read).dropped_items;
	else if (I->skim_text)
		I->skim_text(I, f->text + skip, f->len - skip);
	bool out_of_memory;
	f->root = parse_tree(I, f, skip, &end, &out_of_memory);
	if (!f->root && out_of_memory) {
		diag_add(I->diags, DIAG_ERROR, f->path, 0, 0, NULL, "out of memory while parsing "
			 "the file (%zu bytes)", f->len);
		return false;
	}
	if (!f->root) {
		size_t off = end ? (size_t)(end - f->text) : 0;
		if (off > f->len)
			off = f->len;
		unsigned line, col;
		size_t k = off;
		while (k < f->len && isspace((unsigned char)f->text[k]))
			k++;
		/* cJSON's parse end is sometimes one past the character it stopped at */
		if (k < f->len && off > skip && isspace((unsigned char)f->text[off]))
			while (off > skip && isspace((unsigned char)f->text[off]))
				off--;
		offset_loc(f->text, off, &line, &col);
		if (k >= f->len) {
			diag_add(I->diags, DIAG_ERROR, f->path, line, col, NULL,
				 "invalid JSON: the text ends early (a truncated file?)");
		} else {
			/* the file may not be JSON at all (a link's target, a secret): only a
			 * character of JSON's own syntax is quoted, never other content */
			char c = f->text[off];
			if ((c == '{' || c == '[') &&
			    json_depth_at(f->text + skip, off - skip) >= CJSON_NESTING_LIMIT)
				diag_add(I->diags, DIAG_ERROR, f->path, line, col, NULL, "invalid JSON: "
					 "nested more than %d levels deep here (the limit of the JSON "
					 "parser; no AWS CLI or Terraform output nests so deep)",
					 CJSON_NESTING_LIMIT);
			else if (c && strchr("{}[]:,\"", c))
				diag_add(I->diags, DIAG_ERROR, f->path, line, col, NULL, "invalid JSON: "
					 "unexpected '%c'", c);
			else
				diag_add(I->diags, DIAG_ERROR, f->path, line, col, NULL, "invalid JSON: "
					 "unexpected text (is this a JSON file?)");
		}
		return false;
	}
	check_json_quirks(I, f);
	return true;
}

static void add_array(struct imp *I, struct src *f, const cJSON *arr, enum rk k,
		      const char *idkey)
{
	const cJSON *it;
	if (cJSON_IsObject(arr)) {
		/* one object where the CLI prints a list of them */
		if (!res_add(I, k, jstr(arr, idkey), arr, f))
			imp_warn(I, f, obj_near(arr), "an item of %s without %s; skipped", rk_what[k],
				 idkey);
		return;
	}
	bool objects = false;
	size_t others = 0;
	cJSON_ArrayForEach(it, arr)
		objects |= cJSON_IsObject(it);
	cJSON_ArrayForEach(it, arr)
	{
		const char *id = jstr(it, idkey);
		if (!id) {
			if (cJSON_IsObject(it))
				imp_warn(I, f, obj_near(it), "an item of %s without %s; skipped",
					 rk_what[k], idkey);
			else if (!others++ && !objects)
				/* (in a list that also holds objects, check_mixed_list said so) */
				imp_warn_item(I, f, it,
					 "%d items of %s that are not objects (the first is %s); skipped",
					 cJSON_GetArraySize(arr) + (int)f->skimmed_items, rk_what[k],
					 json_type_name(it));
			continue;
		}
		res_add(I, k, id, it, f);
	}
}

/* Output of a command that does not name its subject: the subject from a key of the
 * document, else from the path. */
static const char *subject(struct imp *I, struct src *f, const char *key, const char *prefix)
{
	const char *s = jstr(f->root, key);
	return s ? s : id_in_path(I, f, prefix);
}

static void read_prefix_lists(struct imp *I, struct src *f, const cJSON *arr)
{
	const cJSON *it;
	cJSON_ArrayForEach(it, arr)
	{
		const char *id = jstr(it, "PrefixListId");
		if (!id)
			continue;
		/* describe-prefix-lists (Cidrs) and describe-managed-prefix-lists (AddressFamily,
		 * OwnerId) share the key PrefixLists */
		if (jget(it, "Cidrs") || !jget(it, "AddressFamily"))
			res_add(I, RK_PL_OLD, id, it, f);
		else
			res_add(I, RK_PL, id, it, f);
	}
}

static void read_reservations(struct imp *I, struct src *f, const cJSON *arr)
{
	const cJSON *r;
	cJSON_ArrayForEach(r, arr)
	{
		const cJSON *in;
		const char *owner = jstr(r, "OwnerId");
		cJSON_ArrayForEach(in, jarr(r, "Instances"))
		{
			struct res *x = res_add(I, RK_INST, jstr(in, "InstanceId"), in, f);
			if (x)
				x->aux = owner;
		}
	}
}

/* A resource policy: a JSON string (s3api get-bucket-policy, dynamodb
 * get-resource-policy) or the document itself. */
static void read_policy(struct imp *I, struct src *f, const cJSON *pol)
{
	cJSON *doc = NULL;
	const cJSON *use = pol;
	if (cJSON_IsString(pol)) {
		const char *end = NULL;
		doc = cJSON_ParseWithOpts(pol->valuestring, &end, 1);
		if (!doc) {
			unsigned line, col;
			src_locate(f, "Policy", &line, &col);
			diag_add(I->diags, DIAG_ERROR, f->path, line, col, NULL,
				 "the Policy string is not valid JSON (at offset %zu of the policy)",
				 end ? (size_t)(end - pol->valuestring) : 0);
			return;
		}
		own_json(I, doc);
		use = doc;
	}
	if (!cJSON_IsObject(use)) {
		imp_warn(I, f, "Policy", "Policy is not a policy document; skipped");
		return;
	}
	/* which service: DynamoDB's get-resource-policy carries a RevisionId, and its ARNs
	 * are arn:aws:dynamodb */
	const char *text = cJSON_IsString(pol) ? pol->valuestring : NULL;
	char *printed = text ? NULL : cJSON_PrintUnformatted(use);
	const char *t = text ? text : printed;
	bool dynamo = jget(f->root, "RevisionId") ||
		      (t && strstr(t, "arn:aws:dynamodb:") && !strstr(t, "arn:aws:s3:::"));
	free(printed);
	/* the subject ("?" for now) is found in pass 2, when the bucket and table names are
	 * known */
	res_add(I, dynamo ? RK_TABLE_POLICY : RK_BUCKET_POLICY, "?", use, f);
}

struct keyh {
	const char *key;
	enum rk kind;
	const char *idkey; /* NULL: a special reader */
};

static const struct keyh key_handlers[] = {
	{ "Vpcs", RK_VPC, "VpcId" },
	{ "Subnets", RK_SUBNET, "SubnetId" },
	{ "RouteTables", RK_RTB, "RouteTableId" },
	{ "InternetGateways", RK_IGW, "InternetGatewayId" },
	{ "EgressOnlyInternetGateways", RK_EIGW, "EgressOnlyInternetGatewayId" },
	{ "NatGateways", RK_NAT, "NatGatewayId" },
	{ "VpcEndpoints", RK_EP, "VpcEndpointId" },
	{ "PrefixLists", RK_PL, NULL },
	{ "ManagedPrefixLists", RK_PL, NULL },
	{ "Entries", RK_PL_ENTRIES, NULL },
	{ "PrefixListEntries", RK_PL_ENTRIES, NULL },
	{ "SecurityGroups", RK_SG, "GroupId" },
	{ "SecurityGroupRules", RK_SG_RULE, "SecurityGroupRuleId" },
	{ "NetworkAcls", RK_NACL, "NetworkAclId" },
	{ "Reservations", RK_INST, NULL },
	{ "Instances", RK_INST, "InstanceId" },
	{ "NetworkInterfaces", RK_ENI, "NetworkInterfaceId" },
	{ "Addresses", RK_EIP, "PublicIp" },
	{ "AvailabilityZones", RK_AZ, "ZoneName" },
	{ "VpcPeeringConnections", RK_PCX, "VpcPeeringConnectionId" },
	{ "TransitGateways", RK_TGW, "TransitGatewayId" },
	{ "TransitGatewayAttachments", RK_TGW_ATT, "TransitGatewayAttachmentId" },
	{ "TransitGatewayVpcAttachments", RK_TGW_VPC_ATT, "TransitGatewayAttachmentId" },
	{ "TransitGatewayPeeringAttachments", RK_TGW_PEER_ATT, "TransitGatewayAttachmentId" },
	{ "TransitGatewayRouteTables", RK_TGW_RTB, "TransitGatewayRouteTableId" },
	{ "Routes", RK_TGW_ROUTES, NULL },
	{ "TransitGatewayRouteTablePropagations", RK_TGW_PROPS, NULL },
	{ "Associations", RK_TGW_ASSOCS, NULL },
	{ "VpnGateways", RK_VGW, "VpnGatewayId" },
	{ "VpnConnections", RK_VPN, "VpnConnectionId" },
	{ "Buckets", RK_BUCKET, "Name" },
	{ "Policy", RK_BUCKET_POLICY, NULL },
	{ "Statement", RK_BUCKET_POLICY, NULL },
	{ "LocationConstraint", RK_BUCKET_LOC, NULL },
	{ "Table", RK_TABLE, NULL },
	{ "TableNames", RK_TABLE, NULL },
	{ "InstanceProfiles", RK_PROFILE, "Arn" },
	{ "InstanceProfile", RK_PROFILE, NULL },
	{ "Roles", RK_ROLE, "Arn" },             /* aws iam list-roles */
	{ "Role", RK_ROLE, NULL },               /* aws iam get-role */
	{ "EnableDnsSupport", RK_VPC_DNS, NULL },
};

/* Whether a top-level key's value is read (skim.c blanks the others). */
static bool key_read(const char *key, size_t len)
{
	for (size_t i = 0; i < sizeof(key_handlers) / sizeof(key_handlers[0]); i++)
		if (strlen(key_handlers[i].key) == len && !memcmp(key_handlers[i].key, key, len))
			return true;
	return false;
}

/* AWS CLI outputs that carry nothing a trace needs: read without a word. */
static const char *const quiet_keys[] = {
	"NextToken", "Owner", "RevisionId", "AdditionalRoutesAvailable", "ResponseMetadata",
	"Marker", "IsTruncated", "ContinuationToken", "Prefix", "VpcId", "PrefixListId",
	"TransitGatewayRouteTableId", "Bucket", "Version", "Id", "EnableDnsHostnames", NULL
};

static bool read_key(struct imp *I, struct src *f, const struct keyh *h, const cJSON *v)
{
	switch (h->kind) {
	case RK_PL:
		if (!cJSON_IsArray(v))
			return false;
		read_prefix_lists(I, f, v);
		return true;
	case RK_PL_ENTRIES: {
		if (!cJSON_IsArray(v))
			return false;
		const char *pl = subject(I, f, "PrefixListId", "pl-");
		if (!pl) {
			imp_warn(I, f, h->key, "prefix list entries without a prefix list id (expected a pl-… "
				 "id in the file or folder name, e.g. prefix-list-entries/pl-0abc.json); "
				 "skipped");
			return true;
		}
		res_add(I, RK_PL_ENTRIES, pl, v, f);
		return true;
	}
	case RK_INST:
		if (!cJSON_IsArray(v))
			return false;
		if (!h->idkey)
			read_reservations(I, f, v);
		else
			add_array(I, f, v, RK_INST, "InstanceId");
		return true;
	case RK_TGW_ROUTES:
	case RK_TGW_PROPS:
	case RK_TGW_ASSOCS: {
		if (!cJSON_IsArray(v))
			return false;
		const char *rtb = subject(I, f, "TransitGatewayRouteTableId", "tgw-rtb-");
		if (!rtb) {
			imp_warn(I, f, h->key, "%s without a transit gateway route table id (expected a "
				 "tgw-rtb-… id in the file or folder name); skipped", h->key);
			return true;
		}
		res_add(I, h->kind, rtb, v, f);
		return true;
	}
	case RK_BUCKET_POLICY:
		read_policy(I, f, !strcmp(h->key, "Statement") ? f->root : v);
		return true;
	case RK_BUCKET_LOC:
		res_add(I, RK_BUCKET_LOC, "?", v, f);
		return true;
	case RK_TABLE:
		if (!strcmp(h->key, "Table")) {
			res_add(I, RK_TABLE, jstr(v, "TableName"), v, f);
		} else {
			const cJSON *it;
			cJSON_ArrayForEach(it, v)
				if (cJSON_IsString(it))
					res_add(I, RK_TABLE, it->valuestring, it, f);
		}
		return true;
	case RK_PROFILE:
	case RK_ROLE:
		if (!h->idkey)
			res_add(I, h->kind, jstr(v, "Arn"), v, f);
		else
			add_array(I, f, v, h->kind, "Arn");
		return true;
	case RK_VPC_DNS: {
		const char *vpc = subject(I, f, "VpcId", "vpc-");
		if (!vpc)
			imp_warn(I, f, h->key, "EnableDnsSupport without a VpcId; skipped");
		else
			res_add(I, RK_VPC_DNS, vpc, v, f);
		return true;
	}
	default:
		if (!cJSON_IsArray(v) && !(cJSON_IsObject(v) && jstr(v, h->idkey)))
			return false;
		add_array(I, f, v, h->kind, h->idkey);
		return true;
	}
}

/* One transit gateway route table's outputs in a collector's wrapper: an object
 * naming the table beside what search-transit-gateway-routes (Routes),
 * get-transit-gateway-route-table-propagations (TransitGatewayRouteTablePropagations)
 * or get-transit-gateway-route-table-associations (Associations) printed for it
 * (Batfish's TransitGatewayStaticRoutes.json and TransitGatewayPropagations.json hold
 * a list of them), F1.14. */
static const struct { const char *key; enum rk kind; } tgw_table_outputs[] = {
	{ "Routes", RK_TGW_ROUTES },
	{ "TransitGatewayRouteTablePropagations", RK_TGW_PROPS },
	{ "Associations", RK_TGW_ASSOCS },
};

static bool tgw_table_item(const cJSON *it)
{
	if (!jstr(it, "TransitGatewayRouteTableId"))
		return false;
	for (size_t i = 0; i < sizeof(tgw_table_outputs) / sizeof(tgw_table_outputs[0]); i++)
		if (jarr(it, tgw_table_outputs[i].key))
			return true;
	return false;
}

/* A list (not empty) whose every item is such a wrapper: recognised by its content,
 * whatever the key or file is called. */
static bool tgw_table_list(const cJSON *v)
{
	const cJSON *it;
	if (!cJSON_IsArray(v) || !v->child)
		return false;
	cJSON_ArrayForEach(it, v)
		if (!tgw_table_item(it))
			return false;
	return true;
}

static void read_tgw_table_list(struct imp *I, struct src *f, const cJSON *v)
{
	const cJSON *it;
	cJSON_ArrayForEach(it, v)
		for (size_t i = 0; i < sizeof(tgw_table_outputs) / sizeof(tgw_table_outputs[0]); i++) {
			const cJSON *arr = jarr(it, tgw_table_outputs[i].key);
			if (arr)
				res_add(I, tgw_table_outputs[i].kind,
					jstr(it, "TransitGatewayRouteTableId"), arr, f);
		}
}

/* A member name as AWS prints them: letters and digits, starting with a letter.  EC2,
 * S3 and IAM write UpperCamelCase (Vpcs, Buckets); the services that speak JSON with
 * lowerCamelCase members write that (CloudTrail's trailList, ECS's clusterArns, ECR's
 * repositories, Access Analyzer's analyzers, Config's configurationItems).  Both are
 * AWS CLI output; a name with an underscore or other punctuation (Terraform's
 * terraform_version, a tool's snake_case) is not. */
static bool member_name(const char *k)
{
	if (!k || !isalpha((unsigned char)k[0]))
		return false;
	for (; *k; k++)
		if (!isalnum((unsigned char)*k))
			return false;
	return true;
}

void classify(struct imp *I, struct src *f)
{
	const cJSON *root = f->root;
	if (tgw_table_list(root)) {
		read_tgw_table_list(I, f, root);
		I->recognised++;
		return;
	}
	if (!cJSON_IsObject(root)) {
		imp_error(I, f, NULL, "not AWS CLI output: the top level is %s, not an object such as "
			  "{\"Vpcs\": [...]}%s", cJSON_IsArray(root) ? "an array" :
			  cJSON_IsString(root) ? "a string" : cJSON_IsNumber(root) ? "a number" :
			  "a literal", cJSON_IsArray(root) ? " (was the output cut down with --query? "
			  "import reads it whole)" : "");
		return;
	}
	/* one page of a listing that continues (the CLI prints NextToken with --max-items
	 * or --no-paginate; IAM prints IsTruncated) */
	f->more_pages = jstr(root, "NextToken") || jbool(root, "IsTruncated", false);
	bool any = false, tried = false, other = false, cfn = false;
	const cJSON *k;
	cJSON_ArrayForEach(k, root)
	{
		if (!member_name(k->string))
			other = true;
		if (!strcmp(k->string, "AWSTemplateFormatVersion") ||
		    (!strcmp(k->string, "Resources") && cJSON_IsObject(k)))
			cfn = true;
	}
	if (other || cfn || !root->child) {
		char keys[256] = "";
		size_t n = 0;
		cJSON_ArrayForEach(k, root)
		{
			if (n + strlen(k->string) + 4 >= sizeof(keys))
				break;
			n += (size_t)snprintf(keys + n, sizeof(keys) - n, "%s\"%s\"", n ? ", " : "",
					      k->string);
		}
		unsigned line = 1, col = 1;
		if (root->child)
			src_locate(f, root->child->string, &line, &col);
		diag_add(I->diags, DIAG_ERROR, f->path, line, col, NULL,
			 "not AWS CLI output%s (top-level keys: %s); expected the JSON an AWS CLI "
			 "command prints, such as aws ec2 describe-vpcs: {\"Vpcs\": [...]}",
			 cfn ? " but a CloudFormation template" : "", n ? keys : "none");
		return;
	}
	for (size_t i = 0; i < sizeof(key_handlers) / sizeof(key_handlers[0]); i++) {
		const cJSON *v = jget(root, key_handlers[i].key);
		if (!v)
			continue;
		/* s3api get-bucket-policy's {"Policy": "..."} vs a policy document's Version */
		if (!strcmp(key_handlers[i].key, "Statement") && jget(root, "Policy"))
			continue;
		if (!strcmp(key_handlers[i].key, "EnableDnsSupport") && !cJSON_IsObject(v))
			continue;
		tried = true;
		if (read_key(I, f, &key_handlers[i], v)) {
			/* read, even when the listing is empty: the output was collected */
			I->have[key_handlers[i].kind] = true;
			f->kinds |= (uint64_t)1 << key_handlers[i].kind;
			any = true;
		}
		else
			imp_warn(I, f, key_handlers[i].key, "%s has an unexpected shape (%s); ignored",
				 key_handlers[i].key, cJSON_IsObject(v) ? "an object" : "not a list");
	}
	cJSON_ArrayForEach(k, root)
		if (tgw_table_list(k)) {
			read_tgw_table_list(I, f, k);
			tried = any = true;
		}
	if (any)
		I->recognised++;
	if (tried)
		return;
	cJSON_ArrayForEach(k, root)
	{
		bool q = false;
		for (size_t i = 0; quiet_keys[i]; i++)
			if (!strcmp(k->string, quiet_keys[i]))
				q = true;
		if (!q) {
			imp_warn(I, f, k->string, "\"%s\" is AWS CLI output that vpcpath does not use; "
				 "ignored", k->string);
			return;
		}
	}
}
