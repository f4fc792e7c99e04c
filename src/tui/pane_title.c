/* SPDX-License-Identifier: MIT */
/* pane_title.c - the title bar: program, model in use, its accuracy, when
 * the model file was written (or "unsaved" for models kept from a retrain
 * without writing them), and the artifact directory at the right. */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "tui/tui.h"

static void title_draw(void *self, struct pane_ctx *c, WINDOW *w, int h, int wd)
{
	const struct dash *d = c->d;
	char line[256], when[48] = "", dir[OC_PATH_MAX + 8] = "";
	(void)h;
	(void)self;
	wbkgdset(w, ' ' | theme_attr(ROLE_TITLE));
	werase(w);
	/* The artifact directory: whole when it fits, else ".../last part". */
	if (c->artifact_dir) {
		const char *base = strrchr(c->artifact_dir, '/');
		if (base && base[1] && ui_width(c->artifact_dir) > wd / 3)
			snprintf(dir, sizeof dir, "...%s", base);
		else
			snprintf(dir, sizeof dir, "%s", c->artifact_dir);
	}
	int dw = dir[0] ? ui_width(dir) + 2 : 0;
	if (d->state == DASH_READY) {
		const struct oc_trained *t = &d->b->models[d->use];
		const char *best = d->use == d->b->best ? " (best)" : "";
		if (d->unsaved) {
			snprintf(when, sizeof when, "  UNSAVED, kept for this session");
		} else if (d->mtime) {
			struct tm tm;
			localtime_r(&d->mtime, &tm);
			strftime(when, sizeof when, "  trained %Y-%m-%d %H:%M", &tm);
		}
		/* Always "model: NAME": the full title when it fits beside the
		 * directory, else the short key ("SVM"), then a shorter word for
		 * accuracy; the training time stays.  ui_put clips what still does
		 * not fit. */
		char key[16];
		size_t i = 0;
		for (const char *k = t->ops->key; *k && i + 1 < sizeof key; k++)
			key[i++] = (char)(*k >= 'a' && *k <= 'z' ? *k - 'a' + 'A' : *k);
		key[i] = '\0';
		snprintf(line, sizeof line, " opticure  model: %s%s  accuracy %.3f%s", t->ops->title,
		         best, t->metrics.accuracy, when);
		if (ui_width(line) + dw > wd)
			snprintf(line, sizeof line, " opticure  model: %s%s  accuracy %.3f%s", key, best,
			         t->metrics.accuracy, when);
		if (ui_width(line) + dw > wd)
			snprintf(line, sizeof line, " opticure  model: %s%s  acc %.3f%s", key, best,
			         t->metrics.accuracy, when);
	} else {
		snprintf(line, sizeof line, " opticure  no model loaded");
	}
	wattr_on(w, theme_attr(ROLE_TITLE), NULL);
	ui_put(w, 0, 0, wd, line);
	if (dir[0] && ui_width(line) + dw <= wd)
		ui_put(w, 0, wd - dw + 1, dw - 1, dir);
	wattr_off(w, theme_attr(ROLE_TITLE), NULL);
}

const struct pane_ops pane_title_ops = {
	.name = "title", .ctx = UI_CTX_GLOBAL,
	.draw = title_draw,
};
