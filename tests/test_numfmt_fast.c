/* SPDX-License-Identifier: MIT */
/* test_numfmt_fast.c - the fast number paths against their exact
 * references: oc_fmt_repr's few-decimals path against the same file's
 * exact search, and pandas' reading of short decimals against its
 * xstrtod, with numfmt.c built a second time with every fast path off
 * (Makefile.am renames its functions to *_exact).  Values: random bit
 * patterns, decimals with 1-4 places, float32 midpoints (tree thresholds),
 * k/100 (forest probabilities) and the edges of each path; texts of
 * random decimals around the reading path's edges. */
#include "config.h"

#include <inttypes.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "core/numfmt.h"
#include "testutil.h"

/* This file is compiled with the renaming flags too: undo them here, so
 * that the plain names are the library's fast functions. */
#undef oc_fmt_repr
#undef oc_parse_data_number
#undef oc_set_number_parser
int oc_fmt_repr(double v, char *buf, size_t bufsz);
int oc_fmt_repr_exact(double v, char *buf, size_t bufsz);
int oc_parse_data_number(const char *s, size_t len, double *out);
int oc_parse_data_number_exact(const char *s, size_t len, double *out);
void oc_set_number_parser(enum oc_number_parser how);
void oc_set_number_parser_exact(enum oc_number_parser how);

static uint64_t state = 0x9E3779B97F4A7C15ull;

static uint64_t next(void)
{
	return tu_xorshift(&state);
}

/* The i-th test value: cycles through the families above. */
static double value(long i)
{
	uint64_t r = next();
	double v;
	switch (i % 7) {
	case 0:
		memcpy(&v, &r, sizeof v);
		if (!isfinite(v))
			v = 1.0;
		break;
	case 1:
		v = (double)(r % 100000000) / 100.0;
		break;
	case 2:
		v = (double)(r % 10000) / (double)(1 + next() % 10000);
		break;
	case 3:
		v = (double)(r % 101) / 100.0;
		break;
	case 4:
		v = ldexp((double)(r >> 11), -(int)(next() % 120));
		break;
	case 5: {
		float a = (float)((double)(r % 100000) / 100.0);
		float b = (float)((double)(next() % 100000) / 100.0);
		v = (double)a / 2 + (double)b / 2;
		break;
	}
	default:
		v = (double)(r % 1000) * pow(10.0, (double)(int)(next() % 40) - 20);
		break;
	}
	return i % 3 == 0 ? -v : v;
}

static const double edges[] = {
	0.0, -0.0, 1.0, 0.5, 0.1, 0.3, 1e-5, 9.99999e-6, 1.0000000000000002, 0.9999999999999999,
	1e15, 1e16, 1e17, 9007199254740991.0, 9007199254740992.0, 9007199254740994.0,
	99999999999999999.0, 1e-4, 0.001, 123456789.125, 5e-324, 2.2250738585072014e-308,
	1.7976931348623157e308, 72.48, 122.02, 67.0, 0.93, 0.9165625, 0.30000000000000004,
};

static void test_repr_fast_equals_exact(void)
{
	char got[40], want[40];
	int bad = 0;
	for (long i = 0; i < 200000 + (long)(sizeof edges / sizeof edges[0]); i++) {
		double v = i < (long)(sizeof edges / sizeof edges[0]) ? edges[i] : value(i);
		oc_fmt_repr(v, got, sizeof got);
		oc_fmt_repr_exact(v, want, sizeof want);
		if (strcmp(got, want) != 0 && bad++ < 10)
			fprintf(stderr, "repr %a: got %s, want %s\n", v, got, want);
	}
	CU_ASSERT_EQUAL(bad, 0);
}

/* A random decimal text of the shapes data files hold and around the fast
 * path's edges: a sign, leading zeros, 1 to 21 digits, a point with 0 to 25
 * decimals, sometimes an exponent, blanks around. */
static size_t decimal_text(char *buf)
{
	size_t n = 0;
	int zeros = (int)(next() % 4 == 0 ? next() % 18 : 0);
	int ndig = 1 + (int)(next() % 21), ndec = (int)(next() % 4 == 0 ? next() % 26 : next() % 5);
	if (next() % 8 == 0)
		buf[n++] = ' ';
	if (next() % 3 == 0)
		buf[n++] = next() % 2 ? '-' : '+';
	for (int i = 0; i < zeros; i++)
		buf[n++] = '0';
	for (int i = 0; i < ndig; i++)
		buf[n++] = (char)('0' + (next() % 10 == 0 ? 9 : next() % 10));
	if (ndec || next() % 5 == 0) {
		buf[n++] = '.';
		for (int i = 0; i < ndec; i++)
			buf[n++] = (char)('0' + next() % 10);
	}
	if (next() % 10 == 0)
		n += (size_t)sprintf(buf + n, "e%d", (int)(next() % 61) - 30);
	if (next() % 8 == 0)
		buf[n++] = ' ';
	buf[n] = '\0';
	return n;
}

/* pandas' reading of data numbers (oc_set_number_parser(OC_NUMBER_PANDAS))
 * with the fast path for short decimals, against pandas' xstrtod itself
 * (the *_exact copy): the same status and the same bits on 4,000,000
 * texts, and on the edges of the path (17 digits, 2^53, 22 decimals). */
static void test_pandas_fast_equals_xstrtod(void)
{
	static const char *const edge[] = {
		"9007199254740991", "9007199254740992", "9007199254740993", "90071992547409.93",
		"12345678901234567", "123456789012345678", "0.1234567890123456", "00000000000000001.5",
		"000000000000000001.5", "1.2345678901234567890123", "0.0000000000000000000001",
		"0.00000000000000000000001", "-0", "-0.000", "+7.25", "72.48", "1e5", "1.5e-3", "",
		"-", ".", "5.", ".5", "1.2.3", "nan", "inf",
	};
	size_t bad = 0, n = 0;
	char buf[96];
	oc_set_number_parser(OC_NUMBER_PANDAS);
	oc_set_number_parser_exact(OC_NUMBER_PANDAS);
	for (long i = 0; i < 4000000 + (long)(sizeof edge / sizeof edge[0]); i++, n++) {
		size_t len;
		double a = 0.0, b = 0.0;
		if (i < (long)(sizeof edge / sizeof edge[0])) {
			len = strlen(edge[i]);
			memcpy(buf, edge[i], len + 1);
		} else {
			len = decimal_text(buf);
		}
		int ra = oc_parse_data_number(buf, len, &a), rb = oc_parse_data_number_exact(buf, len, &b);
		if (ra != rb || (ra == 0 && memcmp(&a, &b, sizeof a) != 0)) {
			if (bad++ < 5)
				fprintf(stderr, "'%s': %d %a against %d %a\n", buf, ra, a, rb, b);
		}
	}
	printf("\n  %zu texts, %zu differ\n", n, bad);
	CU_ASSERT_EQUAL(bad, 0);
}

static CU_TestInfo tests[] = {
	{ "repr fast path equals the exact search", test_repr_fast_equals_exact },
	{ "pandas' fast path equals its xstrtod", test_pandas_fast_equals_xstrtod },
	CU_TEST_INFO_NULL,
};

int main(void)
{
	return tu_run_suite("numfmt_fast", tests);
}
