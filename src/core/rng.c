/* SPDX-License-Identifier: MIT */
/* rng.c - MT19937 with numpy legacy RandomState draws (see rng.h).
 * Reference: M. Matsumoto, T. Nishimura, "Mersenne Twister", ACM TOMACS 8(1), 1998;
 * numpy/random/src/mt19937 and numpy/random/src/legacy/legacy-distributions.c. */
#include "config.h"

#include <math.h>

#include "core/rng.h"

#define MT_M 397
#define MATRIX_A 0x9908b0dfU
#define UPPER_MASK 0x80000000U
#define LOWER_MASK 0x7fffffffU

void oc_rng_seed(struct oc_rng *r, uint32_t seed)
{
	r->mt[0] = seed;
	for (int i = 1; i < OC_MT_N; i++)
		r->mt[i] = 1812433253U * (r->mt[i - 1] ^ (r->mt[i - 1] >> 30)) + (uint32_t)i;
	r->mti = OC_MT_N;
	r->has_gauss = 0;
	r->gauss = 0.0;
}

static void mt_generate(struct oc_rng *r)
{
	uint32_t y;
	int k;
	for (k = 0; k < OC_MT_N - MT_M; k++) {
		y = (r->mt[k] & UPPER_MASK) | (r->mt[k + 1] & LOWER_MASK);
		r->mt[k] = r->mt[k + MT_M] ^ (y >> 1) ^ (-(y & 1U) & MATRIX_A);
	}
	for (; k < OC_MT_N - 1; k++) {
		y = (r->mt[k] & UPPER_MASK) | (r->mt[k + 1] & LOWER_MASK);
		r->mt[k] = r->mt[k + (MT_M - OC_MT_N)] ^ (y >> 1) ^ (-(y & 1U) & MATRIX_A);
	}
	y = (r->mt[OC_MT_N - 1] & UPPER_MASK) | (r->mt[0] & LOWER_MASK);
	r->mt[OC_MT_N - 1] = r->mt[MT_M - 1] ^ (y >> 1) ^ (-(y & 1U) & MATRIX_A);
	r->mti = 0;
}

uint32_t oc_rng_u32(struct oc_rng *r)
{
	uint32_t y;
	if (r->mti >= OC_MT_N)
		mt_generate(r);
	y = r->mt[r->mti++];
	y ^= y >> 11;
	y ^= (y << 7) & 0x9d2c5680U;
	y ^= (y << 15) & 0xefc60000U;
	y ^= y >> 18;
	return y;
}

double oc_rng_double(struct oc_rng *r)
{
	uint32_t a = oc_rng_u32(r) >> 5, b = oc_rng_u32(r) >> 6;
	return (a * 67108864.0 + b) / 9007199254740992.0;
}

double oc_rng_uniform(struct oc_rng *r, double low, double high)
{
	return low + (high - low) * oc_rng_double(r);
}

double oc_rng_gauss(struct oc_rng *r)
{
	double x1, x2, r2, f;
	if (r->has_gauss) {
		r->has_gauss = 0;
		return r->gauss;
	}
	do {
		x1 = 2.0 * oc_rng_double(r) - 1.0;
		x2 = 2.0 * oc_rng_double(r) - 1.0;
		r2 = x1 * x1 + x2 * x2;
	} while (r2 >= 1.0 || r2 == 0.0);
	f = sqrt(-2.0 * log(r2) / r2);
	r->gauss = f * x1;
	r->has_gauss = 1;
	return f * x2;
}

double oc_rng_normal(struct oc_rng *r, double loc, double scale)
{
	return loc + scale * oc_rng_gauss(r);
}

uint32_t oc_rng_interval(struct oc_rng *r, uint32_t max)
{
	uint32_t mask, v;
	if (max == 0)
		return 0;
	mask = max;
	mask |= mask >> 1;
	mask |= mask >> 2;
	mask |= mask >> 4;
	mask |= mask >> 8;
	mask |= mask >> 16;
	while ((v = (oc_rng_u32(r) & mask)) > max)
		;
	return v;
}

int64_t oc_rng_randint(struct oc_rng *r, int64_t low, int64_t high)
{
	return low + (int64_t)oc_rng_interval(r, (uint32_t)(high - 1 - low));
}

void oc_rng_shuffle(struct oc_rng *r, size_t *a, size_t n)
{
	for (size_t i = n; i-- > 1;) {
		size_t j = oc_rng_interval(r, (uint32_t)i), t = a[i];
		a[i] = a[j];
		a[j] = t;
	}
}

void oc_rng_permutation(struct oc_rng *r, size_t *out, size_t n)
{
	for (size_t i = 0; i < n; i++)
		out[i] = i;
	oc_rng_shuffle(r, out, n);
}
