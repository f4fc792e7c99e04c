/* SPDX-License-Identifier: MIT */
/* cmd_check.c - `opticure --check=FILE`: is FILE like the data the saved
 * models were trained on?
 *
 * Every row of FILE is compared, feature by feature, with the training
 * profile the model file keeps (drift.h): population stability index over
 * the training deciles, values outside the training range, shift of the
 * mean in training standard deviations.  The features stream through in
 * constant memory; when FILE also has the label column, every model scores
 * every row and its metrics on FILE are shown next to its test metrics
 * (that keeps one class byte and one probability per model and row).
 * Exit 0, or OC_EDRIFT when a feature's PSI passes [monitor] psi_alert,
 * so CI can gate on it. */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd/cli.h"
#include "cmd/cmd.h"
#include "cmd/cmd_model.h"
#include "data/csvread.h"
#include "data/csvwrite.h"
#include "data/drift.h"
#include "ml/metrics.h"
#include "io/modelfile.h"
#include "core/numfmt.h"

struct labelled {
	size_t n, cap;
	unsigned char *y;
	unsigned char *pred[OC_MODEL_COUNT];
	double *p1[OC_MODEL_COUNT];     /* K probabilities per row */
	struct oc_metrics m[OC_MODEL_COUNT];
	int have_metrics[OC_MODEL_COUNT];
};

static void labelled_free(struct labelled *l)
{
	free(l->y);
	for (size_t k = 0; k < OC_MODEL_COUNT; k++) {
		free(l->pred[k]);
		free(l->p1[k]);
		oc_metrics_free(&l->m[k]);
	}
}

static int labelled_grow(struct labelled *l, size_t n_models, size_t n_classes)
{
	size_t cap = l->cap ? 2 * l->cap : 4096;
	unsigned char *y = realloc(l->y, cap);
	if (!y)
		return -1;
	l->y = y;
	for (size_t k = 0; k < n_models; k++) {
		unsigned char *p = realloc(l->pred[k], cap);
		if (!p)
			return -1;
		l->pred[k] = p;
		double *q = realloc(l->p1[k], cap * n_classes * sizeof *q);
		if (!q)
			return -1;
		l->p1[k] = q;
	}
	l->cap = cap;
	return 0;
}

static void put_num(FILE *f, double v)
{
	char buf[40];
	oc_fmt_repr(v, buf, sizeof buf);
	fputs(buf, f);
}

/* ", \"key\": v" of a JSON object's members after the first */
static void put_member(FILE *f, const char *key, double v)
{
	fprintf(f, ", \"%s\": ", key);
	put_num(f, v);
}

/* Reads FILE: drift of every row, and with labels every model's scores. */
static int read_file(const char *path, const struct oc_bundle *b, struct oc_drift *d,
                     struct labelled *l, int *has_label, struct oc_err *err)
{
	const size_t nf = b->n_features;
	struct oc_csv_reader *r = oc_csv_open(path, err);
	size_t *col = malloc(nf * sizeof *col), n, label_col = 0;
	double *row = malloc(nf * sizeof *row);
	char **f;
	long line;
	int rc;
	if (!r) {
		free(col);
		free(row);
		return err->status ? err->status : OC_ENOINPUT;
	}
	if (!col || !row) {
		rc = oc_err_set(err, OC_EINTERNAL, "out of memory");
		goto out;
	}
	rc = oc_csv_next(r, &f, &n, &line, err);
	if (rc == 0)
		rc = oc_err_set(err, OC_EDATA, "%s:1: empty file (a header row is needed)", path);
	if (rc != 1)
		goto out;
	if ((rc = oc_cmd_map_features(b, f, n, path, line, col, err)))
		goto out;
	*has_label = 0;
	for (size_t k = 0; k < n; k++)
		if (strcmp(f[k], b->label_name) == 0) {
			*has_label = 1;
			label_col = k;
		}
	size_t ncols = n;
	while ((rc = oc_csv_next_row(r, ncols, &f, &line, err)) == 1) {
		for (size_t j = 0; j < nf; j++) {
			const char *field = f[col[j]];
			if (oc_parse_number(field, oc_csv_field_len(r, col[j]), &row[j]) != 0 ||
			    oc_csv_too_large(row[j])) {
				rc = oc_err_set(err, OC_EDATA, "%s:%ld:%zu: '%.40s' in column '%s' is not a "
				                "number within +-" OC_CSV_MAX_ABS_STR, path,
				                oc_csv_field_line(r, col[j]), col[j] + 1, field,
				                b->features[j].name);
				goto out;
			}
		}
		oc_drift_add(d, row);
		if (!*has_label)
			continue;
		const char *lab = f[label_col];
		int cls = -1;
		for (size_t c = 0; c < b->n_classes && cls < 0; c++)
			if (strcmp(lab, b->class_names[c]) == 0)
				cls = (int)c;
		if (cls < 0) {
			rc = oc_err_set(err, OC_EDATA, "%s:%ld:%zu: label '%.40s' is not one of the model's "
			                "classes ('%s'%s '%s')", path, oc_csv_field_line(r, label_col),
			                label_col + 1, lab, b->class_names[0],
			                b->n_classes > 2 ? ", ...," : ",", b->class_names[b->n_classes - 1]);
			goto out;
		}
		if (l->n == l->cap && labelled_grow(l, b->n_models, b->n_classes) < 0) {
			rc = oc_err_set(err, OC_EINTERNAL, "out of memory");
			goto out;
		}
		l->y[l->n] = (unsigned char)cls;
		for (size_t k = 0; k < b->n_models; k++) {
			const struct oc_trained *t = &b->models[k];
			int c;
			oc_model_score_rows(t->ops, t->state, row, 1, &c, l->p1[k] + l->n * b->n_classes);
			l->pred[k][l->n] = (unsigned char)c;
		}
		l->n++;
	}
out:
	oc_csv_close(&r);
	free(col);
	free(row);
	return rc;
}

static void report_table(FILE *o, const char *path, const struct oc_bundle *b,
                         const struct oc_drift *d, const struct oc_drift_feature *fe,
                         const struct labelled *l, int has_label)
{
	int w = 7;
	for (size_t j = 0; j < b->n_features; j++) {
		int len = (int)strlen(b->features[j].name);
		if (len > w)
			w = len;
	}
	fprintf(o, "  %-*s  %8s  %12s  %15s  %s\n", w, "FEATURE", "PSI", "OUT OF RANGE",
	        "MEAN SHIFT (SD)", "STATUS");
	for (size_t j = 0; j < b->n_features; j++) {
		char shift[32];
		if (fe[j].shift_defined)
			snprintf(shift, sizeof shift, "%+.2f", fe[j].mean_shift_sd);
		else
			snprintf(shift, sizeof shift, "n/a");
		fprintf(o, "%c %-*s  %8.4f  %12zu  %15s  %s\n", fe[j].status ? '!' : ' ', w,
		        b->features[j].name, fe[j].psi, fe[j].out_of_range, shift,
		        oc_drift_status_name(fe[j].status));
	}
	fprintf(o, "\n  %zu row%s of %s against %zu training rows\n", d->n_rows,
	        d->n_rows == 1 ? "" : "s", path, b->profile->n_rows);
	if (!has_label)
		return;
	fprintf(o, "\n  %-5s %-22s  %9s %9s  %9s %9s\n", "MODEL", "NAME", "ACCURACY", "(TEST)",
	        "AUC", "(TEST)");
	for (size_t k = 0; k < b->n_models; k++) {
		const struct oc_trained *t = &b->models[k];
		if (!l->have_metrics[k])
			continue;
		fprintf(o, "%c %-5s %-22s  %9.4f %9.4f  %9.4f %9.4f\n", (int)k == b->best ? '*' : ' ',
		        t->ops->key, t->ops->title, l->m[k].accuracy, t->metrics.accuracy, l->m[k].auc,
		        t->metrics.auc);
	}
}

static void report_csv(FILE *o, const struct oc_bundle *b, const struct oc_drift_feature *fe)
{
	fputs("feature,psi,out_of_range,mean_shift_sd,status\n", o);
	for (size_t j = 0; j < b->n_features; j++) {
		oc_csv_put_field(o, b->features[j].name);
		fputc(',', o);
		put_num(o, fe[j].psi);
		fprintf(o, ",%zu,", fe[j].out_of_range);
		if (fe[j].shift_defined)
			put_num(o, fe[j].mean_shift_sd);
		fprintf(o, ",%s\n", oc_drift_status_name(fe[j].status));
	}
}

static void report_json(FILE *o, const char *path, const struct oc_config *cfg,
                        const struct oc_bundle *b, const struct oc_drift *d,
                        const struct oc_drift_feature *fe, enum oc_drift_status worst,
                        const struct labelled *l, int has_label)
{
	fputs("{\n  \"file\": ", o);
	oc_json_str(o, path);
	fprintf(o, ",\n  \"rows\": %zu,\n  \"training_rows\": %zu,\n  \"psi_warn\": ", d->n_rows,
	        b->profile->n_rows);
	put_num(o, cfg->psi_warn);
	fputs(",\n  \"psi_alert\": ", o);
	put_num(o, cfg->psi_alert);
	fprintf(o, ",\n  \"status\": \"%s\",\n  \"features\": [", oc_drift_status_name(worst));
	for (size_t j = 0; j < b->n_features; j++) {
		fputs(j ? ",\n    {\"feature\": " : "\n    {\"feature\": ", o);
		oc_json_str(o, b->features[j].name);
		put_member(o, "psi", fe[j].psi);
		fprintf(o, ", \"out_of_range\": %zu, \"mean_shift_sd\": ", fe[j].out_of_range);
		if (fe[j].shift_defined)
			put_num(o, fe[j].mean_shift_sd);
		else
			fputs("null", o);
		fprintf(o, ", \"status\": \"%s\"}", oc_drift_status_name(fe[j].status));
	}
	fputs("\n  ]", o);
	if (has_label) {
		int first = 1;
		fputs(",\n  \"models\": [", o);
		for (size_t k = 0; k < b->n_models; k++) {
			const struct oc_trained *t = &b->models[k];
			const struct oc_metrics *m = &l->m[k];
			if (!l->have_metrics[k])
				continue;
			fputs(first ? "\n    {\"model\": " : ",\n    {\"model\": ", o);
			first = 0;
			oc_json_str(o, t->ops->key);
			put_member(o, "accuracy", m->accuracy);
			put_member(o, "precision", m->precision);
			put_member(o, "recall", m->recall);
			put_member(o, "auc", m->auc);
			put_member(o, "test_accuracy", t->metrics.accuracy);
			put_member(o, "test_auc", t->metrics.auc);
			fputs("}", o);
		}
		fputs("\n  ]", o);
	}
	fputs("\n}\n", o);
}

int oc_cmd_check(const struct oc_cli *cli, const struct oc_config *cfg)
{
	struct oc_bundle *b = NULL;
	struct oc_drift d;
	struct labelled l;
	struct oc_drift_feature *fe = NULL;
	struct oc_err err;
	int rc, idx, has_label = 0;
	enum oc_drift_status worst;

	oc_err_clear(&err);
	memset(&l, 0, sizeof l);
	memset(&d, 0, sizeof d);
	if ((rc = oc_cmd_load_model(cli, cfg, &b, &idx)))
		return rc;
	if (!b->profile) {
		rc = oc_err_set(&err, OC_EDATA, "the model file was written by an opticure without "
		                "training profiles (format 1.0): retrain with 'opticure --batch' to "
		                "check data against it");
		goto out;
	}
	fe = calloc(b->n_features, sizeof *fe);
	if (!fe || oc_drift_init(&d, b->profile) < 0) {
		rc = oc_err_set(&err, OC_EINTERNAL, "out of memory");
		goto out;
	}
	if ((rc = read_file(cli->check_path, b, &d, &l, &has_label, &err)))
		goto out;
	if (!d.n_rows) {
		rc = oc_err_set(&err, OC_EDATA, "%s: no data rows to check", cli->check_path);
		goto out;
	}
	for (size_t k = 0; has_label && k < b->n_models; k++) {
		struct oc_err merr;
		oc_err_clear(&merr);
		if (oc_metrics_compute(l.y, l.pred[k], l.p1[k], l.n, b->n_classes, &l.m[k], &merr) ==
		    OC_OK)
			l.have_metrics[k] = 1;
		else if (!cli->quiet && k == 0)
			fprintf(stderr, PACKAGE ": %s: no metrics: %s\n", cli->check_path, merr.msg);
	}
	worst = oc_drift_report(&d, cfg->psi_warn, cfg->psi_alert, fe);
	if (cli->format == OC_FORMAT_JSON)
		report_json(stdout, cli->check_path, cfg, b, &d, fe, worst, &l, has_label);
	else if (cli->format == OC_FORMAT_CSV)
		report_csv(stdout, b, fe);
	else
		report_table(stdout, cli->check_path, b, &d, fe, &l, has_label);
	rc = oc_finish_stdout();
	if (!rc && worst == OC_DRIFT_ALERT) {
		if (!cli->quiet)
			fprintf(stderr, PACKAGE ": %s: drift past [monitor] psi_alert = %g\n",
			        cli->check_path, cfg->psi_alert);
		rc = OC_EDRIFT;
	}
out:
	if (rc && rc != OC_EDRIFT && err.status)
		oc_report_error(&err);
	oc_drift_free(&d);
	labelled_free(&l);
	free(fe);
	oc_bundle_free(&b);
	return rc;
}
