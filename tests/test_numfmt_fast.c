/* SPDX-License-Identifier: MIT */
/* test_numfmt_fast.c - the fast number formatters against their exact
 * references: oc_fmt_repr's few-decimals path against the same file's exact search, built a second
 * time with every fast path off (tests/perf.mk renames its functions to
 * *_exact).  Values: random bit patterns, decimals with 1-4 places, float32
 * midpoints (tree thresholds), k/100 (forest probabilities) and the edges
 * of each path. */
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
int oc_fmt_repr(double v, char *buf, size_t bufsz);
int oc_fmt_repr_exact(double v, char *buf, size_t bufsz);

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

static CU_TestInfo tests[] = {
	{ "repr fast path equals the exact search", test_repr_fast_equals_exact },
	CU_TEST_INFO_NULL,
};

int main(void)
{
	return tu_run_suite("numfmt_fast", tests);
}
