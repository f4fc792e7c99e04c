/* SPDX-License-Identifier: MIT */
/* test_lbfgs.c - logistic regression with solver = lbfgs against
 * scikit-learn 1.2.1 / scipy 1.10.1, bit for bit.
 *
 * Fixtures: tests/fixtures/lbfgs/CASE/ (made by tests/fixtures/lbfgs/regen.py):
 * the objective at probe points (LinearModelLoss.loss_gradient), and the
 * fitted LogisticRegression: coefficients, intercept, n_iter_, whether a
 * ConvergenceWarning was raised, test probabilities, predictions, metrics. */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pipeline/gen.h"
#include "ml/lbfgsb.h"
#include "ml/linloss.h"
#include "ml/lr.h"
#include "ml/metrics.h"
#include "data/split.h"
#include "testutil.h"

static const char *const cases[] = {
	"curing", "wide", "balanced", "breast_cancer", "scales", "max_iter_10", "abnormal",
};
#define N_CASES (sizeof cases / sizeof cases[0])

/* case.txt: "key value" lines */
struct case_info {
	char data[64];
	long max_iter, n_iter, nit, nfev, status, warns;
	double C;
};

static int read_case(const char *name, struct case_info *ci)
{
	char rel[256], *path, *text, *line, *save = NULL;
	int got = 0;
	snprintf(rel, sizeof rel, "lbfgs/%s/case.txt", name);
	path = tu_fixture(rel);
	text = tu_slurp(path, NULL);
	free(path);
	if (!text)
		return -1;
	memset(ci, 0, sizeof *ci);
	for (line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char key[32], val[64];
		if (sscanf(line, "%31s %63s", key, val) != 2)
			continue;
		if (!strcmp(key, "data"))
			got += snprintf(ci->data, sizeof ci->data, "%s", val) > 0;
		else if (!strcmp(key, "max_iter"))
			got += sscanf(val, "%ld", &ci->max_iter);
		else if (!strcmp(key, "n_iter"))
			got += sscanf(val, "%ld", &ci->n_iter);
		else if (!strcmp(key, "nit"))
			got += sscanf(val, "%ld", &ci->nit);
		else if (!strcmp(key, "nfev"))
			got += sscanf(val, "%ld", &ci->nfev);
		else if (!strcmp(key, "status"))
			got += sscanf(val, "%ld", &ci->status);
		else if (!strcmp(key, "warns"))
			got += sscanf(val, "%ld", &ci->warns);
		else if (!strcmp(key, "C"))
			got += sscanf(val, "%lf", &ci->C);
	}
	free(text);
	return got == 8 ? 0 : -1;
}

static double *case_doubles(const char *name, const char *file, size_t *n)
{
	char rel[256], *p;
	double *v;
	snprintf(rel, sizeof rel, "lbfgs/%s/%s", name, file);
	p = tu_fixture(rel);
	v = tu_read_doubles(p, n);
	free(p);
	return v;
}

/* Bits of a and b differ in this many of n places. */
static size_t bit_diffs(const double *a, const double *b, size_t n)
{
	size_t k = 0;
	for (size_t i = 0; i < n; i++)
		k += memcmp(&a[i], &b[i], sizeof a[i]) != 0;
	return k;
}

/* The objective and its gradient at the probe points equal scikit-learn's
 * LinearModelLoss.loss_gradient to the last bit. */
static void test_objective(void)
{
	for (size_t c = 0; c < N_CASES; c++) {
		struct case_info ci;
		struct tu_split s;
		struct oc_linloss ll;
		double *probe, *y, g[64], f;
		size_t np, d, off = 0, worst = 0;
		CU_ASSERT_FATAL(read_case(cases[c], &ci) == 0);
		CU_ASSERT_FATAL(tu_load_split(ci.data, &s) == 0);
		d = s.train->n_features;
		CU_ASSERT_FATAL(d + 1 <= 64);
		probe = case_doubles(cases[c], "objective.txt", &np);
		CU_ASSERT_FATAL(probe && np == 3 * (2 * d + 3));
		y = malloc(s.train->n_rows * sizeof *y);
		for (size_t i = 0; i < s.train->n_rows; i++)
			y[i] = s.train->y[i] ? 1.0 : 0.0;
		ll = (struct oc_linloss){ .x = s.train->x, .y = y, .n_rows = s.train->n_rows,
		                          .n_features = d, .l2_reg_strength = 1.0 / ci.C };
		CU_ASSERT_FATAL(oc_linloss_init(&ll) == 0);
		for (int k = 0; k < 3; k++) {
			const double *coef = probe + off, *want = probe + off + d + 1;
			size_t diff;
			CU_ASSERT_EQUAL(oc_linloss_binomial(&ll, coef, &f, g), 0);
			diff = bit_diffs(&f, want, 1) + bit_diffs(g, want + 1, d + 1);
			if (diff > worst)
				worst = diff;
			CU_ASSERT_EQUAL(diff, 0);
			off += 2 * d + 3;
		}
		printf("\n  %s: objective at 3 probes, %zu values differing in bits", cases[c], worst);
		oc_linloss_free(&ll);
		free(y);
		free(probe);
		tu_free_split(&s);
	}
}

static void check_fit(const char *name)
{
	struct case_info ci;
	struct tu_split s;
	struct oc_model_params par;
	struct oc_err err;
	struct oc_metrics met;
	void *m;
	double *want_coef, *want_proba, *want_pred, *want_met, *coef, b, *p1;
	size_t nc, npr, npd, nm, d, rows, proba_bits = 0, pred_diff = 0, coef_bits;
	unsigned char *pred;
	double dcoef = 0, dproba = 0, dmet = 0;

	CU_ASSERT_FATAL(read_case(name, &ci) == 0);
	CU_ASSERT_FATAL(tu_load_split(ci.data, &s) == 0);
	d = s.train->n_features;
	rows = s.test->n_rows;
	tu_default_params(&par);
	CU_ASSERT_EQUAL(par.lr_solver, OC_LR_LBFGS);   /* the default */
	par.lr_max_iter = ci.max_iter;
	par.lr_C = ci.C;
	oc_err_clear(&err);
	m = oc_lr_ops.fit(s.train, &par, &tu_serial, &err);
	CU_ASSERT_PTR_NOT_NULL_FATAL(m);
	CU_ASSERT_EQUAL(oc_lr_solver(m), OC_LR_LBFGS);

	want_coef = case_doubles(name, "coef.txt", &nc);
	want_proba = case_doubles(name, "proba.txt", &npr);
	want_pred = case_doubles(name, "pred.txt", &npd);
	want_met = case_doubles(name, "metrics.txt", &nm);
	CU_ASSERT_FATAL(want_coef && nc == d + 1 && want_proba && npr == 2 * rows);
	CU_ASSERT_FATAL(want_pred && npd == rows && want_met && nm == 4);

	coef = malloc((d + 1) * sizeof *coef);
	oc_lr_coef(m, &b, coef + 1);
	coef[0] = b;
	coef_bits = bit_diffs(coef, want_coef, d + 1);
	dcoef = tu_max_abs_diff(coef, want_coef, d + 1);
	CU_ASSERT_EQUAL(coef_bits, 0);
	CU_ASSERT_EQUAL(oc_lr_iterations(m), ci.n_iter);
	CU_ASSERT_EQUAL(oc_lr_warning(m) != NULL, ci.warns != 0);

	pred = malloc(rows);
	p1 = malloc(2 * rows * sizeof *p1);     /* both classes' probabilities */
	for (size_t i = 0; i < rows; i++) {
		double pr[2];
		pred[i] = (unsigned char)oc_model_predict(&oc_lr_ops, m, oc_dataset_row(s.test, i));
		oc_model_predict_proba(&oc_lr_ops, m, oc_dataset_row(s.test, i), pr);
		p1[2 * i] = pr[0];
		p1[2 * i + 1] = pr[1];
		proba_bits += bit_diffs(pr, want_proba + 2 * i, 2) != 0;
		dproba = fmax(dproba, fmax(fabs(pr[0] - want_proba[2 * i]),
		                           fabs(pr[1] - want_proba[2 * i + 1])));
		pred_diff += pred[i] != (unsigned char)want_pred[i];
	}
	CU_ASSERT_EQUAL(proba_bits, 0);
	CU_ASSERT_EQUAL(pred_diff, 0);
	CU_ASSERT_EQUAL_FATAL(oc_metrics_compute(s.test->y, pred, p1, rows, 2, &met, &err), OC_OK);
	{
		double got[4] = { met.accuracy, met.precision, met.recall, met.auc };
		CU_ASSERT_EQUAL(bit_diffs(got, want_met, 4), 0);
		dmet = tu_max_abs_diff(got, want_met, 4);
	}
	printf("\n  %s: n_iter %ld (sklearn %ld), warning %s (sklearn: %s); max|dcoef| %.3g "
	       "(%zu of %zu differ in bits), max|dproba| %.3g (%zu rows differ in bits), "
	       "predictions differing %zu/%zu, max|dmetric| %.3g",
	       name, oc_lr_iterations(m), ci.n_iter, oc_lr_warning(m) ? "yes" : "no",
	       ci.warns ? "yes" : "no", dcoef, coef_bits, d + 1, dproba, proba_bits, pred_diff,
	       rows, dmet);
	if (oc_lr_warning(m))
		printf("\n    %s", oc_lr_warning(m));
	free(coef);
	free(p1);
	oc_metrics_free(&met);
	free(pred);
	free(want_coef);
	free(want_proba);
	free(want_pred);
	free(want_met);
	oc_lr_ops.free(m);
	tu_free_split(&s);
}

static void test_fits(void)
{
	for (size_t c = 0; c < N_CASES; c++)
		check_fit(cases[c]);
}

/* The original generator's 25,000 rows (seed 42) and the pipeline's split,
 * made here with oc_generate and oc_split_stratified: 20,000 training rows,
 * so numpy's chunked sums (8192 values per chunk) are exercised. */
static void test_generated_25k(void)
{
	struct oc_dataset *all = NULL, *train;
	struct oc_model_params par;
	struct oc_err err;
	struct oc_linloss ll;
	size_t *tr, *te, ntr, nte, nc, np, d, off = 0, probe_bits = 0;
	double *want_coef, *probe, *y, coef[8], g[8], f;
	void *m;
	char *path, *text;
	long n_iter = -1;

	oc_err_clear(&err);
	CU_ASSERT_EQUAL_FATAL(oc_generate(25000, 42, 2, &all, &err), OC_OK);
	CU_ASSERT_EQUAL_FATAL(oc_split_stratified(all, 0.2, 123, &tr, &ntr, &te, &nte, &err), OC_OK);
	train = oc_dataset_subset(all, tr, ntr);
	CU_ASSERT_PTR_NOT_NULL_FATAL(train);
	CU_ASSERT_EQUAL(train->n_rows, 20000);
	d = train->n_features;
	CU_ASSERT_FATAL(d + 1 <= sizeof coef / sizeof coef[0]);
	path = tu_fixture("lbfgs/curing_25k/case.txt");
	text = tu_slurp(path, NULL);
	free(path);
	CU_ASSERT_PTR_NOT_NULL_FATAL(text);
	CU_ASSERT_PTR_NOT_NULL_FATAL(strstr(text, "\nn_iter "));
	n_iter = strtol(strstr(text, "\nn_iter ") + 8, NULL, 10);
	free(text);
	want_coef = case_doubles("curing_25k", "coef.txt", &nc);
	probe = case_doubles("curing_25k", "objective.txt", &np);
	CU_ASSERT_FATAL(want_coef && nc == d + 1 && probe && np == 2 * (2 * d + 3));

	/* the objective at two probes */
	y = malloc(train->n_rows * sizeof *y);
	for (size_t i = 0; i < train->n_rows; i++)
		y[i] = train->y[i] ? 1.0 : 0.0;
	ll = (struct oc_linloss){ .x = train->x, .y = y, .n_rows = train->n_rows,
	                          .n_features = d, .l2_reg_strength = 1.0 };
	CU_ASSERT_FATAL(oc_linloss_init(&ll) == 0);
	for (int k = 0; k < 2; k++, off += 2 * d + 3) {
		CU_ASSERT_EQUAL(oc_linloss_binomial(&ll, probe + off, &f, g), 0);
		probe_bits += bit_diffs(&f, probe + off + d + 1, 1) +
		              bit_diffs(g, probe + off + d + 2, d + 1);
	}
	CU_ASSERT_EQUAL(probe_bits, 0);
	oc_linloss_free(&ll);

	/* the fit */
	tu_default_params(&par);
	m = oc_lr_ops.fit(train, &par, &tu_serial, &err);
	CU_ASSERT_PTR_NOT_NULL_FATAL(m);
	oc_lr_coef(m, &coef[0], coef + 1);
	printf("\n  curing 25,000 rows: n_iter %ld (sklearn %ld), %zu of %zu coefficients and "
	       "%zu objective values differ in bits", oc_lr_iterations(m), n_iter,
	       bit_diffs(coef, want_coef, d + 1), d + 1, probe_bits);
	CU_ASSERT_EQUAL(bit_diffs(coef, want_coef, d + 1), 0);
	CU_ASSERT_EQUAL(oc_lr_iterations(m), n_iter);
	CU_ASSERT_PTR_NULL(oc_lr_warning(m));
	oc_lr_ops.free(m);
	free(y);
	free(want_coef);
	free(probe);
	free(tr);
	free(te);
	oc_dataset_free(&train);
	oc_dataset_free(&all);
}

/* The warning names scipy's stop and, at the iteration limit, keeps the
 * wording the batch report and the dashboard show for every model. */
static void test_warning_text(void)
{
	struct tu_split s;
	struct oc_model_params par;
	struct oc_err err;
	void *m;
	CU_ASSERT_FATAL(tu_load_split("lbfgs/breast_cancer", &s) == 0);
	tu_default_params(&par);
	par.lr_max_iter = 10;
	m = oc_lr_ops.fit(s.train, &par, &tu_serial, &err);
	CU_ASSERT_PTR_NOT_NULL_FATAL(m);
	CU_ASSERT_PTR_NOT_NULL_FATAL(oc_lr_warning(m));
	CU_ASSERT_STRING_EQUAL(oc_lr_warning(m),
	                       "logistic regression did not converge in 10 iterations (lbfgs "
	                       "status 1: STOP: TOTAL NO. of ITERATIONS REACHED LIMIT); "
	                       "increase max_iter");
	oc_lr_ops.free(m);
	par.lr_max_iter = 1;
	m = oc_lr_ops.fit(s.train, &par, &tu_serial, &err);
	CU_ASSERT_PTR_NOT_NULL_FATAL(m);
	CU_ASSERT_EQUAL(oc_lr_iterations(m), 1);
	CU_ASSERT_PTR_NOT_NULL(strstr(oc_lr_warning(m), "did not converge in 1 iteration ("));
	oc_lr_ops.free(m);
	tu_free_split(&s);
	/* the line search failing (scipy status 2) */
	CU_ASSERT_FATAL(tu_load_split("lbfgs/abnormal", &s) == 0);
	tu_default_params(&par);
	par.lr_C = 1e10;
	m = oc_lr_ops.fit(s.train, &par, &tu_serial, &err);
	CU_ASSERT_PTR_NOT_NULL_FATAL(m);
	CU_ASSERT_PTR_NOT_NULL_FATAL(oc_lr_warning(m));
	CU_ASSERT_STRING_EQUAL(oc_lr_warning(m),
	                       "logistic regression did not converge: lbfgs stopped after 0 "
	                       "iterations (status 2: ABNORMAL_TERMINATION_IN_LNSRCH); scale the "
	                       "features or use solver = newton");
	oc_lr_ops.free(m);
	tu_free_split(&s);
}

/* On features of scales 1e-3 ... 1e5 lbfgs stops on the relative decrease
 * of the loss after 29 iterations, without a warning (as scikit-learn's
 * does) and far from the optimum newton reaches. */
static void test_scales_early_stop(void)
{
	struct tu_split s;
	struct oc_model_params par;
	struct oc_err err;
	void *lb, *nt;
	size_t differ = 0;
	CU_ASSERT_FATAL(tu_load_split("lbfgs/scales", &s) == 0);
	tu_default_params(&par);
	lb = oc_lr_ops.fit(s.train, &par, &tu_serial, &err);
	par.lr_solver = OC_LR_NEWTON;
	nt = oc_lr_ops.fit(s.train, &par, &tu_serial, &err);
	CU_ASSERT_PTR_NOT_NULL_FATAL(lb);
	CU_ASSERT_PTR_NOT_NULL_FATAL(nt);
	CU_ASSERT_EQUAL(oc_lr_iterations(lb), 29);
	CU_ASSERT_PTR_NULL(oc_lr_warning(lb));
	CU_ASSERT_PTR_NULL(oc_lr_warning(nt));
	CU_ASSERT(oc_lr_grad_norm(nt) <= 1e-8);
	for (size_t i = 0; i < s.test->n_rows; i++)
		differ += oc_model_predict(&oc_lr_ops, lb, oc_dataset_row(s.test, i)) !=
		          oc_model_predict(&oc_lr_ops, nt, oc_dataset_row(s.test, i));
	printf("\n  scales: lbfgs stops with |grad|_inf %.3g; %zu of %zu test predictions differ "
	       "from newton's", oc_lr_grad_norm(lb), differ, s.test->n_rows);
	CU_ASSERT(oc_lr_grad_norm(lb) > 1.0);
	CU_ASSERT(differ >= 50);
	oc_lr_ops.free(lb);
	oc_lr_ops.free(nt);
	tu_free_split(&s);
}

/* A cancelled fit stops inside the optimiser and reports OC_ECANCELED. */
static void test_cancel(void)
{
	struct tu_split s;
	struct oc_model_params par;
	struct oc_err err;
	static atomic_int flag = 1;
	CU_ASSERT_FATAL(tu_load_split("balanced", &s) == 0);
	tu_default_params(&par);
	struct oc_fit_ctx ctx = { 1, &flag, 0 };
	oc_err_clear(&err);
	CU_ASSERT_PTR_NULL(oc_lr_ops.fit(s.train, &par, &ctx, &err));
	CU_ASSERT_EQUAL(err.status, OC_ECANCELED);
	tu_free_split(&s);
}

/* The optimiser on its own: a convex quadratic of 3 variables, whose
 * minimum it must find, and the evaluation count scipy's driver keeps. */
struct quad {
	long calls;
};

static int quad_fg(void *ctx, const double *x, double *f, double *g)
{
	struct quad *q = ctx;
	q->calls++;
	*f = (x[0] - 1) * (x[0] - 1) + 10 * (x[1] + 2) * (x[1] + 2) + 0.5 * x[2] * x[2];
	g[0] = 2 * (x[0] - 1);
	g[1] = 20 * (x[1] + 2);
	g[2] = x[2];
	return 0;
}

static void test_optimiser(void)
{
	struct quad q = { 0 };
	struct oc_lbfgsb_opts o = oc_lbfgsb_defaults();
	struct oc_lbfgsb_result r;
	double x[3] = { 0, 0, 3 }, g[3];
	o.gtol = 1e-10;
	o.ftol = 0;
	CU_ASSERT_EQUAL(oc_lbfgsb_minimize(3, x, g, quad_fg, &q, &o, &r), 0);
	CU_ASSERT_EQUAL(r.status, 0);
	CU_ASSERT_STRING_EQUAL(r.message, "CONVERGENCE: NORM_OF_PROJECTED_GRADIENT_<=_PGTOL");
	TU_ASSERT_NEAR(x[0], 1, 1e-9);
	TU_ASSERT_NEAR(x[1], -2, 1e-9);
	TU_ASSERT_NEAR(x[2], 0, 1e-9);
	CU_ASSERT_EQUAL(r.nfev, q.calls);
	CU_ASSERT(r.nit >= 1);
	/* an iteration limit is status 1 */
	x[0] = x[1] = 0;
	x[2] = 3;
	o.maxiter = 1;
	CU_ASSERT_EQUAL(oc_lbfgsb_minimize(3, x, g, quad_fg, &q, &o, &r), 0);
	CU_ASSERT_EQUAL(r.status, 1);
	CU_ASSERT_EQUAL(r.nit, 1);
	CU_ASSERT_STRING_EQUAL(r.message, "STOP: TOTAL NO. of ITERATIONS REACHED LIMIT");
}

static CU_TestInfo tests[] = {
	{ "objective equals LinearModelLoss.loss_gradient", test_objective },
	{ "fits equal LogisticRegression(solver=lbfgs)", test_fits },
	{ "generated data, 25,000 rows", test_generated_25k },
	{ "convergence warning text", test_warning_text },
	{ "scales 1e-3..1e5: early stop without a warning", test_scales_early_stop },
	{ "cancel", test_cancel },
	{ "optimiser on a quadratic", test_optimiser },
	CU_TEST_INFO_NULL,
};

int main(void)
{
	return tu_run_suite("lbfgs", tests);
}
