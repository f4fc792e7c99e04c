/* SPDX-License-Identifier: MIT */
/* treeshap.c - path-dependent TreeSHAP (see treeshap.h).
 *
 * The recursion keeps, for the path from the root to the current node, the
 * "unique path" of features split on so far: for each, the fraction of
 * covers that flows down the path when the feature is unknown (zero_frac)
 * and whether x itself follows the path (one_frac, 0 or 1), and the weights
 * pweight of the subsets of those features by size, which EXTEND and
 * UNWIND update as a feature joins or leaves (Algorithm 2 of the paper).
 * At a leaf, each feature's contribution is the leaf value times the
 * Shapley-weighted difference between the path with the feature known and
 * unknown (UNWOUNDSUM). */
#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ml/treeshap.h"

struct oc_shap_elem {
	long feature;
	double zero_frac, one_frac, pweight;
};

void oc_shap_work_free(struct oc_shap_work *w)
{
	free(w->path);
	w->path = NULL;
	w->cap = 0;
}

/* EXTEND: feature joins the path as element l (the path has l + 1 elements
 * after the call); the subset weights are re-spread over sizes 0..l. */
static void extend(struct oc_shap_elem *m, size_t l, double zero_frac, double one_frac,
                   long feature)
{
	m[l].feature = feature;
	m[l].zero_frac = zero_frac;
	m[l].one_frac = one_frac;
	m[l].pweight = l == 0 ? 1.0 : 0.0;
	for (size_t i = l; i-- > 0;) {
		m[i + 1].pweight += one_frac * m[i].pweight * (double)(i + 1) / (double)(l + 1);
		m[i].pweight = zero_frac * m[i].pweight * (double)(l - i) / (double)(l + 1);
	}
}

/* UNWIND: undoes the EXTEND of element k of a path of l + 1 elements. */
static void unwind(struct oc_shap_elem *m, size_t l, size_t k)
{
	double one = m[k].one_frac, zero = m[k].zero_frac, next = m[l].pweight;
	for (size_t i = l; i-- > 0;) {
		if (one != 0.0) {
			double tmp = m[i].pweight;
			m[i].pweight = next * (double)(l + 1) / ((double)(i + 1) * one);
			next = tmp - m[i].pweight * zero * (double)(l - i) / (double)(l + 1);
		} else {
			m[i].pweight = m[i].pweight * (double)(l + 1) / (zero * (double)(l - i));
		}
	}
	for (size_t i = k; i < l; i++) {
		m[i].feature = m[i + 1].feature;
		m[i].zero_frac = m[i + 1].zero_frac;
		m[i].one_frac = m[i + 1].one_frac;
	}
}

/* UNWOUNDSUM: the total subset weight of the path without element k,
 * computed without modifying the path. */
static double unwound_sum(const struct oc_shap_elem *m, size_t l, size_t k)
{
	double one = m[k].one_frac, zero = m[k].zero_frac, next = m[l].pweight, total = 0.0;
	if (one != 0.0) {
		for (size_t i = l; i-- > 0;) {
			double tmp = next / ((double)(i + 1) * one);
			total += tmp;
			next = m[i].pweight - tmp * zero * (double)(l - i);
		}
	} else {
		for (size_t i = l; i-- > 0;)
			total += m[i].pweight / (zero * (double)(l - i));
	}
	return total * (double)(l + 1);
}

static double cover_of(const struct oc_shap_tree *t, size_t i)
{
	const double *c = t->cover + i * t->cover_stride;
	if (!t->cover_is_sum)
		return c[0];
	double s = 0.0;
	for (size_t k = 0; k < t->cover_n; k++)
		s += c[k];
	return s;
}

struct shap_ctx {
	const struct oc_shap_tree *t;
	const double *row;
	double scale;
	double *phi;
};

/* RECURSE at node j; parent path of l elements at m (m[l] is this node's
 * new element), pz/po/pf: the fractions and feature of the split above. */
static void recurse(const struct shap_ctx *c, size_t j, struct oc_shap_elem *parent, size_t l,
                    double pz, double po, long pf)
{
	const struct oc_tree_node *nd = &c->t->nodes[j];
	struct oc_shap_elem *m = parent + l + 1;
	memcpy(m, parent, (l + 1) * sizeof *m);
	extend(m, l, pz, po, pf);
	if (nd->left == OC_TREE_LEAF) {
		double v = c->t->value[j * c->t->stride];
		for (size_t i = 1; i <= l; i++) {
			double w = unwound_sum(m, l, i);
			c->phi[m[i].feature] += c->scale * w * (m[i].one_frac - m[i].zero_frac) * v;
		}
		return;
	}
	size_t hot = (size_t)((double)(float)c->row[nd->feature] <= nd->threshold ? nd->left : nd->right);
	size_t cold = hot == (size_t)nd->left ? (size_t)nd->right : (size_t)nd->left;
	double w = cover_of(c->t, j);
	double hz = cover_of(c->t, hot) / w, cz = cover_of(c->t, cold) / w;
	double iz = 1.0, io = 1.0;
	size_t k;
	for (k = 1; k <= l; k++)
		if (m[k].feature == nd->feature)
			break;
	if (k <= l) {
		iz = m[k].zero_frac;
		io = m[k].one_frac;
		unwind(m, l, k);
		l--;
	}
	recurse(c, hot, m, l + 1, hz * iz, io, nd->feature);
	recurse(c, cold, m, l + 1, cz * iz, 0.0, nd->feature);
}

/* E[f]: the leaves' values weighted by their share of the root's cover. */
static double expected(const struct oc_shap_tree *t, size_t j, double frac)
{
	const struct oc_tree_node *nd = &t->nodes[j];
	if (nd->left == OC_TREE_LEAF)
		return frac * t->value[j * t->stride];
	double w = cover_of(t, j);
	return expected(t, (size_t)nd->left, frac * cover_of(t, (size_t)nd->left) / w) +
	       expected(t, (size_t)nd->right, frac * cover_of(t, (size_t)nd->right) / w);
}

double oc_treeshap(const struct oc_shap_tree *t, const double *row, double scale,
                   double *phi, struct oc_shap_work *w)
{
	size_t depth = t->depth;
	if (!depth && t->n_nodes > 1) {
		/* children have larger ids, so one forward pass finds it */
		unsigned *d = malloc(t->n_nodes * sizeof *d);
		if (!d)
			return (double)NAN;
		d[0] = 0;
		for (size_t i = 0; i < t->n_nodes; i++) {
			const struct oc_tree_node *nd = &t->nodes[i];
			if (nd->left == OC_TREE_LEAF) {
				if (d[i] > depth)
					depth = d[i];
				continue;
			}
			d[nd->left] = d[nd->right] = d[i] + 1;
		}
		free(d);
	}
	/* The recursion stacks one path of at most depth + 2 elements per
	 * level, each a copy of its parent's plus one. */
	size_t need = (depth + 2) * (depth + 3) / 2 + 1;
	if (need > w->cap) {
		struct oc_shap_elem *p = realloc(w->path, need * sizeof *p);
		if (!p)
			return (double)NAN;
		w->path = p;
		w->cap = need;
	}
	struct shap_ctx c = { t, row, scale, phi };
	/* The root element: no feature, fractions 1 (the paper's initial
	 * RECURSE(1, [], 1, 1, 0)); the parent "path" is empty. */
	struct oc_shap_elem *base = w->path;
	recurse(&c, 0, base, 0, 1.0, 1.0, -1);
	return expected(t, 0, 1.0);
}
