/* SPDX-License-Identifier: MIT */
/* test_treesort.c - the tree builder's presorted shortcuts (introsort only
 * where ties exist, order-free Gini sums, stable partitions of presorted
 * rows) grow the same trees, bit for bit, as introsort at every node. */
#include "config.h"

#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ml/tree.h"
#include "testutil.h"

/* xorshift64*: the test's own draws */
static uint64_t draw(uint64_t *s)
{
	*s ^= *s >> 12;
	*s ^= *s << 25;
	*s ^= *s >> 27;
	return *s * 0x2545F4914F6CDD1Dull;
}

static int same_tree(const struct oc_tree *a, const struct oc_tree *b)
{
	if (a->n_nodes != b->n_nodes || a->n_values != b->n_values)
		return 0;
	size_t n = a->n_nodes, nv = (size_t)a->n_values;
	for (size_t i = 0; i < n; i++) {
		const struct oc_tree_node *p = &a->nodes[i], *q = &b->nodes[i];
		/* the node struct has padding: fields one by one */
		if (p->feature != q->feature || p->left != q->left || p->right != q->right ||
		    memcmp(&p->threshold, &q->threshold, sizeof p->threshold) != 0)
			return 0;
	}
	return memcmp(a->value, b->value, n * nv * sizeof *a->value) == 0 &&
	       memcmp(a->impurity, b->impurity, n * sizeof *a->impurity) == 0 &&
	       memcmp(a->weighted_n, b->weighted_n, n * sizeof *a->weighted_n) == 0;
}

enum weights { W_ONE, W_COUNTS, W_FRACTION };

/* Grows trees on random data whose features range from all distinct to
 * two values (ties everywhere), both ways, and compares them. */
static void check_case(uint64_t seed, enum oc_tree_criterion crit, enum weights wk,
                       size_t n, size_t nf, size_t K, long max_depth)
{
	uint64_t s = seed;
	double *x = malloc(n * nf * sizeof *x), *y = malloc(n * sizeof *y);
	double *w = malloc(n * sizeof *w);
	CU_ASSERT_FATAL(x && y && w);
	for (size_t f = 0; f < nf; f++) {
		/* grid of 2, 5, 40, n/3 values, or continuous */
		uint64_t grid[] = { 2, 5, 40, n / 3 + 1, 0 };
		uint64_t g = grid[f % 5];
		for (size_t i = 0; i < n; i++) {
			double u = (double)(draw(&s) >> 11) / 9007199254740992.0;
			x[i * nf + f] = g ? (double)(draw(&s) % g) * 0.25 - 3.0 : u * 100.0 - 50.0;
		}
	}
	for (size_t i = 0; i < n; i++) {
		if (crit == OC_TREE_GINI)
			y[i] = (double)(draw(&s) % K);
		else
			y[i] = (double)(int64_t)(draw(&s) % 2001 - 1000) / 997.0;
		if (wk == W_ONE)
			w[i] = 1.0;
		else if (wk == W_COUNTS)
			w[i] = (double)(draw(&s) % 4);          /* bootstrap-like, zeros too */
		else
			w[i] = (double)(draw(&s) % 7) / 3.0;    /* fractional: order matters */
	}
	float *xcol = oc_tree_xcol(x, n, nf);
	uint32_t *order = oc_tree_presort(xcol, n, nf);
	CU_ASSERT_FATAL(xcol && order);
	struct oc_tree_data d = { xcol, n, nf, y, w, K, NULL, NULL };
	for (size_t mf = 1; mf <= nf; mf += nf / 2 ? nf / 2 : 1) {
		struct oc_tree_params p = { crit, mf, max_depth, (uint32_t)(seed * 7 + mf), 1 };
		struct oc_tree ref, own, shared;
		CU_ASSERT_FATAL(oc_tree_build(&d, &p, &ref) == 0);
		p.sort_each_node = 0;
		CU_ASSERT_FATAL(oc_tree_build(&d, &p, &own) == 0);
		d.order = order;
		CU_ASSERT_FATAL(oc_tree_build(&d, &p, &shared) == 0);
		d.order = NULL;
		CU_ASSERT(ref.n_nodes > 1);
		CU_ASSERT(same_tree(&ref, &own));
		CU_ASSERT(same_tree(&ref, &shared));
		oc_tree_free(&ref);
		oc_tree_free(&own);
		oc_tree_free(&shared);
	}
	free(order);
	free(xcol);
	free(x);
	free(y);
	free(w);
}

static void test_mse_unit_weights(void)
{
	for (uint64_t k = 1; k <= 40; k++)
		check_case(k, OC_TREE_FRIEDMAN_MSE, W_ONE, 50 + (size_t)k * 37, 5, 0,
		           k % 2 ? 3 : LONG_MAX);
}

static void test_mse_fractional_weights(void)
{
	for (uint64_t k = 1; k <= 20; k++)
		check_case(100 + k, OC_TREE_FRIEDMAN_MSE, W_FRACTION, 300, 7, 0, 5);
}

static void test_gini_counts(void)
{
	for (uint64_t k = 1; k <= 30; k++)
		check_case(200 + k, OC_TREE_GINI, W_COUNTS, 100 + (size_t)k * 23, 6, 2 + k % 4,
		           LONG_MAX);
}

static void test_gini_fractional_weights(void)
{
	for (uint64_t k = 1; k <= 20; k++)
		check_case(300 + k, OC_TREE_GINI, W_FRACTION, 400, 5, 3, LONG_MAX);
}

/* Successive trees on the same rows sharing the root's sorts (as the
 * stages of gradient boosting do) equal trees grown alone. */
static void test_memo(void)
{
	for (uint64_t k = 1; k <= 6; k++) {
		uint64_t s = 500 + k;
		size_t n = 200 + (size_t)k * 150, nf = 3 + (size_t)k % 4;
		double *x = malloc(n * nf * sizeof *x), *y = malloc(n * sizeof *y);
		double *w = malloc(n * sizeof *w);
		CU_ASSERT_FATAL(x && y && w);
		for (size_t i = 0; i < n * nf; i++)
			x[i] = (double)(draw(&s) % (i % 2 ? 7 : 60));   /* ties everywhere */
		for (size_t i = 0; i < n; i++)
			w[i] = 1.0;
		float *xcol = oc_tree_xcol(x, n, nf);
		uint32_t *order = oc_tree_presort(xcol, n, nf);
		struct oc_tree_memo *memo = oc_tree_memo_new(n, nf);
		CU_ASSERT_FATAL(xcol && order && memo);
		struct oc_tree_data d = { xcol, n, nf, y, w, 0, order, memo };
		size_t mismatches = 0;
		for (uint32_t t = 0; t < 60; t++) {
			for (size_t i = 0; i < n; i++)
				y[i] = (double)(int64_t)(draw(&s) % 2001 - 1000) / 991.0;
			struct oc_tree_params p = { OC_TREE_FRIEDMAN_MSE, nf, 3, t * 31 + 1, 1 };
			struct oc_tree ref, own;
			CU_ASSERT_FATAL(oc_tree_build(&d, &p, &ref) == 0);
			p.sort_each_node = 0;
			CU_ASSERT_FATAL(oc_tree_build(&d, &p, &own) == 0);
			mismatches += !same_tree(&ref, &own);
			oc_tree_free(&ref);
			oc_tree_free(&own);
		}
		CU_ASSERT_EQUAL(mismatches, 0);
		oc_tree_memo_free(memo);
		free(order);
		free(xcol);
		free(x);
		free(y);
		free(w);
	}
}

static void test_presort_order(void)
{
	const double x[] = { 3, 1, 2, 1, -0.5, 7 };   /* 3 rows, 2 features */
	float *xcol = oc_tree_xcol(x, 3, 2);
	uint32_t *o = oc_tree_presort(xcol, 3, 2);
	CU_ASSERT_FATAL(xcol && o);
	/* feature 0: 3, 2, -0.5; feature 1: 1, 1, 7 (ties by row) */
	CU_ASSERT(o[0] == 2 && o[1] == 1 && o[2] == 0);
	CU_ASSERT(o[3] == 0 && o[4] == 1 && o[5] == 2);
	free(o);
	free(xcol);
}

static CU_TestInfo tests[] = {
	{ "presorted rows", test_presort_order },
	{ "Friedman MSE, unit weights: same trees", test_mse_unit_weights },
	{ "Friedman MSE, fractional weights: same trees", test_mse_fractional_weights },
	{ "Gini, bootstrap counts (order-free): same trees", test_gini_counts },
	{ "Gini, fractional weights: same trees", test_gini_fractional_weights },
	{ "successive trees sharing the root's sorts: same trees", test_memo },
	CU_TEST_INFO_NULL,
};

int main(void)
{
	return tu_run_suite("treesort", tests);
}
