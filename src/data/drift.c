/* SPDX-License-Identifier: MIT */
/* drift.c - drift of new data against the training profile (see drift.h). */
#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "data/drift.h"

int oc_drift_init(struct oc_drift *d, const struct oc_profile *p)
{
	size_t nf = p->n_features ? p->n_features : 1;
	memset(d, 0, sizeof *d);
	d->profile = p;
	d->bins = calloc(nf * OC_PROFILE_BINS, sizeof *d->bins);
	d->out_of_range = calloc(nf, sizeof *d->out_of_range);
	d->sum = calloc(nf, sizeof *d->sum);
	if (!d->bins || !d->out_of_range || !d->sum) {
		oc_drift_free(d);
		return -1;
	}
	return 0;
}

void oc_drift_free(struct oc_drift *d)
{
	free(d->bins);
	free(d->out_of_range);
	free(d->sum);
	memset(d, 0, sizeof *d);
}

void oc_drift_add(struct oc_drift *d, const double *row)
{
	const struct oc_profile *p = d->profile;
	for (size_t j = 0; j < p->n_features; j++) {
		const struct oc_feature_profile *f = &p->f[j];
		double x = row[j];
		d->bins[j * OC_PROFILE_BINS + oc_profile_bin(f, x)]++;
		d->out_of_range[j] += x < f->min || x > f->max;
		d->sum[j] += x;
	}
	d->n_rows++;
}

enum oc_drift_status oc_drift_report(const struct oc_drift *d, double psi_warn, double psi_alert,
                                     struct oc_drift_feature *out)
{
	const struct oc_profile *p = d->profile;
	enum oc_drift_status worst = OC_DRIFT_OK;
	for (size_t j = 0; j < p->n_features; j++) {
		const struct oc_feature_profile *f = &p->f[j];
		struct oc_drift_feature *o = &out[j];
		double share[OC_PROFILE_BINS];
		for (size_t k = 0; k < OC_PROFILE_BINS; k++)
			share[k] = d->n_rows ? (double)d->bins[j * OC_PROFILE_BINS + k] / (double)d->n_rows
			                     : f->frac[k];
		o->psi = oc_profile_psi(f, share);
		o->out_of_range = d->out_of_range[j];
		o->mean = d->n_rows ? d->sum[j] / (double)d->n_rows : f->mean;
		o->shift_defined = 1;
		if (f->std > 0.0)
			o->mean_shift_sd = (o->mean - f->mean) / f->std;
		else if (o->mean == f->mean)
			o->mean_shift_sd = 0.0;
		else
			o->shift_defined = 0, o->mean_shift_sd = 0.0;
		o->status = o->psi > psi_alert ? OC_DRIFT_ALERT
		            : o->psi > psi_warn ? OC_DRIFT_WARN : OC_DRIFT_OK;
		if (o->status > worst)
			worst = o->status;
	}
	return worst;
}

const char *oc_drift_status_name(enum oc_drift_status s)
{
	return s == OC_DRIFT_ALERT ? "alert" : s == OC_DRIFT_WARN ? "warn" : "ok";
}
