/* SPDX-License-Identifier: MIT */
/* test_explain.c - every model's explanations against a brute-force
 * computation over all coalitions made by scikit-learn's fitted models
 * (tests/fixtures/explain/regen.py: path-dependent for the trees,
 * interventional for LR and the SVC), and local accuracy: base + sum(phi)
 * equals the model's own output for the row. */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ml/gb.h"
#include "ml/lr.h"
#include "ml/rf.h"
#include "ml/svm.h"
#include "data/profile.h"
#include "data/split.h"
#include "testutil.h"

struct fx {
	struct oc_dataset *all, *train;
	size_t *rows, n_rows;
	struct oc_profile *prof;
};

static size_t *read_idx(const char *name, const char *file, size_t *n)
{
	char rel[256];
	snprintf(rel, sizeof rel, "%s/%s", name, file);
	char *path = tu_fixture(rel);
	size_t *v = tu_read_indices(path, n);
	free(path);
	CU_ASSERT_PTR_NOT_NULL_FATAL(v);
	return v;
}

static void fx_load(const char *name, struct fx *f)
{
	char rel[256];
	size_t ntr;
	struct oc_err err;
	oc_err_clear(&err);
	f->all = tu_load_fixture_dataset(name);
	CU_ASSERT_PTR_NOT_NULL_FATAL(f->all);
	size_t *tr = read_idx(name, "split_train.txt", &ntr);
	f->train = oc_dataset_subset(f->all, tr, ntr);
	free(tr);
	CU_ASSERT_PTR_NOT_NULL_FATAL(f->train);
	snprintf(rel, sizeof rel, "explain/%s", name);
	f->rows = read_idx(rel, "rows.txt", &f->n_rows);
	f->prof = oc_profile_compute(f->train, 123, &err);
	CU_ASSERT_PTR_NOT_NULL_FATAL(f->prof);
}

static void fx_free(struct fx *f)
{
	oc_dataset_free(&f->all);
	oc_dataset_free(&f->train);
	free(f->rows);
	oc_profile_free(&f->prof);
}

/* Explains every fixture row with model (ops, m) and compares with
 * explain/NAME/FILE; checks local accuracy against out(). */
static void check(const char *name, const char *file, const struct oc_model_ops *ops,
                  const void *m, const struct fx *f, double (*out)(const struct oc_model_ops *,
                                                                    const void *, const double *))
{
	char rel[256], *path;
	size_t nv, d = f->all->n_features;
	snprintf(rel, sizeof rel, "explain/%s/%s", name, file);
	path = tu_fixture(rel);
	double *want = tu_read_doubles(path, &nv);
	free(path);
	CU_ASSERT_PTR_NOT_NULL_FATAL(want);
	CU_ASSERT_EQUAL_FATAL(nv, f->n_rows * (d + 1));
	double *mean = malloc(d * sizeof *mean), *phi = malloc(d * sizeof *phi);
	for (size_t j = 0; j < d; j++)
		mean[j] = f->prof->f[j].mean;
	struct oc_explain_in in = { 1, mean, f->prof->background, f->prof->n_background };
	double worst = 0.0, worst_acc = 0.0;
	for (size_t i = 0; i < f->n_rows; i++) {
		const double *row = oc_dataset_row(f->all, f->rows[i]);
		double base, sum;
		struct oc_err err;
		oc_err_clear(&err);
		CU_ASSERT_EQUAL_FATAL(ops->explain(m, row, &in, phi, &base, &err), OC_OK);
		worst = fmax(worst, fabs(base - want[i * (d + 1)]));
		sum = base;
		for (size_t j = 0; j < d; j++) {
			worst = fmax(worst, fabs(phi[j] - want[i * (d + 1) + 1 + j]));
			sum += phi[j];
		}
		worst_acc = fmax(worst_acc, fabs(sum - out(ops, m, row)));
	}
	if (worst > 1e-9 || worst_acc > 1e-12)
		fprintf(stderr, "%s %s: max |dphi| %.3g, local accuracy %.3g\n", name, ops->key, worst,
		        worst_acc);
	CU_ASSERT(worst <= 1e-9);
	CU_ASSERT(worst_acc <= 1e-12);
	free(want);
	free(mean);
	free(phi);
}

static double out_proba(const struct oc_model_ops *ops, const void *m, const double *row)
{
	double p[OC_MAX_CLASSES];
	oc_model_predict_proba(ops, m, row, p);
	return p[1];
}

static double out_logit(const struct oc_model_ops *ops, const void *m, const double *row)
{
	double p[OC_MAX_CLASSES];
	oc_model_predict_proba(ops, m, row, p);
	return log(p[1] / p[0]);
}

static void *fit_solver(const struct oc_model_ops *ops, const struct oc_dataset *ds, int newton)
{
	struct oc_model_params p;
	struct oc_err err;
	tu_default_params(&p);
	if (newton)
		p.lr_solver = OC_LR_NEWTON;
	oc_err_clear(&err);
	void *m = ops->fit(ds, &p, &tu_serial, &err);
	CU_ASSERT_PTR_NOT_NULL_FATAL(m);
	return m;
}

static void *fit(const struct oc_model_ops *ops, const struct oc_dataset *ds)
{
	return fit_solver(ops, ds, 0);
}

static void check_set(const char *name)
{
	struct fx f;
	fx_load(name, &f);
	void *rf = fit(&oc_rf_ops, f.train), *gb = fit(&oc_gb_ops, f.train);
	void *lr = fit(&oc_lr_ops, f.train), *svm = fit(&oc_svm_ops, f.train);
	void *lrn = fit_solver(&oc_lr_ops, f.train, 1);
	check(name, "explain_rf.txt", &oc_rf_ops, rf, &f, out_proba);
	check(name, "explain_gb.txt", &oc_gb_ops, gb, &f, out_logit);
	check(name, "explain_lr_lbfgs.txt", &oc_lr_ops, lr, &f, out_logit);
	check(name, "explain_lr_exact.txt", &oc_lr_ops, lrn, &f, out_logit);
	check(name, "explain_svm.txt", &oc_svm_ops, svm, &f, out_proba);
	oc_rf_ops.free(rf);
	oc_gb_ops.free(gb);
	oc_lr_ops.free(lr);
	oc_lr_ops.free(lrn);
	oc_svm_ops.free(svm);
	fx_free(&f);
}

static void test_curing(void) { check_set("curing"); }
static void test_balanced(void) { check_set("balanced"); }
static void test_wide(void) { check_set("wide"); }

/* The SVC's background is scikit-learn's stratified draw of 100 rows. */
static void test_background(void)
{
	static const char *const names[] = { "curing", "balanced", "wide" };
	for (size_t k = 0; k < 3; k++) {
		struct fx f;
		char rel[64];
		size_t n;
		fx_load(names[k], &f);
		snprintf(rel, sizeof rel, "explain/%s", names[k]);
		size_t *bg = read_idx(rel, "background_svm.txt", &n);
		CU_ASSERT_EQUAL(n, f.prof->n_background);
		for (size_t b = 0; b < n && b < f.prof->n_background; b++)
			CU_ASSERT(memcmp(f.prof->background + b * f.all->n_features,
			                 oc_dataset_row(f.all, bg[b]),
			                 f.all->n_features * sizeof(double)) == 0);
		free(bg);
		fx_free(&f);
	}
}

/* More features than an all-coalitions explanation takes: refused. */
static void test_too_many_features(void)
{
	struct oc_dataset *ds = oc_dataset_new(4, OC_EXPLAIN_MAX_COALITION_FEATURES + 1);
	double phi[OC_EXPLAIN_MAX_COALITION_FEATURES + 1], base, row[OC_EXPLAIN_MAX_COALITION_FEATURES + 1] = { 0 };
	struct oc_err err;
	CU_ASSERT_PTR_NOT_NULL_FATAL(ds);
	ds->class_names[0] = strdup("a");
	ds->class_names[1] = strdup("b");
	for (size_t i = 0; i < 4; i++) {
		ds->y[i] = (unsigned char)(i & 1);
		for (size_t j = 0; j < ds->n_features; j++)
			ds->x[i * ds->n_features + j] = (double)((i * 7 + j * 3) % 5);
	}
	void *svm = fit(&oc_svm_ops, ds);
	struct oc_explain_in in = { 1, NULL, ds->x, 4 };
	oc_err_clear(&err);
	CU_ASSERT_EQUAL(oc_svm_ops.explain(svm, row, &in, phi, &base, &err), OC_EDATA);
	CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "at most 12 features"));
	oc_svm_ops.free(svm);
	oc_dataset_free(&ds);
}

static CU_TestInfo tests[] = {
	{ "curing: all models against brute force", test_curing },
	{ "balanced: all models against brute force", test_balanced },
	{ "wide: all models against brute force", test_wide },
	{ "svm background = sklearn's stratified sample", test_background },
	{ "svm: more than 12 features refused", test_too_many_features },
	CU_TEST_INFO_NULL,
};

int main(void)
{
	return tu_run_suite("explain", tests);
}
