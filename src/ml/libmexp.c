/* SPDX-License-Identifier: MIT */
/* libmexp.c - glibc's exp, four values at a time (see libmexp.h).
 *
 * Reference: glibc 2.36 sysdeps/ieee754/dbl-64/e_exp.c and exp_data.c
 * (EXP_TABLE_BITS 7, EXP_POLY_ORDER 5), built for x86-64 by
 * sysdeps/x86_64/fpu/multiarch/e_exp.c, whose ifunc takes the build with
 * -mfma -mavx2 when the CPU has FMA and AVX2.  In that build GCC fuses
 *   kd  = x * InvLn2N + Shift
 *   r   = (x + kd * NegLn2hiN) + kd * NegLn2loN
 *   tmp = ((tail + r) + r2 * (C2 + r * C3)) + r2 * r2 * (C4 + r * C5)
 *   y   = scale + scale * tmp
 * into single roundings wherever a product feeds a sum, as the vfmadd
 * instructions of Debian's libm.so.6 show; the code below does the same
 * operations, lane by lane. */
#include "config.h"

#include <math.h>
#include <pthread.h>
#include <stdint.h>
#include <string.h>

#include "core/cpu.h"
#include "ml/libmexp.h"

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#define OC_EXP_AVX2 1
#include <immintrin.h>
#include "ml/libmexp_table.h"

/* exp_data.c's constants: 128/ln2, -ln2/128 in two parts, the polynomial
 * coefficients C2..C5 (Sollya fits, not derivable), and 1.5 * 2^52, which
 * rounds to an integer and leaves it in the low bits. */
static const double inv_ln2_n = 0x1.71547652b82fep+7;
static const double neg_ln2_hi_n = -0x1.62e42fefa0000p-8;
static const double neg_ln2_lo_n = -0x1.cf79abc9e3b3ap-47;
static const double c2 = 0x1.ffffffffffdbdp-2, c3 = 0x1.555555555543cp-3;
static const double c4 = 0x1.55555cf172b91p-5, c5 = 0x1.1111167a4d017p-7;
static const double shift = 0x1.8p52;

/* Four lanes of e_exp.c's main path.  A lane whose |x| is below 2^-54 or
 * at least 512 (exponent field outside [0x3c9, 0x408)), inf or nan takes
 * e_exp.c's special cases: those lanes are computed by exp() itself. */
__attribute__((target("avx2,fma"))) static void exp_avx2_fma(const double *x, double *y,
                                                              size_t n)
{
	const __m256d vinv = _mm256_set1_pd(inv_ln2_n), vshift = _mm256_set1_pd(shift);
	const __m256d vhi = _mm256_set1_pd(neg_ln2_hi_n), vlo = _mm256_set1_pd(neg_ln2_lo_n);
	const __m256d vc2 = _mm256_set1_pd(c2), vc3 = _mm256_set1_pd(c3);
	const __m256d vc4 = _mm256_set1_pd(c4), vc5 = _mm256_set1_pd(c5);
	const __m256i mask7ff = _mm256_set1_epi64x(0x7ff), mask7f = _mm256_set1_epi64x(0x7f);
	const __m256i below = _mm256_set1_epi64x(0x3c9 - 1), above = _mm256_set1_epi64x(0x408);
	const long long *tab = (const long long *)libm_exp_table;
	size_t i = 0;

	for (; i + 4 <= n; i += 4) {
		__m256d vx = _mm256_loadu_pd(x + i);
		__m256i top = _mm256_and_si256(_mm256_srli_epi64(_mm256_castpd_si256(vx), 52), mask7ff);
		__m256i ok = _mm256_and_si256(_mm256_cmpgt_epi64(top, below),
		                              _mm256_cmpgt_epi64(above, top));
		int lanes = _mm256_movemask_pd(_mm256_castsi256_pd(ok));
		double keep[4];
		if (lanes != 0xf)
			_mm256_storeu_pd(keep, vx);
		/* x = k ln2/128 + r, |r| <= ln2/256 */
		__m256d kd = _mm256_fmadd_pd(vx, vinv, vshift);
		__m256i ki = _mm256_castpd_si256(kd);
		kd = _mm256_sub_pd(kd, vshift);
		__m256d r = _mm256_fmadd_pd(kd, vhi, vx);
		r = _mm256_fmadd_pd(kd, vlo, r);
		/* 2^(k/128) = scale (1 + tail): table entry k mod 128, exponent
		 * bits from k */
		__m256i idx = _mm256_slli_epi64(_mm256_and_si256(ki, mask7f), 1);
		__m256d tail = _mm256_castsi256_pd(_mm256_i64gather_epi64(tab, idx, 8));
		__m256i sbits = _mm256_add_epi64(_mm256_i64gather_epi64(tab + 1, idx, 8),
		                                 _mm256_slli_epi64(ki, 45));
		__m256d scale = _mm256_castsi256_pd(sbits);
		__m256d r2 = _mm256_mul_pd(r, r);
		__m256d p23 = _mm256_fmadd_pd(r, vc3, vc2);
		__m256d p45 = _mm256_fmadd_pd(r, vc5, vc4);
		__m256d tmp = _mm256_add_pd(r, tail);
		tmp = _mm256_fmadd_pd(p23, r2, tmp);
		tmp = _mm256_fmadd_pd(_mm256_mul_pd(r2, r2), p45, tmp);
		_mm256_storeu_pd(y + i, _mm256_fmadd_pd(scale, tmp, scale));
		if (lanes != 0xf)
			for (int k = 0; k < 4; k++)
				if (!(lanes >> k & 1))
					y[i + (size_t)k] = exp(keep[k]);
	}
	for (; i < n; i++)
		y[i] = exp(x[i]);
}

/* Arguments at which glibc's FMA and non-FMA builds of exp round to
 * different doubles (found by running both), then a spread over the
 * kernel's range and the edges of the fast path. */
static const double probes[] = {
#include "ml/libmexp_probes.h"
};

static int use_avx2;
static pthread_once_t chosen = PTHREAD_ONCE_INIT;

static void choose(void)
{
	double got[64], want;
	size_t n = sizeof probes / sizeof probes[0];
	if (!oc_cpu_has("avx2 fma"))
		return;
	for (size_t i = 0; i < n; i += 64) {
		size_t m = n - i < 64 ? n - i : 64;
		exp_avx2_fma(probes + i, got, m);
		for (size_t k = 0; k < m; k++) {
			want = exp(probes[i + k]);
			if (memcmp(&want, &got[k], sizeof want) != 0)
				return;
		}
	}
	use_avx2 = 1;
}
#endif

void oc_exp_many(const double *x, double *y, size_t n)
{
#ifdef OC_EXP_AVX2
	pthread_once(&chosen, choose);
	if (use_avx2) {
		exp_avx2_fma(x, y, n);
		return;
	}
#endif
	for (size_t i = 0; i < n; i++)
		y[i] = exp(x[i]);
}

const char *oc_exp_many_path(void)
{
#ifdef OC_EXP_AVX2
	pthread_once(&chosen, choose);
	if (use_avx2)
		return "avx2-fma";
#endif
	return "libm";
}
