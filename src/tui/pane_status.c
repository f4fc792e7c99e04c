/* pane_status.c - the bottom line: training progress or a message on the
 * left, the key bar of the focused pane (from the key table) after it. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "tui/tui.h"

static void status_draw(struct pane_ctx *c, WINDOW *w, int h, int wd)
{
	char keys[256];
	int x = 0;
	(void)h;
	wbkgdset(w, ' ' | theme_attr(ROLE_BAR));
	werase(w);
	if (c->progress >= 0) {
		char msg[96];
		snprintf(msg, sizeof msg, " %s ", c->status ? c->status : "training");
		wattr_on(w, theme_attr(ROLE_BAR_KEY), NULL);
		ui_put(w, 0, 0, wd, msg);
		wattr_off(w, theme_attr(ROLE_BAR_KEY), NULL);
		x = ui_width(msg);
		int bw = wd - x - 8 > 20 ? 20 : wd - x - 8;
		if (bw > 0) {
			theme_bar(w, 0, x, bw, c->progress, ROLE_BAR_KEY);
			char pct[8];
			snprintf(pct, sizeof pct, " %3.0f%% ", c->progress * 100);
			wattr_on(w, theme_attr(ROLE_BAR), NULL);
			ui_put(w, 0, x + bw, wd - x - bw, pct);
			wattr_off(w, theme_attr(ROLE_BAR), NULL);
			x += bw + (int)strlen(pct);
		}
	} else if (c->status && c->status[0]) {
		char msg[DASH_MSG_MAX];
		/* Errors in reverse video, so they read on the bar in any theme. */
		attr_t a = c->status_error ? theme_attr(ROLE_ERROR) | A_REVERSE : theme_attr(ROLE_BAR_KEY);
		snprintf(msg, sizeof msg, " %s ", c->status);
		wattr_on(w, a, NULL);
		ui_put(w, 0, 0, wd, msg);
		wattr_off(w, a, NULL);
		x = ui_width(msg) + 1;
	}
	enum ui_ctx ctx = c->help ? UI_CTX_HELP
	                : c->d->state != DASH_READY ? UI_CTX_NOMODEL
	                : c->focus_ctx;
	keys_bar(ctx, keys, sizeof keys);
	if (x < wd) {
		wattr_on(w, theme_attr(ROLE_BAR), NULL);
		ui_put(w, 0, x + 1, wd - x - 1, keys);
		wattr_off(w, theme_attr(ROLE_BAR), NULL);
	}
}

const struct pane_ops pane_status_ops = {
	.name = "status",
	.ctx = UI_CTX_GLOBAL,
	.draw = status_draw,
};
