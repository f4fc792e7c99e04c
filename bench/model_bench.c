/* SPDX-License-Identifier: MIT */
/* model_bench.c - driver for bench/run: in-process timings of a saved
 * bundle through the public model API (model.h, modelfile.h).
 *
 *   model_bench MODELFILE [REPEATS]
 *
 * Prints one line per measurement, "name value unit":
 *  - dashboard_step_ms: the work one slider step of the dashboard causes:
 *    the class and probabilities of every model (oc_model_score: the votes)
 *    at the slider row, and a what-if curve of 64 points over the moved
 *    feature's slider range for every model; the median over REPEATS steps
 *    (each step moves a different feature to a different value);
 *  - score_ns_<model>: one row's class and probabilities (oc_model_score),
 *    median over REPEATS passes of 4096 rows spread over the slider box. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ml/model.h"
#include "io/modelfile.h"

#define CURVE_POINTS 64
#define SCORE_ROWS 4096

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

static double median(double *v, size_t n)
{
	qsort(v, n, sizeof *v, cmp_double);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/* One slider step: feature f moved to value v.  Returns a checksum so the
 * work cannot be optimised away. */
static double slider_step(const struct oc_bundle *b, double *row, double *curve_row, size_t f,
                          double v)
{
	double sum = 0.0, p[2];
	row[f] = v;
	for (size_t m = 0; m < b->n_models; m++) {
		const struct oc_trained *t = &b->models[m];
		sum += oc_model_score(t->ops, t->state, row, p) + p[1];
	}
	memcpy(curve_row, row, b->n_features * sizeof *row);
	for (size_t m = 0; m < b->n_models; m++) {
		const struct oc_trained *t = &b->models[m];
		for (int k = 0; k < CURVE_POINTS; k++) {
			const struct oc_feature_info *fi = &b->features[f];
			curve_row[f] = fi->lo + (fi->hi - fi->lo) * k / (CURVE_POINTS - 1);
			oc_model_predict_proba(t->ops, t->state, curve_row, p);
			sum += p[1];
		}
	}
	return sum;
}

int main(int argc, char **argv)
{
	struct oc_bundle *b = NULL;
	struct oc_err err;
	double *row, *curve_row, *rows, *times, sink = 0.0;
	long repeats;
	unsigned seed = 12345;

	if (argc < 2 || argc > 3) {
		fprintf(stderr, "usage: model_bench MODELFILE [REPEATS]\n");
		return 64;
	}
	repeats = argc == 3 ? atol(argv[2]) : 200;
	if (repeats < 1)
		repeats = 1;
	oc_err_clear(&err);
	if (oc_bundle_load(argv[1], &b, &err) != OC_OK) {
		fprintf(stderr, "model_bench: %s\n", err.msg);
		return err.status;
	}
	row = malloc(b->n_features * sizeof *row);
	curve_row = malloc(b->n_features * sizeof *curve_row);
	rows = malloc(SCORE_ROWS * b->n_features * sizeof *rows);
	times = malloc((size_t)repeats * sizeof *times);
	if (!row || !curve_row || !rows || !times) {
		fprintf(stderr, "model_bench: out of memory\n");
		return 70;
	}
	for (size_t j = 0; j < b->n_features; j++)
		row[j] = b->features[j].def;
	for (size_t i = 0; i < SCORE_ROWS * b->n_features; i++) {
		const struct oc_feature_info *fi = &b->features[i % b->n_features];
		seed = seed * 1103515245u + 12345u;
		rows[i] = fi->lo + (fi->hi - fi->lo) * (double)(seed >> 8) / 16777216.0;
	}

	/* warm-up, then timed steps */
	sink += slider_step(b, row, curve_row, 0, b->features[0].def);
	for (long r = 0; r < repeats; r++) {
		size_t f = (size_t)r % b->n_features;
		const struct oc_feature_info *fi = &b->features[f];
		double v = fi->lo + (fi->hi - fi->lo) * (double)(r % 41) / 40.0;
		double t0 = now();
		sink += slider_step(b, row, curve_row, f, v);
		times[r] = now() - t0;
	}
	printf("dashboard_step_ms %.4f ms\n", median(times, (size_t)repeats) * 1e3);

	/* The explain view's work per step: the best model's contributions for
	 * the slider row (its what-if hints reuse the curves timed above). */
	{
		const struct oc_trained *t = &b->models[b->best];
		double *phi = malloc(b->n_features * sizeof *phi), *mean = malloc(b->n_features * sizeof *mean);
		struct oc_explain_in in = { 1, NULL, NULL, 0 };
		if (phi && mean && t->ops->explain && b->profile) {
			for (size_t j = 0; j < b->n_features; j++)
				mean[j] = b->profile->f[j].mean;
			in.mean = mean;
			in.background = b->profile->background;
			in.n_background = b->profile->n_background;
			for (long r = 0; r < repeats; r++) {
				size_t f = (size_t)r % b->n_features;
				const struct oc_feature_info *fi = &b->features[f];
				double base, t0;
				row[f] = fi->lo + (fi->hi - fi->lo) * (double)(r % 41) / 40.0;
				t0 = now();
				if (t->ops->explain(t->state, row, &in, phi, &base, &err) == OC_OK)
					sink += base + phi[0];
				times[r] = now() - t0;
			}
			printf("explain_step_ms %.4f ms (%s)\n", median(times, (size_t)repeats) * 1e3,
			       t->ops->key);
		}
		free(phi);
		free(mean);
	}

	for (size_t m = 0; m < b->n_models; m++) {
		const struct oc_trained *t = &b->models[m];
		long passes = repeats < 20 ? repeats : 20;
		for (long r = 0; r < passes; r++) {
			double p[2], t0 = now();
			for (size_t i = 0; i < SCORE_ROWS; i++)
				sink += oc_model_score(t->ops, t->state, rows + i * b->n_features, p) + p[1];
			times[r] = (now() - t0) / SCORE_ROWS;
		}
		printf("score_ns_%s %.1f ns\n", t->ops->key, median(times, (size_t)passes) * 1e9);
	}
	fprintf(stderr, "model_bench: checksum %.6g\n", sink);
	free(row);
	free(curve_row);
	free(rows);
	free(times);
	oc_bundle_free(&b);
	return 0;
}
