/* SPDX-License-Identifier: MIT */
/* kfold.h - stratified K-fold cross-validation folds, exactly as
 * scikit-learn 1.2's StratifiedKFold(n_splits=K, shuffle, random_state)
 * draws them, for any number of classes. */
#ifndef OC_KFOLD_H
#define OC_KFOLD_H

#include <stddef.h>
#include <stdint.h>

#include "data/dataset.h"
#include "core/status.h"

/* Longest warning text oc_kfold_stratified writes. */
#define OC_KFOLD_WARN_MAX 160

/* Writes the test fold (0 .. k-1) of each of ds's rows into fold[0..n_rows).
 * Classes are numbered in order of first appearance, as StratifiedKFold
 * does; with shuffle, each class's fold labels are shuffled by one
 * RandomState(seed) in that order.  OC_EDATA (scikit-learn's ValueError)
 * when k exceeds the rows or every class's count, naming the classes; when
 * k exceeds only the smallest count, warning receives scikit-learn's
 * UserWarning text (else ""), and the folds are drawn as there. */
int oc_kfold_stratified(const struct oc_dataset *ds, size_t k, int shuffle, uint32_t seed,
                        unsigned *fold, char warning[OC_KFOLD_WARN_MAX], struct oc_err *err);

/* Row indices of fold f's training part (rows of other folds) and test
 * part, each ascending as scikit-learn yields them; *train needs room for
 * n rows, *test likewise.  Writes the two counts. */
void oc_kfold_indices(const unsigned *fold, size_t n, unsigned f, size_t *train,
                      size_t *n_train, size_t *test, size_t *n_test);

#endif
