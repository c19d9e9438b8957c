/* addr.h - IPv4/IPv6 addresses and prefixes.
 *
 * Values are plain structs (no ownership).  IPv4 addresses are stored in the first
 * four bytes; a prefix never mixes families (F1.2: 0.0.0.0/0 does not cover IPv6).
 */
#ifndef VPCPATH_ADDR_H
#define VPCPATH_ADDR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum net_family { NET_NONE = 0, NET_V4 = 4, NET_V6 = 6 };

struct net_addr {
	uint8_t family; /* enum net_family */
	uint8_t b[16];
};

struct net_prefix {
	struct net_addr addr;
	uint8_t len;
};

#define NET_ADDRSTRLEN 46
#define NET_PREFIXSTRLEN 50

/* Parses a bare address.  Returns false on anything else (no prefix, no spaces). */
bool net_addr_parse(const char *s, struct net_addr *out);
/* Parses "ADDR/LEN" or a bare address (taken as /32 or /128).  *host_bits is set
 * when bits beyond LEN were set; the result is canonicalised either way (F6.3). */
bool net_prefix_parse(const char *s, struct net_prefix *out, bool *host_bits);
/* Formats into buf (NET_ADDRSTRLEN / NET_PREFIXSTRLEN); returns buf. */
const char *net_addr_str(const struct net_addr *a, char *buf);
const char *net_prefix_str(const struct net_prefix *p, char *buf);

bool net_addr_eq(const struct net_addr *a, const struct net_addr *b);
int net_addr_cmp(const struct net_addr *a, const struct net_addr *b);
/* qsort order of struct net_prefix: by address, then the shorter prefix first. */
int net_prefix_qsort_cmp(const void *a, const void *b);
bool net_prefix_contains(const struct net_prefix *p, const struct net_addr *a);
/* true when every address of inner is in outer */
bool net_prefix_covers(const struct net_prefix *outer, const struct net_prefix *inner);
bool net_prefix_overlaps(const struct net_prefix *a, const struct net_prefix *b);
/* The address at offset n from the prefix's first address (n within range). */
struct net_addr net_prefix_nth(const struct net_prefix *p, uint64_t n);
/* Number of addresses, saturated at UINT64_MAX. */
uint64_t net_prefix_size(const struct net_prefix *p);
bool net_addr_is_private(const struct net_addr *a);

#endif
