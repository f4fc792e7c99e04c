/* SPDX-License-Identifier: MIT */
/* test_svm_scan.c - the SMO solver's working-set selection, gradient
 * updates and float32 columns (svm_scan.c) choose the same rows and compute the same bits as
 * libsvm's loops, written out here as svm.cpp has them, on both paths:
 * four rows at a time (AVX2) and one by one.  The draws are made of few
 * distinct values so that ties, signed zeros and empty sets are common:
 * the tie rule (the last row wins) is where a vector merge goes wrong. */
#include "config.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/cpu.h"
#include "ml/svm_scan.h"
#include "testutil.h"

#define TAU 1e-12

static uint64_t state = 0x2545f4914f6cdd1du;

static unsigned pick(unsigned n)
{
	return (unsigned)(tu_xorshift(&state) >> 33) % n;
}

/* libsvm 3.x Solver::select_working_set, as in scikit-learn 1.2's svm.cpp. */
static void reference(const signed char *y, const char *status, const double *G,
                      const double *QD, const float *Q, int n, int *out_i, int *out_j,
                      double *out_gmax, double *out_gmax2, long *ties)
{
	double Gmax = -HUGE_VAL, Gmax2 = -HUGE_VAL, obj_diff_min = HUGE_VAL;
	int Gmax_idx = -1, Gmin_idx = -1;
	for (int t = 0; t < n; t++)
		if (y[t] == +1) {
			if (status[t] != OC_SVM_UPPER_BOUND && -G[t] >= Gmax) {
				*ties += -G[t] == Gmax;
				Gmax = -G[t];
				Gmax_idx = t;
			}
		} else if (status[t] != OC_SVM_LOWER_BOUND && G[t] >= Gmax) {
			*ties += G[t] == Gmax;
			Gmax = G[t];
			Gmax_idx = t;
		}
	int i = Gmax_idx;
	for (int j = 0; j < n && i != -1; j++) {
		double grad_diff, quad_coef, obj_diff;
		if (y[j] == +1) {
			if (status[j] == OC_SVM_LOWER_BOUND)
				continue;
			grad_diff = Gmax + G[j];
			if (G[j] >= Gmax2)
				Gmax2 = G[j];
			if (grad_diff > 0) {
				quad_coef = QD[i] + QD[j] - 2.0 * y[i] * (double)Q[j];
				obj_diff = -(grad_diff * grad_diff) / (quad_coef > 0 ? quad_coef : TAU);
				if (obj_diff <= obj_diff_min) {
					*ties += obj_diff == obj_diff_min;
					Gmin_idx = j;
					obj_diff_min = obj_diff;
				}
			}
		} else {
			if (status[j] == OC_SVM_UPPER_BOUND)
				continue;
			grad_diff = Gmax - G[j];
			if (-G[j] >= Gmax2)
				Gmax2 = -G[j];
			if (grad_diff > 0) {
				quad_coef = QD[i] + QD[j] + 2.0 * y[i] * (double)Q[j];
				obj_diff = -(grad_diff * grad_diff) / (quad_coef > 0 ? quad_coef : TAU);
				if (obj_diff <= obj_diff_min) {
					*ties += obj_diff == obj_diff_min;
					Gmin_idx = j;
					obj_diff_min = obj_diff;
				}
			}
		}
	}
	*out_i = Gmax_idx;
	*out_j = Gmin_idx;
	*out_gmax = Gmax;
	*out_gmax2 = Gmax2;
}

static int same_bits(double a, double b)
{
	return memcmp(&a, &b, sizeof a) == 0;
}

/* One draw of n rows checked on the path avx2: 1 when it disagrees with
 * libsvm's loops; *ties counts the rows taken on a tie. */
static int check_draw(int n, int avx2, long *ties)
{
	static const double gs[] = { -1.0, -0.5, -0.0, 0.0, 0.25, 0.5, 1.0, 2.0 };
	static const double qds[] = { 1.0, 0.5, 2.0 };
	static const float qs[] = { 0.0f, 0.25f, 0.5f, 1.0f, -0.5f, 0.75f };
	signed char *y = malloc((size_t)n + 1);
	char *st = malloc((size_t)n + 1);
	double *G = malloc(((size_t)n + 1) * sizeof *G), *QD = malloc(((size_t)n + 1) * sizeof *QD);
	float *Q = malloc(((size_t)n + 1) * sizeof *Q);
	int bad = 0, ri, rj, i, j;
	double rg, rg2, g, g2;

	for (int t = 0; t < n; t++) {
		y[t] = pick(2) ? +1 : -1;
		st[t] = (char)pick(3);
		G[t] = gs[pick(8)];
		QD[t] = qds[pick(3)];
		Q[t] = qs[pick(6)];
	}
	reference(y, st, G, QD, Q, n, &ri, &rj, &rg, &rg2, ties);
	i = oc_svm_scan_up(y, st, G, n, avx2, &g);
	if (i != ri || !same_bits(g, rg))
		bad = 1;
	if (i != -1) {
		j = oc_svm_scan_low(y, st, G, QD, Q, i, g, n, avx2, &g2);
		/* Gmax2 is only compared with eps: its value, not its zero's sign */
		if (j != rj || g2 != rg2)
			bad = 1;
	}
	free(y);
	free(st);
	free(G);
	free(QD);
	free(Q);
	return bad;
}

static void run_draws(int avx2)
{
	long bad = 0, ties = 0;
	for (int n = 0; n <= 70; n++)
		for (int k = 0; k < 400; k++)
			bad += check_draw(n, avx2, &ties);
	for (int k = 0; k < 200; k++)
		bad += check_draw(1000 + k, avx2, &ties);
	fprintf(stderr, "[avx2=%d: %ld of 28,600 draws differ; %ld rows taken on ties] ", avx2,
	        bad, ties);
	CU_ASSERT_EQUAL(bad, 0);
	CU_ASSERT(ties > 50000);
}

static void test_selection_one_by_one(void)
{
	run_draws(0);
}

/* The four-lane path, when this CPU has AVX2 (else the same loops run and
 * the test says so). */
static void test_selection_four_lanes(void)
{
	if (!oc_cpu_has("avx2"))
		fprintf(stderr, "[no AVX2 here: the one-by-one path again] ");
	run_draws(1);
}

/* I_up empty: no column, no pair, as libsvm's "Gmax_idx == -1". */
static void test_nothing_to_select(void)
{
	signed char y[9] = { 1, 1, 1, 1, -1, -1, -1, -1, 1 };
	char st[9];
	double G[9] = { 0 }, QD[9] = { 1, 1, 1, 1, 1, 1, 1, 1, 1 }, g, g2;
	for (int t = 0; t < 9; t++)
		st[t] = y[t] == 1 ? OC_SVM_UPPER_BOUND : OC_SVM_LOWER_BOUND;
	for (int avx2 = 0; avx2 < 2; avx2++) {
		CU_ASSERT_EQUAL(oc_svm_scan_up(y, st, G, 9, avx2, &g), -1);
		CU_ASSERT(g == -HUGE_VAL);
		CU_ASSERT_EQUAL(oc_svm_scan_low(y, st, G, QD, NULL, -1, g, 9, avx2, &g2), -1);
	}
}

/* G += Q_i dai + Q_j daj: the bits of libsvm's loop at every length. */
static void test_gradient_update(void)
{
	long bad = 0;
	for (int n = 0; n <= 67; n++)
		for (int avx2 = 0; avx2 < 2; avx2++) {
			double G[67], want[67];
			float Qi[67], Qj[67];
			double dai = 0.1 * (1 + (int)pick(7)), daj = -1.0 / (1 + (int)pick(9));
			for (int t = 0; t < n; t++) {
				G[t] = want[t] = (double)pick(1000) / 7.0 - 60.0;
				Qi[t] = (float)pick(1000) / 3.0f;
				Qj[t] = (float)pick(1000) / 11.0f - 40.0f;
				want[t] += (double)Qi[t] * dai + (double)Qj[t] * daj;
			}
			oc_svm_scan_grad(G, Qi, Qj, dai, daj, n, avx2);
			for (int t = 0; t < n; t++)
				bad += !same_bits(G[t], want[t]);
		}
	CU_ASSERT_EQUAL(bad, 0);
}

/* G_bar += C Q and -= C Q (c = -C), and the float32 column: libsvm's bits. */
static void test_gbar_and_qfloat(void)
{
	long bad = 0;
	for (int n = 0; n <= 67; n++)
		for (int avx2 = 0; avx2 < 2; avx2++) {
			double Gb[67], want[67], e[67], C = 0.5 + pick(9);
			float Q[67], out[67], fwant[67];
			signed char y[67];
			int y_i = pick(2) ? 1 : -1;
			for (int t = 0; t < n; t++) {
				Gb[t] = want[t] = (double)pick(1000) / 7.0 - 60.0;
				Q[t] = (float)pick(1000) / 3.0f - 100.0f;
				want[t] -= C * (double)Q[t];
				y[t] = pick(2) ? 1 : -1;
				e[t] = exp(-(double)pick(100000) / 977.0);
				fwant[t] = (float)((double)(y_i * y[t]) * e[t]);
			}
			oc_svm_scan_gbar(Gb, -C, Q, n, avx2);
			oc_svm_scan_qfloat(out, e, y, y_i, n, avx2);
			for (int t = 0; t < n; t++) {
				bad += !same_bits(Gb[t], want[t]);
				bad += memcmp(&out[t], &fwant[t], sizeof(float)) != 0;
			}
			for (int t = 0; t < n; t++)
				want[t] += C * (double)Q[t];
			oc_svm_scan_gbar(Gb, C, Q, n, avx2);
			for (int t = 0; t < n; t++)
				bad += !same_bits(Gb[t], want[t]);
		}
	CU_ASSERT_EQUAL(bad, 0);
}

static CU_TestInfo tests[] = {
	{ "WSS3 one row at a time: libsvm's rows and values", test_selection_one_by_one },
	{ "WSS3 four rows at a time: libsvm's rows and values", test_selection_four_lanes },
	{ "empty I_up: no pair", test_nothing_to_select },
	{ "gradient update: libsvm's bits", test_gradient_update },
	{ "G_bar update and float32 column: libsvm's bits", test_gbar_and_qfloat },
	CU_TEST_INFO_NULL,
};

int main(void)
{
	return tu_run_suite("svm_scan", tests);
}
