/* addrset.h - private to src/trace: the addresses a name stands for, split into the
 * classes of addresses that nothing in the topology tells apart (F2.17).
 *
 * S3 and DynamoDB answer DNS with any address of the service's published ranges, so a
 * verdict for `s3://bucket` must hold for each of them.  Every decision the tracer
 * makes about a destination address is a membership test against a prefix the
 * topology (or the built-in data) holds: route and prefix-list entries, network ACL
 * and security-group rules, VPC and subnet CIDRs, on-premises networks, VPN routes,
 * interface addresses.  Split the set at every such prefix and two addresses are
 * traced alike exactly when the same prefixes hold them and every route table chooses
 * the same route for them; one trace per class then answers for the whole set.
 */
#ifndef VPCPATH_TRACE_ADDRSET_H
#define VPCPATH_TRACE_ADDRSET_H

#include <stdbool.h>
#include <stddef.h>

#include "vpcpath/addr.h"
#include "vpcpath/topo.h"

struct arena;

struct addrset_class {
	struct net_prefix *cidrs;  /* the class's addresses, ascending, adjacent ones merged */
	size_t ncidrs;
	struct net_addr rep;       /* the address traced for the whole class */
};

struct addrset {
	struct addrset_class *classes;  /* ordered by their first address */
	size_t nclasses;
	bool truncated;            /* past a bound below: not split, one class of the whole set,
	                              which the tracer answers "may depend on the address" */
};

/* Bounds on the work for one set, so that time and memory stay bounded for any
 * topology: runs of addresses between boundaries, classes (each one is traced), route
 * lookups (one per run and route table near the set) and signature bytes kept. */
#define ADDRSET_MAX_PIECES 65536
#define ADDRSET_MAX_CLASSES 4096
#define ADDRSET_MAX_LOOKUPS ((size_t)1 << 22)
#define ADDRSET_MAX_SIGNATURE_BYTES ((size_t)64 << 20)

/* The bounds in force, the defaults above unless a test lowered them: reaching the
 * route lookups' or the signature bytes' bound with the defaults takes thousands of
 * route tables and 64 MB, too much for a unit test under the sanitizers.  Only tests
 * call addrset_set_bounds (NULL: back to the defaults); it is not for threads. */
struct addrset_bounds {
	size_t pieces, classes, lookups, signature_bytes;
};
void addrset_set_bounds(const struct addrset_bounds *b);

/* Partitions set[0..n) (prefixes of one family) by every prefix of t that could decide
 * a trace.  The result lives in a.  n == 0 gives no class.  Reads the whole topology:
 * for many sets, use an index. */
void addrset_partition(const struct topology *t, const struct net_prefix *set, size_t n,
		       struct arena *a, struct addrset *out);

/* Every prefix of a topology that could decide a trace, ordered by address, so that a
 * set's partition reads only the prefixes near it: a run that partitions many sets
 * (30,000 buckets, each in a Region of its own, each a set) makes one.  The caller
 * frees it with addrset_index_free, before the topology. */
struct addrset_index;
struct addrset_index *addrset_index_new(const struct topology *t);
void addrset_index_free(struct addrset_index *ix);
/* addrset_partition() of ix's topology, through the index: the same classes. */
void addrset_partition_indexed(const struct addrset_index *ix, const struct net_prefix *set,
			       size_t n, struct arena *a, struct addrset *out);

#endif
