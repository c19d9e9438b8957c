/* terraform_missing.c - how `vpcpath import terraform` words what its plan or state
 * lacks, in the missing-output warnings it shares with the AWS CLI reader (decide.c
 * missing_files): the AWS CLI reader names the describe command to run; a plan has no
 * such command, so it says whether the resource is not in the plan at all, belongs to
 * a VPC the plan only reads, or is known only after apply. */
#include <string.h>

#include "terraform.h"
#include "terraform_res.h"

/* The resource types of the AWS provider that make each kind, as the advice names
 * them. */
static const char *kind_resources(enum rk kind)
{
	switch (kind) {
	case RK_SUBNET: return "aws_subnet";
	case RK_RTB: return "aws_route_table or aws_default_route_table";
	case RK_IGW: return "aws_internet_gateway";
	case RK_NAT: return "aws_nat_gateway";
	case RK_EP: return "aws_vpc_endpoint";
	case RK_SG: return "aws_security_group or aws_default_security_group";
	case RK_NACL: return "aws_network_acl or aws_default_network_acl";
	case RK_INST: return "aws_instance";
	default: return "resource";
	}
}

/* A VPC the plan reads with a data source and does not manage. */
static bool read_only_vpc(struct tf *T, const char *vpc)
{
	bool read = false;
	for (size_t i = 0; i < T->n; i++) {
		const struct tfinst *in = &T->v[i];
		if (!tf_same(in->id, vpc) || (!tf_same(in->type, "aws_vpc") &&
					      !tf_same(in->type, "aws_default_vpc")))
			continue;
		if (!in->data)
			return false;
		read = true;
	}
	return read;
}

const char *tf_missing_advice(struct imp *I, enum rk kind, const char *cmd, const char *vpc)
{
	(void)cmd; /* (a plan is not fixed by running an AWS CLI command) */
	struct tf *T = I->reader;
	const char *input = T->plan ? "plan" : "state";
	if (vpc && read_only_vpc(T, vpc))
		return pool_printf(I, "a VPC the %s reads with a data source: what it holds is not "
				   "in the %s", input, input);
	/* (a table is left out too when a route of it leads to what the plan does not
	 * describe: its own warning says which) */
	if (vpc && kind == RK_RTB && tf_rt_unknown(T, vpc))
		return pool_printf(I, "the %s knows a route or association of them only after "
				   "apply, or one leads outside the %s", input, input);
	if (vpc && kind == RK_NACL && tf_acl_unknown(T, vpc))
		return pool_printf(I, "the %s knows them only after apply", input);
	return pool_printf(I, "not in the %s: no %s of it", input, kind_resources(kind));
}

void tf_missing_cause(struct tf *T, struct missing *m, const char *address, const char *attr)
{
	if (!m->ncauses && !m->address) {
		m->address = address;
		m->attribute = attr;
		m->ncauses = 1;
		return;
	}
	if (!m->ncauses) /* named before by its address alone */
		m->ncauses = 1;
	const char *cause = attr ? pool_printf(T->I, "%s.%s", address, attr) : address;
	if (!m->causes)
		m->causes = m->attribute ? pool_printf(T->I, "%s.%s", m->address, m->attribute) :
			    m->address;
	/* a resource named already is not a second cause (one resource may say the
	 * same thing of an entry twice: an association and its table) */
	size_t n = strlen(cause);
	for (const char *p = m->causes; (p = strstr(p, cause)); p += n)
		if ((p == m->causes || p[-1] == ' ') && (p[n] == ',' || !p[n]))
			return;
	if (m->ncauses++ < MISSING_CAUSES_NAMED)
		m->causes = pool_printf(T->I, "%s, %s", m->causes, cause);
}
