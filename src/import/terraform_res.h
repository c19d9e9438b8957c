/* terraform_res.h - what the files that turn the AWS provider's resources into the
 * importer's intermediate resources share (terraform_res.c: ids, building objects,
 * links, the order of making; terraform_net.c, terraform_rules.c, terraform_hosts.c:
 * one family of resources each).  Private to src/import/.
 *
 * Memory: every object made is owned by the struct imp (own_json); strings are
 * borrowed from the parsed file or the imp's pool.
 */
#ifndef VPCPATH_IMPORT_TERRAFORM_RES_H
#define VPCPATH_IMPORT_TERRAFORM_RES_H

#include "terraform.h"

#define MAX_IDS 512

/* The resource types a link attribute takes (terraform_refs.c, tf_link). */
extern const char *const TF_VPC[], *const TF_SUBNET[], *const TF_RTB[], *const TF_SG[],
	*const TF_IGW[], *const TF_NAT[], *const TF_EIGW[], *const TF_TGW[], *const TF_PCX[],
	*const TF_VPCE[], *const TF_ENI[], *const TF_PL[], *const TF_NACL[], *const TF_VGW[];

/* A stable 64-bit hash (FNV-1a) of s: synthesised ids. */
uint64_t tf_fnv1a(const char *s);

/* A new object owned by the import (freed with it). */
cJSON *tf_new_obj(struct tf *T);

/* Object building; strings are borrowed (the file's or the pool's), never copied. */
void tf_put_str(cJSON *o, const char *k, const char *v);
void tf_put_bool(cJSON *o, const char *k, bool v);
void tf_put_num(cJSON *o, const char *k, double v);
cJSON *tf_put_arr(cJSON *o, const char *k);
cJSON *tf_push_obj(cJSON *arr);
/* Name = the address; the other known tags. */
void tf_put_tags(struct tf *T, cJSON *o, const struct tfinst *in);

/* Files o as in's resource of kind k (its made object). */
struct res *tf_add(struct tf *T, enum rk k, struct tfinst *in, cJSON *o);

/* One link attribute: its id, or NULL (unset, or unknown: *unknown set, warned). */
const char *tf_link1(struct tf *T, struct tfinst *in, const char *attr,
	const char *const *types, bool *unknown);


/* Whether the configuration sets attr: an unknown computed attribute it does not set
 * is AWS's default, not an unknown link. */
bool tf_configured(const struct tfinst *in, const char *attr);

/* The VPC of an aws_default_route_table / _network_acl, through attr. */
const char *tf_default_of(struct tf *T, struct tfinst *in, const char *attr, bool *unknown);

/* The instance (of type, or any) with this id after apply, or NULL. */
struct tfinst *tf_inst_by_id(struct tf *T, const char *type, const char *id);

/* The plan's account: data.aws_caller_identity, an owner_id or an ARN; or NULL. */
const char *tf_plan_account(struct tf *T);

/* The id of vpc's default security group: an aws_default_security_group's, or the one
 * tf_make_implicit writes (NULL for a VPC not made). */
const char *tf_default_sg(struct tf *T, const char *vpc);

/* AWS's main table, default ACL and default group of a VPC that does not adopt them. */
void tf_make_implicit(struct tf *T, struct tfinst *vpc);

/* terraform_net.c: VPCs, subnets, gateways, route tables, NAT gateways, endpoints. */
void tf_make_vpc(struct tf *T, struct tfinst *in);
void tf_make_cidr_assoc(struct tf *T, struct tfinst *in);
void tf_make_subnet(struct tf *T, struct tfinst *in);
void tf_make_igw(struct tf *T, struct tfinst *in);
/* The Name of what AWS makes with address's resource: "ADDRESS (what)", cut to AWS's
 * 256 characters of a tag value with an ellipsis; in T's pool. */
const char *tf_made_name(struct tf *T, const char *address, const char *what);
void tf_make_route_table(struct tf *T, struct tfinst *in);
void tf_make_route_res(struct tf *T, struct tfinst *in);
/* Takes an aws_route's route before the plan out of its table's refreshed list. */
void tf_route_take_out(struct tf *T, struct tfinst *in);
/* A subnet's route table in vpc (NULL: any) is unknown: its main table is left out. */
void tf_rt_unknown_in(struct tf *T, const char *vpc);
/* The same, saying why (a pool or static string naming what is unknown or left out,
 * by's attr when that names it): the main table's warning and missing: entry give the
 * first cause per VPC. */
void tf_rt_unknown_because(struct tf *T, const char *vpc, const struct tfinst *by,
			   const char *attr, const char *why);
bool tf_rt_unknown(struct tf *T, const char *vpc);
void tf_make_rt_assoc(struct tf *T, struct tfinst *in);
/* Files a route table, or leaves it out (missing:) when a route of it is unknown. */
/* A VPC peering connection between two VPCs of the plan. */
void tf_make_peering(struct tf *T, struct tfinst *in);
/* Whether every route target of a table is in the plan (else: part_unknown, warned). */
bool tf_route_targets_known(struct tf *T, struct tfinst *in);
void tf_file_route_tables(struct tf *T, struct tfinst *in);
/* A stand-in public address (192.0.2.0/24) for one known only after apply. */
const char *tf_public_stand_in(struct tf *T, struct tfinst *in);
void tf_make_nat(struct tf *T, struct tfinst *in);
void tf_make_endpoint(struct tf *T, struct tfinst *in);
void tf_make_endpoint_part(struct tf *T, struct tfinst *in);
/* terraform_rules.c: security groups and their rules, network ACLs. */
void tf_add_peer(cJSON *perm, const char *list, const char *key, const char *v);
void tf_make_sg(struct tf *T, struct tfinst *in);
void tf_make_sg_rule(struct tf *T, struct tfinst *in, bool removing);
/* As tf_rt_unknown_in, for network ACLs. */
void tf_acl_unknown_in(struct tf *T, const char *vpc);
bool tf_acl_unknown(struct tf *T, const char *vpc);
void tf_make_nacl(struct tf *T, struct tfinst *in);
void tf_make_nacl_rule(struct tf *T, struct tfinst *in);
/* Takes an aws_network_acl_rule's entry before the plan out of its ACL's refreshed list. */
void tf_nacl_rule_take_out(struct tf *T, struct tfinst *in);
void tf_make_nacl_assoc(struct tf *T, struct tfinst *in);
void tf_file_nacls(struct tf *T);
void tf_sg_rule_add(struct tf *T, struct tfinst *in);
/* Takes out of the topology each group that a rule of it left listed as missing (a
 * rule known only after apply): written, the loader would use what is known of it,
 * and a trace could be denied by the rule that is not there yet. */
void tf_drop_unknown_groups(struct tf *T);
/* Takes a separate rule's values before the plan out of its group's refreshed list. */
void tf_sg_rule_take_out(struct tf *T, struct tfinst *in);
/* Takes out, in one pass over the groups, what tf_sg_rule_take_out noted. */
void tf_sg_rules_taken_out(struct tf *T);
/* terraform_iam.c: roles with their policies, instance profiles, instances' roles. */
void tf_make_iam(struct tf *T);
/* terraform_pl.c: managed prefix lists, the plan's and those it reads. */
void tf_make_prefix_lists(struct tf *T);
/* A prefix list id a link gave: an endpoint's id (aws_vpc_endpoint.x.prefix_list_id,
 * known only after apply) becomes its service's list; NULL (warned) when that is not
 * known. */
const char *tf_pl_id(struct tf *T, struct tfinst *in, const char *id);
/* terraform_transit.c: transit gateways and everything of them, VPN gateways and
 * connections; each gateway made is filed only when every part of it is known. */
void tf_make_transit(struct tf *T);
/* terraform_vpn.c: VPN gateways (made before the connections, filed after), the
 * connections' static routes. */
void tf_make_vpn_gateways(struct tf *T);
void tf_make_vpn_routes(struct tf *T);
void tf_file_vpn(struct tf *T);
/* A link attribute that may be computed: unknown and not configured is unset. */
const char *tf_link_configured(struct tf *T, struct tfinst *in, const char *attr,
	const char *const *types, bool *unknown);
/* Whether a transit or VPN gateway instance is made and filed (nothing of it unknown). */
bool tf_gateway_complete(const struct tfinst *in);
/* terraform_net.c: aws_vpn_gateway_route_propagation. */
void tf_make_vgw_propagation(struct tf *T, struct tfinst *in);
/* terraform_hosts.c: S3 buckets, DynamoDB tables and their policies; instances. */
void tf_make_bucket(struct tf *T, struct tfinst *in);
void tf_make_table(struct tf *T, struct tfinst *in);
void tf_make_resource_policy(struct tf *T, struct tfinst *in);
void tf_make_instance(struct tf *T, struct tfinst *in);
/* aws_network_interface: an interface of its subnet, with its addresses and groups. */
void tf_make_eni(struct tf *T, struct tfinst *in);
/* aws_network_interface_attachment, aws_network_interface_sg_attachment: of an
 * interface (before the instances are made), of an instance's primary interface
 * named through the instance (_late, after). */
void tf_make_eni_part(struct tf *T, struct tfinst *in);
void tf_make_eni_part_late(struct tf *T, struct tfinst *in);
/* aws_eip with instance / network_interface, aws_eip_association: an instance's public
 * address. */
void tf_make_eip_link(struct tf *T, struct tfinst *in);
/* terraform_region.c: the AWS Region of a resource (terraform-notes.md 2.1): its own
 * region argument (provider 6), else its provider configuration's (aliases and
 * modules' configurations too): a literal or a variable's value.  NULL when the plan
 * does not hold it; *why (may be NULL) then says what it is instead (a pool string). */
const char *tf_region_of(struct tf *T, const struct tfinst *in, const char **why);
/* The region of the provider configuration key ("aws", "aws.west", "module.m:aws"). */
const char *tf_provider_region(struct tf *T, const char *key, const char **why);

#endif
