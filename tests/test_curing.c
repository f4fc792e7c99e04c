/* SPDX-License-Identifier: MIT */
/* test_curing.c - the curing schema (curing.h) is consistent, and the
 * generator, the pipeline's sliders and the configuration's defaults
 * follow it. */
#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "pipeline/conf.h"
#include "data/curing.h"
#include "pipeline/gen.h"
#include "testutil.h"

static void test_schema_consistent(void)
{
	for (int j = 0; j < OC_CURING_COLUMNS; j++) {
		const struct oc_curing_column *c = &oc_curing_columns[j];
		double steps = (c->hi - c->lo) / c->step;
		CU_ASSERT(c->lo < c->hi);
		CU_ASSERT(c->lo <= c->def && c->def <= c->hi);
		/* the ends and the default lie on the step grid */
		CU_ASSERT(steps == floor(steps) && steps >= 10);
		CU_ASSERT(fmod(c->def - c->lo, c->step) == 0);
		CU_ASSERT(c->b > 0);
		CU_ASSERT_PTR_EQUAL(oc_curing_find(c->name), c);
	}
	CU_ASSERT_PTR_NULL(oc_curing_find("quality_grade"));
	CU_ASSERT(strcmp(oc_curing_grades[0], oc_curing_grades[1]) < 0);
}

/* 20,000 generated rows: each column's mean and spread are its
 * distribution's, and every row not within rounding of a bound carries
 * the grade the rule gives. */
static void test_generator_follows(void)
{
	struct oc_dataset *ds = NULL;
	struct oc_err err;
	const size_t n = 20000;
	CU_ASSERT_EQUAL_FATAL(oc_generate((long)n, 7, 2, &ds, &err), OC_OK);
	CU_ASSERT_EQUAL_FATAL(ds->n_features, OC_CURING_COLUMNS);
	CU_ASSERT_STRING_EQUAL(ds->label_name, OC_CURING_LABEL);
	CU_ASSERT_STRING_EQUAL(ds->class_names[1], oc_curing_grades[1]);
	for (int j = 0; j < OC_CURING_COLUMNS; j++) {
		const struct oc_curing_column *c = &oc_curing_columns[j];
		double sum = 0, sq = 0, mean, sd, want_mean, want_sd;
		for (size_t i = 0; i < n; i++) {
			double v = ds->x[i * OC_CURING_COLUMNS + (size_t)j];
			sum += v;
			sq += v * v;
		}
		mean = sum / (double)n;
		sd = sqrt(sq / (double)n - mean * mean);
		want_mean = c->draw == OC_DRAW_NORMAL ? c->a : (c->a + c->b) / 2;
		want_sd = c->draw == OC_DRAW_NORMAL ? c->b : (c->b - c->a) / sqrt(12.0);
		CU_ASSERT_STRING_EQUAL(ds->feature_names[j], c->name);
		CU_ASSERT(fabs(mean - want_mean) < 5 * want_sd / sqrt((double)n));
		CU_ASSERT(fabs(sd - want_sd) < 0.03 * want_sd);
	}
	size_t checked = 0, wrong = 0, standard = 0;
	for (size_t i = 0; i < n; i++) {
		int rule = 0, near = 0;
		for (int j = 0; j < OC_CURING_COLUMNS; j++) {
			const struct oc_curing_column *c = &oc_curing_columns[j];
			double v = ds->x[i * OC_CURING_COLUMNS + (size_t)j];
			near |= fabs(v - c->standard_above) <= 0.005 || fabs(v - c->standard_below) <= 0.005;
			rule |= v > c->standard_above || v < c->standard_below;
		}
		if (near)
			continue;
		checked++;
		standard += rule;
		wrong += ds->y[i] != rule;
	}
	CU_ASSERT(checked > n * 9 / 10);
	CU_ASSERT(standard > 0 && standard < checked);
	CU_ASSERT_EQUAL(wrong, 0);
	oc_dataset_free(&ds);
}

static void test_defaults_follow(void)
{
	struct oc_config cfg;
	oc_config_defaults(&cfg);
	CU_ASSERT_STRING_EQUAL(cfg.label, OC_CURING_LABEL);
	CU_ASSERT_EQUAL(cfg.optimal_temperature,
	                oc_curing_columns[OC_CURING_TEMPERATURE].def);
}

static CU_TestInfo tests[] = {
	{ "schema consistent", test_schema_consistent },
	{ "generator draws and grades by the schema", test_generator_follows },
	{ "configuration defaults from the schema", test_defaults_follow },
	CU_TEST_INFO_NULL,
};

int main(void)
{
	return tu_run_suite("curing", tests);
}
