/* prefix_lists.c - managed prefix lists: the lists of the snapshot merged with their
 * entries, which are written, how they compare with AWS's built-in lists (F2.2), and
 * the prefix_lists: section. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "internal.h"

struct plinfo {
	const char *id, *name, *family, *owner;
	const cJSON *entries;   /* [{"Cidr": …}] or Cidrs ["…"] */
	struct src *f, *ef;     /* where the list and its entries are */
	const char *managed;    /* written, and AWS's list of a service: its name (check_pls) */
	const char *region;     /* the Region it was listed in (F2.15) */
	bool referenced, emit, service;
};

static int cmp_plinfo(const void *a, const void *b)
{
	return strcmp(((const struct plinfo *)a)->id, ((const struct plinfo *)b)->id);
}

static struct plinfo *pl_find(struct pls *P, const char *id)
{
	struct plinfo key = { .id = id };
	return id ? bsearch(&key, P->v, P->n, sizeof(*P->v), cmp_plinfo) : NULL;
}

static bool service_list_name(struct imp *I, const char *name)
{
	const char *svc, *region;
	return aws_service(name, &svc, &region, I) &&
	       (!strcmp(svc, "s3") || !strcmp(svc, "dynamodb") || !strcmp(svc, "s3express"));
}

void build_pls(struct imp *I, struct pls *P)
{
	P->v = xcalloc(I->l[RK_PL].n + I->l[RK_PL_OLD].n + 1, sizeof(*P->v));
	P->n = 0;
	for (int pass = 0; pass < 2; pass++) {
		struct reslist *l = &I->l[pass ? RK_PL_OLD : RK_PL];
		for (size_t i = 0; i < l->n; i++) {
			struct res *r = &l->v[i];
			struct plinfo *p = NULL;
			for (size_t k = 0; k < P->n && pass; k++)
				if (!strcmp(P->v[k].id, r->id))
					p = &P->v[k];
			if (!p) {
				p = &P->v[P->n++];
				p->id = r->id;
				p->f = r->f;
			}
			if (!p->name)
				p->name = jstr(r->j, "PrefixListName");
			if (!p->family)
				p->family = jstr(r->j, "AddressFamily");
			if (!p->owner)
				p->owner = jstr(r->j, "OwnerId");
			if (!p->entries && jarr(r->j, "Cidrs")) {
				p->entries = jarr(r->j, "Cidrs");
				p->ef = r->f;
			}
			if (state_in(jstate(r->j), (const char *const[]){ "delete-complete",
									  "delete-in-progress", NULL }))
				p->name = NULL, p->entries = NULL, p->owner = "deleted";
		}
	}
	/* entries collected for ids no listing names keep their list */
	for (size_t i = 0; i < I->l[RK_PL_ENTRIES].n; i++) {
		struct res *r = &I->l[RK_PL_ENTRIES].v[i];
		struct plinfo *p = NULL;
		for (size_t k = 0; k < P->n; k++)
			if (!strcmp(P->v[k].id, r->id))
				p = &P->v[k];
		if (!p) {
			P->v = xrealloc(P->v, (P->n + 1) * sizeof(*P->v));
			p = &P->v[P->n++];
			memset(p, 0, sizeof(*p));
			p->id = r->id;
			p->f = r->f;
		}
		if (!p->owner || strcmp(p->owner, "deleted")) {
			p->entries = r->j;
			p->ef = r->f;
		}
	}
	qsort(P->v, P->n, sizeof(*P->v), cmp_plinfo);
	for (size_t i = 0; i < P->n; i++)
		P->v[i].service = service_list_name(I, P->v[i].name);
	/* a prefix-list id means something only with its Region (F2.15): the Region its
	 * name gives, else the folder or zone file it was listed beside, else the
	 * topology's */
	for (size_t i = 0; i < P->n; i++) {
		struct plinfo *p = &P->v[i];
		const char *svc;
		if (!p->name || !aws_service(p->name, &svc, &p->region, I))
			p->region = p->f->region ? p->f->region : I->region;
	}
}

static const struct { enum topo_service svc; int family; } managed_kinds[] = {
	{ TOPO_SVC_S3, NET_V4 }, { TOPO_SVC_S3, NET_V6 }, { TOPO_SVC_DYNAMODB, NET_V4 },
	{ TOPO_SVC_S3EXPRESS, NET_V4 },
};

/* The AWS-managed list that a built-in id is in this Region, as its name; NULL when
 * the built-in data has no such id there (the same id may be another Region's list
 * of another service, F2.15). */
static const char *builtin_pl_name(struct imp *I, const char *region, const char *id, int *family)
{
	for (size_t k = 0; k < sizeof(managed_kinds) / sizeof(managed_kinds[0]); k++) {
		const char *b = aws_managed_prefix_list_id(region, managed_kinds[k].svc,
							   managed_kinds[k].family);
		if (b && !strcmp(b, id)) {
			*family = managed_kinds[k].family;
			return pool_printf(I, "com.amazonaws.%s.%s", region,
					   topo_service_name(managed_kinds[k].svc));
		}
	}
	return NULL;
}

static int pl_family(const struct plinfo *p)
{
	return p->family && !strcmp(p->family, "IPv6") ? NET_V6 : NET_V4;
}

/* The AWS-managed list a written list stands for: its name when that is a service
 * list's, else the name of the built-in id it has (the loader takes such a list,
 * unnamed, for the service's). */
static const char *pl_managed_name(struct imp *I, const struct plinfo *p)
{
	int family;
	if (p->service)
		return p->name;
	return p->name ? NULL : builtin_pl_name(I, p->region, p->id, &family);
}

/* A built-in AWS-managed list id of a region the topology touches: the loader adds
 * those lists itself, unless the snapshot has its own list of that service (by name,
 * or unnamed with that id: then that list is the one written, and the built-in one is
 * not there to refer to). */
static bool builtin_pl(struct imp *I, struct pls *P, const char *id)
{
	for (size_t v = 0; v <= I->l[RK_VPC].n; v++) {
		const char *region = v < I->l[RK_VPC].n ? I->l[RK_VPC].v[v].aux : I->region;
		if (!region)
			continue;
		for (size_t k = 0; k < sizeof(managed_kinds) / sizeof(managed_kinds[0]); k++) {
			const char *b = aws_managed_prefix_list_id(region, managed_kinds[k].svc,
								   managed_kinds[k].family);
			if (!b || strcmp(b, id))
				continue;
			char name[160];
			snprintf(name, sizeof(name), "com.amazonaws.%s.%s", region,
				 topo_service_name(managed_kinds[k].svc));
			for (size_t i = 0; i < P->n; i++) {
				const char *m = P->v[i].managed;
				if (m && !strcmp(m, name) && pl_family(&P->v[i]) == managed_kinds[k].family)
					return false;
			}
			return true;
		}
	}
	return false;
}

bool pl_ok(struct imp *I, struct pls *P, const char *id)
{
	struct plinfo *p = pl_find(P, id);
	return (p && p->emit) || builtin_pl(I, P, id);
}

static void pl_mark(struct pls *P, const char *id)
{
	struct plinfo *p = pl_find(P, id);
	if (p)
		p->referenced = true;
}

void mark_pl_references(struct imp *I, struct pls *P)
{
	const cJSON *x, *y;
	for (size_t i = 0; i < I->l[RK_RTB].n; i++)
		if (I->l[RK_RTB].v[i].keep)
			cJSON_ArrayForEach(x, jarr(I->l[RK_RTB].v[i].j, "Routes"))
				pl_mark(P, jstr(x, "DestinationPrefixListId"));
	for (size_t i = 0; i < I->l[RK_SG].n; i++) {
		if (!I->l[RK_SG].v[i].keep)
			continue;
		static const char *const dirs[] = { "IpPermissions", "IpPermissionsEgress" };
		for (int d = 0; d < 2; d++)
			cJSON_ArrayForEach(x, jarr(I->l[RK_SG].v[i].j, dirs[d]))
				cJSON_ArrayForEach(y, jarr(x, "PrefixListIds"))
					pl_mark(P, jstr(y, "PrefixListId"));
	}
	for (size_t i = 0; i < I->l[RK_SG_RULE].n; i++)
		pl_mark(P, jstr(I->l[RK_SG_RULE].v[i].j, "PrefixListId"));
	for (size_t i = 0; i < I->l[RK_TGW_ROUTES].n; i++)
		cJSON_ArrayForEach(x, I->l[RK_TGW_ROUTES].v[i].j)
			pl_mark(P, jstr(x, "PrefixListId"));
	for (size_t i = 0; i < P->n; i++) {
		struct plinfo *p = &P->v[i];
		bool customer = p->owner && strcmp(p->owner, "AWS") && strcmp(p->owner, "deleted");
		if (p->owner && !strcmp(p->owner, "deleted")) {
			if (p->referenced)
				imp_warn(I, p->f, p->id, "prefix list %s is deleted; references to it are "
					 "dropped", p->id);
			continue;
		}
		if (p->entries && cJSON_GetArraySize(p->entries) >= 0 &&
		    (customer || p->service || p->referenced)) {
			p->emit = true;
		} else if (!p->entries && p->service) {
			p->emit = true; /* the loader fills the built-in entries of the name */
			imp_warn(I, p->f, p->id, "prefix list %s (%s): entries not in %s; the "
				 "built-in entries of %s are used", p->id, p->name,
				 I->input_name ? I->input_name : "the snapshot", p->name);
		} else if (!p->entries && (customer || p->referenced)) {
			imp_warn(I, p->f, p->id, "prefix list %s%s%s%s: entries not in the snapshot (collect "
				 "aws ec2 get-managed-prefix-list-entries --prefix-list-id %s > "
				 "prefix-list-entries/%s.json); the list and the rules and routes that "
				 "use it are dropped", p->id, p->name ? " (" : "", p->name ? p->name : "",
				 p->name ? ")" : "", p->id, p->id);
		}
	}
}

struct plkey {
	const char *name;  /* the AWS-managed list it stands for */
	int family;
	const struct plinfo *p;
};

static int cmp_plkey(const void *a, const void *b)
{
	const struct plkey *x = a, *y = b;
	int c = strcmp(x->name, y->name);
	if (c)
		return c;
	c = x->family - y->family;
	return c ? c : strcmp(x->p->id, y->p->id);
}

/* The lists that are written: their entries, family and names.  A service's list is
 * what a gateway endpoint routes to (F2.2), so two lists standing for one (or AWS's id
 * with another name) would leave the loader to pick one. */
void check_pls(struct imp *I, struct pls *P)
{
	struct plkey *keys = xcalloc(P->n + 1, sizeof(*keys));
	size_t nk = 0;
	for (size_t i = 0; i < P->n; i++) {
		struct plinfo *p = &P->v[i];
		if (!p->emit)
			continue;
		if (p->family && strcmp(p->family, "IPv4") && strcmp(p->family, "IPv6")) {
			imp_error(I, p->f, p->family, "prefix list %s: AddressFamily '%s' is not IPv4 or IPv6",
				  p->id, p->family);
			continue;
		}
		const char *what = pool_printf(I, "prefix list %s: entry", p->id);
		const cJSON *e;
		cJSON_ArrayForEach(e, p->entries)
		{
			const char *c = cJSON_IsString(e) ? e->valuestring : jstr(e, "Cidr");
			if (!c)
				imp_error(I, p->ef, p->id, "prefix list %s: an entry without a Cidr", p->id);
			else
				check_cidr(I, p->ef, what, c, pl_family(p), NULL);
		}
		/* a Region's managed lists are listed in that Region only (F2.15): one named
		 * for another is not what AWS prints, and its id could not be told apart
		 * from the built-in lists of the Region it was listed in */
		if (p->service && p->f->region && strcmp(p->region, p->f->region)) {
			imp_error(I, p->f, p->id, "prefix list %s is named %s but was listed in %s; AWS "
				  "lists a Region's own managed prefix lists only (F2.15)", p->id,
				  p->name, p->f->region);
			continue;
		}
		int bfam;
		const char *bname = builtin_pl_name(I, p->region, p->id, &bfam);
		if (bname && ((p->name && strcmp(p->name, bname)) || pl_family(p) != bfam))
			/* the snapshot is what AWS printed; the built-in table is third-party
			 * copies of it (awsdata.c) */
			imp_warn(I, p->f, p->id, "prefix list %s is %s (%s) in the snapshot, but "
				 "vpcpath's built-in data has %s as %s (%s) in %s; the snapshot's is "
				 "used (F2.15)", p->id, p->name ? p->name : "unnamed",
				 family_name(pl_family(p)), p->id, bname, family_name(bfam), p->region);
		p->managed = pl_managed_name(I, p);
		if (p->managed)
			keys[nk++] = (struct plkey){ p->managed, pl_family(p), p };
	}
	qsort(keys, nk, sizeof(*keys), cmp_plkey);
	for (size_t i = 1; i < nk; i++)
		if (!strcmp(keys[i].name, keys[i - 1].name) && keys[i].family == keys[i - 1].family)
			imp_error(I, keys[i].p->f, keys[i].p->id, "prefix lists %s and %s are both AWS's %s "
				  "(%s); a region has one", keys[i - 1].p->id, keys[i].p->id, keys[i].name,
				  family_name(keys[i].family));
	free(keys);
}

/* The id of the list the loader takes for a service in a region
 * (topo_service_prefix_list): the written list that stands for it, else its built-in
 * one (a synthetic id where AWS's is not documented, as resolve.c makes it). */
const char *service_pl_id(struct imp *I, struct pls *P, const char *svc,
			  const char *region, int family)
{
	const char *name = pool_printf(I, "com.amazonaws.%s.%s", region, svc);
	for (size_t i = 0; i < P->n; i++) {
		const char *m = P->v[i].managed;
		if (m && !strcmp(m, name) && pl_family(&P->v[i]) == family)
			return P->v[i].id;
	}
	enum topo_service s = !strcmp(svc, "s3") ? TOPO_SVC_S3 : !strcmp(svc, "dynamodb") ?
			      TOPO_SVC_DYNAMODB : TOPO_SVC_S3EXPRESS;
	const char *b = aws_managed_prefix_list_id(region, s, family);
	return b ? b : pool_printf(I, "pl-builtin-%s-%s%s", svc, region,
				   family == NET_V6 ? "-ipv6" : "");
}

void emit_prefix_lists(struct out *o)
{
	struct yem *y = o->y;
	size_t n = 0;
	for (size_t i = 0; i < o->P->n; i++)
		n += o->P->v[i].emit;
	if (!n)
		return;
	y_str(y, "prefix_lists");
	y_seq(y, false);
	for (size_t i = 0; i < o->P->n; i++) {
		struct plinfo *p = &o->P->v[i];
		if (!p->emit)
			continue;
		y_map(y, false);
		y_kstr(y, "id", p->id);
		y_kstr(y, "name", p->name);
		if (p->family && !strcmp(p->family, "IPv6"))
			y_kstr(y, "address_family", "IPv6");
		if (p->entries) {
			y_str(y, "cidrs");
			y_seq(y, true);
			const cJSON *e;
			cJSON_ArrayForEach(e, p->entries)
			{
				const char *c = cJSON_IsString(e) ? e->valuestring : jstr(e, "Cidr");
				if (c) /* checked (check_pls) */
					y_str(y, c);
			}
			y_send(y);
		}
		y_mend(y);
	}
	y_send(y);
}
