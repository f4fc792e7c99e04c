/* SPDX-License-Identifier: MIT */
/* metrics.h - classification metrics exactly as scikit-learn 1.2 computes them.
 *
 * accuracy_score; precision/recall with average='weighted' and
 * zero_division=0; roc_auc_score: of the class-1 probability for two
 * classes (ties count 1/2), with multi_class="ovr" (the unweighted mean of
 * every class's one-vs-rest AUC) for more; the K x K confusion matrix,
 * per-class precision/recall/F1/support and one-vs-rest AUC; roc_curve. */
#ifndef OC_METRICS_H
#define OC_METRICS_H

#include <stddef.h>

#include "core/status.h"

struct oc_metrics {
	size_t n;                   /* test rows */
	size_t n_classes;           /* K >= 2 */
	double accuracy;
	double precision;           /* weighted by true support */
	double recall;              /* weighted by true support (= accuracy) */
	double auc;                 /* ROC AUC of class 1 (K = 2), else macro one-vs-rest */
	size_t *confusion;          /* K * K: [true class * K + predicted class] */
	double *class_precision;    /* K each */
	double *class_recall;
	double *class_f1;
	double *class_auc;          /* one-vs-rest AUC of each class's probability */
	size_t *support;            /* true rows per class, K */
};

/* Room for the per-class figures of K classes in m (zeroed, n = 0).
 * OC_OK, or OC_EINTERNAL with err set when out of memory. */
int oc_metrics_alloc(struct oc_metrics *m, size_t n_classes, struct oc_err *err);

/* Frees what m owns and zeroes it.  NULL-safe, and safe on a zeroed m. */
void oc_metrics_free(struct oc_metrics *m);

/* A copy of src in dst (which is overwritten, not freed). */
int oc_metrics_copy(struct oc_metrics *dst, const struct oc_metrics *src, struct oc_err *err);

/* Computes every metric from true classes, predicted classes and the class
 * probabilities of n rows (K per row, proba[i * K + k]); m is allocated
 * here (oc_metrics_free it).  A class without test rows makes its AUC
 * undefined, and so fails with OC_EDATA ("ROC AUC is undefined ..."),
 * never NaN. */
int oc_metrics_compute(const unsigned char *y_true, const unsigned char *y_pred,
                       const double *proba, size_t n, size_t n_classes, struct oc_metrics *m,
                       struct oc_err *err);

/* ROC curve points as sklearn.metrics.roc_curve(drop_intermediate=True)
 * with positive class 1 (y_true 0/1): *fpr and *tpr (malloc'd, *npts
 * entries, starting at (0,0)). */
int oc_roc_curve(const unsigned char *y_true, const double *p1, size_t n,
                 double **fpr, double **tpr, size_t *npts, struct oc_err *err);

#endif
