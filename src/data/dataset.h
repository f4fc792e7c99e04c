/* SPDX-License-Identifier: MIT */
/* dataset.h - a tabular data set of K classes, as every model sees it.
 *
 * Features are stored row-major in double precision (what the CSV holds);
 * models that work in float32 or column-major (trees) convert once in fit.
 * Classes are in np.unique's order of the label column's type (classes.h),
 * scikit-learn's classes_ order, so with two classes class 1 is the
 * positive class exactly as classes_[1]. */
#ifndef OC_DATASET_H
#define OC_DATASET_H

#include <stddef.h>

#include "data/classes.h"

/* Classes a data set or model may have: a class index fits one byte. */
#define OC_MAX_CLASSES 256
struct oc_dataset {
	size_t n_rows;
	size_t n_features;
	char **feature_names;   /* n_features strings */
	char *label_name;       /* name of the label column */
	size_t n_classes;       /* K, 2..OC_MAX_CLASSES (2 unless set otherwise) */
	char *class_names[OC_MAX_CLASSES];  /* K names in np.unique order of
	                                       class_type, as pandas prints them,
	                                       then NULL */
	enum oc_class_type class_type;  /* the label column's type as pandas reads it */
	double *x;              /* n_rows * n_features, row-major */
	unsigned char *y;       /* n_rows class indices, 0..K-1 */
	double *fmin, *fmax;    /* per-feature observed range */
};

/* Allocates an empty data set with room for n_rows x n_features values
 * (names NULL, x and y zeroed, n_classes 2).  Returns NULL when out of memory. */
struct oc_dataset *oc_dataset_new(size_t n_rows, size_t n_features);

/* Frees ds and everything it owns, then sets *ds to NULL.  NULL-safe. */
void oc_dataset_free(struct oc_dataset **ds);

/* Row i's features. */
static inline const double *oc_dataset_row(const struct oc_dataset *ds, size_t i)
{
	return ds->x + i * ds->n_features;
}

/* New data set holding rows idx[0..n-1] of ds (names copied, ranges
 * recomputed).  NULL when out of memory. */
struct oc_dataset *oc_dataset_subset(const struct oc_dataset *ds, const size_t *idx, size_t n);

/* Recomputes fmin/fmax from the rows. */
void oc_dataset_update_ranges(struct oc_dataset *ds);

/* Number of rows of class 1. */
size_t oc_dataset_count_positive(const struct oc_dataset *ds);

/* Rows of each class: counts[k] for k < ds->n_classes. */
void oc_dataset_class_counts(const struct oc_dataset *ds, size_t *counts);

#endif
