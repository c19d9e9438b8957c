/*
 * gen-snapshot - write a large AWS CLI snapshot directory (the describe-* JSON that
 * scripts/vpcpath-snapshot collects, in the output shapes of the AWS CLI reference)
 * for the import benchmark in tests/bench/run.
 *
 *   gen-snapshot [--vpcs N] [--subnets-per-vpc N] [--instances N] DIR
 *
 * Writes the files into DIR/us-east-1/ and DIR/global/.  The output depends only on the options (no clock,
 * no libc rand, no locale): the same options give the same bytes everywhere.  A
 * one-line summary goes to stderr.
 *
 * The account is the bench topology's shape at account scale: each VPC (at most
 * 256) is 10.V.0.0/16 with /20 subnets in us-east-1a..f (the first two public),
 * a main, a public and a private route table (default routes to the VPC's internet
 * gateway and NAT gateway, the S3 prefix list to its gateway endpoint), four
 * security groups, a default network ACL associated with every subnet.  Instances
 * are spread over the VPCs and subnets round-robin, each written as
 * describe-instances prints a running instance (about 2.5 KB of JSON), and
 * describe-network-interfaces lists each instance's primary interface and each NAT
 * gateway's, as AWS does.  The JSON is indented by four spaces, as the CLI prints it.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define ACCOUNT "111122223333"
#define REGION "us-east-1"
#define S3_PL "pl-63a5400a"

static unsigned long n_vpcs = 100, n_spv = 16, n_instances = 200000;

/* ---- a JSON writer with the CLI's layout ------------------------------------------- */

struct jw {
	FILE *f;
	int depth;
	bool first[64]; /* per open container: nothing written in it yet */
	bool after_key;
};

static void jw_sep(struct jw *w)
{
	if (w->after_key) {
		w->after_key = false;
		return;
	}
	if (w->depth > 0) {
		fputs(w->first[w->depth] ? "\n" : ",\n", w->f);
		w->first[w->depth] = false;
		for (int i = 0; i < w->depth; i++)
			fputs("    ", w->f);
	}
}

static void jw_open(struct jw *w, char c)
{
	jw_sep(w);
	fputc(c, w->f);
	w->first[++w->depth] = true;
}

static void jw_close(struct jw *w, char c)
{
	bool empty = w->first[w->depth--];
	if (!empty) {
		fputc('\n', w->f);
		for (int i = 0; i < w->depth; i++)
			fputs("    ", w->f);
	}
	fputc(c, w->f);
}

#define OBJ(w) jw_open(w, '{')
#define END_OBJ(w) jw_close(w, '}')
#define ARR(w) jw_open(w, '[')
#define END_ARR(w) jw_close(w, ']')

static void key(struct jw *w, const char *k)
{
	jw_sep(w);
	fprintf(w->f, "\"%s\": ", k);
	w->after_key = true;
}

/* a string value (the generator writes no character that needs escaping) */
static void str(struct jw *w, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void str(struct jw *w, const char *fmt, ...)
{
	va_list ap;
	jw_sep(w);
	fputc('"', w->f);
	va_start(ap, fmt);
	vfprintf(w->f, fmt, ap);
	va_end(ap);
	fputc('"', w->f);
}

static void num(struct jw *w, long v)
{
	jw_sep(w);
	fprintf(w->f, "%ld", v);
}

static void boolean(struct jw *w, bool v)
{
	jw_sep(w);
	fputs(v ? "true" : "false", w->f);
}

static void kstr(struct jw *w, const char *k, const char *v)
{
	key(w, k);
	str(w, "%s", v);
}

static void knum(struct jw *w, const char *k, long v)
{
	key(w, k);
	num(w, v);
}

static void kbool(struct jw *w, const char *k, bool v)
{
	key(w, k);
	boolean(w, v);
}

static void kempty_arr(struct jw *w, const char *k)
{
	key(w, k);
	ARR(w);
	END_ARR(w);
}

static void name_tag(struct jw *w, const char *k, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void name_tag(struct jw *w, const char *k, const char *fmt, ...)
{
	char buf[128];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	key(w, k);
	ARR(w);
	OBJ(w);
	kstr(w, "Key", "Name");
	kstr(w, "Value", buf);
	END_OBJ(w);
	END_ARR(w);
}

/* ---- ids and addresses ------------------------------------------------------------- */

/* AWS's 17-hex-digit ids, one tag per kind so that no two kinds share digits. */
static const char *id(char *buf, const char *prefix, unsigned tag, unsigned long n)
{
	snprintf(buf, 64, "%s-%06x%011lx", prefix, tag, n);
	return buf;
}

#define VPC(b, v) id(b, "vpc", 0x0b1e5c, v)
#define SUBNET(b, v, s) id(b, "subnet", 0x5b2e71, (v) * 256 + (s))
#define RTB(b, v, t) id(b, "rtb", 0x7a3c11, (v) * 4 + (t))
#define IGW(b, v) id(b, "igw", 0x16a4e0, v)
#define NAT(b, v) id(b, "nat", 0x0a7e22, v)
#define VPCE(b, v) id(b, "vpce", 0x0e5d33, v)
#define SG(b, v, g) id(b, "sg", 0x05e6a4, (v) * 8 + (g))
#define ACL(b, v) id(b, "acl", 0x0ac1b5, v)
#define INST(b, i) id(b, "i", 0x01c0d6, i)
#define ENI(b, i) id(b, "eni", 0x0e1f07, i)
#define NAT_ENI(b, v) id(b, "eni", 0x0e1fa7, v)

static const char *const sg_names[] = { "default", "web", "app", "db" };
#define SG_PER_VPC 4

/* instance i: VPC, subnet, host within the subnet */
static void place(unsigned long i, unsigned long *v, unsigned long *s, unsigned long *h)
{
	*v = i % n_vpcs;
	*s = (i / n_vpcs) % n_spv;
	*h = 10 + i / (n_vpcs * n_spv); /* after the NAT gateway's .5 */
}

/* the subnet's /20 in 10.V.0.0/16: host h as dotted text */
static void host_ip(char *buf, unsigned long v, unsigned long s, unsigned long h)
{
	unsigned long off = s * 4096 + h;
	snprintf(buf, 48, "10.%lu.%lu.%lu", v, off / 256, off % 256);
}

static FILE *open_out(const char *dir, const char *name)
{
	char path[4096];
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	FILE *f = fopen(path, "w");
	if (!f) {
		fprintf(stderr, "gen-snapshot: %s: %s\n", path, strerror(errno));
		exit(1);
	}
	return f;
}

static void close_out(struct jw *w)
{
	fputc('\n', w->f);
	if (ferror(w->f) || fclose(w->f)) {
		fprintf(stderr, "gen-snapshot: write error: %s\n", strerror(errno));
		exit(1);
	}
}

/* {"KEY": [ ... ]}: opens the file's one list */
static struct jw begin_list(const char *dir, const char *file, const char *k)
{
	struct jw w = { .f = open_out(dir, file) };
	OBJ(&w);
	key(&w, k);
	ARR(&w);
	return w;
}

static void end_list(struct jw *w)
{
	END_ARR(w);
	END_OBJ(w);
	close_out(w);
}

/* ---- the describe outputs ---------------------------------------------------------- */

static void write_azs(const char *dir)
{
	static const char *const ids[] = { "use1-az6", "use1-az1", "use1-az2", "use1-az4",
					   "use1-az3", "use1-az5" };
	struct jw w = begin_list(dir, "availability-zones.json", "AvailabilityZones");
	for (int i = 0; i < 6; i++) {
		char name[32];
		snprintf(name, sizeof(name), REGION "%c", 'a' + i);
		OBJ(&w);
		kstr(&w, "State", "available");
		kstr(&w, "OptInStatus", "opt-in-not-required");
		kempty_arr(&w, "Messages");
		kstr(&w, "RegionName", REGION);
		kstr(&w, "ZoneName", name);
		kstr(&w, "ZoneId", ids[i]);
		kstr(&w, "GroupName", REGION);
		kstr(&w, "NetworkBorderGroup", REGION);
		kstr(&w, "ZoneType", "availability-zone");
		END_OBJ(&w);
	}
	end_list(&w);
}

static void write_vpcs(const char *dir)
{
	char b[64], c[64];
	struct jw w = begin_list(dir, "vpcs.json", "Vpcs");
	for (unsigned long v = 0; v < n_vpcs; v++) {
		char cidr[32];
		snprintf(cidr, sizeof(cidr), "10.%lu.0.0/16", v);
		OBJ(&w);
		kstr(&w, "CidrBlock", cidr);
		kstr(&w, "DhcpOptionsId", "dopt-0c1d2e3f4a5b6c7d8");
		kstr(&w, "State", "available");
		kstr(&w, "VpcId", VPC(b, v));
		kstr(&w, "OwnerId", ACCOUNT);
		kstr(&w, "InstanceTenancy", "default");
		key(&w, "CidrBlockAssociationSet");
		ARR(&w);
		OBJ(&w);
		kstr(&w, "AssociationId", id(c, "vpc-cidr-assoc", 0x0c1da5, v));
		kstr(&w, "CidrBlock", cidr);
		key(&w, "CidrBlockState");
		OBJ(&w);
		kstr(&w, "State", "associated");
		END_OBJ(&w);
		END_OBJ(&w);
		END_ARR(&w);
		kbool(&w, "IsDefault", false);
		name_tag(&w, "Tags", "bench-%04lu", v);
		END_OBJ(&w);
	}
	end_list(&w);
}

static void write_subnets(const char *dir)
{
	char b[64], c[64];
	struct jw w = begin_list(dir, "subnets.json", "Subnets");
	for (unsigned long v = 0; v < n_vpcs; v++)
		for (unsigned long s = 0; s < n_spv; s++) {
			char cidr[32], az[32];
			snprintf(cidr, sizeof(cidr), "10.%lu.%lu.0/20", v, s * 16);
			snprintf(az, sizeof(az), REGION "%c", (int)('a' + s % 6));
			OBJ(&w);
			kstr(&w, "AvailabilityZone", az);
			kstr(&w, "AvailabilityZoneId", (const char *[]){ "use1-az6", "use1-az1",
				 "use1-az2", "use1-az4", "use1-az3", "use1-az5" }[s % 6]);
			knum(&w, "AvailableIpAddressCount", 4000);
			kstr(&w, "CidrBlock", cidr);
			kbool(&w, "DefaultForAz", false);
			kbool(&w, "MapPublicIpOnLaunch", s < 2);
			kbool(&w, "MapCustomerOwnedIpOnLaunch", false);
			kstr(&w, "State", "available");
			kstr(&w, "SubnetId", SUBNET(b, v, s));
			kstr(&w, "VpcId", VPC(c, v));
			kstr(&w, "OwnerId", ACCOUNT);
			kbool(&w, "AssignIpv6AddressOnCreation", false);
			kempty_arr(&w, "Ipv6CidrBlockAssociationSet");
			name_tag(&w, "Tags", "%s-%04lu-%02lu", s < 2 ? "public" : "private", v, s);
			key(&w, "SubnetArn");
			str(&w, "arn:aws:ec2:" REGION ":" ACCOUNT ":subnet/%s", SUBNET(b, v, s));
			kbool(&w, "EnableDns64", false);
			kbool(&w, "Ipv6Native", false);
			key(&w, "PrivateDnsNameOptionsOnLaunch");
			OBJ(&w);
			kstr(&w, "HostnameType", "ip-name");
			kbool(&w, "EnableResourceNameDnsARecord", false);
			kbool(&w, "EnableResourceNameDnsAAAARecord", false);
			END_OBJ(&w);
			END_OBJ(&w);
		}
	end_list(&w);
}

static void route(struct jw *w, const char *dest_key, const char *dest, const char *gw_key,
		  const char *gw, const char *origin)
{
	OBJ(w);
	kstr(w, dest_key, dest);
	kstr(w, gw_key, gw);
	kstr(w, "Origin", origin);
	kstr(w, "State", "active");
	END_OBJ(w);
}

static void write_route_tables(const char *dir)
{
	char b[64], c[64], d[64];
	struct jw w = begin_list(dir, "route-tables.json", "RouteTables");
	for (unsigned long v = 0; v < n_vpcs; v++)
		for (unsigned t = 0; t < 3; t++) { /* main, public, private */
			char cidr[32];
			snprintf(cidr, sizeof(cidr), "10.%lu.0.0/16", v);
			OBJ(&w);
			key(&w, "Associations");
			ARR(&w);
			if (t == 0) {
				OBJ(&w);
				kbool(&w, "Main", true);
				kstr(&w, "RouteTableAssociationId", id(c, "rtbassoc", 0x0a55c0, v * 64));
				kstr(&w, "RouteTableId", RTB(b, v, t));
				key(&w, "AssociationState");
				OBJ(&w);
				kstr(&w, "State", "associated");
				END_OBJ(&w);
				END_OBJ(&w);
			}
			for (unsigned long s = 0; t && s < n_spv; s++) {
				if ((t == 1) != (s < 2))
					continue;
				OBJ(&w);
				kbool(&w, "Main", false);
				kstr(&w, "RouteTableAssociationId",
				     id(c, "rtbassoc", 0x0a55c0, v * 64 + 1 + s));
				kstr(&w, "RouteTableId", RTB(b, v, t));
				kstr(&w, "SubnetId", SUBNET(d, v, s));
				key(&w, "AssociationState");
				OBJ(&w);
				kstr(&w, "State", "associated");
				END_OBJ(&w);
				END_OBJ(&w);
			}
			END_ARR(&w);
			kempty_arr(&w, "PropagatingVgws");
			kstr(&w, "RouteTableId", RTB(b, v, t));
			key(&w, "Routes");
			ARR(&w);
			route(&w, "DestinationCidrBlock", cidr, "GatewayId", "local", "CreateRouteTable");
			if (t == 1)
				route(&w, "DestinationCidrBlock", "0.0.0.0/0", "GatewayId", IGW(c, v),
				      "CreateRoute");
			if (t == 2)
				route(&w, "DestinationCidrBlock", "0.0.0.0/0", "NatGatewayId", NAT(c, v),
				      "CreateRoute");
			if (t != 1)
				route(&w, "DestinationPrefixListId", S3_PL, "GatewayId", VPCE(c, v),
				      "CreateRoute");
			END_ARR(&w);
			name_tag(&w, "Tags", "%s-%04lu", (const char *[]){ "main", "public",
				 "private" }[t], v);
			kstr(&w, "VpcId", VPC(c, v));
			kstr(&w, "OwnerId", ACCOUNT);
			END_OBJ(&w);
		}
	end_list(&w);
}

static void write_igws(const char *dir)
{
	char b[64];
	struct jw w = begin_list(dir, "internet-gateways.json", "InternetGateways");
	for (unsigned long v = 0; v < n_vpcs; v++) {
		OBJ(&w);
		key(&w, "Attachments");
		ARR(&w);
		OBJ(&w);
		kstr(&w, "State", "available");
		kstr(&w, "VpcId", VPC(b, v));
		END_OBJ(&w);
		END_ARR(&w);
		kstr(&w, "InternetGatewayId", IGW(b, v));
		kstr(&w, "OwnerId", ACCOUNT);
		name_tag(&w, "Tags", "igw-%04lu", v);
		END_OBJ(&w);
	}
	end_list(&w);
}

static void write_nats(const char *dir)
{
	char b[64];
	struct jw w = begin_list(dir, "nat-gateways.json", "NatGateways");
	for (unsigned long v = 0; v < n_vpcs; v++) {
		char ip[48], pub[32];
		host_ip(ip, v, 0, 5);
		snprintf(pub, sizeof(pub), "44.192.%lu.%lu", v / 250, 1 + v % 250);
		OBJ(&w);
		kstr(&w, "CreateTime", "2026-11-02T09:14:21.000Z");
		key(&w, "NatGatewayAddresses");
		ARR(&w);
		OBJ(&w);
		kstr(&w, "AllocationId", id(b, "eipalloc", 0x0e1a11, v));
		kstr(&w, "NetworkInterfaceId", NAT_ENI(b, v));
		kstr(&w, "PrivateIp", ip);
		kstr(&w, "PublicIp", pub);
		kstr(&w, "AssociationId", id(b, "eipassoc", 0x0e1a55, v));
		kbool(&w, "IsPrimary", true);
		kstr(&w, "Status", "succeeded");
		END_OBJ(&w);
		END_ARR(&w);
		kstr(&w, "NatGatewayId", NAT(b, v));
		kstr(&w, "State", "available");
		kstr(&w, "SubnetId", SUBNET(b, v, 0));
		kstr(&w, "VpcId", VPC(b, v));
		name_tag(&w, "Tags", "nat-%04lu", v);
		kstr(&w, "ConnectivityType", "public");
		END_OBJ(&w);
	}
	end_list(&w);
}

static void write_endpoints(const char *dir)
{
	char b[64];
	struct jw w = begin_list(dir, "vpc-endpoints.json", "VpcEndpoints");
	for (unsigned long v = 0; v < n_vpcs; v++) {
		OBJ(&w);
		kstr(&w, "VpcEndpointId", VPCE(b, v));
		kstr(&w, "VpcEndpointType", "Gateway");
		kstr(&w, "VpcId", VPC(b, v));
		kstr(&w, "ServiceName", "com.amazonaws." REGION ".s3");
		kstr(&w, "State", "available");
		kstr(&w, "PolicyDocument", "{\\\"Version\\\":\\\"2008-10-17\\\",\\\"Statement\\\":"
		     "[{\\\"Effect\\\":\\\"Allow\\\",\\\"Principal\\\":\\\"*\\\",\\\"Action\\\":"
		     "\\\"*\\\",\\\"Resource\\\":\\\"*\\\"}]}");
		key(&w, "RouteTableIds");
		ARR(&w);
		str(&w, "%s", RTB(b, v, 0));
		str(&w, "%s", RTB(b, v, 2));
		END_ARR(&w);
		kempty_arr(&w, "SubnetIds");
		kempty_arr(&w, "Groups");
		kbool(&w, "PrivateDnsEnabled", false);
		kbool(&w, "RequesterManaged", false);
		kempty_arr(&w, "NetworkInterfaceIds");
		kempty_arr(&w, "DnsEntries");
		kstr(&w, "CreationTimestamp", "2026-11-02T09:15:02.000Z");
		name_tag(&w, "Tags", "s3-%04lu", v);
		kstr(&w, "OwnerId", ACCOUNT);
		END_OBJ(&w);
	}
	end_list(&w);
}

static void write_prefix_lists(const char *dir)
{
	struct jw w = begin_list(dir, "prefix-lists.json", "PrefixLists");
	OBJ(&w);
	key(&w, "Cidrs");
	ARR(&w);
	str(&w, "3.5.0.0/19");
	str(&w, "16.182.0.0/16");
	str(&w, "52.216.0.0/15");
	str(&w, "54.231.0.0/16");
	END_ARR(&w);
	kstr(&w, "PrefixListId", S3_PL);
	kstr(&w, "PrefixListName", "com.amazonaws." REGION ".s3");
	END_OBJ(&w);
	end_list(&w);
}

static void ip_perm(struct jw *w, const char *proto, long from, long to, const char *cidr,
		    const char *group)
{
	OBJ(w);
	if (from >= 0)
		knum(w, "FromPort", from);
	kstr(w, "IpProtocol", proto);
	key(w, "IpRanges");
	ARR(w);
	if (cidr) {
		OBJ(w);
		kstr(w, "CidrIp", cidr);
		END_OBJ(w);
	}
	END_ARR(w);
	kempty_arr(w, "Ipv6Ranges");
	kempty_arr(w, "PrefixListIds");
	if (to >= 0)
		knum(w, "ToPort", to);
	key(w, "UserIdGroupPairs");
	ARR(w);
	if (group) {
		OBJ(w);
		kstr(w, "GroupId", group);
		kstr(w, "UserId", ACCOUNT);
		END_OBJ(w);
	}
	END_ARR(w);
	END_OBJ(w);
}

static void write_sgs(const char *dir)
{
	char b[64], c[64];
	struct jw w = begin_list(dir, "security-groups.json", "SecurityGroups");
	for (unsigned long v = 0; v < n_vpcs; v++)
		for (unsigned g = 0; g < SG_PER_VPC; g++) {
			char vcidr[32];
			snprintf(vcidr, sizeof(vcidr), "10.%lu.0.0/16", v);
			OBJ(&w);
			kstr(&w, "Description", g ? "bench tier" : "default VPC security group");
			kstr(&w, "GroupName", sg_names[g]);
			key(&w, "IpPermissions");
			ARR(&w);
			switch (g) {
			case 0:
				ip_perm(&w, "-1", -1, -1, NULL, SG(c, v, 0));
				break;
			case 1:
				ip_perm(&w, "tcp", 443, 443, "0.0.0.0/0", NULL);
				ip_perm(&w, "tcp", 80, 80, "0.0.0.0/0", NULL);
				break;
			case 2:
				ip_perm(&w, "tcp", 8080, 8080, NULL, SG(c, v, 1));
				ip_perm(&w, "tcp", 22, 22, vcidr, NULL);
				break;
			default:
				ip_perm(&w, "tcp", 5432, 5432, NULL, SG(c, v, 2));
				break;
			}
			END_ARR(&w);
			kstr(&w, "OwnerId", ACCOUNT);
			kstr(&w, "GroupId", SG(b, v, g));
			key(&w, "IpPermissionsEgress");
			ARR(&w);
			ip_perm(&w, "-1", -1, -1, "0.0.0.0/0", NULL);
			END_ARR(&w);
			kstr(&w, "VpcId", VPC(c, v));
			key(&w, "SecurityGroupArn");
			str(&w, "arn:aws:ec2:" REGION ":" ACCOUNT ":security-group/%s", SG(b, v, g));
			END_OBJ(&w);
		}
	end_list(&w);
}

static void acl_entry(struct jw *w, bool egress, const char *action, long number)
{
	OBJ(w);
	kstr(w, "CidrBlock", "0.0.0.0/0");
	kbool(w, "Egress", egress);
	kstr(w, "Protocol", "-1");
	kstr(w, "RuleAction", action);
	knum(w, "RuleNumber", number);
	END_OBJ(w);
}

static void write_nacls(const char *dir)
{
	char b[64], c[64];
	struct jw w = begin_list(dir, "network-acls.json", "NetworkAcls");
	for (unsigned long v = 0; v < n_vpcs; v++) {
		OBJ(&w);
		key(&w, "Associations");
		ARR(&w);
		for (unsigned long s = 0; s < n_spv; s++) {
			OBJ(&w);
			kstr(&w, "NetworkAclAssociationId", id(c, "aclassoc", 0x0ac1a5, v * 256 + s));
			kstr(&w, "NetworkAclId", ACL(b, v));
			kstr(&w, "SubnetId", SUBNET(c, v, s));
			END_OBJ(&w);
		}
		END_ARR(&w);
		key(&w, "Entries");
		ARR(&w);
		acl_entry(&w, true, "allow", 100);
		acl_entry(&w, true, "deny", 32767);
		acl_entry(&w, false, "allow", 100);
		acl_entry(&w, false, "deny", 32767);
		END_ARR(&w);
		kbool(&w, "IsDefault", true);
		kstr(&w, "NetworkAclId", ACL(b, v));
		kempty_arr(&w, "Tags");
		kstr(&w, "VpcId", VPC(c, v));
		kstr(&w, "OwnerId", ACCOUNT);
		END_OBJ(&w);
	}
	end_list(&w);
}

/* the security group of instance i: a tier by its number */
static unsigned inst_group(unsigned long i)
{
	return 1 + (unsigned)(i % 3);
}

static void write_instance(struct jw *w, unsigned long i)
{
	char b[64], c[64], ip[48], az[32], pub[32] = "";
	unsigned long v, s, h;
	place(i, &v, &s, &h);
	host_ip(ip, v, s, h);
	snprintf(az, sizeof(az), REGION "%c", (int)('a' + s % 6));
	if (s < 2)
		snprintf(pub, sizeof(pub), "44.%lu.%lu.%lu", 200 + i / 65536 % 50, i / 256 % 256,
			 i % 256);
	unsigned g = inst_group(i);
	OBJ(w);
	knum(w, "AmiLaunchIndex", 0);
	kstr(w, "ImageId", "ami-0c02fb55956c7d316");
	kstr(w, "InstanceId", INST(b, i));
	kstr(w, "InstanceType", "m5.large");
	kstr(w, "KeyName", "bench");
	kstr(w, "LaunchTime", "2026-11-02T10:21:43.000Z");
	key(w, "Monitoring");
	OBJ(w);
	kstr(w, "State", "disabled");
	END_OBJ(w);
	key(w, "Placement");
	OBJ(w);
	kstr(w, "AvailabilityZone", az);
	kstr(w, "GroupName", "");
	kstr(w, "Tenancy", "default");
	END_OBJ(w);
	key(w, "PrivateDnsName");
	str(w, "ip-%s.ec2.internal", ip);
	kstr(w, "PrivateIpAddress", ip);
	kempty_arr(w, "ProductCodes");
	kstr(w, "PublicDnsName", "");
	if (*pub)
		kstr(w, "PublicIpAddress", pub);
	key(w, "State");
	OBJ(w);
	knum(w, "Code", 16);
	kstr(w, "Name", "running");
	END_OBJ(w);
	kstr(w, "StateTransitionReason", "");
	kstr(w, "SubnetId", SUBNET(b, v, s));
	kstr(w, "VpcId", VPC(b, v));
	kstr(w, "Architecture", "x86_64");
	key(w, "BlockDeviceMappings");
	ARR(w);
	OBJ(w);
	kstr(w, "DeviceName", "/dev/xvda");
	key(w, "Ebs");
	OBJ(w);
	kstr(w, "AttachTime", "2026-11-02T10:21:44.000Z");
	kbool(w, "DeleteOnTermination", true);
	kstr(w, "Status", "attached");
	kstr(w, "VolumeId", id(c, "vol", 0x0f0123, i));
	END_OBJ(w);
	END_OBJ(w);
	END_ARR(w);
	key(w, "ClientToken");
	str(w, "terraform-%020lu", i);
	kbool(w, "EbsOptimized", true);
	kbool(w, "EnaSupport", true);
	kstr(w, "Hypervisor", "xen");
	key(w, "IamInstanceProfile");
	OBJ(w);
	key(w, "Arn");
	str(w, "arn:aws:iam::" ACCOUNT ":instance-profile/%s", sg_names[g]);
	kstr(w, "Id", "AIPAQBENCHPROFILE0001");
	END_OBJ(w);
	key(w, "NetworkInterfaces");
	ARR(w);
	OBJ(w);
	if (*pub) {
		key(w, "Association");
		OBJ(w);
		kstr(w, "IpOwnerId", "amazon");
		kstr(w, "PublicDnsName", "");
		kstr(w, "PublicIp", pub);
		END_OBJ(w);
	}
	key(w, "Attachment");
	OBJ(w);
	kstr(w, "AttachTime", "2026-11-02T10:21:43.000Z");
	kstr(w, "AttachmentId", id(c, "eni-attach", 0x0a77ac, i));
	kbool(w, "DeleteOnTermination", true);
	knum(w, "DeviceIndex", 0);
	kstr(w, "Status", "attached");
	knum(w, "NetworkCardIndex", 0);
	END_OBJ(w);
	kstr(w, "Description", "");
	key(w, "Groups");
	ARR(w);
	OBJ(w);
	kstr(w, "GroupName", sg_names[g]);
	kstr(w, "GroupId", SG(c, v, g));
	END_OBJ(w);
	END_ARR(w);
	kempty_arr(w, "Ipv6Addresses");
	key(w, "MacAddress");
	str(w, "0e:%02lx:%02lx:%02lx:%02lx:%02lx", (i >> 32) & 0xff, (i >> 24) & 0xff,
	    (i >> 16) & 0xff, (i >> 8) & 0xff, i & 0xff);
	kstr(w, "NetworkInterfaceId", ENI(c, i));
	kstr(w, "OwnerId", ACCOUNT);
	key(w, "PrivateDnsName");
	str(w, "ip-%s.ec2.internal", ip);
	kstr(w, "PrivateIpAddress", ip);
	key(w, "PrivateIpAddresses");
	ARR(w);
	OBJ(w);
	kbool(w, "Primary", true);
	key(w, "PrivateDnsName");
	str(w, "ip-%s.ec2.internal", ip);
	kstr(w, "PrivateIpAddress", ip);
	END_OBJ(w);
	END_ARR(w);
	kbool(w, "SourceDestCheck", true);
	kstr(w, "Status", "in-use");
	kstr(w, "SubnetId", SUBNET(c, v, s));
	kstr(w, "VpcId", VPC(c, v));
	kstr(w, "InterfaceType", "interface");
	END_OBJ(w);
	END_ARR(w);
	kstr(w, "RootDeviceName", "/dev/xvda");
	kstr(w, "RootDeviceType", "ebs");
	key(w, "SecurityGroups");
	ARR(w);
	OBJ(w);
	kstr(w, "GroupName", sg_names[g]);
	kstr(w, "GroupId", SG(c, v, g));
	END_OBJ(w);
	END_ARR(w);
	kbool(w, "SourceDestCheck", true);
	name_tag(w, "Tags", "%s-%06lu", sg_names[g], i);
	kstr(w, "VirtualizationType", "hvm");
	key(w, "CpuOptions");
	OBJ(w);
	knum(w, "CoreCount", 1);
	knum(w, "ThreadsPerCore", 2);
	END_OBJ(w);
	key(w, "CapacityReservationSpecification");
	OBJ(w);
	kstr(w, "CapacityReservationPreference", "open");
	END_OBJ(w);
	key(w, "HibernationOptions");
	OBJ(w);
	kbool(w, "Configured", false);
	END_OBJ(w);
	key(w, "MetadataOptions");
	OBJ(w);
	kstr(w, "State", "applied");
	kstr(w, "HttpTokens", "required");
	knum(w, "HttpPutResponseHopLimit", 2);
	kstr(w, "HttpEndpoint", "enabled");
	kstr(w, "HttpProtocolIpv6", "disabled");
	kstr(w, "InstanceMetadataTags", "disabled");
	END_OBJ(w);
	key(w, "EnclaveOptions");
	OBJ(w);
	kbool(w, "Enabled", false);
	END_OBJ(w);
	kstr(w, "BootMode", "uefi-preferred");
	kstr(w, "PlatformDetails", "Linux/UNIX");
	kstr(w, "UsageOperation", "RunInstances");
	kstr(w, "UsageOperationUpdateTime", "2026-11-02T10:21:43.000Z");
	key(w, "PrivateDnsNameOptions");
	OBJ(w);
	kstr(w, "HostnameType", "ip-name");
	kbool(w, "EnableResourceNameDnsARecord", false);
	kbool(w, "EnableResourceNameDnsAAAARecord", false);
	END_OBJ(w);
	key(w, "MaintenanceOptions");
	OBJ(w);
	kstr(w, "AutoRecovery", "default");
	END_OBJ(w);
	kstr(w, "CurrentInstanceBootMode", "legacy-bios");
	END_OBJ(w);
}

/* One reservation per instance, as a fleet launched one at a time. */
static void write_instances(const char *dir)
{
	char b[64];
	struct jw w = begin_list(dir, "instances.json", "Reservations");
	for (unsigned long i = 0; i < n_instances; i++) {
		OBJ(&w);
		kempty_arr(&w, "Groups");
		key(&w, "Instances");
		ARR(&w);
		write_instance(&w, i);
		END_ARR(&w);
		kstr(&w, "OwnerId", ACCOUNT);
		kstr(&w, "ReservationId", id(b, "r", 0x0e5e27, i));
		END_OBJ(&w);
	}
	end_list(&w);
}

static void eni_common(struct jw *w, const char *az, const char *desc, const char *group,
		       const char *group_name, const char *eni, const char *ip, const char *subnet,
		       const char *vpc, const char *requester)
{
	kstr(w, "AvailabilityZone", az);
	kstr(w, "Description", desc);
	key(w, "Groups");
	ARR(w);
	if (group) {
		OBJ(w);
		kstr(w, "GroupName", group_name);
		kstr(w, "GroupId", group);
		END_OBJ(w);
	}
	END_ARR(w);
	kstr(w, "InterfaceType", requester ? "nat_gateway" : "interface");
	kempty_arr(w, "Ipv6Addresses");
	kstr(w, "NetworkInterfaceId", eni);
	kstr(w, "OwnerId", ACCOUNT);
	key(w, "PrivateDnsName");
	str(w, "ip-%s.ec2.internal", ip);
	kstr(w, "PrivateIpAddress", ip);
	key(w, "PrivateIpAddresses");
	ARR(w);
	OBJ(w);
	kbool(w, "Primary", true);
	kstr(w, "PrivateIpAddress", ip);
	END_OBJ(w);
	END_ARR(w);
	if (requester)
		kstr(w, "RequesterId", requester);
	kbool(w, "RequesterManaged", requester != NULL);
	kbool(w, "SourceDestCheck", requester == NULL);
	kstr(w, "Status", "in-use");
	kstr(w, "SubnetId", subnet);
	kempty_arr(w, "TagSet");
	kstr(w, "VpcId", vpc);
}

static void write_interfaces(const char *dir)
{
	char b[64], c[64], d[64], e[64];
	struct jw w = begin_list(dir, "network-interfaces.json", "NetworkInterfaces");
	for (unsigned long v = 0; v < n_vpcs; v++) {
		char ip[48];
		host_ip(ip, v, 0, 5);
		OBJ(&w);
		key(&w, "Attachment");
		OBJ(&w);
		kstr(&w, "AttachmentId", id(c, "ela-attach", 0x0a7a7a, v));
		kbool(&w, "DeleteOnTermination", false);
		knum(&w, "DeviceIndex", 1);
		knum(&w, "NetworkCardIndex", 0);
		kstr(&w, "InstanceOwnerId", "amazon-aws");
		kstr(&w, "Status", "attached");
		END_OBJ(&w);
		eni_common(&w, REGION "a", "Interface for NAT Gateway", NULL, NULL, NAT_ENI(b, v), ip,
			   SUBNET(c, v, 0), VPC(d, v), "AIDAQBENCHNATREQUESTER");
		END_OBJ(&w);
	}
	for (unsigned long i = 0; i < n_instances; i++) {
		char ip[48], az[32];
		unsigned long v, s, h;
		place(i, &v, &s, &h);
		host_ip(ip, v, s, h);
		snprintf(az, sizeof(az), REGION "%c", (int)('a' + s % 6));
		unsigned g = inst_group(i);
		OBJ(&w);
		key(&w, "Attachment");
		OBJ(&w);
		kstr(&w, "AttachTime", "2026-11-02T10:21:43.000Z");
		kstr(&w, "AttachmentId", id(c, "eni-attach", 0x0a77ac, i));
		kbool(&w, "DeleteOnTermination", true);
		knum(&w, "DeviceIndex", 0);
		knum(&w, "NetworkCardIndex", 0);
		kstr(&w, "InstanceId", INST(c, i));
		kstr(&w, "InstanceOwnerId", ACCOUNT);
		kstr(&w, "Status", "attached");
		END_OBJ(&w);
		eni_common(&w, az, "", SG(e, v, g), sg_names[g], ENI(b, i), ip, SUBNET(c, v, s),
			   VPC(d, v), NULL);
		END_OBJ(&w);
	}
	end_list(&w);
}

/* iam list-instance-profiles: one profile and role per tier (global/). */
static void write_profiles(const char *dir)
{
	struct jw w = begin_list(dir, "instance-profiles.json", "InstanceProfiles");
	for (unsigned g = 1; g < SG_PER_VPC; g++) {
		OBJ(&w);
		kstr(&w, "Path", "/");
		kstr(&w, "InstanceProfileName", sg_names[g]);
		key(&w, "InstanceProfileId");
		str(&w, "AIPAQBENCHPROFILE000%u", g);
		key(&w, "Arn");
		str(&w, "arn:aws:iam::" ACCOUNT ":instance-profile/%s", sg_names[g]);
		kstr(&w, "CreateDate", "2026-11-01T08:00:00+00:00");
		key(&w, "Roles");
		ARR(&w);
		OBJ(&w);
		kstr(&w, "Path", "/");
		kstr(&w, "RoleName", sg_names[g]);
		key(&w, "RoleId");
		str(&w, "AROAQBENCHROLE00000%u", g);
		key(&w, "Arn");
		str(&w, "arn:aws:iam::" ACCOUNT ":role/%s", sg_names[g]);
		kstr(&w, "CreateDate", "2026-11-01T08:00:00+00:00");
		END_OBJ(&w);
		END_ARR(&w);
		kempty_arr(&w, "Tags");
		END_OBJ(&w);
	}
	end_list(&w);
}

/* ---- main ---------------------------------------------------------------------------- */

static unsigned long arg_num(const char *opt, const char *v, unsigned long lo, unsigned long hi)
{
	char *end;
	errno = 0;
	unsigned long n = v ? strtoul(v, &end, 10) : 0;
	if (!v || errno || *end || n < lo || n > hi) {
		fprintf(stderr, "gen-snapshot: %s takes a number from %lu to %lu\n", opt, lo, hi);
		exit(2);
	}
	return n;
}

int main(int argc, char **argv)
{
	const char *dir = NULL;
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--vpcs"))
			n_vpcs = arg_num(argv[i], argv[i + 1], 1, 256), i++;
		else if (!strcmp(argv[i], "--subnets-per-vpc"))
			n_spv = arg_num(argv[i], argv[i + 1], 2, 16), i++;
		else if (!strcmp(argv[i], "--instances"))
			n_instances = arg_num(argv[i], argv[i + 1], 0, 10000000), i++;
		else if (argv[i][0] == '-' || dir) {
			fputs("usage: gen-snapshot [--vpcs N] [--subnets-per-vpc N] [--instances N] "
			      "DIR\n", stderr);
			return 2;
		} else
			dir = argv[i];
	}
	if (!dir) {
		fputs("gen-snapshot: no output directory\n", stderr);
		return 2;
	}
	/* each subnet's /20 holds hosts .10 to .4090 */
	if (n_instances / (n_vpcs * n_spv) + 10 > 4090) {
		fputs("gen-snapshot: too many instances for the subnets (at most 4080 a subnet)\n",
		      stderr);
		return 2;
	}
	char sub[4096], global[4096];
	snprintf(sub, sizeof(sub), "%s/" REGION, dir);
	snprintf(global, sizeof(global), "%s/global", dir);
	if ((mkdir(dir, 0777) && errno != EEXIST) || (mkdir(sub, 0777) && errno != EEXIST) ||
	    (mkdir(global, 0777) && errno != EEXIST)) {
		fprintf(stderr, "gen-snapshot: %s: %s\n", dir, strerror(errno));
		return 1;
	}
	write_profiles(global);
	write_azs(sub);
	write_vpcs(sub);
	write_subnets(sub);
	write_route_tables(sub);
	write_igws(sub);
	write_nats(sub);
	write_endpoints(sub);
	write_prefix_lists(sub);
	write_sgs(sub);
	write_nacls(sub);
	write_instances(sub);
	write_interfaces(sub);
	fprintf(stderr, "gen-snapshot: %lu vpcs, %lu subnets, %lu route tables, %lu security "
		"groups, %lu instances, %lu network interfaces\n", n_vpcs, n_vpcs * n_spv,
		n_vpcs * 3, n_vpcs * SG_PER_VPC, n_instances, n_instances + n_vpcs);
	return 0;
}
