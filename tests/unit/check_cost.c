/* check_cost.c - the cost module: prices of traced paths, fixed monthly charges,
 * alternatives, and located errors in pricing files.  The figures asserted are the
 * ones a user reads in `vpcpath trace` output with the shipped configs/pricing.yaml
 * (aws-facts.md §8). */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check_main.h"
#include "vpcpath/arena.h"
#include "vpcpath/cost.h"

#define PRICING_FILE "configs/pricing.yaml"
#define TOL 1e-9

/* Shipped files are found relative to the repository root: the current directory
 * (as `make check` runs the suites), or $VPCPATH_SRCDIR when set. */
static const char *src_path(const char *rel)
{
	static char bufs[4][512];
	static int next;
	const char *root = getenv("VPCPATH_SRCDIR");
	char *buf = bufs[next++ % 4];
	snprintf(buf, sizeof(bufs[0]), "%s%s%s", root ? root : "", root ? "/" : "", rel);
	return buf;
}

static struct cost_pricing *pricing;

static void setup(void)
{
	struct diag_list d = { 0 };
	pricing = cost_pricing_load(src_path(PRICING_FILE), &d);
	if (!pricing)
		diag_print(&d, stderr, 1);
	ck_assert_ptr_nonnull(pricing);
	ck_assert_uint_eq(d.len, 0); /* no errors and no warnings in the shipped file */
	diag_list_clear(&d);
}

static void teardown(void)
{
	cost_pricing_free(pricing);
	pricing = NULL;
}

/* An instance in us-east-1 reaching S3 in us-east-1 over `path`. */
static struct trace_result *mk(const char *path, const char *via)
{
	struct trace_result *r = calloc(1, sizeof(*r));
	r->arena = arena_new();
	r->verdict = TRACE_REACHABLE;
	r->path = path;
	r->via_id = via;
	r->src_kind = "instance";
	r->src_id = "i-app1";
	r->src_region = "us-east-1";
	r->dst_region = "us-east-1";
	r->dst_service = "s3";
	r->q_protocol = "tcp";
	r->q_port = 443;
	r->q_action = "s3:GetObject";
	return r;
}

static void rfree(struct trace_result *r)
{
	arena_free(r->arena);
	free(r);
}

static const struct trace_cost_item *item(const struct trace_result *r, const char *code)
{
	for (size_t i = 0; i < r->cost.nitems; i++)
		if (strcmp(r->cost.items[i].code, code) == 0)
			return &r->cost.items[i];
	return NULL;
}

START_TEST(test_nat_same_region)
{
	struct trace_result *r = mk("nat-gateway", "nat-1");
	cost_apply(pricing, r, -1);
	ck_assert(r->cost.computed);
	ck_assert_str_eq(r->cost.currency, "USD");
	ck_assert_double_eq_tol(r->cost.per_gb, 0.045, TOL);
	ck_assert_uint_eq(r->cost.nitems, 1);
	ck_assert_str_eq(r->cost.items[0].code, "nat-processing");
	ck_assert_double_eq_tol(r->cost.items[0].per_gb, 0.045, TOL);
	/* NAT hourly + its elastic IP, 730 hours: 32.85 + 3.65 */
	ck_assert_double_eq_tol(r->cost.fixed_monthly, 0.045 * 730 + 0.005 * 730, TOL);
	ck_assert_double_eq_tol(r->cost.fixed_monthly, 36.5, TOL);
	ck_assert(!r->cost.has_gb);
	ck_assert_uint_eq(r->nwarnings, 0);
	rfree(r);
}
END_TEST

START_TEST(test_nat_monthly_total_500gb)
{
	struct trace_result *r = mk("nat-gateway", "nat-1");
	cost_apply(pricing, r, 500);
	ck_assert(r->cost.has_gb);
	ck_assert_double_eq_tol(r->cost.gb, 500, TOL);
	/* 500 GB x $0.045 = $22.50, + $36.50 fixed */
	ck_assert_double_eq_tol(r->cost.monthly_total, 59.0, TOL);
	rfree(r);
}
END_TEST

START_TEST(test_gateway_endpoint_free)
{
	struct trace_result *r = mk("gateway-endpoint", "vpce-gws3");
	cost_apply(pricing, r, 500);
	ck_assert(r->cost.computed);
	ck_assert_double_eq_tol(r->cost.per_gb, 0, TOL);
	ck_assert_double_eq_tol(r->cost.fixed_monthly, 0, TOL);
	ck_assert_double_eq_tol(r->cost.monthly_total, 0, TOL);
	ck_assert_uint_eq(r->cost.nitems, 1);
	ck_assert_str_eq(r->cost.items[0].code, "gateway-endpoint");
	ck_assert_double_eq_tol(r->cost.items[0].per_gb, 0, TOL);
	rfree(r);
}
END_TEST

START_TEST(test_nat_cross_az)
{
	struct trace_result *r = mk("nat-gateway", "nat-1");
	r->cross_az = true;
	cost_apply(pricing, r, -1);
	/* $0.045 NAT + $0.01 inter-AZ, charged once per crossing (§9 item 4) */
	ck_assert_double_eq_tol(r->cost.per_gb, 0.055, TOL);
	ck_assert_uint_eq(r->cost.nitems, 2);
	ck_assert_ptr_nonnull(item(r, "nat-processing"));
	ck_assert_ptr_nonnull(item(r, "inter-az"));
	ck_assert_double_eq_tol(item(r, "inter-az")->per_gb, 0.01, TOL);
	rfree(r);
}
END_TEST

static const char both_sides_pricing[] =
	"inter_az_billing: both-sides\n"
	"hours_per_month: 720\n"
	"regions:\n"
	"  us-east-1:\n"
	"    nat_gateway_per_gb: 0.045\n"
	"    nat_gateway_hourly: 0.045\n"
	"    public_ipv4_hourly: 0.005\n"
	"    interface_endpoint_per_gb: 0.01\n"
	"    interface_endpoint_hourly_per_az: 0.01\n"
	"    gateway_endpoint_per_gb: 0\n"
	"    inter_az_per_gb: 0.01\n"
	"    inter_region_per_gb: 0.02\n"
	"    internet_egress_per_gb: 0.09\n"
	"    transit_gateway_per_gb: 0.02\n"
	"    transit_gateway_attachment_hourly: 0.05\n"
	"    s3express_upload_per_gb: 0.0032\n"
	"    s3express_retrieval_per_gb: 0.0006\n"
	"    vpn_transfer_out_per_gb: 0.09\n"
	"    direct_connect_transfer_out_per_gb: 0.02\n";

START_TEST(test_both_sides_convention)
{
	struct diag_list d = { 0 };
	struct cost_pricing *p = cost_pricing_load_buffer("both.yaml", both_sides_pricing,
							  strlen(both_sides_pricing), &d);
	ck_assert_ptr_nonnull(p);
	ck_assert_uint_eq(d.errors, 0);
	ck_assert_double_eq_tol(cost_pricing_hours_per_month(p), 720, TOL);
	struct trace_result *r = mk("nat-gateway", "nat-1");
	r->cross_az = true;
	cost_apply(p, r, -1);
	ck_assert_double_eq_tol(r->cost.per_gb, 0.065, TOL);
	ck_assert_double_eq_tol(item(r, "inter-az")->per_gb, 0.02, TOL);
	ck_assert_double_eq_tol(r->cost.fixed_monthly, 0.05 * 720, TOL);
	rfree(r);
	cost_pricing_free(p);
	diag_list_clear(&d);
}
END_TEST

START_TEST(test_interface_endpoint)
{
	struct trace_result *r = mk("interface-endpoint", "vpce-ifs3");
	r->interface_endpoint_azs = 2;
	cost_apply(pricing, r, 100);
	ck_assert_double_eq_tol(r->cost.per_gb, 0.01, TOL);
	ck_assert_str_eq(r->cost.items[0].code, "interface-endpoint-processing");
	/* $0.01 per AZ-hour x 2 AZs x 730 hours */
	ck_assert_double_eq_tol(r->cost.fixed_monthly, 14.6, TOL);
	ck_assert_double_eq_tol(r->cost.monthly_total, 1.0 + 14.6, TOL);
	rfree(r);
}
END_TEST

START_TEST(test_internet_gateway)
{
	/* S3 over the IGW from a public IP: no data transfer charge (§8), the public IPv4
	 * address is billed hourly */
	struct trace_result *r = mk("internet-gateway", "igw-a");
	r->public_ipv4 = true;
	cost_apply(pricing, r, -1);
	ck_assert(r->cost.computed);
	ck_assert_double_eq_tol(r->cost.per_gb, 0, TOL);
	ck_assert_uint_eq(r->cost.nitems, 0);
	ck_assert_double_eq_tol(r->cost.fixed_monthly, 3.65, TOL);
	rfree(r);

	r = mk("internet-gateway", "igw-a");
	cost_apply(pricing, r, -1);
	ck_assert_double_eq_tol(r->cost.fixed_monthly, 0, TOL);
	rfree(r);
}
END_TEST

START_TEST(test_internet_egress)
{
	struct trace_result *r = mk("nat-gateway", "nat-1");
	r->dst_service = NULL;
	r->dst_region = NULL;
	cost_apply(pricing, r, -1);
	ck_assert_double_eq_tol(r->cost.per_gb, 0.045 + 0.09, TOL);
	ck_assert_ptr_nonnull(item(r, "internet-egress"));
	rfree(r);

	/* a host on the internet sending in: data transfer in is free */
	r = mk("internet-gateway", "igw-a");
	r->src_kind = "internet";
	r->dst_service = NULL;
	cost_apply(pricing, r, -1);
	ck_assert_ptr_null(item(r, "internet-egress"));
	rfree(r);
}
END_TEST

START_TEST(test_cross_region)
{
	struct trace_result *r = mk("nat-gateway", "nat-1");
	r->dst_region = "eu-west-1";
	cost_apply(pricing, r, -1);
	ck_assert_double_eq_tol(r->cost.per_gb, 0.065, TOL);
	ck_assert_double_eq_tol(item(r, "inter-region")->per_gb, 0.02, TOL);
	rfree(r);
}
END_TEST

START_TEST(test_transit_gateway)
{
	struct trace_result *r = mk("transit-gateway+interface-endpoint", "vpce-ifs3");
	r->interface_endpoint_azs = 1;
	cost_apply(pricing, r, -1);
	ck_assert_double_eq_tol(r->cost.per_gb, 0.03, TOL);
	ck_assert_ptr_nonnull(item(r, "transit-gateway-processing"));
	ck_assert_ptr_nonnull(item(r, "interface-endpoint-processing"));
	/* the interface endpoint's AZ-hour ($0.01 x 730) and the TGW's two attachments
	 * ($0.05 x 2 x 730) */
	ck_assert_double_eq_tol(r->cost.fixed_monthly, 7.3 + 73, TOL);
	rfree(r);
}
END_TEST

START_TEST(test_s3express)
{
	struct trace_result *r = mk("gateway-endpoint", "vpce-gwx");
	r->dst_service = "s3express";
	r->q_action = "s3express:CreateSession";
	cost_apply(pricing, r, -1);
	ck_assert_double_eq_tol(r->cost.per_gb, 0.0006, TOL);
	ck_assert_ptr_nonnull(item(r, "s3express-transfer"));
	rfree(r);

	r = mk("gateway-endpoint", "vpce-gwx");
	r->dst_service = "s3express";
	r->q_action = "s3:PutObject";
	cost_apply(pricing, r, -1);
	ck_assert_double_eq_tol(r->cost.per_gb, 0.0032, TOL);
	rfree(r);
}
END_TEST

START_TEST(test_not_computed)
{
	static const enum trace_verdict v[] = { TRACE_UNREACHABLE, TRACE_AMBIGUOUS, TRACE_EXITS_MODEL };
	for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		struct trace_result *r = mk("none", NULL);
		r->verdict = v[i];
		cost_apply(pricing, r, 500);
		ck_assert(!r->cost.computed);
		ck_assert(!r->cost.has_gb);
		ck_assert_uint_eq(r->cost.nitems, 0);
		rfree(r);
	}
	/* a path that was cut short by a NACL is not a cost either */
	struct trace_result *r = mk("nat-gateway", "nat-1");
	r->verdict = TRACE_UNREACHABLE;
	cost_apply(pricing, r, 500);
	ck_assert(!r->cost.computed);
	rfree(r);
	/* no pricing at all */
	r = mk("nat-gateway", "nat-1");
	cost_apply(NULL, r, 500);
	ck_assert(!r->cost.computed);
	rfree(r);
}
END_TEST

START_TEST(test_denied_is_priced)
{
	struct trace_result *r = mk("nat-gateway", "nat-1");
	r->verdict = TRACE_DENIED;
	cost_apply(pricing, r, -1);
	ck_assert(r->cost.computed);
	ck_assert_double_eq_tol(r->cost.per_gb, 0.045, TOL);
	rfree(r);
}
END_TEST

START_TEST(test_region_fallback)
{
	/* eu-south-1 (Milan) is a Region the shipped file does not list */
	struct trace_result *r = mk("nat-gateway", "nat-1");
	r->src_region = r->dst_region = "eu-south-1";
	cost_apply(pricing, r, -1);
	ck_assert(r->cost.computed);
	ck_assert(r->cost.pricing_fallback);
	ck_assert_double_eq_tol(r->cost.per_gb, 0.045, TOL);
	ck_assert_uint_eq(r->nwarnings, 1);
	ck_assert_str_eq(r->warnings[0].code, "pricing-region");
	ck_assert_ptr_nonnull(strstr(r->warnings[0].message, "has no prices for region eu-south-1"));
	ck_assert_ptr_nonnull(strstr(r->warnings[0].message, "us-east-1"));
	rfree(r);

	/* an existing warning is kept */
	r = mk("nat-gateway", "nat-1");
	struct trace_warning w = { "earlier", "from the loader", "t.yaml:3:5" };
	r->warnings = &w;
	r->nwarnings = 1;
	r->src_region = NULL;
	cost_apply(pricing, r, -1);
	ck_assert_uint_eq(r->nwarnings, 2);
	ck_assert_str_eq(r->warnings[0].code, "earlier");
	ck_assert_str_eq(r->warnings[1].code, "pricing-region");
	rfree(r);

	/* a listed region that gives every figure the path uses: no warning */
	r = mk("gateway-endpoint", "vpce-1");
	r->src_region = r->dst_region = "us-east-1";
	cost_apply(pricing, r, -1);
	ck_assert_uint_eq(r->nwarnings, 0);
	ck_assert(!r->cost.pricing_fallback);
	ck_assert_str_eq(r->cost.pricing_region, "us-east-1");
	rfree(r);
}
END_TEST

/* Issue 17 / F8.1: eu-west-1 was priced as us-east-1 (first silently, then with a
 * warning).  The shipped file now gives its own NAT, public IPv4, internet egress and
 * inter-AZ figures (AWS offer files, see pricing.yaml): a NAT path there is priced at
 * $0.048/GB and $0.048 + $0.005 an hour, with no pricing-region warning; a figure it
 * still lacks (interface endpoints, VPN transfer out) is us-east-1's and says so. */
START_TEST(test_eu_west_1_own_figures)
{
	struct trace_result *r = mk("nat-gateway", "nat-1");
	r->src_region = r->dst_region = "eu-west-1";
	cost_apply(pricing, r, 100);
	ck_assert(r->cost.computed);
	ck_assert(!r->cost.pricing_fallback);
	ck_assert_str_eq(r->cost.pricing_region, "eu-west-1");
	ck_assert_double_eq_tol(r->cost.per_gb, 0.048, TOL);
	ck_assert_double_eq_tol(item(r, "nat-processing")->per_gb, 0.048, TOL);
	/* 730 x (0.048 + 0.005) = 38.69; 100 GB x 0.048 = 4.80 */
	ck_assert_double_eq_tol(r->cost.fixed_monthly, 38.69, TOL);
	ck_assert_double_eq_tol(r->cost.monthly_total, 43.49, TOL);
	ck_assert_uint_eq(r->cost.nborrowed, 0);
	ck_assert_uint_eq(r->nwarnings, 0);
	rfree(r);

	/* to the internet from another AZ: eu-west-1's egress and inter-AZ figures */
	r = mk("nat-gateway", "nat-1");
	r->src_region = r->dst_region = "eu-west-1";
	r->dst_service = NULL;
	r->cross_az = true;
	cost_apply(pricing, r, -1);
	ck_assert_double_eq_tol(r->cost.per_gb, 0.048 + 0.09 + 0.01, TOL);
	ck_assert_uint_eq(r->nwarnings, 0);
	rfree(r);

	/* an interface endpoint: eu-west-1 has no sourced figure, us-east-1's is used
	 * and the warning names both figures */
	r = mk("interface-endpoint", "vpce-if");
	r->src_region = r->dst_region = "eu-west-1";
	cost_apply(pricing, r, -1);
	ck_assert(!r->cost.pricing_fallback);
	ck_assert_double_eq_tol(r->cost.per_gb, 0.01, TOL);
	ck_assert_uint_eq(r->cost.nborrowed, 2);
	ck_assert_uint_eq(r->nwarnings, 1);
	ck_assert_str_eq(r->warnings[0].code, "pricing-region");
	ck_assert_ptr_nonnull(strstr(r->warnings[0].message, "gives no interface_endpoint_per_gb, "
				     "interface_endpoint_hourly_per_az for region eu-west-1"));
	ck_assert_ptr_nonnull(strstr(r->warnings[0].message, "us-east-1's figures"));
	rfree(r);

	/* from on premises over VPN: data transfer out to on premises is not sourced for
	 * eu-west-1 either */
	r = mk("vpn-gateway", "vgw-1");
	r->src_kind = "on-premises";
	r->onprem_link = "vpn";
	r->dst_service = NULL;
	r->src_region = r->dst_region = "eu-west-1";
	cost_apply(pricing, r, -1);
	ck_assert_uint_eq(r->cost.nborrowed, 1);
	ck_assert_str_eq(r->cost.borrowed[0], "vpn_transfer_out_per_gb");
	ck_assert_uint_eq(r->nwarnings, 1);
	rfree(r);
}
END_TEST

/* The other Regions added with the European ones: each prices a NAT path with its own
 * figures where the offer files gave them, and borrows the rest with a warning. */
START_TEST(test_regions_own_figures)
{
	static const struct {
		const char *region;
		double nat_hourly;      /* its own, always */
		double nat_per_gb;      /* its own, or us-east-1's 0.045 when borrowed */
		double public_ipv4;     /* its own, or us-east-1's 0.005 when borrowed */
		const char *borrowed;   /* the warning's list, NULL for none */
	} want[] = {
		{ "eu-west-2", 0.05, 0.05, 0.005, NULL },
		{ "sa-east-1", 0.093, 0.093, 0.005, NULL },
		{ "ap-northeast-2", 0.059, 0.059, 0.005, NULL },
		{ "eu-central-1", 0.052, 0.045, 0.005, "nat_gateway_per_gb, public_ipv4_hourly" },
		{ "us-west-1", 0.048, 0.045, 0.005, "nat_gateway_per_gb, public_ipv4_hourly" },
		{ "ap-south-1", 0.056, 0.045, 0.005, "nat_gateway_per_gb, public_ipv4_hourly" },
	};
	for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		struct trace_result *r = mk("nat-gateway", "nat-1");
		r->src_region = r->dst_region = want[i].region;
		cost_apply(pricing, r, -1);
		ck_assert_msg(!r->cost.pricing_fallback, "%s is listed", want[i].region);
		ck_assert_str_eq(r->cost.pricing_region, want[i].region);
		ck_assert_double_eq_tol(r->cost.per_gb, want[i].nat_per_gb, TOL);
		ck_assert_double_eq_tol(r->cost.fixed_monthly,
				(want[i].nat_hourly + want[i].public_ipv4) * 730, 1e-6);
		if (!want[i].borrowed) {
			ck_assert_msg(r->nwarnings == 0, "%s: %s", want[i].region,
				      r->nwarnings ? r->warnings[0].message : "");
		} else {
			ck_assert_uint_eq(r->nwarnings, 1);
			ck_assert_ptr_nonnull(strstr(r->warnings[0].message, want[i].borrowed));
			ck_assert_ptr_nonnull(strstr(r->warnings[0].message, want[i].region));
		}
		rfree(r);
	}
}
END_TEST

/* Issue 17: the file covers the Regions users run in most, US, EU and Asia-Pacific. */
START_TEST(test_shipped_regions)
{
	static const char *const listed[] = {
		"us-east-1", "us-east-2", "us-west-1", "us-west-2", "ca-central-1", "sa-east-1",
		"eu-west-1", "eu-west-2", "eu-west-3", "eu-central-1", "eu-north-1",
		"ap-south-1", "ap-southeast-1", "ap-southeast-2", "ap-northeast-1", "ap-northeast-2",
	};
	for (size_t i = 0; i < sizeof(listed) / sizeof(listed[0]); i++)
		ck_assert_msg(cost_pricing_lists(pricing, listed[i]), "%s is not listed", listed[i]);
	ck_assert(!cost_pricing_lists(pricing, "eu-south-1"));

	/* the header's table of Regions is the file's list: no Region in one only */
	FILE *f = fopen(src_path(PRICING_FILE), "r");
	ck_assert_ptr_nonnull(f);
	char line[512];
	bool in_table = false;
	size_t in_header = 0;
	while (fgets(line, sizeof(line), f)) {
		if (strstr(line, "# Regions listed, and the figures they give"))
			in_table = true;
		else if (in_table && strncmp(line, "#   ", 4) != 0 && strncmp(line, "# endpoints", 11) != 0)
			in_table = false;
		char region[64];
		if (in_table && sscanf(line, "#   %63s", region) == 1 && strchr(region, '-')) {
			ck_assert_msg(cost_pricing_lists(pricing, region),
				      "the header names %s, which has no figures", region);
			in_header++;
		}
	}
	fclose(f);
	ck_assert_uint_eq(in_header, sizeof(listed) / sizeof(listed[0]));
}
END_TEST

/* A listed region that gives some figures: its own are used, the rest are the
 * fallback's, named in a warning only when the flow uses them. */
START_TEST(test_borrowed_figures)
{
	/* ap-southeast-1 gives NAT figures of its own ($0.059) but no public IPv4 or
	 * internet egress price */
	struct trace_result *r = mk("nat-gateway", "nat-1");
	r->src_region = r->dst_region = "ap-southeast-1";
	cost_apply(pricing, r, -1);
	ck_assert_double_eq_tol(r->cost.per_gb, 0.059, TOL);
	ck_assert(!r->cost.pricing_fallback);
	ck_assert_str_eq(r->cost.pricing_region, "ap-southeast-1");
	ck_assert_uint_eq(r->cost.nborrowed, 1);
	ck_assert_str_eq(r->cost.borrowed[0], "public_ipv4_hourly");
	ck_assert_uint_eq(r->nwarnings, 1);
	ck_assert_ptr_nonnull(strstr(r->warnings[0].message, "public_ipv4_hourly"));
	ck_assert_ptr_nonnull(strstr(r->warnings[0].message, "ap-southeast-1"));
	rfree(r);

	/* a gateway endpoint is free in every Region, and every listed Region says so:
	 * nothing borrowed, no warning */
	r = mk("gateway-endpoint", "vpce-1");
	r->src_region = r->dst_region = "ap-southeast-1";
	cost_apply(pricing, r, -1);
	ck_assert_uint_eq(r->cost.nborrowed, 0);
	ck_assert_uint_eq(r->nwarnings, 0);
	rfree(r);

	/* an interface endpoint reads figures ap-southeast-1 lacks */
	r = mk("interface-endpoint", "vpce-if");
	r->src_region = r->dst_region = "ap-southeast-1";
	cost_apply(pricing, r, -1);
	ck_assert_uint_eq(r->cost.nborrowed, 2);
	ck_assert_str_eq(r->cost.borrowed[0], "interface_endpoint_per_gb");
	rfree(r);

	/* a brief trace: the same figures, no warning text */
	r = mk("nat-gateway", "nat-1");
	r->brief = true;
	r->src_region = r->dst_region = "ap-southeast-1";
	cost_apply(pricing, r, -1);
	ck_assert_double_eq_tol(r->cost.per_gb, 0.059, TOL);
	ck_assert_uint_eq(r->nwarnings, 0);
	rfree(r);
}
END_TEST

/* Every figure of the shipped file says where it comes from and when it was read. */
START_TEST(test_shipped_figures_sourced)
{
	FILE *f = fopen(src_path(PRICING_FILE), "r");
	ck_assert_ptr_nonnull(f);
	char line[512];
	int figures = 0, sources = 0, dates = 0;
	while (fgets(line, sizeof(line), f)) {
		if (strstr(line, "      price: "))
			figures++;
		if (strstr(line, "      source: https://"))
			sources++;
		if (strstr(line, "      date: 20"))
			dates++;
		/* a figure is never a bare number in the shipped file */
		ck_assert_msg(!strstr(line, "_per_gb: 0") && !strstr(line, "_hourly: 0"),
			      "bare figure: %s", line);
	}
	fclose(f);
	ck_assert_int_ge(figures, 15 + 4);
	ck_assert_int_eq(sources, figures);
	ck_assert_int_eq(dates, figures);
}
END_TEST

/* Issue 17: flows from on premises pay data transfer out for what comes back. */
START_TEST(test_on_premises_transfer_out)
{
	struct trace_result *r = mk("vpn-gateway+interface-endpoint", "vpce-1");
	r->src_kind = "on-premises";
	r->src_id = "corp-dc";
	r->onprem_link = "vpn";
	cost_apply(pricing, r, 100);
	ck_assert_double_eq_tol(r->cost.per_gb, 0.01 + 0.09, TOL);
	ck_assert_ptr_nonnull(item(r, "vpn-transfer-out"));
	ck_assert_double_eq_tol(r->cost.monthly_total, 10 + 7.30, TOL);
	ck_assert_uint_eq(r->nwarnings, 0);
	rfree(r);

	/* an upload: its bytes go into AWS, free */
	r = mk("vpn-gateway+interface-endpoint", "vpce-1");
	r->src_kind = "on-premises";
	r->onprem_link = "vpn";
	r->q_action = "s3:PutObject";
	cost_apply(pricing, r, -1);
	ck_assert_double_eq_tol(r->cost.per_gb, 0.01, TOL);
	ck_assert_ptr_null(item(r, "vpn-transfer-out"));
	rfree(r);

	/* a gateway that may be Direct Connect: the VPN rate, and a warning with DX's */
	r = mk("vpn-gateway", "vgw-1");
	r->dst_service = NULL;
	r->src_kind = "on-premises";
	r->src_id = "corp-dc";
	r->onprem_link = "vpn-or-direct-connect";
	cost_apply(pricing, r, -1);
	ck_assert_double_eq_tol(r->cost.per_gb, 0.09, TOL);
	ck_assert_uint_eq(r->nwarnings, 1);
	ck_assert_str_eq(r->warnings[0].code, "onprem-link");
	ck_assert_ptr_nonnull(strstr(r->warnings[0].message, "$0.02/GB"));
	rfree(r);

	/* an instance's flow: no such charge */
	r = mk("vpn-gateway", "vgw-1");
	r->dst_service = NULL;
	cost_apply(pricing, r, -1);
	ck_assert_ptr_null(item(r, "vpn-transfer-out"));
	rfree(r);
}
END_TEST

/* Issue 17: every alternative per month, with the saving; the volume set afterwards
 * (check's gb_per_month) gives the same figures as cost_apply's. */
START_TEST(test_alternatives_per_month)
{
	struct trace_result *r = mk("nat-gateway", "nat-1");
	struct trace_alternative alts[2] = {
		{ .path = "gateway-endpoint", .via = "vpce-gw" },
		{ .path = "interface-endpoint", .via = "vpce-if", .cross_az = true },
	};
	r->path_alternatives = alts;
	r->npath_alternatives = 2;
	cost_apply(pricing, r, -1);
	ck_assert(!r->cost.has_gb);
	ck_assert_double_eq_tol(cost_alternative_saving(&r->cost, &r->cost.alternatives[0]), 0, TOL);
	cost_set_volume(r, 500);
	ck_assert(r->cost.has_gb);
	ck_assert_double_eq_tol(r->cost.monthly_total, 0.045 * 500 + 36.5, TOL);
	ck_assert_str_eq(r->cost.alternatives[0].via, "vpce-gw");
	ck_assert_double_eq_tol(cost_alternative_monthly(&r->cost, &r->cost.alternatives[0]), 0, TOL);
	ck_assert_double_eq_tol(cost_alternative_saving(&r->cost, &r->cost.alternatives[0]), 22.5, TOL);
	/* interface endpoint across AZs: 0.01 + 0.01 per GB */
	ck_assert_double_eq_tol(cost_alternative_monthly(&r->cost, &r->cost.alternatives[1]), 10, TOL);
	ck_assert_double_eq_tol(cost_alternative_saving(&r->cost, &r->cost.alternatives[1]), 12.5, TOL);
	cost_set_volume(r, -1);
	ck_assert(!r->cost.has_gb);
	ck_assert_double_eq_tol(r->cost.monthly_total, 0, TOL);
	rfree(r);
}
END_TEST
END_TEST

START_TEST(test_alternatives_sorted)
{
	struct trace_result *r = mk("nat-gateway", "nat-1");
	struct trace_alternative alts[] = {
		{ .path = "nat-gateway", .via = "nat-2", .cross_az = true },
		{ .path = "interface-endpoint", .via = "vpce-ifs3" },
		{ .path = "gateway-endpoint", .via = "vpce-gws3" },
		{ .path = "internet-gateway", .via = "igw-a", .note = "needs a public IP" },
		{ .path = "interface-endpoint", .via = "vpce-ifs3b", .cross_az = true },
	};
	r->path_alternatives = alts;
	r->npath_alternatives = sizeof(alts) / sizeof(alts[0]);
	cost_apply(pricing, r, -1);
	ck_assert_uint_eq(r->cost.nalternatives, 5);
	const struct trace_alternative *a = r->cost.alternatives;
	/* cheapest first; the two free ones keep the trace's order */
	ck_assert_str_eq(a[0].path, "gateway-endpoint");
	ck_assert_double_eq_tol(a[0].per_gb, 0, TOL);
	ck_assert_str_eq(a[1].path, "internet-gateway");
	ck_assert_str_eq(a[1].note, "needs a public IP");
	ck_assert_double_eq_tol(a[1].per_gb, 0, TOL);
	ck_assert_str_eq(a[2].via, "vpce-ifs3");
	ck_assert_double_eq_tol(a[2].per_gb, 0.01, TOL);
	ck_assert_str_eq(a[3].via, "vpce-ifs3b");
	ck_assert_double_eq_tol(a[3].per_gb, 0.02, TOL);
	ck_assert_str_eq(a[4].via, "nat-2");
	ck_assert_double_eq_tol(a[4].per_gb, 0.055, TOL);
	/* the trace's own array gets its prices too, in its order */
	ck_assert_double_eq_tol(alts[0].per_gb, 0.055, TOL);
	rfree(r);
}
END_TEST

START_TEST(test_alternatives_without_path)
{
	/* no route to S3 at all: the alternatives still tell what a fix would cost */
	struct trace_result *r = mk("none", NULL);
	r->verdict = TRACE_UNREACHABLE;
	struct trace_alternative alts[] = { { .path = "nat-gateway", .via = "nat-1" } };
	r->path_alternatives = alts;
	r->npath_alternatives = 1;
	cost_apply(pricing, r, -1);
	ck_assert(!r->cost.computed);
	ck_assert_uint_eq(r->cost.nalternatives, 1);
	ck_assert_double_eq_tol(r->cost.alternatives[0].per_gb, 0.045, TOL);
	rfree(r);
}
END_TEST

/* ---------------------------------------------------------------- bad files */

static bool has_diag(const struct diag_list *d, unsigned line, unsigned col, const char *needle)
{
	for (size_t i = 0; i < d->len; i++)
		if (d->items[i].line == line && d->items[i].col == col &&
		    strstr(d->items[i].message, needle))
			return true;
	return false;
}

static void dump(const struct diag_list *d)
{
	diag_print(d, stderr, 1);
}

static const char bad_pricing[] =
	"version: 1\n"                                   /* 1 */
	"hours_per_mont: 730\n"                          /* 2: typo */
	"inter_az_billing: sometimes\n"                  /* 3 */
	"regions:\n"                                     /* 4 */
	"  us-east-1:\n"                                 /* 5 */
	"    nat_gateway_per_gb: 0.045\n"                /* 6 */
	"    nat_gatway_hourly: 0.045\n"                 /* 7: typo */
	"    public_ipv4_hourly: -0.005\n"               /* 8: negative */
	"    interface_endpoint_per_gb: cheap\n"         /* 9: not a number */
	"    interface_endpoint_hourly_per_az: 0.01\n"
	"    gateway_endpoint_per_gb: 0\n"
	"    inter_az_per_gb: 0.01\n"
	"    inter_region_per_gb: 0.02\n"
	"    internet_egress_per_gb: 0.09\n"
	"    transit_gateway_per_gb: 0.02\n"
	"    transit_gateway_attachment_hourly: 0.05\n"
	"    s3express_upload_per_gb: 0.0032\n"
	"    s3express_retrieval_per_gb: 0.0006\n";

START_TEST(test_bad_pricing_located)
{
	struct diag_list d = { 0 };
	struct cost_pricing *p = cost_pricing_load_buffer("bad.yaml", bad_pricing,
							  strlen(bad_pricing), &d);
	ck_assert_ptr_null(p);
	ck_assert(has_diag(&d, 2, 1, "unknown key 'hours_per_mont'"));
	ck_assert(has_diag(&d, 2, 1, "did you mean 'hours_per_month'"));
	ck_assert(has_diag(&d, 3, 19, "one-side or both-sides"));
	ck_assert(has_diag(&d, 7, 5, "did you mean 'nat_gateway_hourly'"));
	ck_assert(has_diag(&d, 8, 25, "public_ipv4_hourly: a price cannot be negative"));
	ck_assert(has_diag(&d, 9, 32, "'cheap'"));
	/* the typo'd key leaves nat_gateway_hourly unset: reported at the region */
	ck_assert(has_diag(&d, 5, 3, "does not set nat_gateway_hourly"));
	ck_assert_uint_eq(d.errors, 6);
	ck_assert_str_eq(d.items[0].file, "bad.yaml");
	diag_list_clear(&d);
}
END_TEST

START_TEST(test_bad_pricing_shapes)
{
	static const struct {
		const char *text;
		unsigned line, col;
		const char *needle;
	} cases[] = {
		{ "regions: [us-east-1]\n", 1, 10, "expected a mapping of region names" },
		{ "- 1\n- 2\n", 1, 1, "expected a mapping" },
		{ "currency: USD\n", 1, 1, "no 'regions:'" },
		{ "regions:\n  us-east-1: 0.045\n", 2, 14, "expected a mapping of prices" },
		{ "regions: {}\n", 1, 1, "an empty mapping" },
		{ "version: 2\nregions: {}\n", 1, 10, "only version 1" },
		{ "regions:\n  us-east-1: {}\n  us-east-1: {}\n", 3, 3, "duplicate key 'us-east-1'" },
		{ "regions:\n  us-east-1: { nat_gateway_per_gb: 0x10 }\n", 2, 36, "found '0x10'" },
		{ "regions:\n  us-east-1: { nat_gateway_per_gb: 0.045 }\n", 2, 3,
		  "does not set nat_gateway_hourly, public_ipv4_hourly, interface_endpoint_per_gb" },
		{ "regions:\n  us-east-1: { nat_gateway_per_gb: [1] }\n", 2, 36, "found a list" },
		{ "regions: &a\n  x: *a\n", 1, 10, "anchors" },
		{ "regions:\n  us-east-1: [\n", 3, 1, "invalid YAML" },
		{ "hours_per_month: 7300\nregions: {}\n", 1, 18, "hours_per_month" },
		/* absurd figures: every monthly figure from them would be nonsense */
		{ "regions:\n  us-east-1: { nat_gateway_per_gb: 45000 }\n", 2, 36,
		  "nat_gateway_per_gb: a price above $1000 (per GB or per hour) is not an AWS price" },
		{ "regions:\n  us-east-1: { nat_gateway_hourly: 1e300 }\n", 2, 36,
		  "above $1000" },
		{ "regions:\n  us-east-1: { nat_gateway_per_gb: 1e400 }\n", 2, 36,
		  "nat_gateway_per_gb: 1e400 is not a finite number" },
		{ "regions:\n  us-east-1: { nat_gateway_per_gb: .inf }\n", 2, 36,
		  ".inf is not a finite number" },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct diag_list d = { 0 };
		struct cost_pricing *p = cost_pricing_load_buffer("p.yaml", cases[i].text,
								  strlen(cases[i].text), &d);
		ck_assert_msg(p == NULL, "case %zu loaded", i);
		if (!has_diag(&d, cases[i].line, cases[i].col, cases[i].needle)) {
			dump(&d);
			ck_abort_msg("case %zu: no error at %u:%u with '%s'", i, cases[i].line,
				     cases[i].col, cases[i].needle);
		}
		diag_list_clear(&d);
	}
}
END_TEST

START_TEST(test_unknown_region_warns)
{
	char text[2048];
	snprintf(text, sizeof(text), "%s", both_sides_pricing);
	char *at = strstr(text, "us-east-1:");
	memcpy(at, "us-esat-1:", 10);
	struct diag_list d = { 0 };
	struct cost_pricing *p = cost_pricing_load_buffer("w.yaml", text, strlen(text), &d);
	ck_assert_ptr_nonnull(p); /* a warning only: AWS adds regions */
	ck_assert_uint_eq(d.errors, 0);
	ck_assert_uint_eq(d.len, 1);
	ck_assert_int_eq(d.items[0].severity, DIAG_WARNING);
	ck_assert_uint_eq(d.items[0].line, 4);
	ck_assert_ptr_nonnull(strstr(d.items[0].message, "did you mean 'us-east-1'"));
	/* the only region stands in for every other */
	struct trace_result *r = mk("nat-gateway", "nat-1");
	cost_apply(p, r, -1);
	ck_assert_double_eq_tol(r->cost.per_gb, 0.045, TOL);
	ck_assert_uint_eq(r->nwarnings, 1);
	ck_assert_ptr_nonnull(strstr(r->warnings[0].message, "us-esat-1 prices"));
	rfree(r);
	cost_pricing_free(p);
	diag_list_clear(&d);
}
END_TEST

/* Figures with their source, a region that gives a few, and the located errors of
 * both (issue 17: every figure with its source and date). */
START_TEST(test_figure_mappings)
{
	char text[4096];
	snprintf(text, sizeof(text), "%s%s", both_sides_pricing,
		 "  eu-west-1:\n"
		 "    nat_gateway_per_gb: { price: 0.048, source: https://example.com/p, date: 2026-12-01 }\n");
	struct diag_list d = { 0 };
	struct cost_pricing *p = cost_pricing_load_buffer("f.yaml", text, strlen(text), &d);
	ck_assert_ptr_nonnull(p);
	ck_assert_uint_eq(d.len, 0);
	struct trace_result *r = mk("nat-gateway", "nat-1");
	r->src_region = r->dst_region = "eu-west-1";
	cost_apply(p, r, -1);
	ck_assert_double_eq_tol(r->cost.per_gb, 0.048, TOL);
	/* the hourly figures are us-east-1's, and the warning names them */
	ck_assert_uint_eq(r->cost.nborrowed, 2);
	ck_assert_uint_eq(r->nwarnings, 1);
	ck_assert_ptr_nonnull(strstr(r->warnings[0].message,
				     "nat_gateway_hourly, public_ipv4_hourly for region eu-west-1"));
	rfree(r);
	cost_pricing_free(p);

	static const struct {
		const char *figure;
		unsigned col;
		const char *needle;
	} cases[] = {
		{ "{ price: 0.048, date: 2026-13-01 }", 47, "nat_gateway_per_gb.date: expected the date" },
		{ "{ price: 0.048, sorce: x }", 41, "did you mean 'source'" },
		{ "{ source: https://example.com/p }", 25, "needs 'price:'" },
		{ "{ price: -1 }", 34, "cannot be negative" },
		{ "{ price: 1000.01 }", 34, "above $1000" },
		{ "{ price: 0.1, source: [a] }", 47, "nat_gateway_per_gb.source: expected text" },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		snprintf(text, sizeof(text), "%s  eu-west-1:\n    nat_gateway_per_gb: %s\n",
			 both_sides_pricing, cases[i].figure);
		struct diag_list e = { 0 };
		ck_assert_ptr_null(cost_pricing_load_buffer("f.yaml", text, strlen(text), &e));
		/* the region's line: the shared text has 19 lines, the region 1 */
		if (!has_diag(&e, 21, cases[i].col, cases[i].needle)) {
			dump(&e);
			ck_abort_msg("case %zu: no error at 21:%u with '%s'", i, cases[i].col,
				     cases[i].needle);
		}
		diag_list_clear(&e);
	}
}
END_TEST

/* The fallback region must give every figure; fallback_region must name a region. */
START_TEST(test_fallback_region)
{
	static const char partial_first[] =
		"regions:\n"
		"  eu-west-1:\n"
		"    nat_gateway_per_gb: 0.048\n";
	struct diag_list d = { 0 };
	ck_assert_ptr_null(cost_pricing_load_buffer("p.yaml", partial_first, strlen(partial_first), &d));
	ck_assert(has_diag(&d, 2, 3, "region eu-west-1 does not set nat_gateway_hourly"));
	ck_assert(has_diag(&d, 2, 3, "the fallback region"));
	diag_list_clear(&d);

	/* an earlier release's file: only the on-premises figures are missing */
	char text[4096];
	snprintf(text, sizeof(text), "%s", both_sides_pricing);
	*strstr(text, "    vpn_transfer_out_per_gb") = '\0';
	ck_assert_ptr_null(cost_pricing_load_buffer("old.yaml", text, strlen(text), &d));
	ck_assert(has_diag(&d, 4, 3, "does not set vpn_transfer_out_per_gb, "
			   "direct_connect_transfer_out_per_gb"));
	ck_assert(has_diag(&d, 4, 3, "copy them from the pricing.yaml vpcpath installs"));
	diag_list_clear(&d);

	snprintf(text, sizeof(text), "fallback_region: eu-west-2\n%s", both_sides_pricing);
	ck_assert_ptr_null(cost_pricing_load_buffer("p.yaml", text, strlen(text), &d));
	ck_assert(has_diag(&d, 1, 18, "fallback_region: eu-west-2 is not one of the regions"));
	diag_list_clear(&d);
}
END_TEST

START_TEST(test_missing_file)
{
	struct diag_list d = { 0 };
	ck_assert_ptr_null(cost_pricing_load("/nonexistent/pricing.yaml", &d));
	ck_assert_uint_eq(d.errors, 1);
	ck_assert_str_eq(d.items[0].file, "/nonexistent/pricing.yaml");
	ck_assert_ptr_nonnull(strstr(d.items[0].message, "cannot read"));
	diag_list_clear(&d);
}
END_TEST

static Suite *cost_suite(void)
{
	Suite *s = suite_create("cost");
	TCase *tc = tcase_create("apply");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_nat_same_region);
	tcase_add_test(tc, test_nat_monthly_total_500gb);
	tcase_add_test(tc, test_gateway_endpoint_free);
	tcase_add_test(tc, test_nat_cross_az);
	tcase_add_test(tc, test_both_sides_convention);
	tcase_add_test(tc, test_interface_endpoint);
	tcase_add_test(tc, test_internet_gateway);
	tcase_add_test(tc, test_internet_egress);
	tcase_add_test(tc, test_cross_region);
	tcase_add_test(tc, test_transit_gateway);
	tcase_add_test(tc, test_s3express);
	tcase_add_test(tc, test_not_computed);
	tcase_add_test(tc, test_denied_is_priced);
	tcase_add_test(tc, test_region_fallback);
	tcase_add_test(tc, test_alternatives_sorted);
	tcase_add_test(tc, test_alternatives_without_path);
	tcase_add_test(tc, test_eu_west_1_own_figures);
	tcase_add_test(tc, test_regions_own_figures);
	tcase_add_test(tc, test_shipped_regions);
	tcase_add_test(tc, test_borrowed_figures);
	tcase_add_test(tc, test_shipped_figures_sourced);
	tcase_add_test(tc, test_on_premises_transfer_out);
	tcase_add_test(tc, test_alternatives_per_month);
	suite_add_tcase(s, tc);

	TCase *tl = tcase_create("load");
	tcase_add_test(tl, test_bad_pricing_located);
	tcase_add_test(tl, test_bad_pricing_shapes);
	tcase_add_test(tl, test_unknown_region_warns);
	tcase_add_test(tl, test_figure_mappings);
	tcase_add_test(tl, test_fallback_region);
	tcase_add_test(tl, test_missing_file);
	suite_add_tcase(s, tl);
	return s;
}

VPCPATH_CHECK_MAIN(cost_suite)
