/* SPDX-License-Identifier: MIT */
/* svm_scan.h - the SMO solver's passes over the rows: libsvm's working-set
 * selection (WSS3, both halves), the gradient updates and the float32
 * rounding of a kernel column, with the same result, bit for bit and index
 * for index, whether they run four rows at a time (AVX2) or one by one. */
#ifndef OC_ML_SVM_SCAN_H
#define OC_ML_SVM_SCAN_H

/* Status of an alpha against its box, libsvm's alpha_status. */
enum { OC_SVM_LOWER_BOUND, OC_SVM_UPPER_BOUND, OC_SVM_FREE };

/* i = argmax { -y_t G_t : t in I_up } over t in [0, n), the last such t on
 * ties as libsvm's ">=" keeps; I_up is y = +1 below the upper bound and
 * y = -1 above the lower one.  Returns i (-1 when I_up is empty) and the
 * maximum in *gmax (-HUGE_VAL then).  avx2: four rows at a time. */
int oc_svm_scan_up(const signed char *y, const char *status, const double *G, int n,
                   int avx2, double *gmax);

/* j = argmin over t in I_low with Gmax + y_t G_t > 0 of
 * -(Gmax + y_t G_t)^2 / a_t, a_t = QD[i] + QD[t] - 2 y_i y_t Q_i[t]
 * (1e-12 when not positive), the last t on ties; *gmax2 = max { y_t G_t :
 * t in I_low } (-HUGE_VAL when empty).  Returns j, or -1.  i is
 * oc_svm_scan_up's answer and Q_i its column; i = -1 (Q_i NULL) is allowed. */
int oc_svm_scan_low(const signed char *y, const char *status, const double *G,
                    const double *QD, const float *Q_i, int i, double Gmax, int n, int avx2,
                    double *gmax2);

/* G[t] += Q_i[t] dai + Q_j[t] daj for t in [0, n), each product rounded
 * to double and added in that order, as libsvm's loop. */
void oc_svm_scan_grad(double *G, const float *Q_i, const float *Q_j, double dai, double daj,
                      int n, int avx2);

/* G_bar[t] += c Q[t] for t in [0, n): libsvm's G_bar update with c = C_i,
 * and with c = -C_i its "-= C_i Q" (the same bits: a - b is a + (-b)). */
void oc_svm_scan_gbar(double *G_bar, double c, const float *Q, int n, int avx2);

/* out[t] = (float)(y_i y[t] e[t]) for t in [0, n): a column of libsvm's
 * Qfloat from its kernel values. */
void oc_svm_scan_qfloat(float *out, const double *e, const signed char *y, int y_i, int n,
                        int avx2);

#endif
