/* SPDX-License-Identifier: MIT */
/* svm.c - the support vector classifier behind struct oc_model_ops.
 *
 * Reproduces scikit-learn 1.2.1's SVC(kernel="rbf", probability=True):
 * gamma="scale" from X.var() with numpy's pairwise summation, libsvm's
 * seed RandomState(seed).randint(2^31-1), the Platt cross-validation run
 * before the final training (svm_platt.c), the SMO solver (svm_solver.c)
 * and scikit-learn's signs: libsvm's f(x) > 0 means classes_[0], and
 * decision_function reports -f(x).  Probabilities come from the sigmoid
 * followed by pairwise coupling even for two classes, exactly as libsvm's
 * svm_predict_probability, so predict (sign of f) and argmax of
 * predict_proba can disagree - as in scikit-learn. */
#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ml/npsum.h"
#include "ml/explain.h"
#include "ml/svm.h"
#include "ml/svm_impl.h"
#include "modelio.h"
#include "rng.h"

/* The hyperparameters (see setting.h). */
static const char *const gamma_word[] = { "scale", NULL };
static const struct oc_setting svm_params[] = {
	OC_PARAM_DOUBLE("svm", "C", svm_C, 0, HUGE_VAL, OC_SET_MIN_OPEN, "1.0",
	                "Box constraint of the RBF support vector classifier."),
	OC_SETTING_(struct oc_model_params, "svm", "gamma", OC_SET_DOUBLE, svm_gamma, 0, HUGE_VAL,
	            "scale", "RBF kernel width, \"scale\" being 1 over features times the variance of X.",
	            OC_SET_MIN_OPEN, gamma_word, NULL),
	OC_PARAM_LONG_SINGLE("svm", "seed", svm_seed, 0, 4294967295.0, "123",
	              "Seed of the Platt-scaling cross-validation folds."),
	OC_PARAM_LONG_SINGLE("svm", "cache_mb", svm_cache_mb, 1, 65536, "64",
	              "Kernel cache in MiB, shared by the SVM solvers that run at once; "
	              "changes speed, never results."),
};

struct svm_model {
	size_t d, n_sv;
	double gamma;
	double rho;                 /* libsvm's rho (scikit-learn: -intercept_) */
	double prob_a, prob_b;      /* Platt sigmoid */
	double *sv;                 /* n_sv * d support vectors, libsvm's order */
	double *coef;               /* alpha_i y_i, y = +1 for class 0 */
	const double **svp;         /* row pointers into sv */
};

/* --- gamma = "scale" --- */

double oc_svm_gamma_scale(const double *x, size_t n_rows, size_t n_features)
{
	size_t n = n_rows * n_features;
	double mean, var, buf[OC_NP_BUFSIZE];
	if (n == 0)
		return 1.0;
	mean = oc_npsum(x, n) / (double)n;
	/* X.var(): the sum of (x - mean)^2, formed one buffer at a time */
	var = 0.;
	for (size_t i = 0; i < n; i += OC_NP_BUFSIZE) {
		size_t m = n - i < OC_NP_BUFSIZE ? n - i : OC_NP_BUFSIZE;
		for (size_t k = 0; k < m; k++) {
			double t = x[i + k] - mean;
			buf[k] = t * t;
		}
		var += oc_np_pairwise(buf, m);
	}
	var /= (double)n;
	return var != 0 ? 1.0 / ((double)n_features * var) : 1.0;
}

/* --- ops --- */

static void svm_free(void *m)
{
	struct svm_model *s = m;
	if (!s)
		return;
	free(s->sv);
	free(s->coef);
	free(s->svp);
	free(s);
}

/* A model with room for n_sv support vectors of d features. */
static struct svm_model *model_new(size_t d, size_t n_sv)
{
	struct svm_model *s = calloc(1, sizeof *s);
	if (!s)
		return NULL;
	s->d = d;
	s->n_sv = n_sv;
	s->sv = malloc((n_sv * d > 0 ? n_sv * d : 1) * sizeof *s->sv);
	s->coef = malloc((n_sv ? n_sv : 1) * sizeof *s->coef);
	s->svp = malloc((n_sv ? n_sv : 1) * sizeof *s->svp);
	if (!s->sv || !s->coef || !s->svp) {
		svm_free(s);
		return NULL;
	}
	for (size_t k = 0; k < n_sv; k++)
		s->svp[k] = s->sv + k * d;
	return s;
}

static void *svm_fit(const struct oc_dataset *ds, const struct oc_model_params *p,
                     const struct oc_fit_ctx *ctx, struct oc_err *err)
{
	size_t n = ds->n_rows, d = ds->n_features, n1;
	const double **x = NULL;
	double *y = NULL, prob_a = 0, prob_b = 0;
	struct oc_svm_problem prob;
	struct oc_svm_fn fn;
	struct svm_model *s = NULL;
	struct oc_rng rs;
	uint32_t seed;

	n1 = oc_dataset_count_positive(ds);
	if (n == 0 || d == 0 || n1 == 0 || n1 == n) {
		oc_err_set(err, OC_EDATA, "SVM: the training rows must hold both classes");
		return NULL;
	}
	x = malloc(n * sizeof *x);
	y = malloc(n * sizeof *y);
	if (!x || !y) {
		oc_err_set(err, OC_EINTERNAL, "SVM: out of memory");
		goto out;
	}
	for (size_t i = 0; i < n; i++) {
		x[i] = oc_dataset_row(ds, i);
		y[i] = ds->y[i];
	}
	memset(&prob, 0, sizeof prob);
	prob.l = n;
	prob.d = d;
	prob.x = x;
	prob.y = y;
	prob.gamma = p->svm_gamma > 0 ? p->svm_gamma : oc_svm_gamma_scale(ds->x, n, d);
	prob.C = p->svm_C;
	prob.cache_bytes = p->svm_cache_mb * (1L << 20);
	prob.cancel = ctx->cancel;

	/* BaseLibSVM.fit: random_seed = RandomState(seed).randint(2^31 - 1) */
	oc_rng_seed(&rs, (uint32_t)p->svm_seed);
	seed = (uint32_t)oc_rng_randint(&rs, 0, 2147483647);

	if (oc_svm_platt_cv(&prob, seed, ctx->n_jobs, &prob_a, &prob_b, &fn, err))
		goto out;
	s = model_new(d, fn.n_sv);
	if (!s) {
		oc_err_set(err, OC_EINTERNAL, "SVM: out of memory");
	} else {
		s->gamma = prob.gamma;
		s->rho = fn.rho;
		s->prob_a = prob_a;
		s->prob_b = prob_b;
		for (size_t k = 0; k < fn.n_sv; k++) {
			memcpy(s->sv + k * d, fn.sv[k], d * sizeof *s->sv);
			s->coef[k] = fn.coef[k];
		}
	}
	oc_svm_fn_free(&fn);
out:
	free(x);
	free(y);
	return s;
}

/* libsvm's decision value: positive means class 0. */
static double libsvm_value(const struct svm_model *s, const double *row)
{
	return oc_svm_fn_value(s->svp, s->coef, s->n_sv, s->d, s->gamma, s->rho, row);
}

double oc_svm_decision(const void *m, const double *row)
{
	return -libsvm_value(m, row);
}

double oc_svm_gamma(const void *m)
{
	return ((const struct svm_model *)m)->gamma;
}

size_t oc_svm_n_support(const void *m)
{
	return ((const struct svm_model *)m)->n_sv;
}

/* predict is the sign of the decision value; predict_proba its Platt
 * sigmoid with svm_predict_probability's clipping, then coupling even for
 * k = 2 - so the class is not always the more probable one. */
static int svm_score(const void *m, const double *row, double *proba)
{
	const struct svm_model *s = m;
	const double min_prob = 1e-7;
	double f = libsvm_value(s, row), r = oc_svm_sigmoid_predict(f, s->prob_a, s->prob_b);
	r = r > min_prob ? r : min_prob;
	r = r < 1 - min_prob ? r : 1 - min_prob;
	oc_svm_couple2(r, proba);
	return f > 0 ? 0 : 1;
}

static void svm_score_rows(const void *m, const double *rows, size_t n, int *cls, double *proba)
{
	oc_model_rows_each(m, ((const struct svm_model *)m)->d, rows, n, cls, proba, svm_score);
}

/* --- model file --- */

static int svm_save(const void *m, struct oc_mwriter *w, struct oc_err *err)
{
	const struct svm_model *s = m;
	double *line;
	if (s->d + 2 > OC_MR_MAXTOK)
		return oc_err_set(err, OC_ECANTCREAT, "SVM: %zu features do not fit a model-file line", s->d);
	line = malloc((s->d + 1) * sizeof *line);
	if (!line)
		return oc_err_set(err, OC_EINTERNAL, "out of memory");
	oc_mw_long(w, "features", (long)s->d);
	oc_mw_double(w, "gamma", s->gamma);
	oc_mw_double(w, "rho", s->rho);
	oc_mw_double(w, "prob_a", s->prob_a);
	oc_mw_double(w, "prob_b", s->prob_b);
	oc_mw_long(w, "n_sv", (long)s->n_sv);
	for (size_t k = 0; k < s->n_sv; k++) {
		line[0] = s->coef[k];
		memcpy(line + 1, s->sv + k * s->d, s->d * sizeof *line);
		oc_mw_doubles(w, "sv", line, s->d + 1);
	}
	free(line);
	if (w->failed)
		return oc_err_set(err, OC_EINTERNAL, "out of memory");
	return OC_OK;
}

static void *svm_load(struct oc_mreader *r, size_t n_features, struct oc_err *err)
{
	struct svm_model *s = NULL;
	long d, n_sv, max_sv;
	double gamma, rho, pa, pb, bound, *line = NULL;

	if (oc_mr_long(r, "features", 1, OC_MR_MAXTOK - 2, &d, err))
		return NULL;
	if ((size_t)d != n_features) {
		oc_mr_error(r, err, "SVM model has %ld features, the file %zu", d, n_features);
		return NULL;
	}
	if (oc_mr_double(r, "gamma", &gamma, err) || oc_mr_double(r, "rho", &rho, err) ||
	    oc_mr_double(r, "prob_a", &pa, err) || oc_mr_double(r, "prob_b", &pb, err))
		return NULL;
	if (!(gamma > 0)) {
		oc_mr_error(r, err, "SVM gamma must be positive");
		return NULL;
	}
	/* each "sv" line takes at least 3 + 2*(d+1) bytes: bound the count by
	 * what is left of the file before allocating anything */
	max_sv = (long)((r->len - r->pos) / (size_t)(2 * d + 5));
	if (oc_mr_long(r, "n_sv", 1, max_sv > 1 ? max_sv : 1, &n_sv, err))
		return NULL;
	s = model_new((size_t)d, (size_t)n_sv);
	line = malloc((size_t)(d + 1) * sizeof *line);
	if (!s || !line) {
		oc_err_set(err, OC_EINTERNAL, "out of memory");
		goto fail;
	}
	s->gamma = gamma;
	s->rho = rho;
	s->prob_a = pa;
	s->prob_b = pb;
	bound = fabs(rho);
	for (long k = 0; k < n_sv; k++) {
		if (oc_mr_doubles(r, "sv", line, (size_t)d + 1, err))
			goto fail;
		s->coef[k] = line[0];
		bound += fabs(line[0]);
		memcpy(s->sv + (size_t)k * (size_t)d, line + 1, (size_t)d * sizeof *line);
	}
	/* RBF kernel values are in [0, 1]: the decision value is at most
	 * sum |coef| + |rho|, and Platt's A f + B must stay a number. */
	if (!isfinite(fabs(pa) * bound + fabs(pb))) {
		oc_mr_error(r, err, "SVM coefficients too large (the score would overflow)");
		goto fail;
	}
	free(line);
	return s;
fail:
	free(line);
	svm_free(s);
	return NULL;
}

static int svm_explain(const void *m, const double *row, const struct oc_explain_in *in,
                       double *phi, double *base, struct oc_err *err)
{
	const struct svm_model *s = m;
	return oc_explain_interventional(&oc_svm_ops, m, s->d, row, in, phi, base, err);
}

const struct oc_model_ops oc_svm_ops = {
	.key = "svm",
	.title = "Support Vector Machine",
	.params = svm_params,
	.n_params = sizeof svm_params / sizeof svm_params[0],
	.fit = svm_fit,
	.score_rows = svm_score_rows,
	.explain = svm_explain,
	.explain_output = "probability",
	.importances = NULL,
	.save = svm_save,
	.load = svm_load,
	.free = svm_free,
};
