/* SPDX-License-Identifier: MIT */
/* linloss.c - scikit-learn's linear-model objectives (see linloss.h).
 * References: scikit-learn 1.2.1 sklearn/linear_model/_linear_loss.py
 * (weight_intercept_raw, loss_gradient, l2_penalty) and
 * sklearn/_loss/_loss.pyx.tp (closs_grad_half_binomial, loss_gradient,
 * sum_exp_minus_max); LAPACK 3.11 BLAS/SRC/dgemm.f for the two matrix
 * products of the multinomial loss. */
#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ml/linloss.h"
#include "core/npsum.h"
#include "core/team.h"
#include "ml/refblas.h"

/* The binomial loss splits its rows between threads from this many values
 * of X on; X.T @ g stays on one thread (split by features it was slower:
 * each part's few sums wait on one another's latency). */
#define BINOMIAL_TEAM_MIN_VALUES 100000

int oc_linloss_init(struct oc_linloss *ll)
{
	size_t n = ll->n_rows ? ll->n_rows : 1, k = ll->n_classes > 2 ? ll->n_classes : 1;
	ll->raw = malloc((2 * k + 1) * n * sizeof *ll->raw);
	if (!ll->raw)
		return -1;
	ll->loss = ll->raw + k * n;
	ll->grad = ll->loss + n;
	ll->nz = ll->nz_end = NULL;
	if (ll->n_classes > 2) {
		size_t d = ll->n_features;
		ll->nz = malloc((n * d + n) * sizeof *ll->nz);
		if (!ll->nz) {
			oc_linloss_free(ll);
			return -1;
		}
		ll->nz_end = ll->nz + n * d;
		for (size_t i = 0; i < ll->n_rows; i++) {
			size_t *e = ll->nz + i * d;
			for (size_t j = 0; j < d; j++)
				if (ll->x[i * d + j] != 0.0)
					*e++ = j;
			ll->nz_end[i] = (size_t)(e - ll->nz);
		}
		/* below this many products per evaluation a round of the team
		 * costs about what it saves */
		if (ll->n_threads > 1 && ll->n_rows * d * ll->n_classes >= 100000)
			ll->team = oc_team_new(ll->n_threads);     /* NULL: one thread */
	} else if (ll->n_threads > 1 && ll->n_rows * ll->n_features >= BINOMIAL_TEAM_MIN_VALUES) {
		ll->team = oc_team_new(ll->n_threads);
	}
	return 0;
}

void oc_linloss_free(struct oc_linloss *ll)
{
	oc_team_free(ll->team);
	ll->team = NULL;
	free(ll->raw);
	free(ll->nz);
	ll->raw = ll->loss = ll->grad = NULL;
	ll->nz = ll->nz_end = NULL;
}

/* The branches and thresholds (-37, 18) are those of the Cython code; the
 * gradient is expit(raw) - y in the form that does not cancel. */
double oc_half_binomial(double y_true, double raw_prediction, double *grad)
{
	double loss, tmp;
	if (raw_prediction <= 0) {
		tmp = exp(raw_prediction);
		if (raw_prediction <= -37)
			loss = tmp - y_true * raw_prediction;
		else
			loss = log1p(tmp) - y_true * raw_prediction;
		*grad = ((1 - y_true) * tmp - y_true) / (1 + tmp);
	} else {
		tmp = exp(-raw_prediction);
		if (raw_prediction <= 18)
			loss = log1p(tmp) + (1 - y_true) * raw_prediction;
		else
			loss = tmp + (1 - y_true) * raw_prediction;
		*grad = ((1 - y_true) - y_true * tmp) / (1 + tmp);
	}
	return loss;
}

/* Rows [n * part / n_parts, n * (part + 1) / n_parts) of
 * raw_prediction = X @ weights + intercept and of
 * HalfBinomialLoss.loss_gradient (sample_weight 1).  dgemv 'T' computes
 * each row's dot product on its own, from zero, so a part of the rows gets
 * the same bits as the whole matrix-vector product. */
static void binomial_rows(void *ctx, int part, int n_parts)
{
	struct oc_linloss *ll = ctx;
	size_t n = ll->n_rows, d = ll->n_features;
	size_t lo = n * (size_t)part / (size_t)n_parts, hi = n * (size_t)(part + 1) / (size_t)n_parts;
	double b = ll->coef[d];
	oc_matvec(ll->x + lo * d, (long)(hi - lo), (long)d, ll->coef, ll->raw + lo);
	for (size_t i = lo; i < hi; i++)
		ll->raw[i] = ll->raw[i] + b;
	for (size_t i = lo; i < hi; i++) {
		double gi, li = oc_half_binomial(ll->y[i], ll->raw[i], &gi);
		ll->loss[i] = 1.0 * li;
		ll->grad[i] = 1.0 * gi;
	}
}

int oc_linloss_binomial(void *ctx, const double *coef, double *f, double *g)
{
	struct oc_linloss *ll = ctx;
	long n = (long)ll->n_rows, d = (long)ll->n_features;
	const double *w = coef;
	double loss;

	if (ll->cancel && *ll->cancel)
		return 1;
	ll->coef = coef;
	oc_team_run(ll->team, binomial_rows, ll);
	ll->coef = NULL;
	/* loss.sum() + 0.5 * l2_reg_strength * (weights @ weights) */
	loss = oc_npsum(ll->loss, (size_t)n);
	loss += 0.5 * ll->l2_reg_strength * oc_ddot(d, w, w);
	/* grad[:n_features] = X.T @ grad_pointwise + l2_reg_strength * weights */
	oc_tmatvec(ll->x, n, d, ll->grad, g);
	for (long j = 0; j < d; j++)
		g[j] = g[j] + ll->l2_reg_strength * w[j];
	/* grad[-1] = grad_pointwise.sum() */
	g[d] = oc_npsum(ll->grad, (size_t)n);
	*f = loss;
	return 0;
}

/* raw = X @ W.T + intercept, as numpy's matmul hands it to CBLAS
 * (cblas_dgemm RowMajor NoTrans NoTrans, i.e. Fortran dgemm 'N' 'N' on the
 * transposes): each row's K scores start at zero and add x_ij * W(k, j)
 * feature by feature, skipping x_ij = 0 as dgemm skips a zero of B; then
 * the intercepts are broadcast-added. */
/* Two doubles operated on lane by lane (SSE2 on x86-64; GCC and clang
 * vector extensions): each lane rounds exactly as the scalar operation,
 * and the build forbids contracting a product and a sum into one. */
typedef double v2d __attribute__((vector_size(16)));

static inline v2d load2(const double *p)
{
	v2d v;
	memcpy(&v, p, sizeof v);
	return v;
}

static inline void store2(double *p, v2d v)
{
	memcpy(p, &v, sizeof v);
}

static void multinomial_raw(const struct oc_linloss *ll, const double *coef, size_t lo,
                            size_t hi)
{
	size_t d = ll->n_features, K = ll->n_classes;
	const double *b = coef + d * K;
	for (size_t i = lo; i < hi; i++) {
		const double *xi = ll->x + i * d;
		double *r = ll->raw + i * K;
		/* the row's nonzero features in order: the terms dgemm adds to
		 * each score, from zero; four classes at a time in registers */
		const size_t *p0 = ll->nz + i * d, *e = ll->nz + ll->nz_end[i];
		size_t k = 0;
		for (; k + 4 <= K; k += 4) {
			v2d a = { 0.0, 0.0 }, c = { 0.0, 0.0 };
			for (const size_t *p = p0; p < e; p++) {
				v2d t = { xi[*p], xi[*p] };
				const double *w = coef + *p * K + k;
				a = a + t * load2(w);
				c = c + t * load2(w + 2);
			}
			store2(r + k, a);
			store2(r + k + 2, c);
		}
		for (; k < K; k++) {
			double a = 0.0;
			for (const size_t *p = p0; p < e; p++)
				a = a + xi[*p] * coef[*p * K + k];
			r[k] = a;
		}
		for (k = 0; k < K; k++)
			r[k] = r[k] + b[k];
	}
}

/* HalfMultinomialLoss.loss_gradient of one row (sum_exp_minus_max, then
 * log-sum-exp minus the true class's score; gradient softmax - one-hot),
 * with sample weight 1. */
static double multinomial_row(const double *raw, size_t K, double y, double *grad)
{
	double mx = raw[0], sum = 0.0, loss;
	for (size_t k = 1; k < K; k++)
		if (mx < raw[k])
			mx = raw[k];
	for (size_t k = 0; k < K; k++) {
		grad[k] = exp(raw[k] - mx);
		sum += grad[k];
	}
	loss = log(sum) + mx;
	for (size_t k = 0; k < K; k++) {
		double is_k = y == (double)k;
		if (is_k != 0.0)
			loss -= raw[k];
		grad[k] /= sum;
		grad[k] = (grad[k] - is_k) * 1.0;
	}
	return loss * 1.0;
}

/* Rows [n * part / n_parts, n * (part + 1) / n_parts): their scores, losses
 * and pointwise gradients (each row's own: any split gives the same bits). */
static void multinomial_rows(void *ctx, int part, int n_parts)
{
	struct oc_linloss *ll = ctx;
	size_t n = ll->n_rows, K = ll->n_classes;
	size_t lo = n * (size_t)part / (size_t)n_parts, hi = n * (size_t)(part + 1) / (size_t)n_parts;
	multinomial_raw(ll, ll->coef, lo, hi);
	for (size_t i = lo; i < hi; i++)
		ll->loss[i] = multinomial_row(ll->raw + i * K, K, ll->y[i], ll->grad + i * K);
}

/* grad_pointwise.T @ X + l2_reg_strength * W for the features [d * part /
 * n_parts, d * (part + 1) / n_parts) of the gradient ll->gout.
 *
 * cblas_dgemm RowMajor Trans NoTrans = Fortran dgemm 'N' 'T', which for
 * each class adds g_ik * x_i row by row (skipping g_ik = 0) into zeroed
 * sums.  Each sum takes its terms in dgemm's order (rows ascending), so a
 * part of the features is the same sums whatever the split; the loops run
 * row, feature, class so that memory is read in order.  A term dgemm skips
 * (g_ik = 0) is added here as g_ik * x_ij = +-0 (x is finite): the sum
 * starts at +0 and a sum of doubles is -0 only when both terms are, so
 * adding +-0 leaves every sum's bits as skipping. */
static void multinomial_gemm(void *ctx, int part, int n_parts)
{
	struct oc_linloss *ll = ctx;
	size_t n = ll->n_rows, d = ll->n_features, K = ll->n_classes;
	size_t lo = d * (size_t)part / (size_t)n_parts, hi = d * (size_t)(part + 1) / (size_t)n_parts;
	double *g = ll->gout;
	for (size_t j = lo * K; j < hi * K; j++)
		g[j] = 0.0;
	for (size_t i = 0; i < n; i++) {
		const double *gi = ll->grad + i * K, *xi = ll->x + i * d;
		for (size_t j = lo; j < hi; j++) {
			double xij = xi[j], *gj = g + j * K;
			v2d t = { xij, xij };
			size_t k = 0;
			for (; k + 2 <= K; k += 2)
				store2(gj + k, load2(gj + k) + load2(gi + k) * t);
			for (; k < K; k++)
				gj[k] = gj[k] + gi[k] * xij;
		}
	}
	for (size_t j = lo * K; j < hi * K; j++)
		g[j] = g[j] + ll->l2_reg_strength * ll->coef[j];
}

int oc_linloss_multinomial(void *ctx, const double *coef, double *f, double *g)
{
	struct oc_linloss *ll = ctx;
	size_t n = ll->n_rows, d = ll->n_features, K = ll->n_classes;
	double loss;

	if (ll->cancel && *ll->cancel)
		return 1;
	ll->coef = coef;
	ll->gout = g;
	oc_team_run(ll->team, multinomial_rows, ll);
	/* loss.sum() + 0.5 * l2_reg_strength * squared_norm(weights): the
	 * weights are the first K * d values of coef, and squared_norm is
	 * np.dot of them (ddot) */
	loss = oc_npsum(ll->loss, n);
	loss += 0.5 * ll->l2_reg_strength * oc_ddot((long)(K * d), coef, coef);
	oc_team_run(ll->team, multinomial_gemm, ll);
	/* grad_pointwise.sum(axis=0): numpy reduces the C-ordered (n, K) array
	 * row after row, so each class's sum is sequential, not pairwise */
	for (size_t k = 0; k < K; k++) {
		double s = ll->grad[k];
		for (size_t i = 1; i < n; i++)
			s += ll->grad[i * K + k];
		g[d * K + k] = s;
	}
	ll->coef = ll->gout = NULL;
	*f = loss;
	return 0;
}
