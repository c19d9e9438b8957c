/* dns.c - what a destination's host name resolves to, as AWS answers it, in this order
 * (issue 13 item 4): an endpoint-specific name (F3.3); inside a VPC whose interface
 * endpoint has private DNS on, the private zone (F3.4); a `dns:` pin (what public DNS
 * answers, topology.md); the service's range in the region (topology.md, "Built-in
 * data": the topology's own list when it has one).  See dest.h.
 */
#include <stdio.h>
#include <string.h>

#include "dest.h"
#include "vpcpath/util.h"

/* The interface endpoint an endpoint-specific name names (F3.3), NULL when none.  AWS
 * names carry a suffix after the id (vpce-1a2b3c4d-5e6f): the endpoint whose id
 * starts the label, or whose dns_name has this label. */
const struct topo_endpoint *named_endpoint(const struct topology *t, const char *vpce_id)
{
	bool amb;
	const struct topo_endpoint *ep = topo_find(t, TOPO_ENDPOINT, vpce_id, &amb);
	for (size_t v = 0; !ep && v < t->nvpcs; v++)
		for (size_t i = 0; i < t->vpcs[v].nendpoints && !ep; i++) {
			const struct topo_endpoint *e = &t->vpcs[v].endpoints[i];
			size_t n = strlen(e->id);
			const char *label_end = e->dns_name ? strchr(e->dns_name, '.') : NULL;
			if ((!strncmp(vpce_id, e->id, n) && vpce_id[n] == '-') ||
			    (label_end && strlen(vpce_id) == (size_t)(label_end - e->dns_name) &&
			     !strncmp(vpce_id, e->dns_name, (size_t)(label_end - e->dns_name))))
				ep = e;
		}
	return ep && ep->type == TOPO_EP_INTERFACE ? ep : NULL;
}

const struct topo_dns_pin *dns_pin(const struct topology *t, const char *host)
{
	for (size_t i = 0; host && i < t->ndns; i++)
		if (!strcmp(t->dns[i].name, host) && t->dns[i].nanswers)
			return &t->dns[i];
	return NULL;
}

/* Whether some answer for d's host is known: a pin, an endpoint-specific name, the
 * service's range in the region, or an interface endpoint's private DNS somewhere.
 * Without one the question cannot be asked (issue 13 item 6): which addresses a
 * directory bucket's zonal endpoint has is not in the built-in data for every Region. */
bool some_answer_known(const struct topology *t, const struct dest *d, char *err,
			      size_t errlen)
{
	if (d->vpce_id || dns_pin(t, d->host) || d->service == TOPO_SVC_NONE ||
	    d->service == TOPO_SVC_OTHER)
		return true;
	for (int family = NET_V4; family <= NET_V6; family++) {
		const struct topo_prefix_list *pl = topo_service_prefix_list(t, d->service, d->region,
									     family);
		if (pl && pl->cidrs.len)
			return true;
	}
	for (size_t v = 0; v < t->nvpcs; v++)
		for (size_t i = 0; i < t->vpcs[v].nendpoints; i++) {
			const struct topo_endpoint *ep = &t->vpcs[v].endpoints[i];
			if (ep->type == TOPO_EP_INTERFACE && ep->private_dns && ep->service == d->service &&
			    ep->service_region && !strcmp(ep->service_region, d->region))
				return true;
		}
	const char *svc = topo_service_name(d->service);
	snprintf(err, errlen, "no %s addresses are known in %s, so %s cannot be resolved: declare "
		 "the prefix list com.amazonaws.%s.%s (prefix_lists: with its cidrs) or pin %s in "
		 "dns:", svc, d->region, d->host, d->region, svc, d->host);
	return false;
}

static const struct topo_endpoint_ip *endpoint_eni_for(const struct topo_endpoint *ep,
							 const char *az)
{
	if (!ep->nips)
		return NULL;
	for (size_t i = 0; az && i < ep->nips; i++) {
		const struct topo_subnet *s = ep->ips[i].subnet.ptr;
		if (s && s->az && !strcmp(s->az, az))
			return &ep->ips[i];
	}
	return &ep->ips[0];
}

const char *endpoint_private_name(const struct topo_endpoint *ep, const char *host)
{
	if (ep->type != TOPO_EP_INTERFACE || !ep->private_dns || ep->service != TOPO_SVC_OTHER ||
	    !ep->service_name || !ep->service_region)
		return NULL;
	/* com.amazonaws.REGION.SERVICE: AWS's own services only (a PrivateLink service of
	 * another account names its private DNS name itself) */
	char prefix[128];
	snprintf(prefix, sizeof(prefix), "com.amazonaws.%s.", ep->service_region);
	if (!str_has_prefix(ep->service_name, prefix))
		return NULL;
	const char *svc = ep->service_name + strlen(prefix);
	size_t slen = strlen(svc);
	if (!slen || slen > 200 || str_has_prefix(svc, "vpce-svc-"))
		return NULL;
	/* the service's labels in DNS order (ecr.api: api.ecr), then REGION.amazonaws.com */
	char name[512] = "";
	const char *end = svc + slen;
	while (end > svc) {
		const char *start = end;
		while (start > svc && start[-1] != '.')
			start--;
		size_t n = strlen(name);
		snprintf(name + n, sizeof(name) - n, "%.*s.", (int)(end - start), start);
		end = start > svc ? start - 1 : svc;
	}
	size_t n = strlen(name);
	snprintf(name + n, sizeof(name) - n, "%s.amazonaws.com", ep->service_region);
	n = strlen(name);
	size_t h = strlen(host);
	bool covers = h == n ? !strcmp(host, name) :
		      h > n && host[h - n - 1] == '.' && !strcmp(host + h - n, name);
	return covers ? svc : NULL;
}

/* The interface endpoint of vpc whose private DNS zone answers d's host (F3.4, F3.7):
 * the Regional names of its service (not the names interface endpoints do not serve);
 * with private_dns_only_for_inbound_resolver, only queries through an inbound resolver. */
static const struct topo_endpoint *private_zone_endpoint(const struct topo_vpc *vpc,
							 const struct dest *d, bool inbound_resolver)
{
	if (!vpc || !vpc->dns_support || d->no_private_dns)
		return NULL;
	for (size_t i = 0; d->endpoint_service && i < vpc->nendpoints; i++) {
		const struct topo_endpoint *ep = &vpc->endpoints[i];
		if (endpoint_private_name(ep, d->host) && ep->nips)
			return ep;
	}
	if (d->service == TOPO_SVC_NONE || d->service == TOPO_SVC_OTHER)
		return NULL;
	for (size_t i = 0; i < vpc->nendpoints; i++) {
		const struct topo_endpoint *ep = &vpc->endpoints[i];
		if (ep->type == TOPO_EP_INTERFACE && ep->private_dns &&
		    (!ep->private_dns_only_for_inbound_resolver || inbound_resolver) &&
		    ep->service == d->service && ep->service_region &&
		    !strcmp(ep->service_region, d->region) && ep->nips)
			return ep;
	}
	return NULL;
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
	/* F2.7: a VPC with DNS resolution off has no Amazon-provided resolver: no name
	 * resolves from it, whatever public DNS would answer (pins, endpoint names) */
	if (src_vpc && !src_vpc->dns_support) {
		snprintf(err, errlen, "vpc %s has dns_support: false; %s does not resolve (F2.7)",
			 src_vpc->id, d->host);
		return false;
	}
	/* 1. endpoint-specific names (F3.3): public DNS answers them with the ENIs */
	if (d->vpce_id) {
		const struct topo_endpoint *ep = named_endpoint(t, d->vpce_id);
		if (!ep) {
			snprintf(err, errlen, "%s names endpoint %s, which is not an interface endpoint "
				 "of the topology", d->host, d->vpce_id);
			return false;
		}
		const struct topo_endpoint_ip *eni = endpoint_eni_for(ep, d->vpce_zone ? d->vpce_zone :
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
	/* 2. inside a VPC, the private zone of its interface endpoint: it answers before
	 * public DNS, so before a pin, which states what public DNS answers (topology.md) */
	const struct topo_endpoint *zone = private_zone_endpoint(src_vpc, d, inbound_resolver);
	if (zone) {
		out->ip = endpoint_eni_for(zone, src_az)->ip;
		out->source = DNS_PRIVATE_ENDPOINT;
		out->endpoint = zone;
		return true;
	}
	/* 3. pins */
	const struct topo_dns_pin *pin = dns_pin(t, d->host);
	if (pin) {
		size_t pick = 0;
		int want = prefer_v6 ? NET_V6 : NET_V4;
		for (size_t k = 0; k < pin->nanswers; k++)
			if (pin->answers[k].family == want) {
				pick = k;
				break;
			}
		out->ip = pin->answers[pick];
		out->source = DNS_PINNED;
		return true;
	}
	if (d->endpoint_service) {
		snprintf(err, errlen, "outside the VPCs whose %s endpoint answers it with private DNS, "
			 "%s resolves to %s's public addresses, which the topology does not describe "
			 "(pin them in dns:)", d->endpoint_service, d->host, d->endpoint_service);
		return false;
	}
	if (d->service == TOPO_SVC_NONE || d->service == TOPO_SVC_OTHER) {
		snprintf(err, errlen, "nothing resolves %s: pin it in the topology's dns: section",
			 d->host);
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
	/* The name stands for every address of the list (F2.17).  Until the tracer works on
	 * the whole set, it traces one fixed representative that does not depend on the
	 * name: the first usable address of the list's first CIDR.  (No answer may depend
	 * on a hash of a name: two buckets behind the same routes get the same verdict.) */
	const struct net_prefix *p = &pl->cidrs.items[0];
	out->ip = net_prefix_nth(p, net_prefix_size(p) > 2 ? 1 : 0);
	out->source = DNS_SERVICE_RANGE;
	out->prefix_list = pl;
	return true;
}
