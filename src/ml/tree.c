/* SPDX-License-Identifier: MIT */
/* tree.c - scikit-learn 1.2.1's DepthFirstTreeBuilder + BestSplitter.
 *
 * Port of sklearn/tree/_tree.pyx (DepthFirstTreeBuilder.build, Tree._add_node,
 * compute_feature_importances), _splitter.pyx (BestSplitter.node_split,
 * introsort, heapsort) and _criterion.pyx (ClassificationCriterion, Gini,
 * RegressionCriterion, MSE, FriedmanMSE), kept operation for operation so
 * that trees, thresholds and node values come out bit-identical: float32
 * feature values with float32 "+1e-7" tie tests, the xorshift our_rand_r
 * draws, the persistent Fisher-Yates feature order with constant-feature
 * bookkeeping, the unstable introsort (whose sample order feeds later sums),
 * and each criterion's forward/reverse update arithmetic. */
#include "config.h"

#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/npsum.h"
#include "ml/tree.h"

/* _splitter.pyx FEATURE_THRESHOLD: a float32 constant, added in float32 */
static const float feature_threshold = 1e-7f;

#define RAND_R_MAX 0x7FFFFFFFu

struct stack_rec {
	size_t start, end;
	long depth;
	long parent;
	int is_left;
	double impurity;
	size_t n_constant;
};

struct split_rec {
	size_t feature, pos;
	double threshold, improvement, imp_left, imp_right;
};

/* A feature value with its row: sorted together, so one 8-byte swap moves
 * both (sklearn keeps them in two arrays; the permutation is the same). */
struct kv {
	float x;
	uint32_t s;
};

struct builder {
	const struct oc_tree_data *d;
	enum oc_tree_criterion crit;
	size_t max_features;
	uint32_t rstate;

	uint32_t *samples;
	size_t n_samples;
	struct kv *xf;                   /* feature value and row of samples[start:end) */
	size_t *features, *constant;
	double weighted_n_samples;

	/* criterion state over samples[start:end) */
	size_t start, end, pos;
	double wn, wl, wr;               /* weighted node / left / right counts */
	int nv;                          /* values per node: K classes (Gini) or 1 */
	double *sum_total, *sum_left, *sum_right;   /* nv each: class counts or sum(w y) */
	double sq_sum_total;
};

/* --- random draws (sklearn/tree/_utils.pxd) --- */

static uint32_t our_rand_r(uint32_t *s)
{
	if (*s == 0)
		*s = 1;
	*s ^= (uint32_t)(*s << 13);
	*s ^= (uint32_t)(*s >> 17);
	*s ^= (uint32_t)(*s << 5);
	return *s % (RAND_R_MAX + 1u);
}

static size_t rand_int(size_t lo, size_t hi, uint32_t *s)
{
	return lo + our_rand_r(s) % (hi - lo);
}

/* --- sorting (sklearn's introsort; unstable, and its order matters) --- */

static inline void swap2(struct kv *a, size_t i, size_t j)
{
	struct kv t = a[i];
	a[i] = a[j];
	a[j] = t;
}

static float median3(const struct kv *a, size_t n)
{
	float x = a[0].x, y = a[n / 2].x, z = a[n - 1].x;
	if (x < y) {
		if (y < z)
			return y;
		else if (x < z)
			return z;
		return x;
	} else if (y < z) {
		if (x < z)
			return x;
		return z;
	}
	return y;
}

static void sift_down(struct kv *a, size_t start, size_t end)
{
	size_t root = start;
	for (;;) {
		size_t child = root * 2 + 1, maxind = root;
		if (child < end && a[maxind].x < a[child].x)
			maxind = child;
		if (child + 1 < end && a[maxind].x < a[child + 1].x)
			maxind = child + 1;
		if (maxind == root)
			break;
		swap2(a, root, maxind);
		root = maxind;
	}
}

static void heapsort2(struct kv *a, size_t n)
{
	size_t start = (n - 2) / 2, end = n;
	for (;;) {
		sift_down(a, start, end);
		if (start == 0)
			break;
		start--;
	}
	end = n - 1;
	while (end > 0) {
		swap2(a, 0, end);
		sift_down(a, 0, end);
		end--;
	}
}

static void introsort(struct kv *a, size_t n, int maxd)
{
	while (n > 1) {
		if (maxd <= 0) {
			heapsort2(a, n);
			return;
		}
		maxd--;
		float pivot = median3(a, n);
		size_t i = 0, l = 0, r = n;
		while (i < r) {
			if (a[i].x < pivot) {
				swap2(a, i, l);
				i++;
				l++;
			} else if (a[i].x > pivot) {
				r--;
				swap2(a, i, r);
			} else {
				i++;
			}
		}
		introsort(a, l, maxd);
		a += r;
		n -= r;
	}
}

static void sort_feature(struct kv *a, size_t n)
{
	if (n == 0)
		return;
	/* _utils.pyx log(): ln(x) / ln(2) */
	int maxd = 2 * (int)(log((double)n) / log(2.0));
	introsort(a, n, maxd);
}

/* --- criterion (sklearn/tree/_criterion.pyx) --- */

static void crit_reset(struct builder *b)
{
	b->pos = b->start;
	b->wl = 0.0;
	b->wr = b->wn;
	for (int k = 0; k < b->nv; k++) {
		b->sum_left[k] = 0.0;
		b->sum_right[k] = b->sum_total[k];
	}
}

static void crit_reverse_reset(struct builder *b)
{
	b->pos = b->end;
	b->wl = b->wn;
	b->wr = 0.0;
	for (int k = 0; k < b->nv; k++) {
		b->sum_right[k] = 0.0;
		b->sum_left[k] = b->sum_total[k];
	}
}

static void crit_init(struct builder *b, size_t start, size_t end)
{
	const double *y = b->d->y, *w = b->d->w;
	b->start = start;
	b->end = end;
	b->wn = 0.0;
	for (int k = 0; k < b->nv; k++)
		b->sum_total[k] = 0.0;
	b->sq_sum_total = 0.0;
	for (size_t p = start; p < end; p++) {
		size_t i = b->samples[p];
		double wi = w[i];
		if (b->crit == OC_TREE_GINI) {
			b->sum_total[(size_t)y[i]] += wi;
		} else {
			double wy = wi * y[i];
			b->sum_total[0] += wy;
			b->sq_sum_total += wy * y[i];
		}
		b->wn += wi;
	}
	crit_reset(b);
}

static void crit_update(struct builder *b, size_t new_pos)
{
	const double *y = b->d->y, *w = b->d->w;
	const uint32_t *s = b->samples;
	size_t pos = b->pos, end = b->end;
	int gini = b->crit == OC_TREE_GINI;

	if (new_pos - pos <= end - new_pos) {
		if (gini) {
			for (size_t p = pos; p < new_pos; p++) {
				size_t i = s[p];
				b->sum_left[(size_t)y[i]] += w[i];
				b->wl += w[i];
			}
		} else {
			double sl = b->sum_left[0], wl = b->wl;
			for (size_t p = pos; p < new_pos; p++) {
				size_t i = s[p];
				sl += w[i] * y[i];
				wl += w[i];
			}
			b->sum_left[0] = sl;
			b->wl = wl;
		}
	} else {
		crit_reverse_reset(b);
		if (gini) {
			for (size_t p = end; p-- > new_pos;) {
				size_t i = s[p];
				b->sum_left[(size_t)y[i]] -= w[i];
				b->wl -= w[i];
			}
		} else {
			double sl = b->sum_left[0], wl = b->wl;
			for (size_t p = end; p-- > new_pos;) {
				size_t i = s[p];
				sl -= w[i] * y[i];
				wl -= w[i];
			}
			b->sum_left[0] = sl;
			b->wl = wl;
		}
	}
	b->wr = b->wn - b->wl;
	for (int k = 0; k < b->nv; k++)
		b->sum_right[k] = b->sum_total[k] - b->sum_left[k];
	b->pos = new_pos;
}

/* Gini.node_impurity: the squared counts added in class order */
static double gini_of(const double *c, int n_classes, double wn)
{
	double sq = 0.0;
	for (int k = 0; k < n_classes; k++)
		sq += c[k] * c[k];
	return 1.0 - sq / (wn * wn);
}

static double crit_node_impurity(const struct builder *b)
{
	if (b->crit == OC_TREE_GINI)
		return gini_of(b->sum_total, b->nv, b->wn);
	double m = b->sum_total[0] / b->wn;
	return b->sq_sum_total / b->wn - m * m;
}

static void crit_children_impurity(const struct builder *b, double *il, double *ir)
{
	if (b->crit == OC_TREE_GINI) {
		*il = gini_of(b->sum_left, b->nv, b->wl);
		*ir = gini_of(b->sum_right, b->nv, b->wr);
		return;
	}
	const double *y = b->d->y, *w = b->d->w;
	double sq_left = 0.0, sq_right, ml, mr;
	for (size_t p = b->start; p < b->pos; p++) {
		size_t i = b->samples[p];
		sq_left += w[i] * y[i] * y[i];
	}
	sq_right = b->sq_sum_total - sq_left;
	*il = sq_left / b->wl;
	*ir = sq_right / b->wr;
	ml = b->sum_left[0] / b->wl;
	mr = b->sum_right[0] / b->wr;
	*il -= ml * ml;
	*ir -= mr * mr;
}

static double crit_proxy(const struct builder *b)
{
	if (b->crit == OC_TREE_GINI) {
		double il, ir;
		crit_children_impurity(b, &il, &ir);
		return -b->wr * ir - b->wl * il;
	}
	double diff = b->wr * b->sum_left[0] - b->wl * b->sum_right[0];
	return diff * diff / (b->wl * b->wr);
}

static double crit_improvement(const struct builder *b, double parent, double il, double ir)
{
	if (b->crit == OC_TREE_GINI)
		return (b->wn / b->weighted_n_samples) *
		       (parent - (b->wr / b->wn * ir) - (b->wl / b->wn * il));
	double diff = b->wr * b->sum_left[0] - b->wl * b->sum_right[0];
	return diff * diff / (b->wl * b->wr * b->wn);
}

static void crit_node_value(const struct builder *b, double *dest)
{
	if (b->crit == OC_TREE_GINI) {
		memcpy(dest, b->sum_total, (size_t)b->nv * sizeof *dest);
	} else {
		dest[0] = b->sum_total[0] / b->wn;
	}
}

/* --- BestSplitter.node_split --- */

static void node_split(struct builder *b, double impurity, struct split_rec *best,
                       size_t *n_constant_features)
{
	const struct oc_tree_data *d = b->d;
	uint32_t *s = b->samples;
	size_t *features = b->features, *constant = b->constant;
	struct kv *xf = b->xf;
	size_t start = b->start, end = b->end, n_features = d->n_features;
	size_t f_i = n_features, f_j;
	size_t n_visited = 0, n_found = 0, n_drawn = 0;
	size_t n_known = *n_constant_features, n_total = n_known;
	double best_proxy = -HUGE_VAL;

	best->pos = end;
	best->feature = 0;
	best->threshold = 0.0;
	best->improvement = -HUGE_VAL;
	best->imp_left = best->imp_right = HUGE_VAL;

	while (f_i > n_total &&
	       (n_visited < b->max_features || n_visited <= n_found + n_drawn)) {
		n_visited++;
		f_j = rand_int(n_drawn, f_i - n_found, &b->rstate);
		if (f_j < n_known) {
			size_t t = features[n_drawn];
			features[n_drawn] = features[f_j];
			features[f_j] = t;
			n_drawn++;
			continue;
		}
		f_j += n_found;
		size_t feat = features[f_j];
		const float *col = d->xcol + feat * d->n_rows;
		for (size_t p = start; p < end; p++) {
			xf[p].x = col[s[p]];
			xf[p].s = s[p];
		}
		sort_feature(xf + start, end - start);
		/* the sort permutes samples in place, as sklearn's does */
		for (size_t p = start; p < end; p++)
			s[p] = xf[p].s;

		if (xf[end - 1].x <= (float)(xf[start].x + feature_threshold)) {
			features[f_j] = features[n_total];
			features[n_total] = feat;
			n_found++;
			n_total++;
			continue;
		}
		f_i--;
		features[f_j] = features[f_i];
		features[f_i] = feat;

		crit_reset(b);
		size_t p = start;
		while (p < end) {
			while (p + 1 < end && xf[p + 1].x <= (float)(xf[p].x + feature_threshold))
				p++;
			p++;
			if (p >= end)
				continue;
			/* min_samples_leaf = 1 and min_weight_leaf = 0 always hold */
			crit_update(b, p);
			double proxy = crit_proxy(b);
			if (proxy > best_proxy) {
				best_proxy = proxy;
				/* sum of halves, in double, so that it cannot overflow */
				double lo = (double)xf[p - 1].x, hi = (double)xf[p].x;
				double thr = lo / 2.0 + hi / 2.0;
				if (thr == hi || thr == HUGE_VAL || thr == -HUGE_VAL)
					thr = lo;
				best->feature = feat;
				best->pos = p;
				best->threshold = thr;
			}
		}
	}

	if (best->pos < end) {
		const float *col = d->xcol + best->feature * d->n_rows;
		size_t part_end = end, p = start;
		while (p < part_end) {
			if ((double)col[s[p]] <= best->threshold) {
				p++;
			} else {
				part_end--;
				uint32_t t = s[p];
				s[p] = s[part_end];
				s[part_end] = t;
			}
		}
		crit_reset(b);
		crit_update(b, best->pos);
		crit_children_impurity(b, &best->imp_left, &best->imp_right);
		best->improvement = crit_improvement(b, impurity, best->imp_left, best->imp_right);
	}

	/* features[:n_known] keeps its order for siblings and children */
	memcpy(features, constant, sizeof *features * n_known);
	memcpy(constant + n_known, features + n_known, sizeof *features * n_found);
	*n_constant_features = n_total;
}

/* --- tree storage --- */

static int tree_grow(struct oc_tree *t)
{
	size_t cap = t->cap ? t->cap * 2 : 64;
	struct oc_tree_node *nn = realloc(t->nodes, cap * sizeof *nn);
	if (!nn)
		return -1;
	t->nodes = nn;
	double *v = realloc(t->value, cap * (size_t)t->n_values * sizeof *v);
	if (!v)
		return -1;
	t->value = v;
	v = realloc(t->impurity, cap * sizeof *v);
	if (!v)
		return -1;
	t->impurity = v;
	v = realloc(t->weighted_n, cap * sizeof *v);
	if (!v)
		return -1;
	t->weighted_n = v;
	t->cap = cap;
	return 0;
}

void oc_tree_free(struct oc_tree *t)
{
	free(t->nodes);
	free(t->value);
	free(t->impurity);
	free(t->weighted_n);
	memset(t, 0, sizeof *t);
}

/* --- DepthFirstTreeBuilder.build --- */

int oc_tree_build(const struct oc_tree_data *d, const struct oc_tree_params *p,
                  struct oc_tree *t)
{
	struct builder b;
	struct stack_rec *stack = NULL;
	size_t sp = 0, scap = 0;
	int rc = -1;

	memset(t, 0, sizeof *t);
	if (p->criterion == OC_TREE_GINI && (d->n_classes < 2 || d->n_classes > 65536))
		return -1;
	t->n_values = p->criterion == OC_TREE_GINI ? (int)d->n_classes : 1;
	memset(&b, 0, sizeof b);
	b.nv = t->n_values;
	b.d = d;
	b.crit = p->criterion;
	b.max_features = p->max_features;
	b.rstate = p->seed;
	if (d->n_rows > UINT32_MAX)
		return -1;
	b.samples = malloc((d->n_rows ? d->n_rows : 1) * sizeof *b.samples);
	b.xf = malloc((d->n_rows ? d->n_rows : 1) * sizeof *b.xf);
	b.features = malloc((d->n_features ? d->n_features : 1) * sizeof *b.features);
	b.constant = malloc((d->n_features ? d->n_features : 1) * sizeof *b.constant);
	b.sum_total = malloc(3 * (size_t)b.nv * sizeof *b.sum_total);
	if (!b.samples || !b.xf || !b.features || !b.constant || !b.sum_total)
		goto out;
	b.sum_left = b.sum_total + b.nv;
	b.sum_right = b.sum_left + b.nv;

	/* Splitter.init: only positively weighted rows, ascending */
	for (size_t i = 0; i < d->n_rows; i++) {
		if (d->w[i] != 0.0)
			b.samples[b.n_samples++] = (uint32_t)i;
		b.weighted_n_samples += d->w[i];
	}
	for (size_t f = 0; f < d->n_features; f++)
		b.features[f] = f;

	scap = 64;
	stack = malloc(scap * sizeof *stack);
	if (!stack)
		goto out;
	stack[sp++] = (struct stack_rec){ 0, b.n_samples, 0, -1, 0, HUGE_VAL, 0 };
	int first = 1;

	while (sp > 0) {
		struct stack_rec r = stack[--sp];
		struct split_rec split = { 0, 0, 0.0, 0.0, 0.0, 0.0 };
		size_t n_node = r.end - r.start;
		double impurity = r.impurity;
		size_t n_constant = r.n_constant;

		crit_init(&b, r.start, r.end);
		int is_leaf = r.depth >= p->max_depth || n_node < 2;
		if (first) {
			impurity = crit_node_impurity(&b);
			first = 0;
		}
		is_leaf = is_leaf || impurity <= DBL_EPSILON;
		if (!is_leaf) {
			node_split(&b, impurity, &split, &n_constant);
			is_leaf = split.pos >= r.end || split.improvement + DBL_EPSILON < 0.0;
		}

		if (t->n_nodes == t->cap && tree_grow(t) < 0)
			goto out;
		size_t id = t->n_nodes++;
		struct oc_tree_node *nd = &t->nodes[id];
		if (r.parent >= 0) {
			if (r.is_left)
				t->nodes[r.parent].left = (int32_t)id;
			else
				t->nodes[r.parent].right = (int32_t)id;
		}
		nd->left = nd->right = OC_TREE_LEAF;
		if (is_leaf) {
			nd->feature = -1;
			nd->threshold = -2.0;
		} else {
			nd->feature = (int32_t)split.feature;
			nd->threshold = split.threshold;
		}
		t->impurity[id] = impurity;
		t->weighted_n[id] = b.wn;
		crit_node_value(&b, t->value + id * (size_t)t->n_values);

		if (!is_leaf) {
			if (sp + 2 > scap) {
				struct stack_rec *ns = realloc(stack, 2 * scap * sizeof *ns);
				if (!ns)
					goto out;
				stack = ns;
				scap *= 2;
			}
			stack[sp++] = (struct stack_rec){ split.pos, r.end, r.depth + 1, (long)id, 0,
			                                  split.imp_right, n_constant };
			stack[sp++] = (struct stack_rec){ r.start, split.pos, r.depth + 1, (long)id, 1,
			                                  split.imp_left, n_constant };
		}
	}
	rc = 0;
out:
	if (rc)
		oc_tree_free(t);
	free(stack);
	free(b.samples);
	free(b.xf);
	free(b.features);
	free(b.constant);
	free(b.sum_total);
	return rc;
}

void oc_tree_importances(const struct oc_tree *t, size_t n_features, int normalize,
                         double *out)
{
	memset(out, 0, n_features * sizeof *out);
	for (size_t i = 0; i < t->n_nodes; i++) {
		const struct oc_tree_node *nd = &t->nodes[i];
		if (nd->left == OC_TREE_LEAF)
			continue;
		size_t l = (size_t)nd->left, r = (size_t)nd->right;
		out[nd->feature] += t->weighted_n[i] * t->impurity[i] -
		                    t->weighted_n[l] * t->impurity[l] -
		                    t->weighted_n[r] * t->impurity[r];
	}
	for (size_t f = 0; f < n_features; f++)
		out[f] /= t->weighted_n[0];
	if (normalize) {
		double z = oc_npsum(out, n_features);
		if (z > 0.0)
			for (size_t f = 0; f < n_features; f++)
				out[f] /= z;
	}
}

const char *oc_tree_check(const struct oc_tree_node *nodes, size_t n_nodes, size_t n_features)
{
	unsigned char *seen;
	const char *msg = NULL;
	if (n_nodes == 0)
		return "tree without nodes";
	seen = calloc(n_nodes, 1);
	if (!seen)
		return "out of memory";
	for (size_t i = 0; i < n_nodes && !msg; i++) {
		const struct oc_tree_node *nd = &nodes[i];
		if (nd->left == OC_TREE_LEAF && nd->right == OC_TREE_LEAF) {
			if (nd->feature != -1)
				msg = "leaf with a split feature";
			continue;
		}
		if (nd->feature < 0 || (size_t)nd->feature >= n_features)
			msg = "split feature out of range";
		else if (nd->left <= (int32_t)i || nd->right <= (int32_t)i ||
		         (size_t)nd->left >= n_nodes || (size_t)nd->right >= n_nodes ||
		         nd->left == nd->right)
			msg = "child index out of range";
		else if (seen[nd->left]++ || seen[nd->right]++)
			msg = "node is the child of two nodes";
		else if (isnan(nd->threshold))
			msg = "threshold is not a number";
	}
	for (size_t i = 1; i < n_nodes && !msg; i++)
		if (!seen[i])
			msg = "node unreachable from the root";
	free(seen);
	return msg;
}

float *oc_tree_xcol(const double *x, size_t n_rows, size_t n_features)
{
	size_t n = n_rows * n_features;
	float *c = malloc((n ? n : 1) * sizeof *c);
	if (!c)
		return NULL;
	for (size_t i = 0; i < n_rows; i++)
		for (size_t f = 0; f < n_features; f++)
			c[f * n_rows + i] = (float)x[i * n_features + f];
	return c;
}
