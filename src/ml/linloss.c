/* SPDX-License-Identifier: MIT */
/* linloss.c - scikit-learn's linear-model objectives (see linloss.h).
 * References: scikit-learn 1.2.1 sklearn/linear_model/_linear_loss.py
 * (weight_intercept_raw, loss_gradient, l2_penalty) and
 * sklearn/_loss/_loss.pyx.tp (closs_grad_half_binomial, loss_gradient). */
#include "config.h"

#include <math.h>
#include <stdlib.h>

#include "ml/linloss.h"
#include "ml/npsum.h"
#include "ml/refblas.h"

int oc_linloss_init(struct oc_linloss *ll)
{
	size_t n = ll->n_rows ? ll->n_rows : 1;
	ll->raw = malloc(3 * n * sizeof *ll->raw);
	if (!ll->raw)
		return -1;
	ll->loss = ll->raw + n;
	ll->grad = ll->loss + n;
	return 0;
}

void oc_linloss_free(struct oc_linloss *ll)
{
	free(ll->raw);
	ll->raw = ll->loss = ll->grad = NULL;
}

/* The branches and thresholds (-37, 18) are those of the Cython code; the
 * gradient is expit(raw) - y in the form that does not cancel. */
double oc_half_binomial(double y_true, double raw_prediction, double *grad)
{
	double loss, tmp;
	if (raw_prediction <= 0) {
		tmp = exp(raw_prediction);
		if (raw_prediction <= -37)
			loss = tmp - y_true * raw_prediction;
		else
			loss = log1p(tmp) - y_true * raw_prediction;
		*grad = ((1 - y_true) * tmp - y_true) / (1 + tmp);
	} else {
		tmp = exp(-raw_prediction);
		if (raw_prediction <= 18)
			loss = log1p(tmp) + (1 - y_true) * raw_prediction;
		else
			loss = tmp + (1 - y_true) * raw_prediction;
		*grad = ((1 - y_true) - y_true * tmp) / (1 + tmp);
	}
	return loss;
}

int oc_linloss_binomial(void *ctx, const double *coef, double *f, double *g)
{
	struct oc_linloss *ll = ctx;
	long n = (long)ll->n_rows, d = (long)ll->n_features;
	const double *w = coef;
	double b = coef[d], loss;

	if (ll->cancel && *ll->cancel)
		return 1;
	/* raw_prediction = X @ weights + intercept */
	oc_matvec(ll->x, n, d, w, ll->raw);
	for (long i = 0; i < n; i++)
		ll->raw[i] = ll->raw[i] + b;
	/* HalfBinomialLoss.loss_gradient with sample_weight 1 */
	for (long i = 0; i < n; i++) {
		double gi, li = oc_half_binomial(ll->y[i], ll->raw[i], &gi);
		ll->loss[i] = 1.0 * li;
		ll->grad[i] = 1.0 * gi;
	}
	/* loss.sum() + 0.5 * l2_reg_strength * (weights @ weights) */
	loss = oc_npsum(ll->loss, (size_t)n);
	loss += 0.5 * ll->l2_reg_strength * oc_ddot(d, w, w);
	/* grad[:n_features] = X.T @ grad_pointwise + l2_reg_strength * weights */
	oc_tmatvec(ll->x, n, d, ll->grad, g);
	for (long j = 0; j < d; j++)
		g[j] = g[j] + ll->l2_reg_strength * w[j];
	/* grad[-1] = grad_pointwise.sum() */
	g[d] = oc_npsum(ll->grad, (size_t)n);
	*f = loss;
	return 0;
}
