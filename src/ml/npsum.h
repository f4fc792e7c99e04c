/* npsum.h - numpy's pairwise summation of doubles, bit for bit.
 *
 * np.sum / np.add.reduce over a contiguous float64 vector starts from 0.0
 * and adds numpy's pairwise_sum of all elements (numpy/core/src/umath/
 * loops_utils.h.src): blocks of at most 128 use eight strided accumulators,
 * longer runs are halved at a multiple of 8.  Needed wherever scikit-learn
 * sums with numpy and the last bit matters. */
#ifndef OC_ML_NPSUM_H
#define OC_ML_NPSUM_H

#include <stddef.h>

/* np.sum(a[0..n-1]) for float64, including the leading 0.0 + ... */
double oc_npsum(const double *a, size_t n);

#endif
