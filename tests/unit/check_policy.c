/* check_policy.c - unit tests for the IAM policy engine (src/policy).
 *
 * Table-driven: every row cites the fact (aws-facts.md) or IAM documentation
 * section it encodes.  Policies are written with single quotes for readability; they
 * become double quotes before parsing, and '^' becomes a literal single quote (for
 * the ${key, 'default'} variable syntax).
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "check_main.h"
#include "vpcpath/policy.h"
#include "../../src/policy/policy-int.h" /* policy_match_steps */

#define A POLICY_ALLOW
#define D POLICY_DENY
#define N POLICY_NO_MATCH
#define R POLICY_KIND_RESOURCE
#define I POLICY_KIND_IDENTITY
#define E POLICY_KIND_ENDPOINT

/* -------------------------------------------------------------------------- */
/* helpers                                                                      */

static char *unquote(const char *s)
{
	char *t = strdup(s);
	for (char *p = t; *p; p++) {
		if (*p == '\'')
			*p = '"';
		else if (*p == '^')
			*p = '\'';
	}
	return t;
}

static struct policy *compile_opts(const char *text, enum policy_kind kind,
				   const struct policy_compile_opts *opts, struct diag_list *diags)
{
	char *t = unquote(text);
	cJSON *doc = cJSON_Parse(t);
	ck_assert_msg(doc != NULL, "test policy is not JSON: %s", t);
	struct policy *p = policy_compile_ex(doc, kind, opts, "test.json", 3, 7, diags);
	cJSON_Delete(doc);
	free(t);
	return p;
}

static char *diag_text(const struct diag_list *l)
{
	size_t n = 1;
	for (size_t i = 0; i < l->len; i++)
		n += strlen(l->items[i].message) + (l->items[i].code ? strlen(l->items[i].code) : 0) + 16;
	char *s = calloc(1, n);
	for (size_t i = 0; i < l->len; i++) {
		strcat(s, l->items[i].severity == DIAG_ERROR ? "error: " : "warning: ");
		if (l->items[i].code) {
			strcat(s, "[");
			strcat(s, l->items[i].code);
			strcat(s, "] ");
		}
		strcat(s, l->items[i].message);
		strcat(s, "\n");
	}
	return s;
}

/* "k=v;k=v2;k" - a repeated key adds a value; a bare key has no values. */
static struct policy_context *make_ctx(const char *spec)
{
	struct policy_context *c = policy_context_new();
	if (!spec)
		return c;
	char *s = strdup(spec), *save = NULL;
	for (char *tok = strtok_r(s, ";", &save); tok; tok = strtok_r(NULL, ";", &save)) {
		char *eq = strchr(tok, '=');
		if (!eq) {
			policy_context_set(c, tok, NULL);
			continue;
		}
		*eq = '\0';
		policy_context_add(c, tok, eq + 1);
	}
	free(s);
	return c;
}

static const char *dname(enum policy_decision d)
{
	return policy_decision_name(d);
}

#define PRIN_APP "arn:aws:iam::111122223333:role/app"
#define PRIN_X "arn:aws:iam::444455556666:role/other"

#define P(...) "{'Version':'2012-10-17','Statement':[" __VA_ARGS__ "]}"
#define ACT(a) P("{'Effect':'Allow','Principal':'*','Action':" a ",'Resource':'*'}")
#define RES(r) P("{'Effect':'Allow','Principal':'*','Action':'*','Resource':" r "}")
#define PRIN(pr) P("{'Effect':'Allow','Principal':" pr ",'Action':'*','Resource':'*'}")
#define CA(cond) P("{'Effect':'Allow','Principal':'*','Action':'s3:*','Resource':'*','Condition':" cond "}")
#define CANY(cond) P("{'Effect':'Allow','Principal':'*','Action':'*','Resource':'*','Condition':" cond "}")
#define CD(cond) P("{'Effect':'Deny','Principal':'*','Action':'s3:*','Resource':'*','Condition':" cond "}")
#define ALLOW_ALL "{'Effect':'Allow','Principal':'*','Action':'*','Resource':'*'}"

/* F2.12: the documented bucket policy, plus a grant so "not denied" shows as allow. */
#define F212                                                                              \
	P("{'Sid':'DenyNotVpce','Effect':'Deny','Principal':'*','Action':'s3:*',"         \
	  "'Resource':['arn:aws:s3:::awsexamplebucket1','arn:aws:s3:::awsexamplebucket1/*']," \
	  "'Condition':{'StringNotEquals':{'aws:sourceVpce':'vpce-1a2b3c4d'}}},"           \
	  "{'Sid':'AllowAccount','Effect':'Allow','Principal':{'AWS':'111122223333'},"    \
	  "'Action':['s3:GetObject','s3:ListBucket'],"                                   \
	  "'Resource':['arn:aws:s3:::awsexamplebucket1','arn:aws:s3:::awsexamplebucket1/*']}")
#define F212_SOURCEVPC                                                                  \
	P("{'Sid':'DenyNotVpc','Effect':'Deny','Principal':'*','Action':'s3:*',"          \
	  "'Resource':['arn:aws:s3:::bkt','arn:aws:s3:::bkt/*'],"                          \
	  "'Condition':{'StringNotEquals':{'aws:SourceVpc':'vpc-111'}}}," ALLOW_ALL)
#define PAYROLL                                                                         \
	"{'Effect':'Deny','Principal':'*','Action':'s3:*','NotResource':"                \
	"['arn:aws:s3:::HRBucket/Payroll','arn:aws:s3:::HRBucket/Payroll/*']}"

#define OBJ "arn:aws:s3:::bkt/key"
#define EC2I "arn:aws:ec2:us-east-1:123456789012:instance/i-1"

/* -------------------------------------------------------------------------- */
/* evaluation table                                                             */

struct eval_case {
	const char *cite;
	enum policy_kind kind;
	bool gateway;
	const char *policy;
	const char *action, *resource, *principal;
	const char *context;
	enum policy_decision want;
	int stmt;          /* deciding statement, 0-based; -1 none */
	const char *expl;  /* substring the explanation must contain, or NULL */
};

#define C(cite, kind, pol, act, res, prin, ctx, want, stmt) \
	{ cite, kind, false, pol, act, res, prin, ctx, want, stmt, NULL }
#define CX(cite, kind, pol, act, res, prin, ctx, want, stmt, expl) \
	{ cite, kind, false, pol, act, res, prin, ctx, want, stmt, expl }
#define CG(cite, pol, act, res, prin, ctx, want, stmt) \
	{ cite, E, true, pol, act, res, prin, ctx, want, stmt, NULL }

static const struct eval_case eval_cases[] = {
	/* ---- Action (F7.4) ---- */
	C("F7.4 action exact", R, ACT("'s3:GetObject'"), "s3:GetObject", OBJ, PRIN_APP, NULL, A, 0),
	C("F7.4 action prefix and name case-insensitive", R, ACT("'S3:getobject'"), "s3:GetObject", OBJ, PRIN_APP, NULL, A, 0),
	C("F7.4 request action case-insensitive", R, ACT("'s3:GetObject'"), "S3:GETOBJECT", OBJ, PRIN_APP, NULL, A, 0),
	C("F7.4 action wildcard s3:Get*", R, ACT("'s3:Get*'"), "s3:GetObjectVersion", OBJ, PRIN_APP, NULL, A, 0),
	C("F7.4 s3:Get* does not match PutObject", R, ACT("'s3:Get*'"), "s3:PutObject", OBJ, PRIN_APP, NULL, N, -1),
	C("F7.4 action wildcard in the middle", R, ACT("'s3:*Object'"), "s3:PutObject", OBJ, PRIN_APP, NULL, A, 0),
	C("F7.4 action '?' one character", R, ACT("'s3:?etObject'"), "s3:GetObject", OBJ, PRIN_APP, NULL, A, 0),
	C("F7.4 action '?' exactly one character", R, ACT("'s3:?etObject'"), "s3:GetObjects", OBJ, PRIN_APP, NULL, N, -1),
	C("F7.4 Action '*' matches every action", R, ACT("'*'"), "dynamodb:GetItem", "arn:aws:dynamodb:us-east-1:111122223333:table/T", PRIN_APP, NULL, A, 0),
	C("F7.4 action list: any entry", R, ACT("['s3:PutObject','s3:GetObject']"), "s3:GetObject", OBJ, PRIN_APP, NULL, A, 0),
	C("F7.4 service prefix must match", R, ACT("'s3:Get*'"), "dynamodb:GetItem", OBJ, PRIN_APP, NULL, N, -1),
	/* lint.c: a service prefix names one service; no action matches a wildcard in it */
	CX("F7.4 wildcard in the service prefix matches no action", R, ACT("'s*:GetObject'"), "s3:GetObject", OBJ, PRIN_APP, NULL, N, -1,
	   "is not in Action"),
	C("F7.4 '*:*' matches no action", R, ACT("'*:*'"), "s3:GetObject", OBJ, PRIN_APP, NULL, N, -1),
	C("F7.4 s3:* does not match s3express", R, ACT("'s3:*'"), "s3express:CreateSession", OBJ, PRIN_APP, NULL, N, -1),
	C("F7.5 NotAction with Allow: unlisted action allowed", R,
	  P("{'Effect':'Allow','Principal':'*','NotAction':'s3:DeleteObject','Resource':'*'}"), "s3:GetObject", OBJ, PRIN_APP, NULL, A, 0),
	CX("F7.5 NotAction with Allow: listed action not allowed", R,
	   P("{'Effect':'Allow','Principal':'*','NotAction':'s3:DeleteObject','Resource':'*'}"), "s3:DeleteObject", OBJ, PRIN_APP, NULL, N, -1,
	   "is listed in NotAction"),
	C("F7.5 NotAction with Deny: everything not listed is denied", R,
	  P("{'Effect':'Deny','Principal':'*','NotAction':'iam:*','Resource':'*'}," ALLOW_ALL), "s3:GetObject", OBJ, PRIN_APP, NULL, D, 0),
	C("F7.5 NotAction with Deny: listed action not denied", R,
	  P("{'Effect':'Deny','Principal':'*','NotAction':'s3:*','Resource':'*'}," ALLOW_ALL), "s3:GetObject", OBJ, PRIN_APP, NULL, A, 1),
	C("F7.5 NotAction with wildcard", R,
	  P("{'Effect':'Allow','Principal':'*','NotAction':'s3:Delete*','Resource':'*'}"), "s3:DeleteBucket", OBJ, PRIN_APP, NULL, N, -1),

	/* ---- Resource (F7.4) ---- */
	C("F7.4 resource exact bucket ARN", R, RES("'arn:aws:s3:::bkt'"), "s3:ListBucket", "arn:aws:s3:::bkt", PRIN_APP, NULL, A, 0),
	C("F7.4 '*' matches '/' (bucket/*)", R, RES("'arn:aws:s3:::bkt/*'"), "s3:GetObject", "arn:aws:s3:::bkt/a/b/c.txt", PRIN_APP, NULL, A, 0),
	C("F7.4 bucket/* does not match the bucket itself", R, RES("'arn:aws:s3:::bkt/*'"), "s3:ListBucket", "arn:aws:s3:::bkt", PRIN_APP, NULL, N, -1),
	C("F7.4 wildcard at end of bucket name", R, RES("'arn:aws:s3:::bkt*'"), "s3:ListBucket", "arn:aws:s3:::bkt-logs", PRIN_APP, NULL, A, 0),
	C("F7.4 resource matching is case-sensitive", R, RES("'arn:aws:s3:::Bkt/*'"), "s3:GetObject", "arn:aws:s3:::bkt/x", PRIN_APP, NULL, N, -1),
	C("F7.4 '?' matches one character", R, RES("'arn:aws:s3:::bkt/?.txt'"), "s3:GetObject", "arn:aws:s3:::bkt/a.txt", PRIN_APP, NULL, A, 0),
	C("F7.4 '?' matches only one character", R, RES("'arn:aws:s3:::bkt/?.txt'"), "s3:GetObject", "arn:aws:s3:::bkt/ab.txt", PRIN_APP, NULL, N, -1),
	C("F7.4 '?' matches one UTF-8 character", R, RES("'arn:aws:s3:::bkt/?.txt'"), "s3:GetObject", "arn:aws:s3:::bkt/\xc3\xa9.txt", PRIN_APP, NULL, A, 0),
	C("F7.4 IAM user path wildcard", I, P("{'Effect':'Allow','Action':'iam:GetUser','Resource':'arn:aws:iam::123456789012:user/*'}"),
	  "iam:GetUser", "arn:aws:iam::123456789012:user/Bob", NULL, NULL, A, 0),
	C("F7.4 IAM user names in Resource are case-sensitive", I, P("{'Effect':'Allow','Action':'iam:GetUser','Resource':'arn:aws:iam::123456789012:user/bob'}"),
	  "iam:GetUser", "arn:aws:iam::123456789012:user/Bob", NULL, NULL, N, -1),
	C("F7.4 wildcard within the region segment", R, RES("'arn:aws:ec2:us-*-1:123456789012:instance/i-1'"), "ec2:StartInstances", EC2I, PRIN_APP, NULL, A, 0),
	C("F7.4 mid-segment '*' does not cross a colon", R, RES("'arn:aws:ec2:u*2:instance/i-1'"), "ec2:StartInstances", EC2I, PRIN_APP, NULL, N, -1),
	C("F7.4 segment-final '*' expands beyond colons (last segment)", R, RES("'arn:aws:ec2:us-east-1:*'"), "ec2:StartInstances", EC2I, PRIN_APP, NULL, A, 0),
	C("F7.4 segment-final '*' expands beyond colons (middle)", R, RES("'arn:aws:ec2:*:instance/i-1'"), "ec2:StartInstances", EC2I, PRIN_APP, NULL, A, 0),
	C("F7.4 'us-*' is segment-final and expands", R, RES("'arn:aws:ec2:us-*:instance/i-1'"), "ec2:StartInstances", EC2I, PRIN_APP, NULL, A, 0),
	C("F7.4 '*1' is not segment-final: no expansion", R, RES("'arn:aws:ec2:*1:instance/i-1'"), "ec2:StartInstances", EC2I, PRIN_APP, NULL, N, -1),
	C("F7.4 expansion still needs the rest to match", R, RES("'arn:aws:ec2:*:instance/i-2'"), "ec2:StartInstances", EC2I, PRIN_APP, NULL, N, -1),
	C("F7.4 arn:aws:s3:::* covers every bucket and object", R, RES("'arn:aws:s3:::*'"), "s3:GetObject", "arn:aws:s3:::any/deep/key", PRIN_APP, NULL, A, 0),
	C("F7.4 wildcard in the partition segment", R, RES("'arn:*:s3:::bkt/*'"), "s3:GetObject", "arn:aws-cn:s3:::bkt/k", PRIN_APP, NULL, A, 0),
	C("F7.4 partition must match", R, RES("'arn:aws:s3:::bkt'"), "s3:ListBucket", "arn:aws-us-gov:s3:::bkt", PRIN_APP, NULL, N, -1),
	C("F7.4 resource list: any entry", R, RES("['arn:aws:s3:::other/*','arn:aws:s3:::bkt/*']"), "s3:GetObject", OBJ, PRIN_APP, NULL, A, 0),
	C("F7.4 '*' in the resource part crosses '/' and ':'", R, RES("'arn:aws:s3:::bkt/a*b'"), "s3:GetObject", "arn:aws:s3:::bkt/a/x:y/b", PRIN_APP, NULL, A, 0),
	C("F7.4 resource part keeps its colons (logs)", R, RES("'arn:aws:logs:us-east-1:123456789012:log-group:grp:*'"),
	  "logs:PutLogEvents", "arn:aws:logs:us-east-1:123456789012:log-group:grp:log-stream:s1", PRIN_APP, NULL, A, 0),
	C("F7.4 DynamoDB table and its indexes", R, RES("'arn:aws:dynamodb:us-east-1:111122223333:table/T/*'"),
	  "dynamodb:Query", "arn:aws:dynamodb:us-east-1:111122223333:table/T/index/GSI1", PRIN_APP, NULL, A, 0),
	C("F7.4 table/T does not match table/T2", R, RES("'arn:aws:dynamodb:us-east-1:111122223333:table/T'"),
	  "dynamodb:GetItem", "arn:aws:dynamodb:us-east-1:111122223333:table/T2", PRIN_APP, NULL, N, -1),
	C("F7.4 empty region and account segments", R, RES("'arn:aws:s3:::bkt/k?y'"), "s3:GetObject", OBJ, PRIN_APP, NULL, A, 0),
	C("F7.4 account wildcard per segment", R, RES("'arn:aws:dynamodb:us-east-1:*:table/T'"),
	  "dynamodb:GetItem", "arn:aws:dynamodb:us-east-1:111122223333:table/T", PRIN_APP, NULL, A, 0),
	C("F7.4 Resource '*' matches anything", R, RES("'*'"), "s3:GetObject", "arn:aws:s3:::x/y", PRIN_APP, NULL, A, 0),
	C("F7.5 NotResource with Allow: other resources allowed", R,
	  P("{'Effect':'Allow','Principal':'*','Action':'s3:*','NotResource':'arn:aws:s3:::bkt/secret/*'}"),
	  "s3:GetObject", "arn:aws:s3:::bkt/public/x", PRIN_APP, NULL, A, 0),
	CX("F7.5 NotResource with Allow: listed resource not allowed", R,
	   P("{'Effect':'Allow','Principal':'*','Action':'s3:*','NotResource':'arn:aws:s3:::bkt/secret/*'}"),
	   "s3:GetObject", "arn:aws:s3:::bkt/secret/x", PRIN_APP, NULL, N, -1, "is listed in NotResource"),
	C("F7.5 NotResource Deny (HRBucket/Payroll): other bucket denied", R, P(PAYROLL),
	  "s3:GetObject", "arn:aws:s3:::other/x", PRIN_APP, NULL, D, 0),
	C("F7.5 NotResource Deny grants nothing", R, P(PAYROLL),
	  "s3:GetObject", "arn:aws:s3:::HRBucket/Payroll/2024.csv", PRIN_APP, NULL, N, -1),
	C("F7.5 NotResource Deny + Allow: Payroll allowed", R, P(PAYROLL "," ALLOW_ALL),
	  "s3:GetObject", "arn:aws:s3:::HRBucket/Payroll/2024.csv", PRIN_APP, NULL, A, 1),
	C("F7.5 NotResource Deny + Allow: elsewhere denied", R, P(PAYROLL "," ALLOW_ALL),
	  "s3:PutObject", "arn:aws:s3:::HRBucket/Other/x", PRIN_APP, NULL, D, 0),
	C("F7.5 NotResource Deny: folder ARN itself excluded", R, P(PAYROLL "," ALLOW_ALL),
	  "s3:ListBucket", "arn:aws:s3:::HRBucket/Payroll", PRIN_APP, NULL, A, 1),

	/* ---- Principal ---- */
	C("F7.5/principal: '*' matches anonymous", R, PRIN("'*'"), "s3:GetObject", OBJ, NULL, NULL, A, 0),
	C("principal: {AWS:*} same as '*'", R, PRIN("{'AWS':'*'}"), "s3:GetObject", OBJ, NULL, NULL, A, 0),
	C("principal: account id covers its roles", R, PRIN("{'AWS':'111122223333'}"), "s3:GetObject", OBJ, PRIN_APP, NULL, A, 0),
	C("principal: account root ARN covers its users", R, PRIN("{'AWS':'arn:aws:iam::111122223333:root'}"), "s3:GetObject", OBJ,
	  "arn:aws:iam::111122223333:user/bob", NULL, A, 0),
	CX("principal: other account not covered", R, PRIN("{'AWS':'111122223333'}"), "s3:GetObject", OBJ, PRIN_X, NULL, N, -1,
	   "is not in Principal"),
	CX("principal: anonymous not covered by an account", R, PRIN("{'AWS':'111122223333'}"), "s3:GetObject", OBJ, NULL, NULL, N, -1,
	   "anonymous"),
	C("principal: role ARN exact", R, PRIN("{'AWS':'" PRIN_APP "'}"), "s3:GetObject", OBJ, PRIN_APP, NULL, A, 0),
	C("principal: role ARN does not cover another role", R, PRIN("{'AWS':'" PRIN_APP "'}"), "s3:GetObject", OBJ,
	  "arn:aws:iam::111122223333:role/admin", NULL, N, -1),
	C("principal: role ARN covers its sessions", R, PRIN("{'AWS':'" PRIN_APP "'}"), "s3:GetObject", OBJ,
	  "arn:aws:sts::111122223333:assumed-role/app/i-0abc", NULL, A, 0),
	C("principal: role with a path covers its sessions", R, PRIN("{'AWS':'arn:aws:iam::111122223333:role/service/app'}"),
	  "s3:GetObject", OBJ, "arn:aws:sts::111122223333:assumed-role/app/i-0abc", NULL, A, 0),
	C("principal: another role's session not covered", R, PRIN("{'AWS':'" PRIN_APP "'}"), "s3:GetObject", OBJ,
	  "arn:aws:sts::111122223333:assumed-role/admin/s", NULL, N, -1),
	C("principal: same role name in another account not covered", R, PRIN("{'AWS':'" PRIN_APP "'}"), "s3:GetObject", OBJ,
	  "arn:aws:sts::444455556666:assumed-role/app/s", NULL, N, -1),
	C("principal: Service principal", R, PRIN("{'Service':'cloudtrail.amazonaws.com'}"), "s3:PutObject", OBJ,
	  "cloudtrail.amazonaws.com", NULL, A, 0),
	C("principal: Service principal does not cover a role", R, PRIN("{'Service':'cloudtrail.amazonaws.com'}"), "s3:PutObject", OBJ,
	  PRIN_APP, NULL, N, -1),
	C("principal: list of AWS principals", R, PRIN("{'AWS':['arn:aws:iam::111122223333:user/a','444455556666']}"), "s3:GetObject", OBJ,
	  PRIN_X, NULL, A, 0),
	C("principal: several principal types", R, PRIN("{'Service':'logs.amazonaws.com','AWS':'444455556666'}"), "s3:GetObject", OBJ,
	  PRIN_X, NULL, A, 0),
	C("principal: Federated", R, PRIN("{'Federated':'cognito-identity.amazonaws.com'}"), "s3:GetObject", OBJ,
	  "cognito-identity.amazonaws.com", NULL, A, 0),
	C("F7.5 NotPrincipal Deny: others denied", R,
	  P("{'Effect':'Deny','NotPrincipal':{'AWS':'arn:aws:iam::111122223333:role/admin'},'Action':'s3:*','Resource':'*'}," ALLOW_ALL),
	  "s3:GetObject", OBJ, PRIN_APP, NULL, D, 0),
	C("F7.5 NotPrincipal Deny: listed principal not denied", R,
	  P("{'Effect':'Deny','NotPrincipal':{'AWS':'arn:aws:iam::111122223333:role/admin'},'Action':'s3:*','Resource':'*'}," ALLOW_ALL),
	  "s3:GetObject", OBJ, "arn:aws:iam::111122223333:role/admin", NULL, A, 1),
	/* F7.10, IAM User Guide reference_policies_elements_notprincipal.html: AWS checks the
	 * account, the role and the session in turn; a session is exempt only when its
	 * own session ARN is listed. */
	CX("F7.10 NotPrincipal naming a role does not exempt the role's sessions", R,
	   P("{'Effect':'Deny','NotPrincipal':{'AWS':['" PRIN_APP "','arn:aws:iam::111122223333:root']},'Action':'s3:*','Resource':'*'}," ALLOW_ALL),
	   "s3:GetObject", OBJ, "arn:aws:sts::111122223333:assumed-role/app/i-0abc", NULL, D, 0, "which does not exempt it"),
	C("F7.10 NotPrincipal naming the session ARN exempts the session", R,
	  P("{'Effect':'Deny','NotPrincipal':{'AWS':['arn:aws:sts::111122223333:assumed-role/app/i-0abc','arn:aws:iam::111122223333:root']},'Action':'s3:*','Resource':'*'}," ALLOW_ALL),
	  "s3:GetObject", OBJ, "arn:aws:sts::111122223333:assumed-role/app/i-0abc", NULL, A, 1),
	C("F7.10 NotPrincipal naming the account exempts only its root user (a role is denied)", R,
	  P("{'Effect':'Deny','NotPrincipal':{'AWS':'111122223333'},'Action':'s3:*','Resource':'*'}," ALLOW_ALL),
	  "s3:GetObject", OBJ, PRIN_APP, NULL, D, 0),
	C("F7.10 NotPrincipal naming the account exempts its root user", R,
	  P("{'Effect':'Deny','NotPrincipal':{'AWS':'111122223333'},'Action':'s3:*','Resource':'*'}," ALLOW_ALL),
	  "s3:GetObject", OBJ, "arn:aws:iam::111122223333:root", NULL, A, 1),
	C("identity policy: Principal not checked", I, P("{'Effect':'Allow','Action':'s3:*','Resource':'*'}"), "s3:GetObject", OBJ,
	  PRIN_X, NULL, A, 0),

	/* ---- String conditions (F7.6, F7.7, F7.8) ---- */
	C("F7.6 StringEquals match", R, CA("{'StringEquals':{'aws:SourceVpce':'vpce-1a2b3c4d'}}"), "s3:GetObject", OBJ, PRIN_APP,
	  "aws:SourceVpce=vpce-1a2b3c4d", A, 0),
	C("F7.6 StringEquals mismatch", R, CA("{'StringEquals':{'aws:SourceVpce':'vpce-1a2b3c4d'}}"), "s3:GetObject", OBJ, PRIN_APP,
	  "aws:SourceVpce=vpce-9999", N, -1),
	C("F7.6 StringEquals is case-sensitive", R, CA("{'StringEquals':{'aws:SourceVpce':'vpce-1A2B3C4D'}}"), "s3:GetObject", OBJ, PRIN_APP,
	  "aws:SourceVpce=vpce-1a2b3c4d", N, -1),
	C("F7.8 condition key names are case-insensitive (policy side)", R, CA("{'StringEquals':{'AWS:SOURCEVPCE':'vpce-1a2b3c4d'}}"),
	  "s3:GetObject", OBJ, PRIN_APP, "aws:SourceVpce=vpce-1a2b3c4d", A, 0),
	C("F7.8 condition key names are case-insensitive (context side)", R, CA("{'StringEquals':{'aws:SourceVpce':'vpce-1a2b3c4d'}}"),
	  "s3:GetObject", OBJ, PRIN_APP, "AWS:sourcevpce=vpce-1a2b3c4d", A, 0),
	/* 'A' and 'Z' fold, '@' and '[' (their neighbours) do not, in every byte of a word */
	C("F7.8 case-insensitive key names: A and Z fold at any offset", R,
	  CA("{'StringEquals':{'aws:RequestTag/AzZa@[zAZ':'x'}}"), "s3:GetObject", OBJ, PRIN_APP,
	  "AWS:REQUESTTAG/aZzA@[ZaZ=x", A, 0),
	C("F7.8 key names: '@' and '`', '[' and '{' stay different", R,
	  CA("{'StringEquals':{'aws:RequestTag/a@[':'x'}}"), "s3:GetObject", OBJ, PRIN_APP,
	  "aws:RequestTag/a`{=x", N, -1),
	C("F7.8 multiple values are ORed", R, CA("{'StringEquals':{'aws:SourceVpce':['vpce-1','vpce-2']}}"), "s3:GetObject", OBJ, PRIN_APP,
	  "aws:SourceVpce=vpce-2", A, 0),
	CX("F7.7 StringEquals with the key absent is false", R, CA("{'StringEquals':{'aws:SourceVpce':'vpce-1'}}"), "s3:GetObject", OBJ, PRIN_APP,
	   NULL, N, -1, "key absent -> false"),
	CX("F7.7 StringNotEquals with the key absent is true", R, CD("{'StringNotEquals':{'aws:SourceVpce':'vpce-1'}}"), "s3:GetObject", OBJ,
	   PRIN_APP, NULL, D, 0, "key absent -> true"),
	C("F7.6 StringNotEquals equal value is false", R, CD("{'StringNotEquals':{'aws:SourceVpce':'vpce-1'}}"), "s3:GetObject", OBJ, PRIN_APP,
	  "aws:SourceVpce=vpce-1", N, -1),
	C("F7.8 negated multi-value is NOR: matching any value makes it false", R,
	  CD("{'StringNotEquals':{'aws:SourceVpce':['vpce-1','vpce-2']}}"), "s3:GetObject", OBJ, PRIN_APP, "aws:SourceVpce=vpce-2", N, -1),
	C("F7.8 negated multi-value is NOR: matching none makes it true", R,
	  CD("{'StringNotEquals':{'aws:SourceVpce':['vpce-1','vpce-2']}}"), "s3:GetObject", OBJ, PRIN_APP, "aws:SourceVpce=vpce-3", D, 0),
	C("F7.6 StringEqualsIgnoreCase", R, CA("{'StringEqualsIgnoreCase':{'aws:PrincipalTag/team':'Payments'}}"), "s3:GetObject", OBJ,
	  PRIN_APP, "aws:PrincipalTag/team=PAYMENTS", A, 0),
	C("F7.6 StringNotEqualsIgnoreCase differing only in case is false", R,
	  CD("{'StringNotEqualsIgnoreCase':{'aws:PrincipalTag/team':'Payments'}}"), "s3:GetObject", OBJ, PRIN_APP,
	  "aws:PrincipalTag/team=payments", N, -1),
	C("F7.6 StringLike with '*'", R, CA("{'StringLike':{'s3:prefix':'home/*'}}"), "s3:ListBucket", "arn:aws:s3:::bkt", PRIN_APP,
	  "s3:prefix=home/alice/docs", A, 0),
	C("F7.6 StringLike with '?'", R, CA("{'StringLike':{'aws:SourceVpce':'vpce-?'}}"), "s3:GetObject", OBJ, PRIN_APP,
	  "aws:SourceVpce=vpce-7", A, 0),
	C("F7.6 StringLike no match", R, CA("{'StringLike':{'s3:prefix':'home/*'}}"), "s3:ListBucket", "arn:aws:s3:::bkt", PRIN_APP,
	  "s3:prefix=public/x", N, -1),
	C("F7.6 StringLike is case-sensitive", R, CA("{'StringLike':{'s3:prefix':'Home/*'}}"), "s3:ListBucket", "arn:aws:s3:::bkt", PRIN_APP,
	  "s3:prefix=home/x", N, -1),
	C("F7.7 StringNotLike with the key absent is true", R, CD("{'StringNotLike':{'aws:SourceVpce':'vpce-1*'}}"), "s3:GetObject", OBJ,
	  PRIN_APP, NULL, D, 0),
	C("F7.6 StringNotLike matching value is false", R, CD("{'StringNotLike':{'aws:SourceVpce':'vpce-1*'}}"), "s3:GetObject", OBJ,
	  PRIN_APP, "aws:SourceVpce=vpce-1abc", N, -1),
	CX("F7.7 StringEqualsIfExists with the key absent is true", R, CA("{'StringEqualsIfExists':{'aws:SourceVpce':'vpce-1'}}"),
	   "s3:GetObject", OBJ, PRIN_APP, NULL, A, 0, "key absent (IfExists) -> true"),
	C("F7.6 StringEqualsIfExists present and different is false", R, CA("{'StringEqualsIfExists':{'aws:SourceVpce':'vpce-1'}}"),
	  "s3:GetObject", OBJ, PRIN_APP, "aws:SourceVpce=vpce-2", N, -1),
	C("F7.7 StringNotEqualsIfExists with the key absent is true", R, CD("{'StringNotEqualsIfExists':{'aws:SourceVpce':'vpce-1'}}"),
	  "s3:GetObject", OBJ, PRIN_APP, NULL, D, 0),
	C("F7.6 StringEquals treats '*' literally", R, CA("{'StringEquals':{'aws:SourceVpce':'*'}}"), "s3:GetObject", OBJ, PRIN_APP,
	  "aws:SourceVpce=vpce-1", N, -1),
	C("F7.6 StringEquals '*' matches a literal '*'", R, CA("{'StringEquals':{'aws:SourceVpce':'*'}}"), "s3:GetObject", OBJ, PRIN_APP,
	  "aws:SourceVpce=*", A, 0),
	C("F7.8 present with no values acts as absent", R, CA("{'StringEquals':{'aws:SourceVpce':'vpce-1'}}"), "s3:GetObject", OBJ,
	  PRIN_APP, "aws:SourceVpce", N, -1),
	C("F7.6 operator names are read case-insensitively", R, CA("{'stringequals':{'aws:SourceVpce':'vpce-1'}}"), "s3:GetObject", OBJ,
	  PRIN_APP, "aws:SourceVpce=vpce-1", A, 0),

	/* ---- Numeric (F7.6) ---- */
	C("F7.6 NumericLessThan true", R, CA("{'NumericLessThan':{'s3:max-keys':'10'}}"), "s3:ListBucket", "arn:aws:s3:::bkt", PRIN_APP,
	  "s3:max-keys=5", A, 0),
	C("F7.6 NumericLessThan equal is false", R, CA("{'NumericLessThan':{'s3:max-keys':'10'}}"), "s3:ListBucket", "arn:aws:s3:::bkt", PRIN_APP,
	  "s3:max-keys=10", N, -1),
	C("F7.6 NumericLessThanEquals equal is true", R, CA("{'NumericLessThanEquals':{'s3:max-keys':'10'}}"), "s3:ListBucket",
	  "arn:aws:s3:::bkt", PRIN_APP, "s3:max-keys=10", A, 0),
	C("F7.6 NumericGreaterThan", R, CA("{'NumericGreaterThan':{'s3:max-keys':'10'}}"), "s3:ListBucket", "arn:aws:s3:::bkt", PRIN_APP,
	  "s3:max-keys=11", A, 0),
	C("F7.6 NumericGreaterThanEquals below is false", R, CA("{'NumericGreaterThanEquals':{'s3:max-keys':'10'}}"), "s3:ListBucket",
	  "arn:aws:s3:::bkt", PRIN_APP, "s3:max-keys=9", N, -1),
	C("F7.6 NumericEquals compares numbers, not text", R, CA("{'NumericEquals':{'s3:max-keys':'10'}}"), "s3:ListBucket",
	  "arn:aws:s3:::bkt", PRIN_APP, "s3:max-keys=10.0", A, 0),
	C("F7.6 NumericNotEquals equal is false", R, CD("{'NumericNotEquals':{'s3:max-keys':'10'}}"), "s3:ListBucket", "arn:aws:s3:::bkt",
	  PRIN_APP, "s3:max-keys=10", N, -1),
	C("F7.7 NumericNotEquals with the key absent is true", R, CD("{'NumericNotEquals':{'s3:max-keys':'10'}}"), "s3:ListBucket",
	  "arn:aws:s3:::bkt", PRIN_APP, NULL, D, 0),
	C("F7.6 NumericEquals with a non-numeric request value is false", R, CA("{'NumericEquals':{'s3:max-keys':'10'}}"), "s3:ListBucket",
	  "arn:aws:s3:::bkt", PRIN_APP, "s3:max-keys=ten", N, -1),
	C("F7.6 numeric policy value as a JSON number", R, CA("{'NumericLessThan':{'s3:max-keys':100}}"), "s3:ListBucket", "arn:aws:s3:::bkt",
	  PRIN_APP, "s3:max-keys=99", A, 0),
	C("F7.7 NumericLessThanIfExists with the key absent is true", R, CA("{'NumericLessThanIfExists':{'s3:max-keys':'10'}}"),
	  "s3:ListBucket", "arn:aws:s3:::bkt", PRIN_APP, NULL, A, 0),
	C("F7.7 NumericLessThan with the key absent is false", R, CA("{'NumericLessThan':{'s3:max-keys':'10'}}"), "s3:ListBucket",
	  "arn:aws:s3:::bkt", PRIN_APP, NULL, N, -1),
	C("F7.6 negative and fractional numbers", R, CA("{'NumericGreaterThan':{'s3:x':'-1.5'}}"), "s3:GetObject", OBJ, PRIN_APP,
	  "s3:x=-1.25", A, 0),

	/* ---- Date (F7.6) ---- */
	C("F7.6 DateLessThan ISO 8601", R, CA("{'DateLessThan':{'aws:CurrentTime':'2030-01-01T00:00:00Z'}}"), "s3:GetObject", OBJ, PRIN_APP,
	  "aws:CurrentTime=2024-06-01T12:00:00Z", A, 0),
	C("F7.6 DateGreaterThan earlier is false", R, CA("{'DateGreaterThan':{'aws:CurrentTime':'2030-01-01T00:00:00Z'}}"), "s3:GetObject", OBJ,
	  PRIN_APP, "aws:CurrentTime=2024-06-01T12:00:00Z", N, -1),
	C("F7.6 Date: epoch seconds in the request", R, CA("{'DateLessThan':{'aws:CurrentTime':'2024-01-01T00:00:00Z'}}"), "s3:GetObject", OBJ,
	  PRIN_APP, "aws:CurrentTime=1700000000", A, 0),
	C("F7.6 Date: date-only means midnight UTC", R, CA("{'DateEquals':{'aws:CurrentTime':'2024-01-01'}}"), "s3:GetObject", OBJ, PRIN_APP,
	  "aws:CurrentTime=2024-01-01T00:00:00Z", A, 0),
	C("F7.6 Date: UTC offsets", R, CA("{'DateEquals':{'aws:CurrentTime':'2024-01-01T00:00:00Z'}}"), "s3:GetObject", OBJ, PRIN_APP,
	  "aws:CurrentTime=2024-01-01T01:00:00+01:00", A, 0),
	C("F7.6 Date: fractional seconds", R, CA("{'DateLessThan':{'aws:CurrentTime':'2024-01-01T00:00:00.500Z'}}"), "s3:GetObject", OBJ,
	  PRIN_APP, "aws:CurrentTime=2024-01-01T00:00:00.250Z", A, 0),
	C("F7.7 DateNotEquals with the key absent is true", R, CD("{'DateNotEquals':{'aws:CurrentTime':'2024-01-01'}}"), "s3:GetObject", OBJ,
	  PRIN_APP, NULL, D, 0),
	C("F7.6 DateLessThanEquals equal is true", R, CA("{'DateLessThanEquals':{'aws:EpochTime':'2024-02-29T10:00:00Z'}}"), "s3:GetObject",
	  OBJ, PRIN_APP, "aws:EpochTime=2024-02-29T10:00:00Z", A, 0),
	C("F7.6 DateGreaterThanEquals: epoch policy value", R, CA("{'DateGreaterThanEquals':{'aws:CurrentTime':1700000000}}"), "s3:GetObject",
	  OBJ, PRIN_APP, "aws:CurrentTime=2023-11-14T22:13:20Z", A, 0),
	C("F7.6 Date: leap day across years", R, CA("{'DateGreaterThan':{'aws:CurrentTime':'2023-12-31T23:59:59Z'}}"), "s3:GetObject", OBJ,
	  PRIN_APP, "aws:CurrentTime=2024-02-29T00:00:00Z", A, 0),
	C("F7.6 Date: unparsable request value is false", R, CA("{'DateLessThan':{'aws:CurrentTime':'2030-01-01'}}"), "s3:GetObject", OBJ,
	  PRIN_APP, "aws:CurrentTime=yesterday", N, -1),

	/* ---- Bool, Binary ---- */
	C("F7.6 Bool aws:SecureTransport false denies (TLS-only policy)", R,
	  P("{'Effect':'Deny','Principal':'*','Action':'s3:*','Resource':'*','Condition':{'Bool':{'aws:SecureTransport':'false'}}}," ALLOW_ALL),
	  "s3:GetObject", OBJ, PRIN_APP, "aws:SecureTransport=false", D, 0),
	C("F7.6 Bool: TLS request not denied", R,
	  P("{'Effect':'Deny','Principal':'*','Action':'s3:*','Resource':'*','Condition':{'Bool':{'aws:SecureTransport':'false'}}}," ALLOW_ALL),
	  "s3:GetObject", OBJ, PRIN_APP, "aws:SecureTransport=true", A, 1),
	C("F7.7 Bool with the key absent is false", R, CD("{'Bool':{'aws:SecureTransport':'false'}}"), "s3:GetObject", OBJ, PRIN_APP, NULL, N, -1),
	C("F7.7 BoolIfExists with the key absent is true", R, CD("{'BoolIfExists':{'aws:MultiFactorAuthPresent':'false'}}"), "s3:GetObject",
	  OBJ, PRIN_APP, NULL, D, 0),
	C("F7.6 Bool: JSON boolean, request value case-insensitive", R, CA("{'Bool':{'aws:SecureTransport':true}}"), "s3:GetObject", OBJ,
	  PRIN_APP, "aws:SecureTransport=TRUE", A, 0),
	C("F7.6 BinaryEquals equal", R, CA("{'BinaryEquals':{'key':'QmluYXJ5VmFsdWVJbkJhc2U2NA=='}}"), "s3:GetObject", OBJ, PRIN_APP,
	  "key=QmluYXJ5VmFsdWVJbkJhc2U2NA==", A, 0),
	C("F7.6 BinaryEquals different", R, CA("{'BinaryEquals':{'key':'QmluYXJ5VmFsdWVJbkJhc2U2NA=='}}"), "s3:GetObject", OBJ, PRIN_APP,
	  "key=QmluYXJ5", N, -1),

	/* ---- IP (F7.6, F2.11) ---- */
	C("F7.6 IpAddress in range", R, CA("{'IpAddress':{'aws:SourceIp':'203.0.113.0/24'}}"), "s3:GetObject", OBJ, PRIN_APP,
	  "aws:SourceIp=203.0.113.5", A, 0),
	C("F7.6 IpAddress out of range", R, CA("{'IpAddress':{'aws:SourceIp':'203.0.113.0/24'}}"), "s3:GetObject", OBJ, PRIN_APP,
	  "aws:SourceIp=198.51.100.5", N, -1),
	C("F7.6 bare IPv4 address means /32", R, CA("{'IpAddress':{'aws:SourceIp':'203.0.113.5'}}"), "s3:GetObject", OBJ, PRIN_APP,
	  "aws:SourceIp=203.0.113.5", A, 0),
	C("F7.6 bare IPv4 address means only itself", R, CA("{'IpAddress':{'aws:SourceIp':'203.0.113.5'}}"), "s3:GetObject", OBJ, PRIN_APP,
	  "aws:SourceIp=203.0.113.6", N, -1),
	C("F7.6 IPv6 range", R, CA("{'IpAddress':{'aws:SourceIp':'2001:DB8:1234:5678::/64'}}"), "s3:GetObject", OBJ, PRIN_APP,
	  "aws:SourceIp=2001:db8:1234:5678::1", A, 0),
	C("F7.6 bare IPv6 address means /128", R, CA("{'IpAddress':{'aws:SourceIp':'2001:db8::1'}}"), "s3:GetObject", OBJ, PRIN_APP,
	  "aws:SourceIp=2001:db8::2", N, -1),
	C("F1.2/F7.6 IPv6 range does not cover IPv4", R, CA("{'IpAddress':{'aws:SourceIp':'::/0'}}"), "s3:GetObject", OBJ, PRIN_APP,
	  "aws:SourceIp=203.0.113.5", N, -1),
	C("F2.11/F7.7 NotIpAddress: aws:SourceIp absent through an endpoint is true", R,
	  CD("{'NotIpAddress':{'aws:SourceIp':'203.0.113.0/24'}}"), "s3:GetObject", OBJ, PRIN_APP, "aws:SourceVpce=vpce-1", D, 0),
	C("F7.6 NotIpAddress in range is false", R, CD("{'NotIpAddress':{'aws:SourceIp':'203.0.113.0/24'}}"), "s3:GetObject", OBJ, PRIN_APP,
	  "aws:SourceIp=203.0.113.9", N, -1),
	C("F7.8 IpAddress values are ORed", R, CA("{'IpAddress':{'aws:SourceIp':['192.0.2.0/24','203.0.113.0/24']}}"), "s3:GetObject", OBJ,
	  PRIN_APP, "aws:SourceIp=203.0.113.77", A, 0),
	C("F2.11 aws:VpcSourceIp with a private range", R, CA("{'IpAddress':{'aws:VpcSourceIp':'10.0.0.0/16'}}"), "s3:GetObject", OBJ,
	  PRIN_APP, "aws:VpcSourceIp=10.0.10.10", A, 0),
	C("F7.6 IpAddress with a malformed request address is false", R, CA("{'IpAddress':{'aws:SourceIp':'0.0.0.0/0'}}"), "s3:GetObject",
	  OBJ, PRIN_APP, "aws:SourceIp=not-an-ip", N, -1),

	/* ---- ARN operators (F7.6) ---- */
	C("F7.6 ArnLike with a segment wildcard", R, CA("{'ArnLike':{'aws:SourceArn':'arn:aws:s3:::bkt-*'}}"), "s3:PutObject", OBJ, PRIN_APP,
	  "aws:SourceArn=arn:aws:s3:::bkt-logs", A, 0),
	C("F7.6 ArnEquals also takes wildcards per segment", R, CA("{'ArnEquals':{'aws:PrincipalArn':'arn:aws:iam::*:role/app'}}"),
	  "s3:GetObject", OBJ, PRIN_APP, "aws:PrincipalArn=" PRIN_APP, A, 0),
	C("F7.6 ArnLike: a mid-segment '*' stays in its segment", R, CA("{'ArnLike':{'aws:PrincipalArn':'arn:aws:iam::1*p'}}"),
	  "s3:GetObject", OBJ, PRIN_APP, "aws:PrincipalArn=" PRIN_APP, N, -1),
	C("F7.6 ArnLike: wildcard inside the service segment", R, CA("{'ArnLike':{'aws:SourceArn':'arn:aws:s?:::bkt'}}"),
	  "s3:GetObject", OBJ, PRIN_APP, "aws:SourceArn=arn:aws:s3:::bkt", A, 0),
	C("F7.7 ArnNotEquals with the key absent is true", R, CD("{'ArnNotEquals':{'aws:SourceArn':'arn:aws:s3:::bkt'}}"), "s3:GetObject",
	  OBJ, PRIN_APP, NULL, D, 0),
	C("F7.6 ArnNotLike matching is false", R, CD("{'ArnNotLike':{'aws:PrincipalArn':'arn:aws:iam::111122223333:role/*'}}"),
	  "s3:GetObject", OBJ, PRIN_APP, "aws:PrincipalArn=" PRIN_APP, N, -1),
	C("F7.6 ArnLike on a value that is not an ARN is false", R, CA("{'ArnLike':{'aws:SourceArn':'arn:aws:s3:::*'}}"), "s3:GetObject",
	  OBJ, PRIN_APP, "aws:SourceArn=bucket", N, -1),
	C("F2.10 aws:PrincipalArn comes from the request's principal", R,
	  CA("{'ArnLike':{'aws:PrincipalArn':'arn:aws:iam::111122223333:role/*'}}"), "s3:GetObject", OBJ, PRIN_APP, NULL, A, 0),
	C("F2.10 aws:PrincipalAccount comes from the request's principal", R,
	  CA("{'StringEquals':{'aws:PrincipalAccount':'111122223333'}}"), "s3:GetObject", OBJ, PRIN_APP, NULL, A, 0),
	C("aws:PrincipalArn of a role session is the role's ARN", R,
	  CA("{'ArnEquals':{'aws:PrincipalArn':'arn:aws:iam::111122223333:role/app'}}"), "s3:GetObject", OBJ,
	  "arn:aws:sts::111122223333:assumed-role/app/i-0abc", NULL, A, 0),
	C("aws:PrincipalArn of a role session: exempting admin roles", R,
	  CD("{'ArnNotLike':{'aws:PrincipalArn':'arn:aws:iam::111122223333:role/admin*'}}"), "s3:DeleteObject", OBJ,
	  "arn:aws:sts::111122223333:assumed-role/admin-ops/alice", NULL, N, -1),
	C("aws:PrincipalArn of a role session: others not exempt", R,
	  CD("{'ArnNotLike':{'aws:PrincipalArn':'arn:aws:iam::111122223333:role/admin*'}}"), "s3:DeleteObject", OBJ,
	  "arn:aws:sts::111122223333:assumed-role/app/i-0abc", NULL, D, 0),
	C("F2.10 a context value overrides the derived aws:PrincipalAccount", R,
	  CA("{'StringEquals':{'aws:PrincipalAccount':'111122223333'}}"), "s3:GetObject", OBJ, PRIN_APP, "aws:PrincipalAccount=999", N, -1),

	/* ---- Null (F7.6, F7.7) ---- */
	C("F7.6 Null true with the key absent", R, CA("{'Null':{'aws:SourceVpce':'true'}}"), "s3:GetObject", OBJ, PRIN_APP, NULL, A, 0),
	C("F7.6 Null true with the key present", R, CA("{'Null':{'aws:SourceVpce':'true'}}"), "s3:GetObject", OBJ, PRIN_APP,
	  "aws:SourceVpce=vpce-1", N, -1),
	C("F7.6 Null false with the key present", R, CA("{'Null':{'aws:SourceVpce':'false'}}"), "s3:GetObject", OBJ, PRIN_APP,
	  "aws:SourceVpce=vpce-1", A, 0),
	C("F7.6 Null false with the key absent", R, CA("{'Null':{'aws:SourceVpce':false}}"), "s3:GetObject", OBJ, PRIN_APP, NULL, N, -1),

	/* ---- AND / OR (F7.8) ---- */
	C("F7.8 operators are ANDed: both true", R,
	  CA("{'StringEquals':{'aws:SourceVpce':'vpce-1'},'IpAddress':{'aws:VpcSourceIp':'10.0.0.0/8'}}"), "s3:GetObject", OBJ, PRIN_APP,
	  "aws:SourceVpce=vpce-1;aws:VpcSourceIp=10.1.2.3", A, 0),
	C("F7.8 operators are ANDed: one false", R,
	  CA("{'StringEquals':{'aws:SourceVpce':'vpce-1'},'IpAddress':{'aws:VpcSourceIp':'10.0.0.0/8'}}"), "s3:GetObject", OBJ, PRIN_APP,
	  "aws:SourceVpce=vpce-1;aws:VpcSourceIp=192.168.1.1", N, -1),
	C("F7.8 keys under one operator are ANDed", R,
	  CA("{'StringEquals':{'aws:SourceVpce':'vpce-1','aws:SourceVpc':'vpc-1'}}"), "s3:GetObject", OBJ, PRIN_APP,
	  "aws:SourceVpce=vpce-1;aws:SourceVpc=vpc-2", N, -1),
	C("F7.8 keys under one operator: all true", R,
	  CA("{'StringEquals':{'aws:SourceVpce':'vpce-1','aws:SourceVpc':'vpc-1'}}"), "s3:GetObject", OBJ, PRIN_APP,
	  "aws:SourceVpce=vpce-1;aws:SourceVpc=vpc-1", A, 0),
	C("F7.8 empty value list: positive operator false", R, CA("{'StringEquals':{'aws:SourceVpce':[]}}"), "s3:GetObject", OBJ, PRIN_APP,
	  "aws:SourceVpce=vpce-1", N, -1),

	/* ---- ForAnyValue / ForAllValues (F7.8) ---- */
	C("F7.8 ForAnyValue: one request value matches", R, CA("{'ForAnyValue:StringEquals':{'aws:TagKeys':['env','team']}}"),
	  "s3:PutObject", OBJ, PRIN_APP, "aws:TagKeys=env;aws:TagKeys=cost", A, 0),
	C("F7.8 ForAnyValue: none matches", R, CA("{'ForAnyValue:StringEquals':{'aws:TagKeys':['env','team']}}"),
	  "s3:PutObject", OBJ, PRIN_APP, "aws:TagKeys=cost;aws:TagKeys=owner", N, -1),
	CX("F7.8 ForAnyValue: key absent is false", R, CA("{'ForAnyValue:StringEquals':{'aws:TagKeys':['env','team']}}"),
	   "s3:PutObject", OBJ, PRIN_APP, NULL, N, -1, "ForAnyValue with no values"),
	C("F7.8 ForAllValues: every request value allowed", R, CA("{'ForAllValues:StringEquals':{'aws:TagKeys':['env','team']}}"),
	  "s3:PutObject", OBJ, PRIN_APP, "aws:TagKeys=env;aws:TagKeys=team", A, 0),
	CX("F7.8 ForAllValues: one request value outside the set", R, CA("{'ForAllValues:StringEquals':{'aws:TagKeys':['env','team']}}"),
	   "s3:PutObject", OBJ, PRIN_APP, "aws:TagKeys=env;aws:TagKeys=cost", N, -1, "(\"cost\" fails)"),
	CX("F7.8 ForAllValues with an empty set is true", R, CA("{'ForAllValues:StringEquals':{'aws:TagKeys':['env','team']}}"),
	   "s3:PutObject", OBJ, PRIN_APP, NULL, A, 0, "(ForAllValues with no values) -> true"),
	C("F7.8 ForAllValues with a present-but-empty key is true", R, CA("{'ForAllValues:StringEquals':{'aws:TagKeys':['env']}}"),
	  "s3:PutObject", OBJ, PRIN_APP, "aws:TagKeys", A, 0),
	C("F7.8 ForAllValues:StringLike", R, CA("{'ForAllValues:StringLike':{'aws:TagKeys':['env*','team']}}"), "s3:PutObject", OBJ, PRIN_APP,
	  "aws:TagKeys=env-prod;aws:TagKeys=environment;aws:TagKeys=team", A, 0),
	C("F7.8 ForAnyValue:StringNotEquals: some value outside the list", R,
	  CA("{'ForAnyValue:StringNotEquals':{'aws:TagKeys':['env','team']}}"), "s3:PutObject", OBJ, PRIN_APP,
	  "aws:TagKeys=env;aws:TagKeys=cost", A, 0),
	C("F7.8 ForAnyValue:StringNotEquals: all values in the list", R,
	  CA("{'ForAnyValue:StringNotEquals':{'aws:TagKeys':['env','team']}}"), "s3:PutObject", OBJ, PRIN_APP,
	  "aws:TagKeys=env;aws:TagKeys=team", N, -1),
	C("F7.8 ForAllValues:StringNotEquals: no value in the list", R,
	  CA("{'ForAllValues:StringNotEquals':{'aws:TagKeys':['secret']}}"), "s3:PutObject", OBJ, PRIN_APP,
	  "aws:TagKeys=env;aws:TagKeys=team", A, 0),
	C("F7.8 ForAllValues:StringNotEquals: one value in the list", R,
	  CA("{'ForAllValues:StringNotEquals':{'aws:TagKeys':['secret']}}"), "s3:PutObject", OBJ, PRIN_APP,
	  "aws:TagKeys=env;aws:TagKeys=secret", N, -1),
	C("F7.7 ForAnyValue:...IfExists with the key absent is true", R,
	  CA("{'ForAnyValue:StringEqualsIfExists':{'aws:TagKeys':['env']}}"), "s3:PutObject", OBJ, PRIN_APP, NULL, A, 0),
	C("F7.8 single-valued operator on a multi-valued key: any value", R, CA("{'StringEquals':{'aws:TagKeys':'team'}}"),
	  "s3:PutObject", OBJ, PRIN_APP, "aws:TagKeys=env;aws:TagKeys=team", A, 0),

	/* ---- Policy variables ---- */
	C("policy variables: ${aws:username} in Resource", I,
	  P("{'Effect':'Allow','Action':'s3:*','Resource':'arn:aws:s3:::bkt/home/${aws:username}/*'}"), "s3:GetObject",
	  "arn:aws:s3:::bkt/home/bob/notes.txt", NULL, "aws:username=bob", A, 0),
	C("policy variables: another user's folder", I,
	  P("{'Effect':'Allow','Action':'s3:*','Resource':'arn:aws:s3:::bkt/home/${aws:username}/*'}"), "s3:GetObject",
	  "arn:aws:s3:::bkt/home/alice/notes.txt", NULL, "aws:username=bob", N, -1),
	CX("policy variables: unresolved variable matches nothing", I,
	   P("{'Effect':'Allow','Action':'s3:*','Resource':'arn:aws:s3:::bkt/home/${aws:username}/*'}"), "s3:GetObject",
	   "arn:aws:s3:::bkt/home/bob/notes.txt", NULL, NULL, N, -1, "${aws:username} unresolved"),
	C("policy variables: Version 2008-10-17 keeps ${...} literal", I,
	  "{'Version':'2008-10-17','Statement':{'Effect':'Allow','Action':'s3:*','Resource':'arn:aws:s3:::bkt/home/${aws:username}/*'}}",
	  "s3:GetObject", "arn:aws:s3:::bkt/home/${aws:username}/x", NULL, "aws:username=bob", A, 0),
	C("policy variables: Version 2008-10-17 does not substitute", I,
	  "{'Version':'2008-10-17','Statement':{'Effect':'Allow','Action':'s3:*','Resource':'arn:aws:s3:::bkt/home/${aws:username}/*'}}",
	  "s3:GetObject", "arn:aws:s3:::bkt/home/bob/x", NULL, "aws:username=bob", N, -1),
	C("policy variables: missing Version does not substitute", I,
	  "{'Statement':{'Effect':'Allow','Action':'s3:*','Resource':'arn:aws:s3:::bkt/home/${aws:username}/*'}}",
	  "s3:GetObject", "arn:aws:s3:::bkt/home/bob/x", NULL, "aws:username=bob", N, -1),
	C("policy variables: in a StringLike condition", I,
	  P("{'Effect':'Allow','Action':'s3:ListBucket','Resource':'arn:aws:s3:::bkt','Condition':{'StringLike':{'s3:prefix':['home/${aws:username}/*']}}}"),
	  "s3:ListBucket", "arn:aws:s3:::bkt", NULL, "aws:username=bob;s3:prefix=home/bob/docs", A, 0),
	C("policy variables: in a StringEquals condition", R,
	  CA("{'StringEquals':{'aws:ResourceTag/team':'${aws:PrincipalTag/team}'}}"), "s3:GetObject", OBJ, PRIN_APP,
	  "aws:ResourceTag/team=blue;aws:PrincipalTag/team=blue", A, 0),
	C("policy variables: substituted wildcards match only themselves", I,
	  P("{'Effect':'Allow','Action':'s3:*','Resource':'arn:aws:s3:::bkt/home/${aws:username}/*'}"), "s3:GetObject",
	  "arn:aws:s3:::bkt/home/alice/x", NULL, "aws:username=*", N, -1),
	C("policy variables: ${*} is a literal '*'", R, CA("{'StringLike':{'s3:prefix':'a${*}b'}}"), "s3:ListBucket", "arn:aws:s3:::bkt",
	  PRIN_APP, "s3:prefix=a*b", A, 0),
	C("policy variables: ${*} does not act as a wildcard", R, CA("{'StringLike':{'s3:prefix':'a${*}b'}}"), "s3:ListBucket",
	  "arn:aws:s3:::bkt", PRIN_APP, "s3:prefix=axxb", N, -1),
	C("policy variables: ${?} and ${$} are literals", R, CA("{'StringLike':{'s3:prefix':'${$}${?}*'}}"), "s3:ListBucket",
	  "arn:aws:s3:::bkt", PRIN_APP, "s3:prefix=$?rest", A, 0),
	C("policy variables: default value when the key is absent", I,
	  P("{'Effect':'Allow','Action':'s3:*','Resource':'arn:aws:s3:::bkt/home/${aws:username, ^nobody^}/*'}"), "s3:GetObject",
	  "arn:aws:s3:::bkt/home/nobody/x", NULL, NULL, A, 0),
	C("policy variables: default ignored when the key is present", I,
	  P("{'Effect':'Allow','Action':'s3:*','Resource':'arn:aws:s3:::bkt/home/${aws:username, ^nobody^}/*'}"), "s3:GetObject",
	  "arn:aws:s3:::bkt/home/nobody/x", NULL, "aws:username=bob", N, -1),
	CX("policy variables: unresolved in a negated operator's value does not match (NOR -> true)", R,
	   CD("{'StringNotEquals':{'s3:prefix':'home/${aws:username}'}}"), "s3:ListBucket", "arn:aws:s3:::bkt", PRIN_APP,
	   "s3:prefix=home/bob", D, 0, "unresolved"),
	C("policy variables: key names are case-insensitive", I,
	  P("{'Effect':'Allow','Action':'s3:*','Resource':'arn:aws:s3:::bkt/${AWS:UserName}/*'}"), "s3:GetObject",
	  "arn:aws:s3:::bkt/bob/x", NULL, "aws:username=bob", A, 0),
	C("policy variables: ${aws:PrincipalAccount} from the principal", R,
	  RES("'arn:aws:s3:::bkt-${aws:PrincipalAccount}/*'"), "s3:GetObject", "arn:aws:s3:::bkt-111122223333/x", PRIN_APP, NULL, A, 0),
	C("policy variables: ${aws:SourceVpce} in a condition", R,
	  CA("{'StringEquals':{'s3:prefix':'${aws:SourceVpce}/'}}"), "s3:ListBucket", "arn:aws:s3:::bkt", PRIN_APP,
	  "aws:SourceVpce=vpce-1;s3:prefix=vpce-1/", A, 0),
	/* F7.9, IAM User Guide reference_policies_condition-keys.html (aws:PrincipalType:
	 * "included in the request context for all requests"; aws:username: IAM users
	 * only): derived from the principal when the context does not say. */
	C("F7.9 aws:PrincipalType of a role session is AssumedRole", R, CA("{'StringEquals':{'aws:PrincipalType':'AssumedRole'}}"),
	  "s3:GetObject", OBJ, "arn:aws:sts::111122223333:assumed-role/app/i-1", NULL, A, 0),
	C("F7.9 aws:PrincipalType of the root user is Account", R, CA("{'StringEquals':{'aws:PrincipalType':'Account'}}"),
	  "s3:GetObject", OBJ, "arn:aws:iam::111122223333:root", NULL, A, 0),
	C("F7.9 aws:PrincipalType of an IAM user is User", R, CA("{'StringEquals':{'aws:PrincipalType':'User'}}"),
	  "s3:GetObject", OBJ, "arn:aws:iam::111122223333:user/bob", NULL, A, 0),
	C("F7.9 aws:PrincipalType of an anonymous request is Anonymous", R, CA("{'StringEquals':{'aws:PrincipalType':'Anonymous'}}"),
	  "s3:GetObject", OBJ, NULL, NULL, A, 0),
	C("F7.9 aws:PrincipalType from the context wins", R, CA("{'StringEquals':{'aws:PrincipalType':'AssumedRole'}}"),
	  "s3:GetObject", OBJ, "arn:aws:iam::111122223333:user/bob", "aws:PrincipalType=AssumedRole", A, 0),
	C("F7.9 aws:username of an IAM user, as a variable", I,
	  P("{'Effect':'Allow','Action':'s3:*','Resource':'arn:aws:s3:::bkt/home/${aws:username}/*'}"), "s3:GetObject",
	  "arn:aws:s3:::bkt/home/bob/x", "arn:aws:iam::111122223333:user/staff/bob", NULL, A, 0),
	C("F7.9 aws:username is absent for a role session", R, CA("{'Null':{'aws:username':'true'}}"),
	  "s3:GetObject", OBJ, "arn:aws:sts::111122223333:assumed-role/app/i-1", NULL, A, 0),
	/* F7.11, IAM User Guide reference_policies_variables.html ("Where you can use policy
	 * variables") and reference_policies_elements_condition_operators.html (Boolean). */
	C("F7.11 variable in a Bool value: matches", R,
	  CA("{'Bool':{'aws:SecureTransport':'${aws:ViaAWSService}'}}"), "s3:GetObject", OBJ, PRIN_APP,
	  "aws:SecureTransport=false;aws:ViaAWSService=false", A, 0),
	C("F7.11 variable in a Bool value: does not match", R,
	  CA("{'Bool':{'aws:SecureTransport':'${aws:ViaAWSService}'}}"), "s3:GetObject", OBJ, PRIN_APP,
	  "aws:SecureTransport=true;aws:ViaAWSService=false", N, -1),
	CX("F7.11 variable in a Bool value, unresolved: no match", R,
	   CA("{'Bool':{'aws:SecureTransport':'${aws:ViaAWSService}'}}"), "s3:GetObject", OBJ, PRIN_APP,
	   "aws:SecureTransport=true", N, -1, "unresolved"),
	C("F7.11 variable in a Numeric value", R,
	  CA("{'NumericLessThanEquals':{'s3:max-keys':'${aws:PrincipalTag/maxkeys}'}}"), "s3:ListBucket", "arn:aws:s3:::bkt", PRIN_APP,
	  "s3:max-keys=10;aws:PrincipalTag/maxkeys=100", A, 0),
	C("F7.11 variable in a Numeric value: over the limit", R,
	  CA("{'NumericLessThanEquals':{'s3:max-keys':'${aws:PrincipalTag/maxkeys}'}}"), "s3:ListBucket", "arn:aws:s3:::bkt", PRIN_APP,
	  "s3:max-keys=1000;aws:PrincipalTag/maxkeys=100", N, -1),
	C("F7.11 variable in a Date value", R,
	  CA("{'DateLessThan':{'aws:CurrentTime':'${aws:PrincipalTag/expires}'}}"), "s3:GetObject", OBJ, PRIN_APP,
	  "aws:CurrentTime=2026-12-07T12:00:00Z;aws:PrincipalTag/expires=2027-01-01T00:00:00Z", A, 0),
	C("F7.11 variable in an IpAddress value", R,
	  CA("{'IpAddress':{'aws:VpcSourceIp':'${aws:PrincipalTag/cidr}'}}"), "s3:GetObject", OBJ, PRIN_APP,
	  "aws:VpcSourceIp=10.1.2.3;aws:PrincipalTag/cidr=10.1.0.0/16", A, 0),
	C("F7.11 variable in an Arn value", R,
	  CA("{'ArnEquals':{'aws:PrincipalArn':'arn:aws:iam::${aws:ResourceAccount}:role/app'}}"), "s3:GetObject", OBJ, PRIN_APP,
	  "aws:ResourceAccount=111122223333", A, 0),
	C("F7.11 variable in a Null value", R,
	  CA("{'Null':{'aws:SourceVpce':'${aws:PrincipalTag/novpce}'}}"), "s3:GetObject", OBJ, PRIN_APP,
	  "aws:PrincipalTag/novpce=true", A, 0),
	/* "You cannot use a multivalued condition key as a policy variable": as for a
	 * missing key (F7.7) - a positive operator is false, a negated one true. */
	CX("F7.11 multi-valued variable: positive operator as for a missing key", R,
	   CA("{'StringEquals':{'aws:PrincipalTag/team':'${aws:TagKeys}'}}"), "s3:GetObject", OBJ, PRIN_APP,
	   "aws:PrincipalTag/team=env;aws:TagKeys=env;aws:TagKeys=team", N, -1, "has several values and does not resolve"),
	CX("F7.11 multi-valued variable: negated operator as for a missing key (true)", R,
	   CD("{'StringNotEquals':{'aws:PrincipalTag/team':'${aws:TagKeys}'}}"), "s3:GetObject", OBJ, PRIN_APP,
	   "aws:PrincipalTag/team=env;aws:TagKeys=env;aws:TagKeys=team", D, 0, "as for a missing key"),
	C("F7.11 multi-valued variable: IfExists as for a missing key (true)", R,
	  CA("{'StringEqualsIfExists':{'aws:PrincipalTag/team':'${aws:TagKeys}'}}"), "s3:GetObject", OBJ, PRIN_APP,
	  "aws:PrincipalTag/team=x;aws:TagKeys=env;aws:TagKeys=team", A, 0),
	C("F7.11 single-valued variable still resolves", R,
	  CA("{'StringEquals':{'aws:PrincipalTag/team':'${aws:TagKeys}'}}"), "s3:GetObject", OBJ, PRIN_APP,
	  "aws:PrincipalTag/team=env;aws:TagKeys=env", A, 0),
	CX("F7.11 multi-valued variable in Resource does not resolve", I,
	   P("{'Effect':'Allow','Action':'s3:*','Resource':'arn:aws:s3:::bkt/${aws:PrincipalTag/dir}/*'}"), "s3:GetObject",
	   "arn:aws:s3:::bkt/a/x", NULL, "aws:PrincipalTag/dir=a;aws:PrincipalTag/dir=b", N, -1, "several values"),
	/* Multi-valued context keys (reference_policies_condition-single-vs-multi-valued-context-keys.html;
	 * DynamoDB fine-grained access, dynamodb:LeadingKeys). */
	C("F7.8 dynamodb:LeadingKeys ForAllValues: every key is the user's", R,
	  CANY("{'ForAllValues:StringEquals':{'dynamodb:LeadingKeys':['${aws:userid}']}}"), "dynamodb:GetItem",
	  "arn:aws:dynamodb:us-east-1:111122223333:table/T", PRIN_APP, "aws:userid=AROAEXAMPLE:s;dynamodb:LeadingKeys=AROAEXAMPLE:s", A, 0),
	C("F7.8 dynamodb:LeadingKeys ForAllValues: one key is another's", R,
	  CANY("{'ForAllValues:StringEquals':{'dynamodb:LeadingKeys':['${aws:userid}']}}"), "dynamodb:BatchGetItem",
	  "arn:aws:dynamodb:us-east-1:111122223333:table/T", PRIN_APP,
	  "aws:userid=AROAEXAMPLE:s;dynamodb:LeadingKeys=AROAEXAMPLE:s;dynamodb:LeadingKeys=other", N, -1),
	C("F7.8 ForAnyValue over two context values", R,
	  CANY("{'ForAnyValue:StringLike':{'dynamodb:Attributes':['Public*']}}"), "dynamodb:Query",
	  "arn:aws:dynamodb:us-east-1:111122223333:table/T", PRIN_APP, "dynamodb:Attributes=Secret;dynamodb:Attributes=PublicName", A, 0),
	C("policy variables: '$' without braces is literal", R, RES("'arn:aws:s3:::bkt/$x'"), "s3:GetObject", "arn:aws:s3:::bkt/$x",
	  PRIN_APP, NULL, A, 0),

	/* ---- F2.12: "deny unless through this endpoint" ---- */
	C("F2.12 via the named endpoint: allowed", R, F212, "s3:GetObject", "arn:aws:s3:::awsexamplebucket1/k", PRIN_APP,
	  "aws:SourceVpce=vpce-1a2b3c4d;aws:SourceVpc=vpc-111", A, 1),
	CX("F2.12/F7.7 via a NAT gateway (key absent): denied", R, F212, "s3:GetObject", "arn:aws:s3:::awsexamplebucket1/k", PRIN_APP,
	   "aws:SourceIp=54.1.2.3", D, 0, "condition StringNotEquals aws:sourceVpce: key absent -> true"),
	C("F2.12 via another endpoint: denied", R, F212, "s3:GetObject", "arn:aws:s3:::awsexamplebucket1/k", PRIN_APP,
	  "aws:SourceVpce=vpce-99999999", D, 0),
	C("F2.12 bucket-level action via the endpoint", R, F212, "s3:ListBucket", "arn:aws:s3:::awsexamplebucket1", PRIN_APP,
	  "aws:SourceVpce=vpce-1a2b3c4d", A, 1),
	C("F2.12 bucket-level action via NAT: denied", R, F212, "s3:ListBucket", "arn:aws:s3:::awsexamplebucket1", PRIN_APP, NULL, D, 0),
	C("F2.12 the policy does not touch other buckets", R, F212, "s3:GetObject", "arn:aws:s3:::otherbucket/k", PRIN_APP, NULL, N, -1),
	C("F2.12 console request (no endpoint) is denied", R, F212, "s3:ListBucket", "arn:aws:s3:::awsexamplebucket1",
	  "arn:aws:iam::111122223333:user/console", "aws:SourceIp=198.51.100.1", D, 0),
	C("F2.12 the endpoint does not widen the grant: other account", R, F212, "s3:GetObject", "arn:aws:s3:::awsexamplebucket1/k", PRIN_X,
	  "aws:SourceVpce=vpce-1a2b3c4d", N, -1),
	C("F2.12 aws:SourceVpc variant via the VPC", R, F212_SOURCEVPC, "s3:GetObject", OBJ, PRIN_APP, "aws:SourceVpc=vpc-111", A, 1),
	C("F2.12 aws:SourceVpc variant via NAT", R, F212_SOURCEVPC, "s3:GetObject", OBJ, PRIN_APP, NULL, D, 0),
	C("F2.12 aws:SourceVpc variant from another VPC", R, F212_SOURCEVPC, "s3:GetObject", OBJ, PRIN_APP, "aws:SourceVpc=vpc-222", D, 0),

	/* ---- statement order and effects (F7.2) ---- */
	C("F7.2 Deny first wins", R, P("{'Effect':'Deny','Principal':'*','Action':'s3:GetObject','Resource':'*'}," ALLOW_ALL),
	  "s3:GetObject", OBJ, PRIN_APP, NULL, D, 0),
	C("F7.2 Deny after Allow still wins", R, P(ALLOW_ALL ",{'Effect':'Deny','Principal':'*','Action':'s3:GetObject','Resource':'*'}"),
	  "s3:GetObject", OBJ, PRIN_APP, NULL, D, 1),
	C("F7.2 the first matching Allow decides", R,
	  P("{'Effect':'Allow','Principal':'*','Action':'s3:PutObject','Resource':'*'}," ALLOW_ALL "," ALLOW_ALL), "s3:GetObject", OBJ,
	  PRIN_APP, NULL, A, 1),
	C("F7.2 nothing matches: implicit deny", R, P("{'Effect':'Allow','Principal':'*','Action':'s3:PutObject','Resource':'*'}"),
	  "s3:GetObject", OBJ, PRIN_APP, NULL, N, -1),
	C("grammar: Statement as a single object", R, "{'Version':'2012-10-17','Statement':" ALLOW_ALL "}", "s3:GetObject", OBJ, PRIN_APP,
	  NULL, A, 0),
	C("F7.2 a non-matching Deny does not stop an Allow", R,
	  P("{'Effect':'Deny','Principal':'*','Action':'s3:DeleteObject','Resource':'*'}," ALLOW_ALL), "s3:GetObject", OBJ, PRIN_APP, NULL,
	  A, 1),

	/* ---- endpoint policies (F2.10) ---- */
	C("F2.10 endpoint policy scoped to one bucket: other bucket", E,
	  P("{'Effect':'Allow','Principal':'*','Action':'s3:*','Resource':['arn:aws:s3:::bkt','arn:aws:s3:::bkt/*']}"), "s3:GetObject",
	  "arn:aws:s3:::other/x", PRIN_APP, NULL, N, -1),
	C("F2.10 endpoint policy scoped to one bucket: that bucket", E,
	  P("{'Effect':'Allow','Principal':'*','Action':'s3:*','Resource':['arn:aws:s3:::bkt','arn:aws:s3:::bkt/*']}"), "s3:GetObject",
	  OBJ, PRIN_APP, NULL, A, 0),
	C("F2.10 endpoint policy restricting principals with aws:PrincipalArn", E,
	  P("{'Effect':'Allow','Principal':'*','Action':'*','Resource':'*','Condition':{'ArnLike':{'aws:PrincipalArn':'arn:aws:iam::111122223333:role/*'}}}"),
	  "s3:GetObject", OBJ, PRIN_APP, NULL, A, 0),
	C("F2.10 endpoint policy: aws:PrincipalArn from another account", E,
	  P("{'Effect':'Allow','Principal':'*','Action':'*','Resource':'*','Condition':{'ArnLike':{'aws:PrincipalArn':'arn:aws:iam::111122223333:role/*'}}}"),
	  "s3:GetObject", OBJ, PRIN_X, NULL, N, -1),
	C("F2.10 endpoint policy without Principal is read as '*'", E, P("{'Effect':'Allow','Action':'s3:*','Resource':'*'}"), "s3:GetObject",
	  OBJ, PRIN_X, NULL, A, 0),
	C("F2.10 endpoint policy restricting to the organisation", E,
	  P("{'Effect':'Allow','Principal':'*','Action':'*','Resource':'*','Condition':{'StringEquals':{'aws:PrincipalOrgID':'o-abc123'}}}"),
	  "s3:GetObject", OBJ, PRIN_APP, "aws:PrincipalOrgID=o-abc123", A, 0),
	C("F2.10 endpoint policy (interface): account principal covers its roles", E,
	  P("{'Effect':'Allow','Principal':{'AWS':'111122223333'},'Action':'*','Resource':'*'}"), "s3:GetObject", OBJ, PRIN_APP, NULL, A, 0),
	{ "F2.10 gateway endpoint: account principal grants only the root user (role denied)", E, true,
	  P("{'Effect':'Allow','Principal':{'AWS':'111122223333'},'Action':'*','Resource':'*'}"), "s3:GetObject", OBJ, PRIN_APP, NULL, N, -1,
	  "grants only its root user" },
	CG("F2.10 gateway endpoint: account principal grants the root user",
	   P("{'Effect':'Allow','Principal':{'AWS':'111122223333'},'Action':'*','Resource':'*'}"), "s3:GetObject", OBJ,
	   "arn:aws:iam::111122223333:root", NULL, A, 0),
	CG("F2.10 gateway endpoint: Principal '*' grants every principal", P(ALLOW_ALL), "s3:GetObject", OBJ, PRIN_APP, NULL, A, 0),
};

#define NEVAL (sizeof(eval_cases) / sizeof(eval_cases[0]))

START_TEST(test_eval_table)
{
	const struct eval_case *c = &eval_cases[_i];
	struct diag_list diags = { 0 };
	struct policy_compile_opts opts = { .gateway_endpoint = c->gateway };
	struct policy *p = compile_opts(c->policy, c->kind, &opts, &diags);
	char *dt = diag_text(&diags);
	ck_assert_msg(p != NULL, "[%s] row %d does not compile:\n%s", c->cite, _i, dt);
	struct policy_context *ctx = make_ctx(c->context);
	struct policy_request req = { .action = c->action, .resource = c->resource,
				      .principal_arn = c->principal, .context = ctx };
	struct policy_result r;
	enum policy_decision d = policy_eval(p, &req, &r);
	ck_assert_msg(d == (enum policy_decision)c->want && r.decision == d,
		      "[%s] row %d: got %s, want %s\n%s", c->cite, _i, dname(d), dname(c->want),
		      r.explanation);
	ck_assert_msg(r.statement == c->stmt, "[%s] row %d: deciding statement %d, want %d\n%s", c->cite,
		      _i, r.statement, c->stmt, r.explanation);
	ck_assert_msg(r.explanation != NULL, "[%s] no explanation", c->cite);
	if (c->expl)
		ck_assert_msg(strstr(r.explanation, c->expl) != NULL,
			      "[%s] row %d: explanation lacks \"%s\":\n%s", c->cite, _i, c->expl,
			      r.explanation);
	/* One explanation line per statement. */
	size_t lines = 1;
	for (const char *s = r.explanation; *s; s++)
		lines += *s == '\n';
	ck_assert_msg(lines == policy_statement_count(p), "[%s] %zu explanation lines for %zu statements",
		      c->cite, lines, policy_statement_count(p));

	/* The allocation-free path must reach the same answer. */
	struct policy_result fast;
	req.no_explain = true;
	ck_assert_int_eq(policy_eval(p, &req, &fast), d);
	ck_assert_int_eq(fast.statement, c->stmt);
	ck_assert_ptr_null(fast.explanation);
	ck_assert_ptr_null(fast.sid);
	ck_assert_int_eq(policy_eval(p, &req, NULL), d);

	policy_result_clear(&r);
	policy_result_clear(&fast);
	policy_context_free(ctx);
	policy_free(p);
	free(dt);
	diag_list_clear(&diags);
}
END_TEST

/* -------------------------------------------------------------------------- */
/* compile errors                                                               */

struct err_case {
	const char *cite;
	enum policy_kind kind;
	const char *policy;
	const char *msg; /* substring of one error message */
};

static const struct err_case err_cases[] = {
	{ "grammar: document must be an object", R, "['x']", "must be a JSON object" },
	{ "grammar: Statement required", R, "{'Version':'2012-10-17'}", "Statement is missing" },
	{ "grammar: Statement type", R, "{'Statement':5}", "Statement must be an object or an array" },
	{ "grammar: empty Statement array", R, "{'Statement':[]}", "Statement is an empty array" },
	{ "grammar: unknown top-level element", R, P(ALLOW_ALL) , NULL },
	{ "grammar: Version value", R, "{'Version':'2020-01-01','Statement':" ALLOW_ALL "}", "Version must be \"2012-10-17\" or \"2008-10-17\"" },
	{ "grammar: Version type", R, "{'Version':2012,'Statement':" ALLOW_ALL "}", "Version must be a string" },
	{ "grammar: Id type", R, "{'Id':[],'Statement':" ALLOW_ALL "}", "Id must be a string" },
	{ "grammar: statement must be an object", R, "{'Statement':['x']}", "a statement must be an object" },
	{ "grammar: Effect required", R, P("{'Principal':'*','Action':'*','Resource':'*'}"), "Effect is missing" },
	{ "grammar: Effect value (case-sensitive)", R, P("{'Effect':'allow','Principal':'*','Action':'*','Resource':'*'}"), "not \"allow\"" },
	{ "grammar: Effect type", R, P("{'Effect':true,'Principal':'*','Action':'*','Resource':'*'}"), "Effect must be the string" },
	{ "F7.5 grammar: Action and NotAction together", R, P("{'Effect':'Allow','Principal':'*','Action':'*','NotAction':'s3:*','Resource':'*'}"), "both Action and NotAction" },
	{ "grammar: Action required", R, P("{'Effect':'Allow','Principal':'*','Resource':'*'}"), "neither Action nor NotAction" },
	{ "grammar: Action type", R, P("{'Effect':'Allow','Principal':'*','Action':7,'Resource':'*'}"), "Action must be a string or an array of strings" },
	{ "grammar: Action array entries", R, P("{'Effect':'Allow','Principal':'*','Action':['s3:Get*',{}],'Resource':'*'}"), "Action entry 2 must be a string" },
	{ "F7.4 grammar: action needs a service prefix", R, P("{'Effect':'Allow','Principal':'*','Action':'GetObject','Resource':'*'}"), "must be \"*\" or \"service:action\"" },
	{ "grammar: empty Action array", R, P("{'Effect':'Allow','Principal':'*','Action':[],'Resource':'*'}"), "Action is an empty array" },
	{ "F7.5 grammar: Resource and NotResource together", R, P("{'Effect':'Allow','Principal':'*','Action':'*','Resource':'*','NotResource':'*'}"), "both Resource and NotResource" },
	{ "grammar: Resource required (resource policy)", R, P("{'Effect':'Allow','Principal':'*','Action':'*'}"), "neither Resource nor NotResource" },
	{ "grammar: Resource required (identity policy)", I, P("{'Effect':'Allow','Action':'*'}"), "neither Resource nor NotResource" },
	{ "F7.4 grammar: Resource must be an ARN", R, P("{'Effect':'Allow','Principal':'*','Action':'*','Resource':'bucket/*'}"), "neither \"*\" nor an ARN" },
	{ "F7.5 grammar: Principal and NotPrincipal together", R, P("{'Effect':'Deny','Principal':'*','NotPrincipal':{'AWS':'111122223333'},'Action':'*','Resource':'*'}"), "both Principal and NotPrincipal" },
	{ "F7.5 NotPrincipal must be used with Deny", R, P("{'Effect':'Allow','NotPrincipal':{'AWS':'111122223333'},'Action':'*','Resource':'*'}"), "NotPrincipal can only be used with Effect \"Deny\"" },
	{ "grammar: resource policy needs a Principal", R, P("{'Effect':'Allow','Action':'*','Resource':'*'}"), "required in a resource-based policy" },
	{ "grammar: Principal string must be '*'", R, PRIN("'111122223333'"), "as a string must be \"*\"" },
	{ "grammar: unknown Principal type", R, PRIN("{'User':'bob'}"), "unknown Principal type \"User\"" },
	{ "grammar: Principal type", R, PRIN("[1]"), "Principal must be \"*\" or an object" },
	{ "grammar: empty Principal object", R, PRIN("{}"), "Principal is an empty object" },
	{ "grammar: partial wildcard in Principal", R, PRIN("{'AWS':'arn:aws:iam::111122223333:role/*'}"), "cannot contain wildcards" },
	{ "grammar: unknown statement element, with a hint", R, P("{'Effect':'Allow','Principal':'*','Action':'*','Ressource':'*'}"), "(did you mean \"Resource\"?)" },
	{ "grammar: duplicate element", R, P("{'Effect':'Allow','Effect':'Deny','Principal':'*','Action':'*','Resource':'*'}"), "element \"Effect\" appears twice" },
	{ "grammar: Sid type", R, P("{'Sid':1,'Effect':'Allow','Principal':'*','Action':'*','Resource':'*'}"), "Sid must be a string" },
	{ "grammar: Condition type", R, CA("'x'"), "Condition must be an object" },
	{ "F7.6 grammar: unknown operator, with a hint", R, CA("{'StringEqual':{'k':'v'}}"), "(did you mean \"StringEquals\"?)" },
	{ "F7.6 Null cannot take IfExists", R, CA("{'NullIfExists':{'k':'true'}}"), "Null cannot take IfExists" },
	{ "F7.6 operator must map to an object", R, CA("{'StringEquals':'v'}"), "must map to an object of keys" },
	{ "F7.6 Numeric value must be a number", R, CA("{'NumericLessThan':{'s3:max-keys':'ten'}}"), "is not a number" },
	{ "F7.6 Date value must be a date", R, CA("{'DateLessThan':{'aws:CurrentTime':'2024-13-01'}}"), "is not an ISO 8601 date" },
	{ "F7.6 Date value: day out of range", R, CA("{'DateLessThan':{'aws:CurrentTime':'2023-02-29'}}"), "is not an ISO 8601 date" },
	{ "F7.6 Bool value", R, CA("{'Bool':{'aws:SecureTransport':'yes'}}"), "is not true or false" },
	{ "F7.6 IpAddress value", R, CA("{'IpAddress':{'aws:SourceIp':'10.0.0.0/33'}}"), "is not an IPv4 or IPv6 address" },
	{ "F7.6 condition value type", R, CA("{'StringEquals':{'k':{'a':'b'}}}"), "a value must be a string, number or boolean" },
	{ "F7.6 condition values: null", R, CA("{'StringEquals':{'k':[null]}}"), "not null" },
	{ "F7.6 Numeric: no hex or inf", R, CA("{'NumericEquals':{'k':'inf'}}"), "is not a number" },
};

#define NERR (sizeof(err_cases) / sizeof(err_cases[0]))

START_TEST(test_compile_errors)
{
	const struct err_case *c = &err_cases[_i];
	struct diag_list diags = { 0 };
	const char *pol = c->policy;
	char buf[512];
	if (!c->msg) {
		/* the unknown top-level element row: add "Foo" to a valid policy */
		snprintf(buf, sizeof(buf), "{'Foo':1,%s", c->policy + 1);
		pol = buf;
	}
	struct policy *p = compile_opts(pol, c->kind, NULL, &diags);
	char *dt = diag_text(&diags);
	ck_assert_msg(p == NULL, "[%s] compiled, but should not", c->cite);
	ck_assert_msg(diags.errors > 0, "[%s] no error reported", c->cite);
	const char *want = c->msg ? c->msg : "unknown top-level element \"Foo\"";
	ck_assert_msg(strstr(dt, want) != NULL, "[%s] want \"%s\" in:\n%s", c->cite, want, dt);
	/* Located where the caller said the policy is. */
	for (size_t i = 0; i < diags.len; i++) {
		ck_assert_str_eq(diags.items[i].file, "test.json");
		ck_assert_uint_eq(diags.items[i].line, 3);
		ck_assert_uint_eq(diags.items[i].col, 7);
	}
	free(dt);
	diag_list_clear(&diags);
}
END_TEST

START_TEST(test_compile_reports_every_error)
{
	/* Collect all problems, then fail (design.md "errors with a place"). */
	struct diag_list diags = { 0 };
	struct policy *p = compile_opts("{'Statement':[{'Effect':'Maybe','Action':'x','Resource':'y'},{'Principal':'*'}]}", R, NULL, &diags);
	ck_assert_ptr_null(p);
	ck_assert_uint_ge(diags.errors, 5);
	char *dt = diag_text(&diags);
	ck_assert_msg(strstr(dt, "Statement 1") && strstr(dt, "Statement 2"), "%s", dt);
	free(dt);
	diag_list_clear(&diags);
}
END_TEST

START_TEST(test_compile_null_doc)
{
	struct diag_list diags = { 0 };
	ck_assert_ptr_null(policy_compile(NULL, R, "f", 1, 1, &diags));
	ck_assert_uint_eq(diags.errors, 1);
	diag_list_clear(&diags);
}
END_TEST

/* -------------------------------------------------------------------------- */
/* warnings                                                                      */

struct warn_case {
	const char *cite;
	enum policy_kind kind;
	bool gateway;
	const char *policy;
	const char *code;
	bool want; /* true: the warning must appear; false: it must not */
};

static const struct warn_case warn_cases[] = {
	{ "F2.10 endpoint policy must contain a Principal", E, false, P("{'Effect':'Allow','Action':'*','Resource':'*'}"), "policy-endpoint-no-principal", true },
	{ "F2.10 endpoint policy with a Principal: no warning", E, false, P(ALLOW_ALL), "policy-endpoint-no-principal", false },
	{ "F2.10 gateway endpoint naming an account", E, true, PRIN("{'AWS':'111122223333'}"), "policy-gateway-principal", true },
	{ "F2.10 gateway endpoint naming a role", E, true, PRIN("{'AWS':'" PRIN_APP "'}"), "policy-gateway-principal", true },
	{ "F2.10 gateway endpoint with Principal '*'", E, true, P(ALLOW_ALL), "policy-gateway-principal", false },
	{ "F2.10 interface endpoint may name an account", E, false, PRIN("{'AWS':'111122223333'}"), "policy-gateway-principal", false },
	{ "F2.11 aws:SourceIp with a private range (bucket policy)", R, false, CD("{'NotIpAddress':{'aws:SourceIp':'10.0.0.0/8'}}"), "policy-sourceip-private", true },
	{ "F2.11 aws:SourceIp with a private range (identity policy)", I, false,
	  P("{'Effect':'Allow','Action':'*','Resource':'*','Condition':{'IpAddress':{'aws:SourceIp':['192.168.1.0/24']}}}"), "policy-sourceip-private", true },
	{ "F2.11 aws:SourceIp with a private range (endpoint policy)", E, false, CA("{'IpAddress':{'aws:SourceIp':'172.16.5.0/24'}}"), "policy-sourceip-private", true },
	{ "F2.11 aws:SourceIp with a public range", R, false, CD("{'NotIpAddress':{'aws:SourceIp':'203.0.113.0/24'}}"), "policy-sourceip-private", false },
	{ "F2.11 aws:VpcSourceIp with a private range is right", R, false, CA("{'IpAddress':{'aws:VpcSourceIp':'10.0.0.0/8'}}"), "policy-sourceip-private", false },
	{ "F2.10 wildcard on aws:SourceVpce in an endpoint policy", E, false, CA("{'StringLike':{'aws:SourceVpce':'vpce-1a2b3c*'}}"), "policy-endpoint-system-key", true },
	{ "F2.10 wildcard on aws:PrincipalAccount in an endpoint policy", E, false, CA("{'StringLike':{'aws:PrincipalAccount':'11112222333?'}}"), "policy-endpoint-system-key", true },
	{ "F2.10 numeric operator on aws:PrincipalAccount", E, false, CA("{'NumericEquals':{'aws:PrincipalAccount':'111122223333'}}"), "policy-endpoint-system-key", true },
	{ "F2.10 exact aws:SourceVpc is fine", E, false, CA("{'StringEquals':{'aws:SourceVpc':'vpc-111'}}"), "policy-endpoint-system-key", false },
	{ "F2.10 system-key rule is for endpoint policies", R, false, CA("{'StringLike':{'aws:SourceVpce':'vpce-1a2b3c*'}}"), "policy-endpoint-system-key", false },
	{ "F2.10 aws:PrincipalArn wildcard with six characters is fine", E, false, CA("{'ArnLike':{'aws:PrincipalArn':'arn:aws:iam::111122223333:role/*'}}"), "policy-endpoint-system-key", false },
	{ "F2.10 six consecutive characters around a wildcard", E, false, CA("{'StringLike':{'aws:PrincipalTag/x':'ab*'}}"), "policy-endpoint-wildcard-short", true },
	{ "F2.10 six consecutive characters: satisfied", E, false, CA("{'StringLike':{'aws:PrincipalTag/x':'abcdef*'}}"), "policy-endpoint-wildcard-short", false },
	{ "identity policy Principal is ignored", I, false, PRIN("'*'"), "policy-identity-principal", true },
	{ "Version 2008-10-17 keeps ${...} literal", I, false, "{'Version':'2008-10-17','Statement':{'Effect':'Allow','Action':'*','Resource':'arn:aws:s3:::b/${aws:username}'}}", "policy-variable-old-version", true },
	{ "Version 2012-10-17 with variables: no warning", I, false, P("{'Effect':'Allow','Action':'*','Resource':'arn:aws:s3:::b/${aws:username}'}"), "policy-variable-old-version", false },
	{ "duplicate Sid", R, false, P("{'Sid':'A','Effect':'Allow','Principal':'*','Action':'*','Resource':'*'},{'Sid':'A','Effect':'Deny','Principal':'*','Action':'s3:x','Resource':'*'}"), "policy-duplicate-sid", true },
	{ "F6.3-style CIDR host bits", R, false, CA("{'IpAddress':{'aws:VpcSourceIp':'10.1.2.3/8'}}"), "policy-cidr-host-bits", true },
	{ "F7.4 no wildcard in the service segment", R, false, RES("'arn:aws:s*:::bkt'"), "policy-arn-service-wildcard", true },
	{ "F2.10 endpoint ARN account: ID or wildcard, not both", E, false, RES("'arn:aws:dynamodb:us-east-1:1111*:table/T'"), "policy-endpoint-account-wildcard", true },
	{ "F2.10 endpoint ARN account wildcard alone is fine", E, false, RES("'arn:aws:dynamodb:us-east-1:*:table/T'"), "policy-endpoint-account-wildcard", false },
	{ "AWS principal that is neither account nor ARN", R, false, PRIN("{'AWS':'AIDAEXAMPLE'}"), "policy-principal-format", true },
	/* F2.10, PrivateLink guide vpc-endpoints-access.html ("Considerations"): what the
	 * policy_lint() pass adds. */
	{ "F2.10 wildcard on aws:SourceVpc with StringEquals is still a wildcard", E, false, CA("{'StringEquals':{'aws:SourceVpc':'vpc-*'}}"), "policy-endpoint-system-key", true },
	{ "F2.10 wildcard on aws:PrincipalOrgID", E, false, CA("{'StringLike':{'aws:PrincipalOrgID':'o-abcdef*'}}"), "policy-endpoint-system-key", true },
	{ "F2.10 numeric operator on aws:SourceVpce", E, false, CA("{'NumericGreaterThan':{'aws:SourceVpce':'1'}}"), "policy-endpoint-system-key", true },
	{ "F2.10 five characters after a wildcard", E, false, CA("{'StringLike':{'aws:PrincipalTag/x':'*abcde'}}"), "policy-endpoint-wildcard-short", true },
	{ "F2.10 six characters after a wildcard is fine", E, false, CA("{'StringLike':{'aws:PrincipalTag/x':'*abcdef'}}"), "policy-endpoint-wildcard-short", false },
	{ "F2.10 ARN condition value: account digits and a wildcard", E, false, CA("{'ArnLike':{'aws:PrincipalArn':'arn:aws:iam::1111*:role/app'}}"), "policy-endpoint-account-wildcard", true },
	/* constructs that silently never match */
	{ "F7.4 an empty resource part still makes six parts", R, false, RES("'arn:aws:s3:::'"), "policy-arn-parts", false },
	{ "F7.4 an ARN with four parts matches nothing", R, false, RES("'arn:aws:s3:bkt'"), "policy-arn-parts", true },
	{ "F7.4 a short ARN ending in '*' expands (no warning)", R, false, RES("'arn:aws:s3:*'"), "policy-arn-parts", false },
	{ "F7.4 a short ARN in an ArnEquals value", R, false, CA("{'ArnEquals':{'aws:PrincipalArn':'arn:aws:iam:role/app'}}"), "policy-arn-parts", true },
	{ "F7.4 a six-part ARN is fine", R, false, RES("'arn:aws:s3:::bkt/*'"), "policy-arn-parts", false },
	{ "F7.4 wildcard in an action's service prefix", R, false, ACT("'s*:GetObject'"), "policy-action-service-wildcard", true },
	{ "F7.4 wildcard in an action's service prefix (NotAction)", R, false,
	  P("{'Effect':'Deny','Principal':'*','NotAction':'*:Get*','Resource':'*'}"), "policy-action-service-wildcard", true },
	{ "F7.4 wildcard in the action name only is fine", R, false, ACT("'s3:Get*'"), "policy-action-service-wildcard", false },
	{ "F7.4 Action '*' is fine", R, false, ACT("'*'"), "policy-action-service-wildcard", false },
	{ "F2.11 aws:SourceIp in an endpoint policy: never present", E, false, CA("{'IpAddress':{'aws:SourceIp':'203.0.113.0/24'}}"), "policy-key-never-present", true },
	{ "F2.11 Null test of aws:SourceIp through an endpoint is meaningful", E, false, CA("{'Null':{'aws:SourceIp':'true'}}"), "policy-key-never-present", false },
	{ "F2.11 aws:SourceIp in a bucket policy may be present (not through an endpoint)", R, false, CA("{'IpAddress':{'aws:SourceIp':'203.0.113.0/24'}}"), "policy-key-never-present", false },
};

#define NWARN (sizeof(warn_cases) / sizeof(warn_cases[0]))

static bool has_code(const struct diag_list *l, const char *code)
{
	for (size_t i = 0; i < l->len; i++)
		if (l->items[i].severity == DIAG_WARNING && l->items[i].code && strcmp(l->items[i].code, code) == 0)
			return true;
	return false;
}

START_TEST(test_warnings)
{
	const struct warn_case *c = &warn_cases[_i];
	struct diag_list diags = { 0 };
	struct policy_compile_opts opts = { .gateway_endpoint = c->gateway };
	struct policy *p = compile_opts(c->policy, c->kind, &opts, &diags);
	char *dt = diag_text(&diags);
	ck_assert_msg(p != NULL, "[%s] warnings must not fail the compile:\n%s", c->cite, dt);
	ck_assert_msg(has_code(&diags, c->code) == c->want, "[%s] warning %s %s expected:\n%s", c->cite, c->code,
		      c->want ? "" : "not", dt);
	ck_assert_uint_eq(diags.errors, 0);
	free(dt);
	policy_free(p);
	diag_list_clear(&diags);
}
END_TEST

START_TEST(test_endpoint_size)
{
	/* F2.10: 20,480 characters, white space included. */
	struct diag_list diags = { 0 };
	struct policy_compile_opts opts = { .text_len = 20480 };
	struct policy *p = compile_opts(P(ALLOW_ALL), E, &opts, &diags);
	ck_assert_ptr_nonnull(p);
	ck_assert(!has_code(&diags, "policy-endpoint-size"));
	policy_free(p);
	opts.text_len = 20481;
	p = compile_opts(P(ALLOW_ALL), E, &opts, &diags);
	ck_assert(has_code(&diags, "policy-endpoint-size"));
	policy_free(p);
	diag_list_clear(&diags);

	/* Without a length, the minified text is measured. */
	size_t n = 2000;
	char *big = malloc(n * 40 + 200), *w = big;
	w += sprintf(w, "{'Statement':{'Effect':'Allow','Principal':'*','Action':'*','Resource':[");
	for (size_t i = 0; i < n; i++)
		w += sprintf(w, "%s'arn:aws:s3:::bucket-%05zu/*'", i ? "," : "", i);
	sprintf(w, "]}}");
	p = compile_opts(big, E, NULL, &diags);
	ck_assert_ptr_nonnull(p);
	ck_assert(has_code(&diags, "policy-endpoint-size"));
	policy_free(p);
	diag_list_clear(&diags);
	/* The limit is about endpoint policies only. */
	p = compile_opts(big, R, NULL, &diags);
	ck_assert(!has_code(&diags, "policy-endpoint-size"));
	policy_free(p);
	diag_list_clear(&diags);
	free(big);

	ck_assert(policy_check_endpoint_size(20481, "f", 1, 1, &diags));
	ck_assert(!policy_check_endpoint_size(100, "f", 1, 1, &diags));
	ck_assert_uint_eq(diags.len, 1);
	diag_list_clear(&diags);
}
END_TEST

START_TEST(test_lint_located)
{
	/* policy_lint(): each warning at its statement's position; through_endpoint for a
	 * bucket policy that only endpoint traffic reaches (F2.11); a gateway endpoint's
	 * account principal (F2.10, vpc-endpoints-access.html). */
	struct diag_list diags = { 0 };
	struct policy_compile_opts copts = { .skip_lint = true };
	struct policy *p = compile_opts(P(ALLOW_ALL ",{'Effect':'Deny','Principal':{'AWS':'111122223333'},'Action':'s3:*','Resource':'arn:aws:s3:bkt',"
					  "'Condition':{'NotIpAddress':{'aws:SourceIp':'203.0.113.0/24'}}}"),
					R, &copts, &diags);
	ck_assert_ptr_nonnull(p);
	ck_assert_uint_eq(diags.len, 0); /* skip_lint */
	static const unsigned pos[2][2] = { { 4, 5 }, { 9, 3 } };
	struct policy_lint_opts lo = { .statement_pos = pos, .nstatement_pos = 2 };
	ck_assert_uint_eq(policy_lint(p, &lo, "bucket.json", 1, 1, &diags), 1);
	ck_assert_str_eq(diags.items[0].code, "policy-arn-parts");
	ck_assert_uint_eq(diags.items[0].line, 9);
	ck_assert_uint_eq(diags.items[0].col, 3);
	ck_assert_msg(strncmp(diags.items[0].message, "policy: Statement 2: ", 21) == 0, "%s", diags.items[0].message);
	diag_list_clear(&diags);
	lo.through_endpoint = true;
	ck_assert_uint_eq(policy_lint(p, &lo, "bucket.json", 1, 1, &diags), 2);
	ck_assert(has_code(&diags, "policy-key-never-present"));
	ck_assert_msg(strstr(diags.items[1].message, "always true") != NULL, "%s", diags.items[1].message);
	diag_list_clear(&diags);
	ck_assert_uint_eq(policy_lint(p, NULL, NULL, 0, 0, NULL), 1);
	ck_assert_uint_eq(policy_lint(NULL, NULL, NULL, 0, 0, NULL), 0);
	policy_free(p);

	p = compile_opts(P("{'Sid':'Acct','Effect':'Allow','Principal':{'AWS':'111122223333'},'Action':'*','Resource':'*'}"), E, &copts, &diags);
	lo = (struct policy_lint_opts){ .gateway_endpoint = true, .statement_pos = pos, .nstatement_pos = 1 };
	ck_assert_uint_eq(policy_lint(p, &lo, "ep.json", 1, 1, &diags), 1);
	ck_assert_str_eq(diags.items[0].code, "policy-gateway-principal");
	ck_assert_uint_eq(diags.items[0].line, 4);
	ck_assert_msg(strstr(diags.items[0].message, "Statement 1 (Sid \"Acct\")") != NULL, "%s", diags.items[0].message);
	ck_assert_msg(strstr(diags.items[0].message, "root user") != NULL, "%s", diags.items[0].message);
	diag_list_clear(&diags);
	/* text_len over the limit (F2.10: 20,480 characters, white space included) */
	lo = (struct policy_lint_opts){ .text_len = 20481 };
	ck_assert_uint_eq(policy_lint(p, &lo, "ep.json", 1, 1, &diags), 1);
	ck_assert_str_eq(diags.items[0].code, "policy-endpoint-size");
	diag_list_clear(&diags);
	policy_free(p);

	/* compiled with the statement positions, compile's own lint locates too */
	copts = (struct policy_compile_opts){ .statement_pos = pos, .nstatement_pos = 2 };
	p = compile_opts(P(ALLOW_ALL ",{'Effect':'Allow','Principal':'*','Action':'s3*:Get*','Resource':'*'}"), R, &copts, &diags);
	ck_assert_uint_eq(diags.len, 1);
	ck_assert_str_eq(diags.items[0].code, "policy-action-service-wildcard");
	ck_assert_uint_eq(diags.items[0].line, 9);
	diag_list_clear(&diags);
	policy_free(p);
}
END_TEST

START_TEST(test_check_gateway_endpoint)
{
	/* F2.10: checked after compiling, e.g. once the endpoint type is known. */
	struct diag_list diags = { 0 };
	struct policy *p = compile_opts(P("{'Effect':'Allow','Principal':{'AWS':['111122223333','" PRIN_APP "']},'Action':'*','Resource':'*'}," ALLOW_ALL),
					E, NULL, &diags);
	ck_assert_ptr_nonnull(p);
	ck_assert_uint_eq(diags.len, 0);
	ck_assert_uint_eq(policy_check_gateway_endpoint(p, "f", 2, 3, &diags), 2);
	ck_assert(has_code(&diags, "policy-gateway-principal"));
	ck_assert_msg(strstr(diags.items[0].message, "root user") != NULL, "%s", diags.items[0].message);
	policy_free(p);
	diag_list_clear(&diags);
}
END_TEST

/* -------------------------------------------------------------------------- */
/* F7.3: combining layers                                                         */

#define EP_ONLY_BKT P("{'Effect':'Allow','Principal':'*','Action':'s3:*','Resource':['arn:aws:s3:::other','arn:aws:s3:::other/*']}")
#define EP_DENY_PUT P(ALLOW_ALL ",{'Effect':'Deny','Principal':'*','Action':'s3:PutObject','Resource':'*'}")
#define BP_ALLOW_X P("{'Effect':'Allow','Principal':{'AWS':'444455556666'},'Action':'s3:GetObject','Resource':'arn:aws:s3:::bkt/*'}")
#define BP_ALLOW_OWN P("{'Effect':'Allow','Principal':{'AWS':'111122223333'},'Action':'s3:GetObject','Resource':'arn:aws:s3:::bkt/*'}")
#define BP_ALLOW_ROOT P("{'Effect':'Allow','Principal':{'AWS':'arn:aws:iam::111122223333:root'},'Action':'s3:GetObject','Resource':'arn:aws:s3:::bkt/*'}")
#define BP_ALLOW_ROLE P("{'Effect':'Allow','Principal':{'AWS':'" PRIN_APP "'},'Action':'s3:GetObject','Resource':'arn:aws:s3:::bkt/*'}")
#define BP_ALLOW_SESSION P("{'Effect':'Allow','Principal':{'AWS':'arn:aws:sts::111122223333:assumed-role/app/i-1'},'Action':'s3:GetObject','Resource':'arn:aws:s3:::bkt/*'}")
#define BP_ANON P("{'Effect':'Allow','Principal':'*','Action':'s3:GetObject','Resource':'arn:aws:s3:::bkt/*'}")
#define BP_VPCE P("{'Sid':'DenyNotVpce','Effect':'Deny','Principal':'*','Action':'s3:*','Resource':['arn:aws:s3:::bkt','arn:aws:s3:::bkt/*'],'Condition':{'StringNotEquals':{'aws:SourceVpce':'vpce-1'}}}")
#define BP_DENY_ALL P("{'Effect':'Deny','Principal':'*','Action':'s3:*','Resource':'*'}")
#define ID_GET P("{'Effect':'Allow','Action':'s3:GetObject','Resource':'*'}")
#define ID_EC2 P("{'Effect':'Allow','Action':'ec2:*','Resource':'*'}")
#define ID_DENY P("{'Effect':'Deny','Action':'s3:*','Resource':'*'}")
#define DEFAULT_EP "default"

struct authz_case {
	const char *cite;
	const char *endpoint, *resource, *identity, *identity2;
	bool identity_unknown;
	const char *resource_account;
	const char *principal;
	const char *context;
	enum policy_decision want;
	enum policy_layer by;
	const char *action; /* NULL: s3:GetObject */
};

#define OWN "111122223333"
#define LE POLICY_LAYER_ENDPOINT
#define LR POLICY_LAYER_RESOURCE
#define LI POLICY_LAYER_IDENTITY

static const struct authz_case authz_cases[] = {
	{ "F7.2 same account, identity allows, no bucket policy", NULL, NULL, ID_GET, NULL, false, OWN, PRIN_APP, NULL, A, LI, NULL },
	{ "F7.2 same account, nothing allows", NULL, NULL, ID_EC2, NULL, false, OWN, PRIN_APP, NULL, N, LI, NULL },
	{ "F7.3 identity unknown counts as allowing", NULL, NULL, NULL, NULL, true, OWN, PRIN_APP, NULL, A, LI, NULL },
	{ "F7.3 no identity policy and not unknown: implicit deny", NULL, NULL, NULL, NULL, false, OWN, PRIN_APP, NULL, N, LI, NULL },
	{ "F7.2 same account: a bucket-policy allow naming the role suffices (union)", NULL, BP_ALLOW_ROLE, ID_EC2, NULL, false, OWN, PRIN_APP, NULL, A, LR, NULL },
	{ "F7.2 same account when resource_account is NULL", NULL, BP_ALLOW_ROLE, ID_EC2, NULL, false, NULL, PRIN_APP, NULL, A, LR, NULL },
	/* F7.10, IAM User Guide reference_policies_elements_principal.html (AWS account
	 * principals): naming an account "delegates authority to the account"; an identity
	 * in it needs its own identity-policy allow. */
	{ "F7.10 same account: the account id alone allows nothing", NULL, BP_ALLOW_OWN, ID_EC2, NULL, false, OWN, PRIN_APP, NULL, N, LI, NULL },
	{ "F7.10 same account: the root ARN alone allows nothing (session)", NULL, BP_ALLOW_ROOT, ID_EC2, NULL, false, OWN,
	  "arn:aws:sts::111122223333:assumed-role/app/i-1", NULL, N, LI, NULL },
	{ "F7.10 same account, resource_account NULL: the account alone allows nothing", NULL, BP_ALLOW_OWN, ID_EC2, NULL, false, NULL, PRIN_APP, NULL, N, LI, NULL },
	{ "F7.10 same account: account principal and an identity allow", NULL, BP_ALLOW_OWN, ID_GET, NULL, false, OWN, PRIN_APP, NULL, A, LI, NULL },
	{ "F7.10 same account: identity unknown still allows (assumed)", NULL, BP_ALLOW_OWN, NULL, NULL, true, OWN, PRIN_APP, NULL, A, LI, NULL },
	{ "F7.10 same account: naming the role allows its session on its own", NULL, BP_ALLOW_ROLE, ID_EC2, NULL, false, OWN,
	  "arn:aws:sts::111122223333:assumed-role/app/i-1", NULL, A, LR, NULL },
	{ "F7.10 same account: naming the session ARN allows on its own", NULL, BP_ALLOW_SESSION, ID_EC2, NULL, false, OWN,
	  "arn:aws:sts::111122223333:assumed-role/app/i-1", NULL, A, LR, NULL },
	{ "F7.10 cross account: the account principal opens the account, identity allows", NULL, BP_ALLOW_X, ID_GET, NULL, false, OWN,
	  "arn:aws:sts::444455556666:assumed-role/other/s", NULL, A, LR, NULL },
	{ "F7.2 cross account: bucket allows, identity does not", NULL, BP_ALLOW_X, ID_EC2, NULL, false, OWN, PRIN_X, NULL, N, LI, NULL },
	{ "F7.2 cross account: identity allows, bucket does not", NULL, BP_ALLOW_OWN, ID_GET, NULL, false, OWN, PRIN_X, NULL, N, LR, NULL },
	{ "F7.2 cross account: identity allows, no bucket policy", NULL, NULL, ID_GET, NULL, false, OWN, PRIN_X, NULL, N, LI, NULL },
	{ "F7.2 cross account: both allow", NULL, BP_ALLOW_X, ID_GET, NULL, false, OWN, PRIN_X, NULL, A, LR, NULL },
	{ "F7.2 cross account: identity unknown, bucket allows", NULL, BP_ALLOW_X, NULL, NULL, true, OWN, PRIN_X, NULL, A, LR, NULL },
	{ "F7.3(2) endpoint policy without an allow: implicit deny at the endpoint", EP_ONLY_BKT, NULL, ID_GET, NULL, false, OWN, PRIN_APP, NULL, N, LE, NULL },
	{ "F7.3(2) endpoint boundary beats a bucket allow too", EP_ONLY_BKT, BP_ALLOW_OWN, ID_GET, NULL, false, OWN, PRIN_APP, NULL, N, LE, NULL },
	{ "F2.10/F7.3 default endpoint policy + identity allow", DEFAULT_EP, NULL, ID_GET, NULL, false, OWN, PRIN_APP, NULL, A, LI, NULL },
	{ "F7.3(1) explicit deny in the endpoint policy", EP_DENY_PUT, NULL, P("{'Effect':'Allow','Action':'s3:*','Resource':'*'}"), NULL, false, OWN, PRIN_APP, NULL, D, LE, "s3:PutObject" },
	{ "F7.3 the same endpoint policy allows other actions", EP_DENY_PUT, NULL, P("{'Effect':'Allow','Action':'s3:*','Resource':'*'}"), NULL, false, OWN, PRIN_APP, NULL, A, LI, NULL },
	{ "F2.12 via NAT (no endpoint, key absent): bucket denies", NULL, BP_VPCE, ID_GET, NULL, false, OWN, PRIN_APP, NULL, D, LR, NULL },
	{ "F2.12 via the named endpoint: identity allows", DEFAULT_EP, BP_VPCE, ID_GET, NULL, false, OWN, PRIN_APP, "aws:SourceVpce=vpce-1", A, LI, NULL },
	{ "F2.12 via another endpoint: bucket denies", DEFAULT_EP, BP_VPCE, ID_GET, NULL, false, OWN, PRIN_APP, "aws:SourceVpce=vpce-2", D, LR, NULL },
	{ "F7.2 identity deny beats a bucket allow", NULL, BP_ALLOW_OWN, ID_DENY, NULL, false, OWN, PRIN_APP, NULL, D, LI, NULL },
	{ "F7.3(1) deny in several layers: the endpoint is reported first", EP_DENY_PUT, BP_DENY_ALL, ID_DENY, NULL, false, OWN, PRIN_APP, NULL, D, LE, "s3:PutObject" },
	{ "F7.3(1) deny in resource and identity: the resource is reported first", NULL, BP_DENY_ALL, ID_DENY, NULL, false, OWN, PRIN_APP, NULL, D, LR, NULL },
	{ "F7.3(1) explicit identity deny beats identity_unknown", NULL, NULL, ID_DENY, NULL, true, OWN, PRIN_APP, NULL, D, LI, NULL },
	{ "F7.2 anonymous: a public bucket policy allows", NULL, BP_ANON, NULL, NULL, false, OWN, NULL, NULL, A, LR, NULL },
	{ "F7.2 anonymous: no grant without a bucket policy", NULL, NULL, NULL, NULL, true, OWN, NULL, NULL, N, LI, NULL },
	{ "F7.2 anonymous: bucket policy without a public grant", NULL, BP_ALLOW_OWN, NULL, NULL, true, OWN, NULL, NULL, N, LR, NULL },
	{ "F7.2 several identity policies: one allows", NULL, NULL, ID_EC2, ID_GET, false, OWN, PRIN_APP, NULL, A, LI, NULL },
	{ "F7.2 several identity policies: one denies", NULL, NULL, ID_GET, ID_DENY, false, OWN, PRIN_APP, NULL, D, LI, NULL },
	{ "F7.2 role session of the owning account is same-account", NULL, NULL, ID_GET, NULL, false, OWN,
	  "arn:aws:sts::111122223333:assumed-role/app/i-1", NULL, A, LI, NULL },
};

#define NAUTHZ (sizeof(authz_cases) / sizeof(authz_cases[0]))

static struct policy *maybe_compile(const char *text, enum policy_kind kind)
{
	if (!text)
		return NULL;
	if (strcmp(text, DEFAULT_EP) == 0)
		return policy_default_endpoint();
	struct diag_list diags = { 0 };
	struct policy *p = compile_opts(text, kind, NULL, &diags);
	ck_assert_msg(p != NULL, "does not compile: %s", text);
	diag_list_clear(&diags);
	return p;
}

START_TEST(test_authorize_table)
{
	const struct authz_case *c = &authz_cases[_i];
	struct policy *ep = maybe_compile(c->endpoint, E);
	struct policy *rp = maybe_compile(c->resource, R);
	struct policy *ip = maybe_compile(c->identity, I);
	struct policy *ip2 = maybe_compile(c->identity2, I);
	const struct policy *ids[2] = { ip, ip2 };
	struct policy_context *ctx = make_ctx(c->context);
	struct policy_set set = { .endpoint = ep, .resource = rp, .identity = ids,
				  .nidentity = ip2 ? 2 : ip ? 1 : 0, .identity_unknown = c->identity_unknown,
				  .resource_account = c->resource_account };
	struct policy_request req = { .action = c->action ? c->action : "s3:GetObject",
				      .resource = "arn:aws:s3:::bkt/key", .principal_arn = c->principal,
				      .context = ctx };
	struct policy_authz az;
	policy_authorize(&set, &req, &az);
	ck_assert_msg(az.decision == (enum policy_decision)c->want, "[%s] got %s, want %s\nendpoint: %s\nresource: %s\nidentity: %s",
		      c->cite, dname(az.decision), dname(c->want), az.endpoint.explanation, az.resource.explanation,
		      az.identity.explanation);
	ck_assert_msg(az.decided_by == c->by, "[%s] decided by %s, want %s", c->cite, policy_layer_name(az.decided_by),
		      policy_layer_name(c->by));
	ck_assert_ptr_nonnull(az.identity.explanation);
	ck_assert_ptr_nonnull(az.resource.explanation);
	ck_assert_ptr_nonnull(az.endpoint.explanation);

	/* The same answer without explanations. */
	struct policy_authz fast;
	req.no_explain = true;
	policy_authorize(&set, &req, &fast);
	ck_assert_int_eq(fast.decision, az.decision);
	ck_assert_int_eq(fast.decided_by, az.decided_by);
	ck_assert_ptr_null(fast.identity.explanation);

	policy_authz_clear(&az);
	policy_authz_clear(&fast);
	policy_context_free(ctx);
	policy_free(ep);
	policy_free(rp);
	policy_free(ip);
	policy_free(ip2);
}
END_TEST

START_TEST(test_authorize_flags)
{
	/* allowed_by_* report each layer independently of the final decision. */
	struct policy *rp = maybe_compile(BP_ALLOW_X, R), *ip = maybe_compile(ID_EC2, I);
	const struct policy *ids[1] = { ip };
	struct policy_set set = { .resource = rp, .identity = ids, .nidentity = 1, .resource_account = OWN };
	struct policy_request req = { .action = "s3:GetObject", .resource = "arn:aws:s3:::bkt/key", .principal_arn = PRIN_X };
	struct policy_authz az;
	policy_authorize(&set, &req, &az);
	ck_assert(az.allowed_by_resource);
	ck_assert(!az.allowed_by_identity);
	ck_assert_int_eq(az.resource.decision, POLICY_ALLOW);
	ck_assert_int_eq(az.resource.statement, 0);
	ck_assert_int_eq(az.identity.decision, POLICY_NO_MATCH);
	policy_authz_clear(&az);
	ck_assert_ptr_null(az.resource.explanation);
	policy_free(rp);
	policy_free(ip);
}
END_TEST

START_TEST(test_authorize_assumed_caller_without_account)
{
	/* F7.2: a caller assumed to be of the resource's account (no principal, no account
	 * known anywhere) is in the same account: its identity policy (unknown, taken as
	 * allowing) is enough without a resource policy, and aws:PrincipalType is not
	 * Anonymous.  Without the assumption the same request is anonymous and needs the
	 * resource policy. */
	struct policy_set set = { .identity_unknown = true };
	struct policy_request req = { .action = "s3:GetObject", .resource = "arn:aws:s3:::bkt/key",
				      .caller_same_account = true };
	struct policy_authz az;
	policy_authorize(&set, &req, &az);
	ck_assert_int_eq(az.decision, POLICY_ALLOW);
	ck_assert_int_eq(az.decided_by, POLICY_LAYER_IDENTITY);
	policy_authz_clear(&az);
	struct policy *rp = maybe_compile(P("{'Effect':'Deny','Principal':'*','Action':'s3:*','Resource':'*',"
					    "'Condition':{'StringEquals':{'aws:PrincipalType':'Anonymous'}}}"), R);
	set.resource = rp;
	policy_authorize(&set, &req, &az);
	ck_assert_int_eq(az.decision, POLICY_ALLOW);
	policy_authz_clear(&az);
	req.caller_same_account = false;
	policy_authorize(&set, &req, &az);
	ck_assert_int_eq(az.decision, POLICY_DENY);
	policy_authz_clear(&az);
	set.resource = NULL;
	policy_authorize(&set, &req, &az);
	ck_assert_int_eq(az.decision, POLICY_NO_MATCH);
	policy_authz_clear(&az);
	policy_free(rp);
}
END_TEST

START_TEST(test_authorize_delegation_flags)
{
	/* F7.10 (reference_policies_elements_principal.html, AWS account principals): an
	 * Allow that names only the account is reported as a delegation, and in the same
	 * account it is not counted as the resource policy's allow. */
	struct policy *rp = maybe_compile(BP_ALLOW_OWN, R), *ip = maybe_compile(ID_EC2, I);
	const struct policy *ids[1] = { ip };
	struct policy_set set = { .resource = rp, .identity = ids, .nidentity = 1, .resource_account = OWN };
	struct policy_request req = { .action = "s3:GetObject", .resource = "arn:aws:s3:::bkt/key", .principal_arn = PRIN_APP };
	struct policy_authz az;
	policy_authorize(&set, &req, &az);
	ck_assert_int_eq(az.decision, POLICY_NO_MATCH);
	ck_assert_int_eq(az.resource.decision, POLICY_ALLOW);
	ck_assert(az.resource.delegated);
	ck_assert(az.resource_delegates);
	ck_assert(!az.allowed_by_resource);
	ck_assert_msg(strstr(az.resource.explanation, "delegates to the account") != NULL, "%s", az.resource.explanation);
	policy_authz_clear(&az);
	/* Across accounts the same statement opens the boundary. */
	set.resource_account = "444455556666";
	policy_authorize(&set, &req, &az);
	ck_assert(az.resource_delegates);
	ck_assert(az.allowed_by_resource);
	policy_authz_clear(&az);
	policy_free(rp);

	/* An account statement before one naming the role: the role's statement decides,
	 * and it is no delegation. */
	rp = maybe_compile(P("{'Effect':'Allow','Principal':{'AWS':'111122223333'},'Action':'s3:GetObject','Resource':'*'},"
			     "{'Sid':'Role','Effect':'Allow','Principal':{'AWS':'" PRIN_APP "'},'Action':'s3:GetObject','Resource':'*'}"), R);
	struct policy_result r;
	req.no_explain = true;
	ck_assert_int_eq(policy_eval(rp, &req, &r), POLICY_ALLOW);
	ck_assert(!r.delegated);
	ck_assert_int_eq(r.statement, 1);
	policy_result_clear(&r);
	req.no_explain = false;
	ck_assert_int_eq(policy_eval(rp, &req, &r), POLICY_ALLOW);
	ck_assert(!r.delegated);
	ck_assert_str_eq(r.sid, "Role");
	policy_result_clear(&r);
	policy_free(rp);
	policy_free(ip);
}
END_TEST

START_TEST(test_authorize_multi_identity_explanation)
{
	struct policy *a = maybe_compile(ID_EC2, I), *b = maybe_compile(ID_GET, I);
	const struct policy *ids[2] = { a, b };
	struct policy_set set = { .identity = ids, .nidentity = 2 };
	struct policy_request req = { .action = "s3:GetObject", .resource = "arn:aws:s3:::bkt/key", .principal_arn = PRIN_APP };
	struct policy_authz az;
	policy_authorize(&set, &req, &az);
	ck_assert_int_eq(az.decision, POLICY_ALLOW);
	ck_assert_int_eq(az.identity.statement, 0);
	ck_assert_ptr_nonnull(strstr(az.identity.explanation, "identity policy 1: statement 1: Allow does not match"));
	ck_assert_ptr_nonnull(strstr(az.identity.explanation, "identity policy 2: statement 1: Allow matches"));
	policy_authz_clear(&az);
	policy_free(a);
	policy_free(b);
}
END_TEST

/* -------------------------------------------------------------------------- */
/* full access (F2.10) and the default endpoint policy                          */

struct full_case {
	const char *cite;
	enum policy_kind kind;
	const char *policy;
	bool want;
};

static const struct full_case full_cases[] = {
	{ "F2.10 the default policy text", E, "{'Statement':[{'Effect':'Allow','Principal':'*','Action':'*','Resource':'*'}]}", true },
	{ "F2.10 {AWS:*} is everyone", E, PRIN("{'AWS':'*'}"), true },
	{ "F2.10 a Deny makes it narrower", E, P(ALLOW_ALL ",{'Effect':'Deny','Principal':'*','Action':'s3:DeleteBucket','Resource':'*'}"), false },
	{ "F2.10 a condition makes it narrower", E, CA("{'StringEquals':{'aws:PrincipalOrgID':'o-1'}}"), false },
	{ "F2.10 s3:* is not full access (strict)", E, ACT("'s3:*'"), false },
	{ "F2.10 one bucket is not full access", E, RES("'arn:aws:s3:::bkt/*'"), false },
	{ "F2.10 one account is not full access", E, PRIN("{'AWS':'111122223333'}"), false },
	{ "F2.10 NotAction is not counted", E, P("{'Effect':'Allow','Principal':'*','NotAction':'s3:x','Resource':'*'}"), false },
	{ "F2.10 full grant among narrower statements", E, P("{'Effect':'Allow','Principal':'*','Action':'s3:GetObject','Resource':'*'}," ALLOW_ALL), true },
	{ "F2.10 no Principal in an endpoint policy reads as '*'", E, P("{'Effect':'Allow','Action':'*','Resource':'*'}"), true },
	{ "identity policy Allow */*", I, P("{'Effect':'Allow','Action':'*','Resource':'*'}"), true },
	{ "Action list containing '*'", E, ACT("['s3:GetObject','*']"), true },
};

#define NFULL (sizeof(full_cases) / sizeof(full_cases[0]))

START_TEST(test_full_access)
{
	const struct full_case *c = &full_cases[_i];
	struct diag_list diags = { 0 };
	struct policy *p = compile_opts(c->policy, c->kind, NULL, &diags);
	ck_assert_msg(p != NULL, "[%s] does not compile", c->cite);
	ck_assert_msg(policy_is_full_access(p) == c->want, "[%s] full access should be %d", c->cite, c->want);
	policy_free(p);
	diag_list_clear(&diags);
}
END_TEST

START_TEST(test_default_endpoint)
{
	/* F2.10 / F7.1: without a custom policy, full access. */
	struct policy *p = policy_default_endpoint();
	ck_assert_ptr_nonnull(p);
	ck_assert(policy_is_full_access(p));
	ck_assert_uint_eq(policy_statement_count(p), 1);
	ck_assert_int_eq(policy_get_kind(p), POLICY_KIND_ENDPOINT);
	struct policy_request req = { .action = "dynamodb:DeleteTable",
				      .resource = "arn:aws:dynamodb:eu-west-1:999988887777:table/X" };
	ck_assert_int_eq(policy_eval(p, &req, NULL), POLICY_ALLOW);
	ck_assert(!policy_is_full_access(NULL));
	policy_free(p);
}
END_TEST

/* -------------------------------------------------------------------------- */
/* results, explanations, context                                                */

START_TEST(test_explanation_exact)
{
	/* The documented F2.12 bucket policy seen from a NAT path (F7.7). */
	struct diag_list diags = { 0 };
	struct policy *p = compile_opts(P("{'Sid':'DenyNotVpce','Effect':'Deny','Principal':'*','Action':'s3:*','Resource':'arn:aws:s3:::bkt/*',"
					  "'Condition':{'StringNotEquals':{'aws:SourceVpce':'vpce-1a2b3c4d'}}}"),
					R, NULL, &diags);
	struct policy_request req = { .action = "s3:GetObject", .resource = OBJ, .principal_arn = PRIN_APP };
	struct policy_result r;
	ck_assert_int_eq(policy_eval(p, &req, &r), POLICY_DENY);
	ck_assert_str_eq(r.explanation,
			 "statement 1 (Sid \"DenyNotVpce\"): Deny matches: condition StringNotEquals aws:SourceVpce: key absent -> true");
	ck_assert_str_eq(r.sid, "DenyNotVpce");
	ck_assert_int_eq(r.statement, 0);
	policy_result_clear(&r);
	ck_assert_ptr_null(r.sid);
	ck_assert_ptr_null(r.explanation);
	ck_assert_int_eq(r.statement, -1);
	policy_free(p);
	diag_list_clear(&diags);
}
END_TEST

START_TEST(test_explanation_lines)
{
	struct diag_list diags = { 0 };
	struct policy *p = compile_opts(P("{'Sid':'Get','Effect':'Allow','Principal':'*','Action':'s3:GetObject','Resource':'arn:aws:s3:::bkt/*'},"
					  "{'Effect':'Allow','Principal':'*','Action':'s3:*','Resource':'arn:aws:s3:::other/*'},"
					  "{'Effect':'Deny','Principal':{'AWS':'444455556666'},'Action':'*','Resource':'*'},"
					  "{'Effect':'Allow','Principal':'*','Action':'*','Resource':'*','Condition':{'StringEquals':{'aws:SourceVpce':['vpce-1','vpce-2']}}}"),
					R, NULL, &diags);
	struct policy_context *ctx = make_ctx("aws:SourceVpce=vpce-3");
	struct policy_request req = { .action = "s3:PutObject", .resource = OBJ, .principal_arn = PRIN_APP, .context = ctx };
	struct policy_result r;
	ck_assert_int_eq(policy_eval(p, &req, &r), POLICY_NO_MATCH);
	ck_assert_str_eq(r.explanation,
			 "statement 1 (Sid \"Get\"): Allow does not match: action \"s3:PutObject\" is not in Action\n"
			 "statement 2: Allow does not match: resource \"arn:aws:s3:::bkt/key\" is not in Resource\n"
			 "statement 3: Deny does not match: principal \"" PRIN_APP "\" is not in Principal\n"
			 "statement 4: Allow does not match: condition StringEquals aws:SourceVpce: \"vpce-3\" matches none of \"vpce-1\", \"vpce-2\" -> false");
	ck_assert_ptr_null(r.sid);
	policy_result_clear(&r);
	policy_context_free(ctx);
	policy_free(p);
	diag_list_clear(&diags);
}
END_TEST

START_TEST(test_statement_sid)
{
	struct diag_list diags = { 0 };
	struct policy *p = compile_opts(P("{'Effect':'Allow','Principal':'*','Action':'s3:PutObject','Resource':'*'},"
					  "{'Sid':'Second','Effect':'Allow','Principal':'*','Action':'s3:GetObject','Resource':'*'}"),
					R, NULL, &diags);
	struct policy_request req = { .action = "s3:GetObject", .resource = OBJ, .no_explain = true };
	struct policy_result r;
	ck_assert_int_eq(policy_eval(p, &req, &r), POLICY_ALLOW);
	ck_assert_int_eq(r.statement, 1);
	ck_assert_str_eq(policy_statement_sid(p, 1), "Second");
	ck_assert_ptr_null(policy_statement_sid(p, 0));
	ck_assert_ptr_null(policy_statement_sid(p, 2));
	policy_free(p);
	diag_list_clear(&diags);
}
END_TEST

START_TEST(test_principal_account_field)
{
	/* principal_account stands in for the ARN's account (e.g. a caller known only
	 * by account); an account principal then matches. */
	struct diag_list diags = { 0 };
	struct policy *p = compile_opts(PRIN("{'AWS':'111122223333'}"), R, NULL, &diags);
	struct policy_request req = { .action = "s3:GetObject", .resource = OBJ, .principal_account = "111122223333" };
	ck_assert_int_eq(policy_eval(p, &req, NULL), POLICY_ALLOW);
	req.principal_account = "444455556666";
	req.principal_arn = PRIN_APP; /* the explicit account wins over the ARN's */
	ck_assert_int_eq(policy_eval(p, &req, NULL), POLICY_NO_MATCH);
	policy_free(p);
	diag_list_clear(&diags);
}
END_TEST

START_TEST(test_null_policy)
{
	struct policy_request req = { .action = "s3:GetObject", .resource = OBJ };
	struct policy_result r;
	ck_assert_int_eq(policy_eval(NULL, &req, &r), POLICY_NO_MATCH);
	ck_assert_int_eq(r.statement, -1);
	policy_result_clear(&r);
	policy_free(NULL);
	ck_assert_uint_eq(policy_statement_count(NULL), 0);
}
END_TEST

START_TEST(test_context_api)
{
	/* F7.8: key names are case-insensitive; set replaces, add appends. */
	struct policy_context *c = policy_context_new();
	policy_context_set(c, "aws:SourceVpce", "vpce-1");
	policy_context_set(c, "AWS:SOURCEVPCE", "vpce-2");
	ck_assert_uint_eq(policy_context_count(c), 1);
	ck_assert_str_eq(policy_context_key(c, 0), "aws:SourceVpce");
	ck_assert_str_eq(policy_context_value(c, 0), "vpce-2");
	policy_context_add(c, "aws:TagKeys", "a");
	policy_context_add(c, "aws:tagkeys", "b");
	ck_assert_uint_eq(policy_context_count(c), 2);
	ck_assert_str_eq(policy_context_value(c, 1), "a");
	/* F7.11 / multi-valued keys: every value is kept, in order. */
	ck_assert_uint_eq(policy_context_nvalues(c, 1), 2);
	ck_assert_str_eq(policy_context_value_at(c, 1, 1), "b");
	ck_assert_ptr_null(policy_context_value_at(c, 1, 2));
	ck_assert_uint_eq(policy_context_nvalues(c, 0), 1);
	ck_assert_uint_eq(policy_context_nvalues(c, 9), 0);
	policy_context_remove(c, "AWS:SourceVPCE");
	ck_assert_uint_eq(policy_context_count(c), 1);
	ck_assert_str_eq(policy_context_key(c, 0), "aws:TagKeys");
	ck_assert_ptr_null(policy_context_key(c, 5));
	ck_assert_ptr_null(policy_context_value(c, 5));
	policy_context_remove(c, "missing");
	policy_context_set(c, "empty", NULL);
	ck_assert_ptr_null(policy_context_value(c, 1));
	policy_context_free(c);
	policy_context_free(NULL);
}
END_TEST

START_TEST(test_names)
{
	ck_assert_str_eq(policy_decision_name(POLICY_ALLOW), "allow");
	ck_assert_str_eq(policy_decision_name(POLICY_DENY), "deny");
	ck_assert_str_eq(policy_decision_name(POLICY_NO_MATCH), "implicit-deny");
	ck_assert_str_eq(policy_layer_name(POLICY_LAYER_ENDPOINT), "endpoint");
	ck_assert_str_eq(policy_layer_name(POLICY_LAYER_RESOURCE), "resource");
	ck_assert_str_eq(policy_layer_name(POLICY_LAYER_IDENTITY), "identity");
	ck_assert_str_eq(policy_layer_name(POLICY_LAYER_NONE), "none");
}
END_TEST

/* Matching steps for one request against one policy (match.c counts them). */
static unsigned long long eval_steps(const struct policy *p, const char *resource, const char *action,
				     const struct policy_context *ctx, enum policy_decision *d)
{
	struct policy_request req = { .action = action, .resource = resource, .context = ctx,
				      .principal_arn = PRIN_APP, .no_explain = true };
	unsigned long long before = policy_match_steps;
	*d = policy_eval(p, &req, NULL);
	return policy_match_steps - before;
}

/* "arn:aws:s3:::" then n times "a:" then the tail */
static char *colons(size_t n, const char *tail)
{
	char *t = malloc(16 + 2 * n + strlen(tail));
	size_t k = (size_t)sprintf(t, "arn:aws:s3:::");
	for (size_t i = 0; i < n; i++) {
		t[k++] = 'a';
		t[k++] = ':';
	}
	strcpy(t + k, tail);
	return t;
}

START_TEST(test_matching_is_linear)
{
	/* Issue 14 item 5: wildcard matching of resources, actions and condition values
	 * is O(pattern x text), never quadratic in the text: a segment-final '*' (F7.4,
	 * reference_policies_elements_resource.html: it "can expand to match beyond the
	 * colon boundaries") must not try every later colon again for every earlier one.
	 * Asserted on the matcher's own step count, not on time: four times the text
	 * takes at most about four times the steps (quadratic would be sixteen). */
	static const char *const pats[] = {
		RES("'arn:*:*:*:*:x'"),
		RES("'arn:*:*:*:*:*x*y'"),
		RES("'arn:a*:a*:a*:a*:a*x'"),
		RES("'arn:*:s3:*:*:*a:*a:*a:*a:*x'"),
		CA("{'ArnLike':{'aws:PrincipalArn':'arn:*:*:*:*:x'}}"),
		CA("{'StringLike':{'aws:PrincipalTag/x':'*a*a*a*a*a*a*a*a*b'}}"),
	};
	for (size_t k = 0; k < sizeof(pats) / sizeof(pats[0]); k++) {
		struct diag_list diags = { 0 };
		struct policy *p = compile_opts(pats[k], R, NULL, &diags);
		ck_assert_ptr_nonnull(p);
		unsigned long long steps[2];
		size_t sizes[2] = { 2000, 8000 };
		for (int i = 0; i < 2; i++) {
			char *text = colons(sizes[i], "a");
			struct policy_context *ctx = policy_context_new();
			policy_context_set(ctx, "aws:PrincipalArn", text);
			policy_context_set(ctx, "aws:PrincipalTag/x", text);
			enum policy_decision d;
			steps[i] = eval_steps(p, text, "s3:GetObject", ctx, &d);
			ck_assert_int_eq(d, POLICY_NO_MATCH);
			/* an absolute bound too: a few passes over the text per pattern byte */
			ck_assert_msg(steps[i] <= 4 * strlen(pats[k]) * strlen(text),
				      "pattern %zu: %llu steps for %zu bytes", k, steps[i], strlen(text));
			policy_context_free(ctx);
			free(text);
		}
		ck_assert_msg(steps[1] <= 5 * steps[0] + 1000,
			      "pattern %zu: %llu steps for 2,000 colons but %llu for 8,000 (not linear)", k,
			      steps[0], steps[1]);
		policy_free(p);
		diag_list_clear(&diags);
	}
	/* and the answers stay right at that size */
	struct diag_list diags = { 0 };
	struct policy *p = compile_opts(RES("'arn:*:*:*:*:x'"), R, NULL, &diags);
	char *text = colons(8000, "x");
	enum policy_decision d;
	eval_steps(p, text, "s3:GetObject", NULL, &d);
	ck_assert_int_eq(d, POLICY_ALLOW);
	free(text);
	policy_free(p);
	diag_list_clear(&diags);
}
END_TEST

START_TEST(test_pathological_patterns)
{
	/* Segment-final stars and many colons must not take exponential time, and
	 * long texts use the heap path of the matcher. */
	struct diag_list diags = { 0 };
	struct policy *p = compile_opts(RES("'arn:*:*:*:*:x'"), R, NULL, &diags);
	char text[4096];
	size_t n = (size_t)sprintf(text, "arn");
	while (n < sizeof(text) - 8)
		n += (size_t)sprintf(text + n, ":a");
	struct policy_request req = { .action = "s3:GetObject", .resource = text, .no_explain = true };
	ck_assert_int_eq(policy_eval(p, &req, NULL), POLICY_NO_MATCH);
	strcpy(text + n, ":x");
	ck_assert_int_eq(policy_eval(p, &req, NULL), POLICY_ALLOW);
	policy_free(p);

	p = compile_opts(RES("'arn:aws:s3:::b/*a*a*a*a*a*a*a*a*a*b'"), R, NULL, &diags);
	memset(text, 'a', 3000);
	memcpy(text, "arn:aws:s3:::b/", 15);
	text[3000] = '\0';
	ck_assert_int_eq(policy_eval(p, &req, NULL), POLICY_NO_MATCH);
	policy_free(p);
	diag_list_clear(&diags);
}
END_TEST

static Suite *policy_suite(void)
{
	Suite *s = suite_create("policy");
	TCase *tc = tcase_create("eval");
	tcase_add_loop_test(tc, test_eval_table, 0, (int)NEVAL);
	tcase_add_test(tc, test_explanation_exact);
	tcase_add_test(tc, test_explanation_lines);
	tcase_add_test(tc, test_statement_sid);
	tcase_add_test(tc, test_null_policy);
	tcase_add_test(tc, test_principal_account_field);
	tcase_add_test(tc, test_pathological_patterns);
	tcase_add_test(tc, test_matching_is_linear);
	suite_add_tcase(s, tc);

	tc = tcase_create("compile");
	tcase_add_loop_test(tc, test_compile_errors, 0, (int)NERR);
	tcase_add_test(tc, test_compile_reports_every_error);
	tcase_add_test(tc, test_compile_null_doc);
	tcase_add_loop_test(tc, test_warnings, 0, (int)NWARN);
	tcase_add_test(tc, test_endpoint_size);
	tcase_add_test(tc, test_check_gateway_endpoint);
	tcase_add_test(tc, test_lint_located);
	suite_add_tcase(s, tc);

	tc = tcase_create("authorize");
	tcase_add_loop_test(tc, test_authorize_table, 0, (int)NAUTHZ);
	tcase_add_test(tc, test_authorize_flags);
	tcase_add_test(tc, test_authorize_multi_identity_explanation);
	tcase_add_test(tc, test_authorize_delegation_flags);
	tcase_add_test(tc, test_authorize_assumed_caller_without_account);
	suite_add_tcase(s, tc);

	tc = tcase_create("misc");
	tcase_add_loop_test(tc, test_full_access, 0, (int)NFULL);
	tcase_add_test(tc, test_default_endpoint);
	tcase_add_test(tc, test_context_api);
	tcase_add_test(tc, test_names);
	suite_add_tcase(s, tc);
	return s;
}

VPCPATH_CHECK_MAIN(policy_suite)
