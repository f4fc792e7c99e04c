/* SPDX-License-Identifier: MIT */
/* lr.h - Logistic regression (L2; scikit-learn's lbfgs, or Newton to the
 * exact optimum; multinomial for K > 2 classes). */
#ifndef OC_ML_LR_H
#define OC_ML_LR_H

#include <stddef.h>

#include "ml/model.h"

extern const struct oc_model_ops oc_lr_ops;

/* "lbfgs", "newton": the [logistic_regression] solver values and the
 * model file's lr_solver record, indexed by enum oc_lr_solver. */
extern const char *const oc_lr_solver_names[OC_LR_SOLVER_COUNT + 1];

/* Why the fit falls short of what its settings ask for, one line, or NULL:
 * with lbfgs exactly when scikit-learn raises its ConvergenceWarning
 * ("did not converge in N iterations ..."), with newton when the iteration
 * limit or double precision stopped it short of the optimum.  The string
 * lives as long as the model; a loaded model carries the warning it was
 * saved with. */
const char *oc_lr_warning(const void *m);

/* The learned intercept and the n_features coefficients (sklearn's
 * intercept_ and coef_[0]); coef may be NULL.  With K > 2 classes, the K
 * intercepts (summing to zero) and K rows of n_features coefficients. */
void oc_lr_coef(const void *m, double *intercept, double *coef);

/* Infinity norm of the objective's gradient at the returned solution
 * (scipy's projected gradient for lbfgs). */
double oc_lr_grad_norm(const void *m);

/* Iterations the fit used: scikit-learn's n_iter_ (lbfgs) or Newton steps. */
long oc_lr_iterations(const void *m);

/* The solver the model was fitted with. */
enum oc_lr_solver oc_lr_solver(const void *m);

#endif
