/* SPDX-License-Identifier: MIT */
/* pipeline.c - the MLOps loop of the original train.py, without a terminal:
 * load (or generate) -> stratified split -> fit each enabled model in the
 * order lr, rf, gb, svm -> test metrics -> best by accuracy (the first of
 * equals, as the original's strict '>') -> artifacts.
 *
 * Artifacts are prepared completely in memory and as temporaries before any
 * of them is committed, and the commits run with the termination signals
 * blocked, so a failed or interrupted run leaves the previous set as it was.
 * Nothing that depends on timing or thread count reaches an artifact. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <math.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "io/artset.h"
#include "io/atomicio.h"
#include "data/csvread.h"
#include "data/csvwrite.h"
#include "data/curing.h"
#include "pipeline/gen.h"
#include "core/hash.h"
#include "core/memlimit.h"
#include "ml/metrics.h"
#include "core/numfmt.h"
#include "pipeline/pipeline.h"
#include "ml/search.h"
#include "data/split.h"

static const char *const stage_names[OC_STAGE_COUNT] = {
	"load", "split", "cv", "train", "evaluate", "select", "write",
};
_Static_assert(sizeof stage_names / sizeof stage_names[0] == OC_STAGE_COUNT, "stage names");

const char *oc_stage_name(enum oc_stage s)
{
	return (unsigned)s < OC_STAGE_COUNT ? stage_names[s] : "?";
}

/* Relative cost of the steps, for the progress fraction. */
#define W_LOAD 1.0
#define W_SPLIT 0.5
#define W_FIT 6.0
#define W_EVAL 1.0
#define W_WRITE 1.0

/* A deferred run's data, kept until oc_pipeline_commit() or oc_run_free(). */
struct oc_run_pending {
	struct oc_gen_text gen;
	char sha[65];
	struct oc_dataset *test;        /* the test rows, for the model's read-back check */
};

struct pstate {
	const struct oc_config *cfg;
	const struct oc_pipeline_hooks *hooks;
	struct oc_fit_ctx fit;          /* n_jobs resolved, and the cancel flag */
	struct oc_model_params params;  /* cfg->model, then a grid search's choices */
	double done, total;
	struct oc_gen_text gen;         /* synthetic data as written, rendered once */
	double cv_fit_weight;           /* progress weight of one cross-validation fit */
	double cv_done0;                /* ps->done when the cross-validation began */
};

static void progress(struct pstate *ps, enum oc_stage stage, const char *model)
{
	if (ps->hooks && ps->hooks->progress)
		ps->hooks->progress(ps->hooks->ctx, stage, model,
		                    ps->total > 0 ? ps->done / ps->total : 0.0);
}

static int cancelled(const struct pstate *ps, struct oc_err *err)
{
	if (ps->hooks && ps->hooks->cancel && *ps->hooks->cancel)
		return oc_err_set(err, OC_ECANCELED, "interrupted; previous artifacts left unchanged");
	return OC_OK;
}

static double now_seconds(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* --- Loading --- */

/* Copy of test with the columns of train, in train's order (extra columns
 * dropped) and the same class names. */
static int align_test(const struct oc_dataset *train, const struct oc_dataset *test,
                      const char *path, struct oc_dataset **out, struct oc_err *err)
{
	struct oc_dataset *t;
	size_t *map;
	int failed = 0;
	if (test->n_classes != train->n_classes)
		return oc_err_set(err, OC_EDATA, "%s: %zu classes, the training data %zu", path,
		                  test->n_classes, train->n_classes);
	for (size_t c = 0; c < train->n_classes; c++)
		if (strcmp(train->class_names[c], test->class_names[c]) != 0)
			return oc_err_set(err, OC_EDATA, "%s: class %zu is '%s', the training data's is "
			                  "'%s'", path, c + 1, test->class_names[c], train->class_names[c]);
	map = malloc(train->n_features * sizeof *map);
	if (!map)
		return oc_err_set(err, OC_EINTERNAL, "out of memory");
	for (size_t j = 0; j < train->n_features; j++) {
		size_t k;
		for (k = 0; k < test->n_features; k++)
			if (strcmp(test->feature_names[k], train->feature_names[j]) == 0)
				break;
		if (k == test->n_features) {
			free(map);
			return oc_err_set(err, OC_EDATA, "%s:1: missing column '%s' (the training data "
			                  "has it)", path, train->feature_names[j]);
		}
		map[j] = k;
	}
	t = oc_dataset_new(test->n_rows, train->n_features);
	if (!t) {
		free(map);
		return oc_err_set(err, OC_EINTERNAL, "out of memory");
	}
	for (size_t j = 0; j < train->n_features; j++)
		if (!(t->feature_names[j] = strdup(train->feature_names[j])))
			failed = 1;
	t->label_name = strdup(test->label_name);
	t->n_classes = test->n_classes;
	for (size_t c = 0; c < test->n_classes; c++)
		if (!(t->class_names[c] = strdup(test->class_names[c])))
			failed = 1;
	if (failed || !t->label_name) {
		free(map);
		oc_dataset_free(&t);
		return oc_err_set(err, OC_EINTERNAL, "out of memory");
	}
	for (size_t i = 0; i < test->n_rows; i++) {
		const double *src = oc_dataset_row(test, i);
		double *dst = t->x + i * t->n_features;
		for (size_t j = 0; j < t->n_features; j++)
			dst[j] = src[map[j]];
		t->y[i] = test->y[i];
	}
	free(map);
	oc_dataset_update_ranges(t);
	*out = t;
	return OC_OK;
}

/* --- Bundle header --- */

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

static int fill_features(struct oc_bundle *b, const struct oc_dataset *train, struct oc_err *err)
{
	double *col = malloc((train->n_rows ? train->n_rows : 1) * sizeof *col);
	if (!col)
		return oc_err_set(err, OC_EINTERNAL, "out of memory");
	b->features = calloc(train->n_features, sizeof *b->features);
	if (!b->features) {
		free(col);
		return oc_err_set(err, OC_EINTERNAL, "out of memory");
	}
	b->n_features = train->n_features;
	for (size_t j = 0; j < train->n_features; j++) {
		struct oc_feature_info *f = &b->features[j];
		const struct oc_curing_column *c = oc_curing_find(train->feature_names[j]);
		const char *unit = "";
		size_t n = train->n_rows;
		/* a curing column gets its slider from the schema; any other
		 * column the training data's range and median */
		if (c) {
			unit = c->unit;
			f->lo = c->lo;
			f->hi = c->hi;
			f->def = c->def;
		} else {
			for (size_t i = 0; i < n; i++)
				col[i] = train->x[i * train->n_features + j];
			qsort(col, n, sizeof *col, cmp_double);
			f->lo = col[0];
			f->hi = col[n - 1];
			f->def = (col[(n - 1) / 2] + col[n / 2]) / 2.0;
		}
		f->name = strdup(train->feature_names[j]);
		f->unit = strdup(unit);
		if (!f->name || !f->unit) {
			free(col);
			return oc_err_set(err, OC_EINTERNAL, "out of memory");
		}
	}
	free(col);
	return OC_OK;
}

static int start_bundle(struct oc_bundle **out, const struct oc_config *cfg,
                        const struct oc_dataset *train, const struct oc_dataset *test,
                        const char sha[65], struct oc_err *err)
{
	struct oc_bundle *b = calloc(1, sizeof *b);
	int rc;
	*out = b;
	if (!b)
		return oc_err_set(err, OC_EINTERNAL, "out of memory");
	b->producer = strdup(PACKAGE " " PACKAGE_VERSION);
	b->label_name = strdup(train->label_name);
	b->n_classes = train->n_classes;
	for (size_t c = 0; c < train->n_classes; c++)
		if (!(b->class_names[c] = strdup(train->class_names[c])))
			return oc_err_set(err, OC_EINTERNAL, "out of memory");
	b->class_type = train->class_type;
	if (!b->producer || !b->label_name)
		return oc_err_set(err, OC_EINTERNAL, "out of memory");
	if ((rc = fill_features(b, train, err)))
		return rc;
	b->params = cfg->model;
	b->np_kernel = oc_np_kernel_for(cfg->model.numpy_simd);
	b->test_ratio = cfg->test_ratio;
	b->select_by = cfg->select_by;
	b->split_seed = cfg->split_seed;
	b->test_file = cfg->test_data[0] != '\0';
	memcpy(b->data_sha256, sha, 65);
	b->n_train = train->n_rows;
	b->n_test = test->n_rows;
	/* what the training rows looked like (drift checks, explanations);
	 * the SVC's explanation background is drawn with the SVC's seed */
	b->profile = oc_profile_compute(train, (uint32_t)cfg->model.svm_seed, err);
	return b->profile ? OC_OK : err->status;
}

/* --- Training and evaluation --- */

/* Scores the test rows in one call (the path --predict and the dashboard
 * take), computes the metrics and keeps the classes and probabilities in
 * t (for oc_bundle_verify). */
static int evaluate(struct oc_trained *t, const struct oc_dataset *test, struct oc_err *err)
{
	const size_t n = test->n_rows ? test->n_rows : 1, K = t->ops->n_classes(t->state);
	unsigned char *pred = malloc(n);
	int *cls = malloc(n * sizeof *cls);
	double *proba = malloc(n * K * sizeof *proba);
	double t0;
	int rc = OC_OK;
	if (!pred || !cls || !proba) {
		free(pred);
		free(proba);
		pred = NULL;
		proba = NULL;
		rc = oc_err_set(err, OC_EINTERNAL, "out of memory");
		goto out;
	}
	t0 = now_seconds();
	oc_model_score_rows(t->ops, t->state, test->x, test->n_rows, cls, proba);
	t->predict_seconds = now_seconds() - t0;
	for (size_t i = 0; i < test->n_rows; i++)
		pred[i] = (unsigned char)cls[i];
	rc = oc_metrics_compute(test->y, pred, proba, test->n_rows, K, &t->metrics, err);
	t->test_pred = pred;
	t->test_proba = proba;
out:
	free(cls);
	return rc;
}

/* What model i of b is chosen by: its test accuracy (the original), or the
 * mean over the folds of its chosen candidate's accuracy or AUC; an
 * undefined mean never wins. */
static double selection_score(const struct oc_bundle *b, size_t i, enum oc_select_by by)
{
	double v;
	switch (by) {
	case OC_SELECT_CV_ACCURACY:
		v = b->cv->models[i].mean.accuracy;
		break;
	case OC_SELECT_CV_AUC:
		v = b->cv->models[i].mean.auc;
		break;
	case OC_SELECT_TEST_ACCURACY:
	default:
		v = b->models[i].metrics.accuracy;
		break;
	}
	return isnan(v) ? -HUGE_VAL : v;
}

/* One model's fit, run on its own thread when the models go side by side. */
struct fit_job {
	const struct oc_model_ops *ops;
	const struct oc_dataset *train;
	const struct oc_model_params *params;
	const struct oc_fit_ctx *ctx;
	void *state;
	double seconds;
	struct oc_err err;
	pthread_t tid;
	int threaded;
};

static void *fit_run(void *arg)
{
	struct fit_job *j = arg;
	double t0 = now_seconds();
	oc_err_clear(&j->err);
	j->state = oc_model_fit(j->ops, j->train, j->params, j->ctx, &j->err);
	j->seconds = now_seconds() - t0;
	return NULL;
}

/* Training sets up to this many values (rows x features) fit the models
 * that use one core (ops->fits_beside: two-class gradient boosting,
 * sequential by nature) side by side with the others, which take the
 * threads in turn.  Small fits are short, so this shortens the run; above
 * it each model gets every thread to itself, which keeps each fit as fast
 * as it can be and only one SVM kernel cache in memory.  Never changes a
 * result. */
#define SIDE_BY_SIDE_MAX_VALUES 250000

/* Model k into t: fitted on this thread, or joined from its thread beside
 * (beside), then evaluated on the test rows. */
static int fit_one(struct pstate *ps, struct oc_trained *t, int k, struct fit_job *beside,
                   const struct oc_dataset *train, const struct oc_dataset *test,
                   struct oc_err *err)
{
	const struct oc_model_ops *ops = oc_model_registry[k];
	struct fit_job job;
	int rc;

	progress(ps, OC_STAGE_TRAIN, ops->key);
	if (beside) {
		pthread_join(beside->tid, NULL);
		beside->threaded = 0;
		job = *beside;
	} else {
		memset(&job, 0, sizeof job);
		job.ops = ops;
		job.train = train;
		job.params = &ps->params;
		job.ctx = &ps->fit;
		fit_run(&job);
	}
	t->state = job.state;
	t->fit_seconds = job.seconds;
	if (!t->state) {
		if ((rc = cancelled(ps, err)))
			return rc;
		if (job.err.status) {
			if (err)
				*err = job.err;
			return job.err.status;
		}
		return oc_err_set(err, OC_EINTERNAL, "%s: fit failed", ops->key);
	}
	t->ops = ops;
	if ((rc = cancelled(ps, err)))
		return rc;
	ps->done += W_FIT;
	progress(ps, OC_STAGE_EVALUATE, ops->key);
	if ((rc = evaluate(t, test, err)))
		return rc;
	ps->done += W_EVAL;
	return cancelled(ps, err);
}

static int train_all(struct pstate *ps, struct oc_bundle *b, const struct oc_dataset *train,
                     const struct oc_dataset *test, struct oc_err *err)
{
	const struct oc_config *cfg = ps->cfg;
	const int side_by_side = ps->fit.n_jobs >= 2 &&
	                         train->n_rows * train->n_features <= SIDE_BY_SIDE_MAX_VALUES;
	struct fit_job beside[OC_MODEL_COUNT];
	int is_beside[OC_MODEL_COUNT] = { 0 };
	size_t pos[OC_MODEL_COUNT], n = 0;
	int rc = OC_OK;

	memset(beside, 0, sizeof beside);
	for (int k = 0; k < OC_MODEL_COUNT; k++) {
		pos[k] = n;
		if (!cfg->enabled[k])
			continue;
		n++;
		if (side_by_side && oc_model_registry[k]->fits_beside &&
		    oc_model_registry[k]->fits_beside(train)) {
			beside[k].ops = oc_model_registry[k];
			beside[k].train = train;
			beside[k].params = &ps->params;
			beside[k].ctx = &ps->fit;
			beside[k].threaded = pthread_create(&beside[k].tid, NULL, fit_run, &beside[k]) == 0;
			is_beside[k] = beside[k].threaded;
		}
	}
	/* The models fitted here first, those beside after (joined): this
	 * thread never waits while it has a model to fit.  Each keeps its
	 * place in the bundle (the registry's order), so the order of the
	 * fits changes no artifact. */
	for (int pass = 0; pass < 2 && !rc; pass++)
		for (int k = 0; k < OC_MODEL_COUNT && !rc; k++)
			if (cfg->enabled[k] && is_beside[k] == pass)
				rc = fit_one(ps, &b->models[pos[k]], k,
				             is_beside[k] ? &beside[k] : NULL, train, test, err);
	for (int k = 0; k < OC_MODEL_COUNT; k++)
		if (beside[k].threaded) {
			/* a model before it failed: wait for it, then drop what it made */
			pthread_join(beside[k].tid, NULL);
			if (beside[k].state)
				beside[k].ops->free(beside[k].state);
		}
	/* every slot is freed by oc_bundle_free, filled or not */
	b->n_models = n;
	if (rc)
		return rc;
	progress(ps, OC_STAGE_SELECT, NULL);
	b->best = 0;
	for (size_t i = 1; i < b->n_models; i++)
		if (selection_score(b, i, cfg->select_by) > selection_score(b, (size_t)b->best,
		                                                              cfg->select_by))
			b->best = (int)i;
	return OC_OK;
}

/* --- Cross-validation --- */

struct cv_tick {
	struct pstate *ps;
	char text[64];
};

static void cv_tick(void *ctx, size_t done, size_t total)
{
	struct cv_tick *t = ctx;
	snprintf(t->text, sizeof t->text, "%zu/%zu fits (%ld folds x %zu candidates)", done, total,
	         t->ps->cfg->cv_folds, total / (size_t)t->ps->cfg->cv_folds);
	t->ps->done = t->ps->cv_done0 + (double)done * t->ps->cv_fit_weight;
	progress(t->ps, OC_STAGE_CV, t->text);
}

/* Cross-validates every enabled model on the training rows, searching the
 * grids; the chosen values become the settings of the final fits. */
static int cross_validate(struct pstate *ps, struct oc_bundle *b, const struct oc_dataset *train,
                          struct oc_err *err)
{
	const struct oc_config *cfg = ps->cfg;
	struct oc_search_spec spec;
	struct cv_tick tick;
	int rc;
	memset(&spec, 0, sizeof spec);
	spec.folds = (size_t)cfg->cv_folds;
	spec.shuffle = cfg->cv_shuffle;
	spec.seed = (uint32_t)cfg->cv_seed;
	spec.enabled = cfg->enabled;
	spec.grid = &cfg->grid;
	spec.set = oc_config_set_model_key;
	spec.n_jobs = ps->fit.n_jobs;
	spec.cancel = ps->fit.cancel;
	spec.tick = cv_tick;
	spec.ctx = &tick;
	tick.ps = ps;
	ps->cv_done0 = ps->done;
	cv_tick(&tick, 0, oc_search_fits(&spec));
	rc = oc_search_run(&spec, train, &ps->params, &b->cv, err);
	if (rc == OC_EDATA && err) {
		char why[OC_ERR_MAX];
		memcpy(why, err->msg, sizeof why);
		oc_err_set(err, rc, "[cv] folds = %ld: %s", cfg->cv_folds, why);
	}
	if (rc)
		return rc;
	/* the model file records the chosen settings */
	b->params = ps->params;
	return OC_OK;
}

/* --- Artifacts --- */

int oc_pipeline_write_metrics(FILE *f, const struct oc_bundle *b)
{
	char num[4][40];
	if (fputs("Model,Accuracy,Precision,Recall,AUC\n", f) == EOF)
		return EOF;
	for (size_t i = 0; i < b->n_models; i++) {
		const struct oc_metrics *m = &b->models[i].metrics;
		oc_fmt_repr(m->accuracy, num[0], sizeof num[0]);
		oc_fmt_repr(m->precision, num[1], sizeof num[1]);
		oc_fmt_repr(m->recall, num[2], sizeof num[2]);
		oc_fmt_repr(m->auc, num[3], sizeof num[3]);
		if (fprintf(f, "%s,%s,%s,%s,%s\n", b->models[i].ops->key, num[0], num[1], num[2],
		            num[3]) < 0)
			return EOF;
	}
	return ferror(f) ? EOF : 0;
}

static int add_path(struct oc_run *run, const char *path, struct oc_err *err)
{
	size_t i = 0;
	while (i < OC_RUN_MAX_PATHS && run->paths[i])
		i++;
	if (i == OC_RUN_MAX_PATHS || !(run->paths[i] = strdup(path)))
		return oc_err_set(err, OC_EINTERNAL, "out of memory");
	return OC_OK;
}

/* The artifacts in commit order: the data first, the model last. */
enum { A_DATA, A_META, A_METRICS, A_CV, A_MODEL, A_COUNT };

static int write_artifacts(struct pstate *ps, struct oc_run *run, const struct oc_bundle *b,
                           const char *data_sha, const struct oc_dataset *test,
                           struct oc_err *err)
{
	const struct oc_config *cfg = ps->cfg;
	const int synthetic = oc_config_is_synthetic(cfg);
	static const char *const names[A_COUNT] = {
		OC_GEN_CSV, OC_GEN_META, OC_METRICS_FILE, OC_CV_FILE, OC_MODEL_FILE,
	};
	struct oc_artset set;
	const char *text[A_COUNT] = { NULL };
	size_t len[A_COUNT] = { 0 };
	const struct oc_gen_text *gen = &ps->gen;
	struct oc_mwriter w;
	char *mtext = NULL, *cvtext = NULL, *path;
	size_t mlen = 0, cvlen = 0;
	FILE *mf;
	int rc = OC_OK, first = synthetic ? A_DATA : A_METRICS, i;

	memset(&set, 0, sizeof set);
	set.dirfd = -1;
	oc_mw_init(&w);
	progress(ps, OC_STAGE_WRITE, NULL);
	/* Everything is rendered in memory first... */
	if ((rc = oc_bundle_format(b, &w, err)))
		goto out;
	if (ps->hooks && ps->hooks->model_text)
		ps->hooks->model_text(ps->hooks->ctx, &w);
	/* ...and the model read back as --predict and the dashboard will read
	 * it: a file they refuse, or that scores otherwise, replaces nothing */
	if ((rc = oc_bundle_verify(b, OC_MODEL_FILE, w.buf, w.len, test,
	                           ps->fit.n_jobs, err)))
		goto out;
	mf = open_memstream(&mtext, &mlen);
	if (!mf) {
		rc = oc_err_set(err, OC_EINTERNAL, "out of memory");
		goto out;
	}
	if (oc_pipeline_write_metrics(mf, b) != 0) {
		fclose(mf);
		rc = oc_err_set(err, OC_EINTERNAL, "out of memory");
		goto out;
	}
	if (fclose(mf) != 0) {
		rc = oc_err_set(err, OC_EINTERNAL, "out of memory");
		goto out;
	}
	if (b->cv) {
		mf = open_memstream(&cvtext, &cvlen);
		if (!mf || oc_cv_write_csv(mf, b->cv) != 0 || fclose(mf) != 0) {
			rc = oc_err_set(err, OC_EINTERNAL, "out of memory");
			goto out;
		}
	}
	if (synthetic && (!gen->csv || strcmp(gen->csv_sha256, data_sha) != 0)) {
		rc = oc_err_set(err, OC_EINTERNAL, "%s: written data differ from the data trained on",
		                OC_GEN_CSV);
		goto out;
	}
	text[A_DATA] = gen->csv;
	len[A_DATA] = gen->csv_len;
	text[A_META] = gen->meta;
	len[A_META] = gen->meta_len;
	text[A_METRICS] = mtext;
	len[A_METRICS] = mlen;
	text[A_CV] = cvtext;
	len[A_CV] = cvlen;
	text[A_MODEL] = w.buf;
	len[A_MODEL] = w.len;

	/* ...then, holding the directory's lock, written as temporaries,
	 * synced and committed as one set (artset.h). */
	if ((rc = oc_artset_begin(&set, cfg->output_dir, ps->hooks ? &ps->hooks->lock : NULL, err)))
		goto out;
	/* a model_cv.csv of an earlier run would describe other models: a run
	 * without cross-validation removes it, in the same commit */
	for (i = first; i < A_COUNT && !rc; i++)
		if (text[i])
			rc = oc_artset_add_buf(&set, names[i], text[i], len[i], err);
		else if (i == A_CV)
			rc = oc_artset_remove(&set, names[i], err);
	if (rc || (rc = oc_artset_sync(&set, err)) || (rc = cancelled(ps, err)) ||
	    (rc = oc_artset_commit(&set, err)))
		goto out;
	for (i = first; i < A_COUNT && !rc; i++) {
		if (!text[i])
			continue;
		if (!(path = oc_path_join(cfg->output_dir, names[i])))
			rc = oc_err_set(err, OC_EINTERNAL, "out of memory");
		else
			rc = add_path(run, path, err);
		free(path);
	}
	if (!rc)
		ps->done += W_WRITE;
out:
	oc_artset_end(&set);
	oc_mw_free(&w);
	free(mtext);
	free(cvtext);
	return rc;
}

/* --- The run --- */

static int check_setup(const struct pstate *ps, struct oc_err *err)
{
	const struct oc_config *cfg = ps->cfg;
	char *shown;
	int n = 0, rc;
	for (int k = 0; k < OC_MODEL_COUNT; k++) {
		const char *msg;
		if (!cfg->enabled[k])
			continue;
		n++;
		if ((msg = oc_model_check(oc_model_registry[k], &cfg->model, &ps->fit)))
			return oc_err_set(err, OC_ECONFIG, "%s: %s", oc_model_registry[k]->title, msg);
	}
	if (!n)
		return oc_err_set(err, OC_ECONFIG, "no model enabled ([models] enabled)");
	/* a data set the run cannot hold is refused before it is made */
	if (oc_config_is_synthetic(cfg) &&
	    (rc = oc_check_rows_fit(cfg->data_rows, OC_SYNTH_ROW_BYTES_BATCH, err)))
		return rc;
	if (!(shown = oc_config_path_shown(cfg, OC_CONF_OUTPUT_DIR)))
		return oc_err_set(err, OC_EINTERNAL, "out of memory");
	if (!(rc = oc_mkdir_p(cfg->output_dir, shown, err)) && access(cfg->output_dir, W_OK) != 0)
		rc = oc_err_set(err, OC_ECANTCREAT, "cannot write into %s: %s", shown,
		                strerror(errno));
	free(shown);
	return rc;
}

/* A path from the configuration file that cannot be opened is named with
 * where it came from: a relative one there is resolved against the current
 * directory, not the file's, which can surprise. */
static int check_config_path(const struct oc_config *cfg, enum oc_conf_path which,
                             const char *path, struct oc_err *err)
{
	char *shown;
	struct stat st;
	int e = 0, rc;
	if (!(shown = oc_config_path_shown(cfg, which)))
		return oc_err_set(err, OC_EINTERNAL, "out of memory");
	if (strcmp(shown, path) == 0 || strcmp(path, "-") == 0) {
		free(shown);
		return OC_OK;
	}
	/* Looked at, not opened: opening would consume a FIFO's writer. */
	if (stat(path, &st) != 0 || access(path, R_OK) != 0)
		e = errno;
	else if (S_ISDIR(st.st_mode))
		e = EISDIR;
	rc = e ? oc_err_set(err, OC_ENOINPUT, "%s: %s", shown, strerror(e)) : OC_OK;
	free(shown);
	return rc;
}

static int load_data(struct pstate *ps, struct oc_dataset **all, struct oc_dataset **test,
                     char sha[65], struct oc_err *err)
{
	const struct oc_config *cfg = ps->cfg;
	int rc;
	progress(ps, OC_STAGE_LOAD, NULL);
	if (oc_config_is_synthetic(cfg)) {
		/* rendered now, written as is at the end: generated and
		 * formatted once, and what is written is what was trained on */
		rc = oc_generate_render(cfg->data_rows, (uint32_t)cfg->data_seed, (int)cfg->data_grades,
		                        &ps->gen, all,
		                        err);
		if (!rc)
			memcpy(sha, ps->gen.csv_sha256, 65);
	} else {
		rc = check_config_path(cfg, OC_CONF_SOURCE, cfg->source, err);
		/* read once (a pipe or FIFO works), hashed as it is parsed */
		if (!rc)
			rc = oc_csv_read_dataset_sha(cfg->source, cfg->label, cfg->ignore, all, sha, err);
	}
	if (!rc && cfg->test_data[0]) {
		struct oc_dataset *raw = NULL;
		/* Read against the training classes: an unknown label is found
		 * at its line and column. */
		rc = check_config_path(cfg, OC_CONF_TEST_DATA, cfg->test_data, err);
		if (!rc)
			rc = oc_csv_read_dataset_classes(cfg->test_data, cfg->label, cfg->ignore,
			                                 (*all)->class_type,
			                                 (const char *const *)(*all)->class_names,
			                                 (*all)->n_classes, &raw, err);
		if (!rc)
			rc = align_test(*all, raw, cfg->test_data, test, err);
		oc_dataset_free(&raw);
	}
	ps->done += W_LOAD;
	return rc;
}

/* Where the rows come from, for messages: the CSV file, or the generator
 * and its settings. */
/* malloc'd; NULL when out of memory. */
static char *source_name(const struct oc_config *cfg)
{
	char *s;
	if (!oc_config_is_synthetic(cfg))
		return strdup(cfg->source);
	return asprintf(&s, "synthetic data (%ld row%s, seed %ld)", cfg->data_rows,
	                cfg->data_rows == 1 ? "" : "s", cfg->data_seed) < 0 ? NULL : s;
}

/* ROC AUC needs test rows of both classes (scikit-learn raises there; the
 * specification asks for a clear error, not NaN): say which class the test
 * rows hold, where they came from and how to get both. */
static int check_test_classes(const struct oc_config *cfg, const struct oc_dataset *test,
                              struct oc_err *err)
{
	size_t n = test->n_rows, pos = oc_dataset_count_positive(test);
	char *src, rows[64];
	const char *cls;
	int rc;
	if (pos != 0 && pos != n)
		return OC_OK;
	cls = test->class_names[pos ? 1 : 0];
	if (n == 1)
		snprintf(rows, sizeof rows, "the only test row is");
	else
		snprintf(rows, sizeof rows, "all %zu test rows are", n);
	if (cfg->test_data[0])
		return oc_err_set(err, OC_EDATA, "%s: %s of class '%s', so ROC AUC is undefined; the "
		                  "--test-data file needs rows of both grades ('%s' and '%s')",
		                  cfg->test_data, rows, cls, test->class_names[0], test->class_names[1]);
	if (!(src = source_name(cfg)))
		return oc_err_set(err, OC_EINTERNAL, "out of memory");
	rc = oc_err_set(err, OC_EDATA, "%s: %s of class '%s' after the split (test ratio %g), so "
	                "ROC AUC is undefined; use more rows%s, a larger [split] test_ratio, or "
	                "--test-data with rows of both grades", src, rows, cls, cfg->test_ratio,
	                oc_config_is_synthetic(cfg) ? " (--rows)" : "");
	free(src);
	return rc;
}

static int split_data(struct pstate *ps, struct oc_dataset **all, struct oc_dataset **train,
                      struct oc_dataset **test, struct oc_err *err)
{
	size_t *tr = NULL, *te = NULL, ntr = 0, nte = 0;
	int rc;
	progress(ps, OC_STAGE_SPLIT, NULL);
	if (*test) {
		*train = *all;
		*all = NULL;
	} else {
		rc = oc_split_stratified(*all, ps->cfg->test_ratio, (uint32_t)ps->cfg->split_seed, &tr,
		                         &ntr, &te, &nte, err);
		if (rc == OC_EDATA && err) {
			/* the split knows the rows, not where they came from */
			char *src = source_name(ps->cfg), why[OC_ERR_MAX];
			memcpy(why, err->msg, sizeof why);
			oc_err_set(err, rc, "%s: %s", src ? src : "data", why);
			free(src);
		}
		if (rc)
			return rc;
		*train = oc_dataset_subset(*all, tr, ntr);
		*test = oc_dataset_subset(*all, te, nte);
		free(tr);
		free(te);
		if (!*train || !*test)
			return oc_err_set(err, OC_EINTERNAL, "out of memory");
	}
	if ((rc = check_test_classes(ps->cfg, *test, err)))
		return rc;
	ps->done += W_SPLIT;
	return OC_OK;
}

int oc_pipeline_run(const struct oc_config *cfg, const struct oc_pipeline_hooks *hooks,
                    struct oc_run *run, struct oc_err *err)
{
	struct pstate ps;
	struct oc_dataset *all = NULL, *train = NULL, *test = NULL;
	char sha[65];
	size_t n_rows = 0;
	int rc;

	memset(run, 0, sizeof *run);
	oc_err_clear(err);
	memset(&ps, 0, sizeof ps);
	ps.cfg = cfg;
	ps.hooks = hooks;
	ps.fit.n_jobs = cfg->n_jobs;
	ps.fit.cancel = hooks ? hooks->cancel : NULL;
	/* forests stop growing once the model file could not be written */
	ps.fit.max_file_bytes = OC_MODELFILE_MAX_BYTES;
	ps.params = cfg->model;
	if (ps.fit.n_jobs < 1) {
		long n = sysconf(_SC_NPROCESSORS_ONLN);
		ps.fit.n_jobs = n > 0 ? (int)n : 1;
	}
	ps.total = W_LOAD + W_SPLIT + W_WRITE;
	for (int k = 0; k < OC_MODEL_COUNT; k++)
		if (cfg->enabled[k]) {
			ps.total += W_FIT + W_EVAL;
			/* each candidate's fits on (K-1)/K of the rows, K at once */
			if (cfg->cv_folds >= 2)
				ps.total += W_FIT * (double)oc_grid_count(&cfg->grid, k) *
				            (double)(cfg->cv_folds - 1) /
				            (double)(ps.fit.n_jobs < cfg->cv_folds ? ps.fit.n_jobs
				                                                   : cfg->cv_folds);
		}
	if (cfg->cv_folds >= 2)
		ps.cv_fit_weight = W_FIT * (double)(cfg->cv_folds - 1) / (double)cfg->cv_folds /
		                   (double)(ps.fit.n_jobs < cfg->cv_folds ? ps.fit.n_jobs
		                                                         : cfg->cv_folds);
	if ((rc = check_setup(&ps, err)) || (rc = cancelled(&ps, err)))
		goto fail;
	if ((rc = load_data(&ps, &all, &test, sha, err)) || (rc = cancelled(&ps, err)))
		goto fail;
	n_rows = all->n_rows + (test ? test->n_rows : 0);
	if ((rc = split_data(&ps, &all, &train, &test, err)) || (rc = cancelled(&ps, err)))
		goto fail;
	if ((rc = start_bundle(&run->bundle, cfg, train, test, sha, err)))
		goto fail;
	if (cfg->cv_folds >= 2 &&
	    ((rc = cross_validate(&ps, run->bundle, train, err)) || (rc = cancelled(&ps, err))))
		goto fail;
	if ((rc = train_all(&ps, run->bundle, train, test, err)) || (rc = cancelled(&ps, err)))
		goto fail;
	run->n_rows = n_rows;
	if (hooks && hooks->defer_write) {
		/* Kept for oc_pipeline_commit(): the data as it would be written. */
		if (!(run->pending = calloc(1, sizeof *run->pending))) {
			rc = oc_err_set(err, OC_EINTERNAL, "out of memory");
			goto fail;
		}
		run->pending->gen = ps.gen;
		memset(&ps.gen, 0, sizeof ps.gen);
		memcpy(run->pending->sha, sha, sizeof sha);
		run->pending->test = test;     /* for the read-back check */
		test = NULL;
	} else if ((rc = write_artifacts(&ps, run, run->bundle, sha, test, err))) {
		goto fail;
	}
	progress(&ps, OC_STAGE_WRITE, NULL);
	oc_gen_text_free(&ps.gen);
	oc_dataset_free(&all);
	oc_dataset_free(&train);
	oc_dataset_free(&test);
	return OC_OK;
fail:
	oc_gen_text_free(&ps.gen);
	oc_dataset_free(&all);
	oc_dataset_free(&train);
	oc_dataset_free(&test);
	oc_run_free(run);
	return rc;
}

int oc_pipeline_commit(const struct oc_config *cfg, struct oc_run *run,
                       const struct oc_bundle *b, struct oc_err *err)
{
	struct pstate ps;
	oc_err_clear(err);
	if (!run->pending || !b)
		return oc_err_set(err, OC_EINTERNAL, "nothing to write: the run was not deferred");
	memset(&ps, 0, sizeof ps);
	ps.cfg = cfg;
	ps.gen = run->pending->gen;
	return write_artifacts(&ps, run, b, run->pending->sha, run->pending->test, err);
}

void oc_run_free(struct oc_run *run)
{
	if (!run)
		return;
	if (run->pending) {
		oc_gen_text_free(&run->pending->gen);
		oc_dataset_free(&run->pending->test);
		free(run->pending);
	}
	oc_bundle_free(&run->bundle);
	for (size_t i = 0; i < OC_RUN_MAX_PATHS; i++)
		free(run->paths[i]);
	memset(run, 0, sizeof *run);
}
