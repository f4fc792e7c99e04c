/* SPDX-License-Identifier: MIT */
/* pane_curve.c - the what-if curve: P(class) of the model in use (or of
 * every model, o) across the selected slider's whole range, the other
 * sliders held; class 1 at first (the positive class of two grades), c
 * steps through the classes.  A dotted line marks P = 0.5, where the vote
 * of a two-class probability model changes; the axis gives the range with
 * its unit, the current value (^) and the optimum (the value with the
 * lowest P, the best chance of the other grades), and a legend says which
 * is which.  Braille cells give 2x4 dots per cell; where the font may lack
 * Braille (TERM=linux) half blocks give two levels per cell, and --ascii
 * plots '*'. */
#include "config.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "tui/tui.h"

#define GUTTER 4    /* "1.0" plus the axis */
/* From this content width the explanation is drawn beside the curve. */
#define SPLIT_MIN 96

/* Columns the curve gets of a pane content wd wide. */
static int curve_width(const struct dash *d, int wd)
{
	return !d->explain && wd >= SPLIT_MIN ? wd / 2 : wd;
}

/* Braille dot bits by [column][row] of a cell (Unicode U+2800 block). */
static const unsigned char braille_bit[2][4] = {
	{ 0x01, 0x02, 0x04, 0x40 },
	{ 0x08, 0x10, 0x20, 0x80 },
};

/* Samples per content width: two per cell with braille, else one. */
static int curve_samples(int wd)
{
	int cw = wd - GUTTER;
	if (cw < 2)
		cw = 2;
	int n = ui_g.plot == PLOT_BRAILLE ? 2 * cw : cw;
	return n > DASH_CURVE_MAX ? DASH_CURVE_MAX : n;
}

static void put_braille(WINDOW *w, int y, int x, unsigned bits)
{
	wchar_t s[2] = { (wchar_t)(0x2800 + bits), L'\0' };
	mvwaddwstr(w, y, x, s);
}

/* Row of probability p among levels rows/dots (0 at the top). */
static int level(double p, int levels)
{
	int r = (int)lround((1 - p) * (levels - 1));
	return r < 0 ? 0 : r > levels - 1 ? levels - 1 : r;
}

/* Plots curve c (n samples) over ch rows x cw columns from (1, GUTTER). */
static void plot(WINDOW *w, const double *c, int n, int ch, int cw, attr_t a, char letter)
{
	wattr_on(w, a, NULL);
	if (ui_g.plot == PLOT_BRAILLE) {
		/* Dot rows 0..4ch-1 from the top; vertical gaps between neighbouring
		 * samples are filled so the line stays connected. */
		int levels = 4 * ch, prev = -1;
		for (int col = 0; col < cw && 2 * col < n; col++) {
			unsigned cell[64] = { 0 };
			for (int half = 0; half < 2 && 2 * col + half < n; half++) {
				int dy = level(c[2 * col + half], levels);
				int from = prev < 0 ? dy : prev;
				int lo = from < dy ? from + 1 : dy, hi = from > dy ? from - 1 : dy;
				for (int r = lo; r <= hi; r++)
					if (r / 4 < 64)
						cell[r / 4] |= braille_bit[half][r % 4];
				prev = dy;
			}
			for (int r = 0; r < ch && r < 64; r++)
				if (cell[r])
					put_braille(w, 1 + r, GUTTER + col, cell[r]);
		}
	} else if (ui_g.plot == PLOT_BLOCK) {
		for (int col = 0; col < cw && col < n; col++) {
			int dy = level(c[col], 2 * ch);
			ui_put(w, 1 + dy / 2, GUTTER + col, 1, dy % 2 ? "▄" : "▀");
		}
	} else {
		char s[2] = { letter, '\0' };
		for (int col = 0; col < cw && col < n; col++)
			ui_put(w, 1 + level(c[col], ch), GUTTER + col, 1, s);
	}
	wattr_off(w, a, NULL);
}

static void draw_curve(struct dash *d, WINDOW *w, int h, int wd)
{
	const struct oc_bundle *b = d->b;
	const struct oc_feature_info *f = &b->features[d->sel];
	char line[200];
	int ch = h - 3;         /* chart rows: header above, axis and legend below */
	int cw = wd - GUTTER;
	if (ch < 2 || cw < 4)
		return;
	if (d->curve_n != curve_samples(wd)) {
		/* Laid out before this frame's recompute: catch up once. */
		d->curve_n = curve_samples(wd);
		dash_recompute(d);
	}
	int n = d->curve_n, per = ui_g.plot == PLOT_BRAILLE ? 2 : 1;

	/* A long feature name gives way; the model in use stays readable. */
	char head[80], tail[40];
	snprintf(head, sizeof head, "P(%s) vs ", b->class_names[dash_curve_class(d)]);
	snprintf(tail, sizeof tail, d->overlay ? " (all; %s bold)" : " (%s)", b->models[d->use].ops->key);
	int room = wd - ui_width(head) - ui_width(tail);
	size_t nb = ui_prefix(f->name, strlen(f->name), room > 0 ? room : 0, NULL);
	snprintf(line, sizeof line, "%s%.*s%s", head, (int)nb, f->name, tail);
	wattr_on(w, theme_attr(ROLE_LABEL), NULL);
	ui_put(w, 0, 0, wd, line);
	wattr_off(w, theme_attr(ROLE_LABEL), NULL);

	/* Gutter, and the 0.5 decision line under the curves. */
	int half_row = 1 + level(0.5, ch);
	wattr_on(w, theme_attr(ROLE_DIM), NULL);
	for (int r = 0; r < ch; r++)
		ui_put(w, 1 + r, GUTTER - 1, 1, ui_g.utf8 ? "│" : "|");
	ui_put(w, 1, 0, 3, "1.0");
	ui_put(w, half_row, 0, 3, "0.5");
	ui_put(w, ch, 0, 3, "0.0");
	for (int col = 0; col < cw; col++)
		ui_put(w, half_row, GUTTER + col, 1, ui_g.decision);
	wattr_off(w, theme_attr(ROLE_DIM), NULL);

	/* The optimum: the lowest P(class 1); where the curve is flat at its
	 * minimum, the middle of the longest such stretch (the value farthest
	 * from where the grade starts to slip). */
	const double *cur = d->curve[d->use];
	double lowest = cur[0];
	for (int k = 1; k < n; k++)
		if (cur[k] < lowest)
			lowest = cur[k];
	int opt = 0, run_best = 0;
	for (int k = 0; k < n;) {
		if (cur[k] > lowest + 1e-9) {
			k++;
			continue;
		}
		int e = k;
		while (e < n && cur[e] <= lowest + 1e-9)
			e++;
		if (e - k > run_best) {
			run_best = e - k;
			opt = (k + e - 1) / 2;
		}
		k = e;
	}
	int mark_col = d->curve_at / per, opt_col = opt / per;
	wattr_on(w, theme_attr(ROLE_MARK), NULL);
	for (int r = 0; r < ch; r++)
		ui_put(w, 1 + r, GUTTER + mark_col, 1, ui_g.curve_mark);
	wattr_off(w, theme_attr(ROLE_MARK), NULL);

	if (d->overlay)
		for (size_t m = 0; m < b->n_models; m++)
			if ((int)m != d->use)
				plot(w, d->curve[m], n, ch, cw, theme_attr(ROLE_DIM),
				     (char)tolower((unsigned char)b->models[m].ops->key[0]));
	plot(w, cur, n, ch, cw, theme_attr(ROLE_CURVE), '*');

	/* Axis: range ends with the unit, the optimum and the current value. */
	char lo[24], hi[48], now[32], best[32], ubuf[40], ub[32];
	const char *unit = ui_unit(f->unit, ub, sizeof ub);
	snprintf(ubuf, sizeof ubuf, "%s%s", *unit ? " " : "", unit);
	dash_fmt_value(d, d->sel, f->lo, lo, sizeof lo);
	dash_fmt_value(d, d->sel, f->hi, hi, sizeof hi);
	strncat(hi, ubuf, sizeof hi - strlen(hi) - 1);
	dash_fmt_value(d, d->sel, d->value[d->sel], now, sizeof now);
	double ov = f->lo + (f->hi - f->lo) * opt / (n - 1);
	dash_fmt_value(d, d->sel, dash_snap(d, d->sel, ov), best, sizeof best);
	int y = h - 2, hw = ui_width(hi);
	wattr_on(w, theme_attr(ROLE_DIM), NULL);
	ui_put(w, y, GUTTER, (int)strlen(lo), lo);
	ui_put(w, y, wd - hw, hw, hi);
	wattr_off(w, theme_attr(ROLE_DIM), NULL);
	/* The optimum sits on the curve itself. */
	wattr_on(w, theme_attr(ROLE_GOOD), NULL);
	ui_put(w, 1 + level(cur[opt], ch), GUTTER + opt_col, 1, ui_g.optimum);
	wattr_off(w, theme_attr(ROLE_GOOD), NULL);
	wattr_on(w, theme_attr(ROLE_MARK), NULL);
	ui_put(w, y, GUTTER + mark_col, 1, ui_g.up);
	wattr_off(w, theme_attr(ROLE_MARK), NULL);

	/* Legend; with the overlay, which curve is which instead of P=0.5 (the
	 * 0.5 tick names that line). */
	int len = snprintf(line, sizeof line, d->overlay ? "%s %s%s  %s %s  " : "%s now %s%s  %s optimum %s  ",
	                   ui_g.up, now, ubuf, ui_g.optimum, best);
	if (!d->overlay) {
		snprintf(line + len, sizeof line - (size_t)len, "%s%s P=0.5", ui_g.decision,
		         ui_g.decision);
	} else {
		len += snprintf(line + len, sizeof line - (size_t)len, "dim:");
		for (size_t m = 0; m < b->n_models && len < (int)sizeof line; m++)
			if ((int)m != d->use)
				len += snprintf(line + len, sizeof line - (size_t)len, " %s",
				                b->models[m].ops->key);
	}
	ui_put(w, h - 1, 0, wd, line);
}

/* x shows the explanation instead of the curve; a wide pane has both. */
static void curve_draw(void *self, struct pane_ctx *c, WINDOW *w, int h, int wd)
{
	struct dash *d = c->d;
	(void)self;
	if (d->explain) {
		explain_draw(d, w, h, wd);
		return;
	}
	int cwd = curve_width(d, wd);
	if (cwd == wd) {
		draw_curve(d, w, h, wd);
		return;
	}
	WINDOW *left = derwin(w, h, cwd, 0, 0), *right = derwin(w, h, wd - cwd - 2, 0, cwd + 2);
	if (left && right) {
		draw_curve(d, left, h, cwd);
		explain_draw(d, right, h, wd - cwd - 2);
	}
	if (left)
		delwin(left);
	if (right)
		delwin(right);
}

static int curve_key(void *self, struct pane_ctx *c, enum ui_action a, int key)
{
	struct dash *d = c->d;
	int nf = (int)d->b->n_features;
	(void)self;
	(void)key;
	switch (a) {
	case ACT_DEC: return UI_HANDLED | UI_REDRAW | (dash_step(d, d->sel, -1) ? UI_RECOMPUTE : 0);
	case ACT_INC: return UI_HANDLED | UI_REDRAW | (dash_step(d, d->sel, 1) ? UI_RECOMPUTE : 0);
	case ACT_UP:
		d->sel = (d->sel + nf - 1) % nf;
		return UI_HANDLED | UI_REDRAW | UI_RECOMPUTE;
	case ACT_DOWN:
		d->sel = (d->sel + 1) % nf;
		return UI_HANDLED | UI_REDRAW | UI_RECOMPUTE;
	case ACT_CLASS_NEXT:
		d->curve_step = (d->curve_step + 1) % (int)d->b->n_classes;
		return UI_HANDLED | UI_REDRAW | UI_RECOMPUTE;
	default:
		return 0;
	}
}

static void curve_resize(void *self, struct pane_ctx *c, int h, int wd)
{
	(void)self;
	(void)h;
	c->d->curve_n = curve_samples(curve_width(c->d, wd));
}

const struct pane_ops pane_curve_ops = {
	.name = "What-if", .ctx = UI_CTX_CURVE,
	.draw = curve_draw, .key = curve_key, .resize = curve_resize,
};
