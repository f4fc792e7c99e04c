/* SPDX-License-Identifier: MIT */
/* search.h - the cross-validation stage of a run: every enabled model,
 * each candidate of its grid, scored on the same stratified folds of the
 * training rows; per model the candidate GridSearchCV(scoring="accuracy",
 * refit=True) would choose. */
#ifndef OC_SEARCH_H
#define OC_SEARCH_H

#include <stdbool.h>
#include <stdint.h>

#include "ml/cv.h"
#include "ml/grid.h"

/* What the best model is chosen by ([select] by). */
enum oc_select_by { OC_SELECT_TEST_ACCURACY, OC_SELECT_CV_ACCURACY, OC_SELECT_CV_AUC,
	OC_SELECT_COUNT };

/* The criteria as the INI file spells them ("cv_auc"), NULL-terminated. */
extern const char *const oc_select_names[OC_SELECT_COUNT + 1];

/* Name of a selection criterion as the INI file spells it ("cv_auc"). */
const char *oc_select_name(enum oc_select_by by);

struct oc_search_spec {
	size_t folds;                       /* >= 2 */
	int shuffle;
	uint32_t seed;
	const bool *enabled;                /* OC_MODEL_COUNT flags */
	const struct oc_grid *grid;
	oc_grid_set_fn set;
	int n_jobs;
	const atomic_int *cancel;           /* may be NULL */
	oc_cv_tick_fn tick;                 /* may be NULL */
	void *ctx;
};

/* Number of fits oc_search_run makes: folds times every enabled model's
 * candidates. */
size_t oc_search_fits(const struct oc_search_spec *s);

/* Draws the folds of train, cross-validates, and writes into *params (the
 * base settings on entry) each model's chosen candidate; *out receives the
 * report (owned by the caller).  OC_EDATA when the folds cannot be made
 * (too many for the class counts), OC_ECANCELED, or a fit's error. */
int oc_search_run(const struct oc_search_spec *s, const struct oc_dataset *train,
                  struct oc_model_params *params, struct oc_cv_report **out,
                  struct oc_err *err);

#endif
