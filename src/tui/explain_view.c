/* SPDX-License-Identifier: MIT */
/* explain_view.c - why the model in use gives this grade, and what would
 * change it: the exact contributions of each feature at the slider row
 * (the model's explain op, against the training profile the model file
 * keeps) and, per feature, the nearest slider value that gives another
 * grade with every other slider held (a scan in slider steps).  Drawn in
 * the what-if pane: beside the curve on wide terminals, instead of it when
 * toggled with x. */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tui/tui.h"

/* Most steps scanned each way for a flip (a slider has at most this many
 * grid points in practice; the scan stops at the range's ends anyway). */
#define FLIP_MAX_STEPS 2000

int dash_explain(const struct dash *d, double *phi, double *base, char *why, size_t whysz)
{
	const struct oc_bundle *b = d->b;
	const struct oc_trained *t = &b->models[d->use];
	struct oc_err err;
	double mean[OC_EXPLAIN_VIEW_MAX_FEATURES];
	struct oc_explain_in in = { 1, NULL, NULL, 0 };
	if (!t->ops->explain) {
		snprintf(why, whysz, "%s has no explanations", t->ops->title);
		return -1;
	}
	if (b->n_features > OC_EXPLAIN_VIEW_MAX_FEATURES) {
		snprintf(why, whysz, "more than %d features", OC_EXPLAIN_VIEW_MAX_FEATURES);
		return -1;
	}
	if (b->profile) {
		for (size_t j = 0; j < b->n_features; j++)
			mean[j] = b->profile->f[j].mean;
		in.mean = mean;
		in.background = b->profile->background;
		in.n_background = b->profile->n_background;
	}
	oc_err_clear(&err);
	if (t->ops->explain(t->state, d->value, &in, phi, base, &err) != OC_OK) {
		snprintf(why, whysz, "%s", err.msg);
		return -1;
	}
	return 0;
}

bool dash_flip(struct dash *d, int j, double *at, int *steps, int *cls)
{
	const struct oc_bundle *b = d->b;
	const struct oc_trained *t = &b->models[d->use];
	const struct oc_feature_info *f = &b->features[j];
	double proba[OC_MAX_CLASSES], s = d->step[j], v0 = d->value[j];
	int now = d->vote[d->use];
	memcpy(d->row, d->value, b->n_features * sizeof *d->row);
	/* Outwards from the current value, one step each way at a time, so
	 * the first flip found is the nearest. */
	for (int k = 1; k <= FLIP_MAX_STEPS; k++) {
		bool inside = false;
		for (int dir = -1; dir <= 1; dir += 2) {
			double v = dash_snap(d, j, v0 + dir * k * s);
			if (v == v0 || fabs(v - v0) > k * s + 1e-9 * fabs(s) || v < f->lo || v > f->hi)
				continue;
			inside = true;
			d->row[j] = v;
			int c = oc_model_score(t->ops, t->state, d->row, proba);
			if (c != now) {
				*at = v;
				*steps = dir * k;
				*cls = c;
				return true;
			}
		}
		if (!inside)
			break;
	}
	return false;
}

bool dash_out_of_range(const struct dash *d, int j)
{
	const struct oc_profile *p = d->b ? d->b->profile : NULL;
	return p && (d->value[j] < p->f[j].min || d->value[j] > p->f[j].max);
}

/* Draws the explanation into w (h x wd). */
void explain_draw(struct dash *d, WINDOW *w, int h, int wd)
{
	const struct oc_bundle *b = d->b;
	const struct oc_trained *t = &b->models[d->use];
	size_t nf = b->n_features;
	double phi[OC_EXPLAIN_VIEW_MAX_FEATURES], base, conf;
	char line[256], why[DASH_MSG_MAX];
	int grade = dash_grade(d, &conf), y = 0;

	snprintf(line, sizeof line, "Why %s (%s, %s of %s)", b->class_names[grade], t->ops->key,
	         t->ops->explain_output ? t->ops->explain_output : "output", b->class_names[1]);
	wattr_on(w, theme_attr(ROLE_LABEL), NULL);
	ui_put(w, y++, 0, wd, line);
	wattr_off(w, theme_attr(ROLE_LABEL), NULL);
	if (dash_explain(d, phi, &base, why, sizeof why) != 0) {
		ui_put(w, y++, 0, wd, "not available:");
		ui_put(w, y++, 0, wd, why);
	} else {
		/* Features by the size of their contribution, each a signed bar
		 * from the centre column, scaled to the largest. */
		int order[OC_EXPLAIN_VIEW_MAX_FEATURES], namew = 0;
		double big = 0, sum = base;
		for (size_t j = 0; j < nf; j++) {
			int k = (int)j;
			while (k > 0 && fabs(phi[order[k - 1]]) < fabs(phi[j])) {
				order[k] = order[k - 1];
				k--;
			}
			order[k] = (int)j;
			big = fmax(big, fabs(phi[j]));
			sum += phi[j];
			int nw = ui_width(b->features[j].name);
			namew = nw > namew ? nw : namew;
		}
		int numw = 8, barw = wd - namew - numw - 4;
		if (namew > wd / 3) {
			namew = wd / 3;
			barw = wd - namew - numw - 4;
		}
		/* (+ 0.0: a sum that rounds to zero is shown without a sign) */
		snprintf(line, sizeof line, "base %+.3f  ->  %+.3f", base,
		         fabs(sum) < 5e-4 ? 0.0 : sum);
		ui_put(w, y++, 0, wd, line);
		for (size_t r = 0; r < nf && y < h - 2; r++, y++) {
			int j = order[r];
			char num[32];
			bool out = dash_out_of_range(d, j);
			ui_put(w, y, 0, 1, out ? "!" : " ");
			size_t nb = ui_prefix(b->features[j].name, strlen(b->features[j].name), namew, NULL);
			snprintf(line, sizeof line, "%.*s", (int)nb, b->features[j].name);
			ui_put(w, y, 1, namew, line);
			if (barw >= 4) {
				int half = barw / 2, len = big > 0 ? (int)lround(fabs(phi[j]) / big * half) : 0;
				int x0 = 2 + namew + half;
				wattr_on(w, theme_attr(phi[j] > 0 ? ROLE_BAD : ROLE_GOOD), NULL);
				for (int k = 0; k < len; k++)
					ui_put(w, y, phi[j] > 0 ? x0 + 1 + k : x0 - 1 - k, 1, ui_g.utf8 ? "█" : "#");
				wattr_off(w, theme_attr(phi[j] > 0 ? ROLE_BAD : ROLE_GOOD), NULL);
				ui_put(w, y, x0, 1, ui_g.utf8 ? "│" : "|");
			}
			snprintf(num, sizeof num, "%+.3f", phi[j]);
			ui_put(w, y, wd - numw, numw, num);
		}
	}
	/* What would change it: the nearest other grade per feature. */
	if (y < h) {
		wattr_on(w, theme_attr(ROLE_LABEL), NULL);
		ui_put(w, y++, 0, wd, "What would change it:");
		wattr_off(w, theme_attr(ROLE_LABEL), NULL);
	}
	int shown = 0;
	for (size_t j = 0; j < nf && y < h; j++) {
		double at;
		int steps, cls;
		if (!dash_flip(d, (int)j, &at, &steps, &cls))
			continue;
		char val[32], ub[32];
		const char *unit = ui_unit(b->features[j].unit, ub, sizeof ub);
		dash_fmt_value(d, (int)j, at, val, sizeof val);
		snprintf(line, sizeof line, "%s if %s %s %s%s%s (%+d)", b->class_names[cls],
		         b->features[j].name, steps < 0 ? "<=" : ">=", val, *unit ? " " : "", unit, steps);
		ui_put(w, y++, 1, wd - 1, line);
		shown++;
	}
	if (!shown && y < h)
		ui_put(w, y, 1, wd - 1, "no single slider gives another grade");
}
