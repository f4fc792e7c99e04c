/* SPDX-License-Identifier: MIT */
/* train.c - runs the pipeline on a background thread so the dashboard
 * stays responsive while a model trains.  The UI polls the progress (its
 * input timeout is 100 ms while a run is going), so no wakeup is needed.
 * A retrain defers the writing: the pipeline keeps what it would write,
 * and train_commit() writes it with the pipeline's own transaction only
 * when the user chooses to replace the artifacts. */
#include "config.h"

#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pipeline/pipeline.h"
#include "tui/tui.h"

struct train {
	pthread_t thread;
	pthread_mutex_t lock;
	struct oc_config cfg;       /* private copy: the UI's may go away */
	atomic_int cancel;          /* read by the pipeline between steps */
	/* guarded by lock */
	double done;
	enum oc_stage stage;
	char model[64];           /* model key, or the cv stage's fit count */
	bool finished;
	bool joined;
	bool defer_write;
	/* written by the thread before finished is set */
	int status;
	struct oc_err err;
	struct oc_run run;
};

static void train_progress_cb(void *ctx, enum oc_stage stage, const char *model, double done)
{
	struct train *t = ctx;
	pthread_mutex_lock(&t->lock);
	t->stage = stage;
	snprintf(t->model, sizeof t->model, "%s", model ? model : "");
	t->done = done;
	pthread_mutex_unlock(&t->lock);
}

static void *train_main(void *arg)
{
	struct train *t = arg;
	/* A retrain waits (quietly, cancellably) for another opticure
	 * writing the same artifact directory. */
	struct oc_pipeline_hooks hooks = { train_progress_cb, t, &t->cancel, t->defer_write,
	                                   { 0, NULL, NULL, &t->cancel }, NULL };
	int st = oc_pipeline_run(&t->cfg, &hooks, &t->run, &t->err);
	pthread_mutex_lock(&t->lock);
	t->status = st;
	t->finished = true;
	pthread_mutex_unlock(&t->lock);
	return NULL;
}

struct train *train_start(const struct oc_config *cfg, bool defer_write, struct oc_err *err)
{
	struct train *t = calloc(1, sizeof *t);
	if (!t) {
		oc_err_set(err, OC_EINTERNAL, "out of memory");
		return NULL;
	}
	t->cfg = *cfg;
	t->defer_write = defer_write;
	t->stage = OC_STAGE_LOAD;
	pthread_mutex_init(&t->lock, NULL);
	/* Signals belong to the UI thread, which restores the terminal. */
	sigset_t all, old;
	sigfillset(&all);
	pthread_sigmask(SIG_BLOCK, &all, &old);
	int rc = pthread_create(&t->thread, NULL, train_main, t);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (rc != 0) {
		pthread_mutex_destroy(&t->lock);
		free(t);
		oc_err_set(err, OC_EINTERNAL, "cannot start the training thread");
		return NULL;
	}
	return t;
}

void train_progress(struct train *t, double *done, char *what, size_t whatsz)
{
	pthread_mutex_lock(&t->lock);
	*done = t->done;
	if (t->model[0])
		snprintf(what, whatsz, "%s %s", oc_stage_name(t->stage), t->model);
	else
		snprintf(what, whatsz, "%s", oc_stage_name(t->stage));
	pthread_mutex_unlock(&t->lock);
}

bool train_finished(struct train *t)
{
	pthread_mutex_lock(&t->lock);
	bool f = t->finished;
	pthread_mutex_unlock(&t->lock);
	return f;
}

void train_cancel(struct train *t)
{
	atomic_store(&t->cancel, 1);
}

int train_join(struct train *t, struct oc_bundle **bundle, struct oc_err *err)
{
	*bundle = NULL;
	if (!t->joined) {
		pthread_join(t->thread, NULL);
		t->joined = true;
	}
	int st = t->status;
	if (st == OC_OK) {
		*bundle = t->run.bundle;
		t->run.bundle = NULL;
		if (!*bundle)
			st = oc_err_set(err, OC_EINTERNAL, "the pipeline returned no model");
	} else if (err) {
		*err = t->err;
	}
	return st;
}

int train_commit(struct train *t, const struct oc_bundle *b, char *names, size_t namesz,
                 struct oc_err *err)
{
	int st = oc_pipeline_commit(&t->cfg, &t->run, b, err);
	size_t len = 0;
	names[0] = '\0';
	for (size_t i = 0; st == OC_OK && t->run.paths[i] && len < namesz; i++) {
		const char *base = strrchr(t->run.paths[i], '/');
		int w = snprintf(names + len, namesz - len, "%s%s", len ? " " : "",
		                 base ? base + 1 : t->run.paths[i]);
		if (w < 0)
			break;
		len += (size_t)w;
	}
	return st;
}

void train_free(struct train **tp)
{
	struct train *t = *tp;
	if (!t)
		return;
	if (!t->joined)
		pthread_join(t->thread, NULL);
	oc_run_free(&t->run);
	pthread_mutex_destroy(&t->lock);
	free(t);
	*tp = NULL;
}
