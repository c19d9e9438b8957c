/* memo.h - inside the trace module: route lookups through a trace_memo (memo.c). */
#ifndef VPCPATH_TRACE_MEMO_H
#define VPCPATH_TRACE_MEMO_H

#include "vpcpath/policy.h"
#include "vpcpath/route.h"
#include "vpcpath/trace.h"

#include "dest.h"

/* route_lookup(), remembered in m when m is not NULL. */
void memo_route_lookup(struct trace_memo *m, const struct topology *t,
		       const struct topo_route_table *rt, const struct net_addr *dst,
		       struct route_match *out);
/* decide(p, req) (does resource policy p deny req from outside a VPC endpoint?),
 * remembered in m when m is not NULL. */
bool memo_pinned(struct trace_memo *m, const struct policy *p, const struct policy_request *req,
		 bool (*decide)(const struct policy *p, const struct policy_request *req));
/* name_resolve(), remembered in m when m is not NULL (out points into t either way). */
bool memo_name_resolve(struct trace_memo *m, const struct topology *t, const char *word,
		       struct named *out, char *err, size_t errlen);
/* dest_parse(), remembered in m when m is not NULL: then d's strings are m's, else a's. */
bool memo_dest_parse(struct trace_memo *m, const struct topology *t, const char *text,
		     const char *host_override, struct arena *a, struct dest *d, char *err,
		     size_t errlen);
/* arena_loc(a, file, loc): "FILE:LINE:COL", in m when m is not NULL (file must then be
 * the memo's topology's, as it is for every resource). */
const char *memo_loc(struct trace_memo *m, struct arena *a, const char *file, struct topo_loc loc);

struct addrset;
/* The classes of prefix list pl's addresses (addrset_partition), kept in m when m is
 * not NULL (then they are m's), else made in a. */
const struct addrset *memo_addrset(struct trace_memo *m, const struct topology *t,
				   const struct topo_prefix_list *pl, struct arena *a);

/* The run's request time as aws:CurrentTime and aws:EpochTime text: false until set.
 * A bulk run asks at one time; the strings are m's. */
bool memo_request_time(struct trace_memo *m, const char **iso, const char **epoch);
void memo_set_request_time(struct trace_memo *m, const char *iso, const char *epoch);

#endif
