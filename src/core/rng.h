/* SPDX-License-Identifier: MIT */
/* rng.h - numpy's legacy RandomState (MT19937), reproduced draw for draw.
 *
 * Matsumoto & Nishimura (1998), seeded with init_genrand as numpy does for
 * an integer seed; double draws, bounded integers, permutations and the
 * polar Box-Muller normal follow numpy 1.24's legacy code paths, so the
 * same seed gives the same stream as np.random.RandomState(seed). */
#ifndef OC_RNG_H
#define OC_RNG_H

#include <stdint.h>
#include <stddef.h>

#define OC_MT_N 624

struct oc_rng {
	uint32_t mt[OC_MT_N];
	int mti;
	int has_gauss;      /* a second Box-Muller value is kept */
	double gauss;
};

/* Seeds like RandomState(seed) for 0 <= seed < 2^32. */
void oc_rng_seed(struct oc_rng *r, uint32_t seed);

/* Next tempered 32-bit output. */
uint32_t oc_rng_u32(struct oc_rng *r);

/* Uniform double in [0,1) from two outputs (53 bits), as random_sample(). */
double oc_rng_double(struct oc_rng *r);

/* RandomState.uniform(low, high): low + (high-low)*u. */
double oc_rng_uniform(struct oc_rng *r, double low, double high);

/* Standard normal by the polar method, keeping the second value. */
double oc_rng_gauss(struct oc_rng *r);

/* RandomState.normal(loc, scale) = loc + scale*gauss(). */
double oc_rng_normal(struct oc_rng *r, double loc, double scale);

/* Integer in [0, max] by masked rejection (numpy's legacy bounded draw for
 * int64 ranges below 2^32).  max == 0 draws nothing. */
uint32_t oc_rng_interval(struct oc_rng *r, uint32_t max);

/* RandomState.randint(low, high) for high-low <= 2^32: low + interval(high-1-low). */
int64_t oc_rng_randint(struct oc_rng *r, int64_t low, int64_t high);

/* RandomState.permutation(n) into out[0..n-1] (Fisher-Yates from the end). */
void oc_rng_permutation(struct oc_rng *r, size_t *out, size_t n);

/* In-place shuffle of a size_t array as RandomState.shuffle does. */
void oc_rng_shuffle(struct oc_rng *r, size_t *a, size_t n);

#endif
