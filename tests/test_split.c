/* SPDX-License-Identifier: MIT */
/* test_split.c - the stratified split against scikit-learn 1.2's
 * train_test_split indices: the three parity data sets and 27 assorted
 * (n, test_size, seed, balance) cases (fixtures/split_cases.txt). */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "data/csvread.h"
#include "core/numfmt.h"
#include "data/split.h"
#include "testutil.h"

static int same_indices(const size_t *a, size_t na, const size_t *b, size_t nb)
{
	return na == nb && memcmp(a, b, na * sizeof *a) == 0;
}

static void check_fixture(const char *name, const char *label)
{
	char rel[128], *path;
	struct oc_dataset *ds = NULL;
	struct oc_err err;
	size_t *tr, *te, ntr, nte, *wtr, *wte, nwtr = 0, nwte = 0;
	oc_err_clear(&err);
	snprintf(rel, sizeof rel, "%s/data.csv", name);
	path = tu_fixture(rel);
	CU_ASSERT_EQUAL_FATAL(oc_csv_read_dataset(path, label, &ds, &err), OC_OK);
	free(path);
	CU_ASSERT_EQUAL_FATAL(oc_split_stratified(ds, 0.2, 123, &tr, &ntr, &te, &nte, &err), OC_OK);
	snprintf(rel, sizeof rel, "%s/split_train.txt", name);
	path = tu_fixture(rel);
	wtr = tu_read_indices(path, &nwtr);
	free(path);
	snprintf(rel, sizeof rel, "%s/split_test.txt", name);
	path = tu_fixture(rel);
	wte = tu_read_indices(path, &nwte);
	free(path);
	CU_ASSERT_PTR_NOT_NULL_FATAL(wtr);
	CU_ASSERT_PTR_NOT_NULL_FATAL(wte);
	CU_ASSERT(same_indices(tr, ntr, wtr, nwtr));
	CU_ASSERT(same_indices(te, nte, wte, nwte));
	free(tr);
	free(te);
	free(wtr);
	free(wte);
	oc_dataset_free(&ds);
}

static void test_curing(void)
{
	check_fixture("curing", "quality_grade");
}

static void test_wide(void)
{
	check_fixture("wide", "grade");
}

static void test_balanced(void)
{
	check_fixture("balanced", "label");
}

/* Parses "WORD i i i ..." into a malloc'd array. */
static size_t *parse_list(const char *line, const char *word, size_t *n)
{
	size_t cap = 64, k = 0, *a = malloc(cap * sizeof *a);
	const char *p = line + strlen(word);
	char *end;
	if (!a || strncmp(line, word, strlen(word)) != 0) {
		free(a);
		return NULL;
	}
	for (;;) {
		unsigned long v = strtoul(p, &end, 10);
		if (end == p)
			break;
		if (k == cap) {
			size_t *b = realloc(a, (cap *= 2) * sizeof *a);
			if (!b) {
				free(a);
				return NULL;
			}
			a = b;
		}
		a[k++] = v;
		p = end;
	}
	*n = k;
	return a;
}

static void test_cases(void)
{
	char *path = tu_fixture("split_cases.txt"), *text = tu_slurp(path, NULL);
	char *lines[4], *save = NULL, *line;
	int cases = 0, failed = 0;
	CU_ASSERT_PTR_NOT_NULL_FATAL(text);
	line = strtok_r(text, "\n", &save);
	while (line) {
		size_t n, ntr, nte, nwtr = 0, nwte = 0, *tr = NULL, *te = NULL, *wtr, *wte;
		unsigned long seed;
		char ratio_text[64];
		double ratio;
		struct oc_dataset *ds;
		struct oc_err err;
		if (line[0] == '#') {
			line = strtok_r(NULL, "\n", &save);
			continue;
		}
		lines[0] = line;
		for (int i = 1; i < 4; i++)
			lines[i] = strtok_r(NULL, "\n", &save);
		CU_ASSERT_FATAL(lines[3] != NULL);
		CU_ASSERT_FATAL(sscanf(lines[0], "case %zu %63s %lu", &n, ratio_text, &seed) == 3);
		CU_ASSERT_FATAL(oc_parse_double(ratio_text, &ratio) == 0);
		CU_ASSERT_FATAL(strncmp(lines[1], "y ", 2) == 0 && strlen(lines[1] + 2) == n);
		ds = oc_dataset_new(n, 1);
		CU_ASSERT_PTR_NOT_NULL_FATAL(ds);
		ds->class_names[0] = strdup("0");
		ds->class_names[1] = strdup("1");
		for (size_t i = 0; i < n; i++)
			ds->y[i] = lines[1][2 + i] == '1';
		wtr = parse_list(lines[2], "train", &nwtr);
		wte = parse_list(lines[3], "test", &nwte);
		CU_ASSERT_PTR_NOT_NULL_FATAL(wtr);
		CU_ASSERT_PTR_NOT_NULL_FATAL(wte);
		oc_err_clear(&err);
		if (oc_split_stratified(ds, ratio, (uint32_t)seed, &tr, &ntr, &te, &nte, &err) != OC_OK ||
		    !same_indices(tr, ntr, wtr, nwtr) || !same_indices(te, nte, wte, nwte)) {
			fprintf(stderr, "split case %s differs %s\n", lines[0], err.msg);
			failed++;
		}
		cases++;
		free(tr);
		free(te);
		free(wtr);
		free(wte);
		oc_dataset_free(&ds);
		line = strtok_r(NULL, "\n", &save);
	}
	CU_ASSERT(cases >= 20);
	CU_ASSERT_EQUAL(failed, 0);
	free(text);
	free(path);
}

static int split_status(size_t n, size_t npos, double ratio)
{
	struct oc_dataset *ds = oc_dataset_new(n, 1);
	struct oc_err err;
	size_t *tr = NULL, *te = NULL, ntr, nte;
	int st;
	if (!ds)
		return -1;
	ds->class_names[0] = strdup("A");
	ds->class_names[1] = strdup("B");
	for (size_t i = 0; i < npos; i++)
		ds->y[i] = 1;
	oc_err_clear(&err);
	st = oc_split_stratified(ds, ratio, 1, &tr, &ntr, &te, &nte, &err);
	if (st == OC_OK && ntr + nte != n)
		st = -2;
	if (st != OC_OK && (tr || te || !err.msg[0]))
		st = -3;
	free(tr);
	free(te);
	oc_dataset_free(&ds);
	return st;
}

static void test_rejections(void)
{
	CU_ASSERT_EQUAL(split_status(10, 5, 0.2), OC_OK);
	CU_ASSERT_EQUAL(split_status(10, 1, 0.2), OC_EDATA);      /* a class of one row */
	CU_ASSERT_EQUAL(split_status(10, 0, 0.2), OC_EDATA);
	CU_ASSERT_EQUAL(split_status(10, 5, 0.0), OC_EDATA);
	CU_ASSERT_EQUAL(split_status(10, 5, 1.0), OC_EDATA);
	CU_ASSERT_EQUAL(split_status(10, 5, 0.05), OC_EDATA);     /* test part of 1 row */
	CU_ASSERT_EQUAL(split_status(10, 5, 0.95), OC_EDATA);     /* training part of 0 rows */
	CU_ASSERT_EQUAL(split_status(4, 2, 0.5), OC_OK);
}

static CU_TestInfo tests[] = {
	{ "curing default split = sklearn", test_curing },
	{ "wide default split = sklearn", test_wide },
	{ "balanced default split = sklearn", test_balanced },
	{ "27 assorted cases = sklearn", test_cases },
	{ "rejections", test_rejections },
	CU_TEST_INFO_NULL,
};

int main(void)
{
	return tu_run_suite("split", tests);
}
