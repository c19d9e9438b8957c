/* tfsniff.c - what a -t file is, told by its content rather than its name: the
 * top-level keys of a JSON object, read in one streaming pass that allocates nothing,
 * so that `terraform show -json` output saved as `plan` (no .json) is read as
 * Terraform, and a state is told from a plan before its prior state is asked for. */
#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "loader.h"

/* the keys `terraform show -json` writes at the top, and which of them say "plan" */
static void note_key(struct tf_sniff *s, const char *key)
{
	if (!strcmp(key, "format_version"))
		s->format_version = true;
	else if (!strcmp(key, "terraform_version"))
		s->terraform_version = true;
	else if (!strcmp(key, "values"))
		s->values = true;
	else if (!strcmp(key, "planned_values"))
		s->planned_values = true;
	else if (!strcmp(key, "resource_changes"))
		s->resource_changes = true;
	else if (!strcmp(key, "prior_state"))
		s->prior_state = true;
}

bool tf_sniff_fd(int fd, size_t max, bool whole, struct tf_sniff *s)
{
	memset(s, 0, sizeof(*s));
	char buf[65536];
	char key[32];          /* a top-level key, as far as the known ones go */
	size_t keylen = 0, depth = 0, off = 0;
	bool started = false, in_string = false, escape = false, want_key = false;
	bool capturing = false;
	for (;;) {
		if (off >= max)
			return true;
		size_t want = sizeof(buf) < max - off ? sizeof(buf) : max - off;
		ssize_t n = pread(fd, buf, want, (off_t)off);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return n == 0;
		for (ssize_t i = 0; i < n; i++) {
			unsigned char c = (unsigned char)buf[i];
			if (!started) {
				/* blanks and a UTF-8 byte order mark before the object */
				if (c == ' ' || c == '\t' || c == '\n' || c == '\r' ||
				    (off + (size_t)i < 3 && c >= 0xBB))
					continue;
				if (c != '{')
					return true;
				started = s->json_object = true;
				depth = 1;
				want_key = true;
				continue;
			}
			if (in_string) {
				if (escape)
					escape = false;
				else if (c == '\\')
					escape = true;
				else if (c == '"') {
					in_string = false;
					if (capturing) {
						key[keylen < sizeof(key) ? keylen : sizeof(key) - 1] = '\0';
						if (keylen < sizeof(key))
							note_key(s, key);
						capturing = false;
					}
				} else if (capturing && keylen < sizeof(key))
					key[keylen++] = (char)c;
				continue;
			}
			switch (c) {
			case '"':
				in_string = true;
				capturing = depth == 1 && want_key;
				keylen = 0;
				want_key = false;
				break;
			case '{': case '[':
				depth++;
				break;
			case '}': case ']':
				if (--depth == 0) {
					s->complete = true;
					return true;
				}
				break;
			case ',':
				want_key = depth == 1;
				break;
			default:
				break;
			}
			if (!whole && tf_sniff_is_terraform(s))
				return true;
		}
		off += (size_t)n;
	}
}

bool tf_sniff_is_terraform(const struct tf_sniff *s)
{
	return s->json_object && s->format_version &&
	       (s->terraform_version || s->planned_values || s->values);
}

bool tf_sniff_is_plan(const struct tf_sniff *s)
{
	return s->planned_values || s->resource_changes || s->prior_state;
}
