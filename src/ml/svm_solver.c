/* SPDX-License-Identifier: MIT */
/* svm_solver.c - libsvm's SMO solver for the C-SVC dual with an RBF kernel.
 *
 * Objective: min 1/2 a'Qa - e'a  s.t.  y'a = 0, 0 <= a_i <= C_i, with
 * Q_ij = y_i y_j K(x_i, x_j) held in float32 as libsvm does.  Working sets
 * are chosen by second-order information (WSS3: R.-E. Fan, P.-H. Chen and
 * C.-J. Lin, "Working set selection using second order information for
 * training SVM", JMLR 6, 2005), with libsvm's shrinking and gradient
 * reconstruction (C.-C. Chang and C.-J. Lin, "LIBSVM: a library for
 * support vector machines", ACM TIST 2, 2011).
 *
 * This is a line-for-line port of the solver scikit-learn 1.2 bundles
 * (sklearn/svm/src/libsvm/svm.cpp: SVC_Q, Solver, solve_c_svc,
 * svm_group_classes, svm_train; the column cache is in svm_cache.c): every
 * tie rule, comparison and the float32 rounding of Q follow it, so the
 * iterations, alphas and rho are the same bit for bit.  Kernel values do
 * not depend on the cache, which only changes speed. */
#include "config.h"

#include <stdint.h>

#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/cpu.h"
#include "ml/libmexp.h"
#include "ml/svm_scan.h"
#include "ml/svm_impl.h"

#define TAU 1e-12
#define CANCEL_EVERY 2048   /* SMO iterations between looks at *cancel */

/* --- Solver state (libsvm's Solver plus SVC_Q and Kernel) --- */

struct smo {
	int l, active_size, d;
	int unshrink, oom;
	double eps, gamma;
	double *xc;             /* feature-major copy of the rows: xc[k*l + i],
	                         * permuted by swap_index */
	double *xsq;            /* |x_i|^2 */
	double *buf;            /* l doubles: dot products of one column */
	struct oc_svm_team *team;   /* helpers for fill_column, or NULL */
	int avx2;               /* the CPU has AVX2: fill_column's four-lane loop */
	signed char *y;
	double *QD, *G, *G_bar, *alpha, *p, *C;
	char *status;
	int *active_set;
	struct oc_svm_cache cache;
};

/* libsvm's dense dot product, summed left to right. */
static double dot(const double *a, const double *b, int d)
{
	double sum = 0;
	for (int k = 0; k < d; k++)
		sum += a[k] * b[k];
	return sum;
}

/* The training form of the RBF kernel (libsvm's kernel_rbf) on the diagonal. */
static double kernel_diag(const struct smo *s, int i)
{
	double sum = 0;
	for (int k = 0; k < s->d; k++)
		sum += s->xc[(size_t)k * (size_t)s->l + (size_t)i] *
		       s->xc[(size_t)k * (size_t)s->l + (size_t)i];
	return exp(-s->gamma * (s->xsq[i] + s->xsq[i] - 2 * sum));
}

/* Vectors of doubles (GCC/Clang vector extension): lane by lane the same
 * IEEE operations as scalar code, so the same results at any width. */
typedef double v2d __attribute__((vector_size(2 * sizeof(double))));
typedef double v4d __attribute__((vector_size(4 * sizeof(double))));

/* libsvm's kernel_rbf exponent -gamma (|x_i|^2 + |x_j|^2 - 2 dot(x_i, x_j))
 * into s->buf[j] for j from j0, as many columns at a time as vector type VT
 * holds, each dot product summed left to right over the features as
 * libsvm's dot; leaves j at the first column not done. */
#define RBF_EXPONENTS(VT, s, i, j, len)                                               \
	do {                                                                          \
		const size_t l_ = (size_t)(s)->l, w_ = sizeof(VT) / sizeof(double);  \
		const double *xc_ = (s)->xc, gamma_ = (s)->gamma, xsq_i_ = (s)->xsq[i]; \
		/* two vectors of columns per step: independent sums overlap */      \
		for (; (size_t)(j) + 2 * w_ <= (size_t)(len); (j) += 2 * (int)w_) {    \
			VT a_ = { 0 }, b_ = { 0 }, u_, v_;                            \
			for (int k_ = 0; k_ < (s)->d; k_++) {                         \
				const double *col_ = xc_ + (size_t)k_ * l_;           \
				memcpy(&u_, col_ + (j), sizeof u_);                   \
				memcpy(&v_, col_ + (j) + w_, sizeof v_);              \
				a_ += col_[i] * u_;                                   \
				b_ += col_[i] * v_;                                   \
			}                                                             \
			memcpy(&u_, (s)->xsq + (j), sizeof u_);                       \
			memcpy(&v_, (s)->xsq + (j) + w_, sizeof v_);                  \
			a_ = -gamma_ * (xsq_i_ + u_ - 2 * a_);                        \
			b_ = -gamma_ * (xsq_i_ + v_ - 2 * b_);                        \
			memcpy((s)->buf + (j), &a_, sizeof a_);                       \
			memcpy((s)->buf + (j) + w_, &b_, sizeof b_);                  \
		}                                                                     \
		for (; (size_t)(j) + w_ <= (size_t)(len); (j) += (int)w_) {            \
			VT sum_ = { 0 }, v_;                                          \
			for (int k_ = 0; k_ < (s)->d; k_++) {                         \
				const double *col_ = xc_ + (size_t)k_ * l_;           \
				memcpy(&v_, col_ + (j), sizeof v_);                   \
				sum_ += col_[i] * v_;                                 \
			}                                                             \
			memcpy(&v_, (s)->xsq + (j), sizeof v_);                       \
			sum_ = -gamma_ * (xsq_i_ + v_ - 2 * sum_);                    \
			memcpy((s)->buf + (j), &sum_, sizeof sum_);                   \
		}                                                                     \
	} while (0)

static int exponents_sse2(const struct smo *s, int i, int j, int len)
{
	RBF_EXPONENTS(v2d, s, i, j, len);
	return j;
}

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
__attribute__((target("avx2"))) static int exponents_avx2(const struct smo *s, int i, int j,
                                                          int len)
{
	RBF_EXPONENTS(v4d, s, i, j, len);
	return j;
}
#else
#define exponents_avx2 exponents_sse2
#endif

/* Q_ij = y_i y_j K(x_i, x_j) for j in [start, len), into data: the
 * exponents four or two columns at a time (AVX2 or SSE2), the rest one by
 * one, then exp() of the whole range at once (oc_exp_many: exp()'s bits)
 * and the value rounded to float32 as libsvm's Qfloat. */
static void fill_column(const struct smo *s, int i, int start, int len, float *data)
{
	size_t l = (size_t)s->l;
	int d = s->d, j;
	double *buf = s->buf, xsq_i = s->xsq[i], gamma = s->gamma;
	const double *xsq = s->xsq, *xc = s->xc;
	const signed char *y = s->y;
	int y_i = y[i];

	j = s->avx2 ? exponents_avx2(s, i, start, len) : exponents_sse2(s, i, start, len);
	for (; j < len; j++) {
		double sum = 0;
		for (int k = 0; k < d; k++)
			sum += xc[(size_t)k * l + (size_t)i] * xc[(size_t)k * l + (size_t)j];
		buf[j] = -gamma * (xsq_i + xsq[j] - 2 * sum);
	}
	oc_exp_many(buf + start, buf + start, (size_t)(len - start));
	oc_svm_scan_qfloat(data + start, buf + start, y + start, y_i, len - start, s->avx2);
}

struct fill_job {
	const struct smo *s;
	int i;
	float *data;
};

static void fill_range(void *arg, int lo, int hi)
{
	const struct fill_job *job = arg;
	fill_column(job->s, job->i, lo, hi, job->data);
}

/* Column i of Q, rows [0, len); NULL (and s->oom set) when out of memory.
 * Every value is computed on its own, so the rows may be split among the
 * team's threads. */
static const float *get_Q(struct smo *s, int i, int len)
{
	float *data;
	int start = oc_svm_cache_get(&s->cache, i, &data, len);
	if (start < 0) {
		s->oom = 1;
		return NULL;
	}
	if (start < len) {
		struct fill_job job = { s, i, data };
		oc_svm_team_for(s->team, fill_range, &job, start, len);
	}
	return data;
}

#define SWAP(type, a, b) do { type t_ = (a); (a) = (b); (b) = t_; } while (0)

static void swap_index(struct smo *s, int i, int j)
{
	oc_svm_cache_swap(&s->cache, i, j);
	for (int k = 0; k < s->d; k++) {
		double *col = s->xc + (size_t)k * (size_t)s->l;
		SWAP(double, col[i], col[j]);
	}
	SWAP(double, s->xsq[i], s->xsq[j]);
	SWAP(signed char, s->y[i], s->y[j]);
	SWAP(double, s->QD[i], s->QD[j]);
	SWAP(double, s->G[i], s->G[j]);
	SWAP(char, s->status[i], s->status[j]);
	SWAP(double, s->alpha[i], s->alpha[j]);
	SWAP(double, s->p[i], s->p[j]);
	SWAP(int, s->active_set[i], s->active_set[j]);
	SWAP(double, s->G_bar[i], s->G_bar[j]);
	SWAP(double, s->C[i], s->C[j]);
}

static void update_alpha_status(struct smo *s, int i)
{
	if (s->alpha[i] >= s->C[i])
		s->status[i] = OC_SVM_UPPER_BOUND;
	else if (s->alpha[i] <= 0)
		s->status[i] = OC_SVM_LOWER_BOUND;
	else
		s->status[i] = OC_SVM_FREE;
}

#define IS_UPPER(s, i) ((s)->status[i] == OC_SVM_UPPER_BOUND)
#define IS_LOWER(s, i) ((s)->status[i] == OC_SVM_LOWER_BOUND)
#define IS_FREE(s, i) ((s)->status[i] == OC_SVM_FREE)

/* Rebuilds G of the shrunk variables from G_bar and the free alphas. */
static int reconstruct_gradient(struct smo *s)
{
	int l = s->l, as = s->active_size, nr_free = 0;
	if (as == l)
		return 0;
	for (int j = as; j < l; j++)
		s->G[j] = s->G_bar[j] + s->p[j];
	for (int j = 0; j < as; j++)
		if (IS_FREE(s, j))
			nr_free++;
	/* libsvm compares these products in 32-bit int; past ~46,000 rows
	 * they wrap (two's complement, as the compiled library behaves), and
	 * the comparison picks the loop, hence the summation order of G.
	 * Reproduced so large training sets stay bit-identical too. */
	int32_t lhs = (int32_t)((uint32_t)nr_free * (uint32_t)l);
	int32_t rhs = (int32_t)(2U * (uint32_t)as * (uint32_t)(l - as));
	if (lhs > rhs) {
		for (int i = as; i < l; i++) {
			const float *Q_i = get_Q(s, i, as);
			if (!Q_i)
				return -1;
			for (int j = 0; j < as; j++)
				if (IS_FREE(s, j))
					s->G[i] += s->alpha[j] * (double)Q_i[j];
		}
	} else {
		for (int i = 0; i < as; i++)
			if (IS_FREE(s, i)) {
				const float *Q_i = get_Q(s, i, l);
				double alpha_i = s->alpha[i];
				if (!Q_i)
					return -1;
				for (int j = as; j < l; j++)
					s->G[j] += alpha_i * (double)Q_i[j];
			}
	}
	return 0;
}

/* WSS3: 1 when optimal, 0 with the pair in *out_i, *out_j, -1 out of memory. */
static int select_working_set(struct smo *s, int *out_i, int *out_j)
{
	double Gmax, Gmax2;
	const float *Q_i = NULL;
	int i, j;

	i = oc_svm_scan_up(s->y, s->status, s->G, s->active_size, s->avx2, &Gmax);
	if (i != -1) {
		Q_i = get_Q(s, i, s->active_size);
		if (!Q_i)
			return -1;
	}
	j = oc_svm_scan_low(s->y, s->status, s->G, s->QD, Q_i, i, Gmax, s->active_size, s->avx2,
	                    &Gmax2);
	if (Gmax + Gmax2 < s->eps || j == -1)
		return 1;
	*out_i = i;
	*out_j = j;
	return 0;
}

static int be_shrunk(const struct smo *s, int i, double Gmax1, double Gmax2)
{
	if (IS_UPPER(s, i))
		return s->y[i] == +1 ? -s->G[i] > Gmax1 : -s->G[i] > Gmax2;
	if (IS_LOWER(s, i))
		return s->y[i] == +1 ? s->G[i] > Gmax2 : s->G[i] > Gmax1;
	return 0;
}

static int do_shrinking(struct smo *s)
{
	double Gmax1 = -HUGE_VAL;   /* max { -y_i grad_i | i in I_up } */
	double Gmax2 = -HUGE_VAL;   /* max { y_i grad_i | i in I_low } */
	const double *G = s->G;

	for (int i = 0; i < s->active_size; i++) {
		if (s->y[i] == +1) {
			if (!IS_UPPER(s, i) && -G[i] >= Gmax1)
				Gmax1 = -G[i];
			if (!IS_LOWER(s, i) && G[i] >= Gmax2)
				Gmax2 = G[i];
		} else {
			if (!IS_UPPER(s, i) && -G[i] >= Gmax2)
				Gmax2 = -G[i];
			if (!IS_LOWER(s, i) && G[i] >= Gmax1)
				Gmax1 = G[i];
		}
	}
	if (!s->unshrink && Gmax1 + Gmax2 <= s->eps * 10) {
		s->unshrink = 1;
		if (reconstruct_gradient(s))
			return -1;
		s->active_size = s->l;
	}
	for (int i = 0; i < s->active_size; i++)
		if (be_shrunk(s, i, Gmax1, Gmax2)) {
			s->active_size--;
			while (s->active_size > i) {
				if (!be_shrunk(s, s->active_size, Gmax1, Gmax2)) {
					swap_index(s, i, s->active_size);
					break;
				}
				s->active_size--;
			}
		}
	return 0;
}

static double calculate_rho(const struct smo *s)
{
	double ub = HUGE_VAL, lb = -HUGE_VAL, sum_free = 0;
	int nr_free = 0;
	for (int i = 0; i < s->active_size; i++) {
		double yG = s->y[i] * s->G[i];
		if (IS_UPPER(s, i)) {
			if (s->y[i] == -1)
				ub = ub < yG ? ub : yG;
			else
				lb = lb > yG ? lb : yG;
		} else if (IS_LOWER(s, i)) {
			if (s->y[i] == +1)
				ub = ub < yG ? ub : yG;
			else
				lb = lb > yG ? lb : yG;
		} else {
			++nr_free;
			sum_free += yG;
		}
	}
	return nr_free > 0 ? sum_free / nr_free : (ub + lb) / 2;
}

/* The analytic update of the pair (i, j) with libsvm's clipping. */
static void update_pair(struct smo *s, int i, int j, const float *Q_i)
{
	double C_i = s->C[i], C_j = s->C[j];
	double *alpha = s->alpha;
	if (s->y[i] != s->y[j]) {
		double quad_coef = s->QD[i] + s->QD[j] + (double)(2 * Q_i[j]);
		double delta, diff;
		if (quad_coef <= 0)
			quad_coef = TAU;
		delta = (-s->G[i] - s->G[j]) / quad_coef;
		diff = alpha[i] - alpha[j];
		alpha[i] += delta;
		alpha[j] += delta;
		if (diff > 0) {
			if (alpha[j] < 0) {
				alpha[j] = 0;
				alpha[i] = diff;
			}
		} else {
			if (alpha[i] < 0) {
				alpha[i] = 0;
				alpha[j] = -diff;
			}
		}
		if (diff > C_i - C_j) {
			if (alpha[i] > C_i) {
				alpha[i] = C_i;
				alpha[j] = C_i - diff;
			}
		} else {
			if (alpha[j] > C_j) {
				alpha[j] = C_j;
				alpha[i] = C_j + diff;
			}
		}
	} else {
		double quad_coef = s->QD[i] + s->QD[j] - (double)(2 * Q_i[j]);
		double delta, sum;
		if (quad_coef <= 0)
			quad_coef = TAU;
		delta = (s->G[i] - s->G[j]) / quad_coef;
		sum = alpha[i] + alpha[j];
		alpha[i] -= delta;
		alpha[j] += delta;
		if (sum > C_i) {
			if (alpha[i] > C_i) {
				alpha[i] = C_i;
				alpha[j] = sum - C_i;
			}
		} else {
			if (alpha[j] < 0) {
				alpha[j] = 0;
				alpha[i] = sum;
			}
		}
		if (sum > C_j) {
			if (alpha[j] > C_j) {
				alpha[j] = C_j;
				alpha[i] = sum - C_j;
			}
		} else {
			if (alpha[i] < 0) {
				alpha[i] = 0;
				alpha[j] = sum;
			}
		}
	}
}

/* Adds (sign = +1) or removes (-1) C_i * Q_i from G_bar. */
static int g_bar_update(struct smo *s, int i, double sign)
{
	const float *Q_i = get_Q(s, i, s->l);
	double C_i = s->C[i];
	if (!Q_i)
		return -1;
	oc_svm_scan_gbar(s->G_bar, sign < 0 ? -C_i : C_i, Q_i, s->l, s->avx2);
	return 0;
}

/* libsvm's Solver::Solve from alpha = 0, p = -1; 0, -1 (OOM) or -2 (cancelled). */
static int solve(struct smo *s, const atomic_int *cancel)
{
	int l = s->l, counter, iter = 0;

	for (int i = 0; i < l; i++) {
		s->alpha[i] = 0;
		s->p[i] = -1;
		update_alpha_status(s, i);
		s->active_set[i] = i;
		s->G[i] = s->p[i];
		s->G_bar[i] = 0;
	}
	s->active_size = l;
	/* all alphas start at the lower bound: no gradient terms to add */

	counter = (l < 1000 ? l : 1000) + 1;
	for (;;) {
		int i, j, rc;
		const float *Q_i, *Q_j;
		double old_alpha_i, old_alpha_j, dai, daj;
		int ui, uj;

		if (cancel && iter % CANCEL_EVERY == 0 && *cancel)
			return -2;
		if (--counter == 0) {
			counter = l < 1000 ? l : 1000;
			if (do_shrinking(s))
				return -1;
		}
		rc = select_working_set(s, &i, &j);
		if (rc < 0)
			return -1;
		if (rc) {
			if (reconstruct_gradient(s))
				return -1;
			s->active_size = l;
			rc = select_working_set(s, &i, &j);
			if (rc < 0)
				return -1;
			if (rc)
				break;
			counter = 1;    /* shrink at the next iteration */
		}
		++iter;

		Q_i = get_Q(s, i, s->active_size);
		if (!Q_i)
			return -1;
		Q_j = get_Q(s, j, s->active_size);
		if (!Q_j)
			return -1;
		/* a libsvm cache always holds two columns, so Q_i is still valid */
		old_alpha_i = s->alpha[i];
		old_alpha_j = s->alpha[j];
		update_pair(s, i, j, Q_i);

		dai = s->alpha[i] - old_alpha_i;
		daj = s->alpha[j] - old_alpha_j;
		oc_svm_scan_grad(s->G, Q_i, Q_j, dai, daj, s->active_size, s->avx2);

		ui = IS_UPPER(s, i);
		uj = IS_UPPER(s, j);
		update_alpha_status(s, i);
		update_alpha_status(s, j);
		if (ui != IS_UPPER(s, i) && g_bar_update(s, i, ui ? -1.0 : 1.0))
			return -1;
		if (uj != IS_UPPER(s, j) && g_bar_update(s, j, uj ? -1.0 : 1.0))
			return -1;
	}
	return 0;
}

static void smo_free(struct smo *s)
{
	oc_svm_cache_free(&s->cache);
	free(s->xc);
	free(s->xsq);
	free(s->buf);
	free(s->y);
	free(s->QD);
	free(s->G);
	free(s->G_bar);
	free(s->alpha);
	free(s->p);
	free(s->C);
	free(s->status);
	free(s->active_set);
}

int oc_svm_smo(size_t l, size_t d, const double *const *x, const signed char *y,
               double gamma, double Cp, double Cn, long cache_bytes,
               const atomic_int *cancel, double *coef, double *rho,
               struct oc_err *err)
{
	return oc_svm_smo_team(l, d, x, y, gamma, Cp, Cn, cache_bytes, cancel, NULL, coef, rho,
	                       err);
}

int oc_svm_smo_team(size_t l, size_t d, const double *const *x, const signed char *y,
                    double gamma, double Cp, double Cn, long cache_bytes,
                    const atomic_int *cancel, struct oc_svm_team *team, double *coef,
                    double *rho, struct oc_err *err)
{
	struct smo s;
	int rc;

	if (l == 0 || l > (size_t)INT_MAX / 2 || d > (size_t)INT_MAX)
		return oc_err_set(err, OC_EDATA, "SVM: %zu training rows is out of range", l);
	memset(&s, 0, sizeof s);
	s.l = (int)l;
	s.d = (int)d;
	s.eps = OC_SVM_EPS;
	s.gamma = gamma;
	s.team = team;
	s.avx2 = oc_cpu_has("avx2");
	s.xc = malloc((d ? d : 1) * l * sizeof *s.xc);
	s.xsq = malloc(l * sizeof *s.xsq);
	s.buf = malloc(l * sizeof *s.buf);
	s.y = malloc(l);
	s.QD = malloc(l * sizeof *s.QD);
	s.G = malloc(l * sizeof *s.G);
	s.G_bar = malloc(l * sizeof *s.G_bar);
	s.alpha = malloc(l * sizeof *s.alpha);
	s.p = malloc(l * sizeof *s.p);
	s.C = malloc(l * sizeof *s.C);
	s.status = malloc(l);
	s.active_set = malloc(l * sizeof *s.active_set);
	if (!s.xc || !s.xsq || !s.buf || !s.y || !s.QD || !s.G || !s.G_bar || !s.alpha || !s.p ||
	    !s.C || !s.status || !s.active_set || oc_svm_cache_init(&s.cache, s.l, cache_bytes)) {
		smo_free(&s);
		return oc_err_set(err, OC_EINTERNAL, "SVM: out of memory");
	}
	for (size_t i = 0; i < l; i++) {
		for (size_t k = 0; k < d; k++)
			s.xc[k * l + i] = x[i][k];
		s.xsq[i] = dot(x[i], x[i], s.d);
		s.y[i] = y[i];
		s.C[i] = y[i] > 0 ? Cp : Cn;
	}
	for (int i = 0; i < s.l; i++)
		s.QD[i] = kernel_diag(&s, i);

	rc = solve(&s, cancel);
	if (rc == 0) {
		*rho = calculate_rho(&s);
		for (int i = 0; i < s.l; i++)
			coef[s.active_set[i]] = s.alpha[i];
		for (size_t i = 0; i < l; i++)
			coef[i] *= y[i];
	}
	smo_free(&s);
	if (rc == -2)
		return oc_err_set(err, OC_ECANCELED, "SVM training interrupted");
	if (rc)
		return oc_err_set(err, OC_EINTERNAL, "SVM: out of memory for the kernel cache");
	return OC_OK;
}

/* --- One class pair: grouping, training, support vectors --- */

int oc_svm_train_fn(const struct oc_svm_problem *prob, struct oc_svm_fn *fn,
                    struct oc_err *err)
{
	size_t l = prob->l, k = 0;
	double lab0, lab1;
	const double **gx = NULL;
	signed char *gy = NULL;
	double *coef = NULL;
	int rc;

	memset(fn, 0, sizeof *fn);
	if (l == 0)
		return oc_err_set(err, OC_EDATA, "SVM: no training rows");
	/* libsvm compares labels as (int)y */
	lab0 = lab1 = (int)prob->y[0];
	for (size_t i = 1; i < l; i++) {
		double v = (int)prob->y[i];
		if (v < lab0)
			lab0 = v;
		if (v > lab1)
			lab1 = v;
	}
	if (lab0 == lab1)
		return oc_err_set(err, OC_EDATA, "SVM: the training rows hold only one class");
	gx = malloc(l * sizeof *gx);
	gy = malloc(l);
	coef = malloc(l * sizeof *coef);
	if (!gx || !gy || !coef) {
		rc = oc_err_set(err, OC_EINTERNAL, "SVM: out of memory");
		goto out;
	}
	/* svm_group_classes: the smaller label's rows first, each in input order;
	 * that label is +1 in the binary problem */
	for (size_t i = 0; i < l; i++)
		if ((int)prob->y[i] == lab0) {
			gx[k] = prob->x[i];
			gy[k++] = +1;
		}
	for (size_t i = 0; i < l; i++)
		if ((int)prob->y[i] != lab0) {
			gx[k] = prob->x[i];
			gy[k++] = -1;
		}
	rc = oc_svm_smo_team(l, prob->d, gx, gy, prob->gamma, prob->C, prob->C,
	                     prob->cache_bytes, prob->cancel, prob->team, coef, &fn->rho, err);
	if (rc)
		goto out;
	for (size_t i = 0; i < l; i++)
		if (fabs(coef[i]) > 0)
			fn->n_sv++;
	fn->sv = malloc((fn->n_sv ? fn->n_sv : 1) * sizeof *fn->sv);
	fn->coef = malloc((fn->n_sv ? fn->n_sv : 1) * sizeof *fn->coef);
	if (!fn->sv || !fn->coef) {
		oc_svm_fn_free(fn);
		rc = oc_err_set(err, OC_EINTERNAL, "SVM: out of memory");
		goto out;
	}
	k = 0;
	for (size_t i = 0; i < l; i++)
		if (fabs(coef[i]) > 0) {
			fn->sv[k] = gx[i];
			fn->coef[k++] = coef[i];
		}
	fn->label0 = lab0;
out:
	free(gx);
	free(gy);
	free(coef);
	return rc;
}

void oc_svm_fn_free(struct oc_svm_fn *fn)
{
	if (!fn)
		return;
	free(fn->sv);
	free(fn->coef);
	fn->sv = NULL;
	fn->coef = NULL;
	fn->n_sv = 0;
}

/* -gamma |x - z|^2: the exponent of libsvm's k_function for RBF */
static double rbf_exponent(const double *x, const double *z, size_t d, double gamma)
{
	double dist = 0;
	for (size_t i = 0; i < d; i++) {
		double t = x[i] - z[i];
		dist += t * t;
	}
	return -gamma * dist;
}

double oc_svm_kernel(const double *x, const double *z, size_t d, double gamma)
{
	return exp(rbf_exponent(x, z, d, gamma));
}

void oc_svm_kernels(const double *row, const double *const *sv, size_t n_sv, size_t d,
                    double gamma, double *out)
{
	for (size_t k = 0; k < n_sv; k++)
		out[k] = rbf_exponent(row, sv[k], d, gamma);
	oc_exp_many(out, out, n_sv);
}

double oc_svm_fn_value(const double *const *sv, const double *coef, size_t n_sv,
                       size_t d, double gamma, double rho, const double *row)
{
	double sum = 0, kv[256];
	/* the kernel values a block at a time, summed in libsvm's order */
	for (size_t k0 = 0; k0 < n_sv; k0 += 256) {
		size_t m = n_sv - k0 < 256 ? n_sv - k0 : 256;
		oc_svm_kernels(row, sv + k0, m, d, gamma, kv);
		for (size_t k = 0; k < m; k++)
			sum += coef[k0 + k] * kv[k];
	}
	return sum - rho;
}
