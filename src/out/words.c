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

/* One rule for every amount: dollars and cents from $1 up ($36.50); below $1, the
 * cents and as many further digits as the amount has, up to four decimals ($0.045,
 * $0.02, $0.0035), since per-GB prices differ in the third and fourth decimal; an
 * amount too small for four decimals is "<$0.0001", never a "$0.0000" that reads as
 * free. */
const char *out_money(double v, char *buf, size_t len)
{
	const char *sign = v < 0 ? "-" : "";
	double a = fabs(v);
	if (!isfinite(a)) {
		snprintf(buf, len, "%s$?", sign);
		return buf;
	}
	if (a >= 1 || a == 0) {
		snprintf(buf, len, "%s$%.2f", sign, a);
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

/* A volume in GB: whole numbers as they are (500), fractions to two decimals (0.5). */
const char *out_gb(double gb, char *buf, size_t len)
{
	if (!isfinite(gb))
		snprintf(buf, len, "?");
	else if (gb == floor(gb) && fabs(gb) < 1e15)
		snprintf(buf, len, "%.0f", gb);
	else {
		snprintf(buf, len, "%.2f", gb);
		size_t n = strlen(buf);
		while (n > 0 && buf[n - 1] == '0')
			buf[--n] = '\0';
		if (n > 0 && buf[n - 1] == '.')
			buf[--n] = '\0';
	}
	return buf;
}
