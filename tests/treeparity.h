/* SPDX-License-Identifier: MIT */
/* treeparity.h - scikit-learn parity checks shared by the tree-model tests. */
#ifndef OC_TREEPARITY_H
#define OC_TREEPARITY_H

#include "ml/model.h"

/* Default settings of the original pipeline (100 trees/stages, seed 123). */
void tp_default_params(struct oc_model_params *p);

/* Trains ops on fixture NAME's training rows, compares test-row probabilities,
 * predictions and importances with proba_KEY.csv, pred_KEY.txt and
 * importances_KEY.txt, and asserts max |dp| <= 1e-12.  Prints the measured
 * differences. */
void tp_check_parity(const struct oc_model_ops *ops, const char *name);

/* Two fits with n_jobs 1 and 4 give bit-identical probabilities and importances. */
void tp_check_jobs_invariance(const struct oc_model_ops *ops, const char *name);

/* save -> load through the model-file reader gives bit-identical results;
 * a corrupted child index, a backward child index and a truncated body are
 * rejected with a FILE:LINE message. */
void tp_check_save_load(const struct oc_model_ops *ops, const char *name);

/* A set cancel flag makes fit fail with OC_ECANCELED. */
void tp_check_cancel(const struct oc_model_ops *ops, const char *name);

#endif
