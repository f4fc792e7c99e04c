/* SPDX-License-Identifier: MIT */
/* cv.c - cross_validate / GridSearchCV scoring on a thread pool.
 *
 * Every (spec, fold) pair is one task: the rows outside the fold, in
 * ascending order (_BaseKFold.split yields indices[~test_mask]), are
 * copied into a data set and fitted with one thread; the fold's rows are
 * scored.  Workers take tasks in order from a shared counter and write each
 * result into its own slot, so the order in which threads finish never
 * reaches a result.  The calling thread waits and reports progress. */
#include "config.h"

#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "ml/cv.h"
#include "data/kfold.h"
#include "ml/metrics.h"
#include "core/npsum.h"
#include "core/numfmt.h"

struct pool {
	const struct oc_dataset *ds;
	const unsigned *fold;
	size_t k, n_tasks;
	const struct oc_cv_spec *specs;
	const atomic_int *cancel;
	long cache_mb;                  /* SVM cache of each fit: the budget shared */
	struct oc_cv_scores *scores;
	pthread_mutex_t mu;
	pthread_cond_t done_cv;
	size_t next, done;
	int failed;                     /* first failure stops handing out tasks */
	size_t failed_task;
	struct oc_err err;
};

static int is_cancelled(const struct pool *p)
{
	return p->cancel && *p->cancel;
}

/* Every class present in the rows (counts of K classes)? */
static int has_every_class(const struct oc_dataset *ds)
{
	size_t counts[OC_MAX_CLASSES];
	oc_dataset_class_counts(ds, counts);
	for (size_t k = 0; k < ds->n_classes; k++)
		if (!counts[k])
			return 0;
	return 1;
}

/* The test rows' scores as the batch metrics compute them (weighted
 * precision and recall, AUC of class 1 or one-vs-rest for K > 2), with NaN
 * for what a fold without every class leaves undefined. */
static int score_fold(const struct oc_model_ops *ops, const void *m,
                      const struct oc_dataset *test, struct oc_cv_scores *out,
                      struct oc_err *err)
{
	size_t n = test->n_rows, K = test->n_classes, correct = 0;
	int *cls = malloc(n * sizeof *cls);
	double *proba = malloc(K * n * sizeof *proba);
	unsigned char *pred = malloc(n);
	int rc = OC_OK;
	if (!cls || !proba || !pred) {
		rc = oc_err_set(err, OC_EINTERNAL, "out of memory scoring %zu rows", n);
		goto out;
	}
	oc_model_score_rows(ops, m, test->x, n, cls, proba);
	for (size_t i = 0; i < n; i++) {
		pred[i] = (unsigned char)cls[i];
		correct += pred[i] == test->y[i];
	}
	if (!has_every_class(test)) {
		/* accuracy_score: np.average of the matches */
		out->accuracy = (double)correct / (double)n;
		out->precision = out->recall = out->auc = (double)NAN;
	} else {
		struct oc_metrics mt = { 0 };
		if ((rc = oc_metrics_compute(test->y, pred, proba, n, K, &mt, err)))
			goto out;
		out->accuracy = mt.accuracy;
		out->precision = mt.precision;
		out->recall = mt.recall;
		out->auc = mt.auc;
		oc_metrics_free(&mt);
	}
out:
	free(cls);
	free(proba);
	free(pred);
	return rc;
}

static int run_task(struct pool *p, size_t t, struct oc_err *err)
{
	const struct oc_cv_spec *spec = &p->specs[t / p->k];
	const unsigned f = (unsigned)(t % p->k);
	const size_t n = p->ds->n_rows;
	size_t *tr = malloc(n * sizeof *tr), *te = malloc(n * sizeof *te), ntr, nte;
	struct oc_dataset *train = NULL, *test = NULL;
	struct oc_model_params params = spec->params;
	/* one thread per fit; the file-size stop is the final fit's */
	const struct oc_fit_ctx ctx = { 1, p->cancel, 0 };
	struct oc_cv_scores *out = &p->scores[t];
	void *m = NULL;
	int rc = OC_OK;

	if (!tr || !te) {
		rc = oc_err_set(err, OC_EINTERNAL, "out of memory for fold %u", f + 1);
		goto out;
	}
	oc_kfold_indices(p->fold, n, f, tr, &ntr, te, &nte);
	train = oc_dataset_subset(p->ds, tr, ntr);
	test = oc_dataset_subset(p->ds, te, nte);
	if (!train || !test) {
		rc = oc_err_set(err, OC_EINTERNAL, "out of memory for fold %u", f + 1);
		goto out;
	}
	if (!has_every_class(train)) {
		out->accuracy = out->precision = out->recall = out->auc = (double)NAN;
		goto out;
	}
	params.svm_cache_mb = p->cache_mb;
	if (!(m = oc_model_fit(spec->ops, train, &params, &ctx, err))) {
		if (err && !err->status)
			oc_err_set(err, OC_EINTERNAL, "%s: fit failed", spec->ops->key);
		rc = err ? err->status : OC_EINTERNAL;
		goto out;
	}
	rc = score_fold(spec->ops, m, test, out, err);
out:
	if (m)
		spec->ops->free(m);
	oc_dataset_free(&train);
	oc_dataset_free(&test);
	free(tr);
	free(te);
	return rc;
}

static void *worker(void *arg)
{
	struct pool *p = arg;
	for (;;) {
		struct oc_err err;
		size_t t;
		int rc;
		pthread_mutex_lock(&p->mu);
		if (p->failed || p->next == p->n_tasks || is_cancelled(p)) {
			/* the caller may be waiting for this: a cancel that came
			 * while no task ran changes no count it would wake on */
			pthread_cond_signal(&p->done_cv);
			pthread_mutex_unlock(&p->mu);
			return NULL;
		}
		t = p->next++;
		pthread_mutex_unlock(&p->mu);
		oc_err_clear(&err);
		rc = run_task(p, t, &err);
		pthread_mutex_lock(&p->mu);
		/* the failure of the earliest task is the one reported, whatever
		 * thread met it first */
		if (rc && (!p->failed || t < p->failed_task)) {
			p->failed = rc;
			p->failed_task = t;
			p->err = err;
		}
		p->done++;
		pthread_cond_signal(&p->done_cv);
		pthread_mutex_unlock(&p->mu);
	}
}

int oc_cv_run(const struct oc_dataset *ds, const unsigned *fold, size_t k,
              const struct oc_cv_spec *specs, size_t n_specs, int n_jobs,
              const atomic_int *cancel, oc_cv_tick_fn tick, void *ctx,
              struct oc_cv_scores *scores, struct oc_err *err)
{
	struct pool p;
	pthread_t *th;
	size_t n_threads, started = 0, reported = 0;
	long cache_mb = 0;
	int rc;

	memset(&p, 0, sizeof p);
	p.ds = ds;
	p.fold = fold;
	p.k = k;
	p.n_tasks = k * n_specs;
	p.specs = specs;
	p.cancel = cancel;
	p.scores = scores;
	if (p.n_tasks == 0)
		return OC_OK;
	n_threads = n_jobs < 1 ? 1 : (size_t)n_jobs;
	if (n_threads > p.n_tasks)
		n_threads = p.n_tasks;
	for (size_t s = 0; s < n_specs; s++)
		if (specs[s].params.svm_cache_mb > cache_mb)
			cache_mb = specs[s].params.svm_cache_mb;
	/* the SVM cache budget is shared by the fits that run at once; it
	 * changes speed only */
	p.cache_mb = cache_mb / (long)n_threads > 0 ? cache_mb / (long)n_threads : 1;
	th = malloc(n_threads * sizeof *th);
	if (!th)
		return oc_err_set(err, OC_EINTERNAL, "out of memory");
	pthread_mutex_init(&p.mu, NULL);
	pthread_cond_init(&p.done_cv, NULL);
	for (size_t i = 0; i < n_threads; i++)
		if (pthread_create(&th[i], NULL, worker, &p) == 0)
			started++;
	if (!started) {
		worker(&p);     /* no thread to be had: the calling thread runs all */
	} else {
		pthread_mutex_lock(&p.mu);
		for (;;) {
			int finished = p.done == p.n_tasks ||
			               ((p.failed || is_cancelled(&p)) && p.done == p.next);
			if (tick && p.done > reported) {
				size_t d = p.done;
				reported = d;
				pthread_mutex_unlock(&p.mu);
				tick(ctx, d, p.n_tasks);
				pthread_mutex_lock(&p.mu);
				continue;
			}
			if (finished)
				break;
			pthread_cond_wait(&p.done_cv, &p.mu);
		}
		pthread_mutex_unlock(&p.mu);
	}
	for (size_t i = 0; i < started; i++)
		pthread_join(th[i], NULL);
	free(th);
	pthread_mutex_destroy(&p.mu);
	pthread_cond_destroy(&p.done_cv);
	if (is_cancelled(&p))
		return oc_err_set(err, OC_ECANCELED, "interrupted; previous artifacts left unchanged");
	if (p.failed) {
		rc = p.failed;
		if (err)
			*err = p.err;
		return rc;
	}
	if (!started && tick)
		tick(ctx, p.n_tasks, p.n_tasks);
	return OC_OK;
}

/* np.mean and np.std(ddof=0) of k values. */
static void mean_std(const double *v, size_t k, double *mean, double *std)
{
	double d[OC_CV_MAX_FOLDS], m;
	size_t n = k < OC_CV_MAX_FOLDS ? k : OC_CV_MAX_FOLDS;
	m = oc_npsum(v, n) / (double)n;
	for (size_t i = 0; i < n; i++) {
		double t = v[i] - m;
		d[i] = t * t;
	}
	*mean = m;
	*std = sqrt(oc_npsum(d, n) / (double)n);
}

void oc_cv_summary(const struct oc_cv_scores *fs, size_t k, struct oc_cv_scores *mean,
                   struct oc_cv_scores *std)
{
	double v[4][OC_CV_MAX_FOLDS];
	size_t n = k < OC_CV_MAX_FOLDS ? k : OC_CV_MAX_FOLDS;
	for (size_t f = 0; f < n; f++) {
		v[0][f] = fs[f].accuracy;
		v[1][f] = fs[f].precision;
		v[2][f] = fs[f].recall;
		v[3][f] = fs[f].auc;
	}
	mean_std(v[0], n, &mean->accuracy, &std->accuracy);
	mean_std(v[1], n, &mean->precision, &std->precision);
	mean_std(v[2], n, &mean->recall, &std->recall);
	mean_std(v[3], n, &mean->auc, &std->auc);
}

void oc_cv_report_free(struct oc_cv_report **rp)
{
	struct oc_cv_report *r;
	if (!rp || !*rp)
		return;
	r = *rp;
	for (size_t m = 0; m < r->n_models; m++) {
		struct oc_cv_model *cm = &r->models[m];
		if (cm->params)
			for (size_t c = 0; c < cm->n_candidates; c++)
				free(cm->params[c]);
		free(cm->params);
		free(cm->folds);
	}
	free(r);
	*rp = NULL;
}

/* A score as the CSV holds it: shortest round trip, NaN as pandas writes
 * it (an empty field). */
static void fmt_score(double v, char *buf, size_t size)
{
	if (isnan(v))
		buf[0] = '\0';
	else
		oc_fmt_repr(v, buf, size);
}

int oc_cv_write_csv(FILE *f, const struct oc_cv_report *r)
{
	char num[4][40];
	if (fputs("Model,Candidate,Fold,Accuracy,Precision,Recall,AUC,Params\n", f) == EOF)
		return EOF;
	for (size_t m = 0; m < r->n_models; m++) {
		const struct oc_cv_model *cm = &r->models[m];
		if (!cm->folds)
			continue;
		for (size_t c = 0; c < cm->n_candidates; c++)
			for (size_t k = 0; k < r->n_folds; k++) {
				const struct oc_cv_scores *s = &cm->folds[c * r->n_folds + k];
				fmt_score(s->accuracy, num[0], sizeof num[0]);
				fmt_score(s->precision, num[1], sizeof num[1]);
				fmt_score(s->recall, num[2], sizeof num[2]);
				fmt_score(s->auc, num[3], sizeof num[3]);
				if (fprintf(f, "%s,%zu,%zu,%s,%s,%s,%s,%s\n",
				            oc_model_registry[cm->model]->key, c, k, num[0], num[1], num[2],
				            num[3], cm->params[c]) < 0)
					return EOF;
			}
	}
	return ferror(f) ? EOF : 0;
}
