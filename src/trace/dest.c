/* dest.c - destinations and name resolution; see dest.h.
 *
 * DST is parsed once per text (memo.c): a bucket, table or object (s3://, dynamodb://,
 * ARNs), an S3, S3 Express, DynamoDB or VPC endpoint host or URL in every documented
 * form, an address, or a word naming an instance, an on-premises network or the
 * internet (names.c, the same words as SRC).  A word that names nothing, and a host no
 * answer is known for (dns.c), cannot be asked about (exit 2).
 */
#include "dest.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vpcpath/arena.h"
#include "vpcpath/util.h"

static char *lower_dup(struct arena *a, const char *s, size_t n)
{
	char *c = arena_strndup(a, s, n);
	for (char *p = c; *p; p++)
		*p = (char)tolower((unsigned char)*p);
	return c;
}

static bool looks_like_region(const char *s)
{
	/* us-east-1, eu-central-2, us-gov-west-1, ap-southeast-4 … */
	size_t n = strlen(s);
	return n >= 9 && n <= 20 && isdigit((unsigned char)s[n - 1]) && s[n - 2] == '-' &&
	       strchr(s, '-') != strrchr(s, '-');
}

/* labels[from..to) joined with dots, in a */
static char *join_labels(struct arena *a, char *const *labels, size_t from, size_t to)
{
	size_t len = 0;
	for (size_t k = from; k < to; k++)
		len += strlen(labels[k]) + 1;
	char *out = arena_alloc(a, len + 1);
	for (size_t k = from; k < to; k++) {
		strcat(out, labels[k]);
		if (k + 1 < to)
			strcat(out, ".");
	}
	return out;
}

/* Splits host (a copy in a) into at most max labels; returns how many. */
static size_t split_labels(struct arena *a, const char *host, size_t hostlen, char **labels,
			   size_t max)
{
	char *rest = arena_strndup(a, host, hostlen);
	size_t n = 0;
	for (char *tok = strtok(rest, "."); tok && n < max; tok = strtok(NULL, "."))
		labels[n++] = tok;
	return n;
}

/* Endpoint-specific names (F3.3):
 *   [BUCKET.]bucket.vpce-ID[-AZ].s3.REGION.vpce.amazonaws.com   (data; path-style without
 *                                                                BUCKET)
 *   [AP-ACCOUNT.]accesspoint.vpce-ID[-AZ].s3.REGION.vpce.amazonaws.com
 *   control.vpce-ID[-AZ].s3.REGION.vpce.amazonaws.com
 *   vpce-ID[-AZ].SERVICE.REGION.vpce.amazonaws.com             (DynamoDB, other services) */
static int parse_vpce_host(struct arena *a, const char *host, struct dest *d, char *err,
			   size_t errlen)
{
	char *labels[64];
	size_t n = split_labels(a, host, strlen(host) - strlen(".vpce.amazonaws.com"), labels, 64);
	if (n < 3)
		return 0;
	d->region = labels[n - 1];
	const char *svc = labels[n - 2];
	d->service = !strcmp(svc, "s3") ? TOPO_SVC_S3 : !strcmp(svc, "dynamodb") ?
		     TOPO_SVC_DYNAMODB : TOPO_SVC_OTHER;
	const char *vpce = labels[n - 3];
	if (strncmp(vpce, "vpce-", 5) != 0)
		return 0;
	/* zonal form: vpce-…-us-east-1a; the AZ ends the label */
	const char *region_at = strstr(vpce, d->region);
	if (region_at && region_at > vpce && region_at[-1] == '-') {
		d->vpce_zone = arena_strdup(a, region_at);
		d->vpce_id = arena_strndup(a, vpce, (size_t)(region_at - vpce - 1));
	} else {
		d->vpce_id = vpce;
	}
	if (n == 3)
		return 1;
	const char *lead = labels[n - 4];
	if (d->service == TOPO_SVC_S3 && !strcmp(lead, "bucket")) {
		if (n > 4)
			d->name = join_labels(a, labels, 0, n - 4);
	} else if (d->service == TOPO_SVC_S3 && !strcmp(lead, "accesspoint")) {
		d->access_point = n > 4 ? join_labels(a, labels, 0, n - 4) : "";
	} else if (d->service == TOPO_SVC_S3 && !strcmp(lead, "control") && n == 4) {
		d->control = true;
	} else if (d->service != TOPO_SVC_DYNAMODB || n > 4) {
		snprintf(err, errlen, "'%s' is not an endpoint-specific name: the label before %s "
			 "must be bucket., accesspoint. or control. (F3.3)", host, vpce);
		return -1;
	}
	return 1;
}

/* Parses a host under amazonaws.com or api.aws: 1 when it is an S3, S3 Express,
 * DynamoDB or VPC endpoint name (fields of d set), 0 when it is not, -1 (with a
 * message) when it is one that names no region or service vpcpath knows. */
static int parse_aws_host(struct arena *a, const char *host, struct dest *d, char *err,
			  size_t errlen)
{
	if (str_has_suffix(host, ".vpce.amazonaws.com"))
		return parse_vpce_host(a, host, d, err, errlen);
	const char *suffix;
	if (str_has_suffix(host, ".amazonaws.com"))
		suffix = ".amazonaws.com";
	else if (str_has_suffix(host, ".api.aws"))
		suffix = ".api.aws";
	else
		return 0;
	char *labels[64];
	size_t n = split_labels(a, host, strlen(host) - strlen(suffix), labels, 64);
	if (n == 0)
		return 0;
	/* the service label, from the right: bucket names may hold "s3" labels too */
	size_t i = n;
	while (i-- > 0) {
		const char *l = labels[i];
		if (!strcmp(l, "s3") || !strncmp(l, "s3-", 3) || !strncmp(l, "s3express-", 10) ||
		    !strcmp(l, "dynamodb") || !strcmp(l, "ddb"))
			break;
	}
	if (i >= n)
		return 0;
	const char *svc = labels[i];
	const char *before = i > 0 ? join_labels(a, labels, 0, i) : NULL;
	size_t after = n - i - 1;
	if (after >= 1 && !strcmp(labels[i + 1], "dualstack"))
		d->dualstack = true;
	const char *region = after >= 1 && strcmp(labels[n - 1], "dualstack") ? labels[n - 1] : NULL;
	if (!strcmp(svc, "dynamodb") || !strcmp(svc, "ddb")) {
		/* dynamodb.REGION and ACCOUNT.ddb.REGION (account-based endpoints): the
		 * labels before name no table */
		d->service = TOPO_SVC_DYNAMODB;
		d->dualstack = d->dualstack || !strcmp(suffix, ".api.aws");
	} else if (!strncmp(svc, "s3express-control", 17)) {
		d->service = TOPO_SVC_S3EXPRESS;
		d->express_control = true;
		d->dualstack = strstr(svc, "dualstack") != NULL;
	} else if (!strncmp(svc, "s3express-", 10)) {
		d->service = TOPO_SVC_S3EXPRESS;
		d->zone_id = svc + 10;
		d->name = before;
	} else if (!strcmp(svc, "s3")) {
		d->service = TOPO_SVC_S3;
		d->name = before;
		if (!region) {
			/* s3.amazonaws.com: us-east-1; interface endpoints do not serve the legacy
			 * global name (F3.4) */
			d->no_private_dns = true;
			region = "us-east-1";
		}
	} else if (!strcmp(svc, "s3-accesspoint")) {
		/* AP-ACCOUNT.s3-accesspoint[.dualstack].REGION: the bucket is the access
		 * point's, which the topology does not describe */
		d->service = TOPO_SVC_S3;
		d->access_point = before ? before : "";
	} else if (!strcmp(svc, "s3-control")) {
		/* ACCOUNT.s3-control.REGION: the control API; the labels before name no bucket */
		d->service = TOPO_SVC_S3;
		d->control = true;
	} else if (!strcmp(svc, "s3-fips")) {
		d->service = TOPO_SVC_S3;
		d->name = before;
		d->no_private_dns = true;  /* F3.4: no FIPS endpoints through interface endpoints */
	} else if (!strcmp(svc, "s3-external-1")) {
		d->service = TOPO_SVC_S3;
		d->name = before;
		region = "us-east-1";
	} else if (!strncmp(svc, "s3-website", 10)) {
		/* BUCKET.s3-website-REGION and BUCKET.s3-website.REGION (F3.4: not through
		 * interface endpoints) */
		d->service = TOPO_SVC_S3;
		d->name = before;
		d->no_private_dns = true;
		if (svc[10] == '-' && looks_like_region(svc + 11))
			region = svc + 11;
		else if (svc[10])
			region = NULL;
	} else if (looks_like_region(svc + 3)) {
		/* BUCKET.s3-REGION, the legacy dash form (F3.4: not through interface
		 * endpoints) */
		d->service = TOPO_SVC_S3;
		d->name = before;
		d->no_private_dns = true;
		region = svc + 3;
	} else {
		snprintf(err, errlen, "'%s': %s.amazonaws.com is an S3 endpoint vpcpath does not "
			 "model (S3 names: BUCKET.s3.REGION.amazonaws.com, s3.REGION.amazonaws.com/BUCKET, "
			 "BUCKET.s3-REGION, access points, endpoint-specific names)", host, svc);
		return -1;
	}
	if (!region) {
		snprintf(err, errlen, "'%s' names no region", host);
		return -1;
	}
	d->region = region;
	return 1;
}

static bool parse_port_suffix(char *s, int *port)
{
	/* "addr:443" for IPv4 and names, "[v6]:443" for IPv6 */
	char *colon = strrchr(s, ':');
	if (!colon || strchr(s, ':') != colon)
		return true; /* none, or a bare IPv6 address */
	long p;
	if (!str_to_long(colon + 1, 1, 65535, &p))
		return false;
	*colon = '\0';
	*port = (int)p;
	return true;
}

static void set_bucket_from_decl(const struct topology *t, struct dest *d)
{
	if (!d->name)
		return;
	const struct topo_bucket *b = d->service == TOPO_SVC_DYNAMODB ? topo_find_table(t, d->name) :
				      topo_find_bucket(t, d->name);
	if (b) {
		d->decl = b;
		/* cli.md: a declared bucket's region comes from its declaration */
		d->region = b->region;
		if (b->directory) {
			d->service = TOPO_SVC_S3EXPRESS;
			d->zone_id = b->zone_id;
		}
	}
}

/* true when s is UTF-8 with no control character (C0, DEL or C1): a DST goes into
 * messages, text and JSON output, where such bytes would drive a terminal or make
 * the JSON invalid. */
static bool printable_utf8(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	while (*p) {
		unsigned char c = *p;
		if (c < 0x20 || c == 0x7f)
			return false;
		if (c < 0x80) {
			p++;
			continue;
		}
		size_t n = str_utf8_len(p, 4);  /* stops at the NUL */
		if (n == 0 || (c == 0xc2 && p[1] < 0xa0))  /* 0xc2 0x80-0x9f: C1 controls */
			return false;
		p += n;
	}
	return true;
}

/* The S3 Express zone id in a directory bucket's name (NAME--ZONE--x-s3, F4.1). */
static void express_zone_from_name(struct arena *a, struct dest *d)
{
	if (!d->name || !str_has_suffix(d->name, "--x-s3"))
		return;
	d->service = TOPO_SVC_S3EXPRESS;
	const char *end = d->name + strlen(d->name) - 6;
	const char *start = end;
	while (start > d->name + 1 && !(start[-1] == '-' && start[-2] == '-'))
		start--;
	if (start > d->name + 1)
		d->zone_id = arena_strndup(a, start, (size_t)(end - start));
}

/* URL path text: %XX decoded, up to a query or fragment; NULL when an escape is bad. */
static char *url_path_decode(struct arena *a, const char *s, size_t n)
{
	char *out = arena_alloc(a, n + 1);
	size_t k = 0;
	for (size_t i = 0; i < n && s[i] != '?' && s[i] != '#'; i++) {
		if (s[i] != '%') {
			out[k++] = s[i];
			continue;
		}
		unsigned v;
		char hex[3] = { i + 1 < n ? s[i + 1] : 0, i + 2 < n ? s[i + 2] : 0, 0 };
		if (!isxdigit((unsigned char)hex[0]) || !isxdigit((unsigned char)hex[1]) ||
		    sscanf(hex, "%2x", &v) != 1 || v == 0)
			return NULL;
		out[k++] = (char)v;
		i += 2;
	}
	out[k] = '\0';
	return out;
}

/* s3://BUCKET[/KEY], dynamodb://TABLE, and the ARNs of a bucket, an object, a
 * directory bucket or a table: what the request names; 0 when text is none of them,
 * -1 (with a message) when it is an S3 name whose bucket cannot be known. */
static int parse_resource(const struct topology *t, const char *text, struct arena *a,
			  struct dest *d, char *err, size_t errlen)
{
	const char *rest;
	enum topo_service svc;
	if (!strncmp(text, "s3://", 5))
		rest = text + 5, svc = TOPO_SVC_S3;
	else if (!strncmp(text, "dynamodb://", 11))
		rest = text + 11, svc = TOPO_SVC_DYNAMODB;
	else if (!strncmp(text, "arn:aws:s3:::", 13))
		rest = text + 13, svc = TOPO_SVC_S3;
	else if (!strncmp(text, "arn:aws:s3express:", 18) && strstr(text, ":bucket/"))
		rest = strstr(text, ":bucket/") + 8, svc = TOPO_SVC_S3EXPRESS;
	else if (!strncmp(text, "arn:aws:dynamodb:", 17) && strstr(text, ":table/"))
		rest = strstr(text, ":table/") + 7, svc = TOPO_SVC_DYNAMODB;
	else if (!strncmp(text, "arn:aws:s3:", 11) && strstr(text, ":accesspoint/")) {
		snprintf(err, errlen, "'%s' is an S3 access point: the topology does not say which "
			 "bucket it serves; name the bucket (s3://BUCKET/KEY) and give the access "
			 "point's host name with --host", text);
		return -1;
	} else if (!strncmp(text, "arn:", 4)) {
		snprintf(err, errlen, "'%s' is not the ARN of an S3 bucket or object, a directory "
			 "bucket or a DynamoDB table", text);
		return -1;
	} else
		return 0;
	bool s3 = svc != TOPO_SVC_DYNAMODB;
	const char *slash = strchr(rest, '/');
	size_t n = slash ? (size_t)(slash - rest) : strlen(rest);
	if (n == 0 || n > 255) {
		snprintf(err, errlen, "'%s': missing %s name", text, s3 ? "bucket" : "table");
		return -1;
	}
	d->name = arena_strndup(a, rest, n);
	if (svc == TOPO_SVC_S3 && slash && slash[1])
		d->key = arena_strdup(a, slash + 1);
	d->service = svc;
	if (s3)
		express_zone_from_name(a, d);
	d->region = t->region;
	set_bucket_from_decl(t, d);
	return 1;
}

/* --host NAME for s3://… and dynamodb://…: the host the client connects to. */
static bool apply_host_override(struct arena *a, const char *host_override, struct dest *d,
				char *err, size_t errlen)
{
	struct dest h;
	memset(&h, 0, sizeof(h));
	char *host = lower_dup(a, host_override, strlen(host_override));
	int aws = parse_aws_host(a, host, &h, err, errlen);
	if (aws < 0)
		return false;
	if (!aws) {
		snprintf(err, errlen, "--host '%s' is not an S3, S3 Express, DynamoDB or "
			 "VPC endpoint name", host_override);
		return false;
	}
	d->host = host;
	d->dualstack = h.dualstack;
	d->vpce_id = h.vpce_id;
	d->vpce_zone = h.vpce_zone;
	d->no_private_dns = h.no_private_dns;
	if (!d->decl && h.region)
		d->region = h.region;
	return true;
}

/* DST names an instance, an on-premises network or the internet (names.c), as SRC
 * may; false with a message when the word is ambiguous. */
static bool parse_named(const struct topology *t, const char *word, struct dest *d,
			bool *named, char *err, size_t errlen)
{
	*named = false;
	struct named n;
	if (!name_resolve(t, word, &n, err, errlen))
		return false;
	if (n.kind == NAMED_NOTHING || n.kind == NAMED_ADDRESS)
		return true;
	if (n.kind == NAMED_INSTANCE && !n.instance->has_private_ip && !n.instance->nipv6) {
		snprintf(err, errlen, "instance %s has no address", n.instance->id);
		return false;
	}
	if (n.kind == NAMED_ON_PREMISES && !on_premises_host(n.on_premises, &n.ip)) {
		snprintf(err, errlen, "on-premises network %s has no cidrs: give an address in it",
			 n.on_premises->id);
		return false;
	}
	if (n.kind == NAMED_ON_PREMISES)
		n.has_ip = true;
	d->named = n;
	d->ip = n.ip;
	d->has_ip = n.has_ip;
	*named = true;
	return true;
}

bool dest_parse(const struct topology *t, const char *text, const char *host_override,
		struct arena *a, struct dest *d, char *err, size_t errlen)
{
	memset(d, 0, sizeof(*d));
	d->port = -1;
	if (!text || !*text) {
		snprintf(err, errlen, "empty destination");
		return false;
	}
	for (const char *p = text; *p; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f) {
			snprintf(err, errlen, "control character in destination");
			return false;
		}
	if (!printable_utf8(text) || (host_override && !printable_utf8(host_override))) {
		snprintf(err, errlen, "invalid UTF-8 or a control character in destination");
		return false;
	}
	int res = parse_resource(t, text, a, d, err, errlen);
	if (res < 0)
		return false;
	if (res > 0) {
		if (host_override) {
			if (!apply_host_override(a, host_override, d, err, errlen))
				return false;
		} else if (d->service == TOPO_SVC_DYNAMODB) {
			d->host = arena_concat(a, "dynamodb.", d->region, ".amazonaws.com", NULL);
		} else if (d->service == TOPO_SVC_S3EXPRESS) {
			d->host = arena_printf(a, "%s.s3express-%s.%s.amazonaws.com", d->name,
					       d->zone_id ? d->zone_id : "unknown", d->region);
		} else {
			d->host = arena_concat(a, d->name, ".s3.", d->region, ".amazonaws.com", NULL);
		}
		if (d->vpce_id && !named_endpoint(t, d->vpce_id)) {
			snprintf(err, errlen, "%s names endpoint %s, which is not an interface endpoint "
				 "of the topology", d->host, d->vpce_id);
			return false;
		}
		return some_answer_known(t, d, err, errlen);
	}
	if (host_override) {
		snprintf(err, errlen, "--host names the host of an s3://BUCKET or dynamodb://TABLE "
			 "destination, not of '%s'", text);
		return false;
	}
	const char *scheme = strstr(text, "://");
	if (scheme && strncmp(text, "https://", 8) != 0 && strncmp(text, "http://", 7) != 0) {
		snprintf(err, errlen, "'%s': unsupported scheme '%.*s' (s3://, dynamodb://, https:// "
			 "or http://)", text, (int)(scheme - text), text);
		return false;
	}
	bool url = scheme != NULL;
	if (!url && !strncmp(text, "internet", 8) && (!text[8] || text[8] == ':')) {
		bool named;
		return parse_named(t, text, d, &named, err, errlen);
	}
	/* a URL or a host, with an optional :PORT */
	const char *hoststart = text;
	const char *path = NULL;
	if (url) {
		hoststart = strstr(text, "//") + 2;
		path = strchr(hoststart, '/');
		d->port = text[4] == 's' ? 443 : 80;
	}
	size_t hlen = path ? (size_t)(path - hoststart) : strlen(hoststart);
	char *hostport = arena_strndup(a, hoststart, hlen);
	/* [v6]:port */
	if (hostport[0] == '[') {
		char *close = strchr(hostport, ']');
		if (!close) {
			snprintf(err, errlen, "'%s': unbalanced '['", text);
			return false;
		}
		*close = '\0';
		if (close[1] && close[1] != ':') {
			snprintf(err, errlen, "'%s': unexpected text after ']'", text);
			return false;
		}
		if (close[1] == ':') {
			long p;
			if (!str_to_long(close + 2, 1, 65535, &p)) {
				snprintf(err, errlen, "'%s': invalid port", text);
				return false;
			}
			d->port = (int)p;
		}
		hostport++;
	} else if (!parse_port_suffix(hostport, &d->port)) {
		snprintf(err, errlen, "'%s': invalid port (1-65535)", text);
		return false;
	}
	if (net_addr_parse(hostport, &d->ip)) {
		static const uint8_t mapped[12] = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff };
		if (d->ip.family == NET_V6 && !memcmp(d->ip.b, mapped, sizeof(mapped))) {
			/* ::ffff:a.b.c.d would be traced as IPv6 and match no IPv4 route */
			snprintf(err, errlen, "'%s' is an IPv4-mapped IPv6 address; give the IPv4 "
				 "address %u.%u.%u.%u", text, d->ip.b[12], d->ip.b[13], d->ip.b[14],
				 d->ip.b[15]);
			return false;
		}
		d->has_ip = true;
		d->named.kind = NAMED_ADDRESS;
		return true;
	}
	if (!url) {
		/* an instance id or name, an on-premises network: as in --from */
		bool named;
		if (!parse_named(t, hostport, d, &named, err, errlen))
			return false;
		if (named)
			return true;
	}
	char *host = lower_dup(a, hostport, strlen(hostport));
	if (!*host || strlen(host) > 253 || strspn(host, "abcdefghijklmnopqrstuvwxyz0123456789.-") !=
							      strlen(host)) {
		if (!url) {
			name_unknown(t, hostport, true, a, err, errlen);
			return false;
		}
		snprintf(err, errlen, "'%s' is not an address, a host name, s3://BUCKET or "
			 "dynamodb://TABLE", text);
		return false;
	}
	d->host = host;
	int aws = parse_aws_host(a, host, d, err, errlen);
	if (aws < 0)
		return false;
	if (!aws) {
		/* another AWS service's name that an interface endpoint answers with private
		 * DNS (in its VPC, issue 12 item 9); any other name: only a dns: pin */
		for (size_t v = 0; v < t->nvpcs && !d->endpoint_service; v++)
			for (size_t i = 0; i < t->vpcs[v].nendpoints && !d->endpoint_service; i++)
				d->endpoint_service = endpoint_private_name(&t->vpcs[v].endpoints[i], host);
		if (!dns_pin(t, host) && !d->endpoint_service) {
			name_unknown(t, url ? host : hostport, true, a, err, errlen);
			return false;
		}
		d->region = t->region;
		return true;
	}
	if (d->access_point) {
		snprintf(err, errlen, "'%s' is an S3 access point%s%s: the topology does not say which "
			 "bucket it serves; name the bucket (s3://BUCKET/KEY) with --host %s", text,
			 *d->access_point ? " " : "", d->access_point, host);
		return false;
	}
	if (path && d->service != TOPO_SVC_DYNAMODB && !d->control) {
		const char *p = path + 1;
		const char *bucket = NULL, *key = NULL;
		bool bad = false;
		if (!d->name || d->express_control) {
			/* path style: /BUCKET/KEY */
			const char *slash = strchr(p, '/');
			size_t n = slash ? (size_t)(slash - p) : strlen(p);
			bad = !(bucket = url_path_decode(a, p, n));
			if (slash)
				bad = bad || !(key = url_path_decode(a, slash + 1, strlen(slash + 1)));
		} else {
			bad = !(key = url_path_decode(a, p, strlen(p)));
		}
		if (bad) {
			snprintf(err, errlen, "'%s': invalid %%-escape in the URL's path", text);
			return false;
		}
		if (bucket && *bucket)
			d->name = bucket;
		if (key && *key)
			d->key = key;
	}
	if (url && d->service != TOPO_SVC_DYNAMODB && !d->control && !d->express_control &&
	    !d->name) {
		snprintf(err, errlen, "'%s': no bucket in the URL (BUCKET.s3.REGION.amazonaws.com/KEY "
			 "or s3.REGION.amazonaws.com/BUCKET/KEY)", text);
		return false;
	}
	if (d->name && d->service == TOPO_SVC_S3 && !d->zone_id)
		express_zone_from_name(a, d);
	set_bucket_from_decl(t, d);
	if (d->vpce_id && !named_endpoint(t, d->vpce_id)) {
		snprintf(err, errlen, "%s names endpoint %s, which is not an interface endpoint of "
			 "the topology", d->host, d->vpce_id);
		return false;
	}
	return some_answer_known(t, d, err, errlen);
}

const char *dest_resource_arn(const struct topology *t, const struct dest *d, const char *action,
			      struct arena *a)
{
	if (!d->name)
		return NULL;
	switch (d->service) {
	case TOPO_SVC_S3: {
		bool object_action = action && !str_has_prefix(action, "s3:ListBucket") &&
				     strncasecmp(action, "s3:GetBucket", 12) != 0 &&
				     strncasecmp(action, "s3:PutBucket", 12) != 0 &&
				     strncasecmp(action, "s3:DeleteBucket", 15) != 0 &&
				     strcasecmp(action, "s3:CreateBucket") != 0;
		if (!object_action)
			return arena_concat(a, "arn:aws:s3:::", d->name, NULL);
		return arena_concat(a, "arn:aws:s3:::", d->name, "/", d->key ? d->key : "*", NULL);
	}
	case TOPO_SVC_DYNAMODB: {
		const char *account = d->decl && d->decl->account ? d->decl->account :
				      t->account ? t->account : "*";
		return arena_concat(a, "arn:aws:dynamodb:", d->region ? d->region : "*", ":", account,
				    ":table/", d->name, NULL);
	}
	case TOPO_SVC_S3EXPRESS: {
		const char *account = d->decl && d->decl->account ? d->decl->account :
				      t->account ? t->account : "*";
		return arena_printf(a, "arn:aws:s3express:%s:%s:bucket/%s", d->region, account,
				    d->name);
	}
	default:
		return NULL;
	}
}
