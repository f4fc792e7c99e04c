/* SPDX-License-Identifier: MIT */
/* test_svm.c - SVC parity with scikit-learn 1.2.1 on the fixture data sets
 * (decision_function, predict_proba, predict), thread-count independence,
 * the model-file round trip and rejection of damaged model bodies. */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ml/svm.h"
#include "ml/svm_impl.h"
#include "core/modelio.h"
#include "pipeline/gen.h"
#include "testutil.h"

#define TOL 1e-12
/* SVC()._gamma of scikit-learn 1.2.1 on the curing training split */
#define GAMMA_CURING 7.047870705035701e-05

static const char *const fixtures[] = { "curing", "wide", "balanced" };
#define N_FIXTURES (sizeof fixtures / sizeof fixtures[0])

struct fx {
	struct oc_dataset *ds, *train, *test;
	double *dec;        /* scikit-learn decision_function of the test rows */
	double *proba;      /* predict_proba, 2 columns */
	char **pred;        /* predict, class names */
};

static char *fixture_file(const char *name, const char *file)
{
	char rel[256];
	snprintf(rel, sizeof rel, "%s/%s", name, file);
	return tu_fixture(rel);
}

static struct oc_dataset *split(const struct oc_dataset *ds, const char *name, const char *file)
{
	char *path = fixture_file(name, file);
	size_t n, *idx = tu_read_indices(path, &n);
	struct oc_dataset *sub;
	free(path);
	CU_ASSERT_PTR_NOT_NULL_FATAL(idx);
	sub = oc_dataset_subset(ds, idx, n);
	free(idx);
	return sub;
}

/* Lines of a text file (malloc'd array of n malloc'd strings). */
static char **read_lines(const char *path, size_t *n)
{
	char *text = tu_slurp(path, NULL), **lines = NULL, *p, *nl;
	size_t cap = 0;
	*n = 0;
	if (!text)
		return NULL;
	for (p = text; *p; p = nl + 1) {
		nl = strchr(p, '\n');
		if (!nl)
			nl = p + strlen(p) - 1;
		if (*n == cap)
			lines = realloc(lines, (cap = cap ? 2 * cap : 64) * sizeof *lines);
		lines[*n] = strndup(p, (size_t)(nl - p) + (*nl != '\n'));
		(*n)++;
	}
	free(text);
	return lines;
}

static void fx_load(const char *name, struct fx *f)
{
	char *path;
	size_t n, rows, cols;
	memset(f, 0, sizeof *f);
	f->ds = tu_load_fixture_dataset(name);
	CU_ASSERT_PTR_NOT_NULL_FATAL(f->ds);
	f->train = split(f->ds, name, "split_train.txt");
	f->test = split(f->ds, name, "split_test.txt");
	CU_ASSERT_PTR_NOT_NULL_FATAL(f->train);
	CU_ASSERT_PTR_NOT_NULL_FATAL(f->test);
	path = fixture_file(name, "decision_svm.txt");
	f->dec = tu_read_doubles(path, &n);
	free(path);
	CU_ASSERT_EQUAL_FATAL(n, f->test->n_rows);
	path = fixture_file(name, "proba_svm.csv");
	f->proba = tu_read_csv_doubles(path, &rows, &cols);
	free(path);
	CU_ASSERT_EQUAL_FATAL(rows, f->test->n_rows);
	CU_ASSERT_EQUAL_FATAL(cols, 2);
	path = fixture_file(name, "pred_svm.txt");
	f->pred = read_lines(path, &n);
	free(path);
	CU_ASSERT_EQUAL_FATAL(n, f->test->n_rows);
}

static void fx_free(struct fx *f)
{
	if (f->pred)
		for (size_t i = 0; i < f->test->n_rows; i++)
			free(f->pred[i]);
	free(f->pred);
	free(f->dec);
	free(f->proba);
	oc_dataset_free(&f->test);
	oc_dataset_free(&f->train);
	oc_dataset_free(&f->ds);
}

/* scikit-learn's SVC(kernel="rbf", random_state=123, probability=True). */
static void *fit(const struct oc_dataset *train, int n_jobs)
{
	struct oc_model_params p;
	struct oc_err err;
	void *m;
	tu_default_params(&p);
	oc_err_clear(&err);
	m = oc_svm_ops.fit(train, &p, &(struct oc_fit_ctx){ n_jobs, NULL, 0 }, &err);
	if (!m)
		fprintf(stderr, "fit failed: %s\n", err.msg);
	return m;
}

/* The model file body as text: %.17g round-trips, so equal text means
 * bit-identical state. */
static char *save_text(const void *m)
{
	struct oc_mwriter w;
	struct oc_err err;
	char *s;
	oc_mw_init(&w);
	CU_ASSERT_EQUAL(oc_svm_ops.save(m, &w, &err), OC_OK);
	s = strdup(w.buf ? w.buf : "");
	oc_mw_free(&w);
	return s;
}

static void *load_text(const char *text, size_t len, size_t n_features, struct oc_err *err)
{
	struct oc_mreader r;
	char *buf = malloc(len + 1);
	void *m;
	memcpy(buf, text, len);
	buf[len] = '\0';
	oc_mr_init(&r, "test.model", buf, len, 1);
	oc_err_clear(err);
	m = oc_svm_ops.load(&r, n_features, 2, err);
	oc_mr_free(&r);
	free(buf);
	return m;
}

static void parity(const char *name)
{
	struct fx f;
	void *m;
	double dmax = 0, pmax = 0;
	size_t pred_bad = 0, worst_dec = 0, worst_p = 0;

	fx_load(name, &f);
	m = fit(f.train, 1);
	CU_ASSERT_PTR_NOT_NULL_FATAL(m);
	for (size_t i = 0; i < f.test->n_rows; i++) {
		const double *row = oc_dataset_row(f.test, i);
		double pr[2], dd, dp;
		int c = oc_model_predict(&oc_svm_ops, m, row);
		dd = fabs(oc_svm_decision(m, row) - f.dec[i]);
		oc_model_predict_proba(&oc_svm_ops, m, row, pr);
		dp = fmax(fabs(pr[0] - f.proba[2 * i]), fabs(pr[1] - f.proba[2 * i + 1]));
		if (!(dd <= dmax)) {
			dmax = dd;
			worst_dec = i;
		}
		if (!(dp <= pmax)) {
			pmax = dp;
			worst_p = i;
		}
		pred_bad += strcmp(f.test->class_names[c], f.pred[i]) != 0;
		/* predict is the sign of the decision value, not the probability */
		CU_ASSERT_EQUAL(c, oc_svm_decision(m, row) >= 0);
	}
	printf("\n  %s: %zu SVs, max |decision diff| %.3g (test row %zu), "
	       "max |proba diff| %.3g (test row %zu), %zu predictions differ ",
	       name, oc_svm_n_support(m), dmax, worst_dec, pmax, worst_p, pred_bad);
	CU_ASSERT(dmax <= TOL);
	CU_ASSERT(pmax <= TOL);
	CU_ASSERT_EQUAL(pred_bad, 0);
	oc_svm_ops.free(m);
	fx_free(&f);
}

static void test_parity_curing(void) { parity("curing"); }
static void test_parity_wide(void) { parity("wide"); }
static void test_parity_balanced(void) { parity("balanced"); }

/* Same model, bit for bit, whatever the number of threads. */
static void test_jobs_independent(void)
{
	for (size_t k = 0; k < N_FIXTURES; k++) {
		struct fx f;
		void *m1, *m4;
		char *s1, *s4;
		fx_load(fixtures[k], &f);
		m1 = fit(f.train, 1);
		m4 = fit(f.train, 4);
		CU_ASSERT_PTR_NOT_NULL_FATAL(m1);
		CU_ASSERT_PTR_NOT_NULL_FATAL(m4);
		s1 = save_text(m1);
		s4 = save_text(m4);
		CU_ASSERT_STRING_EQUAL(s1, s4);
		for (size_t i = 0; i < f.test->n_rows; i++) {
			const double *row = oc_dataset_row(f.test, i);
			double p1[2], p4[2], d1 = oc_svm_decision(m1, row), d4 = oc_svm_decision(m4, row);
			oc_model_predict_proba(&oc_svm_ops, m1, row, p1);
			oc_model_predict_proba(&oc_svm_ops, m4, row, p4);
			CU_ASSERT(memcmp(&d1, &d4, sizeof d1) == 0);
			CU_ASSERT(memcmp(p1, p4, sizeof p1) == 0);
		}
		free(s1);
		free(s4);
		oc_svm_ops.free(m1);
		oc_svm_ops.free(m4);
		fx_free(&f);
	}
}

/* 6,000 generated rows: long enough kernel columns that threads done with
 * their folds help the others fill them; still the same model. */
static void test_jobs_independent_large(void)
{
	struct oc_dataset *ds = NULL;
	struct oc_err err;
	void *m1, *m4;
	char *s1, *s4;
	CU_ASSERT_EQUAL_FATAL(oc_generate(6000, 42, 2, &ds, &err), OC_OK);
	m1 = fit(ds, 1);
	m4 = fit(ds, 4);
	CU_ASSERT_PTR_NOT_NULL_FATAL(m1);
	CU_ASSERT_PTR_NOT_NULL_FATAL(m4);
	s1 = save_text(m1);
	s4 = save_text(m4);
	CU_ASSERT_STRING_EQUAL(s1, s4);
	free(s1);
	free(s4);
	oc_svm_ops.free(m1);
	oc_svm_ops.free(m4);
	oc_dataset_free(&ds);
}

/* save -> load gives the same predictions bit for bit and saves the same text. */
static void test_roundtrip(void)
{
	for (size_t k = 0; k < N_FIXTURES; k++) {
		struct fx f;
		struct oc_err err;
		void *m, *m2;
		char *s, *s2;
		fx_load(fixtures[k], &f);
		m = fit(f.train, 2);
		CU_ASSERT_PTR_NOT_NULL_FATAL(m);
		s = save_text(m);
		m2 = load_text(s, strlen(s), f.ds->n_features, &err);
		CU_ASSERT_PTR_NOT_NULL_FATAL(m2);
		s2 = save_text(m2);
		CU_ASSERT_STRING_EQUAL(s, s2);
		CU_ASSERT(oc_svm_gamma(m) == oc_svm_gamma(m2));
		for (size_t i = 0; i < f.test->n_rows; i++) {
			const double *row = oc_dataset_row(f.test, i);
			double p1[2], p2[2], d1 = oc_svm_decision(m, row), d2 = oc_svm_decision(m2, row);
			oc_model_predict_proba(&oc_svm_ops, m, row, p1);
			oc_model_predict_proba(&oc_svm_ops, m2, row, p2);
			CU_ASSERT(memcmp(&d1, &d2, sizeof d1) == 0);
			CU_ASSERT(memcmp(p1, p2, sizeof p1) == 0);
			CU_ASSERT_EQUAL(oc_model_predict(&oc_svm_ops, m, row), oc_model_predict(&oc_svm_ops, m2, row));
		}
		free(s);
		free(s2);
		oc_svm_ops.free(m);
		oc_svm_ops.free(m2);
		fx_free(&f);
	}
}

/* Replaces the first occurrence of from by to in text (malloc'd result). */
static char *replace(const char *text, const char *from, const char *to)
{
	const char *at = strstr(text, from);
	size_t n = strlen(text) - strlen(from) + strlen(to);
	char *out = malloc(n + 1);
	CU_ASSERT_PTR_NOT_NULL_FATAL(at);
	memcpy(out, text, (size_t)(at - text));
	strcpy(out + (at - text), to);
	strcat(out, at + strlen(from));
	return out;
}

static void expect_rejected(const char *text, size_t len, size_t n_features)
{
	struct oc_err err;
	void *m = load_text(text, len, n_features, &err);
	CU_ASSERT_PTR_NULL(m);
	CU_ASSERT_EQUAL(err.status, OC_EDATA);
	CU_ASSERT(strncmp(err.msg, "test.model:", 11) == 0);
	if (m)
		oc_svm_ops.free(m);
}

static void test_damaged_body_rejected(void)
{
	struct fx f;
	void *m;
	char *s, *bad, line[64];
	size_t len, d;
	fx_load("balanced", &f);
	d = f.ds->n_features;
	m = fit(f.train, 1);
	CU_ASSERT_PTR_NOT_NULL_FATAL(m);
	s = save_text(m);
	len = strlen(s);

	/* truncated anywhere: mid-line or at a line end before the last */
	for (size_t cut = 0; cut + 1 < len; cut += 1 + cut / 3)
		expect_rejected(s, cut, d);
	expect_rejected(s, len - 1, d);

	/* wrong feature count for the file */
	expect_rejected(s, len, d + 1);

	/* more support vectors announced than present */
	snprintf(line, sizeof line, "n_sv %zu\n", oc_svm_n_support(m));
	bad = replace(s, line, "n_sv 100000\n");
	expect_rejected(bad, strlen(bad), d);
	free(bad);
	bad = replace(s, line, "n_sv 0\n");
	expect_rejected(bad, strlen(bad), d);
	free(bad);
	bad = replace(s, line, "n_sv -3\n");
	expect_rejected(bad, strlen(bad), d);
	free(bad);

	/* a bad number, a non-finite number, a non-positive gamma, a wrong key */
	bad = replace(s, "sv ", "sv x");
	expect_rejected(bad, strlen(bad), d);
	free(bad);
	bad = replace(s, "rho ", "rho nan\nrho_was ");
	expect_rejected(bad, strlen(bad), d);
	free(bad);
	bad = replace(s, "gamma ", "gamma -");
	expect_rejected(bad, strlen(bad), d);
	free(bad);
	bad = replace(s, "prob_a", "prob_x");
	expect_rejected(bad, strlen(bad), d);
	free(bad);

	/* a support vector line with a value missing */
	{
		char *sv = strstr(s, "\nsv "), *eol, *sp;
		CU_ASSERT_PTR_NOT_NULL_FATAL(sv);
		bad = strdup(s);
		eol = strchr(bad + (sv - s) + 1, '\n');
		*eol = '\0';
		sp = strrchr(bad + (sv - s) + 1, ' ');
		*eol = '\n';
		memmove(sp, eol, strlen(eol) + 1);
		expect_rejected(bad, strlen(bad), d);
		free(bad);
	}
	free(s);
	oc_svm_ops.free(m);
	fx_free(&f);
}

/* The kernel cache only changes speed: a cache of two columns (constant
 * eviction, columns dropped on swaps) gives the same alphas and rho. */
static void test_cache_size_irrelevant(void)
{
	for (size_t k = 0; k < N_FIXTURES; k++) {
		struct fx f;
		struct oc_err err;
		size_t l, d;
		const double **x;
		signed char *y;
		double *big, *tiny, rho_big, rho_tiny;
		fx_load(fixtures[k], &f);
		l = f.train->n_rows;
		d = f.train->n_features;
		x = malloc(l * sizeof *x);
		y = malloc(l);
		big = malloc(l * sizeof *big);
		tiny = malloc(l * sizeof *tiny);
		for (size_t i = 0; i < l; i++) {
			x[i] = oc_dataset_row(f.train, i);
			y[i] = f.train->y[i] ? -1 : +1;
		}
		CU_ASSERT_EQUAL(oc_svm_smo(l, d, x, y, 0.1, 1.0, 1.0, 200L << 20, NULL,
		                           big, &rho_big, &err), OC_OK);
		CU_ASSERT_EQUAL(oc_svm_smo(l, d, x, y, 0.1, 1.0, 1.0, 0, NULL,
		                           tiny, &rho_tiny, &err), OC_OK);
		CU_ASSERT(memcmp(big, tiny, l * sizeof *big) == 0);
		CU_ASSERT(memcmp(&rho_big, &rho_tiny, sizeof rho_big) == 0);
		free(x);
		free(y);
		free(big);
		free(tiny);
		fx_free(&f);
	}
}

static void test_cancel(void)
{
	struct fx f;
	struct oc_model_params p;
	struct oc_err err;
	atomic_int stop = 1;
	fx_load("curing", &f);
	tu_default_params(&p);
	CU_ASSERT_PTR_NULL(oc_svm_ops.fit(f.train, &p, &(struct oc_fit_ctx){ 3, &stop, 0 }, &err));
	CU_ASSERT_EQUAL(err.status, OC_ECANCELED);
	fx_free(&f);
}

static void test_params_and_gamma(void)
{
	struct oc_model_params p;
	struct fx f;
	struct oc_err err;
	void *m;

	tu_default_params(&p);
	CU_ASSERT_PTR_NULL(oc_model_check(&oc_svm_ops, &p, NULL));
	p.svm_C = 0;
	CU_ASSERT_PTR_NOT_NULL(oc_model_check(&oc_svm_ops, &p, NULL));
	p.svm_C = NAN;
	CU_ASSERT_PTR_NOT_NULL(oc_model_check(&oc_svm_ops, &p, NULL));
	tu_default_params(&p);
	p.svm_seed = -1;
	CU_ASSERT_PTR_NOT_NULL(oc_model_check(&oc_svm_ops, &p, NULL));
	tu_default_params(&p);
	p.svm_cache_mb = 0;
	CU_ASSERT_PTR_NOT_NULL(oc_model_check(&oc_svm_ops, &p, NULL));
	CU_ASSERT_STRING_EQUAL(oc_svm_ops.key, "svm");

	fx_load("curing", &f);
	/* 1 / (5 * X_train.var()) printed by numpy 1.24 for the curing split */
	CU_ASSERT_EQUAL(oc_svm_gamma_scale(f.train->x, f.train->n_rows, f.train->n_features),
	                GAMMA_CURING);
	tu_default_params(&p);
	p.svm_gamma = 0.25;
	m = oc_svm_ops.fit(f.train, &p, &tu_serial, &err);
	CU_ASSERT_PTR_NOT_NULL_FATAL(m);
	CU_ASSERT_EQUAL(oc_svm_gamma(m), 0.25);
	oc_svm_ops.free(m);

	/* a training set of one class is refused */
	{
		size_t idx[20], n = 0;
		struct oc_dataset *one;
		for (size_t i = 0; i < f.train->n_rows && n < 20; i++)
			if (f.train->y[i] == 0)
				idx[n++] = i;
		one = oc_dataset_subset(f.train, idx, n);
		tu_default_params(&p);
		CU_ASSERT_PTR_NULL(oc_svm_ops.fit(one, &p, &tu_serial, &err));
		CU_ASSERT_EQUAL(err.status, OC_EDATA);
		oc_dataset_free(&one);
	}
	fx_free(&f);
}

static CU_TestInfo tests[] = {
	{ "parity with scikit-learn: curing", test_parity_curing },
	{ "parity with scikit-learn: wide", test_parity_wide },
	{ "parity with scikit-learn: balanced", test_parity_balanced },
	{ "n_jobs 1 and 4 give identical models", test_jobs_independent },
	{ "n_jobs 1 and 4 on 6,000 rows (threads share columns)", test_jobs_independent_large },
	{ "save/load round trip", test_roundtrip },
	{ "damaged model bodies rejected", test_damaged_body_rejected },
	{ "kernel cache size does not change the solution", test_cache_size_irrelevant },
	{ "cancel flag stops training", test_cancel },
	{ "parameters and gamma", test_params_and_gamma },
	CU_TEST_INFO_NULL,
};

int main(void)
{
	return tu_run_suite("svm", tests);
}
