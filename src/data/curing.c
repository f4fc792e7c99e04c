/* SPDX-License-Identifier: MIT */
/* curing.c - the curing data's schema (see curing.h).
 *
 * Distributions and the rule are those of the original generate_data.py:
 * temperature normal(70, 5), humidity normal(60, 8), leaf moisture
 * normal(18, 3), airflow uniform(5, 25), curing time uniform(48, 240);
 * Standard if temperature > 78 or humidity < 45; with three grades
 * (an extension of that rule) Reject first if temperature > 82 or
 * humidity < 40.  Slider ranges and
 * defaults are the original dashboard's for the first three; airflow and
 * curing time, fixed there (outside the trained range), get their
 * generator ranges and midpoints.  Steps move the sliders in whole
 * degrees and percent, about 1/40 of each range. */
#include "config.h"

#include <math.h>
#include <string.h>

#include "data/curing.h"

const struct oc_curing_column oc_curing_columns[OC_CURING_COLUMNS] = {
	[OC_CURING_TEMPERATURE] = { "barn_temperature", "°C", OC_DRAW_NORMAL, 70, 5,
	                            50, 90, OC_CURING_OPTIMAL_TEMPERATURE, 1, 78, -HUGE_VAL, 82, -HUGE_VAL },
	[OC_CURING_HUMIDITY] = { "barn_humidity", "%", OC_DRAW_NORMAL, 60, 8,
	                         20, 100, 60, 2, HUGE_VAL, 45, HUGE_VAL, 40 },
	[OC_CURING_LEAF_MOISTURE] = { "leaf_moisture", "%", OC_DRAW_NORMAL, 18, 3,
	                              10, 30, 18, 0.5, HUGE_VAL, -HUGE_VAL, HUGE_VAL, -HUGE_VAL },
	[OC_CURING_AIRFLOW] = { "airflow_rate", "CFM", OC_DRAW_UNIFORM, 5, 25,
	                        5, 25, 15, 0.5, HUGE_VAL, -HUGE_VAL, HUGE_VAL, -HUGE_VAL },
	[OC_CURING_TIME] = { "curing_time_hours", "h", OC_DRAW_UNIFORM, 48, 240,
	                     48, 240, 144, 2, HUGE_VAL, -HUGE_VAL, HUGE_VAL, -HUGE_VAL },
};

const char *const oc_curing_grades[2] = { "Premium", "Standard" };
const char *const oc_curing_grades3[3] = { "Premium", "Reject", "Standard" };

const struct oc_curing_column *oc_curing_find(const char *name)
{
	for (int j = 0; j < OC_CURING_COLUMNS; j++)
		if (strcmp(oc_curing_columns[j].name, name) == 0)
			return &oc_curing_columns[j];
	return NULL;
}
