/* pane_sliders.c - one slider per model feature: name, value and unit,
 * range, a track with the knob.  Two lines per slider when they fit, one
 * otherwise, scrolling to keep the selection visible.  A digit or Enter
 * opens a field to type an exact value; its verdict goes to the status
 * line, which has room for it. */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tui/tui.h"

static struct {
	int top;            /* first visible slider */
	int h, wd;          /* content size */
	bool editing;
	char field[32];     /* typed text */
} sl;

static int sliders_per_view(const struct dash *d)
{
	int nf = (int)d->b->n_features;
	int lines = 2 * nf <= sl.h ? 2 : 1;
	return lines == 2 ? nf : sl.h - (sl.editing ? 1 : 0);
}

static int lines_per_slider(const struct dash *d)
{
	return 2 * (int)d->b->n_features <= sl.h ? 2 : 1;
}

static void keep_visible(const struct dash *d)
{
	int view = sliders_per_view(d);
	if (view < 1)
		view = 1;
	if (d->sel < sl.top)
		sl.top = d->sel;
	if (d->sel >= sl.top + view)
		sl.top = d->sel - view + 1;
	if (sl.top < 0)
		sl.top = 0;
}

/* Display form of a unit: "degC" gets a degree sign in UTF-8, and the
 * ASCII fallback drops non-ASCII bytes ("°C" becomes "C"). */
static const char *unit_text(const char *u, char *buf, size_t bufsz)
{
	if (!u)
		return "";
	if (strcmp(u, "degC") == 0)
		u = "°C";
	if (ui_g.utf8)
		return u;
	size_t n = 0;
	for (; *u && n + 1 < bufsz; u++)
		if (!((unsigned char)*u & 0x80))
			buf[n++] = *u;
	buf[n] = '\0';
	return buf;
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

static void sliders_draw(struct pane_ctx *c, WINDOW *w, int h, int wd)
{
	const struct dash *d = c->d;
	const struct oc_bundle *b = d->b;
	int per = lines_per_slider(d);
	int view = sliders_per_view(d);
	sl.h = h;
	sl.wd = wd;
	keep_visible(d);
	for (int k = 0; k < view && sl.top + k < (int)b->n_features; k++) {
		int i = sl.top + k, y = k * per;
		const struct oc_feature_info *f = &b->features[i];
		bool sel = i == d->sel;
		char val[48], lo[24], hi[24], right[96];
		dash_fmt_value(d, i, d->value[i], val, sizeof val);
		dash_fmt_value(d, i, f->lo, lo, sizeof lo);
		dash_fmt_value(d, i, f->hi, hi, sizeof hi);
		char ubuf[32];
		const char *u = unit_text(f->unit, ubuf, sizeof ubuf);
		snprintf(right, sizeof right, "%s%s%s", val, u[0] ? " " : "", u);
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
		if (sl.top > 0)
			ui_put(w, 0, wd - 1, 1, ui_g.up);
		if (sl.top + view < (int)b->n_features)
			ui_put(w, view - 1, wd - 1, 1, ui_g.down);
		wattr_off(w, theme_attr(ROLE_DIM), NULL);
	}
	if (sl.editing) {
		char line[128], lo[24], hi[24];
		dash_fmt_value(d, d->sel, b->features[d->sel].lo, lo, sizeof lo);
		dash_fmt_value(d, d->sel, b->features[d->sel].hi, hi, sizeof hi);
		snprintf(line, sizeof line, "value (%s..%s): %s_", lo, hi, sl.field);
		wattr_on(w, theme_attr(ROLE_SELECTED), NULL);
		mvwhline(w, h - 1, 0, ' ', wd);
		ui_put(w, h - 1, 0, wd, line);
		wattr_off(w, theme_attr(ROLE_SELECTED), NULL);
	}
}

/* Applies the typed text to the selected slider.  A value is taken when it
 * rounds into the range at the slider's resolution; it is then put on the
 * grid the arrow keys walk (saying so when that changed it), so what is
 * shown is what the models see.  Anything else leaves the value alone. */
static int field_apply(struct pane_ctx *c)
{
	struct dash *d = c->d;
	const struct oc_feature_info *f = &d->b->features[d->sel];
	double half = d->step[d->sel] / 2;
	char lo[24], hi[24], got[24];
	char *end;
	double v = strtod(sl.field, &end);

	dash_fmt_value(d, d->sel, f->lo, lo, sizeof lo);
	dash_fmt_value(d, d->sel, f->hi, hi, sizeof hi);
	c->note_error = true;
	if (*end || end == sl.field || !isfinite(v)) {
		snprintf(c->note, sizeof c->note, "not a number: %s", sl.field);
		return UI_HANDLED | UI_REDRAW;
	}
	if (v < f->lo - half || v > f->hi + half) {
		snprintf(c->note, sizeof c->note, "%s is out of range (%s..%s); value unchanged",
		         sl.field, lo, hi);
		return UI_HANDLED | UI_REDRAW;
	}
	double g = dash_snap(d, d->sel, v);
	dash_fmt_value(d, d->sel, g, got, sizeof got);
	if (strtod(got, NULL) != v) {
		char step[24];
		dash_fmt_value(d, d->sel, d->step[d->sel], step, sizeof step);
		snprintf(c->note, sizeof c->note, "%s rounded to %s (step %s)", sl.field, got, step);
		c->note_error = false;
	}
	return UI_HANDLED | UI_REDRAW | (dash_set(d, d->sel, g) ? UI_RECOMPUTE : 0);
}

/* Typed-value field: digits, one point, a leading minus, Backspace; Enter
 * applies, Esc cancels. */
static int field_key(struct pane_ctx *c, int key)
{
	size_t len = strlen(sl.field);
	if (key == 27) {
		sl.editing = c->grab = false;
		return UI_HANDLED | UI_REDRAW;
	}
	if (key == '\n' || key == '\r' || key == KEY_ENTER) {
		sl.editing = c->grab = false;
		return len == 0 ? UI_HANDLED | UI_REDRAW : field_apply(c);
	}
	if (key == KEY_BACKSPACE || key == 127 || key == 8) {
		if (len)
			sl.field[len - 1] = '\0';
		return UI_HANDLED | UI_REDRAW;
	}
	if (((key >= '0' && key <= '9') || (key == '.' && !strchr(sl.field, '.'))
	     || (key == '-' && len == 0)) && len + 1 < sizeof sl.field) {
		sl.field[len] = (char)key;
		sl.field[len + 1] = '\0';
		return UI_HANDLED | UI_REDRAW;
	}
	return UI_HANDLED;  /* the field swallows everything else */
}

static int sliders_key(struct pane_ctx *c, enum ui_action a, int key)
{
	struct dash *d = c->d;
	int nf = (int)d->b->n_features;
	int r = UI_HANDLED | UI_REDRAW;

	if (sl.editing)
		return field_key(c, key);
	switch (a) {
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
	case ACT_DIGIT:
		sl.editing = c->grab = true;
		sl.field[0] = a == ACT_DIGIT ? (char)key : '\0';
		sl.field[1] = '\0';
		return r;
	case ACT_CLICK: {
		int per = lines_per_slider(d);
		int i = sl.top + c->click_y / per;
		if (i < 0 || i >= nf)
			return UI_HANDLED;
		d->sel = i;
		/* A click on the track sets the value under the pointer. */
		const struct oc_feature_info *f = &d->b->features[i];
		char lo[24], hi[24];
		dash_fmt_value(d, i, f->lo, lo, sizeof lo);
		dash_fmt_value(d, i, f->hi, hi, sizeof hi);
		int x0 = per == 2 ? 3 + (int)strlen(lo) : sl.wd / 3 + 3;
		int tw = per == 2 ? sl.wd - (int)strlen(lo) - (int)strlen(hi) - 5 : sl.wd / 2;
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

static int sliders_init(struct pane_ctx *c)
{
	(void)c;
	memset(&sl, 0, sizeof sl);
	return 0;
}

static void sliders_resize(struct pane_ctx *c, int h, int wd)
{
	sl.h = h;
	sl.wd = wd;
	if (c->d->b)
		keep_visible(c->d);
}

const struct pane_ops pane_sliders_ops = {
	.name = "Sliders",
	.ctx = UI_CTX_SLIDERS,
	.init = sliders_init,
	.draw = sliders_draw,
	.key = sliders_key,
	.resize = sliders_resize,
};
