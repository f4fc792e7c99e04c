/* SPDX-License-Identifier: MIT */
/* nplogexp.c - numpy 1.24's float64 log and exp on each of its targets, in
 * scalar C (see nplogexp.h).
 *
 * Every vector instruction becomes the same scalar operation in the same
 * order: a fused multiply-add stays fma(), a plain multiply or add stays
 * unfused (the build uses -ffp-contract=off), VSCALEFPD is ldexp() with
 * floor() of its exponent argument.  Tables: nplogexp_tables.h. */
#include "config.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/cpu.h"
#include "ml/nplogexp.h"
#include "ml/nplogexp_tables.h"

const char *const oc_numpy_simd_names[OC_NUMPY_SIMD_COUNT + 1] = { "baseline", "auto", "avx512f", NULL };
const char *const oc_np_kernel_names[OC_NP_KERNEL_COUNT] = { "libm", "avx512f", "avx512_skx" };

/* True when numpy's NPY_DISABLE_CPU_FEATURES lists name: numpy then
 * treats the feature as absent. */
static bool numpy_disabled(const char *name)
{
	return oc_cpu_env_lists("NPY_DISABLE_CPU_FEATURES", name);
}

enum oc_np_kernel oc_np_kernel_of_cpu(void)
{
	/* numpy's npy_cpu_features.c asks CPUID for the features and XGETBV
	 * for the OS's ZMM state, as GCC's and clang's builtin does, then
	 * drops those NPY_DISABLE_CPU_FEATURES names; its dispatcher takes the
	 * highest target left. */
#if defined(__GNUC__) && (defined(__x86_64__) || defined(__i386__))
	__builtin_cpu_init();
	if (__builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512cd") &&
	    __builtin_cpu_supports("avx512bw") && __builtin_cpu_supports("avx512dq") &&
	    __builtin_cpu_supports("avx512vl") && !numpy_disabled("AVX512_SKX"))
		return OC_NP_AVX512_SKX;
	if (__builtin_cpu_supports("avx512f") && !numpy_disabled("AVX512F"))
		return OC_NP_AVX512F;
	return OC_NP_LIBM;
#else
	return OC_NP_LIBM;
#endif
}

enum oc_np_kernel oc_np_kernel_for(enum oc_numpy_simd mode)
{
	switch (mode) {
	case OC_NUMPY_SIMD_AUTO:
		return oc_np_kernel_of_cpu();
	case OC_NUMPY_SIMD_AVX512F:
		return OC_NP_AVX512_SKX;
	default:
		return OC_NP_LIBM;
	}
}

static uint64_t bits_of(double x)
{
	uint64_t u;
	memcpy(&u, &x, sizeof u);
	return u;
}

static double double_of(uint64_t u)
{
	double x;
	memcpy(&x, &u, sizeof x);
	return x;
}

/* VPSRAQ: arithmetic right shift of a two's-complement 64-bit value. */
static int64_t sra64(uint64_t v, unsigned s)
{
	uint64_t r = v >> s;
	if (v >> 63)
		r |= ~(UINT64_MAX >> s);
	return r >> 63 ? -(int64_t)~r - 1 : (int64_t)r;
}

/* ---- AVX512_SKX: SVML, numpy/SVML linux/avx512/svml_z0_exp_d_la.s ---- */

/* __svml_dexp_cout_rare_internal: |x| >= 707.7, infinities.  Scalar SSE
 * code, nothing fused: 2^(j/64) table, degree-6 polynomial, and a split
 * product for results below DBL_MIN. */
static double svml_exp_rare(double x)
{
	const double c2 = 0x1p-1, c3 = 0x1.55555555548f8p-3, c4 = 0x1.5555555558fccp-5,
	             c5 = 0x1.111123aaf20d3p-7, c6 = 0x1.6c16a1c2a3ffdp-10;
	unsigned bexp = (unsigned)(bits_of(x) >> 52) & 0x7ff;
	if (bexp == 0x7ff)
		return x == -HUGE_VAL ? 0.0 : x * x;
	if (bexp <= 970)
		return 1.0 + x;
	if (x > 0x1.62e42fefa39efp+9)
		return HUGE_VAL;
	if (x < -0x1.74910d52d3051p+9)
		return 0.0;
	double t = x * 0x1.71547652b82fep+6 + 0x1.8p52;   /* 64/ln2, round to integer */
	uint32_t n = (uint32_t)bits_of(t);
	double kd = t - 0x1.8p52;
	double r = (x - kd * 0x1.62e42fefa0000p-7) - kd * 0x1.cf79abc9e3b3ap-46;
	const double *tj = svml_exp_table[n & 63];
	double p = c6 * r + c5;
	p = p * r + c4;
	p = p * r + c3;
	p = p * r + c2;
	p = p * r;
	p = p * r + r;
	p = (p + tj[1]) * tj[0];
	if (x < -0x1.6232bdd7abcd2p+9) {
		/* result below DBL_MIN: scale by 2^(m+60), then by 2^-60 */
		uint32_t e = ((n >> 6) + 1083u) & 2047u;
		double scale = double_of((uint64_t)e << 52);
		double sp = p * scale, sh = scale * tj[0], a = sh + sp;
		if (e <= 50)
			return a * 0x1p-60;
		double b = (sh - a) + sp;
		double c = a * 0x1.8p32, hi = (a + c) - c;
		double lo = b + (a - hi);
		return hi * 0x1p-60 + lo * 0x1p-60;
	}
	uint32_t e = ((n >> 6) + 1023u) & 2047u;
	double y = p + tj[0];
	if (e == 2047)
		return y * double_of((uint64_t)(e - 1) << 52) * 2.0;
	return y * double_of((uint64_t)e << 52);
}

/* __svml_exp8: N = x log2(e) rounded toward zero to 1/16 (one FMA in RZ
 * mode), R = x - N ln2 in two fused steps, exp(R) - 1 by a degree-6
 * polynomial, times 2^frac(N) from a 16-entry table, scaled by 2^floor(N). */
static double svml_exp(double x)
{
	const double log2e = 0x1.71547652b82fep+0;
	const double ln2_hi = 0x1.62e42fefa39efp-1, ln2_lo = 0x1.abc9e3b39803fp-56;
	const double c2 = 0x1.0000000002622p-1, c3 = 0x1.5555554b508a2p-3,
	             c4 = 0x1.555564bb4f5f0p-5, c5 = 0x1.1106603d97c00p-7,
	             c6 = 0x1.72eb5ef0d213dp-10;
	if (isnan(x))
		return x + x;
	if (!(fabs(x) < 0x1.61da04cbafe44p+9))
		return svml_exp_rare(x);
	/* RZ(x*log2e + 1.5*2^48 + 1023) lies in [2^48, 2^49), where the step is
	 * 1/16: it equals floor(16 * exact x*log2e) / 16 plus the constant.
	 * The exact product is hi + lo (an FMA gives lo). */
	double hi = x * log2e, lo = fma(x, log2e, -hi);
	double f = floor(16.0 * hi);
	if (16.0 * hi == f && lo < 0.0)
		f -= 1.0;
	double nd = f / 16.0;
	int64_t fi = (int64_t)f;
	unsigned j = (unsigned)(fi & 15);
	int m = (int)((fi - (int64_t)j) / 16);

	double r = fma(-nd, ln2_hi, x);
	r = fma(-nd, ln2_lo, r);
	r = double_of(bits_of(r) & 0xbfffffffffffffffu);   /* keeps |R| < 2 */
	double r2 = r * r;
	double p56 = fma(c6, r, c5);
	double p34 = fma(c4, r, c3);
	double r3 = r2 * r;
	double p12 = fma(r2, c2, r);
	double p36 = fma(r2, p56, p34);
	double p16 = fma(r3, p36, p12);
	double th = svml_exp_table[4 * j][0];
	return ldexp(fma(th, p16, th), m);
}

/* VRCP14PD of a mantissa m in [1, 2), rounded by VRNDSCALEPD to 1/32,
 * is k/32 with k = 32 minus the number of these bounds that m's leading 18
 * fraction bits reach.  VRCP14PD reads only those 18 bits, so the bounds
 * were found by running it on all 2^18 of them (AMD EPYC, Zen 4; they
 * agree with the reference values made on an Intel Xeon). */
static const uint32_t rcp14_k_bounds[16] = {
	4156, 12892, 22224, 32192, 42904, 54412, 66828, 80252,
	94820, 110676, 128028, 147056, 168040, 191296, 217200, 246272,
};

/* __svml_log8 (svml_z0_log_d_la.s): x = 2^E m, r ~ 1/m to 1/32,
 * log x = E ln2 - log r + log1p(r m - 1), the last by a degree-8
 * polynomial.  Zero, negative and infinite x take the scalar routine. */
static double svml_log(double x)
{
	const double ln2 = 0x1.62e42fefa39efp-1;
	const double a2 = -0x1.fffffffffffc6p-2, a3 = 0x1.5555555555466p-2,
	             a4 = -0x1.00000000c05bdp-2, a5 = 0x1.9999999cc9f5cp-3,
	             a6 = -0x1.55553fb28db06p-3, a7 = 0x1.249229cee81efp-3,
	             a8 = -0x1.007357e93af62p-3, a9 = 0x1.c81cd309d7c70p-4;
	if (isnan(x))
		return x + x;
	if (x == 0.0)
		return -HUGE_VAL;
	if (x < 0.0)
		return -(double)NAN;    /* 0/0 on x86: the default NaN, sign bit set */
	if (isinf(x))
		return x;

	int e2;
	double m = 2.0 * frexp(x, &e2);     /* VGETMANTPD [1,2), VGETEXPPD */
	double e = (double)(e2 - 1);
	uint32_t top = (uint32_t)((bits_of(m) >> 34) & 0x3ffff);
	unsigned k = 32;
	for (int i = 0; i < 16 && top >= rcp14_k_bounds[i]; i++)
		k--;
	double rc = k / 32.0;

	double r = fma(rc, m, -1.0);
	double p1 = fma(a7, r, a6);
	double p2 = fma(a9, r, a8);
	double p3 = fma(a3, r, a2);
	double r2 = r * r;
	double p4 = fma(a5, r, a4);
	if (rc < 0.75)
		e = e + 1.0;
	double r4 = r2 * r2;
	double q1 = fma(r2, p2, p1);
	double q2 = fma(r2, p4, p3);
	double q = fma(r4, q1, q2);
	double poly = fma(r2, q, r);
	double s = svml_log_table[k & 15] + poly;
	return fma(ln2, e, s);
}

/* ---- AVX512F alone: numpy's own kernels, loops_exponent_log.dispatch.c.src ---- */

/* AVX512F_exp_DOUBLE.  Tang, "Table-driven implementation of the
 * exponential function in IEEE floating-point arithmetic", ACM TOMS 15
 * (1989): x = (32m + j) ln2/32 + r, exp x = 2^m (2^(j/32) + 2^(j/32) p(r)). */
static double tang_exp(double x)
{
	const double inv_ln2_32 = 0x1.71547652b82fep+5;   /* 32 / ln 2 */
	const double shift = 0x1.8p52;                     /* round to integer */
	const double neg_l1 = -0x1.62e42fefp-6, neg_l2 = -0x1.473de6af278edp-39;
	const double a1 = 0x1p-1, a2 = 0x1.5555555548f7cp-3, a3 = 0x1.5555555545d4ep-5,
	             a4 = 0x1.11115b7aa905ep-7, a5 = 0x1.6c1728d739765p-10;

	if (isnan(x))
		return (double)NAN;
	if (x > 0x1.62e42fefa39efp+9)
		return HUGE_VAL;
	if (x < -0x1.74910d52d3053p+9)
		return 0.0;
	if (fabs(x) < 0x1p-54)
		return 1.0;   /* the kernel's 0 + 1 for these lanes */

	double kd = x * inv_ln2_32 + shift;
	uint64_t ki = bits_of(kd);
	kd = kd - shift;
	double r1 = fma(kd, neg_l1, x);
	double r2 = kd * neg_l2;
	double r = r1 + r2;
	double q = fma(a5, r, a4);
	q = fma(q, r, a3);
	q = fma(q, r, a2);
	q = fma(q, r, a1);
	q = q * r;
	double p = r1 + fma(r, q, r2);
	const double *t = np_exp_table[ki & 0x1f];
	double s = t[0] + t[1];
	double res = fma(s, p, t[1]) + t[0];
	return ldexp(res, (int)floor(kd / 32.0));
}

/* AVX512F_log_DOUBLE.  Tang, "Table-driven implementation of the logarithm
 * function in IEEE floating-point arithmetic", ACM TOMS 16.4 (1990):
 * x = 2^k z, z in [1, 2), log x = k ln2 + log c + log(z/c), c = 1 + i/64.
 * Near 1 numpy calls the C library's log instead. */
static double tang_log(double x)
{
	const double a1 = 0x1.55555555554e6p-4, a2 = 0x1.9999999bac6d4p-7,
	             a3 = 0x1.2492307f1519fp-9, a4 = 0x1.c8034c85dfffp-12;
	const double ln2_hi = 0x1.62e42fefa4p-1, ln2_lo = -0x1.8432a1b0e2634p-43;

	if (x < 1.0 + 0x1.09p-4 && x > 1.0 - 0x1p-4)
		return log(x);
	if (isnan(x))
		return (double)NAN;
	if (x < 0.0)
		return -(double)NAN;
	if (x == 0.0)
		return -HUGE_VAL;
	if (isinf(x))
		return HUGE_VAL;

	uint64_t ix = bits_of(x);
	if ((ix & 0xfff0000000000000u) == 0) {      /* subnormal: scale by 2^52 */
		ix = bits_of(x * 0x1p52);
		ix -= (uint64_t)52 << 52;
	}
	uint64_t tmp = ix - 0x3ff0000000000000u;
	int64_t i = sra64(tmp, 52 - 6) & 0x3f;
	int64_t ik = sra64(tmp, 52);
	double z = double_of(ix - (tmp & 0xfff0000000000000u));
	double c = fma((double)i, 0x1p-6, 1.0);

	double u = 2.0 * ((z - c) / (z + c));
	double v = u * u;
	double res = fma(v, a4, a3);
	res = fma(v, res, a2);
	res = fma(v, res, a1);
	res = fma(u, v * res, u);

	double k = (double)(int32_t)ik;
	double tt = fma(k, ln2_hi, np_log_table[i][0]) + fma(k, ln2_lo, np_log_table[i][1]);
	return tt + res;
}

double oc_np_log(enum oc_np_kernel k, double x)
{
	switch (k) {
	case OC_NP_AVX512_SKX:
		return svml_log(x);
	case OC_NP_AVX512F:
		return tang_log(x);
	default:
		return log(x);
	}
}

double oc_np_exp(enum oc_np_kernel k, double x)
{
	switch (k) {
	case OC_NP_AVX512_SKX:
		return svml_exp(x);
	case OC_NP_AVX512F:
		return tang_exp(x);
	default:
		return exp(x);
	}
}
