/* words.c - the words and numbers every renderer for people writes the same way:
 * path names in prose and amounts of money. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "vpcpath/out.h"

const char *out_path_words(const char *path)
{
	if (!strcmp(path, "gateway-endpoint")) return "gateway endpoint";
	if (!strcmp(path, "interface-endpoint")) return "interface endpoint";
	if (!strcmp(path, "nat-gateway")) return "NAT gateway";
	if (!strcmp(path, "internet-gateway")) return "internet gateway";
	if (!strcmp(path, "egress-only-internet-gateway")) return "egress-only internet gateway";
	return path;
}

/* Copies the number text `plain` ("-1234567.5") into buf with its whole part grouped by
 * thousands ("-1,234,567.5"), truncated to len. */
static const char *group_thousands(const char *plain, char *buf, size_t len)
{
	const char *digits = plain + (plain[0] == '-');
	size_t whole = strcspn(digits, "."), o = 0;
	if (!len)
		return buf;
	if (digits != plain && o + 1 < len)
		buf[o++] = '-';
	for (size_t i = 0; digits[i] && o + 1 < len; i++) {
		if (i && i < whole && (whole - i) % 3 == 0) {
			buf[o++] = ',';
			if (o + 1 >= len)
				break;
		}
		buf[o++] = digits[i];
	}
	buf[o] = '\0';
	return buf;
}

/* One rule for every amount: dollars and cents from $1 up ($36.50); below $1, the
 * cents and as many further digits as the amount has, up to four decimals ($0.045,
 * $0.02, $0.0035), since per-GB prices differ in the third and fourth decimal; an
 * amount too small for four decimals is "<$0.0001", never a "$0.0000" that reads as
 * free.  Dollars are grouped by thousands ($1,234.50) as GB and counts are. */
const char *out_money(double v, char *buf, size_t len)
{
	const char *sign = v < 0 ? "-" : "";
	double a = fabs(v);
	if (!isfinite(a)) {
		snprintf(buf, len, "%s$?", sign);
		return buf;
	}
	if (a >= 1 || a == 0) {
		char plain[400], grouped[520];
		snprintf(plain, sizeof(plain), "%.2f", a);
		int n = snprintf(buf, len, "%s$%s", sign,
				 group_thousands(plain, grouped, sizeof(grouped)));
		if (n < 0 || (size_t)n >= len)  /* cut digits would be a wrong amount */
			snprintf(buf, len, "%s$%.3g", sign, a);
		return buf;
	}
	if (a < 0.00005) {
		snprintf(buf, len, "%s<$0.0001", sign);
		return buf;
	}
	snprintf(buf, len, "%s$%.4f", sign, a);
	/* trailing zeros past the cents say nothing */
	size_t n = strlen(buf);
	char *dot = strchr(buf, '.');
	while (dot && n > (size_t)(dot - buf) + 3 && buf[n - 1] == '0')
		buf[--n] = '\0';
	return buf;
}

/* A volume in GB, grouped by thousands as every count in a report is: whole numbers
 * as they are (500, 49,995,000), fractions to two decimals (0.5, 1,234.25). */
const char *out_gb(double gb, char *buf, size_t len)
{
	if (!isfinite(gb)) {
		snprintf(buf, len, "?");
		return buf;
	}
	char plain[400]; /* %.2f of the largest double: 309 digits and the decimals */
	snprintf(plain, sizeof(plain), "%.2f", gb);
	size_t n = strlen(plain);
	while (n > 0 && plain[n - 1] == '0')
		plain[--n] = '\0';
	if (n > 0 && plain[n - 1] == '.')
		plain[--n] = '\0';
	char grouped[520];
	group_thousands(plain, grouped, sizeof(grouped));
	if (strlen(grouped) < len)
		snprintf(buf, len, "%s", grouped);
	else  /* cut digits would be a wrong volume */
		snprintf(buf, len, "%.3g", gb);
	return buf;
}
