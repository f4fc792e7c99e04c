/* test_multiclass.c - K-class models and metrics against scikit-learn 1.2.1.
 *
 * Fixtures under tests/fixtures/multiclass/ (made by regen.py there): iris
 * and wine (3 classes), digits (10 classes, 64 features) and numnames (4
 * classes named 2, 9, 10, 100, in numeric order).  Each model is trained on
 * the fixture's stratified training rows; its test-row probabilities,
 * predictions, importances (rf, gb), decision values (svm) and metrics
 * must equal scikit-learn's to 1e-12 (logistic regression's lbfgs too, as
 * LogisticRegression() fits it), and logistic regression with solver
 * newton must reach the exact multinomial optimum (newton-cg run to
 * 1e-12).  The measured
 * max |difference| of every model and fixture is printed as a table. */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ml/gb.h"
#include "ml/lr.h"
#include "ml/metrics.h"
#include "ml/rf.h"
#include "ml/svm.h"
#include "core/modelio.h"
#include "data/split.h"
#include "testutil.h"

static const char *const fixtures[] = { "iris", "wine", "digits", "numnames" };
#define N_FIX (sizeof fixtures / sizeof fixtures[0])

struct split {
	struct oc_dataset *all, *train, *test;
};

static char *fx_path(const char *name, const char *file)
{
	char rel[256];
	snprintf(rel, sizeof rel, "multiclass/%s/%s", name, file);
	return tu_fixture(rel);
}

static void split_load(const char *name, struct split *s)
{
	char rel[256], *path;
	size_t ntr, nte, *tr, *te;
	snprintf(rel, sizeof rel, "multiclass/%s", name);
	s->all = tu_load_fixture_dataset(rel);
	CU_ASSERT_PTR_NOT_NULL_FATAL(s->all);
	path = fx_path(name, "split_train.txt");
	tr = tu_read_indices(path, &ntr);
	free(path);
	path = fx_path(name, "split_test.txt");
	te = tu_read_indices(path, &nte);
	free(path);
	CU_ASSERT_FATAL(tr && te);
	s->train = oc_dataset_subset(s->all, tr, ntr);
	s->test = oc_dataset_subset(s->all, te, nte);
	free(tr);
	free(te);
	CU_ASSERT_FATAL(s->train && s->test);
}

static void split_free(struct split *s)
{
	oc_dataset_free(&s->all);
	oc_dataset_free(&s->train);
	oc_dataset_free(&s->test);
}

/* CSV of numbers after header header rows (0 or 1): rows*cols values. */
static double *read_matrix(const char *name, const char *file, int header, size_t *rows,
                           size_t *cols)
{
	char *path = fx_path(name, file), *text = tu_slurp(path, NULL), *line, *save = NULL;
	double *v = NULL;
	size_t n = 0, cap = 0, r = 0, c = 0;
	free(path);
	CU_ASSERT_PTR_NOT_NULL_FATAL(text);
	for (line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		size_t k = 0;
		char *p = line, *end;
		double x;
		if (header) {
			header = 0;
			continue;
		}
		for (;;) {
			x = strtod(p, &end);
			CU_ASSERT_FATAL(end != p);
			if (n == cap) {
				cap = cap ? 2 * cap : 1024;
				v = realloc(v, cap * sizeof *v);
				CU_ASSERT_PTR_NOT_NULL_FATAL(v);
			}
			v[n++] = x;
			k++;
			if (*end != ',')
				break;
			p = end + 1;
		}
		CU_ASSERT_FATAL(c == 0 || c == k);
		c = k;
		r++;
	}
	free(text);
	*rows = r;
	*cols = c;
	return v;
}

/* pred_KEY.txt as class indices of the fixture's classes. */
static int *read_pred(const char *name, const char *key, const struct oc_dataset *ds, size_t n)
{
	char file[64], *path, *text, *line, *save = NULL;
	int *y = malloc(n * sizeof *y);
	size_t i = 0;
	snprintf(file, sizeof file, "pred_%s.txt", key);
	path = fx_path(name, file);
	text = tu_slurp(path, NULL);
	free(path);
	CU_ASSERT_FATAL(text && y);
	for (line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		size_t c = 0;
		while (c < ds->n_classes && strcmp(line, ds->class_names[c]) != 0)
			c++;
		CU_ASSERT_FATAL(c < ds->n_classes && i < n);
		y[i++] = (int)c;
	}
	CU_ASSERT_EQUAL_FATAL(i, n);
	free(text);
	return y;
}

/* The max |difference| of each figure, for the closing table. */
enum { D_PROBA, D_IMP, D_DEC, D_METRICS, D_N };
static double table[5][N_FIX][D_N];
/* logistic regression's solver newton, checked against the exact optimum */
static int lr_newton;
static int model_index(const char *key)
{
	return strcmp(key, "lr") == 0 ? (lr_newton ? 4 : 0) : strcmp(key, "rf") == 0 ? 1
	     : strcmp(key, "gb") == 0 ? 2 : 3;
}

/* metrics_KEY.txt: accuracy, precision, recall, auc, then "class k P R F1
 * support auc" lines and "confusion" rows; compared with what
 * oc_metrics_compute gives on our own predictions and probabilities. */
static double check_metrics(const char *name, const char *key, const struct oc_dataset *test,
                            const int *cls, const double *proba)
{
	char file[64], *path, *text, *line, *save = NULL;
	size_t K = test->n_classes, n = test->n_rows, crow = 0;
	unsigned char *yp = malloc(n);
	struct oc_metrics m;
	struct oc_err err;
	double worst = 0;
	CU_ASSERT_PTR_NOT_NULL_FATAL(yp);
	for (size_t i = 0; i < n; i++)
		yp[i] = (unsigned char)cls[i];
	oc_err_clear(&err);
	CU_ASSERT_EQUAL_FATAL(oc_metrics_compute(test->y, yp, proba, n, K, &m, &err), OC_OK);
	snprintf(file, sizeof file, "metrics_%s.txt", key);
	path = fx_path(name, file);
	text = tu_slurp(path, NULL);
	free(path);
	CU_ASSERT_PTR_NOT_NULL_FATAL(text);
	for (line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		double v[5];
		size_t k, sup;
		if (sscanf(line, "accuracy %lf", &v[0]) == 1)
			worst = fmax(worst, fabs(m.accuracy - v[0]));
		else if (sscanf(line, "precision %lf", &v[0]) == 1)
			worst = fmax(worst, fabs(m.precision - v[0]));
		else if (sscanf(line, "recall %lf", &v[0]) == 1)
			worst = fmax(worst, fabs(m.recall - v[0]));
		else if (sscanf(line, "auc %lf", &v[0]) == 1)
			worst = fmax(worst, fabs(m.auc - v[0]));
		else if (sscanf(line, "class %zu %lf %lf %lf %zu %lf", &k, &v[0], &v[1], &v[2], &sup,
		                &v[3]) == 6) {
			CU_ASSERT_FATAL(k < K);
			worst = fmax(worst, fabs(m.class_precision[k] - v[0]));
			worst = fmax(worst, fabs(m.class_recall[k] - v[1]));
			worst = fmax(worst, fabs(m.class_f1[k] - v[2]));
			worst = fmax(worst, fabs(m.class_auc[k] - v[3]));
			CU_ASSERT_EQUAL(m.support[k], sup);
		} else if (strncmp(line, "confusion ", 10) == 0) {
			char *p = line + 10, *end;
			CU_ASSERT_FATAL(crow < K);
			for (size_t e = 0; e < K; e++) {
				CU_ASSERT_EQUAL(m.confusion[crow * K + e], strtoul(p, &end, 10));
				p = end;
			}
			crow++;
		}
	}
	CU_ASSERT_EQUAL(crow, K);
	CU_ASSERT(worst <= 1e-12);
	oc_metrics_free(&m);
	free(text);
	free(yp);
	return worst;
}

/* The model file of m, as ops->save writes it (caller frees). */
static char *model_text(const struct oc_model_ops *ops, const void *m)
{
	struct oc_mwriter w;
	struct oc_err err;
	oc_mw_init(&w);
	oc_err_clear(&err);
	CU_ASSERT_EQUAL(ops->save(m, &w, &err), OC_OK);
	CU_ASSERT_FATAL(!w.failed);
	return w.buf;
}

/* Threads never change a fit: on 3 and on 4 workers (gradient boosting
 * grows a stage's K trees at once, the forest its trees, the SVC its
 * cross-validation folds) the model file is the one of a single thread. */
static void check_threads(const struct oc_model_ops *ops, const struct oc_dataset *train,
                          const struct oc_model_params *prm, const void *m1)
{
	char *one = model_text(ops, m1);
	for (int jobs = 3; jobs <= 4; jobs++) {
		struct oc_fit_ctx ctx = { .n_jobs = jobs };
		struct oc_err err;
		oc_err_clear(&err);
		void *m = oc_model_fit(ops, train, prm, &ctx, &err);
		CU_ASSERT_PTR_NOT_NULL_FATAL(m);
		char *many = model_text(ops, m);
		CU_ASSERT_STRING_EQUAL(many, one);
		free(many);
		ops->free(m);
	}
	free(one);
}

/* save -> load through the model-file reader: the same bits. */
static void check_round_trip(const struct oc_model_ops *ops, const void *m,
                             const struct oc_dataset *test, const double *proba)
{
	struct oc_mwriter w;
	struct oc_mreader r;
	struct oc_err err;
	size_t K = test->n_classes, bad = 0;
	double p[OC_MAX_CLASSES];
	oc_mw_init(&w);
	oc_err_clear(&err);
	CU_ASSERT_EQUAL_FATAL(ops->save(m, &w, &err), OC_OK);
	oc_mr_init(&r, "test.model", w.buf, w.len, 1);
	void *l = ops->load(&r, test->n_features, K, &err);
	if (!l)
		fprintf(stderr, "load: %s\n", err.msg);
	CU_ASSERT_PTR_NOT_NULL_FATAL(l);
	CU_ASSERT_EQUAL(r.pos, r.len);
	CU_ASSERT_EQUAL(ops->n_classes(l), K);
	for (size_t i = 0; i < test->n_rows; i++) {
		const double *row = oc_dataset_row(test, i);
		oc_model_predict_proba(ops, l, row, p);
		bad += memcmp(p, proba + i * K, K * sizeof *p) != 0 ||
		       oc_model_predict(ops, l, row) != oc_model_predict(ops, m, row);
	}
	CU_ASSERT_EQUAL(bad, 0);
	ops->free(l);
	oc_mr_free(&r);
	oc_mw_free(&w);
}

static void check_model(const struct oc_model_ops *ops, size_t fi)
{
	const char *name = fixtures[fi];
	struct oc_model_params prm;
	struct oc_err err;
	struct split s;
	size_t rows, cols, n, K;
	double *ref, *proba, dp = 0;
	int *cls, *want, mi = model_index(ops->key), exact = mi == 4;
	char file[64];

	tu_default_params(&prm);
	if (exact)
		prm.lr_solver = OC_LR_NEWTON;
	split_load(name, &s);
	n = s.test->n_rows;
	K = s.train->n_classes;
	CU_ASSERT_FATAL(K > 2);
	oc_err_clear(&err);
	struct oc_fit_ctx ctx = { .n_jobs = 1 };
	void *m = oc_model_fit(ops, s.train, &prm, &ctx, &err);
	if (!m)
		fprintf(stderr, "fit: %s\n", err.msg);
	CU_ASSERT_PTR_NOT_NULL_FATAL(m);
	CU_ASSERT_EQUAL(ops->n_classes(m), K);
	if (!exact)
		check_threads(ops, s.train, &prm, m);

	proba = malloc(n * K * sizeof *proba);
	cls = malloc(n * sizeof *cls);
	CU_ASSERT_FATAL(proba && cls);
	for (size_t i = 0; i < n; i++) {
		oc_model_predict_proba(ops, m, oc_dataset_row(s.test, i), proba + i * K);
		cls[i] = oc_model_predict(ops, m, oc_dataset_row(s.test, i));
	}
	/* the batch form gives the same bits */
	{
		int *cb = malloc(n * sizeof *cb);
		double *pb = malloc(n * K * sizeof *pb);
		size_t bad = 0;
		CU_ASSERT_FATAL(cb && pb);
		oc_model_score_rows(ops, m, s.test->x, n, cb, pb);
		for (size_t i = 0; i < n; i++)
			bad += cb[i] != cls[i] || memcmp(pb + i * K, proba + i * K, K * sizeof *pb) != 0;
		CU_ASSERT_EQUAL(bad, 0);
		free(cb);
		free(pb);
	}

	snprintf(file, sizeof file, "proba_%s.csv", exact ? "lr_exact" : ops->key);
	/* sklearn's predict_proba as pandas wrote it (a header of class names);
	 * the exact LR optimum as numpy wrote it (none) */
	ref = read_matrix(name, file, !exact, &rows, &cols);
	CU_ASSERT_EQUAL_FATAL(rows, n);
	CU_ASSERT_EQUAL_FATAL(cols, K);
	dp = tu_max_abs_diff(proba, ref, n * K);
	table[mi][fi][D_PROBA] = dp;
	if (exact) {
		/* the exact optimum: sklearn's newton-cg at tol 1e-12 stops a little
		 * short of it, so only agreement to its accuracy is asked */
		CU_ASSERT(dp <= 1e-6);
		CU_ASSERT(oc_lr_grad_norm(m) <= 1e-6);
	} else {
		CU_ASSERT(dp <= 1e-12);
	}
	free(ref);

	want = read_pred(name, ops->key, s.test, n);
	if (!exact) {
		size_t mism = 0;
		for (size_t i = 0; i < n; i++)
			mism += want[i] != cls[i];
		CU_ASSERT_EQUAL(mism, 0);
	}
	free(want);

	if (ops->importances) {
		double *imp = malloc(s.train->n_features * sizeof *imp), *iref;
		size_t ni;
		char *path;
		snprintf(file, sizeof file, "importances_%s.txt", ops->key);
		path = fx_path(name, file);
		iref = tu_read_doubles(path, &ni);
		free(path);
		if (ops->importances(m, imp)) {
			CU_ASSERT_EQUAL_FATAL(ni, s.train->n_features);
			table[mi][fi][D_IMP] = tu_max_abs_diff(imp, iref, ni);
			CU_ASSERT(table[mi][fi][D_IMP] <= 1e-12);
		}
		free(iref);
		free(imp);
	}

	if (strcmp(ops->key, "svm") == 0) {
		size_t np = K * (K - 1) / 2;
		double *ovo = read_matrix(name, "decision_ovo_svm.csv", 0, &rows, &cols), *ovr;
		double *d = malloc(np * sizeof *d), worst = 0;
		CU_ASSERT_FATAL(ovo && d && rows == n && cols == np && oc_svm_n_pairs(m) == np);
		for (size_t i = 0; i < n; i++) {
			oc_svm_decision_ovo(m, oc_dataset_row(s.test, i), d);
			worst = fmax(worst, tu_max_abs_diff(d, ovo + i * np, np));
		}
		ovr = read_matrix(name, "decision_svm.csv", 0, &rows, &cols);
		CU_ASSERT_FATAL(ovr && rows == n && cols == K);
		for (size_t i = 0; i < n; i++) {
			oc_svm_decision_ovr(m, oc_dataset_row(s.test, i), d);
			worst = fmax(worst, tu_max_abs_diff(d, ovr + i * K, K));
		}
		table[mi][fi][D_DEC] = worst;
		CU_ASSERT(worst <= 1e-12);
		free(ovo);
		free(ovr);
		free(d);
	}
	if (!exact)
		table[mi][fi][D_METRICS] = check_metrics(name, ops->key, s.test, cls, proba);
	check_round_trip(ops, m, s.test, proba);

	free(proba);
	free(cls);
	ops->free(m);
	split_free(&s);
}

static void test_rf(void)
{
	for (size_t f = 0; f < N_FIX; f++)
		check_model(&oc_rf_ops, f);
}

static void test_gb(void)
{
	for (size_t f = 0; f < N_FIX; f++)
		check_model(&oc_gb_ops, f);
}

static void test_svm(void)
{
	for (size_t f = 0; f < N_FIX; f++)
		check_model(&oc_svm_ops, f);
}

static void test_lr(void)
{
	lr_newton = 0;
	for (size_t f = 0; f < N_FIX; f++)
		check_model(&oc_lr_ops, f);
}

static void test_lr_newton(void)
{
	lr_newton = 1;
	for (size_t f = 0; f < N_FIX; f++)
		check_model(&oc_lr_ops, f);
	lr_newton = 0;
}

/* The stratified split of K classes draws as scikit-learn's. */
static void test_split(void)
{
	for (size_t f = 0; f < N_FIX; f++) {
		char rel[64], *path;
		size_t *tr, *te, ntr, nte, *wtr, *wte, nwtr, nwte;
		struct oc_err err;
		snprintf(rel, sizeof rel, "multiclass/%s", fixtures[f]);
		struct oc_dataset *all = tu_load_fixture_dataset(rel);
		CU_ASSERT_PTR_NOT_NULL_FATAL(all);
		oc_err_clear(&err);
		CU_ASSERT_EQUAL_FATAL(oc_split_stratified(all, 0.2, 123, &tr, &ntr, &te, &nte, &err),
		                      OC_OK);
		path = fx_path(fixtures[f], "split_train.txt");
		wtr = tu_read_indices(path, &nwtr);
		free(path);
		path = fx_path(fixtures[f], "split_test.txt");
		wte = tu_read_indices(path, &nwte);
		free(path);
		CU_ASSERT_FATAL(wtr && wte);
		CU_ASSERT_EQUAL_FATAL(ntr, nwtr);
		CU_ASSERT_EQUAL_FATAL(nte, nwte);
		CU_ASSERT(memcmp(tr, wtr, ntr * sizeof *tr) == 0);
		CU_ASSERT(memcmp(te, wte, nte * sizeof *te) == 0);
		free(tr);
		free(te);
		free(wtr);
		free(wte);
		oc_dataset_free(&all);
	}
}

static void test_table(void)
{
	static const char *const keys[] = { "lr", "rf", "gb", "svm", "lr-n" };
	printf("\n  max |opticure - scikit-learn|: proba / importances / decision / metrics"
	       " (lr-n: solver newton vs the exact optimum; -: not applicable)");
	for (size_t mi = 0; mi < 5; mi++)
		for (size_t f = 0; f < N_FIX; f++) {
			printf("\n  %-4s %-9s", keys[mi], fixtures[f]);
			for (int k = 0; k < D_N; k++)
				if (isnan(table[mi][f][k]))
					printf(" %9s", "-");
				else
					printf(" %9.3g", table[mi][f][k]);
		}
	printf("\n");
}

static CU_TestInfo tests[] = {
	{ "random forest: K classes as scikit-learn", test_rf },
	{ "gradient boosting: multinomial deviance as scikit-learn", test_gb },
	{ "SVC: one-vs-one, votes, ovr decision, coupled probabilities", test_svm },
	{ "logistic regression: lbfgs on the multinomial loss as scikit-learn", test_lr },
	{ "logistic regression: newton at the multinomial optimum", test_lr_newton },
	{ "stratified split of K classes", test_split },
	{ "table of differences", test_table },
	CU_TEST_INFO_NULL,
};

int main(void)
{
	for (size_t mi = 0; mi < 5; mi++)
		for (size_t f = 0; f < N_FIX; f++)
			for (int k = 0; k < D_N; k++)
				table[mi][f][k] = NAN;
	return tu_run_suite("multiclass", tests);
}
