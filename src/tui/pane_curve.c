/* pane_curve.c - the what-if curve: P(class) of the model in use across
 * the selected slider's whole range, the other sliders held, the current
 * value marked; class 1 at first (the positive class of two grades), c
 * steps through the classes.  Braille cells give 2x4 dots per cell in UTF-8; the ASCII
 * fallback plots one '*' per column. */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "tui/tui.h"

#define GUTTER 4    /* "1.0" plus the axis */

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
	int n = ui_g.utf8 ? 2 * cw : cw;
	return n > DASH_CURVE_MAX ? DASH_CURVE_MAX : n;
}

static void put_braille(WINDOW *w, int y, int x, unsigned bits)
{
	wchar_t s[2] = { (wchar_t)(0x2800 + bits), L'\0' };
	mvwaddwstr(w, y, x, s);
}

static void curve_draw(struct pane_ctx *c, WINDOW *w, int h, int wd)
{
	struct dash *d = c->d;
	const struct oc_bundle *b = d->b;
	const struct oc_feature_info *f = &b->features[d->sel];
	char line[160];
	int ch = h - 2;         /* chart rows: header above, axis below */
	int cw = wd - GUTTER;
	if (ch < 2 || cw < 4)
		return;
	if (d->curve_n != curve_samples(wd)) {
		/* Laid out before this frame's recompute: catch up once. */
		d->curve_n = curve_samples(wd);
		dash_recompute(d);
	}
	int n = d->curve_n;

	/* A long feature name gives way; the model in use stays readable. */
	char head[80], tail[24];
	snprintf(head, sizeof head, "P(%s) vs ", b->class_names[dash_curve_class(d)]);
	snprintf(tail, sizeof tail, " (%s)", b->models[d->use].ops->key);
	int room = wd - ui_width(head) - ui_width(tail);
	size_t nb = ui_prefix(f->name, strlen(f->name), room > 0 ? room : 0, NULL);
	snprintf(line, sizeof line, "%s%.*s%s", head, (int)nb, f->name, tail);
	wattr_on(w, theme_attr(ROLE_LABEL), NULL);
	ui_put(w, 0, 0, wd, line);
	wattr_off(w, theme_attr(ROLE_LABEL), NULL);

	wattr_on(w, theme_attr(ROLE_DIM), NULL);
	for (int r = 0; r < ch; r++)
		ui_put(w, 1 + r, GUTTER - 1, 1, ui_g.utf8 ? "│" : "|");
	ui_put(w, 1, 0, 3, "1.0");
	if (ch >= 3)
		ui_put(w, 1 + (ch - 1) / 2, 0, 3, "0.5");
	ui_put(w, ch, 0, 3, "0.0");
	wattr_off(w, theme_attr(ROLE_DIM), NULL);

	int mark_col = ui_g.utf8 ? d->curve_at / 2 : d->curve_at;
	if (ui_g.utf8) {
		/* Dot rows 0..4ch-1 from the top; vertical gaps between neighbouring
		 * samples are filled so the line stays connected. */
		int levels = 4 * ch;
		int prev = -1;
		for (int col = 0; col < cw && 2 * col < n; col++) {
			unsigned cell[64] = { 0 };
			for (int half = 0; half < 2 && 2 * col + half < n; half++) {
				int k = 2 * col + half;
				int dy = (int)lround((1 - d->curve[k]) * (levels - 1));
				if (dy < 0)
					dy = 0;
				if (dy > levels - 1)
					dy = levels - 1;
				int a = prev < 0 ? dy : prev;
				int lo = a < dy ? a + 1 : dy, hi = a > dy ? a - 1 : dy;
				for (int r = lo; r <= hi; r++)
					if (r / 4 < 64)
						cell[r / 4] |= braille_bit[half][r % 4];
				prev = dy;
			}
			attr_t a = theme_attr(col == mark_col ? ROLE_MARK : ROLE_CURVE);
			wattr_on(w, a, NULL);
			for (int r = 0; r < ch && r < 64; r++) {
				if (cell[r])
					put_braille(w, 1 + r, GUTTER + col, cell[r]);
				else if (col == mark_col)
					ui_put(w, 1 + r, GUTTER + col, 1, ui_g.curve_mark);
			}
			wattr_off(w, a, NULL);
		}
	} else {
		for (int col = 0; col < cw && col < n; col++) {
			int r = (int)lround((1 - d->curve[col]) * (ch - 1));
			if (col == mark_col) {
				wattr_on(w, theme_attr(ROLE_MARK), NULL);
				for (int rr = 0; rr < ch; rr++)
					ui_put(w, 1 + rr, GUTTER + col, 1, rr == r ? "O" : ui_g.curve_mark);
				wattr_off(w, theme_attr(ROLE_MARK), NULL);
			} else {
				wattr_on(w, theme_attr(ROLE_CURVE), NULL);
				ui_put(w, 1 + r, GUTTER + col, 1, "*");
				wattr_off(w, theme_attr(ROLE_CURVE), NULL);
			}
		}
	}

	/* Axis: range ends, and the current value under its column. */
	char lo[24], hi[24], cur[32];
	dash_fmt_value(d, d->sel, f->lo, lo, sizeof lo);
	dash_fmt_value(d, d->sel, f->hi, hi, sizeof hi);
	dash_fmt_value(d, d->sel, d->value[d->sel], cur, sizeof cur);
	int y = h - 1, hw = (int)strlen(hi), lw = (int)strlen(lo);
	wattr_on(w, theme_attr(ROLE_DIM), NULL);
	ui_put(w, y, GUTTER, lw, lo);
	ui_put(w, y, wd - hw, hw, hi);
	wattr_off(w, theme_attr(ROLE_DIM), NULL);
	snprintf(line, sizeof line, "%s%s", ui_g.utf8 ? "▲" : "^", cur);
	int x = GUTTER + mark_col, lw2 = (int)strlen(cur) + 1;
	if (x + lw2 > wd)
		x = wd - lw2;
	wattr_on(w, theme_attr(ROLE_MARK), NULL);
	ui_put(w, y, x, lw2, line);
	wattr_off(w, theme_attr(ROLE_MARK), NULL);
}

static int curve_key(struct pane_ctx *c, enum ui_action a, int key)
{
	struct dash *d = c->d;
	int nf = (int)d->b->n_features;
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

static void curve_resize(struct pane_ctx *c, int h, int wd)
{
	(void)h;
	c->d->curve_n = curve_samples(wd);
}

const struct pane_ops pane_curve_ops = {
	.name = "What-if",
	.ctx = UI_CTX_CURVE,
	.draw = curve_draw,
	.key = curve_key,
	.resize = curve_resize,
};
