/* dest.c - destinations and name resolution; see dest.h.
 *
 * Names resolve deterministically: a `dns:` pin first; then, for a client inside a VPC
 * whose interface endpoint has private DNS on, the endpoint's ENI (F3.4); otherwise an
 * address inside the service's AWS-managed prefix list for the region (topology.md,
 * "Built-in data": the topology's own list when it has one).
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

/* Parses a host under amazonaws.com or api.aws.  Returns false when it is not an S3,
 * S3 Express, DynamoDB or VPC endpoint name. */
static bool parse_aws_host(struct arena *a, const char *host, struct dest *d)
{
	const char *suffix = NULL;
	if (str_has_suffix(host, ".vpce.amazonaws.com")) {
		/* [bucket.|accesspoint.|control.]vpce-ID[-AZ].SERVICE.REGION.vpce.amazonaws.com */
		char *rest = arena_strndup(a, host, strlen(host) - strlen(".vpce.amazonaws.com"));
		char *labels[8];
		size_t n = 0;
		for (char *tok = strtok(rest, "."); tok && n < 8; tok = strtok(NULL, "."))
			labels[n++] = tok;
		if (n < 3)
			return false;
		d->region = labels[n - 1];
		const char *svc = labels[n - 2];
		d->service = !strcmp(svc, "s3") ? TOPO_SVC_S3 : !strcmp(svc, "dynamodb") ?
			     TOPO_SVC_DYNAMODB : TOPO_SVC_OTHER;
		const char *vpce = labels[n - 3];
		if (strncmp(vpce, "vpce-", 5) != 0)
			return false;
		/* zonal form: vpce-…-us-east-1a; the AZ ends the label */
		const char *region_at = strstr(vpce, d->region);
		if (region_at && region_at > vpce && region_at[-1] == '-') {
			d->vpce_zone = arena_strdup(a, region_at);
			d->vpce_id = arena_strndup(a, vpce, (size_t)(region_at - vpce - 1));
		} else {
			d->vpce_id = vpce;
		}
		return true;
	}
	if (str_has_suffix(host, ".amazonaws.com"))
		suffix = ".amazonaws.com";
	else if (str_has_suffix(host, ".api.aws"))
		suffix = ".api.aws";
	else
		return false;
	char *rest = arena_strndup(a, host, strlen(host) - strlen(suffix));
	char *labels[64];
	size_t n = 0;
	for (char *tok = strtok(rest, "."); tok && n < 64; tok = strtok(NULL, "."))
		labels[n++] = tok;
	if (n == 0)
		return false;
	/* find the service label from the right */
	size_t i = n;
	while (i-- > 0) {
		const char *l = labels[i];
		if (!strcmp(l, "s3") || !strncmp(l, "s3-", 3) || !strncmp(l, "s3express-", 10) ||
		    !strcmp(l, "dynamodb"))
			break;
	}
	if (i >= n)
		return false;
	const char *svc = labels[i];
	if (i > 0) {
		size_t len = 0;
		for (size_t k = 0; k < i; k++)
			len += strlen(labels[k]) + 1;
		char *name = arena_alloc(a, len + 1);
		for (size_t k = 0; k < i; k++) {
			strcat(name, labels[k]);
			if (k + 1 < i)
				strcat(name, ".");
		}
		d->name = name;
	}
	size_t after = n - i - 1;
	if (after >= 1 && !strcmp(labels[i + 1], "dualstack"))
		d->dualstack = true;
	const char *region = after >= 1 ? labels[n - 1] : NULL;
	if (!strcmp(svc, "dynamodb")) {
		d->service = TOPO_SVC_DYNAMODB;
		d->dualstack = d->dualstack || !strcmp(suffix, ".api.aws");
	} else if (!strncmp(svc, "s3express-control", 17)) {
		d->service = TOPO_SVC_S3EXPRESS;
		d->express_control = true;
		d->dualstack = strstr(svc, "dualstack") != NULL;
	} else if (!strncmp(svc, "s3express-", 10)) {
		d->service = TOPO_SVC_S3EXPRESS;
		d->zone_id = svc + 10;
	} else if (!strcmp(svc, "s3")) {
		d->service = TOPO_SVC_S3;
		if (!region) {
			d->legacy_global = true; /* s3.amazonaws.com: us-east-1 */
			region = "us-east-1";
		}
	} else if (!strcmp(svc, "s3-external-1")) {
		d->service = TOPO_SVC_S3;
		region = "us-east-1";
	} else {
		/* s3-REGION (legacy dash form) */
		d->service = TOPO_SVC_S3;
		if (!region && looks_like_region(svc + 3))
			region = svc + 3;
	}
	if (!region)
		return false;
	d->region = region;
	return true;
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
	if (!strncmp(text, "s3://", 5) || !strncmp(text, "dynamodb://", 11)) {
		bool s3 = text[0] == 's';
		const char *rest = text + (s3 ? 5 : 11);
		const char *slash = strchr(rest, '/');
		size_t n = slash ? (size_t)(slash - rest) : strlen(rest);
		if (n == 0 || n > 255) {
			snprintf(err, errlen, "'%s': missing %s name", text, s3 ? "bucket" : "table");
			return false;
		}
		d->name = arena_strndup(a, rest, n);
		if (s3 && slash && slash[1])
			d->key = arena_strdup(a, slash + 1);
		d->service = s3 ? TOPO_SVC_S3 : TOPO_SVC_DYNAMODB;
		if (s3 && str_has_suffix(d->name, "--x-s3")) {
			d->service = TOPO_SVC_S3EXPRESS;
			const char *end = d->name + strlen(d->name) - 6;
			const char *start = end;
			while (start > d->name + 1 && !(start[-1] == '-' && start[-2] == '-'))
				start--;
			if (start > d->name + 1)
				d->zone_id = arena_strndup(a, start, (size_t)(end - start));
		}
		d->region = t->region;
		set_bucket_from_decl(t, d);
		if (host_override) {
			struct dest h;
			memset(&h, 0, sizeof(h));
			char *host = lower_dup(a, host_override, strlen(host_override));
			if (!parse_aws_host(a, host, &h)) {
				snprintf(err, errlen, "--host '%s' is not an S3, S3 Express, DynamoDB or "
					 "VPC endpoint name", host_override);
				return false;
			}
			d->host = host;
			d->dualstack = h.dualstack;
			d->vpce_id = h.vpce_id;
			d->vpce_zone = h.vpce_zone;
			d->legacy_global = h.legacy_global;
			if (!d->decl && h.region)
				d->region = h.region;
		} else if (d->service == TOPO_SVC_DYNAMODB) {
			d->host = arena_concat(a, "dynamodb.", d->region, ".amazonaws.com", NULL);
		} else if (d->service == TOPO_SVC_S3EXPRESS) {
			d->host = arena_printf(a, "%s.s3express-%s.%s.amazonaws.com", d->name,
					       d->zone_id ? d->zone_id : "unknown", d->region);
		} else {
			d->host = arena_concat(a, d->name, ".s3.", d->region, ".amazonaws.com", NULL);
		}
		return true;
	}
	const char *scheme = strstr(text, "://");
	if (scheme && strncmp(text, "https://", 8) != 0 && strncmp(text, "http://", 7) != 0) {
		snprintf(err, errlen, "'%s': unsupported scheme '%.*s' (s3://, dynamodb://, https:// "
			 "or http://)", text, (int)(scheme - text), text);
		return false;
	}
	/* a URL or a host, with an optional :PORT */
	const char *hoststart = text;
	const char *path = NULL;
	if (!strncmp(text, "https://", 8) || !strncmp(text, "http://", 7)) {
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
		return true;
	}
	char *host = lower_dup(a, hostport, strlen(hostport));
	if (!*host || strlen(host) > 253 || strspn(host, "abcdefghijklmnopqrstuvwxyz0123456789.-") !=
							      strlen(host)) {
		snprintf(err, errlen, "'%s' is not an address, a host name, s3://BUCKET or "
			 "dynamodb://TABLE", text);
		return false;
	}
	d->host = host;
	if (!parse_aws_host(a, host, d)) {
		/* any other name: only what dns: pins can resolve it */
		d->region = t->region;
		return true;
	}
	if (path && d->service != TOPO_SVC_DYNAMODB) {
		const char *p = path + 1;
		if (!d->name || d->express_control) {
			/* path style: /BUCKET/KEY */
			const char *slash = strchr(p, '/');
			size_t n = slash ? (size_t)(slash - p) : strlen(p);
			if (n)
				d->name = arena_strndup(a, p, n);
			if (slash && slash[1])
				d->key = arena_strdup(a, slash + 1);
		} else if (*p) {
			d->key = arena_strdup(a, p);
		}
	}
	if (d->name && str_has_suffix(d->name, "--x-s3") && d->service == TOPO_SVC_S3EXPRESS &&
	    !d->zone_id)
		d->zone_id = NULL;
	set_bucket_from_decl(t, d);
	return true;
}

/* FNV-1a: a deterministic pick that does not change between runs or machines */
static uint64_t name_hash(const char *s)
{
	uint64_t h = 1469598103934665603ull;
	for (; *s; s++) {
		h ^= (unsigned char)*s;
		h *= 1099511628211ull;
	}
	return h;
}

static const struct topo_endpoint_ip *endpoint_eni_for(const struct topology *t,
							 const struct topo_endpoint *ep,
							 const char *az)
{
	if (!ep->nips)
		return NULL;
	for (size_t i = 0; az && i < ep->nips; i++) {
		const struct topo_subnet *s = ep->ips[i].subnet.ptr;
		if (s && s->az && !strcmp(s->az, az))
			return &ep->ips[i];
	}
	(void)t;
	return &ep->ips[0];
}

bool dest_resolve(const struct topology *t, const struct dest *d, const struct topo_vpc *src_vpc,
		  const char *src_az, bool prefer_v6, bool inbound_resolver, struct dns_answer *out,
		  char *err, size_t errlen)
{
	memset(out, 0, sizeof(*out));
	if (d->has_ip) {
		out->ip = d->ip;
		out->source = DNS_LITERAL;
		return true;
	}
	/* 1. pins */
	for (size_t i = 0; i < t->ndns; i++) {
		const struct topo_dns_pin *pin = &t->dns[i];
		if (strcmp(pin->name, d->host) != 0 || !pin->nanswers)
			continue;
		size_t pick = 0;
		if (prefer_v6)
			for (size_t k = 0; k < pin->nanswers; k++)
				if (pin->answers[k].family == NET_V6) {
					pick = k;
					break;
				}
		if (!prefer_v6)
			for (size_t k = 0; k < pin->nanswers; k++)
				if (pin->answers[k].family == NET_V4) {
					pick = k;
					break;
				}
		out->ip = pin->answers[pick];
		out->source = DNS_PINNED;
		return true;
	}
	/* 2. endpoint-specific names (F3.3): public DNS answers them with the ENIs */
	if (d->vpce_id) {
		bool amb;
		const struct topo_endpoint *ep = topo_find(t, TOPO_ENDPOINT, d->vpce_id, &amb);
		/* AWS names carry a suffix after the id (vpce-1a2b3c4d-5e6f, F3.3): match the
		 * endpoint whose id starts the label, or whose dns_name has this label */
		for (size_t v = 0; !ep && v < t->nvpcs; v++)
			for (size_t i = 0; i < t->vpcs[v].nendpoints && !ep; i++) {
				const struct topo_endpoint *e = &t->vpcs[v].endpoints[i];
				size_t n = strlen(e->id);
				const char *label_end = e->dns_name ? strchr(e->dns_name, '.') : NULL;
				if ((!strncmp(d->vpce_id, e->id, n) && d->vpce_id[n] == '-') ||
				    (label_end && strlen(d->vpce_id) == (size_t)(label_end - e->dns_name) &&
				     !strncmp(d->vpce_id, e->dns_name, (size_t)(label_end - e->dns_name))))
					ep = e;
			}
		if (!ep || ep->type != TOPO_EP_INTERFACE) {
			snprintf(err, errlen, "%s names endpoint %s, which is not an interface endpoint "
				 "of the topology", d->host, d->vpce_id);
			return false;
		}
		const struct topo_endpoint_ip *eni = endpoint_eni_for(t, ep, d->vpce_zone ? d->vpce_zone :
								      src_az);
		if (!eni) {
			snprintf(err, errlen, "endpoint %s has no network interface", ep->id);
			return false;
		}
		out->ip = eni->ip;
		out->source = DNS_ENDPOINT_NAME;
		out->endpoint = ep;
		return true;
	}
	if (d->service == TOPO_SVC_NONE || d->service == TOPO_SVC_OTHER) {
		snprintf(err, errlen, "nothing resolves %s: pin it in the topology's dns: section",
			 d->host);
		return false;
	}
	/* 3. private DNS of an interface endpoint in the client's VPC (F3.4, F3.7).  The
	 * regional names only: not the legacy global name, not dualstack ones. */
	if (src_vpc && src_vpc->dns_support && !d->legacy_global) {
		for (size_t i = 0; i < src_vpc->nendpoints; i++) {
			const struct topo_endpoint *ep = &src_vpc->endpoints[i];
			if (ep->type != TOPO_EP_INTERFACE || !ep->private_dns ||
			    (ep->private_dns_only_for_inbound_resolver && !inbound_resolver) ||
			    ep->service != d->service ||
			    !ep->service_region || strcmp(ep->service_region, d->region) != 0)
				continue;
			const struct topo_endpoint_ip *eni = endpoint_eni_for(t, ep, src_az);
			if (!eni)
				continue;
			out->ip = eni->ip;
			out->source = DNS_PRIVATE_ENDPOINT;
			out->endpoint = ep;
			return true;
		}
	}
	if (src_vpc && !src_vpc->dns_support) {
		snprintf(err, errlen, "vpc %s has dns_support: false; %s does not resolve (F2.7)",
			 src_vpc->id, d->host);
		return false;
	}
	/* 4. the service's range in its region */
	int family = prefer_v6 && d->dualstack ? NET_V6 : NET_V4;
	const struct topo_prefix_list *pl = topo_service_prefix_list(t, d->service, d->region, family);
	if (!pl || !pl->cidrs.len) {
		snprintf(err, errlen, "no %s addresses known for %s in %s: pin %s in dns: or declare the "
			 "prefix list com.amazonaws.%s.%s", family == NET_V6 ? "IPv6" : "IPv4",
			 topo_service_name(d->service), d->region, d->host, d->region,
			 topo_service_name(d->service));
		return false;
	}
	uint64_t h = name_hash(d->host);
	const struct net_prefix *p = &pl->cidrs.items[h % pl->cidrs.len];
	uint64_t size = net_prefix_size(p);
	uint64_t offset = size > 2 ? 1 + (h >> 20) % (size - 2) : 0;
	out->ip = net_prefix_nth(p, offset);
	out->source = DNS_SERVICE_RANGE;
	out->prefix_list = pl;
	return true;
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
