/* SPDX-License-Identifier: MIT */
/* search.c - cross_validate and GridSearchCV over the enabled models.
 *
 * One set of folds serves every model and candidate, as one
 * StratifiedKFold(random_state=int) yields the same splits on each call.
 * A model's candidate is chosen as GridSearchCV's best_index_: the
 * smallest rank_test_score, i.e. the first candidate (ParameterGrid
 * order) of the highest mean accuracy. */
#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ml/search.h"

const char *const oc_select_names[OC_SELECT_COUNT + 1] = {
	"test_accuracy", "cv_accuracy", "cv_auc", NULL,
};

const char *oc_select_name(enum oc_select_by by)
{
	return (unsigned)by < OC_SELECT_COUNT ? oc_select_names[by] : "?";
}

size_t oc_search_fits(const struct oc_search_spec *s)
{
	size_t n = 0;
	for (int m = 0; m < OC_MODEL_COUNT; m++)
		if (s->enabled[m])
			n += oc_grid_count(s->grid, m);
	return n * s->folds;
}

int oc_search_run(const struct oc_search_spec *s, const struct oc_dataset *train,
                  struct oc_model_params *params, struct oc_cv_report **out,
                  struct oc_err *err)
{
	const size_t k = s->folds;
	struct oc_cv_report *r = calloc(1, sizeof *r);
	unsigned *fold = malloc((train->n_rows ? train->n_rows : 1) * sizeof *fold);
	struct oc_cv_spec *specs = NULL;
	struct oc_cv_scores *scores = NULL;
	size_t n_specs = 0, at = 0;
	const struct oc_model_params base = *params;
	int rc;

	*out = NULL;
	if (!r || !fold) {
		rc = oc_err_set(err, OC_EINTERNAL, "out of memory");
		goto out;
	}
	r->n_folds = k;
	r->shuffle = s->shuffle;
	r->seed = (long)s->seed;
	if ((rc = oc_kfold_stratified(train, k, s->shuffle, s->seed, fold, r->warning, err)))
		goto out;
	for (int m = 0; m < OC_MODEL_COUNT; m++) {
		size_t n;
		if (!s->enabled[m])
			continue;
		n = oc_grid_count(s->grid, m);
		if (n > OC_GRID_MAX_CANDIDATES) {
			rc = oc_err_set(err, OC_ECONFIG, "[%s]: %zu candidates to search, more than %d",
			                oc_model_registry[m]->key, n, OC_GRID_MAX_CANDIDATES);
			goto out;
		}
		r->models[r->n_models].model = m;
		r->models[r->n_models].n_candidates = n;
		r->n_models++;
		n_specs += n;
	}
	specs = calloc(n_specs ? n_specs : 1, sizeof *specs);
	scores = calloc(n_specs ? n_specs * k : 1, sizeof *scores);
	if (!specs || !scores) {
		rc = oc_err_set(err, OC_EINTERNAL, "out of memory");
		goto out;
	}
	for (size_t i = 0; i < r->n_models; i++) {
		struct oc_cv_model *cm = &r->models[i];
		char desc[OC_GRID_MAX_AXES * (OC_GRID_KEY_MAX + OC_GRID_VALUE_MAX + 2)];
		cm->params = calloc(cm->n_candidates, sizeof *cm->params);
		cm->folds = calloc(cm->n_candidates * k, sizeof *cm->folds);
		if (!cm->params || !cm->folds) {
			rc = oc_err_set(err, OC_EINTERNAL, "out of memory");
			goto out;
		}
		for (size_t c = 0; c < cm->n_candidates; c++) {
			specs[at + c].ops = oc_model_registry[cm->model];
			if ((rc = oc_grid_candidate(s->grid, cm->model, c, &base, s->set,
			                            &specs[at + c].params, desc, sizeof desc, err)))
				goto out;
			if (!(cm->params[c] = strdup(desc))) {
				rc = oc_err_set(err, OC_EINTERNAL, "out of memory");
				goto out;
			}
		}
		at += cm->n_candidates;
	}
	if ((rc = oc_cv_run(train, fold, k, specs, n_specs, s->n_jobs, s->cancel, s->tick, s->ctx,
	                    scores, err)))
		goto out;

	at = 0;
	for (size_t i = 0; i < r->n_models; i++) {
		struct oc_cv_model *cm = &r->models[i];
		double best = -HUGE_VAL;
		memcpy(cm->folds, scores + at * k, cm->n_candidates * k * sizeof *cm->folds);
		cm->best = 0;
		for (size_t c = 0; c < cm->n_candidates; c++) {
			struct oc_cv_scores mean, std;
			oc_cv_summary(cm->folds + c * k, k, &mean, &std);
			/* rank_test_score puts NaN last */
			if (mean.accuracy > best) {
				best = mean.accuracy;
				cm->best = c;
			}
		}
		oc_cv_summary(cm->folds + cm->best * k, k, &cm->mean, &cm->std);
		/* each model's keys are its own fields: the chosen values of all
		 * models gather in one settings struct */
		if ((rc = oc_grid_candidate(s->grid, cm->model, cm->best, params, s->set, params, NULL,
		                            0, err)))
			goto out;
		at += cm->n_candidates;
	}
	*out = r;
	r = NULL;
out:
	oc_cv_report_free(&r);
	free(fold);
	free(specs);
	free(scores);
	return rc;
}
