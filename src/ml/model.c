/* model.c - the registry of classifiers. */
#include "config.h"

#include <string.h>

#include "ml/model.h"
#include "ml/lr.h"
#include "ml/rf.h"
#include "ml/gb.h"
#include "ml/svm.h"

const struct oc_model_ops *const oc_model_registry[OC_MODEL_COUNT] = {
	[OC_MODEL_LR] = &oc_lr_ops,
	[OC_MODEL_RF] = &oc_rf_ops,
	[OC_MODEL_GB] = &oc_gb_ops,
	[OC_MODEL_SVM] = &oc_svm_ops,
};

int oc_model_find(const char *key)
{
	for (int k = 0; k < OC_MODEL_COUNT; k++)
		if (strcmp(oc_model_registry[k]->key, key) == 0)
			return k;
	return -1;
}

int oc_model_score(const struct oc_model_ops *ops, const void *m, const double *row,
                   double *proba)
{
	if (ops->score)
		return ops->score(m, row, proba);
	ops->predict_proba(m, row, proba);
	return ops->predict(m, row);
}

void oc_model_score_rows(const struct oc_model_ops *ops, const void *m, const double *rows,
                         size_t n, size_t n_features, int *cls, double *proba)
{
	if (ops->score_rows) {
		ops->score_rows(m, rows, n, cls, proba);
		return;
	}
	size_t k = ops->n_classes(m);
	for (size_t i = 0; i < n; i++)
		cls[i] = oc_model_score(ops, m, rows + i * n_features, proba + k * i);
}
