/* pane_help.c - the help screen, generated from the key table (keys.c)
 * so it always matches what the keys do.  Esc, ? or F1 close it; q quits. */
#include "config.h"

#include <stdio.h>

#include "tui/tui.h"

#define HELP_MAX 160

static char help_text[HELP_MAX][128];
static int help_n, help_top, help_view;

static int help_init(struct pane_ctx *c)
{
	(void)c;
	help_n = keys_help_lines(help_text, HELP_MAX);
	help_top = 0;
	return 0;
}

static void help_draw(struct pane_ctx *c, WINDOW *w, int h, int wd)
{
	(void)c;
	help_view = h;
	if (help_top > help_n - h)
		help_top = help_n - h > 0 ? help_n - h : 0;
	for (int r = 0; r < h && help_top + r < help_n; r++) {
		const char *s = help_text[help_top + r];
		bool heading = s[0] && s[0] != ' ';
		if (heading)
			wattr_on(w, theme_attr(ROLE_LABEL), NULL);
		ui_put(w, r, 1, wd - 2, s);
		if (heading)
			wattr_off(w, theme_attr(ROLE_LABEL), NULL);
	}
	wattr_on(w, theme_attr(ROLE_MARK), NULL);
	if (help_top > 0)
		ui_put(w, 0, wd - 1, 1, ui_g.up);
	if (help_top + h < help_n)
		ui_put(w, h - 1, wd - 1, 1, ui_g.down);
	wattr_off(w, theme_attr(ROLE_MARK), NULL);
}

static int help_key(struct pane_ctx *c, enum ui_action a, int key)
{
	int page = help_view > 1 ? help_view - 1 : 1;
	int max = help_n - help_view > 0 ? help_n - help_view : 0;
	(void)key;
	switch (a) {
	case ACT_QUIT:
		return UI_QUIT;
	case ACT_CLOSE:
		c->help = false;
		return UI_HANDLED | UI_REDRAW | UI_RESIZE;
	case ACT_UP: help_top--; break;
	case ACT_DOWN: help_top++; break;
	case ACT_PAGE_UP: help_top -= page; break;
	case ACT_PAGE_DOWN: help_top += page; break;
	case ACT_FIRST: help_top = 0; break;
	case ACT_LAST: help_top = max; break;
	default: return UI_HANDLED;
	}
	if (help_top > max)
		help_top = max;
	if (help_top < 0)
		help_top = 0;
	return UI_HANDLED | UI_REDRAW;
}

const struct pane_ops pane_help_ops = {
	.name = "Help",
	.ctx = UI_CTX_HELP,
	.init = help_init,
	.draw = help_draw,
	.key = help_key,
};
