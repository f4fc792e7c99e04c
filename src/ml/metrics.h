/* SPDX-License-Identifier: MIT */
/* metrics.h - classification metrics exactly as scikit-learn 1.2 computes them.
 *
 * accuracy_score; precision/recall with average='weighted' and
 * zero_division=0; roc_auc_score of the class-1 probability (ties count 1/2);
 * the confusion matrix, per-class precision/recall/F1/support; roc_curve. */
#ifndef OC_METRICS_H
#define OC_METRICS_H

#include <stddef.h>

#include "status.h"

struct oc_metrics {
	size_t n;                   /* test rows */
	double accuracy;
	double precision;           /* weighted by true support */
	double recall;              /* weighted by true support (= accuracy) */
	double auc;                 /* ROC AUC of class 1 */
	size_t confusion[2][2];     /* [true class][predicted class] */
	double class_precision[2];
	double class_recall[2];
	double class_f1[2];
	size_t support[2];          /* true rows per class */
};

/* Computes every metric from true classes, predicted classes and the
 * class-1 probabilities of n rows.  A test set holding only one class
 * fails with OC_EDATA ("ROC AUC is undefined ..."), never NaN. */
int oc_metrics_compute(const unsigned char *y_true, const unsigned char *y_pred,
                       const double *p1, size_t n, struct oc_metrics *m, struct oc_err *err);

/* ROC curve points as sklearn.metrics.roc_curve(drop_intermediate=True):
 * *fpr and *tpr (malloc'd, *npts entries, starting at (0,0)). */
int oc_roc_curve(const unsigned char *y_true, const double *p1, size_t n,
                 double **fpr, double **tpr, size_t *npts, struct oc_err *err);

#endif
