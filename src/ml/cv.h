/* SPDX-License-Identifier: MIT */
/* cv.h - cross-validation scores of (model, settings) pairs on stratified
 * folds, as scikit-learn 1.2's cross_validate and GridSearchCV compute
 * them: each pair is fitted on the rows outside a fold, in ascending row
 * order, and scored on the fold's rows.  Fits run on a pool of threads,
 * one fit per thread; the scores never depend on the thread count. */
#ifndef OC_CV_H
#define OC_CV_H

#include <stddef.h>
#include <stdio.h>

#include "data/dataset.h"
#include "data/kfold.h"
#include "ml/model.h"
#include "core/status.h"

/* Most folds a cross-validation takes ([cv] folds). */
#define OC_CV_MAX_FOLDS 100

/* Scores of one fit on one fold's test rows, as model_metrics.csv defines
 * them.  A fold whose test rows hold one class (folds above the smallest
 * class count) has NaN precision, recall and AUC, as cross_validate's
 * error_score gives; accuracy is computed.  A fold whose training rows
 * hold one class cannot be fitted: every score is NaN. */
struct oc_cv_scores {
	double accuracy, precision, recall, auc;
};

/* One model with one set of settings to cross-validate. */
struct oc_cv_spec {
	const struct oc_model_ops *ops;
	struct oc_model_params params;
};

/* What a run's cross-validation found for one model. */
struct oc_cv_model {
	int model;                          /* enum oc_model_kind */
	size_t n_candidates;                /* 1 without lists */
	size_t best;                        /* chosen candidate: first of the highest mean
	                                       accuracy, GridSearchCV's best_index_ */
	char **params;                      /* n_candidates: "C=0.1 gamma=scale", "" */
	struct oc_cv_scores *folds;         /* n_candidates * n_folds; NULL when read
	                                       from a model file */
	struct oc_cv_scores mean, std;      /* of the chosen candidate */
};

/* A run's cross-validation: settings, warning, every model's results in
 * the order of the bundle's models. */
struct oc_cv_report {
	size_t n_folds;
	int shuffle;
	long seed;
	char warning[OC_KFOLD_WARN_MAX];     /* StratifiedKFold's UserWarning, or "" */
	size_t n_models;
	struct oc_cv_model models[OC_MODEL_COUNT];
};

/* Frees r and what it holds; sets *r to NULL.  NULL-safe. */
void oc_cv_report_free(struct oc_cv_report **r);

/* Writes model_cv.csv: the header Model,Candidate,Fold,Accuracy,Precision,
 * Recall,AUC,Params and one row per model, candidate and fold (numbers in
 * shortest round-trip form, an undefined score as an empty field).
 * Returns 0, or EOF on a write error. */
int oc_cv_write_csv(FILE *f, const struct oc_cv_report *r);

/* Called on the calling thread after each fit with the fits done so far
 * and their total. */
typedef void (*oc_cv_tick_fn)(void *ctx, size_t done, size_t total);

/* Cross-validates specs[0..n_specs) over the k folds of ds (fold[i] is row
 * i's test fold, as oc_kfold_stratified writes it) on n_jobs threads:
 * scores[s * k + f] is spec s scored on fold f.  cancel (may be NULL)
 * stops the run with OC_ECANCELED.  Returns the first failing fit's error. */
int oc_cv_run(const struct oc_dataset *ds, const unsigned *fold, size_t k,
              const struct oc_cv_spec *specs, size_t n_specs, int n_jobs,
              const atomic_int *cancel, oc_cv_tick_fn tick, void *ctx,
              struct oc_cv_scores *scores, struct oc_err *err);

/* numpy's mean and standard deviation (ddof 0) of each score over the k
 * folds fs[0..k): np.mean(v) and np.std(v), the pairwise sums included, as
 * cross_validate's users and GridSearchCV's mean_test_score form them. */
void oc_cv_summary(const struct oc_cv_scores *fs, size_t k, struct oc_cv_scores *mean,
                   struct oc_cv_scores *std);

#endif
