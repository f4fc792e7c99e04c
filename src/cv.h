/* cv.h - cross-validation scores of (model, settings) pairs on stratified
 * folds, as scikit-learn 1.2's cross_validate and GridSearchCV compute
 * them: each pair is fitted on the rows outside a fold, in ascending row
 * order, and scored on the fold's rows.  Fits run on a pool of threads,
 * one fit per thread; the scores never depend on the thread count. */
#ifndef OC_CV_H
#define OC_CV_H

#include <stddef.h>

#include "dataset.h"
#include "ml/model.h"
#include "status.h"

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
	struct oc_model_params params;      /* n_jobs and cancel are ignored */
};

/* Called on the calling thread after each fit with the fits done so far
 * and their total. */
typedef void (*oc_cv_tick_fn)(void *ctx, size_t done, size_t total);

/* Cross-validates specs[0..n_specs) over the k folds of ds (fold[i] is row
 * i's test fold, as oc_kfold_stratified writes it) on n_jobs threads:
 * scores[s * k + f] is spec s scored on fold f.  cancel (may be NULL)
 * stops the run with OC_ECANCELED.  Returns the first failing fit's error. */
int oc_cv_run(const struct oc_dataset *ds, const unsigned *fold, size_t k,
              const struct oc_cv_spec *specs, size_t n_specs, int n_jobs,
              const volatile int *cancel, oc_cv_tick_fn tick, void *ctx,
              struct oc_cv_scores *scores, struct oc_err *err);

/* numpy's mean and standard deviation (ddof 0) of each score over the k
 * folds fs[0..k): np.mean(v) and np.std(v), the pairwise sums included, as
 * cross_validate's users and GridSearchCV's mean_test_score form them. */
void oc_cv_summary(const struct oc_cv_scores *fs, size_t k, struct oc_cv_scores *mean,
                   struct oc_cv_scores *std);

#endif
