/* filter.h - security groups (stateful, allow-only, F6.1-F6.2) and network ACLs
 * (stateless, ordered, first match, F6.3-F6.4).
 *
 * Ownership: results borrow from the topology.
 */
#ifndef VPCPATH_FILTER_H
#define VPCPATH_FILTER_H

#include <stdbool.h>
#include <stddef.h>

#include "vpcpath/topo.h"

#define FILTER_NACL_DEFAULT_RULE 32767 /* the "*" rule that denies what nothing matched */

struct flow {
	int protocol;                 /* TOPO_PROTO_* (never ALL in a real packet) */
	struct net_addr src, dst;
	struct topo_ports dst_ports;  /* a single port, or a range for "every ephemeral port" */
};

/* Security groups: the first rule, in group order then rule order, that admits the
 * flow.  `peer` is the remote address (dst for egress, src for ingress); peer_sgs are
 * the groups of the remote ENI (for sg-… references), may be empty. */
struct sg_verdict {
	bool allowed;
	const struct topo_security_group *sg; /* the group whose rule allowed */
	const struct topo_sg_rule *rule;
};

/* Does rule r admit the protocol and port, whatever its peer (F6.1: destination ports
 * only)? */
bool sg_rule_admits(const struct topo_sg_rule *r, int protocol, unsigned port);
void sg_evaluate(const struct topo_security_group *const *sgs, size_t nsgs, bool egress,
		 int protocol, const struct net_addr *peer, unsigned port,
		 const struct topo_security_group *const *peer_sgs, size_t npeer_sgs,
		 struct sg_verdict *out);

/* Network ACLs over a port range: which ports of dst_ports the ACL admits.  For a
 * single port, allowed is all-or-nothing.  remote is the address matched against the
 * rules' CIDRs (dst for egress, src for ingress). */
struct nacl_verdict {
	bool all_allowed, none_allowed;
	unsigned deciding_rule;          /* the rule that decided (the first denied part when
	                                  * any was denied), FILTER_NACL_DEFAULT_RULE for "*" */
	bool deciding_allow;
	char allowed_rules[64];          /* "100" or "100,110" */
	char denied_ports[96];           /* "1024-32767,61001-65535" when partially denied */
	const struct topo_nacl_rule *rule;
};

void nacl_evaluate(const struct topo_network_acl *acl, bool egress, int protocol,
		   const struct net_addr *remote, struct topo_ports ports,
		   struct nacl_verdict *out);

/* "tcp", "udp", "icmp", "all" or the number */
const char *filter_protocol_name(int protocol, char *buf, size_t len);
bool topo_parse_protocol(const char *s, int *out);

#endif
