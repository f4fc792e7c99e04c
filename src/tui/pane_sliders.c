/* SPDX-License-Identifier: MIT */
/* pane_sliders.c - one slider per model feature: name, value and unit,
 * range, a track with the knob.  Two lines per slider when they fit, one
 * otherwise, scrolling to keep the selection visible.  A digit or Enter
 * opens the prompt (on the status line) to type an exact value; its
 * verdict goes to the status line too, which has room for it. */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tui/tui.h"

struct sliders {
	int top;            /* first visible slider */
	int h, wd;          /* content size */
};

static int sliders_per_view(const struct sliders *sl, const struct dash *d)
{
	int nf = (int)d->b->n_features;
	return 2 * nf <= sl->h ? nf : sl->h;
}

static int lines_per_slider(const struct sliders *sl, const struct dash *d)
{
	return 2 * (int)d->b->n_features <= sl->h ? 2 : 1;
}

static void keep_visible(struct sliders *sl, const struct dash *d)
{
	int view = sliders_per_view(sl, d);
	if (view < 1)
		view = 1;
	if (d->sel < sl->top)
		sl->top = d->sel;
	if (d->sel >= sl->top + view)
		sl->top = d->sel - view + 1;
	if (sl->top < 0)
		sl->top = 0;
}

static void draw_track(WINDOW *w, int y, int x, int width, double frac)
{
	if (width < 3)
		return;
	int knob = (int)(frac * (width - 1) + 0.5);
	wmove(w, y, x);
	wattr_on(w, theme_attr(ROLE_TRACK), NULL);
	for (int i = 0; i < knob; i++)
		waddstr(w, ui_g.track_on);
	wattr_off(w, theme_attr(ROLE_TRACK), NULL);
	wattr_on(w, theme_attr(ROLE_KNOB), NULL);
	waddstr(w, ui_g.knob);
	wattr_off(w, theme_attr(ROLE_KNOB), NULL);
	wattr_on(w, theme_attr(ROLE_DIM), NULL);
	for (int i = knob + 1; i < width; i++)
		waddstr(w, ui_g.track_off);
	wattr_off(w, theme_attr(ROLE_DIM), NULL);
}

static void sliders_draw(void *self, struct pane_ctx *c, WINDOW *w, int h, int wd)
{
	struct sliders *sl = self;
	const struct dash *d = c->d;
	const struct oc_bundle *b = d->b;
	sl->h = h;
	sl->wd = wd;
	int per = lines_per_slider(sl, d);
	int view = sliders_per_view(sl, d);
	keep_visible(sl, d);
	for (int k = 0; k < view && sl->top + k < (int)b->n_features; k++) {
		int i = sl->top + k, y = k * per;
		const struct oc_feature_info *f = &b->features[i];
		bool sel = i == d->sel;
		char val[48], lo[24], hi[24], right[96];
		dash_fmt_value(d, i, d->value[i], val, sizeof val);
		dash_fmt_value(d, i, f->lo, lo, sizeof lo);
		dash_fmt_value(d, i, f->hi, hi, sizeof hi);
		char ubuf[32];
		const char *u = ui_unit(f->unit, ubuf, sizeof ubuf);
		/* '!': outside the range the models were trained on */
		snprintf(right, sizeof right, "%s%s%s%s", dash_out_of_range(d, i) ? "! " : "", val,
		         u[0] ? " " : "", u);
		int rw = ui_width(right);
		double frac = f->hi > f->lo ? (d->value[i] - f->lo) / (f->hi - f->lo) : 0;

		attr_t na = theme_attr(sel && c->focused ? ROLE_SELECTED : sel ? ROLE_LABEL : ROLE_NORMAL);
		if (per == 2) {
			wattr_on(w, na, NULL);
			mvwhline(w, y, 0, ' ', wd);
			ui_put(w, y, 0, 2, sel ? ui_g.cursor : " ");
			ui_put(w, y, 2, wd - rw - 3, f->name);
			ui_put(w, y, wd - rw - 1, rw, right);
			wattr_off(w, na, NULL);
			int lw = (int)strlen(lo), hw = (int)strlen(hi);
			wattr_on(w, theme_attr(ROLE_DIM), NULL);
			ui_put(w, y + 1, 2, lw, lo);
			ui_put(w, y + 1, wd - hw - 1, hw, hi);
			wattr_off(w, theme_attr(ROLE_DIM), NULL);
			draw_track(w, y + 1, 3 + lw, wd - lw - hw - 5, frac);
		} else {
			int nw = wd / 3;
			wattr_on(w, na, NULL);
			mvwhline(w, y, 0, ' ', nw + 2);
			ui_put(w, y, 0, 2, sel ? ui_g.cursor : " ");
			ui_put(w, y, 2, nw, f->name);
			wattr_off(w, na, NULL);
			draw_track(w, y, nw + 3, wd - nw - rw - 5, frac);
			ui_put(w, y, wd - rw - 1, rw, right);
		}
	}
	if (view < (int)b->n_features && per == 1) {
		wattr_on(w, theme_attr(ROLE_DIM), NULL);
		if (sl->top > 0)
			ui_put(w, 0, wd - 1, 1, ui_g.up);
		if (sl->top + view < (int)b->n_features)
			ui_put(w, view - 1, wd - 1, 1, ui_g.down);
		wattr_off(w, theme_attr(ROLE_DIM), NULL);
	}
}

/* Applies the typed text to the selected slider.  The whole text must be
 * a number (dash_parse_value); a value is taken when it rounds into the
 * range at the slider's resolution; it is then put on the grid the arrow
 * keys walk (saying so when that changed it), so what is shown is what the
 * models see.  Anything else is refused with the reason, the value kept. */
static int field_apply(struct pane_ctx *c, const char *text)
{
	struct dash *d = c->d;
	const struct oc_feature_info *f = &d->b->features[d->sel];
	double half = d->step[d->sel] / 2, v;
	char lo[24], hi[24], got[24];

	dash_fmt_value(d, d->sel, f->lo, lo, sizeof lo);
	dash_fmt_value(d, d->sel, f->hi, hi, sizeof hi);
	c->note_error = true;
	if (!dash_parse_value(text, &v, c->note, sizeof c->note))
		return UI_HANDLED | UI_REDRAW;
	if (v < f->lo - half || v > f->hi + half) {
		snprintf(c->note, sizeof c->note, "%s is out of range (%s..%s); value unchanged",
		         text, lo, hi);
		return UI_HANDLED | UI_REDRAW;
	}
	double g = dash_snap(d, d->sel, v);
	dash_fmt_value(d, d->sel, g, got, sizeof got);
	c->note_error = false;
	if (strtod(got, NULL) != v) {
		char step[24];
		dash_fmt_value(d, d->sel, d->step[d->sel], step, sizeof step);
		snprintf(c->note, sizeof c->note, "%s rounded to %s (step %s)", text, got, step);
	}
	return UI_HANDLED | UI_REDRAW | (dash_set(d, d->sel, g) ? UI_RECOMPUTE : 0);
}

static void open_prompt(struct pane_ctx *c, const char *text)
{
	const struct dash *d = c->d;
	const struct oc_feature_info *f = &d->b->features[d->sel];
	char lo[24], hi[24], ubuf[32], label[96];
	dash_fmt_value(d, d->sel, f->lo, lo, sizeof lo);
	dash_fmt_value(d, d->sel, f->hi, hi, sizeof hi);
	const char *u = ui_unit(f->unit, ubuf, sizeof ubuf);
	snprintf(label, sizeof label, "%s (%s..%s%s%s)", f->name, lo, hi, u[0] ? " " : "", u);
	prompt_open(&c->prompt, PANE_SLIDERS, label, text);
}

static int sliders_key(void *self, struct pane_ctx *c, enum ui_action a, int key)
{
	struct sliders *sl = self;
	struct dash *d = c->d;
	int nf = (int)d->b->n_features;
	int r = UI_HANDLED | UI_REDRAW;

	switch (a) {
	case ACT_ACCEPT:
		return field_apply(c, c->prompt.text);
	case ACT_UP:
		if (d->sel > 0)
			d->sel--;
		return r | UI_RECOMPUTE;
	case ACT_DOWN:
		if (d->sel + 1 < nf)
			d->sel++;
		return r | UI_RECOMPUTE;
	case ACT_DEC: return r | (dash_step(d, d->sel, -1) ? UI_RECOMPUTE : 0);
	case ACT_INC: return r | (dash_step(d, d->sel, 1) ? UI_RECOMPUTE : 0);
	case ACT_DEC10: return r | (dash_step(d, d->sel, -10) ? UI_RECOMPUTE : 0);
	case ACT_INC10: return r | (dash_step(d, d->sel, 10) ? UI_RECOMPUTE : 0);
	case ACT_FIRST: return r | (dash_set(d, d->sel, d->b->features[d->sel].lo) ? UI_RECOMPUTE : 0);
	case ACT_LAST: return r | (dash_set(d, d->sel, d->b->features[d->sel].hi) ? UI_RECOMPUTE : 0);
	case ACT_ENTER:
		open_prompt(c, "");
		return r;
	case ACT_DIGIT: {
		char first[2] = { (char)key, '\0' };
		open_prompt(c, first);
		return r;
	}
	case ACT_CLICK: {
		int per = lines_per_slider(sl, d);
		int i = sl->top + c->click_y / per;
		if (i < 0 || i >= nf)
			return UI_HANDLED;
		d->sel = i;
		/* A click on the track sets the value under the pointer. */
		const struct oc_feature_info *f = &d->b->features[i];
		char lo[24], hi[24];
		dash_fmt_value(d, i, f->lo, lo, sizeof lo);
		dash_fmt_value(d, i, f->hi, hi, sizeof hi);
		int x0 = per == 2 ? 3 + (int)strlen(lo) : sl->wd / 3 + 3;
		int tw = per == 2 ? sl->wd - (int)strlen(lo) - (int)strlen(hi) - 5 : sl->wd / 2;
		if ((per == 1 || c->click_y % 2 == 1) && c->click_x >= x0 && c->click_x < x0 + tw && tw > 1) {
			double v = f->lo + (f->hi - f->lo) * (c->click_x - x0) / (tw - 1);
			dash_set(d, i, dash_snap(d, i, v));
		}
		return r | UI_RECOMPUTE;
	}
	default:
		return 0;
	}
}

static void sliders_resize(void *self, struct pane_ctx *c, int h, int wd)
{
	struct sliders *sl = self;
	sl->h = h;
	sl->wd = wd;
	if (c->d->b)
		keep_visible(sl, c->d);
}

const struct pane_ops pane_sliders_ops = {
	.name = "Sliders", .ctx = UI_CTX_SLIDERS, .size = sizeof(struct sliders),
	.draw = sliders_draw, .key = sliders_key, .resize = sliders_resize,
};
