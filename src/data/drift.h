/* SPDX-License-Identifier: MIT */
/* drift.h - is new data like the training data?  Per feature, against the
 * training profile (profile.h): the population stability index over the
 * training deciles, the number of values outside the training range, and
 * the shift of the mean in training standard deviations.  Rows are added
 * one at a time, so a file of any size is checked in constant memory. */
#ifndef OC_DRIFT_H
#define OC_DRIFT_H

#include <stddef.h>

#include "data/profile.h"

enum oc_drift_status { OC_DRIFT_OK, OC_DRIFT_WARN, OC_DRIFT_ALERT };

struct oc_drift_feature {
	double psi;
	size_t out_of_range;        /* values below the training min or above its max */
	double mean;                /* of the new values */
	double mean_shift_sd;       /* (mean - training mean) / training std */
	int shift_defined;          /* 0 when the training std is 0 and the means differ */
	enum oc_drift_status status;
};

struct oc_drift {
	const struct oc_profile *profile;
	size_t n_rows;
	size_t *bins;               /* n_features * OC_PROFILE_BINS counts */
	size_t *out_of_range;
	double *sum;
};

/* Starts an empty accumulator for profile p.  0, or -1 when out of memory. */
int oc_drift_init(struct oc_drift *d, const struct oc_profile *p);
void oc_drift_free(struct oc_drift *d);

/* Counts one row (the profile's features, in its order). */
void oc_drift_add(struct oc_drift *d, const double *row);

/* The figures of every feature so far (out[n_features]); status ALERT when
 * psi > psi_alert, WARN when psi > psi_warn, else OK.  Returns the worst
 * status. */
enum oc_drift_status oc_drift_report(const struct oc_drift *d, double psi_warn, double psi_alert,
                                     struct oc_drift_feature *out);

/* "ok", "warn" or "alert". */
const char *oc_drift_status_name(enum oc_drift_status s);

#endif
