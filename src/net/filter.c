/* filter.c - see include/vpcpath/filter.h */
#include "vpcpath/filter.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vpcpath/arena.h"

const char *filter_protocol_name(int protocol, char *buf, size_t len)
{
	switch (protocol) {
	case TOPO_PROTO_ALL: return "all";
	case TOPO_PROTO_TCP: return "tcp";
	case TOPO_PROTO_UDP: return "udp";
	case TOPO_PROTO_ICMP: return "icmp";
	case TOPO_PROTO_ICMPV6: return "icmpv6";
	default: snprintf(buf, len, "%d", protocol); return buf;
	}
}

static bool has_ports(int protocol)
{
	return protocol == TOPO_PROTO_TCP || protocol == TOPO_PROTO_UDP;
}

static bool proto_matches(int rule_proto, int flow_proto)
{
	return rule_proto == TOPO_PROTO_ALL || rule_proto == flow_proto;
}

static bool sg_listed(const struct topo_security_group *sg,
		      const struct topo_security_group *const *list, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (list[i] == sg)
			return true;
	return false;
}

bool sg_rule_admits(const struct topo_sg_rule *r, int protocol, unsigned port)
{
	if (!proto_matches(r->protocol, protocol))
		return false;
	/* F6.1: security groups filter only on destination ports */
	return r->protocol == TOPO_PROTO_ALL || !has_ports(protocol) ||
	       (port >= r->ports.lo && port <= r->ports.hi);
}

static bool sg_rule_matches(const struct topo_sg_rule *r, int protocol,
			    const struct net_addr *peer, unsigned port,
			    const struct topo_security_group *const *peer_sgs, size_t npeer_sgs)
{
	if (!sg_rule_admits(r, protocol, port))
		return false;
	switch (r->peer_kind) {
	case TOPO_PEER_CIDR:
		return net_prefix_contains(&r->cidr, peer);
	case TOPO_PEER_PREFIX_LIST: {
		const struct topo_prefix_list *pl = r->peer.ptr;
		if (!pl)
			return false;
		for (size_t i = 0; i < pl->cidrs.len; i++)
			if (net_prefix_contains(&pl->cidrs.items[i], peer))
				return true;
		return false;
	}
	case TOPO_PEER_SG:
		return r->peer.ptr && sg_listed(r->peer.ptr, peer_sgs, npeer_sgs);
	}
	return false;
}

void sg_evaluate(const struct topo_security_group *const *sgs, size_t nsgs, bool egress,
		 int protocol, const struct net_addr *peer, unsigned port,
		 const struct topo_security_group *const *peer_sgs, size_t npeer_sgs,
		 struct sg_verdict *out)
{
	memset(out, 0, sizeof(*out));
	for (size_t g = 0; g < nsgs; g++) {
		const struct topo_sg_rules *rules = egress ? &sgs[g]->egress : &sgs[g]->ingress;
		for (size_t i = 0; i < rules->len; i++)
			if (sg_rule_matches(&rules->items[i], protocol, peer, port, peer_sgs, npeer_sgs)) {
				out->allowed = true;
				out->sg = sgs[g];
				out->rule = &rules->items[i];
				return;
			}
	}
}

struct interval {
	unsigned lo, hi;
};

/* The decimal digits of v at p (at most 10); returns the end.  By hand: every NACL
 * crossing of every trace lists its rules and ports. */
static char *put_uint(char *p, unsigned v)
{
	char digits[10];
	int n = 0;
	do
		digits[n++] = (char)('0' + v % 10);
	while ((v /= 10) && n < 10);
	while (n)
		*p++ = digits[--n];
	return p;
}

static void append_range(char *buf, size_t len, unsigned lo, unsigned hi)
{
	size_t n = strlen(buf);
	if (n + 14 >= len)  /* ",65535-65535" and the NUL fit */
		return;
	char *p = buf + n;
	if (n)
		*p++ = ',';
	p = put_uint(p, lo);
	if (lo != hi) {
		*p++ = '-';
		p = put_uint(p, hi);
	}
	*p = '\0';
}

static void append_rule(char *buf, size_t len, unsigned number)
{
	char tmp[16];
	*put_uint(tmp, number) = '\0';
	/* no duplicates */
	for (const char *p = buf; *p;) {
		size_t tl = strlen(tmp);
		if (!strncmp(p, tmp, tl) && (p[tl] == ',' || p[tl] == '\0'))
			return;
		p = strchr(p, ',');
		if (!p)
			break;
		p++;
	}
	size_t n = strlen(buf), tl = strlen(tmp);
	if (n + tl + 2 < len) {
		if (n)
			buf[n++] = ',';
		memcpy(buf + n, tmp, tl + 1);
	}
}

void nacl_evaluate(const struct topo_network_acl *acl, bool egress, int protocol,
		   const struct net_addr *remote, struct topo_ports ports,
		   struct nacl_verdict *out)
{
	memset(out, 0, sizeof(*out));
	const struct topo_nacl_rules *rules = egress ? &acl->egress : &acl->ingress;
	if (!has_ports(protocol)) {
		ports.lo = ports.hi = 0;
	}
	/* undecided port intervals, first-match per port (F6.3).  A rule's range is one
	 * interval, so a rule adds at most one interval to the disjoint set: rules + 1
	 * bounds it.  Sized from the rule count, not fixed: the rules come from an
	 * untrusted file. */
	size_t cap = rules->len + 2;
	struct interval small[2][64];  /* a real ACL has at most 40 rules a direction */
	bool on_heap = cap > 64;
	struct interval *undecided = on_heap ? xmalloc(cap * sizeof(*undecided)) : small[0];
	struct interval *next = on_heap ? xmalloc(cap * sizeof(*next)) : small[1];
	size_t nund = 1;
	undecided[0].lo = ports.lo;
	undecided[0].hi = ports.hi;
	bool any_allowed = false, any_denied = false, first_denied_set = false;
	const struct topo_nacl_rule *first_allow = NULL;
	for (size_t i = 0; i < rules->len && nund > 0; i++) {
		const struct topo_nacl_rule *r = &rules->items[i];
		if (!proto_matches(r->protocol, protocol) || !net_prefix_contains(&r->cidr, remote))
			continue;
		unsigned rlo = 0, rhi = 65535;
		if (r->protocol != TOPO_PROTO_ALL && has_ports(protocol)) {
			rlo = r->ports.lo;
			rhi = r->ports.hi;
		}
		size_t nnext = 0;
		for (size_t k = 0; k < nund; k++) {
			struct interval u = undecided[k];
			unsigned lo = u.lo > rlo ? u.lo : rlo, hi = u.hi < rhi ? u.hi : rhi;
			if (lo > hi) {
				next[nnext++] = u;
				continue;
			}
			/* [lo,hi] is decided by this rule */
			if (r->allow) {
				any_allowed = true;
				if (!first_allow)
					first_allow = r;
				append_rule(out->allowed_rules, sizeof(out->allowed_rules), r->number);
			} else {
				any_denied = true;
				append_range(out->denied_ports, sizeof(out->denied_ports), lo, hi);
				if (!first_denied_set) {
					out->deciding_rule = r->number;
					out->rule = r;
					first_denied_set = true;
				}
			}
			if (u.lo < lo)
				next[nnext++] = (struct interval){ u.lo, lo - 1 };
			if (hi < u.hi)
				next[nnext++] = (struct interval){ hi + 1, u.hi };
		}
		struct interval *swap = undecided;
		undecided = next;
		next = swap;
		nund = nnext;
	}
	if (nund > 0) {
		any_denied = true;
		for (size_t k = 0; k < nund; k++)
			append_range(out->denied_ports, sizeof(out->denied_ports), undecided[k].lo,
				     undecided[k].hi);
		if (!first_denied_set) {
			out->deciding_rule = FILTER_NACL_DEFAULT_RULE;
			out->rule = NULL;
		}
	}
	if (on_heap) {
		free(undecided);
		free(next);
	}
	out->all_allowed = any_allowed && !any_denied;
	if (out->all_allowed) {
		out->deciding_rule = first_allow->number;
		out->rule = first_allow;
	}
	out->none_allowed = !any_allowed;
	out->deciding_allow = out->all_allowed;
	if (!has_ports(protocol))
		out->denied_ports[0] = '\0';
}
