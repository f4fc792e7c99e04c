/* forest.h - many trees in one flat node array, and their model-file form.
 *
 * Random forest and gradient boosting keep their trees here: nodes of tree t
 * start at root[t], child ids are relative to that start, so prediction
 * walks contiguous memory and never allocates. */
#ifndef OC_ML_FOREST_H
#define OC_ML_FOREST_H

#include <stddef.h>
#include <stdint.h>

#include "ml/tree.h"
#include "modelio.h"
#include "status.h"

/* A node in the compact prediction form: float32 threshold, so a row is
 * converted to float32 once instead of at every node.  For a float32 x,
 * x <= t (double) iff x <= the largest float32 not above t, which is thr.
 * Leaves have feature -1. */
struct oc_fnode {
	float thr;
	int32_t feature;
	int32_t left, right;
};

struct oc_forest {
	size_t n_trees, n_nodes;
	size_t cap_trees, cap_nodes;
	size_t *root;                /* first node of each tree */
	struct oc_tree_node *nodes;
	double *value;               /* n_values per node */
	int n_values;
	struct oc_fnode *fnodes;     /* compact copy of nodes (oc_forest_pack) */
};

/* Empty forest whose nodes carry n_values values each. */
void oc_forest_init(struct oc_forest *f, int n_values);
void oc_forest_free(struct oc_forest *f);

/* Appends a copy of t's nodes and values.  0, or -1 when out of memory. */
int oc_forest_append(struct oc_forest *f, const struct oc_tree *t);

/* Writes tree k as "<key> N" followed by N lines
 * "node FEATURE THRESHOLD LEFT RIGHT VALUE...". */
void oc_forest_save_tree(const struct oc_forest *f, size_t k, const char *key,
                         struct oc_mwriter *w);

/* Reads one tree written by oc_forest_save_tree and appends it, checking the
 * node count (1..max_nodes), every feature against n_features, every child
 * index against the node count and the tree shape.  OC_OK, or an error with
 * "FILE:LINE: ..." in err. */
int oc_forest_load_tree(struct oc_forest *f, const char *key, size_t n_features,
                        size_t max_nodes, struct oc_mreader *r, struct oc_err *err);

/* Builds f->fnodes from the finished node array.  0, or -1 when out of
 * memory.  Call once after the last append or load. */
int oc_forest_pack(struct oc_forest *f);

/* Leaf reached in tree k (absolute node index) by a row already converted
 * to float32 (xf[j] = (float)row[j]); needs oc_forest_pack. */
static inline size_t oc_forest_leaf_f(const struct oc_forest *f, size_t k, const float *xf)
{
	const struct oc_fnode *n = f->fnodes + f->root[k];
	int32_t i = 0;
	while (n[i].feature >= 0)
		i = xf[n[i].feature] <= n[i].thr ? n[i].left : n[i].right;
	return f->root[k] + (size_t)i;
}

/* Leaf reached by row in tree k (absolute node index). */
static inline size_t oc_forest_leaf(const struct oc_forest *f, size_t k, const double *row)
{
	return f->root[k] + oc_tree_apply(f->nodes + f->root[k], row);
}

#endif
