/* yaml_out.c - pass 3's writer: libyaml's emitter into a growing buffer, scalars
 * quoted when a YAML reader would take them for something other than a string, JSON
 * values (policies) as YAML, and each resource's name and tags. */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "internal.h"

int ybuf_write(void *data, unsigned char *buf, size_t size)
{
	struct ybuf *b = data;
	if (b->len + size + 1 > b->cap) {
		while (b->len + size + 1 > b->cap)
			b->cap = b->cap ? b->cap * 2 : 65536;
		b->p = xrealloc(b->p, b->cap);
	}
	memcpy(b->p + b->len, buf, size);
	b->len += size;
	b->p[b->len] = '\0';
	return 1;
}

void y_event(struct yem *y, yaml_event_t *ev, int ok)
{
	if (!ok) {
		y->failed = true;
		return;
	}
	if (y->failed) {
		yaml_event_delete(ev);
		return;
	}
	if (!yaml_emitter_emit(&y->e, ev))
		y->failed = true;
}

void y_map(struct yem *y, bool flow)
{
	yaml_event_t ev;
	y_event(y, &ev, yaml_mapping_start_event_initialize(&ev, NULL, NULL, 1,
			flow ? YAML_FLOW_MAPPING_STYLE : YAML_BLOCK_MAPPING_STYLE));
}

void y_mend(struct yem *y)
{
	yaml_event_t ev;
	y_event(y, &ev, yaml_mapping_end_event_initialize(&ev));
}

void y_seq(struct yem *y, bool flow)
{
	yaml_event_t ev;
	y_event(y, &ev, yaml_sequence_start_event_initialize(&ev, NULL, NULL, 1,
			flow ? YAML_FLOW_SEQUENCE_STYLE : YAML_BLOCK_SEQUENCE_STYLE));
}

void y_send(struct yem *y)
{
	yaml_event_t ev;
	y_event(y, &ev, yaml_sequence_end_event_initialize(&ev));
}

static bool all_digits(const char *s, size_t n, bool underscore)
{
	if (!n)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!isdigit((unsigned char)s[i]) && !(underscore && s[i] == '_'))
			return false;
	return true;
}

/* Would a plain scalar with this text be read as something other than a string (null,
 * a boolean, a number, a date) by a YAML 1.1 or 1.2 reader?  Then it is quoted; the
 * emitter itself decides whether the text needs quoting as YAML syntax. */
static bool resolves_to_non_string(const char *s)
{
	static const char *const words[] = {
		"null", "Null", "NULL", "~", "true", "True", "TRUE", "false", "False", "FALSE",
		"yes", "Yes", "YES", "no", "No", "NO", "on", "On", "ON", "off", "Off", "OFF",
		"y", "Y", "n", "N", ".inf", ".Inf", ".INF", "-.inf", "-.Inf", "-.INF", "+.inf",
		".nan", ".NaN", ".NAN", "<<", "=", NULL
	};
	size_t n = strlen(s);
	if (!n)
		return true;
	for (size_t i = 0; words[i]; i++)
		if (!strcmp(s, words[i]))
			return true;
	const char *p = s;
	if (*p == '+' || *p == '-')
		p++;
	size_t m = strlen(p);
	if (!m)
		return false;
	/* 0x…, 0o…, 0b… */
	if (m > 2 && p[0] == '0' && strchr("xXoObB", p[1])) {
		for (size_t i = 2; i < m; i++)
			if (!isxdigit((unsigned char)p[i]) && p[i] != '_')
				return false;
		return true;
	}
	/* integers, floats with optional exponent, sexagesimal (1:20) */
	bool digit = false, dot = false, exp = false;
	for (size_t i = 0; i < m; i++) {
		char c = p[i];
		if (isdigit((unsigned char)c) || c == '_') {
			digit = digit || isdigit((unsigned char)c);
		} else if (c == '.' && !dot && !exp) {
			dot = true;
		} else if ((c == 'e' || c == 'E') && digit && !exp) {
			exp = true;
			if (p[i + 1] == '+' || p[i + 1] == '-')
				i++;
			if (!isdigit((unsigned char)p[i + 1]))
				goto not_number;
		} else if (c == ':' && digit && !dot && !exp) {
			/* sexagesimal */
		} else {
			goto not_number;
		}
	}
	if (digit)
		return true;
not_number:
	/* dates and timestamps: 2012-10-17, 2012-10-17T12:00:00Z */
	if (n >= 8 && all_digits(s, 4, false) && s[4] == '-') {
		size_t i = 5, k = i;
		while (i < n && isdigit((unsigned char)s[i]))
			i++;
		if (i - k < 1 || i - k > 2 || i >= n || s[i] != '-')
			return false;
		k = ++i;
		while (i < n && isdigit((unsigned char)s[i]))
			i++;
		return i - k >= 1 && i - k <= 2 && (i == n || strchr("Tt \t", s[i]));
	}
	return false;
}

static void y_scalar(struct yem *y, const char *s, bool plain)
{
	yaml_event_t ev;
	yaml_scalar_style_t style = plain ? YAML_PLAIN_SCALAR_STYLE :
				    resolves_to_non_string(s) ? YAML_SINGLE_QUOTED_SCALAR_STYLE :
				    YAML_ANY_SCALAR_STYLE;
	y_event(y, &ev, yaml_scalar_event_initialize(&ev, NULL, NULL, (yaml_char_t *)s,
						      (int)strlen(s), 1, 1, style));
}

void y_str(struct yem *y, const char *s)
{
	y_scalar(y, s, false);
}

/* Opens the list `key` before its first item: a section with no items is not written.
 * *count counts the items (the caller closes the list with y_send when it is > 0). */
void y_section(struct yem *y, size_t *count, const char *key, bool flow)
{
	if ((*count)++ == 0) {
		y_str(y, key);
		y_seq(y, flow);
	}
}

void y_kstr(struct yem *y, const char *k, const char *v)
{
	if (!v)
		return;
	y_str(y, k);
	y_str(y, v);
}

void y_kbool(struct yem *y, const char *k, bool v)
{
	y_str(y, k);
	y_scalar(y, v ? "true" : "false", true);
}

void y_klong(struct yem *y, const char *k, long v)
{
	char buf[32];
	snprintf(buf, sizeof(buf), "%ld", v);
	y_str(y, k);
	y_scalar(y, buf, true);
}

/* A JSON number as written to YAML: an integer exactly, else 17 digits.  (The range
 * is checked first: converting inf or 1e300 to an integer is undefined.) */
const char *json_number_text(const cJSON *j, char *buf, size_t size)
{
	double d = j->valuedouble;
	if (d > -9007199254740992.0 && d < 9007199254740992.0 && d == (double)(long long)d)
		snprintf(buf, size, "%lld", (long long)d);
	else
		snprintf(buf, size, "%.17g", d);
	return buf;
}

/* A JSON value as YAML (policies): objects as block mappings, lists of scalars in flow. */
void y_json(struct yem *y, const cJSON *j)
{
	char buf[64];
	if (cJSON_IsObject(j)) {
		y_map(y, false);
		const cJSON *c;
		cJSON_ArrayForEach(c, j)
		{
			y_str(y, c->string);
			y_json(y, c);
		}
		y_mend(y);
	} else if (cJSON_IsArray(j)) {
		bool flat = true;
		const cJSON *c;
		cJSON_ArrayForEach(c, j)
			if (cJSON_IsObject(c) || cJSON_IsArray(c))
				flat = false;
		y_seq(y, flat);
		cJSON_ArrayForEach(c, j)
			y_json(y, c);
		y_send(y);
	} else if (cJSON_IsString(j)) {
		y_str(y, j->valuestring);
	} else if (cJSON_IsNumber(j)) {
		y_scalar(y, json_number_text(j, buf, sizeof(buf)), true);
	} else if (cJSON_IsBool(j)) {
		y_scalar(y, cJSON_IsTrue(j) ? "true" : "false", true);
	} else {
		y_scalar(y, "null", true);
	}
}

struct tag {
	const char *key, *value;
};

static int cmp_tag(const void *a, const void *b)
{
	return strcmp(((const struct tag *)a)->key, ((const struct tag *)b)->key);
}

/* Where a message about the string s points: at s when the file's index can find it
 * (strings of up to 512 bytes), else at the resource. */
static const char *near_str(const char *s, const struct res *r)
{
	return s && *s && strlen(s) <= 512 ? s : r->id;
}

/* Writes `name` (the Name tag, or what the caller took instead) and `tags`: every other
 * tag of r, sorted by key so that the output does not depend on the order the API
 * listed them in.  Each tag is checked as the loader checks it; one AWS could not
 * have printed (not a {Key, Value} of strings, a key twice, over AWS's lengths) is a
 * located error. */
void y_name_tags(struct imp *I, struct yem *y, const struct res *r, enum rk k,
		 const char *name)
{
	y_kstr(y, "name", name);
	const cJSON *arr = jget(r->j, "Tags"), *t;
	if (!arr || cJSON_IsNull(arr))
		return;
	if (!cJSON_IsArray(arr)) {
		imp_error(I, r->f, r->id, "%s %s: Tags is not a list of {\"Key\", \"Value\"}", rk_what[k],
			  r->id);
		return;
	}
	struct tag *v = xmalloc(((size_t)cJSON_GetArraySize(arr) + 1) * sizeof(*v));
	size_t n = 0;
	bool ok = true, own_name = false;
	cJSON_ArrayForEach(t, arr)
	{
		const cJSON *jk = jget(t, "Key"), *jv = jget(t, "Value");
		const char *why;
		if (!cJSON_IsString(jk) || !cJSON_IsString(jv)) {
			imp_error(I, r->f, r->id, "%s %s: a tag that is not {\"Key\": string, \"Value\": "
				  "string}", rk_what[k], r->id);
			ok = false;
			continue;
		}
		const char *key = jk->valuestring, *value = jv->valuestring;
		if ((why = topo_tag_key_problem(key, strlen(key)))) {
			imp_error(I, r->f, near_str(key, r), "%s %s: %s", rk_what[k], r->id, why);
			ok = false;
		} else if ((why = topo_tag_value_problem(value, strlen(value)))) {
			imp_error(I, r->f, near_str(value, r), "%s %s: '%s': %s", rk_what[k], r->id, key, why);
			ok = false;
		} else if (strcmp(key, "Name") != 0) {
			v[n++] = (struct tag){ key, value };
		} else if (name && strcmp(value, name) && topo_name_is_tf_address(name) &&
			   !own_name) {
			/* a plan's resource: named by its address, its own Name tag kept beside
			 * it (the first that differs) */
			own_name = true;
			v[n++] = (struct tag){ key, value };
		}
	}
	qsort(v, n, sizeof(*v), cmp_tag);
	for (size_t i = 1; i < n; i++)
		if (!strcmp(v[i].key, v[i - 1].key)) {
			imp_error(I, r->f, near_str(v[i].key, r), "%s %s: tag key '%s' is listed twice",
				  rk_what[k], r->id, v[i].key);
			ok = false;
		}
	if (ok && n) {
		y_str(y, "tags");
		y_map(y, false); /* in a flow mapping the emitter writes it in flow */
		for (size_t i = 0; i < n; i++) {
			y_str(y, v[i].key);
			y_str(y, v[i].value);
		}
		y_mend(y);
	}
	free(v);
}
