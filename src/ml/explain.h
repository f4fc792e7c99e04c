/* SPDX-License-Identifier: MIT */
/* explain.h - Shapley values shared by the models' explain entries.
 *
 * Trees explain themselves path-dependently (treeshap.h); a model with no
 * structure to exploit is explained interventionally by brute force: the
 * value of a coalition S is the mean of the model's output over background
 * rows b with the features of S taken from x and the others from b, and
 * each feature's Shapley value is the weighted sum of its marginal
 * contributions over all 2^d coalitions (Shapley 1953; Janzing, Minorics
 * and Bloebaum 2020 for why interventional). */
#ifndef OC_ML_EXPLAIN_H
#define OC_ML_EXPLAIN_H

#include <stddef.h>

#include "ml/model.h"

/* Interventional Shapley values of P(in->cls) of the model (ops, m) with
 * nf features at row, against in->background.  OC_OK, or OC_EDATA when
 * nf > OC_EXPLAIN_MAX_COALITION_FEATURES or there is no background. */
int oc_explain_interventional(const struct oc_model_ops *ops, const void *m, size_t nf,
                              const double *row, const struct oc_explain_in *in, double *phi,
                              double *base, struct oc_err *err);

#endif
