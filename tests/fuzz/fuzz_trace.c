/* fuzz_trace.c - libFuzzer harness for trace and its output: a fuzzed topology, when it
 * loads, is traced from a few of its sources to a few destinations, and every result
 * is rendered as text and as JSON.
 *
 * Invariants beyond "no crash": the JSON form parses (cJSON) and is UTF-8; the text
 * form holds no raw control character other than newline (no ESC, no C1 such as
 * CSI, no invalid UTF-8 byte): names, tags and policies come from untrusted files.
 * Each flow is also traced as check's all_pairs does (brief, through a route memo
 * shared by the input's traces), and must give the full trace's verdict, reason, path,
 * hops and places.
 * Seeds: the topology seeds (tests/fuzz/corpus/topology).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "vpcpath/addr.h"
#include "vpcpath/diag.h"
#include "vpcpath/out.h"
#include "vpcpath/topo.h"
#include "vpcpath/trace.h"

#ifndef FUZZ_POLICY_DIR
#define FUZZ_POLICY_DIR "configs/examples"
#endif

#define MAX_TRACES 12

static void check_utf8_clean(const char *buf, size_t n, bool allow_tab, const char *what)
{
	const unsigned char *p = (const unsigned char *)buf, *end = p + n;
	while (p < end) {
		unsigned char c = *p;
		if ((c < 0x20 && c != '\n' && !(allow_tab && c == '\t')) || c == 0x7f) {
			fprintf(stderr, "fuzz_trace: raw control 0x%02x in %s output at %zu\n", c, what,
				(size_t)(p - (const unsigned char *)buf));
			abort();
		}
		if (c < 0x80) {
			p++;
			continue;
		}
		size_t len = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc2 ? 2 : 0;
		bool ok = len && c <= 0xf4 && (size_t)(end - p) >= len;
		for (size_t i = 1; ok && i < len; i++)
			ok = (p[i] & 0xc0) == 0x80;
		if (ok && c == 0xc2 && p[1] < 0xa0 && !allow_tab)
			ok = false; /* a C1 control in the text output */
		if (!ok) {
			fprintf(stderr, "fuzz_trace: invalid UTF-8 or C1 control in %s output at %zu\n",
				what, (size_t)(p - (const unsigned char *)buf));
			abort();
		}
		p += len;
	}
}

static bool same_str(const char *a, const char *b)
{
	return (!a && !b) || (a && b && !strcmp(a, b));
}

static bool same_hops(const struct trace_hop *a, size_t na, const struct trace_hop *b, size_t nb)
{
	if (na != nb)
		return false;
	for (size_t i = 0; i < na; i++)
		if (!same_str(a[i].kind, b[i].kind) || !same_str(a[i].id, b[i].id) ||
		    a[i].result != b[i].result || a[i].rule != b[i].rule ||
		    a[i].deciding != b[i].deciding || !same_str(a[i].where, b[i].where))
			return false;
	return true;
}

/* A brief trace answers as the full one (trace.h, check's all_pairs relies on it). */
static void check_brief(const struct trace_result *f, const struct trace_result *b)
{
	if (f->verdict != b->verdict || !same_str(f->reason_code, b->reason_code) ||
	    f->reason_hop != b->reason_hop || !same_str(f->path, b->path) ||
	    !same_str(f->via_id, b->via_id) || !same_hops(f->hops, f->nhops, b->hops, b->nhops) ||
	    !same_hops(f->return_hops, f->nreturn_hops, b->return_hops, b->nreturn_hops)) {
		fprintf(stderr, "fuzz_trace: the brief trace differs: %s %s %s (full) vs %s %s %s\n",
			trace_verdict_name(f->verdict), f->reason_code ? f->reason_code : "-", f->path,
			trace_verdict_name(b->verdict), b->reason_code ? b->reason_code : "-", b->path);
		abort();
	}
}

static void render(const struct trace_result *r)
{
	struct out_options oo = { .color = false };
	char *buf = NULL;
	size_t n = 0;
	FILE *f = open_memstream(&buf, &n);
	out_text.trace(f, r, &oo);
	fclose(f);
	check_utf8_clean(buf, n, false, "text");
	free(buf);

	buf = NULL;
	n = 0;
	f = open_memstream(&buf, &n);
	out_json.trace(f, r, &oo);
	fclose(f);
	/* JSON: tabs are layout, C1 characters are allowed raw by JSON */
	check_utf8_clean(buf, n, true, "json");
	cJSON *doc = cJSON_ParseWithLength(buf, n);
	if (!doc) {
		fprintf(stderr, "fuzz_trace: JSON output does not parse:\n%.*s\n", (int)n, buf);
		abort();
	}
	cJSON_Delete(doc);
	free(buf);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct diag_list diags = { 0 };
	struct topo_load_options opt = { .allow_outside_paths = false };
	char *in = malloc(size ? size : 1);
	if (size)
		memcpy(in, data, size);
	struct topology *t = topo_load_buffer("fuzz.yaml", FUZZ_POLICY_DIR, in, size, &opt, &diags);
	diag_list_clear(&diags);
	free(in);
	if (!t)
		return 0;

	const char *srcs[4];
	size_t nsrc = 0;
	const char *dsts[MAX_TRACES];
	size_t ndst = 0;
	char ipbuf[4][NET_ADDRSTRLEN + 8];
	size_t nip = 0;
	for (size_t v = 0; v < t->nvpcs; v++)
		for (size_t i = 0; i < t->vpcs[v].ninstances; i++) {
			const struct topo_instance *in_ = &t->vpcs[v].instances[i];
			if (nsrc < 3 && in_->id)
				srcs[nsrc++] = in_->id;
			if (nip < 2 && in_->has_private_ip)
				dsts[ndst++] = net_addr_str(&in_->private_ip, ipbuf[nip++]);
		}
	if (t->non_premises && t->on_premises[0].id && nsrc < 4)
		srcs[nsrc++] = t->on_premises[0].id;
	if (nsrc == 0)
		srcs[nsrc++] = "internet:198.51.100.7";
	char bucket[300], table[300];
	if (t->nbuckets && t->buckets[0].name && strlen(t->buckets[0].name) < 250) {
		snprintf(bucket, sizeof(bucket), "s3://%s/k", t->buckets[0].name);
		dsts[ndst++] = bucket;
	} else {
		dsts[ndst++] = "s3://data-bucket/x";
	}
	if (t->ntables && t->tables[0].name && strlen(t->tables[0].name) < 250) {
		snprintf(table, sizeof(table), "dynamodb://%s", t->tables[0].name);
		dsts[ndst++] = table;
	}
	dsts[ndst++] = "8.8.8.8:53";

	size_t ntraces = 0;
	struct trace_memo *memo = trace_memo_new();
	for (size_t s = 0; s < nsrc; s++)
		for (size_t d = 0; d < ndst && ntraces < MAX_TRACES; d++, ntraces++) {
			struct trace_query q = { .from = srcs[s], .to = dsts[d], .protocol = 6,
						 .port = 443, .icmp_type = -1, .icmp_code = -1,
						 .source_port = -1 };
			if (d == ndst - 1) {
				q.protocol = 17;
				q.port = 53;
			}
			struct diag_list td = { 0 };
			struct trace_result *r = trace_run(t, &q, &td);
			diag_list_clear(&td);
			q.brief = true;
			q.memo = memo;
			struct trace_result *b = trace_run(t, &q, &td);
			diag_list_clear(&td);
			if (!r != !b) {
				fprintf(stderr, "fuzz_trace: only one of the full and brief traces ran\n");
				abort();
			}
			if (r) {
				render(r);
				check_brief(r, b);
				trace_result_free(r);
				trace_result_free(b);
			}
		}
	trace_memo_free(memo);
	topo_free(t);
	return 0;
}
