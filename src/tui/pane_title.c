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
	char line[256], when[40] = "";
	(void)h;
	wbkgdset(w, ' ' | theme_attr(ROLE_TITLE));
	werase(w);
	if (d->state == DASH_READY) {
		const struct oc_trained *t = &d->b->models[d->use];
		const char *best = d->use == d->b->best ? " (best)" : "";
		if (d->mtime) {
			struct tm tm;
			localtime_r(&d->mtime, &tm);
			strftime(when, sizeof when, "  trained %Y-%m-%d %H:%M", &tm);
		}
		/* Always "model: NAME": the full title when it fits, else the
		 * short key ("SVM"), then a shorter word for accuracy; the training
		 * time stays.  ui_put clips what still does not fit. */
		char key[16];
		size_t i = 0;
		for (const char *k = t->ops->key; *k && i + 1 < sizeof key; k++)
			key[i++] = (char)(*k >= 'a' && *k <= 'z' ? *k - 'a' + 'A' : *k);
		key[i] = '\0';
		snprintf(line, sizeof line, " opticure  model: %s%s  accuracy %.3f%s", t->ops->title,
		         best, t->metrics.accuracy, when);
		if (ui_width(line) > wd)
			snprintf(line, sizeof line, " opticure  model: %s%s  accuracy %.3f%s", key, best,
			         t->metrics.accuracy, when);
		if (ui_width(line) > wd)
			snprintf(line, sizeof line, " opticure  model: %s%s  acc %.3f%s", key, best,
			         t->metrics.accuracy, when);
	} else {
		snprintf(line, sizeof line, " opticure  no model loaded");
	}
	wattr_on(w, theme_attr(ROLE_TITLE), NULL);
	ui_put(w, 0, 0, wd, line);
	wattr_off(w, theme_attr(ROLE_TITLE), NULL);
}

const struct pane_ops pane_title_ops = {
	.name = "title",
	.ctx = UI_CTX_GLOBAL,
	.draw = title_draw,
};
