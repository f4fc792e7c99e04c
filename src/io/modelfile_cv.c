/* SPDX-License-Identifier: MIT */
/* modelfile_cv.c - cross-validation records of the model file.
 *
 * A file of format 1.2 holds, after the training settings (which are the
 * chosen candidates' values) and numpy_simd, "cv FOLDS SHUFFLE SEED" and
 * "select_by NAME";
 * after each model's test metrics, the chosen candidate's parameters, the
 * number of candidates tried and the mean and standard deviation over the
 * folds of accuracy, precision, recall and AUC ("nan" where a score is
 * undefined).  The per-fold scores live in model_cv.csv. */
#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ml/search.h"
#include "io/modelfile_cv.h"

void oc_mf_cv_put_header(struct oc_mwriter *w, const struct oc_bundle *b)
{
	oc_mw_printf(w, "cv %zu %d %ld\n", b->cv->n_folds, b->cv->shuffle ? 1 : 0, b->cv->seed);
	oc_mw_printf(w, "select_by %s\n", oc_select_name((enum oc_select_by)b->select_by));
}

static void put_scores(struct oc_mwriter *w, const char *key, const struct oc_cv_scores *s)
{
	const double v[4] = { s->accuracy, s->precision, s->recall, s->auc };
	oc_mw_printf(w, "%s", key);
	for (int i = 0; i < 4; i++) {
		if (isnan(v[i]))
			oc_mw_printf(w, " nan");
		else
			oc_mw_g17(w, v[i]);
	}
	oc_mw_printf(w, "\n");
}

void oc_mf_cv_put_model(struct oc_mwriter *w, const struct oc_bundle *b, size_t i)
{
	const struct oc_cv_model *cm = &b->cv->models[i];
	oc_mw_str(w, "cv_chosen", cm->params[cm->best]);
	oc_mw_printf(w, "cv_candidates %zu\n", cm->n_candidates);
	put_scores(w, "cv_mean", &cm->mean);
	put_scores(w, "cv_std", &cm->std);
}

int oc_mf_cv_read_header(struct oc_mreader *r, struct oc_bundle *b, struct oc_err *err)
{
	long folds, shuffle, seed;
	int rc;
	if ((rc = oc_mr_line(r, "cv", 3, err)) ||
	    (rc = oc_mr_get_long(r, 1, 2, OC_CV_MAX_FOLDS, &folds, err)) ||
	    (rc = oc_mr_get_long(r, 2, 0, 1, &shuffle, err)) ||
	    (rc = oc_mr_get_long(r, 3, 0, 4294967295L, &seed, err)))
		return rc;
	if ((rc = oc_mr_line(r, "select_by", 1, err)))
		return rc;
	b->select_by = -1;
	for (int s = 0; s < OC_SELECT_COUNT; s++)
		if (strcmp(r->tok[1], oc_select_name((enum oc_select_by)s)) == 0)
			b->select_by = s;
	if (b->select_by < 0)
		return oc_mr_error(r, err, "'select_by': unknown criterion '%.32s'", r->tok[1]);
	if (!(b->cv = calloc(1, sizeof *b->cv)))
		return oc_err_set(err, OC_EINTERNAL, "out of memory");
	b->cv->n_folds = (size_t)folds;
	b->cv->shuffle = (int)shuffle;
	b->cv->seed = seed;
	return OC_OK;
}

/* Four scores in [0, 1] or "nan". */
static int read_scores(struct oc_mreader *r, const char *key, struct oc_cv_scores *s,
                       struct oc_err *err)
{
	double v[4];
	int rc = oc_mr_line(r, key, 4, err);
	for (size_t i = 0; !rc && i < 4; i++) {
		if (strcmp(r->tok[i + 1], "nan") == 0) {
			v[i] = (double)NAN;
			continue;
		}
		if ((rc = oc_mr_get_double(r, i + 1, &v[i], err)))
			break;
		if (!(v[i] >= 0.0 && v[i] <= 1.0))
			rc = oc_mr_error(r, err, "'%s': value %zu is outside [0, 1]", key, i + 1);
	}
	if (rc)
		return rc;
	s->accuracy = v[0];
	s->precision = v[1];
	s->recall = v[2];
	s->auc = v[3];
	return OC_OK;
}

int oc_mf_cv_read_model(struct oc_mreader *r, struct oc_bundle *b, size_t i, int kind,
                        struct oc_err *err)
{
	struct oc_cv_model *cm = &b->cv->models[i];
	char *chosen = NULL;
	long n;
	int rc;
	cm->model = kind;
	if ((rc = oc_mr_str(r, "cv_chosen", &chosen, err)))
		return rc;
	if ((rc = oc_mr_long(r, "cv_candidates", 1, 4096, &n, err))) {
		free(chosen);
		return rc;
	}
	/* only the chosen candidate's parameters are stored: it is index 0 */
	cm->params = calloc((size_t)n, sizeof *cm->params);
	if (!cm->params) {
		free(chosen);
		return oc_err_set(err, OC_EINTERNAL, "out of memory");
	}
	cm->params[0] = chosen;
	cm->n_candidates = (size_t)n;
	cm->best = 0;
	b->cv->n_models = i + 1;
	if ((rc = read_scores(r, "cv_mean", &cm->mean, err)) ||
	    (rc = read_scores(r, "cv_std", &cm->std, err)))
		return rc;
	return OC_OK;
}
