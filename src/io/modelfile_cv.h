/* SPDX-License-Identifier: MIT */
/* modelfile_cv.h - the cross-validation records of the model file (format
 * 1.2, written only when a run cross-validated; opticure-model(5)). */
#ifndef OC_MODELFILE_CV_H
#define OC_MODELFILE_CV_H

#include "io/modelfile.h"
#include "core/modelio.h"

/* The minor version that first holds them. */
#define OC_MODELFILE_CV_MINOR 2

/* "cv FOLDS SHUFFLE SEED" and "select_by NAME", after the settings. */
void oc_mf_cv_put_header(struct oc_mwriter *w, const struct oc_bundle *b);

/* cv_chosen, cv_candidates, cv_mean, cv_std of model i, after its metrics. */
void oc_mf_cv_put_model(struct oc_mwriter *w, const struct oc_bundle *b, size_t i);

/* Reads what oc_mf_cv_put_header wrote into b->cv (allocated). */
int oc_mf_cv_read_header(struct oc_mreader *r, struct oc_bundle *b, struct oc_err *err);

/* Reads model i's records (kind: enum oc_model_kind) into b->cv. */
int oc_mf_cv_read_model(struct oc_mreader *r, struct oc_bundle *b, size_t i, int kind,
                        struct oc_err *err);

#endif
