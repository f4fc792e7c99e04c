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
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "core/npsum.h"
#include "ml/partition3.h"
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

/* The partition of the builder (partition3.h) and its scratch */
struct part3 {
	oc_partition3_fn *fn;
	struct oc_kv *scratch;
	size_t n_rows;
	int chosen;                      /* fn and scratch are set */
};

/* The partition for the sorts, chosen at the first sort (a forest with
 * bootstrap counts never sorts, and pays for neither the choice nor the
 * scratch): the form this CPU allows, or the plain loop, which gives the
 * same order, if its scratch cannot be made. */
static const struct part3 *part3_ready(struct part3 *pt)
{
	if (!pt->chosen) {
		pt->chosen = 1;
		pt->fn = oc_partition3_pick();
		if (pt->fn != oc_partition3_plain) {
			pt->scratch = calloc(oc_partition3_scratch(pt->n_rows), sizeof *pt->scratch);
			if (!pt->scratch)
				pt->fn = oc_partition3_plain;
		}
	}
	return pt;
}

struct builder {
	const struct oc_tree_data *d;
	enum oc_tree_criterion crit;
	size_t max_features;
	uint32_t rstate;

	uint32_t *samples;
	size_t n_samples;
	struct oc_kv *xf;                /* feature value and row of samples[start:end) */
	size_t *features, *constant;
	double weighted_n_samples;

	/* Presorted orders (see sort_by_presort): NULL when not used */
	uint32_t *ps;                    /* n_features * n_samples rows: feature f's
	                                    segment [start,end) holds the node's rows
	                                    in increasing order of f */
	struct oc_kv *pv;                /* that segment with its values, one feature */
	uint32_t *tp;                    /* tie counts along pv (see introsort_ps) */
	uint32_t *tmp;                   /* scratch for the stable partition */
	unsigned char *goes_left;        /* per row, while partitioning */
	int order_free;                  /* 1: every sum is exact in any order */
	struct part3 part;               /* introsort's partition */
	long memo_at;                    /* at the root: node of d->memo for the
	                                    features sorted so far; else -1 */

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

static inline void swap2(struct oc_kv *a, size_t i, size_t j)
{
	struct oc_kv t = a[i];
	a[i] = a[j];
	a[j] = t;
}

static float median3(const struct oc_kv *a, size_t n)
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

static void sift_down(struct oc_kv *a, size_t start, size_t end)
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

static void heapsort2(struct oc_kv *a, size_t n)
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

static void introsort(struct oc_kv *a, size_t n, int maxd, const struct part3 *pt)
{
	while (n > 1) {
		if (maxd <= 0) {
			heapsort2(a, n);
			return;
		}
		maxd--;
		size_t l, r;
		pt->fn(a, n, median3(a, n), NULL, &l, &r, pt->scratch);
		introsort(a, l, maxd, pt);
		a += r;
		n -= r;
	}
}

/* introsort as above, over a node whose sorted order pv (any order among
 * ties) is known, with tp[k] = number of k' < k with pv[k'].x == pv[k'+1].x.
 *
 * Every subarray the 3-way partition creates holds whole tie groups and
 * every value between its least and its greatest: the root does, and the
 * parts < pivot, == pivot and > pivot of such a set do too.  So the
 * subarray at offset o of length n holds exactly the elements that any
 * sorted order puts at [o, o+n), i.e. pv[o..o+n).  When those have no tie
 * (tp[o+n-1] == tp[o]), every correct sort, introsort and its heapsort
 * fallback included, returns that one order: it is copied from pv.  When
 * all n are equal and maxd > 0, the partition leaves them in place (the
 * heapsort fallback does not, so it is not skipped).  Everything else runs
 * exactly as introsort does, so the permutation is the same. */
static void introsort_ps(struct oc_kv *a, size_t n, int maxd, const struct oc_kv *pv,
                         const uint32_t *tp, const struct part3 *pt)
{
	while (n > 1) {
		if (tp[n - 1] == tp[0]) {
			memcpy(a, pv, n * sizeof *a);
			return;
		}
		if (maxd <= 0) {
			heapsort2(a, n);
			return;
		}
		if (pv[0].x == pv[n - 1].x)
			return;
		maxd--;
		size_t l, r;
		pt->fn(a, n, median3(a, n), pv, &l, &r, pt->scratch);
		introsort_ps(a, l, maxd, pv, tp, pt);
		a += r;
		pv += r;
		tp += r;
		n -= r;
	}
}

static int sort_maxd(size_t n)
{
	/* _utils.pyx log(): ln(x) / ln(2) */
	return 2 * (int)(log((double)n) / log(2.0));
}

static void sort_feature(struct oc_kv *a, size_t n, const struct part3 *pt)
{
	if (n == 0)
		return;
	introsort(a, n, sort_maxd(n), pt);
}

/* samples[start:end) sorted by feature feat into xf[start:end), the same
 * permutation as sort_feature gives, from the node's presorted segment:
 * copied when the node has no tie in feat or when the order within ties
 * cannot change a result (order_free), else introsort_ps from the current
 * sample order. */
static void sort_by_presort(struct builder *b, size_t feat)
{
	const struct oc_tree_data *d = b->d;
	const float *col = d->xcol + feat * d->n_rows;
	size_t start = b->start, n = b->end - b->start;
	const uint32_t *seg = b->ps + feat * b->n_samples + start;
	struct oc_kv *pv = b->pv, *xf = b->xf + start;
	uint32_t *tp = b->tp, ties = 0;

	pv[0].x = col[seg[0]];
	pv[0].s = seg[0];
	tp[0] = 0;
	for (size_t k = 1; k < n; k++) {
		pv[k].x = col[seg[k]];
		pv[k].s = seg[k];
		ties += pv[k].x == pv[k - 1].x;
		tp[k] = ties;
	}
	if (ties == 0 || b->order_free) {
		memcpy(xf, pv, n * sizeof *xf);
		return;
	}
	const uint32_t *s = b->samples + start;
	for (size_t k = 0; k < n; k++) {
		xf[k].x = col[s[k]];
		xf[k].s = s[k];
	}
	introsort_ps(xf, n, sort_maxd(n), pv, tp, part3_ready(&b->part));
}

/* After a split of [start,end) at pos: each presorted segment of a feature
 * still to be drawn below is partitioned stably into the rows of the left
 * child (samples[start:pos)) then those of the right one, so both children
 * find their rows sorted.  Known constant features (features[:n_constant])
 * are never sorted again below and are left as they are. */
static void presort_partition(struct builder *b, size_t start, size_t pos, size_t end,
                              size_t n_constant)
{
	const uint32_t *s = b->samples;
	unsigned char *gl = b->goes_left;
	for (size_t p = start; p < pos; p++)
		gl[s[p]] = 1;
	for (size_t p = pos; p < end; p++)
		gl[s[p]] = 0;
	for (size_t j = n_constant; j < b->d->n_features; j++) {
		uint32_t *seg = b->ps + b->features[j] * b->n_samples;
		size_t l = start, r = 0;
		for (size_t p = start; p < end; p++) {
			uint32_t row = seg[p];
			if (gl[row])
				seg[l++] = row;
			else
				b->tmp[r++] = row;
		}
		memcpy(seg + l, b->tmp, r * sizeof *seg);
	}
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

/* --- the root's sorts, shared by successive trees (oc_tree_memo) --- */

/* Prefixes of at most this many sorted features are kept: the first few
 * recur from tree to tree, longer ones rarely do. */
#define MEMO_DEPTH 3
#define MEMO_BYTES ((size_t)64 << 20)

struct oc_tree_memo {
	pthread_mutex_t lock; /* trees grown on several threads share the memo */
	size_t n_rows, n_features;
	size_t n_nodes, cap, bytes;
	long *child;          /* n_features per node: the node after sorting by
	                         that feature, or -1 */
	uint32_t **perm;      /* per node: the sample order (node 0: ascending) */
	int *depth;
};

struct oc_tree_memo *oc_tree_memo_new(size_t n_rows, size_t n_features)
{
	struct oc_tree_memo *m = calloc(1, sizeof *m);
	if (!m)
		return NULL;
	if (pthread_mutex_init(&m->lock, NULL) != 0) {
		free(m);
		return NULL;
	}
	m->n_rows = n_rows;
	m->n_features = n_features;
	m->cap = 1;
	m->n_nodes = 1;
	m->child = malloc(n_features * sizeof *m->child);
	m->perm = calloc(1, sizeof *m->perm);
	m->depth = calloc(1, sizeof *m->depth);
	if (!m->child || !m->perm || !m->depth) {
		oc_tree_memo_free(m);
		return NULL;
	}
	for (size_t f = 0; f < n_features; f++)
		m->child[f] = -1;
	return m;
}

void oc_tree_memo_free(struct oc_tree_memo *m)
{
	if (!m)
		return;
	for (size_t i = 0; i < m->n_nodes; i++)
		free(m->perm[i]);
	free(m->child);
	free(m->perm);
	free(m->depth);
	pthread_mutex_destroy(&m->lock);
	free(m);
}

/* The root's order after sorting by feat, when known; moves memo_at on. */
static const uint32_t *memo_perm(struct builder *b, size_t feat)
{
	struct oc_tree_memo *m = b->d->memo;
	const uint32_t *perm = NULL;
	pthread_mutex_lock(&m->lock);
	long c = m->child[(size_t)b->memo_at * m->n_features + feat];
	if (c >= 0) {
		b->memo_at = c;
		perm = m->perm[c];     /* never moved nor freed before the memo */
	}
	pthread_mutex_unlock(&m->lock);
	return perm;
}

/* Keeps samples (just sorted by feat at the root) for the next trees, if
 * the prefix is short enough and the budget allows; else stops looking. */
static void memo_keep(struct builder *b, size_t feat)
{
	struct oc_tree_memo *m = b->d->memo;
	size_t nf = m->n_features, sz = m->n_rows * sizeof(uint32_t);
	size_t parent = (size_t)b->memo_at;
	b->memo_at = -1;
	pthread_mutex_lock(&m->lock);
	int depth = m->depth[parent] + 1;
	long known = m->child[parent * nf + feat];
	if (known >= 0) {
		/* another thread's tree kept the same permutation meanwhile */
		b->memo_at = known;
		goto out;
	}
	if (depth > MEMO_DEPTH || m->bytes + sz > MEMO_BYTES)
		goto out;
	if (m->n_nodes == m->cap) {
		size_t cap = m->cap * 2;
		long *ch = realloc(m->child, cap * nf * sizeof *ch);
		if (!ch)
			goto out;
		m->child = ch;
		uint32_t **pp = realloc(m->perm, cap * sizeof *pp);
		if (!pp)
			goto out;
		m->perm = pp;
		int *dd = realloc(m->depth, cap * sizeof *dd);
		if (!dd)
			goto out;
		m->depth = dd;
		m->cap = cap;
	}
	uint32_t *perm = malloc(sz);
	if (!perm)
		goto out;
	memcpy(perm, b->samples, sz);
	size_t id = m->n_nodes++;
	m->perm[id] = perm;
	m->depth[id] = depth;
	for (size_t f = 0; f < nf; f++)
		m->child[id * nf + f] = -1;
	m->bytes += sz;
	m->child[parent * nf + feat] = (long)id;
	b->memo_at = (long)id;
out:
	pthread_mutex_unlock(&m->lock);
}

/* --- BestSplitter.node_split --- */

/* Threshold between xf[p-1] and xf[p]: the sum of halves, in double, so
 * that it cannot overflow; the lower value when it rounds to the upper. */
static double split_threshold(const struct oc_kv *xf, size_t p)
{
	double lo = (double)xf[p - 1].x, hi = (double)xf[p].x;
	double thr = lo / 2.0 + hi / 2.0;
	if (thr == hi || thr == HUGE_VAL || thr == -HUGE_VAL)
		thr = lo;
	return thr;
}

/* BestSplitter's next candidate position after p: past every value tied
 * with xf[p] (equal within feature_threshold, as sklearn compares them in
 * float32), so that no split separates equal values. */
static inline size_t next_split(const struct oc_kv *xf, size_t p, size_t end)
{
	while (p + 1 < end && xf[p + 1].x <= (float)(xf[p].x + feature_threshold))
		p++;
	return p + 1;
}

/* The split search of node_split over xf[start:end) for Gini: at each
 * candidate position Criterion.update and proxy_impurity_improvement
 * (-w_R * gini_R - w_L * gini_L) written out on the builder's class sums,
 * the same operations in the same order. */
static void scan_gini(struct builder *b, size_t feat, double *best_proxy,
                      struct split_rec *best)
{
	const double *y = b->d->y, *w = b->d->w;
	const uint32_t *s = b->samples;
	const struct oc_kv *xf = b->xf;
	const size_t start = b->start, end = b->end, K = (size_t)b->nv;
	const double *st = b->sum_total, wn = b->wn;
	double *sl = b->sum_left, *sr = b->sum_right, wl = 0.0;
	size_t pos = start, p = start;
	for (size_t k = 0; k < K; k++)
		sl[k] = 0.0;
	while (p < end) {
		p = next_split(xf, p, end);
		if (p >= end)
			continue;
		if (p - pos <= end - p) {
			for (size_t q = pos; q < p; q++) {
				size_t i = s[q];
				sl[(size_t)y[i]] += w[i];
				wl += w[i];
			}
		} else {
			memcpy(sl, st, K * sizeof *sl);
			wl = wn;
			for (size_t q = end; q-- > p;) {
				size_t i = s[q];
				sl[(size_t)y[i]] -= w[i];
				wl -= w[i];
			}
		}
		pos = p;
		double wr = wn - wl, sql = 0.0, sqr = 0.0;
		for (size_t k = 0; k < K; k++) {
			sr[k] = st[k] - sl[k];
			sql += sl[k] * sl[k];
			sqr += sr[k] * sr[k];
		}
		double il = 1.0 - sql / (wl * wl), ir = 1.0 - sqr / (wr * wr);
		double proxy = -wr * ir - wl * il;
		if (proxy > *best_proxy) {
			*best_proxy = proxy;
			best->feature = feat;
			best->pos = p;
			best->threshold = split_threshold(xf, p);
		}
	}
}

/* The split search of node_split over xf[start:end) for Friedman MSE, with
 * Criterion.update and proxy_impurity_improvement (diff^2 / (w_L w_R))
 * written out on local sums: the same
 * operations in the same order (forward sums, or from the end after a
 * reverse reset when that is shorter), without a call and the generic
 * class loop at every candidate position. */
static void scan_mse(struct builder *b, size_t feat, double *best_proxy,
                     struct split_rec *best)
{
	const double *y = b->d->y, *w = b->d->w;
	const uint32_t *s = b->samples;
	const struct oc_kv *xf = b->xf;
	const size_t start = b->start, end = b->end;
	const double st = b->sum_total[0], wn = b->wn;
	double sl = 0.0, wl = 0.0;
	size_t pos = start, p = start;
	while (p < end) {
		p = next_split(xf, p, end);
		if (p >= end)
			continue;
		if (p - pos <= end - p) {
			for (size_t q = pos; q < p; q++) {
				size_t i = s[q];
				sl += w[i] * y[i];
				wl += w[i];
			}
		} else {
			sl = st;
			wl = wn;
			for (size_t q = end; q-- > p;) {
				size_t i = s[q];
				sl -= w[i] * y[i];
				wl -= w[i];
			}
		}
		pos = p;
		double wr = wn - wl, sr = st - sl;
		double diff = wr * sl - wl * sr;
		double proxy = diff * diff / (wl * wr);
		if (proxy > *best_proxy) {
			*best_proxy = proxy;
			best->feature = feat;
			best->pos = p;
			best->threshold = split_threshold(xf, p);
		}
	}
}

static void node_split(struct builder *b, double impurity, struct split_rec *best,
                       size_t *n_constant_features)
{
	const struct oc_tree_data *d = b->d;
	uint32_t *s = b->samples;
	size_t *features = b->features, *constant = b->constant;
	struct oc_kv *xf = b->xf;
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
		const uint32_t *known = b->memo_at >= 0 ? memo_perm(b, feat) : NULL;
		if (known) {
			const float *col = d->xcol + feat * d->n_rows;
			for (size_t p = start; p < end; p++) {
				xf[p].x = col[known[p]];
				xf[p].s = known[p];
			}
		} else if (b->ps) {
			sort_by_presort(b, feat);
		} else {
			const float *col = d->xcol + feat * d->n_rows;
			for (size_t p = start; p < end; p++) {
				xf[p].x = col[s[p]];
				xf[p].s = s[p];
			}
			sort_feature(xf + start, end - start, part3_ready(&b->part));
		}
		/* the sort permutes samples in place, as sklearn's does */
		for (size_t p = start; p < end; p++)
			s[p] = xf[p].s;
		if (b->memo_at >= 0 && !known)
			memo_keep(b, feat);

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

		/* min_samples_leaf = 1 and min_weight_leaf = 0 always hold */
		if (b->crit == OC_TREE_FRIEDMAN_MSE)
			scan_mse(b, feat, &best_proxy, best);
		else
			scan_gini(b, feat, &best_proxy, best);
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

/* --- presorted orders --- */

/* Past this many entries the table is not built (memory) */
#define PRESORT_MAX ((size_t)1 << 26)

static int kv_cmp(const void *pa, const void *pb)
{
	const struct oc_kv *a = pa, *b = pb;
	if (a->x != b->x)
		return a->x < b->x ? -1 : 1;
	return (a->s > b->s) - (a->s < b->s);
}

uint32_t *oc_tree_presort(const float *xcol, size_t n_rows, size_t n_features)
{
	if (n_rows == 0 || n_features == 0 || n_rows > UINT32_MAX ||
	    n_rows > PRESORT_MAX / n_features)
		return NULL;
	uint32_t *order = malloc(n_rows * n_features * sizeof *order);
	struct oc_kv *a = malloc(n_rows * sizeof *a);
	if (!order || !a)
		goto fail;
	for (size_t f = 0; f < n_features; f++) {
		const float *col = xcol + f * n_rows;
		for (size_t i = 0; i < n_rows; i++) {
			if (isnan(col[i]))
				goto fail;
			a[i].x = col[i];
			a[i].s = (uint32_t)i;
		}
		qsort(a, n_rows, sizeof *a, kv_cmp);
		for (size_t i = 0; i < n_rows; i++)
			order[f * n_rows + i] = a[i].s;
	}
	free(a);
	return order;
fail:
	free(order);
	free(a);
	return NULL;
}

static void presort_free(struct builder *b)
{
	free(b->ps);
	free(b->pv);
	free(b->tp);
	free(b->tmp);
	free(b->goes_left);
	b->ps = NULL;
}

/* Fills b->ps from d->order (or a sort of its own) keeping the rows that
 * are samples, and decides order_free: with Gini and whole-number weights
 * (bootstrap counts) every class count and weight sum is an exact integer,
 * whatever the order of the additions, so neither the order of the rows
 * within ties nor anything computed from it can change the tree.  -1 when
 * out of memory; without a presorted table the builder sorts as before. */
static int presort_init(struct builder *b)
{
	const struct oc_tree_data *d = b->d;
	size_t nf = d->n_features, ns = b->n_samples, n = d->n_rows;
	uint32_t *own = NULL;
	const uint32_t *order = d->order;
	if (ns < 2)
		return 0;
	if (!order) {
		own = oc_tree_presort(d->xcol, n, nf);
		if (!own)
			return 0;        /* NaN or too large: sort at every node */
		order = own;
	}
	b->ps = malloc(nf * ns * sizeof *b->ps);
	b->pv = malloc(ns * sizeof *b->pv);
	b->tp = malloc(ns * sizeof *b->tp);
	b->tmp = malloc(ns * sizeof *b->tmp);
	b->goes_left = malloc(n);
	if (!b->ps || !b->pv || !b->tp || !b->tmp || !b->goes_left) {
		free(own);
		presort_free(b);
		return -1;
	}
	for (size_t f = 0; f < nf; f++) {
		const uint32_t *o = order + f * n;
		uint32_t *seg = b->ps + f * ns;
		size_t k = 0;
		for (size_t i = 0; i < n; i++)
			if (d->w[o[i]] != 0.0)
				seg[k++] = o[i];
	}
	free(own);
	b->order_free = 0;
	if (b->crit == OC_TREE_GINI) {
		double sum = 0.0;
		int whole = 1;
		for (size_t i = 0; i < n && whole; i++) {
			whole = d->w[i] >= 0.0 && d->w[i] == floor(d->w[i]);
			sum += d->w[i];
		}
		/* integers below 2^53 add exactly */
		b->order_free = whole && sum < 0x1p53;
	}
	return 0;
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
	b.memo_at = -1;
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
	b.part.n_rows = d->n_rows;

	/* Splitter.init: only positively weighted rows, ascending */
	for (size_t i = 0; i < d->n_rows; i++) {
		if (d->w[i] != 0.0)
			b.samples[b.n_samples++] = (uint32_t)i;
		b.weighted_n_samples += d->w[i];
	}
	for (size_t f = 0; f < d->n_features; f++)
		b.features[f] = f;
	if (!p->sort_each_node && presort_init(&b) < 0)
		goto out;

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
			/* the root alone starts from the rows in ascending order */
			b.memo_at = r.parent < 0 && d->memo && !p->sort_each_node && d->memo->n_rows == d->n_rows &&
			            d->memo->n_features == d->n_features &&
			            b.n_samples == d->n_rows ? 0 : -1;
			node_split(&b, impurity, &split, &n_constant);
			b.memo_at = -1;
			is_leaf = split.pos >= r.end || split.improvement + DBL_EPSILON < 0.0;
			if (!is_leaf && b.ps)
				presort_partition(&b, r.start, split.pos, r.end, n_constant);
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
	free(b.part.scratch);
	free(b.features);
	free(b.constant);
	free(b.sum_total);
	presort_free(&b);
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
