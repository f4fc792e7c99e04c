/* pane_title.c - the title bar: program, model in use, its accuracy and
 * when the model file was written. */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "tui/tui.h"

static void title_draw(struct pane_ctx *c, WINDOW *w, int h, int wd)
{
	const struct dash *d = c->d;
	char left[160], right[64] = "";
	(void)h;
	wbkgdset(w, ' ' | theme_attr(ROLE_TITLE));
	werase(w);
	if (d->state == DASH_READY) {
		const struct oc_trained *t = &d->b->models[d->use];
		snprintf(left, sizeof left, " opticure  model: %s  accuracy %.3f%s", t->ops->title,
		         t->metrics.accuracy, d->use == d->b->best ? " (best)" : "");
		if (d->mtime) {
			struct tm tm;
			char when[32];
			localtime_r(&d->mtime, &tm);
			strftime(when, sizeof when, "%Y-%m-%d %H:%M", &tm);
			snprintf(right, sizeof right, "trained %s ", when);
		}
	} else {
		snprintf(left, sizeof left, " opticure  no model loaded");
	}
	wattr_on(w, theme_attr(ROLE_TITLE), NULL);
	int rl = (int)strlen(right);
	ui_put(w, 0, 0, wd, left);
	if (rl && (int)strlen(left) + rl + 1 <= wd)
		ui_put(w, 0, wd - rl, rl, right);
	wattr_off(w, theme_attr(ROLE_TITLE), NULL);
}

const struct pane_ops pane_title_ops = {
	.name = "title",
	.ctx = UI_CTX_GLOBAL,
	.draw = title_draw,
};
