/* SPDX-License-Identifier: MIT */
/* curing.h - the schema of the tobacco-curing data, in one table.
 *
 * The five sensor columns with their units, the distributions the
 * synthetic generator draws them from (generate_data.py's), the dashboard's
 * slider range, default and step, and the grading rule; the label and its
 * two grades; the optimal barn temperature.  Readers: the generator
 * (gen.c), the pipeline (the slider ranges stored in the model file), the
 * dashboard (steps, the temperature column) and the configuration's
 * defaults ([data] label, [dashboard] optimal_temperature). */
#ifndef OC_CURING_H
#define OC_CURING_H

/* The label column and the reference temperature of the original
 * dashboard (deg C; "optimal 65-75"), spelled as the INI defaults. */
#define OC_CURING_LABEL "quality_grade"
#define OC_CURING_OPTIMAL_TEMPERATURE 70
#define OC_CURING_STR_(x) #x
#define OC_CURING_STR(x) OC_CURING_STR_(x)

enum oc_curing_draw {
	OC_DRAW_NORMAL,         /* RandomState.normal(a, b): mean, standard deviation */
	OC_DRAW_UNIFORM,        /* RandomState.uniform(a, b): low, high */
};

struct oc_curing_column {
	const char *name;
	const char *unit;       /* UTF-8 */
	enum oc_curing_draw draw;
	double a, b;            /* the draw's arguments */
	double lo, hi, def;     /* slider range and default */
	double step;            /* slider step */
	/* The grading rule, on the unrounded value: a row is Standard when a
	 * column is above its standard_above or below its standard_below
	 * (HUGE_VAL and -HUGE_VAL: no bound), else Premium.  With three grades
	 * ([data] grades = 3) a row beyond a reject bound is Reject first. */
	double standard_above, standard_below;
	double reject_above, reject_below;
};

/* The columns in the generator's (and the CSV's) order. */
enum {
	OC_CURING_TEMPERATURE, OC_CURING_HUMIDITY, OC_CURING_LEAF_MOISTURE, OC_CURING_AIRFLOW,
	OC_CURING_TIME, OC_CURING_COLUMNS
};

extern const struct oc_curing_column oc_curing_columns[OC_CURING_COLUMNS];

/* The grades in byte order: [0] Premium, [1] Standard (the rule's, and
 * the positive class). */
extern const char *const oc_curing_grades[2];

/* The three grades in byte order: Premium, Reject, Standard. */
extern const char *const oc_curing_grades3[3];

/* The column called name, or NULL. */
const struct oc_curing_column *oc_curing_find(const char *name);

#endif
