/* filters.c - security groups and network ACLs as hops (F6.1-F6.4).
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "trace-int.h"

/* ---- filters as hops ---------------------------------------------------------------- */

static const char *ports_str(struct tctx *c, struct topo_ports p)
{
	if (p.lo == p.hi)
		return arena_printf(c->a, "%u", p.lo);
	return arena_printf(c->a, "%u-%u", p.lo, p.hi);
}

/* A NACL crossing as a hop.  remote: the far address the rules match; ports: the
 * destination port(s) of the packet.  Returns true when every port passes. */
bool nacl_hop(struct tctx *c, bool ret, const struct topo_subnet *s, bool egress,
	      const struct net_addr *remote, struct topo_ports ports, const char *what)
{
	const struct topo_network_acl *acl = s->network_acl;
	/* the subnet's ACL was not collected, or the loader made up the VPC's default
	 * one for the missing ACLs (F9.7) */
	const char *vpc = s->vpc ? s->vpc->id : NULL;
	const struct topo_missing *missing = s->network_acl_ref.missing ?
		topo_missing_of(c->t, TOPO_NETWORK_ACL, vpc, s->network_acl_ref.text) :
		!acl || acl->implicit ? topo_missing_of(c->t, TOPO_NETWORK_ACL, vpc, NULL) : NULL;
	if (missing || !acl) {
		subnet_part_missing(c, ret, "network-acl", s->network_acl_ref.text,
				    egress ? "egress" : "ingress", missing, s);
		return false;
	}
	struct nacl_verdict v;
	nacl_evaluate(acl, egress, c->proto, remote, ports, &v);
	struct trace_hop *h = hop_new(c, ret, "network-acl", acl->id,
				      v.all_allowed ? HOP_ALLOW : HOP_DENY);
	h->direction = egress ? "egress" : "ingress";
	h->has_rule = true;
	h->rule = v.deciding_rule;
	const char *remote_s = c->brief ? NULL : addr_str(c, remote);
	const char *ps = c->brief ? NULL : ports_str(c, ports);
	if (v.rule)
		h->where = loc_str(c, v.rule->loc);
	if (v.all_allowed) {
		h->detail = strchr(v.allowed_rules, ',') ?
			    TEXT(c, "%s %s %s %s (%s; rules %s)", proto_str(c, c->proto), ps,
					 egress ? "to" : "from", remote_s, what, v.allowed_rules) :
			    TEXT(c, "%s %s %s %s (%s)", proto_str(c, c->proto), ps,
					 egress ? "to" : "from", remote_s, what);
		return true;
	}
	const char *rule_s = v.deciding_rule == FILTER_NACL_DEFAULT_RULE ? "*" :
			     TEXT(c, "%u", v.deciding_rule);
	if (!v.none_allowed && ports.lo != ports.hi) {
		/* cli.md: only part of the ephemeral range admitted: intermittent failures */
		h->detail = TEXT(c, "%s ports %s %s %s denied by rule %s (rules %s admit the "
					 "rest of %s)", proto_str(c, c->proto), v.denied_ports,
					 egress ? "to" : "from", remote_s, rule_s, v.allowed_rules, ps);
		finish(c, TRACE_UNREACHABLE, "NACL_RETURN_DENIED", ret, h,
		       "network ACL %s %s admits only part of the client's ephemeral ports %s: ports %s "
		       "are denied by rule %s, so some connections fail; allow %s %s %s %s", acl->id,
		       h->direction, ps, v.denied_ports, rule_s, proto_str(c, c->proto), ps,
		       egress ? "to" : "from", remote_s);
		return false;
	}
	h->detail = TEXT(c, "%s %s %s %s denied by rule %s", proto_str(c, c->proto), ps,
				 egress ? "to" : "from", remote_s, rule_s);
	const char *code = ret ? "NACL_RETURN_DENIED" : egress ? "NACL_EGRESS_DENIED" :
									  "NACL_INGRESS_DENIED";
	finish(c, TRACE_UNREACHABLE, code, ret, h,
	       "network ACL %s %s rule %s denies %s %s %s %s (%s); add an allow rule numbered below %s",
	       acl->id, h->direction, rule_s, proto_str(c, c->proto), ps, egress ? "to" : "from",
	       remote_s, what, rule_s);
	return false;
}

static const char *sg_list_str(struct tctx *c, const struct topo_security_group *const *sgs,
			       size_t n)
{
	size_t len = 1;
	for (size_t i = 0; i < n; i++)
		len += strlen(sgs[i]->id) + 1;
	char *s = arena_alloc(c->a, len);
	for (size_t i = 0; i < n; i++) {
		if (i)
			strcat(s, ",");
		strcat(s, sgs[i]->id);
	}
	return s;
}

static const char *peer_str(struct tctx *c, const struct topo_sg_rule *r)
{
	char buf[NET_PREFIXSTRLEN];
	if (r->peer_kind == TOPO_PEER_CIDR)
		return arena_strdup(c->a, net_prefix_str(&r->cidr, buf));
	return r->peer.text;
}

/* Could the destination `peer` be a member of a security group the data lacks?  Only an
 * interface of a VPC can (F6.1): not one the data knows with all its groups, not an
 * address of a modelled subnet that no interface holds (unless that VPC's instances
 * or interfaces were not collected), not an on-premises or public address; an
 * address outside every modelled subnet may be an interface of a VPC the data lacks
 * (another account's, over peering). */
static bool may_be_member_of_missing_group(struct tctx *c, const struct net_addr *peer)
{
	const struct topo_subnet *s = topo_subnet_for_addr(c->t, peer);
	if (s && s->vpc) {
		struct eni e;
		if (find_eni(c, s->vpc, peer, &e))
			return e.sg_missing != NULL;
		return topo_missing_of(c->t, TOPO_INSTANCE, s->vpc->id, NULL) ||
		       topo_missing_of(c->t, TOPO_ENI, s->vpc->id, NULL);
	}
	return net_addr_is_private(peer) && !on_premises_for(c->t, peer);
}

/* The first rule of sgs that might admit the flow but names a group or a prefix list
 * the data lacks (F9.7): its missing: entry, else NULL.  A prefix list the data lacks
 * may hold any peer; a group, only a peer that may_be_member_of_missing_group allows
 * (asked for egress only: a source's groups are known before it sends, or its trace
 * has ended). */
static const struct topo_missing *missing_peer_rule(struct tctx *c,
						    const struct topo_security_group *const *sgs,
						    size_t nsgs, bool egress, const struct net_addr *peer)
{
	int member = -1;  /* may_be_member_of_missing_group, asked once when needed */
	for (size_t g = 0; g < nsgs; g++) {
		const struct topo_sg_rules *rules = egress ? &sgs[g]->egress : &sgs[g]->ingress;
		const char *vpc = sgs[g]->vpc ? sgs[g]->vpc->id : NULL;
		for (size_t i = 0; i < rules->len; i++) {
			const struct topo_sg_rule *r = &rules->items[i];
			if (r->peer_kind == TOPO_PEER_CIDR || !r->peer.missing ||
			    !sg_rule_admits(r, c->proto, c->port))
				continue;
			if (r->peer_kind == TOPO_PEER_SG) {
				if (!egress)
					continue;
				if (member < 0)
					member = may_be_member_of_missing_group(c, peer);
				if (!member)
					continue;
			}
			const struct topo_missing *m = topo_missing_of(c->t, r->peer.kind, vpc,
								       r->peer.text);
			if (m)
				return m;
		}
	}
	return NULL;
}

bool sg_hop(struct tctx *c, const struct topo_security_group *const *sgs, size_t nsgs,
	    bool egress, const struct net_addr *peer,
	    const struct topo_security_group *const *peer_sgs, size_t npeer)
{
	struct sg_verdict v;
	sg_evaluate(sgs, nsgs, egress, c->proto, peer, c->port, peer_sgs, npeer, &v);
	struct trace_hop *h = hop_new(c, false, "security-group",
				      v.allowed ? v.sg->id : sg_list_str(c, sgs, nsgs),
				      v.allowed ? HOP_ALLOW : HOP_DENY);
	h->direction = egress ? "egress" : "ingress";
	const char *ps = c->proto == TOPO_PROTO_TCP || c->proto == TOPO_PROTO_UDP ?
			 TEXT(c, " %u", c->port) : "";
	if (v.allowed) {
		h->has_rule = true;
		h->rule = v.rule->index;
		h->where = loc_str(c, v.rule->loc);
		h->detail = TEXT(c, "%s%s %s %s", proto_str(c, v.rule->protocol == TOPO_PROTO_ALL ?
									 TOPO_PROTO_ALL : c->proto),
					 v.rule->protocol == TOPO_PROTO_ALL ? "" :
					 v.rule->ports.lo == v.rule->ports.hi ?
					 arena_printf(c->a, " %u", v.rule->ports.lo) :
					 arena_printf(c->a, " %u-%u", v.rule->ports.lo, v.rule->ports.hi),
					 egress ? "to" : "from", peer_str(c, v.rule));
		return true;
	}
	h->detail = TEXT(c, "no %s rule admits %s%s %s %s", egress ? "egress" : "ingress",
				 proto_str(c, c->proto), ps, egress ? "to" : "from", addr_str(c, peer));
	if (nsgs)
		h->where = loc_str(c, sgs[0]->loc);
	/* a rule naming a group or prefix list the data lacks may admit the flow */
	const struct topo_missing *m = missing_peer_rule(c, sgs, nsgs, egress, peer);
	if (m) {
		h->detail = TEXT(c, "no %s rule admits %s%s %s %s, unless %s is in %s",
				 egress ? "egress" : "ingress", proto_str(c, c->proto), ps,
				 egress ? "to" : "from", addr_str(c, peer), addr_str(c, peer),
				 m->id ? m->id : m->what);
		missing_data(c, false, h, m);
		return false;
	}
	finish(c, TRACE_UNREACHABLE, egress ? "SG_EGRESS_DENIED" : "SG_INGRESS_DENIED", false, h,
	       "no %s rule of security group %s admits %s%s %s %s; add one (security groups allow "
	       "only what a rule names, F6.1)", egress ? "egress" : "ingress",
	       sg_list_str(c, sgs, nsgs), proto_str(c, c->proto), ps, egress ? "to" : "from",
	       addr_str(c, peer));
	return false;
}
