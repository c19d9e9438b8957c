/*
 * bench-terraform [TOPOLOGY] - `vpcpath import terraform` on a generated plan of the
 * bench topology's size, against cJSON alone parsing the same file (issue 16: reading
 * within 2x of cJSON's parse, peak RSS within 3x of the file size).
 *
 * Run by tests/bench/run like every bench-* program (its argument, the large
 * topology, is not used).  Writes build/bench/plan.json, or reuses it while the
 * options are unchanged (build/bench/plan.json.stamp): the JSON of `terraform show
 * -json` of a plan on an existing network, as Terraform writes it (one line;
 * planned_values, resource_changes with before and after, prior_state,
 * configuration).  Each VPC is an instance of a for_each module holding its VPC, 16
 * subnets, an internet and a NAT gateway, two route tables with their associations,
 * a security group, aws_route resources and instances.  Every resource is a no-op but
 * one security group rule per VPC, which the plan creates.  Deterministic: the same
 * bytes for the same options.
 *
 * Each measurement runs in a child (the import through VPCPATH, default ./vpcpath,
 * its output to /dev/null), best wall time of BENCH_RUNS (default 3), peak RSS from
 * wait4.  Options: BENCH_TF_ARGS="--vpcs N --instances N --routes N" (defaults 100,
 * 10000, 10000: a plan of the bench topology's size, about 60 MB).  Prints result lines; aims are reported,
 * never enforced; exits 1 only when a step fails.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#define PLAN "build/bench/plan.json"

/* the bench topology's size in bytes (about 60 MB): a plan prints each resource four
 * times (planned_values, before, after, prior_state), so the bench topology's counts
 * (1000 VPCs, 200,000 instances and routes) make a 1.4 GB plan */
static long nvpcs = 100, ninstances = 10000, nroutes = 10000;
static FILE *out;

/* ---- the values of each resource, as state and plan print them ---------------------- */

/* Every id is its prefix and 17 hex digits: the kind (2), the VPC (5), the item (10). */
static const char *id(const char *prefix, int kind, long v, long item)
{
	static char buf[8][64];
	static int n;
	char *b = buf[n++ & 7];
	snprintf(b, 64, "%s%02x%05lx%010lx", prefix, kind, v, item);
	return b;
}

static void vpc_values(long v)
{
	fprintf(out, "{\"arn\":\"arn:aws:ec2:us-east-1:111122223333:vpc/%s\","
		"\"assign_generated_ipv6_cidr_block\":false,\"cidr_block\":\"10.%ld.%ld.0/20\","
		"\"default_network_acl_id\":\"%s\",\"default_route_table_id\":\"%s\","
		"\"default_security_group_id\":\"%s\",\"enable_dns_hostnames\":true,"
		"\"enable_dns_support\":true,\"id\":\"%s\",\"instance_tenancy\":\"default\","
		"\"ipv6_cidr_block\":\"\",\"main_route_table_id\":\"%s\",\"owner_id\":\"111122223333\","
		"\"tags\":{\"Name\":\"net-%04ld\"},\"tags_all\":{\"Name\":\"net-%04ld\"}}",
		id("vpc-", 1, v, 0), v >> 4, (v & 15) << 4, id("acl-", 2, v, 0), id("rtb-", 3, v, 9),
		id("sg-", 4, v, 9), id("vpc-", 1, v, 0), id("rtb-", 3, v, 9), v, v);
}

static void subnet_values(long v, long s)
{
	fprintf(out, "{\"arn\":\"arn:aws:ec2:us-east-1:111122223333:subnet/%s\","
		"\"availability_zone\":\"us-east-1%c\",\"availability_zone_id\":\"use1-az%ld\","
		"\"cidr_block\":\"10.%ld.%ld.0/24\",\"id\":\"%s\",\"ipv6_cidr_block\":\"\","
		"\"map_public_ip_on_launch\":%s,\"owner_id\":\"111122223333\","
		"\"tags\":{\"Name\":\"net-%04ld-%02ld\"},\"tags_all\":{\"Name\":\"net-%04ld-%02ld\"},"
		"\"vpc_id\":\"%s\"}", id("subnet-", 5, v, s), (char)('a' + s % 6), 1 + s % 6, v >> 4,
		((v & 15) << 4) + s, id("subnet-", 5, v, s), s < 2 ? "true" : "false", v, s, v, s,
		id("vpc-", 1, v, 0));
}

static void igw_values(long v)
{
	fprintf(out, "{\"arn\":\"arn:aws:ec2:us-east-1:111122223333:internet-gateway/%s\","
		"\"id\":\"%s\",\"owner_id\":\"111122223333\",\"tags\":{},\"tags_all\":{},\"vpc_id\":\"%s\"}",
		id("igw-", 6, v, 0), id("igw-", 6, v, 0), id("vpc-", 1, v, 0));
}

static void nat_values(long v)
{
	fprintf(out, "{\"allocation_id\":\"%s\",\"connectivity_type\":\"public\",\"id\":\"%s\","
		"\"network_interface_id\":\"%s\",\"private_ip\":\"10.%ld.%ld.5\","
		"\"public_ip\":\"198.51.%ld.%ld\",\"subnet_id\":\"%s\",\"tags\":{},\"tags_all\":{}}",
		id("eipalloc-", 7, v, 0), id("nat-", 8, v, 0), id("eni-", 9, v, 0), v >> 4,
		(v & 15) << 4, (v >> 8) & 0xff, v & 0xff, id("subnet-", 5, v, 0));
}

static void rtb_values(long v, long t)
{
	fprintf(out, "{\"arn\":\"arn:aws:ec2:us-east-1:111122223333:route-table/%s\",\"id\":\"%s\","
		"\"owner_id\":\"111122223333\",\"propagating_vgws\":[],\"route\":[],"
		"\"tags\":{\"Name\":\"net-%04ld-%ld\"},\"tags_all\":{\"Name\":\"net-%04ld-%ld\"},"
		"\"vpc_id\":\"%s\"}", id("rtb-", 3, v, t), id("rtb-", 3, v, t), v, t, v, t,
		id("vpc-", 1, v, 0));
}

static void rta_values(long v, long s)
{
	fprintf(out, "{\"gateway_id\":\"\",\"id\":\"%s\",\"route_table_id\":\"%s\",\"subnet_id\":\"%s\"}",
		id("rtbassoc-", 10, v, s), id("rtb-", 3, v, s < 2 ? 0 : 1), id("subnet-", 5, v, s));
}

static void route_values(long v, long r)
{
	long t = r < 2 ? r : 1;
	char dest[32];
	if (r < 2)
		snprintf(dest, sizeof(dest), "0.0.0.0/0");
	else
		snprintf(dest, sizeof(dest), "198.%ld.%ld.0/24", 18 + (((r - 2) >> 8) & 1),
			 (r - 2) & 0xff);
	fprintf(out, "{\"carrier_gateway_id\":\"\",\"core_network_arn\":\"\","
		"\"destination_cidr_block\":\"%s\",\"destination_ipv6_cidr_block\":\"\","
		"\"destination_prefix_list_id\":\"\",\"egress_only_gateway_id\":\"\","
		"\"gateway_id\":\"%s\",\"id\":\"r-%s1080289494\",\"instance_id\":\"\","
		"\"instance_owner_id\":\"\",\"local_gateway_id\":\"\",\"nat_gateway_id\":\"%s\","
		"\"network_interface_id\":\"\",\"origin\":\"CreateRoute\",\"route_table_id\":\"%s\","
		"\"state\":\"active\",\"timeouts\":null,\"transit_gateway_id\":\"\","
		"\"vpc_endpoint_id\":\"\",\"vpc_peering_connection_id\":\"\"}", dest,
		t == 0 ? id("igw-", 6, v, 0) : "", id("rtb-", 3, v, t), t ? id("nat-", 8, v, 0) : "",
		id("rtb-", 3, v, t));
}

static void rule_json(long v, const char *proto, int port, const char *cidr)
{
	fprintf(out, "{\"cidr_blocks\":[\"%s\"],\"description\":\"\",\"from_port\":%d,"
		"\"ipv6_cidr_blocks\":[],\"prefix_list_ids\":[],\"protocol\":\"%s\","
		"\"security_groups\":[],\"self\":false,\"to_port\":%d}", cidr, port, proto, port);
	(void)v;
}

static void sg_values(long v)
{
	fprintf(out, "{\"arn\":\"arn:aws:ec2:us-east-1:111122223333:security-group/%s\","
		"\"description\":\"Managed by Terraform\",\"egress\":[", id("sg-", 4, v, 0));
	rule_json(v, "-1", 0, "0.0.0.0/0");
	fputs("],\"id\":\"", out);
	fputs(id("sg-", 4, v, 0), out);
	fputs("\",\"ingress\":[", out);
	rule_json(v, "tcp", 443, "0.0.0.0/0");
	fputc(',', out);
	rule_json(v, "tcp", 22, "10.0.0.0/8");
	fprintf(out, "],\"name\":\"app-%04ld\",\"name_prefix\":\"\",\"owner_id\":\"111122223333\","
		"\"revoke_rules_on_delete\":false,\"tags\":{},\"tags_all\":{},\"timeouts\":null,"
		"\"vpc_id\":\"%s\"}", v, id("vpc-", 1, v, 0));
}

static void sg_rule_values(long v)
{
	fprintf(out, "{\"cidr_blocks\":[\"10.0.0.0/8\"],\"description\":null,\"from_port\":8080,"
		"\"ipv6_cidr_blocks\":null,\"prefix_list_ids\":null,\"protocol\":\"tcp\","
		"\"security_group_id\":\"%s\",\"self\":false,\"timeouts\":null,\"to_port\":8080,"
		"\"type\":\"ingress\"}", id("sg-", 4, v, 0));
}

static void instance_values(long v, long i, long per)
{
	long s = i % 16;
	long host = 10 + i / 16;
	(void)per;
	fprintf(out, "{\"ami\":\"ami-0abcdef1234567890\",\"arn\":\"arn:aws:ec2:us-east-1:111122223333:"
		"instance/%s\",\"associate_public_ip_address\":%s,\"availability_zone\":\"us-east-1%c\","
		"\"iam_instance_profile\":\"\",\"id\":\"%s\",\"instance_state\":\"running\","
		"\"instance_type\":\"t3.micro\",\"key_name\":\"\",\"primary_network_interface_id\":\"%s\","
		"\"private_dns\":\"ip-10-%ld-%ld-%ld.ec2.internal\",\"private_ip\":\"10.%ld.%ld.%ld\","
		"\"public_ip\":\"%s\",\"secondary_private_ips\":[],\"security_groups\":[],"
		"\"source_dest_check\":true,\"subnet_id\":\"%s\",\"tags\":{\"Name\":\"app-%ld\"},"
		"\"tags_all\":{\"Name\":\"app-%ld\"},\"tenancy\":\"default\",\"user_data\":null,"
		"\"vpc_security_group_ids\":[\"%s\"]}", id("i-", 11, v, i), s < 2 ? "true" : "false",
		(char)('a' + s % 6), id("i-", 11, v, i), id("eni-", 12, v, i), v >> 4,
		((v & 15) << 4) + s, host, v >> 4, ((v & 15) << 4) + s, host,
		s < 2 ? "203.0.113.7" : "", id("subnet-", 5, v, s), i, i, id("sg-", 4, v, 0));
}

/* ---- the module's resources, one list per section ---------------------------------- */

struct kind {
	const char *type, *name;
	long count;     /* instances per VPC; 0: one, without a key */
	void (*values)(long v, long i);
};

static long per_vpc_routes, per_vpc_instances;

static void one_vpc(long v, long i) { (void)i; vpc_values(v); }
static void one_igw(long v, long i) { (void)i; igw_values(v); }
static void one_nat(long v, long i) { (void)i; nat_values(v); }
static void one_sg(long v, long i) { (void)i; sg_values(v); }
static void one_instance(long v, long i) { instance_values(v, i, per_vpc_instances); }

static struct kind kinds[] = {
	{ "aws_vpc", "this", 0, one_vpc },
	{ "aws_subnet", "this", 16, subnet_values },
	{ "aws_internet_gateway", "this", 0, one_igw },
	{ "aws_nat_gateway", "this", 0, one_nat },
	{ "aws_route_table", "this", 2, rtb_values },
	{ "aws_route_table_association", "this", 16, rta_values },
	{ "aws_route", "this", 0, route_values },       /* count set from --routes */
	{ "aws_security_group", "app", 0, one_sg },
	{ "aws_instance", "app", 0, one_instance },     /* count set from --instances */
};
#define NKINDS (sizeof(kinds) / sizeof(kinds[0]))

static void address(long v, const struct kind *k, long i)
{
	fprintf(out, "module.net[\\\"n%04ld\\\"].%s.%s", v, k->type, k->name);
	if (k->count)
		fprintf(out, "[%ld]", i);
}

static void resource_head(long v, const struct kind *k, long i)
{
	fputs("{\"address\":\"", out);
	address(v, k, i);
	fprintf(out, "\",\"mode\":\"managed\",\"type\":\"%s\",\"name\":\"%s\",", k->type, k->name);
	if (k->count)
		fprintf(out, "\"index\":%ld,", i);
}

/* planned_values / prior_state: module instances with their resources. */
static void values_section(int planned)
{
	fputs("{\"root_module\":{\"child_modules\":[", out);
	for (long v = 0; v < nvpcs; v++) {
		if (v)
			fputc(',', out);
		fprintf(out, "{\"address\":\"module.net[\\\"n%04ld\\\"]\",\"resources\":[", v);
		int firstr = 1;
		for (size_t k = 0; k < NKINDS; k++) {
			long n = kinds[k].count ? kinds[k].count : 1;
			for (long i = 0; i < n; i++) {
				if (!firstr)
					fputc(',', out);
				firstr = 0;
				resource_head(v, &kinds[k], i);
				fputs("\"provider_name\":\"registry.terraform.io/hashicorp/aws\","
				      "\"schema_version\":1,\"values\":", out);
				kinds[k].values(v, i);
				fputs(",\"sensitive_values\":{}}", out);
			}
		}
		if (planned) {
			fputs(",{\"address\":\"", out);
			fprintf(out, "module.net[\\\"n%04ld\\\"].aws_security_group_rule.http\","
				"\"mode\":\"managed\",\"type\":\"aws_security_group_rule\",\"name\":\"http\","
				"\"provider_name\":\"registry.terraform.io/hashicorp/aws\",\"schema_version\":2,"
				"\"values\":", v);
			sg_rule_values(v);
			fputs(",\"sensitive_values\":{}}", out);
		}
		fprintf(out, "],\"module_address\":\"module.net[\\\"n%04ld\\\"]\"}", v);
	}
	fputs("]}}", out);
}

static void changes_section(void)
{
	fputc('[', out);
	int firstc = 1;
	for (long v = 0; v < nvpcs; v++) {
		for (size_t k = 0; k < NKINDS; k++) {
			long n = kinds[k].count ? kinds[k].count : 1;
			for (long i = 0; i < n; i++) {
				if (!firstc)
					fputc(',', out);
				firstc = 0;
				resource_head(v, &kinds[k], i);
				fprintf(out, "\"module_address\":\"module.net[\\\"n%04ld\\\"]\","
					"\"provider_name\":\"registry.terraform.io/hashicorp/aws\","
					"\"change\":{\"actions\":[\"no-op\"],\"before\":", v);
				kinds[k].values(v, i);
				fputs(",\"after\":", out);
				kinds[k].values(v, i);
				fputs(",\"after_unknown\":{},\"before_sensitive\":{},\"after_sensitive\":{}}}", out);
			}
		}
		fprintf(out, ",{\"address\":\"module.net[\\\"n%04ld\\\"].aws_security_group_rule.http\","
			"\"module_address\":\"module.net[\\\"n%04ld\\\"]\",\"mode\":\"managed\","
			"\"type\":\"aws_security_group_rule\",\"name\":\"http\","
			"\"provider_name\":\"registry.terraform.io/hashicorp/aws\",\"change\":{\"actions\":"
			"[\"create\"],\"before\":null,\"after\":", v, v);
		sg_rule_values(v);
		fputs(",\"after_unknown\":{\"id\":true,\"security_group_rule_id\":true,"
		      "\"source_security_group_id\":true},\"before_sensitive\":false,"
		      "\"after_sensitive\":{}}}", out);
	}
	fputc(']', out);
}

static void refexpr(const char *ref)
{
	fprintf(out, "{\"references\":[\"%s.id\",\"%s\"]}", ref, ref);
}

static void configuration(void)
{
	fputs("{\"provider_config\":{\"aws\":{\"name\":\"aws\",\"full_name\":"
	      "\"registry.terraform.io/hashicorp/aws\",\"expressions\":{\"region\":"
	      "{\"constant_value\":\"us-east-1\"}}}},\"root_module\":{\"module_calls\":{\"net\":"
	      "{\"source\":\"./net\",\"for_each_expression\":{\"references\":[\"var.networks\"]},"
	      "\"module\":{\"resources\":[", out);
	static const struct { const char *type, *name, *exprs; } cfg[] = {
		{ "aws_vpc", "this", NULL },
		{ "aws_subnet", "this", "vpc_id=aws_vpc.this" },
		{ "aws_internet_gateway", "this", "vpc_id=aws_vpc.this" },
		{ "aws_nat_gateway", "this", "subnet_id=aws_subnet.this" },
		{ "aws_route_table", "this", "vpc_id=aws_vpc.this" },
		{ "aws_route_table_association", "this", "subnet_id=aws_subnet.this" },
		{ "aws_route", "this", "route_table_id=aws_route_table.this" },
		{ "aws_security_group", "app", "vpc_id=aws_vpc.this" },
		{ "aws_security_group_rule", "http", "security_group_id=aws_security_group.app" },
		{ "aws_instance", "app", "subnet_id=aws_subnet.this" },
	};
	for (size_t c = 0; c < sizeof(cfg) / sizeof(cfg[0]); c++) {
		fprintf(out, "%s{\"address\":\"%s.%s\",\"mode\":\"managed\",\"type\":\"%s\","
			"\"name\":\"%s\",\"provider_config_key\":\"net:aws\",\"expressions\":{",
			c ? "," : "", cfg[c].type, cfg[c].name, cfg[c].type, cfg[c].name);
		if (cfg[c].exprs) {
			const char *eq = strchr(cfg[c].exprs, '=');
			fprintf(out, "\"%.*s\":", (int)(eq - cfg[c].exprs), cfg[c].exprs);
			refexpr(eq + 1);
		}
		fputs("},\"schema_version\":1}", out);
	}
	fputs("]}}}}}", out);
}

static void generate(void)
{
	for (size_t k = 0; k < NKINDS; k++) {
		if (!strcmp(kinds[k].type, "aws_route"))
			kinds[k].count = per_vpc_routes;
		if (!strcmp(kinds[k].type, "aws_instance"))
			kinds[k].count = per_vpc_instances;
	}
	fputs("{\"format_version\":\"1.2\",\"terraform_version\":\"1.9.5\",\"planned_values\":", out);
	values_section(1);
	fputs(",\"resource_changes\":", out);
	changes_section();
	fputs(",\"prior_state\":{\"format_version\":\"1.0\",\"terraform_version\":\"1.9.5\","
	      "\"values\":", out);
	values_section(0);
	fputs("},\"configuration\":", out);
	configuration();
	fputs(",\"timestamp\":\"2026-12-07T12:00:00Z\",\"applyable\":true,\"complete\":true,"
	      "\"errored\":false}\n", out);
}

/* ---- measuring ---------------------------------------------------------------------- */

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	struct stat st;
	if (fstat(fileno(f), &st) != 0) {
		fclose(f);
		return NULL;
	}
	char *buf = malloc((size_t)st.st_size + 1);
	*len = buf ? fread(buf, 1, (size_t)st.st_size, f) : 0;
	fclose(f);
	if (buf)
		buf[*len] = 0;
	return buf;
}

/* Runs fn (in a child) or argv (exec'd), returns wall seconds; *rss_kib its peak,
 * *cpu its user and system seconds (on a shared host the steadier figure). */
static double run_child(int (*fn)(void), char *const *argv, long *rss_kib, double *cpu)
{
	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	pid_t pid = fork();
	if (pid < 0) {
		perror("bench-terraform: fork");
		exit(1);
	}
	if (pid == 0) {
		if (fn)
			_exit(fn());
		int null = open("/dev/null", O_WRONLY);
		if (null >= 0) {
			dup2(null, 1);
			dup2(null, 2);
		}
		execv(argv[0], argv);
		_exit(127);
	}
	int status;
	struct rusage ru;
	if (wait4(pid, &status, 0, &ru) < 0) {
		perror("bench-terraform: wait4");
		exit(1);
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		fprintf(stderr, "bench-terraform: %s failed (status %d)\n", fn ? "cJSON parse" : argv[0],
			status);
		exit(1);
	}
	*rss_kib = ru.ru_maxrss;
	*cpu = (double)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) +
	       (double)(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6;
	return (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
}

static int cjson_parse(void)
{
	size_t len;
	char *text = slurp(PLAN, &len);
	if (!text)
		return 1;
	cJSON *root = cJSON_ParseWithLength(text, len);
	if (!root)
		return 1;
	cJSON_Delete(root);
	free(text);
	return 0;
}

int main(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	const char *args = getenv("BENCH_TF_ARGS");
	char *copy = strdup(args ? args : "");
	for (char *tok = strtok(copy, " "); tok; tok = strtok(NULL, " ")) {
		char *val = strtok(NULL, " ");
		if (!val) {
			fprintf(stderr, "bench-terraform: %s needs a value\n", tok);
			return 1;
		}
		long n = strtol(val, NULL, 10);
		if (n < 1) {
			fprintf(stderr, "bench-terraform: %s %s: not a positive number\n", tok, val);
			return 1;
		}
		if (!strcmp(tok, "--vpcs") && n <= 4096)
			nvpcs = n;
		else if (!strcmp(tok, "--instances"))
			ninstances = n;
		else if (!strcmp(tok, "--routes"))
			nroutes = n;
		else {
			fprintf(stderr, "bench-terraform: unknown option %s (--vpcs N<=4096, "
				"--instances N, --routes N)\n", tok);
			return 1;
		}
	}
	free(copy);
	per_vpc_routes = nroutes / nvpcs > 2 ? nroutes / nvpcs : 2;
	per_vpc_instances = ninstances / nvpcs > 1 ? ninstances / nvpcs : 1;
	char stamp[128];
	snprintf(stamp, sizeof(stamp), "bench-terraform 1 %ld %ld %ld\n", nvpcs, ninstances, nroutes);
	size_t slen;
	char *old = slurp(PLAN ".stamp", &slen);
	struct stat st;
	const char *note = "reused";
	if (!old || strcmp(old, stamp) || stat(PLAN, &st) != 0) {
		out = fopen(PLAN ".tmp", "w");
		if (!out) {
			perror("bench-terraform: " PLAN ".tmp");
			return 1;
		}
		generate();
		if (fclose(out) != 0 || rename(PLAN ".tmp", PLAN) != 0) {
			perror("bench-terraform: " PLAN);
			return 1;
		}
		FILE *s = fopen(PLAN ".stamp", "w");
		if (!s || fputs(stamp, s) < 0 || fclose(s) != 0) {
			perror("bench-terraform: " PLAN ".stamp");
			return 1;
		}
		note = "generated";
	}
	free(old);
	if (stat(PLAN, &st) != 0) {
		perror("bench-terraform: " PLAN);
		return 1;
	}
	const char *runs_s = getenv("BENCH_RUNS");
	int runs = runs_s && atoi(runs_s) > 0 ? atoi(runs_s) : 3;
	const char *vp = getenv("VPCPATH");
	char *imp[] = { (char *)(vp ? vp : "./vpcpath"), "import", "terraform", PLAN, NULL };
	double best_parse = 0, best_imp = 0, cpu_parse = 0, cpu_imp = 0;
	long rss_parse = 0, rss_imp = 0;
	for (int r = 0; r < runs; r++) {
		long rss;
		double cpu;
		double t = run_child(cjson_parse, NULL, &rss, &cpu);
		if (!r || t < best_parse)
			best_parse = t;
		if (!r || cpu < cpu_parse)
			cpu_parse = cpu;
		rss_parse = rss > rss_parse ? rss : rss_parse;
		t = run_child(NULL, imp, &rss, &cpu);
		if (!r || t < best_imp)
			best_imp = t;
		if (!r || cpu < cpu_imp)
			cpu_imp = cpu;
		rss_imp = rss > rss_imp ? rss : rss_imp;
	}
	double mib = (double)st.st_size / 1048576.0;
	double tr = best_imp / best_parse, rr = (double)rss_imp * 1024.0 / (double)st.st_size;
	printf("%-24s %-14s %s, %ld VPCs, %ld instances, %ld routes (%s)\n", "terraform plan",
	       "", PLAN, nvpcs, per_vpc_instances * nvpcs, per_vpc_routes * nvpcs, note);
	char v[32];
	snprintf(v, sizeof(v), "%.1f MiB", mib);
	printf("%-24s %-14s %lld bytes\n", "plan size", v, (long long)st.st_size);
	snprintf(v, sizeof(v), "%.3f s", best_parse);
	printf("%-24s %-14s the floor: cJSON parse and free, %.1f MiB peak RSS\n", "cJSON parse of the plan",
	       v, (double)rss_parse / 1024.0);
	snprintf(v, sizeof(v), "%.3f s", best_imp);
	printf("%-24s %-14s %.2fx cJSON parse   (aim <= 2x: %s)\n", "import terraform", v, tr,
	       tr <= 2 ? "ok" : "OVER AIM");
	snprintf(v, sizeof(v), "%.3f s", cpu_imp);
	printf("%-24s %-14s %.2fx cJSON's %.3f s  (user + system, best of %d)\n", "import terraform CPU",
	       v, cpu_imp / cpu_parse, cpu_parse, runs);
	snprintf(v, sizeof(v), "%.1f MiB", (double)rss_imp / 1024.0);
	printf("%-24s %-14s %.2fx file size    (aim < 3x: %s)\n", "import terraform RSS", v, rr,
	       rr < 3 ? "ok" : "OVER AIM");
	return 0;
}
