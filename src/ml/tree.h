/* SPDX-License-Identifier: MIT */
/* tree.h - CART trees exactly as scikit-learn 1.2.1 grows them.
 *
 * One depth-first builder with the dense BestSplitter, used by the random
 * forest (Gini over K classes, bootstrap counts as weights) and by
 * gradient boosting (Friedman MSE on residuals).  Nodes are numbered in
 * preorder, left child first, as sklearn's Tree does; a row goes left iff
 * (float)x[feature] <= threshold. */
#ifndef OC_ML_TREE_H
#define OC_ML_TREE_H

#include <stddef.h>
#include <stdint.h>

#define OC_TREE_LEAF (-1)

enum oc_tree_criterion { OC_TREE_GINI, OC_TREE_FRIEDMAN_MSE };

/* One node in prediction form.  Leaves have left == right == OC_TREE_LEAF
 * and feature == -1; child ids are relative to the tree's first node. */
struct oc_tree_node {
	double threshold;
	int32_t feature;
	int32_t left, right;
};

/* A grown tree: flat per-node arrays. */
struct oc_tree {
	size_t n_nodes, cap;
	struct oc_tree_node *nodes;
	double *value;       /* n_nodes * n_values: Gini = weighted count of each
	                        class, MSE = weighted mean of the targets */
	double *impurity;    /* node impurity as the builder recorded it */
	double *weighted_n;  /* weighted sample count of the node */
	int n_values;        /* K classes (Gini) or 1 (MSE) */
};

/* Training data of one tree, shared read-only between threads. */
struct oc_tree_data {
	const float *xcol;   /* n_rows * n_features float32, column-major: xcol[f*n_rows+i] */
	size_t n_rows, n_features;
	const double *y;     /* class index 0..K-1 (Gini) or regression target */
	const double *w;     /* sample weights; rows with weight 0 are left out */
	size_t n_classes;    /* K >= 2 for Gini; unused by MSE */
	const uint32_t *order; /* optional, from oc_tree_presort: the rows in
	                          increasing order of each feature; NULL: the
	                          builder sorts them itself */
	struct oc_tree_memo *memo; /* optional, from oc_tree_memo_new: the root's
	                          sorts shared by trees grown one after the
	                          other on these rows, all weights nonzero */
};

struct oc_tree_params {
	enum oc_tree_criterion criterion;
	size_t max_features;   /* features drawn per node, 1..n_features */
	long max_depth;        /* LONG_MAX for unlimited */
	uint32_t seed;         /* splitter state: RandomState(.).randint(0, 0x7FFFFFFF) */
	int sort_each_node;    /* 1: introsort at every node as scikit-learn
	                          does, without the presorted shortcuts (the
	                          reference the tests compare them with) */
};

/* Grows one tree.  Returns 0, or -1 when out of memory (t is then empty).
 * t must be zeroed or freed before. */
int oc_tree_build(const struct oc_tree_data *d, const struct oc_tree_params *p,
                  struct oc_tree *t);

void oc_tree_free(struct oc_tree *t);

/* Index of the leaf that row (n_features doubles) falls into. */
static inline size_t oc_tree_apply(const struct oc_tree_node *nodes, const double *row)
{
	size_t i = 0;
	while (nodes[i].left >= 0)
		i = (size_t)((double)(float)row[nodes[i].feature] <= nodes[i].threshold
		             ? nodes[i].left : nodes[i].right);
	return i;
}

/* Same with float32 rows stored column-major (training data). */
static inline size_t oc_tree_apply_col(const struct oc_tree_node *nodes,
                                       const float *xcol, size_t n_rows, size_t row)
{
	size_t i = 0;
	while (nodes[i].left >= 0)
		i = (size_t)((double)xcol[(size_t)nodes[i].feature * n_rows + row] <= nodes[i].threshold
		             ? nodes[i].left : nodes[i].right);
	return i;
}

/* sklearn's Tree.compute_feature_importances: per internal node
 * W*imp - W_L*imp_L - W_R*imp_R added to its feature, divided by the root's
 * W, then (normalize) divided by the numpy sum when it is positive. */
void oc_tree_importances(const struct oc_tree *t, size_t n_features, int normalize,
                         double *out);

/* Checks a loaded node array: every internal node has a feature below
 * n_features and two children with larger ids, every node but the root is
 * the child of exactly one node.  Returns NULL or a static message. */
const char *oc_tree_check(const struct oc_tree_node *nodes, size_t n_nodes, size_t n_features);

/* Rows 0..n_rows-1 in increasing order of each feature (ties in any
 * order): n_features * n_rows indices, feature after feature, for
 * oc_tree_data.order so that trees grown on the same rows share one sort.
 * NULL when out of memory, when a value is NaN, or when the table would be
 * too large to be worth it (the builder then sorts at every node). */
uint32_t *oc_tree_presort(const float *xcol, size_t n_rows, size_t n_features);

/* Every tree's root starts from the same sample order (its rows,
 * ascending), so the root's sort by a feature depends only on the features
 * sorted before it at that root: a memo keeps those permutations for the
 * next trees on the same rows (gradient boosting's stages), within a fixed
 * memory budget.  Threads growing trees at once may share one (it locks).
 * NULL when out of memory. */
struct oc_tree_memo *oc_tree_memo_new(size_t n_rows, size_t n_features);
void oc_tree_memo_free(struct oc_tree_memo *m);

/* Column-major float32 copy of the row-major doubles x (as sklearn's
 * astype(float32)); NULL when out of memory. */
float *oc_tree_xcol(const double *x, size_t n_rows, size_t n_features);

#endif
