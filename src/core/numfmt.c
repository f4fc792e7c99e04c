/* SPDX-License-Identifier: MIT */
/* numfmt.c - shortest round-trip doubles in Python repr() form, and a
 * strict, fast, correctly rounded decimal reader (see numfmt.h).
 *
 * Formatting: the shortest decimal that reads back to v, and among those
 * the closest to v (Steele & White / Gay's "mode 0", which CPython's repr
 * uses).  glibc's printf rounds exactly, so the p-digit rounding of v is
 * the closest p-digit decimal; any decimal of at most DBL_DIG = 15 digits
 * survives decimal -> double -> decimal, so if the 15-digit rounding reads
 * back, its trailing zeros stripped give the unique shortest form.
 * Otherwise 16 digits are tried (the rounding and, when the rounding
 * misses, its other neighbour: the round-trip interval of a power of two
 * is lopsided), then 17, which always reads back.  Subnormals carry fewer
 * bits, so for them every length from 1 up is tried that way.
 *
 * Parsing: Clinger's fast path (W. D. Clinger, "How to read floating point
 * numbers accurately", PLDI 1990): a decimal m * 10^e with m < 2^53 and
 * |e| <= 22 is one correctly rounded IEEE multiplication or division of
 * two exact doubles, hence itself correctly rounded.  Anything else goes
 * to strtod_l in the C locale, which is exact. */
#include "config.h"

#include <float.h>
#include <locale.h>
#include <math.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/numfmt.h"
#include "core/pdnumber.h"

/* The fast path relies on double arithmetic being evaluated in double. */
#if !defined(FLT_EVAL_METHOD) || FLT_EVAL_METHOD != 0
#define OC_NO_FAST_PATH 1
#endif

static locale_t c_loc;
static pthread_once_t c_loc_once = PTHREAD_ONCE_INIT;

static void c_locale_init(void)
{
	c_loc = newlocale(LC_ALL_MASK, "C", (locale_t)0);
}

static locale_t c_locale(void)
{
	pthread_once(&c_loc_once, c_locale_init);
	return c_loc;
}

static double strtod_c(const char *s, char **end)
{
	locale_t loc = c_locale();
	if (loc)
		return strtod_l(s, end, loc);
	return strtod(s, end);
}

/* Decimal digits and exponent of v (v > 0, finite) rounded to p significant
 * digits: digits[0..p-1], value = 0.d1d2...dp * 10^decpt. */
static void round_digits(double v, int p, char *digits, int *decpt)
{
	char tmp[40];
	snprintf(tmp, sizeof tmp, "%.*e", p - 1, v);
	/* tmp = "d.ddddde[+-]xx" (or "de[+-]xx" when p == 1) */
	int k = 0;
	const char *s = tmp;
	for (; *s && *s != 'e'; s++)
		if (*s >= '0' && *s <= '9')
			digits[k++] = *s;
	digits[k] = '\0';
	*decpt = atoi(s + 1) + 1;
}

static int reads_back(const char *digits, int decpt, double v)
{
	char tmp[48];
	double back;
	int n = snprintf(tmp, sizeof tmp, "%se%d", digits, decpt - (int)strlen(digits));
	return oc_parse_number(tmp, (size_t)n, &back) == 0 && back == v;
}

/* Moves the p-digit decimal 0.digits x 10^decpt one unit of its last digit
 * up (dir > 0) or down, keeping p digits (999 + 1 = 100 x 10, 100 - 1 = 999
 * x 10^-1). */
static void step_digits(char *digits, int p, int *decpt, int dir)
{
	int i = p - 1;
	if (dir > 0) {
		while (i >= 0 && digits[i] == '9')
			digits[i--] = '0';
		if (i < 0) {
			digits[0] = '1';
			++*decpt;
		} else {
			digits[i]++;
		}
	} else {
		while (i >= 0 && digits[i] == '0')
			digits[i--] = '9';
		digits[i]--;                    /* digits[0] != '0', so i >= 0 */
		if (digits[0] == '0') {
			memmove(digits, digits + 1, (size_t)p - 1);
			digits[p - 1] = '9';
			--*decpt;
		}
	}
}

/* The closest p-digit decimal that reads back as v, if any: the rounding
 * of v, else its neighbour on the other side of v (the round-trip
 * interval is lopsided at powers of two). */
static int try_digits(double v, int p, char *digits, int *decpt)
{
	char alt[24];
	int alt_decpt;
	double back;
	round_digits(v, p, digits, decpt);
	if (reads_back(digits, *decpt, v))
		return 1;
	memcpy(alt, digits, (size_t)p + 1);
	alt_decpt = *decpt;
	snprintf(alt, sizeof alt, "%se%d", digits, *decpt - p);
	oc_parse_number(alt, strlen(alt), &back);
	memcpy(alt, digits, (size_t)p + 1);
	step_digits(alt, p, &alt_decpt, back > v ? -1 : 1);
	if (!reads_back(alt, alt_decpt, v))
		return 0;
	memcpy(digits, alt, (size_t)p + 1);
	*decpt = alt_decpt;
	return 1;
}

/* Shortest digits of v > 0: digits (NUL-terminated, no trailing zeros) and
 * decpt as in round_digits. */
static void shortest_digits(double v, char *digits, int *decpt)
{
	int p;
	if (v < DBL_MIN) {
		/* Subnormals have fewer significant bits: search every length. */
		for (p = 1; p < 17; p++)
			if (try_digits(v, p, digits, decpt))
				return;
		round_digits(v, 17, digits, decpt);
		return;
	}
	round_digits(v, 15, digits, decpt);
	if (reads_back(digits, *decpt, v)) {
		p = 15;
		while (p > 1 && digits[p - 1] == '0')
			digits[--p] = '\0';
		return;
	}
	if (!try_digits(v, 16, digits, decpt))
		round_digits(v, 17, digits, decpt);
}

/* Exact powers of ten (every one up to 1e22 is a double). */
static const double pow10_exact[23] = {
	1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
	1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
};

#define TWO53 9007199254740992.0

/* Does the decimal m / 10^d (m < 2^53, an integer) read back as v?  Both
 * operands are exact doubles, so the quotient is the correctly rounded
 * value of the decimal, which is what a correct reader returns. */
#ifndef OC_NO_FAST_PATH
static int decimal_is(double m, int d, double v)
{
	return m / pow10_exact[d] == v;
}
#endif

/* Shortest digits for the common case of a value with few decimals
 * (72.48, 0.93): the fewest fraction digits d for which some integer m
 * gives m / 10^d == v.  Below 2^53 every candidate of a given length lies
 * in one decade, so fewest fraction digits is fewest significant digits;
 * away from powers of two the round-trip interval is symmetric, so when
 * any m works the nearest one does, and it is m or a neighbour of the
 * rounded product.  Gives up (returns 0) whenever the answer is not the
 * unique candidate of its length; the exact search then decides.  With
 * FLT_EVAL_METHOD != 0 the quotients are not plain doubles: no fast path. */
static int shortest_digits_fast(double v, char *digits, int *decpt)
{
#ifdef OC_NO_FAST_PATH
	(void)v, (void)digits, (void)decpt;
	return 0;
#else
	int mant_zero, ex;
	mant_zero = frexp(v, &ex) == 0.5;
	if (v < 1e-5 || v >= TWO53)
		return 0;
	for (int d = 0; d <= 22; d++) {
		double t = v * pow10_exact[d], m = nearbyint(t);
		if (t >= TWO53 || m + 1.0 >= TWO53)
			return 0;
		if (mant_zero) {
			/* A power of two: its round-trip interval is lopsided, so
			 * take only decimals of at most DBL_DIG digits, of which
			 * at most one reads back as v (each survives the trip
			 * decimal -> double -> decimal); the nearest integers to
			 * t hold it if this length has one (the interval is
			 * convex and holds v). */
			if (m - 1.0 >= 1e15)
				return 0;
			if (decimal_is(m - 1.0, d, v))
				m -= 1.0;
			else if (decimal_is(m + 1.0, d, v))
				m += 1.0;
			else if (!decimal_is(m, d, v))
				continue;
			if (m >= 1e15)
				return 0;
		} else {
			if (!decimal_is(m, d, v)) {
				if (decimal_is(m - 1.0, d, v) || decimal_is(m + 1.0, d, v))
					return 0;
				continue;
			}
			if (decimal_is(m - 1.0, d, v) || decimal_is(m + 1.0, d, v))
				return 0;
		}
		{
			char tmp[24];
			uint64_t u = (uint64_t)m;
			int nd = 0, k = 0;
			do {
				tmp[nd++] = (char)('0' + u % 10);
				u /= 10;
			} while (u);
			*decpt = nd - d;
			while (k < nd - 1 && tmp[k] == '0')
				k++;
			for (int i = nd - 1; i >= k; i--)
				*digits++ = tmp[i];
			*digits = '\0';
		}
		return 1;
	}
	return 0;
#endif
}

/* snprintf(buf, bufsz, "%s", s) for s of length n, without printf. */
static int put_str(char *buf, size_t bufsz, const char *s, int n)
{
	if (bufsz) {
		size_t k = (size_t)n < bufsz ? (size_t)n : bufsz - 1;
		memcpy(buf, s, k);
		buf[k] = '\0';
	}
	return n;
}

int oc_fmt_repr(double v, char *buf, size_t bufsz)
{
	char digits[24], out[40];
	int decpt, nd, n = 0;
	if (isnan(v))
		return snprintf(buf, bufsz, "nan");
	if (isinf(v))
		return snprintf(buf, bufsz, v < 0 ? "-inf" : "inf");
	if (signbit(v))
		out[n++] = '-';
	v = fabs(v);
	if (v == 0.0) {
		memcpy(out + n, "0.0", 4);
		return put_str(buf, bufsz, out, n + 3);
	}
	if (!shortest_digits_fast(v, digits, &decpt))
		shortest_digits(v, digits, &decpt);
	nd = (int)strlen(digits);
	/* Python's repr: scientific when the exponent d.ddd x 10^x has
	 * x < -4 or x >= 16, i.e. decpt < -3 or decpt > 16. */
	if (decpt > -4 && decpt <= 16) {
		if (decpt <= 0) {
			out[n++] = '0';
			out[n++] = '.';
			for (int i = decpt; i < 0; i++)
				out[n++] = '0';
			memcpy(out + n, digits, (size_t)nd);
			n += nd;
		} else if (nd <= decpt) {
			memcpy(out + n, digits, (size_t)nd);
			n += nd;
			for (int i = nd; i < decpt; i++)
				out[n++] = '0';
			out[n++] = '.';
			out[n++] = '0';
		} else {
			memcpy(out + n, digits, (size_t)decpt);
			n += decpt;
			out[n++] = '.';
			memcpy(out + n, digits + decpt, (size_t)(nd - decpt));
			n += nd - decpt;
		}
	} else {
		int x = decpt - 1;
		out[n++] = digits[0];
		if (nd > 1) {
			out[n++] = '.';
			memcpy(out + n, digits + 1, (size_t)(nd - 1));
			n += nd - 1;
		}
		n += snprintf(out + n, sizeof out - (size_t)n, "e%c%02d", x < 0 ? '-' : '+',
		              x < 0 ? -x : x);
	}
	out[n] = '\0';
	return put_str(buf, bufsz, out, n);
}

/* --- printf's "%.17g" ---
 *
 * The 17 digits are the integer nearest to |v| 10^s, s = 16 - x with x
 * the decimal exponent, ties to even as printf's exact rounding in the
 * default mode.  With v = m 2^e (m < 2^53) that is m 5^s 2^(e+s): for
 * |s| <= 27 (5^27 < 2^63) it is formed exactly in 128-bit integers, a
 * product and a shift (s >= 0) or a shift and a division by 5^-s, and the
 * bits shifted out (or the remainder) decide the rounding exactly.  Zero,
 * |v| outside [1e-11, 1e44) and compilers without 128-bit integers go to
 * snprintf. */

#if defined(__SIZEOF_INT128__) && !defined(OC_NO_FAST_PATH)
typedef unsigned __int128 u128;

/* floor(m 2^e 10^s) in *fl and its nearest integer, ties to even, in *q;
 * 0 when an intermediate would not fit. */
static int scaled_digits(uint64_t m, int e, int s, u128 *fl, uint64_t *q)
{
	static const uint64_t pow5[28] = {
		1ULL, 5ULL, 25ULL, 125ULL, 625ULL, 3125ULL, 15625ULL, 78125ULL, 390625ULL,
		1953125ULL, 9765625ULL, 48828125ULL, 244140625ULL, 1220703125ULL, 6103515625ULL,
		30517578125ULL, 152587890625ULL, 762939453125ULL, 3814697265625ULL,
		19073486328125ULL, 95367431640625ULL, 476837158203125ULL, 2384185791015625ULL,
		11920928955078125ULL, 59604644775390625ULL, 298023223876953125ULL,
		1490116119384765625ULL, 7450580596923828125ULL,
	};
	int t = e + s, up;
	u128 f;
	if (s >= 0) {
		u128 p = (u128)m * pow5[s];        /* < 2^116 */
		if (t >= 0) {
			if (t > 10)
				return 0;
			f = p << t;
			up = 0;
		} else {
			u128 rest, half;
			if (-t > 120)
				return 0;
			f = p >> -t;
			rest = p - (f << -t);
			half = (u128)1 << (-t - 1);
			up = rest > half || (rest == half && (f & 1));
		}
	} else {
		u128 n, d = pow5[-s], rest;
		if (t < 0 || t > 70)
			return 0;
		n = (u128)m << t;                  /* < 2^123 */
		f = n / d;
		rest = n - f * d;
		up = 2 * rest > d || (2 * rest == d && (f & 1));
	}
	if (f >> 64)
		return 0;
	*fl = f;
	*q = (uint64_t)f + (uint64_t)up;
	return 1;
}

/* The 17-digit integer *q and exponent *x of a > 0 as printf rounds them;
 * 0 when it is left to printf. */
static int g17_digits(double a, uint64_t *q, int *x)
{
	u128 fl;
	uint64_t bits, m;
	int e, k;
	if (!(a >= 1e-11 && a < 1e44))
		return 0;
	memcpy(&bits, &a, sizeof bits);
	m = (bits & 0xfffffffffffffULL) | 0x10000000000000ULL;
	e = (int)(bits >> 52) - 1075;               /* a = m 2^e, normal */
	/* 2^(e+52) <= a < 2^(e+53): x is floor((e+52) log10 2) or one more
	 * (78913 / 2^18 is log10 2 to within 3e-7, exact enough here) */
	k = (int)(((int64_t)(e + 52) * 78913) >> 18);
	for (int tries = 0; tries < 3; tries++) {
		if (16 - k > 27 || 16 - k < -27 || !scaled_digits(m, e, 16 - k, &fl, q))
			return 0;
		if (fl < 10000000000000000ULL)
			k--;
		else if (fl >= 100000000000000000ULL)
			k++;
		else {
			if (*q == 100000000000000000ULL) {   /* rounded up to 10^17 */
				*q = 10000000000000000ULL;
				k++;
			}
			*x = k;
			return 1;
		}
	}
	return 0;
}
#else
static int g17_digits(double a, uint64_t *q, int *x)
{
	(void)a, (void)q, (void)x;
	return 0;
}
#endif

int oc_fmt_g17(double v, char *buf, size_t bufsz)
{
	char dig[17], out[40];
	uint64_t q;
	int x, nd = 17, n = 0;

	if (!isfinite(v) || v == 0 || !g17_digits(fabs(v), &q, &x))
		return snprintf(buf, bufsz, "%.17g", v);
	for (int i = 16; i >= 0; i--, q /= 10)
		dig[i] = (char)('0' + q % 10);
	while (nd > 1 && dig[nd - 1] == '0')
		nd--;
	if (v < 0)
		out[n++] = '-';
	/* %g: fixed notation when -4 <= x < precision, else scientific */
	if (x >= 0 && x < 17) {
		memcpy(out + n, dig, (size_t)x + 1);
		n += x + 1;
		if (nd > x + 1) {
			out[n++] = '.';
			memcpy(out + n, dig + x + 1, (size_t)(nd - x - 1));
			n += nd - x - 1;
		}
	} else if (x < 0 && x >= -4) {
		out[n++] = '0';
		out[n++] = '.';
		for (int i = -1; i > x; i--)
			out[n++] = '0';
		memcpy(out + n, dig, (size_t)nd);
		n += nd;
	} else {
		int e = x < 0 ? -x : x;
		out[n++] = dig[0];
		if (nd > 1) {
			out[n++] = '.';
			memcpy(out + n, dig + 1, (size_t)nd - 1);
			n += nd - 1;
		}
		out[n++] = 'e';
		out[n++] = x < 0 ? '-' : '+';
		if (e >= 100)
			out[n++] = (char)('0' + e / 100);
		out[n++] = (char)('0' + e / 10 % 10);
		out[n++] = (char)('0' + e % 10);
	}
	out[n] = '\0';
	return put_str(buf, bufsz, out, n);
}

/* --- parsing --- */

static int is_blank(char c)
{
	return c == ' ' || c == '\t';
}

const char *const oc_number_parser_names[OC_NUMBER_PARSER_COUNT + 1] = { "pandas", "exact", NULL };

/* Set once at start-up, before any reading thread exists. */
static enum oc_number_parser data_parser = OC_NUMBER_PANDAS;

void oc_set_number_parser(enum oc_number_parser p)
{
	data_parser = p;
}

static int parse_number(const char *s, size_t len, enum oc_number_parser how, double *out)
{
	const char *p = s, *end = s + len, *num_start, *num_end;
	uint64_t m = 0;
	int nd = 0, dropped = 0, frac = 0, digits = 0, neg = 0, has_exp = 0;
	long e = 0;

	while (p < end && is_blank(*p))
		p++;
	while (end > p && is_blank(end[-1]))
		end--;
	num_start = p;
	if (p < end && (*p == '+' || *p == '-'))
		neg = *p++ == '-';
	/* Mantissa: digits [. digits]; leading zeros do not count. */
	for (; p < end && *p >= '0' && *p <= '9'; p++, digits++) {
		if (nd < 19) {
			if (m || *p != '0') {
				m = m * 10 + (uint64_t)(*p - '0');
				nd++;
			}
		} else {
			dropped = 1;
			e++;
		}
	}
	if (p < end && *p == '.') {
		for (p++; p < end && *p >= '0' && *p <= '9'; p++, digits++) {
			if (nd < 19) {
				if (m || *p != '0') {
					m = m * 10 + (uint64_t)(*p - '0');
					nd++;
				}
				frac++;
			} else {
				dropped = 1;
			}
		}
	}
	if (!digits) {
		/* inf, infinity, nan: numbers, but not finite ones */
		size_t rest = (size_t)(end - p);
		if ((rest == 3 && (!strncasecmp(p, "inf", 3) || !strncasecmp(p, "nan", 3))) ||
		    (rest == 8 && !strncasecmp(p, "infinity", 8)))
			return -2;
		return -1;
	}
	if (p < end && (*p == 'e' || *p == 'E')) {
		int eneg = 0, ed = 0;
		long ev = 0;
		has_exp = 1;
		p++;
		if (p < end && (*p == '+' || *p == '-'))
			eneg = *p++ == '-';
		for (; p < end && *p >= '0' && *p <= '9'; p++, ed++)
			if (ev < 100000)
				ev = ev * 10 + (*p - '0');
		if (!ed)
			return -1;
		e += eneg ? -ev : ev;
	}
	if (p != end)
		return -1;
	num_end = end;
	if (how == OC_NUMBER_PANDAS) {
#ifndef OC_NO_FAST_PATH
		/* pandas' xstrtod builds the number digit by digit in a double
		 * (number * 10 + digit, every digit up to 17, leading zeros
		 * included), exact while it stays below 2^53, negates it and
		 * divides by 10^(decimal digits).  With at most 17 digits, no
		 * exponent, a value below 2^53 and at most 22 decimals, that is
		 * the integer m converted exactly and the same division by an
		 * exact power of ten. */
		if (!has_exp && digits <= 17 && m < ((uint64_t)1 << 53) && frac <= 22) {
			double d = (double)m / pow10_exact[frac];
			*out = neg ? -d : d;
			return 0;
		}
#else
		(void)has_exp;
#endif
		return oc_pandas_xstrtod(num_start, num_end, out);
	}
	e -= frac;
#ifndef OC_NO_FAST_PATH
	if (!dropped && m < ((uint64_t)1 << 53) && e >= -22 && e <= 22) {
		double d = (double)m;
		d = e < 0 ? d / pow10_exact[-e] : d * pow10_exact[e];
		*out = neg ? -d : d;
		return 0;
	}
#else
	(void)pow10_exact;
	(void)dropped;
	(void)neg;
#endif
	{
		/* Exact slow path on a NUL-terminated copy of the checked text. */
		char small[64], *copy = small;
		size_t n = (size_t)(num_end - num_start);
		double d;
		if (n >= sizeof small && !(copy = malloc(n + 1)))
			return -1;
		memcpy(copy, num_start, n);
		copy[n] = '\0';
		d = strtod_c(copy, NULL);
		if (copy != small)
			free(copy);
		if (!isfinite(d))
			return -3;      /* a decimal number beyond the doubles */
		*out = d;
	}
	return 0;
}

int oc_parse_number(const char *s, size_t len, double *out)
{
	return parse_number(s, len, OC_NUMBER_EXACT, out);
}

int oc_parse_data_number(const char *s, size_t len, double *out)
{
	return parse_number(s, len, data_parser, out);
}

int oc_parse_double(const char *s, double *out)
{
	return oc_parse_number(s, strlen(s), out) == 0 ? 0 : -1;
}
