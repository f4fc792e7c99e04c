/* SPDX-License-Identifier: MIT */
/* pane_metrics_cv.c - the cross-validation rows of the metrics pane: under
 * a heading, each model's mean over the folds and, beneath it, the standard
 * deviation, in the columns of the test metrics above; then the parameters
 * a grid search chose.  Nothing when the run (or the loaded model file)
 * has no cross-validation. */
#include "config.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "tui/tui.h"

/* Models with chosen parameters to show. */
static int n_chosen(const struct oc_cv_report *r)
{
	int n = 0;
	for (size_t m = 0; m < r->n_models; m++)
		n += r->models[m].params[r->models[m].best][0] != '\0';
	return n;
}

int metrics_cv_lines(const struct oc_bundle *b)
{
	if (!b->cv)
		return 0;
	return 1 + 2 * (int)b->cv->n_models + n_chosen(b->cv);
}

/* "%*.3f", or "-" right-aligned for an undefined score. */
static int put_num(char *buf, size_t size, int cw, double v)
{
	return isnan(v) ? snprintf(buf, size, "%*s", cw, "-") : snprintf(buf, size, "%*.3f", cw, v);
}

static void scores_line(char *buf, size_t size, const char *lead, int cw,
                        const struct oc_cv_scores *s)
{
	const double v[4] = { s->accuracy, s->precision, s->recall, s->auc };
	int n = snprintf(buf, size, "%s", lead);
	for (int i = 0; i < 4 && n > 0 && (size_t)n < size; i++)
		n += put_num(buf + n, size - (size_t)n, cw, v[i]);
}

void metrics_cv_line(const struct oc_bundle *b, int k, int cw, char *buf, size_t bufsz,
                     enum ui_role *role)
{
	const struct oc_cv_report *r = b->cv;
	const int nm = (int)r->n_models;
	char tag[8];
	*role = ROLE_NORMAL;
	if (k == 0) {
		snprintf(buf, bufsz, "CV %zu folds%s: mean, %s std", r->n_folds,
		         r->shuffle ? " shuffled" : "", ui_g.utf8 ? "\u00b1" : "+-");
		*role = ROLE_LABEL;
		return;
	}
	k--;
	if (k < 2 * nm) {
		const struct oc_cv_model *cm = &r->models[k / 2];
		if (k % 2 == 0) {
			size_t i = 0;
			for (const char *s = oc_model_registry[cm->model]->key; *s && i < 4; s++)
				tag[i++] = (char)tolower((unsigned char)*s);
			for (; i < 5; i++)
				tag[i] = ' ';
			tag[5] = '\0';
			scores_line(buf, bufsz, tag, cw, &cm->mean);
		} else {
			scores_line(buf, bufsz, ui_g.utf8 ? "  \u00b1  " : "  +- ", cw, &cm->std);
			*role = ROLE_DIM;
		}
		return;
	}
	k -= 2 * nm;
	for (size_t m = 0; m < r->n_models; m++) {
		const struct oc_cv_model *cm = &r->models[m];
		if (!cm->params[cm->best][0] || k-- > 0)
			continue;
		snprintf(buf, bufsz, "%-5s%s", oc_model_registry[cm->model]->key, cm->params[cm->best]);
		return;
	}
	buf[0] = '\0';
}
