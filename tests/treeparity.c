/* SPDX-License-Identifier: MIT */
/* treeparity.c - scikit-learn parity checks for the tree models (see treeparity.h). */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/modelio.h"
#include "testutil.h"
#include "treeparity.h"

void tp_default_params(struct oc_model_params *p)
{
	tu_default_params(p);
}

struct split {
	struct oc_dataset *all, *train, *test;
};

static void split_load(const char *name, struct split *s)
{
	char rel[256], *path;
	size_t ntr, nte;
	size_t *tr, *te;
	s->all = tu_load_fixture_dataset(name);
	CU_ASSERT_PTR_NOT_NULL_FATAL(s->all);
	snprintf(rel, sizeof rel, "%s/split_train.txt", name);
	path = tu_fixture(rel);
	tr = tu_read_indices(path, &ntr);
	free(path);
	snprintf(rel, sizeof rel, "%s/split_test.txt", name);
	path = tu_fixture(rel);
	te = tu_read_indices(path, &nte);
	free(path);
	CU_ASSERT_PTR_NOT_NULL_FATAL(tr);
	CU_ASSERT_PTR_NOT_NULL_FATAL(te);
	s->train = oc_dataset_subset(s->all, tr, ntr);
	s->test = oc_dataset_subset(s->all, te, nte);
	free(tr);
	free(te);
	CU_ASSERT_PTR_NOT_NULL_FATAL(s->train);
	CU_ASSERT_PTR_NOT_NULL_FATAL(s->test);
}

static void split_free(struct split *s)
{
	oc_dataset_free(&s->all);
	oc_dataset_free(&s->train);
	oc_dataset_free(&s->test);
}

static void *fit_jobs(const struct oc_model_ops *ops, const struct oc_dataset *ds,
                      const struct oc_model_params *p, int n_jobs)
{
	struct oc_err err;
	struct oc_fit_ctx ctx = { n_jobs, NULL, 0 };
	oc_err_clear(&err);
	CU_ASSERT_PTR_NULL_FATAL(oc_model_check(ops, p, &ctx));
	void *m = ops->fit(ds, p, &ctx, &err);
	if (!m)
		fprintf(stderr, "fit failed: %s\n", err.msg);
	CU_ASSERT_PTR_NOT_NULL_FATAL(m);
	return m;
}

static void *fit_ok(const struct oc_model_ops *ops, const struct oc_dataset *ds,
                    const struct oc_model_params *p)
{
	return fit_jobs(ops, ds, p, 1);
}

/* Probabilities of every test row, n*2 values. */
static double *all_proba(const struct oc_model_ops *ops, const void *m, const struct oc_dataset *ds)
{
	double *p = malloc(ds->n_rows * 2 * sizeof *p);
	CU_ASSERT_PTR_NOT_NULL_FATAL(p);
	for (size_t i = 0; i < ds->n_rows; i++)
		oc_model_predict_proba(ops, m, oc_dataset_row(ds, i), p + 2 * i);
	return p;
}

void tp_check_parity(const struct oc_model_ops *ops, const char *name)
{
	struct oc_model_params prm;
	struct split s;
	char rel[256], *path, *text, *tok, *save;
	size_t rows, cols, n_imp;

	tp_default_params(&prm);
	split_load(name, &s);
	void *m = fit_ok(ops, s.train, &prm);
	double *p = all_proba(ops, m, s.test);

	snprintf(rel, sizeof rel, "%s/proba_%s.csv", name, ops->key);
	path = tu_fixture(rel);
	double *ref = tu_read_csv_doubles(path, &rows, &cols);
	free(path);
	CU_ASSERT_PTR_NOT_NULL_FATAL(ref);
	CU_ASSERT_EQUAL_FATAL(rows, s.test->n_rows);
	CU_ASSERT_EQUAL_FATAL(cols, 2);
	double dp = tu_max_abs_diff(p, ref, rows * 2);
	size_t n_exact = 0;
	for (size_t i = 0; i < rows * 2; i++)
		n_exact += p[i] == ref[i];
	printf("\n  %s %s: max |p - p_sklearn| = %.3g (%zu of %zu values bit-identical)",
	       ops->key, name, dp, n_exact, rows * 2);
	CU_ASSERT(dp <= 1e-12);

	/* the batch form gives the same bits, from an even and an odd count */
	for (size_t first = 0; first < 2; first++) {
		size_t n = s.test->n_rows - first, bad = 0;
		int *cls = malloc(n * sizeof *cls);
		double *pb = malloc(2 * n * sizeof *pb);
		CU_ASSERT_FATAL(cls && pb);
		oc_model_score_rows(ops, m, oc_dataset_row(s.test, first), n, cls, pb);
		for (size_t k = 0; k < n; k++)
			bad += pb[2 * k] != p[2 * (k + first)] || pb[2 * k + 1] != p[2 * (k + first) + 1] ||
			       cls[k] != oc_model_predict(ops, m, oc_dataset_row(s.test, k + first));
		CU_ASSERT_EQUAL(bad, 0);
		free(cls);
		free(pb);
	}

	snprintf(rel, sizeof rel, "%s/pred_%s.txt", name, ops->key);
	path = tu_fixture(rel);
	text = tu_slurp(path, NULL);
	free(path);
	CU_ASSERT_PTR_NOT_NULL_FATAL(text);
	size_t i = 0, mismatches = 0;
	for (tok = strtok_r(text, "\n", &save); tok; tok = strtok_r(NULL, "\n", &save), i++) {
		CU_ASSERT_FATAL(i < s.test->n_rows);
		int k = oc_model_predict(ops, m, oc_dataset_row(s.test, i));
		mismatches += strcmp(tok, s.test->class_names[k]) != 0;
	}
	CU_ASSERT_EQUAL(i, s.test->n_rows);
	CU_ASSERT_EQUAL(mismatches, 0);
	free(text);

	snprintf(rel, sizeof rel, "%s/importances_%s.txt", name, ops->key);
	path = tu_fixture(rel);
	double *iref = tu_read_doubles(path, &n_imp);
	free(path);
	CU_ASSERT_EQUAL_FATAL(n_imp, s.train->n_features);
	double *imp = malloc(n_imp * sizeof *imp);
	CU_ASSERT_FATAL(ops->importances(m, imp) == 1);
	double di = tu_max_abs_diff(imp, iref, n_imp);
	printf("; max |importance diff| = %.3g ", di);
	CU_ASSERT(di <= 1e-12);

	free(imp);
	free(iref);
	free(ref);
	free(p);
	ops->free(m);
	split_free(&s);
}

void tp_check_jobs_invariance(const struct oc_model_ops *ops, const char *name)
{
	struct oc_model_params prm;
	struct split s;
	size_t nf;

	tp_default_params(&prm);
	split_load(name, &s);
	nf = s.train->n_features;
	void *m1 = fit_ok(ops, s.train, &prm);
	void *m4 = fit_jobs(ops, s.train, &prm, 4);
	double *p1 = all_proba(ops, m1, s.test), *p4 = all_proba(ops, m4, s.test);
	CU_ASSERT(memcmp(p1, p4, s.test->n_rows * 2 * sizeof *p1) == 0);
	double *i1 = malloc(nf * sizeof *i1), *i4 = malloc(nf * sizeof *i4);
	ops->importances(m1, i1);
	ops->importances(m4, i4);
	CU_ASSERT(memcmp(i1, i4, nf * sizeof *i1) == 0);
	free(i1);
	free(i4);
	free(p1);
	free(p4);
	ops->free(m1);
	ops->free(m4);
	split_free(&s);
}

/* Runs load on a private copy of text; returns the model or NULL with err. */
static void *load_text(const struct oc_model_ops *ops, const char *text, size_t len, size_t nf,
                       struct oc_err *err)
{
	struct oc_mreader r;
	char *buf = malloc(len + 1);
	CU_ASSERT_PTR_NOT_NULL_FATAL(buf);
	memcpy(buf, text, len);
	buf[len] = '\0';
	oc_err_clear(err);
	oc_mr_init(&r, "test.model", buf, len, 1);
	void *m = ops->load(&r, nf, 2, err);
	oc_mr_free(&r);
	free(buf);
	return m;
}

/* Replaces value number field (1 = feature, 3 = left child) of the first
 * internal node line. */
static char *corrupt_node(const char *text, int field, const char *newval)
{
	const char *p = text;
	while ((p = strstr(p, "\nnode ")) != NULL) {
		p++;
		if (strncmp(p, "node -1 ", 8) != 0)
			break;
	}
	CU_ASSERT_PTR_NOT_NULL_FATAL(p);
	const char *f = p;
	for (int k = 0; k < field; k++)
		f = strchr(f, ' ') + 1;
	const char *fe = strchr(f, ' ');
	size_t pre = (size_t)(f - text);
	char *out = malloc(strlen(text) + strlen(newval) + 1);
	CU_ASSERT_PTR_NOT_NULL_FATAL(out);
	memcpy(out, text, pre);
	strcpy(out + pre, newval);
	strcat(out, fe);
	return out;
}

void tp_check_save_load(const struct oc_model_ops *ops, const char *name)
{
	struct oc_model_params prm;
	struct split s;
	struct oc_mwriter w;
	struct oc_err err;
	size_t nf;

	tp_default_params(&prm);
	split_load(name, &s);
	nf = s.train->n_features;
	void *m = fit_ok(ops, s.train, &prm);
	oc_mw_init(&w);
	oc_err_clear(&err);
	CU_ASSERT_EQUAL_FATAL(ops->save(m, &w, &err), OC_OK);
	CU_ASSERT_FATAL(!w.failed);

	void *m2 = load_text(ops, w.buf, w.len, nf, &err);
	if (!m2)
		fprintf(stderr, "load failed: %s\n", err.msg);
	CU_ASSERT_PTR_NOT_NULL_FATAL(m2);
	double *p1 = all_proba(ops, m, s.test), *p2 = all_proba(ops, m2, s.test);
	CU_ASSERT(memcmp(p1, p2, s.test->n_rows * 2 * sizeof *p1) == 0);
	for (size_t i = 0; i < s.test->n_rows; i++)
		CU_ASSERT_EQUAL(oc_model_predict(ops, m, oc_dataset_row(s.test, i)),
		                oc_model_predict(ops, m2, oc_dataset_row(s.test, i)));
	double *i1 = malloc(nf * sizeof *i1), *i2 = malloc(nf * sizeof *i2);
	ops->importances(m, i1);
	ops->importances(m2, i2);
	CU_ASSERT(memcmp(i1, i2, nf * sizeof *i1) == 0);

	/* saving the loaded model gives the same text */
	struct oc_mwriter w2;
	oc_mw_init(&w2);
	CU_ASSERT_EQUAL(ops->save(m2, &w2, &err), OC_OK);
	CU_ASSERT(w2.len == w.len && memcmp(w.buf, w2.buf, w.len) == 0);
	oc_mw_free(&w2);

	/* child index beyond the tree, child pointing back at the root */
	static const char *const bad[] = { "999999", "0", "-5" };
	for (size_t k = 0; k < sizeof bad / sizeof *bad; k++) {
		char *c = corrupt_node(w.buf, 3, bad[k]);
		void *mb = load_text(ops, c, strlen(c), nf, &err);
		CU_ASSERT_PTR_NULL(mb);
		CU_ASSERT_EQUAL(err.status, OC_EDATA);
		CU_ASSERT(strncmp(err.msg, "test.model:", 11) == 0);
		if (mb)
			ops->free(mb);
		free(c);
	}
	/* truncated body: cut in the middle of a line, and at a line end */
	void *mt = load_text(ops, w.buf, w.len / 2, nf, &err);
	CU_ASSERT_PTR_NULL(mt);
	CU_ASSERT_EQUAL(err.status, OC_EDATA);
	CU_ASSERT(strncmp(err.msg, "test.model:", 11) == 0);
	const char *nl = memchr(w.buf + w.len / 2, '\n', w.len - w.len / 2);
	CU_ASSERT_PTR_NOT_NULL_FATAL(nl);
	mt = load_text(ops, w.buf, (size_t)(nl - w.buf) + 1, nf, &err);
	CU_ASSERT_PTR_NULL(mt);
	CU_ASSERT_EQUAL(err.status, OC_EDATA);
	CU_ASSERT(strstr(err.msg, "end of file") != NULL);
	/* a feature index beyond the data set's features */
	char fbuf[32];
	snprintf(fbuf, sizeof fbuf, "%zu", nf);
	char *c = corrupt_node(w.buf, 1, fbuf);
	mt = load_text(ops, c, strlen(c), nf, &err);
	CU_ASSERT_PTR_NULL(mt);
	CU_ASSERT_EQUAL(err.status, OC_EDATA);
	CU_ASSERT(strstr(err.msg, "out of range") != NULL);
	free(c);

	free(i1);
	free(i2);
	free(p1);
	free(p2);
	oc_mw_free(&w);
	ops->free(m);
	ops->free(m2);
	split_free(&s);
}

void tp_check_cancel(const struct oc_model_ops *ops, const char *name)
{
	struct oc_model_params prm;
	struct split s;
	struct oc_err err;
	static atomic_int stop = 1;

	tp_default_params(&prm);
	split_load(name, &s);
	oc_err_clear(&err);
	void *m = ops->fit(s.train, &prm, &(struct oc_fit_ctx){ 2, &stop, 0 }, &err);
	CU_ASSERT_PTR_NULL(m);
	CU_ASSERT_EQUAL(err.status, OC_ECANCELED);
	if (m)
		ops->free(m);
	split_free(&s);
}
