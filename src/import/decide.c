/* decide.c - pass 2 of `vpcpath import aws`: sort each kind by id, drop duplicates
 * (first file wins), scope resources to the VPCs of the snapshot, decide the regions,
 * and say what the snapshot did not collect.  The per-kind decisions are in vpc.c,
 * gateways.c, instances.c, transit.c and prefix_lists.c. */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "internal.h"
#include "vpcpath/map.h"

/* Each VPC-scoped kind: the VPC by VpcId; items of VPCs not in the snapshot are dropped
 * with one warning per VPC and kind. */
static void scope_to_vpcs(struct imp *I, enum rk k)
{
	I->by_vpc[k] = group_by(I, k, "VpcId");
	struct group *g = &I->by_vpc[k];
	for (size_t i = 0; i < g->n;) {
		size_t j = i;
		while (j < g->n && !strcmp(g->v[j].key, g->v[i].key))
			j++;
		int v = vpc_index(I, g->v[i].key);
		for (size_t m = i; m < j; m++) {
			g->v[m].r->vpc = v;
			if (v < 0)
				g->v[m].r->keep = false;
		}
		if (v < 0)
			imp_warn(I, g->v[i].r->f, g->v[i].r->id, "%s is not in %s (%s): %zu %s%s of it "
				 "skipped", g->v[i].key, I->input_name ? I->input_name : "the snapshot",
				 I->input_name ? "no aws_vpc or data aws_vpc of it, or its CIDR is known "
				 "only after apply" : "no describe-vpcs output lists it", j - i, rk_what[k],
				 j - i == 1 ? "" : "s");
		i = j;
	}
	/* an item without a VpcId */
	struct reslist *l = &I->l[k];
	for (size_t i = 0; i < l->n; i++)
		if (!jstr(l->v[i].j, "VpcId") && k != RK_INST) {
			l->v[i].keep = false;
			imp_warn(I, l->v[i].f, l->v[i].id, "%s %s has no VpcId; skipped", rk_what[k],
				 l->v[i].id);
		}
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The string most of v holds (NULLs aside; a tie goes to the first in byte order), by
 * sorting a copy: an account of many VPCs must not compare each with every other. */
static const char *most_common(const char **v, size_t n)
{
	const char **sorted = xmalloc((n + 1) * sizeof(*sorted));
	size_t m = 0;
	for (size_t i = 0; i < n; i++)
		if (v[i])
			sorted[m++] = v[i];
	qsort(sorted, m, sizeof(*sorted), cmp_str);
	const char *best = NULL;
	size_t best_n = 0;
	for (size_t i = 0, j; i < m; i = j) {
		for (j = i + 1; j < m && !strcmp(sorted[j], sorted[i]); j++)
			;
		if (j - i > best_n) {
			best = sorted[i];
			best_n = j - i;
		}
	}
	free(sorted);
	return best;
}

/* describe-availability-zones: the zone ids are written (availability_zones) and the
 * regions decide the topology's. */
static void check_azs(struct imp *I)
{
	for (size_t i = 0; i < I->l[RK_AZ].n; i++) {
		struct res *z = &I->l[RK_AZ].v[i];
		const char *id = jstr(z->j, "ZoneId"), *r = jstr(z->j, "RegionName");
		if (id && !is_az_id(id))
			imp_error(I, z->f, id, "availability zone %s: ZoneId '%s' is not an AZ id (like "
				  "use1-az4)", z->id, id);
		check_region(I, z->f, pool_printf(I, "availability zone %s: RegionName", z->id), r);
	}
}

static void decide_regions(struct imp *I)
{
	/* a file's region: a folder named after one, else the AZ file beside it (the first
	 * zone with a RegionName in the folder's AZ output), by folder: an account's
	 * snapshot may have hundreds of folders, each with its files and its zones */
	for (size_t i = 0; i < I->nfiles; i++)
		file_region(I, I->files[i]);
	struct bytemap *zone_of_folder = bytemap_new();
	for (size_t k = 0; k < I->l[RK_AZ].n; k++) {
		const struct src *z = I->l[RK_AZ].v[k].f;
		const char *zs = strrchr(z->rel, '/');
		if (jstr(I->l[RK_AZ].v[k].j, "RegionName"))
			bytemap_get_or_add(zone_of_folder, z->rel, zs ? (size_t)(zs - z->rel) : 0, k,
					   NULL);
	}
	for (size_t i = 0; i < I->nfiles; i++) {
		struct src *f = I->files[i];
		const char *slash = strrchr(f->rel, '/');
		size_t k;
		if (!f->region && bytemap_find(zone_of_folder, f->rel,
					       slash ? (size_t)(slash - f->rel) : 0, &k))
			f->region = jstr(I->l[RK_AZ].v[k].j, "RegionName");
	}
	bytemap_free(zone_of_folder);
	struct reslist *vl = &I->l[RK_VPC];
	const char **regions = xcalloc(vl->n + I->nfiles + 1, sizeof(char *));
	for (size_t i = 0; i < vl->n; i++) {
		struct res *v = &vl->v[i];
		if (!v->aux) {
			size_t n;
			struct gent *s = group_get(&I->by_vpc[RK_SUBNET], v->id, &n);
			for (size_t k = 0; k < n && !v->aux; k++)
				v->aux = az_region(I, jstr(s[k].r->j, "AvailabilityZone"));
		}
		if (!v->aux) {
			size_t n;
			struct gent *e = group_get(&I->by_vpc[RK_EP], v->id, &n);
			const char *svc;
			for (size_t k = 0; k < n && !v->aux; k++)
				if (!aws_service(jstr(e[k].r->j, "ServiceName"), &svc, &v->aux, I))
					v->aux = NULL;
		}
		if (!v->aux)
			v->aux = v->f->region;
		regions[i] = v->aux;
	}
	I->region = most_common(regions, vl->n);
	if (!I->region) {
		for (size_t i = 0; i < I->nfiles; i++)
			regions[i] = I->files[i]->region;
		I->region = most_common(regions, I->nfiles);
	}
	free(regions);
	if (!I->region) {
		I->region = "us-east-1";
		imp_warn(I, NULL, NULL, "no region found in %s (%s, no availability zones); "
			 "assuming us-east-1", I->input_name ? I->input_name : "the snapshot",
			 I->input_name ? "no region in the aws provider's configuration" :
			 "no folder named after one");
	}
	const char **owners = xcalloc(vl->n + 1, sizeof(char *));
	for (size_t i = 0; i < vl->n; i++)
		if (!jget(vl->v[i].j, "vpcpath:stub"))
			owners[i] = jstr(vl->v[i].j, "OwnerId");
	I->account = most_common(owners, vl->n);
	free(owners);
}

static size_t hash_str(size_t h, const char *s)
{
	for (; s && *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211u;
	return (h ^ (s ? 0xff : 0)) * 1099511628211u; /* NULL and "" differ */
}

static size_t missing_hash(const char *kind, const char *scope, const char *value)
{
	return hash_str(hash_str(hash_str(14695981039346656037u, kind), scope), value);
}

static bool same_or_null(const char *a, const char *b)
{
	return a == b || (a && b && !strcmp(a, b));
}

/* Rebuilt at twice the size when half full. */
static void missing_index_grow(struct imp *I)
{
	free(I->missing_slots);
	I->nmissing_slots = I->nmissing_slots ? 2 * I->nmissing_slots : 64;
	I->missing_slots = xcalloc(I->nmissing_slots, sizeof(*I->missing_slots));
	for (size_t i = 0; i < I->nmissing; i++) {
		struct missing *m = &I->missing[i];
		size_t k = missing_hash(m->kind, m->scope, m->value) & (I->nmissing_slots - 1);
		while (I->missing_slots[k])
			k = (k + 1) & (I->nmissing_slots - 1);
		I->missing_slots[k] = i + 1;
	}
}

void note_missing(struct imp *I, const char *kind, const char *scope, const char *value)
{
	/* (looked up by hash: a reader may note one per VPC or per group of thousands) */
	if (2 * (I->nmissing + 1) > I->nmissing_slots)
		missing_index_grow(I);
	size_t k = missing_hash(kind, scope, value) & (I->nmissing_slots - 1);
	for (; I->missing_slots[k]; k = (k + 1) & (I->nmissing_slots - 1)) {
		struct missing *m = &I->missing[I->missing_slots[k] - 1];
		if (!strcmp(m->kind, kind) && same_or_null(m->scope, scope) &&
		    same_or_null(m->value, value))
			return;
	}
	if (I->nmissing == I->capmissing)
		I->missing = xrealloc(I->missing, (I->capmissing = I->capmissing ?
				      2 * I->capmissing : 16) * sizeof(*I->missing));
	I->missing[I->nmissing] = (struct missing){ .kind = kind, .scope = scope, .value = value };
	I->missing_slots[k] = ++I->nmissing;
}

bool missing_listed(const struct imp *I, const char *kind, const char *scope, const char *value)
{
	if (!I->nmissing_slots)
		return false;
	size_t k = missing_hash(kind, scope, value) & (I->nmissing_slots - 1);
	for (; I->missing_slots[k]; k = (k + 1) & (I->nmissing_slots - 1)) {
		const struct missing *m = &I->missing[I->missing_slots[k] - 1];
		if (!strcmp(m->kind, kind) && same_or_null(m->scope, scope) &&
		    same_or_null(m->value, value))
			return true;
	}
	return false;
}

bool missing_plan_unknown(const struct imp *I, const char *kind, const char *scope,
			  const char *value)
{
	for (size_t i = 0; i < I->nmissing; i++) {
		const struct missing *m = &I->missing[i];
		if (m->plan_unknown && !strcmp(m->kind, kind) && m->scope &&
		    !strcmp(m->scope, scope) && m->value && !strcmp(m->value, value))
			return true;
	}
	return false;
}

/* The describe outputs a trace reads, each as the missing: list names it (F9.7). */
static const struct {
	enum rk k;
	const char *kind, *what, *cmd;
	bool per_vpc;  /* every VPC has one in AWS (a main route table, a default group…):
	                * a VPC the output does not cover is missing it too */
} outputs[] = {
	{ RK_SUBNET, "subnets", "subnets", "ec2 describe-subnets", false },
	{ RK_RTB, "route_tables", "route tables", "ec2 describe-route-tables", true },
	{ RK_IGW, "internet_gateways", "internet gateways", "ec2 describe-internet-gateways", false },
	{ RK_NAT, "nat_gateways", "NAT gateways", "ec2 describe-nat-gateways", false },
	{ RK_EP, "endpoints", "VPC endpoints", "ec2 describe-vpc-endpoints", false },
	{ RK_SG, "security_groups", "security groups", "ec2 describe-security-groups", true },
	{ RK_NACL, "network_acls", "network ACLs", "ec2 describe-network-acls", true },
	{ RK_INST, "instances", "instances", "ec2 describe-instances", false },
};

/* What an absent output does: missing: says so, and the loader and tracer take it from
 * there. */
static const char missing_effect[] = "a trace that depends on it ends ambiguous, "
				     "MISSING_DATA (F9.7)";

/* The VPCs that lack a kind for one reason: the first few are named. */
#define LACKING_NAMED 3
struct vpcs_lacking {
	const char *advice;
	struct res *first[LACKING_NAMED];
	size_t n;
};

/* One warning for the VPCs of l, at the first one: "no network ACLs of 100 VPCs in
 * the snapshot (vpc-1, vpc-2, vpc-3 and 97 more; aws ec2 describe-network-acls
 * output missing?): …". */
static void warn_lacking(struct imp *I, const char *what, const char *input,
			 const struct vpcs_lacking *l)
{
	struct res *v = l->first[0];
	if (l->n == 1) {
		imp_warn(I, v->f, v->id, "no %s of %s in %s (%s): %s", what, v->id, input,
			 l->advice, missing_effect);
		return;
	}
	char names[3 * 96] = "";
	size_t used = 0, shown = l->n < LACKING_NAMED ? l->n : LACKING_NAMED;
	for (size_t k = 0; k < shown && used < sizeof(names); k++)
		used += (size_t)snprintf(names + used, sizeof(names) - used, "%s%.80s",
					 k ? ", " : "", l->first[k]->id);
	if (l->n > shown)
		imp_warn(I, v->f, v->id, "no %s of %zu VPCs in %s (%s and %zu more; %s): %s", what,
			 l->n, input, names, l->n - shown, l->advice, missing_effect);
	else
		imp_warn(I, v->f, v->id, "no %s of %zu VPCs in %s (%s; %s): %s", what, l->n, input,
			 names, l->advice, missing_effect);
}

/* One warning per kind of output the input lacks (F9.7) and reason the reader gives
 * (not one per VPC: an account of a hundred VPCs without network ACL output would
 * print a hundred lines), and per kind whose listing is one page of several; each is
 * recorded for the missing: list. */
static void missing_files(struct imp *I)
{
	size_t nreal = 0;
	for (size_t v = 0; v < I->l[RK_VPC].n; v++)
		nreal += !jget(I->l[RK_VPC].v[v].j, "vpcpath:stub");
	if (!nreal)
		return;
	const char *input = I->input_name ? I->input_name : "the snapshot";
	for (size_t i = 0; i < sizeof(outputs) / sizeof(outputs[0]); i++) {
		if (!I->have[outputs[i].k]) {
			if (I->missing_advice)
				imp_warn(I, NULL, NULL, "no %s in %s (%s): %s", outputs[i].what, input,
					 I->missing_advice(I, outputs[i].k, outputs[i].cmd, NULL),
					 missing_effect);
			else
				imp_warn(I, NULL, NULL, "no aws %s output in the snapshot: %s",
					 outputs[i].cmd, missing_effect);
			note_missing(I, outputs[i].kind, NULL, NULL);
			continue;
		}
		if (!outputs[i].per_vpc)
			continue;
		/* read, but not for every VPC (another region's, or a filtered listing) */
		struct vpcs_lacking *by = NULL;
		size_t nby = 0;
		for (size_t v = 0; v < I->l[RK_VPC].n; v++) {
			struct res *vpc = &I->l[RK_VPC].v[v];
			if (jget(vpc->j, "vpcpath:stub"))
				continue;
			size_t n, kept_n = 0;
			struct gent *g = group_get(&I->by_vpc[outputs[i].k], vpc->id, &n);
			for (size_t m = 0; m < n; m++)
				kept_n += g[m].r->keep;
			if (kept_n || missing_plan_unknown(I, outputs[i].kind, "vpc", vpc->id))
				continue;
			note_missing(I, outputs[i].kind, "vpc", vpc->id);
			const char *advice = I->missing_advice ?
					     I->missing_advice(I, outputs[i].k, outputs[i].cmd, vpc->id) :
					     pool_printf(I, "aws %s output missing?", outputs[i].cmd);
			size_t b = 0;
			while (b < nby && strcmp(by[b].advice, advice))
				b++;
			if (b == nby) {
				by = xrealloc(by, (nby + 1) * sizeof(*by));
				by[nby++] = (struct vpcs_lacking){ advice, { NULL }, 0 };
			}
			if (by[b].n < LACKING_NAMED)
				by[b].first[by[b].n] = vpc;
			by[b].n++;
		}
		for (size_t b = 0; b < nby; b++)
			warn_lacking(I, outputs[i].what, input, &by[b]);
		free(by);
	}
	/* a lone page: every file of a kind in a folder says the listing goes on */
	for (int k = 0; k < RK_COUNT; k++) {
		struct src *page = NULL;
		for (size_t i = 0; i < I->nfiles && !page; i++) {
			struct src *f = I->files[i];
			if (!(f->kinds & ((uint64_t)1 << k)) || !f->more_pages)
				continue;
			const char *slash = strrchr(f->rel, '/');
			size_t dlen = slash ? (size_t)(slash - f->rel) : 0;
			bool rest = false;
			for (size_t m = 0; m < I->nfiles && !rest; m++) {
				struct src *g = I->files[m];
				const char *gs = strrchr(g->rel, '/');
				size_t glen = gs ? (size_t)(gs - g->rel) : 0;
				rest = g != f && (g->kinds & ((uint64_t)1 << k)) && !g->more_pages &&
				       glen == dlen && !strncmp(g->rel, f->rel, dlen);
			}
			if (!rest)
				page = f;
		}
		if (!page)
			continue;
		imp_warn(I, page, "NextToken", "this %s listing is one page of several (NextToken is "
			 "set) and the next pages are not in the snapshot: what they hold is unknown "
			 "(collect it again without --max-items or --no-paginate)", rk_what[k]);
		for (size_t i = 0; i < sizeof(outputs) / sizeof(outputs[0]); i++)
			if (outputs[i].k == (enum rk)k)
				note_missing(I, outputs[i].kind, NULL, NULL);
	}
}

/* I->declared_enis: the interfaces endpoints and NAT gateways name (each of them,
 * kept or not), sorted for declared_eni(). */
static void declared_interfaces(struct imp *I)
{
	size_t n = 0, cap = 16;
	const char **v = xmalloc(cap * sizeof(*v));
	for (int pass = 0; pass < 2; pass++) {
		struct reslist *l = &I->l[pass ? RK_NAT : RK_EP];
		for (size_t i = 0; i < l->n; i++) {
			const cJSON *x;
			cJSON_ArrayForEach(x, jarr(l->v[i].j, pass ? "NatGatewayAddresses" :
						   "NetworkInterfaceIds"))
			{
				const char *id = pass ? jstr(x, "NetworkInterfaceId") :
					   cJSON_IsString(x) ? x->valuestring : NULL;
				if (!id)
					continue;
				if (n == cap)
					v = xrealloc(v, (cap *= 2) * sizeof(*v));
				v[n++] = id;
			}
		}
	}
	qsort(v, n, sizeof(*v), cmp_str);
	I->declared_enis = v;
	I->ndeclared_enis = n;
}

bool declared_eni(const struct imp *I, const char *id)
{
	return id && bsearch(&id, I->declared_enis, I->ndeclared_enis, sizeof(*I->declared_enis),
			     cmp_str);
}

static int cmp_endpoint_eni(const void *a, const void *b)
{
	const struct endpoint_eni *x = a, *y = b;
	size_t n = x->len < y->len ? x->len : y->len;
	int c = memcmp(x->vpce, y->vpce, n);
	if (c || x->len != y->len)
		return c ? c : x->len < y->len ? -1 : 1;
	return (x->eni > y->eni) - (x->eni < y->eni);
}

static bool endpoint_id_char(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* I->endpoint_enis: each "vpce-…" word of each interface's Description (AWS describes
 * an endpoint's interface as "VPC Endpoint Interface vpce-…"), kept or not, sorted by
 * the word and then the interface's place.  A route to a Gateway Load Balancer endpoint
 * the snapshot does not describe finds its interface here: an account's routes times
 * its interfaces would be quadratic. */
static void endpoint_interfaces(struct imp *I)
{
	struct reslist *l = &I->l[RK_ENI];
	struct tmpvec v = { 0 };
	for (size_t i = 0; i < l->n; i++) {
		const char *d = jstr(l->v[i].j, "Description");
		for (const char *p = d ? strstr(d, "vpce-") : NULL; p; p = strstr(p + 1, "vpce-")) {
			size_t len = 5;
			while (endpoint_id_char(p[len]))
				len++;
			*(struct endpoint_eni *)tmpvec_push(&v, sizeof(struct endpoint_eni)) =
				(struct endpoint_eni){ p, len, i };
		}
	}
	if (v.len)  /* (qsort is not given NULL) */
		qsort(v.items, v.len, sizeof(struct endpoint_eni), cmp_endpoint_eni);
	I->endpoint_enis = v.items;
	I->nendpoint_enis = v.len;
}

struct res *endpoint_interface(const struct imp *I, const char *vpce)
{
	struct endpoint_eni want = { vpce, strlen(vpce), 0 };
	size_t lo = 0, hi = I->nendpoint_enis;
	while (lo < hi) {  /* the first entry not before (vpce, interface 0) */
		size_t mid = lo + (hi - lo) / 2;
		if (cmp_endpoint_eni(&I->endpoint_enis[mid], &want) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo == I->nendpoint_enis || I->endpoint_enis[lo].len != want.len ||
	    memcmp(I->endpoint_enis[lo].vpce, vpce, want.len))
		return NULL;
	return &I->l[RK_ENI].v[I->endpoint_enis[lo].eni];
}

void decide_all(struct imp *I)
{
	static const enum rk first[] = { RK_BUCKET, RK_TABLE, RK_AZ, RK_PROFILE, RK_ROLE };
	for (size_t i = 0; i < sizeof(first) / sizeof(first[0]); i++)
		sort_dedupe(I, first[i]);
	resolve_subjects(I, RK_BUCKET_POLICY, false, true);
	resolve_subjects(I, RK_TABLE_POLICY, true, true);
	resolve_subjects(I, RK_BUCKET_LOC, false, false);
	for (int k = 0; k < RK_COUNT; k++)
		if (k != RK_BUCKET && k != RK_TABLE && k != RK_AZ && k != RK_PROFILE &&
		    k != RK_ROLE)
			sort_dedupe(I, (enum rk)k);
	peer_stubs(I);
	vpc_nets(I);
	static const enum rk scoped[] = { RK_SUBNET, RK_RTB, RK_NAT, RK_EP, RK_SG, RK_NACL,
					  RK_INST };
	for (size_t i = 0; i < sizeof(scoped) / sizeof(scoped[0]); i++)
		scope_to_vpcs(I, scoped[i]);
	check_azs(I);
	decide_regions(I);
	decide_gateways(I, RK_IGW, "Attachments");
	decide_gateways(I, RK_EIGW, "Attachments");
	decide_gateways(I, RK_VGW, "VpcAttachments");
	decide_subnets(I);
	check_subnet_overlaps(I);
	decide_nats(I);
	decide_endpoints(I);
	decide_instances(I);
	I->sgrules_by_group = group_by(I, RK_SG_RULE, "GroupId");
	I->inst_by_subnet = group_by(I, RK_INST, "SubnetId");
	/* every interface of the snapshot, by VPC: each VPC reads its own (an account's
	 * interfaces are as many as its instances) */
	I->by_vpc[RK_ENI] = group_by(I, RK_ENI, "VpcId");
	declared_interfaces(I);
	endpoint_interfaces(I);
	missing_files(I);
}


void emit_missing(struct out *o)
{
	struct imp *I = o->I;
	struct yem *y = o->y;
	if (!I->nmissing)
		return;
	y_str(y, "missing");
	y_seq(y, false);
	for (size_t i = 0; i < I->nmissing; i++) {
		/* an entry of a VPC the topology does not hold (a plan's VPC whose CIDR is
		 * known only after apply): nothing of that VPC is written, and what names
		 * it (its instances) is listed on its own */
		if (I->missing[i].scope && !strcmp(I->missing[i].scope, "vpc") &&
		    !res_kept(I, RK_VPC, I->missing[i].value))
			continue;
		y_map(y, true);
		y_kstr(y, "kind", I->missing[i].kind);
		y_kstr(y, I->missing[i].scope, I->missing[i].value);
		const struct missing *m = &I->missing[i];
		const char *reason = m->sensitive ? "plan_sensitive" : "plan_unknown";
		if (m->plan_unknown && m->ncauses > 1) {
			/* several resources are the cause: named, the first few */
			y_kstr(y, "reason", reason);
			size_t named = m->ncauses < MISSING_CAUSES_NAMED ? m->ncauses :
				       MISSING_CAUSES_NAMED;
			y_kstr(y, "causes", named < m->ncauses ?
			       pool_printf(I, "%s and %zu more", m->causes, m->ncauses - named) :
			       m->causes);
		} else if (m->plan_unknown) {
			y_kstr(y, "reason", reason);
			y_kstr(y, "address", m->address);
			y_kstr(y, "attribute", m->attribute);
		} else if (I->input_name) {
			/* a Terraform input lacks it: no describe command supplies it, and
			 * the trace says so in the plan's terms */
			y_kstr(y, "reason", !strcmp(I->input_name, "the state") ? "not_in_state" :
			       "not_in_plan");
			if (m->address) /* an instance, named by its Terraform address */
				y_kstr(y, "address", m->address);
		}
		y_mend(y);
	}
	y_send(y);
}
