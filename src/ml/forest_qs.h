/* SPDX-License-Identifier: MIT */
/* forest_qs.h - QuickScorer for a forest of small trees: the leaf every
 * tree gives each of 16 rows, found by comparing each row with every
 * internal node's threshold instead of walking, and the sums of those
 * leaves' values in tree order.
 *
 * Lucchese, Nardini, Orlando, Perego, Tonellotto, Venturini (2015),
 * QuickScorer: a fast algorithm to rank documents with additive ensembles
 * of regression trees, SIGIR; with the rows in the lanes of a vector as in
 * their V-QuickScorer (SIGIR 2016).  The leaves are those of
 * oc_forest_leaf_f (the same float32 row, the same thresholds), so the sums
 * are bit for bit those of the walk. */
#ifndef OC_ML_FOREST_QS_H
#define OC_ML_FOREST_QS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ml/forest.h"

/* Trees of at most this many leaves (one bit per leaf in a 32-bit lane),
 * rows of at most this many features (one vector each), and at most this
 * many values per leaf. */
#define OC_QS_MAX_LEAVES 32
#define OC_QS_MAX_FEATURES 64
#define OC_QS_MAX_VALUES 8
/* Rows per call. */
#define OC_QS_ROWS 16

struct oc_qs {
	size_t n_trees, n_features, n_values;
	/* The internal nodes tree by tree (tree t's at start[t] .. start[t + 1]),
	 * each with its threshold, feature and mask: the bits of the tree's
	 * leaves outside the node's left subtree (leaf i, left to right, is
	 * bit i). */
	size_t *start;
	float *thr;
	uint32_t *feature, *mask;
	/* Per tree and value, the leaves' values left to right, padded with
	 * zeros to OC_QS_MAX_LEAVES: leafval[(t * n_values + v) * 32 + i]. */
	double *leafval;
	uint8_t *wide;          /* per tree: more than 16 leaves */
	bool simd;              /* oc_qs_sum16 runs the AVX-512 form (oc_qs_usable()
	                           when built) */
};

/* Builds q from f (packed: oc_forest_pack) for rows of n_features values,
 * node i having the values val[i * n_values .. + n_values).  0; 1 when
 * the forest does not fit (a tree of more than OC_QS_MAX_LEAVES leaves,
 * more than OC_QS_MAX_FEATURES features or OC_QS_MAX_VALUES values, a NaN
 * threshold, or no tree); -1 when out of memory.  q is then
 * empty, simd false (oc_qs_free is still safe). */
int oc_qs_build(struct oc_qs *q, const struct oc_forest *f, size_t n_features, const double *val,
                size_t n_values);

void oc_qs_free(struct oc_qs *q);

/* True when the CPU has AVX-512F and OPTICURE_DISABLE_CPU_FEATURES does
 * not name avx512f: a q built then runs oc_qs_sum16 in AVX-512, faster
 * than the walk; one built otherwise runs the same steps row by row. */
bool oc_qs_usable(void);

/* For OC_QS_ROWS rows (rows[r * n_features + j], converted to float32 as
 * the walk converts them): sum[r * n_values + v] = start[v] (0.0 when
 * start is NULL) + the value v of the leaf row r reaches in tree 0 + ...
 * in tree n_trees - 1, added in that order.  leaf, when not NULL:
 * leaf[t * OC_QS_ROWS + r] = the number (left to right, from 0) of the
 * leaf row r reaches in tree t. */
void oc_qs_sum16(const struct oc_qs *q, const double *rows, const double *start, double *sum,
                 uint8_t *leaf);

#endif
