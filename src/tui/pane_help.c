/* SPDX-License-Identifier: MIT */
/* pane_help.c - the help screen: what the program is (version, model
 * file, artifact directory), what each pane shows, the symbols, what
 * "confidence" means, then the keys generated from the key table (keys.c)
 * so they always match what the keys do.  Esc, q, ? or F1 close it. */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "tui/tui.h"

#define HELP_MAX 200

struct help {
	char text[HELP_MAX][128];
	int n;
	struct scroller sc;
};

static void add(struct help *h, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void add(struct help *h, const char *fmt, ...)
{
	va_list ap;
	if (h->n >= HELP_MAX)
		return;
	va_start(ap, fmt);
	vsnprintf(h->text[h->n++], sizeof h->text[0], fmt, ap);
	va_end(ap);
}

static int help_init(void *self, struct pane_ctx *c)
{
	struct help *h = self;
	const char *cls = c->d->b ? c->d->b->class_names[1] : "class 1";
	h->n = 0;
	add(h, "opticure %s - the curing-grade dashboard", PACKAGE_VERSION);
	add(h, "  Model file:         %s", c->model_file ? c->model_file : "");
	add(h, "  Artifact directory: %s", c->artifact_dir ? c->artifact_dir : "");
	add(h, "%s", "");
	add(h, "Panes");
	add(h, "  Sliders     one input per feature: what every model is asked about");
	add(h, "  Prediction  the grade of the model in use, its confidence, and each");
	add(h, "              model's vote with the probability of every class");
	add(h, "  What-if     P(%s) of the model in use across the selected slider's", cls);
	add(h, "              range, the other sliders held (o: every model); x, or a");
	add(h, "              wide pane: why this grade (each feature's exact Shapley");
	add(h, "              contribution) and the nearest slider value per feature");
	add(h, "              that gives another grade");
	add(h, "  Metrics     test-set scores of each model, per class, confusion");
	add(h, "%s", "");
	add(h, "Confidence");
	add(h, "  The probability the model in use gives to the grade it names (its");
	add(h, "  vote).  An SVC votes by its decision function while its probabilities");
	add(h, "  come from Platt scaling (a logistic fit on cross-validated scores), so");
	add(h, "  the two can disagree near the boundary: the Prediction pane then marks");
	add(h, "  the model with '!' and says so, and the confidence is below 50%%.");
	add(h, "%s", "");
	add(h, "Symbols");
	add(h, "  %s model in use / selected slider   * best model (highest accuracy)",
	    ui_g.cursor);
	add(h, "  %s %s more above / below   ! vote differs from the most probable class",
	    ui_g.up, ui_g.down);
	add(h, "  What-if: %s current value  %s optimum (lowest P)  %s 0.5 decision line",
	    ui_g.curve_mark, ui_g.optimum, ui_g.decision);
	add(h, "  Sliders: ! value outside the range the models were trained on");
	add(h, "  Title: UNSAVED when the models in use were kept without writing them");
	add(h, "%s", "");
	h->n += keys_help_lines(h->text + h->n, HELP_MAX - h->n);
	h->sc.top = 0;
	h->sc.total = h->n;
	return 0;
}

static void help_draw(void *self, struct pane_ctx *c, WINDOW *w, int hgt, int wd)
{
	struct help *h = self;
	(void)c;
	h->sc.view = hgt;
	scroll_clamp(&h->sc);
	for (int r = 0; r < hgt && h->sc.top + r < h->n; r++) {
		const char *s = h->text[h->sc.top + r];
		bool heading = s[0] && s[0] != ' ';
		if (heading)
			wattr_on(w, theme_attr(ROLE_LABEL), NULL);
		ui_put(w, r, 1, wd - 2, s);
		if (heading)
			wattr_off(w, theme_attr(ROLE_LABEL), NULL);
	}
	scroll_marks(&h->sc, w, 0, hgt - 1, wd - 1);
}

static int help_key(void *self, struct pane_ctx *c, enum ui_action a, int key)
{
	struct help *h = self;
	(void)key;
	return scroll_overlay_key(&h->sc, &c->help, a);
}

const struct pane_ops pane_help_ops = {
	.name = "Help", .ctx = UI_CTX_HELP, .size = sizeof(struct help),
	.init = help_init, .draw = help_draw, .key = help_key,
};
