/* SPDX-License-Identifier: MIT */
/* pane_prediction.c - the grade in words and colour, its confidence (the
 * probability of that very grade) with a bar, the temperature deviation
 * from [dashboard] optimal_temperature (coloured past the generator's
 * 78 degC rule), and every trained model's vote beside its name with the
 * probability of each class.  A model whose vote is not its most probable
 * class is marked '!' and one line says why.  Up/Down here choose the
 * model used for the prediction. */
#include "config.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>
#include <wctype.h>

#include "data/curing.h"
#include "tui/tui.h"

struct prediction {
	int first_row;      /* content row of models[0] (for clicks) */
};

enum ui_role ui_class_role(int cls)
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

static void short_name(const struct oc_trained *t, char *buf, size_t bufsz)
{
	size_t i = 0;
	for (const char *k = t->ops->key; *k && i + 1 < bufsz; k++)
		buf[i++] = (char)toupper((unsigned char)*k);
	buf[i] = '\0';
}

static void prediction_draw(void *self, struct pane_ctx *c, WINDOW *w, int h, int wd)
{
	struct prediction *pr = self;
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
	wattr_on(w, theme_attr(ui_class_role(cls)) | A_REVERSE, NULL);
	ui_put(w, y, 0, wd, grade);
	wattr_off(w, theme_attr(ui_class_role(cls)) | A_REVERSE, NULL);
	int gx = ui_width(grade) + 1;
	snprintf(line, sizeof line, "%.1f%% confidence", conf * 100);
	wattr_on(w, theme_attr(ROLE_LABEL), NULL);
	ui_put(w, y, gx, wd - gx, line);
	wattr_off(w, theme_attr(ROLE_LABEL), NULL);
	y++;
	int below = (d->temp_idx >= 0) + 1 + (int)b->n_models;    /* temperature, header, models */
	if (K == 2) {
		if (y < h)
			theme_bar(w, y++, 0, wd - 1, conf, ui_class_role(cls));
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
				theme_bar(w, y, lw + 1, wd - lw - 9, pu[cl], ui_class_role(cl));
		}
	}

	if (d->temp_idx >= 0 && y < h) {
		double t = d->value[d->temp_idx], dev = t - d->cfg->optimal_temperature;
		const char *deg = ui_g.utf8 ? "°C" : " C";
		if (fabs(dev) < 0.05)
			dev = 0;    /* "+0.0", never "-0.0" */
		/* The deviation in the colour of the grade the generator's rule
		 * gives past its temperature limit, and the rule named where there
		 * is room. */
		double rule = oc_curing_columns[OC_CURING_TEMPERATURE].standard_above;
		bool over = t > rule;
		char dv[24];
		snprintf(line, sizeof line, "Temp %.1f%s, ", t, deg);
		snprintf(dv, sizeof dv, "%+.1f", dev);
		int x = ui_width(line);
		ui_put(w, y, 0, wd, line);
		wattr_on(w, theme_attr(over ? ROLE_BAD : ROLE_GOOD), NULL);
		ui_put(w, y, x, wd - x, dv);
		wattr_off(w, theme_attr(over ? ROLE_BAD : ROLE_GOOD), NULL);
		x += ui_width(dv);
		snprintf(line, sizeof line, " vs optimal %.1f", d->cfg->optimal_temperature);
		ui_put(w, y, x, wd - x, line);
		x += ui_width(line);
		if (over)
			snprintf(line, sizeof line, " (>%.0f%s rule)", rule, deg);
		else
			line[0] = '\0';
		if (over && x + ui_width(line) <= wd) {
			wattr_on(w, theme_attr(ROLE_BAD), NULL);
			ui_put(w, y, x, wd - x, line);
			wattr_off(w, theme_attr(ROLE_BAD), NULL);
		}
		y++;
	}
	/* a blank line before the table, where the classes' bars leave room */
	if (y < h && (K == 2 || h - y > below - (d->temp_idx >= 0)))
		y++;

	/* Per-model table: name, vote, then P(class) of every class for two
	 * classes, headed by the class names; for more, P(<class>) of the
	 * classes the model in use finds most probable, as many columns as
	 * fit.  The name column is as wide as the names shown: votes sit
	 * beside them. */
	int pw[OC_MAX_CLASSES], col[OC_MAX_CLASSES], ptotal = 0, vw = 4, ncls = 0;
	for (int k = 0; k < K; k++) {
		col[k] = K == 2 ? k : order[k];
		pw[k] = K == 2 ? ui_width(b->class_names[k]) : 6;
		if (pw[k] < 5)
			pw[k] = 5;
		if (pw[k] > 10)
			pw[k] = 10;
		if (ui_width(b->class_names[k]) > vw)
			vw = ui_width(b->class_names[k]);
	}
	if (vw > 10)
		vw = 10;
	for (int k = 0; k < K; k++) {
		if (k > 0 && 2 + 5 + 1 + 1 + vw + ptotal + pw[k] + 1 > wd)
			break;
		ptotal += pw[k] + 1;
		ncls++;
	}
	int room = wd - 2 - 1 - 1 - vw - ptotal;    /* cursor, mark, gap */
	bool titles = true;
	int nw = 5;
	for (size_t m = 0; m < b->n_models; m++)
		if (ui_width(b->models[m].ops->title) > nw)
			nw = ui_width(b->models[m].ops->title);
	if (nw > room) {
		titles = false;
		nw = 5;
	}
	int vx = 2 + nw + 1 + 1, px = vx + vw;
	if (K > 2 && wd - ptotal > px)
		px = wd - ptotal;       /* the columns end at the pane's edge */
	if (y < h) {
		wattr_on(w, theme_attr(ROLE_LABEL), NULL);
		ui_put(w, y, 2, nw, "Model");
		ui_put(w, y, vx, vw, "Vote");
		int x = px;
		for (int k = 0; k < ncls; k++, x += pw[k - 1] + 1) {
			char head[96];
			if (K == 2) {
				ui_fit(head, sizeof head, b->class_names[k], pw[k], true);
			} else {
				char name[64], ph[80];
				ui_fit(name, sizeof name, b->class_names[col[k]], pw[k] - 3, false);
				/* the fitted name is padded: trim it before the ")" */
				for (size_t e = strlen(name); e > 0 && name[e - 1] == ' '; e--)
					name[e - 1] = '\0';
				snprintf(ph, sizeof ph, "P(%s)", name);
				ui_fit(head, sizeof head, ph, pw[k], true);
			}
			ui_put(w, y, x + 1, pw[k], head);
		}
		wattr_off(w, theme_attr(ROLE_LABEL), NULL);
		y++;
	}
	pr->first_row = y;
	int odd = -1;
	for (size_t m = 0; m < b->n_models && y < h; m++, y++) {
		const struct oc_trained *t = &b->models[m];
		bool use = (int)m == d->use;
		int v = d->vote[m], top = dash_most_probable(d, (int)m);
		attr_t a = theme_attr(use && c->focused ? ROLE_SELECTED : use ? ROLE_LABEL : ROLE_NORMAL);
		char name[64];
		if (titles)
			snprintf(name, sizeof name, "%s", t->ops->title);
		else
			short_name(t, name, sizeof name);
		wattr_on(w, a, NULL);
		mvwhline(w, y, 0, ' ', 2 + nw);
		ui_put(w, y, 0, 2, use ? ui_g.cursor : " ");
		ui_put(w, y, 2, nw, name);
		wattr_off(w, a, NULL);
		if (top != v) {
			if (odd < 0 || use)
				odd = (int)m;
			wattr_on(w, theme_attr(ROLE_MARK), NULL);
			ui_put(w, y, 2 + nw, 1, "!");
			wattr_off(w, theme_attr(ROLE_MARK), NULL);
		}
		wattr_on(w, theme_attr(ui_class_role(v)), NULL);
		ui_put(w, y, vx, vw, b->class_names[v]);
		wattr_off(w, theme_attr(ui_class_role(v)), NULL);
		int x = px;
		for (int k = 0; k < ncls; k++) {
			snprintf(line, sizeof line, "%*.3f", pw[k], d->proba[m][col[k]]);
			attr_t pa = col[k] == v ? theme_attr(ROLE_LABEL) : A_NORMAL;
			wattr_on(w, pa, NULL);
			ui_put(w, y, x + 1, pw[k], line);
			wattr_off(w, pa, NULL);
			x += pw[k] + 1;
		}
	}
	if (odd >= 0 && y < h) {
		/* Why a vote and the larger probability can disagree. */
		char key[16];
		short_name(&b->models[odd], key, sizeof key);
		snprintf(line, sizeof line, "! %s votes by its decision function; its P comes from "
		         "Platt scaling", key);
		if (ui_width(line) > wd)
			snprintf(line, sizeof line, "! %s: vote by decision fn, P by Platt", key);
		wattr_on(w, theme_attr(ROLE_MARK), NULL);
		ui_put(w, y, 0, wd, line);
		wattr_off(w, theme_attr(ROLE_MARK), NULL);
	}
}

static int prediction_key(void *self, struct pane_ctx *c, enum ui_action a, int key)
{
	struct prediction *pr = self;
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
		int m = c->click_y - pr->first_row;
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
	.name = "Prediction", .ctx = UI_CTX_PREDICTION, .size = sizeof(struct prediction),
	.draw = prediction_draw, .key = prediction_key,
};
