/* SPDX-License-Identifier: MIT */
/* lr.c - L2-regularised binary logistic regression.
 *
 * Objective (scikit-learn 1.2 LogisticRegression, binary):
 *   F(b, w) = sum_i [log(1 + e^{z_i}) - y_i z_i] + ||w||^2 / (2C),
 *   z_i = x_i.w + b, features unscaled, sample weights 1, intercept b
 * not penalised.  Two solvers:
 *
 * lbfgs (the default) is scikit-learn's solver="lbfgs" bit for bit: the
 * objective as linloss.c computes it, minimised by the port of scipy's
 * L-BFGS-B (lbfgsb.c) with the settings scikit-learn passes (gtol = tol =
 * 1e-4, maxiter = max_iter; scipy's defaults m = 10, factr = 1e7, maxls =
 * 20, maxfun = 15000), from w = 0, b = 0.  It stops on a relative decrease
 * of F, which with unscaled features can leave the gradient far from zero,
 * and warns exactly when scikit-learn raises its ConvergenceWarning (scipy
 * status != 0).
 *
 * newton minimises F to machine precision, the optimum scikit-learn's
 * lbfgs approaches: Newton's method (IRLS) with a Cholesky solve of the
 * Jacobi-scaled (d+1)x(d+1) Hessian, Levenberg damping when it is
 * numerically indefinite, and an Armijo backtracking line search.  Stops
 * when ||grad F||_inf <= 1e-8, when no step along the Newton direction
 * lowers F or the gradient any more (double precision is exhausted; a
 * warning if the gradient is still above 1e-6), or after lr_max_iter
 * steps (with a warning).  One step costs O(n d^2).
 *
 * K > 2 classes: the multinomial loss (scikit-learn's multi_class="auto"
 * with lbfgs, HalfMultinomialLoss), F = sum_i [logsumexp(z_i) - z_i,y_i]
 * + sum_k ||w_k||^2 / (2C), z_ik = x_i.w_k + b_k: lbfgs minimises it as
 * scikit-learn does (linloss.c's multinomial objective, the same L-BFGS-B
 * port), newton by the same Newton iteration over all K(d+1) parameters.
 * F does not change when the same constant is added to every
 * intercept, so its Hessian is singular along that direction; the Newton
 * system adds 1 to every intercept-intercept entry, which leaves the step
 * orthogonal to it (the gradient always is), and the intercepts are
 * finally shifted to sum to zero, as lbfgs keeps them from its zero start.
 * One step costs O(n K^2 d^2).
 * References: Nocedal & Wright, Numerical Optimization (2006), ch. 3
 * (line search, Cholesky with added multiple of the identity);
 * scikit-learn linear_model/_logistic.py and _linear_loss.py. */
#include "config.h"

#include <float.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ml/lbfgsb.h"
#include "ml/linloss.h"
#include "ml/lr.h"
#include "core/npsum.h"
#include "core/modelio.h"

const char *const oc_lr_solver_names[OC_LR_SOLVER_COUNT + 1] = { "lbfgs", "newton", NULL };

/* The hyperparameters (see setting.h). */
static const struct oc_setting lr_params[] = {
	/* at least 5.6e-309: the penalty is |w|^2 / (2C), 1/C must be finite */
	OC_PARAM_DOUBLE("logistic_regression", "C", lr_C, 5.6e-309, HUGE_VAL, 0, "1.0",
	                "Inverse strength of the L2 penalty."),
	OC_PARAM_LONG("logistic_regression", "max_iter", lr_max_iter, 1, 100000000, "1000",
	              "Iteration limit of the solver."),
	OC_PARAM_ENUM("logistic_regression", "solver", lr_solver, oc_lr_solver_names, "lbfgs",
	              "lbfgs: scikit-learn's solver, bit for bit; newton: the exact optimum lbfgs "
	              "approaches.", .file_minor = 1),
};

#define LR_GTOL 1e-8            /* target gradient infinity norm */
#define LR_ARMIJO 1e-4          /* sufficient-decrease constant */
#define LR_MAX_HALVINGS 60
#define LR_MIN_PIVOT 1e-14      /* Cholesky pivot floor of the unit-diagonal matrix */
#define LR_LBFGS_TOL 1e-4       /* LogisticRegression's default tol, scipy's gtol */


struct lr_model {
	size_t d;
	enum oc_lr_solver solver;
	size_t K;           /* classes; K = 2 keeps one coefficient vector */
	double b;           /* K = 2: the intercept */
	double *w;          /* K = 2: d coefficients; K > 2: K rows of d */
	double *bk;         /* K > 2: K intercepts summing to zero */
	long n_iter;
	double grad_norm;
	char *warning;      /* NULL when converged */
};

/* Work space of one fit, allocated once. */
struct lr_work {
	const struct oc_dataset *ds;
	double inv_c;
	size_t k;           /* parameters: K' blocks of d + 1, theta[0] = b, theta[1..d]
	                       = w (K' = 1 for two classes, else K) */
	size_t nc;          /* K' */
	double *theta, *g, *h, *s, *dir, *trial, *gtrial;
	double *z;          /* K' scores of one row (K > 2) */
	double *xt;         /* K > 2: (1, x) of one row, d + 1 values */
	size_t *nz;         /* K > 2: indices of its nonzero values */
	/* F and its gradient at theta; the lower triangle of the Hessian */
	double (*fg)(const struct lr_work *wk, const double *theta, double *g);
	void (*hess)(const struct lr_work *wk, const double *theta, double *h);
};

static double dot_plus_b(const double *x, const double *w, size_t d, double b)
{
	double z = 0.0;
	for (size_t j = 0; j < d; j++)
		z += x[j] * w[j];
	return z + b;
}

/* log(1 + e^t) without overflow or loss of tiny values. */
static double log1pexp(double t)
{
	return t > 0 ? t + log1p(exp(-t)) : log1p(exp(t));
}

static double norm_inf(const double *v, size_t n)
{
	double m = 0.0;
	for (size_t i = 0; i < n; i++) {
		if (isnan(v[i]))
			return (double)INFINITY;
		if (fabs(v[i]) > m)
			m = fabs(v[i]);
	}
	return m;
}

/* F and its gradient at theta.  The per-row loss and residual are written
 * in the forms that do not cancel: log(1+e^z) - z = log(1+e^-z), and
 * sigma(z) - 1 = -1/(1+e^z). */
static double eval_fg(const struct lr_work *wk, const double *theta, double *g)
{
	const struct oc_dataset *ds = wk->ds;
	size_t d = ds->n_features;
	double f = 0.0, pen = 0.0;
	memset(g, 0, wk->k * sizeof *g);
	for (size_t i = 0; i < ds->n_rows; i++) {
		const double *x = oc_dataset_row(ds, i);
		double z = dot_plus_b(x, theta + 1, d, theta[0]), r;
		if (ds->y[i]) {
			f += log1pexp(-z);
			r = -1.0 / (1.0 + exp(z));
		} else {
			f += log1pexp(z);
			r = 1.0 / (1.0 + exp(-z));
		}
		g[0] += r;
		for (size_t j = 0; j < d; j++)
			g[j + 1] += r * x[j];
	}
	for (size_t j = 0; j < d; j++) {
		pen += theta[j + 1] * theta[j + 1];
		g[j + 1] += theta[j + 1] * wk->inv_c;
	}
	return f + 0.5 * pen * wk->inv_c;
}

/* Lower triangle of the Hessian X~' diag(p(1-p)) X~ + diag(0, 1/C, ...). */
static void eval_h(const struct lr_work *wk, const double *theta, double *h)
{
	const struct oc_dataset *ds = wk->ds;
	size_t d = ds->n_features, k = wk->k;
	memset(h, 0, k * k * sizeof *h);
	for (size_t i = 0; i < ds->n_rows; i++) {
		const double *x = oc_dataset_row(ds, i);
		double z = dot_plus_b(x, theta + 1, d, theta[0]);
		double e = exp(-fabs(z)), q = e / ((1.0 + e) * (1.0 + e));
		h[0] += q;
		for (size_t a = 0; a < d; a++) {
			double qa = q * x[a];
			double *row = h + (a + 1) * k;
			row[0] += qa;
			for (size_t c = 0; c <= a; c++)
				row[c + 1] += qa * x[c];
		}
	}
	for (size_t j = 1; j < k; j++)
		h[j * k + j] += wk->inv_c;
}

/* Scores z_k = x.w_k + b_k of one row, their logsumexp, and softmax p
 * (scipy-style: shifted by the largest score). */
static double multi_scores(const struct lr_work *wk, const double *theta, const double *x,
                           double *p)
{
	size_t d = wk->ds->n_features, K = wk->nc;
	double *z = wk->z, mx, sum = 0.0;
	for (size_t c = 0; c < K; c++)
		z[c] = dot_plus_b(x, theta + c * (d + 1) + 1, d, theta[c * (d + 1)]);
	mx = z[0];
	for (size_t c = 1; c < K; c++)
		if (z[c] > mx)
			mx = z[c];
	for (size_t c = 0; c < K; c++)
		sum += exp(z[c] - mx);
	double lse = mx + log(sum);
	for (size_t c = 0; c < K; c++)
		p[c] = exp(z[c] - lse);
	return lse;
}

/* Multinomial F and gradient: per row logsumexp(z) - z_y, and the
 * residuals p_k - [k = y] times (1, x). */
static double multi_fg(const struct lr_work *wk, const double *theta, double *g)
{
	const struct oc_dataset *ds = wk->ds;
	size_t d = ds->n_features, K = wk->nc;
	double f = 0.0, pen = 0.0, p[OC_MAX_CLASSES];
	memset(g, 0, wk->k * sizeof *g);
	for (size_t i = 0; i < ds->n_rows; i++) {
		const double *x = oc_dataset_row(ds, i);
		double lse = multi_scores(wk, theta, x, p);
		f += lse - wk->z[ds->y[i]];
		for (size_t c = 0; c < K; c++) {
			double r = p[c] - (c == ds->y[i]);
			double *gc = g + c * (d + 1);
			gc[0] += r;
			for (size_t j = 0; j < d; j++)
				gc[j + 1] += r * x[j];
		}
	}
	for (size_t c = 0; c < K; c++)
		for (size_t j = 0; j < d; j++) {
			double w = theta[c * (d + 1) + 1 + j];
			pen += w * w;
			g[c * (d + 1) + 1 + j] += w * wk->inv_c;
		}
	return f + 0.5 * pen * wk->inv_c;
}

/* Lower triangle of the multinomial Hessian: block (c, e) is
 * sum_i p_c ([c = e] - p_e) (1, x)(1, x)' plus 1/C on the coefficients'
 * diagonal, plus 1 on every intercept-intercept entry (see the top).
 * Each block is symmetric, so only its lower half is summed (and mirrored
 * at the end), over the nonzero features of each row (a zero adds +0). */
static void multi_h(const struct lr_work *wk, const double *theta, double *h)
{
	const struct oc_dataset *ds = wk->ds;
	size_t d = ds->n_features, K = wk->nc, k = wk->k, m = d + 1;
	double p[OC_MAX_CLASSES];
	double *xt = wk->xt;
	size_t *nz = wk->nz, nnz;
	memset(h, 0, k * k * sizeof *h);
	for (size_t i = 0; i < ds->n_rows; i++) {
		const double *x = oc_dataset_row(ds, i);
		multi_scores(wk, theta, x, p);
		xt[0] = 1.0;
		nz[0] = 0;
		nnz = 1;
		for (size_t a = 1; a < m; a++) {
			xt[a] = x[a - 1];
			if (xt[a] != 0.0)
				nz[nnz++] = a;
		}
		for (size_t c = 0; c < K; c++)
			for (size_t e = 0; e <= c; e++) {
				double q = p[c] * ((c == e) - p[e]);
				for (size_t ai = 0; ai < nnz; ai++) {
					size_t a = nz[ai];
					double qa = q * xt[a];
					double *row = h + (c * m + a) * k + e * m;
					for (size_t bi = 0; bi <= ai; bi++)
						row[nz[bi]] += qa * xt[nz[bi]];
				}
			}
	}
	/* the upper half of each block below the diagonal blocks */
	for (size_t c = 0; c < K; c++)
		for (size_t e = 0; e < c; e++)
			for (size_t a = 0; a < m; a++)
				for (size_t b = a + 1; b < m; b++)
					h[(c * m + a) * k + e * m + b] = h[(c * m + b) * k + e * m + a];
	for (size_t c = 0; c < K; c++) {
		for (size_t j = 1; j < m; j++)
			h[(c * m + j) * k + c * m + j] += wk->inv_c;
		for (size_t e = 0; e <= c; e++)
			h[(c * m) * k + e * m] += 1.0;
	}
}

/* In-place Cholesky of the lower triangle of a + lambda*I (a has unit
 * diagonal after scaling).  Returns 0, or -1 when a pivot is too small to
 * trust the factor. */
static int cholesky(double *l, const double *a, size_t k, double lambda)
{
	for (size_t i = 0; i < k; i++) {
		for (size_t j = 0; j <= i; j++) {
			double s = a[i * k + j] + (i == j ? lambda : 0.0);
			for (size_t m = 0; m < j; m++)
				s -= l[i * k + m] * l[j * k + m];
			if (i == j) {
				if (!(s > LR_MIN_PIVOT))
					return -1;
				l[i * k + i] = sqrt(s);
			} else {
				l[i * k + j] = s / l[j * k + j];
			}
		}
	}
	return 0;
}

/* Newton direction: solves (S H S + lambda I) u = -S g, dir = S u, with the
 * Jacobi scaling S = diag(H)^-1/2 so that features of very different
 * magnitude (sensor values in the hundreds next to fractions) do not ruin
 * the factorisation.  lambda grows from 0 until the factor is trustworthy;
 * in the limit the step becomes scaled steepest descent. */
static void newton_dir(struct lr_work *wk, double *l)
{
	size_t k = wk->k;
	for (size_t i = 0; i < k; i++) {
		double hii = wk->h[i * k + i];
		wk->s[i] = hii > 0 && isfinite(hii) ? 1.0 / sqrt(hii) : 1.0;
	}
	for (size_t i = 0; i < k; i++)
		for (size_t j = 0; j <= i; j++)
			wk->h[i * k + j] *= wk->s[i] * wk->s[j];
	double lambda = 0.0;
	while (cholesky(l, wk->h, k, lambda) != 0) {
		lambda = lambda == 0.0 ? 1e-12 : lambda * 100.0;
		if (lambda > 1e12)
			break;
	}
	if (lambda > 1e12) {
		for (size_t i = 0; i < k; i++)
			wk->dir[i] = -wk->s[i] * wk->s[i] * wk->g[i];
		return;
	}
	/* forward then backward substitution on u, held in dir */
	for (size_t i = 0; i < k; i++) {
		double v = -wk->s[i] * wk->g[i];
		for (size_t m = 0; m < i; m++)
			v -= l[i * k + m] * wk->dir[m];
		wk->dir[i] = v / l[i * k + i];
	}
	for (size_t i = k; i-- > 0;) {
		double v = wk->dir[i];
		for (size_t m = i + 1; m < k; m++)
			v -= l[m * k + i] * wk->dir[m];
		wk->dir[i] = v / l[i * k + i];
	}
	for (size_t i = 0; i < k; i++)
		wk->dir[i] *= wk->s[i];
}

static void lr_free(void *m)
{
	struct lr_model *lm = m;
	if (!lm)
		return;
	free(lm->w);
	free(lm->bk);
	free(lm->warning);
	free(lm);
}

static struct lr_model *lr_alloc(size_t d, size_t K)
{
	struct lr_model *lm = calloc(1, sizeof *lm);
	size_t nc = K == 2 ? 1 : K;
	if (!lm)
		return NULL;
	lm->d = d;
	lm->K = K;
	lm->w = calloc(d ? d * nc : 1, sizeof *lm->w);
	lm->bk = K > 2 ? calloc(K, sizeof *lm->bk) : NULL;
	if (!lm->w || (K > 2 && !lm->bk)) {
		free(lm->w);
		free(lm->bk);
		free(lm);
		return NULL;
	}
	return lm;
}

static int set_warning(struct lr_model *lm, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static int set_warning(struct lr_model *lm, const char *fmt, ...)
{
	char buf[200];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	free(lm->warning);
	lm->warning = strdup(buf);
	return lm->warning ? 0 : -1;
}

static int check_data(const struct oc_dataset *ds, struct oc_err *err)
{
	size_t counts[OC_MAX_CLASSES];
	if (ds->n_rows == 0)
		return oc_err_set(err, OC_EDATA, "logistic regression: no training rows");
	if (ds->n_classes < 2 || ds->n_classes > OC_MAX_CLASSES)
		return oc_err_set(err, OC_EDATA, "logistic regression: %zu classes; 2 to %d are "
		                  "supported", ds->n_classes, OC_MAX_CLASSES);
	oc_dataset_class_counts(ds, counts);
	for (size_t c = 0; c < ds->n_classes; c++)
		if (counts[c] == ds->n_rows)
			return oc_err_set(err, OC_EDATA,
			                  "logistic regression: the training rows hold only one class");
	for (size_t i = 0; i < ds->n_rows * ds->n_features; i++)
		if (!isfinite(ds->x[i]))
			return oc_err_set(err, OC_EDATA,
			                  "logistic regression: training value %zu of row %zu is not finite",
			                  i % ds->n_features + 1, i / ds->n_features + 1);
	return OC_OK;
}

static void *newton_fit(const struct oc_dataset *ds, const struct oc_model_params *p,
                        const struct oc_fit_ctx *ctx, struct oc_err *err)
{
	struct lr_work wk = { .ds = ds };
	struct lr_model *lm = NULL;
	double *l = NULL, *block = NULL, f;
	size_t K = ds->n_classes, nc = K == 2 ? 1 : K, k = (ds->n_features + 1) * nc;
	long it = 0;
	int stalled = 0;

	wk.k = k;
	wk.nc = nc;
	wk.inv_c = 1.0 / p->lr_C;
	wk.fg = nc == 1 ? eval_fg : multi_fg;
	wk.hess = nc == 1 ? eval_h : multi_h;
	block = calloc(6 * k + 2 * k * k + nc + ds->n_features + 1, sizeof *block);
	wk.nz = nc > 1 ? malloc((ds->n_features + 1) * sizeof *wk.nz) : NULL;
	lm = lr_alloc(ds->n_features, K);
	if (lm)
		lm->solver = OC_LR_NEWTON;
	if (!block || !lm || (nc > 1 && !wk.nz)) {
		oc_err_set(err, OC_EINTERNAL, "logistic regression: out of memory");
		goto fail;
	}
	wk.theta = block;
	wk.g = wk.theta + k;
	wk.s = wk.g + k;
	wk.dir = wk.s + k;
	wk.trial = wk.dir + k;
	wk.gtrial = wk.trial + k;
	wk.h = wk.gtrial + k;
	l = wk.h + k * k;
	wk.z = l + k * k;
	wk.xt = wk.z + nc;

	f = wk.fg(&wk, wk.theta, wk.g);
	for (;;) {
		double gnorm = norm_inf(wk.g, k), gd = 0.0, t = 1.0;
		int accepted = 0;
		if (ctx->cancel && *ctx->cancel) {
			oc_err_set(err, OC_ECANCELED, "logistic regression: training interrupted");
			goto fail;
		}
		if (gnorm <= LR_GTOL || it >= p->lr_max_iter)
			break;
		wk.hess(&wk, wk.theta, wk.h);
		newton_dir(&wk, l);
		for (size_t i = 0; i < k; i++)
			gd += wk.g[i] * wk.dir[i];
		if (!(gd < 0)) {
			/* not a descent direction (rounding): fall back to -S^2 g */
			gd = 0.0;
			for (size_t i = 0; i < k; i++) {
				wk.dir[i] = -wk.s[i] * wk.s[i] * wk.g[i];
				gd += wk.g[i] * wk.dir[i];
			}
		}
		for (int h = 0; h < LR_MAX_HALVINGS; h++, t *= 0.5) {
			double ft;
			for (size_t i = 0; i < k; i++)
				wk.trial[i] = wk.theta[i] + t * wk.dir[i];
			ft = wk.fg(&wk, wk.trial, wk.gtrial);
			if (!isfinite(ft))
				continue;
			/* The second test accepts a step whose decrease is lost in
			 * rounding but which still shrinks the gradient. */
			if (ft <= f + LR_ARMIJO * t * gd ||
			    (ft <= f + 8 * DBL_EPSILON * fabs(f) && norm_inf(wk.gtrial, k) < gnorm)) {
				accepted = 1;
				f = ft;
				memcpy(wk.theta, wk.trial, k * sizeof *wk.theta);
				memcpy(wk.g, wk.gtrial, k * sizeof *wk.g);
				break;
			}
		}
		it++;
		if (!accepted) {
			stalled = 1;
			break;
		}
	}

	if (nc == 1) {
		lm->b = wk.theta[0];
		memcpy(lm->w, wk.theta + 1, ds->n_features * sizeof *lm->w);
	} else {
		size_t d = ds->n_features;
		double mean = 0.0;
		for (size_t c = 0; c < K; c++) {
			lm->bk[c] = wk.theta[c * (d + 1)];
			mean += lm->bk[c];
			memcpy(lm->w + c * d, wk.theta + c * (d + 1) + 1, d * sizeof *lm->w);
		}
		mean /= (double)K;
		for (size_t c = 0; c < K; c++)
			lm->bk[c] -= mean;
	}
	lm->n_iter = it;
	lm->grad_norm = norm_inf(wk.g, k);
	if (lm->grad_norm > LR_GTOL) {
		int rc = 0;
		if (it >= p->lr_max_iter && !stalled)
			rc = set_warning(lm, "logistic regression did not converge in %ld iteration%s "
			                 "(gradient norm %.3g); increase max_iter", it,
			                 it == 1 ? "" : "s", lm->grad_norm);
		else if (lm->grad_norm > 1e-6)
			rc = set_warning(lm, "logistic regression stopped after %ld iteration%s: no "
			                 "further progress in double precision (gradient norm %.3g)",
			                 it, it == 1 ? "" : "s", lm->grad_norm);
		if (rc) {
			oc_err_set(err, OC_EINTERNAL, "logistic regression: out of memory");
			goto fail;
		}
	}
	free(block);
	free(wk.nz);
	return lm;
fail:
	free(block);
	free(wk.nz);
	lr_free(lm);
	return NULL;
}

/* scikit-learn's solver="lbfgs": _logistic_regression_path with one C,
 * then _check_optimize_result (n_iter_ = min(nit, max_iter), a
 * ConvergenceWarning when scipy's status is not 0). */
static void *lbfgs_fit(const struct oc_dataset *ds, const struct oc_model_params *p,
                       const struct oc_fit_ctx *ctx, struct oc_err *err)
{
	size_t d = ds->n_features, n = ds->n_rows, K = ds->n_classes;
	/* two classes: HalfBinomialLoss over d + 1 values; more: the
	 * multinomial loss over K (d + 1), zeros of the (K, d + 1) matrix
	 * raveled in Fortran order (_logistic_regression_path's w0) */
	size_t nc = K == 2 ? 1 : K, nv = nc * (d + 1);
	struct oc_linloss ll = {
		.x = ds->x, .n_rows = n, .n_features = d, .n_classes = K == 2 ? 0 : K,
		.l2_reg_strength = 1.0 / p->lr_C, .cancel = ctx->cancel,
		.n_threads = ctx->n_jobs,
	};
	struct oc_lbfgsb_opts opts = oc_lbfgsb_defaults();
	struct oc_lbfgsb_result res;
	struct lr_model *lm = lr_alloc(d, K);
	double *coef = NULL, *grad, *y;
	int rc;

	if (!lm) {
		oc_err_set(err, OC_EINTERNAL, "logistic regression: out of memory");
		return NULL;
	}
	coef = calloc(2 * nv + n, sizeof *coef);
	if (!coef || oc_linloss_init(&ll)) {
		oc_err_set(err, OC_EINTERNAL, "logistic regression: out of memory");
		goto fail;
	}
	lm->solver = OC_LR_LBFGS;
	grad = coef + nv;
	y = grad + nv;
	/* the binomial target 0.0 / 1.0; LabelEncoder's class index as
	 * float64 for the multinomial one */
	for (size_t i = 0; i < n; i++)
		y[i] = (double)ds->y[i];
	ll.y = y;
	opts.gtol = LR_LBFGS_TOL;
	opts.maxiter = p->lr_max_iter;
	rc = oc_lbfgsb_minimize((long)nv, coef, grad,
	                        K == 2 ? oc_linloss_binomial : oc_linloss_multinomial, &ll, &opts,
	                        &res);
	if (rc) {
		if (rc > 0)
			oc_err_set(err, OC_ECANCELED, "logistic regression: training interrupted");
		else
			oc_err_set(err, OC_EINTERNAL, "logistic regression: out of memory");
		goto fail;
	}
	if (K == 2) {
		memcpy(lm->w, coef, d * sizeof *lm->w);
		lm->b = coef[d];
	} else {
		/* np.reshape(w0, (n_classes, -1), order="F"): class k's weight
		 * of feature j at j * K + k, its intercept after the weights */
		for (size_t k = 0; k < K; k++) {
			for (size_t j = 0; j < d; j++)
				lm->w[k * d + j] = coef[j * K + k];
			lm->bk[k] = coef[d * K + k];
		}
	}
	lm->n_iter = res.nit < p->lr_max_iter ? res.nit : p->lr_max_iter;
	lm->grad_norm = norm_inf(grad, nv);
	if (res.status != 0) {
		long it = lm->n_iter;
		int wrc;
		if (res.nit >= p->lr_max_iter)
			wrc = set_warning(lm, "logistic regression did not converge in %ld iteration%s "
			                  "(lbfgs status %d: %s); increase max_iter", it,
			                  it == 1 ? "" : "s", res.status, res.message);
		else
			wrc = set_warning(lm, "logistic regression did not converge: lbfgs stopped after "
			                  "%ld iteration%s (status %d: %s); scale the features or use "
			                  "solver = newton", it, it == 1 ? "" : "s", res.status,
			                  res.message);
		if (wrc) {
			oc_err_set(err, OC_EINTERNAL, "logistic regression: out of memory");
			goto fail;
		}
	}
	oc_linloss_free(&ll);
	free(coef);
	return lm;
fail:
	oc_linloss_free(&ll);
	free(coef);
	lr_free(lm);
	return NULL;
}

static void *lr_fit(const struct oc_dataset *ds, const struct oc_model_params *p,
                    const struct oc_fit_ctx *ctx, struct oc_err *err)
{
	if (check_data(ds, err))
		return NULL;
	if (p->lr_solver == OC_LR_NEWTON)
		return newton_fit(ds, p, ctx, err);
	return lbfgs_fit(ds, p, ctx, err);
}

/* Decision value exactly as sklearn's decision_function: X.coef_ + intercept_. */
static double lr_z(const struct lr_model *lm, const double *row)
{
	return dot_plus_b(row, lm->w, lm->d, lm->b);
}

/* K > 2: decision_function (X coef_' + intercept_) of one row, then
 * sklearn.utils.extmath.softmax: minus the row's largest score, exp, divided
 * by the numpy sum.  Returns the argmax of the scores (the first of equal). */
static int lr_multi(const struct lr_model *lm, const double *row, double *proba)
{
	size_t K = lm->K;
	double z[OC_MAX_CLASSES], mx;
	for (size_t c = 0; c < K; c++)
		z[c] = dot_plus_b(row, lm->w + c * lm->d, lm->d, lm->bk[c]);
	int best = oc_argmax(z, K);
	mx = z[best];
	for (size_t c = 0; c < K; c++)
		proba[c] = exp(z[c] - mx);
	double sum = oc_npsum(proba, K);
	for (size_t c = 0; c < K; c++)
		proba[c] /= sum;
	return best;
}

static int lr_score(const void *m, const double *row, double *proba)
{
	const struct lr_model *lm = m;
	if (lm->K > 2)
		return lr_multi(lm, row, proba);
	double z = lr_z(m, row), p1 = 1.0 / (1.0 + exp(-z));
	proba[0] = 1.0 - p1;
	proba[1] = p1;
	return z > 0;
}

static void lr_score_rows(const void *m, const double *rows, size_t n, int *cls, double *proba)
{
	const struct lr_model *lm = m;
	oc_model_rows_each(m, lm->d, lm->K, rows, n, cls, proba, lr_score);
}

static size_t lr_n_classes(const void *m)
{
	return ((const struct lr_model *)m)->K;
}

static int lr_importances(const void *m, double *out)
{
	(void)m;
	(void)out;
	return 0;
}

static int lr_save(const void *m, struct oc_mwriter *w, struct oc_err *err)
{
	const struct lr_model *lm = m;
	oc_mw_long(w, "lr_features", (long)lm->d);
	if (lm->K == 2) {
		oc_mw_double(w, "lr_intercept", lm->b);
		oc_mw_doubles(w, "lr_coef", lm->w, lm->d);
	} else {
		/* the K intercepts, then one line of coefficients per class */
		oc_mw_doubles(w, "lr_intercept", lm->bk, lm->K);
		for (size_t c = 0; c < lm->K; c++)
			oc_mw_doubles(w, "lr_coef", lm->w + c * lm->d, lm->d);
	}
	oc_mw_long(w, "lr_iterations", lm->n_iter);
	oc_mw_double(w, "lr_grad_norm", lm->grad_norm);
	oc_mw_str(w, "lr_warning", lm->warning ? lm->warning : "");
	oc_mw_printf(w, "lr_solver %s\n", oc_lr_solver_names[lm->solver]);
	if (w->failed)
		return oc_err_set(err, OC_EINTERNAL, "logistic regression: out of memory while saving");
	return OC_OK;
}

/* "lr_solver lbfgs|newton", new in format 1.1; a 1.0 file has none and
 * was fitted with Newton's method. */
static int read_solver(struct oc_mreader *r, enum oc_lr_solver *solver, struct oc_err *err)
{
	char key[16];
	int rc;
	if (!oc_mr_peek(r, key, sizeof key) || strcmp(key, "lr_solver") != 0) {
		if (r->minor >= 1)
			return oc_mr_line(r, "lr_solver", 1, err);  /* reports what is there */
		*solver = OC_LR_NEWTON;
		return OC_OK;
	}
	rc = oc_mr_line(r, "lr_solver", 1, err);
	if (rc)
		return rc;
	for (int s = 0; s < OC_LR_SOLVER_COUNT; s++)
		if (strcmp(r->tok[1], oc_lr_solver_names[s]) == 0) {
			*solver = (enum oc_lr_solver)s;
			return OC_OK;
		}
	return oc_mr_error(r, err, "'lr_solver': '%s' is neither lbfgs nor newton", r->tok[1]);
}

static void *lr_load(struct oc_mreader *r, size_t n_features, size_t n_classes,
                     struct oc_err *err)
{
	struct lr_model *lm;
	long d;
	if (oc_mr_long(r, "lr_features", 0, OC_MR_MAXTOK - 1, &d, err))
		return NULL;
	if ((size_t)d != n_features) {
		oc_mr_error(r, err, "'lr_features': %ld coefficients but the file has %zu features",
		            d, n_features);
		return NULL;
	}
	if (n_classes < 2 || n_classes > OC_MAX_CLASSES) {
		oc_mr_error(r, err, "logistic regression: %zu classes; 2 to %d are supported",
		            n_classes, OC_MAX_CLASSES);
		return NULL;
	}
	lm = lr_alloc(n_features, n_classes);
	if (!lm) {
		oc_err_set(err, OC_EINTERNAL, "out of memory");
		return NULL;
	}
	if (n_classes == 2) {
		if (oc_mr_double(r, "lr_intercept", &lm->b, err) ||
		    oc_mr_doubles(r, "lr_coef", lm->w, n_features, err))
			goto fail;
	} else {
		if (oc_mr_doubles(r, "lr_intercept", lm->bk, n_classes, err))
			goto fail;
		for (size_t c = 0; c < n_classes; c++)
			if (oc_mr_doubles(r, "lr_coef", lm->w + c * n_features, n_features, err))
				goto fail;
	}
	if (oc_mr_long(r, "lr_iterations", 0, 1000000000L, &lm->n_iter, err) ||
	    oc_mr_double(r, "lr_grad_norm", &lm->grad_norm, err) ||
	    oc_mr_str(r, "lr_warning", &lm->warning, err))
		goto fail;
	if (lm->grad_norm < 0) {
		oc_mr_error(r, err, "'lr_grad_norm' must not be negative");
		goto fail;
	}
	/* w.x + b stays a number for every accepted input (|x| < 2^128, the
	 * float32 range): sum |w_j| * 2^128 + |b| must be finite. */
	{
		double bound = 0.0;
		for (size_t j = 0; j < n_features; j++)
			bound += fabs(lm->w[j]);
		if (!isfinite(bound * 0x1p128 + fabs(lm->b))) {
			oc_mr_error(r, err, "'lr_coef': coefficients too large (the score would overflow)");
			goto fail;
		}
	}
	/* The line before was lr_warning; re-check it held no line breaks. */
	if (strchr(lm->warning, '\n')) {
		oc_mr_error(r, err, "'lr_warning' must be one line");
		goto fail;
	}
	if (!*lm->warning) {
		free(lm->warning);
		lm->warning = NULL;
	}
	if (read_solver(r, &lm->solver, err))
		goto fail;
	return lm;
fail:
	lr_free(lm);
	return NULL;
}

const char *oc_lr_warning(const void *m)
{
	return ((const struct lr_model *)m)->warning;
}

void oc_lr_coef(const void *m, double *intercept, double *coef)
{
	const struct lr_model *lm = m;
	size_t nc = lm->K == 2 ? 1 : lm->K;
	if (intercept) {
		if (lm->K == 2)
			*intercept = lm->b;
		else
			memcpy(intercept, lm->bk, nc * sizeof *intercept);
	}
	if (coef)
		memcpy(coef, lm->w, nc * lm->d * sizeof *coef);
}

double oc_lr_grad_norm(const void *m)
{
	return ((const struct lr_model *)m)->grad_norm;
}

long oc_lr_iterations(const void *m)
{
	return ((const struct lr_model *)m)->n_iter;
}

enum oc_lr_solver oc_lr_solver(const void *m)
{
	return ((const struct lr_model *)m)->solver;
}

/* Exact Shapley values of the decision value of a linear model with the
 * training rows as background: phi_j = coef_j (x_j - mean_j), base the
 * decision value at the mean (what shap's LinearExplainer computes with the
 * whole training set rather than a sample of it).  For K = 2 the log-odds
 * of the second class (the first class's are their negatives); for K > 2
 * class k's decision value x.coef_[k] + intercept_[k] (decision_function
 * column k), with class k's coefficients. */
static int lr_explain(const void *m, const double *row, const struct oc_explain_in *in,
                      double *phi, double *base, struct oc_err *err)
{
	const struct lr_model *lm = m;
	if (!in->mean)
		return oc_err_set(err, OC_EDATA, "logistic regression: no training means to explain "
		                  "against (model file without a training profile; retrain)");
	if (in->cls < 0 || (size_t)in->cls >= lm->K)
		return oc_err_set(err, OC_EINTERNAL, "logistic regression: no class %d to explain",
		                  in->cls);
	if (lm->K > 2) {
		const double *w = lm->w + (size_t)in->cls * lm->d;
		for (size_t j = 0; j < lm->d; j++)
			phi[j] = w[j] * (row[j] - in->mean[j]);
		*base = dot_plus_b(in->mean, w, lm->d, lm->bk[in->cls]);
		return OC_OK;
	}
	double sign = in->cls == 1 ? 1.0 : -1.0;
	for (size_t j = 0; j < lm->d; j++)
		phi[j] = sign * lm->w[j] * (row[j] - in->mean[j]);
	*base = sign * lr_z(lm, in->mean);
	return OC_OK;
}

const struct oc_model_ops oc_lr_ops = {
	.key = "lr", .title = "Logistic Regression", .params = lr_params,
	.n_params = sizeof lr_params / sizeof lr_params[0], .fit = lr_fit,
	.n_classes = lr_n_classes, .score_rows = lr_score_rows, .explain = lr_explain,
	.explain_output = "log-odds", .explain_output_multi = "decision value",
	.importances = lr_importances, .save = lr_save, .load = lr_load, .free = lr_free,
	.warning = oc_lr_warning, .iterations = oc_lr_iterations,
};
