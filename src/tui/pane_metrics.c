/* SPDX-License-Identifier: MIT */
/* pane_metrics.c - the scrollable metrics table: every model's Accuracy,
 * Precision, Recall, AUC and fit time with the best marked, then per-class
 * rows, each model's confusion matrix and the training warnings.  Each
 * section has its own header line, which scrolls with it; numeric columns
 * are as wide as their largest value (a fit of minutes never runs into
 * the AUC).  Fit times exist only for a model trained in this process (the
 * model file leaves them out so that it is byte-reproducible).  After a
 * retrain the scores of the new models sit under the current ones until
 * the user chooses what to keep. */
#include "config.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "tui/tui.h"

/* room for K = OC_MAX_CLASSES: per model K per-class rows and K + 1 of its
 * confusion matrix */
#define M_LINES (OC_MODEL_COUNT * (2 * OC_MAX_CLASSES + 2) + 64)
#define M_COLS 160

struct metrics {
	struct scroller sc;
	char text[M_LINES][M_COLS];
	enum ui_role role[M_LINES];
	int n;
};

static void put(struct metrics *m, enum ui_role role, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void put(struct metrics *m, enum ui_role role, const char *fmt, ...)
{
	if (m->n >= M_LINES)
		return;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(m->text[m->n], M_COLS, fmt, ap);
	va_end(ap);
	m->role[m->n++] = role;
}

static void model_tag(const struct oc_bundle *b, size_t k, char *buf, size_t bufsz)
{
	size_t i = 0;
	for (const char *s = b->models[k].ops->key; *s && i + 2 < bufsz; s++)
		buf[i++] = (char)toupper((unsigned char)*s);
	if ((int)k == b->best && i + 1 < bufsz)
		buf[i++] = '*';
	buf[i] = '\0';
}

/* The training warning of model k (e.g. an iteration limit reached), or NULL. */
static const char *model_warning(const struct oc_bundle *b, size_t k)
{
	const struct oc_trained *t = &b->models[k];
	return t->ops->warning ? t->ops->warning(t->state) : NULL;
}

/* Five significant characters at most below a day: 0.012, 13.57, 123.4,
 * 1235; the column is sized to the widest all the same. */
static void fmt_fit(const struct oc_trained *t, bool timed, char *buf, size_t bufsz)
{
	double s = t->fit_seconds;
	if (!timed)
		snprintf(buf, bufsz, "n/a");
	else
		snprintf(buf, bufsz, "%.*f", s < 9.9995 ? 3 : s < 99.995 ? 2 : s < 999.95 ? 1 : 0, s);
}

/* Columns of the scores table. */
struct cols {
	int tag, num, fit;
	bool wide;      /* full header words */
};

static void score_row(struct metrics *m, const struct cols *k, const char *tag,
                      const struct oc_trained *t, bool timed, enum ui_role role)
{
	char fit[32];
	fmt_fit(t, timed, fit, sizeof fit);
	put(m, role, "%-*s%*.3f%*.3f%*.3f%*.3f%*s", k->tag, tag, k->num + (k->wide ? 3 : 0),
	    t->metrics.accuracy, k->num + (k->wide ? 4 : 0), t->metrics.precision,
	    k->num + (k->wide ? 1 : 0), t->metrics.recall, k->num, t->metrics.auc, k->fit, fit);
}

/* The new model of the same kind as current model k, or NULL. */
static const struct oc_trained *candidate_of(const struct oc_bundle *nb, const struct oc_trained *t)
{
	for (size_t i = 0; nb && i < nb->n_models; i++)
		if (nb->models[i].ops == t->ops)
			return &nb->models[i];
	return NULL;
}

/* Widths of the confusion matrix's row labels (*lw, then a space) and
 * columns: 12 and 10 for two classes (as the table always was); for more,
 * labels as wide as the longest class name (3 to 12) and columns
 * narrower, down to the width of the largest count, so that K columns fit
 * where they can; wider matrices are cut at the pane's edge. */
static int confusion_width(const struct oc_bundle *b, size_t n, int wd, int *lw)
{
	int K = (int)b->n_classes, digits = 1;
	*lw = 13;
	if (K == 2)
		return 10;
	*lw = 3;
	for (int c = 0; c < K; c++)
		if (ui_width(b->class_names[c]) > *lw)
			*lw = ui_width(b->class_names[c]);
	if (*lw > 12)
		*lw = 12;
	for (size_t v = n; v >= 10; v /= 10)
		digits++;
	int cw = (wd - 2 - *lw) / K;
	if (cw > 10)
		cw = 10;
	return cw < digits + 1 ? digits + 1 : cw;
}

static void build(struct metrics *m, const struct pane_ctx *c, int wd)
{
	const struct dash *d = c->d;
	const struct oc_bundle *b = d->b, *nb = c->candidate;
	struct cols k = { 5, 6, 6, false };
	char tag[16], buf[64];

	m->n = 0;
	/* The fit column as wide as its widest entry. */
	for (size_t i = 0; i < b->n_models; i++) {
		fmt_fit(&b->models[i], d->timed, buf, sizeof buf);
		if ((int)strlen(buf) + 1 > k.fit)
			k.fit = (int)strlen(buf) + 1;
	}
	for (size_t i = 0; nb && i < nb->n_models; i++) {
		fmt_fit(&nb->models[i], c->candidate_timed, buf, sizeof buf);
		if ((int)strlen(buf) + 1 > k.fit)
			k.fit = (int)strlen(buf) + 1;
	}
	k.wide = k.tag + 4 * k.num + 8 + k.fit <= wd;

	put(m, ROLE_LABEL, "%s", nb ? "Test-set scores, current then new"
	                            : "Scores on the test set");
	put(m, ROLE_LABEL, "%-*s%*s%*s%*s%*s%*s", k.tag, "Model", k.num + (k.wide ? 3 : 0),
	    k.wide ? "Accuracy" : "Acc", k.num + (k.wide ? 4 : 0), k.wide ? "Precision" : "Prec",
	    k.num + (k.wide ? 1 : 0), k.wide ? "Recall" : "Rec", k.num, "AUC", k.fit, "Fit s");
	for (size_t i = 0; i < b->n_models; i++) {
		const struct oc_trained *t = &b->models[i], *n = candidate_of(nb, t);
		model_tag(b, i, tag, sizeof tag);
		score_row(m, &k, tag, t, d->timed, (int)i == b->best ? ROLE_BEST : ROLE_NORMAL);
		if (n)
			score_row(m, &k, " new", n, c->candidate_timed, ROLE_MARK);
	}
	/* New models of a kind the current set does not have. */
	for (size_t i = 0; nb && i < nb->n_models; i++) {
		bool have = false;
		for (size_t j = 0; j < b->n_models; j++)
			have |= b->models[j].ops == nb->models[i].ops;
		if (!have) {
			model_tag(nb, i, tag, sizeof tag);
			snprintf(buf, sizeof buf, "%s new", tag);
			score_row(m, &k, buf, &nb->models[i], c->candidate_timed, ROLE_MARK);
		}
	}
	if (nb) {
		const struct oc_trained *bt = &nb->models[nb->best];
		put(m, ROLE_MARK, "new best: %s, accuracy %.3f", bt->ops->title, bt->metrics.accuracy);
	}
	put(m, ROLE_DIM, "* best: top %s, first of ties",
	    b->cv ? oc_select_name((enum oc_select_by)b->select_by) : "accuracy");
	if (!d->timed)
		put(m, ROLE_DIM, "n/a: fit times not saved; r retrains");

	/* Cross-validation: mean and std over the folds, chosen parameters. */
	if (b->cv) {
		char line[M_COLS];
		enum ui_role role;
		put(m, ROLE_NORMAL, "%s", "");
		for (int i = 0; i < metrics_cv_lines(b); i++) {
			metrics_cv_line(b, i, k.num, line, sizeof line, &role);
			put(m, role, "%s", line);
		}
	}

	/* Per class. */
	int cw = wd >= 5 + 10 + 4 * 10 ? 10 : 7;
	put(m, ROLE_NORMAL, "%s", "");
	put(m, ROLE_LABEL, "%-15s%*s%*s%*s%*s", "Per class", cw, "Prec",
	    cw, cw >= 10 ? "Recall" : "Rec", cw, "F1", cw, "N");
	for (size_t i = 0; i < b->n_models; i++) {
		const struct oc_trained *t = &b->models[i];
		model_tag(b, i, tag, sizeof tag);
		for (int cl = 0; cl < d->n_classes; cl++) {
			char name[64];
			ui_fit(name, sizeof name, b->class_names[cl], 9, false);
			put(m, ROLE_NORMAL, "%-5s %s%*.3f%*.3f%*.3f%*zu", cl == 0 ? tag : "", name, cw,
			    t->metrics.class_precision[cl], cw, t->metrics.class_recall[cl], cw,
			    t->metrics.class_f1[cl], cw, t->metrics.support[cl]);
		}
	}

	/* Confusion matrices: rows true, columns predicted. */
	put(m, ROLE_NORMAL, "%s", "");
	put(m, ROLE_LABEL, "%s", "Confusion (rows true, columns predicted)");
	for (size_t i = 0; i < b->n_models; i++) {
		const struct oc_trained *t = &b->models[i];
		char line[M_COLS], cell[64];
		int lw, mw = confusion_width(b, t->metrics.n, wd, &lw);
		model_tag(b, i, tag, sizeof tag);
		size_t len = (size_t)snprintf(line, sizeof line, "%-*s", 2 + lw, tag);
		for (int cl = 0; cl < d->n_classes && len + (size_t)mw < sizeof line; cl++) {
			ui_fit(cell, sizeof cell, b->class_names[cl], mw - 1, true);
			len += (size_t)snprintf(line + len, sizeof line - len, " %s", cell);
		}
		put(m, ROLE_LABEL, "%s", line);
		for (int r = 0; r < d->n_classes; r++) {
			ui_fit(cell, sizeof cell, b->class_names[r], lw, false);
			len = (size_t)snprintf(line, sizeof line, "  %s", cell);
			for (int cl = 0; cl < d->n_classes && len + (size_t)mw < sizeof line; cl++)
				len += (size_t)snprintf(line + len, sizeof line - len, "%*zu", mw,
				                        t->metrics.confusion[(size_t)r * (size_t)d->n_classes +
				                                             (size_t)cl]);
			put(m, ROLE_NORMAL, "%s", line);
		}
	}

	/* Training warnings, wrapped to the pane. */
	for (size_t i = 0; i < b->n_models; i++) {
		const char *w = model_warning(b, i);
		if (!w)
			continue;
		model_tag(b, i, tag, sizeof tag);
		put(m, ROLE_NORMAL, "%s", "");
		put(m, ROLE_BAD, "%s warning:", tag);
		while (*w) {
			const char *next;
			size_t n = ui_wrap_next(w, wd - 3, &next);
			put(m, ROLE_BAD, "  %.*s", (int)n, w);
			w = next;
		}
	}
}

static void metrics_draw(void *self, struct pane_ctx *c, WINDOW *w, int h, int wd)
{
	struct metrics *m = self;
	build(m, c, wd - 1);
	m->sc.view = h;
	m->sc.total = m->n;
	scroll_clamp(&m->sc);
	for (int r = 0; r < h && m->sc.top + r < m->n; r++) {
		int k = m->sc.top + r;
		wattr_on(w, theme_attr(m->role[k]), NULL);
		ui_put(w, r, 0, wd - 1, m->text[k]);
		wattr_off(w, theme_attr(m->role[k]), NULL);
	}
	scroll_marks(&m->sc, w, 0, h - 1, wd - 1);
}

static int metrics_key(void *self, struct pane_ctx *c, enum ui_action a, int key)
{
	struct metrics *m = self;
	(void)c;
	(void)key;
	if (a == ACT_CLICK)
		return UI_HANDLED | UI_REDRAW;
	return scroll_key(&m->sc, a);
}

static void metrics_resize(void *self, struct pane_ctx *c, int h, int wd)
{
	struct metrics *m = self;
	m->sc.view = h;
	if (c->d->b) {
		build(m, c, wd - 1);
		m->sc.total = m->n;
		scroll_clamp(&m->sc);
	}
}

const struct pane_ops pane_metrics_ops = {
	.name = "Metrics", .ctx = UI_CTX_METRICS, .size = sizeof(struct metrics),
	.draw = metrics_draw, .key = metrics_key, .resize = metrics_resize,
};
