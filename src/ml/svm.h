/* SPDX-License-Identifier: MIT */
/* svm.h - Support vector classifier (RBF, Platt scaling), as scikit-learn
 * 1.2's SVC(kernel="rbf", probability=True) with its bundled libsvm. */
#ifndef OC_ML_SVM_H
#define OC_ML_SVM_H

#include <stddef.h>

#include "ml/model.h"

extern const struct oc_model_ops oc_svm_ops;

/* decision_function of one row of a two-class model with scikit-learn's
 * sign: positive means class 1 (classes_[1]), and predict gives class 1
 * iff the value is >= 0.  m is a state returned by oc_svm_ops.fit or
 * .load.  0 for a model of more classes. */
double oc_svm_decision(const void *m, const double *row);

/* Number of class pairs, K(K-1)/2. */
size_t oc_svm_n_pairs(const void *m);

/* decision_function(decision_function_shape="ovo"): one value per class
 * pair (0,1), (0,2), ..., (1,2), ..., positive for the pair's first class
 * (libsvm's values); for two classes the one value of oc_svm_decision. */
void oc_svm_decision_ovo(const void *m, const double *row, double *out);

/* decision_function with the default shape "ovr" for K > 2 classes
 * (scikit-learn's _ovr_decision_function of the one-vs-one values: the
 * votes plus the summed confidences mapped into (-1/3, 1/3)): K values.
 * For two classes out[1] = oc_svm_decision and out[0] = 0. */
void oc_svm_decision_ovr(const void *m, const double *row, double *out);

/* gamma="scale": 1 / (n_features * X.var()) over all n_rows*n_features
 * values of x (row-major), summed the way numpy does; 1 when the variance
 * is 0. */
double oc_svm_gamma_scale(const double *x, size_t n_rows, size_t n_features);

/* The RBF width a fitted or loaded model uses. */
double oc_svm_gamma(const void *m);

/* Number of support vectors of a fitted or loaded model. */
size_t oc_svm_n_support(const void *m);

#endif
