/* trace-int.h - private to src/trace: the context one trace carries through its stages
 * (one file per stage, see trace.c) and the primitives they share.  Everything here
 * lives in the trace result's arena. */
#ifndef VPCPATH_TRACE_INT_H
#define VPCPATH_TRACE_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "dest.h"
#include "addrset.h"
#include "memo.h"
#include "vpcpath/arena.h"
#include "vpcpath/filter.h"
#include "vpcpath/policy.h"
#include "vpcpath/route.h"
#include "vpcpath/trace.h"
#include "vpcpath/util.h"

struct tctx {
	const struct topology *t;
	const struct trace_query *q;
	struct trace_result *r;
	struct arena *a;
	struct arena_vec hops, rhops, alts;
	struct arena_vec ctx;     /* struct ctx_entry: the request context being built */
	bool finished;            /* a verdict other than reachable was set */
	bool brief;               /* q->brief: no human text (see TEXT) */

	/* source */
	const struct topo_instance *inst;
	const struct topo_interface *iface;   /* the source is a declared interface (F6.5) */
	const struct topo_subnet *subnet;
	const struct topo_vpc *vpc;
	struct net_addr src_ip;
	const struct topo_security_group **sgs;
	size_t nsgs;
	struct topo_ports eph;
	const struct topo_on_premises *onprem;
	const struct topo_missing *src_missing; /* the source's subnet was not collected (F9.7) */
	bool returned;            /* the response's way into the source subnet is checked */
	bool overrides_warned;

	/* flow */
	int proto;
	unsigned port;
	struct dest d;
	struct dns_answer ans;
	struct net_addr dst_ip;
	const char *action, *principal;
	char path[128];
	/* the transit gateways crossed, in order, and the attachment each was entered
	 * from: a response must cross them back the same way (F1.14) */
	struct tgw_crossing {
		const struct topo_transit_gateway *tgw;
		const struct topo_tgw_attachment *in;
	} tgw_crossed[8];
	size_t ntgw_crossed;
	/* a name that stands for a range (F2.17): its classes (addrset.h), and the one
	 * this trace follows (trace_run traces each) */
	const struct addrset *range;
	const struct topo_prefix_list *range_pl;
	size_t range_class;
};

/* Human text (hop details, hints, the reason's message, warnings, policy
 * explanations) is most of a trace's cost and is read only when someone reads the
 * trace.  Bulk runs (q->brief: check's all_pairs cells) need the verdict, reason code,
 * path, hops and places, and trace a flow again in full when a report shows it.  The
 * arguments are not evaluated in brief mode; the result is NULL there. */
#define TEXT(c, ...) ((c)->brief ? NULL : arena_printf((c)->a, __VA_ARGS__))

/* Ends the trace with a verdict other than reachable; h (may be NULL) decided it.
 * finish(c, verdict, code, ret, h, fmt, ...): the message is formatted only outside
 * brief mode (TEXT). */
#define finish(c, v, code, ret, h, ...)                                                     \
	do {                                                                                \
		struct trace_hop *finish_hop_ = (h);                                        \
		finish_verdict((c), (v), (code), (ret), finish_hop_);                       \
		if (!(c)->brief)                                                            \
			finish_message((c), finish_hop_, __VA_ARGS__);                      \
	} while (0)

void finish_verdict(struct tctx *c, enum trace_verdict v, const char *code, bool ret,
		    struct trace_hop *h);
void finish_message(struct tctx *c, struct trace_hop *h, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* warn(c, code, where, fmt, ...): a warning on the result; none in brief mode. */
#define warn(c, code, where, ...)                                                           \
	do {                                                                                \
		if (!(c)->brief)                                                            \
			add_warning((c), (code), (where), __VA_ARGS__);                     \
	} while (0)

void add_warning(struct tctx *c, const char *code, const char *where, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static inline struct topo_ports one_port(unsigned p)
{
	struct topo_ports r = { (uint16_t)p, (uint16_t)p };
	return r;
}

/* One key of the request context as the trace builds it; a key with several values
 * (F7.11) has one entry per value.  klen spares the length in every lookup. */
struct ctx_entry {
	const char *key, *value;
	size_t klen;
};

/* A network interface found at an address (deliver.c find_eni). */
struct eni {
	const char *id;
	const struct topo_subnet *subnet;
	const struct topo_security_group **sgs;
	size_t nsgs;
	const struct topo_instance *inst;
	const struct topo_interface *iface;    /* another service's interface (F6.5) */
	const struct topo_endpoint *endpoint;
	const struct topo_nat_gateway *nat;
	struct topo_ports eph;
	const struct topo_missing *sg_missing; /* a group it names was not collected (F9.7) */
};

/* How the packet entered the VPC it is delivered in: decides which NACLs apply, whether
 * security-group references to the source work, and where the response must go. */
enum entry_kind { ENTRY_LOCAL, ENTRY_PEERING, ENTRY_TGW, ENTRY_VGW, ENTRY_IGW };

struct entry {
	enum entry_kind how;
	const void *gateway;                 /* pcx, tgw, vgw or igw the packet came through */
	const char *gateway_id;
	const struct topo_transit_gateway *tgw;
	bool same_region;
};

/* A transit gateway route table's choice for one address (transit.c tgw_lookup). */
struct tgw_match {
	const struct topo_tgw_attachment *attachment;
	bool blackhole, found, propagated;
	struct net_prefix matched;
};

/* trace.c */
const char *addr_str(struct tctx *c, const struct net_addr *a);
const char *loc_str(struct tctx *c, struct topo_loc loc);
const char *proto_str(struct tctx *c, int proto);
struct trace_hop *hop_new(struct tctx *c, bool ret, const char *kind, const char *id,
			  enum trace_hop_result result);
void ctx_set(struct tctx *c, const char *key, const char *value);
void ctx_add(struct tctx *c, const char *key, const char *value);
void path_add(struct tctx *c, const char *part);
void missing_data(struct tctx *c, bool ret, struct trace_hop *h, const struct topo_missing *m);
/* The same for an entry with reason plan_unknown: PLAN_UNKNOWN (missing_data calls it). */
void plan_unknown(struct tctx *c, bool ret, struct trace_hop *h, const struct topo_missing *m);
const struct topo_missing *subnet_table_missing(struct tctx *c, const struct topo_subnet *s);
void subnet_part_missing(struct tctx *c, bool ret, const char *kind, const char *id,
			 const char *direction, const struct topo_missing *m,
			 const struct topo_subnet *s);
void range_pick(struct tctx *c);

/* source.c */
bool host_served(struct tctx *c);
bool is_vpc_resolver(const struct topo_vpc *vpc, const struct net_addr *a);
bool resolve_destination(struct tctx *c, const struct topo_vpc *vpc, const char *az,
			 bool inbound_resolver);
bool resolve_source(struct tctx *c, struct diag_list *diags);

/* filters.c */
/* A subnet's network ACL crossing as a hop (F6.3): remote is the far address the rules
 * match, ports the packet's destination port(s).  True when every port passes. */
bool nacl_hop(struct tctx *c, bool ret, const struct topo_subnet *s, bool egress,
	      const struct net_addr *remote, struct topo_ports ports, const char *what);
bool sg_hop(struct tctx *c, const struct topo_security_group *const *sgs, size_t nsgs,
	    bool egress, const struct net_addr *peer,
	    const struct topo_security_group *const *peer_sgs, size_t npeer);

/* routing.c */
void trace_route(struct tctx *c, const struct topo_subnet *from, const struct net_addr *src,
		 bool behind_nat, const struct topo_nat_gateway *nat);

/* deliver.c */
const struct topo_missing *sgs_missing(struct tctx *c, const struct topo_vpc *vpc,
				       const struct topo_ref_list *refs, bool default_when_empty);
bool find_eni(struct tctx *c, const struct topo_vpc *vpc, const struct net_addr *a,
	      struct eni *out);
bool return_into_source(struct tctx *c, const struct net_addr *remote);
const struct topo_endpoint *gateway_endpoint_for(const struct topo_vpc *vpc,
						 enum topo_service svc);
struct topo_ports client_ports(struct tctx *c);
void deliver(struct tctx *c, const struct topo_vpc *vpc, const struct entry *ev,
	     struct trace_hop *rh);
void instance_sgs(struct tctx *c, const struct topo_instance *in,
		  const struct topo_security_group ***out, size_t *n);
void not_transitive(struct tctx *c, const struct topo_vpc *vpc, struct trace_hop *h,
		    const char *from);
void trace_local(struct tctx *c, struct trace_hop *rh);

/* transit.c */
bool tgw_return_ok(struct tctx *c, const struct topo_vpc *vpc);
const char *vpn_down(const struct topology *t, const struct topo_gateway *vgw);
const struct topo_on_premises *on_premises_for(const struct topology *t,
					       const struct net_addr *a);
const struct topo_transit_gateway *tgw_of_attachment(const struct topology *t,
						     const struct topo_tgw_attachment *a);
void tgw_lookup(const struct topology *t, const struct topo_tgw_route_table *rt,
		const struct net_addr *dst, struct tgw_match *out);
void via_peering(struct tctx *c, const struct topo_peering *pcx, const struct topo_vpc *from);
void via_tgw(struct tctx *c, const struct topo_transit_gateway *tgw,
	     const struct topo_tgw_attachment *from);
void via_tgw_from_vpc(struct tctx *c, const struct topo_transit_gateway *tgw,
		      struct trace_hop *rh);
void via_vgw(struct tctx *c, const struct topo_gateway *vgw);

/* authorize.c */
bool service_accepts(struct tctx *c);
const char *default_action(const struct dest *d);
void authorize(struct tctx *c, const struct topo_endpoint *ep, struct trace_hop *ep_hop);
const char *endpoint_service_label(const struct topo_endpoint *ep);
void service_without_request(struct tctx *c, const char *service, const char *region,
			     const char *via);
void base_context(struct tctx *c);
void context_overrides(struct tctx *c);
void set_endpoint_context(struct tctx *c, const struct topo_endpoint *ep,
			  const struct net_addr *vpc_source_ip);
void set_public_context(struct tctx *c, const struct net_addr *public_ip);

/* outside.c */
void trace_from_outside(struct tctx *c);

#endif
