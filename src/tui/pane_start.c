/* SPDX-License-Identifier: MIT */
/* pane_start.c - what the dashboard shows without a usable model: the
 * offer to train one (no model file yet), the loader's message (a file
 * that does not load), and the progress of the run started from here. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "tui/tui.h"

/* Writes s wrapped at width wd (columns) from row *y, advancing *y. */
static void put_wrapped(WINDOW *w, int *y, int h, int x, int wd, const char *s)
{
	while (*s && *y < h) {
		const char *next;
		size_t take = ui_wrap_next(s, wd, &next);
		char line[512];
		snprintf(line, sizeof line, "%.*s", (int)take, s);
		ui_put(w, (*y)++, x, wd, line);
		s = next;
	}
}

static void start_draw(void *self, struct pane_ctx *c, WINDOW *w, int h, int wd)
{
	const struct dash *d = c->d;
	int y = 1, x = 2, tw = wd - 4;
	char buf[DASH_MSG_MAX + OC_PATH_MAX + 256];
	(void)self;

	if (d->state == DASH_NOMODEL) {
		wattr_on(w, theme_attr(ROLE_LABEL), NULL);
		ui_put(w, y++, x, tw, "No model file yet");
		wattr_off(w, theme_attr(ROLE_LABEL), NULL);
		y++;
		snprintf(buf, sizeof buf, "%s does not exist.", d->model_path);
		put_wrapped(w, &y, h, x, tw, buf);
	} else {
		wattr_on(w, theme_attr(ROLE_ERROR), NULL);
		ui_put(w, y++, x, tw, "The model file could not be loaded");
		wattr_off(w, theme_attr(ROLE_ERROR), NULL);
		y++;
		put_wrapped(w, &y, h, x + 2, tw - 2, d->load_msg);
	}
	y++;
	if (c->progress >= 0) {
		snprintf(buf, sizeof buf, "Training: %s", c->status ? c->status : "");
		ui_put(w, y++, x, tw, buf);
		if (y < h) {
			theme_bar(w, y, x, tw - 6, c->progress, ROLE_PROGRESS);
			snprintf(buf, sizeof buf, "%3.0f%%", c->progress * 100);
			ui_put(w, y++, x + tw - 5, 5, buf);
		}
		y++;
		put_wrapped(w, &y, h, x, tw, "Press c or Esc to cancel, q to stop and quit.");
		return;
	}
	if (c->start_msg && c->start_msg[0]) {
		wattr_on(w, theme_attr(ROLE_ERROR), NULL);
		put_wrapped(w, &y, h, x, tw, c->start_msg);
		wattr_off(w, theme_attr(ROLE_ERROR), NULL);
		y++;
	}
	if (d->state == DASH_NOMODEL)
		snprintf(buf, sizeof buf, "Press Enter to train one now with the configured settings "
		         "(it is written to %s), or q to quit.", d->model_path);
	else
		snprintf(buf, sizeof buf, "Press Enter or r to train a new model with the configured "
		         "settings (it replaces the file), or q to quit. `opticure --batch` trains "
		         "without the dashboard.");
	put_wrapped(w, &y, h, x, tw, buf);
}

const struct pane_ops pane_start_ops = {
	.name = "opticure", .ctx = UI_CTX_NOMODEL,
	.draw = start_draw,
};
