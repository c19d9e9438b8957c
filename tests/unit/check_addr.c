/* check_addr.c - IPv4/IPv6 addresses and prefixes (src/net/addr.c): parsing,
 * formatting, canonicalisation of host bits (F6.3), containment and overlap, and the
 * rule that IPv4 and IPv6 never mix (F1.2). */
#include <stdint.h>
#include <string.h>

#include "check_main.h"
#include "vpcpath/addr.h"

/* ---- helpers ------------------------------------------------------------------- */

static struct net_addr A(const char *s)
{
	struct net_addr a;
	ck_assert_msg(net_addr_parse(s, &a), "address '%s' should parse", s);
	return a;
}

static struct net_prefix P(const char *s)
{
	struct net_prefix p;
	ck_assert_msg(net_prefix_parse(s, &p, NULL), "prefix '%s' should parse", s);
	return p;
}

static const char *pstr(const char *s)
{
	static char buf[4][NET_PREFIXSTRLEN];
	static int next;
	struct net_prefix p = P(s);
	return net_prefix_str(&p, buf[next++ % 4]);
}

static const char *astr(const char *s)
{
	static char buf[4][NET_ADDRSTRLEN];
	static int next;
	struct net_addr a = A(s);
	return net_addr_str(&a, buf[next++ % 4]);
}

/* ---- addresses ------------------------------------------------------------------- */

START_TEST(ipv4_parse_and_format)
{
	struct net_addr a = A("10.1.2.3");
	ck_assert_int_eq(a.family, NET_V4);
	ck_assert_uint_eq(a.b[0], 10);
	ck_assert_uint_eq(a.b[1], 1);
	ck_assert_uint_eq(a.b[2], 2);
	ck_assert_uint_eq(a.b[3], 3);
	/* the rest of the storage is zero, so memcmp-based comparison is sound */
	for (int i = 4; i < 16; i++)
		ck_assert_uint_eq(a.b[i], 0);
	ck_assert_str_eq(astr("10.1.2.3"), "10.1.2.3");
	ck_assert_str_eq(astr("0.0.0.0"), "0.0.0.0");
	ck_assert_str_eq(astr("255.255.255.255"), "255.255.255.255");
}
END_TEST

START_TEST(ipv6_parse_and_format)
{
	struct net_addr a = A("2001:db8::1");
	ck_assert_int_eq(a.family, NET_V6);
	ck_assert_uint_eq(a.b[0], 0x20);
	ck_assert_uint_eq(a.b[1], 0x01);
	ck_assert_uint_eq(a.b[2], 0x0d);
	ck_assert_uint_eq(a.b[3], 0xb8);
	ck_assert_uint_eq(a.b[15], 1);
	/* formatting is the canonical compressed, lower-case form (RFC 5952) */
	ck_assert_str_eq(astr("2001:DB8:0:0:0:0:0:1"), "2001:db8::1");
	ck_assert_str_eq(astr("::"), "::");
	ck_assert_str_eq(astr("::1"), "::1");
	ck_assert_str_eq(astr("2600:1fa0:8000::10"), "2600:1fa0:8000::10");
	/* an IPv4-mapped address is an IPv6 address */
	ck_assert_int_eq(A("::ffff:10.0.0.1").family, NET_V6);
}
END_TEST

START_TEST(address_invalid)
{
	static const char *const bad[] = {
		"", " ", "300.1.1.1", "1.2.3", "1.2.3.4.5", "1.2.3.4 ", " 1.2.3.4", "1.2.3.4/32",
		"10.0.0.256", "a.b.c.d", "1..2.3", "2001:db8::1::2", "2001:db8::g", ":::",
		"fe80::1%eth0", "10.0.0.1\n", "-1.2.3.4",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct net_addr a;
		memset(&a, 0xaa, sizeof(a));
		ck_assert_msg(!net_addr_parse(bad[i], &a), "'%s' must not parse as an address", bad[i]);
		ck_assert_int_eq(a.family, NET_NONE);
	}
	struct net_addr a;
	ck_assert(!net_addr_parse(NULL, &a));
}
END_TEST

START_TEST(address_compare)
{
	struct net_addr x = A("10.0.0.1"), y = A("10.0.0.2"), z = A("10.0.0.1");
	struct net_addr v6 = A("::1");
	ck_assert(net_addr_eq(&x, &z));
	ck_assert(!net_addr_eq(&x, &y));
	ck_assert_int_lt(net_addr_cmp(&x, &y), 0);
	ck_assert_int_gt(net_addr_cmp(&y, &x), 0);
	ck_assert_int_eq(net_addr_cmp(&x, &z), 0);
	/* families never compare equal, and order IPv4 before IPv6 */
	struct net_addr v4zero = A("0.0.0.0"), v6zero = A("::");
	ck_assert(!net_addr_eq(&v4zero, &v6zero));
	ck_assert_int_lt(net_addr_cmp(&x, &v6), 0);
	ck_assert_int_gt(net_addr_cmp(&v6, &x), 0);
	/* numeric, not textual, order */
	struct net_addr n9 = A("10.0.0.9"), n10 = A("10.0.0.10");
	ck_assert_int_lt(net_addr_cmp(&n9, &n10), 0);
}
END_TEST

START_TEST(address_private)
{
	static const char *const priv[] = { "10.1.2.3", "172.16.0.1", "172.31.255.255",
					    "192.168.1.1", "100.64.0.1", "127.0.0.1",
					    "169.254.169.254", "fd00::1", "fe80::1", "::1" };
	static const char *const pub[] = { "8.8.8.8", "172.32.0.1", "172.15.255.255",
					   "52.216.1.1", "100.128.0.1", "2600:1fa0:8000::1" };
	for (size_t i = 0; i < sizeof(priv) / sizeof(priv[0]); i++) {
		struct net_addr a = A(priv[i]);
		ck_assert_msg(net_addr_is_private(&a), "%s is private", priv[i]);
	}
	for (size_t i = 0; i < sizeof(pub) / sizeof(pub[0]); i++) {
		struct net_addr a = A(pub[i]);
		ck_assert_msg(!net_addr_is_private(&a), "%s is public", pub[i]);
	}
}
END_TEST

/* ---- prefixes ---------------------------------------------------------------------- */

START_TEST(prefix_parse_and_format)
{
	bool hb = true;
	struct net_prefix p;
	ck_assert(net_prefix_parse("10.0.0.0/16", &p, &hb));
	ck_assert(!hb);
	ck_assert_int_eq(p.addr.family, NET_V4);
	ck_assert_uint_eq(p.len, 16);
	ck_assert_str_eq(pstr("10.0.0.0/16"), "10.0.0.0/16");
	ck_assert_str_eq(pstr("0.0.0.0/0"), "0.0.0.0/0");
	ck_assert_str_eq(pstr("::/0"), "::/0");
	ck_assert_str_eq(pstr("2001:DB8::/32"), "2001:db8::/32");
	ck_assert_str_eq(pstr("10.0.0.0/32"), "10.0.0.0/32");
	ck_assert_str_eq(pstr("2600:1fa0:8000::/39"), "2600:1fa0:8000::/39");
	/* a bare address is a host prefix */
	ck_assert_str_eq(pstr("10.1.2.3"), "10.1.2.3/32");
	ck_assert_str_eq(pstr("2001:db8::5"), "2001:db8::5/128");
	hb = true;
	ck_assert(net_prefix_parse("192.0.2.7", &p, &hb));
	ck_assert(!hb);
	ck_assert_uint_eq(p.len, 32);
}
END_TEST

/* F6.3: AWS canonicalises a CIDR with host bits (100.68.0.18/18 -> 100.68.0.0/18); the
 * parser does the same and says that it did. */
START_TEST(prefix_host_bits_canonicalised)
{
	static const struct { const char *in, *out; } cases[] = {
		{ "100.68.0.18/18", "100.68.0.0/18" },
		{ "10.0.0.5/16", "10.0.0.0/16" },
		{ "10.0.1.255/24", "10.0.1.0/24" },
		{ "10.0.0.1/31", "10.0.0.0/31" },
		{ "255.255.255.255/1", "128.0.0.0/1" },
		{ "1.2.3.4/0", "0.0.0.0/0" },
		{ "2001:db8::1/64", "2001:db8::/64" },
		{ "2001:db8:ffff:ffff::/33", "2001:db8:8000::/33" },
		{ "::1/0", "::/0" },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct net_prefix p;
		bool hb = false;
		char buf[NET_PREFIXSTRLEN];
		ck_assert_msg(net_prefix_parse(cases[i].in, &p, &hb), "%s parses", cases[i].in);
		ck_assert_msg(hb, "%s has host bits", cases[i].in);
		ck_assert_str_eq(net_prefix_str(&p, buf), cases[i].out);
	}
	/* the flag pointer is optional */
	struct net_prefix p;
	ck_assert(net_prefix_parse("10.0.0.5/16", &p, NULL));
	ck_assert_str_eq(pstr("10.0.0.5/16"), "10.0.0.0/16");
	/* and a canonical prefix clears a flag left set by the caller */
	bool hb = true;
	ck_assert(net_prefix_parse("100.68.0.0/18", &p, &hb));
	ck_assert(!hb);
}
END_TEST

START_TEST(prefix_invalid)
{
	static const char *const bad[] = {
		"",
		" ",
		"300.1.1.1/8",
		"10.0.0.0/33",
		"10.0.0.0/",
		"10.0.0.0/-1",
		"10.0.0.0/+8",
		"10.0.0.0/8/8",
		"10.0.0.0/8 ",
		" 10.0.0.0/8",
		"10.0.0.0 /8",
		"10.0.0.0/ 8",
		"10.0.0.0/x",
		"10.0.0.0/1000",
		"10.0.0.0/08", /* a leading zero is not a canonical length (octal in some parsers) */
		"10.0.0.0/032",
		"::/129",
		"::/1280",
		"2001:db8::/",
		"/8",
		"/",
		"10.0.0/8",
		"pl-63a5400a",
		"sg-123",
		"10.0.0.0/8\n",
		"0.0.0.0/0/0",
		"2001:db8::/64x",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct net_prefix p;
		bool hb = true;
		ck_assert_msg(!net_prefix_parse(bad[i], &p, &hb), "'%s' must not parse as a prefix",
			      bad[i]);
	}
	struct net_prefix p;
	ck_assert(!net_prefix_parse(NULL, &p, NULL));
	/* a long string is refused, not overflowed */
	char longs[300];
	memset(longs, '1', sizeof(longs) - 1);
	longs[sizeof(longs) - 1] = '\0';
	ck_assert(!net_prefix_parse(longs, &p, NULL));
	/* boundaries that are valid */
	ck_assert(net_prefix_parse("10.0.0.0/0", &p, NULL));
	ck_assert(net_prefix_parse("10.0.0.0/32", &p, NULL));
	ck_assert(net_prefix_parse("::/128", &p, NULL));
	ck_assert(net_prefix_parse("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff/128", &p, NULL));
	ck_assert_uint_eq(p.len, 128);
}
END_TEST

START_TEST(prefix_contains)
{
	struct net_prefix p = P("10.0.0.0/16");
	struct net_addr in1 = A("10.0.0.0"), in2 = A("10.0.255.255"), out1 = A("10.1.0.0"),
			out2 = A("9.255.255.255");
	ck_assert(net_prefix_contains(&p, &in1));
	ck_assert(net_prefix_contains(&p, &in2));
	ck_assert(!net_prefix_contains(&p, &out1));
	ck_assert(!net_prefix_contains(&p, &out2));
	/* a length that is not a multiple of 8 */
	struct net_prefix q = P("192.0.2.0/28");
	struct net_addr q15 = A("192.0.2.15"), q16 = A("192.0.2.16");
	ck_assert(net_prefix_contains(&q, &q15));
	ck_assert(!net_prefix_contains(&q, &q16));
	struct net_prefix s = P("52.216.0.0/15");
	struct net_addr s1 = A("52.217.255.1"), s2 = A("52.218.0.1");
	ck_assert(net_prefix_contains(&s, &s1));
	ck_assert(!net_prefix_contains(&s, &s2));
	/* /32 and /0 */
	struct net_prefix host = P("10.0.0.1/32"), any = P("0.0.0.0/0");
	struct net_addr h1 = A("10.0.0.1"), h2 = A("10.0.0.2");
	ck_assert(net_prefix_contains(&host, &h1));
	ck_assert(!net_prefix_contains(&host, &h2));
	ck_assert(net_prefix_contains(&any, &h2));
	/* IPv6 */
	struct net_prefix v6 = P("2600:1fa0:8000::/39");
	struct net_addr v6in = A("2600:1fa0:81ff::1"), v6out = A("2600:1fa0:8200::1");
	ck_assert(net_prefix_contains(&v6, &v6in));
	ck_assert(!net_prefix_contains(&v6, &v6out));
}
END_TEST

/* F1.2: 0.0.0.0/0 does not include IPv6 addresses, and ::/0 no IPv4 ones */
START_TEST(families_never_mix)
{
	struct net_prefix any4 = P("0.0.0.0/0"), any6 = P("::/0");
	struct net_addr v6 = A("2001:db8::1"), mapped = A("::ffff:10.0.0.1"), zero6 = A("::");
	struct net_addr v4 = A("10.0.0.1"), zero4 = A("0.0.0.0");
	ck_assert(!net_prefix_contains(&any4, &v6));
	ck_assert(!net_prefix_contains(&any4, &mapped));
	ck_assert(!net_prefix_contains(&any4, &zero6));
	ck_assert(net_prefix_contains(&any6, &v6));
	ck_assert(net_prefix_contains(&any6, &mapped));
	ck_assert(!net_prefix_contains(&any6, &v4));
	ck_assert(!net_prefix_contains(&any6, &zero4));
	struct net_prefix v6p = P("2001:db8::/32"), v4p = P("10.0.0.0/8");
	ck_assert(!net_prefix_covers(&any4, &v6p));
	ck_assert(!net_prefix_covers(&any6, &v4p));
	ck_assert(!net_prefix_overlaps(&any4, &any6));
	ck_assert(!net_prefix_overlaps(&any4, &v6p));
	ck_assert(!net_prefix_overlaps(&v6p, &any4));
}
END_TEST

START_TEST(prefix_covers_and_overlaps)
{
	struct net_prefix p8 = P("10.0.0.0/8"), p16 = P("10.1.0.0/16"), p16b = P("10.2.0.0/16");
	struct net_prefix p24 = P("10.1.2.0/24"), other = P("11.0.0.0/8");
	ck_assert(net_prefix_covers(&p8, &p16));
	ck_assert(net_prefix_covers(&p8, &p24));
	ck_assert(net_prefix_covers(&p16, &p24));
	ck_assert(net_prefix_covers(&p16, &p16)); /* every prefix covers itself */
	ck_assert(!net_prefix_covers(&p16, &p8)); /* not the other way round */
	ck_assert(!net_prefix_covers(&p16b, &p24));
	ck_assert(!net_prefix_covers(&p8, &other));

	ck_assert(net_prefix_overlaps(&p8, &p24));
	ck_assert(net_prefix_overlaps(&p24, &p8)); /* symmetric */
	ck_assert(net_prefix_overlaps(&p16, &p16));
	ck_assert(!net_prefix_overlaps(&p16, &p16b));
	ck_assert(!net_prefix_overlaps(&p16b, &p16));
	ck_assert(!net_prefix_overlaps(&p8, &other));
	/* adjacent blocks do not overlap */
	struct net_prefix lo = P("10.0.0.0/25"), hi = P("10.0.0.128/25");
	ck_assert(!net_prefix_overlaps(&lo, &hi));
	/* a length that is not a multiple of 8 in the middle of a byte */
	struct net_prefix a19 = P("54.123.160.0/19"), b24 = P("54.123.165.0/24"),
			  c24 = P("54.123.192.0/24");
	ck_assert(net_prefix_covers(&a19, &b24));
	ck_assert(!net_prefix_covers(&a19, &c24));
	/* IPv6 */
	struct net_prefix v32 = P("2001:db8::/32"), v48 = P("2001:db8:1::/48"),
			  v48o = P("2001:db9::/48");
	ck_assert(net_prefix_covers(&v32, &v48));
	ck_assert(!net_prefix_covers(&v32, &v48o));
	ck_assert(net_prefix_overlaps(&v48, &v32));
	/* /0 covers the whole family */
	struct net_prefix any4 = P("0.0.0.0/0"), any6 = P("::/0");
	ck_assert(net_prefix_covers(&any4, &other));
	ck_assert(net_prefix_covers(&any6, &v48o));
}
END_TEST

START_TEST(prefix_nth_and_size)
{
	char buf[NET_ADDRSTRLEN];
	struct net_prefix p = P("10.0.1.0/24");
	struct net_addr a = net_prefix_nth(&p, 0);
	ck_assert_str_eq(net_addr_str(&a, buf), "10.0.1.0");
	a = net_prefix_nth(&p, 4);
	ck_assert_str_eq(net_addr_str(&a, buf), "10.0.1.4");
	a = net_prefix_nth(&p, 255);
	ck_assert_str_eq(net_addr_str(&a, buf), "10.0.1.255");
	/* carries across bytes */
	struct net_prefix q = P("10.0.0.250/16");
	a = net_prefix_nth(&q, 10);
	ck_assert_str_eq(net_addr_str(&a, buf), "10.0.0.10");
	struct net_prefix r = P("10.0.0.0/8");
	a = net_prefix_nth(&r, 0x10203);
	ck_assert_str_eq(net_addr_str(&a, buf), "10.1.2.3");
	a = net_prefix_nth(&r, 300);
	ck_assert_str_eq(net_addr_str(&a, buf), "10.0.1.44");
	struct net_prefix v6 = P("2001:db8::/64");
	a = net_prefix_nth(&v6, 0x1ff);
	ck_assert_str_eq(net_addr_str(&a, buf), "2001:db8::1ff");

	ck_assert_uint_eq(net_prefix_size(&p), 256);
	ck_assert_uint_eq(net_prefix_size(&r), 1u << 24);
	struct net_prefix host = P("10.0.0.1/32"), all4 = P("0.0.0.0/0");
	ck_assert_uint_eq(net_prefix_size(&host), 1);
	ck_assert_uint_eq(net_prefix_size(&all4), (uint64_t)1 << 32);
	struct net_prefix v6_65 = P("2001:db8::/65"), v6_64 = P("2001:db8::/64"),
			  v6_0 = P("::/0"), v6_128 = P("::1/128");
	ck_assert_uint_eq(net_prefix_size(&v6_65), (uint64_t)1 << 63);
	ck_assert_uint_eq(net_prefix_size(&v6_64), UINT64_MAX); /* saturated */
	ck_assert_uint_eq(net_prefix_size(&v6_0), UINT64_MAX);
	ck_assert_uint_eq(net_prefix_size(&v6_128), 1);
}
END_TEST

START_TEST(format_buffers_suffice)
{
	/* the longest texts fit the documented buffer sizes */
	char abuf[NET_ADDRSTRLEN], pbuf[NET_PREFIXSTRLEN];
	struct net_addr a = A("ffff:ffff:ffff:ffff:ffff:ffff:255.255.255.255");
	ck_assert_uint_lt(strlen(net_addr_str(&a, abuf)), NET_ADDRSTRLEN);
	struct net_prefix p = P("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff/128");
	ck_assert_str_eq(net_prefix_str(&p, pbuf), "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff/128");
	/* an empty address formats as "-" */
	struct net_addr none;
	memset(&none, 0, sizeof(none));
	ck_assert_str_eq(net_addr_str(&none, abuf), "-");
}
END_TEST

static Suite *addr_suite(void)
{
	Suite *s = suite_create("addr");
	TCase *tc = tcase_create("addr");
	tcase_add_test(tc, ipv4_parse_and_format);
	tcase_add_test(tc, ipv6_parse_and_format);
	tcase_add_test(tc, address_invalid);
	tcase_add_test(tc, address_compare);
	tcase_add_test(tc, address_private);
	tcase_add_test(tc, prefix_parse_and_format);
	tcase_add_test(tc, prefix_host_bits_canonicalised);
	tcase_add_test(tc, prefix_invalid);
	tcase_add_test(tc, prefix_contains);
	tcase_add_test(tc, families_never_mix);
	tcase_add_test(tc, prefix_covers_and_overlaps);
	tcase_add_test(tc, prefix_nth_and_size);
	tcase_add_test(tc, format_buffers_suffice);
	suite_add_tcase(s, tc);
	return s;
}

VPCPATH_CHECK_MAIN(addr_suite)
