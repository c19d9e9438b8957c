/* sarif.c - `vpcpath check -f sarif`: SARIF 2.1.0 (OASIS Static Analysis Results
 * Interchange Format), for code scanning dashboards.
 *
 * One run; tool.driver names vpcpath, its version and its rules (the two kinds of
 * assertion and every enabled compliance rule, each with a short and a full
 * description, help text and markdown, and a man: help URI); one
 * result per fault (check_report_faults: the place that decides several findings,
 * such as one route table sending many flows past their endpoint) and one per finding
 * that is a fault alone, level error or warning, located at the resource at fault in
 * the topology file (the deciding hop's FILE:LINE:COL), or at the assertion in the
 * assertions file when no resource is at fault.  A fault's result names the flows it
 * breaks in its message and as related locations (their lines in the assertions file),
 * and its fingerprint follows the fault (its rule and resource), not the flows: code
 * scanning keeps one alert for it while flows come and go.  Built with cJSON. */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "vpcpath/check.h"
#include "vpcpath/map.h"
#include "vpcpath/origins.h"
#include "vpcpath/out.h"

#ifndef VPCPATH_VERSION
#define VPCPATH_VERSION "unknown"
#endif

static const char assertion_desc[] =
	"A flow listed under flows: in the assertions file is not what it is expected to be "
	"(verdict, path or cost).";
static const char all_pairs_desc[] =
	"A flow of all_pairs (an instance to a declared bucket or table) is not what it is "
	"expected to be (verdict, path or cost).";

/* A relative path stays a relative URI reference (resolved against the repository
 * root by code scanning); an absolute path becomes a file: URI.  Characters outside
 * RFC 3986's unreserved set and '/' are percent-encoded. */
static char *path_uri(const char *path)
{
	size_t n = strlen(path);
	char *out = malloc(n * 3 + 8);
	if (!out)
		return NULL;
	size_t o = 0;
	if (path[0] == '/') {
		memcpy(out, "file://", 7);
		o = 7;
	}
	for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
		unsigned char c = *p;
		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		    c == '-' || c == '.' || c == '_' || c == '~' || c == '/') {
			out[o++] = (char)c;
		} else {
			snprintf(out + o, 4, "%%%02X", c);
			o += 3;
		}
	}
	out[o] = '\0';
	/* "./x" is the same file as "x" */
	while (!strncmp(out, "./", 2))
		memmove(out, out + 2, strlen(out + 2) + 1);
	return out;
}

static cJSON *text_obj(const char *text)
{
	cJSON *o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "text", text ? text : "");
	return o;
}

/* What code scanning shows beside an alert (the rule's help): why the rule exists,
 * what fixes a failure, the AWS facts it rests on (man 7 vpcpath-aws) and the man page
 * section that documents it, which is also the rule's helpUri.  The help URI is a man:
 * URI (RFC 3986 form of "man 1 vpcpath", the section as its fragment): the man page is
 * what ships with every copy of vpcpath, online or not. */
struct rule_help {
	const char *id;
	const char *name;      /* SARIF reportingDescriptor.name: PascalCase */
	const char *why;
	const char *fix;
	const char *facts;     /* fact ids of vpcpath-aws(7), or NULL */
	const char *section;   /* of vpcpath(1) */
};

static const struct rule_help rule_helps[] = {
	{ "assertion", "FlowAssertion",
	  "A flow listed under flows: in the assertions file was traced through the topology "
	  "and its verdict, path or cost is not what the file expects of it.",
	  "Change the topology at the place the result names (the deciding route, rule or "
	  "policy) so that the flow does what is expected, or change the expectation if the "
	  "network is meant to behave this way.",
	  NULL, "DESCRIPTION" },
	{ "all-pairs", "AllPairsAssertion",
	  "Flows of all_pairs (instances to the declared buckets and tables) are not what is "
	  "expected of them; one result stands for every flow with the same cause.",
	  "Change the resource at fault that the result names; every flow it lists is then "
	  "traced again by the next check.",
	  NULL, "DESCRIPTION" },
	{ "private-path", "PrivatePath",
	  "Traffic to an AWS service (S3, DynamoDB) leaves through a NAT gateway, an internet "
	  "gateway or an egress-only internet gateway: it reaches the service's public "
	  "endpoint, pays NAT processing, and no endpoint policy or aws:SourceVpce condition "
	  "applies to it.",
	  "Add a gateway endpoint for the service (or an interface endpoint) and associate it "
	  "with the source subnet's route table; if an endpoint exists, associate it.",
	  "F5.7, F2.1, F2.3", "COMPLIANCE RULES" },
	{ "endpoint-policy-scoped", "EndpointPolicyScoped",
	  "The VPC endpoint the flow uses has the default policy, full access: any principal "
	  "of any account may reach any bucket or table through it.",
	  "Attach an endpoint policy that allows only your buckets or tables (and, for a "
	  "gateway endpoint, your principals through aws:PrincipalArn).",
	  "F2.10, F7.1", "COMPLIANCE RULES" },
	{ "resource-pinned-to-endpoint", "ResourcePinnedToEndpoint",
	  "The bucket or table policy does not deny requests that come from outside your VPC "
	  "endpoint or VPC, so the data can be reached by other paths too.",
	  "Add a Deny statement with a StringNotEquals condition on aws:SourceVpce (or "
	  "aws:SourceVpc) to the bucket or table policy.",
	  "F2.12, F7.7", "COMPLIANCE RULES" },
	{ "tls-only", "TlsOnly",
	  "The flow does not use port 443, so the request is not sent over HTTPS.",
	  "Use the service's HTTPS endpoint (port 443); a bucket policy can also deny "
	  "requests with aws:SecureTransport false.",
	  "F7.9", "COMPLIANCE RULES" },
	{ "same-region", "SameRegion",
	  "The source and the service are in different Regions: the flow pays inter-Region "
	  "transfer and cannot use a gateway endpoint.",
	  "Use a bucket or table in the source's Region, or reach the other Region through an "
	  "interface endpoint where the service supports it.",
	  "F2.5, F3.6, F8.1", "COMPLIANCE RULES" },
	{ "same-az", "SameAvailabilityZone",
	  "The S3 Express One Zone directory bucket is in another Availability Zone than the "
	  "source, against AWS's advice to co-locate compute and storage.",
	  "Run the client in the bucket's zone, or use a directory bucket in the client's zone.",
	  "F4.1, F4.5", "COMPLIANCE RULES" },
	{ "no-cross-az-charge", "NoCrossAzCharge",
	  "The flow crosses Availability Zones (to a NAT gateway or an endpoint's network "
	  "interface in another zone) and pays inter-AZ transfer per GB.",
	  "Add a NAT gateway in the source's zone and route to it, or give the interface "
	  "endpoint a subnet in that zone and use its zonal DNS name.",
	  "F5.6, F3.3, F3.8", "COMPLIANCE RULES" },
	{ "max-cost-per-gb", "MaxCostPerGb",
	  "The flow costs more per GB than the rule allows.",
	  "Take the cheaper path the result names (usually a gateway endpoint, which is free), "
	  "or raise the rule's limit.",
	  "F2.1, F8.1", "COMPLIANCE RULES" },
};

static const struct rule_help *find_help(const char *id)
{
	for (size_t i = 0; i < sizeof(rule_helps) / sizeof(rule_helps[0]); i++)
		if (!strcmp(rule_helps[i].id, id))
			return &rule_helps[i];
	return NULL;
}

/* "man:vpcpath(1)#COMPLIANCE%20RULES" (caller frees) */
static char *man_uri(const char *section)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&buf, &len);
	if (!m)
		return NULL;
	fputs("man:vpcpath(1)#", m);
	for (const char *p = section; *p; p++) {
		if (*p == ' ')
			fputs("%20", m);
		else
			fputc(*p, m);
	}
	if (fclose(m) != 0) {
		free(buf);
		return NULL;
	}
	return buf;
}

/* help.text and help.markdown: the same content, plain and with emphasis */
static cJSON *help_obj(const char *id, const char *desc, const struct rule_help *h)
{
	const char *section = h ? h->section : "COMPLIANCE RULES";
	char *text = NULL, *md = NULL;
	size_t tlen = 0, mlen = 0;
	FILE *t = open_memstream(&text, &tlen);
	FILE *m = open_memstream(&md, &mlen);
	if (t && m) {
		if (h) {
			fprintf(t, "%s\n\nFix: %s\n", h->why, h->fix);
			fprintf(m, "%s\n\n**Fix:** %s\n", h->why, h->fix);
			if (h->facts) {
				fprintf(t, "\nAWS behaviour: %s (man 7 vpcpath-aws).\n", h->facts);
				fprintf(m, "\n**AWS behaviour:** %s (`man 7 vpcpath-aws`).\n", h->facts);
			}
		} else {
			fprintf(t, "%s\n", desc ? desc : id);
			fprintf(m, "%s\n", desc ? desc : id);
		}
		fprintf(t, "\nSee man 1 vpcpath, section %s.", section);
		fprintf(m, "\nSee `man 1 vpcpath`, section %s.", section);
	}
	bool ok = t && fclose(t) == 0;
	ok = m && fclose(m) == 0 && ok;
	cJSON *o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "text", ok && text ? text : (desc ? desc : id));
	cJSON_AddStringToObject(o, "markdown", ok && md ? md : (desc ? desc : id));
	free(text);
	free(md);
	return o;
}

static void add_rule(cJSON *rules, const char *id, const char *desc, const char *level)
{
	const struct rule_help *h = find_help(id);
	cJSON *r = cJSON_CreateObject();
	cJSON_AddStringToObject(r, "id", id);
	if (h)
		cJSON_AddStringToObject(r, "name", h->name);
	cJSON_AddItemToObject(r, "shortDescription", text_obj(desc ? desc : id));
	cJSON_AddItemToObject(r, "fullDescription", text_obj(h ? h->why : (desc ? desc : id)));
	char *uri = man_uri(h ? h->section : "COMPLIANCE RULES");
	if (uri)
		cJSON_AddStringToObject(r, "helpUri", uri);
	free(uri);
	cJSON_AddItemToObject(r, "help", help_obj(id, desc, h));
	cJSON *cfg = cJSON_AddObjectToObject(r, "defaultConfiguration");
	cJSON_AddStringToObject(cfg, "level", level);
	cJSON_AddItemToArray(rules, r);
}

/* A place in a file: a region only where the line is known (line 0: the file); the
 * resource there (an imported topology's Terraform address or AWS id, origins.h) as a
 * logical location. */
static cJSON *location(const char *file, unsigned line, unsigned col, const char *resource)
{
	cJSON *loc = cJSON_CreateObject();
	cJSON *phys = cJSON_AddObjectToObject(loc, "physicalLocation");
	cJSON *art = cJSON_AddObjectToObject(phys, "artifactLocation");
	char *uri = path_uri(file);
	cJSON_AddStringToObject(art, "uri", uri ? uri : "");
	free(uri);
	if (line) {
		cJSON *region = cJSON_AddObjectToObject(phys, "region");
		cJSON_AddNumberToObject(region, "startLine", line);
		cJSON_AddNumberToObject(region, "startColumn", col ? col : 1);
	}
	if (resource) {
		cJSON *logical = cJSON_CreateObject();
		cJSON_AddStringToObject(logical, "fullyQualifiedName", resource);
		cJSON_AddStringToObject(logical, "kind", "resource");
		cJSON_AddItemToArray(cJSON_AddArrayToObject(loc, "logicalLocations"), logical);
	}
	return loc;
}

/* Where a finding is: its place; else, for an imported topology, the plan or snapshot
 * it was read from (not the YAML made of it in memory); else the topology file. */
static cJSON *finding_location(const struct check_report *r, const struct check_finding *fd)
{
	if (fd->where_file)
		return location(fd->where_file, fd->line, fd->col, fd->where_resource);
	if (r->t->origins)
		return location(import_origin_at(r->t->origins, 0)->file, 0, 0, NULL);
	return location(r->t->file, 1, 1, NULL);
}

static char *result_text(const struct check_report *r, const struct check_finding *f)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&buf, &len);
	if (!m)
		return NULL;
	if (f->kind == CHECK_RULE)
		fprintf(m, "%s: ", f->rule_id);
	if (f->flow) {
		const struct check_flow *fl = &r->a->flows[f->flow - 1];
		fprintf(m, "flow %zu (%s -> %s): ", f->flow, fl->from, fl->to);
	} else {
		fprintf(m, "%zu %s from %zu %s to %zu %s (e.g. %s -> %s): ", f->pairs,
			f->pairs == 1 ? "flow" : "flows", f->instances,
			f->instances == 1 ? "instance" : "instances", f->destinations,
			f->destinations == 1 ? "destination" : "destinations",
			f->example_from ? f->example_from : "?", f->example_to ? f->example_to : "?");
	}
	fputs(f->message ? f->message : "", m);
	if (fclose(m) != 0) {
		free(buf);
		return NULL;
	}
	return buf;
}

static int rule_index(const struct check_report *r, const char *id)
{
	if (!strcmp(id, "assertion"))
		return 0;
	if (!strcmp(id, "all-pairs"))
		return 1;
	for (size_t i = 0; i < r->nrules; i++)
		if (!strcmp(r->rules[i].id, id))
			return (int)i + 2;
	return -1;
}

/* A finding's identity as a SARIF partial fingerprint: 64-bit FNV-1a, in hex.  Code
 * scanning matches results across commits by it, where the line would move. */
static void add_fingerprint(cJSON *res, const char *key, const char *identity)
{
	if (!identity)
		return;
	uint64_t h = 1469598103934665603ull;
	for (const unsigned char *p = (const unsigned char *)identity; *p; p++)
		h = (h ^ *p) * 1099511628211ull;
	char hex[17];
	snprintf(hex, sizeof(hex), "%016llx", (unsigned long long)h);
	cJSON *fp = cJSON_AddObjectToObject(res, "partialFingerprints");
	cJSON_AddStringToObject(fp, key, hex);
}

/* SARIF's baselineState of the result of findings idx[0..n) of r against the baseline:
 * "new" when every one is new, "unchanged" when none is new or moved by the change
 * (check_diff's changed findings), else "updated". */
static const char *baseline_state(const struct check_diff *base, const struct check_report *r,
				  const size_t *idx, size_t n)
{
	size_t fresh = 0, changed = 0;
	for (size_t i = 0; i < n; i++) {
		const struct check_finding *fd = &r->findings[idx[i]];
		if (base->finding_new[idx[i]]) {
			fresh++;
			continue;
		}
		for (size_t k = 0; k < base->nfindings_changed; k++)
			if (base->changed_to[k] == fd) {
				changed++;
				break;
			}
	}
	return fresh == n ? "new" : !fresh && !changed ? "unchanged" : "updated";
}

/* The result of one finding (index i in r->findings): a fault of its own. */
static cJSON *finding_result(const struct check_report *r, const struct check_diff *base, size_t i)
{
	const struct check_finding *fd = &r->findings[i];
	cJSON *res = cJSON_CreateObject();
	cJSON_AddStringToObject(res, "ruleId", fd->rule_id);
	int idx = rule_index(r, fd->rule_id);
	if (idx >= 0)
		cJSON_AddNumberToObject(res, "ruleIndex", idx);
	cJSON_AddStringToObject(res, "level", fd->error ? "error" : "warning");
	char *text = result_text(r, fd);
	cJSON_AddItemToObject(res, "message", text_obj(text));
	free(text);
	cJSON *locs = cJSON_AddArrayToObject(res, "locations");
	cJSON_AddItemToArray(locs, finding_location(r, fd));
	add_fingerprint(res, "vpcpathFindingIdentity/v1", fd->identity);
	if (base)  /* against --baseline: fixed findings are not results here */
		cJSON_AddStringToObject(res, "baselineState", baseline_state(base, r, &i, 1));
	cJSON *props = cJSON_AddObjectToObject(res, "properties");
	cJSON_AddNumberToObject(props, "flows", (double)fd->pairs);
	cJSON_AddNumberToObject(props, "instances", (double)fd->instances);
	cJSON_AddNumberToObject(props, "destinations", (double)fd->destinations);
	if (fd->example_from)
		cJSON_AddStringToObject(props, "exampleFrom", fd->example_from);
	if (fd->example_to)
		cJSON_AddStringToObject(props, "exampleTo", fd->example_to);
	return res;
}

/* ---- one result per fault ---- */

/* Flows named in a fault's message, and related locations given, before "and N more":
 * a fault of thousands of flows stays one readable alert. */
#define FAULT_FLOWS_NAMED 20
#define FAULT_RELATED_MAX 100

/* A fault is one result when it has a place and decides several findings (several
 * flows, or one flow several ways); else its finding is a result as it always was. */
static bool fault_grouped(const struct check_fault *ft)
{
	return ft->where && ft->nfindings > 1;
}

/* The finding whose rule the fault's result carries: an error before a warning, then
 * what the assertions expect before a compliance rule (rule_index order), then the
 * first.  Chosen by rule, not by flow, so the result keeps its rule (and code scanning
 * its alert) while flows are added and removed. */
static const struct check_finding *fault_primary(const struct check_report *r,
						 const struct check_fault *ft)
{
	const struct check_finding *best = &r->findings[ft->findings[0]];
	for (size_t i = 1; i < ft->nfindings; i++) {
		const struct check_finding *x = &r->findings[ft->findings[i]];
		if (x->error != best->error) {
			if (x->error)
				best = x;
			continue;
		}
		if (rule_index(r, x->rule_id) < rule_index(r, best->rule_id))
			best = x;
	}
	return best;
}

/* "flows 5, 6 and 3 more" into m (at most FAULT_FLOWS_NAMED numbers) */
static void flow_numbers(FILE *m, const size_t *flows, size_t n)
{
	for (size_t i = 0; i < n && i < FAULT_FLOWS_NAMED; i++)
		fprintf(m, "%s%zu", i ? ", " : n > 1 ? "flows " : "flow ", flows[i]);
	if (n > FAULT_FLOWS_NAMED)
		fprintf(m, " and %zu more", n - FAULT_FLOWS_NAMED);
}

/* What a fault breaks, then each way it fails (one line per rule, with its flows and
 * the message of its finding that covers the most): the text report's "faults:"
 * entry, as one message. */
static char *fault_text(const struct check_report *r, const struct check_fault *ft)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&buf, &len);
	if (!m)
		return NULL;
	fprintf(m, "%s breaks ", ft->resource ? ft->resource : ft->where);
	flow_numbers(m, ft->flows, ft->nflows);
	if (ft->pairs) {
		fprintf(m, "%s%s%zu all_pairs %s", ft->nflows ? "; " : "",
			ft->pairs_at_least ? "at least " : "", ft->pairs,
			ft->pairs == 1 ? "flow" : "flows");
		if (ft->example_from && ft->example_to)
			fprintf(m, " (e.g. %s -> %s)", ft->example_from, ft->example_to);
	}
	fprintf(m, ", %zu findings:", ft->nfindings);
	bool *done = calloc(ft->nfindings, sizeof(*done));
	size_t *flows = malloc(ft->nfindings * sizeof(*flows));
	for (size_t i = 0; done && flows && i < ft->nfindings; i++) {
		if (done[i])
			continue;
		const struct check_finding *fd = &r->findings[ft->findings[i]], *shown = fd;
		size_t nflows = 0, pairs = 0;
		bool error = false;
		for (size_t j = i; j < ft->nfindings; j++) {
			const struct check_finding *x = &r->findings[ft->findings[j]];
			if (done[j] || x->kind != fd->kind || strcmp(x->rule_id, fd->rule_id))
				continue;
			done[j] = true;
			error = error || x->error;
			if (x->flow)
				flows[nflows++] = x->flow;
			else
				pairs += x->pairs;
			if (x->pairs > shown->pairs)
				shown = x;
		}
		fprintf(m, "\n%s %s: ", error ? "error" : "warning", fd->rule_id);
		flow_numbers(m, flows, nflows);
		if (pairs)
			fprintf(m, "%s%zu all_pairs %s", nflows ? "; " : "", pairs,
				pairs == 1 ? "flow" : "flows");
		fprintf(m, ": %s", shown->message ? shown->message : "");
	}
	free(done);
	free(flows);
	if (fclose(m) != 0) {
		free(buf);
		return NULL;
	}
	return buf;
}

static cJSON *related(int id, const char *file, unsigned line, unsigned col, const char *text)
{
	cJSON *loc = location(file, line, col, NULL);
	cJSON_AddNumberToObject(loc, "id", id);
	cJSON_AddItemToObject(loc, "message", text_obj(text));
	return loc;
}

/* The flows a fault breaks, at their places in the assertions file: each flows: entry,
 * and all_pairs once for its flows (capped at FAULT_RELATED_MAX).  None when the
 * assertions are built in (no file). */
static void fault_related(cJSON *res, const struct check_report *r, const struct check_fault *ft)
{
	const struct check_assertions *a = r->a;
	if (!a->file || (!ft->nflows && !ft->pairs))
		return;
	cJSON *rel = cJSON_AddArrayToObject(res, "relatedLocations");
	int id = 1;
	for (size_t i = 0; i < ft->nflows && id <= FAULT_RELATED_MAX; i++) {
		if (!ft->flows[i] || ft->flows[i] > a->nflows)
			continue;
		const struct check_flow *fl = &a->flows[ft->flows[i] - 1];
		char *text = NULL;
		size_t len = 0;
		FILE *m = open_memstream(&text, &len);
		if (!m)
			continue;
		fprintf(m, "flow %zu", ft->flows[i]);
		if (fl->name)
			fprintf(m, " (%s)", fl->name);
		fprintf(m, ": %s -> %s", fl->from, fl->to);
		if (fclose(m) == 0)
			cJSON_AddItemToArray(rel, related(id++, a->file, fl->line, fl->col, text));
		free(text);
	}
	if (ft->pairs && a->all_pairs.enabled && id <= FAULT_RELATED_MAX) {
		char text[96];
		snprintf(text, sizeof(text), "all_pairs: %s%zu %s", ft->pairs_at_least ? "at least " : "",
			 ft->pairs, ft->pairs == 1 ? "flow" : "flows");
		cJSON_AddItemToArray(rel, related(id, a->file, a->all_pairs.line, a->all_pairs.col,
						  text));
	}
}

/* One result for a fault: at its place, with the rule of its primary finding, every
 * way it fails in the message, its flows as related locations. */
static cJSON *fault_result(const struct check_report *r, const struct check_diff *base,
			   const struct check_fault *ft, struct bytemap *seen)
{
	const struct check_finding *primary = fault_primary(r, ft);
	cJSON *res = cJSON_CreateObject();
	cJSON_AddStringToObject(res, "ruleId", primary->rule_id);
	int idx = rule_index(r, primary->rule_id);
	if (idx >= 0)
		cJSON_AddNumberToObject(res, "ruleIndex", idx);
	cJSON_AddStringToObject(res, "level", ft->error ? "error" : "warning");
	char *text = fault_text(r, ft);
	cJSON_AddItemToObject(res, "message", text_obj(text));
	free(text);
	cJSON *locs = cJSON_AddArrayToObject(res, "locations");
	cJSON_AddItemToArray(locs, finding_location(r, primary));
	fault_related(res, r, ft);
	/* the fault by what it is (its rule and the resource by id), not by line or flows;
	 * a place without a named resource is the place.  Two places may name one
	 * resource (a bucket and its policy): the second one's place tells them apart */
	char *identity = NULL;
	size_t ilen = 0;
	FILE *m = open_memstream(&identity, &ilen);
	if (m) {
		fprintf(m, "fault | %s | %s", primary->rule_id, ft->resource ? ft->resource : ft->where);
		bool added = true;
		if (fflush(m) == 0)
			bytemap_get_or_add(seen, identity, ilen, 0, &added);
		if (!added)
			fprintf(m, " | %s", ft->where);
		if (fclose(m) == 0)
			add_fingerprint(res, "vpcpathFaultIdentity/v1", identity);
		free(identity);
	}
	if (base)
		cJSON_AddStringToObject(res, "baselineState",
					baseline_state(base, r, ft->findings, ft->nfindings));
	cJSON *props = cJSON_AddObjectToObject(res, "properties");
	cJSON_AddNumberToObject(props, "flows", (double)(ft->nflows + ft->pairs));
	if (ft->pairs_at_least)
		cJSON_AddBoolToObject(props, "flowsAtLeast", true);
	cJSON_AddNumberToObject(props, "findings", (double)ft->nfindings);
	if (ft->resource)
		cJSON_AddStringToObject(props, "resource", ft->resource);
	return res;
}

static void sarif_report(FILE *f, const struct check_report *r, const struct check_diff *base,
			 const struct out_options *o)
{
	(void)o;
	cJSON *doc = cJSON_CreateObject();
	cJSON_AddStringToObject(doc, "$schema", "https://json.schemastore.org/sarif-2.1.0.json");
	cJSON_AddStringToObject(doc, "version", "2.1.0");
	cJSON *runs = cJSON_AddArrayToObject(doc, "runs");
	cJSON *run = cJSON_CreateObject();
	cJSON_AddItemToArray(runs, run);
	cJSON *tool = cJSON_AddObjectToObject(run, "tool");
	cJSON *driver = cJSON_AddObjectToObject(tool, "driver");
	cJSON_AddStringToObject(driver, "name", "vpcpath");
	cJSON_AddStringToObject(driver, "version", VPCPATH_VERSION);
	cJSON_AddStringToObject(driver, "informationUri", "man:vpcpath(1)");
	cJSON *rules = cJSON_AddArrayToObject(driver, "rules");
	add_rule(rules, "assertion", assertion_desc, "error");
	add_rule(rules, "all-pairs", all_pairs_desc, "error");
	for (size_t i = 0; i < r->nrules; i++)
		add_rule(rules, r->rules[i].id, r->rules[i].description, r->rules[i].severity);

	cJSON *results = cJSON_AddArrayToObject(run, "results");
	size_t nfaults;
	const struct check_fault *faults = check_report_faults(r, &nfaults);
	/* in the order of the findings (errors first): a fault where its first finding is */
	struct bytemap *seen = bytemap_new();  /* the faults' identities so far */
	for (size_t k = 0; k < nfaults; k++) {
		const struct check_fault *ft = &faults[k];
		if (fault_grouped(ft))
			cJSON_AddItemToArray(results, fault_result(r, base, ft, seen));
		else
			for (size_t i = 0; i < ft->nfindings; i++)
				cJSON_AddItemToArray(results, finding_result(r, base, ft->findings[i]));
	}
	bytemap_free(seen);
	char *s = cJSON_Print(doc);
	if (s) {
		fputs(s, f);
		fputc('\n', f);
		free(s);
	}
	cJSON_Delete(doc);
}

const struct check_output out_check_sarif = { "sarif", sarif_report, NULL, CHECK_TRACES_NONE };
