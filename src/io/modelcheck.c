/* SPDX-License-Identifier: MIT */
/* modelcheck.c - a model file is read back before it replaces the old one
 * (see oc_bundle_verify in modelfile.h).
 *
 * The writer and the readers are separate code, and a value the writer
 * produces but a reader refuses (scikit-learn's importances can round to
 * -2.4e-17) would leave a model that --predict and the dashboard cannot
 * open.  So the text about to be renamed into place is parsed exactly as
 * they parse it, written again (it must give the same bytes), and every
 * loaded model must score the test rows exactly as the trained one does. */
#include "config.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "io/modelfile.h"

/* Rows of one thread's share of the check. */
struct score_job {
	const struct oc_trained *mine, *read;
	const struct oc_dataset *rows;
	size_t from, to;
	size_t first;           /* first row in [from, to) that differs, or to */
	pthread_t tid;
	int started;
};

/* Rows scored at once by one thread. */
#define CHUNK 256

/* Scores the job's rows with the loaded model, CHUNK at a time, through
 * the path evaluation took (oc_model_score_rows), and finds the first row
 * whose class or probabilities differ from the trained model's (its
 * evaluation's results where kept, else scored again). */
static void *score_run(void *arg)
{
	struct score_job *j = arg;
	const struct oc_trained *a = j->mine, *b = j->read;
	const size_t d = j->rows->n_features, K = a->ops->n_classes(a->state);
	/* CHUNK rows of two classes, fewer of more: the buffers stay small */
	const size_t rows = CHUNK * 2 / K > 0 ? CHUNK * 2 / K : 1;
	const int kept = a->test_pred && a->test_proba;
	int ca[CHUNK], cb[CHUNK];
	double pa[CHUNK * 2], pb[CHUNK * 2];
	for (size_t i = j->from; i < j->to; i += rows) {
		size_t n = j->to - i < rows ? j->to - i : rows;
		const double *x = j->rows->x + i * d;
		oc_model_score_rows(b->ops, b->state, x, n, cb, pb);
		if (kept) {
			for (size_t k = 0; k < n; k++)
				ca[k] = a->test_pred[i + k];
			memcpy(pa, a->test_proba + i * K, n * K * sizeof *pa);
		} else {
			oc_model_score_rows(a->ops, a->state, x, n, ca, pa);
		}
		for (size_t k = 0; k < n; k++)
			if (ca[k] != cb[k] || memcmp(pa + k * K, pb + k * K, K * sizeof *pa) != 0) {
				j->first = i + k;
				return NULL;
			}
	}
	j->first = j->to;
	return NULL;
}

/* Rows per thread below which the check is not split. */
#define ROWS_PER_JOB 256
#define MAX_JOBS 64

/* First row whose class or probabilities differ between mine and read, or
 * the number of rows; on up to n_jobs threads (the result is the same). */
static size_t first_difference(const struct oc_trained *mine, const struct oc_trained *read,
                               const struct oc_dataset *rows, int n_jobs)
{
	struct score_job job[MAX_JOBS];
	size_t n = rows->n_rows, k, nj = n_jobs > 1 ? (size_t)n_jobs : 1, first = n;
	if (nj > MAX_JOBS)
		nj = MAX_JOBS;
	if (nj > n / ROWS_PER_JOB + 1)
		nj = n / ROWS_PER_JOB + 1;
	for (k = 0; k < nj; k++) {
		job[k].mine = mine;
		job[k].read = read;
		job[k].rows = rows;
		job[k].from = n * k / nj;
		job[k].to = n * (k + 1) / nj;
		job[k].started = k > 0 && pthread_create(&job[k].tid, NULL, score_run, &job[k]) == 0;
	}
	for (k = 0; k < nj; k++) {
		if (job[k].started)
			pthread_join(job[k].tid, NULL);
		else
			score_run(&job[k]);
		if (job[k].first < job[k].to && job[k].first < first)
			first = job[k].first;
	}
	return first;
}

/* 1 when the two importance vectors (where the model has them) differ. */
static int importances_differ(const struct oc_trained *a, const struct oc_trained *b,
                              size_t n_features, struct oc_err *err, int *failed)
{
	double *ia, *ib;
	int differ;
	if (!a->ops->importances)
		return 0;
	ia = malloc(n_features * sizeof *ia);
	ib = malloc(n_features * sizeof *ib);
	if (!ia || !ib) {
		free(ia);
		free(ib);
		*failed = oc_err_set(err, OC_EINTERNAL, "out of memory");
		return 0;
	}
	{
		int ha = a->ops->importances(a->state, ia), hb = b->ops->importances(b->state, ib);
		differ = ha != hb || (ha && memcmp(ia, ib, n_features * sizeof *ia) != 0);
	}
	free(ia);
	free(ib);
	return differ;
}

int oc_bundle_verify(const struct oc_bundle *b, const char *name, const char *text, size_t len,
                     const struct oc_dataset *rows, int n_jobs, struct oc_err *err)
{
	struct oc_bundle *back = NULL;
	struct oc_mwriter w;
	char *copy = malloc(len + 1);
	int rc;
	if (!copy)
		return oc_err_set(err, OC_EINTERNAL, "out of memory");
	memcpy(copy, text, len);
	copy[len] = '\0';
	rc = oc_bundle_parse(name, copy, len, &back, err);
	free(copy);
	if (rc) {
		char why[512];
		snprintf(why, sizeof why, "%.500s", err ? err->msg : "");
		return oc_err_set(err, OC_EINTERNAL, "the new model file would not load back (%s); "
		                  "nothing was replaced", why);
	}
	oc_mw_init(&w);
	rc = oc_bundle_format(back, &w, err);
	if (!rc && (w.len != len || memcmp(w.buf, text, len) != 0))
		rc = oc_err_set(err, OC_EINTERNAL, "%s: the model file read back does not write the "
		                "same bytes again; nothing was replaced", name);
	oc_mw_free(&w);
	if (!rc && back->n_models != b->n_models)
		rc = oc_err_set(err, OC_EINTERNAL, "%s: %zu models read back, %zu trained; nothing "
		                "was replaced", name, back->n_models, b->n_models);
	for (size_t k = 0; !rc && k < b->n_models; k++) {
		const struct oc_trained *mine = &b->models[k], *read = &back->models[k];
		size_t i;
		int failed = 0;
		if (read->ops != mine->ops)
			rc = oc_err_set(err, OC_EINTERNAL, "%s: model %zu read back as '%s', not '%s'; "
			                "nothing was replaced", name, k + 1, read->ops->key,
			                mine->ops->key);
		else if ((i = first_difference(mine, read, rows, n_jobs)) < rows->n_rows)
			rc = oc_err_set(err, OC_EINTERNAL, "%s: model '%s' read back scores test row %zu "
			                "differently from the trained one; nothing was replaced", name,
			                mine->ops->key, i + 1);
		else if (importances_differ(mine, read, b->n_features, err, &failed))
			rc = oc_err_set(err, OC_EINTERNAL, "%s: model '%s' read back has other feature "
			                "importances than the trained one; nothing was replaced", name,
			                mine->ops->key);
		else if (failed)
			rc = failed;
	}
	oc_bundle_free(&back);
	return rc;
}
