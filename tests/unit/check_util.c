/* check_util.c - the text-safety helpers every output path relies on, and the choice
 * of colour. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check_main.h"
#include "vpcpath/out.h"
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
/* RFC 3629: the sequence lengths, and the offset of the first bad byte in a buffer that
 * need not end in NUL (import reads files; a sequence cut by the end is bad) */
START_TEST(utf8_lengths_and_first_bad_byte)
{
	static const struct {
		const char *bytes;
		size_t len, seq, bad;  /* seq: str_utf8_len at 0; bad: str_utf8_invalid_at */
	} cases[] = {
		{ "a", 1, 1, 1 },
		{ "\xc3\xa9x", 3, 2, 3 },              /* U+00E9 */
		{ "\xe2\x82\xac", 3, 3, 3 },          /* U+20AC */
		{ "\xf0\x9f\x98\x80", 4, 4, 4 },      /* U+1F600 */
		{ "\xc0\x80", 2, 0, 0 },               /* overlong NUL */
		{ "\xe0\x80\xaf", 3, 0, 0 },          /* overlong '/' */
		{ "\xed\xa0\x80", 3, 0, 0 },          /* a surrogate */
		{ "\xf4\x90\x80\x80", 4, 0, 0 },      /* past U+10FFFF */
		{ "ab\xe2\x82", 4, 1, 2 },             /* cut by the end of the buffer */
		{ "ab\x80", 3, 1, 2 },                 /* a lone continuation byte */
		{ "\xc3", 1, 0, 0 },                   /* cut after the lead byte */
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const unsigned char *p = (const unsigned char *)cases[i].bytes;
		ck_assert_msg(str_utf8_len(p, cases[i].len) == cases[i].seq, "case %zu: length", i);
		ck_assert_msg(str_utf8_invalid_at(cases[i].bytes, cases[i].len) == cases[i].bad,
			      "case %zu: first bad byte", i);
	}
}
END_TEST

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

/* issue 15 item 6: a name may not read other than it is.  Bidi overrides and isolates
 * reorder what follows them ("Trojan Source"), zero-width characters make two names
 * look alike, U+2028 breaks a line: each is written as its code point. */
START_TEST(escape_invisible_and_bidi)
{
	static const struct {
		const char *in, *out;
	} cases[] = {
		{ "app\xe2\x80\xae" "1gnp.exe", "app\\u202e1gnp.exe" },      /* RLO */
		{ "a\xe2\x80\xaa" "b\xe2\x80\xab" "c\xe2\x80\xac" "d\xe2\x80\xad" "e",
		  "a\\u202ab\\u202bc\\u202cd\\u202de" },                      /* LRE RLE PDF LRO */
		{ "\xe2\x81\xa6" "x\xe2\x81\xa7" "y\xe2\x81\xa8" "z\xe2\x81\xa9",
		  "\\u2066x\\u2067y\\u2068z\\u2069" },                        /* LRI RLI FSI PDI */
		{ "sg\xe2\x80\x8b" "app", "sg\\u200bapp" },                   /* zero width space */
		{ "\xe2\x80\x8c\xe2\x80\x8d\xe2\x80\x8e\xe2\x80\x8f",
		  "\\u200c\\u200d\\u200e\\u200f" },                           /* ZWNJ ZWJ LRM RLM */
		{ "line\xe2\x80\xa8" "para\xe2\x80\xa9", "line\\u2028para\\u2029" },
		{ "\xef\xbb\xbf" "bom", "\\ufeffbom" },
		{ "soft\xc2\xad" "hyphen", "soft\\u00adhyphen" },
		{ "arabic\xd8\x9c" "mark", "arabic\\u061cmark" },
		{ "word\xe2\x81\xa0" "joiner", "word\\u2060joiner" },
		{ "filler\xe3\x85\xa4", "filler\\u3164" },
		{ "tag\xf3\xa0\x81\x81", "tag\\U000e0041" },                  /* TAG LATIN CAPITAL A */
		/* kept: what shows as itself */
		{ "caf\xc3\xa9 \xe6\x97\xa5\xe6\x9c\xac \xf0\x9f\x98\x80", "caf\xc3\xa9 \xe6\x97\xa5\xe6\x9c\xac \xf0\x9f\x98\x80" },
		{ "nbsp\xc2\xa0" "narrow\xe2\x80\xaf" "x", "nbsp\xc2\xa0" "narrow\xe2\x80\xaf" "x" },
		{ "dash\xe2\x80\x90" "quote\xe2\x80\x9d", "dash\xe2\x80\x90" "quote\xe2\x80\x9d" },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *o = escaped(cases[i].in);
		ck_assert_msg(strcmp(o, cases[i].out) == 0, "case %zu: got \"%s\"", i, o);
		free(o);
	}
}
END_TEST

/* Colour only on a terminal that takes it: NO_COLOR set, or TERM=dumb, means none
 * (issue 15 item 6).  A pseudo-terminal stands in for the user's. */
START_TEST(colour_only_on_a_capable_terminal)
{
	int master = posix_openpt(O_RDWR | O_NOCTTY);
	ck_assert_int_ge(master, 0);
	ck_assert_int_eq(grantpt(master), 0);
	ck_assert_int_eq(unlockpt(master), 0);
	int slave = open(ptsname(master), O_RDWR | O_NOCTTY);
	ck_assert_int_ge(slave, 0);
	FILE *tty = fdopen(slave, "w");
	unsetenv("NO_COLOR");
	setenv("TERM", "xterm-256color", 1);
	ck_assert(out_want_color(tty));
	setenv("TERM", "dumb", 1);
	ck_assert(!out_want_color(tty));
	unsetenv("TERM");
	ck_assert(out_want_color(tty));
	setenv("NO_COLOR", "1", 1);
	ck_assert(!out_want_color(tty));
	unsetenv("NO_COLOR");
	FILE *file = tmpfile();
	ck_assert(!out_want_color(file));  /* not a terminal */
	fclose(file);
	fclose(tty);
	close(master);
}
END_TEST

/* Issue 17: one format for every amount a person reads (out_money). */
START_TEST(money_one_format)
{
	static const struct { double v; const char *want; } cases[] = {
		{ 0, "$0.00" }, { 36.5, "$36.50" }, { 59, "$59.00" }, { 1234.567, "$1,234.57" },
		{ 0.045, "$0.045" }, { 0.02, "$0.02" }, { 0.0035, "$0.0035" }, { 0.5, "$0.50" },
		{ 0.99996, "$1.00" }, { 0.00001, "<$0.0001" }, { -0.055, "-$0.055" },
		{ -7.3, "-$7.30" }, { 999.999, "$1,000.00" }, { 1e12, "$1,000,000,000,000.00" },
		/* the largest monthly figure: COST_GB_PER_MONTH_MAX GB at $1000/GB, the
		 * largest price a pricing file may give, never "$?" */
		{ 1e9 * 1000.0 * 20e6, "$20,000,000,000,000,000,000.00" },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char buf[32];
		ck_assert_str_eq(out_money(cases[i].v, buf, sizeof(buf)), cases[i].want);
	}
}
END_TEST

/* GB figures are grouped by thousands as counts and money are (49,995,000 GB next to
 * 10,000 flows), fractions to two decimals, never "?" for a finite volume. */
START_TEST(gb_one_format)
{
	static const struct { double v; const char *want; } cases[] = {
		{ 0, "0" }, { 500, "500" }, { 0.5, "0.5" }, { 1000, "1,000" },
		{ 49995000, "49,995,000" }, { 1234.25, "1,234.25" }, { 999.999, "1,000" },
		{ 1e9, "1,000,000,000" }, { 2e16, "20,000,000,000,000,000" },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char buf[32];
		ck_assert_str_eq(out_gb(cases[i].v, buf, sizeof(buf)), cases[i].want);
	}
	/* a number too long for the buffer is written short, never cut to a wrong one */
	char small[9];
	ck_assert_str_eq(out_gb(1234567, small, sizeof(small)), "1.23e+06");
	char buf[32];
	ck_assert_str_eq(out_gb(1e300, buf, sizeof(buf)), "1e+300");
	ck_assert_str_eq(out_money(1e300, buf, sizeof(buf)), "$1e+300");
	ck_assert_str_eq(out_money(-1.7e308, buf, sizeof(buf)), "-$1.7e+308");
}
END_TEST

static Suite *util_suite(void)
{
	Suite *s = suite_create("util");
	TCase *tc = tcase_create("text");
	tcase_add_test(tc, trim_cut_sequence);
	tcase_add_test(tc, valid_utf8);
	tcase_add_test(tc, escape_controls);
	tcase_add_test(tc, escape_invisible_and_bidi);
	tcase_add_test(tc, utf8_lengths_and_first_bad_byte);
	suite_add_tcase(s, tc);
	TCase *colour = tcase_create("colour");
	tcase_add_test(colour, colour_only_on_a_capable_terminal);
	suite_add_tcase(s, colour);
	TCase *money = tcase_create("money");
	tcase_add_test(money, money_one_format);
	tcase_add_test(money, gb_one_format);
	suite_add_tcase(s, money);
	return s;
}

VPCPATH_CHECK_MAIN(util_suite)
