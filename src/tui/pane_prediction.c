/* pane_prediction.c - the grade in words and colour, the confidence with a
 * bar, the temperature deviation from [dashboard] optimal_temperature, and
 * every trained model's vote and probability side by side.  Up/Down here
 * choose the model used for the prediction. */
#include "config.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>
#include <wctype.h>

#include "tui/tui.h"

/* Class 0 reads as the good grade (Premium sorts before Standard). */
static enum ui_role class_role(int cls)
{
	return cls == 0 ? ROLE_GOOD : ROLE_BAD;
}

/* s in capitals: every letter the locale decodes in UTF-8, else ASCII
 * letters only (a byte-wise toupper() could corrupt a multibyte name). */
static void upcase(char *dst, size_t dstsz, const char *s)
{
	if (ui_g.utf8) {
		wchar_t w[64];
		size_t n = mbstowcs(w, s, 63), r;
		if (n != (size_t)-1) {
			w[n] = L'\0';
			for (size_t i = 0; i < n; i++)
				w[i] = (wchar_t)towupper((wint_t)w[i]);
			if ((r = wcstombs(dst, w, dstsz - 1)) != (size_t)-1) {
				dst[r] = '\0';
				return;
			}
		}
	}
	snprintf(dst, dstsz, "%s", s);
	for (char *p = dst; *p; p++)
		if (*p >= 'a' && *p <= 'z')
			*p = (char)(*p - 'a' + 'A');
}

/* Class indices by probability, largest first (the lower index first
 * among equals). */
static void by_probability(const double *p, int K, int *idx)
{
	for (int k = 0; k < K; k++) {
		int j = k;
		while (j > 0 && p[idx[j - 1]] < p[k]) {
			idx[j] = idx[j - 1];
			j--;
		}
		idx[j] = k;
	}
}

/* The model's short name where its title does not fit n columns ("SVM"). */
static void model_name(const struct oc_trained *t, int n, char *name, size_t size)
{
	if (ui_width(t->ops->title) <= n) {
		snprintf(name, size, "%s", t->ops->title);
		return;
	}
	size_t i = 0;
	for (const char *k = t->ops->key; *k && i + 1 < size; k++)
		name[i++] = (char)toupper((unsigned char)*k);
	name[i] = '\0';
}

static void prediction_draw(struct pane_ctx *c, WINDOW *w, int h, int wd)
{
	const struct dash *d = c->d;
	const struct oc_bundle *b = d->b;
	const int K = (int)b->n_classes;
	const double *pu = d->proba[d->use];
	double conf;
	int cls = dash_grade(d, &conf);
	char grade[64], line[160];
	int y = 0, order[OC_MAX_CLASSES];

	by_probability(pu, K, order);
	char upper[60];
	upcase(upper, sizeof upper, b->class_names[cls]);
	snprintf(grade, sizeof grade, " %s ", upper);
	wattr_on(w, theme_attr(class_role(cls)) | A_REVERSE, NULL);
	ui_put(w, y, 0, wd, grade);
	wattr_off(w, theme_attr(class_role(cls)) | A_REVERSE, NULL);
	int gx = ui_width(grade) + 1;
	snprintf(line, sizeof line, "%.1f%% confidence", conf * 100);
	wattr_on(w, theme_attr(ROLE_LABEL), NULL);
	ui_put(w, y, gx, wd - gx, line);
	wattr_off(w, theme_attr(ROLE_LABEL), NULL);
	y++;
	int below = (d->temp_idx >= 0) + 1 + (int)b->n_models;    /* temperature, header, models */
	if (K == 2) {
		if (y < h)
			theme_bar(w, y++, 0, wd - 1, conf, class_role(cls));
	} else {
		/* A bar per class, the most probable first, as many as leave room
		 * for the model table. */
		int nbar = h - y - below;
		if (nbar < 1)
			nbar = 1;
		if (nbar > K)
			nbar = K;
		int lw = wd >= 30 ? 10 : 6;
		for (int k = 0; k < nbar && y < h; k++, y++) {
			char name[64];
			int cl = order[k];
			ui_fit(name, sizeof name, b->class_names[cl], lw, false);
			ui_put(w, y, 0, lw, name);
			snprintf(line, sizeof line, "%6.3f", pu[cl]);
			ui_put(w, y, wd - 7, 7, line);
			if (wd - lw - 9 > 0)
				theme_bar(w, y, lw + 1, wd - lw - 9, pu[cl], class_role(cl));
		}
	}

	if (d->temp_idx >= 0 && y < h) {
		double t = d->value[d->temp_idx], dev = t - d->cfg->optimal_temperature;
		if (fabs(dev) < 0.05)
			dev = 0;    /* "+0.0", never "-0.0" */
		snprintf(line, sizeof line, "Temp %.1f%s, %+.1f vs optimal %.1f", t,
		         ui_g.utf8 ? "°C" : " C", dev, d->cfg->optimal_temperature);
		ui_put(w, y++, 0, wd, line);
	}
	/* a blank line before the table, where the classes' bars leave room */
	if (y < h && (K == 2 || h - y > below - (d->temp_idx >= 0)))
		y++;

	/* Per-model table: name, vote, then P(class 1) for two classes, else
	 * P(<class>) of the classes the model in use finds most probable, as
	 * many columns as fit. */
	int vw = 9, pw = K == 2 ? 6 : 7, ncol = 1;
	if (K > 2) {
		ncol = (wd - 2 - 4 - 1 - vw) / pw;
		if (ncol < 1)
			ncol = 1;
		if (ncol > K)
			ncol = K;
	}
	int nw = wd - 2 - 1 - vw - ncol * pw - (K == 2);
	if (nw < 4)
		nw = 4;
	if (y < h) {
		wattr_on(w, theme_attr(ROLE_LABEL), NULL);
		ui_put(w, y, 2, nw, "Model");
		ui_put(w, y, 3 + nw, 4, "Vote");
		if (K == 2) {
			/* The probability header may reach over the vote column. */
			char phead[32];
			snprintf(phead, sizeof phead, "P(%s)", b->class_names[1]);
			int hw = ui_width(phead), room = wd - (3 + nw + 5);
			if (hw > room)
				hw = room;
			if (hw > 0)
				ui_put(w, y, wd - hw, hw, phead);
		} else {
			for (int k = 0; k < ncol; k++) {
				char name[64], phead[80];
				ui_fit(name, sizeof name, b->class_names[order[k]], pw - 4, false);
				/* the fitted name is padded: trim it before the ")" */
				for (size_t e = strlen(name); e > 0 && name[e - 1] == ' '; e--)
					name[e - 1] = '\0';
				snprintf(phead, sizeof phead, "P(%s)", name);
				char cell[96];
				ui_fit(cell, sizeof cell, phead, pw - 1, true);
				ui_put(w, y, 3 + nw + vw + k * pw + 1, pw - 1, cell);
			}
		}
		wattr_off(w, theme_attr(ROLE_LABEL), NULL);
		y++;
	}
	c->table_y = y;
	for (size_t m = 0; m < b->n_models && y < h; m++, y++) {
		const struct oc_trained *t = &b->models[m];
		bool use = (int)m == d->use;
		attr_t a = theme_attr(use && c->focused ? ROLE_SELECTED : use ? ROLE_LABEL : ROLE_NORMAL);
		wattr_on(w, a, NULL);
		mvwhline(w, y, 0, ' ', 2 + nw);
		ui_put(w, y, 0, 2, use ? ui_g.cursor : " ");
		char name[64];
		model_name(t, nw, name, sizeof name);
		ui_put(w, y, 2, nw, name);
		wattr_off(w, a, NULL);
		int v = d->vote[m];
		wattr_on(w, theme_attr(class_role(v)), NULL);
		ui_put(w, y, 3 + nw, vw, b->class_names[v]);
		wattr_off(w, theme_attr(class_role(v)), NULL);
		if (K == 2) {
			snprintf(line, sizeof line, "%*.3f", pw, d->proba[m][1]);
			ui_put(w, y, 4 + nw + vw, pw, line);
			continue;
		}
		for (int k = 0; k < ncol; k++) {
			snprintf(line, sizeof line, "%*.3f", pw, d->proba[m][order[k]]);
			ui_put(w, y, 3 + nw + vw + k * pw, pw, line);
		}
	}
}

static int prediction_key(struct pane_ctx *c, enum ui_action a, int key)
{
	struct dash *d = c->d;
	int n = (int)d->b->n_models;
	(void)key;
	switch (a) {
	case ACT_UP:
		d->use = (d->use + n - 1) % n;
		return UI_HANDLED | UI_REDRAW | UI_RECOMPUTE;
	case ACT_DOWN:
		d->use = (d->use + 1) % n;
		return UI_HANDLED | UI_REDRAW | UI_RECOMPUTE;
	case ACT_CLICK: {
		/* Rows of the model table start where the last frame drew them. */
		int m = c->click_y - c->table_y;
		if (m < 0 || m >= n)
			return UI_HANDLED;
		d->use = m;
		return UI_HANDLED | UI_REDRAW | UI_RECOMPUTE;
	}
	default:
		return 0;
	}
}

const struct pane_ops pane_prediction_ops = {
	.name = "Prediction",
	.ctx = UI_CTX_PREDICTION,
	.draw = prediction_draw,
	.key = prediction_key,
};
