/* SPDX-License-Identifier: MIT */
/* dash.c - the dashboard's state without any terminal code: the loaded
 * bundle, slider values, every model's prediction and the what-if curve.
 * Recomputing after a slider step allocates nothing: the buffers are sized
 * once per bundle (dash_adopt). */
#include "config.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "io/atomicio.h"
#include "data/curing.h"
#include "core/numfmt.h"
#include "tui/tui.h"

/* --- Sliders --- */

/* A step of about 1/40 of the range, rounded down to 1, 2 or 5 x 10^k,
 * for the columns the curing schema does not know.  Slider values live on
 * the multiples of the step (plus the two ends of the range), so they stay
 * round whatever the range. */
static double nice_step(double lo, double hi)
{
	double span = hi - lo;
	if (!(span > 0) || !isfinite(span))
		return 1;
	double raw = span / 40, p = pow(10, floor(log10(raw)));
	double m = raw / p;
	return (m >= 5 ? 5 : m >= 2 ? 2 : 1) * p;
}

static double clamp(double v, double lo, double hi)
{
	return v < lo ? lo : v > hi ? hi : v;
}

bool dash_set(struct dash *d, int i, double v)
{
	if (!d->b || i < 0 || (size_t)i >= d->b->n_features || !isfinite(v))
		return false;
	const struct oc_feature_info *f = &d->b->features[i];
	v = clamp(v, f->lo, f->hi);
	if (v == d->value[i])
		return false;
	d->value[i] = v;
	return true;
}

/* Grid point k (k times step s), computed so that decimal steps give the
 * nearest double to the decimal value (3 x 0.1 is 0.3, not
 * 0.30000000000000004), and never -0. */
static double grid_value(double k, double s)
{
	double inv = s < 1 ? round(1 / s) : 0;
	double v = inv > 0 && fabs(inv * s - 1) < 1e-12 ? k / inv : k * s;
	return v + 0.0;     /* -0.0 + 0.0 is +0.0 */
}

double dash_snap(const struct dash *d, int i, double v)
{
	const struct oc_feature_info *f = &d->b->features[i];
	double s = d->step[i];
	if (!isfinite(v))
		return v;
	v = clamp(v, f->lo, f->hi);
	double g = clamp(grid_value(round(v / s), s), f->lo, f->hi);
	/* The ends count as grid points: one may be nearer than any multiple. */
	if (fabs(v - f->lo) < fabs(v - g))
		g = f->lo;
	if (fabs(v - f->hi) < fabs(v - g))
		g = f->hi;
	return g;
}

bool dash_step(struct dash *d, int i, int n)
{
	if (!d->b || i < 0 || (size_t)i >= d->b->n_features)
		return false;
	double s = d->step[i];
	/* Move along the multiples of the step; an off-grid value (an end of
	 * the range, the default) goes to the next grid point. */
	double q = d->value[i] / s, k;
	if (n == 0 || fabs(q - round(q)) < 1e-9 * fmax(1, fabs(q)))
		k = round(q) + n;
	else
		k = (n > 0 ? floor(q) : ceil(q)) + n;
	return dash_set(d, i, grid_value(k, s));
}

void dash_fmt_value(const struct dash *d, int i, double v, char *buf, size_t bufsz)
{
	double s = d->step ? d->step[i] : 1;
	int prec = s >= 1 ? 0 : s >= 0.1 ? 1 : s >= 0.01 ? 2 : 3;
	if (prec == 0 && v != round(v))
		prec = 1;
	snprintf(buf, bufsz, "%.*f", prec, v);
	/* -0.0, or a tiny negative that rounds to zero, reads as "0". */
	if (buf[0] == '-' && strspn(buf + 1, "0.") == strlen(buf + 1))
		memmove(buf, buf + 1, strlen(buf));
}

bool dash_reset(struct dash *d)
{
	bool moved = false;
	for (size_t i = 0; d->b && i < d->b->n_features; i++)
		moved |= dash_set(d, (int)i, d->b->features[i].def);
	return moved;
}

bool dash_parse_value(const char *text, double *v, char *why, size_t whysz)
{
	const char *p = text;
	char *end;
	while (*p == ' ')
		p++;
	if (!*p) {
		snprintf(why, whysz, "nothing typed; value unchanged");
		return false;
	}
	errno = 0;
	double x = strtod(p, &end);
	while (*end == ' ')
		end++;
	if (end == p || *end) {
		const char *bad = end == p ? p : end;
		snprintf(why, whysz, "'%s' is not a number: '%c' at column %d%s; value unchanged", text,
		         *bad, (int)(bad - text) + 1,
		         *bad == ',' ? " (the decimal separator is '.')" : "");
		return false;
	}
	if (!isfinite(x) || errno == ERANGE) {
		snprintf(why, whysz, "'%s' is not a finite number; value unchanged", text);
		return false;
	}
	*v = x;
	return true;
}

int dash_export_row(const struct dash *d, const char *path, struct oc_err *err)
{
	const struct oc_bundle *b = d->b;
	char head[1024], line[1024];
	size_t hl = 0, ll = 0;
	for (size_t i = 0; i < b->n_features && hl < sizeof head && ll < sizeof line; i++) {
		char v[40];
		/* Shortest text that reads back as the value the models see. */
		oc_fmt_repr(d->value[i], v, sizeof v);
		hl += (size_t)snprintf(head + hl, sizeof head - hl, "%s%s", i ? "," : "",
		                       b->features[i].name);
		ll += (size_t)snprintf(line + ll, sizeof line - ll, "%s%s", i ? "," : "", v);
	}
	if (hl >= sizeof head - 1 || ll >= sizeof line - 1)
		return oc_err_set(err, OC_EINTERNAL, "too many features to export");
	FILE *f = fopen(path, "a+");
	if (!f)
		return oc_err_set(err, OC_ECANTCREAT, "cannot open %s: %s", path, strerror(errno));
	/* An existing file must be one this export wrote (same columns). */
	char first[1024];
	rewind(f);
	bool empty = !fgets(first, sizeof first, f);
	if (!empty) {
		first[strcspn(first, "\r\n")] = '\0';
		if (strcmp(first, head) != 0) {
			fclose(f);
			return oc_err_set(err, OC_EDATA, "%s: its header is not '%s'; not appended", path,
			                  head);
		}
	}
	fseek(f, 0, SEEK_END);
	int bad = (empty && fprintf(f, "%s\n", head) < 0) || fprintf(f, "%s\n", line) < 0;
	if (fclose(f) != 0 || bad)
		return oc_err_set(err, OC_EIO, "cannot write %s: %s", path, strerror(errno));
	return OC_OK;
}

/* --- Predictions --- */

/* P(dash_curve_class) of model m across slider i's range, the other
 * inputs held. */
static void curve_of(struct dash *d, int m, int i, int n)
{
	const struct oc_bundle *b = d->b;
	const struct oc_feature_info *f = &b->features[i];
	const struct oc_trained *t = &b->models[m];
	memcpy(d->row, d->value, b->n_features * sizeof *d->row);
	for (int k = 0; k < n; k++) {
		double p[OC_MAX_CLASSES];
		d->row[i] = f->lo + (f->hi - f->lo) * k / (n - 1);
		oc_model_predict_proba(t->ops, t->state, d->row, p);
		d->curve[m][k] = p[dash_curve_class(d)];
	}
}

void dash_recompute(struct dash *d)
{
	const struct oc_bundle *b = d->b;
	if (!b)
		return;
	for (size_t m = 0; m < b->n_models; m++) {
		const struct oc_trained *t = &b->models[m];
		d->vote[m] = oc_model_score(t->ops, t->state, d->value, d->proba[m]);
	}

	int n = d->curve_n;
	if (n < 2)
		n = 2;
	if (n > DASH_CURVE_MAX)
		n = DASH_CURVE_MAX;
	int i = d->sel;
	const struct oc_feature_info *f = &b->features[i];
	for (size_t m = 0; m < b->n_models; m++)
		if (d->overlay || (int)m == d->use)
			curve_of(d, (int)m, i, n);
	d->curve_n = n;
	double frac = f->hi > f->lo ? (d->value[i] - f->lo) / (f->hi - f->lo) : 0;
	d->curve_at = (int)lround(clamp(frac, 0, 1) * (n - 1));
}

int dash_curve_class(const struct dash *d)
{
	int K = (int)d->b->n_classes;
	return (1 + d->curve_step % K) % K;
}

int dash_grade(const struct dash *d, double *confidence)
{
	/* The label is the model's own prediction (what --predict reports); the
	 * number is the probability of that label, never of another class. */
	int v = d->vote[d->use];
	*confidence = d->proba[d->use][v];
	return v;
}

int dash_most_probable(const struct dash *d, int m)
{
	int best = 0;
	for (int k = 1; k < d->n_classes; k++)
		if (d->proba[m][k] > d->proba[m][best])
			best = k;
	return best;
}

void dash_stat_model(struct dash *d)
{
	struct stat st;
	bool ok = stat(d->model_path, &st) == 0;
	d->mtime = ok ? st.st_mtime : 0;
	d->msize = ok ? st.st_size : -1;
}

bool dash_model_changed(const struct dash *d)
{
	struct stat st;
	if (d->state != DASH_READY || d->unsaved || d->mtime == 0)
		return false;
	if (stat(d->model_path, &st) != 0)
		return false;
	return st.st_mtime != d->mtime || st.st_size != d->msize;
}

/* --- Loading --- */

static void dash_drop(struct dash *d)
{
	oc_bundle_free(&d->b);
	free(d->value);
	free(d->step);
	free(d->row);
	d->value = d->step = d->row = NULL;
}

void dash_close(struct dash *d)
{
	dash_drop(d);
}

/* Index in b->models of the model of kind want (OC_MODEL_BEST: b->best),
 * -1 when b has none of that kind. */
static int find_model(const struct oc_bundle *b, int want)
{
	if (want >= 0 && want < OC_MODEL_COUNT) {
		for (size_t m = 0; m < b->n_models; m++)
			if (b->models[m].ops == oc_model_registry[want])
				return (int)m;
		return -1;
	}
	return b->best >= 0 && (size_t)b->best < b->n_models ? b->best : 0;
}

int dash_adopt(struct dash *d, struct oc_bundle *b)
{
	size_t nf = b->n_features;
	double *value = calloc(nf ? nf : 1, sizeof *value);
	double *step = calloc(nf ? nf : 1, sizeof *step);
	double *row = calloc(nf ? nf : 1, sizeof *row);
	if (!value || !step || !row || nf == 0 || b->n_models == 0) {
		free(value);
		free(step);
		free(row);
		oc_bundle_free(&b);
		return OC_EINTERNAL;
	}
	const char *use_key = d->b ? d->b->models[d->use].ops->key : NULL;
	d->temp_idx = -1;
	for (size_t i = 0; i < nf; i++) {
		const struct oc_feature_info *f = &b->features[i];
		const struct oc_curing_column *c = oc_curing_find(f->name);
		value[i] = clamp(f->def, f->lo, f->hi);
		/* the schema's step where the slider is the schema's */
		step[i] = c && c->lo == f->lo && c->hi == f->hi ? c->step : nice_step(f->lo, f->hi);
		if (c == &oc_curing_columns[OC_CURING_TEMPERATURE])
			d->temp_idx = (int)i;
		/* A retrained model keeps the values the engineer set. */
		for (size_t j = 0; d->b && j < d->b->n_features; j++)
			if (strcmp(d->b->features[j].name, f->name) == 0)
				value[i] = clamp(d->value[j], f->lo, f->hi);
	}
	int use = find_model(b, d->want_model);
	d->want_missing = use < 0;
	if (use < 0)
		use = find_model(b, -1);
	for (size_t m = 0; use_key && m < b->n_models; m++)
		if (strcmp(b->models[m].ops->key, use_key) == 0)
			use = (int)m;
	dash_drop(d);
	d->b = b;
	d->value = value;
	d->step = step;
	d->row = row;
	d->use = use;
	if (d->sel < 0 || (size_t)d->sel >= nf)
		d->sel = 0;
	d->n_classes = (int)b->n_classes;
	d->state = DASH_READY;
	d->load_msg[0] = '\0';
	dash_stat_model(d);
	dash_recompute(d);
	return OC_OK;
}

int dash_reload(struct dash *d, struct oc_err *err)
{
	struct oc_bundle *b = NULL;
	int st = oc_bundle_load(d->model_path, &b, err);
	if (st != OC_OK)
		return st;
	if ((st = dash_adopt(d, b)) != OC_OK)
		return oc_err_set(err, st, "out of memory");
	d->unsaved = false;
	d->timed = false;
	return OC_OK;
}

int dash_open(struct dash *d, const struct oc_config *cfg, int want_model)
{
	struct oc_err err;
	struct oc_bundle *b = NULL;
	struct stat st;

	memset(d, 0, sizeof *d);
	d->cfg = cfg;
	d->want_model = want_model;
	d->temp_idx = -1;
	d->curve_n = 64;
	/* Named as --predict names it, so the messages agree. */
	char *path = oc_path_join(cfg->output_dir, OC_MODEL_FILE);
	if (!path)
		return OC_EINTERNAL;
	snprintf(d->model_path, sizeof d->model_path, "%s", path);
	free(path);
	if (stat(d->model_path, &st) != 0 && errno == ENOENT) {
		d->state = DASH_NOMODEL;
		return OC_OK;
	}
	oc_err_clear(&err);
	if (oc_bundle_load(d->model_path, &b, &err) != OC_OK) {
		d->state = DASH_LOADERR;
		snprintf(d->load_msg, sizeof d->load_msg, "%s",
		         err.msg[0] ? err.msg : oc_status_str(err.status));
		return OC_OK;
	}
	/* An explicit -m is a request, not a preference: refuse as --predict
	 * does rather than quietly show another model. */
	if (want_model >= 0 && want_model < OC_MODEL_COUNT && find_model(b, want_model) < 0) {
		size_t len = (size_t)snprintf(d->load_msg, sizeof d->load_msg,
		                              "%s has no '%s' model (it holds:", d->model_path,
		                              oc_model_registry[want_model]->key);
		for (size_t m = 0; m < b->n_models && len < sizeof d->load_msg; m++)
			len += (size_t)snprintf(d->load_msg + len, sizeof d->load_msg - len, " %s",
			                        b->models[m].ops->key);
		if (len < sizeof d->load_msg)
			snprintf(d->load_msg + len, sizeof d->load_msg - len,
			         "); enable it in [models] enabled and run 'opticure --batch'");
		oc_bundle_free(&b);
		return OC_EUSAGE;
	}
	return dash_adopt(d, b);
}
