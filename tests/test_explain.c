/* SPDX-License-Identifier: MIT */
/* test_explain.c - every model's explanations against a brute-force
 * computation over all coalitions made by scikit-learn's fitted models
 * (tests/fixtures/explain/regen.py: path-dependent for the trees,
 * interventional for LR and the SVC), and local accuracy: base + sum(phi)
 * equals the model's own output for the row.  Two-class sets explain the
 * second class; iris (three classes) each row's predicted class, which must
 * be scikit-learn's (explained_<m>.txt). */
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
	const char *name;       /* the set under tests/fixtures/explain */
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

/* Loads the set name of tests/fixtures/explain, whose data and split are
 * in tests/fixtures/folder. */
static void fx_load(const char *name, const char *folder, struct fx *f)
{
	char rel[256];
	size_t ntr;
	struct oc_err err;
	oc_err_clear(&err);
	f->name = name;
	f->all = tu_load_fixture_dataset(folder);
	CU_ASSERT_PTR_NOT_NULL_FATAL(f->all);
	size_t *tr = read_idx(folder, "split_train.txt", &ntr);
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

/* The model's output for class k at row (d features), which base +
 * sum(phi) must equal. */
typedef double out_fn(const struct oc_model_ops *ops, const void *m, const double *row,
                      size_t d, int k);

/* Explains every fixture row with model (ops, m) and compares with
 * explain/NAME/explain_TAG.txt; checks local accuracy against out().  The
 * class explained is the second for two classes, else the model's
 * prediction, which must be scikit-learn's (explain/NAME/explained_TAG.txt). */
static void check(const char *tag, const struct oc_model_ops *ops, const void *m,
                  const struct fx *f, out_fn *out)
{
	char rel[256], *path;
	size_t nv, d = f->all->n_features, K = ops->n_classes(m), *want_cls = NULL;
	snprintf(rel, sizeof rel, "explain/%s/explain_%s.txt", f->name, tag);
	path = tu_fixture(rel);
	double *want = tu_read_doubles(path, &nv);
	free(path);
	CU_ASSERT_PTR_NOT_NULL_FATAL(want);
	CU_ASSERT_EQUAL_FATAL(nv, f->n_rows * (d + 1));
	if (K > 2) {
		char file[64];
		snprintf(rel, sizeof rel, "explain/%s", f->name);
		snprintf(file, sizeof file, "explained_%s.txt", tag);
		want_cls = read_idx(rel, file, &nv);
		CU_ASSERT_EQUAL_FATAL(nv, f->n_rows);
	}
	double *mean = malloc(d * sizeof *mean), *phi = malloc(d * sizeof *phi);
	for (size_t j = 0; j < d; j++)
		mean[j] = f->prof->f[j].mean;
	struct oc_explain_in in = { 1, mean, f->prof->background, f->prof->n_background };
	double worst = 0.0, worst_acc = 0.0;
	size_t classes_seen = 0;
	for (size_t i = 0; i < f->n_rows; i++) {
		const double *row = oc_dataset_row(f->all, f->rows[i]);
		double base, sum;
		struct oc_err err;
		oc_err_clear(&err);
		in.cls = oc_explain_class(K, oc_model_predict(ops, m, row));
		if (want_cls) {
			CU_ASSERT_EQUAL(in.cls, (int)want_cls[i]);
			classes_seen |= (size_t)1 << in.cls;
		}
		CU_ASSERT_EQUAL_FATAL(ops->explain(m, row, &in, phi, &base, &err), OC_OK);
		worst = fmax(worst, fabs(base - want[i * (d + 1)]));
		sum = base;
		for (size_t j = 0; j < d; j++) {
			worst = fmax(worst, fabs(phi[j] - want[i * (d + 1) + 1 + j]));
			sum += phi[j];
		}
		worst_acc = fmax(worst_acc, fabs(sum - out(ops, m, row, d, in.cls)));
	}
	if (worst > 1e-9 || worst_acc > 1e-12)
		fprintf(stderr, "%s %s: max |dphi| %.3g, local accuracy %.3g\n", f->name, tag, worst,
		        worst_acc);
	CU_ASSERT(worst <= 1e-9);
	CU_ASSERT(worst_acc <= 1e-12);
	/* every class of a K-class set is explained somewhere */
	if (want_cls)
		CU_ASSERT_EQUAL(classes_seen, ((size_t)1 << K) - 1);
	free(want_cls);
	free(want);
	free(mean);
	free(phi);
}

/* rf, svm: predict_proba[:, k] */
static double out_proba(const struct oc_model_ops *ops, const void *m, const double *row,
                        size_t d, int k)
{
	(void)d;
	double p[OC_MAX_CLASSES];
	oc_model_predict_proba(ops, m, row, p);
	return p[k];
}

/* lr: the log-odds of the second class for two classes, else class k's
 * decision value x.coef_[k] + intercept_[k] from the learned coefficients */
static double out_lr(const struct oc_model_ops *ops, const void *m, const double *row,
                     size_t d, int k)
{
	size_t K = ops->n_classes(m);
	double p[OC_MAX_CLASSES], b[OC_MAX_CLASSES], *w, z;
	if (K == 2) {
		oc_model_predict_proba(ops, m, row, p);
		return log(p[1] / p[0]);
	}
	w = malloc(K * d * sizeof *w);
	CU_ASSERT_PTR_NOT_NULL_FATAL(w);
	oc_lr_coef(m, b, w);
	z = b[k];
	for (size_t j = 0; j < d; j++)
		z += row[j] * w[(size_t)k * d + j];
	free(w);
	return z;
}

/* gb: decision_function (for two classes its one column, the second
 * class's log-odds) */
static double out_gb(const struct oc_model_ops *ops, const void *m, const double *row,
                     size_t d, int k)
{
	double raw[OC_MAX_CLASSES];
	(void)d;
	oc_gb_decision(m, row, raw);
	return raw[ops->n_classes(m) == 2 ? 0 : k];
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

/* Every model of the set name (data in tests/fixtures/folder); the exact
 * LR optimum only where scikit-learn has an exact solver (two classes). */
static void check_set(const char *name, const char *folder)
{
	struct fx f;
	fx_load(name, folder, &f);
	void *rf = fit(&oc_rf_ops, f.train), *gb = fit(&oc_gb_ops, f.train);
	void *lr = fit(&oc_lr_ops, f.train), *svm = fit(&oc_svm_ops, f.train);
	check("rf", &oc_rf_ops, rf, &f, out_proba);
	check("gb", &oc_gb_ops, gb, &f, out_gb);
	check("lr_lbfgs", &oc_lr_ops, lr, &f, out_lr);
	if (f.train->n_classes == 2) {
		void *lrn = fit_solver(&oc_lr_ops, f.train, 1);
		check("lr_exact", &oc_lr_ops, lrn, &f, out_lr);
		oc_lr_ops.free(lrn);
	}
	check("svm", &oc_svm_ops, svm, &f, out_proba);
	oc_rf_ops.free(rf);
	oc_gb_ops.free(gb);
	oc_lr_ops.free(lr);
	oc_svm_ops.free(svm);
	fx_free(&f);
}

static void test_curing(void) { check_set("curing", "curing"); }
static void test_balanced(void) { check_set("balanced", "balanced"); }
static void test_wide(void) { check_set("wide", "wide"); }
static void test_iris(void) { check_set("iris", "multiclass/iris"); }

/* The SVC's background is scikit-learn's stratified draw of 100 rows. */
static void test_background(void)
{
	static const char *const names[][2] = {
		{ "curing", "curing" }, { "balanced", "balanced" }, { "wide", "wide" },
		{ "iris", "multiclass/iris" },
	};
	for (size_t k = 0; k < sizeof names / sizeof names[0]; k++) {
		struct fx f;
		char rel[64];
		size_t n;
		fx_load(names[k][0], names[k][1], &f);
		snprintf(rel, sizeof rel, "explain/%s", names[k][0]);
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

/* Any class can be explained, not only the one --predict and the
 * dashboard choose: of two classes the first (probabilities: local
 * accuracy to p_0; log-odds: the negatives of the second class's), of
 * three every class of every row (local accuracy to its own output); a
 * class the model does not have is refused. */
static void test_every_class(void)
{
	static const char *const names[][2] = { { "curing", "curing" },
	                                        { "iris", "multiclass/iris" } };
	for (size_t s = 0; s < 2; s++) {
		struct fx f;
		fx_load(names[s][0], names[s][1], &f);
		const size_t d = f.all->n_features, K = f.train->n_classes;
		const struct oc_model_ops *ops[] = { &oc_rf_ops, &oc_gb_ops, &oc_lr_ops, &oc_svm_ops };
		out_fn *out[] = { out_proba, out_gb, out_lr, out_proba };
		double *mean = malloc(d * sizeof *mean), *phi = malloc(d * sizeof *phi);
		double *phi1 = malloc(d * sizeof *phi1), worst = 0.0;
		for (size_t j = 0; j < d; j++)
			mean[j] = f.prof->f[j].mean;
		struct oc_explain_in in = { 0, mean, f.prof->background, f.prof->n_background };
		for (size_t mi = 0; mi < 4; mi++) {
			void *m = fit(ops[mi], f.train);
			struct oc_err err;
			double base, base1;
			for (size_t i = 0; i < f.n_rows; i++) {
				const double *row = oc_dataset_row(f.all, f.rows[i]);
				for (int c = 0; c < (int)K; c++) {
					oc_err_clear(&err);
					in.cls = c;
					CU_ASSERT_EQUAL_FATAL(ops[mi]->explain(m, row, &in, phi, &base, &err), OC_OK);
					double sum = base;
					for (size_t j = 0; j < d; j++)
						sum += phi[j];
					if (K == 2 && c == 0 && (mi == 1 || mi == 2)) {
						/* log-odds: class 0's are class 1's negated */
						in.cls = 1;
						CU_ASSERT_EQUAL_FATAL(ops[mi]->explain(m, row, &in, phi1, &base1, &err),
						                      OC_OK);
						CU_ASSERT(base == -base1);
						for (size_t j = 0; j < d; j++)
							CU_ASSERT(phi[j] == -phi1[j]);
					} else {
						worst = fmax(worst, fabs(sum - out[mi](ops[mi], m, row, d, c)));
					}
				}
			}
			in.cls = (int)K;
			oc_err_clear(&err);
			CU_ASSERT_EQUAL(ops[mi]->explain(m, oc_dataset_row(f.all, f.rows[0]), &in, phi, &base,
			                                 &err), OC_EINTERNAL);
			CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "no class"));
			ops[mi]->free(m);
		}
		CU_ASSERT(worst <= 1e-12);
		free(mean);
		free(phi);
		free(phi1);
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
	{ "iris (3 classes): all models, the predicted class, against brute force", test_iris },
	{ "every class explained, a class out of range refused", test_every_class },
	{ "svm background = sklearn's stratified sample", test_background },
	{ "svm: more than 12 features refused", test_too_many_features },
	CU_TEST_INFO_NULL,
};

int main(void)
{
	return tu_run_suite("explain", tests);
}
