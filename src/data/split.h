/* SPDX-License-Identifier: MIT */
/* split.h - stratified train/test split, exactly as scikit-learn 1.2's
 * train_test_split(test_size=r, random_state=seed, stratify=y)
 * (StratifiedShuffleSplit with _approximate_mode). */
#ifndef OC_SPLIT_H
#define OC_SPLIT_H

#include <stddef.h>
#include <stdint.h>

#include "data/dataset.h"
#include "core/status.h"

/* Writes row indices of the training and test parts in scikit-learn's order
 * into *train and *test (malloc'd, owned by the caller).  OC_EDATA when a
 * part would be empty or a class has fewer than 2 rows. */
int oc_split_stratified(const struct oc_dataset *ds, double test_ratio, uint32_t seed,
                        size_t **train, size_t *n_train, size_t **test, size_t *n_test,
                        struct oc_err *err);

/* The training part of train_test_split(train_size=n_keep, stratify=y,
 * random_state=seed): n_keep row indices (malloc'd), 0 < n_keep < rows. */
int oc_split_sample(const struct oc_dataset *ds, size_t n_keep, uint32_t seed, size_t **keep,
                    struct oc_err *err);

#endif
