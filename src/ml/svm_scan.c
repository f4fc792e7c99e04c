/* SPDX-License-Identifier: MIT */
/* svm_scan.c - the SMO solver's passes over the active set, libsvm's
 * Solver::select_working_set (WSS3: Fan, Chen and Lin, JMLR 6, 2005) and
 * the gradient update of Solver::Solve, as scikit-learn 1.2 bundles them
 * (sklearn/svm/src/libsvm/svm.cpp).
 *
 * The AVX2 paths run four rows per step with the same IEEE operations per
 * row as the scalar loops, so every value is the same; each lane keeps its
 * own best (same comparison, so the last row on ties), and the lanes are
 * merged by value and then by the larger row, which is the row the scalar
 * loop ends on.  Two identities make the lanes branch-free and are exact:
 * Gmax - G equals Gmax + (-G), and (2 y_i) Q equals -((-2 y_i y_t) Q) when
 * y_t = +1 (multiplying by +-1 or 2 only moves sign and exponent). */
#include "config.h"

#include <math.h>
#include <stdint.h>
#include <string.h>

#include "ml/svm_scan.h"

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#include <immintrin.h>
#define OC_SCAN_AVX2 1
#endif

#define TAU 1e-12   /* libsvm's floor of a non-positive curvature */

/* --- One row at a time: libsvm's loops, from row t on --- */

static int up_from(const signed char *y, const char *status, const double *G, int t, int n,
                   int idx, double *gmax)
{
	double m = *gmax;
	for (; t < n; t++) {
		if (y[t] == +1) {
			if (status[t] != OC_SVM_UPPER_BOUND && -G[t] >= m) {
				m = -G[t];
				idx = t;
			}
		} else {
			if (status[t] != OC_SVM_LOWER_BOUND && G[t] >= m) {
				m = G[t];
				idx = t;
			}
		}
	}
	*gmax = m;
	return idx;
}

struct low_state {
	double obj_min;     /* smallest objective decrease so far */
	int idx;            /* its row, -1 before any */
	double gmax2;
};

static void low_from(const signed char *y, const char *status, const double *G,
                     const double *QD, const float *Q_i, int i, double Gmax, int t, int n,
                     struct low_state *st)
{
	for (; t < n; t++) {
		double grad_diff, quad_coef, obj_diff;
		if (y[t] == +1) {
			if (status[t] == OC_SVM_LOWER_BOUND)
				continue;
			grad_diff = Gmax + G[t];
			if (G[t] >= st->gmax2)
				st->gmax2 = G[t];
			if (!(grad_diff > 0))
				continue;
			quad_coef = QD[i] + QD[t] - 2.0 * y[i] * (double)Q_i[t];
		} else {
			if (status[t] == OC_SVM_UPPER_BOUND)
				continue;
			grad_diff = Gmax - G[t];
			if (-G[t] >= st->gmax2)
				st->gmax2 = -G[t];
			if (!(grad_diff > 0))
				continue;
			quad_coef = QD[i] + QD[t] + 2.0 * y[i] * (double)Q_i[t];
		}
		if (quad_coef > 0)
			obj_diff = -(grad_diff * grad_diff) / quad_coef;
		else
			obj_diff = -(grad_diff * grad_diff) / TAU;
		if (obj_diff <= st->obj_min) {
			st->idx = t;
			st->obj_min = obj_diff;
		}
	}
}

static void grad_from(double *G, const float *Q_i, const float *Q_j, double dai, double daj,
                      int t, int n)
{
	for (; t < n; t++)
		G[t] += (double)Q_i[t] * dai + (double)Q_j[t] * daj;
}

static void gbar_from(double *G_bar, double c, const float *Q, int t, int n)
{
	for (; t < n; t++)
		G_bar[t] += c * (double)Q[t];
}

static void qfloat_from(float *out, const double *e, const signed char *y, int y_i, int t,
                        int n)
{
	for (; t < n; t++)
		out[t] = (float)((double)(y_i * y[t]) * e[t]);
}

/* --- Four rows at a time --- */

#ifdef OC_SCAN_AVX2
/* Lanes of y and status (bytes at p) as 64-bit integers. */
__attribute__((target("avx2"))) static inline __m256i bytes4(const void *p)
{
	int32_t b;
	memcpy(&b, p, sizeof b);
	return _mm256_cvtepi8_epi64(_mm_cvtsi32_si128(b));
}

/* The lane holding the best value: among the lanes whose value equals the
 * best, the one with the largest row (the last the scalar loop takes).
 * want_min selects the smallest value, else the largest.  Returns the row
 * (-1 when no lane took one) and the value in *v. */
__attribute__((target("avx2"))) static int merge_lanes(__m256d best, __m256d row, int want_min,
                                                       double *v)
{
	double b[4], r[4];
	int k, pick = 0;
	_mm256_storeu_pd(b, best);
	_mm256_storeu_pd(r, row);
	for (k = 1; k < 4; k++)
		if (want_min ? b[k] < b[pick] : b[k] > b[pick])
			pick = k;
	for (k = 0; k < 4; k++)
		if (b[k] == b[pick] && r[k] > r[pick])
			pick = k;
	*v = b[pick];
	return (int)r[pick];
}

__attribute__((target("avx2"))) static int up_avx2(const signed char *y, const char *status,
                                                   const double *G, int n, double *gmax)
{
	const __m256i one = _mm256_set1_epi64x(1);
	const __m256i lower = _mm256_set1_epi64x(OC_SVM_LOWER_BOUND);
	const __m256i upper = _mm256_set1_epi64x(OC_SVM_UPPER_BOUND);
	const __m256d sign = _mm256_set1_pd(-0.0), four = _mm256_set1_pd(4.0);
	__m256d best = _mm256_set1_pd(-HUGE_VAL), best_row = _mm256_set1_pd(-1.0);
	__m256d row = _mm256_setr_pd(0.0, 1.0, 2.0, 3.0);
	double m;
	int t, idx;

	for (t = 0; t + 4 <= n; t += 4) {
		__m256i ypos = _mm256_cmpeq_epi64(bytes4(y + t), one);
		__m256i st = bytes4(status + t);
		/* left out: y = +1 at the upper bound, y = -1 at the lower one */
		__m256i out = _mm256_blendv_epi8(_mm256_cmpeq_epi64(st, lower),
		                                 _mm256_cmpeq_epi64(st, upper), ypos);
		__m256d g = _mm256_loadu_pd(G + t);
		__m256d v = _mm256_blendv_pd(g, _mm256_xor_pd(g, sign), _mm256_castsi256_pd(ypos));
		__m256d take = _mm256_andnot_pd(_mm256_castsi256_pd(out),
		                                _mm256_cmp_pd(v, best, _CMP_GE_OQ));
		best = _mm256_blendv_pd(best, v, take);
		best_row = _mm256_blendv_pd(best_row, row, take);
		row = _mm256_add_pd(row, four);
	}
	idx = merge_lanes(best, best_row, 0, &m);
	if (idx < 0)
		m = -HUGE_VAL;
	idx = up_from(y, status, G, t, n, idx, &m);
	*gmax = m;
	return idx;
}

__attribute__((target("avx2"))) static int low_avx2(const signed char *y, const char *status,
                                                    const double *G, const double *QD,
                                                    const float *Q_i, int i, double Gmax, int n,
                                                    double *gmax2)
{
	const __m256i one = _mm256_set1_epi64x(1);
	const __m256i lower = _mm256_set1_epi64x(OC_SVM_LOWER_BOUND);
	const __m256i upper = _mm256_set1_epi64x(OC_SVM_UPPER_BOUND);
	const __m256d sign = _mm256_set1_pd(-0.0), four = _mm256_set1_pd(4.0);
	const __m256d plus = _mm256_set1_pd(1.0), minus = _mm256_set1_pd(-1.0);
	const __m256d gmax = _mm256_set1_pd(Gmax), qd_i = _mm256_set1_pd(QD[i]);
	const __m256d m2y_i = _mm256_set1_pd(-2.0 * y[i]), tau = _mm256_set1_pd(TAU);
	const __m256d zero = _mm256_setzero_pd();
	__m256d best = _mm256_set1_pd(HUGE_VAL), best_row = _mm256_set1_pd(-1.0);
	__m256d g2 = _mm256_set1_pd(-HUGE_VAL), row = _mm256_setr_pd(0.0, 1.0, 2.0, 3.0);
	struct low_state st;
	double g2l[4];
	int t;

	for (t = 0; t + 4 <= n; t += 4) {
		__m256i ypos = _mm256_cmpeq_epi64(bytes4(y + t), one);
		__m256i s = bytes4(status + t);
		/* left out: y = +1 at the lower bound, y = -1 at the upper one */
		__m256d in = _mm256_castsi256_pd(_mm256_xor_si256(
			_mm256_blendv_epi8(_mm256_cmpeq_epi64(s, upper), _mm256_cmpeq_epi64(s, lower),
			                   ypos),
			_mm256_set1_epi64x(-1)));
		__m256d y_t = _mm256_blendv_pd(minus, plus, _mm256_castsi256_pd(ypos));
		__m256d yg = _mm256_mul_pd(_mm256_loadu_pd(G + t), y_t);
		__m256d grad_diff = _mm256_add_pd(gmax, yg);
		__m256d q = _mm256_cvtps_pd(_mm_loadu_ps(Q_i + t));
		__m256d quad = _mm256_add_pd(_mm256_add_pd(qd_i, _mm256_loadu_pd(QD + t)),
		                             _mm256_mul_pd(_mm256_mul_pd(m2y_i, y_t), q));
		__m256d den = _mm256_blendv_pd(tau, quad, _mm256_cmp_pd(quad, zero, _CMP_GT_OQ));
		__m256d obj = _mm256_div_pd(_mm256_xor_pd(_mm256_mul_pd(grad_diff, grad_diff), sign),
		                            den);
		__m256d take2 = _mm256_and_pd(in, _mm256_cmp_pd(yg, g2, _CMP_GE_OQ));
		__m256d take = _mm256_and_pd(_mm256_and_pd(in, _mm256_cmp_pd(grad_diff, zero,
		                                                              _CMP_GT_OQ)),
		                             _mm256_cmp_pd(obj, best, _CMP_LE_OQ));
		g2 = _mm256_blendv_pd(g2, yg, take2);
		best = _mm256_blendv_pd(best, obj, take);
		best_row = _mm256_blendv_pd(best_row, row, take);
		row = _mm256_add_pd(row, four);
	}
	st.idx = merge_lanes(best, best_row, 1, &st.obj_min);
	if (st.idx < 0)
		st.obj_min = HUGE_VAL;
	/* only the largest value of Gmax2 matters: it is compared, never stored */
	_mm256_storeu_pd(g2l, g2);
	st.gmax2 = g2l[0];
	for (int k = 1; k < 4; k++)
		if (g2l[k] >= st.gmax2)
			st.gmax2 = g2l[k];
	low_from(y, status, G, QD, Q_i, i, Gmax, t, n, &st);
	*gmax2 = st.gmax2;
	return st.idx;
}

__attribute__((target("avx2"))) static void grad_avx2(double *G, const float *Q_i,
                                                      const float *Q_j, double dai, double daj,
                                                      int n)
{
	const __m256d a = _mm256_set1_pd(dai), b = _mm256_set1_pd(daj);
	int t;
	for (t = 0; t + 4 <= n; t += 4) {
		__m256d qi = _mm256_cvtps_pd(_mm_loadu_ps(Q_i + t));
		__m256d qj = _mm256_cvtps_pd(_mm_loadu_ps(Q_j + t));
		__m256d sum = _mm256_add_pd(_mm256_mul_pd(qi, a), _mm256_mul_pd(qj, b));
		_mm256_storeu_pd(G + t, _mm256_add_pd(_mm256_loadu_pd(G + t), sum));
	}
	grad_from(G, Q_i, Q_j, dai, daj, t, n);
}

__attribute__((target("avx2"))) static void gbar_avx2(double *G_bar, double c, const float *Q,
                                                      int n)
{
	const __m256d cv = _mm256_set1_pd(c);
	int t;
	for (t = 0; t + 4 <= n; t += 4) {
		__m256d q = _mm256_cvtps_pd(_mm_loadu_ps(Q + t));
		_mm256_storeu_pd(G_bar + t,
		                 _mm256_add_pd(_mm256_loadu_pd(G_bar + t), _mm256_mul_pd(cv, q)));
	}
	gbar_from(G_bar, c, Q, t, n);
}

__attribute__((target("avx2"))) static void qfloat_avx2(float *out, const double *e,
                                                        const signed char *y, int y_i, int n)
{
	const __m128i yi = _mm_set1_epi32(y_i);
	int t;
	for (t = 0; t + 4 <= n; t += 4) {
		int32_t b;
		memcpy(&b, y + t, sizeof b);
		__m128i yy = _mm_mullo_epi32(_mm_cvtepi8_epi32(_mm_cvtsi32_si128(b)), yi);
		__m256d v = _mm256_mul_pd(_mm256_cvtepi32_pd(yy), _mm256_loadu_pd(e + t));
		_mm_storeu_ps(out + t, _mm256_cvtpd_ps(v));
	}
	qfloat_from(out, e, y, y_i, t, n);
}
#endif

/* --- Entry points --- */

int oc_svm_scan_up(const signed char *y, const char *status, const double *G, int n,
                   int avx2, double *gmax)
{
#ifdef OC_SCAN_AVX2
	if (avx2)
		return up_avx2(y, status, G, n, gmax);
#endif
	(void)avx2;
	*gmax = -HUGE_VAL;
	return up_from(y, status, G, 0, n, -1, gmax);
}

int oc_svm_scan_low(const signed char *y, const char *status, const double *G,
                    const double *QD, const float *Q_i, int i, double Gmax, int n, int avx2,
                    double *gmax2)
{
	struct low_state st = { HUGE_VAL, -1, -HUGE_VAL };
#ifdef OC_SCAN_AVX2
	/* without a column (I_up empty, Gmax = -inf) no row passes grad_diff > 0 */
	if (avx2 && Q_i)
		return low_avx2(y, status, G, QD, Q_i, i, Gmax, n, gmax2);
#endif
	(void)avx2;
	low_from(y, status, G, QD, Q_i, i, Gmax, 0, n, &st);
	*gmax2 = st.gmax2;
	return st.idx;
}

void oc_svm_scan_grad(double *G, const float *Q_i, const float *Q_j, double dai, double daj,
                      int n, int avx2)
{
#ifdef OC_SCAN_AVX2
	if (avx2) {
		grad_avx2(G, Q_i, Q_j, dai, daj, n);
		return;
	}
#endif
	(void)avx2;
	grad_from(G, Q_i, Q_j, dai, daj, 0, n);
}

void oc_svm_scan_gbar(double *G_bar, double c, const float *Q, int n, int avx2)
{
#ifdef OC_SCAN_AVX2
	if (avx2) {
		gbar_avx2(G_bar, c, Q, n);
		return;
	}
#endif
	(void)avx2;
	gbar_from(G_bar, c, Q, 0, n);
}

void oc_svm_scan_qfloat(float *out, const double *e, const signed char *y, int y_i, int n,
                        int avx2)
{
#ifdef OC_SCAN_AVX2
	if (avx2) {
		qfloat_avx2(out, e, y, y_i, n);
		return;
	}
#endif
	(void)avx2;
	qfloat_from(out, e, y, y_i, 0, n);
}
