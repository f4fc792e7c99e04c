/* SPDX-License-Identifier: MIT */
/* scroll.c - the one scroller the help screen, the message log and the
 * metrics pane share: clamping, the movement keys, the "more" marks. */
#include "config.h"

#include "tui/tui.h"

int scroll_clamp(struct scroller *s)
{
	int max = s->total - s->view;
	if (max < 0)
		max = 0;
	if (s->top > max)
		s->top = max;
	if (s->top < 0)
		s->top = 0;
	return max;
}

int scroll_key(struct scroller *s, enum ui_action a)
{
	int old = s->top, page = s->view > 1 ? s->view - 1 : 1;
	switch (a) {
	case ACT_UP: s->top--; break;
	case ACT_DOWN: s->top++; break;
	case ACT_PAGE_UP: s->top -= page; break;
	case ACT_PAGE_DOWN: s->top += page; break;
	case ACT_FIRST: s->top = 0; break;
	case ACT_LAST: s->top = s->total; break;
	default: return 0;
	}
	scroll_clamp(s);
	return UI_HANDLED | (s->top != old ? UI_REDRAW : 0);
}

int scroll_overlay_key(struct scroller *s, bool *shown, enum ui_action a)
{
	switch (a) {
	case ACT_QUIT:
		return UI_QUIT;
	case ACT_CLOSE:
		*shown = false;
		return UI_HANDLED | UI_REDRAW | UI_RESIZE;
	default:
		return scroll_key(s, a) | UI_HANDLED;
	}
}

void scroll_marks(const struct scroller *s, WINDOW *w, int y_top, int y_bottom, int x)
{
	wattr_on(w, theme_attr(ROLE_MARK), NULL);
	if (s->top > 0)
		ui_put(w, y_top, x, 1, ui_g.up);
	if (s->top + s->view < s->total)
		ui_put(w, y_bottom, x, 1, ui_g.down);
	wattr_off(w, theme_attr(ROLE_MARK), NULL);
}
