/* SPDX-License-Identifier: MIT */
/* metrics.c - classification metrics, arithmetic as scikit-learn 1.2.
 *
 * Sources: sklearn/metrics/_classification.py (accuracy_score,
 * precision_recall_fscore_support, _prf_divide) and _ranking.py
 * (_binary_clf_curve, roc_curve, auc), numpy 1.24 (trapz, np.average, and
 * the pairwise summation of add.reduce).  Every quotient and sum is formed
 * in the same order as there so that results agree to the last bit:
 * weighted averages are sum(m_c * n_c) / sum(n_c), F1 is
 * 2*P*R / (P + R), and the AUC is numpy's pairwise sum of the trapezoids
 * (fpr[i+1]-fpr[i]) * (tpr[i+1]+tpr[i]) / 2 over the drop_intermediate
 * ROC points.  Ties in the scores form one threshold, so they count 1/2.
 * With K > 2 classes roc_auc_score(multi_class="ovr") binarises the labels
 * per class (label_binarize) and takes np.average of the K binary AUCs;
 * the weighted averages run over the labels present in y_true or y_pred
 * (unique_labels), as precision_recall_fscore_support does. */
#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ml/metrics.h"
#include "core/npsum.h"

/* The two-class checks of roc_curve: 0/1 labels, finite scores, both
 * classes present (what names "class" in the messages is cls). */
static int check_inputs(const unsigned char *y_true, const double *p1, size_t n,
                        struct oc_err *err)
{
	size_t cnt[2] = { 0, 0 };
	if (n == 0)
		return oc_err_set(err, OC_EDATA, "metrics: no test rows");
	for (size_t i = 0; i < n; i++) {
		if (y_true[i] > 1)
			return oc_err_set(err, OC_EINTERNAL, "metrics: row %zu: class index is not 0 or 1",
			                  i + 1);
		if (!isfinite(p1[i]))
			return oc_err_set(err, OC_EDATA, "metrics: row %zu: probability is not finite",
			                  i + 1);
		cnt[y_true[i]]++;
	}
	if ((cnt[0] == 0 || cnt[1] == 0) && n == 1)
		return oc_err_set(err, OC_EDATA,
		                  "ROC AUC is undefined: the only test row is of class %d; "
		                  "the test set needs rows of both classes", cnt[1] ? 1 : 0);
	if (cnt[0] == 0 || cnt[1] == 0)
		return oc_err_set(err, OC_EDATA,
		                  "ROC AUC is undefined: all %zu test rows are of class %d; "
		                  "the test set needs rows of both classes", n, cnt[1] ? 1 : 0);
	return OC_OK;
}

/* Row indices by score ascending, ties by index: numpy's stable
 * argsort(kind="mergesort"), which sklearn reverses for descending order.
 * Bottom-up merge sort taking the left run on ties. */
static void stable_argsort(const double *s, size_t n, size_t *idx, size_t *tmp)
{
	size_t *src = idx, *dst = tmp;
	for (size_t i = 0; i < n; i++)
		idx[i] = i;
	for (size_t w = 1; w < n; w *= 2) {
		for (size_t lo = 0; lo < n; lo += 2 * w) {
			size_t mid = lo + w < n ? lo + w : n, hi = lo + 2 * w < n ? lo + 2 * w : n;
			size_t i = lo, j = mid, o = lo;
			while (i < mid && j < hi)
				dst[o++] = s[src[j]] < s[src[i]] ? src[j++] : src[i++];
			while (i < mid)
				dst[o++] = src[i++];
			while (j < hi)
				dst[o++] = src[j++];
		}
		size_t *t = src;
		src = dst;
		dst = t;
	}
	if (src != idx)
		memcpy(idx, src, n * sizeof *idx);
}

/* ROC points of roc_curve(drop_intermediate=True), inputs already checked. */
static int roc_points(const unsigned char *y_true, const double *p1, size_t n,
                      double **fpr_out, double **tpr_out, size_t *npts, struct oc_err *err)
{
	size_t *idx = malloc(2 * n * sizeof *idx);
	double *fps = malloc((n + 1) * sizeof *fps), *tps = malloc((n + 1) * sizeof *tps);
	size_t m = 0, kept;
	double cum = 0.0;

	if (!idx || !fps || !tps) {
		free(idx);
		free(fps);
		free(tps);
		return oc_err_set(err, OC_EINTERNAL, "metrics: out of memory");
	}
	stable_argsort(p1, n, idx, idx + n);
	/* descending = the ascending order reversed; one point per distinct
	 * score, at the last row holding it (slot 0 is left for (0,0)) */
	for (size_t r = 0; r < n; r++) {
		size_t i = idx[n - 1 - r];
		cum += y_true[i];
		if (r == n - 1 || p1[idx[n - 2 - r]] != p1[i]) {
			tps[m + 1] = cum;
			fps[m + 1] = (double)(r + 1) - cum;
			m++;
		}
	}
	/* drop_intermediate: keep the ends and every corner of the curve */
	kept = m;
	if (m > 2) {
		double *f = fps + 1, *t = tps + 1;
		size_t o = 1;
		for (size_t i = 1; i + 1 < m; i++) {
			if (f[i + 1] - 2 * f[i] + f[i - 1] != 0 || t[i + 1] - 2 * t[i] + t[i - 1] != 0) {
				f[o] = f[i];
				t[o] = t[i];
				o++;
			}
		}
		f[o] = f[m - 1];
		t[o] = t[m - 1];
		kept = o + 1;
	}
	fps[0] = tps[0] = 0.0;
	kept++;
	{
		double fl = fps[kept - 1], tl = tps[kept - 1];
		for (size_t i = 0; i < kept; i++) {
			fps[i] /= fl;
			tps[i] /= tl;
		}
	}
	free(idx);
	*fpr_out = fps;
	*tpr_out = tps;
	*npts = kept;
	return OC_OK;
}

int oc_roc_curve(const unsigned char *y_true, const double *p1, size_t n,
                 double **fpr, double **tpr, size_t *npts, struct oc_err *err)
{
	int rc = check_inputs(y_true, p1, n, err);
	if (rc)
		return rc;
	return roc_points(y_true, p1, n, fpr, tpr, npts, err);
}

/* np.trapz(tpr, fpr). */
static int roc_auc(const unsigned char *y_true, const double *p1, size_t n, double *auc,
                   struct oc_err *err)
{
	double *fpr, *tpr;
	size_t k;
	int rc = roc_points(y_true, p1, n, &fpr, &tpr, &k, err);
	if (rc)
		return rc;
	/* term i overwrites fpr[i], which no later term reads */
	for (size_t i = 0; i + 1 < k; i++)
		fpr[i] = (fpr[i + 1] - fpr[i]) * (tpr[i + 1] + tpr[i]) / 2.0;
	*auc = oc_npsum(fpr, k - 1);
	free(fpr);
	free(tpr);
	return OC_OK;
}

/* np.average(v, weights=n) over the classes flagged in used:
 * sum(v_c * n_c) / sum(n_c). */
static double weighted_avg(const double *v, const size_t *n, const unsigned char *used,
                           size_t K, double *terms)
{
	size_t m = 0, total = 0;
	for (size_t c = 0; c < K; c++)
		if (used[c]) {
			terms[m++] = v[c] * (double)n[c];
			total += n[c];
		}
	return oc_npsum(terms, m) / (double)total;
}

int oc_metrics_alloc(struct oc_metrics *m, size_t K, struct oc_err *err)
{
	memset(m, 0, sizeof *m);
	if (K < 2)
		return oc_err_set(err, OC_EINTERNAL, "metrics: %zu classes", K);
	m->n_classes = K;
	m->confusion = calloc(K * K, sizeof *m->confusion);
	m->support = calloc(K, sizeof *m->support);
	m->class_precision = calloc(4 * K, sizeof *m->class_precision);
	if (!m->confusion || !m->support || !m->class_precision) {
		oc_metrics_free(m);
		return oc_err_set(err, OC_EINTERNAL, "metrics: out of memory");
	}
	m->class_recall = m->class_precision + K;
	m->class_f1 = m->class_recall + K;
	m->class_auc = m->class_f1 + K;
	return OC_OK;
}

void oc_metrics_free(struct oc_metrics *m)
{
	if (!m)
		return;
	free(m->confusion);
	free(m->support);
	free(m->class_precision);
	memset(m, 0, sizeof *m);
}

int oc_metrics_copy(struct oc_metrics *dst, const struct oc_metrics *src, struct oc_err *err)
{
	size_t K = src->n_classes;
	int rc = oc_metrics_alloc(dst, K, err);
	if (rc)
		return rc;
	size_t *conf = dst->confusion, *sup = dst->support;
	double *cp = dst->class_precision;
	*dst = *src;
	dst->confusion = memcpy(conf, src->confusion, K * K * sizeof *conf);
	dst->support = memcpy(sup, src->support, K * sizeof *sup);
	dst->class_precision = memcpy(cp, src->class_precision, K * sizeof *cp);
	dst->class_recall = memcpy(cp + K, src->class_recall, K * sizeof *cp);
	dst->class_f1 = memcpy(cp + 2 * K, src->class_f1, K * sizeof *cp);
	dst->class_auc = memcpy(cp + 3 * K, src->class_auc, K * sizeof *cp);
	return OC_OK;
}

int oc_metrics_compute(const unsigned char *y_true, const unsigned char *y_pred,
                       const double *proba, size_t n, size_t K, struct oc_metrics *m,
                       struct oc_err *err)
{
	size_t correct = 0;
	unsigned char used[256] = { 0 };
	unsigned char *yc = NULL;
	double *score = NULL, terms[256];
	int rc;

	if (n == 0)
		return oc_err_set(err, OC_EDATA, "metrics: no test rows");
	if (K < 2 || K > sizeof used)
		return oc_err_set(err, OC_EINTERNAL, "metrics: %zu classes", K);
	for (size_t i = 0; i < n; i++)
		if (y_true[i] >= K || y_pred[i] >= K)
			return oc_err_set(err, OC_EINTERNAL, "metrics: row %zu: class index out of range",
			                  i + 1);
	if ((rc = oc_metrics_alloc(m, K, err)))
		return rc;
	m->n = n;
	for (size_t i = 0; i < n; i++) {
		m->confusion[y_true[i] * K + y_pred[i]]++;
		correct += y_true[i] == y_pred[i];
		used[y_true[i]] = used[y_pred[i]] = 1;
	}
	m->accuracy = (double)correct / (double)n;
	for (size_t c = 0; c < K; c++) {
		size_t tp = m->confusion[c * K + c], pred_sum = 0, true_sum = 0;
		double p, r, denom;
		for (size_t e = 0; e < K; e++) {
			pred_sum += m->confusion[e * K + c];
			true_sum += m->confusion[c * K + e];
		}
		m->support[c] = true_sum;
		/* _prf_divide with zero_division=0 */
		p = pred_sum ? (double)tp / (double)pred_sum : 0.0;
		r = true_sum ? (double)tp / (double)true_sum : 0.0;
		denom = 1.0 * p + r;
		if (denom == 0.0)
			denom = 1.0;
		m->class_precision[c] = p;
		m->class_recall[c] = r;
		m->class_f1[c] = 2.0 * p * r / denom;
	}
	m->precision = weighted_avg(m->class_precision, m->support, used, K, terms);
	m->recall = weighted_avg(m->class_recall, m->support, used, K, terms);

	yc = malloc(n);
	score = malloc(n * sizeof *score);
	if (!yc || !score) {
		rc = oc_err_set(err, OC_EINTERNAL, "metrics: out of memory");
		goto out;
	}
	/* one-vs-rest AUC of every class: label_binarize's column c against
	 * probability column c; for two classes roc_auc_score(y, proba[:, 1]),
	 * whose checks speak of class 1 */
	if (K == 2) {
		/* each class's one-vs-rest AUC is the AUC */
		for (size_t i = 0; i < n; i++)
			score[i] = proba[2 * i + 1];
		if (!(rc = check_inputs(y_true, score, n, err)) &&
		    !(rc = roc_auc(y_true, score, n, &m->auc, err)))
			m->class_auc[0] = m->class_auc[1] = m->auc;
		goto out;
	}
	for (size_t c = 0; c < K; c++) {
		for (size_t i = 0; i < n; i++) {
			yc[i] = y_true[i] == c;
			score[i] = proba[i * K + c];
		}
		if ((rc = check_inputs(yc, score, n, err)))
			break;
		if ((rc = roc_auc(yc, score, n, &m->class_auc[c], err)))
			break;
	}
	if (rc && K > 2 && rc == OC_EDATA) {
		size_t c = 0;
		while (c < K && m->support[c] > 0)
			c++;
		if (c < K)
			oc_err_set(err, OC_EDATA, "ROC AUC is undefined: no test row is of class %zu; "
			           "the test set needs rows of every class", c);
	}
	if (!rc)
		m->auc = oc_npsum(m->class_auc, K) / (double)K;
out:
	free(yc);
	free(score);
	if (rc)
		oc_metrics_free(m);
	return rc;
}
