/* SPDX-License-Identifier: MIT */
/* test_lr.c - logistic regression with solver = newton against
 * scikit-learn 1.2.1 fixtures (the lbfgs solver: test_lbfgs.c).
 *
 * lr_coef.txt/proba_lr.csv/pred_lr.txt come from sklearn's lbfgs fit, which
 * stops on a relative decrease of the loss; lr_exact_coef.txt and
 * proba_lr_exact.txt come from sklearn's newton-cholesky solver run to
 * tol 1e-10, i.e. the exact optimum we solve for. */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ml/lr.h"
#include "core/modelio.h"
#include "data/dataset.h"
#include "pipeline/gen.h"
#include "testutil.h"

static double *fx_doubles(const char *name, const char *file, size_t *n)
{
	char rel[256], *p;
	double *v;
	snprintf(rel, sizeof rel, "%s/%s", name, file);
	p = tu_fixture(rel);
	v = tu_read_doubles(p, n);
	free(p);
	return v;
}

static struct oc_model_params default_params(void)
{
	struct oc_model_params p;
	tu_default_params(&p);
	p.lr_solver = OC_LR_NEWTON;
	return p;
}

/* Upper bound on |p_ours - p_sklearn_lbfgs| per dataset, where sklearn's
 * lbfgs ended close to the optimum.  On "wide" (pressure ~1000 next to
 * features ~1) it stops on the relative loss decrease with a gradient norm
 * of 3.5, 0.13 away in probability; there only the exact optimum is
 * compared (and predictions where sklearn's stop does not flip them). */
static const struct {
	const char *name;
	double max_dp_lbfgs;    /* < 0: not asserted */
} datasets[] = {
	{ "curing", 1e-4 },
	{ "wide", -1 },
	{ "balanced", 1e-4 },
};

static void check_dataset(const char *name, double max_dp_lbfgs)
{
	struct tu_split f;
	struct oc_model_params par = default_params();
	struct oc_err err;
	void *m;
	double *sk_proba = NULL, *exact_coef, *exact_p, *coef;
	size_t rows, cols, nc, np, d;
	unsigned char *sk_pred;
	double dp_lbfgs = 0, dp_exact = 0, dcoef = 0, b;
	size_t pred_diff = 0, unexplained = 0;
	char rel[256], *path;

	CU_ASSERT_FATAL(tu_load_split(name, &f) == 0);
	d = f.train->n_features;
	oc_err_clear(&err);
	m = oc_lr_ops.fit(f.train, &par, &tu_serial, &err);
	CU_ASSERT_PTR_NOT_NULL_FATAL(m);
	CU_ASSERT_PTR_NULL(oc_lr_warning(m));
	CU_ASSERT(oc_lr_grad_norm(m) <= 1e-6);

	snprintf(rel, sizeof rel, "%s/proba_lr.csv", name);
	path = tu_fixture(rel);
	sk_proba = tu_read_csv_doubles(path, &rows, &cols);
	free(path);
	exact_coef = fx_doubles(name, "lr_exact_coef.txt", &nc);
	exact_p = fx_doubles(name, "proba_lr_exact.txt", &np);
	sk_pred = tu_read_pred(name, "lr", f.all, f.test->n_rows);
	CU_ASSERT_FATAL(sk_proba && rows == f.test->n_rows && cols == 2);
	CU_ASSERT_FATAL(exact_coef && nc == d + 1 && exact_p && np == rows && sk_pred);

	coef = malloc(d * sizeof *coef);
	oc_lr_coef(m, &b, coef);
	dcoef = fabs(b - exact_coef[0]);
	for (size_t j = 0; j < d; j++)
		dcoef = fmax(dcoef, fabs(coef[j] - exact_coef[j + 1]));

	for (size_t i = 0; i < rows; i++) {
		const double *row = oc_dataset_row(f.test, i);
		double pr[2];
		int pred = oc_model_predict(&oc_lr_ops, m, row);
		oc_model_predict_proba(&oc_lr_ops, m, row, pr);
		CU_ASSERT_EQUAL(pr[0], 1.0 - pr[1]);
		dp_lbfgs = fmax(dp_lbfgs, fabs(pr[1] - sk_proba[2 * i + 1]));
		dp_exact = fmax(dp_exact, fabs(pr[1] - exact_p[i]));
		/* ours must agree with the exact optimum's side of 0.5 */
		CU_ASSERT_EQUAL(pred, exact_p[i] > 0.5);
		if (pred != sk_pred[i]) {
			pred_diff++;
			/* only acceptable where sklearn's lbfgs and the exact optimum
			 * themselves fall on different sides */
			if ((sk_proba[2 * i + 1] > 0.5) == (exact_p[i] > 0.5))
				unexplained++;
		}
	}
	printf("\n  %s: %ld Newton steps, |grad|_inf %.3g, max|dcoef| vs exact %.3g, "
	       "max|dp| vs exact %.3g, vs sklearn lbfgs %.3g, predictions differing %zu/%zu\n",
	       name, oc_lr_iterations(m), oc_lr_grad_norm(m), dcoef, dp_exact, dp_lbfgs,
	       pred_diff, rows);
	CU_ASSERT(dcoef <= 1e-6);
	CU_ASSERT(dp_exact <= 1e-8);
	CU_ASSERT_EQUAL(unexplained, 0);
	if (max_dp_lbfgs >= 0) {
		CU_ASSERT(dp_lbfgs <= max_dp_lbfgs);
		CU_ASSERT_EQUAL(pred_diff, 0);
	}
	free(coef);
	free(sk_proba);
	free(exact_coef);
	free(exact_p);
	free(sk_pred);
	oc_lr_ops.free(m);
	tu_free_split(&f);
}

static void test_fixtures(void)
{
	for (size_t k = 0; k < sizeof datasets / sizeof datasets[0]; k++)
		check_dataset(datasets[k].name, datasets[k].max_dp_lbfgs);
}

/* Saves m, loads it back; returns the loaded model (NULL on failure). */
static void *roundtrip(const void *m, size_t d, char **text_out)
{
	struct oc_mwriter w;
	struct oc_mreader r;
	struct oc_err err;
	void *m2;
	oc_mw_init(&w);
	oc_err_clear(&err);
	CU_ASSERT_EQUAL(oc_lr_ops.save(m, &w, &err), OC_OK);
	*text_out = strdup(w.buf);
	oc_mr_init(&r, "test.model", w.buf, w.len, 1);
	m2 = oc_lr_ops.load(&r, d, 2, &err);
	CU_ASSERT_EQUAL(r.pos, r.len);  /* everything consumed */
	oc_mr_free(&r);
	oc_mw_free(&w);
	return m2;
}

static void test_save_load(void)
{
	struct tu_split f;
	struct oc_model_params par = default_params();
	struct oc_err err;
	void *m, *m2, *m3;
	char *t1, *t2, *t3;
	size_t d;
	CU_ASSERT_FATAL(tu_load_split("wide", &f) == 0);
	d = f.train->n_features;
	m = oc_lr_ops.fit(f.train, &par, &tu_serial, &err);
	CU_ASSERT_PTR_NOT_NULL_FATAL(m);
	m2 = roundtrip(m, d, &t1);
	CU_ASSERT_PTR_NOT_NULL_FATAL(m2);
	m3 = roundtrip(m2, d, &t2);
	CU_ASSERT_PTR_NOT_NULL_FATAL(m3);
	CU_ASSERT_STRING_EQUAL(t1, t2);
	{
		double b1, b2, c1[16], c2[16];
		CU_ASSERT_FATAL(d <= 16);
		oc_lr_coef(m, &b1, c1);
		oc_lr_coef(m2, &b2, c2);
		CU_ASSERT(memcmp(&b1, &b2, sizeof b1) == 0);
		CU_ASSERT(memcmp(c1, c2, d * sizeof *c1) == 0);
	}
	CU_ASSERT_EQUAL(oc_lr_grad_norm(m), oc_lr_grad_norm(m2));
	CU_ASSERT_EQUAL(oc_lr_iterations(m), oc_lr_iterations(m2));
	for (size_t i = 0; i < f.test->n_rows; i++) {
		double p1[2], p2[2];
		const double *row = oc_dataset_row(f.test, i);
		oc_model_predict_proba(&oc_lr_ops, m, row, p1);
		oc_model_predict_proba(&oc_lr_ops, m2, row, p2);
		CU_ASSERT(memcmp(p1, p2, sizeof p1) == 0);
		CU_ASSERT_EQUAL(oc_model_predict(&oc_lr_ops, m, row), oc_model_predict(&oc_lr_ops, m2, row));
	}

	/* wrong feature count */
	{
		struct oc_mreader r;
		char *buf = strdup(t1);
		oc_mr_init(&r, "test.model", buf, strlen(buf), 1);
		CU_ASSERT_PTR_NULL(oc_lr_ops.load(&r, d + 1, 2, &err));
		CU_ASSERT_EQUAL(err.status, OC_EDATA);
		CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "test.model:1:"));
		oc_mr_free(&r);
		free(buf);
	}
	/* a non-finite coefficient */
	{
		struct oc_mreader r;
		size_t len = strlen(t1);
		char *buf = malloc(len + 8), *c = strstr(t1, "lr_coef ");
		size_t at = (size_t)(c - t1) + strlen("lr_coef ");
		memcpy(buf, t1, at);
		strcpy(buf + at, "nan");
		strcat(buf, strchr(t1 + at, ' '));
		oc_mr_init(&r, "test.model", buf, strlen(buf), 1);
		CU_ASSERT_PTR_NULL(oc_lr_ops.load(&r, d, 2, &err));
		CU_ASSERT_EQUAL(err.status, OC_EDATA);
		CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "test.model:3:"));
		oc_mr_free(&r);
		free(buf);
	}
	/* truncated */
	{
		struct oc_mreader r;
		char *buf = strdup(t1);
		*strstr(buf, "lr_grad_norm") = '\0';
		oc_mr_init(&r, "test.model", buf, strlen(buf), 1);
		CU_ASSERT_PTR_NULL(oc_lr_ops.load(&r, d, 2, &err));
		CU_ASSERT_EQUAL(err.status, OC_EDATA);
		oc_mr_free(&r);
		free(buf);
	}

	/* a warning survives the round trip */
	par.lr_max_iter = 2;
	oc_lr_ops.free(m3);
	m3 = oc_lr_ops.fit(f.train, &par, &tu_serial, &err);
	CU_ASSERT_PTR_NOT_NULL_FATAL(m3);
	oc_lr_ops.free(m2);
	m2 = roundtrip(m3, d, &t3);
	CU_ASSERT_PTR_NOT_NULL_FATAL(m2);
	CU_ASSERT_PTR_NOT_NULL_FATAL(oc_lr_warning(m2));
	CU_ASSERT_STRING_EQUAL(oc_lr_warning(m2), oc_lr_warning(m3));

	free(t1);
	free(t2);
	free(t3);
	oc_lr_ops.free(m);
	oc_lr_ops.free(m2);
	oc_lr_ops.free(m3);
	tu_free_split(&f);
}

static void test_max_iter_warning(void)
{
	struct tu_split f;
	struct oc_model_params par = default_params();
	struct oc_err err;
	void *m;
	CU_ASSERT_FATAL(tu_load_split("curing", &f) == 0);
	par.lr_max_iter = 3;
	m = oc_lr_ops.fit(f.train, &par, &tu_serial, &err);
	CU_ASSERT_PTR_NOT_NULL_FATAL(m);
	CU_ASSERT_EQUAL(oc_lr_iterations(m), 3);
	CU_ASSERT(oc_lr_grad_norm(m) > 1e-6);
	CU_ASSERT_PTR_NOT_NULL_FATAL(oc_lr_warning(m));
	CU_ASSERT_PTR_NOT_NULL(strstr(oc_lr_warning(m), "did not converge in 3 iterations"));
	/* the same string through the model interface, as the pipeline sees it */
	CU_ASSERT_PTR_NOT_NULL_FATAL(oc_lr_ops.warning);
	CU_ASSERT_PTR_EQUAL(oc_lr_ops.warning(m), oc_lr_warning(m));
	oc_lr_ops.free(m);
	par.lr_max_iter = 1;
	m = oc_lr_ops.fit(f.train, &par, &tu_serial, &err);
	CU_ASSERT_PTR_NOT_NULL_FATAL(m);
	CU_ASSERT_PTR_NOT_NULL(strstr(oc_lr_warning(m), "did not converge in 1 iteration ("));
	oc_lr_ops.free(m);
	tu_free_split(&f);
}

static void test_cancel(void)
{
	struct tu_split f;
	struct oc_model_params par = default_params();
	struct oc_err err;
	static atomic_int flag = 1;
	CU_ASSERT_FATAL(tu_load_split("balanced", &f) == 0);
	struct oc_fit_ctx ctx = { 1, &flag, 0 };
	oc_err_clear(&err);
	CU_ASSERT_PTR_NULL(oc_lr_ops.fit(f.train, &par, &ctx, &err));
	CU_ASSERT_EQUAL(err.status, OC_ECANCELED);
	tu_free_split(&f);
}

/* The model file a fit of ds on n_jobs threads writes (caller frees). */
static char *fit_text(const struct oc_dataset *ds, const struct oc_model_params *par, int jobs)
{
	struct oc_fit_ctx ctx = { .n_jobs = jobs };
	struct oc_mwriter w;
	struct oc_err err;
	oc_err_clear(&err);
	void *m = oc_lr_ops.fit(ds, par, &ctx, &err);
	CU_ASSERT_PTR_NOT_NULL_FATAL(m);
	oc_mw_init(&w);
	CU_ASSERT_EQUAL(oc_lr_ops.save(m, &w, &err), OC_OK);
	CU_ASSERT_FATAL(!w.failed);
	oc_lr_ops.free(m);
	return w.buf;
}

/* 20,000 curing rows: the model file is the one of a single thread at 2, 3
 * and 4.  20,000 rows of five features is where linloss.c starts splitting
 * the binomial loss's rows between threads, so the split is what this
 * checks (a part that adds its dot products in another order fails it). */
static void test_threads(void)
{
	struct oc_dataset *ds = NULL;
	struct oc_err err;
	struct oc_model_params par = default_params();
	par.lr_solver = OC_LR_LBFGS;    /* the solver that evaluates linloss.c */
	CU_ASSERT_EQUAL_FATAL(oc_generate(20000, 11, 2, &ds, &err), OC_OK);
	char *one = fit_text(ds, &par, 1);
	for (int jobs = 2; jobs <= 4; jobs++) {
		char *many = fit_text(ds, &par, jobs);
		CU_ASSERT_STRING_EQUAL(many, one);
		free(many);
	}
	free(one);
	oc_dataset_free(&ds);
}

static void test_params_and_bad_data(void)
{
	struct oc_model_params par = default_params();
	struct oc_err err;
	struct oc_dataset *ds;
	double imp[3];

	CU_ASSERT_PTR_NULL(oc_model_check(&oc_lr_ops, &par, NULL));
	par.lr_C = 0;
	CU_ASSERT_PTR_NOT_NULL(oc_model_check(&oc_lr_ops, &par, NULL));
	par.lr_C = NAN;
	CU_ASSERT_PTR_NOT_NULL(oc_model_check(&oc_lr_ops, &par, NULL));
	par = default_params();
	par.lr_max_iter = 0;
	CU_ASSERT_PTR_NOT_NULL(oc_model_check(&oc_lr_ops, &par, NULL));
	CU_ASSERT_STRING_EQUAL(oc_lr_ops.key, "lr");
	CU_ASSERT_STRING_EQUAL(oc_lr_ops.title, "Logistic Regression");

	/* one class only: no finite optimum of the intercept */
	par = default_params();
	ds = oc_dataset_new(4, 1);
	CU_ASSERT_PTR_NOT_NULL_FATAL(ds);
	for (size_t i = 0; i < 4; i++) {
		ds->x[i] = (double)i;
		ds->y[i] = 1;
	}
	oc_err_clear(&err);
	CU_ASSERT_PTR_NULL(oc_lr_ops.fit(ds, &par, &tu_serial, &err));
	CU_ASSERT_EQUAL(err.status, OC_EDATA);

	/* separable data: the penalty keeps the optimum finite */
	ds->y[0] = ds->y[1] = 0;
	{
		void *m = oc_lr_ops.fit(ds, &par, &tu_serial, &err);
		CU_ASSERT_PTR_NOT_NULL_FATAL(m);
		CU_ASSERT_PTR_NULL(oc_lr_warning(m));
		CU_ASSERT(oc_lr_grad_norm(m) <= 1e-8);
		CU_ASSERT_EQUAL(oc_lr_ops.importances(m, imp), 0);
		CU_ASSERT_EQUAL(oc_model_predict(&oc_lr_ops, m, &ds->x[0]), 0);
		CU_ASSERT_EQUAL(oc_model_predict(&oc_lr_ops, m, &ds->x[3]), 1);
		oc_lr_ops.free(m);
	}
	/* a non-finite feature value */
	ds->x[2] = INFINITY;
	CU_ASSERT_PTR_NULL(oc_lr_ops.fit(ds, &par, &tu_serial, &err));
	CU_ASSERT_EQUAL(err.status, OC_EDATA);
	oc_dataset_free(&ds);
}

/* Nearly collinear, badly scaled columns: the Hessian is ill-conditioned
 * and Newton must still reach the optimum. */
static void test_ill_conditioned(void)
{
	struct oc_model_params par = default_params();
	struct oc_err err;
	size_t n = 200;
	struct oc_dataset *ds = oc_dataset_new(n, 3);
	void *m;
	CU_ASSERT_PTR_NOT_NULL_FATAL(ds);
	for (size_t i = 0; i < n; i++) {
		double t = (double)i / (double)n;
		ds->x[3 * i] = 1000.0 * t;
		ds->x[3 * i + 1] = 1000.0 * t + 1e-9 * (double)(i % 7);
		ds->x[3 * i + 2] = 1e-3 * (double)(i % 5);
		ds->y[i] = (i * 7919 % 100) < 100 * t;
	}
	par.lr_C = 1e6;
	m = oc_lr_ops.fit(ds, &par, &tu_serial, &err);
	CU_ASSERT_PTR_NOT_NULL_FATAL(m);
	printf("\n  ill-conditioned: %ld steps, |grad|_inf %.3g, warning: %s\n", oc_lr_iterations(m),
	       oc_lr_grad_norm(m), oc_lr_warning(m) ? oc_lr_warning(m) : "none");
	CU_ASSERT(oc_lr_grad_norm(m) <= 1e-6);
	CU_ASSERT_PTR_NULL(oc_lr_warning(m));
	oc_lr_ops.free(m);
	oc_dataset_free(&ds);
}

static CU_TestInfo tests[] = {
	{ "fixtures: exact optimum and sklearn parity", test_fixtures },
	{ "save/load round trip and validation", test_save_load },
	{ "max_iter reached gives a warning", test_max_iter_warning },
	{ "cancel", test_cancel },
	{ "threads give the single thread's model", test_threads },
	{ "parameters and bad data", test_params_and_bad_data },
	{ "ill-conditioned Hessian", test_ill_conditioned },
	CU_TEST_INFO_NULL,
};

int main(void)
{
	return tu_run_suite("lr", tests);
}
