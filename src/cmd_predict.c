/* cmd_predict.c - `opticure --predict=FILE`: scores every row of a CSV file
 * with the saved model and writes the rows back with prediction,
 * confidence and one probability column per class.
 *
 * Rows stream one record at a time (constant memory whatever the file's
 * size); the model's columns are found by name in any order, other columns
 * pass through unchanged (re-quoted only where CSV needs it). */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "atomicio.h"
#include "cli.h"
#include "cmd.h"
#include "csvread.h"
#include "csvwrite.h"
#include "modelfile.h"
#include "numfmt.h"

/* Rows between checks of stdout's error flag, so a full disk stops a long
 * run early. */
#define CHECK_EVERY 4096

struct scorer {
	const struct oc_bundle *b;
	const struct oc_trained *t;
	size_t *col;            /* input column of each model feature */
	size_t n_cols;          /* fields per input record */
	double *row;
};

static int load_model(const struct oc_cli *cli, const struct oc_config *cfg,
                      struct oc_bundle **b, int *idx)
{
	struct oc_err err;
	char *path = oc_path_join(cfg->output_dir, OC_MODEL_FILE);
	const char *key;
	int rc;
	if (!path) {
		oc_err_set(&err, OC_EINTERNAL, "out of memory");
		return oc_report_error(&err);
	}
	rc = oc_bundle_load(path, b, &err);
	if (rc == OC_ENOINPUT) {
		fprintf(stderr, "opticure: no trained model: %s\n"
		        "opticure: train one first with 'opticure --batch' (using the same --dir "
		        "or [output] dir)\n", err.msg);
		free(path);
		return rc;
	}
	if (rc) {
		free(path);
		return oc_report_error(&err);
	}
	key = cli->model == OC_MODEL_BEST || cli->model < 0 || cli->model >= OC_MODEL_COUNT
	      ? "best" : oc_model_registry[cli->model]->key;
	*idx = oc_bundle_find(*b, key);
	if (*idx < 0) {
		fprintf(stderr, "opticure: %s has no '%s' model (it holds:", path, key);
		for (size_t i = 0; i < (*b)->n_models; i++)
			fprintf(stderr, " %s", (*b)->models[i].ops->key);
		fprintf(stderr, "); enable it in [models] enabled and run 'opticure --batch'\n");
		free(path);
		oc_bundle_free(b);
		return OC_EUSAGE;
	}
	free(path);
	return OC_OK;
}

/* Reads the header, maps the model's features to input columns and writes
 * the output header. */
static int start(struct oc_csv_reader *r, struct scorer *s, struct oc_err *err)
{
	char **f;
	size_t n;
	long line;
	int rc = oc_csv_next(r, &f, &n, &line, err);
	const struct oc_bundle *b = s->b;
	if (rc == 0)
		return oc_err_set(err, OC_EDATA, "%s:1: empty file (a header row is needed)",
		                  oc_csv_path(r));
	if (rc != 1)
		return rc;
	s->n_cols = n;
	for (size_t j = 0; j < b->n_features; j++) {
		size_t k, found = n;
		for (k = 0; k < n; k++) {
			if (strcmp(f[k], b->features[j].name) != 0)
				continue;
			if (found != n)
				return oc_err_set(err, OC_EDATA, "%s:%ld:%zu: column '%s' appears twice",
				                  oc_csv_path(r), line, k + 1, f[k]);
			found = k;
		}
		if (found == n)
			return oc_err_set(err, OC_EDATA, "%s:%ld: missing column '%s' (the model needs it)",
			                  oc_csv_path(r), line, b->features[j].name);
		s->col[j] = found;
	}
	for (size_t k = 0; k < n; k++) {
		oc_csv_put_field(stdout, f[k]);
		fputc(',', stdout);
	}
	fputs("prediction,confidence,", stdout);
	for (int c = 0; c < 2; c++) {
		char *name = malloc(strlen(b->class_names[c]) + 3);
		if (!name)
			return oc_err_set(err, OC_EINTERNAL, "out of memory");
		sprintf(name, "p_%s", b->class_names[c]);
		oc_csv_put_field(stdout, name);
		fputc(c ? '\n' : ',', stdout);
		free(name);
	}
	return OC_OK;
}

static int score_record(struct oc_csv_reader *r, struct scorer *s, char **f, size_t n,
                        long line, struct oc_err *err)
{
	const struct oc_trained *t = s->t;
	double proba[2];
	char num[40];
	int pred;
	if (n == 0)
		return oc_err_set(err, OC_EDATA, "%s:%ld: blank line", oc_csv_path(r), line);
	if (n != s->n_cols)
		return oc_err_set(err, OC_EDATA, "%s:%ld: %zu fields, but the header has %zu",
		                  oc_csv_path(r), line, n, s->n_cols);
	for (size_t j = 0; j < s->b->n_features; j++)
		if (oc_parse_double(f[s->col[j]], &s->row[j]) != 0)
			return oc_err_set(err, OC_EDATA, "%s:%ld:%zu: '%.40s' in column '%s' is not a number",
			                  oc_csv_path(r), oc_csv_field_line(r, s->col[j]), s->col[j] + 1,
			                  f[s->col[j]], s->b->features[j].name);
	pred = t->ops->predict(t->state, s->row);
	t->ops->predict_proba(t->state, s->row, proba);
	for (size_t k = 0; k < n; k++) {
		oc_csv_put_field(stdout, f[k]);
		fputc(',', stdout);
	}
	oc_csv_put_field(stdout, s->b->class_names[pred ? 1 : 0]);
	oc_fmt_repr(proba[0] > proba[1] ? proba[0] : proba[1], num, sizeof num);
	fprintf(stdout, ",%s,", num);
	oc_fmt_repr(proba[0], num, sizeof num);
	fprintf(stdout, "%s,", num);
	oc_fmt_repr(proba[1], num, sizeof num);
	fprintf(stdout, "%s\n", num);
	return OC_OK;
}

int oc_cmd_predict(const struct oc_cli *cli, const struct oc_config *cfg)
{
	static char outbuf[1 << 16];
	struct oc_bundle *b = NULL;
	struct oc_csv_reader *r = NULL;
	struct scorer s;
	struct oc_err err;
	size_t rows = 0;
	int rc, idx = 0;

	oc_err_clear(&err);
	if ((rc = load_model(cli, cfg, &b, &idx)))
		return rc;
	memset(&s, 0, sizeof s);
	s.b = b;
	s.t = &b->models[idx];
	s.col = malloc(b->n_features * sizeof *s.col);
	s.row = malloc(b->n_features * sizeof *s.row);
	if (!s.col || !s.row) {
		rc = oc_err_set(&err, OC_EINTERNAL, "out of memory");
		goto out;
	}
	r = oc_csv_open(cli->predict_path, &err);
	if (!r) {
		rc = err.status ? err.status : OC_ENOINPUT;
		goto out;
	}
	setvbuf(stdout, outbuf, _IOFBF, sizeof outbuf);
	if ((rc = start(r, &s, &err)))
		goto out;
	for (;;) {
		char **f;
		size_t n;
		long line;
		int got = oc_csv_next(r, &f, &n, &line, &err);
		if (got == 0)
			break;
		if (got != 1) {
			rc = got;
			goto out;
		}
		if ((rc = score_record(r, &s, f, n, line, &err)))
			goto out;
		if (++rows % CHECK_EVERY == 0 && ferror(stdout))
			break;
	}
out:
	oc_csv_close(&r);
	free(s.col);
	free(s.row);
	oc_bundle_free(&b);
	if (rc) {
		fflush(stdout);
		oc_report_error(&err);
		return rc;
	}
	return oc_finish_stdout();
}
