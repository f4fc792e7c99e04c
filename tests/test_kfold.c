/* SPDX-License-Identifier: MIT */
/* test_kfold.c - StratifiedKFold folds against scikit-learn 1.2.1's
 * (fixtures/cv/folds.txt: assorted n, K, shuffle and seed, uneven class
 * counts, two and three classes, a first class that is the smaller one,
 * K above the smallest class count and above every count). */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "data/kfold.h"
#include "testutil.h"

/* "WORD v v v ..." into out[0..n); returns how many were read. */
static size_t parse_row(const char *line, const char *word, unsigned *out, size_t n)
{
	size_t k = 0;
	const char *p = line + strlen(word);
	char *end;
	if (strncmp(line, word, strlen(word)) != 0)
		return 0;
	while (k < n) {
		unsigned long v = strtoul(p, &end, 10);
		if (end == p)
			break;
		out[k++] = (unsigned)v;
		p = end;
	}
	return k;
}

static struct oc_dataset *labels_dataset(const unsigned *y, size_t n)
{
	static const char *const names[] = { "a", "b", "c" };
	struct oc_dataset *ds = oc_dataset_new(n, 1);
	if (!ds)
		return NULL;
	/* a binary data set names two classes; a third index (names are only
	 * read for an error, never raised by the three-class cases) shows the
	 * folds do not depend on the class count */
	ds->class_names[0] = strdup(names[0]);
	ds->class_names[1] = strdup(names[1]);
	for (size_t i = 0; i < n; i++)
		ds->y[i] = (unsigned char)y[i];
	return ds;
}

static void test_cases(void)
{
	char *path = tu_fixture("cv/folds.txt"), *text = tu_slurp(path, NULL);
	char *save = NULL, *line;
	int cases = 0, failed = 0, warned = 0, errors = 0;
	CU_ASSERT_PTR_NOT_NULL_FATAL(text);
	line = strtok_r(text, "\n", &save);
	while (line) {
		size_t n, k;
		unsigned shuffle, seed, *y, *want, *got;
		char outcome[16], warning[OC_KFOLD_WARN_MAX];
		struct oc_dataset *ds;
		struct oc_err err;
		int st;
		CU_ASSERT_FATAL(sscanf(line, "case %zu %zu %u %u %15s", &n, &k, &shuffle, &seed,
		                       outcome) == 5);
		y = calloc(n, sizeof *y);
		want = calloc(n, sizeof *want);
		got = calloc(n, sizeof *got);
		CU_ASSERT_FATAL(y && want && got);
		line = strtok_r(NULL, "\n", &save);
		CU_ASSERT_FATAL(line && parse_row(line, "y ", y, n) == n);
		if (strcmp(outcome, "error") != 0) {
			line = strtok_r(NULL, "\n", &save);
			CU_ASSERT_FATAL(line && parse_row(line, "fold ", want, n) == n);
		}
		ds = labels_dataset(y, n);
		CU_ASSERT_PTR_NOT_NULL_FATAL(ds);
		oc_err_clear(&err);
		st = oc_kfold_stratified(ds, k, (int)shuffle, seed, got, warning, &err);
		if (strcmp(outcome, "error") == 0) {
			if (st != OC_EDATA || !strstr(err.msg, "'a' (")) {
				fprintf(stderr, "fold case n=%zu k=%zu: status %d '%s'\n", n, k, st, err.msg);
				failed++;
			}
			errors++;
		} else if (st != OC_OK || memcmp(got, want, n * sizeof *got) != 0 ||
		           (strcmp(outcome, "warn") == 0) != (warning[0] != '\0')) {
			fprintf(stderr, "fold case n=%zu k=%zu shuffle=%u seed=%u differs (%s)\n", n, k,
			        shuffle, seed, err.msg);
			failed++;
		}
		warned += warning[0] != '\0';
		cases++;
		free(y);
		free(want);
		free(got);
		oc_dataset_free(&ds);
		line = strtok_r(NULL, "\n", &save);
	}
	CU_ASSERT(cases >= 19);
	CU_ASSERT(warned >= 3);
	CU_ASSERT(errors >= 1);
	CU_ASSERT_EQUAL(failed, 0);
	free(text);
	free(path);
}

/* The UserWarning's wording, and the folds' indices ascending. */
static void test_warning_and_indices(void)
{
	unsigned y[7] = { 1, 0, 0, 0, 0, 1, 0 }, fold[7];
	size_t tr[7], te[7], ntr, nte, total = 0;
	char warning[OC_KFOLD_WARN_MAX];
	struct oc_dataset *ds = labels_dataset(y, 7);
	struct oc_err err;
	CU_ASSERT_PTR_NOT_NULL_FATAL(ds);
	oc_err_clear(&err);
	CU_ASSERT_EQUAL_FATAL(oc_kfold_stratified(ds, 3, 0, 0, fold, warning, &err), OC_OK);
	CU_ASSERT_STRING_EQUAL(warning, "The least populated class in y has only 2 members, "
	                       "which is less than n_splits=3.");
	for (unsigned f = 0; f < 3; f++) {
		oc_kfold_indices(fold, 7, f, tr, &ntr, te, &nte);
		CU_ASSERT_EQUAL(ntr + nte, 7);
		for (size_t i = 1; i < nte; i++)
			CU_ASSERT(te[i - 1] < te[i]);
		for (size_t i = 1; i < ntr; i++)
			CU_ASSERT(tr[i - 1] < tr[i]);
		total += nte;
	}
	CU_ASSERT_EQUAL(total, 7);
	CU_ASSERT_EQUAL(oc_kfold_stratified(ds, 8, 0, 0, fold, warning, &err), OC_EDATA);
	CU_ASSERT_EQUAL(oc_kfold_stratified(ds, 1, 0, 0, fold, warning, &err), OC_EDATA);
	oc_dataset_free(&ds);
}

static CU_TestInfo tests[] = {
	{ "fold membership = sklearn StratifiedKFold", test_cases },
	{ "warning text and fold indices", test_warning_and_indices },
	CU_TEST_INFO_NULL,
};

int main(void)
{
	return tu_run_suite("kfold", tests);
}
