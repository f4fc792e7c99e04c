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

static void prediction_draw(struct pane_ctx *c, WINDOW *w, int h, int wd)
{
	const struct dash *d = c->d;
	const struct oc_bundle *b = d->b;
	double conf;
	int cls = dash_grade(d, &conf);
	char grade[64], line[128];
	int y = 0;

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
	if (y < h)
		theme_bar(w, y++, 0, wd - 1, conf, class_role(cls));

	if (d->temp_idx >= 0 && y < h) {
		double t = d->value[d->temp_idx], dev = t - d->cfg->optimal_temperature;
		if (fabs(dev) < 0.05)
			dev = 0;    /* "+0.0", never "-0.0" */
		snprintf(line, sizeof line, "Temp %.1f%s, %+.1f vs optimal %.1f", t,
		         ui_g.utf8 ? "°C" : " C", dev, d->cfg->optimal_temperature);
		ui_put(w, y++, 0, wd, line);
	}
	if (y < h)
		y++;

	/* Per-model table: name, vote, P(class 1). */
	char phead[32];
	snprintf(phead, sizeof phead, "P(%s)", b->class_names[1]);
	int pw = 6, vw = 9;
	int nw = wd - 2 - 1 - vw - 1 - pw;
	if (nw < 4)
		nw = 4;
	if (y < h) {
		/* The probability header may reach over the vote column. */
		int hw = ui_width(phead), room = wd - (3 + nw + 5);
		if (hw > room)
			hw = room;
		wattr_on(w, theme_attr(ROLE_LABEL), NULL);
		ui_put(w, y, 2, nw, "Model");
		ui_put(w, y, 3 + nw, 4, "Vote");
		if (hw > 0)
			ui_put(w, y, wd - hw, hw, phead);
		wattr_off(w, theme_attr(ROLE_LABEL), NULL);
		y++;
	}
	for (size_t m = 0; m < b->n_models && y < h; m++, y++) {
		const struct oc_trained *t = &b->models[m];
		bool use = (int)m == d->use;
		attr_t a = theme_attr(use && c->focused ? ROLE_SELECTED : use ? ROLE_LABEL : ROLE_NORMAL);
		wattr_on(w, a, NULL);
		mvwhline(w, y, 0, ' ', 2 + nw);
		ui_put(w, y, 0, 2, use ? ui_g.cursor : " ");
		/* The short key when the title does not fit ("SVM"). */
		char name[64];
		if (ui_width(t->ops->title) <= nw) {
			snprintf(name, sizeof name, "%s", t->ops->title);
		} else {
			size_t i = 0;
			for (const char *k = t->ops->key; *k && i + 1 < sizeof name; k++)
				name[i++] = (char)toupper((unsigned char)*k);
			name[i] = '\0';
		}
		ui_put(w, y, 2, nw, name);
		wattr_off(w, a, NULL);
		int v = d->vote[m];
		wattr_on(w, theme_attr(class_role(v)), NULL);
		ui_put(w, y, 3 + nw, vw, b->class_names[v]);
		wattr_off(w, theme_attr(class_role(v)), NULL);
		snprintf(line, sizeof line, "%*.3f", pw, d->proba[m][1]);
		ui_put(w, y, 4 + nw + vw, pw, line);
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
		/* Rows of the model table start after grade, bar, temperature,
		 * blank line and header. */
		int first = 4 + (d->temp_idx >= 0 ? 1 : 0);
		int m = c->click_y - first;
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
