/* display.c - the names users know an object by: its id, its name (a Name tag or, in a
 * topology imported from Terraform, the resource's address) and its Name tag, and the one
 * rule by which outputs show an object (topo_display).  See topo.h. */
#include <ctype.h>
#include <string.h>

#include "vpcpath/arena.h"
#include "vpcpath/topo.h"

/* A Terraform identifier: a letter or underscore, then letters, digits, _ and -. */
static const char *tf_ident(const char *s)
{
	if (!isalpha((unsigned char)*s) && *s != '_')
		return NULL;
	while (isalnum((unsigned char)*s) || *s == '_' || *s == '-')
		s++;
	return s;
}

/* An instance key: [0] or ["text"] (no brackets inside the text). */
static const char *tf_index(const char *s)
{
	if (*s != '[')
		return s;
	const char *end = strchr(s, ']');
	return end && end > s + 1 ? end + 1 : NULL;
}

/* One address step "NAME" with its optional key; NULL when s starts with none. */
static const char *tf_step(const char *s)
{
	s = tf_ident(s);
	return s ? tf_index(s) : NULL;
}

bool topo_name_is_tf_address(const char *name)
{
	if (!name)
		return false;
	const char *s = name;
	/* module.NAME[KEY]. … */
	while (!strncmp(s, "module.", 7)) {
		const char *e = tf_step(s + 7);
		if (!e || *e != '.')
			return false;
		s = e + 1;
	}
	if (!strncmp(s, "data.", 5))
		s += 5;
	/* TYPE.NAME[KEY]: the AWS provider's types (the only ones vpcpath imports) */
	if (strncmp(s, "aws_", 4) != 0)
		return false;
	const char *e = tf_ident(s);
	if (!e || *e != '.' || e[1] == '[')
		return false;
	e = tf_step(e + 1);
	return e && !*e;
}

bool topo_id_made_up(const char *id)
{
	/* topology.md "Ids": the AWS prefix, then "tf" and a hash in hex.  AWS's own ids are
	 * hex after the prefix, and t is not a hex digit, so they never match. */
	const char *tf = id ? strstr(id, "-tf") : NULL;
	if (!tf || !tf[3])
		return false;
	for (const char *p = tf + 3; *p; p++)
		if (!isxdigit((unsigned char)*p))
			return false;
	return true;
}

const char *topo_display(const char *id, const char *name, struct arena *a)
{
	if (!id || !name || !*name || !strcmp(id, name))
		return id;
	/* a made-up id means nothing to anybody: the name (the Terraform address) is what
	 * the user wrote; AWS's own ids are what the console and the CLI show */
	(void)a;
	return topo_id_made_up(id) ? name : id;
}

const char *topo_object_name(enum topo_kind kind, const void *obj)
{
	if (!obj)
		return NULL;
	switch (kind) {
	case TOPO_VPC: return ((const struct topo_vpc *)obj)->name;
	case TOPO_SUBNET: return ((const struct topo_subnet *)obj)->name;
	case TOPO_ROUTE_TABLE: return ((const struct topo_route_table *)obj)->name;
	case TOPO_SECURITY_GROUP: return ((const struct topo_security_group *)obj)->name;
	case TOPO_NETWORK_ACL: return ((const struct topo_network_acl *)obj)->name;
	case TOPO_INTERNET_GATEWAY:
	case TOPO_EGRESS_ONLY_IGW:
	case TOPO_VPN_GATEWAY: return ((const struct topo_gateway *)obj)->name;
	case TOPO_NAT_GATEWAY: return ((const struct topo_nat_gateway *)obj)->name;
	case TOPO_ENDPOINT: return ((const struct topo_endpoint *)obj)->name;
	case TOPO_INSTANCE: return ((const struct topo_instance *)obj)->name;
	case TOPO_INTERFACE: return ((const struct topo_interface *)obj)->name;
	case TOPO_PREFIX_LIST: return ((const struct topo_prefix_list *)obj)->name;
	case TOPO_VPN_CONNECTION: return ((const struct topo_vpn_connection *)obj)->name;
	case TOPO_PEERING: return ((const struct topo_peering *)obj)->name;
	case TOPO_TRANSIT_GATEWAY: return ((const struct topo_transit_gateway *)obj)->name;
	case TOPO_TGW_ATTACHMENT: return ((const struct topo_tgw_attachment *)obj)->name;
	case TOPO_TGW_ROUTE_TABLE: return ((const struct topo_tgw_route_table *)obj)->name;
	case TOPO_ON_PREMISES: return ((const struct topo_on_premises *)obj)->name;
	default: return NULL;
	}
}

const char *topo_display_name(const struct topology *t, const char *id, struct arena *a)
{
	enum topo_kind kind = TOPO_NONE;
	const void *obj = topo_find_id(t, id, &kind);
	return obj ? topo_display(id, topo_object_name(kind, obj), a) : id;
}

const char *topo_tf_address_last(const char *address, size_t *len)
{
	/* the resource's own name: after the last '.' outside an instance key */
	const char *last = address;
	int depth = 0;
	for (const char *p = address; *p; p++) {
		if (*p == '[')
			depth++;
		else if (*p == ']' && depth)
			depth--;
		else if (*p == '.' && !depth)
			last = p + 1;
	}
	const char *key = strchr(last, '[');
	*len = key ? (size_t)(key - last) : strlen(last);
	return last;
}

const char *topo_tf_address_resource(const char *address)
{
	/* TYPE.NAME[KEY]: the address after its module path */
	const char *s = address;
	while (!strncmp(s, "module.", 7)) {
		const char *e = tf_step(s + 7);
		if (!e || *e != '.')
			break;
		s = e + 1;
	}
	return s;
}
