/* SPDX-License-Identifier: MIT */
/* pdnumber.c - pandas 1.5's precise_xstrtod (see pdnumber.h).
 * Reference: pandas 1.5.3, pandas/_libs/src/parser/tokenizer.c. */
#include "config.h"

#include <math.h>

#include "core/pdnumber.h"

/* 1e0 .. 1e308, each the correctly rounded double of its literal, as
 * pandas' table is. */
#define P10_ROW(d) 1e##d##0, 1e##d##1, 1e##d##2, 1e##d##3, 1e##d##4, \
	1e##d##5, 1e##d##6, 1e##d##7, 1e##d##8, 1e##d##9,
static const double p10[309] = {
	P10_ROW() P10_ROW(1) P10_ROW(2) P10_ROW(3) P10_ROW(4) P10_ROW(5) P10_ROW(6)
	P10_ROW(7) P10_ROW(8) P10_ROW(9) P10_ROW(10) P10_ROW(11) P10_ROW(12) P10_ROW(13)
	P10_ROW(14) P10_ROW(15) P10_ROW(16) P10_ROW(17) P10_ROW(18) P10_ROW(19) P10_ROW(20)
	P10_ROW(21) P10_ROW(22) P10_ROW(23) P10_ROW(24) P10_ROW(25) P10_ROW(26) P10_ROW(27)
	P10_ROW(28) P10_ROW(29)
	1e300, 1e301, 1e302, 1e303, 1e304, 1e305, 1e306, 1e307, 1e308,
};
#undef P10_ROW

#define PD_MAX_DIGITS 17

static int is_digit(char c)
{
	return c >= '0' && c <= '9';
}

int oc_pandas_xstrtod(const char *s, const char *end, double *out)
{
	const char *p = s;
	double number = 0.0;
	int neg = 0, nd = 0, ndec = 0;
	long exponent = 0;

	if (p < end && (*p == '+' || *p == '-'))
		neg = *p++ == '-';
	/* Every digit counts toward the 17, leading zeros included; integer
	 * digits past them scale by ten, decimal ones are dropped. */
	for (; p < end && is_digit(*p); p++) {
		if (nd < PD_MAX_DIGITS) {
			number = number * 10. + (*p - '0');
			nd++;
		} else {
			exponent++;
		}
	}
	if (p < end && *p == '.') {
		for (p++; p < end && is_digit(*p); p++) {
			if (nd < PD_MAX_DIGITS) {
				number = number * 10. + (*p - '0');
				nd++;
				ndec++;
			}
		}
		exponent -= ndec;
	}
	if (neg)
		number = -number;
	if (p < end && (*p == 'e' || *p == 'E')) {
		int eneg = 0, ed = 0;
		long n = 0;
		p++;
		if (p < end && (*p == '+' || *p == '-'))
			eneg = *p++ == '-';
		for (; p < end && is_digit(*p) && ed < PD_MAX_DIGITS; p++, ed++)
			n = n < 100000000L ? n * 10 + (*p - '0') : n;
		if (p != end)
			return -1;
		exponent += eneg ? -n : n;
	}

	if (exponent > 308)
		return number == 0.0 ? -2 : -3;   /* 1e309: a number too large */
	if (exponent > 0)
		number *= p10[exponent];
	else if (exponent < -308) {
		/* below 1e-308: two divisions, as pandas does */
		if (exponent < -616) {
			number = 0.;
		} else {
			number /= p10[-308 - exponent];
			number /= p10[308];
		}
	} else {
		number /= p10[-exponent];
	}
	if (isinf(number))
		return -3;
	*out = number;
	return 0;
}
