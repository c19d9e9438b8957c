/* names.c - what a word names in the topology, the same for both ends of a flow
 * (cli.md, second release cycle, "Destinations": the same words mean the same thing in
 * --from, --to, and a checks file's from: and to:).  See dest.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dest.h"
#include "vpcpath/arena.h"
#include "vpcpath/util.h"
#include "vpcpath/yamlread.h"

/* An internet host when the word names none: TEST-NET-2 (RFC 5737), an address no
 * AWS range or private network holds. */
#define INTERNET_HOST "198.51.100.10"

/* Appends id to list (", "-separated) while it fits. */
static void list_add(char *list, size_t len, const char *id)
{
	size_t n = strlen(list);
	if (n + strlen(id) + 3 >= len)
		return;
	snprintf(list + n, len - n, "%s%s", n ? ", " : "", id);
}

/* The ids of every instance and on-premises network called word (an error path: a
 * scan is fine). */
static void ids_called(const struct topology *t, const char *word, char *list, size_t len)
{
	*list = '\0';
	for (size_t v = 0; v < t->nvpcs; v++)
		for (size_t i = 0; i < t->vpcs[v].ninstances; i++) {
			const struct topo_instance *in = &t->vpcs[v].instances[i];
			if (in->name && !strcmp(in->name, word))
				list_add(list, len, in->id);
		}
	for (size_t v = 0; v < t->nvpcs; v++)
		for (size_t i = 0; i < t->vpcs[v].ninterfaces; i++) {
			const struct topo_interface *ifc = &t->vpcs[v].interfaces[i];
			if (ifc->name && !strcmp(ifc->name, word))
				list_add(list, len, ifc->id);
		}
	for (size_t i = 0; i < t->non_premises; i++)
		if (t->on_premises[i].name && !strcmp(t->on_premises[i].name, word))
			list_add(list, len, t->on_premises[i].id);
}

bool name_resolve(const struct topology *t, const char *word, struct named *out, char *err,
		  size_t errlen)
{
	memset(out, 0, sizeof(*out));
	if (!*word) {
		snprintf(err, errlen, "an empty name");
		return false;
	}
	/* by id first (ids are unique across kinds), then by name: a name shared by two
	 * things, of one kind or of several, is ambiguous */
	bool amb_in = false, amb_if = false, amb_op = false;
	const struct topo_instance *in = topo_find(t, TOPO_INSTANCE, word, &amb_in);
	const struct topo_interface *ifc = topo_find_interface(t, word, &amb_if);
	const struct topo_on_premises *op = topo_find(t, TOPO_ON_PREMISES, word, &amb_op);
	if ((in && !strcmp(in->id, word)) || (ifc && !strcmp(ifc->id, word)) ||
	    (op && !strcmp(op->id, word))) {
		if (!in || strcmp(in->id, word))
			in = NULL;
		if (!ifc || strcmp(ifc->id, word))
			ifc = NULL;
		if (!op || strcmp(op->id, word))
			op = NULL;
		amb_in = amb_if = amb_op = false;
	}
	if (amb_in || amb_if || amb_op || (!!in + !!ifc + !!op) > 1) {
		char list[512];
		ids_called(t, word, list, sizeof(list));
		snprintf(err, errlen, "several things in the topology are called %s (%s); use an id",
			 word, list);
		return false;
	}
	if (in) {
		out->kind = NAMED_INSTANCE;
		out->id = in->id;
		out->instance = in;
		return true;
	}
	if (ifc) {
		out->kind = NAMED_INTERFACE;
		out->id = ifc->id;
		out->interface = ifc;
		return true;
	}
	if (op) {
		out->kind = NAMED_ON_PREMISES;
		out->id = op->id;
		out->on_premises = op;
		return true;
	}
	if (!strcmp(word, "internet") || !strncmp(word, "internet:", 9)) {
		const char *addr = word[8] == ':' ? word + 9 : INTERNET_HOST;
		if (!net_addr_parse(addr, &out->ip)) {
			snprintf(err, errlen, "internet:%s: '%s' is not an address", addr, addr);
			return false;
		}
		out->kind = NAMED_INTERNET;
		out->id = "internet";
		out->has_ip = true;
		return true;
	}
	if (net_addr_parse(word, &out->ip)) {
		out->kind = NAMED_ADDRESS;
		out->has_ip = true;
		return true;
	}
	out->kind = NAMED_NOTHING;
	return true;
}

bool on_premises_host(const struct topo_on_premises *op, struct net_addr *out)
{
	if (!op->cidrs.len)
		return false;
	const struct net_prefix *p = &op->cidrs.items[0];
	*out = net_prefix_nth(p, net_prefix_size(p) > 16 ? 10 : 0);
	return true;
}

/* Candidates for "did you mean": what a flow's end may be called. */
static const char *suggest(const struct topology *t, const char *word, bool destination,
			   struct arena *a)
{
	struct tmpvec v = { 0 };
	for (size_t i = 0; i < t->nvpcs; i++)
		for (size_t k = 0; k < t->vpcs[i].ninstances; k++) {
			const struct topo_instance *in = &t->vpcs[i].instances[k];
			*(const char **)tmpvec_push(&v, sizeof(char *)) = in->id;
			if (in->name)
				*(const char **)tmpvec_push(&v, sizeof(char *)) = in->name;
		}
	for (size_t i = 0; i < t->nvpcs; i++)
		for (size_t k = 0; k < t->vpcs[i].ninterfaces; k++) {
			const struct topo_interface *ifc = &t->vpcs[i].interfaces[k];
			*(const char **)tmpvec_push(&v, sizeof(char *)) = ifc->id;
			if (ifc->name)
				*(const char **)tmpvec_push(&v, sizeof(char *)) = ifc->name;
		}
	for (size_t i = 0; i < t->non_premises; i++) {
		*(const char **)tmpvec_push(&v, sizeof(char *)) = t->on_premises[i].id;
		if (t->on_premises[i].name)
			*(const char **)tmpvec_push(&v, sizeof(char *)) = t->on_premises[i].name;
	}
	*(const char **)tmpvec_push(&v, sizeof(char *)) = "internet";
	if (destination) {
		/* a bucket or table named without its scheme, a host name pinned in dns: */
		for (size_t i = 0; i < t->nbuckets; i++)
			*(const char **)tmpvec_push(&v, sizeof(char *)) =
				arena_concat(a, "s3://", t->buckets[i].name, NULL);
		for (size_t i = 0; i < t->ntables; i++)
			*(const char **)tmpvec_push(&v, sizeof(char *)) =
				arena_concat(a, "dynamodb://", t->tables[i].name, NULL);
		for (size_t i = 0; i < t->ndns; i++)
			*(const char **)tmpvec_push(&v, sizeof(char *)) = t->dns[i].name;
	}
	const char *s = NULL;
	if (destination) {
		/* "data-bucket" for s3://data-bucket: the scheme is not a typo's distance */
		for (size_t i = 0; i < v.len && !s; i++) {
			const char *c = ((const char **)v.items)[i];
			const char *sep = strstr(c, "://");
			if (sep && !strcmp(sep + 3, word))
				s = c;
		}
	}
	if (!s && v.len)
		s = yamlread_suggest(word, v.items, v.len);
	free(v.items);
	return s;
}

/* word names something that is no end of a flow (a subnet, an endpoint …): what it is,
 * and what to name instead; false when it names nothing at all. */
static bool not_an_end(const struct topology *t, const char *word, struct arena *a, char *err,
		       size_t errlen)
{
	static const enum topo_kind kinds[] = { TOPO_SUBNET, TOPO_VPC, TOPO_ENDPOINT,
						TOPO_NAT_GATEWAY, TOPO_SECURITY_GROUP };
	enum topo_kind kind = TOPO_NONE;
	const void *obj = topo_find_id(t, word, &kind);
	for (size_t i = 0; !obj && i < sizeof(kinds) / sizeof(kinds[0]); i++) {
		bool amb;
		if ((obj = topo_find(t, kinds[i], word, &amb)))
			kind = kinds[i];
	}
	if (!obj)
		return false;
	const char *instead = "an instance, a network interface, an on-premises network, an address "
			      "or internet[:ADDRESS]";
	char buf[NET_ADDRSTRLEN];
	if (kind == TOPO_ENDPOINT && ((const struct topo_endpoint *)obj)->nips)
		instead = arena_concat(a, "the address of one of its network interfaces, such as ",
				       net_addr_str(&((const struct topo_endpoint *)obj)->ips[0].ip, buf),
				       NULL);
	else if (kind == TOPO_SUBNET)
		instead = "an instance or an address in it";
	snprintf(err, errlen, "%s is a %s, which is no source or destination of a flow: name %s",
		 word, topo_kind_name(kind), instead);
	return true;
}

const struct topo_missing *name_missing(const struct topology *t, const char *word)
{
	for (size_t i = 0; i < t->nmissing; i++) {
		const struct topo_missing *m = &t->missing[i];
		if ((m->kind == TOPO_MISSING_INSTANCES || m->kind == TOPO_MISSING_NETWORK_INTERFACES) &&
		    ((m->id && !strcmp(m->id, word)) || (m->address && !strcmp(m->address, word))))
			return m;
	}
	return NULL;
}

void name_unknown(const struct topology *t, const char *word, bool destination, struct arena *a,
		  char *err, size_t errlen)
{
	if (not_an_end(t, word, a, err, errlen))
		return;
	/* a resource the topology lists as missing: say why it is not there */
	const struct topo_missing *m = name_missing(t, word);
	if (m && m->plan_unknown) {
		snprintf(err, errlen, "%s is not in the topology: %s%s%s is known only after apply, so "
			 "the plan cannot place it", word, m->address ? m->address : word,
			 m->attribute ? "." : "", m->attribute ? m->attribute : "");
		return;
	}
	if (m && m->absent_from) {
		snprintf(err, errlen, "%s is not in the topology: the %s does not hold %s (outside "
			 "this configuration, or left out of it: the import's warning says why)",
			 word, m->absent_from, m->what);
		return;
	}
	if (m) {
		snprintf(err, errlen, "%s is not in the topology: %s %s not collected; `%s` supplies it",
			 word, m->what, m->id ? "was" : "were", m->command);
		return;
	}
	const char *hint = suggest(t, word, destination, a);
	bool host = destination && strchr(word, '.');
	snprintf(err, errlen, "nothing in the topology is called %s%s%s%s%s", word,
		 hint ? " (did you mean '" : "", hint ? hint : "", hint ? "'?)" : "",
		 host && !hint ? "; a host name other than an S3, S3 Express, DynamoDB or VPC "
				 "endpoint name resolves only where the topology's dns: pins it" : "");
}
