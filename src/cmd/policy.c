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
	      "                           [--context KEY=VALUE]...\n"
	      "                           [--kind auto|identity|resource|endpoint|gateway-endpoint]\n"
	      "                           [-f text|json]\n"
	      "\n"
	      "Evaluates one request against an IAM policy (JSON) and prints the decision,\n"
	      "the deciding statement (numbered from 1) and why each statement did or did\n"
	      "not match.\n"
	      "\n"
	      "  -p, --policy FILE      the policy document; - reads stdin\n"
	      "  -a, --action ACTION    e.g. s3:GetObject\n"
	      "  -r, --resource ARN     e.g. arn:aws:s3:::bucket/key\n"
	      "  -P, --principal ARN    the caller; omit for an anonymous request\n"
	      "      --account ID       the caller's account (default: from --principal)\n"
	      "  -c, --context K=V      a request context key; repeat a key for several\n"
	      "                         values (e.g. aws:SourceVpce=vpce-1a2b3c4d)\n"
	      "      --kind KIND        how to read the policy (default auto: resource when\n"
	      "                         a statement has a Principal, else identity)\n"
	      "  -f, --format FORMAT    text (default) or json\n"
	      "  -h, --help             this text\n"
	      "\n"
	      "Exit status: 0 allowed, 1 denied (explicit or implicit), 2 error.\n",
	      f);
}

static void say_error(const char *fmt, const char *arg)
{
	fputs("vpcpath: policy eval: ", stderr);
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

enum { OPT_ACCOUNT = 256, OPT_KIND };

static int policy_eval_cmd(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "policy", required_argument, NULL, 'p' },
		{ "action", required_argument, NULL, 'a' },
		{ "resource", required_argument, NULL, 'r' },
		{ "principal", required_argument, NULL, 'P' },
		{ "account", required_argument, NULL, OPT_ACCOUNT },
		{ "context", required_argument, NULL, 'c' },
		{ "kind", required_argument, NULL, OPT_KIND },
		{ "format", required_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int rc = VPCPATH_EXIT_ERROR, opt;
	const char *file = NULL, *kind_name = "auto", *format = "text";
	struct policy_request req = { 0 };
	struct policy_context *ctx = policy_context_new();
	struct diag_list diags = { 0 };
	struct policy_result result = { .statement = -1 };
	struct policy *pol = NULL;
	cJSON *doc = NULL;
	char *text = NULL, *kv = NULL;
	bool json = false;
	enum policy_kind kind = POLICY_KIND_RESOURCE;
	struct policy_compile_opts copts = { 0 };

	/* glibc: 0 re-initialises getopt fully, whatever main() parsed before. */
	optind = 0;
	opterr = 0;
	while ((opt = getopt_long(argc, argv, ":p:a:r:P:c:f:h", longopts, NULL)) != -1) {
		switch (opt) {
		case 'p': file = optarg; break;
		case 'a': req.action = optarg; break;
		case 'r': req.resource = optarg; break;
		case 'P': req.principal_arn = optarg; break;
		case OPT_ACCOUNT: req.principal_account = optarg; break;
		case OPT_KIND: kind_name = optarg; break;
		case 'f': format = optarg; break;
		case 'c': {
			const char *eq = strchr(optarg, '=');
			if (!eq || eq == optarg) {
				say_error("--context takes KEY=VALUE, not \"%s\"", optarg);
				goto out;
			}
			free(kv);
			kv = xstrdup(optarg);
			kv[eq - optarg] = '\0';
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
	if (!file || !req.action || !req.resource) {
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
	if (strcmp(kind_name, "identity") == 0) {
		kind = POLICY_KIND_IDENTITY;
	} else if (strcmp(kind_name, "resource") == 0) {
		kind = POLICY_KIND_RESOURCE;
	} else if (strcmp(kind_name, "endpoint") == 0) {
		kind = POLICY_KIND_ENDPOINT;
	} else if (strcmp(kind_name, "gateway-endpoint") == 0) {
		kind = POLICY_KIND_ENDPOINT;
		copts.gateway_endpoint = true;
	} else if (strcmp(kind_name, "auto") != 0) {
		say_error("--kind must be auto, identity, resource, endpoint or gateway-endpoint, not \"%s\"",
			  kind_name);
		goto out;
	}

	size_t len = 0;
	const char *err = NULL;
	text = read_file(file, POLICY_FILE_MAX, &len, &err);
	if (!text) {
		fputs("vpcpath: ", stderr);
		fputs_escaped(file, stderr);
		fprintf(stderr, ": cannot read: %s\n", err);
		goto out;
	}
	const char *end = NULL;
	if (strlen(text) != len) {
		unsigned line, col;
		offset_to_linecol(text, strlen(text), &line, &col);
		diag_add(&diags, DIAG_ERROR, file, line, col, NULL, "invalid JSON: a NUL byte");
		diag_print(&diags, stderr, 1);
		goto out;
	}
	/* The length includes the terminating NUL: cJSON looks for it to reject
	 * trailing garbage. */
	doc = cJSON_ParseWithLengthOpts(text, len + 1, &end, 1);
	if (!doc) {
		unsigned line, col;
		size_t off = end && end >= text && end <= text + len ? (size_t)(end - text) : 0;
		offset_to_linecol(text, off, &line, &col);
		diag_add(&diags, DIAG_ERROR, file, line, col, NULL,
			 off >= len ? "invalid JSON: the document ends early" : "invalid JSON");
		diag_print(&diags, stderr, 1);
		goto out;
	}
	if (strcmp(kind_name, "auto") == 0)
		kind = guess_kind(doc);
	copts.text_len = utf8_chars(text, len);
	pol = policy_compile_ex(doc, kind, &copts, file, 1, 1, &diags);
	if (!pol) {
		diag_print(&diags, stderr, 1);
		goto out;
	}

	req.context = ctx;
	policy_eval(pol, &req, &result);
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
	policy_free(pol);
	cJSON_Delete(doc);
	free(text);
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
		fputs("vpcpath: policy: a subcommand is required (eval)\n", stderr);
		usage(stderr);
		return VPCPATH_EXIT_ERROR;
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
	    strcmp(argv[1], "help") == 0) {
		usage(stdout);
		return VPCPATH_EXIT_YES;
	}
	if (strcmp(argv[1], "eval") != 0) {
		fputs("vpcpath: policy: unknown subcommand \"", stderr);
		fputs_escaped(argv[1], stderr);
		fputs("\" (expected eval)\n", stderr);
		return VPCPATH_EXIT_ERROR;
	}
	return policy_eval_cmd(argc - 1, argv + 1);
}
