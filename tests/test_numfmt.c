/* SPDX-License-Identifier: MIT */
/* test_numfmt.c - repr-style formatting against Python's repr() of 8,000
 * doubles (fixtures/repr.txt), "%.17g" against glibc's printf, and the
 * strict parser against strtod. */
#include "config.h"

#include <float.h>
#include <inttypes.h>
#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/numfmt.h"
#include "testutil.h"

static double from_bits(uint64_t b)
{
	double d;
	memcpy(&d, &b, sizeof d);
	return d;
}

static uint64_t to_bits(double d)
{
	uint64_t b;
	memcpy(&b, &d, sizeof b);
	return b;
}

static void test_repr_fixture(void)
{
	char *path = tu_fixture("repr.txt"), *text = tu_slurp(path, NULL), *line, *save = NULL;
	size_t n = 0, bad_fmt = 0, bad_parse = 0;
	CU_ASSERT_PTR_NOT_NULL_FATAL(text);
	for (line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char want[64], got[40];
		uint64_t bits;
		double back = 0.0;
		if (sscanf(line, "%" SCNx64 " %63s", &bits, want) != 2)
			continue;
		n++;
		oc_fmt_repr(from_bits(bits), got, sizeof got);
		if (strcmp(got, want) != 0 && bad_fmt++ < 10)
			fprintf(stderr, "repr %016" PRIx64 ": got %s, want %s\n", bits, got, want);
		if ((oc_parse_double(want, &back) != 0 || to_bits(back) != bits) && bad_parse++ < 10)
			fprintf(stderr, "parse %s: got %016" PRIx64 "\n", want, to_bits(back));
	}
	CU_ASSERT(n > 8000);
	CU_ASSERT_EQUAL(bad_fmt, 0);
	CU_ASSERT_EQUAL(bad_parse, 0);
	free(text);
	free(path);
}

static void expect_repr(double v, const char *want)
{
	char got[40];
	int n = oc_fmt_repr(v, got, sizeof got);
	CU_ASSERT_STRING_EQUAL(got, want);
	CU_ASSERT_EQUAL((size_t)n, strlen(want));
}

static void test_repr_forms(void)
{
	expect_repr(67.0, "67.0");
	expect_repr(22.2, "22.2");
	expect_repr(122.02, "122.02");
	expect_repr(1e-05, "1e-05");
	expect_repr(0.0001, "0.0001");
	expect_repr(1e16, "1e+16");
	expect_repr(1.5e16, "1.5e+16");
	expect_repr(1e15, "1000000000000000.0");
	expect_repr(-0.0, "-0.0");
	expect_repr(0.0, "0.0");
	expect_repr(1e100, "1e+100");
	expect_repr(0.1 + 0.2, "0.30000000000000004");
	expect_repr(NAN, "nan");
	expect_repr(INFINITY, "inf");
	expect_repr(-INFINITY, "-inf");
	/* The power-of-two case whose 16-digit rounding misses: the other
	 * neighbour reads back (Python gives 16 digits, not 17). */
	expect_repr(ldexp(1.0, -1017), "7.120236347223045e-307");
	/* Powers of two (lopsided round-trip intervals), Python's repr */
	expect_repr(1.0, "1.0");
	expect_repr(2.0, "2.0");
	expect_repr(0.5, "0.5");
	expect_repr(0.25, "0.25");
	expect_repr(0.125, "0.125");
	expect_repr(-0.125, "-0.125");
	expect_repr(ldexp(1.0, -10), "0.0009765625");
	expect_repr(ldexp(1.0, -16), "1.52587890625e-05");
	expect_repr(ldexp(1.0, -17), "7.62939453125e-06");
	expect_repr(ldexp(1.0, -20), "9.5367431640625e-07");
	expect_repr(1024.0, "1024.0");
	expect_repr(ldexp(1.0, 40), "1099511627776.0");
	expect_repr(ldexp(1.0, 52), "4503599627370496.0");
	expect_repr(ldexp(1.0, 53), "9007199254740992.0");
	expect_repr(ldexp(1.0, 60), "1.152921504606847e+18");
}

/* Every power of two and its neighbours: the repr reads back exactly. */
static void test_repr_powers_of_two(void)
{
	for (int k = -1074; k <= 1023; k++) {
		double p = ldexp(1.0, k), v[3] = { p, nextafter(p, 0), nextafter(p, INFINITY) };
		for (int i = 0; i < 3; i++) {
			char got[40];
			double back;
			int n = oc_fmt_repr(v[i], got, sizeof got);
			CU_ASSERT_EQUAL((size_t)n, strlen(got));
			CU_ASSERT_EQUAL(oc_parse_double(got, &back), 0);
			CU_ASSERT_EQUAL(back, v[i]);
		}
	}
}

static void test_repr_locale_independent(void)
{
	char got[40];
	double back;
	/* A locale with a decimal comma, when one is installed. */
	if (setlocale(LC_NUMERIC, "de_DE.UTF-8") || setlocale(LC_NUMERIC, "fr_FR.UTF-8")) {
		oc_fmt_repr(72.48, got, sizeof got);
		CU_ASSERT_STRING_EQUAL(got, "72.48");
		CU_ASSERT_EQUAL(oc_parse_double("0.12345678901234567890123", &back), 0);
		CU_ASSERT_EQUAL(back, 0.12345678901234568);
		setlocale(LC_NUMERIC, "C");
	}
}

static void expect_reject(const char *s, int why)
{
	double v = 12345.0;
	CU_ASSERT_EQUAL(oc_parse_number(s, strlen(s), &v), why);
	CU_ASSERT_EQUAL(v, 12345.0);
	CU_ASSERT_EQUAL(oc_parse_double(s, &v), -1);
}

static void expect_value(const char *s, double want)
{
	double v = 0.0;
	CU_ASSERT_EQUAL_FATAL(oc_parse_double(s, &v), 0);
	CU_ASSERT_EQUAL(to_bits(v), to_bits(want));
}

static void test_parse_strict(void)
{
	expect_value("72.48", 72.48);
	expect_value(" 1.5 ", 1.5);
	expect_value("\t-2", -2.0);
	expect_value("+.5", 0.5);
	expect_value("5.", 5.0);
	expect_value("-0", -0.0);
	expect_value("1E-5", 1e-5);
	expect_value("00012", 12.0);
	expect_value("1e-400", 0.0);
	expect_value("123456789012345678901234567890", 1.2345678901234568e29);
	expect_value("0.000000000000000000000000000001", 1e-30);
	expect_value("9007199254740993", 9007199254740992.0);      /* ties to even */
	expect_value("1.7976931348623157e308", 1.7976931348623157e308);
	expect_reject("", -1);
	expect_reject("   ", -1);
	expect_reject("1e", -1);
	expect_reject("e5", -1);
	expect_reject(".", -1);
	expect_reject("-", -1);
	expect_reject("0x10", -1);
	expect_reject("1,5", -1);
	expect_reject("1.2.3", -1);
	expect_reject("--1", -1);
	expect_reject("1_000", -1);
	expect_reject("1.5abc", -1);
	expect_reject("1 2", -1);
	expect_reject("abc", -1);
	expect_reject("inf", -2);
	expect_reject("-Infinity", -2);
	expect_reject("NaN", -2);
	expect_reject("1e999", -3);
	expect_reject("-1e309", -3);
	{
		/* the length bounds the text: no NUL needed, none looked at */
		double v;
		CU_ASSERT_EQUAL(oc_parse_number("12x", 2, &v), 0);
		CU_ASSERT_EQUAL(v, 12.0);
		CU_ASSERT_EQUAL(oc_parse_number("1\0" "2", 3, &v), -1);
	}
}

/* The fast path must agree with strtod bit for bit on random decimals. */
static void test_parse_matches_strtod(void)
{
	uint64_t s = 88172645463325252ULL;
	size_t bad = 0;
	for (int k = 0; k < 200000; k++) {
		char buf[64];
		int n = 0, nd, ip;
		double a = 0.0, b;
		tu_xorshift(&s);
		nd = 1 + (int)(s % 19);
		ip = (int)((s >> 8) % (unsigned)(nd + 1));
		if ((s >> 16) & 1)
			buf[n++] = '-';
		for (int i = 0; i < nd; i++) {
			if (i == ip)
				buf[n++] = '.';
			tu_xorshift(&s);
			buf[n++] = (char)('0' + s % 10);
		}
		if ((s >> 20) % 3 == 0)
			n += snprintf(buf + n, sizeof buf - (size_t)n, "e%d", (int)((s >> 24) % 61) - 30);
		buf[n] = '\0';
		b = strtod(buf, NULL);
		if ((oc_parse_double(buf, &a) != 0 || to_bits(a) != to_bits(b)) && bad++ < 10)
			fprintf(stderr, "%s: %.17g vs strtod %.17g\n", buf, a, b);
	}
	CU_ASSERT_EQUAL(bad, 0);
}

static uint64_t g17_state = 0x9e3779b97f4a7c15ULL;

static uint64_t g17_next(void)
{
	return tu_xorshift(&g17_state);
}

/* Compares oc_fmt_g17 with snprintf("%.17g") on v and -v; counts misses. */
static long g17_check(double v, long *bad)
{
	char a[40], b[40];
	for (int sign = 0; sign < 2; sign++, v = -v) {
		int na = oc_fmt_g17(v, a, sizeof a), nb = snprintf(b, sizeof b, "%.17g", v);
		if ((na != nb || strcmp(a, b) != 0) && (*bad)++ < 10)
			fprintf(stderr, "%a: %s, printf %s\n", v, a, b);
	}
	return 1;
}

/* printf's bytes for every kind of double a model file holds, and for
 * those where a fast rounding is easiest to get wrong: random bit
 * patterns (all exponents, subnormals), log-uniform values, float32
 * thresholds, short decimals, halves and quarters of integers, powers of
 * ten and their neighbours, values whose 18th digit is a 5 and dyadic
 * fractions, among which the exact ties printf rounds to even. */
static void test_g17_matches_printf(void)
{
	long bad = 0, n = 0;
	for (int k = 0; k < 1000000; k++)
		n += g17_check(from_bits(g17_next() & 0x7fefffffffffffffULL), &bad);
	for (int k = 0; k < 1000000; k++)
		n += g17_check(pow(10.0, (double)(g17_next() >> 11) / 9007199254740992.0 * 90 - 40),
		               &bad);
	for (int k = 0; k < 1000000; k++) {
		uint32_t fb = (uint32_t)(g17_next() >> 32) & 0x7f7fffffU;
		float f;
		memcpy(&f, &fb, sizeof f);
		n += g17_check((double)f, &bad);
	}
	for (int k = 0; k < 1000000; k++) {
		uint64_t r = g17_next();
		n += g17_check((double)(r % 100000000) / 100.0, &bad);
		n += g17_check((double)(r >> 40) / 4.0, &bad);
	}
	for (int e = -40; e <= 45; e++) {
		double p = pow(10.0, e), lo = p, hi = p;
		for (int u = 0; u < 50; u++, lo = nextafter(lo, 0), hi = nextafter(hi, INFINITY))
			n += g17_check(lo, &bad) + g17_check(hi, &bad);
	}
	for (int k = 0; k < 1000000; k++) {
		/* 17 random digits and a 5 after them, at every scale */
		char text[40];
		uint64_t r = g17_next() % 90000000000000000ULL + 10000000000000000ULL;
		snprintf(text, sizeof text, "%" PRIu64 "5e%d", r, (int)(g17_next() % 60) - 40);
		n += g17_check(strtod(text, NULL), &bad);
	}
	for (int e = 1; e <= 70; e++)
		for (int k = 0; k < 20000; k++) {
			/* odd k / 2^e: exact decimals of e digits after the point,
			 * the last a 5, so exact ties at 17 digits */
			uint64_t r = (g17_next() >> (11 + (k % 40))) | 1;
			n += g17_check(ldexp((double)r, -e), &bad);
		}
	n += g17_check(0.0, &bad) + g17_check(DBL_MIN / 3, &bad) + g17_check(DBL_MAX, &bad);
	fprintf(stderr, "[%ld values, %ld differ] ", 2 * n, bad);
	CU_ASSERT_EQUAL(bad, 0);
}

static CU_TestInfo tests[] = {
	{ "repr of 8000 doubles as Python", test_repr_fixture },
	{ "repr forms", test_repr_forms },
	{ "repr of powers of two", test_repr_powers_of_two },
	{ "locale independent", test_repr_locale_independent },
	{ "strict parsing", test_parse_strict },
	{ "parse equals strtod", test_parse_matches_strtod },
	{ "%.17g equals printf's", test_g17_matches_printf },
	CU_TEST_INFO_NULL,
};

int main(void)
{
	return tu_run_suite("numfmt", tests);
}
