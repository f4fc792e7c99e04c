/* SPDX-License-Identifier: MIT */
/* cmd_batch.c - `opticure --batch`: the pipeline with no terminal handling.
 *
 * The report goes to stdout (table, csv or json), progress and errors to
 * stderr: a live bar only when stderr is a terminal, plain lines otherwise
 * (CI logs), nothing with -q.  Signals: sigguard.h (the run stops at its
 * next step and the previous artifacts stay). */
#include "config.h"

#include <errno.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "io/sigguard.h"
#include "cmd/cmd.h"
#include "core/numfmt.h"
#include "pipeline/pipeline.h"

/* --- Progress on stderr --- */

struct progress_out {
	int mode;               /* 0 quiet, 1 plain lines, 2 live bar */
	const struct oc_config *cfg;
	int last_stage;
	const char *last_model;
	int bar_shown;
};

static const char *model_title(const char *key)
{
	int k = key ? oc_model_find(key) : -1;
	return k >= 0 ? oc_model_registry[k]->title : "";
}

static void plain_line(struct progress_out *po, enum oc_stage stage, const char *model)
{
	const struct oc_config *cfg = po->cfg;
	switch (stage) {
	case OC_STAGE_LOAD:
		if (oc_config_is_synthetic(cfg))
			fprintf(stderr, "opticure: load: generating %ld synthetic row%s (seed %ld)\n",
			        cfg->data_rows, cfg->data_rows == 1 ? "" : "s", cfg->data_seed);
		else {
			fputs("opticure: load: reading ", stderr);
			oc_put_escaped(stderr, cfg->source, strlen(cfg->source));
			if (cfg->test_data[0]) {
				fputs(" and test rows from ", stderr);
				oc_put_escaped(stderr, cfg->test_data, strlen(cfg->test_data));
			}
			putc('\n', stderr);
		}
		break;
	case OC_STAGE_SPLIT:
		if (cfg->test_data[0])
			fprintf(stderr, "opticure: split: none (separate test file)\n");
		else
			fprintf(stderr, "opticure: split: stratified, test ratio %g, seed %ld\n",
			        cfg->test_ratio, cfg->split_seed);
		break;
	case OC_STAGE_TRAIN:
	case OC_STAGE_EVALUATE:
		fprintf(stderr, "opticure: %s: %s (%s)\n", oc_stage_name(stage), model,
		        model_title(model));
		break;
	case OC_STAGE_CV:
		fprintf(stderr, "opticure: cv: %s, stratified%s\n", strchr(model, '/') + 1,
		        cfg->cv_shuffle ? " and shuffled" : "");
		break;
	case OC_STAGE_SELECT:
		fprintf(stderr, "opticure: select: best %s\n",
		        cfg->select_by == OC_SELECT_CV_ACCURACY ? "cross-validated accuracy"
		        : cfg->select_by == OC_SELECT_CV_AUC ? "cross-validated AUC" : "accuracy");
		break;
	case OC_STAGE_WRITE:
	default:
		fputs("opticure: write: artifacts in ", stderr);
		oc_put_escaped(stderr, cfg->output_dir, strlen(cfg->output_dir));
		putc('\n', stderr);
		break;
	}
}

static void on_progress(void *ctx, enum oc_stage stage, const char *model, double done)
{
	struct progress_out *po = ctx;
	if (po->mode == 0)
		return;
	if (po->mode == 1) {
		/* one line when the cross-validation starts, not one per fit */
		if (stage == OC_STAGE_CV && po->last_stage == (int)stage)
			return;
		if ((int)stage == po->last_stage &&
		    (model == po->last_model || (model && po->last_model && !strcmp(model, po->last_model))))
			return;
		po->last_stage = (int)stage;
		po->last_model = model;
		plain_line(po, stage, model);
	} else {
		char bar[31];
		int fill = (int)(done * 30.0 + 0.5);
		if (fill > 30)
			fill = 30;
		for (int i = 0; i < 30; i++)
			bar[i] = i < fill ? '#' : '-';
		bar[30] = '\0';
		fprintf(stderr, "\r[%s] %3d%%  %-8s %-4s", bar, (int)(done * 100.0 + 0.5),
		        oc_stage_name(stage), model ? model : "");
		po->bar_shown = 1;
	}
	fflush(stderr);
}

static void end_bar(struct progress_out *po)
{
	if (po->bar_shown) {
		fputc('\n', stderr);
		po->bar_shown = 0;
	}
}

/* --- Reports on stdout --- */

static void put_repr(FILE *f, double v)
{
	char buf[40];
	oc_fmt_repr(v, buf, sizeof buf);
	fputs(buf, f);
}

/* The model's warning through its ops (NULL when it has none). */
static const char *model_warning(const struct oc_trained *t)
{
	return t->ops->warning ? t->ops->warning(t->state) : NULL;
}

/* The K x K confusion matrix (rows: true class) and every class's
 * precision, recall, F1, support and one-vs-rest AUC. */
static void put_per_class(FILE *f, const struct oc_bundle *b, const struct oc_metrics *m)
{
	size_t K = m->n_classes;
	fputs(", \"confusion\": [", f);
	for (size_t c = 0; c < K; c++) {
		fputs(c ? ", [" : "[", f);
		for (size_t e = 0; e < K; e++)
			fprintf(f, "%s%zu", e ? ", " : "", m->confusion[c * K + e]);
		fputs("]", f);
	}
	fputs("], \"per_class\": [", f);
	for (size_t c = 0; c < K; c++) {
		fputs(c ? ", {\"class\": " : "{\"class\": ", f);
		oc_json_str(f, b->class_names[c]);
		fputs(", \"precision\": ", f);
		put_repr(f, m->class_precision[c]);
		fputs(", \"recall\": ", f);
		put_repr(f, m->class_recall[c]);
		fputs(", \"f1\": ", f);
		put_repr(f, m->class_f1[c]);
		fprintf(f, ", \"support\": %zu, \"auc\": ", m->support[c]);
		put_repr(f, m->class_auc[c]);
		fputs("}", f);
	}
	fputs("]", f);
}

/* A score, null when undefined (JSON has no NaN). */
static void put_score(FILE *f, double v)
{
	if (isnan(v))
		fputs("null", f);
	else
		put_repr(f, v);
}

/* The four members model_metrics.csv has: "accuracy": ..., "auc": ... */
static void put_four(FILE *f, double accuracy, double precision, double recall, double auc)
{
	fputs("\"accuracy\": ", f);
	put_score(f, accuracy);
	fputs(", \"precision\": ", f);
	put_score(f, precision);
	fputs(", \"recall\": ", f);
	put_score(f, recall);
	fputs(", \"auc\": ", f);
	put_score(f, auc);
}

static void json_scores(FILE *f, const struct oc_cv_scores *s)
{
	fputc('{', f);
	put_four(f, s->accuracy, s->precision, s->recall, s->auc);
	fputc('}', f);
}

/* The "cv" member: settings, and per model every candidate's fold scores
 * and mean, the chosen candidate and its mean and std. */
static void json_cv(FILE *f, const struct oc_bundle *b)
{
	const struct oc_cv_report *r = b->cv;
	fprintf(f, "  \"select_by\": \"%s\",\n  \"cv\": {\"folds\": %zu, \"shuffle\": %s, "
	        "\"seed\": %ld, \"warning\": ", oc_select_name((enum oc_select_by)b->select_by),
	        r->n_folds, r->shuffle ? "true" : "false", r->seed);
	if (r->warning[0])
		oc_json_str(f, r->warning);
	else
		fputs("null", f);
	fputs(", \"models\": [", f);
	for (size_t m = 0; m < r->n_models; m++) {
		const struct oc_cv_model *cm = &r->models[m];
		fputs(m ? ",\n    {\"key\": " : "\n    {\"key\": ", f);
		oc_json_str(f, oc_model_registry[cm->model]->key);
		fputs(", \"chosen\": ", f);
		oc_json_str(f, cm->params[cm->best]);
		fprintf(f, ", \"chosen_candidate\": %zu, \"mean\": ", cm->best);
		json_scores(f, &cm->mean);
		fputs(", \"std\": ", f);
		json_scores(f, &cm->std);
		fputs(", \"candidates\": [", f);
		for (size_t c = 0; c < cm->n_candidates; c++) {
			struct oc_cv_scores mean, std;
			oc_cv_summary(cm->folds + c * r->n_folds, r->n_folds, &mean, &std);
			fputs(c ? ",\n      {\"params\": " : "\n      {\"params\": ", f);
			oc_json_str(f, cm->params[c]);
			fputs(", \"mean\": ", f);
			json_scores(f, &mean);
			fputs(", \"std\": ", f);
			json_scores(f, &std);
			fputs(", \"folds\": [", f);
			for (size_t k = 0; k < r->n_folds; k++) {
				fputs(k ? ", " : "", f);
				json_scores(f, &cm->folds[c * r->n_folds + k]);
			}
			fputs("]}", f);
		}
		fputs("]}", f);
	}
	fputs("\n  ]},\n", f);
}

static void report_json(FILE *f, const struct oc_config *cfg, const struct oc_run *run)
{
	const struct oc_bundle *b = run->bundle;
	const char *w;
	fprintf(f, "{\n  \"schema_version\": 1,\n  \"program\": \"%s\",\n  \"version\": ", PACKAGE);
	oc_json_str(f, PACKAGE_VERSION);
	fputs(",\n  \"config\": ", f);
	if (cfg->loaded_from[0])
		oc_json_str(f, cfg->loaded_from);
	else
		fputs("null", f);
	fputs(",\n  \"source\": ", f);
	oc_json_str(f, cfg->source);
	fputs(",\n  \"test_data\": ", f);
	if (cfg->test_data[0])
		oc_json_str(f, cfg->test_data);
	else
		fputs("null", f);
	fprintf(f, ",\n  \"seed\": %ld,\n  \"split_seed\": %ld,\n  \"test_ratio\": ", cfg->data_seed,
	        cfg->split_seed);
	put_repr(f, cfg->test_ratio);
	fprintf(f, ",\n  \"rows\": %zu,\n  \"train_rows\": %zu,\n  \"test_rows\": %zu,\n",
	        run->n_rows, b->n_train, b->n_test);
	fputs("  \"label\": ", f);
	oc_json_str(f, b->label_name);
	fputs(",\n  \"classes\": [", f);
	for (size_t c = 0; c < b->n_classes; c++) {
		fputs(c ? ", " : "", f);
		oc_json_str(f, b->class_names[c]);
	}
	fputs("],\n  \"class_type\": ", f);
	oc_json_str(f, oc_class_type_name(b->class_type));
	fputs(",\n  \"data_sha256\": ", f);
	oc_json_str(f, b->data_sha256);
	fputs(",\n  \"number_parser\": ", f);
	oc_json_str(f, oc_number_parser_names[cfg->number_parser]);
	fputs(",\n  \"numpy_simd\": ", f);
	oc_json_str(f, oc_numpy_simd_names[b->params.numpy_simd]);
	fputs(",\n  \"numpy_kernel\": ", f);
	oc_json_str(f, oc_np_kernel_names[b->np_kernel]);
	fputs(",\n  \"models\": [", f);
	for (size_t i = 0; i < b->n_models; i++) {
		const struct oc_trained *t = &b->models[i];
		const struct oc_metrics *m = &t->metrics;
		fputs(i ? ",\n    {" : "\n    {", f);
		fputs("\"key\": ", f);
		oc_json_str(f, t->ops->key);
		fputs(", \"name\": ", f);
		oc_json_str(f, t->ops->title);
		fputs(", ", f);
		put_four(f, m->accuracy, m->precision, m->recall, m->auc);
		put_per_class(f, b, m);
		fputs(", \"fit_seconds\": ", f);
		put_repr(f, t->fit_seconds);
		fputs(", \"predict_seconds\": ", f);
		put_repr(f, t->predict_seconds);
		fputs(", \"warning\": ", f);
		if ((w = model_warning(t)))
			oc_json_str(f, w);
		else
			fputs("null", f);
		if (t->ops->iterations)
			fprintf(f, ", \"n_iter\": %ld", t->ops->iterations(t->state));
		else
			fputs(", \"n_iter\": null", f);
		fprintf(f, ", \"best\": %s}", (int)i == b->best ? "true" : "false");
	}
	fputs("\n  ],\n", f);
	if (b->cv)
		json_cv(f, b);
	fputs("  \"best\": ", f);
	oc_json_str(f, b->models[b->best].ops->key);
	fputs(",\n  \"artifacts\": [", f);
	for (size_t i = 0; run->paths[i]; i++) {
		fputs(i ? ", " : "", f);
		oc_json_str(f, run->paths[i]);
	}
	fputs("]\n}\n", f);
}

/* "0.9425 ± 0.0120", or "-" when undefined. */
static void mean_pm_std(char *buf, size_t size, double mean, double std)
{
	if (isnan(mean))
		snprintf(buf, size, "%-15s", "-");
	else
		snprintf(buf, size, "%.4f \u00b1 %.4f", mean, std);
}

/* Cross-validation of each model: mean ± std over the folds of the chosen
 * candidate, how many candidates were tried, the chosen parameters. */
static void table_cv(FILE *f, const struct oc_bundle *b)
{
	const struct oc_cv_report *r = b->cv;
	fprintf(f, "\n  %-5s  %-15s  %-15s  %-15s  %-15s  %10s  %s\n", "CV", "ACCURACY", "PRECISION",
	        "RECALL", "AUC", "CANDIDATES", "CHOSEN");
	for (size_t m = 0; m < r->n_models; m++) {
		const struct oc_cv_model *cm = &r->models[m];
		char v[4][40];
		mean_pm_std(v[0], sizeof v[0], cm->mean.accuracy, cm->std.accuracy);
		mean_pm_std(v[1], sizeof v[1], cm->mean.precision, cm->std.precision);
		mean_pm_std(v[2], sizeof v[2], cm->mean.recall, cm->std.recall);
		mean_pm_std(v[3], sizeof v[3], cm->mean.auc, cm->std.auc);
		fprintf(f, "  %-5s  %s  %s  %s  %s  %10zu  %s\n", oc_model_registry[cm->model]->key,
		        v[0], v[1], v[2], v[3], cm->n_candidates,
		        cm->params[cm->best][0] ? cm->params[cm->best] : "-");
	}
	fprintf(f, "  (mean \u00b1 std over %zu%s stratified folds of the training rows)\n",
	        r->n_folds, r->shuffle ? " shuffled" : "");
}

static void report_table(FILE *f, const struct oc_run *run)
{
	const struct oc_bundle *b = run->bundle;
	int wname = 4;
	for (size_t i = 0; i < b->n_models; i++) {
		int n = (int)strlen(b->models[i].ops->title);
		if (n > wname)
			wname = n;
	}
	fprintf(f, "  %-5s  %-*s  %8s  %9s  %8s  %8s  %9s\n", "MODEL", wname, "NAME", "ACCURACY",
	        "PRECISION", "RECALL", "AUC", "FIT (s)");
	for (size_t i = 0; i < b->n_models; i++) {
		const struct oc_trained *t = &b->models[i];
		const struct oc_metrics *m = &t->metrics;
		fprintf(f, "%c %-5s  %-*s  %8.4f  %9.4f  %8.4f  %8.4f  %9.3f\n",
		        (int)i == b->best ? '*' : ' ', t->ops->key, wname, t->ops->title, m->accuracy,
		        m->precision, m->recall, m->auc, t->fit_seconds);
	}
	if (b->cv)
		table_cv(f, b);
	fprintf(f, "\n* best: %s (%s), %zu training row%s and %zu test row%s\n",
	        b->models[b->best].ops->key, b->models[b->best].ops->title, b->n_train,
	        b->n_train == 1 ? "" : "s", b->n_test, b->n_test == 1 ? "" : "s");
	if (b->cv)
		fprintf(f, "  chosen by %s; of equal scores the first in model order (lr, rf, gb, "
		        "svm) wins\n", oc_select_name((enum oc_select_by)b->select_by));
}

/* --- The command --- */

int oc_cmd_batch(const struct oc_cli *cli, const struct oc_config *cfg)
{
	struct progress_out po = { 0, cfg, -1, NULL, 0 };
	struct oc_pipeline_hooks hooks = { 0 };
	struct oc_run run;
	struct oc_err err;
	int rc, sig;

	if (!cli->quiet)
		po.mode = isatty(STDERR_FILENO) ? 2 : 1;
	memset(&hooks, 0, sizeof hooks);
	hooks.progress = on_progress;
	hooks.ctx = &po;
	oc_sig_install();
	hooks.cancel = oc_sig_cancel();
	hooks.lock = oc_cmd_lock_opts(cli, hooks.cancel);

	rc = oc_pipeline_run(cfg, &hooks, &run, &err);

	sig = oc_sig_caught();
	oc_sig_restore();
	end_bar(&po);

	if (sig) {
		fprintf(stderr, "opticure: interrupted (%s); %s\n", strsignal(sig),
		        rc == OC_OK ? "the artifacts had already been written"
		                    : "previous artifacts left unchanged");
		oc_run_free(&run);
		return 128 + sig;
	}
	if (rc) {
		oc_report_error(&err);
		return rc;
	}
	if (!cli->quiet)
		for (size_t i = 0; i < run.bundle->n_models; i++) {
			const struct oc_trained *t = &run.bundle->models[i];
			const char *w = model_warning(t);
			if (w)
				fprintf(stderr, "opticure: warning: %s: %s\n", t->ops->key, w);
		}
	if (!cli->quiet && run.bundle->cv && run.bundle->cv->warning[0])
		fprintf(stderr, "opticure: warning: [cv] folds = %ld: %s\n", cfg->cv_folds,
		        run.bundle->cv->warning);
	switch (cli->format) {
	case OC_FORMAT_CSV:
		oc_pipeline_write_metrics(stdout, run.bundle);
		break;
	case OC_FORMAT_JSON:
		report_json(stdout, cfg, &run);
		break;
	case OC_FORMAT_TABLE:
	case OC_FORMAT_AUTO:
	default:
		report_table(stdout, &run);
		break;
	}
	if (cli->verbose && !cli->quiet)
		for (size_t i = 0; run.paths[i]; i++) {
			fputs("opticure: wrote ", stderr);
			oc_put_escaped(stderr, run.paths[i], strlen(run.paths[i]));
			putc('\n', stderr);
		}
	oc_run_free(&run);
	return oc_finish_stdout();
}
