/*
 * gen-topology - write a large, valid vpcpath topology (vpcpath.yaml format,
 * see vpcpath-topology(5)) to stdout, for the benchmarks in tests/bench/run.
 *
 *   gen-topology [--vpcs N] [--subnets-per-vpc N] [--instances N]
 *                [--routes N] [--buckets N] [--seed N]
 *
 * The output depends only on the options: the same options give the same
 * bytes on every machine (a fixed-seed splitmix64 generator, no libc rand,
 * no locale-dependent formatting).  A one-line summary of what was written
 * goes to stderr.
 *
 * Every reference in the output resolves: subnets name route tables and
 * network ACLs of their own VPC, routes name the VPC's internet gateway, NAT
 * gateway or peering connection, security-group rules name groups of their
 * own VPC or the declared prefix list, endpoints name the VPC's route tables,
 * instances name their subnet and groups.  The one deliberate exception is
 * what the format allows (topology.md, aws-facts F1.8): a blackhole route
 * names a NAT gateway that no longer exists (`nat-VVVV-old`).
 *
 * Address plan: each VPC gets one CIDR, carved from 10.0.0.0/8, 100.64.0.0/10,
 * 172.16.0.0/12 and 192.168.0.0/16 in turn, so VPC CIDRs are unique and do not
 * overlap.  With the defaults a VPC is a /20 made of sixteen /24 subnets.
 * Static routes point into 198.18.0.0/15 (the benchmarking range), which
 * overlaps no VPC and no AWS service range, so they never shadow the S3
 * gateway-endpoint route.  Public addresses come from 44.192.0.0/10.
 * Names are unique within a kind: bench-VVVV (VPC), public-VVVV-NN and
 * private-VVVV-NN (subnet), TIER-IIIIII (instance).
 */
#include <errno.h>
#include <inttypes.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ACCOUNT "111122223333"
#define REGION "us-east-1"
#define S3_PL "pl-63a5400a"

/* Route tables per VPC: main, public, private1, private2. */
#define RTB_PER_VPC 4
/* Static route destinations: /29 slots of 198.18.0.0/15. */
#define STATIC_SLOTS 16384u
#define STATIC_BASE 0xC6120000u /* 198.18.0.0 */
/* Public addresses: NAT gateways from 44.192.0.1, instances from 44.200.0.1. */
#define NAT_PUBLIC_BASE 0x2CC00001u      /* 44.192.0.1 */
#define INSTANCE_PUBLIC_BASE 0x2CC80001u /* 44.200.0.1 */
#define PUBLIC_END 0x2D000000u           /* 45.0.0.0, end of 44.192.0.0/10 */

struct opts {
	unsigned long vpcs;
	unsigned long spv; /* subnets per VPC */
	unsigned long instances;
	unsigned long routes;
	unsigned long buckets;
	unsigned long seed;
};

struct plan {
	unsigned vpc_prefix;    /* prefix length of every VPC CIDR */
	unsigned subnet_prefix; /* prefix length of every subnet CIDR */
	unsigned first_host;    /* offset of the first instance in a subnet */
	uint32_t *vpc_base;     /* network address of VPC i (0-based) */
	int wv, ws, wi, wb;     /* id widths: vpc, subnet, instance, bucket */
	unsigned long pub_ip_next;
	unsigned long inst_next; /* next instance number (1-based) */
	unsigned long subnets_total;
	unsigned long route_tables_total;
	unsigned long routes_written;
	unsigned long sg_rules, acl_rules, public_instances;
};

static uint64_t rng_state;

/* splitmix64: tiny, fast, and the same everywhere. */
static uint64_t rng_next(void)
{
	uint64_t z = (rng_state += UINT64_C(0x9E3779B97F4A7C15));
	z = (z ^ (z >> 30)) * UINT64_C(0xBF58476D1CE4E5B9);
	z = (z ^ (z >> 27)) * UINT64_C(0x94D049BB133111EB);
	return z ^ (z >> 31);
}

static unsigned rng_below(unsigned n)
{
	return (unsigned)(rng_next() % n);
}

static void die(const char *msg)
{
	fprintf(stderr, "gen-topology: %s\n", msg);
	exit(2);
}

static void usage(FILE *f)
{
	fputs("usage: gen-topology [--vpcs N] [--subnets-per-vpc N] [--instances N]\n"
	      "                    [--routes N] [--buckets N] [--seed N] > FILE.yaml\n"
	      "defaults: --vpcs 1000 --subnets-per-vpc 16 --instances 200000\n"
	      "          --routes 200000 --buckets 100 --seed 1\n",
	      f);
}

static unsigned long parse_count(const char *opt, const char *s)
{
	char *end;
	unsigned long v;

	errno = 0;
	if (s == NULL || *s < '0' || *s > '9') {
		fprintf(stderr, "gen-topology: %s needs a non-negative number\n", opt);
		exit(2);
	}
	v = strtoul(s, &end, 10);
	if (errno != 0 || *end != '\0' || v > 100000000UL) {
		fprintf(stderr, "gen-topology: %s: bad number '%s' (0..100000000)\n", opt, s);
		exit(2);
	}
	return v;
}

static void parse_args(int argc, char **argv, struct opts *o)
{
	static const struct {
		const char *name;
		size_t off;
	} tab[] = {
		{ "--vpcs", offsetof(struct opts, vpcs) },
		{ "--subnets-per-vpc", offsetof(struct opts, spv) },
		{ "--instances", offsetof(struct opts, instances) },
		{ "--routes", offsetof(struct opts, routes) },
		{ "--buckets", offsetof(struct opts, buckets) },
		{ "--seed", offsetof(struct opts, seed) },
	};
	int i;
	size_t k;

	o->vpcs = 1000;
	o->spv = 16;
	o->instances = 200000;
	o->routes = 200000;
	o->buckets = 100;
	o->seed = 1;
	for (i = 1; i < argc; i += 2) {
		if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0) {
			usage(stdout);
			exit(0);
		}
		for (k = 0; k < sizeof tab / sizeof tab[0]; k++)
			if (strcmp(argv[i], tab[k].name) == 0)
				break;
		if (k == sizeof tab / sizeof tab[0]) {
			fprintf(stderr, "gen-topology: unknown option '%s'\n", argv[i]);
			usage(stderr);
			exit(2);
		}
		*(unsigned long *)((char *)o + tab[k].off) =
			parse_count(argv[i], i + 1 < argc ? argv[i + 1] : NULL);
	}
	if (o->vpcs == 0)
		die("--vpcs must be at least 1");
	if (o->spv == 0)
		die("--subnets-per-vpc must be at least 1");
}

static int digits(unsigned long v)
{
	int d = 1;

	while (v >= 10) {
		v /= 10;
		d++;
	}
	return d;
}

static int width(unsigned long maxval, int min)
{
	int d = digits(maxval);

	return d < min ? min : d;
}

static unsigned ceil_log2(unsigned long v)
{
	unsigned b = 0;

	while ((1UL << b) < v)
		b++;
	return b;
}

/* Format an IPv4 address; buf must hold 16 bytes. */
static const char *ip4(char *buf, uint32_t a)
{
	snprintf(buf, 16, "%u.%u.%u.%u", (unsigned)(a >> 24), (unsigned)(a >> 16) & 255u,
		 (unsigned)(a >> 8) & 255u, (unsigned)a & 255u);
	return buf;
}

/* Format a CIDR; buf must hold 19 bytes. */
static const char *cidr4(char *buf, uint32_t a, unsigned len)
{
	char ip[16];

	snprintf(buf, 19, "%s/%u", ip4(ip, a), len);
	return buf;
}

/*
 * Lay out the address space.  A subnet keeps /24 when it can; the VPC must
 * stay within what AWS allows (/16 to /28), and a subnet must hold its share
 * of instances after the 4 reserved addresses, the NAT gateway's address and
 * the broadcast address.
 */
static void make_plan(const struct opts *o, struct plan *p)
{
	static const struct {
		uint32_t base;
		unsigned len;
	} pools[] = {
		{ 0x0A000000u, 8 },  /* 10.0.0.0/8 */
		{ 0x64400000u, 10 }, /* 100.64.0.0/10 */
		{ 0xAC100000u, 12 }, /* 172.16.0.0/12 */
		{ 0xC0A80000u, 16 }, /* 192.168.0.0/16 */
	};
	enum { NPOOLS = sizeof pools / sizeof pools[0] };
	unsigned long cap[NPOOLS], used[NPOOLS] = { 0 }, total = 0, per_subnet, per_table, i;
	unsigned sbits = ceil_log2(o->spv), h, need_h, pool = 0;

	if (sbits > 12)
		die("--subnets-per-vpc is too large (at most 4096)");
	p->subnets_total = o->vpcs * o->spv;
	p->route_tables_total = o->vpcs * RTB_PER_VPC;
	per_subnet = (o->instances + p->subnets_total - 1) / p->subnets_total;

	/* Smallest host part that fits per_subnet instances. */
	for (need_h = 4; need_h <= 16; need_h++) {
		unsigned first = need_h >= 6 ? 10 : 5;

		if ((1UL << need_h) - 1 - first >= per_subnet)
			break;
	}
	if (need_h + sbits > 16)
		die("too many instances per subnet for a /16 VPC: add VPCs or subnets");
	h = 16 - sbits < 8 ? 16 - sbits : 8;
	if (h < need_h)
		h = need_h;
	p->subnet_prefix = 32 - h;
	p->vpc_prefix = 32 - h - sbits;
	p->first_host = h >= 6 ? 10 : 5;

	for (i = 0; i < NPOOLS; i++) {
		cap[i] = p->vpc_prefix >= pools[i].len ? 1UL << (p->vpc_prefix - pools[i].len) : 0;
		total += cap[i];
	}
	if (o->vpcs > total) {
		fprintf(stderr, "gen-topology: at most %lu VPCs of /%u fit the private ranges\n",
			total, p->vpc_prefix);
		exit(2);
	}
	p->vpc_base = malloc(o->vpcs * sizeof *p->vpc_base);
	if (p->vpc_base == NULL)
		die("out of memory");
	/* Round-robin over the pools that still have room, so every pool is used. */
	for (i = 0; i < o->vpcs; i++) {
		while (used[pool] >= cap[pool])
			pool = (pool + 1) % NPOOLS;
		p->vpc_base[i] = pools[pool].base + (uint32_t)(used[pool] << (32 - p->vpc_prefix));
		used[pool]++;
		pool = (pool + 1) % NPOOLS;
	}

	per_table = (o->routes + p->route_tables_total - 1) / p->route_tables_total;
	if (per_table > STATIC_SLOTS)
		die("too many routes per route table (at most 16384): add VPCs");
	if (o->instances > PUBLIC_END - INSTANCE_PUBLIC_BASE)
		die("too many instances for the public address pool");
	if (o->vpcs > INSTANCE_PUBLIC_BASE - NAT_PUBLIC_BASE)
		die("too many VPCs for the public address pool");

	p->wv = width(o->vpcs, 4);
	p->ws = width(o->spv, 2);
	p->wi = width(o->instances, 6);
	p->wb = width(o->buckets, 4);
	p->pub_ip_next = 0;
	p->inst_next = 1;
	p->routes_written = 0;
	p->sg_rules = p->acl_rules = p->public_instances = 0;
}

static unsigned long share(unsigned long total, unsigned long parts, unsigned long i)
{
	return total / parts + (i < total % parts ? 1 : 0);
}

static int is_public_subnet(unsigned long n0)
{
	return n0 < 2;
}

/* One route: destination slot k of 198.18.0.0/15, /24 to /29. */
static void static_dest(char *buf, unsigned long k)
{
	unsigned len = 29, tz = 0;

	if (k == 0)
		tz = 5;
	while (tz < 5 && ((k >> tz) & 1) == 0)
		tz++;
	len -= tz;
	cidr4(buf, STATIC_BASE + (uint32_t)(k * 8), len);
}

static void emit_routes(struct plan *p, const char *V, unsigned long count, const char *deflt,
			const char *peer_cidr, const char *peer_pcx)
{
	char d[19];
	unsigned long i = 0, k = 0;

	if (count == 0) {
		printf("        routes: []\n");
		return;
	}
	printf("        routes:\n");
	printf("          - { destination: 0.0.0.0/0, target: %s }\n", deflt);
	i++;
	if (i < count && peer_cidr != NULL) {
		printf("          - { destination: %s, target: %s }\n", peer_cidr, peer_pcx);
		i++;
	}
	for (; i < count; i++, k++) {
		static_dest(d, k);
		if (k % 10 == 9)
			printf("          - { destination: %s, target: nat-%s-old, state: blackhole }\n",
			       d, V);
		else
			printf("          - { destination: %s, target: %s }\n", d, deflt);
	}
	p->routes_written += count;
}

static void sg_rule(struct plan *p, const char *proto, const char *ports, const char *dir,
		    const char *peer)
{
	if (ports != NULL)
		printf("          - { protocol: %s, ports: %s, %s: %s }\n", proto, ports, dir, peer);
	else
		printf("          - { protocol: %s, %s: %s }\n", proto, dir, peer);
	p->sg_rules++;
}

/* A few extra rules so rule lists differ between VPCs; dir is "from" or "to". */
static void sg_random_rules(struct plan *p, const char *dir, const char *vpc_cidr)
{
	unsigned n = rng_below(4), j;
	char ports[16], src[19];

	for (j = 0; j < n; j++) {
		unsigned lo = 1024 + rng_below(60000);
		unsigned hi = lo + rng_below(100);

		if (hi == lo)
			snprintf(ports, sizeof ports, "%u", lo);
		else
			snprintf(ports, sizeof ports, "%u-%u", lo, hi);
		if (rng_below(2))
			snprintf(src, sizeof src, "%s", vpc_cidr);
		else
			cidr4(src, 0x0A000000u | (uint32_t)rng_below(65536) << 8, 24);
		sg_rule(p, rng_below(4) ? "tcp" : "udp", ports, dir, src);
	}
}

static void emit_security_groups(struct plan *p, const char *V, const char *vpc_cidr,
				 const char *peer_cidr)
{
	char g[64];

	printf("    security_groups:\n");

	printf("      - id: sg-%s-default\n        default: true\n", V);
	printf("        ingress:\n");
	snprintf(g, sizeof g, "sg-%s-default", V);
	sg_rule(p, "all", NULL, "from", g);
	printf("        egress:\n");
	sg_rule(p, "all", NULL, "to", "0.0.0.0/0");

	printf("      - id: sg-%s-web\n        ingress:\n", V);
	sg_rule(p, "tcp", "443", "from", "0.0.0.0/0");
	sg_rule(p, "tcp", "80", "from", "0.0.0.0/0");
	snprintf(g, sizeof g, "sg-%s-bastion", V);
	sg_rule(p, "tcp", "22", "from", g);
	printf("        egress:\n");
	sg_rule(p, "tcp", "443", "to", S3_PL);
	snprintf(g, sizeof g, "sg-%s-app", V);
	sg_rule(p, "tcp", "8080", "to", g);
	sg_rule(p, "tcp", "443", "to", "0.0.0.0/0");

	printf("      - id: sg-%s-app\n        ingress:\n", V);
	snprintf(g, sizeof g, "sg-%s-web", V);
	sg_rule(p, "tcp", "8080", "from", g);
	snprintf(g, sizeof g, "sg-%s-bastion", V);
	sg_rule(p, "tcp", "22", "from", g);
	sg_random_rules(p, "from", vpc_cidr);
	printf("        egress:\n");
	sg_rule(p, "tcp", "443", "to", S3_PL);
	snprintf(g, sizeof g, "sg-%s-db", V);
	sg_rule(p, "tcp", "5432", "to", g);
	sg_rule(p, "udp", "53", "to", vpc_cidr);
	if (peer_cidr != NULL)
		sg_rule(p, "tcp", "443", "to", peer_cidr);

	printf("      - id: sg-%s-db\n        ingress:\n", V);
	snprintf(g, sizeof g, "sg-%s-app", V);
	sg_rule(p, "tcp", "5432", "from", g);
	snprintf(g, sizeof g, "sg-%s-batch", V);
	sg_rule(p, "tcp", "5432", "from", g);
	printf("        egress:\n");
	sg_rule(p, "tcp", "443", "to", S3_PL);

	printf("      - id: sg-%s-bastion\n        ingress:\n", V);
	sg_rule(p, "tcp", "22", "from", "203.0.113.0/24");
	printf("        egress:\n");
	sg_rule(p, "tcp", "22", "to", vpc_cidr);

	printf("      - id: sg-%s-batch\n        ingress: []\n        egress:\n", V);
	sg_rule(p, "tcp", "443", "to", S3_PL);
	sg_rule(p, "tcp", "443", "to", "0.0.0.0/0");
	snprintf(g, sizeof g, "sg-%s-db", V);
	sg_rule(p, "tcp", "5432", "to", g);
	sg_random_rules(p, "to", vpc_cidr);
}

static void acl_rule(struct plan *p, unsigned rule, const char *proto, const char *ports,
		     const char *dir, const char *peer, const char *action)
{
	if (ports != NULL)
		printf("          - { rule: %u, protocol: %s, ports: %s, %s: %s, action: %s }\n", rule,
		       proto, ports, dir, peer, action);
	else
		printf("          - { rule: %u, protocol: %s, %s: %s, action: %s }\n", rule, proto, dir,
		       peer, action);
	p->acl_rules++;
}

static void emit_network_acls(struct plan *p, const char *V, const char *vpc_cidr,
			      const char *peer_cidr)
{
	unsigned n, j;
	char src[19];

	printf("    network_acls:\n");
	/* Absent rule lists on the default NACL: allow all both ways. */
	printf("      - id: acl-%s-default\n        default: true\n", V);

	printf("      - id: acl-%s-public\n        default: false\n        ingress:\n", V);
	n = rng_below(4);
	for (j = 0; j < n; j++) {
		cidr4(src, STATIC_BASE | (uint32_t)rng_below(512) << 8, 24);
		acl_rule(p, 50 + j, "all", NULL, "from", src, "deny");
	}
	acl_rule(p, 100, "tcp", "443", "from", "0.0.0.0/0", "allow");
	acl_rule(p, 110, "tcp", "80", "from", "0.0.0.0/0", "allow");
	acl_rule(p, 120, "tcp", "22", "from", "203.0.113.0/24", "allow");
	acl_rule(p, 130, "tcp", "1024-65535", "from", "0.0.0.0/0", "allow");
	acl_rule(p, 140, "all", NULL, "from", vpc_cidr, "allow");
	printf("        egress:\n");
	acl_rule(p, 100, "all", NULL, "to", "0.0.0.0/0", "allow");

	printf("      - id: acl-%s-private\n        default: false\n        ingress:\n", V);
	acl_rule(p, 100, "all", NULL, "from", vpc_cidr, "allow");
	acl_rule(p, 110, "tcp", "1024-65535", "from", "0.0.0.0/0", "allow");
	acl_rule(p, 120, "udp", "1024-65535", "from", "0.0.0.0/0", "allow");
	if (peer_cidr != NULL)
		acl_rule(p, 130, "tcp", "443", "from", peer_cidr, "allow");
	printf("        egress:\n");
	acl_rule(p, 100, "tcp", "443", "to", "0.0.0.0/0", "allow");
	acl_rule(p, 110, "tcp", "80", "to", "0.0.0.0/0", "allow");
	acl_rule(p, 120, "all", NULL, "to", vpc_cidr, "allow");
	acl_rule(p, 130, "tcp", "1024-65535", "to", "0.0.0.0/0", "allow");
}

static void emit_instances(const struct opts *o, struct plan *p, unsigned long v0,
			   const char *V)
{
	static const char *const tiers[] = { "app", "app", "app", "app", "db", "db", "batch",
					     "batch" };
	unsigned long n0, j, count;
	char ip[16], pub[16];
	int any = 0;

	for (n0 = 0; n0 < o->spv; n0++) {
		uint32_t sbase = p->vpc_base[v0] + (uint32_t)(n0 << (32 - p->subnet_prefix));

		count = share(o->instances, p->subnets_total, v0 * o->spv + n0);
		for (j = 0; j < count; j++) {
			const char *tier;
			int extra;

			if (!any) {
				printf("    instances:\n");
				any = 1;
			}
			if (is_public_subnet(n0)) {
				tier = "web";
				extra = rng_below(8) == 0; /* + bastion */
			} else {
				tier = tiers[rng_below(8)];
				extra = rng_below(4) == 0; /* + default */
			}
			printf("      - id: i-%0*lu\n        name: %s-%0*lu\n"
			       "        subnet: subnet-%s-%0*lu\n        private_ip: %s\n",
			       p->wi, p->inst_next, tier, p->wi, p->inst_next, V, p->ws, n0 + 1,
			       ip4(ip, sbase + p->first_host + (uint32_t)j));
			if (is_public_subnet(n0)) {
				printf("        public_ip: %s\n",
				       ip4(pub, INSTANCE_PUBLIC_BASE + (uint32_t)p->pub_ip_next++));
				p->public_instances++;
			}
			if (extra)
				printf("        security_groups: [sg-%s-%s, sg-%s-%s]\n", V, tier, V,
				       is_public_subnet(n0) ? "bastion" : "default");
			else
				printf("        security_groups: [sg-%s-%s]\n", V, tier);
			printf("        role: arn:aws:iam::" ACCOUNT ":role/bench-%s\n", tier);
			p->inst_next++;
		}
	}
	if (!any)
		printf("    instances: []\n");
}

static void emit_vpc(const struct opts *o, struct plan *p, unsigned long v0)
{
	static const char *const rtb_names[RTB_PER_VPC] = { "main", "public", "private1",
							    "private2" };
	char V[24], vpc_cidr[19], peer_cidr_buf[19], pcx[32], sn[19], natip[16], natpub[16];
	const char *peer_cidr = NULL;
	unsigned long n0, t, peer = v0 ^ 1UL;

	pcx[0] = '\0';
	uint32_t size = (uint32_t)1 << (32 - p->subnet_prefix);

	snprintf(V, sizeof V, "%0*lu", p->wv, v0 + 1);
	cidr4(vpc_cidr, p->vpc_base[v0], p->vpc_prefix);
	if (peer < o->vpcs) {
		peer_cidr = cidr4(peer_cidr_buf, p->vpc_base[peer], p->vpc_prefix);
		snprintf(pcx, sizeof pcx, "pcx-%0*lu", p->wv, v0 / 2 + 1);
	}

	printf("  - id: vpc-%s\n    name: bench-%s\n    cidrs: [%s]\n", V, V, vpc_cidr);
	printf("    internet_gateway: igw-%s\n", V);

	printf("    subnets:\n");
	for (n0 = 0; n0 < o->spv; n0++) {
		printf("      - id: subnet-%s-%0*lu\n        name: %s-%s-%0*lu\n"
		       "        cidr: %s\n        az: " REGION "%c\n",
		       V, p->ws, n0 + 1, is_public_subnet(n0) ? "public" : "private", V, p->ws,
		       n0 + 1, cidr4(sn, p->vpc_base[v0] + (uint32_t)n0 * size, p->subnet_prefix),
		       (int)('a' + n0 % 6));
		/* Public subnets use the public table; private ones spread over the
		 * two private tables and the main table (no association). */
		if (is_public_subnet(n0))
			printf("        route_table: rtb-%s-public\n", V);
		else if (n0 % 3 != 0)
			printf("        route_table: rtb-%s-%s\n", V, n0 % 3 == 1 ? "private1" : "private2");
		if (is_public_subnet(n0))
			printf("        network_acl: acl-%s-public\n", V);
		else if (n0 % 2 == 1)
			printf("        network_acl: acl-%s-private\n", V);
	}

	printf("    route_tables:\n");
	for (t = 0; t < RTB_PER_VPC; t++) {
		char deflt[32];
		unsigned long count = share(o->routes, p->route_tables_total, v0 * RTB_PER_VPC + t);

		if (t == 1)
			snprintf(deflt, sizeof deflt, "igw-%s", V);
		else
			snprintf(deflt, sizeof deflt, "nat-%s", V);
		printf("      - id: rtb-%s-%s\n        main: %s\n", V, rtb_names[t],
		       t == 0 ? "true" : "false");
		emit_routes(p, V, count, deflt, peer_cidr, pcx);
	}

	printf("    nat_gateways:\n");
	printf("      - id: nat-%s\n        subnet: subnet-%s-%0*lu\n        connectivity: public\n"
	       "        private_ip: %s\n        public_ip: %s\n",
	       V, V, p->ws, 1UL, ip4(natip, p->vpc_base[v0] + 4),
	       ip4(natpub, NAT_PUBLIC_BASE + (uint32_t)v0));

	emit_security_groups(p, V, vpc_cidr, peer_cidr);
	emit_network_acls(p, V, vpc_cidr, peer_cidr);

	printf("    endpoints:\n");
	printf("      - id: vpce-%s-s3\n        type: gateway\n        service: s3\n"
	       "        route_tables: [rtb-%s-main, rtb-%s-private1, rtb-%s-private2]\n",
	       V, V, V, V);
	if (v0 % 4 == 0)
		printf("        policy: { Version: \"2012-10-17\", Statement: [ { Effect: Allow, "
		       "Principal: \"*\", Action: [\"s3:GetObject\", \"s3:PutObject\", "
		       "\"s3:ListBucket\"], Resource: [\"arn:aws:s3:::bench-bucket-*\", "
		       "\"arn:aws:s3:::bench-bucket-*/*\"] } ] }\n");

	emit_instances(o, p, v0, V);
}

static void emit_buckets(const struct opts *o, const struct plan *p)
{
	unsigned long b;

	if (o->buckets == 0) {
		printf("s3: []\n");
		return;
	}
	printf("s3:\n");
	for (b = 1; b <= o->buckets; b++) {
		char B[32];

		snprintf(B, sizeof B, "bench-bucket-%0*lu", p->wb, b);
		printf("  - bucket: %s\n    region: %s\n    account: \"" ACCOUNT "\"\n", B,
		       b % 10 == 0 ? "us-west-2" : REGION);
		/* Every fifth bucket only admits requests through one VPC's endpoint. */
		if (b % 5 == 0) {
			unsigned long v = (b / 5 - 1) % o->vpcs + 1;

			printf("    policy:\n      Version: \"2012-10-17\"\n      Statement:\n"
			       "        - Sid: DenyOutsideEndpoint\n          Effect: Deny\n"
			       "          Principal: \"*\"\n          Action: \"s3:*\"\n"
			       "          Resource: [\"arn:aws:s3:::%s\", \"arn:aws:s3:::%s/*\"]\n"
			       "          Condition: { StringNotEquals: { \"aws:SourceVpce\": "
			       "vpce-%0*lu-s3 } }\n"
			       "        - Sid: AllowAccount\n          Effect: Allow\n"
			       "          Principal: { AWS: \"arn:aws:iam::" ACCOUNT ":root\" }\n"
			       "          Action: [\"s3:GetObject\", \"s3:PutObject\"]\n"
			       "          Resource: \"arn:aws:s3:::%s/*\"\n",
			       B, B, p->wv, v, B);
		}
	}
}

int main(int argc, char **argv)
{
	struct opts o;
	struct plan p;
	unsigned long v0, pairs;
	static char obuf[1 << 20];

	parse_args(argc, argv, &o);
	make_plan(&o, &p);
	rng_state = (uint64_t)o.seed;
	setvbuf(stdout, obuf, _IOFBF, sizeof obuf);

	printf("# generated by tests/bench/gen-topology --vpcs %lu --subnets-per-vpc %lu "
	       "--instances %lu --routes %lu --buckets %lu --seed %lu\n",
	       o.vpcs, o.spv, o.instances, o.routes, o.buckets, o.seed);
	printf("version: 1\nregion: " REGION "\naccount: \"" ACCOUNT "\"\n\n");
	printf("prefix_lists:\n  - id: " S3_PL "\n    name: com.amazonaws." REGION ".s3\n\n");
	printf("availability_zones:\n");
	for (v0 = 0; v0 < 6; v0++)
		printf("  " REGION "%c: use1-az%lu\n", (int)('a' + v0), v0 + 1);
	printf("\nvpcs:\n");
	for (v0 = 0; v0 < o.vpcs; v0++)
		emit_vpc(&o, &p, v0);

	pairs = o.vpcs / 2;
	if (pairs > 0) {
		printf("\npeering_connections:\n");
		for (v0 = 0; v0 < pairs; v0++)
			printf("  - { id: pcx-%0*lu, requester: vpc-%0*lu, accepter: vpc-%0*lu, "
			       "status: active }\n",
			       p.wv, v0 + 1, p.wv, 2 * v0 + 1, p.wv, 2 * v0 + 2);
	}
	printf("\n");
	emit_buckets(&o, &p);

	if (fflush(stdout) != 0 || ferror(stdout)) {
		perror("gen-topology: write");
		return 1;
	}
	fprintf(stderr,
		"gen-topology: %lu vpcs (/%u), %lu subnets (/%u), %lu route tables, %lu routes, "
		"%lu security-group rules, %lu network-acl rules, %lu instances (%lu public), "
		"%lu buckets, %lu peering connections\n",
		o.vpcs, p.vpc_prefix, p.subnets_total, p.subnet_prefix, p.route_tables_total,
		p.routes_written, p.sg_rules, p.acl_rules, p.inst_next - 1, p.public_instances,
		o.buckets, pairs);
	free(p.vpc_base);
	return 0;
}
