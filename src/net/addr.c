/* addr.c - see include/vpcpath/addr.h.  inet_pton/inet_ntop do the text work;
 * this file adds prefixes and comparisons on top. */
#include "vpcpath/addr.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

bool net_addr_parse(const char *s, struct net_addr *out)
{
	memset(out, 0, sizeof(*out));
	if (!s || !*s)
		return false;
	if (strchr(s, ':')) {
		if (inet_pton(AF_INET6, s, out->b) != 1)
			return false;
		out->family = NET_V6;
		return true;
	}
	if (inet_pton(AF_INET, s, out->b) != 1)
		return false;
	out->family = NET_V4;
	return true;
}

static unsigned family_bits(uint8_t family)
{
	return family == NET_V4 ? 32 : 128;
}

static void mask_host_bits(struct net_addr *a, unsigned len, bool *had)
{
	unsigned total = family_bits(a->family);
	/* byte at a time: this runs for every CIDR of a 200,000-route topology */
	for (unsigned byte = len / 8; byte < total / 8; byte++) {
		unsigned keep_bits = byte == len / 8 ? len % 8 : 0;
		uint8_t keep = (uint8_t)(0xffu << (8 - keep_bits));
		if (keep_bits == 0)
			keep = 0;
		if (a->b[byte] & (uint8_t)~keep) {
			if (had)
				*had = true;
			a->b[byte] &= keep;
		}
	}
}

bool net_prefix_parse(const char *s, struct net_prefix *out, bool *host_bits)
{
	char buf[NET_PREFIXSTRLEN + 8];
	if (host_bits)
		*host_bits = false;
	memset(out, 0, sizeof(*out));
	if (!s)
		return false;
	size_t n = strlen(s);
	if (n == 0 || n >= sizeof(buf))
		return false;
	memcpy(buf, s, n + 1);
	char *slash = strchr(buf, '/');
	long len = -1;
	if (slash) {
		*slash = '\0';
		const char *digits = slash + 1;
		/* a length is canonical decimal: "/08" is refused like the octet "08" is
		 * (some parsers read a leading zero as octal) */
		if (!*digits || strlen(digits) > 3 || (digits[0] == '0' && digits[1]))
			return false;
		for (const char *d = digits; *d; d++)
			if (*d < '0' || *d > '9')
				return false;
		len = strtol(digits, NULL, 10);
	}
	if (!net_addr_parse(buf, &out->addr))
		return false;
	unsigned bits = family_bits(out->addr.family);
	if (len < 0)
		len = bits;
	if ((unsigned long)len > bits)
		return false;
	out->len = (uint8_t)len;
	mask_host_bits(&out->addr, out->len, host_bits);
	return true;
}

/* Decimal digits of v (0-255 for an octet, up to a prefix length) at p; returns the
 * end.  By hand: bulk traces format addresses millions of times, and libc's
 * inet_ntop goes through sprintf for IPv4. */
static char *put_dec(char *p, unsigned v)
{
	if (v >= 100)
		*p++ = (char)('0' + v / 100);
	if (v >= 10)
		*p++ = (char)('0' + v / 10 % 10);
	*p++ = (char)('0' + v % 10);
	return p;
}

const char *net_addr_str(const struct net_addr *a, char *buf)
{
	if (a->family == NET_V4) {
		char *p = buf;
		for (int i = 0; i < 4; i++) {
			if (i)
				*p++ = '.';
			p = put_dec(p, a->b[i]);
		}
		*p = '\0';
	} else if (a->family == NET_V6)
		inet_ntop(AF_INET6, a->b, buf, NET_ADDRSTRLEN);
	else
		strcpy(buf, "-");
	return buf;
}

const char *net_prefix_str(const struct net_prefix *p, char *buf)
{
	net_addr_str(&p->addr, buf);
	char *end = buf + strlen(buf);
	*end++ = '/';
	*put_dec(end, p->len) = '\0';  /* a length is at most 128 */
	return buf;
}

bool net_addr_eq(const struct net_addr *a, const struct net_addr *b)
{
	return net_addr_cmp(a, b) == 0;
}

int net_addr_cmp(const struct net_addr *a, const struct net_addr *b)
{
	if (a->family != b->family)
		return a->family < b->family ? -1 : 1;
	return memcmp(a->b, b->b, a->family == NET_V4 ? 4 : 16);
}

static bool prefix_bits_equal(const struct net_addr *a, const struct net_addr *b, unsigned len)
{
	unsigned whole = len / 8, rest = len % 8;
	if (memcmp(a->b, b->b, whole) != 0)
		return false;
	if (rest == 0)
		return true;
	uint8_t m = (uint8_t)(0xffu << (8 - rest));
	return (a->b[whole] & m) == (b->b[whole] & m);
}

bool net_prefix_contains(const struct net_prefix *p, const struct net_addr *a)
{
	if (p->addr.family != a->family)
		return false;
	return prefix_bits_equal(&p->addr, a, p->len);
}

bool net_prefix_covers(const struct net_prefix *outer, const struct net_prefix *inner)
{
	if (outer->addr.family != inner->addr.family || outer->len > inner->len)
		return false;
	return prefix_bits_equal(&outer->addr, &inner->addr, outer->len);
}

bool net_prefix_overlaps(const struct net_prefix *a, const struct net_prefix *b)
{
	return net_prefix_covers(a, b) || net_prefix_covers(b, a);
}

struct net_addr net_prefix_nth(const struct net_prefix *p, uint64_t n)
{
	struct net_addr r = p->addr;
	int last = r.family == NET_V4 ? 3 : 15;
	unsigned carry = 0;
	for (int i = last; i >= 0 && (n || carry); i--) {
		unsigned v = r.b[i] + (unsigned)(n & 0xff) + carry;
		r.b[i] = (uint8_t)v;
		carry = v >> 8;
		n >>= 8;
	}
	return r;
}

uint64_t net_prefix_size(const struct net_prefix *p)
{
	unsigned host = family_bits(p->addr.family) - p->len;
	if (host >= 64)
		return UINT64_MAX;
	return (uint64_t)1 << host;
}

bool net_addr_is_private(const struct net_addr *a)
{
	static const char *const ranges[] = {
		"10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10",
		"127.0.0.0/8", "169.254.0.0/16", "fc00::/7", "fe80::/10", "::1/128",
	};
	for (size_t i = 0; i < sizeof(ranges) / sizeof(ranges[0]); i++) {
		struct net_prefix p;
		net_prefix_parse(ranges[i], &p, NULL);
		if (net_prefix_contains(&p, a))
			return true;
	}
	return false;
}

int net_prefix_qsort_cmp(const void *a, const void *b)
{
	const struct net_prefix *x = a, *y = b;
	int c = net_addr_cmp(&x->addr, &y->addr);
	return c ? c : (int)x->len - (int)y->len;
}
