/* SPDX-License-Identifier: MIT */
/* explain.c - interventional Shapley values by enumeration (see explain.h). */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "ml/explain.h"

int oc_explain_interventional(const struct oc_model_ops *ops, const void *m, size_t nf,
                              const double *row, const struct oc_explain_in *in, double *phi,
                              double *base, struct oc_err *err)
{
	if (nf > OC_EXPLAIN_MAX_COALITION_FEATURES)
		return oc_err_set(err, OC_EDATA, "%s: explanations need all %zu-feature coalitions; "
		                  "available for at most %d features", ops->title, nf,
		                  OC_EXPLAIN_MAX_COALITION_FEATURES);
	if (!in->background || !in->n_background)
		return oc_err_set(err, OC_EDATA, "%s: no background rows to explain against "
		                  "(model file without a training profile; retrain)", ops->title);
	size_t nb = in->n_background, ns = (size_t)1 << nf;
	double *v = malloc(ns * sizeof *v);
	double *rows = malloc(nb * nf * sizeof *rows);
	const size_t K = ops->n_classes(m);
	double *proba = malloc(nb * K * sizeof *proba);
	int *cls = malloc(nb * sizeof *cls);
	double *fact = malloc((nf + 1) * sizeof *fact);
	if (!v || !rows || !proba || !cls || !fact) {
		free(v);
		free(rows);
		free(proba);
		free(cls);
		free(fact);
		return oc_err_set(err, OC_EINTERNAL, "out of memory");
	}
	/* v(S): the mean output over the background with S taken from row */
	for (size_t s = 0; s < ns; s++) {
		memcpy(rows, in->background, nb * nf * sizeof *rows);
		for (size_t j = 0; j < nf; j++)
			if (s >> j & 1)
				for (size_t b = 0; b < nb; b++)
					rows[b * nf + j] = row[j];
		oc_model_score_rows(ops, m, rows, nb, cls, proba);
		double sum = 0.0;
		for (size_t b = 0; b < nb; b++)
			sum += proba[K * b + (size_t)in->cls];
		v[s] = sum / (double)nb;
	}
	/* phi_j = sum over S without j of |S|! (d-|S|-1)! / d! (v(S+j) - v(S)) */
	fact[0] = 1.0;
	for (size_t k = 1; k <= nf; k++)
		fact[k] = fact[k - 1] * (double)k;
	for (size_t j = 0; j < nf; j++) {
		double acc = 0.0;
		for (size_t s = 0; s < ns; s++) {
			if (s >> j & 1)
				continue;
			size_t k = (size_t)__builtin_popcountll((unsigned long long)s);
			acc += fact[k] * fact[nf - k - 1] / fact[nf] * (v[s | (size_t)1 << j] - v[s]);
		}
		phi[j] = acc;
	}
	*base = v[0];
	free(v);
	free(rows);
	free(proba);
	free(cls);
	free(fact);
	return OC_OK;
}
