/* SPDX-License-Identifier: MIT */
/* forest.c - flat storage of many trees and their model-file lines (see forest.h). */
#include "config.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ml/forest.h"

void oc_forest_init(struct oc_forest *f, int n_values)
{
	memset(f, 0, sizeof *f);
	f->n_values = n_values;
}

void oc_forest_free(struct oc_forest *f)
{
	free(f->root);
	free(f->nodes);
	free(f->value);
	free(f->cover);
	free(f->fnodes);
	free(f->depth);
	free(f->order);
	int keep = f->keep_cover;
	oc_forest_init(f, f->n_values);
	f->keep_cover = keep;
}

static int reserve(struct oc_forest *f, size_t trees, size_t nodes)
{
	if (trees > f->cap_trees) {
		size_t cap = f->cap_trees ? f->cap_trees : 16;
		while (cap < trees)
			cap *= 2;
		size_t *r = realloc(f->root, cap * sizeof *r);
		if (!r)
			return -1;
		f->root = r;
		f->cap_trees = cap;
	}
	if (nodes > f->cap_nodes) {
		size_t cap = f->cap_nodes ? f->cap_nodes : 256;
		while (cap < nodes)
			cap *= 2;
		struct oc_tree_node *nn = realloc(f->nodes, cap * sizeof *nn);
		if (!nn)
			return -1;
		f->nodes = nn;
		double *v = realloc(f->value, cap * (size_t)f->n_values * sizeof *v);
		if (!v)
			return -1;
		f->value = v;
		if (f->keep_cover || f->cover) {
			double *c = realloc(f->cover, cap * sizeof *c);
			if (!c)
				return -1;
			f->cover = c;
		}
		f->cap_nodes = cap;
	}
	return 0;
}

int oc_forest_append(struct oc_forest *f, const struct oc_tree *t)
{
	if (reserve(f, f->n_trees + 1, f->n_nodes + t->n_nodes) < 0)
		return -1;
	f->root[f->n_trees++] = f->n_nodes;
	memcpy(f->nodes + f->n_nodes, t->nodes, t->n_nodes * sizeof *t->nodes);
	memcpy(f->value + f->n_nodes * (size_t)f->n_values, t->value,
	       t->n_nodes * (size_t)f->n_values * sizeof *t->value);
	if (f->keep_cover)
		memcpy(f->cover + f->n_nodes, t->weighted_n, t->n_nodes * sizeof *t->weighted_n);
	f->n_nodes += t->n_nodes;
	return 0;
}

int oc_forest_pack(struct oc_forest *f)
{
	struct oc_fnode *p = malloc((f->n_nodes ? f->n_nodes : 1) * sizeof *p);
	uint32_t *depth = malloc((f->n_trees ? f->n_trees : 1) * sizeof *depth);
	uint32_t *nd_depth = malloc((f->n_nodes ? f->n_nodes : 1) * sizeof *nd_depth);
	uint32_t *order = malloc((f->n_trees ? f->n_trees : 1) * sizeof *order);
	if (!p || !depth || !nd_depth || !order || f->n_nodes > UINT32_MAX) {
		free(p);
		free(order);
		free(depth);
		free(nd_depth);
		return -1;
	}
	for (size_t t = 0; t < f->n_trees; t++) {
		size_t a = f->root[t], b = t + 1 < f->n_trees ? f->root[t + 1] : f->n_nodes;
		depth[t] = 0;
		/* children have larger ids (oc_tree_check), so one forward pass
		 * sees every parent before its children */
		nd_depth[a] = 0;
		for (size_t i = a; i < b; i++) {
			const struct oc_tree_node *nd = &f->nodes[i];
			if (nd->left < 0) {
				p[i].thr = INFINITY;
				p[i].feature = 0;
				p[i].child[0] = p[i].child[1] = (uint32_t)i;
				if (nd_depth[i] > depth[t])
					depth[t] = nd_depth[i];
				continue;
			}
			float thr = (float)nd->threshold;
			if ((double)thr > nd->threshold)
				thr = nextafterf(thr, -INFINITY);
			p[i].thr = thr;
			p[i].feature = nd->feature;
			p[i].child[0] = (uint32_t)(a + (size_t)nd->left);
			p[i].child[1] = (uint32_t)(a + (size_t)nd->right);
			nd_depth[p[i].child[0]] = nd_depth[p[i].child[1]] = nd_depth[i] + 1;
		}
	}
	free(nd_depth);
	free(f->fnodes);
	free(f->depth);
	free(f->order);
	f->fnodes = p;
	f->depth = depth;
	f->order = order;
	/* insertion sort by depth (stable; forests have few trees) */
	for (size_t t = 0; t < f->n_trees; t++) {
		size_t k = t;
		while (k > 0 && depth[order[k - 1]] > depth[t]) {
			order[k] = order[k - 1];
			k--;
		}
		order[k] = (uint32_t)t;
	}
	return 0;
}

void oc_forest_save_tree(const struct oc_forest *f, size_t k, const char *key,
                         struct oc_mwriter *w)
{
	size_t a = f->root[k];
	size_t b = k + 1 < f->n_trees ? f->root[k + 1] : f->n_nodes;
	oc_mw_long(w, key, (long)(b - a));
	for (size_t i = a; i < b; i++) {
		const struct oc_tree_node *nd = &f->nodes[i];
		oc_mw_write(w, "node", 4);
		oc_mw_int(w, (long)nd->feature);
		oc_mw_g17(w, nd->left < 0 ? 0.0 : nd->threshold);
		oc_mw_int(w, (long)nd->left);
		oc_mw_int(w, (long)nd->right);
		for (int v = 0; v < f->n_values; v++)
			oc_mw_g17(w, f->value[i * (size_t)f->n_values + (size_t)v]);
		oc_mw_write(w, "\n", 1);
	}
}

int oc_forest_load_tree(struct oc_forest *f, const char *key, size_t n_features,
                        size_t max_nodes, size_t max_depth, struct oc_mreader *r,
                        struct oc_err *err)
{
	long n, feat, left, right;
	double thr;
	int rc;

	if (max_nodes > INT32_MAX)
		max_nodes = INT32_MAX;
	if ((rc = oc_mr_long(r, key, 1, (long)max_nodes, &n, err)))
		return rc;
	size_t base = f->n_nodes;
	if (reserve(f, f->n_trees + 1, base) < 0)
		return oc_err_set(err, OC_EINTERNAL, "out of memory");
	for (long i = 0; i < n; i++) {
		if ((rc = oc_mr_line(r, "node", 4 + (size_t)f->n_values, err)))
			return rc;
		if ((rc = oc_mr_get_long(r, 1, -1, (long)n_features - 1, &feat, err)) ||
		    (rc = oc_mr_get_double(r, 2, &thr, err)) ||
		    (rc = oc_mr_get_long(r, 3, -1, n - 1, &left, err)) ||
		    (rc = oc_mr_get_long(r, 4, -1, n - 1, &right, err)))
			return rc;
		if ((left < 0) != (right < 0) || (left < 0) != (feat < 0))
			return oc_mr_error(r, err, "node %ld: a leaf needs feature, left and right -1", i);
		if (left >= 0 && (left <= i || right <= i || left == right))
			return oc_mr_error(r, err, "node %ld: child index must exceed the node's own", i);
		if (reserve(f, f->n_trees + 1, base + (size_t)i + 1) < 0)
			return oc_err_set(err, OC_EINTERNAL, "out of memory");
		struct oc_tree_node *nd = &f->nodes[base + (size_t)i];
		nd->feature = (int32_t)feat;
		nd->threshold = left < 0 ? -2.0 : thr;
		nd->left = (int32_t)left;
		nd->right = (int32_t)right;
		for (int v = 0; v < f->n_values; v++)
			if ((rc = oc_mr_get_double(r, 5 + (size_t)v,
			                           &f->value[(base + (size_t)i) * (size_t)f->n_values + (size_t)v],
			                           err)))
				return rc;
	}
	const char *msg = oc_tree_check(f->nodes + base, (size_t)n, n_features);
	if (msg)
		return oc_mr_error(r, err, "%s: %s", key, msg);
	/* Depths in one forward pass: children have larger ids. */
	{
		uint32_t *dep = calloc((size_t)n, sizeof *dep);
		size_t deepest = 0;
		if (!dep)
			return oc_err_set(err, OC_EINTERNAL, "out of memory");
		for (long i = 0; i < n; i++) {
			const struct oc_tree_node *nd = &f->nodes[base + (size_t)i];
			if (dep[i] > deepest)
				deepest = dep[i];
			if (nd->left >= 0)
				dep[nd->left] = dep[nd->right] = dep[i] + 1;
		}
		free(dep);
		if (deepest > max_depth)
			return oc_mr_error(r, err, "%s: depth %zu, more than training makes (%zu)", key,
			                   deepest, max_depth);
	}
	f->root[f->n_trees++] = base;
	f->n_nodes = base + (size_t)n;
	return OC_OK;
}

int oc_forest_keep_cover(struct oc_forest *f)
{
	double *c = malloc((f->cap_nodes ? f->cap_nodes : 1) * sizeof *c);
	if (!c)
		return -1;
	free(f->cover);
	f->cover = c;
	f->keep_cover = 1;
	return 0;
}

void oc_forest_save_cover(const struct oc_forest *f, size_t k, const char *key,
                          struct oc_mwriter *w)
{
	size_t a = f->root[k];
	size_t b = k + 1 < f->n_trees ? f->root[k + 1] : f->n_nodes;
	oc_mw_doubles(w, key, f->cover + a, b - a);
}

int oc_forest_load_cover(struct oc_forest *f, const char *key, struct oc_mreader *r,
                         struct oc_err *err)
{
	size_t a = f->root[f->n_trees - 1], n = f->n_nodes - a;
	int rc = oc_mr_doubles(r, key, f->cover + a, n, err);
	if (rc)
		return rc;
	for (size_t i = 0; i < n; i++) {
		const struct oc_tree_node *nd = &f->nodes[a + i];
		double c = f->cover[a + i];
		if (!(c > 0.0))
			return oc_mr_error(r, err, "'%s': cover %zu is not positive", key, i);
		/* a split's children share its rows: their covers add up to it
		 * (to rounding, as the builder sums weights) */
		if (nd->left != OC_TREE_LEAF) {
			double s = f->cover[a + (size_t)nd->left] + f->cover[a + (size_t)nd->right];
			if (fabs(s - c) > 1e-9 * c)
				return oc_mr_error(r, err, "'%s': node %zu's children cover %.17g, not %.17g",
				                   key, i, s, c);
		}
	}
	return OC_OK;
}
