/* import.c - `vpcpath import aws`: a directory of AWS CLI JSON -> topology YAML.
 *
 * Three passes, so that every reference in the output resolves:
 *   1. read (read.c): walk the directory, parse every *.json and file each resource
 *      under its kind by the file's top-level key (never its name);
 *   2. decide (decide.c and the per-kind files): sort each kind by id, drop duplicates
 *      (first file wins), and decide what is kept: what AWS reports as gone
 *      (terminated, deleted, failed) is skipped, and what hangs off something that is
 *      not in the snapshot is dropped, with a warning;
 *   3. emit (here, yaml_out.c and the per-kind files): write the topology (topology.md)
 *      with libyaml's emitter, every list by id.
 * The state shared by the passes is in internal.h.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "internal.h"
#include "vpcpath/origins.h"

static void free_out(struct out *o)
{
	for (size_t i = 0; o->ep_tables && i < o->I->l[RK_EP].n; i++)
		free(o->ep_tables[i].ids);
	free(o->ep_tables);
	free(o->sub_rtb);
	free(o->sub_acl);
	free(o->addrs);
}

static char *emit_all(struct imp *I, struct pls *P, struct tgwatts *A, size_t *len)
{
	struct yem y;
	memset(&y, 0, sizeof(y));
	struct out o = { .I = I, .y = &y, .P = P, .A = A };
	subnet_associations(I, &o);
	gateway_endpoint_tables(&o);
	static const char header[] =
		"# vpcpath topology imported from AWS CLI output by 'vpcpath import aws'.\n"
		"# Local routes and gateway-endpoint routes are implicit (vpcpath-topology(5)).\n";
	if (I->header)
		ybuf_write(&y.out, (unsigned char *)I->header, strlen(I->header));
	else
		ybuf_write(&y.out, (unsigned char *)header, sizeof(header) - 1);
	if (!yaml_emitter_initialize(&y.e)) {
		free_out(&o);
		free(y.out.p);
		return NULL;
	}
	yaml_emitter_set_output(&y.e, ybuf_write, &y.out);
	yaml_emitter_set_unicode(&y.e, 1);
	yaml_emitter_set_width(&y.e, -1);
	yaml_emitter_set_indent(&y.e, 2);
	yaml_event_t ev;
	y_event(&y, &ev, yaml_stream_start_event_initialize(&ev, YAML_UTF8_ENCODING));
	y_event(&y, &ev, yaml_document_start_event_initialize(&ev, NULL, NULL, NULL, 1));
	y_map(&y, false);
	y_klong(&y, "version", 1);
	y_kstr(&y, "region", I->region);
	y_kstr(&y, "account", I->account);
	emit_prefix_lists(&o);
	emit_azs(&o);
	size_t nv = 0;
	for (size_t i = 0; i < I->l[RK_VPC].n; i++)
		nv += I->l[RK_VPC].v[i].keep;
	y_str(&y, "vpcs");
	y_seq(&y, false);
	for (size_t i = 0; i < I->l[RK_VPC].n; i++)
		if (I->l[RK_VPC].v[i].keep)
			emit_vpc(&o, &I->l[RK_VPC].v[i]);
	y_send(&y);
	emit_buckets(&o, RK_BUCKET, RK_BUCKET_POLICY, RK_BUCKET_LOC, "s3", "bucket");
	emit_buckets(&o, RK_TABLE, RK_TABLE_POLICY, RK_COUNT, "dynamodb", "table");
	emit_roles(&o);
	emit_vpns(&o);
	emit_peerings(&o);
	emit_tgws(&o);
	flush_group_refs(I);
	flush_assumed_roles(I);
	emit_missing(&o);
	y_mend(&y);
	y_event(&y, &ev, yaml_document_end_event_initialize(&ev, 1));
	y_event(&y, &ev, yaml_stream_end_event_initialize(&ev));
	if (!y.failed && !yaml_emitter_flush(&y.e))
		y.failed = true;
	if (y.failed)
		diag_add(I->diags, DIAG_ERROR, I->root, 0, 0, NULL, "writing YAML failed: %s",
			 y.e.problem ? y.e.problem : "libyaml emitter error");
	yaml_emitter_delete(&y.e);
	free_out(&o);
	if (!nv)
		imp_warn(I, NULL, NULL, "no VPCs in %s (%s): there is nothing to trace from",
			 I->input_name ? I->input_name : "the snapshot", I->input_name ?
			 "no aws_vpc, aws_default_vpc or data aws_vpc with a CIDR known before apply" :
			 "no aws ec2 describe-vpcs output");
	if (y.failed) {
		free(y.out.p);
		return NULL;
	}
	*len = y.out.len;
	return y.out.p;
}

/* The safety net: what the import writes must load.  Every check above is there so
 * that it does; if it still does not, the import fails (a user never gets a topology
 * that vpcpath refuses) and the loader's errors are quoted, as a bug to report.  The
 * diag code "import-unloadable" tells fuzz_import that a check above is missing. */
static void check_loads(struct imp *I, const char *text, size_t len)
{
	static const char name[] = "imported.yaml";
	struct diag_list d = { 0 };
	struct topology *t = topo_load_buffer(name, I->root, text, len, NULL, &d);
	if (!t) {
		size_t n = 0;
		for (size_t i = 0; i < d.len; i++) {
			const struct diag *x = &d.items[i];
			if (x->severity != DIAG_ERROR)
				continue;
			if (++n > 10) {
				diag_add(I->diags, DIAG_ERROR, I->root, 0, 0, "import-unloadable",
					 "the imported topology would not load: %zu more errors", d.errors - 10);
				break;
			}
			diag_add(I->diags, DIAG_ERROR, I->root, 0, 0, "import-unloadable",
				 "the imported topology would not load: %s:%u:%u: %s; this is a vpcpath "
				 "bug, please report it", x->file ? x->file : name, x->line, x->col,
				 x->message);
		}
		if (!n)
			diag_add(I->diags, DIAG_ERROR, I->root, 0, 0, "import-unloadable", "the imported "
				 "topology would not load; this is a vpcpath bug, please report it");
	}
	topo_free(t);
	diag_list_clear(&d);
}

/* Frees what f holds of its file (its text, tree and indexes); f stays, empty. */
static void release_src(struct src *f)
{
	if (f->arena)
		json_arena_free(f->arena);
	else
		cJSON_Delete(f->root);
	f->arena = NULL;
	free(f->strs);
	free(f->lines);
	free(f->ptrs);
	free(f->text);
	f->root = NULL;
	f->strs = NULL;
	f->lines = NULL;
	f->ptrs = NULL;
	f->text = NULL;
	f->len = f->nstrs = f->capstrs = f->nlines = f->nptrs = f->capptrs = 0;
	f->indexed = f->ptrs_built = false;
}

char *import_aws_dir(const char *dir, struct diag_list *diags, size_t *len)
{
	return import_aws_dir_located(dir, diags, len, NULL);
}

char *import_aws_dir_located(const char *dir, struct diag_list *diags, size_t *len,
			     struct import_origins **origins)
{
	struct imp I;
	memset(&I, 0, sizeof(I));
	I.diags = diags;
	I.origins_out = origins;
	if (origins)
		*origins = NULL;
	char *root = xstrdup(dir && *dir ? dir : ".");
	for (size_t n = strlen(root); n > 1 && root[n - 1] == '/'; n--)
		root[n - 1] = '\0';
	I.root = root;
	I.aws_cli_reader = true;
	size_t errors_before = diags->errors;
	char *text = NULL;
	struct stat st;
	*len = 0;
	if (stat(root, &st) != 0) {
		diag_add(diags, DIAG_ERROR, root, 0, 0, NULL, "cannot read the snapshot directory: %s",
			 strerror(errno));
		goto out;
	}
	if (!S_ISDIR(st.st_mode)) {
		diag_add(diags, DIAG_ERROR, root, 0, 0, NULL, "not a directory: import aws reads a "
			 "directory of AWS CLI JSON output (see scripts/vpcpath-snapshot)");
		goto out;
	}
	I.root_real = realpath(root, NULL);
	if (!I.root_real) {
		diag_add(diags, DIAG_ERROR, root, 0, 0, NULL, "cannot read the snapshot directory: %s",
			 strerror(errno));
		goto out;
	}
	dir_first_visit(&I, &st);
	walk_snapshot(&I, root, "", 0);
	if (diags->errors > errors_before)
		goto out;
	if (!I.nfiles) {
		diag_add(diags, DIAG_ERROR, root, 0, 0, NULL, "no .json files in the directory "
			 "(expected the output of AWS CLI commands, e.g. aws ec2 describe-vpcs > "
			 "vpcs.json; scripts/vpcpath-snapshot collects them all)");
		goto out;
	}
	for (size_t i = 0; i < I.nfiles; i++) {
		struct src *f = I.files[i];
		if (parse_file(&I, f))
			classify(&I, f);
		/* nothing of it is read (not AWS CLI output, output vpcpath does not use,
		 * invalid): its text and tree go now, not at the end (issue 15 item 2) */
		if (!f->kinds)
			release_src(f);
	}
	if (diags->errors > errors_before)
		goto out;
	if (!I.recognised) {
		diag_add(diags, DIAG_ERROR, root, 0, 0, NULL, "none of the %zu .json files holds AWS "
			 "CLI output that vpcpath reads (Vpcs, Subnets, RouteTables, …)", I.nfiles);
		goto out;
	}
	text = import_decide_emit(&I, errors_before, len);
out:
	imp_release(&I);
	free(root);
	return text;
}

char *import_decide_emit(struct imp *I, size_t errors_before, size_t *len)
{
	struct pls P = { 0 };
	struct tgwatts A = { 0 };
	decide_all(I);
	build_pls(I, &P);
	mark_pl_references(I, &P);
	check_pls(I, &P);
	build_tgwatts(I, &A);
	decide_tgws(I, &A);
	decide_vpns(I, &A);
	char *text = emit_all(I, &P, &A, len);
	if (text && I->diags->errors == errors_before)
		check_loads(I, text, *len);
	if (I->diags->errors > errors_before) {
		free(text);
		text = NULL;
		*len = 0;
	}
	if (text && I->origins_out)
		*I->origins_out = origins_build(I, text, *len);
	free(P.v);
	free(A.v);
	return text;
}

void imp_release(struct imp *I)
{
	for (size_t i = 0; i < I->nfiles; i++) {
		release_src(I->files[i]);
		free(I->files[i]->path);
		free(I->files[i]->rel);
		free(I->files[i]);
	}
	free(I->files);
	for (int k = 0; k < RK_COUNT; k++) {
		free(I->l[k].v);
		free(I->by_vpc[k].v);
	}
	for (size_t i = 0; I->nets && i < I->l[RK_VPC].n; i++)
		free(I->nets[i].p);
	free(I->nets);
	free(I->sgrules_by_group.v);
	free(I->inst_by_subnet.v);
	free(I->declared_enis);
	free(I->endpoint_enis);
	free(I->missing);
	free(I->missing_slots);
	free(I->grouprefs);
	free(I->assumed);
	free(I->visited);
	free(I->root_real);
	for (size_t i = 0; i < I->nowned; i++)
		cJSON_Delete(I->owned[i]);
	free(I->owned);
	for (size_t i = 0; i < I->npool; i++)
		free(I->pool[i]);
	free(I->pool);
}
