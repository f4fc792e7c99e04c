/* SPDX-License-Identifier: MIT */
/* test_cv.c - cross-validation scores against scikit-learn 1.2.1's
 * cross_validate (fixtures/cv/scores_<set>.csv): the four models with
 * their default settings on the training rows of the three parity data
 * sets,
 * StratifiedKFold(5, shuffle=True, random_state=7); the same scores on 1
 * and 4 threads; numpy's mean and std. */
#include "config.h"

#include <math.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "pipeline/conf.h"
#include "ml/cv.h"
#include "data/kfold.h"
#include "ml/nplogexp.h"
#include "ml/search.h"
#include "testutil.h"

#define K 5

/* Training rows of fixture NAME in split_train.txt order. */
static struct oc_dataset *training_rows(const char *name)
{
	char rel[128], *path;
	struct oc_dataset *all = tu_load_fixture_dataset(name), *tr;
	size_t *idx, n = 0;
	if (!all)
		return NULL;
	snprintf(rel, sizeof rel, "%s/split_train.txt", name);
	path = tu_fixture(rel);
	idx = tu_read_indices(path, &n);
	free(path);
	tr = idx ? oc_dataset_subset(all, idx, n) : NULL;
	free(idx);
	oc_dataset_free(&all);
	return tr;
}

/* numpy's log/exp of the fixtures' machine ([fidelity] numpy_simd): the
 * fixtures were made on an AVX-512 CPU, where numpy takes SVML's log for
 * gradient boosting's starting log-odds.  On the training rows of curing
 * and balanced that log equals the C library's; on wide's folds 3 and 4 it
 * is one ulp apart, and the boosted AUC shows it. */
static enum oc_numpy_simd fixture_simd = OC_NUMPY_SIMD_BASELINE;

/* Runs the four models' cross-validation of one data set. */
static struct oc_cv_scores *cv_scores(const struct oc_dataset *ds, int n_jobs)
{
	struct oc_cv_spec specs[OC_MODEL_COUNT];
	struct oc_cv_scores *s = calloc(OC_MODEL_COUNT * K, sizeof *s);
	unsigned *fold = malloc(ds->n_rows * sizeof *fold);
	char warning[OC_KFOLD_WARN_MAX];
	struct oc_err err;
	oc_err_clear(&err);
	if (!s || !fold || oc_kfold_stratified(ds, K, 1, 7, fold, warning, &err) != OC_OK)
		goto fail;
	for (int m = 0; m < OC_MODEL_COUNT; m++) {
		specs[m].ops = oc_model_registry[m];
		tu_default_params(&specs[m].params);
		specs[m].params.numpy_simd = fixture_simd;
	}
	if (oc_cv_run(ds, fold, K, specs, OC_MODEL_COUNT, n_jobs, NULL, NULL, NULL, s, &err))
		goto fail;
	free(fold);
	return s;
fail:
	fprintf(stderr, "cv failed: %s\n", err.msg);
	free(s);
	free(fold);
	return NULL;
}

/* Compares with scores_NAME.csv: every model, fold and metric equal. */
static void check_set(const char *name)
{
	char rel[128], *path, *text, *line, *save = NULL;
	struct oc_dataset *ds = training_rows(name);
	struct oc_cv_scores *s1, *s4;
	double worst = 0.0;
	int rows = 0;
	CU_ASSERT_PTR_NOT_NULL_FATAL(ds);
	s1 = cv_scores(ds, 1);
	s4 = cv_scores(ds, 4);
	CU_ASSERT_PTR_NOT_NULL_FATAL(s1);
	CU_ASSERT_PTR_NOT_NULL_FATAL(s4);
	CU_ASSERT(memcmp(s1, s4, OC_MODEL_COUNT * K * sizeof *s1) == 0);
	snprintf(rel, sizeof rel, "cv/scores_%s.csv",
	         strrchr(name, '/') ? strrchr(name, '/') + 1 : name);
	path = tu_fixture(rel);
	text = tu_slurp(path, NULL);
	CU_ASSERT_PTR_NOT_NULL_FATAL(text);
	line = strtok_r(text, "\n", &save);     /* header */
	while ((line = strtok_r(NULL, "\n", &save))) {
		char key[8];
		int f, m;
		double want[4];
		const struct oc_cv_scores *got;
		CU_ASSERT_FATAL(sscanf(line, "%7[^,],%d,%lf,%lf,%lf,%lf", key, &f, &want[0], &want[1],
		                       &want[2], &want[3]) == 6);
		m = oc_model_find(key);
		CU_ASSERT_FATAL(m >= 0 && f >= 0 && f < K);
		got = &s1[m * K + f];
		double have[4] = { got->accuracy, got->precision, got->recall, got->auc };
		for (int j = 0; j < 4; j++) {
			double d = fabs(have[j] - want[j]);
			if (d > worst)
				worst = d;
			if (d != 0.0)
				fprintf(stderr, "%s %s fold %d metric %d: %.17g vs %.17g\n", name, key, f, j,
				        have[j], want[j]);
		}
		rows++;
	}
	CU_ASSERT(rows == OC_MODEL_COUNT * K);
	CU_ASSERT_EQUAL(worst, 0.0);
	free(text);
	free(path);
	free(s1);
	free(s4);
	oc_dataset_free(&ds);
}

static void test_curing(void)
{
	check_set("curing");
}

static void test_balanced(void)
{
	check_set("balanced");
}

/* Three classes: weighted precision and recall, the macro one-vs-rest
 * AUC (fixtures made with numpy's baseline exp/log) */
static void test_iris(void)
{
	check_set("multiclass/iris");
}

static void test_wine(void)
{
	check_set("multiclass/wine");
}

static void test_wide(void)
{
	fixture_simd = OC_NUMPY_SIMD_AVX512F;
	check_set("wide");
	fixture_simd = OC_NUMPY_SIMD_BASELINE;
}

static void test_summary(void)
{
	/* np.mean([.9, .95, 1., .85, .925]) and np.std of the same */
	struct oc_cv_scores f[5] = {
		{ 0.9, 1, 0.5, NAN }, { 0.95, 1, 0.5, 0.75 }, { 1.0, 1, 0.5, 0.75 },
		{ 0.85, 1, 0.5, 0.75 }, { 0.925, 1, 0.5, 0.75 },
	}, mean, std;
	oc_cv_summary(f, 5, &mean, &std);
	CU_ASSERT_EQUAL(mean.accuracy, 0.925);
	CU_ASSERT_EQUAL(std.accuracy, 0.05);
	CU_ASSERT_EQUAL(mean.precision, 1.0);
	CU_ASSERT_EQUAL(std.precision, 0.0);
	CU_ASSERT(isnan(mean.auc) && isnan(std.auc));
}

/* GridSearchCV(est, grid, scoring="accuracy", cv=StratifiedKFold(5, True, 7))
 * on the training rows of set: mean_test_score of every candidate within
 * 1e-12 (in fact equal) and best_params_ identical (fixtures/cv/grid_KEY.csv
 * and grid_best.txt). */
static void check_grid(const char *set, const char *key, const char *const *lists, int n_jobs)
{
	struct oc_dataset *ds = training_rows(set);
	struct oc_grid grid;
	struct oc_model_params params, chosen;
	struct oc_search_spec spec;
	struct oc_cv_report *r = NULL;
	const struct oc_cv_model *cm;
	bool enabled[OC_MODEL_COUNT] = { false };
	char rel[64], *path, *text, *line, *save = NULL, msg[256], want_best[256], *p;
	int m = oc_model_find(key), rows = 0;
	struct oc_err err;
	CU_ASSERT_PTR_NOT_NULL_FATAL(ds);
	memset(&grid, 0, sizeof grid);
	tu_default_params(&params);
	for (size_t i = 0; lists[i]; i += 2)
		CU_ASSERT_PTR_NULL_FATAL(oc_grid_add(&grid, m, lists[i], lists[i + 1], &params,
		                                     oc_config_set_model_key, msg, sizeof msg));
	enabled[m] = true;
	memset(&spec, 0, sizeof spec);
	spec.folds = K;
	spec.shuffle = 1;
	spec.seed = 7;
	spec.enabled = enabled;
	spec.grid = &grid;
	spec.set = oc_config_set_model_key;
	spec.n_jobs = n_jobs;
	chosen = params;
	oc_err_clear(&err);
	CU_ASSERT_EQUAL_FATAL(oc_search_run(&spec, ds, &chosen, &r, &err), OC_OK);
	CU_ASSERT_EQUAL_FATAL(r->n_models, 1);
	cm = &r->models[0];
	snprintf(rel, sizeof rel, "cv/grid_%s.csv", key);
	path = tu_fixture(rel);
	text = tu_slurp(path, NULL);
	free(path);
	CU_ASSERT_PTR_NOT_NULL_FATAL(text);
	line = strtok_r(text, "\n", &save);    /* header */
	while ((line = strtok_r(NULL, "\n", &save))) {
		/* Candidate,<params...>,Fold0..Fold4,MeanTestScore: the mean is last */
		size_t c = strtoul(line, NULL, 10);
		double want = strtod(strrchr(line, ',') + 1, NULL);
		struct oc_cv_scores mean, std;
		CU_ASSERT_FATAL(c < cm->n_candidates);
		oc_cv_summary(cm->folds + c * K, K, &mean, &std);
		CU_ASSERT(fabs(mean.accuracy - want) <= 1e-12);
		if (mean.accuracy != want)
			fprintf(stderr, "%s candidate %zu (%s): %.17g vs %.17g\n", key, c, cm->params[c],
			        mean.accuracy, want);
		rows++;
	}
	CU_ASSERT_EQUAL((size_t)rows, cm->n_candidates);
	free(text);
	/* best_params_ as "key k=v k=v" */
	path = tu_fixture("cv/grid_best.txt");
	text = tu_slurp(path, NULL);
	free(path);
	CU_ASSERT_PTR_NOT_NULL_FATAL(text);
	snprintf(want_best, sizeof want_best, "%s", strstr(text, key) + strlen(key) + 1);
	if ((p = strchr(want_best, '\n')))
		*p = '\0';
	/* scikit-learn writes 0.1 as 0.1 and 1 as 1: the list values here are
	 * spelt the same way */
	CU_ASSERT_STRING_EQUAL(cm->params[cm->best], want_best);
	free(text);
	oc_cv_report_free(&r);
	oc_dataset_free(&ds);
}

static void test_grid_rf(void)
{
	static const char *const lists[] = { "n_estimators", "10, 50, 100", NULL };
	check_grid("curing", "rf", lists, 1);
	check_grid("curing", "rf", lists, 4);
}

static void test_grid_svm(void)
{
	static const char *const lists[] = { "gamma", "scale, 0.01", "C", "0.1, 1, 10", NULL };
	check_grid("balanced", "svm", lists, 4);
}

/* A cancel (SIGINT or SIGTERM: the flag set from a signal handler) may
 * come at any moment, also while the caller waits for its workers and none
 * has taken a task yet: they then stop without a count changing, and the
 * caller must still hear of it.  The flag is set by a second thread after
 * a varying spin, 3,000 times, so that it lands in every phase of the
 * run's start; a hang ends the test through alarm() (SIGALRM's default
 * action), a failure of its own. */
struct late_cancel {
	atomic_int *flag;
	unsigned spin;
};

static void *cancel_later(void *arg)
{
	const struct late_cancel *c = arg;
	for (volatile unsigned i = 0; i < c->spin; i++)
		;
	atomic_store(c->flag, 1);
	return NULL;
}

static void test_cancel_any_time(void)
{
	struct oc_dataset *ds = training_rows("curing");
	struct oc_cv_spec spec;
	unsigned *fold;
	struct oc_cv_scores s[K];
	char warning[OC_KFOLD_WARN_MAX];
	struct oc_err err;
	long cancelled = 0, finished = 0;
	uint32_t r = 12345;

	CU_ASSERT_PTR_NOT_NULL_FATAL(ds);
	fold = malloc(ds->n_rows * sizeof *fold);
	oc_err_clear(&err);
	CU_ASSERT_FATAL(fold && oc_kfold_stratified(ds, K, 1, 7, fold, warning, &err) == OC_OK);
	spec.ops = oc_model_registry[OC_MODEL_LR];
	tu_default_params(&spec.params);
	alarm(120);
	for (int k = 0; k < 3000; k++) {
		atomic_int flag = 0;
		struct late_cancel c = { &flag, 0 };
		pthread_t th;
		int rc;
		r = r * 1103515245u + 12345u;
		c.spin = (r >> 8) % 20000;
		CU_ASSERT_FATAL(pthread_create(&th, NULL, cancel_later, &c) == 0);
		oc_err_clear(&err);
		rc = oc_cv_run(ds, fold, K, &spec, 1, 2, &flag, NULL, NULL, s, &err);
		pthread_join(th, NULL);
		if (rc == OC_ECANCELED)
			cancelled++;
		else if (rc == OC_OK)
			finished++;
	}
	alarm(0);
	fprintf(stderr, "[3000 runs: %ld cancelled, %ld finished] ", cancelled, finished);
	CU_ASSERT_EQUAL(cancelled + finished, 3000);
	CU_ASSERT(cancelled > 100);
	free(fold);
	oc_dataset_free(&ds);
}

static CU_TestInfo tests[] = {
	{ "curing: cross_validate scores of the four models = sklearn", test_curing },
	{ "balanced: cross_validate scores of the four models = sklearn", test_balanced },
	{ "wide: cross_validate scores of the four models = sklearn (AVX-512 numpy)", test_wide },
	{ "iris: cross_validate scores of three classes = sklearn", test_iris },
	{ "wine: cross_validate scores of three classes = sklearn", test_wine },
	{ "mean and std as numpy", test_summary },
	{ "GridSearchCV over rf n_estimators = sklearn", test_grid_rf },
	{ "GridSearchCV over svm C x gamma = sklearn", test_grid_svm },
	{ "a cancel at any moment stops the run", test_cancel_any_time },
	CU_TEST_INFO_NULL,
};

int main(void)
{
	return tu_run_suite("cv", tests);
}
