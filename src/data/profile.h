/* SPDX-License-Identifier: MIT */
/* profile.h - the training profile: what the training rows looked like,
 * stored in the model file so that later data can be compared with it.
 *
 * Per feature: minimum, maximum, mean and standard deviation (numpy's,
 * ddof 0), the nine decile edges (np.percentile, linear interpolation) and
 * the share of training rows in each of the ten bins they bound; plus a
 * small background sample of training rows, against which the SVC's
 * explanations are computed.  Bins are right-closed: bin 0 is x <= edge 1,
 * bin k is edge k < x <= edge k+1, bin 9 is x > edge 9. */
#ifndef OC_PROFILE_H
#define OC_PROFILE_H

#include <stddef.h>
#include <stdint.h>

#include "data/dataset.h"
#include "core/modelio.h"
#include "core/status.h"

#define OC_PROFILE_BINS 10
/* Largest background sample (a stratified draw when there are more rows). */
#define OC_PROFILE_MAX_BACKGROUND 100

struct oc_feature_profile {
	double min, max, mean, std;
	double edge[OC_PROFILE_BINS - 1];
	double frac[OC_PROFILE_BINS];
};

struct oc_profile {
	size_t n_features;
	size_t n_rows;                      /* training rows summarised */
	struct oc_feature_profile *f;       /* n_features */
	size_t n_background;
	double *background;                 /* n_background rows, row-major */
};

/* Profile of the training rows; the background is every row when there are
 * at most OC_PROFILE_MAX_BACKGROUND, else the training part of scikit-learn's
 * train_test_split(train_size=100, stratify=y, random_state=seed).  NULL
 * with err set when out of memory. */
struct oc_profile *oc_profile_compute(const struct oc_dataset *train, uint32_t seed,
                                      struct oc_err *err);

void oc_profile_free(struct oc_profile **p);

/* The bin of x for feature j (0 .. OC_PROFILE_BINS-1). */
size_t oc_profile_bin(const struct oc_feature_profile *f, double x);

/* Population stability index of the shares got[] against the training
 * shares: sum (got - want) * ln(got / want) over the bins, a share of 0 on
 * either side counted as OC_PROFILE_PSI_FLOOR so that an empty bin gives a
 * large finite term instead of infinity. */
#define OC_PROFILE_PSI_FLOOR 1e-4
double oc_profile_psi(const struct oc_feature_profile *f, const double got[OC_PROFILE_BINS]);

/* Model-file records: "profile ROWS BACKGROUND", one "fprofile" line per
 * feature (min max mean std, 9 edges, 10 shares), one "background" line per
 * background row. */
void oc_profile_save(const struct oc_profile *p, struct oc_mwriter *w);
/* Reads what oc_profile_save wrote, checking every value (finite, min <=
 * mean <= max, std >= 0, edges ordered within [min, max], shares in [0, 1]
 * summing to 1, background rows finite).  NULL with err set on failure. */
struct oc_profile *oc_profile_load(struct oc_mreader *r, size_t n_features, struct oc_err *err);

#endif
