/* SPDX-License-Identifier: MIT */
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
#include "core/modelio.h"
#include "core/status.h"

/* A node in the compact prediction form: float32 threshold, so a row is
 * converted to float32 once instead of at every node.  For a float32 x,
 * x <= t (double) iff x <= the largest float32 not above t, which is thr.
 * Child indices are absolute; a leaf is its own two children with
 * thr = +inf, so a walk may take extra steps at a leaf without leaving it. */
struct oc_fnode {
	float thr;
	int32_t feature;
	uint32_t child[2];      /* left, right */
};

struct oc_forest {
	size_t n_trees, n_nodes;
	size_t cap_trees, cap_nodes;
	size_t *root;                /* first node of each tree */
	struct oc_tree_node *nodes;
	double *value;               /* n_values per node */
	int n_values;
	int keep_cover;              /* 1: cover[] holds each node's weighted
	                                sample count (set before the first append) */
	double *cover;               /* per node when keep_cover, else NULL */
	struct oc_fnode *fnodes;     /* compact copy of nodes (oc_forest_pack) */
	uint32_t *depth;             /* per tree: longest root-to-leaf path */
	uint32_t *order;             /* tree ids by increasing depth */
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
 * index against the node count, the tree shape and its depth (at most
 * max_depth: the training limit, so a forged chain cannot make scoring
 * slow).  OC_OK, or an error with "FILE:LINE: ..." in err. */
int oc_forest_load_tree(struct oc_forest *f, const char *key, size_t n_features,
                        size_t max_nodes, size_t max_depth, struct oc_mreader *r,
                        struct oc_err *err);

/* Starts keeping covers in a forest that has trees already (their covers
 * are then to be loaded, oc_forest_load_cover).  0, or -1 when out of
 * memory. */
int oc_forest_keep_cover(struct oc_forest *f);

/* Writes tree k's covers as "<key> c0 c1 ..." (one per node). */
void oc_forest_save_cover(const struct oc_forest *f, size_t k, const char *key,
                          struct oc_mwriter *w);

/* Reads the covers of the last tree appended, written by
 * oc_forest_save_cover: one positive finite count per node, each internal
 * node's the sum of its children's.  OC_OK or an error in err. */
int oc_forest_load_cover(struct oc_forest *f, const char *key, struct oc_mreader *r,
                         struct oc_err *err);

/* Builds f->fnodes from the finished node array.  0, or -1 when out of
 * memory.  Call once after the last append or load. */
int oc_forest_pack(struct oc_forest *f);

/* Leaf reached in tree k (absolute node index) by a row already converted
 * to float32 (xf[j] = (float)row[j]); needs oc_forest_pack. */
static inline size_t oc_forest_leaf_f(const struct oc_forest *f, size_t k, const float *xf)
{
	const struct oc_fnode *n = f->fnodes;
	uint32_t i = (uint32_t)f->root[k];
	while (n[i].child[0] != i)
		i = n[i].child[!(xf[n[i].feature] <= n[i].thr)];
	return i;
}

#define OC_FOREST_LANES 8

/* Leaf (absolute node index) of every tree for one float32 row:
 * leaf[t] for t < n_trees.  Trees are walked eight at a time in lock step,
 * grouped by depth (f->order), for the group's depth with no data-dependent
 * branch, so the independent loads overlap instead of waiting on
 * mispredicted branches.  Needs oc_forest_pack. */
static inline void oc_forest_leaves_f(const struct oc_forest *f, const float *xf, uint32_t *leaf)
{
	const struct oc_fnode *nd = f->fnodes;
	size_t g = 0;
	for (; g + OC_FOREST_LANES <= f->n_trees; g += OC_FOREST_LANES) {
		const uint32_t *ord = f->order + g;
		uint32_t i0 = (uint32_t)f->root[ord[0]], i1 = (uint32_t)f->root[ord[1]];
		uint32_t i2 = (uint32_t)f->root[ord[2]], i3 = (uint32_t)f->root[ord[3]];
		uint32_t i4 = (uint32_t)f->root[ord[4]], i5 = (uint32_t)f->root[ord[5]];
		uint32_t i6 = (uint32_t)f->root[ord[6]], i7 = (uint32_t)f->root[ord[7]];
		uint32_t steps = f->depth[ord[OC_FOREST_LANES - 1]];
#define OC_FOREST_STEP(i) i = nd[i].child[!(xf[nd[i].feature] <= nd[i].thr)]
		for (uint32_t s = 0; s < steps; s++) {
			OC_FOREST_STEP(i0); OC_FOREST_STEP(i1); OC_FOREST_STEP(i2); OC_FOREST_STEP(i3);
			OC_FOREST_STEP(i4); OC_FOREST_STEP(i5); OC_FOREST_STEP(i6); OC_FOREST_STEP(i7);
		}
#undef OC_FOREST_STEP
		leaf[ord[0]] = i0; leaf[ord[1]] = i1; leaf[ord[2]] = i2; leaf[ord[3]] = i3;
		leaf[ord[4]] = i4; leaf[ord[5]] = i5; leaf[ord[6]] = i6; leaf[ord[7]] = i7;
	}
	for (; g < f->n_trees; g++)
		leaf[f->order[g]] = (uint32_t)oc_forest_leaf_f(f, f->order[g], xf);
}

/* oc_forest_leaves_f for two rows xa and xb at once: sixteen independent
 * walks in lock step, so more loads are in flight (the walks are bound by
 * their latency, not by the instructions).  Needs oc_forest_pack. */
static inline void oc_forest_leaves_f2(const struct oc_forest *f, const float *xa,
                                       const float *xb, uint32_t *la, uint32_t *lb)
{
	const struct oc_fnode *nd = f->fnodes;
	size_t g = 0;
	for (; g + OC_FOREST_LANES <= f->n_trees; g += OC_FOREST_LANES) {
		const uint32_t *ord = f->order + g;
		uint32_t a0 = (uint32_t)f->root[ord[0]], a1 = (uint32_t)f->root[ord[1]];
		uint32_t a2 = (uint32_t)f->root[ord[2]], a3 = (uint32_t)f->root[ord[3]];
		uint32_t a4 = (uint32_t)f->root[ord[4]], a5 = (uint32_t)f->root[ord[5]];
		uint32_t a6 = (uint32_t)f->root[ord[6]], a7 = (uint32_t)f->root[ord[7]];
		uint32_t b0 = a0, b1 = a1, b2 = a2, b3 = a3, b4 = a4, b5 = a5, b6 = a6, b7 = a7;
		uint32_t steps = f->depth[ord[OC_FOREST_LANES - 1]];
#define OC_FOREST_STEP(x, i) i = nd[i].child[!(x[nd[i].feature] <= nd[i].thr)]
		for (uint32_t s = 0; s < steps; s++) {
			OC_FOREST_STEP(xa, a0); OC_FOREST_STEP(xb, b0);
			OC_FOREST_STEP(xa, a1); OC_FOREST_STEP(xb, b1);
			OC_FOREST_STEP(xa, a2); OC_FOREST_STEP(xb, b2);
			OC_FOREST_STEP(xa, a3); OC_FOREST_STEP(xb, b3);
			OC_FOREST_STEP(xa, a4); OC_FOREST_STEP(xb, b4);
			OC_FOREST_STEP(xa, a5); OC_FOREST_STEP(xb, b5);
			OC_FOREST_STEP(xa, a6); OC_FOREST_STEP(xb, b6);
			OC_FOREST_STEP(xa, a7); OC_FOREST_STEP(xb, b7);
		}
#undef OC_FOREST_STEP
		la[ord[0]] = a0; la[ord[1]] = a1; la[ord[2]] = a2; la[ord[3]] = a3;
		la[ord[4]] = a4; la[ord[5]] = a5; la[ord[6]] = a6; la[ord[7]] = a7;
		lb[ord[0]] = b0; lb[ord[1]] = b1; lb[ord[2]] = b2; lb[ord[3]] = b3;
		lb[ord[4]] = b4; lb[ord[5]] = b5; lb[ord[6]] = b6; lb[ord[7]] = b7;
	}
	for (; g < f->n_trees; g++) {
		la[f->order[g]] = (uint32_t)oc_forest_leaf_f(f, f->order[g], xa);
		lb[f->order[g]] = (uint32_t)oc_forest_leaf_f(f, f->order[g], xb);
	}
}

/* Leaf reached by row in tree k (absolute node index). */
static inline size_t oc_forest_leaf(const struct oc_forest *f, size_t k, const double *row)
{
	return f->root[k] + oc_tree_apply(f->nodes + f->root[k], row);
}

#endif
