/* SPDX-License-Identifier: MIT */
/* svm.h - Support vector classifier (RBF, Platt scaling), as scikit-learn
 * 1.2's SVC(kernel="rbf", probability=True) with its bundled libsvm. */
#ifndef OC_ML_SVM_H
#define OC_ML_SVM_H

#include <stddef.h>

#include "ml/model.h"

extern const struct oc_model_ops oc_svm_ops;

/* decision_function of one row with scikit-learn's sign: positive means
 * class 1 (classes_[1]), and predict gives class 1 iff the value is >= 0.
 * m is a state returned by oc_svm_ops.fit or .load. */
double oc_svm_decision(const void *m, const double *row);

/* gamma="scale": 1 / (n_features * X.var()) over all n_rows*n_features
 * values of x (row-major), summed the way numpy does; 1 when the variance
 * is 0. */
double oc_svm_gamma_scale(const double *x, size_t n_rows, size_t n_features);

/* The RBF width a fitted or loaded model uses. */
double oc_svm_gamma(const void *m);

/* Number of support vectors of a fitted or loaded model. */
size_t oc_svm_n_support(const void *m);

#endif
