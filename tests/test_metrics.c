/* SPDX-License-Identifier: MIT */
/* test_metrics.c - metrics against scikit-learn 1.2.1.
 *
 * Fixture parity: the fixtures' pred_<m>.txt and proba_<m>.csv are
 * scored against the test labels and must give model_metrics.csv (written
 * by sklearn) to 1e-12.  Hand cases: expected values printed by sklearn
 * 1.2.1 (roc_auc_score, roc_curve, precision_recall_fscore_support). */
#include "config.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ml/metrics.h"
#include "testutil.h"

static const char *const models[] = { "lr", "rf", "gb", "svm" };
static const char *const fixtures[] = { "curing", "wide", "balanced" };

/* model_metrics.csv: "Model,Accuracy,Precision,Recall,AUC" rows. */
static int read_expected(const char *name, const char *model, double out[4])
{
	char rel[256], *p, *text, *line, *save = NULL;
	int found = 0;
	snprintf(rel, sizeof rel, "%s/model_metrics.csv", name);
	p = tu_fixture(rel);
	text = tu_slurp(p, NULL);
	free(p);
	if (!text)
		return -1;
	for (line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char key[16];
		double v[4];
		if (sscanf(line, "%15[^,],%lf,%lf,%lf,%lf", key, &v[0], &v[1], &v[2], &v[3]) == 5 &&
		    strcmp(key, model) == 0) {
			memcpy(out, v, sizeof v);
			found = 1;
		}
	}
	free(text);
	return found ? 0 : -1;
}

/* oc_metrics_compute of two classes from the class-1 probabilities p1
 * (column 0 = 1 - p1); frees what m held before. */
static int compute2(const unsigned char *y, const unsigned char *pred, const double *p1, size_t n,
                    struct oc_metrics *m, struct oc_err *err)
{
	double *proba = malloc((n ? n : 1) * 2 * sizeof *proba);
	int rc;
	CU_ASSERT_PTR_NOT_NULL_FATAL(proba);
	for (size_t i = 0; i < n; i++) {
		proba[2 * i] = 1.0 - p1[i];
		proba[2 * i + 1] = p1[i];
	}
	oc_metrics_free(m);
	rc = oc_metrics_compute(y, pred, proba, n, 2, m, err);
	free(proba);
	return rc;
}

static void test_fixture_parity(void)
{
	double worst = 0;
	for (size_t k = 0; k < sizeof fixtures / sizeof fixtures[0]; k++) {
		const char *name = fixtures[k];
		char rel[256], *p;
		size_t nte, rows, cols;
		size_t *te;
		struct oc_dataset *all = tu_load_fixture_dataset(name), *test;
		CU_ASSERT_PTR_NOT_NULL_FATAL(all);
		snprintf(rel, sizeof rel, "%s/split_test.txt", name);
		p = tu_fixture(rel);
		te = tu_read_indices(p, &nte);
		free(p);
		CU_ASSERT_PTR_NOT_NULL_FATAL(te);
		test = oc_dataset_subset(all, te, nte);
		CU_ASSERT_PTR_NOT_NULL_FATAL(test);
		for (size_t mi = 0; mi < sizeof models / sizeof models[0]; mi++) {
			struct oc_metrics m = { 0 };
			struct oc_err err;
			double want[4], got[4], *proba, *p1;
			unsigned char *pred = tu_read_pred(name, models[mi], all, nte);
			snprintf(rel, sizeof rel, "%s/proba_%s.csv", name, models[mi]);
			p = tu_fixture(rel);
			proba = tu_read_csv_doubles(p, &rows, &cols);
			free(p);
			CU_ASSERT_FATAL(pred && proba && rows == nte && cols == 2);
			CU_ASSERT_FATAL(read_expected(name, models[mi], want) == 0);
			p1 = malloc(nte * sizeof *p1);
			for (size_t i = 0; i < nte; i++)
				p1[i] = proba[2 * i + 1];
			oc_err_clear(&err);
			CU_ASSERT_EQUAL_FATAL(compute2(test->y, pred, p1, nte, &m, &err), OC_OK);
			got[0] = m.accuracy;
			got[1] = m.precision;
			got[2] = m.recall;
			got[3] = m.auc;
			for (int j = 0; j < 4; j++) {
				TU_ASSERT_NEAR(got[j], want[j], 1e-12);
				worst = fmax(worst, fabs(got[j] - want[j]));
			}
			CU_ASSERT_EQUAL(m.n, nte);
			CU_ASSERT_EQUAL(m.support[0] + m.support[1], nte);
			CU_ASSERT_EQUAL(m.confusion[0] + m.confusion[1] + m.confusion[2] +
			                m.confusion[3], nte);
			oc_metrics_free(&m);
			free(p1);
			free(proba);
			free(pred);
		}
		oc_dataset_free(&test);
		oc_dataset_free(&all);
		free(te);
	}
	printf("\n  max |metric - sklearn| over 3 datasets x 4 models: %.3g\n", worst);
}

static void test_ties_and_curve(void)
{
	/* y=[0,1,0,1,1,0,1], scores with ties between and within classes */
	static const unsigned char y[] = { 0, 1, 0, 1, 1, 0, 1 };
	static const double s[] = { 0.5, 0.5, 0.5, 0.9, 0.2, 0.2, 0.7 };
	static const double want_fpr[] = { 0, 0, 0, 2.0 / 3.0, 1 };
	static const double want_tpr[] = { 0, 0.25, 0.5, 0.75, 1 };
	struct oc_metrics m = { 0 };
	struct oc_err err;
	double *fpr, *tpr;
	size_t k;
	CU_ASSERT_EQUAL_FATAL(compute2(y, y, s, 7, &m, &err), OC_OK);
	CU_ASSERT_EQUAL(m.auc, 0.7083333333333333);  /* 8.5 / 12 pairs */
	CU_ASSERT_EQUAL(m.accuracy, 1.0);
	CU_ASSERT_EQUAL_FATAL(oc_roc_curve(y, s, 7, &fpr, &tpr, &k, &err), OC_OK);
	CU_ASSERT_EQUAL_FATAL(k, 5);
	for (size_t i = 0; i < k; i++) {
		CU_ASSERT_EQUAL(fpr[i], want_fpr[i]);
		CU_ASSERT_EQUAL(tpr[i], want_tpr[i]);
	}
	free(fpr);
	free(tpr);
	oc_metrics_free(&m);
}

static void test_drop_intermediate(void)
{
	/* sklearn's docstring example */
	static const unsigned char y[] = { 0, 0, 1, 1 };
	static const double s[] = { 0.1, 0.4, 0.35, 0.8 };
	static const double want_fpr[] = { 0, 0, 0.5, 0.5, 1 };
	static const double want_tpr[] = { 0, 0.5, 0.5, 1, 1 };
	/* many collinear points: all scores distinct, classes in runs */
	unsigned char y2[40];
	double s2[40], *fpr, *tpr;
	size_t k;
	struct oc_err err;
	struct oc_metrics m = { 0 };
	CU_ASSERT_EQUAL_FATAL(oc_roc_curve(y, s, 4, &fpr, &tpr, &k, &err), OC_OK);
	CU_ASSERT_EQUAL_FATAL(k, 5);
	for (size_t i = 0; i < k; i++) {
		CU_ASSERT_EQUAL(fpr[i], want_fpr[i]);
		CU_ASSERT_EQUAL(tpr[i], want_tpr[i]);
	}
	free(fpr);
	free(tpr);
	CU_ASSERT_EQUAL_FATAL(compute2(y, y, s, 4, &m, &err), OC_OK);
	CU_ASSERT_EQUAL(m.auc, 0.75);

	/* descending scores: 10 positives, 20 negatives, 10 positives */
	for (int i = 0; i < 40; i++) {
		s2[i] = 1.0 - i / 40.0;
		y2[i] = i < 10 || i >= 30;
	}
	CU_ASSERT_EQUAL_FATAL(oc_roc_curve(y2, s2, 40, &fpr, &tpr, &k, &err), OC_OK);
	/* (0,0) (0,.05) (0,.5) (1,.5) (1,1): the first threshold always stays */
	CU_ASSERT_EQUAL(k, 5);
	if (k == 5) {
		CU_ASSERT_EQUAL(fpr[1], 0.0);
		CU_ASSERT_EQUAL(tpr[1], 0.05);
		CU_ASSERT_EQUAL(fpr[2], 0.0);
		CU_ASSERT_EQUAL(tpr[2], 0.5);
		CU_ASSERT_EQUAL(fpr[3], 1.0);
		CU_ASSERT_EQUAL(tpr[3], 0.5);
	}
	free(fpr);
	free(tpr);
	CU_ASSERT_EQUAL_FATAL(compute2(y2, y2, s2, 40, &m, &err), OC_OK);
	CU_ASSERT_EQUAL(m.auc, 0.5);
	oc_metrics_free(&m);
}

static void test_zero_division(void)
{
	/* nothing predicted as class 1: its precision is 0, not NaN */
	static const unsigned char yt[] = { 0, 0, 1, 1, 1 };
	static const unsigned char yp[] = { 0, 0, 0, 0, 0 };
	static const double s[] = { 0.1, 0.2, 0.3, 0.4, 0.5 };
	struct oc_metrics m = { 0 };
	struct oc_err err;
	CU_ASSERT_EQUAL_FATAL(compute2(yt, yp, s, 5, &m, &err), OC_OK);
	CU_ASSERT_EQUAL(m.precision, 0.16);
	CU_ASSERT_EQUAL(m.recall, 0.4);
	CU_ASSERT_EQUAL(m.accuracy, 0.4);
	CU_ASSERT_EQUAL(m.class_precision[0], 0.4);
	CU_ASSERT_EQUAL(m.class_precision[1], 0.0);
	CU_ASSERT_EQUAL(m.class_recall[0], 1.0);
	CU_ASSERT_EQUAL(m.class_recall[1], 0.0);
	CU_ASSERT_EQUAL(m.class_f1[0], 0.5714285714285715);
	CU_ASSERT_EQUAL(m.class_f1[1], 0.0);
	CU_ASSERT_EQUAL(m.support[0], 2);
	CU_ASSERT_EQUAL(m.support[1], 3);
	CU_ASSERT_EQUAL(m.confusion[2], 3);
	CU_ASSERT_EQUAL(m.confusion[3], 0);
	CU_ASSERT_EQUAL(m.auc, 1.0);
	oc_metrics_free(&m);
}

static void test_weighted_values(void)
{
	static const unsigned char yt[] = { 0, 0, 0, 1, 1, 1, 1 };
	static const unsigned char yp[] = { 0, 1, 1, 1, 1, 0, 1 };
	static const double s[] = { 0.3, 0.6, 0.7, 0.8, 0.9, 0.2, 0.65 };
	struct oc_metrics m = { 0 };
	struct oc_err err;
	CU_ASSERT_EQUAL_FATAL(compute2(yt, yp, s, 7, &m, &err), OC_OK);
	CU_ASSERT_EQUAL(m.precision, 0.5571428571428572);
	CU_ASSERT_EQUAL(m.recall, 0.5714285714285714);
	CU_ASSERT_EQUAL(m.accuracy, 0.5714285714285714);
	CU_ASSERT_EQUAL(m.class_precision[0], 0.5);
	CU_ASSERT_EQUAL(m.class_precision[1], 0.6);
	CU_ASSERT_EQUAL(m.class_f1[0], 0.4);
	CU_ASSERT_EQUAL(m.class_f1[1], 0.6666666666666665);
	CU_ASSERT_EQUAL(m.confusion[1], 2);
	oc_metrics_free(&m);
}

static void test_one_class_error(void)
{
	static const unsigned char yt[] = { 1, 1, 1 };
	static const unsigned char yp[] = { 1, 0, 1 };
	static const double s[] = { 0.9, 0.4, 0.8 };
	struct oc_metrics m = { 0 };
	struct oc_err err;
	double *fpr = NULL, *tpr = NULL;
	size_t k;
	oc_err_clear(&err);
	CU_ASSERT_EQUAL(compute2(yt, yp, s, 3, &m, &err), OC_EDATA);
	CU_ASSERT_EQUAL(err.status, OC_EDATA);
	CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "ROC AUC is undefined: all 3 test rows are of class 1"));
	oc_err_clear(&err);
	CU_ASSERT_EQUAL(compute2(yt, yp, s, 1, &m, &err), OC_EDATA);
	CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "the only test row is of class 1;"));
	oc_err_clear(&err);
	CU_ASSERT_EQUAL(oc_roc_curve(yt, s, 3, &fpr, &tpr, &k, &err), OC_EDATA);
	CU_ASSERT_PTR_NULL(fpr);
	oc_err_clear(&err);
	CU_ASSERT_EQUAL(compute2(yt, yp, s, 0, &m, &err), OC_EDATA);
	{
		const double bad[] = { 0.1, NAN, 0.3 };
		const unsigned char y2[] = { 0, 1, 1 };
		CU_ASSERT_EQUAL(compute2(y2, yp, bad, 3, &m, &err), OC_EDATA);
	}
}

/* Long curves: the AUC is numpy's pairwise sum of the trapezoids (a plain
 * running sum differs in the last bit for both sizes); 20000 rows also
 * have tied scores. */
static void test_auc_summation_order(void)
{
	static const struct {
		size_t n;
		double auc;
	} cases[] = {
		{ 500, 0.5026460942158617 },
		{ 20000, 0.49945580081908036 },
	};
	for (size_t c = 0; c < 2; c++) {
		size_t n = cases[c].n;
		unsigned char *y = malloc(n);
		double *s = malloc(n * sizeof *s);
		struct oc_metrics m = { 0 };
		struct oc_err err;
		CU_ASSERT_FATAL(y && s);
		for (size_t i = 0; i < n; i++) {
			uint64_t h = ((uint64_t)i * 2654435761u) % 4294967296u;
			s[i] = (double)((i * 7919) % 10007) / 10007.0;
			y[i] = (h >> 20) % 3 == 0;
		}
		CU_ASSERT_EQUAL(compute2(y, y, s, n, &m, &err), OC_OK);
		CU_ASSERT_EQUAL(m.auc, cases[c].auc);
		oc_metrics_free(&m);
		free(y);
		free(s);
	}
}

static CU_TestInfo tests[] = {
	{ "fixture metrics equal sklearn's", test_fixture_parity },
	{ "tied scores and roc_curve", test_ties_and_curve },
	{ "drop_intermediate", test_drop_intermediate },
	{ "zero_division=0", test_zero_division },
	{ "weighted precision/recall, per-class F1", test_weighted_values },
	{ "AUC summation order", test_auc_summation_order },
	{ "one-class test set is an error", test_one_class_error },
	CU_TEST_INFO_NULL,
};

int main(void)
{
	return tu_run_suite("metrics", tests);
}
