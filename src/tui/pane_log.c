/* SPDX-License-Identifier: MIT */
/* pane_log.c - the message log: every message the status line showed this
 * session, oldest first, wrapped in full (the status line may have had to
 * shorten one).  It scrolls and closes as the help screen does. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "tui/tui.h"

struct log {
	struct scroller sc;
	int wd;
};

static int log_total(const struct pane_ctx *c, int wd)
{
	int n = 0;
	for (int i = 0; i < c->log_n; i++)
		n += ui_wrap_count(c->log_lines[i], wd);
	return n ? n : 1;
}

static int log_init(void *self, struct pane_ctx *c)
{
	struct log *l = self;
	(void)c;
	/* Opened at the end: the latest message is the one wanted. */
	l->sc.top = 1 << 20;
	return 0;
}

static void log_draw(void *self, struct pane_ctx *c, WINDOW *w, int h, int wd)
{
	struct log *l = self;
	int tw = wd - 3;
	l->sc.view = h;
	l->sc.total = log_total(c, tw);
	scroll_clamp(&l->sc);
	if (c->log_n == 0) {
		ui_put(w, 0, 1, tw, "No messages yet.");
		return;
	}
	int k = 0;
	for (int i = 0; i < c->log_n; i++) {
		const char *s = c->log_lines[i];
		bool first = true;
		while (*s) {
			const char *next;
			size_t n = ui_wrap_next(s, tw, &next);
			int r = k - l->sc.top;
			if (r >= 0 && r < h) {
				char line[DASH_MSG_MAX];
				snprintf(line, sizeof line, "%.*s", (int)n, s);
				ui_put(w, r, 0, 1, first ? "-" : " ");
				ui_put(w, r, 2, tw, line);
			}
			k++;
			first = false;
			s = next;
		}
	}
	scroll_marks(&l->sc, w, 0, h - 1, wd - 1);
}

static int log_key(void *self, struct pane_ctx *c, enum ui_action a, int key)
{
	struct log *l = self;
	(void)key;
	return scroll_overlay_key(&l->sc, &c->log, a);
}

const struct pane_ops pane_log_ops = {
	.name = "Messages", .ctx = UI_CTX_HELP, .size = sizeof(struct log),
	.init = log_init, .draw = log_draw, .key = log_key,
};
