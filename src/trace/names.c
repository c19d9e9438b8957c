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

/* One end of a flow a word may name: an instance, a network interface or an on-premises
 * network, with what users call it. */
struct end_obj {
	enum named_kind kind;
	const void *obj;
	const char *id, *name, *name_tag;
};

/* Calls fn for every object that may be an end of a flow; stops when fn returns false. */
static void each_end(const struct topology *t, bool (*fn)(const struct end_obj *, void *),
		     void *arg)
{
	for (size_t v = 0; v < t->nvpcs; v++)
		for (size_t i = 0; i < t->vpcs[v].ninstances; i++) {
			const struct topo_instance *in = &t->vpcs[v].instances[i];
			struct end_obj e = { NAMED_INSTANCE, in, in->id, in->name,
					     topo_tag_value(&in->tags, "Name") };
			if (!fn(&e, arg))
				return;
		}
	for (size_t v = 0; v < t->nvpcs; v++)
		for (size_t i = 0; i < t->vpcs[v].ninterfaces; i++) {
			const struct topo_interface *ifc = &t->vpcs[v].interfaces[i];
			struct end_obj e = { NAMED_INTERFACE, ifc, ifc->id, ifc->name,
					     topo_tag_value(&ifc->tags, "Name") };
			if (!fn(&e, arg))
				return;
		}
	for (size_t i = 0; i < t->non_premises; i++) {
		const struct topo_on_premises *op = &t->on_premises[i];
		struct end_obj e = { NAMED_ON_PREMISES, op, op->id, op->name,
				     topo_tag_value(&op->tags, "Name") };
		if (!fn(&e, arg))
			return;
	}
}

/* The ends called word (by name or Name tag): how many, the first, and their list as
 * outputs show them (topo_display). */
struct called {
	const char *word;
	size_t n;
	struct end_obj first;
	char list[512];
	bool addresses;      /* some of them are named by a Terraform address */
	struct arena *a;
};

static bool add_called(const struct end_obj *e, void *arg)
{
	struct called *c = arg;
	bool by_name = e->name && !strcmp(e->name, c->word);
	bool by_tag = e->name_tag && *e->name_tag && !strcmp(e->name_tag, c->word);
	if (!by_name && !by_tag)
		return true;
	if (!c->n++)
		c->first = *e;
	c->addresses |= topo_name_is_tf_address(e->name);
	list_add(c->list, sizeof(c->list), topo_display(e->id, e->name, c->a));
	return true;
}

/* word as a name: the one end called so (by its name, or its Name tag where that is not
 * its name: a Terraform import names objects by address), or a message when several
 * are: a gate must never pass on a host it picked. */
static bool resolve_by_name(const struct topology *t, const char *word, struct named *out,
			    char *err, size_t errlen)
{
	bool amb_in = false, amb_if = false, amb_op = false;
	const struct topo_instance *in = topo_find(t, TOPO_INSTANCE, word, &amb_in);
	const struct topo_interface *ifc = topo_find_interface(t, word, &amb_if);
	const struct topo_on_premises *op = topo_find(t, TOPO_ON_PREMISES, word, &amb_op);
	bool several = amb_in || amb_if || amb_op || (!!in + !!ifc + !!op) > 1;
	struct end_obj e = { NAMED_NOTHING, NULL, NULL, NULL, NULL };
	if (in)
		e = (struct end_obj){ NAMED_INSTANCE, in, in->id, in->name, NULL };
	else if (ifc)
		e = (struct end_obj){ NAMED_INTERFACE, ifc, ifc->id, ifc->name, NULL };
	else if (op)
		e = (struct end_obj){ NAMED_ON_PREMISES, op, op->id, op->name, NULL };
	/* Name tags are names unless some are not (t->name_tags_apart): then they count */
	if (several || t->name_tags_apart) {
		struct called c = { .word = word, .a = arena_new() };
		each_end(t, add_called, &c);
		if (c.n > 1) {
			snprintf(err, errlen, "several things in the topology are called %s (%s); %s",
				 word, c.list, c.addresses ? "name one by its address or id" : "use an id");
			arena_free(c.a);
			return false;
		}
		arena_free(c.a);
		e = c.n ? c.first : (struct end_obj){ NAMED_NOTHING, NULL, NULL, NULL, NULL };
	}
	out->kind = e.kind;
	out->id = e.id;
	if (e.kind == NAMED_INSTANCE)
		out->instance = e.obj;
	else if (e.kind == NAMED_INTERFACE)
		out->interface = e.obj;
	else if (e.kind == NAMED_ON_PREMISES)
		out->on_premises = e.obj;
	return true;
}

bool name_resolve(const struct topology *t, const char *word, struct named *out, char *err,
		  size_t errlen)
{
	memset(out, 0, sizeof(*out));
	if (!*word) {
		snprintf(err, errlen, "an empty name");
		return false;
	}
	/* by id first (ids are unique across kinds), then by name and Name tag: a name
	 * shared by two things, of one kind or of several, is ambiguous */
	enum topo_kind kind = TOPO_NONE;
	const void *obj = topo_find_id(t, word, &kind);
	if (obj && kind == TOPO_INSTANCE) {
		out->kind = NAMED_INSTANCE;
		out->instance = obj;
		out->id = out->instance->id;
	} else if (obj && kind == TOPO_INTERFACE) {
		out->kind = NAMED_INTERFACE;
		out->interface = obj;
		out->id = out->interface->id;
	} else if (obj && kind == TOPO_ON_PREMISES) {
		out->kind = NAMED_ON_PREMISES;
		out->on_premises = obj;
		out->id = out->on_premises->id;
	} else if (!resolve_by_name(t, word, out, err, errlen)) {
		return false;
	}
	if (out->kind != NAMED_NOTHING)
		return true;
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

/* Ends whose Terraform address is word with parts left out: the module path, the type
 * or the instance key ("node1", "aws_instance.node1", "module.k8s.aws_instance.node" for
 * module.k8s.aws_instance.node[0]).  Only ever a suggestion: which one was meant is the
 * user's to say. */
struct partial {
	const char *word;
	size_t n;
	char list[512];   /* 'A', 'B' or 'C' */
	size_t last_at;   /* where the last one added starts, for the " or " */
	struct arena *a;
};

static bool add_partial(const struct end_obj *e, void *arg)
{
	struct partial *p = arg;
	if (!topo_name_is_tf_address(e->name) || !strcmp(e->name, p->word))
		return true;
	/* the address without module path, type or key, in every combination that keeps
	 * the resource's name */
	size_t len, wlen = strlen(p->word);
	const char *last = topo_tf_address_last(e->name, &len);
	const char *resource = topo_tf_address_resource(e->name);
	const char *key = last + len;   /* "" or "[KEY]" */
	size_t keyless = (size_t)(key - e->name);
	bool hit = !strcmp(last, p->word) || !strcmp(resource, p->word) ||
		   (*key && len == wlen && !strncmp(last, p->word, len)) ||
		   (*key && (size_t)(key - resource) == wlen && !strncmp(resource, p->word, wlen)) ||
		   (*key && keyless == wlen && !strncmp(e->name, p->word, wlen));
	if (!hit)
		return true;
	if (p->n++ < 5) {
		size_t n = strlen(p->list);
		const char *q = arena_concat(p->a, "'", e->name, "'", NULL);
		if (n + strlen(q) + 8 < sizeof(p->list)) {
			snprintf(p->list + n, sizeof(p->list) - n, "%s%s", n ? ", " : "", q);
			p->last_at = n ? n + 2 : 0;
		}
	}
	return true;
}

/* The list's last ", " as " or ": 'A', 'B' or 'C'. */
static const char *or_list(struct partial *p)
{
	if (p->n > 5)
		return arena_printf(p->a, "%s or one of %zu more", p->list, p->n - 5);
	if (p->n == 1 || !p->last_at)
		return arena_strdup(p->a, p->list);
	return arena_concat(p->a, arena_strndup(p->a, p->list, p->last_at - 2), " or ",
			    p->list + p->last_at, NULL);
}

static bool add_candidates(const struct end_obj *e, void *arg)
{
	struct tmpvec *v = arg;
	*(const char **)tmpvec_push(v, sizeof(char *)) = e->id;
	if (e->name)
		*(const char **)tmpvec_push(v, sizeof(char *)) = e->name;
	if (e->name_tag && *e->name_tag && (!e->name || strcmp(e->name, e->name_tag) != 0))
		*(const char **)tmpvec_push(v, sizeof(char *)) = e->name_tag;
	return true;
}

/* "did you mean" for what a flow's end may be called: quoted, "'A' or 'B'" when several
 * addresses fit a partial address; NULL when nothing is close. */
static const char *suggest(const struct topology *t, const char *word, bool destination,
			   struct arena *a)
{
	struct partial p = { .word = word, .a = a };
	each_end(t, add_partial, &p);
	if (p.n)
		return or_list(&p);
	struct tmpvec v = { 0 };
	each_end(t, add_candidates, &v);
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
	return s ? arena_concat(a, "'", s, "'", NULL) : NULL;
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
		snprintf(err, errlen, "%s is not in the topology: %s%s%s is %s, so the plan cannot "
			 "place it", word, m->address ? m->address : word, m->attribute ? "." : "",
			 m->attribute ? m->attribute : "", m->sensitive ? "sensitive in the plan" :
			 "known only after apply");
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
		 hint ? " (did you mean " : "", hint ? hint : "", hint ? "?)" : "",
		 host && !hint ? "; a host name other than an S3, S3 Express, DynamoDB or VPC "
				 "endpoint name resolves only where the topology's dns: pins it" : "");
}
