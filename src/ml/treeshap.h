/* SPDX-License-Identifier: MIT */
/* treeshap.h - exact Shapley values of one tree's output, path-dependent.
 *
 * Lundberg, Erion and Lee (2018), "Consistent individualized feature
 * attribution for tree ensembles", Algorithm 2 (and Lundberg et al. 2020,
 * Nature Machine Intelligence 2:56-67): the conditional expectation
 * E[f(x) | x_S] of a tree follows x where the split's feature is in S and
 * otherwise averages the children weighted by their training covers
 * (weighted sample counts); the algorithm gives the Shapley values of that
 * set function for all features at once in O(leaves * depth^2).  This is
 * what shap.TreeExplainer(feature_perturbation="tree_path_dependent")
 * computes. */
#ifndef OC_ML_TREESHAP_H
#define OC_ML_TREESHAP_H

#include <stddef.h>

#include "ml/tree.h"

/* One tree in the form the algorithm reads: nodes as tree.h numbers them
 * (children relative to nodes[0]), the explained output of each node (only
 * leaves are read) and each node's cover. */
struct oc_shap_tree {
	const struct oc_tree_node *nodes;
	size_t n_nodes;
	const double *value;    /* per node; value[i * stride] */
	size_t stride;
	const double *cover;    /* per node; cover[i * cover_stride] */
	size_t cover_stride;
	int cover_is_sum;       /* cover = sum of the cover_n values at the node
	                           (random forests: weighted class counts) */
	size_t cover_n;
	size_t depth;           /* longest root-to-leaf path if known, else 0 */
};

/* Scratch space for trees up to a depth; reused across calls. */
struct oc_shap_work {
	struct oc_shap_elem *path;
	size_t cap;
};

void oc_shap_work_free(struct oc_shap_work *w);

/* Adds scale * phi_j of the tree's output at row (n_features doubles; a
 * row goes left iff (float)x <= threshold, as in prediction) to phi[j] for
 * every feature, and returns the tree's expected output E[f] (the value
 * with no feature known).  Local accuracy: E[f] + sum(phi) = f(row).
 * Returns NaN when out of memory. */
double oc_treeshap(const struct oc_shap_tree *t, const double *row, double scale,
                   double *phi, struct oc_shap_work *w);

#endif
