/* SPDX-License-Identifier: MIT */
/* split.c - stratified train/test split, draw for draw as scikit-learn 1.2
 * (model_selection/_split.py: train_test_split, _validate_shuffle_split,
 * StratifiedShuffleSplit._iter_indices; utils/__init__.py:
 * _approximate_mode), with numpy's legacy RandomState (rng.h). */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "core/rng.h"
#include "data/split.h"

/* _approximate_mode: counts[k] / total * n_draws floored, the shortfall
 * given to the largest remainders; equal remainders are chosen among with
 * rng.choice(replace=False), i.e. a permutation of the tied classes. */
static void approximate_mode(const size_t *counts, size_t K, size_t n_draws, struct oc_rng *rng,
                             size_t *out)
{
	double cont[OC_MAX_CLASSES], rem[OC_MAX_CLASSES], fl_sum = 0.0, total;
	size_t isum = 0;
	long need;
	int done[OC_MAX_CLASSES] = { 0 };
	/* class_counts.sum() is an integer sum */
	for (size_t k = 0; k < K; k++)
		isum += counts[k];
	total = (double)isum;
	for (size_t k = 0; k < K; k++) {
		cont[k] = (double)counts[k] / total * (double)n_draws;
		out[k] = (size_t)floor(cont[k]);
		rem[k] = cont[k] - floor(cont[k]);
		fl_sum += floor(cont[k]);
	}
	need = (long)((double)n_draws - fl_sum);
	/* Distinct remainders in descending order. */
	while (need > 0) {
		double value = -1.0;
		size_t inds[OC_MAX_CLASSES], ninds = 0, add_now;
		size_t perm[OC_MAX_CLASSES];
		for (size_t k = 0; k < K; k++)
			if (!done[k] && rem[k] > value)
				value = rem[k];
		if (value < 0.0)
			break;
		for (size_t k = 0; k < K; k++) {
			if (!done[k] && rem[k] == value) {
				inds[ninds++] = k;
				done[k] = 1;
			}
		}
		add_now = ninds < (size_t)need ? ninds : (size_t)need;
		oc_rng_permutation(rng, perm, ninds);
		for (size_t i = 0; i < add_now; i++)
			out[inds[perm[i]]]++;
		need -= (long)add_now;
	}
}

/* StratifiedShuffleSplit's draws for a training part of ntr rows and a
 * test part of nte; what says is the size request, for messages. */
static int split_sizes(const struct oc_dataset *ds, size_t ntr, size_t nte, const char *what,
                       uint32_t seed, size_t **train, size_t *n_train, size_t **test,
                       size_t *n_test, struct oc_err *err)
{
	const size_t n = ds->n_rows;
	const size_t K = ds->n_classes;
	size_t counts[OC_MAX_CLASSES] = { 0 }, n_i[OC_MAX_CLASSES], t_i[OC_MAX_CLASSES];
	size_t remaining[OC_MAX_CLASSES] = { 0 }, fill[OC_MAX_CLASSES] = { 0 };
	size_t *cls[OC_MAX_CLASSES] = { NULL }, *perm = NULL, *tr = NULL, *te = NULL;
	size_t a = 0, b = 0;
	struct oc_rng rng;
	int st = OC_OK;

	if (ntr == 0)
		return oc_err_set(err, OC_EDATA,
		                  "with %zu row%s and %s the training part would be empty",
		                  n, n == 1 ? "" : "s", what);
	for (size_t i = 0; i < n; i++)
		counts[ds->y[i]]++;
	for (size_t k = 0; k < K; k++)
		if (counts[k] < 2)
			return oc_err_set(err, OC_EDATA,
			                  "class '%s' has %zu row%s: a stratified split needs at least 2",
			                  ds->class_names[k], counts[k], counts[k] == 1 ? "" : "s");
	if (ntr < K || nte < K)
		return oc_err_set(err, OC_EDATA,
		                  "with %zu rows and %s the %s part would have %zu row%s, "
		                  "fewer than the %zu classes", n, what,
		                  ntr < K ? "training" : "test", ntr < K ? ntr : nte,
		                  (ntr < K ? ntr : nte) == 1 ? "" : "s", K);

	for (size_t k = 0; k < K; k++)
		if (!(cls[k] = malloc(counts[k] * sizeof *cls[k])))
			goto nomem;
	if (!(perm = malloc(n * sizeof *perm)) ||
	    !(tr = malloc(ntr * sizeof *tr)) || !(te = malloc(nte * sizeof *te)))
		goto nomem;
	for (size_t i = 0; i < n; i++)
		cls[ds->y[i]][fill[ds->y[i]]++] = i;

	oc_rng_seed(&rng, seed);
	approximate_mode(counts, K, ntr, &rng, n_i);
	for (size_t k = 0; k < K; k++)
		remaining[k] = counts[k] - n_i[k];
	approximate_mode(remaining, K, nte, &rng, t_i);
	for (size_t k = 0; k < K; k++) {
		oc_rng_permutation(&rng, perm, counts[k]);
		for (size_t i = 0; i < n_i[k] && a < ntr; i++)
			tr[a++] = cls[k][perm[i]];
		for (size_t i = n_i[k]; i < n_i[k] + t_i[k] && i < counts[k] && b < nte; i++)
			te[b++] = cls[k][perm[i]];
	}
	if (a != ntr || b != nte) {
		st = oc_err_set(err, OC_EINTERNAL, "stratified split allocated %zu+%zu of %zu+%zu rows",
		                a, b, ntr, nte);
		goto done;
	}
	/* rng.permutation(train) shuffles a copy in place; then test. */
	oc_rng_shuffle(&rng, tr, ntr);
	oc_rng_shuffle(&rng, te, nte);

	*train = tr;
	*test = te;
	*n_train = ntr;
	*n_test = nte;
	tr = te = NULL;
	goto done;
nomem:
	st = oc_err_set(err, OC_EINTERNAL, "out of memory for a split of %zu rows", n);
done:
	for (size_t k = 0; k < K; k++)
		free(cls[k]);
	free(perm);
	free(tr);
	free(te);
	return st;
}

int oc_split_stratified(const struct oc_dataset *ds, double test_ratio, uint32_t seed,
                        size_t **train, size_t *n_train, size_t **test, size_t *n_test,
                        struct oc_err *err)
{
	char what[64];
	*train = *test = NULL;
	*n_train = *n_test = 0;
	if (!(test_ratio > 0.0 && test_ratio < 1.0))
		return oc_err_set(err, OC_EDATA, "test ratio %g is not between 0 and 1", test_ratio);
	/* _validate_shuffle_split: n_test = ceil(test_size * n) */
	size_t nte = (size_t)ceil(test_ratio * (double)ds->n_rows);
	snprintf(what, sizeof what, "test ratio %g", test_ratio);
	return split_sizes(ds, ds->n_rows - nte, nte, what, seed, train, n_train, test, n_test, err);
}

int oc_split_sample(const struct oc_dataset *ds, size_t n_keep, uint32_t seed, size_t **keep,
                    struct oc_err *err)
{
	char what[64];
	size_t *rest = NULL, n_k, n_rest;
	*keep = NULL;
	if (n_keep == 0 || n_keep >= ds->n_rows)
		return oc_err_set(err, OC_EINTERNAL, "sample of %zu rows out of %zu", n_keep, ds->n_rows);
	/* _validate_shuffle_split with an integer train_size: n_test = n - n_train */
	snprintf(what, sizeof what, "a sample of %zu", n_keep);
	int rc = split_sizes(ds, n_keep, ds->n_rows - n_keep, what, seed, keep, &n_k, &rest,
	                     &n_rest, err);
	free(rest);
	return rc;
}
