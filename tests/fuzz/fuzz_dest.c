/* fuzz_dest.c - libFuzzer harness for the destination parser (trace's DST argument).
 *
 * The input is "DST" or "DST\nHOST" (the --host override).  A small fixed topology
 * (loaded once) declares buckets, a directory bucket, a table, DNS pins and interface
 * endpoints, so that declared-name lookups, endpoint-specific names and private DNS
 * are reached.  Each parsed destination is resolved from inside and outside the VPC,
 * with and without --ipv6, and its resource ARN is built; the strings the parser made
 * are printed through fputs_escaped (what the text output does with them).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dest.h"
#include "vpcpath/arena.h"
#include "vpcpath/diag.h"
#include "vpcpath/topo.h"
#include "vpcpath/util.h"

static const char topology_yaml[] =
	"version: 1\n"
	"region: us-east-1\n"
	"account: \"111122223333\"\n"
	"availability_zones: { us-east-1a: use1-az4, us-east-1b: use1-az6 }\n"
	"dns:\n"
	"  pinned.example.com: 203.0.113.7\n"
	"  example-bkt.s3.dualstack.us-east-1.amazonaws.com: [52.217.10.21, \"2600:1fa0:8000::10\"]\n"
	"vpcs:\n"
	"  - id: vpc-prod\n"
	"    name: prod\n"
	"    cidrs: [10.0.0.0/16]\n"
	"    ipv6_cidrs: [\"2600:1f18:1::/56\"]\n"
	"    subnets:\n"
	"      - { id: subnet-a, name: app-1, cidr: 10.0.10.0/24, az: us-east-1a }\n"
	"      - { id: subnet-b, name: app-2, cidr: 10.0.11.0/24, az: us-east-1b }\n"
	"    endpoints:\n"
	"      - id: vpce-0ifs3\n"
	"        type: interface\n"
	"        service: s3\n"
	"        subnets: [subnet-a, subnet-b]\n"
	"        ips: { subnet-a: 10.0.10.5, subnet-b: 10.0.11.5 }\n"
	"        private_dns: true\n"
	"      - id: vpce-0ddb\n"
	"        type: interface\n"
	"        service: dynamodb\n"
	"        subnets: [subnet-a]\n"
	"        ips: { subnet-a: 10.0.10.6 }\n"
	"        private_dns: false\n"
	"    instances:\n"
	"      - { id: i-app1, name: app-1, subnet: subnet-a, private_ip: 10.0.10.10 }\n"
	"s3:\n"
	"  - { bucket: data-bucket, region: us-east-1, account: \"111122223333\" }\n"
	"  - { bucket: eu-bucket, region: eu-west-1 }\n"
	"  - { bucket: hot--use1-az4--x-s3, region: us-east-1 }\n"
	"dynamodb:\n"
	"  - { table: orders, region: us-east-1 }\n";

static struct topology *topo;
static FILE *devnull;

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	struct diag_list diags = { 0 };
	topo = topo_load_buffer("fuzz-dest.yaml", ".", topology_yaml, sizeof(topology_yaml) - 1,
				NULL, &diags);
	if (!topo) {
		diag_print(&diags, stderr, 1);
		abort();
	}
	diag_list_clear(&diags);
	devnull = fopen("/dev/null", "w");
	return 0;
}

static void show(const char *s)
{
	if (s && devnull)
		fputs_escaped(s, devnull);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size > 4096)
		return 0;
	char *text = malloc(size + 1);
	memcpy(text, data, size);
	text[size] = '\0';
	const char *host = NULL;
	char *nl = memchr(text, '\n', size);
	if (nl) {
		*nl = '\0';
		host = nl + 1;
	}
	struct arena *a = arena_new();
	struct dest d;
	char err[512];
	err[0] = '\0';
	if (dest_parse(topo, text, host, a, &d, err, sizeof(err))) {
		show(d.name);
		show(d.key);
		show(d.region);
		show(d.host);
		show(d.zone_id);
		show(d.vpce_id);
		show(d.vpce_zone);
		if (d.host || d.has_ip) {
			const struct topo_vpc *vpc = &topo->vpcs[0];
			for (int i = 0; i < 4; i++) {
				struct dns_answer ans;
				char rerr[512];
				(void)dest_resolve(topo, &d, (i & 1) ? vpc : NULL,
						   (i & 1) ? "us-east-1a" : NULL, (i & 2) != 0, i == 3,
						   &ans, rerr, sizeof(rerr));
			}
		}
		show(dest_resource_arn(topo, &d, "s3:GetObject", a));
		show(dest_resource_arn(topo, &d, "s3:ListBucket", a));
		show(dest_resource_arn(topo, &d, NULL, a));
	} else {
		if (!err[0]) {
			fprintf(stderr, "fuzz_dest: dest_parse failed without a message\n");
			abort();
		}
		show(err);
	}
	arena_free(a);
	free(text);
	return 0;
}
