/* parallel.c - all_pairs' cells on several processes (check_options.jobs): forked
 * workers, their results written to temporary files and merged in order. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>
#ifdef __linux__
#include <sys/prctl.h>
#endif

#include "check-int.h"
#include "vpcpath/arena.h"
#include "vpcpath/util.h"

#define WORKER_MAGIC ((size_t)0x7670637061746831ull) /* "vpcpath1" */

/* ---- workers ----
 *
 * The cells are independent, so with several CPUs they are split into contiguous
 * ranges of groups: this process traces the first, forked workers the others (the
 * topology is shared copy-on-write; fork() rather than threads, so nothing in the
 * trace engine has to be thread-safe).  Each worker writes its cells, counts and
 * findings to a temporary file; they are merged in range order, so the report is the
 * same as one process's (the first occurrence of a finding stays its example).  A
 * worker that fails has its range traced here instead. */

static void put_bytes(FILE *f, const void *p, size_t n)
{
	fwrite(&n, sizeof(n), 1, f);
	if (n)
		fwrite(p, 1, n, f);
}

static void put_str(FILE *f, const char *s)
{
	size_t n = s ? strlen(s) + 1 : 0;  /* 0: NULL */
	fwrite(&n, sizeof(n), 1, f);
	if (n)
		fwrite(s, 1, n, f);
}

static void put_num(FILE *f, size_t v)
{
	fwrite(&v, sizeof(v), 1, f);
}

static bool get_num(FILE *f, size_t *v)
{
	return fread(v, sizeof(*v), 1, f) == 1;
}

/* A string read into the report's arena (*s NULL for a NULL string). */
/* The n bytes of a string put_str wrote (its NUL included), into arena a. */
static bool get_str_of(FILE *f, struct arena *a, size_t n, const char **s)
{
	if (n > (1u << 30))
		return false;
	char *buf = arena_alloc(a, n);
	if (fread(buf, 1, n, f) != n || buf[n - 1] != '\0')
		return false;
	*s = buf;
	return true;
}

static bool get_str(FILE *f, struct arena *a, const char **s)
{
	size_t n;
	if (!get_num(f, &n))
		return false;
	if (n == 0) {
		*s = NULL;
		return true;
	}
	return get_str_of(f, a, n, s);
}

/* A string as get_str reads it, interned: an outcome's reason and path, read for every
 * cell, are a few distinct words. */
static bool get_interned(FILE *f, struct run *run, const char **s)
{
	size_t n;
	char buf[256];
	if (!get_num(f, &n))
		return false;
	if (n == 0) {
		*s = NULL;
		return true;
	}
	if (n > sizeof(buf)) {
		if (!get_str_of(f, run->r->arena, n, s))
			return false;
		*s = intern(run, *s);
		return true;
	}
	if (fread(buf, 1, n, f) != n || buf[n - 1] != '\0')
		return false;
	*s = intern(run, buf);
	return true;
}

static void put_outcome(FILE *f, const struct check_outcome *o)
{
	unsigned char flags[8] = { o->error, o->cost_computed, o->rules_evaluated, o->compliant,
				   o->verdict_ok, o->path_ok, o->cost_ok, (unsigned char)o->verdict };
	fwrite(flags, 1, sizeof(flags), f);
	fwrite(&o->per_gb, sizeof(o->per_gb), 1, f);
	uint32_t bits[2] = { o->rules_failed, o->errors_failed };
	fwrite(bits, sizeof(bits[0]), 2, f);
	put_str(f, o->reason);
	put_str(f, o->path);
}

static bool get_outcome(FILE *f, struct run *run, struct check_outcome *o)
{
	unsigned char flags[8];
	uint32_t bits[2];
	if (fread(flags, 1, sizeof(flags), f) != sizeof(flags) ||
	    fread(&o->per_gb, sizeof(o->per_gb), 1, f) != 1 || fread(bits, sizeof(bits[0]), 2, f) != 2 ||
	    !get_interned(f, run, &o->reason) || !get_interned(f, run, &o->path))
		return false;
	o->error = flags[0];
	o->cost_computed = flags[1];
	o->rules_evaluated = flags[2];
	o->compliant = flags[3];
	o->verdict_ok = flags[4];
	o->path_ok = flags[5];
	o->cost_ok = flags[6];
	o->verdict = (enum trace_verdict)flags[7];
	o->rules_failed = bits[0];
	o->errors_failed = bits[1];
	return true;
}

/* In a worker: trace [g0, g1) and write everything it found to out. */
static bool worker(struct run *run, size_t g0, size_t g1, FILE *out)
{
	struct check_report *r = run->r;
	/* start from nothing: only what this range adds is sent */
	run->fkeys = bytemap_new();
	run->member_sets = bytemap_new();  /* its finding indices are this range's */
	run->member_findings = NULL;
	run->nmember_findings = run->capmember_findings = 0;
	run->f = NULL;
	run->acc = NULL;
	run->keys = NULL;
	run->nf = run->capf = 0;
	run->progress = false;
	struct check_rule_summary *before = xmalloc((r->nrules ? r->nrules : 1) * sizeof(*before));
	memcpy(before, r->rules, r->nrules * sizeof(*before));
	size_t passed = r->pairs_passed, failed = r->pairs_failed, traces = r->traces;
	size_t priced = r->pairs_priced;
	double per_gb = r->pairs_per_gb_sum;
	size_t *class_failed = xcalloc(r->nclasses ? r->nclasses : 1, sizeof(*class_failed));
	run_cells(run, g0, g1, class_failed);

	put_num(out, WORKER_MAGIC);
	put_num(out, r->pairs_passed - passed);
	put_num(out, r->pairs_failed - failed);
	put_num(out, r->traces - traces);
	put_num(out, r->pairs_priced - priced);
	per_gb = r->pairs_per_gb_sum - per_gb;
	fwrite(&per_gb, sizeof(per_gb), 1, out);
	for (size_t i = g0 * r->nclasses; r->cells && i < g1 * r->nclasses; i++)
		put_outcome(out, &r->cells[i]);
	for (size_t k = 0; k < r->nclasses; k++)
		put_num(out, class_failed[k]);
	for (size_t i = 0; i < r->nrules; i++) {
		put_num(out, r->rules[i].pass - before[i].pass);
		put_num(out, r->rules[i].fail - before[i].fail);
		put_num(out, r->rules[i].na - before[i].na);
	}
	put_num(out, run->nf);
	for (size_t i = 0; i < run->nf; i++) {
		const struct check_finding *f = &run->f[i];
		put_bytes(out, run->keys[i].p, run->keys[i].len);
		put_num(out, f->kind);
		put_str(out, f->rule_id);
		put_num(out, f->error);
		put_str(out, f->message);
		put_str(out, f->where);
		put_str(out, f->identity);
		put_str(out, f->fault);
		put_num(out, f->dest);
		put_num(out, f->pairs);
		put_num(out, f->groups);
		put_num(out, f->instances);
		put_num(out, f->destinations);
		put_str(out, f->example_from);
		put_str(out, f->example_to);
		put_str(out, f->trace_text);
		if (f->trace_doc) {  /* the tree stays here: its text goes to the merge */
			char *s = cJSON_PrintUnformatted(f->trace_doc);
			put_str(out, s);
			free(s);
		} else {
			put_str(out, f->trace_json);
		}
		const struct class_set *cs = &run->acc[i].classes;
		put_num(out, cs->n);
		for (size_t k = 0; k < cs->n; k++) {
			put_num(out, cs->r[k].lo);
			put_num(out, cs->r[k].hi);
		}
	}
	free(before);
	free(class_failed);
	return fflush(out) == 0 && !ferror(out);
}

/* The rule id as the report spells it (a static string). */
static const char *rule_name(const char *id)
{
	if (!id)
		return CHECK_RULE_ALL_PAIRS;
	if (!strcmp(id, CHECK_RULE_ALL_PAIRS))
		return CHECK_RULE_ALL_PAIRS;
	if (!strcmp(id, CHECK_RULE_ASSERTION))
		return CHECK_RULE_ASSERTION;
	int k = check_rule_index(id);
	return k >= 0 ? rules_builtin_ids[k] : CHECK_RULE_ALL_PAIRS;
}

/* In this process: merges a worker's file for [g0, g1).  false when it is unreadable
 * (nothing of it has been merged then: the counts and findings are read first into
 * temporary storage). */
static bool merge(struct run *run, size_t g0, size_t g1, FILE *in, size_t *class_failed)
{
	struct check_report *r = run->r;
	size_t magic, passed, failed, traces, priced, n;
	double per_gb;
	rewind(in);
	if (!get_num(in, &magic) || magic != WORKER_MAGIC || !get_num(in, &passed) ||
	    !get_num(in, &failed) || !get_num(in, &traces) || !get_num(in, &priced) ||
	    fread(&per_gb, sizeof(per_gb), 1, in) != 1)
		return false;
	size_t ncells = r->cells ? (g1 - g0) * r->nclasses : 0;
	struct check_outcome *cells = xcalloc(ncells + 1, sizeof(*cells));
	size_t *cf = xcalloc(r->nclasses + 1, sizeof(*cf));
	size_t *rc = xcalloc(r->nrules * 3 + 1, sizeof(*rc));
	bool ok = true;
	for (size_t i = 0; ok && i < ncells; i++)
		ok = get_outcome(in, run, &cells[i]);
	for (size_t k = 0; ok && k < r->nclasses; k++)
		ok = get_num(in, &cf[k]);
	for (size_t i = 0; ok && i < r->nrules * 3; i++)
		ok = get_num(in, &rc[i]);
	ok = ok && get_num(in, &n);
	/* the findings: read whole before any is merged */
	struct rec {
		struct check_finding f;
		const char *key;
		size_t klen;
		struct check_class_range *classes;
		size_t nclasses;
	} *recs = ok ? xcalloc(n + 1, sizeof(*recs)) : NULL;
	for (size_t i = 0; ok && i < n; i++) {
		struct rec *x = &recs[i];
		size_t kind = 0, error = 0, dest = 0;
		const char *rule = NULL;
		ok = get_num(in, &x->klen) && x->klen < (1u << 20);
		if (ok) {
			char *k = arena_alloc(r->arena, x->klen + 1);
			ok = fread(k, 1, x->klen, in) == x->klen;
			x->key = k;
		}
		ok = ok && get_num(in, &kind) && get_str(in, r->arena, &rule) && get_num(in, &error) &&
		     get_str(in, r->arena, &x->f.message) && get_str(in, r->arena, &x->f.where) &&
		     get_str(in, r->arena, &x->f.identity) && get_str(in, r->arena, &x->f.fault) && get_num(in, &dest) && get_num(in, &x->f.pairs) && get_num(in, &x->f.groups) &&
		     get_num(in, &x->f.instances) && get_num(in, &x->f.destinations) &&
		     get_str(in, r->arena, &x->f.example_from) && get_str(in, r->arena, &x->f.example_to) &&
		     get_str(in, r->arena, &x->f.trace_text) && get_str(in, r->arena, &x->f.trace_json) &&
		     get_num(in, &x->nclasses) && x->nclasses <= r->nclasses;
		if (ok) {
			/* sorted, disjoint ranges of destination groups, as class_set keeps them */
			x->classes = arena_alloc(r->arena, (x->nclasses + 1) * sizeof(*x->classes));
			for (size_t k = 0, end = 0; ok && k < x->nclasses; k++) {
				struct check_class_range *c = &x->classes[k];
				ok = get_num(in, &c->lo) && get_num(in, &c->hi) && c->lo >= end &&
				     c->lo < c->hi && c->hi <= r->nclasses;
				end = c->hi;
			}
		}
		if (!ok)
			break; /* a short or corrupt stream from a worker: nothing from it is used */
		x->f.kind = kind ? CHECK_RULE : CHECK_ASSERTION;
		x->f.rule_id = rule_name(rule);
		x->f.error = error != 0;
		x->f.dest = dest;
	}
	if (ok) {
		if (ncells)
			memcpy(&r->cells[g0 * r->nclasses], cells, ncells * sizeof(*cells));
		r->pairs_passed += passed;
		r->pairs_failed += failed;
		r->traces += traces;
		r->pairs_priced += priced;
		r->pairs_per_gb_sum += per_gb;
		run->done += traces;
		for (size_t k = 0; k < r->nclasses; k++)
			class_failed[k] += cf[k];
		for (size_t i = 0; i < r->nrules; i++) {
			r->rules[i].pass += rc[i * 3];
			r->rules[i].fail += rc[i * 3 + 1];
			r->rules[i].na += rc[i * 3 + 2];
		}
		for (size_t i = 0; i < n; i++) {
			struct rec *x = &recs[i];
			bool added;
			struct check_finding *f = finding(run, x->key, x->klen, &added);
			struct finding_acc *acc = &run->acc[f - run->f];
			acc->all_pairs = true;
			if (added) {
				*f = x->f;
				for (size_t k = 0; k < x->nclasses; k++)
					for (size_t c = x->classes[k].lo; c < x->classes[k].hi; c++)
						class_set_add(&acc->classes, c);
				continue;
			}
			f->pairs += x->f.pairs;
			f->groups += x->f.groups;
			f->instances += x->f.instances;
			for (size_t k = 0; k < x->nclasses; k++)
				for (size_t c = x->classes[k].lo; c < x->classes[k].hi; c++)
					if (class_set_add(&acc->classes, c) && !f->dest)
						f->destinations += r->class_members[c];
		}
	}
	free(recs);
	free(cells);
	free(cf);
	free(rc);
	return ok;
}

static size_t jobs(const struct run *run)
{
	long n = run->o->jobs;
	if (n <= 0) {
		n = sysconf(_SC_NPROCESSORS_ONLN);
		if (n > 8)
			n = 8;
	}
	return n < 1 ? 1 : (size_t)n;
}

/* A worker must not outlive the process that forked it: a CI job that times out
 * kills vpcpath, and its workers would go on tracing (and holding memory) unseen.
 * Linux kills the worker when the parent dies; elsewhere a timer looks every second.
 * Either way a parent that died before this ran is seen at once (getppid). */
#ifndef __linux__
static volatile pid_t worker_parent;

static void exit_if_orphaned(int sig)
{
	(void)sig;
	if (getppid() != worker_parent)
		_exit(1);
}
#endif

static void die_with_parent(pid_t parent)
{
#ifdef __linux__
	prctl(PR_SET_PDEATHSIG, SIGKILL);
#else
	worker_parent = parent;
	struct sigaction sa = { .sa_handler = exit_if_orphaned, .sa_flags = SA_RESTART };
	sigemptyset(&sa.sa_mask);
	struct itimerval every_second = { { 1, 0 }, { 1, 0 } };
	if (sigaction(SIGALRM, &sa, NULL) == 0)
		setitimer(ITIMER_REAL, &every_second, NULL);
#endif
	if (getppid() != parent)
		_exit(1);
}

void run_cells_parallel(struct run *run, size_t *class_failed)
{
	struct check_report *r = run->r;
	size_t w = jobs(run);
	/* a worker is worth its fork for a few hundred traces */
	if (w > r->ngroups)
		w = r->ngroups;
	if (w > 1 && r->ngroups * r->nclasses < 512 && run->o->jobs <= 0)
		w = 1;
	if (w <= 1) {
		run_cells(run, 0, r->ngroups, class_failed);
		return;
	}
	size_t *bound = xcalloc(w + 1, sizeof(*bound));
	pid_t *pid = xcalloc(w, sizeof(*pid));
	FILE **tmp = xcalloc(w, sizeof(*tmp));
	for (size_t i = 0; i <= w; i++)
		bound[i] = r->ngroups * i / w;
	fflush(stdout);
	fflush(stderr);
	pid_t self = getpid();
	for (size_t i = 1; i < w; i++) {
		pid[i] = -1;
		tmp[i] = tmpfile();
		if (!tmp[i])
			continue;
		pid[i] = fork();
		if (pid[i] == 0) {
			die_with_parent(self);
			_exit(worker(run, bound[i], bound[i + 1], tmp[i]) ? 0 : 1);
		}
	}
	run->total_scale = w;
	run_cells(run, bound[0], bound[1], class_failed);
	run->total_scale = 1;
	for (size_t i = 1; i < w; i++) {
		int status = 0;
		bool ok = pid[i] > 0 && waitpid(pid[i], &status, 0) == pid[i] && WIFEXITED(status) &&
			  WEXITSTATUS(status) == 0;
		if (!ok || !merge(run, bound[i], bound[i + 1], tmp[i], class_failed))
			run_cells(run, bound[i], bound[i + 1], class_failed);  /* do it here */
		if (tmp[i])
			fclose(tmp[i]);
	}
	free(bound);
	free(pid);
	free(tmp);
}
