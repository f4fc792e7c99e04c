/* SPDX-License-Identifier: MIT */
/* linloss.h - scikit-learn 1.2.1's LinearModelLoss objectives, bit for bit.
 *
 * The function and gradient scikit-learn's lbfgs solver minimises
 * (sklearn/linear_model/_linear_loss.py, LinearModelLoss.loss_gradient, with
 * the Cython losses of sklearn/_loss/_loss.pyx.tp), computed in the same
 * order of operations: raw predictions X @ w + b and the gradient X.T @ g
 * as numpy hands them to the reference BLAS (refblas.h), per-row losses
 * with libm's exp/log1p, and loss.sum() / g.sum() as numpy's pairwise sum
 * (npsum.h).  Sample weights are 1 (LogisticRegression without
 * sample_weight: multiplying by 1.0 is exact).
 *
 * Each objective has the oc_lbfgsb_fg signature, so any of them can be
 * handed to oc_lbfgsb_minimize with a struct oc_linloss as context.  The
 * coefficient vector is laid out as scikit-learn lays it out for lbfgs:
 * binary, n_features weights then the intercept; multinomial
 * (HalfMultinomialLoss), y as class indices and the vector
 * coef.ravel(order="F") of the (n_classes, n_features + 1) matrix, i.e. the
 * classes of one feature contiguous, the K intercepts last; numpy computes
 * its X @ W.T and G.T @ X with dgemm, not dgemv. */
#ifndef OC_ML_LINLOSS_H
#define OC_ML_LINLOSS_H

#include <stdatomic.h>
#include <stddef.h>

struct oc_team;

struct oc_linloss {
	const double *x;            /* n_rows x n_features, row-major (C order) */
	const double *y;            /* targets as float64: 0.0 / 1.0 for the binomial loss,
	                               class indices for the multinomial one */
	size_t n_rows, n_features;
	size_t n_classes;           /* K > 2 for the multinomial loss, else 0 */
	double l2_reg_strength;     /* 1 / C */
	const atomic_int *cancel;   /* if non-NULL and set, evaluation returns 1 */
	double *raw, *loss, *grad;  /* work space (oc_linloss_init): n_rows values, times
	                               n_classes for raw and grad of the multinomial loss */
	size_t *nz, *nz_end;        /* multinomial: each row's nonzero features,
	                               row i's at nz[i * n_features .. nz_end[i]) */
	int n_threads;              /* threads evaluating it (0, 1: the caller's
	                               alone); results do not depend on it */
	struct oc_team *team;       /* started by oc_linloss_init when worth it */
	const double *coef;         /* during an evaluation: its coefficients */
	double *gout;               /* and where its gradient goes */
};

/* Allocates the work space of n_rows (and n_classes), for the multinomial
 * loss lists each row's nonzero features, and starts n_threads when the
 * data are large enough to gain from them; 0, or -1 when out of memory. */
int oc_linloss_init(struct oc_linloss *ll);
void oc_linloss_free(struct oc_linloss *ll);

/* HalfBinomialLoss (logistic regression, two classes) with an intercept:
 * coef = [w (n_features), b]; writes the loss to *f and n_features + 1
 * gradient values to g.  Returns 0, or 1 when cancelled. */
int oc_linloss_binomial(void *ctx, const double *coef, double *f, double *g);

/* HalfMultinomialLoss (logistic regression, K > 2 classes, scikit-learn's
 * multi_class="auto" with lbfgs) with an intercept: coef as described
 * above, K * (n_features + 1) values; writes the loss to *f and as many
 * gradient values to g.  Returns 0, or 1 when cancelled. */
int oc_linloss_multinomial(void *ctx, const double *coef, double *f, double *g);

/* closs_grad_half_binomial of one row: the loss, and its derivative with
 * respect to raw_prediction in *grad. */
double oc_half_binomial(double y_true, double raw_prediction, double *grad);

#endif
