/* SPDX-License-Identifier: MIT */
/* npsum.c - numpy's pairwise float64 summation (see npsum.h).
 * Reference: numpy 1.24, numpy/core/src/umath/loops_utils.h.src, pairwise_sum. */
#include "config.h"

#include "core/npsum.h"

#define PW_BLOCKSIZE 128

double oc_np_pairwise(const double *a, size_t n)
{
	if (n < 8) {
		double res = 0.;
		for (size_t i = 0; i < n; i++)
			res += a[i];
		return res;
	}
	if (n <= PW_BLOCKSIZE) {
		double r[8], res;
		size_t i;
		for (int j = 0; j < 8; j++)
			r[j] = a[j];
		for (i = 8; i < n - (n % 8); i += 8)
			for (int j = 0; j < 8; j++)
				r[j] += a[i + j];
		/* the grouping of the eight partial sums is part of the result */
		res = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
		for (; i < n; i++)
			res += a[i];
		return res;
	}
	size_t n2 = n / 2;
	n2 -= n2 % 8;
	return oc_np_pairwise(a, n2) + oc_np_pairwise(a + n2, n - n2);
}

double oc_npsum(const double *a, size_t n)
{
	/* The reduction's output starts at the identity 0.0, and the ufunc
	 * machinery hands the inner loop at most one buffer (8192 values) at
	 * a time, so long arrays are summed pairwise chunk by chunk. */
	double res = 0.0;
	for (size_t s = 0; s < n; s += OC_NP_BUFSIZE)
		res += oc_np_pairwise(a + s, n - s < OC_NP_BUFSIZE ? n - s : OC_NP_BUFSIZE);
	return res;
}
