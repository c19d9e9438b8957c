/* check_tfskim.c - what src/import/tfskim.c blanks of a Terraform plan before cJSON
 * builds its tree, and what it must leave: every place a reader reads, including the
 * ones that look like copies (a prior_state entry no change replaces, a change's
 * before that differs from its after, planned_values without resource_changes), and
 * every resource type a reader names.  A skim that dropped one of them would change
 * an import's answer without a word.
 */
#include <glob.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "check_main.h"
#include "vpcpath/import_terraform.h"
#include "../../src/import/tfskim.h"

/* The source tree: the current directory (as `make check` runs the suites), or
 * $VPCPATH_SRCDIR when set. */
static const char *srcdir(void)
{
	const char *root = getenv("VPCPATH_SRCDIR");
	return root && *root ? root : ".";
}

static char *slurp(const char *path)
{
	FILE *f = fopen(path, "rb");
	ck_assert_msg(f != NULL, "cannot open %s", path);
	fseek(f, 0, SEEK_END);
	long n = ftell(f);
	rewind(f);
	char *t = malloc((size_t)n + 1);
	ck_assert_msg(fread(t, 1, (size_t)n, f) == (size_t)n, "cannot read %s", path);
	t[n] = '\0';
	fclose(f);
	return t;
}

/* Every resource type a reader names in a string ("aws_vpc", "aws_vpc.main_route_table_id",
 * "aws_vpc@default_route_table_id", a prefix "aws_vpc_security_group_") is one the skim
 * keeps the values of: a reader added for a new type fails here until tfskim.c lists
 * it. */
START_TEST(test_types_named_by_readers_are_read)
{
	char pattern[4096];
	snprintf(pattern, sizeof(pattern), "%s/src/import/terraform*.c", srcdir());
	glob_t g;
	ck_assert_int_eq(glob(pattern, 0, NULL, &g), 0);
	size_t found = 0;
	for (size_t f = 0; f < g.gl_pathc; f++) {
		char *t = slurp(g.gl_pathv[f]);
		/* comments out (they name example types: "aws_x.y[0]") */
		for (char *c = strstr(t, "/*"); c; c = strstr(c, "/*")) {
			char *e = strstr(c + 2, "*/");
			size_t n = e ? (size_t)(e + 2 - c) : strlen(c);
			memset(c, ' ', n);
		}
		for (char *p = t; (p = strstr(p, "\"aws_")); p++) {
			if (p > t && p[-1] == '\\')
				continue;
			size_t n = strspn(p + 1, "abcdefghijklmnopqrstuvwxyz0123456789_");
			char type[256];
			ck_assert(n + 2 < sizeof(type));
			memcpy(type, p + 1, n);
			type[n] = '\0';
			if (type[n - 1] == '_') /* a prefix: a type it starts */
				strcat(type, "x");
			ck_assert_msg(tf_type_read(type, strlen(type)), "%s names %s, which "
				      "src/import/tfskim.c does not list as read", g.gl_pathv[f], type);
			found++;
		}
		free(t);
	}
	globfree(&g);
	ck_assert_msg(found > 100, "only %zu type names found in %s", found, pattern);
	ck_assert(!tf_type_read("aws_cloudwatch_log_group", 24));
	ck_assert(!tf_type_read("aws_vp", 6));
	ck_assert(tf_type_read("aws_vpc", 7));
}
END_TEST

/* A reader that reads a change's before in a new place (another type's, say) must be
 * matched by tfskim.c's types_reading_before, or the skim empties what it reads: the
 * places are counted here, so that a new one fails until it is looked at.  (Two of
 * them, terraform_net.c deleted_by_plan, read the before of a delete or a replace,
 * whose actions name "delete": kept whatever the type.) */
START_TEST(test_places_reading_before_are_known)
{
	char pattern[4096];
	snprintf(pattern, sizeof(pattern), "%s/src/import/terraform_*.c", srcdir());
	glob_t g;
	ck_assert_int_eq(glob(pattern, 0, NULL, &g), 0);
	size_t places = 0;
	for (size_t f = 0; f < g.gl_pathc; f++) {
		char *t = slurp(g.gl_pathv[f]);
		for (char *c = strstr(t, "/*"); c; c = strstr(c, "/*")) {
			char *e = strstr(c + 2, "*/");
			size_t n = e ? (size_t)(e + 2 - c) : strlen(c);
			memset(c, ' ', n);
		}
		for (char *p = t; (p = strstr(p, "before")); p += 6) {
			bool field = (p >= t + 2 && !strncmp(p - 2, "->", 2)) || (p > t && p[-1] == '.');
			char next = p[6];
			if (field && !(next == '_' || (next >= 'a' && next <= 'z')))
				places++;
		}
		free(t);
	}
	globfree(&g);
	ck_assert_msg(places == 11, "src/import/terraform_*.c read a change's before in %zu places, "
		      "not the 11 known: check that src/import/tfskim.c's types_reading_before lists "
		      "the type of each, then change this count", places);
}
END_TEST

/* A plan with one of each place a reader reads, and one of each copy it does not. */
static const char plan[] =
	"{\"format_version\":\"1.2\",\"terraform_version\":\"1.9.5\","
	"\"planned_values\":{\"root_module\":{\"resources\":[{\"address\":\"aws_vpc.main\","
	"\"type\":\"aws_vpc\",\"name\":\"main\",\"values\":{\"id\":\"vpc-1\"}}]}},"
	"\"resource_drift\":[{\"address\":\"aws_vpc.main\"}],"
	"\"resource_changes\":["
	/* 0: a no-op: its before is its after again */
	"{\"address\":\"aws_vpc.main\",\"type\":\"aws_vpc\",\"name\":\"main\",\"change\":"
	"{\"actions\":[\"no-op\"],\"before\":{\"id\":\"vpc-1\",\"cidr_block\":\"10.0.0.0/16\"},"
	"\"after\":{\"id\":\"vpc-1\",\"cidr_block\":\"10.0.0.0/16\"},\"after_unknown\":{}}},"
	/* 1: an update: the before is its own */
	"{\"address\":\"aws_route.r\",\"type\":\"aws_route\",\"name\":\"r\","
	"\"provider_name\":\"registry.terraform.io/hashicorp/aws\",\"change\":"
	"{\"actions\":[\"update\"],\"before\":{\"route_table_id\":\"rtb-old\"},"
	"\"after\":{\"route_table_id\":\"rtb-new\"},\"after_unknown\":{}}},"
	/* 2: a delete: the before is all there is */
	"{\"address\":\"aws_subnet.gone\",\"type\":\"aws_subnet\",\"name\":\"gone\",\"change\":"
	"{\"actions\":[\"delete\"],\"before\":{\"id\":\"subnet-gone\"},\"after\":null}},"
	/* 3: a type no reader reads: id, arn and owner_id stay */
	"{\"address\":\"aws_cloudwatch_log_group.g\",\"type\":\"aws_cloudwatch_log_group\","
	"\"name\":\"g\",\"change\":{\"actions\":[\"create\"],\"before\":null,\"after\":"
	"{\"retention_in_days\":7,\"id\":\"g\",\"tags\":{\"a\":\"b\"},\"owner_id\":\"111122223333\"},"
	"\"after_unknown\":{\"arn\":true,\"tags_all\":{}}}},"
	/* 4: a deposed object: it replaces nothing in prior_state */
	"{\"address\":\"aws_instance.x\",\"type\":\"aws_instance\",\"name\":\"x\","
	"\"deposed\":\"00000001\",\"change\":{\"actions\":[\"delete\"],\"before\":{\"id\":\"i-old\"},"
	"\"after\":null}},"
	/* 5: an update of a type whose before no reader reads: emptied */
	"{\"address\":\"aws_subnet.u\",\"type\":\"aws_subnet\",\"name\":\"u\",\"change\":"
	"{\"actions\":[\"update\"],\"before\":{\"id\":\"subnet-u\",\"tags\":{}},"
	"\"after\":{\"id\":\"subnet-u\",\"tags\":{\"a\":\"b\"}}}},"
	/* 6: a replace (delete, then create): its before stays */
	"{\"address\":\"aws_subnet.r\",\"type\":\"aws_subnet\",\"name\":\"r\",\"change\":"
	"{\"actions\":[\"delete\",\"create\"],\"before\":{\"id\":\"subnet-r\"},"
	"\"after\":{\"cidr_block\":\"10.0.9.0/24\"}}}"
	"],"
	"\"prior_state\":{\"format_version\":\"1.0\",\"values\":{\"root_module\":{\"resources\":["
	"{\"address\":\"aws_vpc.main\",\"type\":\"aws_vpc\",\"name\":\"main\",\"values\":{\"id\":\"vpc-1\"}},"
	"{\"address\":\"data.aws_vpc.existing\",\"mode\":\"data\",\"type\":\"aws_vpc\",\"name\":\"existing\","
	"\"values\":{\"id\":\"vpc-data\"}},"
	"{\"address\":\"aws_instance.x\",\"type\":\"aws_instance\",\"name\":\"x\",\"values\":{\"id\":\"i-1\"}},"
	"{\"address\":\"aws_cloudwatch_log_stream.s\",\"type\":\"aws_cloudwatch_log_stream\",\"name\":\"s\","
	"\"values\":{\"junk\":[0,0,0],\"arn\":\"arn:aws:logs:us-east-1:111122223333:s\"}}"
	"],\"child_modules\":[{\"address\":\"module.m\",\"resources\":["
	"{\"address\":\"module.m.aws_route.r\",\"type\":\"aws_route\",\"name\":\"r\",\"values\":{\"id\":\"r-m\"}}"
	"]}]}}},"
	"\"configuration\":{\"root_module\":{}},\"errored\":false}";

static cJSON *skim_and_parse(const char *text, bool prior, struct tfskim *r)
{
	size_t n = strlen(text);
	char *t = strdup(text);
	*r = tf_skim(t, n, prior);
	ck_assert_uint_eq(strlen(t), n); /* every offset stays */
	cJSON *j = cJSON_Parse(t);
	ck_assert_msg(j != NULL, "the skimmed text is not JSON: %s", t);
	free(t);
	return j;
}

static const cJSON *at(const cJSON *j, const char *path)
{
	/* "a.b.2.c": members by name, items by number */
	char buf[256];
	snprintf(buf, sizeof(buf), "%s", path);
	for (char *p = strtok(buf, "."); p && j; p = strtok(NULL, "."))
		j = (*p >= '0' && *p <= '9') ? cJSON_GetArrayItem(j, atoi(p)) :
		    cJSON_GetObjectItemCaseSensitive(j, p);
	return j;
}

static int members(const cJSON *j)
{
	return j ? cJSON_GetArraySize(j) : -1;
}

START_TEST(test_after_view)
{
	struct tfskim r;
	cJSON *j = skim_and_parse(plan, false, &r);
	/* planned_values, beside resource_changes: emptied, still there */
	ck_assert_int_eq(members(at(j, "planned_values")), 0);
	ck_assert_int_eq(members(at(j, "resource_drift")), 0);
	ck_assert_uint_eq(r.nchanges, 7);
	/* the no-op's before is read from its after (and is gone, but for its flag) */
	ck_assert_ptr_null(at(j, "resource_changes.0.change.before"));
	ck_assert_ptr_nonnull(at(j, "resource_changes.0.change.actions"));
	ck_assert_int_eq(r.before_is_after[0], 1);
	ck_assert_int_eq(members(at(j, "resource_changes.0.change.after")), 2);
	/* the update's and the delete's own before stay */
	ck_assert_str_eq(at(j, "resource_changes.1.change.before.route_table_id")->valuestring,
			 "rtb-old");
	ck_assert_int_eq(r.before_is_after[1], 0);
	ck_assert_ptr_null(at(j, "resource_changes.1.provider_name"));
	ck_assert_str_eq(at(j, "resource_changes.1.name")->valuestring, "r");
	ck_assert_str_eq(at(j, "resource_changes.2.change.before.id")->valuestring, "subnet-gone");
	ck_assert_int_eq(members(at(j, "resource_changes.5.change.before")), 0);
	ck_assert_int_eq(r.before_is_after[5], 0);
	ck_assert_str_eq(at(j, "resource_changes.6.change.before.id")->valuestring, "subnet-r");
	/* an unread type: id and owner_id, and after_unknown's arn */
	ck_assert_int_eq(members(at(j, "resource_changes.3.change.after")), 2);
	ck_assert_str_eq(at(j, "resource_changes.3.change.after.id")->valuestring, "g");
	ck_assert_str_eq(at(j, "resource_changes.3.change.after.owner_id")->valuestring,
			 "111122223333");
	ck_assert(cJSON_IsTrue(at(j, "resource_changes.3.change.after_unknown.arn")));
	ck_assert_int_eq(members(at(j, "resource_changes.3.change.after_unknown")), 1);
	/* prior_state: the entry the no-op replaces goes; the data source, the one only a
	 * deposed object shares an address with, and the child module's stay */
	const cJSON *res = at(j, "prior_state.values.root_module.resources");
	ck_assert_int_eq(members(res), 3);
	ck_assert_str_eq(at(res, "0.address")->valuestring, "data.aws_vpc.existing");
	ck_assert_str_eq(at(res, "1.values.id")->valuestring, "i-1");
	ck_assert_int_eq(members(at(res, "2.values")), 1);
	ck_assert_ptr_nonnull(at(res, "2.values.arn"));
	ck_assert_str_eq(at(j, "prior_state.values.root_module.child_modules.0.resources.0.values.id")
			 ->valuestring, "r-m");
	ck_assert_ptr_nonnull(at(j, "configuration.root_module"));
	free(r.before_is_after);
	cJSON_Delete(j);
}
END_TEST

START_TEST(test_prior_view)
{
	struct tfskim r;
	cJSON *j = skim_and_parse(plan, true, &r);
	ck_assert_int_eq(members(at(j, "planned_values")), 0);
	ck_assert_int_eq(members(at(j, "resource_changes")), 0);
	ck_assert_uint_eq(r.nchanges, 0);
	/* the prior state is the network read: nothing replaces its entries */
	ck_assert_int_eq(members(at(j, "prior_state.values.root_module.resources")), 4);
	ck_assert_str_eq(at(j, "prior_state.values.root_module.resources.0.values.id")->valuestring,
			 "vpc-1");
	free(r.before_is_after);
	cJSON_Delete(j);
}
END_TEST

/* Without resource_changes, planned_values is the network after apply. */
START_TEST(test_planned_values_alone)
{
	static const char text[] =
		"{\"format_version\":\"1.2\",\"planned_values\":{\"root_module\":{\"resources\":["
		"{\"address\":\"aws_vpc.main\",\"type\":\"aws_vpc\",\"name\":\"main\","
		"\"values\":{\"id\":\"vpc-1\",\"cidr_block\":\"10.0.0.0/16\"}}]}},"
		"\"prior_state\":{\"values\":{\"root_module\":{\"resources\":["
		"{\"address\":\"aws_vpc.main\",\"type\":\"aws_vpc\",\"name\":\"main\","
		"\"values\":{\"id\":\"vpc-0\"}}]}}}}";
	struct tfskim r;
	cJSON *j = skim_and_parse(text, false, &r);
	ck_assert_str_eq(at(j, "planned_values.root_module.resources.0.values.cidr_block")->valuestring,
			 "10.0.0.0/16");
	ck_assert_str_eq(at(j, "prior_state.values.root_module.resources.0.values.id")->valuestring,
			 "vpc-0");
	cJSON_Delete(j);
}
END_TEST

/* Text that is not JSON is left for cJSON to report: nothing it would read is gone. */
START_TEST(test_not_json_left_alone)
{
	static const char text[] = "{\"planned_values\":{\"root_module\":{}},\"resource_changes\":[{";
	char *t = strdup(text);
	struct tfskim r = tf_skim(t, strlen(t), false);
	ck_assert_str_eq(t, text);
	ck_assert_uint_eq(r.blanked, 0);
	free(r.before_is_after);
	free(t);
}
END_TEST

/* End to end: the subnet only prior_state holds (a -target plan leaves it out of
 * resource_changes), in the data source's VPC, is imported; the change's no-op VPC too. */
START_TEST(test_import_reads_what_only_prior_state_holds)
{
	static const char text[] =
		"{\"format_version\":\"1.2\","
		"\"planned_values\":{\"root_module\":{}},"
		"\"resource_changes\":[{\"address\":\"aws_vpc.main\",\"mode\":\"managed\",\"type\":\"aws_vpc\","
		"\"name\":\"main\",\"change\":{\"actions\":[\"no-op\"],"
		"\"before\":{\"id\":\"vpc-0a1b2c3d\",\"cidr_block\":\"10.0.0.0/16\",\"main_route_table_id\":\"rtb-01\"},"
		"\"after\":{\"id\":\"vpc-0a1b2c3d\",\"cidr_block\":\"10.0.0.0/16\",\"main_route_table_id\":\"rtb-01\"},"
		"\"after_unknown\":{},\"before_sensitive\":{},\"after_sensitive\":{}}}],"
		"\"prior_state\":{\"values\":{\"root_module\":{\"resources\":["
		"{\"address\":\"aws_vpc.main\",\"mode\":\"managed\",\"type\":\"aws_vpc\",\"name\":\"main\","
		"\"values\":{\"id\":\"vpc-0a1b2c3d\",\"cidr_block\":\"10.9.0.0/16\"}},"
		"{\"address\":\"aws_subnet.kept\",\"mode\":\"managed\",\"type\":\"aws_subnet\",\"name\":\"kept\","
		"\"values\":{\"id\":\"subnet-0a1b2c3d\",\"vpc_id\":\"vpc-0a1b2c3d\",\"cidr_block\":\"10.0.1.0/24\","
		"\"availability_zone\":\"us-east-1a\"},\"sensitive_values\":{}}]}}},"
		"\"configuration\":{\"provider_config\":{\"aws\":{\"name\":\"aws\",\"expressions\":"
		"{\"region\":{\"constant_value\":\"us-east-1\"}}}},\"root_module\":{}}}";
	char path[] = "/tmp/check_tfskim_XXXXXX";
	int fd = mkstemp(path);
	ck_assert_int_ge(fd, 0);
	ck_assert(write(fd, text, sizeof(text) - 1) == (ssize_t)(sizeof(text) - 1));
	close(fd);
	struct diag_list d = { 0 };
	size_t len = 0;
	char *yaml = import_terraform_file(path, &d, &len);
	unlink(path);
	if (!yaml)
		diag_print(&d, stderr, 1);
	ck_assert_ptr_nonnull(yaml);
	ck_assert_msg(strstr(yaml, "subnet-0a1b2c3d") && strstr(yaml, "10.0.1.0/24"),
		      "the subnet only prior_state holds is missing:\n%s", yaml);
	/* the change's values, not the replaced prior entry's */
	ck_assert_msg(strstr(yaml, "10.0.0.0/16") && !strstr(yaml, "10.9.0.0/16"), "%s", yaml);
	free(yaml);
	diag_list_clear(&d);
}
END_TEST

static Suite *tfskim_suite(void)
{
	Suite *s = suite_create("tfskim");
	TCase *tc = tcase_create("core");
	tcase_add_test(tc, test_types_named_by_readers_are_read);
	tcase_add_test(tc, test_places_reading_before_are_known);
	tcase_add_test(tc, test_after_view);
	tcase_add_test(tc, test_prior_view);
	tcase_add_test(tc, test_planned_values_alone);
	tcase_add_test(tc, test_not_json_left_alone);
	tcase_add_test(tc, test_import_reads_what_only_prior_state_holds);
	suite_add_tcase(s, tc);
	return s;
}

VPCPATH_CHECK_MAIN(tfskim_suite)
