/* SPDX-License-Identifier: MIT */
/* forest_qs.c - QuickScorer with 16 rows in the lanes of AVX-512 vectors.
 *
 * Lucchese et al. (SIGIR 2015), section 3: number each tree's leaves left
 * to right and give the tree a bit vector of them, all set.  A node whose
 * test is false for a row (the row goes right) rules out its left
 * subtree's leaves: AND the row's vector with a mask of zeros there.  After
 * every false node of the tree, the leaf the walk reaches is the lowest
 * bit still set (their Theorem 1: the walk's leaf is never ruled out, and
 * each leaf to its left lies in the left subtree of a node on the path that
 * the row leaves to the right).  The ANDs commute, so the nodes may be
 * tested in any order and none waits on another's outcome, unlike the
 * walk's steps.
 *
 * Here a lane is a row (V-QuickScorer, Lucchese et al., SIGIR 2016): one
 * comparison tests a node for 16 rows and a masked AND applies it.  The
 * paper goes feature by feature over thresholds in increasing order, and
 * stops a feature at the first threshold no row exceeds; with these small
 * trees, testing each tree's nodes in turn is faster, because its vector
 * then stays in a register instead of going through memory at every node.
 * The test is the walk's, !(x <= thr) on the same float32 values
 * (_CMP_NLE_UQ: also true when x is NaN, which the walk sends right), so
 * the leaves are the walk's.  A leaf's values are picked from the tree's
 * table by a permutation (16 leaves per two registers), and the sums run
 * tree by tree from the start value in every lane, the order of the
 * scalar sums (a forest's average, boosting's predict_stages). */
#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/cpu.h"
#include "ml/forest_qs.h"

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#include <immintrin.h>
#define HAVE_SIMD_PATHS 1
#endif

void oc_qs_free(struct oc_qs *q)
{
	free(q->start);
	free(q->thr);
	free(q->feature);
	free(q->mask);
	free(q->leafval);
	free(q->wide);
	memset(q, 0, sizeof *q);
}

/* Leaf numbers and subtree ranges of the tree at nodes [a, b) of f:
 * lo[i] .. hi[i] are the numbers of node i's leaves (local index i - a).
 * Children have larger ids than their parent (oc_tree_check), so a
 * preorder walk, left child first, numbers the leaves left to right, and
 * a backward pass over the ids sees children before parents.  The number
 * of leaves, or -1 past OC_QS_MAX_LEAVES. */
static int number_leaves(const struct oc_fnode *nd, size_t a, size_t b, uint32_t *stack,
                         uint8_t *lo, uint8_t *hi)
{
	size_t top = 0;
	int n = 0;
	stack[top++] = (uint32_t)a;
	while (top) {
		uint32_t i = stack[--top];
		if (nd[i].child[0] == i) {
			if (n == OC_QS_MAX_LEAVES)
				return -1;
			lo[i - a] = (uint8_t)n;
			hi[i - a] = (uint8_t)(n + 1);
			n++;
			continue;
		}
		stack[top++] = nd[i].child[1];
		stack[top++] = nd[i].child[0];
	}
	for (size_t i = b; i-- > a;)
		if (nd[i].child[0] != i) {
			lo[i - a] = lo[nd[i].child[0] - a];
			hi[i - a] = hi[nd[i].child[1] - a];
		}
	return n;
}

int oc_qs_build(struct oc_qs *q, const struct oc_forest *f, size_t n_features, const double *val,
                size_t n_values)
{
	const struct oc_fnode *nd = f->fnodes;
	size_t n_int = 0, k = 0;
	uint32_t *stack = NULL;
	uint8_t *lo = NULL, *hi = NULL;
	int rc = -1;

	memset(q, 0, sizeof *q);
	if (!nd || f->n_trees == 0 || n_values == 0 || n_values > OC_QS_MAX_VALUES ||
	    n_features > OC_QS_MAX_FEATURES)
		return 1;
	/* a tree of n nodes has (n + 1) / 2 leaves: a forest that cannot fit
	 * is refused before anything is allocated (a model of big trees
	 * loads as fast as before) */
	for (size_t t = 0; t < f->n_trees; t++) {
		size_t b = t + 1 < f->n_trees ? f->root[t + 1] : f->n_nodes;
		if ((b - f->root[t] + 1) / 2 > OC_QS_MAX_LEAVES)
			return 1;
	}
	for (size_t i = 0; i < f->n_nodes; i++)
		if (nd[i].child[0] != i) {
			if (isnan(nd[i].thr) || nd[i].feature < 0 || (size_t)nd[i].feature >= n_features)
				return 1;
			n_int++;
		}
	q->n_trees = f->n_trees;
	q->n_values = n_values;
	q->n_features = n_features;
	q->simd = oc_qs_usable();
	stack = malloc((f->n_nodes + 1) * sizeof *stack);
	lo = malloc(f->n_nodes + 1);
	hi = malloc(f->n_nodes + 1);
	q->start = malloc((f->n_trees + 1) * sizeof *q->start);
	q->thr = malloc((n_int ? n_int : 1) * sizeof *q->thr);
	q->feature = malloc((n_int ? n_int : 1) * sizeof *q->feature);
	q->mask = malloc((n_int ? n_int : 1) * sizeof *q->mask);
	q->leafval = calloc(f->n_trees * n_values * OC_QS_MAX_LEAVES, sizeof *q->leafval);
	q->wide = malloc(f->n_trees);
	if (!stack || !lo || !hi || !q->start || !q->thr || !q->feature || !q->mask || !q->leafval ||
	    !q->wide)
		goto out;
	for (size_t t = 0; t < f->n_trees; t++) {
		size_t a = f->root[t], b = t + 1 < f->n_trees ? f->root[t + 1] : f->n_nodes;
		int n_leaves = number_leaves(nd, a, b, stack, lo, hi);
		if (n_leaves < 0) {
			rc = 1;
			goto out;
		}
		q->wide[t] = n_leaves > 16;
		q->start[t] = k;
		for (size_t i = a; i < b; i++) {
			if (nd[i].child[0] == i) {
				for (size_t v = 0; v < n_values; v++)
					q->leafval[(t * n_values + v) * OC_QS_MAX_LEAVES + lo[i - a]] =
						val[i * n_values + v];
				continue;
			}
			uint32_t l = nd[i].child[0] - (uint32_t)a;
			/* the left subtree's leaves lo .. hi - 1 (hi may be 32) */
			uint64_t left = ((UINT64_C(1) << hi[l]) - 1) & ~((UINT64_C(1) << lo[l]) - 1);
			q->thr[k] = nd[i].thr;
			q->feature[k] = (uint32_t)nd[i].feature;
			q->mask[k] = (uint32_t)~left;
			k++;
		}
	}
	q->start[f->n_trees] = k;
	rc = 0;
out:
	free(stack);
	free(lo);
	free(hi);
	if (rc != 0)
		oc_qs_free(q);
	return rc;
}

bool oc_qs_usable(void)
{
#ifdef HAVE_SIMD_PATHS
	return oc_cpu_has("avx512f");
#else
	return false;
#endif
}

#ifdef HAVE_SIMD_PATHS
#define AVX512 __attribute__((target("avx512f")))

/* The values of the leaves numbered idx (one per 64-bit lane) from a
 * tree's table tab of up to 32 doubles: a two-register permutation picks
 * among 16, and a wide tree's bit 4 chooses between two such picks. */
AVX512 static inline __m512d pick(const double *tab, __m512i idx, int wide)
{
	__m512d v = _mm512_permutex2var_pd(_mm512_loadu_pd(tab), idx, _mm512_loadu_pd(tab + 8));
	if (wide) {
		__m512d w = _mm512_permutex2var_pd(_mm512_loadu_pd(tab + 16), idx,
		                                   _mm512_loadu_pd(tab + 24));
		v = _mm512_mask_blend_pd(_mm512_test_epi64_mask(idx, _mm512_set1_epi64(16)), v, w);
	}
	return v;
}

/* Bit vector of tree t's leaves still possible for each of the 16 rows,
 * whose feature j is x[j]: the AND of the masks of the nodes a row goes
 * right at. */
AVX512 static inline __m512i tree_bits(const struct oc_qs *q, size_t t, const __m512 *x)
{
	__m512i b = _mm512_set1_epi32(-1);
	for (size_t n = q->start[t]; n < q->start[t + 1]; n++) {
		__mmask16 k = _mm512_cmp_ps_mask(x[q->feature[n]], _mm512_set1_ps(q->thr[n]),
		                                 _CMP_NLE_UQ);
		b = _mm512_mask_and_epi32(b, k, b, _mm512_set1_epi32((int)q->mask[n]));
	}
	return b;
}

/* The number of the lowest bit set in each lane of b (never 0: the walk's
 * leaf stays): that bit alone, converted exactly to float, has it as its
 * exponent. */
AVX512 static inline __m512i lowest_bit(__m512i b)
{
	__m512i low = _mm512_and_si512(b, _mm512_sub_epi32(_mm512_setzero_si512(), b));
	return _mm512_sub_epi32(_mm512_srli_epi32(_mm512_castps_si512(_mm512_cvtepu32_ps(low)), 23),
	                        _mm512_set1_epi32(127));
}

AVX512 static void sum16_avx512(const struct oc_qs *q, const double *rows, const double *start,
                                double *sum, uint8_t *leaf)
{
	const size_t T = q->n_trees, d = q->n_features, K = q->n_values;
	__m512 x[OC_QS_MAX_FEATURES];
	__m512d acc[2 * OC_QS_MAX_VALUES];
	double out[OC_QS_ROWS];

	for (size_t j = 0; j < d; j++) {
		float xs[OC_QS_ROWS];
		for (size_t r = 0; r < OC_QS_ROWS; r++)
			xs[r] = (float)rows[r * d + j];
		x[j] = _mm512_loadu_ps(xs);
	}
	for (size_t v = 0; v < 2 * K; v++)
		acc[v] = _mm512_set1_pd(start ? start[v / 2] : 0.0);
	for (size_t t = 0; t < T; t++) {
		__m512i idx = lowest_bit(tree_bits(q, t, x));
		__m512i i0 = _mm512_cvtepu32_epi64(_mm512_castsi512_si256(idx));
		__m512i i1 = _mm512_cvtepu32_epi64(_mm512_extracti64x4_epi64(idx, 1));
		const double *tab = q->leafval + t * K * OC_QS_MAX_LEAVES;
		int wide = q->wide[t];
		if (leaf)
			_mm_storeu_si128((void *)(leaf + t * OC_QS_ROWS), _mm512_cvtepi32_epi8(idx));
		for (size_t v = 0; v < K; v++, tab += OC_QS_MAX_LEAVES) {
			acc[2 * v] = _mm512_add_pd(acc[2 * v], pick(tab, i0, wide));
			acc[2 * v + 1] = _mm512_add_pd(acc[2 * v + 1], pick(tab, i1, wide));
		}
	}
	for (size_t v = 0; v < K; v++) {
		_mm512_storeu_pd(out, acc[2 * v]);
		_mm512_storeu_pd(out + 8, acc[2 * v + 1]);
		for (size_t r = 0; r < OC_QS_ROWS; r++)
			sum[r * K + v] = out[r];
	}
}
#endif

/* The same steps one row at a time, for CPUs without AVX-512 (there the
 * walk is faster; this form is what the tests run everywhere). */
static void sum16_scalar(const struct oc_qs *q, const double *rows, const double *start,
                         double *sum, uint8_t *leaf)
{
	const size_t T = q->n_trees, d = q->n_features, K = q->n_values;
	for (size_t r = 0; r < OC_QS_ROWS; r++) {
		float x[OC_QS_MAX_FEATURES];
		for (size_t j = 0; j < d; j++)
			x[j] = (float)rows[r * d + j];
		for (size_t v = 0; v < K; v++)
			sum[r * K + v] = start ? start[v] : 0.0;
		for (size_t t = 0; t < T; t++) {
			uint32_t b = UINT32_MAX;
			unsigned i = 0;
			for (size_t n = q->start[t]; n < q->start[t + 1]; n++)
				if (!(x[q->feature[n]] <= q->thr[n]))
					b &= q->mask[n];
			while (!(b >> i & 1))
				i++;
			if (leaf)
				leaf[t * OC_QS_ROWS + r] = (uint8_t)i;
			for (size_t v = 0; v < K; v++)
				sum[r * K + v] += q->leafval[(t * K + v) * OC_QS_MAX_LEAVES + i];
		}
	}
}

void oc_qs_sum16(const struct oc_qs *q, const double *rows, const double *start, double *sum,
                 uint8_t *leaf)
{
#ifdef HAVE_SIMD_PATHS
	if (q->simd) {
		sum16_avx512(q, rows, start, sum, leaf);
		return;
	}
#endif
	sum16_scalar(q, rows, start, sum, leaf);
}
