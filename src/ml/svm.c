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

#include "core/npsum.h"
#include "ml/explain.h"
#include "ml/svm.h"
#include "ml/svm_impl.h"
#include "core/modelio.h"
#include "core/rng.h"

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

/* libsvm's svm_model for K classes: the support vectors grouped by class
 * (nsv[c] of class c, in training order), for pair p = (i, j), i < j, in
 * libsvm's order (0,1), (0,2), ..., (1,2), ...: rho[p], the sigmoid
 * prob_a[p], prob_b[p], and the coefficients alpha*y of class i's vectors
 * in row j-1 of coef, those of class j's in row i (sv_coef). */
struct svm_model {
	size_t d, n_sv, K;
	double gamma;
	size_t *nsv, *start;        /* K each */
	double *rho;                /* K(K-1)/2; libsvm's (scikit-learn: -intercept_) */
	double *prob_a, *prob_b;    /* K(K-1)/2 Platt sigmoids */
	double *sv;                 /* n_sv * d support vectors, libsvm's order */
	double *coef;               /* (K-1) * n_sv: coef[r * n_sv + v] */
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
	free(s->nsv);
	free(s->start);
	free(s->rho);
	free(s->prob_a);
	free(s->prob_b);
	free(s->sv);
	free(s->coef);
	free(s->svp);
	free(s);
}

/* A model of K classes with room for n_sv support vectors of d features. */
static struct svm_model *model_new(size_t d, size_t K, size_t n_sv)
{
	struct svm_model *s = calloc(1, sizeof *s);
	size_t np = K * (K - 1) / 2;
	if (!s)
		return NULL;
	s->d = d;
	s->K = K;
	s->n_sv = n_sv;
	s->nsv = calloc(K, sizeof *s->nsv);
	s->start = calloc(K, sizeof *s->start);
	s->rho = calloc(np, sizeof *s->rho);
	s->prob_a = calloc(np, sizeof *s->prob_a);
	s->prob_b = calloc(np, sizeof *s->prob_b);
	s->sv = malloc((n_sv * d > 0 ? n_sv * d : 1) * sizeof *s->sv);
	s->coef = calloc((n_sv ? n_sv : 1) * (K - 1), sizeof *s->coef);
	s->svp = malloc((n_sv ? n_sv : 1) * sizeof *s->svp);
	if (!s->nsv || !s->start || !s->rho || !s->prob_a || !s->prob_b || !s->sv || !s->coef ||
	    !s->svp) {
		svm_free(s);
		return NULL;
	}
	for (size_t k = 0; k < n_sv; k++)
		s->svp[k] = s->sv + k * d;
	return s;
}

/* start[c] from nsv[c] */
static void model_starts(struct svm_model *s)
{
	s->start[0] = 0;
	for (size_t c = 1; c < s->K; c++)
		s->start[c] = s->start[c - 1] + s->nsv[c - 1];
}

/* The trained pairs of svm_train: per pair its function (support vectors
 * point into the data set's rows) and sigmoid. */
struct pairs {
	size_t np;
	struct oc_svm_fn *fn;
	double *a, *b;
};

static void pairs_free(struct pairs *pr)
{
	if (pr->fn)
		for (size_t p = 0; p < pr->np; p++)
			oc_svm_fn_free(&pr->fn[p]);
	free(pr->fn);
	free(pr->a);
	free(pr->b);
}

/* svm_train's "build output": a row is a support vector if any pair gave
 * it a nonzero alpha; they are kept in grouped order, and each pair's
 * coefficients go to libsvm's sv_coef rows. */
static struct svm_model *model_build(const struct oc_dataset *ds, const size_t *grp,
                                     const size_t *cstart, const size_t *ccount,
                                     const struct pairs *pr, double gamma)
{
	size_t n = ds->n_rows, d = ds->n_features, K = ds->n_classes, n_sv = 0;
	size_t *pos = malloc(n * sizeof *pos);     /* data row -> model SV index, or n */
	unsigned char *nz = calloc(n, 1);          /* by grouped position */
	size_t *rowpos = malloc(n * sizeof *rowpos);   /* data row -> grouped position */
	struct svm_model *s = NULL;
	if (!pos || !nz || !rowpos)
		goto out;
	for (size_t g = 0; g < n; g++)
		rowpos[grp[g]] = g;
	for (size_t p = 0; p < pr->np; p++)
		for (size_t k = 0; k < pr->fn[p].n_sv; k++)
			nz[rowpos[(size_t)(pr->fn[p].sv[k] - ds->x) / d]] = 1;
	for (size_t g = 0; g < n; g++)
		n_sv += nz[g];
	s = model_new(d, K, n_sv);
	if (!s)
		goto out;
	s->gamma = gamma;
	size_t v = 0;
	for (size_t c = 0; c < K; c++)
		for (size_t g = cstart[c]; g < cstart[c] + ccount[c]; g++) {
			pos[grp[g]] = n;
			if (!nz[g])
				continue;
			memcpy(s->sv + v * d, oc_dataset_row(ds, grp[g]), d * sizeof *s->sv);
			pos[grp[g]] = v++;
			s->nsv[c]++;
		}
	model_starts(s);
	size_t p = 0;
	for (size_t i = 0; i < K; i++)
		for (size_t j = i + 1; j < K; j++, p++) {
			const struct oc_svm_fn *fn = &pr->fn[p];
			s->rho[p] = fn->rho;
			s->prob_a[p] = pr->a[p];
			s->prob_b[p] = pr->b[p];
			for (size_t k = 0; k < fn->n_sv; k++) {
				size_t row = (size_t)(fn->sv[k] - ds->x) / d, at = pos[row];
				size_t r = ds->y[row] == i ? j - 1 : i;
				s->coef[r * n_sv + at] = fn->coef[k];
			}
		}
out:
	free(pos);
	free(nz);
	free(rowpos);
	return s;
}

static void *svm_fit(const struct oc_dataset *ds, const struct oc_model_params *p,
                     const struct oc_fit_ctx *ctx, struct oc_err *err)
{
	size_t n = ds->n_rows, d = ds->n_features, K = ds->n_classes;
	size_t cstart[OC_MAX_CLASSES], ccount[OC_MAX_CLASSES];
	const double **x = NULL;
	double *y = NULL, gamma;
	size_t *grp = NULL;
	struct pairs pr = { 0 };
	struct svm_model *s = NULL;
	struct oc_rng rs, mt;
	uint32_t seed;

	if (K < 2 || K > OC_MAX_CLASSES) {
		oc_err_set(err, OC_EDATA, "SVM: %zu classes; 2 to %d are supported", K, OC_MAX_CLASSES);
		return NULL;
	}
	oc_dataset_class_counts(ds, ccount);
	for (size_t c = 0; c < K; c++)
		if (ccount[c] == 0) {
			oc_err_set(err, OC_EDATA, "SVM: the training rows hold no row of class '%s'",
			           ds->class_names[c] ? ds->class_names[c] : "?");
			return NULL;
		}
	if (n == 0 || d == 0) {
		oc_err_set(err, OC_EDATA, "SVM: the training rows must hold every class");
		return NULL;
	}
	pr.np = K * (K - 1) / 2;
	x = malloc(n * sizeof *x);
	y = malloc(n * sizeof *y);
	grp = malloc(n * sizeof *grp);
	pr.fn = calloc(pr.np, sizeof *pr.fn);
	pr.a = malloc(pr.np * sizeof *pr.a);
	pr.b = malloc(pr.np * sizeof *pr.b);
	if (!x || !y || !grp || !pr.fn || !pr.a || !pr.b) {
		oc_err_set(err, OC_EINTERNAL, "SVM: out of memory");
		goto out;
	}
	/* svm_group_classes: rows of class 0, then class 1, ..., each in input order */
	cstart[0] = 0;
	for (size_t c = 1; c < K; c++)
		cstart[c] = cstart[c - 1] + ccount[c - 1];
	{
		size_t fill[OC_MAX_CLASSES];
		memcpy(fill, cstart, K * sizeof *fill);
		for (size_t i = 0; i < n; i++)
			grp[fill[ds->y[i]]++] = i;
	}
	gamma = p->svm_gamma > 0 ? p->svm_gamma : oc_svm_gamma_scale(ds->x, n, d);

	/* BaseLibSVM.fit: random_seed = RandomState(seed).randint(2^31 - 1);
	 * svm_train seeds libsvm's generator with it once */
	oc_rng_seed(&rs, (uint32_t)p->svm_seed);
	seed = (uint32_t)oc_rng_randint(&rs, 0, 2147483647);
	oc_rng_seed(&mt, seed);

	/* the K(K-1)/2 problems of svm_train: class i's rows as +1, then
	 * class j's as -1, Platt's cross-validation before the final fit */
	size_t pi = 0;
	for (size_t i = 0; i < K; i++)
		for (size_t j = i + 1; j < K; j++, pi++) {
			struct oc_svm_problem prob;
			size_t l = ccount[i] + ccount[j];
			for (size_t k = 0; k < ccount[i]; k++) {
				x[k] = oc_dataset_row(ds, grp[cstart[i] + k]);
				y[k] = 0;
			}
			for (size_t k = 0; k < ccount[j]; k++) {
				x[ccount[i] + k] = oc_dataset_row(ds, grp[cstart[j] + k]);
				y[ccount[i] + k] = 1;
			}
			memset(&prob, 0, sizeof prob);
			prob.l = l;
			prob.d = d;
			prob.x = x;
			prob.y = y;
			prob.gamma = gamma;
			prob.C = p->svm_C;
			prob.cache_bytes = p->svm_cache_mb * (1L << 20);
			prob.cancel = ctx->cancel;
			if (oc_svm_platt_cv(&prob, &mt, seed, ctx->n_jobs, &pr.a[pi], &pr.b[pi], &pr.fn[pi],
			                    err))
				goto out;
		}
	s = model_build(ds, grp, cstart, ccount, &pr, gamma);
	if (!s)
		oc_err_set(err, OC_EINTERNAL, "SVM: out of memory");
out:
	pairs_free(&pr);
	free(grp);
	free(x);
	free(y);
	return s;
}

/* Kernel value of row and support vector k: from kvalue when it is there. */
static double kval(const struct svm_model *s, const double *row, const double *kvalue, size_t k)
{
	return kvalue ? kvalue[k] : oc_svm_kernel(row, s->svp[k], s->d, s->gamma);
}

/* svm_predict_values: the K(K-1)/2 libsvm decision values of row (positive
 * means the first class of the pair) and the votes; returns the class with
 * the most votes, the first of equal ones.  Each kernel value is computed
 * once (without memory for them, once per pair: the same values). */
static int libsvm_values(const struct svm_model *s, const double *row, double *dec)
{
	int vote[OC_MAX_CLASSES] = { 0 };
	double kbuf[1024];
	double *kv = s->n_sv <= 1024 ? kbuf : malloc(s->n_sv * sizeof *kv);
	if (kv)
		oc_svm_kernels(row, s->svp, s->n_sv, s->d, s->gamma, kv);
	size_t p = 0;
	for (size_t i = 0; i < s->K; i++)
		for (size_t j = i + 1; j < s->K; j++, p++) {
			const double *c1 = s->coef + (j - 1) * s->n_sv, *c2 = s->coef + i * s->n_sv;
			double sum = 0;
			for (size_t k = s->start[i]; k < s->start[i] + s->nsv[i]; k++)
				sum += c1[k] * kval(s, row, kv, k);
			for (size_t k = s->start[j]; k < s->start[j] + s->nsv[j]; k++)
				sum += c2[k] * kval(s, row, kv, k);
			dec[p] = sum - s->rho[p];
			vote[dec[p] > 0 ? i : j]++;
		}
	if (kv != kbuf)
		free(kv);
	size_t best = 0;
	for (size_t c = 1; c < s->K; c++)
		if (vote[c] > vote[best])
			best = c;
	return (int)best;
}

double oc_svm_decision(const void *m, const double *row)
{
	const struct svm_model *s = m;
	double dec[1];
	if (s->K != 2)
		return 0.0;
	libsvm_values(s, row, dec);
	return -dec[0];
}

size_t oc_svm_n_pairs(const void *m)
{
	const struct svm_model *s = m;
	return s->K * (s->K - 1) / 2;
}

void oc_svm_decision_ovo(const void *m, const double *row, double *out)
{
	const struct svm_model *s = m;
	libsvm_values(s, row, out);
	if (s->K == 2)
		out[0] = -out[0];
}

void oc_svm_decision_ovr(const void *m, const double *row, double *out)
{
	const struct svm_model *s = m;
	size_t K = s->K, np = K * (K - 1) / 2;
	double dbuf[64], *dec = np <= 64 ? dbuf : malloc(np * sizeof *dec);
	double sum[OC_MAX_CLASSES] = { 0 };
	if (K == 2 || !dec) {
		for (size_t c = 0; c < K; c++)
			out[c] = 0.0;
		if (K == 2)
			out[1] = oc_svm_decision(m, row);
		return;
	}
	libsvm_values(s, row, dec);
	/* _ovr_decision_function(dec < 0, -dec, K) */
	for (size_t c = 0; c < K; c++)
		out[c] = 0.0;
	size_t p = 0;
	for (size_t i = 0; i < K; i++)
		for (size_t j = i + 1; j < K; j++, p++) {
			double conf = -dec[p];
			sum[i] -= conf;
			sum[j] += conf;
			out[dec[p] < 0 ? j : i] += 1;
		}
	for (size_t c = 0; c < K; c++)
		out[c] = out[c] + sum[c] / (3 * (fabs(sum[c]) + 1));
	if (dec != dbuf)
		free(dec);
}

double oc_svm_gamma(const void *m)
{
	return ((const struct svm_model *)m)->gamma;
}

size_t oc_svm_n_support(const void *m)
{
	return ((const struct svm_model *)m)->n_sv;
}

static size_t svm_n_classes(const void *m)
{
	return ((const struct svm_model *)m)->K;
}

/* svm_predict_probability: clipped sigmoid of every pair, then coupling
 * (even for K = 2); returns libsvm's voted class. */
static int svm_score(const void *m, const double *row, double *proba)
{
	const struct svm_model *s = m;
	const double min_prob = 1e-7;
	size_t K = s->K, np = K * (K - 1) / 2;
	double small[512], *dec, *r, *work, *buf = NULL;
	size_t need = np + K * K + K * K + K;
	if (need <= sizeof small / sizeof *small) {
		dec = small;
	} else {
		buf = malloc(need * sizeof *buf);
		if (!buf) {
			for (size_t c = 0; c < K; c++)
				proba[c] = 1.0 / (double)K;
			return 0;
		}
		dec = buf;
	}
	r = dec + np;
	work = r + K * K;
	int cls = libsvm_values(s, row, dec);
	size_t p = 0;
	for (size_t i = 0; i < K; i++) {
		r[i * K + i] = 0;
		for (size_t j = i + 1; j < K; j++, p++) {
			double v = oc_svm_sigmoid_predict(dec[p], s->prob_a[p], s->prob_b[p]);
			v = v > min_prob ? v : min_prob;
			v = v < 1 - min_prob ? v : 1 - min_prob;
			r[i * K + j] = v;
			r[j * K + i] = 1 - v;
		}
	}
	oc_svm_couple((int)K, r, proba, work);
	free(buf);
	return cls;
}

static void svm_score_rows(const void *m, const double *rows, size_t n, int *cls, double *proba)
{
	const struct svm_model *s = m;
	oc_model_rows_each(m, s->d, s->K, rows, n, cls, proba, svm_score);
}

/* --- model file --- */

/* K-1 lines "key v...", line i holding the pairs (i, i+1) ... (i, K-1) */
static void put_pairs(struct oc_mwriter *w, const char *key, const double *v, size_t K)
{
	for (size_t i = 0, p = 0; i + 1 < K; p += K - 1 - i, i++)
		oc_mw_doubles(w, key, v + p, K - 1 - i);
}

static int get_pairs(struct oc_mreader *r, const char *key, double *v, size_t K,
                     struct oc_err *err)
{
	for (size_t i = 0, p = 0; i + 1 < K; p += K - 1 - i, i++)
		if (oc_mr_doubles(r, key, v + p, K - 1 - i, err))
			return -1;
	return 0;
}

static int svm_save(const void *m, struct oc_mwriter *w, struct oc_err *err)
{
	const struct svm_model *s = m;
	size_t K = s->K, nc = K - 1;
	double *line;
	if (s->d + nc + 1 > OC_MR_MAXTOK)
		return oc_err_set(err, OC_ECANTCREAT, "SVM: %zu features do not fit a model-file line", s->d);
	line = malloc((s->d + nc) * sizeof *line);
	if (!line)
		return oc_err_set(err, OC_EINTERNAL, "out of memory");
	oc_mw_long(w, "features", (long)s->d);
	oc_mw_double(w, "gamma", s->gamma);
	/* per class i < K-1, the values of its pairs (i, j > i): one line of one
	 * value each for two classes */
	put_pairs(w, "rho", s->rho, K);
	put_pairs(w, "prob_a", s->prob_a, K);
	put_pairs(w, "prob_b", s->prob_b, K);
	oc_mw_long(w, "n_sv", (long)s->n_sv);
	if (K > 2) {
		oc_mw_printf(w, "n_sv_class");
		for (size_t c = 0; c < K; c++)
			oc_mw_printf(w, " %zu", s->nsv[c]);
		oc_mw_write(w, "\n", 1);
	}
	for (size_t k = 0; k < s->n_sv; k++) {
		for (size_t r = 0; r < nc; r++)
			line[r] = s->coef[r * s->n_sv + k];
		memcpy(line + nc, s->sv + k * s->d, s->d * sizeof *line);
		oc_mw_doubles(w, "sv", line, s->d + nc);
	}
	free(line);
	if (w->failed)
		return oc_err_set(err, OC_EINTERNAL, "out of memory");
	return OC_OK;
}

static void *svm_load(struct oc_mreader *r, size_t n_features, size_t n_classes,
                      struct oc_err *err)
{
	struct svm_model *s = NULL;
	long d, n_sv, max_sv;
	size_t K = n_classes, np, nc;
	double gamma, bound = 0.0, *line = NULL, *rho = NULL, *pa = NULL, *pb = NULL;

	if (K < 2 || K > OC_MAX_CLASSES) {
		oc_mr_error(r, err, "SVM: %zu classes; 2 to %d are supported", K, OC_MAX_CLASSES);
		return NULL;
	}
	np = K * (K - 1) / 2;
	nc = K - 1;
	if (oc_mr_long(r, "features", 1, OC_MR_MAXTOK - 1 - (long)nc, &d, err))
		return NULL;
	if ((size_t)d != n_features) {
		oc_mr_error(r, err, "SVM model has %ld features, the file %zu", d, n_features);
		return NULL;
	}
	rho = malloc(np * sizeof *rho);
	pa = malloc(np * sizeof *pa);
	pb = malloc(np * sizeof *pb);
	if (!rho || !pa || !pb) {
		oc_err_set(err, OC_EINTERNAL, "out of memory");
		goto fail;
	}
	if (oc_mr_double(r, "gamma", &gamma, err) || get_pairs(r, "rho", rho, K, err) ||
	    get_pairs(r, "prob_a", pa, K, err) || get_pairs(r, "prob_b", pb, K, err))
		goto fail;
	if (!(gamma > 0)) {
		oc_mr_error(r, err, "SVM gamma must be positive");
		goto fail;
	}
	/* each "sv" line takes at least 3 + 2*(d+K-1) bytes: bound the count by
	 * what is left of the file before allocating anything */
	max_sv = (long)((r->len - r->pos) / (size_t)(2 * (d + (long)nc) + 3));
	if (oc_mr_long(r, "n_sv", 1, max_sv > 1 ? max_sv : 1, &n_sv, err))
		goto fail;
	s = model_new((size_t)d, K, (size_t)n_sv);
	line = malloc(((size_t)d + nc) * sizeof *line);
	if (!s || !line) {
		oc_err_set(err, OC_EINTERNAL, "out of memory");
		goto fail;
	}
	s->gamma = gamma;
	memcpy(s->rho, rho, np * sizeof *rho);
	memcpy(s->prob_a, pa, np * sizeof *pa);
	memcpy(s->prob_b, pb, np * sizeof *pb);
	if (K == 2) {
		s->nsv[0] = (size_t)n_sv;   /* the ranges only need to cover every vector */
	} else {
		size_t total = 0;
		if (oc_mr_line(r, "n_sv_class", K, err))
			goto fail;
		for (size_t c = 0; c < K; c++) {
			long v;
			if (oc_mr_get_long(r, 1 + c, 0, n_sv, &v, err))
				goto fail;
			s->nsv[c] = (size_t)v;
			total += (size_t)v;
		}
		if (total != (size_t)n_sv) {
			oc_mr_error(r, err, "n_sv_class: the counts add up to %zu, not %ld", total, n_sv);
			goto fail;
		}
	}
	model_starts(s);
	for (size_t p = 0; p < np; p++)
		if (fabs(rho[p]) > bound)
			bound = fabs(rho[p]);
	for (long k = 0; k < n_sv; k++) {
		if (oc_mr_doubles(r, "sv", line, (size_t)d + nc, err))
			goto fail;
		for (size_t q = 0; q < nc; q++) {
			s->coef[q * (size_t)n_sv + (size_t)k] = line[q];
			bound += fabs(line[q]);
		}
		memcpy(s->sv + (size_t)k * (size_t)d, line + nc, (size_t)d * sizeof *line);
	}
	/* RBF kernel values are in [0, 1]: each pair's decision value is at
	 * most sum |coef| + max |rho|, and Platt's A f + B must stay a number. */
	for (size_t p = 0; p < np; p++)
		if (!isfinite(fabs(pa[p]) * bound + fabs(pb[p]))) {
			oc_mr_error(r, err, "SVM coefficients too large (the score would overflow)");
			goto fail;
		}
	free(line);
	free(rho);
	free(pa);
	free(pb);
	return s;
fail:
	free(line);
	free(rho);
	free(pa);
	free(pb);
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
	.key = "svm", .title = "Support Vector Machine", .params = svm_params,
	.n_params = sizeof svm_params / sizeof svm_params[0], .fit = svm_fit,
	.n_classes = svm_n_classes, .score_rows = svm_score_rows, .explain = svm_explain,
	.explain_output = "probability", .save = svm_save, .load = svm_load, .free = svm_free,
};
