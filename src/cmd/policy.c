/* policy.c - `vpcpath policy eval`: one request against one policy file, for people
 * writing endpoint and bucket policies.  Exit status per cli.md: 0 allowed, 1 denied
 * (explicitly or implicitly), 2 the question could not be asked. */
#include "common.h"
#include "vpcpath/cmd.h"

#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "vpcpath/arena.h"
#include "vpcpath/diag.h"
#include "vpcpath/outfile.h"
#include "vpcpath/policy.h"
#include "vpcpath/util.h"

/* Far above any real policy (F2.10: endpoint policies stop at 20,480 characters; IAM
 * managed policies at 6,144; bucket policies at 20 KB). */
#define POLICY_FILE_MAX (1024 * 1024)

static void usage(FILE *f)
{
	fputs("usage: vpcpath policy eval --policy FILE --action ACTION --resource ARN\n"
	      "                           [--principal ARN] [--account ID]\n"
	      "                           [--resource-account ID]\n"
	      "                           [--context KEY=VALUE]...\n"
	      "                           [--kind auto|identity|resource|endpoint|gateway-endpoint]\n"
	      "                           [-f text|json]\n"
	      "       vpcpath policy lint --policy FILE [--kind KIND] [--through-endpoint]\n"
	      "                           [-f text|json]\n"
	      "\n"
	      "eval evaluates one request against an IAM policy (JSON) and prints the\n"
	      "decision, the deciding statement (numbered from 1) and why each statement did\n"
	      "or did not match.  lint prints what in the policy does not do what it looks\n"
	      "like (e.g. an account principal in a gateway endpoint policy), each warning\n"
	      "at its statement's line.\n"
	      "\n"
	      "  -p, --policy FILE      the policy document; - reads stdin\n"
	      "  -a, --action ACTION    e.g. s3:GetObject\n"
	      "  -r, --resource ARN     e.g. arn:aws:s3:::bucket/key\n"
	      "  -P, --principal ARN    the caller; omit for an anonymous request\n"
	      "      --account ID       the caller's account (default: from --principal)\n"
	      "      --resource-account ID\n"
	      "                         the account that owns the resource (default: the\n"
	      "                         caller's); decides whether an account principal\n"
	      "                         grants or only delegates (F7.10)\n"
	      "  -c, --context K=V      a request context key; repeat a key for several\n"
	      "                         values (e.g. aws:SourceVpce=vpce-1a2b3c4d)\n"
	      "      --kind KIND        how to read the policy (default auto: resource when\n"
	      "                         a statement has a Principal, else identity)\n"
	      "      --through-endpoint every request comes through a VPC endpoint (lint:\n"
	      "                         aws:SourceIp is then never present; implied for\n"
	      "                         endpoint policies)\n"
	      "  -f, --format FORMAT    text (default) or json\n"
	      "  -h, --help             this text\n"
	      "\n"
	      "Exit status: eval 0 allowed, 1 denied (explicit or implicit); lint 0 no\n"
	      "warning, 1 warnings; 2 error.\n",
	      f);
}

/* "eval" or "lint", for messages */
static const char *subcommand = "eval";

static void say_error(const char *fmt, const char *arg)
{
	fputs("vpcpath: policy ", stderr);
	fputs(subcommand, stderr);
	fputs(": ", stderr);
	const char *pct = strstr(fmt, "%s");
	if (pct && arg) {
		fwrite(fmt, 1, (size_t)(pct - fmt), stderr);
		fputs_escaped(arg, stderr);
		fputs(pct + 2, stderr);
	} else {
		fputs(fmt, stderr);
	}
	fputc('\n', stderr);
}

/* 1-based line and column of byte offset off (columns count bytes). */
static void offset_to_linecol(const char *text, size_t off, unsigned *line, unsigned *col)
{
	*line = 1;
	*col = 1;
	for (size_t i = 0; i < off && text[i]; i++) {
		if (text[i] == '\n') {
			(*line)++;
			*col = 1;
		} else {
			(*col)++;
		}
	}
}

/* ---- where each statement starts ------------------------------------------------ */

static size_t skip_ws(const char *t, size_t i, size_t len)
{
	while (i < len && (t[i] == ' ' || t[i] == '\t' || t[i] == '\n' || t[i] == '\r'))
		i++;
	return i;
}

/* The end of the JSON string starting at t[i] ('"'), or len. */
static size_t skip_string(const char *t, size_t i, size_t len)
{
	for (i++; i < len; i++) {
		if (t[i] == '\\')
			i++;
		else if (t[i] == '"')
			return i + 1;
	}
	return len;
}

/* The end of the JSON value starting at t[i] (the text already parsed as JSON). */
static size_t skip_value(const char *t, size_t i, size_t len)
{
	if (i < len && t[i] == '"')
		return skip_string(t, i, len);
	if (i < len && (t[i] == '{' || t[i] == '[')) {
		size_t depth = 0;
		while (i < len) {
			char c = t[i];
			if (c == '"') {
				i = skip_string(t, i, len);
				continue;
			}
			if (c == '{' || c == '[')
				depth++;
			else if ((c == '}' || c == ']') && --depth == 0)
				return i + 1;
			i++;
		}
		return len;
	}
	while (i < len && !strchr(",}] \t\r\n", t[i])) /* number, true, false, null */
		i++;
	return i;
}

/* Where each element of the top-level "Statement" starts (line, column), so that a
 * warning or error about statement i names its line.  Returns how many (xmalloc'd
 * *out, caller frees); 0 when the layout is not the usual one. */
static size_t statement_positions(const char *t, size_t len, unsigned (**out)[2])
{
	size_t n = 0, cap = 0, i = skip_ws(t, 0, len);
	unsigned (*pos)[2] = NULL;
	*out = NULL;
	if (i >= len || t[i] != '{')
		return 0;
	i = skip_ws(t, i + 1, len);
	while (i < len && t[i] == '"') {
		size_t kend = skip_string(t, i, len);
		bool statement = kend - i == 11 && memcmp(t + i, "\"Statement\"", 11) == 0;
		i = skip_ws(t, kend, len);
		if (i >= len || t[i] != ':')
			return 0;
		i = skip_ws(t, i + 1, len);
		if (statement) {
			bool array = i < len && t[i] == '[';
			size_t at = 0;
			unsigned line = 1, col = 1;
			if (array)
				i = skip_ws(t, i + 1, len);
			while (i < len && t[i] != ']') {
				for (; at < i; at++) { /* forward only: linear in the file */
					if (t[at] == '\n') {
						line++;
						col = 1;
					} else {
						col++;
					}
				}
				if (n == cap) {
					cap = cap ? cap * 2 : 8;
					pos = xrealloc(pos, cap * sizeof(*pos));
				}
				pos[n][0] = line;
				pos[n][1] = col;
				n++;
				i = skip_ws(t, skip_value(t, i, len), len);
				if (!array)
					break;
				if (i < len && t[i] == ',')
					i = skip_ws(t, i + 1, len);
			}
			*out = pos;
			return n;
		}
		i = skip_ws(t, skip_value(t, i, len), len);
		if (i < len && t[i] == ',')
			i = skip_ws(t, i + 1, len);
	}
	free(pos);
	return 0;
}

static size_t utf8_chars(const char *s, size_t n)
{
	size_t c = 0;
	for (size_t i = 0; i < n; i++)
		if (((unsigned char)s[i] & 0xc0) != 0x80)
			c++;
	return c;
}

static bool stmt_has_principal(const cJSON *st)
{
	return cJSON_IsObject(st) && (cJSON_GetObjectItemCaseSensitive(st, "Principal") ||
				      cJSON_GetObjectItemCaseSensitive(st, "NotPrincipal"));
}

/* --kind auto: a statement with a Principal marks a resource-based policy. */
static enum policy_kind guess_kind(const cJSON *doc)
{
	const cJSON *s = cJSON_GetObjectItemCaseSensitive(doc, "Statement");
	if (cJSON_IsArray(s)) {
		for (const cJSON *e = s->child; e; e = e->next)
			if (stmt_has_principal(e))
				return POLICY_KIND_RESOURCE;
		return POLICY_KIND_IDENTITY;
	}
	return stmt_has_principal(s) ? POLICY_KIND_RESOURCE : POLICY_KIND_IDENTITY;
}

static void print_text(const struct policy_result *r, const struct diag_list *diags)
{
	diag_print(diags, stderr, 1);
	printf("decision   %s\n", policy_decision_name(r->decision));
	if (r->statement >= 0) {
		printf("statement  %d", r->statement + 1);
		if (r->sid) {
			fputs(" (Sid \"", stdout);
			fputs_escaped(r->sid, stdout);
			fputs("\")", stdout);
		}
		putchar('\n');
	} else {
		puts("statement  none");
	}
	const char *line = r->explanation ? r->explanation : "";
	while (*line) {
		const char *nl = strchr(line, '\n');
		size_t len = nl ? (size_t)(nl - line) : strlen(line);
		char *one = xmalloc(len + 1);
		memcpy(one, line, len);
		one[len] = '\0';
		fputs("  ", stdout);
		fputs_escaped(one, stdout);
		putchar('\n');
		free(one);
		line += len + (nl ? 1 : 0);
	}
}

/* The warnings of diags as JSON objects {code, message, where} appended to w. */
static void add_warnings(cJSON *w, const struct diag_list *diags)
{
	for (size_t i = 0; w && i < diags->len; i++) {
		const struct diag *d = &diags->items[i];
		cJSON *item = cJSON_CreateObject();
		char where[64];
		cJSON_AddStringToObject(item, "code", d->code ? d->code : "");
		cJSON_AddStringToObject(item, "message", d->message);
		if (d->file) {
			char *loc = xmalloc(strlen(d->file) + sizeof(where));
			snprintf(where, sizeof(where), ":%u:%u", d->line, d->col);
			strcpy(loc, d->file);
			strcat(loc, where);
			cJSON_AddStringToObject(item, "where", loc);
			free(loc);
		} else {
			cJSON_AddNullToObject(item, "where");
		}
		cJSON_AddItemToArray(w, item);
	}
}

static int print_json(const struct policy_result *r, const struct diag_list *diags)
{
	int rc = VPCPATH_EXIT_ERROR;
	char *text = NULL;
	cJSON *o = cJSON_CreateObject(), *ex, *w;
	if (!o)
		goto out;
	cJSON_AddStringToObject(o, "decision", policy_decision_name(r->decision));
	if (r->statement >= 0)
		cJSON_AddNumberToObject(o, "statement", r->statement + 1);
	else
		cJSON_AddNullToObject(o, "statement");
	if (r->sid)
		cJSON_AddStringToObject(o, "sid", r->sid);
	else
		cJSON_AddNullToObject(o, "sid");
	ex = cJSON_AddArrayToObject(o, "explanation");
	const char *line = r->explanation ? r->explanation : "";
	while (*line && ex) {
		const char *nl = strchr(line, '\n');
		size_t len = nl ? (size_t)(nl - line) : strlen(line);
		char *one = xmalloc(len + 1);
		memcpy(one, line, len);
		one[len] = '\0';
		cJSON_AddItemToArray(ex, cJSON_CreateString(one));
		free(one);
		line += len + (nl ? 1 : 0);
	}
	w = cJSON_AddArrayToObject(o, "warnings");
	add_warnings(w, diags);
	text = cJSON_Print(o);
	if (!text)
		goto out;
	puts(text);
	rc = VPCPATH_EXIT_YES;
out:
	cJSON_free(text);
	cJSON_Delete(o);
	return rc;
}

enum { OPT_ACCOUNT = 256, OPT_KIND, OPT_RESOURCE_ACCOUNT, OPT_THROUGH_ENDPOINT };

/* F7.10: a resource policy whose Allow names only the caller's account delegates to
 * that account's identity policies.  Within the account it grants nothing by itself,
 * so the request is implicitly denied unless an identity policy allows, and policy
 * eval is given none.  Across accounts the Allow opens the account boundary and the
 * policy's own answer stands. */
static void apply_delegation(struct policy_result *r, const struct policy_request *req,
			     const char *resource_account)
{
	char acct[64] = "";
	if (r->decision != POLICY_ALLOW || !r->delegated)
		return;
	if (req->principal_account) {
		snprintf(acct, sizeof(acct), "%s", req->principal_account);
	} else if (req->principal_arn) {
		/* arn:PART:SERVICE:REGION:ACCOUNT:... */
		const char *s = req->principal_arn;
		for (int i = 0; i < 4 && s; i++)
			s = strchr(s, ':') ? strchr(s, ':') + 1 : NULL;
		if (s)
			snprintf(acct, sizeof(acct), "%.*s", (int)strcspn(s, ":"), s);
	}
	if (resource_account && strcmp(resource_account, acct) != 0)
		return;
	r->decision = POLICY_NO_MATCH;
	r->statement = -1;
	free(r->sid);
	r->sid = NULL;
	if (r->explanation) {
		const char *note = "\nno grant: the only matching Allow names the caller's account, which "
				   "delegates to the account's identity policies; within the account the "
				   "identity policy must allow too (F7.10)";
		char *e = xmalloc(strlen(r->explanation) + strlen(note) + 1);
		strcpy(e, r->explanation);
		strcat(e, note);
		free(r->explanation);
		r->explanation = e;
	}
}

/* The policy file, parsed and compiled, with its warnings (and errors) in diags. */
struct loaded {
	char *text;
	cJSON *doc;
	struct policy *pol;
	unsigned (*pos)[2];
	size_t npos;
};

static void loaded_free(struct loaded *l)
{
	policy_free(l->pol);
	cJSON_Delete(l->doc);
	free(l->text);
	free(l->pos);
}

/* Reads, parses and compiles file as kind_name (already checked); errors are
 * printed, located.  true when l->pol was compiled. */
static bool load_policy(const char *file, const char *kind_name, bool through_endpoint,
			struct loaded *l, struct diag_list *diags)
{
	struct policy_compile_opts copts = { .skip_lint = true };
	enum policy_kind kind = POLICY_KIND_RESOURCE;
	size_t len = 0;
	const char *err = NULL, *end = NULL;

	if (strcmp(kind_name, "identity") == 0) {
		kind = POLICY_KIND_IDENTITY;
	} else if (strcmp(kind_name, "endpoint") == 0) {
		kind = POLICY_KIND_ENDPOINT;
	} else if (strcmp(kind_name, "gateway-endpoint") == 0) {
		kind = POLICY_KIND_ENDPOINT;
		copts.gateway_endpoint = true;
	}
	l->text = read_file(file, POLICY_FILE_MAX, &len, &err);
	if (!l->text) {
		fputs("vpcpath: ", stderr);
		fputs_escaped(file, stderr);
		fprintf(stderr, ": cannot read: %s\n", err);
		return false;
	}
	if (strlen(l->text) != len) {
		unsigned line, col;
		offset_to_linecol(l->text, strlen(l->text), &line, &col);
		diag_add(diags, DIAG_ERROR, file, line, col, NULL, "invalid JSON: a NUL byte");
		diag_print(diags, stderr, 1);
		return false;
	}
	/* The length includes the terminating NUL: cJSON looks for it to reject
	 * trailing garbage. */
	l->doc = cJSON_ParseWithLengthOpts(l->text, len + 1, &end, 1);
	if (!l->doc) {
		unsigned line, col;
		size_t off = end && end >= l->text && end <= l->text + len ? (size_t)(end - l->text) : 0;
		offset_to_linecol(l->text, off, &line, &col);
		diag_add(diags, DIAG_ERROR, file, line, col, NULL,
			 off >= len ? "invalid JSON: the document ends early" : "invalid JSON");
		diag_print(diags, stderr, 1);
		return false;
	}
	if (strcmp(kind_name, "auto") == 0)
		kind = guess_kind(l->doc);
	l->npos = statement_positions(l->text, len, &l->pos);
	copts.text_len = utf8_chars(l->text, len);
	copts.statement_pos = (const unsigned (*)[2])l->pos;
	copts.nstatement_pos = l->npos;
	l->pol = policy_compile_ex(l->doc, kind, &copts, file, 1, 1, diags);
	if (!l->pol) {
		diag_print(diags, stderr, 1);
		return false;
	}
	struct policy_lint_opts lo = { .gateway_endpoint = copts.gateway_endpoint,
				       .through_endpoint = through_endpoint,
				       .text_len = copts.text_len,
				       .statement_pos = copts.statement_pos,
				       .nstatement_pos = copts.nstatement_pos };
	policy_lint(l->pol, &lo, file, 1, 1, diags);
	return true;
}

static int print_lint_json(const struct diag_list *diags)
{
	cJSON *o = cJSON_CreateObject();
	char *text = NULL;
	int rc = VPCPATH_EXIT_ERROR;
	if (!o)
		return rc;
	add_warnings(cJSON_AddArrayToObject(o, "warnings"), diags);
	text = cJSON_Print(o);
	if (text) {
		puts(text);
		rc = VPCPATH_EXIT_YES;
	}
	cJSON_free(text);
	cJSON_Delete(o);
	return rc;
}

static int policy_cmd(int argc, char **argv, bool lint)
{
	static const struct option longopts[] = {
		{ "policy", required_argument, NULL, 'p' },
		{ "action", required_argument, NULL, 'a' },
		{ "resource", required_argument, NULL, 'r' },
		{ "principal", required_argument, NULL, 'P' },
		{ "account", required_argument, NULL, OPT_ACCOUNT },
		{ "resource-account", required_argument, NULL, OPT_RESOURCE_ACCOUNT },
		{ "context", required_argument, NULL, 'c' },
		{ "kind", required_argument, NULL, OPT_KIND },
		{ "through-endpoint", no_argument, NULL, OPT_THROUGH_ENDPOINT },
		{ "format", required_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int rc = VPCPATH_EXIT_ERROR, opt;
	const char *file = NULL, *kind_name = "auto", *format = "text", *resource_account = NULL;
	const char *eval_only = NULL;
	struct policy_request req = { 0 };
	struct policy_context *ctx = policy_context_new();
	struct diag_list diags = { 0 };
	struct policy_result result = { .statement = -1 };
	struct loaded l = { 0 };
	char *kv = NULL;
	bool json = false, through_endpoint = false;

	subcommand = lint ? "lint" : "eval";
	/* glibc: 0 re-initialises getopt fully, whatever main() parsed before. */
	optind = 0;
	opterr = 0;
	while ((opt = getopt_long(argc, argv, ":p:a:r:P:c:f:h", longopts, NULL)) != -1) {
		switch (opt) {
		case 'p': file = optarg; break;
		case 'a': req.action = optarg; eval_only = "--action"; break;
		case 'r': req.resource = optarg; eval_only = "--resource"; break;
		case 'P': req.principal_arn = optarg; eval_only = "--principal"; break;
		case OPT_ACCOUNT: req.principal_account = optarg; eval_only = "--account"; break;
		case OPT_RESOURCE_ACCOUNT: resource_account = optarg; eval_only = "--resource-account"; break;
		case OPT_KIND: kind_name = optarg; break;
		case OPT_THROUGH_ENDPOINT: through_endpoint = true; break;
		case 'f': format = optarg; break;
		case 'c': {
			const char *eq = strchr(optarg, '=');
			eval_only = "--context";
			if (!eq || eq == optarg) {
				say_error("--context takes KEY=VALUE, not \"%s\"", optarg);
				goto out;
			}
			free(kv);
			kv = xstrdup(optarg);
			kv[eq - optarg] = '\0';
			/* a key given twice is multi-valued (F7.8, F7.11) */
			policy_context_add(ctx, kv, kv + (eq - optarg) + 1);
			break;
		}
		case 'h':
			usage(stdout);
			rc = VPCPATH_EXIT_YES;
			goto out;
		case ':':
			say_error("option %s needs a value", argv[optind - 1]);
			goto out;
		default:
			say_error("unknown option %s (see vpcpath policy --help)", argv[optind - 1]);
			goto out;
		}
	}
	if (optind < argc) {
		say_error("unexpected argument \"%s\"", argv[optind]);
		goto out;
	}
	if (lint && eval_only) {
		say_error("%s is for policy eval; lint reads only the policy", eval_only);
		goto out;
	}
	if (!file || (!lint && (!req.action || !req.resource))) {
		say_error(!file ? "--policy FILE is required"
			  : !req.action ? "--action ACTION is required"
					: "--resource ARN is required",
			  NULL);
		goto out;
	}
	if (strcmp(format, "json") == 0) {
		json = true;
	} else if (strcmp(format, "text") != 0) {
		say_error("--format must be text or json, not \"%s\"", format);
		goto out;
	}
	if (strcmp(kind_name, "identity") != 0 && strcmp(kind_name, "resource") != 0 &&
	    strcmp(kind_name, "endpoint") != 0 && strcmp(kind_name, "gateway-endpoint") != 0 &&
	    strcmp(kind_name, "auto") != 0) {
		say_error("--kind must be auto, identity, resource, endpoint or gateway-endpoint, not \"%s\"",
			  kind_name);
		goto out;
	}
	if (!load_policy(file, kind_name, through_endpoint, &l, &diags))
		goto out;

	if (lint) {
		if (json) {
			if (print_lint_json(&diags) != VPCPATH_EXIT_YES)
				goto out;
		} else {
			diag_print(&diags, stdout, 1);
		}
		rc = diags.len ? VPCPATH_EXIT_NO : VPCPATH_EXIT_YES;
		goto out;
	}
	req.context = ctx;
	policy_eval(l.pol, &req, &result);
	apply_delegation(&result, &req, resource_account);
	if (json) {
		if (print_json(&result, &diags) != VPCPATH_EXIT_YES)
			goto out;
	} else {
		print_text(&result, &diags);
	}
	rc = result.decision == POLICY_ALLOW ? VPCPATH_EXIT_YES : VPCPATH_EXIT_NO;
out:
	if (!outfile_stdout_flush())
		rc = VPCPATH_EXIT_ERROR;
	policy_result_clear(&result);
	loaded_free(&l);
	free(kv);
	policy_context_free(ctx);
	diag_list_clear(&diags);
	return rc;
}

int cmd_policy(int argc, char **argv)
{
	if (!cmd_args_safe(argc, argv))
		return VPCPATH_EXIT_ERROR;
	if (argc < 2) {
		fputs("vpcpath: policy: a subcommand is required (eval or lint)\n", stderr);
		usage(stderr);
		return VPCPATH_EXIT_ERROR;
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
	    strcmp(argv[1], "help") == 0) {
		usage(stdout);
		return VPCPATH_EXIT_YES;
	}
	if (strcmp(argv[1], "eval") != 0 && strcmp(argv[1], "lint") != 0) {
		fputs("vpcpath: policy: unknown subcommand \"", stderr);
		fputs_escaped(argv[1], stderr);
		fputs("\" (expected eval or lint)\n", stderr);
		return VPCPATH_EXIT_ERROR;
	}
	return policy_cmd(argc - 1, argv + 1, strcmp(argv[1], "lint") == 0);
}
