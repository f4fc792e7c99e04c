/* lr.h - Logistic regression (L2, lbfgs objective; multinomial for K > 2). */
#ifndef OC_ML_LR_H
#define OC_ML_LR_H

#include <stddef.h>

#include "ml/model.h"

extern const struct oc_model_ops oc_lr_ops;

/* Why the fit may not be the exact optimum ("did not converge in N
 * iterations ..."), or NULL when it converged.  The string lives as long
 * as the model; a loaded model carries the warning it was saved with. */
const char *oc_lr_warning(const void *m);

/* The learned intercept and the n_features coefficients (sklearn's
 * intercept_ and coef_[0]); coef may be NULL.  With K > 2 classes, the K
 * intercepts (summing to zero) and K rows of n_features coefficients. */
void oc_lr_coef(const void *m, double *intercept, double *coef);

/* Infinity norm of the objective's gradient at the returned solution. */
double oc_lr_grad_norm(const void *m);

/* Newton iterations the fit used. */
long oc_lr_iterations(const void *m);

#endif
