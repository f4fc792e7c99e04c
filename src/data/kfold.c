/* SPDX-License-Identifier: MIT */
/* kfold.c - StratifiedKFold, draw for draw as scikit-learn 1.2
 * (model_selection/_split.py: StratifiedKFold._make_test_folds,
 * _BaseKFold.split) with numpy's legacy RandomState (rng.h).
 *
 * Classes are encoded by first appearance; the per-fold allocation is the
 * round robin of the encoded labels sorted ascending (fold i takes sorted
 * positions i, i+K, ...); each class's rows, in row order, receive the
 * fold labels 0..K-1 repeated by that allocation, shuffled per class with
 * one generator when asked. */
#include "config.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "data/kfold.h"
#include "core/rng.h"

#define MAX_CLASSES (UCHAR_MAX + 1)

/* "'a' (3 rows), 'b' (5 rows)" into buf. */
static void name_classes(const struct oc_dataset *ds, const int *code_of, const size_t *count,
                         int n_classes, char *buf, size_t size)
{
	size_t used = 0;
	buf[0] = '\0';
	for (int c = 0; c < n_classes; c++) {
		int v;
		for (v = 0; v < MAX_CLASSES && code_of[v] != c; v++)
			;
		int w = snprintf(buf + used, size - used, "%s'%s' (%zu row%s)", c ? ", " : "",
		                 ds->class_names[v], count[c], count[c] == 1 ? "" : "s");
		if (w < 0 || (size_t)w >= size - used)
			return;
		used += (size_t)w;
	}
}

int oc_kfold_stratified(const struct oc_dataset *ds, size_t k, int shuffle, uint32_t seed,
                        unsigned *fold, char warning[OC_KFOLD_WARN_MAX], struct oc_err *err)
{
	const size_t n = ds->n_rows;
	int code_of[MAX_CLASSES], n_classes = 0;
	size_t *count = NULL, *alloc = NULL, *labels = NULL, *next = NULL, min_count, start;
	int all_above = 1, rc = OC_OK;
	struct oc_rng rng;

	warning[0] = '\0';
	if (k < 2)
		return oc_err_set(err, OC_EDATA, "cross-validation needs at least 2 folds, not %zu", k);
	if (k > n)
		return oc_err_set(err, OC_EDATA, "cannot make %zu folds of %zu training row%s", k, n,
		                  n == 1 ? "" : "s");
	for (int v = 0; v < MAX_CLASSES; v++)
		code_of[v] = -1;
	for (size_t i = 0; i < n; i++)
		if (code_of[ds->y[i]] < 0)
			code_of[ds->y[i]] = n_classes++;
	count = calloc((size_t)n_classes, sizeof *count);
	alloc = calloc(k * (size_t)n_classes, sizeof *alloc);
	labels = malloc(n * sizeof *labels);
	next = calloc((size_t)n_classes, sizeof *next);
	if (!count || !alloc || !labels || !next) {
		rc = oc_err_set(err, OC_EINTERNAL, "out of memory for %zu folds of %zu rows", k, n);
		goto out;
	}
	for (size_t i = 0; i < n; i++)
		count[code_of[ds->y[i]]]++;
	min_count = count[0];
	for (int c = 0; c < n_classes; c++) {
		if (count[c] < min_count)
			min_count = count[c];
		if (k <= count[c])
			all_above = 0;
	}
	if (all_above) {
		char names[512];
		name_classes(ds, code_of, count, n_classes, names, sizeof names);
		rc = oc_err_set(err, OC_EDATA, "%zu folds are more than the training rows of every "
		                "class: %s; use at most %zu folds", k, names, min_count);
		goto out;
	}
	if (k > min_count)
		snprintf(warning, OC_KFOLD_WARN_MAX, "The least populated class in y has only %zu "
		         "members, which is less than n_splits=%zu.", min_count, k);

	/* Round robin over the sorted codes: class c occupies sorted positions
	 * [start, start + count[c]); position p goes to fold p mod k. */
	start = 0;
	for (int c = 0; c < n_classes; c++) {
		for (size_t p = start; p < start + count[c]; p++)
			alloc[(p % k) * (size_t)n_classes + (size_t)c]++;
		start += count[c];
	}
	oc_rng_seed(&rng, seed);
	/* Fold labels of each class, laid out class after class in labels[]. */
	start = 0;
	for (int c = 0; c < n_classes; c++) {
		size_t m = start;
		for (size_t f = 0; f < k; f++)
			for (size_t r = 0; r < alloc[f * (size_t)n_classes + (size_t)c]; r++)
				labels[m++] = f;
		if (shuffle)
			oc_rng_shuffle(&rng, labels + start, count[c]);
		next[c] = start;
		start += count[c];
	}
	for (size_t i = 0; i < n; i++)
		fold[i] = (unsigned)labels[next[code_of[ds->y[i]]]++];
out:
	free(count);
	free(alloc);
	free(labels);
	free(next);
	return rc;
}

void oc_kfold_indices(const unsigned *fold, size_t n, unsigned f, size_t *train,
                      size_t *n_train, size_t *test, size_t *n_test)
{
	size_t a = 0, b = 0;
	for (size_t i = 0; i < n; i++) {
		if (fold[i] == f)
			test[b++] = i;
		else
			train[a++] = i;
	}
	*n_train = a;
	*n_test = b;
}
