/* SPDX-License-Identifier: MIT */
/* pipeline.h - the MLOps loop without any terminal code:
 * generate or load -> split -> cross-validate and search grids (when
 * [cv] folds >= 2) -> train (enabled models, in order lr, rf, gb, svm) ->
 * evaluate -> select the best ([select] by, first wins ties) -> write
 * artifacts.  Progress goes through a callback so --batch and the
 * dashboard show the same thing; a cancel flag is honoured between steps
 * (and inside long fits). */
#ifndef OC_PIPELINE_H
#define OC_PIPELINE_H

#include <stdatomic.h>
#include <stddef.h>
#include <stdio.h>

#include "io/artset.h"
#include "pipeline/conf.h"
#include "data/dataset.h"
#include "io/modelfile.h"
#include "core/status.h"

enum oc_stage {
	OC_STAGE_LOAD,          /* generate synthetic data or read the CSV */
	OC_STAGE_SPLIT,
	OC_STAGE_CV,            /* cross-validation and grid search ([cv] folds >= 2) */
	OC_STAGE_TRAIN,
	OC_STAGE_EVALUATE,
	OC_STAGE_SELECT,
	OC_STAGE_WRITE,
	OC_STAGE_COUNT
};

/* Name of a stage ("load", "split", ...). */
const char *oc_stage_name(enum oc_stage s);

/* Progress report: stage, model key (NULL outside train/evaluate; in the
 * cv stage the fits done, their total, the folds and the candidates:
 * "12/40 fits (5 folds x 8 candidates)") and the fraction of the whole run
 * done, 0..1.  Called from the pipeline's thread. */
typedef void (*oc_progress_fn)(void *ctx, enum oc_stage stage, const char *model, double done);

struct oc_pipeline_hooks {
	oc_progress_fn progress;    /* may be NULL */
	void *ctx;
	const atomic_int *cancel;   /* may be NULL; non-zero stops the run (OC_ECANCELED) */
	int defer_write;            /* non-zero: write nothing; oc_pipeline_commit()
	                               writes the artifacts later if asked to */
	struct oc_lock_opts lock;   /* how to wait for the artifact directory */
	/* For tests only (fault injection), NULL otherwise: called with the
	 * rendered model file text, which it may rewrite, before that text is
	 * verified (oc_bundle_verify) and written. */
	void (*model_text)(void *ctx, struct oc_mwriter *text);
};

/* Most artifacts one run writes (data, metadata, metrics, cv, model). */
#define OC_RUN_MAX_PATHS 5

/* What a run produced. */
struct oc_run {
	struct oc_bundle *bundle;   /* trained models, metrics, best */
	size_t n_rows;              /* rows loaded (train + test) */
	char *paths[OC_RUN_MAX_PATHS + 1]; /* artifacts written, NULL-terminated, malloc'd */
	struct oc_run_pending *pending; /* what a deferred write needs (defer_write) */
};

/* Runs the whole pipeline with cfg, writing artifacts into cfg->output_dir.
 * Artifacts are only replaced when everything succeeded.  Returns OC_OK, or
 * the first failure's status with err set; on failure *run is empty. */
int oc_pipeline_run(const struct oc_config *cfg, const struct oc_pipeline_hooks *hooks,
                    struct oc_run *run, struct oc_err *err);

/* Writes the artifacts of a run made with defer_write into cfg->output_dir
 * (cfg as the run had it), with the same transaction as a normal run;
 * run->bundle may have been taken by the caller, so the models written are
 * b's.  Adds the paths written to run->paths.  Returns OC_OK or the
 * failure with err set (nothing replaced). */
int oc_pipeline_commit(const struct oc_config *cfg, struct oc_run *run,
                       const struct oc_bundle *b, struct oc_err *err);

/* Releases what a run holds. */
void oc_run_free(struct oc_run *run);

/* Writes the metrics table of b exactly as model_metrics.csv holds it
 * (header Model,Accuracy,Precision,Recall,AUC; numbers in shortest
 * round-trip form).  Returns 0, or EOF on a write error. */
int oc_pipeline_write_metrics(FILE *f, const struct oc_bundle *b);


#endif
