/* SPDX-License-Identifier: MIT */
/* test_forest_qs.c - QuickScorer (forest_qs.c) against the walk: for
 * random forests of random shapes, every row's leaf in every tree must be
 * the leaf oc_forest_leaf_f reaches, and the sums of the leaves' values,
 * added tree by tree from a start value, must equal the walk's sums bit
 * for bit.  The rows
 * sit on and beside the thresholds (ties go left), and hold signed zeros,
 * infinities and NaN (which the walk sends right).  Both forms are run:
 * AVX-512 where the CPU has it, and the row-by-row form
 * (OPTICURE_DISABLE_CPU_FEATURES=avx512f). */
#include "config.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ml/forest.h"
#include "ml/forest_qs.h"
#include "testutil.h"

static uint64_t state = 0x9E3779B97F4A7C15ULL;
static uint64_t draw(void)
{
	return tu_xorshift(&state);
}

/* A few values per feature, so that rows meet thresholds exactly. */
static const double grid[] = { -3.5, -1.0, -0.0, 0.0, 0.25, 0.5, 1.0, 2.0, 7.75, 1e30 };
#define N_GRID (sizeof grid / sizeof grid[0])

/* Grows a random tree of up to max_leaves leaves into t (children after
 * their parent, as the builders store them): leaves split at random. */
static void random_tree(struct oc_tree *t, size_t max_leaves, size_t d, int K)
{
	size_t n_leaves = 1 + draw() % max_leaves;
	t->n_nodes = 1;
	t->nodes[0] = (struct oc_tree_node){ -2.0, -1, -1, -1 };
	for (size_t l = 1; l < n_leaves; l++) {
		/* split a random leaf: it gets two new children at the end */
		size_t i;
		do
			i = draw() % t->n_nodes;
		while (t->nodes[i].left >= 0);
		double thr = draw() % 4 ? grid[draw() % N_GRID] : (double)(draw() % 2000) / 256.0 - 4.0;
		if (draw() % 7 == 0)
			thr = nextafter(thr, HUGE_VAL);   /* not a float32: rounds down */
		t->nodes[i] = (struct oc_tree_node){ thr, (int32_t)(draw() % d),
		                                     (int32_t)t->n_nodes, (int32_t)t->n_nodes + 1 };
		t->nodes[t->n_nodes++] = (struct oc_tree_node){ -2.0, -1, -1, -1 };
		t->nodes[t->n_nodes++] = (struct oc_tree_node){ -2.0, -1, -1, -1 };
	}
	for (size_t i = 0; i < t->n_nodes * (size_t)K; i++)
		t->value[i] = (double)(draw() % 1000) / 7.0;
}

/* Leaf numbers left to right of the tree at root a (node ids absolute),
 * by recursion: the order the walk's leaves are numbered in. */
static void number(const struct oc_forest *f, size_t root, size_t i, int *next, int *num)
{
	const struct oc_tree_node *nd = &f->nodes[i];
	if (nd->left < 0) {
		num[i] = (*next)++;
		return;
	}
	number(f, root, root + (size_t)nd->left, next, num);
	number(f, root, root + (size_t)nd->right, next, num);
}

static double row_value(void)
{
	switch (draw() % 12) {
	case 0:
		return (double)NAN;
	case 1:
		return draw() % 2 ? HUGE_VAL : -HUGE_VAL;
	case 2:
		return (double)(draw() % 4000) / 300.0 - 5.0;
	default:
		return grid[draw() % N_GRID];
	}
}

/* Runs n_forests forests through QuickScorer built in the current CPU
 * setting; counts leaves and sums that differ from the walk. */
static void run(size_t n_forests, size_t *bad_leaf, size_t *bad_sum, size_t *rows_done)
{
	for (size_t k = 0; k < n_forests; k++) {
		size_t d = 1 + draw() % 9, n_trees = 1 + draw() % 40;
		int K = 1 + (int)(draw() % 4);
		size_t max_leaves = draw() % 3 == 0 ? 16 : 32;
		struct oc_tree t = { 0 };
		struct oc_forest f;
		struct oc_qs q;
		oc_forest_init(&f, K);
		t.nodes = malloc(2 * max_leaves * sizeof *t.nodes);
		t.value = malloc(2 * max_leaves * (size_t)K * sizeof *t.value);
		t.n_values = K;
		CU_ASSERT_FATAL(t.nodes && t.value);
		for (size_t i = 0; i < n_trees; i++) {
			random_tree(&t, max_leaves, d, K);
			CU_ASSERT_FATAL(oc_forest_append(&f, &t) == 0);
		}
		CU_ASSERT_FATAL(oc_forest_pack(&f) == 0);
		CU_ASSERT_EQUAL_FATAL(oc_qs_build(&q, &f, d, f.value, (size_t)K), 0);

		int *num = malloc(f.n_nodes * sizeof *num);
		CU_ASSERT_FATAL(num != NULL);
		for (size_t i = 0; i < n_trees; i++) {
			int next = 0;
			number(&f, f.root[i], f.root[i], &next, num);
		}
		for (int block = 0; block < 8; block++) {
			double rows[OC_QS_ROWS * 9], sum[OC_QS_ROWS * OC_QS_MAX_VALUES];
			double start[4] = { 0.0, 0.0, 0.0, 0.0 };
			uint8_t leaf[OC_QS_ROWS * 40];
			/* no start (0.0) or a start of any sign (boosting's F0) */
			for (int v = 0; v < K && block % 2; v++)
				start[v] = ((double)(draw() % 2001) - 1000.0) / 3.0;
			for (size_t i = 0; i < OC_QS_ROWS * d; i++)
				rows[i] = row_value();
			oc_qs_sum16(&q, rows, block % 2 ? start : NULL, sum, leaf);
			for (size_t r = 0; r < OC_QS_ROWS; r++) {
				float xf[9];
				double want[4] = { start[0], start[1], start[2], start[3] };
				for (size_t j = 0; j < d; j++)
					xf[j] = (float)rows[r * d + j];
				for (size_t i = 0; i < n_trees; i++) {
					size_t l = oc_forest_leaf_f(&f, i, xf);
					if (leaf[i * OC_QS_ROWS + r] != num[l])
						(*bad_leaf)++;
					for (int v = 0; v < K; v++)
						want[v] += f.value[l * (size_t)K + (size_t)v];
				}
				for (int v = 0; v < K; v++)
					if (memcmp(&want[v], &sum[r * (size_t)K + (size_t)v], sizeof want[v]) != 0)
						(*bad_sum)++;
			}
			*rows_done += OC_QS_ROWS;
		}
		free(num);
		oc_qs_free(&q);
		oc_forest_free(&f);
		free(t.nodes);
		free(t.value);
	}
}

static void test_against_walk(void)
{
	size_t bad_leaf = 0, bad_sum = 0, rows = 0;
	const char *saved = getenv("OPTICURE_DISABLE_CPU_FEATURES");
	char *keep = saved ? strdup(saved) : NULL;
	/* the fastest form this CPU has, then the row-by-row form */
	run(400, &bad_leaf, &bad_sum, &rows);
	setenv("OPTICURE_DISABLE_CPU_FEATURES", "avx512f", 1);
	CU_ASSERT_FALSE(oc_qs_usable());
	run(400, &bad_leaf, &bad_sum, &rows);
	if (keep) {
		setenv("OPTICURE_DISABLE_CPU_FEATURES", keep, 1);
		free(keep);
	} else {
		unsetenv("OPTICURE_DISABLE_CPU_FEATURES");
	}
	printf("\n  %zu rows, %s form first: %zu leaves and %zu sums differ\n", rows,
	       oc_qs_usable() ? "AVX-512" : "row-by-row", bad_leaf, bad_sum);
	CU_ASSERT_EQUAL(bad_leaf, 0);
	CU_ASSERT_EQUAL(bad_sum, 0);
}

/* Forests that do not fit are refused (1), not mis-scored: a tree of 33
 * leaves, more features or values than the limits, a NaN threshold. */
static void test_refused(void)
{
	struct oc_tree t = { 0 };
	struct oc_forest f;
	struct oc_qs q;
	t.nodes = malloc(80 * sizeof *t.nodes);
	t.value = malloc(80 * sizeof *t.value);
	t.n_values = 1;
	CU_ASSERT_FATAL(t.nodes && t.value);
	/* a chain of 32 splits: 33 leaves */
	t.n_nodes = 0;
	for (int i = 0; i < 32; i++) {
		t.nodes[2 * i] = (struct oc_tree_node){ (double)i, 0, 2 * i + 1, 2 * i + 2 };
		t.nodes[2 * i + 1] = (struct oc_tree_node){ -2.0, -1, -1, -1 };
	}
	t.nodes[64] = (struct oc_tree_node){ -2.0, -1, -1, -1 };
	t.n_nodes = 65;
	for (size_t i = 0; i < 65; i++)
		t.value[i] = (double)i;
	oc_forest_init(&f, 1);
	CU_ASSERT_FATAL(oc_forest_append(&f, &t) == 0 && oc_forest_pack(&f) == 0);
	CU_ASSERT_EQUAL(oc_qs_build(&q, &f, 1, f.value, 1), 1);
	oc_qs_free(&q);
	oc_forest_free(&f);

	/* 31 splits, 32 leaves: fits */
	t.nodes[62] = (struct oc_tree_node){ -2.0, -1, -1, -1 };
	t.n_nodes = 63;
	oc_forest_init(&f, 1);
	CU_ASSERT_FATAL(oc_forest_append(&f, &t) == 0 && oc_forest_pack(&f) == 0);
	CU_ASSERT_EQUAL(oc_qs_build(&q, &f, 1, f.value, 1), 0);
	oc_qs_free(&q);
	CU_ASSERT_EQUAL(oc_qs_build(&q, &f, OC_QS_MAX_FEATURES + 1, f.value, 1), 1);
	CU_ASSERT_EQUAL(oc_qs_build(&q, &f, 1, f.value, OC_QS_MAX_VALUES + 1), 1);
	f.fnodes[0].thr = NAN;
	CU_ASSERT_EQUAL(oc_qs_build(&q, &f, 1, f.value, 1), 1);
	oc_qs_free(&q);
	oc_forest_free(&f);
	free(t.nodes);
	free(t.value);
}

static CU_TestInfo tests[] = {
	{ "the walk's leaves and sums", test_against_walk },
	{ "forests that do not fit", test_refused },
	CU_TEST_INFO_NULL,
};

int main(void)
{
	return tu_run_suite("forest_qs", tests);
}
