/* SPDX-License-Identifier: MIT */
/* npsum.h - numpy's pairwise summation of doubles, bit for bit.
 *
 * np.sum / np.add.reduce over a contiguous float64 vector starts from 0.0
 * and adds numpy's pairwise_sum of each buffer-sized chunk (numpy/core/src/umath/
 * loops_utils.h.src): blocks of at most 128 use eight strided accumulators,
 * longer runs are halved at a multiple of 8.  Needed wherever scikit-learn
 * sums with numpy and the last bit matters. */
#ifndef OC_ML_NPSUM_H
#define OC_ML_NPSUM_H

#include <stddef.h>

/* numpy's default ufunc buffer size: reductions see at most this many
 * values per inner-loop call. */
#define OC_NP_BUFSIZE 8192

/* pairwise_sum of one inner-loop call (n <= OC_NP_BUFSIZE in numpy). */
double oc_np_pairwise(const double *a, size_t n);

/* np.sum(a[0..n-1]) of a contiguous float64 vector: 0.0 plus the pairwise
 * sums of consecutive 8192-value chunks, added in order. */
double oc_npsum(const double *a, size_t n);

#endif
