/* SPDX-License-Identifier: MIT */
/* gb.h - Gradient boosting. */
#ifndef OC_ML_GB_H
#define OC_ML_GB_H

#include "ml/model.h"

extern const struct oc_model_ops oc_gb_ops;

/* decision_function of one row of a fitted or loaded model: K raw scores
 * (init_k + learning_rate * the sum of class k's trees), or for two
 * classes one, the log-odds of the second class. */
void oc_gb_decision(const void *m, const double *row, double *raw);

#endif
