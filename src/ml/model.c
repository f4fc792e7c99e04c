/* SPDX-License-Identifier: MIT */
/* model.c - the registry of classifiers. */
#include "config.h"

#include <stdio.h>
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

const char *oc_model_check(const struct oc_model_ops *ops, const struct oc_model_params *p,
                           const struct oc_fit_ctx *ctx)
{
	static _Thread_local char msg[256];
	char why[160];
	for (size_t i = 0; i < ops->n_params; i++)
		if (oc_setting_check(&ops->params[i], p, why, sizeof why)) {
			snprintf(msg, sizeof msg, "[%s] %s: %s", ops->params[i].section,
			         ops->params[i].key, why);
			return msg;
		}
	if (ctx && ctx->n_jobs < 1) {
		snprintf(msg, sizeof msg, "%s: jobs must be at least 1", ops->title);
		return msg;
	}
	return ops->check ? ops->check(p) : NULL;
}

void *oc_model_fit(const struct oc_model_ops *ops, const struct oc_dataset *ds,
                   const struct oc_model_params *p, const struct oc_fit_ctx *ctx,
                   struct oc_err *err)
{
	const char *msg = oc_model_check(ops, p, ctx);
	if (msg) {
		oc_err_set(err, OC_ECONFIG, "%s", msg);
		return NULL;
	}
	return ops->fit(ds, p, ctx, err);
}

void oc_model_params_defaults(struct oc_model_params *p)
{
	char msg[160];
	memset(p, 0, sizeof *p);
	for (int k = 0; k < OC_MODEL_COUNT; k++)
		for (size_t i = 0; i < oc_model_registry[k]->n_params; i++)
			oc_setting_parse(&oc_model_registry[k]->params[i], p,
			                 oc_model_registry[k]->params[i].def, msg, sizeof msg);
}

const struct oc_setting *oc_model_param(const struct oc_model_ops *ops, const char *key)
{
	for (size_t i = 0; i < ops->n_params; i++)
		if (strcmp(ops->params[i].key, key) == 0)
			return &ops->params[i];
	return NULL;
}

void oc_model_score_rows(const struct oc_model_ops *ops, const void *m, const double *rows,
                         size_t n, int *cls, double *proba)
{
	ops->score_rows(m, rows, n, cls, proba);
}

int oc_model_score(const struct oc_model_ops *ops, const void *m, const double *row,
                   double *proba)
{
	int cls;
	ops->score_rows(m, row, 1, &cls, proba);
	return cls;
}

int oc_model_predict(const struct oc_model_ops *ops, const void *m, const double *row)
{
	double proba[OC_MAX_CLASSES];
	return oc_model_score(ops, m, row, proba);
}

void oc_model_predict_proba(const struct oc_model_ops *ops, const void *m, const double *row,
                            double *proba)
{
	(void)oc_model_score(ops, m, row, proba);
}

void oc_model_rows_each(const void *m, size_t n_features, size_t n_classes, const double *rows,
                        size_t n, int *cls, double *proba,
                        int (*score_row)(const void *m, const double *row, double *proba))
{
	for (size_t i = 0; i < n; i++)
		cls[i] = score_row(m, rows + i * n_features, proba + i * n_classes);
}
