/* SPDX-License-Identifier: MIT */
/* pane_status.c - the bottom lines: the open prompt with its keys; or
 * training progress; or the message, whole: when it does not fit beside
 * the key bar it wraps onto the lines above the bar (ui.c gives the status
 * pane c->status_lines + 1 lines for it), and L shows every message of the
 * session in full.  The key bar is that of the focused pane, the prompt,
 * the retrain choice or the help screen (c->bar_ctx). */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "tui/tui.h"

static void status_draw(void *self, struct pane_ctx *c, WINDOW *w, int h, int wd)
{
	char keys[256];
	int x = 0, y = h - 1;
	(void)self;
	wbkgdset(w, ' ' | theme_attr(ROLE_BAR));
	werase(w);
	keys_bar(c->bar_ctx, keys, sizeof keys);
	if (c->prompt.open) {
		/* The prompt's own keys at the right, the field with all the rest. */
		int kw = ui_width(keys) + 2;
		if (kw > wd / 2)
			kw = wd / 2;
		wattr_on(w, theme_attr(ROLE_BAR_KEY), NULL);
		prompt_draw(&c->prompt, w, y, 1, wd - kw - 2);
		wattr_off(w, theme_attr(ROLE_BAR_KEY), NULL);
		ui_put(w, y, wd - kw + 1, kw - 1, keys);
		return;
	}
	if (c->progress >= 0 && c->status_lines == 0) {
		char msg[DASH_MSG_MAX + 4];
		snprintf(msg, sizeof msg, " %s ", c->status ? c->status : "training");
		wattr_on(w, theme_attr(ROLE_BAR_KEY), NULL);
		ui_put(w, y, 0, wd, msg);
		wattr_off(w, theme_attr(ROLE_BAR_KEY), NULL);
		x = ui_width(msg);
		int bw = wd - x - 8 > 20 ? 20 : wd - x - 8;
		if (bw > 0) {
			theme_bar(w, y, x, bw, c->progress, ROLE_BAR_KEY);
			char pct[8];
			snprintf(pct, sizeof pct, " %3.0f%% ", c->progress * 100);
			wattr_on(w, theme_attr(ROLE_BAR), NULL);
			ui_put(w, y, x + bw, wd - x - bw, pct);
			wattr_off(w, theme_attr(ROLE_BAR), NULL);
			x += bw + (int)strlen(pct);
		}
	} else if (c->status && c->status[0]) {
		/* Errors in reverse video, so they read on the bar in any theme. */
		attr_t a = c->status_error ? theme_attr(ROLE_ERROR) | A_REVERSE : theme_attr(ROLE_BAR_KEY);
		wattr_on(w, a, NULL);
		if (c->status_lines == 0) {
			char msg[DASH_MSG_MAX + 4];
			snprintf(msg, sizeof msg, " %s ", c->status);
			ui_put(w, y, 0, wd, msg);
			x = ui_width(msg) + 1;
		} else {
			/* Wrapped over the lines above the key bar; what still does
			 * not fit is in the message log, and the last line says so. */
			const char *s = c->status;
			for (int r = 0; r < h - 1 && *s; r++) {
				const char *next;
				bool last = r == h - 2;
				size_t n = ui_wrap_next(s, wd - 2, &next);
				char line[DASH_MSG_MAX];
				mvwhline(w, r, 0, ' ', wd);
				if (last && *next)
					n = ui_wrap_next(s, wd - 14, &next);
				snprintf(line, sizeof line, "%.*s%s", (int)n, s,
				         last && *next ? " ... (L: all)" : "");
				ui_put(w, r, 1, wd - 2, line);
				s = next;
			}
		}
		wattr_off(w, a, NULL);
	}
	if (x < wd) {
		wattr_on(w, theme_attr(ROLE_BAR), NULL);
		ui_put(w, y, x + 1, wd - x - 1, keys);
		wattr_off(w, theme_attr(ROLE_BAR), NULL);
	}
}

const struct pane_ops pane_status_ops = {
	.name = "status", .ctx = UI_CTX_GLOBAL,
	.draw = status_draw,
};
