/* check_util.c - the text-safety helpers every output path relies on. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check_main.h"
#include "vpcpath/util.h"

/* A message cut short inside a multibyte character must lose the partial character
 * (found by fuzz_trace: a long region name made a JSON message invalid UTF-8). */
START_TEST(trim_cut_sequence)
{
	char a[] = "region \xe6\x97\xa5\xe6\x9c";       /* 日 then half of 本 */
	str_trim_utf8(a);
	ck_assert_str_eq(a, "region \xe6\x97\xa5");
	char b[] = "ok \xf0\x9f\x98";                   /* 3 of 4 bytes of an emoji */
	str_trim_utf8(b);
	ck_assert_str_eq(b, "ok ");
	char c[] = "whole \xe6\x97\xa5";                /* complete: unchanged */
	str_trim_utf8(c);
	ck_assert_str_eq(c, "whole \xe6\x97\xa5");
	char d[] = "ascii";
	str_trim_utf8(d);
	ck_assert_str_eq(d, "ascii");
	char e[] = "\xc3";
	str_trim_utf8(e);
	ck_assert_str_eq(e, "");
}
END_TEST

START_TEST(valid_utf8)
{
	ck_assert(str_valid_utf8("plain"));
	ck_assert(str_valid_utf8("na\xc3\xafve \xe2\x9c\x93"));
	ck_assert(!str_valid_utf8("bad \xff"));
	ck_assert(!str_valid_utf8("overlong \xc0\xaf"));
	ck_assert(!str_valid_utf8("surrogate \xed\xa0\x80"));
	ck_assert(!str_valid_utf8("cut \xe6\x97"));
}
END_TEST

static char *escaped(const char *s)
{
	char *buf = NULL;
	size_t n = 0;
	FILE *f = open_memstream(&buf, &n);
	fputs_escaped(s, f);
	fclose(f);
	return buf;
}

/* names and policies come from untrusted files: no escape sequence reaches a terminal */
START_TEST(escape_controls)
{
	char *o = escaped("a\x1b[2Jb\tc\nd\xc2\x9b" "e\x9b");
	ck_assert_str_eq(o, "a\\x1b[2Jb\\tc\\nd\\u009be\\x9b");
	free(o);
	o = escaped("plain text, \xe2\x9c\x93 kept");
	ck_assert_str_eq(o, "plain text, \xe2\x9c\x93 kept");
	free(o);
}
END_TEST

static Suite *util_suite(void)
{
	Suite *s = suite_create("util");
	TCase *tc = tcase_create("text");
	tcase_add_test(tc, trim_cut_sequence);
	tcase_add_test(tc, valid_utf8);
	tcase_add_test(tc, escape_controls);
	suite_add_tcase(s, tc);
	return s;
}

VPCPATH_CHECK_MAIN(util_suite)
