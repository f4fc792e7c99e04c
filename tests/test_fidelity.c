/* SPDX-License-Identifier: MIT */
/* test_fidelity.c - the whole pipeline against scikit-learn 1.2.1 on every
 * parity fixture (tests/fixtures/{curing,wide,balanced}, made by
 * tests/fixtures/regen.py, and tests/fixtures/realdata/NAME, made by
 * tests/fixtures/realdata/regen.py from scikit-learn's own data sets):
 *  - the label column is typed, and its classes ordered and named, as
 *    pandas and numpy give them (params.txt: class_dtype, classes), and the
 *    stratified split is scikit-learn's;
 *  - the model file the pipeline writes loads, and writes back to the same
 *    bytes (every model of every fixture);
 *  - the loaded models (logistic regression by lbfgs, the default, random
 *    forest, gradient boosting, SVC) give scikit-learn's probabilities,
 *    predictions, importances and metrics to 1e-12;
 *  - labels.txt: pandas' types and np.unique's classes of assorted label
 *    columns. */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "data/classes.h"
#include "pipeline/conf.h"
#include "data/csvread.h"
#include "io/modelfile.h"
#include "pipeline/pipeline.h"
#include "data/split.h"
#include "testutil.h"

static const char *const fixtures[] = {
	"curing", "wide", "balanced", "realdata/cancer", "realdata/digits17", "realdata/scales",
};
#define N_FIXTURES (sizeof fixtures / sizeof fixtures[0])

static char dir[] = "/tmp/oc-fidelity-XXXXXX";

/* The value of "key ..." in NAME/params.txt (rest of the line, malloc'd), or NULL. */
static char *param(const char *name, const char *key)
{
	char rel[256], *path, *text, *p, *v = NULL;
	size_t klen = strlen(key);
	snprintf(rel, sizeof rel, "%s/params.txt", name);
	path = tu_fixture(rel);
	text = tu_slurp(path, NULL);
	free(path);
	CU_ASSERT_PTR_NOT_NULL_FATAL(text);
	for (p = text; p && *p; p = strchr(p, '\n') ? strchr(p, '\n') + 1 : NULL)
		if (strncmp(p, key, klen) == 0 && p[klen] == ' ') {
			size_t n = strcspn(p + klen + 1, "\n");
			v = strndup(p + klen + 1, n);
			break;
		}
	free(text);
	return v;
}

static char *fixture_file(const char *name, const char *file)
{
	char rel[256];
	snprintf(rel, sizeof rel, "%s/%s", name, file);
	return tu_fixture(rel);
}

static struct oc_dataset *read_fixture(const char *name)
{
	struct oc_dataset *ds = NULL;
	struct oc_err err;
	char *label = param(name, "label"), *path = fixture_file(name, "data.csv");
	int rc = oc_csv_read_dataset(path, label, &ds, &err);
	if (rc)
		fprintf(stderr, "\n  %s\n", err.msg);
	CU_ASSERT_EQUAL_FATAL(rc, OC_OK);
	free(label);
	free(path);
	return ds;
}

/* Classes as pandas and numpy give them, and scikit-learn's split. */
static void test_classes_and_split(void)
{
	for (size_t f = 0; f < N_FIXTURES; f++) {
		struct oc_dataset *ds = read_fixture(fixtures[f]);
		char *classes = param(fixtures[f], "classes"), *dtype = param(fixtures[f], "class_dtype");
		char want[512], *path;
		size_t *tr, *te, ntr, nte, *rtr, *rte, nrtr, nrte;
		struct oc_err err;
		snprintf(want, sizeof want, "%s %s", ds->class_names[0], ds->class_names[1]);
		printf("\n  %-18s classes %s (%s)", fixtures[f], want, oc_class_type_name(ds->class_type));
		CU_ASSERT_STRING_EQUAL(want, classes);
		/* the older fixtures read every label column as text */
		CU_ASSERT_STRING_EQUAL(oc_class_type_name(ds->class_type), dtype ? dtype : "object");
		CU_ASSERT_EQUAL_FATAL(oc_split_stratified(ds, 0.2, 123, &tr, &ntr, &te, &nte, &err),
		                      OC_OK);
		path = fixture_file(fixtures[f], "split_train.txt");
		rtr = tu_read_indices(path, &nrtr);
		free(path);
		path = fixture_file(fixtures[f], "split_test.txt");
		rte = tu_read_indices(path, &nrte);
		free(path);
		CU_ASSERT_FATAL(rtr && rte);
		CU_ASSERT(ntr == nrtr && memcmp(tr, rtr, ntr * sizeof *tr) == 0);
		CU_ASSERT(nte == nrte && memcmp(te, rte, nte * sizeof *te) == 0);
		free(tr);
		free(te);
		free(rtr);
		free(rte);
		free(classes);
		free(dtype);
		oc_dataset_free(&ds);
	}
}

struct sk_metrics {
	char key[8];
	double v[4];    /* accuracy, precision, recall, AUC */
};

static size_t read_sk_metrics(const char *name, struct sk_metrics m[OC_MODEL_COUNT])
{
	char *path = fixture_file(name, "model_metrics.csv"), *text = tu_slurp(path, NULL), *p;
	size_t n = 0;
	free(path);
	CU_ASSERT_PTR_NOT_NULL_FATAL(text);
	for (p = strchr(text, '\n'); p && p[1] && n < OC_MODEL_COUNT; p = strchr(p + 1, '\n'), n++)
		CU_ASSERT_FATAL(sscanf(p + 1, "%7[^,],%lf,%lf,%lf,%lf", m[n].key, &m[n].v[0],
		                       &m[n].v[1], &m[n].v[2], &m[n].v[3]) == 5);
	free(text);
	return n;
}

/* One fixture through the pipeline; compares the loaded models with
 * scikit-learn's outputs and prints one table row per model. */
static void check_fixture(const char *name)
{
	struct oc_config cfg;
	struct oc_run run;
	struct oc_err err;
	struct oc_bundle *b = NULL;
	struct oc_dataset *all = read_fixture(name), *test;
	struct sk_metrics skm[OC_MODEL_COUNT];
	char model_path[512], *label = param(name, "label"), *src = fixture_file(name, "data.csv");
	char *text, *path;
	size_t len, *te, nte, n_sk;
	struct oc_mwriter w;
	int rc;

	oc_config_defaults(&cfg);
	snprintf(cfg.source, sizeof cfg.source, "%s", src);
	snprintf(cfg.label, sizeof cfg.label, "%s", label);
	snprintf(cfg.output_dir, sizeof cfg.output_dir, "%s", dir);
	cfg.n_jobs = 2;
	rc = oc_pipeline_run(&cfg, NULL, &run, &err);
	if (rc)
		fprintf(stderr, "\n  %s: %s\n", name, err.msg);
	CU_ASSERT_EQUAL_FATAL(rc, OC_OK);
	oc_run_free(&run);

	/* the written model loads and writes back to the same bytes */
	snprintf(model_path, sizeof model_path, "%s/%s", dir, OC_MODEL_FILE);
	text = tu_slurp(model_path, &len);
	CU_ASSERT_PTR_NOT_NULL_FATAL(text);
	rc = oc_bundle_load(model_path, &b, &err);
	if (rc)
		fprintf(stderr, "\n  %s: %s\n", name, err.msg);
	CU_ASSERT_EQUAL_FATAL(rc, OC_OK);
	CU_ASSERT_EQUAL(b->n_models, OC_MODEL_COUNT);
	oc_mw_init(&w);
	CU_ASSERT_EQUAL_FATAL(oc_bundle_format(b, &w, &err), OC_OK);
	CU_ASSERT(w.len == len && memcmp(w.buf, text, len) == 0);
	oc_mw_free(&w);
	free(text);
	CU_ASSERT_STRING_EQUAL(b->class_names[0], all->class_names[0]);
	CU_ASSERT_STRING_EQUAL(b->class_names[1], all->class_names[1]);
	CU_ASSERT_EQUAL(b->class_type, all->class_type);

	path = fixture_file(name, "split_test.txt");
	te = tu_read_indices(path, &nte);
	free(path);
	test = oc_dataset_subset(all, te, nte);
	CU_ASSERT_PTR_NOT_NULL_FATAL(test);
	n_sk = read_sk_metrics(name, skm);
	CU_ASSERT_EQUAL(n_sk, b->n_models);

	for (size_t k = 0; k < b->n_models; k++) {
		const struct oc_trained *t = &b->models[k];
		const struct oc_model_ops *ops = t->ops;
		char file[64], *pred_text, *tok, *save;
		size_t rows, cols, n_imp = 0, mism = 0, i = 0;
		double *ref, dp = 0, di = 0, dm = 0;
		snprintf(file, sizeof file, "proba_%s.csv", ops->key);
		path = fixture_file(name, file);
		ref = tu_read_csv_doubles(path, &rows, &cols);
		free(path);
		CU_ASSERT_FATAL(ref && rows == nte && cols == 2);
		snprintf(file, sizeof file, "pred_%s.txt", ops->key);
		path = fixture_file(name, file);
		pred_text = tu_slurp(path, NULL);
		free(path);
		CU_ASSERT_PTR_NOT_NULL_FATAL(pred_text);
		tok = strtok_r(pred_text, "\n", &save);
		for (i = 0; i < nte; i++, tok = strtok_r(NULL, "\n", &save)) {
			double p[2];
			int c = oc_model_score(ops, t->state, oc_dataset_row(test, i), p);
			for (int j = 0; j < 2; j++)
				if (fabs(p[j] - ref[2 * i + j]) > dp)
					dp = fabs(p[j] - ref[2 * i + j]);
			mism += !tok || strcmp(tok, b->class_names[c]) != 0;
		}
		free(pred_text);
		free(ref);
		if (ops->importances) {
			double *imp = malloc(b->n_features * sizeof *imp), *iref;
			snprintf(file, sizeof file, "importances_%s.txt", ops->key);
			path = fixture_file(name, file);
			iref = tu_read_doubles(path, &n_imp);
			free(path);
			if (ops->importances(t->state, imp)) {
				CU_ASSERT_FATAL(iref && n_imp == b->n_features);
				di = tu_max_abs_diff(imp, iref, n_imp);
			}
			free(iref);
			free(imp);
		}
		CU_ASSERT_STRING_EQUAL(skm[k].key, ops->key);
		{
			const double mine[4] = { t->metrics.accuracy, t->metrics.precision,
			                         t->metrics.recall, t->metrics.auc };
			for (int j = 0; j < 4; j++)
				if (fabs(mine[j] - skm[k].v[j]) > dm)
					dm = fabs(mine[j] - skm[k].v[j]);
		}
		printf("\n  | %-18s | %-5s | %9.3g | %10.3g | %13.3g | %zu of %zu |", name, ops->key,
		       dp, n_imp ? di : 0.0, dm, mism, nte);
		CU_ASSERT(dp <= 1e-12);
		CU_ASSERT(di <= 1e-12);
		CU_ASSERT(dm <= 1e-12);
		CU_ASSERT_EQUAL(mism, 0);
	}
	free(te);
	free(label);
	free(src);
	oc_dataset_free(&test);
	oc_dataset_free(&all);
	oc_bundle_free(&b);
}

static void test_pipeline_parity(void)
{
	printf("\n  | fixture            | model | max |dp| | max |dimp| | max |dmetric| | "
	       "predictions differing |");
	for (size_t f = 0; f < N_FIXTURES; f++)
		check_fixture(fixtures[f]);
	printf("\n");
}

/* --- labels.txt --- */

static size_t unhex(const char *h, size_t n, char *out)
{
	size_t k;
	for (k = 0; 2 * k + 1 < n; k++) {
		unsigned v;
		CU_ASSERT_FATAL(sscanf(h + 2 * k, "%2x", &v) == 1);
		out[k] = (char)v;
	}
	out[k] = '\0';
	return k;
}

/* Splits "key h1 h2 ..." into decoded values (at most 8). */
static size_t values(char *line, char v[8][64], size_t len[8])
{
	size_t n = 0;
	char *save, *tok = strtok_r(line, " ", &save);
	for (tok = strtok_r(NULL, " ", &save); tok && n < 8; tok = strtok_r(NULL, " ", &save), n++)
		len[n] = unhex(tok, strlen(tok), v[n]);
	return n;
}

/* Writes a CSV of the values as labels (quoted) and reads it as the
 * pipeline does. */
static int read_labels(char v[8][64], size_t n, struct oc_dataset **ds, struct oc_err *err)
{
	char path[512];
	FILE *f;
	int rc;
	snprintf(path, sizeof path, "%s/labels.csv", dir);
	f = fopen(path, "w");
	CU_ASSERT_PTR_NOT_NULL_FATAL(f);
	fputs("x,y\n", f);
	for (size_t k = 0; k < n; k++)
		fprintf(f, "%zu,\"%s\"\n", k, v[k]);
	fclose(f);
	rc = oc_csv_read_dataset(path, "y", ds, err);
	unlink(path);
	return rc;
}

/* np.unique of the n labels v through the classes API equals the nc
 * names c. */
static void check_unique(char v[8][64], const size_t len[8], size_t n, char c[8][64], size_t nc)
{
	const char *sp[8] = { NULL };
	struct oc_class_value val[8], cls[8];
	size_t k, m = 0;
	for (k = 0; k < n; k++)
		sp[k] = v[k];
	enum oc_class_type t = oc_class_infer(sp, len, n);
	for (k = 0; k < n; k++) {
		size_t j;
		CU_ASSERT_EQUAL_FATAL(oc_class_parse(t, v[k], len[k], &val[k]), 0);
		for (j = 0; j < m && oc_class_cmp(&cls[j], &val[k]) != 0; j++)
			;
		if (j == m)
			cls[m++] = val[k];
	}
	for (size_t i = 1; i < m; i++)
		for (size_t j = i; j > 0 && oc_class_cmp(&cls[j - 1], &cls[j]) > 0; j--) {
			struct oc_class_value x = cls[j];
			cls[j] = cls[j - 1];
			cls[j - 1] = x;
		}
	CU_ASSERT_EQUAL_FATAL(m, nc);
	for (k = 0; k < m; k++) {
		char *name = oc_class_name(&cls[k]);
		CU_ASSERT_STRING_EQUAL(name, c[k]);
		free(name);
	}
}

/* Labels of a --test-data file against the training classes, by value. */
static void test_label_matching(void)
{
	CU_ASSERT(oc_class_matches(OC_CLASS_INT64, "2", "2.0", 3));
	CU_ASSERT(oc_class_matches(OC_CLASS_INT64, "2", " +2 ", 4));
	CU_ASSERT(oc_class_matches(OC_CLASS_INT64, "10", "1e1", 3));
	CU_ASSERT(!oc_class_matches(OC_CLASS_INT64, "2", "2.5", 3));
	CU_ASSERT(!oc_class_matches(OC_CLASS_INT64, "2", "two", 3));
	CU_ASSERT(oc_class_matches(OC_CLASS_FLOAT64, "10.0", "10", 2));
	CU_ASSERT(oc_class_matches(OC_CLASS_UINT64, "18446744073709551615", "18446744073709551615", 20));
	CU_ASSERT(!oc_class_matches(OC_CLASS_UINT64, "18446744073709551615", "18446744073709551614", 20));
	CU_ASSERT(oc_class_matches(OC_CLASS_BOOL, "True", "TRUE", 4));
	CU_ASSERT(oc_class_matches(OC_CLASS_BOOL, "False", "false", 5));
	CU_ASSERT(!oc_class_matches(OC_CLASS_BOOL, "True", "1", 1));
	CU_ASSERT(oc_class_matches(OC_CLASS_STR, "a", "a", 1));
	CU_ASSERT(!oc_class_matches(OC_CLASS_STR, "a", "a ", 2));
	CU_ASSERT(!oc_class_matches(OC_CLASS_STR, "2", "2.0", 3));
}

static void test_label_types(void)
{
	char *path = tu_fixture("realdata/labels.txt"), *text = tu_slurp(path, NULL), *line, *save;
	char v[8][64], c[8][64];
	size_t len[8], clen[8], n = 0, nc = 0, cases = 0;
	const char *sp[8];
	free(path);
	CU_ASSERT_PTR_NOT_NULL_FATAL(text);
	for (line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		if (strncmp(line, "case ", 5) == 0) {
			n = values(line, v, len);
			for (size_t k = 0; k < n; k++)
				sp[k] = v[k];
		} else if (strncmp(line, "dtype ", 6) == 0) {
			/* distinct spellings in order of first appearance */
			const char *d[8];
			size_t dl[8], nd = 0;
			for (size_t k = 0; k < n; k++) {
				size_t j;
				for (j = 0; j < nd; j++)
					if (dl[j] == len[k] && memcmp(d[j], sp[k], len[k]) == 0)
						break;
				if (j == nd) {
					d[nd] = sp[k];
					dl[nd++] = len[k];
				}
			}
			enum oc_class_type t = oc_class_infer(d, dl, nd);
			if (strcmp(oc_class_type_name(t), line + 6) != 0)
				fprintf(stderr, "\n  case %s: %s, pandas %s", v[0], oc_class_type_name(t),
				        line + 6);
			CU_ASSERT_STRING_EQUAL(oc_class_type_name(t), line + 6);
			cases++;
		} else if (strncmp(line, "classes ", 8) == 0 || strncmp(line, "error", 5) == 0) {
			struct oc_dataset *ds = NULL;
			struct oc_err err;
			int rc = read_labels(v, n, &ds, &err);
			nc = line[0] == 'c' ? values(line, c, clen) : 0;
			if (!nc) {
				/* scikit-learn refuses: the reader does too, naming the label */
				CU_ASSERT_EQUAL(rc, OC_EDATA);
				CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "regression target"));
			} else {
				/* two classes or more (up to 256): typed, ordered and
				 * named as numpy's */
				if (rc)
					fprintf(stderr, "\n  case %s: %s", v[0], err.msg);
				CU_ASSERT_EQUAL_FATAL(rc, OC_OK);
				CU_ASSERT_EQUAL(ds->n_classes, nc);
				for (size_t q = 0; q < nc && q < ds->n_classes; q++)
					CU_ASSERT_STRING_EQUAL(ds->class_names[q], c[q]);
				check_unique(v, len, n, c, nc);
				/* every row's class is its value's */
				for (size_t k = 0; k < n; k++)
					CU_ASSERT(oc_class_matches(ds->class_type, ds->class_names[ds->y[k]],
					                           v[k], len[k]));
			}
			oc_dataset_free(&ds);
		}
	}
	printf("\n  %zu label columns typed as pandas types them ", cases);
	CU_ASSERT(cases >= 40);
	free(text);
}

static CU_TestInfo tests[] = {
	{ "classes as pandas and numpy give them, scikit-learn's split", test_classes_and_split },
	{ "pipeline parity; every written model loads and writes back", test_pipeline_parity },
	{ "label column types, class order and names as pandas", test_label_types },
	{ "test labels compared by value of the training type", test_label_matching },
	CU_TEST_INFO_NULL,
};

int main(void)
{
	int rc;
	char path[512];
	if (!mkdtemp(dir)) {
		perror("mkdtemp");
		return 1;
	}
	rc = tu_run_suite("fidelity", tests);
	static const char *const names[] = {
		"curing_data.csv", "curing_data_metadata.json", "model_metrics.csv", OC_MODEL_FILE,
	};
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
		snprintf(path, sizeof path, "%s/%s", dir, names[i]);
		unlink(path);
	}
	rmdir(dir);
	return rc;
}
