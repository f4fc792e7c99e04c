/* pane_metrics.c - the scrollable metrics table: every model's Accuracy,
 * Precision, Recall, AUC and fit time with the best marked, then per-class
 * rows and each model's confusion matrix.  Fit times exist only for a model
 * trained in this process (the model file leaves them out so that it is
 * byte-reproducible); otherwise the column says n/a and a note says why.  The column header stays put;
 * arrows in the right column show that more lies above or below. */
#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "tui/tui.h"

static int m_view;  /* content rows below the sticky header */

static void model_tag(const struct oc_bundle *b, size_t m, char *buf, size_t bufsz)
{
	size_t i = 0;
	for (const char *k = b->models[m].ops->key; *k && i + 2 < bufsz; k++)
		buf[i++] = (char)toupper((unsigned char)*k);
	if ((int)m == b->best && i + 1 < bufsz)
		buf[i++] = '*';
	buf[i] = '\0';
}

/* The training warning of model m (e.g. an iteration limit reached), or NULL. */
static const char *model_warning(const struct oc_bundle *b, size_t m)
{
	const struct oc_trained *t = &b->models[m];
	return t->ops->warning ? t->ops->warning(t->state) : NULL;
}

/* Warnings are wrapped at a fixed width that fits the narrowest pane (80
 * columns), so the line count does not depend on the terminal's size. */
#define WARN_WRAP 34

/* Length of the first wrapped line of s: up to WARN_WRAP bytes, broken at
 * the last space that fits (or hard when a word is longer). */
static size_t wrap_len(const char *s)
{
	size_t n = strlen(s), cut;
	if (n <= WARN_WRAP)
		return n;
	for (cut = WARN_WRAP; cut > 0 && s[cut] != ' '; cut--)
		;
	return cut ? cut : WARN_WRAP;
}

/* Start of wrapped line `line` (0-based) of s, its length in *len; NULL
 * past the end. */
static const char *wrap_line(const char *s, int line, size_t *len)
{
	for (;;) {
		while (*s == ' ')
			s++;
		if (!*s)
			return NULL;
		*len = wrap_len(s);
		if (line-- == 0)
			return s;
		s += *len;
	}
}

/* Lines warning w takes: a heading, then the wrapped text. */
static int warning_lines(const char *w)
{
	size_t len;
	int n = 0;
	while (wrap_line(w, n, &len))
		n++;
	return 1 + n;
}

/* Finds warning line k: the model (-1 when past the end) and the line
 * within that model's warning (0 = heading). */
static int nth_warning(const struct oc_bundle *b, int k, int *line)
{
	for (size_t m = 0; m < b->n_models; m++) {
		const char *w = model_warning(b, m);
		if (!w)
			continue;
		if (k < warning_lines(w)) {
			*line = k;
			return (int)m;
		}
		k -= warning_lines(w);
	}
	return -1;
}

/* Number of scrolling lines (everything but the header), the models'
 * training warnings last. */
static int metrics_lines(const struct oc_bundle *b)
{
	int nm = (int)b->n_models, nw = 0;
	for (size_t m = 0; m < b->n_models; m++)
		if (model_warning(b, m))
			nw += warning_lines(model_warning(b, m));
	int K = (int)b->n_classes;
	return nm + 1 + (1 + K * nm) + 1 + (1 + (K + 2) * nm) + 1 + nw;
}

/* Widths of the confusion matrix's row labels (*lw) and columns: 12 and 10
 * for two classes (as the table always was); for more, labels as wide as
 * the longest class name (3 to 12) and columns narrower, down to the
 * width of the largest count, so that K columns fit where they can;
 * wider matrices are cut at the pane's edge. */
static int confusion_width(const struct oc_bundle *b, size_t n, int wd, int *lw)
{
	int K = (int)b->n_classes, digits = 1;
	*lw = 12;
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

/* Line k of the scrolling part into buf, with its role. */
static void metrics_line(const struct dash *d, int k, int wd, char *buf, size_t bufsz,
                         enum ui_role *role)
{
	const struct oc_bundle *b = d->b;
	int nm = (int)b->n_models, cw = wd >= 62 ? 10 : 6, K = (int)b->n_classes;
	char tag[16];
	*role = ROLE_NORMAL;
	buf[0] = '\0';
	if (k < nm) {
		const struct oc_trained *t = &b->models[k];
		model_tag(b, (size_t)k, tag, sizeof tag);
		char fit[16];
		if (d->timed)
			snprintf(fit, sizeof fit, "%.3f", t->fit_seconds);
		else
			snprintf(fit, sizeof fit, "n/a");
		snprintf(buf, bufsz, "%-5s%*.3f%*.3f%*.3f%*.3f%*s", tag, cw, t->metrics.accuracy,
		         cw, t->metrics.precision, cw, t->metrics.recall, cw, t->metrics.auc,
		         cw, fit);
		if (k == b->best)
			*role = ROLE_BEST;
		return;
	}
	k -= nm;
	if (k == 0) {
		if (!d->timed) {
			snprintf(buf, bufsz, "n/a: fit times not saved; r retrains");
			*role = ROLE_DIM;
		}
		return;
	}
	k--;
	if (k == 0) {
		snprintf(buf, bufsz, "%-13s%*s%*s%*s%*s", "Per class", cw, "Prec", cw, cw >= 10 ? "Recall" : "Rec",
		         cw, "F1", cw, "N");
		*role = ROLE_LABEL;
		return;
	}
	k--;
	if (k < K * nm) {
		const struct oc_trained *t = &b->models[k / K];
		int c = k % K;
		char cls[64];
		model_tag(b, (size_t)(k / K), tag, sizeof tag);
		ui_fit(cls, sizeof cls, b->class_names[c], 8, false);
		snprintf(buf, bufsz, "%-5s%s%*.3f%*.3f%*.3f%*zu", c == 0 ? tag : "", cls, cw, t->metrics.class_precision[c],
		         cw, t->metrics.class_recall[c], cw, t->metrics.class_f1[c],
		         cw, t->metrics.support[c]);
		return;
	}
	k -= K * nm;
	if (k == 0)
		return;
	k--;
	if (k == 0) {
		snprintf(buf, bufsz, "Confusion (rows true, columns predicted)");
		*role = ROLE_LABEL;
		return;
	}
	k--;
	if (k < (K + 2) * nm) {
		const struct oc_trained *t = &b->models[k / (K + 2)];
		int r = k % (K + 2), lw, mw = confusion_width(b, t->metrics.n, wd, &lw);
		size_t len;
		char c0[64];
		model_tag(b, (size_t)(k / (K + 2)), tag, sizeof tag);
		if (r == 0) {
			snprintf(buf, bufsz, "%-*s", 2 + lw, tag);
			for (int e = 0; e < K && (len = strlen(buf)) + (size_t)mw < bufsz; e++) {
				ui_fit(c0, sizeof c0, b->class_names[e], mw - 1, true);
				snprintf(buf + len, bufsz - len, " %s", c0);
			}
			*role = ROLE_LABEL;
		} else if (r <= K) {
			ui_fit(c0, sizeof c0, b->class_names[r - 1], lw, false);
			snprintf(buf, bufsz, "  %s", c0);
			for (int e = 0; e < K && (len = strlen(buf)) + (size_t)mw < bufsz; e++)
				snprintf(buf + len, bufsz - len, "%*zu", mw,
				         t->metrics.confusion[(size_t)(r - 1) * (size_t)K + (size_t)e]);
		}
		return;
	}
	k -= (K + 2) * nm;
	if (k == 0) {
		snprintf(buf, bufsz, "* best: highest accuracy, first wins ties");
		*role = ROLE_DIM;
		return;
	}
	int line, m = nth_warning(b, k - 1, &line);
	if (m < 0)
		return;
	*role = ROLE_BAD;
	if (line == 0) {
		model_tag(b, (size_t)m, tag, sizeof tag);
		snprintf(buf, bufsz, "%s warning:", tag);
	} else {
		size_t len = 0;
		const char *w = wrap_line(model_warning(b, (size_t)m), line - 1, &len);
		snprintf(buf, bufsz, "  %.*s", (int)len, w ? w : "");
	}
}

static int clamp_scroll(struct dash *d)
{
	int max = metrics_lines(d->b) - m_view;
	if (max < 0)
		max = 0;
	if (d->mscroll > max)
		d->mscroll = max;
	if (d->mscroll < 0)
		d->mscroll = 0;
	return max;
}

static void metrics_draw(struct pane_ctx *c, WINDOW *w, int h, int wd)
{
	struct dash *d = c->d;
	int cw = wd >= 62 ? 10 : 6;
	char buf[256];
	enum ui_role role;

	m_view = h - 1;
	int max = clamp_scroll(d);
	if (cw >= 10)
		snprintf(buf, sizeof buf, "%-5s%*s%*s%*s%*s%*s", "Model", cw, "Accuracy", cw, "Precision",
		         cw, "Recall", cw, "AUC", cw, "Fit s");
	else
		snprintf(buf, sizeof buf, "%-5s%*s%*s%*s%*s%*s", "Model", cw, "Acc", cw, "Prec",
		         cw, "Rec", cw, "AUC", cw, "Fit s");
	wattr_on(w, theme_attr(ROLE_LABEL), NULL);
	ui_put(w, 0, 0, wd - 1, buf);
	wattr_off(w, theme_attr(ROLE_LABEL), NULL);
	for (int r = 0; r < m_view; r++) {
		int k = d->mscroll + r;
		if (k >= metrics_lines(d->b))
			break;
		metrics_line(d, k, wd, buf, sizeof buf, &role);
		wattr_on(w, theme_attr(role), NULL);
		ui_put(w, 1 + r, 0, wd - 1, buf);
		wattr_off(w, theme_attr(role), NULL);
	}
	wattr_on(w, theme_attr(ROLE_MARK), NULL);
	if (d->mscroll > 0)
		ui_put(w, 1, wd - 1, 1, ui_g.up);
	if (d->mscroll < max)
		ui_put(w, h - 1, wd - 1, 1, ui_g.down);
	wattr_off(w, theme_attr(ROLE_MARK), NULL);
}

static int metrics_key(struct pane_ctx *c, enum ui_action a, int key)
{
	struct dash *d = c->d;
	int old = d->mscroll, page = m_view > 1 ? m_view - 1 : 1;
	(void)key;
	switch (a) {
	case ACT_UP: d->mscroll--; break;
	case ACT_DOWN: d->mscroll++; break;
	case ACT_PAGE_UP: d->mscroll -= page; break;
	case ACT_PAGE_DOWN: d->mscroll += page; break;
	case ACT_FIRST: d->mscroll = 0; break;
	case ACT_LAST: d->mscroll = metrics_lines(d->b); break;
	case ACT_CLICK: return UI_HANDLED | UI_REDRAW;
	default: return 0;
	}
	clamp_scroll(d);
	return UI_HANDLED | (d->mscroll != old ? UI_REDRAW : 0);
}

static void metrics_resize(struct pane_ctx *c, int h, int wd)
{
	(void)wd;
	m_view = h - 1;
	if (c->d->b)
		clamp_scroll(c->d);
}

const struct pane_ops pane_metrics_ops = {
	.name = "Metrics",
	.ctx = UI_CTX_METRICS,
	.draw = metrics_draw,
	.key = metrics_key,
	.resize = metrics_resize,
};
